"""A bounded loopback load test of ``sessionfeed serve`` and of the WSGI app under gunicorn.

Usage (from the repository root, in the dev environment)::

    python bench/bench_serve.py                       # 1,000 sessions, 2,000 requests per case
    python bench/bench_serve.py --requests 500 --clients 8
    python bench/bench_serve.py --only standard       # skip gunicorn

It writes a deterministic programme of ``--sessions`` sessions to a temporary
folder, starts each server on 127.0.0.1 (only) on a free port, sends a fixed
number of requests for ``/nl/calendar.ics`` from ``--clients`` threads (http.client,
no dependency), once as plain ``GET`` (``200`` with the whole calendar) and once
with the calendar's ``ETag`` in ``If-None-Match`` (``304``), reports requests per
second, stops the servers and removes the folder. It never runs longer than the
requests take (each has a 30 s timeout) and never listens beyond loopback.

Servers:

* ``standard``: ``sessionfeed serve`` (wsgiref with a thread per request; HTTP/1.0,
  a new connection per request).
* ``gunicorn``: ``gunicorn -w 2 --preload 'sessionfeed.serve.app:make_app("FILE")'``
  (sync workers; skipped with a note when gunicorn is not installed).

The programme file is dated an hour back, like a file nobody is editing: a file
written seconds ago is compared by content on each request for a few seconds
(see ``sessionfeed.serve.app``), which is not what a running site does.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import importlib.util
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from http.client import HTTPConnection
from pathlib import Path
from typing import IO


HOST = "127.0.0.1"
TIMEOUT = 30.0
#: Rendering 1,000 sessions in two locales takes seconds of CPU, more on a busy machine.
START_TIMEOUT = 300.0
KINDS = ("webinar", "workshop", "interview", "panel", "talk")
WORDS = [
    "herstel", "verhaal", "keten", "klacht", "dialoog", "textiel", "cacao", "mijnbouw", "loon",
    "toezicht", "remedy", "grievance", "supply", "chain", "living", "wage", "due", "diligence",
    "coöperatie", "reünie", "één",
]  # fmt: skip


# ----------------------------------------------------------------- the programme


def _words(n: int, start: int) -> str:
    return " ".join(WORDS[(start + 7 * i) % len(WORDS)] for i in range(n))


def _session(i: int) -> str:
    """One deterministic session: mostly timed, some all-day, a few month-only or cancelled."""
    when_date = (dt.date(2027, 1, 1) + dt.timedelta(days=i % 365)).isoformat()
    hour = 9 + i % 8
    if i % 50 == 7:
        when = f'when = "2027-{1 + i % 12:02d}"'
    elif i % 20 == 3:
        when = f"when = {when_date}"
    else:
        when = f'when = {{ start = {when_date}T{hour:02d}:00:00, duration = "PT{60 + 30 * (i % 3)}M" }}'
    people = [f"p{(i + k * 13) % 60}" for k in range(1 + i % 4)]
    lines = [
        "[[sessions]]",
        f'id = "s{i:05d}"',
        f'kind = "{KINDS[i % len(KINDS)]}"',
        f'language = "{"nl" if i % 3 else "en"}"',
        f'title.nl = "Sessie {i}: {_words(5, i)}"',
        f'title.en = "Session {i}: {_words(5, i + 3)}"',
        f'description.nl = "{_words(60, i)}."',
        f'description.en = "{_words(60, i + 1)}."',
        when,
        'location.online = { url = "https://meet.example.org/s' + f'{i}", platform = "Jitsi" }}',
        f'moderators = ["{people[0]}"]',
        f"speakers = [{', '.join(f'{chr(34)}{p}{chr(34)}' for p in people[1:])}]",
        f'tags = ["t{i % 5}"]',
        f"announced = 2026-11-{1 + i % 28:02d}T10:00:00+01:00",
    ]
    if i % 40 == 11:
        lines.append('status = "cancelled"')
    return "\n".join(lines) + "\n"


def programme_toml(sessions: int) -> str:
    """The text of a programme file with ``sessions`` sessions, the same on every machine."""
    head = [
        'id = "bench"',
        'locales = ["nl", "en"]',
        'timezone = "Europe/Amsterdam"',
        'base_url = "https://events.example.org/bench/"',
        'title.nl = "Benchmarkprogramma"',
        'title.en = "Benchmark programme"',
        'organisers = ["org0"]',
        "updated = 2026-11-20T09:00:00+01:00",
        "",
    ]
    orgs = [f'[organisations.org{k}]\nname = "Organisatie {k} {_words(2, k)}"\n' for k in range(10)]
    people = [
        f'[people.p{k}]\nname = "Persoon {k} Ångström-Nguyễn"\naffiliation = "org{k % 10}"\n'
        for k in range(60)
    ]
    tags = [f'[tags.t{k}]\nlabel.nl = "onderwerp {k}"\nlabel.en = "topic {k}"\n' for k in range(5)]
    body = [_session(i) for i in range(sessions)]
    return "\n".join(head) + "\n".join(orgs + people + tags + body)


def write_programme(folder: Path, sessions: int) -> Path:
    path = folder / "programme.toml"
    path.write_text(programme_toml(sessions), encoding="utf-8")
    hour_ago = time.time() - 3600
    os.utime(path, (hour_ago, hour_ago))
    return path


# ----------------------------------------------------------------- the servers


def _wait_for(process: subprocess.Popen[str], pattern: str, stream: str) -> int:
    """Read the process's output until ``pattern`` gives the port; fail after START_TIMEOUT."""
    pipe = process.stdout if stream == "stdout" else process.stderr
    assert pipe is not None
    found: list[int] = []

    def read() -> None:
        for line in pipe:
            match = re.search(pattern, line)
            if match:
                found.append(int(match[1]))
                break

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(START_TIMEOUT)
    if not found:
        process.kill()
        raise SystemExit(f"the server did not start: {process.args}")
    # Keep draining, so that a full pipe never blocks the server's access log.
    threading.Thread(target=_drain, args=(pipe,), daemon=True).start()
    return found[0]


