"""schema.org JSON-LD: valid against the vocabulary, embedded safely, every fact where it belongs.

The markup is expanded offline by a real JSON-LD processor (PyLD) with a local
copy of the schema.org context, then every type and property is checked
against the schema.org 12.0 vocabulary shipped in ``tests/data/schemaorg``:
types exist, properties exist and are used on types that allow them, values
have a type the property allows, enumerations hold their members.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import importlib.util
import json
import re
import unittest.mock
import zoneinfo
from pathlib import Path
from typing import Any

import attrs
import html5lib
import pytest
from hypothesis import given, strategies as st
from pyld import jsonld

import _readers as readers
import sessionfeed as sf
from sessionfeed.exporters.jsonld import (
    EDUCATION_KINDS,
    EVENT_STATUSES,
    JSONLDExporter,
    _document,
    build_graph,
    build_session_graph,
    escape_for_script,
    event_id,
    event_type,
    iso_duration,
    iter_json,
    iter_script_tag,
    script_tag,
    to_json,
)
from sessionfeed.exporters.jsonld_graph import cleaned as _cleaned
from strategies import programmes, texts


ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data" / "schemaorg"
AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")
L = sf.LocalizedText
S = "https://schema.org/"


# --------------------------------------------------------------- the vocabulary


@attrs.frozen
class Vocabulary:
    """The schema.org vocabulary: classes with their parents, properties with domains and ranges."""

    parents: dict[str, frozenset[str]]
    domains: dict[str, frozenset[str]]
    ranges: dict[str, frozenset[str]]
    members: dict[str, frozenset[str]]  # enumeration member -> its enumeration types
    superseded: frozenset[str]

    def ancestors(self, cls: str) -> frozenset[str]:
        """``cls`` and every class it is a subclass of."""
        seen = {cls}
        todo = [cls]
        while todo:
            for parent in self.parents.get(todo.pop(), ()):
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        return frozenset(seen)


def _iris(value: Any) -> frozenset[str]:
    items = value if isinstance(value, list) else [value]
    return frozenset(item["@id"].replace("schema:", S) for item in items)


@functools.cache
def vocabulary() -> Vocabulary:
    doc = json.loads((DATA / "schemaorg-current-https-12.0.subset.jsonld").read_text(encoding="utf-8"))
    parents: dict[str, frozenset[str]] = {}
    domains: dict[str, frozenset[str]] = {}
    ranges: dict[str, frozenset[str]] = {}
    members: dict[str, frozenset[str]] = {}
    superseded = set()
    for node in doc["@graph"]:
        iri = node["@id"].replace("schema:", S)
        types = node["@type"] if isinstance(node["@type"], list) else [node["@type"]]
        if "schema:supersededBy" in node:
            superseded.add(iri)
        if "rdfs:Class" in types:
            parents[iri] = _iris(node.get("rdfs:subClassOf", []))
        if "rdf:Property" in types:
            domains[iri] = _iris(node.get("schema:domainIncludes", []))
            ranges[iri] = _iris(node.get("schema:rangeIncludes", []))
        enum_types = [t.replace("schema:", S) for t in types if t.startswith("schema:")]
        if enum_types:
            members[iri] = frozenset(enum_types)
    return Vocabulary(parents, domains, ranges, members, frozenset(superseded))


@functools.cache
def _context() -> dict[str, Any]:
    return json.loads((DATA / "schemaorgcontext-12.0.jsonld").read_text(encoding="utf-8"))


def offline_loader(url: str, options: object = None) -> dict[str, Any]:
    """Serve the schema.org context from test data; refuse everything else (no network)."""
    if url.rstrip("/") in {"https://schema.org", "http://schema.org"}:
        return {"contextUrl": None, "documentUrl": url, "document": _context()}
    message = f"the tests load nothing from the network: {url}"
    raise AssertionError(message)


def flatten(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """The document flattened by PyLD: one expanded node per @id, blank nodes for nested objects."""
    result = jsonld.flatten(doc, None, {"documentLoader": offline_loader})
    return [{k.replace("http://schema.org/", S): v for k, v in node.items()} for node in result]


def _types(node: dict[str, Any]) -> list[str]:
    return [t.replace("http://schema.org/", S) for t in node.get("@type", [])]


_DATE = re.compile(r"\d{4}-\d{2}(-\d{2}(T\d{2}:\d{2}:\d{2}([+-]\d{2}:\d{2}|Z))?)?")
_DURATION = re.compile(r"PT(\d+H)?(\d+M)?(\d+(\.\d+)?S)?")


def _literal_ok(vocab: Vocabulary, ranges: frozenset[str], value: dict[str, Any]) -> bool:
    literal = value["@value"]
    kinds = {r.removeprefix(S) for r in ranges}
    if isinstance(literal, bool):
        return "Boolean" in kinds
    if isinstance(literal, int | float):
        return bool(kinds & {"Number", "Integer", "Float"})
    if kinds & {"Text", "URL"}:
        return True
    if kinds & {"Date", "DateTime"}:
        return bool(_DATE.fullmatch(literal))
    if "Duration" in kinds:  # schema.org writes durations as ISO 8601 text
        return bool(_DURATION.fullmatch(literal))
    # An enumeration: the value must be one of its members.
    member_of = vocab.members.get(literal, frozenset())
    return any(vocab.ancestors(t) & ranges for t in member_of)


def schema_problems(doc: dict[str, Any]) -> list[str]:
    """Everything in ``doc`` that the schema.org vocabulary does not allow."""
    vocab = vocabulary()
    nodes = flatten(doc)
    by_id = {n["@id"]: n for n in nodes}
    closure = {n["@id"]: frozenset().union(*(vocab.ancestors(t) for t in _types(n))) for n in nodes}
    role = S + "Role"
    # The Role pattern: a Role carries the property that points to it (contributor -> Role -> contributor).
    role_links: dict[str, set[str]] = {}
    for node in nodes:
        for prop, values in node.items():
            for value in values if not prop.startswith("@") else []:
                if "@id" in value and role in closure.get(value["@id"], ()):
                    role_links.setdefault(value["@id"], set()).add(prop)
    problems = []
    for node in nodes:
        ident = node["@id"]
        types = _types(node)
        if not types and len(node) > 1:
            problems.append(f"{ident}: a node without @type")
        for t in types:
            if t not in vocab.parents:
                problems.append(f"{ident}: unknown type {t}")
            elif t in vocab.superseded:
                problems.append(f"{ident}: superseded type {t}")
        for prop, values in node.items():
            if prop.startswith("@"):
                continue
            name = prop.removeprefix(S)
            if prop not in vocab.domains:
                problems.append(f"{ident}: unknown property {prop}")
                continue
            if prop in vocab.superseded:
                problems.append(f"{ident}: superseded property {name}")
            allowed_here = vocab.domains[prop] & closure[ident] or prop in role_links.get(ident, ())
            if not allowed_here:
                problems.append(f"{ident}: {name} is not a property of {', '.join(types)}")
            for value in values:
                problems.extend(_value_problems(vocab, by_id, closure, ident, prop, value))
    return problems


def _value_problems(
    vocab: Vocabulary,
    by_id: dict[str, dict[str, Any]],
    closure: dict[str, frozenset[str]],
    ident: str,
    prop: str,
    value: dict[str, Any],
) -> list[str]:
    name = prop.removeprefix(S)
    ranges = vocab.ranges[prop]
    if "@value" in value:
        ok = _literal_ok(vocab, ranges, value)
        return [] if ok else [f"{ident}: {name} = {value['@value']!r} is not one of {sorted(ranges)}"]
    if S + "URL" in ranges:
        return []  # an IRI is a URL, whatever the document says about it (an event's url is its @id)
    target = by_id.get(value["@id"])
    if target is None or not _types(target):
        return [f"{ident}: {name} refers to {value['@id']}, which the document does not describe"]
    if closure[value["@id"]] & ranges or S + "Role" in closure[value["@id"]]:
        return []
    return [f"{ident}: {name} holds a {_types(target)}, not one of {sorted(ranges)}"]


# ------------------------------------------------------------------- fixtures


def nodes_by_id(graph: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {n["@id"]: n for n in graph["@graph"] if "@id" in n}


def event(graph: dict[str, Any], session_id: str) -> dict[str, Any]:
    (found,) = [n for n in graph["@graph"] if n.get("@id", "").endswith(f"#{session_id}")]
    return found


def small_programme(*, more_orgs: tuple[sf.Organisation, ...] = (), **session_fields: Any) -> sf.Programme:
    """A programme with one session; ``session_fields`` override its fields."""
    org = sf.Organisation(id="org", name=L({"nl": "Org", "en": "Org"}), url="https://org.example/")
    person = sf.Person(id="ann", name="Ann", affiliation=org, same_as=("https://orcid.example/ann",))
    fields: dict[str, Any] = {
        "id": "s1",
        "kind": "webinar",
        "language": "en",
        "title": L({"nl": "Titel", "en": "Title"}),
        "when": sf.Timed(
            start=dt.datetime(2026, 3, 12, 14, tzinfo=AMS), end=dt.datetime(2026, 3, 12, 15, tzinfo=AMS)
        ),
        "location": sf.Location(online=sf.Online(url="https://meet.example/1")),
        "participants": [sf.Participation(person=person, role="speaker")],
    }
    fields.update(session_fields)
    return sf.Programme(
        id="p",
        title=L({"nl": "Programma", "en": "Programme"}),
        base_url="https://example.org/p/",
        locales=("nl", "en"),
        sessions=[sf.Session(**fields)],
        people=[person],
        organisations=[org, *more_orgs],
        organisers=[org],
    )


@pytest.fixture(scope="module")
def demo_en(demo_programme: sf.Programme) -> dict[str, Any]:
    return build_graph(demo_programme, "en")


# ------------------------------------------------------------------ the contract


def test_exporter_contract():
    """The exporter is registered under its name and aliases, with the layout's file name."""
    exporter = sf.get_exporter("jsonld")
    assert isinstance(exporter, JSONLDExporter)
    assert sf.get_exporter("json-ld") is exporter
    assert sf.get_exporter("schema") is exporter
    assert sf.exporter_for_filename("events.jsonld") is exporter
    assert (exporter.name, exporter.title, exporter.media_type, exporter.filename) == (
        "jsonld", "schema.org JSON-LD", "application/ld+json", "events.jsonld",
    )  # fmt: skip


