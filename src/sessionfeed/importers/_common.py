"""What the importers share: reading a source, slug ids, people and organisations, dates in words.

A :class:`Registry` collects the organisations and people an importer meets,
each once: the same name (compared without case, accents and extra spaces)
is the same person or organisation wherever it appears, and each gets a slug
id that is unique and depends only on the source.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sessionfeed.exceptions import ArgumentError, Problem, ProgrammeError
from sessionfeed.importers.base import Notice
from sessionfeed.model.checks import check_bcp47, check_file_id, check_id, check_timezone, check_url


__all__ = [
    "MONTHS",
    "Registry",
    "read_text",
    "slug",
    "split_short_name",
]

_MAX_BYTES = 50 * 1024 * 1024
# Files people take for text: what they are, by their first bytes.
_NOT_TEXT = (
    (b"PK\x03\x04", "a zipped file (an .xlsx or .ods workbook, a .docx)"),
    (b"\xd0\xcf\x11\xe0", "an old Office file (.xls, .doc)"),
    (b"%PDF", "a PDF"),
)
_SAVE_AS = "save it as text (a page as .html or .txt, a sheet as 'CSV UTF-8') and import that"

# Month names and abbreviations, in Dutch, English, German and French, lower case.
MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    [
        "januari january jan januar janvier janv",
        "februari february feb februar février fevrier févr",
        "maart march mrt mar märz maerz mars",
        "april apr avril avr",
        "mei may mai",
        "juni june jun juin",
        "juli july jul juillet juil",
        "augustus august aug août aout",
        "september sept sep septembre",
        "oktober october okt oct octobre",
        "november nov novembre",
        "december dec dezember dez décembre decembre déc",
    ],
    start=1,
):
    for _name in _names.split():
        MONTHS[_name] = _number


def refuse(source: str, message: str, *, path: str = "", line: int | None = None) -> ProgrammeError:
    """A :class:`ProgrammeError` about the whole source (raise it)."""
    return ProgrammeError([Problem(path=path, message=message, file=source, line=line)])


def check_options(*, locale: str | None, timezone: str | None, base_url: str | None) -> None:
    """Check the options a listing and a sheet share.

    Raises:
        ArgumentError: The first option given that is not valid.
    """
    for option, given, check in (("locale", locale, check_bcp47), ("timezone", timezone, check_timezone),
                                 ("base_url", base_url, check_url)):  # fmt: skip
        if given is not None and (problem := check(given)) is not None:
            raise ArgumentError(f"{option}: {problem}")


def read_text(source: str | os.PathLike[str], *, encoding: str = "utf-8") -> str:
    """The text of a source file, without a byte-order mark.

    Raises:
        ProgrammeError: The file is missing, unreadable, too large, binary or not
            in ``encoding``; the message names the file and says what to do.
    """
    name = os.fspath(source)
    try:
        with Path(name).open("rb") as handle:
            raw = handle.read(_MAX_BYTES + 1)
    except FileNotFoundError:
        raise refuse(name, "no such file") from None
    except IsADirectoryError:
        raise refuse(name, "is a folder, not a file") from None
    except OSError as error:
        raise refuse(name, f"cannot be read: {error.strerror or error}") from None
    if len(raw) > _MAX_BYTES:
        raise refuse(
            name, f"is larger than {_MAX_BYTES // (1024 * 1024)} MB: split it, or import its parts one by one"
        )
    if not raw.strip():
        raise refuse(name, "is empty")
    for magic, what in _NOT_TEXT:
        if raw.startswith(magic):
            raise refuse(name, f"is {what}, not a text file: {_SAVE_AS}")
    head = raw[:8192]
    if head.count(b"\x00") * 20 > len(head) and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise refuse(name, f"is a binary file, not text: {_SAVE_AS}")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) and encoding.lower().replace("_", "-") in {"utf-8", "utf8"}:
        encoding = "utf-16"
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise refuse(
            name,
            f"is not {encoding} text (byte 0x{raw[error.start]:02x} at byte {error.start}): "
            "save it as UTF-8, "
            "or give its encoding (--encoding cp1252 for a file from Excel on Windows)",
            line=line,
        ) from None
    except LookupError:
        raise refuse(
            name, f"unknown encoding {encoding!r}: give one Python knows, such as utf-8 or cp1252"
        ) from None
    return text.removeprefix("\ufeff")


# Letters that do not decompose into an ASCII letter and an accent.
_LETTERS = str.maketrans({"ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "ß": "ss", "ł": "l", "Ł": "L", "đ": "d",
                          "Đ": "D", "þ": "th", "Þ": "Th", "œ": "oe", "Œ": "OE", "\u0131": "i"})  # fmt: skip


def slug(text: str, *, fallback: str, limit: int = 60) -> str:
    """A slug id made from ``text``: ASCII letters and digits joined by ``-``, at most ``limit`` long.

    Accents are dropped (``Björn`` is ``bjorn``); a text with no letter or
    digit in ASCII gives ``fallback``.
    """
    plain = unicodedata.normalize("NFKD", text.replace("&", " and ").translate(_LETTERS))
    plain = plain.encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", plain.lower())
    out = ""
    for word in words:
        candidate = f"{out}-{word}" if out else word
        if len(candidate) > limit:
            break
        out = candidate
    if not out and words:
        out = words[0][:limit]
    if not out or check_id(out) is not None or check_file_id(out) is not None:
        return fallback
    return out


def unique(ident: str, taken: set[str]) -> str:
    """``ident``, or ``ident-2``, ``ident-3``… whichever is not taken yet; then taken."""
    found, number = ident, 1
    while found in taken or check_file_id(found) is not None:
        number += 1
        found = f"{ident[:70]}-{number}"
    taken.add(found)
    return found


def squash(text: str) -> str:
    """``text`` with every run of white space one space, and none at the ends."""
    return " ".join(text.split())


def _key(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode() or text
    return squash(plain).casefold()


_ACRONYM = re.compile(r"[A-Z0-9][A-Za-z0-9&.\-]{1,11}")


def is_short_name(text: str) -> bool:
    """Whether ``text`` looks like an abbreviation: ``IGS``, ``OECD``, ``ILO``, ``S&P``."""
    return bool(_ACRONYM.fullmatch(text)) and sum(ch.isupper() for ch in text) >= 2 and " " not in text


def split_short_name(text: str) -> tuple[str, str | None]:
    """Split "Initiative for Global Solidarity (IGS)", "..., IGS" or "... - IGS": name and short name."""
    text = squash(text)
    for pattern in (r"^(?P<name>.+?)\s*\((?P<short>[^()]+)\)$", r"^(?P<name>.+?),\s*(?P<short>[^,]+)$",
                    r"^(?P<name>.+?)\s+[-\u2013\u2014]\s+(?P<short>\S+)$"):  # fmt: skip
        match = re.match(pattern, text)
        if match and is_short_name(match["short"]) and not is_short_name(match["name"]):
            return match["name"], match["short"]
    return text, None


def matching_paren(text: str, close: int) -> int | None:
    """The index of the ``(`` that the ``)`` at ``close`` closes, or ``None``."""
    depth = 0
    for index in range(close, -1, -1):
        if text[index] == ")":
            depth += 1
        elif text[index] == "(":
            depth -= 1
            if depth == 0:
                return index
    return None


def split_person(text: str) -> tuple[str, str | None, str | None]:
    """Split ``Name (Organisation)``, ``Name, Organisation`` or ``Name - Organisation``.

    Returns:
        The name, the organisation (``None`` if there is none) and a doubt to
        report (``None`` when the split is clear).
    """
    text = squash(text).rstrip(";")
    # "Name, Organisation (SHORT)": the comma comes before any parenthesis.
    if text.endswith(")") and "," not in text.split("(", 1)[0]:
        start = matching_paren(text, len(text) - 1)
        if start is not None and start > 0 and text[:start].strip():
            name, org = text[:start].strip().rstrip(","), text[start + 1 : -1].strip()
            if org:
                return name, org, None
    if "," in text:
        name, org = (part.strip() for part in text.split(",", 1))
        if name and org:
            doubt = None
            if "," in org and not split_short_name(org)[1]:
                doubt = f"read {text!r} as the name {name!r} and the organisation {org!r}; check it"
            return name, org, doubt
    match = re.fullmatch(r"(.+?)\s+[\u2013\u2014-]\s+(.+)", text)
    if match and len(match[1].split()) <= 5:
        return match[1], match[2], None
    if len(text.split()) > 5:
        return text, None, f"could not split {text!r} into a name and an organisation; kept it as the name"
    return text, None, None


class Registry:
    """The organisations and people met so far, each once, with slug ids."""

    def __init__(self) -> None:
        self.organisations: dict[str, dict[str, Any]] = {}
        self.people: dict[str, dict[str, Any]] = {}
        self.guessed: dict[str, str] = {}
        self.notices: list[Notice] = []
        self._orgs: dict[str, str] = {}
        self._people: dict[str, str] = {}
        self._taken_orgs: set[str] = set()
        self._taken_people: set[str] = set()

    def organisation(self, text: str) -> str:
        """The id of the organisation ``text`` names (``Name``, ``Name (SHORT)``), added if new."""
        name, short = split_short_name(text)
        for key in filter(None, (_key(name), short and _key(short), _key(text))):
            if key in self._orgs:
                ident = self._orgs[key]
                entry = self.organisations[ident]
                if short and "short_name" not in entry and _key(entry["name"]) == _key(name):
                    entry["short_name"] = short
                    self._orgs[_key(short)] = ident
                return ident
        ident = unique(slug(short or name, fallback="organisation", limit=40), self._taken_orgs)
        self.organisations[ident] = {"name": name, "short_name": short} if short else {"name": name}
        for known in (name, text, short) if short else (name, text):
            self._orgs[_key(known)] = ident
        return ident

    def person(self, name: str, organisation: str | None, *, line: int | None, path: str) -> str:
        """The id of the person named ``name``, added if new; their affiliation if it is new."""
        org = None if organisation is None else self.organisation(organisation)
        key = _key(name)
        if key in self._people:
            ident = self._people[key]
            entry = self.people[ident]
            if org is not None and entry.get("affiliation") not in (None, org):
                before = self.organisations[entry["affiliation"]]["name"]
                message = f"{name!r} is with {organisation!r} here and with {before!r} before; kept the first"
                self.notices.append(Notice(message=message, line=line, path=path))
            elif org is not None:
                entry["affiliation"] = org
            return ident
        ident = unique(slug(name, fallback="person", limit=40), self._taken_people)
        entry = {"name": name}
        if org is not None:
            entry["affiliation"] = org
        self.people[ident] = entry
        self._people[key] = ident
        return ident


def month_of(word: str) -> int | None:
    """The number of a month named in Dutch, English, German or French (``mrt``, ``Sept.``)."""
    return MONTHS.get(word.lower().rstrip("."))


_MONTH_WORD = r"[A-Za-zÀ-ÿ]{3,10}\.?"
_YEAR = r"\d{4}"
_NOT_KNOWN = {"tba", "tbd", "tbc", "unknown", "datum volgt nog", "datum volgt", "date to be announced",
              "date tba", "nog niet bekend", "to be announced", "to be confirmed"}  # fmt: skip
# A whole date: 2026-05-04, 4 mei 2026, 4. Mai 2026, May 4, 2026 (a weekday before it is allowed).
_FULL_DATE = (
    rf"(?:[A-Za-zÀ-ÿ]+,?\s+)?(?:\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}\.?\s+{_MONTH_WORD}\s+{_YEAR}"
    rf"|{_MONTH_WORD}\s+\d{{1,2}},?\s+{_YEAR})"
)
_CLOCK = r"\d{1,2}(?:[:.]\d{2})?\s*(?:[ap]\.?\s?m\.?)?"
_UNTIL = r"\s*(?:[\u2013\u2014-]|\bto\b|\btot\b|\buntil\b|\bt/m\b)\s*"
_SPAN = re.compile(
    rf"(?P<d1>{_FULL_DATE})(?:,?\s+(?:om\s+|at\s+|from\s+|van\s+)?(?P<t1>{_CLOCK}))?{_UNTIL}"
    rf"(?P<d2>{_FULL_DATE})(?:,?\s+(?:om\s+|at\s+)?(?P<t2>{_CLOCK}))?",
    re.IGNORECASE,
)
_TIMES = re.compile(
    rf"(?:\b(?:from|van)\s+)?(?P<t1>\d{{1,2}}(?:[:.]\d{{2}})?)\s*(?P<p1>[ap]\.?\s?m\.?)?{_UNTIL}"
    rf"(?P<t2>\d{{1,2}}(?:[:.]\d{{2}})?)\s*(?P<p2>[ap]\.?\s?m\.?)?(?:\s*(?:uur|u|h)\b)?",
    re.IGNORECASE,
)


def parse_when(text: str, *, timezone: str | None = None) -> tuple[Any, str | None]:
    """Read a date in words or figures into the ``when`` of a programme file.

    Understood: ``December 2023``, ``december 2023``, ``2023-12`` (a month);
    ``4 mei 2026``, ``May 4, 2026``, ``2026-05-04`` (a day); ``4-6 mei 2026``,
    ``30 april - 2 mei 2026``, ``30 december 2026 - 2 januari 2027`` (days); a day
    with ``14:00-15:30`` or ``2-3.30 pm`` (a time, in ``timezone``); ``12 maart
    2026, 22:00 - 13 maart 2026, 01:00`` (a time across days); ``tba``, ``datum
    volgt nog``, ``date to be announced`` (not known).

    Returns:
        The ``when`` value (``None`` for not known) and what could not be read
        (``None`` when all of it was).
    """
    plain = squash(text).strip(" .,;")
    if plain.lower() in _NOT_KNOWN:
        return None, None
    if re.fullmatch(r"\d{4}-\d{2}", plain):
        return plain, None
    span = _span(plain, timezone)
    if span is not None:
        return span
    days = _days(plain)
    if days is None:
        match = re.fullmatch(rf"({_MONTH_WORD})\s+({_YEAR})", plain)
        if match and month_of(match[1]) is not None:
            return f"{match[2]}-{month_of(match[1]):02d}", None
        return None, plain
    first, last, rest = days
    times = _TIMES.search(rest)
    if times and first == last:
        start_time = _clock(times["t1"], times["p1"] or times["p2"])
        end_time = _clock(times["t2"], times["p2"])
        if start_time is None or end_time is None or not (":" in times[0] or "." in times[0] or times["p2"]):
            return day_value(first, last), squash(rest).strip(" ,·") or None
        start = dt.datetime.combine(first, start_time)
        end = dt.datetime.combine(first, end_time)
        if end <= start:
            end += dt.timedelta(days=1)
        value: dict[str, Any] = {"start": start.isoformat(), "end": end.isoformat()}
        if timezone is not None:
            value["timezone"] = timezone
        left = squash(rest.replace(times[0], "")).strip(" ,·")
        return value, left or None
    return day_value(first, last), squash(rest).strip(" ,·") or None


def _clock(text: str, meridiem: str | None) -> dt.time | None:
    """``14:00``, ``14.00``, ``2`` with ``pm``: a time of day, or ``None``."""
    hour_text, _, minute_text = text.replace(".", ":").partition(":")
    hour, minute = int(hour_text), int(minute_text or 0)
    if meridiem:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if meridiem.lower().startswith("p") else 0)
    if hour > 23 or minute > 59:
        return None
    return dt.time(hour, minute)


def _one_day(text: str) -> dt.date | None:
    found = _days(text)
    if found is None or found[0] != found[1] or found[2].strip(" ,"):
        return None
    return found[0]


def _span(plain: str, timezone: str | None) -> tuple[Any, str | None] | None:
    """A range between two whole dates, each with or without a time; ``None`` if ``plain`` is none."""
    match = _SPAN.fullmatch(plain)
    if not match or bool(match["t1"]) != bool(match["t2"]):
        return None
    first, last = _one_day(match["d1"]), _one_day(match["d2"])
    if first is None or last is None:
        return None
    if not match["t1"]:
        return (day_value(first, last), None) if first <= last else None
    p1, p2 = re.search(r"[ap]\.?\s?m", match["t1"], re.I), re.search(r"[ap]\.?\s?m", match["t2"], re.I)
    start_time = _clock(re.sub(r"[^\d:.]", "", match["t1"]), p1[0] if p1 else None)
    end_time = _clock(re.sub(r"[^\d:.]", "", match["t2"]), p2[0] if p2 else None)
    if start_time is None or end_time is None:
        return None
    start, end = dt.datetime.combine(first, start_time), dt.datetime.combine(last, end_time)
    if end <= start:
        return None
    value: dict[str, Any] = {"start": start.isoformat(), "end": end.isoformat()}
    if timezone is not None:
        value["timezone"] = timezone
    return value, None


def day_value(first: dt.date, last: dt.date) -> Any:
    """The ``when`` of the days from ``first`` to ``last``: one day, or a range."""
    if first == last:
        return first.isoformat()
    return {"start": first.isoformat(), "end": last.isoformat()}


def _date(year: str, month: int | None, day: str) -> dt.date | None:
    if month is None:
        return None
    try:
        return dt.date(int(year), month, int(day))
    except ValueError:
        return None


def _days(text: str) -> tuple[dt.date, dt.date, str] | None:
    """The first and last day a text names, and the rest of the text."""
    patterns: Iterable[tuple[str, Any]] = (
        (r"(\d{4})-(\d{2})-(\d{2})(?:\s*[\u2013\u2014/]\s*(\d{4})-(\d{2})-(\d{2}))?",
         lambda m: (_date(m[1], int(m[2]), m[3]), _date(m[4], int(m[5]), m[6]) if m[4] else None)),
        (rf"\b(\d{{1,2}})\.?\s*(?:({_MONTH_WORD})\s*)?[\u2013\u2014-]\s*(\d{{1,2}})\.?\s+({_MONTH_WORD})\s+({_YEAR})",
         lambda m: (_date(m[5], month_of(m[2] or m[4]), m[1]), _date(m[5], month_of(m[4]), m[3]))),
        (rf"\b(\d{{1,2}})\.?\s+({_MONTH_WORD})\s+({_YEAR})",
         lambda m: (_date(m[3], month_of(m[2]), m[1]), None)),
        (rf"({_MONTH_WORD})\s+(\d{{1,2}})\s*[\u2013\u2014-]\s*(\d{{1,2}}),?\s+({_YEAR})",
         lambda m: (_date(m[4], month_of(m[1]), m[2]), _date(m[4], month_of(m[1]), m[3]))),
        (rf"({_MONTH_WORD})\s+(\d{{1,2}}),?\s+({_YEAR})",
         lambda m: (_date(m[3], month_of(m[1]), m[2]), None)),
    )  # fmt: skip
    for pattern, make in patterns:
        match = re.search(pattern, text)
        if not match:
            continue
        first, last = make(match)
        if first is None:
            continue
        last = last or first
        if last < first:
            continue
        # A weekday before the date says nothing more.
        rest = re.sub(r"^\s*[A-Za-zÀ-ÿ]+,?\s*$", "", text[: match.start()]) + text[match.end() :]
        return first, last, rest
    return None
