"""Import a frab/c3voc schedule JSON (``schedule.json``) as pretalx and frab write it.

What each field becomes: the conference's ``title`` the programme's title,
its ``description`` the introduction, its ``acronym`` the programme's id,
``time_zone_name`` its zone, ``tracks`` its tags; each event a session:
``slug`` (without the acronym in front) or ``guid`` its id, ``date`` with
``end`` (else ``duration``) its time (from midnight to midnight of the
conference's zone: whole days, guessed), the ``room`` its place (a room of
type ``online`` or ``bbb``, or named ``Online``: online; another: a venue),
``title`` and ``subtitle`` its title, ``abstract`` and ``description`` its
description, ``language``, ``type`` its kind (declared when it is not a
built-in kind), ``track`` its tag, ``persons`` its speakers (the format has
no roles), ``url`` its page, and ``links`` its recording (``media``),
registration, online and venue links.

Nothing is dropped silently: a link, an attachment, a feedback page, a
recording licence, a speaker's biography or any field it does not know goes
into the session's description, and a notice says so; what has no session to
go to (a room's description, a speaker's picture, the conference's colours)
is named in a notice.
"""

from __future__ import annotations

import bisect
import json
import json.decoder
import json.scanner
import os
import re
import zoneinfo
from typing import Any

from sessionfeed.importers._common import refuse
from sessionfeed.importers._frab_reader import Reader, is_empty, text_of
from sessionfeed.importers._values import NO_BASE_URL, choose_locale, read_bytes, slug, url_or_none
from sessionfeed.importers.base import Imported
from sessionfeed.model.checks import check_id, check_timezone


__all__ = ["read"]


#: Conference fields this importer reads or that its exporter writes from the data it reads.
_CONFERENCE_READ = frozenset(
    {
        "acronym", "title", "description", "start", "end", "daysCount", "timeslot_duration",
        "time_zone_name", "url", "tracks", "rooms", "days",
    },
)  # fmt: skip
_ROOM_READ = frozenset({"name", "guid", "slug", "type"})


def _load(text: str) -> tuple[Any, dict[int, int]]:
    """The JSON value of ``text``, and the 1-based line where each of its objects starts (by ``id()``).

    The standard library's own parser, with its object parser wrapped to note
    where each object starts; the objects stay alive in the value, so their
    ``id()`` names them while the value is read.
    """
    newlines = [m.start() for m in re.finditer("\n", text)]
    lines: dict[int, int] = {}
    decoder = json.JSONDecoder()
    parse = json.decoder.JSONObject  # type: ignore[attr-defined]

    def parse_object(s_and_end: tuple[str, int], *args: Any, **kwargs: Any) -> tuple[Any, int]:
        value, end = parse(s_and_end, *args, **kwargs)
        lines[id(value)] = bisect.bisect_left(newlines, s_and_end[1]) + 1
        return value, end

    decoder.parse_object = parse_object  # type: ignore[attr-defined]
    decoder.scan_once = json.scanner.py_make_scanner(decoder)  # type: ignore[attr-defined]
    return decoder.decode(text), lines


def _parse(name: str, data: bytes) -> tuple[dict[str, Any], dict[str, Any], dict[int, int]]:
    """The schedule and its conference, and the line of each JSON object."""
    try:
        text = data.decode("utf-8-sig")
        document, lines = _load(text)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        line = getattr(error, "lineno", None)
        raise refuse(name, f"is not JSON in UTF-8: {error}; export the schedule again", line=line) from None
    except RecursionError:
        raise refuse(name, "is nested too deeply to be a schedule JSON") from None
    schedule = document.get("schedule") if isinstance(document, dict) else None
    conference = schedule.get("conference") if isinstance(schedule, dict) else None
    if not isinstance(schedule, dict) or not isinstance(conference, dict):
        raise refuse(
            name,
            "is not a frab/c3voc schedule JSON: it has no 'schedule.conference'; export the schedule as "
            "JSON from pretalx or frab (schedule.json)",
        )
    return schedule, conference, lines


def _events(conference: dict[str, Any]) -> list[tuple[dict[str, Any], str]]:
    """Every event of every day and room, in the file's order, with the room it is listed in."""
    days = conference.get("days")
    events: list[tuple[dict[str, Any], str]] = []
    for day in days if isinstance(days, list) else []:
        rooms = day.get("rooms") if isinstance(day, dict) else None
        for room_name, listed in rooms.items() if isinstance(rooms, dict) else []:
            events.extend((event, room_name) for event in listed if isinstance(event, dict))
    return events


