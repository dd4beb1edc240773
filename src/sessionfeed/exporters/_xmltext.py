"""Text and dates as XML feeds must carry them.

XML 1.0 (§2.2) forbids most C0 control characters (U+0000 to U+001F apart
from tab, line feed and carriage return), lone surrogates, U+FFFE and U+FFFF;
a single one makes the whole document ill-formed, and readers then drop the
feed (feedparser sets ``bozo``), or lxml refuses to build it. It also
discourages the C1 controls and the noncharacters, which readers mangle
(feedparser turns U+0085 into "…"). Programme data comes from people and
copy-paste, so such characters do turn up: :func:`xml_text` removes them
all, and :func:`count_unsafe` counts them so that the build summary can say
so, instead of crashing or writing a broken feed.

Dates: RSS wants RFC 822 dates with English day and month names whatever the
locale (``Thu, 11 Mar 2027 13:00:00 +0000``). ``strftime`` follows the process
locale, and feedgen switches that locale with ``setlocale`` to get around it,
which is unsafe in a threaded server. :func:`rfc822` formats with
:func:`email.utils.format_datetime`, which never looks at the locale.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from collections.abc import Iterable


__all__ = ["count_unsafe", "describe_unsafe", "is_xml_safe", "rfc822", "scrub", "xml_text"]

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
#: ones, which then get the exact check. Each starts with a literal byte,
#: which ``re`` finds fast.
_SUSPECT_UTF8 = tuple(
    re.compile(pattern)
    for pattern in (rb"\xc2[\x80-\x9f]", rb"\xed[\xa0-\xbf]", rb"\xef\xb7[\x90-\xaf]", rb"\xbf[\xbe\xbf]")
)


def _unsafe(text: str) -> list[str]:
    """Every unsafe character of ``text``, in order (the exact, slower check)."""
    found: list[str] = _UNSAFE_BMP.findall(text)
    if _ASTRAL.search(text):
        found.extend(_UNSAFE_ASTRAL.findall(text))
    return found


def is_xml_safe(text: str) -> bool:
    """Whether ``text`` has none of the characters :func:`xml_text` removes.

    Fast on the usual text, where it is true: a UTF-8 encoding and byte
    searches, about ten times quicker than a character class over the text;
    only suspicious text gets the exact check.
    """
    data = text.encode("utf-8", "surrogatepass")
    if len(data.translate(None, _UNSAFE_BYTES)) != len(data):
        return False
    if text.isascii() or not any(pattern.search(data) for pattern in _SUSPECT_UTF8):
        return True
    return not _unsafe(text)


def scrub(text: str) -> tuple[str, int]:
    """Return :func:`xml_text` of ``text`` and how many characters it removed."""
    if is_xml_safe(text):
        return text, 0
    clean, removed = _UNSAFE_BMP.subn("", text)
    if _ASTRAL.search(clean):
        clean, beyond = _UNSAFE_ASTRAL.subn("", clean)
        removed += beyond
    return clean, removed


def xml_text(text: str) -> str:
    r"""Return ``text`` without the characters XML 1.0 forbids or discourages.

    Everything else is kept as it is, including carriage returns, which lxml
    writes as ``&#13;`` so that a parser gives them back.

    >>> xml_text("Q&A\x00 <b>\x1b[31m")
    'Q&A <b>[31m'
    """
    return scrub(text)[0]


def count_unsafe(text: str) -> int:
    """How many characters :func:`xml_text` would remove from ``text``."""
    return 0 if is_xml_safe(text) else len(_unsafe(text))


def describe_unsafe(texts: Iterable[str]) -> str:
    """The distinct unsafe characters in ``texts`` as code points: ``"U+0000, U+001B"``."""
    found = sorted({ch for text in texts if not is_xml_safe(text) for ch in _unsafe(text)})
    return ", ".join(f"U+{ord(ch):04X}" for ch in found)


def _require_aware(moment: dt.datetime) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        message = f"a feed date needs a time zone; got the naive {moment.isoformat()}"
        raise ValueError(message)


def rfc822(moment: dt.datetime) -> str:
    """An RSS date: RFC 822 (as RFC 2822 amends it), in UTC, with English names.

    Four-digit year and a numeric offset, as the RSS Best Practices Profile
    asks. Independent of the process locale.

    >>> rfc822(dt.datetime(2027, 3, 11, 14, 0, tzinfo=dt.timezone(dt.timedelta(hours=1))))
    'Thu, 11 Mar 2027 13:00:00 +0000'

    Raises:
        ValueError: ``moment`` is naive.
    """
    _require_aware(moment)
    return email.utils.format_datetime(moment.astimezone(dt.UTC).replace(microsecond=0))

