r"""Content lines from sessionfeed.exporters.ical.lines, checked octet by octet.

The properties checked on arbitrary Unicode text (emoji, four-octet characters,
combining marks, ``\``, ``;``, ``,``, CR, LF, CRLF, long lines):

* every physical line is at most 75 octets and valid UTF-8 on its own,
* no fold falls between a backslash and the character it escapes,
* unfolding and unescaping gives the text back (control characters removed),
* icalendar and vobject both read back exactly the values written, and the
  same values as from icalendar's own writer.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo

import icalendar
import pytest
import vobject
from hypothesis import given, settings, strategies as st
from icalendar.prop import vCategory, vDate, vDatetime, vDuration

from sessionfeed.exporters.ical.lines import (
    content_line,
    escape_text,
    fold,
    format_date,
    format_duration,
    format_local,
    format_utc,
    serialize,
    text_line,
    text_list,
)


UTC = dt.UTC
AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")

# Characters that stress escaping and folding, mixed into arbitrary text.
AWKWARD = [
    "\\",
    ";",
    ",",
    ":",
    "\r",
    "\n",
    "\r\n",
    "\t",
    "\x00",
    "\x1b",
    "\x7f",
    "é",
    "ë",
    "e\u0301",  # e + combining acute
    "\U0001f600",  # four octets
    "\U0001f468\u200d\U0001f469\u200d\U0001f467",  # ZWJ sequence
    "\u2028",
    "\x85",
    "\\n",
    "\\N",
    "\\\\,",
]
texts = st.one_of(
    st.lists(st.one_of(st.characters(codec="utf-8"), st.sampled_from(AWKWARD)), max_size=120).map(
        "".join
    ),
    st.text(alphabet="\\,", max_size=400),
    st.text(alphabet="\\;éx\U0001f600", min_size=60, max_size=400),
    st.text(st.characters(codec="utf-8"), min_size=200, max_size=1200),
)
# Control characters are removed, so a category of only those would vanish.
categories = st.lists(
    texts.filter(lambda text: re.sub(r"[\x00-\x08\x0a-\x1f\x7f]", "", text) != ""),
    min_size=1,
    max_size=5,
)


def expected_text(text: str) -> str:
    """What a reader should get back: line breaks as LF, controls removed."""
    return re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", "", text.replace("\r\n", "\n").replace("\r", "\n"))


def unescape(value: str) -> str:
    """A reference TEXT unescape (RFC 5545 §3.3.11), left to right."""
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], value)


def physical_lines(folded: str) -> list[bytes]:
    """The physical lines of a folded content line, as the octets on the wire."""
    return serialize([folded]).removesuffix(b"\r\n").split(b"\r\n")


def unfold(folded: str) -> str:
    return folded.replace("\r\n ", "")


# -- escaping ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("plain", "plain"),
        ("a\\b", "a\\\\b"),
        ("Q&A; drinks, snacks", "Q&A\\; drinks\\, snacks"),
        ("one\ntwo\r\nthree", "one\\ntwo\\nthree"),
        ("lone\rCR", "lone\\nCR"),
        ("bell\x07 esc\x1b del\x7f nul\x00", "bell esc del nul"),
        ("tab\tkept", "tab\tkept"),
        ("time 10:00", "time 10:00"),
        ("C:\\New", "C:\\\\New"),
        ("😀 é ë", "😀 é ë"),
    ],
)
def test_escape_text(text: str, escaped: str) -> None:
    assert escape_text(text) == escaped


@given(text=texts)
def test_escape_round_trips(text: str) -> None:
    escaped = escape_text(text)
    assert not set(escaped) & {"\r", "\n"}
    assert unescape(escaped) == expected_text(text)


def test_text_list_keeps_commas_inside_values() -> None:
    assert text_list(["Cloud, AI", "Data;Ops", "a\\b"]) == "Cloud\\, AI,Data\\;Ops,a\\\\b"
    assert text_list([]) == ""


# -- folding ----------------------------------------------------------------------------


def test_short_lines_are_returned_as_is() -> None:
    line = "SUMMARY:" + "x" * 67
    assert len(line) == 75
    assert fold(line) is line
    assert fold("SUMMARY:" + "é" * 33) == "SUMMARY:" + "é" * 33  # 74 octets


def test_fold_counts_octets_and_the_leading_space() -> None:
    folded = fold("DESCRIPTION:" + "x" * 200)
    assert [len(line) for line in physical_lines(folded)] == [75, 75, 64]


def test_fold_never_splits_a_character() -> None:
    folded = fold("SUMMARY:" + "\U0001f600" * 40)
    for line in physical_lines(folded):
        assert len(line) <= 75
        line.decode()


@pytest.mark.parametrize("escape", ["\\n", "\\,", "\\;", "\\\\"])
def test_fold_never_splits_an_escape(escape: str) -> None:
    # The escape would straddle octets 75 and 76.
    line = "DESCRIPTION:" + "x" * 62 + escape + "tail" * 30
    first, second, *_ = physical_lines(fold(line))
    assert first == ("DESCRIPTION:" + "x" * 62).encode()
    assert second.startswith(b" " + escape.encode())


def test_fold_splits_after_an_escaped_backslash() -> None:
    # "\\\\" is two escapes; the cut after the second pair is allowed.
    line = "DESCRIPTION:" + "x" * 59 + "\\\\\\\\" + "y" * 40
    first = physical_lines(fold(line))[0]
    assert first.endswith(b"\\\\\\\\")
    assert len(first) == 75


def _escape_boundaries_ok(value: str, boundaries: set[int]) -> bool:
    position = 0
    while position < len(value):
        if value[position] == "\\":
            if position + 1 in boundaries:
                return False
            position += 2
        else:
            position += 1
    return True


@given(text=texts, name=st.sampled_from(["SUMMARY", "DESCRIPTION", "X-A", "LOCATION"]))
def test_folded_lines_are_valid(text: str, name: str) -> None:
    value = escape_text(text)
    folded = content_line(name, value)
    lines = physical_lines(folded)
    for number, line in enumerate(lines):
        assert len(line) <= 75
        line.decode("utf-8")  # each physical line is valid UTF-8 on its own
        assert not (number and not line.startswith(b" "))
        assert b"\r" not in line
        assert b"\n" not in line
    # Re-parse the value and check that no fold falls inside an escape.
    prefix = len(name) + 1
    boundaries: set[int] = set()
    offset = 0
    for number, line in enumerate(lines):
        offset += len(line.decode()) - (1 if number else 0)
        boundaries.add(offset - prefix)
    assert _escape_boundaries_ok(value, boundaries)
    assert unfold(folded) == f"{name}:{value}"
    assert unescape(unfold(folded).split(":", 1)[1]) == expected_text(text)


def _escape_by_characters(text: str) -> str:
    """escape_text() as the RFC words it, one character at a time: the reference for the octet route."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    out = []
    for char in text:
        if char in "\\;,":
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\n")
        elif char == "\t" or not (char < " " or char == "\x7f"):
            out.append(char)
    return "".join(out)


