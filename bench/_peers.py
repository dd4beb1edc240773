"""The routes a user would hand-roll instead of sessionfeed, written straightforwardly.

Every route writes the same content for a locale as sessionfeed does: the
same sessions (those with a known day for calendars), the same UIDs / ids,
titles, descriptions (with the moderators, speakers and their organisations
appended, as sessionfeed's texts have them), start and end with their
``TZID``, location, link and status. They are what a user would write after
reading each library's tutorial: no caching, no tricks.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sessionfeed._ids import programme_uuid, session_uid
from sessionfeed._model import AllDay, Month, Status, Timed


__all__ = ["ROUTES"]

_STAMP = dt.datetime(2026, 11, 20, 8, 0, tzinfo=dt.UTC)
_ROLE_LABEL = {
    "nl": {
        "moderator": "Gespreksleider",
        "speaker": "Spreker",
        "panellist": "Panellid",
        "presenter": "Presentator",
        "interviewee": "Geïnterviewde",
    },
    "en": {
        "moderator": "Moderator",
        "speaker": "Speaker",
        "panellist": "Panellist",
        "presenter": "Presenter",
        "interviewee": "Interviewee",
    },
}


def _text(programme: Any, value: Any, locale: str) -> str:
    return "" if value is None else programme.text(value, locale).text


def _people(programme: Any, session: Any, locale: str) -> list[str]:
    lines = []
    for part in session.participants:
        label = _ROLE_LABEL[locale].get(part.role.value, part.role.value)
        org = part.person.affiliation
        suffix = f" ({_text(programme, org.name, locale)})" if org is not None else ""
        lines.append(f"{label}: {part.person.name}{suffix}")
    return lines


def _description(programme: Any, session: Any, locale: str) -> str:
    body = _text(programme, session.description, locale)
    return "\n\n".join([body, "\n".join(_people(programme, session, locale))])


def _location(session: Any) -> str | None:
    location = session.location
    if location is None:
        return None
    parts = []
    if location.venue is not None:
        parts.append(
            ", ".join(
                (location.venue.name, *(location.venue.address.parts() if location.venue.address else ()))
            )
        )
    if location.online is not None:
        parts.append(location.online.url or "online")
    return " / ".join(parts)


def _url(programme: Any, session: Any, locale: str) -> str:
    return session.links.page or f"{programme.base_url}{locale}/#{session.id}"


def _span(session: Any) -> tuple[Any, Any] | None:
    """Start and (exclusive) end, or ``None`` for sessions without a known day."""
    when = session.when
    if isinstance(when, Timed):
        return when.start, when.end
    if isinstance(when, AllDay):
        return when.start, when.end + dt.timedelta(days=1)
    return None


# ------------------------------------------------------------------ iCalendar


def icalendar_route(programme: Any, locale: str = "nl") -> bytes:
    """icalendar: an ``Event`` per session, ``add_missing_timezones()``, ``to_ical()``."""
    import icalendar

    cal = icalendar.Calendar()
    cal.add("prodid", "-//hand-rolled//icalendar//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", _text(programme, programme.title, locale))
    for session in programme.sessions:
        span = _span(session)
        if span is None:
            continue
        event = icalendar.Event()
        event.add("uid", session_uid(programme, session))
        event.add("dtstamp", _STAMP)
        event.add("dtstart", span[0])
        event.add("dtend", span[1])
        event.add("summary", _text(programme, session.title, locale))
        event.add("description", _description(programme, session, locale))
        location = _location(session)
        if location:
            event.add("location", location)
        event.add("url", _url(programme, session, locale))
        event.add("status", "CANCELLED" if session.status is Status.CANCELLED else "CONFIRMED")
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()


def ics_py_route(programme: Any, locale: str = "nl") -> bytes:
    """ics-py 0.7: ``Calendar()``, ``Event(name=, begin=, end=, ...)``, ``str(calendar)``."""
    import ics

    cal = ics.Calendar()
    for session in programme.sessions:
        span = _span(session)
        if span is None:
            continue
        event = ics.Event(
            name=_text(programme, session.title, locale),
            begin=span[0],
            end=span[1],
            uid=session_uid(programme, session),
            description=_description(programme, session, locale),
            location=_location(session),
            url=_url(programme, session, locale),
            status="CANCELLED" if session.status is Status.CANCELLED else "CONFIRMED",
            created=_STAMP,
        )
        if isinstance(session.when, AllDay):
            event.make_all_day()
        cal.events.add(event)
    return str(cal).encode("utf-8")


def vobject_route(programme: Any, locale: str = "nl") -> bytes:
    """vobject (what pretalx uses): ``iCalendar()``, ``add('vevent')``, ``serialize()``."""
    import vobject

    cal = vobject.iCalendar()
    cal.add("x-wr-calname").value = _text(programme, programme.title, locale)
    for session in programme.sessions:
        span = _span(session)
        if span is None:
            continue
        event = cal.add("vevent")
        event.add("uid").value = session_uid(programme, session)
        event.add("dtstamp").value = _STAMP.replace(tzinfo=vobject.icalendar.utc)
        event.add("dtstart").value = span[0]
        event.add("dtend").value = span[1]
        event.add("summary").value = _text(programme, session.title, locale)
        event.add("description").value = _description(programme, session, locale)
        location = _location(session)
        if location:
            event.add("location").value = location
        event.add("url").value = _url(programme, session, locale)
        event.add("status").value = "CANCELLED" if session.status is Status.CANCELLED else "CONFIRMED"
    return cal.serialize().encode("utf-8")


# ---------------------------------------------------------------------- feeds


def _html(programme: Any, session: Any, locale: str) -> str:
    """The description as HTML: paragraphs, then the people as a list."""
    import html

    body = _text(programme, session.description, locale)
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in body.split("\n\n") if p)
    people = "".join(f"<li>{html.escape(line)}</li>" for line in _people(programme, session, locale))
    when = session.when
    span = ""
    if isinstance(when, Timed | AllDay):
        span = f"<p><time>{when.start.isoformat()}</time> - <time>{when.end.isoformat()}</time></p>"
    return f"{span}{paragraphs}<ul>{people}</ul>"


def feedgen_route(programme: Any, locale: str = "nl") -> tuple[bytes, bytes]:
    """feedgen: a ``FeedGenerator`` with an entry per session, ``rss_str()`` and ``atom_str()``.

    Each entry has the plain-text description and the HTML content, as sessionfeed's do.
    """
    from feedgen.feed import FeedGenerator

    base = f"{programme.base_url}{locale}/"
    fg = FeedGenerator()
    fg.id(programme_uuid(programme).urn)
    fg.title(_text(programme, programme.title, locale))
    fg.subtitle(_text(programme, programme.intro, locale) or "-")
    fg.link(href=base, rel="alternate")
    fg.link(href=f"{base}feed.atom", rel="self")
    fg.language(locale)
    fg.updated(programme.updated or _STAMP)
    for session in programme.sessions:
        entry = fg.add_entry(order="append")
        entry.id(f"urn:uuid:{session_uid(programme, session)}")
        entry.guid(f"urn:uuid:{session_uid(programme, session)}", permalink=False)
        entry.title(_text(programme, session.title, locale))
        entry.link(href=_url(programme, session, locale))
        entry.description(_description(programme, session, locale))
        entry.content(_html(programme, session, locale), type="html")
        for part in session.participants:
            entry.author(name=part.person.name)
        for tag in session.tags:
            entry.category(term=tag.id, label=_text(programme, tag.label, locale))
        published = session.announced or _STAMP
        entry.published(published)
        entry.updated(session.updated or published)
    return fg.rss_str(pretty=False), fg.atom_str(pretty=False)


# -------------------------------------------------------------------- JSON-LD

_STATUS = {
    Status.SCHEDULED: "EventScheduled",
    Status.CANCELLED: "EventCancelled",
    Status.POSTPONED: "EventPostponed",
    Status.RESCHEDULED: "EventRescheduled",
    Status.MOVED_ONLINE: "EventMovedOnline",
}
_MODE = {
    "online": "OnlineEventAttendanceMode",
    "in-person": "OfflineEventAttendanceMode",
    "hybrid": "MixedEventAttendanceMode",
}


def _org(programme: Any, org: Any, locale: str) -> dict[str, Any]:
    data = {"@type": "Organization", "name": _text(programme, org.name, locale)}
    if org.url:
        data["url"] = org.url
    return data


def _event_dict(programme: Any, session: Any, locale: str) -> dict[str, Any]:
    url = _url(programme, session, locale)
    data: dict[str, Any] = {
        "@type": "Event",
        "@id": f"urn:uuid:{session_uid(programme, session)}",
        "name": _text(programme, session.title, locale),
        "description": _text(programme, session.description, locale),
        "url": url,
        "inLanguage": session.language,
        "eventStatus": f"https://schema.org/{_STATUS[session.status]}",
    }
    when = session.when
    if isinstance(when, Timed | AllDay):
        data["startDate"] = when.start.isoformat()
        data["endDate"] = when.end.isoformat()
    elif isinstance(when, Month):
        data["startDate"] = when.iso()
    if session.location is not None:
        data["eventAttendanceMode"] = f"https://schema.org/{_MODE[session.location.mode.value]}"
        places: list[dict[str, Any]] = []
        if session.location.online is not None:
            places.append({"@type": "VirtualLocation", "url": session.location.online.url or url})
        venue = session.location.venue
        if venue is not None:
            place: dict[str, Any] = {"@type": "Place", "name": venue.name}
            if venue.address is not None:
                a = venue.address
                place["address"] = {
                    "@type": "PostalAddress",
                    "streetAddress": a.street,
                    "postalCode": a.postal_code,
                    "addressLocality": a.locality,
                    "addressCountry": a.country,
                }
            places.append(place)
        data["location"] = places[0] if len(places) == 1 else places
    data["performer"] = [
        {
            "@type": "Person",
            "name": part.person.name,
            **(
                {"affiliation": _org(programme, part.person.affiliation, locale)}
                if part.person.affiliation is not None
                else {}
            ),
        }
        for part in session.participants
    ]
    data["organizer"] = [_org(programme, o, locale) for o in programme.organisers_of(session)]
    if programme.free:
        data["isAccessibleForFree"] = True
    return data


def handbuilt_jsonld_route(programme: Any, locale: str = "nl") -> bytes:
    """``json.dumps`` of equivalent hand-built schema.org dicts."""
    graph = {
        "@context": "https://schema.org",
        "@graph": [_event_dict(programme, s, locale) for s in programme.sessions],
    }
    return json.dumps(graph, ensure_ascii=False).encode("utf-8")


ROUTES = {
    "icalendar": icalendar_route,
    "ics-py": ics_py_route,
    "vobject": vobject_route,
    "feedgen": feedgen_route,
    "handbuilt": handbuilt_jsonld_route,
}
