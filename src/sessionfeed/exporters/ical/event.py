"""One session as an iCalendar event: its content, and its ``VEVENT`` lines.

What a session says in a calendar (:class:`EventContent`: times in their zone,
status, summary, the plain-text description, place, categories, revision) is
composed once, from the locale's words, and written as content lines by
:mod:`sessionfeed.exporters.ical.lines`; :mod:`sessionfeed.exporters.ical.exporter`
assembles the events into ``calendar.ics`` and each session's own file, and
:mod:`sessionfeed.exporters.jcal` writes the same content as jCal.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import zoneinfo
from typing import TYPE_CHECKING

import attrs

from sessionfeed.exporters.ical.lines import (
    content_line,
    format_date,
    format_local,
    format_utc,
    text_line,
    text_list,
)
from sessionfeed.model.chars import lf_line_ends
from sessionfeed.model.ids import session_uid
from sessionfeed.model.programme import AllDay, Status, Timed
from sessionfeed.model.revisions import Revision, Revisions
from sessionfeed.site import layout as _layout
from sessionfeed.words.compose import Composition, SessionBlock, block_text
from sessionfeed.words.vocabulary import Words


if TYPE_CHECKING:
    from sessionfeed.model.programme import Programme, Session


__all__ = [
    "EPOCH_YEAR",
    "MONTH_ONLY",
    "NOT_KNOWN",
    "ONE_DAY",
    "REMOVAL_REASON",
    "REMOVED",
    "UTC_ZONES",
    "CalendarEvent",
    "EventContent",
    "compose_content",
    "event_content",
    "event_status",
    "language_param",
    "make_event",
    "one_instant",
    "removed_controls",
    "timed_zone",
    "vevent_lines",
    "zone_key",
]

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

MONTH_ONLY = "only the month is known"
NOT_KNOWN = "the date is not known yet"

# What escape_text() and param_value() remove: control characters other than
# TAB and LF, once every line end is LF (a lone CR is a line end, not removed).
# Counted for the build summary; jCal removes them from its texts.
REMOVED = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
#: Why the calendar removes what it removes (the end of the build summary's note).
REMOVAL_REASON = "iCalendar (RFC 5545) cannot carry"
ONE_DAY = dt.timedelta(days=1)
EPOCH_YEAR = 1970


def removed_controls(value: str) -> list[str]:
    """The characters :func:`escape_text` (or :func:`param_value`) will drop from ``value``."""
    # Most text is printable but for its line ends: two quick scans tell.
    if value.isprintable() or value.replace("\n", "").isprintable():
        return []
    return REMOVED.findall(lf_line_ends(value))


def event_status(status: Status) -> str:
    """The iCalendar ``STATUS`` of a session (RFC 5545 §3.8.1.11).

    Cancelled is ``CANCELLED``; postponed (the date shown no longer holds, no new
    one is known) is ``TENTATIVE``; scheduled, rescheduled and moved online are
    ``CONFIRMED``.
    """
    return _STATUSES.get(status, "CONFIRMED")


_STATUSES = {Status.CANCELLED: "CANCELLED", Status.POSTPONED: "TENTATIVE"}


def zone_key(moment: dt.datetime) -> str | None:
    """The IANA name to write as ``TZID``, or ``None`` for the UTC ``Z`` form."""
    tz = moment.tzinfo
    key = tz.key if isinstance(tz, zoneinfo.ZoneInfo) else None
    if key is None or key in UTC_ZONES:
        return None
    return key


def one_instant(moment: dt.datetime) -> bool:
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
    following = dt.datetime.combine(day + ONE_DAY, dt.time(), tz)
    offsets = {moment.replace(fold=side).utcoffset() for moment in (midnight, following) for side in (0, 1)}
    return len(offsets) == 1


def timed_zone(when: Timed) -> str | None:
    """The ``TZID`` to write a session's times with, or ``None`` for UTC."""
    zone = zone_key(when.start)
    if zone is None or not (one_instant(when.start) and one_instant(when.end)):
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

    def removed_characters(self) -> list[str]:
        """Control characters the escapers drop from the texts and the join link's label, each as often."""
        texts = (self.summary, self.description, self.location, *self.categories)
        label = (self.conference[1],) if self.conference is not None else ()
        return [ch for text in (*texts, *label) for ch in removed_controls(text)]


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
        content, zone = self.content, self.zone
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
            lines.append(f"DTEND;VALUE=DATE:{format_date(when.end + ONE_DAY)}")
        elif zone is None:
            lines.append(f"DTSTART:{format_utc(when.start)}")
            lines.append(f"DTEND:{format_utc(when.end)}")
        else:
            tzid = {"TZID": zone}
            lines.append(content_line("DTSTART", format_local(when.start), tzid))
            lines.append(content_line("DTEND", format_local(when.end), tzid))
        lines.append(text_line("SUMMARY", content.summary, language_param(content.summary_lang)))
        lines.append(text_line("DESCRIPTION", content.description, language_param(content.description_lang)))
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
    return compose_content(Composition(programme, locale), session, revision)


def compose_content(composition: Composition, session: Session, revision: Revision) -> EventContent:
    """The event content of a dated session, from the locale's words of ``composition``."""
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


def language_param(lang: str | None) -> dict[str, str] | None:
    """The ``LANGUAGE`` parameter of a text in another language than the calendar's; ``None`` for none."""
    return {"LANGUAGE": lang} if lang else None


def make_event(content: EventContent) -> CalendarEvent:
    """A session's event: its content, and the zone its times are written in."""
    when = content.when
    return CalendarEvent(content=content, zone=timed_zone(when) if isinstance(when, Timed) else None)


def vevent_lines(
    programme: Programme,
    session: Session,
    locale: str,
    *,
    revision: Revision | None = None,
) -> list[str]:
    """The folded content lines of a session's ``VEVENT``, ``BEGIN`` to ``END``.

    The arguments and the error are :func:`event_content`'s.
    """
    return list(make_event(event_content(programme, session, locale, revision=revision)).lines)
