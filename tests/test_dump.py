"""sessionfeed.to_dict() writes the programme file's shape, and reading it back gives the same programme."""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

import sessionfeed as sf
from programme_dicts import programme_dicts
from sessionfeed.io.dump import format_duration
from sessionfeed.io.toml import load_toml_text
from strategies import programmes
from toml_writer import STYLES, dumps


AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _programme(**fields) -> sf.Programme:
    base = {
        "id": "p",
        "title": sf.LocalizedText({"nl": "Titel", "en": "Title"}),
        "base_url": "https://example.org/",
        "locales": ("nl", "en"),
    }
    return sf.Programme(**{**base, **fields})


def _session(**fields) -> sf.Session:
    base = {"id": "s", "kind": "webinar", "title": sf.LocalizedText({"nl": "Sessie"}), "language": "nl"}
    return sf.Session(**{**base, **fields})


# ----------------------------------------------------------------- durations


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (dt.timedelta(hours=1, minutes=30), "PT1H30M"),
        (dt.timedelta(days=2, hours=3), "P2DT3H"),
        (dt.timedelta(minutes=58, seconds=12), "PT58M12S"),
        (dt.timedelta(days=1), "P1D"),
        (dt.timedelta(seconds=1), "PT1S"),
        (dt.timedelta(hours=12), "PT12H"),
        (dt.timedelta(days=400, seconds=59), "P400DT59S"),
        (dt.timedelta(seconds=90.5), "PT1M30.5S"),
        (dt.timedelta(milliseconds=250), "PT0.25S"),
        (dt.timedelta(hours=2, microseconds=1), "PT2H0.000001S"),
    ],
)
def test_format_duration(value: dt.timedelta, text: str) -> None:
    """Durations are ISO 8601 with days, hours, minutes and seconds, zero parts left out."""
    assert format_duration(value) == text


# ------------------------------------------------------------------ the shape


def test_when_is_written_at_its_own_precision() -> None:
    """Month, day, range, exact times (with offset and zone) and unknown each keep their form."""
    timed = sf.Timed(
        start=dt.datetime(2026, 3, 12, 14, tzinfo=AMS), end=dt.datetime(2026, 3, 12, 15, 30, tzinfo=AMS)
    )
    sessions = [
        _session(id="month", when=sf.Month(year=2023, month=12)),
        _session(id="day", when=sf.AllDay(start=dt.date(2026, 3, 12), end=dt.date(2026, 3, 12))),
        _session(id="range", when=sf.AllDay(start=dt.date(2026, 5, 4), end=dt.date(2026, 5, 6))),
        _session(id="timed", when=timed),
        _session(id="unknown", when=sf.Unknown()),
    ]
    written = {s["id"]: s.get("when") for s in sf.to_dict(_programme(sessions=sessions))["sessions"]}
    assert written == {
        "month": "2023-12",
        "day": "2026-03-12",
        "range": {"start": "2026-05-04", "end": "2026-05-06"},
        "timed": {
            "start": "2026-03-12T14:00:00+01:00",
            "end": "2026-03-12T15:30:00+01:00",
            "timezone": "Europe/Amsterdam",
        },
        "unknown": None,
    }


def test_defaults_are_left_out_and_required_fields_kept() -> None:
    """A minimal programme writes its required fields and only the defaults a file may state."""
    assert sf.to_dict(_programme(sessions=[_session()])) == {
        "id": "p",
        "title": {"nl": "Titel", "en": "Title"},
        "base_url": "https://example.org/",
        "locales": ["nl", "en"],
        "timezone": "Europe/Amsterdam",
        "currency": "EUR",
        "refresh": "PT12H",
        "sessions": [{"id": "s", "kind": "webinar", "title": {"nl": "Sessie"}, "language": "nl"}],
    }


def test_references_are_written_as_ids_and_roles_as_plural_keys() -> None:
    """People, organisations and tags are defined once and referred to by id."""
    giz = sf.Organisation(id="giz", name=sf.LocalizedText({"en": "GIZ"}))
    igs = sf.Organisation(id="igs", name=sf.LocalizedText({"en": "IGS"}), parent=giz, short_name="IGS")
    ana = sf.Person(id="ana", name="Ana", affiliation=igs, same_as=["https://example.org/ana"])
    bo = sf.Person(id="bo", name="Bo")
    tag = sf.Tag(id="remedy", label=sf.LocalizedText({"en": "remedy"}))
    session = _session(
        participants=[
            sf.Participation(person=bo, role=sf.Role.SPEAKER),
            sf.Participation(person=ana, role=sf.Role.MODERATOR),
            sf.Participation(person=ana, role=sf.Role.SPEAKER),
        ],
        organisers=[giz],
        supporters=[igs],
        tags=[tag],
        location=sf.Location(online=sf.Online()),
        status=sf.Status.CANCELLED,
        sequence=3,
    )
    programme = _programme(
        sessions=[session],
        people=[ana, bo],
        organisations=[giz, igs],
        tags=[tag],
        organisers=[giz],
    )
    data = sf.to_dict(programme)
    assert data["organisations"] == {
        "giz": {"name": {"en": "GIZ"}},
        "igs": {"name": {"en": "IGS"}, "short_name": "IGS", "parent": "giz"},
    }
    assert data["people"] == {
        "ana": {"name": "Ana", "affiliation": "igs", "same_as": ["https://example.org/ana"]},
        "bo": {"name": "Bo"},
    }
    assert data["tags"] == {"remedy": {"label": {"en": "remedy"}}}
    assert data["organisers"] == ["giz"]
    written = data["sessions"][0]
    assert written["moderators"] == ["ana"]
    assert written["speakers"] == ["bo", "ana"]
    assert written["organisers"] == ["giz"]
    assert written["supporters"] == ["igs"]
    assert written["tags"] == ["remedy"]
    assert written["location"] == {"online": True}
    assert written["status"] == "cancelled"
    assert written["sequence"] == 3


