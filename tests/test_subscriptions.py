"""What a publisher sets for subscribers: the facets key, the window on the command line, calendar sizes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs
import icalendar
import pytest

import sessionfeed as sf
from sessionfeed.calendar_size import GOOGLE_LIMIT, calendar_sizes
from sessionfeed.check import lint
from sessionfeed.cli import main
from sessionfeed.exporters.base import Context, render
from sessionfeed.exporters.registry import get_exporter
from sessionfeed.io.toml import load_toml_text
from sessionfeed.model.facets import Facet
from sessionfeed.model.revisions import Revisions


NOW = dt.datetime(2026, 12, 7, 12, 0, tzinfo=dt.UTC)

HEAD = 'id = "p"\ntitle = "P"\nbase_url = "https://example.org/"\nlocales = ["en"]\ntimezone = "UTC"\n'


def _session(ident: str, end: dt.datetime, description: str = "") -> str:
    start = end - dt.timedelta(hours=1)
    text = f'description = "{description}"\n' if description else ""
    return (
        f'\n[[sessions]]\nid = "{ident}"\nkind = "webinar"\ntitle = "{ident}"\nlanguage = "en"\n{text}'
        f"when = {{ start = {start:%Y-%m-%dT%H:%M:%SZ}, end = {end:%Y-%m-%dT%H:%M:%SZ} }}\n"
    )


# ---------------------------------------------------------------- facets = [...]


def test_facets_default_to_all_and_keep_their_order() -> None:
    programme = load_toml_text(HEAD + _session("a", NOW))
    assert programme.facets == tuple(Facet)
    chosen = load_toml_text(HEAD + 'facets = ["people", "tags"]\n' + _session("a", NOW))
    assert chosen.facets == (Facet.TAGS, Facet.PEOPLE)
    assert load_toml_text(HEAD + "facets = []\n" + _session("a", NOW)).facets == ()


@pytest.mark.parametrize("facets", [(), (Facet.KINDS,), tuple(Facet)])
def test_facets_survive_a_round_trip(facets: tuple[Facet, ...]) -> None:
    programme = attrs.evolve(load_toml_text(HEAD + _session("a", NOW)), facets=facets)
    data = sf.to_dict(programme)
    assert ("facets" in data) == (facets != tuple(Facet))
    assert sf.from_dict(data).facets == facets


@pytest.mark.parametrize(
    ("value", "path", "said"),
    [
        ('["tags", "peple"]', "facets[1]", "'peple' is not a facet: choose from 'tags', 'people'"),
        ('"tags"', "facets", "must be a list of some of 'tags'"),
        ('["tags", [1]]', "facets[1]", "[1] is not a facet"),
        ("[3]", "facets[0]", "3 is not a facet"),
    ],
)
def test_a_wrong_facet_is_named_with_its_line(value: str, path: str, said: str) -> None:
    with pytest.raises(sf.ProgrammeError) as caught:
        load_toml_text(HEAD + f"facets = {value}\n" + _session("a", NOW), filename="p.toml")
    (problem,) = caught.value.problems
    assert (problem.path, problem.line) == (path, 6)
    assert said in problem.message


def test_no_facet_files_without_facets(tmp_path: Path) -> None:
    programme = load_toml_text(HEAD + "facets = []\n" + _session("a", NOW))
    sf.build_site(programme, tmp_path / "site", now=NOW)
    folders = {p.name for p in (tmp_path / "site" / "en").iterdir() if p.is_dir()}
    assert not folders & {str(facet) for facet in Facet}


# ------------------------------------------------------------ the window's options


def _edges(tmp_path: Path) -> Path:
    path = tmp_path / "p.toml"
    sessions = _session("old", NOW - dt.timedelta(days=100)) + _session("recent", NOW - dt.timedelta(days=10))
    sessions += _session("soon", NOW + dt.timedelta(days=10)) + _session(
        "later", NOW + dt.timedelta(days=100)
    )
    path.write_text(HEAD + 'window = { past = "P30D" }\n' + sessions, encoding="utf-8")
    return path


def _events(data: bytes) -> set[str]:
    calendar = icalendar.Calendar.from_ical(data)
    return {str(event["SUMMARY"]) for event in calendar.walk("VEVENT")}


@pytest.mark.parametrize(
    ("options", "kept"),
    [
        ((), {"recent", "soon", "later"}),  # the file's window
        (("--window-past", "all"), {"old", "recent", "soon", "later"}),
        (("--window-past", "none"), {"soon", "later"}),
        (("--window-past", "P200D", "--window-upcoming", "P30D"), {"old", "recent", "soon"}),
        (("--window-upcoming", "P30D"), {"recent", "soon"}),  # the file's past stays
    ],
)
def test_window_options_override_the_file(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes], options: tuple[str, ...], kept: set[str]
) -> None:
    path = _edges(tmp_path)
    assert main(["export", str(path), "-f", "ical", "--now", NOW.isoformat(), *options]) == 0
    assert _events(capsysbinary.readouterr().out) == kept
    out = tmp_path / "site"
    assert (
        main(["build", str(path), "-o", str(out), "-q", "-f", "ical", "--now", NOW.isoformat(), *options])
        == 0
    )
    assert _events((out / "en" / "calendar.ics").read_bytes()) == kept


@pytest.mark.parametrize(
    ("option", "value", "said"),
    [
        ("--window-past", "P1M", "--window-past: 'P1M' is not a duration"),
        ("--window-upcoming", "none", "--window-upcoming: 'none' is not a span of time"),
        ("--window-upcoming", "soon", "--window-upcoming: 'soon' is not a span of time"),
    ],
)
def test_a_wrong_window_option_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], option: str, value: str, said: str
) -> None:
    path = _edges(tmp_path)
    assert main(["build", str(path), "-o", str(tmp_path / "site"), option, value]) == 2
    err = capsys.readouterr().err
    assert said in err
    assert "Traceback" not in err
    assert not (tmp_path / "site").exists()


# ------------------------------------------------------------ calendar sizes (SF801)

#: A description long enough that a few hundred events pass 1 MB.
LONG = "A long description of what the session covers. " * 60


def _large(days: int = 600) -> sf.Programme:
    """One session a day for ``days`` days up to a month after NOW, each event about 3.5 kB."""
    sessions = "".join(_session(f"s{i}", NOW + dt.timedelta(days=30 - i), LONG) for i in range(days))
    return load_toml_text(HEAD + sessions)


def _calendar_size(programme: sf.Programme) -> int:
    """``calendar.ics`` as a build at NOW writes it."""
    context = Context(locale="en", revisions=Revisions.from_data(programme), now=NOW)
    return len(render(get_exporter("ical"), programme, context).files[0].content)


def test_calendar_sizes_are_the_bytes_a_build_writes() -> None:
    programme = _large(40)
    sizes = calendar_sizes(programme, "en", NOW)
    assert sizes.total == _calendar_size(programme)
    assert len(sizes.events) == 40


def test_check_names_the_longest_window_that_keeps_the_calendar_under_1_mb() -> None:
    programme = _large()
    assert _calendar_size(programme) > GOOGLE_LIMIT
    (finding,) = [f for f in lint(programme, now=NOW) if f.code == "SF801"]
    assert finding.severity == "warning"
    assert finding.path == "window"
    assert "en/calendar.ics would be 2." in finding.message
    days = int(finding.message.split("window.past = 'P", 1)[1].split("D'", 1)[0])
    within = attrs.evolve(programme, window=sf.Window(past=dt.timedelta(days=days)))
    beyond = attrs.evolve(programme, window=sf.Window(past=dt.timedelta(days=days + 1)))
    assert _calendar_size(within) <= GOOGLE_LIMIT < _calendar_size(beyond)
    assert not [f for f in lint(within, now=NOW) if f.code == "SF801"]


def test_check_says_when_only_fewer_coming_sessions_help() -> None:
    sessions = "".join(_session(f"s{i}", NOW + dt.timedelta(days=1 + i), LONG) for i in range(400))
    programme = load_toml_text(HEAD + sessions)
    (finding,) = [f for f in lint(programme, now=NOW) if f.code == "SF801"]
    assert "add window = { past = 'none', upcoming = 'P" in finding.message
    days = int(finding.message.split("upcoming = 'P", 1)[1].split("D'", 1)[0])

    def window(days: int) -> sf.Programme:
        return attrs.evolve(
            programme, window=sf.Window(past=dt.timedelta(0), upcoming=dt.timedelta(days=days))
        )

    assert _calendar_size(window(days)) <= GOOGLE_LIMIT < _calendar_size(window(days + 1))


def test_small_calendars_have_no_finding() -> None:
    assert not [f for f in lint(_large(40), now=NOW) if f.code == "SF801"]


def test_build_summary_prints_each_calendars_size(tmp_path: Path) -> None:
    programme = _large()
    report = sf.build_site(programme, tmp_path / "site", exporters=[get_exporter("ical")], now=NOW)
    (line,) = [line for line in report.lines() if "en/calendar.ics" in line]
    size = (tmp_path / "site" / "en" / "calendar.ics").stat().st_size
    assert f"{size / 1_000_000:.1f} MB" in line
    assert any("above 1 MB" in line and "SF801" in line for line in report.lines())
