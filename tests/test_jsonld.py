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
import google_rich_results as rich
import sessionfeed as sf
from sessionfeed.exporters.jsonld import (
    JSONLDExporter,
    _document,
    _iter_script_tag,
    _iter_session_script_tag,
    build_graph,
    build_list_graph,
    build_session_graph,
    escape_for_script,
    iter_json,
    iter_script_tag,
    script_tag,
    to_json,
)
from sessionfeed.exporters.jsonld_graph import (
    EDUCATION_KINDS,
    EVENT_STATUSES,
    cleaned as _cleaned,
    event_id,
    event_type,
    iso_duration,
)
from sessionfeed.words.escaping import html_clean
from strategies import programmes, texts, urls


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


def recording(graph: dict[str, Any], session_id: str) -> dict[str, Any]:
    (found,) = [n for n in graph["@graph"] if n.get("@id", "").endswith(f"#_recording-{session_id}")]
    return found


def has_event(graph: dict[str, Any], session_id: str) -> bool:
    return any(n.get("@id", "").endswith(f"#{session_id}") for n in graph["@graph"])


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


def test_render_reports_the_sessions_without_an_event(seed_programme: sf.Programme):
    """A session without an Event is reported left out, with the reason; its recording is still described."""
    context = sf.Context(locale="nl", revisions=sf.Revisions.from_data(seed_programme))
    rendering = JSONLDExporter().render(seed_programme, context)
    assert rendering.included == ()
    assert [(o.session, o.reason) for o in rendering.omitted] == [
        (
            s.id,
            "only the month is known: no event search engines accept"
            + ("; its recording is described" if s.recording is not None else ""),
        )
        for s in seed_programme.sessions
    ]
    assert json.loads(rendering.files[0].content) == build_graph(seed_programme, "nl")
    demo = sf.load(ROOT / "examples" / "upcoming-demo.toml")
    rendering = JSONLDExporter().render(demo, sf.Context(locale="en", revisions=sf.Revisions.from_data(demo)))
    assert [(o.session, o.reason) for o in rendering.omitted] == [
        ("postponed-masterclass", "no date: no event search engines accept"),
    ]
    assert len(rendering.included) == len(demo.sessions) - 1


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
    assert schema_problems(build_list_graph(programme, locale)) == []
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


def test_the_programme_is_a_list_of_its_session_pages(demo_en: dict[str, Any], demo_programme: sf.Programme):
    """The programme is an ItemList (Google's summary page) of its sessions' pages, not an EventSeries."""
    programme_node = demo_en["@graph"][0]
    assert programme_node["@type"] == "ItemList"
    assert programme_node["@id"] == "https://events.example.org/demo/en/#_programme"
    assert programme_node["name"] == "Open Dialogue: programme 2027"
    assert programme_node["url"] == "https://events.example.org/demo/en/"
    assert programme_node["numberOfItems"] == len(demo_programme.sessions)
    assert programme_node["itemListElement"] == [
        {"@type": "ListItem", "position": i, "url": f"https://events.example.org/demo/en/sessions/{s.id}/"}
        for i, s in enumerate(demo_programme.sessions, start=1)
    ]
    assert not [n for n in demo_en["@graph"] if n["@type"] == "EventSeries" or "superEvent" in n]


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


def test_one_session_graph_has_its_event_and_only_its_people(demo_programme: sf.Programme):
    """A session's own markup holds its event and only the people and organisations it names."""
    graph = build_session_graph(demo_programme, demo_programme.session("repair-workshop"), "nl")
    assert [n["@type"] for n in graph["@graph"]] == [
        "EducationEvent", "Organization", "Organization", "Person", "Person",
    ]  # fmt: skip
    recorded = build_session_graph(demo_programme, demo_programme.session("autumn-recap"), "nl")
    assert [n["@type"] for n in recorded["@graph"]][:2] == ["Event", "VideoObject"]


