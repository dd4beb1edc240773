"""The pages beyond the programme page: each session's page, the archive, "now", sitemap and serving."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import unittest.mock
import urllib.parse
from pathlib import Path
from typing import Any

import attrs
import html5lib
import pytest
from hypothesis import given, strategies as st
from lxml import etree

import sessionfeed as sf
from sessionfeed.exporters.base import Context
from sessionfeed.exporters.html import HTMLExporter, build_page, timeline as _timeline
from sessionfeed.exporters.html.player import embed_of, player
from sessionfeed.model.revisions import Revisions
from sessionfeed.site import layout as _layout
from sessionfeed.words.escaping import html_clean
from strategies import NASTY, texts


L = sf.LocalizedText
UTC = dt.UTC
AMS = __import__("zoneinfo").ZoneInfo("Europe/Amsterdam")
NOW = dt.datetime(2027, 3, 1, 12, tzinfo=UTC)
DATA = Path(__file__).parent / "data"


def parse(page: str) -> Any:
    """Strict HTML5: any parse error fails the test."""
    return html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(page)


def text_of(element: Any) -> str:
    return "".join(element.itertext())


def pages(programme: sf.Programme, locale: str, now: dt.datetime = NOW) -> dict[str, str]:
    """Every page the html exporter writes for ``locale`` as of ``now``, by path."""
    context = Context(locale=locale, revisions=Revisions.from_data(programme), now=now)
    rendering = HTMLExporter().render(programme, context)
    return {f.path: f.content.decode("utf-8") for f in rendering.every_file()}


def session(ident: str, when: sf.When | None = None, **fields: Any) -> sf.Session:
    return sf.Session(
        id=ident,
        kind="webinar",
        language="nl",
        title=L({"nl": f"Titel {ident}", "en": f"Title {ident}"}),
        when=when if when is not None else sf.Unknown(),
        **fields,
    )


def programme_of(*sessions: sf.Session, **fields: Any) -> sf.Programme:
    return sf.Programme(
        id="p",
        title=L({"nl": "Programma", "en": "Programme"}),
        base_url="https://example.org/p/",
        locales=("nl", "en"),
        sessions=sessions,
        **fields,
    )


def timed(ident: str, start: dt.datetime, minutes: int = 60, **fields: Any) -> sf.Session:
    return session(ident, sf.Timed(start=start, end=start + dt.timedelta(minutes=minutes)), **fields)


# ------------------------------------------------------------------ the timeline


def test_coming_soonest_first_then_past_newest_first_by_year():
    """Undated last among the coming; a month-only session after the dated ones of its month, both ways."""
    programme = programme_of(
        session("undated"),
        timed("past-2025", dt.datetime(2025, 5, 1, 10, tzinfo=AMS)),
        session("month-past", sf.Month(year=2026, month=6)),
        timed("june-past", dt.datetime(2026, 6, 20, 10, tzinfo=AMS)),
        timed("soon", dt.datetime(2027, 3, 2, 10, tzinfo=AMS)),
        session("month-coming", sf.Month(year=2027, month=3)),
        timed("march-later", dt.datetime(2027, 3, 20, 10, tzinfo=AMS)),
        timed("running", dt.datetime(2027, 3, 1, 12, 30, tzinfo=AMS), minutes=120),  # started, not ended
        session("days", sf.AllDay(start=dt.date(2027, 2, 27), end=dt.date(2027, 3, 1))),  # its last day
    )
    line = _timeline.timeline(programme, NOW)
    assert [s.id for s in line.upcoming] == [
        "days", "running", "soon", "march-later", "month-coming", "undated",
    ]  # fmt: skip
    assert [(g.year, [s.id for s in g.sessions]) for g in line.past] == [
        (2026, ["june-past", "month-past"]),
        (2025, ["past-2025"]),
    ]
    assert line.calendar_count == 4  # the timed and whole-day ones: month-only and undated are not in it
    assert line.next_change == dt.datetime(2027, 3, 1, 14, 30, tzinfo=AMS)


def test_the_page_follows_now():
    """The same programme: before a session it is coming (and the calendar block first), after it past."""
    programme = programme_of(timed("one", dt.datetime(2027, 3, 2, 10, tzinfo=AMS)))
    before = parse(build_page(programme, "en", now=NOW))
    after = parse(build_page(programme, "en", now=NOW + dt.timedelta(days=2)))
    h2 = [text_of(h) for h in before.iter("h2")]
    assert h2 == ["Subscribe", "Coming sessions"]
    assert [text_of(h) for h in after.iter("h2")] == ["Past sessions", "Subscribe"]
    assert "The calendar holds 1 coming session;" in text_of(before.find("body"))
    assert build_page(programme, "en", now=NOW) == build_page(programme, "en", now=NOW)


def test_source_date_epoch_is_now_when_none_is_given(monkeypatch: pytest.MonkeyPatch):
    programme = programme_of(timed("one", dt.datetime(2027, 3, 2, 10, tzinfo=AMS)))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(NOW.timestamp())))
    assert build_page(programme, "nl") == build_page(programme, "nl", now=NOW)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "tomorrow")
    with pytest.raises(sf.ArgumentError, match="SOURCE_DATE_EPOCH"):
        build_page(programme, "nl")


def test_old_years_go_to_archive_pages_and_big_ones_are_split(monkeypatch: pytest.MonkeyPatch):
    """The newest past years on the programme page; older ones on archive pages, linked; pages bounded."""
    monkeypatch.setattr(_timeline, "PAGE_SIZE", 4)
    monkeypatch.setattr(_timeline, "PAST_ON_PROGRAMME", 3)
    sessions = [
        timed(f"y{year}-{n}", dt.datetime(year, 1 + n, 10, 10, tzinfo=AMS))
        for year, count in ((2026, 3), (2025, 2), (2024, 9))
        for n in range(count)
    ]
    coming = [timed(f"c{n}", dt.datetime(2027, 4, 1 + n, 10, tzinfo=AMS)) for n in range(6)]
    programme = programme_of(*sessions, *coming)
    site = pages(programme, "nl")
    assert sorted(p for p in site if not p.startswith("sessions/")) == [
        "archive/2024/2/index.html",
        "archive/2024/3/index.html",
        "archive/2024/index.html",
        "archive/2025/index.html",
        "index.html",
        "upcoming/2/index.html",
    ]
    index = parse(site["index.html"])
    assert [a.get("id") for a in index.iter("article")] == [
        "c0",
        "c1",
        "c2",
        "c3",
        "y2026-2",
        "y2026-1",
        "y2026-0",
    ]
    links = {text_of(a): a.get("href") for a in index.iter("a")}
    assert links["Meer komende sessies"] == "https://example.org/p/nl/upcoming/2/"
    assert links["2025"] == "https://example.org/p/nl/archive/2025/"
    assert links["2024"] == "https://example.org/p/nl/archive/2024/"
    first = parse(site["archive/2024/index.html"])
    assert [text_of(h) for h in first.iter("h1")] == ["Sessies in 2024 (pagina 1 van 3)"]
    assert len(list(first.iter("article"))) == 4
    nav = {a.get("rel"): a.get("href") for a in first.iter("a") if a.get("rel")}
    assert nav == {"next": "https://example.org/p/nl/archive/2024/2/"}
    last = parse(site["archive/2024/3/index.html"])
    assert {a.get("rel"): a.get("href") for a in last.iter("a") if a.get("rel")} == {
        "prev": "https://example.org/p/nl/archive/2024/2/",
    }
    assert [
        link.get("href") for link in last.find("head").iter("link") if link.get("rel") == "canonical"
    ] == ["https://example.org/p/nl/archive/2024/3/"]
    more = parse(site["upcoming/2/index.html"])
    assert [a.get("id") for a in more.iter("article")] == [None, None]  # the anchors are the programme page's
    hrefs = [a.find("h2").find("a").get("href") for a in more.iter("article")]
    assert hrefs == ["https://example.org/p/nl/sessions/c4/", "https://example.org/p/nl/sessions/c5/"]


def test_no_page_of_a_very_large_programme_passes_a_megabyte():
    """The size rule at the scale that matters: 3,000 sessions in one year, all coming, then all past."""
    year = [
        timed(f"s{n:05d}", dt.datetime(2027, 1, 4, 9, tzinfo=AMS) + dt.timedelta(hours=3 * n))
        for n in range(2900)
    ]
    programme = programme_of(*year)
    from sessionfeed.exporters.html.programme_page import iter_listing, render_page
    from sessionfeed.exporters.templating import builtin_templates
    from sessionfeed.words.compose import Composition

    composition = Composition(programme, "nl")
    templates = builtin_templates()
    for now in (dt.datetime(2026, 12, 1, tzinfo=UTC), dt.datetime(2029, 1, 1, tzinfo=UTC)):
        index = "".join(render_page(composition, None, templates, now=now)).encode()
        assert len(index) < 1_000_000
        line = _timeline.timeline(programme, now)
        sizes = [
            len("".join(iter_listing(composition, templates, page, line)).encode()) for page in line.pages()
        ]
        assert sizes
        assert max(sizes) < 1_000_000
        assert sum(len(page.sessions) for page in line.pages()) + (
            len(line.upcoming_shown) + sum(len(g.sessions) for g in line.past_shown)
        ) == len(programme.sessions)


# ------------------------------------------------------------------ a session's page


@pytest.fixture(scope="module")
def demo_pages(demo_programme: sf.Programme) -> dict[str, str]:
    return pages(demo_programme, "en")


def _head(tree: Any) -> tuple[dict[str, str], dict[str, str], list[dict[str, str]]]:
    head = tree.find("head")
    properties = {m.get("property"): m.get("content") for m in head.iter("meta") if m.get("property")}
    names = {m.get("name"): m.get("content") for m in head.iter("meta") if m.get("name")}
    links = [dict(link.attrib) for link in head.iter("link")]
    return properties, names, links


def test_a_session_page_has_its_head(demo_pages: dict[str, str]):
    """Canonical, hreflang to the same session in each locale plus x-default, Open Graph and Twitter card."""
    tree = parse(demo_pages["sessions/autumn-recap/index.html"])
    properties, names, links = _head(tree)
    url = "https://events.example.org/demo/en/sessions/autumn-recap/"
    assert [link["href"] for link in links if link.get("rel") == "canonical"] == [url]
    assert {link["hreflang"]: link["href"] for link in links if "hreflang" in link} == {
        "nl": "https://events.example.org/demo/nl/sessions/autumn-recap/",
        "en": url,
        "x-default": "https://events.example.org/demo/nl/sessions/autumn-recap/",
    }
    assert properties["og:url"] == url
    assert properties["og:type"] == "video.other"
    assert properties["og:image"] == "https://media.example.org/autumn-recap.jpg"
    assert (
        properties["og:title"]
        == names["twitter:title"]
        == text_of(tree.find("body").find("header").find("h1").find("span"))
    )
    assert names["twitter:card"] == "summary_large_image"
    assert names["twitter:image"] == properties["og:image"]
    assert properties["og:description"] == names["description"]
    assert len(names["description"]) <= 200
    back = tree.find("body").find("header").find("p").find("a")
    assert back.get("href") == "https://events.example.org/demo/en/"
    nav = tree.find("body").find("header").find("nav")
    assert [a.get("href") for a in nav.iter("a")] == [
        "https://events.example.org/demo/nl/sessions/autumn-recap/"
    ]


def test_a_session_page_has_its_own_jsonld(demo_pages: dict[str, str]):
    """One JSON-LD element, about that session: its URL is the page's."""
    tree = parse(demo_pages["sessions/night-owls/index.html"])
    (script,) = tree.iter("script")
    assert script.get("type") == "application/ld+json"
    graph = json.loads(script.text)
    text = json.dumps(graph)
    assert "https://events.example.org/demo/en/sessions/night-owls/" in text
    assert "autumn-recap" not in text  # no other session


