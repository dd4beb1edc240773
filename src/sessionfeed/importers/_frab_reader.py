"""The events of a frab/c3voc schedule read into sessions of a programme file (the ``frab`` importer)."""

from __future__ import annotations

import datetime as dt
import json
import re
import zoneinfo
from typing import Any

from sessionfeed.importers import _values
from sessionfeed.importers._common import day_value
from sessionfeed.importers._values import Event, clean_text, location, slug, url_or_none
from sessionfeed.model.checks import check_bcp47, check_id, check_moment
from sessionfeed.model.programme import BUILTIN_KINDS


__all__ = ["Reader", "is_empty", "text_of"]

_DURATION = re.compile(r"(\d{1,6}):(\d{2})(?::(\d{2}))?")
_ONLINE = "Online"
_ONLINE_ROOM_TYPES = ("online", "bbb")
#: Event fields this importer places (or that only name the event in its source), read by :class:`Reader`.
_PLACED = frozenset(
    {
        "guid", "id", "code", "date", "start", "end", "duration", "room", "slug", "url", "title",
        "subtitle", "track", "type", "language", "abstract", "description", "persons", "links",
        "attachments", "feedback_url", "origin_url", "recording_license",
    },
)  # fmt: skip
#: Event fields that say nothing about the session itself, when empty or false: nothing to keep.
_EMPTY_OK = frozenset({"logo", "answers"})
#: Event flags for the people who record and stream, which a programme has no place for: named in a notice.
_FLAGS = ("do_not_record", "do_not_stream")


def text_of(value: Any) -> str | None:
    return clean_text(value) if isinstance(value, str) else None


def is_empty(value: Any) -> bool:
    return value in (None, "", False, [], {})


def _parse_moment(value: Any) -> dt.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is None or check_moment(moment) is not None:
        return None
    return moment


