"""Audit every sub-calendar and sub-feed of a built site against the programme.

Usage (from the repository root)::

    sessionfeed build PROGRAMME -o SITE_DIR
    python bench/audit_subfeeds.py PROGRAMME SITE_DIR

For every locale and every value of the programme's facets (a tag, person,
organisation, language, kind), the site must hold
``<locale>/<facet>/<id>/calendar.ics``, ``feed.rss`` and ``feed.atom``, and
no folder for a value no session has. Each is read by independent parsers
(icalendar and vobject for the calendar, feedparser for the feeds) and must
hold exactly the sessions of that value that the whole programme's file of
the locale holds (the same window), in the same order, each event or entry
the very bytes it has in the whole programme's file. Which sessions a value
has is worked out here from the model, by the rules written in
``sessionfeed.model.facets`` (an organisation has the sessions it organises or
supports and those of people affiliated to it or to an organisation under
it), not by sessionfeed's own code. The names are those of
``FacetLabels.title``; the links are the value's page and the file itself.

Prints what it checked, and every problem; exits 1 when there is one. The
test suite runs :func:`audit` on the examples and on generated programmes.
"""

from __future__ import annotations

import argparse
import html
import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import feedparser
import icalendar
import vobject

import sessionfeed as sf
from sessionfeed.exporters.feeds.xml_text import xml_text
from sessionfeed.model.facets import Facet
from sessionfeed.model.ids import session_uid, session_uuid
from sessionfeed.words.facet_labels import FacetLabels


__all__ = ["audit", "expected_selections", "main"]

#: An event, from its BEGIN line to its END line (a folded text goes on with CRLF and a space).
_VEVENT = re.compile(rb"(?<=\n)BEGIN:VEVENT\r\n.*?\r\nEND:VEVENT\r\n", re.DOTALL)
_UID = re.compile(rb"\r\nUID:(.*?)\r\n(?! )", re.DOTALL)
_ATOM_ENTRY = re.compile(rb"\n  <entry>.*?\n  </entry>", re.DOTALL)
_RSS_ITEM = re.compile(rb"\n    <item>.*?\n    </item>", re.DOTALL)
_ATOM_ID = re.compile(rb"<id>([^<]*)</id>")
_RSS_GUID = re.compile(rb"<guid[^>]*>([^<]*)</guid>")
_TEXT_ESCAPE = re.compile(r"\\([\\;,nN])")
#: What iCalendar cannot carry in a text (RFC 5545 §3.1): control characters but TAB and line ends.
_NOT_IN_ICALENDAR = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


def _organisations(session: sf.Session) -> Iterator[str]:
    """The organisations a session belongs to: its organisers, supporters, its people's and their parents'."""
    for org in (*session.organisers, *session.supporters):
        yield org.id
    for participation in session.participants:
        org = participation.person.affiliation
        seen: set[str] = set()
        while org is not None and org.id not in seen:
            seen.add(org.id)
            yield org.id
            org = org.parent


def expected_selections(programme: sf.Programme) -> dict[tuple[str, str], list[sf.Session]]:
    """Every value of the programme's facets with its sessions in programme order, from the model alone."""
    found: dict[tuple[str, str], list[sf.Session]] = {}
    for session in programme.sessions:
        values = {
            "tags": [tag.id for tag in session.tags],
            "people": [p.person.id for p in session.participants],
            "organisations": list(_organisations(session)),
            "languages": [session.language],
            "kinds": [session.kind],
        }
        for facet in programme.facets:
            for value in dict.fromkeys(values[str(facet)]):
                found.setdefault((str(facet), value), []).append(session)
    return found


def _uid(event: bytes) -> str:
    match = _UID.search(b"\r\n" + event)
    assert match is not None, event[:200]
    return match[1].replace(b"\r\n ", b"").decode()


def _unescape(value: Any) -> str:
    """A TEXT value that icalendar reads as an unknown property keeps its escapes."""
    text = str(value)
    if isinstance(value, icalendar.vText):
        return text
    return _TEXT_ESCAPE.sub(lambda m: "\n" if m[1] in "nN" else m[1], text)


