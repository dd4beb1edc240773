"""Stable identifiers of sessions, shared by every output.

A calendar client recognises an event by its ``UID``, a feed reader an entry
by its ``guid``/``id``, a search engine an event by its JSON-LD ``@id``. If
any of them changes, subscribers get a duplicate, or lose what they had. So
every output derives them from one basis, the programme id and the session
id, which users choose once and never change (see ``Session.id``):

* never from dates, titles, URLs or the moment of a build, so rescheduling,
  renaming or moving the site keeps the identity;
* never from host names or user data, as RFC 7986 §5.3 asks of ``UID``;
* a name-based UUID (RFC 9562 §5.5, version 5), which RFC 7986 §5.3
  recommends as the form of a ``UID``.

The namespace below is fixed forever: changing it would change every UID
that sessionfeed has ever published. (It was made once as
``uuid5(NAMESPACE_URL, "https://github.com/sessionfeed/sessionfeed/docs/icalendar.md#uid")``.)

Two programmes get different UIDs for the same session id as long as their
programme ids differ; give a programme an id that no other publisher would
choose (``ser-imvo-webinars`` rather than ``webinars``).
"""

from __future__ import annotations

import hashlib
import uuid
from typing import TYPE_CHECKING


if TYPE_CHECKING:
    from sessionfeed.model.programme import Programme, Session


__all__ = ["NAMESPACE", "programme_uuid", "session_uid", "session_uuid"]

#: The namespace of every sessionfeed UUID. Never change it.
NAMESPACE = uuid.UUID("34ea6c04-21ed-5d57-979f-766796b7160e")
_NAMESPACE_BYTES = NAMESPACE.bytes


def session_uuid(programme: Programme, session: Session) -> uuid.UUID:
    """The UUID of a session: UUIDv5 of ``"<programme id>/<session id>"``.

    Ids are slugs without ``/``, so the name is unambiguous. Feeds write it as
    ``urn:uuid:…``, the calendar as the bare UUID.

    >>> from types import SimpleNamespace as NS
    >>> str(session_uuid(NS(id="remedy"), NS(id="joint-efforts")))
    'ffd75063-f2de-530c-9798-a8ffdda7d143'
    """
    return uuid.uuid5(NAMESPACE, f"{programme.id}/{session.id}")


def session_uid(programme: Programme, session: Session) -> str:
    """The iCalendar ``UID`` of a session: its :func:`session_uuid` in lower-case hex.

    Stable forever for the same programme id and session id (RFC 5545 §3.8.4.7,
    RFC 7986 §5.3). Computed as :func:`uuid.uuid5` does, without building a
    :class:`uuid.UUID` (a calendar of 10,000 sessions asks for 10,000 of them).
    """
    name = f"{programme.id}/{session.id}".encode()
    raw = bytearray(hashlib.sha1(_NAMESPACE_BYTES + name, usedforsecurity=False).digest()[:16])
    raw[6] = (raw[6] & 0x0F) | 0x50  # version 5
    raw[8] = (raw[8] & 0x3F) | 0x80  # RFC 4122 variant
    h = raw.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def programme_uuid(programme: Programme) -> uuid.UUID:
    """The UUID of a programme (a feed's own id): UUIDv5 of the programme id.

    It cannot equal a session's, whose name always contains a ``/``.
    """
    return uuid.uuid5(NAMESPACE, programme.id)
