"""What a user writes instead of sessionfeed: their own words, from the model, on a peer library.

Each route takes a :class:`sessionfeed.Programme` (from ``sessionfeed.load``
or the benchmark's synthetic programme) and does what a user does after
reading the tutorial of icalendar, ics-py, vobject, feedgen, or ``json`` and
babel: it composes each session's text itself (title, description, the people
with their roles and organisations, the day and hours in words with babel,
the place, the links) and hands it to the library. No caching and no tricks:
each session's words are made where the route needs them, every time.

From sessionfeed these routes use the model alone (its classes and their
attributes and methods, such as ``Programme.text``); ``tests/test_bench.py``
checks that this module imports nothing else from sessionfeed. The
identifiers are a UUID5 of the programme and session ids, made here with
:mod:`uuid` as a user would; the namespace is sessionfeed's, so that the
content check (``_content.py``) can pair each peer's sessions with
sessionfeed's by UID.

The routes that hand a peer library sessionfeed's own composed words (to time
the serialisers alone) are in ``bench_ical.py`` and ``bench_feeds.py``, and
the JSON-LD route that rebuilds sessionfeed's own graph node for node is in
``bench_jsonld.py``.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import uuid
from typing import Any

from sessionfeed import AllDay, Month, Programme, Session, Status, Timed


__all__ = [
    "ROUTES",
    "feedgen_atom_route",
    "feedgen_route",
    "feedgen_rss_route",
    "icalendar_route",
    "ics_py_route",
    "jsonld_route",
    "session_uid",
    "vobject_route",
]

#: The namespace of the UUIDs: any fixed UUID does; this one is sessionfeed's,
#: so that a peer's calendar names each session as sessionfeed's does.
NAMESPACE = uuid.UUID("34ea6c04-21ed-5d57-979f-766796b7160e")
#: DTSTAMP and the feeds' dates when the programme does not say.
STAMP = dt.datetime(2026, 11, 20, 8, 0, tzinfo=dt.UTC)

#: The user's own words, per locale.
WORDS: dict[str, dict[str, str]] = {
    "nl": {
        "moderator": "Gespreksleider",
        "host": "Gastheer/gastvrouw",
        "speaker": "Spreker",
        "panellist": "Panellid",
        "interviewer": "Interviewer",
        "interviewee": "Geïnterviewde",
        "presenter": "Presentator",
        "trainer": "Trainer",
        "cancelled": "Geannuleerd",
        "unknown": "Datum volgt",
        "online": "Online",
        "organised": "Georganiseerd door",
        "topics": "Onderwerpen",
        "register": "Aanmelden",
        "join": "Deelnemen",
        "page": "Sessiepagina",
        "recording": "Opname",
    },
    "en": {
        "moderator": "Moderator",
        "host": "Host",
        "speaker": "Speaker",
        "panellist": "Panellist",
        "interviewer": "Interviewer",
        "interviewee": "Interviewee",
        "presenter": "Presenter",
        "trainer": "Trainer",
        "cancelled": "Cancelled",
        "unknown": "Date to be announced",
        "online": "Online",
        "organised": "Organised by",
        "topics": "Topics",
        "register": "Register",
        "join": "Join",
        "page": "Session page",
        "recording": "Recording",
    },
}


# ------------------------------------------------------------- the user's words


def session_uid(programme: Programme, session: Session) -> str:
    """The session's UID: a UUID5 of ``<programme id>/<session id>``."""
    return str(uuid.uuid5(NAMESPACE, f"{programme.id}/{session.id}"))


def session_url(programme: Programme, session: Session, locale: str) -> str:
    """The session's own page, or its anchor on the locale's page."""
    return session.links.page or f"{programme.base_url}{locale}/#{session.id}"


def title(programme: Programme, session: Session, locale: str) -> str:
    return programme.text(session.title, locale).text


def when_words(session: Session, locale: str) -> str:
    """The day and hours in words, with babel (``format_date``, ``format_interval``)."""
    from babel.dates import format_date, format_interval, get_timezone_name

    when = session.when
    if isinstance(when, Timed):
        day = format_date(when.start, format="full", locale=locale)
        hours = format_interval(when.start, when.end, "Hm", tzinfo=when.start.tzinfo, locale=locale)
        zone = get_timezone_name(when.start, locale=locale)
        return f"{day}, {hours} ({zone})"
    if isinstance(when, AllDay):
        if when.start == when.end:
            return format_date(when.start, format="full", locale=locale)
        return format_interval(when.start, when.end, "yMMMMd", locale=locale)
    if isinstance(when, Month):
        return format_date(dt.date(when.year, when.month, 1), format="MMMM y", locale=locale)
    return WORDS[locale]["unknown"]


