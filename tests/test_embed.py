"""Fragments to paste into another site: ``sessionfeed.embed``, ``sessionfeed embed``, and the Flask and Django examples."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import html5lib
import icalendar
import pytest
from hypothesis import given, strategies as st

import sessionfeed as sf
from _readers import read_html
from sessionfeed.fragments import ID_PREFIX
from sessionfeed.words.escaping import html_clean
from strategies import NASTY, programmes


#: The moment sites are built for in these tests.
NOW = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)


ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
DEMO = EXAMPLES / "upcoming-demo.toml"
PAGE_LEVEL = ("<html", "<head", "<body", "<!DOCTYPE", "<title", "<meta")


def parse_fragment(markup: str) -> Any:
    """Parse as the content of a <body>, strictly: any HTML5 parse error fails the test."""
    return html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parseFragment(markup)


def bare_page(fragment: sf.Fragment) -> str:
    """A bare HTML page with the fragment pasted in as an editor would: head links in the head, the rest in the body."""
    return (
        f'<!DOCTYPE html>\n<html lang="{fragment.locale}">\n<head>\n<meta charset="utf-8">\n<title>Host</title>\n'
        f"{fragment.head}\n</head>\n<body>\n"
        f'<h1 id="_sessions">The host page</h1>\n{fragment.html}\n{fragment.jsonld}\n</body>\n</html>\n'
    )


def parse_page(page: str) -> Any:
    return html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(page)


def jsonld_of(script: str) -> Any:
    (element,) = parse_fragment(script)
    assert element.tag == "script"
    assert element.get("type") == "application/ld+json"
    return json.loads(element.text)


# ------------------------------------------------------------------ the API


def test_one_sessions_card(demo_programme: sf.Programme) -> None:
    """One <article>, ids prefixed, no page-level markup, its own JSON-LD, head links; the page's card word for word."""
    session = demo_programme.sessions[0]
    fragment = sf.embed(demo_programme, locale="nl", session=session.id)
    assert (fragment.locale, fragment.session) == ("nl", session.id)
    for marker in PAGE_LEVEL:
        assert marker.lower() not in fragment.html.lower()
    (wrapper,) = parse_fragment(fragment.html)
    assert (wrapper.tag, wrapper.get("class"), wrapper.get("lang")) == ("div", "sessionfeed", "nl")
    (article,) = wrapper
    assert article.tag == "article"
    ids = [el.get("id") for el in wrapper.iter() if el.get("id") is not None]
    assert ids == [ID_PREFIX + session.id]
    # The full card (the feeds' too), with the session's title as its heading.
    assert html_clean(demo_programme.text(session.title, "nl").text) in "".join(article.find("h2").itertext())
    graph = jsonld_of(fragment.jsonld)["@graph"]
    events = [node for node in graph if node["@type"] in {"Event", "EducationEvent"}]
    assert [node["name"] for node in events] == [html_clean(demo_programme.text(session.title, "nl").text)]
    links = parse_fragment(fragment.head)
    assert {el.tag for el in links} == {"link"}
    assert {el.get("type") for el in links if el.get("rel") == "alternate"} >= {
        "application/rss+xml",
        "text/calendar",
    }
    assert str(fragment).startswith(fragment.head)


def test_the_whole_programme(demo_programme: sf.Programme) -> None:
    fragment = sf.embed(demo_programme, locale="en")
    assert fragment.session is None
    tree = parse_fragment(fragment.html)
    articles = [a.get("id") for a in tree[0].iter("article")]
    assert articles == [ID_PREFIX + s.id for s in demo_programme.sessions]
    assert all(el.get("id").startswith(ID_PREFIX) for el in tree[0].iter() if el.get("id") is not None)
    assert all(el.get("for", ID_PREFIX).startswith(ID_PREFIX) for el in tree[0].iter())
    assert all(el.get("aria-labelledby", ID_PREFIX).startswith(ID_PREFIX) for el in tree[0].iter())
    assert jsonld_of(fragment.jsonld)["@graph"]  # the programme's element (the list of its sessions' pages)


@pytest.mark.parametrize("session", [None, "hybrid-launch"])
def test_pasted_into_a_bare_page_it_validates(demo_programme: sf.Programme, session: str | None) -> None:
    """A bare page with the three parts pasted in parses strictly, its ids are unique (the host's too) and its JSON-LD parses."""
    page = bare_page(sf.embed(demo_programme, locale="en", session=session))
    parse_page(page)
    document = read_html(page.encode())
    assert document.errors == []
    assert "_sessions" in document.anchors  # the host's own id, not clashed with


