"""What a build says it wrote: a report per locale and exporter, and the summary printed from them."""

from __future__ import annotations

from pathlib import Path

import attrs

from sessionfeed.exporters.base import Omitted
from sessionfeed.model.facets import Facet


__all__ = ["BuildReport", "FileReport", "Files"]


@attrs.frozen(kw_only=True)
class FileReport:
    """What went into one output file.

    Attributes:
        locale: The locale folder; ``""`` for a file of the site itself (the
            language choice page ``index.html``, reported only when it has a note).
        exporter: The exporter's name; ``""`` for a file of the site itself.
        path: The main file, relative to the locale folder.
        files: How many files the exporter wrote (the calendar writes one per session too).
        included: How many sessions went in.
        omitted: The sessions left out, with the reason.
        notes: Anything else worth knowing.
        size: The main file's bytes.
        copies: How many files of the same name it wrote into the facet
            values' folders (``people/maria-mora/calendar.ics``, ...).
        largest_copy: The largest of those, ``(path in the locale folder, bytes)``.
    """

    locale: str
    exporter: str
    path: str
    files: int
    included: int
    omitted: tuple[Omitted, ...]
    notes: tuple[str, ...]
    size: int = 0
    copies: int = 0
    largest_copy: tuple[str, int] | None = None


@attrs.frozen(kw_only=True)
class BuildReport:
    """The summary of a build.

    Attributes:
        out: The folder that was written.
        sessions: How many sessions the programme has.
        outputs: One report per locale and exporter.
    """

    out: Path
    sessions: int
    outputs: tuple[FileReport, ...]

    def lines(self) -> list[str]:
        """The summary as short lines for a terminal."""
        lines = [f"built {self.out} ({self.sessions} sessions)"]
        for report in self.outputs:
            if not report.locale:  # a file of the site itself (the language choice page)
                lines.append(f"  {report.path}")
                lines.extend(f"    note: {note}" for note in report.notes)
                continue
            files = f", {report.files} files" if report.files > 1 else ""
            line = f"  {report.locale}/{report.path}: {report.included} sessions, {_size(report.size)}{files}"
            reasons: dict[str, list[str]] = {}
            for item in report.omitted:
                reasons.setdefault(item.reason, []).append(item.session)
            for reason, ids in reasons.items():
                shown = ", ".join(ids[:5]) + (f", … ({len(ids) - 5} more)" if len(ids) > 5 else "")
                line += f"; left out {len(ids)} ({reason}): {shown}"
            lines.append(line)
            if report.largest_copy is not None:
                path, size = report.largest_copy
                lines.append(
                    f"    and {report.copies} for the facets' values, the largest {report.locale}/{path} "
                    f"at {_size(size)}",
                )
            lines.extend(f"    note: {note}" for note in report.notes)
            largest = max(report.size, report.largest_copy[1] if report.largest_copy else 0)
            if report.path.endswith(".ics") and largest > _CALENDAR_LIMIT:
                lines.append(
                    "    note: above 1 MB, which Google Calendar stops reading: "
                    "'sessionfeed check' names the window that keeps it under (SF801)",
                )
        return lines


#: About where Google Calendar stops reading a subscribed calendar, in bytes.
_CALENDAR_LIMIT = 1_000_000


def _size(size: int) -> str:
    """A file's size for the summary: ``820 B``, ``12.4 kB``, ``1.4 MB`` (decimal units)."""
    if size < 1_000:
        return f"{size} B"
    if size < 1_000_000:
        return f"{size / 1_000:.1f} kB"
    return f"{size / 1_000_000:.1f} MB"


_FACET_FOLDERS = frozenset(str(facet) for facet in Facet)


@attrs.define
class Files:
    """What an exporter wrote, counted for its report as the pieces pass.

    ``main`` is its main file; a file of the same name in a facet value's
    folder (``people/maria-mora/calendar.ics``) is one of its copies.
    """

    main: str
    count: int = 0
    size: int = 0
    copies: int = 0
    largest: tuple[str, int] | None = None
    _current: int = 0

    def wrote(self, path: str, size: int) -> None:
        """``size`` more bytes of the file at ``path`` (inside the locale folder)."""
        if path == self.main:
            self.size += size
        else:
            self._current += size

    def done(self, path: str) -> None:
        """The file at ``path`` is complete."""
        self.count += 1
        facet, _, rest = path.partition("/")
        if facet in _FACET_FOLDERS and rest.count("/") == 1 and rest.endswith(f"/{self.main}"):
            self.copies += 1
            if self.largest is None or self._current > self.largest[1]:
                self.largest = (path, self._current)
        self._current = 0
