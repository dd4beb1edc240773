"""RSS 2.0 and Atom 1.0 feeds of a programme, one of each per locale.

``DIR/<locale>/feed.rss`` and ``DIR/<locale>/feed.atom`` carry one item per
session. Readers poll a feed for years and remember every id and date they
saw, so what they remember is derived from data only (see ``docs/feeds.md``):

* **ids**: ``urn:uuid:`` of :func:`~sessionfeed.model.ids.session_uuid` (programme
  id + session id), the basis of the calendar ``UID`` too; never a title, URL
  or build time. RSS marks it ``isPermaLink="false"``.
* **dates**: ``pubDate``/``published`` is when the session was announced
  (:func:`~sessionfeed.model.revisions.announced`), never when it takes place, which
  readers would hide or mis-sort; ``updated`` is the session's revision. The
  feed's ``lastBuildDate``/``updated`` is the newest of those. Never the clock.
* **order**: newest publication first, ties in programme order.
* **words**: the same as the text exporter: the title in the seed page's shape
  ("Title (december 2023)"), a plain-text summary (:func:`~sessionfeed.words.compose.block_text`)
  and HTML content (:func:`~sessionfeed.words.compose.block_html`).

A feed is written by one writer, lxml's incremental one (``lxml.etree.xmlfile``,
see :mod:`sessionfeed.exporters.feeds.xml_writer`), as it is read: the head, then the entries a batch at
a time, each composed when it is written, then the end. The plan keeps each
session's place and dates, not its words, so a feed of any size is written
in bounded memory. RSS dates are formatted with
:func:`email.utils.format_datetime`, which never switches the process locale;
Atom entry links carry their ``rel``, ``type`` and ``length``.

Text is made XML-safe first (:mod:`sessionfeed.exporters.feeds.xml_text`); what
was removed is reported in the build summary.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import html
import re
import uuid
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, ClassVar, Literal, overload

import attrs

from sessionfeed import __version__
from sessionfeed.exporters.base import BaseExporter, Context, OutputFile, Rendering
from sessionfeed.exporters.feeds.xml_text import is_xml_safe, rfc822, scrub, xml_text
from sessionfeed.exporters.feeds.xml_writer import Document
from sessionfeed.exporters.removals import Removals, removed_from
from sessionfeed.model.ids import programme_uuid, session_uuid
from sessionfeed.model.revisions import Revisions, announced
from sessionfeed.site.layout import ATOM, RSS, locale_url, session_url
from sessionfeed.words.compose import Composition, SessionBlock, block_html, block_text
from sessionfeed.words.vocabulary import Words


if TYPE_CHECKING:
    from sessionfeed.model.programme import Organisation, Programme, Recording, Session


__all__ = [
    "ARCHIVE_DIR",
    "AtomExporter",
    "Author",
    "Enclosure",
    "FeedItem",
    "FeedPlan",
    "RSSExporter",
    "build_atom",
    "build_rss",
    "plan_feed",
]

#: Where paged archives go inside a locale folder (RFC 5005 §4), e.g. ``archive/1.atom``.
ARCHIVE_DIR = "archive"

_ATOM_NS = "http://www.w3.org/2005/Atom"
_FH_NS = "http://purl.org/syndication/history/1.0"
_DC_NS = "http://purl.org/dc/elements/1.1/"
_CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
_GENERATOR = "sessionfeed"
_GENERATOR_URI = "https://github.com/sessionfeed/sessionfeed"
_RSS_DOCS = "http://www.rssboard.org/rss-specification"
_RSS_TYPE = "application/rss+xml"
_ATOM_TYPE = "application/atom+xml"
#: The ``updated`` of a feed with no sessions and no ``updated`` in the programme.
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
#: How many entries are written at a time: what a feed holds in memory while it is written.
_BATCH = 250

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

Format = Literal["rss", "atom"]


# --------------------------------------------------------------------- the plan


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
    items: _Items
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
class _Stamp:
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
        organisers: The author of each organisation with a clean name, by id,
            as they are met: a handful, shared by many sessions.
    """

    programme: Programme
    locale: str
    words: Words
    composition: Composition = attrs.field(eq=False, repr=False)
    organisers: dict[str, Author] = attrs.field(factory=dict, eq=False, repr=False)

    def item(self, stamp: _Stamp) -> FeedItem:
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
            content=safe(block_html(block)),
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


