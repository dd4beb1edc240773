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

    from sessionfeed.exceptions import (
        ArgumentError,
        BuildError,
        ExporterNotFound,
        Problem,
        ProgrammeError,
        SessionfeedError,
    )
    from sessionfeed.exporters.base import (
        BaseExporter,
        Context,
        Exporter,
        Omitted,
        OutputFile,
        Rendering,
    )
    from sessionfeed.exporters.ical.exporter import build_calendar as build_calendar
    from sessionfeed.exporters.jsonld import script_tag as script_tag
    from sessionfeed.exporters.registry import (
        ENTRY_POINT_GROUP,
        exporter_for_filename,
        exporter_names,
        get_exporter,
        iter_exporters,
    )
    from sessionfeed.io.dump import to_dict
    from sessionfeed.io.toml import from_dict, load
    from sessionfeed.model.programme import (
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
    from sessionfeed.model.revisions import Revision, Revisions
    from sessionfeed.model.text import Localized, LocalizedText
    from sessionfeed.serve.app import make_app as make_app
    from sessionfeed.site.build import BuildReport, FileReport, build_site

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
    "Address": "sessionfeed.model.programme",
    "AllDay": "sessionfeed.model.programme",
    "ArgumentError": "sessionfeed.exceptions",
    "AttendanceMode": "sessionfeed.model.programme",
    "BUILTIN_KINDS": "sessionfeed.model.programme",
    "BaseExporter": "sessionfeed.exporters.base",
    "BuildError": "sessionfeed.exceptions",
    "BuildReport": "sessionfeed.site.build",
    "Contact": "sessionfeed.model.programme",
    "Context": "sessionfeed.exporters.base",
    "ENTRY_POINT_GROUP": "sessionfeed.exporters.registry",
    "Exporter": "sessionfeed.exporters.base",
    "ExporterNotFound": "sessionfeed.exceptions",
    "FileReport": "sessionfeed.site.build",
    "Kind": "sessionfeed.model.programme",
    "Links": "sessionfeed.model.programme",
    "Localized": "sessionfeed.model.text",
    "LocalizedText": "sessionfeed.model.text",
    "Location": "sessionfeed.model.programme",
    "Month": "sessionfeed.model.programme",
    "Omitted": "sessionfeed.exporters.base",
    "Online": "sessionfeed.model.programme",
    "Organisation": "sessionfeed.model.programme",
    "OutputFile": "sessionfeed.exporters.base",
    "Participation": "sessionfeed.model.programme",
    "Person": "sessionfeed.model.programme",
    "Problem": "sessionfeed.exceptions",
    "Programme": "sessionfeed.model.programme",
    "ProgrammeError": "sessionfeed.exceptions",
    "Recording": "sessionfeed.model.programme",
    "Rendering": "sessionfeed.exporters.base",
    "Revision": "sessionfeed.model.revisions",
    "Revisions": "sessionfeed.model.revisions",
    "Role": "sessionfeed.model.programme",
    "Session": "sessionfeed.model.programme",
    "SessionfeedError": "sessionfeed.exceptions",
    "Status": "sessionfeed.model.programme",
    "Tag": "sessionfeed.model.programme",
    "Timed": "sessionfeed.model.programme",
    "Unknown": "sessionfeed.model.programme",
    "Venue": "sessionfeed.model.programme",
    "When": "sessionfeed.model.programme",
    "build_site": "sessionfeed.site.build",
    "exporter_for_filename": "sessionfeed.exporters.registry",
    "exporter_names": "sessionfeed.exporters.registry",
    "get_exporter": "sessionfeed.exporters.registry",
    "iter_exporters": "sessionfeed.exporters.registry",
    "load": "sessionfeed.io.toml",
    "from_dict": "sessionfeed.io.toml",
    "to_dict": "sessionfeed.io.dump",
    "build_calendar": "sessionfeed.exporters.ical.exporter",
    "script_tag": "sessionfeed.exporters.jsonld",
    "make_app": "sessionfeed.serve.app",
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
