"""Loading never shows a traceback, whatever the file holds.

Arbitrary bytes, text, example programmes mutated byte by byte and line by
line (a line deleted or doubled, characters swapped, the file cut short, a
byte flipped, ``" [ = ] { #`` inserted), and example programmes whose data is
mutated (a value replaced by any TOML value, a key removed, an unknown key
added) go to :func:`sessionfeed.load` and to ``sessionfeed check``. Each gives
either a programme or a :class:`~sessionfeed.ProgrammeError` whose every
problem starts with ``FILE:`` (``FILE:LINE:`` for a TOML syntax error); the
command exits 0 or 1 (lint findings) for a valid programme and 2 with one
``error: FILE:...`` line per problem for an invalid one, and nothing ever
prints "Traceback" or "unexpected error". A valid one also builds.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import os
import re
import subprocess
import sys
import tempfile
import tomllib
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import sessionfeed as sf
from _readers import toml_dumps
from sessionfeed.cli import main
from sessionfeed.exceptions import ProgrammeError


ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_FILES = sorted((ROOT / "examples").glob("*.toml"))
EXAMPLE_BYTES = [p.read_bytes() for p in EXAMPLE_FILES]
EXAMPLE_DATA = [tomllib.loads(b.decode("utf-8")) for b in EXAMPLE_BYTES]
INSERTS = [b'"', b"[", b"=", b"]", b"{", b"}", b"\n", b"#", b"'", b"\\", b'"""', b"[[", b".", b",", b"\x00",
           b"\xff", b"\r", b"\t", b"\xc3", b" = 1", b"[x]", b"\n[[sessions]]\n"]  # fmt: skip
FUZZ = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])


def run(argv: list[str]) -> tuple[int, str, str]:
    """``sessionfeed ARGV`` in this process: exit code, standard output, standard error."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exit_:  # argparse
            code = int(exit_.code or 0)
    return code, out.getvalue(), err.getvalue()


#: Valid mutations of the data are built too in the thorough profile (a build costs a second).
BUILD_VALID = os.environ.get("HYPOTHESIS_PROFILE") == "thorough"


def check_file(data: bytes, *, build: bool = False) -> sf.Programme | None:
    """Load ``data`` as a programme file and run ``sessionfeed check`` on it; assert the contract."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "programme.toml"
        path.write_bytes(data)
        name = str(path)
        error_problems: tuple[object, ...] = ()
        try:
            programme = sf.load(path)
        except ProgrammeError as error:
            programme = None
            error_problems = error.problems
        if programme is None:
            assert error_problems, "a ProgrammeError without problems"
            for problem in error_problems:
                text = str(problem)
                assert text.startswith(f"{name}:"), f"a problem that does not start with FILE: {text!r}"
                if problem.message.startswith("not valid TOML"):
                    assert re.match(rf"{re.escape(name)}:\d+: ", text), f"a TOML syntax error without its line: {text!r}"
        code, out, err = run(["check", name])
        assert "Traceback" not in out + err, err[-3000:]
        assert "unexpected error" not in err, err[-3000:]
        if programme is None:
            assert code == 2, (code, err)
            # One "error: FILE..." per problem. (Raw line breaks inside a message, from a key that
            # holds one, are test_error_messages_cannot_forge_lines's business.)
            assert err.startswith(f"error: {name}:"), f"an error without FILE: {err[:300]!r}"
            assert err.count(f"error: {name}:") == len(error_problems), err[-2000:]
        else:
            assert code in (0, 1), (code, err)
            if build:
                code, out, err = run(["build", name, "--out", str(Path(tmp) / "site"), "--quiet"])
                assert code == 0, err[-3000:]
                assert "Traceback" not in out + err, err[-3000:]
    return programme


# --------------------------------------------------------------------- strategies


@st.composite
def mutated_bytes(draw: st.DrawFn) -> bytes:
    """An example file with one to three byte- or line-level mutations."""
    data = bytearray(draw(st.sampled_from(EXAMPLE_BYTES)))
    for _ in range(draw(st.integers(1, 3))):
        op = draw(st.sampled_from(["delete-line", "duplicate-line", "swap", "truncate", "flip", "insert", "delete-span"]))
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        if op in ("delete-line", "duplicate-line"):
            lines = data.split(b"\n")
            i = draw(st.integers(0, len(lines) - 1))
            lines[i : i + 1] = [] if op == "delete-line" else [lines[i], lines[i]]
            data = bytearray(b"\n".join(lines))
        elif op == "swap" and at + 1 < len(data):
            data[at], data[at + 1] = data[at + 1], data[at]
        elif op == "truncate":
            del data[at:]
        elif op == "flip":
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif op == "insert":
            data[at:at] = draw(st.sampled_from(INSERTS))
        elif op == "delete-span":
            del data[at : at + draw(st.integers(1, 40))]
    return bytes(data)


