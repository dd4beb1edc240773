"""The programme page of a locale (``DIR/<locale>/index.html``).

One HTML5 page per locale, readable on a phone with no framework and no
script of its own: the programme's title and introduction, a block to
subscribe to the calendar (``webcal://``, the https address to copy, Google
Calendar and Outlook "add by URL", RSS and Atom), then every session as an
``<article>`` whose ``id`` is the session id (the anchor that the JSON-LD
``url`` and the feeds point to), with its own "add to calendar" link and its
recording.

The head carries feed autodiscovery (``<link rel="alternate">``), ``hreflang``
alternates between the locales plus ``x-default``, the site's stylesheet
(``../style.css``, its content hash in the URL) and the programme's JSON-LD
when the JSON-LD exporter is installed. The output is the same bytes for the
same programme and templates.

The page is rendered by the templates (:mod:`sessionfeed.exporters.templating`):
``page.html``, which extends ``base.html`` and includes the parts
(``parts/subscribe.html``, ``parts/sessions.html``, ``parts/session.html``
per session, ...), a site's own folder in front of the built-in ones. This
module gathers what they are given (:func:`page_context`; docs/templates.md
lists every variable) and streams the page as the template writes it, each
session's card rendered as the list reaches it.

Every text goes through one function, :func:`~sessionfeed.words.escaping.escape_html`
(the templates' ``finalize``): line ends become LF and the characters HTML
does not allow (the C0 controls but TAB and LF, DEL, the C1 controls, lone
surrogates, the noncharacters) are removed, and the build summary names each
removal. A ``<time datetime>`` is written by
:func:`~sessionfeed.words.compose.machine_datetime`: a wall-clock time with an
offset in hours and minutes, or UTC with ``Z`` where the zone's offset had
seconds (local mean time before 1937 in Amsterdam), which HTML's "valid
global date and time string" cannot write.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import quote

import attrs
from markupsafe import Markup

from sessionfeed.exporters.base import BaseExporter, Context, OutputFile, Rendering
from sessionfeed.exporters.removals import Removals, removed_from
from sessionfeed.exporters.templating import Templates, builtin_templates
from sessionfeed.model.programme import AllDay, Status, Timed
from sessionfeed.site import layout as _layout
from sessionfeed.words.compose import Composition, block_html, encode_pieces
from sessionfeed.words.escaping import html_clean, paragraphs
from sessionfeed.words.vocabulary import Words


if TYPE_CHECKING:
    from sessionfeed.model.programme import Contact, Programme, Session
    from sessionfeed.model.text import Localized
    from sessionfeed.words.compose import SessionBlock


__all__ = [
    "PAGE_TEMPLATE",
    "Alternate",
    "Card",
    "Feed",
    "HTMLExporter",
    "Language",
    "PageURLs",
    "build_page",
    "google_calendar_url",
    "iter_page",
    "outlook_urls",
    "page_context",
    "page_urls",
    "webcal_url",
]

_JSONLD_MODULE = "sessionfeed.exporters.jsonld"
#: Why the page removes what it removes (the end of the build summary's note).
REMOVAL_REASON = "HTML does not allow"
#: The template of a locale's page.
PAGE_TEMPLATE = "page.html"


def webcal_url(https_url: str) -> str:
    """The ``webcal://`` form of a calendar URL (its scheme replaced)."""
    _, sep, rest = https_url.partition("://")
    return f"webcal://{rest}" if sep else https_url


def google_calendar_url(https_url: str) -> str:
    """Google Calendar's "add by URL" link for a calendar feed."""
    return "https://calendar.google.com/calendar/render?cid=" + quote(webcal_url(https_url), safe="")


def outlook_urls(https_url: str, name: str) -> tuple[str, str]:
    """Outlook's "add from web" links: Outlook.com, then Microsoft 365 (work or school)."""
    query = f"url={quote(https_url, safe='')}&name={quote(name, safe='')}"
    return (
        f"https://outlook.live.com/calendar/0/addfromweb?{query}",
        f"https://outlook.office.com/calendar/0/addfromweb?{query}",
    )


