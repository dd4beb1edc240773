"""RSS 2.0 and Atom 1.0 feeds of a programme, one of each per locale.

``DIR/<locale>/feed.rss`` and ``DIR/<locale>/feed.atom`` carry one item per
session. Readers poll a feed for years and remember every id and date they
saw, so what they remember is derived from data only (see ``docs/feeds.md``):

* **ids**: ``urn:uuid:`` of :func:`~sessionfeed._ids.session_uuid` (programme
  id + session id), the basis of the calendar ``UID`` too; never a title, URL
  or build time. RSS marks it ``isPermaLink="false"``.
* **dates**: ``pubDate``/``published`` is when the session was announced
  (:func:`~sessionfeed._revisions.announced`), never when it takes place, which
  readers would hide or mis-sort; ``updated`` is the session's revision. The
  feed's ``lastBuildDate``/``updated`` is the newest of those. Never the clock.
* **order**: newest publication first, ties in programme order.
* **words**: the same as the text exporter: the title in the seed page's shape
  ("Title (december 2023)"), a plain-text summary (:func:`~sessionfeed._compose.block_text`)
  and HTML content (:func:`~sessionfeed._compose.block_html`).

The documents are built with feedgen, around four of its traps, without
changing it for the rest of the process: entries are appended in an explicit
order (``add_entry`` prepends by default); every date is set, because feedgen
stamps ``now()`` otherwise; RSS dates are written by a small feedgen
extension with :func:`email.utils.format_datetime`, because feedgen's own
formatter switches the process locale with ``setlocale``; Atom entry links are
written by that extension too, because feedgen 1.0 drops their ``rel``,
``type`` and ``length`` (lkiesow/python-feedgen#135).

Text is made XML-safe first (:mod:`sessionfeed.exporters._xmltext`); what
was removed is reported in the build summary.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, Literal

import attrs

from sessionfeed import __version__
from sessionfeed._compose import SessionBlock, block_html, block_text, session_block
from sessionfeed._ids import programme_uuid, session_uuid
from sessionfeed._layout import ATOM, RSS, locale_url, session_url
from sessionfeed._model import Status
from sessionfeed._revisions import Revisions, announced
from sessionfeed._words import Words
from sessionfeed.exporters._base import BaseExporter, Context, OutputFile, Rendering
from sessionfeed.exporters._xmltext import count_unsafe, describe_unsafe, rfc822, scrub, xml_text


if TYPE_CHECKING:
    from sessionfeed._model import Programme, Recording, Session


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
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_GENERATOR_URI = "https://github.com/sessionfeed/sessionfeed"
_RSS_TYPE = "application/rss+xml"
_ATOM_TYPE = "application/atom+xml"
#: The ``updated`` of a feed with no sessions and no ``updated`` in the programme.
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
    items: tuple[FeedItem, ...]
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
) -> tuple[Author, ...]:
    """The organisers as authors; a name of nothing but control characters becomes the id."""
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
    status = words.status_label(block.session.status)
    title = f"{status}: {heading}" if block.session.status is not Status.SCHEDULED and status else heading
    return safe(title)


def _item(
    programme: Programme,
    session: Session,
    locale: str,
    *,
    words: Words,
    revisions: Revisions,
    cache: dict[tuple[str, ...], Any] | None,
) -> tuple[FeedItem, str, int]:
    """The item of a session, its plain text as composed, and how many characters were removed."""
    block = session_block(programme, session, locale, cache=cache)
    raw_summary = block_text(block, cache=cache)
    summary, removed = scrub(raw_summary)
    # The plain text holds every text of the session that the item shows (the
    # heading, the people, the organisers, the topics, the links), and the HTML
    # is written from the same texts: when the plain text is clean, so is the
    # rest, and the (long) HTML need not be searched again.
    safe = xml_text if removed else _same
    published = _utc(announced(programme, session))
    revision = revisions.by_id.get(session.id)
    modified = _utc(revision.modified) if revision is not None else published
    recording = session.recording
    enclosure = _enclosure(recording, safe) if recording is not None else None
    item = FeedItem(
        session_id=session.id,
        id=f"urn:uuid:{session_uuid(programme, session)}",
        title=_item_title(words, block, safe),
        title_lang=block.title.lang,
        link=safe(session_url(programme, session, locale)),
        local_link=session.links.page is None,
        published=published,
        updated=max(modified, published),
        summary=summary,
        content=safe(block_html(block)),
        categories=tuple(
            label if label.strip() else tag.id
            for tag in session.tags
            for label in (safe(programme.text(tag.label, locale).text),)
        ),
        authors=_authors(words, programme, session, safe),
        enclosure=enclosure,
        recording_page=(safe(recording.url) if recording is not None and enclosure is None else None),
    )
    return item, raw_summary, removed


def _removal_note(programme_texts: list[str], sessions: list[tuple[str, str, int]]) -> str | None:
    """Say which characters were removed from where, or ``None`` when none were."""
    total = sum(count_unsafe(t) for t in programme_texts) + sum(n for _, _, n in sessions)
    if not total:
        return None
    where: list[str] = []
    if any(count_unsafe(t) for t in programme_texts):
        where.append("the programme's title or introduction")
    if sessions:
        ids = [ident for ident, _, _ in sessions]
        shown = ", ".join(ids[:5]) + (f", … ({len(ids) - 5} more)" if len(ids) > 5 else "")
        where.append(f"{len(ids)} session{'s' if len(ids) != 1 else ''} ({shown})")
    codes = describe_unsafe([*programme_texts, *(text for _, text, _ in sessions)])
    return (
        f"removed {total} character{'s' if total != 1 else ''} that XML 1.0 forbids or "
        f"discourages ({codes}) from {' and '.join(where)}"
    )


def plan_feed(
    programme: Programme,
    locale: str,
    *,
    revisions: Revisions | None = None,
    cache: dict[tuple[str, ...], Any] | None = None,
) -> FeedPlan:
    """Work out what the feeds of ``locale`` say, with no XML yet.

    Both :func:`build_rss` and :func:`build_atom` write this plan; it is pure
    and deterministic: the same programme and revisions give the same plan.

    Args:
        programme: The programme.
        locale: The page locale, e.g. ``nl``.
        revisions: Each session's revision; as the data states them when ``None``.
        cache: A build's shared cache (``Context.cache``): the plan is made
            once per build and locale, for both feeds, from the session blocks
            and texts the other exporters made already.
    """
    if cache is None:
        return _plan(programme, locale, revisions, None)
    key = ("feed-plan", "", locale)
    plan: FeedPlan | None = cache.get(key)
    if plan is None:
        plan = cache[key] = _plan(programme, locale, revisions, cache)
    return plan


def _plan(
    programme: Programme,
    locale: str,
    revisions: Revisions | None,
    cache: dict[tuple[str, ...], Any] | None,
) -> FeedPlan:
    words = Words.of(locale)
    revisions = revisions if revisions is not None else Revisions.from_data(programme)
    items: list[tuple[FeedItem, int]] = []
    dirty: list[tuple[str, str, int]] = []
    for session in programme.sessions:
        item, raw_summary, removed = _item(
            programme, session, locale, words=words, revisions=revisions, cache=cache,
        )
        items.append((item, removed))
        if removed:
            dirty.append((session.id, raw_summary, removed))
    # Newest publication first; sorted() is stable, so ties keep the programme order.
    ordered = tuple(
        item for item, _ in sorted(items, key=lambda pair: -pair[0].published.timestamp())
    )
    title = programme.text(programme.title, locale)
    intro = programme.text(programme.intro, locale).text if programme.intro is not None else None
    clean_title = xml_text(title.text).strip() or programme.id
    clean_intro = xml_text(intro).strip() if intro is not None else ""
    contact = programme.contact
    editor = None
    if contact is not None and contact.email:
        editor = xml_text(f"{contact.email} ({contact.name})" if contact.name else contact.email)
    fallback = _utc(programme.updated) if programme.updated is not None else _EPOCH
    notes = _removal_note([title.text, intro or ""], dirty)
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
        updated=max((item.updated for item in ordered), default=fallback),
        items=ordered,
        notes=(notes,) if notes else (),
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
    items: tuple[FeedItem, ...]
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
                updated=max(item.updated for item in chunk),
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


# ------------------------------------------------------- feedgen and its traps


def _generator() -> Any:
    """A feedgen ``FeedGenerator`` that never reads the clock nor calls ``setlocale``.

    feedgen 1.0 sets the RSS ``lastBuildDate`` to ``now()`` when it is created
    and formats it with ``formatRFC2822``, which switches the process locale.
    No public method unsets it, so this one generator's private attribute is
    cleared and :class:`_Channel` writes the date instead. Nothing outside
    this instance changes.
    """
    from feedgen.feed import FeedGenerator

    generator = FeedGenerator()
    name = "_FeedGenerator__rss_lastBuildDate"
    if hasattr(generator, name):
        setattr(generator, name, None)
    return generator


def _element(parent: Any, tag: str, text: str | None = None, **attributes: str) -> Any:
    """Append an element to an lxml element (through feedgen's helper, lxml being untyped)."""
    from feedgen.util import xml_elem

    element = xml_elem(tag, parent, **attributes)
    if text is not None:
        element.text = text
    return element


class _Channel:
    """A feedgen feed extension: what feedgen writes wrongly or not at all on the feed.

    feedgen creates it with no arguments (``register_extension``); the builder
    sets its fields before serialising.
    """

    def __init__(self) -> None:
        self.history: Literal["complete", "current", "archive"] = "complete"
        self.links: list[tuple[str, str]] = []
        self.last_build_date: str | None = None
        self.title_lang: str | None = None

    def extend_ns(self) -> dict[str, str]:
        """The namespaces this extension uses."""
        return {"fh": _FH_NS} if self.history != "current" else {}

    def _history(self, parent: Any) -> None:
        if self.history != "current":
            _element(parent, f"{{{_FH_NS}}}{self.history}")

    def extend_rss(self, rss: Any) -> Any:
        """Add ``lastBuildDate``, the RFC 5005 marker and archive links to the channel."""
        channel = rss[0]
        if self.last_build_date is not None:
            _element(channel, "lastBuildDate", self.last_build_date)
        self._history(channel)
        for rel, href in self.links:
            _element(channel, f"{{{_ATOM_NS}}}link", rel=rel, href=href, type=_RSS_TYPE)
        return rss

    def extend_atom(self, feed: Any) -> Any:
        """Add the RFC 5005 marker and the title's language to the feed."""
        self._history(feed)
        if self.title_lang is not None:
            feed.find("title").set(_XML_LANG, self.title_lang)
        return feed


class _Entry:
    """A feedgen entry extension: the parts of an item feedgen gets wrong.

    RSS: ``pubDate``, written without ``setlocale``. Atom: the entry's links,
    which feedgen 1.0 writes without ``rel``, ``type`` and ``length``
    (python-feedgen#135), and the title's ``xml:lang``.
    """

    def __init__(self) -> None:
        self.pub_date: str | None = None
        self.links: list[dict[str, str]] = []
        self.title_lang: str | None = None

    def extend_ns(self) -> dict[str, str]:
        """No namespaces of its own."""
        return {}

    def extend_rss(self, item: Any) -> Any:
        """Add ``pubDate``."""
        if self.pub_date is not None:
            _element(item, "pubDate", self.pub_date)
        return item

    def extend_atom(self, entry: Any) -> Any:
        """Add the links, with every attribute, and the title's language."""
        for link in self.links:
            _element(entry, "link", **link)
        if self.title_lang is not None:
            entry.find("title").set(_XML_LANG, self.title_lang)
        return entry


#: The RSS elements that hold plain text, as lxml writes them (no attributes).
_PLAIN_TEXT = re.compile(rb"(<(title|category|dc:creator|managingEditor)>)([^<]*&[^<]*)(</\2>)")


def _hex_references(match: re.Match[bytes]) -> bytes:
    text = match[3].replace(b"&amp;", b"&#x26;").replace(b"&lt;", b"&#x3C;")
    return match[1] + text.replace(b"&gt;", b"&#x3E;") + match[4]


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


def _rss_safe(document: bytes) -> bytes:
    """Write ``&``, ``<`` and ``>`` in plain-text elements as hexadecimal references.

    The RSS Best Practices Profile (Character Data) finds ``&#x26;`` and
    ``&#x3C;`` the form that the most aggregators read right in elements such
    as ``title``, where RSS leaves open whether HTML is meant. An XML parser
    reads them exactly as ``&amp;`` and ``&lt;``, so the document means the
    same. The HTML of ``description`` and ``content:encoded`` keeps the usual
    ``&lt;``, which every reader expects there.
    """
    return _PLAIN_TEXT.sub(_hex_references, document)


def _common(generator: Any, plan: FeedPlan, title: str) -> None:
    generator.title(title)
    generator.language(plan.locale)
    generator.generator("sessionfeed", version=__version__, uri=_GENERATOR_URI)


def _rss_document(plan: FeedPlan, page: _Page) -> bytes:
    """One RSS 2.0 document of the plan."""
    fg = _generator()
    fg.load_extension("dc", atom=False, rss=True)
    fg.register_extension("sessionfeed", _Channel, _Entry, atom=False, rss=True)
    title = _rss_plain(plan.title)
    _common(fg, plan, title)
    # feedgen takes the channel <link> from the last link given: self first.
    fg.link(href=plan.folder_url + page.path, rel="self", type=_RSS_TYPE)
    fg.link(href=plan.page_url, rel="alternate")
    fg.description(_rss_plain(plan.description))
    if plan.image:
        fg.image(url=plan.image, title=title, link=plan.page_url)
    if plan.managing_editor:
        fg.managingEditor(_rss_plain(plan.managing_editor))
    channel: _Channel = fg.sessionfeed
    channel.history = page.role
    channel.links = _history_links(plan, page)
    channel.last_build_date = rfc822(page.updated)
    for item in page.items:
        fe = fg.add_entry(order="append")
        fe.guid(item.id, permalink=False)
        fe.title(_rss_plain(item.title))
        fe.link(href=item.link)
        # The description is HTML to most readers: the plain summary, escaped.
        fe.description(html.escape(item.summary, quote=False))
        fe.content(item.content)
        if item.categories:
            fe.category([{"term": _rss_plain(label)} for label in item.categories])
        if item.authors:
            # feedgen drops an RSS <author> without an e-mail address: names go in dc:creator.
            fe.dc.dc_creator([_rss_plain(author.name) for author in item.authors])
        if item.enclosure is not None:
            fe.enclosure(
                url=item.enclosure.url,
                length=str(item.enclosure.length or 0),
                type=item.enclosure.media_type,
            )
        extras: _Entry = fe.sessionfeed
        extras.pub_date = rfc822(item.published)
    return _rss_safe(fg.rss_str(pretty=True, encoding="UTF-8", xml_declaration=True))


def _author_dict(author: Author) -> dict[str, str]:
    return {"name": author.name, "uri": author.uri} if author.uri else {"name": author.name}


def _entry_links(plan: FeedPlan, item: FeedItem) -> list[dict[str, str]]:
    alternate = {"rel": "alternate", "type": "text/html", "href": item.link}
    if item.local_link:
        alternate["hreflang"] = plan.locale
    links = [alternate]
    if item.enclosure is not None:
        enclosure = {"rel": "enclosure", "type": item.enclosure.media_type, "href": item.enclosure.url}
        if item.enclosure.length is not None:
            enclosure["length"] = str(item.enclosure.length)
        links.append(enclosure)
    if item.recording_page is not None:
        links.append({"rel": "related", "type": "text/html", "href": item.recording_page})
    return links


def _atom_document(plan: FeedPlan, page: _Page) -> bytes:
    """One Atom 1.0 document of the plan."""
    fg = _generator()
    fg.register_extension("sessionfeed", _Channel, _Entry, atom=True, rss=False)
    _common(fg, plan, plan.title)
    fg.id(plan.id)
    fg.updated(page.updated)
    fg.author([_author_dict(a) for a in plan.authors])
    fg.link(href=plan.folder_url + page.path, rel="self", type=_ATOM_TYPE)
    for loc, url in plan.alternates:
        fg.link(href=url, rel="alternate", type="text/html", hreflang=loc)
    for rel, href in _history_links(plan, page):
        fg.link(href=href, rel=rel, type=_ATOM_TYPE)
    if plan.subtitle:
        fg.subtitle(plan.subtitle)
    if plan.image:
        fg.logo(plan.image)
    channel: _Channel = fg.sessionfeed
    channel.history = page.role
    channel.title_lang = plan.title_lang if plan.title_lang != plan.locale else None
    for item in page.items:
        fe = fg.add_entry(order="append")
        fe.id(item.id)
        fe.title(item.title)
        fe.updated(item.updated)
        fe.published(item.published)
        if item.authors:
            fe.author([_author_dict(a) for a in item.authors])
        fe.content(item.content, type="html")
        fe.summary(item.summary, type="text")
        if item.categories:
            fe.category([{"term": label} for label in item.categories])
        extras: _Entry = fe.sessionfeed
        extras.links = _entry_links(plan, item)
        extras.title_lang = item.title_lang if item.title_lang != plan.locale else None
    return bytes(fg.atom_str(pretty=True, encoding="UTF-8", xml_declaration=True))


# --------------------------------------------------------------- the builders


def build_rss(
    programme: Programme,
    locale: str,
    *,
    revisions: Revisions | None = None,
    cache: dict[tuple[str, ...], Any] | None = None,
) -> bytes:
    """The complete RSS 2.0 feed of ``locale``: one item per session, newest first.

    Args:
        programme: The programme.
        locale: The page locale, e.g. ``nl``.
        revisions: Each session's revision; as the data states them when ``None``.
        cache: A build's shared cache (``Context.cache``), see :func:`plan_feed`.
    """
    plan = plan_feed(programme, locale, revisions=revisions, cache=cache)
    return _rss_document(plan, _pages(plan, RSS, None)[0])


def build_atom(
    programme: Programme,
    locale: str,
    *,
    revisions: Revisions | None = None,
    cache: dict[tuple[str, ...], Any] | None = None,
) -> bytes:
    """The complete Atom 1.0 feed of ``locale``: one entry per session, newest first.

    Args:
        programme: The programme.
        locale: The page locale, e.g. ``nl``.
        revisions: Each session's revision; as the data states them when ``None``.
        cache: A build's shared cache (``Context.cache``), see :func:`plan_feed`.
    """
    plan = plan_feed(programme, locale, revisions=revisions, cache=cache)
    return _atom_document(plan, _pages(plan, ATOM, None)[0])


# ----------------------------------------------------------------- exporters


def _check_page_size(_instance: object, _attribute: object, value: int | None) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
        message = f"page_size must be a whole number of entries, 1 or more, or None; got {value!r}"
        raise ValueError(message)


def _render(programme: Programme, context: Context, fmt: Format, page_size: int | None) -> Rendering:
    plan = plan_feed(programme, context.locale, revisions=context.revisions, cache=context.cache)
    media_type = _RSS_TYPE if fmt == "rss" else _ATOM_TYPE
    filename, write = (RSS, _rss_document) if fmt == "rss" else (ATOM, _atom_document)
    pages = _pages(plan, filename, page_size)
    notes = list(plan.notes)
    if len(pages) > 1:
        notes.append(
            f"paged: the newest {len(pages[0].items)} sessions in {filename}, the "
            f"{len(plan.items) - len(pages[0].items)} older ones in {len(pages) - 1} "
            f"archive documents under {ARCHIVE_DIR}/",
        )
    return Rendering(
        files=tuple(
            OutputFile(path=page.path, content=write(plan, page), media_type=media_type)
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