class _Items(Sequence[FeedItem]):
    """Items made when they are read: a plan's, or a page's part of them.

    Holds the sessions' places only (:class:`_Stamp`); every read composes
    the item again, so that iterating over a feed of any size holds one item
    at a time.
    """

    __slots__ = ("_maker", "_stamps")

    def __init__(self, maker: _Maker, stamps: tuple[_Stamp, ...]) -> None:
        self._maker = maker
        self._stamps = stamps

    @property
    def stamps(self) -> tuple[_Stamp, ...]:
        """The places of the items, in their order."""
        return self._stamps

    def __len__(self) -> int:
        return len(self._stamps)

    @overload
    def __getitem__(self, index: int) -> FeedItem: ...

    @overload
    def __getitem__(self, index: slice) -> _Items: ...

    def __getitem__(self, index: int | slice) -> FeedItem | _Items:
        if isinstance(index, slice):
            return _Items(self._maker, self._stamps[index])
        return self._maker.item(self._stamps[index])

    def __iter__(self) -> Iterator[FeedItem]:
        item = self._maker.item
        for stamp in self._stamps:
            yield item(stamp)

    def __eq__(self, other: object) -> bool:
        """The same items: of the same sessions, in the same order, in the same words."""
        if not isinstance(other, _Items):
            return NotImplemented
        return self._stamps == other._stamps and self._maker == other._maker

    def __hash__(self) -> int:
        return hash(self._stamps)

    def __repr__(self) -> str:
        return f"<{len(self)} feed items>"


#: Why the feeds remove what they remove (the end of the build summary's note).
_REASON = "XML 1.0 forbids or discourages"


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
    return _plan(Composition(programme, locale), revisions)


def _plan(composition: Composition, revisions: Revisions | None) -> FeedPlan:
    """:func:`plan_feed`, from the words of ``composition``."""
    programme, locale = composition.programme, composition.locale
    revisions = revisions if revisions is not None else Revisions.from_data(programme)
    by_id = revisions.by_id
    stamps: list[_Stamp] = []
    removals = Removals(_REASON)
    for index, session in enumerate(programme.sessions):
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
            _Stamp(index=index, published=published, updated=max(modified, published), clean=clean),
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
    fallback = _utc(programme.updated) if programme.updated is not None else _EPOCH
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
        items=_Items(
            _Maker(programme=programme, locale=locale, words=words, composition=composition),
            ordered,
        ),
        notes=(note,) if note else (),
    )


# ---------------------------------------------------------------------- paging


@attrs.frozen(kw_only=True)
class _Page:
    """One feed document: the complete feed, or with paging the current one or an archive.

    Attributes:
        path: Its path inside the locale folder.
        items: Its items, newest first.
        role: ``complete`` (RFC 5005 §2), ``current`` or ``archive`` (§4).
        current: The subscription document's path (archives link to it).
        prev_archive: The next older archive's path.
        next_archive: The next newer archive's path.
        updated: The newest ``updated`` of what it holds.
    """

    path: str
    items: _Items
    role: Literal["complete", "current", "archive"]
    current: str | None = None
    prev_archive: str | None = None
    next_archive: str | None = None
    updated: dt.datetime


def _archive_path(number: int, extension: str) -> str:
    return f"{ARCHIVE_DIR}/{number}.{extension}"


def _pages(plan: FeedPlan, filename: str, page_size: int | None) -> list[_Page]:
    """Split the plan into documents: one complete feed, or RFC 5005 archives.

    Archives are cut from the oldest item on, so that a new session changes
    only the subscription document and, when that fills up, adds an archive:
    archive ``1`` holds the oldest ``page_size`` items and never gains more.
    """
    items = plan.items
    if page_size is None:
        return [_Page(path=filename, items=items, role="complete", updated=plan.updated)]
    extension = filename.rsplit(".", 1)[-1]
    oldest_first = items[::-1]
    archives = (len(items) - 1) // page_size if items else 0
    pages = [
        _Page(
            path=filename,
            items=oldest_first[archives * page_size :][::-1],
            role="current",
            prev_archive=_archive_path(archives, extension) if archives else None,
            updated=plan.updated,
        ),
    ]
    for number in range(1, archives + 1):
        chunk = oldest_first[(number - 1) * page_size : number * page_size][::-1]
        pages.append(
            _Page(
                path=_archive_path(number, extension),
                items=chunk,
                role="archive",
                current=filename,
                prev_archive=_archive_path(number - 1, extension) if number > 1 else None,
                next_archive=_archive_path(number + 1, extension) if number < archives else None,
                updated=max(stamp.updated for stamp in chunk.stamps),
            ),
        )
    return pages


