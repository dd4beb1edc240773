"""Write a site's files from the pieces the exporters make, as they come.

A build's files come in pieces (:func:`sessionfeed.site.build.iter_site`): a
file's pieces in order, its last one marked done, and other files' pieces
possibly in between (the calendar finishes each session's own ``.ics`` while
it writes ``calendar.ics``). A file is open only while it is being written.

(Writing on a second thread while the exporters go on was measured and
dropped: handing the interpreter lock back and forth cost more than the
overlap saved.)
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable
from pathlib import Path


__all__ = ["Piece", "WrittenTwice", "create", "write_all", "write_files"]

#: A piece of a file: its path from the site's root, bytes, and whether the file is complete.
Piece = tuple[str, bytes, bool]

_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)


class WrittenTwice(Exception):
    """Two outputs of one build write the same file (its path, relative to the site, is the message)."""


def create(path: str) -> int:
    """Make ``path``, a new file, and open it for writing: ``open(path, "xb")`` without the buffer.

    The pieces come in batches already, so a buffer would only copy them; a
    build makes 20,000 files at 10,000 sessions, and the file object of each
    cost as much again as the kernel's work on a quick disk. A build writes
    into a new folder, so a file that is there already was written by this
    build: the file system keeps the set of written files, not memory.

    Raises:
        FileExistsError: ``path`` is there already.
    """
    return os.open(path, _FLAGS, 0o666)


def write_all(fd: int, data: bytes) -> None:
    """Write all of ``data`` to ``fd``: ``os.write`` may take part of it at a time."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def write_files(root: Path, pieces: Iterable[Piece]) -> None:
    """Write files given in pieces under ``root``, making folders as needed.

    ``pieces`` are ``(path from root, bytes, done)``, the path with ``/``
    between its parts. Whatever happens, every file is closed when this
    returns or raises.

    Raises:
        WrittenTwice: Two pieces' files have the same path (a file is written once).
        OSError: A file could not be written; the files written so far stay
            (the caller removes the folder).
    """
    base = os.fspath(root)
    open_files: dict[str, int] = {}
    try:
        for relative, piece, done in pieces:
            fd = open_files.get(relative)
            if fd is None:
                path = f"{base}/{relative}"
                try:
                    try:
                        fd = create(path)
                    except FileNotFoundError:
                        # Its folder is new: made then, so that nothing is kept per folder
                        # (a site has one per session page).
                        (root / relative).parent.mkdir(parents=True, exist_ok=True)
                        fd = create(path)
                except FileExistsError:
                    raise WrittenTwice(relative) from None
                open_files[relative] = fd
            if piece:
                write_all(fd, piece)
            if done:
                del open_files[relative]
                os.close(fd)
    finally:
        for fd in open_files.values():
            with contextlib.suppress(OSError):
                os.close(fd)
