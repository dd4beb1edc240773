"""Readers of every output format, as their real clients read them, for the promise suite.

Each reader takes the bytes an exporter wrote and returns a :class:`Document`:
what the real parsers of the format make of them. A reader raises (any
exception, usually :class:`AssertionError`) when a parser does not read the
bytes without error; that is the first promise. The readers are chosen by the
media type an output file declares, so a plugin's file is read like a
built-in's of the same type:

================================  =====================================================
media type                        parsers
================================  =====================================================
``text/calendar``                 icalendar and vobject, plus the RFC 5545 grammar of
                                  every content line (CRLF, parameters, TEXT escapes)
``application/rss+xml``           lxml (strict XML 1.0) and feedparser (``bozo`` unset)
``application/atom+xml``          lxml (strict XML 1.0) and feedparser (``bozo`` unset)
``application/ld+json``           json, then PyLD expansion and flattening, offline
``text/html``                     html5lib in strict mode (any parse error fails)
``text/plain``                    strict UTF-8
anything else                     strict UTF-8 when textual (``text/*``, ``+xml``,
                                  ``+json``), parsed by lxml/json when XML/JSON
================================  =====================================================

A :class:`Document` holds, per parser, the *items* (calendar components,
feed entries, JSON-LD events) with the texts a client can recover from each
after the format's own decoding, the *anchors* of a page (element ``id`` to
its text), all recoverable texts, and a *signature*: the structure with the
text taken out (iCalendar: component and property names with parameter
names; XML and HTML: element names with attribute names, and the tree of HTML
carried inside feeds, with the items of the lists a page orders by their
texts sorted by shape (``html_shape``); JSON: keys and ``@type`` values, except the keys that
are texts: in a frab schedule, each day's ``rooms`` object is keyed by the
rooms' names, so its keys are left out and its values' shapes sorted, after
checking that each key is the ``room`` of every event under it, and the
conference's list of rooms, in the order of their names, sorted by shape). Two programmes
that differ only in their texts must give equal signatures ("nothing injected").

Allowed normalisations (``docs/promises.md`` explains each). A text of the
programme must be found in an output after exactly these, and nothing more:

* **Line breaks**: CRLF and a lone CR are LF, in the text and in the output.
* **Characters the format cannot carry** are dropped from the text:

  - iCalendar: the C0 controls but TAB and LF, and DEL (RFC 5545 ``CONTROL``);
  - RSS, Atom, HTML, JSON-LD and plain text: the C0 controls but TAB and LF
    (form feed included), DEL, the C1 controls and the noncharacters: what
    XML 1.0 forbids or discourages and what HTML calls a parse error (feed
    readers show feed text as HTML, search engines show JSON-LD texts in
    pages, a terminal acts on controls in a text file).

* **Paragraphs**: a text is compared paragraph by paragraph (paragraphs are
  separated by blank lines, ``\\n[ \\t]*\\n``), each without the white space
  at its two ends (``str.strip``). Inside a paragraph every character counts.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


__all__ = [
    "FORMATS",
    "Document",
    "Format",
    "Item",
    "format_for",
    "pieces",
    "tree_digest",
]

BLANK_LINES = re.compile(r"\n[ \t]*\n+")
_NONCHARACTERS = "".join(f"{chr(plane + 0xFFFE)}{chr(plane + 0xFFFF)}" for plane in range(0, 0x110000, 0x10000))
#: RFC 5545 CONTROL (%x00-08 / %x0A-1F / %x7F), with LF carried as the ``\n`` escape.
DROP_ICAL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
#: XML 1.0 forbidden or discouraged, and HTML parse errors: C0 but TAB/LF, DEL, C1, noncharacters.
DROP_MARKUP = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufdd0-\ufdef" + _NONCHARACTERS + "]")


def lines(text: str) -> str:
    """CRLF and lone CR as LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def pieces(text: str, drop: re.Pattern[str]) -> list[str]:
    """What of ``text`` an output must hold: its paragraphs after the allowed normalisations."""
    cleaned = drop.sub("", lines(text))
    return [p.strip() for p in BLANK_LINES.split(cleaned) if p.strip()]


