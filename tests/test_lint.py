"""``sessionfeed check``: each finding when (and only when) it applies, in a stable grep-able line."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings

import sessionfeed as sf
from sessionfeed.check import RULES, Finding, lint
from sessionfeed.cli import main
from sessionfeed.io.toml import load_toml_text
from strategies import programmes


ROOT = Path(__file__).resolve().parent.parent
AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")
L = sf.LocalizedText
START = dt.datetime(2026, 3, 12, 14, tzinfo=AMS)
LINE = re.compile(
    r"^(?:(?P<file>[^:]+):(?:(?P<line>\d+):)? )?(?P<severity>warning|info) (?P<code>SF\d{3}) (?P<path>\S+): (?P<message>.+)$"
)


def complete(**programme_changes: Any) -> sf.Programme:
    """A programme with everything the outputs want: it has no findings."""
    org = sf.Organisation(id="org", name=L({"nl": "Org", "en": "Org"}), url="https://org.example/")
    ann = sf.Person(id="ann", name="Ann", affiliation=org)
    session = sf.Session(
        id="s",
        kind="webinar",
        language="en",
        title=L({"nl": "Herstel in de keten", "en": "Remedy in the chain"}),
        description=L({"nl": "Over herstel.", "en": "About remedy."}),
        when=sf.Timed(start=START, end=START + dt.timedelta(hours=1)),
        location=sf.Location(online=sf.Online(url="https://meet.example/s")),
        participants=[sf.Participation(person=ann, role="speaker")],
    )
    fields: dict[str, Any] = {
        "id": "p",
        "title": L({"nl": "Programma", "en": "Programme"}),
        "base_url": "https://example.org/p/",
        "locales": ("nl", "en"),
        "sessions": [session],
        "people": [ann],
        "organisations": [org],
        "organisers": [org],
        "image": "https://example.org/p/banner.png",
        "free": True,
    }
    fields.update(programme_changes)
    return sf.Programme(**fields)


def with_session(**changes: Any) -> sf.Programme:
    """The complete programme with its one session changed."""
    programme = complete()
    return attrs.evolve(programme, sessions=[attrs.evolve(programme.sessions[0], **changes)])


def recorded(**changes: Any) -> sf.Programme:
    fields: dict[str, Any] = {
        "url": "https://media.example/s.mp4",
        "media_type": "video/mp4",
        "thumbnail": "https://media.example/s.jpg",
        "published": dt.date(2026, 3, 13),
    }
    fields.update(changes)
    return with_session(recording=sf.Recording(**fields))


def other_org(**changes: Any) -> sf.Programme:
    """The complete programme whose one organisation is replaced by ``changes``."""
    org = sf.Organisation(**{"id": "org", "name": L({"nl": "Org", "en": "Org"}), **changes})
    ann = sf.Person(id="ann", name="Ann", affiliation=org)
    programme = complete()
    session = attrs.evolve(programme.sessions[0], participants=[sf.Participation(person=ann, role="speaker")])
    return complete(organisations=[org], organisers=[org], people=[ann], sessions=[session])


def without_affiliation() -> sf.Programme:
    ann = sf.Person(id="ann", name="Ann")
    programme = complete()
    session = attrs.evolve(programme.sessions[0], participants=[sf.Participation(person=ann, role="speaker")])
    return complete(people=[ann], sessions=[session])


def two_sessions_one_image() -> sf.Programme:
    programme = complete(image=None)
    first = attrs.evolve(programme.sessions[0], image="https://example.org/p/s.png")
    second = attrs.evolve(programme.sessions[0], id="t")
    return attrs.evolve(programme, sessions=[first, second])


def large_calendar() -> sf.Programme:
    """The complete programme with 400 sessions of long Dutch descriptions: a 1.4 MB Dutch calendar."""
    programme = complete()
    long = L({"nl": "Over herstel. " * 250, "en": "About remedy."})
    sessions = [
        attrs.evolve(
            programme.sessions[0],
            id=f"s{i}",
            description=long,
            when=sf.Timed(start=START + dt.timedelta(days=i), end=START + dt.timedelta(days=i, hours=1)),
        )
        for i in range(400)
    ]
    return attrs.evolve(programme, sessions=sessions)


def venue(**changes: Any) -> sf.Location:
    return sf.Location(venue=sf.Venue(name="Atelier Noord", **changes))


CASES: list[tuple[str, Callable[[], sf.Programme], str]] = [
    ("SF101", lambda: with_session(when=sf.Month(year=2023, month=12)), "sessions[0].when"),
    ("SF102", lambda: with_session(when=sf.Unknown()), "sessions[0].when"),
    ("SF201", lambda: with_session(location=None), "sessions[0].location"),
    (
        "SF202",
        lambda: with_session(location=sf.Location(online=sf.Online(platform="Zoom"))),
        "sessions[0].location.online.url",
    ),
    ("SF203", lambda: with_session(location=venue()), "sessions[0].location.venue.address"),
    (
        "SF204",
        lambda: with_session(status="moved-online", location=venue(address=sf.Address(locality="Amsterdam"))),
        "sessions[0].location",
    ),
    (
        "SF301",
        lambda: with_session(title=L({"nl": "Geannuleerd: herstel", "en": "Remedy"})),
        "sessions[0].status",
    ),
    (
        "SF301",
        lambda: with_session(description=L({"nl": "Gaat niet door.", "en": "Called off."})),
        "sessions[0].status",
    ),
    ("SF302", lambda: with_session(status="rescheduled", previous_start=START), "sessions[0].previous_start"),
    ("SF401", lambda: with_session(description=None), "sessions[0].description"),
    ("SF402", lambda: with_session(title=L({"en": "Remedy in the chain"}), language="nl"), "sessions[0].title.nl"),
    ("SF402", lambda: with_session(description=L({"nl": "Over herstel."})), "sessions[0].description.en"),
    ("SF402", lambda: complete(title=L({"nl": "Programma"})), "title.en"),
    ("SF402", lambda: complete(intro=L({"nl": "Welkom."})), "intro.en"),
    (
        "SF403",
        lambda: other_org(name=L({"nl": "Stichting"}), url="https://org.example/"),
        "organisations.org.name.en",
    ),
    ("SF404", lambda: with_session(title=L({"nl": "Webinar", "en": "Remedy"})), "sessions[0].title.nl"),
    (
        "SF405",
        lambda: with_session(title=L({"nl": "Herstel", "en": "See https://example.org/x"})),
        "sessions[0].title.en",
    ),
    ("SF406", lambda: with_session(title=L({"en": "Remedy in the chain"})), "sessions[0].title.nl"),
    ("SF501", without_affiliation, "people.ann.affiliation"),
    ("SF502", lambda: complete(organisers=[]), "sessions[0].organisers"),
    ("SF503", lambda: other_org(url=None), "organisations.org.url"),
    ("SF504", lambda: with_session(participants=[]), "sessions[0]"),
    ("SF601", lambda: complete(image=None), "image"),
    ("SF601", two_sessions_one_image, "sessions[1].image"),
    ("SF602", lambda: complete(free=None), "free"),
    ("SF701", lambda: recorded(thumbnail=None), "sessions[0].recording.thumbnail"),
    ("SF702", lambda: recorded(published=None), "sessions[0].recording.published"),
    ("SF703", lambda: recorded(media_type=None), "sessions[0].recording.media_type"),
    ("SF703", lambda: recorded(media_type="text/html"), "sessions[0].recording.media_type"),
    ("SF801", large_calendar, "window"),
]


def codes(programme: sf.Programme) -> list[tuple[str, str]]:
    return [(f.code, f.path) for f in lint(programme)]


def test_a_complete_programme_has_no_findings():
    assert lint(complete()) == []


@pytest.mark.parametrize(("code", "make", "path"), CASES, ids=[f"{c}-{p}" for c, _, p in CASES])
def test_each_finding_applies_alone(code: str, make: Callable[[], sf.Programme], path: str):
    """Each case makes exactly its own finding, with the rule's severity, at the field to change."""
    (finding,) = lint(make())
    assert (finding.code, finding.path) == (code, path)
    assert finding.severity == RULES[code].severity
    assert LINE.match(str(finding))


