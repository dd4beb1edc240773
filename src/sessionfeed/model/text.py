"""Text in several languages, with a defined fallback."""

from __future__ import annotations

import sys
from collections.abc import Iterator, Mapping
from typing import TypeVar

import attrs

from sessionfeed.exceptions import ProgrammeError


__all__ = ["Localized", "LocalizedText", "shared"]


@attrs.frozen(kw_only=True)
class Localized:
    """A text together with the language it is actually in.

    Exporters mark the language when it differs from the page's
    (``xml:lang``, ``LANGUAGE=``, ``lang=``).

    Attributes:
        text: The text.
        lang: The locale code of the text, e.g. ``nl``.
    """

    text: str
    lang: str

    def __str__(self) -> str:
        return self.text


_T = TypeVar("_T")


def shared(value: _T) -> _T:
    """A converter: a text that many values repeat (a locale, a kind, a platform) as one shared copy.

    A file's reader makes a new string for every value it reads: 50,000
    sessions that each say ``language = "nl"`` and ``kind = "webinar"`` hold
    that many copies. Interned, they hold one. A value that is not a string
    is kept as it is, for the class's check to name.
    """
    if isinstance(value, str) and type(value) is str:  # sys.intern takes no subclass of str
        return sys.intern(value)  # type: ignore[return-value]
    return value


def _to_items(value: Mapping[str, str] | tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """The ``(locale, text)`` pairs of a mapping or of a sequence of pairs, sorted by locale.

    Sorted: a text is a map, and the order its keys were written in (which
    TOML and JSON do not fix) must not change an output. Keys and texts are
    kept as they are, never turned into strings: the model that holds the
    text names a key or a text that is not a string, with its path.

    Raises:
        ProgrammeError: ``value`` is neither a mapping nor a sequence of pairs.
    """
    if isinstance(value, Mapping):
        items = list(value.items())
    elif isinstance(value, tuple | list) and all(isinstance(i, tuple | list) and len(i) == 2 for i in value):
        items = [(key, text) for key, text in value]
    else:
        wrong = type(value).__name__
        message = f"must be a table of locale to text such as {{'en': 'Webinars'}}, not {wrong}"
        raise ProgrammeError.single("", message)
    return tuple(sorted(((shared(key), text) for key, text in items), key=lambda item: str(item[0])))


@attrs.frozen
class LocalizedText:
    """One value per locale, e.g. ``LocalizedText({"nl": "Webinars", "en": "Webinars"})``.

    Resolution falls back from the requested locale to the programme's default
    locale, then to the value of the first locale in alphabetical order (see
    :meth:`resolve`), so that no output depends on the order keys were written in.

    Attributes:
        items: ``(locale, text)`` pairs, sorted by locale.
    """

    # A text has a value or two (a programme has few locales): looking one up
    # in these pairs is as quick as in a dict, which would double the memory
    # texts take in a programme of many sessions.
    items: tuple[tuple[str, str], ...] = attrs.field(converter=_to_items)

    @classmethod
    def of(cls, text: str, lang: str) -> LocalizedText:
        """Return a text in one language."""
        return cls({lang: text})

    def __getitem__(self, locale: str) -> str:
        for key, text in self.items:
            if key == locale and isinstance(key, str):
                return text
        raise KeyError(locale)

    def __contains__(self, locale: object) -> bool:
        return any(key == locale and isinstance(key, str) for key, _ in self.items)

    def __iter__(self) -> Iterator[str]:
        return (key for key, _ in self.items)

    def __len__(self) -> int:
        return len(self.items)

    @property
    def locales(self) -> tuple[str, ...]:
        """The locales this text has a value for."""
        return tuple(key for key, _ in self.items)

    def as_dict(self) -> dict[str, str]:
        """Return the values as a plain dict (locale to text)."""
        return dict(self.items)

    def resolve(self, locale: str, default: str | None = None) -> Localized:
        """Return the text for ``locale``, falling back to ``default``, then to any.

        Args:
            locale: The locale asked for.
            default: The programme's default locale.

        Raises:
            KeyError: The text has no value at all (the model never builds one).
        """
        for wanted in (locale, default):
            for key, text in self.items:
                if key == wanted and isinstance(key, str):
                    return Localized(text=text, lang=key)
        if not self.items:
            raise KeyError(locale)
        lang, text = self.items[0]
        return Localized(text=text, lang=lang)
