"""Read programmes from TOML files and plain dicts, reporting every problem at once.

The dict shape is the TOML shape (see ``docs/file-format.md``); values may be
TOML's own dates and times or ISO 8601 strings, so JSON works too.

The loader maps a file to the model and the model's problems back to the
file; it does not repeat the model's rules. What it checks itself is what
only a file has: its keys (an unknown field), the types of TOML values, the
ids it resolves to definitions (an unknown person), the parents it must
follow before an organisation can be built (with the model's own rule,
:func:`~sessionfeed.model.checks.check_parents`), and dates and times as they are
written (a local time the clocks skip). A field check of ``model.checks`` runs
here only where a value must be valid to be converted at all (a time zone to
place a local time in, a moment in range before it is placed in one); such a
value is then not passed on, so each problem is reported once. Everything else
(ids, URLs, texts, locales, unique ids, kinds, references, a person listed
twice) is the model's, and each of its problems is reported at the path of the
file's field, which names the file's line too.

This module has the entry points: a file (:func:`load`, read in pieces when
it is large, :mod:`sessionfeed.io.pieces`), a text (:func:`load_toml_text`)
and a dict (:func:`from_dict`). The dict is read by
:func:`~sessionfeed.io.sections.read_programme` with a
:class:`~sessionfeed.io.reader.Reader`, which collects every problem with its
field path; they are raised as one :class:`~sessionfeed.exceptions.ProgrammeError`,
each naming the file and, where it can be found, the line
(:class:`~sessionfeed.io.lines.LineIndex`).
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs
import tomli

from sessionfeed.exceptions import Problem, ProgrammeError
from sessionfeed.io.lines import MAX_KEY_NAMES, MAX_NESTING, LineIndex
from sessionfeed.io.pieces import Unreadable, read_in_pieces
from sessionfeed.io.reader import Reader, kind_of
from sessionfeed.io.sections import read_programme
from sessionfeed.model.programme import Programme


__all__ = ["from_dict", "load", "load_toml_text"]


def from_dict(data: Mapping[str, Any]) -> Programme:
    """Build a :class:`Programme` from a dict shaped like a programme file (see ``docs/file-format.md``).

    Dates and times may be TOML's own values or ISO 8601 strings, so that
    JSON works too. :func:`sessionfeed.to_dict` gives the dict back.

    Raises:
        ProgrammeError: Every problem found, each with its field path.
    """
    if not isinstance(data, Mapping):
        raise ProgrammeError.single("", f"a programme must be a table, not {kind_of(data)}")
    reader = Reader(data)
    programme = read_programme(reader)
    if reader.c.problems:
        # One text written for every locale is one problem, not one per locale.
        raise ProgrammeError(dict.fromkeys(reader.c.problems))
    assert programme is not None  # no problems means it was built
    return programme


def load_toml_text(text: str, *, filename: str = "<string>") -> Programme:
    """Build a :class:`Programme` from the text of a programme file.

    Raises:
        ProgrammeError: Every problem, each as ``FILE:LINE: path: message``.
    """
    try:
        data = tomli.loads(text)
    except tomli.TOMLDecodeError as error:
        message = str(error)
        line = None
        match = re.search(r"\s*\(at line (\d+), column (\d+)\)", message)
        if match:
            line = int(match[1])
            message = f"{message[: match.start()]} at column {match[2]}"
        elif "end of document" in message:
            line = text.rstrip("\n").count("\n") + 1
        problems = [Problem(path="", message=f"not valid TOML: {message}", line=line)]
    except RecursionError:
        # The reader refuses arrays and inline tables nested hundreds of levels
        # deep (where a programme needs four), and keys of over a thousand names.
        problems = _too_deep(text)
    except ValueError:
        # The reader turns digits into a Python int, which refuses more than
        # sys.get_int_max_str_digits() of them (4300 unless set otherwise).
        problems = _too_long_numbers(text)
    else:
        try:
            return from_dict(data)
        except ProgrammeError as error:
            index = LineIndex(text)
            problems = [p.replace(line=index.line_of(p.path)) for p in error.problems]
            # In file order, so that a reader can work down the file; unplaced ones last.
            problems.sort(key=lambda p: p.line or len(text))
    raise ProgrammeError([p.replace(file=filename) for p in problems]) from None


def _too_deep(text: str) -> list[Problem]:
    """The problems of a document too deep for the TOML reader: keys of too many names, or nesting."""
    index = LineIndex(text)
    if index.long_keys:
        return [
            Problem(
                path=path,
                message=(
                    f"a key or table header of {names:,} names is more than the TOML reader "
                    f"takes ({MAX_KEY_NAMES:,}); no field of a programme has more than four"
                ),
                line=line,
            )
            for path, line, names in index.long_keys
        ]
    found = index.too_deep
    message = (
        f"arrays and inline tables are nested more than {MAX_NESTING} levels deep, too deep to "
        "read; a programme needs at most four (a list of tables of lists)"
    )
    if found is None:  # the reader gave up sooner, deep in a call stack already
        return [Problem(path="", message=f"not valid TOML: {message}")]
    path, line = found
    return [Problem(path=path, message=message, line=line)]


def _too_long_numbers(text: str) -> list[Problem]:
    """The problems of numbers too long to read, each at its line and field."""
    found = LineIndex(text).long_numbers
    limit = sys.get_int_max_str_digits()
    problems = [
        Problem(
            path=path,
            message=(
                f"a number of {digits} digits is more than the TOML reader takes ({limit}); "
                "no field takes a number this long"
            ),
            line=line,
        )
        for path, line, digits in found
    ]
    return problems or [Problem(path="", message="not valid TOML: a number too long to read")]


def load(path: str | os.PathLike[str]) -> Programme:
    """Read a programme file (TOML).

    Raises:
        ProgrammeError: The file is missing, unreadable, not UTF-8 text, not
            TOML, or describes an invalid programme; every problem is listed.
    """
    name = os.fspath(path)

    def fail(message: str, line: int | None = None) -> ProgrammeError:
        return ProgrammeError([Problem(path="", message=message, file=name, line=line)])

    # Read in pieces, so that a large file is never held whole; a file that
    # does not cut cleanly, or has a problem, is read whole below, which says
    # what is wrong and where.
    with contextlib.suppress(OSError), Path(path).open("rb") as file:
        data = read_in_pieces(file)
        if data is not None:
            with contextlib.suppress(ProgrammeError, Unreadable):
                return _templates_beside(from_dict(data), name)
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise fail("no such file; give the path of a programme file (.toml)") from None
    except IsADirectoryError:
        raise fail("is a folder; give the path of a programme file (.toml)") from None
    except OSError as error:
        raise fail(f"cannot be read: {error.strerror or error}") from None
    if not raw.strip():
        raise fail("is empty; a programme needs at least id, title, base_url and locales")
    if b"\x00" in raw:
        raise fail("is a binary file, not a TOML text file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise fail("is not UTF-8 text; save it as UTF-8", raw[: error.start].count(b"\n") + 1) from None
    return _templates_beside(load_toml_text(text, filename=name), name)


def _templates_beside(programme: Programme, name: str) -> Programme:
    """The programme with its ``templates`` folder relative to the file's folder, as the file means it."""
    if programme.templates is None or Path(programme.templates).is_absolute():
        return programme
    return attrs.evolve(programme, templates=os.path.normpath(Path(name).parent / programme.templates))
