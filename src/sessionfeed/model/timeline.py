"""A session on the time line: when it begins and ends as instants, and which sessions a window keeps.

A :class:`~sessionfeed.model.when.Timed` session has its instants. Whole days
and a month have no time of day: they begin at midnight of their first day and
end at midnight after their last, in the programme's time zone (the zone its
readers count days in). A session whose date is not known has neither.

A session is *past* once it has ended: at its end instant, not at its start,
so that a session under way is still upcoming. A :class:`Window` keeps, in the
calendars and feeds a subscriber reads, the past sessions that ended less than
``past`` ago and the upcoming ones that begin within ``upcoming``; pages and
archives keep every session. A session with no known date is always kept: no
clock can say it is over.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import TYPE_CHECKING

import attrs

from sessionfeed.model.checks import Collector, check_duration, type_name
from sessionfeed.model.when import AllDay, Month, Timed


if TYPE_CHECKING:
    from sessionfeed.model.when import When


__all__ = ["Window", "begins_at", "ends_at", "is_past", "kept"]


def _midnight(day: dt.date, zone: str) -> dt.datetime:
    """The first instant of ``day`` in ``zone`` (where a DST change skips midnight, the first that exists)."""
    tz = zoneinfo.ZoneInfo(zone)
    local = dt.datetime.combine(day, dt.time(), tzinfo=tz)
    # Round-trip through UTC: a wall time in a gap becomes the instant after it.
    return local.astimezone(dt.UTC).astimezone(tz)


def _next_month(month: Month) -> dt.date:
    return dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)


def begins_at(when: When, zone: str) -> dt.datetime | None:
    """The instant a session begins; days and months at midnight in ``zone``; ``None`` when not known."""
    if isinstance(when, Timed):
        return when.start
    if isinstance(when, AllDay):
        return _midnight(when.start, zone)
    if isinstance(when, Month):
        return _midnight(dt.date(when.year, when.month, 1), zone)
    return None


def ends_at(when: When, zone: str) -> dt.datetime | None:
    """The instant a session is over; days and months at the midnight after them in ``zone``.

    The model's last day (:data:`~sessionfeed.model.checks.LAST_DAY`) leaves a
    year of room, so the midnight after any day or month it holds exists.
    """
    if isinstance(when, Timed):
        return when.end
    if isinstance(when, AllDay):
        return _midnight(when.end + dt.timedelta(days=1), zone)
    if isinstance(when, Month):
        return _midnight(_next_month(when), zone)
    return None


def is_past(when: When, zone: str, now: dt.datetime) -> bool:
    """Whether a session has ended at ``now`` (an aware instant); never for one with no known date."""
    end = ends_at(when, zone)
    return end is not None and end <= now


def _span_problem(value: object, *, zero: bool) -> str | None:
    """A span of a window: ``None`` (all), or a duration (zero too where ``zero``)."""
    if value is None or (zero and isinstance(value, dt.timedelta) and value == dt.timedelta(0)):
        return None
    if not isinstance(value, dt.timedelta):
        return f"must be a duration (datetime.timedelta) or None for all, not {type_name(value)}"
    return check_duration(value)


@attrs.frozen(kw_only=True)
class Window:
    """Which sessions calendars and feeds keep around now; pages keep every session.

    Attributes:
        past: Keep the sessions that ended less than this long ago; ``None``
            keeps every past session, a zero duration none of them.
        upcoming: Keep the sessions that begin within this long from now;
            ``None`` keeps every upcoming session.
    """

    past: dt.timedelta | None = None
    upcoming: dt.timedelta | None = None

    def __attrs_post_init__(self) -> None:
        c = Collector()
        c.add("past", _span_problem(self.past, zero=True))
        c.add("upcoming", _span_problem(self.upcoming, zero=False))
        c.raise_if_any()

    @property
    def keeps_all(self) -> bool:
        """Whether the window keeps every session (the default)."""
        return self.past is None and self.upcoming is None


def kept(when: When, zone: str, window: Window, now: dt.datetime) -> bool:
    """Whether ``window`` keeps a session at ``now``.

    At the edges: a session that ended exactly ``window.past`` before now is
    dropped (it was over by then), one that ended a second later is kept; a
    session that begins exactly ``window.upcoming`` from now is kept, one a
    second later is not.
    """
    if window.keeps_all:
        return True
    if window.past is not None:
        end = ends_at(when, zone)
        if end is not None and end <= now - window.past:
            return False
    if window.upcoming is not None:
        start = begins_at(when, zone)
        if start is not None and start > now + window.upcoming:
            return False
    return True
