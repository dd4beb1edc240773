"""Read programmes from TOML files and plain dicts, reporting every problem at once.

The dict shape is the TOML shape (see ``docs/file-format.md``); values may be
TOML's own dates and times or ISO 8601 strings, so JSON works too. Every
problem is collected with its field path, then raised as one
:class:`~sessionfeed.exceptions.ProgrammeError`; when the data came from a
file, each problem also names the file and, where it can be found, the line.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import os
import re
import sys
import tomllib
import zoneinfo
from collections.abc import Callable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

import attrs

from sessionfeed._checks import (
    LAST_DAY,
    Collector,
    check_duration,
    check_locale,
    check_moment,
    check_published,
    check_timezone,
    plain_text_problem,
    shown,
)
from sessionfeed._model import (
    BUILTIN_KINDS,
    AllDay,
    Contact,
    Kind,
    Links,
    Location,
    Month,
    Online,
    Organisation,
    Participation,
    Person,
    Programme,
    Recording,
    Role,
    Session,
    Status,
    Tag,
    Timed,
    Unknown,
    Venue,
    When,
)
from sessionfeed._model import Address as _Address
from sessionfeed._text import LocalizedText
from sessionfeed._toml_lines import MAX_NESTING, LineIndex
from sessionfeed.exceptions import Problem, ProgrammeError


__all__ = ["load", "load_toml_text", "programme_from_dict"]

T = TypeVar("T")

_PROGRAMME_KEYS = {
    "id", "title", "intro", "base_url", "locales", "untranslated_locales", "timezone", "organisers", "image",
    "contact", "free", "currency", "color", "updated", "refresh", "organisations",
    "people", "tags", "kinds", "sessions",
}  # fmt: skip
_ROLE_KEYS = {role.plural: role for role in Role}
_SESSION_KEYS = {
    "id", "kind", "title", "description", "language", "when", "location", "status",
    "previous_start", "organisers", "supporters", "tags", "links", "recording", "image",
    "announced", "updated", "sequence", *_ROLE_KEYS,
}  # fmt: skip
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_DURATION = re.compile(
    r"P(?:(?P<days>\d+)D)?(?:T(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?(?:(?P<seconds>\d+(?:[.,]\d+)?)S)?)?",
)
_UNKNOWN_WORDS = {"unknown", "tba", "tbd"}
# Valid values put in place of fields that failed, so that the rest can still be checked.
_TEXT = LocalizedText({"en": "x"})
_PROGRAMME_STAND_INS: dict[str, Any] = {
    "id": "x", "title": _TEXT, "base_url": "https://example.invalid/", "locales": (),
}  # fmt: skip
_SESSION_STAND_INS: dict[str, Any] = {
    "id": "x", "kind": "webinar", "title": _TEXT, "language": "en", "when": Unknown(), "links": Links(),
    "previous_start": dt.date(2000, 1, 1),
}  # fmt: skip


class _Reader:
    """One pass over a programme dict; problems go to ``self.c``."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.c = Collector()
        self.data = data
        self.listed: tuple[str, ...] = ()  # the locales the file lists
        self.locales: tuple[str, ...] = ()  # those of them that are valid
        self.zone = "Europe/Amsterdam"
        self.orgs: dict[str, Organisation] = {}
        self.people: dict[str, Person] = {}
        self.tags: dict[str, Tag] = {}
        self.kinds: set[str] = set(BUILTIN_KINDS)
        # Ids that are defined but could not be read (their problems are reported):
        # a reference to one is not "unknown".
        self.faulty: dict[str, set[str]] = {what: set() for what in ("organisation", "person", "tag", "kind")}

    # ------------------------------------------------------------ helpers

    def problem(self, path: str, message: str) -> None:
        self.c.add(path, message)

    def build(
        self,
        path: str,
        factory: Callable[..., T],
        stand_ins: Mapping[str, Any] | None = None,
        /,
        **fields: Any,
    ) -> T | None:
        """Call a model constructor, recording its problems under ``path``.

        A field named in ``stand_ins`` that is ``None`` failed already, and its
        problem is recorded: a valid stand-in takes its place, so that the
        constructor reports the problems of the other fields too, all at once,
        but then nothing is built.
        """
        stand_ins = stand_ins or {}
        failed = {k for k, v in fields.items() if v is None and k in stand_ins}
        try:
            made = factory(**{**fields, **{k: stand_ins[k] for k in failed}})
        except ProgrammeError as error:
            kept = [p for p in error.problems if p.path.split(".")[0].split("[")[0] not in failed]
            self.c.extend(ProgrammeError(kept), path)
            return None
        return None if failed else made

    def keys(self, path: str, value: Mapping[str, Any], allowed: set[str]) -> None:
        for key in value:
            if key not in allowed:
                close = difflib.get_close_matches(str(key), sorted(allowed), n=1)
                known = f"; known fields: {', '.join(sorted(allowed))}"
                hint = f"; did you mean {close[0]!r}?" if close else known
                self.problem(_join(path, str(key)), f"unknown field{hint}")

    def table(self, path: str, value: object) -> Mapping[str, Any] | None:
        if isinstance(value, Mapping):
            return value
        self.problem(path, f"must be a table (key = value pairs), not {_kind(value)}")
        return None

    def string(self, path: str, value: object, *, required: bool = False) -> str | None:
        if value is None:
            if required:
                self.problem(path, "is required")
            return None
        if not isinstance(value, str):
            self.problem(path, f"must be text, not {_kind(value)}")
            return None
        return value

    def text(self, path: str, value: object, *, required: bool = False) -> LocalizedText | None:
        """A plain string (the same in every locale) or a table of locale to text."""
        if value is None:
            if required:
                self.problem(path, "is required")
            return None
        if isinstance(value, str):
            # The same text in each locale. It is checked here, once, where it is
            # written; a faulty locale is reported at 'locales' alone.
            problem = plain_text_problem(value)
            if problem is not None:
                self.problem(path, problem)
                return None
            return LocalizedText(dict.fromkeys(self.locales or ("und",), value))
        if isinstance(value, Mapping):
            ok = True
            for locale, text in value.items():
                if not isinstance(text, str):
                    self.problem(f"{path}.{locale}", f"must be text, not {_kind(text)}")
                    ok = False
                elif self.listed and locale not in self.listed:
                    self.problem(f"{path}.{locale}", str(check_published(locale, self.listed)))
                    ok = False
                elif self.listed and locale not in self.locales:
                    ok = False  # a faulty locale: reported at 'locales' alone
            return LocalizedText(dict(value)) if ok else None
        self.problem(path, f"must be text or a table of texts per locale, not {_kind(value)}")
        return None

    def ids(self, path: str, value: object) -> list[tuple[int, str]]:
        """The ids of a list with the index of each in the list."""
        if value is None:
            return []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.problem(path, f"must be a list of ids, not {_kind(value)}")
            return []
        out = []
        for i, item in enumerate(value):
            if isinstance(item, str):
                out.append((i, item))
            else:
                self.problem(f"{path}[{i}]", f"must be an id (text), not {_kind(item)}")
        return out

    def refs(self, path: str, value: object, known: Mapping[str, T], what: str) -> list[T]:
        """The definitions a list of ids refers to, each once."""
        out = []
        first: dict[str, int] = {}
        for i, ident in self.ids(path, value):
            if ident in first:
                earlier = f"{path.rsplit('.', 1)[-1]}[{first[ident]}]"
                self.problem(f"{path}[{i}]", f"{ident!r} is listed already at {earlier}; remove this one")
                continue
            first[ident] = i
            found = self.ref(f"{path}[{i}]", ident, known, what)
            if found is not None:
                out.append(found)
        return out

    def ref(self, path: str, ident: str, known: Mapping[str, T], what: str) -> T | None:
        """The definition ``ident`` refers to; None when it is unknown or faulty."""
        if ident in known:
            return known[ident]
        if ident not in self.faulty[what]:
            self.problem(path, _unknown_ref(ident, known, what))
        return None

    def datetime(self, path: str, value: object, zone: str) -> dt.datetime | None:
        """A local date-time in ``zone``, or one with an offset (kept as that instant)."""
        if isinstance(value, str):
            try:
                value = dt.datetime.fromisoformat(value)
            except ValueError:
                self.problem(path, f"{value!r} is not a date and time like 2026-03-12T14:00:00")
                return None
        if not isinstance(value, dt.datetime):
            self.problem(path, f"must be a date and time like 2026-03-12T14:00:00, not {_kind(value)}")
            return None
        # The model's rule, checked here already on the value as written, since
        # placing one out of range in a zone could overflow (the model checks the
        # instant it becomes).
        problem = check_moment(value)
        if problem is not None:
            self.problem(path, problem)
            return None
        return _localise(self, path, value, zone)

    # ------------------------------------------------------------ programme

    def programme(self) -> Programme | None:
        data = self.data
        self.keys("", data, _PROGRAMME_KEYS)
        listed = self.read_locales(data.get("locales"))
        self.listed = listed or ()
        self.locales = tuple(locale for locale in self.listed if check_locale(locale) is None)
        zone = self.string("timezone", data.get("timezone"))
        if zone is not None:
            problem = check_timezone(zone)
            if problem:
                self.problem("timezone", problem)
            else:
                self.zone = zone
        self.read_organisations(data.get("organisations", {}))
        self.read_people(data.get("people", {}))
        self.read_tags(data.get("tags", {}))
        kinds = self.read_kinds(data.get("kinds", {}))
        sessions = self.read_sessions(data.get("sessions", []))
        fields: dict[str, Any] = {
            "id": self.string("id", data.get("id"), required=True),
            "title": self.text("title", data.get("title"), required=True),
            "intro": self.text("intro", data.get("intro")),
            "base_url": self.string("base_url", data.get("base_url"), required=True),
            "locales": listed,
            "untranslated_locales": self.read_locales(
                data.get("untranslated_locales", []), "untranslated_locales", "['de']",
            ),
            "timezone": self.zone,
            "sessions": sessions,
            "people": tuple(self.people.values()),
            "organisations": tuple(self.orgs.values()),
            "organisers": self.refs("organisers", data.get("organisers"), self.orgs, "organisation"),
            "tags": tuple(self.tags.values()),
            "kinds": kinds,
            "image": self.string("image", data.get("image")),
            "contact": self.read_contact(data.get("contact")),
            "color": self.string("color", data.get("color")),
        }
        if "free" in data:
            fields["free"] = data["free"]
        if "currency" in data and self.string("currency", data["currency"]) is not None:
            fields["currency"] = data["currency"]
        if "updated" in data:
            fields["updated"] = self.datetime("updated", data["updated"], self.zone)
        if "refresh" in data:
            refresh = _duration(self, "refresh", data["refresh"])
            if refresh is not None:
                fields["refresh"] = refresh
        if fields["untranslated_locales"] is None:
            fields["untranslated_locales"] = ()
        if self.c.problems or any(fields[k] is None for k in _PROGRAMME_STAND_INS):
            # Still check the programme's own fields, without the sessions whose
            # problems are reported already (their indexes would be off).
            self.build("", Programme, _PROGRAMME_STAND_INS, **{**fields, "sessions": ()})
            return None
        return self.build("", Programme, **fields)

    def read_locales(
        self, value: object, path: str = "locales", example: str = "['nl', 'en']"
    ) -> tuple[str, ...] | None:
        if value is None:
            self.problem(path, f"is required: the locales to publish, e.g. {example}")
            return None
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(path, f"must be a list of locales, e.g. {example}")
            return None
        return tuple(value)

    def read_organisations(self, value: object) -> None:
        table = self.table("organisations", value)
        if table is None:
            return
        raw: dict[str, Mapping[str, Any]] = {}
        for ident, entry in table.items():
            path = f"organisations.{ident}"
            body = self.table(path, entry)
            if body is not None:
                self.keys(path, body, {"name", "short_name", "url", "parent"})
                raw[ident] = body
            self.faulty["organisation"].add(ident)  # until it is built
        # Parents first, so that children can refer to them whatever the order in the file.
        building: set[str] = set()

        def make(ident: str) -> Organisation | None:
            if ident in self.orgs:
                return self.orgs[ident]
            if ident in building:
                self.problem(f"organisations.{ident}.parent", "makes a cycle of parents")
                return None
            building.add(ident)
            body = raw[ident]
            path = f"organisations.{ident}"
            parent = None
            parent_id = self.string(f"{path}.parent", body.get("parent"))
            if parent_id is not None:
                if parent_id in raw:
                    parent = make(parent_id)
                elif parent_id not in self.faulty["organisation"]:
                    self.problem(f"{path}.parent", _unknown_ref(parent_id, raw, "organisation"))
            org = self.build(
                path,
                Organisation,
                {"name": _TEXT},
                id=ident,
                name=self.text(f"{path}.name", body.get("name"), required=True),
                short_name=self.string(f"{path}.short_name", body.get("short_name")),
                url=self.string(f"{path}.url", body.get("url")),
                parent=parent,
            )
            if org is not None:
                self.orgs[ident] = org
                self.faulty["organisation"].discard(ident)
            return org

        for ident in raw:
            make(ident)
        # Keep the order of the file, not the order parents were built in.
        self.orgs = {ident: self.orgs[ident] for ident in raw if ident in self.orgs}

    def read_people(self, value: object) -> None:
        table = self.table("people", value)
        if table is None:
            return
        for ident, entry in table.items():
            path = f"people.{ident}"
            body = self.table(path, entry)
            if body is None:
                self.faulty["person"].add(ident)
                continue
            self.keys(path, body, {"name", "affiliation", "url", "job_title", "same_as"})
            affiliation = None
            org_id = self.string(f"{path}.affiliation", body.get("affiliation"))
            if org_id is not None:
                affiliation = self.ref(f"{path}.affiliation", org_id, self.orgs, "organisation")
            same_as = body.get("same_as", [])
            if not isinstance(same_as, list):
                self.problem(f"{path}.same_as", "must be a list of URLs")
                same_as = []
            person = self.build(
                path,
                Person,
                {"name": "x"},
                id=ident,
                name=self.string(f"{path}.name", body.get("name"), required=True),
                affiliation=affiliation,
                url=self.string(f"{path}.url", body.get("url")),
                job_title=self.text(f"{path}.job_title", body.get("job_title")),
                same_as=tuple(same_as),
            )
            if person is not None:
                self.people[ident] = person
            else:
                self.faulty["person"].add(ident)

    def _labelled(self, section: str, value: object, factory: type[T], what: str) -> list[T]:
        table = self.table(section, value)
        out: list[T] = []
        for ident, entry in (table or {}).items():
            path = f"{section}.{ident}"
            label: object = entry
            if isinstance(entry, Mapping) and "label" in entry:
                self.keys(path, entry, {"label"})
                label = entry["label"]
                path = f"{path}.label"
            item = self.build(
                f"{section}.{ident}",
                factory,
                {"label": _TEXT},
                id=ident,
                label=self.text(path, label, required=True),
            )
            if item is not None:
                out.append(item)
            else:
                self.faulty[what].add(ident)
        return out

    def read_tags(self, value: object) -> None:
        self.tags = {tag.id: tag for tag in self._labelled("tags", value, Tag, "tag")}

    def read_kinds(self, value: object) -> tuple[Kind, ...]:
        kinds = tuple(self._labelled("kinds", value, Kind, "kind"))
        self.kinds |= {k.id for k in kinds}
        return kinds

    def read_contact(self, value: object) -> Contact | None:
        if value is None:
            return None
        body = self.table("contact", value)
        if body is None:
            return None
        self.keys("contact", body, {"name", "email", "url"})
        return self.build(
            "contact",
            Contact,
            **{k: self.string(f"contact.{k}", body.get(k)) for k in ("name", "email", "url")},
        )

    # ------------------------------------------------------------ sessions

    def read_sessions(self, value: object) -> tuple[Session, ...]:
        if not isinstance(value, list):
            self.problem("sessions", "must be a list of sessions ([[sessions]] tables)")
            return ()
        out = []
        seen: dict[str, int] = {}
        for i, entry in enumerate(value):
            body = self.table(f"sessions[{i}]", entry)
            if body is None:
                continue
            ident = body.get("id")
            if isinstance(ident, str):
                if ident in seen:
                    self.problem(
                        f"sessions[{i}].id",
                        f"{ident!r} is used already by sessions[{seen[ident]}]; ids must be unique",
                    )
                seen.setdefault(ident, i)
            session = self.read_session(f"sessions[{i}]", body)
            if session is not None:
                out.append(session)
        return tuple(out)

    def read_session(self, path: str, body: Mapping[str, Any]) -> Session | None:
        self.keys(path, body, _SESSION_KEYS)
        fields: dict[str, Any] = {
            "id": self.string(f"{path}.id", body.get("id"), required=True),
            "kind": self.string(f"{path}.kind", body.get("kind"), required=True),
            "title": self.text(f"{path}.title", body.get("title"), required=True),
            "description": self.text(f"{path}.description", body.get("description")),
            "language": self.string(f"{path}.language", body.get("language"), required=True),
            "when": self.read_when(f"{path}.when", body.get("when")),
            "location": self.read_location(f"{path}.location", body.get("location")),
            "organisers": self.refs(f"{path}.organisers", body.get("organisers"), self.orgs, "organisation"),
            "supporters": self.refs(f"{path}.supporters", body.get("supporters"), self.orgs, "organisation"),
            "participants": self.read_participants(path, body),
            "tags": self.refs(f"{path}.tags", body.get("tags"), self.tags, "tag"),
            "links": self.read_links(f"{path}.links", body.get("links")),
            "recording": self.read_recording(f"{path}.recording", body.get("recording")),
            "image": self.string(f"{path}.image", body.get("image")),
        }
        kind = fields["kind"]
        if kind is not None and kind not in self.kinds and kind not in self.faulty["kind"]:
            self.problem(
                f"{path}.kind",
                f"unknown kind {kind!r}; use one of {', '.join(sorted(self.kinds))} "
                "or declare it under [kinds]",
            )
        fields["status"] = body.get("status", Status.SCHEDULED)
        zone = fields["when"].timezone if isinstance(fields["when"], Timed) else self.zone
        if "previous_start" in body:
            prev = body["previous_start"]
            if isinstance(prev, str) and len(prev.strip()) == 10:  # a date, as to_dict() writes it
                prev = _date_or_time(prev) or prev
            if isinstance(prev, dt.date) and not isinstance(prev, dt.datetime):
                fields["previous_start"] = prev
            else:
                fields["previous_start"] = self.datetime(f"{path}.previous_start", prev, zone)
        for name in ("announced", "updated"):
            if name in body:
                fields[name] = self.datetime(f"{path}.{name}", body[name], zone)
        if "sequence" in body:
            fields["sequence"] = body["sequence"]
        return self.build(path, Session, _SESSION_STAND_INS, **fields)

    def read_participants(self, path: str, body: Mapping[str, Any]) -> list[Participation]:
        out = []
        for key, role in _ROLE_KEYS.items():
            for person in self.refs(f"{path}.{key}", body.get(key), self.people, "person"):
                out.append(Participation(person=person, role=role))
        return out

    def read_when(self, path: str, value: object) -> When | None:
        if value is None or (isinstance(value, str) and value.lower() in _UNKNOWN_WORDS):
            return Unknown()
        if isinstance(value, dt.datetime):
            self.problem(
                path,
                "a single date and time has no end; write "
                "{ start = 2026-03-12T14:00:00, end = 2026-03-12T15:30:00 }",
            )
            return None
        if isinstance(value, dt.date):
            return self.build(path, AllDay, start=value, end=value)
        if isinstance(value, str):
            month = _MONTH.fullmatch(value)
            if month:
                try:
                    return Month(year=int(month[1]), month=int(month[2]))
                except ProgrammeError as error:
                    # Both parts are written in one value: say what is wrong there.
                    for problem in error.problems:
                        self.problem(path, f"{value!r} is not a month: its {problem.path} {problem.message}")
                    return None
            try:
                day = dt.date.fromisoformat(value)
            except ValueError:
                self.problem(
                    path,
                    f"{value!r} is not a date: write '2023-12' for a month, 2026-03-12 for a day, "
                    "a { start, end } table for a time or a range, or 'tba' when it is not known",
                )
                return None
            return self.build(path, AllDay, start=day, end=day)
        body = self.table(path, value)
        if body is None:
            return None
        self.keys(path, body, {"start", "end", "duration", "timezone"})
        return self.read_span(path, body)

    def read_span(self, path: str, body: Mapping[str, Any]) -> When | None:
        start, end = _date_or_time(body.get("start")), _date_or_time(body.get("end"))
        unreadable = False
        for name, value, hint in (("start", start, ""), ("end", end, " or a time (15:30:00)")):
            given = body.get(name)
            if given is not None and value is None:
                what = f"a date (2026-05-04), a date and time (2026-05-04T14:00:00){hint}"
                wrong = (
                    f"{given!r} is not {what}"
                    if isinstance(given, str)
                    else f"must be {what}, not {_kind(given)}"
                )
                self.problem(f"{path}.{name}", wrong)
                unreadable = True
        if unreadable:
            return None
        if start is None:
            self.problem(f"{path}.start", "is required: a date (2026-05-04) or a date and time")
            return None
        if isinstance(start, dt.date) and not isinstance(start, dt.datetime):
            if "timezone" in body or "duration" in body:
                self.problem(path, "'timezone' and 'duration' go with a start time, not a date")
            if end is None:
                end = start
            if not isinstance(end, dt.date) or isinstance(end, dt.datetime):
                self.problem(f"{path}.end", "must be a date, like start")
                return None
            return self.build(path, AllDay, start=start, end=end)
        zone = self.zone
        if "timezone" in body:
            given = self.string(f"{path}.timezone", body["timezone"])
            problem = check_timezone(given)
            if problem:
                self.problem(f"{path}.timezone", problem)
                return None
            zone = str(given)
        begin = self.datetime(f"{path}.start", start, zone)
        if begin is None:
            return None
        finish: dt.datetime | None
        if "duration" in body:
            if end is not None:
                self.problem(f"{path}.duration", "give 'end' or 'duration', not both")
                return None
            length = _duration(self, f"{path}.duration", body["duration"])
            if length is None:
                return None
            problem = check_duration(length)
            if problem is not None:
                self.problem(f"{path}.duration", problem)
                return None
            # The start must be in range as an instant before a duration is added to it.
            problem = check_moment(begin)
            if problem is not None:
                self.problem(f"{path}.start", problem)
                return None
            # Elapsed time: across a DST change the wall clock moves by the offset change.
            try:
                finish = (begin.astimezone(dt.UTC) + length).astimezone(begin.tzinfo)
            except OverflowError:
                self.problem(
                    f"{path}.duration",
                    f"makes the session end after {LAST_DAY.isoformat()}, the last day sessionfeed "
                    "supports; give a shorter duration",
                )
                return None
        elif isinstance(end, dt.time):
            finish = self.datetime(f"{path}.end", dt.datetime.combine(begin.date(), end), zone)
        elif end is None:
            self.problem(f"{path}.end", "is required with a start time (or give 'duration')")
            return None
        else:
            finish = self.datetime(f"{path}.end", end, zone)
        if finish is None:
            return None
        return self.build(path, Timed, start=begin, end=finish)

    def read_location(self, path: str, value: object) -> Location | None:
        if value is None:
            return None
        if value == "online":
            return Location(online=Online())
        body = self.table(path, value)
        if body is None:
            return None
        self.keys(path, body, {"online", "venue"})
        online = None
        if "online" in body:
            raw = body["online"]
            if raw is True:
                online = Online()
            elif raw is not False:
                table = self.table(f"{path}.online", raw)
                if table is not None:
                    self.keys(f"{path}.online", table, {"url", "platform"})
                    online = self.build(
                        f"{path}.online",
                        Online,
                        url=self.string(f"{path}.online.url", table.get("url")),
                        platform=self.string(f"{path}.online.platform", table.get("platform")),
                    )
        venue = None
        if "venue" in body:
            venue = self.read_venue(f"{path}.venue", body["venue"])
        if online is None and venue is None:
            if "online" not in body and "venue" not in body:
                self.problem(path, "needs 'online', a 'venue', or both (hybrid)")
            return None
        return self.build(path, Location, online=online, venue=venue)

    def read_venue(self, path: str, value: object) -> Venue | None:
        if isinstance(value, str):
            return self.build(path, Venue, name=value)
        body = self.table(path, value)
        if body is None:
            return None
        self.keys(path, body, {"name", "address", "url"})
        address = None
        if "address" in body:
            raw = self.table(f"{path}.address", body["address"])
            if raw is not None:
                fields = [f.name for f in attrs.fields(_Address)]
                self.keys(f"{path}.address", raw, set(fields))
                address = self.build(
                    f"{path}.address",
                    _Address,
                    **{f: self.string(f"{path}.address.{f}", raw.get(f)) for f in fields},
                )
        return self.build(
            path,
            Venue,
            {"name": "x"},
            name=self.string(f"{path}.name", body.get("name"), required=True),
            address=address,
            url=self.string(f"{path}.url", body.get("url")),
        )

    def read_links(self, path: str, value: object) -> Links | None:
        if value is None:
            return Links()
        body = self.table(path, value)
        if body is None:
            return None
        self.keys(path, body, {"page", "registration"})
        return self.build(
            path,
            Links,
            page=self.string(f"{path}.page", body.get("page")),
            registration=self.string(f"{path}.registration", body.get("registration")),
        )

    def read_recording(self, path: str, value: object) -> Recording | None:
        if value is None:
            return None
        if isinstance(value, str):
            return self.build(path, Recording, url=value)
        body = self.table(path, value)
        if body is None:
            return None
        self.keys(
            path, body,
            {"url", "media_type", "length", "duration", "thumbnail", "embed_url", "published"},
        )  # fmt: skip
        fields: dict[str, Any] = {
            name: self.string(f"{path}.{name}", body.get(name))
            for name in ("url", "media_type", "thumbnail", "embed_url")
        }
        if fields["url"] is None:
            self.problem(f"{path}.url", "is required: where the recording can be watched")
            return None
        if "length" in body:
            fields["length"] = body["length"]
        if "duration" in body:
            fields["duration"] = _duration(self, f"{path}.duration", body["duration"])
        if "published" in body:
            published = _date_or_time(body["published"])
            if isinstance(published, dt.date) and not isinstance(published, dt.datetime):
                fields["published"] = published
            else:
                self.problem(f"{path}.published", "must be a date like 2026-03-20")
        return self.build(path, Recording, **fields)


