r"""Import a spreadsheet saved as CSV: one row per session, in documented columns.

The columns (``sessionfeed.io.table.COLUMNS``; every one optional but ``title``, in any order,
named in any case) are described in ``docs/importing.md``. The first row
names them. The file is read with the standard library's ``csv`` module: the
separator (``,`` or ``;`` or a tab) is taken from the header row, a UTF-8
byte-order mark is skipped, and cells in double quotes may hold separators,
quotes (doubled) and line breaks, as spreadsheet programs write them.

The lists of people, organisations and topics are written as a person would
type them: ``Maria Mora (Initiative for Global Solidarity (IGS)); Jef
Wintermans (SER)``. A backslash keeps the next character as it is
(``\;``, ``\(``, ``\)``, ``\,``, ``\\``): the exporter writes one before
each such character of a name, so that every name comes back exactly.

Every problem names the file, the line, the row and the column.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs

from sessionfeed.exceptions import Problem, ProgrammeError
from sessionfeed.importers._common import check_options, read_text, refuse, slug, unique
from sessionfeed.importers.base import Imported, Notice
from sessionfeed.io.table import COLUMNS, ROLE_COLUMNS, split_list, unguard


__all__ = ["read"]

_TEXT_COLUMNS = ("title", "description")
_YES = {"yes", "ja", "true", "1", "x", "online", "y", "j"}
_DAY_FIRST = re.compile(r"(\d{1,2})[-.](\d{1,2})[-.](\d{4})")
#: What the importer collects besides sessions: the fallback of an id, and what the id is made from.
_FOUND = {"organisations": ("organisation", "name"), "people": ("person", "name"), "tags": ("topic", "label")}


def _rows(name: str, text: str) -> Iterator[tuple[int, list[str]]]:
    """The rows of the file, each with its line; the separator is the one the first row has most of."""
    first = re.split(r"\r\n|\r|\n", text, maxsplit=1)[0]
    counts = {sep: first.count(sep) for sep in (";", ",", "\t")}
    separator = max(counts, key=lambda sep: counts[sep]) if any(counts.values()) else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=True)
    line = 1
    try:
        for row in reader:
            yield line, [unguard(cell) for cell in row]  # the apostrophe before a formula: off
            line = reader.line_num + 1
    except csv.Error as error:
        message = f"is not a CSV file a spreadsheet can read: {error}; check the quotes on this line"
        raise refuse(name, message, line=reader.line_num) from None


def _column(header: str) -> tuple[str, str | None]:
    """A header's column and locale: ``Title_NL`` is (``title``, ``nl``)."""
    name = "_".join(header.strip().lower().replace("-", "_").split())
    for text in _TEXT_COLUMNS:
        if name.startswith(text + "_"):
            return text, name[len(text) + 1 :].replace("_", "-")
    return name, None


def _moment(value: str) -> str | None:
    """A date and time cell as ISO 8601 (``2027-03-11 14:00`` or ``11-03-2027 14:00``), or ``None``."""
    value = value.strip()
    day_first = _DAY_FIRST.match(value)
    if day_first:
        value = f"{day_first[3]}-{int(day_first[2]):02d}-{int(day_first[1]):02d}" + value[day_first.end() :]
    match = re.fullmatch(
        r"(\d{4}-\d{2}-\d{2})(?:[T ]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(Z|[+-]\d{2}:\d{2})?)?",
        value,
    )
    if not match:
        return None
    if match[2] is None:
        return match[1]
    return f"{match[1]}T{int(match[2]):02d}:{match[3]}:{match[4] or '00'}{match[5] or ''}"


@attrs.frozen
class _Row:
    """One row: its cells by (column, locale), its line and number, and where its fields came from."""

    cells: Mapping[tuple[str, str | None], str]
    line: int
    number: int
    path: str
    where: dict[str, tuple[int, int, str]]

    def cell(self, column: str) -> str:
        """The cell of ``column`` (no locale), ``""`` when empty or blank."""
        value = self.cells.get((column, None), "")
        return value if value.strip() else ""

    def at(self, field: str, column: str) -> None:
        """Remember that the session's ``field`` came from ``column`` of this row."""
        self.where[f"{self.path}.{field}"] = (self.line, self.number, column)


