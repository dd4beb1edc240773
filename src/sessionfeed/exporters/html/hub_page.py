"""The hub pages: a page per person, organisation, topic, language and kind.

Each value of the programme's facets (:mod:`sessionfeed.model.facets`) has a
page at ``<locale>/<facet>/<id>/`` (:func:`sessionfeed.site.layout.hub_page`):

* a person's: their name, job title, organisation (linked to its page), URL
  and other profiles (``sameAs``), and their sessions by role;
* an organisation's: its name, URL, the organisation it is part of and those
  under it, its people (affiliated to it or to an organisation under it),
  each linked to their page, and its sessions;
* a topic's, a language's and a kind's: its name and its sessions.

Sessions are listed compactly (when, the title linking to the session's
page, the kind, the status), coming ones (soonest first) then past ones
(newest first), as the programme page orders them; a person's under each
role they play. A hub with more sessions than a page holds (the programme
page's :data:`~sessionfeed.exporters.html.timeline.PAGE_SIZE`) goes on over
``<facet>/<id>/2/``, ... Every page has its value's subscribe block (its
``calendar.ics`` as ``webcal://`` and https, ``feed.rss``, ``feed.atom``),
feed autodiscovery in its head, ``canonical`` and ``hreflang`` alternates, a
way back to the programme, and its JSON-LD
(:mod:`sessionfeed.exporters.jsonld_hubs`).

Rendered by ``hub.html`` (docs/templates.md lists its variables), each page
streamed as it is made.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from sessionfeed.exporters.html import common
from sessionfeed.exporters.html.programme_page import calendar_text
from sessionfeed.exporters.html.timeline import PAGE_SIZE, Timeline, in_calendar
from sessionfeed.exporters.jsonld_hubs import build_hub_graph, iter_hub_script_tag
from sessionfeed.model.facets import Facet
from sessionfeed.model.people import Role
from sessionfeed.model.programme import Status
from sessionfeed.model.timeline import kept
from sessionfeed.site import layout as _layout
from sessionfeed.words.compose import machine_date
from sessionfeed.words.facet_labels import FacetLabels


if TYPE_CHECKING:
    from sessionfeed.exporters.removals import Removals
    from sessionfeed.exporters.templating import Templates
    from sessionfeed.model.facets import Selection
    from sessionfeed.model.people import Organisation, Person
    from sessionfeed.model.programme import Programme, Session
    from sessionfeed.model.revisions import Revisions
    from sessionfeed.model.text import Localized
    from sessionfeed.words.compose import Composition
    from sessionfeed.words.vocabulary import Words


__all__ = [
    "HUB_TEMPLATE",
    "ITEM_TEMPLATE",
    "Hub",
    "HubIndex",
    "HubItem",
    "HubList",
    "Link",
    "hub_context",
    "hub_page_count",
    "iter_hub_pages",
    "kind_of_page",
    "org_link",
    "organisation_details",
    "person_details",
]

#: The template of a hub page.
HUB_TEMPLATE = "hub.html"
#: Before the newest revision of a hub's sessions is a date worth saying (revisions' "no date").
_EPOCH = dt.datetime(1970, 1, 2, tzinfo=dt.UTC)


@attrs.frozen
class HubItem:
    """A session in a hub's list: when, its title linking to its page, its kind and status.

    Attributes:
        url: The session's page.
        title: Its title.
        title_lang: The title's language when it is not the page's, else ``""``.
        when: When, in words.
        machine_date: When, for ``<time datetime>`` (``None`` while unknown).
        kind: The kind in words ("Engelstalig webinar").
        status: ``""`` while scheduled, else ``cancelled``, ``postponed``, ...
        status_text: The status in words, ``""`` while scheduled.
    """

    url: str
    title: str
    title_lang: str
    when: str
    machine_date: str | None
    kind: str
    status: str
    status_text: str


@attrs.frozen
class HubList:
    """Coming or past sessions of a hub page (a person's under one role).

    Attributes:
        id: The ``id`` of its heading.
        heading: "Coming sessions", "Past sessions".
        items: Its sessions, each written by ``parts/hub-item.html``.
    """

    id: str
    heading: str
    items: tuple[HubItem, ...]


@attrs.frozen
class Hub:
    """A group of a hub page's sessions: a person's role, or all of them (``heading`` ``""``).

    Attributes:
        id: The ``id`` of its heading (``""`` without one).
        heading: The role's label ("Speakers"), ``""`` for the sessions of any other hub.
        lists: Its coming sessions, then its past ones (an empty one left out).
    """

    id: str
    heading: str
    lists: tuple[HubList, ...]


class HubIndex:
    """What every hub page of a programme in one locale looks up: made once, not once per page.

    The order of the sessions (the timeline's: coming, then past), which
    values have a page, each organisation's children and people, each
    person and organisation by id. A session's line is made for each hub it is
    on, not kept: kept, the lines took 40 MB at 50,000 sessions, which a build
    within 500 MB cannot spare.
    """

    __slots__ = (
        "_labels",
        "calendar",
        "children",
        "has_page",
        "orgs",
        "people",
        "people_of",
        "programme",
        "rank",
        "upcoming",
    )

    def __init__(self, programme: Programme, line: Timeline, selections: Sequence[Selection]) -> None:
        """Index ``programme`` for its hub pages; ``selections`` are the values that have pages."""
        self.programme = programme
        order = (*line.upcoming, *(session for group in line.past for session in group.sessions))
        self.rank: dict[str, int] = {session.id: index for index, session in enumerate(order)}
        self.upcoming = len(line.upcoming)
        self._labels: dict[str, FacetLabels] = {}
        zone, window, now = programme.timezone, programme.window, line.now
        #: The coming sessions the calendars hold (a day known, not cancelled, in the window).
        self.calendar: set[str] = {
            s.id for s in line.upcoming if in_calendar(s) and kept(s.when, zone, window, now)
        }
        self.has_page: set[tuple[str, str]] = {(str(s.facet), s.id) for s in selections}
        self.people: dict[str, Person] = {person.id: person for person in programme.people}
        self.orgs: dict[str, Organisation] = {org.id: org for org in programme.organisations}
        self.children: dict[str, list[Organisation]] = {}
        for org in programme.organisations:
            if org.parent is not None:
                self.children.setdefault(org.parent.id, []).append(org)
        self.people_of: dict[str, list[Person]] = {}
        for person in programme.people:
            affiliation = person.affiliation
            if affiliation is not None:
                for found in (affiliation, *affiliation.ancestors()):
                    self.people_of.setdefault(found.id, []).append(person)

    def labels(self, locale: str) -> FacetLabels:
        """The names of the values in ``locale``, looked up once."""
        found = self._labels.get(locale)
        if found is None:
            found = self._labels[locale] = FacetLabels(self.programme, locale)
        return found

    def url(self, locale: str, facet: Facet, value: str) -> str:
        """The page of a value, ``""`` when it has none."""
        if (facet, value) not in self.has_page:
            return ""
        return _layout.facet_url(self.programme, locale, facet, value)

    def ordered(self, sessions: Sequence[Session]) -> list[Session]:
        """``sessions`` in the pages' order: coming soonest first, then past newest first."""
        rank = self.rank
        return sorted(sessions, key=lambda session: rank[session.id])


# What a hub page is about: a person's details, an organisation's, and what kind of page it is.
# Its names link to the other hub pages that exist (HubIndex): a person's organisation, an
# organisation's parent, the organisations under it and its people.


@attrs.frozen
class Link:
    """A name and its page (``url`` ``""``: no page to link to).

    Attributes:
        text: The name.
        url: Its page.
        lang: The language of the name when it is not the page's, else ``""``.
    """

    text: str
    url: str
    lang: str = ""


def kind_of_page(words: Words, facet: Facet) -> str:
    """What the page is about, above its name: "Person", "Topic", ..."""
    return {
        Facet.PEOPLE: words.gettext("Person"),
        Facet.ORGANISATIONS: words.gettext("Organisation"),
        Facet.TAGS: words.gettext("Topic"),
        Facet.LANGUAGES: words.gettext("Language"),
        Facet.KINDS: words.gettext("Kind of session"),
    }[facet]


def person_details(composition: Composition, index: HubIndex, person: Person) -> dict[str, Any]:
    """A person's page's variables: ``person``, ``job_title``, ``affiliation``, ``website``, ``same_as``."""
    programme, locale = composition.programme, composition.locale
    job: Localized | None = programme.text(person.job_title, locale) if person.job_title is not None else None
    org = person.affiliation
    affiliation = org_link(composition, index, org) if org is not None else None
    return {
        "person": person,
        "job_title": job,
        "affiliation": affiliation,
        "website": person.url or "",
        "same_as": person.same_as,
    }


def org_link(composition: Composition, index: HubIndex, org: Organisation) -> Link:
    """An organisation's name ("Initiative for Global Solidarity (IGS)") and its page, if it has one."""
    programme, locale = composition.programme, composition.locale
    name = programme.text(org.name, locale)
    return Link(
        text=composition.words.organisation_name(programme, org),
        url=index.url(locale, Facet.ORGANISATIONS, org.id),
        lang="" if name.lang == locale else name.lang,
    )


def organisation_details(composition: Composition, index: HubIndex, org: Organisation) -> dict[str, Any]:
    """An organisation's page's variables: ``website``, ``parent``, ``children``, ``members``.

    The members are its people and those of the organisations under it, by name.
    """
    locale = composition.locale
    children = index.children.get(org.id, [])
    people = sorted(index.people_of.get(org.id, []), key=lambda p: (p.name.casefold(), p.id))
    return {
        "organisation": org,
        "website": org.url or "",
        "parent": org_link(composition, index, org.parent) if org.parent is not None else None,
        "children": tuple(org_link(composition, index, child) for child in children),
        "members": tuple(
            Link(text=person.name, url=index.url(locale, Facet.PEOPLE, person.id)) for person in people
        ),
    }


def hub_page_count(sessions: int) -> int:
    """How many pages a hub of ``sessions`` sessions has (one at least)."""
    return max(1, -(-sessions // PAGE_SIZE))


#: The template of a session's line on a hub page (``parts/hub-sessions.html`` includes it).
ITEM_TEMPLATE = "parts/hub-item.html"


def _item(composition: Composition, session: Session) -> HubItem:
    """The session's line on a hub page (``parts/hub-item.html`` writes it)."""
    programme, locale = composition.programme, composition.locale
    block = composition.block(session)
    status = session.status
    return HubItem(
        url=_layout.session_url(programme, session, locale),
        title=block.title.text,
        title_lang="" if block.title.lang == locale else block.title.lang,
        when=block.when_text,
        machine_date=machine_date(session.when),
        kind=block.kind_phrase,
        status="" if status is Status.SCHEDULED else status.value,
        status_text=block.status_text,
    )


def _lists(
    composition: Composition, index: HubIndex, sessions: Sequence[Session], prefix: str
) -> tuple[HubList, ...]:
    words = composition.words
    coming = [s for s in sessions if index.rank[s.id] < index.upcoming]
    past = [s for s in sessions if index.rank[s.id] >= index.upcoming]
    found = []
    for name, heading, chosen in (
        ("coming", words.gettext("Coming sessions"), coming),
        ("past", words.gettext("Past sessions"), past),
    ):
        if chosen:
            items = tuple(_item(composition, session) for session in chosen)
            found.append(HubList(id=f"_{prefix}{name}", heading=heading, items=items))
    return tuple(found)


def _groups(
    composition: Composition,
    index: HubIndex,
    selection: Selection,
    sessions: Sequence[Session],
) -> tuple[Hub, ...]:
    """The page's sessions: by role for a person, else in one group."""
    if selection.facet is not Facet.PEOPLE:
        return (Hub(id="", heading="", lists=_lists(composition, index, sessions, "")),)
    by_role: dict[Role, list[Session]] = {}
    for session in sessions:
        for part in session.participants:
            if part.person.id == selection.id:
                played = by_role.setdefault(part.role, [])
                if not played or played[-1] is not session:
                    played.append(session)
    phrases = composition.phrases
    return tuple(
        Hub(
            id=f"_role-{role.value}",
            heading=phrases.role_label(role, len(chosen)),
            lists=_lists(composition, index, chosen, f"{role.value}-"),
        )
        for role in Role
        if (chosen := by_role.get(role))
    )


def _modified(revisions: Revisions | None, sessions: Sequence[Session]) -> dt.datetime | None:
    if revisions is None:
        return None
    found = [r.modified for s in sessions if (r := revisions.by_id.get(s.id)) is not None]
    newest = max(found, default=None)
    return newest if newest is not None and newest >= _EPOCH else None


def hub_context(
    composition: Composition,
    templates: Templates,
    index: HubIndex,
    selection: Selection,
    number: int = 1,
    *,
    revisions: Revisions | None = None,
    removals: Removals | None = None,
) -> dict[str, Any]:
    """The variables of ``hub.html`` for page ``number`` of ``selection``'s hub (docs/templates.md)."""
    programme, locale, words = composition.programme, composition.locale, composition.words
    facet, value = selection.facet, selection.id
    labels = index.labels(locale)
    label = labels.label(facet, value)
    feed_name = labels.title(facet, value)
    ordered = index.ordered(selection.sessions)
    count = hub_page_count(len(ordered))
    chunk = ordered[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]
    path = _layout.hub_page(facet, value, number)
    context = common.page_context(composition, templates, path)
    page_url = _layout.page_url(programme, locale, path)
    context.update(
        common.pagination(composition, number, count, functools.partial(_layout.hub_page, facet, value))
    )
    entity: Person | Organisation | None = None
    details: dict[str, Any] = {"person": None, "organisation": None}
    children: list[Organisation] = []
    if facet is Facet.PEOPLE and value in index.people:
        entity = index.people[value]
        details.update(person_details(composition, index, entity))
    elif facet is Facet.ORGANISATIONS and value in index.orgs:
        entity = index.orgs[value]
        details.update(organisation_details(composition, index, entity))
        children = [c for c in index.children.get(value, []) if index.url(locale, facet, c.id)]
    more = f" ({context['page_label']})" if count > 1 else ""
    calendar_count = sum(1 for s in selection.sessions if s.id in index.calendar)
    files = functools.partial(_layout.facet_url, programme, locale, facet, value)
    context.update(details)
    context.update(
        {
            "facet": str(facet),
            "value": value,
            "label": label,
            "kind_of_page": kind_of_page(words, facet),
            "feed_name": feed_name,
            "page_title": f"{label.text}{more} \u2013 {context['title'].text}",
            "session_count": len(ordered),
            "session_count_text": words.ngettext("%(num)d session", "%(num)d sessions", len(ordered))
            % {"num": len(ordered)},
            "programme_url": _layout.locale_url(programme, locale),
            "urls": attrs.evolve(context["urls"], **common.subscribe_urls(files, feed_name)),
            "feeds": common.announced_feeds(feed_name, words, files),
            "jsonld": common.script_pieces(
                iter_hub_script_tag(
                    build_hub_graph(
                        programme,
                        locale,
                        facet,
                        entity=entity,
                        url=page_url,
                        name=label.text,
                        sessions=chunk,
                        modified=_modified(revisions, selection.sessions),
                        children=children,
                    ),
                    entity=entity,
                    removals=removals,
                )
            ),
            "calendar_count": calendar_count,
            "calendar_text": calendar_text(words, calendar_count),
            "groups": _groups(composition, index, selection, chunk),
        },
    )
    return context


def iter_hub_pages(
    composition: Composition,
    templates: Templates,
    index: HubIndex,
    selection: Selection,
    *,
    revisions: Revisions | None = None,
    removals: Removals | None = None,
) -> Iterator[tuple[str, str]]:
    """Each page of ``selection``'s hub: its path in the locale folder and its text, one page at a time.

    A page is rendered whole: it lists at most :data:`PAGE_SIZE` sessions, a
    line each (some 200 KB at most).

    Raises:
        TemplateError: A template has an error.
    """
    count = hub_page_count(len(selection.sessions))
    for number in range(1, count + 1):
        context = hub_context(
            composition, templates, index, selection, number, revisions=revisions, removals=removals
        )
        yield (
            _layout.hub_page(selection.facet, selection.id, number),
            templates.render_text(HUB_TEMPLATE, context),
        )
