"""index.html: valid HTML5, every session anchored, subscribe links, no escaping holes."""

from __future__ import annotations

import contextlib
import datetime as dt
import html
import json
import os
import re
import sys
import types
import unittest.mock
import urllib.parse
from collections.abc import Callable, Iterator
from typing import Any

import attrs
import html5lib
import pytest
from hypothesis import given, strategies as st

import sessionfeed as sf
from sessionfeed.exporters.card import block_html
from sessionfeed.exporters.html import HTMLExporter, build_page
from sessionfeed.exporters.html.common import google_calendar_url, outlook_urls, webcal_url
from sessionfeed.exporters.html.programme_page import iter_page
from sessionfeed.model.text import Localized
from sessionfeed.words.compose import escape_html, html_clean, paragraphs, session_block
from strategies import programmes, texts
from test_compose import FEWER, sample_programme


PROGRAMME = sample_programme()
L = sf.LocalizedText
JSONLD = "sessionfeed.exporters.jsonld"
#: The moment the pages are made for: the sample's 2023 session is past, the 2026 ones are coming.
NOW = dt.datetime(2026, 1, 15, 12, 0, tzinfo=dt.UTC)
#: The order of the programme page: coming soonest first (undated last), then past newest first.
PAGE_ORDER = ["future-workshop", "cancelled-interview", "later", "joint-efforts"]


def page(programme: sf.Programme, locale: str, **options: Any) -> str:
    """The programme page as of :data:`NOW`."""
    return build_page(programme, locale, now=NOW, **options)


def site_pages(programme: sf.Programme, locale: str) -> dict[str, str]:
    """Every page the html exporter writes for ``locale`` as of :data:`NOW`, by path."""
    from sessionfeed.exporters.base import Context
    from sessionfeed.model.revisions import Revisions

    context = Context(locale=locale, revisions=Revisions.from_data(programme), now=NOW)
    rendering = HTMLExporter().render(programme, context)
    return {f.path: f.content.decode("utf-8") for f in rendering.every_file()}


def card_ids(tree: Any) -> list[str]:
    """The session of each card, in the page's order (a card's id is its session's)."""
    return [article.get("id") for article in tree.iter("article")]


@contextlib.contextmanager
def without_jsonld() -> Iterator[None]:
    """Build pages as if the JSON-LD exporter were not installed (this module's escaping alone)."""
    with unittest.mock.patch.dict(sys.modules, {JSONLD: None}):
        yield


def parse(page: str) -> Any:
    """Parse strictly: any HTML5 parse error fails the test."""
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    return parser.parse(page)


def text_of(element: Any) -> str:
    return "".join(element.itertext())


@pytest.fixture(scope="module")
def nl() -> Any:
    return parse(page(PROGRAMME, "nl"))


@pytest.fixture(scope="module")
def en() -> Any:
    return parse(page(PROGRAMME, "en"))


def test_exporter_contract():
    """The page exporter is registered, named and typed as the layout says."""
    exporter = sf.get_exporter("html")
    assert isinstance(exporter, HTMLExporter)
    assert exporter.filename == "index.html"
    assert exporter.media_type == "text/html; charset=utf-8"
    assert exporter.title == "Programme page"
    with unittest.mock.patch.dict(os.environ, {"SOURCE_DATE_EPOCH": str(int(NOW.timestamp()))}):
        data = exporter.export(PROGRAMME, locale="nl")
        assert data == exporter.export(PROGRAMME, locale="nl")
    assert data == page(PROGRAMME, "nl").encode("utf-8")
    assert data.startswith(b"<!DOCTYPE html>\n")


def test_document_language_and_head(nl: Any):
    """lang, charset, viewport and title: readable on a phone, in the page's language."""
    assert nl.get("lang") == "nl"
    head = nl.find("head")
    assert head.find("meta").get("charset") == "utf-8"
    metas = {m.get("name"): m.get("content") for m in head.findall("meta") if m.get("name")}
    assert metas["viewport"] == "width=device-width, initial-scale=1"
    assert metas["description"] == "Bekijk de webinars over herstel & verhaal."
    assert head.find("title").text == "Webinars"
    # The stylesheet is a file of the site, its content hash in its URL (so that caches refresh).
    assert head.findall("style") == []
    (sheet,) = [link for link in head.findall("link") if link.get("rel") == "stylesheet"]
    assert re.fullmatch(r"\.\./style\.css\?v=[0-9a-f]{10}", sheet.get("href"))
    assert head.findall("script") == [] or all(
        s.get("type") == "application/ld+json" for s in head.findall("script")
    )