def test_every_rule_has_a_case():
    assert {code for code, _, _ in CASES} == set(RULES)


def test_what_is_not_reported():
    """A cancelled session needs no join URL; a real status needs no warning; one text for all locales is complete."""
    assert codes(with_session(status="cancelled", location=sf.Location(online=sf.Online()))) == []
    assert codes(with_session(status="cancelled", title=L({"nl": "Geannuleerd", "en": "Cancelled"}))) == []
    plain = with_session(title=L({"nl": "Remedy", "en": "Remedy"}), description=L({"nl": "x", "en": "x"}))
    assert codes(plain) == []
    later = START + dt.timedelta(days=7)
    moved = with_session(
        status="rescheduled",
        previous_start=later,
        when=sf.Timed(start=START, end=START + dt.timedelta(hours=1)),
    )
    assert codes(moved) == []
    # A word inside a longer description is not a status.
    long = "Over herstel. " * 10 + "Wat als een audit wordt uitgesteld?"
    assert codes(with_session(description=L({"nl": long, "en": "About remedy."}))) == []
    page_with_player = recorded(media_type="text/html", embed_url="https://video.example/embed/1")
    assert codes(page_with_player) == []


def test_messages_say_what_to_add():
    """The postponed session is told to keep its old date; the recording without description is told so."""
    (postponed,) = lint(with_session(when=sf.Unknown(), status="postponed"))
    assert "keep the original date in 'when'" in postponed.message
    programme = recorded()
    programme = attrs.evolve(programme, sessions=[attrs.evolve(programme.sessions[0], description=None)])
    (finding,) = lint(programme)
    assert "VideoObject lacks the description Google recommends" in finding.message


