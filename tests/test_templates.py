"""Templates a site overrides: the restyled example, the programme's ``templates`` key, errors, the stylesheet."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
import wsgiref.util
from pathlib import Path
from typing import Any

import html5lib
import pytest
from hypothesis import given, strategies as st

import sessionfeed as sf
from sessionfeed.exporters.html import build_page
from sessionfeed.exporters.templating import BUILTIN_FOLDER, STYLESHEET, Templates
from sessionfeed.serve.app import make_app
from sessionfeed.words.escaping import html_clean, paragraphs
from strategies import NASTY, texts


ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
RESTYLED = EXAMPLES / "restyled" / "templates"
PAGES = ("index.html", "nl/index.html", "en/index.html")


def parse(data: bytes | str) -> Any:
    """Parse strictly: any HTML5 parse error fails the test."""
    return html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(data)


def text_of(element: Any) -> str:
    return "".join(element.itertext())


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "sessionfeed", *args]
    return subprocess.run(command, capture_output=True, text=True, check=False, cwd=cwd, timeout=120)


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# ------------------------------------------------------------------ the restyled example


@pytest.mark.parametrize("example", ["ser-access-to-remedy", "upcoming-demo"])
def test_the_restyled_example_restyles_every_page(example: str, tmp_path: Path) -> None:
    """A base.html of a few lines gives every page the organisation's header; the rest is the default page."""
    programme = sf.load(EXAMPLES / f"{example}.toml")
    plain, styled = tmp_path / "plain", tmp_path / "styled"
    sf.build_site(programme, plain)
    sf.build_site(programme, styled, templates=RESTYLED)
    assert len((RESTYLED / "base.html").read_text(encoding="utf-8").splitlines()) <= 10
    for page in PAGES:
        tree = parse((styled / page).read_bytes())
        default = parse((plain / page).read_bytes())
        body = tree.find("body")
        org = next(d for d in body.iter("div") if d.get("class") == "org")
        menu = [a.get("href") for a in org.iter("a")]
        assert menu[1:] == [
            "https://www.example.org/",
            "https://www.example.org/about",
            "https://www.example.org/contact",
        ]
        assert org.find(".//svg") is not None or any(el.tag.endswith("svg") for el in org.iter())
        assert any("--accent:#7a1f5c" in (s.text or "") for s in tree.iter("style"))
        # Everything of the default page is still there, in the same order.
        assert [a.get("id") for a in tree.iter("article")] == [a.get("id") for a in default.iter("article")]
        assert text_of(tree.find("body").find("main")) == text_of(default.find("body").find("main"))
        assert text_of(tree.find("head").find("title")) == text_of(default.find("head").find("title"))
    # One stylesheet, the default one: the example restyles with a few rules in its base.html.
    assert (styled / STYLESHEET).read_bytes() == (BUILTIN_FOLDER / STYLESHEET).read_bytes()


def test_a_file_replaces_the_builtin_and_extends_reaches_it(tmp_path: Path) -> None:
    """parts/subscribe.html of the site's folder replaces the built-in, which it can still extend or include."""
    folder = tmp_path / "tpl"
    write(
        folder,
        "parts/subscribe.html",
        '<p id="own">ours</p>\n{% include "sessionfeed/parts/subscribe.html" %}\n',
    )
    programme = sf.load(EXAMPLES / "upcoming-demo.toml")
    tree = parse(build_page(programme, "en", templates=Templates(folder)))
    main = tree.find("body").find("main")
    assert [child.tag for child in main][:2] == ["p", "section"]
    assert main[0].get("id") == "own"
    assert main[1].get("class") == "subscribe"


def test_a_card_override_reaches_the_feeds_content(tmp_path: Path) -> None:
    """The feeds' HTML content is the site's card: an override of parts/session.html changes both."""
    import feedparser

    folder = tmp_path / "tpl"
    write(
        folder,
        "parts/session.html",
        '<p class="own-card">{{ block.heading }}</p>\n',
    )
    programme = sf.load(EXAMPLES / "upcoming-demo.toml")
    site = tmp_path / "site"
    sf.build_site(programme, site, templates=folder)
    for name in ("feed.rss", "feed.atom"):
        feed = feedparser.parse((site / "en" / name).read_bytes())
        contents = [entry.content[0].value for entry in feed.entries]
        assert len(contents) == len(programme.sessions)
        assert all(content.startswith('<p class="own-card">') for content in contents), name


