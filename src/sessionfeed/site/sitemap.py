"""``sitemap.xml`` and ``robots.txt``: the pages of a site, for search engines.

The sitemap is the sitemaps.org 0.9 protocol: a ``<urlset>`` of ``<url>``
elements, each with its ``<loc>`` and, when known, its ``<lastmod>`` (a W3C
datetime: a date, or a UTC time with ``Z``). Each page in several languages
lists every language version, itself included, as
``<xhtml:link rel="alternate" hreflang="…" href="…"/>``, and ``x-default``
for the version shown to anyone else, as Google's rules for localized
versions ask; every version lists the same set, so the links go both ways.

One sitemap file holds at most 50,000 URLs and 50 MB (52,428,800 bytes)
uncompressed. A site with more gets a sitemap index instead:

* ``sitemap.xml``: a ``<sitemapindex>`` naming ``sitemap-1.xml``,
  ``sitemap-2.xml``, … (each with the newest ``lastmod`` of its pages);
* ``sitemap-N.xml``: the pages in the order given, as many to a file as fit.

:func:`sitemap_files` writes either, as it reads the entries: it holds one
file at most in memory (the first, until it knows whether one file is
enough), and gives the rest in pieces as they come. The same entries in the
same order give the same bytes.

URLs are written XML-escaped (``&`` as ``&amp;``); they must already be
URLs (percent-encoded, as a programme's URLs are). A sitemap at the root of
``base_url`` may list only pages under it (the protocol's rule).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from xml.sax.saxutils import escape

import attrs

from sessionfeed.exceptions import ArgumentError
from sessionfeed.model.checks import check_bcp47, check_day, check_url
from sessionfeed.site.layout import SITEMAP


__all__ = [
    "MAX_BYTES",
    "MAX_URLS",
    "SitemapEntry",
    "robots_txt",
    "sitemap_files",
    "sitemap_xml",
]

#: The most URLs, and bytes (uncompressed), that one sitemap file may hold (sitemaps.org).
MAX_URLS = 50_000
MAX_BYTES = 50 * 1024 * 1024
#: The longest ``<loc>`` the protocol allows.
_MAX_LOC = 2048
_X_DEFAULT = "x-default"
#: Pieces of a file are handed on at about this size.
_PIECE = 64 * 1024

_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
    b' xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
)
_FOOT = b"</urlset>\n"
_INDEX_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
)
_INDEX_FOOT = b"</sitemapindex>\n"

_NO_ENTRY = "a sitemap lists at least one page (the protocol's <urlset> is never empty); give its entries"

Lastmod = dt.datetime | dt.date


@attrs.frozen
class SitemapEntry:
    """A page of the site, as the sitemap lists it.

    Attributes:
        url: The page's URL (the canonical one).
        lastmod: When its content last changed: an aware datetime, or a date;
            ``None`` when unknown (the element is left out rather than guessed).
        alternates: Its language versions as ``(hreflang, url)`` pairs, this
            page's own among them, e.g. ``(("nl", …/nl/…), ("en", …/en/…),
            ("x-default", …/nl/…))``; empty for a page in one language.
    """

    url: str
    lastmod: Lastmod | None = None
    alternates: tuple[tuple[str, str], ...] = ()


def _w3c(value: Lastmod) -> str:
    """A W3C datetime: ``YYYY-MM-DD``, or ``YYYY-MM-DDThh:mm:ssZ`` in UTC."""
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return value.isoformat()


def _day(value: Lastmod) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def _loc_problem(url: object) -> str | None:
    problem = check_url(url)
    if problem is None and isinstance(url, str) and len(url) > _MAX_LOC:
        problem = f"is {len(url)} characters long; a sitemap takes URLs of at most {_MAX_LOC}"
    return problem


class _Checker:
    """Checks entries, remembering the language tags it has seen (babel is slow to ask)."""

    def __init__(self, base_url: str | None) -> None:
        self.base_url = base_url
        self.tags: set[str] = {_X_DEFAULT}
        # The versions of a page share their alternates: the last ones found right.
        self.last_alternates: object = None

    def check(self, index: int, entry: object) -> SitemapEntry:
        where = f"sitemap entry {index}"
        if not isinstance(entry, SitemapEntry):
            message = f"{where} must be a SitemapEntry, not {type(entry).__name__}"
            raise ArgumentError(message)
        problems = []
        problem = _loc_problem(entry.url)
        if problem is not None:
            problems.append(f"url {problem}")
        elif self.base_url is not None and not entry.url.startswith(self.base_url):
            problems.append(f"url {entry.url} is not under {self.base_url}, where the sitemap is")
        if entry.lastmod is not None and not isinstance(entry.lastmod, dt.date):
            problems.append(f"lastmod must be a datetime or a date, not {type(entry.lastmod).__name__}")
        elif isinstance(entry.lastmod, dt.datetime) and entry.lastmod.utcoffset() is None:
            problems.append(f"lastmod {entry.lastmod.isoformat()} has no time zone; give it one (UTC, say)")
        elif entry.lastmod is not None and (day_problem := check_day(_day(entry.lastmod))) is not None:
            problems.append(f"lastmod {day_problem}")
        problems.extend(self._alternates_problems(entry))
        if problems:
            message = f"{where} ({entry.url!r}): " + "; ".join(problems)
            raise ArgumentError(message)
        return entry

    def _alternates_problems(self, entry: SitemapEntry) -> list[str]:
        alternates = entry.alternates
        if not isinstance(alternates, tuple):
            return [f"alternates must be a tuple of (hreflang, url) pairs, not {type(alternates).__name__}"]
        problems = [] if alternates == self.last_alternates else self._pairs_problems(alternates)
        if problems or not alternates:
            return problems
        self.last_alternates = alternates
        if not any(url == entry.url and tag != _X_DEFAULT for tag, url in alternates):
            problems.append(
                "its alternates must list the page itself with its language (Google's rule for "
                "localized versions): add (its hreflang, its url)"
            )
        return problems

    def _pairs_problems(self, alternates: tuple[object, ...]) -> list[str]:
        problems = []
        seen: set[str] = set()
        for pair in alternates:
            if not (isinstance(pair, tuple) and len(pair) == 2):
                problems.append(f"alternate {pair!r} is not an (hreflang, url) pair")
                continue
            tag, url = pair
            if not isinstance(tag, str):
                problems.append(f"hreflang {tag!r} is not text")
                continue
            if tag not in self.tags:
                tag_problem = check_bcp47(tag)
                if tag_problem is not None:
                    problems.append(f"hreflang {tag_problem}, nor 'x-default'")
                    continue
                self.tags.add(tag)
            if tag in seen:
                problems.append(f"hreflang {tag!r} is given twice; each language has one version")
            seen.add(tag)
            url_problem = _loc_problem(url)
            if url_problem is not None:
                problems.append(f"the {tag} alternate's url {url_problem}")
        return problems


def _text(url: str) -> str:
    """A checked URL as XML text (of the characters XML escapes, a URL holds only ``&``)."""
    return escape(url) if "&" in url else url


def _attribute(value: str) -> str:
    """A checked URL or language tag as a double-quoted XML attribute value."""
    return escape(value, {'"': "&quot;"}) if "&" in value or '"' in value else value


def _url_element(entry: SitemapEntry) -> bytes:
    parts = [f"<url><loc>{_text(entry.url)}</loc>"]
    if entry.lastmod is not None:
        parts.append(f"<lastmod>{_w3c(entry.lastmod)}</lastmod>")
    parts.extend(
        f'<xhtml:link rel="alternate" hreflang="{_attribute(tag)}" href="{_attribute(url)}"/>'
        for tag, url in entry.alternates
    )
    parts.append("</url>\n")
    return "".join(parts).encode()


def _newest(a: Lastmod | None, b: Lastmod | None) -> Lastmod | None:
    """The later of two lastmods; a date counts as its start in UTC."""
    if a is None or b is None:
        return a if b is None else b

    def key(value: Lastmod) -> dt.datetime:
        if isinstance(value, dt.datetime):
            return value.astimezone(dt.UTC)
        return dt.datetime.combine(value, dt.time(), tzinfo=dt.UTC)

    return a if key(a) >= key(b) else b


def sitemap_xml(entries: Iterable[SitemapEntry]) -> bytes:
    """One sitemap (``<urlset>``) of ``entries``, in their order.

    Raises:
        ArgumentError: An entry is wrong (the message names it and what
            fits), or there are more than :data:`MAX_URLS` entries or
            :data:`MAX_BYTES` bytes: use :func:`sitemap_files` for a site
            that large.
    """
    checker = _Checker(None)
    out = [_HEAD]
    size = len(_HEAD) + len(_FOOT)
    for index, entry in enumerate(entries):
        element = _url_element(checker.check(index, entry))
        size += len(element)
        if index >= MAX_URLS or size > MAX_BYTES:
            message = (
                f"more than {MAX_URLS:,} URLs or {MAX_BYTES:,} bytes for one sitemap file; "
                "use sitemap_files(), which writes a sitemap index and numbered sitemaps"
            )
            raise ArgumentError(message)
        out.append(element)
    if len(out) == 1:
        raise ArgumentError(_NO_ENTRY)
    out.append(_FOOT)
    return b"".join(out)


def sitemap_files(
    entries: Iterable[SitemapEntry],
    base_url: str,
    *,
    max_urls: int = MAX_URLS,
    max_bytes: int = MAX_BYTES,
) -> Iterator[tuple[str, bytes, bool]]:
    """The sitemap of a site, as files in pieces: ``(name, bytes, done)``.

    ``name`` is relative to ``base_url`` (the site's root, ending in ``/``):
    ``sitemap.xml`` alone when the entries fit one file, else ``sitemap.xml``
    as the index of ``sitemap-1.xml``, ``sitemap-2.xml``, …. A file's pieces
    come in order and its last one has ``done`` true; joined, they are the
    file. (These are the pieces :func:`sessionfeed.site.writer.write_files` takes.)

    Args:
        entries: The site's pages, read once, as they come.
        base_url: Where the sitemap files are served; every entry's URL must
            be under it.
        max_urls: The most ``<url>`` elements in one file (tests make it small).
        max_bytes: The most bytes of one file.

    Raises:
        ArgumentError: ``base_url`` or an entry is wrong (the message names
            it), or the limits leave no room for one entry.
    """
    problem = _loc_problem(base_url)
    if problem is None and not base_url.endswith("/"):
        problem = "must end with '/' (the folder the sitemap is in)"
    if problem is not None:
        message = f"sitemap_files(): base_url {problem}"
        raise ArgumentError(message)
    checker = _Checker(base_url)
    name = SITEMAP
    pending: list[bytes] = [_HEAD]
    pending_size = 0
    count, size, newest = 0, len(_HEAD) + len(_FOOT), None
    files: list[Lastmod | None] = []  # the newest lastmod of each numbered file written
    for index, entry in enumerate(entries):
        element = _url_element(checker.check(index, entry))
        if len(_HEAD) + len(element) + len(_FOOT) > max_bytes:
            message = f"sitemap entry {index} ({entry.url!r}) alone is more than {max_bytes:,} bytes"
            raise ArgumentError(message)
        if count == max_urls or size + len(element) > max_bytes:
            # This file is full: the sitemap becomes an index of numbered files.
            if name == SITEMAP:
                name = f"sitemap-{len(files) + 1}.xml"
            yield name, b"".join([*pending, _FOOT]), True
            files.append(newest)
            name = f"sitemap-{len(files) + 1}.xml"
            pending, pending_size = [_HEAD], len(_HEAD)
            count, size, newest = 0, len(_HEAD) + len(_FOOT), None
        pending.append(element)
        pending_size += len(element)
        count += 1
        size += len(element)
        newest = _newest(newest, entry.lastmod)
        if name != SITEMAP and pending_size >= _PIECE:
            yield name, b"".join(pending), False
            pending, pending_size = [], 0
    if count == 0:
        raise ArgumentError(_NO_ENTRY)
    yield name, b"".join([*pending, _FOOT]), True
    if name == SITEMAP:
        return
    files.append(newest)
    if len(files) > MAX_URLS:
        message = f"{len(files):,} sitemap files are more than one sitemap index lists ({MAX_URLS:,})"
        raise ArgumentError(message)
    yield SITEMAP, _index(base_url, files), True


def _index(base_url: str, files: list[Lastmod | None]) -> bytes:
    """The ``<sitemapindex>`` of ``sitemap-1.xml`` … with each one's newest lastmod."""
    out = [_INDEX_HEAD]
    for number, newest in enumerate(files, start=1):
        lastmod = "" if newest is None else f"<lastmod>{_w3c(newest)}</lastmod>"
        out.append(f"<sitemap><loc>{_text(base_url)}sitemap-{number}.xml</loc>{lastmod}</sitemap>\n".encode())
    out.append(_INDEX_FOOT)
    return b"".join(out)


def robots_txt(sitemap_url: str) -> bytes:
    """A ``robots.txt`` that lets every crawler in and names the sitemap (RFC 9309).

    Raises:
        ArgumentError: ``sitemap_url`` is not an absolute http(s) URL.
    """
    problem = _loc_problem(sitemap_url)
    if problem is not None:
        message = f"robots_txt(): sitemap_url {problem}"
        raise ArgumentError(message)
    return f"User-agent: *\nDisallow:\n\nSitemap: {sitemap_url}\n".encode()
