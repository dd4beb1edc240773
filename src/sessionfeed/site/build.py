"""Build the static site folder, all or nothing.

Everything is written into a fresh folder beside the target, a piece at a
time as the exporters make it (see :func:`iter_site`), then swapped in with
one atomic exchange (two renames where the system has none). A build that
fails at any point (an exporter raising, a full disk, a folder that cannot
be written, a killed process) leaves the previous site exactly as it was;
at worst a hidden ``.NAME.tmp-*`` folder stays behind, which the next build
removes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from sessionfeed.exceptions import BuildError
from sessionfeed.exporters.base import Context, Exporter, check_output_path, render
from sessionfeed.exporters.registry import iter_exporters
from sessionfeed.exporters.removals import Removals, removed_from
from sessionfeed.model.facets import selections
from sessionfeed.model.programme import Programme
from sessionfeed.model.revisions import Revisions, advance
from sessionfeed.site import clock, layout as _layout, swap as _swap
from sessionfeed.site.report import BuildReport, FileReport, Files
from sessionfeed.site.writer import Piece, WrittenTwice, write_files
from sessionfeed.words.compose import Composition
from sessionfeed.words.vocabulary import Words


if TYPE_CHECKING:
    from sessionfeed.exporters.templating import Templates


__all__ = ["BuildReport", "FileReport", "build_site", "iter_site", "render_site"]


#: Why the language choice page removes what it removes (the end of its note).
_ROOT_REASON = "HTML does not allow"
#: The template of the language choice page.
ROOT_TEMPLATE = "root.html"


def templates_for(programme: Programme, folder: str | os.PathLike[str] | None) -> Templates | None:
    """The templates of ``programme``'s pages: ``folder``, else the programme's ``templates``.

    ``None`` when neither is given: the built-in templates.

    Raises:
        TemplateError: The folder is not a folder.
    """
    from sessionfeed.exporters.templating import Templates

    chosen = folder if folder is not None else programme.templates
    return None if chosen is None else Templates(chosen)


def _root_page(programme: Programme, removals: Removals, templates: Templates) -> bytes:
    """A small page at the site root that sends visitors to the default locale.

    Rendered by the template ``root.html`` (which extends ``base.html``, so a
    site's own ``base.html`` restyles it too). Its texts (the programme's title
    in each locale) are written as every page of the site writes texts
    (:func:`sessionfeed.words.escaping.escape_html`): the characters HTML does
    not allow are removed, and recorded in ``removals``.

    Raises:
        TemplateError: A template has an error.
    """
    default = programme.default_locale
    titles = {loc: programme.text(programme.title, loc).text for loc in (default, *programme.locales)}
    for text in dict.fromkeys(titles.values()):  # each text once, however often it is shown
        removals.add(removed_from(text))
    context = {
        "programme": programme,
        "locale": default,
        "default_locale": default,
        "words": Words.of(default),
        "_": Words.of(default).gettext,
        "title": programme.text(programme.title, default),
        "stylesheet": templates.stylesheet_url(""),
        "id_prefix": "",
        "urls": {"canonical": _layout.locale_url(programme, default)},
        "choices": tuple(Choice(locale=loc, title=titles[loc]) for loc in programme.locales),
        "languages": (),  # the choices are the page itself
    }
    return templates.render(ROOT_TEMPLATE, context).encode("utf-8")


@attrs.frozen(kw_only=True)
class Choice:
    """A locale on the language choice page (``root.html``'s ``choices``).

    Attributes:
        locale: The locale, e.g. ``nl``; its folder is ``<locale>/``.
        title: The programme's title in it.
    """

    locale: str
    title: str


def _site_report(path: str, removals: Removals) -> FileReport:
    """The report of a file of the site itself, with what was removed from its texts."""
    notes = tuple(removals.notes())
    return FileReport(locale="", exporter="", path=path, files=1, included=0, omitted=(), notes=notes)


def iter_site(
    programme: Programme,
    revisions: Revisions,
    exporters: Sequence[Exporter],
    reports: list[FileReport],
    *,
    templates: Templates | None = None,
    now: dt.datetime | None = None,
    on_demand: bool = False,
) -> Iterator[tuple[str, bytes, bool]]:
    """Yield every file of the site in pieces: ``(path from the site root, piece, done)``.

    The pieces of a file come in order and its last one has ``done`` true;
    pieces of other files can come in between (the calendar yields each
    session's own ``.ics`` while it writes ``calendar.ics``). Streamed files
    are made as they are read, so that memory holds a piece at a time, not the
    site. A report per locale and exporter is appended to ``reports`` once its
    files have been read. The pages are rendered by ``templates`` (the
    built-in ones by default), which the exporters get in their ``Context``;
    the site's stylesheet (``style.css``) is written at the root. ``now`` (the
    moment that splits coming from past sessions) is resolved once for the
    whole site (``SOURCE_DATE_EPOCH``, else the clock, when ``None``) and
    handed to every exporter. With the pages (the ``html`` exporter), the
    site's root gets ``sitemap.xml`` (every page, see :mod:`sessionfeed.site.pages`)
    and ``robots.txt``. The exporters write each facet value's files (its
    calendar, feeds and page, :mod:`sessionfeed.model.facets`) unless
    ``on_demand``, when they are left for :meth:`~sessionfeed.exporters.base.BaseExporter.render_selection`.

    Raises:
        BuildError: An exporter wrote an unsafe path or two exporters wrote the same file.
        TemplateError: A template has an error.
    """
    site = SiteParts(programme, revisions, exporters, templates=templates, now=now, on_demand=on_demand)
    yield from site.root(reports)
    for locale in programme.locales:
        yield from site.locale(locale, reports)
    yield from site.tail()


class SiteParts:
    """The three parts of a site, each written on its own: the root's files, a locale's, the tail.

    A build writes the locales one after the other (:func:`iter_site`), or
    each in a process of its own (:mod:`sessionfeed.site.workers`): no locale's
    files depend on another's, so the bytes are the same either way.
    """

    def __init__(
        self,
        programme: Programme,
        revisions: Revisions,
        exporters: Sequence[Exporter],
        *,
        templates: Templates | None = None,
        now: dt.datetime | None = None,
        on_demand: bool = False,
    ) -> None:
        """Resolve the templates and the moment once, and the facets' values (see :func:`iter_site`)."""
        from sessionfeed.exporters.templating import builtin_templates

        self.programme = programme
        self.revisions = revisions
        self.exporters = exporters
        self.templates = builtin_templates() if templates is None else templates
        self.moment = clock.moment(now)
        self.on_demand = on_demand
        # The values of the programme's facets, each with its sessions: the sub-files' contents.
        self.selections = tuple(selections(programme, programme.facets))

    def root(self, reports: list[FileReport]) -> Iterator[Piece]:
        """The language choice page and the pages' stylesheet, at the site's root."""
        from sessionfeed.exporters.templating import STYLESHEET

        removed = Removals(_ROOT_REASON)
        yield "index.html", _root_page(self.programme, removed, self.templates), True
        # The pages' stylesheet, once for every locale: its URL carries its hash.
        yield STYLESHEET, self.templates.stylesheet, True
        if removed.count:  # said only when something was removed: the page has no sessions to count
            reports.append(_site_report("index.html", removed))

    def context(self, locale: str, composition: Composition | None = None) -> Context:
        """What the exporters are told when they write ``locale`` (``composition``: its words, if made)."""
        return Context(
            locale=locale,
            revisions=self.revisions,
            composition=composition,
            templates=self.templates,
            now=self.moment,
            selections=self.selections,
            on_demand=self.on_demand,
        )

    def locale(self, locale: str, reports: list[FileReport]) -> Iterator[Piece]:
        """Every file of ``locale``'s folder; a report per exporter is appended to ``reports``."""
        programme = self.programme
        # What every format of this locale says, composed once and handed to
        # every exporter; dropped before the next locale, so that memory holds
        # one locale's words at a time.
        context = self.context(locale, Composition(programme, locale))
        # The main files of the locale (a few per exporter): one written twice is
        # named with its exporter here. The files an exporter makes along the way
        # (a page and an .ics per session) are not kept: the writer makes each
        # file new, so one written twice is found there (WrittenTwice). A path
        # names its locale folder, so only one locale's paths can clash.
        seen: set[str] = set()
        for exporter in self.exporters:
            rendering = render(exporter, programme, context)
            files = Files(main=rendering.files[0].path if rendering.files else exporter.filename)
            for output in rendering.files:
                key = checked_path(exporter, locale, output.path)
                if key in seen:
                    message = f"exporter {exporter.name!r} wrote {key}, which another output wrote too"
                    raise BuildError(message)
                seen.add(key)
                for piece in output.pieces():
                    if isinstance(piece, bytes):
                        yield key, piece, False
                        files.wrote(output.path, len(piece))
                    else:  # a file made along the way, itself written a piece at a time
                        path = checked_path(exporter, locale, piece.path)
                        for chunk in piece.chunks():
                            yield path, chunk, False
                            files.wrote(piece.path, len(chunk))
                        yield path, b"", True
                        files.done(piece.path)
                yield key, b"", True
                files.done(output.path)
            reports.append(
                FileReport(
                    locale=locale,
                    exporter=exporter.name,
                    path=files.main,
                    files=files.count,
                    included=len(rendering.included),
                    omitted=rendering.omitted,
                    notes=rendering.all_notes(),
                    size=files.size,
                    copies=files.copies,
                    largest_copy=files.largest,
                ),
            )

    def tail(self) -> Iterator[Piece]:
        """With the pages (the ``html`` exporter): ``sitemap.xml`` (every page) and ``robots.txt``."""
        if not any(exporter.name == "html" for exporter in self.exporters):
            return
        from sessionfeed.site.pages import crawler_files

        yield from crawler_files(self.programme, self.revisions, self.moment)


