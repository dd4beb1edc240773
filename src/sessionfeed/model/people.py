"""The people of a programme, the organisations they belong to, and the roles they play in a session."""

from __future__ import annotations

import enum
import itertools
from collections.abc import Iterable, Iterator
from typing import Any

import attrs

from sessionfeed.model.checks import (
    Collector,
    check_id,
    check_url,
    plain_text_problem,
    shown,
)
from sessionfeed.model.fields import (
    as_tuple,
    instance,
    instances,
    optional,
    text_problems,
)
from sessionfeed.model.text import LocalizedText


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


def _role(value: object) -> Any:
    """A converter to :class:`Role` that keeps a value it cannot convert, for the check to name."""
    try:
        return Role(value) if isinstance(value, str) else value
    except ValueError:
        return value


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
        text_problems(c, "name", self.name, required=True)
        optional(c, "short_name", self.short_name)
        optional(c, "url", self.url, check_url)
        instance(c, "parent", self.parent, Organisation)
        c.raise_if_any()

    def ancestors(self) -> Iterator[Organisation]:
        """Yield the parent, its parent, and so on."""
        return itertools.islice(lineage(self), 1, None)


def lineage(org: Organisation | None) -> Iterator[Organisation]:
    """``org``, its parent, its parent's parent, and so on, until one whose id came before."""
    seen: set[str] = set()
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
    same_as: tuple[str, ...] = attrs.field(default=(), converter=as_tuple)

    def __attrs_post_init__(self) -> None:
        c = Collector()
        c.add("id", check_id(self.id))
        c.add("name", plain_text_problem(self.name))
        instance(c, "affiliation", self.affiliation, Organisation)
        optional(c, "url", self.url, check_url)
        text_problems(c, "job_title", self.job_title, required=False)
        if instances(c, "same_as", self.same_as, str, "URLs"):
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
        instance(c, "person", self.person, Person, optional=False)
        if not isinstance(self.role, Role):
            c.add("role", f"unknown role {shown(self.role)}; use one of {', '.join(r.value for r in Role)}")
        c.raise_if_any()


_ROLE_ORDER = {role: i for i, role in enumerate(Role)}


def by_role(participants: Iterable[Participation]) -> tuple[Participation, ...]:
    """Group by role in the order of :class:`Role`, keeping the given order within a role.

    Anything but participations is kept as it is, for :class:`Session` to name.
    """
    values = as_tuple(participants)
    if isinstance(values, tuple) and all(isinstance(p, Participation) for p in values):
        return tuple(sorted(values, key=lambda p: _ROLE_ORDER[p.role]))
    return values
