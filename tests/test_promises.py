"""Nothing lost, nothing injected: the promises every registered exporter keeps.

Every exporter the registry lists (the built-ins that exist, and any plugin
installed under ``sessionfeed.exporters``) is held to the same four promises,
over hypothesis-generated programmes, over the example programmes with the
nasty strings of ``strategies.NASTY`` put around, inside and instead of every
text, and over a programme with each nasty string inside every kind of text:

* **readable**: each file it writes is read without error by the real parsers
  of its media type (``_readers``), at a safe path inside the locale folder;
* **nothing lost**: every session the format can hold is there, and its title,
  description, participants' names and their organisations' names can be
  recovered from the item that holds it, character for character after the
  format's own decoding and the normalisations ``_readers`` allows; the
  sessions left out are exactly those the build summary lists (for a
  calendar: those with no known day; for every other built-in format: none);
* **nothing injected**: the same programme with every text replaced by a
  plain placeholder of the same layout gives documents of the same structure;
* **deterministic**: the same programme gives the same bytes, rebuilt from
  its dict, read from a file with its keys and tables in another order, or
  under another ``PYTHONHASHSEED``.

The checks are plain functions (``check_exporter`` and the ``check_*`` it
calls) so that ``test_faulty_plugins_are_caught`` can show them failing on
deliberately broken plugin exporters (``tests/data/faulty_plugin``).
"""

from __future__ import annotations

import datetime as dt
import os
import random
import re
import subprocess
import sys
import tempfile
import zoneinfo
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, Phase, given, settings

import _readers as readers
import sessionfeed as sf
from sessionfeed.exporters.base import BaseExporter, Context, Exporter, Rendering, check_output_path, render
from sessionfeed.exporters.registry import clear_cache, exporter_names, get_exporter, iter_exporters
from sessionfeed.model.revisions import Revisions
from sessionfeed.model.text import LocalizedText
from sessionfeed.site import layout as _layout
from sessionfeed.site.build import BuildReport, build_site
from strategies import NASTY, programmes


ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
FAULTY = Path(__file__).resolve().parent / "data" / "faulty_plugin"

#: The formats the issue names: each built-in of these types is held fully.
CALENDAR = "text/calendar"
JSONLD = "application/ld+json"
EVERY_SESSION = {"application/rss+xml", "application/atom+xml", "text/html", "text/plain"}

