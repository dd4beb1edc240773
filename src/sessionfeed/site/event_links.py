"""Per-event "add to calendar" links: Google Calendar, Outlook.com and Microsoft 365.

Each link opens the web calendar's form for a new event, filled in with the
session's title, time, place and description; the visitor saves it. (The
session's own ``.ics`` is the fourth way; the programme's calendar, which
stays up to date, is offered apart from these.)

Time is written so that no client has to guess a zone:

* a timed session as UTC instants (``Z``): Google's ``dates`` as
  ``YYYYMMDDTHHMMSSZ/YYYYMMDDTHHMMSSZ`` with ``ctz`` the session's IANA zone
  (the zone Google shows the event in), Outlook's ``startdt``/``enddt`` as
  ``YYYY-MM-DDTHH:MM:SSZ``. UTC also carries zones whose offset has seconds
  (local mean time before 1900) and the hour a DST change repeats.
* a session of whole days as dates, the end exclusive (the day after the
  last): Google ``YYYYMMDD/YYYYMMDD``; Outlook ``YYYY-MM-DD`` with
  ``allday=true``. A one-day session ends the next day, as in iCalendar.
* a month-only or undated session gets no links (:func:`event_links`
  returns ``None``): no day is ever made up for it.

Texts are percent-encoded as UTF-8 whole (every character but the unreserved
ones of RFC 3986, control characters included), so no text can end a
parameter or start another. The title and the place go into one-line fields,
so each run of white space in them (a line break, a tab) becomes one space.
Google takes ``details`` as text, line breaks kept. Outlook reads ``body`` as
HTML (``<b>`` shows bold, a line break only as ``<br>``), so the body is
HTML-escaped first and its line breaks become ``<br>``: what the visitor sees
is the text as written (a U+0000, which HTML cannot hold, as U+FFFD).

Length: Outlook's compose form takes URLs up to about 2,048 characters, and
older browsers and proxies cut longer ones, so every link is at most
:data:`MAX_URL_LENGTH` characters. When a link would be longer, the title and
place are shortened first to a share of it, then the description, each at a
word boundary and marked with "…"; the details always end with the session
page's URL, where the full text is.
"""

from __future__ import annotations

import datetime as dt
import html
import unicodedata
from collections.abc import Callable
from urllib.parse import quote

import attrs

from sessionfeed.exceptions import ArgumentError
from sessionfeed.model.checks import check_url, plain_text_problem
from sessionfeed.model.programme import AllDay, Month, Timed, Unknown, When


__all__ = ["MAX_URL_LENGTH", "EventLinks", "event_links"]

#: The longest link made, in characters (Outlook takes about 2,048).
MAX_URL_LENGTH = 2000
#: The most of a link a title may take, encoded; the place takes at most :data:`_PLACE_SHARE`.
_TITLE_SHARE = 500
_PLACE_SHARE = 300
_ELLIPSIS = "…"
#: Between the description and the page's URL in the details.
_BEFORE_URL = "\n\n"

_GOOGLE = "https://calendar.google.com/calendar/render"
_OUTLOOK = "https://outlook.live.com/calendar/0/action/compose"
_OFFICE365 = "https://outlook.office.com/calendar/0/action/compose"

Encode = Callable[[str], str]
#: The encoded length of each character met, by encoding (a text is cut only when too long).
_COSTS: dict[Encode, dict[str, int]] = {}
_MAX_KNOWN = 4096


@attrs.frozen(kw_only=True)
class EventLinks:
    """The "add to calendar" links of one dated session.

    Attributes:
        google: Google Calendar's new-event form.
        outlook: Outlook.com's (personal Microsoft accounts).
        office365: Microsoft 365's (work or school accounts).
    """

    google: str
    outlook: str
    office365: str


def _component(text: str) -> str:
    """Percent-encode a query value whole: only RFC 3986's unreserved characters stay."""
    return quote(text, safe="")


def _html_body(text: str) -> str:
    """The body Outlook shows as ``text``: HTML-escaped, line breaks as ``<br>``, percent-encoded.

    HTML has no way to write U+0000 (a reader drops it, ``&#0;`` is U+FFFD),
    so it becomes U+FFFD, the character that stands for an unreadable one.
    """
    escaped = html.escape(text.replace("\x00", "\ufffd"), quote=False)
    return _component(escaped.replace("\n", "<br>"))


def _one_line(text: str) -> str:
    """A title or place as the one-line field it goes into: each run of white space one space."""
    return " ".join(text.split())


def _cut(text: str, budget: int, encode: Encode) -> str:
    """The longest start of ``text`` whose encoded form fits ``budget``, cut at a word, ending in "…".

    Each character is encoded on its own (percent-encoding and HTML escaping
    both are), so the encoded length of a start is the sum over its
    characters. Returns ``""`` when not even "…" fits.
    """
    known = _COSTS.setdefault(encode, {})
    room = budget - len(encode(_ELLIPSIS))
    end, used = 0, 0
    for ch in text:
        cost = known.get(ch)
        if cost is None:
            cost = len(encode(ch))
            if len(known) < _MAX_KNOWN:
                known[ch] = cost
        if used + cost > room:
            break
        used += cost
        end += 1
    cut = max(text.rfind(" ", 0, end + 1), text.rfind("\n", 0, end + 1))
    if cut <= 0:
        cut = end
        # Never between a letter and the accent or joiner that follows it.
        while cut > 0 and (unicodedata.combining(text[cut]) or text[cut] in "\u200d\ufe0f"):
            cut -= 1
    kept = text[:cut].rstrip()
    return kept + _ELLIPSIS if kept else ""


