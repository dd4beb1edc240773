"""Measure one variant in a fresh process: ``python bench/_worker.py VARIANT N REPEATS [SEED]``.

The worker loads the synthetic programme of ``N`` sessions (from a pickle
cache, so input generation is never timed), runs the variant once on a
small programme to warm up (imports, catalogs, time-zone data), records the
peak RSS so far as the *baseline*, then times ``REPEATS`` runs of the
variant and prints one JSON line: the wall times, the peak RSS of the
process (``ru_maxrss``, which includes the input) and the baseline, so that
the variant's own share is ``peak - baseline``. A peer route's output of the
warm-up programme is first checked to hold sessionfeed's sessions and titles
(``_content.check``); a route that does not is reported as not available.

``python bench/_worker.py prepare N [SEED]`` writes the caches (programme
pickle and programme TOML) and prints their paths.

``python bench/_worker.py against SRC VARIANT REPEATS TOML WARM_TOML`` measures
one of :data:`AGAINST` with the sessionfeed of ``SRC`` (a tree's ``src``
folder, put first on ``sys.path``), on the programme file ``TOML``; it warms
up on ``WARM_TOML``. It calls only entry points every revision has
(``sessionfeed.load``, ``sessionfeed.build_site``,
``sessionfeed.get_exporter(name).export(programme, locale=...)``), and loads
the programme with that tree's own ``load``: a pickle of one tree's model is
no input for another's.

A variant that cannot run (a module missing, a tree without an entry point)
prints ``{"available": false, "reason": ...}`` and exits 0.
"""

from __future__ import annotations

import functools
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
from dataclasses import dataclass
from pathlib import Path
from typing import Any


HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import _content  # noqa: E402
import _synthetic  # noqa: E402


LOCALE = "nl"
#: The locale of ``jsonld/sessionfeed`` (``bench_jsonld.LOCALE``), which the
#: JSON-LD peers write too, so that they are compared on the same text.
JSONLD_LOCALE = "en"
WARMUP_N = 30


class NotAvailable(Exception):
    """The variant cannot run here (module not written yet, library not installed)."""


# ------------------------------------------------------------------ the input


def _cache_dir() -> Path:
    """A cache folder keyed by the generator's and the model's source, so edits invalidate it."""
    import sessionfeed

    digest = hashlib.sha256()
    package = Path(sessionfeed.__file__).parent
    # Every source file of the package: the model and the loader may sit in any of them.
    for path in [HERE / "_synthetic.py", *sorted(package.rglob("*.py"))]:
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


def _script(script: str, function: str) -> Callable[..., Any]:
    """``function`` of ``bench/<script>.py``."""
    found = getattr(_module(script), function, None)
    if found is None:
        raise NotAvailable(f"bench/{script}.py has no {function}()")
    return found  # type: ignore[no-any-return]


def _exporter(name: str) -> Any:
    registry = _module("sessionfeed.exporters.registry")
    try:
        return registry.get_exporter(name)
    except Exception as error:
        raise NotAvailable(f"exporter {name!r}: {type(error).__name__}: {error}") from None


def _described(function: Callable[[Any], Any], impl: str) -> Callable[[Any], Any]:
    function.bench_impl = impl  # type: ignore[attr-defined]
    return function


#: The peers' libraries, by route name in ``_peers.ROUTES``.
_LIBRARY = {
    "icalendar": "icalendar",
    "ics-py": "ics",
    "vobject": "vobject",
    "feedgen": "feedgen",
    "jsonld": "json",
}


def _peer(name: str, locale: str = LOCALE) -> Callable[[], Callable[[Any], Any]]:
    """A route of ``_peers.py``: the user's own words, from the model."""

    def make() -> Callable[[Any], Any]:
        _module(_LIBRARY[name])
        route = _module("_peers").ROUTES[name]
        return _described(lambda p: route(p, locale), f"_peers.{route.__name__}(p, {locale!r})")

    return make


def _from_script(script: str, function: str, library: str) -> Callable[[], Callable[[Any], Any]]:
    """A route of ``bench/<script>.py`` (there with the script's own checks)."""

    def make() -> Callable[[Any], Any]:
        _module(library)
        return _described(_script(script, function), f"{script}.{function}")

    return make


def _ical_sessionfeed() -> Callable[[Any], Any]:
    ical = _module("sessionfeed.exporters.ical.exporter")
    return _described(lambda p: ical.calendar_bytes(p, LOCALE), "ical.calendar_bytes(p, 'nl')")


