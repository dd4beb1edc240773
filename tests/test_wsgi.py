"""The WSGI app, in process: the layout, content types, conditional GET, CORS, paths, reloads.

Most tests serve through fake exporters that write every file of the layout,
so that they hold whichever built-in exporters are installed; one test serves
the installed exporters and checks that exactly ``render_site``'s files come back.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import io
import logging
import os
import re
import socket
import threading
import wsgiref.util
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import httpx
import pytest
from hypothesis import given, strategies as st

import sessionfeed
from sessionfeed.exceptions import ProgrammeError
from sessionfeed.exporters.base import BaseExporter, Context, OutputFile, Rendering
from sessionfeed.exporters.registry import iter_exporters
from sessionfeed.model.revisions import Revisions
from sessionfeed.serve import app as wsgi, http as _http
from sessionfeed.site.build import render_site


# ------------------------------------------------------------------ fixtures

SESSION = """
[[sessions]]
id = "{id}"
kind = "webinar"
language = "nl"
title = "{title}"
when = {{ start = {start}, end = {end} }}
location = "online"
{extra}
"""


def programme_text(
    *,
    title: str = "Webinars",
    updated: str | None = "2026-01-10T09:00:00+01:00",
    sessions: tuple[tuple[str, str], ...] = (("one", ""), ("two", "")),
    locales: str = '["nl", "en"]',
) -> str:
    """A small valid programme; ``sessions`` are ``(id, extra TOML lines)``."""
    head = [
        'id = "demo"',
        f"locales = {locales}",
        'base_url = "https://example.org/webinars/"',
        f'title = "{title}"',
    ]
    if updated:
        head.append(f"updated = {updated}")
    body = [
        SESSION.format(
            id=ident, title=f"{title}: {ident}", extra=extra,
            start=f"2026-03-{12 + i}T14:00:00", end=f"2026-03-{12 + i}T15:30:00",
        )
        for i, (ident, extra) in enumerate(sessions)
    ]  # fmt: skip
    return "\n".join(head) + "\n" + "".join(body)


class FakeExporter(BaseExporter):
    """Writes a line per session, so that edits change the bytes; optionally one file per session."""

    name: ClassVar[str] = "fake"
    title: ClassVar[str] = "Fake"
    media_type: ClassVar[str] = "application/octet-stream"
    filename: ClassVar[str] = "fake.bin"
    per_session: ClassVar[bool] = False

    def render(self, programme: sessionfeed.Programme, context: Context) -> Rendering:
        def line(session: sessionfeed.Session) -> str:
            revision = context.revisions[session.id]
            title = programme.text(session.title, context.locale).text
            return f"{session.id} {title} {revision.sequence} {revision.modified.isoformat()}\n"

        text = f"{self.name} {context.locale}\n" + "".join(line(s) for s in programme.sessions)
        files = [OutputFile(path=self.filename, content=text.encode(), media_type=self.media_type)]
        if self.per_session:
            files += [
                OutputFile(path=f"sessions/{s.id}.ics", content=line(s).encode(), media_type="text/calendar")
                for s in programme.sessions
            ]
        return Rendering(files=files)


def fake(name: str, filename: str, media_type: str, *, per_session: bool = False) -> BaseExporter:
    attributes = {
        "name": name, "title": name, "filename": filename, "media_type": media_type,
        "per_session": per_session,
    }  # fmt: skip
    return type(f"Fake_{name}", (FakeExporter,), attributes)()


class PluginExporter:
    """A third-party exporter with nothing but the protocol, writing a format of its own."""

    name = "csv"
    title = "CSV"
    media_type = "text/csv"
    filename = "sessions.csv"

    def export(self, programme: sessionfeed.Programme, *, locale: str) -> bytes:
        return "".join(f"{s.id}\n" for s in programme.sessions).encode()


EXPORTERS = (
    fake("html", "index.html", "text/html"),
    fake("text", "programme.txt", "text/plain"),
    fake("ical", "calendar.ics", "text/calendar", per_session=True),
    fake("rss", "feed.rss", "application/rss+xml"),
    fake("atom", "feed.atom", "application/atom+xml"),
    fake("jsonld", "events.jsonld", "application/ld+json"),
    PluginExporter(),
)


@pytest.fixture
def programme_file(tmp_path: Path) -> Path:
    path = tmp_path / "programme.toml"
    path.write_text(programme_text(), encoding="utf-8")
    return path


@pytest.fixture
def app(programme_file: Path) -> Any:
    return wsgi.make_app(programme_file, exporters=EXPORTERS)


@pytest.fixture
def client(app: Any) -> Iterator[httpx.Client]:
    with httpx.Client(transport=httpx.WSGITransport(app=app), base_url="http://testserver") as c:
        yield c


def call(app: Any, path_info: str, method: str = "GET", **headers: str) -> tuple[str, dict[str, str], bytes]:
    """Call the app directly with a raw ``PATH_INFO`` (as a server hands it over, decoded)."""
    environ: dict[str, Any] = {"REQUEST_METHOD": method, "PATH_INFO": path_info}
    wsgiref.util.setup_testing_defaults(environ)
    environ.update({f"HTTP_{k.upper()}": v for k, v in headers.items()})
    captured: dict[str, Any] = {}

    def start_response(status: str, response_headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
        captured["status"], captured["headers"] = status, response_headers
        return lambda data: None

    body = b"".join(app(environ, start_response))
    names = [name.lower() for name, _ in captured["headers"]]
    assert len(names) == len(set(names)), f"a header is sent twice: {names}"
    return captured["status"], {k.lower(): v for k, v in captured["headers"]}, body


def rewrite(path: Path, text: str) -> None:
    """Write a new version, making sure its stat differs even on a coarse file-system clock."""
    before = path.stat().st_mtime_ns
    path.write_text(text, encoding="utf-8")
    if path.stat().st_mtime_ns == before:
        os.utime(path, ns=(before + 1_000_000, before + 1_000_000))


FILES = [
    "index.html", "nl/index.html", "nl/programme.txt", "nl/calendar.ics", "nl/sessions/one.ics",
    "nl/feed.rss", "nl/feed.atom", "nl/events.jsonld", "nl/sessions.csv", "en/index.html",
    "en/calendar.ics", "en/sessions/two.ics",
]  # fmt: skip


# ------------------------------------------------------------------ the layout


def test_serves_exactly_what_render_site_renders(programme_file: Path):
    """With the installed exporters, every file of render_site comes back byte for byte."""
    app = wsgi.make_app(programme_file)
    programme = sessionfeed.load(programme_file)
    files, _ = render_site(programme, Revisions.from_data(programme), list(iter_exporters()))
    for path, content in files.items():
        status, headers, body = call(app, f"/{path}")
        assert (status, body) == ("200 OK", content), path
        assert headers["content-length"] == str(len(content))
    assert call(app, "/nl/no-such-file.ics")[0] == "404 Not Found"


def test_wsgi_app_example(programme_file: Path, monkeypatch: pytest.MonkeyPatch):
    """examples/wsgi_app.py serves the file named by SESSIONFEED_PROGRAMME."""
    import runpy

    monkeypatch.setenv("SESSIONFEED_PROGRAMME", str(programme_file))
    monkeypatch.setenv("SESSIONFEED_MAX_AGE", "600")
    example = Path(__file__).resolve().parent.parent / "examples" / "wsgi_app.py"
    application = runpy.run_path(str(example))["application"]
    status, headers, body = call(application, "/nl/")
    assert status == "200 OK"
    assert headers["cache-control"] == "public, max-age=600"
    assert b"Webinars" in body


def test_make_app_is_public():
    """sessionfeed.make_app is the WSGI factory."""
    assert sessionfeed.make_app is wsgi.make_app


@pytest.mark.parametrize(
    ("path", "media_type"),
    [
        ("/nl/calendar.ics", "text/calendar; charset=utf-8"),
        ("/en/sessions/two.ics", "text/calendar; charset=utf-8"),
        ("/nl/feed.rss", "application/rss+xml"),
        ("/nl/feed.atom", "application/atom+xml"),
        ("/nl/events.jsonld", "application/ld+json"),
        ("/nl/index.html", "text/html; charset=utf-8"),
        ("/index.html", "text/html; charset=utf-8"),
        ("/en/programme.txt", "text/plain; charset=utf-8"),
        ("/nl/sessions.csv", "text/csv; charset=utf-8"),
    ],
)
def test_content_types(client: httpx.Client, path: str, media_type: str):
    """Each file has the media type its clients need, with no Content-Disposition."""
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"] == media_type
    assert "content-disposition" not in response.headers
    assert response.headers["x-content-type-options"] == "nosniff"


def test_media_type_of_unknown_files():
    """A plugin's file with no declared type is plain bytes; layout files go by extension."""
    assert _http.media_type_for("nl/x.bin") == "application/octet-stream"
    assert _http.media_type_for("nl/x.json", "application/json") == "application/json"
    assert _http.media_type_for("nl/CALENDAR.ICS") == "text/calendar; charset=utf-8"
    assert _http.media_type_for("nl.ics/file") == "application/octet-stream"


