"""Recurring calendar events: which events recur, and the occurrences of one within a range.

RFC 5545 recurrences (``RRULE``, ``RDATE``, ``EXDATE``) are expanded with
dateutil's rules (which icalendar itself depends on); an occurrence that a
``RECURRENCE-ID`` instance overrides is left to that instance.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from typing import Any

from sessionfeed.exceptions import Problem
from sessionfeed.importers._ics_reader import listed


__all__ = ["MAX_OCCURRENCES", "key", "length", "occurrences", "recurs", "unexpanded"]

#: More occurrences than this in the range are refused: the range is too wide.
MAX_OCCURRENCES = 10_000


def recurs(event: Any) -> bool:
    """Whether an event repeats (``RRULE`` or ``RDATE``) and is not one instance of a repeating one."""
    is_instance = event.get("RECURRENCE-ID") is not None
    return not is_instance and (event.get("RRULE") is not None or event.get("RDATE") is not None)


def unexpanded(events: Iterable[tuple[Any, int | None]], source: str) -> list[Problem]:
    """A problem for each recurring event, for a reading without a range to expand them in."""
    problems = []
    for number, (event, line) in enumerate(events, start=1):
        if not recurs(event):
            continue
        uid = str(event.get("UID", "")) or f"event {number}"
        summary = str(event.get("SUMMARY", "the event"))
        problems.append(
            Problem(
                path=f"VEVENT {uid!r}",
                message=(
                    f"{summary!r} recurs (RRULE/RDATE): give a range to expand it in "
                    "(expand_from and expand_until; --expand-from and --expand-until)"
                ),
                file=source,
                line=line,
            ),
        )
    return problems


def key(value: dt.date | dt.datetime) -> Any:
    """A comparable key of an occurrence's start: the instant, or the day."""
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC) if value.tzinfo is not None else value
    return value


def length(event: Any) -> dt.timedelta | None:
    """How long each occurrence lasts: ``DTEND`` less ``DTSTART``, else ``DURATION``."""
    start = event.decoded("DTSTART")
    end = event.decoded("DTEND", None)
    if end is not None and type(end) is type(start):
        if isinstance(start, dt.datetime) and (start.tzinfo is None) == (end.tzinfo is None):
            span: dt.timedelta = (
                end.astimezone(dt.UTC) - start.astimezone(dt.UTC) if start.tzinfo else end - start
            )
            return span
        if not isinstance(start, dt.datetime):
            days: dt.timedelta = end - start
            return days
    duration = event.decoded("DURATION", None)
    return duration if isinstance(duration, dt.timedelta) else None


def _rules(event: Any, anchor: dt.datetime, *, day: bool) -> Any:
    from dateutil import rrule

    rules = rrule.rruleset()
    for rule in listed(event.get("RRULE")):
        text = rule.to_ical().decode("ascii")
        if anchor.tzinfo is not None:
            # dateutil wants UNTIL in UTC when the start is aware (RFC 5545 §3.3.10 says so too).
            text = re.sub(r"UNTIL=(\d{8})(;|$)", r"UNTIL=\1T235959Z\2", text)
        rules.rrule(rrule.rrulestr(text, dtstart=anchor, ignoretz=False))
    rules.rdate(anchor)
    for name, add in (("RDATE", rules.rdate), ("EXDATE", rules.exdate)):
        for group in listed(event.get(name)):
            for value in group.dts:
                moment = value.dt
                if isinstance(moment, dt.datetime) != (not day):
                    continue  # a period or another value type: not an occurrence start we can place
                if day:
                    moment = dt.datetime.combine(moment, dt.time())
                elif moment.tzinfo is None and anchor.tzinfo is not None:
                    moment = moment.replace(tzinfo=anchor.tzinfo)
                add(moment)
    return rules


def occurrences(event: Any, start_from: dt.datetime, until: dt.datetime) -> Iterator[dt.datetime | dt.date]:
    """The starts of a recurring event's occurrences in ``[start_from, until]``.

    Raises:
        OverflowError: More than :data:`MAX_OCCURRENCES` occurrences.
        ValueError: A rule dateutil cannot read.
    """
    start = event.decoded("DTSTART")
    day = not isinstance(start, dt.datetime)
    anchor = dt.datetime.combine(start, dt.time()) if day else start
    rules = _rules(event, anchor, day=day)
    if day or anchor.tzinfo is None:
        low, high = start_from.replace(tzinfo=None), until.replace(tzinfo=None)
    else:
        low, high = start_from, until
    for count, occurrence in enumerate(rules.between(low, high, inc=True)):
        if count >= MAX_OCCURRENCES:
            message = f"more than {MAX_OCCURRENCES} occurrences"
            raise OverflowError(message)
        yield occurrence.date() if day else occurrence
