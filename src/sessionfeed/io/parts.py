"""Reading the parts of a session: its time, its place, its links, its recording.

Each function takes the :class:`~sessionfeed.io.reader.Reader` of the file and
the file's path of the value, and gives the model's value, or ``None`` when it
could not be made (its problems are recorded at the file's paths). A time is
read as it is written: a month, a day, a range of days, or a start with an end
or a duration, local to the programme's time zone or the session's own.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, TypeVar

import attrs

from sessionfeed.exceptions import ProgrammeError
from sessionfeed.io.reader import Reader, kind_of
from sessionfeed.model.checks import LAST_DAY, check_duration, check_moment, check_timezone, shown
from sessionfeed.model.programme import (
    Address,
    AllDay,
    Contact,
    Links,
    Location,
    Month,
    Online,
    Recording,
    Timed,
    Unknown,
    Venue,
    When,
)
from sessionfeed.model.timeline import Window


__all__ = [
    "date_or_time",
    "read_contact",
    "read_duration",
    "read_links",
    "read_location",
    "read_recording",
    "read_when",
    "read_window",
]

_Part = TypeVar("_Part", bound=attrs.AttrsInstance)
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_DURATION = re.compile(
    r"P(?:(?P<days>\d+)D)?(?:T(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?(?:(?P<seconds>\d+(?:[.,]\d+)?)S)?)?",
)
_UNKNOWN_WORDS = {"unknown", "tba", "tbd"}
# The values most sessions share, made once (they are frozen).
_NO_LINKS = Links()
_ONLINE = Location(online=Online())
_UNKNOWN = Unknown()


def read_when(reader: Reader, path: str, value: object) -> When | None:
    """A session's time as the file writes it: a month, a day, "tba", or a table (:func:`_read_span`)."""
    if value is None or (isinstance(value, str) and value.lower() in _UNKNOWN_WORDS):
        return _UNKNOWN
    if isinstance(value, dt.datetime):
        reader.problem(
            path,
            "a single date and time has no end; write "
            "{ start = 2026-03-12T14:00:00, end = 2026-03-12T15:30:00 }",
        )
        return None
    if isinstance(value, dt.date):
        return reader.build(path, AllDay, start=value, end=value)
    if isinstance(value, str):
        month = _MONTH.fullmatch(value)
        if month:
            try:
                return Month(year=int(month[1]), month=int(month[2]))
            except ProgrammeError as error:
                # Both parts are written in one value: say what is wrong there.
                for problem in error.problems:
                    reader.problem(path, f"{value!r} is not a month: its {problem.path} {problem.message}")
                return None
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            reader.problem(
                path,
                f"{value!r} is not a date: write '2023-12' for a month, 2026-03-12 for a day, "
                "a { start, end } table for a time or a range, or 'tba' when it is not known",
            )
            return None
        return reader.build(path, AllDay, start=day, end=day)
    body = reader.table(path, value, {"start", "end", "duration", "timezone"})
    if body is None:
        return None
    return _read_span(reader, path, body)