def test_add_to_calendar_links_carry_the_instant_and_zone(demo_pages: dict[str, str]):
    """The night the clocks go forward: 01:00-04:00 in Amsterdam is 00:00-02:00 UTC, in every link."""
    tree = parse(demo_pages["sessions/night-owls/index.html"])
    section = next(s for s in tree.iter("section") if s.get("class") == "add-to-calendar")
    links = {text_of(a): a.get("href") for a in section.iter("a")}
    assert links["Calendar file (.ics)"] == "https://events.example.org/demo/en/sessions/night-owls.ics"
    google = urllib.parse.urlsplit(links["Google Calendar"])
    query = urllib.parse.parse_qs(google.query)
    assert (google.netloc, query["action"], query["dates"]) == (
        "calendar.google.com", ["TEMPLATE"], ["20270328T000000Z/20270328T020000Z"],
    )  # fmt: skip
    assert query["ctz"] == ["Europe/Amsterdam"]
    assert query["text"] == ["Night owls: the night the clocks go forward"]
    assert query["details"][0].endswith("https://events.example.org/demo/en/sessions/night-owls/")
    for label, host in (
        ("Outlook.com", "outlook.live.com"),
        ("Outlook (work or school account)", "outlook.office.com"),
    ):
        parts = urllib.parse.urlsplit(links[label])
        query = urllib.parse.parse_qs(parts.query)
        assert parts.netloc == host
        assert (query["startdt"], query["enddt"]) == (["2027-03-28T00:00:00Z"], ["2027-03-28T02:00:00Z"])
    svg = "{http://www.w3.org/2000/svg}"
    qr = next(f for f in tree.iter("figure") if f.get("class") == "qr").find(f"{svg}svg")
    assert qr.get("role") == "img"
    assert text_of(qr.find(f"{svg}title")) == "QR code of this page's address"


