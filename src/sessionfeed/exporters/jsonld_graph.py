"""The schema.org nodes of a programme: its ``EventSeries``, an ``Event`` per session, people, organisations.

Each node is a plain dict of JSON values, made as it is read
(:func:`parts`), so that a document of any size is written a node at a
time by :mod:`sessionfeed.exporters.jsonld`. ``docs/jsonld.md`` gives every
property and the reasons behind each choice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, TypeAlias

from sessionfeed.exporters.removals import Removals
from sessionfeed.model.chars import is_clean, unsafe, without_unsafe
from sessionfeed.model.programme import AllDay, AttendanceMode, Month, Status, Timed
from sessionfeed.site import layout as _layout
from sessionfeed.words.compose import machine_datetime


if TYPE_CHECKING:
    from sessionfeed.model.programme import (
        Location,
        Online,
        Organisation,
        Person,
        Programme,
        Recording,
        Session,
        Venue,
    )


__all__ = [
    "ATTENDANCE_MODES",
    "CONTEXT",
    "EDUCATION_KINDS",
    "EVENT_STATUSES",
    "STREAMED",
    "Node",
    "Part",
    "build_graph",
    "build_session_graph",
    "check_locale",
    "cleaned",
    "event_id",
    "event_type",
    "iso_duration",
    "organisation_id",
    "parts",
    "person_id",
    "series_id",
]

#: A JSON object as this module builds it.
Node: TypeAlias = dict[str, Any]

#: The ``@context`` of every document: Google's examples use exactly this.
CONTEXT = "https://schema.org"
_SCHEMA = "https://schema.org/"

#: ``eventStatus`` per status; always written, since "scheduled" is a fact too.
EVENT_STATUSES: dict[Status, str] = {
    Status.SCHEDULED: _SCHEMA + "EventScheduled",
    Status.CANCELLED: _SCHEMA + "EventCancelled",
    Status.POSTPONED: _SCHEMA + "EventPostponed",
    Status.RESCHEDULED: _SCHEMA + "EventRescheduled",
    Status.MOVED_ONLINE: _SCHEMA + "EventMovedOnline",
}

#: ``eventAttendanceMode`` per attendance mode.
ATTENDANCE_MODES: dict[AttendanceMode, str] = {
    AttendanceMode.ONLINE: _SCHEMA + "OnlineEventAttendanceMode",
    AttendanceMode.IN_PERSON: _SCHEMA + "OfflineEventAttendanceMode",
    AttendanceMode.HYBRID: _SCHEMA + "MixedEventAttendanceMode",
}

#: Kinds that are teaching events, typed ``EducationEvent``. schema.org has no
#: type for a webinar, talk, panel or interview (``Event`` is the honest type
#: for those), and none for a conference or a meeting that would say more than
#: ``Event`` does; a kind a programme declares is an ``Event`` too.
EDUCATION_KINDS: frozenset[str] = frozenset(
    {"workshop", "course", "masterclass", "lecture", "seminar"},
)

#: The fragment of the series' ``@id``; session ids cannot start with ``_``.
_SERIES_FRAGMENT = "_programme"


# ----------------------------------------------------------------------- ids


def event_type(kind: str) -> str:
    """The schema.org type of a session of ``kind``: ``EducationEvent`` or ``Event``."""
    return "EducationEvent" if kind in EDUCATION_KINDS else "Event"


def series_id(programme: Programme, locale: str) -> str:
    """The ``@id`` of the programme's ``EventSeries`` on the page of ``locale``."""
    return f"{_layout.locale_url(programme, locale)}#{_SERIES_FRAGMENT}"


def event_id(programme: Programme, session: Session, locale: str) -> str:
    """The ``@id`` of a session's ``Event``: its anchor on the page of ``locale``.

    It is the anchor even when the session has a page of its own elsewhere
    (that page is its ``url``): the id must not change when a link is added.
    """
    return f"{_layout.locale_url(programme, locale)}#{session.id}"


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


def _dates(session: Session) -> tuple[str | None, str | None]:
    """``startDate`` and ``endDate``, as precise as known and never more."""
    when = session.when
    if isinstance(when, Timed):
        return machine_datetime(when.start), machine_datetime(when.end)
    if isinstance(when, AllDay):
        return when.start.isoformat(), when.end.isoformat()
    if isinstance(when, Month):
        return when.iso(), None
    return None, None


