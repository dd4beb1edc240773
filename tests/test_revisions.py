"""Revisions: SEQUENCE and modification times from the data and the previous build, never from the clock alone."""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo

import attrs
import pytest

import sessionfeed as sf
from sessionfeed.model import revisions as _revisions
from sessionfeed.model.revisions import advance, announced, build_moment, fingerprint


AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
NOW = dt.datetime(2027, 1, 5, 12, 0, 0, tzinfo=dt.UTC)


def _text(value: str = "x") -> sf.LocalizedText:
    return sf.LocalizedText({"en": value})


def _session(ident: str = "s", **fields) -> sf.Session:
    return sf.Session(**{"id": ident, "kind": "webinar", "title": _text(), "language": "en", **fields})


def _programme(*sessions: sf.Session, **fields) -> sf.Programme:
    return sf.Programme(
        **{"id": "p", "title": _text(), "base_url": "https://example.org/", "locales": ("en",), "sessions": sessions, **fields},
    )


def _timed(hour: int, day: int = 12) -> sf.Timed:
    return sf.Timed(start=dt.datetime(2026, 3, day, hour, tzinfo=AMS), end=dt.datetime(2026, 3, day, hour + 1, tzinfo=AMS))


@pytest.fixture
def no_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail if anything reads the build moment."""

    def fail() -> dt.datetime:
        message = "the clock was read"
        raise AssertionError(message)

    monkeypatch.setattr(_revisions, "build_moment", fail)


# ------------------------------------------------------------------- announced


@pytest.mark.parametrize(
    ("session_fields", "programme_fields", "expected"),
    [
        ({"announced": dt.datetime(2026, 11, 2, 10, 0, 0, tzinfo=AMS)}, {"updated": dt.datetime(2026, 12, 1, tzinfo=AMS)}, dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC)),
        ({"when": _timed(14)}, {"updated": dt.datetime(2026, 12, 1, 9, tzinfo=AMS)}, dt.datetime(2026, 12, 1, 8, tzinfo=dt.UTC)),
        ({"when": _timed(14)}, {}, dt.datetime(2026, 3, 11, 23, tzinfo=dt.UTC)),
        ({"when": sf.AllDay(start=dt.date(2027, 7, 1), end=dt.date(2027, 7, 3))}, {}, dt.datetime(2027, 6, 30, 22, tzinfo=dt.UTC)),
        ({"when": sf.Month(year=2023, month=12)}, {}, dt.datetime(2023, 11, 30, 23, tzinfo=dt.UTC)),
        ({"when": sf.Month(year=2023, month=12)}, {"timezone": "UTC"}, dt.datetime(2023, 12, 1, tzinfo=dt.UTC)),
        ({}, {}, EPOCH),
    ],
    ids=["announced-first", "then-programme-updated", "then-start-day", "all-day", "month", "month-utc", "unknown"],
)
def test_announced_rules(session_fields: dict, programme_fields: dict, expected: dt.datetime, no_clock: None) -> None:
    """The session's announced, else the programme's updated, else midnight of what is known of its date, else 1970."""
    s = _session(**session_fields)
    value = announced(_programme(s, **programme_fields), s)
    assert value == expected
    assert value.tzinfo is dt.UTC
    assert value.microsecond == 0


def test_revisions_from_data(no_clock: None) -> None:
    """With no history: the stated sequence, and updated, else the programme's updated, else announced."""
    a = _session("a", sequence=2, updated=dt.datetime(2026, 11, 19, 8, 30, tzinfo=AMS), when=_timed(14))
    b = _session("b", when=sf.Month(year=2027, month=2))
    revisions = sf.Revisions.from_data(_programme(a, b))
    assert revisions["a"] == sf.Revision(sequence=2, modified=dt.datetime(2026, 11, 19, 7, 30, tzinfo=dt.UTC))
    assert revisions["b"] == sf.Revision(sequence=0, modified=dt.datetime(2027, 1, 31, 23, tzinfo=dt.UTC))
    assert revisions.latest() == dt.datetime(2027, 1, 31, 23, tzinfo=dt.UTC)
    assert sf.Revisions.from_data(_programme()).latest() is None
    with_updated = sf.Revisions.from_data(_programme(b, updated=dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC)))
    assert with_updated["b"].modified == dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC)


# ----------------------------------------------------------------- fingerprint


