"""Characters no output should carry, found fast.

XML 1.0 (§2.2) forbids most C0 controls, lone surrogates, U+FFFE and U+FFFF;
HTML forbids the controls and the noncharacters; both discourage the C1
controls. Programme text is checked once (``model.checks``) but copy-paste still
brings such characters in, so every format removes what it cannot carry.

A character class that lists the noncharacters of every plane is slow (``re``
tests each of them against every character: about 90 ns a character), so
:func:`is_clean` answers the usual case, clean text, from byte searches on
the UTF-8 encoding, and only suspicious text gets the exact, slower check.
"""

from __future__ import annotations

import re


__all__ = ["is_clean", "lf_line_ends", "unsafe", "without_unsafe"]

#: What XML 1.0 forbids (C0 controls but tab, LF, CR; surrogates; U+FFFE/U+FFFF)
#: or discourages (DEL and the C1 controls; the noncharacters), in the BMP ...
_UNSAFE_BMP = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
#: ... and beyond it: the last two code points of each plane. Listed one by one,
#: they make a slow character class, so it only runs on text beyond the BMP.
_UNSAFE_ASTRAL = re.compile(
    "["
    + "".join(f"{chr(plane + 0xFFFE)}{chr(plane + 0xFFFF)}" for plane in range(0x10000, 0x110000, 0x10000))
    + "]",
)
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")

#: The unsafe characters that are one byte in UTF-8 (C0 but tab, LF, CR; DEL).
_UNSAFE_BYTES = bytes([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
#: UTF-8 byte sequences that every other unsafe character starts with or
#: contains (C1, surrogates, U+FDD0-U+FDEF, U+xFFFE/U+xFFFF), and a few safe
#: ones, which then get the exact check. Each starts with a literal byte: a
#: byte search (``in``, ``memchr``) tells first whether it occurs at all,
#: twenty times quicker than ``re``, which then looks at what follows it.
_SUSPECT_UTF8 = tuple(
    (first, re.compile(re.escape(first) + rest))
    for first, rest in (
        (b"\xc2", rb"[\x80-\x9f]"),
        (b"\xed", rb"[\xa0-\xbf]"),
        (b"\xef", rb"\xb7[\x90-\xaf]"),
        (b"\xbf", rb"[\xbe\xbf]"),
    )
)


def unsafe(text: str) -> list[str]:
    """Every unsafe character of ``text``, in order (the exact, slower check)."""
    found: list[str] = _UNSAFE_BMP.findall(text)
    if _ASTRAL.search(text):
        found.extend(_UNSAFE_ASTRAL.findall(text))
    return found


def is_clean(text: str) -> bool:
    """Whether ``text`` has none of the characters :func:`without_unsafe` removes.

    Tab, line feed and carriage return are clean. About ten times quicker than
    a character class over the text where the answer is yes.
    """
    if text.isascii():
        return not _UNSAFE_BMP.search(text)
    data = text.encode("utf-8", "surrogatepass")
    if len(data.translate(None, _UNSAFE_BYTES)) != len(data):
        return False
    suspect = any(first in data and pattern.search(data) for first, pattern in _SUSPECT_UTF8)
    return not suspect or not unsafe(text)


def without_unsafe(text: str) -> tuple[str, int]:
    """Return ``text`` without its unsafe characters, and how many were removed."""
    if is_clean(text):
        return text, 0
    clean, removed = _UNSAFE_BMP.subn("", text)
    if _ASTRAL.search(clean):
        clean, beyond = _UNSAFE_ASTRAL.subn("", clean)
        removed += beyond
    return clean, removed


def lf_line_ends(text: str) -> str:
    """``text`` with every line end (CRLF, or a lone CR as old Mac text has it) as LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text
