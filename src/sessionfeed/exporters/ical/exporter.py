"""iCalendar feeds: ``calendar.ics`` per locale and one ``sessions/<id>.ics`` per session.

People subscribe to ``calendar.ics`` once and never look at it again, so it
is written to avoid every mistake that makes calendars show a wrong hour,
duplicate events or invitations (``docs/icalendar.md`` explains each choice):

* Every timed session has ``DTSTART``/``DTEND`` with its IANA ``TZID`` and a
  rule-based ``VTIMEZONE`` (the form Outlook reads correctly) covering the
  dates used; UTC sessions use the ``Z`` form. No floating times. Whole days
  are ``VALUE=DATE`` with an exclusive ``DTEND``. Sessions known only to the
  month, or not at all, are left out and reported; no day is made up.
* ``UID`` comes from the programme id and the session id only
  (:func:`sessionfeed.model.ids.session_uid`). ``SEQUENCE``, ``LAST-MODIFIED`` and
  ``DTSTAMP`` come from the build's revisions, never from the clock, so the
  same programme gives the same bytes and a changed time raises ``SEQUENCE``.
* No ``METHOD`` and no ``ATTENDEE`` or ``ORGANIZER``: a published calendar,
  not an invitation. People and organisations are in the plain-text
  ``DESCRIPTION``, which says what ``programme.txt`` says for the session.
* Cancelled sessions stay, with ``STATUS:CANCELLED`` and a prefixed
  ``SUMMARY`` ("Geannuleerd: …"); postponed ones are ``TENTATIVE``.

The lines are escaped, folded and serialised by
:mod:`sessionfeed.exporters.ical.lines` rather than by icalendar's
``to_ical()``, which costs ten times as much; :func:`build_calendar` parses
those very bytes back with icalendar for library users.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import zoneinfo
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, ClassVar

import attrs

from sessionfeed import __version__
from sessionfeed.exporters.base import BaseExporter, Context, Omitted, OutputFile, Rendering
from sessionfeed.exporters.ical.lines import (
    content_line,
    escape_text,
    fold,
    format_date,
    format_duration,
    format_local,
    format_utc,
    serialize,
    text_line,
    text_list,
)
from sessionfeed.exporters.ical.vtimezone import vtimezone_lines
from sessionfeed.exporters.removals import Removals
from sessionfeed.model.chars import lf_line_ends
from sessionfeed.model.ids import session_uid
from sessionfeed.model.programme import AllDay, Month, Status, Timed
from sessionfeed.model.revisions import Revision, Revisions
from sessionfeed.site import layout as _layout
from sessionfeed.words.compose import Composition, SessionBlock, block_text
from sessionfeed.words.vocabulary import Words


if TYPE_CHECKING:
    import icalendar

    from sessionfeed.model.programme import Programme, Session


__all__ = [
    "MEDIA_TYPE",
    "PRODID",
    "UTC_ZONES",
    "CalendarEvent",
    "EventContent",
    "ICalExporter",
    "batch_lines",
    "build_calendar",
    "calendar_batches",
    "calendar_bytes",
    "calendar_lines",
    "contents",
    "event_content",
    "event_status",
    "read_calendar",
    "session_calendar_bytes",
    "vevent_lines",
]

_MAJOR_MINOR = ".".join(__version__.split(".")[:2])
#: The ``PRODID`` of every file. It names the major and minor version only, so
#: that a bug-fix release does not change the bytes of every published calendar.
PRODID = f"-//sessionfeed//sessionfeed {_MAJOR_MINOR}//EN"

MEDIA_TYPE = "text/calendar; charset=utf-8"

#: Zones written in the UTC ``Z`` form, with no ``TZID`` and no ``VTIMEZONE``.
#: Besides UTC itself this is every name of GMT: Outlook resolves a ``TZID`` it
#: knows by its name rather than by the ``VTIMEZONE`` (pretalx/pretalx#2588), and
#: to Windows "GMT" can mean London ("GMT Standard Time", with summer time).
UTC_ZONES = frozenset(
    {
        "UTC", "Etc/UTC", "UCT", "Etc/UCT", "Universal", "Etc/Universal", "Zulu", "Etc/Zulu",
        "GMT", "Etc/GMT", "GMT0", "Etc/GMT0", "GMT+0", "Etc/GMT+0", "GMT-0", "Etc/GMT-0",
        "Greenwich", "Etc/Greenwich",
    },
)  # fmt: skip

_MONTH_ONLY = "only the month is known"
_NOT_KNOWN = "the date is not known yet"

# What escape_text() and param_value() remove: control characters other than
# TAB and LF, once every line end is LF (a lone CR is a line end, not removed).
# Counted for the build summary.
_REMOVED = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
#: Why the calendar removes what it removes (the end of the build summary's note).
REMOVAL_REASON = "iCalendar (RFC 5545) cannot carry"
_ONE_DAY = dt.timedelta(days=1)
_EPOCH_YEAR = 1970


def _removed(value: str) -> list[str]:
    """The characters :func:`escape_text` (or :func:`param_value`) will drop from ``value``."""
    # Most text is printable but for its line ends: two quick scans tell.
    if value.isprintable() or value.replace("\n", "").isprintable():
        return []
    return _REMOVED.findall(lf_line_ends(value))


def event_status(status: Status) -> str:
    """The iCalendar ``STATUS`` of a session (RFC 5545 §3.8.1.11).

    Cancelled is ``CANCELLED``; postponed (the date shown no longer holds, no new
    one is known) is ``TENTATIVE``; scheduled, rescheduled and moved online are
    ``CONFIRMED``.
    """
    if status is Status.CANCELLED:
        return "CANCELLED"
    if status is Status.POSTPONED:
        return "TENTATIVE"
    return "CONFIRMED"


def _zone_key(moment: dt.datetime) -> str | None:
    """The IANA name to write as ``TZID``, or ``None`` for the UTC ``Z`` form."""
    tz = moment.tzinfo
    key = tz.key if isinstance(tz, zoneinfo.ZoneInfo) else None
    if key is None or key in UTC_ZONES:
        return None
    return key


def _one_instant(moment: dt.datetime) -> bool:
    """Whether the wall-clock time of ``moment`` names exactly one instant in its zone.

    Not so for the hour that is repeated when the clocks go back (02:30 on the
    last Sunday of October in Amsterdam happens twice: ``fold`` tells which)
    nor for the hour skipped when they go forward. iCalendar's local time
    cannot say which is meant (RFC 5545 §3.3.5 picks one, clients differ), so
    such a session is written in UTC instead.
    """
    tz = moment.tzinfo
    if isinstance(tz, zoneinfo.ZoneInfo) and _plain_day(tz, moment.date()):
        return True
    return moment.replace(fold=0).utcoffset() == moment.replace(fold=1).utcoffset()


@functools.lru_cache(maxsize=4096)
def _plain_day(tz: zoneinfo.ZoneInfo, day: dt.date) -> bool:
    """Whether no UTC offset change touches ``day`` in ``tz``: every wall time is one instant.

    Sessions share days, and asking once per day is cheaper than twice per
    time. (tzdata has no change and its reversal within one day.)
    """
    midnight = dt.datetime.combine(day, dt.time(), tz)
    following = dt.datetime.combine(day + _ONE_DAY, dt.time(), tz)
    offsets = {moment.replace(fold=fold).utcoffset() for moment in (midnight, following) for fold in (0, 1)}
    return len(offsets) == 1


def _timed_zone(when: Timed) -> str | None:
    """The ``TZID`` to write a session's times with, or ``None`` for UTC."""
    zone = _zone_key(when.start)
    if zone is None or not (_one_instant(when.start) and _one_instant(when.end)):
        return None
    return zone