def _jsonld(programme: Programme, locale: str, removals: Removals | None = None) -> Iterable[str]:
    """The JSON-LD ``<script>`` element in pieces, or nothing while that exporter is not installed.

    The pieces come from the module's ``_iter_script_tag`` as the page is
    written (and what it removes from texts is recorded in ``removals``); a
    module with only ``script_tag`` gives the element in one piece.
    """
    try:
        module = importlib.import_module(_JSONLD_MODULE)
    except ModuleNotFoundError as error:
        if error.name == _JSONLD_MODULE:
            return ()
        raise
    iter_script_tag: Callable[..., Iterable[str]] | None = getattr(module, "_iter_script_tag", None)
    if iter_script_tag is not None:
        return iter_script_tag(programme, locale, removals)
    script_tag: Callable[..., str] = module.script_tag
    return (str(script_tag(programme, locale=locale)),)


@attrs.frozen(kw_only=True)
class Alternate:
    """A locale's page, for ``hreflang`` alternates.

    Attributes:
        locale: Its locale, e.g. ``en``.
        url: Its URL.
    """

    locale: str
    url: str


@attrs.frozen(kw_only=True)
class Language:
    """Another locale of the programme, for the language switch.

    Attributes:
        locale: Its locale, e.g. ``en``.
        url: Its page's URL.
        name: The language's name in itself, capitalised ("English", "Nederlands").
    """

    locale: str
    url: str
    name: str


@attrs.frozen(kw_only=True)
class Feed:
    """A feed or calendar to announce in the head (``<link rel="alternate">``).

    Attributes:
        media_type: ``application/rss+xml``, ``application/atom+xml`` or ``text/calendar``.
        title: "Title (RSS)".
        url: Its URL.
    """

    media_type: str
    title: str
    url: str


@attrs.frozen(kw_only=True)
class PageURLs:
    """The URLs of a locale's files (from ``sessionfeed.site.layout``), as the templates get them.

    Attributes:
        canonical: This locale's page.
        alternates: Every locale's page, in the programme's order.
        x_default: The default locale's page.
        calendar: ``calendar.ics`` (https).
        webcal: The same as ``webcal://``.
        google_calendar: Google Calendar's "add by URL" link for it.
        outlook: Outlook.com's "add from web" link.
        outlook_work: Microsoft 365's (work or school account).
        rss: ``feed.rss``.
        atom: ``feed.atom``.
        jsonld: ``events.jsonld``.
        text: ``programme.txt``.
    """

    canonical: str
    alternates: tuple[Alternate, ...]
    x_default: str
    calendar: str
    webcal: str
    google_calendar: str
    outlook: str
    outlook_work: str
    rss: str
    atom: str
    jsonld: str
    text: str


def page_urls(programme: Programme, locale: str) -> PageURLs:
    """The URLs a page of ``locale`` links to."""
    title = programme.text(programme.title, locale).text
    ics = _layout.file_url(programme, locale, _layout.CALENDAR)
    outlook, office = outlook_urls(ics, title)
    return PageURLs(
        canonical=_layout.locale_url(programme, locale),
        alternates=tuple(
            Alternate(locale=other, url=_layout.locale_url(programme, other)) for other in programme.locales
        ),
        x_default=_layout.locale_url(programme, programme.default_locale),
        calendar=ics,
        webcal=webcal_url(ics),
        google_calendar=google_calendar_url(ics),
        outlook=outlook,
        outlook_work=office,
        rss=_layout.file_url(programme, locale, _layout.RSS),
        atom=_layout.file_url(programme, locale, _layout.ATOM),
        jsonld=_layout.file_url(programme, locale, _layout.JSONLD),
        text=_layout.file_url(programme, locale, _layout.TEXT),
    )


def feeds(programme: Programme, locale: str, words: Words) -> tuple[Feed, ...]:
    """The feeds and the calendar that a page of ``locale`` announces in its head."""
    title = programme.text(programme.title, locale).text
    return tuple(
        Feed(media_type=media_type, title=f"{title} ({label})", url=_layout.file_url(programme, locale, path))
        for media_type, label, path in (
            ("application/rss+xml", "RSS", _layout.RSS),
            ("application/atom+xml", "Atom", _layout.ATOM),
            ("text/calendar", words.gettext("Calendar"), _layout.CALENDAR),
        )
    )


