"""The frab importer: a schedule as pretalx writes it, every piece of it kept or named, hostile files refused clearly."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
import zoneinfo
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import sessionfeed as sf
from sessionfeed.exceptions import ProgrammeError
from sessionfeed.importers import frab, import_source, imported_toml
from sessionfeed.io.toml import load_toml_text as loads
from strategies import NASTY


DATA = Path(__file__).parent / "data"
PRETALX = DATA / "pretalx-frab.json"
SCHEMA = DATA / "c3voc" / "schema.json"
AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")


def _schema_errors(data: Any) -> list[str]:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft6Validator(schema, format_checker=jsonschema.Draft6Validator.FORMAT_CHECKER)
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]


def test_the_fixture_is_a_valid_schedule() -> None:
    """The pretalx-shaped file is what the schema calls a schedule: the test reads a realistic file."""
    assert _schema_errors(json.loads(PRETALX.read_text(encoding="utf-8"))) == []


def test_a_schedule_written_by_voctosched(tmp_path: Path) -> None:
    """A schedule another tool wrote: voctosched's frab JSON export (its demo CSV import, with our own rows).

    ``data/voctosched-frab.json`` was made by voctosched (github.com/voc/voctosched, whose
    exporter follows pretalx's) from three rows of our own. Read independently with ``json``,
    every event comes back with its title, start, duration, room and persons, and the file builds.
    """
    path = DATA / "voctosched-frab.json"
    schedule = json.loads(path.read_text(encoding="utf-8"))["schedule"]
    events = [
        event
        for day in schedule["conference"]["days"]
        for room in day["rooms"].values()
        for event in room
    ]
    events.sort(key=lambda event: event["date"])
    imported = import_source("frab", path, base_url="https://od.example.org/")
    (tmp_path / "programme.toml").write_text(imported_toml(imported), encoding="utf-8")
    programme = sf.load(tmp_path / "programme.toml")
    assert len(programme.sessions) == len(events) == 3
    for session, event in zip(sorted(programme.sessions, key=lambda s: s.when.start), events, strict=True):
        assert isinstance(session.when, sf.Timed)
        assert session.title.resolve(session.language).text == event["title"]
        assert session.when.start == dt.datetime.fromisoformat(event["date"])
        hours, minutes = (int(part) for part in event["duration"].split(":"))
        assert session.when.end - session.when.start == dt.timedelta(hours=hours, minutes=minutes)
        assert [p.person.name for p in session.participants] == [p["public_name"] for p in event["persons"]]
        assert session.location is not None
        if event["room"] == "Online":  # a room that says so is an online session
            assert session.location.online is not None
            assert session.location.venue is None
        else:
            assert session.location.venue is not None
            assert session.location.venue.name == event["room"]
    report = sf.build_site(programme, tmp_path / "site")
    assert report.sessions == 3


def test_a_schedule_as_pretalx_writes_it() -> None:
    imported = import_source("frab", PRETALX)
    programme = sf.from_dict(imported.data)
    assert programme.id == "fairchains2027"
    assert programme.title["en"] == "Fair Chains Forum 2027"
    assert programme.timezone == "Europe/Amsterdam"
    assert [t.label["en"] for t in programme.tags] == ["Remedy", "Due diligence"]
    panel, talk, workshop = programme.sessions
    assert panel.id == "101-access-to-remedy"
    assert panel.title["en"] == "Access to remedy: What companies owe workers"
    assert panel.kind == "panel"
    assert panel.language == "en"
    assert panel.when == sf.Timed(
        start=dt.datetime(2027, 3, 11, 10, tzinfo=AMS), end=dt.datetime(2027, 3, 11, 11, 30, tzinfo=AMS)
    )
    assert panel.location == sf.Location(venue=sf.Venue(name="Zaal Noord"))
    assert [t.id for t in panel.tags] == ["1-remedy"]
    assert [(p.person.name, p.role) for p in panel.participants] == [
        ("Maria Mora", sf.Role.SPEAKER),
        ("Jörg Ünal", sf.Role.SPEAKER),
    ]
    assert panel.recording is not None
    assert panel.recording.url == "https://media.example.org/v/fairchains2027-101-access-to-remedy"
    assert panel.links.page == "https://pretalx.example.org/fairchains-2027/talk/KQ3XAB/"
    assert panel.description is not None
    description = panel.description["en"]
    for kept in (
        "Who pays when a supply chain harms people?",
        "A panel on grievance mechanisms.\n\nWith time for questions.",
        "Background paper: https://example.org/papers/remedy.pdf",
        "Slides: https://pretalx.example.org/media/fairchains-2027/submissions/KQ3XAB/resources/slides.pdf",
        "About Maria Mora: Maria works on remedy.",
        "Feedback: https://pretalx.example.org/fairchains-2027/talk/KQ3XAB/feedback/",
        "Recording licence: CC BY 4.0",
    ):
        assert kept in description
    assert talk.language == "nl"
    assert talk.location == sf.Location(online=sf.Online(platform="Stream"))
    assert talk.participants[0].person is panel.participants[0].person  # one person, by guid
    assert workshop.kind == "workshop"
    assert workshop.tags == ()
    messages = [n.message for n in imported.notices]
    assert any("conference.colors" in m and "rooms[0].description" in m for m in messages)
    assert any("avatar of Maria Mora" in m for m in messages)
    assert any("do_not_record is true for sessions[1], sessions[2]" in m for m in messages)
    lines = {n.path: n.line for n in imported.notices if n.path.endswith(".description")}
    text = PRETALX.read_text(encoding="utf-8").splitlines()
    assert '"guid": "5d1e1f61' in text[lines["sessions[0].description"]]  # the line of the event's "{"
    assert '"guid": "8e0c2d31' in text[lines["sessions[1].description"]]


def test_the_written_file_builds_with_the_guesses_marked(tmp_path: Path) -> None:
    imported = import_source("frab", PRETALX, base_url="https://fairchains.example.org/")
    written = imported_toml(imported)
    assert (
        'speakers = ["maria-mora", "jorg-unal"]  # guessed: the schedule lists persons without their roles'
        in written
    )
    programme = loads(written)
    assert programme == sf.from_dict(imported.data)
    sf.build_site(programme, tmp_path / "site")
    assert (tmp_path / "site" / "en" / "schedule.json").is_file()


def test_duration_without_end_and_whole_days() -> None:
    def event(**fields: Any) -> dict[str, Any]:
        return {"title": "T", "room": "Online", "persons": [], "links": [], **fields}

    data = {
        "schedule": {
            "version": "1",
            "conference": {
                "acronym": "conf",
                "title": "C",
                "time_zone_name": "Europe/Amsterdam",
                "days": [
                    {
                        "rooms": {
                            "Online": [
                                event(slug="conf-a", date="2027-03-28T01:30:00+01:00", duration="01:00"),
                                event(
                                    slug="conf-b",
                                    date="2027-04-01T00:00:00+02:00",
                                    end="2027-04-03T00:00:00+02:00",
                                ),
                                event(slug="conf-c", date="tomorrow"),
                            ],
                        },
                    },
                ],
            },
        },
    }
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "schedule.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        imported = frab.read(path, locale="en")
    a, b, c = sf.from_dict(imported.data).sessions
    assert isinstance(a.when, sf.Timed)
    assert a.when.end.astimezone(dt.UTC) - a.when.start.astimezone(dt.UTC) == dt.timedelta(
        hours=1
    )  # clocks change
    assert a.when.end.astimezone(AMS).hour == 3
    assert b.when == sf.AllDay(start=dt.date(2027, 4, 1), end=dt.date(2027, 4, 2))
    assert "sessions[1].when" in imported.guessed
    assert isinstance(c.when, sf.Unknown)
    assert c.description is not None
    assert "Date: tomorrow" in c.description["en"]
    assert a.location == sf.Location(online=sf.Online())


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "is not JSON"),
        (b"\xff\xfe{", "is not JSON"),
        (b'{"schedule": {}}', "has no 'schedule.conference'"),
        (b"[1, 2]", "has no 'schedule.conference'"),
        (b'{\n  "schedule": {\n    "conference": [}\n}', "is not JSON"),
        (b"[" * 100_000, "nested too deeply"),
        (b'{"a": ' * 50_000, "nested too deeply"),
    ],
)
def test_what_is_not_a_schedule_is_a_clear_error(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "schedule.json"
    path.write_bytes(content)
    with pytest.raises(ProgrammeError, match=expected) as caught:
        import_source("frab", path)
    problem = caught.value.problems[0]
    assert problem.file == str(path)
    if content.startswith(b'{\n  "schedule"'):
        assert problem.line == 3


def test_a_missing_file_and_a_bad_option_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(ProgrammeError, match="cannot read the schedule"):
        import_source("frab", tmp_path / "missing.json")
    with pytest.raises(ProgrammeError, match="option timezone"):
        import_source("frab", PRETALX, timezone="Mars/Olympus")
    with pytest.raises(ProgrammeError, match="option locale"):
        import_source("frab", PRETALX, locale="not a locale")


_VALUES = st.one_of(
    st.sampled_from(NASTY),
    st.none(),
    st.integers(),
    st.booleans(),
    st.sampled_from(
        ["2027-01-01T10:00:00+01:00", "00:30", "99:99", "https://example.org/x", "javascript:x", "Online"]
    ),
)
_EVENT = st.dictionaries(
    st.sampled_from(
        ["title", "subtitle", "date", "end", "duration", "room", "slug", "type", "language", "track", "url",
         "abstract", "description", "guid", "feedback_url", "recording_license", "whatever"],
    ),
    _VALUES,
    max_size=12,
)  # fmt: skip
_PERSONS = st.lists(
    st.dictionaries(st.sampled_from(["name", "public_name", "guid", "url", "biography"]), _VALUES), max_size=3
)
_LINKS = st.lists(st.dictionaries(st.sampled_from(["url", "title", "type"]), _VALUES), max_size=3)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(_EVENT, _PERSONS, _LINKS, st.sampled_from(NASTY)), max_size=4),
    st.dictionaries(st.sampled_from(["acronym", "title", "time_zone_name", "description"]), _VALUES),
)
def test_hostile_schedules_give_a_programme_or_a_programme_error(
    events: list[tuple[dict[str, Any], list[Any], list[Any], str]], conference: dict[str, Any]
) -> None:
    rooms: dict[str, list[Any]] = {}
    for fields, persons, links, room in events:
        rooms.setdefault(room, []).append({**fields, "persons": persons, "links": links})
    data = {"schedule": {"conference": {**conference, "days": [{"rooms": rooms}]}}}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "schedule.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        try:
            imported = import_source("frab", path)
        except ProgrammeError as error:
            problem = error.problems[0]
        else:
            problem = None
    if problem is not None:
        assert problem.file == str(path)
        return
    programme = sf.from_dict(imported.data)
    assert len(programme.sessions) == len(events)
    assert loads(imported_toml(imported)) == programme