@pytest.mark.parametrize("accept", [None, "*/*", "text/html", "text/calendar", "application/json", "x;;"])
def test_accept_header_changes_nothing(client: httpx.Client, accept: str | None):
    """Google's fetcher sends no Accept at all; every Accept gets the same response."""
    reference = client.get("/nl/calendar.ics")
    headers = {"Accept": accept} if accept is not None else {}
    request = client.build_request("GET", "/nl/calendar.ics", headers=headers)
    if accept is None:
        del request.headers["Accept"]
    response = client.send(request)
    assert response.status_code == 200
    assert response.content == reference.content
    assert response.headers == reference.headers
    assert "vary" not in response.headers


@pytest.mark.parametrize("path", FILES)
def test_every_layout_file_is_served(client: httpx.Client, path: str):
    """Every file of the layout answers 200 with a body."""
    response = client.get(f"/{path}")
    assert response.status_code == 200
    assert response.content


# ------------------------------------------------------------------ redirects


def test_root_redirects_to_the_default_locale(client: httpx.Client):
    """'/' answers 302 to the first locale's folder (not 301: the default may change)."""
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["location"] == "/nl/"
    assert client.get("/", follow_redirects=True).content == client.get("/nl/index.html").content


def test_root_redirect_follows_the_first_locale(tmp_path: Path):
    """With English first, '/' goes to /en/."""
    path = tmp_path / "p.toml"
    path.write_text(programme_text(locales='["en", "nl"]'), encoding="utf-8")
    assert call(wsgi.make_app(path, exporters=EXPORTERS), "/")[1]["location"] == "/en/"