def test_render_reports_every_session_and_the_month_only_dates(seed_programme: sf.Programme):
    """Nothing is left out; the build summary says how many dates are only a month."""
    context = sf.Context(locale="nl", revisions=sf.Revisions.from_data(seed_programme))
    rendering = JSONLDExporter().render(seed_programme, context)
    assert rendering.included == tuple(s.id for s in seed_programme.sessions)
    assert rendering.omitted == ()
    assert rendering.notes == (
        "startDate is only a month (YYYY-MM) for 10 sessions, which search engines may not "
        "accept; see `sessionfeed check`",
    )
    assert json.loads(rendering.files[0].content) == build_graph(seed_programme, "nl")


def test_export_is_deterministic(demo_programme: sf.Programme):
    """The same programme gives the same bytes: UTF-8, indented, one newline at the end."""
    exporter = JSONLDExporter()
    first = exporter.export(demo_programme, locale="nl")
    assert first == exporter.export(demo_programme, locale="nl")
    assert first.endswith(b"}\n")
    assert "Zoë Ångström-Nguyễn".encode() in first


@pytest.mark.parametrize("name", ["ser-access-to-remedy", "upcoming-demo"])
@pytest.mark.parametrize("locale", ["nl", "en"])
def test_golden(name: str, locale: str, golden: Any):
    """Both examples match their reviewed golden files."""
    programme = sf.load(ROOT / "examples" / f"{name}.toml")
    golden(f"{name}.{locale}.jsonld", JSONLDExporter().export(programme, locale=locale))