def _lines(text: str) -> str:
    """A text with every line end LF (feedparser reads CRLF as LF)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


class _Audit:
    """The problems found, and how much was checked."""

    def __init__(self, limit: int) -> None:
        self.problems: list[str] = []
        self.limit = limit
        self.files = 0
        self.entries = 0

    def check(self, ok: bool, message: str) -> None:
        if not ok:
            self.problems.append(message)
            if len(self.problems) >= self.limit:
                raise _TooMany

    def calendar(
        self, path: Path, title: str, folder_url: str, events: dict[str, bytes], uids: list[str]
    ) -> None:
        """One sub-calendar: its events, in order, the same bytes; its name and links."""
        data = path.read_bytes()
        self.files += 1
        self.entries += len(uids)
        raw = _VEVENT.findall(data)
        got = [_uid(event) for event in raw]
        self.check(got == uids, f"{path}: UIDs {got[:5]}… ≠ expected {uids[:5]}… ({len(got)} vs {len(uids)})")
        for uid, event in zip(got, raw, strict=False):
            self.check(events.get(uid) == event, f"{path}: the event {uid} differs from calendar.ics's")
        title = _NOT_IN_ICALENDAR.sub("", title.replace("\r\n", "\n").replace("\r", "\n"))
        calendar = icalendar.Calendar.from_ical(data)
        parsed = [str(event["UID"]) for event in calendar.walk("VEVENT")]
        self.check(parsed == uids, f"{path}: icalendar reads UIDs {parsed[:5]}…, expected {uids[:5]}…")
        self.check(_unescape(calendar["X-WR-CALNAME"]) == title, f"{path}: X-WR-CALNAME is not {title!r}")
        self.check(_unescape(calendar["NAME"]) == title, f"{path}: NAME is not {title!r}")
        self.check(str(calendar["URL"]) == folder_url, f"{path}: URL is not {folder_url}")
        self.check(
            str(calendar["SOURCE"]) == folder_url + "calendar.ics", f"{path}: SOURCE is not its own URL"
        )
        self.check(bool(calendar.walk("VTIMEZONE")) or bool(uids), f"{path}: no component at all")
        other = vobject.readOne(data.decode("utf-8"))
        read = [event.uid.value for event in other.contents.get("vevent", [])]
        self.check(read == uids, f"{path}: vobject reads UIDs {read[:5]}…, expected {uids[:5]}…")

    def feed(
        self,
        path: Path,
        title: str,
        folder_url: str,
        entries: dict[str, bytes],
        ids: list[str],
        feed_ids: set[str],
    ) -> None:
        """One sub-feed: its entries, in order, the same bytes; its title, links and id."""
        data = path.read_bytes()
        self.files += 1
        self.entries += len(ids)
        atom = path.suffix == ".atom"
        raw = (_ATOM_ENTRY if atom else _RSS_ITEM).findall(data)
        pattern = _ATOM_ID if atom else _RSS_GUID
        got = [pattern.search(entry)[1].decode() for entry in raw]  # type: ignore[index]
        self.check(got == ids, f"{path}: ids {got[:3]}… ≠ expected {ids[:3]}… ({len(got)} vs {len(ids)})")
        for ident, entry in zip(got, raw, strict=False):
            self.check(
                entries.get(ident) == entry, f"{path}: the entry {ident} differs from the whole feed's"
            )
        parsed = feedparser.parse(data)
        self.check(not parsed.bozo, f"{path}: feedparser: {parsed.get('bozo_exception')}")
        self.check([e.id for e in parsed.entries] == ids, f"{path}: feedparser reads other ids")
        # RSS leaves the title's type open: text that looks like markup is written escaped, read back as HTML.
        got_title = parsed.feed.get("title", "") if atom else html.unescape(parsed.feed.get("title", ""))
        self.check(_lines(got_title) == _lines(title), f"{path}: title {got_title!r} ≠ {title!r}")
        # Atom links the value's page in every locale (hreflang); RSS has one link.
        pages = [link.href for link in parsed.feed.get("links", []) if link.get("rel") == "alternate"]
        self.check(folder_url in pages, f"{path}: no link to {folder_url} in {pages}")
        if not atom:
            self.check(parsed.feed.get("link") == folder_url, f"{path}: link is not {folder_url}")
        own = folder_url + path.name
        self_links = [link.href for link in parsed.feed.get("links", []) if link.get("rel") == "self"]
        self.check(self_links == [own], f"{path}: self link {self_links} ≠ {own}")
        if atom:
            feed_id = parsed.feed.get("id", "")
            self.check(feed_id not in feed_ids, f"{path}: the Atom id {feed_id} is another feed's too")
            feed_ids.add(feed_id)


class _TooMany(Exception):
    pass


def _main_entries(folder: Path) -> tuple[dict[str, bytes], list[str], dict[str, bytes], list[str], list[str]]:
    """The whole programme's events by UID and entries by id (both feeds), with their orders."""
    ics = folder / "calendar.ics"
    events = {_uid(event): event for event in _VEVENT.findall(ics.read_bytes())}
    entries: dict[str, bytes] = {}
    orders: list[list[str]] = []
    for name, pattern, ident in (("feed.atom", _ATOM_ENTRY, _ATOM_ID), ("feed.rss", _RSS_ITEM, _RSS_GUID)):
        order = []
        for entry in pattern.findall((folder / name).read_bytes()):
            key = ident.search(entry)[1].decode()  # type: ignore[index]
            entries[f"{name}:{key}"] = entry
            order.append(key)
        orders.append(order)
    atom_order, rss_order = orders
    return events, list(events), entries, atom_order, rss_order


