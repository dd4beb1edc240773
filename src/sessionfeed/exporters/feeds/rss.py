"""RSS 2.0: a feed document's head and items, written by lxml's incremental writer."""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterator

from sessionfeed.exporters.feeds.pages import (
    ATOM_NS,
    FH_NS,
    GENERATOR,
    Copies,
    Page,
    Taken,
    history_links,
    written,
)
from sessionfeed.exporters.feeds.plan import FeedItem, FeedPlan
from sessionfeed.exporters.feeds.xml_text import rfc822
from sessionfeed.exporters.feeds.xml_writer import Document


__all__ = ["RSS_TYPE", "rss_pieces"]

RSS_TYPE = "application/rss+xml"
_DC_NS = "http://purl.org/dc/elements/1.1/"
_CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
_RSS_DOCS = "http://www.rssboard.org/rss-specification"

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


def _rss_root(page: Page) -> tuple[str, dict[str, str]]:
    """``<rss>`` with its namespaces: Dublin Core (``dc:creator``), RFC 5005, Atom (links), content."""
    namespaces = {"xmlns:dc": _DC_NS}
    if page.role != "current":
        namespaces["xmlns:fh"] = FH_NS
    return "rss", {**namespaces, "xmlns:atom": ATOM_NS, "xmlns:content": _CONTENT_NS, "version": "2.0"}


def _rss_head(plan: FeedPlan, page: Page, out: Document) -> None:
    """The channel's elements before its items."""
    title = _rss_plain(plan.title)
    out.plain("title", title)
    out.leaf("link", plan.page_url)
    out.leaf("description", _rss_plain(plan.description))
    out.empty("atom:link", {"href": plan.folder_url + page.path, "rel": "self", "type": RSS_TYPE})
    out.leaf("docs", _RSS_DOCS)
    out.leaf("generator", GENERATOR)
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
    for rel, href in history_links(plan, page):
        out.empty("atom:link", {"rel": rel, "href": href, "type": RSS_TYPE})


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


def rss_pieces(
    plan: FeedPlan,
    page: Page,
    *,
    taken: Taken | None = None,
    copies: Copies | None = None,
) -> Iterator[bytes]:
    """The RSS document of ``page``, in pieces, written as they are read.

    Args:
        plan: The feed.
        page: The document.
        taken: Given each item's bytes as they are written, to copy them elsewhere.
        copies: The items' bytes written before (by session id), copied in
            as they are; an item it does not give is composed.
    """
    head = functools.partial(_rss_head, plan, page)
    return written(_rss_root(page), True, head, _rss_item, page, taken=taken, copies=copies)
