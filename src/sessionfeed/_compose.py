"""The one composition of a session that every format shares.

:func:`session_block` resolves a session into words for one locale: its
heading in the seed page's shape ("Title (december 2023)"), when and where,
the kind in the session's language ("Engelstalig webinar"), the status, the
people under their role labels, the organisers and the links. The plain text
(:func:`block_text`: ``programme.txt``, the iCalendar ``DESCRIPTION``, feed
summaries) and the HTML fragment (:func:`block_html`: the programme page, feed
item content) are both written from that block, so every output says the
same words.

The plain text has the shape of the seed page::

    Access to remedy - Joint industry efforts towards remedy (december 2023)

    Engelstalig webinar · Online

    Dit webinar is gericht op …

    Gespreksleider:

     • Maria Mora (Initiative for Global Solidarity, IGS)

    Sprekers:

     • Nicolas Hachez (OECD Center for RBC)
     • Dany Lopez (HPE)

    Georganiseerd door SER en Initiative for Global Solidarity (IGS).

    Onderwerpen: herstel & verhaal
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import Any

import attrs

from sessionfeed._model import AllDay, Month, Programme, Session, Status, Timed, Unknown, When
from sessionfeed._text import Localized
from sessionfeed._words import Words


__all__ = [
    "BULLET",
    "SEPARATOR",
    "SessionBlock",
    "block_html",
    "block_text",
    "escape_html",
    "html_clean",
    "machine_date",
    "paragraphs",
    "session_block",
]

#: The bullet of a person line in plain text, as on the seed page.
BULLET = " \u2022 "
#: Between the parts of the details line ("Engelstalig webinar · Online").
SEPARATOR = " \u00b7 "

_BLANK_LINES = re.compile(r"\n[ \t]*\n+")
#: Characters an HTML document must not contain (controls, noncharacters), and form feed.
_NOT_IN_HTML = re.compile(
    "[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef"
    + "".join(f"{chr(plane + 0xFFFE)}{chr(plane + 0xFFFF)}" for plane in range(0, 0x110000, 0x10000))
    + "]",
)


@attrs.frozen(kw_only=True)
class SessionBlock:
    """A session in words for one locale.

    Attributes:
        session: The session.
        locale: The page locale the words are in.
        title: The resolved title with its language.
        heading: The title and, in parentheses, the month and year
            ("Title (december 2023)"); just the title while the date is unknown.
        period: The month and year of the heading ("december 2023"), or ``""``.
        when_text: When, as :meth:`Words.format_when` writes it.
        kind_phrase: The kind in the session's language ("Engelstalig webinar").
        status_text: ``""`` while scheduled, else "Geannuleerd",
            "Verplaatst; eerder gepland op …", ...
        location_text: Where ("Online (Zoom)"), ``""`` while unknown.
        roles: Each role that occurs, in the order of :class:`~sessionfeed.Role`:
            its label with the plural from the catalog and the person lines.
        organisers_text: "Georganiseerd door SER en … , met ondersteuning van Shift"
            (``""`` when there are none).
        topics: The labels of the session's tags.
        description: The resolved description with its language, or ``None``.
        links: ``(label, url)``: session page, registration, join link, recording.
    """

    session: Session
    locale: str
    title: Localized
    heading: str
    period: str
    when_text: str
    kind_phrase: str
    status_text: str
    location_text: str
    roles: tuple[tuple[str, tuple[str, ...]], ...]
    organisers_text: str
    topics: tuple[str, ...]
    description: Localized | None
    links: tuple[tuple[str, str], ...]

    @property
    def details(self) -> str:
        """The details line: kind, when (unless the heading has it already) and where."""
        parts = [self.kind_phrase]
        if not isinstance(self.session.when, Month):
            parts.append(self.when_text)
        if self.location_text:
            parts.append(self.location_text)
        return SEPARATOR.join(parts)


def _period(words: Words, when: When) -> str:
    match when:
        case Timed(start=start):
            return words.format_month(start.year, start.month)
        case AllDay(start=first):
            return words.format_month(first.year, first.month)
        case Month(year=year, month=month):
            return words.format_month(year, month)
        case _:
            return ""


def _status_text(words: Words, session: Session) -> str:
    label = words.status_label(session.status)
    if session.status is Status.RESCHEDULED and session.previous_start is not None:
        return words.gettext("{status}; previously scheduled for {date}").format(
            status=label,
            date=words.format_previous_start(session.previous_start),
        )
    return label


def _organisers_text(words: Words, programme: Programme, session: Session) -> str:
    organisers = [words.organisation_name(programme, o) for o in programme.organisers_of(session)]
    supporters = [words.organisation_name(programme, o) for o in session.supporters]
    text = ""
    if organisers:
        text = words.gettext("Organised by {organisers}").format(
            organisers=words.format_list(organisers),
        )
    if supporters:
        support = words.gettext("with support from {supporters}").format(
            supporters=words.format_list(supporters),
        )
        text = (
            words.gettext("{organised}, {supported}").format(organised=text, supported=support)
            if text
            else support[:1].upper() + support[1:]
        )
    return text


def _links(words: Words, session: Session) -> tuple[tuple[str, str], ...]:
    links: list[tuple[str, str]] = []
    if session.links.page:
        links.append((words.gettext("Session page"), session.links.page))
    if session.links.registration and session.status is not Status.CANCELLED:
        links.append((words.gettext("Register"), session.links.registration))
    online = session.location.online if session.location is not None else None
    if online is not None and online.url and session.status is not Status.CANCELLED:
        label = (
            words.gettext("Join on {platform}").format(platform=online.platform)
            if online.platform
            else words.gettext("Join online")
        )
        links.append((label, online.url))
    if session.recording is not None:
        links.append((words.gettext("Recording"), session.recording.url))
    return tuple(links)


def session_block(
    programme: Programme,
    session: Session,
    locale: str,
    *,
    cache: dict[tuple[str, ...], Any] | None = None,
) -> SessionBlock:
    """Resolve ``session`` into words for ``locale``.

    Args:
        programme: The programme the session belongs to (fallback locale, organisers).
        session: The session.
        locale: The page locale, e.g. ``nl``.
        cache: A build's shared cache (``Context.cache``): the block is made
            once per build and reused by every exporter.

    Returns:
        The block that :func:`block_text` and :func:`block_html` write out.
    """
    if cache is None:
        return _session_block(programme, session, locale)
    key = ("block", session.id, locale)
    block: SessionBlock | None = cache.get(key)
    if block is None:
        block = cache[key] = _session_block(programme, session, locale)
    return block


def _session_block(programme: Programme, session: Session, locale: str) -> SessionBlock:
    words = Words.of(locale)
    title = programme.text(session.title, locale)
    period = _period(words, session.when)
    roles = tuple(
        (
            words.role_label(role, len(people)),
            tuple(words.person_line(programme, person) for person in people),
        )
        for role in session.roles
        if (people := session.people_in(role))
    )
    tag_labels = tuple(programme.text(tag.label, locale).text for tag in session.tags)
    return SessionBlock(
        session=session,
        locale=locale,
        title=title,
        heading=f"{title.text} ({period})" if period else title.text,
        period=period,
        when_text=words.format_when(session.when),
        kind_phrase=words.kind_phrase(programme, session),
        status_text=_status_text(words, session),
        location_text=words.location_text(session.location),
        roles=roles,
        organisers_text=_organisers_text(words, programme, session),
        topics=tag_labels,
        description=(
            programme.text(session.description, locale) if session.description is not None else None
        ),
        links=_links(words, session),
    )


def paragraphs(text: str) -> tuple[str, ...]:
    """Split a text at blank lines into paragraphs, each stripped; empty ones dropped."""
    normal = text.replace("\r\n", "\n").replace("\r", "\n")
    return tuple(p.strip() for p in _BLANK_LINES.split(normal) if p.strip())


def html_clean(text: str) -> str:
    """The text as HTML can carry it: line ends as LF, forbidden characters dropped."""
    return _NOT_IN_HTML.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def _sentence(text: str) -> str:
    return text if text.endswith((".", "!", "?")) else f"{text}."


def block_text(block: SessionBlock, *, cache: dict[tuple[str, ...], Any] | None = None) -> str:
    """The session as plain text in the seed page's shape (no trailing newline).

    Used by ``programme.txt``, the iCalendar ``DESCRIPTION`` and feed summaries;
    with a build's ``cache`` it is written once per build.
    """
    if cache is None:
        return _block_text(block)
    key = ("text", block.session.id, block.locale)
    text: str | None = cache.get(key)
    if text is None:
        text = cache[key] = _block_text(block)
    return text


def _block_text(block: SessionBlock) -> str:
    words = Words.of(block.locale)
    out: list[str] = [block.heading]
    if block.status_text:
        out.append(block.status_text)
    out.append(block.details)
    if block.description is not None:
        out.extend(paragraphs(block.description.text))
    for label, people in block.roles:
        out.append(f"{label}:")
        out.append("\n".join(f"{BULLET}{line}" for line in people))
    if block.organisers_text:
        out.append(_sentence(block.organisers_text))
    tail: list[str] = []
    if block.topics:
        tail.append(
            words.gettext("Topics: {topics}").format(topics=words.format_list(block.topics)),
        )
    tail.extend(f"{label}: {url}" for label, url in block.links)
    if tail:
        out.append("\n".join(tail))
    return "\n\n".join(out)


def escape_html(text: str) -> str:
    """Escape a text for HTML content or a quoted attribute value.

    Characters HTML does not allow in a document (C0 and C1 controls other than
    tab and line feed, noncharacters) are dropped and line ends become LF,
    so that a parser gives back exactly the text that :func:`html_clean` keeps.
    """
    return html.escape(html_clean(text), quote=True)


_esc = escape_html


def _lang_attr(text: Localized, locale: str) -> str:
    return "" if text.lang == locale else f' lang="{_esc(text.lang)}"'


def machine_date(when: When) -> str | None:
    """The value of ``<time datetime>`` for a date: ISO 8601, as precise as known.

    ``None`` while the date is unknown.
    """
    match when:
        case Timed(start=start):
            return start.isoformat()
        case AllDay(start=first):
            return first.isoformat()
        case Month():
            return when.iso()
        case Unknown():
            return None


def _description_html(description: Localized, locale: str) -> str:
    body = "\n".join(
        "<p>" + "<br>\n".join(_esc(line) for line in p.split("\n")) + "</p>"
        for p in paragraphs(html_clean(description.text))
    )
    return f'<div class="description"{_lang_attr(description, locale)}>\n{body}\n</div>'


def block_html(
    block: SessionBlock,
    *,
    heading_level: int = 3,
    anchor: bool = False,
    extra_links: Sequence[tuple[str, str]] = (),
) -> str:
    """The session as an HTML fragment: one ``<article>``, every text escaped.

    Texts whose language differs from the page locale carry ``lang=``.

    Args:
        block: The session in words.
        heading_level: The level of the session's heading (1 to 5); role labels
            are one level below.
        anchor: Give the article the session id as ``id`` (the page's anchors).
        extra_links: More ``(label, url)`` links after the session's own (the
            page adds "add to calendar").
    """
    words = Words.of(block.locale)
    level = min(max(heading_level, 1), 5)
    sub = level + 1
    session = block.session
    ident = f' id="{_esc(session.id)}"' if anchor else ""
    status_class = f" status-{_esc(session.status.value)}" if session.status is not Status.SCHEDULED else ""
    out = [f'<article class="session{status_class}"{ident}>']
    title = f"<span{_lang_attr(block.title, block.locale)}>{_esc(block.title.text)}</span>"
    period = f' <span class="period">({_esc(block.period)})</span>' if block.period else ""
    out.append(f"<h{level}>{title}{period}</h{level}>")
    if block.status_text:
        out.append(f'<p class="status"><strong>{_esc(block.status_text)}</strong></p>')
    machine = machine_date(session.when)
    when = (
        f'<time datetime="{_esc(machine)}">{_esc(block.when_text)}</time>'
        if machine
        else _esc(block.when_text)
    )
    what_label = _esc(words.gettext("What"))
    when_label = _esc(words.gettext("When"))
    where_label = _esc(words.gettext("Where"))
    out.append('<dl class="details">')
    out.append(f"<dt>{what_label}</dt><dd>{_esc(block.kind_phrase)}</dd>")
    out.append(f"<dt>{when_label}</dt><dd>{when}</dd>")
    if block.location_text:
        out.append(f"<dt>{where_label}</dt><dd>{_esc(block.location_text)}</dd>")
    out.append("</dl>")
    if block.description is not None:
        out.append(_description_html(block.description, block.locale))
    for label, people in block.roles:
        out.append(f'<h{sub} class="role">{_esc(label)}</h{sub}>')
        items = "\n".join(f"<li>{_esc(line)}</li>" for line in people)
        out.append(f'<ul class="people">\n{items}\n</ul>')
    if block.organisers_text:
        out.append(f'<p class="organisers">{_esc(_sentence(block.organisers_text))}</p>')
    if block.topics:
        label = _esc(words.gettext("Topics"))
        items = "".join(f"<li>{_esc(t)}</li>" for t in block.topics)
        out.append(f'<p class="topics-label">{label}</p><ul class="topics">{items}</ul>')
    links = (*block.links, *extra_links)
    if links:
        items = "\n".join(f'<li><a href="{_esc(url)}">{_esc(label)}</a></li>' for label, url in links)
        out.append(f'<ul class="links">\n{items}\n</ul>')
    out.append("</article>")
    return "\n".join(out)
