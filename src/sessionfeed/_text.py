"""Text in several languages, with a defined fallback."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import attrs


__all__ = ["Localized", "LocalizedText"]


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


def _to_items(value: Mapping[str, str] | tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    # Sorted by locale: a text is a map, and the order its keys were written in
    # (which TOML and JSON do not fix) must not change an output.
    items = value.items() if isinstance(value, Mapping) else value
    return tuple(sorted(((str(k), str(v)) for k, v in items), key=lambda item: item[0]))


@attrs.frozen
class LocalizedText:
    """One value per locale, e.g. ``LocalizedText({"nl": "Webinars", "en": "Webinars"})``.

    Resolution falls back from the requested locale to the programme's default
    locale, then to the value of the first locale in alphabetical order (see
    :meth:`resolve`), so that no output depends on the order keys were written in.

    Attributes:
        items: ``(locale, text)`` pairs, sorted by locale.
    """

    items: tuple[tuple[str, str], ...] = attrs.field(converter=_to_items)
    # Every exporter resolves every text, so look-ups go through a dict made once.
    _by_locale: dict[str, str] = attrs.field(init=False, eq=False, repr=False, hash=False)

    def __attrs_post_init__(self) -> None:
        by_locale: dict[str, str] = {}
        for key, text in self.items:
            by_locale.setdefault(key, text)
        object.__setattr__(self, "_by_locale", by_locale)

    @classmethod
    def of(cls, text: str, lang: str) -> LocalizedText:
        """Return a text in one language."""
        return cls({lang: text})

    def __getitem__(self, locale: str) -> str:
        return self._by_locale[locale]

    def __contains__(self, locale: object) -> bool:
        return locale in self._by_locale

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
        by_locale = self._by_locale
        for wanted in (locale, default):
            if wanted is not None and wanted in by_locale:
                return Localized(text=by_locale[wanted], lang=wanted)
        if not self.items:
            raise KeyError(locale)
        lang, text = self.items[0]
        return Localized(text=text, lang=lang)
