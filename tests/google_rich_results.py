"""Google Search's structured-data requirements, as a checker for the tests (not part of the library).

Google publishes, per rich-result feature, the properties it requires (a
missing or invalid one is an error: the item is not eligible) and those it
recommends (a warning: "non-critical issue"). This module encodes the rules
for the features sessionfeed's markup can trigger, from these pages of Google
Search Central (read 2026-12; re-read them when a rule here is in doubt):

* Event: https://developers.google.com/search/docs/appearance/structured-data/event
  (required ``name``, ``startDate`` as an ISO 8601 date or date and time, with the
  UTC offset for online events, ``location`` as a ``Place`` with ``address`` or a
  ``VirtualLocation`` with ``url``; recommended ``description``, ``endDate``,
  ``eventAttendanceMode``, ``eventStatus``, ``image``, ``offers``, ``organizer``,
  ``performer``, ``previousStartDate``), and the statuses and attendance modes of
  https://developers.google.com/search/blog/2020/03/new-properties-virtual-or-canceled-events
  (``previousStartDate`` goes with ``EventRescheduled``). Every subtype of ``Event``
  (``EducationEvent``, ``EventSeries``, ...) is read as an event.
* Video: https://developers.google.com/search/docs/appearance/structured-data/video
  (required ``name``, ``thumbnailUrl``, ``uploadDate`` in ISO 8601, a time zone
  recommended; recommended ``description``, ``contentUrl`` or ``embedUrl``,
  ``duration``, ``expires``).
* Summary pages: https://developers.google.com/search/docs/appearance/structured-data/carousel
  (an ``ItemList`` whose ``ListItem`` each have ``position`` and ``url``).
* Profile pages: https://developers.google.com/search/docs/appearance/structured-data/profile-page
  (required ``mainEntity``, a ``Person`` or ``Organization`` with a ``name``;
  recommended ``dateCreated``, ``dateModified`` and, on the entity, ``alternateName``,
  ``identifier``, ``image``, ``sameAs``, ``description``).

A ``Person`` or ``Organization`` anywhere should have a ``name`` (Google's
features show it; a warning), and a profile page's must (an error). References (``{"@id": ...}``) are followed to the node of
the document with that ``@id``; a reference to nothing is a node without
properties, as Google sees it. Month-only dates (``2023-12``) are errors: Google
documents a day, or a day and a time, and nothing coarser.

Use :func:`check` for a report per node, :func:`errors` for the error lines.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any


__all__ = ["NodeReport", "check", "errors", "warnings"]

_SCHEMA_PREFIXES = ("https://schema.org/", "http://schema.org/", "schema:")

#: schema.org's Event and its subtypes (schema.org 12.0), which Google reads as events.
EVENT_TYPES = frozenset(
    {
        "Event", "BusinessEvent", "ChildrensEvent", "ComedyEvent", "CourseInstance", "DanceEvent",
        "DeliveryEvent", "EducationEvent", "EventSeries", "ExhibitionEvent", "Festival", "FoodEvent",
        "Hackathon", "LiteraryEvent", "MusicEvent", "PublicationEvent", "BroadcastEvent", "OnDemandEvent",
        "SaleEvent", "ScreeningEvent", "SocialEvent", "SportsEvent", "TheaterEvent", "VisualArtsEvent",
    },
)  # fmt: skip
_STATUSES = {"EventScheduled", "EventCancelled", "EventPostponed", "EventRescheduled", "EventMovedOnline"}
_MODES = {"OnlineEventAttendanceMode", "OfflineEventAttendanceMode", "MixedEventAttendanceMode"}

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME = re.compile(r"(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:\d{2})?")
_COARSE = re.compile(r"\d{4}(-\d{2})?")
_DURATION = re.compile(r"P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?")
_URL = re.compile(r"https?://[^\s/?#]+[^\s]*")
_URL_IN_TEXT = re.compile(r"https?://|\bwww\.", re.IGNORECASE)


@dataclass
class NodeReport:
    """What Google would say of one node: its errors (not eligible) and warnings (non-critical)."""

    node: str
    type: str
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def error(self, message: str) -> None:
        self.errors.append(message)

    def warn(self, message: str) -> None:
        self.warnings.append(message)


# ----------------------------------------------------------------- the document


def _short(name: str) -> str:
    for prefix in _SCHEMA_PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def _types(node: dict[str, Any]) -> list[str]:
    value = node.get("@type", [])
    return [_short(t) for t in (value if isinstance(value, list) else [value]) if isinstance(t, str)]


def _walk(value: Any) -> Iterator[dict[str, Any]]:
    """Every JSON object in ``value``, outermost first."""
    if isinstance(value, dict):
        yield value
        for key, item in value.items():
            if key != "@context":
                yield from _walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from _walk(item)


class _Document:
    def __init__(self, doc: Any) -> None:
        self.by_id: dict[str, dict[str, Any]] = {}
        for node in _walk(doc):
            if "@id" in node and len(node) > 1:
                self.by_id.setdefault(node["@id"], {}).update(node)
        self.nodes = [n for n in _walk(doc) if _types(n)]

    def resolve(self, value: Any) -> Any:
        """A reference as the node it refers to (an empty node when there is none)."""
        if isinstance(value, dict) and "@id" in value and not _types(value):
            return self.by_id.get(value["@id"], {})
        return value

    def values(self, node: dict[str, Any], prop: str) -> list[Any]:
        value = node.get(prop)
        if value is None:
            return []
        return [self.resolve(v) for v in (value if isinstance(value, list) else [value])]


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _is_url(value: Any) -> bool:
    return isinstance(value, str) and _URL.fullmatch(value) is not None


def _enum(value: Any) -> str | None:
    return _short(value) if isinstance(value, str) else None


# ----------------------------------------------------------------------- dates


@dataclass(frozen=True)
class _When:
    kind: str  # "date", "datetime", "coarse" (a year or a month), "invalid"
    offset: bool = False
    instant: dt.datetime | dt.date | None = None


def _parse_when(value: Any) -> _When:
    if not isinstance(value, str):
        return _When("invalid")
    if _DATE.fullmatch(value):
        try:
            return _When("date", instant=dt.date.fromisoformat(value))
        except ValueError:
            return _When("invalid")
    match = _DATETIME.fullmatch(value)
    if match:
        try:
            parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return _When("invalid")
        return _When("datetime", offset=match.group(3) is not None, instant=parsed)
    if _COARSE.fullmatch(value):
        return _When("coarse")
    return _When("invalid")


def _check_date(report: NodeReport, prop: str, value: Any, *, offset_needed: bool) -> _When:
    when = _parse_when(value)
    if when.kind == "coarse":
        report.error(
            f"{prop} {value!r} is only a year or a month: give a full date (YYYY-MM-DD) or date and time"
        )
    elif when.kind == "invalid":
        report.error(f"{prop} {value!r} is not an ISO 8601 date or date and time")
    elif when.kind == "datetime" and not when.offset:
        message = f"{prop} {value!r} has no UTC offset"
        if offset_needed:
            report.error(message + " (required for online events)")
        else:
            report.warn(message)
    return when


def _before(end: _When, start: _When) -> bool:
    a, b = end.instant, start.instant
    if a is None or b is None:
        return False
    if isinstance(a, dt.datetime) and isinstance(b, dt.datetime):
        if (a.tzinfo is None) != (b.tzinfo is None):
            return False
        return a < b
    day_a = a.date() if isinstance(a, dt.datetime) else a
    day_b = b.date() if isinstance(b, dt.datetime) else b
    return day_a < day_b


# ----------------------------------------------------------------------- event


def _check_place(doc: _Document, report: NodeReport, place: dict[str, Any]) -> None:
    if not _text(place.get("name")):
        report.warn("location.name (the venue's name) is recommended")
    addresses = doc.values(place, "address")
    if not addresses:
        report.error("location.address is required for a Place")
    for address in addresses:
        if isinstance(address, str):
            continue
        if not isinstance(address, dict) or "PostalAddress" not in _types(address):
            report.error("location.address must be a PostalAddress or a text")
            continue
        for prop in ("streetAddress", "addressLocality", "postalCode", "addressRegion", "addressCountry"):
            if not _text(address.get(prop)):
                report.warn(f"location.address.{prop} is recommended")


def _check_location(doc: _Document, report: NodeReport, node: dict[str, Any]) -> tuple[bool, bool]:
    """Check ``location``; return whether it has a virtual and a physical part."""
    virtual = physical = False
    locations = doc.values(node, "location")
    if not locations:
        report.error("location is required")
    for location in locations:
        types = _types(location) if isinstance(location, dict) else []
        if "VirtualLocation" in types:
            virtual = True
            url = location.get("url")
            if url is None:
                report.error("location.url is required for a VirtualLocation (where to join)")
            elif not _is_url(url):
                report.error(f"location.url {url!r} is not an absolute http(s) URL")
        elif types:  # Place and its subtypes
            physical = True
            _check_place(doc, report, location)
        else:
            report.error("location must be a Place or a VirtualLocation")
    return virtual, physical


def _check_people(doc: _Document, report: NodeReport, node: dict[str, Any]) -> None:
    organizers = doc.values(node, "organizer")
    if not organizers:
        report.warn("organizer is recommended")
    for organizer in organizers:
        if not isinstance(organizer, dict) or not _text(organizer.get("name")):
            report.warn("organizer.name is recommended")
        elif not organizer.get("url"):
            report.warn("organizer.url is recommended")
    performers = doc.values(node, "performer")
    if not performers:
        report.warn("performer is recommended")
    for performer in performers:
        if not isinstance(performer, dict) or not _text(performer.get("name")):
            report.warn("performer.name is recommended")


def _check_offers(doc: _Document, report: NodeReport, node: dict[str, Any]) -> None:
    offers = doc.values(node, "offers")
    if not offers:
        report.warn("offers is recommended")
    for offer in offers:
        if not isinstance(offer, dict):
            report.error("offers must be an Offer")
            continue
        for prop in ("availability", "price", "priceCurrency", "validFrom", "url"):
            if prop not in offer:
                report.warn(f"offers.{prop} is recommended")
        if "price" in offer and not isinstance(offer["price"], int | float | str):
            report.error("offers.price must be a number")
        if "validFrom" in offer:
            _check_date(report, "offers.validFrom", offer["validFrom"], offset_needed=False)


def _check_event(doc: _Document, report: NodeReport, node: dict[str, Any]) -> None:
    name = _text(node.get("name"))
    if name is None:
        report.error("name is required")
    elif _URL_IN_TEXT.search(name):
        report.warn("name should hold no URL")
    virtual, physical = _check_location(doc, report, node)
    mode = _enum(node.get("eventAttendanceMode"))
    online = mode == "OnlineEventAttendanceMode" or (virtual and not physical)
    if "startDate" not in node:
        report.error("startDate is required")
        start = _When("invalid")
    else:
        start = _check_date(report, "startDate", node["startDate"], offset_needed=online)
    if "endDate" in node:
        end = _check_date(report, "endDate", node["endDate"], offset_needed=online)
        if _before(end, start):
            report.error("endDate is before startDate")
    else:
        report.warn("endDate is recommended")
    if mode is None:
        report.warn("eventAttendanceMode is recommended")
    elif mode not in _MODES:
        report.error(
            f"eventAttendanceMode {node['eventAttendanceMode']!r} is not an EventAttendanceModeEnumeration"
        )
    elif mode == "OnlineEventAttendanceMode" and not virtual:
        report.error("an online event needs a VirtualLocation")
    elif mode == "OfflineEventAttendanceMode" and not physical:
        report.error("an offline event needs a Place")
    elif mode == "MixedEventAttendanceMode" and not (virtual and physical):
        report.warn("a mixed event should have both a Place and a VirtualLocation")
    status = _enum(node.get("eventStatus"))
    if status is None:
        report.warn("eventStatus is recommended")
    elif status not in _STATUSES:
        report.error(f"eventStatus {node['eventStatus']!r} is not an EventStatusType")
    if "previousStartDate" in node:
        _check_date(report, "previousStartDate", node["previousStartDate"], offset_needed=online)
        if status != "EventRescheduled":
            report.warn("previousStartDate belongs with eventStatus EventRescheduled")
    if not _text(node.get("description")):
        report.warn("description is recommended")
    images = doc.values(node, "image")
    if not images:
        report.warn("image is recommended")
    for image in images:
        if not (_is_url(image) or (isinstance(image, dict) and _is_url(image.get("url")))):
            report.error(f"image {image!r} is not an image URL")
    _check_offers(doc, report, node)
    _check_people(doc, report, node)


# ----------------------------------------------------------------------- video


def _check_video(doc: _Document, report: NodeReport, node: dict[str, Any]) -> None:
    if not _text(node.get("name")):
        report.error("name is required")
    thumbnails = doc.values(node, "thumbnailUrl")
    if not thumbnails:
        report.error("thumbnailUrl is required")
    for thumbnail in thumbnails:
        if not (_is_url(thumbnail) or (isinstance(thumbnail, dict) and _is_url(thumbnail.get("url")))):
            report.error(f"thumbnailUrl {thumbnail!r} is not an image URL")
    if "uploadDate" not in node:
        report.error("uploadDate is required")
    else:
        _check_date(report, "uploadDate", node["uploadDate"], offset_needed=False)
    if not _text(node.get("description")):
        report.warn("description is recommended")
    urls = [node[p] for p in ("contentUrl", "embedUrl") if p in node]
    if not urls:
        report.warn("contentUrl or embedUrl is recommended (Google may not find the video file)")
    for url in urls:
        if not _is_url(url):
            report.error(f"{url!r} is not an absolute http(s) URL")
    if "duration" not in node:
        report.warn("duration is recommended")
    elif not (isinstance(node["duration"], str) and _DURATION.fullmatch(node["duration"])):
        report.error(f"duration {node['duration']!r} is not an ISO 8601 duration")
    if "expires" in node:
        _check_date(report, "expires", node["expires"], offset_needed=False)


# -------------------------------------------------------------- lists, people


def _check_item_list(doc: _Document, report: NodeReport, node: dict[str, Any]) -> None:
    items = doc.values(node, "itemListElement")
    if not items:
        report.error("itemListElement is required")
    positions: list[int] = []
    for item in items:
        if not isinstance(item, dict) or "ListItem" not in _types(item):
            report.error("each itemListElement must be a ListItem")
            continue
        position = item.get("position")
        if not isinstance(position, int) or isinstance(position, bool) or position < 1:
            report.error(f"ListItem.position {position!r} must be a whole number from 1")
        else:
            positions.append(position)
        if not _is_url(item.get("url")) and not isinstance(item.get("item"), dict):
            report.error("ListItem.url (the page of the item) is required")
    if len(positions) != len(set(positions)):
        report.error("ListItem positions repeat")


def _check_profile_page(doc: _Document, report: NodeReport, node: dict[str, Any]) -> None:
    entities = doc.values(node, "mainEntity")
    if not entities:
        report.error("mainEntity is required")
    for entity in entities:
        types = _types(entity) if isinstance(entity, dict) else []
        if not {"Person", "Organization"} & set(types):
            report.error("mainEntity must be a Person or an Organization")
            continue
        if not _text(entity.get("name")):
            report.error("mainEntity.name is required")
        for prop in ("alternateName", "identifier", "image", "sameAs", "description"):
            if prop not in entity:
                report.warn(f"mainEntity.{prop} is recommended")
    for prop in ("dateCreated", "dateModified"):
        if prop in node:
            _check_date(report, prop, node[prop], offset_needed=False)
        else:
            report.warn(f"{prop} is recommended")


def _check_named(report: NodeReport, node: dict[str, Any]) -> None:
    # Google's features show a person's or an organisation's name (performer.name, organizer.name
    # are recommended); only a profile page's main entity requires one (an error there).
    if not _text(node.get("name")):
        report.warn("name is recommended")


# ----------------------------------------------------------------------- entry


def check(doc: Any) -> list[NodeReport]:
    """A report for every node of ``doc`` (a JSON-LD document as parsed JSON) that Google reads."""
    document = _Document(doc)
    reports: list[NodeReport] = []
    top = doc if isinstance(doc, list) else [doc]
    for item in top:
        context = item.get("@context") if isinstance(item, dict) else None
        if not (
            isinstance(context, str) and context.rstrip("/") in {"https://schema.org", "http://schema.org"}
        ):
            reports.append(NodeReport("(document)", "", errors=["@context is not schema.org"]))
    for node in document.nodes:
        types = set(_types(node))
        label = str(node.get("@id", node.get("name", "(blank)")))
        report = NodeReport(label, ", ".join(sorted(types)))
        if types & EVENT_TYPES:
            _check_event(document, report, node)
        elif "VideoObject" in types:
            _check_video(document, report, node)
        elif "ItemList" in types:
            _check_item_list(document, report, node)
        elif "ProfilePage" in types:
            _check_profile_page(document, report, node)
        elif types & {"Person", "Organization"}:
            _check_named(report, node)
        else:
            continue
        reports.append(report)
    return reports


def errors(doc: Any) -> list[str]:
    """Every error of ``doc``, one line each: ``<node> (<type>): <message>``."""
    return [f"{r.node} ({r.type}): {e}" for r in check(doc) for e in r.errors]


def warnings(doc: Any) -> list[str]:
    """Every warning of ``doc``, one line each."""
    return [f"{r.node} ({r.type}): {w}" for r in check(doc) for w in r.warnings]
