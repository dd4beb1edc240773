"""The programme page of a locale (``<locale>/index.html``) and the pages that continue it.

The programme page lists the coming sessions (soonest first), then the newest
past years (newest first, a heading per year), each session a short card that
links to its own page; older years are on archive pages
(``<locale>/archive/<year>/``) that it links to, and very many coming sessions go
on over ``<locale>/upcoming/2/``, ... (:mod:`~sessionfeed.exporters.html.timeline`
decides which session goes where, from the build's "now"). The subscribe block
says how many coming sessions the calendar holds, and follows the sessions
when it holds none.

The page is rendered by ``page.html``, an archive page by ``listing.html``;
both stream, each card rendered as the list reaches it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from sessionfeed.exporters.html import common
from sessionfeed.exporters.html.cards import Summary, cards, summaries
from sessionfeed.exporters.html.choices import subscribe_choices
from sessionfeed.exporters.html.timeline import ListingPage, Timeline, timeline
from sessionfeed.exporters.removals import Removals, removed_from
from sessionfeed.exporters.templating import Templates, builtin_templates
from sessionfeed.site import clock, layout as _layout
from sessionfeed.words.escaping import html_clean, paragraphs


if TYPE_CHECKING:
    from sessionfeed.model.facets import Selection
    from sessionfeed.model.programme import Programme, Session
    from sessionfeed.model.text import Localized
    from sessionfeed.words.compose import Composition
    from sessionfeed.words.vocabulary import Words


__all__ = [
    "LISTING_TEMPLATE",
    "PAGE_TEMPLATE",
    "ArchiveYear",
    "Group",
    "build_page",
    "calendar_text",
    "iter_listing",
    "iter_page",
    "listing_context",
    "page_context",
]

#: The template of a locale's page.
PAGE_TEMPLATE = "page.html"
#: The template of an archive page and of a further page of coming sessions.
LISTING_TEMPLATE = "listing.html"


@attrs.frozen(kw_only=True)
class Group:
    """A year of past sessions on a page: its heading and its cards (made as they are read).

    Attributes:
        year: The year.
        count: How many sessions it has.
        id: The ``id`` of its heading (``_year-2023``).
        cards: Its short cards, to be read once.
    """

    year: int
    count: int
    id: str
    cards: Iterable[Summary]


@attrs.frozen(kw_only=True)
class ArchiveYear:
    """A past year with a page of its own, for the archive's list of years.

    Attributes:
        year: The year.
        count: How many sessions it has.
        label: The count in words ("12 sessions").
        url: Its (first) page.
    """

    year: int
    count: int
    label: str
    url: str


def _archive_years(programme: Programme, words: Words, line: Timeline) -> tuple[ArchiveYear, ...]:
    locale = words.locale
    return tuple(
        ArchiveYear(
            year=group.year,
            count=len(group.sessions),
            label=words.ngettext("%(num)d session", "%(num)d sessions", len(group.sessions))
            % {"num": len(group.sessions)},
            url=_layout.page_url(programme, locale, _layout.archive_page(group.year)),
        )
        for group in line.archived
    )


def calendar_text(words: Words, count: int) -> str:
    """What the subscribe block says the calendar holds: how many coming sessions, or none yet."""
    if count == 0:
        return words.gettext(
            "The calendar holds no coming sessions now: subscribe, and new ones arrive by themselves.",
        )
    return words.ngettext(
        "The calendar holds %(num)d coming session; new and changed ones arrive by themselves.",
        "The calendar holds %(num)d coming sessions; new and changed ones arrive by themselves.",
        count,
    ) % {"num": count}


def _groups(composition: Composition, templates: Templates, line: Timeline) -> tuple[Group, ...]:
    return tuple(
        Group(
            year=group.year,
            count=len(group.sessions),
            id=f"_year-{group.year}",
            cards=summaries(composition, templates, group.sessions, 4),
        )
        for group in line.past_shown
    )


def _listed(line: Timeline) -> tuple[Session, ...]:
    """The sessions the programme page lists, in its order."""
    return (*line.upcoming_shown, *(session for group in line.past_shown for session in group.sessions))


def page_context(
    composition: Composition,
    templates: Templates,
    removals: Removals | None = None,
    *,
    now: dt.datetime | None = None,
    selections: Sequence[Selection] | None = None,
) -> dict[str, Any]:
    """The variables of ``page.html`` for the composition's locale (docs/templates.md lists them).

    ``jsonld``, ``cards``, ``upcoming`` and each of ``past``'s cards are made as
    the page reads them, so that the page streams; what the programme's texts
    and the JSON-LD lose is recorded in ``removals`` (each session's, by its
    page). ``now`` splits the coming sessions from the past ones
    (:func:`sessionfeed.site.clock.moment` when ``None``). ``selections`` are
    the build's facet values (the programme's when ``None``), for the choices
    of what to follow.
    """
    programme, locale, words = composition.programme, composition.locale, composition.words
    line = timeline(programme, clock.moment(now))
    intro: Localized | None = None
    intro_paragraphs: tuple[str, ...] = ()
    if programme.intro is not None:
        intro = programme.text(programme.intro, locale)
        intro_paragraphs = paragraphs(html_clean(intro.text))
    context = common.page_context(composition, templates)
    calendar_count = line.calendar_count
    context.update(
        {
            "intro": intro,
            "intro_paragraphs": intro_paragraphs,
            "description": " ".join(intro_paragraphs) if intro is not None else None,
            "jsonld": common.jsonld(programme, locale, removals, _listed(line)),
            "now": line.now,
            "upcoming": summaries(composition, templates, line.upcoming_shown, 3),
            "upcoming_count": len(line.upcoming),
            "more_upcoming": (
                _layout.page_url(programme, locale, _layout.upcoming_page(2))
                if len(line.upcoming) > len(line.upcoming_shown)
                else None
            ),
            "past": _groups(composition, templates, line),
            "past_count": sum(len(group.sessions) for group in line.past),
            "archive_years": _archive_years(programme, words, line),
            "calendar_count": calendar_count,
            "calendar_text": calendar_text(words, calendar_count),
            "subscribe_first": calendar_count > 0,
            "cards": cards(composition, templates),
            "choices": subscribe_choices(programme, locale, words, selections),
        },
    )
    return context


def iter_page(
    programme: Programme,
    locale: str,
    *,
    templates: Templates | None = None,
    now: dt.datetime | None = None,
) -> Iterator[str]:
    """The page of :func:`build_page` in pieces, each made as it is read.

    Raises:
        TemplateError: A template has an error (raised as the pieces are read).
    """
    from sessionfeed.words.compose import Composition

    return render_page(Composition(programme, locale), None, templates, now=now)


def render_page(
    composition: Composition,
    removals: Removals | None,
    templates: Templates | None = None,
    *,
    now: dt.datetime | None = None,
    selections: Sequence[Selection] | None = None,
) -> Iterator[str]:
    """:func:`iter_page`, recording in ``removals`` what is removed from the texts as they are written."""
    chosen = builtin_templates() if templates is None else templates
    programme, locale = composition.programme, composition.locale
    if removals is not None:
        for text in common.programme_texts(programme, locale):
            removals.add(removed_from(text))
    return chosen.generate(
        PAGE_TEMPLATE, page_context(composition, chosen, removals, now=now, selections=selections)
    )


def build_page(
    programme: Programme,
    locale: str,
    *,
    templates: Templates | None = None,
    now: dt.datetime | None = None,
) -> str:
    """The programme page for ``locale`` as a complete HTML5 document.

    Args:
        programme: The programme.
        locale: The page locale, e.g. ``nl``.
        templates: The templates to render it with; the built-in ones by default.
        now: The moment that splits coming from past sessions; see
            :func:`sessionfeed.site.clock.moment` for the default.

    Raises:
        TemplateError: A template has an error.
    """
    return "".join(iter_page(programme, locale, templates=templates, now=now))


def listing_context(
    composition: Composition, templates: Templates, page: ListingPage, line: Timeline
) -> dict[str, Any]:
    """The variables of ``listing.html`` for one archive page or further page of coming sessions."""
    programme, locale, words = composition.programme, composition.locale, composition.words
    context = common.page_context(composition, templates, page.path)
    if page.kind == "upcoming":
        heading = words.gettext("Coming sessions")
    else:
        heading = words.gettext("Sessions in {year}").format(year=page.year)

    def path_of(number: int) -> str:
        if page.kind == "archive":
            return _layout.archive_page(page.year, number)
        return _layout.upcoming_page(number) if number > 1 else ""  # the first is the programme page

    context.update(common.pagination(composition, page.number, page.count, path_of))
    context.update(
        {
            "page": page,
            "heading": heading,
            "programme_url": _layout.locale_url(programme, locale),
            "archive_years": _archive_years(programme, words, line),
            "jsonld": common.jsonld(programme, locale, None, page.sessions),
            "cards": summaries(composition, templates, page.sessions, 2, anchor=False),
        },
    )
    return context


def iter_listing(
    composition: Composition, templates: Templates, page: ListingPage, line: Timeline
) -> Iterator[str]:
    """An archive page (or a further page of coming sessions) in pieces, made as they are read."""
    return templates.generate(LISTING_TEMPLATE, listing_context(composition, templates, page, line))
