"""Serving while the programme file is rewritten: only complete documents, old or new.

Clients request the calendar, the feeds, the JSON-LD and the page in a loop
while another thread rewrites the programme file between two versions A and
B, both atomically (a temporary file and ``os.replace``) and by truncating
and rewriting it in small pieces, so that the server can read it half
written. Every response must be exactly the document of A or of B that
:func:`sessionfeed.site.build.render_site` makes, and once the writing stops the
server must serve the last version.

The versions are written with ``id`` as their last line: no proper prefix of
either file is a valid programme (it lacks its ``id``, or ends inside a
value), as with any real edit a half-written file is not the new version.

Runs against :func:`sessionfeed.serve.app.make_app` in this process, and against
a real ``sessionfeed serve`` over HTTP.
"""

from __future__ import annotations

import io
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest

import sessionfeed as sf
from _readers import toml_key, toml_value
from sessionfeed.exporters.registry import iter_exporters
from sessionfeed.io.toml import load_toml_text
from sessionfeed.model.revisions import Revisions
from sessionfeed.site.build import render_site


ROOT = Path(__file__).resolve().parent.parent
PATHS = ["nl/calendar.ics", "nl/feed.atom", "nl/index.html", "en/feed.rss", "en/events.jsonld", "en/programme.txt",
         "en/index.html", "index.html"]  # fmt: skip
SECONDS = float(os.environ.get("SESSIONFEED_SERVE_SECONDS", "2.5"))


def toml_with_id_last(data: dict[str, Any]) -> str:
    """A programme file of one-line top-level values, ``id`` last: every proper prefix is invalid."""
    lines = [f"{toml_key(k)} = {toml_value(v)}" for k, v in data.items() if k != "id"]
    return "\n".join([*lines, f"id = {toml_value(data['id'])}"]) + "\n"


@attrs.frozen
class Version:
    text: bytes
    files: dict[str, bytes]


def _version(programme: sf.Programme, tmp: Path, name: str) -> Version:
    text = toml_with_id_last(sf.to_dict(programme)).encode("utf-8")
    path = tmp / f"{name}.toml"
    path.write_bytes(text)
    loaded = sf.load(path)  # the served site is the file's, as the server reads it
    files, _ = render_site(loaded, Revisions.from_data(loaded), list(iter_exporters()))
    return Version(text=text, files=files)


