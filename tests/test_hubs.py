"""Hub pages: a page per person, organisation, topic, language and kind; the links to them; the choices.

Each hub's sessions are worked out here from the model by the plain definition
of each facet, never by ``sessionfeed.model.facets``; the pages are read back
with two parsers (html5lib and lxml).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import zoneinfo
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import attrs
import html5lib
import lxml.html
import pytest
from hypothesis import given, settings

import google_rich_results as rich
import sessionfeed as sf
from sessionfeed.exporters.base import Context
from sessionfeed.exporters.html import HTMLExporter, build_page, hub_page as hubs
from sessionfeed.exporters.html.timeline import timeline
from sessionfeed.model.revisions import advance
from sessionfeed.site.layout import session_url
from sessionfeed.words.escaping import html_clean
from strategies import programmes


NOW = dt.datetime(2026, 12, 1, 12, tzinfo=dt.UTC)
NS = "{http://www.w3.org/1999/xhtml}"
AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")


# ------------------------------------------------------------------ the model, by definition


def _ancestors(org: sf.Organisation | None) -> list[str]:
    found: list[str] = []
    while org is not None and org.id not in found:
        found.append(org.id)
        org = org.parent
    return found


def expected(programme: sf.Programme) -> dict[tuple[str, str], set[str]]:
    """Each facet value's sessions, by the plain definition of each facet."""
    found: dict[tuple[str, str], set[str]] = {}
    for session in programme.sessions:
        values: set[tuple[str, str]] = {("tags", tag.id) for tag in session.tags}
        values |= {("people", p.person.id) for p in session.participants}
        values |= {("languages", session.language), ("kinds", session.kind)}
        orgs = {o.id for o in (*session.organisers, *session.supporters)}
        for p in session.participants:
            orgs |= set(_ancestors(p.person.affiliation))
        values |= {("organisations", org) for org in orgs}
        for facet, value in values:
            if sf.Facet(facet) in programme.facets:
                found.setdefault((facet, value), set()).add(session.id)
    return found


# ------------------------------------------------------------------ reading pages


def parse(text: str) -> Any:
    return html5lib.parse(text, namespaceHTMLElements=False)


def text_of(element: Any) -> str:
    return "".join(element.itertext())


def section(tree: Any, ident: str) -> Any:
    return next(e for e in tree.iter() if e.get("id") == ident)


def session_links(tree: Any) -> list[str]:
    """The URLs of the sessions a hub page lists, in its order."""
    return [a.get("href") for a in section(tree, "_sessions").iter("a")]


def ids_of(urls: list[str]) -> list[str]:
    """The session ids of page URLs on this site (``…/sessions/<id>/``)."""
    return [urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1] for url in urls]


def urls_of(programme: sf.Programme, locale: str, ids: set[str]) -> set[str]:
    return {session_url(programme, programme.session(i), locale) for i in ids}


def file_of(site: Path, url: str, base: str) -> Path:
    """The built file a URL of the site names."""
    path = url.split("#", 1)[0].removeprefix(base)
    return site / (path + "index.html" if path.endswith("/") or not path else path)


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory: pytest.TempPathFactory, demo_programme: sf.Programme) -> Path:
    site = tmp_path_factory.mktemp("hubs") / "site"
    sf.build_site(demo_programme, site, exporters=[HTMLExporter()], now=NOW)
    return site


