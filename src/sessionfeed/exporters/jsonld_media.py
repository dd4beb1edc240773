"""A session's recording as a schema.org node: ``VideoObject``, ``AudioObject`` or ``MediaObject``.

Google reads a ``VideoObject`` for its video results and rejects one without
``thumbnailUrl`` or ``uploadDate``. A video recording that lacks either is
therefore written as a plain ``MediaObject`` (its parent type, with the same
properties, which no search feature requires anything of) until the data
gives both; ``sessionfeed check`` names the field to add (SF701, SF702).
Audio is an ``AudioObject``, for which Google has no requirements.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sessionfeed.exporters.jsonld_nodes import Node, iso_duration, recording_id


if TYPE_CHECKING:
    from sessionfeed.model.programme import Programme, Recording, Session


__all__ = ["PAGE_TYPES", "is_audio", "media_type_of", "recording_node"]

#: Media types of a page that shows the recording, not of the recording itself.
PAGE_TYPES = ("text/html", "application/xhtml+xml")


def is_audio(recording: Recording) -> bool:
    """Whether the recording is sound only (an ``audio/*`` media type)."""
    return bool(recording.media_type and recording.media_type.startswith("audio/"))


def media_type_of(recording: Recording, *, named: bool = True) -> str:
    """The schema.org type the recording is written as: ``AudioObject``, ``VideoObject`` or ``MediaObject``.

    A video is a ``VideoObject`` only with what Google requires of one: a
    thumbnail, a publication date and a name (``named``: the session's title
    has visible text).
    """
    if is_audio(recording):
        return "AudioObject"
    if named and recording.thumbnail and recording.published is not None:
        return "VideoObject"
    return "MediaObject"


def recording_node(
    programme: Programme,
    session: Session,
    recording: Recording,
    locale: str,
    *,
    name: str,
    description: str | None,
    named: bool = True,
) -> Node:
    """The node of ``recording``, the session's, with what Google's video markup reads.

    The URL is ``contentUrl`` only when the media type says it is the media
    file itself; a video page (``text/html``, or no media type given) is the
    object's ``url``.
    """
    media_type = recording.media_type
    node: Node = {
        "@type": media_type_of(recording, named=named),
        "@id": recording_id(programme, session, locale),
        "name": name,
    }
    if description is not None:
        node["description"] = description
    if recording.thumbnail:
        node["thumbnailUrl"] = recording.thumbnail
    if recording.published is not None:
        node["uploadDate"] = recording.published.isoformat()
    if media_type and not media_type.startswith(PAGE_TYPES):
        node["contentUrl"] = recording.url
        node["encodingFormat"] = media_type
    else:
        node["url"] = recording.url
    if recording.embed_url:
        node["embedUrl"] = recording.embed_url
    if recording.duration is not None:
        node["duration"] = iso_duration(recording.duration)
    node["inLanguage"] = session.language
    return node
