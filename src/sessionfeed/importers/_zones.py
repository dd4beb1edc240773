"""Time zones named in words: "(Midden-Europese tijd)", "(Central European Time)", "(UTC)", "(GMT+05:45)".

sessionfeed's own text and page write a time with the name of its zone in
the reader's language. An importer reading such a text asks which zone the
name is; the answer is the first of :data:`ZONES` that has that name in any
of the languages tried, or a fixed offset.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import zoneinfo


__all__ = ["ZONES", "exists", "zone_named"]

#: The zones an importer recognises by name, the most common first (one per name wins).
ZONES = (
    "UTC", "Europe/Amsterdam", "Europe/London", "Europe/Dublin", "Europe/Lisbon", "Europe/Helsinki",
    "Europe/Moscow", "Europe/Istanbul", "America/New_York", "America/Chicago", "America/Denver",
    "America/Phoenix", "America/Los_Angeles", "America/Anchorage", "Pacific/Honolulu", "America/Halifax",
    "America/St_Johns", "America/Sao_Paulo", "America/Argentina/Buenos_Aires", "America/Bogota",
    "America/Mexico_City", "America/Santiago", "America/Lima", "Africa/Lagos", "Africa/Nairobi",
    "Africa/Johannesburg", "Africa/Cairo", "Asia/Dubai", "Asia/Karachi", "Asia/Kolkata",
    "Asia/Kathmandu", "Asia/Dhaka", "Asia/Bangkok", "Asia/Jakarta", "Asia/Shanghai", "Asia/Hong_Kong",
    "Asia/Singapore", "Asia/Manila", "Asia/Tokyo", "Asia/Seoul", "Australia/Perth", "Australia/Adelaide",
    "Australia/Brisbane", "Australia/Sydney", "Pacific/Auckland", "Pacific/Chatham",
)  # fmt: skip

_LANGUAGES = ("nl", "en", "de", "fr")
# Abbreviations pages write beside a time, each read as the most common zone that uses it.
_ABBREVIATIONS = {
    "CET": "Europe/Amsterdam", "CEST": "Europe/Amsterdam", "MET": "Europe/Amsterdam", "MEZ": "Europe/Berlin",
    "MESZ": "Europe/Berlin", "BST": "Europe/London", "WET": "Europe/Lisbon", "WEST": "Europe/Lisbon",
    "EET": "Europe/Helsinki", "EEST": "Europe/Helsinki", "EST": "America/New_York", "EDT": "America/New_York",
    "ET": "America/New_York", "CST": "America/Chicago", "CDT": "America/Chicago", "MST": "America/Denver",
    "MDT": "America/Denver", "PST": "America/Los_Angeles", "PDT": "America/Los_Angeles",
    "PT": "America/Los_Angeles", "IST": "Asia/Kolkata", "JST": "Asia/Tokyo", "AEST": "Australia/Sydney",
    "AEDT": "Australia/Sydney", "NZST": "Pacific/Auckland", "NZDT": "Pacific/Auckland",
}  # fmt: skip
_OFFSET = re.compile(
    r"(?:GMT|UTC)\s*(?P<sign>[+\-\u2212])\s*(?P<hours>\d{1,2})(?::?(?P<minutes>\d{2}))?", re.I
)


def _fold(name: str) -> str:
    return " ".join(name.replace("-", " ").split()).casefold()


@functools.cache
def _names(year: int) -> dict[str, str]:
    from sessionfeed.words.vocabulary import Words

    found: dict[str, str] = {}
    for key in ZONES:
        zone = zoneinfo.ZoneInfo(key)
        for language in _LANGUAGES:
            try:
                words = Words.of(language)
            except ValueError:  # pragma: no cover - babel has all four
                continue
            for month in (1, 7):
                name = words.timezone_name(dt.datetime(year, month, 15, 12, tzinfo=zone))
                found.setdefault(_fold(name), key)
        found.setdefault(_fold(key), key)
        found.setdefault(_fold(key.rsplit("/", 1)[-1].replace("_", " ")), key)
    for alias in ("gmt", "z", "utc", "coordinated universal time"):
        found.setdefault(alias, "UTC")
    for alias, key in _ABBREVIATIONS.items():
        found.setdefault(alias.casefold(), key)
    return found


def zone_named(name: str, year: int = 2026) -> str | None:
    """The zone ``name`` names ("Central European Time" is ``Europe/Amsterdam``), or ``None``.

    A fixed offset ("GMT+05:45", "UTC-3") is ``Etc/GMT-3`` for whole hours
    (IANA's sign is the other way round) and ``None`` otherwise.
    """
    text = name.strip()
    if (match := _OFFSET.fullmatch(text)) is not None:
        if match["minutes"] not in (None, "00"):
            return None
        hours = int(match["hours"])
        if hours == 0:
            return "UTC"
        if hours > 14:
            return None
        sign = "-" if match["sign"] == "+" else "+"
        return f"Etc/GMT{sign}{hours}"
    if re.fullmatch(r"[A-Za-z][A-Za-z0-9_+\-]*(?:/[A-Za-z0-9_+\-]+){1,2}", text) and len(text) <= 60:
        try:
            zoneinfo.ZoneInfo(text)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
            pass
        else:
            return text
    return _names(year).get(_fold(text))


def exists(moment: dt.datetime, zone: str) -> bool:
    """Whether the wall time ``moment`` (naive) happens in ``zone``: not in the hour the clocks skip."""
    tz = zoneinfo.ZoneInfo(zone)
    aware = moment.replace(tzinfo=tz)
    back = aware.astimezone(dt.UTC).astimezone(tz)
    return back.replace(tzinfo=None) == moment
