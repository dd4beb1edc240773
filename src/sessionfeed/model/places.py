"""Where a session is: online, at a venue, or both."""

from __future__ import annotations

import enum

import attrs

from sessionfeed.model.checks import (
    Collector,
    check_url,
    plain_text_problem,
)
from sessionfeed.model.fields import (
    instance,
    optional,
)
from sessionfeed.model.text import shared


class AttendanceMode(enum.StrEnum):
    """How people attend, derived from a :class:`Location`."""

    ONLINE = "online"
    IN_PERSON = "in-person"
    HYBRID = "hybrid"


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
        optional(c, "url", self.url, check_url)
        optional(c, "platform", self.platform)
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
            optional(c, name, getattr(self, name))
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
        instance(c, "address", self.address, Address)
        optional(c, "url", self.url, check_url)
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
        instance(c, "online", self.online, Online)
        instance(c, "venue", self.venue, Venue)
        if self.online is None and self.venue is None:
            c.add("", "needs 'online', a 'venue', or both (hybrid)")
        c.raise_if_any()

    @property
    def mode(self) -> AttendanceMode:
        """Online, in person, or hybrid."""
        if self.online is not None and self.venue is not None:
            return AttendanceMode.HYBRID
        return AttendanceMode.ONLINE if self.online is not None else AttendanceMode.IN_PERSON
