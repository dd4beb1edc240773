"""Check that a peer route says the same sessions, with the same titles, as sessionfeed.

A route is only worth timing against sessionfeed if it writes the same thing:
the worker calls :func:`check` on each peer's output of the warm-up programme
before it times anything, and a route that fails is reported as not
available, with the difference. The outputs are read back with parsers that
owe nothing to sessionfeed (icalendar, feedparser, :mod:`json`); the sessions
are paired by their identifier (the calendar's ``UID``, the feed entry's
``id``, the JSON-LD ``@id``), and each title must hold the session's title
for the locale (sessionfeed adds a status word and, in feeds, the month).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any


__all__ = ["ContentDiffers", "check"]


class ContentDiffers(Exception):
    """A peer route's output does not hold what sessionfeed's does."""


def _ical(data: bytes) -> dict[str, str]:
    import icalendar

    calendar = icalendar.Calendar.from_ical(data)
    return {str(event["UID"]): str(event.get("SUMMARY", "")) for event in calendar.walk("VEVENT")}


def _feed(data: bytes) -> dict[str, str]:
    import feedparser

    parsed = feedparser.parse(data)
    if parsed.bozo:
        raise ContentDiffers(f"a feed does not parse: {parsed.get('bozo_exception')}")
    return {entry.id: entry.title for entry in parsed.entries}


def _jsonld(data: bytes | str) -> dict[str, str]:
    document = json.loads(data)
    nodes = document.get("@graph", []) if isinstance(document, dict) else document
    return {
        node["@id"]: node.get("name", "")
        for node in nodes
        if str(node.get("@type", "")).endswith("Event") and node.get("@type") != "EventSeries"
    }


#: kind -> (the parser to {identifier: title}, sessionfeed's exporters for it)
_KINDS: dict[str, tuple[Callable[[Any], dict[str, str]], tuple[str, ...]]] = {
    "ical": (_ical, ("ical",)),
    "feeds": (_feed, ("rss", "atom")),
    "jsonld": (_jsonld, ("jsonld",)),
}


def _expected(programme: Any, kind: str, locale: str) -> dict[str, str]:
    """Each session's identifier in ``kind`` -> its title for ``locale``, from the model."""
    import _peers

    expected = {}
    for session in programme.sessions:
        name = programme.text(session.title, locale).text
        if kind == "jsonld":
            expected[f"{programme.base_url}{locale}/#{session.id}"] = name
        else:
            uid = _peers.session_uid(programme, session)
            expected[uid if kind == "ical" else f"urn:uuid:{uid}"] = name
    return expected


def _compare(label: str, ours: dict[str, str], theirs: dict[str, str], expected: dict[str, str]) -> None:
    if ours.keys() != theirs.keys():
        only_ours = sorted(ours.keys() - theirs.keys())[:3]
        only_theirs = sorted(theirs.keys() - ours.keys())[:3]
        message = (
            f"{label}: sessionfeed has {len(ours)} sessions, the route {len(theirs)} "
            f"(only in sessionfeed's: {only_ours}; only in the route's: {only_theirs})"
        )
        raise ContentDiffers(message)
    for key, title in theirs.items():
        want = expected.get(key)
        if want is None:
            raise ContentDiffers(f"{label}: {key!r} is no session of the programme")
        for who, got in (("sessionfeed", ours[key]), ("the route", title)):
            if want not in got:
                raise ContentDiffers(f"{label}: {who} titles {key!r} {got!r}, not {want!r}")


def check(kind: str, programme: Any, locale: str, output: Any) -> None:
    """Raise :class:`ContentDiffers` unless ``output`` has sessionfeed's sessions and titles.

    Args:
        kind: ``ical``, ``feeds`` (``output`` is the RSS and the Atom feed) or ``jsonld``.
        programme: The programme the route was given.
        locale: The locale the route wrote.
        output: What the route returned.
    """
    import sessionfeed

    parse, exporters = _KINDS[kind]
    outputs = output if isinstance(output, tuple | list) else (output,)
    if len(outputs) != len(exporters):
        raise ContentDiffers(f"{kind}: the route gave {len(outputs)} outputs, not {len(exporters)}")
    expected = _expected(programme, kind, locale)
    for name, theirs in zip(exporters, outputs, strict=True):
        ours = sessionfeed.get_exporter(name).export(programme, locale=locale)
        _compare(f"{name} ({locale})", parse(ours), parse(theirs), expected)
