"""Small validators shared by the model and the loader.

Each returns ``None`` when the value is fine, or a message that says what is
wrong and what would be right.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import urllib.parse
import zoneinfo
from collections.abc import Sequence

from sessionfeed._chars import is_clean
from sessionfeed.exceptions import Problem, ProgrammeError


__all__ = [
    "Collector",
    "check_bcp47",
    "check_id",
    "check_locale",
    "check_published",
    "check_timezone",
    "check_url",
    "plain_text_problem",
]

_ID = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")
_MAX_ID = 80
# C0 controls other than TAB/LF/CR, DEL and C1 controls: no output format can carry them.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class Collector:
    """Gathers problems so that one error can report all of them at once."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, path: str, message: str | None) -> None:
        """Record ``message`` at ``path`` unless it is ``None``."""
        if message is not None:
            self.problems.append(Problem(path=path, message=message))

    def extend(self, error: ProgrammeError, prefix: str = "") -> None:
        """Record every problem of ``error`` under ``prefix``."""
        self.problems.extend(p.within(prefix) for p in error.problems)

    def raise_if_any(self) -> None:
        """Raise one :class:`ProgrammeError` with everything recorded so far."""
        if self.problems:
            raise ProgrammeError(self.problems)


def check_id(value: object) -> str | None:
    """Check a stable id: a lowercase slug (``webinar-2023-12``), at most 80 characters."""
    if not isinstance(value, str):
        return f"must be a text id such as 'my-session', not {type(value).__name__}"
    if not _ID.fullmatch(value) or len(value) > _MAX_ID:
        hint = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")[:_MAX_ID] or "session-1"
        return (
            f"{value!r} is not a valid id: use lowercase letters, digits and single "
            f"'-' or '_' between them, at most {_MAX_ID} characters (e.g. {hint!r})"
        )
    return None


#: Names Windows keeps for devices, with any extension ("nul.ics" too): no file can have them.
_DEVICE_NAMES = frozenset(
    ["con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))],
)


def check_file_id(value: object) -> str | None:
    """Check an id that names files (a session's ``sessions/<id>.ics``): :func:`check_id`, and portable.

    Windows cannot create a file named after a device (``con``, ``nul``,
    ``com1`` ...) whatever its extension, so a site with such a session
    could not be copied there.
    """
    problem = check_id(value)
    if problem is None and value in _DEVICE_NAMES:
        return (
            f"{value!r} cannot be an id: it names files, and Windows reserves it for a device; "
            f"choose another, e.g. '{value}-session'"
        )
    return problem


def check_url(value: object) -> str | None:
    """Check an absolute http(s) URL with a host and no white space."""
    if not isinstance(value, str):
        return f"must be a URL text, not {type(value).__name__}"
    parts = urllib.parse.urlsplit(value)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        return f"{value!r} is not an absolute http(s) URL (e.g. 'https://example.org/page')"
    if any(ch.isspace() for ch in value) or _CONTROL.search(value) or '"' in value:
        return f"{value!r} contains spaces, quotes or control characters: percent-encode them"
    # What is left that no output carries: surrogates and noncharacters (the
    # controls and white space are refused above); a URL is written as it is.
    if not is_clean(value):
        return (
            f"{value!r} contains a character that XML and HTML cannot carry "
            "(a lone surrogate or a noncharacter such as U+FFFE): percent-encode it"
        )
    return None


def check_timezone(value: object) -> str | None:
    """Check an IANA time-zone name such as ``Europe/Amsterdam``."""
    if not isinstance(value, str) or not value:
        return "must be an IANA time-zone name such as 'Europe/Amsterdam'"
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return (
            f"{value!r} is not an IANA time-zone name; use one such as 'Europe/Amsterdam' "
            "or 'UTC' (abbreviations like 'CET' or Windows names are not accepted)"
        )
    return None


_BCP47 = re.compile(r"[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-(?:[A-Z]{2}|[0-9]{3}))?")


@functools.cache
def _babel_knows(code: str) -> bool:
    import babel  # babel's locale data is large: load it only when validating

    try:
        babel.Locale.parse(code, sep="-")
    except (ValueError, babel.UnknownLocaleError):
        return False
    return True


def check_bcp47(value: object) -> str | None:
    """Check a BCP 47 language tag that babel knows, such as ``en`` or ``nl-BE``."""
    if not isinstance(value, str) or not _BCP47.fullmatch(value):
        return f"{value!r} is not a BCP 47 language tag such as 'en', 'nl' or 'pt-BR'"
    if not _babel_knows(value):
        return f"{value!r} is not a language that babel/CLDR knows"
    return None


def check_locale(value: object) -> str | None:
    """Check a page locale (a BCP 47 tag known to babel); it names an output folder."""
    return check_bcp47(value)


def check_published(locale: str, locales: Sequence[str]) -> str | None:
    """Check that a text's locale is one of the locales a programme publishes."""
    if locale in locales:
        return None
    return (
        f"locale {locale!r} is not one of the programme's locales ({', '.join(locales)}); "
        "add it to 'locales' or remove this text"
    )


_SURROGATE = re.compile("[\ud800-\udfff]")


def plain_text_problem(value: object, *, required: bool = True) -> str | None:
    """Check a text value: a string, not blank, and real Unicode text."""
    if not isinstance(value, str):
        return f"must be text, not {type(value).__name__}"
    if required and not value.strip():
        return "is empty; give a text or leave the field out"
    match = _SURROGATE.search(value)
    if match:
        return (
            f"contains a lone surrogate (U+{ord(match.group()):04X}) at position {match.start()}, "
            "which is not text in any encoding; fix the source of the data"
        )
    return None


def is_aware(value: dt.datetime) -> bool:
    """Tell whether a datetime carries a time zone with a defined offset."""
    return value.tzinfo is not None and value.tzinfo.utcoffset(value) is not None
