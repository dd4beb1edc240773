"""jCal (RFC 7265): ``calendar.json``, the calendar as JSON for JavaScript clients.

It holds exactly the events of ``calendar.ics``: both are written from the
same batches of events (:func:`~sessionfeed.exporters.ical.calendar_batches`:
the same ``VTIMEZONE`` components, ``UID``, ``SEQUENCE``, ``DTSTAMP``, times
in their zones, ``STATUS``, texts and links), so the two can never say
different things, and month-only and undated sessions are left out of both,
for the same reason: a calendar event needs a day.

The file holds what icalendar's jCal writer makes of icalendar's reading of
the ``.ics`` lines, byte for byte. The calendar's head (its properties and
zones, once per file) goes that way; each event is written straight from its
values, as icalendar would write it, which costs a tenth as much. An event
with a text that icalendar's reading could change (a backslash, an unusual
parameter value) goes icalendar's way too, so the bytes stay icalendar's.

The file is written a batch of events at a time, each with
:func:`json.dumps`: memory holds one batch, whatever the size of the
programme, and the bytes are those of ``json.dumps`` of the whole calendar.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from sessionfeed.exporters.base import BaseExporter, Context, OutputFile, Rendering
from sessionfeed.exporters.ical.event import ONE_DAY, REMOVAL_REASON, REMOVED, CalendarEvent
from sessionfeed.exporters.ical.exporter import (
    batch_lines,
    calendar_batches,
    calendar_sessions,
    read_calendar,
)
from sessionfeed.exporters.removals import Removals
from sessionfeed.exporters.window import Keep, keeper
from sessionfeed.model.chars import lf_line_ends
from sessionfeed.model.programme import AllDay
from sessionfeed.words.compose import Composition, encode_pieces


if TYPE_CHECKING:
    from sessionfeed.model.programme import Programme
    from sessionfeed.model.revisions import Revisions


__all__ = ["JCalExporter", "jcal", "jcal_bytes"]

#: RFC 7265 §8.
MEDIA_TYPE = "application/calendar+json"
#: Properties of RFC 7986 that icalendar's writer types as ``unknown``: their value type is TEXT.
_TEXT_PROPERTIES = frozenset({"name", "color", "x-wr-calname", "x-wr-caldesc"})
#: Characters that make icalendar's reading of a parameter value more than the value itself
#: (quoting, RFC 6868, backslash and percent escapes, list and parameter separators).
_PARAM_SPECIAL = frozenset('^"\\%;:,=')
_DATE = "%Y-%m-%d"
_DATE_TIME = "%Y-%m-%dT%H:%M:%S"
_PADDED_YEAR = 1000


def _typed(component: list[Any]) -> list[Any]:
    """Give the TEXT properties of RFC 7986 their type (``text``), in a component and its children."""
    name, properties, children = component
    fixed = [
        [p[0], p[1], "text", *p[3:]] if p[0] in _TEXT_PROPERTIES and p[2] == "unknown" else p
        for p in properties
    ]
    return [name, fixed, [_typed(child) for child in children]]


def _encode(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _text(value: str) -> str:
    """A TEXT value as the calendar carries it: line ends as LF, control characters removed."""
    value = lf_line_ends(value)
    if value.isprintable() or value.replace("\n", "").isprintable():
        return value
    return REMOVED.sub("", value)


def _plain_param(value: str) -> bool:
    """Whether icalendar reads the parameter value back as itself."""
    return bool(value) and value.isprintable() and value == value.strip() and _PARAM_SPECIAL.isdisjoint(value)


def _plain_uri(value: str) -> bool:
    """Whether icalendar reads the URI back as itself."""
    return value.isprintable() and "\\" not in value


def _direct(event: CalendarEvent) -> bool:
    """Whether :func:`_properties` gives what icalendar reads in the event's lines.

    TEXT without a backslash reads back as itself; so do printable URIs
    without one and parameter values without characters that are escaped,
    quoted or separated.
    """
    content = event.content
    texts = (content.summary, content.description, content.location, *content.categories)
    if any("\\" in text for text in texts):
        return False
    params = [lang for lang in (content.summary_lang, content.description_lang) if lang]
    uris = [content.url]
    if content.conference is not None:
        uris.append(content.conference[0])
        params.append(content.conference[1])
    if content.attachment is not None:
        uris.append(content.attachment[0])
        params.extend(media for media in content.attachment[1:] if media)
    if content.image:
        uris.append(content.image)
    return all(map(_plain_param, params)) and all(map(_plain_uri, uris))


def _wall(moment: dt.datetime) -> str:
    """``YYYY-MM-DDTHH:MM:SS`` as icalendar writes it (``strftime``, which pads no year before 1000)."""
    return moment.isoformat()[:19] if moment.year >= _PADDED_YEAR else moment.strftime(_DATE_TIME)


def _utc(moment: dt.datetime) -> str:
    return _wall(moment.astimezone(dt.UTC)) + "Z"


def _lang(lang: str | None) -> dict[str, str]:
    return {"language": lang} if lang else {}


def _properties(event: CalendarEvent) -> list[list[Any]]:
    """The jCal properties of an event, in the order of its ``.ics`` lines (:attr:`CalendarEvent.lines`)."""
    content = event.content
    stamp = _utc(content.modified)
    properties: list[list[Any]] = [
        ["uid", {}, "text", content.uid],
        ["dtstamp", {}, "date-time", stamp],
        ["last-modified", {}, "date-time", stamp],
        ["sequence", {}, "integer", content.sequence],
    ]
    when = content.when
    if isinstance(when, AllDay):
        properties.append(["dtstart", {}, "date", when.start.strftime(_DATE)])
        properties.append(["dtend", {}, "date", (when.end + ONE_DAY).strftime(_DATE)])
    elif event.zone is None:
        properties.append(["dtstart", {}, "date-time", _utc(when.start)])
        properties.append(["dtend", {}, "date-time", _utc(when.end)])
    else:
        tzid = {"tzid": event.zone}
        properties.append(["dtstart", tzid, "date-time", _wall(when.start)])
        properties.append(["dtend", dict(tzid), "date-time", _wall(when.end)])
    properties.append(["summary", _lang(content.summary_lang), "text", _text(content.summary)])
    properties.append(["description", _lang(content.description_lang), "text", _text(content.description)])
    if content.location:
        properties.append(["location", {}, "text", _text(content.location)])
    properties.append(["url", {}, "uri", content.url])
    properties.append(["status", {}, "text", content.status])
    if content.categories:
        properties.append(["categories", {}, "text", *map(_text, content.categories)])
    if content.conference is not None:
        url, label = content.conference
        properties.append(["conference", {"feature": "VIDEO", "label": label}, "uri", url])
    if content.attachment is not None:
        url, media_type = content.attachment
        properties.append(["attach", {"fmttype": media_type} if media_type else {}, "uri", url])
    if content.image:
        properties.append(["image", {"display": "BADGE"}, "uri", content.image])
    return properties


def _events(events: Sequence[CalendarEvent], zone_lines: Sequence[str]) -> Iterator[str]:
    """The jCal text of each event of a batch, in order."""
    direct = [_direct(event) for event in events]
    read: Iterator[Any] = iter(())
    if not all(direct):
        # Read with the calendar's zones, as the whole file would be; only the events are written.
        lines = batch_lines(
            zone_lines, [event for event, plain in zip(events, direct, strict=True) if not plain]
        )
        read = iter(read_calendar(["BEGIN:VCALENDAR", *lines, "END:VCALENDAR"]).walk("VEVENT"))
    for event, plain in zip(events, direct, strict=True):
        yield _encode(["vevent", _properties(event), []] if plain else _typed(next(read).to_jcal()))


def _pieces(
    composition: Composition, revisions: Revisions | None, removals: Removals | None, keep: Keep | None
) -> Iterator[str]:
    """The text of ``calendar.json``: the calendar's properties and zones, then each event, then the end.

    What the calendar's lines leave out of the texts is recorded in ``removals``.
    """
    batches = calendar_batches(composition, revisions, removals, keep)
    head, _ = next(batches)  # the calendar's properties and VTIMEZONEs
    name, properties, zones = _typed(read_calendar([*head, "END:VCALENDAR"]).to_jcal())
    zone_lines = head[head.index("BEGIN:VTIMEZONE") :] if "BEGIN:VTIMEZONE" in head else []
    yield f"[{_encode(name)},{_encode(properties)},["
    before = ""
    for zone in zones:
        yield before + _encode(zone)
        before = ","
    for _, events in batches:
        for event in _events(events, zone_lines):
            yield before + event
            before = ","
    yield "]]\n"


def jcal_chunks(programme: Programme, locale: str, *, revisions: Revisions | None = None) -> Iterator[bytes]:
    """``calendar.json`` for ``locale`` in pieces of about 64 K: a batch of events at a time is in memory.

    Args:
        programme: The programme.
        locale: One of its locales.
        revisions: SEQUENCE and modification times (a build's); as the data
            states them when ``None``.
    """
    return _chunks(Composition(programme, locale), revisions, None, None)


def _chunks(
    composition: Composition, revisions: Revisions | None, removals: Removals | None, keep: Keep | None
) -> Iterator[bytes]:
    if removals is not None:
        removals.clear()  # counted afresh each time the file is made
    return encode_pieces(_pieces(composition, revisions, removals, keep))


def jcal(programme: Programme, locale: str, *, revisions: Revisions | None = None) -> list[Any]:
    """The calendar of ``locale`` as a jCal value (a JSON array), from the same calendar as ``calendar.ics``.

    The whole value in memory, for a small programme or a test: a build
    streams the file (:func:`jcal_chunks`).

    Args:
        programme: The programme.
        locale: One of its locales.
        revisions: SEQUENCE and modification times (a build's); as the data
            states them when ``None``.
    """
    value: list[Any] = json.loads(jcal_bytes(programme, locale, revisions=revisions))
    return value


def jcal_bytes(programme: Programme, locale: str, *, revisions: Revisions | None = None) -> bytes:
    """``calendar.json`` for ``locale``: UTF-8 JSON, one line, ending in a line break."""
    return b"".join(jcal_chunks(programme, locale, revisions=revisions))


class JCalExporter(BaseExporter):
    """jCal (RFC 7265): ``calendar.json``, the events of ``calendar.ics`` as JSON."""

    name: ClassVar[str] = "jcal"
    title: ClassVar[str] = "jCal"
    media_type: ClassVar[str] = MEDIA_TYPE
    filename: ClassVar[str] = "calendar.json"

    def render(self, programme: Programme, context: Context) -> Rendering:
        """Write ``calendar.json``; month-only and undated sessions are left out, as in ``calendar.ics``.

        The characters the calendar cannot carry, removed from its texts, are reported once it is written.
        """
        keep = keeper(programme, context)
        dated, omitted = calendar_sessions(programme, context, keep)
        removals = Removals(REMOVAL_REASON)
        produce = functools.partial(_chunks, context.compose(programme), context.revisions, removals, keep)
        return Rendering(
            files=[OutputFile(path=self.filename, produce=produce, media_type=self.media_type)],
            included=dated,
            omitted=omitted,
            later_notes=removals.notes,
        )
