"""The layout of a built site: file names and URLs, a contract users depend on.

``sessionfeed build`` writes, for each locale of the programme::

    DIR/index.html                   a language choice that sends visitors to the default locale
    DIR/<locale>/index.html          the programme page, with its JSON-LD embedded
    DIR/<locale>/programme.txt       the programme as plain text
    DIR/<locale>/calendar.ics        every session with a known date
    DIR/<locale>/sessions/<id>.ics   one per dated session
    DIR/<locale>/feed.rss
    DIR/<locale>/feed.atom
    DIR/<locale>/events.jsonld

Users' scripts and web servers depend on these names: they never change
between releases. URLs are the programme's ``base_url`` joined with them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING


if TYPE_CHECKING:
    from sessionfeed.model.programme import Programme, Session


__all__ = [
    "ATOM",
    "CALENDAR",
    "JSONLD",
    "PAGE",
    "RSS",
    "SESSIONS_DIR",
    "STATE_FILE",
    "TEXT",
    "file_url",
    "locale_url",
    "session_calendar",
    "session_url",
]

PAGE = "index.html"
TEXT = "programme.txt"
CALENDAR = "calendar.ics"
SESSIONS_DIR = "sessions"
RSS = "feed.rss"
ATOM = "feed.atom"
JSONLD = "events.jsonld"
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


def session_url(programme: Programme, session: Session, locale: str) -> str:
    """The session's own leaf URL: its page when it has one, else its anchor on the locale page."""
    return session.links.page or f"{locale_url(programme, locale)}#{session.id}"
