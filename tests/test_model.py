"""The model: frozen keyword-only values that check their invariants and name each field at fault."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import attrs
import pytest
from hypothesis import given, settings

import sessionfeed as sf
from sessionfeed.model.checks import check_bcp47, check_id, check_timezone, check_url
from strategies import programmes


AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")
UTC = zoneinfo.ZoneInfo("UTC")


def text(value: str = "x", locale: str = "en") -> sf.LocalizedText:
    return sf.LocalizedText({locale: value})


def paths_of(error: pytest.ExceptionInfo[sf.ProgrammeError]) -> list[str]:
    return [p.path for p in error.value.problems]


def person(ident: str = "ana", **fields) -> sf.Person:
    return sf.Person(id=ident, name=ident.title(), **fields)


def session(ident: str = "s", **fields) -> sf.Session:
    return sf.Session(**{"id": ident, "kind": "webinar", "title": text(), "language": "en", **fields})


def programme(**fields) -> sf.Programme:
    return sf.Programme(**{"id": "p", "title": text(), "base_url": "https://example.org/", "locales": ("en",), **fields})


def at(hour: int, minute: int = 0, *, day: int = 12, month: int = 3, tz: dt.tzinfo = AMS, fold: int = 0) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=tz, fold=fold)


# ------------------------------------------------------------------- problems


def test_problem_text_names_file_line_path_and_message() -> None:
    """A problem prints as FILE:LINE: path: message, leaving out what it lacks."""
    assert str(sf.Problem(path="sessions[3].title", message="is required", file="p.toml", line=12)) == (
        "p.toml:12: sessions[3].title: is required"
    )
    assert str(sf.Problem(path="id", message="is required", file="p.toml")) == "p.toml: id: is required"
    assert str(sf.Problem(path="", message="is empty", file="p.toml")) == "p.toml: is empty"
    assert str(sf.Problem(path="id", message="is required")) == "id: is required"


def test_problem_paths_nest() -> None:
    """within() puts a prefix before a path: '.' before a name, nothing before an index."""
    problem = sf.Problem(path="person", message="m")
    assert problem.within("participants[1]").path == "participants[1].person"
    assert sf.Problem(path="[2]", message="m").within("sessions").path == "sessions[2]"
    assert sf.Problem(path="", message="m").within("location").path == "location"
    assert problem.within("").path == "person"
    error = sf.ProgrammeError([problem, sf.Problem(path="", message="n")]).within("sessions[3]")
    assert [p.path for p in error.problems] == ["sessions[3].person", "sessions[3]"]
    assert str(error) == "sessions[3].person: m\nsessions[3]: n"


def test_problems_are_immutable_values() -> None:
    """A Problem compares and hashes by value, cannot be changed, and copies with replace()."""
    problem = sf.Problem(path="id", message="is required", file="p.toml", line=3)
    assert problem == sf.Problem(path="id", message="is required", file="p.toml", line=3)
    assert problem != sf.Problem(path="id", message="is required", file="p.toml", line=4)
    assert problem != ("id", "is required", "p.toml", 3)
    assert len({problem, sf.Problem(path="id", message="is required", file="p.toml", line=3)}) == 1
    with pytest.raises(AttributeError):
        problem.line = 4  # type: ignore[misc]
    with pytest.raises(TypeError):
        sf.Problem("id", "is required")  # type: ignore[misc]
    assert problem.replace(line=9) == sf.Problem(path="id", message="is required", file="p.toml", line=9)
    assert problem.replace(path="title").path == "title"
    assert problem.line == 3
    assert repr(problem) == "Problem(path='id', message='is required', file='p.toml', line=3)"


def test_error_classes() -> None:
    """ProgrammeError is a ValueError and ExporterNotFound a LookupError, both SessionfeedErrors."""
    assert issubclass(sf.ProgrammeError, sf.SessionfeedError)
    assert issubclass(sf.ProgrammeError, ValueError)
    assert issubclass(sf.ExporterNotFound, sf.SessionfeedError)
    assert issubclass(sf.ExporterNotFound, LookupError)
    assert issubclass(sf.BuildError, sf.SessionfeedError)
    error = sf.ExporterNotFound("icss", ["ical", "rss"])
    assert str(error) == "no exporter named 'icss'; known exporters: ical, rss"
    assert (error.name, error.known) == ("icss", ("ical", "rss"))
    assert str(sf.ExporterNotFound("x", [])) == "no exporter named 'x'; known exporters: none"
    assert str(sf.ProgrammeError.single("id", "is required")) == "id: is required"
    assert str(sf.ProgrammeError([])) == "invalid programme"


# ---------------------------------------------------------------- small checks


@pytest.mark.parametrize("value", ["a", "webinar-2023-12", "a_b", "x1-2_3", "a" * 80])
def test_valid_ids(value: str) -> None:
    assert check_id(value) is None


@pytest.mark.parametrize(
    ("value", "hint"),
    [("Webinar 1", "'webinar-1'"), ("a--b", "'a-b'"), ("-a", "'a'"), ("é", "'session-1'"), ("a" * 81, "'" + "a" * 80 + "'"), ("", "'session-1'")],
)
def test_invalid_ids_suggest_a_slug(value: str, hint: str) -> None:
    """An invalid id gets a suggestion made from it."""
    message = check_id(value)
    assert message is not None
    assert message.endswith(f"(e.g. {hint})")


def test_an_id_must_be_text() -> None:
    assert check_id(5) == "must be a text id such as 'my-session', not int"


@pytest.mark.parametrize(
    "value",
    [
        "https://example.org/", "http://example.org/a?b=c&d=e#f", "https://例え.jp/パス", "https://example.org/%7C%20",
        "http://[::1]/x", "http://[2001:db8::1]:8080/", "https://user:pw@example.org:443/a;b=c?d#e/f?g",
        "https://example.org:/", "HTTPS://EXAMPLE.ORG/",
    ],
)  # fmt: skip
def test_valid_urls(value: str) -> None:
    assert check_url(value) is None


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("example.org", "is not an absolute http(s) URL"),
        ("/relative/path", "is not an absolute http(s) URL"),
        ("ftp://example.org/", "is not an absolute http(s) URL"),
        ("javascript:alert(1)", "is not an absolute http(s) URL"),
        ("https://", "is not an absolute http(s) URL"),
        ("https://user@/", "it has no host"),
        ("https://:80/", "it has no host"),
        ("https://example.org/a b", "has U+0020 (white space) at position 21: percent-encode it as '%20'"),
        ('https://example.org/"><script>', "has '\"' at position 20: percent-encode it as '%22'"),
        ("https://example.org/\x00", "has U+0000 (a control character) at position 20: percent-encode it as '%00'"),
        ("https://example.org/\n", "has U+000A (white space) at position 20: percent-encode it as '%0A'"),
        ("https://example.org/\x85", "has U+0085 (white space) at position 20: percent-encode it as '%C2%85'"),
        ("https://example.org/\x9f", "has U+009F (a control character) at position 20"),
        ("https://example.org/\u3000", "has U+3000 (white space) at position 20: percent-encode it as '%E3%80%80'"),
        ("https://example.org/\ufffe", "has U+FFFE (a noncharacter, which XML and HTML cannot carry) at position 20"),
        ("https://example.org/\U0010ffff", "has U+10FFFF (a noncharacter, which XML and HTML cannot carry)"),
        ("https://example.org/\ud800", "has a lone surrogate (U+D800) at position 20, which is not text"),
        ("https://example.org/a|b", "has '|' at position 21: percent-encode it as '%7C'"),
        ("https://example.org/a\\b", "has '\\\\' at position 21: percent-encode it as '%5C'"),
        ("https://example.org/<", "has '<' at position 20: percent-encode it as '%3C'"),
        ("https://example.org/a^", "has '^' at position 21: percent-encode it as '%5E'"),
        ("https://example.org/`", "has '`' at position 20: percent-encode it as '%60'"),
        ("https://example.org/{}", "has '{' at position 20: percent-encode it as '%7B'"),
        ("https://example.org/#a#b", "has a second '#' at position 22 (only the first one starts the fragment): "),
        ("https://example.org/100%", "has a '%' at position 23 that does not start a percent-escape"),
        ("https://example.org/%zz", "has a '%' at position 20 that does not start a percent-escape"),
        ("https://example.org/a[1]", "has '[' at position 21, which a URL holds only around an IPv6 address"),
        ("http://[::1/x", "has '[' at position 7, which a URL holds only around an IPv6 address"),
        ("http://[zz]/x", "has '[' at position 7, which a URL holds only around an IPv6 address"),
        ("http://[::1]x/", "has the port 'x', which is not a number from 0 to 65535"),
        ("https://example.org:99999/", "has the port '99999', which is not a number from 0 to 65535"),
        ("https://example.org:8o/", "has the port '8o'"),
        ("https://exa\uff0fmple.org/", "a character that reads as '/', '?', '#', '@' or ':' once normalised"),
        (5, "must be a URL text, not int"),
    ],
)
def test_invalid_urls(value: object, fragment: str) -> None:
    """Each refused URL gets a message that names the character, its position and its escape."""
    message = check_url(value)
    assert message is not None
    assert fragment in message, message


@pytest.mark.parametrize(("value", "ok"), [("en", True), ("nl-BE", True), ("pt-BR", True), ("sr-Latn", True), ("EN", False), ("en_GB", False), ("xx", False), ("english", False), (None, False)])
def test_language_tags_known_to_babel(value: object, ok: bool) -> None:
    """Locales are BCP 47 tags that babel knows."""
    assert (check_bcp47(value) is None) is ok


@pytest.mark.parametrize(("value", "ok"), [("Europe/Amsterdam", True), ("UTC", True), ("Asia/Kolkata", True), ("Mars/Olympus", False), ("", False), ("../etc/passwd", False), (None, False)])
def test_time_zone_names(value: object, ok: bool) -> None:
    assert (check_timezone(value) is None) is ok


# ----------------------------------------------------------------------- texts


def test_localized_text_fallback_requested_then_default_then_any() -> None:
    """resolve() tries the locale, then the programme default, then the first text, and says which it used."""
    value = sf.LocalizedText({"de": "Hallo", "nl": "Hoi"})
    assert value.resolve("de", "nl") == sf.Localized(text="Hallo", lang="de")
    assert value.resolve("en", "nl") == sf.Localized(text="Hoi", lang="nl")
    assert value.resolve("en", "fr") == sf.Localized(text="Hallo", lang="de")
    assert value.resolve("en") == sf.Localized(text="Hallo", lang="de")
    assert str(value.resolve("nl")) == "Hoi"
    with pytest.raises(KeyError):
        sf.LocalizedText({}).resolve("en", "nl")


def test_localized_text_is_a_sorted_read_only_mapping() -> None:
    """Locales come sorted, so the order keys were written in changes nothing."""
    value = sf.LocalizedText({"nl": "Hoi", "en": "Hi"})
    assert value["en"] == "Hi"
    assert "nl" in value
    assert "de" not in value
    assert list(value) == ["en", "nl"]
    assert len(value) == 2
    assert value.locales == ("en", "nl")
    assert value == sf.LocalizedText({"en": "Hi", "nl": "Hoi"})
    assert value.as_dict() == {"nl": "Hoi", "en": "Hi"}
    assert value == sf.LocalizedText((("nl", "Hoi"), ("en", "Hi")))
    assert sf.LocalizedText.of("Hi", "en") == sf.LocalizedText({"en": "Hi"})
    assert hash(value) == hash(sf.LocalizedText({"nl": "Hoi", "en": "Hi"}))
    with pytest.raises(KeyError):
        value["de"]


def test_programme_text_resolves_with_its_default_locale() -> None:
    """Programme.text() falls back to the programme's first locale."""
    p = programme(locales=("nl", "en"), title=sf.LocalizedText({"nl": "Titel"}))
    assert p.text(sf.LocalizedText({"en": "E", "nl": "N"}), "de") == sf.Localized(text="N", lang="nl")
    assert p.text(p.title, "en") == sf.Localized(text="Titel", lang="nl")
    assert p.default_locale == "nl"


