"""The JSON-LD of a hub page: a person's, an organisation's, a topic's, a language's, a kind's.

A hub page (``<locale>/<facet>/<id>/``, see :mod:`sessionfeed.model.facets`)
says what it is about:

* a person's page is a ``ProfilePage`` whose ``mainEntity`` is the ``Person``
  (their name, ``jobTitle``, ``affiliation``, ``url``, ``sameAs`` and an
  ``identifier``), as Google's profile-page feature asks
  (https://developers.google.com/search/docs/appearance/structured-data/profile-page:
  ``mainEntity`` required, with a ``name``; ``dateModified`` recommended, from
  the newest revision of the person's sessions, never from the clock);
* an organisation's page is a ``CollectionPage`` whose ``mainEntity`` is the
  ``Organization``, with its ``alternateName``, ``url``, ``parentOrganization``
  and ``subOrganization``;
* a topic's, a language's and a kind's page is a ``CollectionPage`` whose
  ``mainEntity`` is an ``ItemList`` of the page's session pages (Google's
  summary-page pattern, as on the programme page); so is the page of a person
  or an organisation whose name has no visible text (Google requires a name).

The ``@id`` of a person and an organisation is the one the whole programme's
graph gives them (``<base_url>#person-<id>``), so the two documents speak of
one entity. Written by the JSON-LD module's encoder (:mod:`json`), the texts
cleaned as every JSON-LD text is, and escaped for the page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from sessionfeed.exporters.jsonld import _COMPACT, _SCRIPT_CLOSE, _SCRIPT_OPEN, escape_for_script
from sessionfeed.exporters.jsonld_graph import _visible, cleaned
from sessionfeed.exporters.jsonld_nodes import (
    CONTEXT,
    Node,
    _organisation_node,
    _person_node,
)
from sessionfeed.model.facets import Facet
from sessionfeed.model.people import Organisation, Person
from sessionfeed.site import layout as _layout


if TYPE_CHECKING:
    from sessionfeed.exporters.removals import Removals
    from sessionfeed.model.programme import Programme, Session


__all__ = ["build_hub_graph", "iter_hub_script_tag"]


def _named(node: Node) -> Node:
    """A reference with the entity's type and name (what a reader shows without following it)."""
    return {"@type": node["@type"], "@id": node["@id"], "name": node["name"]}


def _person(programme: Programme, person: Person, locale: str) -> Node:
    node = _person_node(programme, person, locale)
    if person.affiliation is not None:
        node["affiliation"] = _named(_organisation_node(programme, person.affiliation, locale))
    node["identifier"] = person.id
    return node


def _organisation(
    programme: Programme, org: Organisation, locale: str, children: Sequence[Organisation]
) -> Node:
    node = _organisation_node(programme, org, locale)
    if org.parent is not None:
        node["parentOrganization"] = _named(_organisation_node(programme, org.parent, locale))
    if children:
        node["subOrganization"] = [_named(_organisation_node(programme, child, locale)) for child in children]
    node["identifier"] = org.id
    return node


def _item_list(programme: Programme, locale: str, sessions: Sequence[Session]) -> Node:
    return {
        "@type": "ItemList",
        "numberOfItems": len(sessions),
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "url": _layout.session_url(programme, session, locale),
            }
            for position, session in enumerate(sessions, start=1)
        ],
    }


def build_hub_graph(
    programme: Programme,
    locale: str,
    facet: Facet,
    *,
    entity: Person | Organisation | None,
    url: str,
    name: str,
    sessions: Sequence[Session],
    modified: dt.datetime | None = None,
    children: Sequence[Organisation] = (),
) -> Node:
    """The JSON-LD document of a hub page at ``url``, titled ``name``.

    ``entity`` is the person or organisation the page is about (``None`` for
    a topic, a language or a kind); ``sessions`` are those the page lists (a topic's, language's or kind's
    ``ItemList``); ``modified`` the newest revision of its sessions (a
    person's ``dateModified``); ``children`` the organisations under an
    organisation that have pages of their own.
    """
    main: Node
    if facet is Facet.PEOPLE and isinstance(entity, Person) and _visible(entity.name):
        kind, main = "ProfilePage", _person(programme, entity, locale)
    elif (
        facet is Facet.ORGANISATIONS
        and isinstance(entity, Organisation)
        and _visible(programme.text(entity.name, locale).text)
    ):
        kind, main = "CollectionPage", _organisation(programme, entity, locale, children)
    else:
        kind, main = "CollectionPage", _item_list(programme, locale, sessions)
    page: Node = {
        "@context": CONTEXT,
        "@type": kind,
        "@id": url,
        "url": url,
        "name": name,
        "inLanguage": locale,
    }
    if modified is not None:
        page["dateModified"] = modified.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
    page["mainEntity"] = main
    return page


def iter_hub_script_tag(
    graph: Node, *, entity: Person | Organisation | None, removals: Removals | None = None
) -> Iterator[str]:
    """The ``<script type="application/ld+json">`` element of a hub's ``graph``, in pieces.

    What is removed from its texts (the characters HTML does not allow) is
    recorded in ``removals``, under ``entity``.
    """
    yield _SCRIPT_OPEN
    yield escape_for_script(_COMPACT.encode(cleaned(graph, removals, entity=getattr(entity, "id", None))))
    yield _SCRIPT_CLOSE
