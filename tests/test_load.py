"""Reading programme files: every form, and every problem reported at once with its path and line."""

from __future__ import annotations

import copy
import datetime as dt
import re
import zoneinfo
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, strategies as st

import sessionfeed as sf
from programme_dicts import programme_dicts
from sessionfeed.io.toml import load_toml_text
from toml_writer import STYLES, dumps


AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")
KOLKATA = zoneinfo.ZoneInfo("Asia/Kolkata")

BASE: dict[str, Any] = {
    "id": "demo",
    "title": {"nl": "Programma", "en": "Programme"},
    "base_url": "https://example.org/demo/",
    "locales": ["nl", "en"],
    "people": {"ana": {"name": "Ana"}, "bo": {"name": "Bo"}},
    "organisations": {"ser": {"name": "SER"}},
    "tags": {"remedy": {"label": "remedy"}},
}
SESSION: dict[str, Any] = {"id": "s1", "kind": "webinar", "title": "Sessie", "language": "nl"}


def programme(**overrides: Any) -> sf.Programme:
    return sf.from_dict({**BASE, **overrides})


def session(**fields: Any) -> sf.Session:
    return programme(sessions=[{**SESSION, **fields}]).sessions[0]


def problems(data: dict[str, Any]) -> list[tuple[str, str]]:
    with pytest.raises(sf.ProgrammeError) as caught:
        sf.from_dict(data)
    return [(p.path, p.message) for p in caught.value.problems]


def session_problems(**fields: Any) -> list[tuple[str, str]]:
    return problems({**BASE, "sessions": [{**SESSION, **fields}]})


def paths(found: list[tuple[str, str]]) -> list[str]:
    return [path for path, _ in found]


# ----------------------------------------------------------------------- texts


def test_text_per_locale_keeps_the_given_order() -> None:
    """``title.en`` then ``title.nl`` gives a text in that order, each locale its own value."""
    title = session(title={"en": "Remedy", "nl": "Herstel"}).title
    assert title.items == (("en", "Remedy"), ("nl", "Herstel"))


def test_a_plain_string_is_the_same_text_in_every_locale() -> None:
    """``title = "…"`` holds that text for each of the programme's locales, in their order."""
    loaded = programme(title="Webinars")
    assert loaded.title.items == (("en", "Webinars"), ("nl", "Webinars"))
    assert loaded.sessions == ()


def test_a_text_in_some_locales_falls_back() -> None:
    """A text missing in a locale resolves to the default locale, and says which language it is."""
    title = session(title={"en": "Only English"}).title
    resolved = programme().text(title, "nl")
    assert (resolved.text, resolved.lang) == ("Only English", "en")


@pytest.mark.parametrize(
    ("value", "path", "fragment"),
    [
        (5, "sessions[0].title", "must be text or a table of texts per locale, not a number"),
        ({"nl": 5}, "sessions[0].title.nl", "must be text, not a number"),
        ({"de": "Sitzung"}, "sessions[0].title.de", "is not one of the programme's locales (nl, en)"),
        ({"nl": "  "}, "sessions[0].title.nl", "is empty"),
        ("", "sessions[0].title", "is empty"),  # one text for every locale: one problem
        (None, "sessions[0].title", "is required"),
    ],
)
def test_text_problems(value: object, path: str, fragment: str) -> None:
    """Each wrong text names the locale's path when there is one."""
    fields = {**SESSION, "title": value}
    if value is None:
        del fields["title"]
    found = problems({**BASE, "sessions": [fields]})
    assert paths(found) == [path]
    assert any(fragment in message for p, message in found if p == path), found


# ------------------------------------------------------------------------ when


def _timed(start: dt.datetime, end: dt.datetime) -> sf.Timed:
    return sf.Timed(start=start, end=end)


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        ("2023-12", sf.Month(year=2023, month=12)),
        (dt.date(2026, 3, 12), sf.AllDay(start=dt.date(2026, 3, 12), end=dt.date(2026, 3, 12))),
        ("2026-03-12", sf.AllDay(start=dt.date(2026, 3, 12), end=dt.date(2026, 3, 12))),
        (
            {"start": dt.date(2026, 5, 4), "end": dt.date(2026, 5, 6)},
            sf.AllDay(start=dt.date(2026, 5, 4), end=dt.date(2026, 5, 6)),
        ),
        (
            {"start": "2026-05-04", "end": "2026-05-06"},
            sf.AllDay(start=dt.date(2026, 5, 4), end=dt.date(2026, 5, 6)),
        ),
        ({"start": dt.date(2026, 5, 4)}, sf.AllDay(start=dt.date(2026, 5, 4), end=dt.date(2026, 5, 4))),
        ("tba", sf.Unknown()),
        ("TBA", sf.Unknown()),
        ("tbd", sf.Unknown()),
        ("unknown", sf.Unknown()),
        (
            {"start": dt.datetime(2026, 3, 12, 14), "end": dt.datetime(2026, 3, 12, 15, 30)},
            _timed(dt.datetime(2026, 3, 12, 14, tzinfo=AMS), dt.datetime(2026, 3, 12, 15, 30, tzinfo=AMS)),
        ),
        (
            {"start": "2026-03-12T14:00:00", "end": "2026-03-12T15:30:00"},
            _timed(dt.datetime(2026, 3, 12, 14, tzinfo=AMS), dt.datetime(2026, 3, 12, 15, 30, tzinfo=AMS)),
        ),
        (
            {"start": dt.datetime(2026, 3, 12, 14), "end": dt.time(15, 30)},
            _timed(dt.datetime(2026, 3, 12, 14, tzinfo=AMS), dt.datetime(2026, 3, 12, 15, 30, tzinfo=AMS)),
        ),
        (
            {"start": "2026-03-12T14:00:00", "end": "15:30"},
            _timed(dt.datetime(2026, 3, 12, 14, tzinfo=AMS), dt.datetime(2026, 3, 12, 15, 30, tzinfo=AMS)),
        ),
        (
            {"start": dt.datetime(2026, 3, 12, 14), "duration": "PT1H30M"},
            _timed(dt.datetime(2026, 3, 12, 14, tzinfo=AMS), dt.datetime(2026, 3, 12, 15, 30, tzinfo=AMS)),
        ),
        (
            {"start": dt.datetime(2026, 3, 12, 14), "duration": 90},
            _timed(dt.datetime(2026, 3, 12, 14, tzinfo=AMS), dt.datetime(2026, 3, 12, 15, 30, tzinfo=AMS)),
        ),
        (
            {"start": dt.datetime(2026, 3, 12, 14), "duration": "p1dt2h"},
            _timed(dt.datetime(2026, 3, 12, 14, tzinfo=AMS), dt.datetime(2026, 3, 13, 16, tzinfo=AMS)),
        ),
        (
            {
                "start": dt.datetime(2027, 4, 15, 18, 30),
                "end": dt.datetime(2027, 4, 15, 20),
                "timezone": "Asia/Kolkata",
            },
            _timed(
                dt.datetime(2027, 4, 15, 18, 30, tzinfo=KOLKATA), dt.datetime(2027, 4, 15, 20, tzinfo=KOLKATA)
            ),
        ),
    ],
    ids=lambda v: str(v)[:40],
)
def test_when_forms(when: object, expected: sf.When) -> None:
    """Month, day, range, tba, local times, an end as a time, a duration and another zone."""
    loaded = session(when=when).when
    assert loaded == expected
    assert type(loaded) is type(expected)
    if isinstance(expected, sf.Timed):
        assert isinstance(loaded, sf.Timed)
        assert loaded.timezone == expected.timezone


def test_a_missing_when_is_unknown_never_a_made_up_date() -> None:
    """No ``when`` means the date is not known, not today and not the first of a month."""
    assert session().when == sf.Unknown()


def test_a_month_is_never_given_a_day() -> None:
    """``2023-12`` stays a month: no day or time is invented."""
    when = session(when="2023-12").when
    assert when == sf.Month(year=2023, month=12)
    assert when.iso() == "2023-12"


def test_offsets_keep_the_instant_in_the_programme_zone() -> None:
    """A start with an offset is the same instant, shown in the programme's zone."""
    when = session(when={"start": "2026-03-12T13:00:00+00:00", "end": "2026-03-12T10:30:00-05:00"}).when
    assert isinstance(when, sf.Timed)
    assert when.start == dt.datetime(2026, 3, 12, 14, tzinfo=AMS)
    assert when.end == dt.datetime(2026, 3, 12, 16, 30, tzinfo=AMS)
    assert when.timezone == "Europe/Amsterdam"


