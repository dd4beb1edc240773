"""RSS 2.0 and Atom feeds, read back by feedparser and lxml as readers would."""

from __future__ import annotations

import calendar
import datetime as dt
import email.utils
import html
import locale
import re
import zoneinfo

import attrs
import feedparser
import pytest
from hypothesis import given, settings, strategies as st
from lxml import etree

import sessionfeed as sf
from sessionfeed.exporters.base import Context
from sessionfeed.exporters.feeds import items as feed_items, pages as feed_pages
from sessionfeed.exporters.feeds.exporter import (
    AtomExporter,
    RSSExporter,
    build_atom,
    build_rss,
    plan_feed,
)
from sessionfeed.exporters.feeds.xml_text import rfc822, xml_text
from sessionfeed.model.ids import session_uuid
from sessionfeed.model.revisions import Revision, Revisions, announced
from sessionfeed.words.compose import Composition
from sessionfeed.words.vocabulary import Words
from strategies import programmes, texts


AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")
L = sf.LocalizedText
A = "{http://www.w3.org/2005/Atom}"
FH = "{http://purl.org/syndication/history/1.0}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=AMS)


def feed_programme(*, organisers: bool = True, updated: dt.datetime | None = None) -> sf.Programme:
    """A small programme with every part a feed item has."""
    ser = sf.Organisation(
        id="ser", name=L({"nl": "Sociaal-Economische Raad", "en": "Social and Economic Council"}),
        short_name="SER", url="https://www.ser.example/",
    )  # fmt: skip
    igs = sf.Organisation(id="igs", name=L({"en": "Initiative for Global Solidarity"}), short_name="IGS")
    maria = sf.Person(id="maria", name="Maria Mora", affiliation=igs)
    bjorn = sf.Person(id="bjorn", name="Björn Claeson")
    zoe = sf.Person(id="zoe", name="Zoë <Ångström> & Co")
    remedy = sf.Tag(id="remedy", label=L({"nl": "herstel & verhaal", "en": "access to remedy"}))
    chains = sf.Tag(id="chains", label=L({"nl": "eerlijke ketens", "en": "fair supply chains"}))
    joint = sf.Session(
        id="joint-efforts",
        kind="webinar",
        language="en",
        title=L({"nl": "Samen naar herstel", "en": "Joint efforts towards remedy"}),
        when=sf.Month(year=2023, month=12),
        description=L({"nl": "Dit webinar gaat over herstel.", "en": "This webinar is about remedy."}),
        location=sf.Location(online=sf.Online(platform="Zoom")),
        participants=[
            sf.Participation(person=maria, role="moderator"),
            sf.Participation(person=bjorn, role="speaker"),
            sf.Participation(person=zoe, role="speaker"),
        ],
        tags=[remedy, chains],
        recording=sf.Recording(
            url="https://media.example/joint.mp4",
            media_type="video/mp4",
            length=104857600,
        ),
        announced=at(2023, 11, 1, 9),
    )
    practice = sf.Session(
        id="practice",
        kind="workshop",
        language="nl",
        title=L({"nl": "Herstel in de praktijk"}),
        when=sf.Timed(start=at(2026, 3, 12, 14), end=at(2026, 3, 12, 15, 30)),
        location=sf.Location(venue=sf.Venue(name="SER, Den Haag")),
        organisers=[igs],
        participants=[sf.Participation(person=maria, role="trainer")],
        tags=[remedy],
        recording=sf.Recording(url="https://video.example/watch?v=practice", media_type="text/html"),
        announced=at(2026, 1, 5, 10),
        updated=at(2026, 2, 1, 12),
    )
    cancelled = sf.Session(
        id="cancelled",
        kind="interview",
        language="en",
        title=L({"nl": "Een interview", "en": "An interview"}),
        when=sf.AllDay(start=dt.date(2026, 4, 30), end=dt.date(2026, 5, 2)),
        status="cancelled",
        participants=[sf.Participation(person=bjorn, role="interviewee")],
        announced=at(2026, 1, 5, 10),  # the same moment as "practice": programme order breaks the tie
    )
    external = sf.Session(
        id="external",
        kind="talk",
        language="en",
        title=L({"en": "A talk elsewhere"}),
        links=sf.Links(page="https://elsewhere.example/talk"),
        recording=sf.Recording(url="https://media.example/talk.MP3"),
        announced=at(2025, 6, 1, 8),
    )
    return sf.Programme(
        id="remedy",
        title=L({"nl": "Webinars over herstel", "en": "Webinars on remedy"}),
        intro=L({"nl": "Bekijk de webinars over herstel & verhaal."}),
        base_url="https://example.org/remedy/",
        locales=("nl", "en"),
        sessions=[joint, practice, cancelled, external],
        people=[maria, bjorn, zoe],
        organisations=[ser, igs],
        organisers=[ser] if organisers else [],
        tags=[remedy, chains],
        image="https://example.org/remedy/logo.png",
        contact=sf.Contact(name="Team", email="team@example.org"),
        updated=updated,
    )


