"""The schema.org graph of a programme, in order: its list, the events, the recordings, people, organisations.

Each node is a plain dict of JSON values, made as it is read (:func:`parts`),
so that a document of any size is written a node at a time by
:mod:`sessionfeed.exporters.jsonld`. The nodes themselves are made by
:mod:`~sessionfeed.exporters.jsonld_events` (a session's ``Event``, when it
can be one search engines accept), :mod:`~sessionfeed.exporters.jsonld_media`
(its recording) and :mod:`~sessionfeed.exporters.jsonld_nodes` (ids, people,
organisations). ``docs/jsonld.md`` gives every property and the reasons
behind each choice.

The programme is an ``ItemList`` of its sessions' pages (Google's "summary
page" pattern), not an ``EventSeries``: Google reads an ``EventSeries`` as an
event and rejects one without a single start date and location, which a
series of sessions at different times and places does not have.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, TypeAlias

from sessionfeed.exporters.jsonld_events import (
    ATTENDANCE_MODES,
    EDUCATION_KINDS,
    EVENT_STATUSES,
    event_node,
    event_type,
    no_event_reason,
)
from sessionfeed.exporters.jsonld_media import recording_node
from sessionfeed.exporters.jsonld_nodes import (
    CONTEXT,
    Node,
    Refs,
    entities,
    event_id,
    iso_duration,
    organisation_id,
    person_id,
    recording_id,
    referred_entities,
    series_id,
)
from sessionfeed.exporters.removals import Removals
from sessionfeed.model.chars import is_clean, unsafe, without_unsafe
from sessionfeed.site import layout as _layout


if TYPE_CHECKING:
    from sessionfeed.model.programme import Programme, Session


__all__ = [
    "ATTENDANCE_MODES",
    "CONTEXT",
    "EDUCATION_KINDS",
    "EVENT_STATUSES",
    "STREAMED",
    "Node",
    "Part",
    "build_graph",
    "build_list_graph",
    "build_session_graph",
    "check_locale",
    "cleaned",
    "event_id",
    "event_reason",
    "event_type",
    "iso_duration",
    "list_parts",
    "no_event_reason",
    "organisation_id",
    "parts",
    "person_id",
    "recording_id",
    "series_id",
    "session_parts",
]

#: A node of the graph as it is made, not cleaned yet, with whose texts it holds (for the
#: build summary): the session's id for an event or a recording, the person's or the
#: organisation's id for theirs, neither for the programme's list (the programme's own texts);
#: and the items of its last list, ``itemListElement``, when they are made as they are written
#: (the programme's list, one per session).
Part: TypeAlias = tuple[Node, str | None, str | None, Iterator[Node] | None]
#: The key of the node whose list is written an item at a time: the programme's ``itemListElement``.
STREAMED = "itemListElement"


# ------------------------------------------------------------------ the list


def _programme_list(programme: Programme, locale: str, count: int, *, whole: bool) -> Node:
    """The programme's ``ItemList``; its ``itemListElement`` (last) is added by who writes it.

    The list of every session is the programme's, with its ``@id`` and URL; a
    list of some (a page of the archive) names the programme but is no node of
    its own: the same ``@id`` with other items would say two things of one list.
    """
    node: Node = {"@type": "ItemList"}
    if whole:
        node["@id"] = series_id(programme, locale)
    node["name"] = programme.text(programme.title, locale).text
    if programme.intro is not None:
        node["description"] = programme.text(programme.intro, locale).text
    if whole:
        node["url"] = _layout.locale_url(programme, locale)
    if programme.image:
        node["image"] = programme.image
    node["numberOfItems"] = count
    return node


def _list_items(programme: Programme, locale: str, sessions: Iterable[Session]) -> Iterator[Node]:
    """One ``ListItem`` per session, with its position and its page's URL, made as it is written."""
    for position, session in enumerate(sessions, start=1):
        yield {
            "@type": "ListItem",
            "position": position,
            "url": _layout.session_url(programme, session, locale),
        }


def list_parts(
    programme: Programme, locale: str, sessions: Iterable[Session] | None = None
) -> Iterator[Part]:
    """The programme page's graph: its ``ItemList`` of ``sessions`` (all by default).

    The page that lists the sessions does not repeat their events: each is on its
    own page. Google requires a list to have items: a programme without sessions
    is a ``CollectionPage``, and an empty selection of sessions gives nothing.
    """
    chosen = programme.sessions if sessions is None else tuple(sessions)
    if chosen:
        node = _programme_list(programme, locale, len(chosen), whole=sessions is None)
        yield node, None, None, _list_items(programme, locale, chosen)
    elif sessions is None:
        # A programme without sessions is still a page: a CollectionPage, which no search
        # feature requires anything of (a list must have items).
        page = _programme_list(programme, locale, 0, whole=True)
        del page["numberOfItems"]
        yield {**page, "@type": "CollectionPage"}, None, None, None