def test_an_offset_says_which_of_a_repeated_hour() -> None:
    """02:30+01:00 on the night the clocks go back is the second 02:30."""
    when = session(when={"start": "2026-10-25T02:30:00+01:00", "end": "2026-10-25T04:00:00"}).when
    assert isinstance(when, sf.Timed)
    assert when.start.fold == 1
    assert when.start.astimezone(dt.UTC) == dt.datetime(2026, 10, 25, 1, 30, tzinfo=dt.UTC)
    assert when.duration == dt.timedelta(hours=1, minutes=30)


def test_a_duration_is_elapsed_time_across_a_dst_change() -> None:
    """Three hours from 01:00 on the night the clocks go forward end at 05:00 on the wall clock."""
    when = session(when={"start": dt.datetime(2026, 3, 29, 1), "duration": "PT3H"}).when
    assert isinstance(when, sf.Timed)
    assert when.end == dt.datetime(2026, 3, 29, 5, tzinfo=AMS)
    assert when.duration == dt.timedelta(hours=3)


def test_a_local_span_across_a_dst_change_is_real_time() -> None:
    """01:00 to 04:00 on the night the clocks go forward lasts two hours (the demo's night-owls)."""
    when = session(when={"start": dt.datetime(2027, 3, 28, 1), "end": dt.datetime(2027, 3, 28, 4)}).when
    assert isinstance(when, sf.Timed)
    assert when.duration == dt.timedelta(hours=2)


@pytest.mark.parametrize(
    ("when", "path", "fragment"),
    [
        (dt.datetime(2026, 3, 12, 14), "sessions[0].when", "a single date and time has no end"),
        ("2026-02-30", "sessions[0].when", "'2026-02-30' is not a date"),
        ("soon", "sessions[0].when", "'tba' when it is not known"),
        (5, "sessions[0].when", "must be a table"),
        (
            {"start": "2026-05-04", "end": "2026-05-02"},
            "sessions[0].when.end",
            "must not be before the first",
        ),
        (
            {"start": dt.date(2026, 5, 4), "end": dt.datetime(2026, 5, 5, 10)},
            "sessions[0].when.end",
            "must be a date, like start",
        ),
        ({"end": dt.date(2026, 5, 4)}, "sessions[0].when.start", "is required"),
        ({"start": dt.datetime(2026, 3, 12, 14)}, "sessions[0].when.end", "is required with a start time"),
        (
            {"start": dt.datetime(2026, 3, 12, 14), "end": dt.datetime(2026, 3, 12, 13)},
            "sessions[0].when.end",
            "must be after the start",
        ),
        (
            {"start": dt.datetime(2026, 3, 12, 14), "end": dt.datetime(2026, 3, 12, 14)},
            "sessions[0].when.end",
            "must be after the start",
        ),
        (
            {"start": dt.datetime(2026, 3, 12, 23), "end": dt.time(1, 0)},
            "sessions[0].when.end",
            "must be after the start",
        ),
        (
            {"start": dt.datetime(2026, 3, 12, 14), "end": dt.datetime(2026, 3, 12, 15), "duration": 60},
            "sessions[0].when.duration",
            "give 'end' or 'duration', not both",
        ),
        (
            {"start": dt.datetime(2026, 3, 12, 14), "duration": "an hour"},
            "sessions[0].when.duration",
            "is not a duration",
        ),
        (
            {"start": dt.datetime(2026, 3, 12, 14), "duration": 0},
            "sessions[0].when.duration",
            "is not a duration",
        ),
        (
            {"start": dt.datetime(2026, 3, 12, 14), "duration": -30},
            "sessions[0].when.duration",
            "is not a duration",
        ),
        (
            {"start": dt.datetime(2026, 3, 12, 14), "duration": True},
            "sessions[0].when.duration",
            "is not a duration",
        ),
        (
            {"start": dt.datetime(2026, 3, 12, 14), "duration": "PT0M"},
            "sessions[0].when.duration",
            "is not a duration",
        ),
        (
            {
                "start": dt.datetime(2026, 3, 12, 14),
                "end": dt.datetime(2026, 3, 12, 15),
                "timezone": "Mars/Olympus",
            },
            "sessions[0].when.timezone",
            "is not an IANA time-zone name",
        ),
        (
            {"start": dt.date(2026, 3, 12), "timezone": "UTC"},
            "sessions[0].when",
            "go with a start time, not a date",
        ),
        (
            {"start": dt.date(2026, 3, 12), "strat": dt.date(2026, 3, 12)},
            "sessions[0].when.strat",
            "did you mean 'start'?",
        ),
    ],
    ids=lambda v: str(v)[:40],
)
def test_when_problems(when: object, path: str, fragment: str) -> None:
    """Each wrong ``when`` is reported at the field at fault, saying what would be right."""
    found = session_problems(when=when)
    assert path in paths(found), found
    assert any(fragment in message for p, message in found if p == path), found


def test_a_local_time_the_clocks_skip_is_refused() -> None:
    """02:30 on the night the clocks go forward does not exist in Amsterdam."""
    found = session_problems(
        when={"start": dt.datetime(2026, 3, 29, 2, 30), "end": dt.datetime(2026, 3, 29, 4)}
    )
    assert found == [
        (
            "sessions[0].when.start",
            "2026-03-29T02:30:00 does not exist in Europe/Amsterdam: the clocks skip that hour; "
            "use a time before or after the change",
        ),
    ]


def test_a_local_time_that_happens_twice_asks_for_the_offset() -> None:
    """02:30 on the night the clocks go back is ambiguous; the message offers both offsets."""
    found = session_problems(
        when={"start": dt.datetime(2026, 10, 25, 1), "end": dt.datetime(2026, 10, 25, 2, 30)}
    )
    assert found == [
        (
            "sessions[0].when.end",
            "2026-10-25T02:30:00 happens twice in Europe/Amsterdam (the clocks go back); add the offset "
            "to say which, e.g. 2026-10-25T02:30:00+02:00 or 2026-10-25T02:30:00+01:00",
        ),
    ]


def test_an_ambiguous_time_in_the_session_zone() -> None:
    """Ambiguity is judged in the session's own zone (New York falls back on 1 November 2026)."""
    found = session_problems(
        when={
            "start": dt.datetime(2026, 11, 1, 1, 30),
            "end": dt.datetime(2026, 11, 1, 3),
            "timezone": "America/New_York",
        },
    )
    assert paths(found) == ["sessions[0].when.start"]
    assert "-04:00 or " in found[0][1]
    assert found[0][1].endswith("-05:00")
    # The same wall time is plain in Amsterdam.
    assert isinstance(
        session(when={"start": dt.datetime(2026, 11, 1, 1, 30), "end": dt.datetime(2026, 11, 1, 3)}).when,
        sf.Timed,
    )


# ------------------------------------------------------------------ unknown keys


