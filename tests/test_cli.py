"""The ``sessionfeed`` command: every subcommand in-process, exit codes 0/1/2, messages without tracebacks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import sessionfeed as sf
from sessionfeed.check import lint
from sessionfeed.cli import main
from sessionfeed.site import layout as _layout


ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "examples" / "upcoming-demo.toml"
SEED = ROOT / "examples" / "ser-access-to-remedy.toml"

CLEAN = """\
id = "clean"
locales = ["en"]
title = "Clean programme"
base_url = "https://example.org/clean/"
organisers = ["org"]
free = true
image = "https://example.org/clean/banner.png"

[organisations.org]
name = "Org"
url = "https://example.org/"

[people.ana]
name = "Ana Example"
affiliation = "org"

[[sessions]]
id = "one"
kind = "webinar"
language = "en"
title = "Remedy in practice"
description = "An hour on remedy, with questions."
when = { start = 2026-03-12T14:00:00, end = 2026-03-12T15:00:00 }
location.online.url = "https://meet.example.org/one"
speakers = ["ana"]
"""


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


# --------------------------------------------------------------------- formats


def test_formats_lists_every_installed_exporter(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "formats")
    assert (code, err) == (0, "")
    rows = [line.split() for line in out.splitlines()]
    assert [row[0] for row in rows] == sf.exporter_names()
    for row, exporter in zip(rows, sf.iter_exporters(), strict=True):
        line = " ".join(row)
        assert line.startswith(f"{exporter.name} {exporter.filename} {exporter.media_type}")
        assert line.endswith(exporter.title)


# ---------------------------------------------------------------------- export


@pytest.mark.parametrize(("argv", "locale"), [(["-f", "text", "-l", "en"], "en"), (["--format", "TEXT"], "nl"), (["-f", "txt", "--locale", "nl"], "nl")])
def test_export_writes_the_exporter_bytes(capsysbinary: pytest.CaptureFixture[bytes], argv: list[str], locale: str) -> None:
    """export writes exactly what the exporter returns; the default locale is the programme's first."""
    assert main(["export", str(DEMO), *argv]) == 0
    out, err = capsysbinary.readouterr()
    assert err == b""
    assert out == sf.get_exporter("text").export(sf.load(DEMO), locale=locale)


def test_export_problems_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "export", DEMO, "-f", "icss")
    assert (code, out) == (2, "")
    assert err == f"error: no exporter named 'icss'; known exporters: {', '.join(sf.exporter_names())}\n"
    code, out, err = run(capsys, "export", DEMO, "-f", "text", "-l", "de")
    assert (code, out) == (2, "")
    assert err == "error: --locale 'de' is not one of the programme's locales (nl, en)\n"


# ----------------------------------------------------------------------- build


