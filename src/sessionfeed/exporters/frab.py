"""The frab/c3voc schedule JSON (``schedule.json``): the exchange format of the conference world.

pretalx and frab write it, and voctosched, Giggity and EventFahrplan read it.
The file follows the c3voc schedule JSON schema
(``https://c3voc.de/schedule/schema.json``): a conference with its days, each
day a map of rooms to the events held there, each event with its ``guid``,
start (``date``, ``start``), ``duration`` and ``end``, title, description,
language, type, track, persons and links.

What it holds, and what it cannot:

* Only sessions with a known day go in. A schedule is a grid of days: a
  session known only by its month, or not at all, has no day to be put on,
  and is left out and reported (the calendar does the same).
* A cancelled or postponed session is left out too: the format has no status,
  and a schedule app would show it as taking place at a time that is no longer
  true. A rescheduled session is at its new time; one moved online is in its
  online room.
* A session on whole days starts at midnight of its first day, in the
  programme's time zone, and ends at midnight after its last.
* The room is the venue's name, else the online platform's (a room of type
  ``online``), else ``Online``; a session whose place is not known yet is in
  the room named ``""``.
* The track is the session's first tag; the format has one track an event.
* Persons have no role in the format: everyone taking part is listed, in the
  session's order.
* The event's ``guid`` is the session's stable UUID, the calendar's ``UID``,
  so apps that read both recognise one session; its ``slug`` is
  ``<acronym>-<session id>``; the integer ``id`` the schema requires is
  derived from the same UUID.
* The file is written an event at a time (:func:`schedule_chunks`): only the
  sessions' order by day and room is held, and each event's JSON is made as
  it is written. The bytes are ``json.dumps`` of the whole document
  (:func:`schedule`), indented by two spaces.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import json
import re
import uuid
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, ClassVar

from sessionfeed import __version__
from sessionfeed.exporters.base import BaseExporter, Context, Omitted, OutputFile, Rendering
from sessionfeed.model.ids import NAMESPACE, session_uuid
from sessionfeed.model.programme import AllDay, Month, Status, Timed
from sessionfeed.site import layout as _layout
from sessionfeed.words.compose import encode_pieces, machine_datetime


if TYPE_CHECKING:
    from sessionfeed.model.programme import Person, Programme, Session


__all__ = ["FrabExporter", "schedule", "schedule_bytes"]

MEDIA_TYPE = "application/json"
#: The schema the file follows, named in its ``$schema``.
SCHEMA_URL = "https://c3voc.de/schedule/schema.json"
#: The room of an online session that names no platform.
ONLINE_ROOM = "Online"
#: The ``version`` of a schedule: the programme's ``updated``, else this.
_NO_VERSION = "1"
#: What frab and pretalx write as the grid's step.
_TIMESLOT = "00:05"
# The schema's patterns (it tests them unanchored, as JSON Schema does).
_ACRONYM = re.compile(r"^[a-z0-9_-][a-z0-9_]{3,}(-2[0-9]{3}-[a-z]+)?$")
_TRACK_SLUG = re.compile(r"^[a-z0-9_-]+[a-z0-9]$")
_ZONE_NAME = re.compile(r"^([A-Z][a-z]+/[A-Z][a-z]+)|UTC$")
_MONTH_ONLY = "only the month is known: a schedule needs a day"
_NOT_KNOWN = "the date is not known yet: a schedule needs a day"
_LEFT_OUT = {
    Status.CANCELLED: "cancelled: the schedule format has no status, and apps would show it as taking place",
    Status.POSTPONED: "postponed: the schedule format has no status, and its old time is no longer true",
}
#: The largest integer id: what a signed 32-bit integer holds, as the apps keep ids.
_MAX_ID = 2**31 - 1


def acronym(programme: Programme) -> str:
    """The conference ``acronym``: the programme id as the schema's pattern allows it.

    The pattern takes ``-`` only as the first character, so the others become
    ``_``; an id shorter than four characters is padded with ``_`` and zeros.

    >>> from types import SimpleNamespace as NS
    >>> acronym(NS(id="my-webinars")), acronym(NS(id="ab"))
    ('my_webinars', 'ab_0')
    """
    ident = programme.id[:1] + programme.id[1:].replace("-", "_")
    if len(ident) < 4:
        ident = (ident + "_").ljust(4, "0")
    return ident


def _reason(session: Session) -> str | None:
    """Why ``session`` is left out, or ``None`` when it goes in."""
    if isinstance(session.when, Month):
        return _MONTH_ONLY
    if not isinstance(session.when, Timed | AllDay):
        return _NOT_KNOWN
    return _LEFT_OUT.get(session.status)


def _bounds(programme: Programme, session: Session) -> tuple[dt.datetime, dt.datetime]:
    """The start and end in the programme's zone (whole days from midnight to midnight)."""
    zone = programme.zone
    when = session.when
    if isinstance(when, Timed):
        return when.start.astimezone(zone), when.end.astimezone(zone)
    assert isinstance(when, AllDay)  # _reason() let only these through
    start = dt.datetime.combine(when.start, dt.time(), zone)
    end = dt.datetime.combine(when.end + dt.timedelta(days=1), dt.time(), zone)
    # A midnight the clocks skip (Asia/Beirut, America/Havana) becomes a real instant.
    return start.astimezone(dt.UTC).astimezone(zone), end.astimezone(dt.UTC).astimezone(zone)


