"""The shared vocabulary: exact words and formats in Dutch and European English."""

# ruff: noqa: RUF001 -- the en dash U+2013 is what the outputs must contain

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest

import sessionfeed as sf
from sessionfeed._words import _UTC_ZONES, EN_DASH, Words, _is_summer_time, plain_spaces


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


@pytest.mark.parametrize(
    ("when", "nl", "en"),
    [
        (
            timed(at(2026, 3, 12, 14), at(2026, 3, 12, 15, 30)),
            "12 maart 2026, 14:00–15:30 (Midden-Europese tijd)",
            "12 March 2026, 14:00–15:30 (Central European Time)",
        ),
        (
            timed(at(2026, 7, 1, 9), at(2026, 7, 1, 17)),
            "1 juli 2026, 09:00–17:00 (Midden-Europese tijd)",
            "1 July 2026, 09:00–17:00 (Central European Time)",
        ),
        (
            timed(at(2026, 3, 12, 22), at(2026, 3, 13, 1, 30)),
            "12 maart 2026, 22:00 – 13 maart 2026, 01:30 (Midden-Europese tijd)",
            "12 March 2026, 22:00 – 13 March 2026, 01:30 (Central European Time)",
        ),
        (
            timed(at(2026, 5, 4, 9), at(2026, 5, 6, 17)),
            "4 mei 2026, 09:00 – 6 mei 2026, 17:00 (Midden-Europese tijd)",
            "4 May 2026, 09:00 – 6 May 2026, 17:00 (Central European Time)",
        ),
        (
            sf.AllDay(start=dt.date(2026, 3, 12), end=dt.date(2026, 3, 12)),
            "12 maart 2026",
            "12 March 2026",
        ),
        (
            sf.AllDay(start=dt.date(2026, 5, 4), end=dt.date(2026, 5, 6)),
            "4–6 mei 2026",
            "4–6 May 2026",
        ),
        (
            sf.AllDay(start=dt.date(2026, 4, 30), end=dt.date(2026, 5, 2)),
            "30 april – 2 mei 2026",
            "30 April – 2 May 2026",
        ),
        (
            sf.AllDay(start=dt.date(2026, 12, 30), end=dt.date(2027, 1, 2)),
            "30 december 2026 – 2 januari 2027",
            "30 December 2026 – 2 January 2027",
        ),
        (sf.Month(year=2023, month=12), "december 2023", "December 2023"),
        (sf.Unknown(), "datum volgt nog", "date to be announced"),
    ],
)
def test_format_when(when: sf.When, nl: str, en: str):
    """Every precision of date, exactly, in both locales."""
    assert NL.format_when(when) == nl
    assert EN.format_when(when) == en


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
    assert EN.format_when(ny) == "12 March 2026, 10:00–11:00 (Eastern Time)"
    utc = timed(at(2026, 3, 12, 10, zone="UTC"), at(2026, 3, 12, 11, zone="UTC"))
    assert NL.format_when(utc) == "12 maart 2026, 10:00–11:00 (UTC)"


def test_timezone_name():
    """Generic names where CLDR has them, else the name at that moment; UTC as UTC."""
    assert NL.timezone_name(at(2026, 1, 1)) == "Midden-Europese tijd"
    assert NL.timezone_name(at(2026, 7, 1)) == "Midden-Europese tijd"
    assert EN.timezone_name(at(2026, 7, 1)) == "Central European Time"
    assert EN.timezone_name(at(2026, 7, 1, zone="Europe/London")) == "British Summer Time"
    assert EN.timezone_name(at(2026, 1, 1, zone="Europe/London")) == "Greenwich Mean Time"
    assert EN.timezone_name(dt.datetime(2026, 1, 1, tzinfo=dt.UTC)) == "UTC"
    assert NL.timezone_name(at(2027, 4, 15, zone="Asia/Kolkata")) == "Indiase tijd"
    assert EN.timezone_name(at(2027, 4, 15, zone="Asia/Kolkata")) == "India Standard Time"
    assert EN.timezone_name(at(2027, 7, 1, zone="Europe/Dublin")) == "Irish Standard Time"
    assert EN.timezone_name(at(2027, 1, 1, zone="Europe/Dublin")) == "Greenwich Mean Time"
    assert EN.timezone_name(at(2027, 1, 1, zone="Asia/Kathmandu")) == "Nepal Time"
    assert NL.timezone_name(at(2026, 1, 1, zone="Etc/UTC")) == "UTC"