@attrs.frozen(kw_only=True)
class EventContent:
    """What a session's ``VEVENT`` says, as values: the input of any serialiser.

    Attributes:
        session: The session.
        uid: Its ``UID``.
        modified: ``DTSTAMP`` and ``LAST-MODIFIED`` (UTC).
        sequence: ``SEQUENCE``.
        when: When (a known day).
        summary: ``SUMMARY``: the title, prefixed for cancelled and postponed sessions.
        summary_lang: The title's language when it is not the calendar's, else ``None``.
        description: ``DESCRIPTION``: the session as ``programme.txt`` writes it,
            plus its page.
        description_lang: The description's language when not the calendar's, else ``None``.
        location: ``LOCATION`` ("Online (Zoom)", the venue), ``""`` while unknown.
        url: ``URL``: the session's own page or anchor.
        status: ``STATUS`` (:func:`event_status`).
        categories: ``CATEGORIES``: the tag labels.
        conference: ``CONFERENCE``: the join URL and its label, or ``None``.
        attachment: ``ATTACH``: the recording's URL and media type, or ``None``.
        image: ``IMAGE``: the session's image URL, or ``None``.
    """

    session: Session
    uid: str
    modified: dt.datetime
    sequence: int
    when: Timed | AllDay
    summary: str
    summary_lang: str | None
    description: str
    description_lang: str | None
    location: str
    url: str
    status: str
    categories: tuple[str, ...]
    conference: tuple[str, str] | None
    attachment: tuple[str, str | None] | None
    image: str | None

    def removed(self) -> int:
        """How many control characters the escapers drop from the texts (the join link's label too)."""
        return len(self.removed_characters())

    def removed_characters(self) -> list[str]:
        """The control characters the escapers drop from the texts, each as often as it is dropped."""
        texts = (self.summary, self.description, self.location, *self.categories)
        label = (self.conference[1],) if self.conference is not None else ()
        return [ch for text in (*texts, *label) for ch in _removed(text)]


