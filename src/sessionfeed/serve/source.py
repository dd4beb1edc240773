"""A version of the programme file: whether it changed since it was read (``stat``, and bytes while racy)."""

from __future__ import annotations

import enum
import hashlib
import time
from pathlib import Path

import attrs


__all__ = ["_Key", "_Source", "_Verdict", "_compare"]

#: How long after a file's mtime a same-size edit could still keep that mtime
#: (coarse file-system clocks: a few ms on ext4, 2 s on FAT). Until then the
#: file's bytes are compared too, the way git handles "racily clean" files.
_RACY_NS = 3_000_000_000


# ----------------------------------------------------------------- the file


@attrs.frozen
class _Key:
    """What ``stat`` says about a version of the file: any change of these is a new version."""

    device: int
    inode: int
    size: int
    mtime_ns: int
    ctime_ns: int

    @classmethod
    def of(cls, path: Path) -> _Key:
        """Stat ``path``.

        Raises:
            OSError: It cannot be stat'ed (missing, no permission).
        """
        st = path.stat()
        return cls(st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


@attrs.frozen
class _Source:
    """A version of the programme file.

    Attributes:
        key: Its ``stat``.
        digest: The SHA-256 of its bytes while the mtime is too recent to trust
            (an edit in the same clock tick keeps it); ``None`` once settled.
    """

    key: _Key
    digest: bytes | None

    @classmethod
    def snapshot(cls, path: Path) -> _Source:
        """Take the version of the file as it is now.

        Raises:
            OSError: It cannot be read.
        """
        now = time.time_ns()
        key = _Key.of(path)
        recent = now - key.mtime_ns <= _RACY_NS
        return cls(key, hashlib.sha256(path.read_bytes()).digest() if recent else None)


class _Verdict(enum.Enum):
    SAME = "same"
    SETTLED = "settled"  # the same, and now old enough to trust the stat alone
    CHANGED = "changed"


def _compare(source: _Source, key: _Key, path: Path) -> _Verdict:
    """Whether the file, whose stat is now ``key``, is still the version ``source``."""
    if key != source.key:
        return _Verdict.CHANGED
    if source.digest is None:
        return _Verdict.SAME
    now = time.time_ns()  # before reading: any edit in the mtime's tick happened before
    try:
        digest = hashlib.sha256(path.read_bytes()).digest()
    except OSError:
        return _Verdict.CHANGED
    if digest != source.digest:
        return _Verdict.CHANGED
    return _Verdict.SETTLED if now - key.mtime_ns > _RACY_NS else _Verdict.SAME
