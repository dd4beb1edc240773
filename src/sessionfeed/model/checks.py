"""Small validators shared by the model and the loader.

Each returns ``None`` when the value is fine, or a message that says what is
wrong and what would be right.
"""

from __future__ import annotations

import datetime as dt
import functools
import ipaddress
import math
import re
import reprlib
import urllib.parse
import zoneinfo
from collections.abc import Iterable, Sequence

from sessionfeed.exceptions import Problem, ProgrammeError


__all__ = [
    "FIRST_DAY",
    "LAST_DAY",
    "MAX_DURATION",
    "UTC_NAMES",
    "Collector",
    "check_bcp47",
    "check_day",
    "check_duration",
    "check_id",
    "check_locale",
    "check_moment",
    "check_parents",
    "check_published",
    "check_timezone",
    "check_url",
    "check_whole_number",
    "plain_text_problem",
    "shown",
    "type_name",
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


#: Every character an absolute URL never holds as it is (RFC 3986 and the WHATWG
#: URL standard's URL code points): the C0 and C1 controls, white space (what
#: ``str.isspace`` calls so), ``" < > \ ^ ` { | }``, lone surrogates and the
#: noncharacters; and the three that a URL holds in one place only, which
#: :func:`check_url` then looks at: ``[`` and ``]`` (around an IPv6 host), ``#``
#: (the first one starts the fragment) and ``%`` (only before two hex digits).
#: HTML validators report the others in an ``href``, and clients differ on them.
_URL_CHARACTERS = re.compile(
    "[\x00-\x20\x7f-\x9f\"<>\\\\^`{|}\\[\\]#"
    "\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
    "\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
    + "".join(f"{chr(plane + 0xFFFE)}{chr(plane + 0xFFFF)}" for plane in range(0x10000, 0x110000, 0x10000))
    + "]|%(?![0-9A-Fa-f]{2})",
)
_URL_START = re.compile(r"(https?)://([^/?#]*)", re.IGNORECASE)
_PORT = re.compile(r"[0-9]{0,5}")
_MAX_PORT = 65535
_URL_EXAMPLE = "(e.g. 'https://example.org/page')"


def _url_character(value: str, position: int) -> str:
    """Say what is wrong with the character of a URL at ``position``, and how to write it."""
    char = value[position]
    if char == "%":
        return (
            f"{value!r} has a '%' at position {position} that does not start a percent-escape "
            "of two hex digits: write a percent sign as '%25'"
        )
    if "\ud800" <= char <= "\udfff":
        return (
            f"{value!r} has a lone surrogate (U+{ord(char):04X}) at position {position}, "
            "which is not text in any encoding; fix the source of the data"
        )
    why = ""
    if char == "#":
        what = "a second '#'"
        why = " (only the first one starts the fragment)"
    elif char in "[]":
        what = repr(char)
        why = ", which a URL holds only around an IPv6 address as its host (http://[2001:db8::1]/)"
    elif char.isprintable() and not char.isspace():
        what = repr(char)
    else:
        code = ord(char)
        kind = "white space" if char.isspace() else "a control character"
        if 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE:
            kind = "a noncharacter, which XML and HTML cannot carry"
        what = f"U+{code:04X} ({kind})"
    encoded = urllib.parse.quote(char, safe="")
    return f"{value!r} has {what} at position {position}{why}: percent-encode it as {encoded!r}"


def check_url(value: object) -> str | None:
    """Check an absolute http(s) URL with a host, written only with the characters a URL may hold.

    The one rule for every URL of a programme (links, join URLs, recordings,
    images, pages of people and organisations, ``base_url``): the outputs
    write it as it is, into ``href`` and ``src`` attributes, iCalendar
    ``URL`` properties and JSON-LD, so it must already be what those carry.
    A message names the first character at fault, its position (counting
    from 0) and its percent-encoding.
    """
    if not isinstance(value, str):
        return f"must be a URL text, not {type_name(value)}"
    start = _URL_START.match(value)
    if start is None or not start[2]:
        return f"{value!r} is not an absolute http(s) URL {_URL_EXAMPLE}"
    # The host, after any user name: '[' and ']' may enclose an IPv6 address there.
    host_at = start.start(2) + start[2].rfind("@") + 1
    host_end = start.end(2)
    brackets: tuple[int, ...] = ()
    host, port = value[host_at:host_end], ""
    if host.startswith("["):
        close = host.find("]")
        if close > 0 and _is_ipv6(host[1:close]):
            brackets = (host_at, host_at + close)
            host, port = host[: close + 1], host[close + 1 :]
    elif ":" in host:
        host, port = host.split(":", 1)
        port = f":{port}"
    first_hash = value.find("#")
    for found in _URL_CHARACTERS.finditer(value):
        at = found.start()
        if at not in brackets and at != first_hash:
            return _url_character(value, at)
    if not host:
        return f"{value!r} is not an absolute http(s) URL: it has no host {_URL_EXAMPLE}"
    if port and not (port.startswith(":") and _PORT.fullmatch(port[1:]) and int(port[1:] or 0) <= _MAX_PORT):
        number = port.removeprefix(":")
        return f"{value!r} has the port {number!r}, which is not a number from 0 to {_MAX_PORT}"
    try:
        urllib.parse.urlsplit(value)
    except ValueError:
        # What is left: a host with characters that Unicode normalisation (NFKC)
        # turns into '/', '?', '#', '@' or ':', such as a fullwidth solidus.
        return (
            f"{value!r} has a host with a character that reads as '/', '?', '#', '@' or ':' "
            "once normalised (such as a fullwidth solidus, U+FF0F): write the host in ASCII or punycode"
        )
    return None


def _is_ipv6(text: str) -> bool:
    try:
        ipaddress.IPv6Address(text)
    except ValueError:
        return False
    return True


#: The names of UTC itself, every one of which the outputs write in UTC's own
#: form (``Z``). ``GMT`` is UTC the whole year: the time in the United Kingdom,
#: with its summer time, is ``Europe/London``.
UTC_NAMES = frozenset(
    {
        "UTC", "Etc/UTC", "UCT", "Etc/UCT", "Universal", "Etc/Universal", "Zulu", "Etc/Zulu",
        "GMT", "Etc/GMT", "GMT0", "Etc/GMT0", "GMT+0", "Etc/GMT+0", "GMT-0", "Etc/GMT-0",
        "Greenwich", "Etc/Greenwich",
    },
)  # fmt: skip
_FIXED_OFFSET = re.compile(r"Etc/GMT([+-])([0-9]{1,2})")
_PLACE_EXAMPLE = "use the zone of a place, such as 'Europe/Amsterdam' or 'America/New_York', or 'UTC'"


@functools.cache
def _iana_names() -> frozenset[str]:
    """Every zone name the installed time-zone database has (canonical names and aliases)."""
    return frozenset(zoneinfo.available_timezones())


def check_timezone(value: object) -> str | None:
    """Check a time zone: an IANA Area/Location name (canonical or alias), or a name of UTC.

    Accepted: ``Europe/Amsterdam``, ``America/Argentina/Buenos_Aires``,
    aliases such as ``Asia/Calcutta`` or ``US/Eastern``, and the names of
    UTC (:data:`UTC_NAMES`). Refused: abbreviations and the old POSIX-style
    zones (``CET``, ``EST``, ``EST5EDT``, ``MET``), names without an area
    (``Japan``, ``localtime``), the fixed offsets ``Etc/GMT+5`` (whose sign
    is the reverse of ISO 8601's), and Windows names. Calendars write the
    name in ``TZID``, and clients read abbreviations each their own way.
    """
    if not isinstance(value, str) or not value:
        return "must be an IANA time-zone name such as 'Europe/Amsterdam'"
    if value in UTC_NAMES:
        return None
    area, _, place = value.partition("/")
    known = value in _iana_names()
    if known and place and area != "Etc":
        return None
    fixed = _FIXED_OFFSET.fullmatch(value)
    if known and fixed:
        sign = "-" if fixed[1] == "+" else "+"
        return (
            f"{value!r} is a fixed offset, UTC{sign}{fixed[2]} (its sign is the reverse of what "
            f"it looks like), and never follows summer time; {_PLACE_EXAMPLE}"
        )
    if known:
        return (
            f"{value!r} is not an Area/Location name: abbreviations and old names such as "
            f"'CET', 'EST' or 'EST5EDT' are refused, since calendars read them each their own way; "
            f"{_PLACE_EXAMPLE}"
        )
    return (
        f"{value!r} is not an IANA time-zone name; {_PLACE_EXAMPLE} "
        "(Windows names such as 'W. Europe Standard Time' are not accepted)"
    )


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
        return f"{shown(value)} is not a BCP 47 language tag such as 'en', 'nl' or 'pt-BR'"
    if not _babel_knows(value):
        return f"{value!r} is not a language that babel/CLDR knows"
    return None


#: A page locale, which names an output folder, is a BCP 47 tag that babel knows.
check_locale = check_bcp47


def check_parents(ident: str, parents: Iterable[str]) -> str | None:
    """Check that an organisation's chain of parents does not lead back to it.

    The one rule for both sides of a parent: the programme walks the parents
    of its organisations, and the loader the parent ids of a file, which it
    must follow before any organisation can be built.

    Args:
        ident: The organisation's id.
        parents: The ids of its parent, its parent's parent, and so on.
    """
    chain = [ident]
    for parent in parents:
        chain.append(parent)
        if parent == ident:
            return (
                f"makes a cycle of parents ({' → '.join(chain)}): an organisation cannot be part "
                "of itself; remove one of these parents"
            )
    return None


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


def type_name(value: object) -> str:
    """The name of a value's type, for messages about a value of the wrong type."""
    return type(value).__name__


# ------------------------------------------------------------- dates and numbers

#: The first and the last day of every date and instant of a programme. ISO
#: 8601, RFC 3339 and RFC 5545 count in the Gregorian calendar, whose dates
#: before 1583 need the reader's agreement (ISO 8601 §3.2.1); and the last year
#: leaves a year of room below Python's 9999, so that every value derived from
#: one in range (the day after a last day, an instant in UTC, a publication
#: date before a start, the rules of a VTIMEZONE) can still be computed.
FIRST_DAY = dt.date(1583, 1, 1)
LAST_DAY = dt.date(9998, 12, 31)
_RANGE = f"{FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()}"
#: The longest duration: the whole range.
MAX_DURATION = dt.datetime.combine(LAST_DAY, dt.time(23, 59, 59)) - dt.datetime.combine(FIRST_DAY, dt.time())


def _outside(day: dt.date) -> bool:
    return not FIRST_DAY <= day <= LAST_DAY


def check_day(value: dt.date) -> str | None:
    """Check that a day is within the supported range (:data:`FIRST_DAY` to :data:`LAST_DAY`)."""
    if _outside(value):
        return f"{value.isoformat()} is outside the dates sessionfeed supports ({_RANGE}); correct the year"
    return None


def check_moment(value: dt.datetime) -> str | None:
    """Check a date and time: whole seconds, and within the supported range.

    An aware one must be within the range both as it is written (its local
    time) and in UTC; a naive one (a local time not yet placed in a zone) is
    checked as it is written.
    """
    if value.microsecond:
        return (
            f"{value.isoformat()} has a fraction of a second; times are whole seconds: "
            f"round it to {value.replace(microsecond=0).isoformat()} or the second after"
        )
    if _outside(value.date()):
        return f"{value.isoformat()} is outside the dates sessionfeed supports ({_RANGE}); correct the year"
    if value.tzinfo is not None and value.utcoffset() is not None:
        # Safe: a day in range is a day or less from a UTC day in Python's range.
        utc = value.astimezone(dt.UTC)
        if _outside(utc.date()):
            return (
                f"{value.isoformat()} is {utc.isoformat()} in UTC, outside the dates sessionfeed "
                f"supports ({_RANGE}); correct the date"
            )
    return None


def check_duration(value: object) -> str | None:
    """Check a duration: a :class:`datetime.timedelta` longer than zero, whole seconds, at most the range."""
    if not isinstance(value, dt.timedelta):
        return f"must be a duration (datetime.timedelta), not {type_name(value)}"
    if value <= dt.timedelta(0):
        return "must be longer than zero"
    if value > MAX_DURATION:
        return f"is longer than the dates sessionfeed supports ({_RANGE}) span; give a shorter one"
    if value.microseconds:
        return (
            f"has a fraction of a second ({value.total_seconds():.6f}".rstrip("0")
            + " seconds); durations are whole "
            "seconds: round it"
        )
    return None


def check_whole_number(value: object, low: int, high: int, what: str = "a whole number") -> str | None:
    """Check a whole number (not ``True``/``False``) from ``low`` to ``high``."""
    if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high:
        return None
    return f"must be {what} from {low} to {high}"


#: Numbers longer than this many bits are shown by their number of digits.
_BIG_BITS = 256
_SHOWN = reprlib.Repr()
_SHOWN.maxlevel = 2
_SHOWN.maxstring = _SHOWN.maxother = 200


def shown(value: object) -> str:
    """A value as a message quotes it: ``repr``, but bounded for lists, tables and huge numbers.

    A value read from a file can be a list nested hundreds of levels deep or
    a number of thousands of digits, whose plain ``repr`` recurses that deep
    or refuses to convert (:func:`sys.set_int_max_str_digits`).
    """
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > _BIG_BITS:
        return f"a number of {math.floor(math.log10(abs(value))) + 1} digits"
    if isinstance(value, str | int | float | dt.date | dt.time | dt.timedelta) or value is None:
        return repr(value)
    return _SHOWN.repr(value)