def _read_span(reader: Reader, path: str, body: Mapping[str, Any]) -> When | None:
    start, end = date_or_time(body.get("start")), date_or_time(body.get("end"))
    unreadable = False
    for name, value, hint in (("start", start, ""), ("end", end, " or a time (15:30:00)")):
        given = body.get(name)
        if given is not None and value is None:
            what = f"a date (2026-05-04), a date and time (2026-05-04T14:00:00){hint}"
            wrong = (
                f"{given!r} is not {what}"
                if isinstance(given, str)
                else f"must be {what}, not {kind_of(given)}"
            )
            reader.problem(f"{path}.{name}", wrong)
            unreadable = True
    if unreadable:
        return None
    if start is None:
        reader.problem(f"{path}.start", "is required: a date (2026-05-04) or a date and time")
        return None
    if isinstance(start, dt.date) and not isinstance(start, dt.datetime):
        if "timezone" in body or "duration" in body:
            reader.problem(path, "'timezone' and 'duration' go with a start time, not a date")
        if end is None:
            end = start
        if not isinstance(end, dt.date) or isinstance(end, dt.datetime):
            reader.problem(f"{path}.end", "must be a date, like start")
            return None
        return reader.build(path, AllDay, start=start, end=end)
    zone = reader.zone
    if "timezone" in body:
        given = reader.string(f"{path}.timezone", body["timezone"])
        problem = check_timezone(given)
        if problem:
            reader.problem(f"{path}.timezone", problem)
            return None
        zone = str(given)
    begin = reader.datetime(f"{path}.start", start, zone)
    if begin is None:
        return None
    finish: dt.datetime | None
    if "duration" in body:
        if end is not None:
            reader.problem(f"{path}.duration", "give 'end' or 'duration', not both")
            return None
        length = read_duration(reader, f"{path}.duration", body["duration"])
        if length is None:
            return None
        problem = check_duration(length)
        if problem is not None:
            reader.problem(f"{path}.duration", problem)
            return None
        # The start must be in range as an instant before a duration is added to it.
        problem = check_moment(begin)
        if problem is not None:
            reader.problem(f"{path}.start", problem)
            return None
        # Elapsed time: across a DST change the wall clock moves by the offset change.
        try:
            finish = (begin.astimezone(dt.UTC) + length).astimezone(begin.tzinfo)
        except OverflowError:
            reader.problem(
                f"{path}.duration",
                f"makes the session end after {LAST_DAY.isoformat()}, the last day sessionfeed "
                "supports; give a shorter duration",
            )
            return None
    elif isinstance(end, dt.time):
        finish = reader.datetime(f"{path}.end", dt.datetime.combine(begin.date(), end), zone)
    elif end is None:
        reader.problem(f"{path}.end", "is required with a start time (or give 'duration')")
        return None
    else:
        finish = reader.datetime(f"{path}.end", end, zone)
    if finish is None:
        return None
    return reader.build(path, Timed, start=begin, end=finish)


def read_location(reader: Reader, path: str, value: object) -> Location | None:
    """Where a session is: ``"online"``, or a table with ``online`` and ``venue``."""
    if value is None:
        return None
    if value == "online":
        return _ONLINE
    body = reader.table(path, value, {"online", "venue"})
    if body is None:
        return None
    online = None
    if "online" in body:
        raw = body["online"]
        if raw is True:
            online = Online()
        elif raw is not False:
            online = _read_texts(reader, f"{path}.online", raw, Online)
    venue = None
    if "venue" in body:
        venue = _read_venue(reader, f"{path}.venue", body["venue"])
    if (online is None and "online" in body) or (venue is None and "venue" in body):
        return None  # failed, or online = false and no venue: nothing to make
    return reader.build(path, Location, online=online, venue=venue)


def _read_venue(reader: Reader, path: str, value: object) -> Venue | None:
    if isinstance(value, str):
        return reader.build(path, Venue, name=value)
    body = reader.table(path, value, {"name", "address", "url"})
    if body is None:
        return None
    address = None
    if "address" in body:
        address = _read_texts(reader, f"{path}.address", body["address"], Address)
    return reader.build(
        path,
        Venue,
        {"name": "x"},
        name=reader.string(f"{path}.name", body.get("name"), required=True),
        address=address,
        url=reader.string(f"{path}.url", body.get("url")),
    )


def read_links(reader: Reader, path: str, value: object) -> Links | None:
    """A session's links (its own page, its registration); empty when not given."""
    return _NO_LINKS if value is None else _read_texts(reader, path, value, Links)


def _read_texts(reader: Reader, path: str, value: object, factory: type[_Part]) -> _Part | None:
    """A part whose fields are all texts (links, a contact, an online place, an address)."""
    names = [field.name for field in attrs.fields(factory)]
    body = reader.table(path, value, set(names))
    if body is None:
        return None
    return reader.build(
        path, factory, **{name: reader.string(f"{path}.{name}", body.get(name)) for name in names}
    )


