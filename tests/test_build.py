"""Building the site folder: the layout, the summary, identical rebuilds, and all or nothing."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any, ClassVar

import attrs
import pytest

import sessionfeed as sf
import sessionfeed.site.build
import sessionfeed.site.swap
from _diskfull import DiskFull
from sessionfeed.model.facets import selections
from sessionfeed.site import build as _build, layout as _layout
from sessionfeed.site.build import render_site


ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "examples" / "upcoming-demo.toml"
NOW = dt.datetime(2027, 6, 1, 12, tzinfo=dt.UTC)


def tree(folder: Path) -> dict[str, tuple[str, int, int]]:
    """Every file and folder under ``folder``: content hash, inode and modification time."""
    out: dict[str, tuple[str, int, int]] = {}
    for path in sorted(folder.rglob("*")):
        stat = path.stat()
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "dir"
        out[path.relative_to(folder).as_posix()] = (digest, stat.st_ino, stat.st_mtime_ns)
    return out


def contents(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}."))


def small_programme(**fields: Any) -> sf.Programme:
    data = {
        "id": "small",
        "title": {"nl": "Klein", "en": "Small"},
        "base_url": "https://example.org/small/",
        "locales": ["nl", "en"],
        "sessions": [
            {"id": f"s{i}", "kind": "webinar", "title": f"Sessie {i}", "language": "nl", "when": when}
            for i, when in enumerate(["2026-03-12", "2023-12", "tba", {"start": "2026-04-01T10:00:00", "end": "11:00"}])
        ],
        **fields,
    }
    return sf.from_dict(data)


# ------------------------------------------------------------------ exporters


class Echo:
    """A third-party exporter: the bare contract, no BaseExporter."""

    title = "Echo"
    media_type = "text/plain; charset=utf-8"

    def __init__(self, name: str = "echo", filename: str = "echo.txt") -> None:
        self.name = name
        self.filename = filename

    def export(self, programme: sf.Programme, *, locale: str) -> bytes:
        return f"{self.name} {programme.id} {locale} {len(programme.sessions)}\n".encode()


class Dated(sf.BaseExporter):
    """Writes one file per dated session, leaves out the rest with a reason, and prints revisions."""

    name: ClassVar[str] = "dated"
    title: ClassVar[str] = "Dated"
    media_type: ClassVar[str] = "text/plain"
    filename: ClassVar[str] = "dated.txt"

    def render(self, programme: sf.Programme, context: sf.Context) -> sf.Rendering:
        files, included, omitted = [], [], []
        lines = []
        for s in programme.sessions:
            if isinstance(s.when, sf.Timed | sf.AllDay):
                included.append(s.id)
                revision = context.revisions[s.id]
                lines.append(f"{s.id} {revision.sequence} {revision.modified.isoformat()}")
                files.append(sf.OutputFile(path=f"dated/{s.id}.txt", content=s.id.encode(), media_type=self.media_type))
            else:
                reason = "only the month is known" if isinstance(s.when, sf.Month) else "the date is not known yet"
                omitted.append(sf.Omitted(session=s.id, reason=reason))
        main = sf.OutputFile(path=self.filename, content=("\n".join(lines) + "\n").encode(), media_type=self.media_type)
        return sf.Rendering(files=(main, *files), included=included, omitted=omitted, notes=[f"{context.locale} done"])


class Failing(Echo):
    def export(self, programme: sf.Programme, *, locale: str) -> bytes:
        if locale == programme.locales[-1]:
            message = "exporter broke halfway"
            raise RuntimeError(message)
        return super().export(programme, locale=locale)


class Escaping(sf.BaseExporter):
    name: ClassVar[str] = "escaping"
    title: ClassVar[str] = "Escaping"
    media_type: ClassVar[str] = "text/plain"
    filename: ClassVar[str] = "ok.txt"

    def render(self, programme: sf.Programme, context: sf.Context) -> sf.Rendering:
        return sf.Rendering(
            files=[
                sf.OutputFile(path="ok.txt", content=b"ok", media_type="text/plain"),
                sf.OutputFile(path="../../escaped.txt", content=b"gotcha", media_type="text/plain"),
            ],
        )


class Text(Echo):
    def export(self, programme: sf.Programme, *, locale: str) -> bytes:
        return "not bytes"  # type: ignore[return-value]


@pytest.fixture(scope="module")
def demo() -> sf.Programme:
    return sf.load(DEMO)


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory: pytest.TempPathFactory, demo: sf.Programme) -> tuple[Path, sf.BuildReport]:
    out = tmp_path_factory.mktemp("demo") / "site"
    return out, sf.build_site(demo, out, now=NOW)


# --------------------------------------------------------------------- layout


def test_the_layout_of_a_built_site(demo: sf.Programme, demo_site: tuple[Path, sf.BuildReport]) -> None:
    """DIR/index.html, then per locale every exporter's file, one .ics per dated session, the facets' files."""
    out, _ = demo_site
    dated = [s.id for s in demo.sessions if isinstance(s.when, sf.Timed | sf.AllDay)]
    assert len(dated) == 8
    expected = {"index.html", "style.css", _layout.STATE_FILE, _layout.SITEMAP, _layout.ROBOTS}
    for locale in ("nl", "en"):
        expected |= {f"{locale}/{e.filename}" for e in sf.iter_exporters()}
        # Each session's page (the demo is small: no archive pages).
        expected |= {f"{locale}/{_layout.session_page(s.id)}" for s in demo.sessions}
        if "ical" in sf.exporter_names():
            expected |= {f"{locale}/{_layout.session_calendar(ident)}" for ident in dated}
        # Each facet value's page, calendar and feeds.
        for selection in selections(demo, demo.facets):
            folder = f"{locale}/{_layout.facet_folder(selection.facet, selection.id)}"
            expected |= {f"{folder}{name}" for name in (_layout.PAGE, _layout.CALENDAR, _layout.RSS, _layout.ATOM)}
    assert set(contents(out)) == expected
    assert {f"nl/{name}" for name in (_layout.PAGE, _layout.TEXT, _layout.CALENDAR, _layout.RSS, _layout.ATOM, _layout.JSONLD)} <= expected
    assert (out / "nl" / "sessions").is_dir()


def test_the_root_page_sends_visitors_to_the_default_locale(demo_site: tuple[Path, sf.BuildReport]) -> None:
    out, _ = demo_site
    page = (out / "index.html").read_text(encoding="utf-8")
    assert '<html lang="nl">' in page
    assert '<meta http-equiv="refresh" content="0; url=nl/">' in page
    assert '<link rel="canonical" href="https://events.example.org/demo/nl/">' in page
    assert '<a href="nl/" hreflang="nl" lang="nl">Open Gesprek: programma 2027 (nl)</a>' in page
    assert '<a href="en/" hreflang="en" lang="en">Open Dialogue: programme 2027 (en)</a>' in page


def test_each_file_is_what_its_exporter_renders(demo: sf.Programme, demo_site: tuple[Path, sf.BuildReport]) -> None:
    """The build writes exactly the bytes render_site (and serving) gives."""
    out, _ = demo_site
    # A first build has no history: its revisions are the data's.
    files, reports = render_site(demo, sf.Revisions.from_data(demo), list(sf.iter_exporters()), now=NOW)
    on_disk = contents(out)
    assert {k: v for k, v in on_disk.items() if k != _layout.STATE_FILE} == files
    assert len(reports) == 2 * len(sf.exporter_names())


def test_the_summary_of_a_real_build(demo_site: tuple[Path, sf.BuildReport]) -> None:
    """One line per locale and output; the calendar tells which session it left out and why."""
    out, report = demo_site
    lines = report.lines()
    assert lines[0] == f"built {out.absolute()} (9 sessions)"
    text = (out / "nl" / "programme.txt").stat().st_size
    assert f"  nl/programme.txt: 9 sessions, {text / 1000:.1f} kB" in lines
    if "ical" in sf.exporter_names():
        size = (out / "en" / "calendar.ics").stat().st_size
        (calendar,) = [r for r in report.outputs if (r.locale, r.path) == ("en", "calendar.ics")]
        at = lines.index(
            f"  en/calendar.ics: 8 sessions, {size / 1000:.1f} kB, {9 + calendar.copies} files; "
            "left out 1 (the date is not known yet): postponed-masterclass"
        )
        # Its copies in the facets' folders, the largest named with its size.
        copies = sorted((p.stat().st_size, p) for p in (out / "en").glob("*/*/calendar.ics"))
        largest, path = copies[-1]
        assert lines[at + 1] == (
            f"    and {len(copies)} for the facets' values, the largest "
            f"{path.relative_to(out).as_posix()} at {largest / 1000:.1f} kB"
        )
    assert report.sessions == 9
    assert [(r.locale, r.exporter) for r in report.outputs] == [(loc, name) for loc in ("nl", "en") for name in sf.exporter_names()]


def test_the_summary_lists_what_was_left_out_and_why(tmp_path: Path) -> None:
    programme = small_programme()
    report = sf.build_site(programme, tmp_path / "site", exporters=[Dated(), Echo()])
    assert report.lines() == [
        f"built {tmp_path / 'site'} (4 sessions)",
        "  nl/dated.txt: 2 sessions, 62 B, 3 files; left out 1 (only the month is known): s1; left out 1 (the date is not known yet): s2",
        "    note: nl done",
        "  nl/echo.txt: 4 sessions, 16 B",
        "  en/dated.txt: 2 sessions, 62 B, 3 files; left out 1 (only the month is known): s1; left out 1 (the date is not known yet): s2",
        "    note: en done",
        "  en/echo.txt: 4 sessions, 16 B",
    ]
    first = report.outputs[0]
    assert first == sf.FileReport(
        locale="nl", exporter="dated", path="dated.txt", files=3, included=2,
        omitted=(sf.Omitted(session="s1", reason="only the month is known"), sf.Omitted(session="s2", reason="the date is not known yet")),
        notes=("nl done",), size=62,
    )  # fmt: skip


def test_a_long_list_of_left_out_sessions_is_shortened(tmp_path: Path) -> None:
    sessions = [{"id": f"m{i}", "kind": "talk", "title": "T", "language": "en", "when": "2023-12"} for i in range(8)]
    programme = sf.from_dict({"id": "p", "title": "P", "base_url": "https://e.org/", "locales": ["en"], "sessions": sessions})
    lines = sf.build_site(programme, tmp_path / "site", exporters=[Dated()]).lines()
    assert lines[1] == "  en/dated.txt: 0 sessions, 1 B; left out 8 (only the month is known): m0, m1, m2, m3, m4, … (3 more)"


def test_plugin_exporters_through_the_exporters_argument(tmp_path: Path) -> None:
    """A bare third-party exporter writes its file in each locale folder, and every session counts as in."""
    out = tmp_path / "site"
    report = sf.build_site(small_programme(), out, exporters=[Echo("one", "one.txt"), Echo("two", "deep/two.txt")])
    assert contents(out) == {
        "index.html": contents(out)["index.html"],
        "style.css": contents(out)["style.css"],
        _layout.STATE_FILE: contents(out)[_layout.STATE_FILE],
        "nl/one.txt": b"one small nl 4\n",
        "nl/deep/two.txt": b"two small nl 4\n",
        "en/one.txt": b"one small en 4\n",
        "en/deep/two.txt": b"two small en 4\n",
    }
    assert [(r.path, r.included, r.files) for r in report.outputs] == [("one.txt", 4, 1), ("deep/two.txt", 4, 1)] * 2


# ------------------------------------------------------------- identical builds


def test_rebuilds_are_byte_identical(tmp_path: Path, demo: sf.Programme, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same programme and now give the same bytes: rebuilt in place, in a new folder, on another day."""
    first = tmp_path / "a"
    sf.build_site(demo, first, now=NOW)
    built = contents(first)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "2000000000")
    sf.build_site(demo, first, now=NOW)
    assert contents(first) == built
    second = tmp_path / "b"
    sf.build_site(sf.load(DEMO), second, now=NOW)
    assert contents(second) == built


