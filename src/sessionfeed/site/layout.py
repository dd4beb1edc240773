"""The layout of a built site: file names and URLs, a contract users depend on.

``sessionfeed build`` writes, for each locale of the programme::

    DIR/index.html                   a language choice that sends visitors to the default locale
    DIR/<locale>/index.html          the programme page: coming sessions, then the newest past years
    DIR/<locale>/sessions/<id>/index.html   each session's own page (URL <base_url><locale>/sessions/<id>/)
    DIR/<locale>/archive/<year>/index.html  the past sessions of an older year
    DIR/<locale>/archive/<year>/<n>/index.html  its further pages, when a year has very many
    DIR/<locale>/upcoming/<n>/index.html    further pages of coming sessions, when there are very many
    DIR/<locale>/programme.txt       the programme as plain text
    DIR/<locale>/calendar.ics        every session with a known date
    DIR/<locale>/sessions/<id>.ics   one per dated session
    DIR/<locale>/feed.rss
    DIR/<locale>/feed.atom
    DIR/<locale>/events.jsonld
    DIR/<locale>/<facet>/<id>/index.html     a hub page per tag, person, organisation, language, kind
    DIR/<locale>/<facet>/<id>/<n>/index.html its further pages, when it has very many sessions
    DIR/<locale>/<facet>/<id>/calendar.ics   its sessions' calendar (the same UIDs as calendar.ics)
    DIR/<locale>/<facet>/<id>/feed.rss       its sessions' feeds (the same ids as feed.rss, feed.atom)
    DIR/<locale>/<facet>/<id>/feed.atom

where ``<facet>`` is ``tags``, ``people``, ``organisations``, ``languages`` or
``kinds`` (the programme's ``facets``) and ``<id>`` the tag's, person's or
organisation's id, the language (``en``) or the kind (``webinar``).

Users' scripts and web servers depend on these names: they never change
between releases. URLs are the programme's ``base_url`` joined with them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING


if TYPE_CHECKING:
    from sessionfeed.model.programme import Programme, Session


__all__ = [
    "ARCHIVE_DIR",
    "ATOM",
    "CALENDAR",
    "JSONLD",
    "PAGE",
    "ROBOTS",
    "RSS",
    "SESSIONS_DIR",
    "SITEMAP",
    "STATE_FILE",
    "TEXT",
    "UPCOMING_DIR",
    "archive_page",
    "facet_folder",
    "facet_url",
    "file_url",
    "hub_page",
    "locale_url",
    "page_url",
    "session_calendar",
    "session_page",
    "session_page_url",
    "session_url",
    "upcoming_page",
]

PAGE = "index.html"
TEXT = "programme.txt"
CALENDAR = "calendar.ics"
SESSIONS_DIR = "sessions"
RSS = "feed.rss"
ATOM = "feed.atom"
JSONLD = "events.jsonld"
ARCHIVE_DIR = "archive"
UPCOMING_DIR = "upcoming"
#: At the site root, beside the language choice.
SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
#: Kept in the output folder between builds, so that changes raise SEQUENCE.
STATE_FILE = ".sessionfeed-state.json"


def session_calendar(session_id: str) -> str:
    """The path, relative to a locale folder, of a session's own ``.ics``."""
    return f"{SESSIONS_DIR}/{session_id}.ics"


def locale_url(programme: Programme, locale: str) -> str:
    """The URL of a locale's folder, e.g. ``https://example.org/webinars/nl/``."""
    return f"{programme.base_url}{locale}/"


def file_url(programme: Programme, locale: str, path: str) -> str:
    """The URL of a file of a locale, e.g. ``…/nl/calendar.ics``."""
    return f"{programme.base_url}{locale}/{path}"


def session_page(session_id: str) -> str:
    """The path, relative to a locale folder, of a session's own page: ``sessions/<id>/index.html``."""
    return f"{SESSIONS_DIR}/{session_id}/{PAGE}"


def session_page_url(programme: Programme, session: Session, locale: str) -> str:
    """The URL of the session's page on this site: ``<base_url><locale>/sessions/<id>/``."""
    return f"{programme.base_url}{locale}/{SESSIONS_DIR}/{session.id}/"


def archive_page(year: int, number: int = 1) -> str:
    """The path, relative to a locale folder, of a page of a past year: ``archive/2023/index.html``.

    A year with more sessions than a page holds goes on over ``archive/2023/2/index.html``, ...
    """
    more = f"{number}/" if number > 1 else ""
    return f"{ARCHIVE_DIR}/{year}/{more}{PAGE}"


def upcoming_page(number: int) -> str:
    """The path of a further page of coming sessions (``number`` 2 and up): ``upcoming/2/index.html``."""
    return f"{UPCOMING_DIR}/{number}/{PAGE}"


def facet_folder(facet: str, value: str) -> str:
    """The folder, relative to a locale folder, of a facet value's files: ``people/maria-mora/``.

    ``facet`` is a :class:`~sessionfeed.model.facets.Facet` (a ``str``): ``tags``,
    ``people``, ``organisations``, ``languages`` or ``kinds``.
    """
    return f"{facet}/{value}/"


def hub_page(facet: str, value: str, number: int = 1) -> str:
    """The path, relative to a locale folder, of a facet value's page: ``people/maria-mora/index.html``.

    A value with more sessions than a page holds goes on over ``…/2/index.html``, ...
    """
    more = f"{number}/" if number > 1 else ""
    return f"{facet_folder(facet, value)}{more}{PAGE}"


def facet_url(programme: Programme, locale: str, facet: str, value: str, filename: str = "") -> str:
    """The URL of a facet value's page (``filename`` empty) or of one of its files (``calendar.ics``)."""
    return file_url(programme, locale, facet_folder(facet, value) + filename)


def page_url(programme: Programme, locale: str, path: str) -> str:
    """The URL of a page of a locale from its path: the folder, without ``index.html``."""
    return file_url(programme, locale, path.removesuffix(PAGE))


def session_url(programme: Programme, session: Session, locale: str) -> str:
    """The session's own leaf URL: ``links.page`` when the data gives one, else its page here."""
    return session.links.page or session_page_url(programme, session, locale)
