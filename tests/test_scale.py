"""A 50,000-session programme builds within the memory target: peak RSS at most 500 MB (issue 9).

The build runs in a child process, which reports its own peak resident set
(``ru_maxrss``: the programme, every exporter and the writing together) and
the time it took. Slow: it runs when ``HYPOTHESIS_PROFILE=thorough`` (as
``.ci/run`` sets) or ``SESSIONFEED_SLOW=1``.

The programme is made in the child by a small deterministic generator:
realistic text sizes (titles of about 60 characters, descriptions of about
600 with non-ASCII letters), 2 to 5 participants from a pool of people with
organisations, every date precision (mostly timed, in two time zones, across
the DST changes), online, in-person and hybrid locations, cancelled and
postponed sessions, tags, two locales.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


SESSIONS = int(os.environ.get("SESSIONFEED_SCALE_SESSIONS", "50000"))
PEAK_MB = 500
SECONDS = 120

slow = pytest.mark.skipif(
    os.environ.get("HYPOTHESIS_PROFILE") != "thorough" and os.environ.get("SESSIONFEED_SLOW") != "1",
    reason="slow: set SESSIONFEED_SLOW=1 (or HYPOTHESIS_PROFILE=thorough, as .ci/run does)",
)

_CHILD = r'''
import datetime as dt, json, resource, sys, time, zoneinfo
from pathlib import Path
began = time.perf_counter()
import sessionfeed as sf
from sessionfeed._build import build_site

n, out = int(sys.argv[1]), Path(sys.argv[2])
AMS, KOL = zoneinfo.ZoneInfo("Europe/Amsterdam"), zoneinfo.ZoneInfo("Asia/Kolkata")
WORDS = ("mensenrechten duurzaamheid keten herstel verhaal klachtenmechanisme coöperatie financiële "
         "ideeën café reünie geïnteresseerd België één privé zeeën patiënten efficiënt beëindigen naïef "
         "toezicht leveranciers transparantie gesprek werkgroep onderzoek due diligence 🌍 samenwerking").split()

def words(seed, count):
    return " ".join(WORDS[(seed * 7 + i * 13) % len(WORDS)] for i in range(count))

def text(nl, en):
    return sf.LocalizedText({"nl": nl, "en": en})

orgs = []
for i in range(60):
    orgs.append(sf.Organisation(id=f"org-{i}", name=text(f"Stichting {words(i, 2)}", f"Foundation {i}"),
                                short_name=f"O{i}" if i % 3 == 0 else None,
                                url=f"https://org{i}.example.org/", parent=orgs[i - 1] if i % 10 == 5 else None))
people = [sf.Person(id=f"person-{i}", name=f"{WORDS[i % len(WORDS)].title()} Ångström-{i}",
                    affiliation=orgs[i % len(orgs)] if i % 4 else None) for i in range(3000)]
tags = [sf.Tag(id=f"tag-{i}", label=text(words(i, 2), f"topic {i}")) for i in range(12)]
roles = list(sf.Role)
sessions = []
for i in range(n):
    kind = sf.BUILTIN_KINDS[i % len(sf.BUILTIN_KINDS)]
    day = dt.date(2027, 1, 1) + dt.timedelta(days=i % 365)
    if i % 50 == 7:
        when = sf.Month(year=2027, month=1 + i % 12)
    elif i % 50 == 11:
        when = sf.Unknown()
    elif i % 25 == 3:
        when = sf.AllDay(start=day, end=day + dt.timedelta(days=i % 3))
    else:
        zone = KOL if i % 40 == 1 else AMS
        start = dt.datetime.combine(day, dt.time(9 + i % 9, (i % 4) * 15), zone)
        start = start.astimezone(dt.UTC).astimezone(zone)
        when = sf.Timed(start=start, end=(start.astimezone(dt.UTC) + dt.timedelta(minutes=45 + i % 120)).astimezone(zone))
    online = sf.Online(url=f"https://meet.example.org/s{i}", platform="Zoom") if i % 3 else None
    venue = sf.Venue(name=f"Zaal {i % 17}", address=sf.Address(street=f"Straat {i % 99}", locality="Den Haag", country="NL")) if i % 3 != 1 else None
    status = [sf.Status.SCHEDULED] * 8 + [sf.Status.CANCELLED, sf.Status.POSTPONED]
    participants = []
    for k in range(2 + i % 4):
        participants.append(sf.Participation(person=people[(i * 5 + k * 31) % len(people)], role=roles[k % 3 if k else 0]))
    sessions.append(sf.Session(
        id=f"session-{i}", kind=kind, language="nl" if i % 2 else "en",
        title=text(f"Sessie {i}: {words(i, 6)}", f"Session {i}: {words(i + 1, 6)}"),
        description=text(words(i, 70) + "\n\n" + words(i + 3, 20), words(i + 2, 80)),
        when=when, location=sf.Location(online=online, venue=venue) if (online or venue) else None,
        status=status[i % 10], organisers=(orgs[i % len(orgs)],), participants=participants,
        tags=(tags[i % len(tags)], tags[(i + 5) % len(tags)]),
        links=sf.Links(registration=f"https://example.org/register/{i}"),
    ))
programme = sf.Programme(
    id="scale", title=text("Programma", "Programme"), intro=text(words(1, 30), words(2, 30)),
    base_url="https://example.org/scale/", locales=("nl", "en"), sessions=sessions, people=people,
    organisations=orgs, organisers=(orgs[0],), tags=tags,
)
made = time.perf_counter()
report = build_site(programme, out, now=dt.datetime(2027, 1, 1, tzinfo=dt.UTC))
done = time.perf_counter()
files = sum(1 for p in out.rglob("*") if p.is_file())
size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
print(json.dumps({
    "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "make_s": made - began, "build_s": done - made, "files": files, "bytes": size,
    "omitted": sum(len(r.omitted) for r in report.outputs), "sessions": report.sessions,
}))
'''


def run_build(sessions: int, out: Path) -> dict[str, float]:
    result = subprocess.run(
        [sys.executable, "-c", _CHILD, str(sessions), str(out)],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_scale_child_runs(tmp_path: Path):
    """The child script itself, on 300 sessions: it builds every file (quick, always run)."""
    numbers = run_build(300, tmp_path / "site")
    assert numbers["sessions"] == 300
    assert numbers["files"] > 300


@pytest.mark.slow
@slow
def test_50000_sessions_within_500_mb(tmp_path: Path, record_property: object):
    """50,000 sessions, two locales, every exporter: peak RSS at most 500 MB, within two minutes."""
    numbers = run_build(SESSIONS, tmp_path / "site")
    print(f"\n{SESSIONS} sessions: {json.dumps(numbers)}")
    if callable(record_property):
        for key, value in numbers.items():
            record_property(key, value)
    assert numbers["sessions"] == SESSIONS
    assert numbers["peak_mb"] <= PEAK_MB, f"peak RSS {numbers['peak_mb']:.0f} MB > {PEAK_MB} MB: {numbers}"
    assert numbers["make_s"] + numbers["build_s"] <= SECONDS, f"took too long: {numbers}"