def _previous_start(value: dt.datetime | dt.date) -> str:
    if isinstance(value, dt.datetime):
        return machine_datetime(value)
    return value.isoformat()


def _one_or_many(items: list[Any]) -> Any:
    """One value as itself, several as a list: the shape JSON-LD compaction gives."""
    return items[0] if len(items) == 1 else items


def _ref(iri: str) -> Node:
    return {"@id": iri}


# ------------------------------------------------------------------ location


def _virtual_location(online: Online) -> Node:
    node: Node = {"@type": "VirtualLocation"}
    if online.platform:
        node["name"] = online.platform
    if online.url:
        node["url"] = online.url
    return node


def _place(venue: Venue) -> Node:
    node: Node = {"@type": "Place", "name": venue.name}
    address = venue.address
    if address is not None:
        postal: Node = {"@type": "PostalAddress"}
        for key, value in (
            ("streetAddress", address.street),
            ("postalCode", address.postal_code),
            ("addressLocality", address.locality),
            ("addressRegion", address.region),
            ("addressCountry", address.country),
        ):
            if value:
                postal[key] = value
        node["address"] = postal
    if venue.url:
        node["url"] = venue.url
    return node


def _location(location: Location) -> Node | list[Node]:
    """A ``VirtualLocation``, a ``Place``, or both for a hybrid session (Google's order)."""
    parts: list[Node] = []
    if location.online is not None:
        parts.append(_virtual_location(location.online))
    if location.venue is not None:
        parts.append(_place(location.venue))
    return parts[0] if len(parts) == 1 else parts


# ---------------------------------------------------------------- references


class _Refs:
    """The people and organisations a graph refers to, so that each appears once."""

    __slots__ = ("orgs", "people", "programme")

    def __init__(self, programme: Programme) -> None:
        self.programme = programme
        self.orgs: set[str] = set()
        self.people: set[str] = set()

    def org(self, org: Organisation) -> Node:
        """Refer to ``org`` (and so to its parents)."""
        if org.id not in self.orgs:
            self.orgs.add(org.id)
            self.orgs.update(a.id for a in org.ancestors())
        return {"@id": organisation_id(self.programme, org)}

    def orgs_value(self, orgs: tuple[Organisation, ...]) -> Any:
        return _one_or_many([self.org(o) for o in orgs])

    def person(self, person: Person) -> Node:
        """Refer to ``person`` (and so to their organisation)."""
        if person.id not in self.people:
            self.people.add(person.id)
            if person.affiliation is not None:
                self.org(person.affiliation)
        return {"@id": person_id(self.programme, person)}


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
        node["parentOrganization"] = _ref(organisation_id(programme, org.parent))
    return node


def _person_node(programme: Programme, person: Person, locale: str) -> Node:
    node: Node = {"@type": "Person", "@id": person_id(programme, person), "name": person.name}
    if person.job_title is not None:
        node["jobTitle"] = programme.text(person.job_title, locale).text
    if person.affiliation is not None:
        node["affiliation"] = _ref(organisation_id(programme, person.affiliation))
    if person.url:
        node["url"] = person.url
    if person.same_as:
        node["sameAs"] = _one_or_many(list(person.same_as))
    return node


def _entities(programme: Programme, locale: str, refs: _Refs) -> Iterator[tuple[Node, str]]:
    """The referred organisations, then people, each once, in the programme's order, with their ids."""
    for org in programme.organisations:
        if org.id in refs.orgs:
            yield _organisation_node(programme, org, locale), org.id
    for person in programme.people:
        if person.id in refs.people:
            yield _person_node(programme, person, locale), person.id


# -------------------------------------------------------------------- events


def _recording(session: Session, recording: Recording, name: str, description: str | None) -> Node:
    """A ``VideoObject`` (``AudioObject`` for audio) with what Google's video markup reads.

    The URL is ``contentUrl`` only when the media type says it is the media
    file itself; a video page (``text/html``, or no media type given) is the
    object's ``url``.
    """
    media_type = recording.media_type
    kind = "AudioObject" if media_type and media_type.startswith("audio/") else "VideoObject"
    node: Node = {"@type": kind, "name": name}
    if description is not None:
        node["description"] = description
    if recording.thumbnail:
        node["thumbnailUrl"] = recording.thumbnail
    if recording.published is not None:
        node["uploadDate"] = recording.published.isoformat()
    if media_type and not media_type.startswith(("text/html", "application/xhtml+xml")):
        node["contentUrl"] = recording.url
        node["encodingFormat"] = media_type
    else:
        node["url"] = recording.url
    if recording.embed_url:
        node["embedUrl"] = recording.embed_url
    if recording.duration is not None:
        node["duration"] = iso_duration(recording.duration)
    node["inLanguage"] = session.language
    return node


