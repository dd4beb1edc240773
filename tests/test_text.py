"""programme.txt: the seed page's shape, every entry of the seed, every name exactly."""

from __future__ import annotations

import re
import unittest.mock
from collections.abc import Callable
from pathlib import Path

import attrs
import pytest
from hypothesis import given, strategies as st

import _readers as readers
import sessionfeed as sf
from sessionfeed.exporters.text import TextExporter, build_text, iter_text
from sessionfeed.words.vocabulary import Words
from strategies import programmes
from test_compose import FEWER, sample_programme


NL = Words.of("nl")


DATA = Path(__file__).resolve().parent / "data"
PROGRAMME = sample_programme()
MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip


def test_exporter_contract():
    """The text exporter is registered, named and typed as the layout says."""
    exporter = sf.get_exporter("text")
    assert isinstance(exporter, TextExporter)
    assert exporter.filename == "programme.txt"
    assert exporter.media_type == "text/plain; charset=utf-8"
    assert exporter.title == "Plain text"
    data = exporter.export(PROGRAMME, locale="nl")
    assert data == build_text(PROGRAMME, "nl").encode("utf-8")
    assert data == exporter.export(PROGRAMME, locale="nl")


def test_rendering_includes_every_session():
    """Nothing is left out of the text, whatever its date."""
    from sessionfeed.exporters.base import Context
    from sessionfeed.model.revisions import Revisions

    rendering = TextExporter().render(
        PROGRAMME, Context(locale="en", revisions=Revisions.from_data(PROGRAMME))
    )
    assert rendering.included == tuple(s.id for s in PROGRAMME.sessions)
    assert rendering.omitted == ()
    assert [f.path for f in rendering.files] == ["programme.txt"]


def test_text_starts_with_title_and_intro():
    """Title, introduction, then the sessions, separated by two blank lines."""
    text = build_text(PROGRAMME, "nl")
    assert text.startswith(
        "Webinars\n\nBekijk de webinars over herstel & verhaal.\n\n\n"
        f"Access to remedy - Joint industry efforts towards remedy ({NL.format_month(2023, 12)})\n\n",
    )
    assert text.endswith("\n")
    assert not text.endswith("\n\n")
    headings = [
        f"Access to remedy - Joint industry efforts towards remedy ({NL.format_month(2023, 12)})",
        f"Herstel in de praktijk ({NL.format_month(2026, 3)})",
        f"An interview ({NL.format_month(2026, 4)})",
        "Later",
    ]
    positions = [text.index(f"\n\n\n{h}\n") for h in headings]
    assert positions == sorted(positions)


def test_english_text():
    """The English text says the same in English."""
    text = build_text(PROGRAMME, "en")
    assert f"({Words.of('en').format_month(2023, 12)})" in text
    assert "Moderator:\n\n • Maria Mora (Initiative for Global Solidarity, IGS)" in text
    assert "Speakers:\n\n • Nicolas Hachez (OECD Center for RBC)\n • Dany Lopez" in text
    assert "English-language webinar" in text
    assert "This webinar builds knowledge." in text
    # The intro has no English text: it falls back to Dutch.
    assert "Bekijk de webinars over herstel & verhaal." in text


@FEWER
@given(programme=programmes(max_sessions=3), locale=st.sampled_from(["nl", "en"]))
def test_every_name_and_title_exactly(programme: sf.Programme, locale: str):
    """Every session title and every participant's name appears exactly as written, less what text removes."""
    text = build_text(programme, locale)
    for session in programme.sessions:
        assert carried(programme.text(session.title, locale).text) in text
        for part in session.participants:
            assert f" • {carried(part.person.name)}" in text


def carried(text: str) -> str:
    """A text as programme.txt carries it (docs/promises.md): LF line ends, no controls or noncharacters."""
    return readers.DROP_MARKUP.sub("", readers.lines(text))


