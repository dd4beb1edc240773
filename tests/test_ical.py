"""calendar.ics and sessions/<id>.ics: valid, read back identically by three parsers, stable.

Every output is checked for RFC 5545 structure (CRLF, 75-octet lines that are
each valid UTF-8, no fold inside an escape, UID/DTSTAMP/DTSTART, a VTIMEZONE
for every TZID, no floating time, no METHOD/ATTENDEE/ORGANIZER) and parsed
back with icalendar and with vobject. vobject prefers a time zone it knows by
name over the file's VTIMEZONE, so the time checks also rename every TZID to
one nobody knows: then the instants can only come out right if our
VTIMEZONE is right, DST edges included.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import zoneinfo
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import icalendar
import pytest
import vobject
from hypothesis import given, settings, strategies as st

import _readers as readers
import sessionfeed as sf
from sessionfeed.exporters.ical import event as ical_event, exporter as ical
from sessionfeed.exporters.ical.event import vevent_lines
from sessionfeed.exporters.ical.exporter import (
    PRODID,
    ICalExporter,
    build_calendar,
    calendar_bytes,
    session_calendar_bytes,
)
from sessionfeed.model.ids import session_uid
from sessionfeed.site import layout as _layout
from sessionfeed.words.vocabulary import Words
from strategies import programmes, texts
from test_compose import sample_programme


UTC = dt.UTC
AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")
L = sf.LocalizedText
PROGRAMME = sample_programme()
EXPORTER = ICalExporter()
# What the escaper removes: controls other than TAB and LF (a lone CR is a line break).
_REMOVED = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


def clean(text: str) -> str:
    """A text as iCalendar carries it: CRLF and CR as LF, the characters it cannot carry removed."""
    return _REMOVED.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def render(programme: sf.Programme, locale: str, revisions: sf.Revisions | None = None) -> sf.Rendering:
    revisions = revisions or sf.Revisions.from_data(programme)
    return EXPORTER.render(programme, sf.Context(locale=locale, revisions=revisions))


# -- structure ---------------------------------------------------------------------------


def unfold(data: bytes) -> list[str]:
    """The content lines of a stream whose syntax :func:`assert_valid` has checked."""
    return data.decode("utf-8").replace("\r\n ", "").split("\r\n")[:-1]


def _split(line: str) -> tuple[str, dict[str, str], str]:
    """NAME, parameters and value of a content line (quoted parameter values respected)."""
    match = re.match(r'([A-Z0-9-]+)((?:;[A-Z0-9-]+=(?:"[^"]*"|[^";:,]*))*):(.*)\Z', line, re.S)
    assert match, f"not a content line: {line!r}"
    params = dict(re.findall(r';([A-Z0-9-]+)=("[^"]*"|[^";:,]*)', match.group(2)))
    return match.group(1), {k: v.strip('"') for k, v in params.items()}, match.group(3)


def components(lines: list[str]) -> list[tuple[str, list[tuple[str, dict[str, str], str]]]]:
    """Each component with its own properties (not its sub-components')."""
    stack: list[tuple[str, list[tuple[str, dict[str, str], str]]]] = []
    done = []
    for line in lines:
        name, params, value = _split(line)
        if name == "BEGIN":
            stack.append((value, []))
        elif name == "END":
            assert stack, f"END:{value} without BEGIN"
            assert stack[-1][0] == value, f"END:{value} closes BEGIN:{stack[-1][0]}"
            done.append(stack.pop())
        else:
            assert stack, f"property outside a component: {line!r}"
            stack[-1][1].append((name, params, value))
    assert not stack, f"unclosed {[c for c, _ in stack]}"
    return done


def assert_no_split_escape(data: bytes) -> None:
    """No fold falls between a backslash and the character it escapes (Google drops such events)."""
    logical: list[tuple[str, set[int]]] = []
    for physical in data.decode().split("\r\n")[:-1]:
        if physical.startswith(" ") and logical:
            text, folds = logical[-1]
            logical[-1] = (text + physical[1:], {*folds, len(text)})
        else:
            logical.append((physical, set()))
    for text, folds in logical:
        i = text.find("\\")
        while i != -1:
            assert i + 1 not in folds, f"a fold splits the escape at {i} of {text!r}"
            i = text.find("\\", i + 2)


def assert_valid(data: bytes, *, subscription: bool = True) -> list[str]:
    """Check the RFC 5545 syntax and our rules; return the unfolded lines."""
    assert data.startswith(b"BEGIN:VCALENDAR\r\n")
    assert data.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in data.replace(b"\r\n", b""), "a bare LF"
    assert b"\r" not in data.replace(b"\r\n", b""), "a bare CR"
    for physical in data.split(b"\r\n")[:-1]:
        assert len(physical) <= 75, f"{len(physical)} octets: {physical!r}"
        physical.decode("utf-8")  # a fold never splits a character
        text = physical.decode()
        assert not _REMOVED.search(text.replace("\t", "")), f"a control character in {text!r}"
    assert_no_split_escape(data)
    lines = unfold(data)
    parts = components(lines)
    calendars = [props for name, props in parts if name == "VCALENDAR"]
    assert len(calendars) == 1
    names = [name for name, _, _ in calendars[0]]
    assert names[:2] == ["VERSION", "PRODID"]
    assert calendars[0][1][2] == PRODID
    assert "METHOD" not in names, "a published calendar has no METHOD"
    zones = {value for name, props in parts if name == "VTIMEZONE" for n, _, value in props if n == "TZID"}
    used: set[str] = set()
    uids: list[str] = []
    for name, props in parts:
        if name != "VEVENT":
            continue
        keys = [n for n, _, _ in props]
        for required in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "SEQUENCE", "LAST-MODIFIED"):
            assert keys.count(required) == 1, f"{required} {keys.count(required)} times in a VEVENT"
        assert not {"ATTENDEE", "ORGANIZER", "METHOD", "RRULE"} & set(keys)
        for key, params, value in props:
            if key in {"DTSTAMP", "LAST-MODIFIED"}:
                assert re.fullmatch(r"\d{8}T\d{6}Z", value), f"{key} not UTC: {value}"
            if key in {"DTSTART", "DTEND"}:
                if params.get("VALUE") == "DATE":
                    assert re.fullmatch(r"\d{8}", value)
                elif "TZID" in params:
                    assert re.fullmatch(r"\d{8}T\d{6}", value)
                    used.add(params["TZID"])
                else:
                    assert re.fullmatch(r"\d{8}T\d{6}Z", value), f"floating {key}: {value}"
        uids.extend(value for key, _, value in props if key == "UID")
    assert used <= zones, f"TZID without VTIMEZONE: {used - zones}"
    assert zones <= used or not uids, f"VTIMEZONE nobody uses: {zones - used}"
    assert len(uids) == len(set(uids)), "a UID twice"
    if not subscription:
        assert not {"NAME", "X-WR-CALNAME", "REFRESH-INTERVAL", "X-PUBLISHED-TTL"} & set(names)
    return lines


