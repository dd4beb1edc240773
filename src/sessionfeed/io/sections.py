"""Reading the sections of a programme: its own fields, its definitions and its sessions.

:func:`read_programme` reads a whole programme dict with a
:class:`~sessionfeed.io.reader.Reader`: the organisations (parents first,
whatever their order in the file), the people, the tags and kinds, then each
session, and makes the :class:`~sessionfeed.model.programme.Programme`.

A value the model refuses is made again with a valid stand-in in each field at
fault (the tables below), so that the programme still checks what spans values
(ids, references, kinds, the locales of texts) in the rest, and every problem
of a file is reported at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from sessionfeed.exceptions import ProgrammeError
from sessionfeed.io.parts import (
    date_or_time,
    read_contact,
    read_duration,
    read_links,
    read_location,
    read_recording,
    read_when,
    read_window,
)
from sessionfeed.io.pieces import Sessions
from sessionfeed.io.reader import ROLE_KEYS, Reader, unknown_ref, with_values
from sessionfeed.model.checks import check_locale, check_parents, check_timezone
from sessionfeed.model.programme import (
    Kind,
    Links,
    Organisation,
    Participation,
    Person,
    Programme,
    Session,
    Status,
    Tag,
    Timed,
    Unknown,
)
from sessionfeed.model.text import LocalizedText


__all__ = ["read_programme"]

_Labelled = TypeVar("_Labelled", Tag, Kind)

_PROGRAMME_KEYS = {
    "id", "title", "intro", "base_url", "locales", "untranslated_locales", "timezone", "organisers", "image",
    "contact", "free", "currency", "color", "updated", "refresh", "organisations",
    "people", "tags", "kinds", "sessions", "templates", "window", "facets",
}  # fmt: skip
_SESSION_KEYS = {
    "id", "kind", "title", "description", "language", "when", "location", "status",
    "previous_start", "organisers", "supporters", "tags", "links", "recording", "image",
    "announced", "updated", "sequence", *ROLE_KEYS,
}  # fmt: skip

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
_LABEL: dict[str, Any] = {"label": _TEXT}
_PERSON_STAND_INS: dict[str, Any] = {
    "name": "x", "affiliation": None, "url": None, "job_title": None, "same_as": (),
}  # fmt: skip


def read_programme(reader: Reader) -> Programme | None:
    """The programme of the reader's dict; ``None`` when there is a problem (recorded)."""
    data = reader.data
    reader.keys("", data, _PROGRAMME_KEYS)
    listed = read_locales(reader, data.get("locales"))
    reader.listed = listed or ()
    reader.locales = tuple(locale for locale in reader.listed if check_locale(locale) is None)
    fields: dict[str, Any] = {}
    zone = reader.string("timezone", data.get("timezone"))
    if zone is not None:  # None: not given (or not text, which string() has reported)
        fields["timezone"] = zone
        if check_timezone(zone) is None:  # else the model reports it
            reader.zone = zone
    read_organisations(reader, data.get("organisations", {}))
    read_people(reader, data.get("people", {}))
    reader.tags = read_labelled(reader, "tags", data.get("tags", {}), Tag, "tag")
    reader.kinds = read_labelled(reader, "kinds", data.get("kinds", {}), Kind, "kind")
    read_sessions(reader, data.get("sessions", []))
    organisers = reader.refs("organisers", data.get("organisers"), reader.orgs, "organisation")
    fields |= {
        "id": reader.string("id", data.get("id"), required=True),
        "title": reader.text("title", data.get("title"), required=True),
        "intro": reader.text("intro", data.get("intro")),
        "base_url": reader.string("base_url", data.get("base_url"), required=True),
        "locales": listed,
        "untranslated_locales": read_locales(
            reader,
            data.get("untranslated_locales", []),
            "untranslated_locales",
            "['de']",
        )
        or (),
        "sessions": tuple(reader.sessions),
        "people": reader.definitions("people", reader.people),
        "organisations": reader.definitions("organisations", reader.orgs),
        "organisers": tuple(organisers),
        "tags": reader.definitions("tags", reader.tags),
        "kinds": reader.definitions("kinds", reader.kinds),
        "image": reader.string("image", data.get("image")),
        "contact": read_contact(reader, data.get("contact")),
        "color": reader.string("color", data.get("color")),
        "templates": reader.string("templates", data.get("templates")),
    }
    if "free" in data:
        fields["free"] = data["free"]
    if "currency" in data and reader.string("currency", data["currency"]) is not None:
        fields["currency"] = data["currency"]
    if "updated" in data:
        fields["updated"] = reader.datetime("updated", data["updated"], reader.zone)
    if "refresh" in data:
        refresh = read_duration(reader, "refresh", data["refresh"])
        if refresh is not None:
            fields["refresh"] = refresh
    if "window" in data:
        window = read_window(reader, data["window"])
        if window is not None:
            fields["window"] = window
    if "facets" in data:  # the model checks the names
        fields["facets"] = data["facets"]
    failed = {name for name in _PROGRAMME_FAILED if name in fields and fields[name] is None}
    if failed:
        reader.stood["", None] = failed
    try:
        made = Programme(**with_values(fields, _PROGRAMME_FAILED, failed))
    except ProgrammeError as error:
        reader.place(error.problems)
        return None
    return None if failed or reader.c.problems else made


