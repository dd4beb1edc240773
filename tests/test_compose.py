"""The shared composition of a session: the same words in text and HTML."""

# ruff: noqa: RUF001 -- the en dash U+2013 is what the outputs must contain

from __future__ import annotations

import datetime as dt
import zoneinfo

import html5lib
import pytest
from hypothesis import given, settings, strategies as st

import sessionfeed as sf
from sessionfeed.exporters.card import block_html
from sessionfeed.words.compose import (
    BULLET,
    SessionBlock,
    block_text,
    html_clean,
    machine_date,
    machine_datetime,
    paragraphs,
    session_block,
)
from sessionfeed.words.vocabulary import Words
from strategies import programmes, texts


AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")
LONDON = zoneinfo.ZoneInfo("Europe/London")
# CLDR's words (dates, zone names) come from the installed babel through Words; these tests
# are about where they go, and tests/test_words.py pins the words themselves.
NL, EN = Words.of("nl"), Words.of("en")
L = sf.LocalizedText
NS = "{http://www.w3.org/1999/xhtml}"


def sample_programme() -> sf.Programme:
    """A small programme with every part a block has: the shared fixture of these tests."""
    igs = sf.Organisation(id="igs", name=L({"en": "Initiative for Global Solidarity"}), short_name="IGS")
    ser = sf.Organisation(id="ser", name=L({"nl": "SER", "en": "SER"}), short_name="SER")
    shift = sf.Organisation(id="shift", name=L({"en": "Shift"}))
    oecd = sf.Organisation(id="oecd", name=L({"en": "OECD Center for RBC"}))
    maria = sf.Person(id="maria", name="Maria Mora", affiliation=igs)
    nicolas = sf.Person(id="nicolas", name="Nicolas Hachez", affiliation=oecd)
    dany = sf.Person(id="dany", name="Dany Lopez")
    remedy = sf.Tag(id="remedy", label=L({"nl": "herstel & verhaal", "en": "access to remedy"}))
    joint = sf.Session(
        id="joint-efforts",
        kind="webinar",
        language="en",
        title=L({"en": "Access to remedy - Joint industry efforts towards remedy"}),
        when=sf.Month(year=2023, month=12),
        description=L(
            {
                "nl": "Dit webinar is gericht op kennis.\n\nBedrijven delen hun aanpak.",
                "en": "This webinar builds knowledge.\n\nCompanies share their approach.",
            },
        ),
        participants=[
            sf.Participation(person=maria, role="moderator"),
            sf.Participation(person=nicolas, role="speaker"),
            sf.Participation(person=dany, role="speaker"),
        ],
        tags=[remedy],
        recording=sf.Recording(url="https://example.org/recordings/joint.mp4", media_type="video/mp4"),
    )
    future = sf.Session(
        id="future-workshop",
        kind="workshop",
        language="nl",
        title=L({"nl": "Herstel in de praktijk", "en": "Remedy in practice"}),
        when=sf.Timed(
            start=dt.datetime(2026, 3, 12, 14, tzinfo=AMS),
            end=dt.datetime(2026, 3, 12, 15, 30, tzinfo=AMS),
        ),
        location=sf.Location(
            online=sf.Online(url="https://zoom.example/j/1", platform="Zoom"),
            venue=sf.Venue(name="SER, Den Haag"),
        ),
        organisers=[ser, igs],
        supporters=[shift],
        participants=[sf.Participation(person=maria, role="moderator")],
        links=sf.Links(page="https://example.org/workshop", registration="https://example.org/register"),
        status="rescheduled",
        previous_start=dt.datetime(2026, 3, 5, 14, tzinfo=AMS),
    )
    cancelled = sf.Session(
        id="cancelled-interview",
        kind="interview",
        language="en",
        title=L({"en": "An interview"}),
        when=sf.AllDay(start=dt.date(2026, 4, 30), end=dt.date(2026, 5, 2)),
        status="cancelled",
        links=sf.Links(registration="https://example.org/register"),
    )
    later = sf.Session(id="later", kind="panel", language="en", title=L({"nl": "Later", "en": "Later"}))
    return sf.Programme(
        id="remedy",
        title=L({"nl": "Webinars", "en": "Webinars"}),
        intro=L({"nl": "Bekijk de webinars over herstel & verhaal."}),
        base_url="https://example.org/remedy/",
        locales=("nl", "en"),
        sessions=[joint, future, cancelled, later],
        people=[maria, nicolas, dany],
        organisations=[igs, ser, shift, oecd],
        organisers=[ser],
        tags=[remedy],
    )


PROGRAMME = sample_programme()