def test_redirects_keep_the_mount_point(app: Any):
    """Mounted under a prefix (SCRIPT_NAME), the redirect stays under it; an empty PATH_INFO is the root."""
    environ: dict[str, Any] = {"REQUEST_METHOD": "GET", "SCRIPT_NAME": "/web inars", "PATH_INFO": ""}
    wsgiref.util.setup_testing_defaults(environ)
    seen: dict[str, Any] = {}
    app(environ, lambda status, headers, exc_info=None: seen.update(status=status, headers=dict(headers)))
    assert seen["status"] == "302 Found"
    assert seen["headers"]["Location"] == "/web%20inars/nl/"


def test_locale_folder(client: httpx.Client):
    """'/nl' redirects to '/nl/', which is the locale's index.html."""
    response = client.get("/nl")
    assert response.status_code == 301
    assert response.headers["location"] == "/nl/"
    folder, page = client.get("/nl/"), client.get("/nl/index.html")
    assert folder.status_code == 200
    assert folder.content == page.content
    assert folder.headers["etag"] == page.headers["etag"]


# ------------------------------------------------------------------ conditional GET


def test_strong_etag_from_the_bytes(client: httpx.Client):
    """The ETag is strong, quoted, and made from the body."""
    response = client.get("/nl/calendar.ics")
    etag = response.headers["etag"]
    assert etag == f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
    assert not etag.startswith("W/")
    assert client.get("/en/calendar.ics").headers["etag"] != etag


@pytest.mark.parametrize(
    "header",
    [
        "{etag}",
        "W/{etag}",
        '"other", {etag}',
        '"other",{etag} , "more"',
        ' {etag} ',
        "*",
        ' * ',
    ],
)
def test_if_none_match_gives_304(client: httpx.Client, header: str):
    """A matching tag (weakly compared, in a list, or '*') answers 304 with no body."""
    full = client.get("/nl/feed.atom")
    response = client.get("/nl/feed.atom", headers={"If-None-Match": header.format(etag=full.headers["etag"])})
    assert response.status_code == 304
    assert response.content == b""
    assert response.headers["etag"] == full.headers["etag"]
    assert response.headers["cache-control"] == full.headers["cache-control"]
    assert response.headers["access-control-allow-origin"] == "*"
    assert "content-type" not in response.headers


@pytest.mark.parametrize(
    "header",
    [
        "{bare}",  # pretalx's mistake: the tag without its quotes
        '"{bare}',
        '"other"',
        "W/other",
        "",
        ",",
        '"{bare}" garbage',
        '{etag}x',
    ],
)
def test_if_none_match_mismatch_gives_200(client: httpx.Client, header: str):
    """An unquoted, different or malformed tag gets the full response, never a wrong 304."""
    etag = client.get("/nl/feed.rss").headers["etag"]
    value = header.format(etag=etag, bare=etag.strip('"'))
    response = client.get("/nl/feed.rss", headers={"If-None-Match": value})
    assert response.status_code == 200
    assert response.content


@pytest.mark.parametrize(
    "header",
    [
        '"x",, {etag}',  # the adversarial run's case: an empty element is ignored
        ", {etag}",
        "{etag},",
        ",,{etag},,",
        '"x" ,\t, W/{etag}',
        '\t{etag}\t',
        '"a,b", {etag}',  # a comma inside a tag is part of it
    ],
)
def test_if_none_match_list_rule_gives_304(client: httpx.Client, header: str):
    """RFC 9110 §5.6.1: empty list elements and white space around commas are ignored."""
    etag = client.get("/nl/feed.atom").headers["etag"]
    response = client.get("/nl/feed.atom", headers={"If-None-Match": header.format(etag=etag)})
    assert response.status_code == 304, header


@pytest.mark.parametrize(
    "header",
    [
        "w/{etag}",  # the weak prefix is case-sensitive
        '*, {etag}',  # "*" only alone
        '{etag} "x"',  # a missing comma
        '"x"\r\n, {etag}',  # CR and LF are not optional white space
        '"x" {etag}',
        "{etag};",
        '"unclosed, {etag}',
    ],
)
def test_if_none_match_invalid_list_gives_200(app: Any, header: str):
    """A value that is no list of entity tags is no match, wherever the matching tag is in it."""
    etag = call(app, "/nl/feed.atom")[1]["etag"]
    assert call(app, "/nl/feed.atom", if_none_match=header.format(etag=etag))[0] == "200 OK"


_ETAGC = st.characters(codec="latin-1", exclude_characters='"\x7f').filter(
    lambda ch: ch > " " and not "\x7f" <= ch < "\x80",
)
_OPAQUE = st.text(_ETAGC, max_size=6).map(lambda text: f'"{text}"')
_OWS = st.text(" \t", max_size=2)
# A list element: an entity tag, weak or strong, or nothing at all.
_ELEMENT = st.one_of(st.just(""), _OPAQUE, _OPAQUE.map(lambda tag: f"W/{tag}"))


