"""The ics importer: calendars made by icalendar and by the ics library, recurrences, hostile bytes, round trips."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from pathlib import Path

import icalendar
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import sessionfeed as sf
from sessionfeed.exceptions import ProgrammeError
from sessionfeed.importers import ics
from strategies import NASTY


AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")


def _write(tmp_path: Path, data: bytes, name: str = "cal.ics") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _icalendar_file() -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", "-//test//icalendar//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Fair chains")
    tz = icalendar.Timezone()
    tz.add("tzid", "Custom Zone")
    std = icalendar.TimezoneStandard()
    std.add("dtstart", dt.datetime(1970, 1, 1))
    std.add("tzoffsetfrom", dt.timedelta(hours=3))
    std.add("tzoffsetto", dt.timedelta(hours=3))
    tz.add_component(std)
    cal.add_component(tz)
    timed = icalendar.Event()
    timed.add("uid", "Kick-Off@example.org")
    timed.add("summary", "Kick-off", parameters={"LANGUAGE": "en"})
    timed.add("description", "An introduction.")
    timed.add("dtstart", dt.datetime(2027, 3, 11, 14, 0, tzinfo=AMS))
    timed.add("dtend", dt.datetime(2027, 3, 11, 15, 30, tzinfo=AMS))
    timed.add("location", "https://meet.example.org/kick-off")
    timed.add("url", "https://example.org/kick-off")
    timed.add("status", "CONFIRMED")
    timed.add("sequence", 3)
    timed.add("categories", ["remedy", "chains"])
    organizer = icalendar.vCalAddress("mailto:anna@example.org")
    organizer.params["CN"] = "Anna de Vries"
    timed.add("organizer", organizer)
    chair = icalendar.vCalAddress("mailto:bo@example.org")
    chair.params["CN"] = "Bo"
    chair.params["ROLE"] = "CHAIR"
    timed.add("attendee", chair)
    cal.add_component(timed)
    day = icalendar.Event()
    day.add("uid", "workshop")
    day.add("summary", "Workshop")
    day.add("dtstart", dt.date(2027, 5, 10))
    day.add("dtend", dt.date(2027, 5, 13))
    day.add("location", "Atelier Noord")
    day.add("status", "CANCELLED")
    day.add("x-custom", "kept")
    cal.add_component(day)
    utc = icalendar.Event()
    utc.add("uid", "utc")
    utc.add("summary", "In UTC")
    utc.add("dtstart", dt.datetime(2027, 6, 1, 9, 0, tzinfo=dt.UTC))
    utc.add("duration", dt.timedelta(hours=1))
    cal.add_component(utc)
    data = cal.to_ical()
    # A floating time and a time in the file's own zone, written as clients write them.
    extra = (
        b"BEGIN:VEVENT\r\nUID:floating\r\nSUMMARY:Floating\r\nDTSTART:20270701T100000\r\n"
        b"DTEND:20270701T110000\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:custom\r\nSUMMARY:Custom zone\r\n"
        b"DTSTART;TZID=Custom Zone:20270801T100000\r\nDTEND;TZID=Custom Zone:20270801T120000\r\nEND:VEVENT\r\n"
    )
    return data.replace(b"END:VCALENDAR", extra + b"END:VCALENDAR")


def test_a_calendar_written_by_icalendar(tmp_path: Path) -> None:
    imported = ics.read(_write(tmp_path, _icalendar_file()), timezone="Europe/Amsterdam")
    programme = sf.from_dict(imported.data)
    by_id = {s.id: s for s in programme.sessions}
    assert set(by_id) == {"kick-off-example-org", "workshop", "utc", "floating", "custom"}
    kick = by_id["kick-off-example-org"]
    assert kick.when == sf.Timed(
        start=dt.datetime(2027, 3, 11, 14, tzinfo=AMS), end=dt.datetime(2027, 3, 11, 15, 30, tzinfo=AMS)
    )
    assert kick.location == sf.Location(online=sf.Online(url="https://meet.example.org/kick-off"))
    assert kick.links.page == "https://example.org/kick-off"
    assert kick.sequence == 3
    assert [t.label["en"] for t in kick.tags] == ["remedy", "chains"]
    assert [(p.person.name, p.role) for p in kick.participants] == [
        ("Bo", sf.Role.MODERATOR),
        ("Anna de Vries", sf.Role.HOST),
    ]
    workshop = by_id["workshop"]
    assert workshop.when == sf.AllDay(start=dt.date(2027, 5, 10), end=dt.date(2027, 5, 12))
    assert workshop.status is sf.Status.CANCELLED
    assert workshop.location == sf.Location(venue=sf.Venue(name="Atelier Noord"))
    assert "X-CUSTOM: kept" in workshop.description["en"]
    assert any("X-CUSTOM" in n.message for n in imported.notices)
    assert by_id["utc"].when.start == dt.datetime(2027, 6, 1, 9, tzinfo=dt.UTC)  # type: ignore[union-attr]
    assert by_id["floating"].when.start == dt.datetime(2027, 7, 1, 10, tzinfo=AMS)  # type: ignore[union-attr]
    assert "sessions[3].when" in imported.guessed
    custom = by_id["custom"].when
    assert isinstance(custom, sf.Timed)
    assert custom.start == dt.datetime(2027, 8, 1, 7, tzinfo=dt.UTC)
    assert custom.timezone == "UTC"
    assert programme.title["en"] == "Fair chains"


def test_a_calendar_written_by_the_ics_library(tmp_path: Path) -> None:
    ics_lib = pytest.importorskip("ics")
    calendar = ics_lib.Calendar()
    event = ics_lib.Event(
        name="Panel on wages", begin=dt.datetime(2027, 4, 15, 13, 0, tzinfo=dt.UTC),
        end=dt.datetime(2027, 4, 15, 14, 30, tzinfo=dt.UTC), uid="panel-1@ics", description="Line one\nline two",
        location="SER, Den Haag", url="https://example.org/panel", status="TENTATIVE",
    )  # fmt: skip
    event.categories = {"wages"}
    calendar.events.add(event)
    imported = ics.read(_write(tmp_path, calendar.serialize().encode()), locale="en")
    (session,) = sf.from_dict(imported.data).sessions
    assert session.title["en"] == "Panel on wages"
    assert session.description is not None
    assert session.description["en"] == "Line one\nline two"
    assert session.when == sf.Timed(
        start=dt.datetime(2027, 4, 15, 13, tzinfo=zoneinfo.ZoneInfo("UTC")),
        end=dt.datetime(2027, 4, 15, 14, 30, tzinfo=zoneinfo.ZoneInfo("UTC")),
    )
    assert session.location == sf.Location(venue=sf.Venue(name="SER, Den Haag"))
    assert session.status is sf.Status.POSTPONED
    assert [t.label["en"] for t in session.tags] == ["wages"]


def test_a_calendar_written_by_vobject(tmp_path: Path) -> None:
    """vobject writes its own VTIMEZONE and names the zone 'CET': the same instants, in UTC, said once."""
    vobject = pytest.importorskip("vobject")
    calendar = vobject.iCalendar()
    event = calendar.add("vevent")
    event.add("uid").value = "v-1@vobject"
    event.add("summary").value = "Workshop: ketens, lonen; herstel"
    event.add("dtstart").value = dt.datetime(2027, 10, 31, 1, 30, tzinfo=AMS)  # the night the clocks go back
    event.add("dtend").value = dt.datetime(2027, 10, 31, 3, 30, tzinfo=AMS)
    event.add("location").value = "Online (Zoom) en Zaal Noord, Den Haag"
    event.add("description").value = "Twee regels\nen een komma, hier"
    event.add("sequence").value = "2"
    attendee = event.add("attendee")
    attendee.value = "mailto:ana@example.org"
    attendee.params["CN"] = ["Ana Lima"]
    imported = ics.read(_write(tmp_path, calendar.serialize().encode("utf-8")), title="Ketens", locale="nl")
    programme = sf.from_dict(imported.data)
    (session,) = programme.sessions
    assert programme.title["nl"] == "Ketens"
    assert session.title["nl"] == "Workshop: ketens, lonen; herstel"
    assert session.description is not None
    assert session.description["nl"] == "Twee regels\nen een komma, hier"
    assert isinstance(session.when, sf.Timed)
    assert session.when.start.astimezone(dt.UTC) == dt.datetime(2027, 10, 30, 23, 30, tzinfo=dt.UTC)
    assert session.when.end.astimezone(dt.UTC) == dt.datetime(2027, 10, 31, 2, 30, tzinfo=dt.UTC)
    assert session.location == sf.Location(
        online=sf.Online(platform="Zoom"), venue=sf.Venue(name="Zaal Noord, Den Haag")
    )
    assert session.sequence == 2
    assert [(p.person.name, p.role) for p in session.participants] == [("Ana Lima", sf.Role.SPEAKER)]
    zone_notices = [n for n in imported.notices if "'CET'" in n.message]
    assert len(zone_notices) == 1  # said once, though the start and the end are both in it


RECURRING = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n"
    "BEGIN:VEVENT\r\nUID:weekly\r\nSUMMARY:Weekly\r\nDTSTART;TZID=Europe/Amsterdam:20270104T100000\r\n"
    "DTEND;TZID=Europe/Amsterdam:20270104T110000\r\nRRULE:FREQ=WEEKLY;COUNT=5\r\n"
    "EXDATE;TZID=Europe/Amsterdam:20270111T100000\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:weekly\r\nRECURRENCE-ID;TZID=Europe/Amsterdam:20270118T100000\r\nSUMMARY:Weekly (moved)\r\n"
    "DTSTART;TZID=Europe/Amsterdam:20270119T150000\r\nDTEND;TZID=Europe/Amsterdam:20270119T160000\r\nEND:VEVENT\r\n"
    "END:VCALENDAR\r\n"
)


def test_a_recurring_event_without_a_range_is_refused_with_its_line(tmp_path: Path) -> None:
    path = _write(tmp_path, RECURRING.encode())
    with pytest.raises(ProgrammeError) as caught:
        ics.read(path)
    (problem,) = caught.value.problems
    assert problem.line == 4
    assert problem.file == str(path)
    assert "'weekly'" in problem.path
    assert "expand_from" in problem.message


def test_a_recurring_event_is_expanded_within_the_range(tmp_path: Path) -> None:
    path = _write(tmp_path, RECURRING.encode())
    imported = ics.read(path, expand_from=dt.date(2027, 1, 1), expand_until=dt.date(2027, 1, 26))
    sessions = sf.from_dict(imported.data).sessions
    starts = sorted((s.when.start, s.title["en"]) for s in sessions)  # type: ignore[union-attr]
    assert starts == [
        (dt.datetime(2027, 1, 4, 10, tzinfo=AMS), "Weekly"),
        (dt.datetime(2027, 1, 19, 15, tzinfo=AMS), "Weekly (moved)"),
        (dt.datetime(2027, 1, 25, 10, tzinfo=AMS), "Weekly"),
    ]
    assert len({s.id for s in sessions}) == 3
    again = ics.read(path, expand_from=dt.date(2027, 1, 1), expand_until=dt.date(2027, 1, 26))
    assert again.data == imported.data  # stable ids


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\x00\xff\xfe",
        b"BEGIN:VCALENDAR\r\n",
        b"not a calendar",
        b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
    ],
)
def test_unreadable_files_are_clear_errors(tmp_path: Path, data: bytes) -> None:
    path = _write(tmp_path, data)
    try:
        imported = ics.read(path)
    except ProgrammeError as error:
        problem = error.problems[0]
    else:
        sf.from_dict(imported.data)
        return
    assert problem.file == str(path)


def test_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ProgrammeError, match="cannot read the calendar"):
        ics.read(tmp_path / "missing.ics")


_LINES = st.sampled_from(
    [
        "BEGIN:VEVENT", "END:VEVENT", "UID:x", "UID:", "SUMMARY:", "DTSTART:20270101T100000Z",
        "DTSTART;VALUE=DATE:15000101", "DTEND:20261231T100000Z", "DTSTART:99991231T235959",
        "RRULE:FREQ=DAILY", "LOCATION:http://[::1", "URL:javascript:x", "SEQUENCE:-4", "SEQUENCE:99999999999",
        "ATTENDEE:mailto:", "CATEGORIES:,,", "STATUS:WHATEVER", "DURATION:-P1D", "DTSTART;TZID=Nowhere:20270101T100000",
        "CONFERENCE:not a url", "ATTACH;ENCODING=BASE64;VALUE=BINARY:AAAA", *(f"DESCRIPTION:{n}" for n in NASTY),
    ],
)  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_LINES, max_size=20), st.binary(max_size=40))
def test_hostile_calendars_give_a_programme_or_a_programme_error(lines: list[str], noise: bytes) -> None:
    import tempfile

    body = "\r\n".join(["BEGIN:VCALENDAR", "VERSION:2.0", *lines, "END:VCALENDAR"]).encode() + noise
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.ics"
        path.write_bytes(body)
        try:
            imported = ics.read(path, expand_from=dt.date(2027, 1, 1), expand_until=dt.date(2027, 1, 3))
        except ProgrammeError:
            return
        sf.from_dict(imported.data)
