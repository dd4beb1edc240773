"""The shared vocabulary: exact words and formats in Dutch and European English."""

# ruff: noqa: RUF001 -- the en dash U+2013 is what the outputs must contain

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable

import pytest

import sessionfeed as sf
from sessionfeed.words.catalogs import plain_spaces
from sessionfeed.words.vocabulary import EN_DASH, Words
from sessionfeed.words.zones import UTC_ZONES, ZoneNames, is_summer_time


AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")
L = sf.LocalizedText


def at(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, zone: str = "Europe/Amsterdam"
) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=zoneinfo.ZoneInfo(zone))


def timed(start: dt.datetime, end: dt.datetime) -> sf.Timed:
    return sf.Timed(start=start, end=end)


def programme(**kwargs: object) -> sf.Programme:
    base: dict[str, object] = {
        "id": "p",
        "title": L({"nl": "Webinars", "en": "Webinars"}),
        "base_url": "https://example.org/p/",
        "locales": ("nl", "en"),
    }
    base.update(kwargs)
    return sf.Programme(**base)  # type: ignore[arg-type]


NL = Words.of("nl")
EN = Words.of("en")


def test_of_is_cached_per_locale():
    """Words.of returns one instance per locale, bound to its babel locale."""
    assert Words.of("nl") is NL
    assert Words.of("en") is not NL
    assert NL.locale == "nl"
    assert str(NL.babel) == "nl_NL"
    assert str(EN.babel) == "en_GB"


def test_unknown_babel_locale_raises():
    """A locale CLDR does not know is an error that names it."""
    with pytest.raises(ValueError, match="xx"):
        Words.of("xx-invalid")


#: Every precision of date. The words are CLDR's (babel's), so they live in the golden
#: file ``cldr-words.txt``, which ``pytest --update-goldens`` rewrites when babel moves;
#: what these tests assert themselves is ours: which parts appear, in which order.
WHENS: dict[str, sf.When] = {
    "timed, one day": timed(at(2026, 3, 12, 14), at(2026, 3, 12, 15, 30)),
    "timed, summer": timed(at(2026, 7, 1, 9), at(2026, 7, 1, 17)),
    "timed, past midnight": timed(at(2026, 3, 12, 22), at(2026, 3, 13, 1, 30)),
    "timed, three days": timed(at(2026, 5, 4, 9), at(2026, 5, 6, 17)),
    "whole day": sf.AllDay(start=dt.date(2026, 3, 12), end=dt.date(2026, 3, 12)),
    "whole days, one month": sf.AllDay(start=dt.date(2026, 5, 4), end=dt.date(2026, 5, 6)),
    "whole days, two months": sf.AllDay(start=dt.date(2026, 4, 30), end=dt.date(2026, 5, 2)),
    "whole days, two years": sf.AllDay(start=dt.date(2026, 12, 30), end=dt.date(2027, 1, 2)),
    "month": sf.Month(year=2023, month=12),
    "unknown": sf.Unknown(),
}


@pytest.mark.parametrize("name", list(WHENS))
def test_format_when(name: str):
    """Every precision of date names its day, month and year once, the time, and the zone last."""
    when = WHENS[name]
    for words in (NL, EN):
        text = words.format_when(when)
        if isinstance(when, sf.Timed):
            local = when.start.astimezone(when.start.tzinfo)
            assert text.startswith(words.format_date(local.date()))
            assert words.format_time(when.start) in text
            assert words.format_time(when.end) in text
            assert text.endswith(f"({words.timezone_name(when.start)})")
        elif isinstance(when, sf.AllDay):
            assert str(when.start.day) in text
            assert str(when.end.year) in text
            if when.start == when.end:
                assert text == words.format_date(when.start)
            else:
                assert EN_DASH in text
        elif isinstance(when, sf.Month):
            assert text == words.format_month(when.year, when.month)
        else:
            assert text == words.gettext("date to be announced")


def test_format_when_without_zone_name():
    """zone_name=False leaves the zone out."""
    when = timed(at(2026, 3, 12, 14), at(2026, 3, 12, 15, 30))
    assert NL.format_when(when, zone_name=False) == "12 maart 2026, 14:00–15:30"