def test_build_writes_the_site_and_prints_the_summary(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out_dir = tmp_path / "site"
    code, out, err = run(capsys, "build", DEMO, "--out", out_dir)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == f"built {out_dir} (9 sessions)"
    text = (out_dir / "nl" / _layout.TEXT).stat().st_size
    assert f"  nl/programme.txt: 9 sessions, {text / 1000:.1f} kB" in lines
    calendar = (out_dir / "en" / _layout.CALENDAR).stat().st_size
    copies = len(list((out_dir / "en").glob("*/*/calendar.ics")))
    assert (
        f"  en/calendar.ics: 8 sessions, {calendar / 1000:.1f} kB, {9 + copies} files; "
        "left out 1 (the date is not known yet): postponed-masterclass"
    ) in lines
    assert (out_dir / "en" / _layout.TEXT).read_bytes() == sf.get_exporter("text").export(sf.load(DEMO), locale="en")
    # Again, quietly, with two exporters only: the whole folder is replaced.
    code, out, err = run(capsys, "build", DEMO, "-o", out_dir, "-q", "-f", "text", "--format", "atom")
    assert (code, out, err) == (0, "", "")
    assert sorted(p.name for p in (out_dir / "nl").iterdir() if p.is_file()) == sorted([_layout.TEXT, _layout.ATOM])
    # The Atom feeds of each facet's values, and nothing else in their folders.
    assert {p.name for p in (out_dir / "nl").glob("*/*/*")} == {_layout.ATOM}


def test_build_refuses_a_folder_of_other_files(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("mine")
    code, out, err = run(capsys, "build", DEMO, "--out", tmp_path)
    assert code == 2
    assert out == ""
    assert err == (
        f"error: {tmp_path}: is a folder with other files and no earlier sessionfeed build in it; "
        "choose an empty or new folder, or pass --force to replace it\n"
    )
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]
    code, out, err = run(capsys, "build", DEMO, "--out", tmp_path, "--force", "-q", "-f", "text")
    assert (code, err) == (0, "")
    assert not (tmp_path / "keep.txt").exists()


@pytest.mark.parametrize("kind", ["file", "folder-of-other-files"])
def test_an_out_that_cannot_be_used_is_invalid_input(capsys: pytest.CaptureFixture[str], tmp_path: Path, kind: str) -> None:
    """An --out that is a file, or a folder of other files without --force, is the user's input: exit 2."""
    out = tmp_path / "out"
    if kind == "file":
        out.write_text("x")
    else:
        out.mkdir()
        (out / "keep.txt").write_text("mine")
    assert run(capsys, "build", DEMO, "--out", out)[0] == 2


def test_build_with_an_unknown_format_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "build", DEMO, "--out", tmp_path / "site", "-f", "pdf")
    assert code == 2
    assert err.startswith("error: no exporter named 'pdf'; known exporters: html, text")
    assert not (tmp_path / "site").exists()


