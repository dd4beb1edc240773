"""The listing importer: the seed page, our own programme.txt, HTML, labels, names, dates, hostile text."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import sessionfeed as sf
from sessionfeed.exporters.text import build_text
from sessionfeed.importers import import_source, imported_toml
from sessionfeed.words.vocabulary import Words
from strategies import NASTY, programmes, texts
from test_text import _org_parts, _squash, parse_seed


DATA = Path(__file__).resolve().parent / "data"
SEED = DATA / "seed-page.nl.txt"


def _load(imported: sf.Imported, tmp_path: Path) -> sf.Programme:
    """The programme file written for ``imported``, loaded as `sessionfeed build` loads it."""
    path = tmp_path / "programme.toml"
    path.write_text(imported_toml(imported), encoding="utf-8")
    return sf.load(path)


def _read(tmp_path: Path, text: str, name: str = "page.txt", **options: object) -> sf.Programme:
    source = tmp_path / name
    source.write_text(text, encoding="utf-8")
    return _load(import_source("listing", source, **options), tmp_path)


def _people(programme: sf.Programme, session: sf.Session, role: sf.Role) -> list[tuple[str, str | None]]:
    out = []
    for person in session.people_in(role):
        org = person.affiliation
        out.append(
            (person.name, None if org is None else programme.text(org.name, programme.default_locale).text)
        )
    return out


def assert_carries_seed(text: str) -> None:
    """A Dutch programme.txt carries every seed entry: title, month and year, paragraphs, labels, people in order.

    The seed is read by the tests' own parser (``parse_seed``), not by the importer.
    """
    entries = parse_seed(SEED.read_text(encoding="utf-8"))
    assert len(entries) == 10
    squashed = _squash(text)
    words = Words.of("nl")
    position, starts = 0, []
    for entry in entries:
        heading = _squash(f"{entry.title} ({words.format_month(entry.year, entry.month)})")
        found = squashed.find(heading, position)
        assert found >= 0, f"missing, or out of order: {heading!r}"
        starts.append(found)
        position = found + len(heading)
    starts.append(len(squashed))
    for entry, start, end in zip(entries, starts, starts[1:], strict=False):
        section = squashed[start:end]
        for paragraph in entry.paragraphs:
            assert _squash(paragraph) in section, paragraph[:60]
        at = 0
        for label in entry.labels:
            at = section.find(label, at)
            assert at >= 0, (entry.title, label)
        # Every person, in the seed's order, each on a bullet with every part of the organisation.
        people = section[section.find(entry.labels[0]) :] if entry.labels else ""
        bullets = re.findall(r"• ([^•]+?)(?= •| [A-Z][a-z]+:| Georganiseerd|$)", people)
        assert len(bullets) == len(entry.participants), (entry.title, bullets)
        for (name, org), bullet in zip(entry.participants, bullets, strict=True):
            assert bullet.startswith(f"{name} ("), (name, bullet)
            for part in _org_parts(org):
                assert part in bullet, (name, part, bullet)


def test_the_seed_imports_into_a_programme_whose_text_carries_every_entry(tmp_path: Path) -> None:
    """`import listing <seed>` then the Dutch programme.txt: every title, month and paragraph, every person."""
    programme = _load(import_source("listing", SEED), tmp_path)
    entries = parse_seed(SEED.read_text(encoding="utf-8"))
    assert [s.when for s in programme.sessions] == [sf.Month(year=e.year, month=e.month) for e in entries]
    assert_carries_seed(build_text(programme, "nl"))


def test_the_seed_people_roles_kinds_and_languages(tmp_path: Path) -> None:
    programme = _load(import_source("listing", SEED), tmp_path)
    first = programme.sessions[0]
    assert _people(programme, first, sf.Role.MODERATOR) == [
        ("Maria Mora", "Initiative for Global Solidarity")
    ]
    assert [p for p, _ in _people(programme, first, sf.Role.SPEAKER)] == [
        "Nicolas Hachez",
        "Dany Lopez",
        "Arnoud van Vliet",
    ]
    igs = programme.organisation("igs") if hasattr(programme, "organisation") else None
    orgs = {o.id: o for o in programme.organisations}
    assert orgs["igs"].short_name == "IGS"
    assert orgs["ilo"].short_name == "ILO"
    assert programme.text(orgs["ilo"].name, "nl").text == "International Labour Organisation"
    del igs
    # The same person in four sessions is one person.
    maria = [p for p in programme.people if p.name == "Maria Mora"]
    assert len(maria) == 1
    assert sum(maria[0] in [x.person for x in s.participants] for s in programme.sessions) == 4
    assert [s.kind for s in programme.sessions] == ["webinar"] * 4 + ["interview"] * 2 + ["workshop"] * 4
    assert {s.language for s in programme.sessions} == {"en"}
    assert programme.locales == ("nl",)
    assert programme.text(programme.intro, "nl").text == "Bekijk de webinars over herstel & verhaal."  # type: ignore[arg-type]


def test_ids_are_unique_slugs_and_stable(tmp_path: Path) -> None:
    one = import_source("listing", SEED)
    two = import_source("listing", SEED)
    assert one.data == two.data
    ids = [s["id"] for s in one.data["sessions"]]
    assert len(set(ids)) == len(ids)
    assert ids[4].startswith("interview-david-kovick")
    assert "maria-mora" in one.data["people"]


def test_every_guess_is_commented(tmp_path: Path) -> None:
    imported = import_source("listing", SEED)
    text = imported_toml(imported)
    assert "kind = \"webinar\"  # guessed: from the word 'webinar' in the description" in text
    assert "[people.maria-mora]  # guessed: id made from the name" in text
    assert 'base_url = "https://example.org/"  # guessed:' in text
    assert text.index("[organisations.") < text.index("[people.") < text.index("[[sessions]]")


ENGLISH = """\
Our events