def test_outputs_use_ascii_spaces_and_en_dash():
    """CLDR's thin and narrow spaces never reach the outputs; the dash is U+2013."""
    texts = [
        w.format_when(sf.AllDay(start=dt.date(2026, 4, 30), end=dt.date(2026, 5, 2))) for w in (NL, EN)
    ] + [w.format_when(timed(at(2026, 3, 12, 14), at(2026, 3, 12, 15))) for w in (NL, EN)]
    for text in texts:
        assert "\u2009" not in text
        assert "\u202f" not in text
        assert EN_DASH in text
    assert plain_spaces("a\u2009–\u2009b\u202fc\u00a0d") == "a – b c d"


def test_timed_in_other_zones():
    """The zone is the session's own, and named as CLDR names it."""
    ny = timed(at(2026, 3, 12, 10, zone="America/New_York"), at(2026, 3, 12, 11, zone="America/New_York"))
    assert EN.format_when(ny).startswith(f"{EN.format_date(dt.date(2026, 3, 12))}, 10:00")
    assert EN.format_when(ny).endswith(f"({EN.timezone_name(ny.start)})")
    assert EN.timezone_name(ny.start) != EN.timezone_name(at(2026, 3, 12, 10))
    utc = timed(at(2026, 3, 12, 10, zone="UTC"), at(2026, 3, 12, 11, zone="UTC"))
    assert NL.format_when(utc).endswith(", 10:00–11:00 (UTC)")


def test_timezone_name():
    """UTC as UTC; a zone with one name for the year gives it in both seasons (CLDR's words: golden)."""
    assert EN.timezone_name(dt.datetime(2026, 1, 1, tzinfo=dt.UTC)) == "UTC"
    assert NL.timezone_name(at(2026, 1, 1, zone="Etc/UTC")) == "UTC"
    for words in (NL, EN):
        assert words.timezone_name(at(2026, 1, 1)) == words.timezone_name(at(2026, 7, 1))
        assert words.timezone_name(at(2026, 1, 1)) != words.timezone_name(at(2026, 1, 1, zone="Asia/Kolkata"))


@pytest.mark.parametrize("locale", ["nl", "en"])
def test_zone_named_all_year_only_where_both_seasons_agree(locale: str):
    """A zone whose one name serves both seasons skips the season: the names stay the season's own.

    Every IANA zone, in winter and in summer (of either hemisphere), named as
    the season-specific way names it.
    """
    words = Words(locale)  # a new instance: nothing remembered from other tests
    names = ZoneNames(words.babel)
    for key in sorted(zoneinfo.available_timezones()):
        for month in (1, 7):
            moment = dt.datetime(2026, month, 15, 12, tzinfo=zoneinfo.ZoneInfo(key))
            if key in UTC_ZONES:
                continue
            variant = "daylight" if is_summer_time(moment) else "standard"
            assert words.timezone_name(moment) == names._zone_name(key, variant, moment), (key, month)


def test_naive_datetimes_never_reach_babel():
    """A naive datetime is refused, not formatted in some default zone."""
    naive = dt.datetime(2026, 3, 12, 14)
    for call in (NL.format_datetime, NL.timezone_name, NL.format_time):
        with pytest.raises(ValueError, match="naive"):
            call(naive)


def test_format_month_date_datetime():
    """A full date holds the day and year; the weekday's and the time's forms hold the date."""
    for words in (NL, EN):
        assert "2023" in words.format_month(2023, 12)
        date = words.format_date(dt.date(2026, 3, 12))
        assert "12" in date
        assert "2026" in date
        assert date in words.format_weekday_date(dt.date(2026, 3, 12))
        assert words.format_datetime(at(2026, 3, 12, 14, 5)) == f"{date}, {words.format_time(at(2026, 3, 12, 14, 5))}"
        assert words.format_time(at(2026, 3, 12, 14, 5)) == "14:05"