# ----------------------------------------------------------------------------- documents


@dataclass(frozen=True)
class Item:
    """One item of a document (a VEVENT, a feed entry, a JSON-LD event) and its texts."""

    label: str
    texts: tuple[str, ...]

    def holds(self, piece: str) -> bool:
        return any(piece in text for text in self.texts)


@dataclass
class Document:
    """What the parsers of a format read from one file."""

    media_type: str
    #: parser name -> the items it read; empty when the format has no items.
    items: dict[str, list[Item]] = field(default_factory=dict)
    #: element id -> text of that element (pages).
    anchors: dict[str, str] = field(default_factory=dict)
    #: every text the parsers recovered.
    texts: list[str] = field(default_factory=list)
    #: parser name -> structure with the text taken out; empty when the format has no structure.
    signature: dict[str, Any] = field(default_factory=dict)
    #: What the parsers complained about while still reading it (html5lib parse errors, ...).
    errors: list[str] = field(default_factory=list)

    def holds(self, piece: str) -> bool:
        return any(piece in text for text in self.texts)


@dataclass(frozen=True)
class Format:
    """How to read one media type, and what its texts may lose."""

    name: str
    drop: re.Pattern[str]
    read: Callable[[bytes], Document]
    #: Whether its documents have items (one per session) to match sessions with.
    has_items: bool = False
    #: Whether a page: sessions are found by their anchor (the element whose id is the session id).
    has_anchors: bool = False


def without(document: Document, drop: re.Pattern[str]) -> Document:
    """The document's texts without the characters ``drop`` matches (for comparing texts only)."""

    def clean(texts: Iterable[str]) -> list[str]:
        return [drop.sub("", t) for t in texts]

    return Document(
        media_type=document.media_type,
        items={p: [Item(i.label, tuple(clean(i.texts))) for i in items] for p, items in document.items.items()},
        anchors={k: drop.sub("", v) for k, v in document.anchors.items()},
        texts=clean(document.texts),
        signature=document.signature,
        errors=document.errors,
    )


def base_type(media_type: str) -> str:
    return media_type.split(";", 1)[0].strip().lower()


# ------------------------------------------------------------------------------ iCalendar

#: Properties whose value type is TEXT (RFC 5545 §3.8, RFC 7986, the X-WR- ones).
ICAL_TEXT = frozenset(
    {
        "SUMMARY", "DESCRIPTION", "LOCATION", "COMMENT", "CONTACT", "RESOURCES", "CATEGORIES",
        "NAME", "X-WR-CALNAME", "X-WR-CALDESC", "TZNAME", "RELATED-TO",
    },
)  # fmt: skip
#: Of those, the list-valued ones: an unescaped "," separates values.
ICAL_TEXT_LISTS = frozenset({"CATEGORIES", "RESOURCES"})
_NAME = r"[A-Za-z0-9-]+"
_QSAFE = r'[^"\x00-\x08\x0a-\x1f\x7f]*'
_SAFE = r'[^";:,\x00-\x08\x0a-\x1f\x7f]*'
_PARAM = rf'{_NAME}=(?:"{_QSAFE}"|{_SAFE})(?:,(?:"{_QSAFE}"|{_SAFE}))*'
CONTENT_LINE = re.compile(rf"(?P<name>{_NAME})(?P<params>(?:;{_PARAM})*):(?P<value>[^\x00-\x08\x0a-\x1f\x7f]*)")
_TEXT_VALUE = re.compile(r'(?:[^\\;,\x00-\x08\x0a-\x1f\x7f]|\\[\\;,nN])*')
_TEXT_LIST = re.compile(r'(?:[^\\;\x00-\x08\x0a-\x1f\x7f]|\\[\\;,nN])*')


