"""Fragments of the programme to put into another site: a CMS page or a web app's template.

``sessionfeed.embed(programme, locale="nl", session="joint-efforts")`` gives
one session's card, ``session=None`` the list of every session, each with
its JSON-LD ``<script>`` element and the links for the ``<head>``; the
command ``sessionfeed embed FILE`` prints them for an editor to paste.

The fragments are rendered by the same templates as the pages (an override
changes both): ``embed.html`` around the card (``parts/session.html``) or the
list (``parts/sessions.html``), ``embed-head.html`` for the head. They carry
no page-level markup (no ``<html>``, ``<head>`` or ``<body>``), and their
``id`` attributes start with :data:`ID_PREFIX`, so that they cannot clash
with the ids of the page they are put into. They do not bring the site's
stylesheet, which styles a whole page: the host page's own styles apply
(docs/embedding.md shows the classes to style).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

import attrs

from sessionfeed.exceptions import ArgumentError


if TYPE_CHECKING:
    from sessionfeed.model.programme import Programme, Session


__all__ = ["ID_PREFIX", "Fragment", "embed"]

#: What every ``id`` of a fragment starts with.
ID_PREFIX = "sessionfeed-"
_FRAGMENT_TEMPLATE = "embed.html"
_HEAD_TEMPLATE = "embed-head.html"


@attrs.frozen(kw_only=True)
class Fragment:
    """What to paste into another page, as text.

    Attributes:
        html: The fragment: a ``<div class="sessionfeed">`` holding the card
            (one ``<article>``) or the list of sessions.
        jsonld: Its ``<script type="application/ld+json">`` element, escaped
            as the pages escape it (put it anywhere in the page).
        head: The links for the page's ``<head>``: the canonical URL where
            the session has a page of its own, and feed autodiscovery.
        locale: The locale of the texts.
        session: The session's id, or ``None`` for the whole programme.
    """

    html: str
    jsonld: str
    head: str
    locale: str
    session: str | None

    def __str__(self) -> str:
        """The three parts, head links first, as ``sessionfeed embed --part all`` prints them."""
        return f"{self.head}\n\n{self.html}\n\n{self.jsonld}"


def _session(programme: Programme, session: Session | str) -> Session:
    from sessionfeed.model.programme import Session

    if isinstance(session, Session):
        wanted = session.id
    elif isinstance(session, str):
        wanted = session
    else:
        message = f"session: expected a session id or a Session, got {type(session).__name__}"
        raise ArgumentError(message)
    try:
        found = programme.session(wanted)
    except KeyError:
        known = ", ".join(s.id for s in programme.sessions[:10]) or "none"
        more = ", ..." if len(programme.sessions) > 10 else ""
        message = (
            f"session: {wanted!r} is not a session of the programme {programme.id!r}; it has {known}{more}"
        )
        raise ArgumentError(message) from None
    if not isinstance(session, str) and found != session:
        message = f"session: {wanted!r} differs from the programme's session with that id"
        raise ArgumentError(message)
    return found


def embed(
    programme: Programme,
    *,
    locale: str | None = None,
    session: Session | str | None = None,
    templates: str | os.PathLike[str] | None = None,
    heading_level: int = 2,
) -> Fragment:
    """One session's card, or the whole programme's list, to put into another site's page.

    Args:
        programme: The programme.
        locale: The locale of the texts; the programme's default by default.
        session: A session (or its id): its card; ``None``: every session.
        templates: A folder of templates in front of the built-in ones, as for
            ``sessionfeed build --templates``; the programme's ``templates`` by default.
        heading_level: The level of one session's heading, from 1 to 5 (2: a
            card under the page's own ``<h1>``); its role labels are one below.
            The list of every session has its own ``<h2>`` and cards at 3.

    Returns:
        The fragment, its JSON-LD element and its head links.

    Raises:
        ArgumentError: ``programme``, ``locale``, ``session`` or ``heading_level`` is not right.
        TemplateError: A template has an error (``TEMPLATE_FILE:LINE: message``).
    """
    from sessionfeed._arguments import check_locale, check_path, check_programme, check_whole_number
    from sessionfeed.exporters.html import common as page
    from sessionfeed.exporters.html.cards import cards
    from sessionfeed.exporters.jsonld import script_tag
    from sessionfeed.exporters.templating import Templates, builtin_templates
    from sessionfeed.words.compose import Composition

    programme = check_programme(programme)
    locale = programme.default_locale if locale is None else check_locale(programme, locale)
    folder = templates if templates is not None else programme.templates
    level = check_whole_number(heading_level, "heading_level", minimum=1, maximum=5)
    chosen = builtin_templates() if folder is None else Templates(check_path(folder, "templates"))
    composition = Composition(programme, locale)
    context: dict[str, Any] = page.common_context(programme, locale, chosen, to_root="../")
    context["id_prefix"] = ID_PREFIX
    context["urls"] = page.page_urls(programme, locale)
    context["feeds"] = page.feeds(programme, locale, composition.words)
    found = None if session is None else _session(programme, session)
    if found is None:
        context.update(card=None, cards=cards(composition, chosen, id_prefix=ID_PREFIX), canonical=None)
    else:
        card = cards(composition, chosen, sessions=(found,), id_prefix=ID_PREFIX, heading_level=level)
        context.update(card=next(card), cards=(), canonical=found.links.page)
    jsonld = script_tag(programme, locale=locale, session=found)
    return Fragment(
        html=str(chosen.render(_FRAGMENT_TEMPLATE, context)),
        jsonld=jsonld,
        head=str(chosen.render(_HEAD_TEMPLATE, context)).rstrip("\n"),
        locale=locale,
        session=None if found is None else found.id,
    )