@pytest.mark.parametrize(
    ("data", "path", "hint"),
    [
        ({**BASE, "titel": "x"}, "titel", "did you mean 'title'?"),
        ({**BASE, "timezones": "UTC"}, "timezones", "did you mean 'timezone'?"),
        (
            {**BASE, "sessions": [{**SESSION, "speaker": ["ana"]}]},
            "sessions[0].speaker",
            "did you mean 'speakers'?",
        ),
        (
            {**BASE, "sessions": [{**SESSION, "moderator": ["ana"]}]},
            "sessions[0].moderator",
            "did you mean 'moderators'?",
        ),
        (
            {**BASE, "sessions": [{**SESSION, "panelists": ["ana"]}]},
            "sessions[0].panelists",
            "did you mean 'panellists'?",
        ),
        (
            {**BASE, "sessions": [{**SESSION, "location": {"venu": "Hall"}}]},
            "sessions[0].location.venu",
            "did you mean 'venue'?",
        ),
        (
            {**BASE, "sessions": [{**SESSION, "links": {"register": "https://example.org/r"}}]},
            "sessions[0].links.register",
            "did you mean 'registration'?",
        ),
        (
            {**BASE, "people": {"ana": {"name": "Ana", "affilation": "ser"}}},
            "people.ana.affilation",
            "did you mean 'affiliation'?",
        ),
        (
            {**BASE, "organisations": {"ser": {"name": "SER", "shortname": "S"}}},
            "organisations.ser.shortname",
            "did you mean 'short_name'?",
        ),
        ({**BASE, "contact": {"mail": "a@example.org"}}, "contact.mail", "did you mean 'email'?"),
        (
            {
                **BASE,
                "sessions": [
                    {**SESSION, "location": {"venue": {"name": "Hall", "address": {"zip": "3511"}}}}
                ],
            },
            "sessions[0].location.venue.address.zip",
            "known fields: country, locality, postal_code, region, street",
        ),
        ({**BASE, "zzz": 1}, "zzz", "known fields: base_url, color, contact, currency"),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_unknown_keys_suggest_the_closest_field(data: dict[str, Any], path: str, hint: str) -> None:
    """A misspelt key is reported at its path with the field it probably meant, or the known ones."""
    found = problems(data)
    assert found[0][0] == path
    assert found[0][1].startswith("unknown field; ")
    assert hint in found[0][1]


# -------------------------------------------------------------------- references


def test_people_and_organisations_are_referred_to_by_id() -> None:
    """A session's people, organisers and tags are the very objects the programme defines."""
    loaded = programme(
        people={"ana": {"name": "Ana", "affiliation": "igs"}, "bo": {"name": "Bo"}},
        organisations={"igs": {"name": "IGS", "parent": "giz"}, "giz": {"name": "GIZ"}},
        organisers=["giz"],
        sessions=[
            {
                **SESSION,
                "moderators": ["bo"],
                "speakers": ["ana", "bo"],
                "organisers": ["igs"],
                "supporters": "giz",
                "tags": ["remedy"],
            }
        ],
    )
    [one] = loaded.sessions
    ana, _ = loaded.people
    giz, igs = loaded.organisations  # sorted by id, whatever the file's order
    assert (giz.id, igs.id) == ("giz", "igs")
    assert igs.parent is giz
    assert ana.affiliation is igs
    assert [(p.person.id, p.role) for p in one.participants] == [
        ("bo", sf.Role.MODERATOR),
        ("ana", sf.Role.SPEAKER),
        ("bo", sf.Role.SPEAKER),
    ]
    assert one.participants[1].person is ana
    assert one.organisers == (igs,)
    assert one.supporters == (giz,)
    assert one.tags == loaded.tags
    assert loaded.organisers == (giz,)


@pytest.mark.parametrize("key", [role.plural for role in sf.Role])
def test_every_role_key(key: str) -> None:
    """Each plural role key puts the people in that role, in the given order."""
    loaded = session(**{key: ["bo", "ana"]})
    role = sf.Role(key[:-1])
    assert [p.id for p in loaded.people_in(role)] == ["bo", "ana"]
    assert loaded.roles == (role,)


@pytest.mark.parametrize(
    ("data", "path", "message"),
    [
        (
            {**BASE, "sessions": [{**SESSION, "speakers": ["ana", "an"]}]},
            "sessions[0].speakers[1]",
            "unknown person 'an'; did you mean 'ana'?",
        ),
        (
            {**BASE, "sessions": [{**SESSION, "speakers": ["xyz"]}]},
            "sessions[0].speakers[0]",
            "unknown person 'xyz'; define it under [people.xyz]",
        ),
        (
            {**BASE, "sessions": [{**SESSION, "organisers": ["sr"]}]},
            "sessions[0].organisers[0]",
            "unknown organisation 'sr'; did you mean 'ser'?",
        ),
        (
            {**BASE, "sessions": [{**SESSION, "supporters": ["giz"]}]},
            "sessions[0].supporters[0]",
            "unknown organisation 'giz'; define it under [organisations.giz]",
        ),
        (
            {**BASE, "sessions": [{**SESSION, "tags": ["remedy", "remidy"]}]},
            "sessions[0].tags[1]",
            "unknown tag 'remidy'; did you mean 'remedy'?",
        ),
        (
            {**BASE, "organisers": ["zzz"]},
            "organisers[0]",
            "unknown organisation 'zzz'; define it under [organisations.zzz]",
        ),
        (
            {**BASE, "people": {"ana": {"name": "Ana", "affiliation": "serr"}}},
            "people.ana.affiliation",
            "unknown organisation 'serr'; did you mean 'ser'?",
        ),
        (
            {**BASE, "organisations": {"igs": {"name": "IGS", "parent": "gz"}}},
            "organisations.igs.parent",
            "unknown organisation 'gz'; define it under [organisations.gz]",
        ),
        (
            {**BASE, "sessions": [{**SESSION, "speakers": 5}]},
            "sessions[0].speakers",
            "must be a list of ids, not a number",
        ),
        (
            {**BASE, "sessions": [{**SESSION, "speakers": ["ana", 5]}]},
            "sessions[0].speakers[1]",
            "must be an id (text), not a number",
        ),
    ],
    ids=lambda v: v if isinstance(v, str) and "[" in v else "",
)
def test_unknown_references(data: dict[str, Any], path: str, message: str) -> None:
    """A reference to something not defined names the closest id, or where to define it."""
    assert (path, message) in problems(data)


_CYCLE = "an organisation cannot be part of itself; remove one of these parents"


def test_a_cycle_of_parents_is_refused() -> None:
    """Organisations whose parents lead back to themselves are reported once, naming the cycle."""
    found = problems(
        {**BASE, "organisations": {"a": {"name": "A", "parent": "b"}, "b": {"name": "B", "parent": "a"}}}
    )
    assert found == [("organisations.a.parent", f"makes a cycle of parents (a → b → a): {_CYCLE}")]
    assert problems({**BASE, "organisations": {"a": {"name": "A", "parent": "a"}}}) == [
        ("organisations.a.parent", f"makes a cycle of parents (a → a): {_CYCLE}"),
    ]
    chain = {"a": {"name": "A", "parent": "b"}, "b": {"name": "B", "parent": "c"}, "c": {"name": "C", "parent": "b"}}
    assert problems({**BASE, "organisations": chain}) == [
        ("organisations.b.parent", f"makes a cycle of parents (b → c → b): {_CYCLE}"),
    ]


def test_a_faulty_parent_is_not_a_cycle() -> None:
    """A parent with a problem of its own is that problem alone, whatever the order of the file."""
    for organisations in (
        {"x": {"name": ""}, "y": {"name": "Y", "parent": "x"}},
        {"y": {"name": "Y", "parent": "x"}, "x": {"name": ""}},
    ):
        assert problems({**BASE, "organisations": organisations}) == [
            ("organisations.x.name", "is empty; give a text or leave the field out"),
        ]


def test_the_same_person_twice_in_a_role() -> None:
    """Listing someone twice as speaker is a problem at the second listing."""
    assert session_problems(speakers=["ana", "ana"]) == [
        ("sessions[0].speakers[1]", "'ana' is listed already as speaker; remove this one")
    ]
    # The path is the listing's own, whatever comes before it in the file or in other roles.
    assert paths(session_problems(moderators=["bo"], speakers=[5, "ana", "bo", "ana"])) == [
        "sessions[0].speakers[0]",
        "sessions[0].speakers[3]",
    ]


def test_the_model_refuses_a_person_twice_in_a_role() -> None:
    """A session built in code says the same, at the model's own path."""
    ana = sf.Person(id="ana", name="Ana")
    with pytest.raises(sf.ProgrammeError) as caught:
        sf.Session(
            id="s",
            kind="talk",
            title=sf.LocalizedText({"nl": "T"}),
            language="nl",
            participants=[sf.Participation(person=ana, role=sf.Role.SPEAKER)] * 2,
        )
    assert [(p.path, p.message) for p in caught.value.problems] == [
        ("participants[1]", "'ana' is listed already as speaker; remove this one")
    ]


def test_one_person_in_two_roles_is_fine() -> None:
    """A moderator may also speak."""
    loaded = session(moderators=["ana"], speakers=["ana"])
    assert loaded.roles == (sf.Role.MODERATOR, sf.Role.SPEAKER)


def test_kinds_are_built_in_or_declared() -> None:
    """A kind must be built in or declared under [kinds], with a label per locale."""
    found = session_problems(kind="hackathon")
    assert paths(found) == ["sessions[0].kind"]
    assert "unknown kind 'hackathon'; use one of conference, course" in found[0][1]
    assert found[0][1].endswith("or declare it under 'kinds'")
    loaded = programme(
        kinds={"hackathon": {"label": {"nl": "hackathon", "en": "hackathon"}}},
        sessions=[{**SESSION, "kind": "hackathon"}],
    )
    assert loaded.sessions[0].kind == "hackathon"
    assert loaded.kind_label("hackathon") == sf.LocalizedText({"nl": "hackathon", "en": "hackathon"})
    assert loaded.kind_label("webinar") is None
    assert problems({**BASE, "kinds": {"webinar": "Webinar"}}) == [
        ("kinds.webinar.id", "'webinar' is a built-in kind already; remove this definition"),
    ]


# ------------------------------------------------------------- status, location


@pytest.mark.parametrize("status", list(sf.Status))
def test_every_status(status: sf.Status) -> None:
    """Each status is read by its value; rescheduled needs the previous start."""
    extra = {"previous_start": dt.datetime(2026, 3, 1, 14)} if status is sf.Status.RESCHEDULED else {}
    loaded = session(status=status.value, **extra)
    assert loaded.status is status
    if extra:
        assert loaded.previous_start == dt.datetime(2026, 3, 1, 14, tzinfo=AMS)


def test_status_problems() -> None:
    """An unknown status lists the known ones; previous_start goes only with 'rescheduled'."""
    assert session_problems(status="canceled") == [
        (
            "sessions[0].status",
            "unknown status 'canceled'; use one of scheduled, cancelled, postponed, rescheduled, moved-online",
        ),
    ]
    assert session_problems(status="rescheduled") == [
        ("sessions[0].previous_start", "is required when the status is 'rescheduled'")
    ]
    assert session_problems(previous_start=dt.date(2026, 3, 1)) == [
        ("sessions[0].previous_start", "only goes with status 'rescheduled'; set that status or remove it"),
    ]


def test_a_previous_start_in_the_session_zone() -> None:
    """A local previous start is read in the zone of the session's time."""
    loaded = session(
        status="rescheduled",
        previous_start=dt.datetime(2027, 4, 1, 18, 30),
        when={
            "start": dt.datetime(2027, 4, 15, 18, 30),
            "end": dt.datetime(2027, 4, 15, 20),
            "timezone": "Asia/Kolkata",
        },
    )
    assert loaded.previous_start == dt.datetime(2027, 4, 1, 18, 30, tzinfo=KOLKATA)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("online", sf.Location(online=sf.Online())),
        ({"online": True}, sf.Location(online=sf.Online())),
        (
            {"online": {"url": "https://meet.example.org/x", "platform": "Jitsi"}},
            sf.Location(online=sf.Online(url="https://meet.example.org/x", platform="Jitsi")),
        ),
        ({"venue": "Hall"}, sf.Location(venue=sf.Venue(name="Hall"))),
        (
            {
                "venue": {
                    "name": "Hall",
                    "url": "https://example.org/hall",
                    "address": {"street": "Main 1", "locality": "Utrecht", "country": "NL"},
                }
            },
            sf.Location(
                venue=sf.Venue(
                    name="Hall",
                    url="https://example.org/hall",
                    address=sf.Address(street="Main 1", locality="Utrecht", country="NL"),
                )
            ),
        ),
        ({"online": True, "venue": "Hall"}, sf.Location(online=sf.Online(), venue=sf.Venue(name="Hall"))),
    ],
    ids=["online", "online-true", "online-table", "venue-name", "venue-table", "hybrid"],
)
def test_location_forms(value: object, expected: sf.Location) -> None:
    """Online, in person and hybrid, in their short and long forms."""
    loaded = session(location=value)
    assert loaded.location == expected
    assert loaded.attendance is expected.mode