def test_the_pages_elements(demo_programme: sf.Programme):
    """The programme page gets the list; a session page its graph; a session with nothing gets no element."""
    whole = "".join(_iter_script_tag(demo_programme, "en"))
    assert script_json(whole) == build_list_graph(demo_programme, "en")
    chosen = demo_programme.sessions[:2]
    some = script_json("".join(_iter_script_tag(demo_programme, "en", sessions=chosen)))
    assert [i["url"] for i in some["@graph"][0]["itemListElement"]] == [
        f"https://events.example.org/demo/en/sessions/{s.id}/" for s in chosen
    ]
    assert some["@graph"][0]["numberOfItems"] == 2
    for session in demo_programme.sessions:
        element = "".join(_iter_session_script_tag(demo_programme, session, "en"))
        graph = build_session_graph(demo_programme, session, "en")
        if graph["@graph"]:
            assert script_json(element) == graph
            assert element == script_tag(demo_programme, locale="en", session=session)
        else:
            assert element == ""
    postponed = demo_programme.session("postponed-masterclass")
    assert build_session_graph(demo_programme, postponed, "en")["@graph"] == []
    assert script_json(script_tag(demo_programme, locale="en", session=postponed))["@graph"] == []


# ----------------------------------------------------- the demo, property by property


def test_online_session(demo_en: dict[str, Any]):
    """Online: a VirtualLocation with the join URL, the offset in the dates, a free offer."""
    e = event(demo_en, "grievance-basics")
    assert e["@type"] == "Event"
    assert e["name"] == "Grievance mechanisms: the basics"
    assert e["description"].startswith("An introduction for beginners")
    assert e["inLanguage"] == "nl"
    assert e["url"] == "https://events.example.org/demo/en/sessions/grievance-basics/"
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
    # No join URL: where a person learns how to join, the session's page.
    assert e["location"] == {
        "@type": "VirtualLocation", "url": "https://events.example.org/demo/en/sessions/cancelled-webinar/",
    }  # fmt: skip


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


def test_postponed_session_without_a_date_has_no_event(demo_en: dict[str, Any]):
    """Postponed with no date yet: no Event (Google requires startDate), only its place in the list."""
    assert not has_event(demo_en, "postponed-masterclass")
    urls_listed = [i["url"] for i in demo_en["@graph"][0]["itemListElement"]]
    assert "https://events.example.org/demo/en/sessions/postponed-masterclass/" in urls_listed


def test_recorded_session(demo_en: dict[str, Any]):
    """A recording is a VideoObject in recordedIn with what Google's video markup needs."""
    e = event(demo_en, "autumn-recap")
    assert e["recordedIn"] == {"@id": "https://events.example.org/demo/en/#_recording-autumn-recap"}
    assert recording(demo_en, "autumn-recap") == {
        "@type": "VideoObject",
        "@id": "https://events.example.org/demo/en/#_recording-autumn-recap",
        "name": "Looking back: the 2026 autumn series",
        "description": "The recording of our look back at the autumn series.",
        "thumbnailUrl": "https://media.example.org/autumn-recap.jpg",
        "uploadDate": "2026-10-09",
        "contentUrl": "https://media.example.org/autumn-recap.mp4",
        "encodingFormat": "video/mp4",
        "duration": "PT58M12S",
        "inLanguage": "en",
    }
    assert e["location"] == {
        "@type": "VirtualLocation", "name": "Jitsi", "url": "https://events.example.org/demo/en/sessions/autumn-recap/",
    }  # fmt: skip


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


def test_month_only_sessions_get_no_event(seed_programme: sf.Programme):
    """A session known by month has no Event (Google rejects a month); its recording, when there is one, stays."""
    graph = build_graph(seed_programme, "nl")
    for session in seed_programme.sessions:
        assert isinstance(session.when, sf.Month)
        assert not has_event(graph, session.id)
        if session.recording is not None:
            video = recording(graph, session.id)
            assert video["name"] == seed_programme.text(session.title, "nl").text
            assert "startDate" not in video