# One generated programme is checked against every exporter at once: generating
# it costs more than checking it, and a failure then names every exporter at fault.
# 20 in the quick profile, 100 in the thorough one (a third: each example builds a site).
PROMISE_EXAMPLES = max(20, settings.default.max_examples // 3)


# ------------------------------------------------------------------------------ texts


#: The string fields of the model that hold text (the rest are ids, URLs, codes).
TEXT_FIELDS: dict[type, frozenset[str]] = {
    sf.Person: frozenset({"name"}),
    sf.Organisation: frozenset({"short_name"}),
    sf.Venue: frozenset({"name"}),
    sf.Address: frozenset({"street", "postal_code", "locality", "region"}),
    sf.Online: frozenset({"platform"}),
    sf.Contact: frozenset({"name"}),
}


def map_texts(programme: sf.Programme, change: Callable[[str], str]) -> sf.Programme:
    """The same programme with ``change`` applied to every text (titles, names, descriptions, ...)."""
    memo: dict[int, Any] = {}

    def walk(value: Any) -> Any:
        if isinstance(value, LocalizedText):
            return LocalizedText(tuple((locale, change(text)) for locale, text in value.items))
        if isinstance(value, tuple):
            return tuple(walk(v) for v in value)
        if attrs.has(type(value)):
            if id(value) in memo:
                return memo[id(value)]
            texts = TEXT_FIELDS.get(type(value), frozenset())
            changes = {}
            for f in attrs.fields(type(value)):
                current = getattr(value, f.name)
                if isinstance(current, str):
                    if f.name in texts:
                        changes[f.name] = change(current)
                elif not isinstance(current, dt.date | dt.time | dt.timedelta | int | float | bool | type(None)):
                    changes[f.name] = walk(current)
            memo[id(value)] = attrs.evolve(value, **changes)
            return memo[id(value)]
        return value

    return walk(programme)


def _kept(ch: str) -> bool:
    """Characters a placeholder keeps: white space and what no markup carries (they shape layout)."""
    return ch.isspace() or bool(readers.DROP_MARKUP.fullmatch(ch)) or bool(readers.DROP_ICAL.fullmatch(ch))


def placeholder_programme(programme: sf.Programme) -> sf.Programme:
    """The programme with plain texts of the same layout: "x"s where the text had anything else.

    White space (so the same lines and paragraphs) and control characters (so
    the same texts are empty once cleaned) stay; equal texts stay equal and
    different texts different (a number after the first "x").
    """
    numbers: dict[str, str] = {}

    def plain(text: str) -> str:
        if text not in numbers:
            mapped = "".join(ch if _kept(ch) else "x" for ch in text)
            at = mapped.find("x")
            number = str(len(numbers) + 1)
            numbers[text] = mapped if at < 0 else mapped[: at + 1] + number + mapped[at + 1 :]
        return numbers[text]

    return map_texts(programme, plain)


def nasty_programme(programme: sf.Programme, *, offset: int = 0) -> sf.Programme:
    """The programme with the nasty strings of ``strategies.NASTY`` around, inside and instead of its texts."""
    counter = iter(range(offset, offset + 10_000))

    def nasty(text: str) -> str:
        k = next(counter)
        first, middle, last = (NASTY[(k * step + shift) % len(NASTY)] for step, shift in ((1, 0), (5, 11), (7, 3)))
        half = len(text) // 2
        candidate = first if k % 4 == 0 else f"{first}{text[:half]}{middle}{text[half:]}{last}"
        return candidate if candidate.strip() else candidate + text

    return map_texts(programme, nasty)


#: How a format names a participant's organisation, where not in the page's locale: a CSV
#: cell holds the name in the programme's first locale (one column for every locale), and a
#: frab schedule's persons have no organisation at all.
AFFILIATIONS: dict[str, str | None] = {"csv": "first locale", "frab": None}


def expected_texts(
    programme: sf.Programme, session: sf.Session, locale: str, affiliations: str | None = "locale"
) -> list[str]:
    """What must be recoverable of a session: title, description, participants and their organisations."""
    texts = [programme.text(session.title, locale).text]
    if session.description is not None:
        texts.append(programme.text(session.description, locale).text)
    named_in = programme.default_locale if affiliations == "first locale" else locale
    for part in session.participants:
        texts.append(part.person.name)
        if part.person.affiliation is not None and affiliations is not None:
            texts.append(programme.text(part.person.affiliation.name, named_in).text)
    return texts


# ----------------------------------------------------------------------------- checks


def rendering_of(exporter: Exporter, programme: sf.Programme, locale: str) -> Rendering:
    return render(exporter, programme, Context(locale=locale, revisions=Revisions.from_data(programme)))


def _per_session(path: str) -> str | None:
    """The session id of a per-session file, ``sessions/<id>.<ext>`` (see ``_layout``)."""
    folder, _, name = path.partition("/")
    if folder == _layout.SESSIONS_DIR and "/" not in name and "." in name:
        return name.rsplit(".", 1)[0]
    return None


def check_paths(exporter: Exporter, rendering: Rendering) -> None:
    """Every file is at a safe relative path, the main file first, no path twice."""
    assert rendering.files, f"{exporter.name} wrote no file"
    assert rendering.files[0].path == exporter.filename, (
        f"{exporter.name}: the first file is {rendering.files[0].path!r}, not its filename {exporter.filename!r}"
    )
    paths = [f.path for f in rendering.every_file()]
    assert len(set(paths)) == len(paths), f"{exporter.name} wrote a path twice: {paths}"
    for path in paths:
        problem = check_output_path(path)
        assert problem is None, f"{exporter.name}: {problem}"
        assert ".." not in path.split("/"), path
        assert not path.startswith("/"), path


def read_all(exporter: Exporter, rendering: Rendering, locale: str, promise: str = "readable") -> dict[str, readers.Document]:
    """Each file as the real parsers of its media type read it; raises when one cannot read it at all."""
    documents = {}
    for output in rendering.every_file():
        try:
            documents[output.path] = readers.read(output.content, output.media_type)
        except Exception as error:
            head = output.content[:300].decode("utf-8", "replace")
            message = (
                f"{promise}: {exporter.name} {locale}/{output.path} ({output.media_type}) is not read "
                f"without error: {type(error).__name__}: {error}\n  starts with: {head!r}"
            )
            raise AssertionError(message) from error
    return documents


def check_readable(exporter: Exporter, documents: dict[str, readers.Document], locale: str) -> None:
    """No parser complained about any file."""
    for path, document in documents.items():
        assert not document.errors, (
            f"readable: {exporter.name} {locale}/{path} ({document.media_type}) is not read without error: "
            + "; ".join(document.errors)
        )


def _match(sessions: Sequence[str], items: Sequence[readers.Item], fits: Callable[[str, readers.Item], bool]) -> dict[str, int]:
    """A matching of sessions to distinct items they fit (augmenting paths); may be partial."""
    owner: dict[int, str] = {}

    def place(session: str, seen: set[int]) -> bool:
        for index, item in enumerate(items):
            if index in seen or not fits(session, item):
                continue
            seen.add(index)
            if index not in owner or place(owner[index], seen):
                owner[index] = session
                return True
        return False

    for session in sessions:
        place(session, set())
    return {session: index for index, session in owner.items()}


def _missing(pieces: Iterable[str], holds: Callable[[str], bool]) -> list[str]:
    return [piece for piece in pieces if not holds(piece)]


def check_nothing_lost(
    programme: sf.Programme,
    locale: str,
    exporter: Exporter,
    rendering: Rendering,
    documents: dict[str, readers.Document],
    summary: BuildReport | None = None,
) -> None:
    """Every session the format holds is there with its texts; the ones left out are the summary's."""
    name = f"{exporter.name} {locale}"
    every = [s.id for s in programme.sessions]
    included = list(rendering.included)
    omitted = [o.session for o in rendering.omitted]
    assert sorted(included + omitted) == sorted(every), (
        f"nothing lost: {name} reports {included} included and {omitted} left out of the sessions {every}"
    )
    if summary is not None:
        reports = [r for r in summary.outputs if r.locale == locale and r.exporter == exporter.name]
        assert len(reports) == 1, f"the build summary has {len(reports)} reports of {name}"
        assert [o.session for o in reports[0].omitted] == omitted, (
            f"nothing lost: {name} leaves out {omitted} but the build summary lists "
            f"{[o.session for o in reports[0].omitted]}"
        )
        assert reports[0].included == len(included), (name, reports[0].included, included)
    base = readers.base_type(exporter.media_type)
    if base == CALENDAR:
        dated = [s.id for s in programme.sessions if isinstance(s.when, sf.Timed | sf.AllDay)]
        assert included == dated, (
            f"nothing lost: {name} holds {included}, but a calendar holds exactly the sessions "
            f"with a known day: {dated}"
        )
    elif base == JSONLD:
        from sessionfeed.exporters.jsonld_graph import event_reason

        eventful = [s.id for s in programme.sessions if event_reason(programme, s, locale) is None]
        assert included == eventful, (
            f"nothing lost: {name} holds {included}, but JSON-LD holds exactly the sessions with an "
            f"event search engines accept: {eventful}"
        )
    elif base in EVERY_SESSION:
        assert not omitted, f"nothing lost: {name} leaves out {omitted}; a {base} output holds every session"
    fmt = readers.format_for(exporter.media_type)
    if fmt is None:
        return  # a type this suite cannot read items of: readable and deterministic only
    sessions = {s.id: s for s in programme.sessions}
    affiliations = AFFILIATIONS.get(exporter.name, "locale")
    wanted = {ident: [p for t in expected_texts(programme, sessions[ident], locale, affiliations)
                      for p in readers.pieces(t, fmt.drop)]
              for ident in every}  # fmt: skip
    main = [p for p in documents if _per_session(p) is None and readers.format_for(rendering_type(rendering, p)) is fmt]
    # What the format may drop is taken out of both sides: kept or dropped, it is not compared.
    documents = {path: readers.without(document, fmt.drop) for path, document in documents.items()}
    if fmt.has_items:
        parsers = documents[exporter.filename].items
        for parser in parsers:
            items = [item for path in main for item in documents[path].items.get(parser, [])]
            assert len(items) == len(included), (
                f"nothing lost: {name} ({parser}) has {len(items)} items for the {len(included)} "
                f"sessions it reports included ({included})"
            )
            matched = _match(included, items, lambda s, item: not _missing(wanted[s], item.holds))
            for ident in included:
                if ident not in matched:
                    best = max(items, key=lambda item: -len(_missing(wanted[ident], item.holds)), default=None)
                    gone = _missing(wanted[ident], best.holds) if best else wanted[ident]
                    raise AssertionError(
                        f"nothing lost: {name} ({parser}): no item holds every text of session {ident!r}; "
                        f"the closest ({best.label if best else None}) lacks {gone!r}",
                    )
    elif fmt.has_anchors:
        anchors: dict[str, str] = {}
        for path in main:
            anchors.update(documents[path].anchors)
        # A session's own page (sessions/<id>/index.html) holds all of it; else its anchor must.
        own_pages = {path.split("/")[1]: path for path in main if re.fullmatch(r"sessions/[^/]+/index\.html", path)}
        for ident in included:
            if ident in own_pages:
                page = documents[own_pages[ident]]
                gone = _missing(wanted[ident], lambda piece, page=page: page.holds(piece))
                assert not gone, f"nothing lost: {name}: the page {own_pages[ident]} lacks {gone!r}"
                continue
            assert ident in anchors, f"nothing lost: {name} has no element with id={ident!r} (the session's anchor)"
            gone = _missing(wanted[ident], lambda piece, text=anchors[ident]: piece in text)
            assert not gone, f"nothing lost: {name}: the element #{ident} lacks {gone!r}"
        for ident in omitted:
            assert ident not in anchors, f"nothing lost: {name} reports {ident!r} left out but has its anchor"
    else:
        for ident in included:
            gone = _missing(wanted[ident], lambda piece: any(documents[p].holds(piece) for p in main))
            assert not gone, f"nothing lost: {name}: the texts of session {ident!r} lack {gone!r}"
    for path, document in documents.items():
        ident = _per_session(path)
        if ident is None or not fmt.has_items:
            continue
        assert ident in included, f"nothing lost: {name} wrote {path} for a session it does not include"
        for parser, items in document.items.items():
            assert len(items) == 1, f"{name} {path} ({parser}) holds {len(items)} items, not one"
            gone = _missing(wanted[ident], items[0].holds)
            assert not gone, f"nothing lost: {name} {path} ({parser}) lacks {gone!r}"


def rendering_type(rendering: Rendering, path: str) -> str:
    return next(f.media_type for f in rendering.every_file() if f.path == path)


def _first_difference(a: Any, b: Any, where: str = "") -> str:
    if type(a) is not type(b):
        return f"{where}: {a!r:.200} != {b!r:.200}"
    if isinstance(a, list | tuple):
        for i, (x, y) in enumerate(zip(a, b, strict=False)):
            if x != y:
                return _first_difference(x, y, f"{where}[{i}]")
        if len(a) != len(b):
            extra = a[len(b) :] if len(a) > len(b) else b[len(a) :]
            return f"{where}: lengths {len(a)} != {len(b)}; extra {extra!r:.300}"
    if isinstance(a, dict):
        for key in sorted(set(a) | set(b), key=str):
            if a.get(key) != b.get(key):
                return _first_difference(a.get(key), b.get(key), f"{where}.{key}")
    return f"{where}: {a!r:.300} != {b!r:.300}"


def check_nothing_injected(
    programme: sf.Programme,
    exporter: Exporter,
    locale: str,
    rendering: Rendering,
    documents: dict[str, readers.Document],
) -> None:
    """The structure of every file is that of the same programme with plain placeholder texts."""
    plain = placeholder_programme(programme)
    plain_rendering = rendering_of(exporter, plain, locale)
    name = f"{exporter.name} {locale}"
    paths = [f.path for f in rendering.every_file()]
    plain_paths = [f.path for f in plain_rendering.every_file()]
    assert paths == plain_paths, f"nothing injected: {name} writes {paths} but {plain_paths} for plain texts"
    for output in plain_rendering.every_file():
        try:
            plain_doc = readers.read(output.content, output.media_type)
        except Exception as error:
            message = (
                f"nothing injected: {name} {output.path} is readable with the programme's texts but not "
                f"with plain placeholders of the same layout, so the texts shape its structure: "
                f"{type(error).__name__}: {error}"
            )
            raise AssertionError(message) from error
        real = documents[output.path].signature
        if real != plain_doc.signature:
            raise AssertionError(
                f"nothing injected: {name} {output.path}: the texts change its structure: "
                f"{_first_difference(real, plain_doc.signature)}",
            )


def check_deterministic(programme: sf.Programme, exporter: Exporter, locale: str, rendering: Rendering) -> None:
    """The same bytes again, and from the same programme rebuilt from its dict."""
    name = f"{exporter.name} {locale}"
    others = [(rendering_of(exporter, programme, locale), "rendered again")]
    rebuilt = sf.from_dict(sf.to_dict(programme))
    # A fresh programme sharing no object with the first; the same only when its repr is
    # (== holds for datetimes in other zones too, and the dict keeps no zone of previous_start).
    if repr(rebuilt) == repr(programme):
        others.append((rendering_of(exporter, rebuilt, locale), "rebuilt from its dict"))
    for other, how in others:
        first = {f.path: f.content for f in rendering.every_file()}
        second = {f.path: f.content for f in other.every_file()}
        assert list(first) == list(second), f"deterministic: {name} {how} writes other files"
        for path, content in first.items():
            assert content == second[path], f"deterministic: {name} {path} differs when {how}"


def check_exporter(
    programme: sf.Programme,
    exporter: Exporter,
    *,
    summary: BuildReport | None = None,
    promises: Sequence[str] = ("readable", "nothing lost", "nothing injected", "deterministic"),
) -> None:
    """Hold one exporter to every promise on one programme, in every locale; raise AssertionError."""
    for locale in programme.locales:
        rendering = rendering_of(exporter, programme, locale)
        check_paths(exporter, rendering)
        documents = read_all(exporter, rendering, locale)
        if "readable" in promises:
            check_readable(exporter, documents, locale)
        if "nothing lost" in promises:
            check_nothing_lost(programme, locale, exporter, rendering, documents, summary)
        if "nothing injected" in promises:
            check_nothing_injected(programme, exporter, locale, rendering, documents)
        if "deterministic" in promises:
            check_deterministic(programme, exporter, locale, rendering)


def check_every_exporter(programme: sf.Programme, exporters: Sequence[Exporter] | None = None) -> None:
    """Build the site, then hold every exporter to every promise; one error lists every failure."""
    chosen = list(iter_exporters()) if exporters is None else list(exporters)
    with tempfile.TemporaryDirectory() as tmp:
        summary = build_site(programme, Path(tmp) / "site", exporters=chosen)
    failures = []
    for exporter in chosen:
        try:
            check_exporter(programme, exporter, summary=summary)
        except AssertionError as error:
            failures.append(f"[{exporter.name}] {error}")
    assert not failures, "\n".join(failures)


# ------------------------------------------------------------------------------ tests


#: Each built-in exporter and the module it lives in.
BUILTINS = {
    "html": "html",
    "text": "text",
    "ical": "ical",
    "rss": "feeds",
    "atom": "feeds",
    "jsonld": "jsonld",
    "frab": "frab",
    "jcal": "jcal",
    "csv": "csv_table",
}


def test_every_builtin_that_exists_is_registered_and_read_fully():
    """The suite holds what the registry lists: every built-in whose module exists, with a reader of its type."""
    names = exporter_names()
    for name, module in BUILTINS.items():
        if (ROOT / "src" / "sessionfeed" / "exporters" / f"{module}.py").exists():
            assert name in names, f"exporters/{module}.py exists but {name!r} is not registered"
    for name in names:
        exporter = get_exporter(name)
        if name in BUILTINS:
            assert readers.format_for(exporter.media_type) is not None, (
                f"no reader for the built-in {name} ({exporter.media_type}): it would not be held fully"
            )


@settings(max_examples=PROMISE_EXAMPLES, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(programmes())
def test_every_exporter_keeps_every_promise(programme):
    """Readable, nothing lost, nothing injected, deterministic: every exporter, any programme."""
    check_every_exporter(programme)


def _example_names() -> list[str]:
    return sorted(p.name for p in EXAMPLES.glob("*.toml"))


def every_nasty_string() -> sf.Programme:
    """One session per nasty string, with the string inside its title, description, speaker and organisation.

    Every status in turn, both locales, a venue named with it too; all dated but two sessions
    known to the month only and not at all.
    """
    zone = zoneinfo.ZoneInfo("Europe/Amsterdam")
    orgs, people, sessions = [], [], []
    timed = sf.Timed(start=dt.datetime(2027, 3, 11, 14, tzinfo=zone), end=dt.datetime(2027, 3, 11, 15, tzinfo=zone))
    # Every string in a dated session (so in the calendars too), then the two precisions they cannot hold.
    whens: list[sf.When] = [timed, timed, sf.AllDay(start=dt.date(2027, 5, 10), end=dt.date(2027, 5, 12))]
    strings = [*NASTY, "\r\n".join(NASTY[:3]), "\x0b\x85"]
    for i, nasty in enumerate(strings):
        org = sf.Organisation(id=f"o{i}", name=sf.LocalizedText({"nl": f"Org{i}{nasty}nl", "en": f"Org{i}{nasty}en"}),
                              short_name=f"S{i}{nasty}s" if i % 2 else None)  # fmt: skip
        person = sf.Person(id=f"p{i}", name=f"Per{i}{nasty}son", affiliation=org)
        status = list(sf.Status)[i % len(sf.Status)]
        sessions.append(
            sf.Session(
                id=f"s{i}", kind=sf.BUILTIN_KINDS[i % len(sf.BUILTIN_KINDS)], language="en",
                title=sf.LocalizedText({"nl": f"Titel{i}{nasty}nl", "en": f"Title{i}{nasty}en"}),
                description=sf.LocalizedText({"en": f"Desc{i}{nasty}ription\n\nsecond {nasty} paragraph"}),
                when=whens[i % len(whens)] if i < len(NASTY) else [sf.Month(year=2027, month=6), sf.Unknown()][i % 2],
                status=status,
                previous_start=dt.datetime(2027, 1, 1, 10, tzinfo=zone) if status is sf.Status.RESCHEDULED else None,
                location=sf.Location(venue=sf.Venue(name=f"Hall{i}{nasty}x"), online=sf.Online(platform=f"Pl{nasty}")),
                participants=[sf.Participation(person=person, role=list(sf.Role)[i % len(sf.Role)])],
                organisers=[org],
            ),
        )  # fmt: skip
        orgs.append(org)
        people.append(person)
    return sf.Programme(
        id="nasty", title=sf.LocalizedText({"nl": "Nare <tekst> & zo", "en": "Nasty <text> & so"}),
        base_url="https://example.org/nasty/", locales=("nl", "en"), sessions=sessions, people=people,
        organisations=orgs, intro=sf.LocalizedText({"en": "".join(NASTY)}),
    )  # fmt: skip


@pytest.fixture(scope="module", params=[*_example_names(), "every-nasty-string"])
def nasty(request: pytest.FixtureRequest) -> sf.Programme:
    if request.param == "every-nasty-string":
        return every_nasty_string()
    return nasty_programme(sf.load(EXAMPLES / request.param), offset=len(request.param))


@pytest.fixture(scope="module")
def nasty_summary(nasty: sf.Programme, tmp_path_factory: pytest.TempPathFactory) -> BuildReport:
    return build_site(nasty, tmp_path_factory.mktemp("nasty") / "site")


@pytest.mark.parametrize("promise", ["readable", "nothing lost", "nothing injected", "deterministic"])
@pytest.mark.parametrize("name", exporter_names())
def test_nasty_examples(name: str, promise: str, nasty: sf.Programme, nasty_summary: BuildReport):
    """Each promise of each exporter on the examples with every nasty string in every text."""
    check_exporter(nasty, get_exporter(name), summary=nasty_summary, promises=(promise,))


def test_placeholders_keep_layout():
    """The placeholder of a text keeps its lines, blank lines, controls and equalities."""
    programme = sf.load(EXAMPLES / "upcoming-demo.toml")
    weird = map_texts(programme, lambda t: f" \t{t}\r\n\n\x00 é\u2028 {t} ")
    plain = placeholder_programme(weird)
    title = plain.sessions[0].title.items[0][1]
    assert title.startswith(" \tx"), title
    assert "\r\n\n\x00 x\u2028 " in title, title
    assert set(title) <= set(" \t\r\n\x00\u2028x0123456789"), title
    assert plain == placeholder_programme(weird), "placeholders are not the same every time"
    names = [p.name for p in plain.people]
    assert len(set(names)) == len(names), "different texts got the same placeholder"
    zoe = next(p for p in plain.people if p.id == "zoe")
    dialogue = next(o for o in plain.organisations if o.id == "open-dialogue")
    assert zoe.affiliation == dialogue, "equal texts got different placeholders"


# -------------------------------------------------------------------- determinism


def _shuffled(seed: int) -> Callable[[list[str]], list[str]]:
    rng = random.Random(seed)

    def order(keys: list[str]) -> list[str]:
        keys = list(keys)
        rng.shuffle(keys)
        return keys

    return order


def _site(programme: sf.Programme, out: Path) -> dict[str, str]:
    build_site(programme, out, now=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    return readers.tree_digest(out)


@pytest.mark.parametrize("example", _example_names())
def test_key_order_does_not_change_bytes(example: str, tmp_path: Path):
    """The same programme file with its tables and keys in other orders builds the same bytes."""
    data = sf.to_dict(sf.load(EXAMPLES / example))
    digests = []
    for seed in range(3):
        path = tmp_path / f"{seed}.toml"
        path.write_text(readers.toml_dumps(data, order=_shuffled(seed) if seed else list), encoding="utf-8")
        digests.append(_site(sf.load(path), tmp_path / f"site-{seed}"))
    for seed, digest in enumerate(digests[1:], 1):
        changed = sorted(k for k in set(digest) | set(digests[0]) if digest.get(k) != digests[0].get(k))
        assert not changed, f"the same programme with keys in order {seed} builds other bytes: {changed}"


def test_text_in_no_locale_asked_for_does_not_depend_on_key_order(tmp_path: Path):
    """A text missing the page's locale and the default one falls back the same whatever its key order."""
    base = sf.to_dict(sf.load(EXAMPLES / "upcoming-demo.toml"))
    base["locales"] = ["nl", "en", "de"]
    base["untranslated_locales"] = ["de"]  # no German catalog: its pages have English words
    digests = []
    for order in (["en", "de"], ["de", "en"]):
        data = dict(base)
        session = dict(data["sessions"][0])
        session["title"] = {locale: f"Titel {locale}" for locale in order}
        data["sessions"] = [session, *data["sessions"][1:]]
        path = tmp_path / f"{'-'.join(order)}.toml"
        path.write_text(readers.toml_dumps(data), encoding="utf-8")
        digests.append(_site(sf.load(path), tmp_path / f"site-{'-'.join(order)}"))
    changed = sorted(k for k in digests[0] if digests[0][k] != digests[1].get(k))
    assert not changed, (
        "the title of a session with only 'en' and 'de' texts, published in 'nl' (default 'nl'), "
        f"depends on the order of the keys in the file: {changed}"
    )


_CHILD = """
import datetime as dt, hashlib, json, sys
from pathlib import Path
import sessionfeed as sf
from sessionfeed.site.build import build_site
out = Path(sys.argv[2])
build_site(sf.load(sys.argv[1]), out, now=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
print(json.dumps({p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                  for p in sorted(out.rglob("*")) if p.is_file()}))
"""


@pytest.mark.parametrize("example", _example_names())
def test_hash_seed_does_not_change_bytes(example: str, tmp_path: Path):
    """Builds in processes with different PYTHONHASHSEED write the same bytes."""
    source = tmp_path / "nasty.toml"
    source.write_text(readers.toml_dumps(sf.to_dict(nasty_programme(sf.load(EXAMPLES / example)))), encoding="utf-8")
    trees = []
    for seed in ("0", "1", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "SOURCE_DATE_EPOCH": "1767225600"}
        result = subprocess.run(
            [sys.executable, "-c", _CHILD, str(source), str(tmp_path / f"site-{seed}")],
            capture_output=True, text=True, env=env, check=False, timeout=120,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        trees.append(result.stdout)
    assert trees[0] == trees[1] == trees[2]


# ------------------------------------------------------------------- faulty plugins


@pytest.fixture
def faulty_plugins(monkeypatch: pytest.MonkeyPatch) -> Iterable[dict[str, Exporter]]:
    """The exporters of tests/data/faulty_plugin, installed through a real entry point."""
    monkeypatch.syspath_prepend(str(FAULTY))
    clear_cache()
    try:
        found = {e.name: e for e in iter_exporters() if e.name.startswith("faulty-")}
        yield found
    finally:
        monkeypatch.undo()
        sys.modules.pop("faulty_sessionfeed_exporters", None)
        clear_cache()


#: Each deliberately broken exporter, the promise it breaks and the text that shows it.
FAULTS = {
    "faulty-rss": ("readable", "a <b>bold</b> & brave title"),
    "faulty-ics": ("readable", "Q&A; part 1, part 2"),
    "faulty-ics-newline": ("nothing injected", "Title\nX-INJECTED:yes"),
    "faulty-html": ("nothing injected", '<img src=x onerror="alert(1)">'),
    # The JSON ends at "</script>", so the JSON-LD block no longer parses: caught as unreadable.
    "faulty-jsonld-script": ("readable", "</script><script>alert(1)</script>"),
    "faulty-forgetful": ("nothing lost", "any title"),
    "faulty-unstable": ("deterministic", "any title"),
}


def _one_session(title: str) -> sf.Programme:
    """A one-session programme whose title is ``title``."""
    zone = zoneinfo.ZoneInfo("Europe/Amsterdam")
    org = sf.Organisation(id="org", name=sf.LocalizedText({"en": "Org & Co"}))
    person = sf.Person(id="ann", name="Ann <Smith>", affiliation=org)
    session = sf.Session(
        id="s1", kind="webinar", title=sf.LocalizedText({"en": title}), language="en",
        description=sf.LocalizedText({"en": f"About {title}"}),
        when=sf.Timed(start=dt.datetime(2027, 3, 11, 14, tzinfo=zone), end=dt.datetime(2027, 3, 11, 15, tzinfo=zone)),
        participants=[sf.Participation(person=person, role=sf.Role.SPEAKER)],
    )  # fmt: skip
    return sf.Programme(
        id="faulty", title=sf.LocalizedText({"en": "Faulty"}), base_url="https://example.org/p/",
        locales=("en",), sessions=[session], people=[person], organisations=[org],
    )  # fmt: skip


def test_faulty_plugins_are_registered(faulty_plugins: dict[str, Exporter]):
    """A plugin's exporters are in iter_exporters(), which is what the suite holds to the promises."""
    assert set(faulty_plugins) == set(FAULTS)


@pytest.mark.parametrize("name", sorted(FAULTS))
def test_faulty_plugins_are_caught(name: str, faulty_plugins: dict[str, Exporter]):
    """Each deliberately broken exporter fails the very checks every exporter passes."""
    promise, title = FAULTS[name]
    programme = _one_session(title)
    exporter = faulty_plugins[name]
    with pytest.raises(AssertionError, match=f"^{promise}: {exporter.name} "):
        check_exporter(programme, exporter, promises=(promise,))
    # The very same checks pass on every other registered exporter for this programme.
    check_every_exporter(programme, [e for e in iter_exporters() if not e.name.startswith("faulty-")])


def test_hypothesis_finds_the_unescaped_feed(faulty_plugins: dict[str, Exporter]):
    """Generated programmes alone find the feed that skips escaping: the suite needs no hint."""
    from hypothesis import find

    def broken(programme: sf.Programme) -> bool:
        try:
            check_exporter(programme, faulty_plugins["faulty-rss"], promises=("readable",))
        except AssertionError:
            return True
        return False

    # No shrinking: finding one is the point, and shrinking these programmes takes a minute.
    quick = settings(max_examples=200, database=None, phases=[Phase.generate], suppress_health_check=list(HealthCheck))
    found = find(programmes(max_sessions=2), broken, settings=quick)
    assert broken(found)


def test_unsafe_plugin_file_names_are_refused(tmp_path: Path):
    """No path outside the output folder: a plugin's file name or output path with '..' is refused."""
    from sessionfeed.exceptions import BuildError
    from sessionfeed.exporters.base import OutputFile

    class Escaping:
        name, title, media_type, filename = "escaping", "Escaping", "text/plain", "ok.txt"

        def export(self, programme: sf.Programme, *, locale: str) -> bytes:
            return b"x"

    class EscapingRender(BaseExporter):
        name, title, media_type, filename = "escaping-render", "Escaping", "text/plain", "ok.txt"

        def render(self, programme: sf.Programme, context: Context) -> Rendering:
            return Rendering(files=[OutputFile(path="ok.txt", content=b"x", media_type="text/plain"),
                                    OutputFile(path="../../evil.txt", content=b"x", media_type="text/plain")])  # fmt: skip

    programme = _one_session("t")
    for bad in ("../evil.txt", "/etc/evil", "a/../../b", ".hidden", "a\\b", ""):
        assert check_output_path(bad) is not None, bad
    site = tmp_path / "site"
    with pytest.raises(BuildError):
        build_site(programme, site, exporters=[EscapingRender()])
    assert not (tmp_path / "evil.txt").exists()
    assert not any(p.name == "evil.txt" for p in tmp_path.rglob("*"))
    build_site(programme, site, exporters=[Escaping()])
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()) == [
        ".sessionfeed-state.json", "en/ok.txt", "index.html", "style.css",
    ]  # fmt: skip
