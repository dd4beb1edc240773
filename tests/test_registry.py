"""The exporter registry: built-ins by name and alias, plugins through entry points, clear errors."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import sessionfeed as sf
from sessionfeed.exporters import registry as _registry
from sessionfeed.exporters.base import check_output_path
from sessionfeed.site import layout as _layout


ROOT = Path(__file__).resolve().parent.parent
PLUGIN_SRC = ROOT / "examples" / "plugin" / "src"

#: The built-ins, in the order a build writes them, with the file each writes.
BUILTINS = {
    "html": (_layout.PAGE, "text/html; charset=utf-8"),
    "text": (_layout.TEXT, "text/plain; charset=utf-8"),
    "ical": (_layout.CALENDAR, "text/calendar; charset=utf-8"),
    "rss": (_layout.RSS, "application/rss+xml"),
    "atom": (_layout.ATOM, "application/atom+xml"),
    "jsonld": (_layout.JSONLD, "application/ld+json"),
}

GOOD_MODULE = '''
class Good:
    name = "{name}"
    title = "Good"
    media_type = "text/plain"
    filename = "{filename}"

    def export(self, programme, *, locale):
        return f"{{programme.id}} {{locale}}".encode()

INSTANCE = Good()
'''


@pytest.fixture(autouse=True)
def fresh_registry() -> Iterator[None]:
    """Every test starts and ends with an empty registry cache."""
    _registry.clear_cache()
    yield
    _registry.clear_cache()


Install = Callable[..., Path]


@pytest.fixture
def install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Install]:
    """Make a distribution with entry points importable, as ``pip install`` would (a dist-info on sys.path)."""
    added: list[str] = []

    def make(
        entry_points: dict[str, str], modules: dict[str, str] | None = None, *, dist: str = "fake_plugin", clear: bool = True,
    ) -> Path:
        root = tmp_path / dist
        info = root / f"{dist}-0.1.dist-info"
        info.mkdir(parents=True)
        (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: 0.1\n", encoding="utf-8")
        lines = "".join(f"{name} = {value}\n" for name, value in entry_points.items())
        (info / "entry_points.txt").write_text(f"[{sf.ENTRY_POINT_GROUP}]\n{lines}", encoding="utf-8")
        for module, source in (modules or {}).items():
            (root / f"{module}.py").write_text(textwrap.dedent(source), encoding="utf-8")
            added.append(module)
        monkeypatch.syspath_prepend(str(root))
        if clear:
            _registry.clear_cache()
        return root

    yield make
    for module in added:
        sys.modules.pop(module, None)


def _baseline() -> list[str]:
    """The exporters installed before a test adds any (a developer may have installed plugins)."""
    return sf.exporter_names()


# ------------------------------------------------------------------ built-ins


def test_builtins_come_first_in_build_order() -> None:
    assert sf.exporter_names()[: len(BUILTINS)] == list(BUILTINS)
    assert [e.name for e in sf.iter_exporters()] == sf.exporter_names()


@pytest.mark.parametrize(("name", "expected"), BUILTINS.items(), ids=list(BUILTINS))
def test_each_builtin_describes_itself(name: str, expected: tuple[str, str]) -> None:
    """Each built-in has its name, a title, the layout's file name and its media type."""
    exporter = sf.get_exporter(name)
    assert isinstance(exporter, sf.Exporter)
    assert isinstance(exporter, sf.BaseExporter)
    assert (exporter.name, exporter.filename, exporter.media_type) == (name, *expected)
    assert exporter.title.strip()
    assert repr(exporter) == f"<{type(exporter).__name__} {name!r}>"
    assert sf.get_exporter(name.upper()) is exporter
    assert sf.get_exporter(name) is exporter  # loaded once
    assert sf.exporter_for_filename(expected[0]) is exporter
    assert sf.exporter_for_filename(f"site/nl/{expected[0]}") is exporter


def test_aliases_find_the_same_exporter() -> None:
    """Every alias a built-in declares leads to it; 'txt' is the plain text."""
    assert sf.get_exporter("txt") is sf.get_exporter("text")
    aliases = {alias: e for e in sf.iter_exporters() for alias in getattr(e, "aliases", ())}
    assert aliases
    for alias, exporter in aliases.items():
        assert sf.get_exporter(alias) is exporter
        assert alias not in BUILTINS


