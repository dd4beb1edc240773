"""Every output keeps its promise, whatever the texts and times hold.

Classes of hostile input, each through every output that the build writes:

* **Markup in texts, in JSON-LD** (the file, the page's copy, ``script_tag()``,
  one session's): any text in any field parses back as the same value, and no
  JSON-LD text holds a raw ``<``, ``>`` or ``&``, so that it can be pasted into a
  ``<script>`` element of any page.
* **Controls and noncharacters in titles, in HTML** (the language choice page
  and every locale page): html5lib reads each page with no parse error, and
  no page holds a character HTML does not allow.
* **Each class of character, in every format**: removed exactly where the
  table of ``docs/promises.md`` says, kept everywhere else, and every removal
  named in the build summary of that file.
* **Any zone, any date from 1583 to 9998** (offsets with seconds included):
  every date written is one its format's grammar accepts, and means the instant.
* **No dated session** (in UTC and in other zones): every calendar still parses
  as a calendar in icalendar (``validate()``) and vobject.
"""

from __future__ import annotations

import csv
import datetime as dt
import email.utils
import io
import json
import re
import tempfile
import zoneinfo
from collections.abc import Iterator
from pathlib import Path

import html5lib
import icalendar
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import _readers as readers
import sessionfeed as sf
from sessionfeed.exporters.html import build_page
from sessionfeed.exporters.jsonld import build_graph, build_session_graph, iter_json, script_tag, to_json
from sessionfeed.site.build import BuildReport, build_site
from strategies import NASTY, texts


L = sf.LocalizedText
AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")
NOW = dt.datetime(2026, 1, 5, 12, tzinfo=dt.UTC)
#: Texts with something for every format to get wrong, beyond what ``texts()`` draws.
HOSTILE = [
    "</script><script>alert(1)</script>", "<!--<script>", "a & b &amp; &#0; <b>x</b>", "]]>",
    "\x00\x1b[31m\x07\x08\x7f\x85\x9b\ufdd0\ufffe\U0001fffe", 'say "hi" ^n ^^ \\n\r\nnext\rline',
    "\u2028\u2029\ufeff\u202e", "🎉 e\u0301 ß",
]  # fmt: skip
_HOSTILE_TEXTS = st.one_of(texts(max_size=60), st.sampled_from(HOSTILE))


def everywhere(text: str, *, zone: str = "Europe/Amsterdam") -> sf.Programme:
    """A programme with ``text`` in every text it has, in two locales."""
    both = L({"nl": text, "en": text})
    org = sf.Organisation(id="org", name=both, short_name=text, url="https://org.example/?a=1&b=2")
    person = sf.Person(id="pers", name=text, affiliation=org, job_title=both)
    tag = sf.Tag(id="tag", label=both)
    place = sf.Location(
        online=sf.Online(url="https://meet.example/j?x=1&y=2", platform=text),
        venue=sf.Venue(name=text, address=sf.Address(street=text, locality=text, region=text, country="NL")),
    )
    tz = zoneinfo.ZoneInfo(zone)
    common = {
        "kind": "webinar", "language": "nl", "title": both, "description": both, "location": place,
        "participants": [sf.Participation(person=person, role="speaker")], "tags": [tag], "organisers": [org],
    }  # fmt: skip
    sessions = [
        sf.Session(id="timed", when=sf.Timed(start=dt.datetime(2026, 3, 12, 14, tzinfo=tz),
                                             end=dt.datetime(2026, 3, 12, 15, tzinfo=tz)), **common),
        sf.Session(id="days", when=sf.AllDay(start=dt.date(2026, 5, 4), end=dt.date(2026, 5, 6)), **common),
        sf.Session(id="month", when=sf.Month(year=2026, month=9), **common),
    ]  # fmt: skip
    return sf.Programme(
        id="hostile", title=both, intro=both, base_url="https://example.org/h/", locales=("nl", "en"),
        timezone=zone, sessions=sessions, people=[person], organisations=[org], tags=[tag],
        organisers=[org], contact=sf.Contact(name=text, email="team@example.org"),
        updated=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    )  # fmt: skip