def test_the_checks_catch_what_they_look_for():
    """The structure checks fail on a split escape, a long line, a bare LF and a TZID without zone."""
    head = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:" + PRODID.encode() + b"\r\n"
    tail = b"END:VCALENDAR\r\n"
    event = b"BEGIN:VEVENT\r\nUID:1\r\nDTSTAMP:20260101T000000Z\r\nSEQUENCE:0\r\nLAST-MODIFIED:20260101T000000Z\r\n"
    good = b"DTSTART:20260101T100000Z\r\nDTEND:20260101T110000Z\r\nSUMMARY:a\\,b\r\nEND:VEVENT\r\n"
    assert_valid(head + event + good + tail)
    bad = [
        good.replace(b"SUMMARY:a\\,b", b"SUMMARY:a\\\r\n ,b"),
        good.replace(b"SUMMARY:a\\,b", b"SUMMARY:" + b"x" * 80),
        good.replace(b"SUMMARY:a\\,b\r\n", b"SUMMARY:a\nb\r\n"),
        good.replace(b"DTSTART:20260101T100000Z", b"DTSTART;TZID=Europe/Amsterdam:20260101T100000"),
        good.replace(b"DTSTART:20260101T100000Z", b"DTSTART:20260101T100000"),
    ]
    for body in bad:
        with pytest.raises(AssertionError):
            assert_valid(head + event + body + tail)


def renamed_zones(data: bytes) -> str:
    """The stream with every TZID renamed to one no library knows by name."""

    def rename(line: str) -> str:
        if not line.startswith(("DTSTART;TZID=", "DTEND;TZID=", "TZID:")):
            return line
        return re.sub(r"TZID([=:])([^:;]+)", lambda m: f"TZID{m[1]}X-TEST-{m[2].replace('/', '-')}", line)

    return "\r\n".join(rename(line) for line in data.decode().split("\r\n"))


# -- reading back ------------------------------------------------------------------------


def _as_utc(value: dt.date) -> dt.date:
    if isinstance(value, dt.datetime):
        assert value.utcoffset() is not None, f"floating {value}"
        return value.astimezone(UTC)
    return value


def expected_times(session: sf.Session) -> tuple[dt.date, dt.date]:
    when = session.when
    if isinstance(when, sf.AllDay):
        return when.start, when.end + dt.timedelta(days=1)
    assert isinstance(when, sf.Timed)
    return when.start.astimezone(UTC), when.end.astimezone(UTC)


def read_icalendar(data: bytes) -> dict[str, dict[str, Any]]:
    calendar = icalendar.Calendar.from_ical(data)
    events = {}
    for event in calendar.events:
        categories = event.get("CATEGORIES")
        cats = [] if categories is None else list(categories.cats)
        events[str(event["UID"])] = {
            "summary": str(event["SUMMARY"]),
            "description": str(event["DESCRIPTION"]),
            "location": str(event.get("LOCATION", "")),
            "categories": cats,
            "start": _as_utc(event.DTSTART),
            "end": _as_utc(event.DTEND),
            "sequence": int(event["SEQUENCE"]),
            "status": str(event["STATUS"]),
            "url": str(event["URL"]),
        }
    return events


def _forget_vobject_zones() -> None:
    """Make vobject read each calendar's VTIMEZONEs as a fresh process does.

    vobject keeps the first VTIMEZONE it reads for a TZID for the rest of the
    process (``vobject.icalendar.registerTzid``) and applies it to every later
    calendar with that TZID, even one whose own VTIMEZONE covers other years.
    A client reads one feed at a time; so does this test.
    """
    zones = vars(vobject.icalendar)["__tzidMap"]
    utc = zones["UTC"]
    zones.clear()
    zones["UTC"] = utc


def read_vobject(text: str) -> dict[str, dict[str, Any]]:
    _forget_vobject_zones()
    calendar = vobject.readOne(text)
    events = {}
    for event in getattr(calendar, "vevent_list", []):
        categories = getattr(event, "categories", None)
        events[event.uid.value] = {
            "summary": event.summary.value,
            "description": event.description.value,
            "location": event.location.value if hasattr(event, "location") else "",
            "categories": list(categories.value) if categories is not None else [],
            "start": _as_utc(event.dtstart.value),
            "end": _as_utc(event.dtend.value),
            "sequence": int(event.sequence.value),
            "status": event.status.value,
            "url": event.url.value,
        }
    return events


def expected_events(programme: sf.Programme, locale: str) -> dict[str, dict[str, Any]]:
    """What each dated session must read back as, computed without the exporter's lines."""
    expected = {}
    for content in ical.contents(programme, locale):
        start, end = expected_times(content.session)
        expected[session_uid(programme, content.session)] = {
            "summary": clean(content.summary),
            "description": clean(content.description),
            "location": clean(content.location),
            "categories": [clean(c) for c in content.categories],
            "start": start,
            "end": end,
            "sequence": content.sequence,
            "status": content.status,
            "url": content.url,
        }
    return expected


def assert_round_trip(programme: sf.Programme, locale: str, data: bytes) -> None:
    """icalendar and vobject (with the real and with unknown TZIDs) read back every session."""
    expected = expected_events(programme, locale)
    assert read_icalendar(data) == expected
    assert read_vobject(data.decode()) == expected
    assert read_vobject(renamed_zones(data)) == expected


# -- the exporter ------------------------------------------------------------------------


def test_exporter_contract():
    """The calendar exporter is registered under its name and aliases, typed as the layout says."""
    exporter = sf.get_exporter("ical")
    assert isinstance(exporter, ICalExporter)
    assert sf.get_exporter("ics") is exporter
    assert sf.get_exporter("icalendar") is exporter
    assert sf.exporter_for_filename("calendar.ics") is exporter
    assert exporter.title == "iCalendar"
    assert exporter.media_type == "text/calendar; charset=utf-8"
    assert exporter.filename == "calendar.ics"