def organisation(programme: Programme, org: Any, locale: str) -> str:
    name = programme.text(org.name, locale).text
    return f"{name} ({org.short_name})" if org.short_name else name


def people_lines(programme: Programme, session: Session, locale: str) -> list[str]:
    """``Role: Name (Organisation)``, one line a person, in the session's order."""
    words = WORDS[locale]
    lines = []
    for part in session.participants:
        person = part.person
        line = f"{words[part.role.value]}: {person.name}"
        if person.affiliation is not None:
            line += f" ({organisation(programme, person.affiliation, locale)})"
        lines.append(line)
    return lines


def place_words(session: Session, locale: str) -> str | None:
    """``Online (Zoom)``, the venue and its address, or both; ``None`` when not known."""
    location = session.location
    if location is None:
        return None
    parts = []
    if location.online is not None:
        platform = location.online.platform
        parts.append(f"{WORDS[locale]['online']} ({platform})" if platform else WORDS[locale]["online"])
    if location.venue is not None:
        venue = location.venue
        address = venue.address.parts() if venue.address is not None else ()
        parts.append(", ".join((venue.name, *address)))
    return " · ".join(parts)


def links(programme: Programme, session: Session, locale: str) -> list[tuple[str, str]]:
    """``(label, url)`` of registration, the join link, the recording and the session's page."""
    words = WORDS[locale]
    found = []
    if session.links.registration:
        found.append((words["register"], session.links.registration))
    location = session.location
    if location is not None and location.online is not None and location.online.url:
        found.append((words["join"], location.online.url))
    if session.recording is not None:
        found.append((words["recording"], session.recording.url))
    found.append((words["page"], session_url(programme, session, locale)))
    return found


def description(programme: Programme, session: Session, locale: str) -> str:
    """The session as plain text: when and where, the description, who, organisers, topics, links."""
    words = WORDS[locale]
    head = when_words(session, locale)
    place = place_words(session, locale)
    if place:
        head += f" · {place}"
    blocks = [head]
    if session.description is not None:
        blocks.append(programme.text(session.description, locale).text)
    people = people_lines(programme, session, locale)
    if people:
        blocks.append("\n".join(people))
    organisers = [organisation(programme, o, locale) for o in programme.organisers_of(session)]
    if organisers:
        blocks.append(f"{words['organised']}: {', '.join(organisers)}")
    tags = [programme.text(tag.label, locale).text for tag in session.tags]
    if tags:
        blocks.append(f"{words['topics']}: {', '.join(tags)}")
    blocks.append("\n".join(f"{label}: {url}" for label, url in links(programme, session, locale)))
    return "\n\n".join(blocks)


def description_html(programme: Programme, session: Session, locale: str) -> str:
    """The same as HTML: paragraphs, the people as a list, links as links."""
    esc = html.escape
    words = WORDS[locale]
    head = when_words(session, locale)
    place = place_words(session, locale)
    out = [f"<p>{esc(head)}{' · ' + esc(place) if place else ''}</p>"]
    if session.description is not None:
        text = programme.text(session.description, locale).text
        out.extend(f"<p>{esc(paragraph)}</p>" for paragraph in text.split("\n\n") if paragraph)
    people = people_lines(programme, session, locale)
    if people:
        out.append("<ul>" + "".join(f"<li>{esc(line)}</li>" for line in people) + "</ul>")
    organisers = [organisation(programme, o, locale) for o in programme.organisers_of(session)]
    if organisers:
        out.append(f"<p>{esc(words['organised'])}: {esc(', '.join(organisers))}</p>")
    tags = [programme.text(tag.label, locale).text for tag in session.tags]
    if tags:
        out.append(f"<p>{esc(words['topics'])}: {esc(', '.join(tags))}</p>")
    out.append(
        "<p>"
        + "<br>".join(
            f'<a href="{esc(url)}">{esc(label)}</a>' for label, url in links(programme, session, locale)
        )
        + "</p>"
    )
    return "".join(out)


def span(session: Session) -> tuple[Any, Any] | None:
    """Start and (exclusive) end for a calendar, or ``None`` for a session without a known day."""
    when = session.when
    if isinstance(when, Timed):
        return when.start, when.end
    if isinstance(when, AllDay):
        return when.start, when.end + dt.timedelta(days=1)
    return None


def status(session: Session) -> str:
    return "CANCELLED" if session.status is Status.CANCELLED else "CONFIRMED"


