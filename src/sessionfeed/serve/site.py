"""One version of the programme's site, rendered whole: each file ready to send, with its validators."""

from __future__ import annotations

import datetime as dt
import os
import threading
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from sessionfeed.exceptions import SessionfeedError
from sessionfeed.serve import http as _http
from sessionfeed.serve.logs import log
from sessionfeed.site import layout as _layout


if TYPE_CHECKING:
    from sessionfeed.exporters.base import Exporter
    from sessionfeed.model.facets import Selection
    from sessionfeed.model.programme import Programme
    from sessionfeed.model.revisions import Revisions
    from sessionfeed.model.timeline import Window
    from sessionfeed.serve.source import _Source
    from sessionfeed.site.build import SiteParts


__all__ = ["_Facets", "_Headers", "_Options", "_Resource", "_Site", "_render", "_render_programme"]

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_Headers = tuple[tuple[str, str], ...]


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
class _Facets:
    """What a version needs to make its files' responses, and a facet value's files when first asked for.

    A programme of thousands of people has thousands of sub-calendars, sub-feeds
    and hub pages per locale: they are made one value at a time, on the first
    request for one of its files, with the exporters' ``render_selection``
    (the same bytes as a build writes), and kept with the version.
    """

    parts: SiteParts  # the version's programme, revisions, exporters, templates and moment
    selections: Mapping[tuple[str, str], Selection]  # by (facet, value)
    cache_control: str
    made: dict[str, _Resource] = attrs.field(factory=dict)  # site path -> file, filled as asked
    lock: threading.Lock = attrs.field(factory=threading.Lock)

    def find(self, path: str) -> _Resource | None:
        """The file at site path ``path`` (``nl/people/maria-mora/feed.rss``), made now if needed."""
        found = self.made.get(path)
        if found is not None:
            return found
        names = path.split("/", 3)
        if len(names) < 4 or names[0] not in self.parts.programme.locales:
            return None
        locale, facet, value = names[:3]
        selection = self.selections.get((facet, value))
        if selection is None:
            return None
        with self.lock:  # one thread makes a value's files; the others wait for them
            if path not in self.made:
                try:
                    self._make(locale, selection)
                except SessionfeedError as error:  # a site's template that fails on this page only
                    log.error("%s could not be made (%s); it is not served", path, error)
                    return None
        return self.made.get(path)

    def _make(self, locale: str, selection: Selection) -> None:
        from sessionfeed.exporters.base import BaseExporter
        from sessionfeed.site.build import checked_path

        context = self.parts.context(locale)
        for exporter in self.parts.exporters:
            if not isinstance(exporter, BaseExporter):
                continue
            for output in exporter.render_selection(self.parts.programme, context, selection):
                name = checked_path(exporter, locale, output.path)
                self.made[name] = self.resource(name, output.content, output.media_type)

    def resource(self, path: str, body: bytes, declared: str | None) -> _Resource:
        """The file at ``path`` ready to send; its media type by its name, else the ``declared`` one."""
        media_type = _http.media_type_for(path, declared)
        etag = _http.etag_of(body)
        # Calendars, feeds, JSON-LD and text are data for widgets on other sites (FullCalendar).
        cors: _Headers = () if media_type.startswith("text/html") else (("Access-Control-Allow-Origin", "*"),)
        validators = (("ETag", etag), ("Cache-Control", self.cache_control), *cors)
        headers = (
            ("Content-Type", media_type),
            ("Content-Length", str(len(body))),
            *validators,
            ("X-Content-Type-Options", "nosniff"),
        )
        return _Resource(
            body=body,
            etag=etag,
            last_modified=_modified(path, self.parts.programme, self.parts.revisions),
            headers=headers,
            validators=validators,
        )


@attrs.frozen(kw_only=True)
class _Site:
    """Every file of one version of the programme, ready to send (the facets' files as they are asked for)."""

    source: _Source | None  # None: a programme given as it is, with no file
    resources: Mapping[str, _Resource]
    default_locale: str
    cache_control: str
    changes_at: float | None = None  # when a coming session becomes past (seconds since 1970), if ever
    facets: _Facets

    def get(self, path: str) -> _Resource | None:
        """The file at site path ``path``; a facet value's files are made when first asked for."""
        found = self.resources.get(path)
        return found if found is not None else self.facets.find(path)