def _languages(programme: Programme, locale: str) -> tuple[Language, ...]:
    """The other locales, each named in itself ("Nederlands"), for the language switch."""
    found = []
    for other in programme.locales:
        if other == locale:
            continue
        own = Words.of(other).language_name(other)
        found.append(
            Language(locale=other, url=_layout.locale_url(programme, other), name=own[:1].upper() + own[1:]),
        )
    return tuple(found)


class Card:
    """A session as the list of sessions gets it: its words, and its card rendered when asked.

    Attributes:
        session: The session.
        block: Its words (:class:`~sessionfeed.words.compose.SessionBlock`).
        extra_links: ``(label, url)`` after the session's own links ("Add to calendar").
        id_prefix: Put before the card's ``id``.
        heading_level: The level of the card's heading (3 in the list of sessions).
    """

    __slots__ = ("block", "extra_links", "heading_level", "id_prefix", "session", "templates")

    def __init__(
        self,
        block: SessionBlock,
        templates: Templates,
        *,
        extra_links: Sequence[tuple[str, str]] = (),
        id_prefix: str = "",
        heading_level: int = 3,
    ) -> None:
        """A card of ``block``, rendered by the card template of ``templates``."""
        self.session = block.session
        self.block = block
        self.templates = templates
        self.extra_links = tuple(extra_links)
        self.id_prefix = id_prefix
        self.heading_level = heading_level

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


def _has_calendar(session: Session) -> bool:
    """Whether the session has its own ``.ics`` worth adding (a day is known, not cancelled)."""
    return isinstance(session.when, Timed | AllDay) and session.status is not Status.CANCELLED


def cards(
    composition: Composition,
    templates: Templates,
    removals: Removals | None = None,
    *,
    sessions: Iterable[Session] | None = None,
    id_prefix: str = "",
    heading_level: int = 3,
) -> Iterator[Card]:
    """Each session's card in turn (every session of the programme by default), made as it is read.

    What is removed from the texts of a session is recorded in ``removals``,
    under its id, as its card is reached. A session with a day and not
    cancelled links to its own ``.ics`` ("Add to calendar").
    """
    programme, locale, words = composition.programme, composition.locale, composition.words
    add_label = words.gettext("Add to calendar")
    for session in programme.sessions if sessions is None else sessions:
        extra: tuple[tuple[str, str], ...] = ()
        if _has_calendar(session):
            extra = ((add_label, _layout.file_url(programme, locale, _layout.session_calendar(session.id))),)
        block = composition.block(session)
        if removals is not None:
            removals.add(block.unsafe, session=session.id)
        yield Card(block, templates, extra_links=extra, id_prefix=id_prefix, heading_level=heading_level)


def _contact_name(contact: Contact | None) -> str:
    if contact is None:
        return ""
    return contact.name or contact.email or contact.url or ""


def _programme_texts(programme: Programme, locale: str) -> Iterator[str]:
    """The programme's own texts that its page writes: title, introduction, contact."""
    yield programme.text(programme.title, locale).text
    if programme.intro is not None:
        yield programme.text(programme.intro, locale).text
    contact = programme.contact
    if contact is not None:
        yield _contact_name(contact)


def common_context(
    programme: Programme,
    locale: str,
    templates: Templates,
    *,
    to_root: str,
) -> dict[str, Any]:
    """What every template of a page of ``locale`` gets (docs/templates.md).

    ``to_root`` leads from the page to the site's root (``"../"`` from a locale's folder).
    """
    words = Words.of(locale)
    title: Localized = programme.text(programme.title, locale)
    return {
        "programme": programme,
        "locale": locale,
        "words": words,
        "_": words.gettext,
        "title": title,
        "stylesheet": templates.stylesheet_url(to_root),
        "id_prefix": "",
    }


