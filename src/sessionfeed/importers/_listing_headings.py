"""Which blocks of a listing page start a session, and the title and date a heading gives.

The headings (or short lines) that end in a date in parentheses when there
are any, or that start or end in a date set apart by a dash; else a short
line right above a "Date:" line; else the most frequent heading level below
the page's title; else, in plain text, the short lines after two blank lines
(the layout of ``programme.txt``).
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import attrs

from sessionfeed.importers._blocks import Block
from sessionfeed.importers._common import (
    matching_paren,
    month_of,
    parse_when,
)
from sessionfeed.importers._listing_words import (
    LABEL,
    is_label,
    known_label,
)


__all__ = ["Heading", "heading", "session_headings", "title_like"]

_MAX_HEADING = 250


@attrs.frozen
class Heading:
    title: str
    when: Any
    doubt: str | None  # a date in the heading that could not be read


# A date before or after a heading's title, set apart by a dash, a bar or a colon:
# "12 May 2026 - Living wages", "Living wages | 12 May 2026".
_DATE_FIRST = re.compile(r"(?P<date>[^\u2013\u2014|:]{6,45}?)\s+[\u2013\u2014|:-]\s+(?P<title>.+)")
_DATE_LAST = re.compile(
    r"(?P<title>.+?)\s*(?:\s[\u2013\u2014|-]\s|[:,]\s)\s*(?P<date>[^\u2013\u2014|:]{6,45})"
)


def _cut_range(title: str) -> bool:
    """Whether a "title" beside a date is the other end of a range: it starts or ends in a day or a month."""
    words = title.split()
    return not words or any(
        w.rstrip(".,").isdigit() or month_of(w) is not None for w in (words[0], words[-1])
    )


def heading(text: str) -> Heading | None:
    """The title and the date of a heading ("Title (December 2023)"), or ``None`` if it has none."""
    stripped = text.rstrip()
    if not stripped.endswith(")"):
        for pattern in (_DATE_FIRST, _DATE_LAST):
            match = pattern.fullmatch(stripped)
            # Not a details line ("webinar · 1 - 2 May 2026"), nor a range cut in two ("1 - 2 May 2026").
            if match is not None and "·" not in stripped and not _cut_range(match["title"]):
                when, rest = parse_when(match["date"])
                if when is not None and rest is None:
                    return Heading(match["title"].strip(), when, None)
        return None
    start = matching_paren(stripped, len(stripped) - 1)
    if start is None:
        return None
    inside, title = stripped[start + 1 : -1], stripped[:start].rstrip()
    when, rest = parse_when(inside)
    if rest is None:
        return Heading(title or stripped, when, None)
    # A misspelt month with a year ("Decembr 2023") is a date that could not be read.
    datelike = any(month_of(word) for word in re.findall(r"[A-Za-zÀ-ÿ]+\.?", inside)) or re.search(
        r"\d{1,4}[-/.]\d{1,2}|^[A-Za-zÀ-ÿ]{3,12}\.?\s+(?:1[6-9]|20)\d{2}$",
        inside.strip(),
    )
    if datelike and len(inside) <= 60:
        return Heading(stripped, None, inside)
    return None


def session_headings(blocks: list[Block]) -> set[int]:
    """The indexes of the blocks that start a session (see the module's docstring)."""
    dated = {
        i for i, b in enumerate(blocks)
        if b.kind in {"heading", "text"} and len(b.text) <= _MAX_HEADING and heading(b.text) is not None
    }  # fmt: skip
    headings = [i for i, b in enumerate(blocks) if b.kind == "heading"]
    if dated:
        levels = Counter(blocks[i].level for i in dated if blocks[i].kind == "heading")
        if levels:
            level = levels.most_common(1)[0][0]
            dated |= {i for i in headings if blocks[i].level == level}
        gaps = [blocks[i].gap for i in dated if blocks[i].kind == "text"]
        if gaps and min(gaps) >= 2:
            # Sessions set apart by two blank lines (programme.txt): one with no date is one too,
            # before the first dated one as well (not the page's title, the first block).
            dated |= {i for i, b in enumerate(blocks) if i > 0 and b.kind == "text" and b.gap >= min(gaps)
                      and title_like(b)}  # fmt: skip
        return dated
    # A short line right above "Date: ...": a title whatever the page's layout.
    titled = {
        i for i, b in enumerate(blocks[:-1])
        if b.kind in {"text", "heading"} and title_like(b) and blocks[i + 1].kind == "text"
        and (match := LABEL.match(blocks[i + 1].text)) is not None and known_label(match["label"]) == "when"
    }  # fmt: skip
    if titled and not headings:
        return titled
    if headings:
        levels = Counter(blocks[i].level for i in headings)
        top = min(levels)
        if levels[top] == 1 and len(levels) > 1:
            del levels[top]
        level = max(levels.items(), key=lambda item: (item[1], -item[0]))[0]
        return {i for i in headings if blocks[i].level == level}
    return {i for i, b in enumerate(blocks) if i > 0 and b.kind == "text" and b.gap >= 2 and title_like(b)}


def title_like(block: Block) -> bool:
    """Whether a block could be a session's title: short, not a sentence, not a label."""
    text = block.text
    return (
        len(text) <= _MAX_HEADING and not text.endswith((".", ":", ";", ",", "!", "?")) and not is_label(text)
    )