def test_month_only_and_cancelled_sessions_have_no_calendar_links(
    seed_programme: sf.Programme, demo_pages: dict[str, str]
):
    seed = pages(seed_programme, "nl")
    for path, text in seed.items():
        if path.startswith("sessions/"):
            assert "add-to-calendar" not in text, path
    assert "add-to-calendar" not in demo_pages["sessions/cancelled-webinar/index.html"]


def test_people_are_linked_where_they_have_a_url():
    person = sf.Person(id="ann", name="Ann Example", url="https://ann.example/")
    other = sf.Person(id="bob", name="Bob")
    one = session(
        "s",
        sf.AllDay(start=dt.date(2027, 5, 1), end=dt.date(2027, 5, 1)),
        participants=[
            sf.Participation(person=person, role="speaker"),
            sf.Participation(person=other, role="speaker"),
        ],
    )
    programme = programme_of(one, people=[person, other])

    def links(chosen: sf.Programme) -> list[tuple[str, str | None]]:
        tree = parse(pages(chosen, "en")["sessions/s/index.html"])
        people = next(ul for ul in tree.iter("ul") if ul.get("class") == "people")
        return [
            (text_of(li), li.find("a").get("href") if li.find("a") is not None else None) for li in people
        ]

    # Each person links to their page on the site (their hub) ...
    assert links(programme) == [
        ("Ann Example", "https://example.org/p/en/people/ann/"),
        ("Bob", "https://example.org/p/en/people/bob/"),
    ]
    # ... and, when people have no pages, to their own URL where they have one.
    assert links(attrs.evolve(programme, facets=(sf.Facet.TAGS,))) == [
        ("Ann Example", "https://ann.example/"),
        ("Bob", None),
    ]