Talks and interviews on fair trade.

## Fair wages now (12 May 2026, 14:00\u201315:30)

A panel on living wages.

Moderator:

- Ana Silva, Fair Trade Alliance (FTA)

Panellists:

- Ben Okafor (Open Supply Chains)
- Chloé Martin \u2013 Atelier Nord

## Meet the founder: an interview (december 2023)

In this English-language interview we meet the founder.

Interviewee: Dana Wu (Fair Trade Alliance)

## Workshop on audits (15 maart 2024)

Speakers:
* Ana Silva (Fair Trade Alliance)
* Eve Adams

Location: Community Hall
"""


def test_english_labels_name_forms_and_dates(tmp_path: Path) -> None:
    programme = _read(tmp_path, ENGLISH, "events.md", locale="en")
    assert [s.kind for s in programme.sessions] == ["panel", "interview", "workshop"]
    first, second, third = programme.sessions
    assert isinstance(first.when, sf.Timed)
    assert (first.when.start.hour, first.when.end.hour, first.when.timezone) == (14, 15, "Europe/Amsterdam")
    assert second.when == sf.Month(year=2023, month=12)
    assert third.when == sf.AllDay(start=dt.date(2024, 3, 15), end=dt.date(2024, 3, 15))
    assert _people(programme, first, sf.Role.MODERATOR) == [("Ana Silva", "Fair Trade Alliance")]
    assert _people(programme, first, sf.Role.PANELLIST) == [
        ("Ben Okafor", "Open Supply Chains"),
        ("Chloé Martin", "Atelier Nord"),
    ]
    assert _people(programme, second, sf.Role.INTERVIEWEE) == [("Dana Wu", "Fair Trade Alliance")]
    assert _people(programme, third, sf.Role.SPEAKER) == [
        ("Ana Silva", "Fair Trade Alliance"),
        ("Eve Adams", None),
    ]
    assert second.language == "en"
    assert len([p for p in programme.people if p.name == "Ana Silva"]) == 1
    assert len(programme.organisations) == 3
    assert {o.short_name for o in programme.organisations} == {"FTA", None}
    assert third.location is not None
    assert third.location.venue is not None
    assert third.location.venue.name == "Community Hall"
    assert programme.text(programme.title, "en").text == "Our events"


HTML = """<!doctype html>
<html><head><title>Webinars</title><script>var x = "<h2>not a session (May 2020)</h2>";</script></head>
<body><nav><a href="/">Home</a></nav>
<h1>Webinars</h1>
<p>Bekijk de webinars.</p>
<h2>Access to remedy &amp; more (December 2023)</h2>
<p>Engelstalig webinar over herstel.</p>
<p>Tweede alinea.</p>
<p><strong>Gespreksleider:</strong></p>
<ul><li>Maria Mora, Initiative for Global Solidarity (IGS)</li></ul>
<p><strong>Sprekers:</strong></p>
<ul>
  <li>Nicolas Hachez (OECD Center for RBC)</li>
  <li>Dany Lopez (HPE)</li>
