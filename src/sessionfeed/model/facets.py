"""What a subscriber may follow: the sessions of a topic, a person, an organisation, a language, a kind.

Each :class:`Facet` groups the sessions of a programme by one of their
properties; every value it takes (a tag's id, a person's, an organisation's,
a language, a kind) selects the sessions that have it:

- ``tags``: the session is tagged with it;
- ``people``: the person takes part, in any role;
- ``organisations``: the organisation organises or supports the session, or one
  of its people is affiliated to it or to an organisation under it (a person of
  IGS, which is part of GIZ, brings the session to GIZ too);
- ``languages``: the session is held in it;
- ``kinds``: the session is of that kind.

:func:`facet_values` says which values of every facet a session has;
:func:`selections` gives, for each value, its sessions in the programme's
order. The two are the one place these rules are written: every sub-feed,
sub-calendar and hub page is made from them.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

import attrs

from sessionfeed.exceptions import ArgumentError
from sessionfeed.model.checks import shown
from sessionfeed.model.people import lineage


if TYPE_CHECKING:
    from sessionfeed.model.programme import Programme
    from sessionfeed.model.session import Session


__all__ = ["Facet", "Selection", "facet_values", "selections"]


class Facet(enum.StrEnum):
    """A property of sessions a subscriber may follow; the value is the folder of its files."""

    TAGS = "tags"
    PEOPLE = "people"
    ORGANISATIONS = "organisations"
    LANGUAGES = "languages"
    KINDS = "kinds"


@attrs.frozen(kw_only=True)
class Selection:
    """The sessions of one value of a facet, in the programme's order.

    Attributes:
        facet: The facet, e.g. :attr:`Facet.PEOPLE`.
        id: The value: a tag's, person's or organisation's id, a language, a kind.
        sessions: Its sessions, in the order of the programme.
    """

    facet: Facet
    id: str
    sessions: tuple[Session, ...]


def _organisations(session: Session) -> Iterator[str]:
    for org in (*session.organisers, *session.supporters):
        yield org.id
    for participation in session.participants:
        yield from (org.id for org in lineage(participation.person.affiliation))


def facet_values(session: Session, facet: Facet) -> tuple[str, ...]:
    """The values of ``facet`` that ``session`` has, each once, in the order the session gives them."""
    values: Iterable[str]
    if facet is Facet.TAGS:
        values = (tag.id for tag in session.tags)
    elif facet is Facet.PEOPLE:
        values = (participation.person.id for participation in session.participants)
    elif facet is Facet.ORGANISATIONS:
        values = _organisations(session)
    elif facet is Facet.LANGUAGES:
        values = (session.language,)
    else:
        values = (session.kind,)
    return tuple(dict.fromkeys(values))


def _facet(value: object) -> Facet:
    """``value`` as a :class:`Facet`: a facet, or a facet's name."""
    if isinstance(value, str) and value in Facet.__members__.values():
        return Facet(value)
    names = ", ".join(repr(str(facet)) for facet in Facet)
    message = f"{shown(value)} is not a facet: choose from {names}"
    raise ArgumentError(message)


def selections(programme: Programme, facets: Iterable[Facet] = tuple(Facet)) -> Iterator[Selection]:
    """Every value of each of ``facets`` (all of them by default) with its sessions.

    In the order of the facets, then of the values' ids; a value no session
    has is left out (a tag defined but never used has no feed). A facet may be
    given by its name (``"tags"``).

    Raises:
        ArgumentError: One of ``facets`` is not a facet nor a facet's name.
    """
    for facet in map(_facet, facets):
        found: dict[str, list[Session]] = {}
        for session in programme.sessions:
            for value in facet_values(session, facet):
                found.setdefault(value, []).append(session)
        for value in sorted(found):
            yield Selection(facet=facet, id=value, sessions=tuple(found[value]))
