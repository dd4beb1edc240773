"""Deliberately broken exporters, installed as a plugin by tests/test_promises.py.

Each is a plain third-party exporter (the ``Exporter`` protocol, no base
class) with one classic mistake. The promise suite must catch every one:

==========================  ==========================================  ===================
exporter                    mistake                                     caught by
==========================  ==========================================  ===================
``faulty-rss``              builds XML with f-strings, no escaping      readable (XML)
``faulty-ics``              escapes newlines but not ``\\ ; ,``          readable (RFC 5545)
``faulty-ics-newline``      escapes ``\\ ; ,`` but writes newlines raw   nothing injected
``faulty-html``             puts the title into the page unescaped      nothing injected
``faulty-jsonld-script``    embeds ``json.dumps`` in ``<script>`` as is  readable (the JSON
                                                                        ends at ``</script>``)
``faulty-forgetful``        leaves out who takes part                   nothing lost
``faulty-unstable``         writes sessions in set order, and a nonce   deterministic
==========================  ==========================================  ===================
"""

from __future__ import annotations

import datetime as dt
import html
import json
import random


def _title(programme, session, locale):
    return programme.text(session.title, locale).text


def _description(programme, session, locale):
    return programme.text(session.description, locale).text if session.description is not None else ""


def _people(programme, session, locale):
    out = []
    for part in session.participants:
        line = part.person.name
        if part.person.affiliation is not None:
            line += f" ({programme.text(part.person.affiliation.name, locale).text})"
        out.append(line)
    return out


class UnescapedRSS:
    name = "faulty-rss"
    title = "RSS without escaping"
    media_type = "application/rss+xml"
    filename = "faulty.rss"

    def export(self, programme, *, locale):
        items = "".join(
            f"<item><title>{_title(programme, s, locale)}</title>"
            f"<description>{_description(programme, s, locale)} {' '.join(_people(programme, s, locale))}</description>"
            f'<guid isPermaLink="false">{s.id}</guid></item>'
            for s in programme.sessions
        )
        return (
            '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>{programme.text(programme.title, locale).text}</title>"
            f"<link>{programme.base_url}</link><description>d</description>{items}</channel></rss>"
        ).encode()


def _ics(programme, locale, escape):
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//faulty//faulty//EN"]
    for s in programme.sessions:
        if not isinstance(getattr(s.when, "start", None), dt.datetime):
            continue  # timed sessions only
        start = s.when.start.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        end = s.when.end.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        text = " · ".join([_description(programme, s, locale), *_people(programme, s, locale)])
        lines += [
            "BEGIN:VEVENT", f"UID:{s.id}@faulty", "DTSTAMP:20260101T000000Z",
            f"DTSTART:{start}", f"DTEND:{end}",
            f"SUMMARY:{escape(_title(programme, s, locale))}", f"DESCRIPTION:{escape(text)}", "END:VEVENT",
        ]  # fmt: skip
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode()


class UnescapedICS:
    name = "faulty-ics"
    title = "iCalendar without TEXT escapes"
    media_type = "text/calendar"
    filename = "faulty.ics"

    def export(self, programme, *, locale):
        return _ics(programme, locale, lambda t: t.replace("\r\n", "\n").replace("\n", "\\n"))


class RawNewlineICS:
    name = "faulty-ics-newline"
    title = "iCalendar with raw newlines"
    media_type = "text/calendar"
    filename = "faulty-newline.ics"

    def export(self, programme, *, locale):
        def escape(text):
            return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\r\n")

        return _ics(programme, locale, escape)


def _page(programme, locale, title_html, head=""):
    articles = "".join(
        f'<article id="{s.id}"><h3>{title_html(_title(programme, s, locale))}</h3>'
        f"<p>{html.escape(_description(programme, s, locale))}</p>"
        + "".join(f"<p>{html.escape(line)}</p>" for line in _people(programme, s, locale))
        + "</article>"
        for s in programme.sessions
    )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Faulty</title>'
        f"{head}</head><body>{articles}</body></html>"
    ).encode()


class UnescapedHTML:
    name = "faulty-html"
    title = "A page with unescaped titles"
    media_type = "text/html; charset=utf-8"
    filename = "faulty.html"

    def export(self, programme, *, locale):
        return _page(programme, locale, lambda text: text)


class ScriptEscapingHTML:
    name = "faulty-jsonld-script"
    title = "A page with JSON-LD that can end its script element"
    media_type = "text/html; charset=utf-8"
    filename = "faulty-script.html"

    def export(self, programme, *, locale):
        data = {
            "@context": "https://schema.org",
            "@graph": [{"@type": "Event", "name": _title(programme, s, locale)} for s in programme.sessions],
        }
        script = f'<script type="application/ld+json">{json.dumps(data, ensure_ascii=False)}</script>'
        return _page(programme, locale, html.escape, head=script)


class Forgetful:
    name = "faulty-forgetful"
    title = "Plain text without the people"
    media_type = "text/plain; charset=utf-8"
    filename = "faulty-forgetful.txt"

    def export(self, programme, *, locale):
        return "\n\n".join(
            f"{_title(programme, s, locale)}\n{_description(programme, s, locale)}" for s in programme.sessions
        ).encode()


class Unstable:
    name = "faulty-unstable"
    title = "Plain text in no fixed order"
    media_type = "text/plain; charset=utf-8"
    filename = "faulty-unstable.txt"

    def export(self, programme, *, locale):
        titles = {_title(programme, s, locale) for s in programme.sessions}
        return ("\n".join(titles) + f"\nbuilt {random.random()}\n").encode()
