"""The programme page's subscribe choices: follow a topic, a language or a person instead of everything.

Besides the whole programme's calendar and feeds, the programme page offers
those of each topic (tag), each language and the people with the most
sessions (:data:`TOP_PEOPLE`; ties by name), each a link to the value's hub
page and to its calendar and feeds (:mod:`sessionfeed.exporters.html.hub_page`).
Only the facets the programme has on (``facets``) are offered, and no value
that holds every session (in a programme of one language, following that
language is following everything).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import attrs

from sessionfeed.exporters.html.common import webcal_url
from sessionfeed.model.facets import Facet, Selection, selections
from sessionfeed.site import layout as _layout
from sessionfeed.words.facet_labels import FacetLabels


if TYPE_CHECKING:
    from sessionfeed.model.programme import Programme
    from sessionfeed.words.vocabulary import Words


__all__ = ["TOP_PEOPLE", "Choice", "ChoiceGroup", "subscribe_choices"]

#: How many people the programme page offers to follow: those with the most sessions.
TOP_PEOPLE = 10


@attrs.frozen
class Choice:
    """A value to follow: its name, its hub page, its calendar and feeds.

    Attributes:
        label: Its name ("herstel & verhaal", "English", "Maria Mora").
        lang: The name's language when it is not the page's, else ``""``.
        url: Its hub page.
        webcal: Its ``calendar.ics`` as ``webcal://``.
        calendar: Its ``calendar.ics`` (https).
        rss: Its ``feed.rss``.
        atom: Its ``feed.atom``.
        count: How many sessions it has.
        count_text: That in words ("12 sessions").
    """

    label: str
    lang: str
    url: str
    webcal: str
    calendar: str
    rss: str
    atom: str
    count: int
    count_text: str


@attrs.frozen
class ChoiceGroup:
    """The choices of one facet, under a heading.

    Attributes:
        id: The ``id`` of its heading.
        heading: "Topics", "Languages", "People".
        choices: Its values.
    """

    id: str
    heading: str
    choices: tuple[Choice, ...]


def _choice(
    programme: Programme, locale: str, words: Words, labels: FacetLabels, chosen: Selection
) -> Choice:
    facet, value = chosen.facet, chosen.id
    label = labels.label(facet, value)
    calendar = _layout.facet_url(programme, locale, facet, value, _layout.CALENDAR)
    count = len(chosen.sessions)
    return Choice(
        label=label.text,
        lang="" if label.lang == locale else label.lang,
        url=_layout.facet_url(programme, locale, facet, value),
        webcal=webcal_url(calendar),
        calendar=calendar,
        rss=_layout.facet_url(programme, locale, facet, value, _layout.RSS),
        atom=_layout.facet_url(programme, locale, facet, value, _layout.ATOM),
        count=count,
        count_text=words.ngettext("%(num)d session", "%(num)d sessions", count) % {"num": count},
    )


def subscribe_choices(
    programme: Programme,
    locale: str,
    words: Words,
    chosen: Sequence[Selection] | None = None,
) -> tuple[ChoiceGroup, ...]:
    """The topics, languages and most active people to follow, for facets that are on.

    ``chosen`` are the build's selections (:attr:`Context.selections`); the
    programme's are made when it has none.
    """
    wanted = [f for f in (Facet.TAGS, Facet.LANGUAGES, Facet.PEOPLE) if f in programme.facets]
    if not wanted:
        return ()
    found: Iterable[Selection] = chosen if chosen else selections(programme, wanted)
    by_facet: dict[Facet, list[Selection]] = {}
    everything = len(programme.sessions)
    for selection in found:
        # A value that holds every session is the whole programme again: not offered.
        if selection.facet in wanted and len(selection.sessions) < everything:
            by_facet.setdefault(selection.facet, []).append(selection)
    labels = FacetLabels(programme, locale)
    groups = []
    for facet, heading in (
        (Facet.TAGS, words.gettext("Topics")),
        (Facet.LANGUAGES, words.gettext("Languages")),
        (Facet.PEOPLE, words.gettext("People")),
    ):
        values = by_facet.get(facet, [])
        if not values:
            continue
        if facet is Facet.PEOPLE and len(values) > TOP_PEOPLE:
            # Only those who may be among the first: as many sessions as the last of them, or more.
            least = sorted((len(v.sessions) for v in values), reverse=True)[TOP_PEOPLE - 1]
            values = [v for v in values if len(v.sessions) >= least]
        choices = [_choice(programme, locale, words, labels, value) for value in values]
        if facet is Facet.PEOPLE:
            choices.sort(key=lambda c: (-c.count, c.label.casefold(), c.url))
            choices = choices[:TOP_PEOPLE]
        else:
            choices.sort(key=lambda c: (c.label.casefold(), c.url))
        groups.append(ChoiceGroup(id=f"_follow-{facet.value}", heading=heading, choices=tuple(choices)))
    return tuple(groups)