def _add_when(node: Node, session: Session) -> None:
    """``startDate``, ``endDate``, ``previousStartDate`` (only when rescheduled) and ``eventStatus``."""
    start, end = _dates(session)
    if start is not None:
        node["startDate"] = start
    if end is not None:
        node["endDate"] = end
    if session.status is Status.RESCHEDULED and session.previous_start is not None:
        node["previousStartDate"] = _previous_start(session.previous_start)
    node["eventStatus"] = EVENT_STATUSES[session.status]


def _add_people(node: Node, session: Session, refs: _Refs) -> None:
    """Everybody as a plain ``Person`` in ``performer``; the roles in ``contributor``."""
    performers: list[Node] = []
    roles: list[Node] = []
    seen: set[str] = set()
    for part in session.participants:
        ref = refs.person(part.person)
        if part.person.id not in seen:
            seen.add(part.person.id)
            performers.append(ref)
        roles.append({"@type": "Role", "roleName": part.role.value, "contributor": ref})
    node["performer"] = _one_or_many(performers)
    node["contributor"] = _one_or_many(roles)


def _add_price(node: Node, programme: Programme, session: Session) -> None:
    """``isAccessibleForFree``, and a free ``Offer`` when the programme says the sessions are free."""
    if programme.free is None:
        return
    node["isAccessibleForFree"] = programme.free
    if programme.free:
        offer: Node = {"@type": "Offer", "price": 0, "priceCurrency": programme.currency}
        if session.links.registration:
            offer["url"] = session.links.registration
        node["offers"] = offer


def _event(programme: Programme, session: Session, locale: str, refs: _Refs) -> Node:
    """The ``Event`` of one session, with references to its people and organisations."""
    name = programme.text(session.title, locale).text
    node: Node = {
        "@type": event_type(session.kind),
        "@id": event_id(programme, session, locale),
        "name": name,
    }
    description = None
    if session.description is not None:
        description = programme.text(session.description, locale).text
        node["description"] = description
    node["url"] = _layout.session_url(programme, session, locale)
    image = session.image or programme.image
    if image:
        node["image"] = image
    node["inLanguage"] = session.language
    _add_when(node, session)
    if session.location is not None:
        node["eventAttendanceMode"] = ATTENDANCE_MODES[session.location.mode]
        node["location"] = _location(session.location)
    organisers = programme.organisers_of(session)
    if organisers:
        node["organizer"] = refs.orgs_value(organisers)
    if session.participants:
        _add_people(node, session, refs)
    if session.supporters:
        node["sponsor"] = refs.orgs_value(session.supporters)
    if session.tags:
        node["about"] = _one_or_many(
            [{"@type": "Thing", "name": programme.text(t.label, locale).text} for t in session.tags],
        )
    _add_price(node, programme, session)
    if session.recording is not None:
        node["recordedIn"] = _recording(session, session.recording, name, description)
    node["superEvent"] = _ref(series_id(programme, locale))
    return node


def _series(programme: Programme, locale: str, refs: _Refs) -> Node:
    """The ``EventSeries``; its ``subEvent`` (last) is :func:`_sub_events`, added by who writes it."""
    node: Node = {
        "@type": "EventSeries",
        "@id": series_id(programme, locale),
        "name": programme.text(programme.title, locale).text,
    }
    if programme.intro is not None:
        node["description"] = programme.text(programme.intro, locale).text
    node["url"] = _layout.locale_url(programme, locale)
    if programme.image:
        node["image"] = programme.image
    if programme.organisers:
        node["organizer"] = refs.orgs_value(programme.organisers)
    if programme.free is not None:
        node["isAccessibleForFree"] = programme.free
    return node


def _sub_events(programme: Programme, locale: str) -> Iterator[Node] | None:
    """The series' ``subEvent``: a reference to each event, made as it is written (``None``: no sessions)."""
    if not programme.sessions:
        return None
    return (_ref(event_id(programme, s, locale)) for s in programme.sessions)


