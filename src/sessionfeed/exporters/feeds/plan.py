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
from typing import TYPE_CHECKING

import attrs

from sessionfeed.exporters.feeds.items import Author, Enclosure, FeedItem, ItemMaker, Items, Stamp, authors_of
from sessionfeed.exporters.feeds.xml_text import xml_text
from sessionfeed.exporters.removals import Removals, removed_from
from sessionfeed.exporters.window import Keep
from sessionfeed.model.chars import is_clean, without_unsafe
from sessionfeed.model.ids import programme_uuid
from sessionfeed.model.revisions import Revisions, announced
from sessionfeed.site.layout import locale_url
from sessionfeed.words.compose import Composition, block_text
from sessionfeed.words.vocabulary import Words


if TYPE_CHECKING:
    from sessionfeed.exporters.templating import Templates
    from sessionfeed.model.programme import Programme


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
            clean = is_clean(text)
            if not clean:
                kept, removed = without_unsafe(text)
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
        authors=authors_of(words, programme, None) or (Author(name=clean_title),),
        managing_editor=editor,
        updated=max((stamp.updated for stamp in ordered), default=fallback),
        items=Items(
            ItemMaker(
                programme=programme, locale=locale, words=words, composition=composition, templates=templates
            ),
            ordered,
        ),
        notes=(note,) if note else (),
    )
