"""A listing page as blocks: headings, paragraphs and list items, each with its line.

Plain text (bullets ``•``, ``-``, ``*``, numbered items; Markdown ``#``
headings and underlined headings; a paragraph's lines joined) and HTML
(``h1`` to ``h6``, ``p``, ``ul``/``ol``/``li``, ``br``; scripts, styles,
navigation and forms skipped).
"""

from __future__ import annotations

import html.parser
import re

import attrs

from sessionfeed.importers._common import squash
from sessionfeed.importers._listing_words import is_label


__all__ = ["Block", "html_blocks", "is_html", "text_blocks"]


_BULLET = re.compile(r"^\s*(?:[•●◦▪▫‣\u2043∙·*+]|[-\u2013\u2014](?=\s)|\d{1,3}[.)](?=\s))\s*(?P<text>.+)$")
_MARKDOWN = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<text>.+?)\s*#*\s*$")
_UNDERLINE = re.compile(r"^\s*(=+|-+)\s*$")


@attrs.frozen
class Block:
    kind: str  # heading, text, item
    text: str
    line: int
    level: int = 0
    gap: int = 0  # blank lines before it (plain text)


def text_blocks(text: str) -> list[Block]:
    """Plain text as blocks: a heading, a paragraph (lines joined) or a list item per block."""
    blocks: list[Block] = []
    gap = 0
    # Lines end at LF, CRLF or CR only: U+2028, U+0085 and the other breaks str.splitlines knows are text.
    for number, raw in enumerate(re.split(r"\r\n|\r|\n", text), start=1):
        line = raw.strip()
        if not line:
            gap += 1
            continue
        last = blocks[-1] if blocks and gap == 0 else None  # the block of the line right above
        if _UNDERLINE.match(line) and last and last.kind == "text" and len(line) >= 3:
            blocks[-1] = attrs.evolve(last, kind="heading", level=1 if line[0] == "=" else 2)
            continue
        if match := _MARKDOWN.match(line):
            blocks.append(Block("heading", match["text"], number, len(match["hashes"]), gap))
        elif match := _BULLET.match(raw):
            blocks.append(Block("item", match["text"].strip(), number, 0, gap))
        elif last and last.kind == "text" and not is_label(line) and not is_label(last.text):
            blocks[-1] = attrs.evolve(last, text=f"{last.text} {line}")
        else:
            blocks.append(Block("text", line, number, 0, gap))
        gap = 0
    return blocks


class _HTMLReader(html.parser.HTMLParser):
    """HTML as blocks: headings, paragraphs (split at ``<br>``) and list items."""

    _SKIP = frozenset({"script", "style", "template", "noscript", "nav", "footer", "svg", "button", "form",
                       "select", "head"})  # fmt: skip
    _BLOCKS = frozenset({"p", "div", "section", "article", "blockquote", "dd", "dt", "td", "th", "figcaption",
                         "address", "main", "header", "ul", "ol", "dl", "table", "tr", "body"})  # fmt: skip

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.title = ""
        self._skip = 0
        self._in_title = False
        self._kind = "text"
        self._level = 0
        self._parts: list[str] = []
        self._line = 1

    def _flush(self) -> None:
        text = "".join(self._parts)
        self._parts = []
        for line in text.split("\n"):
            piece, kind = squash(line), self._kind
            if not piece:
                continue
            if kind == "text" and (match := _BULLET.match(piece)):
                piece, kind = match["text"].strip(), "item"
            self.blocks.append(Block(kind, piece, self._line, self._level))

    def _start(self, kind: str, level: int = 0) -> None:
        self._flush()
        self._kind, self._level = kind, level
        self._line = self.getpos()[0]

    def handle_starttag(self, tag: str, attributes: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
        if tag in self._SKIP:
            self._skip += 1
            return
        if self._skip:
            return
        if re.fullmatch(r"h[1-6]", tag):
            self._start("heading", int(tag[1]))
        elif tag == "li":
            self._start("item")
        elif tag in self._BLOCKS:
            self._start("text")
        elif tag == "br":
            self._parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag in self._SKIP:
            self._skip = max(0, self._skip - 1)
            return
        if self._skip:
            return
        if re.fullmatch(r"h[1-6]", tag) or tag == "li" or tag in self._BLOCKS:
            self._start("text")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        if self._skip:
            return
        if not self._parts and data.strip():
            self._line = self.getpos()[0]
        self._parts.append(data.replace("\n", " "))

    def close(self) -> None:
        super().close()
        self._flush()


def is_html(text: str) -> bool:
    head = text.lstrip()[:2000].lower()
    return head.startswith(("<!doctype html", "<html", "<?xml")) or bool(
        re.search(r"<(?:h[1-6]|p|ul|ol|li|div|body|article|section)[\s>]", head),
    )


def html_blocks(text: str) -> tuple[list[Block], str]:
    reader = _HTMLReader()
    reader.feed(text)
    reader.close()
    return reader.blocks, squash(reader.title)