@pytest.mark.parametrize(
    ("minutes", "nl", "en"),
    [
        (90, ["1 uur", "30 minuten"], "1 hour 30 minutes"),
        (60, ["1 uur"], "1 hour"),
        (120, ["2 uur"], "2 hours"),
        (45, ["45 minuten"], "45 minutes"),
        (1, ["1 minuut"], "1 minute"),
        (24 * 60 + 150, ["1 dag", "2 uur", "30 minuten"], "1 day 2 hours 30 minutes"),
        (3 * 24 * 60, ["3 dagen"], "3 days"),
    ],
)
def test_format_duration_is_exact(minutes: int, nl: list[str], en: str):
    """Durations are exact (babel's format_timedelta would round 90 minutes to 2 hours).

    The parts are the catalog's; Dutch joins them as a CLDR list ("1 uur en 30 minuten").
    """
    assert NL.format_duration(dt.timedelta(minutes=minutes)) == NL.format_list(nl)
    assert EN.format_duration(dt.timedelta(minutes=minutes)) == en


def test_format_duration_seconds_and_zero():
    """Seconds are kept; nothing is zero minutes."""
    assert EN.format_duration(dt.timedelta(minutes=1, seconds=5)) == "1 minute 5 seconds"
    assert NL.format_duration(dt.timedelta(0)) == "0 minuten"


def test_format_list():
    """Every item once, in order; one item alone; none is nothing (the joining words: golden)."""
    for words in (NL, EN):
        text = words.format_list(["A", "B", "C"])
        assert text.index("A") < text.index("B") < text.index("C")
        assert words.format_list(["A"]) == "A"
        assert words.format_list([]) == ""
        assert words.format_or_list([]) == ""
        assert words.format_or_list(["A", "B", "C"]) != text


@pytest.mark.parametrize(
    ("role", "nl", "en"),
    [
        (sf.Role.MODERATOR, ("Gespreksleider", "Gespreksleiders"), ("Moderator", "Moderators")),
        (sf.Role.SPEAKER, ("Spreker", "Sprekers"), ("Speaker", "Speakers")),
        (sf.Role.INTERVIEWEE, ("Geïnterviewde", "Geïnterviewden"), ("Interviewee", "Interviewees")),
        (sf.Role.PANELLIST, ("Panellid", "Panelleden"), ("Panellist", "Panellists")),
        (sf.Role.PRESENTER, ("Presentator", "Presentatoren"), ("Presenter", "Presenters")),
        (sf.Role.INTERVIEWER, ("Interviewer", "Interviewers"), ("Interviewer", "Interviewers")),
        (sf.Role.HOST, ("Host", "Hosts"), ("Host", "Hosts")),
        (sf.Role.TRAINER, ("Trainer", "Trainers"), ("Trainer", "Trainers")),
    ],
)
def test_role_labels_with_plurals(role: sf.Role, nl: tuple[str, str], en: tuple[str, str]):
    """Each role has a singular and a plural from the catalog."""
    assert (NL.role_label(role, 1), NL.role_label(role, 3)) == nl
    assert (EN.role_label(role, 1), EN.role_label(role, 2)) == en


def test_every_role_and_status_has_words():
    """No role or status is left without a word (a new enum member needs one)."""
    for role in sf.Role:
        for words in (NL, EN):
            assert words.role_label(role, 1)
            assert words.role_label(role, 2)
    for status in sf.Status:
        for words in (NL, EN):
            assert bool(words.status_label(status)) is (status is not sf.Status.SCHEDULED)


def test_status_labels():
    """Statuses in words."""
    assert NL.status_label(sf.Status.CANCELLED) == "Geannuleerd"
    assert NL.status_label(sf.Status.POSTPONED) == "Uitgesteld"
    assert NL.status_label(sf.Status.RESCHEDULED) == "Verplaatst"
    assert NL.status_label(sf.Status.MOVED_ONLINE) == "Verplaatst naar online"
    assert EN.status_label(sf.Status.MOVED_ONLINE) == "Moved online"
    assert EN.status_label(sf.Status.SCHEDULED) == ""


def test_language_names_come_from_cldr():
    """Language names from babel, by the primary subtag; an unknown tag as itself."""
    assert NL.language_name("en-GB") == NL.language_name("en") != "en"
    assert NL.language_name("pt-BR") == NL.language_name("pt") != "pt"
    assert EN.language_name("qqq") == "qqq"


def session(**kwargs: object) -> sf.Session:
    base: dict[str, object] = {
        "id": "s",
        "kind": "webinar",
        "title": L({"en": "T"}),
        "language": "en",
    }
    base.update(kwargs)
    return sf.Session(**base)  # type: ignore[arg-type]