def test_an_override_changes_pages_and_fragments_alike(tmp_path: Path, demo_programme: sf.Programme) -> None:
    folder = tmp_path / "tpl"
    (folder / "parts").mkdir(parents=True)
    (folder / "parts" / "recording.html").write_text(
        '<li><a class="rec" href="{{ recording.url }}">Watch</a></li>', encoding="utf-8"
    )
    (folder / "parts" / "player.html").write_text('<p class="own-player">{{ player.src }}</p>', encoding="utf-8")
    recorded = next(s for s in demo_programme.sessions if s.recording is not None)
    fragment = sf.embed(demo_programme, locale="en", session=recorded.id, templates=folder)
    assert f'<a class="rec" href="{recorded.recording.url}">Watch</a>' in fragment.html  # type: ignore[union-attr]
    report = sf.build_site(demo_programme, tmp_path / "site", templates=folder, now=NOW)
    assert report.outputs
    own = (tmp_path / "site" / "en" / "sessions" / recorded.id / "index.html").read_text(encoding="utf-8")
    assert f'<p class="own-player">{recorded.recording.url}</p>' in own  # type: ignore[union-attr]


def test_wrong_arguments_are_clear(demo_programme: sf.Programme) -> None:
    with pytest.raises(sf.ArgumentError, match="'nope' is not a session"):
        sf.embed(demo_programme, locale="en", session="nope")
    with pytest.raises(sf.ArgumentError, match="locale"):
        sf.embed(demo_programme, locale="fr")
    with pytest.raises(sf.ArgumentError):
        sf.embed("not a programme", locale="en")  # type: ignore[arg-type]


@given(programme=programmes(max_sessions=2), hostile=st.sampled_from(NASTY))
def test_hostile_text_cannot_break_out_of_a_fragment(programme: sf.Programme, hostile: str) -> None:
    """Any programme: the fragment parses strictly into one wrapper holding exactly its sessions; its JSON-LD parses."""
    fragment = sf.embed(programme, locale=programme.default_locale)
    (wrapper,) = parse_fragment(fragment.html)
    assert [a.get("id") for a in wrapper.iter("article")] == [ID_PREFIX + s.id for s in programme.sessions]
    assert list(wrapper.iter("script")) == []
    jsonld_of(fragment.jsonld)
    if programme.sessions:
        one = sf.embed(programme, locale=programme.default_locale, session=programme.sessions[0].id)
        (wrapper,) = parse_fragment(one.html)
        assert [a.get("id") for a in wrapper.iter("article")] == [ID_PREFIX + programme.sessions[0].id]


# ------------------------------------------------------------------ the command


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sessionfeed", "embed", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def test_the_command_prints_each_part(demo_programme: sf.Programme) -> None:
    fragment = sf.embed(demo_programme, locale="nl", session="night-owls")
    for part in ("html", "jsonld", "head"):
        result = run(str(DEMO), "--locale", "nl", "--session", "night-owls", "--part", part)
        assert result.returncode == 0, result.stderr
        assert result.stdout == getattr(fragment, part) + "\n"
    result = run(str(DEMO), "--locale", "nl", "--session", "night-owls")
    assert result.stdout == str(fragment) + "\n"
    whole = run(str(DEMO), "--locale", "en", "--part", "html")
    assert whole.stdout == sf.embed(demo_programme, locale="en").html + "\n"


def test_the_command_refuses_clearly(tmp_path: Path) -> None:
    result = run(str(DEMO), "--locale", "nl", "--session", "nope")
    assert result.returncode == 2
    assert result.stdout == ""
    assert "'nope' is not a session" in result.stderr
    assert "Traceback" not in result.stderr
    folder = tmp_path / "tpl"
    (folder / "parts").mkdir(parents=True)
    (folder / "parts" / "session.html").write_text("<article>\n{{ nothing }}\n</article>", encoding="utf-8")
    result = run(str(DEMO), "--templates", str(folder))
    assert result.returncode == 2
    assert (
        result.stderr.strip()
        == f"error: {folder / 'parts' / 'session.html'}:2: undefined variable: 'nothing' is undefined"
    )


# ------------------------------------------------------------------ the web-app examples