def test_a_recording_without_an_event_names_its_people():
    """With no event to carry them, the recording names the people as its contributors."""
    video = sf.Recording(url="https://m.example/v.mp4", media_type="video/mp4", thumbnail="https://m.example/v.jpg",
                         published=dt.date(2023, 12, 20), duration=dt.timedelta(minutes=58))  # fmt: skip
    graph = build_graph(small_programme(when=sf.Month(year=2023, month=12), recording=video), "en")
    assert [n["@type"] for n in graph["@graph"]] == ["ItemList", "VideoObject", "Organization", "Person"]
    assert graph["@graph"][1]["contributor"] == {"@id": "https://example.org/p/#person-ann"}
    assert rich.errors(graph) == []
    assert schema_problems(graph) == []


def test_unknown_date_has_no_event():
    """A session with no date has no Event."""
    assert [n["@type"] for n in build_graph(small_programme(when=sf.Unknown()), "en")["@graph"]] == [
        "ItemList"
    ]


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
    audio_node = recording(build_graph(programme, "en"), "s1")
    assert audio_node["@type"] == "AudioObject"
    assert audio_node["contentUrl"] == "https://m.example/a.mp3"
    page = sf.Recording(url="https://video.example/watch?v=1", embed_url="https://video.example/embed/1")
    video = recording(build_graph(small_programme(recording=page), "en"), "s1")
    assert video["@type"] == "MediaObject"  # no thumbnail nor date: not a VideoObject Google would reject
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
    tag = script_tag(small_programme(title=L({"nl": nasty, "en": nasty})), locale="en", session="s1")
    assert "\\u003c/script\\u003e" in tag
    assert "\\u003c!--" in tag
    assert "\\u0026" in tag
    assert tag.startswith('<script type="application/ld+json">\n')
    assert tag.endswith("\n</script>")
    assert script_json(tag)["@graph"][0]["name"] == nasty


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
    assert script_json(script_tag(programme, locale=locale)) == build_list_graph(programme, locale)
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
            when=sf.AllDay(start=dt.date(2026, 3, 12), end=dt.date(2026, 3, 12)),
            location=sf.Location(venue=sf.Venue(name=venue, address=sf.Address(locality="Utrecht"))),
            participants=[sf.Participation(person=person, role="speaker")],
        )],
    )  # fmt: skip
    graph = script_json(script_tag(programme, locale="en", session="s"))["@graph"]
    if not carried(title).strip():  # no visible name: no Event Google would reject, nobody named
        assert graph == []
        return
    # Exactly as given, less what HTML does not allow (docs/promises.md).
    assert (graph[0]["name"], graph[0]["description"], graph[0]["location"]["name"]) == (
        carried(title),
        carried(description),
        carried(venue),
    )
    assert [n["name"] for n in graph[1:]] == [carried(org), carried(name)]


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
    scripts = list(html5lib.parse(page, namespaceHTMLElements=False).iter("script"))
    (graph,) = [json.loads(s.text) for s in scripts if s.get("type") == "application/ld+json"]
    # The page lists the sessions it shows, each by its page; no event is repeated.
    (listed,) = graph["@graph"]
    assert listed["@type"] == "ItemList"
    pages = {f"https://events.example.org/demo/nl/sessions/{s.id}/" for s in demo_programme.sessions}
    assert {item["url"] for item in listed["itemListElement"]} <= pages
    assert rich.errors(graph) == []


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
    if '"EventSeries"' in bench.run_handbuilt(programme):
        pytest.xfail("the benchmark still hand-builds the graph of before the ItemList and the Google rules")
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

    def counting_event(
        programme: sf.Programme, session: sf.Session, locale: str, refs: Any, **texts: Any
    ) -> Any:
        made.append(session.id)
        return make_event(programme, session, locale, refs, **texts)

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
    with_event = [s for s in demo_programme.sessions if not isinstance(s.when, sf.Unknown | sf.Month)]
    events = len(with_event)
    assert events > 1
    assert sorted(set(made_when_read)) == list(range(events + 1)), "pieces are read between the events"
    assert b"".join(pieces) == expected
    assert rendering.files[0].content == expected, "a second read gives the same bytes"
    assert JSONLDExporter().export(demo_programme, locale="nl") == expected
    graph = json.loads(expected)["@graph"]
    ids = {node["@id"] for node in graph}
    assert all(event_id(demo_programme, s, "nl") in ids for s in with_event)


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
    compact = json.dumps(build_list_graph(programme, locale), ensure_ascii=False, separators=(",", ":"))
    element = '<script type="application/ld+json">\n' + escape_for_script(compact) + "\n</script>"
    with unittest.mock.patch.object(_compose, "PIECE_CHARS", 3):
        file_pieces = list(iter_json(programme, locale))
        element_pieces = list(iter_script_tag(programme, locale=locale))
    assert "".join(file_pieces) == to_json(graph)
    assert "".join(element_pieces) == element == script_tag(programme, locale=locale)
    assert len(file_pieces) > len(programme.sessions) + 1
    assert len(element_pieces) > 2
    assert script_json(element) == build_list_graph(programme, locale)