class Reader(_values.Reader):
    """Reads the events of one schedule into the dict shape of a programme file."""

    def __init__(self, locale: str, zone: zoneinfo.ZoneInfo, prefix: str, kind: str) -> None:
        super().__init__(locale, kind)
        self.zone = zone
        self.prefix = prefix
        self.flagged: dict[str, list[str]] = {flag: [] for flag in _FLAGS}

    def person(self, data: dict[str, Any], event: Event) -> str | None:
        name = text_of(data.get("public_name")) or text_of(data.get("name"))
        if name is None:
            return None
        key = str(data.get("guid") or data.get("code") or data.get("id") or name)
        ident = self.person_keys.get(key)
        if ident is not None:
            return ident
        ident = self.person_keys[key] = self.person_ids.make(name, "person")
        person: dict[str, Any] = {"name": name}
        if (url := url_or_none(data.get("url"))) is not None:
            person["url"] = url
        self.people[ident] = person
        biography = text_of(data.get("biography"))
        if biography is not None:
            event.extra.append(f"About {name}: {biography}")
            self.notice(
                f"the biography of {name} is kept in the description", event.line, f"{event.path}.description"
            )
        for key_name in sorted(k for k in data if k in ("avatar", "links") and not is_empty(data[k])):
            self.notice(
                f"the {key_name} of {name} is not kept: a person has no place for it", event.line, event.path
            )
        return ident

    def when(self, event: Event) -> Any:
        source, path, line = event.source, f"{event.path}.when", event.line
        start = _parse_moment(source.get("date"))
        if start is None:
            self.notice(
                f"the event's date {source.get('date')!r} is not a date and time: left unknown", line, path
            )
            if source.get("date") is not None:
                event.extra.append(f"Date: {source.get('date')}")
            return None
        end = _parse_moment(source.get("end"))
        if end is None:
            match = _DURATION.fullmatch(str(source.get("duration", "")))
            if match is not None:
                length = dt.timedelta(hours=int(match[1]), minutes=int(match[2]), seconds=int(match[3] or 0))
                end = start + length
        start = start.astimezone(self.zone)
        if end is None or end <= start or check_moment(end) is not None:
            self.notice("the event has no end after its start: its date is left unknown", line, path)
            event.extra.append(f"Date: {source.get('date')}")
            return None
        end = end.astimezone(self.zone)
        if start.time() == end.time() == dt.time():  # midnight to midnight
            last = end.date() - dt.timedelta(days=1)
            if last >= start.date():
                self.guessed[path] = "from midnight to midnight: whole days"
                return day_value(start.date(), last)
        return {"start": start.isoformat(), "end": end.isoformat(), "timezone": self.zone.key}

    def _title(self, event: Event) -> str:
        path = f"{event.path}.title"
        title = text_of(event.source.get("title"))
        if title is None:
            title = "Untitled"
            self.notice("the event has no title: it is 'Untitled'", event.line, path)
            self.guessed[path] = "the event has no title"
        subtitle = text_of(event.source.get("subtitle"))
        if subtitle is not None:
            title = f"{title}: {subtitle}"
            self.guessed[path] = "the title and the subtitle, joined"
        return title

    def _ident(self, event: Event, title: str) -> str:
        raw_slug = event.source.get("slug")
        if isinstance(raw_slug, str):
            candidate = raw_slug.removeprefix(self.prefix + "-") if self.prefix else raw_slug
            if self.session_ids.take(candidate):
                return candidate
        basis = raw_slug if isinstance(raw_slug, str) else str(event.source.get("guid") or title)
        return self.session_ids.make(basis, "session")

    def _kind_and_language(self, event: Event) -> None:
        session, path = event.session, event.path
        kind = text_of(event.source.get("type"))
        kind_id = slug(kind, "kind") if kind else self.kind
        if kind is None:
            self.guessed[f"{path}.kind"] = "the event has no type"
        elif kind_id not in BUILTIN_KINDS and check_id(kind_id) is None:
            self.kinds.setdefault(kind_id, {"label": {self.locale: kind}})
        session["kind"] = kind_id
        session["title"] = {self.locale: self._title(event)}
        language = event.source.get("language")
        if isinstance(language, str) and check_bcp47(language) is None:
            session["language"] = language
        else:
            session["language"] = self.locale
            self.guessed[f"{path}.language"] = "the event does not say its language"
            if language not in (None, ""):
                event.extra.append(f"Language: {language}")

    def _speakers(self, event: Event) -> None:
        speakers: list[str] = []
        persons = event.source.get("persons")
        for person in persons if isinstance(persons, list) else []:
            ident = self.person(person, event) if isinstance(person, dict) else None
            if ident is None:
                self.notice("a person without a name: left out", event.line, event.path)
            elif ident not in speakers:
                speakers.append(ident)
        if speakers:
            event.session["speakers"] = speakers
            self.guessed[f"{event.path}.speakers"] = "the schedule lists persons without their roles"

    def _kept(self, event: Event) -> None:
        """Put the fields the model has no place for into the description, and say so."""
        source, extra = event.source, event.extra
        page = event.session.get("links", {}).get("page")
        for name, label in (("feedback_url", "Feedback"), ("origin_url", "Source")):
            value = text_of(source.get(name))
            if value is not None and value != page:
                extra.append(f"{label}: {value}")
                self.notice(f"the {name} is kept in the description", event.line, f"{event.path}.description")
        licence = text_of(source.get("recording_license"))
        if licence is not None:
            extra.append(f"Recording licence: {licence}")
        for flag in _FLAGS:
            if source.get(flag) is True:
                self.flagged[flag].append(event.path)
        unknown = sorted(
            k
            for k in source
            if k not in _PLACED
            and not (k in _EMPTY_OK and is_empty(source[k]))
            and not (k in _FLAGS and isinstance(source[k], bool))
        )
        for key in unknown:
            extra.append(f"{key}: {json.dumps(source[key], ensure_ascii=False)}")
        if unknown:
            self.notice(
                f"kept in the description: {', '.join(unknown)}", event.line, f"{event.path}.description"
            )

    def event(self, source: dict[str, Any], room: dict[str, Any] | None, line: int | None) -> None:
        event = Event(source=source, line=line, path=f"sessions[{len(self.sessions)}]", room=room)
        event.session["id"] = ""  # the first key; set below, once the title is known
        self._kind_and_language(event)
        event.session["id"] = self._ident(event, event.session["title"][self.locale])
        when = self.when(event)
        if when is not None:
            event.session["when"] = when
        self._place(event)
        track = text_of(source.get("track"))
        if track is not None:
            event.session["tags"] = [self.tag(track)]
        self._speakers(event)
        self._kept(event)
        texts = [t for t in (text_of(source.get("abstract")), text_of(source.get("description"))) if t]
        if event.extra:
            texts.append("\n".join(event.extra))
        if texts:
            event.session["description"] = {self.locale: "\n\n".join(texts)}
        self.sessions.append(event.session)

    def _links(
        self, event: Event, online: dict[str, Any] | None, venue: dict[str, Any] | None
    ) -> dict[str, Any] | None:
        """Place the links and attachments; return the online place, with its URL when one is given."""
        session, links = event.session, {}
        page = url_or_none(event.source.get("url"))
        if page is not None and not re.fullmatch(r".*#" + re.escape(session["id"]), page):
            links["page"] = page
        found = event.source.get("links")
        attachments = event.source.get("attachments")
        listed = [
            *(found if isinstance(found, list) else []),
            *(attachments if isinstance(attachments, list) else []),
        ]
        for link in listed:
            if not isinstance(link, dict):
                continue
            url = url_or_none(link.get("url"))
            title = link.get("title")
            if url is None:
                event.extra.append(f"{text_of(title) or 'Link'}: {link.get('url')}")
            elif link.get("type") == "media" and "recording" not in session:
                session["recording"] = {"url": url}
            elif title == "registration" and "registration" not in links:
                links["registration"] = url
            elif (
                title == "online"
                and (online is not None or venue is not None)
                and "url" not in (online or {})
            ):
                online = {**(online or {}), "url": url}
            elif title == "venue" and venue is not None and "url" not in venue:
                venue["url"] = url
            else:
                event.extra.append(f"{text_of(title) or 'Link'}: {url}")
                self.notice(
                    f"the link {url} is kept in the description", event.line, f"{event.path}.description"
                )
        if links:
            session["links"] = links
        return online

    def _place(self, event: Event) -> None:
        room_name = text_of(event.source.get("room"))
        online: dict[str, Any] | None = None
        venue: dict[str, Any] | None = None
        if room_name is not None:
            if (event.room or {}).get("type") in _ONLINE_ROOM_TYPES or room_name == _ONLINE:
                online = {} if room_name == _ONLINE else {"platform": room_name}
            else:
                venue = {"name": room_name}
        if place := location(self._links(event, online, venue), venue):
            event.session["location"] = place
