"""The "add to calendar" links: every parameter read back with urllib.parse, the body with html5lib."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from urllib.parse import parse_qsl, urlsplit

import html5lib
import pytest
from hypothesis import example, given, strategies as st

import sessionfeed as sf
from sessionfeed.exceptions import ArgumentError
from sessionfeed.site.event_links import MAX_URL_LENGTH, EventLinks, event_links
from strategies import ZONES, all_day, texts, timed


PAGE = "https://example.org/programme/nl/sessions/ai-lecture/"
AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")
# What a URL may hold once every text in it is percent-encoded.
URL_CHARS = re.compile(r"[A-Za-z0-9\-._~%:/?=&]+")
# Zones with an offset of seconds in their past (local mean time), and odd DST rules.
ODD_ZONES = [
    "Europe/Amsterdam", "Africa/Monrovia", "America/Sao_Paulo", "Asia/Kathmandu",
    "Australia/Lord_Howe", "Pacific/Kiritimati", "Europe/Dublin", "America/Caracas",
]  # fmt: skip


def _params(url: str, base: str) -> dict[str, str]:
    """The query of ``url`` as a dict, after checking its base and that no name repeats."""
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == base
    assert URL_CHARS.fullmatch(url), url
    pairs = parse_qsl(parts.query, keep_blank_values=True, strict_parsing=True, errors="strict")
    names = [name for name, _ in pairs]
    assert len(names) == len(set(names)), names
    return dict(pairs)


def _html_text(body: str) -> str:
    """The text a reader of ``body`` as HTML sees, ``<br>`` as a line break (html5lib)."""
    fragment = html5lib.parseFragment(body, namespaceHTMLElements=False)
    out = [fragment.text or ""]
    for element in fragment.iter():
        if element is fragment:
            continue
        assert element.tag == "br", f"the body makes an element: {element.tag}"
        out.append("\n" + (element.tail or ""))
    return "".join(out)


def _instant(google: str) -> dt.datetime:
    return dt.datetime.strptime(google, "%Y%m%dT%H%M%SZ").replace(tzinfo=dt.UTC)


def _outlook_instant(value: str) -> dt.datetime:
    assert value.endswith("Z"), value
    return dt.datetime.fromisoformat(value)


def _all(links: EventLinks) -> dict[str, dict[str, str]]:
    return {
        "google": _params(links.google, "https://calendar.google.com/calendar/render"),
        "outlook": _params(links.outlook, "https://outlook.live.com/calendar/0/action/compose"),
        "office365": _params(links.office365, "https://outlook.office.com/calendar/0/action/compose"),
    }


def test_a_timed_session_gets_utc_instants_its_zone_and_every_text() -> None:
    when = sf.Timed(
        start=dt.datetime(2026, 12, 7, 15, 0, tzinfo=AMS), end=dt.datetime(2026, 12, 7, 16, 30, tzinfo=AMS)
    )
    links = event_links("AI & law: <live>", "Two speakers.\nQ&A after.", "Online (Zoom)", when, PAGE)
    assert links is not None
    found = _all(links)
    assert found["google"] == {
        "action": "TEMPLATE",
        "text": "AI & law: <live>",
        "dates": "20261207T140000Z/20261207T153000Z",
        "ctz": "Europe/Amsterdam",
        "details": f"Two speakers.\nQ&A after.\n\n{PAGE}",
        "location": "Online (Zoom)",
    }
    for name in ("outlook", "office365"):
        params = found[name]
        assert params.keys() == {"rru", "subject", "startdt", "enddt", "body", "location"}
        assert params["rru"] == "addevent"
        assert params["subject"] == "AI & law: <live>"
        assert params["startdt"] == "2026-12-07T14:00:00Z"
        assert params["enddt"] == "2026-12-07T15:30:00Z"
        assert params["body"] == f"Two speakers.<br>Q&amp;A after.<br><br>{PAGE}"
        assert _html_text(params["body"]) == f"Two speakers.\nQ&A after.\n\n{PAGE}"
        assert params["location"] == "Online (Zoom)"


def test_whole_days_end_the_day_after_the_last() -> None:
    one = event_links(
        "Day", None, None, sf.AllDay(start=dt.date(2026, 12, 31), end=dt.date(2026, 12, 31)), PAGE
    )
    three = event_links(
        "Days", "", "Utrecht", sf.AllDay(start=dt.date(2027, 2, 27), end=dt.date(2027, 3, 1)), PAGE
    )
    assert one is not None
    assert three is not None
    google, outlook = _all(one)["google"], _all(one)["outlook"]
    assert google["dates"] == "20261231/20270101"
    assert "ctz" not in google
    assert (outlook["startdt"], outlook["enddt"], outlook["allday"]) == ("2026-12-31", "2027-01-01", "true")
    assert google["details"] == PAGE
    assert "location" not in google
    found = _all(three)
    assert found["google"]["dates"] == "20270227/20270302"
    assert (found["office365"]["startdt"], found["office365"]["enddt"]) == ("2027-02-27", "2027-03-02")
    assert found["google"]["location"] == "Utrecht"


@pytest.mark.parametrize("when", [sf.Month(year=2026, month=12), sf.Unknown()])
def test_a_session_without_a_day_gets_no_links(when: sf.When) -> None:
    assert event_links("Title", "Text", "Place", when, PAGE) is None


@st.composite
def odd_timed(draw: st.DrawFn) -> sf.Timed:
    """A session in a zone with second offsets or odd rules, often in a DST gap or fold, 1850 to 2100."""
    zone = zoneinfo.ZoneInfo(draw(st.sampled_from(ODD_ZONES + ZONES)))
    naive = draw(st.datetimes(min_value=dt.datetime(1850, 1, 1), max_value=dt.datetime(2100, 12, 31)))
    start = naive.replace(microsecond=0, tzinfo=zone, fold=draw(st.integers(0, 1)))
    length = dt.timedelta(seconds=draw(st.integers(1, 3 * 24 * 3600)))
    end = (start.astimezone(dt.UTC) + length).astimezone(zone)
    return sf.Timed(start=start, end=end)


@given(when=st.one_of(timed(), odd_timed()))
@example(  # the hour the clocks repeat in Amsterdam, second time round
    when=sf.Timed(
        start=dt.datetime(2026, 10, 25, 2, 30, fold=1, tzinfo=AMS),
        end=dt.datetime(2026, 10, 25, 3, 15, tzinfo=AMS),
    )
)
@example(  # local mean time in Amsterdam: +00:19:32
    when=sf.Timed(
        start=dt.datetime(1900, 5, 1, 20, 0, 7, tzinfo=AMS), end=dt.datetime(1900, 5, 1, 21, 0, tzinfo=AMS)
    )
)
def test_every_link_holds_the_model_s_instants(when: sf.Timed) -> None:
    links = event_links("Title", None, None, when, PAGE)
    assert links is not None
    found = _all(links)
    # In UTC: Python never finds the second 02:30 of a repeated hour equal to anything in another zone.
    start_utc, end_utc = when.start.astimezone(dt.UTC), when.end.astimezone(dt.UTC)
    start, end = found["google"]["dates"].split("/")
    assert (_instant(start), _instant(end)) == (start_utc, end_utc)
    assert zoneinfo.ZoneInfo(found["google"]["ctz"]) == when.start.tzinfo
    for name in ("outlook", "office365"):
        assert _outlook_instant(found[name]["startdt"]) == start_utc
        assert _outlook_instant(found[name]["enddt"]) == end_utc
        assert "allday" not in found[name]


@given(when=all_day())
def test_all_day_links_span_the_model_s_days(when: sf.AllDay) -> None:
    links = event_links("Title", None, None, when, PAGE)
    assert links is not None
    found = _all(links)
    start, end = (dt.datetime.strptime(day, "%Y%m%d").date() for day in found["google"]["dates"].split("/"))
    assert (start, end - dt.timedelta(days=1)) == (when.start, when.end)
    for name in ("outlook", "office365"):
        outlook_end = dt.date.fromisoformat(found[name]["enddt"])
        assert (dt.date.fromisoformat(found[name]["startdt"]), outlook_end - dt.timedelta(days=1)) == (
            when.start,
            when.end,
        )
        assert found[name]["allday"] == "true"


def _check_details(details: str, description: str | None) -> None:
    """The details end with the page; what comes before is the description or a start of it with "…"."""
    assert details.endswith(PAGE)
    before = details.removesuffix(PAGE)
    if not before:
        return
    assert before.endswith("\n\n")
    text = before.removesuffix("\n\n")
    expected = (description or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if text.endswith("…") and text != expected:
        assert expected.startswith(text.removesuffix("…"))
    else:
        assert text == expected


def _check_line(found: str, given_text: str) -> None:
    one_line = " ".join(given_text.split())
    if found != one_line:
        assert found.endswith("…")
        assert one_line.startswith(found.removesuffix("…"))


@given(
    title=texts(max_size=600),
    description=st.none() | texts(max_size=3000) | st.lists(texts(), min_size=20, max_size=80).map(" ".join),
    location=st.none() | texts(max_size=400),
    when=st.one_of(timed(), all_day()),
)
@example(
    title="x" * 3000,
    description="é" * 3000,
    location="<b>" * 500,
    when=sf.AllDay(start=dt.date(2027, 1, 1), end=dt.date(2027, 1, 1)),
)
@example(
    title="a\x00b\rc",
    description="line\r\nline\rline\x0b\x1b[31m</script>&amp;",
    location=None,
    when=sf.AllDay(start=dt.date(2027, 1, 1), end=dt.date(2027, 1, 1)),
)
def test_hostile_text_comes_back_whole_or_shortened_at_a_word(
    title: str, description: str | None, location: str | None, when: sf.When
) -> None:
    links = event_links(title, description, location, when, PAGE)
    assert links is not None
    found = _all(links)
    for name, params in found.items():
        assert len(getattr(links, name)) <= MAX_URL_LENGTH
        title_key, details_key = ("text", "details") if name == "google" else ("subject", "body")
        _check_line(params[title_key], title)
        details = params[details_key] if name == "google" else _html_text(params[details_key])
        if name != "google":
            # html5lib reads a NUL as U+FFFD, as browsers do; nothing else changes.
            description_seen = None if description is None else description.replace("\x00", "\ufffd")
            _check_details(details, description_seen)
        else:
            _check_details(details, description)
        if location is not None and location.strip():
            _check_line(params["location"], location)
        else:
            assert "location" not in params


def test_a_long_description_is_cut_at_a_word_and_ends_with_the_page() -> None:
    when = sf.AllDay(start=dt.date(2027, 1, 1), end=dt.date(2027, 1, 1))
    description = " ".join(f"word{i}" for i in range(2000))
    links = event_links("Title", description, None, when, PAGE)
    assert links is not None
    for name, params in _all(links).items():
        assert len(getattr(links, name)) <= MAX_URL_LENGTH
        details = params["details"] if name == "google" else _html_text(params["body"])
        text, page = details.split("\n\n")
        assert page == PAGE
        assert text.endswith("…")
        kept = text.removesuffix("…")
        assert re.fullmatch(r"word0( word\d+)*", kept), kept[-40:]
        assert description.startswith(kept + " ")
        # Not more than a word short of what fits.
        assert len(getattr(links, name)) > MAX_URL_LENGTH - 40


def test_the_links_are_the_same_every_time() -> None:
    when = sf.AllDay(start=dt.date(2027, 1, 1), end=dt.date(2027, 1, 2))
    assert event_links("T", "D", "P", when, PAGE) == event_links("T", "D", "P", when, PAGE)


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (("", None, None, sf.Unknown(), PAGE), "title"),
        (("T", 3, None, sf.Unknown(), PAGE), "description"),
        (("T", None, "\ud800", sf.Unknown(), PAGE), "location"),
        (("T", None, None, dt.date(2027, 1, 1), PAGE), "when"),
        (("T", None, None, sf.Unknown(), "example.org/x"), "url"),
        (
            (
                "T",
                None,
                None,
                sf.AllDay(start=dt.date(2027, 1, 1), end=dt.date(2027, 1, 1)),
                PAGE + "x" * 2000,
            ),
            "url",
        ),
    ],
)
def test_a_wrong_argument_is_named(args: tuple[object, ...], named: str) -> None:
    with pytest.raises(ArgumentError, match=named):
        event_links(*args)  # type: ignore[arg-type]
