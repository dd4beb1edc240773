"""The benchmark harness runs end to end, so that it never rots; no test asserts a time."""

from __future__ import annotations

import ast
import datetime as dt
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import sessionfeed
from sessionfeed.model import programme as _model


ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"


@pytest.fixture(scope="module")
def bench_modules():
    """``bench/``'s modules, imported as the harness imports them (``bench/`` on ``sys.path``)."""
    sys.path.insert(0, str(BENCH))
    try:
        import _content
        import _peers
        import _synthetic

        yield {"synthetic": _synthetic, "peers": _peers, "content": _content}
    finally:
        sys.path.remove(str(BENCH))


@pytest.fixture(scope="module")
def synthetic(bench_modules):
    return bench_modules["synthetic"]


def _in_git_checkout() -> bool:
    if shutil.which("git") is None:
        return False
    found = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--verify", "--quiet", "HEAD^{commit}"],
        capture_output=True,
        check=False,
    )
    return found.returncode == 0


def _worktrees() -> str:
    return subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "list", "--porcelain"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


@pytest.fixture(scope="module")
def against_run(tmp_path_factory):
    """One ``bench/run.py --against HEAD`` at N = 50, one round: its stdout and its JSON."""
    if not _in_git_checkout():
        pytest.skip("--against needs git and a git checkout of the project")
    out = tmp_path_factory.mktemp("bench") / "against.json"
    args = ["--against", "HEAD", "--sizes", "50", "--rounds", "1", "--json", str(out)]
    proc = subprocess.run(
        [sys.executable, str(BENCH / "run.py"), *args],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc.stdout, json.loads(out.read_text(encoding="utf-8"))


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


#: The variants whose route another library runs, each checked against sessionfeed's content.
PEERS = {
    "ical/icalendar",
    "ical/icalendar-serialise-only",
    "ical/ics-py",
    "ical/vobject",
    "feeds/feedgen",
    "feeds/feedgen-serialise-only",
    "jsonld/handbuilt",
    "jsonld/handbuilt-same-graph",
    "build/icalendar-x2",
    "build/icalendar-x2-serialise-only",
}


@pytest.mark.slow
class TestQuickRunPeers:
    def test_every_peer_route_is_content_checked(self, quick_run):
        """Each peer route that ran was first checked to hold sessionfeed's sessions and titles."""
        _, data = quick_run
        seen = set()
        for group in data["groups"].values():
            for variant, by_n in group["results"].items():
                if variant in PEERS and by_n:
                    assert by_n["100"]["checked"], variant
                    seen.add(variant)
        assert {"ical/icalendar", "feeds/feedgen", "jsonld/handbuilt", "build/icalendar-x2"} <= seen


class TestPeers:
    """The peer routes write their own words, from the model alone, and say what sessionfeed says."""

    def test_imports_nothing_of_sessionfeed_but_the_model(self):
        """``_peers.py`` takes from sessionfeed only the model's classes (and ``load``)."""
        allowed = set(_model.__all__) | {"load"}
        tree = ast.parse((BENCH / "_peers.py").read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
                assert not any(n.split(".")[0] == "sessionfeed" for n in names), names
            elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "sessionfeed":
                assert node.module in {"sessionfeed", "sessionfeed.model.programme"}, node.module
                imported = {alias.name for alias in node.names}
                assert imported <= allowed, imported - allowed

    @pytest.mark.parametrize("locale", ["nl", "en"])
    def test_routes_hold_sessionfeeds_sessions_and_titles(self, bench_modules, locale):
        """Every route passes the content check the worker runs before timing it."""
        peers, content = bench_modules["peers"], bench_modules["content"]
        programme = bench_modules["synthetic"].make_programme(40, seed=2)
        kinds = {
            "icalendar": "ical",
            "ics-py": "ical",
            "vobject": "ical",
            "feedgen": "feeds",
            "jsonld": "jsonld",
        }
        for name, route in peers.ROUTES.items():
            if name in {"ics-py", "vobject"}:
                pytest.importorskip("ics" if name == "ics-py" else "vobject")
            content.check(kinds[name], programme, locale, route(programme, locale))

    def test_the_check_fails_on_a_missing_session_or_another_title(self, bench_modules):
        """The content check is not a formality: a dropped session or a changed title fails it."""
        peers, content = bench_modules["peers"], bench_modules["content"]
        programme = bench_modules["synthetic"].make_programme(20, seed=4)
        first = next(s for s in programme.sessions if isinstance(s.when, sessionfeed.Timed))
        kept = tuple(s for s in programme.sessions if s is not first)
        fewer = programme.__class__(**{**_fields(programme), "sessions": kept})
        with pytest.raises(content.ContentDiffers, match="sessions"):
            content.check("ical", programme, "nl", peers.icalendar_route(fewer, "nl"))
        retitled = first.__class__(
            **{**_fields(first), "title": sessionfeed.LocalizedText({"nl": "Iets anders", "en": "Other"})}
        )
        swapped = tuple(retitled if s is first else s for s in programme.sessions)
        other = programme.__class__(**{**_fields(programme), "sessions": swapped})
        for kind, route in (("feeds", peers.feedgen_route), ("jsonld", peers.jsonld_route)):
            with pytest.raises(content.ContentDiffers, match="titles"):
                content.check(kind, programme, "nl", route(other, "nl"))

    def test_descriptions_are_composed_from_the_model(self, bench_modules):
        """The icalendar route's description names each person, their organisation and the day in words."""
        icalendar = pytest.importorskip("icalendar")
        peers = bench_modules["peers"]
        programme = bench_modules["synthetic"].make_programme(30, seed=5)
        calendar = icalendar.Calendar.from_ical(peers.icalendar_route(programme, "nl"))
        events = {str(e["UID"]): str(e["DESCRIPTION"]) for e in calendar.walk("VEVENT")}
        for session in programme.sessions:
            if not isinstance(session.when, sessionfeed.Timed):
                continue
            text = events[peers.session_uid(programme, session)]
            for part in session.participants:
                assert part.person.name in text
                if part.person.affiliation is not None:
                    assert part.person.affiliation.name["nl"] in text
            assert str(session.when.start.year) in text
            assert f"{session.when.start:%H:%M}" in text
            assert programme.text(session.description, "nl").text.split("\n\n")[0] in text


def _fields(value):
    """The init arguments of an attrs model value."""
    import attrs

    return {f.name.lstrip("_"): getattr(value, f.name) for f in attrs.fields(type(value)) if f.init}


@pytest.mark.slow
class TestAgainst:
    """``run.py --against REV`` runs both trees side by side and leaves no worktree behind."""

    def test_every_group_is_measured_in_both_trees(self, against_run):
        stdout, data = against_run
        for heading in (
            "### build",
            "### ical",
            "### feeds",
            "### jsonld",
            "### load",
            "### Cost per session",
        ):
            assert heading in stdout
        assert "### Peak memory of a build" in stdout
        for variant in ("build/with-load", "build/site", "ical/export", "feeds/export", "jsonld/export"):
            by_tree = data["results"][variant]["50"]
            assert set(by_tree) == {"current", "HEAD"}, variant
            assert all(slot["times"] and slot["peak_mb"] for slot in by_tree.values())
        assert data["missing"] == {}

    def test_each_tree_runs_its_own_sessionfeed(self, against_run):
        """The worker of each side imported the package from that side's src/."""
        _, data = against_run
        ours = ROOT / "src" / "sessionfeed"
        for by_n in data["results"].values():
            slots = by_n["50"]
            assert Path(slots["current"]["sessionfeed"]) == ours
            other = Path(slots["HEAD"]["sessionfeed"])
            assert other != ours
            assert other.parts[-2:] == ("src", "sessionfeed")

    def test_the_worktree_is_removed(self, against_run):
        _, data = against_run
        other = Path(data["results"]["ical/export"]["50"]["HEAD"]["sessionfeed"])
        assert not other.exists()
        assert str(other.parent.parent) not in _worktrees()

    def test_an_unknown_revision_is_a_clear_error(self):
        if not _in_git_checkout():
            pytest.skip("--against needs git and a git checkout of the project")
        proc = subprocess.run(
            [sys.executable, str(BENCH / "run.py"), "--against", "no-such-rev-zz", "--sizes", "50"],
            capture_output=True,
            text=True,
            timeout=120,
            cwd=ROOT,
            check=False,
        )
        assert proc.returncode == 2
        assert "--against no-such-rev-zz" in proc.stderr
        assert "is not a commit" in proc.stderr
        assert "Traceback" not in proc.stderr

    def test_a_tree_without_an_entry_point_is_skipped_with_the_reason(self, tmp_path, synthetic):
        """An older tree lacking ``build_site`` gives a message, not a traceback."""
        package = tmp_path / "src" / "sessionfeed"
        package.mkdir(parents=True)
        real = ROOT / "src" / "sessionfeed"
        # A package with ``load`` and none of the rest: its submodules are the real ones.
        (package / "__init__.py").write_text(
            f"__path__.append({str(real)!r})\nfrom sessionfeed.io.toml import load\n", encoding="utf-8"
        )
        toml = synthetic.write_programme_toml(30, tmp_path / "p.toml")
        args = ["against", str(tmp_path / "src"), "build/site", "1", str(toml), str(toml)]
        proc = subprocess.run(
            [sys.executable, str(BENCH / "_worker.py"), *args],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert proc.returncode == 0, proc.stderr
        out = json.loads(proc.stdout.splitlines()[-1])
        assert out["available"] is False
        assert "lacks an entry point" in out["reason"]
        assert "build_site" in out["reason"]
