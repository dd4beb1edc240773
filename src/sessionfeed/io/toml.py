"""Read programmes from TOML files and plain dicts, reporting every problem at once.

The dict shape is the TOML shape (see ``docs/file-format.md``); values may be
TOML's own dates and times or ISO 8601 strings, so JSON works too.

The loader maps a file to the model and the model's problems back to the
file; it does not repeat the model's rules. What it checks itself is what
only a file has: its keys (an unknown field), the types of TOML values, the
ids it resolves to definitions (an unknown person), the parents it must
follow before an organisation can be built (with the model's own rule,
:func:`~sessionfeed.model.checks.check_parents`), and dates and times as they are
written (a local time the clocks skip). A field check of ``_checks`` runs here
only where a value must be valid to be converted at all (a time zone to place
a local time in, a moment in range before it is placed in one); such a value
is then not passed on, so each problem is reported once. Everything else (ids,
URLs, texts, locales, unique ids, kinds, references, a person listed twice) is
the model's, and each of its problems is reported at the path of the file's
field, which names the file's line too (see :class:`_Where`).

Every problem is collected with its field path, then raised as one
:class:`~sessionfeed.exceptions.ProgrammeError`; when the data came from a
file, each problem also names the file and, where it can be found, the line.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import math
import os
import re
import sys
import tomllib
import zoneinfo
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

import attrs

from sessionfeed.exceptions import Problem, ProgrammeError
from sessionfeed.io.lines import MAX_NESTING, LineIndex
from sessionfeed.io.pieces import Sessions, Unreadable, read_in_pieces
from sessionfeed.model.checks import (
    LAST_DAY,
    Collector,
    check_duration,
    check_locale,
    check_moment,
    check_parents,
    check_timezone,
    shown,
)
from sessionfeed.model.programme import (
    Address as _Address,
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
from sessionfeed.model.text import LocalizedText


__all__ = ["from_dict", "load", "load_toml_text"]

T = TypeVar("T")
_Defined = TypeVar("_Defined", Organisation, Person, Tag, Kind)
_Labelled = TypeVar("_Labelled", Tag, Kind)

_PROGRAMME_KEYS = {
    "id", "title", "intro", "base_url", "locales", "untranslated_locales", "timezone", "organisers", "image",
    "contact", "free", "currency", "color", "updated", "refresh", "organisations",
    "people", "tags", "kinds", "sessions", "templates",
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

# Valid values put in place of fields that failed while they were read (and are
# None), so that the model still checks the other fields, all at once.
_TEXT = LocalizedText({"en": "x"})
_PROGRAMME_FAILED: dict[str, Any] = {
    "id": "x", "title": _TEXT, "base_url": "https://example.invalid/", "locales": (),
    "timezone": "Europe/Amsterdam",
}  # fmt: skip
_SESSION_FAILED: dict[str, Any] = {
    "kind": "webinar", "title": _TEXT, "language": "en", "when": Unknown(), "links": Links(),
    "previous_start": dt.date(2000, 1, 1),
}  # fmt: skip
_ORGANISATION_FAILED: dict[str, Any] = {"name": _TEXT}
_PERSON_FAILED: dict[str, Any] = {"name": "x", "same_as": ()}
# A valid value for every field of a session or a definition: what the model
# refused is put in place of, so that the programme still checks what spans
# values (ids, references, kinds, the locales of texts) in the rest. A session's
# id is made per file (_unused_id); a definition gets no stand-in id: one whose id
# is at fault is left out, and references to it are not reported (its own problem is).
_SESSION_STAND_INS: dict[str, Any] = {
    "kind": "webinar", "title": _TEXT, "language": "en", "when": Unknown(), "description": None,
    "location": None, "status": Status.SCHEDULED, "previous_start": None, "organisers": (),
    "supporters": (), "participants": (), "tags": (), "links": Links(), "recording": None,
    "image": None, "announced": None, "updated": None, "sequence": 0,
}  # fmt: skip
_ORGANISATION_STAND_INS: dict[str, Any] = {"name": _TEXT, "short_name": None, "url": None, "parent": None}
_PERSON_STAND_INS: dict[str, Any] = {
    "name": "x", "affiliation": None, "url": None, "job_title": None, "same_as": (),
}  # fmt: skip
_LABEL: dict[str, Any] = {"label": _TEXT}
# Fields the model checks together: a stand-in for one needs the stand-in of the other.
_TOGETHER = {"status": "previous_start", "previous_start": "status"}
_NOTHING: Mapping[str, Any] = MappingProxyType({})
# The lists of a programme whose items the loader reads each from its own place in the file.
_SECTIONS = {"organisation": "organisations", "person": "people", "tag": "tags", "kind": "kinds"}
_ITEM = re.compile(r"(sessions|organisations|people|tags|kinds)\[(\d+)\]\.?(.*)", re.DOTALL)


def _field(path: str) -> str:
    """The first field of a model path: ``title`` of ``title.nl``, ``tags`` of ``tags[2]``."""
    for i, char in enumerate(path):
        if char in ".[":
            return path[:i]
    return path


def _with(fields: Mapping[str, Any], values: Mapping[str, Any], names: Collection[str]) -> Mapping[str, Any]:
    """``fields`` with the value of each of ``names`` taken from ``values``."""
    return {**fields, **{name: values[name] for name in names}} if names else fields


def _under(base: str, path: str) -> str:
    """``path`` within ``base``: a field after a dot, an index right after it."""
    if not base:
        return path
    if not path:
        return base
    return base + path if path.startswith("[") else f"{base}.{path}"


class _Where:
    """Where a value of the model is in the file: turns the model's paths into the file's.

    The model names a problem by its own path (``participants[2]``,
    ``title.en``, ``people[0].affiliation``); the file writes the same field
    elsewhere (``speakers[1]``, ``title`` when one text is written for every
    locale, ``people.ana.affiliation``). The file's path also gives the line.

    Attributes:
        base: The file path of the value, e.g. ``sessions[3]`` or ``people.ana``.
        at: How many problems were recorded when reading the value began: the
            programme's problems with the value are listed with the value's own
            (``None``: after everything, for the programme's own fields).
        fields: A field of the model written under another name, to its file
            path within ``base`` (``""``: at ``base`` itself, as a tag's label).
        plain: The text fields written as one plain text, the same in every locale.
        items: A list field of the model to the file's path of each of its
            items, within ``base``: the people of every role are one list in
            the model, and an id that is unknown is left out of it.
        stood_in: The fields given a stand-in, since they were at fault: the
            programme's problems with them are consequences and left out.
        whole: The value could not be read at all and stands in whole.
    """

    __slots__ = ("at", "base", "fields", "items", "plain", "stood_in", "whole")

    def __init__(self, base: str, at: int | None = None) -> None:
        self.base = base
        self.at = at
        self.fields: dict[str, str] = {}
        self.plain: Collection[str] = ()
        self.items: dict[str, list[str]] = {}
        self.stood_in: Collection[str] = ()
        self.whole = False

    def file_path(self, path: str) -> str:
        """The file's path of the model's ``path`` within this value."""
        name = _field(path)
        rest = path[len(name) :]
        if name in self.plain and rest.startswith("."):
            rest = ""  # the one text written for every locale
        elif name in self.items and rest.startswith("["):
            close = rest.find("]")
            index = rest[1:close]
            if close > 0 and index.isdigit() and int(index) < len(self.items[name]):
                name, rest = self.items[name][int(index)], rest[close + 1 :]
        return _under(self.base, self.fields.get(name, name)) + rest

    def keeps(self, path: str) -> bool:
        """Whether a problem at the model's ``path`` within this value is its own, not a stand-in's."""
        return not self.whole and _field(path) not in self.stood_in


class _Reader:
    """One pass over a programme dict; problems go to ``self.c``, at the file's paths.

    Each value is made as it is read. What is needed to place the model's
    problems with a value in the file (a :class:`_Where`) is made from the
    file only when there is a problem to place: a programme of thousands of
    sessions keeps nothing per session but where its problems begin.
    """

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.c = Collector()
        self.data = data
        self.listed: tuple[str, ...] = ()  # the locales the file lists
        self.locales: tuple[str, ...] = ()  # those of them that are valid
        self.zone = "Europe/Amsterdam"
        # Every definition by its id in the file, including those read with a
        # stand-in in a field at fault: a reference to one resolves.
        self.orgs: dict[str, Organisation] = {}
        self.people: dict[str, Person] = {}
        self.tags: dict[str, Tag] = {}
        self.kinds: dict[str, Kind] = {}
        # Ids that are defined but whose id is at fault (its problem is reported):
        # a reference to one is not "unknown".
        self.faulty: dict[str, set[str]] = {what: set() for what in _SECTIONS}
        self.sessions: list[Session] = []
        # How many problems were recorded when each value's reading began, by
        # section and key (a session's index, a definition's id in the file).
        self.began: dict[str, dict[Any, int]] = {section: {} for section in ("sessions", *_SECTIONS.values())}
        # The values made with stand-ins: the fields that have one (None: all of them).
        self.stood: dict[tuple[str, Any], Collection[str] | None] = {}
        # The keys of the definitions of each section, in the order the programme has them.
        self.passed: dict[str, list[str]] = {}

    # ------------------------------------------------------------ helpers

    def problem(self, path: str, message: str) -> None:
        self.c.add(path, message)

    def where(self, section: str, key: Any) -> _Where:
        """Where the value at ``key`` of ``section`` is in the file (``""``: the programme itself).

        Made from the file, as the value was read: which texts are written as
        one plain text, and where each definition a list refers to is listed.
        """
        data = self.data
        if section == "sessions":
            where = _Where(f"sessions[{key}]", self.began["sessions"].get(key))
            body = data["sessions"][key]
            if isinstance(body, Mapping):
                where.plain = [name for name in ("title", "description") if isinstance(body.get(name), str)]
                where.items = {
                    "organisers": _listed("organisers", body.get("organisers"), self.orgs),
                    "supporters": _listed("supporters", body.get("supporters"), self.orgs),
                    # The model's order of the people: role by role, in the order of Role.
                    "participants": [
                        item for role in _ROLE_KEYS for item in _listed(role, body.get(role), self.people)
                    ],
                    "tags": _listed("tags", body.get("tags"), self.tags),
                }
        elif section:
            where = _Where(f"{section}.{key}", self.began[section].get(key))
            body = data[section][key]
            if section in ("organisations", "people"):
                text = "name" if section == "organisations" else "job_title"
                written = body.get(text)
            elif isinstance(body, Mapping) and "label" in body:
                text, written = "label", body["label"]
            else:
                text, written = "label", body
                where.fields = {"label": ""}  # the label is the entry itself
            where.plain = (text,) if isinstance(written, str) else ()
        else:
            where = _Where("")
            where.plain = [name for name in ("title", "intro") if isinstance(data.get(name), str)]
            where.items = {"organisers": _listed("organisers", data.get("organisers"), self.orgs)}
        stood = self.stood.get((section, key), ())
        where.whole = stood is None
        where.stood_in = stood or ()
        return where

    def make(
        self,
        place: tuple[str, Any],
        factory: Callable[..., T],
        fields: Mapping[str, Any],
        failed_ins: Mapping[str, Any],
        stand_ins: Mapping[str, Any] | None = None,
    ) -> T | None:
        """Call a model constructor, recording its problems at the file's paths.

        A field of ``failed_ins`` that is ``None`` failed already, and its
        problem is recorded: a valid value takes its place, so that the
        constructor reports the problems of the other fields too, all at once.
        The fields at fault are noted for ``place`` (a section and a key, as
        :meth:`where` takes them). With ``stand_ins`` (a valid value of every
        field), a value the model refused is made again with a stand-in in
        each field at fault: the programme can then still check the fields
        that are fine against the rest. ``None`` when nothing could be made.
        """
        failed = {name for name in failed_ins if name in fields and fields[name] is None}
        try:
            made: T | None = factory(**_with(fields, failed_ins, failed))
        except ProgrammeError as error:
            where = self.where(*place)
            kept = [p for p in error.problems if _field(p.path) not in failed]
            self.c.problems.extend(p.replace(path=where.file_path(p.path)) for p in kept)
            failed |= {_field(p.path) for p in error.problems}
            made = None
        if failed:
            self.stood[place] = failed
        if made is not None or stand_ins is None or not failed <= stand_ins.keys():
            return made
        failed |= {_TOGETHER[name] for name in failed if name in _TOGETHER}
        try:
            return factory(**_with(fields, stand_ins, failed))
        except ProgrammeError:  # a rule between a stand-in and a field that is fine
            return None

    def build(
        self,
        path: str,
        factory: Callable[..., T],
        failed_ins: Mapping[str, Any] = _NOTHING,
        /,
        **fields: Any,
    ) -> T | None:
        """Make a part of a value (a location, a date, a recording); ``None`` when anything failed.

        As :meth:`make`, with no stand-in: the value that holds the part has the stand-in.
        """
        failed = [name for name in failed_ins if name in fields and fields[name] is None]
        try:
            made = factory(**_with(fields, failed_ins, failed))
        except ProgrammeError as error:
            self.c.problems.extend(p.within(path) for p in error.problems if _field(p.path) not in failed)
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
        """A plain string (the same in every locale) or a table of locale to text.

        The model checks the texts and their locales; a text in a listed
        locale that is not valid fails here without a problem of its own,
        since that is reported at ``locales`` alone.
        """
        if value is None:
            if required:
                self.problem(path, "is required")
            return None
        if isinstance(value, str):
            if self.listed and not self.locales:
                return None  # no valid locale to hold it
            return LocalizedText(dict.fromkeys(self.locales or ("und",), value))
        if isinstance(value, Mapping):
            ok = True
            for locale, text in value.items():
                if not isinstance(text, str):
                    self.problem(f"{path}.{locale}", f"must be text, not {_kind(text)}")
                    ok = False
                elif locale in self.listed and locale not in self.locales:
                    ok = False
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
        """The definitions a list of ids refers to (:func:`_run` says where each is in the list).

        An id listed twice is passed on twice, for the model to report.
        """
        out = []
        for i, ident in self.ids(path, value):
            found = known.get(ident)
            if found is not None:
                out.append(found)
            elif ident not in self.faulty[what]:  # as ref() does, with the path made only when needed
                self.problem(f"{path}[{i}]", _unknown_ref(ident, known, what))
        return out

    def ref(self, path: str, ident: str, known: Mapping[str, T], what: str) -> T | None:
        """The definition ``ident`` refers to; None when it is unknown or its id is at fault."""
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
        # The model's rule, on the value as it is written: placing one out of
        # range in a zone could overflow. The model checks the instant it becomes.
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
        fields: dict[str, Any] = {}
        zone = self.string("timezone", data.get("timezone"))
        if zone is not None:  # None: not given (or not text, which string() has reported)
            fields["timezone"] = zone
            if check_timezone(zone) is None:  # else the model reports it
                self.zone = zone
        self.read_organisations(data.get("organisations", {}))
        self.read_people(data.get("people", {}))
        self.tags = self.read_labelled("tags", data.get("tags", {}), Tag, "tag")
        self.kinds = self.read_labelled("kinds", data.get("kinds", {}), Kind, "kind")
        self.read_sessions(data.get("sessions", []))
        organisers = self.refs("organisers", data.get("organisers"), self.orgs, "organisation")
        fields |= {
            "id": self.string("id", data.get("id"), required=True),
            "title": self.text("title", data.get("title"), required=True),
            "intro": self.text("intro", data.get("intro")),
            "base_url": self.string("base_url", data.get("base_url"), required=True),
            "locales": listed,
            "untranslated_locales": self.read_locales(
                data.get("untranslated_locales", []), "untranslated_locales", "['de']",
            ) or (),
            "sessions": tuple(self.sessions),
            "people": self.definitions("people", self.people),
            "organisations": self.definitions("organisations", self.orgs),
            "organisers": tuple(organisers),
            "tags": self.definitions("tags", self.tags),
            "kinds": self.definitions("kinds", self.kinds),
            "image": self.string("image", data.get("image")),
            "contact": self.read_contact(data.get("contact")),
            "color": self.string("color", data.get("color")),
            "templates": self.string("templates", data.get("templates")),
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
        failed = {name for name in _PROGRAMME_FAILED if name in fields and fields[name] is None}
        if failed:
            self.stood["", None] = failed
        try:
            made = Programme(**_with(fields, _PROGRAMME_FAILED, failed))
        except ProgrammeError as error:
            self.place(error.problems)
            return None
        return None if failed or self.c.problems else made

    def definitions(self, section: str, known: Mapping[str, _Defined]) -> tuple[_Defined, ...]:
        """The definitions of a section for the programme, noting where each is in the file.

        In the order of their ids, the model's own, so that its indexes are these.
        """
        # A definition's id is the file's (one whose id is at fault is left out).
        self.passed[section] = ordered = sorted(known)
        return tuple(known[ident] for ident in ordered)

    def place(self, problems: Iterable[Problem]) -> None:
        """Record the programme's problems at the file's paths, each with its value's own problems.

        A problem with a session or a definition goes before the problems
        recorded while it was read; one with the programme's own fields last.
        """
        inserts: list[tuple[int, Problem]] = []
        end = len(self.c.problems)
        wheres: dict[tuple[str, Any], _Where] = {}
        for problem in problems:
            key: Any = None  # the programme itself
            section, path = "", problem.path
            item = _ITEM.fullmatch(path)
            if item is not None:
                index = int(item[2])
                if item[1] == "sessions" and index < len(self.sessions):
                    section, key, path = "sessions", index, item[3]
                elif index < len(self.passed.get(item[1], ())):
                    section, key, path = item[1], self.passed[item[1]][index], item[3]
            if (section, key) not in wheres:
                wheres[section, key] = self.where(section, key)
            where = wheres[section, key]
            if where.keeps(path):
                at = end if where.at is None else where.at
                inserts.append((at, problem.replace(path=where.file_path(path))))
        inserts.sort(key=lambda insert: insert[0])  # stable: the model's order within a value
        merged: list[Problem] = []
        done = 0
        for at, problem in inserts:
            merged.extend(self.c.problems[done:at])
            merged.append(problem)
            done = max(done, at)
        merged.extend(self.c.problems[done:])
        self.c.problems = merged

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

    def define(
        self,
        what: str,
        ident: str,
        factory: Callable[..., _Defined],
        fields: Mapping[str, Any],
        *,
        failed_ins: Mapping[str, Any],
        stand_ins: Mapping[str, Any],
    ) -> _Defined | None:
        """Make a definition (an organisation, a person, a tag, a kind) and note where it is.

        A definition whose id is fine is kept, with a stand-in in each field at
        fault, so that references to it resolve and the programme still checks
        the rest of it; one whose id is at fault is left out (``None``), and
        references to it are not reported.
        """
        made = self.make((_SECTIONS[what], ident), factory, fields, failed_ins, stand_ins)
        if made is None:
            self.faulty[what].add(ident)
        return made

    def read_organisations(self, value: object) -> None:
        table = self.table("organisations", value)
        if table is None:
            return
        bodies: dict[str, Mapping[str, Any] | None] = {}
        for ident, entry in table.items():
            path = f"organisations.{ident}"
            body = self.table(path, entry)
            if body is not None:
                self.keys(path, body, {"name", "short_name", "url", "parent"})
            bodies[ident] = body
        # Parents first, so that children can refer to them whatever the order in
        # the file; the ones being made, in order, to find a cycle of parents.
        making: dict[str, None] = {}

        def make(ident: str) -> Organisation | None:
            if ident in self.orgs or ident in self.faulty["organisation"]:
                return self.orgs.get(ident)
            if ident in making:
                # Cut the cycle where it closes: no organisation can be made on it.
                chain = [*making][[*making].index(ident) + 1 :]
                message = check_parents(ident, [*chain, ident])
                self.problem(f"organisations.{ident}.parent", str(message))
                return None
            making[ident] = None
            org = self.read_organisation(ident, bodies[ident], bodies, make)
            del making[ident]
            if org is not None:
                self.orgs[ident] = org
            return org

        for ident in bodies:
            make(ident)

    def read_organisation(
        self,
        ident: str,
        body: Mapping[str, Any] | None,
        bodies: Mapping[str, object],
        make: Callable[[str], Organisation | None],
    ) -> Organisation | None:
        if body is None:  # not a table: reported
            self.faulty["organisation"].add(ident)
            return None
        path = f"organisations.{ident}"
        self.began["organisations"][ident] = len(self.c.problems)
        parent = None
        parent_id = self.string(f"{path}.parent", body.get("parent"))
        if parent_id is not None:
            if parent_id in bodies:
                parent = make(parent_id)
            elif parent_id not in self.faulty["organisation"]:
                self.problem(f"{path}.parent", _unknown_ref(parent_id, bodies, "organisation"))
        fields = {
            "id": ident,
            "name": self.text(f"{path}.name", body.get("name"), required=True),
            "short_name": self.string(f"{path}.short_name", body.get("short_name")),
            "url": self.string(f"{path}.url", body.get("url")),
            "parent": parent,
        }
        return self.define(
            "organisation", ident, Organisation, fields,
            failed_ins=_ORGANISATION_FAILED, stand_ins=_ORGANISATION_STAND_INS,
        )  # fmt: skip

    def read_people(self, value: object) -> None:
        table = self.table("people", value)
        if table is None:
            return
        for ident, entry in table.items():
            path = f"people.{ident}"
            body = self.table(path, entry)
            person = None if body is None else self.read_person(ident, body)
            if person is not None:
                self.people[ident] = person
            else:
                self.faulty["person"].add(ident)

    def read_person(self, ident: str, body: Mapping[str, Any]) -> Person | None:
        path = f"people.{ident}"
        self.began["people"][ident] = len(self.c.problems)
        self.keys(path, body, {"name", "affiliation", "url", "job_title", "same_as"})
        affiliation = None
        org_id = self.string(f"{path}.affiliation", body.get("affiliation"))
        if org_id is not None:
            affiliation = self.ref(f"{path}.affiliation", org_id, self.orgs, "organisation")
        same_as = body.get("same_as", [])
        if not isinstance(same_as, list):
            self.problem(f"{path}.same_as", "must be a list of URLs")
            same_as = None
        fields = {
            "id": ident,
            "name": self.string(f"{path}.name", body.get("name"), required=True),
            "affiliation": affiliation,
            "url": self.string(f"{path}.url", body.get("url")),
            "job_title": self.text(f"{path}.job_title", body.get("job_title")),
            "same_as": None if same_as is None else tuple(same_as),
        }
        failed_ins, stand_ins = _PERSON_FAILED, _PERSON_STAND_INS
        return self.define("person", ident, Person, fields, failed_ins=failed_ins, stand_ins=stand_ins)

    def read_labelled(
        self, section: str, value: object, factory: type[_Labelled], what: str
    ) -> dict[str, _Labelled]:
        """Tags or kinds: each a label, written as the value itself or under ``label``."""
        table = self.table(section, value)
        out: dict[str, _Labelled] = {}
        for ident, entry in (table or {}).items():
            path = f"{section}.{ident}"
            self.began[section][ident] = len(self.c.problems)
            label: object = entry
            if isinstance(entry, Mapping) and "label" in entry:
                self.keys(path, entry, {"label"})
                label = entry["label"]
                path = f"{path}.label"
            fields = {"id": ident, "label": self.text(path, label, required=True)}
            item = self.define(what, ident, factory, fields, failed_ins=_LABEL, stand_ins=_LABEL)
            if item is not None:
                out[ident] = item
        return out

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

    def read_sessions(self, value: object) -> None:
        """Every entry of the list, as the programme's session at the same index.

        An entry that cannot be read stands in as a session whose problems are
        left out, so that the model's indexes are the file's (a duplicate id
        names the index of the first).
        """
        if not isinstance(value, list | Sessions):
            self.problem("sessions", "must be a list of sessions ([[sessions]] tables)")
            return
        ident = _unused_id(value)
        failed_ins, stand_ins = {**_SESSION_FAILED, "id": ident}, {**_SESSION_STAND_INS, "id": ident}
        began = self.began["sessions"]
        for i, entry in enumerate(value):
            path = f"sessions[{i}]"
            began[i] = len(self.c.problems)
            body = self.table(path, entry)
            session = None if body is None else self.read_session(i, body, failed_ins, stand_ins)
            if session is None:  # its problems are recorded: it stands in whole
                self.stood["sessions", i] = None
                session = Session(**stand_ins)
            self.sessions.append(session)

    def read_session(
        self,
        index: int,
        body: Mapping[str, Any],
        failed_ins: Mapping[str, Any],
        stand_ins: Mapping[str, Any],
    ) -> Session | None:
        path = f"sessions[{index}]"
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
        return self.make(("sessions", index), Session, fields, failed_ins, stand_ins)

    def read_participants(self, path: str, body: Mapping[str, Any]) -> list[Participation]:
        """The people of every role, in the order of :class:`Role`: the model's, so its indexes are these."""
        out: list[Participation] = []
        for key, role in _ROLE_KEYS.items():
            if key in body:
                for person in self.refs(f"{path}.{key}", body[key], self.people, "person"):
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
        if (online is None and "online" in body) or (venue is None and "venue" in body):
            return None  # failed, or online = false and no venue: nothing to make
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
    hint = f"did you mean {close[0]!r}?" if close else f"define it under [{_SECTIONS[what]}.{ident}]"
    return f"unknown {what} {ident!r}; {hint}"


def _listed(key: str, value: object, known: Mapping[str, object]) -> list[str]:
    """The path in the file of each definition a list of ids refers to, as :meth:`_Reader.refs` reads them."""
    items = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    return [f"{key}[{i}]" for i, item in enumerate(items) if isinstance(item, str) and item in known]


def _unused_id(entries: Sequence[object]) -> str:
    """A session id that no entry of ``entries`` has, for the ones whose own id is at fault."""
    if isinstance(entries, Sessions):
        # A file read in pieces is read whole when it has a problem: the id is chosen then.
        return "stand-in"
    ids = (entry.get("id") for entry in entries if isinstance(entry, Mapping))
    taken = {ident for ident in ids if isinstance(ident, str)}
    ident, n = "stand-in", 0
    while ident in taken:
        n += 1
        ident = f"stand-in-{n}"
    return ident


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
    reader.problem(path, f"{shown(value)} is not a duration: write 'PT1H30M' or a number of minutes")
    return None


def _timedelta(**parts: int) -> dt.timedelta:
    """``datetime.timedelta(**parts)``, or the longest one when that overflows."""
    try:
        return dt.timedelta(**parts)
    except OverflowError:
        return dt.timedelta.max


# ---------------------------------------------------------------------- entries


def from_dict(data: Mapping[str, Any]) -> Programme:
    """Build a :class:`Programme` from a dict shaped like a programme file (see ``docs/file-format.md``).

    Dates and times may be TOML's own values or ISO 8601 strings, so that
    JSON works too. :func:`sessionfeed.to_dict` gives the dict back.

    Raises:
        ProgrammeError: Every problem found, each with its field path.
    """
    if not isinstance(data, Mapping):
        raise ProgrammeError.single("", f"a programme must be a table, not {_kind(data)}")
    reader = _Reader(data)
    programme = reader.programme()
    if reader.c.problems:
        # One text written for every locale is one problem, not one per locale.
        raise ProgrammeError(dict.fromkeys(reader.c.problems))
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
        return from_dict(data)
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

    # Read in pieces, so that a large file is never held whole; a file that
    # does not cut cleanly, or has a problem, is read whole below, which says
    # what is wrong and where.
    with contextlib.suppress(OSError), Path(path).open("rb") as file:
        data = read_in_pieces(file)
        if data is not None:
            with contextlib.suppress(ProgrammeError, Unreadable):
                return _templates_beside(from_dict(data), name)
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
    return _templates_beside(load_toml_text(text, filename=name), name)


def _templates_beside(programme: Programme, name: str) -> Programme:
    """The programme with its ``templates`` folder relative to the file's folder, as the file means it."""
    if programme.templates is None or Path(programme.templates).is_absolute():
        return programme
    return attrs.evolve(programme, templates=os.path.normpath(Path(name).parent / programme.templates))
