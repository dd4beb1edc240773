"""What a feed of a locale says, with no XML yet: its items, their order and dates.

Readers poll a feed for years and remember every id and date they saw, so
what they remember is derived from data only (see ``docs/feeds.md``):

* **ids**: ``urn:uuid:`` of :func:`~sessionfeed.model.ids.session_uuid` (programme
  id + session id), the basis of the calendar ``UID`` too; never a title, URL
  or build time.
* **dates**: ``pubDate``/``published`` is when the session was announced
  (:func:`~sessionfeed.model.revisions.announced`), never when it takes place, which
  readers would hide or mis-sort; ``updated`` is the session's revision. The
  feed's ``lastBuildDate``/``updated`` is the newest of those. Never the clock.
* **order**: newest publication first, ties in programme order.
* **words**: the same as the text exporter: the title in the seed page's shape
  ("Title (december 2023)"), a plain-text summary (:func:`~sessionfeed.words.compose.block_text`)
  and HTML content (:func:`~sessionfeed.exporters.card.block_html`).

The plan keeps each session's place and dates, not its words: an item is made
when it is read, so a feed of any size is written in bounded memory.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, overload

import attrs

from sessionfeed.exporters.card import block_html
from sessionfeed.exporters.feeds.xml_text import is_xml_safe, scrub, xml_text
from sessionfeed.exporters.removals import Removals, removed_from
from sessionfeed.exporters.window import Keep
from sessionfeed.model.ids import programme_uuid, session_uuid
from sessionfeed.model.revisions import Revisions, announced
from sessionfeed.site.layout import locale_url, session_url
from sessionfeed.words.compose import Composition, SessionBlock, block_text
from sessionfeed.words.vocabulary import Words


if TYPE_CHECKING:
    from sessionfeed.exporters.templating import Templates
    from sessionfeed.model.programme import Organisation, Programme, Recording, Session


__all__ = [
    "Author",
    "Enclosure",
    "FeedItem",
    "FeedPlan",
    "Items",
    "Stamp",
    "empty_updated",
    "make_plan",
    "plan_feed",
]

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)

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


@attrs.frozen(kw_only=True)
class FeedPlan:
    """Everything the RSS and the Atom feed of one locale say, before any XML.

    Attributes:
        locale: The locale.
        id: The Atom feed id, ``urn:uuid:…``, one per programme and locale.
        title: The programme's title.
        title_lang: The language the title is in.
        description: The introduction, or the title when there is none (RSS requires one).
        subtitle: The introduction, if any (Atom).
        folder_url: The URL of the locale folder; the feeds' own URLs are made from it.
        page_url: The programme page of this locale.
        alternates: ``(locale, page URL)`` of every locale of the programme.
        image: The programme's image.
        authors: The programme's organisers, or its title when it names none.
        managing_editor: The contact as RSS wants it, ``"mail@example.org (Name)"``.
        updated: The newest ``updated`` of the items; with no items, the
            programme's ``updated``, else 1970-01-01.
        items: The items, newest publication first, ties in programme order.
            A sequence that makes each item when it is read and keeps none:
            the plan holds each session's place and dates, not its words.
        notes: What the build summary should say (characters removed).
    """

    locale: str
    id: str
    title: str
    title_lang: str
    description: str
    subtitle: str | None
    folder_url: str
    page_url: str
    alternates: tuple[tuple[str, str], ...]
    image: str | None
    authors: tuple[Author, ...]
    managing_editor: str | None
    updated: dt.datetime
    items: Items
    notes: tuple[str, ...]


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(dt.UTC).replace(microsecond=0)


def _same(text: str) -> str:
    return text


def _authors(
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
    if media_type is None or media_type.split(";", 1)[0].strip().lower() in {
        "text/html",
        "application/xhtml+xml",
    }:
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
class _Maker:
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
                self._clean_authors(session)
                if stamp.clean
                else _authors(self.words, programme, session, safe)
            ),
            enclosure=enclosure,
            recording_page=(safe(recording.url) if recording is not None and enclosure is None else None),
        )

    def _clean_authors(self, session: Session) -> tuple[Author, ...]:
        """:func:`_authors` of a clean session (whose text names its organisers), once per organisation."""
        known = self.organisers
        authors: list[Author] = []
        for org in self.programme.organisers_of(session):
            author = known.get(org.id)
            if author is None:
                (author,) = _authors(self.words, self.programme, None, _same, organisers=(org,))
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

    def __init__(self, maker: _Maker, stamps: tuple[Stamp, ...]) -> None:
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


#: Why the feeds remove what they remove (the end of the build summary's note).
_REASON = "XML 1.0 forbids or discourages"


def empty_updated(programme: Programme) -> dt.datetime:
    """The ``updated`` of a feed without items: the programme's ``updated``, else 1970-01-01.

    Never the clock: the same programme gives the same feed whenever it is made.
    """
    return _utc(programme.updated) if programme.updated is not None else _EPOCH


def plan_feed(programme: Programme, locale: str, *, revisions: Revisions | None = None) -> FeedPlan:
    """Work out what the feeds of ``locale`` say, with no XML yet.

    Both :func:`build_rss` and :func:`build_atom` write this plan; it is pure
    and deterministic: the same programme and revisions give the same plan.
    It holds the order and dates of the items and what the build summary
    says; the items themselves are made when they are read.

    Args:
        programme: The programme.
        locale: The page locale, e.g. ``nl``.
        revisions: Each session's revision; as the data states them when ``None``.
    """
    return make_plan(Composition(programme, locale), revisions)


def make_plan(
    composition: Composition,
    revisions: Revisions | None,
    templates: Templates | None = None,
    keep: Keep | None = None,
) -> FeedPlan:
    """:func:`plan_feed`, from the words of ``composition``, the entries' HTML by ``templates``' card.

    ``keep`` says which sessions the feed holds (the programme's window,
    :func:`~sessionfeed.exporters.window.keeper`); every one when ``None``.
    """
    programme, locale = composition.programme, composition.locale
    revisions = revisions if revisions is not None else Revisions.from_data(programme)
    by_id = revisions.by_id
    stamps: list[Stamp] = []
    removals = Removals(_REASON)
    for index, session in enumerate(programme.sessions):
        if keep is not None and not keep(session):
            continue
        published = _utc(announced(programme, session))
        revision = by_id.get(session.id)
        modified = _utc(revision.modified) if revision is not None else published
        # The removal note is in the rendering, before any file is written: the
        # plain text of each session is checked here, one at a time (of a text
        # with something to remove, only the characters removed are kept). The
        # text is made of the block's texts: where those are clean, so is it,
        # and it need not be written here.
        block = composition.block(session)
        clean = not block.unsafe
        if not clean:
            text = block_text(block)
            clean = is_xml_safe(text)
            if not clean:
                kept, removed = scrub(text)
                removals.add(set(text) - set(kept), count=removed, session=session.id)
        stamps.append(
            Stamp(index=index, published=published, updated=max(modified, published), clean=clean),
        )
    # Newest publication first; sorted() is stable, so ties keep the programme order.
    ordered = tuple(sorted(stamps, key=lambda stamp: -stamp.published.timestamp()))
    words = Words.of(locale)
    title = programme.text(programme.title, locale)
    intro = programme.text(programme.intro, locale).text if programme.intro is not None else None
    clean_title = xml_text(title.text).strip() or programme.id
    clean_intro = xml_text(intro).strip() if intro is not None else ""
    contact = programme.contact
    editor = None
    if contact is not None and contact.email:
        written = f"{contact.email} ({contact.name})" if contact.name else contact.email
        removals.add(removed_from(written))
        editor = xml_text(written)
    for text in (title.text, intro or ""):
        removals.add(removed_from(text))
    fallback = empty_updated(programme)
    note = removals.note()
    return FeedPlan(
        locale=locale,
        id=f"urn:uuid:{uuid.uuid5(programme_uuid(programme), f'feed/{locale}')}",
        title=clean_title,
        title_lang=title.lang,
        description=clean_intro or clean_title,
        subtitle=clean_intro or None,
        folder_url=locale_url(programme, locale),
        page_url=locale_url(programme, locale),
        alternates=tuple((loc, locale_url(programme, loc)) for loc in programme.locales),
        image=programme.image,
        authors=_authors(words, programme, None) or (Author(name=clean_title),),
        managing_editor=editor,
        updated=max((stamp.updated for stamp in ordered), default=fallback),
        items=Items(
            _Maker(
                programme=programme, locale=locale, words=words, composition=composition, templates=templates
            ),
            ordered,
        ),
        notes=(note,) if note else (),
    )
