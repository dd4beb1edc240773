"""Deterministic synthetic programmes for the benchmarks.

``make_programme(n, seed=0)`` returns the same :class:`sessionfeed.Programme`
for the same arguments on every machine: realistic text sizes (titles of
40-90 characters, Dutch descriptions of 400-1,200 characters with é/ë/ï and
some emoji), 2-5 participants per session drawn from a pool of people with
organisations and non-ASCII names, Europe/Amsterdam times spread over 2027
(so across both DST changes, a few sessions spanning the night the clocks
change), some all-day and month-only sessions, online/hybrid/in-person
locations, some cancelled sessions, and the locales ``nl`` and ``en``.

``write_programme_toml(n, path, seed=0)`` writes the same programme as a
programme file, for the ``sessionfeed build`` command.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import zoneinfo
from pathlib import Path
from typing import Any


__all__ = ["make_programme", "programme_toml", "write_programme_toml"]

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")

_NL_WORDS = [
    "mensenrechten",
    "duurzaamheid",
    "keten",
    "herstel",
    "verhaal",
    "klachtenmechanisme",
    "coöperatie",
    "financiële",
    "ideeën",
    "café",
    "reünie",
    "geïnteresseerd",
    "België",
    "één",
    "privé",
    "ruïne",
    "zeeën",
    "patiënten",
    "efficiënt",
    "geëvalueerd",
    "beëindigen",
    "naïef",
    "zoë",
    "tweeënhalf",
    "hoofdstuk",
    "beleid",
    "onderneming",
    "toezicht",
    "leveranciers",
    "arbeidsomstandigheden",
    "transparantie",
    "gesprek",
    "werkgroep",
    "onderzoek",
    "praktijk",
    "risico's",
    "due",
    "diligence",
    "samenwerking",
    "overheid",
    "vakbond",
    "textiel",
    "landbouw",
    "mijnbouw",
    "grondstoffen",
    "cacao",
    "koffie",
    "elektronica",
    "herstelbetaling",
    "dialoog",
    "klacht",
    "bemiddeling",
    "ervaring",
    "lessen",
    "toekomst",
    "Europese",
    "richtlijn",
    "wetgeving",
    "rapportage",
    "zorgplicht",
    "belanghebbenden",
    "gemeenschap",
    "inheemse",
    "rechten",
    "vrouwen",
    "kinderarbeid",
    "loon",
    "leefbaar",
    "inkoop",
]
_EN_WORDS = [
    "human",
    "rights",
    "sustainability",
    "supply",
    "chain",
    "remedy",
    "grievance",
    "mechanism",
    "cooperation",
    "financial",
    "ideas",
    "dialogue",
    "due",
    "diligence",
    "stakeholders",
    "responsible",
    "business",
    "conduct",
    "living",
    "wage",
    "textile",
    "agriculture",
    "mining",
    "electronics",
    "cocoa",
    "coffee",
    "lessons",
    "learned",
    "future",
    "European",
    "directive",
    "legislation",
    "reporting",
    "duty",
    "of",
    "care",
    "communities",
    "indigenous",
    "rights",
    "women",
    "child",
    "labour",
    "procurement",
    "transparency",
    "practice",
    "risk",
    "collaboration",
    "government",
    "trade",
    "union",
    "workshop",
    "research",
    "experience",
]
_STOP_NL = ("de", "het", "een", "en", "van", "voor", "met", "over", "in", "bij", "naar")
_STOP_EN = ("the", "a", "and", "of", "for", "with", "about", "in", "at", "to")
_EMOJI = ("🌍", "📅", "🎙️", "✅", "💬", "🤝", "📣", "🧵")
_FIRST = (
    "Zoë",
    "Björn",
    "Łukasz",
    "Ngozi",
    "Søren",
    "Inês",
    "Renée",
    "Anaïs",
    "José",
    "Noël",
    "Ana",
    "Jan",
    "Fatima",
    "Mehmet",
    "Chloé",
    "Jürgen",
    "Siobhán",
    "Dagný",
    "Olúwaseun",
    "Thảo",
    "Priya",
    "Hélène",
    "Ibrahim",
    "Marije",
    "Kees",
    "Aïsha",
    "Joëlle",
    "Gaël",
)
_LAST = (
    "de Vries",
    "Ångström",
    "Żółć",
    "Adébáyọ̀",
    "Kierkegård",
    "O'Brien-Çelik",
    "Nguyễn",
    "van der Berg",
    "Müller",
    "Doğan",
    "Jansen",
    "Bakker",
    "Ó Súilleabháin",
    "Peña",
    "El Amrani",
    "Visser",
    "Smit",
    "Łęcka",
    "Dvořák",
    "Þórsdóttir",
    "Ferreira",
    "Ruïz",
)
_ORG_NL = (
    "Stichting",
    "Vereniging",
    "Ministerie van",
    "Platform",
    "Netwerk",
    "Coöperatie",
    "Centrum voor",
    "Raad voor",
)
_ORG_EN = (
    "Foundation",
    "Association",
    "Ministry of",
    "Platform",
    "Network",
    "Co-operative",
    "Centre for",
    "Council for",
)
_ORG_TOPIC = (
    ("Eerlijke Handel", "Fair Trade"),
    ("Mensenrechten", "Human Rights"),
    ("Duurzame Ketens", "Sustainable Chains"),
    ("Buitenlandse Zaken", "Foreign Affairs"),
    ("Herstel & Verhaal", "Remedy"),
    ("Textiel", "Textiles"),
    ("Cacao", "Cocoa"),
    ("Grondstoffen", "Raw Materials"),
    ("Arbeid", "Labour"),
    ("Financiële Sector", "Finance"),
)
_KINDS = ("webinar", "webinar", "webinar", "workshop", "interview", "panel", "talk")
_ROLES_MAIN = ("speakers", "panellists", "presenters")
_TAGS = (
    ("remedy", "herstel & verhaal", "access to remedy"),
    ("supply-chains", "eerlijke ketens", "fair supply chains"),
    ("textiles", "textiel", "textiles"),
    ("mining", "mijnbouw", "mining"),
    ("agriculture", "landbouw", "agriculture"),
    ("finance", "financiële sector", "financial sector"),
    ("legislation", "wetgeving", "legislation"),
    ("gender", "gender", "gender"),
)
_CITIES = (
    ("Den Haag", "2514 AB"),
    ("Utrecht", "3511 AA"),
    ("Amsterdam", "1012 AB"),
    ("Rotterdam", "3011 AA"),
    ("Brussel", "1000"),
    ("Zwolle", "8011 AA"),
)
_PLATFORMS = ("Zoom", "Teams", "Jitsi", "Webex")
# The two changes of 2027 in Europe/Amsterdam: sessions on those nights span them.
_DST_NIGHTS = (dt.date(2027, 3, 28), dt.date(2027, 10, 31))


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


def _phrase(
    rng: random.Random, words: tuple[str, ...] | list[str], stops: tuple[str, ...], low: int, high: int
) -> str:
    """Words until the length is in ``[low, high]``, capitalised."""
    target = rng.randint(low, high)
    out: list[str] = []
    length = 0
    while length < target:
        word = rng.choice(stops) if out and rng.random() < 0.3 else rng.choice(words)
        out.append(word)
        length += len(word) + 1
    text = " ".join(out)[:high].rstrip()
    if len(text) < low:
        text = (text + " " + "x" * low)[:low]
    return text[0].upper() + text[1:]


def _paragraphs(
    rng: random.Random, words: tuple[str, ...] | list[str], stops: tuple[str, ...], low: int, high: int
) -> str:
    """Sentences in two or three paragraphs, ``low``-``high`` characters in all, some emoji."""
    target = rng.randint(low, high)
    paragraphs: list[list[str]] = [[] for _ in range(rng.randint(2, 3))]
    length = 0
    i = 0
    while length < target:
        sentence = _phrase(rng, words, stops, 30, 110)
        if rng.random() < 0.12:
            sentence += " " + rng.choice(_EMOJI)
        sentence += rng.choice((".", ".", ".", "?", "!"))
        if rng.random() < 0.1:
            sentence = f'"{sentence}", zegt de organisatie; zie ook: https://example.org/info'
        paragraphs[i % len(paragraphs)].append(sentence)
        length += len(sentence) + 1
        i += 1
    text = "\n\n".join(" ".join(p) for p in paragraphs if p)
    return text[:high].rstrip()


def _data(n: int, seed: int) -> dict[str, Any]:
    """The programme as the dict shape of a programme file (JSON types, ISO times)."""
    rng = random.Random(seed)
    n_orgs = max(8, min(300, n // 20))
    organisations: dict[str, Any] = {}
    for i in range(n_orgs):
        kind = rng.randrange(len(_ORG_NL))
        nl_topic, en_topic = _ORG_TOPIC[rng.randrange(len(_ORG_TOPIC))]
        nl, en = f"{_ORG_NL[kind]} {nl_topic}", f"{_ORG_EN[kind]} {en_topic}"
        if i >= len(_ORG_NL) * len(_ORG_TOPIC):
            nl, en = f"{nl} {i}", f"{en} {i}"
        org: dict[str, Any] = {"name": {"nl": nl, "en": en}}
        if rng.random() < 0.6:
            org["short_name"] = "".join(w[0] for w in nl.split() if w[0].isupper())[:5] or "ORG"
        if rng.random() < 0.7:
            org["url"] = f"https://org{i}.example.org/"
        organisations[f"org-{i}"] = org
    org_ids = list(organisations)

    n_people = max(30, min(5000, n // 3))
    people: dict[str, Any] = {}
    for i in range(n_people):
        person: dict[str, Any] = {"name": f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"}
        if rng.random() < 0.85:
            person["affiliation"] = rng.choice(org_ids)
        if rng.random() < 0.3:
            person["job_title"] = {"nl": "Onderzoeker", "en": "Researcher"}
        people[f"p-{i}"] = person
    person_ids = list(people)

    tags = {tid: {"label": {"nl": nl, "en": en}} for tid, nl, en in _TAGS}
    sessions: list[dict[str, Any]] = []
    year_start = dt.date(2027, 1, 4)
    for i in range(n):
        kind = rng.choice(_KINDS)
        language = "nl" if rng.random() < 0.7 else "en"
        title = {
            "nl": _phrase(rng, _NL_WORDS, _STOP_NL, 40, 90),
            "en": _phrase(rng, _EN_WORDS, _STOP_EN, 40, 90),
        }
        description = {"nl": _paragraphs(rng, _NL_WORDS, _STOP_NL, 400, 1200)}
        if rng.random() < 0.6:
            description["en"] = _paragraphs(rng, _EN_WORDS, _STOP_EN, 400, 1200)
        roll = rng.random()
        when: Any
        if roll < 0.03:
            first = year_start + dt.timedelta(days=rng.randrange(360))
            last = first + dt.timedelta(days=rng.choice((0, 0, 1, 2)))
            when = (
                first.isoformat()
                if first == last
                else {
                    "start": first.isoformat(),
                    "end": last.isoformat(),
                }
            )
        elif roll < 0.05:
            when = f"2027-{rng.randint(1, 12):02d}"
        else:
            if i % 500 == 7:  # across the change: 01:00 to 04:00 on a DST night
                day = _DST_NIGHTS[(i // 500) % 2]
                start = dt.datetime(day.year, day.month, day.day, 1, 0, tzinfo=AMSTERDAM)
                end = dt.datetime(day.year, day.month, day.day, 4, 0, tzinfo=AMSTERDAM)
            else:
                day = year_start + dt.timedelta(days=rng.randrange(360))
                minute = rng.randrange(9 * 4, 20 * 4) * 15
                start = dt.datetime(day.year, day.month, day.day, minute // 60, minute % 60, tzinfo=AMSTERDAM)
                end = start + dt.timedelta(minutes=rng.choice((45, 60, 60, 90, 90, 120, 180)))
            when = {"start": start.isoformat(), "end": end.isoformat(), "timezone": "Europe/Amsterdam"}
        mode = rng.random()
        location: dict[str, Any] = {}
        if mode < 0.75:
            location["online"] = {"url": f"https://meet.example.org/s{i}", "platform": rng.choice(_PLATFORMS)}
        if mode >= 0.6:
            city, postcode = rng.choice(_CITIES)
            location["venue"] = {
                "name": f"{rng.choice(_ORG_NL)} {rng.choice(_ORG_TOPIC)[0]}, {city}",
                "address": {
                    "street": f"Lange Voorhout {rng.randint(1, 99)}",
                    "postal_code": postcode,
                    "locality": city,
                    "country": "NL",
                },
            }
        session: dict[str, Any] = {
            "id": f"s{i:06d}-{_slug(title['en'])[:24].rstrip('-')}",
            "kind": kind,
            "title": title,
            "language": language,
            "when": when,
            "description": description,
            "location": location,
        }
        if rng.random() < 0.04:
            session["status"] = "cancelled"
        count = rng.randint(2, 5)
        chosen = rng.sample(person_ids, count)
        session["moderators"] = chosen[:1]
        session[rng.choice(_ROLES_MAIN) if kind != "interview" else "interviewees"] = chosen[1:]
        session["tags"] = rng.sample([t[0] for t in _TAGS], rng.randint(0, 3))
        if rng.random() < 0.5:
            session["links"] = {"registration": f"https://events.example.org/register/{i}"}
        if rng.random() < 0.3:
            session["organisers"] = rng.sample(org_ids, rng.randint(1, 2))
        announced = dt.datetime(2026, 11, 1, 9, 0, tzinfo=AMSTERDAM) + dt.timedelta(
            minutes=rng.randrange(60 * 24 * 60)
        )
        session["announced"] = announced.isoformat()
        sessions.append(session)

    return {
        "id": f"bench-{n}-{seed}",
        "title": {
            "nl": "Open Gesprek: programma 2027 — benchmark",
            "en": "Open Dialogue: programme 2027 — benchmark",
        },
        "intro": {
            "nl": "Webinars, workshops en interviews over eerlijke ketens. Deelname is gratis.",
            "en": "Webinars, workshops and interviews on fair supply chains. Free.",
        },
        "base_url": "https://events.example.org/bench/",
        "locales": ["nl", "en"],
        "timezone": "Europe/Amsterdam",
        "organisers": org_ids[:1],
        "free": True,
        "updated": "2026-11-20T09:00:00+01:00",
        "organisations": organisations,
        "people": people,
        "tags": tags,
        "sessions": sessions,
    }


def make_programme(n: int, *, seed: int = 0) -> Any:
    """Return a deterministic programme of ``n`` sessions (a :class:`sessionfeed.Programme`)."""
    from sessionfeed.io.toml import from_dict

    return from_dict(_data(n, seed))


# ------------------------------------------------------------------ TOML writer

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def _key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else json.dumps(key, ensure_ascii=False)


def _value(value: Any) -> str:
    # JSON's string escapes (\n, \", \\, \uXXXX) are valid TOML basic-string escapes.
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{_key(k)} = {_value(v)}" for k, v in value.items()) + " }"
    message = f"cannot write {type(value).__name__} as TOML"
    raise TypeError(message)


def programme_toml(n: int, *, seed: int = 0) -> str:
    """The programme of :func:`make_programme` as the text of a programme file."""
    data = _data(n, seed)
    lines: list[str] = []
    tables = ("organisations", "people", "tags")
    for key, value in data.items():
        if key not in (*tables, "sessions"):
            lines.append(f"{_key(key)} = {_value(value)}")
    for table in tables:
        for ident, entry in data[table].items():
            lines.append(f"\n[{table}.{_key(ident)}]")
            lines.extend(f"{_key(k)} = {_value(v)}" for k, v in entry.items())
    for session in data["sessions"]:
        lines.append("\n[[sessions]]")
        lines.extend(f"{_key(k)} = {_value(v)}" for k, v in session.items())
    return "\n".join(lines) + "\n"


def write_programme_toml(n: int, path: str | Path, *, seed: int = 0) -> Path:
    """Write :func:`programme_toml` to ``path`` (UTF-8) and return the path."""
    target = Path(path)
    target.write_text(programme_toml(n, seed=seed), encoding="utf-8")
    return target
