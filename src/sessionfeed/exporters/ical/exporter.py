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

import functools
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, ClassVar

from sessionfeed.exporters.base import BaseExporter, Context, Omitted, OutputFile, Rendering
from sessionfeed.exporters.ical.event import (
    MONTH_ONLY,
    NOT_KNOWN,
    REMOVAL_REASON,
    CalendarEvent,
    EventContent,
    compose_content,
    event_content,
    make_event,
)
from sessionfeed.exporters.ical.head import (
    PRODID,
    calendar_properties,
    dated,
    empty_calendar_zone,
    vtimezones,
)
from sessionfeed.exporters.ical.lines import serialize
from sessionfeed.exporters.ical.subcalendars import subcalendar_files
from sessionfeed.exporters.removals import Removals
from sessionfeed.exporters.spool import Spool
from sessionfeed.exporters.window import Keep, keeper, outside_reason
from sessionfeed.model.programme import Month
from sessionfeed.model.revisions import Revision, Revisions
from sessionfeed.site import layout as _layout
from sessionfeed.words.compose import Composition


if TYPE_CHECKING:
    import icalendar

    from sessionfeed.model.facets import Selection
    from sessionfeed.model.programme import Programme, Session


__all__ = ["ICalExporter", "build_calendar", "calendar_bytes", "session_calendar_bytes"]

MEDIA_TYPE = "text/calendar; charset=utf-8"


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
        compose_content(composition, session, revisions[session.id])
        for session in programme.sessions
        if dated(session)
    ]


def calendar_sessions(
    programme: Programme, context: Context | None, keep: Keep | None
) -> tuple[list[str], list[Omitted]]:
    """The ids of the sessions a calendar holds, and those it leaves out with the reason, for the summary.

    A calendar holds the sessions with a day or a time that the window
    ``keep`` keeps (:func:`~sessionfeed.exporters.window.keeper`).
    """
    included: list[str] = []
    omitted: list[Omitted] = []
    for session in programme.sessions:
        if not dated(session):
            reason = MONTH_ONLY if isinstance(session.when, Month) else NOT_KNOWN
            omitted.append(Omitted(session=session.id, reason=reason))
        elif keep is not None and not keep(session):
            omitted.append(Omitted(session=session.id, reason=outside_reason(programme, session, context)))
        else:
            included.append(session.id)
    return included, omitted


#: How many events are composed and written at a time: bounds a build's memory.
_BATCH = 256


def calendar_batches(
    composition: Composition,
    revisions: Revisions | None,
    removals: Removals | None,
    keep: Keep | None = None,
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
        keep: Which dated sessions the calendar holds (the programme's window,
            :func:`~sessionfeed.exporters.window.keeper`); every one when ``None``.
    """
    programme = composition.programme
    revisions = revisions if revisions is not None else Revisions.from_data(programme)
    locale = composition.locale
    head, removed = calendar_properties(
        programme,
        locale,
        programme.text(programme.title, locale),
        _layout.locale_url(programme, locale),
        _layout.file_url(programme, locale, _layout.CALENDAR),
    )
    if removals is not None:
        removals.add(removed)
    held = [session for session in programme.sessions if dated(session) and (keep is None or keep(session))]
    zones = vtimezones(held) if held else empty_calendar_zone(programme)
    yield ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", *head, *zones], []
    for start in range(0, len(held), _BATCH):
        events: list[CalendarEvent] = []
        for session in held[start : start + _BATCH]:
            content = compose_content(composition, session, revisions[session.id])
            if removals is not None:  # counted only for who asks: it scans every text
                removals.add(content.removed_characters(), session=session.id)
            events.append(make_event(content))
        yield [], events
    yield ["END:VCALENDAR"], []


def batch_lines(lines: Sequence[str], events: Iterable[CalendarEvent]) -> list[str]:
    """The content lines of a batch of :func:`calendar_batches`: its own, then its events'."""
    return [*lines, *(line for event in events for line in event.lines)]


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
    return serialize(calendar_lines(programme, locale, revisions=revisions))


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
    return _session_ics(make_event(event_content(programme, session, locale, revision=revision)))


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
        keep = keeper(programme, context)
        main = OutputFile(
            path=self.filename,
            produce=functools.partial(self._calendar_and_sessions, programme, context, removals, keep),
            media_type=self.media_type,
        )
        included, omitted = calendar_sessions(programme, context, keep)
        return Rendering(files=[main], included=included, omitted=omitted, later_notes=removals.notes)

    def _calendar_and_sessions(
        self,
        programme: Programme,
        context: Context,
        removals: Removals,
        keep: Keep | None,
    ) -> Iterator[bytes | OutputFile]:
        """``calendar.ics`` in pieces, each batch of events followed by their own ``.ics`` files.

        A session the window leaves out of the calendar still has its own
        file (its page links to it): those are written after the calendar.
        Then come the calendars of the facet values (``context.selections``,
        unless ``context.on_demand``), their events copied from a spool that
        took each event's bytes as ``calendar.ics`` got them.
        """
        removals.clear()  # counted afresh each time the file is made
        composition = context.compose(programme)
        chosen = () if context.on_demand else context.selections
        spool = Spool() if chosen else None
        try:
            for lines, events in calendar_batches(composition, context.revisions, removals, keep):
                parts = [serialize(lines)]
                for event in events:
                    parts.append(serialize(event.lines))
                    if spool is not None:
                        spool.put(event.session.id, parts[-1])
                yield b"".join(parts)
                for event in events:
                    yield self._session_file(event)
            if keep is not None:
                for session in programme.sessions:
                    if dated(session) and not keep(session):
                        content = compose_content(composition, session, context.revisions[session.id])
                        removals.add(content.removed_characters(), session=session.id)
                        yield self._session_file(make_event(content))
            if chosen:
                yield from subcalendar_files(
                    composition, context.revisions, keep, chosen, media_type=self.media_type, spool=spool
                )
        finally:
            if spool is not None:
                spool.close()

    def render_selection(
        self,
        programme: Programme,
        context: Context,
        selection: Selection,
    ) -> list[OutputFile]:
        """The calendar of one facet value, ``<facet>/<id>/calendar.ics``, its events composed here.

        The same bytes as a build writes (where its events are copied from ``calendar.ics``).
        """
        composition = context.compose(programme)
        files = subcalendar_files(
            composition,
            context.revisions,
            keeper(programme, context),
            (selection,),
            media_type=self.media_type,
        )
        return list(files)

    def _session_file(self, event: CalendarEvent) -> OutputFile:
        return OutputFile(
            path=_layout.session_calendar(event.session.id),
            produce=lambda: (_session_ics(event),),
            media_type=self.media_type,
        )


def _session_ics(event: CalendarEvent) -> bytes:
    """A session's own ``.ics``: a ``VCALENDAR`` with the session's ``VTIMEZONE`` and ``VEVENT`` only."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", *vtimezones([event.session])]
    return serialize([*lines, *event.lines, "END:VCALENDAR"])