@pytest.mark.parametrize(
    ("recording", "kind", "source"),
    [
        (sf.Recording(url="https://media.example.org/a.mp4", media_type="video/mp4"), "video", "https://media.example.org/a.mp4"),
        (sf.Recording(url="https://media.example.org/a.mp3"), "audio", "https://media.example.org/a.mp3"),
        (sf.Recording(url="https://www.youtube.com/watch?v=Xq3fTn7aWv0&t=4"), "iframe", "https://www.youtube-nocookie.com/embed/Xq3fTn7aWv0"),
        (sf.Recording(url="https://youtu.be/Xq3fTn7aWv0"), "iframe", "https://www.youtube-nocookie.com/embed/Xq3fTn7aWv0"),
        (sf.Recording(url="https://vimeo.com/76979871"), "iframe", "https://player.vimeo.com/video/76979871?dnt=1"),
        (sf.Recording(url="https://example.org/watch", embed_url="https://player.example.org/e/1"), "iframe", "https://player.example.org/e/1"),
        (sf.Recording(url="https://example.org/watch"), "a", "https://example.org/watch"),
    ],
)  # fmt: skip
def test_recordings_are_played(recording: sf.Recording, kind: str, source: str):
    """A media file gets <video>/<audio> with a typed <source>; YouTube and Vimeo their privacy-enhanced player."""
    one = session("s", recording=recording)
    tree = parse(pages(programme_of(one), "en")["sessions/s/index.html"])
    section = next(s for s in tree.iter("section") if s.get("class") == "recording")
    if kind in {"video", "audio"}:
        (element,) = section.iter(kind)
        assert (element.get("controls"), element.get("preload")) == ("", "none")
        (src,) = element.iter("source")
        assert src.get("src") == source
        assert src.get("type") == ("video/mp4" if kind == "video" else "audio/mpeg")
    elif kind == "iframe":
        (frame,) = section.iter("iframe")
        assert frame.get("src") == source
        assert frame.get("loading") == "lazy"
        assert frame.get("title") == "Recording: Title s"
    else:
        assert [a.get("href") for a in section.iter("a")] == [source]