def _encoded(text: str, budget: int, encode: Encode) -> str:
    """``text`` encoded, or the longest start of it that fits ``budget`` encoded (see :func:`_cut`)."""
    whole = encode(text)
    return whole if len(whole) <= budget else encode(_cut(text, budget, encode))


def _encoded_details(description: str | None, url: str, budget: int, encode: Encode) -> str:
    """The description, shortened to fit ``budget`` with the page's URL after it, encoded."""
    text = None if description is None else description.strip()
    if not text:
        return encode(url)
    tail = encode(_BEFORE_URL + url)
    kept = _encoded(text, budget - len(tail), encode)
    return kept + tail if kept else encode(url)


def _link(
    base: str, head: list[tuple[str, str]], details: tuple[str, str], tail: list[tuple[str, str]]
) -> str:
    """``base?`` with the pairs of ``head``, then ``details``, then ``tail``, all encoded."""
    return f"{base}?" + "&".join(f"{name}={value}" for name, value in (*head, details, *tail))


def _room(url: str, *fixed: str) -> int:
    """What is left of :data:`MAX_URL_LENGTH` for the details after the longest of ``fixed``.

    Raises:
        ArgumentError: Not even the page's URL would fit.
    """
    room = MAX_URL_LENGTH - max(len(link) for link in fixed)
    if room < len(_html_body(url)):  # the longer of the two encodings
        message = (
            f"the session page's URL is {len(url)} characters long, too long for an "
            f"'add to calendar' link of at most {MAX_URL_LENGTH} characters; give the "
            "programme a shorter base_url or the session a shorter id"
        )
        raise ArgumentError(message)
    return room


def _dates(when: Timed | AllDay) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The time's parameters of Google's link, and of Outlook's."""
    if isinstance(when, Timed):
        start, end = (moment.astimezone(dt.UTC) for moment in (when.start, when.end))
        dates = f"{start:%Y%m%dT%H%M%S}Z/{end:%Y%m%dT%H%M%S}Z"
        return [("dates", _component(dates)), ("ctz", _component(when.timezone))], [
            ("startdt", _component(f"{start:%Y-%m-%dT%H:%M:%S}Z")),
            ("enddt", _component(f"{end:%Y-%m-%dT%H:%M:%S}Z")),
        ]
    after = when.end + dt.timedelta(days=1)
    return [("dates", _component(f"{when.start:%Y%m%d}/{after:%Y%m%d}"))], [
        ("startdt", when.start.isoformat()),
        ("enddt", after.isoformat()),
        ("allday", "true"),
    ]


def _check(title: object, description: object, location: object, when: object, url: object) -> None:
    """Raise :class:`ArgumentError` for an argument of the wrong kind."""
    problems = [
        f"{name} {problem}"
        for name, value, required in (
            ("title", title, True),
            ("description", description, False),
            ("location", location, False),
        )
        if (value is not None or required)
        and (problem := plain_text_problem(value, required=required)) is not None
    ]
    if not isinstance(when, Timed | AllDay | Month | Unknown):
        problems.append(f"when must be a Timed, AllDay, Month or Unknown, not {type(when).__name__}")
    url_problem = check_url(url)
    if url_problem is not None:
        problems.append(f"url {url_problem}")
    if problems:
        raise ArgumentError("event_links(): " + "; ".join(problems))


def event_links(
    title: str,
    description: str | None,
    location: str | None,
    when: When,
    url: str,
) -> EventLinks | None:
    """The "add to calendar" links of a session, or ``None`` for a month-only or undated one.

    Args:
        title: The session's title, in the page's language.
        description: Its description as plain text (``None`` for none).
        location: Its place as one line of text, e.g. ``Online (Zoom)`` or a
            venue and address (``None`` for none).
        when: The session's :class:`~sessionfeed.model.programme.When`.
        url: The session's page, which ends the details of every link.

    Returns:
        The three links, each at most :data:`MAX_URL_LENGTH` characters.

    Raises:
        ArgumentError: An argument is not of its kind (the message names it),
            or ``url`` is too long to leave room for the rest.
    """
    _check(title, description, location, when, url)
    if not isinstance(when, Timed | AllDay):
        return None
    # Line breaks as LF only (CR LF and a lone CR are one break each).
    description = None if description is None else description.replace("\r\n", "\n").replace("\r", "\n")
    place = None if location is None else _one_line(location) or None
    title_value = _encoded(_one_line(title), _TITLE_SHARE, _component)
    place_value = "" if place is None else _encoded(place, _PLACE_SHARE, _component)
    google_dates, outlook_dates = _dates(when)
    google_head = [("action", "TEMPLATE"), *google_dates, ("text", title_value)]
    outlook_head = [("rru", "addevent"), *outlook_dates, ("subject", title_value)]
    # The details go before the place, as the forms list them.
    tail = [("location", place_value)] if place else []
    google_room = _room(url, _link(_GOOGLE, google_head, ("details", ""), tail))
    google = _link(
        _GOOGLE,
        google_head,
        ("details", _encoded_details(description, url, google_room, _component)),
        tail,
    )
    # One body for both Outlooks: it fits the longer of their addresses.
    outlook_room = _room(
        url,
        _link(_OUTLOOK, outlook_head, ("body", ""), tail),
        _link(_OFFICE365, outlook_head, ("body", ""), tail),
    )
    body = ("body", _encoded_details(description, url, outlook_room, _html_body))
    return EventLinks(
        google=google,
        outlook=_link(_OUTLOOK, outlook_head, body, tail),
        office365=_link(_OFFICE365, outlook_head, body, tail),
    )
