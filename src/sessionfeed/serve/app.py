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
import os
import sys
import threading
import time
from collections.abc import Iterable
from http import HTTPStatus
from pathlib import Path
from typing import TYPE_CHECKING, TextIO
from urllib.parse import quote

import attrs

from sessionfeed.exceptions import ProgrammeError, TemplateError
from sessionfeed.serve import http as _http
from sessionfeed.serve.logs import _Lines, log
from sessionfeed.serve.server import _listen, run  # noqa: F401 (_listen: reachable here as before)
from sessionfeed.serve.site import _Headers, _Options, _render, _render_programme, _Resource, _Site
from sessionfeed.serve.source import _compare, _Key, _Source, _Verdict
from sessionfeed.site import layout as _layout


if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

    from sessionfeed.exporters.base import Exporter
    from sessionfeed.model.programme import Programme
    from sessionfeed.model.timeline import Window


__all__ = ["make_app", "serve"]

_ALLOW = ", ".join(_http.ALLOWED_METHODS)

# ----------------------------------------------------------------- responses


@attrs.frozen(kw_only=True)
class _Response:
    """A complete response; ``body`` is what a ``GET`` sends (``HEAD`` sends none)."""

    status: int
    headers: _Headers
    body: bytes = b""


def _plain(status: int, text: str, *extra: tuple[str, str]) -> _Response:
    body = f"{text}\n".encode()
    headers = (
        ("Content-Type", "text/plain; charset=utf-8"),
        ("Content-Length", str(len(body))),
        ("X-Content-Type-Options", "nosniff"),
        *extra,
    )
    return _Response(status=status, headers=headers, body=body)


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
        return site.get(f"{path}{_layout.PAGE}"), None
    found = site.get(path)
    if found is None and site.get(f"{path}/{_layout.PAGE}") is not None:
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
        location = f"{script}/{quote(target, safe='/')}"
        # "/" goes to the default locale, which may change: 302. A folder
        # without its "/" never becomes a file in the layout: 301.
        status = 302 if path == "" else 301
        return _plain(
            status, f"See {location}", ("Location", location), ("Cache-Control", site.cache_control)
        )
    if resource is None:
        return _not_found(site)
    if method == "OPTIONS":
        return _options(resource)
    return _file(resource, environ)


# ----------------------------------------------------------------- the app


class _App:
    """The WSGI application of one programme file (or one programme); see :func:`make_app`."""

    def __init__(self, source: Path | Programme, options: _Options) -> None:
        self._options = options
        self._lock = threading.Lock()
        # The version that failed to load, so that it is reported once, not per request.
        self._failed: _Source | None = None
        self._unreadable: str | None = None
        if not isinstance(source, Path):
            self._path: Path | None = None
            if options.window is not None:
                source = attrs.evolve(source, window=options.window)
            self._site = _render_programme(source, None, options)
            return
        path = self._path = source
        try:
            snapshot = _Source.snapshot(path)
        except OSError:
            from sessionfeed.io.toml import load

            load(path)  # raises the ProgrammeError every command prints for it
            raise
        self._site = _render(path, snapshot, options)

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD", "GET")
        if method not in _http.ALLOWED_METHODS:
            response = _plain(405, "Method Not Allowed", ("Allow", _ALLOW))
        else:
            response = _respond(self._current(), method, environ)
        start_response(f"{response.status} {HTTPStatus(response.status).phrase}", list(response.headers))
        return [] if method == "HEAD" or not response.body else [response.body]

    def _current(self) -> _Site:
        """The site to answer from: the last good version, reloaded first when the file changed.

        Rendered again, too, once a coming session has become past.
        """
        site = self._site
        if site.changes_at is not None and time.time() >= site.changes_at:
            site = self._advance(site)
        path = self._path
        if path is None or site.source is None:  # a programme given as it is: nothing to watch
            return site
        try:
            key = _Key.of(path)
        except OSError as error:
            self._report_unreadable(error)
            return site
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

    def _advance(self, site: _Site) -> _Site:
        """The site rendered again as of now, a session having become past (one thread does it)."""
        if not self._lock.acquire(blocking=False):
            return site
        try:
            if self._site is not site:  # another thread got here first
                return self._site
            try:  # as of the clock again: only a site rendered with no fixed now changes
                new = _render_programme(site.facets.parts.programme, site.source, self._options)
            except Exception:
                log.exception("the pages could not be rendered again; still serving the last version")
                self._site = attrs.evolve(site, changes_at=None)
                return self._site
            self._site = new
            log.info("sessions moved from coming to past: pages rendered again")
            return new
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
            new = _render(self._path, source, self._options)
        except Exception as error:
            self._failed = source
            if isinstance(error, ProgrammeError):
                problems = _Lines(f"  {problem}" for problem in error.problems)
                log.error("%s has problems; still serving the last good version:\n%s", self._path, problems)
            elif isinstance(error, TemplateError):
                log.error("%s; still serving the last good version", error)
            else:
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
    now: dt.datetime | None = None,
    window: Window | None = None,
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
        now: Serve the pages as of this fixed moment (aware). ``None``: as of
            the time of the requests, so that a session moves from the coming
            to the past ones when it ends (the site is rendered again then).
        window: Replaces the programme's window (which past and upcoming
            sessions the calendars and feeds keep), at every reload too.

    Raises:
        ProgrammeError: The file is not a valid programme now (nothing to serve yet).
        TemplateError: A template has an error (``TEMPLATE_FILE:LINE: message``).
        ArgumentError: ``path`` is not a path or a programme, ``max_age`` not a
            whole number of seconds from 0 to a year, ``exporters`` not
            exporters, or ``templates`` not a path.
    """
    from sessionfeed._arguments import (
        check_exporters,
        check_moment,
        check_path,
        check_programme,
        check_whole_number,
    )
    from sessionfeed.exceptions import ArgumentError
    from sessionfeed.model.programme import Programme
    from sessionfeed.model.timeline import Window

    source = check_programme(path) if isinstance(path, Programme) else check_path(path, "path")
    folder = None if templates is None else check_path(templates, "templates")
    max_age = check_whole_number(max_age, "max_age", minimum=0, maximum=MAX_AGE_LIMIT)
    moment = check_moment(now, "now")
    if window is not None and not isinstance(window, Window):
        message = f"window must be a sessionfeed.Window or None, not {type(window).__name__}"
        raise ArgumentError(message)
    options = _Options(f"public, max-age={max_age}", check_exporters(exporters), folder, moment, window)
    return _App(source, options)


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
    now: dt.datetime | None = None,
    window: Window | None = None,
) -> int:
    """Serve the programme file until Ctrl-C, with the standard library's threaded server.

    For ``sessionfeed serve``. Prints the URL to ``out`` and logs one access-log
    line per request, reloads and errors to ``err``. ``port=0`` picks a free port.
    ``exporters``, ``templates``, ``now`` and ``window`` are as for :func:`make_app`.

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
        app = make_app(
            path, max_age=max_age, exporters=exporters, templates=templates, now=now, window=window,
        )  # fmt: skip
    except ProgrammeError as error:
        for problem in error.problems:
            print(f"error: {problem}", file=err)
        return 2
    except (ArgumentError, TemplateError) as error:
        print(f"error: {error}", file=err)
        return 2
    return run(app, str(path), host=host, port=port, out=out, err=err)