def checked_path(exporter: Exporter, locale: str, path: str) -> str:
    """The path of an exporter's file from the site's root, when it is safe.

    Raises:
        BuildError: It is not.
    """
    problem = check_output_path(path)
    if problem:
        message = f"exporter {exporter.name!r} wrote {problem}"
        raise BuildError(message)
    return f"{locale}/{path}"


def render_site(
    programme: Programme,
    revisions: Revisions,
    exporters: Sequence[Exporter],
    *,
    templates: Templates | None = None,
    now: dt.datetime | None = None,
    on_demand: bool = False,
) -> tuple[dict[str, bytes], list[FileReport]]:
    """Render every file of the site in memory (for serving), the pages by ``templates``, as of ``now``.

    With ``on_demand``, the facet values' files are left out, to be made when asked for.

    Returns:
        The files by path relative to the site root, and one report per locale and exporter.

    Raises:
        BuildError: An exporter wrote an unsafe path or two exporters wrote the same file.
    """
    reports: list[FileReport] = []
    parts: dict[str, list[bytes]] = {}
    finished: set[str] = set()
    pieces = iter_site(
        programme, revisions, exporters, reports, templates=templates, now=now, on_demand=on_demand
    )
    for path, piece, done in pieces:
        if path in finished:
            raise BuildError(_written_twice(path))
        parts.setdefault(path, []).append(piece)
        if done:
            finished.add(path)
    return {path: b"".join(pieces) for path, pieces in parts.items()}, reports


