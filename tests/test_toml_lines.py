"""The line index finds the line of a field path in a TOML text, whatever the TOML style."""

from __future__ import annotations

import datetime as dt
import tomllib

import pytest
from hypothesis import given, strategies as st

from programme_dicts import programme_dicts
from sessionfeed.io.lines import LineIndex
from toml_writer import STYLES, dumps


DOCUMENT = """\
# A comment on line 1
id = "demo"                                   # 2
title.nl = "Titel"                            # 3
title.en = "Title"                            # 4
intro = '''
id = "not a key: inside a multi-line string"
'''                                           # 7
locales = [                                   # 8
  "nl",
  "en",                                       # 10: [brackets] in a comment
]
contact = { name = "Team", email = "a@example.org" }   # 12

[organisations.ser]                           # 14
name = "SER"

[organisations."quoted-id"]                   # 17
name = "Q"

[[sessions]]                                  # 20
id = "first"
when = { start = 2026-03-12T14:00:00, end = 15:30:00 }   # 22

[sessions.location.venue]                     # 24
name = "Hall"
address.street = "Main 1"                     # 26

[[sessions]]                                  # 28
id = "second"                                 # 29
description = \"\"\"
speakers = ["not a key either"]
\"\"\"
speakers = ["ana", "bo"]                      # 33

  [ sessions . recording ]                    # 35
  url = "https://example.org/r.mp4"           # 36
"""


@pytest.fixture(scope="module")
def index() -> LineIndex:
    tomllib.loads(DOCUMENT)  # the fixture is valid TOML
    return LineIndex(DOCUMENT)


@pytest.mark.parametrize(
    ("path", "line"),
    [
        ("id", 2),
        ("title.nl", 3),
        ("title.en", 4),
        ("intro", 5),
        ("locales", 8),
        ("contact", 12),
        ("contact.name", 12),
        ("contact.email", 12),
        ("organisations.ser", 14),
        ("organisations.ser.name", 15),
        ("organisations.quoted-id", 17),
        ("organisations.quoted-id.name", 18),
        ("sessions[0]", 20),
        ("sessions[0].id", 21),
        ("sessions[0].when", 22),
        ("sessions[0].when.start", 22),
        ("sessions[0].when.end", 22),
        ("sessions[0].location.venue", 24),
        ("sessions[0].location.venue.name", 25),
        ("sessions[0].location.venue.address.street", 26),
        ("sessions[1]", 28),
        ("sessions[1].id", 29),
        ("sessions[1].description", 30),
        ("sessions[1].speakers", 33),
        ("sessions[1].recording", 35),
        ("sessions[1].recording.url", 36),
    ],
)
def test_line_of_each_written_field(index: LineIndex, path: str, line: int) -> None:
    """Headers, arrays of tables, dotted keys, inline tables and quoted keys have their own line."""
    assert index.line_of(path) == line


@pytest.mark.parametrize(
    ("path", "line"),
    [
        ("title", 3),  # only title.nl and title.en are written: "title" is where it first appears
        ("sessions[0].location", 24),  # opened by [sessions.location.venue]
        ("locales[1]", 8),  # an item of a multi-line array: the array's line
        ("sessions[1].speakers[1]", 33),
        ("sessions[0].title", 20),  # missing in the file: the session's header
        ("sessions[0].location.venue.address.locality", 26),  # the address, opened by address.street
        ("sessions[1].recording.thumbnail", 35),
        ("organisations.ser.parent", 14),
        ("sessions[0].when.start.extra.deep", 22),
        ("nothing", None),
        ("", None),
    ],
)
def test_line_of_falls_back_to_the_nearest_enclosing_field(
    index: LineIndex,
    path: str,
    line: int | None,
) -> None:
    """A path that is not written gets the line of its nearest written ancestor, or None."""
    assert index.line_of(path) == line


def test_keys_inside_multiline_strings_and_arrays_are_not_recorded(index: LineIndex) -> None:
    """Text that looks like a key inside a multi-line string never moves a field's line."""
    assert index.line_of("id") == 2  # not line 6, inside intro
    assert index.line_of("sessions[1].speakers") == 33  # not line 31, inside description


