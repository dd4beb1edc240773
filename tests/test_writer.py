"""Writing a site's files from interleaved pieces; every file closed, whatever happens."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from _diskfull import DiskFull
from sessionfeed.site import writer as _writer
from sessionfeed.site.writer import WrittenTwice, write_files


def interleaved(n: int) -> Iterator[tuple[str, bytes, bool]]:
    """A big file written in pieces, with ``n`` small files finished in between."""
    for i in range(n):
        yield "all.txt", f"{i}\n".encode(), False
        yield f"one/{i % 7}/{i}.txt", f"file {i}".encode(), True
    yield "all.txt", b"", True


def test_every_piece_lands_in_its_file(tmp_path: Path):
    write_files(tmp_path, interleaved(1000))
    assert (tmp_path / "all.txt").read_text() == "".join(f"{i}\n" for i in range(1000))
    for i in range(1000):
        assert (tmp_path / f"one/{i % 7}/{i}.txt").read_text() == f"file {i}"
    assert sum(1 for p in tmp_path.rglob("*") if p.is_file()) == 1001


def test_a_full_disk_stops_the_writing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    disk = DiskFull(fail_at=3)
    disk.install(monkeypatch)
    made = 0

    def pieces() -> Iterator[tuple[str, bytes, bool]]:
        nonlocal made
        for i in range(100):
            made += 1
            yield f"{i}.txt", b"x" * 100, True

    with pytest.raises(OSError, match="No space left") as caught:
        write_files(tmp_path, pieces())
    assert caught.value.errno == errno.ENOSPC
    assert made == 3


def test_an_error_while_making_the_pieces_closes_every_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    opened: list[int] = []
    original = _writer.create

    def tracking(path: str) -> int:
        fd = original(path)
        opened.append(fd)
        return fd

    monkeypatch.setattr(_writer, "create", tracking)

    def pieces() -> Iterator[tuple[str, bytes, bool]]:
        yield "done.txt", b"whole", True
        yield "half.txt", b"half", False
        message = "an exporter fails"
        raise RuntimeError(message)

    with pytest.raises(RuntimeError, match="an exporter fails"):
        write_files(tmp_path, pieces())
    assert len(opened) == 2
    for fd in opened:  # nothing was opened since, so no number is in use again
        with pytest.raises(OSError, match=os.strerror(errno.EBADF)):
            os.fstat(fd)
    assert (tmp_path / "half.txt").read_bytes() == b"half"  # flushed and closed, for the caller to remove


def test_a_short_write_is_followed_by_the_rest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    real = os.write
    asked: list[int] = []

    def short(fd: int, data: bytes) -> int:
        asked.append(len(data))
        return real(fd, bytes(data[:3]))

    path = tmp_path / "f.bin"
    fd = _writer.create(str(path))
    try:
        with monkeypatch.context() as patch:
            patch.setattr(os, "write", short)
            _writer.write_all(fd, b"0123456789")
    finally:
        os.close(fd)
    assert path.read_bytes() == b"0123456789"
    assert asked == [10, 7, 4, 1]


def test_files_are_made_as_open_makes_them(tmp_path: Path):
    """Each file is made new, with the permissions ``open(path, "xb")`` gives; one there already was written twice."""
    write_files(tmp_path, [("new.txt", b"new", True), ("fresh.txt", b"", True), ("a/b/deep.txt", b"d", True)])
    with (tmp_path / "by-open.txt").open("xb"):
        pass
    assert (tmp_path / "new.txt").read_bytes() == b"new"
    assert (tmp_path / "fresh.txt").read_bytes() == b""
    assert (tmp_path / "a" / "b" / "deep.txt").read_bytes() == b"d"
    expected = (tmp_path / "by-open.txt").stat().st_mode
    assert (tmp_path / "new.txt").stat().st_mode == (tmp_path / "fresh.txt").stat().st_mode == expected
    with pytest.raises(WrittenTwice, match=r"^new\.txt$"):
        write_files(tmp_path, [("other.txt", b"1", True), ("new.txt", b"again", True)])
    assert (tmp_path / "new.txt").read_bytes() == b"new"