@given(
    elements=st.lists(st.tuples(_OWS, _ELEMENT, _OWS), max_size=6),
    ours=st.sampled_from(['"abc"', '"0123456789abcdef0123456789abcdef"', '""', '"a,b"']),
    ours_at=st.none() | st.integers(min_value=0, max_value=6),
    weak=st.booleans(),
)
def test_if_none_match_follows_rfc_9110_lists(
    elements: list[tuple[str, str, str]], ours: str, ours_at: int | None, weak: bool,
):
    """Any valid list: 304 exactly when one of its tags weakly matches ours (RFC 9110 §13.1.2)."""
    if ours_at is not None:
        elements.insert(min(ours_at, len(elements)), ("", f"W/{ours}" if weak else ours, " "))
    header = ",".join(before + element + after for before, element, after in elements)
    tags = [element for _, element, _ in elements if element]
    assert _http.entity_tags(header) == (tags if header.strip(" \t") != "*" else ["*"])
    expected = any(tag.removeprefix("W/") == ours for tag in tags)
    result = _http.is_not_modified(if_none_match=header, if_modified_since=None, etag=ours, last_modified=None)
    assert result is expected, header


@given(
    elements=st.lists(st.tuples(_OWS, _ELEMENT, _OWS), min_size=1, max_size=4),
    junk=st.sampled_from(['x', '"', "w/", "W/", ";", "\r", "\n", "\x0b", "*", '"a" "b"']),
    at=st.integers(min_value=0, max_value=4),
)
def test_if_none_match_with_junk_never_matches(elements: list[tuple[str, str, str]], junk: str, at: int):
    """A list with a piece that is no element is not a list: no 304, even with our tag in it."""
    ours = '"abc"'
    elements.insert(min(at, len(elements)), ("", ours, ""))
    parts = [before + element + after for before, element, after in elements]
    parts.insert(min(at, len(parts)), junk)
    header = ",".join(parts)
    assert _http.entity_tags(header) is None, header
    assert not _http.is_not_modified(if_none_match=header, if_modified_since=None, etag=ours, last_modified=None)


def test_last_modified_is_the_programme_updated(client: httpx.Client):
    """With no session dates, Last-Modified is the programme's `updated`, as an HTTP date."""
    response = client.get("/nl/calendar.ics")
    assert response.headers["last-modified"] == "Sat, 10 Jan 2026 08:00:00 GMT"
    moment = email.utils.parsedate_to_datetime(response.headers["last-modified"])
    assert moment == dt.datetime(2026, 1, 10, 8, tzinfo=dt.UTC)


def test_last_modified_per_file_from_the_data(tmp_path: Path):
    """A session's own .ics takes its revision; every other file the newest of all."""
    path = tmp_path / "p.toml"
    sessions = (("one", "updated = 2026-02-01T12:00:00Z"), ("two", ""))
    path.write_text(programme_text(sessions=sessions), encoding="utf-8")
    app = wsgi.make_app(path, exporters=EXPORTERS)
    assert call(app, "/nl/sessions/one.ics")[1]["last-modified"] == "Sun, 01 Feb 2026 12:00:00 GMT"
    assert call(app, "/nl/sessions/two.ics")[1]["last-modified"] == "Sat, 10 Jan 2026 08:00:00 GMT"
    for page in ("/nl/calendar.ics", "/en/index.html", "/index.html", "/nl/feed.rss"):
        assert call(app, page)[1]["last-modified"] == "Sun, 01 Feb 2026 12:00:00 GMT", page


def test_no_last_modified_without_a_date_or_with_a_future_one(tmp_path: Path):
    """No stated date, or one in the future, gives no Last-Modified, and If-Modified-Since is ignored."""
    path = tmp_path / "p.toml"
    future = (dt.datetime.now(tz=dt.UTC) + dt.timedelta(days=30)).strftime("%Y-%m-%dT%H:%M:%SZ")
    for updated in (None, future):
        sessions = (("one", 'when = "tba"'),) if updated is None else (("one", ""),)
        text = programme_text(updated=updated, sessions=sessions)
        path.write_text(text.replace('when = { start = 2026-03-12T14:00:00, end = 2026-03-12T15:30:00 }\n', ""))
        app = wsgi.make_app(path, exporters=EXPORTERS)
        status, headers, _ = call(app, "/nl/calendar.ics", if_modified_since="Fri, 01 Jan 2100 00:00:00 GMT")
        assert status == "200 OK"
        assert "last-modified" not in headers


@pytest.mark.parametrize(
    ("since", "status"),
    [
        ("Sat, 10 Jan 2026 08:00:00 GMT", 304),
        ("Sun, 11 Jan 2026 08:00:00 GMT", 304),
        ("Sat, 10 Jan 2026 09:00:00 +0100", 304),
        ("Sat, 10 Jan 2026 07:59:59 GMT", 200),
        ("Saturday, 10-Jan-26 08:00:00 GMT", 304),  # RFC 850, obsolete but allowed
        ("yesterday", 200),
        ("", 200),
    ],
)
def test_if_modified_since(client: httpx.Client, since: str, status: int):
    """If-Modified-Since answers 304 when the data is not newer; a bad date is ignored."""
    response = client.get("/nl/programme.txt", headers={"If-Modified-Since": since})
    assert response.status_code == status
    assert (response.content == b"") == (status == 304)


def test_if_none_match_wins_over_if_modified_since(client: httpx.Client):
    """A client that sends both gets 200 when the tag differs, however recent its date."""
    headers = {"If-None-Match": '"stale"', "If-Modified-Since": "Fri, 01 Jan 2100 00:00:00 GMT"}
    assert client.get("/nl/programme.txt", headers=headers).status_code == 200


