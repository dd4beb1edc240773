"""VTIMEZONE components from sessionfeed.exporters.ical.vtimezone, read back by others.

Every generated component is parsed by independent readers and the UTC offsets
they derive are compared with zoneinfo's:

* vobject (``readOne(...).vtimezone.gettzinfo()``, built on dateutil's tzical),
* icalendar's default reader (``Timezone.to_tz()``, also dateutil's tzical),
* icalendar's own transition computation (``Timezone.get_transitions()``,
  through its pytz provider), which shares no code with dateutil's reader.

icalendar and vobject prefer a zone they know by name over the VTIMEZONE, so
the tests that read events give the component a TZID no library knows.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import zoneinfo
from collections.abc import Iterator

import icalendar
import pytest
import vobject
from hypothesis import given, settings, strategies as st
from icalendar.timezone.tzp import TZP

from sessionfeed.exporters.ical.vtimezone import vtimezone_lines


UTC = dt.UTC

# (zone, first year, last year): zones from the brief plus the awkward cases.
CASES = [
    ("Europe/Amsterdam", 2025, 2027),
    ("Europe/London", 2024, 2026),
    ("America/New_York", 2005, 2009),  # US rule changed in 2007
    ("Australia/Sydney", 2025, 2027),  # southern hemisphere
    ("Australia/Sydney", 2007, 2009),  # rule changed in 2008
    ("Asia/Kolkata", 2026, 2026),  # +0530, no DST
    ("America/Sao_Paulo", 2016, 2021),  # DST abolished in 2019
    ("America/Sao_Paulo", 2024, 2026),  # no DST at all in range
    ("UTC", 2026, 2026),
    ("Asia/Tokyo", 2026, 2026),
    ("Europe/Dublin", 2025, 2026),  # zoneinfo reports negative DST in winter
    ("America/Santiago", 2022, 2026),  # "Sun>=2" rules: RDATE fallback
    ("Africa/Casablanca", 2024, 2025),  # Ramadan suspensions: RDATE
]
CASE_IDS = [f"{zone}-{first}-{last}" for zone, first, last in CASES]

HOUR = dt.timedelta(hours=1)


def _range(first: int, last: int) -> tuple[dt.datetime, dt.datetime]:
    return dt.datetime(first, 1, 1, tzinfo=UTC), dt.datetime(last, 12, 31, 23, 59, tzinfo=UTC)


def _calendar(body: list[str]) -> str:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//sessionfeed//tests//EN", *body]
    return "\r\n".join([*lines, "END:VCALENDAR"]) + "\r\n"


def _vtimezone(zone: str, first: int, last: int) -> list[str]:
    return vtimezone_lines(zone, *_range(first, last))


@functools.cache
def _readers(zone: str, first: int, last: int) -> dict[str, dt.tzinfo]:
    """Parse the component once per case with each reader."""
    text = _calendar(_vtimezone(zone, first, last))
    component = icalendar.Calendar.from_ical(text).timezones[0]
    readers: dict[str, dt.tzinfo] = {
        "vobject": vobject.readOne(text).vtimezone.gettzinfo(),
        "icalendar": component.to_tz(lookup_tzid=False),
    }
    with contextlib.suppress(ImportError):  # pytz comes with vobject
        readers["icalendar-transitions"] = component.to_tz(tzp=TZP("pytz"), lookup_tzid=False)
    return readers


def _transitions(zone: str, start: dt.datetime, end: dt.datetime) -> Iterator[dt.datetime]:
    """Yield the UTC instants at which ``zone`` changes offset, found naively.

    Deliberately simpler than the module's search (hourly scan, then
    minute by minute), so the tests do not trust the code under test.
    """
    tz = zoneinfo.ZoneInfo(zone)
    moment = start
    offset = moment.astimezone(tz).utcoffset()
    while moment < end:
        following = moment + HOUR
        if following.astimezone(tz).utcoffset() != offset:
            minute = moment
            while minute.astimezone(tz).utcoffset() == offset:
                minute += dt.timedelta(minutes=1)
            yield minute
            offset = minute.astimezone(tz).utcoffset()
        moment = following


def _assert_offsets(zone: str, first: int, last: int, instants: list[dt.datetime]) -> None:
    tz = zoneinfo.ZoneInfo(zone)
    for name, reader in _readers(zone, first, last).items():
        for instant in instants:
            expected = instant.astimezone(tz).utcoffset()
            assert instant.astimezone(reader).utcoffset() == expected, (name, instant)


# -- offsets read back from the component --------------------------------------------


@pytest.mark.parametrize(("zone", "first", "last"), CASES, ids=CASE_IDS)
def test_offsets_around_every_transition(zone: str, first: int, last: int) -> None:
    start, end = _range(first, last)
    instants = [start, end]
    for onset in _transitions(zone, start, end):
        instants.extend(
            onset + dt.timedelta(minutes=minutes)
            for minutes in range(-120, 121, 15)
            if start <= onset + dt.timedelta(minutes=minutes) <= end
        )
        instants.extend([onset - dt.timedelta(seconds=1), onset])
    _assert_offsets(zone, first, last, instants)


@pytest.mark.parametrize(
    ("onset", "before", "after"),
    [
        # 2026-03-29 02:00 CET becomes 03:00 CEST.
        (dt.datetime(2026, 3, 29, 1, tzinfo=UTC), 1, 2),
        # 2026-10-25 03:00 CEST becomes 02:00 CET.
        (dt.datetime(2026, 10, 25, 1, tzinfo=UTC), 2, 1),
    ],
)
def test_amsterdam_2026_transitions(onset: dt.datetime, before: int, after: int) -> None:
    for name, reader in _readers("Europe/Amsterdam", 2025, 2027).items():
        for minutes in range(-60, 61, 5):
            instant = onset + dt.timedelta(minutes=minutes)
            hours = before if instant < onset else after
            assert instant.astimezone(reader).utcoffset() == dt.timedelta(hours=hours), (
                name,
                instant,
            )


@pytest.mark.parametrize(("zone", "first", "last"), CASES, ids=CASE_IDS)
@settings(deadline=None)
@given(data=st.data())
def test_offsets_at_arbitrary_instants(
    zone: str, first: int, last: int, data: st.DataObject
) -> None:
    start, end = _range(first, last)
    instants = data.draw(
        st.lists(
            st.datetimes(
                min_value=start.replace(tzinfo=None),
                max_value=end.replace(tzinfo=None),
                timezones=st.just(UTC),
            ),
            min_size=1,
            max_size=20,
        )
    )
    _assert_offsets(zone, first, last, instants)


@settings(deadline=None)
@given(
    zone=st.sampled_from(sorted(zoneinfo.available_timezones())),
    first=st.integers(1995, 2033),
    years=st.integers(0, 3),
)
def test_any_zone_with_icalendars_own_reader(zone: str, first: int, years: int) -> None:
    """Every IANA zone, read by icalendar's transition computation.

    The dateutil-based readers are left out here: they resolve the repeated
    hour of a *permanent* drop of the standard offset (Volgograd 2020,
    Almaty 2024) from ``DST = TZOFFSETTO - TZOFFSETFROM`` and so get that hour
    wrong in any VTIMEZONE.
    """
    pytest.importorskip("pytz")
    last = first + years
    start, end = _range(first, last)
    text = _calendar(_vtimezone(zone, first, last))
    reader = (
        icalendar.Calendar.from_ical(text).timezones[0].to_tz(tzp=TZP("pytz"), lookup_tzid=False)
    )
    tz = zoneinfo.ZoneInfo(zone)
    instants = [start, end]
    for onset in _transitions(zone, start, end):
        instants.extend([onset - HOUR, onset - dt.timedelta(seconds=1), onset, onset + HOUR])
    for instant in instants:
        if start <= instant <= end:
            expected = instant.astimezone(tz).utcoffset()
            assert instant.astimezone(reader).utcoffset() == expected, instant


# -- events that refer to the component --------------------------------------------


def _wall_clock_instants(zone: str, start: dt.datetime, end: dt.datetime) -> list[dt.datetime]:
    """Instants around each transition that a local time names unambiguously.

    RFC 5545 §3.3.5: a local time that occurs twice means its first
    occurrence, so the second pass through a repeated hour cannot be written
    with a TZID (write it in UTC instead).
    """
    tz = zoneinfo.ZoneInfo(zone)
    instants = [start + dt.timedelta(days=40)]
    for onset in _transitions(zone, start, end):
        instants.extend(onset + dt.timedelta(minutes=minutes) for minutes in range(-90, 91, 30))
    return [
        instant
        for instant in instants
        if start <= instant <= end
        and instant.astimezone(tz).replace(fold=0).astimezone(UTC) == instant
    ]


@pytest.mark.parametrize(("zone", "first", "last"), CASES, ids=CASE_IDS)
def test_events_with_tzid_resolve_to_the_right_instant(zone: str, first: int, last: int) -> None:
    start, end = _range(first, last)
    tzid = f"X-SESSIONFEED-TEST-{zone.replace('/', '-')}-{first}-{last}"
    tz = zoneinfo.ZoneInfo(zone)
    instants = _wall_clock_instants(zone, start, end)
    body = [
        f"TZID:{tzid}" if line.startswith("TZID:") else line
        for line in _vtimezone(zone, first, last)
    ]
    for number, instant in enumerate(instants):
        wall = instant.astimezone(tz).strftime("%Y%m%dT%H%M%S")
        body += [
            "BEGIN:VEVENT",
            f"UID:{number}@sessionfeed.test",
            "DTSTAMP:20260101T000000Z",
            f"DTSTART;TZID={tzid}:{wall}",
            "SUMMARY:Session",
            "END:VEVENT",
        ]
    text = _calendar(body)

    parsed = icalendar.Calendar.from_ical(text)
    got = [event.DTSTART.astimezone(UTC) for event in parsed.events]
    assert got == instants

    calendar = vobject.readOne(text)
    got = [event.dtstart.value.astimezone(UTC) for event in calendar.vevent_list]
    assert got == instants


# -- the form of the component ----------------------------------------------------------


def _observances(lines: list[str]) -> list[list[str]]:
    blocks: list[list[str]] = []
    for line in lines:
        if line in ("BEGIN:STANDARD", "BEGIN:DAYLIGHT"):
            blocks.append([line])
        elif blocks and blocks[-1][-1][:4] != "END:":
            blocks[-1].append(line)
    return blocks


def test_amsterdam_uses_one_rule_per_observance() -> None:
    """The form Outlook reads correctly, line for line what Google emits."""
    lines = vtimezone_lines(
        "Europe/Amsterdam",
        dt.datetime(2026, 3, 1, 9, tzinfo=UTC),
        dt.datetime(2026, 11, 30, 17, tzinfo=UTC),
    )
    assert lines == [
        "BEGIN:VTIMEZONE",
        "TZID:Europe/Amsterdam",
        "BEGIN:DAYLIGHT",
        "TZOFFSETFROM:+0100",
        "TZOFFSETTO:+0200",
        "TZNAME:CEST",
        "DTSTART:19700329T020000",
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
        "END:DAYLIGHT",
        "BEGIN:STANDARD",
        "TZOFFSETFROM:+0200",
        "TZOFFSETTO:+0100",
        "TZNAME:CET",
        "DTSTART:19701025T030000",
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
        "END:STANDARD",
        "END:VTIMEZONE",
    ]


@pytest.mark.parametrize(
    ("zone", "rules"),
    [
        ("Europe/London", {"BYMONTH=3;BYDAY=-1SU", "BYMONTH=10;BYDAY=-1SU"}),
        ("America/New_York", {"BYMONTH=3;BYDAY=2SU", "BYMONTH=11;BYDAY=1SU"}),
        ("Australia/Sydney", {"BYMONTH=10;BYDAY=1SU", "BYMONTH=4;BYDAY=1SU"}),
        ("Europe/Dublin", {"BYMONTH=3;BYDAY=-1SU", "BYMONTH=10;BYDAY=-1SU"}),
    ],
)
def test_stable_zones_use_rrules_only(zone: str, rules: set[str]) -> None:
    lines = vtimezone_lines(
        zone, dt.datetime(2026, 1, 1, tzinfo=UTC), dt.datetime(2027, 6, 1, tzinfo=UTC)
    )
    assert not [line for line in lines if line.startswith("RDATE")]
    assert sorted(block[0] for block in _observances(lines)) == [
        "BEGIN:DAYLIGHT",
        "BEGIN:STANDARD",
    ]
    found = {line.removeprefix("RRULE:FREQ=YEARLY;") for line in lines if line[:6] == "RRULE:"}
    assert found == rules
    # Like Google Calendar's: the rules in force start in 1970.
    assert [line[:12] for line in lines if line.startswith("DTSTART")] == ["DTSTART:1970"] * 2


def test_dublin_summer_is_daylight() -> None:
    lines = _vtimezone("Europe/Dublin", 2026, 2026)
    daylight = next(block for block in _observances(lines) if block[0] == "BEGIN:DAYLIGHT")
    assert "TZOFFSETTO:+0100" in daylight
    assert "TZNAME:IST" in daylight


def test_rule_change_gets_until() -> None:
    lines = _vtimezone("America/New_York", 2006, 2008)
    rules = sorted(line for line in lines if line.startswith("RRULE:"))
    assert rules == [
        "RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU",
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU",
        # Last onsets under the old rule: 2006-04-02 02:00 EST = 07:00Z and
        # 2006-10-29 02:00 EDT = 06:00Z (UNTIL is UTC and inclusive).
        "RRULE:FREQ=YEARLY;UNTIL=20060402T070000Z;BYMONTH=4;BYDAY=1SU",
        "RRULE:FREQ=YEARLY;UNTIL=20061029T060000Z;BYMONTH=10;BYDAY=-1SU",
    ]


@pytest.mark.parametrize(
    ("zone", "offset", "name"),
    [
        ("Asia/Kolkata", "+0530", "IST"),
        ("UTC", "+0000", "UTC"),
        ("Asia/Tokyo", "+0900", "JST"),
        ("America/Sao_Paulo", "-0300", "-03"),
    ],
)
def test_zones_without_dst_get_one_standard(zone: str, offset: str, name: str) -> None:
    assert _vtimezone(zone, 2025, 2026) == [
        "BEGIN:VTIMEZONE",
        f"TZID:{zone}",
        "BEGIN:STANDARD",
        f"TZOFFSETFROM:{offset}",
        f"TZOFFSETTO:{offset}",
        f"TZNAME:{name}",
        "DTSTART:19700101T000000",
        "END:STANDARD",
        "END:VTIMEZONE",
    ]


def test_offsets_with_seconds() -> None:
    # Amsterdam Mean Time was +00:19:32 until 1937.
    lines = _vtimezone("Europe/Amsterdam", 1935, 1935)
    assert "TZOFFSETFROM:+001932" in lines


@pytest.mark.parametrize(("zone", "first", "last"), CASES, ids=CASE_IDS)
def test_component_is_well_formed(zone: str, first: int, last: int) -> None:
    lines = _vtimezone(zone, first, last)
    assert lines[:2] == ["BEGIN:VTIMEZONE", f"TZID:{zone}"]
    assert lines[-1] == "END:VTIMEZONE"
    assert all("\r" not in line and "\n" not in line for line in lines)
    blocks = _observances(lines)
    assert blocks
    for block in blocks:
        kind = block[0].removeprefix("BEGIN:")
        assert block[-1] == f"END:{kind}"
        names = [line.split(":", 1)[0] for line in block[1:-1]]
        assert names.count("DTSTART") == 1
        assert names.count("TZOFFSETFROM") == 1
        assert names.count("TZOFFSETTO") == 1
        assert names.count("RRULE") <= 1
        assert not ("RRULE" in names and "RDATE" in names)


# -- the interface ----------------------------------------------------------------------


@pytest.mark.parametrize("zone", ["Mars/Olympus_Mons", "Europe", "", "/etc/localtime", "../UTC"])
def test_unknown_zone_is_a_value_error(zone: str) -> None:
    with pytest.raises(ValueError, match="time zone"):
        _vtimezone(zone, 2026, 2026)


def test_naive_datetimes_are_rejected() -> None:
    naive = dt.datetime(2026, 1, 1)
    with pytest.raises(ValueError, match="aware"):
        vtimezone_lines("Europe/Amsterdam", naive, dt.datetime(2026, 2, 1, tzinfo=UTC))


def test_end_before_start_is_rejected() -> None:
    start, end = _range(2026, 2026)
    with pytest.raises(ValueError, match="before"):
        vtimezone_lines("Europe/Amsterdam", end, start)


def test_output_is_deterministic_and_a_fresh_list() -> None:
    tz = zoneinfo.ZoneInfo("Europe/Amsterdam")
    first = vtimezone_lines(
        "Europe/Amsterdam",
        dt.datetime(2026, 5, 1, 10, tzinfo=tz),
        dt.datetime(2026, 5, 2, 10, tzinfo=tz),
    )
    first.append("mutated")
    again = vtimezone_lines("Europe/Amsterdam", *_range(2026, 2026))
    assert "mutated" not in again
    assert first[:-1] == again


def test_range_is_taken_in_utc_years() -> None:
    # 2019-12-31 22:00 in Sao Paulo is 2020 in UTC: the DST of 2018/2019 is
    # then no longer in the probed years.
    tz = zoneinfo.ZoneInfo("America/Sao_Paulo")
    lines = vtimezone_lines(
        "America/Sao_Paulo",
        dt.datetime(2019, 12, 31, 22, tzinfo=tz),
        dt.datetime(2020, 1, 2, tzinfo=tz),
    )
    assert lines == _vtimezone("America/Sao_Paulo", 2020, 2020)
    assert lines != _vtimezone("America/Sao_Paulo", 2019, 2020)
