"""sessionfeed against what users would otherwise write, and against another commit, side by side.

Usage (from the repository root, in the dev environment)::

    python bench/run.py                      # N = 100, 1,000, 10,000 (and 50,000 for fast variants)
    python bench/run.py --quick              # N = 100 and 1,000, one round: checks the harness
    python bench/run.py --only ical,startup  # some groups only
    python bench/run.py --json results.json  # also save the raw numbers
    python bench/run.py --against HEAD~3     # this tree against a revision: N = 1,000, 10,000, 50,000

Every measurement runs in a fresh process (``bench/_worker.py``) on the same
deterministic programme (``bench/_synthetic.py``); variants of a group are
alternated round by round (A B C, B C A, ...), so that a noisy neighbour slows
them alike. What counts are the ratios measured side by side, not the seconds.
With ``--against REV`` the two sides are this tree and a ``git worktree`` of
``REV`` in a temporary folder (removed at the end): each round runs the same
measurement with each tree's ``src/`` first on ``sys.path``, in turn.
``docs/performance.md`` explains each variant and holds the last full run.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any


HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORKER = HERE / "_worker.py"
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

GROUPS: dict[str, list[str]] = {
    "ical": [
        "ical/sessionfeed",
        "ical/sessionfeed-export",
        "ical/icalendar",
        "ical/icalendar-serialise-only",
        "ical/ics-py",
        "ical/vobject",
    ],
    "feeds": [
        "feeds/sessionfeed",
        "feeds/sessionfeed-export",
        "feeds/feedgen",
        "feeds/feedgen-serialise-only",
    ],
    "jsonld": [
        "jsonld/sessionfeed",
        "jsonld/sessionfeed-export",
        "jsonld/handbuilt",
        "jsonld/handbuilt-same-graph",
    ],
    "build": [
        "build/sessionfeed",
        "build/sessionfeed-jobs1",
        "build/icalendar-x2",
        "build/icalendar-x2-serialise-only",
        "build/cli",
    ],
    "load": ["load/sessionfeed", "load/tomllib"],
    "startup": [],
}
#: The sessionfeed variant each group's ratios are taken of.
OURS = {
    "ical": "ical/sessionfeed",
    "feeds": "feeds/sessionfeed",
    "jsonld": "jsonld/sessionfeed",
    "build": "build/sessionfeed",
    "load": "load/sessionfeed",
}
#: Variants measured at 50,000 sessions whatever their speed (the targets ask for them).
ALWAYS_50K = {"build/sessionfeed-jobs1", "build/cli", "load/sessionfeed", "load/tomllib"}
#: What --quick leaves out at N=1,000 (each still runs at N=100): the second
#: sessionfeed entry points, the routes fed sessionfeed's words and the command
#: line, which repeat what others measure.
QUICK_SKIP_1000 = {
    "ical/sessionfeed-export",
    "ical/icalendar-serialise-only",
    "feeds/sessionfeed-export",
    "feeds/feedgen-serialise-only",
    "jsonld/sessionfeed-export",
    "jsonld/handbuilt-same-graph",
    "build/icalendar-x2-serialise-only",
    "build/cli",
}
TARGET_N = 10_000
#: The warm-up programme's size (the worker's ``WARMUP_N``).
WARMUP_N = 30


# ---------------------------------------------------------------- measuring


def _run_worker(args: list[str], timeout: float) -> dict[str, Any]:
    try:
        proc = subprocess.run(
            [sys.executable, str(WORKER), *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return {"available": False, "reason": f"worker stopped after {timeout:,.0f} s"}
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if proc.returncode != 0 or not lines:
        tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        return {"available": False, "reason": f"worker failed (exit {proc.returncode}): {tail}"[:300]}
    return json.loads(lines[-1])


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def measure_group(
    group: str,
    sizes: list[int],
    plan: dict[int, tuple[int, int]],
    *,
    fast_50k: float,
    timeout: float,
    seed: int,
    quick: bool = False,
    settle: float = 0.0,
) -> dict[str, Any]:
    """Alternate the group's variants at each N; return ``{variant: {n: result}}``.

    In the build group, the outputs are removed between sizes (``settle``: see :func:`clear_outputs`).
    """
    variants = list(GROUPS[group])
    results: dict[str, dict[int, dict[str, Any]]] = {v: {} for v in variants}
    missing: dict[str, str] = {}
    for n in sizes:
        rounds, repeats = plan[n]
        active = [v for v in variants if v not in missing]
        if quick and n >= 1000:
            active = [v for v in active if v not in QUICK_SKIP_1000]
        if 1000 < n <= TARGET_N and "build/cli" in active:
            # it repeats build/sessionfeed plus TOML loading; at 50,000 it
            # gives the memory target's figure (a build from the file)
            active.remove("build/cli")
        if n > TARGET_N:  # only what is fast enough, by its time at 10,000
            active = [
                v
                for v in active
                if v in ALWAYS_50K
                or (
                    _median(results[v].get(TARGET_N)) is not None
                    and _median(results[v][TARGET_N]) * n / TARGET_N <= fast_50k
                )
            ]
        for r in range(rounds):
            order = active[r % len(active) :] + active[: r % len(active)] if active else []
            for variant in order:
                if variant in missing:
                    continue
                _progress(f"  {variant:<26} N={n:<6} round {r + 1}/{rounds}")
                started = time.perf_counter()
                out = _run_worker([variant, str(n), str(repeats), str(seed)], timeout)
                if not out.get("available"):
                    missing[variant] = out.get("reason", "not available")
                    results[variant] = {}
                    continue
                slot = results[variant].setdefault(
                    n, {"times": [], "peak_mb": [], "baseline_mb": [], "output_bytes": out["output_bytes"]}
                )
                slot["impl"] = out.get("impl", "")
                slot["checked"] = out.get("checked", False)
                slot["times"].extend(out["times"])
                slot["peak_mb"].append(out["peak_mb"])
                slot["baseline_mb"].append(out["baseline_mb"])
                slot["wall"] = slot.get("wall", 0.0) + time.perf_counter() - started
        if group == "build" and n != sizes[-1] and settle > 0:
            clear_outputs(settle)
    return {"results": results, "missing": missing}


def clear_outputs(settle: float) -> None:
    """Remove the builds' kept outputs, then wait ``settle`` seconds before the next size.

    A build of 10,000 sessions writes some 3.5 GB and one of 50,000 some
    18 GB: the outputs of every size would not fit on a common disk. On a
    file system without a journal, files made in the minutes after a large
    removal cost many times more (see the worker's ``OUT_ENV``), so the next
    size starts when that has passed.
    """
    folder = os.environ.get("SESSIONFEED_BENCH_OUT")
    if not folder:
        return
    for entry in Path(folder).iterdir():
        shutil.rmtree(entry, ignore_errors=True)
    _progress(f"  outputs removed; waiting {settle:,.0f} s before the next size")
    time.sleep(settle)


def _median(slot: dict[str, Any] | None) -> float | None:
    return statistics.median(slot["times"]) if slot and slot.get("times") else None


def measure_startup(repeats: int) -> dict[str, Any]:
    """Median wall time of a bare interpreter, ``import sessionfeed`` and ``sessionfeed --help``."""
    script = shutil.which("sessionfeed", path=str(Path(sys.executable).parent))
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "python -c 'import sessionfeed'": [sys.executable, "-c", "import sessionfeed"],
        "sessionfeed --help": [script, "--help"]
        if script
        else [sys.executable, "-m", "sessionfeed", "--help"],
    }
    times: dict[str, list[float]] = {k: [] for k in commands}
    for _ in range(repeats):  # alternated, like everything else
        for name, command in commands.items():
            start = time.perf_counter()
            subprocess.run(command, capture_output=True, check=True)
            times[name].append(time.perf_counter() - start)
    return {name: {"times": t, "median": statistics.median(t)} for name, t in times.items()}


# ---------------------------------------------------------------- reporting


def _fmt_time(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    if seconds < 1:
        return f"{seconds * 1000:.1f} ms"
    return f"{seconds:.2f} s"


def _fmt_ratio(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}x"


def _table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    sep = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(headers), sep, *(line(r) for r in rows)])


def file_creation_us(folder: Path, files: int = 1000) -> float:
    """Microseconds to create one empty file in ``folder`` now (the files stay).

    The build writes 20,000 files at N=10,000 and its peer two, so what the
    kernel charges per file moves their ratio; the run reports it.
    """
    probe = Path(tempfile.mkdtemp(prefix="sf-bench-probe-", dir=folder))
    started = time.perf_counter()
    for i in range(files):
        os.close(os.open(probe / f"{i}.txt", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
    return (time.perf_counter() - started) / files * 1e6


def machine() -> dict[str, str]:
    model = "unknown"
    try:
        for text in Path("/proc/cpuinfo").read_text().splitlines():
            if text.startswith("model name"):
                model = text.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = {}
    for lib in ("icalendar", "ics", "vobject", "feedgen", "lxml"):
        try:
            from importlib.metadata import version

            versions[lib] = version(lib)
        except Exception:
            versions[lib] = "not installed"
    return {
        "cpus": str(os.cpu_count()),
        "cpu": model,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "libraries": ", ".join(f"{k} {v}" for k, v in versions.items()),
    }


def report_group(group: str, data: dict[str, Any], sizes: list[int]) -> list[str]:
    out = [f"\n### {group}\n"]
    results, missing = data["results"], data["missing"]
    ours = OURS.get(group)
    rows = []
    for n in sizes:
        ref = _median(results.get(ours, {}).get(n)) if ours else None
        for variant in GROUPS[group]:
            slot = results.get(variant, {}).get(n)
            med = _median(slot)
            if med is None:
                continue
            peak = max(slot["peak_mb"])
            base = min(slot["baseline_mb"])
            ratio = ref / med if ref is not None and variant != ours else None
            rows.append(
                [
                    f"{n:,}",
                    variant,
                    _fmt_time(med),
                    f"{med / n * 1e6:,.0f} µs",
                    f"{peak:,.0f} MB",
                    f"{base:,.0f} MB",
                    f"{peak - base:,.0f} MB",
                    f"{slot['output_bytes'] / 1024:,.0f} KiB",
                    str(len(slot["times"])),
                    _fmt_ratio(ratio),
                ]
            )
    headers = [
        "N",
        "variant",
        "median",
        "per session",
        "peak RSS",
        "RSS before",
        "own",
        "output",
        "runs",
        f"{ours.split('/')[0] if ours else ''} sessionfeed / this",
    ]
    out.append(_table(headers, rows))
    impls = {}
    for variant in GROUPS[group]:
        for slot in results.get(variant, {}).values():
            impls[variant] = f"`{slot.get('impl', '')}`" + (
                "; its sessions and titles checked against sessionfeed's" if slot.get("checked") else ""
            )
    out.append("")
    out.extend(f"- {variant}: {impl}" for variant, impl in impls.items() if impl)
    for variant, reason in missing.items():
        out.append(f"- {variant}: not available ({reason})")
    return out


def report_growth(all_results: dict[str, Any], sizes: list[int]) -> list[str]:
    rows = []
    for group, data in all_results.items():
        for variant in GROUPS.get(group, []):
            per = {n: _median(data["results"].get(variant, {}).get(n)) for n in sizes}
            per = {n: m / n * 1e6 for n, m in per.items() if m is not None}
            if not per:
                continue
            big = [v for n, v in per.items() if n >= 1000]
            spread = max(big) / min(big) if len(big) > 1 else None
            rows.append(
                [
                    variant,
                    *(f"{per[n]:,.0f}" if n in per else "—" for n in sizes),
                    "—" if spread is None else f"{spread:.2f}",
                ]
            )
    headers = ["variant", *(f"µs/session N={n:,}" for n in sizes), "max/min, N≥1,000"]
    return ["\n### Cost per session as N grows (must stay flat)\n", _table(headers, rows)]


def report_startup(data: dict[str, Any]) -> list[str]:
    bare = data["python -c pass"]["median"]
    rows = [
        [name, _fmt_time(d["median"]), f"+{(d['median'] - bare) * 1000:.1f} ms", str(len(d["times"]))]
        for name, d in data.items()
    ]
    return ["\n### Start-up\n", _table(["command", "median", "above bare python", "runs"], rows)]


def _at(results: dict[str, Any], group: str, variant: str, n: int) -> float | None:
    return _median(results.get(group, {}).get("results", {}).get(variant, {}).get(n))


#: The targets (issue "Fast on the simple core"), at N = 10,000 unless said:
#: (label, group, our variant, the peer's variant, the highest ratio allowed).
RATIO_TARGETS: list[tuple[str, str, str, str, float]] = [
    ("calendar (one locale) / the icalendar route", "ical", "ical/sessionfeed", "ical/icalendar", 0.25),
    ("calendar / ics-py (no VTIMEZONE, no folding)", "ical", "ical/sessionfeed", "ical/ics-py", 1.0),
    ("RSS + Atom, two export() calls / feedgen", "feeds", "feeds/sessionfeed-export", "feeds/feedgen", 2.0),
    (
        "  … the two from one composition, as a build writes them",
        "feeds",
        "feeds/sessionfeed",
        "feeds/feedgen",
        2.0,
    ),
    (
        "JSON-LD export() / json.dumps of hand-built dicts",
        "jsonld",
        "jsonld/sessionfeed-export",
        "jsonld/handbuilt",
        1.5,
    ),
    (
        "whole 2-locale build / the icalendar route for the 2 calendars",
        "build",
        "build/sessionfeed",
        "build/icalendar-x2",
        0.6,
    ),
    ("sessionfeed.load of a TOML file / tomllib.load of it", "load", "load/sessionfeed", "load/tomllib", 1.3),
]
#: The build's cost per session from 1,000 to 50,000, max/min.
FLAT_TARGET = 1.2
#: Peak memory of ``sessionfeed build`` on a 50,000-session TOML file, loading included.
MEMORY_TARGET_MB = 400


def report_targets(results: dict[str, Any], startup: dict[str, Any] | None, sizes: list[int]) -> list[str]:
    n = TARGET_N if TARGET_N in sizes else max(sizes)
    note = "" if n == TARGET_N else f" (at N={n:,}: N={TARGET_N:,} was not run)"
    rows: list[list[str]] = []
    for label, group, ours_variant, peer, limit in RATIO_TARGETS:
        if group not in results:
            continue
        ours, theirs = _at(results, group, ours_variant, n), _at(results, group, peer, n)
        if ours is None or theirs is None:
            rows.append([label, "not measured", "—"])
            continue
        value = ours / theirs
        others = [
            f"{o / t:.2f}x at N={size:,}"
            for size in sizes
            if size != n
            and size >= 1000
            and (o := _at(results, group, ours_variant, size))
            and (t := _at(results, group, peer, size))
        ]
        measured = f"{value:.2f}x" + (f" ({', '.join(others)})" if others else "")
        status = "met" if value <= limit else f"MISSED by {(value / limit - 1) * 100:.0f} %"
        rows.append([f"{label} ≤ {limit}x", measured, status])
    if "build" in results:
        # In one process at every N: by default a build uses both cores up to
        # 10,000 sessions and one above, which is not the cost of a session.
        build = results["build"]["results"].get("build/sessionfeed-jobs1", {})
        per = {s: _median(slot) / s for s, slot in build.items() if s >= 1000 and _median(slot)}
        if len(per) > 1:
            spread = max(per.values()) / min(per.values())
            span = f"N={min(per):,}…{max(per):,}"
            status = "met" if spread <= FLAT_TARGET else f"MISSED by {(spread / FLAT_TARGET - 1) * 100:.0f} %"
            label = f"build cost per session flat ({span}, jobs=1), max/min ≤ {FLAT_TARGET}"
            rows.append([label, f"{spread:.2f}", status])
        for variant, what in (
            ("build/cli", "`sessionfeed build` of the TOML file"),
            ("build/sessionfeed-jobs1", "build_site(jobs=1)"),
        ):
            slot = results["build"]["results"].get(variant, {}).get(50_000)
            if slot:
                peak = max(slot["peak_mb"])
                status = "met" if peak <= MEMORY_TARGET_MB else f"MISSED by {peak - MEMORY_TARGET_MB:,.0f} MB"
                if variant != "build/cli":  # the programme was loaded from a pickle: it informs
                    status = f"({status}; the target is the command's)"
                rows.append(
                    [f"peak memory, {what}, N=50,000 ≤ {MEMORY_TARGET_MB} MB", f"{peak:,.0f} MB", status]
                )
    if startup:
        above = startup["python -c 'import sessionfeed'"]["median"] - startup["python -c pass"]["median"]
        rows.append(
            [
                "import sessionfeed ≤ 50 ms above bare python",
                f"+{above * 1000:.1f} ms",
                "met" if above <= 0.050 else f"MISSED by {(above - 0.050) * 1000:.0f} ms",
            ]
        )
    return [f"\n### Targets{note}\n", _table(["target", "measured", "status"], rows)]


# ---------------------------------------------------------------- --against

#: What ``--against`` measures, per group (the worker's ``AGAINST``): only
#: entry points every revision has.
AGAINST_GROUPS: dict[str, list[str]] = {
    "build": ["build/with-load", "build/site"],
    "ical": ["ical/export"],
    "feeds": ["feeds/export"],
    "jsonld": ["jsonld/export"],
    "load": ["load/sessionfeed"],
}
#: The peak memory target of a whole build, loading included (the issue's).
BUILD_MEMORY_MB = 500
CURRENT = "current"


class AgainstError(Exception):
    """The revision to compare with cannot be had; the message says why."""


def _git(*args: str) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise AgainstError("git is not installed; --against needs it") from None


@contextlib.contextmanager
def worktree(rev: str) -> Iterator[tuple[Path, str]]:
    """A ``git worktree`` of ``rev`` in a temporary folder, removed on the way out.

    Yields:
        The worktree's folder and ``"<short id> <subject>"`` of the commit.

    Raises:
        AgainstError: ``rev`` names no commit here, or the worktree cannot be made.
    """
    found = _git("rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    if found.returncode != 0:
        detail = found.stderr.strip() or "git rev-parse found no such commit"
        raise AgainstError(f"{rev!r} is not a commit of the repository at {ROOT} ({detail})")
    commit = found.stdout.strip()
    title = _git("log", "-1", "--format=%h %s", commit).stdout.strip() or commit[:12]
    folder = Path(tempfile.mkdtemp(prefix="sf-bench-against-"))
    tree = folder / "tree"
    added = _git("worktree", "add", "--detach", "--quiet", str(tree), commit)
    if added.returncode != 0:
        shutil.rmtree(folder, ignore_errors=True)
        raise AgainstError(f"git worktree add {rev} failed: {added.stderr.strip()}")
    try:
        if not (tree / "src" / "sessionfeed" / "__init__.py").is_file():
            raise AgainstError(f"{rev} ({title}) has no src/sessionfeed/__init__.py; choose a later commit")
        yield tree, title
    finally:
        removed = _git("worktree", "remove", "--force", str(tree))
        shutil.rmtree(folder, ignore_errors=True)
        if removed.returncode != 0:  # the folder is gone now: let git forget it
            _git("worktree", "prune")


def _write_programmes(folder: Path, sizes: list[int], seed: int) -> dict[int, Path]:
    """The programme file of each N (and of the warm-up's), as ``_synthetic`` writes it."""
    import _synthetic

    paths = {}
    for n in dict.fromkeys([WARMUP_N, *sizes]):
        _progress(f"  writing the programme file of {n:,} sessions")
        paths[n] = _synthetic.write_programme_toml(n, folder / f"programme-{n}-{seed}.toml", seed=seed)
    return paths


def measure_against(
    groups: list[str],
    sizes: list[int],
    plan: dict[int, tuple[int, int]],
    trees: dict[str, Path],
    programmes: dict[int, Path],
    timeout: float,
) -> dict[str, Any]:
    """Alternate the trees round by round; return ``{variant: {n: {tree: slot}}}`` and what was skipped."""
    results: dict[str, dict[int, dict[str, dict[str, Any]]]] = {}
    missing: dict[str, dict[str, str]] = {}
    keys = list(trees)
    for group in groups:
        _progress(f"{group}:")
        for variant in AGAINST_GROUPS[group]:
            results[variant] = {}
            for index, n in enumerate(sizes):
                rounds, _ = plan[n]
                for r in range(rounds):
                    # Who goes first alternates, from round to round and size to size.
                    order = keys if (r + index) % 2 == 0 else keys[::-1]
                    for key in order:
                        if key in missing.get(variant, {}):
                            continue
                        _progress(f"  {variant:<18} {key:<12} N={n:<6} round {r + 1}/{rounds}")
                        args = ["against", str(trees[key] / "src"), variant, "1"]
                        out = _run_worker([*args, str(programmes[n]), str(programmes[WARMUP_N])], timeout)
                        if not out.get("available"):
                            missing.setdefault(variant, {})[key] = out.get("reason", "not available")
                            continue
                        slot = (
                            results[variant]
                            .setdefault(n, {})
                            .setdefault(key, {"times": [], "peak_mb": [], "baseline_mb": []})
                        )
                        slot["times"].extend(out["times"])
                        slot["peak_mb"].append(out["peak_mb"])
                        slot["baseline_mb"].append(out["baseline_mb"])
                        slot["impl"] = out.get("impl", "")
                        slot["sessionfeed"] = out.get("sessionfeed", "")  # the package the worker ran
    return {"results": results, "missing": missing}


def _per_session(slot: dict[str, Any] | None, n: int) -> float | None:
    median = _median(slot)
    return None if median is None else median / n * 1e6


def report_against(data: dict[str, Any], groups: list[str], sizes: list[int], rev: str) -> list[str]:
    results, missing = data["results"], data["missing"]
    lines: list[str] = []
    for group in groups:
        rows = []
        for n in sizes:
            for variant in AGAINST_GROUPS[group]:
                here = results.get(variant, {}).get(n, {}).get(CURRENT)
                there = results.get(variant, {}).get(n, {}).get(rev)
                if here is None and there is None:
                    continue
                a, b = _per_session(here, n), _per_session(there, n)
                rows.append(
                    [
                        f"{n:,}",
                        variant,
                        "—" if a is None else f"{a:,.0f} µs",
                        "—" if b is None else f"{b:,.0f} µs",
                        "—" if a is None or b is None else f"{a / b:.2f}x",
                        "—" if here is None else f"{max(here['peak_mb']):,.0f} MB",
                        "—" if there is None else f"{max(there['peak_mb']):,.0f} MB",
                        "/".join(str(len(s["times"])) if s else "0" for s in (here, there)),
                    ]
                )
        headers = [
            "N",
            "variant",
            f"{CURRENT} per session",
            f"{rev} per session",
            f"{CURRENT} / {rev}",
            f"peak RSS {CURRENT}",
            f"peak RSS {rev}",
            "runs",
        ]
        lines += [f"\n### {group}\n", _table(headers, rows), ""]
        for variant in AGAINST_GROUPS[group]:
            impl = next(
                (s["impl"] for by_tree in results.get(variant, {}).values() for s in by_tree.values()), ""
            )
            if impl:
                lines.append(f"- {variant}: `{impl}`")
            for key, reason in missing.get(variant, {}).items():
                lines.append(f"- {variant} at {key}: skipped ({reason})")

    rows = []
    for group in groups:
        for variant in AGAINST_GROUPS[group]:
            for key in (CURRENT, rev):
                per = {n: _per_session(results.get(variant, {}).get(n, {}).get(key), n) for n in sizes}
                if all(v is None for v in per.values()):
                    continue
                big = [v for n, v in per.items() if v is not None and n >= 1000]
                spread = max(big) / min(big) if len(big) > 1 else None
                rows.append(
                    [
                        f"{variant} ({key})",
                        *("—" if per[n] is None else f"{per[n]:,.0f}" for n in sizes),
                        "—" if spread is None else f"{spread:.2f}",
                    ]
                )
    headers = ["variant", *(f"µs/session N={n:,}" for n in sizes), "max/min, N≥1,000"]
    lines += ["\n### Cost per session as N grows (must stay flat)\n", _table(headers, rows)]

    build = results.get("build/with-load", {})
    if build:
        rows = []
        for n in sizes:
            cells = []
            for key in (CURRENT, rev):
                slot = build.get(n, {}).get(key)
                cells.append("—" if slot is None else f"{max(slot['peak_mb']):,.0f} MB")
            verdicts = []
            for key, cell in zip((CURRENT, rev), cells, strict=True):
                if cell != "—":
                    peak = max(build[n][key]["peak_mb"])
                    verdicts.append(f"{key}: {'met' if peak <= BUILD_MEMORY_MB else 'MISSED'}")
            rows.append([f"{n:,}", *cells, ", ".join(verdicts) if n == 50_000 else "(informs)"])
        lines += [
            f"\n### Peak memory of a build, loading the programme file included (≤ {BUILD_MEMORY_MB} MB "
            "at N=50,000)\n",
            _table(["N", f"peak RSS {CURRENT}", f"peak RSS {rev}", "target"], rows),
        ]
    return lines


def run_against(
    args: argparse.Namespace,
    argv: list[str] | None,
    groups: list[str],
    sizes: list[int],
    plan: dict[int, tuple[int, int]],
) -> int:
    """``--against REV``: the same measurements with this tree's sessionfeed and with REV's."""
    rev = args.against
    if rev == CURRENT:
        print(f"run.py: error: --against {rev}: name the revision another way (a commit id)", file=sys.stderr)
        return 2
    started = time.perf_counter()
    info = machine()
    try:
        changed = _git("status", "--porcelain", "--", "src").stdout.strip()
        with worktree(rev) as (tree, title), tempfile.TemporaryDirectory(prefix="sf-bench-toml-") as tmp:
            _progress(f"{rev} is {title}, in {tree}")
            programmes = _write_programmes(Path(tmp), sizes, args.seed)
            trees = {CURRENT: ROOT, rev: tree}
            data = measure_against(groups, sizes, plan, trees, programmes, timeout=3600)
    except AgainstError as error:
        print(f"run.py: error: --against {rev}: {error}", file=sys.stderr)
        return 2
    lines = [
        f"## sessionfeed: this tree against {rev}" + (" (quick)" if args.quick else ""),
        "",
        f"- machine: {info['cpus']} CPUs, {info['cpu']}; Python {info['python']}; {info['platform']}",
        f"- {CURRENT}: this working tree"
        + (" (with changes to src/ not committed)" if changed else " (src/ as committed)"),
        f"- {rev}: {title}, in a temporary git worktree, removed at the end",
        "- each measurement in a fresh worker whose sys.path puts that tree's src/ first; both trees"
        " use this interpreter's installed dependencies",
        f"- command: python bench/run.py {' '.join(argv if argv is not None else sys.argv[1:])}".rstrip(),
        f"- plan: {', '.join(f'N={n:,}: {r} round(s) a tree' for n, (r, _) in plan.items())}; "
        "the trees alternate who goes first",
        f"- ratios are {CURRENT}'s median / {rev}'s median, measured side by side",
        *report_against(data, groups, sizes, rev),
        f"\n(total wall time {time.perf_counter() - started:,.0f} s)",
    ]
    print("\n".join(lines))
    if args.json:
        raw = {
            "machine": info,
            "against": {"rev": rev, "commit": title},
            "sizes": sizes,
            "plan": {str(k): v for k, v in plan.items()},
            "results": {
                v: {str(n): by_tree for n, by_tree in by_n.items()} for v, by_n in data["results"].items()
            },
            "missing": data["missing"],
        }
        Path(args.json).write_text(json.dumps(raw, indent=1), encoding="utf-8")
    return 0


# ---------------------------------------------------------------- main


def _sizes(parser: argparse.ArgumentParser, text: str) -> list[int]:
    try:
        sizes = [int(s.strip().replace("_", "")) for s in text.split(",") if s.strip()]
    except ValueError:
        parser.error(f"--sizes {text}: give whole numbers separated by commas, e.g. 1000,10000")
    if not sizes or any(n < 1 for n in sizes):
        parser.error(f"--sizes {text}: give at least one number of sessions, each 1 or more")
    return sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="N = 100 and 1,000, one round")
    parser.add_argument(
        "--only",
        help=f"comma-separated groups: {','.join(GROUPS)} (with --against: {','.join(AGAINST_GROUPS)})",
    )
    parser.add_argument(
        "--sizes", help="comma-separated N (default 100,1000,10000,50000; with --against 1000,10000,50000)"
    )
    parser.add_argument("--rounds", type=int, help="rounds per N (default 3; 1 at 50,000)")
    parser.add_argument("--json", metavar="PATH", help="save the raw numbers as JSON")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--settle",
        type=float,
        default=360.0,
        metavar="SECONDS",
        help="after each size of the build group, remove its outputs and wait this long (default 360)",
    )
    parser.add_argument(
        "--fast-50k",
        type=float,
        default=30.0,
        metavar="SECONDS",
        help="run 50,000 for variants expected under this (from N=10,000)",
    )
    parser.add_argument(
        "--against",
        metavar="REV",
        help="measure this tree against the git revision REV (HEAD~3, a commit id), side by side",
    )
    args = parser.parse_args(argv)

    choices = AGAINST_GROUPS if args.against else GROUPS
    groups = list(choices) if not args.only else [g.strip() for g in args.only.split(",") if g.strip()]
    unknown = [g for g in groups if g not in choices]
    if unknown:
        parser.error(f"unknown group(s) {', '.join(unknown)}; choose from {', '.join(choices)}")
    if args.rounds is not None and args.rounds < 1:
        parser.error("--rounds must be 1 or more")
    if args.sizes:
        sizes = _sizes(parser, args.sizes)
    elif args.quick:
        sizes = [100, 1000]
    else:
        sizes = [1000, 10_000, 50_000] if args.against else [100, 1000, 10_000, 50_000]
    if args.quick and any(s > 1000 for s in sizes):
        parser.error("--quick runs N ≤ 1,000")

    def plan_for(n: int) -> tuple[int, int]:
        if args.quick:
            return 1, 1
        rounds = args.rounds or (1 if n > TARGET_N else 3)
        if args.against:  # one run a process: its peak RSS is that run's
            return rounds, 1
        repeats = 5 if n <= 100 else 3 if n <= 1000 else 1
        return rounds, repeats

    plan = {n: plan_for(n) for n in sizes}
    # Every build output of the run stays here until the run ends (see the
    # worker's OUT_ENV): removing one between rounds would slow the next.
    outputs = Path(tempfile.mkdtemp(prefix="sf-bench-out-"))
    os.environ["SESSIONFEED_BENCH_OUT"] = str(outputs)
    try:
        if args.against:
            return run_against(args, argv, groups, sizes, plan)
        return _run(args, argv, groups, sizes, plan, outputs)
    finally:
        del os.environ["SESSIONFEED_BENCH_OUT"]
        shutil.rmtree(outputs, ignore_errors=True)


