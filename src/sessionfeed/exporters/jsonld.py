"""schema.org JSON-LD: an ``Event`` per session search engines accept, its recording, the programme's list.

``DIR/<locale>/events.jsonld`` holds the markup of a whole programme; each
session's page embeds its own (:func:`_iter_session_script_tag`), and the
programme page an ``ItemList`` of the session pages
(:func:`_iter_script_tag`), never every event again. Written with the
standard library's :mod:`json`; see ``docs/jsonld.md`` for every property and
the reasons behind each choice. In short:

* The document is a ``@graph``: the programme's ``ItemList`` (Google's
  "summary page" pattern: one ``ListItem`` per session page), each session's
  ``Event`` and its recording's ``VideoObject`` (``AudioObject`` for audio),
  then each ``Organization`` and ``Person`` once, referred to by ``@id``
  wherever they appear.
* An ``Event`` is written only when it has what Google requires: a day (or a
  date and time), and a location that is a ``VirtualLocation`` with a ``url``
  or a ``Place`` with an ``address``. A session known only by its month, with
  no date, no location, or a venue without an address gets none; its
  recording is still described, and ``sessionfeed check`` says what to add.
* An online session without a join URL has a ``VirtualLocation`` whose
  ``url`` is where a person learns how to join: its registration link, else
  its page.
* A video without a thumbnail or a publication date, which Google would
  reject as a ``VideoObject``, is a plain ``MediaObject`` until the data has both.
* ``@id`` values are URLs made of ids, never of titles, so they survive a
  retitled or rescheduled session: ``<locale page>#<session id>`` for an
  event, ``<locale page>#_recording-<session id>`` for its recording,
  ``<locale page>#_programme`` for the list (ids cannot start with ``_``, so
  they never clash), ``<base_url>#person-<id>`` and ``<base_url>#org-<id>``.
* ``events.jsonld`` and the programme page's element are written one node at a
  time (:func:`iter_json`, :func:`iter_script_tag`), never whole in memory.
* Every JSON-LD text (the file, the pages' elements, :func:`script_tag`,
  :func:`to_json`) is escaped by :func:`escape_for_script`: no ``<``, ``>``
  or ``&`` in it, so that the file can be pasted into a page as it is. The
  texts lose the characters HTML does not allow, as the page's do, and the
  build summary says so.
* Everybody who takes part is a plain ``Person`` in ``performer`` (what
  Google's tools read); the roles stay recoverable in ``contributor``, one
  schema.org ``Role`` per participation with ``roleName`` = ``moderator``,
  ``speaker``, ...
"""

import itertools
import json
import re
from collections.abc import Iterable, Iterator
from typing import ClassVar

from sessionfeed.exporters.base import BaseExporter, Context, Omitted, OutputFile, Rendering
from sessionfeed.exporters.jsonld_graph import (
    CONTEXT,
    STREAMED,
    Node,
    Part,
    build_graph,
    build_list_graph,
    build_session_graph,
    check_locale,
    cleaned,
    event_reason,
    list_parts,
    parts,
    session_parts,
)
from sessionfeed.exporters.jsonld_media import media_type_of
from sessionfeed.exporters.removals import Removals
from sessionfeed.model.chars import is_clean
from sessionfeed.model.programme import Programme, Session
from sessionfeed.site import layout as _layout
from sessionfeed.words.compose import encode_pieces, join_pieces


__all__ = [
    "JSONLDExporter",
    "build_graph",
    "build_list_graph",
    "build_session_graph",
    "script_tag",
    "to_json",
]

_SCRIPT_OPEN = '<script type="application/ld+json">\n'
#: Why the JSON-LD removes what it removes (the end of the build summary's note).
REMOVAL_REASON = "HTML does not allow, where search engines show these texts"
_SCRIPT_CLOSE = "\n</script>"

# ------------------------------------------------------------------- writing

#: The encoders of ``json.dumps(value, ensure_ascii=False, indent=2)`` (the
#: file) and of ``json.dumps(value, ensure_ascii=False, separators=(",", ":"))``
#: (the page's element), made once, for the graphs this module makes. Their
#: nodes are trees made afresh, so the encoders need not look for cycles
#: (``check_circular``): the same text, written a tenth quicker.
_INDENTED = json.JSONEncoder(ensure_ascii=False, indent=2, check_circular=False)
_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False)