@pytest.mark.parametrize(
    ("value", "path", "fragment"),
    [
        (sf.LocalizedText({}), "title", "has no text in any locale"),
        (sf.LocalizedText({"en": " "}), "title.en", "is empty"),
        (sf.LocalizedText({"english": "x"}), "title.english", "is not a BCP 47 language tag"),
        (sf.LocalizedText({"en": "a\ud800b"}), "title.en", "lone surrogate (U+D800) at position 1"),
        ("x", "title", "must be a LocalizedText, not str"),
        (None, "title", "is required"),
    ],
)
def test_text_invariants(value: object, path: str, fragment: str) -> None:
    with pytest.raises(sf.ProgrammeError) as caught:
        session(title=value)
    [problem] = caught.value.problems
    assert problem.path == path
    assert fragment in problem.message


# ------------------------------------------------------------------------ when


def test_timed_is_exact_and_aware() -> None:
    when = sf.Timed(start=at(14), end=at(15, 30))
    assert when.timezone == "Europe/Amsterdam"
    assert when.duration == dt.timedelta(hours=1, minutes=30)


def test_timed_duration_is_real_time_across_dst() -> None:
    """01:00 to 04:00 on the night the clocks go forward lasts two hours."""
    assert sf.Timed(start=at(1, day=29), end=at(4, day=29)).duration == dt.timedelta(hours=2)


