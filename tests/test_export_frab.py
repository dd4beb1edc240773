"""The frab/c3voc schedule JSON: valid against the c3voc schema, every dated session once, the rest reported."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import attrs
import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings

import sessionfeed as sf
from sessionfeed.exporters import frab
from sessionfeed.exporters.base import Context
from sessionfeed.model.ids import session_uid
from sessionfeed.model.revisions import Revisions
from strategies import programmes


ROOT = Path(__file__).parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.toml"))
#: The c3voc schedule JSON schema: validator/json/schema.json of the voc/schedule repository (EUPL-1.2;
#: tests/data/c3voc/README.md says which version).
SCHEMA_PATH = Path(__file__).parent / "data" / "c3voc" / "schema.json"


def _validator() -> Any:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return jsonschema.Draft6Validator(schema, format_checker=jsonschema.Draft6Validator.FORMAT_CHECKER)


def _events(data: dict[str, Any]) -> list[dict[str, Any]]:
    days = data["schedule"]["conference"]["days"]
    return [event for day in days for events in day["rooms"].values() for event in events]


def _check_shape(data: dict[str, Any]) -> None:
    """What the schema requires, checked without it: the keys and the patterns the apps read."""
    conference = data["schedule"]["conference"]
    assert {"title", "acronym", "days", "daysCount", "start", "end", "timeslot_duration"} <= set(conference)
    assert data["schedule"]["version"]
    assert conference["daysCount"] == len(conference["days"])
    required = {
        "abstract", "date", "duration", "guid", "id", "language", "links", "persons", "room", "slug",
        "start", "subtitle", "title", "track", "type", "url",
    }  # fmt: skip
    ids = [e["id"] for e in _events(data)]
    assert len(ids) == len(set(ids))
    for day in conference["days"]:
        assert {"date", "day_end", "day_start", "index", "rooms"} <= set(day)
        for room, events in day["rooms"].items():
            for event in events:
                assert required <= set(event)
                assert event["room"] == room
                assert 1 <= event["id"] < 2**31
                start = dt.datetime.fromisoformat(event["date"])
                assert start.date().isoformat() == day["date"]
                assert dt.datetime.fromisoformat(event["end"]) > start
                for person in event["persons"]:
                    assert {"id", "public_name"} <= set(person)
                    assert "name" not in person  # it would match both of the schema's person kinds


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_examples_are_valid_schedules(path: Path) -> None:
    programme = sf.load(path)
    validator = _validator()
    for locale in programme.locales:
        data = json.loads(sf.get_exporter("frab").export(programme, locale=locale))
        errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]
        assert errors == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(programmes())
def test_every_programme_is_a_valid_schedule(programme: sf.Programme) -> None:
    """Any programme: the schema's shape, every dated and held session once, with the calendar's UID."""
    for locale in programme.locales:
        data = json.loads(frab.schedule_bytes(programme, locale))
        _check_shape(data)
        errors = [e.message for e in _validator().iter_errors(data)]
        assert errors == []
        # Streamed, the file is json.dumps of the whole schedule.
        whole = json.dumps(frab.schedule(programme, locale), ensure_ascii=False, indent=2) + "\n"
        assert frab.schedule_bytes(programme, locale) == whole.encode("utf-8")
        by_guid = {e["guid"]: e for e in _events(data)}
        expected = {
            session_uid(programme, s): s
            for s in programme.sessions
            if isinstance(s.when, sf.Timed | sf.AllDay)
            and s.status not in (sf.Status.CANCELLED, sf.Status.POSTPONED)
        }
        assert set(by_guid) == set(expected)
        for guid, session in expected.items():
            event = by_guid[guid]
            assert event["title"] == programme.text(session.title, locale).text
            assert event["type"] == session.kind
            assert event["language"] == session.language
            assert [p["public_name"] for p in event["persons"]] == [
                p.person.name for p in session.participants
            ]
            start = dt.datetime.fromisoformat(event["date"])
            if isinstance(session.when, sf.Timed):
                # As instants: Python never finds a wall time that happens twice (a clock
                # change's repeated hour) equal to one in another zone (PEP 495).
                assert start.astimezone(dt.UTC) == session.when.start.astimezone(dt.UTC)
                end = dt.datetime.fromisoformat(event["end"])
                assert end.astimezone(dt.UTC) == session.when.end.astimezone(dt.UTC)


def test_month_only_undated_cancelled_and_postponed_are_reported() -> None:
    programme = sf.load(ROOT / "examples" / "ser-access-to-remedy.toml")
    rendering = frab.FrabExporter().render(
        programme, Context(locale="en", revisions=Revisions.from_data(programme))
    )
    assert rendering.included == ()
    assert {o.session for o in rendering.omitted} == {s.id for s in programme.sessions}
    assert all("only the month is known" in o.reason for o in rendering.omitted)
    demo = sf.load(ROOT / "examples" / "upcoming-demo.toml")
    rendering = frab.FrabExporter().render(demo, Context(locale="en", revisions=Revisions.from_data(demo)))
    reasons = {o.session: o.reason for o in rendering.omitted}
    for session in demo.sessions:
        dated = isinstance(session.when, sf.Timed | sf.AllDay)
        if dated and session.status in (sf.Status.CANCELLED, sf.Status.POSTPONED):
            assert reasons[session.id].startswith(session.status.value)
        elif dated:
            assert session.id in rendering.included
        else:
            assert "a schedule needs a day" in reasons[session.id]


def test_registered_with_its_file() -> None:
    exporter = sf.get_exporter("frab")
    assert (exporter.filename, exporter.media_type) == ("schedule.json", "application/json")
    assert sf.get_exporter("c3voc") is exporter


def test_acronym_follows_the_schema_pattern() -> None:
    for ident in ("my-webinars", "ab", "a", "x_y-z", "webinars-2027"):
        assert frab._ACRONYM.search(frab.acronym(type("P", (), {"id": ident})()))  # type: ignore[arg-type]


def test_a_large_schedule_is_written_in_pieces() -> None:
    """A build holds a piece of the file at a time, and the pieces make the whole document."""
    demo = sf.load(ROOT / "examples" / "upcoming-demo.toml")
    timed = next(s for s in demo.sessions if isinstance(s.when, sf.Timed) and s.status is sf.Status.SCHEDULED)
    when = timed.when
    assert isinstance(when, sf.Timed)
    hour = dt.timedelta(hours=1)
    sessions = [
        attrs.evolve(timed, id=f"s{n}", when=sf.Timed(start=when.start + n * hour, end=when.end + n * hour))
        for n in range(3000)
    ]
    programme = attrs.evolve(demo, sessions=sessions)
    rendering = frab.FrabExporter().render(
        programme, Context(locale="en", revisions=Revisions.from_data(programme))
    )
    pieces = list(rendering.files[0].chunks())
    assert len(pieces) > 10
    assert max(len(p) for p in pieces) < 200_000
    whole = json.dumps(frab.schedule(programme, "en"), ensure_ascii=False, indent=2) + "\n"
    assert b"".join(pieces) == whole.encode("utf-8")
    assert len(_events(json.loads(b"".join(pieces)))) == 3000