_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=5), inner, max_size=4)
        | st.dictionaries(st.integers(), inner, max_size=2)
    ),
    max_leaves=12,
)


@given(
    st.lists(st.dictionaries(st.text(max_size=5), _JSON_VALUES, max_size=4), min_size=1, max_size=4),
    st.booleans(),
)
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
    st.dictionaries(
        st.text(max_size=5).filter(lambda k: k != "itemListElement"), _JSON_VALUES, min_size=1, max_size=4
    ),
    st.lists(st.dictionaries(st.text(max_size=5), _JSON_VALUES, max_size=3), min_size=1, max_size=4),
    st.booleans(),
)
def test_a_last_list_written_item_by_item_is_what_json_dumps_writes(
    node: dict[str, Any], items: list[dict[str, Any]], indent: bool
) -> None:
    """The programme's ``itemListElement``, one item at a time as it is made, is json.dumps of the node with it."""
    whole = _cleaned({**copy.deepcopy(node), "itemListElement": copy.deepcopy(items)}, None)
    expected = json.dumps(
        {"@context": "https://schema.org", "@graph": [whole, {"@id": "x"}]},
        ensure_ascii=False,
        **({"indent": 2} if indent else {"separators": (",", ":")}),
    )
    parts = [(node, None, None, iter(items)), ({"@id": "x"}, None, None, None)]
    assert "".join(_document(parts, indent=indent)) == expected


# ------------------------------------------------------- Google's requirements


def _every_document(programme: sf.Programme) -> list[tuple[str, dict[str, Any]]]:
    """Every JSON-LD document the exporter makes: the file, the programme page's, each session page's."""
    documents = []
    for locale in programme.locales:
        documents.append((f"{locale}/events.jsonld", build_graph(programme, locale)))
        documents.append((f"{locale}/ programme page", build_list_graph(programme, locale)))
        for session in programme.sessions:
            documents.append((f"{locale}/{session.id}", build_session_graph(programme, session, locale)))
        documents.extend(_hub_documents(programme, locale))
    return documents


