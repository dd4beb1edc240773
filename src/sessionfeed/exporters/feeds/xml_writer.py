"""XML documents written as they are read, by lxml's incremental writer.

:class:`Document` writes one XML document with ``lxml.etree.xmlfile``, laid
out as lxml's pretty printer lays out a tree: each element on a line of its
own, two spaces further in than its parent, an element without content as
``<name/>``, and the document ending in a line end. lxml escapes every text
and attribute value (``&amp;``, ``&lt;``, ``&gt;``, ``&#13;`` for a carriage
return, ``&quot;`` in attributes) and refuses a text that XML 1.0 cannot
carry (``ValueError``). What has been written is taken a piece at a time
(:meth:`Document.take`), so a document of any size is written in bounded
memory. The feeds are written with it.

Two things the incremental writer does not do are done around it:

* Names are written as they are given, prefix and all (``content:encoded``):
  the root declares the namespaces as attributes (``xmlns:dc``), in the
  order the caller gives them. The incremental writer would sort the
  declarations, and it knows no prefix for the XML namespace (``xml:lang``).
* The incremental writer writes an element it opened and closed as
  ``<name></name>``, so an element without content (:meth:`Document.empty`)
  is written whole by lxml's serialiser. The serialiser would give an element
  with a prefix a namespace declaration of its own, so such an element is
  written without its prefix, and the prefix is put before its name.
"""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Iterator
from typing import Any


__all__ = ["Document"]

#: The characters :meth:`Document.plain` writes as hexadecimal references, and those references.
_MARKUP = re.compile("([&<>])")
_HEX = {"&": "#x26", "<": "#x3C", ">": "#x3E"}


class Document:
    """One XML document, written inside a ``with`` block, taken a piece at a time.

    Example::

        with Document() as out, out.parent("feed", {"xmlns": ATOM}):
            out.leaf("id", "urn:uuid:…")
            yield out.take()
        yield out.take()  # the end of the document
    """

    __slots__ = ("_etree", "_file", "_indent", "_sink", "_xf")

    def __init__(self) -> None:
        """Start a document; it is written once the ``with`` block is entered."""
        from lxml import etree  # imported when a document is written, not with sessionfeed

        self._etree = etree
        # Where the writer puts its bytes, until a piece of the document is taken.
        self._sink = io.BytesIO()
        self._file: Any = etree.xmlfile(self._sink, encoding="UTF-8")
        self._xf: Any = None
        self._indent = "\n"  # a line end and the indentation of the next element

    def __enter__(self) -> Document:
        self._xf = self._file.__enter__()
        self._xf.write_declaration()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._file.__exit__(*exc_info)  # writes what it still holds
        self._xf = None
        self._sink.write(b"\n")

    def leaf(self, tag: str, text: str, attributes: dict[str, str] | None = None) -> None:
        """An element that holds ``text``."""
        xf = self._xf
        xf.write(self._indent)
        with xf.element(tag, attributes):
            xf.write(text)

    def plain(self, tag: str, text: str) -> None:
        """An element whose ``&``, ``<`` and ``>`` are written ``&#x26;``, ``&#x3C;`` and ``&#x3E;``.

        An XML parser reads them exactly as ``&amp;``, ``&lt;`` and ``&gt;``;
        RSS readers read them best in plain text (see ``feeds._rss_plain``).
        """
        if not _MARKUP.search(text):
            self.leaf(tag, text)
            return
        entity = self._etree.Entity
        parts = [entity(_HEX[part]) if part in _HEX else part for part in _MARKUP.split(text) if part]
        xf = self._xf
        xf.write(self._indent)
        with xf.element(tag):
            xf.write(*parts)

    def empty(self, tag: str, attributes: dict[str, str]) -> None:
        """An element without content, ``<tag …/>``; ``tag`` may have a prefix that the root declares."""
        xf = self._xf
        xf.write(self._indent)
        prefix, _, name = tag.rpartition(":")
        element = self._etree.Element(name, attributes)
        if not prefix:
            xf.write(element)
            return
        xf.flush()  # what the writer holds goes first
        written = self._etree.tostring(element, encoding="UTF-8")  # UTF-8, as the document: no declaration
        self._sink.write(b"<" + prefix.encode() + b":" + written[1:])

    def raw(self, data: bytes) -> None:
        """Bytes another document wrote at the same place, copied in as they are.

        An entry taken from one feed (:meth:`take` right after it) is written
        into another with the same indentation: the bytes are the same.
        """
        if self._xf is not None:
            self._xf.flush()  # what the writer holds goes first
        self._sink.write(data)

    @contextlib.contextmanager
    def parent(self, tag: str, attributes: dict[str, str] | None = None) -> Iterator[None]:
        """An element whose children are written inside the ``with`` block, one line further in.

        No line end comes before the root (the first element of a document).
        """
        xf, outer = self._xf, self._indent
        if outer != "\n":
            xf.write(outer)
        with xf.element(tag, attributes):
            self._indent = outer + "  "
            try:
                yield
            finally:
                self._indent = outer
                xf.write(outer)

    def take(self) -> bytes:
        """The bytes written so far and not taken yet."""
        if self._xf is not None:
            self._xf.flush()
        sink = self._sink
        data = sink.getvalue()
        sink.seek(0)
        sink.truncate()
        return data