def test_rendering_files_and_report():
    """calendar.ics first, then one file per dated session; month-only and unknown are reported."""
    rendering = render(PROGRAMME, "nl")
    assert [f.path for f in rendering.every_file()] == [
        "calendar.ics",
        "sessions/future-workshop.ics",
        "sessions/cancelled-interview.ics",
    ]
    assert {f.media_type for f in rendering.every_file()} == {"text/calendar; charset=utf-8"}
    assert rendering.included == ("future-workshop", "cancelled-interview")
    assert [(o.session, o.reason) for o in rendering.omitted] == [
        ("joint-efforts", "only the month is known"),
        ("later", "the date is not known yet"),
    ]
    assert rendering.notes == ()
    assert EXPORTER.export(PROGRAMME, locale="nl") == rendering.every_file()[0].content
    assert rendering.every_file()[1].path == _layout.session_calendar("future-workshop")


def test_a_shared_composition_changes_nothing(demo_programme: sf.Programme):
    """With the words another exporter composed into the build's composition, the bytes are the same."""
    from sessionfeed.words.compose import Composition

    revisions = sf.Revisions.from_data(demo_programme)
    composition = Composition(demo_programme, "nl")
    shared = sf.Context(locale="nl", revisions=revisions, composition=composition)
    for output in sf.get_exporter("text").render(demo_programme, shared).files:
        assert output.content
    made = dict(composition.blocks)
    assert made, "the text exporter composed the sessions' words into the composition"
    fresh = sf.Context(locale="nl", revisions=revisions)
    assert EXPORTER.render(demo_programme, shared) == EXPORTER.render(demo_programme, fresh)
    assert all(composition.blocks[ident] is block for ident, block in made.items()), "made again"


def test_month_only_and_unknown_never_appear():
    """No VEVENT, no made-up day, for sessions known to the month or not at all."""
    data = calendar_bytes(PROGRAMME, "en")
    for session_id in ("joint-efforts", "later"):
        assert session_uid(PROGRAMME, PROGRAMME.session(session_id)).encode() not in data
    assert b"20231201" not in data
    with pytest.raises(ValueError, match="no known day"):
        vevent_lines(PROGRAMME, PROGRAMME.session("joint-efforts"), "en")


@pytest.mark.parametrize("locale", ["nl", "en"])
def test_sample_is_valid_and_reads_back(locale: str):
    """The sample programme: structure, and every parser reads the same sessions back."""
    data = calendar_bytes(PROGRAMME, locale)
    assert_valid(data)
    assert_round_trip(PROGRAMME, locale, data)


def test_session_files_are_whole_calendars_of_one_event():
    """Each sessions/<id>.ics is a VCALENDAR with the event's VTIMEZONE and the same VEVENT."""
    rendering = render(PROGRAMME, "nl")
    main = unfold(rendering.every_file()[0].content)
    for output, session_id in zip(rendering.every_file()[1:], rendering.included, strict=True):
        lines = assert_valid(output.content, subscription=False)
        session = PROGRAMME.session(session_id)
        event = vevent_lines(PROGRAMME, session, "nl")
        unfolded = [line.replace("\r\n ", "") for line in event]
        assert lines[-len(event) - 1 : -1] == unfolded
        assert "\r\n".join(unfolded) in "\r\n".join(main)
        assert output.content == session_calendar_bytes(PROGRAMME, session, "nl")
    workshop = rendering.every_file()[1].content.decode()
    assert "TZID:Europe/Amsterdam" in workshop
    assert "X-WR-CALNAME" not in workshop


def test_calendar_metadata():
    """NAME/X-WR-CALNAME, DESCRIPTION/X-WR-CALDESC, refresh, URL, SOURCE, COLOR, IMAGE."""
    programme = sf.Programme(
        id="meta",
        title=L({"nl": "Webinars; herstel, verhaal", "en": "Webinars"}),
        intro=L({"en": "About remedy.\n\nTwo paragraphs."}),
        base_url="https://example.org/meta/",
        locales=("nl", "en"),
        color="darkblue",
        image="https://example.org/banner.png",
        refresh=dt.timedelta(hours=6),
    )
    lines = assert_valid(calendar_bytes(programme, "nl"))
    head = lines[3 : lines.index("BEGIN:VTIMEZONE") if "BEGIN:VTIMEZONE" in lines else -1]
    assert head == [
        "NAME:Webinars\\; herstel\\, verhaal",
        "X-WR-CALNAME:Webinars\\; herstel\\, verhaal",
        "DESCRIPTION;LANGUAGE=en:About remedy.\\n\\nTwo paragraphs.",
        "X-WR-CALDESC:About remedy.\\n\\nTwo paragraphs.",
        "URL:https://example.org/meta/nl/",
        "SOURCE;VALUE=URI:https://example.org/meta/nl/calendar.ics",
        "REFRESH-INTERVAL;VALUE=DURATION:PT6H",
        "X-PUBLISHED-TTL:PT6H",
        "COLOR:darkblue",
        "IMAGE;VALUE=URI;DISPLAY=BADGE:https://example.org/banner.png",
    ]
    calendar = build_calendar(programme, "nl")
    assert calendar.calendar_name == "Webinars; herstel, verhaal"
    assert str(calendar["X-WR-CALDESC"]) == "About remedy.\n\nTwo paragraphs."
    assert calendar["NAME"].to_ical() == b"Webinars\\; herstel\\, verhaal"
    parsed = vobject.readOne(calendar_bytes(programme, "nl").decode())
    assert parsed.contents["x-wr-calname"][0].value == "Webinars; herstel, verhaal"
    assert parsed.contents["name"][0].value == "Webinars; herstel, verhaal"
    assert calendar.refresh_interval == dt.timedelta(hours=6)
    assert calendar.color == "darkblue"


def test_empty_calendar_still_has_a_component():
    """With no dated session, the programme's VTIMEZONE keeps the calendar valid (RFC 5545 §3.6)."""
    session = sf.Session(
        id="later", kind="talk", language="nl", title=L({"nl": "Later"}), when=sf.Month(year=2024, month=5)
    )
    programme = sf.Programme(
        id="empty",
        title=L({"nl": "Leeg"}),
        base_url="https://example.org/",
        locales=("nl",),
        sessions=[session],
    )
    lines = assert_valid(calendar_bytes(programme, "nl"))
    assert "TZID:Europe/Amsterdam" in lines
    assert "BEGIN:VEVENT" not in lines