PROGRAMME = feed_programme()
#: Newest announcement first; "practice" and "cancelled" tie and keep the programme order.
ORDER = ["practice", "cancelled", "external", "joint-efforts"]


def parse(data: bytes) -> feedparser.FeedParserDict:
    parsed = feedparser.parse(data)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    return parsed


def lf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read(detail) -> str:
    """The text of a feedparser text construct, line ends as LF.

    RSS titles that look like HTML come as HTML (whose parsers turn CR into LF).
    """
    return lf(html.unescape(detail.value) if detail.type == "text/html" else detail.value)


def as_read(text: str) -> str:
    """What feedparser makes of a plain text: it strips it and "repairs" UTF-8 read as Latin-1."""
    text = text.strip()
    try:
        return text.encode("iso-8859-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def urn(session_id: str, programme: sf.Programme = PROGRAMME) -> str:
    return f"urn:uuid:{session_uuid(programme, programme.session(session_id))}"


def utc_seconds(moment: dt.datetime) -> int:
    return int(moment.timestamp())


def parsed_seconds(struct) -> int:  # a time.struct_time in UTC, as feedparser gives it
    return calendar.timegm(struct)


# --------------------------------------------------------------------- contract


def test_exporter_contract():
    """Both feeds are registered with the names, types and files of the layout."""
    rss, atom = sf.get_exporter("rss"), sf.get_exporter("atom")
    assert isinstance(rss, RSSExporter)
    assert isinstance(atom, AtomExporter)
    assert (rss.name, rss.title, rss.media_type, rss.filename) == (
        "rss", "RSS 2.0", "application/rss+xml", "feed.rss",
    )  # fmt: skip
    assert (atom.name, atom.title, atom.media_type, atom.filename) == (
        "atom", "Atom", "application/atom+xml", "feed.atom",
    )  # fmt: skip
    assert rss.export(PROGRAMME, locale="nl") == build_rss(PROGRAMME, "nl")
    assert atom.export(PROGRAMME, locale="en") == build_atom(PROGRAMME, "en")


def test_rendering_includes_every_session():
    """Every session goes in, whatever its date or status; one file without paging."""
    context = Context(locale="nl", revisions=Revisions.from_data(PROGRAMME))
    for exporter in (RSSExporter(), AtomExporter()):
        rendering = exporter.render(PROGRAMME, context)
        assert rendering.included == tuple(s.id for s in PROGRAMME.sessions)
        assert rendering.omitted == ()
        assert rendering.notes == ()
        assert [f.path for f in rendering.files] == [exporter.filename]


def test_a_build_s_composition_serves_both_feeds():
    """In a build, RSS and Atom take each session's words from the locale's composition: made once, same bytes."""
    composition = Composition(PROGRAMME, "nl")
    context = Context(locale="nl", revisions=Revisions.from_data(PROGRAMME), composition=composition)
    rss = RSSExporter().render(PROGRAMME, context).files[0].content
    made = dict(composition.blocks)
    assert set(made) == {s.id for s in PROGRAMME.sessions}
    atom = AtomExporter().render(PROGRAMME, context).files[0].content
    assert all(composition.blocks[ident] is block for ident, block in made.items()), "made again"
    assert rss == build_rss(PROGRAMME, "nl")
    assert atom == build_atom(PROGRAMME, "nl")


def test_feed_ids_are_stable_and_per_locale():
    """The Atom feed id depends on the programme id and locale only."""
    nl, en = parse(build_atom(PROGRAMME, "nl")).feed.id, parse(build_atom(PROGRAMME, "en")).feed.id
    assert nl.startswith("urn:uuid:")
    assert nl != en
    moved = attrs.evolve(PROGRAMME, base_url="https://elsewhere.example/", title=L({"nl": "Anders"}))
    assert parse(build_atom(moved, "nl")).feed.id == nl


@pytest.mark.parametrize("value", [0, -1, True, 2.5, "10"])
def test_page_size_must_be_positive(value):
    """A nonsensical page size is a clear error, not a broken feed."""
    with pytest.raises(ValueError, match="page_size must be a whole number"):
        RSSExporter(page_size=value)
    with pytest.raises(ValueError, match="page_size must be a whole number"):
        AtomExporter(page_size=value)


# ------------------------------------------------------------------ read back


@pytest.mark.parametrize("build", [build_rss, build_atom])
@pytest.mark.parametrize("loc", ["nl", "en"])
def test_feedparser_recovers_every_session(build, loc):
    """Titles, links, ids, dates, categories, enclosures and people come back from either feed."""
    parsed = parse(build(PROGRAMME, loc))
    assert parsed.feed.language == loc
    assert [e.id for e in parsed.entries] == [urn(i) for i in ORDER]
    entries = {e.id: e for e in parsed.entries}
    revisions = Revisions.from_data(PROGRAMME)
    for session in PROGRAMME.sessions:
        entry = entries[urn(session.id)]
        title = PROGRAMME.text(session.title, loc).text
        assert title in entry.title
        page = session.links.page or f"https://example.org/remedy/{loc}/sessions/{session.id}/"
        assert entry.link == page
        published = announced(PROGRAMME, session)
        assert parsed_seconds(entry.published_parsed) == utc_seconds(published)
        if build is build_atom:
            updated = max(revisions[session.id].modified, published)
            assert parsed_seconds(entry.updated_parsed) == utc_seconds(updated)
        labels = [PROGRAMME.text(t.label, loc).text for t in session.tags]
        assert [t.term for t in entry.get("tags", [])] == labels
        summary = html.unescape(entry.summary) if build is build_rss else entry.summary
        for part in session.participants:
            assert part.person.name in summary
        organisers = [o.id for o in PROGRAMME.organisers_of(session)]
        authors = [a.get("name") for a in entry.get("authors", [])]
        assert len(authors) == len(organisers)
    # The card's text, whatever links it puts around the names.
    content = re.sub(r"<[^>]*>", "", entries[urn("joint-efforts")].content[0].value)
    assert "Maria Mora (Initiative for Global Solidarity, IGS)" in html.unescape(content)


@pytest.mark.parametrize("build", [build_rss, build_atom])
def test_titles_carry_the_date_and_status_in_words(build):
    """The session's own month is in the title, in the locale's words; a cancellation is said first."""
    nl = {e.id: e.title for e in parse(build(PROGRAMME, "nl")).entries}
    en = {e.id: e.title for e in parse(build(PROGRAMME, "en")).entries}
    month = {locale: Words.of(locale).format_month for locale in ("nl", "en")}
    assert nl[urn("joint-efforts")] == f"Samen naar herstel ({month['nl'](2023, 12)})"
    assert en[urn("joint-efforts")] == f"Joint efforts towards remedy ({month['en'](2023, 12)})"
    assert nl[urn("practice")] == f"Herstel in de praktijk ({month['nl'](2026, 3)})"
    assert nl[urn("cancelled")] == f"Geannuleerd: Een interview ({month['nl'](2026, 4)})"
    assert en[urn("cancelled")] == f"Cancelled: An interview ({month['en'](2026, 4)})"
    assert en[urn("external")] == "A talk elsewhere"


def test_item_text_has_the_full_time_in_words():
    """The summary says when exactly, in the locale's words, as the text exporter does."""
    parsed = parse(build_atom(PROGRAMME, "nl"))
    entry = {e.id: e for e in parsed.entries}[urn("practice")]
    assert Words.of("nl").format_when(PROGRAMME.session("practice").when) in entry.summary
    assert "14:00\u201315:30" in entry.summary
    assert entry.summary_detail.type == "text/plain"
    assert entry.content[0].type == "text/html"


def test_enclosures():
    """A recording file is an enclosure in both feeds; a video page is not."""
    rss = {e.id: e for e in parse(build_rss(PROGRAMME, "en")).entries}
    atom = {e.id: e for e in parse(build_atom(PROGRAMME, "en")).entries}
    for entries in (rss, atom):
        (joint,) = entries[urn("joint-efforts")].enclosures
        assert (joint.href, joint.type, joint.length) == (
            "https://media.example/joint.mp4", "video/mp4", "104857600",
        )  # fmt: skip
        (talk,) = entries[urn("external")].enclosures
        assert (talk.href, talk.type) == ("https://media.example/talk.MP3", "audio/mpeg")
        assert entries[urn("practice")].get("enclosures", []) == []
    assert rss[urn("external")].enclosures[0].length == "0"  # unknown length: 0, as RSS asks
    related = [link for link in atom[urn("practice")].links if link.rel == "related"]
    assert [link.href for link in related] == ["https://video.example/watch?v=practice"]


def test_atom_entry_links_keep_rel_type_and_length():
    """The feedgen#135 workaround: entry links keep every attribute, one alternate each."""
    root = etree.fromstring(build_atom(PROGRAMME, "en"), PARSER)
    for entry in root.iter(f"{A}entry"):
        links = [dict(link.attrib) for link in entry.iter(f"{A}link")]
        assert all("rel" in link and "type" in link for link in links)
        alternates = [link for link in links if link["rel"] == "alternate"]
        assert len(alternates) == 1
    joint = next(e for e in root.iter(f"{A}entry") if e.findtext(f"{A}id") == urn("joint-efforts"))
    assert {
        "rel": "enclosure", "type": "video/mp4", "href": "https://media.example/joint.mp4",
        "length": "104857600",
    } in [dict(link.attrib) for link in joint.iter(f"{A}link")]  # fmt: skip


def test_rss_structure():
    """The channel has what RSS and its readers need; guids are not permalinks."""
    root = etree.fromstring(build_rss(PROGRAMME, "nl"), PARSER)
    channel = root.find("channel")
    assert channel.findtext("title") == "Webinars over herstel"
    assert channel.findtext("link") == "https://example.org/remedy/nl/"
    assert channel.findtext("description") == "Bekijk de webinars over herstel & verhaal."
    assert channel.findtext("language") == "nl"
    assert channel.findtext("generator") == "sessionfeed"
    assert channel.findtext("image/url") == "https://example.org/remedy/logo.png"
    assert channel.findtext("managingEditor") == "team@example.org (Team)"
    (self_link,) = channel.findall(f"{A}link")
    assert self_link.attrib == {
        "href": "https://example.org/remedy/nl/feed.rss", "rel": "self", "type": "application/rss+xml",
    }  # fmt: skip
    assert channel.find(f"{FH}complete") is not None
    for item in channel.iter("item"):
        guid = item.find("guid")
        assert guid.get("isPermaLink") == "false"
        assert guid.text.startswith("urn:uuid:")
        assert item.findall("author") == []
    joint = next(i for i in channel.iter("item") if i.findtext("guid") == urn("joint-efforts"))
    assert [c.text for c in joint.iter("{http://purl.org/dc/elements/1.1/}creator")] == [
        "Sociaal-Economische Raad (SER)",
    ]
    assert [c.text for c in joint.findall("category")] == ["herstel & verhaal", "eerlijke ketens"]


def test_rss_plain_text_uses_hexadecimal_references():
    """& and < in plain-text elements are written as &#x26; and &#x3C; (RSS Best Practices)."""
    data = build_rss(PROGRAMME, "nl")
    assert b"<category>herstel &#x26; verhaal</category>" in data
    assert b"&amp;" not in re.sub(rb"<(description|content:encoded)>[^<]*</\1>", b"", data)


def test_atom_meets_rfc_4287():
    """One id, title and updated per feed and entry; an author; unique alternates per type and hreflang."""
    for loc in ("nl", "en"):
        root = etree.fromstring(build_atom(PROGRAMME, loc), PARSER)
        assert root.get(XML_LANG) == loc
        for element in (root, *root.findall(f"{A}entry")):
            for name in ("id", "title", "updated"):
                assert len(element.findall(f"{A}{name}")) == 1, name
            alternates = [
                (link.get("type"), link.get("hreflang"))
                for link in element.findall(f"{A}link")
                if link.get("rel", "alternate") == "alternate"
            ]
            assert len(alternates) == len(set(alternates))
            if element is not root:
                assert alternates or element.find(f"{A}content") is not None
        assert root.find(f"{A}author/{A}name") is not None
        assert root.find(f"{FH}complete") is not None
        (self_link,) = [link for link in root.findall(f"{A}link") if link.get("rel") == "self"]
        assert self_link.get("href") == f"https://example.org/remedy/{loc}/feed.atom"


def test_atom_marks_titles_in_another_language():
    """An entry whose title exists only in another language says so with xml:lang."""
    root = etree.fromstring(build_atom(PROGRAMME, "en"), PARSER)
    titles = {e.findtext(f"{A}id"): e.find(f"{A}title") for e in root.iter(f"{A}entry")}
    assert titles[urn("practice")].get(XML_LANG) == "nl"
    assert titles[urn("joint-efforts")].get(XML_LANG) is None


def test_authors_without_organisers():
    """With no organiser at all, the programme's title is the feed's author (RFC 4287 §4.1.1)."""
    programme = feed_programme(organisers=False)
    atom = parse(build_atom(programme, "en"))
    assert atom.feed.author == "Webinars on remedy"
    entries = {e.id: e for e in atom.entries}
    assert "authors" not in entries[urn("joint-efforts", programme)]
    assert [a.name for a in entries[urn("practice", programme)].authors] == [
        "Initiative for Global Solidarity (IGS)",
    ]


# --------------------------------------------------------------------- dates


RFC822 = re.compile(
    r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
    r"\d{4} \d\d:\d\d:\d\d \+0000",
)


def test_rss_dates_are_rfc_822_in_english():
    """pubDate and lastBuildDate: English names, four-digit year, numeric offset, in a Dutch feed too."""
    root = etree.fromstring(build_rss(PROGRAMME, "nl"), PARSER)
    dates = [e.text for e in root.iter("pubDate", "lastBuildDate")]
    assert len(dates) == len(PROGRAMME.sessions) + 1
    assert all(RFC822.fullmatch(d) for d in dates), dates
    assert root.findtext("channel/lastBuildDate") == "Sun, 01 Feb 2026 11:00:00 +0000"


def test_feed_updated_is_the_newest_revision():
    """The feed's date is the newest session revision from the data, never the clock."""
    parsed = parse(build_atom(PROGRAMME, "nl"))
    assert parsed_seconds(parsed.feed.updated_parsed) == utc_seconds(at(2026, 2, 1, 12))
    revisions = Revisions(
        {
            **Revisions.from_data(PROGRAMME).by_id,
            "external": Revision(sequence=3, modified=dt.datetime(2026, 5, 1, 6, tzinfo=dt.UTC)),
        },
    )
    parsed = parse(build_atom(PROGRAMME, "nl", revisions=revisions))
    assert parsed.feed.updated == "2026-05-01T06:00:00+00:00"
    assert {e.id: e.updated for e in parsed.entries}[urn("external")] == "2026-05-01T06:00:00+00:00"


def test_empty_programme():
    """A programme with no sessions still gives valid feeds, dated from the data or 1970."""
    empty = attrs.evolve(PROGRAMME, sessions=())
    assert parse(build_rss(empty, "nl")).entries == []
    assert parse(build_atom(empty, "nl")).feed.updated == "1970-01-01T00:00:00+00:00"
    dated = attrs.evolve(empty, updated=at(2026, 11, 20, 9))
    assert parse(build_atom(dated, "nl")).feed.updated == "2026-11-20T08:00:00+00:00"


def test_no_setlocale(monkeypatch):
    """The process locale is never switched: RSS dates get their English names without setlocale."""
    expected_rss, expected_atom = build_rss(PROGRAMME, "nl"), build_atom(PROGRAMME, "nl")

    def no_setlocale(*args, **kwargs):
        raise AssertionError("setlocale was called")

    monkeypatch.setattr(locale, "setlocale", no_setlocale)
    assert build_rss(PROGRAMME, "nl") == expected_rss
    assert build_atom(PROGRAMME, "nl") == expected_atom


@given(
    st.datetimes(
        timezones=st.just(dt.UTC), min_value=dt.datetime(1, 1, 2), max_value=dt.datetime(9999, 12, 30)
    )
)
def test_rfc822_is_what_the_standard_library_writes(moment: dt.datetime):
    """An RSS date is email.utils.format_datetime of the moment in UTC, to the second."""
    assert rfc822(moment) == email.utils.format_datetime(moment.replace(microsecond=0))


def test_rfc822_rejects_naive_dates():
    """A naive date is a clear error."""
    assert rfc822(dt.datetime(2027, 3, 11, 14, tzinfo=AMS)) == "Thu, 11 Mar 2027 13:00:00 +0000"
    with pytest.raises(ValueError, match="needs a time zone"):
        rfc822(dt.datetime(2027, 3, 11, 14))


# ------------------------------------------------------------ XML-safe text


def test_control_characters_are_removed_and_reported():
    """Characters XML 1.0 forbids are dropped from every element and counted in the notes."""
    session = attrs.evolve(
        PROGRAMME.session("external"),
        title=L({"en": "Bell\x07 and \x00null\x1b[0m ]]> <b>&amp;"}),
        description=L({"en": "line\x0bbreak \ufffe"}),
    )
    programme = attrs.evolve(PROGRAMME, sessions=(*PROGRAMME.sessions[:3], session))
    context = Context(locale="en", revisions=Revisions.from_data(programme))
    for exporter in (RSSExporter(), AtomExporter()):
        rendering = exporter.render(programme, context)
        data = rendering.files[0].content
        etree.fromstring(data, PARSER)  # well-formed
        entry = {e.id: e for e in parse(data).entries}[urn("external", programme)]
        assert read(entry.title_detail) == "Bell and null[0m ]]> <b>&amp;"
        (note,) = rendering.notes
        assert note.startswith("removed 5 characters that XML 1.0 forbids or discourages")
        assert "U+0000, U+0007, U+000B, U+001B, U+FFFE" in note
        assert "1 session (external)" in note


def test_blank_title_after_cleaning():
    """A title of nothing but control characters gives the kind instead of an empty title."""
    session = attrs.evolve(PROGRAMME.session("external"), title=L({"en": "\x00\x01"}))
    programme = attrs.evolve(PROGRAMME, sessions=(session,))
    for build in (build_rss, build_atom):
        (entry,) = parse(build(programme, "en")).entries
        assert entry.title == "English-language talk"


def test_names_of_nothing_but_control_characters_fall_back_to_ids():
    """A tag or organiser named only with control characters is still there, by its id."""
    org = sf.Organisation(id="ghost-org", name=L({"en": "\x01\x02"}))
    tag = sf.Tag(id="ghost-tag", label=L({"en": "\x03"}))
    session = attrs.evolve(PROGRAMME.session("external"), organisers=[org], tags=[tag])
    programme = attrs.evolve(
        PROGRAMME,
        sessions=(session,),
        organisations=(*PROGRAMME.organisations, org),
        tags=(tag,),
    )
    (atom,) = parse(build_atom(programme, "en")).entries
    assert [t.term for t in atom.tags] == ["ghost-tag"]
    assert [a.name for a in atom.authors] == ["ghost-org"]
    (rss,) = parse(build_rss(programme, "en")).entries
    assert [t.term for t in rss.tags] == ["ghost-tag"]
    assert rss.author == "ghost-org"


# -------------------------------------------------------------------- paging


def numbered_programme(count: int) -> sf.Programme:
    sessions = [
        sf.Session(
            id=f"s{i}", kind="webinar", language="nl", title=L({"nl": f"Sessie {i}"}),
            announced=at(2026, 1, 1) + dt.timedelta(days=i),
        )
        for i in range(count)
    ]  # fmt: skip
    return sf.Programme(
        id="numbered", title=L({"nl": "Genummerd"}), base_url="https://example.org/n/",
        locales=("nl",), sessions=sessions,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("exporter", "ext"), [(AtomExporter(page_size=2), "atom"), (RSSExporter(page_size=2), "rss")]
)
def test_paged_archives(exporter, ext):
    """RFC 5005 §4: the newest page in the feed, older ones in linked, stable archives."""
    programme = numbered_programme(5)
    context = Context(locale="nl", revisions=Revisions.from_data(programme))
    rendering = exporter.render(programme, context)
    files = {f.path: f.content for f in rendering.files}
    assert list(files) == [f"feed.{ext}", f"archive/1.{ext}", f"archive/2.{ext}"]
    assert rendering.notes == (
        f"paged: the newest 1 sessions in feed.{ext}, the 4 older ones in 2 archive documents under archive/",
    )
    base = "https://example.org/n/nl/"
    seen: dict[str, list[str]] = {}
    for path, content in files.items():
        parsed = parse(content)
        seen[path] = [e.title for e in parsed.entries]
        links = {link.rel: link.href for link in parsed.feed.links if link.rel != "alternate"}
        root = etree.fromstring(content, PARSER)
        assert root.find(f".//{FH}complete") is None
        assert links["self"] == base + path
        if path.startswith("archive/"):
            assert root.find(f".//{FH}archive") is not None
            assert links["current"] == f"{base}feed.{ext}"
    assert seen == {
        f"feed.{ext}": ["Sessie 4"], f"archive/2.{ext}": ["Sessie 3", "Sessie 2"],
        f"archive/1.{ext}": ["Sessie 1", "Sessie 0"],
    }  # fmt: skip
    feed_links = {link.rel: link.href for link in parse(files[f"feed.{ext}"]).feed.links}
    assert feed_links["prev-archive"] == f"{base}archive/2.{ext}"
    archive2 = {link.rel: link.href for link in parse(files[f"archive/2.{ext}"]).feed.links}
    assert archive2["prev-archive"] == f"{base}archive/1.{ext}"
    archive1 = {link.rel: link.href for link in parse(files[f"archive/1.{ext}"]).feed.links}
    assert "prev-archive" not in archive1
    assert archive1["next-archive"] == f"{base}archive/2.{ext}"
    # A new session changes the subscription document only: archives stay as they are.
    more = numbered_programme(6)
    again = {
        f.path: f.content
        for f in exporter.render(more, Context(locale="nl", revisions=Revisions.from_data(more))).files
    }
    assert again[f"archive/1.{ext}"] == files[f"archive/1.{ext}"]
    assert again[f"archive/2.{ext}"] == files[f"archive/2.{ext}"]
    assert [e.title for e in parse(again[f"feed.{ext}"]).entries] == ["Sessie 5", "Sessie 4"]


def test_paging_a_short_programme_writes_one_document():
    """With no more sessions than a page, there is only the subscription document, not marked complete."""
    programme = numbered_programme(2)
    rendering = AtomExporter(page_size=2).render(
        programme,
        Context(locale="nl", revisions=Revisions.from_data(programme)),
    )
    (only,) = rendering.files
    root = etree.fromstring(only.content, PARSER)
    assert root.find(f"{FH}complete") is None
    assert len(root.findall(f"{A}entry")) == 2


# ----------------------------------------------------------------- streaming


@pytest.mark.parametrize("exporter", [RSSExporter(), AtomExporter()], ids=["rss", "atom"])
def test_a_feed_bigger_than_a_batch_is_streamed(exporter):
    """The file comes in pieces, a batch of entries each, which join to the feed with every entry."""
    count = feed_pages._BATCH + 2
    programme = numbered_programme(count)
    rendering = exporter.render(programme, Context(locale="nl", revisions=Revisions.from_data(programme)))
    (output,) = rendering.files
    pieces = list(output.chunks())
    assert len(pieces) == 4  # the head, a full batch, the two entries left, the tail
    content = b"".join(pieces)
    assert content == output.content == exporter.export(programme, locale="nl")
    parsed = parse(content)
    assert [e.title for e in parsed.entries] == [f"Sessie {i}" for i in reversed(range(count))]
    assert [e.id for e in parsed.entries] == [urn(f"s{i}", programme) for i in reversed(range(count))]


@pytest.mark.parametrize(
    "programme",
    [numbered_programme(0), numbered_programme(1), numbered_programme(2), numbered_programme(7), PROGRAMME],
    ids=["none", "one", "two", "seven", "every-part"],
)
@pytest.mark.parametrize(
    "exporter",
    [RSSExporter(), AtomExporter(), RSSExporter(page_size=3), AtomExporter(page_size=3)],
    ids=["rss", "atom", "rss-paged", "atom-paged"],
)
def test_batches_splice_into_the_document_written_at_once(monkeypatch, exporter, programme):
    """Written two entries at a time, every file has the same bytes."""
    context = Context(locale="nl", revisions=Revisions.from_data(programme))
    monkeypatch.setattr(feed_pages, "_BATCH", 10_000)
    whole = {f.path: f.content for f in exporter.render(programme, context).files}
    monkeypatch.setattr(feed_pages, "_BATCH", 2)
    rendering = exporter.render(programme, context)
    assert {f.path: f.content for f in rendering.files} == whole
    for output in rendering.files:
        entries = len(parse(whole[output.path]).entries)
        # The head, the entries two at a time, the tail; a document without entries in one piece.
        assert len(list(output.chunks())) == (2 + -(-entries // 2) if entries else 1)


@pytest.fixture
def composed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids of the sessions whose HTML the feeds compose, in order (``block_html`` counted)."""
    ids: list[str] = []
    block_html = feed_items.block_html

    def counting(block, **kwargs):
        ids.append(block.session.id)
        return block_html(block, **kwargs)

    monkeypatch.setattr(feed_items, "block_html", counting)
    return ids


def test_a_feed_is_composed_as_it_is_written(monkeypatch, composed):
    """Rendering composes no entry; writing composes each batch as it gives it, never the feed at once."""
    programme = numbered_programme(10)
    monkeypatch.setattr(feed_pages, "_BATCH", 3)
    for exporter in (RSSExporter(), AtomExporter()):
        composed.clear()
        context = Context(locale="nl", revisions=Revisions.from_data(programme))
        (output,) = exporter.render(programme, context).files
        assert composed == []
        seen = [len(composed) for _ in output.chunks()]
        assert seen == [0, 3, 6, 9, 10, 10]  # head, four batches, tail
        assert sorted(composed) == sorted(s.id for s in programme.sessions)


def test_each_feed_writes_the_html_it_needs(composed):
    """In one build each feed writes each entry's HTML as it writes the entry: no feed reads another's."""
    programme = numbered_programme(10)
    context = Context(
        locale="nl", revisions=Revisions.from_data(programme), composition=Composition(programme, "nl")
    )
    assert RSSExporter().render(programme, context).files[0].content
    assert sorted(composed) == sorted(s.id for s in programme.sessions)
    atom = AtomExporter().render(programme, context).files[0].content
    assert sorted(composed) == sorted(2 * [s.id for s in programme.sessions])
    assert atom == AtomExporter().export(programme, locale="nl")


def test_removal_notes_are_known_before_writing():
    """The note on removed characters is in the rendering, and the same whether or not the file was written."""
    session = attrs.evolve(PROGRAMME.session("practice"), title=L({"nl": "Herstel\x00 in\x85 de praktijk"}))
    programme = attrs.evolve(PROGRAMME, sessions=(*PROGRAMME.sessions[:1], session, *PROGRAMME.sessions[2:]))
    for exporter in (RSSExporter(), AtomExporter()):
        rendering = exporter.render(programme, Context(locale="nl", revisions=Revisions.from_data(programme)))
        (note,) = rendering.notes
        assert note.startswith("removed 2 characters that XML 1.0 forbids or discourages (U+0000, U+0085)")
        assert "1 session (practice)" in note
        parse(rendering.files[0].content)
        assert rendering.all_notes() == (note,)


def test_a_control_character_the_plain_text_trims_away_needs_no_note():
    """A control character that is also white space, at the edge of a paragraph, is trimmed from the text.

    The plan finds it among the session's texts, then writes the plain text,
    finds nothing there, and says nothing: the feeds are what they were.
    """
    session = attrs.evolve(
        PROGRAMME.session("practice"), description=L({"nl": "Een gesprek.\x1c\n\n\x1fOver herstel."})
    )
    programme = attrs.evolve(PROGRAMME, sessions=(*PROGRAMME.sessions[:1], session, *PROGRAMME.sessions[2:]))
    for exporter in (RSSExporter(), AtomExporter()):
        rendering = exporter.render(programme, Context(locale="nl", revisions=Revisions.from_data(programme)))
        assert rendering.notes == ()
        data = rendering.files[0].content
        etree.fromstring(data, PARSER)  # well-formed
        assert b"Een gesprek." in data
        assert b"Over herstel." in data


# ---------------------------------------------------------------- hypothesis


def _expected_title_part(programme: sf.Programme, session: sf.Session, loc: str) -> str:
    return xml_text(programme.text(session.title, loc).text).strip()


#: Whole programmes are slow to draw (~0.3 s each): a third of the profile's examples.
WHOLE_PROGRAMMES = settings(max_examples=max(10, settings.default.max_examples // 3))


@WHOLE_PROGRAMMES
@given(programme=programmes(), data=st.data())
def test_arbitrary_programmes_give_well_formed_feeds(programme, data):
    """Any text in any field still gives well-formed feeds that read back, the same bytes each time."""
    loc = data.draw(st.sampled_from(programme.locales))
    plan = {item.session_id: item for item in plan_feed(programme, loc).items}
    for build in (build_rss, build_atom):
        content = build(programme, loc)
        assert content == build(programme, loc)
        etree.fromstring(content, PARSER)
        parsed = parse(content)
        assert len(parsed.entries) == len(programme.sessions)
        entries = {e.id: e for e in parsed.entries}
        for session in programme.sessions:
            entry = entries[urn(session.id, programme)]
            item = plan[session.id]
            title = read(entry.title_detail)
            assert title == lf(as_read(item.title))
            part = _expected_title_part(programme, session, loc)
            if part:
                assert lf(as_read(part)) in title
            if build is build_atom:
                for person in session.participants:
                    name = xml_text(person.person.name).strip()
                    assert lf(name) in lf(entry.summary)
            assert parsed_seconds(entry.published_parsed) == utc_seconds(item.published)


@given(title=texts(), name=texts(max_size=30))
def test_arbitrary_titles_and_names_read_back_exactly(title, name):
    """Titles and names come back as written, less the characters XML cannot carry."""
    person = sf.Person(id="p", name=name)
    session = sf.Session(
        id="s", kind="talk", language="en", title=L({"en": title}),
        participants=[sf.Participation(person=person, role="speaker")],
    )  # fmt: skip
    programme = sf.Programme(
        id="x", title=L({"en": "X"}), base_url="https://example.org/", locales=("en",),
        sessions=[session], people=[person],
    )  # fmt: skip
    expected = as_read(xml_text(title))
    for build in (build_rss, build_atom):
        (entry,) = parse(build(programme, "en")).entries
        if expected:
            assert read(entry.title_detail) == lf(expected)
        assert "authors" not in entry
    summary = parse(build_atom(programme, "en")).entries[0].summary
    # (The summary has a bullet beyond Latin-1, so feedparser leaves its encoding alone.)
    assert lf(xml_text(name).strip()) in lf(summary)


# ------------------------------------------------------------------- goldens


@pytest.mark.parametrize("example", ["ser-access-to-remedy", "upcoming-demo"])
@pytest.mark.parametrize("loc", ["nl", "en"])
def test_goldens(example, loc, golden, seed_programme, demo_programme):
    """The feeds of both examples, byte for byte."""
    programme = seed_programme if example == "ser-access-to-remedy" else demo_programme
    rss, atom = build_rss(programme, loc), build_atom(programme, loc)
    parse(rss)
    parse(atom)
    golden(f"{example}.{loc}.rss", rss)
    golden(f"{example}.{loc}.atom", atom)


def test_seed_feed_dates_come_from_the_months(seed_programme):
    """Sessions known only by month are published at the start of their month, never 'now'."""
    parsed = parse(build_rss(seed_programme, "nl"))
    for entry in parsed.entries:
        published = dt.datetime.fromtimestamp(parsed_seconds(entry.published_parsed), tz=AMS)
        assert (published.day, published.hour, published.minute) == (1, 0, 0)
        assert email.utils.parsedate_to_datetime(entry.published).tzinfo is not None