@pytest.fixture(scope="module")
def versions(tmp_path_factory: pytest.TempPathFactory) -> tuple[Version, Version]:
    tmp = tmp_path_factory.mktemp("versions")
    demo = sf.load(ROOT / "examples" / "upcoming-demo.toml")
    a = attrs.evolve(demo, sessions=demo.sessions[:5])
    b = attrs.evolve(
        a,
        title=sf.LocalizedText({"nl": "Versie B", "en": "Version B"}),
        sessions=[attrs.evolve(s, title=sf.LocalizedText({"nl": f"B {s.id}", "en": f"B {s.id}"})) for s in a.sessions],
    )
    first, second = _version(a, tmp, "a"), _version(b, tmp, "b")
    available = [p for p in PATHS if p in first.files]
    assert len(available) >= 4, f"too few outputs to test: {sorted(first.files)}"
    for path in available:
        assert first.files[path] != second.files[path], f"{path} is the same in both versions"
    text = first.text.decode("utf-8")
    for cut in [*range(0, len(text) - 1, max(1, len(text) // 60)), len(text) - 2]:
        with pytest.raises(sf.ProgrammeError):
            load_toml_text(text[:cut])
    return first, second


class Writer(threading.Thread):
    """Rewrites ``path`` with A and B in turn until stopped: atomically, or truncating and in pieces."""

    def __init__(self, path: Path, versions: tuple[Version, Version]) -> None:
        super().__init__(daemon=True)
        self.path = path
        self.versions = versions
        self.stop = threading.Event()
        self.writes = 0
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            turn = 0
            while not self.stop.is_set():
                data = self.versions[(turn + 1) % 2].text
                if turn % 2 == 0:
                    temporary = self.path.with_name(f".{self.path.name}.{turn}")
                    temporary.write_bytes(data)
                    temporary.replace(self.path)
                else:
                    with self.path.open("wb") as file:  # truncates: readers may see any prefix
                        for start in range(0, len(data), 512):
                            file.write(data[start : start + 512])
                            file.flush()
                            time.sleep(0.0005)
                self.writes += 1
                turn += 1
                time.sleep(0.003)
            # Finish on B, written atomically, so that the last version is known.
            temporary = self.path.with_name(f".{self.path.name}.last")
            temporary.write_bytes(self.versions[1].text)
            temporary.replace(self.path)
        except BaseException as error:  # reported by the test
            self.error = error


def hammer(
    get: Callable[[str], tuple[int, bytes]], paths: list[str], versions: tuple[Version, Version], path: Path,
    *, clients: int = 4, seconds: float = SECONDS,
) -> tuple[int, dict[str, set[str]]]:  # fmt: skip
    """Clients GET ``paths`` while a writer rewrites the file; return the count and which versions were seen."""
    problems: list[str] = []
    seen: dict[str, set[str]] = {p: set() for p in paths}
    count = 0
    lock = threading.Lock()
    stop = threading.Event()

    def client(offset: int) -> None:
        nonlocal count
        i = offset
        while not stop.is_set():
            target = paths[i % len(paths)]
            i += 1
            try:
                status, body = get(target)
            except Exception as error:  # a failed request is a finding too
                with lock:
                    problems.append(f"GET /{target}: {type(error).__name__}: {error}")
                continue
            which = [n for n, v in zip("AB", versions, strict=True) if v.files[target] == body]
            with lock:
                count += 1
                if status != 200 or not which:
                    problems.append(f"GET /{target}: {status}, {len(body)} bytes, neither A nor B: {body[:200]!r}")
                else:
                    seen[target].update(which)

    writer = Writer(path, versions)
    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    for thread in threads:
        thread.start()
    writer.start()
    time.sleep(seconds)
    writer.stop.set()
    writer.join(10)
    stop.set()
    for thread in threads:
        thread.join(10)
    assert writer.error is None, writer.error
    assert writer.writes > 5, f"only {writer.writes} rewrites: the test proved little"
    assert not problems, f"{len(problems)} bad responses of {count}, e.g.:\n" + "\n".join(problems[:5])
    return count, seen


def eventually_b(get: Callable[[str], tuple[int, bytes]], paths: list[str], versions: tuple[Version, Version]) -> None:
    """Once the writing stops, the last version (B) is served soon (generous: CI machines are shared)."""
    deadline = time.monotonic() + 30
    while True:
        stale = [p for p in paths if get(p)[1] != versions[1].files[p]]
        if not stale:
            return
        assert time.monotonic() < deadline, f"still serving the old version of {stale} after the file settled"
        time.sleep(0.2)


# ------------------------------------------------------------------------ in process


def wsgi_get(app: Any) -> Callable[[str], tuple[int, bytes]]:
    def get(target: str) -> tuple[int, bytes]:
        environ = {
            "REQUEST_METHOD": "GET", "PATH_INFO": f"/{target}", "SCRIPT_NAME": "", "QUERY_STRING": "",
            "SERVER_NAME": "localhost", "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1", "HTTP_HOST": "localhost",
            "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(b""), "wsgi.errors": io.StringIO(),
            "wsgi.version": (1, 0), "wsgi.multithread": True, "wsgi.multiprocess": False, "wsgi.run_once": False,
        }  # fmt: skip
        status: list[str] = []

        def start_response(line: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Callable[[bytes], None]:
            status.append(line)
            return lambda _: None

        body = b"".join(app(environ, start_response))
        return int(status[0].split()[0]), body

    return get


def test_wsgi_app_serves_only_complete_versions(tmp_path: Path, versions: tuple[Version, Version]):
    """make_app: thousands of requests while the file is rewritten; each answer is A or B, complete."""
    from sessionfeed.serve.app import make_app

    path = tmp_path / "programme.toml"
    path.write_bytes(versions[0].text)
    app = make_app(path)
    get = wsgi_get(app)
    paths = [p for p in PATHS if p in versions[0].files]
    assert get(paths[0]) == (200, versions[0].files[paths[0]])
    # Seeing B proves the swap happened under load. A loaded machine may re-read
    # the file more slowly than the writer rewrites it: then hammer longer.
    for seconds in (SECONDS, 2 * SECONDS, 4 * SECONDS):
        count, seen = hammer(get, paths, versions, path, seconds=seconds)
        assert count > 100, f"only {count} requests"
        if any("B" in s for s in seen.values()):
            break
    assert any("B" in s for s in seen.values()), "the server never picked up version B while it was written"
    eventually_b(get, paths, versions)


def test_wsgi_app_keeps_the_last_good_version(tmp_path: Path, versions: tuple[Version, Version]):
    """Half-written, empty and broken files keep the last good version online."""
    from sessionfeed.serve.app import make_app

    path = tmp_path / "programme.toml"
    path.write_bytes(versions[0].text)
    get = wsgi_get(make_app(path))
    paths = [p for p in PATHS if p in versions[0].files]
    for broken in (versions[1].text[: len(versions[1].text) // 2], b"", b"id = \n", versions[1].text[:-12]):
        path.write_bytes(broken)
        for target in paths:
            assert get(target) == (200, versions[0].files[target]), f"{target} after writing {broken[-40:]!r}"
    path.unlink()
    assert get(paths[0]) == (200, versions[0].files[paths[0]]), "a deleted file took the site down"
    path.write_bytes(versions[1].text)
    eventually_b(get, paths, versions)


# ------------------------------------------------------------------------- over HTTP


@pytest.fixture
def served(tmp_path: Path, versions: tuple[Version, Version]) -> Any:
    """A real ``sessionfeed serve`` on a free port; stopped with Ctrl-C (SIGINT) afterwards."""
    path = tmp_path / "programme.toml"
    path.write_bytes(versions[0].text)
    log = tmp_path / "serve.log"  # a file, not a pipe: the access log must never block the server
    with log.open("w") as errors, subprocess.Popen(
        [sys.executable, "-m", "sessionfeed", "serve", str(path), "--port", "0"],
        stdout=subprocess.PIPE, stderr=errors, text=True,
    ) as process:  # fmt: skip
        try:
            assert process.stdout is not None
            line = process.stdout.readline()
            match = re.search(r"http://[^\s]+/", line)
            assert match, f"no URL in {line!r}; log: {log.read_text()[-2000:]}"
            yield path, match.group(0)
        finally:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(10)
    assert "Traceback" not in log.read_text(), log.read_text()[-3000:]


def test_sessionfeed_serve_over_http(served: Any, versions: tuple[Version, Version]):
    """The same over HTTP, against the command itself: every answer complete, A or B."""
    import httpx

    path, url = served
    paths = [p for p in PATHS if p in versions[0].files]
    local = threading.local()
    clients: list[httpx.Client] = []

    def get(target: str) -> tuple[int, bytes]:
        if not hasattr(local, "client"):
            local.client = httpx.Client(base_url=url, timeout=60)
            clients.append(local.client)
        response = local.client.get(target)
        return response.status_code, response.content

    try:
        assert get(paths[0]) == (200, versions[0].files[paths[0]])
        count, _ = hammer(get, paths, versions, path, clients=3)
        assert count > 20, f"only {count} requests"
        eventually_b(get, paths, versions)
    finally:
        for client in clients:
            client.close()