# ------------------------------------------------------------------ small parts


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _kind(value: object) -> str:
    names = {
        str: "text", int: "a number", float: "a number", bool: "true/false", list: "a list",
        dict: "a table", dt.datetime: "a date and time", dt.date: "a date", dt.time: "a time",
    }  # fmt: skip
    return names.get(type(value), type(value).__name__)


def _unknown_ref(ident: str, known: Mapping[str, object], what: str) -> str:
    close = difflib.get_close_matches(ident, list(known), n=1)
    hint = f"did you mean {close[0]!r}?" if close else f"define it under [{_section(what)}.{ident}]"
    return f"unknown {what} {ident!r}; {hint}"


def _section(what: str) -> str:
    return {"person": "people", "organisation": "organisations", "tag": "tags"}.get(what, what)


def _date_or_time(value: object) -> dt.date | dt.time | None:
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


def _localise(reader: _Reader, path: str, value: dt.datetime, zone: str) -> dt.datetime | None:
    """Attach ``zone`` to a local time, refusing times the clocks skip or repeat."""
    tz = zoneinfo.ZoneInfo(zone)
    if value.tzinfo is not None:
        if value.utcoffset() is None:
            reader.problem(path, "has a time zone without an offset")
            return None
        return value.astimezone(tz)
    first, second = value.replace(tzinfo=tz), value.replace(tzinfo=tz, fold=1)
    if first.utcoffset() != second.utcoffset():
        roundtrip = first.astimezone(dt.UTC).astimezone(tz).replace(tzinfo=None)
        if roundtrip != value:
            reader.problem(
                path,
                f"{value.isoformat()} does not exist in {zone}: the clocks skip that hour; "
                "use a time before or after the change",
            )
        else:
            reader.problem(
                path,
                f"{value.isoformat()} happens twice in {zone} (the clocks go back); add the "
                f"offset to say which, e.g. {first.isoformat()} or {second.isoformat()}",
            )
        return None
    return first


