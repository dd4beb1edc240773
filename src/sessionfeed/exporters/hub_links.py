"""Where a session's people, organisations and topics link to: their hub pages.

Every person, organisation and tag that a programme's ``facets`` follow has a
page of its own (``<locale>/people/<id>/``, see
:func:`sessionfeed.site.layout.facet_url`). A session's card and its page link
each of its people (and their organisation), each organisation in the
organisers' sentence and each topic there. The URLs are absolute: the card
is also a feed entry's content and a fragment pasted into other sites.

A facet that is off gets no links. An organisation is linked only where it
has a page: when the session belongs to it (:func:`~sessionfeed.model.facets.facet_values`),
which is so for the session's own organisers and supporters and for its
people's organisations, not for the programme's organisers standing in
for a session that names none.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from sessionfeed.model.facets import Facet, facet_values
from sessionfeed.model.people import Role
from sessionfeed.site import layout as _layout
from sessionfeed.words.vocabulary import Words


if TYPE_CHECKING:
    from sessionfeed.words.compose import SessionBlock


__all__ = ["PersonLink", "organiser_links", "people_links", "topic_links"]


@attrs.frozen
class PersonLink:
    """A person on a card: the name and the organisation, each with its page (``""``: no link).

    Together they read as the person's line: "Maria Mora (Initiative for Global Solidarity, IGS)".

    Attributes:
        name: The person's name.
        url: Their hub page, ``""`` when people have no pages.
        affiliation: Their organisation as the line writes it, ``""`` for none.
        affiliation_url: Its hub page, ``""`` when organisations have no pages.
    """

    name: str
    url: str
    affiliation: str
    affiliation_url: str


def people_links(
    block: SessionBlock, *, own_urls: bool = False
) -> tuple[tuple[str, tuple[PersonLink, ...]], ...]:
    """Each role's label and its people, as ``block.roles`` has them, each with their pages.

    ``own_urls``: a person without a hub page links to their own ``url`` (a
    session's page does; a card does not, as before there were hubs).
    """
    programme = block.programme
    session = block.session
    if programme is None or not session.participants:
        return ()
    locale = block.locale
    people_on = Facet.PEOPLE in programme.facets
    orgs_on = Facet.ORGANISATIONS in programme.facets
    words = Words.of(locale)
    found: dict[Role, list[PersonLink]] = {}
    for part in session.participants:
        person = part.person
        url = _layout.facet_url(programme, locale, Facet.PEOPLE, person.id) if people_on else ""
        if not url and own_urls:
            url = person.url or ""
        affiliation = affiliation_url = ""
        if person.affiliation is not None:
            affiliation = words.affiliation_text(programme, person.affiliation)
            if orgs_on:
                org = person.affiliation.id
                affiliation_url = _layout.facet_url(programme, locale, Facet.ORGANISATIONS, org)
        found.setdefault(part.role, []).append(
            PersonLink(name=person.name, url=url, affiliation=affiliation, affiliation_url=affiliation_url)
        )
    labels = iter(block.roles)
    result = []
    for role in Role:
        people = found.get(role)
        if people:
            label, _ = next(labels)
            result.append((label, tuple(people)))
    return tuple(result)


def organiser_links(block: SessionBlock) -> tuple[tuple[str, str], ...]:
    """The organisers' sentence in pieces, ``(text, url)``: an organisation with a page links to it."""
    programme = block.programme
    parts = block.organiser_parts
    if not parts or programme is None or Facet.ORGANISATIONS not in programme.facets:
        return tuple((text, "") for text, _ in parts)
    own = set(facet_values(block.session, Facet.ORGANISATIONS))
    locale = block.locale
    return tuple(
        (
            text,
            _layout.facet_url(programme, locale, Facet.ORGANISATIONS, org) if org and org in own else "",
        )
        for text, org in parts
    )


def topic_links(block: SessionBlock) -> tuple[tuple[str, str], ...]:
    """Each topic's label with its page (``""`` when topics have no pages), as ``block.topics``."""
    programme = block.programme
    on = programme is not None and Facet.TAGS in programme.facets
    locale = block.locale
    return tuple(
        (label, _layout.facet_url(programme, locale, Facet.TAGS, tag.id) if on and programme else "")
        for label, tag in zip(block.topics, block.session.tags, strict=True)
    )
