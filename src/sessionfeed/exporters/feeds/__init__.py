"""The RSS 2.0 and Atom exporters.

``exporter`` (both exporters and builders), ``plan`` (what a feed says, no XML yet),
``pages`` (the complete feed or RFC 5005 archives, written a batch at a time),
``rss`` and ``atom`` (each format's elements), ``subfeeds`` (the feeds of each tag,
person, organisation, language and kind), ``xml_writer`` (the one incremental
XML writer) and ``xml_text`` (what XML can carry, RFC 822 dates).
"""

from __future__ import annotations

from sessionfeed.exporters.feeds.exporter import *  # noqa: F403
from sessionfeed.exporters.feeds.exporter import __all__ as __all__
