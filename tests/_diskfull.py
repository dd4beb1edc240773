"""A disk that fills up: ``Path.open`` patched so that a chosen file cannot be written whole.

Every file a build writes goes through ``Path.open`` (``write_bytes`` does
too). :class:`DiskFull` counts the files opened for writing and, from the
chosen one on, lets the first write put half its bytes on disk before it
fails with ``ENOSPC``, as a full disk does.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path
from types import TracebackType
from typing import IO, Any

import pytest


class _Filling:
    """A file whose disk fills up: ``whole`` writes land, half of the next one, then ENOSPC."""

    def __init__(self, file: IO[Any], path: Path, whole: int) -> None:
        self._file = file
        self._path = path
        self._whole = whole

    def write(self, data: bytes) -> int:
        if self._whole > 0:
            self._whole -= 1
            return int(self._file.write(data))
        self._file.write(data[: len(data) // 2])
        self._file.flush()
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self._path))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._file, name)

    def __enter__(self) -> _Filling:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._file.close()


class DiskFull:
    """Count the files opened for writing; the ``fail_at``-th (from 1) and later ones fill the disk.

    With ``whole=K`` the failing file takes K writes (pieces of a streamed file) before it fails.
    """

    def __init__(self, fail_at: int | None = None, *, whole: int = 0) -> None:
        self.fail_at = fail_at
        self.whole = whole
        self.opened: list[Path] = []

    def install(self, patch: pytest.MonkeyPatch) -> None:
        original = Path.open

        def opening(path: Path, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
            file = original(path, mode, *args, **kwargs)
            if not set(mode) & set("wax+"):
                return file
            self.opened.append(path)
            if self.fail_at is not None and len(self.opened) >= self.fail_at:
                return _Filling(file, path, self.whole)
            return file

        patch.setattr(Path, "open", opening)