@attrs.frozen(kw_only=True)
class CalendarEvent:
    """A session's ``VEVENT``: its values, its folded lines and the zone its times are written in.

    Attributes:
        content: What the event says, as values.
        zone: The ``TZID`` of ``DTSTART`` and ``DTEND``; ``None`` for UTC (the
            ``Z`` form) and for whole days.
    """

    content: EventContent
    zone: str | None

    @functools.cached_property
    def lines(self) -> tuple[str, ...]:
        """Its folded content lines, ``BEGIN:VEVENT`` to ``END:VEVENT`` (made when first asked for)."""
        return _vevent_lines(self.content, self.zone)

    @property
    def session(self) -> Session:
        """The session."""
        return self.content.session


def _location(words: Words, block: SessionBlock) -> str:
    """A short human ``LOCATION``: "Online (Zoom)", the venue, or both; "Online" once moved online."""
    session = block.session
    if session.status is Status.MOVED_ONLINE:
        location = session.location
        online = words.online_text(location) if location is not None else ""
        return online or words.gettext("Online")
    return block.location_text


def event_content(
    programme: Programme,
    session: Session,
    locale: str,
    *,
    revision: Revision | None = None,
) -> EventContent:
    """The values of a dated session's ``VEVENT`` for ``locale``.

    Args:
        programme: The programme the session belongs to.
        session: A session with a known day (:class:`~sessionfeed.Timed` or
            :class:`~sessionfeed.AllDay`).
        locale: The calendar's locale, e.g. ``nl``.
        revision: Its SEQUENCE and modification time; as the data states them
            when ``None``.

    Raises:
        ValueError: The session has no known day (month only, or unknown).
    """
    if revision is None:
        revision = Revisions.from_data(programme)[session.id]
    return _content(Composition(programme, locale), session, revision)


def _content(composition: Composition, session: Session, revision: Revision) -> EventContent:
    when = session.when
    if not isinstance(when, Timed | AllDay):
        message = f"session {session.id!r} has no known day: a calendar cannot show it"
        raise ValueError(message)
    programme, locale, words = composition.programme, composition.locale, composition.words
    block = composition.block(session)
    title = block.title
    summary = title.text
    if session.status in (Status.CANCELLED, Status.POSTPONED):
        summary = words.status_title(session.status, summary)
    url = _layout.session_url(programme, session, locale)
    description = block_text(block)
    if not session.links.page:
        # The session's own anchor on the programme page, after its other links.
        joiner = "\n" if block.topics or block.links else "\n\n"
        label = words.gettext("Session page")
        description += f"{joiner}{label}: {url}"
    described = block.description
    online = session.location.online if session.location is not None else None
    conference = None
    if online is not None and online.url and session.status is not Status.CANCELLED:
        label = (
            words.gettext("Join on {platform}").format(platform=online.platform)
            if online.platform
            else words.gettext("Join online")
        )
        conference = (online.url, label)
    recording = session.recording
    return EventContent(
        session=session,
        uid=session_uid(programme, session),
        modified=revision.modified,
        sequence=revision.sequence,
        when=when,
        summary=summary,
        summary_lang=title.lang if title.lang != locale else None,
        description=description,
        description_lang=described.lang if described and described.lang != locale else None,
        location=_location(words, block),
        url=url,
        status=event_status(session.status),
        categories=block.topics,
        conference=conference,
        attachment=(recording.url, recording.media_type) if recording is not None else None,
        image=session.image,
    )