# ---------------------------------------------------------------------- the line


def test_the_line_shape():
    """FILE:LINE: SEVERITY CODE PATH: MESSAGE, with the parts that are known."""
    finding = Finding(code="SF101", severity="warning", path="sessions[3].when", message="m")
    assert str(finding) == "warning SF101 sessions[3].when: m"
    assert str(attrs.evolve(finding, file="x.toml")) == "x.toml: warning SF101 sessions[3].when: m"
    assert (
        str(attrs.evolve(finding, file="x.toml", line=12)) == "x.toml:12: warning SF101 sessions[3].when: m"
    )


CLEAN_TOML = """\
id = "p"
locales = ["nl", "en"]
base_url = "https://example.org/p/"
title.nl = "Programma"
title.en = "Programme"
organisers = ["org"]
image = "https://example.org/p/banner.png"
free = true

[organisations.org]
name = "Org"
url = "https://org.example/"

[people.ann]
name = "Ann"
affiliation = "org"

[[sessions]]
id = "s"
kind = "webinar"
language = "en"
title.nl = "Herstel in de keten"
title.en = "Remedy in the chain"
description.nl = "Over herstel."
description.en = "About remedy."
when = { start = 2026-03-12T14:00:00, end = 2026-03-12T15:00:00 }
location.online.url = "https://meet.example/s"
speakers = ["ann"]
"""

WARNING_TOML = (
    CLEAN_TOML.replace(
        "when = { start = 2026-03-12T14:00:00, end = 2026-03-12T15:00:00 }", 'when = "2026-03"'
    )
    .replace('affiliation = "org"\n', "")
    .replace('location.online.url = "https://meet.example/s"', 'location = "online"')
)


def test_findings_get_their_lines_and_come_in_file_order():
    programme = load_toml_text(WARNING_TOML, filename="x.toml")
    lines = [str(f) for f in lint(programme, filename="x.toml", source=WARNING_TOML)]
    assert [line.split(" ", 3)[:3] for line in lines] == [
        ["x.toml:14:", "warning", "SF501"],
        ["x.toml:25:", "warning", "SF101"],
        ["x.toml:26:", "warning", "SF202"],
    ]
    assert lint(programme, filename="x.toml")[0].line is None  # no source, no lines


@pytest.mark.parametrize("name", ["ser-access-to-remedy", "upcoming-demo"])
def test_examples(name: str, golden: Any):
    """The findings of both examples, as `sessionfeed check` prints them, are reviewed in golden files."""
    path = ROOT / "examples" / f"{name}.toml"
    findings = lint(sf.load(path), filename=f"examples/{name}.toml", source=path.read_text(encoding="utf-8"))
    golden(f"{name}.check.txt", "".join(f"{f}\n" for f in findings).encode())


def test_the_seed_has_every_month_only_date(seed_programme: sf.Programme):
    months = [f.path for f in lint(seed_programme) if f.code == "SF101"]
    assert months == [f"sessions[{i}].when" for i in range(len(seed_programme.sessions))]