@pytest.mark.parametrize("zone", sorted({*ical_event.UTC_ZONES, "Europe/Amsterdam", "Asia/Kolkata", "America/St_Johns", "Pacific/Chatham"}))
@pytest.mark.parametrize("sessions", ["none", "month", "unknown"])
def test_a_calendar_without_dated_sessions_is_valid_in_any_zone(zone: str, sessions: str):
    """No dated session, in UTC (any name of it) or elsewhere: one VTIMEZONE, valid for icalendar and vobject."""
    when = {"none": None, "month": sf.Month(year=1600, month=2), "unknown": sf.Unknown()}[sessions]
    programme = sf.Programme(
        id="empty", title=L({"nl": "Leeg"}), base_url="https://example.org/", locales=("nl",), timezone=zone,
        sessions=[] if when is None else [sf.Session(id="later", kind="talk", language="nl", title=L({"nl": "Later"}), when=when)],
    )  # fmt: skip
    data = calendar_bytes(programme, "nl")
    lines = assert_valid(data)
    expected = "Etc/UTC" if zone in ical_event.UTC_ZONES else zone
    assert [line for line in lines if line.startswith("TZID")] == [f"TZID:{expected}"]
    assert "BEGIN:VEVENT" not in lines
    calendar = icalendar.Calendar.from_ical(data)
    calendar.validate()  # "Calendar must contain at least one component"
    assert [c.name for c in calendar.subcomponents] == ["VTIMEZONE"]
    assert [c.name for c in vobject.readOne(data.decode()).components()] == ["VTIMEZONE"]
    assert build_calendar(programme, "nl").timezones[0].tz_name == expected
    readers.read_calendar(data)


def test_build_calendar_is_icalendars_reading_of_our_bytes():
    """build_calendar() returns an icalendar.Calendar equal to parsing calendar.ics."""
    calendar = sf.build_calendar(PROGRAMME, "en")
    assert isinstance(calendar, icalendar.Calendar)
    assert calendar == icalendar.Calendar.from_ical(calendar_bytes(PROGRAMME, "en"))
    assert [str(e["SUMMARY"]) for e in calendar.events] == ["Remedy in practice", "Cancelled: An interview"]
    revisions = sf.Revisions(
        {
            s.id: sf.Revision(sequence=4, modified=dt.datetime(2026, 1, 2, tzinfo=UTC))
            for s in PROGRAMME.sessions
        }
    )
    assert {e["SEQUENCE"] for e in build_calendar(PROGRAMME, "en", revisions=revisions).events} == {4}


def test_same_programme_same_bytes():
    """Nothing reads the clock: two exports of the same programme are byte-identical."""
    assert calendar_bytes(PROGRAMME, "nl") == calendar_bytes(sample_programme(), "nl")
    assert render(PROGRAMME, "en") == render(sample_programme(), "en")


# -- what an event says ------------------------------------------------------------------


def event_of(data: bytes, uid: str) -> dict[str, list[tuple[dict[str, str], str]]]:
    for name, props in components(unfold(data)):
        if name == "VEVENT" and ("UID", {}, uid) in props:
            found: dict[str, list[tuple[dict[str, str], str]]] = {}
            for key, params, value in props:
                found.setdefault(key, []).append((params, value))
            return found
    raise AssertionError(uid)


def test_timed_event_properties():
    """A hybrid, rescheduled workshop: TZID times, people, join link, page, no ATTENDEE."""
    session = PROGRAMME.session("future-workshop")
    event = event_of(calendar_bytes(PROGRAMME, "nl"), session_uid(PROGRAMME, session))
    assert event["DTSTART"] == [({"TZID": "Europe/Amsterdam"}, "20260312T140000")]
    assert event["DTEND"] == [({"TZID": "Europe/Amsterdam"}, "20260312T153000")]
    assert event["SUMMARY"] == [({}, "Herstel in de praktijk")]
    assert event["LOCATION"] == [({}, "Online (Zoom) en SER\\, Den Haag")]
    assert event["URL"] == [({}, "https://example.org/workshop")]
    assert event["STATUS"] == [({}, "CONFIRMED")]
    assert event["CONFERENCE"] == [
        ({"VALUE": "URI", "FEATURE": "VIDEO", "LABEL": "Deelnemen via Zoom"}, "https://zoom.example/j/1")
    ]
    description = event["DESCRIPTION"][0][1]
    former = Words.of("nl").format_date(dt.date(2026, 3, 5))
    assert f"Verplaatst\\; eerder gepland op {former}\\, 14:00" in description
    assert "Gespreksleider:\\n\\n • Maria Mora (Initiative for Global Solidarity\\, IGS)" in description
    assert "Deelnemen via Zoom: https://zoom.example/j/1" in description
    assert "<" not in description, "plain text only"


def test_description_is_the_programme_text_of_the_session():
    """DESCRIPTION says what programme.txt says for the session, plus its own page."""
    from sessionfeed.words.compose import block_text, session_block

    session = PROGRAMME.session("cancelled-interview")
    content = ical.event_content(PROGRAMME, session, "en")
    text = block_text(session_block(PROGRAMME, session, "en"))
    assert (
        content.description == f"{text}\n\nSession page: https://example.org/remedy/en/sessions/cancelled-interview/"
    )
    workshop = ical.event_content(PROGRAMME, PROGRAMME.session("future-workshop"), "en")
    assert workshop.description == block_text(
        session_block(PROGRAMME, PROGRAMME.session("future-workshop"), "en")
    )