def content_lines(text: str) -> list[str]:
    """The unfolded content lines, checking RFC 5545 §3.1 line ends and folding."""
    assert text.endswith("\r\n"), "an iCalendar stream ends with CRLF"
    raw = text[:-2].split("\r\n")
    for number, line in enumerate(raw, 1):
        assert "\r" not in line, f"line {number}: a bare CR: {line!r}"
        assert "\n" not in line, f"line {number}: a bare LF: {line!r}"
    out: list[str] = []
    for line in raw:
        if line[:1] in (" ", "\t"):
            assert out, "the stream starts with a continuation line"
            out[-1] += line[1:]
        else:
            out.append(line)
    return out


def check_ical_grammar(text: str) -> None:
    """Every content line is ``name *(;param) : value``; TEXT values escape ``\\ ; ,`` and newlines."""
    for line in content_lines(text):
        match = CONTENT_LINE.fullmatch(line)
        assert match, f"not an RFC 5545 content line: {line!r}"
        name = match["name"].upper()
        if name in ICAL_TEXT:
            grammar = _TEXT_LIST if name in ICAL_TEXT_LISTS else _TEXT_VALUE
            assert grammar.fullmatch(match["value"]), f"{name} is not an escaped TEXT value: {match['value']!r}"


def _ical_params(value: Any) -> tuple[str, ...]:
    return tuple(sorted(k.upper() for k in getattr(value, "params", {})))


def _icalendar_signature(component: Any, path: str = "", out: list[str] | None = None) -> list[str]:
    out = [] if out is None else out
    here = f"{path}/{component.name}"
    out.append(here)
    for name, value in component.items():
        for one in value if isinstance(value, list) else [value]:
            out.append(f"{here}:{name.upper()};{','.join(_ical_params(one))}")
    for sub in component.subcomponents:
        _icalendar_signature(sub, here, out)
    return out


def _icalendar_texts(value: Any) -> list[str]:
    import icalendar

    values = value if isinstance(value, list) else [value]
    out: list[str] = []
    for one in values:
        if isinstance(one, icalendar.vCategory):
            out.extend(str(c) for c in one.cats)
        elif isinstance(one, str):
            out.append(str(one))
    return out


def _vobject_signature(component: Any, path: str = "", out: list[str] | None = None) -> list[str]:
    out = [] if out is None else out
    here = f"{path}/{component.name.upper()}"
    out.append(here)
    for child in component.getChildren():
        if hasattr(child, "getChildren") and not hasattr(child, "value"):
            _vobject_signature(child, here, out)
        else:
            params = ",".join(sorted(k.upper() for k in child.params))
            out.append(f"{here}:{child.name.upper()};{params}")
    return out


_ITEM_COMPONENTS = frozenset({"VEVENT", "VTODO", "VJOURNAL"})


def read_calendar(data: bytes) -> Document:
    import icalendar
    import vobject

    text = data.decode("utf-8")
    grammar_errors = []
    try:
        check_ical_grammar(text)
    except AssertionError as error:
        grammar_errors.append(f"RFC 5545: {error}")
    calendars = icalendar.Calendar.from_ical(data, multiple=True)
    assert len(calendars) == 1, f"{len(calendars)} VCALENDAR objects, not one"
    calendar = calendars[0]
    # PRODID, VERSION and at least one component (RFC 5545 §3.4, §3.6).
    calendar.validate()
    errors = [(c.name, e) for c in calendar.walk() for e in getattr(c, "errors", [])]
    assert not errors, f"icalendar read it with errors: {errors}"
    doc = Document(media_type="text/calendar", errors=grammar_errors)
    items: list[Item] = []
    for component in calendar.walk():
        texts: list[str] = []
        for name, value in component.items():
            if name.upper() in ICAL_TEXT or name.upper().startswith("X-"):
                texts.extend(_icalendar_texts(value))
        doc.texts.extend(lines(t) for t in texts)
        if component.name in _ITEM_COMPONENTS:
            items.append(Item(label=str(component.get("UID", "?")), texts=tuple(lines(t) for t in texts)))
    doc.items["icalendar"] = items
    doc.signature["icalendar"] = sorted(_icalendar_signature(calendar))

    # vobject, independently: raw structure, then each text property decoded.
    raw = list(vobject.readComponents(text, transform=False, ignoreUnreadable=False))
    assert len(raw) == 1, f"vobject read {len(raw)} components at top level, not one"
    doc.signature["vobject"] = sorted(_vobject_signature(raw[0]))
    native = vobject.readOne(text, transform=True, ignoreUnreadable=False)
    v_items: list[Item] = []
    for component in native.components():
        if component.name.upper() not in _ITEM_COMPONENTS:
            continue
        texts = []
        for child in component.getChildren():
            if getattr(child, "name", "").upper() in ICAL_TEXT and hasattr(child, "value"):
                value = child.value
                texts.extend(str(v) for v in value) if isinstance(value, list) else texts.append(str(value))
        uid = getattr(component, "uid", None)
        v_items.append(Item(label=str(uid.value) if uid is not None else "?", texts=tuple(lines(t) for t in texts)))
    doc.items["vobject"] = v_items
    return doc


