"""Small HTTP rules for serving the site: validators, conditional requests, paths, media types.

Everything here is a pure function of its arguments, so that the WSGI app in
:mod:`sessionfeed.serve.app` stays a thin shell and every rule can be tested alone.
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
    "entity_tags",
    "escape_log",
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
    ".xml": "application/xml",  # sitemap.xml
}

# RFC 9110 §5.6.1.2: OWS is spaces and horizontal tabs only (not CR, LF or other white space).
_OWS = " \t"
# entity-tag = [ weak ] opaque-tag, weak = %s"W/" (case-sensitive), opaque-tag = DQUOTE *etagc DQUOTE,
# etagc = %x21 / %x23-7E / obs-text (RFC 9110 §8.8.3). obs-text is %x80-FF: PEP 3333 hands
# header values over as latin-1 text, one character per octet.
_ENTITY_TAG = re.compile(r'(?:W/)?"[\x21\x23-\x7e\x80-\xff]*"')
#: Every control character (C0, DEL, C1), a backslash, and the Unicode characters that
#: break a line or reorder what a terminal shows (line and paragraph separators, bidi
#: controls): what an access log must not carry raw.
_LOG_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\\\\\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")


def etag_of(body: bytes) -> str:
    """Return a strong entity tag for ``body``, quotes included.

    It depends on the bytes only (128 bits of SHA-256), never on a clock, a
    process or a file's mtime, so every worker gives the same tag.
    """
    return f'"{hashlib.sha256(body).hexdigest()[:32]}"'


def http_date(moment: dt.datetime) -> str:
    """Format an aware datetime as an HTTP date, e.g. ``Wed, 11 Mar 2026 13:00:00 GMT``."""
    return email.utils.format_datetime(moment.astimezone(dt.UTC), usegmt=True)


def entity_tags(header: str) -> list[str] | None:
    """Read ``If-None-Match``'s list of entity tags (RFC 9110 §13.1.2, §5.6.1).

    The list rule ``#entity-tag`` allows empty elements, which are ignored
    (``"a",, "b"`` and ``, "a"`` are two tags and one), and optional white
    space (spaces and tabs) around each comma. A tag's weak prefix ``W/`` is
    kept; it is case-sensitive, so ``w/"a"`` is no tag.

    Returns:
        The tags in order (possibly none), ``["*"]`` for ``*`` alone, or
        ``None`` when the value is not such a list.
    """
    if header.strip(_OWS) == "*":
        return ["*"]
    tags: list[str] = []
    position, size = 0, len(header)
    while position < size:
        # OWS and empty elements before the next element (or the end).
        while position < size and header[position] in _OWS + ",":
            position += 1
        if position == size:
            break
        match = _ENTITY_TAG.match(header, position)
        if match is None:
            return None
        tags.append(match[0])
        position = match.end()
        while position < size and header[position] in _OWS:
            position += 1
        if position < size and header[position] != ",":
            return None
    return tags


def _none_match(header: str, etag: str) -> bool:
    """Whether ``If-None-Match: header`` names ``etag`` (or is ``*``), compared the weak way.

    A value that is not a valid list of entity tags matches nothing, so that a
    malformed header costs a full response, never a wrong ``304``: the whole
    value is read before any tag counts.
    """
    tags = entity_tags(header)
    if tags is None:
        return False
    if tags == ["*"]:
        return True
    # The weak comparison (RFC 9110 §8.8.3.2): the quoted parts, without W/.
    wanted = etag.removeprefix("W/")
    return any(tag.removeprefix("W/") == wanted for tag in tags)


def escape_log(value: str) -> str:
    r"""``value`` safe to write in a log line: no control character reaches the terminal or the file.

    Every C0 control (line breaks included), DEL and every C1 control becomes
    ``\xNN``, and a backslash ``\\``, as :mod:`http.server` writes them; the
    Unicode line and paragraph separators and the bidirectional controls
    (which make a terminal show text in another order) become ``\uNNNN``.
    So a request line or a path can neither forge a log line, nor colour,
    move or hide what a terminal shows, and every escape reads back
    unambiguously.
    """
    return _LOG_UNSAFE.sub(_log_escape, value)


def _log_escape(match: re.Match[str]) -> str:
    code = ord(match[0])
    if code == 0x5C:
        return "\\\\"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


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