def test_crlf_line_endings() -> None:
    """Windows line endings count one line each."""
    text = 'id = "x"\r\n\r\n[[sessions]]\r\nid = "a"\r\n[[sessions]]\r\nkind = "b"\r\n'
    tomllib.loads(text)
    index = LineIndex(text)
    assert index.line_of("sessions[0].id") == 4
    assert index.line_of("sessions[1].kind") == 6


def test_arrays_of_tables_nested_in_an_array_element_restart_per_element() -> None:
    """``[[a.b]]`` under the second ``[[a]]`` starts again at index 0."""
    text = "[[a]]\n[[a.b]]\nx = 1\n[[a.b]]\nx = 2\n[[a]]\n[[a.b]]\nx = 3\n"
    assert tomllib.loads(text) == {"a": [{"b": [{"x": 1}, {"x": 2}]}, {"b": [{"x": 3}]}]}
    index = LineIndex(text)
    assert index.line_of("a[0].b[1].x") == 5
    assert index.line_of("a[1].b[0].x") == 8
    assert index.line_of("a[1].b[1].x") == 6  # not written: falls back to a[1]


def test_the_same_key_in_different_tables() -> None:
    """``name`` under each table header is found on its own line."""
    text = "[contact]\nname = 'a'\n\n[people.ana]\nname = 'Ana'\n[people.bo]\nname = 'Bo'\n"
    index = LineIndex(text)
    assert index.line_of("people.ana.name") == 5
    assert index.line_of("people.bo.name") == 7


@given(programme_dicts(max_sessions=3), st.sampled_from(STYLES))
def test_every_field_of_a_generated_programme_is_found_on_its_line(data: dict, style: str) -> None:
    """For programmes written in every style, each field's line is the line it was written on."""
    text, written = dumps(data, style=style)
    index = LineIndex(text)
    wrong = {
        path: (line, index.line_of(path)) for path, line in written.items() if index.line_of(path) != line
    }
    assert wrong == {}, text


# ------------------------------------------------- strings, comments, brackets


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_unicode_line_separators_inside_a_string_do_not_shift_lines(separator: str) -> None:
    """TOML lines end at LF or CRLF only, not at the other characters Python calls line breaks."""
    text = f'id = "x"\ntitle = "a{separator}b"\ncolor = "red"\n'
    assert tomllib.loads(text)["title"] == f"a{separator}b"
    assert LineIndex(text).line_of("color") == 3


def test_unicode_line_separators_in_comments_and_multiline_strings() -> None:
    """The same in a comment and in a multi-line string."""
    text = 'id = "x"  # a\u2028b\nintro = """\none\u2029two\x85three\n"""\ncolor = "red"\n'
    assert tomllib.loads(text)["intro"] == "one\u2029two\x85three\n"
    index = LineIndex(text)
    assert index.line_of("intro") == 2
    assert index.line_of("color") == 5


@pytest.mark.parametrize(
    "value",
    ["\"it'''s\"", '\'say """hi\''],
    ids=["apostrophes-in-basic-string", "quotes-in-literal-string"],
)
def test_triple_quotes_inside_a_one_line_string(value: str) -> None:
    """Three quotes of one kind inside a one-line string of the other kind start no multi-line string."""
    text = f'id = "x"\ntitle = {value}\ncolor = "red"\n'
    tomllib.loads(text)
    assert LineIndex(text).line_of("color") == 3


@pytest.mark.parametrize(
    "value",
    [
        '"""a ""\\"""\nb = 1\n"""',  # escaped quote before the end
        '"""\nb = 1\nends in quotes"""""',  # two quotes of the text right before the end
        "'''\nb = 1 # \"\"\"\n''''",  # the other delimiter and one quote of the text
        '"""one line""" # ]',
    ],
    ids=["escaped-quote", "quotes-before-the-end", "literal", "closed-on-its-line"],
)
def test_the_end_of_a_multiline_string(value: str) -> None:
    """A multi-line string ends where TOML ends it, and nothing in it is a key."""
    text = f'id = "x"\ntext = {value}\ncolor = "red"\n'
    data = tomllib.loads(text)
    assert "b" not in data
    index = LineIndex(text)
    assert index.line_of("b") is None
    assert index.line_of("color") == text.count("\n")


