"""Texts as HTML carries them: the one escaping of every page, fragment and template.

Every text that sessionfeed writes into HTML goes through :func:`escape_html`:
the built-in templates and a site's own (it is their ``finalize``, see
:mod:`sessionfeed.exporters.templating`), the feeds' HTML content and the
language choice page. It drops what HTML does not allow in a document and
escapes what would end a text or an attribute value.
"""

from __future__ import annotations

import functools
import html
import re

from sessionfeed.model.chars import lf_line_ends, without_unsafe


__all__ = ["escape_html", "html_clean", "paragraphs", "text_paragraphs"]

_BLANK_LINES = re.compile(r"\n[ \t]*\n+")


def paragraphs(text: str) -> tuple[str, ...]:
    """Split a text at blank lines into paragraphs, each stripped; empty ones dropped."""
    return tuple(stripped for p in _BLANK_LINES.split(lf_line_ends(text)) if (stripped := p.strip()))


def html_clean(text: str) -> str:
    """The text as HTML can carry it: line ends as LF, forbidden characters dropped."""
    return without_unsafe(lf_line_ends(text))[0]


def text_paragraphs(text: str, *, clean: bool = False) -> tuple[tuple[str, ...], ...]:
    """A text's paragraphs (split at blank lines), each as its lines, as HTML can carry them.

    The characters HTML does not allow are dropped first (not needed when
    ``clean``: the text is known to have none); a template writes each line,
    escaped, with ``<br>`` between the lines of a paragraph.
    """
    cleaned = text if clean else html_clean(text)
    return tuple(tuple(p.split("\n")) for p in paragraphs(cleaned))


#: The characters that make :func:`escape_html` change an ASCII text: what
#: ``html.escape`` replaces, CR (line ends become LF) and the controls that
#: :func:`html_clean` drops (as bytes: a byte search is the quickest test).
_HTML_WORK_ASCII = b"&<>\"'\r" + bytes([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
#: The same for any text, and more: the C1 controls, surrogates and
#: noncharacters of the BMP, and every character beyond it (text with those
#: takes the exact way). One range for all of the latter keeps the class quick.
_HTML_WORK = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f&<>\"'\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff\U00010000-\U0010ffff]",
)
#: Texts up to this long that need escaping are remembered (names, person
#: lines and organisations repeat from session to session).
_MEMO_CHARS = 256


def escape_html(text: str) -> str:
    """Escape a text for HTML content or a quoted attribute value.

    Characters HTML does not allow in a document (C0 and C1 controls other than
    tab and line feed, noncharacters) are dropped and line ends become LF,
    so that a parser gives back exactly the text that :func:`html_clean` keeps.

    Most text needs none of that and is returned as it is, found by one quick
    search; short texts that do need it are remembered, a bounded number of them.
    """
    if text.isascii():
        data = text.encode("ascii")
        if len(data.translate(None, _HTML_WORK_ASCII)) == len(data):
            return text
    elif not _HTML_WORK.search(text):
        return text
    if len(text) <= _MEMO_CHARS:
        return _escape_short(text)
    return html.escape(html_clean(text), quote=True)


@functools.lru_cache(maxsize=4096)
def _escape_short(text: str) -> str:
    return html.escape(html_clean(text), quote=True)
