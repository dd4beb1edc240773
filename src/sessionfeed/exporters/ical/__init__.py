"""The iCalendar exporter.

``exporter`` (the calendar and per-session files), ``event`` (a session's
``VEVENT``), ``head`` (a calendar's own lines), ``subcalendars`` (the calendar
of each tag, person, organisation, language and kind), ``lines`` (content
lines, escaping and folding by octets) and ``vtimezone`` (VTIMEZONE from tzdata).
"""

from __future__ import annotations

from sessionfeed.exporters.ical.exporter import *  # noqa: F403
from sessionfeed.exporters.ical.exporter import __all__ as __all__