@pytest.mark.parametrize(
    ("value", "path", "fragment"),
    [
        ({}, "sessions[0].location", "needs 'online', a 'venue', or both (hybrid)"),
        ("offline", "sessions[0].location", "must be a table"),
        ({"online": {"url": "zoom"}}, "sessions[0].location.online.url", "is not an absolute http(s) URL"),
        ({"venue": {"url": "https://example.org/"}}, "sessions[0].location.venue.name", "is required"),
        (
            {"venue": {"name": "Hall", "address": {"street": 5}}},
            "sessions[0].location.venue.address.street",
            "must be text, not a number",
        ),
    ],
)
def test_location_problems(value: object, path: str, fragment: str) -> None:
    """Each wrong location is reported at its field."""
    found = session_problems(location=value)
    assert path in paths(found), found
    assert any(fragment in message for p, message in found if p == path), found


# ------------------------------------------------------- recordings, links, other


def test_recording_forms() -> None:
    """A recording is a URL, or a table with what feeds and JSON-LD want to know."""
    assert session(recording="https://media.example.org/r.mp4").recording == sf.Recording(
        url="https://media.example.org/r.mp4"
    )
    full = session(
        recording={
            "url": "https://media.example.org/r.mp4",
            "media_type": "video/mp4",
            "length": 1000,
            "duration": "PT58M12S",
            "thumbnail": "https://media.example.org/r.jpg",
            "embed_url": "https://media.example.org/embed/r",
            "published": dt.date(2026, 10, 9),
        },
    ).recording
    assert full == sf.Recording(
        url="https://media.example.org/r.mp4",
        media_type="video/mp4",
        length=1000,
        duration=dt.timedelta(minutes=58, seconds=12),
        thumbnail="https://media.example.org/r.jpg",
        embed_url="https://media.example.org/embed/r",
        published=dt.date(2026, 10, 9),
    )


@pytest.mark.parametrize(
    ("fields", "path", "fragment"),
    [
        ({"recording": {"media_type": "video/mp4"}}, "sessions[0].recording.url", "is required"),
        (
            {"recording": {"url": "https://e.org/r", "length": True}},
            "sessions[0].recording.length",
            "must be a whole number of bytes",
        ),
        (
            {"recording": {"url": "https://e.org/r", "length": -1}},
            "sessions[0].recording.length",
            "must be a whole number of bytes from 0 to 9223372036854775807",
        ),
        (
            {"recording": {"url": "https://e.org/r", "length": 2**63}},
            "sessions[0].recording.length",
            "must be a whole number of bytes from 0 to 9223372036854775807",
        ),
        (
            {"recording": {"url": "https://e.org/r", "duration": "PT0.5S"}},
            "sessions[0].recording.duration",
            "has a fraction of a second (0.5 seconds); durations are whole seconds: round it",
        ),
        (
            {"recording": {"url": "https://e.org/r", "duration": 10**30}},
            "sessions[0].recording.duration",
            "is longer than the dates sessionfeed supports (1583-01-01 to 9998-12-31) span",
        ),
        (
            {"recording": {"url": "https://e.org/r", "published": dt.date(1582, 12, 31)}},
            "sessions[0].recording.published",
            "1582-12-31 is outside the dates sessionfeed supports (1583-01-01 to 9998-12-31)",
        ),
        (
            {"recording": {"url": "https://e.org/r", "published": "yesterday"}},
            "sessions[0].recording.published",
            "must be a date",
        ),
        (
            {"recording": {"url": "https://e.org/r", "media_type": "mp4"}},
            "sessions[0].recording.media_type",
            "is not a media type",
        ),
        (
            {"recording": {"url": "https://e.org/r", "duration": "long"}},
            "sessions[0].recording.duration",
            "is not a duration",
        ),
        ({"recording": "e.org/r"}, "sessions[0].recording.url", "is not an absolute http(s) URL"),
        (
            {"links": {"page": "ftp://example.org/"}},
            "sessions[0].links.page",
            "is not an absolute http(s) URL",
        ),
        (
            {"links": {"registration": "https://example.org/a b"}},
            "sessions[0].links.registration",
            "has U+0020 (white space) at position 21: percent-encode it as '%20'",
        ),
        (
            {"links": {"page": "http://[::1/x"}},
            "sessions[0].links.page",
            "has '[' at position 7, which a URL holds only around an IPv6 address as its host",
        ),
        ({"links": "https://example.org/"}, "sessions[0].links", "must be a table"),
        (
            {"image": 'https://example.org/"x"'},
            "sessions[0].image",
            "has '\"' at position 20: percent-encode it as '%22'",
        ),
        ({"announced": "soon"}, "sessions[0].announced", "is not a date and time"),
        (
            {"announced": dt.date(2026, 1, 1)},
            "sessions[0].announced",
            "must be a date and time like 2026-03-12T14:00:00, not a date",
        ),
        ({"sequence": -1}, "sessions[0].sequence", "must be a whole number from 0 to 2147483647"),
        ({"sequence": 2**31}, "sessions[0].sequence", "must be a whole number from 0 to 2147483647"),
        ({"sequence": True}, "sessions[0].sequence", "must be a whole number from 0 to 2147483647"),
        ({"sequence": 10**5000}, "sessions[0].sequence", "must be a whole number from 0 to 2147483647"),
        ({"sequence": "1"}, "sessions[0].sequence", "must be a whole number from 0 to 2147483647"),
        ({"announced": "2027-03-11T14:00:00.5"}, "sessions[0].announced", "has a fraction of a second"),
        ({"announced": "1582-12-31T12:00:00"}, "sessions[0].announced", "is outside the dates sessionfeed supports"),
        ({"updated": "9998-12-31T23:30:00-05:00"}, "sessions[0].updated", "is 9999-01-01T04:30:00+00:00 in UTC"),
        ({"status": ["cancelled"]}, "sessions[0].status", "unknown status ['cancelled']; use one of scheduled"),
        ({"language": "Engels"}, "sessions[0].language", "is not a BCP 47 language tag"),
        ({"language": "xx"}, "sessions[0].language", "is not a language that babel/CLDR knows"),
        ({"id": "Webinar 1"}, "sessions[0].id", "is not a valid id"),
        ({"id": 7}, "sessions[0].id", "must be text, not a number"),
    ],
    ids=lambda v: v if isinstance(v, str) and v.startswith("sessions") else "",
)
def test_session_field_problems(fields: dict[str, Any], path: str, fragment: str) -> None:
    """Each wrong session field is reported at its path, saying what is wrong."""
    found = session_problems(**fields)
    assert path in paths(found), found
    assert any(fragment in message for p, message in found if p == path), found


