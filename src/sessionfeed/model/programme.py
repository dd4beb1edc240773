"""The programme model: frozen, keyword-only, fully typed values.

A :class:`Programme` holds :class:`Session` values, the :class:`Person` and
:class:`Organisation` values they refer to, and the :class:`Tag` and
:class:`Kind` definitions. Every class checks its invariants when it is
built and raises one :class:`~sessionfeed.exceptions.ProgrammeError` that
names each field at fault; the programme checks what spans classes (unique
ids, references that resolve).

The model knows no file format and no output format, and imports neither:
reading files and dicts lives in ``_load`` (``sessionfeed.load``,
``sessionfeed.from_dict``), writing a dict in ``_dump``
(``sessionfeed.to_dict``), and the outputs in the exporters. Each rule about
values lives here (with the field checks of ``_checks``); the loader maps a
file to these values and the model's problems back to the file's lines.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import zoneinfo
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, TypeAlias, TypeVar

import attrs

from sessionfeed.model.checks import (
    FIRST_DAY,
    LAST_DAY,
    Collector,
    check_bcp47,
    check_day,
    check_duration,
    check_file_id,
    check_id,
    check_locale,
    check_moment,
    check_parents,
    check_published,
    check_timezone,
    check_url,
    check_whole_number,
    is_aware,
    plain_text_problem,
    shown,
    type_name,
)
from sessionfeed.model.text import Localized, LocalizedText, shared
from sessionfeed.words.catalogs import catalog_locales, has_catalog


__all__ = [
    "BUILTIN_KINDS",
    "Address",
    "AllDay",
    "AttendanceMode",
    "Contact",
    "Kind",
    "Links",
    "Location",
    "Month",
    "Online",
    "Organisation",
    "Participation",
    "Person",
    "Programme",
    "Recording",
    "Role",
    "Session",
    "Status",
    "Tag",
    "Timed",
    "Unknown",
    "Venue",
    "When",
]


class Role(enum.StrEnum):
    """The part a person plays in a session. The file format uses the plural as key."""

    MODERATOR = "moderator"
    HOST = "host"
    SPEAKER = "speaker"
    PANELLIST = "panellist"
    INTERVIEWER = "interviewer"
    INTERVIEWEE = "interviewee"
    PRESENTER = "presenter"
    TRAINER = "trainer"

    @property
    def plural(self) -> str:
        """The key of this role in a programme file, e.g. ``speakers``."""
        return f"{self.value}s"


class Status(enum.StrEnum):
    """Where a session stands, as schema.org's ``eventStatus`` distinguishes it."""

    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"
    POSTPONED = "postponed"
    RESCHEDULED = "rescheduled"
    MOVED_ONLINE = "moved-online"


class AttendanceMode(enum.StrEnum):
    """How people attend, derived from a :class:`Location`."""

    ONLINE = "online"
    IN_PERSON = "in-person"
    HYBRID = "hybrid"


#: Session kinds every programme may use; the catalogs translate each.
#: A programme can declare more under ``kinds`` with a label per locale.
BUILTIN_KINDS: tuple[str, ...] = (
    "webinar",
    "workshop",
    "interview",
    "panel",
    "talk",
    "lecture",
    "keynote",
    "seminar",
    "conference",
    "course",
    "meeting",
    "roundtable",
    "masterclass",
    "debate",
)


def _text_problems(c: Collector, path: str, value: LocalizedText | None, *, required: bool) -> None:
    if value is None:
        if required:
            c.add(path, "is required")
        return
    if not isinstance(value, LocalizedText):
        c.add(path, f"must be a LocalizedText, not {type_name(value)}")
        return
    if not value.items:
        c.add(path, "has no text in any locale")
    seen: set[str] = set()
    for locale, text in value.items:
        problem = check_locale(locale)
        if problem is not None:
            c.add(f"{path}.{locale}", f"{problem}; give each text under one of the programme's locales")
        elif locale in seen:
            c.add(f"{path}.{locale}", "is given twice; give one text per locale")
        else:
            seen.add(locale)
        c.add(f"{path}.{locale}", plain_text_problem(text))


def _optional_text(c: Collector, path: str, value: object) -> None:
    """A plain text that may be left out (``None``), checked as every text is."""
    if value is not None:
        c.add(path, plain_text_problem(value))


def _url_problem(c: Collector, path: str, value: object) -> None:
    if value is not None:
        c.add(path, check_url(value))


def _article(name: str) -> str:
    return f"an {name}" if name[0] in "AEIOU" else f"a {name}"


def _instance(c: Collector, path: str, value: object, kind: type, *, optional: bool = True) -> bool:
    """Whether ``value`` is a ``kind`` (or ``None`` where that is allowed); record a problem if not."""
    if isinstance(value, kind) or (optional and value is None):
        return True
    c.add(path, f"must be {_article(kind.__name__)}, not {type_name(value)}")
    return False


def _instances(c: Collector, path: str, values: object, kind: type, what: str = "") -> bool:
    """Whether ``values`` is a tuple of ``kind`` values; record a problem for each one that is not."""
    if not isinstance(values, tuple):
        c.add(path, f"must be a list of {what or kind.__name__ + ' values'}, not {type_name(values)}")
        return False
    ok = True
    for i, value in enumerate(values):
        ok = _instance(c, f"{path}[{i}]", value, kind, optional=False) and ok
    return ok