def test_head_is_get_without_the_body(client: httpx.Client):
    """HEAD has GET's status and headers, Content-Length included, and no body."""
    for path in ("/nl/calendar.ics", "/", "/nl", "/missing"):
        get, head = client.get(path), client.head(path)
        assert head.status_code == get.status_code
        assert head.headers == get.headers
        assert head.content == b""
    etag = client.get("/nl/feed.atom").headers["etag"]
    assert client.head("/nl/feed.atom", headers={"If-None-Match": etag}).status_code == 304


def test_cache_control(programme_file: Path, client: httpx.Client):
    """public, max-age of minutes: 300 s by default, configurable."""
    assert client.get("/nl/calendar.ics").headers["cache-control"] == "public, max-age=300"
    app = wsgi.make_app(programme_file, max_age=60, exporters=EXPORTERS)
    assert call(app, "/nl/feed.rss")[1]["cache-control"] == "public, max-age=60"
    with pytest.raises(ValueError, match="max_age"):
        wsgi.make_app(programme_file, max_age=-1)


@pytest.mark.parametrize(
    ("path", "cors"),
    [
        ("/nl/calendar.ics", True), ("/nl/sessions/one.ics", True), ("/nl/feed.rss", True),
        ("/nl/feed.atom", True), ("/nl/events.jsonld", True), ("/nl/programme.txt", True),
        ("/nl/index.html", False), ("/index.html", False),
    ],
)  # fmt: skip
def test_cors(client: httpx.Client, path: str, cors: bool):
    """Calendars, feeds and JSON-LD may be fetched by widgets on any site; pages need no CORS."""
    response = client.get(path, headers={"Origin": "https://widgets.example.com"})
    assert response.headers.get("access-control-allow-origin") == ("*" if cors else None)


def test_cors_preflight(client: httpx.Client):
    """OPTIONS answers a preflight for a widget that revalidates with If-None-Match."""
    headers = {
        "Origin": "https://widgets.example.com",
        "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "if-none-match",
    }
    response = client.options("/nl/calendar.ics", headers=headers)
    assert response.status_code == 200
    assert response.content == b""
    assert response.headers["access-control-allow-origin"] == "*"
    assert "GET" in response.headers["access-control-allow-methods"]
    assert "if-none-match" in response.headers["access-control-allow-headers"].lower()
    assert response.headers["allow"] == "GET, HEAD, OPTIONS"
    page = client.options("/nl/")
    assert page.status_code == 200
    assert "access-control-allow-origin" not in page.headers
    assert client.options("/nl/missing.ics").status_code == 404


# ------------------------------------------------------------------ paths and methods


TRAVERSALS = [
    "/../programme.toml", "/nl/../../programme.toml", "/../../../../etc/passwd", "/..",
    "/nl/..", "/nl/.", "/./nl/calendar.ics", "/nl/./calendar.ics", "/nl//calendar.ics",
    "//nl/calendar.ics", "//etc/passwd", "/etc/passwd", "/programme.toml",
    "/nl\\calendar.ics", "/nl\\..\\..\\programme.toml", "/..\\programme.toml",
    "/nl/calendar.ics\x00", "/nl/calendar.ics\x00.html", "/\x00", "/nl/calendar.ics\n",
    "/C:/Windows/win.ini", "C:\\Windows\\win.ini", "nl/calendar.ics", "/%2e%2e/programme.toml",
    "/nl/%2e%2e/%2e%2e/programme.toml", "/nl%2fcalendar.ics", "/nl/calendar.ics/",
    "/nl/calendar.ics/.", "/NL/calendar.ics", "/nl/Calendar.ics", "/nl/calendar.ics ",
    "/nl/sessions/", "/nl/sessions", "/nl/sessions/../calendar.ics", "/.sessionfeed-state.json",
    "/nl/\xc3", "/nl/\xff\xfe", "/nl/caf\xc3\xa9.ics", "/%00", "/nl/calendar.ics;x", "*",
]  # fmt: skip


@pytest.mark.parametrize("path_info", TRAVERSALS)
def test_nothing_outside_the_layout(app: Any, path_info: str):
    """Every path outside the layout is 404 (PATH_INFO as the server decoded it)."""
    status, headers, body = call(app, path_info)
    assert status == "404 Not Found", path_info
    assert headers["content-type"] == "text/plain; charset=utf-8"
    assert b"[[sessions]]" not in body


@pytest.mark.parametrize(
    "url_path",
    ["/%2e%2e/programme.toml", "/nl/%2E%2E/%2E%2E/programme.toml", "/nl%2F..%2F..%2Fprogramme.toml",
     "/%5c..%5cprogramme.toml", "/nl/calendar.ics%00", "/%252e%252e/programme.toml"],
)  # fmt: skip
def test_encoded_traversal_over_http(client: httpx.Client, url_path: str):
    """Percent-encoded dots, slashes, backslashes and NUL are 404 too, through a client."""
    response = client.get(httpx.URL(url_path))
    assert response.status_code == 404


PARTS = ["nl", "en", "NL", "..", ".", "", "calendar.ics", "sessions", "one.ics", "index.html",
         "%2e%2e", "\\", "\x00", "\xc3", "feed.rss", "programme.toml"]  # fmt: skip
PATHS = st.one_of(
    st.text(max_size=40),
    st.sampled_from(FILES).map(lambda p: f"/{p}"),
    st.lists(st.sampled_from(PARTS), max_size=5).map(lambda parts: "/" + "/".join(parts)),
)


