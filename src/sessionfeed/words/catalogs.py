"""Message catalogs and babel locales, always per call and never process-wide.

The catalogs are gettext ``.po`` files inside the package
(``sessionfeed/locale/<locale>/LC_MESSAGES/sessionfeed.po``). They are
compiled in memory the first time a locale is asked for (babel's
``read_po`` then ``write_mo`` into a buffer), so a wheel or an editable
install needs no build hook and no committed ``.mo`` file: what ships is
exactly what translators edit.

A page locale such as ``nl`` or ``en`` maps to a babel (CLDR) locale for
dates, lists and names:

* ``nl`` is ``nl_NL``;
* ``en`` is ``en_GB``, European English: "12 March 2026", a 24-hour
  "14:00", "A, B and C" and "Central European Time". Babel's plain ``en``
  is US English ("March 12, 2026", "2:00 PM", "A, B, and C"). ``en_GB``,
  ``en_IE`` and ``en_150`` agree on all of these; ``en_GB`` is chosen
  because its short time-zone names are the familiar ones ("BST", "CET")
  where ``en_150`` and ``en_IE`` print offsets ("+0100"), and its long
  date-time pattern names the zone rather than an offset (see
  ``docs/localisation.md``);
* any other locale (``de``, ``fr-BE``, ...) is what babel parses it as.

No function here reads environment variables, calls ``setlocale`` or
installs ``_`` into builtins: every caller passes its locale.
"""

from __future__ import annotations

import functools
import io
from typing import TYPE_CHECKING


if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    from babel.core import Locale
    from babel.support import Translations

__all__ = [
    "BABEL_LOCALES",
    "DOMAIN",
    "FALLBACK_CATALOG",
    "babel_locale",
    "catalog_file",
    "catalog_locales",
    "has_catalog",
    "locale_dir",
    "plain_spaces",
    "translations",
]

#: The gettext domain: ``locale/<locale>/LC_MESSAGES/sessionfeed.po``.
DOMAIN = "sessionfeed"

#: Page locales whose babel locale is not babel's own reading of the code.
BABEL_LOCALES: dict[str, str] = {
    "nl": "nl_NL",
    "en": "en_GB",
}

#: The catalog a locale without one of its own uses (the msgids are English).
FALLBACK_CATALOG = "en"

_NARROW_SPACES = str.maketrans({"\u2009": " ", "\u202f": " ", "\u00a0": " "})


def plain_spaces(text: str) -> str:
    """Replace CLDR's thin, narrow and no-break spaces by ASCII spaces."""
    return text.translate(_NARROW_SPACES)


def locale_dir() -> Traversable:
    """The ``locale`` folder inside the installed package."""
    from importlib.resources import files

    return files("sessionfeed") / "locale"


def catalog_file(locale: str) -> Traversable:
    """The ``.po`` file of a catalog locale, e.g. ``nl`` (it may not exist)."""
    return locale_dir() / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


def catalog_locales() -> tuple[str, ...]:
    """The locales that have a catalog in the installed package, sorted."""
    folder = locale_dir()
    if not folder.is_dir():
        return ()
    return tuple(
        sorted(
            entry.name for entry in folder.iterdir() if entry.is_dir() and catalog_file(entry.name).is_file()
        ),
    )


@functools.cache
def has_catalog(locale: str) -> bool:
    """Whether a page locale has words of its own: a catalog for it or for its language.

    ``nl-BE`` has the ``nl`` catalog; ``de`` has none, and would use the
    English one (:data:`FALLBACK_CATALOG`), which a programme must accept
    explicitly (``untranslated_locales``).
    """
    normal = locale.replace("-", "_")
    shipped = catalog_locales()
    return normal in shipped or normal.split("_", 1)[0] in shipped


def _candidates(locale: str) -> tuple[str, ...]:
    """Catalog folders to try for a page locale: ``pt-BR`` tries ``pt_BR``, then ``pt``."""
    normal = locale.replace("-", "_")
    language = normal.split("_", 1)[0]
    return tuple(dict.fromkeys((normal, language, FALLBACK_CATALOG)))


@functools.cache
def translations(locale: str) -> Translations:
    """The compiled catalog for a page locale, compiled once per process.

    The locale's own catalog is used when there is one (``nl-BE`` falls back to
    ``nl``); a locale without any uses the English one, whose msgids are the
    source texts anyway. Fuzzy entries are left out, as ``msgfmt`` does.

    Args:
        locale: A page locale such as ``nl``, ``en`` or ``nl-BE``.

    Returns:
        The translations; never a process-wide installation.
    """
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po
    from babel.support import NullTranslations, Translations

    for candidate in _candidates(locale):
        source = catalog_file(candidate)
        if source.is_file():
            with source.open("rb") as handle:
                catalog = read_po(handle, locale=candidate, domain=DOMAIN)
            buffer = io.BytesIO()
            write_mo(buffer, catalog, use_fuzzy=False)
            buffer.seek(0)
            return Translations(fp=buffer, domain=DOMAIN)
    # No catalog at all (a broken installation): the English msgids, untranslated.
    empty = Translations(domain=DOMAIN)
    empty.add_fallback(NullTranslations())
    return empty


@functools.cache
def babel_locale(locale: str) -> Locale:
    """The babel locale for a page locale: ``nl`` → ``nl_NL``, ``en`` → ``en_GB``.

    Args:
        locale: A page locale (BCP 47 with ``-`` or ``_``).

    Raises:
        ValueError: Babel knows no such locale.
    """
    from babel.core import Locale, UnknownLocaleError

    name = BABEL_LOCALES.get(locale, locale.replace("-", "_"))
    try:
        return Locale.parse(name)
    except (UnknownLocaleError, ValueError) as error:
        message = f"no CLDR data for the locale {locale!r}: {error}"
        raise ValueError(message) from error
