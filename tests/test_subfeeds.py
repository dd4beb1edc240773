"""The calendar and feeds of every tag, person, organisation, language and kind.

Each ``<locale>/<facet>/<id>/calendar.ics``, ``feed.rss`` and ``feed.atom``
holds exactly the sessions of that value (worked out here from the model, by
``bench/audit_subfeeds.py``) that the whole programme's file holds, in its
order, each event or entry the very bytes of the whole file's; read by
icalendar, vobject and feedparser. ``render_selection`` gives the bytes the
build writes.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import feedparser
import icalendar
import pytest
import vobject
from hypothesis import given, settings

import sessionfeed as sf
from sessionfeed.exporters.base import Context, OutputFile
from sessionfeed.exporters.feeds import AtomExporter, RSSExporter
from sessionfeed.exporters.ical import ICalExporter
from sessionfeed.exporters.spool import Spool
from sessionfeed.io.toml import load_toml_text
from sessionfeed.model.ids import session_uid, session_uuid
from sessionfeed.model.revisions import Revisions
from sessionfeed.words.compose import Composition
from sessionfeed.words.facet_labels import FacetLabels
from strategies import programmes


ROOT = Path(__file__).resolve().parent.parent
NOW = dt.datetime(2026, 12, 7, 12, 0, tzinfo=dt.UTC)
EXPORTERS = (ICalExporter(), RSSExporter(), AtomExporter())


@pytest.fixture(scope="module")
def audit_module():
    """``bench/audit_subfeeds.py``, which reads every sub-file of a site against the model."""
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import audit_subfeeds

        yield audit_subfeeds
    finally:
        sys.path.remove(str(ROOT / "bench"))


def _build(programme: sf.Programme, out: Path, *, now: dt.datetime = NOW, exporters=EXPORTERS) -> Path:
    sf.build_site(programme, out, exporters=list(exporters), now=now)
    return out


def _context(
    programme: sf.Programme, locale: str, *, now: dt.datetime = NOW, on_demand: bool = False
) -> Context:
    return Context(
        locale=locale,
        revisions=Revisions.from_data(programme),
        composition=Composition(programme, locale),
        now=now,
        selections=tuple(sf.selections(programme, programme.facets)),
        on_demand=on_demand,
    )


def _check_render_selection(programme: sf.Programme, site: Path, exporters=EXPORTERS) -> int:
    """Every value's files made alone have the bytes the build wrote; returns how many were compared."""
    compared = 0
    for locale in programme.locales:
        context = _context(programme, locale)
        for selection in context.selections:
            for exporter in exporters:
                files = exporter.render_selection(programme, context, selection)
                assert files, f"{exporter.name} made no file for {selection.facet}/{selection.id}"
                for output in files:
                    written = (site / locale / output.path).read_bytes()
                    assert output.content == written, f"{locale}/{output.path} differs when made alone"
                    compared += 1
    return compared


@pytest.fixture(scope="module", params=["ser-access-to-remedy", "upcoming-demo"])
def example_site(request, tmp_path_factory) -> tuple[sf.Programme, Path]:
    programme = sf.load(ROOT / "examples" / f"{request.param}.toml")
    return programme, _build(programme, tmp_path_factory.mktemp(request.param) / "site")


def test_every_sub_file_of_the_examples_holds_its_sessions_with_the_whole_files_bytes(
    example_site, audit_module
):
    programme, site = example_site
    problems, counts = audit_module.audit(programme, site)
    assert problems == []
    assert counts["values"] >= 15
    assert counts["files"] == 3 * counts["values"] * len(programme.locales)
    assert counts["entries"] > counts["files"]


def test_render_selection_gives_the_bytes_the_build_writes(example_site):
    programme, site = example_site
    assert _check_render_selection(programme, site) == 3 * len(list(sf.selections(programme))) * 2


def test_the_seed_calendars_are_named_after_what_they_hold(example_site):
    programme, site = example_site
    labels = FacetLabels(programme, "nl")
    person = programme.sessions[0].participants[0].person
    data = (site / "nl" / "people" / person.id / "calendar.ics").read_bytes()
    calendar = icalendar.Calendar.from_ical(data)
    title = labels.title(sf.Facet.PEOPLE, person.id)
    assert title == f"{programme.text(programme.title, 'nl').text} — {person.name}"
    assert str(calendar["X-WR-CALNAME"]) == title
    assert str(calendar["URL"]) == f"{programme.base_url}nl/people/{person.id}/"
    read = vobject.readOne(data.decode())
    assert read.contents["x-wr-calname"][0].value == title
    for name in ("feed.rss", "feed.atom"):
        feed = feedparser.parse((site / "nl" / "people" / person.id / name).read_bytes())
        assert feed.feed.title == title


