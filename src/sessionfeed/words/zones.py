"""The names of time zones in a locale's words: "Midden-Europese tijd", "Central European Time".

CLDR names most zones the same all year (the generic name); others by season
("British Summer Time"); a zone it files under another spelling (``Asia/Kolkata``
under ``Asia/Calcutta``) is found by each of its aliases. :class:`ZoneNames`
looks each name up once per locale.
"""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from typing import TYPE_CHECKING

from sessionfeed.words.catalogs import plain_spaces


if TYPE_CHECKING:
    from babel.core import Locale


__all__ = ["UTC_ZONES", "ZoneNames", "is_summer_time"]

#: Zones whose name is best given as "UTC" in every language.
UTC_ZONES = frozenset({"UTC", "Etc/UTC", "Etc/UCT", "UCT", "Etc/Universal", "Universal", "Etc/Zulu", "Zulu"})

#: CLDR's marker for "no name here, do not inherit one".
_NO_INHERITANCE = "\u2205\u2205\u2205"


class ZoneNames:
    """The long names CLDR gives time zones in one babel locale, each looked up once."""

    __slots__ = ("_memo", "babel")

    def __init__(self, babel: Locale) -> None:
        self.babel = babel
        self._memo: dict[tuple[str, ...], str] = {}

    def name(self, moment: dt.datetime) -> str:
        """The name of the moment's time zone: "Midden-Europese tijd", "Central European Time".

        The generic name (all year) when CLDR has one, else the name at that
        moment ("British Summer Time", "India Standard Time"); "UTC" for UTC;
        the offset ("GMT+05:45") when CLDR names neither.
        """
        tz = moment.tzinfo
        key = tz.key if isinstance(tz, zoneinfo.ZoneInfo) else None
        if key in UTC_ZONES or tz is dt.UTC:
            return "UTC"
        if key is not None:
            found: str | None = self._year_round_name(key)
            if found is not None:
                return found
            variant = "daylight" if is_summer_time(moment) else "standard"
            memo_key = ("zone", key, variant)
            found = self._memo.get(memo_key)
            if found is None:
                found = self._memo[memo_key] = self._zone_name(key, variant, moment)
            return found
        from babel.dates import get_timezone_name

        return plain_spaces(get_timezone_name(moment, "long", locale=self.babel))

    def _year_round_name(self, key: str) -> str | None:
        """The name CLDR gives a zone in either season, or ``None`` when the seasons differ.

        Most zones have one (the generic name): then the season is not worked out.
        """
        memo_key = ("zone all year", key)
        found: str | None = self._memo.get(memo_key)
        if found is None:
            daylight = self._cldr_zone_name(key, "daylight")
            standard = self._cldr_zone_name(key, "standard")
            found = self._memo[memo_key] = daylight if daylight is not None and daylight == standard else ""
        return found or None

    def _zone_name(self, key: str, variant: str, moment: dt.datetime) -> str:
        name = self._cldr_zone_name(key, variant)
        if name is not None:
            return name
        from babel.dates import get_timezone_name

        return plain_spaces(get_timezone_name(moment, "long", locale=self.babel))

    def _cldr_zone_name(self, key: str, variant: str) -> str | None:
        """The generic or the ``variant`` ("daylight", "standard") name CLDR has for a zone."""
        for names in self._zone_names(key):
            for wanted in ("generic", variant):
                name = names.get(wanted)
                if name and name != _NO_INHERITANCE:
                    return plain_spaces(str(name))
        return None

    def _zone_names(self, key: str) -> list[dict[str, str]]:
        """The long names CLDR has for a zone: its own, then its metazone's.

        babel looks a zone up by one spelling only, and misses e.g. the names of
        ``Asia/Kolkata`` (CLDR files them under ``Asia/Calcutta``); every alias is tried.
        """
        from babel.core import get_global

        meta_zones = get_global("meta_zones")
        found: list[dict[str, str]] = []
        for zone in _zone_spellings(key):
            found.append(dict(self.babel.time_zones.get(zone, {}).get("long", {})))
            metazone = meta_zones.get(zone)
            if metazone:
                found.append(dict(self.babel.meta_zones.get(metazone, {}).get("long", {})))
        return found


def is_summer_time(moment: dt.datetime) -> bool:
    """Whether clocks are on summer time, also where tzdata has negative DST (Ireland).

    tzdata gives Europe/Dublin a *negative* DST in winter, so its summer time
    has ``dst() == 0``; CLDR, like the law, calls the summer offset the daylight one.
    """
    offset = moment.dst() or dt.timedelta(0)
    if offset:
        return offset > dt.timedelta(0)
    for month in (1, 7):
        other = moment.replace(month=month, day=1).dst()
        if other is not None and other < dt.timedelta(0):
            return True
    return False


@functools.cache
def _zone_spellings(key: str) -> tuple[str, ...]:
    """An IANA zone and every other name CLDR may file it under (its aliases)."""
    from babel.core import get_global

    aliases: dict[str, str] = dict(get_global("zone_aliases"))
    canonical = aliases.get(key, key)
    spellings = dict.fromkeys([key, canonical])
    spellings.update(dict.fromkeys(old for old, new in aliases.items() if canonical in (new, old)))
    return tuple(spellings)
