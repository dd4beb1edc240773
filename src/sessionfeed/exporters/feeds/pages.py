"""The documents of a feed: the complete feed, or RFC 5005 archives, each written a batch at a time."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterator
from typing import Literal

import attrs

from sessionfeed.exporters.feeds.plan import FeedItem, FeedPlan, Items
from sessionfeed.exporters.feeds.xml_writer import Document


__all__ = [
    "ARCHIVE_DIR",
    "ATOM_NS",
    "FH_NS",
    "GENERATOR",
    "GENERATOR_URI",
    "Copies",
    "Page",
    "Taken",
    "feed_pages",
    "history_links",
    "written",
]

#: Where paged archives go inside a locale folder (RFC 5005 §4), e.g. ``archive/1.atom``.
ARCHIVE_DIR = "archive"

#: The namespaces and the generator both formats write.
ATOM_NS = "http://www.w3.org/2005/Atom"
FH_NS = "http://purl.org/syndication/history/1.0"
GENERATOR = "sessionfeed"
GENERATOR_URI = "https://github.com/sessionfeed/sessionfeed"

#: Where the entries of a document go as they are written: given each item and its bytes.
Taken = Callable[[FeedItem, bytes], None]
#: Where entries written before come from: a session's entry by its id, ``None`` when unknown.
Copies = Callable[[str], "bytes | None"]

#: How many entries are written at a time: what a feed holds in memory while it is written.
_BATCH = 250


@attrs.frozen(kw_only=True)
class Page:
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
    items: Items
    role: Literal["complete", "current", "archive"]
    current: str | None = None
    prev_archive: str | None = None
    next_archive: str | None = None
    updated: dt.datetime


def _archive_path(number: int, extension: str) -> str:
    return f"{ARCHIVE_DIR}/{number}.{extension}"


def feed_pages(plan: FeedPlan, filename: str, page_size: int | None) -> list[Page]:
    """Split the plan into documents: one complete feed, or RFC 5005 archives.

    Archives are cut from the oldest item on, so that a new session changes
    only the subscription document and, when that fills up, adds an archive:
    archive ``1`` holds the oldest ``page_size`` items and never gains more.
    """
    items = plan.items
    if page_size is None:
        return [Page(path=filename, items=items, role="complete", updated=plan.updated)]
    extension = filename.rsplit(".", 1)[-1]
    oldest_first = items[::-1]
    archives = (len(items) - 1) // page_size if items else 0
    pages = [
        Page(
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
            Page(
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


def history_links(plan: FeedPlan, page: Page) -> list[tuple[str, str]]:
    """``(rel, URL)`` of the RFC 5005 links of a page."""
    links = [
        ("current", page.current),
        ("prev-archive", page.prev_archive),
        ("next-archive", page.next_archive),
    ]
    return [(rel, plan.folder_url + path) for rel, path in links if path is not None]


def written(
    root: tuple[str, dict[str, str]],
    channel: bool,
    head: Callable[[Document], None],
    entry: Callable[[Document, FeedItem], None],
    page: Page,
    *,
    taken: Taken | None = None,
    copies: Copies | None = None,
) -> Iterator[bytes]:
    """One feed document in pieces: its head, its entries a batch at a time, its end.

    A document without entries is one piece.

    Args:
        root: The root element's name and its attributes (the namespace declarations first).
        channel: Whether the head and the entries go in a ``channel`` (RSS), not in the root (Atom).
        head: Writes the elements before the entries.
        entry: Composes and writes one entry.
        page: The document; its items are each made as they are written.
        taken: Given each item and its entry's bytes as the document holds them
            (from the line end before ``<entry>`` to ``</entry>``), to be copied
            into other documents.
        copies: The entries' bytes written before (by session id), copied in
            as they are (:meth:`Document.raw`); an entry it does not give is composed.
    """
    items = page.items
    stamps, make, session_id = items.stamps, items.make, items.session_id
    with Document() as out, out.parent(*root), out.parent("channel") if channel else contextlib.nullcontext():
        head(out)
        if stamps:
            yield out.take()
        for start in range(0, len(stamps), _BATCH):
            parts: list[bytes] = []
            for stamp in stamps[start : start + _BATCH]:
                data = copies(session_id(stamp)) if copies is not None else None
                if data is not None:
                    out.raw(data)
                    continue
                item = make(stamp)
                entry(out, item)
                if taken is not None:
                    data = out.take()
                    taken(item, data)
                    parts.append(data)
            parts.append(out.take())
            yield b"".join(parts)
    yield out.take()
