"""sitemap.xml and robots.txt: validated against the sitemaps.org schemas with lxml, read back with parsers."""

from __future__ import annotations

import datetime as dt
import itertools
import urllib.robotparser
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, strategies as st
from lxml import etree

from sessionfeed.exceptions import ArgumentError
from sessionfeed.site.sitemap import MAX_URLS, SitemapEntry, robots_txt, sitemap_files, sitemap_xml
from strategies import urls


DATA = Path(__file__).resolve().parent / "data" / "sitemap"
NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
BASE = "https://example.org/"
WHEN = dt.datetime(2026, 12, 7, 15, 30, 5, tzinfo=dt.UTC)


def _schema(main: str) -> etree.XMLSchema:
    """``main`` (sitemap.xsd or siteindex.xsd) with the xhtml:link declaration beside it."""
    wrapper = f"""<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
      <xs:import namespace="http://www.sitemaps.org/schemas/sitemap/0.9" schemaLocation="{main}"/>
      <xs:import namespace="http://www.w3.org/1999/xhtml" schemaLocation="xhtml-link.xsd"/>
    </xs:schema>"""
    return etree.XMLSchema(etree.fromstring(wrapper.encode(), base_url=(DATA / "wrapper.xsd").as_uri()))


URLSET = _schema("sitemap.xsd")
INDEX = _schema("siteindex.xsd")


def _valid(data: bytes, schema: etree.XMLSchema) -> etree._Element:
    root = etree.fromstring(data, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    schema.assertValid(root)
    return root


def _read(root: etree._Element) -> list[tuple[str, str | None, tuple[tuple[str, str], ...]]]:
    """Each <url> as (loc, lastmod, alternates)."""
    found = []
    for url in root.iter(f"{NS}url"):
        lastmod = url.find(f"{NS}lastmod")
        links = tuple((link.get("hreflang"), link.get("href")) for link in url.iter(f"{XHTML}link"))
        assert all(link.get("rel") == "alternate" for link in url.iter(f"{XHTML}link"))
        found.append((url.findtext(f"{NS}loc"), None if lastmod is None else lastmod.text, links))
    return found


def _w3c_instant(text: str) -> dt.datetime | dt.date:
    if "T" in text:
        assert text.endswith("Z")
        return dt.datetime.fromisoformat(text)
    return dt.date.fromisoformat(text)


def _pair(session: str, lastmod: dt.datetime | dt.date | None = WHEN) -> list[SitemapEntry]:
    """A session's page in nl and en, each listing both and x-default."""
    nl, en = f"{BASE}nl/sessions/{session}/", f"{BASE}en/sessions/{session}/"
    alternates = (("nl", nl), ("en", en), ("x-default", nl))
    return [SitemapEntry(nl, lastmod, alternates), SitemapEntry(en, lastmod, alternates)]


def _files(entries: object, **limits: int) -> dict[str, bytes]:
    """The files of sitemap_files, joined from their pieces (each file's pieces in a row, ended once)."""
    files: dict[str, list[bytes]] = {}
    done: set[str] = set()
    for name, piece, last in sitemap_files(entries, BASE, **limits):  # type: ignore[arg-type]
        assert name not in done, f"{name} goes on after it was done"
        files.setdefault(name, []).append(piece)
        if last:
            done.add(name)
    assert done == set(files)
    return {name: b"".join(pieces) for name, pieces in files.items()}


def test_a_small_site_is_one_valid_sitemap_with_its_alternates() -> None:
    entries = [
        SitemapEntry(BASE, None, ()),
        SitemapEntry(f"{BASE}nl/", dt.date(2026, 12, 1), (("nl", f"{BASE}nl/"), ("x-default", f"{BASE}nl/"))),
        *_pair("ai&law", dt.datetime(2026, 12, 7, 16, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))),
    ]
    data = sitemap_xml(entries)
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<urlset ')
    assert b"ai&amp;law" in data
    found = _read(_valid(data, URLSET))
    assert [loc for loc, _, _ in found] == [entry.url for entry in entries]
    assert found[0][1:] == (None, ())
    assert found[1][1] == "2026-12-01"
    assert found[2][1] == "2026-12-07T15:30:00Z"
    assert found[2][2] == entries[2].alternates
    assert _files(entries) == {"sitemap.xml": data}


