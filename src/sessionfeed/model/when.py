"""When a session is: a time span, whole days, a month, or not known yet."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import TypeAlias

import attrs

from sessionfeed.model.checks import (
    FIRST_DAY,
    LAST_DAY,
    Collector,
    check_moment,
    check_timezone,
    check_whole_number,
    is_aware,
    type_name,
)
from sessionfeed.model.fields import day_problem


# --------------------------------------------------------------------------- when


@attrs.frozen(kw_only=True)
class Timed:
    """An exact start and end, each aware, in an IANA time zone.

    Attributes:
        start: The start, with a :class:`zoneinfo.ZoneInfo` time zone.
        end: The end, later than the start, in the same time zone.
    """

    start: dt.datetime
    end: dt.datetime

    def __attrs_post_init__(self) -> None:
        c = Collector()
        for name in ("start", "end"):
            value = getattr(self, name)
            if not isinstance(value, dt.datetime):
                c.add(name, f"must be a date and time, not {type_name(value)}")
            elif not isinstance(value.tzinfo, zoneinfo.ZoneInfo) or not is_aware(value):
                c.add(name, "needs an IANA time zone (zoneinfo.ZoneInfo), e.g. Europe/Amsterdam")
            else:
                c.add(name, check_timezone(value.tzinfo.key) or check_moment(value))
        c.raise_if_any()
        if self.start.tzinfo != self.end.tzinfo:
            c.add("end", f"must be in the same time zone as start ({self.timezone})")
        # In UTC: with one tzinfo on both sides Python compares wall times, and an
        # end in the hour repeated by a DST change would look earlier than it is.
        if self.end.astimezone(dt.UTC) <= self.start.astimezone(dt.UTC):
            c.add("end", f"must be after the start ({self.start.isoformat()})")
        c.raise_if_any()

    @property
    def timezone(self) -> str:
        """The IANA name of the time zone, e.g. ``Europe/Amsterdam``."""
        return str(self.start.tzinfo)

    @property
    def duration(self) -> dt.timedelta:
        """The elapsed time from start to end (real time, across DST changes)."""
        return self.end.astimezone(dt.UTC) - self.start.astimezone(dt.UTC)


@attrs.frozen(kw_only=True)
class AllDay:
    """One or more whole days, with no time of day.

    Attributes:
        start: The first day.
        end: The last day, inclusive (equal to ``start`` for one day).
    """

    start: dt.date
    end: dt.date

    def __attrs_post_init__(self) -> None:
        c = Collector()
        for name in ("start", "end"):
            c.add(name, day_problem(getattr(self, name)))
        c.raise_if_any()
        if self.end < self.start:
            c.add("end", f"the last day must not be before the first ({self.start.isoformat()})")
        c.raise_if_any()

    @property
    def days(self) -> int:
        """How many days the session spans."""
        return (self.end - self.start).days + 1


@attrs.frozen(kw_only=True)
class Month:
    """Only the month is known, e.g. December 2023. No day is ever made up for it.

    Attributes:
        year: The year.
        month: The month, 1 to 12.
    """

    year: int
    month: int

    def __attrs_post_init__(self) -> None:
        c = Collector()
        c.add("year", check_whole_number(self.year, FIRST_DAY.year, LAST_DAY.year, "a year"))
        c.add("month", check_whole_number(self.month, 1, 12, "a month"))
        c.raise_if_any()

    def iso(self) -> str:
        """Return the month as ISO 8601 ``YYYY-MM``."""
        return f"{self.year:04d}-{self.month:02d}"


@attrs.frozen(kw_only=True)
class Unknown:
    """The date is not known yet."""


When: TypeAlias = Timed | AllDay | Month | Unknown


def when_problem(value: object) -> str | None:
    """Whether ``value`` is one of the kinds of :data:`When`."""
    if isinstance(value, Timed | AllDay | Month | Unknown):
        return None
    return f"must be Timed, AllDay, Month or Unknown, not {type_name(value)}"


def as_instant(value: object) -> object:
    """Compare an aware date and time as the instant it is, whatever its time zone.

    Python compares aware values in different zones as instants, except one
    at a wall time that happens twice (PEP 495): that is never equal to one in
    another zone, while two in the same zone compare by wall time alone.
    """
    if isinstance(value, dt.datetime) and is_aware(value):
        return value.astimezone(dt.UTC)
    return value
