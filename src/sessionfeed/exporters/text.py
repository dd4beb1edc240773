"""The programme as plain text, in the shape of the seed page (``programme.txt``).

The programme's title and introduction, then each session as
:func:`~sessionfeed.words.compose.block_text` writes it: the title with month and
year, the details, the description, "Gespreksleider:" and "Sprekers:" with
one bullet line per person. Nothing is left out: a session whose date is not
known yet is listed with "datum volgt nog".

Every line end is LF, and the characters that a text file should not carry
are removed and reported in the build summary: the controls other than TAB
and LF (a terminal acts on an escape sequence, a backspace or a carriage
return; NUL makes tools take the file for binary), the C1 controls and the
noncharacters (see ``docs/promises.md``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from sessionfeed.exporters.base import BaseExporter, Context, OutputFile, Rendering
from sessionfeed.exporters.removals import Removals, clean, removed_from
from sessionfeed.site.layout import TEXT
from sessionfeed.words.compose import Composition, block_text, encode_pieces, paragraphs


if TYPE_CHECKING:
    from sessionfeed.model.programme import Programme


__all__ = ["TextExporter", "build_text"]


#: Why the plain text removes what it removes (the end of the build summary's note).
REMOVAL_REASON = "a plain text file should not carry"


def iter_text(programme: Programme, locale: str) -> Iterator[str]:
    """The text of :func:`build_text` in pieces: the head, then each session as it is written.

    Memory holds one session's text at a time, not the file. Every line end
    is LF, and the characters a text file should not carry are removed (see
    :func:`~sessionfeed.exporters.removals.clean`).
    """
    return _iter_text(Composition(programme, locale), None)


def _iter_text(composition: Composition, removals: Removals | None) -> Iterator[str]:
    """:func:`iter_text`, recording in ``removals`` what is removed from the texts as they are written."""
    programme, locale = composition.programme, composition.locale
    title = programme.text(programme.title, locale).text
    head = [clean(title)]
    found = removed_from(title)
    if programme.intro is not None:
        intro = programme.text(programme.intro, locale).text
        found += removed_from(intro)
        head.extend(paragraphs(clean(intro)))
    if removals is not None:
        removals.add(found)
    yield "\n\n".join(head)
    for session in programme.sessions:
        yield "\n\n\n"
        block = composition.block(session)
        text = block_text(block)
        # The text is made of the block's texts and the catalog's words: where
        # the block has nothing to remove, neither has the text.
        gone = removed_from(text) if block.unsafe else []
        if gone and removals is not None:
            removals.add(gone, session=session.id)
        if gone or "\r" in text:
            text = clean(text)
        yield text
    yield "\n"


def build_text(programme: Programme, locale: str) -> str:
    """The whole programme as plain text for ``locale``, ending in a newline.

    Args:
        programme: The programme.
        locale: The page locale, e.g. ``nl``.
    """
    return "".join(iter_text(programme, locale))


class TextExporter(BaseExporter):
    """Plain text (``programme.txt``), UTF-8, in the seed page's shape."""

    name: ClassVar[str] = "text"
    title: ClassVar[str] = "Plain text"
    media_type: ClassVar[str] = "text/plain; charset=utf-8"
    filename: ClassVar[str] = TEXT
    aliases: ClassVar[tuple[str, ...]] = ("txt",)

    def render(self, programme: Programme, context: Context) -> Rendering:
        """Write ``programme.txt`` for ``context.locale``, streamed; every session goes in.

        The characters removed from texts are reported once the file is written.
        """
        composition = context.compose(programme)
        removals = Removals(REMOVAL_REASON)

        def produce() -> Iterator[bytes]:
            removals.clear()  # counted afresh each time the file is made
            return encode_pieces(_iter_text(composition, removals))

        return Rendering(
            files=(OutputFile(path=self.filename, produce=produce, media_type=self.media_type),),
            included=tuple(s.id for s in programme.sessions),
            later_notes=removals.notes,
        )
