"""Hypothesis strategies for valid programme *dicts*, in the shapes people write in files.

``strategies.programmes()`` builds model objects; this module builds the
input side instead: plain-string and per-locale texts, every ``when`` form
(month, day, range, local times, offsets, an end given as a time, a
duration, another time zone, ``tba``), TOML's own dates next to ISO 8601
strings, every location form and every role key. Each dict is valid, so a
test can corrupt exactly one field and know which path must be reported.

The strategies are built once at import: building strategies inside a draw
is what makes generation slow.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from hypothesis import strategies as st

import sessionfeed as sf
from sessionfeed.model.checks import _DEVICE_NAMES
from strategies import EDGES, NASTY, ZONES


ROLE_KEYS = tuple(role.plural for role in sf.Role)
_LOCALES = st.sampled_from([("nl",), ("en",), ("nl", "en"), ("en", "nl")])
# st.from_regex is slow (milliseconds a draw); these are built from plain text draws.
_SLUG = "abcdefghijklmnopqrstuvwxyz0123456789"
_ID = st.builds(
    lambda head, tail, sep: f"{head}{sep}{tail}" if tail else head,
    st.text(_SLUG, min_size=1, max_size=8),
    st.text(_SLUG, max_size=5),
    st.sampled_from("-_"),
)
# A '%' only as an escape of two hex digits, as check_url wants: "%" is drawn as "%25".
_URL = st.builds(
    lambda path, query: f"https://example.org/{path}{'?q=' + query if query else ''}".replace("%", "%25"),
    st.text(_SLUG + "ABCXYZ._~%-/", max_size=12),
    st.text(_SLUG + "%&=;,-", max_size=8),
)
_PLAIN = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=20)
_TEXT = st.one_of(
    _PLAIN,
    st.lists(st.one_of(st.sampled_from(NASTY), _PLAIN), min_size=1, max_size=4).map("".join),
).filter(lambda s: bool(s.strip()))
_SHORT = _PLAIN.filter(lambda s: bool(s.strip()))
_ID_LISTS = st.lists(_ID, max_size=3, unique=True)
# A session id names a file: Windows device names are refused (test_model covers that).
_SESSION_IDS = st.lists(_ID.filter(lambda s: s not in _DEVICE_NAMES), min_size=1, max_size=4, unique=True)
_PICK = st.integers(min_value=0, max_value=1000)
_BOOL = st.booleans()
_ZONE = st.sampled_from(ZONES)
_NAIVE = st.one_of(
    st.sampled_from(EDGES),
    st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2037, 12, 1)).map(
        lambda d: d.replace(second=0, microsecond=0),
    ),
)
_MINUTES = st.integers(min_value=1, max_value=3 * 24 * 60)
_DAY = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2037, 12, 1))
_STATUS = st.sampled_from([s.value for s in sf.Status])
_LANGUAGE = st.sampled_from(["en", "nl", "de", "fr", "pt-BR", "nl-BE"])
_KIND = st.sampled_from(sf.BUILTIN_KINDS)


def _pick(draw: st.DrawFn, items: list[Any]) -> Any:
    return items[draw(_PICK) % len(items)]


def _subset(draw: st.DrawFn, items: list[Any], max_size: int) -> list[Any]:
    """Up to ``max_size`` distinct items, in a drawn order."""
    chosen: list[Any] = []
    for _ in range(draw(st.integers(0, min(max_size, len(items))))):
        item = _pick(draw, items)
        if item not in chosen:
            chosen.append(item)
    return chosen


def text(draw: st.DrawFn, locales: tuple[str, ...]) -> str | dict[str, str]:
    """A plain string (the same in every locale) or a table with some of the locales."""
    if draw(_BOOL):
        return draw(_TEXT)
    chosen = _subset(draw, list(locales), len(locales)) or [locales[0]]
    return {locale: draw(_TEXT) for locale in chosen}


def _plain_local(naive: dt.datetime, zone: str) -> bool:
    """Whether a wall time happens exactly once in ``zone`` (not skipped, not repeated)."""
    tz = zoneinfo.ZoneInfo(zone)
    first, second = naive.replace(tzinfo=tz, fold=0), naive.replace(tzinfo=tz, fold=1)
    return first.utcoffset() == second.utcoffset()


def _instant(draw: st.DrawFn, zone: str) -> tuple[dt.datetime, Any]:
    """An instant in ``zone`` and how to write it: a local time when that is unambiguous, else with its offset."""
    naive = draw(_NAIVE)
    tz = zoneinfo.ZoneInfo(zone)
    start = naive.replace(tzinfo=tz).astimezone(dt.UTC).astimezone(tz)
    local = start.replace(tzinfo=None)
    if _plain_local(local, zone) and draw(_BOOL):
        written: Any = local
    else:
        written = start.replace(tzinfo=dt.timezone(start.utcoffset() or dt.timedelta(0)))
    return start, (written.isoformat() if draw(_BOOL) else written)


def when(draw: st.DrawFn, zone: str) -> tuple[Any, str]:
    """Every ``when`` form, valid (``None``: the key is left out), and the session's zone.

    Local times of the session (``previous_start``, ``announced``, ``updated``)
    are read in the zone of its exact time when it has one, else in the programme's.
    """
    form = draw(st.integers(0, 9))
    if form == 0:
        return None, zone
    if form == 1:
        return draw(st.sampled_from(["tba", "TBD", "unknown"])), zone
    if form == 2:
        return f"{draw(st.integers(2000, 2037)):04d}-{draw(st.integers(1, 12)):02d}", zone
    if form == 3:
        day = draw(_DAY)
        return (day if draw(_BOOL) else day.isoformat()), zone
    if form == 4:
        first = draw(_DAY)
        last = first + dt.timedelta(days=draw(st.integers(0, 6)))
        if draw(_BOOL):
            return {"start": first, "end": last}, zone
        return {"start": first.isoformat(), "end": last.isoformat()}, zone
    table: dict[str, Any] = {}
    if form == 5:
        table["timezone"] = zone = draw(_ZONE)
    start, written = _instant(draw, zone)
    table = {"start": written, **table}
    end = (start.astimezone(dt.UTC) + dt.timedelta(minutes=draw(_MINUTES))).astimezone(start.tzinfo)
    if form == 6:
        minutes = int((end.astimezone(dt.UTC) - start.astimezone(dt.UTC)).total_seconds() // 60)
        table["duration"] = minutes if draw(_BOOL) else f"PT{minutes // 60}H{minutes % 60}M"
    elif (
        form == 7
        and end.date() == start.date()
        and end.time() > start.time()
        and _plain_local(end.replace(tzinfo=None), zone)
    ):
        table["end"] = end.time().replace(tzinfo=None) if draw(_BOOL) else end.strftime("%H:%M")
    else:
        table["end"] = end.replace(tzinfo=dt.timezone(end.utcoffset() or dt.timedelta(0))).isoformat()
    return table, zone


def location(draw: st.DrawFn) -> Any:
    form = draw(st.integers(0, 5))
    if form == 0:
        return None
    if form == 1:
        return "online"
    online: Any = True
    if draw(_BOOL):
        online = {}
        if draw(_BOOL):
            online["url"] = draw(_URL)
        if draw(_BOOL):
            online["platform"] = draw(_SHORT)
        online = online or True
    venue: Any = draw(_SHORT)
    if draw(_BOOL):
        venue = {"name": venue}
        if draw(_BOOL):
            venue["address"] = {"street": draw(_SHORT), "locality": draw(_SHORT), "country": "NL"}
        if draw(_BOOL):
            venue["url"] = draw(_URL)
    if form == 2:
        return {"online": online}
    if form == 3:
        return {"venue": venue}
    return {"online": online, "venue": venue}


@st.composite
def programme_dicts(draw: st.DrawFn, *, max_sessions: int = 4) -> dict[str, Any]:
    """A valid programme dict with organisations, people, tags, kinds and sessions."""
    locales = draw(_LOCALES)
    zone = draw(_ZONE)
    data: dict[str, Any] = {
        "id": draw(_ID),
        "title": text(draw, locales),
        "base_url": "https://example.org/programme/",
        "locales": list(locales),
    }
    if draw(_BOOL):
        data["timezone"] = zone
    else:
        zone = "Europe/Amsterdam"
    if draw(_BOOL):
        data["intro"] = text(draw, locales)
    organisations: dict[str, Any] = {}
    for ident in draw(_ID_LISTS):
        org: dict[str, Any] = {"name": text(draw, locales)}
        if draw(_BOOL):
            org["short_name"] = draw(_SHORT)
        if draw(_BOOL):
            org["url"] = draw(_URL)
        if organisations and draw(_BOOL):
            org["parent"] = _pick(draw, list(organisations))
        organisations[ident] = org
    people: dict[str, Any] = {}
    for ident in draw(_ID_LISTS):
        person: dict[str, Any] = {"name": draw(_TEXT)}
        if organisations and draw(_BOOL):
            person["affiliation"] = _pick(draw, list(organisations))
        if draw(_BOOL):
            person["job_title"] = text(draw, locales)
        if draw(_BOOL):
            person["same_as"] = [draw(_URL)]
        people[ident] = person
    # One form for every tag: a TOML table must list its plain values before its
    # sub-tables, so mixing forms would change the order of the tags when written.
    tag_form = draw(st.integers(0, 2))
    tags = {
        ident: [{"label": text(draw, locales)}, draw(_TEXT), {locales[0]: draw(_TEXT)}][tag_form]
        for ident in draw(_ID_LISTS)
    }
    kinds = {
        ident: {"label": text(draw, locales)} for ident in draw(_ID_LISTS) if ident not in sf.BUILTIN_KINDS
    }
    sections = {"organisations": organisations, "people": people, "tags": tags, "kinds": kinds}
    data |= {name: table for name, table in sections.items() if table or draw(_BOOL)}
    if organisations and draw(_BOOL):
        data["organisers"] = _subset(draw, list(organisations), 2)
    if draw(_BOOL):
        spans = {"past": draw(st.sampled_from(["none", "P90D", "P1DT12H"]))}
        if draw(_BOOL):
            spans["upcoming"] = draw(st.sampled_from(["P400D", "PT6H"]))
        data["window"] = spans
    sessions = []
    for ident in draw(_SESSION_IDS)[:max_sessions]:
        session: dict[str, Any] = {
            "id": ident,
            "kind": _pick(draw, list(kinds)) if kinds and draw(_BOOL) else draw(_KIND),
            "title": text(draw, locales),
            "language": draw(_LANGUAGE),
        }
        value, session_zone = when(draw, zone)
        if value is not None:
            session["when"] = value
        if draw(_BOOL):
            session["description"] = text(draw, locales)
        place = location(draw)
        if place is not None:
            session["location"] = place
        status = draw(_STATUS)
        if status != "scheduled" or draw(_BOOL):
            session["status"] = status
        if status == "rescheduled":
            session["previous_start"] = (
                draw(_DAY).isoformat() if draw(_BOOL) else _instant(draw, session_zone)[1]
            )
        for key in ROLE_KEYS:
            if people and draw(st.integers(0, 3)) == 0:
                session[key] = _subset(draw, list(people), 3)
        for key in ("organisers", "supporters"):
            if organisations and draw(_BOOL):
                session[key] = _subset(draw, list(organisations), 2)
        if tags and draw(_BOOL):
            session["tags"] = _subset(draw, list(tags), 2)
        if draw(_BOOL):
            session["links"] = {"registration": draw(_URL)} if draw(_BOOL) else {"page": draw(_URL)}
        if draw(st.integers(0, 3)) == 0:
            recording: Any = {
                "url": draw(_URL),
                "media_type": "video/mp4",
                "duration": "PT58M12S",
                "published": draw(_DAY),
            }
            session["recording"] = recording if draw(_BOOL) else draw(_URL)
        if draw(_BOOL):
            session["image"] = draw(_URL)
        for key in ("announced", "updated"):
            if draw(st.integers(0, 3)) == 0:
                session[key] = _instant(draw, session_zone)[1]
        if draw(st.integers(0, 3)) == 0:
            session["sequence"] = draw(st.integers(0, 2**31 - 1))
        sessions.append(session)
    data["sessions"] = sessions
    for key, strategy in (("free", _BOOL), ("image", _URL), ("color", st.sampled_from(["darkblue", "red"]))):
        if draw(_BOOL):
            data[key] = draw(strategy)
    if draw(_BOOL):
        data["refresh"] = draw(st.sampled_from(["PT6H", "P1D", 90]))
    if draw(_BOOL):
        data["contact"] = {"name": draw(_SHORT), "email": "team@example.org"}
    return data
