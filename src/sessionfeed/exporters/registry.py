"""Find exporters by name: the built-ins first, then plugins' entry points.

Built-ins are listed as dotted paths and imported only when asked for, so
``import sessionfeed`` never loads icalendar, lxml or babel. Third parties
add exporters through the entry-point group ``sessionfeed.exporters``; an
entry point names a class (instantiated with no arguments) or an instance.
A plugin cannot replace a built-in: on a clash of names the built-in wins.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import TYPE_CHECKING

from sessionfeed._dotted import find
from sessionfeed.exceptions import ExporterNotFound, SessionfeedError
from sessionfeed.exporters.base import Exporter, check_output_path


if TYPE_CHECKING:
    from importlib.metadata import EntryPoint

__all__ = [
    "ENTRY_POINT_GROUP",
    "exporter_for_filename",
    "exporter_names",
    "get_exporter",
    "iter_exporters",
]

ENTRY_POINT_GROUP = "sessionfeed.exporters"

#: name -> "module:attribute", in the order a build writes them.
_BUILTINS: dict[str, str] = {
    "html": "sessionfeed.exporters.html:HTMLExporter",
    "text": "sessionfeed.exporters.text:TextExporter",
    "ical": "sessionfeed.exporters.ical.exporter:ICalExporter",
    "rss": "sessionfeed.exporters.feeds.exporter:RSSExporter",
    "atom": "sessionfeed.exporters.feeds.exporter:AtomExporter",
    "jsonld": "sessionfeed.exporters.jsonld:JSONLDExporter",
    "frab": "sessionfeed.exporters.frab:FrabExporter",
    "jcal": "sessionfeed.exporters.jcal:JCalExporter",
    "csv": "sessionfeed.exporters.csv_table:CSVExporter",
}


def _check(exporter: object, origin: str) -> Exporter:
    if isinstance(exporter, type):
        try:
            exporter = exporter()
        except Exception as error:
            message = f"{origin} could not be created: {type(error).__name__}: {error}"
            raise SessionfeedError(message) from error
    if not isinstance(exporter, Exporter) or not all(
        isinstance(getattr(exporter, attribute, None), str)
        for attribute in ("name", "title", "media_type", "filename")
    ):
        message = (
            f"{origin} is not an exporter: it needs the attributes name, title, media_type, "
            "filename and a method export(programme, *, locale) -> bytes"
        )
        raise SessionfeedError(message)
    problem = check_output_path(exporter.filename)
    if problem:
        message = f"{origin}: filename {problem}"
        raise SessionfeedError(message)
    return exporter


@functools.cache
def _builtin(name: str) -> Exporter | None:
    found = find(_BUILTINS[name])
    return None if found is None else _check(found, f"built-in exporter {name!r}")


@functools.cache
def _plugins() -> tuple[tuple[str, EntryPoint], ...]:
    # importlib.metadata costs ~20 ms to import: only when plugins are looked for.
    from importlib.metadata import entry_points

    points = entry_points(group=ENTRY_POINT_GROUP)
    # Names are looked up in lower case, like the built-ins'.
    named = ((p.name.lower(), p) for p in points)
    return tuple(sorted(((n, p) for n, p in named if n not in _BUILTINS), key=lambda x: x[0]))


@functools.cache
def _plugin(name: str) -> Exporter:
    for plugin_name, point in _plugins():
        if plugin_name == name:
            try:
                loaded = point.load()
            except Exception as error:
                message = f"the exporter plugin {name!r} ({point.value}) failed to load: {error}"
                raise SessionfeedError(message) from error
            return _check(loaded, f"exporter plugin {name!r} ({point.value})")
    raise KeyError(name)


def exporter_names() -> list[str]:
    """The names of every installed exporter: built-ins in build order, then plugins."""
    builtins = [n for n in _BUILTINS if _builtin(n) is not None]
    return builtins + [name for name, _ in _plugins()]


def get_exporter(name: str) -> Exporter:
    """Return the exporter called ``name`` (or one of its aliases).

    Raises:
        ExporterNotFound: No such exporter; the message lists the known names.
    """
    key = name.lower()
    if key in _BUILTINS and (found := _builtin(key)) is not None:
        return found
    for builtin in _BUILTINS:
        exporter = _builtin(builtin)
        if exporter is not None and key in getattr(exporter, "aliases", ()):
            return exporter
    try:
        return _plugin(key)
    except KeyError:
        raise ExporterNotFound(name, exporter_names()) from None


def iter_exporters() -> Iterator[Exporter]:
    """Yield every installed exporter, built-ins first."""
    for name in exporter_names():
        yield get_exporter(name)


def exporter_for_filename(filename: str) -> Exporter:
    """Return the exporter that writes ``filename`` (e.g. ``feed.atom``).

    Raises:
        ExporterNotFound: None does.
    """
    base = filename.rsplit("/", 1)[-1]
    for exporter in iter_exporters():
        if exporter.filename == base:
            return exporter
    raise ExporterNotFound(filename, [e.filename for e in iter_exporters()])


def clear_cache() -> None:
    """Forget loaded plugins (after installing one in a running process, and in tests)."""
    _plugins.cache_clear()
    _plugin.cache_clear()
    _builtin.cache_clear()