# ------------------------------------------------------------------ round trips


@pytest.mark.parametrize("name", ["ser-access-to-remedy", "upcoming-demo"])
def test_examples_round_trip(name: str, tmp_path: Path) -> None:
    """Both example programmes survive dict, JSON and TOML round trips unchanged."""
    programme = sf.load(EXAMPLES / f"{name}.toml")
    data = sf.to_dict(programme)
    assert sf.from_dict(data) == programme
    assert sf.from_dict(json.loads(json.dumps(data))) == programme
    for style in STYLES:
        path = tmp_path / f"{style}.toml"
        path.write_text(dumps(data, style=style)[0], encoding="utf-8")
        assert sf.load(path) == programme


@given(programme_dicts(), st.sampled_from(STYLES))
def test_programme_files_round_trip(data: dict, style: str) -> None:
    """Load a generated file dict; to_dict() reads back equal as a dict, as JSON and as TOML text."""
    programme = sf.from_dict(data)
    written = sf.to_dict(programme)
    json_text = json.dumps(written, ensure_ascii=False, allow_nan=False)  # JSON types only
    assert sf.from_dict(written) == programme
    assert sf.from_dict(json.loads(json_text)) == programme
    assert sf.to_dict(sf.from_dict(written)) == written
    assert load_toml_text(dumps(written, style=style)[0]) == programme
    # The generated input itself also reads the same through TOML.
    assert load_toml_text(dumps(data, style=style)[0]) == programme