def test_a_changed_time_raises_the_sequence_on_the_next_build(tmp_path: Path) -> None:
    """The state file carries revisions from build to build; a moved session gets sequence + 1."""
    out = tmp_path / "site"
    programme = small_programme()
    sf.build_site(programme, out, exporters=[Dated()])
    before = (out / "nl" / "dated.txt").read_text()
    assert before.splitlines() == ["s0 0 2026-03-11T23:00:00+00:00", "s3 0 2026-03-31T22:00:00+00:00"]
    moved = attrs.evolve(programme, sessions=(attrs.evolve(programme.sessions[0], when=sf.AllDay(start=dt.date(2026, 3, 13), end=dt.date(2026, 3, 13))), *programme.sessions[1:]))
    sf.build_site(moved, out, exporters=[Dated()], now=NOW)
    assert (out / "nl" / "dated.txt").read_text().splitlines() == ["s0 1 2027-06-01T12:00:00+00:00", "s3 0 2026-03-31T22:00:00+00:00"]
    state = json.loads((out / _layout.STATE_FILE).read_text(encoding="utf-8"))
    assert state["sessions"]["s0"]["sequence"] == 1
    # Building the moved programme again changes nothing.
    again = contents(out)
    sf.build_site(moved, out, exporters=[Dated()], now=NOW + dt.timedelta(days=3))
    assert contents(out) == again


