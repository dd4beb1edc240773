"""The benchmark harness runs end to end, so that it never rots; no test asserts a time."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

import sessionfeed


ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"


@pytest.fixture(scope="module")
def synthetic():
    sys.path.insert(0, str(BENCH))
    try:
        import _synthetic

        yield _synthetic
    finally:
        sys.path.remove(str(BENCH))


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory):
    """One ``bench/run.py --quick`` for the whole module: its stdout and its JSON.

    At N = 100 only: every variant still runs end to end, which is what keeps the
    harness from rotting, and the suite stays within its time budget.
    """
    out = tmp_path_factory.mktemp("bench") / "quick.json"
    proc = subprocess.run(
        [sys.executable, str(BENCH / "run.py"), "--quick", "--sizes", "100", "--json", str(out)],
        capture_output=True,
        text=True,
        timeout=1200,
        cwd=ROOT,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc.stdout, json.loads(out.read_text(encoding="utf-8"))


class TestSynthetic:
    def test_deterministic(self, synthetic):
        """The same n and seed give the same programme; another seed another one."""
        assert synthetic.make_programme(40) == synthetic.make_programme(40)
        assert synthetic.make_programme(40) != synthetic.make_programme(40, seed=1)

    def test_realistic(self, synthetic):
        """Titles, descriptions, participants, times and statuses have the promised shape."""
        programme = synthetic.make_programme(600)
        assert programme.locales == ("nl", "en")
        assert all(40 <= len(s.title["nl"]) <= 90 for s in programme.sessions)
        assert all(400 <= len(s.description["nl"]) <= 1200 for s in programme.sessions)
        assert all(2 <= len(s.participants) <= 5 for s in programme.sessions)
        text = "".join(s.description["nl"] for s in programme.sessions)
        assert {"é", "ë", "ï"} <= set(text)
        assert any(ord(ch) > 0xFFFF for ch in text)  # emoji
        assert any(not p.name.isascii() for p in programme.people)
        kinds = {type(s.when) for s in programme.sessions}
        assert kinds == {sessionfeed.Timed, sessionfeed.AllDay, sessionfeed.Month}
        offsets = {
            s.when.start.utcoffset() for s in programme.sessions if isinstance(s.when, sessionfeed.Timed)
        }
        assert offsets == {dt.timedelta(hours=1), dt.timedelta(hours=2)}
        across = [
            s
            for s in programme.sessions
            if isinstance(s.when, sessionfeed.Timed) and s.when.start.utcoffset() != s.when.end.utcoffset()
        ]
        assert across, "some sessions span a DST change"
        assert {s.status for s in programme.sessions} >= {
            sessionfeed.Status.SCHEDULED,
            sessionfeed.Status.CANCELLED,
        }
        assert {s.attendance for s in programme.sessions} == set(sessionfeed.AttendanceMode)

    def test_toml_is_the_same_programme(self, synthetic, tmp_path):
        """The programme file written for the command line loads to the same programme."""
        path = synthetic.write_programme_toml(60, tmp_path / "p.toml", seed=3)
        assert sessionfeed.load(path) == synthetic.make_programme(60, seed=3)


@pytest.mark.slow
class TestQuickRun:
    def test_prints_the_tables(self, quick_run):
        """Every group, the growth, start-up and target tables are printed."""
        stdout, _ = quick_run
        for heading in (
            "### ical",
            "### feeds",
            "### jsonld",
            "### build",
            "### Cost per session",
            "### Start-up",
            "### Targets",
        ):
            assert heading in stdout

    def test_every_variant_is_measured_or_said_missing(self, quick_run):
        """A variant either has times at N=100, or the output says why it is not available."""
        stdout, data = quick_run
        for group in data["groups"].values():
            for variant, by_n in group["results"].items():
                if variant in group["missing"]:
                    assert f"{variant}: not available" in stdout
                else:
                    assert by_n["100"]["times"], variant
        assert data["startup"]["python -c pass"]["times"]