def test_a_bracket_in_a_comment_after_an_array() -> None:
    """Brackets in a comment are no part of the array before it."""
    text = 'locales = ["en"]  # [draft\ncolor = "red"\n'
    tomllib.loads(text)
    assert LineIndex(text).line_of("color") == 2


def test_brackets_and_keys_inside_strings_of_arrays_and_inline_tables() -> None:
    """Brackets, braces, commas and ``key =`` inside strings neither open nor close nor record anything."""
    text = (
        'tags = ["[a", \'b]]\', "c\\"]"]\n'
        "links = [\n"
        "  { page = \"x = 1, registration = {\", url = '}]' },\n"
        "]\n"
        "color = 'red'\n"
    )
    tomllib.loads(text)
    index = LineIndex(text)
    assert index.line_of("links[0].url") == 3
    assert index.line_of("links[0].registration") == 2  # not written: the array's line
    assert index.line_of("color") == 5


def test_nested_inline_tables_and_arrays_of_them() -> None:
    """Keys of inline tables at any depth get their own path, also in the items of an array."""
    text = (
        "[[sessions]]\n"
        'location = { venue = { name = "Hall", address.street = "Main 1" }, online = true }\n'
        "links = [\n"
        '  { page = "a" },  # 0\n'
        '  { page = "b", "quoted.key" = 1 },\n'
        "]\n"
        "id = 'x'\n"
    )
    tomllib.loads(text)
    index = LineIndex(text)
    assert index.line_of("sessions[0].location.venue.name") == 2
    assert index.line_of("sessions[0].location.venue.address.street") == 2
    assert index.line_of("sessions[0].location.online") == 2
    assert index.line_of("sessions[0].links[0].page") == 4
    assert index.line_of("sessions[0].links[1].page") == 5
    assert index.line_of("sessions[0].links[1].quoted.key") == 5
    assert index.line_of("sessions[0].links[1]") == 3  # an item itself: the array's line
    assert index.line_of("sessions[0].id") == 7


def test_a_key_of_a_nested_inline_table_belongs_to_that_table() -> None:
    """``name`` in ``{ venue = { name = … } }`` is the venue's, not the outer table's."""
    text = 'places = [\n  { venue = { name = "Hall" }, url = "u" },\n]\n'
    tomllib.loads(text)
    index = LineIndex(text)
    assert index.line_of("places[0].venue.name") == 2
    assert index.line_of("places[0].url") == 2
    assert index.line_of("places[0].name") == 1  # not written: the array's line


def test_quoted_keys_with_escapes_and_brackets() -> None:
    """Quoted keys are read as TOML reads them: escapes decoded, brackets inside them kept."""
    text = '[people."a]b"]\nname = "A"\n[people."\\u00e9"]\nname = "E"\n"\\"q\\"" = 1\n'
    data = tomllib.loads(text)
    assert set(data["people"]) == {"a]b", "\u00e9"}
    index = LineIndex(text)
    assert index.line_of("people.a]b.name") == 2
    assert index.line_of("people.\u00e9.name") == 4
    assert index.line_of('people.\u00e9."q"') == 5


def test_fixture_dates_are_toml_dates() -> None:
    """The fixture's inline ``when`` holds TOML's own date-time and time values."""
    when = tomllib.loads(DOCUMENT)["sessions"][0]["when"]
    assert when == {"start": dt.datetime(2026, 3, 12, 14, 0), "end": dt.time(15, 30)}


def test_generated_text_is_the_same_data() -> None:
    """The writer used above writes exactly the data it is given (a check of the helper)."""
    data = {"a": "x\ny\u2028z\"'''\\", "b": {"c": [1, 2], "d": True}, "e": [{"f": "g"}, {"f": "h"}]}
    for style in STYLES:
        text, _ = dumps(data, style=style)
        assert tomllib.loads(text) == data, style
