"""What a hub page is about: a person's details, an organisation's, and what kind of page it is.

Its names link to the other hub pages that exist (:class:`~sessionfeed.exporters.html.hub_page.HubIndex`):
a person's organisation, an organisation's parent, the organisations under it
and its people.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from sessionfeed.model.facets import Facet


if TYPE_CHECKING:
    from sessionfeed.exporters.html.hub_page import HubIndex
    from sessionfeed.model.people import Organisation, Person
    from sessionfeed.model.text import Localized
    from sessionfeed.words.compose import Composition
    from sessionfeed.words.vocabulary import Words


__all__ = ["Link", "kind_of_page", "org_link", "organisation_details", "person_details"]


@attrs.frozen
class Link:
    """A name and its page (``url`` ``""``: no page to link to).

    Attributes:
        text: The name.
        url: Its page.
        lang: The language of the name when it is not the page's, else ``""``.
    """

    text: str
    url: str
    lang: str = ""


def kind_of_page(words: Words, facet: Facet) -> str:
    """What the page is about, above its name: "Person", "Topic", ..."""
    return {
        Facet.PEOPLE: words.gettext("Person"),
        Facet.ORGANISATIONS: words.gettext("Organisation"),
        Facet.TAGS: words.gettext("Topic"),
        Facet.LANGUAGES: words.gettext("Language"),
        Facet.KINDS: words.gettext("Kind of session"),
    }[facet]


def person_details(composition: Composition, index: HubIndex, person: Person) -> dict[str, Any]:
    """A person's page's variables: ``person``, ``job_title``, ``affiliation``, ``website``, ``same_as``."""
    programme, locale = composition.programme, composition.locale
    job: Localized | None = programme.text(person.job_title, locale) if person.job_title is not None else None
    org = person.affiliation
    affiliation = org_link(composition, index, org) if org is not None else None
    return {
        "person": person,
        "job_title": job,
        "affiliation": affiliation,
        "website": person.url or "",
        "same_as": person.same_as,
    }


def org_link(composition: Composition, index: HubIndex, org: Organisation) -> Link:
    """An organisation's name ("Initiative for Global Solidarity (IGS)") and its page, if it has one."""
    programme, locale = composition.programme, composition.locale
    name = programme.text(org.name, locale)
    return Link(
        text=composition.words.organisation_name(programme, org),
        url=index.url(locale, Facet.ORGANISATIONS, org.id),
        lang="" if name.lang == locale else name.lang,
    )


def organisation_details(composition: Composition, index: HubIndex, org: Organisation) -> dict[str, Any]:
    """An organisation's page's variables: ``website``, ``parent``, ``children``, ``members``.

    The members are its people and those of the organisations under it, by name.
    """
    locale = composition.locale
    children = index.children.get(org.id, [])
    people = sorted(index.people_of.get(org.id, []), key=lambda p: (p.name.casefold(), p.id))
    return {
        "organisation": org,
        "website": org.url or "",
        "parent": org_link(composition, index, org.parent) if org.parent is not None else None,
        "children": tuple(org_link(composition, index, child) for child in children),
        "members": tuple(
            Link(text=person.name, url=index.url(locale, Facet.PEOPLE, person.id)) for person in people
        ),
    }