# ------------------------------------------------------------------ iCalendar


def icalendar_route(programme: Programme, locale: str = "nl") -> bytes:
    """icalendar: an ``Event`` per dated session, ``add_missing_timezones()``, ``to_ical()``."""
    import icalendar

    cal = icalendar.Calendar()
    cal.add("prodid", "-//Example//Programme//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", programme.text(programme.title, locale).text)
    for session in programme.sessions:
        when = span(session)
        if when is None:
            continue
        event = icalendar.Event()
        event.add("uid", session_uid(programme, session))
        event.add("dtstamp", session.updated or programme.updated or STAMP)
        event.add("dtstart", when[0])
        event.add("dtend", when[1])
        event.add("summary", title(programme, session, locale))
        event.add("description", description(programme, session, locale))
        place = place_words(session, locale)
        if place:
            event.add("location", place)
        event.add("url", session_url(programme, session, locale))
        event.add("status", status(session))
        if session.tags:
            event.add("categories", [programme.text(tag.label, locale).text for tag in session.tags])
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()


def ics_py_route(programme: Programme, locale: str = "nl") -> bytes:
    """ics-py 0.7: ``Calendar()``, ``Event(name=, begin=, end=, ...)``, ``serialize()``."""
    import ics

    cal = ics.Calendar()
    for session in programme.sessions:
        when = span(session)
        if when is None:
            continue
        event = ics.Event(
            name=title(programme, session, locale),
            begin=when[0],
            end=when[1],
            uid=session_uid(programme, session),
            description=description(programme, session, locale),
            location=place_words(session, locale),
            url=session_url(programme, session, locale),
            status=status(session),
            created=session.updated or programme.updated or STAMP,
            categories={programme.text(tag.label, locale).text for tag in session.tags},
        )
        if isinstance(session.when, AllDay):
            event.make_all_day()
        cal.events.add(event)
    return cal.serialize().encode("utf-8")


def vobject_route(programme: Programme, locale: str = "nl") -> bytes:
    """vobject (what pretalx uses): ``iCalendar()``, ``add('vevent')``, ``.value = ...``, ``serialize()``."""
    import vobject

    cal = vobject.iCalendar()
    cal.add("x-wr-calname").value = programme.text(programme.title, locale).text
    for session in programme.sessions:
        when = span(session)
        if when is None:
            continue
        event = cal.add("vevent")
        event.add("uid").value = session_uid(programme, session)
        stamp = session.updated or programme.updated or STAMP
        event.add("dtstamp").value = stamp.astimezone(dt.UTC).replace(tzinfo=vobject.icalendar.utc)
        event.add("dtstart").value = when[0]
        event.add("dtend").value = when[1]
        event.add("summary").value = title(programme, session, locale)
        event.add("description").value = description(programme, session, locale)
        place = place_words(session, locale)
        if place:
            event.add("location").value = place
        event.add("url").value = session_url(programme, session, locale)
        event.add("status").value = status(session)
        if session.tags:
            event.add("categories").value = [programme.text(tag.label, locale).text for tag in session.tags]
    return cal.serialize().encode("utf-8")


# ---------------------------------------------------------------------- feeds


def _feed(programme: Programme, locale: str) -> Any:
    """A ``FeedGenerator`` with an entry per session, the newest announced first.

    Each entry has the plain-text description and the HTML content, as
    sessionfeed's do.
    """
    from feedgen.feed import FeedGenerator

    words = WORDS[locale]
    base = f"{programme.base_url}{locale}/"
    name = programme.text(programme.title, locale).text
    fg = FeedGenerator()
    fg.id(uuid.uuid5(NAMESPACE, programme.id).urn)
    fg.title(name)
    fg.subtitle(programme.text(programme.intro, locale).text if programme.intro is not None else name)
    fg.link(href=base, rel="alternate")
    fg.link(href=f"{base}feed.atom", rel="self")
    fg.language(locale)
    fg.author([{"name": organisation(programme, o, locale)} for o in programme.organisers] or {"name": name})
    fg.updated(programme.updated or STAMP)
    newest_first = sorted(programme.sessions, key=lambda s: s.announced or STAMP, reverse=True)
    for session in newest_first:
        entry = fg.add_entry(order="append")
        urn = f"urn:uuid:{session_uid(programme, session)}"
        entry.id(urn)
        entry.guid(urn, permalink=False)
        heading = title(programme, session, locale)
        if session.status is Status.CANCELLED:
            heading = f"{words['cancelled']}: {heading}"
        entry.title(heading)
        entry.link(href=session_url(programme, session, locale))
        entry.description(description(programme, session, locale))
        entry.content(description_html(programme, session, locale), type="html")
        for org in programme.organisers_of(session):
            entry.author(name=organisation(programme, org, locale))
        for tag in session.tags:
            entry.category(term=tag.id, label=programme.text(tag.label, locale).text)
        published = session.announced or STAMP
        entry.published(published)
        entry.updated(session.updated or published)
        recording = session.recording
        if recording is not None and recording.media_type != "text/html":
            entry.enclosure(recording.url, str(recording.length or 0), recording.media_type or "video/mp4")
    return fg