@st.composite
def entries(draw: st.DrawFn) -> list[SitemapEntry]:
    """Pages under BASE with odd URLs (queries with '&'), lastmods of any zone, and language versions."""
    found = []
    for url in draw(st.lists(urls(), min_size=1, max_size=8, unique=True)):
        lastmod = draw(
            st.none()
            | st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(9998, 12, 31))
            | st.datetimes(
                min_value=dt.datetime(1990, 1, 1),
                max_value=dt.datetime(9998, 12, 30),
                timezones=st.timezones(),
            ).map(lambda d: d.replace(microsecond=0))
        )
        tags = draw(
            st.lists(st.sampled_from(["en", "nl", "de", "pt-BR", "zh-Hant-TW"]), unique=True, max_size=4)
        )
        alternates = tuple((tag, f"{url}{'&' if '?' in url else '?'}hl={tag}") for tag in tags[1:])
        if tags:
            alternates = ((tags[0], url), *alternates, ("x-default", url))
        found.append(SitemapEntry(url, lastmod, alternates))
    return found


@given(site=entries(), max_urls=st.integers(1, 4))
def test_any_site_validates_and_reads_back_in_order(site: list[SitemapEntry], max_urls: int) -> None:
    files = _files(iter(site), max_urls=max_urls)
    assert files == _files(iter(site), max_urls=max_urls), "the same bytes every time"
    if len(site) <= max_urls:
        assert set(files) == {"sitemap.xml"}
        parts = [files["sitemap.xml"]]
    else:
        numbered = [f"sitemap-{n}.xml" for n in range(1, len(files))]
        assert set(files) == {"sitemap.xml", *numbered}
        index = _valid(files["sitemap.xml"], INDEX)
        assert [loc.text for loc in index.iter(f"{NS}loc")] == [BASE + name for name in numbered]
        parts = [files[name] for name in numbered]
    found = []
    for part in parts:
        read = _read(_valid(part, URLSET))
        assert 1 <= len(read) <= max_urls
        found.extend(read)
    assert [(loc, links) for loc, _, links in found] == [(e.url, e.alternates) for e in site]
    for (_, lastmod, _), entry in zip(found, site, strict=True):
        if entry.lastmod is None:
            assert lastmod is None
        elif isinstance(entry.lastmod, dt.datetime):
            # In UTC: Python finds no time in a DST gap or a repeated hour equal to one in another zone.
            assert _w3c_instant(lastmod) == entry.lastmod.astimezone(dt.UTC)
        else:
            assert _w3c_instant(lastmod) == entry.lastmod


def test_the_index_gives_each_file_its_newest_lastmod() -> None:
    site = [
        SitemapEntry(f"{BASE}a/", dt.date(2026, 1, 2)),
        SitemapEntry(f"{BASE}b/", dt.datetime(2026, 1, 1, 23, 0, tzinfo=dt.UTC)),
        SitemapEntry(f"{BASE}c/", None),
        SitemapEntry(f"{BASE}d/", None),
        SitemapEntry(f"{BASE}e/", dt.datetime(2026, 3, 1, 1, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))),
    ]
    files = _files(site, max_urls=2)
    index = _valid(files["sitemap.xml"], INDEX)
    lastmods = [sitemap.findtext(f"{NS}lastmod") for sitemap in index.iter(f"{NS}sitemap")]
    assert lastmods == ["2026-01-02", None, "2026-02-28T23:00:00Z"]


def test_a_file_ends_before_it_passes_the_byte_limit() -> None:
    site = [entry for n in range(40) for entry in _pair(f"s{n}")]
    one = len(sitemap_xml(site[:1]))
    files = _files(site, max_bytes=one * 10)
    assert len(files) > 2
    for name, data in files.items():
        assert len(data) <= one * 10
        _valid(data, INDEX if name == "sitemap.xml" else URLSET)