def test_an_unwritable_out_folder_exits_1(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    code, out, err = run(capsys, "build", DEMO, "--out", tmp_path / "file" / "site")
    assert (code, out) == (1, "")
    assert err.startswith(f"error: {tmp_path / 'file' / 'site'}: cannot write there: ")


# ----------------------------------------------------------------------- check


@pytest.mark.parametrize("path", [DEMO, SEED], ids=["demo", "seed"])
def test_check_prints_one_finding_a_line(capsys: pytest.CaptureFixture[str], path: Path) -> None:
    """check prints lint's findings, counts them on stderr, and exits 1 when there are warnings."""
    findings = lint(sf.load(path), filename=str(path), source=path.read_text(encoding="utf-8"))
    warnings = sum(f.severity == "warning" for f in findings)
    code, out, err = run(capsys, "check", path)
    assert out.splitlines() == [str(f) for f in findings]
    assert err == f"{path}: {warnings} warnings, {len(findings) - warnings} notes\n"
    assert code == (1 if warnings else 0)
    assert warnings > 0


def test_check_of_a_programme_without_findings(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "clean.toml"
    path.write_text(CLEAN, encoding="utf-8")
    assert run(capsys, "check", path) == (0, f"{path}: no findings\n", "")


def test_check_reports_every_problem_with_file_and_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(CLEAN.replace('kind = "webinar"', 'kind = "hackathon"').replace('affiliation = "org"', 'affiliation = "orgg"'), encoding="utf-8")
    code, out, err = run(capsys, "check", path)
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        f"error: {path}:15: people.ana.affiliation: unknown organisation 'orgg'; did you mean 'org'?",
        f"error: {path}:19: sessions[0].kind: unknown kind 'hackathon'; use one of conference, course, debate, "
        "interview, keynote, lecture, masterclass, meeting, panel, roundtable, seminar, talk, webinar, "
        "workshop or declare it under 'kinds'",
    ]


# ----------------------------------------------------------------------- serve


def test_serve_passes_its_options_on(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """serve hands the file, address, port and cache time to sessionfeed.serve.app.serve and returns its code."""
    import sessionfeed.serve.app

    calls: list[tuple[Any, ...]] = []

    def fake_serve(programme: str, **options: Any) -> int:
        calls.append((programme, options))
        print("serving", file=options["out"])
        return 0

    monkeypatch.setattr(sessionfeed.serve.app, "serve", fake_serve)
    assert run(capsys, "serve", DEMO) == (0, "serving\n", "")
    assert run(capsys, "serve", DEMO, "--host", "0.0.0.0", "--port", "9000", "--max-age", "60") == (0, "serving\n", "")
    assert run(capsys, "serve", DEMO, "--feed-page-size", "3") == (0, "serving\n", "")
    assert [(c[0], {k: v for k, v in c[1].items() if k not in {"out", "exporters"}}) for c in calls] == [
        (str(DEMO), {"host": "127.0.0.1", "port": 8000, "max_age": 300}),
        (str(DEMO), {"host": "0.0.0.0", "port": 9000, "max_age": 60}),
        (str(DEMO), {"host": "127.0.0.1", "port": 8000, "max_age": 300}),
    ]
    assert [c[1]["exporters"] for c in calls[:2]] == [None, None]
    paged = {e.name: getattr(e, "page_size", None) for e in calls[2][1]["exporters"]}
    assert paged == {e.name: 3 if e.name in {"rss", "atom"} else None for e in sf.iter_exporters()}


def test_build_with_paged_feeds(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """``--feed-page-size N``: archive pages of N older sessions each, the newest (up to N) in the feed."""
    import feedparser

    out_dir = tmp_path / "site"
    code, out, err = run(capsys, "build", DEMO, "--out", out_dir, "--feed-page-size", "4", "-q")
    assert (code, out, err) == (0, "", "")
    for name in ("feed.rss", "feed.atom"):
        extension = name.split(".")[1]
        pages = [out_dir / "nl" / name, *sorted((out_dir / "nl" / "archive").glob(f"*.{extension}"))]
        counts = [len(feedparser.parse(page.read_bytes()).entries) for page in pages]
        assert 1 <= counts[0] <= 4, (name, counts)
        assert counts[1:] == [4] * (len(pages) - 1), (name, counts)
        assert sum(counts) == len(sf.load(DEMO).sessions), (name, counts)
        assert len(pages) == 3


@pytest.mark.parametrize("value", ["0", "-2", "many", "1.5"])
def test_a_feed_page_size_must_be_a_whole_number(capsys: pytest.CaptureFixture[str], tmp_path: Path, value: str) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["build", str(DEMO), "--out", str(tmp_path / "site"), "--feed-page-size", value])
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert f"--feed-page-size: {value!r} is not a whole number of at least 1" in err
    assert not (tmp_path / "site").exists()


# -------------------------------------------------------- files that are wrong


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file; give the path of a programme file (.toml)"),
        (b"", "is empty; a programme needs at least id, title, base_url and locales"),
        (b"\x00\x01\x02binary\xff", "is a binary file, not a TOML text file"),
        (b'id = "x\n', "1: not valid TOML: Illegal character '\\n' at column 8"),
        (b"title = 'caf\xe9'\n", "1: is not UTF-8 text; save it as UTF-8"),
    ],
    ids=["missing", "empty", "binary", "malformed", "latin-1"],
)
@pytest.mark.parametrize("command", [["check"], ["build", "--out", "SITE"], ["export", "-f", "text"], ["serve"]], ids=lambda c: c[0])
def test_a_file_that_is_not_a_programme_exits_2_naming_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    content: bytes | None, message: str, command: list[str],
) -> None:  # fmt: skip
    import sessionfeed.serve.app

    def fake_serve(programme: str, **options: Any) -> int:
        sf.load(programme)
        return 0

    monkeypatch.setattr(sessionfeed.serve.app, "serve", fake_serve)
    path = tmp_path / "programme.toml"
    if content is not None:
        path.write_bytes(content)
    argv = [command[0], str(path), *[str(tmp_path / "site") if a == "SITE" else a for a in command[1:]]]
    code, out, err = run(capsys, *argv)
    separator = "" if message[0].isdigit() else " "
    assert (code, out, err) == (2, "", f"error: {path}:{separator}{message}\n")
    assert not (tmp_path / "site").exists()


# ---------------------------------------------------------- unexpected errors