def _newest(*moments: dt.datetime | None) -> dt.datetime | None:
    known = [m.astimezone(dt.UTC).replace(microsecond=0) for m in moments if m is not None]
    newest = max(known, default=None)
    # 1970 is what revisions fall back to when the data states no date at all: no date.
    return None if newest is None or newest <= _EPOCH else newest


def _modified(path: str, programme: Programme, revisions: Revisions) -> dt.datetime | None:
    """``Last-Modified`` of a file, from the data.

    A session's own ``.ics`` and page change with that session; every other file may
    show any session, so it takes the newest revision of all and the
    programme's ``updated``. Never the clock or the file's mtime, on which
    workers and restarts would disagree.
    """
    parts = path.split("/")
    session = None
    if len(parts) == 3 and parts[1] == _layout.SESSIONS_DIR and parts[2].endswith(".ics"):
        session = parts[2].removesuffix(".ics")
    elif len(parts) == 4 and parts[1] == _layout.SESSIONS_DIR and parts[3] == _layout.PAGE:
        session = parts[2]  # the session's page
    if session is not None:
        revision = revisions.by_id.get(session)
        if revision is not None:
            return _newest(revision.modified, programme.updated)
    return _newest(revisions.latest(), programme.updated)


@attrs.frozen
class _Options:
    """How an app renders every version of its site (see :func:`~sessionfeed.serve.app.make_app`).

    Attributes:
        cache_control: The ``Cache-Control`` of every response.
        exporters: The exporters; every installed one (looked up at each render) when ``None``.
        templates: A folder of templates; the programme's own when ``None``.
        now: A fixed moment to render as of; the clock's time when ``None``.
        window: Replaces the programme's own, when given.
    """

    cache_control: str
    exporters: Sequence[Exporter] | None
    templates: str | os.PathLike[str] | None
    now: dt.datetime | None
    window: Window | None


def _render(path: Path, source: _Source, options: _Options) -> _Site:
    """Load and render the whole site by ``options``.

    Raises:
        ProgrammeError: The file is not a valid programme.
        BuildError: An exporter wrote an unsafe or duplicate path.
        TemplateError: A template has an error.
    """
    from sessionfeed.io.toml import load

    programme = load(path)
    if options.window is not None:
        programme = attrs.evolve(programme, window=options.window)
    return _render_programme(programme, source, options)


def _render_programme(programme: Programme, source: _Source | None, options: _Options) -> _Site:
    """Render the whole site of ``programme``, its pages by ``options.templates`` (else the programme's own).

    As of ``options.now``: a fixed moment (``--now``), else the clock's time, and then
    the site notes when its next coming session becomes past, to be rendered
    again from that moment on (:meth:`_App._current`).
    """
    from sessionfeed.exporters.html.timeline import timeline
    from sessionfeed.exporters.registry import iter_exporters
    from sessionfeed.exporters.templating import STYLESHEET
    from sessionfeed.model.revisions import Revisions
    from sessionfeed.site.build import SiteParts, render_site, templates_for

    revisions = Revisions.from_data(programme)
    chosen = list(iter_exporters() if options.exporters is None else options.exporters)
    now = options.now
    moment = now if now is not None else dt.datetime.fromtimestamp(int(time.time()), dt.UTC)
    changes = None if now is not None else timeline(programme, moment).next_change
    pages = templates_for(programme, options.templates)
    files, _reports = render_site(programme, revisions, chosen, templates=pages, now=moment, on_demand=True)
    # A plugin's file type is its exporter's media type; the layout's files go by extension.
    declared = {exporter.filename: exporter.media_type for exporter in chosen}
    declared.setdefault(STYLESHEET, "text/css")  # the pages' stylesheet, which no exporter writes
    parts = SiteParts(programme, revisions, chosen, templates=pages, now=moment, on_demand=True)
    facets = _Facets(
        parts=parts,
        selections={(s.facet, s.id): s for s in parts.selections},
        cache_control=options.cache_control,
    )
    return _Site(
        source=source,
        resources={
            name: facets.resource(name, body, declared.get(name.rsplit("/", 1)[-1]))
            for name, body in files.items()
        },
        default_locale=programme.default_locale,
        cache_control=options.cache_control,
        changes_at=None if changes is None else changes.timestamp(),
        facets=facets,
    )