#: More seconds than any duration Python holds: a longer value is read as that.
_SECONDS_CAP = 10**12


def _duration(reader: _Reader, path: str, value: object) -> dt.timedelta | None:
    """An ISO 8601 duration (``PT1H30M``) or a whole number of minutes.

    It is read as it is written, a fraction of a second too, for the model's
    rule (:func:`~sessionfeed._checks.check_duration`) to judge; one longer
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
    reader.problem(path, f"{shown(value)} is not a duration: write 'PT1H30M' or a number of minutes")
    return None


def _timedelta(**parts: int) -> dt.timedelta:
    """``datetime.timedelta(**parts)``, or the longest one when that overflows."""
    try:
        return dt.timedelta(**parts)
    except OverflowError:
        return dt.timedelta.max


# ---------------------------------------------------------------------- entries


def programme_from_dict(data: Mapping[str, Any]) -> Programme:
    """Build a :class:`Programme` from a dict shaped like a programme file.

    Raises:
        ProgrammeError: Every problem found, each with its field path.
    """
    if not isinstance(data, Mapping):
        raise ProgrammeError.single("", f"a programme must be a table, not {_kind(data)}")
    reader = _Reader(data)
    programme = reader.programme()
    reader.c.raise_if_any()
    assert programme is not None  # no problems means it was built
    return programme


def load_toml_text(text: str, *, filename: str = "<string>") -> Programme:
    """Build a :class:`Programme` from the text of a programme file.

    Raises:
        ProgrammeError: Every problem, each as ``FILE:LINE: path: message``.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        line = None
        match = re.search(r"\s*\(at line (\d+), column (\d+)\)", message)
        if match:
            line = int(match[1])
            message = f"{message[: match.start()]} at column {match[2]}"
        elif "end of document" in message:
            line = text.rstrip("\n").count("\n") + 1
        raise ProgrammeError(
            [Problem(path="", message=f"not valid TOML: {message}", file=filename, line=line)],
        ) from None
    except RecursionError:
        # tomllib reads nested arrays and inline tables by recursion: hundreds of
        # levels (where a programme needs four) exhaust Python's stack.
        raise ProgrammeError([_too_deep(text, filename)]) from None
    except ValueError:
        # tomllib turns digits into a Python int, which refuses more than
        # sys.get_int_max_str_digits() of them (4300 unless set otherwise).
        raise ProgrammeError(_too_long_numbers(text, filename)) from None
    try:
        return programme_from_dict(data)
    except ProgrammeError as error:
        index = LineIndex(text)
        located = [p.replace(file=filename, line=index.line_of(p.path)) for p in error.problems]
        # In file order, so that a reader can work down the file; unplaced ones last.
        located.sort(key=lambda p: p.line or len(text))
        raise ProgrammeError(located) from None


