"""A session as a schema.org ``Event``, when it can be one that search engines accept.

Google's event markup requires a ``name``, a ``startDate`` that is a day or a
date and time, and a ``location`` that is a ``Place`` with an ``address`` or a
``VirtualLocation`` with a ``url``. A session that cannot give these (known
only by its month, with no date yet, with no location, at a venue without an
address) gets no ``Event``: :func:`no_event_reason` says why, the build
summary counts them and ``sessionfeed check`` names the field to add. Its
recording, when it has one, is still described (``jsonld_media``).
``docs/jsonld.md`` gives every property and the reasons behind each choice.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sessionfeed.exporters.jsonld_nodes import (
    SCHEMA,
    Node,
    Refs,
    event_id,
    one_or_many,
    recording_id,
    ref,
)
from sessionfeed.model.programme import AllDay, AttendanceMode, Month, Status, Timed, Unknown
from sessionfeed.site import layout as _layout
from sessionfeed.words.compose import machine_datetime


if TYPE_CHECKING:
    from sessionfeed.model.programme import Location, Online, Programme, Session, Venue


__all__ = [
    "ATTENDANCE_MODES",
    "EDUCATION_KINDS",
    "EVENT_STATUSES",
    "event_node",
    "event_type",
    "no_event_reason",
    "virtual_location_url",
]

#: ``eventStatus`` per status; always written, since "scheduled" is a fact too.
EVENT_STATUSES: dict[Status, str] = {
    Status.SCHEDULED: SCHEMA + "EventScheduled",
    Status.CANCELLED: SCHEMA + "EventCancelled",
    Status.POSTPONED: SCHEMA + "EventPostponed",
    Status.RESCHEDULED: SCHEMA + "EventRescheduled",
    Status.MOVED_ONLINE: SCHEMA + "EventMovedOnline",
}

#: ``eventAttendanceMode`` per attendance mode.
ATTENDANCE_MODES: dict[AttendanceMode, str] = {
    AttendanceMode.ONLINE: SCHEMA + "OnlineEventAttendanceMode",
    AttendanceMode.IN_PERSON: SCHEMA + "OfflineEventAttendanceMode",
    AttendanceMode.HYBRID: SCHEMA + "MixedEventAttendanceMode",
}

#: Kinds that are teaching events, typed ``EducationEvent``. schema.org has no
#: type for a webinar, talk, panel or interview (``Event`` is the honest type
#: for those), and none for a conference or a meeting that would say more than
#: ``Event`` does; a kind a programme declares is an ``Event`` too.
EDUCATION_KINDS: frozenset[str] = frozenset(
    {"workshop", "course", "masterclass", "lecture", "seminar"},
)


def event_type(kind: str) -> str:
    """The schema.org type of a session of ``kind``: ``EducationEvent`` or ``Event``."""
    return "EducationEvent" if kind in EDUCATION_KINDS else "Event"


def no_event_reason(session: Session) -> str | None:
    """Why ``session`` gets no ``Event`` (what Google would reject), or ``None`` when it gets one."""
    if isinstance(session.when, Month):
        return "only the month is known"
    if isinstance(session.when, Unknown):
        return "no date"
    location = session.location
    if location is None:
        return "no location"
    if location.venue is not None and location.venue.address is None:
        return "the venue has no address"
    return None


# -------------------------------------------------------------------- dates


def _add_when(node: Node, session: Session) -> None:
    """``startDate``, ``endDate``, ``previousStartDate`` (only when rescheduled) and ``eventStatus``."""
    when, previous = session.when, session.previous_start
    # As precise as known and never more.
    if isinstance(when, Timed):
        node["startDate"], node["endDate"] = machine_datetime(when.start), machine_datetime(when.end)
    elif isinstance(when, AllDay):
        node["startDate"], node["endDate"] = when.start.isoformat(), when.end.isoformat()
    if session.status is Status.RESCHEDULED and previous is not None:
        node["previousStartDate"] = (
            machine_datetime(previous) if isinstance(previous, dt.datetime) else previous.isoformat()
        )
    node["eventStatus"] = EVENT_STATUSES[session.status]


# ------------------------------------------------------------------ location


def virtual_location_url(programme: Programme, session: Session, locale: str, online: Online) -> str:
    """Where a person learns how to join: the join URL, else the registration link, else the session page."""
    return online.url or session.links.registration or _layout.session_url(programme, session, locale)


def _place(venue: Venue) -> Node:
    node: Node = {"@type": "Place", "name": venue.name}
    address = venue.address
    if address is not None:
        postal: Node = {"@type": "PostalAddress"}
        for key, value in (
            ("streetAddress", address.street),
            ("postalCode", address.postal_code),
            ("addressLocality", address.locality),
            ("addressRegion", address.region),
            ("addressCountry", address.country),
        ):
            if value:
                postal[key] = value
        node["address"] = postal
    if venue.url:
        node["url"] = venue.url
    return node


def _location(programme: Programme, session: Session, locale: str, location: Location) -> Node | list[Node]:
    """A ``VirtualLocation``, a ``Place``, or both for a hybrid session (Google's order)."""
    parts: list[Node] = []
    online = location.online
    if online is not None:
        virtual: Node = {"@type": "VirtualLocation"}
        if online.platform:
            virtual["name"] = online.platform
        virtual["url"] = virtual_location_url(programme, session, locale, online)
        parts.append(virtual)
    if location.venue is not None:
        parts.append(_place(location.venue))
    return parts[0] if len(parts) == 1 else parts


# ------------------------------------------------------------------- people


def _add_people(node: Node, session: Session, refs: Refs) -> None:
    """Everybody as a plain ``Person`` in ``performer``; the roles in ``contributor``."""
    node["performer"] = refs.people_value(session)
    node["contributor"] = one_or_many(
        [
            {"@type": "Role", "roleName": part.role.value, "contributor": refs.person(part.person)}
            for part in session.participants
        ],
    )


def _add_price(node: Node, programme: Programme, session: Session) -> None:
    """``isAccessibleForFree``, and a free ``Offer`` when the programme says the sessions are free."""
    if programme.free is None:
        return
    node["isAccessibleForFree"] = programme.free
    if programme.free:
        offer: Node = {"@type": "Offer", "price": 0, "priceCurrency": programme.currency}
        if session.links.registration:
            offer["url"] = session.links.registration
        node["offers"] = offer


# -------------------------------------------------------------------- event


def event_node(
    programme: Programme,
    session: Session,
    locale: str,
    refs: Refs,
    *,
    name: str,
    description: str | None,
) -> Node:
    """The ``Event`` of one session, with references to its people, organisations and recording.

    Only for a session :func:`no_event_reason` has nothing against.
    """
    node: Node = {
        "@type": event_type(session.kind),
        "@id": event_id(programme, session, locale),
        "name": name,
    }
    if description is not None:
        node["description"] = description
    node["url"] = _layout.session_url(programme, session, locale)
    image = session.image or programme.image
    if image:
        node["image"] = image
    node["inLanguage"] = session.language
    _add_when(node, session)
    if session.location is not None:
        node["eventAttendanceMode"] = ATTENDANCE_MODES[session.location.mode]
        node["location"] = _location(programme, session, locale, session.location)
    organisers = programme.organisers_of(session)
    if organisers:
        node["organizer"] = refs.orgs_value(organisers)
    if session.participants:
        _add_people(node, session, refs)
    if session.supporters:
        node["sponsor"] = refs.orgs_value(session.supporters)
    if session.tags:
        node["about"] = one_or_many(
            [{"@type": "Thing", "name": programme.text(t.label, locale).text} for t in session.tags],
        )
    _add_price(node, programme, session)
    if session.recording is not None:
        node["recordedIn"] = ref(recording_id(programme, session, locale))
    return node