def _example(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def check_host_page(body: bytes, article_ids: list[str]) -> None:
    """The host's own page with the fragment in it: strict HTML5, the articles, JSON-LD that parses."""
    tree = parse_page(body.decode("utf-8"))
    assert [a.get("id") for a in tree.iter("article")] == [ID_PREFIX + i for i in article_ids]
    (script,) = tree.iter("script")
    json.loads(script.text)
    assert read_html(body).errors == []


def check_calendar(body: bytes, programme: sf.Programme) -> None:
    calendar = icalendar.Calendar.from_ical(body)
    dated = [s for s in programme.sessions if not isinstance(s.when, sf.Unknown | sf.Month)]
    assert len(list(calendar.walk("VEVENT"))) >= len(dated) > 0


def test_the_flask_example(demo_programme: sf.Programme) -> None:
    pytest.importorskip("flask")
    module = _example(EXAMPLES / "flask_app.py", "sessionfeed_flask_example")
    client = module.app.test_client()
    answer = client.get("/sessions/night-owls")
    assert answer.status_code == 200
    check_host_page(answer.data, ["night-owls"])
    check_host_page(client.get("/").data, [s.id for s in demo_programme.sessions])
    assert client.get("/sessions/nope").status_code == 404
    answer = client.get("/calendar.ics")
    assert answer.mimetype == "text/calendar"
    check_calendar(answer.data, demo_programme)
    site = client.get("/programme/en/")
    assert site.status_code == 200
    cards = [a.get("id") for a in parse_page(site.data.decode()).iter("article")]
    assert sorted(cards) == sorted(s.id for s in demo_programme.sessions)


def test_the_django_example(demo_programme: sf.Programme) -> None:
    pytest.importorskip("django")
    _example(EXAMPLES / "django_site" / "events.py", "sessionfeed_django_example")
    from django.test import Client

    client = Client()
    answer = client.get("/sessions/hybrid-launch")
    assert answer.status_code == 200
    check_host_page(answer.content, ["hybrid-launch"])
    check_host_page(client.get("/").content, [s.id for s in demo_programme.sessions])
    assert client.get("/sessions/nope").status_code == 404
    answer = client.get("/calendar.ics")
    assert answer["Content-Type"] == "text/calendar; charset=utf-8"
    check_calendar(answer.content, demo_programme)


@pytest.mark.parametrize(
    "script", [EXAMPLES / "flask_app.py", EXAMPLES / "django_site" / "events.py"], ids=["flask", "django"]
)
def test_the_examples_run_as_scripts(script: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
        timeout=120,
        env={**os.environ, "PYTHONWARNINGS": "error"},
    )
    assert result.returncode == 0, result.stderr
    assert "200" in result.stdout
    assert "404" in result.stdout


# ------------------------------------------------------------------ the Nu Html Checker


def _vnu() -> list[str] | None:
    """The command of the Nu Html Checker: $SESSIONFEED_VNU (a vnu.jar or a command), else ``vnu`` on PATH."""
    given = os.environ.get("SESSIONFEED_VNU")
    if given:
        return ["java", "-jar", given] if given.endswith(".jar") else [given]
    found = shutil.which("vnu")
    return [found] if found else None


def test_vnu_validates_the_pages_the_restyled_pages_and_pasted_fragments(
    tmp_path: Path, demo_programme: sf.Programme, seed_programme: sf.Programme
) -> None:
    """vnu finds no error in any page (default and restyled: root, programme, session and archive pages), the stylesheet, or a bare page with each fragment."""
    command = _vnu()
    if command is None and os.environ.get("SESSIONFEED_REQUIRE_VNU"):
        pytest.fail("SESSIONFEED_REQUIRE_VNU is set but there is no Nu Html Checker (see .ci/run)")
    if command is None:
        pytest.skip(
            "no Nu Html Checker: set SESSIONFEED_VNU to a vnu.jar (npm package vnu-jar) or put vnu on PATH"
        )
    from sessionfeed.exporters.html import timeline

    files: list[Path] = []
    for name, programme in (("demo", demo_programme), ("seed", seed_programme)):
        for look, templates in (("default", None), ("restyled", EXAMPLES / "restyled" / "templates")):
            site = tmp_path / f"{name}-{look}"
            with pytest.MonkeyPatch.context() as patch:  # the seed's 2020 on an archive page
                patch.setattr(timeline, "PAST_ON_PROGRAMME", 4)
                sf.build_site(programme, site, templates=templates, now=NOW)
            # Every page: the root, the programme pages, each session's page, the archive pages.
            files += sorted(site.rglob("*.html"))
    assert any("archive" in path.parts for path in files)
    files.append(tmp_path / "demo-default" / "style.css")
    for session in (None, "night-owls"):
        page = tmp_path / f"bare-{session or 'all'}.html"
        page.write_text(bare_page(sf.embed(demo_programme, locale="nl", session=session)), encoding="utf-8")
        files.append(page)
    result = subprocess.run(
        [*command, "--format", "json", "--also-check-css", *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors = [m for m in messages if m.get("type") == "error" or m.get("subType") == "fatal"]
    assert errors == [], errors[:3]