def _ical_sessionfeed_export() -> Callable[[Any], Any]:
    exporter = _exporter("ical")
    return _described(
        lambda p: exporter.export(p, locale=LOCALE), "get_exporter('ical').export(p, locale='nl')"
    )


def _feeds_sessionfeed() -> Callable[[Any], Any]:
    _exporter("rss")
    return _described(_script("bench_feeds", "run_sessionfeed"), "bench_feeds.run_sessionfeed")


def _jsonld_sessionfeed_export() -> Callable[[Any], Any]:
    exporter = _exporter("jsonld")
    return _described(
        lambda p: exporter.export(p, locale=LOCALE), "get_exporter('jsonld').export(p, locale='nl')"
    )


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


def _builder(build_site: Callable[..., Any]) -> Callable[[Any], Path]:
    """Run ``build_site(programme, out)`` into a new folder; return the folder (measured, then dropped)."""

    def run(programme: Any) -> Path:
        out = _output_folder("sf-bench-build-") / "site"
        try:
            build_site(programme, out)
        except BaseException:
            _discard(out.parent)
            raise
        return out  # measured after the clock stops, then discarded (see _size)

    return run


def _build_sessionfeed() -> Callable[[Any], Any]:
    build = _module("sessionfeed.site.build")
    _exporter("ical")  # the build is only "whole" with the calendars in it
    return _described(_builder(build.build_site), "build_site(p, tmpdir)")


def _build_sessionfeed_jobs1() -> Callable[[Any], Any]:
    build = _module("sessionfeed.site.build")
    _exporter("ical")
    return _described(_builder(functools.partial(build.build_site, jobs=1)), "build_site(p, tmpdir, jobs=1)")


def _twice(route: Callable[[], Callable[..., Any]], name: str) -> Callable[[], Callable[[Any], Any]]:
    """A calendar route run for ``nl``, then for ``en``: the two calendars a two-locale site has."""

    def make() -> Callable[[Any], Any]:
        function = route()
        return _described(lambda p: (function(p, "nl"), function(p, "en")), f"{name} for nl, then for en")

    return make


def _peer_function(name: str) -> Callable[[], Callable[..., Any]]:
    def make() -> Callable[..., Any]:
        _module(_LIBRARY[name])
        return _module("_peers").ROUTES[name]  # type: ignore[no-any-return]

    return make


def _script_function(script: str, function: str, library: str) -> Callable[[], Callable[..., Any]]:
    def make() -> Callable[..., Any]:
        _module(library)
        return _script(script, function)

    return make


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


def _load_sessionfeed() -> Callable[[Any], Any]:
    load = _module("sessionfeed").load

    def run(path: Any) -> Any:
        return load(path)

    return _described(run, "sessionfeed.load(PROGRAMME.toml)")


def _load_tomllib() -> Callable[[Any], Any]:
    import tomllib

    def run(path: Any) -> Any:
        with open(path, "rb") as f:
            return tomllib.load(f)

    return _described(run, "tomllib.load(open(PROGRAMME.toml, 'rb')): the dict alone, no model")


@dataclass(frozen=True)
class Variant:
    """One thing to time.

    Attributes:
        make: Returns the function to time (raises :class:`NotAvailable`).
        what: What it does, for the docs and the tables.
        check: For a peer route, ``(kind, locales)`` of its content check
            (``_content.check``): with two locales the route returns one
            output per locale.
    """

    make: Callable[[], Callable[[Any], Any]]
    what: str
    check: tuple[str, tuple[str, ...]] | None = None