def to_json(graph: Node) -> str:
    """The document as the text of ``events.jsonld``: indented, ending in a newline, safe in a page.

    Escaped by :func:`escape_for_script`, as every JSON-LD text sessionfeed
    writes: people paste the file into a ``<script>`` element of their own pages.
    """
    return escape_for_script(json.dumps(graph, ensure_ascii=False, indent=2)) + "\n"


def _list_frame(encoder: json.JSONEncoder) -> tuple[str, str, str, str]:
    """What ``encoder`` writes after a node's last key, and around the items of a last list instead.

    Returns the node's closing, and the text before the first item of a
    last key ``subEvent``'s list, between two items and after the last (the
    node's closing included).
    """
    plain = encoder.encode({"k": 0})
    closing = plain[plain.rindex("0") + 1 :]
    with_list = encoder.encode({"k": 0, STREAMED: [None, None]})
    opening, between, after = with_list[len(plain) - len(closing) :].split("null")
    return closing, opening, between, after


def _item_text(encoder: json.JSONEncoder, node: Node, part: Part, removals: Removals | None) -> str:
    """``encoder``'s text of ``node``, cleaned when its text shows it may need it."""
    text = encoder.encode(node)
    if _may_be_unclean(text):
        _, session, entity, _ = part
        text = encoder.encode(cleaned(node, removals, session=session, entity=entity))
    return text


def _node_text(encoder: json.JSONEncoder, part: Part, removals: Removals | None) -> Iterator[str]:
    """``encoder``'s text of a part's node, in pieces: a last list made as it is written, an item at a time.

    The series refers to every event, so its list is as long as the
    programme: written whole, it would hold 50,000 references at once. Each
    item is written as the encoder writes it alone, one level deeper: each of
    its line ends is followed by four more spaces.
    """
    node, _, _, items = part
    text = _item_text(encoder, node, part, removals)
    if items is None:
        yield text
        return
    closing, opening, between, after = _list_frame(encoder)
    before = text.removesuffix(closing) + opening
    for item in items:
        item_text = _item_text(encoder, item, part, removals)
        yield before + (item_text.replace("\n", "\n    ") if encoder.indent else item_text)
        before = between
    yield after


def _document(parts: Iterable[Part], *, indent: bool, removals: Removals | None = None) -> Iterator[str]:
    """``json.dumps`` of the document of ``parts``, cleaned, indented or compact, a node at a time.

    The nodes are made as they are read and dropped once written, so a
    document is never whole in memory. ``json.dumps`` writes each item of the
    ``@graph`` list as it writes that item alone, two levels deeper: each of
    its line ends (JSON strings hold none of their own) is followed by four
    more spaces. The text around and between the items is what the same
    encoder writes around two; an empty graph is written as ``json.dumps`` writes it.

    A node is cleaned (:func:`_cleaned`, what is removed recorded in
    ``removals``) only when its JSON text shows that it may need it: nearly
    every node is written as it was made, without a search of each of its texts.
    """
    encoder = _INDENTED if indent else _COMPACT
    # What the encoder writes before the first item of the @graph, between two, after the last.
    opening, between, closing = encoder.encode({"@context": CONTEXT, "@graph": [None, None]}).split("null")
    before = opening
    parts = iter(parts)
    first = next(parts, None)
    if first is None:  # an empty graph, as json.dumps writes it
        yield encoder.encode({"@context": CONTEXT, "@graph": []})
        return
    for part in itertools.chain((first,), parts):
        for text in _node_text(encoder, part, removals):
            yield before + (text.replace("\n", "\n    ") if indent else text)
            before = ""
        before = between
    yield closing


#: How JSON writes a C0 control that :func:`_cleaned` removes (see :func:`_may_be_unclean`).
_ESCAPED_CONTROL = re.compile(r"\\(?:u00|[bf])")


def _may_be_unclean(json_text: str) -> bool:
    r"""Whether a JSON text (``ensure_ascii=False``) may hold a character that :func:`_cleaned` removes.

    JSON writes the C0 controls as ``\u00XX``, but backspace and form feed
    as ``\b`` and ``\f`` (and TAB, LF and CR, which stay, as ``\t``, ``\n``
    and ``\r``); the others it removes (DEL, the C1 controls, surrogates,
    noncharacters) are in the text as they are. A backslash of the data is
    written ``\\``, so the test may say yes where there is nothing to clean,
    but never no where there is something.
    """
    return _ESCAPED_CONTROL.search(json_text) is not None or not is_clean(json_text)