def test_a_corrupt_state_file_is_ignored(tmp_path: Path) -> None:
    out = tmp_path / "site"
    sf.build_site(small_programme(), out, exporters=[Dated()])
    fresh = contents(out)
    (out / _layout.STATE_FILE).write_text("{not json", encoding="utf-8")
    sf.build_site(small_programme(), out, exporters=[Dated()])
    assert contents(out) == fresh


# -------------------------------------------------------------- all or nothing


def test_a_failing_exporter_leaves_the_previous_site_exactly_as_it_was(tmp_path: Path) -> None:
    out = tmp_path / "site"
    sf.build_site(small_programme(), out, exporters=[Echo(), Dated()])
    before = tree(out)
    with pytest.raises(RuntimeError, match="exporter broke halfway"):
        sf.build_site(small_programme(), out, exporters=[Echo(), Failing("failing", "failing.txt")])
    assert tree(out) == before
    assert leftovers(out) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_failing_first_build_leaves_nothing(tmp_path: Path) -> None:
    out = tmp_path / "site"
    with pytest.raises(RuntimeError):
        sf.build_site(small_programme(), out, exporters=[Failing()])
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("exporters", "message"),
    [
        ([Escaping()], "exporter 'escaping' wrote '../../escaped.txt' is not a safe relative file name"),
        ([Echo("a", "same.txt"), Echo("b", "same.txt")], "exporter 'b' wrote nl/same.txt, which another output wrote too"),
    ],
    ids=["escaping-path", "two-exporters-one-file"],
)
def test_unsafe_or_clashing_output_is_a_build_error(tmp_path: Path, exporters: list[Any], message: str) -> None:
    out = tmp_path / "site"
    sf.build_site(small_programme(), out, exporters=[Echo()])
    before = tree(out)
    with pytest.raises(sf.BuildError) as caught:
        sf.build_site(small_programme(), out, exporters=exporters)
    assert str(caught.value).startswith(message)
    assert tree(out) == before
    assert leftovers(out) == []
    assert not (tmp_path / "escaped.txt").exists()


