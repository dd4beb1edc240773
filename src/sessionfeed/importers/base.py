"""What every importer gives back: a programme as data, what it guessed, and what the user must hear.

An importer reads a source that was not written for sessionfeed (a listing
page, a spreadsheet, a calendar, a conference schedule) and returns an
:class:`Imported`: the programme in the dict shape of a programme file (the
shape :func:`sessionfeed.from_dict` takes), the field paths whose values it
inferred rather than read, and a notice for every ambiguity, each with the
source's line where there is one. A source it cannot read at all is a
:class:`~sessionfeed.exceptions.ProgrammeError` naming the file and line.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs


__all__ = ["Imported", "Notice"]


@attrs.frozen(kw_only=True)
class Notice:
    """Something the user should check: an ambiguity, or a piece put where it could be kept.

    Attributes:
        message: What happened and what to do, e.g. "could not split 'Maria Mora SER'
            into a name and an organisation; kept as the name".
        line: The line of the source, 1-based, where known.
        path: The field path in the programme written, e.g. ``sessions[3].when``, or ``""``.
    """

    message: str
    line: int | None = None
    path: str = ""


@attrs.frozen(kw_only=True)
class Imported:
    """A programme read from a source.

    Attributes:
        source: The name of the source, for messages (a file path, or ``<stdin>``).
        data: The programme in the shape of a programme file: what
            :func:`sessionfeed.from_dict` takes and a TOML file holds.
        guessed: The field paths (``sessions[0].kind``) whose values were
            inferred rather than read, each with the reason, written as a
            ``# guessed: …`` comment beside the value.
        notices: Every ambiguity, in the source's order.
    """

    source: str
    data: Mapping[str, Any]
    guessed: Mapping[str, str] = attrs.field(factory=dict)
    notices: tuple[Notice, ...] = ()