def _tuple(values: Iterable[Any]) -> tuple[Any, ...]:
    """A converter: any iterable (a list, a generator) as a tuple.

    A text, a mapping or a value that is not iterable is kept as it is, for
    the class's check to name with its path: ``tuple("https://…")`` would
    quietly make a list of characters.
    """
    if type(values) is tuple:  # the common cases first: ABC checks are slow
        return values
    if type(values) is list:
        return tuple(values)
    if isinstance(values, str | bytes | Mapping) or not isinstance(values, Iterable):
        return values  # type: ignore[return-value]
    return tuple(values)


def _role(value: object) -> Any:
    """A converter to :class:`Role` that keeps a value it cannot convert, for the check to name."""
    try:
        return Role(value) if isinstance(value, str) else value
    except ValueError:
        return value


def _status(value: object) -> Any:
    """A converter to :class:`Status` that keeps a value it cannot convert, for the check to name."""
    try:
        return Status(value) if isinstance(value, str) else value
    except ValueError:
        return value


def _moment_problem(c: Collector, path: str, value: object) -> bool:
    """An aware date and time in the supported range, in whole seconds, or ``None``; whether it is one."""
    if value is None:
        return True
    if not isinstance(value, dt.datetime) or not is_aware(value):
        c.add(path, "must be a date and time with a time zone")
        return False
    problem = check_moment(value)
    c.add(path, problem)
    return problem is None


# --------------------------------------------------------------------------- when


@attrs.frozen(kw_only=True)
class Timed:
    """An exact start and end, each aware, in an IANA time zone.

    Attributes:
        start: The start, with a :class:`zoneinfo.ZoneInfo` time zone.
        end: The end, later than the start, in the same time zone.
    """

    start: dt.datetime
    end: dt.datetime

    def __attrs_post_init__(self) -> None:
        c = Collector()
        for name in ("start", "end"):
            value = getattr(self, name)
            if not isinstance(value, dt.datetime):
                c.add(name, f"must be a date and time, not {type_name(value)}")
            elif not isinstance(value.tzinfo, zoneinfo.ZoneInfo) or not is_aware(value):
                c.add(name, "needs an IANA time zone (zoneinfo.ZoneInfo), e.g. Europe/Amsterdam")
            else:
                zone_problem = check_timezone(value.tzinfo.key)
                c.add(name, zone_problem)
                if zone_problem is None:
                    c.add(name, check_moment(value))
        c.raise_if_any()
        if self.start.tzinfo != self.end.tzinfo:
            c.add("end", f"must be in the same time zone as start ({self.timezone})")
        # In UTC: with one tzinfo on both sides Python compares wall times, and an
        # end in the hour repeated by a DST change would look earlier than it is.
        if self.end.astimezone(dt.UTC) <= self.start.astimezone(dt.UTC):
            c.add("end", f"must be after the start ({self.start.isoformat()})")
        c.raise_if_any()

    @property
    def timezone(self) -> str:
        """The IANA name of the time zone, e.g. ``Europe/Amsterdam``."""
        return str(self.start.tzinfo)

    @property
    def duration(self) -> dt.timedelta:
        """The elapsed time from start to end (real time, across DST changes)."""
        return self.end.astimezone(dt.UTC) - self.start.astimezone(dt.UTC)


@attrs.frozen(kw_only=True)
class AllDay:
    """One or more whole days, with no time of day.

    Attributes:
        start: The first day.
        end: The last day, inclusive (equal to ``start`` for one day).
    """

    start: dt.date
    end: dt.date

    def __attrs_post_init__(self) -> None:
        c = Collector()
        for name in ("start", "end"):
            value = getattr(self, name)
            if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
                c.add(name, f"must be a date, not {type_name(value)}")
            else:
                c.add(name, check_day(value))
        c.raise_if_any()
        if self.end < self.start:
            c.add("end", f"the last day must not be before the first ({self.start.isoformat()})")
        c.raise_if_any()

    @property
    def days(self) -> int:
        """How many days the session spans."""
        return (self.end - self.start).days + 1


@attrs.frozen(kw_only=True)
class Month:
    """Only the month is known, e.g. December 2023. No day is ever made up for it.

    Attributes:
        year: The year.
        month: The month, 1 to 12.
    """

    year: int
    month: int

    def __attrs_post_init__(self) -> None:
        c = Collector()
        c.add("year", check_whole_number(self.year, FIRST_DAY.year, LAST_DAY.year, "a year"))
        c.add("month", check_whole_number(self.month, 1, 12, "a month"))
        c.raise_if_any()

    def iso(self) -> str:
        """Return the month as ISO 8601 ``YYYY-MM``."""
        return f"{self.year:04d}-{self.month:02d}"


@attrs.frozen(kw_only=True)
class Unknown:
    """The date is not known yet."""


When: TypeAlias = Timed | AllDay | Month | Unknown


# ---------------------------------------------------------------- organisations