def toml_values() -> st.SearchStrategy[Any]:
    """Any value a TOML document can hold."""
    scalars = st.one_of(
        st.booleans(), st.integers(-(2**63), 2**63 - 1), st.floats(allow_nan=False), st.text(max_size=20),
        st.dates(), st.times(), st.datetimes(timezones=st.none() | st.just(dt.UTC)),
        st.sampled_from(["", "tba", "2023-12", "2026-03-29T02:30:00", "2026-13-01", "online", "PT0M", "Europe/Nowhere",
                         "https://", "nl", "xx-YY", "webinar", "cancelled", "../etc", "x" * 300]),
    )  # fmt: skip
    return st.recursive(
        scalars,
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
        max_leaves=6,
    )


def _paths(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _paths(inner, (*path, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from _paths(inner, (*path, index))


@st.composite
def mutated_data(draw: st.DrawFn) -> bytes:
    """An example programme with a value replaced, a key removed or an unknown key added."""
    data = copy.deepcopy(draw(st.sampled_from(EXAMPLE_DATA)))
    for _ in range(draw(st.integers(1, 2))):
        paths = [p for p in _paths(data) if p]
        path = draw(st.sampled_from(paths))
        parent: Any = data
        for key in path[:-1]:
            parent = parent[key]
        op = draw(st.sampled_from(["replace", "replace", "delete", "add"]))
        if op == "replace":
            parent[path[-1]] = draw(toml_values())
        elif op == "delete":
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[draw(st.text(min_size=1, max_size=10))] = draw(toml_values())
        else:
            parent.append(draw(toml_values()))
    return toml_dumps(data).encode("utf-8")


# -------------------------------------------------------------------------- tests


def test_the_examples_load_and_check():
    """The unmutated examples are valid (else every mutation test below is vacuous)."""
    for data in EXAMPLE_BYTES:
        assert check_file(data, build=False) is not None


def test_the_toml_writer_round_trips():
    """The suite's TOML writer writes what tomllib reads back, for the examples and odd keys."""
    for data in EXAMPLE_DATA:
        assert tomllib.loads(toml_dumps(data)) == data
    odd = {"a b": {"\n": "x\x00\x7f\"\\", "": [1, {"k": dt.date(2026, 1, 1)}]}, "t": dt.time(1, 2)}
    assert tomllib.loads(toml_dumps(odd)) == odd


@FUZZ
@given(st.binary(max_size=600))
def test_arbitrary_bytes(data: bytes):
    check_file(data)


@FUZZ
@given(st.text(max_size=300))
def test_arbitrary_text(text: str):
    check_file(text.encode("utf-8", "surrogatepass"))


@FUZZ
@given(mutated_bytes())
def test_mutated_example_files(data: bytes):
    check_file(data)


@FUZZ
@given(mutated_data())
def test_mutated_example_data(data: bytes):
    check_file(data, build=BUILD_VALID)


@pytest.mark.parametrize(
    ("content", "line"),
    [
        (b"\x00\x01binary", None),
        (b"", None),
        (b"id = \"x\"\ntitle = \n", 2),
        (b"\xff\xfe\x00garbage", None),
        (b'id = "x"\n[[sessions]]\nid = "a"\nkind = 3\n', None),
        (b'id = "x"\ntitle = "ok"\n\xe9t\xe9 = 1\n', 3),
    ],
    ids=["binary", "empty", "toml-syntax", "utf-16", "invalid-field", "latin-1"],
)
def test_command_line_prints_no_traceback(tmp_path: Path, content: bytes, line: int | None):
    """The installed ``sessionfeed`` command itself: exit 2, ``error: FILE[:LINE]:`` lines, no traceback."""
    path = tmp_path / "broken.toml"
    path.write_bytes(content)
    result = subprocess.run(
        [sys.executable, "-m", "sessionfeed", "check", str(path)], capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 2, result
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stderr.splitlines()
    assert lines, "nothing on standard error"
    assert all(li.startswith(f"error: {path}:") for li in lines), result.stderr
    if line is not None:
        assert lines[0].startswith(f"error: {path}:{line}: "), lines[0]


def test_missing_file_and_folder(tmp_path: Path):
    for target in (tmp_path / "missing.toml", tmp_path):
        code, out, err = run(["check", str(target)])
        assert code == 2, err
        assert err.startswith(f"error: {target}: "), err
        assert "Traceback" not in out + err


def test_error_messages_cannot_forge_lines(tmp_path: Path):
    """A key with a line break or a terminal escape in it cannot forge an error line or recolour the terminal."""
    data = {**EXAMPLE_DATA[0], "x\nerror: forged\x1b[2J": 1}
    path = tmp_path / "programme.toml"
    path.write_text(toml_dumps(data), encoding="utf-8")
    code, _, err = run(["check", str(path)])
    assert code == 2
    assert "\nerror: forged" not in err, f"a key forged an error line: {err!r}"
    assert "\x1b" not in err, f"a key put a terminal escape on standard error: {err!r}"
    assert err.startswith(f"error: {path}:"), err
