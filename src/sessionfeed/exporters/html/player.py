"""How a recording is watched: a player for a media file, an embed for a video site.

* A media file (its ``media_type`` is ``video/*`` or ``audio/*``, else its URL
  ends in a known extension such as ``.mp4`` or ``.mp3``): ``<video controls
  preload="none">`` or ``<audio controls preload="none">`` with a ``<source
  type>``.
* ``embed_url`` when the data gives one: an ``<iframe>`` of it.
* A YouTube or Vimeo page: an ``<iframe>`` of the site's privacy-enhanced
  player (``https://www.youtube-nocookie.com/embed/ID``,
  ``https://player.vimeo.com/video/ID?dnt=1``).
* Anything else: a link to the recording.

The templates (``parts/player.html``) write the HTML; this module only decides.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

import attrs

from sessionfeed.exporters.jsonld_nodes import iso_duration


if TYPE_CHECKING:
    from sessionfeed.model.programme import Recording


__all__ = ["Player", "duration_iso", "player"]

#: The media type of a media file's extension.
_MEDIA_TYPES = {
    ".mp4": "video/mp4",
    ".m4v": "video/mp4",
    ".webm": "video/webm",
    ".ogv": "video/ogg",
    ".mov": "video/quicktime",
    ".mp3": "audio/mpeg",
    ".m4a": "audio/mp4",
    ".oga": "audio/ogg",
    ".ogg": "audio/ogg",
    ".opus": "audio/ogg",
    ".wav": "audio/wav",
    ".flac": "audio/flac",
}
_YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{6,20}")
_VIMEO_ID = re.compile(r"[0-9]{3,15}")
_YOUTUBE_HOSTS = frozenset(
    {"youtube.com", "www.youtube.com", "m.youtube.com", "youtube-nocookie.com", "www.youtube-nocookie.com"},
)


@attrs.frozen(kw_only=True)
class Player:
    """What plays a recording on a session's page.

    Attributes:
        kind: ``video``, ``audio``, ``embed`` (an ``<iframe>``) or ``link``.
        src: The media file, the player to embed, or the page to link to.
        media_type: The media file's type (``video/mp4``), ``""`` for an embed or a link.
    """

    kind: str
    src: str
    media_type: str = ""


def _youtube_id(host: str, path: str, query: str) -> str | None:
    if host in {"youtu.be", "www.youtu.be"}:
        found = path.strip("/").split("/")[0]
    elif host in _YOUTUBE_HOSTS:
        parts = path.strip("/").split("/")
        if parts[0] == "watch":
            found = parse_qs(query).get("v", [""])[0]
        elif parts[0] in {"embed", "shorts", "live", "v"} and len(parts) > 1:
            found = parts[1]
        else:
            return None
    else:
        return None
    return found if _YOUTUBE_ID.fullmatch(found) else None


def _vimeo_id(host: str, path: str) -> str | None:
    parts = [part for part in path.split("/") if part]
    if host in {"vimeo.com", "www.vimeo.com"} and parts:
        found = parts[-1] if parts[0] in {"video", "channels", "groups"} else parts[0]
    elif host == "player.vimeo.com" and len(parts) >= 2 and parts[0] == "video":
        found = parts[1]
    else:
        return None
    return found if _VIMEO_ID.fullmatch(found) else None


def embed_of(url: str) -> str | None:
    """The privacy-enhanced player of a YouTube or Vimeo URL, or ``None`` for any other URL."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    youtube = _youtube_id(host, parts.path, parts.query)
    if youtube is not None:
        return f"https://www.youtube-nocookie.com/embed/{youtube}"
    vimeo = _vimeo_id(host, parts.path)
    if vimeo is not None:
        return f"https://player.vimeo.com/video/{vimeo}?dnt=1"
    return None


def _media_type(recording: Recording) -> str:
    given = (recording.media_type or "").split(";")[0].strip().lower()
    if given.startswith(("video/", "audio/")):
        return given
    path = urlsplit(recording.url).path.lower()
    dot = path.rfind(".")
    extension = path[dot:] if dot >= 0 else ""
    return _MEDIA_TYPES.get(extension, "")


def player(recording: Recording) -> Player:
    """How ``recording`` is played on its session's page (see the module's docs)."""
    media_type = _media_type(recording)
    if media_type:
        return Player(kind=media_type.split("/")[0], src=recording.url, media_type=media_type)
    if recording.embed_url:
        return Player(kind="embed", src=recording.embed_url)
    embed = embed_of(recording.url)
    if embed is not None:
        return Player(kind="embed", src=embed)
    return Player(kind="link", src=recording.url)


def duration_iso(duration: dt.timedelta) -> str:
    """A duration as ``<time datetime>`` and schema.org write it: ``PT1H30M`` (whole seconds, at least 0)."""
    return iso_duration(dt.timedelta(seconds=max(int(duration.total_seconds()), 0)))
