"""The feed entry writer (``_feedxml``) against feedgen and lxml: the same bytes for any entry.

The oracle is the route the feeds took before ``_feedxml``: feedgen fills
one ``FeedEntry`` per item through its setters, with the entry extension that
added what feedgen gets wrong, and lxml writes the whole document. The head
and tail come from the same feedgen generator as the feeds' own
(``feeds._rss_generator``/``_atom_generator``), so only the entries differ
between the routes.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Sequence
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

import sessionfeed as sf
from sessionfeed._layout import ATOM, RSS
from sessionfeed._revisions import Revisions
from sessionfeed.exporters import _feedxml, feeds
from sessionfeed.exporters._base import Context
from sessionfeed.exporters._xmltext import rfc822, xml_text
from sessionfeed.exporters.feeds import AtomExporter, Author, Enclosure, FeedItem, FeedPlan, RSSExporter
from strategies import programmes, texts, urls


L = sf.LocalizedText
UTC = dt.UTC
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: What lxml refuses in a text, besides lone surrogates (which it cannot encode).
REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


# ------------------------------------------------------------------ the oracle


class _Quiet:
    """A feed extension that adds nothing: feedgen registers entry extensions with one."""

    def extend_ns(self) -> dict[str, str]:
        return {}

    def extend_rss(self, rss: Any) -> Any:
        return rss

    def extend_atom(self, feed: Any) -> Any:
        return feed


class _Entry:
    """The feedgen entry extension the feeds had: ``pubDate``, Atom links and the title's language."""

    def __init__(self) -> None:
        self.pub_date: str | None = None
        self.links: list[dict[str, str]] = []
        self.title_lang: str | None = None

    def extend_ns(self) -> dict[str, str]:
        return {}

    def extend_rss(self, item: Any) -> Any:
        if self.pub_date is not None:
            feeds._element(item, "pubDate", self.pub_date)
        return item

    def extend_atom(self, entry: Any) -> Any:
        for link in self.links:
            feeds._element(entry, "link", **link)
        if self.title_lang is not None:
            entry.find("title").set(_XML_LANG, self.title_lang)
        return entry


def feedgen_rss(plan: FeedPlan, page: Any, items: Sequence[FeedItem]) -> bytes:
    """The RSS document of ``page`` with ``items``, every item through feedgen's setters."""
    fg = feeds._rss_generator(plan, page)
    fg.register_extension("oracle", _Quiet, _Entry, atom=False, rss=True)
    for item in items:
        fe = fg.add_entry(order="append")
        fe.guid(item.id, permalink=False)
        fe.title(feeds._rss_plain(item.title))
        fe.link(href=item.link)
        fe.description(html.escape(item.summary, quote=False))
        fe.content(item.content)
        if item.categories:
            fe.category([{"term": feeds._rss_plain(label)} for label in item.categories])
        if item.authors:
            fe.dc.dc_creator([feeds._rss_plain(author.name) for author in item.authors])
        if item.enclosure is not None:
            fe.enclosure(
                url=item.enclosure.url,
                length=str(item.enclosure.length or 0),
                type=item.enclosure.media_type,
            )
        fe.oracle.pub_date = rfc822(item.published)
    return feeds._rss_safe(fg.rss_str(pretty=True, encoding="UTF-8", xml_declaration=True))


def feedgen_atom(plan: FeedPlan, page: Any, items: Sequence[FeedItem]) -> bytes:
    """The Atom document of ``page`` with ``items``, every entry through feedgen's setters."""
    fg = feeds._atom_generator(plan, page)
    fg.register_extension("oracle", _Quiet, _Entry, atom=True, rss=False)
    for item in items:
        fe = fg.add_entry(order="append")
        fe.id(item.id)
        fe.title(item.title)
        fe.updated(item.updated)
        fe.published(item.published)
        if item.authors:
            fe.author([feeds._author_dict(a) for a in item.authors])
        fe.content(item.content, type="html")
        fe.summary(item.summary, type="text")
        if item.categories:
            fe.category([{"term": label} for label in item.categories])
        fe.oracle.links = [dict(link) for link in feeds._entry_links(plan, item)]
        fe.oracle.title_lang = item.title_lang if item.title_lang != plan.locale else None
    return bytes(fg.atom_str(pretty=True, encoding="UTF-8", xml_declaration=True))


FORMATS = {
    "rss": (RSS, RSSExporter, feeds._rss_pieces, feedgen_rss),
    "atom": (ATOM, AtomExporter, feeds._atom_pieces, feedgen_atom),
}


def written(fmt: str, plan: FeedPlan, page: Any, batch: int) -> bytes:
    """The document as the feeds write it, ``batch`` entries at a time."""
    pieces = FORMATS[fmt][2]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(feeds, "_BATCH", batch)
        return b"".join(pieces(plan, page))


# ------------------------------------------------------------------ programmes


