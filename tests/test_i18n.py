"""The catalogs: complete, in step with the source, loaded from the installed package.

These tests fail, never skip: a missing catalog, an untranslated or fuzzy
message, or a message in the source that the template lacks is a bug.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
import subprocess
import sys
import zoneinfo
from pathlib import Path
from types import ModuleType

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

import sessionfeed as sf
from sessionfeed.words import catalogs as _i18n
from sessionfeed.words.vocabulary import Words


ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "update-catalogs.py"
REQUIRED = ("en", "nl")


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("update_catalogs", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _read(locale: str) -> Catalog:
    source = _i18n.catalog_file(locale)
    with source.open("rb") as handle:
        return read_po(handle, locale=locale, domain=_i18n.DOMAIN)


def _template() -> Catalog:
    with (_i18n.locale_dir() / f"{_i18n.DOMAIN}.pot").open("rb") as handle:
        return read_po(handle, domain=_i18n.DOMAIN)


def _key(message: Message) -> tuple[str | None, str]:
    ident = message.id[0] if isinstance(message.id, tuple) else message.id
    return message.context, str(ident)


def _keys(catalog: Catalog) -> set[tuple[str | None, str]]:
    return {_key(m) for m in catalog if m.id}


def test_catalogs_ship_inside_the_installed_package():
    """The locale folder is package data of the imported sessionfeed, with nl and en."""
    import sessionfeed

    folder = _i18n.locale_dir()
    assert folder.is_dir()
    assert Path(str(folder)).resolve().parent == Path(sessionfeed.__file__).resolve().parent
    assert (folder / f"{_i18n.DOMAIN}.pot").is_file()
    assert set(REQUIRED) <= set(_i18n.catalog_locales())


@pytest.mark.parametrize("locale", REQUIRED)
def test_no_untranslated_or_fuzzy_message(locale: str):
    """Every message of nl and en has every form translated and none is fuzzy."""
    catalog = _read(locale)
    assert not catalog.fuzzy, f"the {locale} catalog header is marked fuzzy"
    problems = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy:
            problems.append(f"fuzzy: {_key(message)}")
        if not all(strings):
            problems.append(f"untranslated: {_key(message)}")
    obsolete = [_key(m) for m in catalog.obsolete.values()]
    assert not problems, "\n".join(problems)
    assert not obsolete, f"obsolete messages left in {locale}: {obsolete}"


@pytest.mark.parametrize("locale", REQUIRED)
def test_catalog_has_exactly_the_template_messages(locale: str):
    """Each .po has the messages of the .pot, no more and no fewer."""
    assert _keys(_read(locale)) == _keys(_template())


def _babel_version() -> tuple[int, ...]:
    import babel

    return tuple(int(part) for part in babel.__version__.split(".")[:2])


def test_every_message_in_the_source_is_in_the_template():
    """Extracting the source gives exactly the committed .pot (scripts/update-catalogs.py)."""
    script = _script()
    extracted = script.extract()
    assert _keys(extracted) == _keys(_template())
    if _babel_version() < (2, 17):
        # Older extractors write no python-brace-format flags: the messages above are what
        # counts for the library; the file itself is written with the locked babel.
        pytest.skip("scripts/update-catalogs.py writes the .pot with babel 2.17 or newer (the lock's)")
    assert script.render(extracted) == script.POT.read_bytes(), (
        "the .pot is out of date: run python scripts/update-catalogs.py"
    )


_PLACEHOLDER = re.compile(r"\{[a-z_]+\}|%\([a-z_]+\)[sd]")


@pytest.mark.parametrize("locale", REQUIRED)
def test_translations_keep_the_placeholders(locale: str):
    """A msgstr has the same {name} and %(name)d placeholders as its msgid."""
    for message in _read(locale):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(_PLACEHOLDER.findall(ids[-1]))
        for string in strings:
            assert set(_PLACEHOLDER.findall(string)) == wanted, (locale, message.id, string)


def test_duration_join_style_is_known():
    """The catalog's choice of how to join duration parts is one the code knows."""
    from sessionfeed.words.vocabulary import _LIST_STYLES

    for locale in REQUIRED:
        style = _i18n.translations(locale).pgettext("duration parts joined with", "space")
        assert style == "space" or style in _LIST_STYLES