def block(session_id: str, locale: str) -> SessionBlock:
    return session_block(PROGRAMME, PROGRAMME.session(session_id), locale)


def test_block_fields_nl():
    """A past webinar known to the month, in Dutch."""
    b = block("joint-efforts", "nl")
    assert b.title == sf.Localized(text="Access to remedy - Joint industry efforts towards remedy", lang="en")
    assert b.heading == f"Access to remedy - Joint industry efforts towards remedy ({NL.format_month(2023, 12)})"
    assert b.period == NL.format_month(2023, 12)
    assert b.when_text == NL.format_month(2023, 12)
    assert b.kind_phrase == "Engelstalig webinar"
    assert b.status_text == ""
    assert b.location_text == ""
    assert b.roles == (
        ("Gespreksleider", ("Maria Mora (Initiative for Global Solidarity, IGS)",)),
        ("Sprekers", ("Nicolas Hachez (OECD Center for RBC)", "Dany Lopez")),
    )
    assert b.organisers_text == "Georganiseerd door SER"
    assert b.topics == ("herstel & verhaal",)
    assert b.description is not None
    assert b.description.lang == "nl"
    assert b.links == (("Opname", "https://example.org/recordings/joint.mp4"),)
    assert b.details == "Engelstalig webinar"


def test_block_fields_en_rescheduled_hybrid():
    """A rescheduled hybrid workshop, in English."""
    b = block("future-workshop", "en")
    assert b.heading == f"Remedy in practice ({EN.format_month(2026, 3)})"
    assert b.when_text == (
        f"{EN.format_date(dt.date(2026, 3, 12))}, 14:00–15:30 ({EN.timezone_name(dt.datetime(2026, 3, 12, tzinfo=AMS))})"
    )
    assert b.kind_phrase == "Dutch-language workshop"
    assert b.status_text == f"Rescheduled; previously scheduled for {EN.format_date(dt.date(2026, 3, 5))}, 14:00"
    assert b.location_text == "Online (Zoom) and SER, Den Haag"
    assert b.roles == (("Moderator", ("Maria Mora (Initiative for Global Solidarity, IGS)",)),)
    assert b.organisers_text == (
        "Organised by SER and Initiative for Global Solidarity (IGS), with support from Shift"
    )
    assert b.links == (
        ("Session page", "https://example.org/workshop"),
        ("Register", "https://example.org/register"),
        ("Join on Zoom", "https://zoom.example/j/1"),
    )


def test_cancelled_session_offers_no_registration():
    """A cancelled session says so and drops registration and join links."""
    b = block("cancelled-interview", "nl")
    assert b.status_text == "Geannuleerd"
    assert b.when_text == NL.format_date_range(dt.date(2026, 4, 30), dt.date(2026, 5, 2))
    assert b.heading == f"An interview ({NL.format_month(2026, 4)})"
    assert b.links == ()


def test_unknown_date_heading_has_no_period():
    """While the date is unknown the heading is the title alone."""
    b = block("later", "nl")
    assert b.heading == "Later"
    assert b.when_text == "datum volgt nog"
    assert b.details == "Engelstalige paneldiscussie · datum volgt nog"


def test_block_text_in_the_seed_shape():
    """The plain text: heading, details, description, labels and bullet lines."""
    assert block_text(block("joint-efforts", "nl")) == (
        f"Access to remedy - Joint industry efforts towards remedy ({NL.format_month(2023, 12)})\n"
        "\n"
        "Engelstalig webinar\n"
        "\n"
        "Dit webinar is gericht op kennis.\n"
        "\n"
        "Bedrijven delen hun aanpak.\n"
        "\n"
        "Gespreksleider:\n"
        "\n"
        " • Maria Mora (Initiative for Global Solidarity, IGS)\n"
        "\n"
        "Sprekers:\n"
        "\n"
        " • Nicolas Hachez (OECD Center for RBC)\n"
        " • Dany Lopez\n"
        "\n"
        "Georganiseerd door SER.\n"
        "\n"
        "Onderwerpen: herstel & verhaal\n"
        "Opname: https://example.org/recordings/joint.mp4"
    )


def test_block_text_status_first():
    """The status comes right after the heading."""
    lines = block_text(block("future-workshop", "nl")).split("\n\n")
    assert lines[:3] == [
        f"Herstel in de praktijk ({NL.format_month(2026, 3)})",
        f"Verplaatst; eerder gepland op {NL.format_date(dt.date(2026, 3, 5))}, 14:00",
        f"Nederlandstalige workshop · {NL.format_date(dt.date(2026, 3, 12))}, 14:00–15:30 "
        f"({NL.timezone_name(dt.datetime(2026, 3, 12, tzinfo=AMS))}) · Online (Zoom) en SER, Den Haag",
    ]
    assert lines[-2] == (
        "Georganiseerd door SER en Initiative for Global Solidarity (IGS), met ondersteuning van Shift."
    )


