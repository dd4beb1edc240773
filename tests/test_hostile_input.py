"""Bad input is always a clear error: classes of hostile input, each refused with its file, line and path.

An adversarial run fed the loader and the model input that ended in a
traceback or an "unexpected error": TOML nested hundreds of thousands of
levels deep, integers of thousands of digits, dates at the edges of Python's
range, lone surrogates and wrong types through the Python API, URLs with
characters no URL holds, zone abbreviations, fractions of a second, locales
without a catalog. Each class has its cases here, and hypothesis makes more
of each; every one must end in a :class:`~sessionfeed.ProgrammeError` (exit
2 and ``error: FILE:LINE: path: message`` on the command line), and every
programme inside the supported range must render in every exporter.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
import sys
import typing
import urllib.parse
import zoneinfo
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import icalendar
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import _readers as readers
import sessionfeed as sf
from sessionfeed.exporters.base import Context, render
from sessionfeed.exporters.registry import iter_exporters
from sessionfeed.io.lines import MAX_KEY_NAMES, MAX_NESTING
from sessionfeed.io.toml import load_toml_text
from sessionfeed.model import programme as _model
from sessionfeed.model.checks import FIRST_DAY, LAST_DAY, UTC_NAMES, check_timezone, check_url
from sessionfeed.model.revisions import Revisions
from sessionfeed.words.catalogs import catalog_locales
from test_fuzz_load import run
from toml_writer import dumps


SLOW = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large], deadline=None)

HEAD = """\
id = "hostile"
title = "Hostile"
base_url = "https://example.org/"
locales = ["en"]
"""
SESSION = """\
[[sessions]]
id = "s"
kind = "webinar"
title = "S"
language = "en"
"""
#: The lines of HEAD and HEAD + SESSION: a value appended is on the next one.
AFTER_HEAD = HEAD.count("\n") + 1
AFTER_SESSION = (HEAD + SESSION).count("\n") + 1




def problems_of(text: str) -> list[sf.Problem]:
    """The problems of a programme file's text (it must have some)."""
    with pytest.raises(sf.ProgrammeError) as caught:
        load_toml_text(text, filename="p.toml")
    return list(caught.value.problems)


def assert_cli_refuses(tmp_path: Path, text: str, line: int, path: str, fragment: str) -> None:
    """``check``, ``export`` and ``build`` exit 2 with ``error: FILE:LINE: path: …`` and no traceback."""
    file = tmp_path / "programme.toml"
    file.write_text(text, encoding="utf-8")
    for argv in (
        ["check", str(file)],
        ["export", str(file), "-f", "ics"],
        ["build", str(file), "--out", str(tmp_path / "site"), "--quiet"],
    ):
        code, out, err = run(argv)
        assert code == 2, (argv, err[-2000:])
        assert "Traceback" not in out + err
        assert "unexpected error" not in err
        expected = f"error: {file}:{line}: {path}: "
        assert any(li.startswith(expected) and fragment in li for li in err.splitlines()), (expected, err[:2000])


def model_problems(factory: Any, **fields: Any) -> list[tuple[str, str]]:
    """The problems a model constructor raises."""
    with pytest.raises(sf.ProgrammeError) as caught:
        factory(**fields)
    return [(p.path, p.message) for p in caught.value.problems]


# ======================================================================= 1. nesting