def test_unknown_locale_is_a_clear_error(demo_programme: sf.Programme):
    with pytest.raises(ValueError, match=r"locale 'de' is not one of the programme's locales \(nl, en\)"):
        build_graph(demo_programme, "de")


# ------------------------------------------------------------ schema.org validity


def test_the_validator_catches_mistakes():
    """The vocabulary check is not vacuous: each kind of mistake is reported."""
    doc = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "Webinar", "@id": "https://e.org/#a", "name": "x"},
            {"@type": "Event", "@id": "https://e.org/#b", "jobTitle": "x", "perfomer": "y",
             "eventStatus": "https://schema.org/Scheduled", "superEvent": {"@id": "https://e.org/#gone"},
             "organizer": {"@type": "Place", "name": "x"}, "startDate": "12 March"},
        ],
    }  # fmt: skip
    problems = "\n".join(schema_problems(doc))
    for expected in (
        "unknown type https://schema.org/Webinar",
        "jobTitle is not a property of https://schema.org/Event",
        "unknown property https://schema.org/perfomer",
        "eventStatus = 'https://schema.org/Scheduled'",
        "superEvent refers to https://e.org/#gone",
        "organizer holds a ['https://schema.org/Place']",
        "startDate = '12 March'",
    ):
        assert expected in problems


@pytest.mark.parametrize("name", ["ser-access-to-remedy", "upcoming-demo"])
@pytest.mark.parametrize("locale", ["nl", "en"])
def test_examples_are_valid_schemaorg(name: str, locale: str):
    """Every type and property of both examples is allowed by the schema.org vocabulary."""
    programme = sf.load(ROOT / "examples" / f"{name}.toml")
    assert schema_problems(build_graph(programme, locale)) == []
    for session in programme.sessions:
        assert schema_problems(build_session_graph(programme, session, locale)) == []


# ---------------------------------------------------------------- graph structure


def test_people_and_organisations_appear_once_and_are_referenced(demo_en: dict[str, Any]):
    """Each person and organisation is one node; events refer to them by @id."""
    ids = [n["@id"] for n in demo_en["@graph"]]
    assert len(ids) == len(set(ids))
    base = "https://events.example.org/demo/"
    people = [n["@id"] for n in demo_en["@graph"] if n["@type"] == "Person"]
    assert people == [f"{base}#person-{p}" for p in ("ines", "lukasz", "ngozi", "soren", "zoe")]  # by id
    orgs = [n["@id"] for n in demo_en["@graph"] if n["@type"] == "Organization"]
    assert orgs == [
        f"{base}#org-{o}" for o in ("atelier-noord", "fair-chains-lab", "kolkata-forum", "open-dialogue")
    ]  # by id
    nodes = nodes_by_id(demo_en)
    assert nodes[f"{base}#person-zoe"] == {
        "@type": "Person", "@id": f"{base}#person-zoe", "name": "Zoë Ångström-Nguyễn",
        "jobTitle": "Programme lead", "affiliation": {"@id": f"{base}#org-open-dialogue"},
    }  # fmt: skip
    assert "affiliation" not in nodes[f"{base}#person-ines"]
    assert nodes[f"{base}#org-fair-chains-lab"]["parentOrganization"] == {"@id": f"{base}#org-open-dialogue"}
    assert nodes[f"{base}#org-open-dialogue"]["alternateName"] == "SOG"
    assert nodes[f"{base}#org-atelier-noord"]["name"] == "Atelier North"


def test_organisation_names_follow_the_page_locale(demo_programme: sf.Programme):
    nodes = nodes_by_id(build_graph(demo_programme, "nl"))
    assert nodes["https://events.example.org/demo/#org-atelier-noord"]["name"] == "Atelier Noord"


