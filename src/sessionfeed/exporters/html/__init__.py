"""The pages of a locale: the programme page, the archive pages and each session's page.

Every page is an HTML5 document readable on a phone with no framework and no
script of its own, rendered by the templates
(:mod:`sessionfeed.exporters.templating`; docs/templates.md lists them and
their variables), a site's own folder in front of the built-in ones. The
modules, one job each:

* :mod:`~sessionfeed.exporters.html.common`: what every page shares (its URLs,
  head, language switch, the JSON-LD element, "now");
* :mod:`~sessionfeed.exporters.html.timeline`: coming and past sessions, and
  which page lists which;
* :mod:`~sessionfeed.exporters.html.cards`: the full card and the short card;
* :mod:`~sessionfeed.exporters.html.player`: how a recording is played;
* :mod:`~sessionfeed.exporters.html.programme_page`: the programme page and
  the archive pages;
* :mod:`~sessionfeed.exporters.html.session_page`: each session's page;
* :mod:`~sessionfeed.exporters.html.exporter`: the ``html`` exporter.

Every text goes through one function, :func:`~sessionfeed.words.escaping.escape_html`
(the templates' ``finalize``): line ends become LF and the characters HTML
does not allow are removed, and the build summary names each removal. The
output is the same bytes for the same programme, templates and "now".
"""

from __future__ import annotations

from sessionfeed.exporters.html.cards import Card, cards
from sessionfeed.exporters.html.common import (
    REMOVAL_REASON,
    Alternate,
    Feed,
    Language,
    PageURLs,
    common_context,
    feeds,
    google_calendar_url,
    outlook_urls,
    page_urls,
    webcal_url,
)
from sessionfeed.exporters.html.exporter import HTMLExporter
from sessionfeed.exporters.html.programme_page import PAGE_TEMPLATE, build_page, iter_page, page_context


__all__ = [
    "PAGE_TEMPLATE",
    "REMOVAL_REASON",
    "Alternate",
    "Card",
    "Feed",
    "HTMLExporter",
    "Language",
    "PageURLs",
    "build_page",
    "cards",
    "common_context",
    "feeds",
    "google_calendar_url",
    "iter_page",
    "outlook_urls",
    "page_context",
    "page_urls",
    "webcal_url",
]
