"""sessionfeed: publish a programme of sessions everywhere people look for events.

Keep the programme as data once; publish it as iCalendar feeds, RSS and Atom,
schema.org JSON-LD and localised pages, in every language it has::

    import sessionfeed

    programme = sessionfeed.load("examples/ser-access-to-remedy.toml")
    ical = sessionfeed.get_exporter("ical")
    print(ical.export(programme, locale="en").decode())

Importing this package is cheap: icalendar, lxml and babel load only
when an exporter needs them.
"""

from __future__ import annotations

import importlib


# Not ``from typing import TYPE_CHECKING``: typing alone costs ~10 ms of start-up.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from sessionfeed._build import BuildReport, FileReport, build_site
    from sessionfeed._dump import to_dict
    from sessionfeed._load import from_dict, load
    from sessionfeed._model import (
        BUILTIN_KINDS,
        Address,
        AllDay,
        AttendanceMode,
        Contact,
        Kind,
        Links,
        Location,
        Month,
        Online,
        Organisation,
        Participation,
        Person,
        Programme,
        Recording,
        Role,
        Session,
        Status,
        Tag,
        Timed,
        Unknown,
        Venue,
        When,
    )
    from sessionfeed._registry import (
        ENTRY_POINT_GROUP,
        exporter_for_filename,
        exporter_names,
        get_exporter,
        iter_exporters,
    )
    from sessionfeed._revisions import Revision, Revisions
    from sessionfeed._text import Localized, LocalizedText
    from sessionfeed.exceptions import (
        ArgumentError,
        BuildError,
        ExporterNotFound,
        Problem,
        ProgrammeError,
        SessionfeedError,
    )
    from sessionfeed.exporters._base import (
        BaseExporter,
        Context,
        Exporter,
        Omitted,
        OutputFile,
        Rendering,
    )
    from sessionfeed.exporters.ical import build_calendar as build_calendar
    from sessionfeed.exporters.jsonld import script_tag as script_tag
    from sessionfeed.wsgi import make_app as make_app

__version__ = "0.1.0"

__all__ = [
    "BUILTIN_KINDS",
    "ENTRY_POINT_GROUP",
    "Address",
    "AllDay",
    "ArgumentError",
    "AttendanceMode",
    "BaseExporter",
    "BuildError",
    "BuildReport",
    "Contact",
    "Context",
    "Exporter",
    "ExporterNotFound",
    "FileReport",
    "Kind",
    "Links",
    "Localized",
    "LocalizedText",
    "Location",
    "Month",
    "Omitted",
    "Online",
    "Organisation",
    "OutputFile",
    "Participation",
    "Person",
    "Problem",
    "Programme",
    "ProgrammeError",
    "Recording",
    "Rendering",
    "Revision",
    "Revisions",
    "Role",
    "Session",
    "SessionfeedError",
    "Status",
    "Tag",
    "Timed",
    "Unknown",
    "Venue",
    "When",
    "__version__",
    "build_calendar",
    "build_site",
    "exporter_for_filename",
    "exporter_names",
    "from_dict",
    "get_exporter",
    "iter_exporters",
    "load",
    "make_app",
    "script_tag",
    "to_dict",
]

# Every public name is loaded on first use (PEP 562), so that ``import sessionfeed``
# and ``sessionfeed --help`` cost next to nothing, and icalendar, lxml and babel
# load only when an exporter needs them.
_LAZY = {
    "Address": "sessionfeed._model",
    "AllDay": "sessionfeed._model",
    "ArgumentError": "sessionfeed.exceptions",
    "AttendanceMode": "sessionfeed._model",
    "BUILTIN_KINDS": "sessionfeed._model",
    "BaseExporter": "sessionfeed.exporters._base",
    "BuildError": "sessionfeed.exceptions",
    "BuildReport": "sessionfeed._build",
    "Contact": "sessionfeed._model",
    "Context": "sessionfeed.exporters._base",
    "ENTRY_POINT_GROUP": "sessionfeed._registry",
    "Exporter": "sessionfeed.exporters._base",
    "ExporterNotFound": "sessionfeed.exceptions",
    "FileReport": "sessionfeed._build",
    "Kind": "sessionfeed._model",
    "Links": "sessionfeed._model",
    "Localized": "sessionfeed._text",
    "LocalizedText": "sessionfeed._text",
    "Location": "sessionfeed._model",
    "Month": "sessionfeed._model",
    "Omitted": "sessionfeed.exporters._base",
    "Online": "sessionfeed._model",
    "Organisation": "sessionfeed._model",
    "OutputFile": "sessionfeed.exporters._base",
    "Participation": "sessionfeed._model",
    "Person": "sessionfeed._model",
    "Problem": "sessionfeed.exceptions",
    "Programme": "sessionfeed._model",
    "ProgrammeError": "sessionfeed.exceptions",
    "Recording": "sessionfeed._model",
    "Rendering": "sessionfeed.exporters._base",
    "Revision": "sessionfeed._revisions",
    "Revisions": "sessionfeed._revisions",
    "Role": "sessionfeed._model",
    "Session": "sessionfeed._model",
    "SessionfeedError": "sessionfeed.exceptions",
    "Status": "sessionfeed._model",
    "Tag": "sessionfeed._model",
    "Timed": "sessionfeed._model",
    "Unknown": "sessionfeed._model",
    "Venue": "sessionfeed._model",
    "When": "sessionfeed._model",
    "build_site": "sessionfeed._build",
    "exporter_for_filename": "sessionfeed._registry",
    "exporter_names": "sessionfeed._registry",
    "get_exporter": "sessionfeed._registry",
    "iter_exporters": "sessionfeed._registry",
    "load": "sessionfeed._load",
    "from_dict": "sessionfeed._load",
    "to_dict": "sessionfeed._dump",
    "build_calendar": "sessionfeed.exporters.ical",
    "script_tag": "sessionfeed.exporters.jsonld",
    "make_app": "sessionfeed.wsgi",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        message = f"module 'sessionfeed' has no attribute {name!r}"
        raise AttributeError(message)
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])