def read_locales(
    reader: Reader, value: object, path: str = "locales", example: str = "['nl', 'en']"
) -> tuple[str, ...] | None:
    if value is None:
        reader.problem(path, f"is required: the locales to publish, e.g. {example}")
        return None
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        reader.problem(path, f"must be a list of locales, e.g. {example}")
        return None
    return tuple(value)


def read_organisations(reader: Reader, value: object) -> None:
    table = reader.table("organisations", value)
    if table is None:
        return
    bodies: dict[str, Mapping[str, Any] | None] = {}
    for ident, entry in table.items():
        bodies[ident] = reader.table(f"organisations.{ident}", entry, {"name", "short_name", "url", "parent"})
    # Parents first, so that children can refer to them whatever the order in
    # the file; the ones whose parent is being made, in order, to find a cycle of parents.
    making: dict[str, None] = {}

    def make(ident: str) -> Organisation | None:
        if ident in reader.orgs or ident in reader.faulty["organisation"]:
            return reader.orgs.get(ident)
        if ident in making:
            # Cut the cycle where it closes: no organisation can be made on it.
            chain = [*making][[*making].index(ident) + 1 :]
            message = check_parents(ident, [*chain, ident])
            reader.problem(f"organisations.{ident}.parent", str(message))
            return None
        body = bodies[ident]
        if body is None:  # not a table: reported
            reader.faulty["organisation"].add(ident)
            return None
        path = f"organisations.{ident}"
        reader.began["organisations"][ident] = len(reader.c.problems)
        parent = None
        parent_id = reader.string(f"{path}.parent", body.get("parent"))
        if parent_id is not None:
            if parent_id in bodies:
                making[ident] = None
                parent = make(parent_id)
                del making[ident]
            elif parent_id not in reader.faulty["organisation"]:
                reader.problem(f"{path}.parent", unknown_ref(parent_id, bodies, "organisation"))
        fields = {
            "id": ident,
            "name": reader.text(f"{path}.name", body.get("name"), required=True),
            "short_name": reader.string(f"{path}.short_name", body.get("short_name")),
            "url": reader.string(f"{path}.url", body.get("url")),
            "parent": parent,
        }
        org = reader.define(
            "organisation", ident, Organisation, fields,
            failed_ins=_ORGANISATION_FAILED, stand_ins=_ORGANISATION_STAND_INS,
        )  # fmt: skip
        if org is not None:
            reader.orgs[ident] = org
        return org

    for ident in bodies:
        make(ident)


def read_people(reader: Reader, value: object) -> None:
    table = reader.table("people", value)
    if table is None:
        return
    for ident, entry in table.items():
        path = f"people.{ident}"
        reader.began["people"][ident] = len(reader.c.problems)
        body = reader.table(path, entry, {"name", "affiliation", "url", "job_title", "same_as"})
        if body is None:
            reader.faulty["person"].add(ident)
            continue
        affiliation = None
        org_id = reader.string(f"{path}.affiliation", body.get("affiliation"))
        if org_id is not None:
            affiliation = reader.orgs.get(org_id)
            if affiliation is None and org_id not in reader.faulty["organisation"]:
                reader.problem(f"{path}.affiliation", unknown_ref(org_id, reader.orgs, "organisation"))
        same_as = body.get("same_as", [])
        if not isinstance(same_as, list):
            reader.problem(f"{path}.same_as", "must be a list of URLs")
            same_as = None
        fields = {
            "id": ident,
            "name": reader.string(f"{path}.name", body.get("name"), required=True),
            "affiliation": affiliation,
            "url": reader.string(f"{path}.url", body.get("url")),
            "job_title": reader.text(f"{path}.job_title", body.get("job_title")),
            "same_as": None if same_as is None else tuple(same_as),
        }
        failed_ins, stand_ins = _PERSON_FAILED, _PERSON_STAND_INS
        person = reader.define("person", ident, Person, fields, failed_ins=failed_ins, stand_ins=stand_ins)
        if person is not None:
            reader.people[ident] = person


