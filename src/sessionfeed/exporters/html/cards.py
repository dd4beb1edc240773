"""The sessions as cards: the full card (embed, feeds) and the short card of a listing page.

A full card (``parts/session.html``, :class:`Card`) is everything about a
session: its words, its people, its links. The programme page and the archive
pages list *short* cards (``parts/card.html``, :class:`Summary`): the title
linking to the session's own page, when and where, its kind and status, and for
a recording its thumbnail, its duration and a "Watch" link. Each card is
rendered as the list reaches it, so that a page streams.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

import attrs
from markupsafe import Markup

from sessionfeed.exporters.card import block_html, session_basics
from sessionfeed.exporters.html.player import duration_iso
from sessionfeed.exporters.html.timeline import in_calendar
from sessionfeed.site import layout as _layout
from sessionfeed.words.vocabulary import Words


if TYPE_CHECKING:
    from sessionfeed.exporters.templating import Templates
    from sessionfeed.model.programme import Session
    from sessionfeed.words.compose import Composition, SessionBlock


__all__ = ["SUMMARY_TEMPLATE", "THUMBNAIL_SIZE", "Card", "Summary", "cards", "summaries"]

#: The template of a session's short card on a listing page.
SUMMARY_TEMPLATE = "parts/card.html"
#: The box a card's thumbnail is shown in (``width``, ``height``): 16:9, the image cropped to fill it.
THUMBNAIL_SIZE = (320, 180)


@attrs.define(eq=False, repr=False)
class Card:
    """A session as the list of sessions gets it: its words, and its card rendered when asked.

    Attributes:
        session: The session.
        block: Its words (:class:`~sessionfeed.words.compose.SessionBlock`).
        templates: The templates whose card template renders it.
        extra_links: ``(label, url)`` after the session's own links ("Add to calendar").
        id_prefix: Put before the card's ``id``.
        heading_level: The level of the card's heading (3 in the list of sessions).
    """

    block: SessionBlock
    templates: Templates
    extra_links: tuple[tuple[str, str], ...] = ()
    id_prefix: str = ""
    heading_level: int = 3

    @property
    def session(self) -> Session:
        """The session (its words')."""
        return self.block.session

    @property
    def html(self) -> Markup:
        """The card (``parts/session.html``), its ``id`` the session's: made each time it is read."""
        html = block_html(
            self.block,
            anchor=True,
            extra_links=self.extra_links,
            templates=self.templates,
            id_prefix=self.id_prefix,
            heading_level=self.heading_level,
        )
        return Markup(html)  # noqa: S704 (the card template's output, escaped as it was written)

    def __repr__(self) -> str:
        return f"<Card {self.session.id!r}>"


def cards(
    composition: Composition,
    templates: Templates,
    *,
    sessions: Iterable[Session] | None = None,
    id_prefix: str = "",
    heading_level: int = 3,
) -> Iterator[Card]:
    """Each session's full card in turn (every session of the programme by default), made as it is read.

    A session with a day and not cancelled links to its own ``.ics`` ("Add to calendar").
    """
    programme, locale, words = composition.programme, composition.locale, composition.words
    add_label = words.gettext("Add to calendar")
    for session in programme.sessions if sessions is None else sessions:
        extra: tuple[tuple[str, str], ...] = ()
        if in_calendar(session):
            extra = ((add_label, _layout.file_url(programme, locale, _layout.session_calendar(session.id))),)
        block = composition.block(session)
        yield Card(block, templates, extra_links=extra, id_prefix=id_prefix, heading_level=heading_level)


def summary_context(
    block: SessionBlock, *, url: str, heading_level: int, anchor: bool = False
) -> dict[str, Any]:
    """The variables of ``parts/card.html`` for ``block`` (docs/templates.md lists them).

    ``anchor``: the card carries the session's id as its ``id`` (on the programme
    page, so that the anchors ``<locale>/#<id>`` of earlier releases still lead to it).
    """
    recording = block.session.recording
    duration = recording.duration if recording is not None else None
    words = Words.of(block.locale)
    return {
        **session_basics(block, heading_level=heading_level, anchor=anchor, id_prefix=""),
        "url": url,
        "thumbnail": recording.thumbnail if recording is not None else None,
        "thumbnail_size": THUMBNAIL_SIZE,
        "duration_text": words.format_duration(duration) if duration is not None else "",
        "duration_iso": duration_iso(duration) if duration is not None else "",
    }


@attrs.define(eq=False, repr=False)
class Summary:
    """A session's short card on a listing page, rendered when read.

    Attributes:
        session: The session.
        block: Its words.
        templates: The templates whose ``parts/card.html`` renders it.
        url: Its own page.
        heading_level: The level of its heading.
        anchor: Whether the card carries the session's id as its ``id``.
    """

    block: SessionBlock
    templates: Templates
    url: str
    heading_level: int
    anchor: bool

    @property
    def session(self) -> Session:
        """The session (its words')."""
        return self.block.session

    @property
    def html(self) -> Markup:
        """The short card (``parts/card.html``): made each time it is read."""
        context = summary_context(
            self.block, url=self.url, heading_level=self.heading_level, anchor=self.anchor
        )
        return Markup(self.templates.render_text(SUMMARY_TEMPLATE, context))  # noqa: S704 (the template's output)

    def __repr__(self) -> str:
        return f"<Summary {self.session.id!r}>"


def summaries(
    composition: Composition,
    templates: Templates,
    sessions: Iterable[Session],
    heading_level: int,
    *,
    anchor: bool = True,
) -> Iterator[Summary]:
    """The short card of each of ``sessions`` in turn, made as it is read.

    What is removed from a session's texts is reported by its own page, not here.
    """
    programme, locale = composition.programme, composition.locale
    for session in sessions:
        url = _layout.session_url(programme, session, locale)
        block = composition.block(session)
        yield Summary(block, templates, url=url, heading_level=heading_level, anchor=anchor)