def test_fingerprint_changes_with_time_place_and_status_only() -> None:
    """Only what matters to a calendar (time, place, status) changes the fingerprint."""
    base = _session(when=_timed(14), location=sf.Location(online=sf.Online()))
    same = [
        attrs.evolve(base, title=_text("Another title")),
        attrs.evolve(base, description=_text("Now with a description")),
        attrs.evolve(base, sequence=7),
        attrs.evolve(base, image="https://example.org/i.png"),
    ]
    different = [
        attrs.evolve(base, when=_timed(15)),
        attrs.evolve(base, when=sf.AllDay(start=dt.date(2026, 3, 12), end=dt.date(2026, 3, 12))),
        attrs.evolve(base, when=sf.Month(year=2026, month=3)),
        attrs.evolve(base, when=sf.Unknown()),
        attrs.evolve(base, location=sf.Location(venue=sf.Venue(name="Hall"))),
        attrs.evolve(base, location=sf.Location(online=sf.Online(url="https://meet.example.org/x"))),
        attrs.evolve(base, location=None),
        attrs.evolve(base, status=sf.Status.CANCELLED),
    ]
    digest = fingerprint(base)
    assert len(digest) == 32
    assert int(digest, 16) >= 0
    assert all(fingerprint(s) == digest for s in same)
    digests = [fingerprint(s) for s in different]
    assert digest not in digests
    assert len(set(digests)) == len(digests)


def test_fingerprint_is_stable_across_processes_and_releases() -> None:
    """A digest of sorted JSON, not of hash(): a changed digest would raise every SEQUENCE on the next build."""
    timed = _session(when=_timed(14), location=sf.Location(venue=sf.Venue(name="Hall", address=sf.Address(locality="Utrecht"))))
    month = _session(when=sf.Month(year=2023, month=12))
    assert fingerprint(timed) == "7b8f7d3aeb968d30971cbc32445a1617"
    assert fingerprint(month) == "358fae8228a5a7606305436af7bee584"


# --------------------------------------------------------------------- advance


def test_a_first_build_takes_the_data_and_stores_a_state(no_clock: None) -> None:
    p = _programme(_session("a", when=_timed(14), sequence=1), _session("b"))
    revisions, state = advance(p, None)
    assert revisions.by_id == sf.Revisions.from_data(p).by_id
    assert state["format"] == 1
    assert state["programme"] == "p"
    assert set(state["sessions"]) == {"a", "b"}
    assert state["sessions"]["a"] == {
        "fingerprint": fingerprint(p.sessions[0]),
        "sequence": 1,
        "modified": revisions["a"].modified.isoformat(),
    }
    assert json.loads(json.dumps(state)) == state


def test_an_unchanged_programme_gives_the_same_revisions_and_state(no_clock: None) -> None:
    """Rebuilding without changes reproduces everything, without reading the clock."""
    p = _programme(_session("a", when=_timed(14)), _session("b", when=sf.Month(year=2027, month=4)))
    first, state = advance(p, None)
    again, state_again = advance(p, json.loads(json.dumps(state)))
    assert again.by_id == first.by_id
    assert state_again == state
    # A change that is not material (the title) changes nothing either.
    retitled = attrs.evolve(p, sessions=(attrs.evolve(p.sessions[0], title=_text("New")), p.sessions[1]))
    assert advance(retitled, state)[0].by_id == first.by_id


def test_a_changed_time_raises_the_sequence_and_takes_the_given_moment() -> None:
    """Only the changed session gets sequence + 1 and modified = now (UTC, whole seconds)."""
    p = _programme(_session("a", when=_timed(14)), _session("b", when=_timed(16)))
    first, state = advance(p, None)
    moved = attrs.evolve(p, sessions=(attrs.evolve(p.sessions[0], when=_timed(15)), p.sessions[1]))
    now = dt.datetime(2027, 1, 5, 13, 0, 0, 123456, tzinfo=AMS)
    second, state2 = advance(moved, state, now=now)
    assert second["a"] == sf.Revision(sequence=1, modified=dt.datetime(2027, 1, 5, 12, tzinfo=dt.UTC))
    assert second["b"] == first["b"]
    assert state2["sessions"]["a"]["sequence"] == 1
    assert state2["sessions"]["a"]["fingerprint"] == fingerprint(moved.sessions[0])
    # Rebuilding the moved programme keeps sequence 1; moving it again makes it 2.
    assert advance(moved, state2, now=NOW + dt.timedelta(days=1))[0]["a"] == second["a"]
    back = advance(p, state2, now=NOW + dt.timedelta(days=2))[0]["a"]
    assert back == sf.Revision(sequence=2, modified=NOW + dt.timedelta(days=2))