@pytest.mark.parametrize(
    ("start", "end", "path", "fragment"),
    [
        (dt.datetime(2026, 3, 12, 14), at(15), "start", "needs an IANA time zone"),
        (at(14), dt.datetime(2026, 3, 12, 15), "end", "needs an IANA time zone"),
        (at(14, tz=dt.UTC), at(15, tz=dt.UTC), "start", "needs an IANA time zone"),
        (at(14), at(14), "end", "must be after the start (2026-03-12T14:00:00+01:00)"),
        (at(14), at(13), "end", "must be after the start"),
        (at(14), at(15, tz=UTC), "end", "must be in the same time zone as start (Europe/Amsterdam)"),
        (dt.date(2026, 3, 12), at(15), "start", "must be a date and time, not date"),
    ],
)
def test_timed_invariants(start: object, end: object, path: str, fragment: str) -> None:
    with pytest.raises(sf.ProgrammeError) as caught:
        sf.Timed(start=start, end=end)  # type: ignore[arg-type]
    assert path in paths_of(caught)
    assert any(fragment in p.message for p in caught.value.problems if p.path == path)


def test_all_day_and_month_and_unknown() -> None:
    """Whole days count inclusively; a month is only a month; unknown is unknown."""
    assert sf.AllDay(start=dt.date(2026, 5, 4), end=dt.date(2026, 5, 6)).days == 3
    assert sf.AllDay(start=dt.date(2026, 5, 4), end=dt.date(2026, 5, 4)).days == 1
    assert sf.Month(year=2023, month=12).iso() == "2023-12"
    assert sf.Month(year=1583, month=1).iso() == "1583-01"
    assert sf.Unknown() == sf.Unknown()
    assert session().when == sf.Unknown()