def _run(
    args: argparse.Namespace,
    argv: list[str] | None,
    groups: list[str],
    sizes: list[int],
    plan: dict[int, tuple[int, int]],
    outputs: Path,
) -> int:
    info = machine()
    if "build" in groups:
        info["file_us"] = f"{file_creation_us(outputs):,.0f}"
    started = time.perf_counter()
    _progress(f"preparing programmes N={', '.join(f'{n:,}' for n in sizes)}")
    for n in sizes:
        prepared = _run_worker(["prepare", str(n), str(args.seed)], timeout=1800)
        if "pickle" not in prepared:
            print(f"cannot prepare the programme of {n} sessions: {prepared.get('reason')}")
            return 1

    results: dict[str, Any] = {}
    startup = None
    for group in groups:
        if group == "startup":
            _progress("  startup")
            startup = measure_startup(3 if args.quick else 20)
            continue
        _progress(f"{group}:")
        results[group] = measure_group(
            group,
            sizes,
            plan,
            fast_50k=args.fast_50k,
            timeout=3600,
            seed=args.seed,
            quick=args.quick,
            settle=0.0 if args.quick else args.settle,
        )
        # Each group's table as soon as it is done (on stderr, with the progress),
        # so that a long run that is cut short still leaves its figures.
        _progress("\n".join(report_group(group, results[group], sizes)))

    lines = [
        "## sessionfeed benchmark" + (" (quick)" if args.quick else ""),
        "",
        f"- machine: {info['cpus']} CPUs, {info['cpu']}; Python {info['python']}; {info['platform']}",
        f"- peers: {info['libraries']}",
        *(
            [f"- file system: creating an empty file took {info['file_us']} µs at the start of the run"]
            if "file_us" in info
            else []
        ),
        f"- command: python bench/run.py {' '.join(argv if argv is not None else sys.argv[1:])}".rstrip(),
        f"- plan: {', '.join(f'N={n:,}: {r} round(s) x {k} run(s)' for n, (r, k) in plan.items())}; "
        "50,000 only for variants fast enough",
        "- ratios are sessionfeed's median / the variant's median, measured side by side",
    ]
    for group, data in results.items():
        lines += report_group(group, data, sizes)
    if results:
        lines += report_growth(results, sizes)
    if startup:
        lines += report_startup(startup)
    lines += report_targets(results, startup, sizes)
    lines.append(f"\n(total wall time {time.perf_counter() - started:,.0f} s)")
    print("\n".join(lines))

    if args.json:
        raw = {
            "machine": info,
            "sizes": sizes,
            "plan": {str(k): v for k, v in plan.items()},
            "groups": {
                g: {
                    "results": {v: {str(n): s for n, s in r.items()} for v, r in d["results"].items()},
                    "missing": d["missing"],
                }
                for g, d in results.items()
            },
            "startup": startup,
        }
        Path(args.json).write_text(json.dumps(raw, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
