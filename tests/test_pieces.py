"""Reading a programme file in pieces says exactly what reading it whole says.

:func:`sessionfeed.io.pieces.read_in_pieces` cuts a file at its table headers
so that a large file is never held whole. The promise: either it reads the
same dict as ``tomllib`` reads from the whole file, or it declines (``None``,
or :class:`Unreadable` from a session's piece) and the file is read whole. It
never accepts a file that the whole read refuses, and never reads a value
differently.
"""

from __future__ import annotations

import io
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, strategies as st
from tests import toml_writer
from tests.programme_dicts import programme_dicts

import sessionfeed
from sessionfeed.exceptions import ProgrammeError
from sessionfeed.io import pieces
from sessionfeed.io.pieces import Sessions, Unreadable, read_in_pieces


EXAMPLES = sorted((Path(__file__).parent.parent / "examples").glob("*.toml"))

_DECLINED = object()


def _pieces(raw: bytes) -> Any:
    """What the pieces read, every session materialised; ``_DECLINED`` if they send it to the whole read."""
    data = read_in_pieces(io.BytesIO(raw))
    if data is None:
        return _DECLINED
    try:
        return {key: list(value) if isinstance(value, Sessions) else value for key, value in data.items()}
    except Unreadable:
        return _DECLINED


def _whole(raw: bytes) -> Any:
    try:
        return tomllib.loads(raw.decode("utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError):
        return None


def _agree(raw: bytes) -> None:
    pieces, whole = _pieces(raw), _whole(raw)
    if whole is None:
        assert pieces is _DECLINED, "the pieces accepted a file that TOML refuses"
    elif pieces is not _DECLINED:
        assert pieces == whole


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_the_examples_are_read_in_pieces_and_read_the_same(path: Path) -> None:
    raw = path.read_bytes()
    pieces = _pieces(raw)
    assert pieces is not _DECLINED
    assert pieces == tomllib.loads(raw.decode("utf-8"))
    assert len(pieces["sessions"]) > 1


@given(programme_dicts(), st.sampled_from(toml_writer.STYLES), st.booleans(), st.booleans())
def test_written_programmes_read_the_same_in_pieces(data: dict[str, Any], style: str, bom: bool, crlf: bool) -> None:
    text, _ = toml_writer.dumps(data, style=style)
    if crlf:
        text = text.replace("\n", "\r\n")
    raw = (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")
    pieces = _pieces(raw)
    assert pieces is not _DECLINED or style == "inline" or "sessions" not in data
    _agree(raw)


# Lines that cut, open or close strings, arrays and tables, and redefine keys:
# the shapes that could make a cut read differently from the whole.
_LINES = [
    "[[sessions]]",
    "[[ sessions ]]  # a session",
    '[["sessions"]]',
    "[sessions.when]",
    "[[sessions.speakers]]",
    "[sessions]",
    "[other]",
    "[other.deeper]",
    "[[others]]",
    'id = "a"',
    'id = "b"',
    "n = 1",
    "sessions = 1",
    "sessions.x = 1",
    'x = """',
    '"""',
    "y = '''",
    "'''",
    "z = [",
    "]",
    "[1],",
    "# [[sessions]]",
    "",
]


@given(st.lists(st.sampled_from(_LINES), max_size=14), st.sampled_from(["\n", "\r\n"]))
def test_any_arrangement_of_lines_reads_the_same_or_is_read_whole(lines: list[str], end: str) -> None:
    _agree((end.join(lines) + end).encode("utf-8"))


def test_the_cuts_are_found_across_the_blocks_the_file_is_read_in(monkeypatch: pytest.MonkeyPatch) -> None:
    """Header lines that straddle a block boundary are found; a last line with no line end too."""
    monkeypatch.setattr(pieces, "_BLOCK", 7)
    raw = EXAMPLES[0].read_bytes().rstrip(b"\n") + b"\n[[sessions]]\nid = 'last'\nkind = 'webinar'"
    assert _pieces(raw) == tomllib.loads(raw.decode("utf-8"))


@pytest.mark.parametrize(
    "text",
    [
        # A header line inside a multi-line string of the head, closed after a later table.
        'x = """\n[[sessions]]\nid = "a"\n[other]\n"""\n',
        # ... and inside a session's description.
        '[[sessions]]\nid = "a"\ndescription = """\n[[sessions]]\nid = "b"\n"""\n',
        # A table redefined after the sessions.
        '[other]\nn = 1\n[[sessions]]\nid = "a"\n[other]\nn = 2\n',
        # A session's sub-table after an unrelated table.
        '[[sessions]]\nid = "a"\n[other]\n[sessions.when]\nstart = 1\n',
        # Two [[sessions]] headers read as one table by a key spelt in quotes.
        "[[sessions]]\nid = 'a'\n[['sessions']]\nid = 'b'\n",
    ],
)
def test_tricky_files_read_the_same(text: str) -> None:
    _agree(text.encode("utf-8"))


def test_a_session_with_an_error_is_reported_at_its_line(tmp_path: Path) -> None:
    """A problem in a session read in pieces is reported where the whole read puts it."""
    source = EXAMPLES[0].read_text(encoding="utf-8")
    at = source.index("[[sessions]]", source.index("[[sessions]]") + 1)
    broken = source[:at] + source[at:].replace('kind = "', 'kind = "no-such-kind-', 1)
    line = broken[: broken.index("no-such-kind-")].count("\n") + 1
    path = tmp_path / "broken.toml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(ProgrammeError) as caught:
        sessionfeed.load(path)
    assert f"{path}:{line}:" in str(caught.value)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_loading_in_pieces_gives_the_model_of_the_whole_read(path: Path) -> None:
    whole = sessionfeed.from_dict(tomllib.loads(path.read_text(encoding="utf-8")))
    assert sessionfeed.load(path) == whole
