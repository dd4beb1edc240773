"""A calendar's own lines: ``PRODID``, its name, URLs and refresh interval, its ``VTIMEZONE`` components.

The whole programme's ``calendar.ics`` and each facet value's (a tag's, a
person's, …: :mod:`sessionfeed.exporters.ical.subcalendars`) differ only in
these lines; their events are the same bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from sessionfeed import __version__
from sessionfeed.exporters.ical.event import (
    EPOCH_YEAR,
    language_param,
    removed_controls,
    timed_zone,
    zone_key,
)
from sessionfeed.exporters.ical.lines import content_line, escape_text, fold, format_duration
from sessionfeed.exporters.ical.vtimezone import vtimezone_lines
from sessionfeed.model.programme import AllDay, Month, Timed


if TYPE_CHECKING:
    from sessionfeed.model.programme import Programme, Session
    from sessionfeed.model.text import Localized


__all__ = ["PRODID", "calendar_properties", "dated", "empty_calendar_zone", "vtimezones"]

_MAJOR_MINOR = ".".join(__version__.split(".")[:2])
#: The ``PRODID`` of every file. It names the major and minor version only, so
#: that a bug-fix release does not change the bytes of every published calendar.
PRODID = f"-//sessionfeed//sessionfeed {_MAJOR_MINOR}//EN"


def vtimezones(sessions: Iterable[Session]) -> list[str]:
    """One ``VTIMEZONE`` per zone used, covering its sessions' first start to last end."""
    spans: dict[str, tuple[dt.datetime, dt.datetime]] = {}
    for session in sessions:
        when = session.when
        if not isinstance(when, Timed):
            continue
        zone = timed_zone(when)
        if zone is None:
            continue
        first, last = spans.get(zone, (when.start, when.end))
        spans[zone] = (min(first, when.start), max(last, when.end))
    lines: list[str] = []
    for zone in sorted(spans):
        lines.extend(fold(line) for line in vtimezone_lines(zone, *spans[zone]))
    return lines


def calendar_properties(
    programme: Programme,
    locale: str,
    title: Localized,
    url: str,
    source: str,
) -> tuple[list[str], list[str]]:
    """The RFC 7986 and ``X-WR-`` properties of a subscribed calendar.

    Args:
        programme: The programme.
        locale: The calendar's locale.
        title: Its name (``NAME``, ``X-WR-CALNAME``), with the language it is in.
        url: ``URL``: the page that shows what it holds.
        source: ``SOURCE``: its own URL.

    Returns:
        The folded lines, and the control characters removed from the title and introduction.
    """
    name = escape_text(title.text)
    removed = removed_controls(title.text)
    lines = [
        content_line("NAME", name, language_param(title.lang if title.lang != locale else None)),
        content_line("X-WR-CALNAME", name),
    ]
    if programme.intro is not None:
        intro = programme.text(programme.intro, locale)
        text = escape_text(intro.text)
        removed = removed + removed_controls(intro.text)
        lines += [
            content_line("DESCRIPTION", text, language_param(intro.lang if intro.lang != locale else None)),
            content_line("X-WR-CALDESC", text),
        ]
    refresh = format_duration(programme.refresh)
    lines += [
        content_line("URL", url),
        content_line("SOURCE", source, {"VALUE": "URI"}),
        f"REFRESH-INTERVAL;VALUE=DURATION:{refresh}",
        f"X-PUBLISHED-TTL:{refresh}",
    ]
    if programme.color:
        lines.append(content_line("COLOR", programme.color))
    if programme.image:
        lines.append(content_line("IMAGE", programme.image, {"VALUE": "URI", "DISPLAY": "BADGE"}))
    return lines, removed


def dated(session: Session) -> bool:
    """Whether a calendar can show ``session``: its day is known."""
    return isinstance(session.when, Timed | AllDay)


#: The ``VTIMEZONE`` of an empty calendar of a programme in UTC (any of :data:`UTC_ZONES`):
#: the IANA name that every client knows as UTC and none as London.
_UTC_TZID = "Etc/UTC"


def empty_calendar_zone(programme: Programme) -> list[str]:
    """The ``VTIMEZONE`` of the programme's zone, for a calendar without events.

    RFC 5545 §3.6 wants at least one component in a calendar, and icalendar's
    ``Calendar.validate()`` holds a calendar to it. While no session has a known
    day, the programme's own zone is that component: clients read a
    ``VTIMEZONE`` and show nothing for it, where any other component would be
    a made-up event, task or note. A programme in UTC (or another name of it)
    gets the ``VTIMEZONE`` of ``Etc/UTC``: no time refers to it (UTC times are
    written with ``Z``), and it names no zone that Outlook could take for
    London, as "GMT" can be. It covers the years the data mentions (months of
    sessions, the programme's ``updated``), never the clock's.
    """
    zone = programme.zone
    tzid = programme.timezone
    if zone_key(dt.datetime(2000, 1, 1, tzinfo=zone)) is None:
        tzid = _UTC_TZID
    years = [s.when.year for s in programme.sessions if isinstance(s.when, Month)]
    if programme.updated is not None:
        years.append(programme.updated.astimezone(dt.UTC).year)
    if not years:
        years.append(EPOCH_YEAR)
    first = dt.datetime(min(years), 1, 1, tzinfo=dt.UTC)
    last = dt.datetime(max(years), 12, 31, tzinfo=dt.UTC)
    return [fold(line) for line in vtimezone_lines(tzid, first, last)]