@given(
    text=texts,
    name=st.sampled_from(["SUMMARY", "DESCRIPTION", "LOCATION"]),
    lang=st.sampled_from([None, "en", 'x"y;z']),
)
def test_long_texts_escaped_on_their_octets_are_the_same(text: str, name: str, lang: str | None) -> None:
    """escape_text() and text_line() take UTF-8 octets for long texts: the same lines as character by character."""
    params = {"LANGUAGE": lang} if lang else None
    assert escape_text(text) == _escape_by_characters(text)
    assert text_line(name, text, params) == content_line(name, _escape_by_characters(text), params)


@pytest.mark.parametrize("char", ["é", "\U0001f600", "\u2013"])
def test_the_octet_route_is_taken_and_right(char: str) -> None:
    """A long text that is not ASCII, with every escape and control character in it."""
    text = (f"Zoë{char}, a; b\\c\r\nd\re\x00f\x7fg\th " * 8).strip()
    assert len(text) > 75
    assert escape_text(text) == _escape_by_characters(text)
    folded = text_line("DESCRIPTION", text, {"LANGUAGE": "nl"})
    assert folded == content_line("DESCRIPTION", _escape_by_characters(text), {"LANGUAGE": "nl"})
    assert all(len(line) <= 75 for line in physical_lines(folded))


# -- parameters -------------------------------------------------------------------------


def test_content_line_with_parameters() -> None:
    assert (
        content_line("DTSTART", "20260329T020000", {"TZID": "Europe/Amsterdam"})
        == "DTSTART;TZID=Europe/Amsterdam:20260329T020000"
    )
    assert (
        content_line("ATTENDEE", "mailto:jo@example.org", {"CN": 'Doe, "Jo"', "ROLE": "CHAIR"})
        == 'ATTENDEE;CN="Doe, ^\'Jo^\'";ROLE=CHAIR:mailto:jo@example.org'
    )
    assert content_line("X-A", "v", {"X-P": "a:b"}) == 'X-A;X-P="a:b":v'
    assert content_line("X-A", "v", {"X-P": "a\nb\x00"}) == "X-A;X-P=a^nb:v"
    assert content_line("X-A", "v", {"X-P": " pad"}) == 'X-A;X-P=" pad":v'
    assert content_line("X-A", "v", {"X-P": "C:\\x"}) == 'X-A;X-P="C:\\x":v'
    assert content_line("X-A", "v", {"X-P": "^n^^x^"}) == "X-A;X-P=^^n^^^^x^^:v"
    assert content_line("X-A", "v", {"X-P": 'say "hi"\r\nnow\rthen\tend'}) == "X-A;X-P=say ^'hi^'^nnow^nthen\tend:v"
    assert content_line("X-A", "v", {"X-P": 'a"b, c'}) == "X-A;X-P=\"a^'b, c\":v"


