"""``sessionfeed import``: the seed to a built site, --out written whole or not at all, errors and notices."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings

import sessionfeed as sf
from sessionfeed.cli import main
from sessionfeed.importers import format_names
from sessionfeed.io.toml import load_toml_text
from sessionfeed.io.write_toml import dumps
from strategies import programmes
from test_import_listing import SEED, assert_carries_seed


DATA = Path(__file__).resolve().parent / "data"


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def test_the_seed_page_becomes_a_site_whose_text_carries_every_entry(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The issue's test: import the page, build with no hand edit, read the Dutch programme.txt."""
    programme = tmp_path / "programme.toml"
    code, out, err = run(capsys, "import", "listing", SEED, "--out", programme)
    assert (code, out) == (0, "")
    assert f"{programme}: 10 sessions, 33 people, 29 organisations" in err
    code, _, err = run(capsys, "build", programme, "-o", tmp_path / "site", "-q")
    assert code == 0, err
    assert_carries_seed((tmp_path / "site" / "nl" / "programme.txt").read_text(encoding="utf-8"))
    # What was written is a programme file a person can read: every guess marked.
    text = programme.read_text(encoding="utf-8")
    data = tomllib.loads(text)
    assert len(data["sessions"]) == 10
    assert text.count("# guessed:") >= 10 * 3


def test_the_checker_of_the_seed_can_fail(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    programme = tmp_path / "programme.toml"
    run(capsys, "import", "listing", SEED, "--out", programme)
    run(capsys, "build", programme, "-o", tmp_path / "site", "-q")
    text = (tmp_path / "site" / "nl" / "programme.txt").read_text(encoding="utf-8")
    for broken in (
        text.replace(" • Dany Lopez (HPE)\n", ""),  # a person missing
        text.replace(
            " • Dany Lopez (HPE)\n • Arnoud van Vliet (Zeeman)",
            " • Arnoud van Vliet (Zeeman)\n • Dany Lopez (HPE)",
        ),
        text.replace("(september 2023)", "(oktober 2023)"),
        text.replace("(Initiative for Global Solidarity, IGS)", "(IGS)", 1),
    ):
        assert broken != text
        with pytest.raises(AssertionError):
            assert_carries_seed(broken)


def test_standard_output_and_notices_with_their_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "page.txt"
    page.write_text(
        "Events\n\n## Talk one (Decembr 2023)\n\nText.\n\nContact:\n\n- mail us\n", encoding="utf-8"
    )
    code, out, err = run(capsys, "import", "listing", page, "--locale", "en")
    assert code == 0
    assert tomllib.loads(out)["sessions"][0]["title"] == "Talk one (Decembr 2023)"
    lines = err.splitlines()
    assert (
        f"{page}:3: sessions[0].when: could not read the date 'Decembr 2023'; kept it in the title" in lines
    )
    assert any(line.startswith(f"{page}:7: sessions[0].description: the label 'Contact'") for line in lines)
    assert lines[-1] == "standard output: 1 sessions, 0 people, 0 organisations; 2 notices to check"


def test_out_is_replaced_whole_or_left_alone(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "programme.toml"
    out.write_text("# an earlier import\n", encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text("title,start\nA,2027-02-30\n", encoding="utf-8")
    code, _, err = run(capsys, "import", "csv", bad, "--out", out)
    assert code == 2
    assert err.startswith(f"error: {bad}:2: start: row 2: '2027-02-30' is not a date")
    assert out.read_text(encoding="utf-8") == "# an earlier import\n"
    good = DATA / "spreadsheet-semicolon.csv"
    assert run(capsys, "import", "csv", good, "--out", out)[0] == 0
    assert sf.load(out).sessions[0].id == "kick-off"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "bad.csv",
        "programme.toml",
    ]  # no temporary file left
    code, _, err = run(capsys, "import", "csv", good, "--out", tmp_path / "missing" / "p.toml")
    assert code == 2
    assert "cannot write into" in err
    assert not (tmp_path / "missing").exists()


def test_unknown_formats_options_and_sources_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "import", "pdf", SEED)
    assert code == 2
    assert err.strip() == f"error: unknown import format 'pdf'; known formats: {', '.join(format_names())}"
    assert {"listing", "csv"} <= set(format_names())
    code, _, err = run(capsys, "import", "listing", tmp_path / "nothing.txt")
    assert (code, err.strip()) == (2, f"error: {tmp_path / 'nothing.txt'}: no such file")
    code, _, err = run(capsys, "import", "listing", SEED, "--timezone", "Mars/Base")
    assert code == 2
    assert err.startswith("error: timezone:")
    code, _, err = run(capsys, "import", "listing", SEED, "--expand-from", "2027-01-01")
    assert code == 2
    assert "takes no option 'expand_from'" in err
    (tmp_path / "x.csv").write_bytes("title\r\nCaf\xe9\r\n".encode("cp1252"))
    code, _, err = run(capsys, "import", "csv", tmp_path / "x.csv")
    assert code == 2
    assert f"error: {tmp_path / 'x.csv'}:2: is not utf-8 text" in err
    assert run(capsys, "import", "csv", tmp_path / "x.csv", "--encoding", "cp1252")[0] == 0


def test_the_python_api_matches_the_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    imported = sf.import_source("listing", SEED)
    assert isinstance(imported, sf.Imported)
    assert all(isinstance(n, sf.Notice) for n in imported.notices)
    code, out, _ = run(capsys, "import", "listing", SEED)
    assert code == 0
    assert out == sf.imported_toml(imported)
    with pytest.raises(sf.ArgumentError, match=r"must be a sessionfeed\.Imported"):
        sf.imported_toml({"id": "x"})  # type: ignore[arg-type]


@settings(max_examples=80, deadline=None)
@given(programme=programmes())
def test_the_programme_file_writer_gives_back_every_programme(programme: sf.Programme) -> None:
    """What the import writes loads to the programme of its data, whatever the texts hold."""
    data = sf.to_dict(programme)
    text = dumps(
        data, guessed={"sessions[0].kind": "a reason\nover two lines", "title": "x"}, header="Head\nline"
    )
    assert load_toml_text(text) == sf.from_dict(data) == programme
    assert text.startswith("# Head\n# line\n")
    lines = text.splitlines()
    # Beside the value: after a text of several lines, on its last line, after the closing quotes.
    assert text.count("  # guessed: x\n") == 1
    assert text.index("  # guessed: x") < text.index("base_url = ")
    if programme.sessions:
        assert any(
            line.startswith("kind = ") and line.endswith("# guessed: a reason over two lines")
            for line in lines
        )
