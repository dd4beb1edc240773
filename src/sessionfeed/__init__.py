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
        ArgumentError as ArgumentError,
        BuildError as BuildError,
        ExporterNotFound as ExporterNotFound,
        Problem as Problem,
        ProgrammeError as ProgrammeError,
        SessionfeedError as SessionfeedError,
        TemplateError as TemplateError,
    )
    from sessionfeed.exporters.base import (
        BaseExporter as BaseExporter,
        Context as Context,
        Exporter as Exporter,
        Omitted as Omitted,
        OutputFile as OutputFile,
        Rendering as Rendering,
    )
    from sessionfeed.exporters.ical.exporter import (
        build_calendar as build_calendar,
    )
    from sessionfeed.exporters.jsonld import (
        script_tag as script_tag,
    )
    from sessionfeed.exporters.registry import (
        ENTRY_POINT_GROUP as ENTRY_POINT_GROUP,
        exporter_for_filename as exporter_for_filename,
        exporter_names as exporter_names,
        get_exporter as get_exporter,
        iter_exporters as iter_exporters,
    )
    from sessionfeed.fragments import (
        Fragment as Fragment,
        embed as embed,
    )
    from sessionfeed.importers import (
        import_source as import_source,
        imported_toml as imported_toml,
    )
    from sessionfeed.importers.base import (
        Imported as Imported,
        Notice as Notice,
    )
    from sessionfeed.io.dump import (
        to_dict as to_dict,
    )
    from sessionfeed.io.toml import (
        from_dict as from_dict,
        load as load,
    )
    from sessionfeed.model.facets import (
        Facet as Facet,
        Selection as Selection,
        selections as selections,
    )
    from sessionfeed.model.programme import (
        BUILTIN_KINDS as BUILTIN_KINDS,
        Address as Address,
        AllDay as AllDay,
        AttendanceMode as AttendanceMode,
        Contact as Contact,
        Kind as Kind,
        Links as Links,
        Location as Location,
        Month as Month,
        Online as Online,
        Organisation as Organisation,
        Participation as Participation,
        Person as Person,
        Programme as Programme,
        Recording as Recording,
        Role as Role,
        Session as Session,
        Status as Status,
        Tag as Tag,
        Timed as Timed,
        Unknown as Unknown,
        Venue as Venue,
        When as When,
    )
    from sessionfeed.model.revisions import (
        Revision as Revision,
        Revisions as Revisions,
    )
    from sessionfeed.model.text import (
        Localized as Localized,
        LocalizedText as LocalizedText,
    )
    from sessionfeed.model.timeline import (
        Window as Window,
    )
    from sessionfeed.serve.app import (
        make_app as make_app,
    )
    from sessionfeed.site.build import (
        BuildReport as BuildReport,
        FileReport as FileReport,
        build_site as build_site,
    )

__version__ = "0.1.0"

# The public names, each written once, by the module that defines it. Every one is
# loaded on first use (PEP 562), so that ``import sessionfeed`` and ``sessionfeed
# --help`` cost next to nothing, and icalendar, lxml and babel load only when an
# exporter needs them. The TYPE_CHECKING block above says the same to type
# checkers; tests/test_public_api.py holds the two to each other.
_PUBLIC: dict[str, tuple[str, ...]] = {
    "sessionfeed.exceptions": (
        "ArgumentError",
        "BuildError",
        "ExporterNotFound",
        "Problem",
        "ProgrammeError",
        "SessionfeedError",
        "TemplateError",
    ),
    "sessionfeed.exporters.base": (
        "BaseExporter",
        "Context",
        "Exporter",
        "Omitted",
        "OutputFile",
        "Rendering",
    ),
    "sessionfeed.exporters.ical.exporter": (
        "build_calendar",
    ),
    "sessionfeed.exporters.jsonld": (
        "script_tag",
    ),
    "sessionfeed.exporters.registry": (
        "ENTRY_POINT_GROUP",
        "exporter_for_filename",
        "exporter_names",
        "get_exporter",
        "iter_exporters",
    ),
    "sessionfeed.fragments": (
        "Fragment",
        "embed",
    ),
    "sessionfeed.importers": (
        "import_source",
        "imported_toml",
    ),
    "sessionfeed.importers.base": (
        "Imported",
        "Notice",
    ),
    "sessionfeed.io.dump": (
        "to_dict",
    ),
    "sessionfeed.io.toml": (
        "from_dict",
        "load",
    ),
    "sessionfeed.model.facets": (
        "Facet",
        "Selection",
        "selections",
    ),
    "sessionfeed.model.programme": (
        "Address",
        "AllDay",
        "AttendanceMode",
        "BUILTIN_KINDS",
        "Contact",
        "Kind",
        "Links",
        "Location",
        "Month",
        "Online",
        "Organisation",
        "Participation",
        "Person",
        "Programme",
        "Recording",
        "Role",
        "Session",
        "Status",
        "Tag",
        "Timed",
        "Unknown",
        "Venue",
        "When",
    ),
    "sessionfeed.model.revisions": (
        "Revision",
        "Revisions",
    ),
    "sessionfeed.model.text": (
        "Localized",
        "LocalizedText",
    ),
    "sessionfeed.model.timeline": (
        "Window",
    ),
    "sessionfeed.serve.app": (
        "make_app",
    ),
    "sessionfeed.site.build": (
        "BuildReport",
        "FileReport",
        "build_site",
    ),
}
_LAZY = {name: module for module, names in _PUBLIC.items() for name in names}

__all__ = ["__version__", *sorted(_LAZY)]  # noqa: PLE0604 - the names of the table above



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
