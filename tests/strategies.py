"""Hypothesis strategies that build whole programmes.

Texts are arbitrary unicode (no lone surrogates, which are not text) mixed
with the strings that break formats: markup, escapes, CDATA ends, control
characters, very long lines. Times cover DST edges, half-hour zones, the
southern hemisphere and sessions that cross midnight.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from hypothesis import strategies as st

import sessionfeed as sf
from sessionfeed.model.checks import _DEVICE_NAMES


NASTY = [
    "</script>", "<!--", "-->", "<script>alert(1)</script>", "]]>", "<![CDATA[", "&amp;", "&",
    '"', "'", "<", ">", "\\", ";", ",", ":", "\\n", "\r\n", "\r", "\n", "\t", "\x00", "\x0b",
    "\x1b[31m", "\x7f", "\u0085", "\u2028", "\ufeff", "e\u0301", "🎉", "𝄞", "ë", "Ĳ", "ß",
    "&#0;", "%2e%2e/", "../", "{{x}}", "${x}", "BEGIN:VEVENT", "END:VCALENDAR", "x" * 200,
]  # fmt: skip

ZONES = [
    "Europe/Amsterdam", "Europe/London", "America/New_York", "Asia/Kolkata",
    "Australia/Sydney", "Pacific/Chatham", "America/St_Johns", "UTC",
]  # fmt: skip

# Instants next to the 2026 European DST changes and other edges.
EDGES = [
    dt.datetime(2026, 3, 29, 0, 30), dt.datetime(2026, 3, 29, 1, 59), dt.datetime(2026, 3, 29, 3, 0),
    dt.datetime(2026, 10, 25, 1, 30), dt.datetime(2026, 10, 25, 2, 30), dt.datetime(2026, 10, 25, 3, 0),
    dt.datetime(2026, 4, 5, 2, 30), dt.datetime(2026, 10, 4, 2, 30), dt.datetime(2026, 12, 31, 23, 30),
]  # fmt: skip

_chars = st.characters(blacklist_categories=("Cs",))


def texts(*, min_size: int = 1, max_size: int = 60) -> st.SearchStrategy[str]:
    """Arbitrary text with something visible in it, often with nasty pieces."""
    plain = st.text(_chars, min_size=min_size, max_size=max_size)
    mixed = st.lists(st.one_of(st.sampled_from(NASTY), plain), min_size=1, max_size=5).map("".join)
    return st.one_of(plain, mixed).filter(lambda s: bool(s.strip()))


def ids() -> st.SearchStrategy[str]:
    """Valid slug ids (of any kind of thing, so none that Windows keeps for a device)."""
    slugs = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,6}){0,2}", fullmatch=True)
    return slugs.filter(lambda s: s not in _DEVICE_NAMES)


def urls() -> st.SearchStrategy[str]:
    """Absolute https URLs with odd but valid paths (a '%' only as an escape, as check_url wants)."""
    path = st.from_regex(r"([A-Za-z0-9._~-]|%[0-9A-Fa-f]{2}){0,12}", fullmatch=True)
    query = st.from_regex(r"(\?[a-z]{1,4}=([A-Za-z0-9&=;,-]|%[0-9A-F]{2}){0,10})?", fullmatch=True)
    return st.builds(lambda p, q: f"https://example.org/{p}{q}", path, query)


def localized(locales: tuple[str, ...]) -> st.SearchStrategy[sf.LocalizedText]:
    """A text in some of ``locales`` (at least one)."""
    return st.lists(st.sampled_from(locales), min_size=1, unique=True).flatmap(
        lambda chosen: st.tuples(*[texts() for _ in chosen]).map(
            lambda values: sf.LocalizedText(dict(zip(chosen, values, strict=True))),
        ),
    )


@st.composite
def timed(draw: st.DrawFn) -> sf.Timed:
    """An exact start and end in some zone, often at a DST edge or crossing midnight."""
    zone = zoneinfo.ZoneInfo(draw(st.sampled_from(ZONES)))
    naive = draw(
        st.one_of(
            st.sampled_from(EDGES),
            st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2037, 12, 31)),
        ),
    ).replace(second=0, microsecond=0)
    # Normalise through UTC so that a wall time the clocks skip becomes a real instant.
    start = naive.replace(tzinfo=zone).astimezone(dt.UTC).astimezone(zone)
    length = draw(st.integers(min_value=1, max_value=3 * 24 * 60))
    end = (start.astimezone(dt.UTC) + dt.timedelta(minutes=length)).astimezone(zone)
    return sf.Timed(start=start, end=end)


@st.composite
def all_day(draw: st.DrawFn) -> sf.AllDay:
    start = draw(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2037, 12, 1)))
    return sf.AllDay(start=start, end=start + dt.timedelta(days=draw(st.integers(0, 6))))


def whens() -> st.SearchStrategy[sf.When]:
    """Every precision of date."""
    month = st.builds(sf.Month, year=st.integers(2000, 2037), month=st.integers(1, 12))
    return st.one_of(timed(), all_day(), month, st.just(sf.Unknown()))


def locations() -> st.SearchStrategy[sf.Location | None]:
    online = st.builds(
        sf.Online, url=st.none() | urls(), platform=st.none() | texts(max_size=20),
    )
    address = st.builds(
        sf.Address, street=st.none() | texts(max_size=30), postal_code=st.none() | texts(max_size=8),
        locality=st.none() | texts(max_size=20), country=st.none() | st.sampled_from(["NL", "BE"]),
    )  # fmt: skip
    venue = st.builds(sf.Venue, name=texts(max_size=30), address=st.none() | address)
    return st.one_of(
        st.none(),
        st.builds(sf.Location, online=online),
        st.builds(sf.Location, venue=venue),
        st.builds(sf.Location, online=online, venue=venue),
    )


@st.composite
def programmes(draw: st.DrawFn, *, max_sessions: int = 4) -> sf.Programme:
    """A whole valid programme with people, organisations, tags and sessions."""
    locales = tuple(draw(st.lists(st.sampled_from(["nl", "en"]), min_size=1, unique=True)))
    orgs: list[sf.Organisation] = []
    for ident in draw(st.lists(ids(), max_size=3, unique=True)):
        parent = draw(st.none() | st.sampled_from(orgs)) if orgs else None
        orgs.append(
            sf.Organisation(
                id=ident, name=draw(localized(locales)), parent=parent,
                short_name=draw(st.none() | texts(max_size=8)), url=draw(st.none() | urls()),
            ),
        )  # fmt: skip
    people = [
        sf.Person(id=ident, name=draw(texts(max_size=40)),
                  affiliation=draw(st.none() | st.sampled_from(orgs)) if orgs else None)
        for ident in draw(st.lists(ids(), max_size=5, unique=True))
    ]  # fmt: skip
    tags = [
        sf.Tag(id=ident, label=draw(localized(locales)))
        for ident in draw(st.lists(ids(), max_size=3, unique=True))
    ]
    sessions = []
    for ident in draw(st.lists(ids(), max_size=max_sessions, unique=True)):
        when = draw(whens())
        status = draw(st.sampled_from(list(sf.Status)))
        previous = None
        if status is sf.Status.RESCHEDULED:
            previous = draw(timed()).start
        participants = []
        if people:
            for role in draw(st.lists(st.sampled_from(list(sf.Role)), max_size=3, unique=True)):
                for person in draw(st.lists(st.sampled_from(people), max_size=3, unique_by=lambda p: p.id)):
                    participants.append(sf.Participation(person=person, role=role))
        recording = draw(
            st.none() | st.builds(
                sf.Recording, url=urls(), media_type=st.sampled_from(["video/mp4", "text/html"]),
                length=st.none() | st.integers(0, 10**9),
                duration=st.none() | st.integers(1, 10_000).map(lambda m: dt.timedelta(minutes=m)),
                thumbnail=st.none() | urls(),
            ),
        )  # fmt: skip
        sessions.append(
            sf.Session(
                id=ident,
                kind=draw(st.sampled_from(sf.BUILTIN_KINDS)),
                title=draw(localized(locales)),
                description=draw(st.none() | localized(locales)),
                language=draw(st.sampled_from(["en", "nl", "de", "fr", "pt-BR"])),
                when=when,
                location=draw(locations()),
                status=status,
                previous_start=previous,
                organisers=draw(st.lists(st.sampled_from(orgs), max_size=2, unique_by=lambda o: o.id)) if orgs else (),
                participants=participants,
                tags=draw(st.lists(st.sampled_from(tags), max_size=2, unique_by=lambda t: t.id)) if tags else (),
                recording=recording,
                links=sf.Links(page=draw(st.none() | urls()), registration=draw(st.none() | urls())),
            ),
        )
    return sf.Programme(
        id=draw(ids()),
        title=draw(localized(locales)),
        intro=draw(st.none() | localized(locales)),
        base_url="https://example.org/programme/",
        locales=locales,
        timezone=draw(st.sampled_from(ZONES)),
        sessions=sessions,
        people=people,
        organisations=orgs,
        organisers=draw(st.lists(st.sampled_from(orgs), max_size=2, unique_by=lambda o: o.id)) if orgs else (),
        tags=tags,
        free=draw(st.none() | st.booleans()),
    )
