"""Session ids for every output: UUIDv5 of programme id and session id, fixed forever."""

from __future__ import annotations

import datetime as dt
import uuid
import zoneinfo

import attrs
from hypothesis import given

import sessionfeed as sf
from sessionfeed.model.ids import NAMESPACE, programme_uuid, session_uid, session_uuid
from strategies import ids


AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")
L = sf.LocalizedText


def _programme(
    programme_id: str = "remedy", session_id: str = "joint-efforts", **fields: object
) -> sf.Programme:
    session = sf.Session(
        id=session_id, kind="webinar", language="en", title=L({"en": "Access to remedy"}), **fields
    )
    return sf.Programme(
        id=programme_id, title=L({"en": "Webinars"}), base_url="https://example.org/", locales=("en",),
        sessions=[session],
    )  # fmt: skip


def test_namespace_never_changes():
    """The namespace is the one every published UID was made with."""
    made = uuid.uuid5(uuid.NAMESPACE_URL, "https://github.com/sessionfeed/sessionfeed/docs/icalendar.md#uid")
    assert str(NAMESPACE) == "34ea6c04-21ed-5d57-979f-766796b7160e"
    assert made == NAMESPACE


def test_known_values():
    """Pinned values: a change here would duplicate every subscriber's events."""
    programme = _programme()
    session = programme.sessions[0]
    assert session_uid(programme, session) == "ffd75063-f2de-530c-9798-a8ffdda7d143"
    assert session_uuid(programme, session) == uuid.uuid5(NAMESPACE, "remedy/joint-efforts")
    assert session_uuid(programme, session).version == 5
    assert str(programme_uuid(programme)) == str(uuid.uuid5(NAMESPACE, "remedy"))


def test_only_the_two_ids_count():
    """Title, time, status, place and the site's address do not change the UID."""
    programme = _programme()
    session = programme.sessions[0]
    base = session_uid(programme, session)
    changed = attrs.evolve(
        session,
        title=L({"en": "Something else"}),
        when=sf.Timed(
            start=dt.datetime(2027, 1, 1, 9, tzinfo=AMS), end=dt.datetime(2027, 1, 1, 10, tzinfo=AMS)
        ),
        status=sf.Status.CANCELLED,
        location=sf.Location(online=sf.Online()),
    )
    moved = attrs.evolve(programme, base_url="https://elsewhere.example/", sessions=[changed])
    assert session_uid(moved, changed) == base


@given(a=ids(), b=ids(), c=ids(), d=ids())
def test_unique_across_programmes_and_sessions(a: str, b: str, c: str, d: str):
    """Different (programme, session) pairs never share a UID, and a programme's own id is apart."""
    first = session_uuid(_programme(a, b), _programme(a, b).sessions[0])
    second = session_uuid(_programme(c, d), _programme(c, d).sessions[0])
    assert (first == second) == ((a, b) == (c, d))
    assert programme_uuid(_programme(a, b)) != first


def test_uid_is_plain_hex_uuid():
    """RFC 7986 §5.3: a hex UUID with no host or user data."""
    programme = _programme()
    uid = session_uid(programme, programme.sessions[0])
    assert uid == uid.lower()
    assert str(uuid.UUID(uid)) == uid
    assert "@" not in uid


@given(programme_id=ids(), session_id=ids())
def test_the_calendar_uses_it(programme_id: str, session_id: str):
    """The calendar's UID is session_uid() (the feeds use the same basis as urn:uuid)."""
    from sessionfeed.exporters.ical.event import vevent_lines

    programme = _programme(
        programme_id, session_id,
        when=sf.AllDay(start=dt.date(2026, 5, 1), end=dt.date(2026, 5, 1)),
    )  # fmt: skip
    lines = vevent_lines(programme, programme.sessions[0], "en")
    assert f"UID:{session_uid(programme, programme.sessions[0])}" in lines


@given(a=ids(), b=ids())
def test_uid_is_the_uuid5_text(a: str, b: str):
    """session_uid() (computed without uuid.UUID) is exactly str(uuid5(...))."""
    programme = _programme(a, b)
    session = programme.sessions[0]
    assert session_uid(programme, session) == str(uuid.uuid5(NAMESPACE, f"{a}/{b}"))
    assert session_uid(programme, session) == str(session_uuid(programme, session))