@pytest.mark.parametrize(
    ("factory", "fields", "path"),
    [
        (sf.AllDay, {"start": dt.date(2026, 5, 4), "end": dt.date(2026, 5, 3)}, "end"),
        (sf.AllDay, {"start": dt.datetime(2026, 5, 4, 10), "end": dt.date(2026, 5, 4)}, "start"),
        (sf.Month, {"year": 2023, "month": 13}, "month"),
        (sf.Month, {"year": 2023, "month": 0}, "month"),
        (sf.Month, {"year": 0, "month": 1}, "year"),
        (sf.Month, {"year": 1582, "month": 12}, "year"),
        (sf.Month, {"year": 9999, "month": 1}, "year"),
        (sf.Month, {"year": True, "month": 1}, "year"),
        (sf.Month, {"year": 2023, "month": 1.0}, "month"),
        (sf.Month, {"year": "2023", "month": 1}, "year"),
        (sf.AllDay, {"start": dt.date(1582, 12, 31), "end": dt.date(1583, 1, 1)}, "start"),
        (sf.AllDay, {"start": dt.date(9998, 12, 31), "end": dt.date(9999, 1, 1)}, "end"),
    ],
)
def test_date_invariants(factory: type, fields: dict, path: str) -> None:
    with pytest.raises(sf.ProgrammeError) as caught:
        factory(**fields)
    assert paths_of(caught) == [path]


def test_session_when_must_be_a_when() -> None:
    with pytest.raises(sf.ProgrammeError) as caught:
        session(when=dt.date(2026, 3, 12))
    assert [(p.path, p.message) for p in caught.value.problems] == [("when", "must be Timed, AllDay, Month or Unknown, not date")]


# ---------------------------------------------------------------- the values


def test_values_are_frozen_and_keyword_only() -> None:
    """Every model value is immutable and built with keywords only."""
    for cls in (sf.Programme, sf.Session, sf.Person, sf.Organisation, sf.Timed, sf.AllDay, sf.Month,
                sf.Location, sf.Online, sf.Venue, sf.Address, sf.Participation, sf.Recording, sf.Links,
                sf.Contact, sf.Tag, sf.Kind, sf.Unknown, sf.Localized):  # fmt: skip
        assert attrs.has(cls), cls
        assert all(f.kw_only for f in attrs.fields(cls)), cls
        assert all(f.type is not None for f in attrs.fields(cls)), cls
    with pytest.raises(TypeError):
        sf.Person("ana", "Ana")  # type: ignore[misc]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        person().name = "Bo"  # type: ignore[misc]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        programme().sessions = ()  # type: ignore[misc]


def test_collections_become_tuples() -> None:
    p = programme(locales=["en"], sessions=[session()])
    assert isinstance(p.locales, tuple)
    assert isinstance(p.sessions, tuple)
    assert isinstance(person(same_as=["https://example.org/a"]).same_as, tuple)