# ------------------------------------------------------------------ where the folder comes from


def test_the_programme_file_names_its_templates_relative_to_itself(tmp_path: Path) -> None:
    """``templates = "look"`` in the file is the folder beside the file, wherever the command runs."""
    text = (EXAMPLES / "upcoming-demo.toml").read_text(encoding="utf-8")
    project = tmp_path / "project"
    write(project, "programme.toml", 'templates = "look"\n' + text)
    write(
        project,
        "look/base.html",
        '{% extends "sessionfeed/base.html" %}{% block footer %}<footer id="ours">x</footer>{% endblock %}\n',
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = run("build", str(project / "programme.toml"), "-o", "site", "-q", cwd=elsewhere)
    assert result.returncode == 0, result.stderr
    for page in PAGES:
        assert parse((elsewhere / "site" / page).read_bytes()).find("body").find("footer").get("id") == "ours"
    programme = sf.load(project / "programme.toml")
    assert programme.templates == str(project / "look")
    assert sf.to_dict(programme)["templates"] == str(project / "look")
    # --templates wins over the file's key.
    result = run(
        "build",
        str(project / "programme.toml"),
        "-o",
        "site2",
        "-q",
        "--templates",
        str(RESTYLED),
        cwd=elsewhere,
    )
    assert result.returncode == 0, result.stderr
    tree = parse((elsewhere / "site2" / "en" / "index.html").read_bytes())
    assert any(d.get("class") == "org" for d in tree.iter("div"))


def test_a_templates_key_that_is_not_a_folder_name_is_a_programme_error() -> None:
    data = sf.to_dict(sf.load(EXAMPLES / "upcoming-demo.toml"))
    for bad in (3, "", "a\x00b"):
        with pytest.raises(sf.ProgrammeError, match="templates"):
            sf.from_dict({**data, "templates": bad})


# ------------------------------------------------------------------ errors


BROKEN = {
    "syntax": (
        "base.html",
        '{% extends "sessionfeed/base.html" %}\n{% block header %}\n{% if %}\n{% endblock %}\n',
        3,
        "syntax",
    ),
    "undefined": (
        "base.html",
        '{% extends "sessionfeed/base.html" %}\n{% block header %}\n\n<p>{{ no_such_thing }}</p>\n{% endblock %}\n',
        4,
        "undefined",
    ),
    "attribute": (
        "parts/session.html",
        "<article>\n{{ session.no_such_field.more }}</article>",
        2,
        "undefined",
    ),
    "missing include": (
        "page.html",
        '{% extends "sessionfeed/page.html" %}\n{% block main %}\n{% include "parts/none.html" %}\n{% endblock %}\n',
        3,
        "not found",
    ),
    "raised": ("parts/people.html", "\n\n{{ 1 // 0 }}", 3, "ZeroDivisionError"),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_a_template_error_names_file_and_line_and_writes_nothing(case: str, tmp_path: Path) -> None:
    """``TEMPLATE_FILE:LINE: message``, exit 2, no site written, an earlier build left as it was."""
    name, text, line, words = BROKEN[case]
    folder = tmp_path / "tpl"
    write(folder, name, text)
    programme = EXAMPLES / "upcoming-demo.toml"
    out = tmp_path / "site"
    result = run("build", str(programme), "-o", str(out), "--templates", str(folder))
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    (message,) = result.stderr.strip().splitlines()
    assert message.startswith(f"error: {folder / name}:{line}: "), message
    assert words in message
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["tpl"]  # no staging folder left either
    # An earlier build stays as it was.
    sf.build_site(sf.load(programme), out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    with pytest.raises(sf.TemplateError) as caught:
        sf.build_site(sf.load(programme), out, templates=folder)
    assert (caught.value.file, caught.value.line) == (str(folder / name), line)
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_a_missing_templates_folder_is_an_error(tmp_path: Path) -> None:
    result = run(
        "build",
        str(EXAMPLES / "upcoming-demo.toml"),
        "-o",
        str(tmp_path / "site"),
        "--templates",
        str(tmp_path / "none"),
    )
    assert result.returncode == 2
    assert "templates folder does not exist" in result.stderr
    assert not (tmp_path / "site").exists()


# ------------------------------------------------------------------ serve


def _get(app: Any, path: str) -> tuple[str, dict[str, str], bytes]:
    environ: dict[str, Any] = {"REQUEST_METHOD": "GET", "PATH_INFO": path}
    wsgiref.util.setup_testing_defaults(environ)
    environ["PATH_INFO"] = path
    answer: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
        answer["status"], answer["headers"] = status, dict(headers)

    body = b"".join(app(environ, start_response))
    return answer["status"], answer["headers"], body


def test_serve_takes_templates_and_a_programme(tmp_path: Path, demo_programme: sf.Programme) -> None:
    """make_app(programme, templates=...) serves the restyled page and the stylesheet at the URL the page names."""
    app = make_app(demo_programme, templates=RESTYLED)
    status, headers, body = _get(app, "/en/")
    assert status == "200 OK"
    tree = parse(body)
    assert any(d.get("class") == "org" for d in tree.iter("div"))
    href = next(link.get("href") for link in tree.iter("link") if link.get("rel") == "stylesheet")
    status, headers, css = _get(app, "/" + href.removeprefix("../").split("?")[0])
    assert status == "200 OK"
    assert headers["Content-Type"].startswith("text/css")
    assert hashlib.sha256(css).hexdigest().startswith(href.split("?v=")[1])


def test_serve_reports_a_template_error(tmp_path: Path) -> None:
    folder = tmp_path / "tpl"
    write(folder, "base.html", BROKEN["syntax"][1])
    with pytest.raises(sf.TemplateError, match=r"base\.html:3: template syntax error"):
        make_app(EXAMPLES / "upcoming-demo.toml", templates=folder)
    result = subprocess.run(
        [sys.executable, "-m", "sessionfeed", "serve", str(EXAMPLES / "upcoming-demo.toml"), "--port", "0", "--templates", str(folder)],
        capture_output=True, text=True, check=False, timeout=60,
    )  # fmt: skip
    assert result.returncode == 2, result.stderr
    assert re.search(r"error: .*base\.html:3: template syntax error", result.stderr)


# ------------------------------------------------------------------ the stylesheet


def test_the_stylesheet_is_one_file_named_by_its_hash(tmp_path: Path, demo_programme: sf.Programme) -> None:
    """style.css at the root, once; every page links it with its hash, no page inlines it; an own style.css replaces it."""
    site = tmp_path / "site"
    sf.build_site(demo_programme, site)
    css = (site / STYLESHEET).read_bytes()
    assert css == (BUILTIN_FOLDER / STYLESHEET).read_bytes()
    assert b"prefers-color-scheme:dark" in css
    assert b"focus-visible" in css
    version = hashlib.sha256(css).hexdigest()[:10]
    for page, href in (
        ("index.html", f"style.css?v={version}"),
        ("en/index.html", f"../style.css?v={version}"),
    ):
        tree = parse((site / page).read_bytes())
        assert [link.get("href") for link in tree.iter("link") if link.get("rel") == "stylesheet"] == [href]
        assert list(tree.iter("style")) == []
        assert list(tree.iter("script")) == [] or all(
            s.get("type") == "application/ld+json" for s in tree.iter("script")
        )
    assert sorted(p.name for p in site.rglob("*.css")) == [STYLESHEET]
    own = tmp_path / "tpl"
    write(own, STYLESHEET, "body{color:teal}\n")
    sf.build_site(demo_programme, site, templates=own)
    assert (site / STYLESHEET).read_bytes() == b"body{color:teal}\n"
    other = hashlib.sha256(b"body{color:teal}\n").hexdigest()[:10]
    assert f"../style.css?v={other}".encode() in (site / "nl" / "index.html").read_bytes()


# ------------------------------------------------------------------ hostile text in a user's template

#: A user's card that writes every text of the session in text and in quoted attributes.
USER_CARD = """<article id="{{ id_prefix }}{{ session.id }}" title="{{ title }}" data-where='{{ where }}'>
<h3 lang="{{ title_lang }}">{{ title }}</h3><p>{{ kind }} | {{ when }} | {{ where }} | {{ status_text }}</p>
{% for label, people in roles %}<p title="{{ label }}">{% for p in people %}<span data-p="{{ p }}">{{ p }}</span>{% endfor %}</p>{% endfor %}
{% for paragraph in description %}<p>{{ paragraph|join(" ") }}</p>{% endfor %}
<p>{{ organisers }}</p>{% for topic in topics %}<i>{{ topic }}</i>{% endfor %}
{% for label, url in links %}<a href="{{ url }}" title="{{ label }}">{{ label }}</a>{% endfor %}
<p>{{ session.title }} {{ block.heading }}</p>
</article>"""
#: A user's base that writes the programme's texts in attributes and text.
USER_BASE = """{% extends "sessionfeed/base.html" %}{% block header %}<header data-t="{{ title.text }}" title='{{ title.text }}'><p>{{ title.text }}</p>{{ super() }}</header>{% endblock %}"""


@pytest.fixture(scope="module")
def user(tmp_path_factory: pytest.TempPathFactory) -> Templates:
    folder = tmp_path_factory.mktemp("user-templates")
    write(folder, "parts/session.html", USER_CARD)
    write(folder, "base.html", USER_BASE)
    return Templates(folder)


@given(
    hostile=st.sampled_from(NASTY) | texts(max_size=30),
    field=st.sampled_from(["title", "intro", "session", "description", "person", "venue", "topic"]),
    locale=st.sampled_from(["nl", "en"]),
)
def test_hostile_text_in_any_field_cannot_break_out_of_a_users_template(
    user: Templates, hostile: str, field: str, locale: str
) -> None:
    """Whatever a field holds, the user's page parses strictly with exactly its own elements, and the text comes back."""
    h = f"a{hostile}z"  # never blank, which the model refuses
    text = sf.LocalizedText
    topic = sf.Tag(id="t", label=text({"nl": h if field == "topic" else "onderwerp"}))
    person = sf.Person(id="p", name=h if field == "person" else "Ann")
    session = sf.Session(
        id="s",
        kind="webinar",
        language="nl",
        title=text({"nl": h if field == "session" else "Sessie"}),
        description=text({"nl": h if field == "description" else "Over"}),
        location=sf.Location(venue=sf.Venue(name=h if field == "venue" else "Zaal")),
        participants=[sf.Participation(person=person, role="speaker")],
        tags=[topic],
    )
    try:
        programme = sf.Programme(
            id="x",
            title=text({"nl": h if field == "title" else "Programma"}),
            intro=text({"nl": h if field == "intro" else "Intro"}),
            base_url="https://example.org/",
            locales=("nl", "en"),
            sessions=[session],
            people=[person],
            tags=[topic],
        )
    except sf.ProgrammeError:
        return  # a text the model refuses (blank) never reaches a template
    page = build_page(programme, locale, templates=user)
    tree = parse(page)
    assert [s.get("type") for s in tree.iter("script")] in ([], ["application/ld+json"])
    # The user's card is the full card of the fragments and the feeds.
    assert user.folder is not None
    fragment = sf.embed(programme, locale=locale, session="s", templates=user.folder)
    (article,) = parse(f"<!DOCTYPE html><html lang=nl><title>t</title>{fragment.html}</html>").iter("article")
    assert article.get("id") == "sessionfeed-s"
    # A description splits at its blank lines (CR CR is one too), a <p> each.
    described = len(paragraphs(h)) if field == "description" else 1
    assert [el.tag for el in article] == ["h3", "p", "p", *["p"] * described, "p", "i", "p"]
    clean = html_clean(h)
    if field == "title":
        header = tree.find("body").find("header")
        assert header.get("data-t") == clean == header.get("title")
    elif field == "session":
        assert article.get("title") == clean
        assert text_of(article.find("h3")) == clean
    elif field == "person":
        assert [s.get("data-p") for s in article.iter("span")] == [clean]
    elif field == "venue":
        assert clean.strip() in article.get("data-where")
    elif field == "topic":
        assert [text_of(i) for i in article.iter("i")] == [clean]
