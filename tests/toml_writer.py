"""A tiny TOML writer for the tests, that also says on which line it wrote each field.

It writes what programme dicts hold (tables, arrays of tables, text, whole
numbers, booleans, lists, dates and times) in one of several styles, so that
the loader and the line index meet the shapes people write by hand:

* ``tables``: every nested table gets a ``[header]``;
* ``inline``: tables below the top level are ``{ inline = tables }``;
* ``dotted``: tables of plain values are ``dotted.keys = …``;
* ``multiline``: like ``tables``, and texts with a line break are ``\"\"\"multi-line\"\"\"``.

:func:`dumps` returns the text and a map from each field path it wrote (in
the loader's notation, ``sessions[2].title.nl``) to its 1-based line.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Any


__all__ = ["STYLES", "dumps", "string"]

STYLES = ("tables", "inline", "dotted", "multiline")
_BARE = re.compile(r"[A-Za-z0-9_-]+")


def string(text: str, *, multiline: bool = False) -> str:
    """A TOML basic string (or multi-line basic string) holding exactly ``text``.

    What TOML allows raw is written raw, also U+0085, U+2028 and U+2029 (which
    ``str.splitlines()`` takes for line breaks) and apostrophes in ``'''``.
    """
    out = []
    for i, ch in enumerate(text):
        code = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            # TOML drops a line break right after the opening quotes.
            out.append("\n" if multiline and i > 0 else "\\n")
        elif ch == "\t":
            out.append("\t")
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\u{code:04X}")
        else:
            out.append(ch)
    quote = '"""' if multiline else '"'
    return quote + "".join(out) + quote


def key(name: str) -> str:
    """A bare key when possible, else a quoted one."""
    return name if _BARE.fullmatch(name) else string(name)


def _is_table_array(value: object) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, Mapping) for v in value)


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


class _Writer:
    def __init__(self, style: str) -> None:
        if style not in STYLES:
            message = f"unknown style {style!r}"
            raise ValueError(message)
        self.style = style
        self.lines: list[str] = []
        self.where: dict[str, int] = {}

    def record(self, path: str) -> None:
        self.where.setdefault(path, len(self.lines) + 1)

    def value(self, value: Any, path: str) -> str:
        """A value written on the current line; nested fields are recorded there too."""
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int):
            return str(value)
        if isinstance(value, str):
            return string(value, multiline=self.style == "multiline" and "\n" in value)
        if isinstance(value, dt.date | dt.time):
            return value.isoformat()
        if isinstance(value, Mapping):
            parts = []
            for name, item in value.items():
                self.record(_join(path, name))
                parts.append(f"{key(name)} = {self.value(item, _join(path, name))}")
            return "{ " + ", ".join(parts) + " }" if parts else "{}"
        if isinstance(value, Sequence):
            items = []
            for i, item in enumerate(value):
                self.record(f"{path}[{i}]")
                items.append(self.value(item, f"{path}[{i}]"))
            return "[" + ", ".join(items) + "]"
        message = f"cannot write {type(value).__name__} as TOML"
        raise TypeError(message)

    def assign(self, dotted: str, value: Any, path: str) -> None:
        self.record(path)
        # A multi-line string moves later fields down by its line breaks.
        self.lines.extend(f"{dotted} = {self.value(value, path)}".split("\n"))

    def table(self, header: list[str], path: str, data: Mapping[str, Any], depth: int) -> None:
        tables: list[tuple[str, Mapping[str, Any]]] = []
        arrays: list[tuple[str, list[Mapping[str, Any]]]] = []
        inline = self.style == "inline" and depth >= 1
        # Dotted keys only when every sub-table here can be dotted: a header for
        # one of them would move it after the others and change their order.
        dotted = self.style == "dotted" and all(
            v and not any(isinstance(x, Mapping) or _is_table_array(x) for x in v.values())
            for v in data.values()
            if isinstance(v, Mapping)
        )
        for name, value in data.items():
            if isinstance(value, Mapping) and not inline:
                if dotted:
                    # The table itself has no line of its own: only its keys have.
                    for inner, item in value.items():
                        self.assign(f"{key(name)}.{key(inner)}", item, _join(_join(path, name), inner))
                    continue
                tables.append((name, value))
            elif _is_table_array(value) and not inline:
                arrays.append((name, value))
            else:
                self.assign(key(name), value, _join(path, name))
        for name, value in tables:
            self.lines.append("")
            self.record(_join(path, name))
            self.lines.append("[" + ".".join([*header, key(name)]) + "]")
            self.table([*header, key(name)], _join(path, name), value, depth + 1)
        for name, items in arrays:
            for i, item in enumerate(items):
                self.lines.append("")
                self.record(f"{_join(path, name)}[{i}]")
                self.lines.append("[[" + ".".join([*header, key(name)]) + "]]")
                self.table([*header, key(name)], f"{_join(path, name)}[{i}]", item, depth + 1)


def dumps(data: Mapping[str, Any], *, style: str = "tables") -> tuple[str, dict[str, int]]:
    """Write ``data`` as TOML; return the text and the line of each field path written.

    Array-of-tables headers may only hold tables whose own paths are unindexed
    below them, which is the case for programme dicts (``[[sessions]]``).
    """
    writer = _Writer(style)
    writer.table([], "", data, 0)
    return "\n".join(writer.lines) + "\n", writer.where