@pytest.mark.parametrize(
    ("build", "paths"),
    [
        (lambda: sf.Organisation(id="Bad Id", name=text(), url="example.org"), ["id", "url"]),
        (lambda: sf.Organisation(id="o", name=text(), short_name=" "), ["short_name"]),
        (lambda: sf.Person(id="a", name=" ", url="nope", same_as=["https://example.org/", "nope"]), ["name", "url", "same_as[1]"]),
        (lambda: sf.Person(id="a", name="A", job_title=sf.LocalizedText({"en": ""})), ["job_title.en"]),
        (lambda: sf.Tag(id="t t", label=sf.LocalizedText({})), ["id", "label"]),
        (lambda: sf.Kind(id="talk", label=text()), ["id"]),
        (lambda: sf.Online(url="zoom.us/j/1"), ["url"]),
        (lambda: sf.Venue(name="", url="nope"), ["name", "url"]),
        (sf.Location, [""]),
        (lambda: sf.Links(page="nope", registration="nope"), ["page", "registration"]),
        (lambda: sf.Recording(url="nope", media_type="mp4", length=-1, duration=dt.timedelta(0), thumbnail="nope", embed_url="nope"),
         ["url", "thumbnail", "embed_url", "media_type", "length", "duration"]),
        (lambda: sf.Contact(email="not an address", url="nope"), ["email", "url"]),
    ],
    ids=["organisation", "short-name", "person", "job-title", "tag", "kind", "online", "venue", "location", "links", "recording", "contact"],
)
def test_every_problem_of_a_value_at_once(build, paths: list[str]) -> None:
    """A value with several problems reports all of them, each at its field."""
    with pytest.raises(sf.ProgrammeError) as caught:
        build()
    assert paths_of(caught) == paths


def test_organisation_ancestors() -> None:
    giz = sf.Organisation(id="giz", name=text("GIZ"))
    igs = sf.Organisation(id="igs", name=text("IGS"), parent=giz)
    team = sf.Organisation(id="team", name=text("Team"), parent=igs)
    assert [o.id for o in team.ancestors()] == ["igs", "giz"]
    assert list(giz.ancestors()) == []


def test_location_modes_and_empty_address() -> None:
    """Online, in person or hybrid; an address with no parts is no address."""
    online, venue = sf.Online(), sf.Venue(name="Hall", address=sf.Address())
    assert venue.address is None
    assert sf.Location(online=online).mode is sf.AttendanceMode.ONLINE
    assert sf.Location(venue=venue).mode is sf.AttendanceMode.IN_PERSON
    assert sf.Location(online=online, venue=venue).mode is sf.AttendanceMode.HYBRID
    assert sf.Address(street="Main 1", locality="Utrecht", country="NL").parts() == ("Main 1", "Utrecht", "NL")
    with pytest.raises(sf.ProgrammeError) as caught:
        sf.Address(street="Main 1", postal_code=" ")  # a blank part is left out, as every blank text
    assert [(p.path, p.message) for p in caught.value.problems] == [
        ("postal_code", "is empty; give a text or leave the field out"),
    ]


def test_roles_and_their_file_keys() -> None:
    """Each role's file key is its plural; statuses are schema.org's."""
    assert [r.plural for r in sf.Role] == [
        "moderators", "hosts", "speakers", "panellists", "interviewers", "interviewees", "presenters", "trainers",
    ]  # fmt: skip
    assert [s.value for s in sf.Status] == ["scheduled", "cancelled", "postponed", "rescheduled", "moved-online"]
    assert sf.Participation(person=person(), role="speaker").role is sf.Role.SPEAKER
    with pytest.raises(sf.ProgrammeError, match="role: unknown role 'speakers'; use one of moderator, host, speaker"):
        sf.Participation(person=person(), role="speakers")


# --------------------------------------------------------------------- session


def test_participants_are_grouped_by_role_keeping_the_given_order() -> None:
    """Display order: roles in the order of Role, people in the given order within a role."""
    ana, bo, cy = person("ana"), person("bo"), person("cy")
    s = session(
        participants=[
            sf.Participation(person=cy, role=sf.Role.SPEAKER),
            sf.Participation(person=bo, role=sf.Role.MODERATOR),
            sf.Participation(person=ana, role=sf.Role.SPEAKER),
            sf.Participation(person=ana, role=sf.Role.TRAINER),
        ],
    )
    assert [(p.person.id, p.role.value) for p in s.participants] == [
        ("bo", "moderator"), ("cy", "speaker"), ("ana", "speaker"), ("ana", "trainer"),
    ]  # fmt: skip
    assert s.people_in(sf.Role.SPEAKER) == (cy, ana)
    assert s.people_in(sf.Role.HOST) == ()
    assert s.roles == (sf.Role.MODERATOR, sf.Role.SPEAKER, sf.Role.TRAINER)