@attrs.frozen(kw_only=True)
class Organisation:
    """An organisation, defined once and referred to by id.

    Attributes:
        id: Stable id (slug).
        name: The name per locale.
        short_name: An abbreviation such as ``SER``.
        url: Its website.
        parent: The organisation it is part of (IGS is part of GIZ).
    """

    id: str
    name: LocalizedText
    short_name: str | None = None
    url: str | None = None
    parent: Organisation | None = None

    def __attrs_post_init__(self) -> None:
        c = Collector()
        c.add("id", check_id(self.id))
        _text_problems(c, "name", self.name, required=True)
        _optional_text(c, "short_name", self.short_name)
        _url_problem(c, "url", self.url)
        _instance(c, "parent", self.parent, Organisation)
        c.raise_if_any()

    def ancestors(self) -> Iterator[Organisation]:
        """Yield the parent, its parent, and so on."""
        seen = {self.id}
        org = self.parent
        while org is not None and org.id not in seen:
            seen.add(org.id)
            yield org
            org = org.parent


@attrs.frozen(kw_only=True)
class Person:
    """A person who takes part in sessions.

    Attributes:
        id: Stable id (slug).
        name: The name as it is written, e.g. ``Björn Claeson``.
        affiliation: The organisation the person speaks for.
        url: A page about the person.
        job_title: The job title per locale.
        same_as: Other pages that identify the person (schema.org ``sameAs``).
    """

    id: str
    name: str
    affiliation: Organisation | None = None
    url: str | None = None
    job_title: LocalizedText | None = None
    same_as: tuple[str, ...] = attrs.field(default=(), converter=_tuple)

    def __attrs_post_init__(self) -> None:
        c = Collector()
        c.add("id", check_id(self.id))
        c.add("name", plain_text_problem(self.name))
        _instance(c, "affiliation", self.affiliation, Organisation)
        _url_problem(c, "url", self.url)
        _text_problems(c, "job_title", self.job_title, required=False)
        if _instances(c, "same_as", self.same_as, str, "URLs"):
            for i, url in enumerate(self.same_as):
                c.add(f"same_as[{i}]", check_url(url))
        c.raise_if_any()


@attrs.frozen(kw_only=True)
class Participation:
    """A person in a role. The order of a session's participations is the display order.

    Attributes:
        person: Who.
        role: In what role.
    """

    person: Person
    role: Role = attrs.field(converter=_role)

    def __attrs_post_init__(self) -> None:
        c = Collector()
        _instance(c, "person", self.person, Person, optional=False)
        if not isinstance(self.role, Role):
            c.add("role", f"unknown role {shown(self.role)}; use one of {', '.join(r.value for r in Role)}")
        c.raise_if_any()


@attrs.frozen(kw_only=True)
class Tag:
    """A topic, defined once with a label per locale.

    Attributes:
        id: Stable id (slug).
        label: The label per locale, e.g. ``herstel & verhaal`` / ``access to remedy``.
    """

    id: str
    label: LocalizedText

    def __attrs_post_init__(self) -> None:
        c = Collector()
        c.add("id", check_id(self.id))
        _text_problems(c, "label", self.label, required=True)
        c.raise_if_any()


@attrs.frozen(kw_only=True)
class Kind:
    """A session kind that a programme adds to :data:`BUILTIN_KINDS`.

    Attributes:
        id: Stable id (slug), used as the session's ``kind``.
        label: The word per locale, e.g. ``hackathon``.
    """

    id: str
    label: LocalizedText

    def __attrs_post_init__(self) -> None:
        c = Collector()
        c.add("id", check_id(self.id))
        if self.id in BUILTIN_KINDS:
            c.add("id", f"{self.id!r} is a built-in kind already; remove this definition")
        _text_problems(c, "label", self.label, required=True)
        c.raise_if_any()


# --------------------------------------------------------------------- location


@attrs.frozen(kw_only=True)
class Online:
    """Online attendance.

    Attributes:
        url: Where to join (the webinar link), when it is public.
        platform: The platform's name, e.g. ``Zoom``.
    """

    url: str | None = None
    platform: str | None = attrs.field(default=None, converter=shared)

    def __attrs_post_init__(self) -> None:
        c = Collector()
        _url_problem(c, "url", self.url)
        _optional_text(c, "platform", self.platform)
        c.raise_if_any()


@attrs.frozen(kw_only=True)
class Address:
    """A postal address; every part is optional.

    Attributes:
        street: Street and number.
        postal_code: Postal code.
        locality: City or town.
        region: Province or state.
        country: ISO 3166-1 alpha-2 code such as ``NL``, or a country name.
    """

    street: str | None = None
    postal_code: str | None = None
    locality: str | None = None
    region: str | None = None
    country: str | None = attrs.field(default=None, converter=shared)

    def __attrs_post_init__(self) -> None:
        c = Collector()
        for name in ("street", "postal_code", "locality", "region", "country"):
            _optional_text(c, name, getattr(self, name))
        c.raise_if_any()

    def parts(self) -> tuple[str, ...]:
        """The parts that are present, in postal order."""
        items = (self.street, self.postal_code, self.locality, self.region, self.country)
        return tuple(p for p in items if p)


