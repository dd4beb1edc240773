"""Find the line of a field path in a TOML document.

The TOML reader (``tomli``) gives values but no positions, so error messages would lack the
line. This scanner reads the document once, follows table headers
(``[people.maria-mora]``), arrays of tables (``[[sessions]]``), dotted keys
(``title.nl = …``) and the keys of inline tables, and records the first line
of each path. It reads strings, comments and brackets as TOML does, so that
nothing inside a string or a comment is taken for a key or a bracket, and it
counts lines as TOML does: they end at LF (or CRLF) only. Its lines only
have to be right for documents that the reader accepted, but it reads any
text without failing, since it also finds what the reader fails on without
a position: where arrays and inline tables are nested too deeply
(:attr:`LineIndex.too_deep`) and integers too long for Python to read
(:attr:`LineIndex.long_numbers`).
"""

from __future__ import annotations

import re
import sys

import attrs
import tomli


__all__ = ["MAX_NESTING", "LineIndex"]

#: How deeply arrays and inline tables may be nested for :attr:`LineIndex.too_deep`.
#: A programme needs four levels at most; the TOML reader fails at a few hundred.
MAX_NESTING = 100
#: How many names a dotted key or a table header may have: the TOML reader refuses more.
MAX_KEY_NAMES = 1000

_PART = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')"""
_DOTTED = rf"{_PART}(?:[ \t]*\.[ \t]*{_PART})*"
_HEADER = re.compile(rf"[ \t]*(\[\[?)[ \t]*({_DOTTED})[ \t]*\]\]?[ \t]*(?:#.*)?")
_KEY = re.compile(rf"[ \t]*({_DOTTED})[ \t]*=")
_PARTS = re.compile(_PART)
# Numbers, booleans, dates and times: everything up to the next delimiter.
_BARE_VALUE = re.compile(r"""[^ \t,\[\]{}#"']+""")
# A decimal integer as TOML writes one (digits, with single underscores between).
_INTEGER = re.compile(r"[+-]?[0-9](?:_?[0-9])*")
_INDEX = re.compile(r"\[\d+\]$")


def _split_key(key: str) -> list[str]:
    """The names of a (dotted) key, quoted ones unquoted and unescaped."""
    names = []
    for part in _PARTS.findall(key):
        if part.startswith('"') and "\\" in part:
            try:
                names.append(str(tomli.loads(f"k = {part}")["k"]))
            except tomli.TOMLDecodeError:  # an escape TOML refuses: not a key the reader read
                names.append(part[1:-1])
        elif part[:1] in "\"'":
            names.append(part[1:-1])
        else:
            names.append(part)
    return names


def _join(path: str, names: list[str]) -> str:
    return ".".join([path, *names]) if path else ".".join(names)


def _basic_string_end(line: str, pos: int) -> int:
    """The position after the closing quote of a one-line basic string whose text starts at ``pos``."""
    while pos < len(line):
        if line[pos] == "\\":
            pos += 2
        elif line[pos] == '"':
            return pos + 1
        else:
            pos += 1
    return len(line)


def _multiline_string_end(line: str, pos: int, delimiter: str) -> int | None:
    """The position after the closing ``delimiter`` from ``pos`` on, or None when the string goes on."""
    quote = delimiter[0]
    while pos < len(line):
        if quote == '"' and line[pos] == "\\":
            pos += 2
        elif line.startswith(delimiter, pos):
            # Up to two more quotes right before the end belong to the text.
            end = pos + 3
            while end < len(line) and end < pos + 5 and line[end] == quote:
                end += 1
            return end
        else:
            pos += 1
    return None


def _paths(path: str, names: list[str], counters: dict[str, int]) -> list[str]:
    """The paths a key or a header opens under ``path``: ``a.b`` under ``x`` is ``x.a`` and ``x.a.b``.

    An array of tables seen so far (in ``counters``) is indexed: ``sessions[2].when``.
    Past :data:`MAX_NESTING` names, the rest make one last path: a prefix each
    would cost the square of the key's length.
    """
    paths: list[str] = []
    for i, name in enumerate(names):
        if i == MAX_NESTING:
            paths.append(_join(path, names[i:]))
            break
        path = f"{path}.{name}" if path else name
        if path in counters:
            path = f"{path}[{counters[path]}]"
        paths.append(path)
    return paths


@attrs.define
class _Open:
    """An array or inline table that is open at the current position."""

    bracket: str  # "[" or "{"
    path: str
    index: int = 0  # of an array's current item
    expect_key: bool = True  # in a table, a key comes next


