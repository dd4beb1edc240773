"""A session's card: the HTML fragment the pages, the feeds' entries and the embeds all show.

The card is rendered by the card template (``parts/session.html``: the
built-in one or a site's own, :mod:`sessionfeed.exporters.templating`) from a
session's words (:class:`~sessionfeed.words.compose.SessionBlock`);
:func:`card_context` gives it its variables (docs/templates.md lists them),
:func:`block_html` renders it.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import TYPE_CHECKING

import attrs

from sessionfeed.exporters.hub_links import organiser_links, people_links, topic_links
from sessionfeed.model.programme import Status
from sessionfeed.words.compose import machine_date, sentence
from sessionfeed.words.escaping import text_paragraphs
from sessionfeed.words.vocabulary import Words


if TYPE_CHECKING:
    from sessionfeed.exporters.templating import Templates
    from sessionfeed.words.compose import SessionBlock


__all__ = ["CARD_TEMPLATE", "CardLabels", "block_html", "card_context", "card_labels", "session_basics"]

#: The template of a session's card (an ``<article>``), in a templates folder.
CARD_TEMPLATE = "parts/session.html"


@attrs.frozen
class CardLabels:
    """The labels that every card of a locale repeats (the card template's ``labels``).

    Attributes:
        what: "Wat".
        when: "Wanneer".
        where: "Waar".
        topics: "Onderwerpen".
    """

    what: str
    when: str
    where: str
    topics: str


@functools.lru_cache(maxsize=32)
def card_labels(locale: str) -> CardLabels:
    """The labels that every card of ``locale`` repeats, looked up once."""
    words = Words.of(locale)
    return CardLabels(
        what=words.gettext("What"),
        when=words.gettext("When"),
        where=words.gettext("Where"),
        topics=words.gettext("Topics"),
    )


def session_basics(
    block: SessionBlock, *, heading_level: int, anchor: bool, id_prefix: str
) -> dict[str, object]:
    """What the full card and the short card (``parts/card.html``) both get: title, status, when, where."""
    session = block.session
    locale = block.locale
    status = session.status
    return {
        "block": block,
        "session": session,
        "locale": locale,
        "level": min(max(heading_level, 1), 5),
        "anchor": anchor,
        "id_prefix": id_prefix,
        "status": "" if status is Status.SCHEDULED else status.value,
        "title": block.title.text,
        "title_lang": "" if block.title.lang == locale else block.title.lang,
        "period": block.period,
        "status_text": block.status_text,
        "kind": block.kind_phrase,
        "when": block.when_text,
        "machine_date": machine_date(session.when),
        "where": block.location_text,
        "labels": card_labels(locale),
        "recording": session.recording,
        "_": Words.of(locale).gettext,
    }


def card_context(
    block: SessionBlock,
    *,
    heading_level: int = 3,
    anchor: bool = False,
    extra_links: Sequence[tuple[str, str]] = (),
    id_prefix: str = "",
) -> dict[str, object]:
    """The variables of the session card template (``parts/session.html``) for ``block``.

    docs/templates.md lists them: the block and the session themselves, and
    what the built-in card writes, each as one variable (a template reads a
    variable faster than an attribute, and a page has thousands of cards).
    The recording's link is left out of ``links``: the card writes it with
    its own template (``parts/recording.html``).
    """
    locale = block.locale
    recording = block.session.recording
    description = block.description
    organisers = block.organisers_text
    return {
        **session_basics(block, heading_level=heading_level, anchor=anchor, id_prefix=id_prefix),
        "description": (
            text_paragraphs(description.text, clean=not block.unsafe) if description is not None else ()
        ),
        "description_lang": "" if description is None or description.lang == locale else description.lang,
        "roles": block.roles,
        "people_links": people_links(block),
        "organisers": sentence(organisers) if organisers else "",
        "organiser_links": _sentence_parts(organiser_links(block)) if organisers else (),
        "topics": block.topics,
        "topic_links": topic_links(block),
        "links": block.links[:-1] if recording is not None else block.links,  # the recording is last
        "extra_links": tuple(extra_links),
    }


def _sentence_parts(parts: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """The organisers' pieces as :func:`~sessionfeed.words.compose.sentence` ends them (a full stop)."""
    if not parts:
        return parts
    text, url = parts[-1]
    if url:
        return (*parts, (sentence(text)[len(text) :], ""))
    return (*parts[:-1], (sentence(text), ""))


def block_html(
    block: SessionBlock,
    *,
    heading_level: int = 3,
    anchor: bool = False,
    extra_links: Sequence[tuple[str, str]] = (),
    templates: Templates | None = None,
    id_prefix: str = "",
) -> str:
    """The session as an HTML fragment: its card (one ``<article>``), every text escaped.

    Rendered by the card template, ``parts/session.html``: the built-in one,
    or that of ``templates``. Texts whose language differs from the page
    locale carry ``lang=``.

    Args:
        block: The session in words.
        heading_level: The level of the session's heading (1 to 5); role labels
            are one level below.
        anchor: Give the article the session id as ``id`` (the page's anchors).
        extra_links: More ``(label, url)`` links after the session's own (the
            page adds "add to calendar").
        templates: The templates to render it with; the built-in ones by default.
        id_prefix: Put before the ``id`` (a fragment to embed in another page
            prefixes its ids, so that they cannot clash with the page's).

    Raises:
        TemplateError: The card template of ``templates`` has an error.
    """
    from sessionfeed.exporters.templating import builtin_templates

    chosen = builtin_templates() if templates is None else templates
    context = card_context(
        block, heading_level=heading_level, anchor=anchor, extra_links=extra_links, id_prefix=id_prefix,
    )  # fmt: skip
    return chosen.render_text(CARD_TEMPLATE, context)