def _empty_address_is_none(address: Address | None) -> Address | None:
    if isinstance(address, Address) and not address.parts():
        return None
    return address


@attrs.frozen(kw_only=True)
class Venue:
    """A place to attend in person.

    Attributes:
        name: The venue's name, e.g. ``SER, Den Haag``.
        address: Its address.
        url: Its website or map link.
    """

    name: str
    address: Address | None = attrs.field(default=None, converter=_empty_address_is_none)
    url: str | None = None

    def __attrs_post_init__(self) -> None:
        c = Collector()
        c.add("name", plain_text_problem(self.name))
        _instance(c, "address", self.address, Address)
        _url_problem(c, "url", self.url)
        c.raise_if_any()


@attrs.frozen(kw_only=True)
class Location:
    """Where a session happens: online, at a venue, or both (hybrid).

    Attributes:
        online: How to attend online.
        venue: Where to attend in person.
    """

    online: Online | None = None
    venue: Venue | None = None

    def __attrs_post_init__(self) -> None:
        c = Collector()
        _instance(c, "online", self.online, Online)
        _instance(c, "venue", self.venue, Venue)
        if self.online is None and self.venue is None:
            c.add("", "needs 'online', a 'venue', or both (hybrid)")
        c.raise_if_any()

    @property
    def mode(self) -> AttendanceMode:
        """Online, in person, or hybrid."""
        if self.online is not None and self.venue is not None:
            return AttendanceMode.HYBRID
        return AttendanceMode.ONLINE if self.online is not None else AttendanceMode.IN_PERSON


# ------------------------------------------------------------------------ extras


@attrs.frozen(kw_only=True)
class Links:
    """Links of a session.

    Attributes:
        page: The session's own page, when it has one elsewhere.
        registration: Where to register.
    """

    page: str | None = None
    registration: str | None = None

    def __attrs_post_init__(self) -> None:
        c = Collector()
        _url_problem(c, "page", self.page)
        _url_problem(c, "registration", self.registration)
        c.raise_if_any()


#: A media type (RFC 6838): a type and a subtype of its name characters, then
#: any parameters (``;codecs=avc1``), with no white space or control characters.
_MEDIA_TYPE = re.compile(
    r"[A-Za-z0-9][\w!#$&^.+-]*/[A-Za-z0-9][\w!#$&^.+-]*(?:;[^\s\x00-\x1f\x7f]*)?",
    re.ASCII,
)
#: The largest size of a recording, in bytes: what a signed 64-bit integer holds,
#: as feed readers keep an enclosure's length.
MAX_LENGTH = 2**63 - 1


@attrs.frozen(kw_only=True)
class Recording:
    """A recording of a session.

    Attributes:
        url: Where the recording is (a media file or a video page).
        media_type: Its media type, e.g. ``video/mp4``; ``text/html`` for a video page.
        length: Its size in bytes, when known (RSS enclosures want it).
        duration: How long it plays.
        thumbnail: A still image.
        embed_url: A player to embed.
        published: When it was published (schema.org ``uploadDate``).
    """

    url: str
    media_type: str | None = None
    length: int | None = None
    duration: dt.timedelta | None = None
    thumbnail: str | None = None
    embed_url: str | None = None
    published: dt.date | None = None

    def __attrs_post_init__(self) -> None:
        c = Collector()
        c.add("url", check_url(self.url))
        _url_problem(c, "thumbnail", self.thumbnail)
        _url_problem(c, "embed_url", self.embed_url)
        if self.media_type is not None:
            problem = plain_text_problem(self.media_type)
            if problem is None and not _MEDIA_TYPE.fullmatch(self.media_type):
                problem = f"{self.media_type!r} is not a media type such as 'video/mp4'"
            c.add("media_type", problem)
        if self.length is not None:
            c.add("length", check_whole_number(self.length, 0, MAX_LENGTH, "a whole number of bytes"))
        if self.duration is not None:
            c.add("duration", check_duration(self.duration))
        if self.published is not None:
            if isinstance(self.published, dt.date) and not isinstance(self.published, dt.datetime):
                c.add("published", check_day(self.published))
            else:
                c.add("published", f"must be a date, not {type_name(self.published)}")
        c.raise_if_any()


#: An e-mail address as RFC 5322 writes one outside quotes: a local part and a
#: domain, with none of white space, the controls and ``( ) < > [ ] , ; : \ "``.
_EMAIL = re.compile(r'[^\s\x00-\x1f\x7f-\x9f()<>\[\],;:\\"@]+@[^\s\x00-\x1f\x7f-\x9f()<>\[\],;:\\"@]+')


@attrs.frozen(kw_only=True)
class Contact:
    """Who to contact about the programme.

    Attributes:
        name: A name or team.
        email: An e-mail address.
        url: A contact page.
    """

    name: str | None = None
    email: str | None = None
    url: str | None = None

    def __attrs_post_init__(self) -> None:
        c = Collector()
        _optional_text(c, "name", self.name)
        if self.email is not None:
            problem = plain_text_problem(self.email)
            if problem is None and not _EMAIL.fullmatch(self.email):
                problem = f"{self.email!r} is not an e-mail address such as 'team@example.org'"
            c.add("email", problem)
        _url_problem(c, "url", self.url)
        c.raise_if_any()