def test_every_session_problem_at_once() -> None:
    """A session with many faults names every one of them."""
    with pytest.raises(sf.ProgrammeError) as caught:
        sf.Session(
            id="Bad Id", kind="Web inar", title=sf.LocalizedText({"en": ""}), language="english",
            description=sf.LocalizedText({"nl": " "}), image="nope", sequence=-1,
            announced=dt.datetime(2026, 1, 1), updated=dt.date(2026, 1, 1),  # type: ignore[arg-type]
            previous_start=dt.datetime(2026, 1, 1),
        )  # fmt: skip
    assert paths_of(caught) == [
        "id", "kind", "title.en", "description.nl", "language", "image",
        "previous_start", "previous_start", "announced", "updated", "sequence",
    ]  # fmt: skip


def test_status_and_previous_start() -> None:
    """Rescheduled needs the previous start; only rescheduled has one; the status converts from text."""
    s = session(status="rescheduled", previous_start=at(14))
    assert s.status is sf.Status.RESCHEDULED
    assert session(status="rescheduled", previous_start=dt.date(2026, 3, 1)).previous_start == dt.date(2026, 3, 1)
    with pytest.raises(sf.ProgrammeError) as caught:
        session(status=sf.Status.RESCHEDULED)
    assert paths_of(caught) == ["previous_start"]
    with pytest.raises(sf.ProgrammeError) as caught:
        session(status=sf.Status.CANCELLED, previous_start=at(14))
    assert paths_of(caught) == ["previous_start"]
    with pytest.raises(sf.ProgrammeError, match="status: unknown status 'canceled'; use one of scheduled, cancelled"):
        session(status="canceled")


def test_attendance_follows_the_location() -> None:
    assert session().attendance is None
    assert session(location=sf.Location(online=sf.Online())).attendance is sf.AttendanceMode.ONLINE


def test_a_person_twice_in_one_role() -> None:
    ana = person()
    with pytest.raises(sf.ProgrammeError) as caught:
        session(participants=[sf.Participation(person=ana, role="speaker")] * 2)
    assert [(p.path, p.message) for p in caught.value.problems] == [
        ("participants[1]", "'ana' is listed already as speaker; remove this one"),
    ]


# ------------------------------------------------------------------- programme


def test_programme_paths_name_the_session_and_participant() -> None:
    """A reference that does not resolve is reported as sessions[3].participants[1].person."""
    ana, stranger = person("ana"), person("zed")
    sessions = [session(f"s{i}") for i in range(3)]
    sessions.append(session("s3", participants=[sf.Participation(person=ana, role="moderator"), sf.Participation(person=stranger, role="speaker")]))
    with pytest.raises(sf.ProgrammeError) as caught:
        programme(sessions=sessions, people=[ana])
    assert [(p.path, p.message) for p in caught.value.problems] == [
        ("sessions[3].participants[1].person", "person 'zed' is not in the programme's people"),
    ]


def test_references_must_be_the_programme_own_values() -> None:
    """An organisation, person or tag that differs from the programme's definition is not a reference to it."""
    ser = sf.Organisation(id="ser", name=text("SER"))
    other_ser = sf.Organisation(id="ser", name=text("Not SER"))
    giz = sf.Organisation(id="giz", name=text("GIZ"))
    tag = sf.Tag(id="t", label=text())
    with pytest.raises(sf.ProgrammeError) as caught:
        programme(
            organisations=[ser, sf.Organisation(id="igs", name=text("IGS"), parent=giz)],
            people=[person("ana", affiliation=other_ser)],
            organisers=[giz],
            tags=[tag],
            sessions=[session(kind="hackathon", organisers=[giz], supporters=[other_ser], tags=[sf.Tag(id="t", label=text("other"))])],
        )
    assert [p.path for p in caught.value.problems] == [
        "organisations[0].parent", "people[0].affiliation", "organisers[0]", "sessions[0].kind",
        "sessions[0].organisers[0]", "sessions[0].supporters[0]", "sessions[0].tags[0]",
    ]  # fmt: skip


def test_a_cycle_of_parents_is_the_one_problem_of_its_organisations() -> None:
    """Parents that lead back by id, however far: the file's rule and words, and no second problem for it."""
    cycle = "an organisation cannot be part of itself; remove one of these parents"
    a_again = sf.Organisation(id="a", name=text("A"))
    b = sf.Organisation(id="b", name=text("B"), parent=a_again)
    a = sf.Organisation(id="a", name=text("A"), parent=b)
    with pytest.raises(sf.ProgrammeError) as caught:
        programme(organisations=[a, b])
    assert [(p.path, p.message) for p in caught.value.problems] == [
        ("organisations[0].parent", f"makes a cycle of parents (a → b → a): {cycle}"),
        ("organisations[1].parent", "organisation 'a' is not in the programme's organisations"),
    ]
    itself = sf.Organisation(id="a", name=text("A"), parent=a_again)
    with pytest.raises(sf.ProgrammeError) as caught:
        programme(organisations=[itself])
    assert [(p.path, p.message) for p in caught.value.problems] == [
        ("organisations[0].parent", f"makes a cycle of parents (a → a): {cycle}"),
    ]


