"""The public surface: every exported name resolves, importing is cheap, and the version is the package's."""

from __future__ import annotations

import importlib
import importlib.metadata
import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import sessionfeed


ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("icalendar", "feedgen", "lxml", "babel")


def _modules_after(code: str) -> list[str]:
    """The top-level packages imported by a fresh interpreter running ``code``."""
    script = f"import sys, json\n{code}\nprint(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}})))\n"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(result.stdout.splitlines()[-1])


@pytest.mark.parametrize("name", sorted(sessionfeed.__all__))
def test_every_exported_name_resolves(name: str) -> None:
    value = getattr(sessionfeed, name)
    assert value is not None
    assert name in dir(sessionfeed)
    if isinstance(value, type) or callable(value):
        assert value.__module__.startswith("sessionfeed")


def test_star_import_gives_exactly_all() -> None:
    namespace: dict[str, object] = {}
    exec("from sessionfeed import *", namespace)
    assert set(namespace) - {"__builtins__"} == set(sessionfeed.__all__)
    assert len(sessionfeed.__all__) == len(set(sessionfeed.__all__))


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="module 'sessionfeed' has no attribute 'nothing_here'"):
        sessionfeed.nothing_here  # noqa: B018 - the point of the test


def test_the_dict_shape_is_read_and_written_by_functions_not_the_model() -> None:
    """``from_dict`` and ``to_dict`` are the loader's and the writer's; the model has no such methods."""
    programme = sessionfeed.load(ROOT / "examples" / "upcoming-demo.toml")
    data = sessionfeed.to_dict(programme)
    assert sessionfeed.from_dict(data) == programme
    assert json.loads(json.dumps(data)) == data  # JSON types only
    assert sessionfeed.from_dict.__module__ == "sessionfeed.io.toml"
    assert sessionfeed.to_dict.__module__ == "sessionfeed.io.dump"
    for name in ("from_dict", "from_toml", "to_dict"):
        assert not hasattr(sessionfeed.Programme, name), name
    with pytest.raises(sessionfeed.ArgumentError, match=r"programme must be a sessionfeed\.Programme, not dict"):
        sessionfeed.to_dict(data)  # type: ignore[arg-type]


def test_the_lazy_extras_resolve() -> None:
    """build_calendar, script_tag and make_app load their modules on first use."""
    assert sessionfeed.build_calendar.__module__ == "sessionfeed.exporters.ical.exporter"
    assert sessionfeed.script_tag.__module__ == "sessionfeed.exporters.jsonld"
    assert sessionfeed.make_app.__module__ == "sessionfeed.serve.app"


@pytest.mark.parametrize(
    "module",
    [
        "sessionfeed.exceptions", "sessionfeed.exporters", "sessionfeed.exporters.base", "sessionfeed.cli",
        "sessionfeed.model.programme", "sessionfeed.model.text", "sessionfeed.model.checks", "sessionfeed.io.toml", "sessionfeed.io.dump",
        "sessionfeed.io.lines", "sessionfeed.site.layout", "sessionfeed.model.revisions", "sessionfeed.exporters.registry",
        "sessionfeed.site.build",
    ],
)  # fmt: skip
def test_each_foundation_module_declares_what_it_exports(module: str) -> None:
    loaded = importlib.import_module(module)
    assert loaded.__all__
    for name in loaded.__all__:
        assert hasattr(loaded, name), f"{module}.__all__ names {name!r}, which it lacks"


#: Each format module exports its exporter class and its pure builders, nothing else
#: (docs/design.md, "Exporters and the registry").
FORMAT_MODULES = {
    "sessionfeed.exporters.ical": {"ICalExporter", "build_calendar", "calendar_bytes", "session_calendar_bytes"},
    "sessionfeed.exporters.ical.exporter": {"ICalExporter", "build_calendar", "calendar_bytes", "session_calendar_bytes"},
    "sessionfeed.exporters.feeds": {"RSSExporter", "AtomExporter", "build_rss", "build_atom"},
    "sessionfeed.exporters.feeds.exporter": {"RSSExporter", "AtomExporter", "build_rss", "build_atom"},
    "sessionfeed.exporters.jsonld": {
        "JSONLDExporter", "build_graph", "build_session_graph", "build_list_graph", "to_json", "script_tag",
    },
    "sessionfeed.exporters.html": {"HTMLExporter", "build_page"},
    "sessionfeed.exporters.text": {"TextExporter", "build_text"},
    "sessionfeed.exporters.csv_table": {"CSVExporter", "build_csv"},
    "sessionfeed.exporters.frab": {"FrabExporter", "schedule", "schedule_bytes"},
    "sessionfeed.exporters.jcal": {"JCalExporter", "jcal", "jcal_bytes"},
}  # fmt: skip


@pytest.mark.parametrize("module", sorted(FORMAT_MODULES))
def test_each_format_module_exports_its_exporter_and_builders_only(module: str) -> None:
    loaded = importlib.import_module(module)
    assert set(loaded.__all__) == FORMAT_MODULES[module]
    exporters = [name for name in loaded.__all__ if name.endswith("Exporter")]
    assert exporters, f"{module} exports no exporter class"
    for name in loaded.__all__:
        assert callable(getattr(loaded, name)), f"{module}.{name} is not a class or a builder"


def test_importing_sessionfeed_is_cheap() -> None:
    """``import sessionfeed`` loads no output library and no locale data."""
    loaded = _modules_after("import sessionfeed")
    assert [m for m in HEAVY if m in loaded] == []


def test_the_help_of_the_command_is_cheap() -> None:
    """``sessionfeed --help`` loads neither the output libraries nor the model."""
    loaded = _modules_after(
        "from sessionfeed.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n",
    )
    assert [m for m in (*HEAVY, "attrs", "attr") if m in loaded] == []


def test_the_version_is_the_package_version() -> None:
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert sessionfeed.__version__ == declared
    assert importlib.metadata.version("sessionfeed") == declared


def test_the_package_is_typed() -> None:
    assert (Path(sessionfeed.__file__).parent / "py.typed").is_file()


def test_the_entry_point_group_is_the_documented_one() -> None:
    assert sessionfeed.ENTRY_POINT_GROUP == "sessionfeed.exporters"


# ------------------------------------------------------------------ known bugs


def test_every_lazy_name_is_in_all() -> None:
    lazy = set(sessionfeed._LAZY)  # type: ignore[attr-defined]
    assert lazy <= set(sessionfeed.__all__)


def test_the_names_for_type_checkers_are_the_names_at_run_time() -> None:
    """The TYPE_CHECKING block re-exports (``X as X``) exactly the table the package loads from.

    ``__all__`` is made from that table, so the public names are written once for
    run time and once for type checkers, and this test holds the two together.
    """
    import ast

    source = Path(sessionfeed.__file__).read_text(encoding="utf-8")
    typed: dict[str, str] = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            for statement in node.body:
                if isinstance(statement, ast.ImportFrom) and (statement.module or "").startswith("sessionfeed"):
                    for alias in statement.names:
                        assert alias.asname == alias.name, f"{alias.name} is not re-exported as itself"
                        typed[alias.name] = statement.module or ""
    assert typed == sessionfeed._LAZY  # type: ignore[attr-defined]
    assert sessionfeed.__all__ == ["__version__", *sorted(typed)]