def test_announced_and_updated_are_read_in_the_programme_zone() -> None:
    """Local times of announced/updated are in the programme's zone; offsets are kept as instants."""
    loaded = session(announced=dt.datetime(2026, 11, 2, 10), updated="2026-11-18T12:00:00+00:00", sequence=4)
    assert loaded.announced == dt.datetime(2026, 11, 2, 10, tzinfo=AMS)
    assert loaded.updated == dt.datetime(2026, 11, 18, 13, tzinfo=AMS)
    assert loaded.sequence == 4


@pytest.mark.parametrize(
    ("field", "value", "path", "fragment"),
    [
        ("id", None, "id", "is required"),
        ("title", None, "title", "is required"),
        ("base_url", None, "base_url", "is required"),
        ("locales", None, "locales", "is required"),
        (
            "base_url",
            "https://example.org/demo",
            "base_url",
            "must end with '/' (e.g. 'https://example.org/demo/')",
        ),
        ("base_url", "example.org/", "base_url", "is not an absolute http(s) URL"),
        ("locales", ["nl", "nl"], "locales", "lists a locale twice"),
        ("locales", ["nl", "xx"], "locales[1]", "is not a language that babel/CLDR knows"),
        ("locales", [], "locales", "needs at least one locale"),
        ("locales", [5], "locales", "must be a list of locales"),
        ("timezone", "Mars/Olympus", "timezone", "is not an IANA time-zone name"),
        ("timezone", 1, "timezone", "must be text"),
        ("free", "yes", "free", "must be true or false"),
        ("currency", "eu", "currency", "is not an ISO 4217 code"),
        ("color", "dark blue", "color", "must be a CSS3 colour name"),
        ("image", "banner.png", "image", "is not an absolute http(s) URL"),
        ("updated", "last week", "updated", "is not a date and time"),
        ("contact", {"email": "nobody"}, "contact.email", "is not an e-mail address"),
        ("contact", "me", "contact", "must be a table"),
        ("sessions", {"a": 1}, "sessions", "must be a list of sessions"),
        ("people", [], "people", "must be a table"),
        (
            "people",
            {"ana": {"name": "Ana", "same_as": "https://example.org/"}},
            "people.ana.same_as",
            "must be a list of URLs",
        ),
        (
            "people",
            {"ana": {"name": "Ana", "same_as": ["nope"]}},
            "people.ana.same_as[0]",
            "is not an absolute http(s) URL",
        ),
        ("people", {"ana": {}}, "people.ana.name", "is required"),
        ("people", {"Ana": {"name": "Ana"}}, "people.Ana.id", "is not a valid id"),
        (
            "organisations",
            {"ser": {"name": "SER", "url": "ser.nl"}},
            "organisations.ser.url",
            "is not an absolute http(s) URL",
        ),
        (
            "organisations",
            {"ser": {"name": "SER", "short_name": " "}},
            "organisations.ser.short_name",
            "is empty",
        ),
        ("tags", {"remedy": 5}, "tags.remedy", "must be text or a table of texts per locale"),
    ],
    ids=lambda v: v if isinstance(v, str) and v and v[0].isalpha() and " " not in v else "",
)
def test_programme_field_problems(field: str, value: object, path: str, fragment: str) -> None:
    """Each wrong programme field is reported at its path, saying what is wrong."""
    data = {**BASE, field: value}
    if value is None:
        del data[field]
    found = problems(data)
    assert path in paths(found), found
    assert any(fragment in message for p, message in found if p == path), found


def test_locales_may_be_one_string() -> None:
    """``locales = "nl"`` is one locale."""
    assert programme(locales="nl", title="Programma").locales == ("nl",)


def test_duplicate_session_ids() -> None:
    """A session id used twice is reported at the second use, naming the first."""
    found = problems({**BASE, "sessions": [SESSION, {**SESSION, "title": "Other"}]})
    assert found == [("sessions[1].id", "'s1' is used already by sessions[0]; ids must be unique")]


def test_a_programme_that_is_not_a_table() -> None:
    """from_dict refuses anything but a mapping, with a message instead of a crash."""
    with pytest.raises(sf.ProgrammeError) as caught:
        sf.from_dict([1, 2])  # type: ignore[arg-type]
    assert str(caught.value) == "a programme must be a table, not a list"


def test_json_shaped_values_read_like_toml_values() -> None:
    """ISO 8601 strings (from JSON) give the same programme as TOML's own dates and times."""
    toml_shaped = {
        **SESSION,
        "when": {"start": dt.datetime(2026, 3, 12, 14), "end": dt.time(15, 30)},
        "announced": dt.datetime(2026, 3, 1, 9, tzinfo=dt.timezone(dt.timedelta(hours=1))),
        "recording": {"url": "https://e.org/r", "published": dt.date(2026, 3, 13)},
    }
    json_shaped = {
        **SESSION,
        "when": {"start": "2026-03-12T14:00:00", "end": "15:30:00"},
        "announced": "2026-03-01T09:00:00+01:00",
        "recording": {"url": "https://e.org/r", "published": "2026-03-13"},
    }
    assert programme(sessions=[toml_shaped]) == programme(sessions=[json_shaped])


# ---------------------------------------------------- files, lines, all at once


MANY_PROBLEMS = """\
id = "Bad Id"                                   # ! id
locales = ["nl", "en"]
title.nl = "Programma"
title.de = "Programm"                           # ! title.de
base_url = "example.org"                        # ! base_url
colour = "red"                                  # ! colour

[organisations.ser]
name = "SER"
parent = "gizz"                                 # ! organisations.ser.parent

[people.ana]
name = "Ana"
affiliation = "sre"                             # ! people.ana.affiliation

[[sessions]]
id = "first"
kind = "webinar"
title = "Eerste"
language = "nl"
when = "2026-02-30"                             # ! sessions[0].when
speakers = ["ana", "bo"]                        # ! sessions[0].speakers[1]

[[sessions]]
id = "second"
kind = "hackathon"                              # ! sessions[1].kind
title.nl = "Tweede"
language = "nl"
when = { start = 2026-03-29T02:30:00, end = 2026-03-29T04:00:00 }   # ! sessions[1].when.start
status = "canceled"                             # ! sessions[1].status

[sessions.location.online]
url = "zoom"                                    # ! sessions[1].location.online.url

[[sessions]]
id = "first"                                    # ! sessions[2].id
kind = "talk"
title = "Derde"
language = "Nederlands"                         # ! sessions[2].language
"""


def _expected_marks(text: str) -> set[tuple[int, str]]:
    return {
        (number, match.group(1))
        for number, line in enumerate(text.split("\n"), start=1)
        if (match := re.search(r"# ! (\S+)$", line))
    }


def test_every_problem_of_a_file_at_once_with_its_line(tmp_path: Path) -> None:
    """One load reports each problem of the file as FILE:LINE: path: message, in file order."""
    path = tmp_path / "programme.toml"
    path.write_text(MANY_PROBLEMS, encoding="utf-8")
    with pytest.raises(sf.ProgrammeError) as caught:
        sf.load(path)
    found = caught.value.problems
    assert {(p.line, p.path) for p in found} == _expected_marks(MANY_PROBLEMS)
    assert [p.line for p in found] == sorted(p.line for p in found)  # type: ignore[type-var]
    assert all(p.file == str(path) for p in found)
    for problem in found:
        assert str(problem) == f"{path}:{problem.line}: {problem.path}: {problem.message}"
    assert str(caught.value).splitlines() == [str(p) for p in found]