def _hub_documents(programme: sf.Programme, locale: str) -> list[tuple[str, dict[str, Any]]]:
    """Each hub page's document: a person's ProfilePage, an organisation's, a topic's, ... CollectionPage."""
    from sessionfeed.exporters.jsonld_hubs import build_hub_graph
    from sessionfeed.model.facets import Facet, selections
    from sessionfeed.words.facet_labels import FacetLabels

    people = {person.id: person for person in programme.people}
    orgs = {org.id: org for org in programme.organisations}
    labels = FacetLabels(programme, locale)
    found = []
    for chosen in selections(programme, programme.facets):
        entity = (
            people.get(chosen.id) if chosen.facet is Facet.PEOPLE
            else orgs.get(chosen.id) if chosen.facet is Facet.ORGANISATIONS
            else None
        )  # fmt: skip
        children = [o for o in programme.organisations if o.parent is not None and o.parent.id == chosen.id]
        url = f"{programme.base_url}{locale}/{chosen.facet}/{chosen.id}/"
        graph = build_hub_graph(
            programme, locale, chosen.facet, entity=entity, url=url,
            name=labels.label(chosen.facet, chosen.id).text, sessions=chosen.sessions,
            children=children if chosen.facet is Facet.ORGANISATIONS else (),
        )  # fmt: skip
        found.append((f"{locale}/{chosen.facet}/{chosen.id}", _cleaned(graph, None)))
    return found


def test_the_google_checker_catches_what_google_rejects():
    """Each rule of the checker fires: a month, no offset online, no url, no thumbnail, a bad list, a nameless person."""
    doc = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "EventSeries", "@id": "https://e.org/#p", "name": "Programme"},
            {"@type": "Event", "@id": "https://e.org/#a", "name": "A", "startDate": "2023-12",
             "location": {"@type": "VirtualLocation"}, "performer": {"@id": "https://e.org/#nobody"}},
            {"@type": "EducationEvent", "@id": "https://e.org/#b", "name": "B", "startDate": "2027-03-11T14:00:00",
             "eventAttendanceMode": "https://schema.org/OnlineEventAttendanceMode",
             "location": {"@type": "VirtualLocation", "url": "meet"}, "eventStatus": "https://schema.org/Scheduled",
             "endDate": "2027-03-10", "previousStartDate": "2027-01-01"},
            {"@type": "Event", "@id": "https://e.org/#c", "name": " ", "startDate": "12 March",
             "location": {"@type": "Place", "name": "Hall"}},
            {"@type": "VideoObject", "@id": "https://e.org/#v", "name": "V", "uploadDate": "2023",
             "duration": "58 minutes"},
            {"@type": "ItemList", "@id": "https://e.org/#l", "itemListElement": [
                {"@type": "ListItem", "position": 0, "url": "https://e.org/a"}, {"@type": "ListItem", "position": 2}]},
            {"@type": "ProfilePage", "mainEntity": {"@type": "Person"}},
            {"@type": "Person", "@id": "https://e.org/#nameless"},
        ],
    }  # fmt: skip
    found = "\n".join(rich.errors(doc))
    for expected in (
        "#p (EventSeries): startDate is required",
        "#p (EventSeries): location is required",
        "#a (Event): startDate '2023-12' is only a year or a month",
        "#a (Event): location.url is required for a VirtualLocation",
        "#b (EducationEvent): startDate '2027-03-11T14:00:00' has no UTC offset (required for online events)",
        "#b (EducationEvent): location.url 'meet' is not an absolute http(s) URL",
        "#b (EducationEvent): eventStatus 'https://schema.org/Scheduled' is not an EventStatusType",
        "#b (EducationEvent): endDate is before startDate",
        "#c (Event): name is required",
        "#c (Event): startDate '12 March' is not an ISO 8601 date",
        "#c (Event): location.address is required for a Place",
        "#v (VideoObject): thumbnailUrl is required",
        "#v (VideoObject): uploadDate '2023' is only a year or a month",
        "#v (VideoObject): duration '58 minutes' is not an ISO 8601 duration",
        "#l (ItemList): ListItem.position 0 must be a whole number from 1",
        "#l (ItemList): ListItem.url (the page of the item) is required",
        "(ProfilePage): mainEntity.name is required",
    ):
        assert expected in found
    warned = "\n".join(rich.warnings(doc))
    assert "#a (Event): performer.name is recommended" in warned  # the reference leads nowhere
    assert "#b (EducationEvent): previousStartDate belongs with eventStatus EventRescheduled" in warned
    assert "#v (VideoObject): contentUrl or embedUrl is recommended" in warned
    assert "#nameless (Person): name is recommended" in warned
    assert rich.errors({"@graph": []}) == ["(document) (): @context is not schema.org"]