# ------------------------------------------------------------------ sessions


def _visible(name: str) -> bool:
    """Whether a name has visible text once cleaned.

    A title of nothing but characters HTML does not allow is no name, and Google requires one.
    """
    return bool(name.strip()) and (is_clean(name) or bool(without_unsafe(name)[0].strip()))


def event_reason(programme: Programme, session: Session, locale: str) -> str | None:
    """Why ``session`` has no ``Event`` on the pages of ``locale``, or ``None`` when it has one."""
    reason = no_event_reason(session)
    if reason is None and not _visible(programme.text(session.title, locale).text):
        return "the title has no visible text"
    return reason


def _session_nodes(programme: Programme, session: Session, locale: str, refs: Refs) -> Iterator[Node]:
    """The session's ``Event`` (when it can have one) and its recording's node (when it has one)."""
    name = programme.text(session.title, locale).text
    description = None if session.description is None else programme.text(session.description, locale).text
    named = _visible(name)
    with_event = named and no_event_reason(session) is None
    if with_event:
        yield _event(programme, session, locale, refs, name=name, description=description)
    if session.recording is not None:
        node = recording_node(
            programme, session, session.recording, locale, name=name, description=description, named=named
        )
        if not with_event and session.participants:
            # No event to name the people: the recording names them as its contributors.
            node["contributor"] = refs.people_value(session)
        yield node


def _event(programme: Programme, session: Session, locale: str, refs: Refs, **texts: Any) -> Node:
    """:func:`event_node`, by a name the tests can watch."""
    return event_node(programme, session, locale, refs, **texts)


def parts(programme: Programme, locale: str) -> Iterator[Part]:
    """The nodes of the ``@graph`` of :func:`build_graph`, each made as it is read, not cleaned yet.

    The programme's list comes first; then each session's event and recording;
    the people and organisations come last, once every node has said which it refers to.
    """
    refs = Refs(programme)
    yield from list_parts(programme, locale)
    for session in programme.sessions:
        for node in _session_nodes(programme, session, locale, refs):
            yield node, session.id, None, None
    for node, entity in entities(programme, locale, refs):
        yield node, None, entity, None


def session_parts(programme: Programme, session: Session, locale: str) -> Iterator[Part]:
    """The graph of one session's page: its event, its recording, the people and organisations they name."""
    refs = Refs(programme)
    for node in _session_nodes(programme, session, locale, refs):
        yield node, session.id, None, None
    for node, entity in referred_entities(programme, locale, refs):
        yield node, None, entity, None


def _graph(parts: Iterable[Part], removals: Removals | None = None) -> Iterator[Node]:
    """The nodes of ``parts``, each cleaned (:func:`cleaned`); what is removed goes in ``removals``."""
    for node, session, entity, items in parts:
        if items is not None:
            node[STREAMED] = list(items)
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
    """The JSON-LD document of the whole programme for ``locale``: what ``events.jsonld`` holds.

    Args:
        programme: The programme.
        locale: The page locale: the language of names and descriptions, and
            the page whose anchors are the events' ``@id``.

    Returns:
        ``{"@context": "https://schema.org", "@graph": [list, *events and recordings,
        *organisations, *people]}``, with only JSON types in it.

    Raises:
        ValueError: ``locale`` is not one of the programme's locales.
    """
    check_locale(programme, locale)
    return {"@context": CONTEXT, "@graph": list(_graph(parts(programme, locale)))}


def build_session_graph(programme: Programme, session: Session, locale: str) -> Node:
    """The JSON-LD document of one session's page: its event, its recording, its people and organisations.

    The ``@graph`` is empty for a session that has neither an event search
    engines accept nor a recording (see :func:`no_event_reason`).

    Raises:
        ValueError: ``locale`` is not one of the programme's locales.
    """
    check_locale(programme, locale)
    return {"@context": CONTEXT, "@graph": list(_graph(session_parts(programme, session, locale)))}


def build_list_graph(programme: Programme, locale: str, sessions: Iterable[Session] | None = None) -> Node:
    """The JSON-LD document of the programme page: its ``ItemList`` of ``sessions`` (all by default).

    Raises:
        ValueError: ``locale`` is not one of the programme's locales.
    """
    check_locale(programme, locale)
    return {"@context": CONTEXT, "@graph": list(_graph(list_parts(programme, locale, sessions)))}