def test_series_and_events_link_both_ways(demo_en: dict[str, Any], demo_programme: sf.Programme):
    """The programme is an EventSeries whose subEvents are the events, each with superEvent back."""
    series = demo_en["@graph"][0]
    assert series["@type"] == "EventSeries"
    assert series["@id"] == "https://events.example.org/demo/en/#_programme"
    assert series["name"] == "Open Dialogue: programme 2027"
    assert series["url"] == "https://events.example.org/demo/en/"
    assert series["organizer"] == {"@id": "https://events.example.org/demo/#org-open-dialogue"}
    events = demo_en["@graph"][1 : 1 + len(demo_programme.sessions)]
    assert series["subEvent"] == [{"@id": e["@id"]} for e in events]
    assert all(e["superEvent"] == {"@id": series["@id"]} for e in events)
    assert [e["@id"].rpartition("#")[2] for e in events] == [s.id for s in demo_programme.sessions]


def test_ids_come_from_ids_not_titles():
    """Retitling, rescheduling or giving a session its own page keeps every @id."""
    before = small_programme()
    session = before.sessions[0]
    changed = attrs.evolve(
        session,
        title=L({"nl": "Nieuw", "en": "New"}),
        when=sf.AllDay(start=dt.date(2026, 5, 1), end=dt.date(2026, 5, 1)),
        links=sf.Links(page="https://elsewhere.example/s1"),
    )
    after = attrs.evolve(before, sessions=[changed])
    ids = [[n["@id"] for n in build_graph(p, "nl")["@graph"]] for p in (before, after)]
    assert ids[0] == ids[1]
    assert event(build_graph(after, "nl"), "s1")["url"] == "https://elsewhere.example/s1"


def test_one_session_graph_has_its_people_and_the_series(demo_programme: sf.Programme):
    """A session's own markup holds its event, the series it belongs to, and only its people."""
    graph = build_session_graph(demo_programme, demo_programme.session("repair-workshop"), "nl")
    assert [n["@type"] for n in graph["@graph"]] == [
        "EducationEvent", "EventSeries", "Organization", "Organization", "Person", "Person",
    ]  # fmt: skip
    assert graph["@graph"][1] == {
        "@type": "EventSeries",
        "@id": "https://events.example.org/demo/nl/#_programme",
        "name": "Open Gesprek: programma 2027",
        "url": "https://events.example.org/demo/nl/",
    }


# ----------------------------------------------------- the demo, property by property


def test_online_session(demo_en: dict[str, Any]):
    """Online: a VirtualLocation with the join URL, the offset in the dates, a free offer."""
    e = event(demo_en, "grievance-basics")
    assert e["@type"] == "Event"
    assert e["name"] == "Grievance mechanisms: the basics"
    assert e["description"].startswith("An introduction for beginners")
    assert e["inLanguage"] == "nl"
    assert e["url"] == "https://events.example.org/demo/en/#grievance-basics"
    assert e["image"] == "https://events.example.org/demo/banner.png"
    assert e["startDate"] == "2027-03-11T14:00:00+01:00"
    assert e["endDate"] == "2027-03-11T15:30:00+01:00"
    assert e["eventStatus"] == "https://schema.org/EventScheduled"
    assert "previousStartDate" not in e
    assert e["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert e["location"] == {
        "@type": "VirtualLocation", "name": "Jitsi", "url": "https://meet.example.org/grievance-basics",
    }  # fmt: skip
    assert e["isAccessibleForFree"] is True
    assert e["offers"] == {
        "@type": "Offer", "price": 0, "priceCurrency": "EUR",
        "url": "https://events.example.org/demo/register/grievance-basics",
    }  # fmt: skip
    base = "https://events.example.org/demo/#person-"
    assert e["performer"] == [{"@id": base + "zoe"}, {"@id": base + "lukasz"}, {"@id": base + "ines"}]
    assert [(r["roleName"], r["contributor"]["@id"]) for r in e["contributor"]] == [
        ("moderator", base + "zoe"), ("speaker", base + "lukasz"), ("speaker", base + "ines"),
    ]  # fmt: skip
    assert e["about"] == {"@type": "Thing", "name": "access to remedy"}


def test_hybrid_session(demo_en: dict[str, Any]):
    """Hybrid: mixed attendance, a VirtualLocation and a Place with its postal address."""
    e = event(demo_en, "hybrid-launch")
    assert e["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert e["location"] == [
        {"@type": "VirtualLocation", "name": "Jitsi", "url": "https://meet.example.org/launch"},
        {
            "@type": "Place",
            "name": "Atelier Noord",
            "address": {
                "@type": "PostalAddress", "streetAddress": "Havenstraat 1", "postalCode": "1000 AA",
                "addressLocality": "Amsterdam", "addressCountry": "NL",
            },
            "url": "https://atelier.example.org/",
        },
    ]  # fmt: skip
    assert (e["startDate"], e["endDate"]) == ("2027-02-04T15:00:00+01:00", "2027-02-04T17:00:00+01:00")


