"""The feeds of each facet value: ``<facet>/<id>/feed.rss`` and ``feed.atom``.

A tag's, person's, organisation's, language's or kind's feed holds the items
of that value's sessions (:mod:`sessionfeed.model.facets`) that the whole
programme's feed holds (the same window), in the same order, each item the
very bytes it has there: the same ``guid``/``id``, dates and content, so that
a reader following two feeds sees one item, not two. Its own are its title
("Webinars — Maria Mora", :class:`~sessionfeed.words.facet_labels.FacetLabels`),
its links (the value's page, its own URL), its Atom ``id`` (from the programme
id, the locale, the facet and the value, never the clock), its
``updated``/``lastBuildDate`` (the newest of its items), and its archives when
the exporter pages (``archive/1.atom`` inside its folder).

In a build the items are copied from a :class:`~sessionfeed.exporters.spool.Spool`
that the writer of the whole programme's feed filled, as it wrote them; an
item the spool does not hold (a feed made alone, without a spool) is composed
here, with the same bytes.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Literal

import attrs

from sessionfeed.exporters.base import OutputFile
from sessionfeed.exporters.feeds.atom import ATOM_TYPE, atom_pieces
from sessionfeed.exporters.feeds.pages import Page, feed_pages
from sessionfeed.exporters.feeds.plan import FeedItem, FeedPlan, Stamp, empty_updated
from sessionfeed.exporters.feeds.rss import RSS_TYPE, rss_pieces
from sessionfeed.exporters.feeds.xml_text import xml_text
from sessionfeed.model.ids import programme_uuid
from sessionfeed.site.layout import ATOM, RSS, facet_folder, facet_url
from sessionfeed.words.facet_labels import FacetLabels


if TYPE_CHECKING:
    from sessionfeed.exporters.spool import Spool
    from sessionfeed.model.facets import Selection
    from sessionfeed.model.programme import Programme


__all__ = ["FORMATS", "Format", "document_pieces", "subfeed_files", "subfeed_plan"]

Format = Literal["rss", "atom"]
#: Each format's file name, media type and document writer.
FORMATS: dict[Format, tuple[str, str, Callable[..., Iterator[bytes]]]] = {
    "rss": (RSS, RSS_TYPE, rss_pieces),
    "atom": (ATOM, ATOM_TYPE, atom_pieces),
}


def subfeed_plan(
    plan: FeedPlan,
    programme: Programme,
    labels: FacetLabels,
    selection: Selection,
    stamps: tuple[Stamp, ...],
) -> FeedPlan:
    """The plan of a facet value's feed: the items of ``plan`` at ``stamps``, its own title, links and id."""
    locale = plan.locale
    facet, value = selection.facet, selection.id
    title = xml_text(labels.title(facet, value)).strip() or plan.title
    url = facet_url(programme, locale, facet, value)
    return attrs.evolve(
        plan,
        id=f"urn:uuid:{uuid.uuid5(programme_uuid(programme), f'feed/{locale}/{facet}/{value}')}",
        title=title,
        title_lang=labels.label(facet, value).lang,
        description=plan.subtitle or title,
        folder_url=url,
        page_url=url,
        alternates=tuple((loc, facet_url(programme, loc, facet, value)) for loc in programme.locales),
        updated=max((stamp.updated for stamp in stamps), default=empty_updated(programme)),
        items=plan.items.of(stamps),
        notes=(),
    )


def subfeed_files(
    programme: Programme,
    plan: FeedPlan,
    fmt: Format,
    page_size: int | None,
    selections: Iterable[Selection],
    *,
    spool: Spool | None = None,
) -> Iterator[OutputFile]:
    """The documents of each of ``selections``' feeds (one, or the current one and archives).

    Made from the whole programme's plan, in one format; their entries are
    copied from ``spool`` (the whole feed's, by session id, as its documents
    wrote them: :func:`document_pieces`) where it holds them, else composed.
    """
    filename, media_type, pieces = FORMATS[fmt]
    copies = spool.get if spool is not None else None
    labels = FacetLabels(programme, plan.locale)
    items = plan.items
    stamps = items.stamps
    positions = {items.session_id(stamp): place for place, stamp in enumerate(stamps)}
    for selection in selections:
        places = sorted(positions[s.id] for s in selection.sessions if s.id in positions)
        own = subfeed_plan(plan, programme, labels, selection, tuple(stamps[p] for p in places))
        folder = facet_folder(selection.facet, selection.id)
        for page in feed_pages(own, filename, page_size):
            yield OutputFile(
                path=folder + page.path,
                produce=functools.partial(pieces, own, page, copies=copies),
                media_type=media_type,
            )


def document_pieces(
    fmt: Format,
    plan: FeedPlan,
    page: Page,
    *,
    spool: Spool | None = None,
    subfeeds: Callable[[], Iterable[OutputFile]] | None = None,
    last: bool = True,
) -> Iterator[bytes | OutputFile]:
    """A document of the whole programme's feed; after the last, the facet values' feeds (``subfeeds``).

    Each entry's bytes go into ``spool`` as they are written (the whole feed
    may be split over several documents: every one adds its entries), and
    the last document then yields the facet values' feeds, which copy them.
    The spool is closed after the last document, or as soon as any fails.
    """
    pieces = FORMATS[fmt][2]
    if spool is None:
        yield from pieces(plan, page)
        return

    def taken(item: FeedItem, data: bytes) -> None:
        spool.put(item.session_id, data)

    finished = False
    try:
        yield from pieces(plan, page, taken=taken)
        if last and subfeeds is not None:
            yield from subfeeds()
        finished = True
    finally:
        if last or not finished:
            spool.close()
