"""Writing a site's files from interleaved pieces; every file closed, whatever happens."""

from __future__ import annotations

import errno
from collections.abc import Iterator
from pathlib import Path

import pytest

from _diskfull import DiskFull
from sessionfeed._writer import write_files


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
    opened = []
    original = Path.open

    def tracking(path: Path, *args: object, **kwargs: object) -> object:
        file = original(path, *args, **kwargs)  # type: ignore[call-overload]
        opened.append(file)
        return file

    monkeypatch.setattr(Path, "open", tracking)

    def pieces() -> Iterator[tuple[str, bytes, bool]]:
        yield "done.txt", b"whole", True
        yield "half.txt", b"half", False
        message = "an exporter fails"
        raise RuntimeError(message)

    with pytest.raises(RuntimeError, match="an exporter fails"):
        write_files(tmp_path, pieces())
    assert len(opened) == 2
    assert all(file.closed for file in opened)
    assert (tmp_path / "half.txt").read_bytes() == b"half"  # flushed and closed, for the caller to remove