def test_an_unexpected_error_exits_1_without_a_traceback(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    import sessionfeed.io.toml

    def broken(path: object) -> sf.Programme:
        message = "disk on fire"
        raise RuntimeError(message)

    monkeypatch.setattr(sessionfeed.io.toml, "load", broken)
    code, out, err = run(capsys, "check", DEMO)
    assert (code, out) == (1, "")
    assert err == (
        "sessionfeed: unexpected error: RuntimeError: disk on fire\n"
        "Run again with --traceback for details, and please report it.\n"
    )
    with pytest.raises(RuntimeError, match="disk on fire"):
        main(["--traceback", "check", str(DEMO)])


def test_an_interrupt_exits_130(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    import sessionfeed.io.toml

    def interrupted(path: object) -> sf.Programme:
        raise KeyboardInterrupt

    monkeypatch.setattr(sessionfeed.io.toml, "load", interrupted)
    assert run(capsys, "check", DEMO)[0] == 130


def test_a_broken_exporter_during_a_build_exits_1(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """An exporter that crashes is an unexpected error; the site folder is not touched."""
    exporter = sf.get_exporter("text")

    def crash(*args: Any, **kwargs: Any) -> Any:
        message = "exporter bug"
        raise ValueError(message)

    monkeypatch.setattr(type(exporter), "render", crash)
    code, _, err = run(capsys, "build", DEMO, "--out", tmp_path / "site", "-f", "text")
    assert code == 1
    assert err.startswith("sessionfeed: unexpected error: ValueError: exporter bug\n")
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------------- argparse


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in ([], ["nonsense"], ["build", str(DEMO)], ["export", str(DEMO)], ["serve", str(DEMO), "--port", "http"]):
        with pytest.raises(SystemExit) as caught:
            main(argv)
        assert caught.value.code == 2
        assert "usage: sessionfeed" in capsys.readouterr().err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--version"])
    assert caught.value.code == 0
    assert capsys.readouterr().out == f"sessionfeed {sf.__version__}\n"


# ----------------------------------------------------------------- subprocess


def test_the_module_and_the_console_script(tmp_path: Path) -> None:
    """``python -m sessionfeed --help`` and the installed ``sessionfeed`` script both run the command line."""
    script = Path(sys.executable).with_name("sessionfeed.exe" if os.name == "nt" else "sessionfeed")
    assert script.exists(), f"no console script at {script}: is sessionfeed installed in this environment?"
    env = {**os.environ, "PYTHONWARNINGS": "error"}
    module = subprocess.run([sys.executable, "-m", "sessionfeed", "--help"], capture_output=True, text=True, check=False, env=env, cwd=tmp_path)
    assert (module.returncode, module.stderr) == (0, "")
    assert module.stdout.startswith("usage: sessionfeed [-h]")
    for command in ("build", "export", "check", "serve", "formats"):
        assert command in module.stdout
    console = subprocess.run([str(script), "formats"], capture_output=True, text=True, check=False, env=env, cwd=tmp_path)
    assert (console.returncode, console.stderr) == (0, "")
    assert [line.split()[0] for line in console.stdout.splitlines()][:6] == ["html", "text", "ical", "rss", "atom", "jsonld"]


def test_feed_page_size_reaches_any_exporter_with_a_page_size():
    """--feed-page-size is given to every exporter that pages (a page_size field), a plugin's too."""
    import attrs

    from sessionfeed.cli import _with_feed_page_size

    @attrs.frozen
    class Paged:
        name = "paged"
        filename = "paged.xml"
        media_type = "application/xml"
        page_size: int | None = None

        def export(self, programme: object, *, locale: str) -> bytes:
            return b""

    @attrs.frozen
    class Plain:
        name = "plain"
        filename = "plain.txt"
        media_type = "text/plain"

        def export(self, programme: object, *, locale: str) -> bytes:
            return b""

    chosen = _with_feed_page_size([Paged(), Plain()], 7)  # type: ignore[list-item]
    assert chosen is not None
    assert chosen[0] == Paged(page_size=7)
    assert chosen[1] == Plain()
    built_in = _with_feed_page_size(None, 3)
    assert built_in is not None
    assert {e.name: getattr(e, "page_size", None) for e in built_in}["rss"] == 3