def test_in_person_multi_day_workshop(demo_en: dict[str, Any]):
    """A three-day workshop: an EducationEvent with dates only, in person, its own organiser."""
    e = event(demo_en, "repair-workshop")
    assert e["@type"] == "EducationEvent"
    assert (e["startDate"], e["endDate"]) == ("2027-05-10", "2027-05-12")
    assert e["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert e["location"]["@type"] == "Place"
    assert e["organizer"] == {"@id": "https://events.example.org/demo/#org-fair-chains-lab"}
    assert [r["roleName"] for r in e["contributor"]] == ["trainer", "trainer"]


def test_cancelled_session(demo_en: dict[str, Any]):
    """Cancelled: EventCancelled with the original dates kept, and no previousStartDate."""
    e = event(demo_en, "cancelled-webinar")
    assert e["eventStatus"] == "https://schema.org/EventCancelled"
    assert (e["startDate"], e["endDate"]) == ("2027-01-21T16:00:00+01:00", "2027-01-21T17:00:00+01:00")
    assert "previousStartDate" not in e
    assert e["name"] == "Audits and their limits"
    assert e["location"] == {"@type": "VirtualLocation"}


def test_rescheduled_session(demo_en: dict[str, Any]):
    """Rescheduled: EventRescheduled, the new start, and the previous start with its offset."""
    e = event(demo_en, "rescheduled-interview")
    assert e["eventStatus"] == "https://schema.org/EventRescheduled"
    assert e["startDate"] == "2027-02-11T11:00:00+01:00"
    assert e["previousStartDate"] == "2027-01-14T11:00:00+01:00"
    assert e["inLanguage"] == "nl"
    assert e["description"] == "Søren vertelt over tien jaar ketenwerk in de textiel."  # the nl fallback
    base = "https://events.example.org/demo/#person-"
    assert [(r["roleName"], r["contributor"]["@id"]) for r in e["contributor"]] == [
        ("interviewer", base + "ines"), ("interviewee", base + "soren"),
    ]  # fmt: skip


def test_postponed_session(demo_en: dict[str, Any]):
    """Postponed with no date yet: EventPostponed and no startDate (a missing fact is a missing property)."""
    e = event(demo_en, "postponed-masterclass")
    assert e["eventStatus"] == "https://schema.org/EventPostponed"
    assert e["@type"] == "EducationEvent"
    assert "startDate" not in e
    assert "endDate" not in e


def test_recorded_session(demo_en: dict[str, Any]):
    """A recording is a VideoObject in recordedIn with what Google's video markup needs."""
    e = event(demo_en, "autumn-recap")
    assert e["recordedIn"] == {
        "@type": "VideoObject",
        "name": "Looking back: the 2026 autumn series",
        "description": "The recording of our look back at the autumn series.",
        "thumbnailUrl": "https://media.example.org/autumn-recap.jpg",
        "uploadDate": "2026-10-09",
        "contentUrl": "https://media.example.org/autumn-recap.mp4",
        "encodingFormat": "video/mp4",
        "duration": "PT58M12S",
        "inLanguage": "en",
    }
    assert e["location"] == {"@type": "VirtualLocation", "name": "Jitsi"}


def test_dates_carry_the_offset_of_their_own_zone(demo_en: dict[str, Any]):
    """Across the DST change the offset changes; another zone keeps its own offset."""
    night = event(demo_en, "night-owls")
    assert (night["startDate"], night["endDate"]) == (
        "2027-03-28T01:00:00+01:00",
        "2027-03-28T04:00:00+02:00",
    )
    assert event(demo_en, "kolkata-roundtable")["startDate"] == "2027-04-15T18:30:00+05:30"


def test_names_follow_the_page_locale_and_inlanguage_the_session(demo_programme: sf.Programme):
    """The nl page has Dutch names; inLanguage stays the session's language."""
    e = event(build_graph(demo_programme, "nl"), "grievance-basics")
    assert e["name"] == "Klachtenmechanismen: de basis"
    assert e["inLanguage"] == "nl"
    assert e["@id"] == "https://events.example.org/demo/nl/#grievance-basics"
    assert event(build_graph(demo_programme, "nl"), "night-owls")["inLanguage"] == "en"


# ----------------------------------------------------------- the seed, month-only


def test_month_only_sessions_get_the_month_and_nothing_made_up(seed_programme: sf.Programme):
    """A session known by month has startDate "2023-12", no endDate, and no invented facts."""
    graph = build_graph(seed_programme, "nl")
    e = event(graph, "joint-industry-efforts-towards-remedy")
    assert e["startDate"] == "2023-12"
    assert "endDate" not in e
    assert e["inLanguage"] == "en"
    assert e["description"].startswith("Engelstalig webinar")
    assert e["location"] == {"@type": "VirtualLocation"}
    for key in ("image", "offers", "isAccessibleForFree", "previousStartDate"):
        assert key not in e
    interview = event(graph, "interview-david-kovick")
    assert "location" not in interview
    assert "eventAttendanceMode" not in interview
    assert interview["performer"] == {"@id": "https://example.org/access-to-remedy/#person-david-kovick"}


def test_unknown_date_has_no_dates():
    """A session with no date has no startDate and no endDate."""
    e = build_graph(small_programme(when=sf.Unknown()), "en")["@graph"][1]
    assert "startDate" not in e
    assert "endDate" not in e


def test_supporters_are_sponsors_and_moved_online():
    """Supporters become sponsor; moved online is EventMovedOnline with its VirtualLocation."""
    shift = sf.Organisation(id="shift", name=L({"en": "Shift"}))
    programme = small_programme(status="moved-online", supporters=[shift], more_orgs=(shift,))
    e = build_graph(programme, "en")["@graph"][1]
    assert e["eventStatus"] == "https://schema.org/EventMovedOnline"
    assert e["location"] == {"@type": "VirtualLocation", "url": "https://meet.example/1"}
    assert e["sponsor"] == {"@id": "https://example.org/p/#org-shift"}
    assert schema_problems(build_graph(programme, "en")) == []


def test_not_free_and_audio_and_video_pages():
    """free = false says so without an offer; audio is an AudioObject; a page is a url, not contentUrl."""
    audio = sf.Recording(url="https://m.example/a.mp3", media_type="audio/mpeg")
    programme = attrs.evolve(small_programme(recording=audio), free=False)
    e = build_graph(programme, "en")["@graph"][1]
    assert e["isAccessibleForFree"] is False
    assert "offers" not in e
    assert e["recordedIn"]["@type"] == "AudioObject"
    assert e["recordedIn"]["contentUrl"] == "https://m.example/a.mp3"
    page = sf.Recording(url="https://video.example/watch?v=1", embed_url="https://video.example/embed/1")
    video = build_graph(small_programme(recording=page), "en")["@graph"][1]["recordedIn"]
    assert video["url"] == "https://video.example/watch?v=1"
    assert video["embedUrl"] == "https://video.example/embed/1"
    assert "contentUrl" not in video
    assert schema_problems(build_graph(small_programme(recording=page), "en")) == []


def test_event_types():
    """Teaching kinds are EducationEvent; the rest (webinar, interview, ...) plain Event."""
    assert set(sf.BUILTIN_KINDS) >= EDUCATION_KINDS
    assert {k for k in sf.BUILTIN_KINDS if event_type(k) == "EducationEvent"} == EDUCATION_KINDS
    assert event_type("webinar") == event_type("interview") == event_type("hackathon") == "Event"


@pytest.mark.parametrize(
    ("duration", "text"),
    [
        (dt.timedelta(minutes=58, seconds=12), "PT58M12S"),
        (dt.timedelta(hours=1, minutes=30), "PT1H30M"),
        (dt.timedelta(days=1, hours=2), "PT26H"),
        (dt.timedelta(seconds=1.5), "PT1.5S"),
        (dt.timedelta(hours=2), "PT2H"),
    ],
)
def test_iso_duration(duration: dt.timedelta, text: str):
    assert iso_duration(duration) == text


# ---------------------------------------------------------------------- embedding


def parse_page(tag: str) -> Any:
    page = f"<!DOCTYPE html><html><head><title>t</title>{tag}</head><body><p id=after>after</p></body></html>"
    return html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(page)


def script_json(tag: str) -> Any:
    """Parse the page the tag is in; return the script's JSON, checking nothing escaped the element."""
    tree = parse_page(tag)
    scripts = list(tree.iter("script"))
    assert len(scripts) == 1
    assert scripts[0].get("type") == "application/ld+json"
    assert [p.get("id") for p in tree.iter("p")] == ["after"]
    text = scripts[0].text
    assert not set(text) & {"<", ">", "&", "\u2028", "\u2029"}
    return json.loads(text)


def test_script_tag_escapes_what_could_end_the_element():
    """</script>, <!-- and & in the data are \\u escapes inside the element and parse back the same."""
    nasty = "</script><script>alert(1)</script><!-- & -->"
    tag = script_tag(small_programme(title=L({"nl": nasty, "en": nasty})), locale="en")
    assert "\\u003c/script\\u003e" in tag
    assert "\\u003c!--" in tag
    assert "\\u0026" in tag
    assert tag.startswith('<script type="application/ld+json">\n')
    assert tag.endswith("\n</script>")
    assert script_json(tag)["@graph"][1]["name"] == nasty


def test_escape_for_script_keeps_the_data():
    text = json.dumps({"a": "<>&\u2028\u2029"}, ensure_ascii=False)
    assert json.loads(escape_for_script(text)) == {"a": "<>&\u2028\u2029"}
    assert escape_for_script(text) == '{"a": "\\u003c\\u003e\\u0026\\u2028\\u2029"}'


@given(st.text(st.characters(blacklist_categories=("Cs",))))
def test_any_string_survives_the_script_escape(text: str):
    """Every character (controls, noncharacters, astral) comes back; the page parses without error."""
    tag = (
        '<script type="application/ld+json">'
        + escape_for_script(json.dumps([text], ensure_ascii=False))
        + "</script>"
    )
    assert script_json(tag) == [text]


@given(programme=programmes(max_sessions=3), data=st.data())
def test_any_programme_is_valid_and_stays_inside_the_script_element(
    programme: sf.Programme, data: st.DataObject
):
    """Whatever the programme holds (nasty text in every field, every date, place and status):

    the markup stays within the schema.org vocabulary with no dangling @id, and
    in a page it never breaks out of its element and parses back to the same data.
    """
    locale = data.draw(st.sampled_from(programme.locales))
    graph = build_graph(programme, locale)
    assert schema_problems(graph) == []
    assert script_json(script_tag(programme, locale=locale)) == graph
    for session in programme.sessions:
        tag = script_tag(programme, locale=locale, session=session)
        assert script_json(tag) == build_session_graph(programme, session, locale)


@given(title=texts(), description=texts(), name=texts(), venue=texts(), org=texts())
def test_every_text_field_parses_back_to_the_same_text(
    title: str, description: str, name: str, venue: str, org: str
):
    """Title, description, person, organisation and venue names come back exactly as given."""
    organisation = sf.Organisation(id="o", name=L({"en": org}))
    person = sf.Person(id="x", name=name, affiliation=organisation)
    programme = sf.Programme(
        id="p", title=L({"en": title}), base_url="https://example.org/", locales=("en",),
        people=[person], organisations=[organisation],
        sessions=[sf.Session(
            id="s", kind="talk", language="en", title=L({"en": title}), description=L({"en": description}),
            location=sf.Location(venue=sf.Venue(name=venue)),
            participants=[sf.Participation(person=person, role="speaker")],
        )],
    )  # fmt: skip
    graph = script_json(script_tag(programme, locale="en", session="s"))["@graph"]
    # Exactly as given, less what HTML does not allow (docs/promises.md).
    assert (graph[0]["name"], graph[0]["description"], graph[0]["location"]["name"]) == (
        carried(title),
        carried(description),
        carried(venue),
    )
    assert [n["name"] for n in graph[2:]] == [carried(org), carried(name)]


def carried(text: str) -> str:
    """A text as JSON-LD carries it: without the controls (but TAB, LF, CR) and noncharacters."""
    return "".join(ch for ch in text if ch == "\r" or not readers.DROP_MARKUP.fullmatch(ch))


def test_script_tag_for_a_session_by_object_or_id(demo_programme: sf.Programme):
    session = demo_programme.session("autumn-recap")
    by_object = script_tag(demo_programme, locale="en", session=session)
    assert by_object == script_tag(demo_programme, locale="en", session="autumn-recap")
    assert script_json(by_object)["@graph"][0]["@id"] == "https://events.example.org/demo/en/#autumn-recap"


def test_script_tag_refuses_what_is_not_there(demo_programme: sf.Programme):
    with pytest.raises(ValueError, match="session 'nope' is not in the programme 'upcoming-demo'"):
        script_tag(demo_programme, locale="en", session="nope")
    stranger = attrs.evolve(demo_programme.session("autumn-recap"), title=L({"en": "Other"}))
    with pytest.raises(ValueError, match="differs from the programme's session"):
        script_tag(demo_programme, locale="en", session=stranger)
    with pytest.raises(ValueError, match="locale 'fr'"):
        script_tag(demo_programme, locale="fr")


def test_top_level_name_and_the_programme_page(demo_programme: sf.Programme):
    """sessionfeed.script_tag is this function, and the programme page embeds its output."""
    assert sf.script_tag is script_tag
    page = sf.get_exporter("html").export(demo_programme, locale="nl").decode()
    tag = script_tag(demo_programme, locale="nl")
    assert tag in page
    scripts = list(html5lib.parse(page, namespaceHTMLElements=False).iter("script"))
    assert [json.loads(s.text) for s in scripts] == [build_graph(demo_programme, "nl")]


def test_to_json_is_the_file_text(demo_programme: sf.Programme):
    graph = build_graph(demo_programme, "en")
    assert to_json(graph).encode() == JSONLDExporter().export(demo_programme, locale="en")


# ------------------------------------------------------------------- docs and bench


def test_docs_name_every_status_and_education_kind():
    """docs/jsonld.md documents each eventStatus value and the EducationEvent kinds."""
    docs = (ROOT / "docs" / "jsonld.md").read_text(encoding="utf-8")
    for status, iri in EVENT_STATUSES.items():
        assert status.value in docs
        assert iri.removeprefix(S) in docs
    for kind in EDUCATION_KINDS:
        assert kind in docs


PAGE_RECORDING = sf.Recording(
    url="https://video.example/watch?v=1",
    embed_url="https://video.example/embed/1",
    duration=dt.timedelta(seconds=90),  # durations are whole seconds (the model refuses a fraction)
)


def test_benchmark_compares_like_with_like(demo_programme: sf.Programme, seed_programme: sf.Programme):
    """The benchmark's hand-built dicts give exactly the same JSON, so its ratio is fair."""
    spec = importlib.util.spec_from_file_location("bench_jsonld", ROOT / "bench" / "bench_jsonld.py")
    assert spec is not None
    assert spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    programme = bench.make_programme(60, seed=3)
    assert bench.run_sessionfeed(programme) == bench.run_handbuilt(programme)
    assert bench.run_sessionfeed(programme, indent=True) == bench.run_handbuilt(programme, indent=True)
    for other in (demo_programme, seed_programme, small_programme(recording=PAGE_RECORDING)):
        assert bench.run_sessionfeed(other) == bench.run_handbuilt(other)


# ---------------------------------------------------------------------- streaming


def test_events_jsonld_is_made_as_it_is_read(demo_programme: sf.Programme, monkeypatch: pytest.MonkeyPatch):
    """events.jsonld comes in pieces, each event made only when its piece is read.

    Joined, the pieces are ``export()``, ``to_json(build_graph(...))``, with every session's event.
    """
    from sessionfeed.exporters import jsonld_graph as module
    from sessionfeed.words import compose as _compose

    made: list[str] = []
    make_event = module._event

    def counting_event(programme: sf.Programme, session: sf.Session, locale: str, refs: Any) -> Any:
        made.append(session.id)
        return make_event(programme, session, locale, refs)

    expected = to_json(build_graph(demo_programme, "nl")).encode("utf-8")
    monkeypatch.setattr(module, "_event", counting_event)
    monkeypatch.setattr(_compose, "PIECE_CHARS", 1)
    rendering = JSONLDExporter().render(
        demo_programme, sf.Context(locale="nl", revisions=sf.Revisions.from_data(demo_programme))
    )
    assert made == [], "nothing is made before the file is read"
    made_when_read: list[int] = []
    pieces: list[bytes] = []
    for piece in rendering.files[0].chunks():
        made_when_read.append(len(made))
        pieces.append(piece)
    sessions = len(demo_programme.sessions)
    assert sessions > 1
    assert sorted(set(made_when_read)) == list(range(sessions + 1)), "pieces are read between the events"
    assert b"".join(pieces) == expected
    assert rendering.files[0].content == expected, "a second read gives the same bytes"
    assert JSONLDExporter().export(demo_programme, locale="nl") == expected
    graph = json.loads(expected)["@graph"]
    ids = {node["@id"] for node in graph}
    assert all(event_id(demo_programme, s, "nl") in ids for s in demo_programme.sessions)


def test_the_streamed_exporter_still_refuses_an_unknown_locale(demo_programme: sf.Programme):
    with pytest.raises(ValueError, match="locale 'fr'"):
        JSONLDExporter().render(
            demo_programme, sf.Context(locale="fr", revisions=sf.Revisions.from_data(demo_programme))
        )
    with pytest.raises(ValueError, match="locale 'fr'"):
        iter_json(demo_programme, "fr")
    with pytest.raises(ValueError, match="locale 'fr'"):
        iter_script_tag(demo_programme, locale="fr")


@given(programme=programmes(max_sessions=3), data=st.data())
def test_any_programme_streamed_is_the_document(programme: sf.Programme, data: st.DataObject):
    """Whatever the texts hold, the file and the element joined from small pieces are those made at once."""
    from sessionfeed.words import compose as _compose

    locale = data.draw(st.sampled_from(programme.locales))
    graph = build_graph(programme, locale)
    compact = json.dumps(graph, ensure_ascii=False, separators=(",", ":"))
    element = '<script type="application/ld+json">\n' + escape_for_script(compact) + "\n</script>"
    with unittest.mock.patch.object(_compose, "PIECE_CHARS", 3):
        file_pieces = list(iter_json(programme, locale))
        element_pieces = list(iter_script_tag(programme, locale=locale))
    assert "".join(file_pieces) == to_json(graph)
    assert "".join(element_pieces) == element == script_tag(programme, locale=locale)
    assert len(file_pieces) > len(programme.sessions) + 1
    assert len(element_pieces) > 2
    assert script_json(element) == graph


_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=5), inner, max_size=4)
        | st.dictionaries(st.integers(), inner, max_size=2)
    ),
    max_leaves=12,
)


