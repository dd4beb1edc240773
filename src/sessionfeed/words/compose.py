"""The one composition of a session that every format shares.

A :class:`Composition` holds what every format of one locale says: each
session resolved into words (:class:`SessionBlock`: its heading in the seed
page's shape, "Title (december 2023)", when and where, the kind in the
session's language, "Engelstalig webinar", the status, the people under
their role labels, the organisers and the links) and the phrases that
sessions repeat (:class:`~sessionfeed.words.phrases.Phrases`). A build makes one per locale and hands it
to every exporter. The plain text (:func:`block_text`: ``programme.txt``, the
iCalendar ``DESCRIPTION``, feed summaries) and the HTML fragment
(:func:`~sessionfeed.exporters.card.block_html`: the pages, feed item content) are both written
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
import itertools
import operator
from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType

import attrs

from sessionfeed.model.chars import is_clean, unsafe as unsafe_characters
from sessionfeed.model.programme import (
    AllDay,
    Month,
    Programme,
    Session,
    Timed,
    Unknown,
    When,
)
from sessionfeed.model.text import Localized
from sessionfeed.words.escaping import escape_html, html_clean, paragraphs
from sessionfeed.words.phrases import (
    Phrases,
    link_list,
    organisers_sentence,
    period_text,
    status_text,
)
from sessionfeed.words.vocabulary import Words


__all__ = [
    "BULLET",
    "PIECE_CHARS",
    "SEPARATOR",
    "Composition",
    "SessionBlock",
    "block_text",
    "encode_pieces",
    "escape_html",
    "html_clean",
    "join_pieces",
    "machine_date",
    "machine_datetime",
    "paragraphs",
    "sentence",
    "session_block",
]

#: The bullet of a person line in plain text, as on the seed page.
BULLET = " \u2022 "
#: Between the parts of the details line ("Engelstalig webinar · Online").
SEPARATOR = " \u00b7 "


#: About how many characters a streamed file gathers before it encodes and
#: yields them (see :func:`encode_pieces`): large enough that a piece is
#: cheap to write, small enough that memory does not notice it.
PIECE_CHARS = 1 << 16


def join_pieces(texts: Iterable[str]) -> Iterator[str]:
    """Join ``texts`` into pieces of about :data:`PIECE_CHARS` characters.

    The texts are gathered until they reach that many characters, then joined:
    a streamed file is made in pieces of bounded size, whether its texts are
    a few characters or a whole session long. The pieces joined are ``"".join(texts)``.
    """
    limit = PIECE_CHARS
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


def encode_pieces(texts: Iterable[str]) -> Iterator[bytes]:
    """:func:`join_pieces`, each encoded as UTF-8: the bytes of a streamed file."""
    for piece in join_pieces(texts):
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
        organiser_parts: ``organisers_text`` in pieces, ``(text, organisation id)``, the
            id ``""`` for the words between the names: what a page links to
            each organisation's page (``()`` when there are no organisers).
        programme: The programme the session belongs to (its URLs and facets).
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
    organiser_parts: tuple[tuple[str, str], ...] = attrs.field(default=(), eq=False, repr=False)
    programme: Programme | None = attrs.field(default=None, eq=False, repr=False)
    unsafe: tuple[str, ...] = attrs.field(init=False, repr=False)

    @unsafe.default
    def _find_unsafe(self) -> tuple[str, ...]:
        texts = self.texts()
        return () if is_clean(texts) else tuple(unsafe_characters(texts))

    def texts(self) -> str:
        """Every text the block holds, one to a line.

        What :func:`block_text` and :func:`~sessionfeed.exporters.card.block_html` write of the session is
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
            parts += (label, *lines)
        for link in self.links:
            parts += link
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