def test_kind_labels_and_phrases():
    """Kinds in words, and with the session's language, inflected in Dutch."""
    p = programme()
    assert NL.kind_label(p, "webinar") == "webinar"
    assert NL.kind_label(p, "panel") == "paneldiscussie"
    assert EN.kind_label(p, "roundtable") == "round table"
    assert NL.kind_phrase(p, session()) == "Engelstalig webinar"
    assert EN.kind_phrase(p, session()) == "English-language webinar"
    assert NL.kind_phrase(p, session(kind="workshop", language="nl")) == "Nederlandstalige workshop"
    assert EN.kind_phrase(p, session(kind="interview", language="de")) == "German-language interview"
    assert NL.kind_phrase(p, session(kind="interview")) == "Engelstalig interview"


def test_every_builtin_kind_has_words():
    """Each built-in kind has a label and a phrase in both catalogs."""
    p = programme()
    for kind in sf.BUILTIN_KINDS:
        for words in (NL, EN):
            assert words.kind_label(p, kind)
            phrase = words.kind_phrase(p, session(kind=kind))
            assert "{" not in phrase
            assert phrase[0].isupper()


def test_declared_kind():
    """A kind the programme declares uses its own label and a neutral phrase."""
    hack = sf.Kind(id="hackathon", label=L({"nl": "hackathon", "en": "hackathon"}))
    p = programme(kinds=[hack])
    assert NL.kind_label(p, "hackathon") == "hackathon"
    assert NL.kind_phrase(p, session(kind="hackathon")) == "Hackathon in het Engels"
    assert EN.kind_phrase(p, session(kind="hackathon")) == "English-language hackathon"


def test_organisations_and_people():
    """Names keep the organisation's full name and its short name."""
    igs = sf.Organisation(id="igs", name=L({"en": "Initiative for Global Solidarity"}), short_name="IGS")
    ser = sf.Organisation(id="ser", name=L({"nl": "SER"}), short_name="SER")
    oecd = sf.Organisation(id="oecd", name=L({"en": "OECD Center for RBC"}))
    p = programme(organisations=[igs, ser, oecd])
    assert NL.organisation_name(p, igs) == "Initiative for Global Solidarity (IGS)"
    assert NL.organisation_name(p, ser) == "SER"
    maria = sf.Person(id="maria", name="Maria Mora", affiliation=igs)
    assert NL.person_line(p, maria) == "Maria Mora (Initiative for Global Solidarity, IGS)"
    assert EN.person_line(p, sf.Person(id="n", name="Nicolas Hachez", affiliation=oecd)) == (
        "Nicolas Hachez (OECD Center for RBC)"
    )
    assert EN.person_line(p, sf.Person(id="j", name="Jef Wintermans", affiliation=ser)) == (
        "Jef Wintermans (SER)"
    )
    assert EN.person_line(p, sf.Person(id="x", name="Alone")) == "Alone"


def test_location_text():
    """Online, in person, hybrid and unknown."""
    zoom = sf.Online(url="https://zoom.us/j/1", platform="Zoom")
    venue = sf.Venue(name="SER, Den Haag")
    assert NL.location_text(sf.Location(online=zoom)) == "Online (Zoom)"
    assert NL.location_text(sf.Location(online=sf.Online())) == "Online"
    assert NL.location_text(sf.Location(online=sf.Online(), venue=venue)) == "Online en SER, Den Haag"
    assert EN.location_text(sf.Location(online=sf.Online(), venue=venue)) == "Online and SER, Den Haag"
    address = sf.Address(
        street="Bezuidenhoutseweg 60", postal_code="2594 AW", locality="Den Haag", country="NL"
    )
    with_address = sf.Location(venue=sf.Venue(name="SER", address=address))
    for words in (NL, EN):
        assert words.location_text(with_address) == (
            f"SER, Bezuidenhoutseweg 60, 2594 AW Den Haag, {words.country_name('NL')}"
        )
    assert NL.location_text(None) == ""


def test_other_locales_use_cldr_and_the_english_catalog():
    """A locale without a catalog formats with its own CLDR data and English words."""
    de = Words.of("de")
    assert str(de.babel) == "de"
    assert de.format_date(dt.date(2026, 3, 12)) != EN.format_date(dt.date(2026, 3, 12))
    assert de.status_label(sf.Status.CANCELLED) == "Cancelled"
    assert Words.of("nl-BE").role_label(sf.Role.SPEAKER, 2) == "Sprekers"
    assert str(Words.of("nl-BE").babel) == "nl_BE"


