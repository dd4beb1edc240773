"""Small HTTP rules for serving the site: validators, conditional requests, paths, media types.

Everything here is a pure function of its arguments, so that the WSGI app in
:mod:`sessionfeed.wsgi` stays a thin shell and every rule can be tested alone.
The rules follow RFC 9110: a strong ``ETag`` made from the bytes (the same
bytes give the same tag in every worker and after every restart),
``If-None-Match`` compared the weak way with the quotes kept (pretalx compared
a quoted tag with an unquoted one, so its 304 never happened), and
``If-Modified-Since`` only when no ``If-None-Match`` was sent.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import re


__all__ = [
    "ALLOWED_METHODS",
    "etag_of",
    "http_date",
    "is_not_modified",
    "media_type_for",
    "request_path",
]

#: What the app answers; anything else gets ``405`` with this list in ``Allow``.
ALLOWED_METHODS = ("GET", "HEAD", "OPTIONS")

# The layout's files (see ``_layout``), by extension. Calendar clients need the
# charset on text/calendar (Thunderbird rejected text/plain); XML and JSON-LD
# say their encoding themselves, so their types stay as RFC 4287 and JSON-LD name them.
_MEDIA_TYPES = {
    ".ics": "text/calendar; charset=utf-8",
    ".rss": "application/rss+xml",
    ".atom": "application/atom+xml",
    ".jsonld": "application/ld+json",
    ".html": "text/html; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
}

# entity-tag = [ "W/" ] DQUOTE *etagc DQUOTE, etagc = %x21 / %x23-7E / obs-text (RFC 9110 §8.8.3).
_ENTITY_TAG = re.compile(r'\s*((?:W/)?"[\x21\x23-\x7e\x80-\xff]*")\s*(?:,|$)')


def etag_of(body: bytes) -> str:
    """Return a strong entity tag for ``body``, quotes included.

    It depends on the bytes only (128 bits of SHA-256), never on a clock, a
    process or a file's mtime, so every worker gives the same tag.
    """
    return f'"{hashlib.sha256(body).hexdigest()[:32]}"'


def http_date(moment: dt.datetime) -> str:
    """Format an aware datetime as an HTTP date, e.g. ``Wed, 11 Mar 2026 13:00:00 GMT``."""
    return email.utils.format_datetime(moment.astimezone(dt.UTC), usegmt=True)


def _opaque(tag: str) -> str:
    """The quoted part of an entity tag, for the weak comparison of RFC 9110 §8.8.3.2."""
    return tag.removeprefix("W/")


def _none_match(header: str, etag: str) -> bool:
    """Whether ``If-None-Match: header`` names ``etag`` (or is ``*``).

    A value that is not a valid list of quoted tags matches nothing, so that a
    malformed header costs a full response, never a wrong ``304``.
    """
    if header.strip() == "*":
        return True
    wanted = _opaque(etag)
    position = 0
    while position < len(header):
        match = _ENTITY_TAG.match(header, position)
        if match is None:
            return False
        if _opaque(match[1]) == wanted:
            return True
        position = match.end()
    return False


def _not_modified_since(header: str, last_modified: dt.datetime) -> bool:
    """Whether ``If-Modified-Since: header`` is at or after ``last_modified``.

    An unparsable date is ignored (RFC 9110 §13.1.3), which means a full response.
    """
    try:
        since = email.utils.parsedate_to_datetime(header)
    except (TypeError, ValueError, IndexError):
        return False
    if since.tzinfo is None:  # "-0000" parses naive; HTTP dates are GMT
        since = since.replace(tzinfo=dt.UTC)
    return last_modified <= since


def is_not_modified(
    *,
    if_none_match: str | None,
    if_modified_since: str | None,
    etag: str,
    last_modified: dt.datetime | None,
) -> bool:
    """Decide whether a ``GET`` or ``HEAD`` gets ``304 Not Modified`` (RFC 9110 §13.2.2).

    ``If-None-Match`` wins when present; ``If-Modified-Since`` counts only
    without it, and only when the resource has a modification date.
    """
    if if_none_match is not None:
        return _none_match(if_none_match, etag)
    if if_modified_since is not None and last_modified is not None:
        return _not_modified_since(if_modified_since, last_modified)
    return False


def media_type_for(path: str, fallback: str | None = None) -> str:
    """The ``Content-Type`` of a site file: by the layout's extensions, else ``fallback``.

    ``fallback`` is an exporter's own media type (a plugin's format); text
    types get ``charset=utf-8`` because exporters write UTF-8.
    """
    dot = path.rfind(".")
    known = _MEDIA_TYPES.get(path[dot:].lower()) if dot > path.rfind("/") else None
    if known is not None:
        return known
    if fallback is None:
        return "application/octet-stream"
    if fallback.startswith("text/") and "charset" not in fallback.lower():
        return f"{fallback}; charset=utf-8"
    return fallback


def request_path(path_info: str) -> str | None:
    """Decode WSGI's ``PATH_INFO`` strictly to a site path without the leading ``/``.

    PEP 3333 hands the percent-decoded bytes over as latin-1 text; they must be
    UTF-8. Returns ``None`` (so: ``404``) for anything that cannot be a file of
    the layout: bytes that are not UTF-8, control characters (NUL included),
    backslashes, empty, ``.`` or ``..`` segments, and paths that do not start
    with ``/``. The app then only ever looks the result up among the files it
    rendered: nothing reaches a file system.
    """
    try:
        path = path_info.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None
    if not path.startswith("/") or "\\" in path or any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in path):
        return None
    rest = path[1:]
    segments = rest.split("/")
    # A trailing "/" leaves one empty last segment, which is allowed (a folder).
    if any(s in {"", ".", ".."} for s in segments[:-1]) or segments[-1] in {".", ".."}:
        return None
    return rest
