r"""Feed entries in the exact bytes lxml writes, without building them in lxml.

feedgen builds every entry of a feed as an lxml tree, through setters that
check and copy each field, and lxml's pretty printer then writes the tree:
most of the time a feed takes. The entries of sessionfeed's feeds always
have the same elements, so :func:`rss_item` and :func:`atom_entry` write
them directly, as text, in the form lxml gives them in the document feedgen
writes (``pretty_print=True``, UTF-8): the elements and attributes that
feedgen (with the extensions of :mod:`sessionfeed.exporters.feeds`) writes,
in its order, indented for the entry's depth. ``tests/test_feedxml.py``
compares the bytes with feedgen's for arbitrary entries.

What lxml does, and these functions do the same:

* In element text, ``&``, ``<`` and ``>`` become ``&amp;``, ``&lt;`` and
  ``&gt;`` and a carriage return ``&#13;``; line feeds, tabs and quotes stay
  as they are (:func:`text`).
* In attribute values, ``"`` becomes ``&quot;`` too, and line feed, carriage
  return and tab become ``&#10;``, ``&#13;`` and ``&#9;`` (:func:`attribute`).
* Every other character is written as it is, in UTF-8 (no character references).
* Each element is on a line of its own, two spaces further in than its
  parent; an element with no content is written ``<name/>``.
* Text with a character XML 1.0 cannot carry is refused (:func:`encode`,
  or :func:`refuse` for the texts not known to be XML-safe).

Every text is expected to be non-empty, as the feeds' plan makes them:
feedgen leaves out an empty RSS title, link or description and an Atom
author without a name, and refuses an Atom entry without a title.

All functions are pure.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence


__all__ = ["Attributes", "atom_entry", "attribute", "encode", "refuse", "rss_item", "text"]

#: An element's attributes, ``(name, value)`` in the order they are written.
Attributes = Sequence[tuple[str, str]]

#: The characters lxml refuses in a text (lone surrogates it cannot encode at all).
_REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
#: lxml's own message when it refuses one.
_REFUSED_MESSAGE = "All strings must be XML compatible: Unicode or ASCII, no NULL bytes or control characters"


def text(value: str) -> str:
    r"""Return ``value`` as lxml writes the text of an element.

    >>> text("Q&A <b>\r\n")
    'Q&amp;A &lt;b&gt;&#13;\n'
    """
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def attribute(value: str) -> str:
    r"""Return ``value`` as lxml writes it between the double quotes of an attribute.

    >>> attribute('a "b"\n\tc')
    'a &quot;b&quot;&#10;&#9;c'
    """
    return text(value).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")


def _attributes(pairs: Attributes) -> str:
    return "".join(f' {name}="{attribute(value)}"' for name, value in pairs)


def rss_item(
    *,
    title: str,
    link: str,
    description: str,
    content: str,
    guid: str,
    categories: Iterable[str],
    enclosure: Attributes | None,
    creators: Iterable[str],
    pub_date: str,
) -> str:
    """An RSS 2.0 ``<item>`` as the last child of ``<channel>``, with its line end.

    The elements are those feedgen's ``FeedEntry.rss_entry`` writes, in its
    order (``title``, ``link``, ``description``, ``content:encoded``,
    ``guid``, ``category``, ``enclosure``), then those of its extensions in
    the order they are loaded: Dublin Core (``dc:creator``), then
    sessionfeed's (``pubDate``). The ``content`` and ``dc`` prefixes are the
    ones feedgen declares on ``<rss>``.

    Args:
        title: The title, as it is to be read.
        link: The session's URL.
        description: The plain text, HTML-escaped as RSS readers want it.
        content: The HTML fragment (``content:encoded``).
        guid: The id, not a permalink (``isPermaLink="false"``).
        categories: The labels of the tags.
        enclosure: The attributes of the ``enclosure``: url, length, type.
        creators: The organisers' names (``dc:creator``).
        pub_date: The RFC 822 date it was published.
    """
    lines = [
        "    <item>\n",
        f"      <title>{text(title)}</title>\n",
        f"      <link>{text(link)}</link>\n",
        f"      <description>{text(description)}</description>\n",
        f"      <content:encoded>{text(content)}</content:encoded>\n",
        f'      <guid isPermaLink="false">{text(guid)}</guid>\n',
    ]
    lines.extend(f"      <category>{text(label)}</category>\n" for label in categories)
    if enclosure is not None:
        lines.append(f"      <enclosure{_attributes(enclosure)}/>\n")
    lines.extend(f"      <dc:creator>{text(name)}</dc:creator>\n" for name in creators)
    lines.append(f"      <pubDate>{text(pub_date)}</pubDate>\n    </item>\n")
    return "".join(lines)


def atom_entry(
    *,
    id: str,
    title: str,
    title_lang: str | None,
    updated: str,
    authors: Iterable[tuple[str, str | None]],
    content: str,
    summary: str,
    categories: Iterable[str],
    published: str,
    links: Iterable[Attributes],
) -> str:
    """An Atom 1.0 ``<entry>`` as a child of ``<feed>``, with its line end.

    The elements are those feedgen's ``FeedEntry.atom_entry`` writes, in its
    order (``id``, ``title``, ``updated``, ``author``, ``content``,
    ``summary``, ``category``, ``published``), then the links that
    sessionfeed's extension adds, with every attribute (feedgen's own entry
    links lose them, python-feedgen#135).

    Args:
        id: The entry's id.
        title: The title, plain text.
        title_lang: The title's ``xml:lang``, ``None`` when it is the feed's.
        updated: When it last changed, RFC 3339.
        authors: ``(name, URI or None)`` of each author.
        content: The HTML fragment (``type="html"``).
        summary: The plain text (``type="text"``).
        categories: The labels of the tags (``term``).
        published: When it was published, RFC 3339.
        links: The attributes of each ``link``.
    """
    lang = f' xml:lang="{attribute(title_lang)}"' if title_lang is not None else ""
    lines = [
        "  <entry>\n",
        f"    <id>{text(id)}</id>\n",
        f"    <title{lang}>{text(title)}</title>\n",
        f"    <updated>{text(updated)}</updated>\n",
    ]
    for name, uri in authors:
        lines.append(f"    <author>\n      <name>{text(name)}</name>\n")
        if uri:
            lines.append(f"      <uri>{text(uri)}</uri>\n")
        lines.append("    </author>\n")
    lines.append(f'    <content type="html">{text(content)}</content>\n')
    lines.append(f'    <summary type="text">{text(summary)}</summary>\n')
    lines.extend(f'    <category term="{attribute(label)}"/>\n' for label in categories)
    lines.append(f"    <published>{text(published)}</published>\n")
    lines.extend(f"    <link{_attributes(link)}/>\n" for link in links)
    lines.append("  </entry>\n")
    return "".join(lines)


def refuse(values: Iterable[str | None]) -> None:
    """Refuse, as :func:`encode` does, values with a character XML 1.0 cannot carry.

    For the short texts of an entry, when its long ones are known to be
    XML-safe: searching them costs less than searching all that was written.

    Raises:
        ValueError: A value has a character that XML 1.0 cannot carry.
    """
    for value in values:
        if value and _REFUSED.search(value):
            raise ValueError(_REFUSED_MESSAGE)


def encode(written: str, *, checked: bool = False) -> bytes:
    """Return what was written as UTF-8, refusing what lxml refuses.

    lxml does not take a text with a control character other than tab,
    line feed and carriage return, U+FFFE or U+FFFF (``ValueError``), nor
    one with a lone surrogate (``UnicodeEncodeError``). The feeds' texts
    have none (:mod:`sessionfeed.exporters._xmltext`), but a URL that the
    model allows may: the feed then fails as it did with lxml, rather than
    being written ill-formed.

    With ``checked`` true, the caller has searched the texts already
    (:func:`refuse`); a lone surrogate still fails the encoding.

    Raises:
        ValueError: ``written`` has a character that XML 1.0 cannot carry.
    """
    if not checked and _REFUSED.search(written):
        raise ValueError(_REFUSED_MESSAGE)
    return written.encode("utf-8")