def test_alternates_and_autodiscovery(en: Any):
    """hreflang for each locale plus x-default; RSS, Atom and the calendar for discovery."""
    links = [link.attrib for link in en.find("head").findall("link")]
    hreflang = {a["hreflang"]: a["href"] for a in links if "hreflang" in a}
    assert hreflang == {
        "nl": "https://example.org/remedy/nl/",
        "en": "https://example.org/remedy/en/",
        "x-default": "https://example.org/remedy/nl/",
    }
    typed = {a["type"]: a["href"] for a in links if a.get("rel") == "alternate" and "type" in a}
    assert typed == {
        "application/rss+xml": "https://example.org/remedy/en/feed.rss",
        "application/atom+xml": "https://example.org/remedy/en/feed.atom",
        "text/calendar": "https://example.org/remedy/en/calendar.ics",
    }
    canonical = [a["href"] for a in links if a.get("rel") == "canonical"]
    assert canonical == ["https://example.org/remedy/en/"]


def test_headings_outline(nl: Any):
    """One h1; the subscribe block first (the calendar holds a coming session), then coming and past."""
    body = nl.find("body")
    assert [text_of(h) for h in body.iter("h1")] == ["Webinars"]
    assert [text_of(h) for h in body.iter("h2")] == [
        "Abonneren", "Komende sessies", "Eerdere sessies", "Volg een deel van het programma",
    ]  # fmt: skip
    # A coming session's card is a h3; a past year is a h3 and its cards h4.
    sessions = next(e for e in body.iter("div") if e.get("id") == "_sessions")
    assert [text_of(h).split(" (")[0] for h in sessions.iter("h3")] == [
        "Herstel in de praktijk", "An interview", "Later", "2023",
    ]  # fmt: skip
    assert len(list(body.iter("h4"))) == 1


def test_cards_in_programme_order_link_to_their_pages(nl: Any):
    """Coming sessions soonest first (the undated last), then past ones; each card links to its page."""
    assert card_ids(nl) == PAGE_ORDER
    for article in nl.iter("article"):
        href = next(h.find("a") for h in article if h.tag in {"h3", "h4"}).get("href")
        session = next(s for s in PROGRAMME.sessions if s.id == article.get("id"))
        # Its page here, or the page the data names (links.page).
        assert href == (session.links.page or f"https://example.org/remedy/nl/sessions/{session.id}/")
    all_ids = [e.get("id") for e in nl.iter() if e.get("id")]
    assert len(all_ids) == len(set(all_ids))


def test_the_calendar_block_says_what_it_holds():
    """The count of coming dated sessions; with none, the block follows the sessions."""
    tree = parse(page(PROGRAMME, "en"))
    text = text_of(next(s for s in tree.iter("section") if s.get("class") == "subscribe"))
    assert "The calendar holds 1 coming session;" in text
    later = parse(build_page(PROGRAMME, "en", now=dt.datetime(2027, 1, 1, tzinfo=dt.UTC)))
    sections = [s.get("class") for s in later.find("body").find("main").iter("section")]
    # The subscribe block follows the sessions; the choices of what to follow come last.
    assert sections[-2:] == ["subscribe", "choices"]
    assert "holds no coming sessions now" in text_of(later.find("body"))


