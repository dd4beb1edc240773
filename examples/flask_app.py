"""A Flask app that shows sessions of a programme in its own pages, through sessionfeed's public API.

Run it, then open http://127.0.0.1:5000/::

    flask --app examples/flask_app.py run

* ``/`` is the app's own page with the whole programme's list in it;
* ``/sessions/<id>`` is the app's own page with one session's card in it,
  its JSON-LD and its head links (``sessionfeed.embed``);
* ``/calendar.ics`` is the calendar to subscribe to (the ``ical`` exporter);
* ``/programme/...`` is the whole sessionfeed site, mounted beside the app
  (``make_app`` given the programme the app already loaded).

Run as a script (``python examples/flask_app.py``), it asks each route once
with Flask's test client and prints what it got: the test suite runs it so.
The programme is ``SESSIONFEED_PROGRAMME``, else the demo next to this file.
"""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask, Response, abort, render_template_string
from markupsafe import Markup
from werkzeug.middleware.dispatcher import DispatcherMiddleware

import sessionfeed as sf


DEMO = Path(__file__).with_name("upcoming-demo.toml")
PROGRAMME = sf.load(os.environ.get("SESSIONFEED_PROGRAMME") or DEMO)
LOCALE = "en" if "en" in PROGRAMME.locales else PROGRAMME.default_locale

#: The app's own page: its header, its styles, and the fragment where it wants it.
PAGE = """<!DOCTYPE html>
<html lang="{{ fragment.locale }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ heading }}</title>
{{ head }}
<style>body{font-family:sans-serif;max-width:44rem;margin:auto;padding:0 1rem}
.sessionfeed .details dt{font-weight:bold}</style>
</head>
<body>
<header><p><a href="/">Our events</a></p><h1>{{ heading }}</h1></header>
<main>
{{ html }}
<p><a href="/calendar.ics">Add every session to your calendar</a></p>
</main>
{{ jsonld }}
</body>
</html>
"""

app = Flask(__name__)


def _page(fragment: sf.Fragment, heading: str) -> str:
    # The fragment is HTML that sessionfeed escaped: Markup, so that Jinja2 does not escape it again.
    return render_template_string(
        PAGE,
        fragment=fragment,
        heading=heading,
        head=Markup(fragment.head),  # noqa: S704
        html=Markup(fragment.html),  # noqa: S704
        jsonld=Markup(fragment.jsonld),  # noqa: S704
    )


@app.get("/")
def programme() -> str:
    fragment = sf.embed(PROGRAMME, locale=LOCALE)
    return _page(fragment, PROGRAMME.text(PROGRAMME.title, LOCALE).text)


@app.get("/sessions/<session_id>")
def session(session_id: str) -> str:
    try:
        fragment = sf.embed(PROGRAMME, locale=LOCALE, session=session_id)
    except sf.ArgumentError:
        abort(404)
    return _page(fragment, PROGRAMME.text(PROGRAMME.session(session_id).title, LOCALE).text)


@app.get("/calendar.ics")
def calendar() -> Response:
    exporter = sf.get_exporter("ical")
    return Response(exporter.export(PROGRAMME, locale=LOCALE), mimetype="text/calendar")


# The whole site (pages, feeds, calendars) under /programme/, served from memory.
app.wsgi_app = DispatcherMiddleware(app.wsgi_app, {"/programme": sf.make_app(PROGRAMME)})  # type: ignore[method-assign]


if __name__ == "__main__":
    client = app.test_client()
    first = PROGRAMME.sessions[0].id
    for path in ("/", f"/sessions/{first}", "/sessions/no-such-session", "/calendar.ics", "/programme/en/"):
        answer = client.get(path)
        print(f"GET {path}: {answer.status} {answer.mimetype}, {len(answer.data)} bytes")