def _written_twice(path: str) -> str:
    return f"two outputs wrote {path}; each file of a site comes from one exporter"


def _read_state(out: Path) -> dict[str, Any] | None:
    try:
        data = json.loads((out / _layout.STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def build_site(
    programme: Programme,
    out: str | os.PathLike[str],
    *,
    exporters: Iterable[Exporter] | None = None,
    force: bool = False,
    now: dt.datetime | None = None,
    templates: str | os.PathLike[str] | None = None,
    jobs: int | None = None,
) -> BuildReport:
    """Write the whole site for every locale into ``out``, replacing an earlier build.

    Args:
        programme: The programme.
        out: The output folder.
        exporters: The exporters to run; every installed one by default.
        force: Replace ``out`` even when it is a folder that holds something else.
        now: The moment of this build: it splits the coming sessions from the
            past ones on the pages, and dates the sessions whose time, place or
            status changed since the last build into ``out`` (see ``_revisions``).
            ``None``: ``SOURCE_DATE_EPOCH``, else the clock. The same programme
            and the same ``now`` give the same bytes.
        templates: A folder of templates put in front of the built-in ones
            (docs/templates.md); the programme's ``templates`` when ``None``,
            else the built-in ones alone.
        jobs: How many locales to write at once, each in a process of its own
            (:mod:`sessionfeed.site.workers`; where processes cannot be forked,
            one after the other). ``None``: as many as there are cores, up
            to 10,000 sessions (:data:`~sessionfeed.site.workers.PARALLEL_UP_TO`),
            one above, where each worker's copy of the programme would take
            memory beyond 500 MB. The bytes are the same whatever the number.

    Raises:
        ArgumentError: An argument is of the wrong kind (nothing was changed).
        BuildError: Nothing was changed; the message says why.
        TemplateError: A template has an error (``TEMPLATE_FILE:LINE: message``);
            nothing was changed.
    """
    import shutil
    import tempfile

    from sessionfeed._arguments import (
        check_exporters,
        check_moment,
        check_path,
        check_programme,
        check_whole_number,
    )
    from sessionfeed.site.workers import default_jobs, write_locales

    programme = check_programme(programme)
    if jobs is None:
        jobs = default_jobs(len(programme.sessions))
    else:
        jobs = check_whole_number(jobs, "jobs", minimum=1, maximum=1024)
    exporters = check_exporters(exporters)
    now = check_moment(now, "now")
    target = _swap.target_folder(check_path(out, "out"), force=force)
    chosen = list(iter_exporters() if exporters is None else exporters)
    # Checked (and compiled as they are used) before anything is written.
    pages = templates_for(programme, None if templates is None else check_path(templates, "templates"))
    # One moment for the whole build: the revisions' and the pages' (SOURCE_DATE_EPOCH read once).
    now = clock.moment(now)
    revisions, state = advance(programme, _read_state(target), now=now)
    reports: list[FileReport] = []
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _swap.clean_leftovers(target)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
    except OSError as error:
        message = f"{out}: cannot write there: {error.strerror or error}"
        raise BuildError(message) from None
    try:
        # Written first and let go, so that the exporters' memory is theirs alone;
        # compact, by the C encoder: an indented dump of 50,000 sessions' state
        # goes through the pure-Python encoder, whose pieces briefly take 50 MB.
        state_file = (json.dumps(state, sort_keys=True, separators=(",", ":")) + "\n").encode()
        del state
        (staging / _layout.STATE_FILE).write_bytes(state_file)
        del state_file
        site = SiteParts(programme, revisions, chosen, templates=pages, now=now)
        write_files(staging, site.root(reports))
        reports += write_locales(staging, site, programme.locales, jobs)
        write_files(staging, site.tail())
        staging.chmod(0o755)
        _swap.swap(staging, target)
    except BaseException as error:
        with contextlib.suppress(OSError):
            shutil.rmtree(staging, ignore_errors=True)
        if isinstance(error, WrittenTwice):
            raise BuildError(_written_twice(str(error))) from None
        if isinstance(error, OSError):
            message = (
                f"{out}: the build could not be written ({error.strerror or error}); "
                "the previous site is unchanged"
            )
            raise BuildError(message) from None
        raise
    return BuildReport(out=target, sessions=len(programme.sessions), outputs=tuple(reports))
