"""Write a programme dict as a TOML file laid out as a person would write it.

:func:`dumps` takes the dict shape of a programme file (what
:func:`sessionfeed.from_dict` takes and :func:`sessionfeed.to_dict` gives) and
writes it in the order of ``docs/file-format.md``: the programme's own fields,
then ``[organisations.X]``, ``[people.X]``, ``[tags.X]`` and ``[kinds.X]``,
then one ``[[sessions]]`` table per session in the order given. Texts per
locale are dotted keys (``title.nl = "…"``), texts with line breaks are
multi-line strings, and other tables within a section are inline
(``when = { start = …, end = … }``).

Beside each value whose field path is in ``guessed`` goes a comment
``# guessed: <reason>``, so that the reader sees what an importer inferred
rather than read. Loading the text gives back the same programme as
``from_dict(data)`` (``tests/test_import_cli.py`` holds it for every
hypothesis programme).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Any


__all__ = ["dumps", "toml_string"]

_BARE = re.compile(r"[A-Za-z0-9_-]+")
# Values of these keys are dates or times: an ISO string there is written as TOML's own value.
_DATE_KEYS = frozenset({"start", "end", "previous_start", "announced", "updated", "published"})
_TOML_DATE = re.compile(
    r"\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}:\d{2}(?:Z|[+-]\d{2}:\d{2})?)?|\d{2}:\d{2}:\d{2}",
)
# Texts per locale and other small tables of plain values, written as dotted keys.
_DOTTED = frozenset({"title", "intro", "description", "name", "label", "job_title", "links"})
# The sections written as one table per entry, in this order, after the programme's fields.
_SECTIONS = ("organisations", "people", "tags", "kinds")
# Characters TOML allows raw but a reader cannot see, or that move text around: escaped.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f"
    "\ufeff\ufff9-\ufffb\ufdd0-\ufdef\ufffe\uffff]",
)


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04X}"


def toml_string(text: str) -> str:
    """A TOML string holding exactly ``text``: multi-line when it has line breaks.

    Quotes and backslashes are escaped, and so is every character that is
    invisible or that TOML does not allow raw (controls, a lone carriage
    return, line and paragraph separators, bidirectional controls).
    """
    multiline = "\n" in text
    out = text.replace("\\", "\\\\").replace('"', '\\"')
    out = out.replace("\r", "\\r")
    if not multiline:
        return '"' + _INVISIBLE.sub(_escape, out) + '"'
    lines = [_INVISIBLE.sub(_escape, line) for line in out.split("\n")]
    # TOML drops a line break right after the opening quotes: the text starts on the next line.
    return '"""\n' + "\n".join(lines) + '"""'


def _key(name: str) -> str:
    return name if _BARE.fullmatch(name) else toml_string(name)


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


class _Writer:
    """Lines of TOML, each with the field paths it holds, for the comments."""

    def __init__(self, guessed: Mapping[str, str]) -> None:
        self.guessed = dict(guessed)
        self.lines: list[tuple[str, str]] = []  # (text, field path)
        self.headers: set[int] = set()  # the lines that are table headers

    def value(self, value: Any, name: str) -> str:
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int):
            return str(value)
        if isinstance(value, str):
            if name in _DATE_KEYS and _TOML_DATE.fullmatch(value):
                return value
            return toml_string(value)
        if isinstance(value, dt.datetime | dt.date | dt.time):
            return value.isoformat()
        if isinstance(value, Mapping):
            parts = [f"{_key(str(k))} = {self.value(v, str(k))}" for k, v in value.items()]
            return "{ " + ", ".join(parts) + " }" if parts else "{}"
        if isinstance(value, Sequence):
            return "[" + ", ".join(self.value(item, name) for item in value) + "]"
        message = f"cannot write {type(value).__name__} as TOML"
        raise TypeError(message)

    def assign(self, name: str, value: Any, path: str, *, dotted_ok: bool = True) -> None:
        """``name = value``, or ``name.locale = text`` lines for a small table of plain values."""
        if (
            dotted_ok
            and isinstance(value, Mapping)
            and value
            and name in _DOTTED
            and all(isinstance(v, str | bool | int) for v in value.values())
        ):
            for inner, item in value.items():
                self.assign(f"{name}.{_key(str(inner))}", item, _join(path, str(inner)), dotted_ok=False)
            return
        key = name if "." in name and not dotted_ok else _key(name)
        self.lines.append((f"{key} = {self.value(value, name.rsplit('.', 1)[-1])}", path))

    def header(self, text: str, path: str) -> None:
        self.lines.append(("", ""))
        self.headers.add(len(self.lines))
        self.lines.append((text, path))

    def table_body(self, data: Mapping[str, Any], path: str) -> None:
        for name, value in data.items():
            self.assign(str(name), value, _join(path, str(name)))

    def comments(self) -> list[str]:
        """The lines, with each guessed path's reason beside the first line that holds it."""
        left = dict(self.guessed)
        out: list[str] = []
        for number, (text, path) in enumerate(self.lines):
            reasons = []
            if path:
                header = number in self.headers
                for guessed in list(left):
                    # A header holds only its own table's guess; a value line also what it
                    # holds inline, and the first dotted line of a table the whole table's.
                    if guessed == path or (
                        not header
                        and (
                            guessed.startswith((path + ".", path + "["))
                            or path.startswith((guessed + ".", guessed + "["))
                        )
                    ):
                        reasons.append(_one_line(left.pop(guessed)))
            out.append(f"{text}  # guessed: {'; '.join(reasons)}" if reasons else text)
        if left:
            # A guess about a field that was not written (it was left out): said at the top.
            notes = [f"# guessed: {_one_line(p)}: {_one_line(r)}" for p, r in left.items()]
            out = [*notes, *out]
        return out


def _one_line(text: str) -> str:
    return " ".join(text.split()) or "(no reason given)"


def dumps(data: Mapping[str, Any], *, guessed: Mapping[str, str] | None = None, header: str = "") -> str:
    """Write a programme dict as TOML, a ``# guessed: …`` comment beside every guessed value.

    Args:
        data: The programme in the shape of a programme file.
        guessed: Field paths (``sessions[0].kind``, ``people.ana.affiliation``) and
            why their values were inferred.
        header: Comment lines for the top of the file (without ``#``).

    Returns:
        The TOML text, ending in a newline.
    """
    writer = _Writer(guessed or {})
    sections: list[str] = []
    sessions: list[Mapping[str, Any]] = []
    for name, value in data.items():
        if (
            name in _SECTIONS
            and isinstance(value, Mapping)
            and all(isinstance(v, Mapping) for v in value.values())
        ):
            sections.append(name)
        elif name == "sessions" and isinstance(value, list) and all(isinstance(v, Mapping) for v in value):
            sessions = value
        else:
            writer.assign(name, value, name)
    for section in sorted(sections, key=_SECTIONS.index):
        for ident, entry in data[section].items():
            path = f"{section}.{ident}"
            writer.header(f"[{section}.{_key(str(ident))}]", path)
            writer.table_body(entry, path)
    for index, session in enumerate(sessions):
        path = f"sessions[{index}]"
        writer.header("[[sessions]]", path)
        writer.table_body(session, path)
    top = [f"# {' '.join(text.split())}".rstrip() for text in header.splitlines()]
    return "\n".join([*top, *writer.comments()]).strip("\n") + "\n"