def test_subscribe_block(nl: Any):
    """webcal, Google, Outlook (both), RSS and Atom links and the address to copy."""
    section = next(s for s in nl.iter("section") if s.get("class") == "subscribe")
    hrefs = [a.get("href") for a in section.iter("a")]
    ics = "https://example.org/remedy/nl/calendar.ics"
    assert hrefs[0] == "webcal://example.org/remedy/nl/calendar.ics"
    google = urllib.parse.urlsplit(hrefs[1])
    assert (google.netloc, google.path) == ("calendar.google.com", "/calendar/render")
    assert urllib.parse.parse_qs(google.query) == {"cid": ["webcal://example.org/remedy/nl/calendar.ics"]}
    for href, host in zip(hrefs[2:4], ("outlook.live.com", "outlook.office.com"), strict=True):
        parts = urllib.parse.urlsplit(href)
        assert parts.netloc == host
        assert parts.path == "/calendar/0/addfromweb"
        assert urllib.parse.parse_qs(parts.query) == {"url": [ics], "name": ["Webinars"]}
    assert hrefs[4:] == [
        "https://example.org/remedy/nl/feed.rss",
        "https://example.org/remedy/nl/feed.atom",
        "#_follow",  # the choices: a topic's, a language's, a person's calendar and feeds
    ]
    (field,) = section.iter("input")
    assert field.get("value") == ics
    assert field.get("readonly") is not None
    label = next(section.iter("label"))
    assert label.get("for") == field.get("id")


def test_link_helpers():
    """webcal replaces the scheme; Google gets the webcal URL encoded; Outlook the https one."""
    assert webcal_url("https://a.example/x.ics") == "webcal://a.example/x.ics"
    assert google_calendar_url("https://a.example/x.ics") == (
        "https://calendar.google.com/calendar/render?cid=webcal%3A%2F%2Fa.example%2Fx.ics"
    )
    live, office = outlook_urls("https://a.example/x.ics", "A & B")
    assert (
        live
        == "https://outlook.live.com/calendar/0/addfromweb?url=https%3A%2F%2Fa.example%2Fx.ics&name=A%20%26%20B"
    )
    assert office.startswith("https://outlook.office.com/calendar/0/addfromweb?")


def _article(tree: Any, session_id: str) -> Any:
    return next(a for a in tree.iter("article") if a.get("id") == session_id)


def _card(tree: Any, session_id: str) -> Any:
    return next(
        a for a, found in zip(tree.iter("article"), card_ids(tree), strict=True) if found == session_id
    )


def test_a_recording_is_watched_from_its_card(nl: Any):
    """The card of a session with a recording says "Bekijk" with the title, linking to its player."""
    (link,) = (a for a in _card(nl, "joint-efforts").iter("a") if "Bekijk" in text_of(a))
    assert link.get("href") == "https://example.org/remedy/nl/sessions/joint-efforts/#_recording"
    hidden = next(s for s in link.iter("span") if s.get("class") == "visually-hidden")
    assert text_of(hidden) == ": Access to remedy - Joint industry efforts towards remedy"
    assert [text_of(a) for a in _card(nl, "later").iter("a")] == ["Later"]


def test_time_elements(nl: Any):
    """Dates carry a machine-readable datetime."""
    times = {
        found: [t.get("datetime") for t in a.iter("time")]
        for a, found in zip(nl.iter("article"), card_ids(nl), strict=True)
    }
    assert times == {
        "joint-efforts": ["2023-12"],
        "future-workshop": ["2026-03-12T14:00:00+01:00"],
        "cancelled-interview": ["2026-04-30"],
        "later": [],
    }


def test_fallback_texts_are_marked_with_their_language(en: Any, nl: Any):
    """A text shown in another language than the page's carries lang=."""
    intro = en.find("body").find("header").find("p")
    assert intro.get("lang") == "nl"
    title_span = _card(nl, "joint-efforts").find("h4").find("a").find("span")
    assert title_span.get("lang") == "en"
    own = _card(nl, "future-workshop").find("h3").find("a").find("span")
    assert own.get("lang") is None


def test_language_switch(nl: Any):
    """The nav links to the other locale, named in its own language."""
    nav = nl.find("body").find("header").find("nav")
    (link,) = nav.iter("a")
    assert (link.text, link.get("hreflang"), link.get("lang")) == ("English", "en", "en")