@pytest.fixture(scope="module")
def module_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, set[str]]:
    path = tmp_path_factory.mktemp("wsgi") / "programme.toml"
    path.write_text(programme_text(), encoding="utf-8")
    programme = sessionfeed.load(path)
    files, _ = render_site(programme, Revisions.from_data(programme), EXPORTERS)
    return wsgi.make_app(path, exporters=EXPORTERS), set(files)


@given(path_info=PATHS)
def test_any_path_is_a_layout_file_or_nothing(module_site: tuple[Any, set[str]], path_info: str):
    """Whatever the path, the answer is a file of the layout, a redirect into it, or 404."""
    module_app, files = module_site
    status, headers, body = call(module_app, path_info)
    if status == "200 OK":
        path = _http.request_path(path_info)
        assert path in {*files, "nl/", "en/"}
        assert body == call(module_app, f"/{path}index.html" if path.endswith("/") else f"/{path}")[2]
    elif status in {"301 Moved Permanently", "302 Found"}:
        assert headers["location"] in {"/nl/", "/en/"}
    else:
        assert status == "404 Not Found"


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "TRACE", "CONNECT", "PROPFIND", "get"])
def test_other_methods_are_405(app: Any, method: str):
    """Only GET, HEAD and OPTIONS: everything else is 405 with Allow."""
    for path in ("/nl/calendar.ics", "/", "/missing"):
        status, headers, _ = call(app, path, method=method)
        assert status == "405 Method Not Allowed"
        assert headers["allow"] == "GET, HEAD, OPTIONS"


# ------------------------------------------------------------------ determinism


def test_same_programme_same_bytes(programme_file: Path, tmp_path: Path):
    """Another app (another worker, a restart) on a copy of the file answers byte for byte the same."""
    copy = tmp_path / "elsewhere" / "copy.toml"
    copy.parent.mkdir()
    copy.write_bytes(programme_file.read_bytes())
    os.utime(copy, ns=(1_000_000_000, 1_000_000_000))
    first = wsgi.make_app(programme_file, exporters=EXPORTERS)
    second = wsgi.make_app(copy, exporters=EXPORTERS)
    for path in FILES:
        assert call(first, f"/{path}") == call(second, f"/{path}"), path


def test_304_renders_nothing(programme_file: Path, monkeypatch: pytest.MonkeyPatch):
    """Responses come from a cache keyed on the file's state: only an edit renders again."""
    calls: list[Path] = []
    original = wsgi._render

    def counting(path: Path, *args: Any, **options: Any) -> Any:
        calls.append(path)
        return original(path, *args, **options)

    monkeypatch.setattr(wsgi, "_render", counting)
    app = wsgi.make_app(programme_file, exporters=EXPORTERS)
    etag = call(app, "/nl/calendar.ics")[1]["etag"]
    for _ in range(50):
        assert call(app, "/nl/calendar.ics", if_none_match=etag)[0] == "304 Not Modified"
        assert call(app, "/nl/feed.rss")[0] == "200 OK"
    assert len(calls) == 1
    rewrite(programme_file, programme_text(title="Renamed"))
    assert call(app, "/nl/calendar.ics", if_none_match=etag)[0] == "200 OK"
    call(app, "/nl/calendar.ics")
    assert len(calls) == 2


# ------------------------------------------------------------------ reloading


def test_an_edit_is_served_without_restart(programme_file: Path, client: httpx.Client):
    """A changed file is read again: new bytes, new ETag; the old tag now gets 200."""
    old = client.get("/nl/calendar.ics")
    assert b"Webinars: one" in old.content
    rewrite(programme_file, programme_text(title="Workshops"))
    new = client.get("/nl/calendar.ics", headers={"If-None-Match": old.headers["etag"]})
    assert new.status_code == 200
    assert b"Workshops: one" in new.content
    assert new.headers["etag"] != old.headers["etag"]


def test_a_replaced_file_is_served(programme_file: Path, client: httpx.Client):
    """Editors that write a new file and rename it over the old one are seen too."""
    staged = programme_file.with_name("new.toml")
    staged.write_text(programme_text(sessions=(("one", ""), ("two", ""), ("three", ""))), encoding="utf-8")
    staged.replace(programme_file)
    assert client.get("/nl/sessions/three.ics").status_code == 200


BROKEN = [
    ("title = [unclosed\n", "not valid TOML"),
    ('\n[[sessions]]\nid = "bad"\nkind = "webinar"\nlanguage = "nl"\ntitle = "x"\nwhen = "someday"\n', "is not a date"),
]


@pytest.mark.parametrize(("tail", "message"), BROKEN)
def test_a_broken_edit_keeps_the_last_good_version(
    programme_file: Path, client: httpx.Client, caplog: pytest.LogCaptureFixture, tail: str, message: str,
):
    """A typo logs its FILE:LINE message once and the feeds stay online; the fix is served."""
    good = client.get("/nl/calendar.ics")
    rewrite(programme_file, programme_text() + tail)
    with caplog.at_level(logging.INFO, logger="sessionfeed.serve.app"):
        for _ in range(5):
            response = client.get("/nl/calendar.ics")
            assert response.status_code == 200
            assert response.content == good.content
            assert response.headers["etag"] == good.headers["etag"]
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 1, "a broken version is reported once, not per request"
    logged = errors[0].getMessage()
    assert "still serving the last good version" in logged
    assert f"{programme_file}:" in logged
    assert message in logged
    assert re.search(rf"\n  {re.escape(str(programme_file))}:\d+: ", logged)
    caplog.clear()
    rewrite(programme_file, programme_text(title="Fixed"))
    with caplog.at_level(logging.INFO, logger="sessionfeed.serve.app"):
        assert b"Fixed: one" in client.get("/nl/calendar.ics").content
    assert any("reloaded" in r.getMessage() for r in caplog.records)


