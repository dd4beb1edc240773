"""Each session's own page: ``<locale>/sessions/<id>/index.html``.

The leaf page that the JSON-LD ``url``, the feeds' links and the calendar's
``URL`` point to (:func:`sessionfeed.site.layout.session_url`). It carries the
session's words and people (each linked to their hub page, else to their own URL;
organisations and topics to theirs), a player for its
recording (:mod:`~sessionfeed.exporters.html.player`), its own JSON-LD (that
session, the people and organisations it names), ``<link rel="canonical">``,
``hreflang`` alternates to the same session in the other locales and
``x-default``, Open Graph and Twitter card meta for sharing, a way back to the
programme, and for a dated session that is not cancelled "add to calendar"
links (its ``.ics``, Google Calendar, Outlook.com and Microsoft 365, from
:func:`sessionfeed.site.event_links.event_links`) and a QR code of the page's
URL (:func:`sessionfeed.site.qr.qr_svg`).

Rendered by ``session-page.html`` (which extends ``base.html`` and includes
``parts/player.html`` and ``parts/add-to-calendar.html``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs
from markupsafe import Markup

from sessionfeed.exceptions import ArgumentError
from sessionfeed.exporters.card import card_context
from sessionfeed.exporters.html import common
from sessionfeed.exporters.html.player import Player, duration_iso, player
from sessionfeed.exporters.html.timeline import in_calendar
from sessionfeed.exporters.hub_links import people_links
from sessionfeed.site import layout as _layout
from sessionfeed.site.event_links import event_links
from sessionfeed.site.qr import qr_svg
from sessionfeed.words.escaping import html_clean


if TYPE_CHECKING:
    from sessionfeed.exporters.removals import Removals
    from sessionfeed.exporters.templating import Templates
    from sessionfeed.model.programme import Programme, Session
    from sessionfeed.words.compose import Composition, SessionBlock


__all__ = [
    "SESSION_TEMPLATE",
    "CalendarLinks",
    "Share",
    "session_page_context",
]

#: The template of a session's page.
SESSION_TEMPLATE = "session-page.html"
#: The longest ``<meta name="description">`` (and Open Graph description), in characters.
_DESCRIPTION_CHARS = 200
#: Up to how many sessions a programme's QR codes get the best mask (see :func:`session_page_context`).
QR_BEST_MASK_UP_TO = 1000


@attrs.frozen(kw_only=True)
class CalendarLinks:
    """The "add to calendar" links of a dated session.

    Attributes:
        ics: Its own ``.ics`` file.
        google: Google Calendar's event template (``""`` without the links module).
        outlook: Outlook.com's compose link (``""`` likewise).
        office365: Microsoft 365's (``""`` likewise).
    """

    ics: str
    google: str
    outlook: str
    office365: str


@attrs.frozen(kw_only=True)
class Share:
    """What a link to the page shows when shared (Open Graph, Twitter card).

    Attributes:
        title: The session's title.
        description: A line about it (at most 200 characters), ``""`` for none.
        image: The recording's thumbnail, ``""`` for none.
        url: The page's canonical URL.
        type: ``video.other`` with a recording, else ``website``.
        card: ``summary_large_image`` with an image, else ``summary``.
        locale: The Open Graph locale (``nl_NL``, ``en_GB``).
    """

    title: str
    description: str
    image: str
    url: str
    type: str
    card: str
    locale: str


_OG_LOCALES = {"nl": "nl_NL", "en": "en_GB", "de": "de_DE", "fr": "fr_FR"}


def _summary_line(block: SessionBlock) -> str:
    """The page's description: the start of the session's description (else its details), one line."""
    text = block.description.text if block.description is not None else block.details
    line = " ".join(html_clean(text).split())
    if len(line) <= _DESCRIPTION_CHARS:
        return line
    cut = line[: _DESCRIPTION_CHARS - 1].rsplit(" ", 1)[0]
    return f"{cut}\u2026"


def _calendar_links(programme: Programme, block: SessionBlock, url: str) -> CalendarLinks | None:
    """The "add to calendar" links of a dated session that is not cancelled, else ``None``.

    The web calendars' links get the texts as the page shows them (what HTML
    does not allow removed); a title with nothing left is the session's id.
    For a page URL too long for them, the ``.ics`` alone.
    """
    session = block.session
    if not in_calendar(session):
        return None
    ics = _layout.file_url(programme, block.locale, _layout.session_calendar(session.id))
    title = html_clean(block.title.text).strip() or session.id
    description = html_clean(block.description.text).strip() if block.description is not None else ""
    location = html_clean(block.location_text).strip()
    try:
        links = event_links(title, description or None, location or None, session.when, url)
    except ArgumentError:  # a page URL too long to leave room in theirs: the .ics still works
        links = None
    if links is None:
        return CalendarLinks(ics=ics, google="", outlook="", office365="")
    return CalendarLinks(ics=ics, google=links.google, outlook=links.outlook, office365=links.office365)


def session_page_context(
    composition: Composition,
    templates: Templates,
    session: Session,
    removals: Removals | None = None,
) -> dict[str, Any]:
    """The variables of ``session-page.html`` for ``session`` (docs/templates.md lists them)."""
    programme, locale, words = composition.programme, composition.locale, composition.words
    block = composition.block(session)
    if removals is not None:
        removals.add(block.unsafe, session=session.id)
    context = common.page_context(composition, templates, _layout.session_page(session.id))
    card = card_context(block, heading_level=1)
    # The page's "title" stays the programme's (base.html writes it); the session's is "session_title".
    card["session_title"] = card.pop("title")
    card["session_title_lang"] = card.pop("title_lang")
    context.update(card)
    canonical = _layout.session_url(programme, session, locale)
    recording = session.recording
    played: Player | None = player(recording) if recording is not None else None
    duration = recording.duration if recording is not None else None
    thumbnail = recording.thumbnail if recording is not None and recording.thumbnail else ""
    description = _summary_line(block)
    # For a programme of QR_BEST_MASK_UP_TO sessions or fewer the QR code's mask is the best of
    # eight, as ISO/IEC 18004 recommends; beyond, one fixed mask (every scanner reads it; the
    # search costs some 5 ms a page).
    mask = 0 if len(programme.sessions) > QR_BEST_MASK_UP_TO else None
    qr = qr_svg(canonical, label=words.gettext("QR code of this page's address"), mask=mask)
    context.update(
        {
            "page_title": f"{html_clean(block.title.text)} \u2013 {html_clean(context['title'].text)}",
            "urls": attrs.evolve(context["urls"], canonical=canonical),
            "programme_url": _layout.locale_url(programme, locale),
            "jsonld": common.session_jsonld(programme, session, locale, removals),
            "page_description": description,
            "share": Share(
                title=html_clean(block.title.text),
                description=description,
                image=thumbnail,
                url=canonical,
                type="video.other" if recording is not None else "website",
                card="summary_large_image" if thumbnail else "summary",
                locale=_OG_LOCALES.get(locale, locale),
            ),
            "people": people_links(block, own_urls=True),
            "player": played,
            "thumbnail": thumbnail,
            "duration_text": words.format_duration(duration) if duration is not None else "",
            "duration_iso": duration_iso(duration) if duration is not None else "",
            "calendar_links": _calendar_links(programme, block, canonical),
            "qr": Markup(qr),  # noqa: S704 (the QR module's own SVG, escaped there)
            "page_url": canonical,
        },
    )
    return context
