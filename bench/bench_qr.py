"""How much the QR codes' fast path saves: per code, and in the HTML pages' build.

Usage (from the repository root)::

    python bench/bench_qr.py                      # 2,000 page URLs, 7 rounds
    python bench/bench_qr.py -n 500 -r 3
    python bench/bench_qr.py --build programme.toml -r 3   # + the html exporter's build

Two ways are timed in alternating rounds (median reported, CPU time of the
process, the machines being shared):

* **fast**: ``qr_svg(url, label=..., mask=...)`` as the pages call it:
  :mod:`sessionfeed.site.qrmatrix` and the drawing from one string;
* **plain**: the same call with the fast path turned off
  (``qrmatrix.modules`` answering ``None``), which is segno's encoding and the
  run-by-run drawing, the code as it was before the fast path.

Both with ``mask=0`` (what the pages use above a thousand sessions) and with
``mask=None`` (the best of eight, up to a thousand).

The URLs are the session pages' of the synthetic programme
(``_synthetic.make_programme``), every locale. Before timing, the two ways'
elements are checked to be the same bytes for every URL. ``--build`` also
times ``build_site`` with the html exporter alone on a programme file
(alternating, each round into a fresh folder, in one process: ``jobs=1``) and checks that both ways
write the same files (above a thousand sessions it is ``mask=0`` that the
pages use, else the best mask). Exits 1 when the fast path is not at least 4
times as fast per code with ``mask=0``.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gc
import hashlib
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path


HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from _synthetic import make_programme  # noqa: E402

import sessionfeed as sf  # noqa: E402
from sessionfeed.site import layout, qrmatrix  # noqa: E402
from sessionfeed.site.qr import qr_svg  # noqa: E402


LABEL = "QR code of this page's address"
TARGET = 4.0
NOW = dt.datetime(2026, 12, 7, tzinfo=dt.UTC)


@contextlib.contextmanager
def plain() -> Iterator[None]:
    """The fast path turned off: every code made by segno and drawn run by run."""
    fast = qrmatrix.modules
    qrmatrix.modules = lambda text, mask: None
    try:
        yield
    finally:
        qrmatrix.modules = fast


def page_urls(n: int) -> list[str]:
    """The page URLs of a synthetic programme's sessions in every locale, ``n`` of them."""
    programme = make_programme(max(1, n // 2))
    urls = [
        layout.session_page_url(programme, session, locale)
        for session in programme.sessions
        for locale in programme.locales
    ]
    return urls[:n]


def codes(urls: list[str], mask: int | None) -> list[str]:
    return [qr_svg(url, label=LABEL, mask=mask) for url in urls]


def _cpu(run: Callable[[], object]) -> float:
    """CPU seconds of ``run``, this process's and any it forks."""
    gc.collect()

    def now() -> float:
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        return time.process_time() + children.ru_utime + children.ru_stime

    start = now()
    run()
    return now() - start


def per_code(urls: list[str], rounds: int, mask: int | None) -> float:
    """Print the time per code of both ways; return the ratio plain / fast."""
    fast = codes(urls, mask)
    with plain():
        assert codes(urls, mask) == fast, "the fast path's elements are the plain way's bytes"
    times: dict[str, list[float]] = {"fast": [], "plain": []}
    for _ in range(rounds):
        times["fast"].append(_cpu(lambda: codes(urls, mask)))
        with plain():
            times["plain"].append(_cpu(lambda: codes(urls, mask)))
    medians = {way: statistics.median(values) / len(urls) for way, values in times.items()}
    for way, seconds in medians.items():
        print(
            f"{way:>6}: {seconds * 1e6:8.1f} µs a code, mask={mask}  (median of {rounds}, {len(urls)} URLs)"
        )
    ratio = medians["plain"] / medians["fast"]
    print(f" ratio: plain / fast = {ratio:.1f}")
    return ratio


def _digest(folder: Path) -> str:
    sha = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            sha.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return sha.hexdigest()


def build(path: str, rounds: int) -> None:
    """Print the CPU time of ``build_site`` with the html exporter alone, both ways, alternating."""
    programme = sf.load(path)
    exporters = [sf.get_exporter("html")]
    times: dict[str, list[float]] = {"fast": [], "plain": []}
    digests: dict[str, set[str]] = {"fast": set(), "plain": set()}
    with tempfile.TemporaryDirectory() as scratch:
        for i in range(rounds):
            for way in ("fast", "plain"):
                out = Path(scratch) / f"{way}-{i}"
                with plain() if way == "plain" else contextlib.nullcontext():
                    times[way].append(
                        _cpu(lambda: sf.build_site(programme, out, exporters=exporters, now=NOW, jobs=1)),  # noqa: B023
                    )
                digests[way].add(_digest(out))
    assert len(digests["fast"] | digests["plain"]) == 1, "both ways write the same files"
    sessions = len(programme.sessions)
    for way, values in times.items():
        median = statistics.median(values)
        print(f"{way:>6}: html build {median:6.2f} s CPU  (median of {rounds}, {sessions} sessions)")
    saved = 1 - statistics.median(times["fast"]) / statistics.median(times["plain"])
    print(f" saved: {saved:.0%} of the html exporter's build")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=2000, help="how many page URLs (default 2,000)")
    parser.add_argument("-r", "--rounds", type=int, default=7, help="rounds of each way (default 7)")
    parser.add_argument(
        "--build", metavar="TOML", help="also time the html exporter's build of this programme"
    )
    args = parser.parse_args(argv)
    urls = page_urls(args.n)
    ratio = per_code(urls, args.rounds, 0)
    per_code(urls, max(1, args.rounds // 2), None)
    if args.build:
        build(args.build, args.rounds)
    if ratio < TARGET:
        print(f"the fast path is less than {TARGET:g} times as fast per code", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