def page_context(
    composition: Composition,
    templates: Templates,
    removals: Removals | None = None,
) -> dict[str, Any]:
    """The variables of ``page.html`` for the composition's locale (docs/templates.md lists them).

    ``jsonld`` and ``cards`` are made as the page reads them, so that the page
    streams; what they remove from texts is recorded in ``removals``.
    """
    programme, locale, words = composition.programme, composition.locale, composition.words
    intro: Localized | None = None
    intro_paragraphs: tuple[str, ...] = ()
    if programme.intro is not None:
        intro = programme.text(programme.intro, locale)
        intro_paragraphs = paragraphs(html_clean(intro.text))
    context = common_context(programme, locale, templates, to_root="../")
    context.update(
        {
            "intro": intro,
            "intro_paragraphs": intro_paragraphs,
            "description": " ".join(intro_paragraphs) if intro is not None else None,
            "urls": page_urls(programme, locale),
            "languages": _languages(programme, locale),
            "feeds": feeds(programme, locale, words),
            "jsonld": (
                Markup(piece)  # noqa: S704 (the JSON-LD exporter's element, escaped for a script)
                for piece in _jsonld(programme, locale, removals)
                if piece
            ),
            "cards": cards(composition, templates, removals),
            "contact": programme.contact,
            "contact_name": _contact_name(programme.contact),
        },
    )
    return context


def iter_page(programme: Programme, locale: str, *, templates: Templates | None = None) -> Iterator[str]:
    """The page of :func:`build_page` in pieces, each made as it is read.

    The head, the embedded JSON-LD in the pieces its module gives, then each
    session's article in turn and the end of the page: memory holds a piece
    at a time, not the page.

    Raises:
        TemplateError: A template has an error (raised as the pieces are read).
    """
    return _iter_page(Composition(programme, locale), None, templates)


def _iter_page(
    composition: Composition,
    removals: Removals | None,
    templates: Templates | None = None,
) -> Iterator[str]:
    """:func:`iter_page`, recording in ``removals`` what is removed from the texts as they are written."""
    chosen = builtin_templates() if templates is None else templates
    programme, locale = composition.programme, composition.locale
    if removals is not None:
        for text in _programme_texts(programme, locale):
            removals.add(removed_from(text))
    return chosen.generate(PAGE_TEMPLATE, page_context(composition, chosen, removals))


def build_page(programme: Programme, locale: str, *, templates: Templates | None = None) -> str:
    """The programme page for ``locale`` as a complete HTML5 document.

    Args:
        programme: The programme.
        locale: The page locale, e.g. ``nl``.
        templates: The templates to render it with; the built-in ones by default.

    Raises:
        TemplateError: A template has an error.
    """
    return "".join(iter_page(programme, locale, templates=templates))


class HTMLExporter(BaseExporter):
    """The programme page (``index.html``) of a locale."""

    name: ClassVar[str] = "html"
    title: ClassVar[str] = "Programme page"
    media_type: ClassVar[str] = "text/html; charset=utf-8"
    filename: ClassVar[str] = _layout.PAGE
    aliases: ClassVar[tuple[str, ...]] = ("page",)

    def render(self, programme: Programme, context: Context) -> Rendering:
        """Write ``index.html`` for ``context.locale``, streamed; every session goes in.

        Rendered by the build's templates (``context.templates``), the
        built-in ones when it has none. The characters removed from texts
        (those HTML does not allow) are reported once the page is written,
        the embedded JSON-LD's included.
        """
        composition = context.compose(programme)
        templates = context.templates if context.templates is not None else builtin_templates()
        # Compiled now, so that a syntax error stops the build before any file is written.
        templates.get(PAGE_TEMPLATE)
        removals = Removals(REMOVAL_REASON)

        def produce() -> Iterator[bytes]:
            removals.clear()  # counted afresh each time the page is made
            return encode_pieces(_iter_page(composition, removals, templates))

        return Rendering(
            files=(OutputFile(path=self.filename, produce=produce, media_type=self.media_type),),
            included=tuple(s.id for s in programme.sessions),
            later_notes=removals.notes,
        )