# ------------------------------------------------------------------------------- XML feeds

_ATOM = "{http://www.w3.org/2005/Atom}"
_CONTENT_ENCODED = "{http://purl.org/rss/1.0/modules/content/}encoded"


def _xml_parser() -> Any:
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True, recover=False)


def xml_shape(element: Any) -> Any:
    """The element tree with its text taken out: tags, attribute names, children; comments and PIs marked."""
    from lxml import etree

    if element.tag is etree.Comment:
        return ("#comment",)
    if element.tag is etree.ProcessingInstruction:
        return ("#pi", element.target)
    if element.tag is etree.Entity:
        return ("#entity",)
    return (element.tag, tuple(sorted(element.attrib)), tuple(xml_shape(child) for child in element))


def _html_parser(*, strict: bool = True) -> Any:
    import html5lib

    return html5lib.HTMLParser(tree=html5lib.getTreeBuilder("etree"), namespaceHTMLElements=False, strict=strict)


def _html_tag(element: Any) -> str:
    tag = element.tag
    return tag if isinstance(tag, str) else "#comment"


#: Sections whose lists are in the order of their items' texts (the subscribe
#: choices, and a hub's organisations and people, by name): texts that differ
#: only in their letters may list the same items in another order.
_BY_TEXT = frozenset({"choices", "about"})


def html_shape(element: Any, *, by_text: bool = False) -> Any:
    """An html5lib etree with text taken out; JSON-LD scripts as the shape of their JSON.

    The items of a list in a section of :data:`_BY_TEXT` are sorted by shape.
    """
    tag = _html_tag(element)
    if tag == "#comment":
        return ("#comment",)
    by_text = by_text or bool(_BY_TEXT & set((element.get("class") or "").split()))
    children = tuple(html_shape(child, by_text=by_text) for child in element)
    if by_text and tag in ("ul", "ol"):
        children = tuple(sorted(children, key=repr))
    if tag == "script":
        if (element.get("type") or "").strip().lower() == "application/ld+json":
            children = (("#json", json_shape(json.loads(element.text or ""))),)
        else:
            children = (("#script",),)
    return (tag, tuple(sorted(element.attrib)), children)


_NOT_TEXT = frozenset({"script", "style", "template"})


def html_text(element: Any) -> str:
    """The text of an element as a reader sees it: its text nodes, scripts and styles left out."""
    out: list[str] = []

    def walk(el: Any) -> None:
        tag = _html_tag(el)
        if tag not in _NOT_TEXT and tag != "#comment" and el.text:
            out.append(el.text)
        for child in el:
            walk(child)
            if child.tail:
                out.append(child.tail)

    walk(element)
    return "".join(out)


def html_fragment(markup: str, *, strict: bool = True) -> Any:
    parser = _html_parser(strict=strict)
    return parser.parseFragment(markup)


def _feed_html_fields(root: Any, kind: str) -> Iterator[tuple[str, str]]:
    """(path, markup) of every element that carries HTML as text."""
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        rss_html = kind == "rss" and element.tag in ("description", _CONTENT_ENCODED)
        if rss_html or (kind == "atom" and element.get("type") == "html"):
            yield element.tag, element.text or ""