def _lang(lang: str | None) -> dict[str, str] | None:
    return {"LANGUAGE": lang} if lang else None


def _event(content: EventContent) -> CalendarEvent:
    """A session's event: its content, and the zone its times are written in."""
    when = content.when
    return CalendarEvent(content=content, zone=_timed_zone(when) if isinstance(when, Timed) else None)


def _vevent_lines(content: EventContent, zone: str | None) -> tuple[str, ...]:
    """Fold a session's content into ``VEVENT`` lines, its times in ``zone`` (``None``: UTC)."""
    stamp = format_utc(content.modified)
    lines = [
        "BEGIN:VEVENT",
        f"UID:{content.uid}",
        f"DTSTAMP:{stamp}",
        f"LAST-MODIFIED:{stamp}",
        f"SEQUENCE:{content.sequence}",
    ]
    when = content.when
    if isinstance(when, AllDay):
        lines.append(f"DTSTART;VALUE=DATE:{format_date(when.start)}")
        lines.append(f"DTEND;VALUE=DATE:{format_date(when.end + _ONE_DAY)}")
    elif zone is None:
        lines.append(f"DTSTART:{format_utc(when.start)}")
        lines.append(f"DTEND:{format_utc(when.end)}")
    else:
        tzid = {"TZID": zone}
        lines.append(content_line("DTSTART", format_local(when.start), tzid))
        lines.append(content_line("DTEND", format_local(when.end), tzid))
    lines.append(text_line("SUMMARY", content.summary, _lang(content.summary_lang)))
    lines.append(text_line("DESCRIPTION", content.description, _lang(content.description_lang)))
    if content.location:
        lines.append(text_line("LOCATION", content.location))
    lines.append(content_line("URL", content.url))
    lines.append(f"STATUS:{content.status}")
    if content.categories:
        lines.append(content_line("CATEGORIES", text_list(content.categories)))
    if content.conference is not None:
        url, label = content.conference
        params = {"VALUE": "URI", "FEATURE": "VIDEO", "LABEL": label}
        lines.append(content_line("CONFERENCE", url, params))
    if content.attachment is not None:
        url, media_type = content.attachment
        lines.append(content_line("ATTACH", url, {"FMTTYPE": media_type} if media_type else None))
    if content.image:
        lines.append(content_line("IMAGE", content.image, {"VALUE": "URI", "DISPLAY": "BADGE"}))
    lines.append("END:VEVENT")
    return tuple(lines)


def vevent_lines(
    programme: Programme,
    session: Session,
    locale: str,
    *,
    revision: Revision | None = None,
) -> list[str]:
    """The folded content lines of a session's ``VEVENT``, ``BEGIN`` to ``END``.

    Args:
        programme: The programme the session belongs to.
        session: A session with a known day (:class:`~sessionfeed.Timed` or
            :class:`~sessionfeed.AllDay`).
        locale: The calendar's locale, e.g. ``nl``.
        revision: Its SEQUENCE and modification time; as the data states them
            when ``None``.

    Raises:
        ValueError: The session has no known day (month only, or unknown).
    """
    return list(_event(event_content(programme, session, locale, revision=revision)).lines)


def _vtimezones(sessions: Iterable[Session]) -> list[str]:
    """One ``VTIMEZONE`` per zone used, covering its sessions' first start to last end."""
    spans: dict[str, tuple[dt.datetime, dt.datetime]] = {}
    for session in sessions:
        when = session.when
        if not isinstance(when, Timed):
            continue
        zone = _timed_zone(when)
        if zone is None:
            continue
        span = spans.get(zone)
        if span is None:
            spans[zone] = (when.start, when.end)
        else:
            spans[zone] = (min(span[0], when.start), max(span[1], when.end))
    lines: list[str] = []
    for zone in sorted(spans):
        lines.extend(fold(line) for line in vtimezone_lines(zone, *spans[zone]))
    return lines