def read_labelled(
    reader: Reader, section: str, value: object, factory: type[_Labelled], what: str
) -> dict[str, _Labelled]:
    """Tags or kinds: each a label, written as the value itself or under ``label``."""
    table = reader.table(section, value)
    out: dict[str, _Labelled] = {}
    for ident, entry in (table or {}).items():
        path = f"{section}.{ident}"
        reader.began[section][ident] = len(reader.c.problems)
        label: object = entry
        if isinstance(entry, Mapping) and "label" in entry:
            reader.keys(path, entry, {"label"})
            label = entry["label"]
            path = f"{path}.label"
        fields = {"id": ident, "label": reader.text(path, label, required=True)}
        item = reader.define(what, ident, factory, fields, failed_ins=_LABEL, stand_ins=_LABEL)
        if item is not None:
            out[ident] = item
    return out


def read_sessions(reader: Reader, value: object) -> None:
    """Every entry of the list, as the programme's session at the same index.

    An entry that cannot be read stands in as a session whose problems are
    left out, so that the model's indexes are the file's (a duplicate id
    names the index of the first).
    """
    if not isinstance(value, list | Sessions):
        reader.problem("sessions", "must be a list of sessions ([[sessions]] tables)")
        return
    ident = _unused_id(value)
    failed_ins, stand_ins = {**_SESSION_FAILED, "id": ident}, {**_SESSION_STAND_INS, "id": ident}
    began = reader.began["sessions"]
    for i, entry in enumerate(value):
        path = f"sessions[{i}]"
        began[i] = len(reader.c.problems)
        body = reader.table(path, entry, _SESSION_KEYS)
        session = None if body is None else read_session(reader, i, body, failed_ins, stand_ins)
        if session is None:  # its problems are recorded: it stands in whole
            reader.stood["sessions", i] = None
            session = Session(**stand_ins)
        reader.sessions.append(session)


def read_session(
    reader: Reader,
    index: int,
    body: Mapping[str, Any],
    failed_ins: Mapping[str, Any],
    stand_ins: Mapping[str, Any],
) -> Session | None:
    path = f"sessions[{index}]"
    fields: dict[str, Any] = {
        "id": reader.string(f"{path}.id", body.get("id"), required=True),
        "kind": reader.string(f"{path}.kind", body.get("kind"), required=True),
        "title": reader.text(f"{path}.title", body.get("title"), required=True),
        "description": reader.text(f"{path}.description", body.get("description")),
        "language": reader.string(f"{path}.language", body.get("language"), required=True),
        "when": read_when(reader, f"{path}.when", body.get("when")),
        "location": read_location(reader, f"{path}.location", body.get("location")),
        "organisers": reader.refs(f"{path}.organisers", body.get("organisers"), reader.orgs, "organisation"),
        "supporters": reader.refs(f"{path}.supporters", body.get("supporters"), reader.orgs, "organisation"),
        "participants": read_participants(reader, path, body),
        "tags": reader.refs(f"{path}.tags", body.get("tags"), reader.tags, "tag"),
        "links": read_links(reader, f"{path}.links", body.get("links")),
        "recording": read_recording(reader, f"{path}.recording", body.get("recording")),
        "image": reader.string(f"{path}.image", body.get("image")),
    }
    fields["status"] = body.get("status", Status.SCHEDULED)
    zone = fields["when"].timezone if isinstance(fields["when"], Timed) else reader.zone
    if "previous_start" in body:
        prev = body["previous_start"]
        if isinstance(prev, str) and len(prev.strip()) == 10:  # a date, as to_dict() writes it
            prev = date_or_time(prev) or prev
        if isinstance(prev, dt.date) and not isinstance(prev, dt.datetime):
            fields["previous_start"] = prev
        else:
            fields["previous_start"] = reader.datetime(f"{path}.previous_start", prev, zone)
    for name in ("announced", "updated"):
        if name in body:
            fields[name] = reader.datetime(f"{path}.{name}", body[name], zone)
    if "sequence" in body:
        fields["sequence"] = body["sequence"]
    return reader.make(("sessions", index), Session, fields, failed_ins, stand_ins)


def read_participants(reader: Reader, path: str, body: Mapping[str, Any]) -> list[Participation]:
    """The people of every role, in the order of :class:`Role`: the model's, so its indexes are these.

    A person in a role is one value, however many sessions they have it in
    (values are frozen: sharing them changes nothing but the memory they take).
    """
    out: list[Participation] = []
    made = reader.participations
    for key, role in ROLE_KEYS.items():
        if key in body:
            for person in reader.refs(f"{path}.{key}", body[key], reader.people, "person"):
                found = made.get((person.id, role))
                if found is None or found.person is not person:
                    found = made[person.id, role] = Participation(person=person, role=role)
                out.append(found)
    return out


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
