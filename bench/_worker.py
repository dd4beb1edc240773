"""Measure one variant in a fresh process: ``python bench/_worker.py VARIANT N REPEATS``.

The worker loads the synthetic programme of ``N`` sessions (from a pickle
cache, so input generation is never timed), runs the variant once on a
small programme to warm up (imports, catalogs, time-zone data), records the
peak RSS so far as the *baseline*, then times ``REPEATS`` runs of the
variant and prints one JSON line: the wall times, the peak RSS of the
process (``ru_maxrss``, which includes the input) and the baseline, so that
the variant's own share is ``peak - baseline``.

``python bench/_worker.py prepare N`` writes the caches (programme pickle
and programme TOML) and prints their paths.

A variant whose module is missing prints ``{"available": false, "reason": ...}``
and exits 0.
"""

from __future__ import annotations

import gc
import hashlib
import importlib
import json
import os
import pickle
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import _synthetic  # noqa: E402


LOCALE = "nl"
WARMUP_N = 30


class NotAvailable(Exception):
    """The variant cannot run here (module not written yet, library not installed)."""


# ------------------------------------------------------------------ the input


def _cache_dir() -> Path:
    """A cache folder keyed by the generator's and the model's source, so edits invalidate it."""
    import sessionfeed

    digest = hashlib.sha256()
    package = Path(sessionfeed.__file__).parent
    for path in (
        HERE / "_synthetic.py",
        package / "_model.py",
        package / "_text.py",
        package / "_load.py",
        package / "_checks.py",
    ):
        digest.update(path.read_bytes())
    folder = Path(os.environ.get("SESSIONFEED_BENCH_CACHE", tempfile.gettempdir()))
    folder = folder / "sessionfeed-bench" / digest.hexdigest()[:16]
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _atomic_write(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


def programme_path(n: int, seed: int = 0) -> Path:
    return _cache_dir() / f"programme-{n}-{seed}.pickle"


def toml_path(n: int, seed: int = 0) -> Path:
    return _cache_dir() / f"programme-{n}-{seed}.toml"


def load_programme(n: int, seed: int = 0) -> Any:
    """The programme of ``n`` sessions, from the cache when it is there."""
    path = programme_path(n, seed)
    if path.exists():
        with path.open("rb") as f:
            return pickle.load(f)  # our own cache, written below
    programme = _synthetic.make_programme(n, seed=seed)
    _atomic_write(path, pickle.dumps(programme, protocol=pickle.HIGHEST_PROTOCOL))
    return programme


def prepare(n: int, seed: int = 0) -> dict[str, str]:
    load_programme(n, seed)
    toml = toml_path(n, seed)
    if not toml.exists():
        _atomic_write(toml, _synthetic.programme_toml(n, seed=seed).encode("utf-8"))
    return {"pickle": str(programme_path(n, seed)), "toml": str(toml)}


# ------------------------------------------------------------------ variants


def _module(name: str) -> Any:
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as error:
        raise NotAvailable(f"{error.name} is not there yet") from None
    except Exception as error:  # a half-written module must not stop the others
        raise NotAvailable(f"{name} does not import: {type(error).__name__}: {error}") from None


def _peer_script(script: str, function: str) -> Callable[[Any], Any] | None:
    """``function`` of ``bench/<script>.py`` when the script and the function exist."""
    if not (HERE / f"{script}.py").exists():
        return None
    try:
        module = importlib.import_module(script)
    except Exception:
        return None
    return getattr(module, function, None)


def _exporter(name: str) -> Any:
    registry = _module("sessionfeed._registry")
    try:
        return registry.get_exporter(name)
    except Exception as error:
        raise NotAvailable(f"exporter {name!r}: {type(error).__name__}: {error}") from None


def _described(function: Callable[[Any], Any], impl: str) -> Callable[[Any], Any]:
    function.bench_impl = impl  # type: ignore[attr-defined]
    return function


def _prefer(script: str, name: str, fallback: Callable[[], Callable[[Any], Any]]) -> Callable[[Any], Any]:
    """``bench/<script>.py``'s ``name`` when it is there (its author's route), else ``fallback``."""
    route = _peer_script(script, name)
    if route is not None:
        return _described(route, f"{script}.{name}")
    return fallback()


def _ical_sessionfeed() -> Callable[[Any], Any]:
    ical = _module("sessionfeed.exporters.ical")
    return _described(lambda p: ical.calendar_bytes(p, LOCALE), "ical.calendar_bytes(p, 'nl')")


def _ical_sessionfeed_export() -> Callable[[Any], Any]:
    exporter = _exporter("ical")
    return _described(
        lambda p: exporter.export(p, locale=LOCALE), "get_exporter('ical').export(p, locale='nl')"
    )


def _ical_icalendar() -> Callable[[Any], Any]:
    _module("icalendar")
    _module("sessionfeed.exporters.ical")

    def own() -> Callable[[Any], Any]:
        import _peers

        return _described(lambda p: _peers.icalendar_route(p, LOCALE), "_peers.icalendar_route")

    return _prefer("bench_ical", "run_icalendar_route", own)


def _own_route(name: str, library: str) -> Callable[[], Callable[[Any], Any]]:
    def make() -> Callable[[Any], Any]:
        _module(library)
        import _peers

        route = _peers.ROUTES[name]
        return _described(lambda p: route(p, LOCALE), f"_peers.{route.__name__}")

    return make


def _feeds_sessionfeed() -> Callable[[Any], Any]:
    rss, atom = _exporter("rss"), _exporter("atom")

    def own() -> Callable[[Any], Any]:
        return _described(
            lambda p: (rss.export(p, locale=LOCALE), atom.export(p, locale=LOCALE)),
            "rss + atom exporters' export(p, locale='nl')",
        )

    return _prefer("bench_feeds", "run_sessionfeed", own)


def _feeds_feedgen() -> Callable[[Any], Any]:
    _module("feedgen")

    def own() -> Callable[[Any], Any]:
        import _peers

        return _described(lambda p: _peers.feedgen_route(p, LOCALE), "_peers.feedgen_route")

    return _prefer("bench_feeds", "run_feedgen_route", own)


def _jsonld_sessionfeed() -> Callable[[Any], Any]:
    exporter = _exporter("jsonld")

    def own() -> Callable[[Any], Any]:
        return _described(lambda p: exporter.export(p, locale=LOCALE), "get_exporter('jsonld').export()")

    return _prefer("bench_jsonld", "run_sessionfeed", own)


def _jsonld_sessionfeed_export() -> Callable[[Any], Any]:
    exporter = _exporter("jsonld")
    return _described(
        lambda p: exporter.export(p, locale=LOCALE), "get_exporter('jsonld').export(p, locale='nl')"
    )


def _jsonld_handbuilt() -> Callable[[Any], Any]:
    def own() -> Callable[[Any], Any]:
        import _peers

        return _described(lambda p: _peers.handbuilt_jsonld_route(p, LOCALE), "_peers.handbuilt_jsonld_route")

    return _prefer("bench_jsonld", "run_handbuilt", own)


#: Set by ``run.py``: a folder that holds every build output of the run until
#: the run ends. Removing a build's 20,000 files between rounds would bill the
#: next round for it: on a file system without a journal (ext4 ``nojournal``),
#: Linux skips the inodes freed in the last one to six minutes each time it
#: creates a file, so a file made after a large removal costs up to a
#: millisecond of kernel time instead of tens of microseconds.
OUT_ENV = "SESSIONFEED_BENCH_OUT"


def _output_folder(prefix: str) -> Path:
    """A new empty folder for one build's output."""
    return Path(tempfile.mkdtemp(prefix=prefix, dir=os.environ.get(OUT_ENV) or None))


def _discard(folder: Path) -> None:
    """Remove a build's output now, unless the run keeps outputs until it ends."""
    if not os.environ.get(OUT_ENV):
        shutil.rmtree(folder, ignore_errors=True)


def _build_sessionfeed() -> Callable[[Any], Any]:
    build = _module("sessionfeed._build")
    _exporter("ical")  # the build is only "whole" with the calendars in it

    def run(programme: Any) -> Any:
        out = _output_folder("sf-bench-build-") / "site"
        try:
            build.build_site(programme, out)
        except BaseException:
            _discard(out.parent)
            raise
        return out  # measured after the clock stops, then discarded (see _size)

    return _described(run, "build_site(p, tmpdir)")


def _build_icalendar_two() -> Callable[[Any], Any]:
    one = _ical_icalendar()
    import _peers

    route = _peer_script("bench_ical", "run_icalendar_route") or _peers.icalendar_route
    impl = getattr(one, "bench_impl", "")
    return _described(lambda p: (one(p), route(p, "en")), f"{impl} for nl, then for en")


def _build_cli() -> Callable[[Any], Any]:
    _exporter("ical")
    script = shutil.which("sessionfeed", path=str(Path(sys.executable).parent))
    command = [script] if script else [sys.executable, "-m", "sessionfeed"]

    def run(toml: Any) -> Any:
        out = _output_folder("sf-bench-cli-") / "site"
        try:
            subprocess.run([*command, "build", str(toml), "--out", str(out), "--quiet"], check=True)
            return sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
        finally:
            _discard(out.parent)

    return _described(run, "sessionfeed build PROGRAMME.toml --out DIR --quiet")


#: variant -> (factory of the function to time, what it does)
VARIANTS: dict[str, tuple[Callable[[], Callable[[Any], Any]], str]] = {
    "ical/sessionfeed": (_ical_sessionfeed, "sessionfeed calendar_bytes(): calendar.ics, nl"),
    "ical/sessionfeed-export": (
        _ical_sessionfeed_export,
        "sessionfeed get_exporter('ical').export(): calendar.ics + one .ics per session",
    ),
    "ical/icalendar": (_ical_icalendar, "icalendar Event per session, add_missing_timezones(), to_ical()"),
    "ical/icalendar-own": (
        _own_route("icalendar", "icalendar"),
        "the same icalendar route composing its own texts (as ics-py/vobject)",
    ),
    "ical/ics-py": (_own_route("ics-py", "ics"), "ics-py 0.7 Calendar/Event, str(calendar)"),
    "ical/vobject": (_own_route("vobject", "vobject"), "vobject iCalendar(), add('vevent'), serialize()"),
    "feeds/sessionfeed": (_feeds_sessionfeed, "sessionfeed RSS + Atom exporters, nl"),
    "feeds/feedgen": (_feeds_feedgen, "feedgen FeedGenerator, rss_str() + atom_str()"),
    "jsonld/sessionfeed": (_jsonld_sessionfeed, "sessionfeed JSON-LD exporter, nl"),
    "jsonld/sessionfeed-export": (
        _jsonld_sessionfeed_export,
        "sessionfeed get_exporter('jsonld').export(), as a build writes it",
    ),
    "jsonld/handbuilt": (_jsonld_handbuilt, "json.dumps of hand-built schema.org dicts"),
    "build/sessionfeed": (_build_sessionfeed, "build_site(): every file of nl and en"),
    "build/icalendar-x2": (_build_icalendar_two, "the icalendar route for nl and en calendars"),
    "build/cli": (_build_cli, "`sessionfeed build PROGRAMME.toml` (loads the TOML too)"),
}


def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _size(value: Any) -> int:
    if isinstance(value, Path):  # a folder a build wrote: its size, then it goes
        size = sum(f.stat().st_size for f in value.rglob("*") if f.is_file())
        _discard(value.parent)
        return size
    if isinstance(value, bytes | str):
        return len(value)
    if isinstance(value, int):
        return value
    if isinstance(value, tuple | list):
        return sum(_size(v) for v in value)
    return 0


def measure(variant: str, n: int, repeats: int, seed: int = 0) -> dict[str, Any]:
    factory, _ = VARIANTS[variant]
    try:
        function = factory()
    except NotAvailable as error:
        return {"variant": variant, "n": n, "available": False, "reason": str(error)}
    on_file = variant == "build/cli"
    warm = toml_path(WARMUP_N, seed) if on_file else load_programme(WARMUP_N, seed)
    if on_file:
        prepare(WARMUP_N, seed)
    try:
        _size(function(warm))
    except Exception as error:
        return {
            "variant": variant,
            "n": n,
            "available": False,
            "reason": f"fails: {type(error).__name__}: {error}"[:300],
        }
    data = toml_path(n, seed) if on_file else load_programme(n, seed)
    if on_file and not data.exists():
        prepare(n, seed)
    gc.collect()
    baseline = _maxrss_mb()
    times = []
    size = 0
    for _ in range(repeats):
        start = time.perf_counter()
        result = function(data)
        times.append(time.perf_counter() - start)
        size = _size(result)
        del result
        gc.collect()
    peak = _maxrss_mb()
    if on_file:  # the work happens in the command's own process
        baseline = 0.0
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {
        "variant": variant,
        "n": n,
        "available": True,
        "times": times,
        "peak_mb": round(peak, 1),
        "baseline_mb": round(baseline, 1),
        "output_bytes": size,
        "impl": getattr(function, "bench_impl", ""),
    }


def main(argv: list[str]) -> int:
    if argv[:1] == ["prepare"]:
        print(json.dumps(prepare(int(argv[1]), int(argv[2]) if len(argv) > 2 else 0)))
        return 0
    variant, n, repeats = argv[0], int(argv[1]), int(argv[2])
    seed = int(argv[3]) if len(argv) > 3 else 0
    import warnings

    warnings.simplefilter("ignore")  # peers' deprecation chatter is not the measurement
    print(json.dumps(measure(variant, n, repeats, seed)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