</ul>
<h2>Interview Maartje van Putten (NCP) (November 2020)</h2>
<p>In dit Engelstalige interview bespreekt Maartje van Putten de rol van het NCP.</p>
<p>Contact:<br>mail ons</p>
</body></html>
"""


def test_an_html_listing(tmp_path: Path) -> None:
    imported = import_source("listing", _write(tmp_path, "page.html", HTML))
    programme = _load(imported, tmp_path)
    assert [programme.text(s.title, "nl").text for s in programme.sessions] == [
        "Access to remedy & more",
        "Interview Maartje van Putten (NCP)",
    ]
    first, second = programme.sessions
    assert (
        programme.text(first.description, "nl").text == "Engelstalig webinar over herstel.\n\nTweede alinea."
    )  # type: ignore[arg-type]
    assert _people(programme, first, sf.Role.SPEAKER) == [
        ("Nicolas Hachez", "OECD Center for RBC"),
        ("Dany Lopez", "HPE"),
    ]
    assert (first.kind, first.language, second.kind) == ("webinar", "en", "interview")
    assert second.when == sf.Month(year=2020, month=11)
    # A label it does not know goes into the description, with a notice at its line.
    assert "Contact:" in programme.text(second.description, "nl").text  # type: ignore[arg-type]
    notice = next(n for n in imported.notices if "Contact" in n.message)
    assert notice.line == 18
    assert notice.path == "sessions[1].description"


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_nothing_is_dropped_silently(tmp_path: Path) -> None:
    text = """Programme

Session one (Decembr 2023)

Text.

Sprekers:

 • A very long line that is surely not a name and has no organisation at all in it

 • Loose item

Zaal: de grote zaal
"""
    imported = import_source("listing", _write(tmp_path, "p.txt", text))
    programme = _load(imported, tmp_path)
    session = programme.sessions[0]
    assert programme.text(session.title, "nl").text == "Session one (Decembr 2023)"
    assert isinstance(session.when, sf.Unknown)
    messages = " | ".join(f"{n.line}: {n.message}" for n in imported.notices)
    assert "3: could not read the date 'Decembr 2023'" in messages
    assert "could not split" in messages


@pytest.mark.parametrize("locale", ["nl", "en"])
def test_our_own_programme_txt_comes_back(tmp_path: Path, locale: str) -> None:
    original = sf.load(Path(__file__).resolve().parent.parent / "examples" / "upcoming-demo.toml")
    _round_trip_text(original, locale, tmp_path)


def _round_trip_text(original: sf.Programme, locale: str, tmp_path: Path) -> None:
    text = build_text(original, locale)
    back = _read(tmp_path, text, "programme.txt", locale=locale)
    assert len(back.sessions) == len(original.sessions)
    for old, new in zip(original.sessions, back.sessions, strict=True):
        assert _squash(back.text(new.title, locale).text) == _squash(original.text(old.title, locale).text)
        for role in sf.Role:
            assert [p for p, _ in _people(back, new, role)] == [_squash(p.name) for p in old.people_in(role)]
        assert new.kind == old.kind


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(programme=programmes(max_sessions=3))
def test_hypothesis_programme_txt_comes_back(tmp_path: Path, programme: sf.Programme) -> None:
    """Sessions with plain names and titles come back from our own text: titles, people, roles, organisations."""
    simple = st  # noqa: F841 - hypothesis names kept for readers
    safe = all(
        _plain(programme.text(s.title, programme.default_locale).text) for s in programme.sessions
    ) and all(_plain(p.name) for p in programme.people)
    if not safe or not programme.sessions:
        return
    text = build_text(programme, programme.default_locale)
    back = _read(tmp_path, text, "programme.txt", locale=programme.default_locale)
    assert len(back.sessions) == len(programme.sessions)
    for old, new in zip(programme.sessions, back.sessions, strict=True):
        for role in sf.Role:
            assert [p for p, _ in _people(back, new, role)] == [p.name for p in old.people_in(role)]


def _plain(text: str) -> bool:
    return (
        text.isprintable()
        and text == text.strip()
        and all(ch.isalnum() or ch == " " for ch in text)
        and "  " not in text
    )


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    body=st.lists(
        st.one_of(texts(), st.sampled_from([*NASTY, "Sprekers:", " • x (y)", "T (May 2020)", "<h2>", "#"])),
        max_size=12,
    )
)
def test_hostile_text_never_gives_a_traceback(tmp_path: Path, body: list[str]) -> None:
    path = tmp_path / "hostile.txt"
    path.write_text("Title\n\n" + "\n".join(body), encoding="utf-8", errors="surrogatepass")
    try:
        imported = import_source("listing", path)
    except sf.ProgrammeError as error:
        problems = error.problems
    else:
        _load(imported, tmp_path)
        return
    assert all(p.file == str(path) for p in problems)


def test_unreadable_sources_are_programme_errors(tmp_path: Path) -> None:
    with pytest.raises(sf.ProgrammeError, match="no such file"):
        import_source("listing", tmp_path / "missing.txt")
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02 binary")
    with pytest.raises(sf.ProgrammeError, match="binary"):
        import_source("listing", tmp_path / "bin.txt")
    (tmp_path / "latin.txt").write_bytes("Caf\xe9 (May 2020)\n".encode("latin-1"))
    with pytest.raises(sf.ProgrammeError, match="not utf-8 text"):
        import_source("listing", tmp_path / "latin.txt")
    (tmp_path / "none.txt").write_text("Just a line.\n", encoding="utf-8")
    with pytest.raises(sf.ProgrammeError, match="found no sessions"):
        import_source("listing", tmp_path / "none.txt")
    with pytest.raises(sf.ArgumentError, match="takes no option 'colour'"):
        import_source("listing", SEED, colour="red")
    with pytest.raises(sf.ArgumentError, match="unknown import format"):
        import_source("pdf", SEED)


# Pages in other shapes than the seed: what organisations publish.
LABELLED = """\
Fair Supply Network \u2014 Events 2026

