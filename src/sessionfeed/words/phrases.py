"""The phrases of sessions: the words a session's block is made of, and those sessions repeat.

:func:`period_text` ("december 2023"), :func:`status_text` ("Rescheduled;
previously scheduled for …") and :func:`link_list` (the session's links under
their labels) are made for each session; :class:`Phrases` keeps the phrases
that many sessions share (a person's line, a role's label, a topic, the
organisers' sentence, the kind, the place, the time), each made once per
programme and locale. :mod:`sessionfeed.words.compose` puts them together.
"""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from collections.abc import Callable, Sequence

from sessionfeed.model.programme import (
    AllDay,
    Location,
    Month,
    Organisation,
    Person,
    Programme,
    Role,
    Session,
    Status,
    Tag,
    Timed,
    When,
)
from sessionfeed.words.vocabulary import Words


__all__ = ["Phrases", "link_list", "organisers_sentence", "period_text", "status_text"]


def period_text(words: Words, when: When) -> str:
    """The month a session is in, as a heading shows it ("december 2023"); ``""`` when not known."""
    match when:
        case Timed(start=first) | AllDay(start=first):
            return words.format_month(first.year, first.month)
        case Month(year=year, month=month):
            return words.format_month(year, month)
        case _:
            return ""


def status_text(words: Words, session: Session) -> str:
    """The status in words, with the former time of a rescheduled session."""
    label = words.status_label(session.status)
    previous = session.previous_start
    if session.status is Status.RESCHEDULED and previous is not None:
        # A former time in the zone of the session's time is read as the reader
        # reads that; in another zone, or for a session with no time, it names its zone.
        when = session.when
        own_zone = isinstance(previous, dt.datetime) and not (
            isinstance(when, Timed) and _same_zone(previous.tzinfo, when.start.tzinfo)
        )
        return words.gettext("{status}; previously scheduled for {date}").format(
            status=label,
            date=words.format_previous_start(previous, zone_name=own_zone),
        )
    return label


def _same_zone(zone: dt.tzinfo | None, other: dt.tzinfo | None) -> bool:
    """Whether two zones are one IANA zone (a session's times always are in one)."""
    if not (isinstance(zone, zoneinfo.ZoneInfo) and isinstance(other, zoneinfo.ZoneInfo)):
        return False
    return zone.key == other.key


def organisers_sentence(
    words: Words,
    programme: Programme,
    organisers: Sequence[Organisation],
    supporters: Sequence[Organisation],
    name: Callable[[Organisation], str] | None = None,
) -> str:
    """The organisers and supporters in a sentence ("Organised by A and B, with support from C").

    ``""`` when there are none. Each organisation is written as ``name`` gives
    it; by default its name with its short name (:meth:`Words.organisation_name`).
    """
    if name is None:
        name = functools.partial(words.organisation_name, programme)
    organised = [name(o) for o in organisers]
    supported = [name(o) for o in supporters]
    text = ""
    if organised:
        text = words.gettext("Organised by {organisers}").format(
            organisers=words.format_list(organised),
        )
    if supported:
        support = words.gettext("with support from {supporters}").format(
            supporters=words.format_list(supported),
        )
        text = (
            words.gettext("{organised}, {supported}").format(organised=text, supported=support)
            if text
            else support[:1].upper() + support[1:]
        )
    return text


def link_list(words: Words, session: Session) -> tuple[tuple[str, str], ...]:
    """The session's links under their labels: its page, registration, joining, the recording last."""
    links: list[tuple[str, str]] = []
    if session.links.page:
        links.append((words.gettext("Session page"), session.links.page))
    if session.links.registration and session.status is not Status.CANCELLED:
        links.append((words.gettext("Register"), session.links.registration))
    online = session.location.online if session.location is not None else None
    if online is not None and online.url and session.status is not Status.CANCELLED:
        label = (
            words.gettext("Join on {platform}").format(platform=online.platform)
            if online.platform
            else words.gettext("Join online")
        )
        links.append((label, online.url))
    if session.recording is not None:
        links.append((words.gettext("Recording"), session.recording.url))
    return tuple(links)