def test_a_text_in_a_locale_not_listed_is_reported_when_another_locale_is_invalid() -> None:
    """An invalid locale is its own problem; the texts are still checked against the locales listed."""
    with pytest.raises(sf.ProgrammeError) as caught:
        programme(locales=("en", "xx"), untranslated_locales=("xx",), title=sf.LocalizedText({"en": "T", "de": "T"}))
    assert [(p.path, p.message) for p in caught.value.problems] == [
        ("locales[1]", "'xx' is not a language that babel/CLDR knows"),
        ("title.de", "locale 'de' is not one of the programme's locales (en, xx); add it to 'locales' or remove this text"),
    ]


def test_ids_are_unique_per_kind_of_thing() -> None:
    """Duplicate ids are reported at the second one, naming the first."""
    tag = sf.Tag(id="t", label=text())
    with pytest.raises(sf.ProgrammeError) as caught:
        programme(
            sessions=[session("a"), session("b"), session("a")],
            people=[person("ana"), person("ana")],
            organisations=[sf.Organisation(id="o", name=text())] * 2,
            tags=[tag, tag],
            kinds=[sf.Kind(id="hackathon", label=text())] * 2,
        )
    assert [(p.path, p.message) for p in caught.value.problems] == [
        ("sessions[2].id", "'a' is used already by sessions[0]; ids must be unique"),
        ("people[1].id", "'ana' is used already by people[0]; ids must be unique"),
        ("organisations[1].id", "'o' is used already by organisations[0]; ids must be unique"),
        ("tags[1].id", "'t' is used already by tags[0]; ids must be unique"),
        ("kinds[1].id", "'hackathon' is used already by kinds[0]; ids must be unique"),
    ]


@pytest.mark.parametrize("name", ["con", "nul", "aux", "prn", "com1", "lpt9"])
def test_a_session_id_cannot_be_a_windows_device_name(name: str) -> None:
    """A session's id names its ``.ics`` file, which Windows could not create as ``nul.ics``."""
    with pytest.raises(sf.ProgrammeError) as caught:
        session(name)
    [problem] = caught.value.problems
    assert problem.path == "id"
    assert "Windows reserves it" in problem.message
    assert f"'{name}-session'" in problem.message
    assert session(f"{name}-session").id == f"{name}-session"
    assert person(name).id == name  # only ids that name files are concerned


def test_an_id_may_repeat_across_kinds_of_thing() -> None:
    """A session and a person may share an id."""
    p = programme(sessions=[session("ana")], people=[person("ana")])
    assert p.session("ana").id == "ana"


@pytest.mark.parametrize(
    ("fields", "path"),
    [
        ({"id": "P"}, "id"),
        ({"base_url": "https://example.org"}, "base_url"),
        ({"base_url": "example.org/"}, "base_url"),
        ({"locales": ()}, "locales"),
        ({"locales": ("en", "xx")}, "locales[1]"),
        ({"locales": ("en", "en")}, "locales"),
        ({"timezone": "CEST"}, "timezone"),
        ({"currency": "eur"}, "currency"),
        ({"color": "#00008b"}, "color"),
        ({"updated": dt.datetime(2026, 1, 1)}, "updated"),
        ({"refresh": dt.timedelta(0)}, "refresh"),
        ({"image": "banner.png"}, "image"),
        ({"intro": sf.LocalizedText({"en": ""})}, "intro.en"),
    ],
)
def test_programme_invariants(fields: dict, path: str) -> None:
    with pytest.raises(sf.ProgrammeError) as caught:
        programme(**fields)
    assert paths_of(caught) == [path]


def test_programme_lookups() -> None:
    ser = sf.Organisation(id="ser", name=text("SER"))
    own = sf.Organisation(id="own", name=text("Own"))
    hack = sf.Kind(id="hackathon", label=text("Hackathon"))
    p = programme(
        organisations=[ser, own], organisers=[ser], kinds=[hack], timezone="Asia/Kolkata",
        sessions=[session("a"), session("b", organisers=[own], kind="hackathon")],
    )  # fmt: skip
    assert p.session("b").kind == "hackathon"
    with pytest.raises(KeyError):
        p.session("c")
    assert p.organisers_of(p.session("a")) == (ser,)
    assert p.organisers_of(p.session("b")) == (own,)
    assert p.kind_label("hackathon") == text("Hackathon")
    assert p.kind_label("webinar") is None
    assert p.zone == zoneinfo.ZoneInfo("Asia/Kolkata")
    assert p.refresh == dt.timedelta(hours=12)
    assert p.currency == "EUR"


