"""What the calendar and schedule importers share: ids from any text, clean texts, errors about a source."""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from pathlib import Path

from sessionfeed.exceptions import Problem, ProgrammeError
from sessionfeed.model.checks import check_file_id, check_url


__all__ = ["IdMaker", "clean_text", "read_bytes", "refuse", "slug", "source_name", "url_or_none"]

_MAX_ID = 80
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_SURROGATES = re.compile("[\ud800-\udfff]")


def source_name(source: str | os.PathLike[str]) -> str:
    """The source as messages name it."""
    return os.fspath(source)


def refuse(source: str, message: str, *, path: str = "", line: int | None = None) -> ProgrammeError:
    """A :class:`ProgrammeError` about the whole source (raise it)."""
    return ProgrammeError([Problem(path=path, message=message, file=source, line=line)])


def read_bytes(source: str | os.PathLike[str], what: str) -> bytes:
    """The bytes of ``source``; a clear error when it cannot be read.

    Raises:
        ProgrammeError: The file cannot be read (missing, a folder, no permission).
    """
    name = source_name(source)
    try:
        return Path(source).read_bytes()
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise refuse(name, f"cannot read the {what}: {reason}; give the path of the file") from None


def clean_text(value: str) -> str | None:
    """A text the model takes: lone surrogates removed, ``None`` when nothing visible is left."""
    value = _SURROGATES.sub("", value)
    return value if value.strip() else None


def url_or_none(value: object) -> str | None:
    """``value`` when it is a URL the model takes (absolute http or https), else ``None``."""
    if isinstance(value, str) and check_url(value) is None:
        return value
    return None


def slug(text: str, fallback: str = "session") -> str:
    """A valid id made from any text: ASCII letters and digits, ``-`` between, at most 80 characters.

    A text too long or with no letter left is shortened or replaced, and then
    ends in eight hex digits of its hash, so two different texts rarely meet.
    """
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    base = _NOT_SLUG.sub("-", folded).strip("-")
    digest = hashlib.sha1(text.encode("utf-8", "surrogatepass"), usedforsecurity=False).hexdigest()[:8]
    if not base:
        base = f"{fallback}-{digest}"
    elif len(base) > _MAX_ID:
        base = f"{base[: _MAX_ID - 9].rstrip('-')}-{digest}"
    if check_file_id(base) is not None:  # a name Windows keeps for a device
        base = f"{base}-{fallback}"[:_MAX_ID]
    return base


class IdMaker:
    """Unique ids within one kind of thing: a second ``talk`` becomes ``talk-2``."""

    def __init__(self) -> None:
        self._taken: set[str] = set()

    def make(self, text: str, fallback: str = "session") -> str:
        """A fresh id made from ``text`` (see :func:`slug`)."""
        base = slug(text, fallback)
        ident, n = base, 1
        while ident in self._taken:
            n += 1
            suffix = f"-{n}"
            ident = base[: _MAX_ID - len(suffix)].rstrip("-") + suffix
        self._taken.add(ident)
        return ident

    def take(self, ident: str) -> bool:
        """Claim ``ident`` as it is when it is a valid id not yet taken; whether it was."""
        if check_file_id(ident) is not None or ident in self._taken:
            return False
        self._taken.add(ident)
        return True
