"""A disk that fills up: a chosen file cannot be written whole.

Every file a build writes goes through ``sessionfeed.site.writer`` (``create``
and ``write_all``) or ``Path.open`` (``write_bytes`` does too); both are
patched. :class:`DiskFull` counts the files opened for writing and, from the
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

from sessionfeed.site import writer as _writer


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

        create, write_all = _writer.create, _writer.write_all
        filling: dict[int, int] = {}  # descriptor of a failing file -> writes it still takes whole

        def creating(path: str) -> int:
            fd = create(path)
            self.opened.append(Path(path))
            if self.fail_at is not None and len(self.opened) >= self.fail_at:
                filling[fd] = self.whole
            else:
                filling.pop(fd, None)  # a number used again after a failing file was closed
            return fd

        def writing(fd: int, data: bytes) -> None:
            if fd not in filling:
                write_all(fd, data)
            elif filling[fd] > 0:
                filling[fd] -= 1
                write_all(fd, data)
            else:
                write_all(fd, data[: len(data) // 2])
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        patch.setattr(_writer, "create", creating)
        patch.setattr(_writer, "write_all", writing)