@pytest.mark.parametrize("locale", ["nl", "en"])
def test_time_ranges_are_remembered_by_their_wall_times_only_when_that_is_enough(locale: str):
    """The same times on other days (either side of a DST change) read as babel writes them."""
    from babel.dates import format_interval

    words = Words.of(locale)
    zones = [zoneinfo.ZoneInfo("Europe/Amsterdam"), zoneinfo.ZoneInfo("Asia/Kolkata"), dt.UTC]
    days = [dt.date(2027, 3, 27), dt.date(2027, 3, 28), dt.date(2027, 10, 31), dt.date(2028, 2, 29)]
    times = [(dt.time(14), dt.time(15, 30)), (dt.time(9), dt.time(9)), (dt.time(23), dt.time(23, 59, 30))]
    for zone in zones:
        for day in days:
            for first, last in times:
                start = dt.datetime.combine(day, first, tzinfo=zone)
                end = dt.datetime.combine(day, last, tzinfo=zone)
                expected = plain_spaces(format_interval(start, end, "Hm", tzinfo=zone, locale=words.babel))
                assert words.format_time_range(start, end) == expected
    # Across midnight the dates count: never taken from a same-day pair.
    start = dt.datetime(2027, 5, 1, 14, tzinfo=dt.UTC)
    end = dt.datetime(2027, 5, 2, 15, 30, tzinfo=dt.UTC)
    expected = plain_spaces(format_interval(start, end, "Hm", tzinfo=dt.UTC, locale=words.babel))
    assert words.format_time_range(start, end) == expected


#: CLDR's own words, as the installed babel writes them: (label, a call on Words).
CLDR_WORDS: list[tuple[str, Callable[[Words], str]]] = [
    *[(f"when: {name}", (lambda w, when=when: w.format_when(when))) for name, when in WHENS.items()],
    *[
        (f"zone: {zone} {month:02}", (lambda w, zone=zone, month=month: w.timezone_name(at(2027, month, 1, zone=zone))))
        for zone in ("Europe/Amsterdam", "Europe/London", "Europe/Dublin", "Asia/Kolkata", "Asia/Kathmandu",
                     "America/New_York")
        for month in (1, 7)
    ],
    ("month", lambda w: w.format_month(2023, 12)),
    ("date", lambda w: w.format_date(dt.date(2026, 3, 12))),
    ("weekday date", lambda w: w.format_weekday_date(dt.date(2026, 3, 12))),
    ("date and time", lambda w: w.format_datetime(at(2026, 3, 12, 14, 5))),
    ("former start, other zone", lambda w: w.format_previous_start(at(2026, 3, 5, 14, zone="Europe/London"), zone_name=True)),
    ("former start, fixed offset", lambda w: w.format_previous_start(
        dt.datetime(2026, 3, 5, 14, tzinfo=dt.timezone(dt.timedelta(hours=1))), zone_name=True)),
    ("list", lambda w: w.format_list(["A", "B", "C"])),
    ("list of two", lambda w: w.format_list(["A", "B"])),
    ("or-list", lambda w: w.format_or_list(["A", "B", "C"])),
    ("duration", lambda w: w.format_duration(dt.timedelta(days=1, minutes=150))),
    ("language en", lambda w: w.language_name("en")),
    ("language nl", lambda w: w.language_name("nl")),
    ("language pt-BR", lambda w: w.language_name("pt-BR")),
    ("country NL", lambda w: w.country_name("NL")),
]


def test_cldr_words(golden: Callable[[str, bytes], None]):
    """CLDR's words in both locales, one line each: the golden file moves with babel, nothing else."""
    lines = [f"{label}\n  nl: {call(NL)}\n  en: {call(EN)}\n" for label, call in CLDR_WORDS]
    de = Words.of("de")
    lines.append(f"de: {de.format_date(dt.date(2026, 3, 12))} | {de.format_list(['A', 'B', 'C'])}\n")
    golden("cldr-words.txt", "".join(lines).encode())
