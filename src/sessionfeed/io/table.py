r"""The programme as a table, one row per session: its columns, and the cells that hold lists.

The CSV exporter writes these columns and the CSV importer reads them
(:data:`COLUMNS`). A list cell (people, organisations, topics) is written as a
person would type it: ``Maria Mora (Initiative
for Global Solidarity (IGS)); Jef Wintermans (SER); Faye Donker, WE
Fashion``. A backslash keeps the next character as it is (``\;``,
``\(``, ``\)``, ``\,``, ``\\``): :func:`escape` writes one before each such
character of a name, so that :func:`split_list` gives every name back exactly.
A cell a spreadsheet program would run as a formula is written with an
apostrophe before it (:func:`guard`) and read without (:func:`unguard`).
"""

from __future__ import annotations

import re


__all__ = ["COLUMNS", "ROLE_COLUMNS", "escape", "guard", "split_list", "unguard"]

#: The role columns, each a list of people.
ROLE_COLUMNS = ("moderators", "hosts", "speakers", "panellists", "interviewers", "interviewees",
                "presenters", "trainers")  # fmt: skip

#: The columns, in the order the exporter writes them. ``title`` and
#: ``description`` are written once per locale (``title_nl``, ``title_en``).
COLUMNS = (
    "id", "kind", "language", "title", "description", "start", "end", "timezone", "status",
    "previous_start", "online", "platform", "venue", *ROLE_COLUMNS, "organisers", "supporters",
    "tags", "page", "registration", "recording",
)  # fmt: skip

# A cell a spreadsheet program would run as a formula starts with one of these (after any
# apostrophes): "=HYPERLINK(...)" in a title must stay text when the file is opened.
_FORMULA = re.compile(r"'*[=+\-@\t\r]")


def guard(cell: str) -> str:
    """A cell as the exporter writes it: an apostrophe before one that would start a formula.

    Spreadsheet programs take a leading apostrophe as "this is text". :func:`unguard`
    takes it off again, so that every text comes back exactly.
    """
    return f"'{cell}" if _FORMULA.match(cell) else cell


def unguard(cell: str) -> str:
    """A cell as read: without the apostrophe :func:`guard` put before a formula's first character."""
    return cell[1:] if cell.startswith("'") and _FORMULA.match(cell) else cell


def escape(text: str) -> str:
    r"""A name as a list cell holds it: ``\`` before ``;``, ``(``, ``)``, ``,``, ``\`` and end spaces."""
    out = re.sub(r"([\\;(),])", r"\\\1", text)
    lead = len(out) - len(out.lstrip())
    trail = len(out) - len(out.rstrip())
    if lead:
        out = "".join("\\" + ch for ch in out[:lead]) + out[lead:]
    if trail:
        out = out[: len(out) - trail] + "".join("\\" + ch for ch in out[len(out) - trail :])
    return out


# A list cell is read as characters, each with whether a backslash kept it as it is.
_Chars = list[tuple[str, bool]]


def _scan(text: str) -> _Chars:
    chars: _Chars = []
    index = 0
    while index < len(text):
        if text[index] == "\\" and index + 1 < len(text):
            chars.append((text[index + 1], True))
            index += 2
        else:
            chars.append((text[index], False))
            index += 1
    return chars


def _strip(chars: _Chars) -> _Chars:
    start, end = 0, len(chars)
    while start < end and not chars[start][1] and chars[start][0].isspace():
        start += 1
    while end > start and not chars[end - 1][1] and chars[end - 1][0].isspace():
        end -= 1
    return chars[start:end]


def _text(chars: _Chars) -> str:
    return "".join(ch for ch, _ in chars)


def _split(chars: _Chars, separator: str) -> list[_Chars]:
    parts: list[_Chars] = [[]]
    for ch, kept in chars:
        if ch == separator and not kept:
            parts.append([])
        else:
            parts[-1].append((ch, kept))
    return parts


def _group(chars: _Chars) -> tuple[_Chars, _Chars] | None:
    """Split ``before (inside)`` at the unescaped parentheses that end it."""
    if not chars or chars[-1] != (")", False):
        return None
    depth = 0
    for index in range(len(chars) - 1, -1, -1):
        ch, kept = chars[index]
        if kept:
            continue
        depth += ch == ")"
        depth -= ch == "("
        if depth == 0:
            return chars[:index], chars[index + 1 : -1]
    return None


def split_list(text: str) -> list[tuple[str, str | None, str | None]]:
    """Read a list cell into (name, organisation, short name) triples.

    ``Name (Organisation (SHORT)); Name, Organisation; Name`` gives
    ``[(Name, Organisation, SHORT), (Name, Organisation, None), (Name, None, None)]``.
    """
    found: list[tuple[str, str | None, str | None]] = []
    for part in _split(_scan(text), ";"):
        item = _strip(part)
        if not item:
            continue
        org: _Chars | None = None
        group = _group(item)
        if group is not None and _strip(group[0]):
            name, org = _strip(group[0]), _strip(group[1])
        else:
            pieces = _split(item, ",")
            name = _strip(pieces[0])
            if len(pieces) > 1 and name:
                org = _strip(
                    [c for piece in [pieces[1], *[[(",", True), *p] for p in pieces[2:]]] for c in piece]
                )
            else:
                name = item
        short: str | None = None
        if org:
            inner = _group(org)
            if inner is not None and _strip(inner[0]) and _strip(inner[1]):
                org, short = _strip(inner[0]), _text(_strip(inner[1]))
        found.append((_text(name), _text(org) if org else None, short))
    return found