_NL = ("nl",)
VARIANTS: dict[str, Variant] = {
    "ical/sessionfeed": Variant(_ical_sessionfeed, "sessionfeed calendar_bytes(): calendar.ics, nl"),
    "ical/sessionfeed-export": Variant(
        _ical_sessionfeed_export,
        "sessionfeed get_exporter('ical').export(): calendar.ics + one .ics per session",
    ),
    "ical/icalendar": Variant(
        _peer("icalendar"),
        "icalendar, its own words: Event per session, add_missing_timezones(), to_ical()",
        ("ical", _NL),
    ),
    "ical/icalendar-serialise-only": Variant(
        _from_script("bench_ical", "run_icalendar_serialise_only", "icalendar"),
        "icalendar fed sessionfeed's words (ical.contents): the serialiser alone",
        ("ical", _NL),
    ),
    "ical/ics-py": Variant(
        _peer("ics-py"), "ics-py 0.7, its own words: Calendar/Event, serialize()", ("ical", _NL)
    ),
    "ical/vobject": Variant(
        _peer("vobject"), "vobject, its own words: iCalendar(), add('vevent'), serialize()", ("ical", _NL)
    ),
    "feeds/sessionfeed": Variant(_feeds_sessionfeed, "sessionfeed RSS + Atom exporters, nl"),
    "feeds/sessionfeed-export": Variant(
        _from_script("bench_feeds", "run_sessionfeed_separate", "feedgen"),
        "sessionfeed get_exporter('rss'), then ('atom'): two export() calls, nl",
    ),
    "feeds/feedgen": Variant(
        _peer("feedgen"), "feedgen, its own words: FeedGenerator, rss_str() + atom_str()", ("feeds", _NL)
    ),
    "feeds/feedgen-serialise-only": Variant(
        _from_script("bench_feeds", "run_feedgen_serialise_only", "feedgen"),
        "feedgen fed sessionfeed's words (session_block, block_text, block_html)",
        ("feeds", _NL),
    ),
    "jsonld/sessionfeed": Variant(
        _from_script("bench_jsonld", "run_sessionfeed", "json"), "sessionfeed build_graph(), en"
    ),
    "jsonld/sessionfeed-export": Variant(
        _jsonld_sessionfeed_export, "sessionfeed get_exporter('jsonld').export(), as a build writes it"
    ),
    "jsonld/handbuilt": Variant(
        _peer("jsonld", JSONLD_LOCALE),
        "json.dumps of schema.org Event dicts a user writes, en",
        ("jsonld", (JSONLD_LOCALE,)),
    ),
    "jsonld/handbuilt-same-graph": Variant(
        _from_script("bench_jsonld", "run_handbuilt", "json"),
        "json.dumps of sessionfeed's own graph rebuilt by hand, node for node, en",
        ("jsonld", (JSONLD_LOCALE,)),
    ),
    "build/sessionfeed": Variant(_build_sessionfeed, "build_site(): every file of nl and en"),
    "build/sessionfeed-jobs1": Variant(
        _build_sessionfeed_jobs1, "build_site(jobs=1): every file of nl and en, in one process"
    ),
    "build/icalendar-x2": Variant(
        _twice(_peer_function("icalendar"), "_peers.icalendar_route"),
        "the icalendar route, its own words, for nl and en",
        ("ical", ("nl", "en")),
    ),
    "build/icalendar-x2-serialise-only": Variant(
        _twice(
            _script_function("bench_ical", "run_icalendar_serialise_only", "icalendar"),
            "bench_ical.run_icalendar_serialise_only",
        ),
        "icalendar fed sessionfeed's words, for nl and en",
        ("ical", ("nl", "en")),
    ),
    "build/cli": Variant(_build_cli, "`sessionfeed build PROGRAMME.toml` (loads the TOML too)"),
    "load/sessionfeed": Variant(_load_sessionfeed, "sessionfeed.load() of the programme's TOML file"),
    "load/tomllib": Variant(_load_tomllib, "tomllib.load() of the same file: what the loader reads first"),
}
#: The variants given the programme's TOML file rather than the loaded programme.
ON_FILE = {"build/cli", "load/sessionfeed", "load/tomllib"}


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


def _check(spec: tuple[str, tuple[str, ...]], programme: Any, output: Any) -> None:
    """The content check of a peer route's ``output`` (raises ``_content.ContentDiffers``)."""
    kind, locales = spec
    if len(locales) == 1:
        _content.check(kind, programme, locales[0], output)
        return
    for locale, one in zip(locales, output, strict=True):
        _content.check(kind, programme, locale, one)


def _timed(function: Callable[[Any], Any], data: Any, repeats: int) -> tuple[list[float], int, float]:
    """``repeats`` wall times of ``function(data)``, the output's size, and the peak RSS before."""
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
    return times, size, baseline


def _unavailable(variant: str, n: int, reason: str) -> dict[str, Any]:
    return {"variant": variant, "n": n, "available": False, "reason": reason[:300]}


def measure(variant: str, n: int, repeats: int, seed: int = 0) -> dict[str, Any]:
    spec = VARIANTS[variant]
    try:
        function = spec.make()
    except NotAvailable as error:
        return _unavailable(variant, n, str(error))
    on_file = variant in ON_FILE
    warm = toml_path(WARMUP_N, seed) if on_file else load_programme(WARMUP_N, seed)
    if on_file:
        prepare(WARMUP_N, seed)
    try:
        output = function(warm)
        if spec.check is not None:
            _check(spec.check, warm, output)
        _size(output)
        del output
    except _content.ContentDiffers as error:
        return _unavailable(variant, n, f"writes other content than sessionfeed: {error}")
    except Exception as error:
        return _unavailable(variant, n, f"fails: {type(error).__name__}: {error}")
    data = toml_path(n, seed) if on_file else load_programme(n, seed)
    if on_file and not data.exists():
        prepare(n, seed)
    times, size, baseline = _timed(function, data, repeats)
    peak = _maxrss_mb()
    if variant == "build/cli":  # the work happens in the command's own process
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
        "checked": spec.check is not None,
    }


