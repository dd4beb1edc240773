"""The CSV exporter: RFC 4180 with a BOM and CRLF, the importer's columns, and a round trip for every programme.

What the format carries, and so what the round trip compares (docs/importing.md): each
session's id, kind, language, title and description in every locale, when (a month, days or
times with their zone), status and previous start, the online link and platform, the venue's
name, the people of every role by name with their organisation's name (in the default locale)
and short name, the organisers and supporters likewise, the topics by their label in the
default locale, the page and registration links and the recording's URL.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, assume, given, settings

import sessionfeed as sf
from sessionfeed.exporters.csv_table import build_csv, header
from sessionfeed.importers import import_source
from sessionfeed.io.table import COLUMNS
from strategies import programmes


ROOT = Path(__file__).resolve().parent.parent


def _org(programme: sf.Programme, org: sf.Organisation | None) -> Any:
    if org is None:
        return None
    return (programme.text(org.name, programme.default_locale).text, org.short_name)


def carried(programme: sf.Programme) -> list[dict[str, Any]]:
    """What the CSV format carries of each session (see the module's docstring)."""
    out = []
    for s in programme.sessions:
        when: Any = s.when
        if isinstance(when, sf.Timed):
            # Instants, not wall times: datetimes in one zone compare equal whatever their fold.
            when = (when.start.astimezone(dt.UTC), when.end.astimezone(dt.UTC), when.timezone)
        previous: Any = s.previous_start
        if isinstance(previous, dt.datetime):
            previous = previous.astimezone(dt.UTC)  # the instant: a cell holds its offset, not its zone
        location = s.location
        out.append({
            "id": s.id, "kind": s.kind, "language": s.language, "title": s.title.as_dict(),
            "description": None if s.description is None else s.description.as_dict(),
            "when": when, "status": s.status, "previous_start": previous,
            "online": None if location is None or location.online is None
            else (location.online.url, location.online.platform),
            "venue": None if location is None or location.venue is None else location.venue.name,
            "people": {role: [(p.name, _org(programme, p.affiliation)) for p in s.people_in(role)] for role in sf.Role},
            "organisers": [_org(programme, o) for o in s.organisers],
            "supporters": [_org(programme, o) for o in s.supporters],
            "tags": [programme.text(t.label, programme.default_locale).text for t in s.tags],
            "links": (s.links.page, s.links.registration),
            "recording": None if s.recording is None else s.recording.url,
        })  # fmt: skip
    return out


def _import(programme: sf.Programme, data: bytes, tmp_path: Path) -> sf.Programme:
    path = tmp_path / "programme.csv"
    path.write_bytes(data)
    imported = import_source(
        "csv", path, programme_id=programme.id, base_url=programme.base_url, timezone=programme.timezone,
        title="Programme",
    )  # fmt: skip
    return sf.from_dict(imported.data)


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(programme=programmes())
def test_import_csv_of_export_csv_gives_the_same_model(tmp_path: Path, programme: sf.Programme) -> None:
    # A spreadsheet names a person by name and organisation: two people alike in both are one.
    people = [(p.name, _org(programme, p.affiliation)) for p in programme.people]
    assume(len(set(people)) == len(people))
    orgs = [_org(programme, o) for o in programme.organisations]
    assume(len(set(orgs)) == len(orgs))
    labels = [programme.text(t.label, programme.default_locale).text for t in programme.tags]
    assume(len(set(labels)) == len(labels))
    back = _import(programme, build_csv(programme), tmp_path)
    assert back.locales == programme.locales
    assert carried(back) == carried(programme)


def test_the_file_is_rfc_4180_with_a_bom_and_crlf() -> None:
    programme = sf.load(ROOT / "examples" / "upcoming-demo.toml")
    data = build_csv(programme)
    assert data.startswith(
        b"\xef\xbb\xbfid,kind,language,title_nl,title_en,description_nl,description_en,start,"
    )
    text = data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == header(programme)
    assert len(rows) == len(programme.sessions) + 1
    assert all(len(row) == len(rows[0]) for row in rows)
    # Every record ends in CRLF; a line break inside a cell stays as it is, inside quotes.
    assert text.endswith("\r\n")
    assert text.count("\r\n") >= len(rows)
    expected = []
    for column in COLUMNS:
        if column in {"title", "description"}:
            expected.extend(f"{column}_{locale}" for locale in programme.locales)
        else:
            expected.append(column)
    assert rows[0] == expected


def test_month_only_and_undated_sessions_are_written_honestly() -> None:
    programme = sf.load(ROOT / "examples" / "ser-access-to-remedy.toml")
    rows = list(csv.DictReader(io.StringIO(build_csv(programme).decode("utf-8-sig"), newline="")))
    assert rows[0]["start"] == "2023-12"
    assert rows[0]["end"] == rows[0]["timezone"] == ""
    demo = sf.load(ROOT / "examples" / "upcoming-demo.toml")
    by_id = {
        row["id"]: row for row in csv.DictReader(io.StringIO(build_csv(demo).decode("utf-8-sig"), newline=""))
    }
    undated = [s.id for s in demo.sessions if isinstance(s.when, sf.Unknown)]
    assert undated
    for ident in undated:
        assert by_id[ident]["start"] == by_id[ident]["end"] == ""


def test_the_exporter_is_registered_and_builds(tmp_path: Path) -> None:
    exporter = sf.get_exporter("csv")
    assert exporter.filename == "programme.csv"
    programme = sf.load(ROOT / "examples" / "ser-access-to-remedy.toml")
    sf.build_site(programme, tmp_path / "site", exporters=[exporter])
    assert (tmp_path / "site" / "nl" / "programme.csv").read_bytes() == build_csv(programme)


def test_a_cell_that_would_be_a_formula_is_text(tmp_path: Path) -> None:
    """A spreadsheet runs "=..." as a formula: the cell gets an apostrophe, and the import takes it off."""
    titles = [
        '=HYPERLINK("https://evil.example/","x")',
        "+1",
        "-5 degrees",
        "@home",
        "'=quoted",
        "'s-Hertogenbosch",
    ]
    programme = sf.from_dict({
        "id": "p", "title": "P", "base_url": "https://example.org/", "locales": ["en"],
        "people": {"a": {"name": "=cmd|' /C calc'!A0"}},
        "sessions": [
            {"id": f"s{i}", "kind": "talk", "language": "en", "title": title, "speakers": ["a"]}
            for i, title in enumerate(titles)
        ],
    })  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(build_csv(programme).decode("utf-8-sig"), newline="")))
    assert [row["title_en"] for row in rows] == [f"'{t}" for t in titles[:5]] + ["'s-Hertogenbosch"]
    assert all(row["speakers"].startswith("'=cmd") for row in rows)
    back = _import(programme, build_csv(programme), tmp_path)
    assert [back.text(s.title, "en").text for s in back.sessions] == titles
    assert [p.name for p in back.people] == ["=cmd|' /C calc'!A0"]
