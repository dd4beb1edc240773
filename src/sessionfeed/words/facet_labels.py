"""What a facet value is called in a locale ("Maria Mora", "herstel & verhaal", "Engels").

A sub-calendar, a sub-feed and a hub page (see :mod:`sessionfeed.model.facets`)
are named after the value they hold: a person's name, an organisation's name
with its short name, a tag's label, a language's name in the locale (from
CLDR), a kind's word. Their calendars and feeds are titled with the
programme's title and that name, "Webinars — Maria Mora", so that a
subscriber who follows several tells them apart in their list of calendars.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sessionfeed.model.facets import Facet
from sessionfeed.model.text import Localized
from sessionfeed.words.vocabulary import Words


if TYPE_CHECKING:
    from sessionfeed.model.people import Organisation, Person
    from sessionfeed.model.programme import Programme
    from sessionfeed.model.session import Tag


__all__ = ["FacetLabels"]


class FacetLabels:
    """The names of a programme's facet values in one locale.

    Example::

        labels = FacetLabels(programme, "nl")
        labels.label(Facet.LANGUAGES, "en").text  # "Engels"
        labels.title(Facet.PEOPLE, "maria-mora")  # "Webinars — Maria Mora"
    """

    __slots__ = ("_organisations", "_people", "_tags", "locale", "programme", "words")

    def __init__(self, programme: Programme, locale: str) -> None:
        """Look the programme's people, organisations and tags up by id once."""
        self.programme = programme
        self.locale = locale
        self.words = Words.of(locale)
        self._people: dict[str, Person] = {person.id: person for person in programme.people}
        self._organisations: dict[str, Organisation] = {org.id: org for org in programme.organisations}
        self._tags: dict[str, Tag] = {tag.id: tag for tag in programme.tags}

    def label(self, facet: Facet, value: str) -> Localized:
        """The value's name, with the language it is in (a person's name is in every language).

        An id the programme does not define (which a valid programme never
        gives) is its own name.
        """
        programme, locale, words = self.programme, self.locale, self.words
        if facet is Facet.PEOPLE and value in self._people:
            return Localized(text=self._people[value].name, lang=locale)
        if facet is Facet.ORGANISATIONS and value in self._organisations:
            org = self._organisations[value]
            lang = programme.text(org.name, locale).lang
            return Localized(text=words.organisation_name(programme, org), lang=lang)
        if facet is Facet.TAGS and value in self._tags:
            return programme.text(self._tags[value].label, locale)
        if facet is Facet.LANGUAGES:
            return Localized(text=words.language_name(value), lang=locale)
        if facet is Facet.KINDS:
            kind = words.kind_label(programme, value)
            return Localized(text=kind[:1].upper() + kind[1:], lang=locale)
        return Localized(text=value, lang=locale)

    def title(self, facet: Facet, value: str) -> str:
        """The title of the value's calendar and feeds: the programme's, then the value's.

        "Webinars — Maria Mora".
        """
        programme = self.programme.text(self.programme.title, self.locale).text
        # TRANSLATORS: the name of a calendar or feed that holds part of a programme, "Webinars — Maria Mora".
        pattern = self.words.gettext("{programme} — {subject}")
        return pattern.format(programme=programme, subject=self.label(facet, value).text)