def _empty_contact_is_none(contact: Contact | None) -> Contact | None:
    if isinstance(contact, Contact) and contact == Contact():
        return None
    return contact


# ----------------------------------------------------------------------- session


_ROLE_ORDER = {role: i for i, role in enumerate(Role)}
#: The largest revision number: iCalendar's SEQUENCE is an INTEGER (RFC 5545 §3.3.8).
MAX_SEQUENCE = 2**31 - 1


def _by_role(participants: Iterable[Participation]) -> tuple[Participation, ...]:
    """Group by role in the order of :class:`Role`, keeping the given order within a role.

    Anything but participations is kept as it is, for :class:`Session` to name.
    """
    values = _tuple(participants)
    if isinstance(values, tuple) and all(isinstance(p, Participation) for p in values):
        return tuple(sorted(values, key=lambda p: _ROLE_ORDER[p.role]))
    return values


def _when_problem(value: object) -> str | None:
    if isinstance(value, Timed | AllDay | Month | Unknown):
        return None
    return f"must be Timed, AllDay, Month or Unknown, not {type_name(value)}"


def _instant(value: object) -> object:
    """Compare an aware date and time as the instant it is, whatever its time zone.

    Python compares aware values in different zones as instants, except one
    at a wall time that happens twice (PEP 495): that is never equal to one in
    another zone, while two in the same zone compare by wall time alone.
    """
    if isinstance(value, dt.datetime) and is_aware(value):
        return value.astimezone(dt.UTC)
    return value


def _listed_once(c: Collector, path: str, ids: Sequence[str]) -> None:
    """Each id once in a list: a second listing is a problem at that listing.

    The message names no index of the first listing: a loader maps the paths
    of a list to those of its file, where the indexes may differ.
    """
    seen: set[str] = set()
    for i, ident in enumerate(ids):
        if ident in seen:
            c.add(f"{path}[{i}]", f"{ident!r} is listed already; remove this one")
        seen.add(ident)


@attrs.frozen(kw_only=True)
class Session:
    """One session of a programme.

    Attributes:
        id: Stable id (slug) written by the user. It feeds calendar UIDs, feed
            ids, page anchors and file names, so it must never change when the
            title or the time changes.
        kind: ``webinar``, ``workshop``, ... (:data:`BUILTIN_KINDS` or a kind the programme declares).
        title: The title per locale.
        language: The language the session is held in (BCP 47), apart from the page locale.
        when: When, with honest precision.
        description: The description per locale.
        location: Where; ``None`` while unknown.
        status: Scheduled, cancelled, ...
        previous_start: The start before a reschedule (only with ``RESCHEDULED``).
        organisers: Who organises the session (the programme's organisers when empty).
        supporters: Who supports it ("met ondersteuning van").
        participants: Who takes part: grouped by role in the order of :class:`Role`,
            in the given order within a role.
        tags: Its topics.
        links: Its page and registration links.
        recording: Its recording.
        image: An image URL.
        announced: When it was announced (feeds' publication date).
        updated: When its data last changed, if the programme states it.
        sequence: The revision number the programme states (builds raise it on changes).
    """

    id: str
    kind: str = attrs.field(converter=shared)
    title: LocalizedText
    language: str = attrs.field(converter=shared)
    when: When = attrs.field(factory=Unknown)
    description: LocalizedText | None = None
    location: Location | None = None
    status: Status = attrs.field(default=Status.SCHEDULED, converter=_status)
    previous_start: dt.datetime | dt.date | None = attrs.field(default=None, eq=_instant)
    organisers: tuple[Organisation, ...] = attrs.field(default=(), converter=_tuple)
    supporters: tuple[Organisation, ...] = attrs.field(default=(), converter=_tuple)
    participants: tuple[Participation, ...] = attrs.field(default=(), converter=_by_role)
    tags: tuple[Tag, ...] = attrs.field(default=(), converter=_tuple)
    links: Links = attrs.field(factory=Links)
    recording: Recording | None = None
    image: str | None = None
    announced: dt.datetime | None = attrs.field(default=None, eq=_instant)
    updated: dt.datetime | None = attrs.field(default=None, eq=_instant)
    sequence: int = 0

    def __attrs_post_init__(self) -> None:
        c = Collector()
        c.add("id", check_file_id(self.id))
        kind_problem = check_id(self.kind)
        if kind_problem is not None:
            # What kinds there are, as the programme says of one it does not know.
            built_in = ", ".join(sorted(BUILTIN_KINDS))
            kind_problem += f"; a kind is one of {built_in} or one declared under 'kinds'"
        c.add("kind", kind_problem)
        _text_problems(c, "title", self.title, required=True)
        _text_problems(c, "description", self.description, required=False)
        c.add("language", check_bcp47(self.language))
        c.add("when", _when_problem(self.when))
        _instance(c, "location", self.location, Location)
        if not isinstance(self.status, Status):
            statuses = ", ".join(s.value for s in Status)
            c.add("status", f"unknown status {shown(self.status)}; use one of {statuses}")
        _instance(c, "links", self.links, Links, optional=False)
        _instance(c, "recording", self.recording, Recording)
        _url_problem(c, "image", self.image)
        self._check_previous_start(c)
        _moment_problem(c, "announced", self.announced)
        _moment_problem(c, "updated", self.updated)
        c.add("sequence", check_whole_number(self.sequence, 0, MAX_SEQUENCE))
        kinds_ok = [
            _instances(c, "organisers", self.organisers, Organisation),
            _instances(c, "supporters", self.supporters, Organisation),
            _instances(c, "participants", self.participants, Participation),
            _instances(c, "tags", self.tags, Tag),
        ]
        if not all(kinds_ok):
            c.raise_if_any()  # what follows reads the ids of these
        seen: set[tuple[str, Role]] = set()
        for i, part in enumerate(self.participants):
            key = (part.person.id, part.role)
            if key in seen:
                c.add(
                    f"participants[{i}]",
                    f"{part.person.id!r} is listed already as {part.role.value}; remove this one",
                )
            seen.add(key)
        _listed_once(c, "organisers", [o.id for o in self.organisers])
        _listed_once(c, "supporters", [o.id for o in self.supporters])
        _listed_once(c, "tags", [t.id for t in self.tags])
        c.raise_if_any()

    def _check_previous_start(self, c: Collector) -> None:
        if self.status is Status.RESCHEDULED and self.previous_start is None:
            c.add("previous_start", "is required when the status is 'rescheduled'")
        if self.previous_start is None:
            return
        if self.status is not Status.RESCHEDULED:
            c.add("previous_start", "only goes with status 'rescheduled'; set that status or remove it")
        if isinstance(self.previous_start, dt.datetime):
            if is_aware(self.previous_start):
                c.add("previous_start", check_moment(self.previous_start))
            else:
                c.add("previous_start", "needs a time zone")
        elif isinstance(self.previous_start, dt.date):
            c.add("previous_start", check_day(self.previous_start))
        else:
            wrong = type_name(self.previous_start)
            c.add("previous_start", f"must be a date, or a date and time, not {wrong}")

    def people_in(self, role: Role) -> tuple[Person, ...]:
        """The people in ``role``, in display order."""
        return tuple(p.person for p in self.participants if p.role is role)

    @property
    def roles(self) -> tuple[Role, ...]:
        """The roles that occur, in the order of :class:`Role`."""
        present = {p.role for p in self.participants}
        return tuple(r for r in Role if r in present)

    @property
    def attendance(self) -> AttendanceMode | None:
        """Online, in person or hybrid; ``None`` while the location is unknown."""
        return None if self.location is None else self.location.mode