def _decode_detail(detail: Any) -> str:
    value = detail.get("value", "") or ""
    if detail.get("type") in ("text/html", "application/xhtml+xml"):
        return html_text(html_fragment(value, strict=False))
    return value


def _entry_texts(entry: Any) -> list[str]:
    out: list[str] = []
    for key in ("title", "summary", "subtitle", "rights"):
        detail = entry.get(f"{key}_detail")
        if detail:
            out.append(_decode_detail(detail))
    out.extend(_decode_detail(content) for content in entry.get("content", []))
    for person in [*entry.get("authors", []), *entry.get("contributors", [])]:
        out.extend(str(person[k]) for k in ("name", "email") if person.get(k))
    for tag in entry.get("tags", []):
        out.extend(str(tag[k]) for k in ("term", "label") if tag.get(k))
    covered = {"title", "summary", "subtitle", "rights", "content", "authors", "author", "contributors", "tags"}
    for key, value in entry.items():
        if key not in covered and not key.endswith("_detail") and isinstance(value, str):
            out.append(value)
    return [lines(t) for t in out]


def _read_feed(data: bytes, kind: str) -> Document:
    import feedparser
    from lxml import etree

    root = etree.fromstring(data, parser=_xml_parser())
    if kind == "rss":
        assert root.tag == "rss", f"an RSS document's root is <rss>, not <{root.tag}>"
    else:
        assert root.tag == f"{_ATOM}feed", f"an Atom document's root is <feed>, not <{root.tag}>"
    parsed = feedparser.parse(data)
    doc = Document(media_type=f"application/{kind}+xml")
    if parsed.bozo:
        doc.errors.append(f"feedparser: {parsed.get('bozo_exception')!r}")
    assert parsed.version.startswith(kind), f"feedparser reads it as {parsed.version!r}, not {kind}"
    items = [Item(label=str(e.get("id", "?")), texts=tuple(_entry_texts(e))) for e in parsed.entries]
    doc.items["feedparser"] = items
    for item in items:
        doc.texts.extend(item.texts)
    feed = parsed.feed
    for key in ("title", "subtitle", "rights"):
        detail = feed.get(f"{key}_detail")
        if detail:
            doc.texts.append(lines(_decode_detail(detail)))
    embedded = []
    for path, markup in _feed_html_fields(root, kind):
        # Not strict: HTML that data broke is reported as what it is, a changed structure.
        embedded.append((path, html_shape(html_fragment(markup, strict=False))))
    doc.signature["lxml"] = xml_shape(root)
    doc.signature["html in feed"] = embedded
    return doc


def read_rss(data: bytes) -> Document:
    return _read_feed(data, "rss")


def read_atom(data: bytes) -> Document:
    return _read_feed(data, "atom")


# ---------------------------------------------------------------------------------- JSON-LD

#: Served for https://schema.org (and http://): the vocabulary, and the keyword aliases schema.org defines.
SCHEMA_CONTEXT = {"@context": {"@vocab": "https://schema.org/", "schema": "https://schema.org/", "id": "@id", "type": "@type"}}


def schema_org_loader(url: str, options: Any = None) -> dict[str, Any]:
    """A PyLD document loader that never touches the network."""
    from pyld.jsonld import JsonLdError

    if re.fullmatch(r"https?://schema\.org/?(docs/jsonldcontext\.jsonld)?", url):
        return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url, "document": SCHEMA_CONTEXT}
    message = f"no network in tests: the document {url} cannot be loaded"
    raise JsonLdError(message, "jsonld.LoadDocumentError", code="loading document failed")


def json_shape(value: Any, key: str = "") -> Any:
    """JSON with the text taken out: keys, list lengths, value kinds; ``@type`` values kept."""
    if isinstance(value, dict):
        return ("{}", tuple((k, json_shape(v, k)) for k, v in sorted(value.items())))
    if isinstance(value, list):
        return ("[]", tuple(json_shape(v, key) for v in value))
    if isinstance(value, str):
        return ("str", value) if key in ("@type", "type") else ("str",)
    return (type(value).__name__,)