def _calendar_properties(programme: Programme, locale: str) -> tuple[list[str], list[str]]:
    """The RFC 7986 and ``X-WR-`` properties of a subscribed calendar.

    Returns:
        The folded lines, and the control characters removed from the title and introduction.
    """
    title = programme.text(programme.title, locale)
    name = escape_text(title.text)
    removed = _removed(title.text)
    lines = [
        content_line("NAME", name, _lang(title.lang if title.lang != locale else None)),
        content_line("X-WR-CALNAME", name),
    ]
    if programme.intro is not None:
        intro = programme.text(programme.intro, locale)
        text = escape_text(intro.text)
        removed = removed + _removed(intro.text)
        lines += [
            content_line("DESCRIPTION", text, _lang(intro.lang if intro.lang != locale else None)),
            content_line("X-WR-CALDESC", text),
        ]
    refresh = format_duration(programme.refresh)
    source = _layout.file_url(programme, locale, _layout.CALENDAR)
    lines += [
        content_line("URL", _layout.locale_url(programme, locale)),
        content_line("SOURCE", source, {"VALUE": "URI"}),
        f"REFRESH-INTERVAL;VALUE=DURATION:{refresh}",
        f"X-PUBLISHED-TTL:{refresh}",
    ]
    if programme.color:
        lines.append(content_line("COLOR", programme.color))
    if programme.image:
        lines.append(content_line("IMAGE", programme.image, {"VALUE": "URI", "DISPLAY": "BADGE"}))
    return lines, removed


def _dated(session: Session) -> bool:
    return isinstance(session.when, Timed | AllDay)


def contents(
    programme: Programme,
    locale: str,
    *,
    revisions: Revisions | None = None,
) -> list[EventContent]:
    """The :class:`EventContent` of every dated session, in programme order.

    Args:
        programme: The programme.
        locale: The calendar's locale, e.g. ``nl``.
        revisions: SEQUENCE and modification times; as the data states them when ``None``.
    """
    revisions = revisions if revisions is not None else Revisions.from_data(programme)
    composition = Composition(programme, locale)
    return [
        _content(composition, session, revisions[session.id])
        for session in programme.sessions
        if _dated(session)
    ]


def _assemble(head: Sequence[str], events: Sequence[CalendarEvent]) -> list[str]:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", *head]
    lines += _vtimezones(event.session for event in events)
    for event in events:
        lines.extend(event.lines)
    lines.append("END:VCALENDAR")
    return lines


#: The ``VTIMEZONE`` of an empty calendar of a programme in UTC (any of :data:`UTC_ZONES`):
#: the IANA name that every client knows as UTC and none as London.
_UTC_TZID = "Etc/UTC"


def _empty_calendar_zone(programme: Programme) -> list[str]:
    """The ``VTIMEZONE`` of the programme's zone, for a calendar without events.

    RFC 5545 §3.6 wants at least one component in a calendar, and icalendar's
    ``Calendar.validate()`` holds a calendar to it. While no session has a known
    day, the programme's own zone is that component: clients read a
    ``VTIMEZONE`` and show nothing for it, where any other component would be
    a made-up event, task or note. A programme in UTC (or another name of it)
    gets the ``VTIMEZONE`` of ``Etc/UTC``: no time refers to it (UTC times are
    written with ``Z``), and it names no zone that Outlook could take for
    London, as "GMT" can be. It covers the years the data mentions (months of
    sessions, the programme's ``updated``), never the clock's.
    """
    zone = programme.zone
    tzid = programme.timezone
    if _zone_key(dt.datetime(2000, 1, 1, tzinfo=zone)) is None:
        tzid = _UTC_TZID
    years = [s.when.year for s in programme.sessions if isinstance(s.when, Month)]
    if programme.updated is not None:
        years.append(programme.updated.astimezone(dt.UTC).year)
    if not years:
        years.append(_EPOCH_YEAR)
    first = dt.datetime(min(years), 1, 1, tzinfo=dt.UTC)
    last = dt.datetime(max(years), 12, 31, tzinfo=dt.UTC)
    return [fold(line) for line in vtimezone_lines(tzid, first, last)]


#: How many events are composed and written at a time: bounds a build's memory.
_BATCH = 256


