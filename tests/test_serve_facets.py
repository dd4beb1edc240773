"""``serve`` makes a facet value's files when they are first asked for: the bytes a build writes, cached like any file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

import sessionfeed as sf
from sessionfeed.model.facets import Facet, selections
from sessionfeed.serve import app as wsgi


ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "upcoming-demo.toml"
NOW = dt.datetime(2026, 12, 7, 12, 0, tzinfo=dt.UTC)
FILES = ("index.html", "calendar.ics", "feed.rss", "feed.atom")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("facets") / "site"
    sf.build_site(sf.load(EXAMPLE), out, now=NOW)
    return out


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    app = wsgi.make_app(EXAMPLE, now=NOW)
    with httpx.Client(transport=httpx.WSGITransport(app=app), base_url="http://testserver") as c:
        yield c


def _facet_paths(built: Path) -> list[str]:
    """Every facet value's file the build wrote, relative to the site."""
    found = []
    for facet in Facet:
        for path in sorted(built.glob(f"*/{facet}/*/*")):
            if path.is_file():
                found.append(path.relative_to(built).as_posix())
    return found


def test_the_build_writes_every_facets_files(built: Path) -> None:
    programme = sf.load(EXAMPLE)
    values = list(selections(programme, programme.facets))
    assert values
    for locale in programme.locales:
        for selection in values:
            folder = built / locale / str(selection.facet) / selection.id
            assert sorted(p.name for p in folder.iterdir() if p.is_file()) == sorted(FILES)


def test_serve_gives_the_builds_bytes(built: Path, client: httpx.Client) -> None:
    paths = _facet_paths(built)
    assert len(paths) >= 4 * 2 * 10
    for path in paths:
        response = client.get(f"/{path}")
        assert response.status_code == 200, path
        assert response.content == (built / path).read_bytes(), path


def test_not_made_at_start_and_cached_when_made(built: Path) -> None:
    app = wsgi.make_app(EXAMPLE, now=NOW)
    site = app._site  # type: ignore[attr-defined]
    (path, *_) = [p for p in _facet_paths(built) if p.endswith("calendar.ics")]
    assert path not in site.resources
    assert site.facets is not None
    assert not site.facets.made
    with httpx.Client(transport=httpx.WSGITransport(app=app), base_url="http://testserver") as c:
        first = c.get(f"/{path}")
        folder = path.rsplit("/", 1)[0]
        # The value's files were made together, once; no other value's.
        assert sorted(site.facets.made) == sorted(f"{folder}/{name}" for name in FILES)
        again = c.get(f"/{path}", headers={"If-None-Match": first.headers["ETag"]})
    assert first.headers["Content-Type"].startswith("text/calendar")
    assert first.headers["Access-Control-Allow-Origin"] == "*"
    assert again.status_code == 304
    assert again.headers["ETag"] == first.headers["ETag"]


def test_a_hub_folder_without_its_slash_redirects(built: Path, client: httpx.Client) -> None:
    (path, *_) = [p for p in _facet_paths(built) if p.endswith("/index.html")]
    folder = path.removesuffix("/index.html")
    response = client.get(f"/{folder}")
    assert response.status_code == 301
    assert response.headers["Location"].endswith(f"/{folder}/")
    assert client.get(f"/{folder}/").content == (built / path).read_bytes()


@pytest.mark.parametrize(
    "path",
    [
        "/nl/people/nobody/calendar.ics",
        "/nl/tags/unknown/feed.rss",
        "/xx/languages/en/calendar.ics",
        "/nl/colours/red/calendar.ics",
        "/nl/languages/en/nothing.txt",
    ],
)
def test_what_the_programme_does_not_have_is_not_found(client: httpx.Client, path: str) -> None:
    assert client.get(path).status_code == 404


def test_a_programme_without_facets_serves_none(tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    path = tmp_path / "p.toml"
    path.write_text("facets = []\n" + text, encoding="utf-8")
    app = wsgi.make_app(path, now=NOW)
    with httpx.Client(transport=httpx.WSGITransport(app=app), base_url="http://testserver") as c:
        assert c.get("/en/languages/en/calendar.ics").status_code == 404


def test_window_given_to_the_server(built: Path) -> None:
    app = wsgi.make_app(
        EXAMPLE, now=NOW, window=sf.Window(past=dt.timedelta(0), upcoming=dt.timedelta(days=1))
    )
    with httpx.Client(transport=httpx.WSGITransport(app=app), base_url="http://testserver") as c:
        calendar = c.get("/en/calendar.ics").content
    assert b"BEGIN:VEVENT" not in calendar  # the demo's sessions are all more than a day away or past
    with pytest.raises(sf.ArgumentError, match=r"window must be a sessionfeed\.Window"):
        wsgi.make_app(EXAMPLE, window="P90D")  # type: ignore[arg-type]


def test_a_template_failing_on_a_hub_only_is_logged_not_sent(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """A site's template that breaks on hub pages only: the rest is served, the hub is a 404 and a log line."""
    templates = tmp_path / "t"
    templates.mkdir()
    (templates / "hub.html").write_text(
        '{% extends "sessionfeed/hub.html" %}{% block main %}{{ nothing.here }}{% endblock %}\n', encoding="utf-8"
    )
    app = wsgi.make_app(EXAMPLE, now=NOW, templates=templates)
    with httpx.Client(transport=httpx.WSGITransport(app=app), base_url="http://testserver") as c:
        assert c.get("/en/").status_code == 200
        with caplog.at_level("ERROR"):
            assert c.get("/en/languages/en/").status_code == 404
    assert "en/languages/en/index.html could not be made" in caplog.text
    assert "hub.html:1:" in caplog.text
