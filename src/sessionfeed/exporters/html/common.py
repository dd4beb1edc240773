"""What every page of the site shares: its URLs, its head, the language switch, the JSON-LD.

The programme page, the archive pages and each session's page get the same
variables from :func:`common_context` (docs/templates.md lists them) and take
the JSON-LD element from the JSON-LD exporter's module, looked up when a page
is written (:data:`JSONLD_MODULE`), so that the pages work while that module
is not installed or lacks a function.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import attrs
from markupsafe import Markup

from sessionfeed.site import layout as _layout
from sessionfeed.words.vocabulary import Words


if TYPE_CHECKING:
    from sessionfeed.exporters.removals import Removals
    from sessionfeed.exporters.templating import Templates
    from sessionfeed.model.programme import Contact, Programme, Session
    from sessionfeed.model.text import Localized
    from sessionfeed.words.compose import Composition


__all__ = [
    "JSONLD_MODULE",
    "REMOVAL_REASON",
    "Alternate",
    "Feed",
    "Language",
    "PageURLs",
    "common_context",
    "contact_name",
    "feeds",
    "google_calendar_url",
    "jsonld",
    "languages",
    "outlook_urls",
    "page_context",
    "page_urls",
    "pagination",
    "programme_texts",
    "script_pieces",
    "session_jsonld",
    "subscribe_urls",
    "webcal_url",
]

#: The JSON-LD exporter's module, imported when a page is written.
JSONLD_MODULE = "sessionfeed.exporters.jsonld"
#: Why the page removes what it removes (the end of the build summary's note).
REMOVAL_REASON = "HTML does not allow"


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


def _jsonld_module() -> Any:
    """The JSON-LD exporter's module, or ``None`` while it is not installed."""
    try:
        return importlib.import_module(JSONLD_MODULE)
    except ModuleNotFoundError as error:
        if error.name == JSONLD_MODULE:
            return None
        raise


def script_pieces(pieces: Iterable[str]) -> Iterator[Markup]:
    """A JSON-LD element's pieces as markup (its exporter escaped them for a script), empty ones left out."""
    return (Markup(piece) for piece in pieces if piece)  # noqa: S704 (escaped for a script by its exporter)


def jsonld(
    programme: Programme,
    locale: str,
    removals: Removals | None,
    sessions: Sequence[Session],
) -> Iterator[Markup]:
    """A listing page's JSON-LD ``<script>`` element in pieces, or nothing without that exporter.

    The pieces come from the module's ``_iter_script_tag`` as the page is
    written (and what it removes from texts is recorded in ``removals``),
    naming ``sessions``, those the page lists; a module with only
    ``script_tag`` gives the element in one piece.
    """
    module = _jsonld_module()
    if module is None:
        return script_pieces(())
    iter_script_tag: Callable[..., Iterable[str]] | None = getattr(module, "_iter_script_tag", None)
    if iter_script_tag is None:
        return script_pieces((str(module.script_tag(programme, locale=locale)),))
    try:
        return script_pieces(iter_script_tag(programme, locale, removals, sessions=sessions))
    except TypeError:  # a module whose element always names every session
        return script_pieces(iter_script_tag(programme, locale, removals))


def session_jsonld(
    programme: Programme,
    session: Session,
    locale: str,
    removals: Removals | None = None,
) -> Iterator[Markup]:
    """A session page's JSON-LD element in pieces (that session, its people and organisations).

    From the module's ``_iter_session_script_tag``; a module without it gives
    ``script_tag(..., session=...)`` in one piece, and no module nothing.
    """
    module = _jsonld_module()
    if module is None:
        return script_pieces(())
    iter_tag: Callable[..., Iterable[str]] | None = getattr(module, "_iter_session_script_tag", None)
    if iter_tag is None:
        return script_pieces((str(module.script_tag(programme, locale=locale, session=session)),))
    return script_pieces(iter_tag(programme, session, locale, removals))


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


def page_urls(programme: Programme, locale: str, path: str = "") -> PageURLs:
    """The URLs a page of ``locale`` links to.

    ``path`` is the page's own path in the locale folder (``archive/2023/index.html``;
    ``""`` for the programme page): its canonical URL and its alternates in the
    other locales are that page's.
    """
    title = programme.text(programme.title, locale).text
    files = _locale_files(programme.base_url, locale, title)
    return attrs.evolve(
        files,
        canonical=_layout.page_url(programme, locale, path),
        alternates=tuple(
            Alternate(locale=other, url=_layout.page_url(programme, other, path))
            for other in programme.locales
        ),
        x_default=_layout.page_url(programme, programme.default_locale, path),
    )