class Nesting(sf.BaseExporter):
    """Writes its main file and, along the way, ``shared/one.txt`` (as the calendar writes each session's)."""

    title: ClassVar[str] = "Nesting"
    media_type: ClassVar[str] = "text/plain"

    def __init__(self, name: str) -> None:
        self.name = name  # type: ignore[misc]
        self.filename = f"{name}.txt"  # type: ignore[misc]

    def render(self, programme: sf.Programme, context: sf.Context) -> sf.Rendering:
        def produce() -> Any:
            yield b"main\n"
            yield sf.OutputFile(path="shared/one.txt", content=self.name.encode(), media_type=self.media_type)

        main = sf.OutputFile(path=self.filename, produce=produce, media_type=self.media_type)
        return sf.Rendering(files=(main,), included=())


def test_two_exporters_writing_one_file_along_the_way_is_a_build_error(tmp_path: Path) -> None:
    """The files made along the way are not kept in memory: the writer finds the second one."""
    out = tmp_path / "site"
    sf.build_site(small_programme(), out, exporters=[Echo()])
    before = tree(out)
    exporters = [Nesting("a"), Nesting("b")]
    message = "two outputs wrote nl/shared/one.txt; each file of a site comes from one exporter"
    with pytest.raises(sf.BuildError) as caught:
        sf.build_site(small_programme(), out, exporters=exporters)
    assert str(caught.value) == message
    assert tree(out) == before
    assert leftovers(out) == []
    programme = small_programme()
    with pytest.raises(sf.BuildError) as served:
        render_site(programme, sf.Revisions.from_data(programme), exporters, now=NOW)
    assert str(served.value) == message


