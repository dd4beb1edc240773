"""The programme as a spreadsheet (``programme.csv``): one row per session, the CSV importer's columns.

The file is RFC 4180 CSV: cells separated by ``,``, rows ended by CRLF, a cell
in double quotes when it holds a comma, a quote (doubled) or a line break. It
is UTF-8 with a byte-order mark, which is what makes Excel read it as UTF-8
(without it, Excel takes the file for the Windows code page and garbles every
accented letter); LibreOffice, Google Sheets, Numbers and the ``csv`` module
of Python skip the mark.

The columns are exactly those ``sessionfeed import csv`` reads
(``sessionfeed.io.table.COLUMNS``), ``title`` and ``description``
once per locale of the programme (``title_nl``, ``title_en``). Dates are
written as honestly as the programme knows them: a month-only session has
``2023-12`` in ``start`` and nothing in ``end``; a session whose date is not
known has both empty; whole days are dates; a time is the local time in the
session's zone (``timezone``), with its UTC offset only where the clocks
repeat that hour. A cell that a spreadsheet program would run as a formula
(one that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return)
gets an apostrophe in front, which marks it as text; the importer takes it
off again. Every session goes in. What a row cannot carry (see
``docs/importing.md``) is left out: people's and organisations' other
fields, venues' addresses, recordings' details, images and revisions.

The file is the same in every locale's folder: a spreadsheet has no language.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from sessionfeed.exporters.base import BaseExporter, Context, OutputFile, Rendering
from sessionfeed.io.table import COLUMNS, ROLE_COLUMNS, escape, guard
from sessionfeed.model.programme import AllDay, Month, Organisation, Role, Timed


if TYPE_CHECKING:
    from sessionfeed.model.programme import Programme, Session


__all__ = ["CSVExporter", "build_csv"]

_BATCH = 250


def header(programme: Programme) -> list[str]:
    """The column names for ``programme``: the importer's, the texts once per locale."""
    names: list[str] = []
    for column in COLUMNS:
        if column in {"title", "description"}:
            names.extend(f"{column}_{locale}" for locale in programme.locales)
        else:
            names.append(column)
    return names


def _moment(value: dt.datetime) -> str:
    """A local date and time, with the UTC offset only where the wall time is ambiguous."""
    text = value.strftime("%Y-%m-%d %H:%M") + (f":{value.second:02d}" if value.second else "")
    other = value.replace(fold=1 - value.fold)
    if other.utcoffset() != value.utcoffset():
        text += value.isoformat()[19:]
    return text


def _when(session: Session) -> tuple[str, str, str]:
    when = session.when
    if isinstance(when, Timed):
        return _moment(when.start), _moment(when.end), when.timezone
    if isinstance(when, AllDay):
        return when.start.isoformat(), "" if when.end == when.start else when.end.isoformat(), ""
    if isinstance(when, Month):
        return when.iso(), "", ""
    return "", "", ""


def _organisation(programme: Programme, org: Organisation) -> str:
    name = escape(programme.text(org.name, programme.default_locale).text)
    return f"{name} ({escape(org.short_name)})" if org.short_name is not None else name


def _row(programme: Programme, session: Session) -> list[str]:
    start, end, zone = _when(session)
    online = venue = platform = ""
    if session.location is not None:
        if session.location.online is not None:
            online = session.location.online.url or "yes"
            platform = session.location.online.platform or ""
        if session.location.venue is not None:
            venue = session.location.venue.name
    cells: dict[str, str] = {
        "id": session.id,
        "kind": session.kind,
        "language": session.language,
        "start": start,
        "end": end,
        "timezone": zone,
        "status": "" if session.status.value == "scheduled" else session.status.value,
        "previous_start": "" if session.previous_start is None else session.previous_start.isoformat(),
        "online": online,
        "platform": platform,
        "venue": venue,
        "organisers": "; ".join(_organisation(programme, o) for o in session.organisers),
        "supporters": "; ".join(_organisation(programme, o) for o in session.supporters),
        "tags": "; ".join(
            escape(programme.text(t.label, programme.default_locale).text) for t in session.tags
        ),
        "page": session.links.page or "",
        "registration": session.links.registration or "",
        "recording": "" if session.recording is None else session.recording.url,
    }
    for role in Role:
        people = []
        for person in session.people_in(role):
            name = escape(person.name)
            org = person.affiliation
            people.append(name if org is None else f"{name} ({_organisation(programme, org)})")
        cells[role.plural] = "; ".join(people)
    assert set(ROLE_COLUMNS) <= set(cells)  # every role has its column
    row: list[str] = []
    titles, descriptions = (
        session.title.as_dict(),
        {} if session.description is None else session.description.as_dict(),
    )
    for column in COLUMNS:
        if column == "title":
            row.extend(titles.get(locale, "") for locale in programme.locales)
        elif column == "description":
            row.extend(descriptions.get(locale, "") for locale in programme.locales)
        else:
            row.append(cells[column])
    return row


def iter_csv(programme: Programme) -> Iterator[bytes]:
    """The file of :func:`build_csv` in pieces: the header, then a batch of rows at a time."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header(programme))
    yield "\ufeff".encode() + buffer.getvalue().encode("utf-8")
    for start in range(0, len(programme.sessions), _BATCH):
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
        for session in programme.sessions[start : start + _BATCH]:
            writer.writerow([guard(cell) for cell in _row(programme, session)])
        yield buffer.getvalue().encode("utf-8")


def build_csv(programme: Programme) -> bytes:
    """The whole programme as CSV bytes: UTF-8 with a byte-order mark, CRLF line ends."""
    return b"".join(iter_csv(programme))


class CSVExporter(BaseExporter):
    """A spreadsheet of the sessions (``programme.csv``), in the CSV importer's columns."""

    name: ClassVar[str] = "csv"
    title: ClassVar[str] = "CSV (spreadsheet)"
    media_type: ClassVar[str] = "text/csv; charset=utf-8; header=present"
    filename: ClassVar[str] = "programme.csv"

    def render(self, programme: Programme, context: Context) -> Rendering:
        """Write ``programme.csv``, streamed; every session goes in."""
        return Rendering(
            files=(
                OutputFile(
                    path=self.filename, produce=lambda: iter_csv(programme), media_type=self.media_type
                ),
            ),
            included=tuple(s.id for s in programme.sessions),
        )
