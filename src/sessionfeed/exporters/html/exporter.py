"""The ``html`` exporter: a locale's programme page, archive pages, session pages and hub pages."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, ClassVar

from sessionfeed.exporters.base import BaseExporter, Context, OutputFile, Rendering
from sessionfeed.exporters.html import common
from sessionfeed.exporters.html.hub_page import HUB_TEMPLATE, ITEM_TEMPLATE, HubIndex, iter_hub_pages
from sessionfeed.exporters.html.programme_page import (
    LISTING_TEMPLATE,
    PAGE_TEMPLATE,
    iter_listing,
    render_page,
)
from sessionfeed.exporters.html.session_page import SESSION_TEMPLATE, session_page_context
from sessionfeed.exporters.html.timeline import timeline
from sessionfeed.exporters.removals import Removals
from sessionfeed.exporters.templating import builtin_templates
from sessionfeed.site import clock, layout as _layout
from sessionfeed.words.compose import encode_pieces


if TYPE_CHECKING:
    from sessionfeed.model.facets import Selection
    from sessionfeed.model.programme import Programme


__all__ = ["HTMLExporter"]

_MEDIA_TYPE = "text/html; charset=utf-8"


def _page(path: str, pieces: Iterable[str]) -> OutputFile:
    """A page other than the programme page: its pieces, encoded, as a whole file."""
    return OutputFile(path=path, content=b"".join(encode_pieces(pieces)), media_type=_MEDIA_TYPE)


class HTMLExporter(BaseExporter):
    """The programme page (``index.html``) of a locale, its archive pages and each session's page."""

    name: ClassVar[str] = "html"
    title: ClassVar[str] = "Programme page"
    media_type: ClassVar[str] = _MEDIA_TYPE
    filename: ClassVar[str] = _layout.PAGE
    aliases: ClassVar[tuple[str, ...]] = ("page",)

    def export(self, programme: Programme, *, locale: str) -> bytes:
        """Return the programme page of ``locale`` alone (the other pages are not made), as of now.

        Raises:
            ArgumentError: ``programme`` is not a programme, or ``locale`` not one of its locales.
        """
        from sessionfeed._arguments import check_locale, check_programme
        from sessionfeed.words.compose import Composition

        programme = check_programme(programme)
        locale = check_locale(programme, locale)
        return b"".join(encode_pieces(render_page(Composition(programme, locale), None)))

    def render(self, programme: Programme, context: Context) -> Rendering:
        """Write ``index.html`` for ``context.locale``, then its archive pages and each session's page.

        Streamed: the programme page's bytes, then each other page as a whole
        file made along the way (:meth:`OutputFile.pieces`). "Now" is
        ``context.now`` (the clock or ``SOURCE_DATE_EPOCH`` when it has none).
        Rendered by the build's templates (``context.templates``), the
        built-in ones when it has none. The characters removed from texts
        (those HTML does not allow) are reported once the pages are written:
        the programme's own texts, and each session's from its page.
        """
        composition = context.compose(programme)
        templates = context.templates or builtin_templates()
        # Compiled now, so that a syntax error stops the build before any file is written.
        for name in (PAGE_TEMPLATE, LISTING_TEMPLATE, SESSION_TEMPLATE, HUB_TEMPLATE, ITEM_TEMPLATE):
            templates.get(name)
        now = clock.moment(context.now)
        removals = Removals(common.REMOVAL_REASON)

        def produce() -> Iterator[bytes | OutputFile]:
            removals.clear()  # counted afresh each time the pages are made
            yield from encode_pieces(
                render_page(composition, removals, templates, now=now, selections=context.selections)
            )
            line = timeline(programme, now)
            for page in line.pages():
                yield _page(page.path, iter_listing(composition, templates, page, line))
            for session in programme.sessions:
                variables = session_page_context(composition, templates, session, removals)
                yield _page(_layout.session_page(session.id), templates.generate(SESSION_TEMPLATE, variables))
            if context.on_demand or not context.selections:
                return
            # Each facet value's page(s), made one at a time from one index of the programme.
            index = HubIndex(programme, line, context.selections)
            for selection in context.selections:
                for path, text in iter_hub_pages(
                    composition, templates, index, selection, revisions=context.revisions, removals=removals
                ):
                    yield _page(path, (text,))

        return Rendering(
            files=(OutputFile(path=self.filename, produce=produce, media_type=self.media_type),),
            included=tuple(s.id for s in programme.sessions),
            later_notes=removals.notes,
        )

    def render_selection(
        self,
        programme: Programme,
        context: Context,
        selection: Selection,
    ) -> list[OutputFile]:
        """The hub page(s) of one facet value, with the bytes a build writes (``serve`` asks for them).

        Which other values have pages (and so are linked to) comes from
        ``context.selections``; when it has none, from the programme's ``facets``.
        """
        from sessionfeed.model.facets import selections

        composition = context.compose(programme)
        templates = context.templates or builtin_templates()
        line = timeline(programme, clock.moment(context.now))
        chosen = context.selections or tuple(selections(programme, programme.facets))
        index = HubIndex(programme, line, chosen)
        return [
            _page(path, (text,))
            for path, text in iter_hub_pages(
                composition, templates, index, selection, revisions=context.revisions
            )
        ]