def test_fifty_thousand_and_one_pages_make_an_index_of_two_files() -> None:
    def pages() -> Iterator[SitemapEntry]:
        for n in range(MAX_URLS + 1):
            yield SitemapEntry(f"{BASE}nl/sessions/s{n}/", WHEN)

    files = _files(pages())
    assert sorted(files) == ["sitemap-1.xml", "sitemap-2.xml", "sitemap.xml"]
    assert files["sitemap-1.xml"].count(b"<url>") == MAX_URLS
    assert files["sitemap-2.xml"].count(b"<url>") == 1
    _valid(files["sitemap-2.xml"], URLSET)
    _valid(files["sitemap.xml"], INDEX)
    with pytest.raises(ArgumentError, match="sitemap_files"):
        sitemap_xml(pages())


def test_files_after_the_first_come_as_the_entries_do() -> None:
    consumed = 0

    def pages() -> Iterator[SitemapEntry]:
        nonlocal consumed
        for n in itertools.count():
            consumed += 1
            yield SitemapEntry(f"{BASE}p{n}/", None)

    pieces = sitemap_files(pages(), BASE, max_urls=100)
    first = next(pieces)
    assert first[0] == "sitemap-1.xml"
    assert first[2]
    assert consumed <= 101, "the first file is handed on once full, not at the end"
    for name, _, _ in pieces:
        if name == "sitemap-3.xml":
            break
    assert consumed <= 301


@pytest.mark.parametrize(
    ("entry", "named"),
    [
        (SitemapEntry(f"{BASE}nl/", None, (("en", f"{BASE}en/"),)), "the page itself"),
        (SitemapEntry(f"{BASE}nl/", None, (("x-default", f"{BASE}nl/"),)), "the page itself"),
        (SitemapEntry(f"{BASE}nl/", None, (("nl", f"{BASE}nl/"), ("nl", f"{BASE}x/"))), "given twice"),
        (SitemapEntry(f"{BASE}nl/", None, (("dutch", f"{BASE}nl/"),)), "hreflang"),
        (SitemapEntry(f"{BASE}nl/", None, (("nl", "nl/"),)), "alternate's url"),
        (SitemapEntry(f"{BASE}nl/", dt.datetime(2026, 1, 1)), "no time zone"),
        (SitemapEntry(f"{BASE}nl/", "2026-01-01"), "lastmod"),  # type: ignore[arg-type]
        (
            SitemapEntry(f"{BASE}nl/", dt.datetime(1, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=1)))),
            "outside",
        ),
        (SitemapEntry(f"{BASE}nl/", None, ((["nl"], f"{BASE}nl/"),)), "not text"),  # type: ignore[arg-type]
        (SitemapEntry(f"{BASE}nl/", None, [("nl", f"{BASE}nl/")]), "tuple"),  # type: ignore[arg-type]
        (SitemapEntry("https://elsewhere.example/nl/"), "not under"),
        (SitemapEntry(f"{BASE}{'a' * 2100}"), "2048"),
        (SitemapEntry(f"{BASE}a b/"), "url"),
        ("https://example.org/", "SitemapEntry"),
    ],
)
def test_a_wrong_entry_is_named_with_the_fix(entry: SitemapEntry, named: str) -> None:
    with pytest.raises(ArgumentError, match=named):
        _files([SitemapEntry(f"{BASE}ok/"), entry])


def test_no_pages_no_sitemap() -> None:
    with pytest.raises(ArgumentError, match="at least one page"):
        sitemap_xml([])
    with pytest.raises(ArgumentError, match="at least one page"):
        _files([])


@pytest.mark.parametrize("base", ["https://example.org", "example.org/", ""])
def test_a_wrong_base_url_is_named(base: str) -> None:
    with pytest.raises(ArgumentError, match="base_url"):
        list(sitemap_files([SitemapEntry(f"{BASE}a/")], base))


def test_robots_txt_lets_crawlers_in_and_names_the_sitemap() -> None:
    data = robots_txt(f"{BASE}sitemap.xml")
    parser = urllib.robotparser.RobotFileParser()
    parser.parse(data.decode("ascii").splitlines())
    assert parser.site_maps() == [f"{BASE}sitemap.xml"]
    assert parser.can_fetch("Googlebot", f"{BASE}nl/sessions/a/")
    assert parser.can_fetch("*", BASE)
    assert data.endswith(b"\n")
    assert b"\r" not in data
    with pytest.raises(ArgumentError, match="sitemap_url"):
        robots_txt("https://example.org/sitemap.xml\nDisallow: /")