# strategies.programmes() takes about a quarter of a second an example to generate.
@settings(max_examples=max(3, settings().max_examples // 8))
@given(programmes(max_sessions=3))
def test_generated_programmes_hold_their_invariants(p: sf.Programme) -> None:
    """Whatever is generated: ids unique, references resolve, participants grouped by role, times aware."""
    ids = [s.id for s in p.sessions]
    assert len(ids) == len(set(ids))
    people = {x.id: x for x in p.people}
    order = list(sf.Role)
    for s in p.sessions:
        assert [order.index(x.role) for x in s.participants] == sorted(order.index(x.role) for x in s.participants)
        assert all(people[x.person.id] == x.person for x in s.participants)
        if isinstance(s.when, sf.Timed):
            assert s.when.start.utcoffset() is not None
            assert s.when.duration > dt.timedelta(0)
    # A session added twice is caught at the copy's path.
    if p.sessions:
        with pytest.raises(sf.ProgrammeError) as caught:
            attrs.evolve(p, sessions=(*p.sessions, p.sessions[0]))
        assert f"sessions[{len(p.sessions)}].id" in paths_of(caught)


# ------------------------------------------------------------------ DST folds


def test_a_span_ending_in_the_repeated_hour_is_accepted() -> None:
    """02:30 CEST to 02:15 CET, the night the clocks go back, is 45 minutes forward in real time."""
    when = sf.Timed(start=dt.datetime(2026, 10, 25, 2, 30, tzinfo=AMS), end=dt.datetime(2026, 10, 25, 2, 15, fold=1, tzinfo=AMS))
    assert when.duration == dt.timedelta(minutes=45)


def test_a_span_ending_before_it_starts_in_real_time_is_refused() -> None:
    """02:30 CET to 02:45 CEST looks later on the wall clock but is 45 minutes backwards."""
    with pytest.raises(sf.ProgrammeError) as caught:
        sf.Timed(start=dt.datetime(2026, 10, 25, 2, 30, fold=1, tzinfo=AMS), end=dt.datetime(2026, 10, 25, 2, 45, tzinfo=AMS))
    assert paths_of(caught) == ["end"]


# ------------------------------------------------------------------ known bugs


def test_a_text_with_a_locale_twice_is_refused() -> None:
    with pytest.raises(sf.ProgrammeError) as caught:
        programme(title=sf.LocalizedText((("en", "a"), ("en", "b"))))
    assert paths_of(caught) == ["title.en"]


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("https://example.org/site?x=1/", "with no query ('?') or fragment ('#')"),
        ("https://example.org/site#top/", "with no query ('?') or fragment ('#')"),
        ("https://example.org/site", "must end with '/' (e.g. 'https://example.org/site/')"),
    ],
)
def test_a_base_url_is_a_folder(value: str, fragment: str) -> None:
    """Every address of the site is made from base_url: it is a folder, with no query or fragment."""
    with pytest.raises(sf.ProgrammeError) as caught:
        sf.Programme(id="p", title=sf.LocalizedText({"en": "P"}), base_url=value, locales=("en",))
    [problem] = caught.value.problems
    assert problem.path == "base_url"
    assert fragment in problem.message


@pytest.mark.parametrize(
    ("fields", "path"),
    [
        ({"email": "team@example.org (Team)"}, "email"),
        ({"email": "a@b@c"}, "email"),
        ({"email": "team@exam\x00ple.org"}, "email"),
        ({"email": "te\ud800am@example.org"}, "email"),
        ({"name": "  "}, "name"),
        ({"name": 5}, "name"),
    ],
)
def test_contact_problems(fields: dict[str, object], path: str) -> None:
    with pytest.raises(sf.ProgrammeError) as caught:
        sf.Contact(**fields)  # type: ignore[arg-type]
    assert [p.path for p in caught.value.problems] == [path]


@pytest.mark.parametrize("value", ["video/mp4", "text/html", "audio/mpeg", "video/mp4;codecs=avc1", "application/vnd.apple.mpegurl"])
def test_valid_media_types(value: str) -> None:
    assert sf.Recording(url="https://example.org/r", media_type=value).media_type == value


@pytest.mark.parametrize("value", ["mp4", "video/", "/mp4", " video/mp4", "video/mp4 ", "vid eo/mp4", "video/mp\x004"])
def test_invalid_media_types(value: str) -> None:
    with pytest.raises(sf.ProgrammeError) as caught:
        sf.Recording(url="https://example.org/r", media_type=value)
    assert [p.path for p in caught.value.problems] == ["media_type"]
