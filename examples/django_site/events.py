"""A Django view that shows one session of a programme, and its calendar, through sessionfeed's public API.

A whole Django project in one file, to keep the example short; in a real
project the views go in an app's ``views.py`` and the routes in ``urls.py``.
Run it, then open http://127.0.0.1:8000/sessions/grievance-basics::

    python examples/django_site/events.py runserver

* ``/sessions/<id>`` is the site's own page (``templates/event.html``) with
  one session's card, its JSON-LD and its head links (``sessionfeed.embed``);
* ``/`` is the same page with the whole programme's list;
* ``/calendar.ics`` is the calendar to subscribe to (the ``ical`` exporter).

Run with no arguments, it asks each route once with Django's test client
and prints what it got: the test suite runs it so. The programme is
``SESSIONFEED_PROGRAMME``, else the demo in the folder above.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import django
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

import sessionfeed as sf


HERE = Path(__file__).resolve().parent
PROGRAMME = sf.load(os.environ.get("SESSIONFEED_PROGRAMME") or HERE.parent / "upcoming-demo.toml")
LOCALE = "en" if "en" in PROGRAMME.locales else PROGRAMME.default_locale

if not settings.configured:
    settings.configure(
        DEBUG=False,
        SECRET_KEY="only-for-this-example",  # noqa: S106
        ALLOWED_HOSTS=["127.0.0.1", "localhost", "testserver"],
        ROOT_URLCONF=__name__,
        TEMPLATES=[
            {"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [HERE / "templates"]},
        ],
        MIDDLEWARE=[],
        INSTALLED_APPS=[],
    )
    django.setup()


def session(request: HttpRequest, session_id: str) -> HttpResponse:
    """One session's card in the site's own page."""
    try:
        fragment = sf.embed(PROGRAMME, locale=LOCALE, session=session_id)
    except sf.ArgumentError:
        raise Http404("no such session") from None
    heading = PROGRAMME.text(PROGRAMME.session(session_id).title, LOCALE).text
    return render(request, "event.html", {"fragment": fragment, "heading": heading})


def programme(request: HttpRequest) -> HttpResponse:
    """Every session in the site's own page."""
    fragment = sf.embed(PROGRAMME, locale=LOCALE)
    heading = PROGRAMME.text(PROGRAMME.title, LOCALE).text
    return render(request, "event.html", {"fragment": fragment, "heading": heading})


def calendar(request: HttpRequest) -> HttpResponse:
    """The calendar to subscribe to."""
    data = sf.get_exporter("ical").export(PROGRAMME, locale=LOCALE)
    return HttpResponse(data, content_type="text/calendar; charset=utf-8")


urlpatterns = [
    path("", programme),
    path("sessions/<str:session_id>", session),
    path("calendar.ics", calendar),
]


if __name__ == "__main__":
    if len(sys.argv) > 1:
        from django.core.management import execute_from_command_line

        execute_from_command_line(sys.argv)
    else:
        from django.test import Client

        client = Client()
        first = PROGRAMME.sessions[0].id
        for url in ("/", f"/sessions/{first}", "/sessions/no-such-session", "/calendar.ics"):
            answer = client.get(url)
            print(f"GET {url}: {answer.status_code} {answer['Content-Type']}, {len(answer.content)} bytes")