# --------------------------------------------------------------------- programme


_Identified = TypeVar("_Identified", Person, Organisation, Tag, Kind)
_CURRENCY = re.compile(r"[A-Z]{3}")
_COLOR = re.compile(r"[A-Za-z]+")


def _by_id(values: Iterable[_Identified]) -> tuple[_Identified, ...]:
    """Sorted by id: these are defined in tables (maps), whose order must not change an output.

    Anything but a list of definitions with ids is kept as it is, for :class:`Programme` to name.
    """
    items = _tuple(values)
    if isinstance(items, tuple) and all(isinstance(getattr(v, "id", None), str) for v in items):
        return tuple(sorted(items, key=lambda value: value.id))
    return items


def _no_catalog(locale: str) -> str:
    """Say that a locale has no message catalog, which ones do, and the two ways on."""
    return (
        f"{locale!r} has no message catalog: its pages would have English words (with its own "
        f"dates and names). Locales with one: {', '.join(catalog_locales())}. Add a catalog "
        f"(docs/localisation.md, 'Adding a language'), or accept the English words with "
        f"untranslated_locales = [{locale!r}]"
    )


def _unique(c: Collector, path: str, ids: Sequence[str]) -> None:
    seen: dict[str, int] = {}
    for i, ident in enumerate(ids):
        if ident in seen:
            message = f"{ident!r} is used already by {path}[{seen[ident]}]; ids must be unique"
            c.add(f"{path}[{i}].id", message)
        seen.setdefault(ident, i)


def _parent_ids(org: Organisation) -> Iterator[str]:
    """The ids of an organisation's parent, its parent's parent, and so on, each once."""
    seen: set[str] = set()
    parent = org.parent
    while parent is not None and parent.id not in seen:
        seen.add(parent.id)
        yield parent.id
        parent = parent.parent