def test_problems_without_a_line_come_last_naming_only_the_file() -> None:
    """A missing required field has no line; it is listed after the placed ones."""
    text = 'locales = ["nl"]\ntitle = "T"\nbase_url = "https://example.org/"\ncolor = "dark blue"\n'
    with pytest.raises(sf.ProgrammeError) as caught:
        load_toml_text(text, filename="p.toml")
    assert [str(p) for p in caught.value.problems] == [
        "p.toml:4: color: must be a CSS3 colour name such as 'darkblue' (RFC 7986)",
        "p.toml: id: is required",
    ]


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ('id = "x\ntitle = 1\n', 1, "not valid TOML: Illegal character '\\n' at column 8"),
        ('id = "x"\nid = "y"\n', 2, "not valid TOML: Cannot overwrite a value at column 9"),
        ('id = "x"\n[sessions\n', 2, "not valid TOML: "),
        ("a = 1\nb = ", 2, "not valid TOML: Invalid value (at end of document)"),
    ],
)
def test_toml_syntax_errors_give_the_line(text: str, line: int, fragment: str) -> None:
    """A file tomllib refuses gives one problem with its line, and no path."""
    with pytest.raises(sf.ProgrammeError) as caught:
        load_toml_text(text, filename="p.toml")
    [problem] = caught.value.problems
    assert (problem.file, problem.line, problem.path) == ("p.toml", line, "")
    assert fragment in problem.message
    assert "(at line" not in problem.message


@pytest.mark.parametrize(
    ("content", "message", "line"),
    [
        (b"", "is empty; a programme needs at least id, title, base_url and locales", None),
        (b"  \n\t\n", "is empty; a programme needs at least id, title, base_url and locales", None),
        (b'id = "x"\x00\x01\x02', "is a binary file, not a TOML text file", None),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "is a binary file, not a TOML text file", None),
        (b'id = "x"\ntitle = "caf\xe9"\n', "is not UTF-8 text; save it as UTF-8", 2),
    ],
    ids=["empty", "blank", "nul", "png", "latin-1"],
)
def test_files_that_are_not_programmes(
    tmp_path: Path, content: bytes, message: str, line: int | None
) -> None:
    """Empty, binary and non-UTF-8 files give one problem naming the file."""
    path = tmp_path / "p.toml"
    path.write_bytes(content)
    with pytest.raises(sf.ProgrammeError) as caught:
        sf.load(path)
    [problem] = caught.value.problems
    assert (problem.file, problem.path, problem.message, problem.line) == (str(path), "", message, line)


def test_a_missing_file_and_a_folder(tmp_path: Path) -> None:
    """A path that is not a file says so, naming it."""
    with pytest.raises(sf.ProgrammeError) as caught:
        sf.load(tmp_path / "nope.toml")
    assert (
        str(caught.value)
        == f"{tmp_path / 'nope.toml'}: no such file; give the path of a programme file (.toml)"
    )
    with pytest.raises(sf.ProgrammeError) as caught:
        sf.load(tmp_path)
    assert str(caught.value) == f"{tmp_path}: is a folder; give the path of a programme file (.toml)"


def test_a_byte_order_mark_and_windows_line_endings_are_fine(tmp_path: Path) -> None:
    """Files saved by Windows editors load, and lines still count right."""
    text = 'id = "x"\r\nlocales = ["en"]\r\ntitle = "T"\r\nbase_url = "https://example.org/"\r\ncolor = "dark blue"\r\n'
    path = tmp_path / "p.toml"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    with pytest.raises(sf.ProgrammeError) as caught:
        sf.load(path)
    assert [(p.line, p.path) for p in caught.value.problems] == [(5, "color")]
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("dark blue", "darkblue").encode())
    assert sf.load(path).color == "darkblue"
    assert sf.load(path) == sf.load(path)


# ------------------------------------------------------- one corrupted field


_NOBODY = "nobody-here"


def _path(parts: tuple[Any, ...]) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _corruptions(data: dict[str, Any]) -> list[tuple[tuple[Any, ...], str, Any, str]]:
    """Ways to break exactly one field: (where, how, value, the path to expect)."""
    out: list[tuple[tuple[Any, ...], str, Any, str]] = []

    def put(parts: tuple[Any, ...], value: Any, expect: tuple[Any, ...] | None = None) -> None:
        out.append((parts, "set", value, _path(expect or parts)))

    def add(parts: tuple[Any, ...], value: Any) -> None:
        out.append((parts, "add", value, _path(parts)))

    def drop(parts: tuple[Any, ...]) -> None:
        out.append((parts, "drop", None, _path(parts)))

    put(("id",), 5)
    put(("id",), "Not An Id")
    drop(("id",))
    put(("title",), 5)
    drop(("title",))
    put(("base_url",), "example.org/")
    put(("base_url",), "ftp://example.org/")
    put(("base_url",), ["https://example.org/"])
    drop(("base_url",))
    drop(("locales",))
    put(("locales",), 5)
    put(("timezone",), "Mars/Olympus")
    put(("free",), "yes")
    put(("image",), "banner.png")
    put(("color",), "dark blue")
    put(("currency",), "euro")
    put(("updated",), "last week")
    put(("contact",), "me")
    add(("colour",), "red")
    add(("session",), [])
    if data.get("organisers"):
        put(("organisers", 0), _NOBODY)
    for ident in data.get("organisations", {}):
        put(("organisations", ident, "url"), "example.org")
        put(("organisations", ident, "name"), 5)
        put(("organisations", ident, "parent"), _NOBODY)
        add(("organisations", ident, "nmae"), "x")
        out.append((("organisations", ident), "rename", "Bad Id", "organisations.Bad Id.id"))
    for ident in data.get("people", {}):
        put(("people", ident, "name"), 5)
        put(("people", ident, "name"), " ")
        put(("people", ident, "url"), "nope")
        put(("people", ident, "affiliation"), _NOBODY)
        put(("people", ident, "same_as"), ["https://example.org/a", "nope"], ("people", ident, "same_as", 1))
        add(("people", ident, "affilation"), "x")
        out.append((("people", ident), "rename", "Bad Id", "people.Bad Id.id"))
    for ident in data.get("tags", {}):
        put(("tags", ident), 5)
    for i, session in enumerate(data["sessions"]):
        at: tuple[Any, ...] = ("sessions", i)
        put((*at, "id"), "Bad Id")
        put((*at, "id"), 5)
        put((*at, "kind"), "no-such-kind")
        put((*at, "title"), 5)
        put((*at, "title"), {"xx-nope": "x"}, (*at, "title", "xx-nope"))
        put((*at, "language"), "Engels")
        put((*at, "when"), "2026-02-30")
        put((*at, "when"), "soon")
        put((*at, "when"), 5)
        put((*at, "when"), dt.datetime(2026, 3, 12, 14))
        put((*at, "when"), {"start": "2026-03-12T14:00:00"}, (*at, "when", "end"))
        put((*at, "status"), "canceled")
        put((*at, "speakers"), [_NOBODY], (*at, "speakers", 0))
        put((*at, "tags"), [_NOBODY], (*at, "tags", 0))
        put((*at, "organisers"), [_NOBODY], (*at, "organisers", 0))
        put((*at, "links"), {"page": "nope"}, (*at, "links", "page"))
        put((*at, "image"), "nope")
        put((*at, "recording"), {"url": "nope"}, (*at, "recording", "url"))
        put((*at, "location"), {"online": {"url": "nope"}}, (*at, "location", "online", "url"))
        put((*at, "location"), "offline")
        put((*at, "announced"), "soon")
        put((*at, "sequence"), -1)
        add((*at, "speaker"), [])
        for key in ("id", "kind", "title", "language"):
            drop((*at, key))
        del session
    return out


def _apply(data: dict[str, Any], parts: tuple[Any, ...], how: str, value: Any) -> dict[str, Any]:
    broken = copy.deepcopy(data)
    *parents, last = parts
    target: Any = broken
    for part in parents:
        target = target[part]
    if how == "drop":
        target.pop(last, None)
    elif how == "rename":
        target[value] = target.pop(last)
    else:
        target[last] = value
    return broken


@given(programme_dicts(max_sessions=3), st.data())
def test_one_corrupted_field_is_reported_at_exactly_its_path(
    data: dict[str, Any], draw: st.DataObject
) -> None:
    """Break one field of a valid programme: the error lists a problem at that very path, with its line."""
    sf.from_dict(data)  # valid before
    parts, how, value, expected = draw.draw(st.sampled_from(_corruptions(data)), label="corruption")
    broken = _apply(data, parts, how, value)
    with pytest.raises(sf.ProgrammeError) as caught:
        sf.from_dict(broken)
    assert expected in [p.path for p in caught.value.problems], caught.value
    # The same through a TOML file: the problem is there too, on the line the field is written on.
    text, written = dumps(broken, style=draw.draw(st.sampled_from(STYLES), label="style"))
    with pytest.raises(sf.ProgrammeError) as caught:
        load_toml_text(text, filename="p.toml")
    located = {p.path: p for p in caught.value.problems}
    assert expected in located, caught.value
    problem = located[expected]
    assert problem.file == "p.toml"
    if how != "drop":
        assert problem.line is not None
    if expected in written:
        assert problem.line == written[expected]