def audit(programme: sf.Programme, site: Path, *, limit: int = 20) -> tuple[list[str], dict[str, int]]:
    """Every sub-calendar and sub-feed of ``site`` against ``programme``.

    Returns:
        The problems (at most ``limit``), and counts: values, files and entries checked.
    """
    result = _Audit(limit)
    expected = expected_selections(programme)
    try:
        for locale in programme.locales:
            folder = site / locale
            events, _calendar_order, entries, atom_order, rss_order = _main_entries(folder)
            labels = FacetLabels(programme, locale)
            feed_ids: set[str] = set()
            for facet in ("tags", "people", "organisations", "languages", "kinds"):
                present = {p.name for p in (folder / facet).iterdir()} if (folder / facet).is_dir() else set()
                wanted = {value for (f, value) in expected if f == facet}
                # A hub page may stand for a value with no files of its own; the files must not.
                with_files = {v for v in present if (folder / facet / v / "calendar.ics").exists()}
                result.check(
                    with_files == wanted, f"{locale}/{facet}: files for {sorted(with_files ^ wanted)[:5]}"
                )
            for (facet, value), sessions in expected.items():
                sub = folder / facet / value
                url = f"{programme.base_url}{locale}/{facet}/{value}/"
                title = labels.title(Facet(facet), value)
                uids = [uid for s in sessions if (uid := session_uid(programme, s)) in events]
                result.calendar(sub / "calendar.ics", title, url, events, uids)
                members = {f"urn:uuid:{session_uuid(programme, s)}" for s in sessions}
                feed_title = xml_text(title).strip()
                for name, order in (("feed.atom", atom_order), ("feed.rss", rss_order)):
                    ids = [ident for ident in order if ident in members]
                    mine = {ident: entries[f"{name}:{ident}"] for ident in ids}
                    result.feed(sub / name, feed_title, url, mine, ids, feed_ids)
    except _TooMany:
        result.problems.append(f"… stopped after {limit} problems")
    return result.problems, {"values": len(expected), "files": result.files, "entries": result.entries}


def main(argv: list[str] | None = None) -> int:
    """Audit the site ``SITE_DIR`` built from ``PROGRAMME``; 0 when every sub-file is right."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("programme", help="the programme file the site was built from")
    parser.add_argument("site", type=Path, help="the built site's folder")
    parser.add_argument("--limit", type=int, default=20, help="stop after this many problems")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    programme = sf.load(args.programme)
    problems, counts = audit(programme, args.site, limit=args.limit)
    seconds = time.perf_counter() - started
    print(
        f"{args.site}: {counts['values']} facet values in {len(programme.locales)} locales, "
        f"{counts['files']} files, {counts['entries']} events and entries checked in {seconds:.0f} s",
    )
    for problem in problems:
        print(f"  problem: {problem}")
    print("OK" if not problems else f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
