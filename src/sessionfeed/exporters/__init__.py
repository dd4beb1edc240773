"""The exporter contract and the built-in exporters.

Built-in exporter modules (``ical``, ``feeds``, ``jsonld``, ``text``, ``html``)
are imported only when used: import them directly, or look them up with
:func:`sessionfeed.get_exporter`.
"""

from __future__ import annotations

from sessionfeed.exporters.base import (
    BaseExporter,
    Context,
    Exporter,
    Omitted,
    OutputFile,
    Rendering,
)


__all__ = ["BaseExporter", "Context", "Exporter", "Omitted", "OutputFile", "Rendering"]