# ----------------------------------------------------- one problem, at its path


@pytest.mark.parametrize("value", ["often", 0, -5, True, "P9999999999D", "PT99999999999999999H"])
def test_an_invalid_refresh_is_a_problem_not_a_crash(value: object) -> None:
    """A refresh that is no duration, or one too long for any clock, is a problem at 'refresh'."""
    found = problems({**BASE, "refresh": value})
    assert paths(found) == ["refresh"]


@pytest.mark.parametrize("value", ["PT0.25S", "PT1M30,5S", "pt1h0.000001s", "PT0.0000005S"])
@pytest.mark.parametrize("field", ["refresh", "duration", "recording"])
def test_durations_with_fractions_of_a_second_are_refused(value: str, field: str) -> None:
    """Durations are whole seconds: a fraction, however small, is refused with what to do, where it is written."""
    if field == "refresh":
        found, path = problems({**BASE, "refresh": value}), "refresh"
    elif field == "duration":
        found = session_problems(when={"start": "2027-03-11T14:00:00", "duration": value})
        path = "sessions[0].when.duration"
    else:
        found = session_problems(recording={"url": "https://example.org/r", "duration": value})
        path = "sessions[0].recording.duration"
    [(where, message)] = found
    assert where == path
    assert message.startswith("has a fraction of a second (")
    assert message.endswith("seconds); durations are whole seconds: round it")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2027-13", "'2027-13' is not a month: its month must be a month from 1 to 12"),
        ("2027-00", "'2027-00' is not a month: its month must be a month from 1 to 12"),
        ("0000-05", "'0000-05' is not a month: its year must be a year from 1583 to 9998"),
        ("1582-12", "'1582-12' is not a month: its year must be a year from 1583 to 9998"),
        ("9999-01", "'9999-01' is not a month: its year must be a year from 1583 to 9998"),
    ],
)
def test_a_month_out_of_range_is_reported_at_when(value: str, message: str) -> None:
    """A month written as text is one field: its problem is at 'when', where it is written, in the model's words."""
    assert session_problems(when=value) == [("sessions[0].when", message)]


def test_a_start_that_is_not_a_date_says_so() -> None:
    """A start that is given but unreadable is called what it is, not missing."""
    [(path, message)] = session_problems(when={"start": "noon", "end": "13:00"})
    assert path == "sessions[0].when.start"
    assert "'noon'" in message
    assert "required" not in message


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        (
            {"start": "noon", "end": "13:00"},
            [
                (
                    "sessions[0].when.start",
                    "'noon' is not a date (2026-05-04), a date and time (2026-05-04T14:00:00)",
                ),
            ],
        ),
        (
            {"start": dt.datetime(2026, 3, 12, 14), "end": "later"},
            [
                (
                    "sessions[0].when.end",
                    "'later' is not a date (2026-05-04), a date and time (2026-05-04T14:00:00) "
                    "or a time (15:30:00)",
                ),
            ],
        ),
        (
            {"start": 5, "end": True},
            [
                (
                    "sessions[0].when.start",
                    "must be a date (2026-05-04), a date and time (2026-05-04T14:00:00), not a number",
                ),
                (
                    "sessions[0].when.end",
                    "must be a date (2026-05-04), a date and time (2026-05-04T14:00:00) "
                    "or a time (15:30:00), not true/false",
                ),
            ],
        ),
    ],
)
def test_an_unreadable_start_or_end(when: dict[str, Any], expected: list[tuple[str, str]]) -> None:
    """Each unreadable end of a span is one problem at its own path."""
    assert session_problems(when=when) == expected


def test_a_venue_without_a_name_is_one_problem() -> None:
    """The loader's 'is required' is the only problem at that path."""
    assert session_problems(location={"venue": {"url": "https://example.org/"}}) == [
        ("sessions[0].location.venue.name", "is required"),
    ]


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"organisations": {"ser": {}}}, [("organisations.ser.name", "is required")]),
        ({"people": {"ana": {}}}, [("people.ana.name", "is required")]),
        ({"people": {"ana": {"name": 5}}}, [("people.ana.name", "must be text, not a number")]),
        ({"locales": None}, [("locales", "is required: the locales to publish, e.g. ['nl', 'en']")]),
        ({"locales": 5}, [("locales", "must be a list of locales, e.g. ['nl', 'en']")]),
        (
            {"tags": {"remedy": {"de": "Abhilfe"}}},
            [
                (
                    "tags.remedy.de",
                    "locale 'de' is not one of the programme's locales (nl, en); "
                    "add it to 'locales' or remove this text",
                ),
            ],
        ),
        (
            {"organisations": {"ser": {"name": {"de": "SER"}, "url": "ser.nl"}}},
            [
                (
                    "organisations.ser.name.de",
                    "locale 'de' is not one of the programme's locales (nl, en); "
                    "add it to 'locales' or remove this text",
                ),
                (
                    "organisations.ser.url",
                    "'ser.nl' is not an absolute http(s) URL (e.g. 'https://example.org/page')",
                ),
            ],
        ),
    ],
)
def test_a_field_that_failed_is_one_problem(
    overrides: dict[str, Any], expected: list[tuple[str, str]]
) -> None:
    """A field the loader refuses is not reported again by the model, and other fields still are."""
    data = {**BASE, **overrides}
    data = {k: v for k, v in data.items() if v is not None}
    assert problems(data) == expected


def test_an_unknown_locale_is_reported_once() -> None:
    """A faulty locale is reported at 'locales' only, not under each text written for every locale."""
    assert paths(problems({**BASE, "locales": ["xx"], "title": "T"})) == ["locales[0]"]
    found = problems(
        {
            **BASE,
            "locales": ["nl", "xx"],
            "title": {"nl": "Titel", "xx": "Title"},
            "sessions": [{**SESSION, "title": "Sessie", "description": {"xx": "About"}}],
        },
    )
    assert paths(found) == ["locales[1]"]


@pytest.mark.parametrize(
    ("key", "ids"),
    [("tags", ["remedy", "remedy"]), ("organisers", ["ser", "ser"]), ("supporters", ["ser", "ser"])],
)
def test_a_session_lists_a_tag_or_organisation_once(key: str, ids: list[str]) -> None:
    """A second listing of the same id is a problem at that listing, as for a person in a role."""
    assert paths(session_problems(**{key: ids})) == [f"sessions[0].{key}[1]"]


def test_a_duplicate_is_reported_at_its_own_listing_with_the_fix() -> None:
    """The model's message, at the file's path of the second listing, also for the programme's organisers."""
    assert session_problems(tags=["remedy", 5, "remedy"]) == [
        ("sessions[0].tags[1]", "must be an id (text), not a number"),
        ("sessions[0].tags[2]", "'remedy' is listed already; remove this one"),
    ]
    assert session_problems(organisers=["nobody", "ser", "ser"], supporters=["ser", "ser"]) == [
        ("sessions[0].organisers[0]", "unknown organisation 'nobody'; define it under [organisations.nobody]"),
        ("sessions[0].organisers[2]", "'ser' is listed already; remove this one"),
        ("sessions[0].supporters[1]", "'ser' is listed already; remove this one"),
    ]
    assert problems({**BASE, "organisers": ["ser", "zzz", "ser"]}) == [
        ("organisers[1]", "unknown organisation 'zzz'; define it under [organisations.zzz]"),
        ("organisers[2]", "'ser' is listed already; remove this one"),
    ]


def test_a_reference_to_a_faulty_definition_is_not_called_unknown() -> None:
    """The definition's own problem is reported; the references to it are not 'unknown'."""
    found = problems(
        {**BASE, "people": {"ana": {"name": ""}}, "sessions": [{**SESSION, "speakers": ["ana"]}]}
    )
    assert found == [("people.ana.name", "is empty; give a text or leave the field out")]