@pytest.mark.parametrize(
    ("character", "removed"),
    [
        ("\x00", True), ("\x1b", True), ("\x07", True), ("\x0c", True), ("\x7f", True), ("\x85", True),
        ("\ufdd0", True), ("\U0001ffff", True), ("\t", False), ("\u2028", False), ("\ufeff", False),
    ],
)  # fmt: skip
def test_what_a_text_file_removes_is_removed_and_reported(character: str, removed: bool):
    """Controls and noncharacters go (a terminal acts on them), and the build summary says which and where."""
    session = sf.Session(
        id="s1", kind="talk", language="nl", title=sf.LocalizedText({"nl": f"A{character}B"}),
        description=sf.LocalizedText({"nl": f"C{character}D\rE"}),
    )  # fmt: skip
    programme = sf.Programme(
        id="p", title=sf.LocalizedText({"nl": f"T{character}"}), base_url="https://example.org/",
        locales=("nl",), sessions=[session],
    )  # fmt: skip
    rendering = TextExporter().render(programme, sf.Context(locale="nl", revisions=sf.Revisions.from_data(programme)))
    data = rendering.files[0].content.decode("utf-8")
    assert (character in data) is not removed
    assert "\r" not in data
    assert ("AB" if removed else f"A{character}B") in data
    assert "D\nE" in data
    if removed:
        (note,) = rendering.all_notes()
        assert note == (
            f"removed 3 characters that a plain text file should not carry (U+{ord(character):04X}) "
            "from the programme's title, introduction or contact and 1 session (s1)"
        )
    else:
        assert rendering.all_notes() == ()


# ------------------------------------------------------------------ the seed


@attrs.frozen
class SeedEntry:
    title: str
    month: int
    year: int
    paragraphs: tuple[str, ...]
    labels: tuple[str, ...]
    participants: tuple[tuple[str, str], ...]  # (name, organisation as the seed writes it)


_HEADING = re.compile(rf"^(?P<title>.*?)\s*\((?P<month>{'|'.join(MONTHS)}) (?P<year>\d{{4}})\)$")
_BULLET = re.compile(r"^\s*•\s*(?P<rest>.+)$")


def _participant(rest: str) -> tuple[str, str]:
    """Split "Name, Org (SHORT)", "Name (Org)" or "Name(Org)" into name and organisation."""
    if "," in rest.split("(", 1)[0]:
        name, org = rest.split(",", 1)
        return name.strip(), org.strip()
    name, _, org = rest.partition("(")
    return name.strip(), org.strip().removesuffix(")")


def parse_seed(text: str) -> list[SeedEntry]:
    """The seed page's entries, in order."""
    entries: list[SeedEntry] = []
    current: dict[str, list[object]] | None = None
    head: re.Match[str] | None = None

    def close() -> None:
        if head is not None and current is not None:
            entries.append(
                SeedEntry(
                    title=head["title"],
                    month=MONTHS.index(head["month"]) + 1,
                    year=int(head["year"]),
                    paragraphs=tuple(str(p) for p in current["paragraphs"]),
                    labels=tuple(str(label) for label in current["labels"]),
                    participants=tuple(current["participants"]),  # type: ignore[arg-type]
                ),
            )

    for line in text.splitlines():
        if match := _HEADING.match(line):
            close()
            head, current = match, {"paragraphs": [], "labels": [], "participants": []}
        elif current is None or not line.strip():
            continue
        elif line.strip().endswith(":") and len(line.strip()) < 30:
            current["labels"].append(line.strip())
        elif bullet := _BULLET.match(line):
            current["participants"].append(_participant(bullet["rest"]))
        else:
            current["paragraphs"].append(line.strip())
    close()
    return entries


def _squash(text: str) -> str:
    return " ".join(text.split())


def _org_parts(org: str) -> list[str]:
    """The pieces of an organisation as the seed writes it: names and short names."""
    parts = re.split(r"\s+-\s+|\s*\(|\)|,\s*", org)
    return [p.strip() for p in parts if p.strip()]


def test_the_seed_parses():
    """The copy of the seed page has its ten entries (a check of the test's parser)."""
    entries = parse_seed((DATA / "seed-page.nl.txt").read_text(encoding="utf-8"))
    assert len(entries) == 10
    assert entries[0].participants[0] == ("Maria Mora", "Initiative for Global Solidarity (IGS)")
    assert ("David Kovick", "Shift") in entries[8].participants
    assert entries[4].labels == ()