@settings(max_examples=max(5, settings().max_examples // 4))
@given(programmes(max_sessions=3))
def test_model_built_programmes_round_trip(programme: sf.Programme) -> None:
    """Programmes built from model objects (DST edges, odd zones, nasty text) survive to_dict()."""
    written = sf.to_dict(programme)
    assert sf.from_dict(written) == programme
    assert sf.from_dict(json.loads(json.dumps(written))) == programme
    assert load_toml_text(dumps(written)[0]) == programme


def test_a_time_in_the_repeated_hour_keeps_its_offset() -> None:
    """02:30 on the night the clocks go back is written with its offset and read as the same instant."""
    first = dt.datetime(2026, 10, 25, 2, 30, tzinfo=AMS)
    second = first.replace(fold=1)
    session = _session(when=sf.Timed(start=second, end=dt.datetime(2026, 10, 25, 4, tzinfo=AMS)))
    data = sf.to_dict(_programme(sessions=[session]))
    assert data["sessions"][0]["when"]["start"] == "2026-10-25T02:30:00+01:00"
    again = sf.from_dict(data).sessions[0].when
    assert isinstance(again, sf.Timed)
    assert again.start.fold == 1
    assert again.start.astimezone(dt.UTC) == second.astimezone(dt.UTC)
    assert again.start.astimezone(dt.UTC) != first.astimezone(dt.UTC)


# ------------------------------------------------------------------ edge cases


def test_a_previous_start_date_round_trips() -> None:
    """A day (no time) as previous start stays a day."""
    session = _session(status=sf.Status.RESCHEDULED, previous_start=dt.date(2027, 1, 14))
    again = sf.from_dict(sf.to_dict(_programme(sessions=[session]))).sessions[0]
    assert again.previous_start == dt.date(2027, 1, 14)
    assert not isinstance(again.previous_start, dt.datetime)


def test_instants_in_another_zone_at_a_repeated_hour_round_trip() -> None:
    """An instant read back in another zone, at a wall time that happens twice there, is still equal."""
    # 00:30 UTC is 02:30 CEST in Amsterdam, the programme's zone, on the night the clocks go back.
    announced = dt.datetime(2026, 10, 25, 0, 30, tzinfo=dt.UTC)
    programme = _programme(sessions=[_session(announced=announced)])
    again = sf.from_dict(sf.to_dict(programme))
    assert again.sessions[0].announced.astimezone(dt.UTC) == announced  # the same instant ...
    assert again.sessions[0].announced.tzinfo is AMS  # ... shown in the session's zone ...
    assert again == programme  # ... and equal


@pytest.mark.parametrize("name", ["announced", "updated", "previous_start"])
def test_instants_compare_as_instants(name: str) -> None:
    """The stamps of a session compare as instants: 02:30 before and after the clocks go back differ."""
    first = dt.datetime(2026, 10, 25, 2, 30, tzinfo=AMS)
    extra = {"status": sf.Status.RESCHEDULED} if name == "previous_start" else {}
    one, two = (_session(**extra, **{name: value}) for value in (first, first.replace(fold=1)))
    assert first == first.replace(fold=1)  # Python compares wall times within one zone
    assert one != two
    again = _session(**extra, **{name: first.astimezone(dt.UTC)})
    assert one == again
    assert hash(one) == hash(again)
    stamps = [first, first.replace(fold=1)]
    assert _programme(updated=stamps[0]) != _programme(updated=stamps[1])
    assert _programme(updated=stamps[0]) == _programme(updated=stamps[0].astimezone(dt.UTC))


def test_an_empty_contact_round_trips() -> None:
    """An empty contact is no contact, as an empty address is no address."""
    assert _programme(contact=sf.Contact()).contact is None
    assert _programme(contact=sf.Contact(name="Team")).contact == sf.Contact(name="Team")
    assert sf.from_dict({**sf.to_dict(_programme()), "contact": {}}).contact is None
    programme = _programme(contact=sf.Contact())
    assert sf.from_dict(sf.to_dict(programme)) == programme


@pytest.mark.parametrize(
    "value",
    [dt.timedelta(seconds=90), dt.timedelta(seconds=1), dt.timedelta(days=3, seconds=7)],
)
def test_a_refresh_round_trips(value: dt.timedelta) -> None:
    """Durations of days and seconds are written and read back to the second."""
    programme = _programme(refresh=value)
    assert sf.from_dict(sf.to_dict(programme)) == programme


@pytest.mark.parametrize(
    ("value", "shown"),
    [(dt.timedelta(seconds=90.5), "90.5"), (dt.timedelta(microseconds=1), "0.000001"), (dt.timedelta(days=3, microseconds=120), "259200.00012")],
)
def test_a_fractional_refresh_is_refused(value: dt.timedelta, shown: str) -> None:
    """A fraction of a second cannot be in a programme, so to_dict() never has to write one."""
    with pytest.raises(sf.ProgrammeError) as caught:
        _programme(refresh=value)
    assert [(p.path, p.message) for p in caught.value.problems] == [
        ("refresh", f"has a fraction of a second ({shown} seconds); durations are whole seconds: round it"),
    ]


def test_a_text_outside_the_programme_locales_is_refused_by_the_model_too() -> None:
    """The model refuses what the loader refuses: a text in a locale the programme does not publish."""
    session = _session(title=sf.LocalizedText({"de": "Sitzung"}))
    with pytest.raises(sf.ProgrammeError) as caught:
        _programme(sessions=[session])
    assert [p.path for p in caught.value.problems] == ["sessions[0].title.de"]
    tag = sf.Tag(id="t", label=sf.LocalizedText({"en": "T", "fr": "T"}))
    kind = sf.Kind(id="k", label=sf.LocalizedText({"de": "K"}))
    with pytest.raises(sf.ProgrammeError) as caught:
        _programme(intro=sf.LocalizedText({"de": "Hallo"}), tags=[tag], kinds=[kind])
    assert [(p.path, p.message) for p in caught.value.problems] == [
        (
            "intro.de",
            "locale 'de' is not one of the programme's locales (nl, en); add it to 'locales' or remove this text",
        ),
        (
            "tags[0].label.fr",
            "locale 'fr' is not one of the programme's locales (nl, en); add it to 'locales' or remove this text",
        ),
        (
            "kinds[0].label.de",
            "locale 'de' is not one of the programme's locales (nl, en); add it to 'locales' or remove this text",
        ),
    ]


def test_the_model_refuses_a_tag_or_organisation_listed_twice() -> None:
    """A session lists each tag, organiser and supporter once; a programme each organiser."""
    ser = sf.Organisation(id="ser", name=sf.LocalizedText({"en": "SER"}))
    tag = sf.Tag(id="t", label=sf.LocalizedText({"en": "T"}))
    with pytest.raises(sf.ProgrammeError) as caught:
        _session(organisers=[ser, ser], supporters=[ser, ser, ser], tags=[tag, tag])
    assert [(p.path, p.message) for p in caught.value.problems] == [
        ("organisers[1]", "'ser' is listed already; remove this one"),
        ("supporters[1]", "'ser' is listed already; remove this one"),
        ("supporters[2]", "'ser' is listed already; remove this one"),
        ("tags[1]", "'t' is listed already; remove this one"),
    ]
    with pytest.raises(sf.ProgrammeError) as caught:
        _programme(organisations=[ser], organisers=[ser, ser])
    assert [p.path for p in caught.value.problems] == ["organisers[1]"]