param_texts = st.lists(
    st.one_of(
        st.characters(codec="utf-8", exclude_categories=["Cc"]),
        st.sampled_from(["\\", "^", "^n", "^^", "^'", "'", '"', ":", ";", ",", " ", "\t", "\n", "\r\n", "\r", "\x00", "\x1b"]),
    ),
    max_size=40,
).map("".join)


@given(cn=param_texts, summary=texts)
@settings(deadline=None)
def test_parameters_read_back(cn: str, summary: str) -> None:
    data = _calendar(
        [
            content_line("SUMMARY", escape_text(summary)),
            content_line("ORGANIZER", "mailto:jo@example.org", {"CN": cn}),
        ]
    )
    # RFC 6868 carries line breaks (read back as LF); other controls are removed.
    expected = re.sub("[\x00-\x08\x0b-\x1f\x7f]", "", cn.replace("\r\n", "\n").replace("\r", "\n"))
    event = icalendar.Calendar.from_ical(data).events[0]
    assert str(event["SUMMARY"]) == expected_text(summary)
    if "\\" not in cn:
        # icalendar reads backslash escapes in parameter values, which RFC
        # 5545 does not have ("a\\:b" comes back as "a:b").
        assert event["ORGANIZER"].params.get("CN", "") == expected
    organizer = vobject.readOne(data.decode()).vevent.organizer
    if not set(cn) & set('^"\r\n'):
        # vobject does not decode RFC 6868, so it shows "^^" for "^" and "^'" for '"'.
        assert organizer.params.get("CN", [""]) == [expected]


# -- read back by icalendar and vobject ---------------------------------------------------


def _calendar(event_lines: list[str]) -> bytes:
    return serialize(
        [
            content_line("BEGIN", "VCALENDAR"),
            content_line("VERSION", "2.0"),
            content_line("PRODID", "-//sessionfeed//tests//EN"),
            content_line("BEGIN", "VEVENT"),
            content_line("UID", "1@sessionfeed.test"),
            content_line("DTSTAMP", "20260101T000000Z"),
            content_line("DTSTART", "20260301T100000Z"),
            *event_lines,
            content_line("END", "VEVENT"),
            content_line("END", "VCALENDAR"),
        ]
    )


def _read_icalendar(data: bytes) -> tuple[str, str, list[str]]:
    event = icalendar.Calendar.from_ical(data).events[0]
    categories = event["CATEGORIES"]
    assert isinstance(categories, vCategory)
    return str(event["SUMMARY"]), str(event["DESCRIPTION"]), list(categories.cats)


def _read_vobject(data: bytes) -> tuple[str, str, list[str]]:
    event = vobject.readOne(data.decode()).vevent
    return event.summary.value, event.description.value, list(event.categories.value)


@given(summary=texts, description=texts, cats=categories)
@settings(deadline=None)
def test_icalendar_and_vobject_read_back_exact_values(
    summary: str, description: str, cats: list[str]
) -> None:
    data = _calendar(
        [
            content_line("SUMMARY", escape_text(summary)),
            content_line("DESCRIPTION", escape_text(description)),
            content_line("CATEGORIES", text_list(cats)),
        ]
    )
    expected = (
        expected_text(summary),
        expected_text(description),
        [expected_text(cat) for cat in cats],
    )
    assert _read_icalendar(data) == expected
    assert _read_vobject(data) == expected


# icalendar's writer turns a literal "\N" and a lone CR into line breaks and
# keeps control characters; compare on text where both writers mean the same.
same_meaning = texts.map(
    lambda text: re.sub(r"[\x00-\x08\x0a-\x1f\x7f]", "", text.replace("\\N", "\\n"))
)


