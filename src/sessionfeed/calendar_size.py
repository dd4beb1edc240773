"""How large a programme's subscribed calendars are, and the window that would keep them under a limit.

Google Calendar stops reading a subscribed calendar of more than about 1 MB,
and a programme that grows for years makes a calendar that grows with it.
:func:`calendar_sizes` measures ``calendar.ics`` of a locale as the build
writes it (each event's bytes, made by the calendar exporter itself, under
the programme's window as of ``now``), and the facet values' calendars from
the same events; :meth:`CalendarSizes.past_window` finds the longest
``window.past``, in whole days, that brings the calendar under a limit.
``sessionfeed check`` reports it (SF801) and the build summary prints each
calendar's size.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

import attrs

from sessionfeed.exporters.base import Context
from sessionfeed.exporters.ical.exporter import calendar_batches
from sessionfeed.exporters.ical.lines import serialize
from sessionfeed.exporters.window import keeper
from sessionfeed.model.facets import Facet, facet_values
from sessionfeed.model.revisions import Revisions
from sessionfeed.model.timeline import begins_at, ends_at
from sessionfeed.site import layout as _layout
from sessionfeed.words.compose import Composition


if TYPE_CHECKING:
    from sessionfeed.model.programme import Programme


__all__ = ["GOOGLE_LIMIT", "CalendarSizes", "EventSize", "calendar_sizes", "megabytes"]

#: About where Google Calendar stops reading a subscribed calendar, in bytes.
GOOGLE_LIMIT = 1_000_000


def megabytes(size: int) -> str:
    """A size for people: ``1.4 MB``, ``0.3 MB`` (decimal megabytes, as the limit is stated)."""
    return f"{size / 1_000_000:.1f} MB"


@attrs.frozen(kw_only=True)
class EventSize:
    """One event of a calendar: its session, when it ends, and its bytes in the file.

    Attributes:
        session: The session's id.
        start: When the session begins (``None`` never happens for a dated session).
        end: When the session is over.
        size: Its ``VEVENT``'s bytes, folded, with CRLF line ends.
        facets: The facet values it belongs to, as ``(facet, value)``.
    """

    session: str
    start: dt.datetime | None
    end: dt.datetime | None
    size: int
    facets: tuple[tuple[Facet, str], ...]


@attrs.frozen(kw_only=True)
class CalendarSizes:
    """The sizes of a locale's calendars as a build would write them.

    Attributes:
        locale: The locale.
        frame: The bytes of the calendar around its events (head, time zones, end).
        events: Each event the calendar holds, in the file's order.
        now: The moment the window was applied at.
    """

    locale: str
    frame: int
    events: tuple[EventSize, ...]
    now: dt.datetime

    @property
    def total(self) -> int:
        """The bytes of ``calendar.ics``."""
        return self.frame + sum(event.size for event in self.events)

    def facet_totals(self) -> dict[str, int]:
        """The bytes of each facet value's calendar, by its path in the locale folder.

        About: each is counted with the whole calendar's frame.
        """
        totals: dict[str, int] = {}
        for event in self.events:
            for facet, value in event.facets:
                path = _layout.facet_folder(facet, value) + _layout.CALENDAR
                totals[path] = totals.get(path, self.frame) + event.size
        return totals

    def past_window(self, limit: int = GOOGLE_LIMIT) -> dt.timedelta | None:
        """The longest ``window.past`` in whole days under which ``calendar.ics`` stays within ``limit``.

        ``None`` when it is within already, or when not even ``past = "none"``
        would bring it under (the coming sessions alone pass the limit); a
        zero duration when only ``"none"`` does.
        """
        if self.total <= limit:
            return None
        coming = [event for event in self.events if event.end is None or event.end > self.now]
        room = limit - self.frame - sum(event.size for event in coming)
        if room < 0:
            return None
        past = sorted(
            (event for event in self.events if event.end is not None and event.end <= self.now),
            key=lambda event: event.end or self.now,
            reverse=True,
        )
        for event in past:
            room -= event.size
            if room < 0:
                assert event.end is not None
                # A session that ended exactly `past` ago is left out, and every older one with it.
                return dt.timedelta(days=(self.now - event.end) // dt.timedelta(days=1))
        return None  # pragma: no cover - the total passed the limit, so some past event does not fit

    def upcoming_window(self, limit: int = GOOGLE_LIMIT) -> dt.timedelta | None:
        """The longest ``window.upcoming``, in whole days, that with no past session keeps it in ``limit``.

        ``None`` when not even one day would (the sessions under way, or of
        the next day, pass the limit already).
        """
        coming = sorted(
            (e for e in self.events if e.end is None or e.end > self.now),
            key=lambda e: e.start or self.now,
        )
        room = limit - self.frame
        for event in coming:
            room -= event.size
            if room < 0 and event.start is not None and event.start > self.now:
                # It must begin after the window's end: fewer whole days than it is away.
                days = -((self.now - event.start) // dt.timedelta(days=1)) - 1
                return dt.timedelta(days=days) if days >= 1 else None
            if room < 0:
                return None
        return None


def calendar_sizes(
    programme: Programme,
    locale: str,
    now: dt.datetime,
    facets: Iterable[Facet] | None = None,
) -> CalendarSizes:
    """Measure ``calendar.ics`` of ``locale`` under the programme's window as of ``now``.

    Args:
        programme: The programme.
        locale: One of its locales.
        now: The moment (aware) the window is applied at.
        facets: The facets whose values' calendars to measure too; the programme's by default.
    """
    chosen = tuple(programme.facets if facets is None else facets)
    context = Context(locale=locale, revisions=Revisions.from_data(programme), now=now)
    keep = keeper(programme, context)
    frame = 0
    events: list[EventSize] = []
    batches = calendar_batches(Composition(programme, locale), None, None, keep)
    for lines, batch in batches:
        frame += len(serialize(lines))
        for event in batch:
            session = event.session
            events.append(
                EventSize(
                    session=session.id,
                    start=begins_at(session.when, programme.timezone),
                    end=ends_at(session.when, programme.timezone),
                    size=len(serialize(event.lines)),
                    facets=tuple(
                        (facet, value) for facet in chosen for value in facet_values(session, facet)
                    ),
                ),
            )
    return CalendarSizes(locale=locale, frame=frame, events=tuple(events), now=now)