class Composition:
    """What every format of one locale says, composed once: each session's words and the phrases.

    A build makes one per locale and hands it to every exporter of that
    locale (``Context.composition``); ``BaseExporter.export()`` makes its own.
    Each session's words (:class:`SessionBlock`, 1.4 KB in the benchmark's
    programme) are made the first time a format asks for them and kept for
    the others: some 70 MB at 50,000 sessions. The texts written from them
    (:func:`block_text`, the card, 4.8 and 6.5 KB there) are not
    kept: each format writes them as it needs them, and drops them.

    Attributes:
        programme: The programme.
        locale: The locale, e.g. ``nl``.
        words: Its words.
        phrases: The phrases the sessions repeat.
    """

    __slots__ = ("_blocks", "_organiser_parts", "locale", "phrases", "programme", "words")

    def __init__(self, programme: Programme, locale: str) -> None:
        """Start the composition of ``programme`` in ``locale``; nothing is composed yet."""
        self.programme = programme
        self.locale = locale
        self.phrases = Phrases(programme, locale)
        self.words = self.phrases.words
        self._blocks: dict[str, SessionBlock] = {}
        self._organiser_parts: dict[tuple[tuple[str, ...], tuple[str, ...]], tuple[tuple[str, str], ...]] = {}

    def block(self, session: Session) -> SessionBlock:
        """The words of ``session`` (one of the programme's), made the first time they are asked for."""
        block = self._blocks.get(session.id)
        if block is None:
            block = _session_block(self.programme, session, self.locale, self.phrases, self._organiser_parts)
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
        The block that :func:`block_text` and the card write out.
    """
    return _session_block(programme, session, locale, Phrases(programme, locale))


def _roles(phrases: Phrases, session: Session) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each role that occurs, in the order of :class:`~sessionfeed.Role`, with its label and people.

    A session holds its participants grouped by role in that order (``Session.participants``).
    """
    groups = itertools.groupby(session.participants, key=operator.attrgetter("role"))
    people = [(role, tuple(phrases.person_line(part.person) for part in parts)) for role, parts in groups]
    return tuple((phrases.role_label(role, len(lines)), lines) for role, lines in people)


def _organiser_parts(
    phrases: Phrases,
    session: Session,
    text: str,
    cache: dict[tuple[tuple[str, ...], tuple[str, ...]], tuple[tuple[str, str], ...]],
) -> tuple[tuple[str, str], ...]:
    """The organisers' sentence in pieces: ``(words, "")`` and ``(name, organisation id)``.

    Made once for each set of organisers and supporters. Should the marked
    sentence not give back ``text`` (a translation that changes a name's case),
    the sentence is one piece, linked to nothing.
    """
    if not text:
        return ()
    programme = phrases.programme
    organisers = programme.organisers_of(session)
    supporters = session.supporters
    key = (tuple(o.id for o in organisers), tuple(o.id for o in supporters))
    found = cache.get(key)
    if found is not None:
        return found
    names = {o.id: phrases.words.organisation_name(programme, o) for o in (*organisers, *supporters)}
    # Each name written as a mark, \x00<id>\x00, to find it in the sentence.
    marked = organisers_sentence(
        phrases.words, programme, organisers, supporters, lambda org: f"\x00{org.id}\x00"
    )
    pieces = marked.split("\x00")
    parts: list[tuple[str, str]] = []
    for index, piece in enumerate(pieces):
        if index % 2:
            parts.append((names.get(piece, piece), piece))
        elif piece:
            parts.append((piece, ""))
    result = tuple(parts)
    if len(pieces) % 2 == 0 or "".join(part for part, _ in result) != text:
        result = ((text, ""),)
    cache[key] = result
    return result


def _session_block(
    programme: Programme,
    session: Session,
    locale: str,
    phrases: Phrases,
    organiser_cache: dict[tuple[tuple[str, ...], tuple[str, ...]], tuple[tuple[str, str], ...]] | None = None,
) -> SessionBlock:
    words = phrases.words
    title = programme.text(session.title, locale)
    period = period_text(words, session.when)
    organisers_text = phrases.organisers_text(session)
    return SessionBlock(
        session=session,
        locale=locale,
        title=title,
        heading=f"{title.text} ({period})" if period else title.text,
        period=period,
        when_text=phrases.when_text(session.when),
        kind_phrase=phrases.kind_phrase(session),
        status_text=status_text(words, session),
        location_text=phrases.location_text(session.location),
        roles=_roles(phrases, session),
        organisers_text=organisers_text,
        organiser_parts=_organiser_parts(
            phrases, session, organisers_text, {} if organiser_cache is None else organiser_cache
        ),
        programme=programme,
        topics=tuple(phrases.tag_label(tag) for tag in session.tags),
        description=(
            programme.text(session.description, locale) if session.description is not None else None
        ),
        links=link_list(words, session),
    )


def sentence(text: str) -> str:
    """``text`` ending as a sentence ends: a full stop added unless it has one, or ! or ?."""
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
        out.append(sentence(block.organisers_text))
    tail: list[str] = []
    if block.topics:
        tail.append(
            words.gettext("Topics: {topics}").format(topics=words.format_list(block.topics)),
        )
    tail.extend(f"{label}: {url}" for label, url in block.links)
    if tail:
        out.append("\n".join(tail))
    return "\n\n".join(out)


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
