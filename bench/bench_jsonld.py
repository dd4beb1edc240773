"""How much the JSON-LD builder costs over ``json.dumps`` of the same dicts built by hand.

The target: JSON-LD for 10,000 sessions in at most 1.5 times the
time of ``json.dumps`` of equivalent hand-built dicts. ``run_handbuilt``
builds exactly the document ``build_graph`` does, inline, with no helper,
the way a site would write it by hand; the two outputs are checked to be
identical before anything is timed, so the comparison stays fair.

Both sides are timed the same way, alternating (sessionfeed, hand-built,
sessionfeed, ...) so that a machine slowing down or speeding up affects both,
and the medians are compared. Two serialisations are measured:

* compact, what ``script_tag`` embeds (``json.dumps`` in C): the headline,
  where the builder's own overhead shows most;
* indented, the ``events.jsonld`` file (``json.dumps`` in pure Python).

Run::

    python bench/bench_jsonld.py            # N = 10,000
    python bench/bench_jsonld.py 2000 7     # N = 2,000, 7 rounds

Importable: ``make_programme(n, seed=0)``, ``run_sessionfeed(programme)``,
``run_handbuilt(programme)``.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import statistics
import sys
import time
import zoneinfo
from typing import Any

import sessionfeed as sf
from sessionfeed.exporters.jsonld import build_graph


LOCALE = "en"
COMPACT: dict[str, Any] = {"ensure_ascii": False, "separators": (",", ":")}
INDENTED: dict[str, Any] = {"ensure_ascii": False, "indent": 2}

_KINDS = ["webinar", "workshop", "interview", "panel", "talk", "lecture", "masterclass"]
_EDUCATION = {"workshop", "course", "masterclass", "lecture", "seminar"}
_ROLES = list(sf.Role)
_SCHEMA = "https://schema.org/"
_STATUS = {
    sf.Status.SCHEDULED: "EventScheduled",
    sf.Status.CANCELLED: "EventCancelled",
    sf.Status.POSTPONED: "EventPostponed",
    sf.Status.RESCHEDULED: "EventRescheduled",
    sf.Status.MOVED_ONLINE: "EventMovedOnline",
}
_MODE = {
    sf.AttendanceMode.ONLINE: "OnlineEventAttendanceMode",
    sf.AttendanceMode.IN_PERSON: "OfflineEventAttendanceMode",
    sf.AttendanceMode.HYBRID: "MixedEventAttendanceMode",
}


def make_programme(n: int, seed: int = 0) -> sf.Programme:
    """A programme of ``n`` varied sessions: every precision of date, place, status and role."""
    rng = random.Random(seed)
    zone = zoneinfo.ZoneInfo("Europe/Amsterdam")
    text = sf.LocalizedText
    orgs: list[sf.Organisation] = []
    for i in range(40):
        parent = orgs[rng.randrange(len(orgs))] if orgs and rng.random() < 0.3 else None
        orgs.append(
            sf.Organisation(
                id=f"org-{i}",
                name=text({"nl": f"Organisatie {i}", "en": f"Organisation {i}"}),
                short_name=f"O{i}" if i % 3 == 0 else None,
                url=f"https://org{i}.example.org/" if i % 2 == 0 else None,
                parent=parent,
            ),
        )
    people = [
        sf.Person(
            id=f"p-{i}",
            name=f"Persoon Ë{i} Ångström",
            affiliation=orgs[rng.randrange(len(orgs))] if i % 5 else None,
            job_title=text({"nl": "Onderzoeker", "en": "Researcher"}) if i % 4 == 0 else None,
        )
        for i in range(300)
    ]
    tags = [sf.Tag(id=f"t-{i}", label=text({"nl": f"thema {i}", "en": f"topic {i}"})) for i in range(10)]
    sessions = []
    base = dt.datetime(2027, 1, 4, 9, 0, tzinfo=zone)
    for i in range(n):
        kind = rng.choice(_KINDS)
        start = (base + dt.timedelta(hours=7 * i)).astimezone(dt.UTC).astimezone(zone)
        roll = rng.random()
        when: sf.When
        if roll < 0.7:
            when = sf.Timed(start=start, end=start + dt.timedelta(minutes=rng.choice([45, 60, 90])))
        elif roll < 0.85:
            when = sf.AllDay(start=start.date(), end=start.date() + dt.timedelta(days=rng.randrange(3)))
        elif roll < 0.95:
            when = sf.Month(year=start.year, month=start.month)
        else:
            when = sf.Unknown()
        online = sf.Online(url=f"https://meet.example.org/{i}", platform="Jitsi")
        venue = sf.Venue(
            name="Zaal Noord",
            address=sf.Address(
                street="Havenstraat 1", postal_code="1000 AA", locality="Amsterdam", country="NL"
            ),
        )
        location = rng.choice(
            [
                sf.Location(online=online),
                sf.Location(venue=venue),
                sf.Location(online=online, venue=venue),
                None,
            ],
        )
        status = rng.choice(list(sf.Status)) if rng.random() < 0.2 else sf.Status.SCHEDULED
        participants = [
            sf.Participation(person=person, role=rng.choice(_ROLES))
            for person in rng.sample(people, rng.randrange(1, 5))
        ]
        recording = None
        if rng.random() < 0.2:
            recording = sf.Recording(
                url=f"https://media.example.org/{i}.mp4",
                media_type="video/mp4",
                duration=dt.timedelta(minutes=58, seconds=12),
                thumbnail=f"https://media.example.org/{i}.jpg",
                published=dt.date(2027, 1, 1),
            )
        sessions.append(
            sf.Session(
                id=f"s-{i}",
                kind=kind,
                title=text(
                    {"nl": f"Sessie {i}: “herstel & verhaal”", "en": f"Session {i}: “access to remedy”"}
                ),
                description=text({"nl": "Een beschrijving. " * 8, "en": "A description. " * 8}),
                language=rng.choice(["nl", "en"]),
                when=when,
                location=location,
                status=status,
                previous_start=start - dt.timedelta(days=7) if status is sf.Status.RESCHEDULED else None,
                organisers=[orgs[rng.randrange(len(orgs))]] if rng.random() < 0.3 else [],
                supporters=[orgs[rng.randrange(len(orgs))]] if rng.random() < 0.1 else [],
                participants=participants,
                tags=rng.sample(tags, rng.randrange(3)),
                links=sf.Links(registration=f"https://example.org/r/{i}" if i % 2 else None),
                recording=recording,
            ),
        )
    return sf.Programme(
        id="bench",
        title=text({"nl": "Programma", "en": "Programme"}),
        intro=text({"nl": "Inleiding.", "en": "Introduction."}),
        base_url="https://example.org/bench/",
        locales=("nl", "en"),
        sessions=sessions,
        people=people,
        organisations=orgs,
        organisers=[orgs[0]],
        tags=tags,
        image="https://example.org/bench/banner.png",
        free=True,
    )


# ------------------------------------------------------------------ the two sides


def run_sessionfeed(programme: sf.Programme, *, indent: bool = False) -> str:
    """The JSON-LD text as sessionfeed makes it: ``build_graph`` then ``json.dumps``."""
    return json.dumps(build_graph(programme, LOCALE), **(INDENTED if indent else COMPACT))


def _text(value: sf.LocalizedText, default: str) -> str:
    texts = value.as_dict()
    if LOCALE in texts:
        return texts[LOCALE]
    return texts.get(default) or value.items[0][1]


def _hand_duration(duration: dt.timedelta) -> str:
    hours, rest = divmod(int(duration.total_seconds()), 3600)
    minutes, seconds = divmod(rest, 60)
    text = "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    if duration.microseconds:
        return text + f"{seconds}.{duration.microseconds:06d}".rstrip("0") + "S"
    return text + (f"{seconds}S" if seconds or text == "PT" else "")


def _has_event(s: sf.Session) -> bool:
    """Whether the session has what Google requires of an event: a day and a usable location."""
    if not isinstance(s.when, sf.Timed | sf.AllDay) or s.location is None:
        return False
    return s.location.venue is None or s.location.venue.address is not None


def _hand_person_ref(person: sf.Person, base: str, orgs: set[str], people: set[str]) -> dict[str, Any]:
    if person.id not in people:
        people.add(person.id)
        if person.affiliation is not None:
            orgs.add(person.affiliation.id)
            orgs.update(a.id for a in person.affiliation.ancestors())
    return {"@id": f"{base}#person-{person.id}"}


def _hand_recording(
    p: sf.Programme, s: sf.Session, page: str, orgs: set[str], people: set[str], *, alone: bool
) -> dict[str, Any]:
    default = p.default_locale
    r = s.recording
    assert r is not None
    audio = bool(r.media_type and r.media_type.startswith("audio/"))
    kind = "AudioObject" if audio else "VideoObject" if r.thumbnail and r.published else "MediaObject"
    video: dict[str, Any] = {
        "@type": kind,
        "@id": f"{page}#_recording-{s.id}",
        "name": _text(s.title, default),
    }
    if s.description is not None:
        video["description"] = _text(s.description, default)
    if r.thumbnail:
        video["thumbnailUrl"] = r.thumbnail
    if r.published is not None:
        video["uploadDate"] = r.published.isoformat()
    if r.media_type and not r.media_type.startswith(("text/html", "application/xhtml+xml")):
        video["contentUrl"] = r.url
        video["encodingFormat"] = r.media_type
    else:
        video["url"] = r.url
    if r.embed_url:
        video["embedUrl"] = r.embed_url
    if r.duration is not None:
        video["duration"] = _hand_duration(r.duration)
    video["inLanguage"] = s.language
    if alone and s.participants:
        refs: dict[str, dict[str, Any]] = {}
        for part in s.participants:
            refs.setdefault(part.person.id, _hand_person_ref(part.person, p.base_url, orgs, people))
        values = list(refs.values())
        video["contributor"] = values[0] if len(values) == 1 else values
    return video


def _hand_event(
    p: sf.Programme, s: sf.Session, page: str, orgs: set[str], people: set[str]
) -> dict[str, Any]:
    base = p.base_url
    default = p.default_locale
    name = _text(s.title, default)
    e: dict[str, Any] = {
        "@type": "EducationEvent" if s.kind in _EDUCATION else "Event",
        "@id": f"{page}#{s.id}",
        "name": name,
    }
    description = _text(s.description, default) if s.description is not None else None
    if description is not None:
        e["description"] = description
    e["url"] = s.links.page or f"{page}sessions/{s.id}/"
    if s.image or p.image:
        e["image"] = s.image or p.image
    e["inLanguage"] = s.language
    w = s.when
    if isinstance(w, sf.Timed):
        e["startDate"] = w.start.isoformat(timespec="seconds")
        e["endDate"] = w.end.isoformat(timespec="seconds")
    elif isinstance(w, sf.AllDay):
        e["startDate"] = w.start.isoformat()
        e["endDate"] = w.end.isoformat()
    if s.status is sf.Status.RESCHEDULED and s.previous_start is not None:
        prev = s.previous_start
        e["previousStartDate"] = (
            prev.isoformat(timespec="seconds") if isinstance(prev, dt.datetime) else prev.isoformat()
        )
    e["eventStatus"] = _SCHEMA + _STATUS[s.status]
    if s.location is not None:
        e["eventAttendanceMode"] = _SCHEMA + _MODE[s.location.mode]
        where = []
        if s.location.online is not None:
            v: dict[str, Any] = {"@type": "VirtualLocation"}
            if s.location.online.platform:
                v["name"] = s.location.online.platform
            v["url"] = s.location.online.url or s.links.registration or e["url"]
            where.append(v)
        if s.location.venue is not None:
            venue = s.location.venue
            place: dict[str, Any] = {"@type": "Place", "name": venue.name}
            if venue.address is not None:
                a = venue.address
                parts = (
                    ("streetAddress", a.street), ("postalCode", a.postal_code),
                    ("addressLocality", a.locality), ("addressRegion", a.region),
                    ("addressCountry", a.country),
                )  # fmt: skip
                place["address"] = {"@type": "PostalAddress"} | {k: v for k, v in parts if v}
            if venue.url:
                place["url"] = venue.url
            where.append(place)
        e["location"] = where[0] if len(where) == 1 else where
    organisers = s.organisers or p.organisers
    if organisers:
        refs = []
        for o in organisers:
            orgs.add(o.id)
            orgs.update(a.id for a in o.ancestors())
            refs.append({"@id": f"{base}#org-{o.id}"})
        e["organizer"] = refs[0] if len(refs) == 1 else refs
    if s.participants:
        performers, roles, seen = [], [], set()
        for part in s.participants:
            person = part.person
            ref = _hand_person_ref(person, base, orgs, people)
            if person.id not in seen:
                seen.add(person.id)
                performers.append(ref)
            roles.append({"@type": "Role", "roleName": part.role.value, "contributor": ref})
        e["performer"] = performers[0] if len(performers) == 1 else performers
        e["contributor"] = roles[0] if len(roles) == 1 else roles
    if s.supporters:
        refs = []
        for o in s.supporters:
            orgs.add(o.id)
            orgs.update(a.id for a in o.ancestors())
            refs.append({"@id": f"{base}#org-{o.id}"})
        e["sponsor"] = refs[0] if len(refs) == 1 else refs
    if s.tags:
        about = [{"@type": "Thing", "name": _text(t.label, default)} for t in s.tags]
        e["about"] = about[0] if len(about) == 1 else about
    if p.free is not None:
        e["isAccessibleForFree"] = p.free
        if p.free:
            offer: dict[str, Any] = {"@type": "Offer", "price": 0, "priceCurrency": p.currency}
            if s.links.registration:
                offer["url"] = s.links.registration
            e["offers"] = offer
    if s.recording is not None:
        e["recordedIn"] = {"@id": f"{page}#_recording-{s.id}"}
    return e


def handbuilt_graph(p: sf.Programme) -> dict[str, Any]:
    """The same document as ``build_graph(p, "en")``, written out by hand."""
    page = f"{p.base_url}{LOCALE}/"
    default = p.default_locale
    orgs: set[str] = set()
    people: set[str] = set()
    nodes: list[dict[str, Any]] = []
    for s in p.sessions:
        with_event = _has_event(s)
        if with_event:
            nodes.append(_hand_event(p, s, page, orgs, people))
        if s.recording is not None:
            nodes.append(_hand_recording(p, s, page, orgs, people, alone=not with_event))
    listing: list[dict[str, Any]] = []
    if p.sessions:
        series: dict[str, Any] = {
            "@type": "ItemList",
            "@id": f"{page}#_programme",
            "name": _text(p.title, default),
        }
        if p.intro is not None:
            series["description"] = _text(p.intro, default)
        series["url"] = page
        if p.image:
            series["image"] = p.image
        series["numberOfItems"] = len(p.sessions)
        series["itemListElement"] = [
            {"@type": "ListItem", "position": i, "url": s.links.page or f"{page}sessions/{s.id}/"}
            for i, s in enumerate(p.sessions, start=1)
        ]
        listing.append(series)
    person_nodes = []
    for person in p.people:
        if person.id in people:
            node: dict[str, Any] = {
                "@type": "Person",
                "@id": f"{p.base_url}#person-{person.id}",
                "name": person.name,
            }
            if person.job_title is not None:
                node["jobTitle"] = _text(person.job_title, default)
            if person.affiliation is not None:
                node["affiliation"] = {"@id": f"{p.base_url}#org-{person.affiliation.id}"}
            if person.url:
                node["url"] = person.url
            if person.same_as:
                node["sameAs"] = person.same_as[0] if len(person.same_as) == 1 else list(person.same_as)
            person_nodes.append(node)
    org_nodes = []
    for o in p.organisations:
        if o.id in orgs:
            node = {
                "@type": "Organization",
                "@id": f"{p.base_url}#org-{o.id}",
                "name": _text(o.name, default),
            }
            if o.short_name:
                node["alternateName"] = o.short_name
            if o.url:
                node["url"] = o.url
            if o.parent is not None:
                node["parentOrganization"] = {"@id": f"{p.base_url}#org-{o.parent.id}"}
            org_nodes.append(node)
    return {"@context": "https://schema.org", "@graph": [*listing, *nodes, *org_nodes, *person_nodes]}


def run_handbuilt(programme: sf.Programme, *, indent: bool = False) -> str:
    """``json.dumps`` of the equivalent hand-built dicts."""
    return json.dumps(handbuilt_graph(programme), **(INDENTED if indent else COMPACT))


# ----------------------------------------------------------------------- timing


def compare(programme: sf.Programme, *, rounds: int = 9, indent: bool = False) -> tuple[float, float]:
    """Median seconds of (sessionfeed, hand-built), timed alternately."""
    ours: list[float] = []
    theirs: list[float] = []
    for _ in range(rounds):
        for run, times in ((run_sessionfeed, ours), (run_handbuilt, theirs)):
            start = time.perf_counter()
            run(programme, indent=indent)
            times.append(time.perf_counter() - start)
    return statistics.median(ours), statistics.median(theirs)


def main(argv: list[str]) -> int:
    n = int(argv[1]) if len(argv) > 1 else 10_000
    rounds = int(argv[2]) if len(argv) > 2 else 9
    programme = make_programme(n)
    for indent in (False, True):
        if run_sessionfeed(programme, indent=indent) != run_handbuilt(programme, indent=indent):
            print("the two sides differ: fix run_handbuilt before timing", file=sys.stderr)
            return 1
    size = len(run_sessionfeed(programme).encode())
    print(f"N = {n:,} sessions, {size / 1e6:.1f} MB compact, median of {rounds} alternating rounds")
    worst = 0.0
    for indent, label in ((False, "compact (script_tag)"), (True, "indented (events.jsonld)")):
        ours, theirs = compare(programme, rounds=rounds, indent=indent)
        ratio = ours / theirs
        worst = max(worst, ratio)
        times = f"sessionfeed {ours * 1000:7.1f} ms  hand-built {theirs * 1000:7.1f} ms"
        print(f"  {label:<26} {times}  ratio {ratio:.2f}")
    print(f"ratio {worst:.2f} (target <= 1.50): {'ok' if worst <= 1.5 else 'TOO SLOW'}")
    return 0 if worst <= 1.5 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
