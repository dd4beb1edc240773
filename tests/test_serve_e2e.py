"""End to end: `sessionfeed serve` on a free loopback port, spoken to over real HTTP."""

from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

import sessionfeed
from sessionfeed.exporters.registry import iter_exporters
from sessionfeed.model.revisions import Revisions
from sessionfeed.site.build import render_site


pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(os.name == "nt", reason="stops the server with SIGINT (Ctrl-C)"),
]

PROGRAMME = """\
id = "e2e"
locales = ["nl", "en"]
base_url = "https://example.org/e2e/"
title = "{title}"
updated = 2026-01-10T09:00:00+01:00

[[sessions]]
id = "kick-off"
kind = "webinar"
language = "nl"
title = "{title}: kick-off"
when = {{ start = 2026-03-12T14:00:00, end = 2026-03-12T15:30:00 }}
location = "online"
"""


class Server:
    """A running `sessionfeed serve` process, with its standard error collected."""

    def __init__(self, programme: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "sessionfeed", "serve", str(programme), "--port", "0", "--max-age", "120"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        self.stderr: list[str] = []
        self._reader = threading.Thread(target=self._read_stderr, daemon=True)
        self._reader.start()
        self.port = self._wait_for_url()

    def _read_stderr(self) -> None:
        assert self.process.stderr is not None
        self.stderr.extend(self.process.stderr)

    def _wait_for_url(self) -> int:
        assert self.process.stdout is not None
        found: list[str] = []
        stdout = self.process.stdout
        reader = threading.Thread(target=lambda: found.append(stdout.readline()), daemon=True)
        reader.start()
        reader.join(timeout=30)
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", found[0] if found else "")
        if match is None:
            self.close()
            pytest.fail(f"the server printed no URL: {found!r} {''.join(self.stderr)}")
        return int(match[1])

    def send(
        self, method: str, path: str, headers: dict[str, str] | None = None,
    ) -> tuple[int, http.client.HTTPMessage, bytes]:
        """Send ``path`` exactly as given (http.client normalises nothing) on a new connection."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request(method, path, headers=headers or {})
            response = connection.getresponse()
            return response.status, response.headers, response.read()
        finally:
            connection.close()

    def get(self, path: str, **headers: str) -> tuple[int, http.client.HTTPMessage, bytes]:
        return self.send("GET", path, {k.replace("_", "-"): v for k, v in headers.items()})

    def stop(self) -> int:
        """Press Ctrl-C; return the exit code."""
        self.process.send_signal(signal.SIGINT)
        return self.process.wait(timeout=15)

    def close(self) -> None:
        """Make sure the process is gone and its pipes are closed."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self._reader.join(timeout=5)
        for pipe in (self.process.stdout, self.process.stderr):
            if pipe is not None:
                pipe.close()


@pytest.fixture
def programme(tmp_path: Path) -> Path:
    path = tmp_path / "programme.toml"
    path.write_text(PROGRAMME.format(title="Webinars"), encoding="utf-8")
    return path


@pytest.fixture
def server(programme: Path) -> Iterator[Server]:
    running = Server(programme)
    yield running
    running.close()


def rewrite(path: Path, text: str) -> None:
    before = path.stat().st_mtime_ns
    path.write_text(text, encoding="utf-8")
    if path.stat().st_mtime_ns == before:
        os.utime(path, ns=(before + 1_000_000, before + 1_000_000))


def test_serve_over_http(programme: Path, server: Server):
    """The command serves the site with validators, redirects, 404s and 405s, edits and Ctrl-C."""
    loaded = sessionfeed.load(programme)
    files, _ = render_site(loaded, Revisions.from_data(loaded), list(iter_exporters()))
    for path, content in files.items():
        status, headers, body = server.get(f"/{path}")  # no Accept header, as Google's fetcher
        assert (status, body) == (200, content), path
        assert headers["Cache-Control"] == "public, max-age=120"
        assert headers["Content-Length"] == str(len(content))
        assert headers["Last-Modified"] == "Sat, 10 Jan 2026 08:00:00 GMT"
        assert "Content-Disposition" not in headers
        assert headers.get_all("Access-Control-Allow-Origin", []) in ([], ["*"])

    status, headers, body = server.get("/nl/index.html")
    etag = headers["ETag"]
    assert re.fullmatch(r'"[0-9a-f]{32}"', etag)
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert server.get("/nl/", If_None_Match=etag)[:3:2] == (304, b"")
    assert server.get("/nl/index.html", If_Modified_Since=headers["Last-Modified"])[0] == 304
    assert server.get("/nl/index.html", If_None_Match=etag.strip('"'))[0] == 200

    status, headers, empty = server.send("HEAD", "/nl/index.html")
    assert (status, empty) == (200, b"")
    assert headers["Content-Length"] == str(len(body))
    assert headers["ETag"] == etag

    status, headers, _ = server.get("/")
    assert (status, headers["Location"]) == (302, "/nl/")
    status, headers, _ = server.get("/en")
    assert (status, headers["Location"]) == (301, "/en/")

    for attack in (
        "/../programme.toml", "/nl/../../programme.toml", "/%2e%2e/programme.toml",
        "/nl/%2e%2e/%2e%2e/programme.toml", "/nl/..%2f..%2fprogramme.toml", "/nl%5c..%5cprogramme.toml",
        "/nl/index.html%00", "//etc/passwd", "/etc/passwd", f"/{programme}",
    ):  # fmt: skip
        status, _, body = server.get(attack)
        assert status == 404, attack
        assert b"[[sessions]]" not in body

    status, headers, _ = server.send("POST", "/nl/index.html", {"Content-Length": "0"})
    assert status == 405
    assert headers["Allow"] == "GET, HEAD, OPTIONS"

    # A broken edit: the last good version stays online.
    rewrite(programme, PROGRAMME.format(title="Broken") + "when = 12\n")
    assert server.get("/nl/index.html")[1]["ETag"] == etag
    # The fix is served without a restart.
    rewrite(programme, PROGRAMME.format(title="Fixed"))
    status, headers, body = server.get("/nl/index.html", If_None_Match=etag)
    assert status == 200
    assert headers["ETag"] != etag
    assert "Fixed" in body.decode()

    assert server.stop() == 0
    log = "".join(server.stderr)
    assert re.search(r'^127\.0\.0\.1 - - \[[^]]+\] "GET /nl/index\.html HTTP/1\.1" 200 \d+$', log, re.M), log
    assert re.search(r'^127\.0\.0\.1 - - \[[^]]+\] "GET /nl/ HTTP/1\.1" 304 0$', log, re.M), log
    assert re.search(rf"^  {re.escape(str(programme))}:\d+: ", log, re.M), log
    assert "still serving the last good version" in log
    assert "reloaded" in log
    assert "Traceback" not in log


#: What the server's log must never hold raw: C0 but the line ends, DEL, C1.
_RAW_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def test_serve_escapes_control_characters_in_its_log(server: Server):
    """Log injection over a real socket: escape sequences in a request line are written escaped."""
    hostile = [
        b"GET /\x1b[31mred\x07 HTTP/1.1",
        b"GET /a\x9b2Jb HTTP/1.1",
        b"GET /x\rforged 200 0 HTTP/1.1",
        b"\x1b]0;owned\x07 \x00",  # refused by http.server (400), logged all the same
    ]
    for line in hostile:
        with socket.create_connection(("127.0.0.1", server.port), timeout=10) as connection:
            connection.sendall(line + b"\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            while connection.recv(65536):
                pass
    assert server.stop() == 0
    log = "".join(server.stderr)
    assert not _RAW_CONTROL.search(log), repr(log)
    assert '"GET /\\x1b[31mred\\x07 HTTP/1.1" 404' in log, log
    assert '"GET /a\\x9b2Jb HTTP/1.1" 404' in log, log
    assert "/x\\x0dforged 200 0" in log, log
    assert "\\x1b]0;owned\\x07 \\x00" in log, log
    assert all(line.startswith("127.0.0.1 - - [") for line in log.splitlines()), log


def test_serve_refuses_an_invalid_programme(tmp_path: Path):
    """An invalid programme at start prints its problems and exits with 2; nothing listens."""
    path = tmp_path / "bad.toml"
    path.write_text('id = "x"\nlocales = ["nl"]\n', encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "sessionfeed", "serve", str(path), "--port", "0"],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 2
    assert f"error: {path}" in result.stderr
    assert result.stdout == ""