@functools.lru_cache(maxsize=64)
def _locale_files(base_url: str, locale: str, title: str) -> PageURLs:
    """The URLs of a locale's files (the same for each of its pages: made once, not per session)."""
    folder = f"{base_url}{locale}/"
    return PageURLs(
        canonical=folder,
        alternates=(),
        x_default=folder,
        jsonld=f"{folder}{_layout.JSONLD}",
        text=f"{folder}{_layout.TEXT}",
        **subscribe_urls(lambda name: f"{folder}{name}", title),
    )


def subscribe_urls(url: Callable[[str], str], title: str) -> dict[str, str]:
    """The :class:`PageURLs` of a calendar and its feeds, each at ``url(its file name)``.

    ``title`` names the calendar in Outlook.
    """
    ics = url(_layout.CALENDAR)
    outlook, office = outlook_urls(ics, title)
    return {
        "calendar": ics,
        "webcal": webcal_url(ics),
        "google_calendar": google_calendar_url(ics),
        "outlook": outlook,
        "outlook_work": office,
        "rss": url(_layout.RSS),
        "atom": url(_layout.ATOM),
    }


def feeds(programme: Programme, locale: str, words: Words) -> tuple[Feed, ...]:
    """The feeds and the calendar that a page of ``locale`` announces in its head."""
    title = programme.text(programme.title, locale).text
    return announced_feeds(title, words, lambda path: _layout.file_url(programme, locale, path))


def announced_feeds(title: str, words: Words, url: Callable[[str], str]) -> tuple[Feed, ...]:
    """The RSS and Atom feeds and the calendar, each at ``url(its file name)``, titled "title (RSS)"."""
    return tuple(
        Feed(media_type=media_type, title=f"{title} ({label})", url=url(path))
        for media_type, label, path in (
            ("application/rss+xml", "RSS", _layout.RSS),
            ("application/atom+xml", "Atom", _layout.ATOM),
            ("text/calendar", words.gettext("Calendar"), _layout.CALENDAR),
        )
    )


def languages(programme: Programme, locale: str, path: str = "") -> tuple[Language, ...]:
    """The other locales, each named in itself ("Nederlands") and leading to its page at ``path``."""
    found = []
    for other in programme.locales:
        if other == locale:
            continue
        own = Words.of(other).language_name(other)
        found.append(
            Language(
                locale=other,
                url=_layout.page_url(programme, other, path),
                name=own[:1].upper() + own[1:],
            ),
        )
    return tuple(found)


def contact_name(contact: Contact | None) -> str:
    """The contact's name to show: its name, else its e-mail address or URL (``""`` for none)."""
    if contact is None:
        return ""
    return contact.name or contact.email or contact.url or ""


def programme_texts(programme: Programme, locale: str) -> Iterator[str]:
    """The programme's own texts that its page writes: title, introduction, contact."""
    yield programme.text(programme.title, locale).text
    if programme.intro is not None:
        yield programme.text(programme.intro, locale).text
    contact = programme.contact
    if contact is not None:
        yield contact_name(contact)


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


def page_context(composition: Composition, templates: Templates, path: str = "") -> dict[str, Any]:
    """:func:`common_context` of a locale's page at ``path``, with what every such page gets besides.

    Its ``urls``, the ``languages`` that lead to the same page in the other
    locales, the locale's ``feeds``, and the programme's ``contact`` and
    ``contact_name``.
    """
    programme, locale = composition.programme, composition.locale
    context = common_context(programme, locale, templates, to_root="../" * (path.count("/") + 1))
    context.update(
        {
            "urls": page_urls(programme, locale, path),
            "languages": languages(programme, locale, path),
            "feeds": feeds(programme, locale, composition.words),
            "contact": programme.contact,
            "contact_name": contact_name(programme.contact),
        },
    )
    return context


def pagination(
    composition: Composition, number: int, count: int, path: Callable[[int], str]
) -> dict[str, Any]:
    """Where page ``number`` is among ``count`` pages, each at ``path(its number)``, and its neighbours.

    ``page_number``, ``page_count``, ``page_label`` ("page 2 of 3"),
    ``previous_url`` and ``next_url`` (``None`` at the ends).
    """

    def url(other: int) -> str:
        return _layout.page_url(composition.programme, composition.locale, path(other))

    label = composition.words.gettext("page {number} of {count}").format(number=number, count=count)
    return {
        "page_number": number,
        "page_count": count,
        "page_label": label,
        "previous_url": url(number - 1) if number > 1 else None,
        "next_url": url(number + 1) if number < count else None,
    }