def test_translations_are_compiled_in_memory():
    """The .po compiles at load time: Dutch words and plurals come through the catalog."""
    nl = _i18n.translations("nl")
    assert nl.gettext("date to be announced") == "datum volgt nog"
    assert nl.ngettext("Speaker", "Speakers", 1) == "Spreker"
    assert nl.ngettext("Speaker", "Speakers", 2) == "Sprekers"
    assert nl.pgettext("session status", "Cancelled") == "Geannuleerd"
    assert _i18n.translations("nl") is nl
    assert _i18n.translations("en").gettext("date to be announced") == "date to be announced"


def test_no_mo_files_are_needed():
    """The package carries .po sources only; nothing compiled is committed or required."""
    folder = Path(str(_i18n.locale_dir()))
    assert not list(folder.rglob("*.mo"))


def test_babel_locales():
    """nl is nl_NL and en is European English (en_GB), not babel's US en."""
    assert str(_i18n.babel_locale("nl")) == "nl_NL"
    assert str(_i18n.babel_locale("en")) == "en_GB"
    assert str(_i18n.babel_locale("en-US")) == "en_US"
    assert str(_i18n.babel_locale("de")) == "de"


def test_words_ignore_the_environment():
    """The words ignore LANG, LC_ALL and LANGUAGE; importing the modules leaves babel unloaded."""
    code = (
        "import sys, datetime as dt, zoneinfo\n"
        "import sessionfeed, sessionfeed.words.vocabulary, sessionfeed.words.compose\n"
        "assert 'babel' not in sys.modules, 'babel loaded on import'\n"
        "from sessionfeed.words.vocabulary import Words\n"
        "z = zoneinfo.ZoneInfo('Europe/Amsterdam')\n"
        "w = sessionfeed.Timed(start=dt.datetime(2026, 3, 12, 14, tzinfo=z),"
        " end=dt.datetime(2026, 3, 12, 15, 30, tzinfo=z))\n"
        "print(Words.of('nl').format_when(w)); print(Words.of('en').format_when(w))\n"
        "print(Words.of('en').format_list(['A', 'B', 'C']))\n"
    )
    env = {
        "LANG": "de_DE.UTF-8",
        "LC_ALL": "fr_FR.UTF-8",
        "LC_TIME": "en_US_POSIX",
        "LANGUAGE": "de",
    }
    env["PYTHONIOENCODING"] = "utf-8"
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        encoding="utf-8",
    )
    assert result.returncode == 0, result.stderr
    # The same words as in this process, which runs with no such variables set.
    zone = zoneinfo.ZoneInfo("Europe/Amsterdam")
    when = sf.Timed(start=dt.datetime(2026, 3, 12, 14, tzinfo=zone), end=dt.datetime(2026, 3, 12, 15, 30, tzinfo=zone))
    assert result.stdout.splitlines() == [
        Words.of("nl").format_when(when),
        Words.of("en").format_when(when),
        Words.of("en").format_list(["A", "B", "C"]),
    ]
    assert "14:00\u201315:30" in result.stdout


_GLOBAL_LOCALE = re.compile(r"^[^#\n]*\b(?:setlocale|gettext\.install)\(", re.MULTILINE)


def test_no_process_wide_locale_in_the_source():
    """No setlocale and no gettext.install in the package's code."""
    package = Path(str(_i18n.locale_dir())).parent
    for path in package.rglob("*.py"):
        assert not _GLOBAL_LOCALE.search(path.read_text(encoding="utf-8")), path


@pytest.mark.slow
def test_catalogs_work_from_the_built_wheel(tmp_path: Path):
    """A wheel built from the tree carries the catalogs, and Dutch works from it alone."""
    wheels, target = tmp_path / "wheels", tmp_path / "site"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    # Offline when the build backend is at hand (a dev environment); else pip fetches it.
    isolation = ["--no-build-isolation"] if importlib.util.find_spec("hatchling") else []
    subprocess.run(
        [*pip, "wheel", str(ROOT), "-w", str(wheels), "--no-deps", *isolation],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheels.glob("sessionfeed-*.whl")
    import zipfile

    names = set(zipfile.ZipFile(wheel).namelist())
    for locale in REQUIRED:
        assert f"sessionfeed/locale/{locale}/LC_MESSAGES/sessionfeed.po" in names
    assert "sessionfeed/locale/sessionfeed.pot" in names
    subprocess.run(
        [*pip, "install", "--no-deps", "--no-index", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    code = (
        "import sessionfeed; from sessionfeed.words.vocabulary import Words\n"
        f"assert sessionfeed.__file__.startswith({str(target)!r}), sessionfeed.__file__\n"
        "print(Words.of('nl').role_label(sessionfeed.Role.SPEAKER, 2))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={"PYTHONPATH": str(target), "PYTHONIOENCODING": "utf-8"},
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Sprekers"
