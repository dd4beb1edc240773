"""schema.org JSON-LD: one ``Event`` per session, the programme as an ``EventSeries``.

``DIR/<locale>/events.jsonld`` holds the markup of a whole programme, and
:func:`script_tag` returns the same markup as a ``<script>`` element for the
programme page (or for one session, on a site that renders its own pages).
Written with the standard library's :mod:`json`; see ``docs/jsonld.md`` for
every property and the reasons behind each choice. In short:

* The document is a ``@graph``: the ``EventSeries``, one ``Event`` per
  session (each a standalone event, as Google wants, linked to the series by
  ``superEvent``/``subEvent``), then each ``Organization`` and ``Person``
  once, referred to by ``@id`` wherever it appears.
* ``@id`` values are URLs made of ids, never of titles, so they survive a
  retitled or rescheduled session: ``<locale page>#<session id>`` for an
  event, ``<locale page>#_programme`` for the series (ids cannot start with
  ``_``, so it never clashes), ``<base_url>#person-<id>`` and
  ``<base_url>#org-<id>`` for people and organisations.
* ``events.jsonld`` and the page's element are written one node at a
  time (:func:`iter_json`, :func:`iter_script_tag`), never whole in memory.
* Every JSON-LD text (the file, the page's element, :func:`script_tag`,
  :func:`to_json`) is escaped by :func:`escape_for_script`: no ``<``, ``>``
  or ``&`` in it, so that the file can be pasted into a page as it is. The
  texts lose the characters HTML does not allow, as the page's do, and the
  build summary says so.
* A missing fact is a missing property, never a placeholder: a month-only
  session has ``"startDate": "2023-12"`` and no end, an unknown date has no
  ``startDate``, an online session without a join URL has a
  ``VirtualLocation`` without ``url``. ``sessionfeed check`` reports each.
* Everybody who takes part is a plain ``Person`` in ``performer`` (what
  Google's tools read); the roles stay recoverable in ``contributor``, one
  schema.org ``Role`` per participation with ``roleName`` = ``moderator``,
  ``speaker``, ...
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, ClassVar, TypeAlias

from sessionfeed.exporters.base import BaseExporter, Context, OutputFile, Rendering
from sessionfeed.exporters.removals import Removals
from sessionfeed.model.chars import is_clean, unsafe, without_unsafe
from sessionfeed.model.programme import AllDay, AttendanceMode, Month, Status, Timed, Unknown
from sessionfeed.site import layout as _layout
from sessionfeed.words.compose import encode_pieces, join_pieces, machine_datetime


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
    "JSONLDExporter",
    "build_graph",
    "build_session_graph",
    "escape_for_script",
    "event_id",
    "event_type",
    "iso_duration",
    "iter_json",
    "iter_script_tag",
    "organisation_id",
    "person_id",
    "script_tag",
    "series_id",
    "to_json",
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

_SCRIPT_OPEN = '<script type="application/ld+json">\n'
#: Why the JSON-LD removes what it removes (the end of the build summary's note).
REMOVAL_REASON = "HTML does not allow, where search engines show these texts"
_SCRIPT_CLOSE = "\n</script>"


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
    """The ``EventSeries``, with a reference to each event in ``subEvent`` (last)."""
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
    if programme.sessions:
        node["subEvent"] = [_ref(event_id(programme, s, locale)) for s in programme.sessions]
    return node


#: A node of the graph as it is made, not cleaned yet, with whose texts it holds (for the
#: build summary): the session's id for an event, the person's or the organisation's id for
#: theirs, neither for the series (the programme's own texts).
_Part: TypeAlias = tuple[Node, str | None, str | None]


def _parts(programme: Programme, locale: str) -> Iterator[_Part]:
    """The nodes of the ``@graph`` of :func:`build_graph`, each made as it is read, not cleaned yet.

    The series comes first; the people and organisations come last, once
    every event has said which it refers to.
    """
    refs = _Refs(programme)
    yield _series(programme, locale, refs), None, None
    for session in programme.sessions:
        yield _event(programme, session, locale, refs), session.id, None
    for node, entity in _entities(programme, locale, refs):
        yield node, None, entity


def _graph(programme: Programme, locale: str, removals: Removals | None = None) -> Iterator[Node]:
    """The nodes of :func:`_parts`, each cleaned (:func:`_cleaned`); what is removed goes in ``removals``."""
    for node, session, entity in _parts(programme, locale):
        yield _cleaned(node, removals, session=session, entity=entity)


def _cleaned(
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


def _check_locale(programme: Programme, locale: str) -> None:
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
    _check_locale(programme, locale)
    return {"@context": CONTEXT, "@graph": list(_graph(programme, locale))}


def build_session_graph(programme: Programme, session: Session, locale: str) -> Node:
    """The JSON-LD document of one session, for a page of its own.

    The series is there with its ``@id``, name and URL, so that ``superEvent``
    leads somewhere; its full description is on the programme page.

    Raises:
        ValueError: ``locale`` is not one of the programme's locales.
    """
    _check_locale(programme, locale)
    refs = _Refs(programme)
    event = _cleaned(_event(programme, session, locale, refs), None)
    series: Node = {
        "@type": "EventSeries",
        "@id": series_id(programme, locale),
        "name": programme.text(programme.title, locale).text,
        "url": _layout.locale_url(programme, locale),
    }
    entities = [_cleaned(node, None) for node, _ in _entities(programme, locale, refs)]
    return {"@context": CONTEXT, "@graph": [event, _cleaned(series, None), *entities]}


# ------------------------------------------------------------------- writing

#: The encoders of ``json.dumps(value, ensure_ascii=False, indent=2)`` (the
#: file) and of ``json.dumps(value, ensure_ascii=False, separators=(",", ":"))``
#: (the page's element), made once, for the graphs this module makes. Their
#: nodes are trees made afresh, so the encoders need not look for cycles
#: (``check_circular``): the same text, written a tenth quicker.
_INDENTED = json.JSONEncoder(ensure_ascii=False, indent=2, check_circular=False)
_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False)


def to_json(graph: Node) -> str:
    """The document as the text of ``events.jsonld``: indented, ending in a newline, safe in a page.

    Escaped by :func:`escape_for_script`, as every JSON-LD text sessionfeed
    writes: people paste the file into a ``<script>`` element of their own pages.
    """
    return escape_for_script(json.dumps(graph, ensure_ascii=False, indent=2)) + "\n"


def _frame(encoder: json.JSONEncoder) -> tuple[str, str, str]:
    """What ``encoder`` writes before the first item of the ``@graph``, between two, after the last."""
    opening, between, closing = encoder.encode({"@context": CONTEXT, "@graph": [None, None]}).split("null")
    return opening, between, closing


def _document(parts: Iterable[_Part], *, indent: bool, removals: Removals | None = None) -> Iterator[str]:
    """``json.dumps`` of the document of ``parts``, cleaned, indented or compact, a node at a time.

    The nodes are made as they are read and dropped once written, so a
    document is never whole in memory. ``json.dumps`` writes each item of the
    ``@graph`` list as it writes that item alone, two levels deeper: each of
    its line ends (JSON strings hold none of their own) is followed by four
    more spaces. The text around and between the items is what the same
    encoder writes around two (the graph is never empty: the series is first).

    A node is cleaned (:func:`_cleaned`, what is removed recorded in
    ``removals``) only when its JSON text shows that it may need it: nearly
    every node is written as it was made, without a search of each of its texts.
    """
    encoder = _INDENTED if indent else _COMPACT
    opening, between, closing = _frame(encoder)
    before = opening
    for node, session, entity in parts:
        text = encoder.encode(node)
        if _may_be_unclean(text):
            text = encoder.encode(_cleaned(node, removals, session=session, entity=entity))
        yield before + (text.replace("\n", "\n    ") if indent else text)
        before = between
    yield closing


#: How JSON writes a C0 control that :func:`_cleaned` removes (see :func:`_may_be_unclean`).
_ESCAPED_CONTROL = re.compile(r"\\(?:u00|[bf])")


def _may_be_unclean(json_text: str) -> bool:
    r"""Whether a JSON text (``ensure_ascii=False``) may hold a character that :func:`_cleaned` removes.

    JSON writes the C0 controls as ``\u00XX``, but backspace and form feed
    as ``\b`` and ``\f`` (and TAB, LF and CR, which stay, as ``\t``, ``\n``
    and ``\r``); the others it removes (DEL, the C1 controls, surrogates,
    noncharacters) are in the text as they are. A backslash of the data is
    written ``\\``, so the test may say yes where there is nothing to clean,
    but never no where there is something.
    """
    return _ESCAPED_CONTROL.search(json_text) is not None or not is_clean(json_text)


def _escaped(pieces: Iterable[str]) -> Iterator[str]:
    """``pieces`` escaped by :func:`escape_for_script`, gathered into pieces of about 64 K characters.

    Escaping changes each character on its own, so escaping the pieces is
    escaping the whole; they are gathered first so that it runs seldom.
    """
    for batch in join_pieces(pieces):
        yield escape_for_script(batch)


def iter_json(programme: Programme, locale: str) -> Iterator[str]:
    """``to_json(build_graph(programme, locale))`` in pieces, one batch of graph nodes after the other.

    Only the nodes being written are in memory (and the ids of the people and
    organisations referred to so far), however many sessions there are.

    Raises:
        ValueError: ``locale`` is not one of the programme's locales (at once, not when read).
    """
    _check_locale(programme, locale)
    return _iter_json(programme, locale)


def _iter_json(programme: Programme, locale: str, removals: Removals | None = None) -> Iterator[str]:
    yield from _escaped(_document(_parts(programme, locale), indent=True, removals=removals))
    yield "\n"


#: What HTML calls a parse error in any text: DEL and the C1 controls, and the
#: noncharacters (U+FDD0-U+FDEF and the last two code points of every plane).
#: JSON escapes the C0 controls itself.
_NOT_FOR_HTML = re.compile(
    "[\u007f-\u009f\ufdd0-\ufdef"
    + "".join(f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(17))
    + "]",
)


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    high, low = divmod(code - 0x10000, 0x400)
    return f"\\u{0xD800 + high:04x}\\u{0xDC00 + low:04x}"


def escape_for_script(json_text: str) -> str:
    r"""Make JSON text safe inside an HTML ``<script>`` element.

    ``<``, ``>`` and ``&`` become ``\u003c``, ``\u003e`` and ``\u0026``, so no
    text in the data can close the element (``</script>``) or open a comment
    (``<!--``) whose end the parser would look for. U+2028 and U+2029 become
    escapes too, for pages whose scripts read the JSON as JavaScript, and so do
    the controls and noncharacters that make an HTML parse error. All of these
    only occur inside JSON strings, where the escape means the same
    character: the JSON parses back to the same data.
    """
    text = (
        json_text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )
    return text if is_clean(text) else _NOT_FOR_HTML.sub(_json_escape, text)


def _find_session(programme: Programme, session: Session | str) -> Session:
    wanted = session if isinstance(session, str) else session.id
    try:
        found = programme.session(wanted)
    except KeyError:
        message = f"session {wanted!r} is not in the programme {programme.id!r}"
        raise ValueError(message) from None
    if not isinstance(session, str) and found != session:
        message = f"session {wanted!r} differs from the programme's session with that id"
        raise ValueError(message)
    return found


def iter_script_tag(programme: Programme, *, locale: str) -> Iterator[str]:
    """``script_tag(programme, locale=locale)`` in pieces, one batch of graph nodes after the other.

    What the programme page embeds, made as the page is written.

    Raises:
        ValueError: ``locale`` is not one of the programme's locales (at once, not when read).
    """
    _check_locale(programme, locale)
    return _iter_script_tag(programme, locale)


def _iter_script_tag(programme: Programme, locale: str, removals: Removals | None = None) -> Iterator[str]:
    """:func:`iter_script_tag`, recording what was removed from the texts in ``removals`` (the page's)."""
    _check_locale(programme, locale)
    yield _SCRIPT_OPEN
    yield from _escaped(_document(_parts(programme, locale), indent=False, removals=removals))
    yield _SCRIPT_CLOSE


def script_tag(programme: Programme, *, locale: str, session: Session | str | None = None) -> str:
    """A ``<script type="application/ld+json">`` element to put in a page.

    ``script_tag(programme, locale="nl")`` is the whole programme (what the
    programme page embeds); ``script_tag(programme, locale="nl", session=s)``
    is one session, by :class:`~sessionfeed.Session` or by id, for a site
    that gives each session a page of its own.

    The JSON inside is escaped by :func:`escape_for_script`, so whatever the
    data holds, the element ends where it should.

    Raises:
        ValueError: ``locale`` is not one of the programme's locales, or the
            session is not in the programme.
    """
    if session is None:
        return "".join(iter_script_tag(programme, locale=locale))
    graph = build_session_graph(programme, _find_session(programme, session), locale)
    return _SCRIPT_OPEN + escape_for_script(_COMPACT.encode(graph)) + _SCRIPT_CLOSE


def _notes(programme: Programme) -> tuple[str, ...]:
    """What the build summary should say about dates that search engines will not take."""
    months = sum(isinstance(s.when, Month) for s in programme.sessions)
    unknown = sum(isinstance(s.when, Unknown) for s in programme.sessions)
    notes = []
    if months:
        notes.append(
            f"startDate is only a month (YYYY-MM) for {_count(months)}, which search engines "
            "may not accept; see `sessionfeed check`",
        )
    if unknown:
        notes.append(f"no startDate for {_count(unknown)} with no date yet; see `sessionfeed check`")
    return tuple(notes)


def _count(sessions: int) -> str:
    return f"{sessions} session" if sessions == 1 else f"{sessions} sessions"


class JSONLDExporter(BaseExporter):
    """schema.org JSON-LD (``events.jsonld``): the programme as an ``EventSeries`` of events."""

    name: ClassVar[str] = "jsonld"
    title: ClassVar[str] = "schema.org JSON-LD"
    media_type: ClassVar[str] = "application/ld+json"
    filename: ClassVar[str] = _layout.JSONLD
    aliases: ClassVar[tuple[str, ...]] = ("json-ld", "schema")

    def render(self, programme: Programme, context: Context) -> Rendering:
        """Write ``events.jsonld`` for ``context.locale``, streamed; every session goes in.

        The characters removed from texts (see :func:`_cleaned`) are reported
        once the file is written.

        Raises:
            ValueError: ``context.locale`` is not one of the programme's locales.
        """
        locale = context.locale
        _check_locale(programme, locale)
        removals = Removals(REMOVAL_REASON)

        def produce() -> Iterator[bytes]:
            removals.clear()  # counted afresh each time the file is made
            return encode_pieces(_iter_json(programme, locale, removals))

        return Rendering(
            files=(OutputFile(path=self.filename, produce=produce, media_type=self.media_type),),
            included=tuple(s.id for s in programme.sessions),
            notes=_notes(programme),
            later_notes=removals.notes,
        )
