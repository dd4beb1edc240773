"""The build's now: --now, else SOURCE_DATE_EPOCH, else the clock; every bad value named with its fix."""

from __future__ import annotations

import calendar
import datetime as dt

import pytest
from hypothesis import example, given, strategies as st

from sessionfeed.exceptions import ArgumentError
from sessionfeed.site.clock import resolve_now


FIXED = dt.datetime(2026, 12, 7, 15, 0, 0, tzinfo=dt.UTC)
# Instants a programme may hold, in UTC (whole seconds).
instants = st.datetimes(min_value=dt.datetime(1584, 1, 1), max_value=dt.datetime(9998, 12, 30)).map(
    lambda d: d.replace(microsecond=0, tzinfo=dt.UTC)
)
# Offsets of real zones and odd ones: whole minutes to ±14 h, and some with seconds (local mean time).
offsets = st.one_of(
    st.integers(-14 * 60, 14 * 60).map(lambda m: dt.timedelta(minutes=m)),
    st.integers(-14 * 3600, 14 * 3600).map(lambda s: dt.timedelta(seconds=s)),
)


def _clock() -> dt.datetime:
    return FIXED


def _iso(instant: dt.datetime, offset: dt.timedelta) -> str:
    """ISO 8601 written by hand: the local time at ``offset``, then Z or ±hh:mm[:ss]."""
    local = (instant + offset).replace(tzinfo=None)
    if not offset:
        return f"{local:%Y-%m-%dT%H:%M:%S}Z"
    sign = "-" if offset < dt.timedelta(0) else "+"
    seconds = abs(int(offset.total_seconds()))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    zone = f"{sign}{hours:02d}:{minutes:02d}" + (f":{secs:02d}" if secs else "")
    return f"{local:%Y-%m-%dT%H:%M:%S}{zone}"


@given(instant=instants, offset=offsets)
@example(instant=dt.datetime(2026, 3, 29, 1, 0, tzinfo=dt.UTC), offset=dt.timedelta(hours=2))
@example(instant=dt.datetime(1900, 1, 1, 0, 0, tzinfo=dt.UTC), offset=dt.timedelta(minutes=19, seconds=32))
def test_now_with_an_offset_is_that_instant_in_utc(instant: dt.datetime, offset: dt.timedelta) -> None:
    text = _iso(instant, offset)
    found = resolve_now(text, {"SOURCE_DATE_EPOCH": "0"}, clock=_clock)
    assert found == instant
    assert found.tzinfo is dt.UTC


@given(day=st.dates(min_value=dt.date(1584, 1, 1), max_value=dt.date(9998, 12, 30)))
def test_now_as_a_date_is_its_start_in_utc(day: dt.date) -> None:
    found = resolve_now(day.isoformat(), {}, clock=_clock)
    assert (found.date(), found.time(), found.tzinfo) == (day, dt.time(), dt.UTC)


def test_a_fraction_of_a_second_is_dropped() -> None:
    assert resolve_now("2026-12-07T15:00:00.999+00:00", {}) == FIXED


@given(seconds=st.integers(-12_000_000_000, 253_000_000_000))
@example(seconds=0)
def test_source_date_epoch_is_seconds_since_1970(seconds: int) -> None:
    found = resolve_now(None, {"SOURCE_DATE_EPOCH": str(seconds)}, clock=_clock)
    assert calendar.timegm(found.utctimetuple()) == seconds
    assert found.tzinfo is dt.UTC


def test_the_option_wins_then_the_variable_then_the_clock() -> None:
    environ = {"SOURCE_DATE_EPOCH": "1700000000"}
    assert resolve_now("2026-01-01", environ, clock=_clock) == dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    assert resolve_now(None, environ, clock=_clock) == dt.datetime(2023, 11, 14, 22, 13, 20, tzinfo=dt.UTC)
    assert resolve_now(None, {}, clock=_clock) == FIXED
    assert resolve_now(None, {"SOURCE_DATE_EPOCH": ""}, clock=_clock) == FIXED, "empty counts as unset"


def test_the_clock_is_utc_whole_seconds() -> None:
    before = dt.datetime.now(tz=dt.UTC).replace(microsecond=0)
    found = resolve_now(None, {})
    assert found.tzinfo is dt.UTC
    assert found.microsecond == 0
    assert before <= found <= dt.datetime.now(tz=dt.UTC)


@given(
    value=st.text(max_size=30).filter(
        lambda s: not s.strip().lstrip("-").isascii() or not s.strip().lstrip("-").isdigit()
    )
)
@example(value="1.5")
@example(value="1e9")
@example(value="0x10")
@example(value="١٢٣")  # Arabic-Indic digits: int() takes them, the specification does not
@example(value="12\n34")
def test_a_malformed_source_date_epoch_is_refused_with_the_fix(value: str) -> None:
    if not value:
        return  # empty: unset
    with pytest.raises(ArgumentError) as caught:
        resolve_now(None, {"SOURCE_DATE_EPOCH": value}, clock=_clock)
    message = str(caught.value)
    assert message.startswith("SOURCE_DATE_EPOCH=")
    assert "git log -1 --format=%ct" in message
    assert "\n" not in message


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("2026-12-07T15:00", "no UTC offset"),
        ("2026-12-07 15:00:00", "no UTC offset"),
        ("7 December 2026", "ISO 8601"),
        ("2026-13-01", "ISO 8601"),
        ("2026-12-07T15:00:00+25:00", "ISO 8601"),
        ("", "empty"),
        ("1500-01-01", "outside"),
        ("9999-12-31T23:00:00Z", "outside"),
        ("now\x1b[31m\n", "ISO 8601"),
    ],
)
def test_a_bad_now_is_named_with_its_value_and_the_fix(value: str, says: str) -> None:
    with pytest.raises(ArgumentError, match=says) as caught:
        resolve_now(value, {"SOURCE_DATE_EPOCH": "0"}, clock=_clock)
    message = str(caught.value)
    assert message.startswith(f"--now {value!r}:")
    assert "\n" not in message
    assert "\x1b" not in message


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("-20000000000", r"=-20000000000 is 1336-03-23T\S+, before the first day .* \(1583-01-01\)"),
        ("253402300000", r"=253402300000 is 9999-12-31T23:46:40\+00:00, past the last day .* \(9998-12-31\)"),
        ("253402300800", "=253402300800 is a moment past the year 9999, past the last day"),
        ("-" + "9" * 40, r"=-99999999999… \(41 digits\) is a moment before the year 1, before the first day"),
        ("9" * 5000, r"=999999999999… \(5000 digits\) is a moment past the year 9999"),
    ],
)
def test_a_source_date_epoch_outside_the_supported_dates_is_refused(value: str, says: str) -> None:
    with pytest.raises(ArgumentError, match=says) as caught:
        resolve_now(None, {"SOURCE_DATE_EPOCH": value}, clock=_clock)
    assert "SOURCE_DATE_EPOCH=" in str(caught.value)
    assert len(str(caught.value)) < 400
