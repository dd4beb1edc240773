"""An example sessionfeed exporter: the sessions of a programme as CSV.

Install it next to sessionfeed (``pip install -e examples/plugin``) and it
shows up in ``sessionfeed formats``, in ``sessionfeed export --format sessions``
and in every ``sessionfeed build`` as ``DIR/<locale>/sessions.csv``.

It needs nothing from sessionfeed but the model: an exporter is any object
with ``name``, ``title``, ``media_type``, ``filename`` and
``export(programme, *, locale) -> bytes``.
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING, ClassVar


if TYPE_CHECKING:
    from sessionfeed import Programme, Session

__all__ = ["COLUMNS", "CSVExporter"]

__version__ = "0.1.0"

#: The header row, in order.
COLUMNS = (
    "id",
    "kind",
    "title",
    "title_language",
    "language",
    "precision",
    "start",
    "end",
    "timezone",
    "status",
    "attendance",
    "url",
)


def _when(session: Session) -> tuple[str, str, str, str]:
    """Precision, start, end and zone, as precise as the programme says and no more."""
    from sessionfeed import AllDay, Month, Timed

    when = session.when
    if isinstance(when, Timed):
        return "time", when.start.isoformat(), when.end.isoformat(), when.timezone
    if isinstance(when, AllDay):
        return "day", when.start.isoformat(), when.end.isoformat(), ""
    if isinstance(when, Month):
        return "month", when.iso(), when.iso(), ""
    return "unknown", "", "", ""


class CSVExporter:
    """The sessions as CSV (RFC 4180): one row per session, in the programme's order."""

    name: ClassVar[str] = "sessions"
    title: ClassVar[str] = "CSV (sessions)"
    media_type: ClassVar[str] = "text/csv; charset=utf-8"
    filename: ClassVar[str] = "sessions.csv"

    def export(self, programme: Programme, *, locale: str) -> bytes:
        """Return the CSV for ``locale``: UTF-8, CRLF line ends, every field quoted."""
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        for session in programme.sessions:
            title = programme.text(session.title, locale)
            precision, start, end, zone = _when(session)
            attendance = session.attendance
            writer.writerow(
                (
                    session.id,
                    session.kind,
                    title.text,
                    title.lang,
                    session.language,
                    precision,
                    start,
                    end,
                    zone,
                    session.status.value,
                    "" if attendance is None else attendance.value,
                    # The session's own page, else its anchor on the locale's page.
                    session.links.page or f"{programme.base_url}{locale}/#{session.id}",
                ),
            )
        return buffer.getvalue().encode("utf-8")