@pytest.mark.parametrize(
    "change",
    [
        lambda s: attrs.evolve(s, status=sf.Status.CANCELLED),
        lambda s: attrs.evolve(s, location=sf.Location(venue=sf.Venue(name="Hall"))),
        lambda s: attrs.evolve(s, when=sf.AllDay(start=dt.date(2026, 3, 12), end=dt.date(2026, 3, 13))),
    ],
    ids=["status", "place", "precision"],
)
def test_status_and_place_changes_count_too(change) -> None:
    p = _programme(_session("a", when=_timed(14)))
    _, state = advance(p, None)
    changed = attrs.evolve(p, sessions=(change(p.sessions[0]),))
    assert advance(changed, state, now=NOW)[0]["a"] == sf.Revision(sequence=1, modified=NOW)


def test_modification_times_never_go_back() -> None:
    """A build moment before the last modification still moves modified forward by a second."""
    p = _programme(_session("a", when=_timed(14), updated=dt.datetime(2027, 2, 1, tzinfo=dt.UTC)))
    _, state = advance(p, None)
    moved = attrs.evolve(p, sessions=(attrs.evolve(p.sessions[0], when=_timed(15)),))
    revision = advance(moved, state, now=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))[0]["a"]
    assert revision.modified == dt.datetime(2027, 2, 1, 0, 0, 1, tzinfo=dt.UTC)


def test_a_higher_sequence_in_the_data_wins() -> None:
    p = _programme(_session("a", when=_timed(14)))
    _, state = advance(p, None)
    stated = attrs.evolve(p, sessions=(attrs.evolve(p.sessions[0], sequence=5),))
    assert advance(stated, state)[0]["a"].sequence == 5
    moved = attrs.evolve(stated, sessions=(attrs.evolve(stated.sessions[0], when=_timed(15)),))
    assert advance(moved, state, now=NOW)[0]["a"].sequence == 5


@pytest.mark.parametrize(
    "state",
    [
        {"format": 1, "programme": "another", "sessions": {"a": {"fingerprint": "x", "sequence": 9, "modified": "2030-01-01T00:00:00+00:00"}}},
        {"format": 2, "programme": "p", "sessions": {"a": {"fingerprint": "x", "sequence": 9, "modified": "2030-01-01T00:00:00+00:00"}}},
        {},
        {"format": 1, "programme": "p"},
        {"format": 1, "programme": "p", "sessions": None},
        {"format": 1, "programme": "p", "sessions": {"a": "not a table"}},
        {"format": 1, "programme": "p", "sessions": {"a": {"fingerprint": "x"}}},
        {"format": 1, "programme": "p", "sessions": {"a": {"fingerprint": "x", "sequence": "many", "modified": "2030-01-01T00:00:00+00:00"}}},
        {"format": 1, "programme": "p", "sessions": {"a": {"fingerprint": "x", "sequence": 9, "modified": "never"}}},
        {"format": 1, "programme": "p", "sessions": {"a": {"fingerprint": "x", "sequence": None, "modified": None}}},
    ],
    ids=["other-programme", "other-format", "empty", "no-sessions", "null-sessions", "entry-not-table",
         "entry-incomplete", "bad-sequence", "bad-modified", "nulls"],
)
def test_a_state_that_does_not_fit_is_ignored(state: dict, no_clock: None) -> None:
    """A state of another programme or format, or a corrupt entry, counts as no history."""
    p = _programme(_session("a", when=_timed(14)))
    revisions, new_state = advance(p, state)
    assert revisions.by_id == sf.Revisions.from_data(p).by_id
    assert new_state == advance(p, None)[1]


def test_sessions_added_and_removed() -> None:
    """A new session starts from its data; a removed one leaves the state."""
    p = _programme(_session("a", when=_timed(14)), _session("gone"))
    _, state = advance(p, None)
    later = _programme(p.sessions[0], _session("new", sequence=3))
    revisions, new_state = advance(later, state)
    assert set(new_state["sessions"]) == {"a", "new"}
    assert revisions["new"].sequence == 3


# ------------------------------------------------------------ SOURCE_DATE_EPOCH


def test_source_date_epoch_is_the_build_moment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reproducible builds set SOURCE_DATE_EPOCH; changed sessions then take that moment."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", " 1800000000 ")
    assert build_moment() == dt.datetime(2027, 1, 15, 8, 0, tzinfo=dt.UTC)
    p = _programme(_session("a", when=_timed(14)))
    _, state = advance(p, None)
    moved = attrs.evolve(p, sessions=(attrs.evolve(p.sessions[0], when=_timed(15)),))
    assert advance(moved, state)[0]["a"] == sf.Revision(sequence=1, modified=dt.datetime(2027, 1, 15, 8, 0, tzinfo=dt.UTC))