class _Rows:
    """Rows read into sessions, and where each field came from."""

    def __init__(self, *, kind: str | None) -> None:
        self.kind = kind
        self.found: dict[str, dict[str, dict[str, Any]]] = {field: {} for field in _FOUND}
        self.guessed: dict[str, str] = {}
        self.notices: list[Notice] = []
        self.where: dict[str, tuple[int, int, str]] = {}  # field path: (line, row, column)
        self._ids: dict[str, dict[Any, str]] = {field: {} for field in _FOUND}  # by what a row writes
        self._taken: dict[str, set[str]] = {field: set() for field in (*_FOUND, "sessions")}

    def add(self, field: str, key: Any, text: str, entry: dict[str, Any], place: tuple[int, int, str]) -> str:
        """The id of the organisation, person or tag ``key`` stands for: made from ``text``, if it is new."""
        ids = self._ids[field]
        if key not in ids:
            fallback, made_from = _FOUND[field]
            ident = ids[key] = unique(slug(text, fallback=fallback, limit=40), self._taken[field])
            self.found[field][ident] = entry
            self.where[f"{field}.{ident}"] = place
            self.guessed[f"{field}.{ident}"] = f"id made from the {made_from}"
        return ids[key]

    def organisation(self, name: str, short: str | None, place: tuple[int, int, str]) -> str:
        entry = {"name": name} if short is None else {"name": name, "short_name": short}
        return self.add("organisations", (name, short), short or name, entry, place)

    def session(self, row: _Row, locales: list[str], extra: list[tuple[str, str]]) -> dict[str, Any]:
        """The session of one row, in the order a person writes its fields."""
        session: dict[str, Any] = {**self.heading(row, locales)}
        self.when(session, row)
        if row.cell("status"):
            session["status"] = row.cell("status").strip().lower()
            row.at("status", "status")
        if row.cell("previous_start"):
            session["previous_start"] = _moment(row.cell("previous_start")) or row.cell("previous_start")
            row.at("previous_start", "previous_start")
        location = self.location(row)
        if location:
            session["location"] = location
        self.lists(session, row)
        links = {name: row.cell(name).strip() for name in ("page", "registration") if row.cell(name)}
        if links:
            session["links"] = links
            for name in links:
                row.at(f"links.{name}", name)
        if row.cell("recording"):
            session["recording"] = row.cell("recording").strip()
            row.at("recording", "recording")
        for header, content in extra:
            if content.strip():
                self.notices.append(Notice(
                    message=f"row {row.number}: the column {header!r} is not one sessionfeed knows; kept its "
                    "value in the description", line=row.line, path=f"{row.path}.description",
                ))  # fmt: skip
                self.keep(session, f"{header}: {content}", locales)
        return session

    def heading(self, row: _Row, locales: list[str]) -> dict[str, Any]:
        """The id, kind, language, title and description of a row."""
        texts: dict[str, Any] = {}
        for text in _TEXT_COLUMNS:
            values = {
                loc: v for (col, loc), v in row.cells.items() if col == text and loc is not None and v.strip()
            }
            plain = row.cell(text)
            if plain:
                texts[text] = plain if not values else {**dict.fromkeys(locales, plain), **values}
            elif values:
                texts[text] = values
            for loc in values:
                row.at(f"{text}.{loc}", f"{text}_{loc}")
            row.at(text, text if plain else f"{text}_{next(iter(values), locales[0])}")
        title = texts.get("title")
        first_title = title if isinstance(title, str) else next(iter((title or {}).values()), "")
        path = row.path
        if row.cell("id"):
            ident = row.cell("id").strip()
        else:
            ident = unique(slug(first_title, fallback="session", limit=60), self._taken["sessions"])
            self.guessed[f"{path}.id"] = "made from the title; never change it once the site is published"
        self._taken["sessions"].add(ident)
        kind = row.cell("kind").strip().lower()
        if not kind:
            kind = self.kind or "webinar"
            self.guessed[f"{path}.kind"] = "the row has no kind: the default"
        language = row.cell("language").strip()
        if not language:
            language = locales[0]
            self.guessed[f"{path}.language"] = "the row has no language: the programme's"
        for name in ("id", "kind", "language"):
            row.at(name, name)
        return {"id": ident, "kind": kind, "language": language, **texts}

    def location(self, row: _Row) -> dict[str, Any]:
        """The online link and platform and the venue of a row, as a ``location`` table."""
        location: dict[str, Any] = {}
        online = row.cell("online").strip()
        if online or row.cell("platform"):
            value: dict[str, Any] = {}
            if online and online.lower() not in _YES:
                value["url"] = online
            if row.cell("platform"):
                value["platform"] = row.cell("platform")
            location["online"] = value or True
            row.at("location.online", "online")
            row.at("location.online.platform", "platform")
        if row.cell("venue"):
            location["venue"] = row.cell("venue")
            row.at("location.venue", "venue")
        return location

    def lists(self, session: dict[str, Any], row: _Row) -> None:
        """The people of every role, the organisers, supporters and topics of a row."""
        for column in (*ROLE_COLUMNS, "organisers", "supporters"):
            if not row.cell(column):
                continue
            place = (row.line, row.number, column)
            ids: list[str] = []
            for name, org, short in split_list(row.cell(column)):
                if column in ROLE_COLUMNS:
                    person = {"name": name}
                    if org is not None:
                        person["affiliation"] = self.organisation(org, short, place)
                    ids.append(self.add("people", (name, person.get("affiliation")), name, person, place))
                else:  # an organisation: "Name (SHORT)" is a name and its short name
                    # "Name (Other (X))" in an organisers' list: the outer parentheses are the short name's.
                    outer = org if org is None or short is None else f"{org} ({short})"
                    ids.append(self.organisation(name, outer, place))
            session[column] = self.once(ids, row.line, row.number, column)
            row.at(column, column)
        if row.cell("tags"):
            place = (row.line, row.number, "tags")
            labels = [label for label, _, _ in split_list(row.cell("tags"))]
            tags = [self.add("tags", label, label, {"label": label}, place) for label in labels]
            session["tags"] = self.once(tags, row.line, row.number, "tags")
            row.at("tags", "tags")

    def once(self, ids: list[str], line: int, row: int, column: str) -> list[str]:
        """``ids`` with each listed once; a notice for every one listed again."""
        kept = list(dict.fromkeys(ids))
        if len(kept) < len(ids):
            self.notices.append(Notice(
                message=f"row {row}: the column {column!r} names the same one twice; listed once",
                line=line, path=column,
            ))  # fmt: skip
        return kept

    def when(self, session: dict[str, Any], row: _Row) -> None:
        start, end, zone = row.cell("start").strip(), row.cell("end").strip(), row.cell("timezone").strip()
        start = start or row.cell("month").strip()
        row.at("when", "start")
        for field in ("start", "end", "timezone"):
            row.at(f"when.{field}", field)
        if not start and not end:
            return
        if start.lower() in {"tba", "tbd", "unknown"} and not end:
            return
        if re.fullmatch(r"\d{4}-\d{1,2}", start) and not end:
            year, month = start.split("-")
            session["when"] = f"{year}-{int(month):02d}"
            return
        first = _moment(start) or start
        if not end:
            session["when"] = first if "T" not in first else {"start": first}
            return
        last = end if re.fullmatch(r"\d{1,2}:\d{2}(:\d{2})?", end) else (_moment(end) or end)
        value: dict[str, Any] = {"start": first, "end": last}
        if zone:
            value["timezone"] = zone
        session["when"] = value

    def keep(self, session: dict[str, Any], paragraph: str, locales: list[str]) -> None:
        description = session.get("description")
        if description is None:
            session["description"] = paragraph
        elif isinstance(description, str):
            session["description"] = f"{description}\n\n{paragraph}"
        else:
            session["description"] = {loc: f"{text}\n\n{paragraph}" for loc, text in description.items()}