def calendar_batches(
    composition: Composition,
    revisions: Revisions | None,
    removals: Removals | None,
) -> Iterator[tuple[list[str], list[CalendarEvent]]]:
    """The calendar of ``calendar.ics`` a batch at a time: its own content lines, and its events.

    Each batch is the calendar's own folded lines in it and the events that
    follow them (:func:`batch_lines` gives both as lines). The first is the
    head (``BEGIN:VCALENDAR``, the calendar's properties and its
    ``VTIMEZONE`` components) with no events; then come the dated sessions'
    events, a few hundred at a time in programme order, with no lines of
    their own; the last is ``END:VCALENDAR`` alone. Every writer of the
    calendar (``calendar.ics``, ``calendar.json``) reads these, so they
    cannot say different things. An event's lines are made only when asked
    for (:attr:`CalendarEvent.lines`).

    Args:
        composition: The words of the programme in the calendar's locale.
        revisions: SEQUENCE and modification times; as the data states them when ``None``.
        removals: Where what the escapers remove from texts is recorded, as
            the events are made; ``None`` to leave it uncounted.
    """
    programme = composition.programme
    revisions = revisions if revisions is not None else Revisions.from_data(programme)
    head, removed = _calendar_properties(programme, composition.locale)
    if removals is not None:
        removals.add(removed)
    dated = [session for session in programme.sessions if _dated(session)]
    zones = _vtimezones(dated) if dated else _empty_calendar_zone(programme)
    yield ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", *head, *zones], []
    for start in range(0, len(dated), _BATCH):
        events: list[CalendarEvent] = []
        for session in dated[start : start + _BATCH]:
            content = _content(composition, session, revisions[session.id])
            if removals is not None:  # counted only for who asks: it scans every text
                removals.add(content.removed_characters(), session=session.id)
            events.append(_event(content))
        yield [], events
    yield ["END:VCALENDAR"], []


def batch_lines(lines: Sequence[str], events: Iterable[CalendarEvent]) -> list[str]:
    """The content lines of a batch of :func:`calendar_batches`: its own, then its events'."""
    return [*lines, *(line for event in events for line in event.lines)]


def calendar_chunks(
    programme: Programme,
    locale: str,
    *,
    revisions: Revisions | None = None,
    removed: list[int] | None = None,
) -> Iterator[bytes]:
    """``calendar.ics`` for ``locale`` in pieces: the head, then events a batch at a time.

    Memory holds one batch of events, whatever the size of the programme.

    Args:
        programme: The programme.
        locale: The calendar's locale, e.g. ``nl``.
        revisions: SEQUENCE and modification times; as the data states them when ``None``.
        removed: If given, its one item is set to how many control characters
            were removed from the texts, once the pieces have all been read.
    """
    removals = Removals(REMOVAL_REASON) if removed is not None else None
    for lines, events in calendar_batches(Composition(programme, locale), revisions, removals):
        yield serialize(batch_lines(lines, events))
    if removed is not None and removals is not None:
        removed[:] = [removals.count]


def calendar_lines(
    programme: Programme,
    locale: str,
    *,
    revisions: Revisions | None = None,
) -> list[str]:
    """The folded content lines of the whole programme's calendar for ``locale``.

    Args:
        programme: The programme.
        locale: The calendar's locale, e.g. ``nl``.
        revisions: SEQUENCE and modification times (a build's); as the data
            states them when ``None``.
    """
    batches = calendar_batches(Composition(programme, locale), revisions, None)
    return [line for lines, events in batches for line in batch_lines(lines, events)]


def calendar_bytes(
    programme: Programme,
    locale: str,
    *,
    revisions: Revisions | None = None,
) -> bytes:
    """The whole programme as ``calendar.ics`` for ``locale``: UTF-8, CRLF, folded."""
    return b"".join(calendar_chunks(programme, locale, revisions=revisions))


def session_calendar_bytes(
    programme: Programme,
    session: Session,
    locale: str,
    *,
    revision: Revision | None = None,
) -> bytes:
    """One session's own ``.ics`` (an "add to calendar" download).

    A whole ``VCALENDAR`` with the session's ``VTIMEZONE`` and ``VEVENT`` only:
    no calendar name (Outlook would open the file as a new calendar instead of
    adding the event, and MS-OXCICAL says ``X-WR-CALNAME`` "MUST be omitted"
    for a single appointment) and no refresh interval, since an imported file
    is a snapshot that never refreshes.

    Raises:
        ValueError: The session has no known day.
    """
    event = _event(event_content(programme, session, locale, revision=revision))
    return serialize(_assemble((), [event]))


