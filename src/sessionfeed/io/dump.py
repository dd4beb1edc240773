"""Turn a :class:`Programme` back into the dict shape that programme files use.

The result holds only JSON types (dates and times as ISO 8601 text, with the
UTC offset so that an hour repeated by a DST change stays unambiguous), and
``from_dict(to_dict(p)) == p`` for every programme (``sessionfeed.from_dict``
and ``sessionfeed.to_dict``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from sessionfeed._arguments import check_programme
from sessionfeed.model.facets import Facet
from sessionfeed.model.programme import (
    AllDay,
    Location,
    Month,
    Organisation,
    Person,
    Programme,
    Recording,
    Role,
    Session,
    Timed,
    When,
)
from sessionfeed.model.text import LocalizedText
from sessionfeed.model.timeline import Window


__all__ = ["format_duration", "to_dict"]


def format_duration(value: dt.timedelta) -> str:
    """Format a positive duration as ISO 8601, e.g. ``PT1H30M``, ``P2DT3H`` or ``PT0.25S``."""
    micro = value // dt.timedelta(microseconds=1)
    seconds, micro = divmod(micro, 1_000_000)
    days, seconds = divmod(seconds, 86400)
    hours, seconds = divmod(seconds, 3600)
    minutes, seconds = divmod(seconds, 60)
    second = f"{seconds}.{micro:06d}".rstrip("0") if micro else str(seconds)
    parts = ((str(hours), hours, "H"), (str(minutes), minutes, "M"), (second, seconds or micro, "S"))
    time = "".join(f"{text}{unit}" for text, amount, unit in parts if amount)
    return "P" + (f"{days}D" if days else "") + (f"T{time}" if time else "")


def _text(value: LocalizedText | None) -> dict[str, str] | None:
    return None if value is None else value.as_dict()


def _prune(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v is not None and v not in ([], {})}


def _when(when: When) -> Any:
    if isinstance(when, Timed):
        return {
            "start": when.start.isoformat(),
            "end": when.end.isoformat(),
            "timezone": when.timezone,
        }
    if isinstance(when, AllDay):
        if when.start == when.end:
            return when.start.isoformat()
        return {"start": when.start.isoformat(), "end": when.end.isoformat()}
    if isinstance(when, Month):
        return when.iso()
    return None


def _location(location: Location | None) -> dict[str, Any] | None:
    if location is None:
        return None
    out: dict[str, Any] = {}
    if location.online is not None:
        out["online"] = _prune(attrs.asdict(location.online)) or True
    if location.venue is not None:
        venue = location.venue
        address = None if venue.address is None else _prune(attrs.asdict(venue.address))
        out["venue"] = _prune({"name": venue.name, "address": address, "url": venue.url})
    return out


def _recording(recording: Recording | None) -> dict[str, Any] | None:
    if recording is None:
        return None
    duration, published = recording.duration, recording.published
    return _prune(
        {
            **attrs.asdict(recording),
            "duration": None if duration is None else format_duration(duration),
            "published": None if published is None else published.isoformat(),
        },
    )


def _session(session: Session) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": session.id,
        "kind": session.kind,
        "title": _text(session.title),
        "language": session.language,
        "when": _when(session.when),
        "description": _text(session.description),
        "location": _location(session.location),
        "status": session.status.value if session.status.value != "scheduled" else None,
        "previous_start": None if session.previous_start is None else session.previous_start.isoformat(),
        "organisers": [o.id for o in session.organisers],
        "supporters": [o.id for o in session.supporters],
    }
    for role in Role:
        data[role.plural] = [p.id for p in session.people_in(role)]
    data |= {
        "tags": [t.id for t in session.tags],
        "links": _prune(attrs.asdict(session.links)),
        "recording": _recording(session.recording),
        "image": session.image,
        "announced": None if session.announced is None else session.announced.isoformat(),
        "updated": None if session.updated is None else session.updated.isoformat(),
        "sequence": session.sequence or None,
    }
    return _prune(data)


def _organisation(org: Organisation) -> dict[str, Any]:
    return _prune(
        {
            "name": _text(org.name),
            "short_name": org.short_name,
            "url": org.url,
            "parent": None if org.parent is None else org.parent.id,
        },
    )


def _person(person: Person) -> dict[str, Any]:
    return _prune(
        {
            "name": person.name,
            "affiliation": None if person.affiliation is None else person.affiliation.id,
            "url": person.url,
            "job_title": _text(person.job_title),
            "same_as": list(person.same_as),
        },
    )


def _window(window: Window) -> dict[str, str] | None:
    """The window as a file writes it: each span a duration, ``"none"`` for no past; all is left out."""
    spans = {"past": window.past, "upcoming": window.upcoming}
    written = {
        name: "none" if span == dt.timedelta(0) else format_duration(span)
        for name, span in spans.items()
        if span is not None
    }
    return written or None


def to_dict(programme: Programme) -> dict[str, Any]:
    """Return the programme as a dict in the shape of a programme file (JSON types only).

    Reading the dict back with :func:`sessionfeed.from_dict` gives the same programme.

    Raises:
        ArgumentError: ``programme`` is not a :class:`Programme`.
    """
    check_programme(programme)
    # Every facet is the default; none is an empty list, which is kept.
    facets = None if programme.facets == tuple(Facet) else [str(facet) for facet in programme.facets]
    contact = None if programme.contact is None else _prune(attrs.asdict(programme.contact))
    return {
        **_prune(
            {
                "id": programme.id,
                "title": _text(programme.title),
                "intro": _text(programme.intro),
                "base_url": programme.base_url,
                "locales": list(programme.locales),
                "untranslated_locales": list(programme.untranslated_locales),
                "timezone": programme.timezone,
                "organisers": [o.id for o in programme.organisers],
                "image": programme.image,
                "contact": contact,
                "free": programme.free,
                "currency": programme.currency,
                "color": programme.color,
                "updated": None if programme.updated is None else programme.updated.isoformat(),
                "refresh": format_duration(programme.refresh),
                "templates": programme.templates,
                "window": _window(programme.window),
            }
        ),
        **({} if facets is None else {"facets": facets}),
        **_prune(
            {
                "organisations": {o.id: _organisation(o) for o in programme.organisations},
                "people": {p.id: _person(p) for p in programme.people},
                "tags": {t.id: {"label": _text(t.label)} for t in programme.tags},
                "kinds": {k.id: {"label": _text(k.label)} for k in programme.kinds},
                "sessions": [_session(s) for s in programme.sessions],
            }
        ),
    }
