"""A feed's items: each session as both feeds carry it, made when it is read.

A plan (:mod:`~sessionfeed.exporters.feeds.plan`) keeps each session's place
and dates (:class:`Stamp`); :class:`Items` composes an item from them on every
read, so that a feed of any size is written holding one item at a time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, overload

import attrs

from sessionfeed.exporters.card import block_html
from sessionfeed.exporters.feeds.xml_text import xml_text
from sessionfeed.exporters.jsonld_media import PAGE_TYPES
from sessionfeed.model.ids import session_uuid
from sessionfeed.site.layout import session_url
from sessionfeed.words.compose import Composition, SessionBlock, block_text
from sessionfeed.words.vocabulary import Words


if TYPE_CHECKING:
    from sessionfeed.exporters.templating import Templates
    from sessionfeed.model.programme import Organisation, Programme, Recording, Session


__all__ = ["Author", "Enclosure", "FeedItem", "ItemMaker", "Items", "Stamp", "authors_of"]

#: Media types of recording files by suffix, for recordings that state none.
#: A fixed table rather than :mod:`mimetypes`, whose answers depend on the machine.
_MEDIA_SUFFIXES = {
    ".mp4": "video/mp4",
    ".m4v": "video/x-m4v",
    ".mov": "video/quicktime",
    ".webm": "video/webm",
    ".ogv": "video/ogg",
    ".mkv": "video/x-matroska",
    ".mp3": "audio/mpeg",
    ".m4a": "audio/mp4",
    ".aac": "audio/aac",
    ".oga": "audio/ogg",
    ".ogg": "audio/ogg",
    ".opus": "audio/opus",
    ".wav": "audio/wav",
    ".flac": "audio/flac",
    ".pdf": "application/pdf",
}


@attrs.frozen(kw_only=True)
class Author:
    """An organiser as a feed names it.

    Attributes:
        name: "Stichting Open Gesprek (SOG)", as every output names the organisation.
        uri: Its website.
    """

    name: str
    uri: str | None = None


@attrs.frozen(kw_only=True)
class Enclosure:
    """A recording file attached to an item.

    Attributes:
        url: Where the file is.
        media_type: Its media type, e.g. ``video/mp4``.
        length: Its size in bytes, ``None`` when unknown (RSS then says 0).
    """

    url: str
    media_type: str
    length: int | None


@attrs.frozen(kw_only=True)
class FeedItem:
    """One session as both feeds carry it; every text is XML-safe already.

    Attributes:
        session_id: The session's id.
        id: ``urn:uuid:…``, the RSS ``guid`` and the Atom ``id``.
        title: The status (when not scheduled) and the heading: "Title (december 2023)".
        title_lang: The language of the session's title.
        link: The session's page, or its anchor on the locale page.
        local_link: Whether ``link`` is on our own locale page (so its language is known).
        published: When the session was announced (UTC).
        updated: When it last changed, never before ``published`` (UTC).
        summary: The session as plain text.
        content: The session as an HTML fragment.
        categories: The labels of its tags.
        authors: Its organisers (the programme's when it names none).
        enclosure: Its recording, when that is a file.
        recording_page: Its recording, when that is a web page rather than a file.
    """

    session_id: str
    id: str
    title: str
    title_lang: str
    link: str
    local_link: bool
    published: dt.datetime
    updated: dt.datetime
    summary: str
    content: str
    categories: tuple[str, ...]
    authors: tuple[Author, ...]
    enclosure: Enclosure | None
    recording_page: str | None


def _same(text: str) -> str:
    return text


def authors_of(
    words: Words,
    programme: Programme,
    session: Session | None,
    safe: Callable[[str], str] = xml_text,
    *,
    organisers: tuple[Organisation, ...] | None = None,
) -> tuple[Author, ...]:
    """The organisers of ``session`` (or ``organisers``) as authors.

    A name of nothing but control characters becomes the organisation's id.
    """
    if organisers is None:
        organisers = programme.organisers_of(session) if session is not None else programme.organisers
    names = [(safe(words.organisation_name(programme, org)), org) for org in organisers]
    return tuple(Author(name=name if name.strip() else org.id, uri=org.url) for name, org in names)


def _enclosure(recording: Recording, safe: Callable[[str], str]) -> Enclosure | None:
    """The recording as an enclosure, or ``None`` when it is a web page, not a file.

    A page (``text/html``, or no media type and no known file suffix) is no
    enclosure: podcast apps and readers offer an enclosure for download.
    """
    media_type = recording.media_type
    if media_type is None:
        path = recording.url.split("?", 1)[0].split("#", 1)[0].lower()
        suffix = path[path.rfind(".") :] if "." in path.rsplit("/", 1)[-1] else ""
        media_type = _MEDIA_SUFFIXES.get(suffix)
    if media_type is None or media_type.split(";", 1)[0].strip().lower() in PAGE_TYPES:
        return None
    return Enclosure(url=safe(recording.url), media_type=xml_text(media_type), length=recording.length)


def _item_title(words: Words, block: SessionBlock, safe: Callable[[str], str]) -> str:
    """The status (unless scheduled) and the heading, with a title that survives cleaning."""
    heading = block.heading
    if not safe(block.title.text).strip():
        # The title was nothing but control characters: name the session by its kind.
        heading = block.kind_phrase + heading[len(block.title.text) :]
    return safe(words.status_title(block.session.status, heading))


@attrs.frozen(kw_only=True)
class Stamp:
    """A session's place in the feeds, worked out for every session before any words.

    Attributes:
        index: Its index in ``programme.sessions``.
        published: When it was announced (UTC).
        updated: When it last changed, never before ``published`` (UTC).
        clean: Whether its plain text has nothing that XML cannot carry (so
            neither has the rest of its item, which need not be searched).
    """

    index: int
    published: dt.datetime
    updated: dt.datetime
    clean: bool


@attrs.frozen(kw_only=True)
class ItemMaker:
    """What making an item needs besides its session's place: one per plan.

    Attributes:
        programme: The programme.
        locale: The locale.
        words: Its words.
        composition: The locale's words, each session's made once for every format.
        templates: The build's page templates, whose card is the entries' HTML
            content (the built-in ones when ``None``).
        organisers: The author of each organisation with a clean name, by id,
            as they are met: a handful, shared by many sessions.
    """

    programme: Programme
    locale: str
    words: Words
    composition: Composition = attrs.field(eq=False, repr=False)
    templates: Templates | None = attrs.field(default=None, eq=False, repr=False)
    organisers: dict[str, Author] = attrs.field(factory=dict, eq=False, repr=False)

    def item(self, stamp: Stamp) -> FeedItem:
        """The item of the session at ``stamp``, composed afresh."""
        programme, locale = self.programme, self.locale
        session = programme.sessions[stamp.index]
        block = self.composition.block(session)
        summary = block_text(block)
        # The plain text holds every text of the session that the item shows (the
        # heading, the people, the organisers, the topics, the links), and the HTML
        # is written from the same texts: when the plain text is clean, so is the
        # rest, and the (long) HTML need not be searched again.
        safe = _same
        if not stamp.clean:
            summary = xml_text(summary)
            safe = xml_text
        recording = session.recording
        enclosure = _enclosure(recording, safe) if recording is not None else None
        return FeedItem(
            session_id=session.id,
            id=f"urn:uuid:{session_uuid(programme, session)}",
            title=_item_title(self.words, block, safe),
            title_lang=block.title.lang,
            link=safe(session_url(programme, session, locale)),
            local_link=session.links.page is None,
            published=stamp.published,
            updated=stamp.updated,
            summary=summary,
            content=safe(block_html(block, templates=self.templates)),
            categories=tuple(
                label if label.strip() else tag.id
                for tag, topic in zip(session.tags, block.topics, strict=True)
                for label in (safe(topic),)
            ),
            authors=(
                self._cleanauthors_of(session)
                if stamp.clean
                else authors_of(self.words, programme, session, safe)
            ),
            enclosure=enclosure,
            recording_page=(safe(recording.url) if recording is not None and enclosure is None else None),
        )

    def _cleanauthors_of(self, session: Session) -> tuple[Author, ...]:
        """:func:`authors_of` of a clean session (whose text names its organisers), once per organisation."""
        known = self.organisers
        authors: list[Author] = []
        for org in self.programme.organisers_of(session):
            author = known.get(org.id)
            if author is None:
                (author,) = authors_of(self.words, self.programme, None, _same, organisers=(org,))
                known[org.id] = author
            authors.append(author)
        return tuple(authors)


class Items(Sequence[FeedItem]):
    """Items made when they are read: a plan's, or a page's part of them.

    Holds the sessions' places only (:class:`Stamp`); every read composes
    the item again, so that iterating over a feed of any size holds one item
    at a time.
    """

    __slots__ = ("_maker", "_stamps")

    def __init__(self, maker: ItemMaker, stamps: tuple[Stamp, ...]) -> None:
        self._maker = maker
        self._stamps = stamps

    @property
    def stamps(self) -> tuple[Stamp, ...]:
        """The places of the items, in their order."""
        return self._stamps

    def of(self, stamps: tuple[Stamp, ...]) -> Items:
        """The items at ``stamps`` (some of these, in an order of their own), in the same words."""
        return Items(self._maker, stamps)

    def make(self, stamp: Stamp) -> FeedItem:
        """The item at ``stamp``, composed afresh."""
        return self._maker.item(stamp)

    def session_id(self, stamp: Stamp) -> str:
        """The id of the session at ``stamp``."""
        return self._maker.programme.sessions[stamp.index].id

    def __len__(self) -> int:
        return len(self._stamps)

    @overload
    def __getitem__(self, index: int) -> FeedItem: ...

    @overload
    def __getitem__(self, index: slice) -> Items: ...

    def __getitem__(self, index: int | slice) -> FeedItem | Items:
        if isinstance(index, slice):
            return Items(self._maker, self._stamps[index])
        return self._maker.item(self._stamps[index])

    def __iter__(self) -> Iterator[FeedItem]:
        item = self._maker.item
        for stamp in self._stamps:
            yield item(stamp)

    def __eq__(self, other: object) -> bool:
        """The same items: of the same sessions, in the same order, in the same words."""
        if not isinstance(other, Items):
            return NotImplemented
        return self._stamps == other._stamps and self._maker == other._maker

    def __hash__(self) -> int:
        return hash(self._stamps)

    def __repr__(self) -> str:
        return f"<{len(self)} feed items>"
