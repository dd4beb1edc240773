"""The one composition of a session that every format shares.

A :class:`Composition` holds what every format of one locale says: each
session resolved into words (:class:`SessionBlock`: its heading in the seed
page's shape, "Title (december 2023)", when and where, the kind in the
session's language, "Engelstalig webinar", the status, the people under
their role labels, the organisers and the links) and the phrases that
sessions repeat (:class:`Phrases`). A build makes one per locale and hands it
to every exporter. The plain text (:func:`block_text`: ``programme.txt``, the
iCalendar ``DESCRIPTION``, feed summaries) and the HTML fragment
(:func:`block_html`: the programme page, feed item content) are both written
from a block, so every output says the same words.

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

import datetime as dt
import functools
import zoneinfo
from collections.abc import Iterable, Iterator, Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING

import attrs

from sessionfeed.model.chars import is_clean, unsafe as unsafe_characters
from sessionfeed.model.programme import (
    AllDay,
    Location,
    Month,
    Organisation,
    Person,
    Programme,
    Role,
    Session,
    Status,
    Tag,
    Timed,
    Unknown,
    When,
)
from sessionfeed.model.text import Localized
from sessionfeed.words.escaping import escape_html, html_clean, paragraphs, text_paragraphs
from sessionfeed.words.vocabulary import Words


if TYPE_CHECKING:
    from sessionfeed.exporters.templating import Templates


__all__ = [
    "BULLET",
    "CARD_TEMPLATE",
    "PIECE_CHARS",
    "SEPARATOR",
    "CardLabels",
    "Composition",
    "Phrases",
    "SessionBlock",
    "block_html",
    "block_text",
    "card_context",
    "card_labels",
    "encode_pieces",
    "escape_html",
    "html_clean",
    "join_pieces",
    "machine_date",
    "machine_datetime",
    "paragraphs",
    "session_block",
]

#: The bullet of a person line in plain text, as on the seed page.
BULLET = " \u2022 "
#: Between the parts of the details line ("Engelstalig webinar · Online").
SEPARATOR = " \u00b7 "

#: The template of a session's card (an ``<article>``), in a templates folder.
CARD_TEMPLATE = "parts/session.html"

#: About how many characters a streamed file gathers before it encodes and
#: yields them (see :func:`encode_pieces`): large enough that a piece is
#: cheap to write, small enough that memory does not notice it.
PIECE_CHARS = 1 << 16


def join_pieces(texts: Iterable[str], size: int | None = None) -> Iterator[str]:
    """Join ``texts`` into pieces of about ``size`` characters (:data:`PIECE_CHARS`).

    The texts are gathered until they reach ``size`` characters, then joined:
    a streamed file is made in pieces of bounded size, whether its texts are
    a few characters or a whole session long. The pieces joined are ``"".join(texts)``.
    """
    limit = PIECE_CHARS if size is None else size
    batch: list[str] = []
    length = 0
    for text in texts:
        batch.append(text)
        length += len(text)
        if length >= limit:
            yield "".join(batch)
            batch.clear()
            length = 0
    if batch:
        yield "".join(batch)


def encode_pieces(texts: Iterable[str], size: int | None = None) -> Iterator[bytes]:
    """:func:`join_pieces`, each encoded as UTF-8: the bytes of a streamed file."""
    for piece in join_pieces(texts, size):
        yield piece.encode("utf-8")


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
        unsafe: The characters of its texts that the page, the plain text and
            the feeds remove (controls and noncharacters, see
            :func:`sessionfeed.model.chars.without_unsafe`), each as often as it
            occurs: ``()`` for nearly every session. Found once, so that those
            formats need not search the texts again; what they write of the
            block is made of these texts and the catalog's words.
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
    unsafe: tuple[str, ...] = attrs.field(init=False, repr=False)

    @unsafe.default
    def _find_unsafe(self) -> tuple[str, ...]:
        texts = self.texts()
        return () if is_clean(texts) else tuple(unsafe_characters(texts))

    def texts(self) -> str:
        """Every text the block holds, one to a line.

        What :func:`block_text` and :func:`block_html` write of the session is
        made of these and of the catalog's words: where these have no character
        of some kind, neither have they.
        """
        parts = [
            self.heading,
            self.status_text,
            self.kind_phrase,
            self.when_text,
            self.location_text,
            self.organisers_text,
            *self.topics,
        ]
        if self.description is not None:
            parts.append(self.description.text)
        for label, lines in self.roles:
            parts.append(label)
            parts.extend(lines)
        for label, url in self.links:
            parts.append(label)
            parts.append(url)
        return "\n".join(parts)

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
    previous = session.previous_start
    if session.status is Status.RESCHEDULED and previous is not None:
        # A former time in the zone of the session's time is read as the reader
        # reads that; in another zone, or for a session with no time, it names its zone.
        when = session.when
        own_zone = isinstance(previous, dt.datetime) and not (
            isinstance(when, Timed) and _same_zone(previous.tzinfo, when.start.tzinfo)
        )
        return words.gettext("{status}; previously scheduled for {date}").format(
            status=label,
            date=words.format_previous_start(previous, zone_name=own_zone),
        )
    return label


def _same_zone(zone: dt.tzinfo | None, other: dt.tzinfo | None) -> bool:
    """Whether two zones are one IANA zone (a session's times always are in one)."""
    if not (isinstance(zone, zoneinfo.ZoneInfo) and isinstance(other, zoneinfo.ZoneInfo)):
        return False
    return zone.key == other.key


def _organisers_sentence(
    words: Words,
    programme: Programme,
    organisers: Sequence[Organisation],
    supporters: Sequence[Organisation],
) -> str:
    """The organisers and supporters in a sentence ("Organised by A and B, with support from C").

    ``""`` when there are none.
    """
    organised = [words.organisation_name(programme, o) for o in organisers]
    supported = [words.organisation_name(programme, o) for o in supporters]
    text = ""
    if organised:
        text = words.gettext("Organised by {organisers}").format(
            organisers=words.format_list(organised),
        )
    if supported:
        support = words.gettext("with support from {supporters}").format(
            supporters=words.format_list(supported),
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


#: The roles in the order a block lists them.
_ROLES = tuple(Role)


class Phrases:
    """The words that the sessions of one programme repeat, in one locale, each made once.

    A person speaks in ten sessions, one organiser runs hundreds and most
    sessions are webinars "Online (Zoom)": each such phrase is made the
    first time it is needed and looked up after. The phrases belong to one
    programme (a name resolves through its fallback locale, a kind may be
    declared), so they are keyed by ids, which the programme keeps unique:
    a person, a tag or an organisation by its id, a kind by its id and
    language, a role's label by the role and the count, a place and a date
    known to the day or the month by their values. There are a few
    thousand of them even at 50,000 sessions, so all are kept.

    Attributes:
        programme: The programme the phrases are of.
        locale: The page locale.
        words: Its words.
    """

    __slots__ = (
        "_kinds",
        "_labels",
        "_organisers",
        "_people",
        "_places",
        "_tags",
        "_whens",
        "locale",
        "programme",
        "words",
    )

    def __init__(self, programme: Programme, locale: str) -> None:
        """Start the phrases of ``programme`` in ``locale``, with none made yet."""
        self.programme = programme
        self.locale = locale
        self.words = Words.of(locale)
        self._people: dict[str, str] = {}
        self._tags: dict[str, str] = {}
        self._organisers: dict[tuple[tuple[str, ...], tuple[str, ...]], str] = {}
        self._kinds: dict[tuple[str, str], str] = {}
        self._labels: dict[tuple[Role, int], str] = {}
        self._places: dict[tuple[object, ...], str] = {}
        self._whens: dict[When, str] = {}

    def person_line(self, person: Person) -> str:
        """:meth:`Words.person_line`: "Maria Mora (Initiative for Global Solidarity, IGS)"."""
        line = self._people.get(person.id)
        if line is None:
            line = self._people[person.id] = self.words.person_line(self.programme, person)
        return line

    def role_label(self, role: Role, count: int) -> str:
        """:meth:`Words.role_label`: "Spreker", "Sprekers"."""
        label = self._labels.get((role, count))
        if label is None:
            label = self._labels[role, count] = self.words.role_label(role, count)
        return label

    def tag_label(self, tag: Tag) -> str:
        """The label of a topic in this locale (with the programme's fallback)."""
        label = self._tags.get(tag.id)
        if label is None:
            label = self._tags[tag.id] = self.programme.text(tag.label, self.locale).text
        return label

    def organisers_text(self, session: Session) -> str:
        """The organisers' sentence: "Georganiseerd door SER en …, met ondersteuning van Shift".

        ``""`` when there are none.
        """
        organisers = self.programme.organisers_of(session)
        supporters = session.supporters
        if not organisers and not supporters:
            return ""
        key = (tuple(o.id for o in organisers), tuple(o.id for o in supporters))
        text = self._organisers.get(key)
        if text is None:
            text = _organisers_sentence(self.words, self.programme, organisers, supporters)
            self._organisers[key] = text
        return text

    def kind_phrase(self, session: Session) -> str:
        """:meth:`Words.kind_phrase`: "Engelstalig webinar"."""
        key = (session.kind, session.language)
        phrase = self._kinds.get(key)
        if phrase is None:
            phrase = self._kinds[key] = self.words.kind_phrase(self.programme, session)
        return phrase

    def location_text(self, location: Location | None) -> str:
        """:meth:`Words.location_text`: "Online (Zoom)", the venue, or both; ``""`` while unknown."""
        if location is None:
            return ""
        online = location.online
        # What the text is made of: whether it is online and on what platform, and the venue.
        key = (online is not None, online.platform if online is not None else None, location.venue)
        text = self._places.get(key)
        if text is None:
            text = self._places[key] = self.words.location_text(location)
        return text

    def when_text(self, when: When) -> str:
        """:meth:`Words.format_when`; whole days, months and unknown dates are kept.

        Exact times are not: sessions rarely share both their start and their end.
        """
        if isinstance(when, Timed):
            return self.words.format_when(when)
        text = self._whens.get(when)
        if text is None:
            text = self._whens[when] = self.words.format_when(when)
        return text


class Composition:
    """What every format of one locale says, composed once: each session's words and the phrases.

    A build makes one per locale and hands it to every exporter of that
    locale (``Context.composition``); ``BaseExporter.export()`` makes its own.
    Each session's words (:class:`SessionBlock`, 1.4 KB in the benchmark's
    programme) are made the first time a format asks for them and kept for
    the others: some 70 MB at 50,000 sessions. The texts written from them
    (:func:`block_text`, :func:`block_html`, 4.8 and 6.5 KB there) are not
    kept: each format writes them as it needs them, and drops them.

    Attributes:
        programme: The programme.
        locale: The locale, e.g. ``nl``.
        words: Its words.
        phrases: The phrases the sessions repeat.
    """

    __slots__ = ("_blocks", "locale", "phrases", "programme", "words")

    def __init__(self, programme: Programme, locale: str) -> None:
        """Start the composition of ``programme`` in ``locale``; nothing is composed yet."""
        self.programme = programme
        self.locale = locale
        self.phrases = Phrases(programme, locale)
        self.words = self.phrases.words
        self._blocks: dict[str, SessionBlock] = {}

    def block(self, session: Session) -> SessionBlock:
        """The words of ``session`` (one of the programme's), made the first time they are asked for."""
        block = self._blocks.get(session.id)
        if block is None:
            block = _session_block(self.programme, session, self.locale, self.phrases)
            self._blocks[session.id] = block
        return block

    @property
    def blocks(self) -> Mapping[str, SessionBlock]:
        """The sessions' words made so far, by session id (read only)."""
        return MappingProxyType(self._blocks)

    def __repr__(self) -> str:
        return f"<Composition of {self.programme.id!r} in {self.locale!r}: {len(self._blocks)} sessions>"


def session_block(programme: Programme, session: Session, locale: str) -> SessionBlock:
    """Resolve ``session`` into words for ``locale``, on its own.

    Formats that write many sessions take them from a :class:`Composition`,
    which makes each phrase the sessions share once; this is the same block.

    Args:
        programme: The programme the session belongs to (fallback locale, organisers).
        session: The session.
        locale: The page locale, e.g. ``nl``.

    Returns:
        The block that :func:`block_text` and :func:`block_html` write out.
    """
    return _session_block(programme, session, locale, Phrases(programme, locale))


def _roles(phrases: Phrases, session: Session) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each role that occurs, in the order of :class:`~sessionfeed.Role`, with its label and people."""
    if not session.participants:
        return ()
    lines: dict[Role, list[str]] = {}
    for part in session.participants:
        lines.setdefault(part.role, []).append(phrases.person_line(part.person))
    return tuple(
        (phrases.role_label(role, len(people)), tuple(people))
        for role in _ROLES
        if (people := lines.get(role))
    )


def _session_block(programme: Programme, session: Session, locale: str, phrases: Phrases) -> SessionBlock:
    words = phrases.words
    title = programme.text(session.title, locale)
    period = _period(words, session.when)
    return SessionBlock(
        session=session,
        locale=locale,
        title=title,
        heading=f"{title.text} ({period})" if period else title.text,
        period=period,
        when_text=phrases.when_text(session.when),
        kind_phrase=phrases.kind_phrase(session),
        status_text=_status_text(words, session),
        location_text=phrases.location_text(session.location),
        roles=_roles(phrases, session),
        organisers_text=phrases.organisers_text(session),
        topics=tuple(phrases.tag_label(tag) for tag in session.tags),
        description=(
            programme.text(session.description, locale) if session.description is not None else None
        ),
        links=_links(words, session),
    )


def _sentence(text: str) -> str:
    return text if text.endswith((".", "!", "?")) else f"{text}."


def block_text(block: SessionBlock) -> str:
    """The session as plain text in the seed page's shape (no trailing newline).

    Used by ``programme.txt``, the iCalendar ``DESCRIPTION`` and feed summaries.
    """
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


@attrs.frozen
class CardLabels:
    """The labels that every card of a locale repeats (the card template's ``labels``).

    Attributes:
        what: "Wat".
        when: "Wanneer".
        where: "Waar".
        topics: "Onderwerpen".
    """

    what: str
    when: str
    where: str
    topics: str


@functools.lru_cache(maxsize=32)
def card_labels(locale: str) -> CardLabels:
    """The labels that every card of ``locale`` repeats, looked up once."""
    words = Words.of(locale)
    return CardLabels(
        what=words.gettext("What"),
        when=words.gettext("When"),
        where=words.gettext("Where"),
        topics=words.gettext("Topics"),
    )


_WHOLE_MINUTE = dt.timedelta(minutes=1)


def machine_datetime(moment: dt.datetime) -> str:
    """An instant as ISO 8601 that schema.org, HTML and RFC 3339 all accept.

    ``2027-03-11T14:00:00+01:00``: the wall-clock time with its UTC offset,
    in whole seconds (HTML allows at most three decimals, and none are
    needed). Those formats write an offset in hours and minutes only, so a
    time whose offset has seconds (local mean time, such as Amsterdam's
    +00:19:32 before 1937) is written in UTC instead, with ``Z``: the same
    instant, exactly, where rounding the offset would move it. JSON-LD's
    ``startDate``, ``endDate`` and ``previousStartDate`` and the page's
    ``<time datetime>`` are written with it.

    Raises:
        ValueError: ``moment`` is naive: it could be any instant.
    """
    offset = moment.utcoffset()
    if offset is None:
        message = f"an instant needs a time zone; got the naive {moment.isoformat()}"
        raise ValueError(message)
    if offset % _WHOLE_MINUTE:
        return moment.astimezone(dt.UTC).replace(tzinfo=None).isoformat(timespec="seconds") + "Z"
    return moment.isoformat(timespec="seconds")


def machine_date(when: When) -> str | None:
    """The value of ``<time datetime>`` for a date: ISO 8601, as precise as known.

    ``None`` while the date is unknown. An exact time is written by
    :func:`machine_datetime`.
    """
    match when:
        case Timed(start=start):
            return machine_datetime(start)
        case AllDay(start=first):
            return first.isoformat()
        case Month():
            return when.iso()
        case Unknown():
            return None


def card_context(
    block: SessionBlock,
    *,
    heading_level: int = 3,
    anchor: bool = False,
    extra_links: Sequence[tuple[str, str]] = (),
    id_prefix: str = "",
) -> dict[str, object]:
    """The variables of the session card template (``parts/session.html``) for ``block``.

    docs/templates.md lists them: the block and the session themselves, and
    what the built-in card writes, each as one variable (a template reads a
    variable faster than an attribute, and a page has thousands of cards).
    The recording's link is left out of ``links``: the card writes it with
    its own template (``parts/recording.html``).
    """
    session = block.session
    locale = block.locale
    recording = session.recording
    description = block.description
    status = session.status
    organisers = block.organisers_text
    return {
        "block": block,
        "session": session,
        "locale": locale,
        "level": min(max(heading_level, 1), 5),
        "anchor": anchor,
        "id_prefix": id_prefix,
        "status": "" if status is Status.SCHEDULED else status.value,
        "title": block.title.text,
        "title_lang": "" if block.title.lang == locale else block.title.lang,
        "period": block.period,
        "status_text": block.status_text,
        "kind": block.kind_phrase,
        "when": block.when_text,
        "machine_date": machine_date(session.when),
        "where": block.location_text,
        "description": (
            text_paragraphs(description.text, clean=not block.unsafe) if description is not None else ()
        ),
        "description_lang": "" if description is None or description.lang == locale else description.lang,
        "roles": block.roles,
        "organisers": _sentence(organisers) if organisers else "",
        "topics": block.topics,
        "labels": card_labels(locale),
        "links": block.links[:-1] if recording is not None else block.links,  # the recording is last
        "recording": recording,
        "extra_links": tuple(extra_links),
        "_": Words.of(locale).gettext,
    }


def block_html(
    block: SessionBlock,
    *,
    heading_level: int = 3,
    anchor: bool = False,
    extra_links: Sequence[tuple[str, str]] = (),
    templates: Templates | None = None,
    id_prefix: str = "",
) -> str:
    """The session as an HTML fragment: its card (one ``<article>``), every text escaped.

    Rendered by the card template, ``parts/session.html``: the built-in one,
    or that of ``templates``. Texts whose language differs from the page
    locale carry ``lang=``.

    Args:
        block: The session in words.
        heading_level: The level of the session's heading (1 to 5); role labels
            are one level below.
        anchor: Give the article the session id as ``id`` (the page's anchors).
        extra_links: More ``(label, url)`` links after the session's own (the
            page adds "add to calendar").
        templates: The templates to render it with; the built-in ones by default.
        id_prefix: Put before the ``id`` (a fragment to embed in another page
            prefixes its ids, so that they cannot clash with the page's).

    Raises:
        TemplateError: The card template of ``templates`` has an error.
    """
    from sessionfeed.exporters.templating import builtin_templates

    chosen = builtin_templates() if templates is None else templates
    context = card_context(
        block, heading_level=heading_level, anchor=anchor, extra_links=extra_links, id_prefix=id_prefix,
    )  # fmt: skip
    return chosen.render_text(CARD_TEMPLATE, context)