@pytest.fixture(scope="module")
def family() -> sf.Programme:
    """A programme with an organisation under another, people of both, topics, two languages."""
    giz = sf.Organisation(id="giz", name=sf.LocalizedText({"en": "GIZ"}), url="https://giz.example/")
    igs = sf.Organisation(
        id="igs",
        name=sf.LocalizedText({"en": "Initiative for Global Solidarity"}),
        short_name="IGS",
        parent=giz,
    )
    lone = sf.Organisation(id="lone", name=sf.LocalizedText({"en": "Lone"}))
    ana = sf.Person(
        id="ana", name="Ana", affiliation=igs, url="https://ana.example/",
        job_title=sf.LocalizedText({"en": "Researcher"}), same_as=("https://social.example/@ana",),
    )  # fmt: skip
    bo = sf.Person(id="bo", name="Bo", affiliation=giz)
    cy = sf.Person(id="cy", name="Cy")
    tag = sf.Tag(id="remedy", label=sf.LocalizedText({"en": "remedy"}))

    def session(ident: str, day: int, *parts: tuple[sf.Person, str], **fields: Any) -> sf.Session:
        start = dt.datetime(2026, 11 if day < 0 else 12, abs(day), 10, tzinfo=AMS)
        return sf.Session(
            id=ident, kind=fields.pop("kind", "webinar"), language=fields.pop("language", "en"),
            title=sf.LocalizedText({"en": f"Session {ident}"}),
            when=sf.Timed(start=start, end=start + dt.timedelta(hours=1)),
            participants=[sf.Participation(person=p, role=role) for p, role in parts], **fields,
        )  # fmt: skip

    sessions = (
        session("a", 5, (ana, "speaker"), (bo, "moderator"), tags=[tag]),
        session("b", -3, (ana, "moderator")),
        session("c", 9, (ana, "speaker"), (ana, "moderator"), language="nl"),
        session("d", 12, (cy, "speaker"), organisers=[lone], kind="workshop"),
        session("e", -8, (bo, "speaker"), tags=[tag]),
    )
    return sf.Programme(
        id="fam", title=sf.LocalizedText({"en": "Family"}), base_url="https://example.org/fam/",
        locales=("en",), sessions=sessions, people=(ana, bo, cy), organisations=(giz, igs, lone), tags=(tag,),
    )  # fmt: skip


@pytest.fixture(scope="module")
def family_site(tmp_path_factory: pytest.TempPathFactory, family: sf.Programme) -> Path:
    site = tmp_path_factory.mktemp("family") / "site"
    sf.build_site(family, site, exporters=[HTMLExporter()], now=NOW)
    return site


def hub_files(site: Path, locale: str) -> dict[tuple[str, str], Path]:
    found = {}
    for facet in sf.Facet:
        folder = site / locale / facet.value
        if folder.is_dir():
            for page in sorted(folder.glob("*/index.html")):
                found[facet.value, page.parent.name] = page
    return found


# ------------------------------------------------------------------ each hub lists its sessions


@pytest.mark.parametrize("which", ["demo", "family"])
def test_each_hub_lists_exactly_its_sessions_coming_then_past(
    which: str, request: pytest.FixtureRequest
) -> None:
    programme: sf.Programme = request.getfixturevalue("demo_programme" if which == "demo" else "family")
    site: Path = request.getfixturevalue(f"{which}_site")
    wanted = expected(programme)
    line = timeline(programme, NOW)
    coming = {s.id for s in line.upcoming}
    for locale in programme.locales:
        files = hub_files(site, locale)
        assert set(files) == set(wanted)
        for (facet, value), path in files.items():
            text = path.read_text(encoding="utf-8")
            tree = parse(text)
            listed = session_links(tree)
            assert set(listed) == urls_of(programme, locale, wanted[facet, value]), (facet, value)
            if facet != "people":  # a person's are under each role they play
                assert len(listed) == len(set(listed))
                coming_urls = urls_of(programme, locale, coming)
                first_past = next((i for i, u in enumerate(listed) if u not in coming_urls), len(listed))
                assert all(u not in coming_urls for u in listed[first_past:])
            # lxml reads the same links.
            other = lxml.html.fromstring(text.encode("utf-8"))
            assert other.xpath('//section[@id="_sessions"]//a/@href') == listed