def test_a_deleted_file_keeps_the_site(programme_file: Path, client: httpx.Client, caplog: pytest.LogCaptureFixture):
    """A file that disappears (mid-deploy) keeps the site online and comes back when restored."""
    good = client.get("/nl/feed.rss").content
    text = programme_file.read_text(encoding="utf-8")
    programme_file.unlink()
    with caplog.at_level(logging.ERROR, logger="sessionfeed.serve.app"):
        assert client.get("/nl/feed.rss").content == good
        assert client.get("/nl/feed.rss").content == good
    assert len(caplog.records) == 1
    assert "cannot be read" in caplog.records[0].getMessage()
    programme_file.write_text(text.replace("Webinars", "Back"), encoding="utf-8")
    assert b"Back: one" in client.get("/nl/feed.rss").content


def test_same_stat_different_bytes_is_seen(programme_file: Path):
    """An edit within the mtime's clock tick, of the same size, is caught by comparing bytes."""
    source = wsgi._Source.snapshot(programme_file)
    assert source.digest is not None, "a file written just now is not trusted by its stat alone"
    key = wsgi._Key.of(programme_file)
    assert wsgi._compare(source, key, programme_file) is wsgi._Verdict.SAME
    text = programme_file.read_text(encoding="utf-8")
    programme_file.write_text(text.replace("Webinars", "Webinarz"), encoding="utf-8")
    assert wsgi._compare(source, key, programme_file) is wsgi._Verdict.CHANGED
    stale_key = wsgi._Key(key.device, key.inode, key.size, key.mtime_ns - 10**10, key.ctime_ns)
    assert wsgi._compare(wsgi._Source(stale_key, None), stale_key, programme_file) is wsgi._Verdict.SAME
    programme_file.write_text(text, encoding="utf-8")
    aged = wsgi._Source(stale_key, source.digest)
    assert wsgi._compare(aged, stale_key, programme_file) is wsgi._Verdict.SETTLED


def test_concurrent_requests_see_one_whole_version(programme_file: Path):
    """While the file changes, each response is wholly the old or wholly the new version."""
    titles = [f"Version {n}" for n in range(4)]
    app = wsgi.make_app(programme_file, exporters=EXPORTERS)
    stop = threading.Event()
    problems: list[str] = []

    def hammer() -> None:
        while not stop.is_set():
            status, headers, body = call(app, "/nl/calendar.ics")
            if status != "200 OK" or headers["etag"] != _http.etag_of(body):
                problems.append(f"{status} {headers.get('etag')}")
            if not any(
                f"one {title}: one ".encode() in body and f"two {title}: two ".encode() in body
                for title in ["Webinars", *titles]
            ):
                problems.append(body.decode())

    threads = [threading.Thread(target=hammer) for _ in range(4)]
    for thread in threads:
        thread.start()
    try:
        for title in titles:
            rewrite(programme_file, programme_text(title=title))
            while f"{title}: one".encode() not in call(app, "/nl/calendar.ics")[2]:
                stop.wait(0.002)
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    assert not problems
    assert b"Version 3: one" in call(app, "/nl/calendar.ics")[2]


# ------------------------------------------------------------------ failing at start


def test_make_app_refuses_an_invalid_programme(tmp_path: Path):
    """With no good version to serve, the problems are raised as FILE:LINE messages."""
    path = tmp_path / "p.toml"
    path.write_text(programme_text() + 'colour = "red"\n', encoding="utf-8")
    with pytest.raises(ProgrammeError) as info:
        wsgi.make_app(path)
    assert str(info.value).startswith(f"{path}:")
    with pytest.raises(ProgrammeError, match="no such file"):
        wsgi.make_app(tmp_path / "missing.toml")


def test_serve_reports_an_invalid_programme(tmp_path: Path):
    """serve() prints each problem and returns 2, like every command."""
    path = tmp_path / "p.toml"
    path.write_text("id = \n", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    assert wsgi.serve(path, port=0, out=out, err=err) == 2
    assert err.getvalue().startswith(f"error: {path}:1:")
    assert out.getvalue() == ""
    assert wsgi.serve(path, port=0, max_age=-5, out=out, err=err) == 2


def test_serve_reports_a_port_in_use(programme_file: Path):
    """A port in use is a clear message and exit code 1."""
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        out, err = io.StringIO(), io.StringIO()
        assert wsgi.serve(programme_file, port=port, out=out, err=err) == 1
    assert f"cannot listen on 127.0.0.1:{port}" in err.getvalue()
    assert "choose another --port" in err.getvalue()


def test_cli_serve_passes_its_options(monkeypatch: pytest.MonkeyPatch, programme_file: Path):
    """`sessionfeed serve` hands host, port and max-age to serve()."""
    from sessionfeed import cli

    seen: dict[str, Any] = {}

    def fake_serve(path: str, **kwargs: Any) -> int:
        seen.update(kwargs, path=path)
        return 0

    monkeypatch.setattr(wsgi, "serve", fake_serve)
    assert cli.main(["serve", str(programme_file), "--port", "0", "--max-age", "60"]) == 0
    assert seen["path"] == str(programme_file)
    assert (seen["host"], seen["port"], seen["max_age"]) == ("127.0.0.1", 0, 60)


# ------------------------------------------------------------------ the log

#: What a log line must never hold raw: C0 (line ends included), DEL, C1, and the
#: Unicode line separators and bidirectional controls.
_RAW_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")
_HOSTILE_PATHS = [
    "/\x1b[31mred\x07",  # colour and bell
    "/a\x9b31mb",  # the C1 control sequence introducer
    "/x\x1b]0;title\x07y",  # a terminal title
    "/\x08\x08\x08\x7f",  # backspaces and DEL that would erase the line
]


def _unescape_log(text: str) -> str:
    return re.sub(
        r"\\(\\|x[0-9a-f]{2}|u[0-9a-f]{4})",
        lambda m: "\\" if m[1] == "\\" else chr(int(m[1][1:], 16)),
        text,
    )


@given(st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40))
def test_escape_log_leaves_no_control_and_reads_back(value: str):
    """Any text: no control character left, and the escapes give back exactly the text."""
    escaped = _http.escape_log(value)
    assert not _RAW_CONTROL.search(escaped)
    assert _unescape_log(escaped) == value