def read(
    source: str | os.PathLike[str],
    *,
    locale: str | None = None,
    timezone: str | None = None,
    base_url: str | None = None,
    programme_id: str | None = None,
    title: str | None = None,
    kind: str | None = None,
    encoding: str = "utf-8",
) -> Imported:
    """Read a CSV file of sessions, one a row, into a programme.

    Args:
        source: The file.
        locale: The default locale; the first ``title_xx`` column's, else ``en``, when not given.
        timezone: The zone of local times; the programme's default when not given.
        base_url: Where the site will be published.
        programme_id: The programme's id; made from its title when not given.
        title: The programme's title; the file's name when not given.
        kind: The kind of a row with no ``kind``; ``webinar`` when not given.
        encoding: The file's encoding (``cp1252`` for "CSV" from Excel on Windows).

    Raises:
        ProgrammeError: The file cannot be read, or a cell holds a value that is
            not valid, each with the file, the line, the row and the column.
        ArgumentError: An option has a wrong value.
    """
    check_options(locale=locale, timezone=timezone, base_url=base_url)
    name = os.fspath(source)
    rows = _rows(name, read_text(name, encoding=encoding))
    header_line, header = next(rows, (1, []))
    columns = [_column(h) for h in header]
    known = set(COLUMNS) | {"month"}
    if not any(column == "title" for column, _ in columns):
        has = ", ".join(h.strip() for h in header) or "nothing"
        message = (
            f"the first row names no 'title' column (it has: {has}); the first row names the "
            "columns: id, kind, language, title (or title_nl, title_en, ...), start, ..."
        )
        raise refuse(name, message, line=header_line)
    seen: set[tuple[str, str | None]] = set()
    for position, column in enumerate(columns):
        if column in seen and column[0] in known:
            message = f"the column {header[position].strip()!r} is named twice"
            raise refuse(name, message, line=header_line, path=column[0])
        seen.add(column)
    locales = [loc for column, loc in columns if loc is not None]
    locales = list(dict.fromkeys(([locale] if locale else []) + locales)) or ["en"]
    guessed: dict[str, str] = {}
    if locale is None and not any(loc for _, loc in columns):
        guessed["locales"] = "no title_xx column says the language: English"
    reader = _Rows(kind=kind)
    sessions: list[dict[str, Any]] = []
    for row_number, (line, row) in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(columns):
            message = (
                f"row {row_number} has {len(row)} cells, and the first row names {len(columns)} "
                "columns: put quotes around a cell that holds the separator"
            )
            raise refuse(name, message, line=line)
        cells = {column: value for column, value in zip(columns, row, strict=False) if column[0] in known}
        extra = [(header[i].strip(), value) for i, value in enumerate(row) if columns[i][0] not in known]
        place = _Row(cells, line, row_number, f"sessions[{len(sessions)}]", reader.where)
        sessions.append(reader.session(place, locales, extra))
    if not sessions:
        empty = "no rows of sessions below the first row: the programme has none yet"
        reader.notices.append(Notice(message=empty, line=header_line))
    programme_title = title or Path(name).stem or "Programme"
    if title is None:
        guessed["title"] = "the file's name"
    data: dict[str, Any] = {
        "id": programme_id or slug(programme_title, fallback="programme", limit=60),
        "title": programme_title,
        "base_url": base_url or "https://example.org/",
        "locales": locales,
    }
    if programme_id is None:
        guessed["id"] = "made from the title: choose one nobody else would, and never change it"
    if base_url is None:
        guessed["base_url"] = "replace it with the address where the site will be published"
    if timezone is not None:
        data["timezone"] = timezone
    data.update({field: value for field, value in reader.found.items() if value})
    data["sessions"] = sessions
    _check(name, data, reader.where)
    return Imported(
        source=name, data=data, guessed={**guessed, **reader.guessed}, notices=tuple(reader.notices)
    )


def _check(name: str, data: Mapping[str, Any], where: Mapping[str, tuple[int, int, str]]) -> None:
    """Load the data as a programme; report each problem at the row and column it came from."""
    from sessionfeed.io.toml import from_dict

    try:
        from_dict(data)
    except ProgrammeError as error:
        problems = []
        for problem in error.problems:
            path = problem.path
            place = None
            while path and place is None:
                place = where.get(path)
                path = re.sub(r"(\.[^.\[\]]*|\[\d+\])$", "", path) if path else ""
            if place is None:
                problems.append(problem.replace(file=name))
            else:
                line, row, column = place
                problems.append(
                    Problem(path=column, message=f"row {row}: {problem.message}", file=name, line=line)
                )
        raise ProgrammeError(problems) from None