def _parse(fragment: str) -> object:
    return html5lib.parseFragment(fragment, namespaceHTMLElements=True)


def _text(element: object) -> str:
    return "".join(element.itertext())  # type: ignore[attr-defined]


def test_block_html_structure_and_lang():
    """The article: anchor, heading with lang for a foreign title, time, lists, links."""
    fragment = block_html(block("joint-efforts", "nl"), anchor=True)
    root = _parse(fragment)
    (article,) = root.findall(f"{NS}article")
    assert article.get("id") == "joint-efforts"
    (h3,) = article.findall(f"{NS}h3")
    span = h3.find(f"{NS}span")
    assert span.get("lang") == "en"
    assert span.text == "Access to remedy - Joint industry efforts towards remedy"
    (time,) = article.iter(f"{NS}time")
    assert time.get("datetime") == "2023-12"
    assert time.text == NL.format_month(2023, 12)
    roles = [_text(h) for h in article.findall(f"{NS}h4")]
    assert roles == ["Gespreksleider", "Sprekers"]
    people = [
        [_text(li) for li in ul.findall(f"{NS}li")]
        for ul in article.findall(f"{NS}ul")
        if ul.get("class") == "people"
    ]
    assert people == [
        ["Maria Mora (Initiative for Global Solidarity, IGS)"],
        ["Nicolas Hachez (OECD Center for RBC)", "Dany Lopez"],
    ]
    description = next(d for d in article.findall(f"{NS}div") if d.get("class") == "description")
    assert description.get("lang") is None
    assert [_text(p) for p in description.findall(f"{NS}p")] == [
        "Dit webinar is gericht op kennis.",
        "Bedrijven delen hun aanpak.",
    ]
    links = [(_text(a), a.get("href")) for a in article.iter(f"{NS}a")]
    # Each person, organisation and topic links to its page on the site (its hub) ...
    hubs = [(text, href) for text, href in links if href.startswith("https://example.org/remedy/nl/")]
    assert ("Maria Mora", "https://example.org/remedy/nl/people/maria/") in hubs
    igs = ("Initiative for Global Solidarity, IGS", "https://example.org/remedy/nl/organisations/igs/")
    assert igs in hubs
    assert all(href.split("/")[5] in {"people", "organisations", "tags"} for _, href in hubs)
    # ... and the session's own links follow.
    recording = ("Opname", "https://example.org/recordings/joint.mp4")
    assert [link for link in links if link not in hubs] == [recording]


def test_block_html_without_anchor_and_with_extra_links():
    """Feeds get no id; the page adds its calendar link after the session's own."""
    fragment = block_html(
        block("future-workshop", "en"),
        heading_level=2,
        extra_links=[("Add", "https://x.example/a.ics")],
    )
    root = _parse(fragment)
    (article,) = root.findall(f"{NS}article")
    assert article.get("id") is None
    assert article.get("class") == "session status-rescheduled"
    assert article.find(f"{NS}h2") is not None
    assert article.find(f"{NS}h3") is not None
    (time,) = article.iter(f"{NS}time")
    assert time.get("datetime") == "2026-03-12T14:00:00+01:00"
    hrefs = [a.get("href") for a in article.iter(f"{NS}a")]
    assert hrefs[-1] == "https://x.example/a.ics"


def test_machine_dates():
    """ISO 8601 for <time datetime>, as precise as known."""
    assert machine_date(sf.Month(year=2023, month=9)) == "2023-09"
    assert machine_date(sf.AllDay(start=dt.date(2026, 5, 4), end=dt.date(2026, 5, 6))) == "2026-05-04"
    assert machine_date(sf.Unknown()) is None


