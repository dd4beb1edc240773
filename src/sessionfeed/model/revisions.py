"""Revisions of sessions: SEQUENCE, LAST-MODIFIED and the publication date, from data.

Calendar clients only take a changed time seriously when SEQUENCE rises
(RFC 5545 §3.8.7.4), and every output must be byte-identical from build to
build so that HTTP caching works. So nothing here reads the clock on its own:

* With no history, a session's revision comes from the data: ``sequence``
  as the programme states it (0 by default), and as modification time its
  ``updated``, else the programme's ``updated``, else the date it was
  announced (:func:`announced`).
* ``sessionfeed build`` keeps a small state file in the output folder with a
  fingerprint of each session's time, place and status. When a rebuild sees
  a different fingerprint, the sequence rises by one and the modification
  time becomes the moment of that build: the ``SOURCE_DATE_EPOCH`` variable
  of reproducible builds when set, else the clock, once, written to the
  state so that later rebuilds reproduce it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Mapping
from typing import Any

import attrs

from sessionfeed.exceptions import BuildError
from sessionfeed.model.checks import LAST_DAY, check_moment
from sessionfeed.model.programme import AllDay, Month, Programme, Session, Timed
from sessionfeed.model.session import MAX_SEQUENCE


__all__ = ["Revision", "Revisions", "advance", "announced", "build_moment", "fingerprint"]

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
#: The most digits a SOURCE_DATE_EPOCH can have and still be a moment Python holds.
_EPOCH_DIGITS = 12
STATE_FORMAT = 1


@attrs.frozen(kw_only=True)
class Revision:
    """How far a session has been revised.

    Attributes:
        sequence: The iCalendar SEQUENCE.
        modified: When it last changed materially (UTC, whole seconds).
    """

    sequence: int
    modified: dt.datetime


def _utc(value: dt.datetime) -> dt.datetime:
    return value.astimezone(dt.UTC).replace(microsecond=0)


def announced(programme: Programme, session: Session) -> dt.datetime:
    """When a session was published, for feeds' ``pubDate``/``published`` (UTC).

    The session's ``announced`` when given; else the programme's ``updated``;
    else the start of what is known of its date (midnight of the first day, or
    of the first of the month, in the programme's time zone); else 1970-01-01.
    Never the clock.
    """
    if session.announced is not None:
        return _utc(session.announced)
    if programme.updated is not None:
        return _utc(programme.updated)
    when = session.when
    day: dt.date | None = None
    if isinstance(when, Timed):
        day = when.start.date()
    elif isinstance(when, AllDay):
        day = when.start
    elif isinstance(when, Month):
        day = dt.date(when.year, when.month, 1)
    if day is None:
        return _EPOCH
    return _utc(dt.datetime.combine(day, dt.time(), tzinfo=programme.zone))


def _data_modified(programme: Programme, session: Session) -> dt.datetime:
    if session.updated is not None:
        return _utc(session.updated)
    if programme.updated is not None:
        return _utc(programme.updated)
    return announced(programme, session)


def fingerprint(session: Session) -> str:
    """A digest of what makes a change material to a calendar: time, place, status."""
    when = session.when
    material = {
        "when": attrs.asdict(when) if not isinstance(when, Timed) else {
            "start": when.start.isoformat(), "end": when.end.isoformat(), "tz": when.timezone,
        },
        "kind": type(when).__name__,
        "location": None if session.location is None else attrs.asdict(session.location),
        "status": session.status.value,
    }  # fmt: skip
    blob = json.dumps(material, sort_keys=True, default=str).encode()
    return hashlib.sha256(blob).hexdigest()[:32]


@attrs.frozen
class Revisions:
    """The revision of every session of a programme, by session id."""

    by_id: Mapping[str, Revision]

    @classmethod
    def from_data(cls, programme: Programme) -> Revisions:
        """Revisions as the data states them, with no build history."""
        return cls(
            {
                s.id: Revision(sequence=s.sequence, modified=_data_modified(programme, s))
                for s in programme.sessions
            },
        )

    def __getitem__(self, session_id: str) -> Revision:
        return self.by_id[session_id]

    def latest(self) -> dt.datetime | None:
        """The newest modification time, for feeds' ``updated``; ``None`` when empty."""
        return max((r.modified for r in self.by_id.values()), default=None)


def build_moment() -> dt.datetime:
    """The moment a build happens: ``SOURCE_DATE_EPOCH`` when set, else the clock.

    Raises:
        BuildError: ``SOURCE_DATE_EPOCH`` names a moment past the dates a programme
            may hold (``model.checks.LAST_DAY``): every revision time must be one.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isascii() and epoch.isdigit():  # str.isdigit() alone also takes '²', which int() refuses
        return _epoch_moment(epoch)
    return dt.datetime.now(tz=dt.UTC).replace(microsecond=0)


def _epoch_moment(epoch: str) -> dt.datetime:
    """The moment of a ``SOURCE_DATE_EPOCH`` of digits, within the supported range."""
    try:
        # More digits than any moment Python holds cannot be one (nor turned into an int).
        moment = _EPOCH + dt.timedelta(seconds=int(epoch)) if len(epoch) <= _EPOCH_DIGITS else None
    except OverflowError:
        moment = None
    if moment is not None and check_moment(moment) is None:
        return moment
    shown = epoch if len(epoch) <= _EPOCH_DIGITS else f"{epoch[:_EPOCH_DIGITS]}… ({len(epoch)} digits)"
    when = "a moment past the year 9999" if moment is None else moment.isoformat()
    message = (
        f"SOURCE_DATE_EPOCH={shown} is {when}, past the last day sessionfeed supports "
        f"({LAST_DAY.isoformat()}); set it to the time of the last change in seconds since 1970 "
        "(for example git log -1 --format=%ct)"
    )
    raise BuildError(message, invalid_input=True)


def _at_the_cap(session: Session) -> BuildError:
    """The error of a session that changed while its SEQUENCE can rise no more."""
    message = (
        f"session {session.id!r}: its time, place or status changed, but its SEQUENCE is "
        f"already {MAX_SEQUENCE}, the largest that iCalendar (RFC 5545) and calendar clients "
        "allow, so subscribed calendars would not take the change. Publish the change as a new "
        'session: give it a new id, and keep this one with status = "cancelled" so that '
        "calendars drop it"
    )
    return BuildError(message, invalid_input=True)


def advance(
    programme: Programme,
    state: Mapping[str, Any] | None,
    *,
    now: dt.datetime | None = None,
) -> tuple[Revisions, dict[str, Any]]:
    """Compute revisions from the data and a previous build's state.

    Args:
        programme: The programme being built.
        state: What the previous build into the same folder stored (or ``None``).
        now: The build moment used for sessions that changed; :func:`build_moment` if ``None``.

    Returns:
        The revisions, and the state to store for the next build.

    Raises:
        BuildError: A session changed while its SEQUENCE is already 2147483647, the
            largest iCalendar allows: no build can tell calendar clients of the change.
    """
    base = Revisions.from_data(programme)
    previous: Mapping[str, Any] = {}
    if state and state.get("format") == STATE_FORMAT and state.get("programme") == programme.id:
        stored_sessions = state.get("sessions")
        # A state file is ours, but a person may have edited it: anything odd is ignored.
        if isinstance(stored_sessions, Mapping):
            previous = stored_sessions
    moment: dt.datetime | None = now
    result: dict[str, Revision] = {}
    stored: dict[str, Any] = {}
    for session in programme.sessions:
        revision = base[session.id]
        digest = fingerprint(session)
        old = previous.get(session.id)
        if isinstance(old, Mapping):
            try:
                old_seq = old["sequence"]
                old_mod = dt.datetime.fromisoformat(old["modified"])
                usable = (
                    isinstance(old_seq, int)
                    and 0 <= old_seq <= MAX_SEQUENCE
                    and old_mod.tzinfo is not None
                    and check_moment(old_mod) is None  # a revision time within the supported range
                )
            except (KeyError, TypeError, ValueError):
                usable = False
            if not usable:
                old = None
        if isinstance(old, Mapping):
            if old.get("fingerprint") == digest:
                revision = Revision(
                    sequence=max(old_seq, revision.sequence),
                    modified=max(old_mod, revision.modified),
                )
            else:
                if moment is None:
                    moment = build_moment()
                if old_seq + 1 > MAX_SEQUENCE and revision.sequence <= old_seq:
                    raise _at_the_cap(session)
                revision = Revision(
                    sequence=max(old_seq + 1, revision.sequence),
                    modified=max(_utc(moment), revision.modified, old_mod + dt.timedelta(seconds=1)),
                )
        result[session.id] = revision
        stored[session.id] = {
            "fingerprint": digest,
            "sequence": revision.sequence,
            "modified": revision.modified.isoformat(),
        }
    new_state = {"format": STATE_FORMAT, "programme": programme.id, "sessions": stored}
    return Revisions(result), new_state