def test_jsonld_is_embedded_when_the_exporter_exists(monkeypatch: pytest.MonkeyPatch):
    """The page embeds script_tag(programme, locale=...) when the JSON-LD module is there."""
    calls: list[tuple[object, str]] = []

    def script_tag(programme: object, *, locale: str) -> str:
        calls.append((programme, locale))
        return '<script type="application/ld+json">{"@context": "https://schema.org"}</script>'

    fake = types.ModuleType(JSONLD)
    fake.script_tag = script_tag  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, JSONLD, fake)
    tree = parse(build_page(PROGRAMME, "en"))
    scripts = list(tree.iter("script"))
    assert [s.get("type") for s in scripts] == ["application/ld+json"]
    assert calls == [(PROGRAMME, "en")]


def test_page_works_without_jsonld(monkeypatch: pytest.MonkeyPatch):
    """Without the JSON-LD module the page simply has no JSON-LD."""
    monkeypatch.setitem(sys.modules, JSONLD, None)
    tree = parse(build_page(PROGRAMME, "nl"))
    assert list(tree.iter("script")) == []


def test_empty_programme():
    """A programme with no sessions yet still makes a valid page."""
    empty = sf.Programme(id="e", title=L({"en": "Soon"}), base_url="https://example.org/", locales=("en",))
    tree = parse(build_page(empty, "en"))
    assert "No sessions yet." in text_of(tree.find("body"))
    assert tree.find("body").find("header").find("nav") is None


ALLOWED_TAGS = {
    "html", "head", "body", "meta", "title", "link", "style", "script", "header", "nav", "main",
    "footer", "section", "article", "h1", "h2", "h3", "h4", "p", "a", "ul", "li", "dl", "dt", "dd",
    "time", "span", "strong", "div", "br", "label", "input", "img",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "lang", "charset", "name", "content", "rel", "href", "hreflang", "type", "title", "class", "id",
    "aria-label", "aria-labelledby", "datetime", "for", "readonly", "value", "src", "alt", "width",
    "height", "loading",
}  # fmt: skip


@FEWER
@given(programme=programmes(max_sessions=3), locale=st.sampled_from(["nl", "en"]))
def test_any_programme_makes_a_valid_page(programme: sf.Programme, locale: str):
    """Any valid programme: strict HTML5, only our elements and attributes, every name exact."""
    if locale not in programme.locales:
        locale = programme.default_locale
    with without_jsonld():
        tree = parse(page(programme, locale))
    for element in tree.iter():
        assert element.tag in ALLOWED_TAGS, element.tag
        assert set(element.attrib) <= ALLOWED_ATTRIBUTES, element.attrib
    assert sorted(card_ids(tree)) == sorted(s.id for s in programme.sessions)
    h1 = tree.find("body").find("header").find("h1")
    assert text_of(h1) == html_clean(programme.text(programme.title, locale).text)
    for session in programme.sessions:
        heading = next(h for h in _card(tree, session.id) if h.tag in {"h3", "h4"})
        span = heading.find("a").find("span")
        assert text_of(span) == html_clean(programme.text(session.title, locale).text)


@given(
    title=texts(),
    intro=texts(max_size=120),
    name=texts(),
    platform=texts(max_size=20),
    hostile=st.sampled_from(["<script>alert(1)</script>", "</script>", '"', "'", "&", "&amp;", "<!--"]),
)
def test_no_escaping_holes(title: str, intro: str, name: str, platform: str, hostile: str):
    """<script>, quotes and ampersands in any text stay text, wherever it goes."""
    igs = sf.Organisation(id="o", name=L({"nl": hostile + name}), short_name=hostile)
    person = sf.Person(id="p", name=name + hostile, affiliation=igs)
    session = sf.Session(
        id="s",
        kind="webinar",
        language="en",
        title=L({"nl": hostile + title}),
        location=sf.Location(online=sf.Online(platform=platform + hostile), venue=sf.Venue(name=hostile)),
        participants=[sf.Participation(person=person, role="moderator")],
    )
    programme = sf.Programme(
        id="x",
        title=L({"nl": title + hostile}),
        intro=L({"nl": intro + hostile}),
        base_url="https://example.org/",
        locales=("nl",),
        sessions=[session],
        people=[person],
        organisations=[igs],
    )
    with without_jsonld():
        pages = site_pages(programme, "nl")
    tree = parse(pages["index.html"])
    assert [e.tag for e in tree.iter("script")] == []
    for element in tree.iter():
        assert element.tag in ALLOWED_TAGS
        assert set(element.attrib) <= ALLOWED_ATTRIBUTES
    assert tree.find("head").find("title").text == html_clean(title + hostile)
    assert text_of(_card(tree, "s").find("h3").find("a").find("span")) == html_clean(hostile + title)
    article = parse(pages["sessions/s/index.html"]).find("body").find("main").find("article")
    (li,) = (li for ul in article.iter("ul") if ul.get("class") == "people" for li in ul)
    assert html_clean(name + hostile) in text_of(li)
    dd = [text_of(d) for d in article.iter("dd")]
    assert html_clean(f"Online ({platform}{hostile}) en {hostile}") in dd