@pytest.mark.parametrize("value", ["", "soon", "-5", "1.5"])
def test_without_a_usable_source_date_epoch_the_clock_is_read(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    moment = build_moment()
    after = dt.datetime.now(dt.UTC)
    assert before <= moment <= after
    assert moment.microsecond == 0
    assert moment.tzinfo is dt.UTC


# ------------------------------------------------------------------ known bugs


@pytest.mark.parametrize(
    "sessions",
    [
        [1, 2],
        "abc",
        {"a": {"fingerprint": "x", "sequence": 1, "modified": "2026-01-01T00:00:00"}},
        {"a": {"fingerprint": "SAME", "sequence": 1, "modified": "2026-01-01T00:00:00"}},
        {"a": {"fingerprint": "x", "sequence": 1, "modified": "9999-12-31T23:59:59+00:00"}},
    ],
    ids=["list", "text", "naive-changed", "naive-unchanged", "end-of-time"],
)
def test_a_corrupt_state_is_ignored_not_a_crash(sessions: object) -> None:
    p = _programme(_session("a", when=_timed(14)))
    if isinstance(sessions, dict) and sessions["a"]["fingerprint"] == "SAME":
        sessions["a"]["fingerprint"] = fingerprint(p.sessions[0])
    revisions, _ = advance(p, {"format": 1, "programme": "p", "sessions": sessions}, now=NOW)
    assert revisions["a"].modified.tzinfo is not None


def test_a_stored_sequence_stays_within_icalendar_range() -> None:
    p = _programme(_session("a", when=_timed(14)))
    state = {"format": 1, "programme": "p", "sessions": {"a": {"fingerprint": "x", "sequence": 1e300, "modified": "2026-01-01T00:00:00+00:00"}}}
    assert advance(p, state, now=NOW)[0]["a"].sequence <= 2**31 - 1


# ------------------------------------------------------------------ the SEQUENCE cap

_CAP = 2**31 - 1


def _state_of(p: sf.Programme, sequence: int, *, same: bool) -> dict[str, object]:
    digest = fingerprint(p.sessions[0]) if same else "an-older-fingerprint"
    modified = "2026-01-01T00:00:00+00:00"
    return {"format": 1, "programme": "p", "sessions": {"a": {"fingerprint": digest, "sequence": sequence, "modified": modified}}}


@pytest.mark.parametrize("data_sequence", [0, 5, _CAP])
def test_a_session_at_the_cap_keeps_it_while_nothing_changes(data_sequence: int) -> None:
    """A stored SEQUENCE of 2147483647 is kept (never falls back to the data's lower one)."""
    p = _programme(_session("a", when=_timed(14), sequence=data_sequence))
    revisions, state = advance(p, _state_of(p, _CAP, same=True), now=NOW)
    assert revisions["a"].sequence == _CAP
    assert state["sessions"]["a"]["sequence"] == _CAP


@pytest.mark.parametrize(
    ("stored", "data_sequence"),
    [(_CAP, 0), (_CAP, _CAP), (_CAP, 17)],
)
def test_a_change_at_the_cap_is_a_clear_error(stored: int, data_sequence: int) -> None:
    """A changed time at SEQUENCE 2147483647 cannot reach clients: an error says so and what to do."""
    p = _programme(_session("a", when=_timed(15), sequence=data_sequence))
    with pytest.raises(sf.BuildError) as caught:
        advance(p, _state_of(p, stored, same=False), now=NOW)
    message = str(caught.value)
    assert caught.value.invalid_input
    assert "'a'" in message
    assert "2147483647" in message
    assert "new id" in message
    assert 'status = "cancelled"' in message


def test_a_change_just_below_the_cap_reaches_it() -> None:
    p = _programme(_session("a", when=_timed(15)))
    revisions, _ = advance(p, _state_of(p, _CAP - 1, same=False), now=NOW)
    assert revisions["a"].sequence == _CAP
    assert revisions["a"].modified == NOW


def test_the_data_may_raise_a_changed_session_to_the_cap() -> None:
    """A file that states the cap for a changed session below it: the data's SEQUENCE is used."""
    p = _programme(_session("a", when=_timed(15), sequence=_CAP))
    revisions, _ = advance(p, _state_of(p, 3, same=False), now=NOW)
    assert revisions["a"].sequence == _CAP


def test_a_build_at_the_cap_writes_nothing(tmp_path) -> None:
    """Through the build: the error, and the previous site unchanged."""
    from sessionfeed.site.build import build_site

    out = tmp_path / "site"
    before = _programme(_session("a", when=_timed(14), sequence=_CAP))
    build_site(before, out, now=NOW)
    site = {path: path.read_bytes() for path in out.rglob("*") if path.is_file()}
    after = _programme(_session("a", when=_timed(15), sequence=_CAP))
    with pytest.raises(sf.BuildError, match="2147483647"):
        build_site(after, out, now=NOW)
    assert {path: path.read_bytes() for path in out.rglob("*") if path.is_file()} == site