def _local(iri: str) -> str:
    return re.split(r"[/#:]", iri)[-1]


def _is_event(node: dict[str, Any]) -> bool:
    return any(_local(t).endswith("Event") for t in node.get("@type", []))


def _is_container(node: dict[str, Any]) -> bool:
    return any(_local(t).endswith(("Event", "Series")) for t in node.get("@type", []))


def _node_texts(node: dict[str, Any], graph: dict[str, dict[str, Any]], seen: set[str]) -> Iterator[str]:
    for key, values in node.items():
        if key in ("@id", "@type"):
            continue
        for value in values if isinstance(values, list) else [values]:
            yield from _value_texts(value, graph, seen)


def _value_texts(value: Any, graph: dict[str, dict[str, Any]], seen: set[str]) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        if "@value" in value:
            if isinstance(value["@value"], str):
                yield value["@value"]
        elif "@list" in value:
            for one in value["@list"]:
                yield from _value_texts(one, graph, seen)
        elif "@id" in value:
            target = graph.get(value["@id"])
            if target is not None and value["@id"] not in seen and not _is_container(target):
                seen.add(value["@id"])
                yield from _node_texts(target, graph, seen)


def read_jsonld(data: bytes) -> Document:
    from pyld import jsonld

    document = json.loads(data.decode("utf-8"))
    options = {"documentLoader": schema_org_loader}
    expanded = jsonld.expand(document, options)
    assert expanded, "the JSON-LD expands to nothing: no @context, or no terms schema.org defines"
    flat = jsonld.flatten(document, None, options)
    graph = {node["@id"]: node for node in flat}
    doc = Document(media_type="application/ld+json")
    items = []
    for ident, node in graph.items():
        texts = [lines(t) for t in _node_texts(node, graph, {ident})]
        doc.texts.extend(texts)
        if _is_event(node):
            items.append(Item(label=ident, texts=tuple(texts)))
    doc.items["pyld"] = items
    doc.signature["json"] = json_shape(document)
    return doc


# ------------------------------------------------------------------------------------ HTML


def _html_errors(data: bytes, errors: list[Any]) -> str:
    """html5lib's parse errors with where they are, and the code points it calls invalid."""
    from html5lib._inputstream import invalid_unicode_re

    text = data.decode("utf-8", "replace")
    rows = text.split("\n")
    out = []
    for (line, col), code, datavars in errors:
        if code == "invalid-codepoint":
            continue  # html5lib gives no useful position: the characters are listed below
        context = rows[line - 1][max(0, col - 60) : col + 20] if 0 < line <= len(rows) else ""
        out.append(f"{code} {datavars or ''} at {line}:{col} near {context!r}")
        if len(out) == 3:
            break
    bad = invalid_unicode_re.findall(text)
    if bad:
        at = invalid_unicode_re.search(text)
        assert at is not None
        near = text[max(0, at.start() - 80) : at.start() + 20]
        codes = ", ".join(sorted({f"U+{ord(c):04X}" for c in bad}))
        out.append(f"characters HTML does not allow: {codes}, the first near {near!r}")
    return "; ".join(out) + f" ({len(errors)} errors)"


def read_html(data: bytes) -> Document:
    parser = _html_parser(strict=False)
    root = parser.parse(data)
    doc = Document(media_type="text/html")
    if parser.errors:
        doc.errors.append(f"html5lib: {_html_errors(data, parser.errors)}")
    encoding = parser.documentEncoding
    if not (encoding and str(encoding).lower().startswith("utf-8")):
        doc.errors.append(f"html5lib reads it as {encoding}, not UTF-8: declare <meta charset=utf-8>")
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        ident = element.get("id")
        if ident is not None:
            assert ident not in doc.anchors, f"two elements with id={ident!r}"
            doc.anchors[ident] = lines(html_text(element))
        if element.tag == "script" and (element.get("type") or "").strip().lower() == "application/ld+json":
            try:  # a JSON-LD block must be JSON, whatever the data holds
                json.loads(element.text or "")
            except ValueError as error:
                message = f"a <script type=application/ld+json> holds no JSON (did a text end it early?): {error}"
                raise AssertionError(message) from None
    doc.texts.append(lines(html_text(root)))
    doc.signature["html5lib"] = html_shape(root)
    return doc