def _drain(pipe: IO[str]) -> None:
    with contextlib.suppress(ValueError, OSError):
        for _ in pipe:
            pass


@contextlib.contextmanager
def standard_server(programme: Path) -> Iterator[int]:
    command = [sys.executable, "-m", "sessionfeed", "serve", str(programme), "--host", HOST, "--port", "0"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        yield _wait_for(process, rf"http://{re.escape(HOST)}:(\d+)/", "stdout")
    finally:
        _stop(process, signal.SIGINT)


@contextlib.contextmanager
def gunicorn_server(programme: Path, workers: int) -> Iterator[int]:
    command = [
        sys.executable, "-m", "gunicorn", "--workers", str(workers), "--preload",
        "--bind", f"{HOST}:0", "--log-level", "info",
        f"sessionfeed.serve.app:make_app({str(programme)!r})",
    ]  # fmt: skip
    if _gunicorn_has("--no-control-socket"):  # gunicorn 25+ would open ~/.gunicorn/gunicorn.ctl
        command.insert(3, "--no-control-socket")
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        yield _wait_for(process, rf"Listening at: http://{re.escape(HOST)}:(\d+)", "stderr")
    finally:
        _stop(process, signal.SIGTERM)


def _gunicorn_has(option: str) -> bool:
    command = [sys.executable, "-m", "gunicorn", "--help"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    return option in result.stdout


def _stop(process: subprocess.Popen[str], sig: signal.Signals) -> None:
    if process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    for pipe in (process.stdout, process.stderr):
        if pipe is not None:
            pipe.close()


# ----------------------------------------------------------------- the client


def fetch(port: int, path: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    connection = HTTPConnection(HOST, port, timeout=TIMEOUT)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def load(port: int, path: str, requests: int, clients: int, headers: dict[str, str], status: int) -> float:
    """Send ``requests`` requests from ``clients`` threads; return requests per second."""
    shares = [requests // clients + (1 if k < requests % clients else 0) for k in range(clients)]
    failures: list[str] = []
    start = threading.Barrier(clients + 1)

    def client(count: int) -> None:
        # One connection object; http.client reconnects when the server closes it.
        connection = HTTPConnection(HOST, port, timeout=TIMEOUT)
        start.wait()
        try:
            for _ in range(count):
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
                if response.status != status:
                    failures.append(f"{response.status} instead of {status}")
        except OSError as error:
            failures.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=client, args=(share,)) for share in shares]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    if failures:
        raise SystemExit(f"{len(failures)} requests failed, e.g. {failures[0]}")
    return requests / elapsed


Row = tuple[str, int, int, float]


def measure(name: str, port: int, path: str, requests: int, clients: int) -> list[Row]:
    status, headers, body = fetch(port, path)
    if status != 200:
        raise SystemExit(f"{name}: {path} answered {status}")
    etag = headers["ETag"]
    assert fetch(port, path, {"If-None-Match": etag})[0] == 304
    load(port, path, max(clients, requests // 20), clients, {}, 200)  # warm up
    ok = load(port, path, requests, clients, {}, 200)
    not_modified = load(port, path, requests, clients, {"If-None-Match": etag}, 304)
    return [(name, 200, len(body), ok), (name, 304, 0, not_modified)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--sessions", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=2000, help="per case (default 2000)")
    parser.add_argument("--clients", type=int, default=4, help="client threads (default 4)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--path", default="/nl/calendar.ics")
    parser.add_argument("--only", choices=("standard", "gunicorn"))
    args = parser.parse_args()
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="sessionfeed-bench-serve-") as folder:
        programme = write_programme(Path(folder), args.sessions)
        print(f"{args.sessions} sessions, {args.requests} requests per case, {args.clients} clients, "
              f"GET {args.path} on {HOST}", flush=True)  # fmt: skip
        if args.only in (None, "standard"):
            with standard_server(programme) as port:
                name = "sessionfeed serve (wsgiref, threads)"
                rows += measure(name, port, args.path, args.requests, args.clients)
        if args.only in (None, "gunicorn"):
            if importlib.util.find_spec("gunicorn") is None:
                print("gunicorn is not installed: pip install gunicorn (skipped)")
            else:
                with gunicorn_server(programme, args.workers) as port:
                    name = f"gunicorn -w {args.workers} (sync)"
                    rows += measure(name, port, args.path, args.requests, args.clients)
    width = max(len(row[0]) for row in rows) if rows else 10
    print(f"{'server':<{width}}  status  body bytes  requests/s")
    for name, status, size, rate in rows:
        print(f"{name:<{width}}  {status:>6}  {size:>10}  {rate:>10.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
