"""What the calendar and schedule importers share: ids, clean texts, errors, the reader of a file's events."""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from pathlib import Path
from typing import Any

import attrs

from sessionfeed.importers._common import refuse
from sessionfeed.importers.base import Imported, Notice
from sessionfeed.model.checks import check_file_id, check_locale, check_url


__all__ = [
    "NO_BASE_URL", "Event", "IdMaker", "Reader", "choose_locale", "clean_text", "location", "read_bytes",
    "slug", "url_or_none",
]  # fmt: skip

NO_BASE_URL = "https://example.org/"

_MAX_ID = 80
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_SURROGATES = re.compile("[\ud800-\udfff]")


def read_bytes(source: str | os.PathLike[str], what: str) -> bytes:
    """The bytes of ``source``; a clear error when it cannot be read.

    Raises:
        ProgrammeError: The file cannot be read (missing, a folder, no permission).
    """
    name = os.fspath(source)
    try:
        return Path(source).read_bytes()
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise refuse(name, f"cannot read the {what}: {reason}; give the path of the file") from None


def choose_locale(
    source: str, locale: str | None, languages: list[Any], guessed: dict[str, str], said: tuple[str, str]
) -> str:
    """The ``locale`` option; else the first of the events' ``languages`` that is a locale, else ``en``.

    ``said`` is the guess's reason when the events name a language, and when they name none.
    """
    if locale is not None:
        problem = check_locale(locale)
        if problem is not None:
            raise refuse(source, f"option locale: {problem}")
        return locale
    candidates = [str(language).replace("-", "_") for language in languages if language]
    guessed["locales"] = said[0] if candidates else said[1]
    return next((c for c in candidates if check_locale(c) is None), "en")


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


def location(online: dict[str, Any] | None, venue: dict[str, Any] | None) -> dict[str, Any]:
    """The ``location`` of a session held online (``{}``: no link known), at a venue, or both."""
    found: dict[str, Any] = {}
    if online is not None:
        found["online"] = online or True
    if venue is not None:
        found["venue"] = venue
    return found


@attrs.define
class Event:
    """One event being read: the session made of it, and what goes into its description."""

    source: Any
    line: int | None
    path: str
    session: dict[str, Any] = attrs.field(factory=dict)
    extra: list[str] = attrs.field(factory=list)
    room: dict[str, Any] | None = None  # a schedule's room the event is held in


class Reader:
    """Reads the events of one file into the dict shape of a programme file."""

    def __init__(self, locale: str, kind: str) -> None:
        self.locale = locale
        self.kind = kind
        self.notices: list[Notice] = []
        self.guessed: dict[str, str] = {}
        self.sessions: list[dict[str, Any]] = []
        self.people: dict[str, dict[str, Any]] = {}
        self.person_keys: dict[str, str] = {}
        self.person_ids = IdMaker()
        self.session_ids = IdMaker()
        self.tags: dict[str, dict[str, Any]] = {}
        self.tag_keys: dict[str, str] = {}
        self.tag_ids = IdMaker()
        self.kinds: dict[str, dict[str, Any]] = {}

    def notice(self, message: str, line: int | None, path: str = "") -> None:
        self.notices.append(Notice(message=message, line=line, path=path))

    def tag(self, label: str, ident: str | None = None) -> str:
        """The id of the tag ``label``: ``ident`` when it is free, else one made from the label."""
        found = self.tag_keys.get(label)
        if found is None:
            if ident is None or not self.tag_ids.take(ident):
                ident = self.tag_ids.make(label, "tag")
            found = self.tag_keys[label] = ident
            self.tags[found] = {"label": {self.locale: label}}
        return found

    def imported(self, name: str, programme: dict[str, Any]) -> Imported:
        """What was read: ``programme`` (its id, title, ...) with the people, tags, kinds and sessions."""
        from sessionfeed.words.catalogs import has_catalog

        if not has_catalog(self.locale):
            programme["untranslated_locales"] = [self.locale]
        found = {"people": self.people, "tags": self.tags, "kinds": self.kinds}
        programme.update({field: value for field, value in found.items() if value})
        programme["sessions"] = self.sessions
        return Imported(source=name, data=programme, guessed=self.guessed, notices=tuple(self.notices))