#: A node of the graph as it is made, not cleaned yet, with whose texts it holds (for the
#: build summary): the session's id for an event, the person's or the organisation's id for
#: theirs, neither for the series (the programme's own texts); and the items of its last
#: list, ``subEvent``, when they are made as they are written (the series' one per session).
Part: TypeAlias = tuple[Node, str | None, str | None, Iterator[Node] | None]
#: The key of the node whose list is written an item at a time: the series' ``subEvent``.
STREAMED = "subEvent"


def parts(programme: Programme, locale: str) -> Iterator[Part]:
    """The nodes of the ``@graph`` of :func:`build_graph`, each made as it is read, not cleaned yet.

    The series comes first; the people and organisations come last, once
    every event has said which it refers to.
    """
    refs = _Refs(programme)
    yield _series(programme, locale, refs), None, None, _sub_events(programme, locale)
    for session in programme.sessions:
        yield _event(programme, session, locale, refs), session.id, None, None
    for node, entity in _entities(programme, locale, refs):
        yield node, None, entity, None


def _graph(programme: Programme, locale: str, removals: Removals | None = None) -> Iterator[Node]:
    """The nodes of :func:`_parts`, each cleaned (:func:`_cleaned`); what is removed goes in ``removals``."""
    for node, session, entity, sub_events in parts(programme, locale):
        if sub_events is not None:
            node[STREAMED] = list(sub_events)
        yield cleaned(node, removals, session=session, entity=entity)


def cleaned(
    node: Node,
    removals: Removals | None,
    *,
    session: str | None = None,
    entity: str | None = None,
) -> Node:
    """``node`` with every text in it cleaned, in place; what was removed recorded in ``removals``.

    JSON can carry any character, but these texts are shown in pages: search
    engines show them as HTML, and the page embeds them. So the characters that
    HTML does not allow (the controls but TAB, LF and CR, and the
    noncharacters, :func:`sessionfeed.model.chars.without_unsafe`) are removed, as
    the page removes them, and the build summary says so. Most texts have
    none, which a quick test tells.
    """
    found: list[str] = []
    _clean_values(node, found)
    if found and removals is not None:
        removals.add(found, session=session, entity=entity)
    return node


def _clean_values(value: dict[str, Any] | list[Any], found: list[str]) -> None:
    """Clean every string inside ``value`` (a dict or a list), in place; generators are left alone."""
    items = value.items() if isinstance(value, dict) else enumerate(value)
    for key, item in items:
        kind = type(item)
        if kind is str:
            # isprintable() is a quick scan that no control or noncharacter passes;
            # a text with a line break takes the exact test.
            if not item.isprintable() and not is_clean(item):
                found.extend(unsafe(item))
                value[key] = without_unsafe(item)[0]  # type: ignore[index]
        elif kind is dict or kind is list:
            _clean_values(item, found)


def check_locale(programme: Programme, locale: str) -> None:
    """Refuse a non-programme, and a locale the programme has no pages in (so no URLs)."""
    from sessionfeed._arguments import check_locale, check_programme

    check_locale(check_programme(programme), locale)


def build_graph(programme: Programme, locale: str) -> Node:
    """The JSON-LD document of the whole programme for the page of ``locale``.

    Args:
        programme: The programme.
        locale: The page locale: the language of names and descriptions, and
            the page whose anchors are the events' ``@id``.

    Returns:
        ``{"@context": "https://schema.org", "@graph": [series, *events,
        *organisations, *people]}``, with only JSON types in it.

    Raises:
        ValueError: ``locale`` is not one of the programme's locales.
    """
    check_locale(programme, locale)
    return {"@context": CONTEXT, "@graph": list(_graph(programme, locale))}


def build_session_graph(programme: Programme, session: Session, locale: str) -> Node:
    """The JSON-LD document of one session, for a page of its own.

    The series is there with its ``@id``, name and URL, so that ``superEvent``
    leads somewhere; its full description is on the programme page.

    Raises:
        ValueError: ``locale`` is not one of the programme's locales.
    """
    check_locale(programme, locale)
    refs = _Refs(programme)
    event = cleaned(_event(programme, session, locale, refs), None)
    series: Node = {
        "@type": "EventSeries",
        "@id": series_id(programme, locale),
        "name": programme.text(programme.title, locale).text,
        "url": _layout.locale_url(programme, locale),
    }
    entities = [cleaned(node, None) for node, _ in _entities(programme, locale, refs)]
    return {"@context": CONTEXT, "@graph": [event, cleaned(series, None), *entities]}