def _unread(conference: dict[str, Any], reader: Reader) -> None:
    """Name in a notice what the conference and its rooms hold that has no place in a programme."""
    unread = [
        f"conference.{k}"
        for k in sorted(conference)
        if k not in _CONFERENCE_READ and not is_empty(conference[k])
    ]
    rooms = conference.get("rooms")
    for index, room in enumerate(rooms if isinstance(rooms, list) else []):
        if isinstance(room, dict):
            unread += [
                f"rooms[{index}].{k}" for k in sorted(room) if k not in _ROOM_READ and not is_empty(room[k])
            ]
    if unread:
        reader.notice(f"not kept, a programme has no place for them: {', '.join(unread)}", None)


def read(
    source: str | os.PathLike[str],
    *,
    locale: str | None = None,
    base_url: str | None = None,
    programme_id: str | None = None,
    timezone: str | None = None,
    title: str | None = None,
    kind: str = "talk",
) -> Imported:
    """Read a frab/c3voc ``schedule.json`` into a programme.

    Args:
        source: The JSON file.
        locale: The locale of the texts; default the first event's language, else ``en`` (guessed).
        base_url: Where the site will be published; default the schedule's ``base_url``.
        programme_id: The programme's id; default the conference's acronym.
        timezone: The programme's zone; default the conference's ``time_zone_name``, else UTC.
        title: The programme's title; default the conference's.
        kind: The kind of an event without a ``type``.

    Raises:
        ProgrammeError: The file cannot be read, or is not a schedule JSON.
    """
    name = os.fspath(source)
    schedule, conference, lines = _parse(name, read_bytes(source, "schedule"))
    guessed: dict[str, str] = {}
    zone_name = timezone or conference.get("time_zone_name")
    if not isinstance(zone_name, str) or check_timezone(zone_name) is not None:
        if timezone is not None:
            raise refuse(name, f"option timezone: {check_timezone(timezone)}")
        guessed["timezone"] = "the schedule names no time zone sessionfeed takes"
        zone_name = "UTC"
    events = _events(conference)
    languages = [e.get("language") for e, _ in events if isinstance(e.get("language"), str)]
    said = ("the events' language", "the schedule does not say its language")
    locale = choose_locale(name, locale, languages, guessed, said)
    acronym = conference.get("acronym")
    prefix = acronym if isinstance(acronym, str) else ""
    if check_id(kind) is not None:
        raise refuse(name, f"option kind: {check_id(kind)}")
    reader = Reader(locale, zoneinfo.ZoneInfo(zone_name), prefix, kind)
    reader.guessed |= guessed
    _unread(conference, reader)
    tracks = conference.get("tracks")
    for track in tracks if isinstance(tracks, list) else []:
        label = text_of(track.get("name")) if isinstance(track, dict) else None
        if label is not None:
            track_slug = track.get("slug")
            reader.tag(label, track_slug if isinstance(track_slug, str) else None)
    rooms = conference.get("rooms")
    rooms_by_name = {
        r.get("name"): r for r in rooms if isinstance(r, dict) and isinstance(r.get("name"), str)
    } if isinstance(rooms, list) else {}  # fmt: skip
    for event, room_name in events:
        reader.event(event, rooms_by_name.get(event.get("room", room_name)), lines.get(id(event)))
    for flag, paths in reader.flagged.items():
        if paths:
            reader.notice(
                f"{flag} is true for {', '.join(paths)}: not kept, a programme has no place for it", None
            )
    programme = _programme(
        reader, schedule, conference, programme_id=programme_id, base_url=base_url, title=title
    )
    return reader.imported(name, programme)


def _programme(
    reader: Reader,
    schedule: dict[str, Any],
    conference: dict[str, Any],
    *,
    programme_id: str | None,
    base_url: str | None,
    title: str | None,
) -> dict[str, Any]:
    locale = reader.locale
    title = title or text_of(conference.get("title"))
    if programme_id is None:
        programme_id = (
            reader.prefix
            if check_id(reader.prefix) is None
            else slug(reader.prefix or title or "schedule", "schedule")
        )
        reader.guessed["id"] = "made from the conference's acronym"
    chosen_base = base_url or url_or_none(schedule.get("base_url")) or NO_BASE_URL
    if not chosen_base.endswith("/") or "?" in chosen_base or "#" in chosen_base:
        chosen_base = NO_BASE_URL
    if base_url is None:
        reader.guessed["base_url"] = "where the schedule was published: give where the site will be"
    programme: dict[str, Any] = {
        "id": programme_id,
        "title": {locale: title or "Schedule"},
        "base_url": chosen_base,
        "locales": [locale],
        "timezone": reader.zone.key,
    }
    if title is None:
        reader.guessed["title"] = "the conference has no title"
    intro = text_of(conference.get("description"))
    if intro is not None:
        programme["intro"] = {locale: intro}
    return programme
