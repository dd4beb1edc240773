"""One calendar event read into a session of a programme file (the ``ics`` importer's reader)."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from typing import Any

from sessionfeed.importers import _values
from sessionfeed.importers._common import day_value
from sessionfeed.importers._values import Event, clean_text, location, url_or_none
from sessionfeed.importers.base import Notice
from sessionfeed.model.checks import check_bcp47, check_day, check_moment, check_timezone


__all__ = ["UTC", "Reader", "listed", "zone_of"]

#: Properties every event has that say nothing about the session itself.
_IGNORED = frozenset({"DTSTAMP", "CREATED", "TRANSP", "CLASS", "PRIORITY"})
#: Properties this importer places.
_PLACED = frozenset(
    {
        "UID", "DTSTART", "DTEND", "DURATION", "SUMMARY", "DESCRIPTION", "LOCATION", "URL", "STATUS",
        "CATEGORIES", "CONFERENCE", "ATTACH", "IMAGE", "ORGANIZER", "ATTENDEE", "SEQUENCE",
        "LAST-MODIFIED", "RRULE", "RDATE", "EXDATE", "RECURRENCE-ID",
    },
)  # fmt: skip
#: "Online", "Online (Zoom)", and a hybrid place as sessionfeed's calendar writes it: "Online (Zoom)
#: en SER, Den Haag" (the list's "and" of en, nl, de, fr, es, pt), the platform without parentheses ...
_ONLINE = re.compile(
    r"Online(?: \((?P<platform>[^()]*)\))?(?: (?:and|en|und|et|y|e) (?P<venue>.+))?",
    re.DOTALL,
)
#: ... else a platform with parentheses of its own: "Online (Jitsi (EU))".
_ONLINE_NESTED = re.compile(r"Online \((?P<platform>.*)\)", re.DOTALL)
_MEDIA_TYPE = re.compile(r"[\w.+-]+/[\w.+-]+", re.ASCII)
UTC = "UTC"


def zone_of(moment: dt.datetime) -> zoneinfo.ZoneInfo | None:
    """The IANA zone of an aware time, when it has one the model takes."""
    tz = moment.tzinfo
    if isinstance(tz, zoneinfo.ZoneInfo) and check_timezone(tz.key) is None:
        return tz
    return None


def listed(value: Any) -> list[Any]:
    """A property's values as a list (icalendar gives one value, or a list when repeated)."""
    if isinstance(value, list):
        return value
    return [value] if value else []