def _duration(start: dt.datetime, end: dt.datetime) -> str:
    """``H:MM`` of real time, seconds rounded up (``end`` has the exact end)."""
    seconds = int((end.astimezone(dt.UTC) - start.astimezone(dt.UTC)).total_seconds())
    minutes = -(-seconds // 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _integer_ids(names: Iterable[str]) -> dict[str, int]:
    """A positive 31-bit integer for each name, from its UUID: stable, and unique in the file.

    A clash (two names whose UUIDs share 31 bits) takes the next free number,
    in the order given, so the numbers only depend on the programme.
    """
    taken: set[int] = set()
    numbers: dict[str, int] = {}
    for name in names:
        number = uuid.uuid5(NAMESPACE, name).int % _MAX_ID + 1
        while number in taken:
            number = number % _MAX_ID + 1
        taken.add(number)
        numbers[name] = number
    return numbers


def _room(session: Session) -> tuple[str, bool]:
    """The room's name, and whether it is an online room."""
    location = session.location
    if location is None:
        return "", False
    if location.venue is not None:
        return location.venue.name, False
    assert location.online is not None  # a Location has one or both
    return location.online.platform or ONLINE_ROOM, True


def _person_key(programme: Programme, person: Person) -> str:
    # Ids are slugs without '/': this name cannot be a session's ("<programme>/<session>").
    return f"{programme.id}/people/{person.id}"


def _links(programme: Programme, session: Session) -> list[dict[str, str]]:
    links: list[dict[str, str]] = []
    if session.recording is not None:
        links.append({"type": "media", "url": session.recording.url, "title": "recording"})
    if session.links.registration is not None:
        links.append({"type": "web", "url": session.links.registration, "title": "registration"})
    location = session.location
    if location is not None and location.online is not None and location.online.url is not None:
        links.append({"type": "web", "url": location.online.url, "title": "online"})
    if location is not None and location.venue is not None and location.venue.url is not None:
        links.append({"type": "web", "url": location.venue.url, "title": "venue"})
    return links


def _event(
    programme: Programme,
    session: Session,
    locale: str,
    ids: dict[str, int],
    people: dict[str, int],
) -> dict[str, Any]:
    start, end = _bounds(programme, session)
    room, _ = _room(session)
    description = session.description
    first_tag = session.tags[0] if session.tags else None
    persons = [
        {
            "id": people[_person_key(programme, p.person)],
            "guid": str(uuid.uuid5(NAMESPACE, _person_key(programme, p.person))),
            "public_name": p.person.name,
            **({"url": p.person.url} if p.person.url else {}),
        }
        for p in session.participants
    ]
    return {
        "guid": str(session_uuid(programme, session)),
        "id": ids[session.id],
        "date": machine_datetime(start),
        "start": f"{start.hour:02d}:{start.minute:02d}",
        "end": machine_datetime(end),
        "duration": _duration(start, end),
        "room": room,
        "slug": f"{acronym(programme)}-{session.id}",
        "url": _layout.session_url(programme, session, locale),
        "title": programme.text(session.title, locale).text,
        "subtitle": None,
        "track": None if first_tag is None else programme.text(first_tag.label, locale).text,
        "type": session.kind,
        "language": session.language,
        "abstract": None,
        "description": None if description is None else programme.text(description, locale).text,
        "persons": persons,
        "links": _links(programme, session),
    }


class _Streamed:
    """A JSON object or array of the document that is written a member at a time (see :func:`_chunks`).

    ``members`` gives ``(key, value)`` pairs for an object, values for an
    array; a value may be a :class:`_Streamed` itself. Everything else in
    the document is written whole by :func:`json.dumps`.
    """

    __slots__ = ("is_object", "members")

    def __init__(self, members: Iterable[Any], *, is_object: bool) -> None:
        self.members = members
        self.is_object = is_object


def _chunks(value: Any, depth: int) -> Iterator[str]:
    """``json.dumps(value, ensure_ascii=False, indent=2)`` at nesting ``depth``, in pieces.

    A :class:`_Streamed` value is written a member at a time, each made as it
    is written and dropped after; the text is what :func:`json.dumps` writes
    for the same value made whole (its strings hold no line break of their own:
    JSON escapes them, so indenting is adding spaces after each line break).
    """
    if not isinstance(value, _Streamed):
        text = json.dumps(value, ensure_ascii=False, indent=2)
        yield text.replace("\n", "\n" + "  " * depth) if depth and "\n" in text else text
        return
    inner = "\n" + "  " * (depth + 1)
    opening, closing = ("{", "}") if value.is_object else ("[", "]")
    before = opening + inner
    for member in value.members:
        yield before
        item = member
        if value.is_object:
            key, item = member
            yield json.dumps(key, ensure_ascii=False) + ": "
        yield from _chunks(item, depth + 1)
        before = "," + inner
    yield opening + closing if before.startswith(opening) else "\n" + "  " * depth + closing


def _plan(
    programme: Programme,
) -> tuple[
    dict[dt.date, dict[str, list[Session]]], dict[dt.date, tuple[dt.datetime, dt.datetime]], dict[str, bool]
]:
    """The sessions that go in by day and room, in order; each day's first start and last end; the rooms."""
    included = sorted(
        (s for s in programme.sessions if _reason(s) is None),
        key=lambda s: (_bounds(programme, s)[0].astimezone(dt.UTC), _room(s)[0], s.id),
    )
    days: dict[dt.date, dict[str, list[Session]]] = {}
    bounds: dict[dt.date, tuple[dt.datetime, dt.datetime]] = {}
    rooms: dict[str, bool] = {}
    for session in included:
        start, end = _bounds(programme, session)
        room, online = _room(session)
        rooms[room] = rooms.get(room, False) or online
        day = start.date()
        days.setdefault(day, {}).setdefault(room, []).append(session)
        first, last = bounds.get(day, (start, end))
        bounds[day] = (min(first, start), max(last, end))
    return days, bounds, rooms


def _document(programme: Programme, locale: str) -> _Streamed:
    """The document of ``schedule.json``, its events made only as they are written.

    Only the sessions' order by day and room is held; each event's JSON value
    is made when it is written.
    """
    days, bounds, rooms = _plan(programme)
    # Numbers from every session and person of the programme, so that leaving one out changes no other's.
    ids = _integer_ids(s.id for s in programme.sessions)
    people = _integer_ids(_person_key(programme, p) for p in programme.people)
    conference: dict[str, Any] = {
        "acronym": acronym(programme),
        "title": programme.text(programme.title, locale).text,
    }
    if programme.intro is not None:
        conference["description"] = programme.text(programme.intro, locale).text
    ordered = sorted(days)
    conference |= {
        # No day is made up for a programme without one: the fields are required, and left empty.
        "start": ordered[0].isoformat() if ordered else "",
        "end": ordered[-1].isoformat() if ordered else "",
        "daysCount": len(ordered),
        "timeslot_duration": _TIMESLOT,
    }
    if _ZONE_NAME.search(programme.timezone):
        conference["time_zone_name"] = programme.timezone
    conference["url"] = _layout.locale_url(programme, locale)
    conference["tracks"] = [
        {
            "name": programme.text(tag.label, locale).text,
            **({"slug": tag.id} if _TRACK_SLUG.search(tag.id) else {}),
        }
        for tag in programme.tags
    ]
    conference["rooms"] = [
        {
            "name": name,
            "guid": str(uuid.uuid5(NAMESPACE, f"{programme.id}/rooms/{name}")),
            "type": "online" if online else "other",
        }
        for name, online in sorted(rooms.items())
    ]

    def day_value(index: int, day: dt.date) -> _Streamed:
        head: list[tuple[str, Any]] = [
            ("index", index),
            ("date", day.isoformat()),
            ("day_start", machine_datetime(bounds[day][0])),
            ("day_end", machine_datetime(bounds[day][1])),
        ]
        in_rooms = (
            (room, _Streamed((_event(programme, s, locale, ids, people) for s in sessions), is_object=False))
            for room, sessions in sorted(days[day].items())
        )
        return _Streamed([*head, ("rooms", _Streamed(in_rooms, is_object=True))], is_object=True)

    days_value = _Streamed((day_value(i, day) for i, day in enumerate(ordered, start=1)), is_object=False)
    return _Streamed(
        [
            ("$schema", SCHEMA_URL),
            ("generator", {"name": "sessionfeed", "version": __version__}),
            (
                "schedule",
                _Streamed(
                    [
                        (
                            "version",
                            programme.updated.isoformat() if programme.updated is not None else _NO_VERSION,
                        ),
                        ("base_url", programme.base_url),
                        (
                            "conference",
                            _Streamed([*conference.items(), ("days", days_value)], is_object=True),
                        ),
                    ],
                    is_object=True,
                ),
            ),
        ],
        is_object=True,
    )


def _whole(value: Any) -> Any:
    """A :class:`_Streamed` value made whole: dictionaries and lists."""
    if not isinstance(value, _Streamed):
        return value
    if value.is_object:
        return {key: _whole(member) for key, member in value.members}
    return [_whole(member) for member in value.members]


def schedule(programme: Programme, locale: str) -> dict[str, Any]:
    """The schedule of ``programme`` in ``locale``, as the JSON value ``schedule.json`` holds.

    The whole value in memory: for a small programme or a test. A build streams
    the file (:func:`schedule_chunks`).

    Args:
        programme: The programme.
        locale: One of its locales.
    """
    whole = _whole(_document(programme, locale))
    assert isinstance(whole, dict)  # the document is an object
    return whole


def schedule_chunks(programme: Programme, locale: str) -> Iterator[bytes]:
    """``schedule.json`` for ``locale`` in pieces of about 64 K: an event at a time is in memory.

    The bytes are those of :func:`schedule_bytes`.
    """
    return encode_pieces(itertools.chain(_chunks(_document(programme, locale), 0), ["\n"]))


def schedule_bytes(programme: Programme, locale: str) -> bytes:
    """``schedule.json`` for ``locale``: UTF-8 JSON, indented by two spaces, ending in a line break.

    ``json.dumps(schedule(programme, locale), ensure_ascii=False, indent=2)``
    and a line break; lone surrogates cannot be in a programme's texts (the model refuses them).
    """
    return b"".join(schedule_chunks(programme, locale))


class FrabExporter(BaseExporter):
    """The frab/c3voc schedule JSON: ``schedule.json``."""

    name: ClassVar[str] = "frab"
    title: ClassVar[str] = "frab/c3voc schedule JSON"
    media_type: ClassVar[str] = MEDIA_TYPE
    filename: ClassVar[str] = "schedule.json"
    aliases: ClassVar[tuple[str, ...]] = ("c3voc", "schedule")

    def render(self, programme: Programme, context: Context) -> Rendering:
        """Write ``schedule.json``; report the sessions no day can hold, and the cancelled and postponed."""
        reasons = {s.id: _reason(s) for s in programme.sessions}
        return Rendering(
            files=[
                OutputFile(
                    path=self.filename,
                    produce=functools.partial(schedule_chunks, programme, context.locale),
                    media_type=self.media_type,
                ),
            ],
            included=[i for i, reason in reasons.items() if reason is None],
            omitted=[
                Omitted(session=i, reason=reason) for i, reason in reasons.items() if reason is not None
            ],
        )