# ----------------------------------------------------------------------------- plain text


def read_text(data: bytes) -> Document:
    text = data.decode("utf-8")
    return Document(media_type="text/plain", texts=[lines(text)])


def read_other(data: bytes, media_type: str) -> Document:
    """What every file of an unknown type must be: text types UTF-8; XML and JSON well formed."""
    from lxml import etree

    kind = base_type(media_type)
    doc = Document(media_type=kind)
    textual = kind.startswith("text/") or kind.endswith(("+xml", "+json")) or kind in (
        "application/json", "application/xml", "application/javascript",
    )
    if textual:
        doc.texts.append(lines(data.decode("utf-8")))
    if kind.endswith("+xml") or kind in ("application/xml", "text/xml"):
        doc.signature["lxml"] = xml_shape(etree.fromstring(data, parser=_xml_parser()))
    elif kind.endswith("+json") or kind == "application/json":
        doc.signature["json"] = json_signature(json.loads(data.decode("utf-8")))
    return doc


def _frab_days(value: Any) -> list[Any] | None:
    """The days of a frab schedule (``schedule.conference.days``); ``None`` for any other JSON."""
    schedule = value.get("schedule") if isinstance(value, dict) else None
    conference = schedule.get("conference") if isinstance(schedule, dict) else None
    days = conference.get("days") if isinstance(conference, dict) else None
    return days if isinstance(days, list) and all(isinstance(day, dict) for day in days) else None


def json_signature(value: Any) -> Any:
    """:func:`json_shape` of a JSON document, but for the keys of a frab schedule that are texts.

    A frab schedule keys each day's ``rooms`` by the rooms' names: texts, which
    hostile text must not turn into structure. There the keys are left out,
    once each is found to be the ``room`` of every event under it, and the
    rooms' event lists are sorted by shape (the order of the keys is the
    order of the names); so is the conference's list of rooms, which is in
    the order of their names too. Every other part of the document, and
    every other JSON document, keeps its keys and its order.
    """
    days = _frab_days(value)
    if days is None:
        return json_shape(value)
    unkeyed_days = []
    for index, day in enumerate(days):
        rooms = day.get("rooms")
        if isinstance(rooms, dict):
            for room, events in rooms.items():
                listed = events if isinstance(events, list) else []
                named = {event.get("room") for event in listed if isinstance(event, dict)}
                assert named in (set(), {room}), f"days[{index}].rooms[{room!r}] holds events of rooms {named!r}"
            unkeyed_days.append({**day, "rooms": sorted(rooms.values(), key=lambda events: repr(json_shape(events)))})
        else:
            unkeyed_days.append(day)
    conference = {**value["schedule"]["conference"], "days": unkeyed_days}
    if isinstance(conference.get("rooms"), list):  # in the order of the names: sorted by shape instead
        conference["rooms"] = sorted(conference["rooms"], key=lambda room: repr(json_shape(room)))
    return json_shape({**value, "schedule": {**value["schedule"], "conference": conference}})