def _escaped(pieces: Iterable[str]) -> Iterator[str]:
    """``pieces`` escaped by :func:`escape_for_script`, gathered into pieces of about 64 K characters.

    Escaping changes each character on its own, so escaping the pieces is
    escaping the whole; they are gathered first so that it runs seldom.
    """
    for batch in join_pieces(pieces):
        yield escape_for_script(batch)


def iter_json(programme: Programme, locale: str) -> Iterator[str]:
    """``to_json(build_graph(programme, locale))`` in pieces, one batch of graph nodes after the other.

    Only the nodes being written are in memory (and the ids of the people and
    organisations referred to so far), however many sessions there are.

    Raises:
        ValueError: ``locale`` is not one of the programme's locales (at once, not when read).
    """
    check_locale(programme, locale)
    return _iter_json(programme, locale)


def _iter_json(programme: Programme, locale: str, removals: Removals | None = None) -> Iterator[str]:
    yield from _escaped(_document(parts(programme, locale), indent=True, removals=removals))
    yield "\n"


#: What HTML calls a parse error in any text: DEL and the C1 controls, and the
#: noncharacters (U+FDD0-U+FDEF and the last two code points of every plane).
#: JSON escapes the C0 controls itself.
_NOT_FOR_HTML = re.compile(
    "[\u007f-\u009f\ufdd0-\ufdef"
    + "".join(f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(17))
    + "]",
)


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    high, low = divmod(code - 0x10000, 0x400)
    return f"\\u{0xD800 + high:04x}\\u{0xDC00 + low:04x}"


def escape_for_script(json_text: str) -> str:
    r"""Make JSON text safe inside an HTML ``<script>`` element.

    ``<``, ``>`` and ``&`` become ``\u003c``, ``\u003e`` and ``\u0026``, so no
    text in the data can close the element (``</script>``) or open a comment
    (``<!--``) whose end the parser would look for. U+2028 and U+2029 become
    escapes too, for pages whose scripts read the JSON as JavaScript, and so do
    the controls and noncharacters that make an HTML parse error. All of these
    only occur inside JSON strings, where the escape means the same
    character: the JSON parses back to the same data.
    """
    text = (
        json_text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )
    return text if is_clean(text) else _NOT_FOR_HTML.sub(_json_escape, text)


def _find_session(programme: Programme, session: Session | str) -> Session:
    wanted = session if isinstance(session, str) else session.id
    try:
        found = programme.session(wanted)
    except KeyError:
        message = f"session {wanted!r} is not in the programme {programme.id!r}"
        raise ValueError(message) from None
    if not isinstance(session, str) and found != session:
        message = f"session {wanted!r} differs from the programme's session with that id"
        raise ValueError(message)
    return found


def iter_script_tag(programme: Programme, *, locale: str) -> Iterator[str]:
    """``script_tag(programme, locale=locale)`` in pieces, one batch of list items after the other.

    What the programme page embeds: the programme's ``ItemList`` of its
    sessions' pages, made as the page is written.

    Raises:
        ValueError: ``locale`` is not one of the programme's locales (at once, not when read).
    """
    check_locale(programme, locale)
    return _iter_script_tag(programme, locale)


def _iter_script_tag(
    programme: Programme,
    locale: str,
    removals: Removals | None = None,
    *,
    sessions: Iterable[Session] | None = None,
) -> Iterator[str]:
    """The programme page's element in pieces: the programme's ``ItemList`` of ``sessions`` (all by default).

    Not every session's ``Event`` again: Google wants each event's markup on its
    own page, and a page of 50,000 events is no page. A page that lists only
    some sessions (the newest, a year of the archive) passes them as
    ``sessions``: its list then has no ``@id`` of its own. No sessions, no
    element. What is removed from the texts is recorded in ``removals`` (the page's).
    """
    check_locale(programme, locale)
    listed = list_parts(programme, locale, sessions)
    first = next(listed, None)
    if first is None:  # nothing to list: no element
        return
    yield _SCRIPT_OPEN
    yield from _escaped(_document(itertools.chain((first,), listed), indent=False, removals=removals))
    yield _SCRIPT_CLOSE