# ------------------------------------------------------- against another tree

#: What ``run.py --against`` measures with each tree's sessionfeed: variant ->
#: (whether it is given the programme file rather than the loaded programme,
#: what it does). The functions are made by :func:`_against_function`.
AGAINST: dict[str, tuple[bool, str]] = {
    "load/sessionfeed": (True, "sessionfeed.load(PROGRAMME.toml)"),
    "build/with-load": (True, "sessionfeed.build_site(sessionfeed.load(PROGRAMME.toml), tmpdir)"),
    "build/site": (False, "sessionfeed.build_site(programme, tmpdir), the programme loaded before"),
    "ical/export": (False, "get_exporter('ical').export(programme, locale='nl')"),
    "feeds/export": (False, "get_exporter('rss'), then ('atom'), .export(programme, locale='nl')"),
    "jsonld/export": (False, "get_exporter('jsonld').export(programme, locale='nl')"),
}


def _against_function(sf: Any, variant: str) -> Callable[[Any], Any]:
    """The function of ``variant`` on the tree's ``sessionfeed`` module ``sf``.

    Only entry points every revision has: an older tree may lack the newer
    ones, and the other way round.
    """
    if variant == "load/sessionfeed":
        return sf.load  # type: ignore[no-any-return]
    if variant.startswith("build/"):
        build = _builder(sf.build_site)
        if variant == "build/site":
            return build
        load = sf.load
        return lambda path: build(load(path))
    names = {"ical/export": ("ical",), "feeds/export": ("rss", "atom"), "jsonld/export": ("jsonld",)}[variant]
    exporters = [sf.get_exporter(name) for name in names]
    return lambda programme: tuple(e.export(programme, locale=LOCALE) for e in exporters)


def measure_against(src: str, variant: str, repeats: int, toml: str, warm_toml: str) -> dict[str, Any]:
    """Time ``variant`` with the sessionfeed of ``src``, on the programme file ``toml``."""
    sys.path.insert(0, src)  # before the installed sessionfeed (an editable install names the other tree)
    n = 0
    try:
        import sessionfeed as sf
    except Exception as error:
        return _unavailable(variant, n, f"sessionfeed does not import: {type(error).__name__}: {error}")
    origin = Path(sf.__file__).resolve().parent
    if not origin.is_relative_to(Path(src).resolve()):
        return _unavailable(variant, n, f"sessionfeed came from {origin}, not from {src}")
    on_file, _ = AGAINST[variant]
    try:
        function = _against_function(sf, variant)
        warm = warm_toml if on_file else sf.load(warm_toml)
        _size(function(warm))
    except AttributeError as error:
        return _unavailable(variant, n, f"this tree lacks an entry point: {error}")
    except Exception as error:
        return _unavailable(variant, n, f"fails: {type(error).__name__}: {error}")
    try:
        data = toml if on_file else sf.load(toml)  # loading is not timed here
    except Exception as error:
        return _unavailable(variant, n, f"cannot load {toml}: {type(error).__name__}: {error}")
    if not on_file:
        n = len(data.sessions)
    times, size, baseline = _timed(function, data, repeats)
    return {
        "variant": variant,
        "n": n,
        "available": True,
        "times": times,
        "peak_mb": round(_maxrss_mb(), 1),
        "baseline_mb": round(baseline, 1),
        "output_bytes": size,
        "impl": AGAINST[variant][1],
        "sessionfeed": str(origin),
    }


def main(argv: list[str]) -> int:
    if argv[:1] == ["prepare"]:
        print(json.dumps(prepare(int(argv[1]), int(argv[2]) if len(argv) > 2 else 0)))
        return 0
    import warnings

    warnings.simplefilter("ignore")  # peers' deprecation chatter is not the measurement
    if argv[:1] == ["against"]:
        src, variant, repeats, toml, warm_toml = argv[1:6]
        print(json.dumps(measure_against(src, variant, int(repeats), toml, warm_toml)))
        return 0
    variant, n, repeats = argv[0], int(argv[1]), int(argv[2])
    seed = int(argv[3]) if len(argv) > 3 else 0
    print(json.dumps(measure(variant, n, repeats, seed)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