class Phrases:
    """The words that the sessions of one programme repeat, in one locale, each made once.

    A person speaks in ten sessions, one organiser runs hundreds and most
    sessions are webinars "Online (Zoom)": each such phrase is made the
    first time it is needed and looked up after. The phrases belong to one
    programme (a name resolves through its fallback locale, a kind may be
    declared), so they are keyed by ids, which the programme keeps unique:
    a person, a tag or an organisation by its id, a kind by its id and
    language, a role's label by the role and the count, a place and a date
    known to the day or the month by their values. There are a few
    thousand of them even at 50,000 sessions, so all are kept.

    Attributes:
        programme: The programme the phrases are of.
        locale: The page locale.
        words: Its words.
    """

    __slots__ = (
        "_kinds",
        "_labels",
        "_organisers",
        "_people",
        "_places",
        "_tags",
        "_whens",
        "locale",
        "programme",
        "words",
    )

    def __init__(self, programme: Programme, locale: str) -> None:
        """Start the phrases of ``programme`` in ``locale``, with none made yet."""
        self.programme = programme
        self.locale = locale
        self.words = Words.of(locale)
        self._people: dict[str, str] = {}
        self._tags: dict[str, str] = {}
        self._organisers: dict[tuple[tuple[str, ...], tuple[str, ...]], str] = {}
        self._kinds: dict[tuple[str, str], str] = {}
        self._labels: dict[tuple[Role, int], str] = {}
        self._places: dict[tuple[object, ...], str] = {}
        self._whens: dict[When, str] = {}

    def person_line(self, person: Person) -> str:
        """:meth:`Words.person_line`: "Maria Mora (Initiative for Global Solidarity, IGS)"."""
        line = self._people.get(person.id)
        if line is None:
            line = self._people[person.id] = self.words.person_line(self.programme, person)
        return line

    def role_label(self, role: Role, count: int) -> str:
        """:meth:`Words.role_label`: "Spreker", "Sprekers"."""
        label = self._labels.get((role, count))
        if label is None:
            label = self._labels[role, count] = self.words.role_label(role, count)
        return label

    def tag_label(self, tag: Tag) -> str:
        """The label of a topic in this locale (with the programme's fallback)."""
        label = self._tags.get(tag.id)
        if label is None:
            label = self._tags[tag.id] = self.programme.text(tag.label, self.locale).text
        return label

    def organisers_text(self, session: Session) -> str:
        """The organisers' sentence: "Georganiseerd door SER en …, met ondersteuning van Shift".

        ``""`` when there are none.
        """
        organisers = self.programme.organisers_of(session)
        supporters = session.supporters
        key = (tuple(o.id for o in organisers), tuple(o.id for o in supporters))
        text = self._organisers.get(key)
        if text is None:
            text = organisers_sentence(self.words, self.programme, organisers, supporters)
            self._organisers[key] = text
        return text

    def kind_phrase(self, session: Session) -> str:
        """:meth:`Words.kind_phrase`: "Engelstalig webinar"."""
        key = (session.kind, session.language)
        phrase = self._kinds.get(key)
        if phrase is None:
            phrase = self._kinds[key] = self.words.kind_phrase(self.programme, session)
        return phrase

    def location_text(self, location: Location | None) -> str:
        """:meth:`Words.location_text`: "Online (Zoom)", the venue, or both; ``""`` while unknown."""
        if location is None:
            return ""
        online = location.online
        # What the text is made of: whether it is online and on what platform, and the venue.
        key = (online is not None, online.platform if online is not None else None, location.venue)
        text = self._places.get(key)
        if text is None:
            text = self._places[key] = self.words.location_text(location)
        return text

    def when_text(self, when: When) -> str:
        """:meth:`Words.format_when`; whole days, months and unknown dates are kept.

        Exact times are not: sessions rarely share both their start and their end.
        """
        if isinstance(when, Timed):
            return self.words.format_when(when)
        text = self._whens.get(when)
        if text is None:
            text = self._whens[when] = self.words.format_when(when)
        return text