def _too_deep(text: str, filename: str) -> Problem:
    """The problem of a document nested too deeply for the TOML reader, at the line where it gets so deep."""
    found = LineIndex(text).too_deep
    message = (
        f"arrays and inline tables are nested more than {MAX_NESTING} levels deep, too deep to "
        "read; a programme needs at most four (a list of tables of lists)"
    )
    if found is None:  # the reader gave up sooner, deep in a call stack already
        return Problem(path="", message=f"not valid TOML: {message}", file=filename)
    path, line = found
    return Problem(path=path, message=message, file=filename, line=line)


def _too_long_numbers(text: str, filename: str) -> list[Problem]:
    """The problems of numbers too long to read, each at its line and field."""
    found = LineIndex(text).long_numbers
    limit = sys.get_int_max_str_digits()
    problems = [
        Problem(
            path=path,
            message=(
                f"a number of {digits} digits is more than the TOML reader takes ({limit}); "
                "no field takes a number this long"
            ),
            file=filename,
            line=line,
        )
        for path, line, digits in found
    ]
    return problems or [Problem(path="", message="not valid TOML: a number too long to read", file=filename)]


def load(path: str | os.PathLike[str]) -> Programme:
    """Read a programme file (TOML).

    Raises:
        ProgrammeError: The file is missing, unreadable, not UTF-8 text, not
            TOML, or describes an invalid programme; every problem is listed.
    """
    name = os.fspath(path)

    def fail(message: str) -> ProgrammeError:
        return ProgrammeError([Problem(path="", message=message, file=name)])

    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise fail("no such file; give the path of a programme file (.toml)") from None
    except IsADirectoryError:
        raise fail("is a folder; give the path of a programme file (.toml)") from None
    except OSError as error:
        raise fail(f"cannot be read: {error.strerror or error}") from None
    if not raw.strip():
        raise fail("is empty; a programme needs at least id, title, base_url and locales")
    if b"\x00" in raw:
        raise fail("is a binary file, not a TOML text file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise ProgrammeError(
            [Problem(path="", message="is not UTF-8 text; save it as UTF-8", file=name, line=line)],
        ) from None
    return load_toml_text(text, filename=name)
