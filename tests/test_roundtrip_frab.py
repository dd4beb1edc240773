"""import frab (export frab): every field the schedule format carries comes back as it was."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings

import sessionfeed as sf
from sessionfeed.exporters import frab
from sessionfeed.importers import import_source, imported_toml
from sessionfeed.io.toml import load_toml_text
from strategies import programmes


EXAMPLES = sorted((Path(__file__).parent.parent / "examples").glob("*.toml"))


def _in_schedule(session: sf.Session) -> bool:
    """What the schedule holds: a known day, and a session that takes place (see exporters/frab.py)."""
    held = session.status not in (sf.Status.CANCELLED, sf.Status.POSTPONED)
    return isinstance(session.when, sf.Timed | sf.AllDay) and held


def _whole_days(programme: sf.Programme, when: sf.Timed) -> bool:
    """Whether a time runs from midnight to midnight in the programme's zone: the schedule cannot tell it from days."""
    start, end = when.start.astimezone(programme.zone), when.end.astimezone(programme.zone)
    return start.time() == end.time() == dt.time() and end.date() > start.date()


def _check_when(programme: sf.Programme, original: sf.Session, back: sf.Session) -> None:
    when = original.when
    if isinstance(when, sf.Timed) and not _whole_days(programme, when):
        assert isinstance(back.when, sf.Timed)
        # The same instants (the schedule has no zone per event). Compared in UTC: Python never
        # finds a time of the hour that repeats equal to a time in another zone (PEP 495).
        assert back.when.start.astimezone(dt.UTC) == when.start.astimezone(dt.UTC)
        assert back.when.end.astimezone(dt.UTC) == when.end.astimezone(dt.UTC)
    elif isinstance(when, sf.Timed):
        assert back.when == sf.AllDay(
            start=when.start.astimezone(programme.zone).date(),
            end=when.end.astimezone(programme.zone).date() - dt.timedelta(days=1),
        )
    else:
        assert back.when == when


def _check_place(original: sf.Session, back: sf.Session) -> None:
    """The room is the venue, else the online platform; the online URL and the venue's URL are links."""
    location = original.location
    if location is None:
        assert back.location is None
        return
    assert back.location is not None
    if location.venue is not None:
        assert back.location.venue is not None
        assert back.location.venue.name == location.venue.name
        assert back.location.venue.url == location.venue.url
    else:
        assert back.location.venue is None
    online = location.online
    if online is None:
        assert back.location.online is None
        return
    if location.venue is None or online.url is not None:
        assert back.location.online is not None
        assert back.location.online.url == online.url
        if location.venue is None and online.platform != frab.ONLINE_ROOM:
            assert back.location.online.platform == online.platform


def _check(programme: sf.Programme, locale: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "schedule.json"
        path.write_bytes(frab.schedule_bytes(programme, locale))
        imported = import_source("frab", path, locale=locale, base_url=programme.base_url)
    back = sf.from_dict(imported.data)
    assert load_toml_text(imported_toml(imported)) == back  # and the file written says the same
    assert frab.acronym(back) == frab.acronym(programme)
    assert back.text(back.title, locale).text == programme.text(programme.title, locale).text
    if programme.intro is None:
        assert back.intro is None
    else:
        assert back.text(back.intro, locale).text == programme.text(programme.intro, locale).text  # type: ignore[arg-type]
    assert sorted(back.text(t.label, locale).text for t in back.tags) == sorted(
        programme.text(t.label, locale).text for t in _unique_labels(programme, locale)
    )
    held = {s.id: s for s in programme.sessions if _in_schedule(s)}
    got = {s.id: s for s in back.sessions}
    assert set(got) == set(held)
    for ident, original in held.items():
        session = got[ident]
        assert back.text(session.title, locale).text == programme.text(original.title, locale).text
        if original.description is None:
            assert session.description is None
        else:
            assert session.description is not None
            assert session.description[locale] == programme.text(original.description, locale).text
        assert (session.kind, session.language) == (original.kind, original.language)
        _check_when(programme, original, session)
        _check_place(original, session)
        people = {p.person.id: p.person.name for p in original.participants}  # each person once
        assert [p.person.name for p in session.participants] == list(people.values())
        assert {p.role for p in session.participants} <= {sf.Role.SPEAKER}  # the format has no roles
        first = original.tags[0] if original.tags else None
        assert [t.label[locale] for t in session.tags] == (
            [] if first is None else [programme.text(first.label, locale).text]
        )
        labels = [programme.text(t.label, locale).text for t in programme.tags]
        if (
            first is not None
            and frab._TRACK_SLUG.search(first.id)
            and labels.count(labels[programme.tags.index(first)]) == 1
        ):
            assert session.tags[0].id == first.id
        assert (session.recording.url if session.recording else None) == (
            original.recording.url if original.recording else None
        )
        assert session.links.registration == original.links.registration


def _unique_labels(programme: sf.Programme, locale: str) -> list[sf.Tag]:
    """The programme's tags, one per label: a schedule's tracks are known by their names."""
    seen: dict[str, sf.Tag] = {}
    for tag in programme.tags:
        seen.setdefault(programme.text(tag.label, locale).text, tag)
    return list(seen.values())


def test_the_examples_come_back() -> None:
    for path in EXAMPLES:
        programme = sf.load(path)
        for locale in programme.locales:
            _check(programme, locale)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(programmes())
def test_every_programme_comes_back(programme: sf.Programme) -> None:
    for locale in programme.locales:
        _check(programme, locale)