def test_people_and_organisations_in_the_locales_words():
    """Moderators, speakers and interviewees with their organisations, under localised labels."""
    org = sf.Organisation(
        id="ser",
        name=L({"nl": "Sociaal-Economische Raad", "en": "Social and Economic Council"}),
        short_name="SER",
    )
    people = [
        sf.Person(id="ann", name="Ann Ångström", affiliation=org),
        sf.Person(id="bo", name="Bo Çelik"),
        sf.Person(id="cy", name="Cy Dé", affiliation=org),
    ]
    session = sf.Session(
        id="talk", kind="interview", language="nl", title=L({"nl": "Gesprek"}),
        when=sf.Timed(start=dt.datetime(2026, 5, 1, 10, tzinfo=AMS), end=dt.datetime(2026, 5, 1, 11, tzinfo=AMS)),
        participants=[
            sf.Participation(person=people[0], role="moderator"),
            sf.Participation(person=people[1], role="speaker"),
            sf.Participation(person=people[2], role="speaker"),
            sf.Participation(person=people[1], role="interviewee"),
        ],
    )  # fmt: skip
    programme = sf.Programme(
        id="people", title=L({"nl": "P", "en": "P"}), base_url="https://example.org/", locales=("nl", "en"),
        sessions=[session], people=people, organisations=[org],
    )  # fmt: skip
    nl = read_vobject(calendar_bytes(programme, "nl").decode())[session_uid(programme, session)][
        "description"
    ]
    en = read_vobject(calendar_bytes(programme, "en").decode())[session_uid(programme, session)][
        "description"
    ]
    assert "Gespreksleider:\n\n • Ann Ångström (Sociaal-Economische Raad, SER)" in nl
    assert "Sprekers:\n\n • Bo Çelik\n • Cy Dé (Sociaal-Economische Raad, SER)" in nl
    assert "Geïnterviewde:\n\n • Bo Çelik" in nl
    assert "Moderator:\n\n • Ann Ångström (Social and Economic Council, SER)" in en
    assert "Speakers:\n\n • Bo Çelik\n • Cy Dé (Social and Economic Council, SER)" in en
    assert "Interviewee:\n\n • Bo Çelik" in en
    assert b"ATTENDEE" not in calendar_bytes(programme, "en")


def _one(session: sf.Session, **programme: Any) -> sf.Programme:
    fields: dict[str, Any] = {
        "id": "one", "title": L({"nl": "Een", "en": "One"}), "base_url": "https://example.org/one/",
        "locales": ("nl", "en"), "sessions": [session],
    }  # fmt: skip
    fields.update(programme)
    return sf.Programme(**fields)


def _session(**fields: Any) -> sf.Session:
    base: dict[str, Any] = {
        "id": "s1", "kind": "webinar", "language": "nl", "title": L({"nl": "Titel", "en": "Title"}),
        "when": sf.Timed(start=dt.datetime(2026, 6, 1, 14, tzinfo=AMS), end=dt.datetime(2026, 6, 1, 15, tzinfo=AMS)),
    }  # fmt: skip
    base.update(fields)
    return sf.Session(**base)


@pytest.mark.parametrize(
    ("status", "locale", "summary", "ical_status"),
    [
        ("cancelled", "nl", "Geannuleerd: Titel", "CANCELLED"),
        ("cancelled", "en", "Cancelled: Title", "CANCELLED"),
        ("postponed", "nl", "Uitgesteld: Titel", "TENTATIVE"),
        ("postponed", "en", "Postponed: Title", "TENTATIVE"),
        ("scheduled", "nl", "Titel", "CONFIRMED"),
        ("moved-online", "en", "Title", "CONFIRMED"),
    ],
)
def test_status(status: str, locale: str, summary: str, ical_status: str):
    """Cancelled and postponed sessions stay, with STATUS and a prefix in the locale's words."""
    session = _session(
        status=status,
        location=sf.Location(online=sf.Online(url="https://meet.example/x"), venue=sf.Venue(name="Zaal 1")),
    )
    programme = _one(session)
    events = read_icalendar(calendar_bytes(programme, locale))
    event = events[session_uid(programme, session)]
    assert event["summary"] == summary
    assert event["status"] == ical_status
    conference = b"CONFERENCE" in calendar_bytes(programme, locale)
    assert conference is (status != "cancelled"), "no join link for a cancelled session"
    if status == "moved-online":
        assert event["location"] == "Online"


def test_moved_online_without_online_details_says_online():
    """A session moved online whose data still names only the venue shows LOCATION "Online"."""
    session = _session(status="moved-online", location=sf.Location(venue=sf.Venue(name="Zaal 1")))
    programme = _one(session)
    assert (
        read_icalendar(calendar_bytes(programme, "nl"))[session_uid(programme, session)]["location"]
        == "Online"
    )


def test_rescheduled_mentions_the_earlier_date():
    """A rescheduled session has its new times, and the description names the former date."""
    session = _session(status="rescheduled", previous_start=dt.datetime(2026, 5, 25, 14, tzinfo=AMS))
    programme = _one(session)
    event = read_icalendar(calendar_bytes(programme, "nl"))[session_uid(programme, session)]
    assert event["start"] == dt.datetime(2026, 6, 1, 12, tzinfo=UTC)
    assert f"Verplaatst; eerder gepland op {Words.of('nl').format_date(dt.date(2026, 5, 25))}, 14:00" in (
        event["description"]
    )


def test_categories_language_recording_and_image():
    """CATEGORIES from tag labels (inner commas escaped), LANGUAGE= on fallback texts, ATTACH, IMAGE."""
    tags = [
        sf.Tag(id="a", label=L({"nl": "herstel, verhaal", "en": "remedy"})),
        sf.Tag(id="b", label=L({"nl": "klimaat"})),
    ]
    session = _session(
        title=L({"en": "Only English"}),
        description=L({"en": "An English description."}),
        tags=tags,
        recording=sf.Recording(url="https://example.org/rec.mp4", media_type="video/mp4"),
        image="https://example.org/s1.png",
    )
    programme = _one(session, tags=tags)
    data = calendar_bytes(programme, "nl")
    event = event_of(data, session_uid(programme, session))
    assert event["CATEGORIES"] == [({}, "herstel\\, verhaal,klimaat")]
    assert event["SUMMARY"] == [({"LANGUAGE": "en"}, "Only English")]
    assert event["DESCRIPTION"][0][0] == {"LANGUAGE": "en"}
    assert event["ATTACH"] == [({"FMTTYPE": "video/mp4"}, "https://example.org/rec.mp4")]
    assert event["IMAGE"] == [({"VALUE": "URI", "DISPLAY": "BADGE"}, "https://example.org/s1.png")]
    parsed = read_icalendar(data)[session_uid(programme, session)]
    assert parsed["categories"] == ["herstel, verhaal", "klimaat"]
    assert "Opname: https://example.org/rec.mp4" in parsed["description"]
    english = event_of(calendar_bytes(programme, "en"), session_uid(programme, session))
    assert english["SUMMARY"] == [({}, "Only English")]
    assert english["CATEGORIES"] == [({}, "remedy,klimaat")]