def programme(count: int, *, title: dict[str, str] | None = None) -> sf.Programme:
    """``count`` sessions, in two locales; the title in Dutch only unless given."""
    org = sf.Organisation(id="org", name=L({"nl": "Stichting & Co"}), url="https://org.example/?a=1&b=2")
    sessions = [
        sf.Session(
            id=f"s{i}", kind="webinar", language="nl", title=L({"nl": f"Sessie {i} <b>", "en": f"Session {i}"}),
            announced=dt.datetime(2026, 1, 1, tzinfo=UTC) + dt.timedelta(days=i),
            organisers=[org] if i % 2 else [],
        )
        for i in range(count)
    ]  # fmt: skip
    return sf.Programme(
        id="n", title=L(title or {"nl": "Genummerd"}), base_url="https://example.org/n/",
        locales=("nl", "en"), sessions=sessions, organisations=[org],
    )  # fmt: skip


SMALL = programme(3)


def pages_of(plan: FeedPlan, fmt: str) -> list[Any]:
    """Every kind of page: complete, current, and archives with each kind of link."""
    filename = FORMATS[fmt][0]
    return [*feeds._pages(plan, filename, None), *feeds._pages(plan, filename, 1)]


# ------------------------------------------------------------------ strategies


def safe_texts(*, max_size: int = 60) -> st.SearchStrategy[str]:
    """Texts as the plan gives them: made XML-safe, something visible left."""
    return texts(max_size=max_size).map(xml_text).filter(lambda s: bool(s.strip()))


#: URLs as the model takes them, and any text, which the writer must write as lxml does too.
LINKS = st.one_of(urls(), safe_texts(max_size=30), st.just('https://x.example/?q="a"&b=<c>\t\r\n'))
DATES = st.datetimes(
    min_value=dt.datetime(1970, 1, 2), max_value=dt.datetime(2100, 1, 1), timezones=st.just(UTC),
).map(lambda moment: moment.replace(microsecond=0))  # fmt: skip
LANGS = st.sampled_from(["nl", "en", "de", "pt-BR"])
AUTHORS = st.builds(Author, name=safe_texts(max_size=30), uri=st.none() | LINKS)


@st.composite
def feed_items(draw: st.DrawFn) -> FeedItem:
    """An arbitrary item: any text, with or without categories, authors, a recording."""
    published = draw(DATES)
    recording = draw(st.sampled_from(["none", "file", "page"]))
    enclosure = None
    if recording == "file":
        enclosure = Enclosure(
            url=draw(LINKS),
            media_type=draw(st.sampled_from(["video/mp4", "audio/mpeg"]) | safe_texts(max_size=20)),
            length=draw(st.none() | st.integers(min_value=0, max_value=10**12)),
        )
    return FeedItem(
        session_id="s",
        id=f"urn:uuid:{draw(st.uuids())}",
        title=draw(safe_texts()),
        title_lang=draw(LANGS),
        link=draw(LINKS),
        local_link=draw(st.booleans()),
        published=published,
        updated=max(published, draw(DATES)),
        summary=draw(safe_texts(max_size=200)),
        content=draw(safe_texts(max_size=200)),
        categories=tuple(draw(st.lists(safe_texts(max_size=20), max_size=3))),
        authors=tuple(draw(st.lists(AUTHORS, max_size=3))),
        enclosure=enclosure,
        recording_page=draw(LINKS) if recording == "page" else None,
    )


# ----------------------------------------------------------------------- tests


@pytest.mark.parametrize("fmt", ["rss", "atom"])
@given(
    items=st.lists(feed_items(), max_size=6),
    loc=st.sampled_from(["nl", "en"]),
    batch=st.sampled_from([1, 2, 3, 250]),
    data=st.data(),
)
def test_arbitrary_entries_are_the_bytes_feedgen_writes(fmt, items, loc, batch, data):
    """Any items, on any kind of page, at any batch size: byte for byte what feedgen writes."""
    plan = feeds.plan_feed(SMALL, loc)
    page = attrs.evolve(data.draw(st.sampled_from(pages_of(plan, fmt))), items=items)
    assert written(fmt, plan, page, batch) == FORMATS[fmt][3](plan, page, items)


EXAMPLES = ["none", "one", "two", "seven", "title-in-english", "seed", "demo"]


@pytest.fixture(params=EXAMPLES)
def example(request, seed_programme, demo_programme) -> sf.Programme:
    return {
        "none": lambda: programme(0),
        "one": lambda: programme(1),
        "two": lambda: programme(2),
        "seven": lambda: programme(7),
        "title-in-english": lambda: programme(3, title={"en": "Numbered"}),
        "seed": lambda: seed_programme,
        "demo": lambda: demo_programme,
    }[request.param]()


@pytest.mark.parametrize("fmt", ["rss", "atom"])
@pytest.mark.parametrize("page_size", [None, 1, 3])
@pytest.mark.parametrize("batch", [1, 2, 250])
def test_every_file_is_the_document_feedgen_writes(example, fmt, page_size, batch, monkeypatch):
    """Complete feeds, empty ones and paged archives: every file is one feedgen document of its entries."""
    filename, exporter, _, oracle = FORMATS[fmt]
    monkeypatch.setattr(feeds, "_BATCH", batch)
    for loc in example.locales:
        context = Context(locale=loc, revisions=Revisions.from_data(example))
        files = {f.path: f.content for f in exporter(page_size=page_size).render(example, context).files}
        plan = feeds.plan_feed(example, loc, revisions=context.revisions, cache=context.cache)
        pages = feeds._pages(plan, filename, page_size)
        assert files == {page.path: oracle(plan, page, list(page.items)) for page in pages}