def _iter_session_script_tag(
    programme: Programme,
    session: Session,
    locale: str,
    removals: Removals | None = None,
) -> Iterator[str]:
    """The element of a session's own page in pieces: its event, its recording, the people and organisations.

    Nothing at all for a session with neither an event search engines accept
    nor a recording (see :func:`~sessionfeed.exporters.jsonld_graph.no_event_reason`):
    an empty graph says nothing to anyone.
    """
    check_locale(programme, locale)
    session_nodes = list(session_parts(programme, session, locale))
    if not session_nodes:
        return
    yield _SCRIPT_OPEN
    yield from _escaped(_document(session_nodes, indent=False, removals=removals))
    yield _SCRIPT_CLOSE


def script_tag(programme: Programme, *, locale: str, session: Session | str | None = None) -> str:
    """A ``<script type="application/ld+json">`` element to put in a page.

    ``script_tag(programme, locale="nl")`` is what the programme page embeds:
    the programme's ``ItemList`` of its sessions' pages (a ``CollectionPage``
    for a programme without sessions).
    ``script_tag(programme, locale="nl", session=s)`` is one session's page, by
    :class:`~sessionfeed.Session` or by id: its ``Event``, its recording and the
    people and organisations they name (an empty ``@graph`` when the session
    has none of these). The whole programme's graph is in ``events.jsonld``
    (:func:`build_graph`).

    The JSON inside is escaped by :func:`escape_for_script`, so whatever the
    data holds, the element ends where it should.

    Raises:
        ValueError: ``locale`` is not one of the programme's locales, or the
            session is not in the programme.
    """
    if session is None:
        return "".join(iter_script_tag(programme, locale=locale))
    graph = build_session_graph(programme, _find_session(programme, session), locale)
    return _SCRIPT_OPEN + escape_for_script(_COMPACT.encode(graph)) + _SCRIPT_CLOSE


def _notes_and_omissions(programme: Programme, locale: str) -> tuple[tuple[str, ...], tuple[Omitted, ...]]:
    """What the build summary says: the sessions without an ``Event`` (left out, and why), the recordings.

    A session is in when it has its ``Event``; one without is reported as left out
    with the reason, and with whether its recording is still described.
    """
    omitted: list[Omitted] = []
    media = 0
    for session in programme.sessions:
        reason = event_reason(programme, session, locale)
        if reason is not None:
            also = "; its recording is described" if session.recording is not None else ""
            omitted.append(
                Omitted(session=session.id, reason=f"{reason}: no event search engines accept{also}")
            )
        if session.recording is not None and media_type_of(session.recording) == "MediaObject":
            media += 1
    notes: list[str] = []
    if media:
        recordings = "1 recording" if media == 1 else f"{media} recordings"
        notes.append(
            f"{recordings} without a thumbnail or a publication date: a MediaObject, "
            "not the VideoObject search engines show; see `sessionfeed check`",
        )
    return tuple(notes), tuple(omitted)


class JSONLDExporter(BaseExporter):
    """schema.org JSON-LD (``events.jsonld``): the programme's list, its events and recordings."""

    name: ClassVar[str] = "jsonld"
    title: ClassVar[str] = "schema.org JSON-LD"
    media_type: ClassVar[str] = "application/ld+json"
    filename: ClassVar[str] = _layout.JSONLD
    aliases: ClassVar[tuple[str, ...]] = ("json-ld", "schema")

    def render(self, programme: Programme, context: Context) -> Rendering:
        """Write ``events.jsonld`` for ``context.locale``, streamed: the whole graph.

        A session is in with its ``Event``; one without (see
        :func:`~sessionfeed.exporters.jsonld_graph.event_reason`) is reported as
        left out, with the reason; its recording is still described.

        The characters removed from texts (see :func:`_cleaned`) are reported
        once the file is written.

        Raises:
            ValueError: ``context.locale`` is not one of the programme's locales.
        """
        locale = context.locale
        check_locale(programme, locale)
        removals = Removals(REMOVAL_REASON)

        def produce() -> Iterator[bytes]:
            removals.clear()  # counted afresh each time the file is made
            return encode_pieces(_iter_json(programme, locale, removals))

        notes, omitted = _notes_and_omissions(programme, locale)
        left_out = {o.session for o in omitted}
        return Rendering(
            files=(OutputFile(path=self.filename, produce=produce, media_type=self.media_type),),
            included=tuple(s.id for s in programme.sessions if s.id not in left_out),
            omitted=omitted,
            notes=notes,
            later_notes=removals.notes,
        )
