"""Import an iCalendar file (RFC 5545): each ``VEVENT`` a session.

What each property becomes:

* ``DTSTART``/``DTEND`` (or ``DURATION``): the session's ``when``, in the
  event's zone. An IANA ``TZID`` is kept; a zone that only the file's
  ``VTIMEZONE`` defines (or one the model refuses, such as ``CET``) is
  written in UTC, the same instants; a floating time is read in the
  programme's zone (guessed). ``DATE`` values are whole days (the exclusive
  ``DTEND`` becomes the last day).
* ``SUMMARY`` the title and ``DESCRIPTION`` the description, in the given
  ``locale``; ``STATUS`` the status (``CANCELLED``, ``TENTATIVE`` as
  postponed, else scheduled); ``SEQUENCE`` the sequence; ``LAST-MODIFIED``
  the session's ``updated``.
* ``URL`` the session's page; ``LOCATION`` a URL (online), ``Online`` or
  ``Online (platform)`` (online, guessed), else a venue's name;
  ``CONFERENCE`` (RFC 7986) the online link; ``ATTACH`` the recording;
  ``IMAGE`` the image; ``CATEGORIES`` the tags.
* ``ORGANIZER`` a host, ``ATTENDEE`` with ``ROLE=CHAIR`` a moderator, any
  other participating ``ATTENDEE`` a speaker (guessed), named by ``CN``.
* Recurring events (``RRULE``, ``RDATE``) are expanded to one session per
  occurrence between ``expand_from`` and ``expand_until``; without that
  range they are refused, each named with its line. ``EXDATE`` is honoured,
  and a ``RECURRENCE-ID`` instance replaces the occurrence it overrides.
* Any other property of an event is written into the description, and a
  notice says which.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import zoneinfo
from typing import Any

from sessionfeed.exceptions import ProgrammeError
from sessionfeed.importers import _ics_recur as recur
from sessionfeed.importers._common import refuse
from sessionfeed.importers._ics_reader import UTC, Reader, zone_of
from sessionfeed.importers._values import NO_BASE_URL, choose_locale, clean_text, read_bytes, slug
from sessionfeed.importers.base import Imported
from sessionfeed.model.checks import check_timezone


__all__ = ["read"]


def _moment(value: dt.date | dt.datetime | None, name: str, source: str, zone: str) -> dt.datetime | None:
    if value is None:
        return None
    if not isinstance(value, dt.datetime):
        if not isinstance(value, dt.date):
            message = f"option {name} must be a date or a date and time, not {type(value).__name__}"
            raise refuse(source, message)
        value = dt.datetime.combine(value, dt.time())
    if value.tzinfo is None:
        value = value.replace(tzinfo=zoneinfo.ZoneInfo(zone))
    return value


def _calendars(name: str, data: bytes) -> list[Any]:
    import icalendar

    try:
        calendars: list[Any] = icalendar.Calendar.from_ical(data, multiple=True)
    except Exception as error:  # icalendar raises ValueError, KeyError, IndexError on broken input
        message = f"is not an iCalendar file (RFC 5545): {error}; export the calendar again as .ics"
        raise refuse(name, message) from None
    if not calendars:
        raise refuse(name, "holds no VCALENDAR: is it an iCalendar (.ics) file?")
    return calendars


def _timezone(
    name: str, timezone: str | None, calendar: Any, events: list[Any], guessed: dict[str, str]
) -> str:
    if timezone is not None:
        if check_timezone(timezone) is not None:
            raise refuse(name, f"option timezone: {check_timezone(timezone)}")
        return timezone
    declared = str(calendar.get("X-WR-TIMEZONE", ""))
    if declared and check_timezone(declared) is None:
        return declared
    starts = [e.decoded("DTSTART", None) for e in events]
    zones = [z.key for s in starts if isinstance(s, dt.datetime) and (z := zone_of(s)) is not None]
    guessed["timezone"] = "the first event's zone" if zones else "no event has a zone"
    return zones[0] if zones else UTC


def _stamp(value: dt.date | dt.datetime) -> str:
    """An occurrence's start as a piece of an id: ``20270104t100000``."""
    return re.sub(r"[^0-9a-z]", "", value.isoformat().lower())[:15]


def _expanded(
    reader: Reader,
    event: Any,
    line: int | None,
    base: str,
    *,
    span: tuple[dt.datetime, dt.datetime],
    replaced: set[Any],
) -> None:
    """One session per occurrence of a recurring event in ``span``, but those an instance replaces."""
    uid = str(event.get("UID", ""))
    try:
        starts = list(recur.occurrences(event, *span))
    except OverflowError:
        message = f"has more than {recur.MAX_OCCURRENCES} occurrences in the range: give a shorter range"
        raise refuse(reader.name, message, path=f"VEVENT {uid!r}", line=line) from None
    except (ValueError, TypeError) as error:
        message = f"its recurrence cannot be read: {error}"
        raise refuse(reader.name, message, path=f"VEVENT {uid!r}", line=line) from None
    length = recur.length(event)
    for start in starts:
        if recur.key(start) in replaced:
            continue  # its RECURRENCE-ID instance is read on its own
        end: Any = None
        if length is not None and isinstance(start, dt.datetime):
            end = (start.astimezone(dt.UTC) + length).astimezone(start.tzinfo)
        elif length is not None:
            end = start + length
        when, _ = reader.when(start, end, None, line, f"sessions[{len(reader.sessions)}]")
        reader.event(event, line, reader.session_ids.make(f"{base}-{_stamp(start)}", "event"), when=when)


