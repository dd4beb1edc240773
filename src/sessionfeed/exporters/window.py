"""Which sessions the files a subscriber reads keep: the programme's window, at the build's moment.

Calendars and feeds are read again and again by clients that keep what they
read; a programme may keep them small with a window (``window.past``,
``window.upcoming``, :class:`~sessionfeed.model.timeline.Window`). Pages,
archives and each session's own ``.ics`` keep every session. The moment is the
build's (``Context.now``: ``--now``, ``SOURCE_DATE_EPOCH`` or the clock); an
exporter called on its own takes it the same way, and a window that keeps every
session needs no moment at all, so such a file is the same whenever it is made.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from sessionfeed.io.dump import format_duration
from sessionfeed.model.timeline import Window, begins_at, kept


if TYPE_CHECKING:
    from sessionfeed.exporters.base import Context
    from sessionfeed.model.programme import Programme, Session


__all__ = ["Keep", "keeper", "outside_reason"]

#: Whether a file of a subscriber keeps a session.
Keep = Callable[["Session"], bool]


def _moment(context: Context | None) -> dt.datetime:
    from sessionfeed.site.clock import moment

    return moment(context.now if context is not None else None)


def keeper(programme: Programme, context: Context | None) -> Keep | None:
    """Whether the window keeps each session at the build's moment; ``None`` when it keeps every session."""
    window: Window = programme.window
    if window.keeps_all:
        return None
    now = _moment(context)
    zone = programme.timezone

    def keep(session: Session) -> bool:
        return kept(session.when, zone, window, now)

    return keep


def _span(span: dt.timedelta | None) -> str:
    return "none" if span == dt.timedelta(0) else format_duration(span) if span is not None else "all"


def outside_reason(programme: Programme, session: Session, context: Context | None) -> str:
    """Why the window leaves ``session`` out, for the build summary."""
    window = programme.window
    start = begins_at(session.when, programme.timezone)
    if window.upcoming is not None and start is not None and start > _moment(context):
        return f"begins after the window (window.upcoming = {_span(window.upcoming)!r})"
    return f"ended before the window (window.past = {_span(window.past)!r})"