def test_only_real_video_urls_are_embedded():
    assert embed_of("https://www.youtube.com/watch?v=<script>") is None
    assert embed_of("https://evil.example/youtube.com/watch?v=Xq3fTn7aWv0") is None
    assert (
        embed_of("https://vimeo.com/channels/staffpicks/76979871")
        == "https://player.vimeo.com/video/76979871?dnt=1"
    )
    assert player(sf.Recording(url="https://x.example/v", media_type="video/webm")).kind == "video"


def test_a_card_shows_the_thumbnail_and_duration(seed_programme: sf.Programme):
    tree = parse(build_page(seed_programme, "en", now=NOW))
    card = next(a for a in tree.iter("article") if a.get("id") == "interview-david-kovick")
    (img,) = card.iter("img")
    assert img.get("src") == "https://media.example.org/access-to-remedy/interview-david-kovick.jpg"
    assert (img.get("alt"), img.get("width"), img.get("height"), img.get("loading")) == (
        "",
        "320",
        "180",
        "lazy",
    )
    watch = (
        img.getparent()
        if hasattr(img, "getparent")
        else next(a for a in card.iter("a") if a.find("img") is not None)
    )
    assert text_of(watch).startswith("Watch: Interview David Kovick")
    (duration,) = (t for t in card.iter("time") if t.get("datetime", "").startswith("PT"))
    assert (duration.get("datetime"), text_of(duration)) == ("PT21M37S", "21 minutes 37 seconds")


@given(
    hostile=st.sampled_from(NASTY) | texts(max_size=30),
    field=st.sampled_from(["title", "description", "person", "venue"]),
)
def test_hostile_text_cannot_break_out_of_a_session_page(hostile: str, field: str):
    h = f"a{hostile}z"
    person = sf.Person(id="p", name=h if field == "person" else "Ann", url="https://ann.example/")
    try:
        one = sf.Session(
            id="s",
            kind="webinar",
            language="nl",
            title=L({"nl": h if field == "title" else "Titel"}),
            description=L({"nl": h if field == "description" else "Over"}),
            when=sf.Timed(
                start=dt.datetime(2027, 5, 1, 10, tzinfo=AMS), end=dt.datetime(2027, 5, 1, 11, tzinfo=AMS)
            ),
            location=sf.Location(venue=sf.Venue(name=h if field == "venue" else "Zaal")),
            participants=[sf.Participation(person=person, role="speaker")],
            recording=sf.Recording(
                url="https://www.youtube.com/watch?v=Xq3fTn7aWv0", thumbnail="https://x.example/t.jpg"
            ),
        )
        programme = programme_of(one, people=[person])
    except sf.ProgrammeError:
        return
    page = pages(programme, "nl")["sessions/s/index.html"]
    tree = parse(page)
    assert [s.get("type") for s in tree.iter("script")] in ([], ["application/ld+json"])
    assert len(list(tree.iter("iframe"))) == 1
    clean = html_clean(h)
    if field == "title":
        assert text_of(tree.find("body").find("header").find("h1").find("span")) == clean
        (frame,) = tree.iter("iframe")
        assert frame.get("title") == f"Opname: {clean}"
    elif field == "person":
        hub = "https://example.org/p/nl/people/p/"
        assert [text_of(a) for a in tree.iter("a") if a.get("href") == hub] == [clean]