@pytest.mark.parametrize(
    ("zone", "wall", "written"),
    [
        ("Europe/Amsterdam", dt.datetime(2027, 3, 11, 14, 0), "2027-03-11T14:00:00+01:00"),
        ("Asia/Kolkata", dt.datetime(2027, 3, 11, 14, 0, 5), "2027-03-11T14:00:05+05:30"),
        ("America/St_Johns", dt.datetime(2027, 1, 2, 9, 30), "2027-01-02T09:30:00-03:30"),
        ("UTC", dt.datetime(1583, 1, 1), "1583-01-01T00:00:00+00:00"),
        # Local mean time, an offset with seconds: the same instant in UTC.
        ("Europe/Amsterdam", dt.datetime(1900, 6, 1, 10, 0), "1900-06-01T09:40:28Z"),
        ("Africa/Monrovia", dt.datetime(1950, 1, 1, 12, 0), "1950-01-01T12:44:30Z"),
        ("Asia/Manila", dt.datetime(1700, 1, 1, 0, 0), "1700-01-01T15:56:08Z"),  # -15:56:08, before 1845
    ],
)
def test_machine_datetime(zone: str, wall: dt.datetime, written: str):
    """Hours and minutes in the offset, or UTC with Z where the offset has seconds; always the instant."""
    moment = wall.replace(tzinfo=zoneinfo.ZoneInfo(zone))
    assert machine_datetime(moment) == written
    back = dt.datetime.fromisoformat(written.replace("Z", "+00:00"))
    assert back == moment


def test_machine_datetime_refuses_a_naive_time():
    with pytest.raises(ValueError, match="needs a time zone"):
        machine_datetime(dt.datetime(2027, 3, 11, 14, 0))
    assert machine_date(sf.Timed(
        start=dt.datetime(1900, 6, 1, 10, tzinfo=zoneinfo.ZoneInfo("Europe/Amsterdam")),
        end=dt.datetime(1900, 6, 1, 11, tzinfo=zoneinfo.ZoneInfo("Europe/Amsterdam")),
    )) == "1900-06-01T09:40:28Z"  # fmt: skip


def test_paragraphs_and_clean():
    """Paragraphs split at blank lines; HTML drops what it cannot carry."""
    assert paragraphs("a\r\n\r\nb\n \nc\n") == ("a", "b", "c")
    assert paragraphs("one\ntwo") == ("one\ntwo",)
    assert html_clean("a\x00b\x0bc\r\nd\x85e\ufdd0\U0001fffe") == "abc\nde"


@given(name=texts(), title=texts(), description=texts(max_size=200))
def test_hostile_text_stays_text(name: str, title: str, description: str):
    """Markup in names, titles and descriptions comes back as text, never as elements."""
    person = sf.Person(id="p", name=name)
    session = sf.Session(
        id="s",
        kind="webinar",
        language="en",
        title=L({"nl": title}),
        description=L({"nl": description}),
        participants=[sf.Participation(person=person, role="speaker")],
    )
    programme = sf.Programme(
        id="x",
        title=L({"nl": "X"}),
        base_url="https://example.org/",
        locales=("nl",),
        sessions=[session],
        people=[person],
    )
    b = session_block(programme, session, "nl")
    text = block_text(b)
    assert f"{BULLET}{name}" in text
    assert title in text
    root = _parse(block_html(b, anchor=True))
    tags = {el.tag.removeprefix(NS) for el in root.iter() if isinstance(el.tag, str)} - {"DOCUMENT_FRAGMENT"}
    assert tags <= {
        "article",
        "h3",
        "h4",
        "span",
        "dl",
        "dt",
        "dd",
        "div",
        "p",
        "br",
        "ul",
        "li",
        "strong",
        "a",  # the person's link to their page
    }
    assert [a.get("href") for a in root.iter(f"{NS}a")] == ["https://example.org/nl/people/p/"]
    (h3,) = root.iter(f"{NS}h3")
    assert _text(h3.find(f"{NS}span")) == html_clean(title)
    (li,) = (li for ul in root.iter(f"{NS}ul") if ul.get("class") == "people" for li in ul)
    assert _text(li) == html_clean(name)
    divs = [d for d in root.iter(f"{NS}div") if d.get("class") == "description"]
    expected = "".join(p.replace("\n", "") for p in paragraphs(html_clean(description)))
    # A description with nothing HTML can carry has no (empty) <div>.
    assert [_text(d).replace("\n", "") for d in divs] == ([expected] if expected else [])


