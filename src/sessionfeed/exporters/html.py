"""The programme page of a locale (``DIR/<locale>/index.html``).

One self-contained HTML5 page per locale, readable on a phone with no
framework and no script of its own: the programme's title and introduction,
a block to subscribe to the calendar (``webcal://``, the https address to
copy, Google Calendar and Outlook "add by URL", RSS and Atom), then every
session as an ``<article>`` whose ``id`` is the session id (the anchor that
the JSON-LD ``url`` and the feeds point to), with its own "add to calendar"
link and its recording.

The head carries feed autodiscovery (``<link rel="alternate">``), ``hreflang``
alternates between the locales plus ``x-default``, and the programme's
JSON-LD when the JSON-LD exporter is installed. Every text from the data is
HTML-escaped; the output is the same bytes for the same programme.

Every text goes through one function, :func:`~sessionfeed.words.compose.escape_html`
(the language choice page at the site root uses it too): line ends become LF
and the characters HTML does not allow (the C0 controls but TAB and LF, DEL,
the C1 controls, lone surrogates, the noncharacters) are removed, and the
build summary names each removal. A ``<time datetime>`` is written by
:func:`~sessionfeed.words.compose.machine_datetime`: a wall-clock time with an
offset in hours and minutes, or UTC with ``Z`` where the zone's offset had
seconds (local mean time before 1937 in Amsterdam), which HTML's "valid
global date and time string" cannot write.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, ClassVar
from urllib.parse import quote

from sessionfeed.exporters.base import BaseExporter, Context, OutputFile, Rendering
from sessionfeed.exporters.removals import Removals, removed_from
from sessionfeed.model.programme import AllDay, Status, Timed
from sessionfeed.site import layout as _layout
from sessionfeed.words.compose import (
    Composition,
    block_html,
    encode_pieces,
    escape_html as _esc,
    html_clean,
    paragraphs,
)
from sessionfeed.words.vocabulary import Words


if TYPE_CHECKING:
    from sessionfeed.model.programme import Programme, Session


__all__ = [
    "STYLESHEET",
    "HTMLExporter",
    "build_page",
    "google_calendar_url",
    "iter_page",
    "outlook_urls",
    "webcal_url",
]

_JSONLD_MODULE = "sessionfeed.exporters.jsonld"
#: Why the page removes what it removes (the end of the build summary's note).
REMOVAL_REASON = "HTML does not allow"

#: The page's whole stylesheet: readable on a phone, dark mode, visible focus.
STYLESHEET = """
:root{color-scheme:light dark;--fg:#1b1b1b;--bg:#fff;--muted:#555;--line:#d6d6d6;
--accent:#0b5cad;--warn:#a4000f}
@media (prefers-color-scheme:dark){:root{--fg:#ececec;--bg:#141414;--muted:#b0b0b0;
--line:#3a3a3a;--accent:#8cc4ff;--warn:#ff8a8a}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;font:1rem/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
color:var(--fg);background:var(--bg)}
header,main,footer{max-width:44rem;margin:0 auto;padding:0 1rem}
h1{font-size:1.75rem;line-height:1.2;margin:1.5rem 0 .5rem}
h2{font-size:1.35rem;margin:2rem 0 .75rem}
h3{font-size:1.15rem;line-height:1.3;margin:0 0 .5rem}
h4{font-size:1rem;margin:1rem 0 .25rem}
a{color:var(--accent);overflow-wrap:anywhere}
a:focus-visible,input:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
.skip{position:absolute;left:-999px}
.skip:focus{left:1rem;top:1rem;background:var(--bg);padding:.5rem}
nav ul,.subscribe ul,.links{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.5rem 1rem}
.subscribe{border:1px solid var(--line);border-radius:.5rem;padding:0 1rem 1rem}
.subscribe input{width:100%;font:inherit;padding:.4rem;margin-top:.25rem;
border:1px solid var(--line);border-radius:.25rem;color:var(--fg);background:var(--bg)}
.session{border-top:1px solid var(--line);padding:1.25rem 0}
.period,.details dt,footer{color:var(--muted)}
.details{display:grid;grid-template-columns:max-content 1fr;gap:.1rem .75rem;margin:.5rem 0}
.details dd{margin:0}
.status{color:var(--warn)}
.status-cancelled h3{text-decoration:line-through}
.people{padding-left:1.25rem;margin:.25rem 0}
.topics-label{margin:.75rem 0 0;font-weight:600}
.topics{display:flex;flex-wrap:wrap;gap:.25rem .5rem;list-style:none;padding:0;margin:.25rem 0}
.topics li{border:1px solid var(--line);border-radius:1rem;padding:0 .6rem;font-size:.9rem}
footer{padding-bottom:2rem;font-size:.9rem}
""".strip()


def webcal_url(https_url: str) -> str:
    """The ``webcal://`` form of a calendar URL (its scheme replaced)."""
    _, sep, rest = https_url.partition("://")
    return f"webcal://{rest}" if sep else https_url


def google_calendar_url(https_url: str) -> str:
    """Google Calendar's "add by URL" link for a calendar feed."""
    return "https://calendar.google.com/calendar/render?cid=" + quote(webcal_url(https_url), safe="")


def outlook_urls(https_url: str, name: str) -> tuple[str, str]:
    """Outlook's "add from web" links: Outlook.com, then Microsoft 365 (work or school)."""
    query = f"url={quote(https_url, safe='')}&name={quote(name, safe='')}"
    return (
        f"https://outlook.live.com/calendar/0/addfromweb?{query}",
        f"https://outlook.office.com/calendar/0/addfromweb?{query}",
    )


def _has_calendar(session: Session) -> bool:
    """Whether the session has its own ``.ics`` worth adding (a day is known, not cancelled)."""
    return isinstance(session.when, Timed | AllDay) and session.status is not Status.CANCELLED


def _jsonld(programme: Programme, locale: str, removals: Removals | None = None) -> Iterable[str]:
    """The JSON-LD ``<script>`` element in pieces, or nothing while that exporter is not installed.

    The pieces come from the module's ``_iter_script_tag`` as the page is
    written (and what it removes from texts is recorded in ``removals``); a
    module with only ``script_tag`` gives the element in one piece.
    """
    try:
        module = importlib.import_module(_JSONLD_MODULE)
    except ModuleNotFoundError as error:
        if error.name == _JSONLD_MODULE:
            return ()
        raise
    iter_script_tag: Callable[..., Iterable[str]] | None = getattr(module, "_iter_script_tag", None)
    if iter_script_tag is not None:
        return iter_script_tag(programme, locale, removals)
    script_tag: Callable[..., str] = module.script_tag
    return (str(script_tag(programme, locale=locale)),)


def _head(programme: Programme, locale: str, words: Words, removals: Removals | None = None) -> Iterator[str]:
    """The lines of the head; the JSON-LD element, the last, may be in several pieces."""
    title = programme.text(programme.title, locale).text
    out = [
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_esc(title)}</title>",
    ]
    if programme.intro is not None:
        intro = " ".join(paragraphs(html_clean(programme.text(programme.intro, locale).text)))
        out.append(f'<meta name="description" content="{_esc(intro)}">')
    out.append(f'<link rel="canonical" href="{_esc(_layout.locale_url(programme, locale))}">')
    for other in programme.locales:
        href = _esc(_layout.locale_url(programme, other))
        out.append(f'<link rel="alternate" hreflang="{_esc(other)}" href="{href}">')
    default = _esc(_layout.locale_url(programme, programme.default_locale))
    out.append(f'<link rel="alternate" hreflang="x-default" href="{default}">')
    feeds = (
        ("application/rss+xml", "RSS", _layout.RSS),
        ("application/atom+xml", "Atom", _layout.ATOM),
        ("text/calendar", words.gettext("Calendar"), _layout.CALENDAR),
    )
    for media_type, label, path in feeds:
        href = _esc(_layout.file_url(programme, locale, path))
        out.append(
            f'<link rel="alternate" type="{media_type}" title="{_esc(f"{title} ({label})")}" href="{href}">',
        )
    out.append(f"<style>\n{STYLESHEET}\n</style>")
    for line in out:
        yield line
        yield "\n"
    # The element is one line of the page, however many pieces it comes in.
    empty = True
    for piece in _jsonld(programme, locale, removals):
        if piece:
            empty = False
            yield piece
    if not empty:
        yield "\n"


def _language_nav(programme: Programme, locale: str, words: Words) -> list[str]:
    others = [other for other in programme.locales if other != locale]
    if not others:
        return []
    items = []
    for other in others:
        own = Words.of(other).language_name(other)
        own = own[:1].upper() + own[1:]
        href = _esc(_layout.locale_url(programme, other))
        code = _esc(other)
        items.append(
            f'<li><a href="{href}" hreflang="{code}" lang="{code}">{_esc(own)}</a></li>',
        )
    label = _esc(words.gettext("Other languages"))
    return [f'<nav aria-label="{label}">', "<ul>", *items, "</ul>", "</nav>"]


def _subscribe(programme: Programme, locale: str, words: Words) -> list[str]:
    title = programme.text(programme.title, locale).text
    ics = _layout.file_url(programme, locale, _layout.CALENDAR)
    outlook, office = outlook_urls(ics, title)
    links = (
        (webcal_url(ics), words.gettext("Subscribe in your calendar app")),
        (google_calendar_url(ics), words.gettext("Google Calendar")),
        (outlook, words.gettext("Outlook.com")),
        (office, words.gettext("Outlook (work or school account)")),
        (_layout.file_url(programme, locale, _layout.RSS), words.gettext("RSS feed")),
        (_layout.file_url(programme, locale, _layout.ATOM), words.gettext("Atom feed")),
    )
    items = [f'<li><a href="{_esc(url)}">{_esc(label)}</a></li>' for url, label in links]
    heading = _esc(words.gettext("Subscribe"))
    copy_label = _esc(words.gettext("Calendar address to copy"))
    return [
        '<section class="subscribe" aria-labelledby="_subscribe-heading">',
        f'<h2 id="_subscribe-heading">{heading}</h2>',
        "<p>"
        + _esc(
            words.gettext(
                "Add the whole programme to your calendar: new and changed sessions arrive by themselves.",
            ),
        )
        + "</p>",
        "<ul>",
        *items,
        "</ul>",
        f'<label for="_calendar-url">{copy_label}</label>',
        f'<input id="_calendar-url" type="url" readonly value="{_esc(ics)}">',
        "</section>",
    ]


def _sessions(composition: Composition, removals: Removals | None = None) -> Iterator[str]:
    """The lines of the sessions' section, each article written when it is read.

    An article writes the texts of its session's block, each cleaned by
    :func:`~sessionfeed.words.compose.escape_html`: what that removes is recorded
    in ``removals``, under the session's id. Its ``id`` is the session's id
    (the page's anchors), and it links to the session's own ``.ics``.
    """
    programme, locale, words = composition.programme, composition.locale, composition.words
    heading = _esc(words.gettext("Sessions"))
    yield '<section id="_sessions" aria-labelledby="_sessions-heading">'
    yield f'<h2 id="_sessions-heading">{heading}</h2>'
    if not programme.sessions:
        yield "<p>" + _esc(words.gettext("No sessions yet.")) + "</p>"
    add_label = words.gettext("Add to calendar")
    for session in programme.sessions:
        extra: tuple[tuple[str, str], ...] = ()
        if _has_calendar(session):
            path = _layout.session_calendar(session.id)
            extra = ((add_label, _layout.file_url(programme, locale, path)),)
        block = composition.block(session)
        if removals is not None:
            removals.add(block.unsafe, session=session.id)
        yield block_html(block, anchor=True, extra_links=extra)
    yield "</section>"


def _footer(programme: Programme, locale: str, words: Words) -> list[str]:
    text_url = _esc(_layout.file_url(programme, locale, _layout.TEXT))
    text_label = _esc(words.gettext("This programme as plain text"))
    parts = [f'<a href="{text_url}">{text_label}</a>']
    contact = programme.contact
    if contact is not None:
        name = contact.name or contact.email or contact.url or ""
        if contact.email:
            who = f'<a href="mailto:{_esc(contact.email)}">{_esc(name)}</a>'
        elif contact.url:
            who = f'<a href="{_esc(contact.url)}">{_esc(name)}</a>'
        else:
            who = _esc(name)
        if who:
            parts.append(_esc(words.gettext("Contact")) + f": {who}")
    return ["<footer>", *(f"<p>{p}</p>" for p in parts), "</footer>"]


def iter_page(programme: Programme, locale: str) -> Iterator[str]:
    """The page of :func:`build_page` in pieces, each made as it is read.

    The head, the embedded JSON-LD in the pieces its module gives, then each
    session's article in turn and the end of the page: memory holds a piece
    at a time, not the page.
    """
    return _iter_page(Composition(programme, locale), None)


def _programme_texts(programme: Programme, locale: str) -> Iterator[str]:
    """The programme's own texts that its page writes: title, introduction, contact."""
    yield programme.text(programme.title, locale).text
    if programme.intro is not None:
        yield programme.text(programme.intro, locale).text
    contact = programme.contact
    if contact is not None:
        yield contact.name or contact.email or contact.url or ""


def _iter_page(composition: Composition, removals: Removals | None) -> Iterator[str]:
    """:func:`iter_page`, recording in ``removals`` what is removed from the texts as they are written."""
    programme, locale, words = composition.programme, composition.locale, composition.words
    if removals is not None:
        for text in _programme_texts(programme, locale):
            removals.add(removed_from(text))
    yield "<!DOCTYPE html>\n"
    yield f'<html lang="{_esc(locale)}">\n'
    yield "<head>\n"
    yield from _head(programme, locale, words, removals)
    title = programme.text(programme.title, locale)
    title_lang = "" if title.lang == locale else f' lang="{_esc(title.lang)}"'
    header = [
        "<header>",
        *_language_nav(programme, locale, words),
        f"<h1{title_lang}>{_esc(title.text)}</h1>",
    ]
    if programme.intro is not None:
        intro = programme.text(programme.intro, locale)
        intro_lang = "" if intro.lang == locale else f' lang="{_esc(intro.lang)}"'
        header.extend(f"<p{intro_lang}>{_esc(p)}</p>" for p in paragraphs(html_clean(intro.text)))
    header.append("</header>")
    skip_label = _esc(words.gettext("Skip to the sessions"))
    lines = [
        "</head>",
        "<body>",
        f'<a class="skip" href="#_sessions">{skip_label}</a>',
        *header,
        "<main>",
        *_subscribe(programme, locale, words),
    ]
    yield "\n".join(lines) + "\n"
    for line in _sessions(composition, removals):
        yield line
        yield "\n"
    tail = ["</main>", *_footer(programme, locale, words), "</body>", "</html>"]
    yield "\n".join(tail) + "\n"


def build_page(programme: Programme, locale: str) -> str:
    """The programme page for ``locale`` as a complete HTML5 document.

    Args:
        programme: The programme.
        locale: The page locale, e.g. ``nl``.
    """
    return "".join(iter_page(programme, locale))


class HTMLExporter(BaseExporter):
    """The programme page (``index.html``) of a locale."""

    name: ClassVar[str] = "html"
    title: ClassVar[str] = "Programme page"
    media_type: ClassVar[str] = "text/html; charset=utf-8"
    filename: ClassVar[str] = _layout.PAGE
    aliases: ClassVar[tuple[str, ...]] = ("page",)

    def render(self, programme: Programme, context: Context) -> Rendering:
        """Write ``index.html`` for ``context.locale``, streamed; every session goes in.

        The characters removed from texts (those HTML does not allow) are
        reported once the page is written, the embedded JSON-LD's included.
        """
        composition = context.compose(programme)
        removals = Removals(REMOVAL_REASON)

        def produce() -> Iterator[bytes]:
            removals.clear()  # counted afresh each time the page is made
            return encode_pieces(_iter_page(composition, removals))

        return Rendering(
            files=(OutputFile(path=self.filename, produce=produce, media_type=self.media_type),),
            included=tuple(s.id for s in programme.sessions),
            later_notes=removals.notes,
        )
