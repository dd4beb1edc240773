"""Read a programme file one session at a time, so that a large file is never held whole.

The TOML reader (``tomli``) reads a whole document into one dict: for a file of 50,000
sessions that dict, with the decoded text, takes some ten times the file's
size. A programme file is a head (the programme's own fields and its
definitions) and a run of ``[[sessions]]`` tables, and a session's table,
with the tables under it (``[sessions.when]``, ``[[sessions.interviewees]]``),
is a TOML document of its own. So the file is cut at its table headers: each
session's text is read from the file when the loader comes to it and let go
after, and the rest is read as one document. The file is read twice: once to
find the cuts, a block at a time, and once for the pieces.

The cut is only taken when it cannot change what the file says; otherwise
the file is read whole, as the TOML reader reads it, with every error where the
whole read puts it. Every piece must read as valid TOML on its own (a header
line cut out of a multi-line string or array leaves a piece that does not),
and the rest must not define ``sessions`` itself (a ``[sessions.x]`` table
outside a session's run, or a ``sessions`` key, which only the whole read can
judge).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator, Sequence
from typing import Any, BinaryIO, overload

import attrs
import tomli


__all__ = ["Sessions", "Unreadable", "read_in_pieces"]

_KEY = r"""(?:[A-Za-z0-9_-]+|"[^"\\\n]*"|'[^'\n]*')"""
# A line that opens a table or an array of tables, with the header's first key.
_HEADER = re.compile(
    rb"^[ \t]*(\[\[?)[ \t]*(" + _KEY.encode() + rb")[ \t]*(\]\]?|\.)[^\n]*\n?",
    re.MULTILINE,
)
_SESSIONS = {b"sessions", b'"sessions"', b"'sessions'"}


class Unreadable(Exception):
    """A session's piece of the file is not valid TOML on its own: the file must be read whole."""


#: How much of the file is looked at at a time to find the cuts.
_BLOCK = 1 << 20


def _read(file: BinaryIO, span: tuple[int, int]) -> str:
    start, end = span
    file.seek(start)
    return file.read(end - start).decode("utf-8")


@attrs.frozen
class Sessions(Sequence[Any]):
    """The ``[[sessions]]`` tables of a file, each read from the file when it is asked for."""

    file: BinaryIO
    spans: tuple[tuple[int, int], ...]

    def __len__(self) -> int:
        return len(self.spans)

    @overload
    def __getitem__(self, index: int) -> Any: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Any]: ...
    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        try:
            piece = tomli.loads(_read(self.file, self.spans[index]))
        except (tomli.TOMLDecodeError, UnicodeDecodeError, RecursionError, ValueError):
            raise Unreadable from None
        if list(piece) != ["sessions"] or len(piece["sessions"]) != 1:  # a header the cut did not know
            raise Unreadable
        return piece["sessions"][0]


def _headers(file: BinaryIO) -> Iterator[tuple[int, bytes, bytes, bytes]]:
    """Each table header line of the file: where it starts, its brackets, first key and what follows it."""
    at = 0  # the file's offset of the first of ``pending``
    pending: list[bytes] = []  # the start of a line that has not ended yet
    while chunk := file.read(_BLOCK):
        complete = chunk.rfind(b"\n") + 1  # headers are matched on whole lines only
        if not complete:
            pending.append(chunk)
            continue
        block = b"".join([*pending, chunk[:complete]])
        for header in _HEADER.finditer(block):
            yield at + header.start(), header[1], header[2], header[3]
        at, pending = at + len(block), [chunk[complete:]]
    for header in _HEADER.finditer(b"".join(pending)):
        yield at + header.start(), header[1], header[2], header[3]


def read_in_pieces(file: BinaryIO) -> dict[str, Any] | None:
    """The programme dict of a file open for reading, with its sessions as :class:`Sessions`.

    ``None`` when the file must be read whole: it does not cut cleanly into
    a head and sessions, or its head is not valid TOML (or not UTF-8). A
    session's piece is read when it is asked for, while ``file`` is open,
    and raises :class:`Unreadable` if it must be read whole after all.
    """
    start = len(codecs.BOM_UTF8) if file.read(len(codecs.BOM_UTF8)) == codecs.BOM_UTF8 else 0
    file.seek(start)
    rest: list[tuple[int, int]] = []
    spans: list[tuple[int, int]] = []
    at = start  # where the piece being gathered began
    in_session = False
    for offset, opens, key, after in _headers(file):
        where = start + offset
        is_sessions = key in _SESSIONS
        if is_sessions and opens == b"[[" and after == b"]]":  # a new session
            (spans if in_session else rest).append((at, where))
            at, in_session = where, True
        elif is_sessions and in_session and after == b".":  # a table under it
            continue
        elif is_sessions:  # [sessions], or a table of sessions outside a session's run
            return None
        elif in_session:
            spans.append((at, where))
            at, in_session = where, False
    end = file.seek(0, 2)
    (spans if in_session else rest).append((at, end))
    try:
        pieces = [_read(file, span) for span in rest]
        data = tomli.loads("".join(pieces))
        if len(pieces) > 1:
            # Joined, pieces cut out of one multi-line string could read as a
            # shorter string; alone, the piece that opens it does not read.
            for piece in pieces:
                tomli.loads(piece)
    except (tomli.TOMLDecodeError, UnicodeDecodeError, RecursionError, ValueError):
        return None
    if "sessions" in data:
        return None
    if spans:
        data["sessions"] = Sessions(file, tuple(spans))
    return data