def test_control_characters_are_removed_and_counted():
    """Characters iCalendar cannot carry are dropped, and the build summary says how many."""
    session = _session(title=L({"nl": "Ti\x00tel\x1b", "en": "T"}), description=L({"nl": "a\rb\r\nc\x7f"}))
    programme = _one(session)
    rendering = render(programme, "nl")
    # Two in SUMMARY, the same two in the title heading DESCRIPTION, and DEL (the
    # description's lone CR is a line break in programme.txt, and stays one).
    assert rendering.notes == (), "known only once the calendar is written"
    assert rendering.every_file()[0].content
    assert rendering.all_notes() == (
        "removed 5 characters that iCalendar (RFC 5545) cannot carry (U+0000, U+001B, U+007F) from 1 session (s1)",
    )
    event = read_icalendar(rendering.every_file()[0].content)[session_uid(programme, session)]
    assert event["summary"] == "Titel"
    assert event["description"].startswith(f"Titel ({Words.of('nl').format_month(2026, 6)})")
    assert "a\nb\nc\n" in event["description"]
    assert_valid(rendering.every_file()[0].content)


# -- time --------------------------------------------------------------------------------


def _timed(zone: str, start: tuple[int, ...], minutes: int, *, fold: int = 0) -> sf.Timed:
    tz = zoneinfo.ZoneInfo(zone)
    begin = dt.datetime(*start, tzinfo=tz, fold=fold)  # type: ignore[misc]
    end = (begin.astimezone(UTC) + dt.timedelta(minutes=minutes)).astimezone(tz)
    return sf.Timed(start=begin, end=end)


# (id, when, form of DTSTART: "TZID" or "Z")
TIME_CASES = [
    ("ams-spring-forward", _timed("Europe/Amsterdam", (2026, 3, 29, 1, 30), 60), "TZID"),
    ("ams-before-fall-back", _timed("Europe/Amsterdam", (2026, 10, 25, 0, 30), 60), "TZID"),
    ("ams-into-repeated-hour", _timed("Europe/Amsterdam", (2026, 10, 25, 1, 0), 60), "Z"),
    ("ams-first-0230", _timed("Europe/Amsterdam", (2026, 10, 25, 2, 30), 90), "Z"),
    ("ams-second-0230", _timed("Europe/Amsterdam", (2026, 10, 25, 2, 30), 30, fold=1), "Z"),
    ("ams-after-fall-back", _timed("Europe/Amsterdam", (2026, 10, 25, 3, 0), 45), "TZID"),
    ("ams-new-year", _timed("Europe/Amsterdam", (2026, 12, 31, 23, 30), 60), "TZID"),
    ("kolkata", _timed("Asia/Kolkata", (2026, 4, 15, 18, 30), 90), "TZID"),
    ("sydney-fall-back", _timed("Australia/Sydney", (2026, 4, 5, 2, 30), 30, fold=1), "Z"),
    ("sydney-spring", _timed("Australia/Sydney", (2026, 10, 4, 1, 0), 240), "TZID"),
    ("sydney-midnight", _timed("Australia/Sydney", (2026, 6, 30, 23, 0), 120), "TZID"),
    ("chatham", _timed("Pacific/Chatham", (2026, 9, 27, 2, 0), 180), "TZID"),
    ("new-york", _timed("America/New_York", (2026, 3, 8, 1, 30), 60), "TZID"),
    ("utc", _timed("UTC", (2026, 3, 29, 1, 30), 60), "Z"),
    ("gmt", _timed("GMT", (2026, 3, 29, 1, 30), 60), "Z"),
    ("london", _timed("Europe/London", (2026, 3, 29, 0, 30), 60), "TZID"),
]


@given(
    zone=st.sampled_from(
        ["Europe/Amsterdam", "Australia/Sydney", "America/Santiago", "Pacific/Chatham", "UTC"]
    ),
    moment=st.one_of(
        st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2037, 12, 31)),
        # Every minute of the days around the 2026 changes of these zones.
        st.builds(
            lambda day, minute: dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=minute),
            st.sampled_from(
                [
                    dt.date(2026, m, d)
                    for m, d in [
                        (3, 28),
                        (3, 29),
                        (3, 30),
                        (4, 4),
                        (4, 5),
                        (4, 6),
                        (9, 5),
                        (9, 6),
                        (9, 27),
                        (10, 3),
                        (10, 4),
                        (10, 25),
                    ]
                ]
            ),
            st.integers(0, 24 * 60 - 1),
        ),
    ),
    fold=st.sampled_from([0, 1]),
)
def test_one_instant_is_exact(zone: str, moment: dt.datetime, fold: int):
    """The per-day shortcut gives the same answer as comparing both folds' offsets."""
    aware = moment.replace(tzinfo=zoneinfo.ZoneInfo(zone), fold=fold)
    exact = aware.replace(fold=0).utcoffset() == aware.replace(fold=1).utcoffset()
    assert ical_event.one_instant(aware) is exact


@pytest.fixture(scope="module")
def time_programme() -> sf.Programme:
    sessions = [
        sf.Session(id=ident, kind="talk", language="en", title=L({"en": ident}), when=when)
        for ident, when, _ in TIME_CASES
    ]
    sessions.append(
        sf.Session(id="days", kind="workshop", language="en", title=L({"en": "days"}),
                   when=sf.AllDay(start=dt.date(2026, 3, 28), end=dt.date(2026, 3, 29))),
    )  # fmt: skip
    return sf.Programme(
        id="times",
        title=L({"en": "Times"}),
        base_url="https://example.org/t/",
        locales=("en",),
        sessions=sessions,
    )


@pytest.mark.parametrize(("ident", "when", "form"), TIME_CASES, ids=[c[0] for c in TIME_CASES])
def test_dst_edges_half_hours_southern_hemisphere_and_midnight(
    time_programme: sf.Programme, ident: str, when: sf.Timed, form: str
):
    """Every instant comes back right through icalendar and vobject, the latter from our VTIMEZONE."""
    data = calendar_bytes(time_programme, "en")
    assert_valid(data)
    uid = session_uid(time_programme, time_programme.session(ident))
    expected = (when.start.astimezone(UTC), when.end.astimezone(UTC))
    for reader in (read_icalendar(data), read_vobject(data.decode()), read_vobject(renamed_zones(data))):
        assert (reader[uid]["start"], reader[uid]["end"]) == expected
    start = event_of(data, uid)["DTSTART"][0]
    if form == "TZID":
        assert start[0] == {"TZID": when.timezone}
    else:
        assert start[0] == {}
        assert start[1].endswith("Z")