def test_escape_log_as_http_server_does():
    assert _http.escape_log('GET /\x1b[31m\x07 "\\" \x85\u2028') == 'GET /\\x1b[31m\\x07 "\\\\" \\x85\\u2028'
    assert _http.escape_log("Café ✓ 🎉") == "Café ✓ 🎉"


def _raw_request(port: int, request_line: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(request_line + b"\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        chunks = []
        while chunk := connection.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def test_access_log_escapes_control_characters_over_a_socket(app: Any, caplog: pytest.LogCaptureFixture):
    """In process, over a real socket: request lines with escape sequences are logged escaped."""
    server = wsgi._listen("127.0.0.1", 0, app)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        with caplog.at_level(logging.INFO, logger="sessionfeed.serve.app"):
            for path in _HOSTILE_PATHS:
                assert _raw_request(server.server_port, f"GET {path} HTTP/1.1".encode("latin-1")).startswith(b"HTTP/1.")
            # A request line http.server refuses (400) is logged through log_error.
            assert b" 400 " in _raw_request(server.server_port, b"\x1b[2J\x1b[H junk \x00 line")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
    lines = [record.getMessage() for record in caplog.records if record.name == "sessionfeed.serve.app.access"]
    assert len(lines) >= len(_HOSTILE_PATHS) + 1, lines
    for line in lines:
        assert not _RAW_CONTROL.search(line), repr(line)
    logged = "\n".join(lines)
    for path in _HOSTILE_PATHS:
        assert f'"GET {_http.escape_log(path)} HTTP/1.1" 404' in logged, logged
    assert "\\x1b[2J\\x1b[H junk \\x00 line" in logged


def test_every_logged_value_is_escaped(programme_file: Path, caplog: pytest.LogCaptureFixture):
    """The file name and the problems of a broken edit are logged escaped, a line per problem."""
    hostile = programme_file.with_name("pro\x1b[31mgramme\u202e.toml")
    hostile.write_text(programme_text(), encoding="utf-8")
    app = wsgi.make_app(hostile, exporters=EXPORTERS)
    rewrite(hostile, programme_text() + '\n[[sessions]]\nid = "bad"\nkind = "webinar"\nlanguage = "nl"\ntitle = "x"\nwhen = "some\\u001bday"\n')
    with caplog.at_level(logging.INFO, logger="sessionfeed.serve.app"):
        assert call(app, "/nl/calendar.ics")[0] == "200 OK"
        hostile.unlink()
        rewrite(programme_file, programme_text())
        assert call(app, "/nl/calendar.ics")[0] == "200 OK"
    messages = [record.getMessage() for record in caplog.records]
    assert len(messages) == 2, messages
    for message in messages:
        assert not _RAW_CONTROL.search(message.replace("\n", "")), repr(message)
        assert "pro\\x1b[31mgramme\\u202e.toml" in message
    problem_lines = messages[0].split("\n")[1:]
    assert problem_lines, messages[0]
    assert all(line.startswith("  ") for line in problem_lines), messages[0]


def test_a_traceback_is_logged_escaped(programme_file: Path, caplog: pytest.LogCaptureFixture):
    """An exporter failing with a hostile message: the traceback's lines are escaped, not its line ends."""

    class Failing(FakeExporter):
        name = "failing"
        title = "failing"
        filename = "failing.txt"
        media_type = "text/plain"
        per_session = False
        fail = False

        def render(self, programme: sessionfeed.Programme, context: Context) -> Rendering:
            if Failing.fail:
                message = "boom \x1b[31m\x00"
                raise RuntimeError(message)
            return super().render(programme, context)

    app = wsgi.make_app(programme_file, exporters=(Failing(),))
    Failing.fail = True
    rewrite(programme_file, programme_text(title="Again"))
    with caplog.at_level(logging.INFO, logger="sessionfeed.serve.app"):
        assert call(app, "/nl/failing.txt")[0] == "200 OK"
    handler = logging.StreamHandler(io.StringIO())
    written = "\n".join(handler.format(record) for record in caplog.records)
    assert "boom \\x1b[31m\\x00" in written
    assert not _RAW_CONTROL.search(written.replace("\n", "")), repr(written)
