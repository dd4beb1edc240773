"""A QR code of a page's URL, as an inline SVG element for the page itself.

The code is the one segno makes (error correction level M, raised when the
symbol has room; the smallest version that holds the URL) and drawn here as
one ``<path>`` of the dark modules on a light square, with the four-module
quiet zone around it that scanners need. The element:

* has no XML declaration and no ``width``/``height``: only a ``viewBox`` in
  modules, so that CSS sizes it (``.qr { width: 10rem }``) and it scales on a
  phone; ``shape-rendering="crispEdges"`` keeps the modules sharp;
* is dark on light whatever the page's colour scheme: a scanner needs the
  contrast, and many do not read an inverted code;
* is ``role="img"`` with a ``<title>`` (the label, escaped) and
  ``aria-labelledby`` pointing at it, so that a screen reader says what it is;
* is the same bytes for the same URL and label.

The template marks the returned text safe: it is built here from the URL's
modules and the escaped label only.

Why there is a fast path: every session page has a code, in every locale,
and made with segno (about 0.9 ms a code with a fixed mask, 3.7 ms with the
best of eight) and drawn run by run they were the largest single cost of a
build: some 30 of 47 seconds at 10,000 sessions. For a URL of up to 213
characters (version 10), :mod:`sessionfeed.site.qrmatrix` makes the same
modules as segno, the same best mask included, from a layout worked out once
per version and level, and :func:`_rows_path` draws them from one string:
about an eighth of the time with a fixed mask, a twentieth with the best. A
longer URL goes the plain way, through segno and :func:`_path`.

How it is held to the plain way: the tests compare the fast modules with
segno's, and the masks' penalty scores with the ones segno computes, for
every length up to 213 bytes and any bytes; the element with what segno and a
run-by-run drawing make for many URLs (around every version's capacity,
every mask, percent-escapes, punycode hosts, non-ASCII); and decode codes of
every version and level with an independent reader (zxing-cpp).
"""

from __future__ import annotations

import functools
import hashlib
import html
import re
from urllib.parse import quote

from sessionfeed.exceptions import ArgumentError
from sessionfeed.model.checks import plain_text_problem
from sessionfeed.site import qrmatrix


__all__ = ["QUIET_ZONE", "qr_svg"]

#: Light modules around the symbol (ISO/IEC 18004 asks for four).
QUIET_ZONE = 4
_DARK = "#000"
_LIGHT = "#fff"
#: Characters XML 1.0 cannot hold (an HTML page shows them badly too): written as U+FFFD.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def _ascii_url(url: str) -> str:
    """``url`` with any non-ASCII character percent-encoded as UTF-8 (RFC 3987 §3.1).

    The code then holds ASCII only, which every scanner reads the same way
    (the QR default for bytes is ISO 8859-1, not UTF-8).
    """
    return quote(url, safe="".join(chr(c) for c in range(0x21, 0x7F)))


_RUN = re.compile(b"\x01+")


def _path(matrix: tuple[bytearray, ...]) -> str:
    """Path data drawing each horizontal run of dark modules as a one-module-high rectangle.

    ``matrix`` is the symbol without its quiet zone, which shifts it by :data:`QUIET_ZONE`.
    """
    parts: list[str] = []
    for y, row in enumerate(matrix, start=QUIET_ZONE):
        for run in _RUN.finditer(row):
            start, length = run.start() + QUIET_ZONE, run.end() - run.start()
            parts.append(f"M{start} {y}h{length}v1h-{length}z")
    return "".join(parts)


_DARK_RUN = re.compile("1+")


@functools.cache
def _run_texts(width: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Path data of a run: its start at each place of the modules' string, its rest for each length.

    The same text :func:`_path` writes: ``M<x> <y>`` and ``h<n>v1h-<n>z``.
    """
    starts = tuple(
        f"M{x + QUIET_ZONE} {y + QUIET_ZONE}" for y in range(width) for x in range(width + qrmatrix.GAP)
    )
    rests = tuple(f"h{length}v1h-{length}z" for length in range(width + 1))
    return starts, rests


def _rows_path(width: int, rows: str) -> str:
    """:func:`_path` of the modules :func:`qrmatrix.modules` gives (``"1"`` dark, light after each row)."""
    starts, rests = _run_texts(width)
    return "".join(
        [starts[begin] + rests[end - begin] for begin, end in map(re.Match.span, _DARK_RUN.finditer(rows))]
    )


def _segno_path(content: str, mask: int | None) -> tuple[int, str]:
    """The symbol's width and :func:`_path` of its modules, made by segno (any length and mask)."""
    import segno

    try:
        code = segno.make_qr(content, error="m", mode="byte", mask=mask)
    except segno.DataOverflowError:
        message = (
            f"qr_svg(): the URL is {len(content)} characters long, more than a QR code holds "
            "(about 2,300 at this error correction); link a shorter URL"
        )
        raise ArgumentError(message) from None
    return len(code.matrix), _path(code.matrix)


def qr_svg(url: str, *, label: str, mask: int | None = None) -> str:
    """An inline SVG element of a QR code that holds ``url``.

    Args:
        url: The URL to encode (a non-ASCII character is percent-encoded first).
        label: What the code is, for screen readers, e.g. "QR code of this
            page's address"; it becomes the ``<title>``.
        mask: ``None`` scores the eight data masks and takes the best, as
            ISO/IEC 18004 recommends (about 0.2 ms a code for a URL of up to
            213 characters, 4 ms beyond); a number from 0 to 7 takes that
            mask (about 0.1 ms a code, 1 ms beyond: every decoder reads every
            mask, the best one only makes misreads of a poor print or photo
            rarer).

    Returns:
        The ``<svg>`` element as text, to put in an HTML page as it is.

    Raises:
        ArgumentError: ``url`` or ``label`` is not text, ``url`` is empty
            or too long for a QR code, or ``mask`` is not one of 0 to 7.
    """
    for name, value in (("url", url), ("label", label)):
        problem = plain_text_problem(value)
        if problem is not None:
            message = f"qr_svg(): {name} {problem}"
            raise ArgumentError(message)
    if mask is not None and (type(mask) is not int or not 0 <= mask <= 7):
        message = f"qr_svg(): mask must be None (the best of eight) or a number from 0 to 7, not {mask!r}"
        raise ArgumentError(message)
    content = _ascii_url(url)
    symbol = qrmatrix.modules(content.encode("ascii"), mask)
    if symbol is not None:
        width, path = symbol[0], _rows_path(*symbol)
    else:
        width, path = _segno_path(content, mask)
    size = width + 2 * QUIET_ZONE
    # An id of the content, so that several codes on one page keep their titles apart.
    ident = "qr-" + hashlib.sha256(f"{content}\n{label}".encode()).hexdigest()[:12]
    title = html.escape(_NOT_XML.sub("\ufffd", label))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="qr" viewBox="0 0 {size} {size}" '
        f'role="img" aria-labelledby="{ident}" shape-rendering="crispEdges">'
        f'<title id="{ident}">{title}</title>'
        f'<rect width="{size}" height="{size}" fill="{_LIGHT}"/>'
        f'<path fill="{_DARK}" d="{path}"/>'
        "</svg>"
    )