@given(
    summary=same_meaning,
    description=same_meaning,
    cats=st.lists(same_meaning.filter(bool), min_size=1, max_size=4),
)
@settings(deadline=None)
def test_same_values_as_icalendars_writer(summary: str, description: str, cats: list[str]) -> None:
    ours = _calendar(
        [
            content_line("SUMMARY", escape_text(summary)),
            content_line("DESCRIPTION", escape_text(description)),
            content_line("CATEGORIES", text_list(cats)),
        ]
    )
    event = icalendar.Event()
    event.add("UID", "1@sessionfeed.test")
    event.add("DTSTAMP", dt.datetime(2026, 1, 1, tzinfo=UTC))
    event.add("DTSTART", dt.datetime(2026, 3, 1, 10, tzinfo=UTC))
    event.add("SUMMARY", summary)
    event.add("DESCRIPTION", description)
    event.add("CATEGORIES", cats)
    calendar = icalendar.Calendar()
    calendar.add("VERSION", "2.0")
    calendar.add("PRODID", "-//sessionfeed//tests//EN")
    calendar.add_component(event)
    theirs = calendar.to_ical()
    assert _read_icalendar(ours) == _read_icalendar(theirs) == (summary, description, cats)
    assert _read_vobject(ours) == _read_vobject(theirs)


def test_icalendar_turns_a_literal_backslash_n_into_a_line_break() -> None:
    """Why the comparison above normalises ``\\N``: we keep the backslash."""
    event = icalendar.Event()
    event.add("SUMMARY", "C:\\New")
    assert b"SUMMARY:C:\\nNew" not in event.to_ical()
    assert escape_text("C:\\New") == "C:\\\\New"


# -- value formats ----------------------------------------------------------------------


def test_format_utc_converts_to_utc() -> None:
    moment = dt.datetime(2026, 3, 29, 3, 30, 15, 999, tzinfo=AMSTERDAM)
    assert format_utc(moment) == "20260329T013015Z"


def test_format_utc_rejects_naive() -> None:
    with pytest.raises(ValueError, match="aware"):
        format_utc(dt.datetime(2026, 1, 1))


def test_format_local_keeps_the_wall_clock() -> None:
    assert format_local(dt.datetime(2026, 10, 25, 2, 30, tzinfo=AMSTERDAM)) == "20261025T023000"
    assert format_local(dt.datetime(5, 1, 2, 3, 4, 5)) == "00050102T030405"


@given(moment=st.datetimes(timezones=st.just(UTC), min_value=dt.datetime(1000, 1, 1)))
def test_format_utc_matches_icalendar(moment: dt.datetime) -> None:
    assert format_utc(moment).encode() == vDatetime(moment.replace(microsecond=0)).to_ical()  # type: ignore[no-untyped-call]


@given(moment=st.datetimes(timezones=st.one_of(st.none(), st.just(AMSTERDAM), st.timezones())))
def test_format_local_is_every_field_padded(moment: dt.datetime) -> None:
    """Any year (before 1000 too), with or without a fraction or an offset: the fields, padded."""
    expected = (
        f"{moment.year:04d}{moment.month:02d}{moment.day:02d}"
        f"T{moment.hour:02d}{moment.minute:02d}{moment.second:02d}"
    )
    assert format_local(moment) == expected


@given(day=st.dates(min_value=dt.date(1000, 1, 1)))
def test_format_date_matches_icalendar(day: dt.date) -> None:
    assert format_date(day).encode() == vDate(day).to_ical()  # type: ignore[no-untyped-call]


@pytest.mark.parametrize(
    ("duration", "text"),
    [
        (dt.timedelta(hours=1, minutes=30), "PT1H30M"),
        (dt.timedelta(days=1), "P1D"),
        (dt.timedelta(days=7), "P7D"),
        (dt.timedelta(0), "PT0S"),
        (dt.timedelta(days=1, hours=2), "P1DT2H"),
        (dt.timedelta(hours=1, seconds=5), "PT1H0M5S"),
        (dt.timedelta(minutes=45), "PT45M"),
        (dt.timedelta(seconds=90), "PT1M30S"),
        (dt.timedelta(minutes=-15), "-PT15M"),
        (dt.timedelta(seconds=1.5), "PT1S"),
    ],
)
def test_format_duration(duration: dt.timedelta, text: str) -> None:
    assert format_duration(duration) == text


@given(seconds=st.integers(-(10**8), 10**8))
def test_format_duration_reads_back(seconds: int) -> None:
    duration = dt.timedelta(seconds=seconds)
    text = format_duration(duration)
    assert re.fullmatch(
        r"-?P(\d+D(T\d+H(\d+M(\d+S)?)?|T\d+M(\d+S)?|T\d+S)?|T\d+H(\d+M(\d+S)?)?|T\d+M(\d+S)?|T\d+S)",
        text,
    ), text  # RFC 5545 §3.3.6 grammar, without weeks
    assert vDuration.from_ical(text) == duration  # type: ignore[no-untyped-call]


# -- serialising ------------------------------------------------------------------------


def test_serialize_ends_every_line_with_crlf() -> None:
    assert (
        serialize(["BEGIN:VCALENDAR", "END:VCALENDAR"]) == b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    )
    assert serialize(iter(["SUMMARY:é"])) == "SUMMARY:é\r\n".encode()
    assert serialize([]) == b""
