"""The shared pieces of the JSON-LD graph: ``@id``s, values, and the people and organisations.

:mod:`sessionfeed.exporters.jsonld_events` makes the events,
:mod:`sessionfeed.exporters.jsonld_media` the recordings and
:mod:`sessionfeed.exporters.jsonld_graph` puts them in order; all of them
refer to people and organisations through :class:`Refs`, which remembers
whom a graph names so that each is written once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, TypeAlias

from sessionfeed.site import layout as _layout


if TYPE_CHECKING:
    from sessionfeed.model.programme import Organisation, Person, Programme, Session


__all__ = [
    "CONTEXT",
    "SCHEMA",
    "Node",
    "Refs",
    "entities",
    "event_id",
    "iso_duration",
    "one_or_many",
    "organisation_id",
    "person_id",
    "recording_id",
    "ref",
    "referred_entities",
    "series_id",
]

#: A JSON object as the graph's modules build it.
Node: TypeAlias = dict[str, Any]

#: The ``@context`` of every document: Google's examples use exactly this.
CONTEXT = "https://schema.org"
SCHEMA = "https://schema.org/"

#: The fragment of the programme node's ``@id``; session ids cannot start with ``_``.
_SERIES_FRAGMENT = "_programme"
#: The start of the fragment of a recording's ``@id``, followed by the session's id.
_RECORDING_FRAGMENT = "_recording-"


# ----------------------------------------------------------------------- ids


def series_id(programme: Programme, locale: str) -> str:
    """The ``@id`` of the programme's node (its ``ItemList``) on the page of ``locale``."""
    return f"{_layout.locale_url(programme, locale)}#{_SERIES_FRAGMENT}"


def event_id(programme: Programme, session: Session, locale: str) -> str:
    """The ``@id`` of a session's ``Event``: ``<locale page>#<session id>``.

    Made of ids only, never of the session's URL: the id must not change when
    a session gets a page of its own or a ``links.page`` (that page is its ``url``).
    """
    return f"{_layout.locale_url(programme, locale)}#{session.id}"


def recording_id(programme: Programme, session: Session, locale: str) -> str:
    """The ``@id`` of a session's recording: ``<locale page>#_recording-<session id>``.

    Session ids cannot start with ``_``, so it never clashes with an event's.
    """
    return f"{_layout.locale_url(programme, locale)}#{_RECORDING_FRAGMENT}{session.id}"


def person_id(programme: Programme, person: Person) -> str:
    """The ``@id`` of a person, the same on every locale's page."""
    return f"{programme.base_url}#person-{person.id}"


def organisation_id(programme: Programme, org: Organisation) -> str:
    """The ``@id`` of an organisation, the same on every locale's page."""
    return f"{programme.base_url}#org-{org.id}"


# -------------------------------------------------------------------- values


def iso_duration(duration: dt.timedelta) -> str:
    """An ISO 8601 duration in hours, minutes and seconds, e.g. ``PT58M12S``.

    Hours are not folded into days: ``P1D`` is ambiguous across a DST change,
    ``PT24H`` is not.
    """
    whole = int(duration.total_seconds())
    fraction = duration.microseconds
    hours, rest = divmod(whole, 3600)
    minutes, seconds = divmod(rest, 60)
    text = "PT"
    if hours:
        text += f"{hours}H"
    if minutes:
        text += f"{minutes}M"
    if fraction:
        text += f"{seconds}.{fraction:06d}".rstrip("0") + "S"
    elif seconds or text == "PT":
        text += f"{seconds}S"
    return text


def one_or_many(items: list[Any]) -> Any:
    """One value as itself, several as a list: the shape JSON-LD compaction gives."""
    return items[0] if len(items) == 1 else items


def ref(iri: str) -> Node:
    """A reference to the node with ``@id`` ``iri``."""
    return {"@id": iri}


# ---------------------------------------------------------------- references


class Refs:
    """The people and organisations a graph refers to, so that each appears once."""

    __slots__ = ("orgs", "people", "programme")

    def __init__(self, programme: Programme) -> None:
        self.programme = programme
        # By id, in the order of the first reference (a dict keeps it).
        self.orgs: dict[str, Organisation] = {}
        self.people: dict[str, Person] = {}

    def org(self, org: Organisation) -> Node:
        """Refer to ``org`` (and so to its parents)."""
        if org.id not in self.orgs:
            self.orgs[org.id] = org
            for ancestor in org.ancestors():
                self.orgs.setdefault(ancestor.id, ancestor)
        return {"@id": organisation_id(self.programme, org)}

    def orgs_value(self, orgs: tuple[Organisation, ...]) -> Any:
        """One reference, or a list of them."""
        return one_or_many([self.org(o) for o in orgs])

    def person(self, person: Person) -> Node:
        """Refer to ``person`` (and so to their organisation)."""
        if person.id not in self.people:
            self.people[person.id] = person
            if person.affiliation is not None:
                self.org(person.affiliation)
        return {"@id": person_id(self.programme, person)}

    def people_value(self, session: Session) -> Any:
        """Everybody who takes part in ``session``, each once, in display order."""
        seen: dict[str, Node] = {}
        for part in session.participants:
            if part.person.id not in seen:
                seen[part.person.id] = self.person(part.person)
        return one_or_many(list(seen.values()))


def _organisation_node(programme: Programme, org: Organisation, locale: str) -> Node:
    node: Node = {
        "@type": "Organization",
        "@id": organisation_id(programme, org),
        "name": programme.text(org.name, locale).text,
    }
    if org.short_name:
        node["alternateName"] = org.short_name
    if org.url:
        node["url"] = org.url
    if org.parent is not None:
        node["parentOrganization"] = ref(organisation_id(programme, org.parent))
    return node


def _person_node(programme: Programme, person: Person, locale: str) -> Node:
    node: Node = {"@type": "Person", "@id": person_id(programme, person), "name": person.name}
    if person.job_title is not None:
        node["jobTitle"] = programme.text(person.job_title, locale).text
    if person.affiliation is not None:
        node["affiliation"] = ref(organisation_id(programme, person.affiliation))
    if person.url:
        node["url"] = person.url
    if person.same_as:
        node["sameAs"] = one_or_many(list(person.same_as))
    return node


def entities(programme: Programme, locale: str, refs: Refs) -> Iterator[tuple[Node, str]]:
    """The referred organisations, then people, each once, in the programme's order, with their ids.

    One pass over the programme's organisations and people: for a whole programme.
    """
    for org in programme.organisations:
        if org.id in refs.orgs:
            yield _organisation_node(programme, org, locale), org.id
    for person in programme.people:
        if person.id in refs.people:
            yield _person_node(programme, person, locale), person.id


def referred_entities(programme: Programme, locale: str, refs: Refs) -> Iterator[tuple[Node, str]]:
    """The referred organisations, then people, each once, by id (the programme's order too), with their ids.

    For one session's graph: as long as what it names, not as the programme's lists.
    """
    for org in sorted(refs.orgs.values(), key=lambda o: o.id):
        yield _organisation_node(programme, org, locale), org.id
    for person in sorted(refs.people.values(), key=lambda p: p.id):
        yield _person_node(programme, person, locale), person.id