def build(programme: sf.Programme) -> tuple[dict[str, bytes], BuildReport]:
    """Build the whole site into a fresh folder; every file by its path, and the report."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "site"
        report = build_site(programme, out, now=NOW)
        files = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    files.pop(".sessionfeed-state.json")
    return files, report


# ------------------------------------------------------------------ JSON-LD


def _script_texts(page: bytes) -> list[str]:
    root = html5lib.parse(page, namespaceHTMLElements=False)
    return [s.text or "" for s in root.iter("script") if s.get("type") == "application/ld+json"]


def _every_jsonld(programme: sf.Programme, files: dict[str, bytes]) -> Iterator[tuple[str, str]]:
    """Every JSON-LD text sessionfeed writes for ``programme``, with where it comes from."""
    for locale in programme.locales:
        yield f"{locale}/events.jsonld", files[f"{locale}/events.jsonld"].decode("utf-8")
        yield "to_json", to_json(build_graph(programme, locale))
        yield "iter_json", "".join(iter_json(programme, locale))
        for text in _script_texts(files[f"{locale}/index.html"]):
            yield f"{locale}/index.html <script>", text
        yield "script_tag()", _element_json(script_tag(programme, locale=locale))
        for session in programme.sessions:
            yield f"script_tag(session={session.id})", _element_json(script_tag(programme, locale=locale, session=session))


def _element_json(element: str) -> str:
    start = '<script type="application/ld+json">\n'
    assert element.startswith(start), element[:60]
    assert element.endswith("\n</script>"), element[-60:]
    assert element.count("</script>") == 1
    return element[len(start) : -len("\n</script>")]


@given(text=_HOSTILE_TEXTS)
@settings(suppress_health_check=[HealthCheck.too_slow])
def test_every_jsonld_output_is_safe_in_a_page_and_keeps_the_values(text: str):
    """Any text in every field: every JSON-LD text parses to the same values and has no < > & at all."""
    programme = everywhere(text)
    files, _ = build(programme)
    for where, json_text in _every_jsonld(programme, files):
        assert not set(json_text) & set("<>&"), f"{where} holds a raw < > or &"
        value = json.loads(json_text)
        assert value["@context"] == "https://schema.org", where
    for locale in programme.locales:
        graph = json.loads(files[f"{locale}/events.jsonld"])
        assert graph == build_graph(programme, locale)
        events = [node for node in graph["@graph"] if node["@type"] in ("Event", "EducationEvent")]
        # The month-only session has no Event (search engines reject one); nor has a title with no visible text.
        shown = carried_json(text)
        assert [event["name"] for event in events] == ([shown] * 2 if shown.strip() else [])
        assert all(event["description"] == carried_json(text) for event in events)
        assert json.loads(_element_json(script_tag(programme, locale=locale, session="timed"))) == (
            build_session_graph(programme, programme.session("timed"), locale)
        )


def carried_json(text: str) -> str:
    """A text as JSON-LD carries it (docs/promises.md): line ends as they are, controls and noncharacters removed."""
    return "".join(ch for ch in text if ch == "\r" or not readers.DROP_MARKUP.fullmatch(ch))


# --------------------------------------------------------------------- HTML

#: What no HTML page may hold: C0 controls but TAB and LF (CR too: line ends are LF),
#: DEL, C1 controls, surrogates and noncharacters ("Forbidden code point" for the validator).
_NOT_IN_HTML = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
    + "".join(f"{chr(plane + 0xFFFE)}{chr(plane + 0xFFFF)}" for plane in range(0, 0x110000, 0x10000))
    + "]",
)


def assert_clean_page(path: str, data: bytes) -> None:
    """html5lib in strict mode reads the page without error, and it holds no forbidden character."""
    text = data.decode("utf-8")
    bad = _NOT_IN_HTML.search(text)
    assert bad is None, f"{path} holds U+{ord(bad[0]):04X} near {text[max(0, bad.start() - 40) : bad.start() + 10]!r}"
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    parser.parse(data)  # strict: raises on the first parse error
    document = readers.read_html(data)
    assert not document.errors, f"{path}: {document.errors}"


@given(title=_HOSTILE_TEXTS, zone=st.sampled_from(["Europe/Amsterdam", "UTC"]))
@settings(suppress_health_check=[HealthCheck.too_slow])
def test_every_html_output_parses_strictly_with_hostile_titles(title: str, zone: str):
    """The language choice page and every locale page: no parse error, no forbidden character."""
    programme = everywhere(title, zone=zone)
    files, _ = build(programme)
    pages = [path for path in files if path.endswith(".html")]
    assert set(pages) >= {"index.html", "nl/index.html", "en/index.html"}
    for path in pages:
        assert_clean_page(path, files[path])
    root = html5lib.parse(files["index.html"], namespaceHTMLElements=False)
    expected = readers.pieces(title, readers.DROP_MARKUP)
    shown = readers.lines(root.find("head/title").text or "")
    assert all(piece in shown for piece in expected), (shown, expected)


def test_the_root_page_removes_and_reports_what_the_locale_pages_do():
    """The adversarial run's case: raw control characters in the language choice page's title."""
    programme = everywhere("Webinars\x00\x01 \ufdd0\U0010ffff")
    files, report = build(programme)
    assert_clean_page("index.html", files["index.html"])
    assert "<title>Webinars </title>" in files["index.html"].decode()
    (site,) = [r for r in report.outputs if not r.locale]
    assert site.path == "index.html"
    assert site.notes == (
        "removed 4 characters that HTML does not allow (U+0000, U+0001, U+FDD0, U+10FFFF) from the programme's "
        "title, introduction or contact",
    )
    assert "  index.html" in report.lines()
    clean = everywhere("Webinars")
    assert all(r.locale for r in build(clean)[1].outputs), "a clean site has no report line for the root page"


# ------------------------------------------------------- removals, per class

#: Each class of character, and one of its members.
CLASSES = {
    "NUL": "\x00", "C0": "\x1b", "form feed": "\x0c", "DEL": "\x7f", "C1": "\x85",
    "noncharacter": "\ufdd0", "U+FFFE": "\ufffe", "astral noncharacter": "\U0010ffff",
    "TAB": "\t", "line separator": "\u2028", "BOM": "\ufeff",
}  # fmt: skip
_MARKUP_SET = readers.DROP_MARKUP
_ICAL_SET = readers.DROP_ICAL
#: Nothing: JSON escapes every control character, and a CSV cell holds any character.
_NOTHING = re.compile("(?!)")
#: What each exporter removes (docs/promises.md), by its name.
REMOVES = {
    "ical": _ICAL_SET, "jcal": _ICAL_SET, "rss": _MARKUP_SET, "atom": _MARKUP_SET, "html": _MARKUP_SET,
    "jsonld": _MARKUP_SET, "text": _MARKUP_SET, "frab": _NOTHING, "csv": _NOTHING,
}  # fmt: skip
#: The calendars: their removal notes name the dated sessions only.
_CALENDARS = ("ical", "jcal")
_EXTENSIONS = {".ics": "ical", ".rss": "rss", ".atom": "atom", ".html": "html", ".jsonld": "jsonld", ".txt": "text"}
#: The files whose extension does not tell their exporter.
_FILES = {"schedule.json": "frab", "calendar.json": "jcal", "programme.csv": "csv"}


def _exporter_of(path: str) -> str:
    name = path[path.rfind("/") + 1 :]
    return _FILES[name] if name in _FILES else _EXTENSIONS[path[path.rfind(".") :]]


def _parsed_strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _parsed_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _parsed_strings(item)


def _decoded(path: str, data: bytes) -> str:
    """The file's text with every escape of its format undone, as far as the character in question goes."""
    text = data.decode("utf-8")
    if path.endswith((".jsonld", ".json")):
        return "\n".join(_parsed_strings(json.loads(text)))
    if path.endswith(".csv"):  # the cells, without the byte-order mark that starts the file
        return "\n".join(cell for row in csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")) for cell in row)
    if path.endswith(".html"):
        scripts = _script_texts(data)
        return text + "\n".join(s for script in scripts for s in _parsed_strings(json.loads(script)))
    return text


@pytest.mark.parametrize("name", list(CLASSES))
def test_each_character_class_is_removed_where_promised_and_reported(name: str):
    """Per format: the character is gone exactly where the table says, kept elsewhere, and every removal is named."""
    character = CLASSES[name]
    code = f"U+{ord(character):04X}"
    files, report = build(everywhere(f"Titel {character}x"))
    for path, data in files.items():
        if path in {"style.css", "sitemap.xml", "robots.txt"}:  # they hold no text of the programme
            continue
        exporter = _exporter_of(path)
        removed = bool(REMOVES[exporter].fullmatch(character))
        present = character in _decoded(path, data)
        assert present is not removed, f"{path}: {name} ({code}) should be {'removed' if removed else 'kept'}"
    for output in report.outputs:
        exporter = output.exporter or "html"
        removed = bool(REMOVES[exporter].fullmatch(character))
        named = [note for note in output.notes if note.startswith("removed ")]
        if removed:
            assert len(named) == 1, (output, name)
            assert code in named[0], named
            # Calendars and JSON-LD hold no month-only session (JSON-LD: no Event search engines accept).
            dated = exporter in (*_CALENDARS, "jsonld") and "2 sessions (timed, days)" in named[0]
            assert "3 sessions (timed, days, month)" in named[0] or dated or not output.locale, named
        else:
            assert named == [], (output, name)


def test_a_line_break_stays_a_line_break_everywhere():
    """CR, CRLF and LF: never removed, never reported; LF in every format that normalises."""
    files, report = build(everywhere("een\rtwee\r\ndrie\nvier"))
    assert not [note for output in report.outputs for note in output.notes if note.startswith("removed")]
    for path, data in files.items():
        if path.endswith((".txt", ".html")) and path != "robots.txt":
            text = data.decode("utf-8")
            assert "\r" not in text, path
            assert "een\ntwee\ndrie\nvier" in text, path


@pytest.mark.parametrize("exporter", ["text", "jsonld"])
def test_nul_is_removed_from_text_and_jsonld(exporter: str):
    """The adversarial run's case: NUL stayed in events.jsonld and programme.txt, though the promise said it goes."""
    files, report = build(everywhere("A\x00B"))
    for locale in ("nl", "en"):
        path = f"{locale}/{'programme.txt' if exporter == 'text' else 'events.jsonld'}"
        assert b"\x00" not in files[path]
        assert b"\\u0000" not in files[path]
        assert "AB" in _decoded(path, files[path])
        (output,) = [r for r in report.outputs if r.exporter == exporter and r.locale == locale]
        assert any("(U+0000)" in note for note in output.notes), output.notes


# ---------------------------------------------------------------- dates and offsets

def _accepted(zone: str) -> bool:
    """Whether the model takes ``zone`` for a session (it refuses abbreviations such as 'CET')."""
    moment = dt.datetime(2000, 1, 1, tzinfo=zoneinfo.ZoneInfo(zone))
    try:
        sf.Timed(start=moment, end=moment + dt.timedelta(hours=1))
    except sf.ProgrammeError:
        return False
    return True


_ZONES = [zone for zone in sorted(zoneinfo.available_timezones() - {"Factory", "localtime"}) if _accepted(zone)]
#: ISO 8601 as schema.org's DateTime takes it: whole seconds, an offset of hours and minutes, or Z.
_ISO_INSTANT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:Z|[+-]\d{2}:\d{2})")
#: HTML's valid global date and time string (with the seconds sessionfeed always writes).
_HTML_GLOBAL = re.compile(r"\d{4,}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-](\d{2}):?(\d{2}))")
#: RFC 5545 UTC-OFFSET: +HHMM, seconds optional.
_UTC_OFFSET = re.compile(r"[+-]\d{4}(?:\d{2})?")
#: RFC 822 as RFC 2822 writes it, in UTC with a numeric zone.
_RFC822 = re.compile(r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}")
#: RFC 3339 date-time.
_RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})")