We run talks, panels and workshops for members and anyone interested.

Living wages in the garment sector
Date: Tuesday 12 May 2026, 2\u20133.30 pm
Location: Online (Zoom)
A panel discussion in English on what a living wage is and how buyers can pay it.
Moderator: Ana Silva, Fair Trade Alliance (FTA)
Panellists: Ben Okafor (Open Supply Chains), Chlo\u00e9 Martin \u2013 Atelier Nord and Dana Wu
Register: https://example.org/register/living-wages


Auditing without illusions
Date: 3\u20134 June 2026
Venue: Community Hall, Utrecht
A two-day workshop for auditors.
Trainers:
- Eve Adams (Audit Guild)
- Ben Okafor (Open Supply Chains)
Topics: audits, due diligence


Q&A with our director
Date: to be announced
An interview with Frank Li about the year ahead.
Interviewer: Ana Silva
Interviewee: Frank Li, Fair Supply Network
"""

ARTICLES = """<!DOCTYPE html>
<html lang="en"><head><title>Agenda</title><style>h3{color:red}</style></head>
<body><header><nav><ul><li><a href="/">Home</a></li></ul></nav></header>
<main><h1>Agenda</h1><p>Our upcoming and past events.</p>
<article>
<h3>Webinar: Grievance mechanisms that work (March 11, 2027)</h3>
<p><em>14:00\u201315:30 CET, online</em></p>
<p>How to build a grievance mechanism workers trust. Held in English.</p>
<p><b>Speakers:</b> Dr. Lena Vogt (University of Ghent); Marco Rossi, Fair Labor Association (FLA)</p>
<p><b>Moderator:</b> Priya Nair (Open Chains)</p>
</article>
<article><h3>Masterclass supply-chain mapping (April 2027)</h3><p>A hands-on masterclass.</p>
<h4>Trainers</h4><ul><li>Priya Nair (Open Chains)</li><li>Tom de Wit</li></ul></article>
<article><h3>Round table on purchasing practices</h3>
<p><time datetime="2027-06-02T10:00">Tuesday 2 June 2027, 10:00\u201312:00</time></p>
<p>Panel: Ana Silva (FTA), Ben Okafor (OSC) and Dana Wu</p><p>Cancelled</p></article>
</main><footer><p>\u00a9 Open Chains</p></footer></body></html>
"""

DATE_FIRST = """\
# Spring talks 2026

### 12 May 2026 \u2014 Living wages: where are we?

Speaker: Ana Silva (Fair Trade Alliance)

### Traceability tools | 19 May 2026