def feedgen_route(programme: Programme, locale: str = "nl") -> tuple[bytes, bytes]:
    """feedgen: one ``FeedGenerator`` (:func:`_feed`), then ``rss_str()`` and ``atom_str()``."""
    fg = _feed(programme, locale)
    return fg.rss_str(pretty=True), fg.atom_str(pretty=True)


def feedgen_rss_route(programme: Programme, locale: str = "nl") -> bytes:
    """feedgen for the RSS feed alone."""
    return bytes(_feed(programme, locale).rss_str(pretty=True))


def feedgen_atom_route(programme: Programme, locale: str = "nl") -> bytes:
    """feedgen for the Atom feed alone."""
    return bytes(_feed(programme, locale).atom_str(pretty=True))


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


def _org(programme: Programme, org: Any, locale: str) -> dict[str, Any]:
    data = {"@type": "Organization", "name": programme.text(org.name, locale).text}
    if org.url:
        data["url"] = org.url
    return data


def _event(programme: Programme, session: Session, locale: str) -> dict[str, Any]:
    url = session_url(programme, session, locale)
    data: dict[str, Any] = {
        "@type": "Event",
        "@id": f"{programme.base_url}{locale}/#{session.id}",
        "name": title(programme, session, locale),
        "url": url,
        "inLanguage": session.language,
        "eventStatus": f"https://schema.org/{_STATUS[session.status]}",
    }
    if session.description is not None:
        data["description"] = programme.text(session.description, locale).text
    when = session.when
    if isinstance(when, Timed | AllDay):
        data["startDate"] = when.start.isoformat()
        data["endDate"] = when.end.isoformat()
    location = session.location
    if location is not None:
        data["eventAttendanceMode"] = f"https://schema.org/{_MODE[location.mode.value]}"
        places: list[dict[str, Any]] = []
        if location.online is not None:
            places.append({"@type": "VirtualLocation", "url": location.online.url or url})
        if location.venue is not None:
            place: dict[str, Any] = {"@type": "Place", "name": location.venue.name}
            address = location.venue.address
            if address is not None:
                place["address"] = {
                    "@type": "PostalAddress",
                    "streetAddress": address.street,
                    "postalCode": address.postal_code,
                    "addressLocality": address.locality,
                    "addressCountry": address.country,
                }
            places.append(place)
        data["location"] = places[0] if len(places) == 1 else places
    performers = []
    for part in session.participants:
        person: dict[str, Any] = {"@type": "Person", "name": part.person.name}
        if part.person.affiliation is not None:
            person["affiliation"] = _org(programme, part.person.affiliation, locale)
        performers.append(person)
    data["performer"] = performers
    data["organizer"] = [_org(programme, o, locale) for o in programme.organisers_of(session)]
    if programme.free:
        data["isAccessibleForFree"] = True
        offer: dict[str, Any] = {"@type": "Offer", "price": 0, "priceCurrency": programme.currency}
        if session.links.registration:
            offer["url"] = session.links.registration
        data["offers"] = offer
    if session.image or programme.image:
        data["image"] = session.image or programme.image
    return data


def _has_event(session: Session) -> bool:
    """What Google requires of an event, as a user who reads its guide checks it: a day and a place."""
    location = session.location
    if not isinstance(session.when, Timed | AllDay) or location is None:
        return False
    return location.venue is None or location.venue.address is not None


def jsonld_route(programme: Programme, locale: str = "nl") -> bytes:
    """``json.dumps`` of schema.org ``Event`` dicts written by hand, one per session Google accepts as one."""
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            _event(programme, session, locale) for session in programme.sessions if _has_event(session)
        ],
    }
    return json.dumps(graph, ensure_ascii=False).encode("utf-8")


#: name -> route(programme, locale)
ROUTES = {
    "icalendar": icalendar_route,
    "ics-py": ics_py_route,
    "vobject": vobject_route,
    "feedgen": feedgen_route,
    "jsonld": jsonld_route,
}
