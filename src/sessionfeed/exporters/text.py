"""The programme as plain text, in the shape of the seed page (``programme.txt``).

The programme's title and introduction, then each session as
:func:`~sessionfeed._compose.block_text` writes it: the title with month and
year, the details, the description, "Gespreksleider:" and "Sprekers:" with
one bullet line per person. Nothing is left out: a session whose date is not
known yet is listed with "datum volgt nog".
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, ClassVar

from sessionfeed._compose import block_text, encode_pieces, paragraphs, session_block
from sessionfeed._layout import TEXT
from sessionfeed.exporters._base import BaseExporter, Context, OutputFile, Rendering


if TYPE_CHECKING:
    from sessionfeed._model import Programme


__all__ = ["TextExporter", "build_text", "iter_text"]


def iter_text(
    programme: Programme,
    locale: str,
    *,
    cache: dict[tuple[str, ...], Any] | None = None,
) -> Iterator[str]:
    """The text of :func:`build_text` in pieces: the head, then each session as it is written.

    Memory holds one session's text at a time, not the file.
    """
    head = [programme.text(programme.title, locale).text]
    if programme.intro is not None:
        head.extend(paragraphs(programme.text(programme.intro, locale).text))
    yield "\n\n".join(head)
    for session in programme.sessions:
        yield "\n\n\n"
        yield block_text(session_block(programme, session, locale, cache=cache), cache=cache)
    yield "\n"


def build_text(
    programme: Programme,
    locale: str,
    *,
    cache: dict[tuple[str, ...], Any] | None = None,
) -> str:
    """The whole programme as plain text for ``locale``, ending in a newline.

    Args:
        programme: The programme.
        locale: The page locale, e.g. ``nl``.
        cache: A build's shared cache (``Context.cache``), so that sessions are
            composed once per build.
    """
    return "".join(iter_text(programme, locale, cache=cache))


class TextExporter(BaseExporter):
    """Plain text (``programme.txt``), UTF-8, in the seed page's shape."""

    name: ClassVar[str] = "text"
    title: ClassVar[str] = "Plain text"
    media_type: ClassVar[str] = "text/plain; charset=utf-8"
    filename: ClassVar[str] = TEXT
    aliases: ClassVar[tuple[str, ...]] = ("txt",)

    def render(self, programme: Programme, context: Context) -> Rendering:
        """Write ``programme.txt`` for ``context.locale``, streamed; every session goes in."""
        locale, cache = context.locale, context.cache

        def produce() -> Iterator[bytes]:
            return encode_pieces(iter_text(programme, locale, cache=cache))

        return Rendering(
            files=(OutputFile(path=self.filename, produce=produce, media_type=self.media_type),),
            included=tuple(s.id for s in programme.sessions),
        )
