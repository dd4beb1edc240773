"""Import a listing page: sessions under headings, as plain text or HTML.

A listing is what organisations publish about their sessions: a heading per
session with its title and a date in parentheses ("Access to remedy (December
2023)"), paragraphs that describe it, and role labels ("Gespreksleider:",
"Speakers:") each followed by a list of people, "Name (Organisation)" or
"Name, Organisation". The importer reads plain text (bullets ``•``, ``-``,
``*``; Markdown ``#`` headings and underlined headings too) and HTML
(``h1`` to ``h6``, ``p``, ``ul``/``ol``/``li``, ``br``).

Which lines are the sessions' headings is decided from the page, not fixed:
the headings (or short lines) that end in a date in parentheses when there
are any; else the most frequent heading level below the page's title; else,
in plain text, the short lines after two blank lines (the layout of
``programme.txt``). What comes before the first session is the page's title
and introduction.

Everything else is read into the programme where it fits: people under a
role label (deduplicated across sessions, with their organisation and its
short name), the kind and the language the session is held in from the
words ("Engelstalig webinar", "Interview ..."), "Organised by ...",
"Topics: ...", "Register: URL", and the details line sessionfeed itself
writes ("Engelstalig webinar · Online"). What cannot be placed goes into the
session's description, with a notice that gives its line.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from pathlib import Path
from typing import Any

from sessionfeed.exceptions import ArgumentError
from sessionfeed.importers._blocks import Block, html_blocks, is_html, text_blocks
from sessionfeed.importers._common import check_options, read_text, refuse, slug
from sessionfeed.importers._listing_headings import session_headings
from sessionfeed.importers._listing_session import Reader, Session
from sessionfeed.importers._listing_words import (
    KIND_WORDS,
    STOPWORDS,
)
from sessionfeed.importers.base import Imported


__all__ = ["read"]


def _page_language(texts: list[str]) -> str:
    words = Counter(w for text in texts for w in re.findall(r"[a-zà-ÿ']+", text.lower()))
    scores = {code: sum(words[w] for w in stop) for code, stop in STOPWORDS.items()}
    return max(scores, key=lambda code: (scores[code], code == "en"))


def _check_options(*, locale: str | None, timezone: str | None, base_url: str | None,
                   programme_id: str | None, kind: str) -> None:  # fmt: skip
    check_options(locale=locale, timezone=timezone, base_url=base_url)
    if programme_id is not None and slug(programme_id, fallback="") != programme_id:
        raise ArgumentError(f"programme_id: {programme_id!r} is not a slug id such as 'my-webinars'")
    if kind not in set(KIND_WORDS.values()):
        raise ArgumentError(
            f"kind: {kind!r} is not a built-in kind ({', '.join(sorted(set(KIND_WORDS.values())))})"
        )


def _head(
    head: list[Block], *, title: str | None, programme_id: str | None, fallback: str, guessed: dict[str, str]
) -> dict[str, Any]:
    """The programme's id, title and intro from what comes before the first session."""
    intro: list[str] = []
    for block in head:
        if title is None and (block.kind == "heading" or len(block.text) <= 120):
            title = block.text
            continue
        intro.append(f"• {block.text}" if block.kind == "item" else block.text)
    if programme_id is None:
        guessed["id"] = "made from the title: choose one nobody else would, and never change it"
    if title is None:
        guessed["title"] = "the page has no title before its first session"
    title = title or fallback or "Programme"
    out: dict[str, Any] = {"id": programme_id or slug(title, fallback="programme", limit=60), "title": title}
    if intro:
        out["intro"] = "\n\n".join(intro)
    return out


def read(
    source: str | os.PathLike[str],
    *,
    locale: str | None = None,
    timezone: str | None = None,
    base_url: str | None = None,
    programme_id: str | None = None,
    title: str | None = None,
    kind: str = "webinar",
    encoding: str = "utf-8",
) -> Imported:
    """Read a listing page (plain text or HTML) into a programme.

    Args:
        source: The file.
        locale: The language the page is written in (``nl``); found from its words when not given.
        timezone: The zone of times on the page; ``Europe/Amsterdam`` when a time needs one.
        base_url: Where the site will be published; ``https://example.org/`` (guessed) when not given.
        programme_id: The programme's id; made from its title when not given.
        title: The programme's title; the page's first line or heading when not given.
        kind: The kind of a session whose words name none.
        encoding: The file's encoding.

    Raises:
        ProgrammeError: The file cannot be read, or has no sessions.
        ArgumentError: An option has a wrong value.
    """
    _check_options(locale=locale, timezone=timezone, base_url=base_url, programme_id=programme_id, kind=kind)
    name = os.fspath(source)
    text = read_text(name, encoding=encoding)
    blocks, page_title = html_blocks(text) if is_html(text) else (text_blocks(text), "")
    starts = sorted(session_headings(blocks))
    if not starts:
        message = (
            "found no sessions: a listing needs a heading per session, such as "
            "'Access to remedy (December 2023)' or a Markdown or HTML heading"
        )
        raise refuse(name, message)
    reader = Reader(timezone=timezone, kind=kind)
    guessed = reader.guessed
    page_locale = locale or _page_language([b.text for b in blocks])
    if locale is None:
        guessed["locales"] = "from the words of the page"
    fallback = page_title or Path(name).stem
    data = _head(
        blocks[: starts[0]], title=title, programme_id=programme_id, fallback=fallback, guessed=guessed
    )
    data["base_url"] = base_url or "https://example.org/"
    if base_url is None:
        guessed["base_url"] = "replace it with the address where the site will be published"
    data["locales"] = [page_locale]
    if timezone is not None:
        data["timezone"] = timezone
    sessions: list[Session] = []
    for number, (start, end) in enumerate(zip(starts, [*starts[1:], len(blocks)], strict=True)):
        session = Session(reader, number, blocks[start])
        for block in blocks[start + 1 : end]:
            session.add(block)
        sessions.append(session)
    taken: set[str] = set()
    finished = [s.finish(taken, page_locale) for s in sessions]
    found = {"organisations": reader.organisations, "people": reader.people, "tags": reader.tags}
    data.update({field: value for field, value in found.items() if value})
    data["sessions"] = finished
    for field in ("organisations", "people"):
        for ident in found[field]:
            guessed.setdefault(f"{field}.{ident}", "id made from the name")
    notices = sorted(reader.notices, key=lambda n: n.line or 0)
    return Imported(source=name, data=data, guessed=guessed, notices=tuple(notices))