def _strings(value: Any) -> Iterator[str]:
    """Every string of a JSON value: its keys and its texts."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def read_json(data: bytes) -> Document:
    """A JSON document (the schedule, jCal): well formed, its texts decoded, its shape."""
    value = json.loads(data.decode("utf-8"))
    doc = Document(media_type="application/json", texts=[lines(text) for text in _strings(value)])
    doc.signature["json"] = json_signature(value)
    return doc


def read_csv(data: bytes) -> Document:
    """A CSV file as the csv module reads it: its cells, and its shape (the header, cells per row)."""
    import csv
    import io

    text = data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows, "the CSV file has no header row"
    # A cell that lists people, organisations or topics escapes ``;``, ``,`` and
    # parentheses with a backslash (docs/importing.md): both readings are texts.
    cells = [lines(cell) for row in rows for cell in row]
    doc = Document(media_type="text/csv", texts=cells + [re.sub(r"\\(.)", r"\1", cell, flags=re.S) for cell in cells])
    doc.signature["csv"] = (tuple(rows[0]), len(rows), tuple(sorted({len(row) for row in rows})))
    return doc


#: Nothing: the formats that carry every character as it is (JSON escapes, CSV quotes).
DROP_NOTHING = re.compile("(?!)")


FORMATS: dict[str, Format] = {
    "text/calendar": Format("iCalendar", DROP_ICAL, read_calendar, has_items=True),
    "application/rss+xml": Format("RSS", DROP_MARKUP, read_rss, has_items=True),
    "application/atom+xml": Format("Atom", DROP_MARKUP, read_atom, has_items=True),
    "application/ld+json": Format("JSON-LD", DROP_MARKUP, read_jsonld, has_items=True),
    "text/html": Format("HTML", DROP_MARKUP, read_html, has_anchors=True),
    "text/plain": Format("plain text", DROP_MARKUP, read_text),
    "application/json": Format("JSON", DROP_NOTHING, read_json),
    "application/calendar+json": Format("jCal", DROP_ICAL, read_json),
    "text/csv": Format("CSV", DROP_NOTHING, read_csv),
}


def format_for(media_type: str) -> Format | None:
    """The reader of ``media_type``; ``None`` for a type this suite does not know (see :func:`read_other`)."""
    return FORMATS.get(base_type(media_type))


def read(data: bytes, media_type: str) -> Document:
    known = format_for(media_type)
    return known.read(data) if known is not None else read_other(data, media_type)


# ------------------------------------------------------------------------------ utilities


def tree_digest(root: Path) -> dict[str, str]:
    """Every file and folder under ``root`` (hidden ones too) with the SHA-256 of its bytes."""
    out: dict[str, str] = {}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root).as_posix()
        if path.is_symlink():
            out[relative] = "symlink:" + str(path.readlink())
        elif path.is_dir():
            out[relative + "/"] = "dir"
        else:
            out[relative] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def multiset(values: Iterable[str]) -> Counter[str]:
    return Counter(values)


# ------------------------------------------------------------------------------------- TOML

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def toml_key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else toml_string(key)


def toml_string(value: str) -> str:
    out = ['"']
    for ch in value:
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20 or ch == "\x7f":
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def toml_value(value: Any) -> str:
    """A TOML value on one line: inline tables and arrays for nested data."""
    import datetime as dt

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{toml_key(k)} = {toml_value(v)}" for k, v in value.items()) + "}"
    message = f"no TOML for {type(value).__name__}"
    raise TypeError(message)


def toml_dumps(data: dict[str, Any], *, order: Callable[[list[str]], list[str]] = list) -> str:
    """A programme dict as a TOML document with real tables and arrays of tables.

    ``order`` arranges the keys of every table (the default keeps them), so that
    one programme can be written with its keys and tables in any order.
    """
    out: list[str] = []

    def is_table(v: Any) -> bool:
        return isinstance(v, dict)

    def is_table_array(v: Any) -> bool:
        return isinstance(v, list) and bool(v) and all(isinstance(x, dict) for x in v)

    def table(prefix: list[str], body: dict[str, Any], header: str | None) -> None:
        keys = order(list(body))
        if header is not None:
            out.append(header)
        for key in keys:
            value = body[key]
            if not is_table(value) and not is_table_array(value):
                out.append(f"{toml_key(key)} = {toml_value(value)}")
        for key in keys:
            value = body[key]
            path = [*prefix, toml_key(key)]
            if is_table(value):
                table(path, value, f"[{'.'.join(path)}]")
            elif is_table_array(value):
                for element in value:
                    table(path, element, f"[[{'.'.join(path)}]]")

    table([], data, None)
    return "\n".join(out) + "\n"
