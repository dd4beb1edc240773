"""A 50,000-session programme builds within the memory target: peak RSS at most 500 MB.

The build runs in a child process, which reports its own peak resident set
(``ru_maxrss``: the programme, every exporter and the writing together) and
the time it took. Slow: it runs when ``HYPOTHESIS_PROFILE=thorough`` or
``SESSIONFEED_SLOW=1``.

The programme is made in the child by a small deterministic generator:
realistic text sizes (titles of about 60 characters, descriptions of about
700 with non-ASCII letters, an emoji in one in fifty), 2 to 5 participants from a pool of people with
organisations, every date precision (mostly timed, in two time zones, across
the DST changes), online, in-person and hybrid locations, cancelled and
postponed sessions, tags, two locales.
"""

from __future__ import annotations

import json
import os
import queue
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import pytest


SESSIONS = int(os.environ.get("SESSIONFEED_SCALE_SESSIONS", "50000"))
PEAK_MB = 500
# Not a speed target (that is the benchmark's): a build that runs away is stopped.
SECONDS = 600

slow = pytest.mark.skipif(
    os.environ.get("HYPOTHESIS_PROFILE") != "thorough" and os.environ.get("SESSIONFEED_SLOW") != "1",
    reason="slow: set SESSIONFEED_SLOW=1 (or HYPOTHESIS_PROFILE=thorough)",
)

_CHILD = r'''
import datetime as dt, json, os, resource, sys, time, zoneinfo
from pathlib import Path
began = time.perf_counter()
import sessionfeed as sf
from sessionfeed.site.build import build_site

n, out = int(sys.argv[1]), Path(sys.argv[2])
AMS, KOL = zoneinfo.ZoneInfo("Europe/Amsterdam"), zoneinfo.ZoneInfo("Asia/Kolkata")
WORDS = ("mensenrechten duurzaamheid keten herstel verhaal klachtenmechanisme coöperatie financiële "
         "ideeën café reünie geïnteresseerd België één privé zeeën patiënten efficiënt beëindigen naïef "
         "toezicht leveranciers transparantie gesprek werkgroep onderzoek due diligence samenwerking").split()

def words(seed, count):
    text = " ".join(WORDS[(seed * 7 + i * 13) % len(WORDS)] for i in range(count))
    return text + " 🌍" if seed % 50 == 0 else text  # some emoji, as real data has

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

def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

def say(numbers):
    # One write a line: the locales' workers write to the same pipe, and a
    # line written in one piece (under the pipe's 4 KiB) is never cut by another's.
    sys.stdout.write(json.dumps(numbers) + "\n")
    sys.stdout.flush()

say({"stage": "programme made", "s": made - began, "peak_mb": peak_mb()})
import sessionfeed.site.build as build
_render = build.render
last = [time.perf_counter()]
def render(exporter, programme, context):
    # Files are made as the build writes them: each line says how long the
    # previous output took and the peak so far, when the next one starts.
    now = time.perf_counter()
    say({"stage": f"{exporter.name} {context.locale}", "s": now - last[0], "peak_mb": peak_mb()})
    last[0] = now
    return _render(exporter, programme, context)
build.render = render
report = build_site(programme, out, now=dt.datetime(2027, 1, 1, tzinfo=dt.UTC))
done = time.perf_counter()
files = size = 0
for folder, _, names in os.walk(out):  # rglob() would keep every path it found in a set
    for name in names:
        files += 1
        size += os.stat(os.path.join(folder, name)).st_size
say({
    "stage": "done", "peak_mb": peak_mb(),
    "make_s": made - began, "build_s": done - made, "files": files, "bytes": size,
    "omitted": sum(len(r.omitted) for r in report.outputs), "sessions": report.sessions,
})
'''


def _high_water_mb(pid: int) -> float:
    """The peak resident set of a running process (Linux ``VmHWM``), 0 where unknown."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    match = re.search(r"^VmHWM:\s+(\d+) kB", status, re.M)
    return int(match[1]) / 1024 if match else 0.0


def run_build(sessions: int, out: Path, *, peak_mb: float | None = None, seconds: float | None = None) -> dict[str, Any]:
    """Build in a child; stop it as soon as it passes ``peak_mb`` or ``seconds`` (then ``stopped`` says why)."""
    stages: list[dict[str, Any]] = []
    with tempfile.TemporaryFile("w+") as errors, subprocess.Popen(
        [sys.executable, "-u", "-c", _CHILD, str(sessions), str(out)], stdout=subprocess.PIPE, stderr=errors, text=True,
    ) as child:  # fmt: skip
        assert child.stdout is not None
        lines: queue.Queue[str] = queue.Queue()
        reader = threading.Thread(target=lambda: [lines.put(line) for line in child.stdout], daemon=True)  # type: ignore[union-attr]
        reader.start()
        began = time.monotonic()
        stopped = None
        highest = 0.0
        while child.poll() is None:
            highest = max(highest, _high_water_mb(child.pid))
            if peak_mb is not None and highest > peak_mb:
                stopped = f"peak RSS passed {peak_mb:.0f} MB"
            elif seconds is not None and time.monotonic() - began > seconds:
                stopped = f"still running after {seconds:.0f} s"
            if stopped:
                child.kill()
                child.wait()
                break
            time.sleep(0.05)
        reader.join(10)
        while not lines.empty():
            stages.append(json.loads(lines.get()))
        errors.seek(0)
        if stopped is None:
            assert child.returncode == 0, errors.read()[-3000:]
    result: dict[str, Any] = dict(stages[-1]) if stages and stages[-1]["stage"] == "done" else {}
    result.update(stopped=stopped, stages=stages, elapsed_s=time.monotonic() - began)
    result["peak_mb"] = max(result.get("peak_mb", 0.0), highest)
    return result


def test_scale_child_runs(tmp_path: Path):
    """The child script itself, on 300 sessions: it builds every file (quick, always run)."""
    numbers = run_build(300, tmp_path / "site")
    assert numbers["stopped"] is None, numbers
    assert numbers["sessions"] == 300, numbers
    assert numbers["files"] > 300
    assert {s["stage"] for s in numbers["stages"]} >= {"programme made", "ical nl", "html en", "done"}


@pytest.mark.slow
@slow
def test_50000_sessions_within_500_mb(tmp_path: Path):
    """50,000 sessions, two locales, every exporter: peak RSS at most 500 MB."""
    numbers = run_build(SESSIONS, tmp_path / "site", peak_mb=PEAK_MB, seconds=SECONDS)
    where = "; ".join(f"{s['stage']}: {s.get('s', 0):.1f} s, peak {s['peak_mb']:.0f} MB" for s in numbers["stages"])
    print(f"\n{SESSIONS} sessions: {where}")
    assert numbers["stopped"] is None, (
        f"{SESSIONS} sessions: {numbers['stopped']} (peak {numbers['peak_mb']:.0f} MB after "
        f"{numbers['elapsed_s']:.0f} s); the stages it finished: {where or 'none'}"
    )
    assert numbers["sessions"] == SESSIONS
    assert numbers["peak_mb"] <= PEAK_MB, f"peak RSS {numbers['peak_mb']:.0f} MB > {PEAK_MB} MB: {where}"