def test_a_persons_sessions_are_under_each_role_they_play(family_site: Path, family: sf.Programme) -> None:
    tree = parse((family_site / "en/people/ana/index.html").read_text(encoding="utf-8"))
    by_role: dict[str, list[str]] = {}
    for group in tree.iter("section"):
        if group.get("class") == "role-group":
            heading = text_of(group.find("h3"))
            by_role[heading] = [a.get("href").rstrip("/").rsplit("/", 1)[-1] for a in group.iter("a")]
    # Ana moderates b (past) and c (coming), speaks at a and c (coming): coming first, then past.
    assert by_role == {"Moderators": ["c", "b"], "Speakers": ["a", "c"]}
    about = text_of(next(e for e in tree.iter("section") if e.get("class") == "about"))
    assert "Researcher" in about
    links = {a.get("href"): text_of(a) for a in tree.iter("a")}
    assert links["https://example.org/fam/en/organisations/igs/"] == "Initiative for Global Solidarity (IGS)"
    assert links["https://ana.example/"] == "https://ana.example/"
    assert links["https://social.example/@ana"] == "https://social.example/@ana"


def test_an_organisations_page_has_its_parent_children_and_people(family_site: Path) -> None:
    giz = parse((family_site / "en/organisations/giz/index.html").read_text(encoding="utf-8"))
    hrefs = [a.get("href") for a in giz.iter("a")]
    assert "https://example.org/fam/en/organisations/igs/" in hrefs  # the organisation under it
    members = next(ul for ul in giz.iter("ul") if ul.get("class") == "members")
    # Bo is of GIZ, Ana of IGS, which is part of GIZ: both are GIZ's people.
    assert [(text_of(a), a.get("href")) for a in members.iter("a")] == [
        ("Ana", "https://example.org/fam/en/people/ana/"),
        ("Bo", "https://example.org/fam/en/people/bo/"),
    ]
    igs = parse((family_site / "en/organisations/igs/index.html").read_text(encoding="utf-8"))
    assert "https://example.org/fam/en/organisations/giz/" in [a.get("href") for a in igs.iter("a")]
    assert ids_of(session_links(igs)) == ["a", "c", "b"]  # Ana's sessions: coming, then past


# ------------------------------------------------------------------ head, subscribe, links resolve


@pytest.mark.parametrize("which", ["demo", "family"])
def test_every_link_of_the_site_to_itself_resolves(which: str, request: pytest.FixtureRequest) -> None:
    """Hub pages, session pages and programme pages: every link into the site names a built file."""
    programme: sf.Programme = request.getfixturevalue("demo_programme" if which == "demo" else "family")
    site: Path = request.getfixturevalue(f"{which}_site")
    base = programme.base_url
    ours = {"", "sessions", "archive", "upcoming", *(f.value for f in sf.Facet)}
    checked = 0
    for page in site.rglob("*.html"):
        for a in parse(page.read_text(encoding="utf-8")).iter("a"):
            href = a.get("href") or ""
            locale, _, rest = href.removeprefix(base).partition("/")
            if not href.startswith(base) or locale not in programme.locales or rest.split("/")[0] not in ours:
                continue  # not a page of the site (a registration page under the same address)
            if href.endswith((".ics", ".rss", ".atom", ".txt")):
                continue  # the calendars and feeds are other exporters' files
            assert file_of(site, href, base).is_file(), (page, href)
            checked += 1
    assert checked > 50


def test_hub_heads_announce_their_feeds_and_alternates(demo_site: Path, demo_programme: sf.Programme) -> None:
    base = demo_programme.base_url
    for locale in demo_programme.locales:
        for (facet, value), path in hub_files(demo_site, locale).items():
            tree = parse(path.read_text(encoding="utf-8"))
            links = [link.attrib for link in tree.find("head").iter("link")]
            folder = f"{base}{locale}/{facet}/{value}/"
            feeds = {a["type"]: a["href"] for a in links if a.get("rel") == "alternate" and "type" in a}
            assert feeds == {
                "application/rss+xml": folder + "feed.rss",
                "application/atom+xml": folder + "feed.atom",
                "text/calendar": folder + "calendar.ics",
            }
            assert all(" — " in a["title"] for a in links if "type" in a)  # "Programme — Maria Mora (RSS)"
            assert [a["href"] for a in links if a.get("rel") == "canonical"] == [folder]
            hreflang = {a["hreflang"]: a["href"] for a in links if "hreflang" in a}
            assert hreflang == {
                **{other: f"{base}{other}/{facet}/{value}/" for other in demo_programme.locales},
                "x-default": f"{base}{demo_programme.default_locale}/{facet}/{value}/",
            }
            subscribe = next(s for s in tree.iter("section") if s.get("class") == "subscribe")
            hrefs = [a.get("href") for a in subscribe.iter("a")]
            assert hrefs[0] == "webcal://" + folder.removeprefix("https://") + "calendar.ics"
            assert folder + "feed.rss" in hrefs
            assert folder + "feed.atom" in hrefs
            assert next(subscribe.iter("input")).get("value") == folder + "calendar.ics"
            back = [p.find("a").get("href") for p in tree.iter("p") if p.get("class") == "back"]
            assert f"{base}{locale}/" in back


