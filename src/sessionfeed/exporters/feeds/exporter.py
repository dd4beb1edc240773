"""RSS 2.0 and Atom 1.0 feeds of a programme, one of each per locale: the exporters and builders.

``DIR/<locale>/feed.rss`` and ``DIR/<locale>/feed.atom`` carry one item per
session. The feed's parts, each a module of this package:

* :mod:`~sessionfeed.exporters.feeds.plan`: what a feed says (ids, dates and
  order derived from data only, never the clock), with no XML yet;
* :mod:`~sessionfeed.exporters.feeds.items`: each item, made from the plan when it is read;
* :mod:`~sessionfeed.exporters.feeds.pages`: the complete feed, or RFC 5005
  archives, each written a batch of entries at a time;
* :mod:`~sessionfeed.exporters.feeds.rss` and :mod:`~sessionfeed.exporters.feeds.atom`:
  each format's head and entries, written by the one XML writer, lxml's
  incremental one (:mod:`~sessionfeed.exporters.feeds.xml_writer`);
* :mod:`~sessionfeed.exporters.feeds.xml_text`: what XML can carry, RFC 822 dates.
* :mod:`~sessionfeed.exporters.feeds.subfeeds`: the feeds of each facet value
  (``<facet>/<id>/feed.rss``, ``feed.atom``), their entries copied from the
  whole feed's as it is written.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, ClassVar

import attrs

from sessionfeed.exporters.base import BaseExporter, Context, Omitted, OutputFile, Rendering
from sessionfeed.exporters.feeds.atom import ATOM_TYPE, atom_pieces
from sessionfeed.exporters.feeds.pages import ARCHIVE_DIR, feed_pages
from sessionfeed.exporters.feeds.plan import make_plan, plan_feed
from sessionfeed.exporters.feeds.rss import RSS_TYPE, rss_pieces
from sessionfeed.exporters.feeds.subfeeds import Format, document_pieces, subfeed_files
from sessionfeed.exporters.spool import Spool
from sessionfeed.exporters.window import keeper, outside_reason
from sessionfeed.site.layout import ATOM, RSS


if TYPE_CHECKING:
    from sessionfeed.model.facets import Selection
    from sessionfeed.model.programme import Programme, Session
    from sessionfeed.model.revisions import Revisions


__all__ = ["AtomExporter", "RSSExporter", "build_atom", "build_rss"]

# --------------------------------------------------------------- the builders


def build_rss(programme: Programme, locale: str, *, revisions: Revisions | None = None) -> bytes:
    """The complete RSS 2.0 feed of ``locale``: one item per session, newest first.

    Args:
        programme: The programme.
        locale: The page locale, e.g. ``nl``.
        revisions: Each session's revision; as the data states them when ``None``.
    """
    plan = plan_feed(programme, locale, revisions=revisions)
    return b"".join(rss_pieces(plan, feed_pages(plan, RSS, None)[0]))


def build_atom(programme: Programme, locale: str, *, revisions: Revisions | None = None) -> bytes:
    """The complete Atom 1.0 feed of ``locale``: one entry per session, newest first.

    Args:
        programme: The programme.
        locale: The page locale, e.g. ``nl``.
        revisions: Each session's revision; as the data states them when ``None``.
    """
    plan = plan_feed(programme, locale, revisions=revisions)
    return b"".join(atom_pieces(plan, feed_pages(plan, ATOM, None)[0]))


# ----------------------------------------------------------------- exporters


def _check_page_size(_instance: object, _attribute: object, value: int | None) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
        message = f"page_size must be a whole number of entries, 1 or more, or None; got {value!r}"
        raise ValueError(message)


@attrs.frozen(kw_only=True, repr=False)
class _FeedExporter(BaseExporter):
    """A feed of one locale; its format is the subclass's.

    Attributes:
        page_size: ``None`` (the default) writes the complete feed, marked
            ``fh:complete`` (RFC 5005 §2). A number writes the newest sessions
            up to that many in the feed and the older ones in archive
            documents (``archive/1.rss``, ``archive/1.atom``, …) linked with
            ``prev-archive`` (§4).
    """

    feed_format: ClassVar[Format]

    page_size: int | None = attrs.field(default=None, validator=_check_page_size)

    def render(self, programme: Programme, context: Context) -> Rendering:
        """Write the feed (and archives when paged) for ``context.locale``."""
        fmt, filename = self.feed_format, self.filename
        keep = keeper(programme, context)
        plan = make_plan(context.compose(programme), context.revisions, context.templates, keep)
        pages = feed_pages(plan, filename, self.page_size)
        notes = list(plan.notes)
        if len(pages) > 1:
            notes.append(
                f"paged: the newest {len(pages[0].items)} sessions in {filename}, the "
                f"{len(plan.items) - len(pages[0].items)} older ones in {len(pages) - 1} "
                f"archive documents under {ARCHIVE_DIR}/",
            )
        # The facet values' feeds come after the last document, their entries copied
        # from a spool that every document of the whole feed fills as it is written.
        chosen = () if context.on_demand else context.selections
        spool = Spool() if chosen else None
        subfeeds = functools.partial(subfeed_files, programme, plan, fmt, self.page_size, chosen, spool=spool)
        return Rendering(
            # Each file is written as it is read, a batch of entries at a time.
            files=tuple(
                OutputFile(
                    path=page.path,
                    produce=functools.partial(
                        document_pieces,
                        fmt,
                        plan,
                        page,
                        spool=spool,
                        subfeeds=subfeeds,
                        last=number == len(pages) - 1,
                    ),
                    media_type=self.media_type,
                )
                for number, page in enumerate(pages)
            ),
            included=tuple(s.id for s in programme.sessions if keep is None or keep(s)),
            omitted=tuple(
                Omitted(session=s.id, reason=outside_reason(programme, s, context))
                for s in programme.sessions
                if keep is not None and not keep(s)
            ),
            notes=tuple(notes),
        )

    def render_selection(
        self,
        programme: Programme,
        context: Context,
        selection: Selection,
    ) -> list[OutputFile]:
        """The feed of one facet value, ``<facet>/<id>/feed.rss`` or ``.atom`` (and archives when paged).

        Its items are composed here: the same bytes as a build copies.
        """
        keep = keeper(programme, context)
        members = {session.id for session in selection.sessions}

        def held(session: Session) -> bool:
            return session.id in members and (keep is None or keep(session))

        plan = make_plan(context.compose(programme), context.revisions, context.templates, held)
        return list(subfeed_files(programme, plan, self.feed_format, self.page_size, (selection,)))


@attrs.frozen(kw_only=True, repr=False)
class RSSExporter(_FeedExporter):
    """RSS 2.0 (``feed.rss``), one per locale, complete or paged (``page_size``)."""

    name: ClassVar[str] = "rss"
    title: ClassVar[str] = "RSS 2.0"
    media_type: ClassVar[str] = RSS_TYPE
    filename: ClassVar[str] = RSS
    feed_format: ClassVar[Format] = "rss"


@attrs.frozen(kw_only=True, repr=False)
class AtomExporter(_FeedExporter):
    """Atom 1.0 (``feed.atom``), one per locale, complete or paged (``page_size``)."""

    name: ClassVar[str] = "atom"
    title: ClassVar[str] = "Atom"
    media_type: ClassVar[str] = ATOM_TYPE
    filename: ClassVar[str] = ATOM
    feed_format: ClassVar[Format] = "atom"