def _history_links(plan: FeedPlan, page: _Page) -> list[tuple[str, str]]:
    """``(rel, URL)`` of the RFC 5005 links of a page."""
    links = [
        ("current", page.current),
        ("prev-archive", page.prev_archive),
        ("next-archive", page.next_archive),
    ]
    return [(rel, plan.folder_url + path) for rel, path in links if path is not None]


# -------------------------------------------------------------------- writing


def _written(
    root: tuple[str, dict[str, str]],
    channel: bool,
    head: Callable[[Document], None],
    entry: Callable[[Document, FeedItem], None],
    items: Sequence[FeedItem],
) -> Iterator[bytes]:
    """One feed document in pieces: its head, its entries a batch at a time, its end.

    A document without entries is one piece.

    Args:
        root: The root element's name and its attributes (the namespace declarations first).
        channel: Whether the head and the entries go in a ``channel`` (RSS), not in the root (Atom).
        head: Writes the elements before the entries.
        entry: Writes one entry.
        items: The entries' items, each made as it is written.
    """
    with Document() as out, out.parent(*root), out.parent("channel") if channel else contextlib.nullcontext():
        head(out)
        if items:
            yield out.take()
        for start in range(0, len(items), _BATCH):
            for item in items[start : start + _BATCH]:
                entry(out, item)
            yield out.take()
    yield out.take()


# ----------------------------------------------------------------------- RSS

#: Text that a reader taking RSS plain text as HTML would read as markup or an entity.
_MARKUP_LIKE = re.compile(r"<[A-Za-z/!?]|&#?\w+;")


def _rss_plain(text: str) -> str:
    """A plain text for an RSS element whose type RSS leaves open (``title``, ``category``).

    Readers guess: feedparser, and readers built like it, take such a text as
    HTML as soon as it holds a closing tag or an entity, and then drop what
    looks like markup ("<!-- …" loses everything after it). Text that looks
    like markup is therefore written HTML-escaped, which those readers turn
    back into the text; any other text ("Q&A", "herstel & verhaal", "a < b")
    is written as it is, which every reader shows right.
    """
    return html.escape(text, quote=False) if _MARKUP_LIKE.search(text) else text


def _rss_root(page: _Page) -> tuple[str, dict[str, str]]:
    """``<rss>`` with its namespaces: Dublin Core (``dc:creator``), RFC 5005, Atom (links), content."""
    namespaces = {"xmlns:dc": _DC_NS}
    if page.role != "current":
        namespaces["xmlns:fh"] = _FH_NS
    return "rss", {**namespaces, "xmlns:atom": _ATOM_NS, "xmlns:content": _CONTENT_NS, "version": "2.0"}


def _rss_head(plan: FeedPlan, page: _Page, out: Document) -> None:
    """The channel's elements before its items."""
    title = _rss_plain(plan.title)
    out.plain("title", title)
    out.leaf("link", plan.page_url)
    out.leaf("description", _rss_plain(plan.description))
    out.empty("atom:link", {"href": plan.folder_url + page.path, "rel": "self", "type": _RSS_TYPE})
    out.leaf("docs", _RSS_DOCS)
    out.leaf("generator", _GENERATOR)
    if plan.image:
        with out.parent("image"):
            out.leaf("url", plan.image)
            out.plain("title", title)
            out.leaf("link", plan.page_url)
    out.leaf("language", plan.locale)
    if plan.managing_editor:
        out.plain("managingEditor", _rss_plain(plan.managing_editor))
    out.leaf("lastBuildDate", rfc822(page.updated))
    if page.role != "current":
        out.empty(f"fh:{page.role}", {})
    for rel, href in _history_links(plan, page):
        out.empty("atom:link", {"rel": rel, "href": href, "type": _RSS_TYPE})


