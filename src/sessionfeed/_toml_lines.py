"""Find the line of a field path in a TOML document.

``tomllib`` gives values but no positions, so error messages would lack the
line. This scanner reads the document once, follows table headers
(``[people.maria-mora]``), arrays of tables (``[[sessions]]``), dotted keys
(``title.nl = …``) and the keys of one-line inline tables, and records the
first line of each path. It skips multi-line strings and arrays; it only has
to be right for documents that ``tomllib`` accepted.
"""

from __future__ import annotations

import re


__all__ = ["LineIndex"]

_HEADER = re.compile(r"\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_PART = r"""(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')"""
_KEY = re.compile(rf"\s*({_PART}(?:\s*\.\s*{_PART})*)\s*=")
_INLINE_KEY = re.compile(r"""[{,]\s*([A-Za-z0-9_-]+)\s*=""")
_INDEX = re.compile(r"\[\d+\]$")


def _split_key(key: str) -> list[str]:
    parts = re.findall(r"""[A-Za-z0-9_-]+|"[^"]*"|'[^']*'""", key)
    return [p[1:-1] if p[:1] in "\"'" else p for p in parts]


class LineIndex:
    """Maps field paths such as ``sessions[3].title.nl`` to 1-based line numbers."""

    def __init__(self, text: str) -> None:
        self._lines: dict[str, int] = {}
        self._scan(text)

    def _record(self, path: str, line: int) -> None:
        self._lines.setdefault(path, line)

    def _scan(self, text: str) -> None:
        counters: dict[str, int] = {}
        prefix = ""
        in_string: str | None = None
        depth = 0
        for number, line in enumerate(text.splitlines(), start=1):
            if in_string is not None:
                if line.count(in_string) % 2 == 1:
                    in_string = None
                continue
            if depth > 0:
                depth += line.count("[") - line.count("]")
                continue
            header = _HEADER.match(line)
            if header and not _KEY.match(line):
                names = _split_key(header.group(2))
                prefix = self._resolve(names, counters)
                if header.group(1) == "[[":
                    array = self._resolve(names[:-1], counters)
                    array = f"{array}.{names[-1]}" if array else names[-1]
                    counters[array] = counters.get(array, -1) + 1
                    # Arrays nested under this element start afresh.
                    for nested in [k for k in counters if k.startswith(f"{array}[")]:
                        del counters[nested]
                    prefix = f"{array}[{counters[array]}]"
                self._record(prefix, number)
                continue
            key = _KEY.match(line)
            if not key:
                continue
            path = ".".join([prefix, *_split_key(key.group(1))]).lstrip(".")
            self._record(path, number)
            rest = line[key.end() :]
            for triple in ('"""', "'''"):
                if rest.count(triple) % 2 == 1:
                    in_string = triple
            stripped = rest.strip()
            if stripped.startswith("{"):
                for inner in _INLINE_KEY.finditer(stripped):
                    self._record(f"{path}.{inner.group(1)}", number)
            elif stripped.startswith("["):
                depth = rest.count("[") - rest.count("]")

    def _resolve(self, names: list[str], counters: dict[str, int]) -> str:
        """Turn header names into a path, indexing arrays of tables seen so far."""
        path = ""
        for name in names:
            path = f"{path}.{name}" if path else name
            if path in counters:
                path = f"{path}[{counters[path]}]"
        return path

    def line_of(self, path: str) -> int | None:
        """Return the line of ``path`` or of its nearest enclosing field that has one."""
        while path:
            if path in self._lines:
                return self._lines[path]
            if _INDEX.search(path):
                path = _INDEX.sub("", path)
            elif "." in path:
                path = path.rsplit(".", 1)[0]
            else:
                return None
        return None
