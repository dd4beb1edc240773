"""The pages in a real browser: headless Chromium renders the programme, session and archive pages.

Chromium is driven over the DevTools protocol on a pipe
(``--remote-debugging-pipe``: no port, no extra package). For each locale
the page is loaded at a phone's width (412 CSS pixels); the test checks that
every session is an element id in the rendered DOM, that nothing overflows
sideways, and that the console reports no error (console messages, uncaught
exceptions and browser log entries of level error; not the network's, as the
examples' media are stand-ins at example.org that no one serves). A screenshot
of the top 2000 pixels is taken each time; ``pytest --update-goldens`` writes
it to ``docs/screenshots/<locale>.png``. A session's page and an archive page
are checked at a phone's and a desktop's width, light and dark, and so are a
person's and an organisation's hub page.

With ``SESSIONFEED_AXE`` naming axe-core's ``axe.min.js`` (the npm package
``axe-core``), every page checked is also run through axe-core's rules in the
browser, and must have no violation.

Without a Chromium binary the test skips and says why, unless
``SESSIONFEED_REQUIRE_BROWSER=1`` is set (``.ci/run`` sets it): then it fails,
so that it can never silently stop running in CI.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import json
import os
import queue
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import sessionfeed as sf
from sessionfeed.exporters.html import build_page
from sessionfeed.exporters.templating import STYLESHEET, Templates, builtin_templates


pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "docs" / "screenshots"
#: The worked example of docs/templates.md: an organisation's header and colours.
RESTYLED = ROOT / "examples" / "restyled" / "templates"
PHONE_WIDTH = 412
PHONE_HEIGHT = 915
#: The screenshot shows the top of the page, as a 412 x 2000 phone window would.
SHOT_HEIGHT = 2000
TIMEOUT = 60.0
#: The moment the pages are made for (the seed's sessions all past, the demo's mostly coming).
NOW = dt.datetime(2027, 3, 1, 12, tzinfo=dt.UTC)
DESKTOP_WIDTH = 1280
CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")


def find_chromium() -> str | None:
    """The Chromium binary: $SESSIONFEED_CHROMIUM, else the first known name on PATH."""
    explicit = os.environ.get("SESSIONFEED_CHROMIUM")
    if explicit:
        return explicit
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="module")
def chromium() -> str:
    """The browser, or a skip with the reason (a failure when CI requires the browser)."""
    binary = find_chromium()
    if binary is None:
        reason = (
            "no Chromium found (looked for $SESSIONFEED_CHROMIUM and "
            f"{', '.join(CANDIDATES)} on PATH); install it, e.g. `apt-get install chromium`, "
            "to check the pages in a real browser"
        )
        if os.environ.get("SESSIONFEED_REQUIRE_BROWSER") == "1":
            pytest.fail(f"SESSIONFEED_REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    return binary


class DevTools:
    """A minimal DevTools protocol client over Chromium's debugging pipe."""

    def __init__(self, process: subprocess.Popen[bytes], commands: int, replies: int) -> None:
        self.process = process
        self._commands = os.fdopen(commands, "wb", buffering=0)
        self._replies = os.fdopen(replies, "rb", buffering=0)
        self._next = 0
        self._messages: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self.events: list[dict[str, Any]] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        buffer = b""
        while chunk := self._replies.read(65536):
            buffer += chunk
            while b"\0" in buffer:
                raw, buffer = buffer.split(b"\0", 1)
                self._messages.put(json.loads(raw))
        self._messages.put(None)

    def _receive(self, deadline: float) -> dict[str, Any]:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            msg = "Chromium did not answer in time"
            raise TimeoutError(msg)
        message = self._messages.get(timeout=remaining)
        if message is None:
            msg = "Chromium closed the debugging pipe"
            raise ConnectionError(msg)
        return message

    def send(
        self, method: str, params: dict[str, Any] | None = None, session: str | None = None
    ) -> dict[str, Any]:
        """Send a command and return its result; events seen meanwhile are kept."""
        self._next += 1
        ident = self._next
        message: dict[str, Any] = {"id": ident, "method": method, "params": params or {}}
        if session is not None:
            message["sessionId"] = session
        self._commands.write(json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + TIMEOUT
        while True:
            reply = self._receive(deadline)
            if reply.get("id") == ident:
                if "error" in reply:
                    msg = f"{method}: {reply['error']}"
                    raise RuntimeError(msg)
                result: dict[str, Any] = reply.get("result", {})
                return result
            self.events.append(reply)

    def wait_for(self, method: str, session: str | None = None) -> dict[str, Any]:
        """Wait for an event (or find it among those already seen)."""
        for event in self.events:
            if event.get("method") == method and event.get("sessionId") == session:
                return event
        deadline = time.monotonic() + TIMEOUT
        while True:
            event = self._receive(deadline)
            self.events.append(event)
            if event.get("method") == method and event.get("sessionId") == session:
                return event

    def close(self) -> None:
        """Close the browser and the pipes."""
        with contextlib.suppress(Exception):
            self.send("Browser.close")
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._commands.close()
        self._replies.close()


_TRAMPOLINE = """
import fcntl, os, sys
commands = fcntl.fcntl(int(sys.argv[1]), fcntl.F_DUPFD, 10)
replies = fcntl.fcntl(int(sys.argv[2]), fcntl.F_DUPFD, 10)
os.dup2(commands, 3)
os.dup2(replies, 4)
for fd in {commands, replies, int(sys.argv[1]), int(sys.argv[2])} - {3, 4}:
    os.close(fd)
os.execvp(sys.argv[3], sys.argv[3:])
"""


@contextlib.contextmanager
def browser(binary: str, profile: Path) -> Iterator[DevTools]:
    """Start headless Chromium with the debugging pipe on fds 3 (commands) and 4 (replies)."""
    command_read, command_write = os.pipe()
    reply_read, reply_write = os.pipe()
    args = [
        binary,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--hide-scrollbars",
        "--remote-debugging-pipe",
        f"--user-data-dir={profile}",
        "about:blank",
    ]
    # A tiny Python trampoline puts our pipe ends on fds 3 and 4, then becomes Chromium.
    process = subprocess.Popen(
        [sys.executable, "-c", _TRAMPOLINE, str(command_read), str(reply_write), *args],
        pass_fds=(command_read, reply_write),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(command_read)
    os.close(reply_write)
    tools = DevTools(process, command_write, reply_read)
    try:
        yield tools
    finally:
        tools.close()


def _console_errors(events: list[dict[str, Any]]) -> list[str]:
    errors = []
    for event in events:
        method, params = event.get("method"), event.get("params", {})
        if method == "Runtime.consoleAPICalled" and params.get("type") in {"error", "assert"}:
            errors.append(f"console.{params['type']}: {params.get('args')}")
        elif method == "Runtime.exceptionThrown":
            errors.append(f"exception: {params.get('exceptionDetails')}")
        elif (
            method == "Log.entryAdded"
            and params.get("entry", {}).get("level") == "error"
            and params["entry"].get("source") != "network"  # the examples' stand-in media at example.org
        ):
            errors.append(f"log: {params['entry'].get('text')} ({params['entry'].get('url')})")
    return errors


_INSPECT = """JSON.stringify({
  ids: Array.from(document.querySelectorAll('[id]'), e => e.id),
  articles: Array.from(document.querySelectorAll('article'), e => e.id),
  h1: Array.from(document.querySelectorAll('h1'), e => e.textContent),
  lang: document.documentElement.lang,
  title: document.title,
  scrollWidth: document.documentElement.scrollWidth,
  innerWidth: window.innerWidth,
  bodyMargin: getComputedStyle(document.body).marginTop,
  org: Array.from(document.querySelectorAll('.org'), e => getComputedStyle(e).backgroundColor),
})"""


def _axe_source() -> str | None:
    """axe-core's script ($SESSIONFEED_AXE, a path to axe.min.js), or ``None``.

    With ``SESSIONFEED_REQUIRE_AXE=1`` (as in CI) a missing one fails the test instead.
    """
    given = os.environ.get("SESSIONFEED_AXE")
    if not given and os.environ.get("SESSIONFEED_REQUIRE_AXE") == "1":
        pytest.fail("SESSIONFEED_REQUIRE_AXE=1 but SESSIONFEED_AXE names no axe.min.js (npm package axe-core)")
    return Path(given).read_text(encoding="utf-8") if given else None


_AXE_RUN = """axe.run(document, {resultTypes: ['violations'], preload: false}).then(r => JSON.stringify(
  r.violations.map(v => ({id: v.id, nodes: v.nodes.map(n => n.target.join(' '))}))))"""


def render(
    tools: DevTools,
    page: Path,
    *,
    width: int = PHONE_WIDTH,
    dark: bool = False,
) -> tuple[dict[str, Any], bytes, list[str]]:
    """Load ``page`` at ``width`` (a phone's by default): what the DOM holds, a PNG of its top, console errors.

    With axe-core (:func:`_axe_source`), ``dom["axe"]`` holds its violations.
    """
    targets = tools.send("Target.getTargets")["targetInfos"]
    pages = [t for t in targets if t["type"] == "page"]
    target = (
        pages[0]["targetId"]
        if pages
        else tools.send("Target.createTarget", {"url": "about:blank"})["targetId"]
    )
    session = tools.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    for domain in ("Page", "Runtime", "Log"):
        tools.send(f"{domain}.enable", session=session)
    mobile = width <= PHONE_WIDTH
    metrics = {"width": width, "height": PHONE_HEIGHT, "deviceScaleFactor": 1, "mobile": mobile}
    tools.send("Emulation.setDeviceMetricsOverride", metrics, session=session)
    scheme = [{"name": "prefers-color-scheme", "value": "dark" if dark else "light"}]
    tools.send("Emulation.setEmulatedMedia", {"features": scheme}, session=session)
    tools.send("Page.navigate", {"url": page.as_uri()}, session=session)
    tools.wait_for("Page.loadEventFired", session=session)
    found = tools.send("Runtime.evaluate", {"expression": _INSPECT, "returnByValue": True}, session=session)
    dom = json.loads(found["result"]["value"])
    axe = _axe_source()
    if axe is not None:
        tools.send("Runtime.evaluate", {"expression": axe}, session=session)
        ran = tools.send(
            "Runtime.evaluate",
            {"expression": _AXE_RUN, "awaitPromise": True, "returnByValue": True},
            session=session,
        )
        dom["axe"] = json.loads(ran["result"]["value"])
    layout = tools.send("Page.getLayoutMetrics", session=session)
    height = min(int(layout["cssContentSize"]["height"]), SHOT_HEIGHT)
    clip = {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}
    shot = tools.send(
        "Page.captureScreenshot",
        {"format": "png", "captureBeyondViewport": True, "clip": clip},
        session=session,
    )
    tools.send("Target.detachFromTarget", {"sessionId": session})
    return dom, base64.b64decode(shot["data"]), _console_errors(tools.events)


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def check_page(
    chromium: str, programme: sf.Programme, locale: str, tmp_path: Path, templates: Templates | None = None
) -> bytes:
    """Render a programme's page in Chromium, check it, and return its screenshot."""
    chosen = builtin_templates() if templates is None else templates
    site = tmp_path / "site" / locale
    site.mkdir(parents=True)
    page = site / "index.html"
    page.write_text(build_page(programme, locale, templates=chosen, now=NOW), encoding="utf-8")
    # The site's stylesheet, at the root as a build writes it: the page is checked as it looks.
    (site.parent / STYLESHEET).write_bytes(chosen.stylesheet)
    with browser(chromium, tmp_path / "profile") as tools:
        dom, png, errors = render(tools, page)
    assert errors == []
    assert dom["bodyMargin"] == "0px", "the stylesheet (../style.css?v=...) was not applied"
    assert dom["org"] == (["rgb(122, 31, 92)"] if templates is not None else [])
    assert dom["lang"] == locale
    assert dom.get("axe", []) == []
    # Each card carries its session's id (the programme page's anchors), coming first, then past.
    assert sorted(dom["articles"]) == sorted(s.id for s in programme.sessions)
    for session in programme.sessions:
        assert session.id in dom["ids"]
    assert dom["h1"] == [programme.text(programme.title, locale).text]
    assert dom["scrollWidth"] <= dom["innerWidth"], "the page scrolls sideways on a phone"
    width, height = _png_size(png)
    assert width == PHONE_WIDTH
    assert height > PHONE_HEIGHT
    return png


@pytest.mark.parametrize("locale", ["nl", "en"])
def test_pages_render_in_chromium(
    chromium: str,
    seed_programme: sf.Programme,
    locale: str,
    tmp_path: Path,
    request: pytest.FixtureRequest,
):
    """Chromium renders the seed's page: every session found, nothing too wide, no console error."""
    png = check_page(chromium, seed_programme, locale, tmp_path)
    if request.config.getoption("--update-goldens"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        (SCREENSHOTS / f"{locale}.png").write_bytes(png)


def test_every_feature_renders_in_chromium(
    chromium: str, demo_programme: sf.Programme, tmp_path: Path, request: pytest.FixtureRequest
):
    """The demo (rescheduled, cancelled, hybrid, multi-day, undated sessions) renders cleanly."""
    png = check_page(chromium, demo_programme, "en", tmp_path)
    if request.config.getoption("--update-goldens"):
        (SCREENSHOTS / "demo-en.png").write_bytes(png)


@pytest.mark.parametrize(("example", "locale"), [("demo_programme", "en"), ("seed_programme", "nl")])
def test_the_restyled_example_renders_in_chromium(
    chromium: str, example: str, locale: str, tmp_path: Path, request: pytest.FixtureRequest
):
    """The organisation's header and colours (docs/templates.md) render cleanly on a phone, the sessions all there."""
    programme = request.getfixturevalue(example)
    png = check_page(chromium, programme, locale, tmp_path, Templates(RESTYLED))
    if request.config.getoption("--update-goldens"):
        (SCREENSHOTS / f"restyled-{locale}.png").write_bytes(png)


def test_console_errors_are_caught(chromium: str, tmp_path: Path):
    """The check itself works: a page with a script error is reported."""
    page = tmp_path / "broken.html"
    page.write_text(
        '<!DOCTYPE html><html lang="en"><title>x</title><script>console.error("boom"); null.x;</script>',
        encoding="utf-8",
    )
    with browser(chromium, tmp_path / "profile") as tools:
        _, _, errors = render(tools, page)
    assert any("boom" in e for e in errors)
    assert any(e.startswith("exception") for e in errors)


@pytest.fixture(scope="module")
def seed_site(tmp_path_factory: pytest.TempPathFactory, seed_programme: sf.Programme) -> Path:
    """The seed's site with 2020 on an archive page (the programme page keeping only 2023)."""
    from sessionfeed.exporters.html import timeline

    out = tmp_path_factory.mktemp("seed") / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timeline, "PAST_ON_PROGRAMME", 4)
        sf.build_site(seed_programme, out, now=NOW)
    return out


@pytest.mark.parametrize(
    ("path", "shot"),
    [
        ("nl/sessions/joint-industry-efforts-towards-remedy/index.html", "session-nl"),
        ("en/sessions/integrating-worker-voices/index.html", "session-en"),
        ("nl/archive/2020/index.html", "archive-nl"),
        ("nl/index.html", "programme-nl"),
    ],
)
def test_session_and_archive_pages_render_in_chromium(
    chromium: str, seed_site: Path, path: str, shot: str, tmp_path: Path, request: pytest.FixtureRequest
):
    """A session's page (its player, people, QR code) and an archive page: phone and desktop, light and dark."""
    page = seed_site / path
    assert page.is_file()
    with browser(chromium, tmp_path / "profile") as tools:
        for width, name in ((PHONE_WIDTH, "phone"), (DESKTOP_WIDTH, "desktop")):
            for dark in (False, True):
                dom, png, errors = render(tools, page, width=width, dark=dark)
                assert errors == []
                assert dom.get("axe", []) == []
                assert dom["lang"] == path[:2]
                assert dom["bodyMargin"] == "0px", "the stylesheet was not applied"
                assert len(dom["h1"]) == 1
                assert dom["scrollWidth"] <= dom["innerWidth"], f"{path} scrolls sideways at {width}px"
                assert _png_size(png)[0] == width
                if request.config.getoption("--update-goldens"):
                    scheme = "dark" if dark else "light"
                    (SCREENSHOTS / f"{shot}-{name}-{scheme}.png").write_bytes(png)


@pytest.mark.parametrize(
    ("path", "shot"),
    [
        ("en/people/maria-mora/index.html", "hub-person-en"),
        ("nl/organisations/giz/index.html", "hub-organisation-nl"),
    ],
)
def test_hub_pages_render_in_chromium(
    chromium: str, seed_site: Path, path: str, shot: str, tmp_path: Path, request: pytest.FixtureRequest
):
    """A person's and an organisation's page (their sessions, subscribe block): phone and desktop, light and dark."""
    page = seed_site / path
    assert page.is_file()
    with browser(chromium, tmp_path / "profile") as tools:
        for width, name in ((PHONE_WIDTH, "phone"), (DESKTOP_WIDTH, "desktop")):
            for dark in (False, True):
                dom, png, errors = render(tools, page, width=width, dark=dark)
                assert errors == []
                assert dom.get("axe", []) == []
                assert dom["lang"] == path[:2]
                assert dom["bodyMargin"] == "0px", "the stylesheet was not applied"
                assert len(dom["h1"]) == 1
                assert dom["scrollWidth"] <= dom["innerWidth"], f"{path} scrolls sideways at {width}px"
                assert _png_size(png)[0] == width
                if request.config.getoption("--update-goldens"):
                    scheme = "dark" if dark else "light"
                    (SCREENSHOTS / f"{shot}-{name}-{scheme}.png").write_bytes(png)


def test_axe_finds_what_it_should(chromium: str, tmp_path: Path):
    """The accessibility check itself works: an image without alt and an unnamed link are violations."""
    if _axe_source() is None:
        pytest.skip("SESSIONFEED_AXE is not set: no axe-core to run (npm package axe-core, its axe.min.js)")
    page = tmp_path / "bad.html"
    page.write_text(
        '<!DOCTYPE html><html lang="en"><title>x</title><main><img src="x.png"><a href="/"></a></main>',
        encoding="utf-8",
    )
    with browser(chromium, tmp_path / "profile") as tools:
        dom, _, _ = render(tools, page)
    assert {"image-alt", "link-name"} <= {v["id"] for v in dom["axe"]}
