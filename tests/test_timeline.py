"""The time line: when sessions begin and end as instants, and what a window keeps at its edges."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from hypothesis import given, strategies as st
from tests.strategies import ZONES, whens

import sessionfeed as sf
from sessionfeed.exceptions import ProgrammeError
from sessionfeed.io.dump import to_dict
from sessionfeed.io.toml import from_dict, load_toml_text
from sessionfeed.model.timeline import begins_at, ends_at, is_past, kept


UTC = dt.UTC
NOW = dt.datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
SECOND = dt.timedelta(seconds=1)
HEAD = 'id = "p"\ntitle = "P"\nbase_url = "https://example.org/"\nlocales = ["en"]\n'


def _timed(end: dt.datetime, length: dt.timedelta = dt.timedelta(hours=1)) -> sf.Timed:
    zone = zoneinfo.ZoneInfo("Europe/Amsterdam")
    return sf.Timed(start=(end - length).astimezone(zone), end=end.astimezone(zone))


def test_days_and_months_begin_and_end_at_midnight_in_the_programme_zone() -> None:
    zone = "Europe/Amsterdam"
    day = sf.AllDay(start=dt.date(2026, 3, 28), end=dt.date(2026, 3, 29))  # across the spring change
    assert begins_at(day, zone) == dt.datetime(2026, 3, 27, 23, 0, tzinfo=UTC)
    assert ends_at(day, zone) == dt.datetime(2026, 3, 29, 22, 0, tzinfo=UTC)
    month = sf.Month(year=2026, month=12)
    assert begins_at(month, zone) == dt.datetime(2026, 11, 30, 23, 0, tzinfo=UTC)
    assert ends_at(month, zone) == dt.datetime(2026, 12, 31, 23, 0, tzinfo=UTC)
    assert begins_at(sf.Unknown(), zone) is None
    assert ends_at(sf.Unknown(), zone) is None


@pytest.mark.parametrize(
    ("zone", "day"),
    [("America/Havana", dt.date(2026, 3, 8)), ("America/Santiago", dt.date(2026, 9, 6))],
)
def test_a_day_whose_midnight_the_clocks_skip_begins_at_the_first_instant_it_has(
    zone: str, day: dt.date
) -> None:
    start = begins_at(sf.AllDay(start=day, end=day), zone)
    assert start is not None
    local = start.astimezone(zoneinfo.ZoneInfo(zone))
    assert (local.date(), local.time()) == (day, dt.time(1, 0))
    # The previous day ends where this one begins: no instant belongs to neither.
    before = ends_at(sf.AllDay(start=day - dt.timedelta(days=1), end=day - dt.timedelta(days=1)), zone)
    assert before == start


@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "Etc/GMT+12"])
def test_the_last_supported_day_and_month_end_within_range(zone: str) -> None:
    last = sf.AllDay(start=dt.date(9998, 12, 31), end=dt.date(9998, 12, 31))
    assert ends_at(last, zone) == ends_at(sf.Month(year=9998, month=12), zone)
    assert not is_past(last, zone, NOW)


def test_a_session_under_way_is_not_past() -> None:
    running = _timed(NOW + SECOND)
    assert not is_past(running, "UTC", NOW)
    assert is_past(_timed(NOW), "UTC", NOW)
    assert not is_past(sf.Unknown(), "UTC", NOW)


@pytest.mark.parametrize("past", [dt.timedelta(days=90), dt.timedelta(hours=1), dt.timedelta(0)])
def test_the_window_of_the_past_keeps_what_it_promises_at_its_edge(past: dt.timedelta) -> None:
    window = sf.Window(past=past)
    edge = NOW - past
    assert not kept(_timed(edge - SECOND), "UTC", window, NOW)
    assert not kept(_timed(edge), "UTC", window, NOW)  # over exactly at the edge
    assert kept(_timed(edge + SECOND), "UTC", window, NOW)
    assert kept(_timed(NOW + dt.timedelta(days=400)), "UTC", window, NOW)
    assert kept(sf.Unknown(), "UTC", window, NOW)


def test_the_window_of_what_is_coming_keeps_what_it_promises_at_its_edge() -> None:
    window = sf.Window(upcoming=dt.timedelta(days=30))
    edge = NOW + dt.timedelta(days=30)
    length = dt.timedelta(hours=2)
    assert kept(_timed(edge + length, length), "UTC", window, NOW)  # begins exactly at the edge
    assert not kept(_timed(edge + length + SECOND, length), "UTC", window, NOW)
    assert kept(_timed(NOW - dt.timedelta(days=4000)), "UTC", window, NOW)  # the past is all kept


def test_a_day_is_kept_until_its_midnight_in_the_programme_zone() -> None:
    window = sf.Window(past=dt.timedelta(0))
    day = sf.AllDay(start=dt.date(2026, 12, 7), end=dt.date(2026, 12, 7))
    # In Amsterdam 7 December ends at 23:00 UTC; in Auckland it ended at 11:00 UTC.
    assert kept(day, "Europe/Amsterdam", window, NOW)
    assert not kept(day, "Pacific/Auckland", window, NOW)


@given(whens(), st.sampled_from(ZONES), st.integers(0, 400 * 86400))
def test_the_window_keeps_exactly_the_sessions_that_end_after_its_edge(
    when: sf.When, zone: str, seconds: int
) -> None:
    past = dt.timedelta(seconds=seconds)
    end = ends_at(when, zone)
    expected = end is None or end > NOW - past
    assert kept(when, zone, sf.Window(past=past), NOW) is expected
    assert kept(when, zone, sf.Window(), NOW)


def test_the_window_is_read_from_the_file_and_written_back() -> None:
    programme = load_toml_text(HEAD + 'window = { past = "P90D", upcoming = "P400D" }\n')
    assert programme.window == sf.Window(past=dt.timedelta(days=90), upcoming=dt.timedelta(days=400))
    assert to_dict(programme)["window"] == {"past": "P90D", "upcoming": "P400D"}
    none = load_toml_text(HEAD + '[window]\npast = "none"\nupcoming = "all"\n')
    assert none.window == sf.Window(past=dt.timedelta(0))
    assert to_dict(none)["window"] == {"past": "none"}
    assert from_dict(to_dict(none)) == none
    assert "window" not in to_dict(load_toml_text(HEAD))
    assert load_toml_text(HEAD).window.keeps_all


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            'window = { past = "90 days" }',
            "p.toml:5: window.past: '90 days' is not a span of time: write days,",
        ),
        ('window = { past = "P1M" }', "p.toml:5: window.past: 'P1M' is not a duration: write days, hours or"),
        ('window = { upcoming = "none" }', "p.toml:5: window.upcoming: 'none' is not a span of time"),
        ('window = { last = "P1D" }', "p.toml:5: window.last: unknown field; did you mean 'past'?"),
        ("window = 90", "p.toml:5: window: must be a table (key = value pairs), not a number"),
    ],
)
def test_a_wrong_window_is_named_at_its_line_with_the_fix(line: str, expected: str) -> None:
    with pytest.raises(ProgrammeError) as caught:
        load_toml_text(HEAD + line + "\n", filename="p.toml")
    assert str(caught.value).startswith(expected)


def test_a_window_made_in_python_is_checked() -> None:
    with pytest.raises(ProgrammeError, match="past: must be longer than zero"):
        sf.Window(past=-SECOND)
    with pytest.raises(ProgrammeError, match="upcoming: must be longer than zero"):
        sf.Window(upcoming=dt.timedelta(0))
    with pytest.raises(ProgrammeError, match="past: must be a duration"):
        sf.Window(past="P90D")  # type: ignore[arg-type]