@attrs.frozen(kw_only=True)
class Programme:
    """A programme of sessions, published in one or more locales.

    Read one from a file with :func:`sessionfeed.load`, or from a dict in the
    file's shape with :func:`sessionfeed.from_dict`; :func:`sessionfeed.to_dict`
    gives that dict back. The model itself knows no format.

    Attributes:
        id: Stable id (slug); with a session id it makes the ids of every output.
        title: The title per locale.
        base_url: Where the built site is published (absolute, ending in ``/``).
        locales: The locales it is published in; the first is the default. Each
            needs a message catalog (:func:`sessionfeed.words.catalogs.catalog_locales`,
            or one for its language), unless it is in ``untranslated_locales``.
        untranslated_locales: Locales of ``locales`` without a catalog whose
            pages may have English words: the publisher accepts that.
        timezone: The default IANA time zone of the sessions.
        sessions: The sessions, in the order of the source.
        people: Everyone who takes part (sorted by id).
        organisations: Every organisation referred to (sorted by id).
        organisers: Who organises the programme.
        tags: The topics.
        kinds: Kinds of session beyond :data:`BUILTIN_KINDS`.
        intro: An introduction per locale.
        image: An image URL.
        contact: Who to contact.
        free: Whether the sessions are free to attend (``None``: not stated).
        currency: ISO 4217 currency for free offers.
        color: A CSS3 colour name for calendars (RFC 7986 ``COLOR``).
        updated: When the programme was last revised, if stated.
        refresh: How often calendar clients should refresh.
        templates: A folder of page templates put in front of the built-in
            ones (docs/templates.md); :func:`sessionfeed.load` makes a relative
            one relative to the programme file's folder.
    """

    id: str
    title: LocalizedText
    base_url: str
    locales: tuple[str, ...] = attrs.field(converter=_tuple)
    untranslated_locales: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    timezone: str = "Europe/Amsterdam"
    sessions: tuple[Session, ...] = attrs.field(default=(), converter=_tuple)
    people: tuple[Person, ...] = attrs.field(default=(), converter=_by_id)
    organisations: tuple[Organisation, ...] = attrs.field(default=(), converter=_by_id)
    organisers: tuple[Organisation, ...] = attrs.field(default=(), converter=_tuple)
    tags: tuple[Tag, ...] = attrs.field(default=(), converter=_by_id)
    kinds: tuple[Kind, ...] = attrs.field(default=(), converter=_by_id)
    intro: LocalizedText | None = None
    image: str | None = None
    contact: Contact | None = attrs.field(default=None, converter=_empty_contact_is_none)
    free: bool | None = None
    currency: str = "EUR"
    color: str | None = None
    updated: dt.datetime | None = attrs.field(default=None, eq=_instant)
    refresh: dt.timedelta = dt.timedelta(hours=12)
    templates: str | None = None

    def __attrs_post_init__(self) -> None:
        c = Collector()
        c.add("id", check_id(self.id))
        _text_problems(c, "title", self.title, required=True)
        _text_problems(c, "intro", self.intro, required=False)
        self._check_base_url(c)
        self._check_locales(c)
        c.add("timezone", check_timezone(self.timezone))
        _url_problem(c, "image", self.image)
        _instance(c, "contact", self.contact, Contact)
        if self.free is not None and not isinstance(self.free, bool):
            c.add("free", f"must be true or false, not {type_name(self.free)}")
        if not isinstance(self.currency, str) or not _CURRENCY.fullmatch(self.currency):
            c.add("currency", f"{shown(self.currency)} is not an ISO 4217 code such as 'EUR'")
        if self.color is not None and not (isinstance(self.color, str) and _COLOR.fullmatch(self.color)):
            c.add("color", "must be a CSS3 colour name such as 'darkblue' (RFC 7986)")
        _moment_problem(c, "updated", self.updated)
        c.add("refresh", check_duration(self.refresh))
        if self.templates is not None:
            problem = plain_text_problem(self.templates)
            if problem is None and "\x00" in self.templates:
                problem = "must be the path of a folder of templates, such as 'templates'"
            c.add("templates", problem)
        kinds_ok = [
            _instances(c, "sessions", self.sessions, Session),
            _instances(c, "people", self.people, Person),
            _instances(c, "organisations", self.organisations, Organisation),
            _instances(c, "organisers", self.organisers, Organisation),
            _instances(c, "tags", self.tags, Tag),
            _instances(c, "kinds", self.kinds, Kind),
            isinstance(self.locales, tuple),
        ]
        if not all(kinds_ok):
            c.raise_if_any()  # what follows reads the ids of these
        _unique(c, "sessions", [s.id for s in self.sessions])
        _unique(c, "people", [p.id for p in self.people])
        _unique(c, "organisations", [o.id for o in self.organisations])
        _unique(c, "tags", [t.id for t in self.tags])
        _unique(c, "kinds", [k.id for k in self.kinds])
        _listed_once(c, "organisers", [o.id for o in self.organisers])
        self._check_references(c)
        self._check_text_locales(c)
        c.raise_if_any()

    def _check_base_url(self, c: Collector) -> None:
        problem = check_url(self.base_url)
        if problem is None and isinstance(self.base_url, str):
            if "?" in self.base_url or "#" in self.base_url:  # every output's address is made from it
                problem = "is where the site is published: a folder, with no query ('?') or fragment ('#')"
            elif not self.base_url.endswith("/"):
                problem = f"must end with '/' (e.g. {self.base_url + '/'!r})"
        c.add("base_url", problem)

    def _check_locales(self, c: Collector) -> None:
        if not isinstance(self.locales, tuple):
            c.add("locales", f"must be a list of locales such as ['nl', 'en'], not {type_name(self.locales)}")
            return
        if not self.locales:
            c.add("locales", "needs at least one locale, e.g. ['nl', 'en']")
        valid = []
        for i, locale in enumerate(self.locales):
            problem = check_locale(locale)
            c.add(f"locales[{i}]", problem)
            if problem is None:
                valid.append(locale)
        if len(set(valid)) != len(valid):
            c.add("locales", "lists a locale twice")
        accepted = self.untranslated_locales
        if not isinstance(accepted, tuple):
            wrong = type_name(accepted)
            c.add("untranslated_locales", f"must be a list of locales such as ['de'], not {wrong}")
            accepted = ()
        for i, locale in enumerate(accepted):
            if locale not in self.locales:
                message = f"{shown(locale)} is not one of the programme's locales; remove it"
                c.add(f"untranslated_locales[{i}]", message)
            elif locale in accepted[:i]:
                c.add(f"untranslated_locales[{i}]", f"{shown(locale)} is listed twice")
        for locale in valid:
            if locale not in accepted and not has_catalog(locale):
                c.add(f"locales[{self.locales.index(locale)}]", _no_catalog(locale))

    def _check_references(self, c: Collector) -> None:
        orgs = {o.id: o for o in self.organisations}
        people = {p.id: p for p in self.people}
        tags = {t.id: t for t in self.tags}
        kinds = set(BUILTIN_KINDS) | {k.id for k in self.kinds}

        def org_ref(path: str, org: Organisation | None) -> None:
            if org is not None and orgs.get(org.id) != org:
                c.add(path, f"organisation {org.id!r} is not in the programme's organisations")

        for i, org in enumerate(self.organisations):
            # A cycle is the cause: the parent that closes it is another value of the same id.
            cycle = check_parents(org.id, _parent_ids(org))
            c.add(f"organisations[{i}].parent", cycle)
            if cycle is None:
                org_ref(f"organisations[{i}].parent", org.parent)
        for i, person in enumerate(self.people):
            org_ref(f"people[{i}].affiliation", person.affiliation)
        for i, org in enumerate(self.organisers):
            org_ref(f"organisers[{i}]", org)
        for i, session in enumerate(self.sessions):
            path = f"sessions[{i}]"
            if session.kind not in kinds:
                c.add(
                    f"{path}.kind",
                    f"unknown kind {session.kind!r}; use one of {', '.join(sorted(kinds))} "
                    "or declare it under 'kinds'",
                )
            for j, org in enumerate(session.organisers):
                org_ref(f"{path}.organisers[{j}]", org)
            for j, org in enumerate(session.supporters):
                org_ref(f"{path}.supporters[{j}]", org)
            for j, part in enumerate(session.participants):
                if people.get(part.person.id) != part.person:
                    c.add(
                        f"{path}.participants[{j}].person",
                        f"person {part.person.id!r} is not in the programme's people",
                    )
            for j, tag in enumerate(session.tags):
                if tags.get(tag.id) != tag:
                    c.add(f"{path}.tags[{j}]", f"tag {tag.id!r} is not in the programme's tags")

    def _check_text_locales(self, c: Collector) -> None:
        """Every text is in a locale the programme lists.

        Also when a listed locale is not valid: that is reported at ``locales``,
        and a text in it here as listed (its own value says it is no locale).
        """
        if not self.locales or not all(isinstance(locale, str) for locale in self.locales):
            return  # reported above
        texts: list[tuple[str, LocalizedText | None]] = [("title", self.title), ("intro", self.intro)]
        for i, session in enumerate(self.sessions):
            texts += [(f"sessions[{i}].{name}", getattr(session, name)) for name in ("title", "description")]
        texts += [(f"organisations[{i}].name", org.name) for i, org in enumerate(self.organisations)]
        texts += [(f"people[{i}].job_title", person.job_title) for i, person in enumerate(self.people)]
        texts += [(f"tags[{i}].label", tag.label) for i, tag in enumerate(self.tags)]
        texts += [(f"kinds[{i}].label", kind.label) for i, kind in enumerate(self.kinds)]
        for path, text in texts:
            for locale in text.locales if isinstance(text, LocalizedText) else ():
                c.add(f"{path}.{locale}", check_published(locale, self.locales))

    # ------------------------------------------------------------- lookups

    @property
    def default_locale(self) -> str:
        """The first of :attr:`locales`."""
        return self.locales[0]

    def text(self, value: LocalizedText, locale: str) -> Localized:
        """Resolve ``value`` for ``locale``: that locale, then the default, then any."""
        return value.resolve(locale, self.default_locale)

    def session(self, session_id: str) -> Session:
        """Return the session with ``session_id``.

        Raises:
            KeyError: There is none.
        """
        for session in self.sessions:
            if session.id == session_id:
                return session
        raise KeyError(session_id)

    def organisers_of(self, session: Session) -> tuple[Organisation, ...]:
        """The session's organisers, or the programme's when it names none."""
        return session.organisers or self.organisers

    def kind_label(self, kind: str) -> LocalizedText | None:
        """The label of a declared kind; ``None`` for a built-in kind (the catalogs have it)."""
        for declared in self.kinds:
            if declared.id == kind:
                return declared.label
        return None

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        """The default time zone as a :class:`zoneinfo.ZoneInfo`."""
        return zoneinfo.ZoneInfo(self.timezone)