def test_an_exporter_returning_text_is_an_error_that_changes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "site"
    sf.build_site(small_programme(), out, exporters=[Echo()])
    before = tree(out)
    with pytest.raises(TypeError, match="exporter 'echo' returned str, not bytes"):
        sf.build_site(small_programme(), out, exporters=[Text()])
    assert tree(out) == before


def test_leftovers_of_a_killed_build_are_removed(tmp_path: Path) -> None:
    out = tmp_path / "site"
    (tmp_path / ".site.tmp-abc123").mkdir()
    (tmp_path / ".site.tmp-abc123" / "half.txt").write_text("half")
    (tmp_path / ".site.old-xyz").mkdir()
    (tmp_path / ".other.tmp-1").mkdir()
    sf.build_site(small_programme(), out, exporters=[Echo()])
    assert sorted(p.name for p in tmp_path.iterdir()) == [".other.tmp-1", "site"]


# ------------------------------------------------------------- the out folder


def test_a_folder_that_is_not_a_site_is_refused_without_force(tmp_path: Path) -> None:
    out = tmp_path / "documents"
    out.mkdir()
    (out / "thesis.docx").write_bytes(b"precious")
    before = tree(out)
    with pytest.raises(sf.BuildError) as caught:
        sf.build_site(small_programme(), out, exporters=[Echo()])
    assert str(caught.value) == (
        f"{out}: is a folder with other files and no earlier sessionfeed build in it; "
        "choose an empty or new folder, or pass --force to replace it"
    )
    assert caught.value.invalid_input is True
    assert tree(out) == before
    assert leftovers(out) == []
    sf.build_site(small_programme(), out, exporters=[Echo()], force=True)
    assert not (out / "thesis.docx").exists()
    assert (out / "nl" / "echo.txt").read_bytes() == b"echo small nl 4\n"


def test_an_empty_folder_and_an_earlier_build_are_replaced(tmp_path: Path) -> None:
    out = tmp_path / "site"
    out.mkdir()
    sf.build_site(small_programme(), out, exporters=[Echo()])
    (out / "nl" / "stale.txt").write_text("from an old build")
    sf.build_site(small_programme(), out, exporters=[Dated()])
    assert not (out / "nl" / "stale.txt").exists()
    assert not (out / "nl" / "echo.txt").exists()
    assert (out / "nl" / "dated.txt").exists()


def test_out_must_be_a_folder(tmp_path: Path) -> None:
    out = tmp_path / "site.txt"
    out.write_text("a file")
    with pytest.raises(sf.BuildError, match="exists and is not a folder; choose another --out") as caught:
        sf.build_site(small_programme(), out, exporters=[Echo()], force=True)
    assert caught.value.invalid_input is True
    assert out.read_text() == "a file"


def test_a_parent_that_is_a_file_is_a_build_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(sf.BuildError, match="cannot write there"):
        sf.build_site(small_programme(), tmp_path / "file" / "site", exporters=[Echo()])