def test_an_unknown_name_lists_the_known_ones() -> None:
    with pytest.raises(sf.ExporterNotFound) as caught:
        sf.get_exporter("icss")
    names = sf.exporter_names()
    assert caught.value.name == "icss"
    assert caught.value.known == tuple(names)
    assert str(caught.value) == f"no exporter named 'icss'; known exporters: {', '.join(names)}"
    assert isinstance(caught.value, LookupError)


def test_an_unknown_file_name_lists_the_known_files() -> None:
    with pytest.raises(sf.ExporterNotFound) as caught:
        sf.exporter_for_filename("sessions/grievance-basics.ics")
    assert caught.value.known[: len(BUILTINS)] == tuple(f for f, _ in BUILTINS.values())


def test_builtins_are_imported_only_when_asked_for() -> None:
    """Looking up one exporter imports its module and no other, and no heavy library."""
    code = (
        "import sys, sessionfeed\n"
        "sessionfeed.get_exporter('text')\n"
        "mods = [m for m in ('sessionfeed.exporters.ical.exporter', 'sessionfeed.exporters.feeds.exporter', "
        "'sessionfeed.exporters.jsonld', 'sessionfeed.exporters.html', 'icalendar', 'feedgen', 'lxml') "
        "if m in sys.modules]\n"
        "print(mods)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


# --------------------------------------------------------------------- plugins


def test_the_example_plugin_through_its_entry_point(install: Install) -> None:
    """examples/plugin, found through a dist-info's entry_points.txt, joins the registry after the built-ins."""
    before = _baseline()
    root = install({"sessions": "sessionfeed_example_plugin:CSVExporter"})
    # The package itself comes from examples/plugin/src, as pip install -e would make it.
    sys.path.insert(0, str(PLUGIN_SRC))
    try:
        exporter = sf.get_exporter("sessions")
        assert type(exporter).__module__ == "sessionfeed_example_plugin"
        assert (exporter.name, exporter.filename, exporter.media_type) == ("sessions", "sessions.csv", "text/csv; charset=utf-8")
        assert sf.exporter_names() == [*before, "sessions"]
        assert sf.exporter_for_filename("sessions.csv") is exporter
        assert exporter in list(sf.iter_exporters())
        programme = sf.load(ROOT / "examples" / "upcoming-demo.toml")
        lines = exporter.export(programme, locale="en").decode().split("\r\n")
        assert lines[0].startswith('"id","kind","title"')
        assert len(lines) == len(programme.sessions) + 2  # header, rows, and the empty text after the last CRLF
    finally:
        sys.path.remove(str(PLUGIN_SRC))
        sys.modules.pop("sessionfeed_example_plugin", None)
    assert root.is_dir()


def test_a_plugin_entry_point_may_name_an_instance(install: Install) -> None:
    install({"good": "good_mod:INSTANCE"}, {"good_mod": GOOD_MODULE.format(name="good", filename="good.txt")})
    exporter = sf.get_exporter("good")
    assert exporter is sys.modules["good_mod"].INSTANCE
    assert exporter.export(sf.load(ROOT / "examples" / "upcoming-demo.toml"), locale="nl") == b"upcoming-demo nl"


def test_plugins_are_read_once_until_the_cache_is_cleared(install: Install) -> None:
    """Entry points are read on first use; clear_cache() makes a newly installed plugin visible."""
    before = _baseline()
    install({"later": "later_mod:Good"}, {"later_mod": GOOD_MODULE.format(name="later", filename="later.txt")}, clear=False)
    assert sf.exporter_names() == before
    with pytest.raises(sf.ExporterNotFound):
        sf.get_exporter("later")
    _registry.clear_cache()
    assert sf.exporter_names() == [*before, "later"]
    assert sf.get_exporter("later").filename == "later.txt"


def test_a_plugin_cannot_replace_a_builtin(install: Install) -> None:
    """On a clash of names the built-in wins, and the name is listed once."""
    install({"ical": "clash_mod:Good"}, {"clash_mod": GOOD_MODULE.format(name="ical", filename="clash.txt")})
    assert sf.get_exporter("ical").filename == _layout.CALENDAR
    assert sf.exporter_names().count("ical") == 1
    assert "clash_mod" not in sys.modules


@pytest.mark.parametrize(
    ("entry", "modules", "fragment"),
    [
        ("broken_mod:Good", {"broken_mod": "raise RuntimeError('boom at import')\n"}, "failed to load: boom at import"),
        ("missing_mod:Good", {}, "failed to load: No module named 'missing_mod'"),
        ("attr_mod:Missing", {"attr_mod": "X = 1\n"}, "failed to load: module 'attr_mod' has no attribute 'Missing'"),
        ("half_mod:Half", {"half_mod": "class Half:\n    name = 'half'\n"}, "is not an exporter: it needs the attributes name, title, media_type, filename"),
        ("none_mod:X", {"none_mod": "X = None\n"}, "is not an exporter"),
    ],
    ids=["raises-on-import", "no-module", "no-attribute", "not-an-exporter", "none"],
)
def test_a_broken_plugin_gives_a_clear_error(install: Install, entry: str, modules: dict[str, str], fragment: str) -> None:
    """A plugin that cannot be loaded raises a SessionfeedError naming it and its entry point."""
    install({"broken": entry}, modules)
    assert "broken" in sf.exporter_names()
    with pytest.raises(sf.SessionfeedError) as caught:
        sf.get_exporter("broken")
    assert not isinstance(caught.value, sf.ExporterNotFound)
    message = str(caught.value)
    assert "'broken'" in message
    assert entry in message
    assert fragment in message
    # The built-ins still work beside it.
    assert sf.get_exporter("text").name == "text"


@pytest.mark.parametrize("filename", ["../x", "/etc/passwd", ".hidden", "a/../b", "", "a//b", "a\\b.txt", "out/", "a b.txt", "~/x"])
def test_a_plugin_with_an_unsafe_filename_is_refused(install: Install, filename: str) -> None:
    """An exporter whose file would land outside its locale folder is never used."""
    install({"unsafe": "unsafe_mod:Good"}, {"unsafe_mod": GOOD_MODULE.format(name="unsafe", filename=filename.replace("\\", "\\\\"))})
    with pytest.raises(sf.SessionfeedError) as caught:
        sf.get_exporter("unsafe")
    assert "is not a safe relative file name" in str(caught.value)
    assert "'unsafe'" in str(caught.value)


@pytest.mark.parametrize(("path", "ok"), [("calendar.ics", True), ("sessions/a-b_c.1.ics", True), ("x", True), ("..", False), (".x", False), ("a/.b", False), ("a/", False), ("-x", False)])
def test_check_output_path(path: str, ok: bool) -> None:
    assert (check_output_path(path) is None) is ok


# ------------------------------------------------------------------ known bugs


@pytest.mark.parametrize(
    "source",
    [
        "class Bad:\n    name = 'bad'\n    title = 'B'\n    media_type = 'x/y'\n    filename = 'b.txt'\n    def __init__(self, needed):\n        pass\n    def export(self, programme, *, locale):\n        return b''\n",
        "class Bad:\n    def __init__(self):\n        raise RuntimeError('no config')\n",
    ],
    ids=["needs-arguments", "raises"],
)
def test_a_plugin_whose_constructor_fails_gives_a_clear_error(install: Install, source: str) -> None:
    install({"bad": "bad_ctor_mod:Bad"}, {"bad_ctor_mod": source})
    with pytest.raises(sf.SessionfeedError, match="'bad'"):
        sf.get_exporter("bad")


def test_a_plugin_without_a_text_filename_gives_a_clear_error(install: Install) -> None:
    install({"nofile": "nofile_mod:Good"}, {"nofile_mod": GOOD_MODULE.format(name="nofile", filename="x").replace('filename = "x"', "filename = None")})
    with pytest.raises(sf.SessionfeedError, match="'nofile'"):
        sf.get_exporter("nofile")


def test_a_plugin_named_with_capitals_can_be_found(install: Install) -> None:
    install({"Upper": "upper_mod:Good"}, {"upper_mod": GOOD_MODULE.format(name="upper", filename="u.txt")})
    names = sf.exporter_names()
    for name in names:
        sf.get_exporter(name)