def _instant(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(dt.UTC)


def _timed_programme(zone: str, naive: dt.datetime) -> sf.Programme:
    tz = zoneinfo.ZoneInfo(zone)
    # Through UTC, so that a wall time the clocks skip becomes a real instant.
    start = naive.replace(tzinfo=tz).astimezone(dt.UTC).astimezone(tz)
    end = (start.astimezone(dt.UTC) + dt.timedelta(minutes=95, seconds=7)).astimezone(tz)
    previous = (start.astimezone(dt.UTC) - dt.timedelta(days=3)).astimezone(tz)
    session = sf.Session(
        id="s", kind="webinar", language="en", title=L({"en": "T"}), when=sf.Timed(start=start, end=end),
        status="rescheduled", previous_start=previous, announced=previous,
        location=sf.Location(online=sf.Online(url="https://meet.example/s")),
    )  # fmt: skip
    return sf.Programme(
        id="p", title=L({"en": "P"}), base_url="https://example.org/", locales=("en",), timezone=zone,
        sessions=[session],
    )  # fmt: skip


@given(
    zone=st.sampled_from(_ZONES),
    naive=st.one_of(
        # Before about 1900 most zones kept local mean time, an offset with seconds.
        st.datetimes(min_value=dt.datetime(1583, 1, 5), max_value=dt.datetime(1900, 12, 31)),
        st.datetimes(min_value=dt.datetime(1583, 1, 5), max_value=dt.datetime(9998, 12, 25)),
    ),
)
@settings(suppress_health_check=[HealthCheck.too_slow])
def test_every_written_offset_is_one_its_format_accepts(zone: str, naive: dt.datetime):
    """Any zone, any date of the supported range: JSON-LD, HTML, iCalendar, RSS and Atom dates are valid and exact."""
    programme = _timed_programme(zone, naive.replace(microsecond=0))
    session = programme.sessions[0]
    assert isinstance(session.when, sf.Timed)
    start, end = session.when.start, session.when.end

    event = build_graph(programme, "en")["@graph"][1]
    for key, moment in (("startDate", start), ("endDate", end), ("previousStartDate", session.previous_start)):
        assert _ISO_INSTANT.fullmatch(event[key]), (key, event[key])
        assert isinstance(moment, dt.datetime)
        assert _instant(event[key]) == moment.astimezone(dt.UTC).replace(microsecond=0), key

    page = build_page(programme, "en")
    stamps = re.findall(r'<time datetime="([^"]*)"', page)
    assert stamps
    for stamp in stamps:
        match = _HTML_GLOBAL.fullmatch(stamp)
        assert match, stamp
        if match[1] is not None:
            assert int(match[1]) <= 23, stamp
            assert int(match[2]) <= 59, stamp
        assert _instant(stamp) == start.astimezone(dt.UTC).replace(microsecond=0)

    data = sf.get_exporter("ical").export(programme, locale="en")
    readers.read_calendar(data)
    lines = data.decode().replace("\r\n ", "").split("\r\n")
    for line in lines:
        if line.startswith(("TZOFFSETFROM:", "TZOFFSETTO:")):
            value = line.partition(":")[2]
            assert _UTC_OFFSET.fullmatch(value), line
            assert value != "-0000", line
    (vevent,) = icalendar.Calendar.from_ical(data).events
    assert vevent.start.astimezone(dt.UTC) == start.astimezone(dt.UTC).replace(microsecond=0)

    rss = sf.get_exporter("rss").export(programme, locale="en").decode()
    for stamp in re.findall(r"<(?:pubDate|lastBuildDate)>([^<]*)<", rss):
        assert _RFC822.fullmatch(stamp), stamp
        assert email.utils.parsedate_to_datetime(stamp) is not None
    atom = sf.get_exporter("atom").export(programme, locale="en").decode()
    for stamp in re.findall(r"<(?:published|updated)>([^<]*)<", atom):
        assert _RFC3339.fullmatch(stamp), stamp


def test_amsterdam_1900_is_written_in_utc_not_with_seconds():
    """The adversarial run's case: +00:19:32 is no offset ISO 8601 or HTML allow; the instant is kept exactly."""
    programme = _timed_programme("Europe/Amsterdam", dt.datetime(1900, 6, 1, 10, 0))
    event = build_graph(programme, "en")["@graph"][1]
    assert event["startDate"] == "1900-06-01T09:40:28Z"
    assert '<time datetime="1900-06-01T09:40:28Z">' in build_page(programme, "en")
    data = sf.get_exporter("ical").export(programme, locale="en").decode()
    assert "TZOFFSETTO:+001932" in data  # RFC 5545 UTC-OFFSET has seconds
    assert "DTSTART;TZID=Europe/Amsterdam:19000601T100000" in data


# ------------------------------------------------------------- empty calendars


@pytest.mark.parametrize("zone", ["UTC", "Etc/GMT", "GMT", "Europe/Amsterdam", "America/St_Johns"])
@pytest.mark.parametrize("when", [None, sf.Month(year=2026, month=9), sf.Unknown()])
def test_every_calendar_the_build_writes_is_a_calendar(zone: str, when: sf.When | None):
    """No dated session, in UTC and elsewhere: every calendar.ics of every locale is valid for icalendar and vobject."""
    sessions = [] if when is None else [sf.Session(id="later", kind="talk", language="nl", title=L({"nl": "x"}), when=when)]
    programme = sf.Programme(
        id="empty", title=L({"nl": "Leeg"}), base_url="https://example.org/", locales=("nl", "en"), timezone=zone,
        sessions=sessions,
    )  # fmt: skip
    files, _ = build(programme)
    calendars = [path for path in files if path.endswith(".ics")]
    # The whole programme's, and the empty ones of its session's kind and language.
    assert {"en/calendar.ics", "nl/calendar.ics"} <= set(calendars)
    assert len(calendars) == (2 if when is None else 6)
    for path in calendars:
        readers.read_calendar(files[path])  # icalendar's validate(), vobject, the RFC 5545 grammar
        icalendar.Calendar.from_ical(files[path]).validate()


def test_hostile_strings_are_all_tried():
    """The nasty strings of the strategies are among what the hostile texts draw from."""
    assert "</script>" in NASTY
    assert any("\x00" in text for text in HOSTILE)


# ------------------------------------------------------------------ the notes


def test_a_removal_note_says_how_many_which_and_where():
    from sessionfeed.exporters.removals import Removals, clean, removed_from

    removals = Removals("HTML does not allow")
    assert removals.note() is None
    assert removals.notes() == []
    removals.add(removed_from("a\x00b\x1b"))
    for ident in "abcdefg":
        removals.add(["\x7f"], session=ident)
    removals.add(["\U0010ffff", "\U0010ffff"], count=5, entity="ann")
    removals.add([], session="never")  # nothing removed: not named
    assert removals.count == 14
    assert removals.note() == (
        "removed 14 characters that HTML does not allow (U+0000, U+001B, U+007F, U+10FFFF) from the "
        "programme's title, introduction or contact and 7 sessions (a, b, c, d, e, … (2 more)) and "
        "1 person or organisation (ann)"
    )
    removals.clear()
    assert removals.note() is None
    removals.add(["\x85"], session="only")
    assert removals.notes() == ["removed 1 character that HTML does not allow (U+0085) from 1 session (only)"]
    assert clean("a\r\nb\rc\x00\ufdd0\td") == "a\nb\nc\td"


def test_a_file_made_twice_is_counted_once():
    """A streamed file may be made again (every_file(), content): the note counts one making."""
    programme = everywhere("x\x00")
    for name in ("html", "text", "jsonld", "ical"):
        exporter = sf.get_exporter(name)
        assert isinstance(exporter, sf.BaseExporter)
        rendering = exporter.render(programme, sf.Context(locale="nl", revisions=sf.Revisions.from_data(programme)))
        data = rendering.files[0].content
        first = rendering.all_notes()
        assert rendering.files[0].content == data
        assert rendering.all_notes() == first, name
        assert first, name