def test_a_parent_that_cannot_be_written_is_a_build_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Permission denied while making the staging folder: BuildError, and the site is unchanged."""
    out = tmp_path / "site"
    sf.build_site(small_programme(), out, exporters=[Echo()])
    before = tree(out)

    def denied(*args: Any, **kwargs: Any) -> str:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkdtemp", denied)
    with pytest.raises(sf.BuildError) as caught:
        sf.build_site(small_programme(), out, exporters=[Echo()])
    assert str(caught.value) == f"{out}: cannot write there: Permission denied"
    assert caught.value.invalid_input is False
    assert tree(out) == before


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root may write into read-only folders")
def test_a_read_only_parent_folder_is_a_build_error(tmp_path: Path) -> None:
    parent = tmp_path / "ro"
    parent.mkdir()
    out = parent / "site"
    sf.build_site(small_programme(), out, exporters=[Echo()])
    before = tree(out)
    parent.chmod(0o555)
    try:
        with pytest.raises(sf.BuildError, match="cannot write there"):
            sf.build_site(small_programme(), out, exporters=[Echo()])
        assert tree(out) == before
    finally:
        parent.chmod(0o755)


def test_a_failure_while_writing_keeps_the_previous_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A full disk halfway through: BuildError saying the previous site is unchanged, and it is."""
    out = tmp_path / "site"
    sf.build_site(small_programme(), out, exporters=[Echo()])
    before = tree(out)
    DiskFull(fail_at=3).install(monkeypatch)
    with pytest.raises(sf.BuildError) as caught:
        sf.build_site(small_programme(), out, exporters=[Echo()])
    assert str(caught.value) == f"{out}: the build could not be written (No space left on device); the previous site is unchanged"
    monkeypatch.undo()
    assert tree(out) == before
    assert leftovers(out) == []


def test_a_failing_swap_puts_the_previous_site_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """If the new folder cannot be moved in, the old one is renamed back."""
    out = tmp_path / "site"
    sf.build_site(small_programme(), out, exporters=[Echo()])
    before = tree(out)
    original = Path.rename

    def rename(self: Path, target: Any) -> Path:
        if Path(target) == out and ".tmp-" in self.name:
            raise OSError(18, "Invalid cross-device link")
        return original(self, target)

    monkeypatch.setattr(Path, "rename", rename)
    # The two-rename fallback (systems without an atomic exchange of folders).
    monkeypatch.setattr(sessionfeed.site.swap, "exchange", lambda first, second: False)
    with pytest.raises(sf.BuildError, match="the previous site is unchanged"):
        sf.build_site(small_programme(), out, exporters=[Dated()])
    monkeypatch.undo()
    assert tree(out) == before
    assert leftovers(out) == []


def test_build_site_module_exports() -> None:
    assert set(_build.__all__) == {"BuildReport", "FileReport", "build_site", "iter_site", "render_site"}


def test_each_locale_s_words_are_freed_when_it_is_done(demo: sf.Programme, tmp_path: Path) -> None:
    """What a locale composed (its sessions' words, its phrases) is freed before the next locale.

    Without the collector: nothing refers back to a locale's composition, so
    no cycle keeps its words alive while the next locale composes its own.
    """
    import gc

    from sessionfeed.words.compose import SessionBlock
    from sessionfeed.words.phrases import Phrases

    def alive() -> int:
        return sum(isinstance(o, SessionBlock | Phrases) for o in gc.get_objects())

    gc.collect()
    gc.disable()
    try:
        before = alive()
        kept: dict[str, int] = {}
        pieces = _build.iter_site(demo, sf.Revisions.from_data(demo), list(sf.iter_exporters()), [])
        for path, _piece, done in pieces:
            if path.endswith("/programme.txt") and done:  # a locale is under way: its words are kept
                kept[path] = alive() - before
        assert len(kept) == 2
        assert min(kept.values()) > 0
        assert alive() == before
        sf.build_site(demo, tmp_path / "site")
        assert alive() == before
    finally:
        gc.enable()


# ------------------------------------------------------------------ the command line

_FILE = """\
id = "cli"
locales = ["nl", "en"]
base_url = "https://example.org/cli/"
title = "{title}"

[[sessions]]
id = "one"
kind = "webinar"
language = "nl"
title = "Een"
when = {{ start = 2026-03-12T14:00:00, end = 2026-03-12T15:00:00 }}
{extra}
"""