def test_the_audit_finds_a_sub_file_that_is_wrong(example_site, audit_module, tmp_path):
    programme, site = example_site
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(site, copy)
    calendars = [p for p in sorted((copy / "en").glob("*/*/calendar.ics")) if b"VEVENT" in p.read_bytes()]
    if calendars:  # the seed's sessions are known to the month only: its calendars are empty
        data = calendars[0].read_bytes()
        first = re.search(rb"BEGIN:VEVENT\r\n.*?END:VEVENT\r\n", data, re.DOTALL)
        assert first is not None
        calendars[0].write_bytes(data.replace(first[0], b""))  # a session left out
    rss = copy / "en" / "languages" / programme.sessions[0].language / "feed.rss"
    data = rss.read_bytes()
    item = re.search(rb"\n    <item>.*?\n    </item>", data, re.DOTALL)
    assert item is not None
    rss.write_bytes(data.replace(item[0], b""))
    atom = copy / "nl" / "kinds" / programme.sessions[0].kind / "feed.atom"
    atom.write_bytes(atom.read_bytes().replace(b"<summary", b"<summary xml:space='preserve'", 1))
    problems, _counts = audit_module.audit(programme, copy)
    assert not calendars or any(str(calendars[0]) in p and "UIDs" in p for p in problems), problems
    assert any(str(rss) in p and "ids" in p for p in problems), problems
    assert any(str(atom) in p and "differs" in p for p in problems), problems


@settings(max_examples=25)
@given(programme=programmes(max_sessions=5))
def test_generated_programmes_sub_files(programme, audit_module):
    with tempfile.TemporaryDirectory() as folder:
        site = _build(programme, Path(folder) / "site")
        problems, _counts = audit_module.audit(programme, site)
        assert problems == []
        _check_render_selection(programme, site)


# ------------------------------------------------------------------ the window


def _windowed(window: str) -> sf.Programme:
    """Sessions around the edges of a window of 90 days past and 30 to come; all of one tag and person."""
    edge = NOW - dt.timedelta(days=90)
    ends = {
        "ended-long-ago": NOW - dt.timedelta(days=400),
        "ended-before-edge": edge - dt.timedelta(seconds=1),
        "ended-at-edge": edge,
        "ended-after-edge": edge + dt.timedelta(seconds=1),
        "soon": NOW + dt.timedelta(days=29, hours=1),
        "later": NOW + dt.timedelta(days=31, hours=1),
    }
    text = (
        'id = "p"\ntitle = "P"\nbase_url = "https://example.org/"\nlocales = ["en", "nl"]\n'
        f'timezone = "Europe/Amsterdam"\n{window}\n'
        '[people.ann]\nname = "Ann"\n[people.old]\nname = "Old"\n'
        '[tags.t]\nlabel = { nl = "herstel & verhaal" }\n'
    )
    for ident, end in ends.items():
        person = "old" if ident == "ended-long-ago" else "ann"
        text += (
            f'\n[[sessions]]\nid = "{ident}"\nkind = "webinar"\ntitle = "{ident}"\nlanguage = "en"\n'
            f'tags = ["t"]\nspeakers = ["{person}"]\n'
            f"when = {{ start = {(end - dt.timedelta(hours=1)).strftime('%Y-%m-%dT%H:%M:%SZ')}, "
            f"end = {end.strftime('%Y-%m-%dT%H:%M:%SZ')} }}\n"
        )
    text += (
        '\n[[sessions]]\nid = "undated"\nkind = "webinar"\ntitle = "undated"\nlanguage = "en"\ntags = ["t"]\n'
    )
    return load_toml_text(text)


def _uids(data: bytes) -> list[str]:
    return [str(event["UID"]) for event in icalendar.Calendar.from_ical(data).walk("VEVENT")]


def test_the_window_keeps_exactly_its_sessions_at_its_edges_in_every_sub_file(tmp_path, audit_module):
    programme = _windowed('window = { past = "P90D", upcoming = "P30D" }')
    site = _build(programme, tmp_path / "site")
    by_id = {s.id: s for s in programme.sessions}
    kept = ["ended-after-edge", "soon"]
    folder = site / "en" / "tags" / "t"
    assert _uids((folder / "calendar.ics").read_bytes()) == [session_uid(programme, by_id[i]) for i in kept]
    # The feeds keep the undated session too, as the whole programme's feeds do.
    atom = feedparser.parse((folder / "feed.atom").read_bytes())
    assert {e.id for e in atom.entries} == {
        f"urn:uuid:{session_uuid(programme, by_id[i])}" for i in [*kept, "undated"]
    }
    assert audit_module.audit(programme, site)[0] == []
    _check_render_selection(programme, site)


def test_a_value_whose_sessions_are_all_before_the_window_has_valid_empty_files(tmp_path):
    programme = _windowed('window = { past = "P90D" }')
    site = _build(programme, tmp_path / "site")
    folder = site / "nl" / "people" / "old"
    data = (folder / "calendar.ics").read_bytes()
    calendar = icalendar.Calendar.from_ical(data)
    assert calendar.walk("VEVENT") == []
    # RFC 5545 wants a component: the programme's zone, as in an empty calendar.ics.
    assert calendar.walk("VTIMEZONE")
    calendar.validate()
    assert vobject.readOne(data.decode()).contents.get("vevent", []) == []
    for name in ("feed.rss", "feed.atom"):
        feed = feedparser.parse((folder / name).read_bytes())
        assert not feed.bozo
        assert feed.entries == []
        assert feed.feed.title == "P — Old"
    atom = feedparser.parse((folder / "feed.atom").read_bytes())
    assert atom.feed.updated.startswith("1970-01-01")  # never the clock