def _rss_item(out: Document, item: FeedItem) -> None:
    """The ``<item>`` of ``item``."""
    leaf, plain = out.leaf, out.plain
    with out.parent("item"):
        plain("title", _rss_plain(item.title))
        leaf("link", item.link)
        # The description is HTML to most readers: the plain summary, escaped.
        leaf("description", html.escape(item.summary, quote=False))
        leaf("content:encoded", item.content)
        leaf("guid", item.id, _NOT_A_PERMALINK)
        for label in item.categories:
            plain("category", _rss_plain(label))
        enclosure = item.enclosure
        if enclosure is not None:
            length = str(enclosure.length or 0)
            out.empty("enclosure", {"url": enclosure.url, "length": length, "type": enclosure.media_type})
        # An RSS <author> must be an e-mail address: organisers are named in dc:creator.
        for author in item.authors:
            plain("dc:creator", _rss_plain(author.name))
        leaf("pubDate", rfc822(item.published))


_NOT_A_PERMALINK = {"isPermaLink": "false"}


def _rss_pieces(plan: FeedPlan, page: _Page) -> Iterator[bytes]:
    """The RSS document of ``page``, in pieces, written as they are read."""
    head = functools.partial(_rss_head, plan, page)
    return _written(_rss_root(page), True, head, _rss_item, page.items)


# ---------------------------------------------------------------------- Atom


def _atom_root(plan: FeedPlan, page: _Page) -> tuple[str, dict[str, str]]:
    """``<feed>``: RFC 5005's namespace (unless current), Atom's as the default, the language."""
    namespaces = {"xmlns:fh": _FH_NS} if page.role != "current" else {}
    return "feed", {**namespaces, "xmlns": _ATOM_NS, "xml:lang": plan.locale}


def _lang(lang: str, locale: str) -> dict[str, str] | None:
    """The ``xml:lang`` of a title in another language than the feed's."""
    return {"xml:lang": lang} if lang != locale else None


def _author(out: Document, author: Author) -> None:
    with out.parent("author"):
        out.leaf("name", author.name)
        if author.uri:
            out.leaf("uri", author.uri)


def _atom_head(plan: FeedPlan, page: _Page, out: Document) -> None:
    """The feed's elements before its entries."""
    out.leaf("id", plan.id)
    out.leaf("title", plan.title, _lang(plan.title_lang, plan.locale))
    out.leaf("updated", page.updated.isoformat())
    for author in plan.authors:
        _author(out, author)
    out.empty("link", {"href": plan.folder_url + page.path, "rel": "self", "type": _ATOM_TYPE})
    for loc, url in plan.alternates:
        out.empty("link", {"href": url, "rel": "alternate", "type": "text/html", "hreflang": loc})
    for rel, href in _history_links(plan, page):
        out.empty("link", {"href": href, "rel": rel, "type": _ATOM_TYPE})
    out.leaf("generator", _GENERATOR, {"uri": _GENERATOR_URI, "version": __version__})
    if plan.image:
        out.leaf("logo", plan.image)
    if plan.subtitle:
        out.leaf("subtitle", plan.subtitle)
    if page.role != "current":
        out.empty(f"fh:{page.role}", {})


def _atom_entry(plan: FeedPlan, out: Document, item: FeedItem) -> None:
    """The ``<entry>`` of ``item``: its links last, with every attribute."""
    leaf, empty = out.leaf, out.empty
    with out.parent("entry"):
        leaf("id", item.id)
        leaf("title", item.title, _lang(item.title_lang, plan.locale))
        leaf("updated", item.updated.isoformat())
        for author in item.authors:
            _author(out, author)
        leaf("content", item.content, _HTML)
        leaf("summary", item.summary, _TEXT)
        for label in item.categories:
            empty("category", {"term": label})
        leaf("published", item.published.isoformat())
        alternate = {"rel": "alternate", "type": "text/html", "href": item.link}
        if item.local_link:
            alternate["hreflang"] = plan.locale
        empty("link", alternate)
        enclosure = item.enclosure
        if enclosure is not None:
            attributes = {"rel": "enclosure", "type": enclosure.media_type, "href": enclosure.url}
            if enclosure.length is not None:
                attributes["length"] = str(enclosure.length)
            empty("link", attributes)
        if item.recording_page is not None:
            empty("link", {"rel": "related", "type": "text/html", "href": item.recording_page})


_HTML = {"type": "html"}
_TEXT = {"type": "text"}


def _atom_pieces(plan: FeedPlan, page: _Page) -> Iterator[bytes]:
    """The Atom document of ``page``, in pieces, written as they are read."""
    head = functools.partial(_atom_head, plan, page)
    entry = functools.partial(_atom_entry, plan)
    return _written(_atom_root(plan, page), False, head, entry, page.items)