def test_the_summary_names_removals_from_the_language_choice_page(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    """`sessionfeed build`: a title with a control character; every file that removes it says so."""
    from sessionfeed.cli import main

    path = tmp_path / "programme.toml"
    path.write_text(_FILE.format(title="Web\\u001binars", extra=""), encoding="utf-8")
    assert main(["build", str(path), "--out", str(tmp_path / "site")]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    at = lines.index("  index.html")
    assert lines[at + 1] == (
        "    note: removed 1 character that HTML does not allow (U+001B) "
        "from the programme's title, introduction or contact"
    )
    for file in ("index.html", "programme.txt", "events.jsonld", "feed.rss", "feed.atom", "calendar.ics"):
        for locale in ("nl", "en"):
            at = next(i for i, line in enumerate(lines) if line.startswith(f"  {locale}/{file}:"))
            notes = [line for line in lines[at + 1 : at + 4] if line.startswith("    note:")]
            assert any("(U+001B)" in note for note in notes), (file, lines[at : at + 4])
    assert "\x1b" not in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")


def test_a_change_at_the_largest_sequence_stops_the_build(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    """`sessionfeed build` at SEQUENCE 2147483647: exit 2 and what to do; the site stays as it was."""
    from sessionfeed.cli import main

    path = tmp_path / "programme.toml"
    out = tmp_path / "site"
    path.write_text(_FILE.format(title="Webinars", extra="sequence = 2147483647"), encoding="utf-8")
    assert main(["build", str(path), "--out", str(out)]) == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    capsys.readouterr()
    path.write_text(
        _FILE.format(title="Webinars", extra="sequence = 2147483647").replace("T14:00", "T16:00").replace("T15:00", "T17:00"),
        encoding="utf-8",
    )
    assert main(["build", str(path), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "session 'one'" in err
    assert "2147483647" in err
    assert "give it a new id" in err
    assert "Traceback" not in err
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


# --------------------------------------------------------------- locales side by side


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_locales_written_side_by_side_give_the_same_bytes_and_summary(tmp_path: Path, demo: sf.Programme) -> None:
    now = dt.datetime(2026, 12, 7, 12, tzinfo=dt.UTC)
    one = sf.build_site(demo, tmp_path / "one", now=now, jobs=1)
    two = sf.build_site(demo, tmp_path / "two", now=now, jobs=2)
    many = sf.build_site(demo, tmp_path / "many", now=now, jobs=8)  # more than locales: one each
    assert _files(tmp_path / "one") == _files(tmp_path / "two") == _files(tmp_path / "many")
    assert one.outputs == two.outputs == many.outputs
    assert [r.locale for r in two.outputs if r.locale] == sorted(
        (r.locale for r in two.outputs if r.locale), key=demo.locales.index
    )


def test_an_error_in_one_locale_stops_the_whole_build(tmp_path: Path, demo: sf.Programme) -> None:
    """A template that breaks only in the second locale: the same error as one process gives, nothing written."""
    templates = tmp_path / "t"
    templates.mkdir()
    (templates / "base.html").write_text(
        '{% extends "sessionfeed/base.html" %}\n'
        '{% block footer %}{% if locale == "en" %}{{ nothing.here }}{% endif %}{% endblock %}\n',
        encoding="utf-8",
    )
    errors = []
    for jobs in (1, 2):
        out = tmp_path / f"site{jobs}"
        with pytest.raises(sf.TemplateError) as caught:
            sf.build_site(demo, out, templates=templates, jobs=jobs)
        errors.append((str(caught.value), caught.value.file, caught.value.line))
        assert not out.exists()
        assert leftovers(out) == []
    assert errors[0] == errors[1]
    assert "base.html:2:" in errors[0][0]


@pytest.mark.parametrize("jobs", [0, -1, True, 1.5, "2"])
def test_jobs_must_be_a_whole_number_of_processes(tmp_path: Path, jobs: object) -> None:
    with pytest.raises(sf.ArgumentError, match="jobs must be a whole number"):
        sf.build_site(small_programme(), tmp_path / "site", jobs=jobs)  # type: ignore[arg-type]
    assert not (tmp_path / "site").exists()


def test_large_programmes_are_written_one_locale_at_a_time_unless_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each worker comes to hold its own copy of the programme: above the limit, one process."""
    from sessionfeed.site import workers

    monkeypatch.setattr(workers, "available_cores", lambda: 4)
    assert workers.default_jobs(workers.PARALLEL_UP_TO) == 4
    assert workers.default_jobs(workers.PARALLEL_UP_TO + 1) == 1