class LineIndex:
    """Maps field paths such as ``sessions[3].title.nl`` to 1-based line numbers."""

    def __init__(self, text: str) -> None:
        self._lines: dict[str, int] = {}
        self._string: str | None = None  # the delimiter of an open multi-line string
        self._open: list[_Open] = []
        self._value = ""  # the path of the value that comes next
        #: The path and line where arrays and inline tables first nest deeper
        #: than :data:`MAX_NESTING`, if they do.
        self.too_deep: tuple[str, int] | None = None
        #: The path, line and number of digits of every decimal integer longer
        #: than Python turns into an int (``sys.get_int_max_str_digits()``).
        self.long_numbers: list[tuple[str, int, int]] = []
        #: The path of the first name, line and number of names of every key or
        #: table header with more names than the TOML reader takes (:data:`MAX_KEY_NAMES`).
        self.long_keys: list[tuple[str, int, int]] = []
        self._max_digits = sys.get_int_max_str_digits() or None
        self._scan(text)

    def _record_key(self, path: str, names: list[str], line: int) -> None:
        """Record a (dotted) key and the tables it opens.

        ``a.b = 1`` also places ``a``, so that a problem with ``a`` (an unknown
        field, say) gets the line where ``a`` first appears.
        """
        for opened in _paths(path, names, {}):
            self._lines.setdefault(opened, line)

    def _scan(self, text: str) -> None:
        counters: dict[str, int] = {}
        prefix = ""
        # TOML lines end at LF or CRLF only; str.splitlines() would also split at
        # U+2028, U+0085, form feeds and more, which strings may hold.
        for number, raw in enumerate(text.split("\n"), start=1):
            line = raw.removesuffix("\r")
            if self._string is not None or self._open:
                self._read_value(line, 0, number)
                continue
            header = _HEADER.fullmatch(line)
            if header:
                names = _split_key(header.group(2))
                if len(names) > MAX_KEY_NAMES:
                    self.long_keys.append((_join("", names[:1]), number, len(names)))
                paths = _paths("", names, counters)
                prefix = paths[-1]
                if header.group(1) == "[[":
                    array = _join(paths[-2] if len(paths) > 1 else "", names[-1:])
                    counters[array] = counters.get(array, -1) + 1
                    # Arrays nested under this element start afresh.
                    for nested in [k for k in counters if k.startswith(f"{array}[")]:
                        del counters[nested]
                    prefix = paths[-1] = f"{array}[{counters[array]}]"
                for path in paths:
                    self._lines.setdefault(path, number)
                continue
            key = _KEY.match(line)
            if not key:
                continue  # a blank line or a comment
            names = _split_key(key.group(1))
            if len(names) > MAX_KEY_NAMES:
                self.long_keys.append((_join(prefix, names[:1]), number, len(names)))
            self._value = _join(prefix, names)
            self._record_key(prefix, names, number)
            self._read_value(line, key.end(), number)

    def _read_value(self, line: str, pos: int, number: int) -> None:
        """Read value text from ``pos`` to the end of ``line``, keeping open strings and brackets open."""
        while pos < len(line):
            if self._string is not None:
                end = _multiline_string_end(line, pos, self._string)
                if end is None:
                    return
                self._string = None
                pos = end
                continue
            inner = self._open[-1] if self._open else None
            char = line[pos]
            if char in " \t":
                pos += 1
            elif char == "#":
                return  # a comment, to the end of the line
            elif char == ",":
                if inner is not None and inner.bracket == "[":
                    inner.index += 1
                elif inner is not None:
                    inner.expect_key = True
                pos += 1
            elif inner is not None and inner.bracket == "{" and inner.expect_key:
                key = _KEY.match(line, pos)
                if key is None:
                    return  # not TOML that the reader accepts
                inner.expect_key = False
                names = _split_key(key.group(1))
                self._value = _join(inner.path, names)
                self._record_key(inner.path, names, number)
                pos = key.end()
            elif char in "[{":
                self._open_bracket(char, inner, number)
                pos += 1
            elif char in "]}":
                if self._open:
                    self._open.pop()
                pos += 1
            elif line.startswith(('"""', "'''"), pos):
                self._string = line[pos : pos + 3]
                pos += 3
            elif char == '"':
                pos = _basic_string_end(line, pos + 1)
            elif char == "'":
                end = line.find("'", pos + 1)
                pos = len(line) if end < 0 else end + 1
            else:
                bare = _BARE_VALUE.match(line, pos)
                if bare is None:
                    pos += 1
                    continue
                self._check_number(bare.group(), number)
                pos = bare.end()

    def _open_bracket(self, char: str, inner: _Open | None, number: int) -> None:
        """Open an array or an inline table inside ``inner`` (or as a key's value)."""
        if len(self._open) >= MAX_NESTING and inner is not None:
            # Too deep to be a programme: keep counting, but make no longer paths
            # (their length would grow with the depth, their cost with its square).
            if self.too_deep is None:
                self.too_deep = (self._open[0].path, number)  # the field the value is given for
            path = inner.path
        else:
            path = self._value_path()
        self._open.append(_Open(bracket=char, path=path))

    def _check_number(self, value: str, line: int) -> None:
        """Note a decimal integer longer than Python reads, with the path of the value it is in."""
        if self._max_digits is None or len(value) <= self._max_digits or not _INTEGER.fullmatch(value):
            return
        digits = len(value.lstrip("+-").replace("_", ""))
        if digits > self._max_digits:
            self.long_numbers.append((self._value_path(), line, digits))

    def _value_path(self) -> str:
        """The path of the value at the current position: an array's item, or the key's value."""
        inner = self._open[-1] if self._open else None
        return f"{inner.path}[{inner.index}]" if inner is not None and inner.bracket == "[" else self._value

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
