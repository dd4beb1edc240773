"""Serve the site of a programme file over HTTP, from memory, the way HTTP caching expects.

``make_app(path)`` returns a plain WSGI application that serves exactly the
layout of ``sessionfeed build`` (see ``_layout``); ``serve()`` runs it under
the standard library's server for ``sessionfeed serve``. Any WSGI server
(gunicorn, uWSGI, mod_wsgi) can run it too, with as many workers as wanted.
``make_app(programme)`` serves a :class:`~sessionfeed.model.programme.Programme`
that an application made itself, as it is (there is no file to watch).

Why it is built this way:

* **Stateless and byte-stable.** Each worker renders the whole site itself,
  with revisions as the data states them (:meth:`Revisions.from_data`), so
  every worker and every restart sends the same bytes, the same ``ETag`` and
  the same ``Last-Modified``. Nothing depends on a clock, a process or the
  file's mtime; the build's automatic SEQUENCE bump needs the state file of
  a static build, so a served programme states ``sequence`` and ``updated``
  itself.
* **Rendered once per version.** Responses, their tags and headers are made
  when the file is loaded; a request costs one ``stat`` of the file and a
  dict lookup, and a ``304`` renders nothing.
* **A typo never takes the feeds down.** When the file changes it is read and
  rendered again, all at once, beside the site being served; only a
  complete site replaces it. A broken edit keeps the last good site online
  and logs each problem as ``FILE:LINE: path: message``.
"""

from __future__ import annotations

import datetime as dt
import enum
import errno
import hashlib
import logging
import os
import socket
import socketserver
import sys
import threading
import time
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO
from urllib.parse import quote
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import attrs

from sessionfeed.exceptions import ProgrammeError, TemplateError
from sessionfeed.serve import http as _http
from sessionfeed.site import layout as _layout


if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

    from sessionfeed.exporters.base import Exporter
    from sessionfeed.model.programme import Programme
    from sessionfeed.model.revisions import Revisions


__all__ = ["make_app", "serve"]

log = logging.getLogger(__name__)
access_log = logging.getLogger(f"{__name__}.access")


class _EscapeValues(logging.Filter):
    r"""Escape the control characters of every value a log record of this module carries.

    A request line, a header or a file name is the client's or the user's
    text: written raw, ``GET /\x1b[31m…`` would colour a terminal, hide what
    follows or forge a line of the log. Each value (each ``%s`` argument, and
    the text of an exception) goes through :func:`~sessionfeed.serve.http.escape_log`,
    whatever handler the records reach (``sessionfeed serve``'s, or a WSGI
    server's own logging). The messages themselves are this module's.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        """Escape ``record``'s arguments and exception text in place; keep the record."""
        if isinstance(record.args, tuple):
            record.args = tuple(_escaped(arg) for arg in record.args)
        if record.exc_info and not record.exc_text:
            # A traceback is lines: each line is escaped, the line ends stay.
            text = logging.Formatter().formatException(record.exc_info)
            record.exc_text = "\n".join(_http.escape_log(line) for line in text.split("\n"))
        return True


class _Lines(tuple[str, ...]):
    """A log argument of several lines: each is escaped, and they stay lines."""

    __slots__ = ()


def _escaped(value: object) -> object:
    """A log argument with its control characters escaped; numbers stay numbers (``%d``)."""
    if isinstance(value, int | float):
        return value
    if isinstance(value, _Lines):
        return "\n".join(_http.escape_log(line) for line in value)
    return _http.escape_log(str(value))


for _logger in (log, access_log):
    _logger.addFilter(_EscapeValues())

#: How long after a file's mtime a same-size edit could still keep that mtime
#: (coarse file-system clocks: a few ms on ext4, 2 s on FAT). Until then the
#: file's bytes are compared too, the way git handles "racily clean" files.
_RACY_NS = 3_000_000_000
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_ALLOW = ", ".join(_http.ALLOWED_METHODS)
_STATUS = {
    200: "200 OK",
    301: "301 Moved Permanently",
    302: "302 Found",
    304: "304 Not Modified",
    404: "404 Not Found",
    405: "405 Method Not Allowed",
}
_Headers = tuple[tuple[str, str], ...]