# ------------------------------------------------------------------ the site: sitemap, robots, determinism


def test_the_built_site_has_a_sitemap_and_robots(tmp_path: Path, demo_programme: sf.Programme):
    """Every page in every locale, with its alternates; valid against the sitemap schema; robots names it."""
    out = tmp_path / "site"
    sf.build_site(demo_programme, out, now=NOW)
    robots = (out / "robots.txt").read_text(encoding="utf-8")
    assert "Sitemap: https://events.example.org/demo/sitemap.xml" in robots.splitlines()
    document = etree.parse(str(out / "sitemap.xml"))
    # The sitemaps.org schema with the xhtml:link declaration beside it (tests/data/sitemap).
    folder = DATA / "sitemap"
    wrapper = """<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
      <xs:import namespace="http://www.sitemaps.org/schemas/sitemap/0.9" schemaLocation="sitemap.xsd"/>
      <xs:import namespace="http://www.w3.org/1999/xhtml" schemaLocation="xhtml-link.xsd"/>
    </xs:schema>"""
    schema = etree.XMLSchema(etree.fromstring(wrapper.encode(), base_url=(folder / "wrapper.xsd").as_uri()))
    schema.assertValid(document)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    listed = [loc.text for loc in document.iterfind("s:url/s:loc", ns)]
    built = sorted(
        "https://events.example.org/demo/" + p.relative_to(out).as_posix().removesuffix("index.html")
        for p in out.rglob("index.html")
        if p.parent != out
    )
    # Not the pages whose session names its own page elsewhere (links.page): those are not canonical here.
    elsewhere = {s.id for s in demo_programme.sessions if s.links.page}
    assert sorted(listed) == [url for url in built if not any(f"/sessions/{e}/" in url for e in elsewhere)]
    for url in document.iterfind("s:url", ns):
        alternates = {link.get("hreflang"): link.get("href") for link in url.iterfind("x:link", ns)}
        assert set(alternates) == {"nl", "en", "x-default"}
        assert url.findtext("s:loc", namespaces=ns) in alternates.values()
        assert re.fullmatch(
            r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", url.findtext("s:lastmod", namespaces=ns) or ""
        )


def test_same_programme_and_now_give_the_same_bytes(tmp_path: Path, seed_programme: sf.Programme):
    first, second = tmp_path / "a", tmp_path / "b"
    sf.build_site(seed_programme, first, now=NOW)
    with unittest.mock.patch.dict(os.environ, {"SOURCE_DATE_EPOCH": "2000000000"}):
        sf.build_site(seed_programme, second, now=NOW)
    files = sorted(
        p.relative_to(first) for p in first.rglob("*") if p.is_file() and p.name != _layout.STATE_FILE
    )
    assert files == sorted(
        p.relative_to(second) for p in second.rglob("*") if p.is_file() and p.name != _layout.STATE_FILE
    )
    assert all((first / f).read_bytes() == (second / f).read_bytes() for f in files)