def test_the_google_checker_passes_googles_own_kind_of_example():
    """A complete online event and video in the shape of Google's documentation have no error and no warning."""
    doc = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "Event", "name": "Remedy in the chain", "description": "About remedy.",
             "startDate": "2027-03-11T14:00:00+01:00", "endDate": "2027-03-11T15:30:00+01:00",
             "eventStatus": "https://schema.org/EventScheduled",
             "eventAttendanceMode": "https://schema.org/OnlineEventAttendanceMode",
             "location": {"@type": "VirtualLocation", "url": "https://meet.example/1"},
             "image": ["https://e.org/1x1.jpg"],
             "offers": {"@type": "Offer", "url": "https://e.org/r", "price": 0, "priceCurrency": "EUR",
                        "availability": "https://schema.org/InStock", "validFrom": "2027-01-01T00:00:00+01:00"},
             "organizer": {"@type": "Organization", "name": "Org", "url": "https://org.example/"},
             "performer": {"@type": "Person", "name": "Ann"}},
            {"@type": "VideoObject", "name": "V", "description": "D", "thumbnailUrl": ["https://e.org/t.jpg"],
             "uploadDate": "2024-03-31T08:00:00+08:00", "duration": "PT1M54S",
             "contentUrl": "https://e.org/v.mp4", "embedUrl": "https://e.org/embed/1"},
        ],
    }  # fmt: skip
    assert rich.errors(doc) == []
    assert rich.warnings(doc) == []


@pytest.mark.parametrize("name", ["ser-access-to-remedy", "upcoming-demo"])
def test_examples_meet_googles_requirements(name: str):
    """Zero errors against Google's Event, Video and summary-page rules in every document of both examples."""
    programme = sf.load(ROOT / "examples" / f"{name}.toml")
    for where, document in _every_document(programme):
        assert rich.errors(document) == [], where


@pytest.mark.parametrize("name", ["ser-access-to-remedy", "upcoming-demo"])
def test_every_page_of_the_built_examples_meets_googles_requirements(name: str):
    """Every ld+json element of every built page, and events.jsonld, has zero errors (and is valid schema.org)."""
    from sessionfeed.site.build import render_site

    programme = sf.load(ROOT / "examples" / f"{name}.toml")
    files, _ = render_site(programme, sf.Revisions.from_data(programme), list(sf.iter_exporters()))
    checked = 0
    for path, data in sorted(files.items()):
        if path.endswith(".jsonld"):
            documents = [json.loads(data)]
        elif path.endswith(".html"):
            tree = html5lib.parse(data, namespaceHTMLElements=False)
            documents = [
                json.loads(s.text) for s in tree.iter("script") if s.get("type") == "application/ld+json"
            ]
        else:
            continue
        for document in documents:
            checked += 1
            assert rich.errors(document) == [], path
            assert schema_problems(document) == [], path
    assert checked >= 2 * len(programme.locales)


def _recordings() -> st.SearchStrategy[sf.Recording | None]:
    """Every shape of recording: a file or a page, video or audio, with or without thumbnail, date, player."""
    return st.none() | st.builds(
        sf.Recording,
        url=urls(),
        media_type=st.sampled_from([None, "video/mp4", "text/html", "audio/mpeg"]),
        duration=st.none() | st.integers(1, 10_000).map(lambda m: dt.timedelta(minutes=m)),
        thumbnail=st.none() | urls(),
        embed_url=st.none() | urls(),
        published=st.none() | st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2037, 12, 31)),
    )