# Drawing programmes is the cost here and lint is simple: half the profile's examples.
@settings(max_examples=max(10, settings.default.max_examples // 2))
@given(programmes(max_sessions=3))
def test_any_programme_gives_stable_one_line_findings(programme: sf.Programme):
    """lint never fails; each finding is one grep-able line with a known code; the same input gives the same output."""
    findings = lint(programme, filename="f.toml")
    assert findings == lint(programme, filename="f.toml")
    for finding in findings:
        text = str(finding)
        assert text == " ".join(text.splitlines())
        match = LINE.match(text)
        assert match
        assert match["code"] in RULES
        assert match["severity"] == RULES[finding.code].severity


# ------------------------------------------------------------------ docs and CLI


def test_every_code_is_documented_with_an_example_and_a_fix():
    """docs/check.md has a section per code, headed with its severity, with an example line and a fix."""
    docs = (ROOT / "docs" / "check.md").read_text(encoding="utf-8")
    sections = re.split(r"^### ", docs, flags=re.MULTILINE)[1:]
    documented = {s.split(" ", 1)[0]: s for s in sections}
    assert list(documented) == sorted(RULES)
    for code, rule in RULES.items():
        section = documented[code]
        assert section.startswith(f"{code} {rule.severity}: ")
        assert f"{rule.severity} {code} " in section  # an example line
        assert "Fix" in section


def test_cli_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    """Exit 0 when clean, 1 with warnings (one line each), 2 for an invalid programme."""
    clean = tmp_path / "clean.toml"
    clean.write_text(CLEAN_TOML, encoding="utf-8")
    assert main(["check", str(clean)]) == 0
    assert capsys.readouterr().out == f"{clean}: no findings\n"

    warned = tmp_path / "warned.toml"
    warned.write_text(WARNING_TOML, encoding="utf-8")
    assert main(["check", str(warned)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert [LINE.match(line)["code"] for line in lines] == ["SF501", "SF101", "SF202"]  # type: ignore[index]
    assert all(line.startswith(f"{warned}:") for line in lines)

    invalid = tmp_path / "invalid.toml"
    invalid.write_text(CLEAN_TOML.replace('kind = "webinar"', 'kind = "webinarr"'), encoding="utf-8")
    assert main(["check", str(invalid)]) == 2
    assert "unknown kind 'webinarr'" in capsys.readouterr().err


def test_cli_check_gives_lines_and_passes_info_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    """Findings carry their line; a programme with only info findings passes (exit 0)."""
    info_only = tmp_path / "info.toml"
    info_only.write_text(CLEAN_TOML.replace("free = true\n", ""), encoding="utf-8")
    assert main(["check", str(info_only)]) == 0
    assert (
        capsys.readouterr().out
        == f"{info_only}: info SF602 free: " + lint(complete(free=None))[0].message + "\n"
    )
    warned = tmp_path / "warned.toml"
    warned.write_text(WARNING_TOML, encoding="utf-8")
    main(["check", str(warned)])
    assert capsys.readouterr().out.splitlines()[0].startswith(f"{warned}:14: warning SF501 ")


def test_messages_explain_what_the_json_ld_gives_instead():
    """Each finding about search engines says what the markup holds instead, and what to add."""
    (month,) = lint(with_session(when=sf.Month(year=2023, month=12)))
    assert "JSON-LD has no Event for it (" not in month.message
    assert "so JSON-LD has no Event for it, and calendars" in month.message
    recorded_month = recorded()
    recorded_month = attrs.evolve(
        recorded_month,
        sessions=[attrs.evolve(recorded_month.sessions[0], when=sf.Month(year=2023, month=12))],
    )
    (month,) = lint(recorded_month)
    assert "JSON-LD has no Event for it, only its recording" in month.message
    (page,) = lint(with_session(location=sf.Location(online=sf.Online(platform="Zoom"))))
    assert (
        "VirtualLocation's url, which search engines require, is the session's page instead" in page.message
    )
    registration = with_session(
        location=sf.Location(online=sf.Online()), links=sf.Links(registration="https://example.org/p/r")
    )
    (found,) = lint(registration)
    assert "is the registration link instead" in found.message
    undated = lint(with_session(when=sf.Unknown(), location=sf.Location(online=sf.Online())))
    assert [f.code for f in undated] == ["SF102", "SF202"]
    assert undated[1].message.startswith(
        "online without a join URL: pages and calendars show no link to join"
    )
    (venue_finding,) = lint(with_session(location=venue()))
    assert "so JSON-LD has no Event for it (add location.venue.address" in venue_finding.message
    (thumbnail,) = lint(recorded(thumbnail=None))
    assert "describes it as a MediaObject, not a VideoObject (add recording.thumbnail)" in thumbnail.message


def test_audio_needs_no_thumbnail_nor_date():
    """Google's video requirements are not asked of an audio recording."""
    assert codes(recorded(media_type="audio/mpeg", thumbnail=None, published=None)) == []