def test_now_on_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    from sessionfeed.cli import main

    source = Path(__file__).parent.parent / "examples" / "upcoming-demo.toml"
    assert (
        main(["build", str(source), "--out", str(tmp_path / "a"), "-q", "--now", "2027-03-01T12:00:00Z"]) == 0
    )
    assert (
        main(["build", str(source), "--out", str(tmp_path / "b"), "-q", "--now", "2027-03-01T13:00+01:00"])
        == 0
    )
    page = "nl/index.html"
    assert (tmp_path / "a" / page).read_bytes() == (tmp_path / "b" / page).read_bytes()
    assert main(["build", str(source), "--out", str(tmp_path / "c"), "--now", "yesterday"]) == 2
    error = capsys.readouterr().err
    assert "--now 'yesterday'" in error
    assert "ISO 8601" in error
    assert not (tmp_path / "c").exists()


# ------------------------------------------------------------------ serving


def _get(app: Any, path: str, **headers: str) -> tuple[str, dict[str, str], bytes]:
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "SERVER_NAME": "x",
        "SERVER_PORT": "80",
        "wsgi.url_scheme": "http",
    }
    environ.update({f"HTTP_{k.upper()}": v for k, v in headers.items()})
    found: dict[str, Any] = {}

    def start(status: str, response_headers: list[tuple[str, str]]) -> None:
        found["status"], found["headers"] = status, {k.lower(): v for k, v in response_headers}

    body = b"".join(app(environ, start))
    return found["status"], found["headers"], body


def test_serve_moves_sessions_from_coming_to_past(monkeypatch: pytest.MonkeyPatch):
    """Pages of sessions and archives come from memory with ETag and 304; the list moves when a session ends."""
    from sessionfeed.serve import app as served

    start = dt.datetime(2027, 3, 1, 14, tzinfo=AMS)
    programme = programme_of(timed("one", start))
    clock = [start.timestamp() - 3600]
    monkeypatch.setattr(served.time, "time", lambda: clock[0])
    app = sf.make_app(programme, exporters=[HTMLExporter()])
    status, headers, _body = _get(app, "/en/sessions/one/")
    assert status == "200 OK"
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert _get(app, "/en/sessions/one/", if_none_match=headers["etag"])[0] == "304 Not Modified"
    assert _get(app, "/sitemap.xml")[1]["content-type"] == "application/xml"
    assert _get(app, "/robots.txt")[0] == "200 OK"
    before = parse(_get(app, "/en/")[2].decode())
    assert [text_of(h) for h in before.iter("h2")] == ["Subscribe", "Coming sessions"]
    clock[0] = start.timestamp() + 2 * 3600  # it has ended
    after = parse(_get(app, "/en/")[2].decode())
    assert [text_of(h) for h in after.iter("h2")] == ["Past sessions", "Subscribe"]
    fixed = sf.make_app(programme, exporters=[HTMLExporter()], now=NOW)
    assert [text_of(h) for h in parse(_get(fixed, "/en/")[2].decode()).iter("h2")] == [
        "Subscribe",
        "Coming sessions",
    ]


def test_now_is_in_the_help(capsys: pytest.CaptureFixture[str]):
    from sessionfeed.cli import main

    for command in ("build", "serve"):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        assert "--now MOMENT" in capsys.readouterr().out


def test_a_large_site_gets_a_sitemap_index(
    tmp_path: Path, demo_programme: sf.Programme, monkeypatch: pytest.MonkeyPatch
):
    """More pages than a sitemap file lists: sitemap.xml names the numbered files, which list every page once."""
    from sessionfeed.site import pages as site_pages

    monkeypatch.setattr(site_pages, "SITEMAP_URLS", 5)
    out = tmp_path / "site"
    sf.build_site(demo_programme, out, now=NOW)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    index = etree.parse(str(out / "sitemap.xml")).getroot()
    assert index.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    files = [loc.text for loc in index.iterfind("s:sitemap/s:loc", ns)]
    assert files == [f"https://events.example.org/demo/sitemap-{n}.xml" for n in range(1, len(files) + 1)]
    listed = [
        loc.text
        for n in range(1, len(files) + 1)
        for loc in etree.parse(str(out / f"sitemap-{n}.xml")).iterfind("s:url/s:loc", ns)
    ]
    assert len(listed) == len(set(listed)) > 5
