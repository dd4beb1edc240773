"""The programme in time: coming sessions, then past ones by year, and the pages that list them.

"Now" is the build's moment (``--now``, ``SOURCE_DATE_EPOCH`` or the clock, see
:func:`sessionfeed.site.clock.resolve_now`), handed to the pages in
:class:`~sessionfeed.exporters.base.Context`. A session is *coming* until it
has ended: a timed session until its end, a
session of whole days until the end of its last day, a month-only session until
the end of that month (days and months end in the programme's ``timezone``); a
session whose date is not known yet is always coming. So the same programme
and the same now give the same pages.

Order: coming sessions soonest first, month-only ones after the dated sessions
of their month, undated ones last; past sessions newest first, grouped by the
year they took place in (a month-only one after the dated sessions of its
month). Ties keep the programme's order.

Size: no listing page holds more than :data:`PAGE_SIZE` sessions. The programme
page shows the coming sessions (the first :data:`PAGE_SIZE`, the rest on
``upcoming/2/``, ...) and the newest past years, whole, as long as together they
hold at most :data:`PAST_ON_PROGRAMME` sessions (the newest past year always,
unless it alone holds more than :data:`PAGE_SIZE`); each older year has its
page ``archive/<year>/`` (``archive/<year>/2/``, ... when it holds more than
:data:`PAGE_SIZE`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

import attrs

from sessionfeed.model.programme import AllDay, Month, Status, Timed
from sessionfeed.model.timeline import begins_at, ends_at, kept
from sessionfeed.site import layout as _layout


if TYPE_CHECKING:
    from sessionfeed.model.programme import Programme, Session, When


__all__ = [
    "PAGE_SIZE",
    "PAST_ON_PROGRAMME",
    "ListingPage",
    "Timeline",
    "YearGroup",
    "in_calendar",
    "timeline",
]

#: The most sessions a listing page (the programme page's coming sessions, an archive page) holds.
PAGE_SIZE = 500
#: How many past sessions the programme page shows at most, in whole years (newest first).
PAST_ON_PROGRAMME = 100


def _starts_at(when: When, zone: str, *, past: bool) -> tuple[dt.datetime, int]:
    """The sort key of a dated session: when it begins, and whether only its month is known.

    A month-only session sorts after the dated sessions of its month: as if at
    the month's end among the coming sessions, at its start among the past ones
    (which are listed newest first).
    """
    if isinstance(when, Month) and not past:
        end = ends_at(when, zone)
        assert end is not None  # a month has an end
        return end - dt.timedelta(microseconds=1), 1
    start = begins_at(when, zone)
    assert start is not None  # only dated sessions are sorted by it
    return start, int(isinstance(when, Month))


def _year(when: When) -> int:
    match when:
        case Timed(start=start):
            return start.year
        case AllDay(start=first):
            return first.year
        case Month(year=year):
            return year
    raise AssertionError(when)


def in_calendar(session: Session) -> bool:
    """Whether the session goes into the calendar (a day is known, and it is not cancelled)."""
    return isinstance(session.when, Timed | AllDay) and session.status is not Status.CANCELLED


@attrs.frozen(kw_only=True)
class YearGroup:
    """The past sessions of one year, newest first.

    Attributes:
        year: The year.
        sessions: Its sessions.
    """

    year: int
    sessions: tuple[Session, ...]


@attrs.frozen(kw_only=True)
class ListingPage:
    """A page that lists sessions besides the programme page (an archive year's, more coming ones).

    Attributes:
        path: Its path in the locale folder (``archive/2023/index.html``).
        kind: ``archive`` or ``upcoming``.
        year: The archive's year (``0`` for coming sessions).
        number: Its number among the pages of its year or of the coming sessions (1, 2, ...).
        count: How many pages that year (or the coming sessions) has.
        sessions: The sessions it lists.
    """

    path: str
    kind: str
    year: int
    number: int
    count: int
    sessions: tuple[Session, ...]


@attrs.frozen(kw_only=True)
class Timeline:
    """A programme split at a moment (see the module's docs).

    Attributes:
        now: The moment.
        upcoming: Every coming session, soonest first, undated ones last.
        past: Every past year, newest first.
        on_programme: How many past years (the first of ``past``) the programme page shows.
        next_change: The next moment after ``now`` at which a coming session becomes
            past, when the pages change (``None``: never).
        calendar_count: How many coming sessions the calendar holds (a day is
            known, not cancelled, and within the programme's window).
    """

    now: dt.datetime
    upcoming: tuple[Session, ...]
    past: tuple[YearGroup, ...]
    on_programme: int
    next_change: dt.datetime | None
    calendar_count: int

    @property
    def upcoming_shown(self) -> tuple[Session, ...]:
        """The coming sessions the programme page shows itself."""
        return self.upcoming[:PAGE_SIZE]

    @property
    def past_shown(self) -> tuple[YearGroup, ...]:
        """The past years the programme page shows."""
        return self.past[: self.on_programme]

    @property
    def archived(self) -> tuple[YearGroup, ...]:
        """The past years that have pages of their own."""
        return self.past[self.on_programme :]

    def pages(self) -> tuple[ListingPage, ...]:
        """The listing pages besides the programme page, in the order they are written."""
        found: list[ListingPage] = []
        rest = _chunks(self.upcoming)[1:]
        for number, chunk in enumerate(rest, start=2):
            path = _layout.upcoming_page(number)
            found.append(
                ListingPage(
                    path=path, kind="upcoming", year=0, number=number, count=len(rest) + 1, sessions=chunk
                ),
            )
        for group in self.archived:
            chunks = _chunks(group.sessions)
            for number, chunk in enumerate(chunks, start=1):
                path = _layout.archive_page(group.year, number)
                found.append(
                    ListingPage(
                        path=path,
                        kind="archive",
                        year=group.year,
                        number=number,
                        count=len(chunks),
                        sessions=chunk,
                    ),
                )
        return tuple(found)


def _chunks(sessions: Sequence[Session]) -> list[tuple[Session, ...]]:
    return [tuple(sessions[i : i + PAGE_SIZE]) for i in range(0, len(sessions), PAGE_SIZE)] or [()]


def timeline(programme: Programme, now: dt.datetime) -> Timeline:
    """Split ``programme``'s sessions at ``now`` (an aware moment) and order them.

    When a session ends is :func:`sessionfeed.model.timeline.ends_at`'s rule
    (days and months in the programme's ``timezone``), the one the calendars'
    window follows too.
    """
    zone = programme.timezone
    coming: list[tuple[dt.datetime, int, int, Session]] = []
    undated: list[Session] = []
    past: list[tuple[dt.datetime, int, int, Session]] = []
    next_change: dt.datetime | None = None
    for index, session in enumerate(programme.sessions):
        end = ends_at(session.when, zone)
        if end is None:
            undated.append(session)
        elif end > now:
            start, month_only = _starts_at(session.when, zone, past=False)
            coming.append((start, month_only, index, session))
            if next_change is None or end < next_change:
                next_change = end
        else:
            start, month_only = _starts_at(session.when, zone, past=True)
            past.append((start, 1 - month_only, -index, session))
    coming.sort(key=lambda item: item[:3])
    past.sort(key=lambda item: item[:3], reverse=True)
    by_year: dict[int, list[Session]] = {}
    for *_, session in past:
        by_year.setdefault(_year(session.when), []).append(session)
    groups = [YearGroup(year=year, sessions=tuple(by_year[year])) for year in sorted(by_year, reverse=True)]
    shown, total = 0, 0
    for group in groups:
        total += len(group.sessions)
        if (shown == 0 and len(group.sessions) <= PAGE_SIZE) or total <= PAST_ON_PROGRAMME:
            shown += 1
        else:
            break
    upcoming = (*(item[-1] for item in coming), *undated)
    window = programme.window
    return Timeline(
        now=now,
        upcoming=upcoming,
        past=tuple(groups),
        on_programme=shown,
        next_change=next_change,
        calendar_count=sum(1 for s in upcoming if in_calendar(s) and kept(s.when, zone, window, now)),
    )