def test_vtimezones_cover_the_zones_used(time_programme: sf.Programme):
    """One VTIMEZONE per zone with a TZID, in RRULE form; none for UTC, GMT or whole days."""
    lines = unfold(calendar_bytes(time_programme, "en"))
    tzids = [line[5:] for line in lines if line.startswith("TZID:")]
    assert tzids == sorted(
        {
            "Europe/Amsterdam",
            "Asia/Kolkata",
            "Australia/Sydney",
            "Pacific/Chatham",
            "America/New_York",
            "Europe/London",
        }
    )
    ams = lines[lines.index("TZID:Europe/Amsterdam") :]
    ams = ams[: ams.index("END:VTIMEZONE")]
    assert "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU" in ams
    assert not any(line.startswith("RDATE") for line in ams)


def test_all_day_dates_have_an_exclusive_end(time_programme: sf.Programme):
    """A two-day session is DTSTART;VALUE=DATE and DTEND;VALUE=DATE of the day after the last."""
    data = calendar_bytes(time_programme, "en")
    event = event_of(data, session_uid(time_programme, time_programme.session("days")))
    assert event["DTSTART"] == [({"VALUE": "DATE"}, "20260328")]
    assert event["DTEND"] == [({"VALUE": "DATE"}, "20260330")]


def test_vtimezone_spans_every_session_of_its_zone():
    """Sessions years apart in one zone share one VTIMEZONE that is right for both."""
    sessions = [
        _session(id="early", when=_timed("America/Sao_Paulo", (2018, 11, 4, 12, 0), 60)),  # DST then
        _session(id="late", when=_timed("America/Sao_Paulo", (2026, 11, 4, 12, 0), 60)),  # no DST since 2019
    ]
    programme = _one(sessions[0], sessions=sessions)
    data = calendar_bytes(programme, "nl")
    assert_valid(data)
    assert data.count(b"BEGIN:VTIMEZONE") == 1
    assert_round_trip(programme, "nl", data)


# -- identity and revisions --------------------------------------------------------------


def test_uid_depends_on_programme_and_session_id_only():
    """Retitling or rescheduling keeps the UID; another programme id gives another."""
    session = _session()
    base = session_uid(_one(session), session)
    moved = _session(
        title=L({"nl": "Nieuwe titel"}),
        when=sf.Timed(
            start=dt.datetime(2027, 1, 1, 9, tzinfo=AMS), end=dt.datetime(2027, 1, 1, 10, tzinfo=AMS)
        ),
    )
    assert session_uid(_one(moved), moved) == base
    assert session_uid(_one(session, id="other"), session) != base
    assert read_icalendar(calendar_bytes(_one(moved), "nl")).keys() == {base}


def _build(programme: sf.Programme, out: Path, now: dt.datetime) -> dict[str, bytes]:
    sf.build_site(programme, out, exporters=[sf.get_exporter("ical")], now=now)
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_change_rebuild_bumps_sequence(tmp_path: Path):
    """A changed time raises SEQUENCE and LAST-MODIFIED on rebuild; no change, no new bytes."""
    out = tmp_path / "site"
    first = _build(PROGRAMME, out, dt.datetime(2026, 4, 1, 9, tzinfo=UTC))
    again = _build(PROGRAMME, out, dt.datetime(2026, 4, 2, 9, tzinfo=UTC))
    assert again == first, "an unchanged rebuild is byte-identical"

    session = PROGRAMME.session("future-workshop")
    uid = session_uid(PROGRAMME, session)
    before = event_of(first["nl/calendar.ics"], uid)
    later = sf.Timed(
        start=dt.datetime(2026, 3, 19, 14, tzinfo=AMS), end=dt.datetime(2026, 3, 19, 15, 30, tzinfo=AMS)
    )
    changed = attrs.evolve(
        PROGRAMME,
        sessions=[attrs.evolve(s, when=later) if s.id == session.id else s for s in PROGRAMME.sessions],
    )
    third = _build(changed, out, dt.datetime(2026, 4, 3, 9, 15, tzinfo=UTC))
    sequence = int(before["SEQUENCE"][0][1])
    for path in ("nl/calendar.ics", "en/calendar.ics", "nl/sessions/future-workshop.ics"):
        event = event_of(third[path], uid)
        assert event["SEQUENCE"] == [({}, str(sequence + 1))]
        assert event["LAST-MODIFIED"] == [({}, "20260403T091500Z")]
        assert event["LAST-MODIFIED"][0][1] > before["LAST-MODIFIED"][0][1]
        assert event["DTSTAMP"] == event["LAST-MODIFIED"]
        assert event["DTSTART"] == [({"TZID": "Europe/Amsterdam"}, "20260319T140000")]
    other = session_uid(PROGRAMME, PROGRAMME.session("cancelled-interview"))
    assert event_of(third["nl/calendar.ics"], other) == event_of(first["nl/calendar.ics"], other)
    state = json.loads(third[_layout.STATE_FILE])
    assert state["sessions"][session.id]["sequence"] == sequence + 1
    fourth = _build(changed, out, dt.datetime(2026, 4, 4, 9, tzinfo=UTC))
    assert fourth == third, "the change is counted once"


# -- arbitrary programmes ----------------------------------------------------------------


@given(programme=programmes(max_sessions=3), locale=st.sampled_from(["nl", "en"]))
@settings(max_examples=60)
def test_any_programme_is_valid_and_reads_back_exactly(programme: sf.Programme, locale: str):
    """Arbitrary unicode, zones, DST edges and statuses: valid lines, nothing lost in three readers."""
    if locale not in programme.locales:
        locale = programme.default_locale
    rendering = render(programme, locale)
    main = rendering.every_file()[0].content
    assert_valid(main)
    assert_round_trip(programme, locale, main)
    for output in rendering.every_file()[1:]:
        assert_valid(output.content, subscription=False)
    dated = [s.id for s in programme.sessions if isinstance(s.when, sf.Timed | sf.AllDay)]
    assert list(rendering.included) == dated