@pytest.mark.parametrize("locale", ["nl", "en"])
@pytest.mark.parametrize("example", ["seed_programme", "demo_programme"])
def test_golden(
    example: str,
    locale: str,
    request: pytest.FixtureRequest,
    golden: Callable[[str, bytes], None],
):
    """index.html of both examples in both locales, byte for byte, and valid."""
    programme: sf.Programme = request.getfixturevalue(example)
    names = {"seed_programme": "ser-access-to-remedy", "demo_programme": "upcoming-demo"}
    made = page(programme, locale)
    tree = parse(made)
    assert sorted(card_ids(tree)) == sorted(s.id for s in programme.sessions)
    golden(f"{names[example]}.{locale}.html", made.encode("utf-8"))


def test_page_embeds_the_real_jsonld():
    """With the JSON-LD exporter installed the page has exactly its one script, valid JSON."""
    tree = parse(build_page(PROGRAMME, "nl"))
    scripts = list(tree.iter("script"))
    assert [s.get("type") for s in scripts] == ["application/ld+json"]
    assert json.loads(scripts[0].text)


@pytest.mark.parametrize("character", ["\x7f", "\x85", "\ufdd0", "\U0001fffe"])
def test_embedded_jsonld_keeps_the_page_valid(character: str):
    """Characters HTML forbids, in a title, leave the page with its JSON-LD valid HTML5."""
    session = sf.Session(
        id="s",
        kind="webinar",
        language="en",
        title=L({"nl": f"A{character}B"}),
        when=sf.AllDay(start=dt.date(2026, 5, 4), end=dt.date(2026, 5, 4)),
    )
    programme = sf.Programme(
        id="x",
        title=L({"nl": f"P{character}"}),
        base_url="https://example.org/",
        locales=("nl",),
        sessions=[session],
    )
    tree = parse(build_page(programme, "nl"))
    assert len(list(tree.iter("script"))) == 1


@pytest.mark.parametrize("example", ["seed_programme", "demo_programme"])
def test_calendar_links_point_to_files_the_calendar_writes(example: str, request: pytest.FixtureRequest):
    """Every "add to calendar" link names a session .ics that the iCalendar exporter writes."""
    from sessionfeed.exporters.base import Context
    from sessionfeed.model.revisions import Revisions

    programme: sf.Programme = request.getfixturevalue(example)
    rendering = sf.get_exporter("ical").render(  # type: ignore[attr-defined]
        programme, Context(locale="nl", revisions=Revisions.from_data(programme))
    )
    written = {f"https://{programme.base_url.split('://', 1)[1]}nl/{f.path}" for f in rendering.every_file()}
    trees = [
        parse(text) for path, text in site_pages(programme, "nl").items() if path.startswith("sessions/")
    ]
    links = {a.get("href") for tree in trees for a in tree.iter("a") if a.text == "Agendabestand (.ics)"}
    assert bool(links) is (example == "demo_programme")  # the seed has months only
    assert links <= written


# ------------------------------------------------------------------ streaming


