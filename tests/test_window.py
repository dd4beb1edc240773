"""The window in the files a subscriber reads: calendars and feeds keep what it promises, pages keep all."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import feedparser
import icalendar
import pytest
import vobject

import sessionfeed as sf
from sessionfeed.exporters.registry import get_exporter
from sessionfeed.io.toml import load_toml_text
from sessionfeed.model.ids import session_uid


NOW = dt.datetime(2026, 12, 7, 12, 0, tzinfo=dt.UTC)
EXPORTERS = ("ical", "jcal", "rss", "atom")


def _programme(window: str) -> sf.Programme:
    """Sessions around the edges of a window of 90 days past and 30 days to come, in UTC."""
    edge = NOW - dt.timedelta(days=90)
    ends = {
        "ended-long-ago": NOW - dt.timedelta(days=400),
        "ended-before-edge": edge - dt.timedelta(seconds=1),
        "ended-at-edge": edge,
        "ended-after-edge": edge + dt.timedelta(seconds=1),
        "under-way": NOW + dt.timedelta(minutes=30),
        "soon": NOW + dt.timedelta(days=29, hours=1),
        "later": NOW + dt.timedelta(days=31, hours=1),
    }
    sessions = "".join(
        f"""
[[sessions]]
id = "{ident}"
kind = "webinar"
title = "{ident}"
language = "en"
when = {{ start = {(end - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")}, end = {end.strftime("%Y-%m-%dT%H:%M:%SZ")} }}
"""
        for ident, end in ends.items()
    )
    sessions += '\n[[sessions]]\nid = "undated"\nkind = "webinar"\ntitle = "undated"\nlanguage = "en"\n'
    head = (
        'id = "p"\ntitle = "P"\nbase_url = "https://example.org/"\nlocales = ["en"]\n'
        f'timezone = "UTC"\n{window}\n'
    )
    return load_toml_text(head + sessions)


def _build(programme: sf.Programme, out: Path, now: dt.datetime = NOW) -> Path:
    sf.build_site(programme, out, exporters=[get_exporter(name) for name in EXPORTERS], now=now)
    return out / "en"


def _calendar_uids(folder: Path) -> set[str]:
    data = (folder / "calendar.ics").read_bytes()
    uids = {str(event["UID"]) for event in icalendar.Calendar.from_ical(data).walk("VEVENT")}
    other = vobject.readOne(data.decode("utf-8"))
    assert {event.uid.value for event in other.vevent_list} == uids
    jcal = json.loads((folder / "calendar.json").read_text("utf-8"))
    assert {p[3] for e in jcal[2] if e[0] == "vevent" for p in e[1] if p[0] == "uid"} == uids
    return uids


def _feed_ids(folder: Path, name: str) -> set[str]:
    parsed = feedparser.parse((folder / name).read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    return {entry.id for entry in parsed.entries}


def _uids(programme: sf.Programme, ids: list[str]) -> set[str]:
    by_id = {s.id: s for s in programme.sessions}
    return {session_uid(programme, by_id[i]) for i in ids}


KEPT = ["ended-after-edge", "under-way", "soon"]


def test_calendars_and_feeds_keep_exactly_the_sessions_within_the_window(tmp_path: Path) -> None:
    programme = _programme('window = { past = "P90D", upcoming = "P30D" }')
    folder = _build(programme, tmp_path / "site")
    assert _calendar_uids(folder) == _uids(programme, KEPT)
    # The feeds keep the undated session too: no clock can say it is over.
    rss, atom = _feed_ids(folder, "feed.rss"), _feed_ids(folder, "feed.atom")
    assert len(rss) == len(atom) == len(KEPT) + 1
    whole = _feed_ids(_build(_programme(""), tmp_path / "whole"), "feed.atom")
    assert atom < whole  # the same ids as the whole programme's, fewer of them
    # Each dated session keeps its own file: its page links to it.
    assert sorted(p.stem for p in (folder / "sessions").glob("*.ics")) == sorted(
        s.id for s in programme.sessions if s.id != "undated"
    )


def test_past_none_keeps_only_what_has_not_ended(tmp_path: Path) -> None:
    programme = _programme('window = { past = "none" }')
    assert _calendar_uids(_build(programme, tmp_path / "site")) == _uids(
        programme, ["under-way", "soon", "later"]
    )


@pytest.mark.parametrize("window", ["", 'window = { past = "all", upcoming = "all" }'])
def test_without_a_window_every_dated_session_stays_and_the_bytes_do_not_depend_on_now(
    tmp_path: Path, window: str
) -> None:
    programme = _programme(window)
    first = _build(programme, tmp_path / "a")
    later = _build(programme, tmp_path / "b", now=NOW + dt.timedelta(days=3650))
    assert len(_calendar_uids(first)) == 7
    for name in ("calendar.ics", "calendar.json", "feed.rss", "feed.atom"):
        assert (first / name).read_bytes() == (later / name).read_bytes()


def test_the_summary_says_why_a_session_is_left_out(tmp_path: Path) -> None:
    programme = _programme('window = { past = "P90D", upcoming = "P30D" }')
    report = sf.build_site(programme, tmp_path / "site", exporters=[get_exporter("ical")], now=NOW)
    reasons = {o.session: o.reason for f in report.outputs for o in f.omitted}
    assert reasons["ended-at-edge"] == "ended before the window (window.past = 'P90D')"
    assert reasons["later"] == "begins after the window (window.upcoming = 'P30D')"
    assert reasons["undated"] == "the date is not known yet"
    assert "soon" not in reasons


def test_the_programme_page_counts_the_coming_sessions_the_calendar_holds() -> None:
    """The subscribe block's "holds N coming sessions" counts what the window keeps."""
    from sessionfeed.exporters.html.timeline import timeline

    assert timeline(_programme(""), NOW).calendar_count == 3  # under way, soon, later
    assert timeline(_programme('window = { upcoming = "P30D" }'), NOW).calendar_count == 2