def test_session_pages_and_cards_link_people_organisations_and_topics(
    family_site: Path, family: sf.Programme
) -> None:
    base = "https://example.org/fam/en/"
    page = parse((family_site / "en/sessions/a/index.html").read_text(encoding="utf-8"))
    hrefs = {a.get("href"): text_of(a) for a in page.iter("a")}
    assert hrefs[base + "people/ana/"] == "Ana"
    assert hrefs[base + "organisations/igs/"] == "Initiative for Global Solidarity, IGS"
    assert hrefs[base + "people/bo/"] == "Bo"
    assert hrefs[base + "organisations/giz/"] == "GIZ"
    assert hrefs[base + "tags/remedy/"] == "remedy"
    card = parse(str(sf.embed(family, locale="en", session="d")))
    card_links = {a.get("href"): text_of(a) for a in card.iter("a")}
    assert card_links[base + "people/cy/"] == "Cy"
    assert card_links[base + "organisations/lone/"] == "Lone"  # in the organisers' sentence
    organisers = next(p for p in card.iter("p") if p.get("class") == "organisers")
    assert text_of(organisers) == "Organised by Lone."


def test_a_facet_switched_off_has_no_pages_and_no_links(tmp_path: Path, family: sf.Programme) -> None:
    only_tags = attrs.evolve(family, facets=(sf.Facet.TAGS,))
    site = tmp_path / "site"
    sf.build_site(only_tags, site, exporters=[HTMLExporter()], now=NOW)
    assert set(hub_files(site, "en")) == {("tags", "remedy")}
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for facet in ("people", "organisations", "languages", "kinds"):
            assert f"/en/{facet}/" not in text, (page, facet)
    page = parse((site / "en/sessions/a/index.html").read_text(encoding="utf-8"))
    assert "https://example.org/fam/en/tags/remedy/" in [a.get("href") for a in page.iter("a")]
    nothing = tmp_path / "none"
    sf.build_site(attrs.evolve(family, facets=()), nothing, exporters=[HTMLExporter()], now=NOW)
    assert hub_files(nothing, "en") == {}
    assert "_follow" not in (nothing / "en/index.html").read_text(encoding="utf-8")


# ------------------------------------------------------------------ on demand, pages, sitemap


def test_render_selection_gives_the_bytes_the_build_writes(
    demo_site: Path, demo_programme: sf.Programme
) -> None:
    revisions, _ = advance(demo_programme, None, now=NOW)
    chosen = tuple(sf.selections(demo_programme, demo_programme.facets))
    for locale in demo_programme.locales:
        context = Context(locale=locale, revisions=revisions, now=NOW, selections=chosen)
        for selection in chosen:
            (output,) = HTMLExporter().render_selection(demo_programme, context, selection)
            assert output.path == f"{selection.facet}/{selection.id}/index.html"
            assert output.content == (demo_site / locale / output.path).read_bytes(), output.path


