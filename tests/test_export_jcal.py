"""jCal (RFC 7265): the same events as calendar.ics, read back with icalendar's jCal reader."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import attrs
import icalendar
import pytest
from hypothesis import HealthCheck, given, settings

import sessionfeed as sf
from sessionfeed.exporters import ical, jcal
from sessionfeed.exporters.base import Context
from sessionfeed.exporters.ical import event as ical_event
from sessionfeed.model.revisions import Revisions
from strategies import programmes


ROOT = Path(__file__).parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.toml"))
FIELDS = ("UID", "SUMMARY", "DESCRIPTION", "LOCATION", "URL", "STATUS", "SEQUENCE", "DTSTAMP", "CATEGORIES")


def _event_facts(calendar: Any) -> dict[str, dict[str, Any]]:
    facts: dict[str, dict[str, Any]] = {}
    for event in calendar.walk("VEVENT"):
        values: dict[str, Any] = {name: event.get(name) for name in FIELDS}
        values["CATEGORIES"] = [list(c.cats) for c in [event.get("CATEGORIES")] if c is not None]
        values = {k: (str(v) if isinstance(v, str) else v) for k, v in values.items()}
        for name in ("DTSTART", "DTEND"):
            moment = event.decoded(name)
            values[name] = (moment, getattr(getattr(moment, "tzinfo", None), "key", None))
        values["SEQUENCE"] = int(event.get("SEQUENCE"))
        values["DTSTAMP"] = event.decoded("DTSTAMP")
        facts[str(event["UID"])] = values
    return facts


def _whole(programme: sf.Programme, locale: str) -> bytes:
    """icalendar's jCal of the whole calendar, made in memory: what the streamed file must equal."""
    value = jcal._typed(ical.build_calendar(programme, locale).to_jcal())
    return (json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def _same_events(programme: sf.Programme, locale: str) -> None:
    from_ics = icalendar.Calendar.from_ical(ical.calendar_bytes(programme, locale))
    streamed = jcal.jcal_bytes(programme, locale)
    assert streamed == _whole(programme, locale)
    text = streamed.decode("utf-8")
    assert json.loads(text)[0] == "vcalendar"
    from_json = icalendar.Calendar.from_jcal(text)
    assert _event_facts(from_json) == _event_facts(from_ics)
    zones = sorted(str(z["TZID"]) for z in from_ics.walk("VTIMEZONE"))
    assert sorted(str(z["TZID"]) for z in from_json.walk("VTIMEZONE")) == zones


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_examples_hold_the_calendars_events(path: Path) -> None:
    programme = sf.load(path)
    for locale in programme.locales:
        _same_events(programme, locale)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(programmes())
def test_every_programme_holds_the_calendars_events(programme: sf.Programme) -> None:
    for locale in programme.locales:
        _same_events(programme, locale)


def test_text_properties_are_typed_text() -> None:
    programme = sf.load(ROOT / "examples" / "upcoming-demo.toml")
    value = json.loads(jcal.jcal_bytes(programme, "en"))
    types = {p[0]: p[2] for p in value[1]}
    assert types["x-wr-calname"] == types["name"] == types["color"] == "text"


def test_undated_sessions_are_reported_as_in_the_calendar() -> None:
    programme = sf.load(ROOT / "examples" / "ser-access-to-remedy.toml")
    context = Context(locale="nl", revisions=Revisions.from_data(programme))
    ours = jcal.JCalExporter().render(programme, context)
    theirs = ical.ICalExporter().render(programme, context)
    assert ours.omitted == theirs.omitted
    assert ours.included == theirs.included
    assert sf.get_exporter("jcal").media_type == "application/calendar+json"


def test_a_large_calendar_is_written_in_pieces() -> None:
    """A build holds a batch of events at a time; the pieces are icalendar's jCal of the whole calendar."""
    demo = sf.load(ROOT / "examples" / "upcoming-demo.toml")
    timed = next(s for s in demo.sessions if isinstance(s.when, sf.Timed))
    when = timed.when
    assert isinstance(when, sf.Timed)
    hour = dt.timedelta(hours=1)
    sessions = [
        attrs.evolve(timed, id=f"s{n}", when=sf.Timed(start=when.start + n * hour, end=when.end + n * hour))
        for n in range(1500)
    ]
    programme = attrs.evolve(demo, sessions=sessions)
    context = Context(locale="en", revisions=Revisions.from_data(programme))
    pieces = list(jcal.JCalExporter().render(programme, context).files[0].chunks())
    assert len(pieces) > 10
    assert max(len(p) for p in pieces) < 500_000
    assert b"".join(pieces) == _whole(programme, "en")
    calendar = icalendar.Calendar.from_jcal(b"".join(pieces).decode("utf-8"))
    assert len(calendar.walk("VEVENT")) == 1500


def test_what_the_calendar_removes_is_reported_as_for_the_calendar() -> None:
    demo = sf.load(ROOT / "examples" / "upcoming-demo.toml")
    first = demo.sessions[0]
    hostile = attrs.evolve(first, title=sf.LocalizedText({"en": "A\x1bB\x00", "nl": "C"}))
    programme = attrs.evolve(demo, sessions=[hostile, *demo.sessions[1:]])
    context = Context(locale="en", revisions=Revisions.from_data(programme))
    ours = jcal.JCalExporter().render(programme, context)
    theirs = ical.ICalExporter().render(programme, context)
    content = ours.files[0].content
    assert "\\u001b" not in content.decode("utf-8")
    for rendering in (ours, theirs):
        for output in rendering.every_file():
            assert output.content
    notes = ours.all_notes()
    assert notes == theirs.all_notes()
    assert "U+0000" in notes[0]
    assert "U+001B" in notes[0]


def test_events_are_written_directly_and_odd_ones_as_icalendar_reads_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Only the head goes through icalendar, but for an event whose texts icalendar's reading could change.

    Each event's bytes are those icalendar's jCal writer makes of its ``.ics`` lines either way.
    """
    demo = sf.load(ROOT / "examples" / "upcoming-demo.toml")
    reads: list[int] = []
    real_read = jcal.read_calendar

    def counted(lines: Any) -> Any:
        reads.append(1)
        return real_read(lines)

    monkeypatch.setattr(jcal, "read_calendar", counted)
    assert jcal.jcal_bytes(demo, "en") == _whole(demo, "en")
    assert len(reads) == 1, "a plain calendar's events are written straight from their values"
    dated = [s for s in demo.sessions if isinstance(s.when, sf.Timed | sf.AllDay)]
    odd = {
        dated[0].id: attrs.evolve(dated[0], title=sf.LocalizedText({"en": "C:\\path\\n, a\\;b", "nl": "x"})),
        dated[1].id: attrs.evolve(
            dated[1], location=sf.Location(online=sf.Online(url=None, platform='"^n%;'))
        ),
    }
    programme = attrs.evolve(demo, sessions=[odd.get(s.id, s) for s in demo.sessions])
    reads.clear()
    assert jcal.jcal_bytes(programme, "en") == _whole(programme, "en")
    assert len(reads) == 2, "the head, then the batch's two odd events, read together"
    events = {e[1][0][3]: e for e in json.loads(jcal.jcal_bytes(programme, "en"))[2] if e[0] == "vevent"}
    first = events[ical_event.event_content(programme, programme.sessions[0], "en").uid]
    assert ["summary", {}, "text", "C:\\path\\n, a\\;b"] in first[1]