@given(text=texts(max_size=400))
def test_any_text_survives_every_field(text: str):
    """One text as title, description, place, tag and name: escaped, folded, read back unchanged."""
    org = sf.Organisation(id="org", name=L({"nl": text}), short_name=None)
    person = sf.Person(id="p", name=text, affiliation=org)
    tag = sf.Tag(id="t", label=L({"nl": text}))
    session = _session(
        title=L({"nl": text}),
        description=L({"nl": text}),
        location=sf.Location(
            venue=sf.Venue(name=text), online=sf.Online(url="https://meet.example/j", platform=text)
        ),
        participants=[sf.Participation(person=person, role="speaker")],
        tags=[tag],
    )
    programme = _one(session, people=[person], organisations=[org], tags=[tag])
    data = calendar_bytes(programme, "nl")
    assert_valid(data)
    assert_round_trip(programme, "nl", data)
    event = read_vobject(data.decode())[session_uid(programme, session)]
    assert event["summary"] == clean(text)
    assert event["categories"] == [clean(text)]
    words = Words.of("nl")
    assert clean(words.person_line(programme, person)) in event["description"]


#: What icalendar 7 reads as an escape in a parameter value, which RFC 5545 has not.
_ICALENDAR_PARAM_MISREAD = re.compile(r"\\[\\;,:]")


@given(platform=texts(max_size=80) | st.sampled_from(['"Zoom"', "a^b", "^n", "^'", "^^", "Teams\r\nLive", "x\ry", 'q"\n"^']))
def test_conference_label_reads_back_exactly(platform: str):
    """RFC 6868: the platform's name in CONFERENCE;LABEL keeps its quotes, carets and line breaks."""
    session = _session(location=sf.Location(online=sf.Online(url="https://meet.example/j", platform=platform)))
    programme = _one(session)
    rendering = render(programme, "nl")
    data = rendering.every_file()[0].content
    assert_valid(data)
    readers.read_calendar(data)
    (event,) = icalendar.Calendar.from_ical(data).events
    label = event["CONFERENCE"].params["LABEL"]
    expected = Words.of("nl").gettext("Join on {platform}").format(platform=clean(platform))
    if not _ICALENDAR_PARAM_MISREAD.search(expected):
        assert label == expected
    removed = len(_REMOVED.findall(lines_of(platform)))
    notes = rendering.all_notes()
    if removed:
        assert len(notes) == 1, notes
        assert notes[0].startswith("removed "), notes
    else:
        assert notes == ()


def lines_of(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def test_conference_label_removals_are_counted():
    """A control character in the platform is removed, and counted, wherever the platform is written.

    In LOCATION ("Online (Zoom)"), twice in DESCRIPTION (the details line and the
    join link's label) and in CONFERENCE's LABEL: four.
    """
    session = _session(location=sf.Location(online=sf.Online(url="https://meet.example/j", platform="Zo\x07om")))
    rendering = render(_one(session), "nl")
    data = rendering.every_file()[0].content
    assert b"\x07" not in data
    assert rendering.all_notes() == (
        "removed 4 characters that iCalendar (RFC 5545) cannot carry (U+0007) from 1 session (s1)",
    )
    (event,) = icalendar.Calendar.from_ical(data).events
    assert event["CONFERENCE"].params["LABEL"] == "Deelnemen via Zoom"


def test_long_lines_fold_at_75_octets_between_characters():
    """4-byte characters, combining marks and escapes at every offset never straddle a fold."""
    for offset in range(8):
        text = "x" * offset + ("🎉e\u0301\\;,\n𝄞" * 40)
        session = _session(title=L({"nl": text}), description=L({"nl": text}))
        programme = _one(session)
        data = calendar_bytes(programme, "nl")
        assert_valid(data)
        assert read_icalendar(data)[session_uid(programme, session)]["summary"] == text


# -- the examples ------------------------------------------------------------------------


EXAMPLES = {"seed_programme": "ser-access-to-remedy", "demo_programme": "upcoming-demo"}


@pytest.mark.parametrize("locale", ["nl", "en"])
@pytest.mark.parametrize("example", list(EXAMPLES))
def test_golden(
    request: pytest.FixtureRequest, example: str, locale: str, golden: Callable[[str, bytes], None]
):
    """calendar.ics of both examples in both locales, byte for byte."""
    programme: sf.Programme = request.getfixturevalue(example)
    data = EXPORTER.export(programme, locale=locale)
    assert_valid(data)
    assert_round_trip(programme, locale, data)
    golden(f"{EXAMPLES[example]}.{locale}.ics", data)


def test_demo_covers_every_feature(demo_programme: sf.Programme):
    """The demo: zones, whole days, cancelled/rescheduled/postponed, and what is left out."""
    rendering = render(demo_programme, "nl")
    data = rendering.every_file()[0].content.decode()
    assert "TZID:Asia/Kolkata" in data
    assert "DTSTART;VALUE=DATE:" in data
    assert "STATUS:CANCELLED" in data
    assert "SUMMARY:Geannuleerd: " in data
    reasons = {o.reason for o in rendering.omitted}
    assert reasons <= {"only the month is known", "the date is not known yet"}
    assert len(rendering.every_file()) == 1 + len(rendering.included)


def test_seed_has_no_events_and_says_why(seed_programme: sf.Programme):
    """Every seed session is known to the month only: none is given a made-up day."""
    rendering = render(seed_programme, "nl")
    assert rendering.included == ()
    assert {o.reason for o in rendering.omitted} == {"only the month is known"}
    assert b"BEGIN:VEVENT" not in rendering.every_file()[0].content


def test_independent_parser_ics_py_reads_the_demo(demo_programme: sf.Programme):
    """ics-py, a third reader, finds every event with its title and its instants."""
    ics = pytest.importorskip("ics")
    data = EXPORTER.export(demo_programme, locale="en").decode()
    expected = expected_events(demo_programme, "en")
    events = {e.uid: e for e in ics.Calendar(data).events}
    assert events.keys() == expected.keys()
    for uid, event in events.items():
        assert event.name == expected[uid]["summary"]
        if isinstance(expected[uid]["start"], dt.datetime):
            assert event.begin.datetime.astimezone(UTC) == expected[uid]["start"]
            assert event.end.datetime.astimezone(UTC) == expected[uid]["end"]