Speakers:
1. Ben Okafor, Open Supply Chains
2. Chlo\u00e9 Martin (Atelier Nord)
"""


def test_a_page_of_titles_with_date_labels(tmp_path: Path) -> None:
    imported = import_source("listing", _write(tmp_path, "events.txt", LABELLED))
    programme = _load(imported, tmp_path)
    assert programme.locales == ("en",)
    assert programme.text(programme.title, "en").text == "Fair Supply Network \u2014 Events 2026"
    first, second, third = programme.sessions
    assert [s.kind for s in programme.sessions] == ["panel", "workshop", "interview"]
    assert isinstance(first.when, sf.Timed)
    assert (first.when.start.hour, first.when.start.minute, first.when.end.hour, first.when.end.minute) == (
        14,
        0,
        15,
        30,
    )
    assert first.location is not None
    assert first.location.online == sf.Online(platform="Zoom")
    assert _people(programme, first, sf.Role.MODERATOR) == [("Ana Silva", "Fair Trade Alliance")]
    assert _people(programme, first, sf.Role.PANELLIST) == [
        ("Ben Okafor", "Open Supply Chains"),
        ("Chlo\u00e9 Martin", "Atelier Nord"),
        ("Dana Wu", None),
    ]
    assert first.links.registration == "https://example.org/register/living-wages"
    assert second.when == sf.AllDay(start=dt.date(2026, 6, 3), end=dt.date(2026, 6, 4))
    assert [programme.text(t.label, "en").text for t in second.tags] == ["audits", "due diligence"]
    assert isinstance(third.when, sf.Unknown)
    # A singular label names one person, comma and all.
    assert _people(programme, third, sf.Role.INTERVIEWEE) == [("Frank Li", "Fair Supply Network")]
    assert not any("no date" in n.message for n in imported.notices)  # "to be announced" said so


def test_an_html_page_of_articles(tmp_path: Path) -> None:
    programme = _load(import_source("listing", _write(tmp_path, "agenda.html", ARTICLES)), tmp_path)
    first, second, third = programme.sessions
    assert isinstance(first.when, sf.Timed)
    assert first.when.start == dt.datetime(2027, 3, 11, 14, tzinfo=zoneinfo.ZoneInfo("Europe/Amsterdam"))
    assert first.location is not None
    assert first.location.online is not None
    assert (
        programme.text(first.description, "en").text
        == "How to build a grievance mechanism workers trust. Held in English."
    )  # type: ignore[arg-type]
    assert _people(programme, first, sf.Role.SPEAKER) == [
        ("Dr. Lena Vogt", "University of Ghent"),
        ("Marco Rossi", "Fair Labor Association"),
    ]
    assert [o.short_name for o in programme.organisations if o.short_name] == ["FLA"]
    # A sub-heading that is a role label starts a list of people.
    assert [p for p, _ in _people(programme, second, sf.Role.TRAINER)] == ["Priya Nair", "Tom de Wit"]
    assert isinstance(third.when, sf.Timed)
    assert (third.kind, third.status) == ("roundtable", sf.Status.CANCELLED)
    assert [p for p, _ in _people(programme, third, sf.Role.PANELLIST)] == [
        "Ana Silva",
        "Ben Okafor",
        "Dana Wu",
    ]
    assert len([p for p in programme.people if p.name == "Priya Nair"]) == 1


def test_dates_before_or_after_the_title(tmp_path: Path) -> None:
    programme = _load(import_source("listing", _write(tmp_path, "talks.md", DATE_FIRST)), tmp_path)
    assert [(programme.text(s.title, "en").text, s.when) for s in programme.sessions] == [
        ("Living wages: where are we?", sf.AllDay(start=dt.date(2026, 5, 12), end=dt.date(2026, 5, 12))),
        ("Traceability tools", sf.AllDay(start=dt.date(2026, 5, 19), end=dt.date(2026, 5, 19))),
    ]
    assert _people(programme, programme.sessions[1], sf.Role.SPEAKER) == [
        ("Ben Okafor", "Open Supply Chains"),
        ("Chlo\u00e9 Martin", "Atelier Nord"),
    ]


@pytest.mark.parametrize(
    ("zone_words", "zone"),
    [
        ("Midden-Europese tijd", "Europe/Amsterdam"),
        ("UTC", "UTC"),
        ("Indiase tijd", "Asia/Kolkata"),
        ("EST", "America/New_York"),
    ],
)
def test_a_time_is_read_in_the_zone_named_beside_it(tmp_path: Path, zone_words: str, zone: str) -> None:
    page = f"Programma\n\n\nTitel (maart 2026)\n\nNederlandstalig webinar · 29 maart 2026, 02:30\u201303:30 ({zone_words}) · Online\n"
    imported = import_source("listing", _write(tmp_path, "p.txt", page))
    session = _load(imported, tmp_path).sessions[0]
    assert isinstance(session.when, sf.Timed)
    assert session.when.timezone == zone
    if zone == "Europe/Amsterdam":  # 02:30 does not exist there that night: moved, and said so
        assert (session.when.start.hour, session.when.end.hour) == (3, 4)
        assert any("does not exist" in n.message for n in imported.notices)
    else:
        assert session.when.start.hour == 2