def read(
    source: str | os.PathLike[str],
    *,
    locale: str | None = None,
    timezone: str | None = None,
    kind: str = "webinar",
    base_url: str | None = None,
    programme_id: str | None = None,
    expand_from: dt.date | dt.datetime | None = None,
    expand_until: dt.date | dt.datetime | None = None,
    title: str | None = None,
) -> Imported:
    """Read an iCalendar file (RFC 5545) into a programme: each ``VEVENT`` a session.

    Args:
        source: The ``.ics`` file.
        locale: The locale of the texts; default the calendar's ``LANGUAGE``
            parameters, else ``en`` (guessed).
        timezone: The programme's zone, in which floating times are read;
            default ``X-WR-TIMEZONE``, else the first event's zone, else UTC.
        kind: The kind of every session (a calendar does not say it).
        base_url: Where the site will be published; default a placeholder (guessed).
        programme_id: The programme's id; default made from the calendar's name or the file's.
        expand_from: The first moment to expand recurring events from (a day
            starts at its midnight, in the programme's zone).
        expand_until: The last moment to expand them to (a day: its midnight).
        title: The programme's title; default the calendar's name, else the file's.

    Raises:
        ProgrammeError: The file cannot be read, is not an iCalendar file, or
            has a recurring event and no range to expand it in.
    """
    name = os.fspath(source)
    data = read_bytes(source, "calendar")
    calendars = _calendars(name, data)
    # The 1-based line of each BEGIN:VEVENT, in the file's order.
    texts = data.decode("utf-8", "replace").splitlines()
    lines = [i for i, text in enumerate(texts, start=1) if text.strip().upper() == "BEGIN:VEVENT"]
    events = [e for calendar in calendars for e in calendar.walk("VEVENT")]
    located = [(e, lines[i] if i < len(lines) else None) for i, e in enumerate(events)]
    guessed: dict[str, str] = {}
    summaries = [e["SUMMARY"] for e in events if e.get("SUMMARY") is not None]
    languages = [s.params.get("LANGUAGE") for s in summaries if hasattr(s, "params")]
    said = ("the events' LANGUAGE", "the calendar does not say its language")
    locale = choose_locale(name, locale, languages, guessed, said)
    timezone = _timezone(name, timezone, calendars[0], events, guessed)
    low = _moment(expand_from, "expand_from", name, timezone)
    high = _moment(expand_until, "expand_until", name, timezone)
    if (low is None) != (high is None) or (low and high and high < low):
        raise refuse(name, "give both expand_from and expand_until, the first before the second")
    if low is None and (problems := recur.unexpanded(located, name)):
        raise ProgrammeError(problems)
    reader = Reader(name, locale=locale, timezone=timezone, kind=kind)
    reader.guessed |= guessed
    # The occurrences that an instance (RECURRENCE-ID) replaces, by UID.
    replaced: dict[str, set[Any]] = {}
    for event in events:
        if event.get("RECURRENCE-ID") is not None:
            replaced.setdefault(str(event.get("UID", "")), set()).add(
                recur.key(event.decoded("RECURRENCE-ID"))
            )
    for number, (event, line) in enumerate(located, start=1):
        raw_uid = str(event.get("UID", ""))
        uid = clean_text(raw_uid) or ""
        if not uid:
            reader.notice("the event has no UID: its id is made from its position", line)
        base = slug(uid, "event") if uid else f"event-{number}"
        if event.get("RECURRENCE-ID") is not None:
            stamp = _stamp(event.decoded("RECURRENCE-ID"))
            reader.event(event, line, reader.session_ids.make(f"{base}-{stamp}", "event"))
        elif not recur.recurs(event):
            reader.event(event, line, reader.session_ids.make(base, "event"))
        elif low is not None and high is not None:  # without a range, refused above
            _expanded(reader, event, line, base, span=(low, high), replaced=replaced.get(raw_uid, set()))
    return _imported(reader, calendars[0], programme_id=programme_id, base_url=base_url, title=title)


def _imported(
    reader: Reader, calendar: Any, *, programme_id: str | None, base_url: str | None, title: str | None
) -> Imported:
    name, locale = reader.name, reader.locale
    calendar_name = title or clean_text(
        str(calendar.get("X-WR-CALNAME", "") or calendar.get("NAME", "") or "")
    )
    stem = os.path.splitext(os.path.basename(name))[0] or "calendar"  # noqa: PTH119, PTH122 - any source name
    programme: dict[str, Any] = {
        "id": programme_id or slug(calendar_name or stem, "calendar"),
        "title": calendar_name or stem,
        "base_url": base_url or NO_BASE_URL,
        "locales": [locale],
        "timezone": reader.timezone,
    }
    if programme_id is None:
        reader.guessed["id"] = (
            "made from the calendar's name" if calendar_name else "made from the file's name"
        )
    if calendar_name is None:
        reader.guessed["title"] = "the calendar has no name: the file's"
    if base_url is None:
        reader.guessed["base_url"] = "a placeholder: give where the site will be published"
    return reader.imported(name, programme)
