"""Atom 1.0: a feed document's head and entries, written by lxml's incremental writer."""

from __future__ import annotations

import functools
from collections.abc import Iterator

from sessionfeed import __version__
from sessionfeed.exporters.feeds.pages import (
    ATOM_NS,
    FH_NS,
    GENERATOR,
    GENERATOR_URI,
    Copies,
    Page,
    Taken,
    history_links,
    written,
)
from sessionfeed.exporters.feeds.plan import Author, FeedItem, FeedPlan
from sessionfeed.exporters.feeds.xml_writer import Document


__all__ = ["ATOM_TYPE", "atom_pieces"]

ATOM_TYPE = "application/atom+xml"


def _atom_root(plan: FeedPlan, page: Page) -> tuple[str, dict[str, str]]:
    """``<feed>``: RFC 5005's namespace (unless current), Atom's as the default, the language."""
    namespaces = {"xmlns:fh": FH_NS} if page.role != "current" else {}
    return "feed", {**namespaces, "xmlns": ATOM_NS, "xml:lang": plan.locale}


def _lang(lang: str, locale: str) -> dict[str, str] | None:
    """The ``xml:lang`` of a title in another language than the feed's."""
    return {"xml:lang": lang} if lang != locale else None


def _author(out: Document, author: Author) -> None:
    with out.parent("author"):
        out.leaf("name", author.name)
        if author.uri:
            out.leaf("uri", author.uri)


def _atom_head(plan: FeedPlan, page: Page, out: Document) -> None:
    """The feed's elements before its entries."""
    out.leaf("id", plan.id)
    out.leaf("title", plan.title, _lang(plan.title_lang, plan.locale))
    out.leaf("updated", page.updated.isoformat())
    for author in plan.authors:
        _author(out, author)
    out.empty("link", {"href": plan.folder_url + page.path, "rel": "self", "type": ATOM_TYPE})
    for loc, url in plan.alternates:
        out.empty("link", {"href": url, "rel": "alternate", "type": "text/html", "hreflang": loc})
    for rel, href in history_links(plan, page):
        out.empty("link", {"href": href, "rel": rel, "type": ATOM_TYPE})
    out.leaf("generator", GENERATOR, {"uri": GENERATOR_URI, "version": __version__})
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


def atom_pieces(
    plan: FeedPlan,
    page: Page,
    *,
    taken: Taken | None = None,
    copies: Copies | None = None,
) -> Iterator[bytes]:
    """The Atom document of ``page``, in pieces, written as they are read.

    Args:
        plan: The feed.
        page: The document.
        taken: Given each entry's bytes as they are written, to copy them elsewhere.
        copies: The entries' bytes written before (by session id), copied in
            as they are; an entry it does not give is composed.
    """
    head = functools.partial(_atom_head, plan, page)
    entry = functools.partial(_atom_entry, plan)
    return written(_atom_root(plan, page), False, head, entry, page, taken=taken, copies=copies)