# ----------------------------------------------------------------- the file


@attrs.frozen
class _Key:
    """What ``stat`` says about a version of the file: any change of these is a new version."""

    device: int
    inode: int
    size: int
    mtime_ns: int
    ctime_ns: int

    @classmethod
    def of(cls, path: Path) -> _Key:
        """Stat ``path``.

        Raises:
            OSError: It cannot be stat'ed (missing, no permission).
        """
        st = path.stat()
        return cls(st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


@attrs.frozen
class _Source:
    """A version of the programme file.

    Attributes:
        key: Its ``stat``.
        digest: The SHA-256 of its bytes while the mtime is too recent to trust
            (an edit in the same clock tick keeps it); ``None`` once settled.
    """

    key: _Key
    digest: bytes | None

    @classmethod
    def snapshot(cls, path: Path) -> _Source:
        """Take the version of the file as it is now.

        Raises:
            OSError: It cannot be read.
        """
        now = time.time_ns()
        key = _Key.of(path)
        recent = now - key.mtime_ns <= _RACY_NS
        return cls(key, hashlib.sha256(path.read_bytes()).digest() if recent else None)


class _Verdict(enum.Enum):
    SAME = "same"
    SETTLED = "settled"  # the same, and now old enough to trust the stat alone
    CHANGED = "changed"


def _compare(source: _Source, key: _Key, path: Path) -> _Verdict:
    """Whether the file, whose stat is now ``key``, is still the version ``source``."""
    if key != source.key:
        return _Verdict.CHANGED
    if source.digest is None:
        return _Verdict.SAME
    now = time.time_ns()  # before reading: any edit in the mtime's tick happened before
    try:
        digest = hashlib.sha256(path.read_bytes()).digest()
    except OSError:
        return _Verdict.CHANGED
    if digest != source.digest:
        return _Verdict.CHANGED
    return _Verdict.SETTLED if now - key.mtime_ns > _RACY_NS else _Verdict.SAME


# ----------------------------------------------------------------- the site


@attrs.frozen(kw_only=True)
class _Response:
    """A complete response; ``body`` is what a ``GET`` sends (``HEAD`` sends none)."""

    status: int
    headers: _Headers
    body: bytes = b""


@attrs.frozen(kw_only=True)
class _Resource:
    """One file of the site with everything its responses need, made once per version.

    Attributes:
        body: The bytes.
        etag: Its strong entity tag.
        last_modified: From the data; ``None`` when the data states no date.
        headers: The headers of a ``200``, apart from ``Last-Modified``.
        validators: The headers of a ``304`` (RFC 9110 §15.4.5).
    """

    body: bytes
    etag: str
    last_modified: dt.datetime | None
    headers: _Headers
    validators: _Headers


@attrs.frozen(kw_only=True)
class _Site:
    """Every file of one version of the programme, ready to send."""

    source: _Source | None  # None: a programme given as it is, with no file
    resources: Mapping[str, _Resource]
    default_locale: str
    cache_control: str


def _newest(*moments: dt.datetime | None) -> dt.datetime | None:
    known = [m.astimezone(dt.UTC).replace(microsecond=0) for m in moments if m is not None]
    newest = max(known, default=None)
    # 1970 is what revisions fall back to when the data states no date at all: no date.
    return None if newest is None or newest <= _EPOCH else newest


def _modified(path: str, programme: Programme, revisions: Revisions) -> dt.datetime | None:
    """``Last-Modified`` of a file, from the data.

    A session's own ``.ics`` changes with that session; every other file may
    show any session, so it takes the newest revision of all and the
    programme's ``updated``. Never the clock or the file's mtime, on which
    workers and restarts would disagree.
    """
    parts = path.split("/")
    if len(parts) == 3 and parts[1] == _layout.SESSIONS_DIR and parts[2].endswith(".ics"):
        revision = revisions.by_id.get(parts[2].removesuffix(".ics"))
        if revision is not None:
            return _newest(revision.modified, programme.updated)
    return _newest(revisions.latest(), programme.updated)


def _resource(
    path: str, body: bytes, *, media_type: str, last_modified: dt.datetime | None, cache_control: str,
) -> _Resource:
    etag = _http.etag_of(body)
    # Calendars, feeds, JSON-LD and text are data for widgets on other sites (FullCalendar).
    cors: _Headers = () if media_type.startswith("text/html") else (("Access-Control-Allow-Origin", "*"),)
    validators = (("ETag", etag), ("Cache-Control", cache_control), *cors)
    headers = (
        ("Content-Type", media_type),
        ("Content-Length", str(len(body))),
        *validators,
        ("X-Content-Type-Options", "nosniff"),
    )
    return _Resource(
        body=body, etag=etag, last_modified=last_modified, headers=headers, validators=validators,
    )


def _render(
    path: Path,
    source: _Source,
    cache_control: str,
    exporters: Sequence[Exporter] | None,
    templates: str | os.PathLike[str] | None = None,
) -> _Site:
    """Load and render the whole site.

    Raises:
        ProgrammeError: The file is not a valid programme.
        BuildError: An exporter wrote an unsafe or duplicate path.
        TemplateError: A template has an error.
    """
    from sessionfeed.io.toml import load

    return _render_programme(load(path), source, cache_control, exporters, templates)


def _render_programme(
    programme: Programme,
    source: _Source | None,
    cache_control: str,
    exporters: Sequence[Exporter] | None,
    templates: str | os.PathLike[str] | None = None,
) -> _Site:
    """Render the whole site of ``programme``, its pages by ``templates`` (else the programme's own)."""
    from sessionfeed.exporters.registry import iter_exporters
    from sessionfeed.exporters.templating import STYLESHEET
    from sessionfeed.model.revisions import Revisions
    from sessionfeed.site.build import render_site, templates_for

    revisions = Revisions.from_data(programme)
    chosen = list(iter_exporters()) if exporters is None else list(exporters)
    files, _reports = render_site(programme, revisions, chosen, templates=templates_for(programme, templates))
    # A plugin's file type is its exporter's media type; the layout's files go by extension.
    declared = {exporter.filename: exporter.media_type for exporter in chosen}
    declared.setdefault(STYLESHEET, "text/css")  # the pages' stylesheet, which no exporter writes
    resources = {
        name: _resource(
            name,
            body,
            media_type=_http.media_type_for(name, declared.get(name.rsplit("/", 1)[-1])),
            last_modified=_modified(name, programme, revisions),
            cache_control=cache_control,
        )
        for name, body in files.items()
    }
    return _Site(
        source=source,
        resources=resources,
        default_locale=programme.default_locale,
        cache_control=cache_control,
    )


# ----------------------------------------------------------------- responses


def _plain(status: int, text: str, *extra: tuple[str, str]) -> _Response:
    body = f"{text}\n".encode()
    headers = (
        ("Content-Type", "text/plain; charset=utf-8"),
        ("Content-Length", str(len(body))),
        ("X-Content-Type-Options", "nosniff"),
        *extra,
    )
    return _Response(status=status, headers=headers, body=body)


def _redirect(status: int, location: str, cache_control: str) -> _Response:
    return _plain(status, f"See {location}", ("Location", location), ("Cache-Control", cache_control))


def _not_found(site: _Site) -> _Response:
    # Cached as briefly as the files: a new session's URL appears within max-age.
    return _plain(404, "Not Found: not a file of this programme", ("Cache-Control", site.cache_control))


def _options(resource: _Resource | None) -> _Response:
    """Answer ``OPTIONS``, including a CORS preflight (a widget sending ``If-None-Match``).

    ``200`` with an empty body rather than ``204``: servers such as wsgiref add
    ``Content-Length: 0``, which a ``204`` must not carry.
    """
    headers: list[tuple[str, str]] = [("Allow", _ALLOW), ("Content-Length", "0")]
    if resource is not None and ("Access-Control-Allow-Origin", "*") in resource.headers:
        headers += [
            ("Access-Control-Allow-Origin", "*"),
            ("Access-Control-Allow-Methods", _ALLOW),
            ("Access-Control-Allow-Headers", "If-None-Match, If-Modified-Since"),
            ("Access-Control-Max-Age", "86400"),
        ]
    return _Response(status=200, headers=tuple(headers))


def _file(resource: _Resource, environ: WSGIEnvironment) -> _Response:
    """``200`` or ``304`` for a file, by its validators and the request's conditions."""
    last_modified = resource.last_modified
    if last_modified is not None and last_modified.timestamp() > time.time():
        # A date the data puts in the future is no modification date (RFC 9110 §8.8.2.1).
        last_modified = None
    if _http.is_not_modified(
        if_none_match=environ.get("HTTP_IF_NONE_MATCH"),
        if_modified_since=environ.get("HTTP_IF_MODIFIED_SINCE"),
        etag=resource.etag,
        last_modified=last_modified,
    ):
        # Content-Length as a 200 would have it: wsgiref would otherwise add a wrong 0.
        length = ("Content-Length", str(len(resource.body)))
        return _Response(status=304, headers=(*resource.validators, length))
    headers = resource.headers
    if last_modified is not None:
        headers = (*headers, ("Last-Modified", _http.http_date(last_modified)))
    return _Response(status=200, headers=headers, body=resource.body)


def _locate(site: _Site, path: str) -> tuple[_Resource | None, str | None]:
    """Find the file at site path ``path``: ``(resource, None)``, ``(None, redirect)`` or neither."""
    if path == "":
        return None, f"{site.default_locale}/"
    if path.endswith("/"):
        return site.resources.get(f"{path}{_layout.PAGE}"), None
    found = site.resources.get(path)
    if found is None and f"{path}/{_layout.PAGE}" in site.resources:
        return None, f"{path}/"
    return found, None


def _respond(site: _Site, method: str, environ: WSGIEnvironment) -> _Response:
    """Route one request of an allowed method."""
    path = _http.request_path(environ.get("PATH_INFO") or "/")
    if path is None:
        return _not_found(site)
    resource, target = _locate(site, path)
    if target is not None:
        if method == "OPTIONS":
            return _options(None)
        script = quote(environ.get("SCRIPT_NAME", "").encode("latin-1"), safe="/")
        # "/" goes to the default locale, which may change: 302. A folder
        # without its "/" never becomes a file in the layout: 301.
        status = 302 if path == "" else 301
        return _redirect(status, f"{script}/{quote(target, safe='/')}", site.cache_control)
    if resource is None:
        return _not_found(site)
    if method == "OPTIONS":
        return _options(resource)
    return _file(resource, environ)


# ----------------------------------------------------------------- the app


def _load_or_raise(path: Path) -> None:
    from sessionfeed.io.toml import load

    load(path)


class _App:
    """The WSGI application of one programme file (or one programme); see :func:`make_app`."""

    def __init__(
        self,
        source: Path | Programme,
        *,
        max_age: int,
        exporters: Sequence[Exporter] | None,
        templates: str | os.PathLike[str] | None = None,
    ) -> None:
        self._exporters = exporters
        self._templates = templates
        self._cache_control = f"public, max-age={max_age}"
        self._lock = threading.Lock()
        # The version that failed to load, so that it is reported once, not per request.
        self._failed: _Source | None = None
        self._unreadable: str | None = None
        if not isinstance(source, Path):
            self._path: Path | None = None
            self._site = _render_programme(source, None, self._cache_control, exporters, templates)
            return
        path = self._path = source
        try:
            snapshot = _Source.snapshot(path)
        except OSError:
            _load_or_raise(path)  # raises the ProgrammeError every command prints for it
            raise
        self._site = _render(path, snapshot, self._cache_control, exporters, templates)

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD", "GET")
        if method not in _http.ALLOWED_METHODS:
            response = _plain(405, "Method Not Allowed", ("Allow", _ALLOW))
        else:
            response = _respond(self._current(), method, environ)
        start_response(_STATUS[response.status], list(response.headers))
        return [] if method == "HEAD" or not response.body else [response.body]

    def _current(self) -> _Site:
        """The site to answer from: the last good version, reloaded first when the file changed."""
        site, path = self._site, self._path
        if path is None or site.source is None:  # a programme given as it is: nothing to watch
            return site
        try:
            key = _Key.of(path)
        except OSError as error:
            self._report_unreadable(error)
            return site
        if self._unreadable is not None:
            self._unreadable = None
        verdict = _compare(site.source, key, path)
        if verdict is _Verdict.SAME:
            return site
        # One thread reloads; the others keep answering from the complete old site meanwhile.
        if not self._lock.acquire(blocking=False):
            return site
        try:
            return self._update(site, verdict, key)
        finally:
            self._lock.release()

    def _update(self, site: _Site, verdict: _Verdict, key: _Key) -> _Site:
        """Settle or reload the site; called with the lock held."""
        if self._site is not site:  # another thread got here first
            return self._site
        assert self._path is not None  # only a file's site changes
        assert site.source is not None
        if verdict is _Verdict.SETTLED:
            self._site = attrs.evolve(site, source=attrs.evolve(site.source, digest=None))
            return self._site
        failed = self._failed
        if failed is not None:
            again = _compare(failed, key, self._path)
            if again is not _Verdict.CHANGED:
                if again is _Verdict.SETTLED:
                    self._failed = attrs.evolve(failed, digest=None)
                return site
        return self._reload(site)

    def _reload(self, site: _Site) -> _Site:
        assert self._path is not None  # only a file's site is reloaded
        try:
            source = _Source.snapshot(self._path)
        except OSError as error:
            self._report_unreadable(error)
            return site
        try:
            new = _render(self._path, source, self._cache_control, self._exporters, self._templates)
        except ProgrammeError as error:
            self._failed = source
            problems = _Lines(f"  {problem}" for problem in error.problems)
            log.error("%s has problems; still serving the last good version:\n%s", self._path, problems)
            return site
        except TemplateError as error:
            self._failed = source
            log.error("%s; still serving the last good version", error)
            return site
        except Exception:
            self._failed = source
            log.exception("%s could not be rendered; still serving the last good version", self._path)
            return site
        self._site, self._failed = new, None
        log.info("reloaded %s (%d files)", self._path, len(new.resources))
        return new

    def _report_unreadable(self, error: OSError) -> None:
        message = error.strerror or str(error)
        if message != self._unreadable:
            self._unreadable = message
            log.error("%s cannot be read (%s); still serving the last good version", self._path, message)


#: The largest ``max_age``: a year, the most RFC 9111 lets a cache keep a response fresh.
MAX_AGE_LIMIT = 365 * 24 * 3600


def make_app(
    path: str | os.PathLike[str] | Programme,
    *,
    max_age: int = 300,
    exporters: Iterable[Exporter] | None = None,
    templates: str | os.PathLike[str] | None = None,
) -> WSGIApplication:
    """Return a WSGI application that serves the site of the programme file ``path``.

    It serves exactly the files of ``sessionfeed build`` (plus ``/`` redirecting to
    the default locale), from memory, with ``ETag``, ``Last-Modified``, ``304``
    answers and CORS for calendars and feeds. The file is read again when it
    changes; a broken edit keeps the last good version online. The app holds
    no state beyond its cache, so any number of workers can run it::

        gunicorn -w 4 'sessionfeed.serve.app:make_app("programme.toml")'

    A :class:`~sessionfeed.model.programme.Programme` (one that an application
    made or loaded itself) is served as it is, rendered once: make a new app
    for a new version.

    Args:
        path: The programme file (TOML), or a programme.
        max_age: ``Cache-Control: max-age`` in seconds: minutes, so that clients
            see changes soon but do not poll every second.
        exporters: The exporters to serve; every installed one (looked up at
            each reload) by default.
        templates: A folder of templates in front of the built-in ones
            (docs/templates.md); the programme's ``templates`` by default.
            Read again whenever the programme file is.

    Raises:
        ProgrammeError: The file is not a valid programme now (nothing to serve yet).
        TemplateError: A template has an error (``TEMPLATE_FILE:LINE: message``).
        ArgumentError: ``path`` is not a path or a programme, ``max_age`` not a
            whole number of seconds from 0 to a year, ``exporters`` not
            exporters, or ``templates`` not a path.
    """
    from sessionfeed._arguments import check_exporters, check_path, check_programme, check_whole_number
    from sessionfeed.model.programme import Programme

    source = check_programme(path) if isinstance(path, Programme) else check_path(path, "path")
    folder = None if templates is None else check_path(templates, "templates")
    max_age = check_whole_number(max_age, "max_age", minimum=0, maximum=MAX_AGE_LIMIT)
    return _App(source, max_age=max_age, exporters=check_exporters(exporters), templates=folder)


# ----------------------------------------------------------------- the server


class _ThreadingServer(socketserver.ThreadingMixIn, WSGIServer):
    """wsgiref's server with a thread per request, so that one slow client blocks no other."""

    daemon_threads = True
    block_on_close = False


class _ThreadingServer6(_ThreadingServer):
    address_family = socket.AF_INET6


class _Handler(WSGIRequestHandler):
    """wsgiref's handler, logging ``127.0.0.1 - - [date] "GET / HTTP/1.1" 200 123`` through logging.

    :mod:`http.server` escapes the control characters of the request line only
    in the ``log_message`` this replaces: here each value is escaped by the
    access log's filter (:class:`_EscapeValues`), the line as a whole.
    """

    def log_message(self, format: str, *args: Any) -> None:
        access_log.info("%s - - [%s] %s", self.address_string(), self.log_date_time_string(), format % args)


def _listen(host: str, port: int, app: WSGIApplication) -> WSGIServer:
    server_class = _ThreadingServer6 if ":" in host else _ThreadingServer
    return make_server(host, port, app, server_class=server_class, handler_class=_Handler)


def _url(host: str, port: int) -> str:
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def serve(
    path: str | os.PathLike[str],
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    max_age: int = 300,
    out: TextIO | None = None,
    err: TextIO | None = None,
    exporters: Iterable[Exporter] | None = None,
    templates: str | os.PathLike[str] | None = None,
) -> int:
    """Serve the programme file until Ctrl-C, with the standard library's threaded server.

    For ``sessionfeed serve``. Prints the URL to ``out`` and logs one access-log
    line per request, reloads and errors to ``err``. ``port=0`` picks a free port.
    ``exporters`` and ``templates`` are as for :func:`make_app`.

    Returns:
        0 when stopped with Ctrl-C; 2 when the programme is invalid at start
        (its problems are printed); 1 when the address cannot be used.
    """
    from sessionfeed._arguments import check_whole_number
    from sessionfeed.exceptions import ArgumentError

    out = sys.stdout if out is None else out
    err = sys.stderr if err is None else err
    try:
        port = check_whole_number(port, "port", minimum=0, maximum=65535)
        app = make_app(path, max_age=max_age, exporters=exporters, templates=templates)
    except ProgrammeError as error:
        for problem in error.problems:
            print(f"error: {problem}", file=err)
        return 2
    except (ArgumentError, TemplateError) as error:
        print(f"error: {error}", file=err)
        return 2
    try:
        server = _listen(host, port, app)
    except OSError as error:
        hint = "; another server uses it, choose another --port" if error.errno == errno.EADDRINUSE else ""
        address = _http.escape_log(f"{host}:{port}")
        print(f"error: cannot listen on {address}: {error.strerror or error}{hint}", file=err)
        return 1
    handler = logging.StreamHandler(err)
    handler.setFormatter(logging.Formatter("%(message)s"))
    package = logging.getLogger("sessionfeed")
    saved = package.level, package.propagate
    package.addHandler(handler)
    package.setLevel(logging.INFO)
    package.propagate = False
    try:
        where = _http.escape_log(f"{path} at {_url(host, server.server_port)}")
        print(f"serving {where} (Ctrl-C stops)", file=out, flush=True)
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        package.removeHandler(handler)
        package.setLevel(saved[0])
        package.propagate = saved[1]
    return 0