@pytest.mark.parametrize(
    ("overrides", "session", "expected"),
    [
        (
            {
                "organisations": {"ser": {"name": ""}},
                "people": {"ana": {"name": "Ana", "affiliation": "ser"}},
            },
            {"organisers": ["ser"]},
            "organisations.ser.name",
        ),
        (
            {"organisations": {"ser": "SER", "igs": {"name": "IGS", "parent": "ser"}}},
            {},
            "organisations.ser",
        ),
        ({"people": {"ana": "Ana"}}, {"hosts": ["ana"]}, "people.ana"),
        ({"tags": {"remedy": {"label": ""}}}, {"tags": ["remedy"]}, "tags.remedy.label"),
        ({"kinds": {"hackathon": {"label": 5}}}, {"kind": "hackathon"}, "kinds.hackathon.label"),
    ],
)
def test_references_to_faulty_definitions(
    overrides: dict[str, Any], session: dict[str, Any], expected: str
) -> None:
    """Affiliations, parents, organisers, people, tags and kinds: only the definition is at fault."""
    found = problems({**BASE, **overrides, "sessions": [{**SESSION, **session}]})
    assert expected in paths(found)
    assert not [message for _, message in found if message.startswith("unknown")], found


def test_an_unknown_id_after_a_faulty_item_is_reported_at_its_own_index() -> None:
    """Items that are not ids do not shift the index of the ones after them."""
    assert paths(session_problems(speakers=[5, "nobody"])) == [
        "sessions[0].speakers[0]",
        "sessions[0].speakers[1]",
    ]


def test_an_error_at_the_end_of_the_document_names_the_last_line() -> None:
    with pytest.raises(sf.ProgrammeError) as caught:
        load_toml_text('id = "x"\ntitle = """abc\n', filename="p.toml")
    assert caught.value.problems[0].line == 2


# ------------------------------------------- the model's rules, at the file's paths


CROSS_RULES = """\
id = "demo"
locales = ["nl", "en"]
title = "Programma"
base_url = "https://example.org/demo/"
organisers = ["ser", "zzz", "ser"]              # ! organisers[1] organisers[2]

[organisations.ser]
name = "SER"

[organisations.a]
name = "A"
parent = "b"                                    # ! organisations.a.parent

[organisations.b]
name = "B"
parent = "a"

[people.ana]
name = "Ana"
job_title.de = "Leiterin"                       # ! people.ana.job_title.de

[tags.remedy]
nl = "herstel"
fr = "recours"                                  # ! tags.remedy.fr

[[sessions]]
id = "first"
kind = "webinar"
title = "Eerste"
language = "nl"
speakers = ["nobody", "ana", "ana"]             # ! sessions[0].speakers[0] sessions[0].speakers[2]
tags = ["remedy", "remedy"]                     # ! sessions[0].tags[1]

[[sessions]]
id = "second"
kind = "hackathon"                              # ! sessions[1].kind
title = { nl = "Tweede", de = "Zweite" }        # ! sessions[1].title.de
language = "nl"
image = "nope"                                  # ! sessions[1].image

[[sessions]]
id = "first"                                    # ! sessions[2].id
kind = "talk"
title = ""                                      # ! sessions[2].title
language = "nl"
"""


def _marks(text: str) -> set[tuple[int, str]]:
    """The ``# ! path path …`` marks of a text: each path with the line it is on."""
    return {
        (number, path)
        for number, line in enumerate(text.split("\n"), start=1)
        if (match := re.search(r"# ! (.+)$", line))
        for path in match.group(1).split()
    }


def test_the_model_rules_are_reported_at_the_file_paths_and_lines() -> None:
    """What only the programme can check is reported at the field of the file, on its line, once.

    A person and a tag listed twice, an unknown kind, a duplicate id, texts in
    locales the programme does not list, a cycle of parents: the model's own
    rules, each in one place, and the loader's unknown ids around them. The
    sessions with another problem (an image, an empty title) are still
    checked against the rest.
    """
    with pytest.raises(sf.ProgrammeError) as caught:
        load_toml_text(CROSS_RULES, filename="p.toml")
    found = caught.value.problems
    assert {(p.line, p.path) for p in found} == _marks(CROSS_RULES)
    messages = {p.path: p.message for p in found}
    assert messages["sessions[0].speakers[2]"] == "'ana' is listed already as speaker; remove this one"
    assert messages["sessions[2].id"] == "'first' is used already by sessions[0]; ids must be unique"
    assert messages["sessions[2].title"] == "is empty; give a text or leave the field out"  # once, not per locale
    assert messages["tags.remedy.fr"].startswith("locale 'fr' is not one of the programme's locales (nl, en)")
    assert messages["organisations.a.parent"].startswith("makes a cycle of parents (a → b → a)")
    assert [p.line for p in found] == sorted(p.line for p in found)  # type: ignore[type-var]


def test_an_entry_that_is_not_a_session_keeps_the_indexes() -> None:
    """The index a duplicate names is the file's, whatever comes before it."""
    found = problems({**BASE, "sessions": [5, {**SESSION, "image": "nope"}, SESSION]})
    assert found == [
        ("sessions[0]", "must be a table (key = value pairs), not a number"),
        ("sessions[1].image", "'nope' is not an absolute http(s) URL (e.g. 'https://example.org/page')"),
        ("sessions[2].id", "'s1' is used already by sessions[1]; ids must be unique"),
    ]


def test_a_session_with_a_bad_id_is_not_a_duplicate() -> None:
    """Two sessions whose ids are at fault each get their own problem, and no duplicate."""
    assert paths(problems({**BASE, "sessions": [{**SESSION, "id": "Bad Id"}, {**SESSION, "id": "Bad Id"}]})) == [
        "sessions[0].id",
        "sessions[1].id",
    ]


def test_a_kind_that_is_not_an_id_names_the_kinds() -> None:
    """The session's own rule for its kind says what a kind is: no second problem for the same field."""
    [(path, message)] = session_problems(kind="Workshop series")
    assert path == "sessions[0].kind"
    assert message.startswith("'Workshop series' is not a valid id")
    assert message.endswith("; a kind is one of " + ", ".join(sorted(sf.BUILTIN_KINDS)) + " or one declared under 'kinds'")


_CROSS_FAULTS = ("duplicate-id", "twice-in-a-role", "tag-twice", "unknown-kind", "unlisted-locale")


def _cross_fault(data: dict[str, Any], fault: str, draw: st.DataObject) -> tuple[dict[str, Any], str | None]:
    """Break a rule that only the programme can check; return the data and the path to expect (None: not possible)."""
    broken = copy.deepcopy(data)
    sessions = broken["sessions"]
    i = draw.draw(st.integers(0, len(sessions) - 1), label="session")
    if fault == "duplicate-id":
        if i == 0:
            return broken, None
        sessions[i]["id"] = sessions[draw.draw(st.integers(0, i - 1), label="first")]["id"]
        return broken, f"sessions[{i}].id"
    if fault == "twice-in-a-role":
        if not broken.get("people"):
            return broken, None
        key = draw.draw(st.sampled_from([role.plural for role in sf.Role]), label="role")
        person = sorted(broken["people"])[0]
        sessions[i][key] = [person, person]
        return broken, f"sessions[{i}].{key}[1]"
    if fault == "tag-twice":
        if not broken.get("tags"):
            return broken, None
        tag = sorted(broken["tags"])[0]
        sessions[i]["tags"] = [tag, tag]
        return broken, f"sessions[{i}].tags[1]"
    if fault == "unknown-kind":
        sessions[i]["kind"] = "no-such-kind"
        return broken, f"sessions[{i}].kind"
    sessions[i]["title"] = {"de": "Titel"} if "de" not in broken["locales"] else {"fr": "Titre"}
    return broken, f"sessions[{i}].title.{next(iter(sessions[i]['title']))}"


@given(programme_dicts(max_sessions=3), st.sampled_from(_CROSS_FAULTS), st.booleans(), st.data())
def test_a_rule_across_values_is_reported_at_its_path_and_line(
    data: dict[str, Any], fault: str, also_broken: bool, draw: st.DataObject
) -> None:
    """Break a rule of the programme, with or without a fault of the session's own next to it.

    Through a dict and through a TOML file of any style, the problem is at the
    file's path of the field, with that field's line; the session's own fault
    is reported too, at once.
    """
    broken, expected = _cross_fault(data, fault, draw)
    if expected is None:
        return
    session = int(expected.split("]")[0].split("[")[1])
    own = f"sessions[{session}].image"
    if also_broken:
        broken["sessions"][session]["image"] = "nope"
    with pytest.raises(sf.ProgrammeError) as caught:
        sf.from_dict(broken)
    found = [p.path for p in caught.value.problems]
    assert expected in found, caught.value
    assert (own in found) is also_broken, caught.value
    assert len(found) == len(set(found)) == 1 + also_broken, caught.value
    text, written = dumps(broken, style=draw.draw(st.sampled_from(STYLES), label="style"))
    with pytest.raises(sf.ProgrammeError) as caught:
        load_toml_text(text, filename="p.toml")
    located = {p.path: p for p in caught.value.problems}
    assert expected in located, caught.value
    if expected in written:
        assert located[expected].line == written[expected]