def test_a_large_hub_goes_on_over_further_pages(
    tmp_path: Path, family: sf.Programme, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(hubs, "PAGE_SIZE", 2)
    from sessionfeed.exporters.html import timeline as line_module

    monkeypatch.setattr(line_module, "PAGE_SIZE", 2)
    site = tmp_path / "site"
    sf.build_site(family, site, exporters=[HTMLExporter()], now=NOW)
    folder = site / "en/languages/en"
    pages = [folder / "index.html", folder / "2/index.html"]
    assert [p.is_file() for p in pages] == [True, True]
    assert not (folder / "3").exists()
    listed = []
    for number, path in enumerate(pages, start=1):
        tree = parse(path.read_text(encoding="utf-8"))
        listed += ids_of(session_links(tree))
        rel = {a.get("rel"): a.get("href") for a in tree.iter("a") if a.get("rel")}
        if number == 1:
            assert rel == {"next": "https://example.org/fam/en/languages/en/2/"}
        else:
            assert rel == {"prev": "https://example.org/fam/en/languages/en/"}
    assert listed == ["a", "d", "e", "b"]  # coming soonest first, then past newest first
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://example.org/fam/en/languages/en/2/</loc>" in sitemap


def test_the_sitemap_lists_every_hub_page_with_its_alternates(
    demo_site: Path, demo_programme: sf.Programme
) -> None:
    from lxml import etree

    tree = etree.parse(str(demo_site / "sitemap.xml"))
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    locs = {
        u.findtext("s:loc", namespaces=ns): {
            a.get("hreflang"): a.get("href") for a in u.findall("x:link", ns)
        }
        for u in tree.getroot().findall("s:url", ns)
    }
    base = demo_programme.base_url
    for facet, value in expected(demo_programme):
        for locale in demo_programme.locales:
            alternates = locs[f"{base}{locale}/{facet}/{value}/"]
            assert alternates["x-default"] == f"{base}{demo_programme.default_locale}/{facet}/{value}/"
            assert {k for k in alternates if k != "x-default"} == set(demo_programme.locales)


# ------------------------------------------------------------------ JSON-LD


def _jsonld(path: Path) -> dict[str, Any]:
    tree = parse(path.read_text(encoding="utf-8"))
    (script,) = [s for s in tree.iter("script") if s.get("type") == "application/ld+json"]
    document: dict[str, Any] = json.loads(script.text)
    return document


def test_hub_jsonld_passes_googles_rules(family_site: Path, demo_site: Path) -> None:
    ana = _jsonld(family_site / "en/people/ana/index.html")
    assert ana["@type"] == "ProfilePage"
    assert ana["mainEntity"]["@type"] == "Person"
    assert ana["mainEntity"]["name"] == "Ana"
    assert ana["mainEntity"]["sameAs"] == "https://social.example/@ana"
    assert ana["mainEntity"]["affiliation"]["@id"] == "https://example.org/fam/#org-igs"
    giz = _jsonld(family_site / "en/organisations/giz/index.html")
    assert giz["mainEntity"]["@type"] == "Organization"
    assert [o["@id"] for o in giz["mainEntity"]["subOrganization"]] == ["https://example.org/fam/#org-igs"]
    igs = _jsonld(family_site / "en/organisations/igs/index.html")
    assert igs["mainEntity"]["parentOrganization"]["@id"] == "https://example.org/fam/#org-giz"
    tag = _jsonld(family_site / "en/tags/remedy/index.html")
    assert tag["@type"] == "CollectionPage"
    assert [i["url"] for i in tag["mainEntity"]["itemListElement"]] == [
        "https://example.org/fam/en/sessions/a/", "https://example.org/fam/en/sessions/e/",
    ]  # fmt: skip
    for site in (family_site, demo_site):
        for path in site.glob("*/*/*/index.html"):
            if path.parts[-3] in {f.value for f in sf.Facet}:
                document = _jsonld(path)
                assert rich.errors(document) == [], path


# ------------------------------------------------------------------ the programme page's choices


def test_the_programme_page_offers_topics_languages_and_the_busiest_people(tmp_path: Path) -> None:
    people = [sf.Person(id=f"p{n:02d}", name=f"Person {n:02d}") for n in range(12)]
    sessions = []
    for n in range(12):
        start = dt.datetime(2027, 1, n + 1, 10, tzinfo=AMS)
        # Person k speaks at sessions k.., so person 0 has 12 sessions, person 11 one.
        sessions.append(
            sf.Session(
                id=f"s{n:02d}",
                kind="webinar",
                language="en" if n % 2 else "nl",
                title=sf.LocalizedText({"en": f"S{n}"}),
                when=sf.Timed(start=start, end=start + dt.timedelta(hours=1)),
                participants=[sf.Participation(person=p, role="speaker") for p in people[: n + 1]],
            )
        )
    programme = sf.Programme(
        id="c", title=sf.LocalizedText({"en": "C"}), base_url="https://example.org/c/", locales=("en",),
        sessions=tuple(sessions), people=tuple(people),
    )  # fmt: skip
    tree = parse(build_page(programme, "en", now=NOW))
    choices = section(tree, "_follow")
    children = list(choices)
    groups = {text_of(h): children[i + 1] for i, h in enumerate(children) if h.tag == "h3"}
    assert list(groups) == ["Languages", "People"]  # no topics in this programme
    # Person 00 holds every session (the whole programme again): not offered; then the next ten.
    assert [text_of(a) for a in groups["People"].iter("a") if a.get("href").endswith("/")] == [
        f"Person {n:02d}" for n in range(1, 11)
    ]
    first = groups["People"].find("li")
    hrefs = [a.get("href") for a in first.iter("a")]
    assert hrefs == [
        "https://example.org/c/en/people/p01/",
        "webcal://example.org/c/en/people/p01/calendar.ics",
        "https://example.org/c/en/people/p01/feed.rss",
        "https://example.org/c/en/people/p01/feed.atom",
    ]
    # Each feed link says whose it is to a screen reader.
    assert [text_of(a) for a in first.iter("a")][1:] == [
        "Calendar of Person 01", "RSS feed of Person 01", "Atom feed of Person 01",
    ]  # fmt: skip


# ------------------------------------------------------------------ hostile text


@settings(max_examples=25, deadline=None)
@given(programme=programmes(max_sessions=3))
def test_hostile_names_and_labels_stay_text_on_every_hub(programme: sf.Programme) -> None:
    """Names, labels and titles of any text: each hub page parses, the name is its h1, the JSON-LD its own."""
    revisions, _ = advance(programme, None, now=NOW)
    chosen = tuple(sf.selections(programme, programme.facets))
    wanted = expected(programme)
    for locale in programme.locales:
        context = Context(locale=locale, revisions=revisions, now=NOW, selections=chosen)
        labels = hubs.FacetLabels(programme, locale)
        for selection in chosen:
            (output,) = HTMLExporter().render_selection(programme, context, selection)
            tree = parse(output.content.decode("utf-8"))
            assert [s.get("type") for s in tree.iter("script")] == ["application/ld+json"]
            (h1,) = tree.iter("h1")
            assert text_of(h1) == html_clean(labels.label(selection.facet, selection.id).text)
            listed = session_links(tree)
            assert set(listed) == urls_of(programme, locale, wanted[selection.facet.value, selection.id])
            document = json.loads(next(tree.iter("script")).text)
            assert document["url"] == f"{programme.base_url}{locale}/{selection.facet}/{selection.id}/"


# ------------------------------------------------------------------ the Nu Html Checker


def test_vnu_validates_every_kind_of_hub(family_site: Path, demo_site: Path) -> None:
    from test_embed import _vnu

    command = _vnu()
    if command is None and os.environ.get("SESSIONFEED_REQUIRE_VNU"):
        pytest.fail("SESSIONFEED_REQUIRE_VNU is set but there is no Nu Html Checker")
    if command is None:
        pytest.skip("no Nu Html Checker: set SESSIONFEED_VNU to a vnu.jar or put vnu on PATH")
    files = [
        family_site / "en/people/ana/index.html",
        family_site / "en/organisations/giz/index.html",
        family_site / "en/organisations/igs/index.html",
        family_site / "en/tags/remedy/index.html",
        family_site / "en/languages/nl/index.html",
        family_site / "en/kinds/workshop/index.html",
        family_site / "en/index.html",
        family_site / "en/sessions/a/index.html",
        *sorted(demo_site.glob("*/*/*/index.html")),
    ]
    result = subprocess.run(
        [*command, "--format", "json", *map(str, files)],
        capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip
    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors = [m for m in messages if m.get("type") == "error" or m.get("subType") == "fatal"]
    assert errors == [], errors[:3]
