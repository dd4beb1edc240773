"""Entries written once and copied into every file they belong to.

A session's event or feed entry goes into the whole programme's file and into
the file of each tag, person, organisation, language and kind it has
(:mod:`sessionfeed.model.facets`). Composing it again for each would cost a
build as much again per facet value, and keeping every entry in memory would
not fit a large programme. So the writer of the whole programme's file puts
each entry's bytes, as it writes them, into a :class:`Spool`: a temporary
file, of which memory holds only where each entry is. The files of the facet
values are then written from it, a copy of the very bytes, so that an event is
the same in every calendar a subscriber follows.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Hashable
from typing import IO


__all__ = ["Spool"]

#: How long an entry may be: 1 GiB, beyond any session's entry.
_SPAN = 1 << 30

#: Reads at an offset in one call where the system has it (not on Windows).
_PREAD: Callable[[int, int, int], bytes] | None = getattr(os, "pread", None)


class Spool:
    """The bytes of entries by key, in a temporary file; memory holds their places only.

    A spool is opened when the first entry is put in and removed when it is
    closed (:meth:`close`, or the end of a ``with`` block); what is asked for
    after that, or was never put in, is ``None``, and the caller composes it
    afresh. Entries are read back with one system call each, not through a
    memory map, whose pages would count as the process's memory.

    Example::

        with Spool() as spool:
            spool.put("session-1", b"BEGIN:VEVENT...")
            spool.get("session-1")  # b"BEGIN:VEVENT..."
    """

    __slots__ = ("_end", "_file", "_places", "_unflushed")

    def __init__(self) -> None:
        """An empty spool; its file is made when the first entry comes."""
        self._file: IO[bytes] | None = None
        self._unflushed = False
        # Where each entry is, as one number: its start times _SPAN plus its length (a
        # pair of numbers takes three objects; at 50,000 sessions that is 4 MB more).
        self._places: dict[Hashable, int] = {}
        self._end = 0

    def __enter__(self) -> Spool:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __len__(self) -> int:
        return len(self._places)

    def put(self, key: Hashable, data: bytes) -> None:
        """Keep ``data`` as the entry of ``key`` (an entry put in again replaces the earlier one)."""
        if not data:
            self._places[key] = self._end * _SPAN
            return
        if self._file is None:
            self._file = tempfile.TemporaryFile(prefix="sessionfeed-")  # noqa: SIM115 - closed by close()
        if not self._unflushed:
            self._file.seek(self._end)  # a read (without pread) may have moved it
            self._unflushed = True
        if len(data) >= _SPAN:
            message = f"an entry of {len(data)} bytes is longer than a spool keeps ({_SPAN - 1})"
            raise ValueError(message)
        self._file.write(data)
        self._places[key] = self._end * _SPAN + len(data)
        self._end += len(data)

    def get(self, key: Hashable) -> bytes | None:
        """The entry of ``key``, or ``None`` when none was put in (or the spool is closed)."""
        place = self._places.get(key)
        if place is None:
            return None
        start, length = divmod(place, _SPAN)
        file = self._file
        if not length or file is None:
            return b""
        if self._unflushed:
            file.flush()
            self._unflushed = False
        if _PREAD is not None:
            return _PREAD(file.fileno(), length, start)
        file.seek(start)
        return file.read(length)

    def close(self) -> None:
        """Remove the file and forget every entry; the spool may be used again."""
        self._places = {}
        self._end = 0
        self._unflushed = False
        if self._file is not None:
            self._file.close()
            self._file = None