def read_recording(reader: Reader, path: str, value: object) -> Recording | None:
    """A session's recording: its URL, or a table with the URL and what is known of it."""
    if value is None:
        return None
    if isinstance(value, str):
        return reader.build(path, Recording, url=value)
    body = reader.table(
        path, value, {"url", "media_type", "length", "duration", "thumbnail", "embed_url", "published"}
    )
    if body is None:
        return None
    fields: dict[str, Any] = {
        name: reader.string(f"{path}.{name}", body.get(name))
        for name in ("url", "media_type", "thumbnail", "embed_url")
    }
    if fields["url"] is None:
        reader.problem(f"{path}.url", "is required: where the recording can be watched")
        return None
    if "length" in body:
        fields["length"] = body["length"]
    if "duration" in body:
        fields["duration"] = read_duration(reader, f"{path}.duration", body["duration"])
    if "published" in body:
        published = date_or_time(body["published"])
        if isinstance(published, dt.date) and not isinstance(published, dt.datetime):
            fields["published"] = published
        else:
            reader.problem(f"{path}.published", "must be a date like 2026-03-20")
    return reader.build(path, Recording, **fields)


def read_contact(reader: Reader, value: object) -> Contact | None:
    """The programme's contact: a name, an email address, a URL."""
    return None if value is None else _read_texts(reader, "contact", value, Contact)


# ------------------------------------------------------------------ dates and durations


def read_window(reader: Reader, value: object) -> Window | None:
    """The programme's ``window``: ``past`` and ``upcoming``, each a duration or ``"all"``.

    ``past`` may also be ``"none"``: no past session.
    """
    body = reader.table("window", value, {"past", "upcoming"})
    if body is None:
        return None
    spans: dict[str, dt.timedelta | None] = {}
    failed = False
    for name in ("past", "upcoming"):
        if name not in body:
            continue
        given = body[name]
        word = given.strip().lower() if isinstance(given, str) else None
        words = "'all', or 'none' for no past session" if name == "past" else "or 'all'"
        hint = (
            f"write days, hours or minutes such as 'P90D' ('P1M' and 'P1Y' have no fixed length: "
            f"write 'P30D', 'P365D'), {words}"
        )
        if word == "all":
            spans[name] = None
        elif word == "none" and name == "past":
            spans[name] = dt.timedelta(0)
        elif isinstance(given, str) and given.strip().upper().startswith("P"):
            span = read_duration(reader, f"window.{name}", given, hint)
            failed = failed or span is None
            spans[name] = span
        else:
            reader.problem(f"window.{name}", f"{shown(given)} is not a span of time: {hint}")
            failed = True
    return None if failed else reader.build("window", Window, **spans)


def date_or_time(value: object) -> dt.date | dt.time | None:
    """Accept TOML's own values or ISO 8601 strings (from JSON)."""
    if isinstance(value, dt.date | dt.time):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            if len(text) == 10:  # YYYY-MM-DD
                return dt.date.fromisoformat(text)
            if len(text) <= 8 or (":" in text and "-" not in text):  # HH:MM[:SS]
                return dt.time.fromisoformat(text)
            return dt.datetime.fromisoformat(text)
        except ValueError:
            return None
    return None


_SECONDS_CAP = 10**12


def read_duration(
    reader: Reader, path: str, value: object, hint: str = "write 'PT1H30M' or a number of minutes"
) -> dt.timedelta | None:
    """An ISO 8601 duration (``PT1H30M``) or a whole number of minutes.

    It is read as it is written, a fraction of a second too, for the model's
    rule (:func:`~sessionfeed.model.checks.check_duration`) to judge; one longer
    than Python's longest is read as that longest, which the rule refuses.
    """
    duration = None
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        duration = _timedelta(minutes=value)
    elif isinstance(value, str):
        match = _DURATION.fullmatch(value.upper())
        if match and any(match.groupdict().values()):
            parts = {k: Decimal(v.replace(",", ".")) for k, v in match.groupdict().items() if v}
            seconds = parts.pop("seconds", Decimal(0))
            # Up, so that the rule sees any fraction, however small.
            micro = math.ceil(seconds * 1_000_000) if seconds < _SECONDS_CAP else _SECONDS_CAP * 1_000_000
            duration = _timedelta(**{k: int(v) for k, v in parts.items()}, microseconds=micro)
    if duration is not None and duration > dt.timedelta(0):
        return duration
    reader.problem(path, f"{shown(value)} is not a duration: {hint}")
    return None


def _timedelta(**parts: int) -> dt.timedelta:
    """``datetime.timedelta(**parts)``, or the longest one when that overflows."""
    try:
        return dt.timedelta(**parts)
    except OverflowError:
        return dt.timedelta.max
