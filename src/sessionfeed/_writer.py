"""Write a site's files from the pieces the exporters make, as they come.

A build's files come in pieces (:func:`sessionfeed._build.iter_site`): a
file's pieces in order, its last one marked done, and other files' pieces
possibly in between (the calendar finishes each session's own ``.ics`` while
it writes ``calendar.ics``). A file is open only while it is being written.

(Writing on a second thread while the exporters go on was measured and
dropped: handing the interpreter lock back and forth cost more than the
overlap saved.)
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO


__all__ = ["write_files"]

Piece = tuple[str, bytes, bool]


def write_files(root: Path, pieces: Iterable[Piece]) -> None:
    """Write files given in pieces under ``root``, making folders as needed.

    ``pieces`` are ``(path from root, bytes, done)``. Whatever happens, every
    file is closed when this returns or raises.

    Raises:
        OSError: A file could not be written; the files written so far stay
            (the caller removes the folder).
    """
    made: set[Path] = set()
    open_files: dict[str, BinaryIO] = {}
    try:
        for relative, piece, done in pieces:
            file = open_files.get(relative)
            if file is None:
                target = root / relative
                if target.parent not in made:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    made.add(target.parent)
                file = open_files[relative] = target.open("wb")
            if piece:
                file.write(piece)
            if done:
                del open_files[relative]
                file.close()
    finally:
        for file in open_files.values():
            with contextlib.suppress(OSError):
                file.close()
