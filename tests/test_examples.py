"""The examples: both programmes load and say what they claim, the scripts run, the plugin is a real package."""

from __future__ import annotations

import csv
import datetime as dt
import importlib
import io
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import sessionfeed as sf


ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
PLUGIN = EXAMPLES / "plugin"
SCRIPTS = sorted(EXAMPLES.glob("*.py"))


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.toml")), ids=lambda p: p.stem)
def test_every_example_programme_loads_and_round_trips(path: Path) -> None:
    programme = sf.load(path)
    assert programme.sessions
    assert programme.locales == ("nl", "en")
    assert sf.from_dict(sf.to_dict(programme)) == programme


def test_the_seed_example_is_the_seed_page() -> None:
    """Ten sessions known only by their month, never a made-up day; webinars and workshops have moderators and speakers."""
    seed = sf.load(EXAMPLES / "ser-access-to-remedy.toml")
    assert seed.id == "ser-access-to-remedy"
    assert len(seed.sessions) == 10
    assert all(isinstance(s.when, sf.Month) for s in seed.sessions)
    assert seed.sessions[0].when == sf.Month(year=2023, month=12)
    assert all(s.roles == (sf.Role.MODERATOR, sf.Role.SPEAKER) for s in seed.sessions if s.kind in {"webinar", "workshop"})
    assert [s.roles for s in seed.sessions if s.kind == "interview"] == [(sf.Role.INTERVIEWEE,)] * 2
    assert {o.id for o in seed.organisers} == {"ser"}
    igs = next(o for o in seed.organisations if o.id == "igs")
    assert igs.parent is not None
    assert igs.parent.id == "giz"


def test_the_demo_example_has_every_feature_it_claims() -> None:
    """Its header promises exact times on a DST night, another zone, every location, and every status."""
    demo = sf.load(EXAMPLES / "upcoming-demo.toml")
    by_id = {s.id: s for s in demo.sessions}
    night = by_id["night-owls"].when
    assert isinstance(night, sf.Timed)
    assert night.duration == dt.timedelta(hours=2)
    kolkata = by_id["kolkata-roundtable"].when
    assert isinstance(kolkata, sf.Timed)
    assert kolkata.timezone == "Asia/Kolkata"
    assert {s.attendance for s in demo.sessions} >= {sf.AttendanceMode.ONLINE, sf.AttendanceMode.HYBRID, sf.AttendanceMode.IN_PERSON}
    assert by_id["repair-workshop"].when == sf.AllDay(start=dt.date(2027, 5, 10), end=dt.date(2027, 5, 12))
    assert {s.status for s in demo.sessions} >= {sf.Status.CANCELLED, sf.Status.RESCHEDULED, sf.Status.POSTPONED, sf.Status.SCHEDULED}
    assert by_id["rescheduled-interview"].previous_start == dt.datetime(2027, 1, 14, 11, tzinfo=demo.zone)
    assert by_id["postponed-masterclass"].when == sf.Unknown()
    assert by_id["autumn-recap"].recording is not None
    assert any(not p.name.isascii() for p in demo.people)


@pytest.mark.parametrize("script", SCRIPTS, ids=[s.name for s in SCRIPTS])
def test_example_scripts_run(script: Path, tmp_path: Path) -> None:
    """Every examples/*.py runs to the end and exits 0."""
    env = {**os.environ, "PYTHONWARNINGS": "error"}
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, check=False, cwd=tmp_path, env=env, timeout=120)
    assert result.returncode == 0, result.stderr


# ----------------------------------------------------------------------- plugin


def test_the_plugin_is_an_installable_package_declaring_its_entry_point() -> None:
    project = tomllib.loads((PLUGIN / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["name"] == "sessionfeed-example-plugin"
    assert "sessionfeed" in project["project"]["dependencies"]
    assert project["build-system"]["build-backend"] == "hatchling.build"
    points = project["project"]["entry-points"][sf.ENTRY_POINT_GROUP]
    assert points == {"sessions": "sessionfeed_example_plugin:CSVExporter"}
    assert (PLUGIN / "README.md").is_file()


@pytest.fixture
def plugin_module(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.syspath_prepend(str(PLUGIN / "src"))
    module = importlib.import_module("sessionfeed_example_plugin")
    yield module
    sys.modules.pop("sessionfeed_example_plugin", None)


def test_the_plugin_exporter_keeps_the_contract(plugin_module) -> None:
    """The declared object is an exporter whose name is its entry point's name."""
    exporter = plugin_module.CSVExporter()
    assert isinstance(exporter, sf.Exporter)
    assert not isinstance(exporter, sf.BaseExporter)
    assert (exporter.name, exporter.filename, exporter.media_type) == ("sessions", "sessions.csv", "text/csv; charset=utf-8")


def test_the_plugin_csv_is_exact_and_keeps_precision(plugin_module, seed_programme: sf.Programme, demo_programme: sf.Programme) -> None:
    exporter = plugin_module.CSVExporter()
    data = exporter.export(seed_programme, locale="en")
    assert data == exporter.export(seed_programme, locale="en")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))
    assert [r["id"] for r in rows] == [s.id for s in seed_programme.sessions]
    assert {(r["precision"], r["start"] == r["end"]) for r in rows} == {("month", True)}
    assert rows[0]["start"] == "2023-12"
    assert data.count(b"\r\n") == len(rows) + 1
    demo = {r["id"]: r for r in csv.DictReader(io.StringIO(exporter.export(demo_programme, locale="nl").decode(), newline=""))}
    assert demo["night-owls"]["start"] == "2027-03-28T01:00:00+01:00"
    assert demo["night-owls"]["end"] == "2027-03-28T04:00:00+02:00"
    assert demo["repair-workshop"]["precision"] == "day"
    assert demo["postponed-masterclass"]["precision"] == "unknown"
    assert demo["kolkata-roundtable"]["title_language"] == "nl"
    assert demo["grievance-basics"]["title"] == "Klachtenmechanismen: de basis"
    assert demo["hybrid-launch"]["attendance"] == "hybrid"


def test_the_plugin_builds_into_a_site(plugin_module, demo_programme: sf.Programme, tmp_path: Path) -> None:
    exporter = plugin_module.CSVExporter()
    sf.build_site(demo_programme, tmp_path / "site", exporters=[exporter])
    for locale in demo_programme.locales:
        assert (tmp_path / "site" / locale / "sessions.csv").read_bytes() == exporter.export(demo_programme, locale=locale)