def test_the_page_is_made_as_it_is_read(monkeypatch: pytest.MonkeyPatch):
    """index.html comes in pieces, each article composed only when its piece is read.

    Joined, the pieces are ``export()``: a strict HTML5 page with every session.
    """
    from sessionfeed.exporters import jsonld
    from sessionfeed.exporters.base import Context
    from sessionfeed.model.revisions import Revisions
    from sessionfeed.words import compose as _compose

    monkeypatch.setattr(_compose, "PIECE_CHARS", 1)
    composition = _compose.Composition(PROGRAMME, "nl")
    revisions = Revisions.from_data(PROGRAMME)
    context = Context(locale="nl", revisions=revisions, composition=composition, now=NOW)
    rendering = HTMLExporter().render(PROGRAMME, context)
    assert not composition.blocks, "nothing is composed before the page is read"
    composed_when_read: list[int] = []
    pieces: list[bytes] = []
    for piece in rendering.files[0].chunks():
        if piece.startswith(b"<article"):
            composed_when_read.append(len(composition.blocks))
        pieces.append(piece)
    sessions = len(PROGRAMME.sessions)
    assert composed_when_read == list(range(1, sessions + 1))
    assert len(pieces) > sessions
    made = b"".join(pieces)
    assert made == page(PROGRAMME, "nl").encode("utf-8")
    assert made == rendering.files[0].content, "a second read gives the same bytes"
    tree = parse(made.decode("utf-8"))
    assert card_ids(tree) == PAGE_ORDER
    (script,) = tree.iter("script")
    assert json.loads(script.text)
    assert jsonld  # the element is the JSON-LD exporter's


def test_the_embedded_jsonld_comes_in_pieces(monkeypatch: pytest.MonkeyPatch):
    """The page takes the element from iter_script_tag piece by piece; the page is the same."""
    from sessionfeed.exporters import jsonld
    from sessionfeed.words import compose as _compose

    whole = page(PROGRAMME, "en")
    monkeypatch.setattr(_compose, "PIECE_CHARS", 1)
    listed = [next(s for s in PROGRAMME.sessions if s.id == found) for found in PAGE_ORDER]
    pieces = list(jsonld._iter_script_tag(PROGRAMME, "en", None, sessions=listed))
    assert len(pieces) > 2
    assert "".join(pieces) in whole
    assert page(PROGRAMME, "en") == whole


@FEWER
@given(programme=programmes(max_sessions=3), data=st.data())
def test_any_page_streamed_is_the_page(programme: sf.Programme, data: st.DataObject):
    """Whatever the texts hold, the page joined from small pieces is the page made at once."""
    from sessionfeed.words import compose as _compose

    locale = data.draw(st.sampled_from(programme.locales))
    whole = build_page(programme, locale)
    with unittest.mock.patch.object(_compose, "PIECE_CHARS", 7):
        pieces = list(iter_page(programme, locale))
    assert "".join(pieces) == whole
    assert len(pieces) > len(programme.sessions)
    parse(whole)


# -------------------------------------------------------------- quick escaping

_HOSTILE = (
    "ab &<>\"'\r\n\t \x00\x08\x0b\x0c\x1b\x7f\x85\x9f\xa0é\u2028\ud800\ufdd0\ufffe\uffff\U0001fffe\U0001f389"
)


@given(st.one_of(st.text(), st.text(st.sampled_from(_HOSTILE))))
def test_escape_html_is_escape_of_the_clean_text(text: str):
    """The quick ways (nothing to do, remembered texts) give what the definition gives."""
    expected = html.escape(html_clean(text), quote=True)
    assert escape_html(text) == expected
    assert escape_html(text) == expected  # remembered the second time
    assert escape_html(text * 40) == html.escape(html_clean(text * 40), quote=True)  # too long to remember


@given(st.text(st.sampled_from(_HOSTILE + "\n\n\n  x")), st.sampled_from(["nl", "en"]))
def test_description_escaped_whole_is_escaped_line_by_line(text: str, lang: str):
    """The card template writes a description as its paragraphs and lines, each escaped on its own."""
    paras = paragraphs(html_clean(text))
    expected_body = "\n".join(
        "<p>" + "<br>\n".join(escape_html(line) for line in p.split("\n")) + "</p>" for p in paras
    )
    attribute = "" if lang == "nl" else ' lang="en"'
    expected = f'<div class="description"{attribute}>\n{expected_body}\n</div>'
    session = PROGRAMME.sessions[0]
    block = attrs.evolve(session_block(PROGRAMME, session, "nl"), description=Localized(text=text, lang=lang))
    card = block_html(block)
    if paras:
        assert expected in card
    else:  # nothing to show: no empty element
        assert 'class="description"' not in card