@settings(max_examples=max(10, settings.default.max_examples // 3))
@given(programme=programmes(), data=st.data())
def test_arbitrary_programmes_are_the_bytes_feedgen_writes(programme, data):
    """Whatever the plan makes of any programme, the feeds are what feedgen writes."""
    loc = data.draw(st.sampled_from(programme.locales))
    plan = feeds.plan_feed(programme, loc)
    for fmt in FORMATS:
        page = feeds._pages(plan, FORMATS[fmt][0], None)[0]
        assert written(fmt, plan, page, 2) == FORMATS[fmt][3](plan, page, list(page.items))


@given(value=st.text(st.characters(blacklist_categories=("Cs",))).map(lambda s: REFUSED.sub("", s)))
def test_text_and_attributes_are_escaped_as_lxml_escapes_them(value):
    """Element text and attribute values, for any text lxml takes."""
    element = etree.Element("x", a=value)
    element.text = value
    expected = etree.tostring(element, encoding="UTF-8", xml_declaration=False)
    assert f'<x a="{_feedxml.attribute(value)}">{_feedxml.text(value)}</x>'.encode() == expected


REFUSALS = [
    *((char, ValueError, "XML compatible") for char in ["\x00", "\x08", "\x0b", "\x1f", "\ufffe", "\uffff"]),
    ("\ud800", UnicodeEncodeError, "surrogates not allowed"),
]


@pytest.mark.parametrize(("char", "error", "message"), REFUSALS)
@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_what_lxml_refuses_is_refused(fmt, char, error, message):
    """A character lxml refuses fails the feed with the same error, rather than an ill-formed feed."""
    plan = feeds.plan_feed(SMALL, "nl")
    item = attrs.evolve(plan.items[0], link=f"https://example.org/{char}")
    page = attrs.evolve(feeds._pages(plan, FORMATS[fmt][0], None)[0], items=[item])
    with pytest.raises(error, match=message):
        FORMATS[fmt][3](plan, page, [item])
    with pytest.raises(error, match=message):
        written(fmt, plan, page, 250)


@pytest.mark.parametrize(
    "change",
    [
        lambda item, bad: {"title": f"Titel {bad}"},
        lambda item, bad: {"id": f"urn:uuid:{bad}"},
        lambda item, bad: {"categories": ("fine", f"label {bad}")},
        lambda item, bad: {"authors": (feeds.Author(name="Org", uri=f"https://org.example/{bad}"),)},
        lambda item, bad: {"authors": (feeds.Author(name=f"Org {bad}"),)},
        lambda item, bad: {"recording_page": f"https://video.example/{bad}"},
        lambda item, bad: {"enclosure": feeds.Enclosure(url=f"https://x.example/{bad}.mp3", media_type="audio/mpeg", length=None)},
    ],
    ids=["title", "id", "category", "author-uri", "author-name", "recording-page", "enclosure"],
)
@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_a_short_text_xml_cannot_carry_fails_the_feed(fmt, change):
    """Only the long texts (summary, content) are left unsearched; any other field with U+0000 fails."""
    plan = feeds.plan_feed(SMALL, "nl")
    item = attrs.evolve(plan.items[0], **change(plan.items[0], "\x00"))
    page = attrs.evolve(feeds._pages(plan, FORMATS[fmt][0], None)[0], items=[item])
    with pytest.raises(ValueError, match="XML compatible"):
        written(fmt, plan, page, 250)


def test_refuse():
    _feedxml.refuse(["fine", None, "", "Zoë 🎉\t\n\r"])
    for bad in ["\x00", "\x1f", "\ufffe", "\uffff"]:
        with pytest.raises(ValueError, match="XML compatible"):
            _feedxml.refuse(["fine", f"a{bad}"])
    assert _feedxml.encode("a\x00", checked=True) == b"a\x00"  # the caller's word is taken


def test_a_url_xml_cannot_carry_is_refused_by_the_model():
    """An organiser URL with U+FFFE would make the Atom feed fail: the model refuses it, naming the field."""
    with pytest.raises(sf.ProgrammeError) as caught:
        sf.Organisation(id="o", name=L({"en": "Org"}), url="https://example.org/\ufffe")
    [problem] = caught.value.problems
    assert problem.path == "url"
    assert "cannot carry" in problem.message


def test_encode():
    """UTF-8 as it is, no character references; lxml's refusals."""
    assert _feedxml.encode("Zoë 🎉 \x7f\x85") == "Zoë 🎉 \x7f\x85".encode()
    with pytest.raises(ValueError, match="XML compatible"):
        _feedxml.encode("a\x00")
    with pytest.raises(UnicodeEncodeError):
        _feedxml.encode("a\ud800")