@pytest.mark.parametrize("locale", ["nl", "en"])
def test_zone_named_all_year_only_where_both_seasons_agree(locale: str):
    """A zone whose one name serves both seasons skips the season: the names stay the season's own.

    Every IANA zone, in winter and in summer (of either hemisphere), named as
    the season-specific way names it.
    """
    words = Words(locale)  # a new instance: nothing remembered from other tests
    for key in sorted(zoneinfo.available_timezones()):
        for month in (1, 7):
            moment = dt.datetime(2026, month, 15, 12, tzinfo=zoneinfo.ZoneInfo(key))
            if key in _UTC_ZONES:
                continue
            variant = "daylight" if _is_summer_time(moment) else "standard"
            assert words.timezone_name(moment) == words._zone_name(key, variant, moment), (key, month)


def test_naive_datetimes_never_reach_babel():
    """A naive datetime is refused, not formatted in some default zone."""
    naive = dt.datetime(2026, 3, 12, 14)
    for call in (NL.format_datetime, NL.timezone_name, NL.format_time):
        with pytest.raises(ValueError, match="naive"):
            call(naive)


def test_format_month_date_datetime():
    """Month and year, full dates with and without weekday, date and time."""
    assert NL.format_month(2023, 12) == "december 2023"
    assert EN.format_month(2023, 12) == "December 2023"
    assert NL.format_date(dt.date(2026, 3, 12)) == "12 maart 2026"
    assert EN.format_date(dt.date(2026, 3, 12)) == "12 March 2026"
    assert NL.format_weekday_date(dt.date(2026, 3, 12)) == "donderdag 12 maart 2026"
    assert EN.format_weekday_date(dt.date(2026, 3, 12)) == "Thursday, 12 March 2026"
    assert NL.format_datetime(at(2026, 3, 12, 14)) == "12 maart 2026, 14:00"
    assert EN.format_datetime(at(2026, 3, 12, 14, 5)) == "12 March 2026, 14:05"


@pytest.mark.parametrize(
    ("minutes", "nl", "en"),
    [
        (90, "1 uur en 30 minuten", "1 hour 30 minutes"),
        (60, "1 uur", "1 hour"),
        (120, "2 uur", "2 hours"),
        (45, "45 minuten", "45 minutes"),
        (1, "1 minuut", "1 minute"),
        (24 * 60 + 150, "1 dag, 2 uur en 30 minuten", "1 day 2 hours 30 minutes"),
        (3 * 24 * 60, "3 dagen", "3 days"),
    ],
)
def test_format_duration_is_exact(minutes: int, nl: str, en: str):
    """Durations are exact (babel's format_timedelta would round 90 minutes to 2 hours)."""
    assert NL.format_duration(dt.timedelta(minutes=minutes)) == nl
    assert EN.format_duration(dt.timedelta(minutes=minutes)) == en


def test_format_duration_seconds_and_zero():
    """Seconds are kept; nothing is zero minutes."""
    assert EN.format_duration(dt.timedelta(minutes=1, seconds=5)) == "1 minute 5 seconds"
    assert NL.format_duration(dt.timedelta(0)) == "0 minuten"


def test_format_list():
    """Lists without the serial comma in European English."""
    assert NL.format_list(["A", "B", "C"]) == "A, B en C"
    assert EN.format_list(["A", "B", "C"]) == "A, B and C"
    assert EN.format_list(["A", "B"]) == "A and B"
    assert EN.format_list(["A"]) == "A"
    assert EN.format_list([]) == ""
    assert NL.format_or_list(["A", "B", "C"]) == "A, B of C"


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
    """Language names from babel, by the primary subtag."""
    assert NL.language_name("en") == "Engels"
    assert NL.language_name("en-GB") == "Engels"
    assert EN.language_name("nl") == "Dutch"
    assert NL.language_name("pt-BR") == "Portugees"
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
    assert NL.location_text(with_address) == "SER, Bezuidenhoutseweg 60, 2594 AW Den Haag, Nederland"
    assert EN.location_text(with_address) == "SER, Bezuidenhoutseweg 60, 2594 AW Den Haag, Netherlands"
    assert NL.location_text(None) == ""


def test_other_locales_use_cldr_and_the_english_catalog():
    """A locale without a catalog formats with its own CLDR data and English words."""
    de = Words.of("de")
    assert de.format_date(dt.date(2026, 3, 12)) == "12. März 2026"
    assert de.format_list(["A", "B", "C"]) == "A, B und C"
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