def test_seed_fidelity(seed_programme: sf.Programme):
    """The Dutch programme.txt carries every entry of the seed page, in its order.

    For each entry: the title, "(<month year>)" in Dutch, every description
    paragraph, the labels "Gespreksleider:"/"Sprekers:", and every
    participant with their organisation on one bullet line.
    """
    text = _squash(build_text(seed_programme, "nl"))
    lines = build_text(seed_programme, "nl").splitlines()
    entries = parse_seed((DATA / "seed-page.nl.txt").read_text(encoding="utf-8"))
    words = Words.of("nl")
    position = 0
    starts = []
    for entry in entries:
        heading = _squash(f"{entry.title} ({words.format_month(entry.year, entry.month)})")
        found = text.find(heading, position)
        assert found >= 0, f"missing, or out of order: {heading!r}"
        starts.append(found)
        position = found + len(heading)
    starts.append(len(text))
    for entry, start, end in zip(entries, starts, starts[1:], strict=False):
        section = text[start:end]
        for paragraph in entry.paragraphs:
            assert _squash(paragraph) in section, f"{entry.title!r}: missing paragraph {paragraph[:60]!r}"
        for label in entry.labels:
            assert label in section, f"{entry.title!r}: missing label {label!r}"
        for name, org in entry.participants:
            bullet = next((line for line in lines if line.startswith(f" • {name}")), None)
            assert bullet is not None, f"{entry.title!r}: missing participant {name!r}"
            assert _squash(bullet) in section, f"{entry.title!r}: {name!r} is not in this entry"
            for part in _org_parts(org):
                assert part in bullet, f"{name!r}: organisation part {part!r} missing from {bullet!r}"


def test_seed_in_english(seed_programme: sf.Programme):
    """The English text lists the same sessions and people, with English labels."""
    text = build_text(seed_programme, "en")
    for session in seed_programme.sessions:
        assert seed_programme.text(session.title, "en").text in text
        for part in session.participants:
            assert part.person.name in text
    assert "Moderator:" in text
    assert "Speakers:" in text
    assert "Gespreksleider" not in text


@pytest.mark.parametrize("locale", ["nl", "en"])
@pytest.mark.parametrize("example", ["seed_programme", "demo_programme"])
def test_golden(
    example: str,
    locale: str,
    request: pytest.FixtureRequest,
    golden: Callable[[str, bytes], None],
):
    """programme.txt of both examples in both locales, byte for byte."""
    programme: sf.Programme = request.getfixturevalue(example)
    names = {"seed_programme": "ser-access-to-remedy", "demo_programme": "upcoming-demo"}
    golden(f"{names[example]}.{locale}.txt", build_text(programme, locale).encode("utf-8"))


def test_the_text_is_made_as_it_is_read(monkeypatch: pytest.MonkeyPatch):
    """programme.txt comes in pieces, each session written only when its piece is read.

    Joined, the pieces are ``export()``, with every session in it.
    """
    from sessionfeed.exporters.base import Context
    from sessionfeed.model.revisions import Revisions
    from sessionfeed.words import compose as _compose

    monkeypatch.setattr(_compose, "PIECE_CHARS", 1)
    composition = _compose.Composition(PROGRAMME, "nl")
    context = Context(locale="nl", revisions=Revisions.from_data(PROGRAMME), composition=composition)
    rendering = TextExporter().render(PROGRAMME, context)
    assert not composition.blocks, "nothing is composed before the text is read"
    headings = {
        _compose.session_block(PROGRAMME, s, "nl").heading.encode(): n
        for n, s in enumerate(PROGRAMME.sessions, 1)
    }
    composed_when_read: list[int] = []
    pieces: list[bytes] = []
    for piece in rendering.files[0].chunks():
        if any(piece.startswith(heading) for heading in headings):
            composed_when_read.append(len(composition.blocks))
        pieces.append(piece)
    assert composed_when_read == list(range(1, len(PROGRAMME.sessions) + 1))
    text = b"".join(pieces)
    assert text == TextExporter().export(PROGRAMME, locale="nl")
    assert text == rendering.files[0].content, "a second read gives the same bytes"
    assert all(heading in text for heading in headings)


@FEWER
@given(programme=programmes(max_sessions=3), data=st.data())
def test_any_text_streamed_is_the_text(programme: sf.Programme, data: st.DataObject):
    """Whatever the texts hold, the text joined from small pieces is the text made at once."""
    from sessionfeed.words import compose as _compose

    locale = data.draw(st.sampled_from(programme.locales))
    whole = build_text(programme, locale)
    with unittest.mock.patch.object(_compose, "PIECE_CHARS", 5):
        pieces = list(_compose.encode_pieces(iter_text(programme, locale)))
    assert b"".join(pieces) == whole.encode("utf-8")
    assert len(pieces) > len(programme.sessions)