class Reader(_values.Reader):
    """Reads the events of one calendar into the dict shape of a programme file."""

    def __init__(self, name: str, *, locale: str, timezone: str | None, kind: str) -> None:
        super().__init__(locale, kind)
        self.name = name
        self.timezone = timezone
        self.said: set[Notice] = set()

    def notice(self, message: str, line: int | None, path: str = "") -> None:
        notice = Notice(message=message, line=line, path=path)
        if notice not in self.said:  # once, though the start and the end both say it
            self.said.add(notice)
            self.notices.append(notice)

    # ------------------------------------------------------------- times

    def _instant(self, value: dt.datetime, line: int | None, path: str) -> dt.datetime:
        """An aware time the model takes: in its IANA zone, else UTC; floating, in the programme's zone."""
        if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
            zone = zoneinfo.ZoneInfo(self.timezone or UTC)
            self.guessed[path] = f"a floating time, read in {zone.key}"
            # A wall time the clocks skip or repeat: fold 0, as RFC 5545 §3.3.5 reads it.
            return value.replace(tzinfo=zone).astimezone(dt.UTC).astimezone(zone)
        if zone_of(value) is not None:
            return value
        name = getattr(value.tzinfo, "_tzid", None) or str(value.tzinfo)
        self.notice(f"the zone {name!r} is not an IANA time zone: its times are written in UTC", line, path)
        return value.astimezone(zoneinfo.ZoneInfo(UTC))

    def when(
        self, start: Any, end: Any, duration: Any, line: int | None, path: str
    ) -> tuple[Any, str | None]:
        """The ``when`` of a file, and a text for the description when it could not be placed."""
        if isinstance(start, dt.datetime):
            return self._timed(start, end, duration, line, f"{path}.when")
        if isinstance(start, dt.date):
            last = start
            if isinstance(end, dt.date) and not isinstance(end, dt.datetime) and end > start:
                last = end - dt.timedelta(days=1)
            elif isinstance(duration, dt.timedelta) and duration.days > 1:
                last = start + dt.timedelta(days=duration.days - 1)
            if check_day(start) or check_day(last):
                self.notice(f"the day {start.isoformat()} is outside the dates sessionfeed takes", line, path)
                return None, f"Date: {start.isoformat()}"
            return day_value(start, last), None
        self.notice("the event has no DTSTART: its date is left unknown", line, f"{path}.when")
        return None, None

    def _timed(
        self, start: dt.datetime, end: Any, duration: Any, line: int | None, path: str
    ) -> tuple[Any, str | None]:
        begin = self._instant(start, line, path)
        if isinstance(end, dt.date) and not isinstance(end, dt.datetime):
            end = None  # a DATE end with a DATE-TIME start breaks RFC 5545 §3.8.2.2
        if isinstance(end, dt.datetime):
            finish = self._instant(end, line, path).astimezone(begin.tzinfo)
        elif isinstance(duration, dt.timedelta):
            finish = (begin.astimezone(dt.UTC) + duration).astimezone(begin.tzinfo)
        else:
            finish = begin
        if check_moment(begin) or check_moment(finish) or finish <= begin:
            self.notice(
                f"the event's time ({start.isoformat()}) has no end after its start, or is outside "
                "the dates sessionfeed takes: the date is left unknown and the time is kept in the "
                "description",
                line,
                path,
            )
            return None, f"Time: {start.isoformat()}" + (f" to {end.isoformat()}" if end else "")
        zone = begin.tzinfo
        key = zone.key if isinstance(zone, zoneinfo.ZoneInfo) else UTC
        return {"start": begin.isoformat(), "end": finish.isoformat(), "timezone": key}, None

    # ------------------------------------------------------------- people, tags

    def _person(self, address: Any) -> tuple[str, bool] | None:
        """The id of the person an ``ORGANIZER`` or ``ATTENDEE`` names, and whether the name was guessed."""
        params = getattr(address, "params", {})
        name = clean_text(str(params.get("CN", "")).strip())
        guessed = False
        if name is None:
            value = str(address)
            name = clean_text(re.sub(r"(?i)^mailto:", "", value).split("@", 1)[0])
            guessed = True
            if name is None:
                return None
        ident = self.person_keys.get(name)
        if ident is None:
            ident = self.person_keys[name] = self.person_ids.make(name, "person")
            self.people[ident] = {"name": name}
        return ident, guessed

    # ------------------------------------------------------------- events

    def event(self, source: Any, line: int | None, ident: str, when: Any = None) -> None:
        """Add one session for ``source`` (an occurrence's ``when`` given for recurring events)."""
        path = f"sessions[{len(self.sessions)}]"
        event = Event(source=source, line=line, path=path, session={"id": ident, "kind": self.kind})
        self.guessed[f"{path}.kind"] = "a calendar event does not say its kind"
        self._title(event)
        if when is None:
            when, kept = self.when(
                source.decoded("DTSTART", None), source.decoded("DTEND", None),
                source.decoded("DURATION", None), line, path,
            )  # fmt: skip
            if kept:
                event.extra.append(kept)
        if when is not None:
            event.session["when"] = when
        self._status(event)
        self._links(event)
        self._location(event)
        self._attachments(event)
        self._people(event)
        self._tags(event)
        self._revision(event)
        self._leftovers(event)
        description = source.get("DESCRIPTION")
        text = clean_text(str(description)) if description is not None else None
        if event.extra:
            text = "\n\n".join(p for p in (text, "\n".join(event.extra)) if p)
        if text is not None and clean_text(text) is not None:
            event.session["description"] = {self.locale: text}
        self.sessions.append(event.session)

    def _title(self, event: Event) -> None:
        path, summary = event.path, event.source.get("SUMMARY")
        title = clean_text(str(summary)) if summary is not None else None
        if title is None:
            title = "Untitled"
            self.notice("the event has no SUMMARY: its title is 'Untitled'", event.line, f"{path}.title")
            self.guessed[f"{path}.title"] = "the event has no SUMMARY"
        event.session["title"] = {self.locale: title}
        language = getattr(summary, "params", {}).get("LANGUAGE") if summary is not None else None
        if isinstance(language, str) and check_bcp47(language) is None:
            event.session["language"] = language
        else:
            event.session["language"] = self.locale
            self.guessed[f"{path}.language"] = "the event does not say its language: the calendar's locale"

    def _status(self, event: Event) -> None:
        status = str(event.source.get("STATUS", "")).upper()
        if status == "CANCELLED":
            event.session["status"] = "cancelled"
        elif status == "TENTATIVE":
            event.session["status"] = "postponed"
            self.guessed[f"{event.path}.status"] = "STATUS:TENTATIVE: the time may not hold"

    def _tags(self, event: Event) -> None:
        tags: list[str] = []
        for group in listed(event.source.get("CATEGORIES")):
            for category in getattr(group, "cats", []):
                label = clean_text(str(category))
                if label is not None and (tag := self.tag(label)) not in tags:
                    tags.append(tag)
        if tags:
            event.session["tags"] = tags

    def _revision(self, event: Event) -> None:
        """``SEQUENCE`` and ``LAST-MODIFIED``."""
        sequence = event.source.get("SEQUENCE")
        if sequence is not None:
            try:
                number = int(sequence)
            except (TypeError, ValueError):
                number = -1
            if 0 < number <= 2**31 - 1:
                event.session["sequence"] = number
            elif number != 0:
                event.extra.append(f"SEQUENCE: {sequence}")
                message = f"SEQUENCE {str(sequence)!r} is not a revision number: kept in the description"
                self.notice(message, event.line)
        modified = event.source.decoded("LAST-MODIFIED", None)
        if isinstance(modified, dt.datetime) and modified.tzinfo is not None and not check_moment(modified):
            event.session["updated"] = modified.astimezone(dt.UTC).isoformat()

    def _leftovers(self, event: Event) -> None:
        """Any other property into the description; components inside the event (alarms) named."""
        source = event.source
        leftovers = [key for key in source if key not in _PLACED and key not in _IGNORED]
        for key in leftovers:
            for value in listed(source.get(key)):
                shown = (
                    value.to_ical().decode("utf-8", "replace") if hasattr(value, "to_ical") else str(value)
                )
                event.extra.append(f"{key}: {shown}")
        if leftovers:
            self.notice(
                f"kept in the description, as sessionfeed has no field for them: {', '.join(leftovers)}",
                event.line,
                f"{event.path}.description",
            )
        if source.subcomponents:
            names = sorted({c.name for c in source.subcomponents})
            self.notice(
                f"left out: {', '.join(names)} (reminders are each subscriber's own)", event.line, event.path
            )

    def _links(self, event: Event) -> None:
        page = event.source.get("URL")
        if page is None:
            return
        if (url := url_or_none(str(page))) is not None:
            event.session["links"] = {"page": url}
        else:
            event.extra.append(f"URL: {page}")
            self.notice(f"URL {str(page)!r} is not an http(s) URL: kept in the description", event.line)

    def _location(self, event: Event) -> None:
        """``LOCATION`` (a URL or ``Online (platform)``: online; else a venue) and ``CONFERENCE``."""
        online: dict[str, Any] | None = None
        venue: dict[str, Any] | None = None
        where = event.source.get("LOCATION")
        text = clean_text(str(where)) if where is not None else None
        if text is not None:
            text = text.strip()
            online_match = _ONLINE.fullmatch(text) or _ONLINE_NESTED.fullmatch(text)
            if (url := url_or_none(text)) is not None:
                online = {"url": url}
            elif online_match is not None:
                platform = clean_text(online_match["platform"] or "")
                online = {"platform": platform} if platform else {}
                if online_match.groupdict().get("venue"):
                    venue = {"name": online_match["venue"]}
                both = " and at a venue" if venue else ""
                self.guessed[f"{event.path}.location"] = f"LOCATION {text!r} read as online{both}"
            else:
                venue = {"name": text}
        for conference in listed(event.source.get("CONFERENCE")):
            url = url_or_none(str(conference))
            if url is None:
                event.extra.append(f"CONFERENCE: {conference}")
                continue
            if online is None:
                online = {}
            if "url" not in online:
                online["url"] = url
            elif online["url"] != url:
                event.extra.append(f"CONFERENCE: {url}")
        if place := location(online, venue):
            event.session["location"] = place

    def _attachments(self, event: Event) -> None:
        """The first ``ATTACH`` URL is the recording (guessed); ``IMAGE`` the image."""
        for i, attach in enumerate(listed(event.source.get("ATTACH"))):
            url = url_or_none(str(attach))
            if i == 0 and url is not None:
                recording: dict[str, Any] = {"url": url}
                media_type = getattr(attach, "params", {}).get("FMTTYPE")
                if isinstance(media_type, str) and _MEDIA_TYPE.fullmatch(media_type):
                    recording["media_type"] = media_type
                event.session["recording"] = recording
                self.guessed[f"{event.path}.recording"] = "the event's ATTACH, taken for its recording"
            else:
                event.extra.append(f"ATTACH: {url or '(not a URL)'}")
                self.notice("an ATTACH beyond the first, or not a URL: kept in the description", event.line)
        image = event.source.get("IMAGE")
        if image is not None:
            if (url := url_or_none(str(image))) is not None:
                event.session["image"] = url
            else:
                event.extra.append(f"IMAGE: {image}")

    def _people(self, event: Event) -> None:
        """``ORGANIZER`` a host, ``ATTENDEE`` with ``ROLE=CHAIR`` a moderator, other participants speakers."""
        roles: dict[str, list[str]] = {}

        def add(role: str, address: Any, why: str | None) -> None:
            found = self._person(address)
            if found is None:
                self.notice(f"a {role} with neither a name nor an address: left out", event.line, event.path)
                return
            ident, guessed_name = found
            if guessed_name:
                self.guessed[f"people.{ident}.name"] = "no CN: the name is the address's local part"
            ids = roles.setdefault(f"{role}s", [])
            if ident not in ids:
                ids.append(ident)
                if why:
                    self.guessed[f"{event.path}.{role}s"] = why

        organizer = event.source.get("ORGANIZER")
        if organizer is not None:
            add("host", organizer, "the event's ORGANIZER")
        for attendee in listed(event.source.get("ATTENDEE")):
            role = str(getattr(attendee, "params", {}).get("ROLE", "REQ-PARTICIPANT")).upper()
            if role == "CHAIR":
                add("moderator", attendee, None)
            elif role == "NON-PARTICIPANT":
                self.notice(
                    f"an ATTENDEE with ROLE={role} is not a participant: left out", event.line, event.path
                )
            else:
                add("speaker", attendee, f"ATTENDEE with ROLE={role}")
        event.session |= roles
