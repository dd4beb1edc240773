"""The CSV importer: a sheet as spreadsheet programs save it, encodings, every column, clear errors.

``data/spreadsheet-semicolon.csv`` is laid out as Excel saves "CSV UTF-8" where the list
separator is ``;`` (a Dutch or German Windows): a byte-order mark, ``;`` between cells,
CRLF after each row, a line break inside a quoted cell, dates as ``11-3-2027 14:00``.
``data/spreadsheet-cp1252.csv`` is the older "CSV" of Excel on Windows: the Windows code
page, no mark. ``data/spreadsheet-libreoffice.csv`` is the first sheet opened in
LibreOffice Calc 7.4 and saved again as CSV with ``;`` (as that version saves it: LF, no
mark). Each test reads the file with the ``csv`` module too, and compares.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zoneinfo
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import sessionfeed as sf
from sessionfeed.importers import import_source, imported_toml
from strategies import NASTY, texts


DATA = Path(__file__).resolve().parent / "data"
SHEET = DATA / "spreadsheet-semicolon.csv"
AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")


def _rows(path: Path, encoding: str = "utf-8-sig") -> list[dict[str, str]]:
    """The file as the csv module reads it: one dict per row."""
    with path.open(encoding=encoding, newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def _load(imported: sf.Imported, tmp_path: Path) -> sf.Programme:
    path = tmp_path / "programme.toml"
    path.write_text(imported_toml(imported), encoding="utf-8")
    return sf.load(path)


def _write(tmp_path: Path, text: str, name: str = "sheet.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8", newline="")
    return path


def _org(programme: sf.Programme, person: sf.Person) -> tuple[str, str | None] | None:
    org = person.affiliation
    return None if org is None else (programme.text(org.name, "nl").text, org.short_name)


def test_a_sheet_saved_by_libreoffice_reads_as_the_one_excel_saved(tmp_path: Path) -> None:
    """The same sheet, saved by another spreadsheet program, gives the same programme."""
    other = DATA / "spreadsheet-libreoffice.csv"
    assert not other.read_bytes().startswith(b"\xef\xbb\xbf")
    assert _rows(other) == _rows(SHEET)
    same = {"programme_id": "sheet", "title": "Sheet"}  # else made from each file's name
    assert _load(import_source("csv", other, **same), tmp_path) == _load(import_source("csv", SHEET, **same), tmp_path)


def test_a_sheet_saved_with_a_bom_and_semicolons(tmp_path: Path) -> None:
    raw = SHEET.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfid;")
    assert b"\r\n" in raw
    rows = _rows(SHEET)
    imported = import_source("csv", SHEET)
    programme = _load(imported, tmp_path)
    assert programme.locales == ("nl", "en")
    assert [s.id for s in programme.sessions] == [
        "kick-off",
        "archief-2023",
        "workshop-in-de-zaal",
        "nog-geen-datum",
    ]
    first = programme.sessions[0]
    row = rows[0]
    assert first.title.as_dict() == {"nl": row["title_nl"], "en": row["title_en"]}
    assert first.description is not None
    assert first.description.as_dict() == {"nl": row["description_nl"]}
    assert "\n\nTweede alinea." in row["description_nl"]
    assert isinstance(first.when, sf.Timed)
    assert first.when.start == dt.datetime(2027, 3, 11, 14, 0, tzinfo=AMSTERDAM)
    assert first.when.end == dt.datetime(2027, 3, 11, 15, 30, tzinfo=AMSTERDAM)
    assert first.location is not None
    assert first.location.online is not None
    assert (first.location.online.url, first.location.online.platform) == (row["online"], row["platform"])
    assert [(p.name, _org(programme, p)) for p in first.people_in(sf.Role.MODERATOR)] == [
        ("Maria Mora", ("Initiative for Global Solidarity", "IGS")),
    ]
    assert [(p.name, _org(programme, p)) for p in first.people_in(sf.Role.SPEAKER)] == [
        ("Jef Wintermans", ("SER", None)),
        ("Faye Donker", ("WE Fashion", None)),
    ]
    assert [programme.text(o.name, "nl").text for o in first.organisers] == [row["organisers"]]
    assert [programme.text(t.label, "nl").text for t in first.tags] == [row["tags"]]
    assert first.links.registration == row["registration"]
    # The same person in two rows is one person; a month, days, and no date at all.
    assert len([p for p in programme.people if p.name == "Maria Mora"]) == 1
    archive, workshop, undated = programme.sessions[1:]
    assert archive.when == sf.Month(year=2023, month=12)
    assert archive.location is not None
    assert archive.location.online == sf.Online()
    assert workshop.when == sf.AllDay(start=dt.date(2027, 5, 10), end=dt.date(2027, 5, 12))
    assert isinstance(undated.when, sf.Unknown)
    assert (undated.kind, undated.language) == ("webinar", "nl")
    text = imported_toml(imported)
    assert 'kind = "webinar"  # guessed: the row has no kind: the default' in text
    assert imported.notices == ()


def test_the_windows_code_page_needs_its_encoding(tmp_path: Path) -> None:
    path = DATA / "spreadsheet-cp1252.csv"
    with pytest.raises(sf.ProgrammeError, match=r"--encoding cp1252") as caught:
        import_source("csv", path)
    assert caught.value.problems[0].line == 2
    programme = _load(import_source("csv", path, encoding="cp1252"), tmp_path)
    row = _rows(path, encoding="cp1252")[0]
    session = programme.sessions[0]
    assert (
        programme.text(session.title, "en").text == row["title"] == "Café-gesprek: één keten, twee werelden"
    )
    assert [
        (p.name, p.affiliation and p.affiliation.short_name) for p in session.people_in(sf.Role.SPEAKER)
    ] == [
        ("Zoë Ångström", "SOG"),
        ("Søren Kierkegård", None),
    ]


def test_commas_tabs_a_month_column_and_escapes(tmp_path: Path) -> None:
    comma = _write(
        tmp_path,
        'Title,Month,Speakers,Tags\r\n"Een, twee",2024-3,"A\\; B (C \\(D\\)); E, F",x; y; x\r\n',
    )
    imported = import_source("csv", comma)
    programme = sf.from_dict(imported.data)
    session = programme.sessions[0]
    assert programme.text(session.title, "en").text == "Een, twee"
    assert session.when == sf.Month(year=2024, month=3)
    speakers = session.people_in(sf.Role.SPEAKER)
    assert [(p.name, p.affiliation and programme.text(p.affiliation.name, "en").text) for p in speakers] == [
        ("A; B", "C (D)"),
        ("E", "F"),
    ]
    assert [t.id for t in session.tags] == ["x", "y"]
    assert any("names the same one twice" in n.message for n in imported.notices)
    tabs = _write(tmp_path, "title\tstart\tend\tkind\nT\t2027-01-05 10:00\t11:00\ttalk\n", "tabs.csv")
    tab_session = sf.from_dict(import_source("csv", tabs, timezone="Asia/Kolkata").data).sessions[0]
    assert isinstance(tab_session.when, sf.Timed)
    assert tab_session.when.start == dt.datetime(2027, 1, 5, 10, tzinfo=zoneinfo.ZoneInfo("Asia/Kolkata"))
    assert tab_session.kind == "talk"


def test_a_column_it_does_not_know_goes_into_the_description(tmp_path: Path) -> None:
    path = _write(tmp_path, "title,Zaal,description\nA,de grote zaal,Tekst.\n")
    imported = import_source("csv", path)
    session = sf.from_dict(imported.data).sessions[0]
    assert session.description is not None
    assert session.description.as_dict() == {"en": "Tekst.\n\nZaal: de grote zaal"}
    (notice,) = imported.notices
    assert (notice.line, notice.path) == (2, "sessions[0].description")
    assert "'Zaal'" in notice.message


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        ("title;start\nA;3/11/2027 14:00\n", 2, "start", "is not a date"),
        ("title,start\nA,2027-02-30\n", 2, "start", "is not a date"),
        ("title,start,end\nA,2027-02-03 14:00,2027-02-03 13:00\n", 2, "end", "after the start"),
        ("title,kind\nA,flying\n", 2, "kind", "unknown kind 'flying'"),
        ("title,timezone,start,end\nA,Mars/Base,2027-01-01 10:00,11:00\n", 2, "timezone", "IANA"),
        ("title,registration\nA,not a url\n", 2, "registration", ""),
        ("name,when\nA,2027\n", 1, "", "names no 'title' column"),
        ("title,title\nA,B\n", 1, "title", "named twice"),
        ("title,kind\nA,talk,extra\n", 2, "", "put quotes around"),
        ('title,kind\nA,talk\n"B,talk\n', 3, "", "check the quotes"),
        ("title,id\nA,x\nB,x\n", 3, "id", ""),
    ],
)
def test_errors_name_the_file_the_line_and_the_column(
    tmp_path: Path, text: str, line: int, column: str, words: str
) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(sf.ProgrammeError) as caught:
        import_source("csv", path)
    problem = caught.value.problems[0]
    assert problem.file == str(path)
    assert problem.line == line
    assert problem.path == column
    assert words in problem.message
    if line > 1:
        assert f"row {line}" in problem.message or "cells" in problem.message or "quotes" in problem.message


def test_files_that_are_not_csv(tmp_path: Path) -> None:
    workbook = tmp_path / "sheet.xlsx"
    workbook.write_bytes(b"PK\x03\x04" + bytes(200))
    with pytest.raises(sf.ProgrammeError, match=r"\.xlsx.*CSV UTF-8"):
        import_source("csv", workbook)
    with pytest.raises(sf.ProgrammeError, match="is empty"):
        import_source("csv", _write(tmp_path, "", "empty.csv"))
    with pytest.raises(sf.ArgumentError, match="timezone"):
        import_source("csv", SHEET, timezone="Mars/Base")


def test_a_sheet_with_no_rows_yet_is_a_programme_with_no_sessions(tmp_path: Path) -> None:
    imported = import_source("csv", _write(tmp_path, "id,title_nl,start\r\n"))
    assert sf.from_dict(imported.data).sessions == ()
    assert "no rows of sessions" in imported.notices[0].message


_cell = st.one_of(
    texts(max_size=30), st.sampled_from([*NASTY, "2027-01-01", "2027-13", "tba", "x (y); z", "\\"])
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    header=st.lists(st.sampled_from(["title", "title_nl", "start", "end", "kind", "speakers", "tags", "x", "id"]),
                    min_size=1, max_size=6),
    rows=st.lists(st.lists(_cell, max_size=7), max_size=4),
)  # fmt: skip
def test_hostile_cells_give_a_programme_or_a_clear_error(
    tmp_path: Path, header: list[str], rows: list[list[str]]
) -> None:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    path = tmp_path / "hostile.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8", errors="surrogatepass", newline="")
    try:
        imported = import_source("csv", path)
    except sf.ProgrammeError as error:
        problems = error.problems
    else:
        _load(imported, tmp_path)
        return
    assert problems
    assert all(p.file == str(path) and p.message for p in problems)