def test_a_label_in_another_language_is_marked(tmp_path):
    programme = _windowed("")
    site = _build(programme, tmp_path / "site")
    data = (site / "en" / "tags" / "t" / "calendar.ics").read_bytes()
    assert "NAME;LANGUAGE=nl:P — herstel & verhaal\r\n" in data.decode()
    assert (
        b'<title xml:lang="nl">P \xe2\x80\x94 herstel &amp; verhaal</title>'
        in (site / "en" / "tags" / "t" / "feed.atom").read_bytes()
    )


def test_sub_files_depend_on_the_data_only(tmp_path):
    """Without a window the same programme gives the same sub-files whenever it is built; Atom ids differ per file."""
    programme = _windowed("")
    first = _build(programme, tmp_path / "a")
    later = _build(programme, tmp_path / "b", now=NOW + dt.timedelta(days=3000))
    names = sorted(
        p.relative_to(first) for p in first.rglob("*") if p.is_file() and p.parent.name != "sessions"
    )
    assert [p for p in names if len(p.parts) == 4]  # locale / facet / value / file
    for name in names:
        if name.name != ".sessionfeed-state.json":
            assert (first / name).read_bytes() == (later / name).read_bytes(), name
    ids = [feedparser.parse(p.read_bytes()).feed.id for p in first.rglob("feed.atom")]
    assert len(set(ids)) == len(ids)


# ------------------------------------------------------------------ paging, on demand, the spool


def test_paged_sub_feeds_keep_their_archives_in_their_folder(seed_programme, tmp_path):
    exporters = (RSSExporter(page_size=2), AtomExporter(page_size=2))
    site = _build(seed_programme, tmp_path / "site", exporters=exporters)
    folder = site / "nl" / "languages" / "en"
    held = [s for s in seed_programme.sessions if s.language == "en"]
    assert len(held) > 2
    ids: list[str] = []
    for path in [folder / "feed.atom", *sorted((folder / "archive").glob("*.atom"), reverse=True)]:
        feed = feedparser.parse(path.read_bytes())
        assert not feed.bozo
        ids += [e.id for e in feed.entries]
    assert sorted(ids) == sorted(f"urn:uuid:{session_uuid(seed_programme, s)}" for s in held)
    _check_render_selection(seed_programme, site, exporters)


def test_on_demand_the_build_writes_no_sub_file(seed_programme):
    context = _context(seed_programme, "nl", on_demand=True)
    for exporter in EXPORTERS:
        paths = [f.path for f in exporter.render(seed_programme, context).every_file()]
        assert not [
            p for p in paths if p.split("/")[0] in {"tags", "people", "organisations", "languages", "kinds"}
        ]


def test_sub_files_read_after_the_build_made_them_are_the_same(seed_programme, tmp_path):
    """``every_file`` reads a sub-file once its maker has ended (the spool closed): it is composed afresh."""
    site = _build(seed_programme, tmp_path / "site")
    context = _context(seed_programme, "en")
    for exporter in EXPORTERS:
        for output in exporter.render(seed_programme, context).every_file()[1:]:
            if output.path.count("/") >= 2 and not output.path.startswith("sessions/"):
                assert output.content == (site / "en" / output.path).read_bytes()


def test_the_spool_is_closed_when_its_maker_ends_or_fails(seed_programme, monkeypatch):
    closed: list[int] = []
    original = Spool.close

    def close(self: Spool) -> None:
        closed.append(len(self))
        original(self)

    monkeypatch.setattr(Spool, "close", close)
    context = _context(seed_programme, "nl")
    for exporter in EXPORTERS:
        closed.clear()
        (main,) = exporter.render(seed_programme, context).files
        pieces: Iterator[bytes | OutputFile] = main.pieces()
        for piece in pieces:
            if isinstance(piece, OutputFile) and "/" in piece.path and not piece.path.startswith("sessions/"):
                break  # a build that fails while it writes the sub-files
        pieces.close()  # type: ignore[attr-defined]
        assert len(closed) == 1  # closed as the maker stops
        closed.clear()
        assert main.content  # read to the end
        assert len(closed) == 1  # closed once, after the last sub-file


def test_a_spool_gives_back_what_was_put_in():
    with Spool() as spool:
        assert spool.get("a") is None
        spool.put("a", b"one")
        spool.put("b", b"")
        spool.put("c", b"three")
        assert spool.get("c") == b"three"
        spool.put("d", b"four")  # after a read
        assert (spool.get("a"), spool.get("b"), spool.get("d")) == (b"one", b"", b"four")
        spool.put("a", b"again")
        assert spool.get("a") == b"again"
    assert spool.get("a") is None