#: Whole programmes are slow to generate: a third of the profile's examples.
FEWER = settings(max_examples=max(10, settings.default.max_examples // 3))


@FEWER
@given(programme=programmes(max_sessions=3), locale=st.sampled_from(["nl", "en"]))
def test_every_programme_composes(programme: sf.Programme, locale: str):
    """Any valid programme composes in both locales; every person appears by name."""
    for session in programme.sessions:
        b = session_block(programme, session, locale)
        text = block_text(b)
        for part in session.participants:
            assert part.person.name in text
        assert b.heading.startswith(b.title.text)
        assert "{" not in b.kind_phrase + b.status_text
        root = _parse(block_html(b))
        assert len(root.findall(f"{NS}article")) == 1


def _rescheduled(previous: dt.datetime | dt.date, when: sf.When | None = None) -> sf.Programme:
    """A programme of one session at 14:00 Amsterdam time (or ``when``), moved from ``previous``."""
    start = dt.datetime(2026, 3, 12, 14, tzinfo=AMS)
    session = sf.Session(
        id="moved",
        kind="webinar",
        language="en",
        title=L({"en": "Moved"}),
        when=when or sf.Timed(start=start, end=start + dt.timedelta(hours=1)),
        status="rescheduled",
        previous_start=previous,
    )
    return sf.Programme(
        id="p", title=L({"en": "P"}), base_url="https://example.org/", locales=("nl", "en"), sessions=[session],
    )


def _status(programme: sf.Programme, locale: str) -> str:
    return session_block(programme, programme.sessions[0], locale).status_text


def test_a_former_start_in_another_zone_names_its_zone():
    """Moved from 14:00 in London to Amsterdam: the former time says it was London's (winter) time."""
    former = dt.datetime(2026, 3, 5, 14, tzinfo=LONDON)
    programme = _rescheduled(former)
    assert _status(programme, "en") == (
        f"Rescheduled; previously scheduled for {EN.format_date(former.date())}, 14:00 ({EN.timezone_name(former)})"
    )
    assert _status(programme, "nl") == (
        f"Verplaatst; eerder gepland op {NL.format_date(former.date())}, 14:00 ({NL.timezone_name(former)})"
    )
    assert EN.timezone_name(former) != EN.timezone_name(dt.datetime(2026, 3, 5, 14, tzinfo=AMS))


def test_a_former_start_in_the_sessions_zone_names_none():
    """The session's own zone is the one the reader reads its times in; a date has no zone."""
    day = EN.format_date(dt.date(2026, 3, 5))
    assert _status(_rescheduled(dt.datetime(2026, 3, 5, 14, tzinfo=AMS)), "en") == (
        f"Rescheduled; previously scheduled for {day}, 14:00"
    )
    assert _status(_rescheduled(dt.date(2026, 3, 5)), "en") == f"Rescheduled; previously scheduled for {day}"


def test_a_former_start_at_a_fixed_offset_names_it():
    """A fixed offset is not the session's zone, even where it equals the zone's offset that day."""
    plus_one = dt.datetime(2026, 3, 5, 14, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert _status(_rescheduled(plus_one), "en") == (
        f"Rescheduled; previously scheduled for {EN.format_date(dt.date(2026, 3, 5))}, 14:00 "
        f"({EN.timezone_name(plus_one)})"
    )
    assert "+01:00" in EN.timezone_name(plus_one)


def test_a_former_time_of_a_session_with_no_time_names_its_zone():
    """A session now on whole days, or in a month, has no zone of its own: the former time names one."""
    moved = dt.datetime(2026, 3, 5, 14, tzinfo=AMS)
    for when in (sf.AllDay(start=dt.date(2026, 3, 12), end=dt.date(2026, 3, 12)), sf.Month(year=2026, month=4)):
        assert _status(_rescheduled(moved, when), "en") == (
            f"Rescheduled; previously scheduled for {EN.format_date(moved.date())}, 14:00 ({EN.timezone_name(moved)})"
        )


def test_a_former_time_read_from_a_programme_file_is_in_the_sessions_zone():
    """From a file, a former time with an offset becomes the session's zone, as its new time does.

    So it names no zone; a session that now has whole days names the programme's zone.
    """
    base = {
        "id": "p",
        "title": "P",
        "base_url": "https://example.org/",
        "locales": ["nl"],
        "timezone": "Europe/Amsterdam",
    }
    moved = {"id": "s", "kind": "webinar", "title": "S", "language": "nl", "status": "rescheduled"}
    timed = sf.from_dict({**base, "sessions": [{
        **moved,
        "when": {"start": dt.datetime(2027, 2, 11, 11), "end": dt.datetime(2027, 2, 11, 12)},
        "previous_start": "2027-01-14T10:00:00+00:00",
    }]})  # fmt: skip
    assert _status(timed, "nl") == f"Verplaatst; eerder gepland op {NL.format_date(dt.date(2027, 1, 14))}, 11:00"
    days = sf.from_dict({**base, "sessions": [{
        **moved, "when": {"start": dt.date(2027, 2, 11)}, "previous_start": dt.datetime(2027, 1, 14, 11),
    }]})  # fmt: skip
    assert _status(days, "nl") == (
        f"Verplaatst; eerder gepland op {NL.format_date(dt.date(2027, 1, 14))}, 11:00 "
        f"({NL.timezone_name(dt.datetime(2027, 1, 14, 11, tzinfo=AMS))})"
    )