def build_calendar(
    programme: Programme,
    locale: str,
    *,
    revisions: Revisions | None = None,
) -> icalendar.Calendar:
    """The programme's calendar for ``locale`` as an :class:`icalendar.Calendar`.

    It is icalendar's reading of exactly the bytes that ``calendar.ics``
    holds, so what a library user inspects is what subscribers get.

    Args:
        programme: The programme.
        locale: The calendar's locale, e.g. ``nl``.
        revisions: SEQUENCE and modification times; as the data states them
            when ``None`` (``sessionfeed build`` passes the build's).
    """
    return read_calendar(calendar_lines(programme, locale, revisions=revisions))


def read_calendar(lines: Iterable[str]) -> icalendar.Calendar:
    """Read one ``VCALENDAR``'s folded content lines, ``BEGIN`` to ``END``, with icalendar.

    The TEXT properties of RFC 7986 that icalendar reads as "unknown"
    (``NAME``, ``X-WR-CALNAME``, ``X-WR-CALDESC``) are given as text, so that
    ``calendar.calendar_name`` is the programme's title.
    """
    import icalendar  # slow import: only for library users and the jCal writer

    calendar = icalendar.Calendar.from_ical(serialize(lines))
    if not isinstance(calendar, icalendar.Calendar):  # pragma: no cover - one VCALENDAR is given
        message = "icalendar did not read one calendar back"
        raise TypeError(message)
    for name in _TEXT_ICALENDAR_MISREADS:
        value = calendar.get(name)
        if value is not None and not isinstance(value, icalendar.vText):
            calendar[name] = icalendar.vText(_unescape(str(value)), params=dict(value.params))
    return calendar


#: TEXT properties (RFC 7986 §5.1, MS-OXCICAL) that icalendar 7.3 reads as
#: "unknown", keeping their escapes (``A\\, B`` for "A, B"). read_calendar()
#: gives them as text, so that ``calendar.calendar_name`` is the programme's title.
_TEXT_ICALENDAR_MISREADS = ("NAME", "X-WR-CALNAME", "X-WR-CALDESC")
_ESCAPED = re.compile(r"\\([\\;,nN])")


def _unescape(value: str) -> str:
    """Undo TEXT escaping (RFC 5545 §3.3.11)."""
    return _ESCAPED.sub(lambda m: "\n" if m[1] in "nN" else m[1], value)


class ICalExporter(BaseExporter):
    """iCalendar (RFC 5545 with RFC 7986): ``calendar.ics`` and ``sessions/<id>.ics``."""

    name: ClassVar[str] = "ical"
    title: ClassVar[str] = "iCalendar"
    media_type: ClassVar[str] = MEDIA_TYPE
    filename: ClassVar[str] = _layout.CALENDAR
    aliases: ClassVar[tuple[str, ...]] = ("ics", "icalendar")

    def render(self, programme: Programme, context: Context) -> Rendering:
        """Write ``calendar.ics``, and one ``sessions/<id>.ics`` per dated session along the way.

        Sessions known only to the month, or not at all, are left out of both
        and reported; so are the control characters removed from texts.
        """
        removals = Removals(REMOVAL_REASON)
        main = OutputFile(
            path=self.filename,
            produce=functools.partial(self._calendar_and_sessions, programme, context, removals),
            media_type=self.media_type,
        )
        omitted = [
            Omitted(session=s.id, reason=_MONTH_ONLY if isinstance(s.when, Month) else _NOT_KNOWN)
            for s in programme.sessions
            if not _dated(s)
        ]

        return Rendering(
            files=[main],
            included=[s.id for s in programme.sessions if _dated(s)],
            omitted=omitted,
            later_notes=removals.notes,
        )

    def _calendar_and_sessions(
        self,
        programme: Programme,
        context: Context,
        removals: Removals,
    ) -> Iterator[bytes | OutputFile]:
        """``calendar.ics`` in pieces, each batch of events followed by their own ``.ics`` files."""
        removals.clear()  # counted afresh each time the file is made
        batches = calendar_batches(context.compose(programme), context.revisions, removals)
        for lines, events in batches:
            yield serialize(batch_lines(lines, events))
            for event in events:
                yield OutputFile(
                    path=_layout.session_calendar(event.session.id),
                    produce=functools.partial(_session_file, event),
                    media_type=self.media_type,
                )


def _session_file(event: CalendarEvent) -> tuple[bytes]:
    return (serialize(_assemble((), [event])),)
