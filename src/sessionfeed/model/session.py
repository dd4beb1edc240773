"""A session of a programme, and what it refers to: its kind, its tags, its links, its recording."""

from __future__ import annotations

import datetime as dt
import enum
import re
from typing import Any

import attrs

from sessionfeed.model.checks import (
    Collector,
    check_bcp47,
    check_day,
    check_duration,
    check_file_id,
    check_id,
    check_moment,
    check_url,
    check_whole_number,
    is_aware,
    plain_text_problem,
    shown,
    type_name,
)
from sessionfeed.model.fields import (
    as_tuple,
    day_problem,
    instance,
    instances,
    listed_once,
    moment_problem,
    optional,
    text_problems,
)
from sessionfeed.model.people import Organisation, Participation, Person, Role, by_role
from sessionfeed.model.places import AttendanceMode, Location
from sessionfeed.model.text import LocalizedText, shared
from sessionfeed.model.when import Unknown, When, as_instant, when_problem


class Status(enum.StrEnum):
    """Where a session stands, as schema.org's ``eventStatus`` distinguishes it."""

    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"
    POSTPONED = "postponed"
    RESCHEDULED = "rescheduled"
    MOVED_ONLINE = "moved-online"


def _status(value: object) -> Any:
    """A converter to :class:`Status` that keeps a value it cannot convert, for the check to name."""
    try:
        return Status(value) if isinstance(value, str) else value
    except ValueError:
        return value


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
        text_problems(c, "label", self.label, required=True)
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
        text_problems(c, "label", self.label, required=True)
        c.raise_if_any()


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
        optional(c, "page", self.page, check_url)
        optional(c, "registration", self.registration, check_url)
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
        optional(c, "thumbnail", self.thumbnail, check_url)
        optional(c, "embed_url", self.embed_url, check_url)
        if self.media_type is not None:
            problem = plain_text_problem(self.media_type)
            if problem is None and not _MEDIA_TYPE.fullmatch(self.media_type):
                problem = f"{self.media_type!r} is not a media type such as 'video/mp4'"
            c.add("media_type", problem)
        if self.length is not None:
            c.add("length", check_whole_number(self.length, 0, MAX_LENGTH, "a whole number of bytes"))
        optional(c, "duration", self.duration, check_duration)
        optional(c, "published", self.published, day_problem)
        c.raise_if_any()


# ----------------------------------------------------------------------- session


#: The largest revision number: iCalendar's SEQUENCE is an INTEGER (RFC 5545 §3.3.8).
MAX_SEQUENCE = 2**31 - 1


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
    previous_start: dt.datetime | dt.date | None = attrs.field(default=None, eq=as_instant)
    organisers: tuple[Organisation, ...] = attrs.field(default=(), converter=as_tuple)
    supporters: tuple[Organisation, ...] = attrs.field(default=(), converter=as_tuple)
    participants: tuple[Participation, ...] = attrs.field(default=(), converter=by_role)
    tags: tuple[Tag, ...] = attrs.field(default=(), converter=as_tuple)
    links: Links = attrs.field(factory=Links)
    recording: Recording | None = None
    image: str | None = None
    announced: dt.datetime | None = attrs.field(default=None, eq=as_instant)
    updated: dt.datetime | None = attrs.field(default=None, eq=as_instant)
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
        text_problems(c, "title", self.title, required=True)
        text_problems(c, "description", self.description, required=False)
        c.add("language", check_bcp47(self.language))
        c.add("when", when_problem(self.when))
        instance(c, "location", self.location, Location)
        if not isinstance(self.status, Status):
            statuses = ", ".join(s.value for s in Status)
            c.add("status", f"unknown status {shown(self.status)}; use one of {statuses}")
        instance(c, "links", self.links, Links, optional=False)
        instance(c, "recording", self.recording, Recording)
        optional(c, "image", self.image, check_url)
        self._check_previous_start(c)
        optional(c, "announced", self.announced, moment_problem)
        optional(c, "updated", self.updated, moment_problem)
        c.add("sequence", check_whole_number(self.sequence, 0, MAX_SEQUENCE))
        kinds_ok = [
            instances(c, "organisers", self.organisers, Organisation),
            instances(c, "supporters", self.supporters, Organisation),
            instances(c, "participants", self.participants, Participation),
            instances(c, "tags", self.tags, Tag),
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
        for path in ("organisers", "supporters", "tags"):
            listed_once(c, path, [value.id for value in getattr(self, path)])
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
        """The roles that occur, in the order of :class:`Role` (the participants' order)."""
        return tuple(dict.fromkeys(p.role for p in self.participants))

    @property
    def attendance(self) -> AttendanceMode | None:
        """Online, in person or hybrid; ``None`` while the location is unknown."""
        return None if self.location is None else self.location.mode
