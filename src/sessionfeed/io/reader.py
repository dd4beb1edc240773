"""Reading a programme dict: the values of a file, and where the model's problems are in it.

A :class:`Reader` makes one pass over a programme dict (a TOML file read by
:mod:`sessionfeed.io.toml`, or a dict given to :func:`sessionfeed.from_dict`).
It holds what that pass has read (the locales, the time zone, every definition
by its id) and the problems found, each at its field path in the file. Its
helpers read what only a file has (its keys, the types of TOML values, the ids
it resolves to definitions, local times the clocks skip) and make the model's
values, placing each problem the model finds at the path of the file's field
(:class:`_Where`), which names the file's line too.

The sections of a programme are read by :mod:`sessionfeed.io.sections`, the
parts of a session (its time, place, links, recording) by :mod:`sessionfeed.io.parts`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import zoneinfo
from collections.abc import Callable, Collection, Iterable, Mapping
from types import MappingProxyType
from typing import Any, TypeVar

from sessionfeed.exceptions import Problem, ProgrammeError
from sessionfeed.model.checks import Collector, check_moment
from sessionfeed.model.programme import Kind, Organisation, Participation, Person, Role, Session, Tag
from sessionfeed.model.text import LocalizedText


__all__ = ["ROLE_KEYS", "SECTIONS", "Reader", "kind_of", "unknown_ref", "with_values"]

T = TypeVar("T")
_Defined = TypeVar("_Defined", Organisation, Person, Tag, Kind)

#: The file's key of each role's list of people (``speakers``), to the role.
ROLE_KEYS = {role.plural: role for role in Role}
#: The lists of a programme whose items the reader reads each from its own place in the file.
SECTIONS = {"organisation": "organisations", "person": "people", "tag": "tags", "kind": "kinds"}
_ITEM = re.compile(r"(sessions|organisations|people|tags|kinds)\[(\d+)\]\.?(.*)", re.DOTALL)
# Fields the model checks together: a stand-in for one needs the stand-in of the other.
_TOGETHER = {"status": "previous_start", "previous_start": "status"}
_NOTHING: Mapping[str, Any] = MappingProxyType({})


def _field(path: str) -> str:
    """The first field of a model path: ``title`` of ``title.nl``, ``tags`` of ``tags[2]``."""
    for i, char in enumerate(path):
        if char in ".[":
            return path[:i]
    return path


def with_values(
    fields: Mapping[str, Any], values: Mapping[str, Any], names: Collection[str]
) -> Mapping[str, Any]:
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


class Reader:
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
        self.faulty: dict[str, set[str]] = {what: set() for what in SECTIONS}
        self.sessions: list[Session] = []
        # Each person in each role, made once (see sections.read_participants).
        self.participations: dict[tuple[str, Role], Participation] = {}
        # How many problems were recorded when each value's reading began, by
        # section and key (a session's index, a definition's id in the file).
        self.began: dict[str, dict[Any, int]] = {section: {} for section in ("sessions", *SECTIONS.values())}
        # The values made with stand-ins: the fields that have one (None: all of them).
        self.stood: dict[tuple[str, Any], Collection[str] | None] = {}
        # The keys of the definitions of each section, in the order the programme has them.
        self.passed: dict[str, list[str]] = {}

    # ------------------------------------------------------------ helpers

    def problem(self, path: str, message: str) -> None:
        """Record a problem at the file's ``path``."""
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
                        item for role in ROLE_KEYS for item in _listed(role, body.get(role), self.people)
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
            made: T | None = factory(**with_values(fields, failed_ins, failed))
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
            return factory(**with_values(fields, stand_ins, failed))
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
            made = factory(**with_values(fields, failed_ins, failed))
        except ProgrammeError as error:
            self.c.problems.extend(p.within(path) for p in error.problems if _field(p.path) not in failed)
            return None
        return None if failed else made

    def keys(self, path: str, value: Mapping[str, Any], allowed: set[str]) -> None:
        """Report each key of ``value`` that is not ``allowed``, with the closest known one."""
        for key in value:
            if key not in allowed:
                close = difflib.get_close_matches(str(key), sorted(allowed), n=1)
                known = f"; known fields: {', '.join(sorted(allowed))}"
                hint = f"; did you mean {close[0]!r}?" if close else known
                self.problem(_join(path, str(key)), f"unknown field{hint}")

    def table(self, path: str, value: object, fields: set[str] | None = None) -> Mapping[str, Any] | None:
        """``value`` when it is a table, else ``None`` (reported); with ``fields``, its keys are checked."""
        if not isinstance(value, Mapping):
            self.problem(path, f"must be a table (key = value pairs), not {kind_of(value)}")
            return None
        if fields is not None:
            self.keys(path, value, fields)
        return value

    def string(self, path: str, value: object, *, required: bool = False) -> str | None:
        """``value`` when it is text; ``None`` when it is not (reported) or not given."""
        if value is None:
            if required:
                self.problem(path, "is required")
            return None
        if not isinstance(value, str):
            self.problem(path, f"must be text, not {kind_of(value)}")
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
                    self.problem(f"{path}.{locale}", f"must be text, not {kind_of(text)}")
                    ok = False
                elif locale in self.listed and locale not in self.locales:
                    ok = False
            return LocalizedText(dict(value)) if ok else None
        self.problem(path, f"must be text or a table of texts per locale, not {kind_of(value)}")
        return None

    def ids(self, path: str, value: object) -> list[tuple[int, str]]:
        """The ids of a list with the index of each in the list."""
        if value is None:
            return []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.problem(path, f"must be a list of ids, not {kind_of(value)}")
            return []
        out = []
        for i, item in enumerate(value):
            if isinstance(item, str):
                out.append((i, item))
            else:
                self.problem(f"{path}[{i}]", f"must be an id (text), not {kind_of(item)}")
        return out

    def refs(self, path: str, value: object, known: Mapping[str, T], what: str) -> list[T]:
        """The definitions a list of ids refers to (:func:`_listed` says where each is in the file).

        An id listed twice is passed on twice, for the model to report.
        """
        out = []
        for i, ident in self.ids(path, value):
            found = known.get(ident)
            if found is not None:
                out.append(found)
            elif ident not in self.faulty[what]:  # an id at fault is reported where it is defined
                self.problem(f"{path}[{i}]", unknown_ref(ident, known, what))
        return out

    def datetime(self, path: str, value: object, zone: str) -> dt.datetime | None:
        """A local date-time in ``zone``, or one with an offset (kept as that instant)."""
        if isinstance(value, str):
            try:
                value = dt.datetime.fromisoformat(value)
            except ValueError:
                self.problem(path, f"{value!r} is not a date and time like 2026-03-12T14:00:00")
                return None
        if not isinstance(value, dt.datetime):
            self.problem(path, f"must be a date and time like 2026-03-12T14:00:00, not {kind_of(value)}")
            return None
        # The model's rule, on the value as it is written: placing one out of
        # range in a zone could overflow. The model checks the instant it becomes.
        problem = check_moment(value)
        if problem is not None:
            self.problem(path, problem)
            return None
        return _localise(self, path, value, zone)

    # ------------------------------------------------------------ programme
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
        # Each before the problem recorded at its place; the sort is stable: the model's
        # order within a value.
        merged = sorted([*inserts, *enumerate(self.c.problems)], key=lambda item: item[0])
        self.c.problems = [problem for _, problem in merged]

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
        made = self.make((SECTIONS[what], ident), factory, fields, failed_ins, stand_ins)
        if made is None:
            self.faulty[what].add(ident)
        return made


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def kind_of(value: object) -> str:
    """What a value of a file is, in a user's words: ``a number``, ``a table``."""
    names = {
        str: "text", int: "a number", float: "a number", bool: "true/false", list: "a list",
        dict: "a table", dt.datetime: "a date and time", dt.date: "a date", dt.time: "a time",
    }  # fmt: skip
    return names.get(type(value), type(value).__name__)


def unknown_ref(ident: str, known: Mapping[str, object], what: str) -> str:
    """The problem of an id that refers to nothing: the closest known id, or where to define it."""
    close = difflib.get_close_matches(ident, list(known), n=1)
    hint = f"did you mean {close[0]!r}?" if close else f"define it under [{SECTIONS[what]}.{ident}]"
    return f"unknown {what} {ident!r}; {hint}"


def _listed(key: str, value: object, known: Mapping[str, object]) -> list[str]:
    """The path in the file of each definition a list of ids refers to, as :meth:`Reader.refs` reads them."""
    items = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    return [f"{key}[{i}]" for i, item in enumerate(items) if isinstance(item, str) and item in known]


def _localise(reader: Reader, path: str, value: dt.datetime, zone: str) -> dt.datetime | None:
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
