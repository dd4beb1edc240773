"""Importers: a programme from a source that was not written for sessionfeed.

Each format is a module of this package with a function
``read(source, **options) -> Imported``, listed in :data:`FORMATS` and imported
on first use. :func:`import_source` reads a source in a named format and
checks that what it read is a programme :func:`sessionfeed.from_dict` accepts;
:func:`imported_toml` writes it as a programme file, with a ``# guessed: …``
comment beside every value the importer inferred rather than read.

See ``docs/importing.md``.
"""

from __future__ import annotations

import inspect
import os
from collections.abc import Callable
from typing import Any, cast

from sessionfeed._dotted import find
from sessionfeed.exceptions import ArgumentError, ProgrammeError, SessionfeedError
from sessionfeed.importers.base import Imported, Notice


__all__ = ["FORMATS", "Imported", "Notice", "format_names", "import_source", "imported_toml", "read"]

#: The formats, each the ``module:function`` that reads it.
FORMATS: dict[str, str] = {
    "listing": "sessionfeed.importers.listing:read",
    "csv": "sessionfeed.importers.csv_table:read",
    "ics": "sessionfeed.importers.ics:read",
    "frab": "sessionfeed.importers.frab:read",
}


def _reader(name: str) -> Callable[..., Imported] | None:
    return cast("Callable[..., Imported] | None", find(FORMATS[name]))


def format_names() -> list[str]:
    """The names of the formats this installation can import, in the order of :data:`FORMATS`."""
    return [name for name in FORMATS if _reader(name) is not None]


def import_source(format: str, source: str | os.PathLike[str], /, **options: Any) -> Imported:
    """Read ``source`` in ``format`` into a programme as data.

    Args:
        format: A format name of :func:`format_names` (``listing``, ``csv``, ...).
        source: The file to read.
        **options: The format's options (see ``docs/importing.md``), e.g.
            ``locale="nl"`` for a listing, ``base_url=...`` for any format.

    Returns:
        What was read: the programme in the dict shape of a programme file, the
        values guessed, and a notice for every ambiguity.

    Raises:
        ArgumentError: An unknown format, or an option the format does not take.
        ProgrammeError: The source cannot be read, or what it holds is not a
            programme (each problem with the file, and the line where known).
    """
    if not isinstance(format, str) or format.lower() not in FORMATS:
        known = ", ".join(format_names())
        message = f"unknown import format {format!r}; known formats: {known}"
        raise ArgumentError(message)
    reader = _reader(format.lower())
    if reader is None:
        message = f"the import format {format!r} is not part of this installation"
        raise ArgumentError(message)
    if not isinstance(source, str | os.PathLike):
        message = f"source must be a file path, not {type(source).__name__}"
        raise ArgumentError(message)
    accepted = {
        name
        for name, parameter in inspect.signature(reader).parameters.items()
        if parameter.kind is inspect.Parameter.KEYWORD_ONLY
    }
    unknown = sorted(set(options) - accepted)
    if unknown:
        message = (
            f"the {format} importer takes no option {unknown[0]!r}; "
            f"its options are: {', '.join(sorted(accepted)) or 'none'}"
        )
        raise ArgumentError(message)
    imported = reader(source, **options)
    check_imported(imported)
    return imported


#: The same as :func:`import_source`.
read = import_source


def check_imported(imported: Imported) -> None:
    """Check that an importer gave a programme :func:`sessionfeed.from_dict` accepts.

    Raises:
        ProgrammeError: Every problem, each naming the source.
    """
    from sessionfeed.io.toml import from_dict

    try:
        from_dict(imported.data)
    except ProgrammeError as error:
        problems = [p if p.file is not None else p.replace(file=imported.source) for p in error.problems]
        raise ProgrammeError(problems) from None


def imported_toml(imported: Imported) -> str:
    """The programme file for what was imported, a ``# guessed: …`` comment beside each guessed value.

    Raises:
        ArgumentError: ``imported`` is not an :class:`Imported`.
        SessionfeedError: Its data holds a value TOML cannot hold.
    """
    from sessionfeed.io.write_toml import dumps

    if not isinstance(imported, Imported):
        message = f"imported must be a sessionfeed.Imported, not {type(imported).__name__}"
        raise ArgumentError(message)
    header = (
        f"Imported from {imported.source} by sessionfeed import.\n"
        "Check every value marked 'guessed', then run: sessionfeed check <this file>"
    )
    try:
        return dumps(imported.data, guessed=imported.guessed, header=header)
    except TypeError as error:
        raise SessionfeedError(f"{imported.source}: {error}") from None
