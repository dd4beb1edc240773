"""The calendar of each facet value: ``<facet>/<id>/calendar.ics`` (``people/maria-mora/calendar.ics``).

A tag's, person's, organisation's, language's or kind's calendar holds the
dated sessions of that value (:mod:`sessionfeed.model.facets`) that the whole
programme's ``calendar.ics`` holds (the same window), in the same order, each
event the very bytes it has there: the same ``UID``, ``SEQUENCE`` and
``DTSTAMP``, so that a subscriber to two calendars sees one event, not two.
Its own lines are its name ("Webinars — Maria Mora", from
:class:`~sessionfeed.words.facet_labels.FacetLabels`), its ``URL`` (the value's
page), its ``SOURCE`` (its own URL) and the ``VTIMEZONE`` components of its own
sessions.

In a build the events are copied from a :class:`~sessionfeed.exporters.spool.Spool`
that the writer of ``calendar.ics`` filled; an event the spool does not hold
(a calendar made alone, :func:`subcalendar_files` without a spool) is
composed here, with the same bytes.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from sessionfeed.exporters.base import OutputFile
from sessionfeed.exporters.ical.event import compose_content, make_event
from sessionfeed.exporters.ical.head import (
    PRODID,
    calendar_properties,
    dated,
    empty_calendar_zone,
    vtimezones,
)
from sessionfeed.exporters.ical.lines import serialize
from sessionfeed.model.text import Localized
from sessionfeed.site import layout as _layout
from sessionfeed.words.facet_labels import FacetLabels


if TYPE_CHECKING:
    from sessionfeed.exporters.spool import Spool
    from sessionfeed.exporters.window import Keep
    from sessionfeed.model.facets import Selection
    from sessionfeed.model.revisions import Revisions
    from sessionfeed.words.compose import Composition


__all__ = ["subcalendar_files"]

#: How many events are copied at a time.
_BATCH = 256


def subcalendar_files(
    composition: Composition,
    revisions: Revisions,
    keep: Keep | None,
    selections: Iterable[Selection],
    *,
    media_type: str,
    spool: Spool | None = None,
) -> Iterator[OutputFile]:
    """The calendar of each of ``selections``, each made as it is read.

    Args:
        composition: The words of the programme in the calendars' locale.
        revisions: SEQUENCE and modification times (the build's).
        keep: The programme's window (:func:`~sessionfeed.exporters.window.keeper`).
        selections: The facet values.
        media_type: The calendars' media type.
        spool: The events of ``calendar.ics`` by session id, copied as they are;
            an event it does not hold (or all, without one) is composed.
    """
    programme, locale = composition.programme, composition.locale
    labels = FacetLabels(programme, locale)
    # The VTIMEZONE of a calendar without events, as calendar.ics has when it has none.
    empty_zone = functools.cache(functools.partial(empty_calendar_zone, programme))

    def pieces(selection: Selection) -> Iterator[bytes]:
        """The calendar of ``selection``: its head, its events a batch at a time, its end."""
        sessions = [s for s in selection.sessions if dated(s) and (keep is None or keep(s))]
        facet, value = selection.facet, selection.id
        label = labels.label(facet, value)
        title = Localized(text=labels.title(facet, value), lang=label.lang)
        head, _removed = calendar_properties(
            programme,
            locale,
            title,
            _layout.facet_url(programme, locale, facet, value),
            _layout.facet_url(programme, locale, facet, value, _layout.CALENDAR),
        )
        zones = vtimezones(sessions) if sessions else empty_zone()
        yield serialize(["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", *head, *zones])
        for start in range(0, len(sessions), _BATCH):
            parts: list[bytes] = []
            for session in sessions[start : start + _BATCH]:
                data = spool.get(session.id) if spool is not None else None
                if data is None:
                    content = compose_content(composition, session, revisions[session.id])
                    data = serialize(make_event(content).lines)
                parts.append(data)
            yield b"".join(parts)
        yield serialize(["END:VCALENDAR"])

    for selection in selections:
        yield OutputFile(
            path=_layout.facet_folder(selection.facet, selection.id) + _layout.CALENDAR,
            produce=functools.partial(pieces, selection),
            media_type=media_type,
        )
