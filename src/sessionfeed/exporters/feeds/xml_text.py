"""Text and dates as XML feeds must carry them.

XML 1.0 (§2.2) forbids most C0 control characters (U+0000 to U+001F apart
from tab, line feed and carriage return), lone surrogates, U+FFFE and U+FFFF;
a single one makes the whole document ill-formed, and readers then drop the
feed (feedparser sets ``bozo``), or lxml refuses to build it. It also
discourages the C1 controls and the noncharacters, which readers mangle
(feedparser turns U+0085 into "…"). Programme data comes from people and
copy-paste, so such characters do turn up: :func:`xml_text` removes them
all, and the plan counts them so that the build summary can say so,
instead of crashing or writing a broken feed.

Dates: RSS wants RFC 822 dates with English day and month names whatever the
locale (``Thu, 11 Mar 2027 13:00:00 +0000``). ``strftime`` follows the process
locale, and feedgen switches that locale with ``setlocale`` to get around it,
which is unsafe in a threaded server. :func:`rfc822` writes the English
names itself, as :func:`email.utils.format_datetime` does, never looking at the locale.
"""

from __future__ import annotations

import datetime as dt

from sessionfeed.model.chars import without_unsafe


__all__ = ["rfc822", "xml_text"]


def xml_text(text: str) -> str:
    r"""Return ``text`` without the characters XML 1.0 forbids or discourages.

    Everything else is kept as it is, including carriage returns, which lxml
    writes as ``&#13;`` so that a parser gives them back.

    >>> xml_text("Q&A\x00 <b>\x1b[31m")
    'Q&A <b>[31m'
    """
    return without_unsafe(text)[0]


def rfc822(moment: dt.datetime) -> str:
    """An RSS date: RFC 822 (as RFC 2822 amends it), in UTC, with English names.

    Four-digit year and a numeric offset, as the RSS Best Practices Profile
    asks. Independent of the process locale.

    >>> rfc822(dt.datetime(2027, 3, 11, 14, 0, tzinfo=dt.timezone(dt.timedelta(hours=1))))
    'Thu, 11 Mar 2027 13:00:00 +0000'

    Raises:
        ValueError: ``moment`` is naive.
    """
    if moment.tzinfo is None or moment.utcoffset() is None:
        message = f"a feed date needs a time zone; got the naive {moment.isoformat()}"
        raise ValueError(message)
    utc = moment.astimezone(dt.UTC)
    # What email.utils.format_datetime writes, with the English names of RFC 822.
    return (
        f"{_DAYS[utc.weekday()]}, {utc.day:02d} {_MONTHS[utc.month - 1]} {utc.year:04d} "
        f"{utc.hour:02d}:{utc.minute:02d}:{utc.second:02d} +0000"
    )


_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