@given(st.lists(st.dictionaries(st.text(max_size=5), _JSON_VALUES, max_size=4), min_size=1, max_size=4), st.booleans())
def test_a_document_written_node_by_node_is_what_json_dumps_writes(nodes: list[dict[str, Any]], indent: bool):
    """The graph's nodes, written one at a time as they are made, give json.dumps of the whole document, cleaned.

    Whatever the texts hold: a node is cleaned when its JSON text shows it may need it, and a
    node that needs it is never written without.
    """
    cleaned = [_cleaned(copy.deepcopy(node), None) for node in nodes]
    expected = json.dumps(
        {"@context": "https://schema.org", "@graph": cleaned},
        ensure_ascii=False,
        **({"indent": 2} if indent else {"separators": (",", ":")}),
    )
    assert "".join(_document(((node, None, None, None) for node in nodes), indent=indent)) == expected


@given(
    st.dictionaries(st.text(max_size=5).filter(lambda k: k != "subEvent"), _JSON_VALUES, min_size=1, max_size=4),
    st.lists(st.dictionaries(st.text(max_size=5), _JSON_VALUES, max_size=3), min_size=1, max_size=4),
    st.booleans(),
)
def test_a_last_list_written_item_by_item_is_what_json_dumps_writes(
    node: dict[str, Any], items: list[dict[str, Any]], indent: bool
) -> None:
    """The series' ``subEvent``, one item at a time as it is made, is json.dumps of the node with its list."""
    whole = _cleaned({**copy.deepcopy(node), "subEvent": copy.deepcopy(items)}, None)
    expected = json.dumps(
        {"@context": "https://schema.org", "@graph": [whole, {"@id": "x"}]},
        ensure_ascii=False,
        **({"indent": 2} if indent else {"separators": (",", ":")}),
    )
    parts = [(node, None, None, iter(items)), ({"@id": "x"}, None, None, None)]
    assert "".join(_document(parts, indent=indent)) == expected