def _nested(kind: str, depth: int) -> str:
    """A value nested ``depth`` levels deep: arrays, inline tables, both, or one bracket a line."""
    if kind == "arrays":
        return "[" * depth + "]" * depth
    if kind == "tables":
        return "{a=" * depth + "1" + "}" * depth
    if kind == "mixed":
        return "[{a=" * (depth // 2) + "1" + "}]" * (depth // 2)
    if kind == "lines":
        return "[\n" * depth + "]\n" * depth
    return "[1, " * depth + "2" + "]" * depth  # items before each deeper array


@pytest.mark.parametrize("kind", ["arrays", "tables", "mixed", "lines", "items"])
@pytest.mark.parametrize("depth", [MAX_NESTING + 1, 1000, 200_000])
def test_values_nested_too_deeply_are_refused_at_their_line(kind: str, depth: int) -> None:
    """Nesting that exhausts the TOML reader is one problem: the field, the line where it gets too deep."""
    # 101 levels are read by the TOML reader, and then the value is simply not a programme's.
    text = HEAD + SESSION + f"description = {_nested(kind, depth)}\n"
    found = problems_of(text)
    assert all(str(p).startswith("p.toml:") for p in found), found
    if depth > MAX_NESTING + 1:
        [problem] = found
        assert problem.path == "sessions[0].description"
        assert problem.message.startswith(f"arrays and inline tables are nested more than {MAX_NESTING} levels deep")
        # The line where the nesting passes the limit: the value's own, or as many lines down.
        assert problem.line == AFTER_SESSION + (MAX_NESTING if kind == "lines" else 0)


def test_an_unclosed_deep_array_is_refused() -> None:
    """Opened 200,000 times and never closed: the reader recurses before it finds the end."""
    [problem] = problems_of(HEAD + "x = " + "[" * 200_000 + "\n")
    assert (problem.line, problem.path) == (AFTER_HEAD, "x")
    assert "nested more than" in problem.message


@pytest.mark.parametrize("parts", [MAX_NESTING + 1, MAX_KEY_NAMES - 1])
def test_long_dotted_keys_and_headers_are_unknown_fields(parts: int) -> None:
    """A key or a header of up to a thousand names: the reader reads it, and the first name is an unknown field."""
    for text in (HEAD + "a" + ".a" * parts + " = 1\n", HEAD + "[a" + ".a" * parts + "]\n"):
        [problem] = problems_of(text)
        assert (problem.line, problem.path) == (AFTER_HEAD, "a")
        assert problem.message.startswith("unknown field")


@pytest.mark.parametrize("parts", [MAX_KEY_NAMES, 10_000])
def test_keys_and_headers_of_too_many_names_are_refused_at_their_line(parts: int) -> None:
    """More names than the TOML reader takes: one problem at the key's line, with the count and the limit."""
    for text in (HEAD + "a" + ".a" * parts + " = 1\n", HEAD + "[a" + ".a" * parts + "]\n"):
        [problem] = problems_of(text)
        assert (problem.line, problem.path) == (AFTER_HEAD, "a")
        assert f"of {parts + 1:,} names is more than the TOML reader takes ({MAX_KEY_NAMES:,})" in problem.message


def test_deep_nesting_on_the_command_line(tmp_path: Path) -> None:
    """``check``, ``export`` and ``build`` say the same: exit 2, the file, the line, the field."""
    text = HEAD + "x = " + "{a=" * 200_000 + "1" + "}" * 200_000 + "\n"
    assert_cli_refuses(tmp_path, text, AFTER_HEAD, "x", "nested more than 100 levels deep")


@st.composite
def deep_values(draw: st.DrawFn) -> str:
    """A value whose brackets nest past the limit, of random kinds, with items and line breaks between."""
    depth = draw(st.integers(MAX_NESTING + 1, 3000))
    opened: list[str] = []
    parts = []
    for _ in range(depth):
        bracket = draw(st.sampled_from(["[", "{k="]))
        between = ["", "1, ", '"]}", ', "\n", "# ]]\n"]  # items, a string and a comment with brackets
        parts.append(draw(st.sampled_from(between)) if bracket == "[" else "")
        parts.append(bracket)
        opened.append("]" if bracket == "[" else "}")
    return "".join(parts) + "0" + "".join(reversed(opened))


@SLOW
@given(value=deep_values(), where=st.sampled_from(["top", "session", "inline"]))
def test_generated_deep_values_are_refused_cleanly(value: str, where: str) -> None:
    """However the brackets nest (arrays in tables, strings and comments with brackets between), one clear problem."""
    if where == "top":
        text = HEAD + f"x = {value}\n"
    elif where == "session":
        text = HEAD + SESSION + f"links = {value}\n"
    else:
        text = HEAD + SESSION + f"when = {{ start = 2027-03-11T14:00:00, end = {value} }}\n"
    found = problems_of(text)
    assert all(str(p).startswith("p.toml:") for p in found), found
    assert all(p.line is not None for p in found), found


# ================================================================ 2. long integers


@pytest.mark.parametrize(
    ("value", "path", "digits"),
    [
        ("sequence = " + "1" * 5000, "sessions[0].sequence", 5000),
        ("sequence = -" + "9" * 4301, "sessions[0].sequence", 4301),
        ("sequence = " + "1_2" * 2200, "sessions[0].sequence", 4400),
        ("recording = { url = 'https://example.org/r', length = " + "7" * 6000 + " }", "sessions[0].recording.length", 6000),
        ("tags = [1, 2, " + "3" * 5000 + "]", "sessions[0].tags[2]", 5000),
        ("unknown = " + "1" * 5000, "sessions[0].unknown", 5000),
    ],
)
def test_integers_too_long_to_read_are_refused_with_line_and_field(value: str, path: str, digits: int) -> None:
    """The TOML reader cannot turn them into a Python int: the problem names the field, its line and the digits."""
    [problem] = problems_of(HEAD + SESSION + value + "\n")
    assert (problem.path, problem.line) == (path, AFTER_SESSION)
    assert problem.message == (
        f"a number of {digits} digits is more than the TOML reader takes ({sys.get_int_max_str_digits()}); "
        "no field takes a number this long"
    )


def test_every_long_integer_is_reported_at_once() -> None:
    """Two of them, on two lines: both are listed, in file order."""
    text = HEAD + f"a = {'1' * 5000}\nb = [{'2' * 4400}]\n"
    found = problems_of(text)
    assert [(p.line, p.path) for p in found] == [(AFTER_HEAD, "a"), (AFTER_HEAD + 1, "b[0]")]


def test_long_hex_integers_and_long_floats_are_ordinary_values() -> None:
    """Only decimal integers have the limit: 0x… of 5000 digits is a number, and too large for any field."""
    found = problems_of(HEAD + SESSION + "sequence = 0x" + "f" * 5000 + "\n")
    assert [(p.path, p.message) for p in found] == [
        ("sessions[0].sequence", "must be a whole number from 0 to 2147483647"),
    ]
    found = problems_of(HEAD + SESSION + "sequence = 1" + "0" * 5000 + ".5\n")
    assert [p.path for p in found] == ["sessions[0].sequence"]


def test_a_long_integer_on_the_command_line(tmp_path: Path) -> None:
    text = HEAD + SESSION + "sequence = " + "1" * 5000 + "\n"
    assert_cli_refuses(tmp_path, text, AFTER_SESSION, "sessions[0].sequence", "a number of 5000 digits")


@SLOW
@given(digits=st.integers(sys.get_int_max_str_digits() + 1, 8000), line=st.integers(0, 40), sign=st.sampled_from(["", "-", "+"]))
def test_a_long_integer_anywhere_in_an_example(digits: int, line: int, sign: str) -> None:
    """Put a long integer as the value of any key of an example file: one problem, at that line."""
    source = (Path(__file__).parent.parent / "examples" / "upcoming-demo.toml").read_text(encoding="utf-8")
    lines = source.split("\n")
    keyed = [i for i, li in enumerate(lines) if re.match(r"[A-Za-z_.]+ = ", li)]
    at = keyed[line % len(keyed)]
    lines[at] = lines[at].split(" = ")[0] + f" = {sign}{'4' * digits}"
    found = problems_of("\n".join(lines))
    assert [p.line for p in found] == [at + 1], found
    assert f"a number of {digits} digits" in found[0].message


# ===================================================================== 3. dates


@pytest.mark.parametrize(
    ("when", "path", "fragment"),
    [
        (
            '{ start = 9999-12-31T20:00:00, duration = "PT5H" }',
            "sessions[0].when.start",
            "9999-12-31T20:00:00 is outside the dates sessionfeed supports (1583-01-01 to 9998-12-31)",
        ),
        (
            "{ start = 0001-01-01T00:05:00+01:00, end = 0001-01-01T02:00:00+01:00 }",
            "sessions[0].when.start",
            "0001-01-01T00:05:00+01:00 is outside the dates sessionfeed supports",
        ),
        (
            "{ start = 9999-12-31T23:00:00-05:00, end = 9999-12-31T23:30:00-05:00 }",
            "sessions[0].when.start",
            "9999-12-31T23:00:00-05:00 is outside the dates sessionfeed supports",
        ),
        (
            "{ start = 9998-12-31T23:00:00-05:00, end = 9998-12-31T23:30:00-05:00 }",
            "sessions[0].when.start",
            "is 9999-01-01T04:00:00+00:00 in UTC, outside the dates sessionfeed supports",
        ),
        (
            "{ start = 1583-01-01T00:30:00+01:00, end = 1583-01-01T02:00:00 }",  # still 1582 in UTC
            "sessions[0].when.start",
            "1583-01-01T00:30:00+01:00 is 1582-12-31T23:30:00+00:00 in UTC, outside the dates sessionfeed supports",
        ),
        (
            '{ start = 9998-12-31T20:00:00, duration = "P4000000D" }',
            "sessions[0].when.duration",
            "is longer than the dates sessionfeed supports (1583-01-01 to 9998-12-31) span",
        ),
        (
            '{ start = 9998-12-31T20:00:00, duration = "P3000000D" }',
            "sessions[0].when.duration",
            "makes the session end after 9998-12-31, the last day sessionfeed supports",
        ),
        (
            '{ start = 9998-12-31T20:00:00, duration = "PT5H" }',  # Amsterdam: the end is in 9999
            "sessions[0].when.end",
            "9999-01-01T01:00:00+01:00 is outside the dates",
        ),
        ("9999-12-31", "sessions[0].when.start", "9999-12-31 is outside the dates sessionfeed supports"),
        ("0001-01-01", "sessions[0].when.start", "0001-01-01 is outside the dates sessionfeed supports"),
        ("{ start = 9998-12-30, end = 9999-01-02 }", "sessions[0].when.end", "9999-01-02 is outside the dates"),
        ('"1582-10"', "sessions[0].when", "'1582-10' is not a month: its year must be a year from 1583 to 9998"),
        (f"{{ start = 2027-03-11T14:00:00, duration = {10**30} }}", "sessions[0].when.duration", "is longer than"),
    ],
)
def test_dates_outside_the_range_are_refused_at_their_line(when: str, path: str, fragment: str) -> None:
    """Every date and instant is within 1583-01-01 and 9998-12-31, in local time and in UTC."""
    found = problems_of(HEAD + SESSION + f"when = {when}\n")
    assert any(p.path == path and p.line == AFTER_SESSION and fragment in p.message for p in found), found


@pytest.mark.parametrize(
    ("field", "value", "fragment"),
    [
        ("announced", "0001-01-01T00:00:00+00:00", "0001-01-01T00:00:00+00:00 is outside the dates"),
        ("updated", "9999-06-01T00:00:00", "9999-06-01T00:00:00 is outside the dates"),
        ("previous_start", "1000-01-01", "1000-01-01 is outside the dates"),
        ("previous_start", "9999-12-31T23:59:59+14:00", "is outside the dates"),
    ],
)
def test_other_instants_outside_the_range(field: str, value: str, fragment: str) -> None:
    status = 'status = "rescheduled"\n' if field == "previous_start" else ""
    found = problems_of(HEAD + SESSION + status + f"{field} = {value}\n")
    line = AFTER_SESSION + (1 if status else 0)
    assert [(p.path, p.line) for p in found] == [(f"sessions[0].{field}", line)], found
    assert fragment in found[0].message


def test_a_programme_updated_out_of_range() -> None:
    [problem] = problems_of(HEAD + "updated = 1500-01-01T00:00:00Z\n")
    assert (problem.path, problem.line) == ("updated", AFTER_HEAD)


def test_dates_out_of_range_on_the_command_line(tmp_path: Path) -> None:
    text = HEAD + SESSION + 'when = { start = 9999-12-31T20:00:00, duration = "PT5H" }\n'
    assert_cli_refuses(tmp_path, text, AFTER_SESSION, "sessions[0].when.start", "outside the dates sessionfeed supports")


AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")


@pytest.mark.parametrize(
    ("factory", "fields", "path"),
    [
        (sf.Timed, {"start": dt.datetime.min.replace(tzinfo=AMS), "end": dt.datetime(2027, 1, 1, tzinfo=AMS)}, "start"),
        (sf.Timed, {"start": dt.datetime(2027, 1, 1, tzinfo=AMS), "end": dt.datetime.max.replace(tzinfo=AMS)}, "end"),
        (sf.Timed, {"start": dt.datetime(2027, 1, 1, tzinfo=AMS), "end": dt.datetime(2027, 1, 1, 0, 0, 0, 1, tzinfo=AMS)}, "end"),
        (sf.AllDay, {"start": dt.date.min, "end": dt.date(2027, 1, 1)}, "start"),
        (sf.AllDay, {"start": dt.date(2027, 1, 1), "end": dt.date.max}, "end"),
        (sf.Month, {"year": 9999, "month": 12}, "year"),
        (sf.Recording, {"url": "https://example.org/r", "published": dt.date.max}, "published"),
        (sf.Recording, {"url": "https://example.org/r", "duration": dt.timedelta.max}, "duration"),
        (sf.Recording, {"url": "https://example.org/r", "duration": dt.timedelta(seconds=1.5)}, "duration"),
    ],
)
def test_the_model_refuses_dates_out_of_range(factory: Any, fields: dict[str, Any], path: str) -> None:
    """Through the Python API too: a ProgrammeError, never an OverflowError."""
    assert [p for p, _ in model_problems(factory, **fields)] == [path]


def _session(**fields: Any) -> sf.Session:
    return sf.Session(id="s", kind="webinar", title=sf.LocalizedText({"en": "S"}), language="en", **fields)


@pytest.mark.parametrize(
    ("fields", "path"),
    [
        ({"announced": dt.datetime.min.replace(tzinfo=dt.UTC)}, "announced"),
        ({"updated": dt.datetime.max.replace(tzinfo=dt.timezone(dt.timedelta(hours=-5)))}, "updated"),
        ({"status": sf.Status.RESCHEDULED, "previous_start": dt.date.min}, "previous_start"),
        ({"status": sf.Status.RESCHEDULED, "previous_start": dt.datetime.min.replace(tzinfo=dt.UTC)}, "previous_start"),
        ({"announced": dt.datetime(2027, 1, 1, 0, 0, 0, 250_000, tzinfo=dt.UTC)}, "announced"),
    ],
)
def test_the_model_refuses_session_instants_out_of_range(fields: dict[str, Any], path: str) -> None:
    assert [p for p, _ in model_problems(_session, **fields)] == [path]


def test_from_dict_refuses_huge_durations_and_the_first_instant() -> None:
    """``duration = 10**30`` and a start at ``datetime.min`` were an OverflowError."""
    base = {"id": "p", "title": "P", "base_url": "https://example.org/", "locales": ["en"]}
    session = {"id": "s", "kind": "webinar", "title": "S", "language": "en"}
    for when, path in (
        ({"start": "2027-01-01T10:00:00", "duration": 10**30}, "sessions[0].when.duration"),
        ({"start": dt.datetime.min, "end": "2027-01-01T10:00:00"}, "sessions[0].when.start"),
        ({"start": dt.datetime.min.replace(tzinfo=dt.UTC), "duration": 60}, "sessions[0].when.start"),
    ):
        with pytest.raises(sf.ProgrammeError) as caught:
            sf.from_dict({**base, "sessions": [{**session, "when": when}]})
        assert [p.path for p in caught.value.problems] == [path]


# Zones west and east of UTC, the furthest both ways (+14, -11), and odd offsets.
EDGE_ZONES = [
    "Pacific/Kiritimati", "Pacific/Pago_Pago", "Pacific/Chatham", "America/St_Johns", "Asia/Kolkata",
    "Europe/Amsterdam", "America/Los_Angeles", "Australia/Sydney", "UTC",
]  # fmt: skip


def _in_range(value: dt.datetime) -> bool:
    return all(FIRST_DAY <= d <= LAST_DAY for d in (value.date(), value.astimezone(dt.UTC).date()))


@st.composite
def edge_instants(draw: st.DrawFn, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    """An instant in ``zone`` near the first or the last day, whole seconds, in range in local time and UTC."""
    if draw(st.booleans()):
        naive = dt.datetime.combine(LAST_DAY, dt.time()) + dt.timedelta(seconds=draw(st.integers(0, 86_399)))
        naive -= dt.timedelta(days=draw(st.integers(0, 2)))
    else:
        naive = dt.datetime.combine(FIRST_DAY, dt.time()) + dt.timedelta(seconds=draw(st.integers(0, 3 * 86_400)))
    value = naive.replace(tzinfo=zone).astimezone(dt.UTC).astimezone(zone)
    while not _in_range(value):  # late on the last day east of UTC, early on the first west of it
        value += dt.timedelta(hours=-1 if value.year > 5000 else 1)
    return value


@st.composite
def edge_whens(draw: st.DrawFn, zone: zoneinfo.ZoneInfo) -> sf.When:
    form = draw(st.integers(0, 3))
    if form == 0:
        start = draw(edge_instants(zone))
        latest = dt.datetime.combine(LAST_DAY, dt.time(23, 59, 59), tzinfo=dt.UTC)
        # Long durations too: up to the whole range, as long as the end is inside.
        seconds = draw(st.integers(1, int((latest - start).total_seconds())))
        end = (start.astimezone(dt.UTC) + dt.timedelta(seconds=seconds)).astimezone(zone)
        while not _in_range(end):  # past the last day in local time: halve it
            seconds = max(1, seconds // 2)
            end = (start.astimezone(dt.UTC) + dt.timedelta(seconds=seconds)).astimezone(zone)
        return sf.Timed(start=start, end=end)
    if form == 1:
        first = draw(st.sampled_from([FIRST_DAY, LAST_DAY - dt.timedelta(days=3), FIRST_DAY + dt.timedelta(days=1)]))
        last = draw(st.sampled_from([first, LAST_DAY, first + dt.timedelta(days=2)]))
        return sf.AllDay(start=first, end=max(first, last))
    if form == 2:
        return sf.Month(year=draw(st.sampled_from([FIRST_DAY.year, LAST_DAY.year])), month=draw(st.sampled_from([1, 12])))
    return sf.Unknown()


@st.composite
def edge_programmes(draw: st.DrawFn) -> sf.Programme:
    """A programme whose sessions sit at the edges of the range: first and last days, late and early, long."""
    zone_name = draw(st.sampled_from(EDGE_ZONES))
    zone = zoneinfo.ZoneInfo(zone_name)
    sessions = []
    for i in range(draw(st.integers(1, 4))):
        session_zone = zoneinfo.ZoneInfo(draw(st.sampled_from([zone_name, *EDGE_ZONES])))
        fields: dict[str, Any] = {"when": draw(edge_whens(session_zone))}
        if draw(st.booleans()):
            fields["status"] = sf.Status.RESCHEDULED
            fields["previous_start"] = draw(st.one_of(edge_instants(session_zone), st.sampled_from([FIRST_DAY, LAST_DAY])))
        if draw(st.booleans()):
            fields["announced"] = draw(edge_instants(zone))
        if draw(st.booleans()):
            fields["updated"] = draw(edge_instants(zone))
        if draw(st.booleans()):
            fields["recording"] = sf.Recording(
                url="https://example.org/r.mp4", media_type="video/mp4", published=draw(st.sampled_from([FIRST_DAY, LAST_DAY])),
                duration=dt.timedelta(seconds=draw(st.integers(1, 10**9))),
            )  # fmt: skip
        sessions.append(sf.Session(id=f"s{i}", kind="webinar", title=sf.LocalizedText({"en": f"S{i}"}), language="en", **fields))
    return sf.Programme(
        id="edges", title=sf.LocalizedText({"en": "Edges"}), base_url="https://example.org/", locales=("en", "nl"),
        timezone=zone_name, sessions=sessions, updated=draw(st.none() | edge_instants(zone)),
    )  # fmt: skip


def _calendar_times(data: bytes) -> dict[str, tuple[Any, Any]]:
    """DTSTART and DTEND of each event, read back by icalendar (by SUMMARY)."""
    times = {}
    for event in icalendar.Calendar.from_ical(data).walk("VEVENT"):
        times[str(event["SUMMARY"])] = (event.decoded("DTSTART"), event.decoded("DTEND"))
    return times


@settings(max_examples=max(20, settings().max_examples // 2), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edge_programmes())
def test_every_exporter_renders_the_edges_of_the_range(programme: sf.Programme) -> None:
    """Everything inside the range renders in every exporter, and the parsers read it back as it is."""
    revisions = Revisions.from_data(programme)
    for exporter in iter_exporters():
        for locale in programme.locales:
            rendering = render(exporter, programme, Context(locale=locale, revisions=revisions))
            for output in rendering.every_file():
                document = readers.read(output.content, output.media_type)
                assert not document.errors, (exporter.name, output.path, document.errors[:3])
                if readers.base_type(output.media_type) == "text/calendar" and output.path == exporter.filename:
                    times = _calendar_times(output.content)
                    for session in programme.sessions:
                        when = session.when
                        if isinstance(when, sf.Timed):
                            start, end = times[session.title["en"]]
                            assert (start.astimezone(dt.UTC), end.astimezone(dt.UTC)) == (
                                when.start.astimezone(dt.UTC), when.end.astimezone(dt.UTC),
                            )  # fmt: skip
                        elif isinstance(when, sf.AllDay):
                            assert times[session.title["en"]] == (when.start, when.end + dt.timedelta(days=1))


# ============================================================ 4. every text field


def _model_classes() -> list[type]:
    """Every attrs class the programme holds, found from the type hints (not from any data)."""
    found: list[type] = []

    def visit(hint: Any) -> None:
        # A LocalizedText is a text, as str is: its items are not fields of the model.
        if isinstance(hint, type) and attrs.has(hint) and hint is not sf.LocalizedText and hint not in found:
            found.append(hint)
            for inner in typing.get_type_hints(hint, vars(_model)).values():
                visit(inner)
        for arg in typing.get_args(hint):
            visit(arg)

    visit(sf.Programme)
    return found


def _hints(cls: type) -> dict[str, Any]:
    names = {f.name for f in attrs.fields(cls) if f.init}
    return {name: hint for name, hint in typing.get_type_hints(cls, vars(_model)).items() if name in names}


def _mentions(hint: Any, kinds: tuple[type, ...]) -> bool:
    return any(arg in kinds or _mentions(arg, kinds) for arg in typing.get_args(hint)) or hint in kinds


#: A programme with every field of every class filled in, as a file would write it.
FULL: dict[str, Any] = {
    "id": "full",
    "title": {"nl": "Volledig", "en": "Full"},
    "intro": {"nl": "Inleiding", "en": "Introduction"},
    "base_url": "https://example.org/full/",
    "locales": ["nl", "en", "de"],
    "untranslated_locales": ["de"],
    "timezone": "Europe/Amsterdam",
    "organisers": ["acme"],
    "image": "https://example.org/full/image.png",
    "contact": {"name": "Team", "email": "team@example.org", "url": "https://example.org/contact"},
    "free": True,
    "currency": "EUR",
    "templates": "templates",
    "color": "darkblue",
    "updated": "2027-01-05T10:00:00+01:00",
    "refresh": "PT6H",
    "organisations": {
        "acme": {"name": {"nl": "Acme NL", "en": "Acme"}, "short_name": "AC", "url": "https://acme.example.org/"},
        "lab": {"name": "Lab", "short_name": "LB", "url": "https://lab.example.org/", "parent": "acme"},
    },
    "people": {
        "anna": {
            "name": "Anna",
            "affiliation": "lab",
            "url": "https://example.org/anna",
            "job_title": {"nl": "Leider", "en": "Lead"},
            "same_as": ["https://example.org/anna-elsewhere"],
        },
    },
    "tags": {"remedy": {"label": {"nl": "herstel", "en": "remedy"}}},
    "kinds": {"hackathon": {"label": {"nl": "hackathon", "en": "hackathon"}}},
    "sessions": [
        {
            "id": "first",
            "kind": "hackathon",
            "title": {"nl": "Eerste", "en": "First"},
            "description": {"nl": "Over", "en": "About"},
            "language": "en",
            "when": {"start": "2027-03-11T14:00:00+01:00", "end": "2027-03-11T15:30:00+01:00", "timezone": "Europe/Amsterdam"},
            "location": {
                "online": {"url": "https://meet.example.org/first", "platform": "Jitsi"},
                "venue": {
                    "name": "Hall",
                    "url": "https://example.org/hall",
                    "address": {"street": "Main 1", "postal_code": "1000 AA", "locality": "Town", "region": "Region", "country": "NL"},
                },
            },
            "status": "rescheduled",
            "previous_start": "2027-02-11T14:00:00+01:00",
            "organisers": ["acme"],
            "supporters": ["lab"],
            "speakers": ["anna"],
            "tags": ["remedy"],
            "links": {"page": "https://example.org/first", "registration": "https://example.org/register"},
            "recording": {
                "url": "https://media.example.org/first.mp4",
                "media_type": "video/mp4",
                "length": 1000,
                "duration": "PT58M12S",
                "thumbnail": "https://media.example.org/first.jpg",
                "embed_url": "https://media.example.org/embed/first",
                "published": "2027-03-12",
            },
            "image": "https://example.org/first.png",
            "announced": "2027-01-01T09:00:00+01:00",
            "updated": "2027-01-02T09:00:00+01:00",
            "sequence": 2,
        },
        {"id": "days", "kind": "workshop", "title": "Days", "language": "nl", "when": {"start": "2027-05-10", "end": "2027-05-12"}},
        {"id": "month", "kind": "webinar", "title": "Month", "language": "nl", "when": "2023-12"},
    ],
}


def full_programme() -> sf.Programme:
    return sf.from_dict(copy.deepcopy(FULL))


def _values(value: Any, path: str = "") -> Iterator[tuple[Any, str, str, Any]]:
    """Every (holder, field name, path, value) in a model value, recursively."""
    for field in attrs.fields(type(value)):
        if not field.init:
            continue
        inner = getattr(value, field.name)
        here = f"{path}.{field.name}" if path else field.name
        yield value, field.name, here, inner
        items = inner if isinstance(inner, tuple) else (inner,)
        for i, item in enumerate(items):
            if attrs.has(type(item)) and not isinstance(item, sf.LocalizedText):
                yield from _values(item, f"{here}[{i}]" if isinstance(inner, tuple) else here)


TEXT_KINDS = (str, sf.LocalizedText)


def _text_fields() -> list[tuple[Any, str, Any]]:
    """Every (holder, field name, value) of FULL whose type is a text, a list of texts or a LocalizedText."""
    out = []
    seen = set()
    for holder, name, _, value in _values(full_programme()):
        hint = _hints(type(holder))[name]
        if _mentions(hint, TEXT_KINDS) and (type(holder), name) not in seen:
            seen.add((type(holder), name))
            out.append((holder, name, value))
    return out


def test_full_fills_every_text_field_of_the_model() -> None:
    """The enumeration is complete: every text field of every model class (by its type) has a value in FULL."""
    declared = {
        (cls, name) for cls in _model_classes() for name, hint in _hints(cls).items() if _mentions(hint, TEXT_KINDS)
    }
    filled = {(type(holder), name) for holder, name, value in _text_fields() if value not in (None, ())}
    assert declared == filled, sorted(f"{c.__name__}.{n}" for c, n in declared ^ filled)
    # Some of them, named, so that a broken enumeration cannot pass on nothing.
    assert {(sf.Online, "platform"), (sf.Organisation, "short_name"), (sf.Address, "region"), (sf.Contact, "email")} <= declared


def _with_surrogate(value: Any) -> Any:
    """``value`` with a lone surrogate put into its (first) text."""
    if isinstance(value, str):
        return value[:1] + "\ud83d" + value[1:]
    if isinstance(value, sf.LocalizedText):
        (locale, text), *rest = value.items
        return sf.LocalizedText(((locale, text + "\udc00"), *rest))
    if isinstance(value, tuple):
        return (_with_surrogate(value[0]), *value[1:])
    raise AssertionError(value)


@pytest.mark.parametrize(
    "index", range(len(_text_fields())), ids=[f"{type(h).__name__}.{n}" for h, n, _ in _text_fields()]
)
def test_every_text_field_refuses_a_lone_surrogate_in_the_constructor(index: int) -> None:
    """A lone surrogate is not text: every text field refuses it, at its own path (no exporter ever sees one)."""
    holder, name, value = _text_fields()[index]
    with pytest.raises(sf.ProgrammeError) as caught:
        attrs.evolve(holder, **{name: _with_surrogate(value)})
    assert any(p.path == name or p.path.startswith((f"{name}.", f"{name}[")) for p in caught.value.problems), caught.value


def _leaves(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    """Every scalar of a dict (with its key path), and every key (as ``(path, KEY)``)."""
    if isinstance(value, dict):
        for key, inner in value.items():
            yield (*path, KEY, key), key
            yield from _leaves(inner, (*path, key))
    elif isinstance(value, list):
        for i, inner in enumerate(value):
            yield from _leaves(inner, (*path, i))
    else:
        yield path, value


KEY = object()  # marks a key in a leaf path


def _path_text(path: tuple[Any, ...]) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part is not KEY:
            out = f"{out}.{part}" if out else str(part)
    return out


def _replaced(data: dict[str, Any], path: tuple[Any, ...], new: Any) -> dict[str, Any]:
    data = copy.deepcopy(data)
    parent: Any = data
    *head, last = path
    if head and head[-1] is KEY:  # a key: rename it, keeping its value
        *head, _ = head
        for part in head:
            parent = parent[part]
        parent[new] = parent.pop(last)
        return data
    for part in head:
        parent = parent[part]
    parent[last] = new
    return data


def _dict_texts() -> list[tuple[tuple[Any, ...], str]]:
    return [(path, value) for path, value in _leaves(sf.to_dict(full_programme())) if isinstance(value, str)]


def test_full_round_trips() -> None:
    """FULL is a valid programme and to_dict() gives it back (the dict below covers the whole model)."""
    programme = full_programme()
    assert sf.from_dict(sf.to_dict(programme)) == programme


@pytest.mark.parametrize("index", range(len(_dict_texts())), ids=[_path_text(p) for p, _ in _dict_texts()])
def test_every_text_of_a_file_refuses_a_lone_surrogate(index: int) -> None:
    """Through from_dict: every text value and every key of the file with a surrogate in it is a problem at that place."""
    path, value = _dict_texts()[index]
    data = _replaced(sf.to_dict(full_programme()), path, _with_surrogate(value))
    with pytest.raises(sf.ProgrammeError) as caught:
        sf.from_dict(data)
    where = _path_text(path if path[-2:-1] != (KEY,) else (*path[:-2], _with_surrogate(value)))
    assert any(p.path == where or p.path.startswith((f"{where}.", f"{where}[")) for p in caught.value.problems), (
        where, [str(p) for p in caught.value.problems],
    )  # fmt: skip


HOSTILE_VALUES: list[Any] = [
    None, 0, -1, 10**30, 10**5000, True, 1.5, float("nan"), float("inf"), "", " ", "x", "\ud800", b"x", [], (), {},
    ["x"], {"x": 1}, object(), dt.datetime.min, dt.datetime.max.replace(tzinfo=dt.UTC), dt.date.min, dt.time(),
    dt.timedelta.max, dt.timedelta(0), sf.LocalizedText({"en": "x"}), sf.Unknown(), sf.Role.SPEAKER,
]  # fmt: skip


def _fits(value: Any, hint: Any) -> bool:
    """Whether a stored value is of its type hint (X | None, tuple[X, ...], When)."""
    args = typing.get_args(hint)
    origin = typing.get_origin(hint)
    if origin is tuple:
        return isinstance(value, tuple) and all(_fits(item, args[0]) for item in value)
    if args:  # a union
        return any(_fits(value, arg) for arg in args)
    if hint is type(None):
        return value is None
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, hint)


def _every_field() -> list[tuple[Any, str]]:
    out, seen = [], set()
    for holder, name, _, _ in _values(full_programme()):
        if (type(holder), name) not in seen:
            seen.add((type(holder), name))
            out.append((holder, name))
    return out


@pytest.mark.parametrize("index", range(len(_every_field())), ids=[f"{type(h).__name__}.{n}" for h, n in _every_field()])
def test_wrong_types_in_the_constructors_are_programme_errors(index: int) -> None:
    """Any value in any field: a ProgrammeError, or a value of the field's type. Never TypeError or the like."""
    holder, name = _every_field()[index]
    hint = _hints(type(holder))[name]
    for value in HOSTILE_VALUES:
        try:
            made = attrs.evolve(holder, **{name: value})
        except sf.ProgrammeError:
            continue
        stored = getattr(made, name)
        assert _fits(stored, hint), f"{type(holder).__name__}.{name} accepted {value!r} as {stored!r}"


def _dict_leaves() -> list[tuple[tuple[Any, ...], Any]]:
    return [(p, v) for p, v in _leaves(sf.to_dict(full_programme())) if KEY not in p]


@SLOW
@given(index=st.integers(0, len(_dict_leaves()) - 1), value=st.sampled_from(HOSTILE_VALUES))
def test_wrong_types_in_a_dict_are_programme_errors(index: int, value: Any) -> None:
    """Any value anywhere in from_dict's input: a programme or a ProgrammeError, never anything else."""
    path, _ = _dict_leaves()[index]
    data = _replaced(sf.to_dict(full_programme()), path, value)
    try:
        programme = sf.from_dict(data)
    except sf.ProgrammeError as error:
        problems = error.problems
    else:
        assert sf.from_dict(sf.to_dict(programme)) == programme
        return
    assert problems
    assert all(str(problem) for problem in problems)  # each can be printed


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("sessions", 0, "sequence"), 2**31, "must be a whole number from 0 to 2147483647"),
        (("sessions", 0, "sequence"), -1, "must be a whole number from 0 to 2147483647"),
        (("sessions", 0, "recording", "length"), 2**63, "must be a whole number of bytes from 0 to 9223372036854775807"),
        (("sessions", 0, "recording", "length"), 1.0, "must be a whole number of bytes from 0 to 9223372036854775807"),
        (("free",), 1, "must be true or false, not int"),
        (("refresh",), 10**30, "is longer than the dates sessionfeed supports"),
        (("refresh",), "P99999999999999D", "is longer than the dates sessionfeed supports"),
        (("sessions", 0, "recording", "duration"), 0, "0 is not a duration"),
        (("sessions", 0, "recording", "duration"), 10**5000, "is longer than the dates sessionfeed supports"),
        (("sessions", 0, "recording", "duration"), -(10**5000), "a number of 5001 digits is not a duration"),
    ],
    ids=["sequence-big", "sequence-negative", "length-big", "length-float", "free-int", "refresh-int",
         "refresh-text", "duration-zero", "duration-5001-digits", "duration-negative-5001-digits"],
)
def test_every_number_is_range_checked(path: tuple[Any, ...], value: Any, message: str) -> None:
    data = _replaced(sf.to_dict(full_programme()), path, value)
    with pytest.raises(sf.ProgrammeError) as caught:
        sf.from_dict(data)
    [(where, said)] = [(p.path, p.message) for p in caught.value.problems]
    assert where == _path_text(path)
    assert said.startswith(message), said


def test_exporters_never_see_a_surrogate_from_the_api() -> None:
    """The two texts the issue found (a platform, a short name) are refused where they are made."""
    assert model_problems(sf.Online, platform="Zo\ud800om") == [
        ("platform", "contains a lone surrogate (U+D800) at position 2, which is not text in any encoding; fix the source of the data"),
    ]
    assert [p for p, _ in model_problems(sf.Organisation, id="o", name=sf.LocalizedText({"en": "O"}), short_name="\udfff")] == ["short_name"]


# ======================================================= 6, 7. lines and paths


def test_an_unknown_dotted_table_has_its_line(tmp_path: Path) -> None:
    """``[a.b]`` opens ``a``: the unknown field ``a`` is reported at the header's line."""
    text = HEAD + "\n[a.b]\nc = 1\n"
    [problem] = problems_of(text)
    assert (problem.path, problem.line) == ("a", AFTER_HEAD + 1)
    text = HEAD + SESSION + "\n[sessions.extra.deeper]\nc = 1\n"
    [problem] = problems_of(text)
    assert (problem.path, problem.line) == ("sessions[0].extra", AFTER_SESSION + 1)
    assert_cli_refuses(tmp_path, HEAD + "\n[a.b]\nc = 1\n", AFTER_HEAD + 1, "a", "unknown field")


def test_a_bad_url_is_reported_at_its_field_and_its_line_in_our_words(tmp_path: Path) -> None:
    """``links.page = "http://[::1/x"``: the full path, the value's own line, and no Python wording."""
    text = HEAD + SESSION + "description = 'x'\n\nlinks.registration = 'https://example.org/'\nlinks.page = 'http://[::1/x'\n"
    [problem] = problems_of(text)
    assert (problem.path, problem.line) == ("sessions[0].links.page", AFTER_SESSION + 3)
    assert "Invalid IPv6 URL" not in problem.message
    assert problem.message == (
        "'http://[::1/x' has '[' at position 7, which a URL holds only around an IPv6 address as its host "
        "(http://[2001:db8::1]/): percent-encode it as '%5B'"
    )
    assert_cli_refuses(tmp_path, text, AFTER_SESSION + 3, "sessions[0].links.page", "has '[' at position 7")


# ========================================================================= 10. URLs


def _url_fields() -> list[tuple[Any, str]]:
    """Every field of FULL that holds a URL (or a list of them)."""
    out = []
    for holder, name, value in _text_fields():
        first = value[0] if isinstance(value, tuple) and value else value
        if isinstance(first, str) and first.startswith("https://"):
            out.append((holder, name))
    return out


def test_the_url_fields_are_all_found() -> None:
    """The URL fields, by class: the tests below cover each."""
    assert sorted(f"{type(h).__name__}.{n}" for h, n in _url_fields()) == [
        "Contact.url", "Links.page", "Links.registration", "Online.url", "Organisation.url", "Person.same_as",
        "Person.url", "Programme.base_url", "Programme.image", "Recording.embed_url", "Recording.thumbnail",
        "Recording.url", "Session.image", "Venue.url",
    ]  # fmt: skip


#: A character of each class no URL holds as it is, with its percent-encoding where it has one.
REFUSED_CHARACTERS = st.one_of(
    st.sampled_from([*'\\<>|{}^`"', " ", "\u00a0", "\u2028", "\u3000", "\x85"]),
    st.characters(min_codepoint=0, max_codepoint=0x1F),
    st.characters(min_codepoint=0x7F, max_codepoint=0x9F),
    st.sampled_from(["\ufdd0", "\ufffe", "\uffff", "\U0001fffe", "\U0010ffff"]),
)


def _url_with(url: str, insert: str, at: int) -> tuple[str, int]:
    """``url`` with ``insert`` in its path (after the host's slash): the new URL and the insert's position."""
    slash = url.index("/", len("https://"))
    position = slash + 1 + at % (len(url) - slash)
    return url[:position] + insert + url[position:], position


@SLOW
@given(field=st.integers(0, 13), char=REFUSED_CHARACTERS, at=st.integers(0, 100))
def test_every_url_field_refuses_every_character_no_url_holds(field: int, char: str, at: int) -> None:
    """Each refused character, in each URL field, is named with its position and its percent-encoding."""
    holder, name = _url_fields()[field]
    value = getattr(holder, name)
    url = value[0] if isinstance(value, tuple) else value
    bad, position = _url_with(url.split("#")[0], char, at)
    new = (bad,) if isinstance(value, tuple) else bad
    with pytest.raises(sf.ProgrammeError) as caught:
        attrs.evolve(holder, **{name: new})
    [problem] = [p for p in caught.value.problems if p.path.startswith(name)]
    assert f"at position {position}" in problem.message, problem.message
    assert f"percent-encode it as {urllib.parse.quote(char, safe='')!r}" in problem.message, problem.message
    assert check_url(bad) == problem.message  # one rule, in one place


@SLOW
@given(
    field=st.integers(0, 13),
    piece=st.sampled_from(["#a#b", "%g", "%4g", "%%", "[x]", "]"]),  # wrong whatever follows
    at=st.integers(0, 100),
)
def test_every_url_field_refuses_misplaced_hashes_percents_and_brackets(field: int, piece: str, at: int) -> None:
    """A second '#', a '%' that starts no escape, a bracket outside an IPv6 host."""
    holder, name = _url_fields()[field]
    value = getattr(holder, name)
    url = (value[0] if isinstance(value, tuple) else value).split("#")[0].rstrip("%")
    bad, _ = _url_with(url, piece, at)
    with pytest.raises(sf.ProgrammeError) as caught:
        attrs.evolve(holder, **{name: (bad,) if isinstance(value, tuple) else bad})
    messages = [p.message for p in caught.value.problems]
    assert any(("a second '#'" in m or "'%'" in m or "IPv6" in m) for m in messages), messages


@SLOW
@given(
    field=st.integers(0, 13),
    piece=st.lists(st.sampled_from([*"azAZ09-._~!$&'()*+,;=:@/?", "%7C", "%20", "é", "中", "🎉", "%E2%82%AC"]), max_size=8).map("".join),
)
def test_every_url_field_accepts_what_urls_hold(field: int, piece: str) -> None:
    """Unreserved and sub-delimiter characters, valid escapes, and letters beyond ASCII (IRIs) stay allowed."""
    holder, name = _url_fields()[field]
    value = getattr(holder, name)
    url = value[0] if isinstance(value, tuple) else value
    good = url.rstrip("/") + "/" + piece + ("/" if name == "base_url" and "?" not in piece else "")
    if name == "base_url" and ("?" in piece or "#" in piece):
        return  # a base URL is a folder: it has no query (tested in test_model)
    made = attrs.evolve(holder, **{name: (good,) if isinstance(value, tuple) else good})
    assert getattr(made, name) == ((good,) if isinstance(value, tuple) else good)


def test_a_url_with_a_refused_character_through_a_file(tmp_path: Path) -> None:
    """The loader gives the model's message, at the field's path and line; the command line exits 2."""
    text = HEAD.replace("https://example.org/", "https://example.org/<x>/") + SESSION
    assert_cli_refuses(tmp_path, text, 3, "base_url", "has '<' at position 20: percent-encode it as '%3C'")
    text = HEAD + SESSION + "location.online.url = 'https://meet.example.org/a|b'\n"
    assert_cli_refuses(tmp_path, text, AFTER_SESSION, "sessions[0].location.online.url", "'|' at position 26")


# ======================================================================= 13. zones


@pytest.mark.parametrize(
    "name",
    ["CET", "EST5EDT", "EST", "MST", "HST", "WET", "EET", "MET", "PST8PDT", "CST6CDT", "MST7MDT", "Japan", "Navajo",
     "localtime", "Factory", "Etc/GMT+5", "Etc/GMT-14", "GMT+5", "Etc/Unknown", "W. Europe Standard Time", "europe/amsterdam",
     "posix/Europe/Amsterdam", "right/UTC", "Europe/Nowhere", "\ud800"],
)  # fmt: skip
def test_zones_that_are_not_area_location_names_are_refused(name: str, tmp_path: Path) -> None:
    """Abbreviations, POSIX-style names, Etc/GMT offsets and names without an area: refused everywhere."""
    message = check_timezone(name)
    assert message is not None
    assert "use the zone of a place, such as 'Europe/Amsterdam'" in message
    assert [p for p, _ in model_problems(sf.Programme, id="p", title=sf.LocalizedText({"en": "P"}), base_url="https://example.org/", locales=("en",), timezone=name)] == ["timezone"]
    if name.isprintable():
        text = HEAD + f'timezone = "{name}"\n'
        assert_cli_refuses(tmp_path, text, AFTER_HEAD, "timezone", "use the zone of a place")


@pytest.mark.parametrize("name", ["CET", "EST5EDT", "Etc/GMT-1"])
def test_a_timed_session_in_a_refused_zone_is_refused_by_the_model(name: str) -> None:
    """A Timed made in Python with ZoneInfo("CET") cannot reach the calendar as TZID=CET."""
    zone = zoneinfo.ZoneInfo(name)
    found = model_problems(sf.Timed, start=dt.datetime(2027, 3, 11, 14, tzinfo=zone), end=dt.datetime(2027, 3, 11, 15, tzinfo=zone))
    assert [p for p, _ in found] == ["start", "end"]


@pytest.mark.parametrize(
    "name",
    ["Europe/Amsterdam", "America/Argentina/Buenos_Aires", "Asia/Calcutta", "Asia/Kolkata", "US/Eastern", "UTC", "Etc/UTC", "GMT", "Etc/GMT"],
)
def test_area_location_names_and_aliases_and_utc_are_accepted(name: str) -> None:
    assert check_timezone(name) is None


def test_every_name_of_utc_is_accepted_and_is_utc() -> None:
    """The names of UTC are accepted, are UTC all year, and the calendar writes each in UTC's own form."""
    from sessionfeed.exporters.ical import event as ical

    for name in UTC_NAMES:
        assert check_timezone(name) is None, name
        for month in (1, 7):
            assert zoneinfo.ZoneInfo(name).utcoffset(dt.datetime(2026, month, 1)) == dt.timedelta(0)
    assert set(UTC_NAMES) <= set(ical.UTC_ZONES)


# ===================================================================== 14. seconds


@pytest.mark.parametrize(
    ("line", "path"),
    [
        ('when = { start = 2027-03-11T14:00:00.25, duration = "PT1H" }', "sessions[0].when.start"),
        ('when = { start = 2027-03-11T14:00:00, duration = "PT0.5S" }', "sessions[0].when.duration"),
        ("when = { start = 2027-03-11T14:00:00, end = 15:00:00.000001 }", "sessions[0].when.end"),
        ("announced = 2027-03-11T14:00:00.999", "sessions[0].announced"),
        ("updated = 2027-03-11T14:00:00.1+01:00", "sessions[0].updated"),
        ('status = "rescheduled"\nprevious_start = 2027-03-11T14:00:00.5', "sessions[0].previous_start"),
        ('recording = { url = "https://example.org/r", duration = "PT1M0.5S" }', "sessions[0].recording.duration"),
    ],
)
def test_fractions_of_a_second_are_refused(line: str, path: str) -> None:
    """Times and durations are whole seconds: the message says to round."""
    found = problems_of(HEAD + SESSION + line + "\n")
    [problem] = [p for p in found if p.path == path]
    assert "has a fraction of a second" in problem.message
    assert "round it" in problem.message
    assert problem.line == AFTER_SESSION + line.count("\n")


def test_the_issue_s_fraction_on_the_command_line(tmp_path: Path) -> None:
    text = HEAD + SESSION + 'when = { start = 2027-03-11T14:00:00.25, duration = "PT0.5S" }\n'
    assert_cli_refuses(tmp_path, text, AFTER_SESSION, "sessions[0].when.start", "has a fraction of a second")


# ==================================================================== locales


def test_a_locale_without_a_catalog_is_refused_and_says_how_on(tmp_path: Path) -> None:
    """``locales = ["de"]`` would write English words on a German page: refused, unless accepted."""
    text = HEAD.replace('["en"]', '["en", "de"]')
    [problem] = problems_of(text)
    assert (problem.path, problem.line) == ("locales[1]", 4)
    assert problem.message == (
        f"'de' has no message catalog: its pages would have English words (with its own dates and names). "
        f"Locales with one: {', '.join(catalog_locales())}. Add a catalog (docs/localisation.md, 'Adding a "
        f"language'), or accept the English words with untranslated_locales = ['de']"
    )
    assert_cli_refuses(tmp_path, text, 4, "locales[1]", "'de' has no message catalog")


def test_an_accepted_untranslated_locale_builds(tmp_path: Path) -> None:
    text = HEAD.replace('["en"]', '["de", "en"]') + 'untranslated_locales = ["de"]\n'
    programme = load_toml_text(text)
    assert programme.untranslated_locales == ("de",)
    assert sf.from_dict(sf.to_dict(programme)) == programme
    file = tmp_path / "programme.toml"
    file.write_text(text, encoding="utf-8")
    code, _, err = run(["build", str(file), "--out", str(tmp_path / "site"), "--quiet"])
    assert code == 0, err
    assert (tmp_path / "site" / "de" / "index.html").is_file()


@pytest.mark.parametrize("locale", ["nl-BE", "en-US", "en", "nl"])
def test_a_regional_variant_of_a_catalog_language_needs_no_acceptance(locale: str) -> None:
    assert load_toml_text(HEAD.replace('["en"]', f'["{locale}"]')).locales == (locale,)


@pytest.mark.parametrize(
    ("value", "path", "fragment"),
    [
        ('["fr"]', "untranslated_locales[0]", "'fr' is not one of the programme's locales; remove it"),
        ('["de", "de"]', "untranslated_locales[1]", "'de' is listed twice"),
        ("[1]", "untranslated_locales", "must be a list of locales, e.g. ['de']"),
    ],
)
def test_untranslated_locales_problems(value: str, path: str, fragment: str) -> None:
    text = HEAD.replace('["en"]', '["en", "de"]') + f"untranslated_locales = {value}\n"
    found = problems_of(text)
    assert any(p.path == path and fragment in p.message for p in found), found


def test_dumping_an_accepted_locale() -> None:
    data = sf.to_dict(full_programme())
    assert data["untranslated_locales"] == ["de"]
    assert "untranslated_locales" not in sf.to_dict(sf.load(Path(__file__).parent.parent / "examples" / "upcoming-demo.toml"))
    written, lines = dumps(data)
    assert "untranslated_locales" in lines
    assert load_toml_text(written) == full_programme()


# ============================================================== revision times


@pytest.mark.parametrize("epoch", ["253402300000", "9" * 15, "9" * 5000])
def test_a_source_date_epoch_past_the_range_is_a_clear_error(epoch: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The build moment becomes a revision time: past 9998-12-31 it is refused (exit 2), never an OverflowError."""
    file = tmp_path / "programme.toml"
    file.write_text(HEAD + SESSION + "when = 2027-03-11\n", encoding="utf-8")
    site = tmp_path / "site"
    assert run(["build", str(file), "--out", str(site), "--quiet"])[0] == 0
    file.write_text(HEAD + SESSION + "when = 2027-03-12\n", encoding="utf-8")  # changed: it takes the build moment
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    code, out, err = run(["build", str(file), "--out", str(site), "--quiet"])
    assert code == 2, err
    assert err.startswith(f"error: SOURCE_DATE_EPOCH={epoch[:12]}"), err
    assert "past the last day sessionfeed supports (9998-12-31)" in err
    assert "Traceback" not in out + err


def test_a_source_date_epoch_of_other_digits_is_not_a_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    """'²' is a digit to str.isdigit() and not to int(): it is not a number of seconds, so the clock is read."""
    from sessionfeed.model.revisions import build_moment

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "²")
    assert build_moment().year >= 2026


@pytest.mark.parametrize("modified", ["9998-12-31T23:59:59-05:00", "1000-01-01T00:00:00+00:00", "2026-01-01T00:00:00.5+00:00"])
def test_a_stored_revision_time_out_of_range_is_ignored(modified: str) -> None:
    """A state file edited to hold a time out of the range (or with a fraction) is not used."""
    from sessionfeed.model.revisions import advance, fingerprint

    programme = load_toml_text(HEAD + SESSION + "when = 2027-03-11\n")
    state = {"format": 1, "programme": "hostile", "sessions": {"s": {"fingerprint": fingerprint(programme.sessions[0]), "sequence": 5, "modified": modified}}}
    revisions, _ = advance(programme, state, now=dt.datetime(2027, 1, 1, tzinfo=dt.UTC))
    assert revisions["s"].sequence == 0  # from the data, not the state


@pytest.mark.parametrize("value", [5, "text", None, [("en",)], [("en", "x", "y")]])
def test_a_localized_text_of_the_wrong_shape_is_a_programme_error(value: Any) -> None:
    """LocalizedText is part of the model: a value that is no table of texts is a ProgrammeError too."""
    with pytest.raises(sf.ProgrammeError, match="must be a table of locale to text such as"):
        sf.LocalizedText(value)


def test_a_localized_text_keeps_wrong_keys_and_texts_for_the_model_to_name() -> None:
    """Not turned into strings (``None`` would become the text 'None'): the holder names them at their path."""
    text = sf.LocalizedText({"en": None, 5: "x"})
    found = model_problems(sf.Tag, id="t", label=text)
    assert ("label.en", "must be text, not NoneType") in found
    assert any(path == "label.5" for path, _ in found)


def test_every_field_of_a_dict_with_every_hostile_value() -> None:
    """Exhaustively, not by sample: each leaf of the dict, each hostile value, a programme or a ProgrammeError.

    (``timezone = None`` once ended in an AssertionError: the field was left
    out without a problem saying why.)
    """
    base = sf.to_dict(full_programme())
    for path, _ in _dict_leaves():
        for value in HOSTILE_VALUES:
            try:
                sf.from_dict(_replaced(base, path, value))
            except sf.ProgrammeError as error:
                problems = error.problems
            else:
                continue
            assert problems, (path, value)