@st.composite
def _any_shape(draw: st.DrawFn) -> sf.Programme:
    """A programme whose sessions take every shape: timed, all-day, month, undated; online with and
    without a URL, venue with and without an address, hybrid, none; every kind of recording."""
    programme = draw(programmes(max_sessions=3))
    sessions = [attrs.evolve(s, recording=draw(_recordings())) for s in programme.sessions]
    return attrs.evolve(programme, sessions=sessions)


@given(programme=_any_shape())
def test_any_programme_meets_googles_requirements(programme: sf.Programme):
    """Whatever the session's shape, no document the exporter makes has an error Google would report.

    A session gets an Event exactly when it has a day and a usable location; a video gets a
    VideoObject exactly when it has a thumbnail and a date.
    """
    for where, document in _every_document(programme):
        assert rich.errors(document) == [], where
        assert schema_problems(document) == [], where
    locale = programme.locales[0]
    graph = build_graph(programme, locale)
    types = {n["@id"]: n["@type"] for n in graph["@graph"]}
    for session in programme.sessions:
        dated = isinstance(session.when, sf.Timed | sf.AllDay)
        located = session.location is not None and (
            session.location.venue is None or session.location.venue.address is not None
        )
        # A title of nothing but characters HTML does not allow is no name: no event then either.
        named = html_clean(programme.text(session.title, locale).text).strip() != ""
        assert (event_id(programme, session, locale) in types) == (dated and located and named)
        kind = types.get(f"{programme.base_url}{locale}/#_recording-{session.id}")
        if session.recording is None:
            assert kind is None
        elif (session.recording.media_type or "").startswith("audio/"):
            assert kind == "AudioObject"
        else:
            # Google's VideoObject needs a name too: a title with visible text.
            complete = session.recording.thumbnail is not None and session.recording.published is not None
            assert kind == ("VideoObject" if complete and named else "MediaObject")


@pytest.mark.parametrize(
    ("changes", "location_url"),
    [
        ({}, "https://meet.example/1"),
        (
            {"location": sf.Location(online=sf.Online(platform="Zoom"))},
            "https://example.org/p/en/sessions/s1/",
        ),
        (
            {
                "location": sf.Location(online=sf.Online()),
                "links": sf.Links(registration="https://example.org/p/register/s1"),
            },
            "https://example.org/p/register/s1",
        ),
    ],
)
def test_an_online_session_always_says_where_to_join(changes: dict[str, Any], location_url: str):
    """The join URL; without it the registration link; without that the session's page."""
    e = build_graph(small_programme(**changes), "en")["@graph"][1]
    assert e["location"]["url"] == location_url
    assert rich.errors(build_graph(small_programme(**changes), "en")) == []


def test_every_document_is_deterministic(demo_programme: sf.Programme, seed_programme: sf.Programme):
    """The same programme gives the same documents, byte for byte."""
    for programme in (demo_programme, seed_programme):
        for locale in programme.locales:
            assert "".join(iter_json(programme, locale)) == "".join(iter_json(programme, locale))
            assert "".join(_iter_script_tag(programme, locale)) == "".join(
                _iter_script_tag(programme, locale)
            )
            for session in programme.sessions:
                first = "".join(_iter_session_script_tag(programme, session, locale))
                assert first == "".join(_iter_session_script_tag(programme, session, locale))


def test_a_programme_without_sessions_is_a_collection_page():
    """A list needs items: with no session the programme is a CollectionPage, valid and with no Google error."""
    programme = attrs.evolve(small_programme(), sessions=())
    graph = build_graph(programme, "en")
    assert graph["@graph"] == [
        {"@type": "CollectionPage", "@id": "https://example.org/p/en/#_programme", "name": "Programme",
         "url": "https://example.org/p/en/"},
    ]  # fmt: skip
    assert script_json(script_tag(programme, locale="en")) == graph
    # A page that lists no session has no element.
    assert "".join(_iter_script_tag(small_programme(), "en", sessions=())) == ""
    assert rich.errors(graph) == []
    assert schema_problems(graph) == []