# --------------------------------------------------------------- the builders


def build_rss(programme: Programme, locale: str, *, revisions: Revisions | None = None) -> bytes:
    """The complete RSS 2.0 feed of ``locale``: one item per session, newest first.

    Args:
        programme: The programme.
        locale: The page locale, e.g. ``nl``.
        revisions: Each session's revision; as the data states them when ``None``.
    """
    plan = plan_feed(programme, locale, revisions=revisions)
    return b"".join(_rss_pieces(plan, _pages(plan, RSS, None)[0]))


def build_atom(programme: Programme, locale: str, *, revisions: Revisions | None = None) -> bytes:
    """The complete Atom 1.0 feed of ``locale``: one entry per session, newest first.

    Args:
        programme: The programme.
        locale: The page locale, e.g. ``nl``.
        revisions: Each session's revision; as the data states them when ``None``.
    """
    plan = plan_feed(programme, locale, revisions=revisions)
    return b"".join(_atom_pieces(plan, _pages(plan, ATOM, None)[0]))


# ----------------------------------------------------------------- exporters


def _check_page_size(_instance: object, _attribute: object, value: int | None) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
        message = f"page_size must be a whole number of entries, 1 or more, or None; got {value!r}"
        raise ValueError(message)


def _render(programme: Programme, context: Context, fmt: Format, page_size: int | None) -> Rendering:
    plan = _plan(context.compose(programme), context.revisions)
    media_type = _RSS_TYPE if fmt == "rss" else _ATOM_TYPE
    filename, pieces = (RSS, _rss_pieces) if fmt == "rss" else (ATOM, _atom_pieces)
    pages = _pages(plan, filename, page_size)
    notes = list(plan.notes)
    if len(pages) > 1:
        notes.append(
            f"paged: the newest {len(pages[0].items)} sessions in {filename}, the "
            f"{len(plan.items) - len(pages[0].items)} older ones in {len(pages) - 1} "
            f"archive documents under {ARCHIVE_DIR}/",
        )
    return Rendering(
        # Each file is written as it is read, a batch of entries at a time.
        files=tuple(
            OutputFile(path=page.path, produce=functools.partial(pieces, plan, page), media_type=media_type)
            for page in pages
        ),
        included=tuple(s.id for s in programme.sessions),
        notes=tuple(notes),
    )


@attrs.frozen(kw_only=True, repr=False)
class RSSExporter(BaseExporter):
    """RSS 2.0 (``feed.rss``), one per locale.

    Attributes:
        page_size: ``None`` (the default) writes the complete feed, marked
            ``fh:complete`` (RFC 5005 §2). A number writes the newest sessions
            up to that many in ``feed.rss`` and the older ones in archive
            documents ``archive/1.rss``, … linked with ``prev-archive`` (§4).
    """

    name: ClassVar[str] = "rss"
    title: ClassVar[str] = "RSS 2.0"
    media_type: ClassVar[str] = _RSS_TYPE
    filename: ClassVar[str] = RSS

    page_size: int | None = attrs.field(default=None, validator=_check_page_size)

    def render(self, programme: Programme, context: Context) -> Rendering:
        """Write ``feed.rss`` (and archives when paged) for ``context.locale``."""
        return _render(programme, context, "rss", self.page_size)


@attrs.frozen(kw_only=True, repr=False)
class AtomExporter(BaseExporter):
    """Atom 1.0 (``feed.atom``), one per locale.

    Attributes:
        page_size: ``None`` (the default) writes the complete feed, marked
            ``fh:complete`` (RFC 5005 §2). A number writes the newest sessions
            up to that many in ``feed.atom`` and the older ones in archive
            documents ``archive/1.atom``, … linked with ``prev-archive`` (§4).
    """

    name: ClassVar[str] = "atom"
    title: ClassVar[str] = "Atom"
    media_type: ClassVar[str] = _ATOM_TYPE
    filename: ClassVar[str] = ATOM

    page_size: int | None = attrs.field(default=None, validator=_check_page_size)

    def render(self, programme: Programme, context: Context) -> Rendering:
        """Write ``feed.atom`` (and archives when paged) for ``context.locale``."""
        return _render(programme, context, "atom", self.page_size)
