"""Checks of the arguments that the public functions take.

A programme's *data* is checked by the model (``_model``, ``_checks``); this
module checks what a caller hands a public function beside it: that the
programme is a :class:`~sessionfeed.Programme`, that a locale is one it
publishes, that a port is a port. Each check raises
:class:`~sessionfeed.exceptions.ArgumentError` with a message that names the
argument, what it was and what it should be, so that a wrong call never ends
in an ``AttributeError`` from deep inside an exporter.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING

from sessionfeed.exceptions import ArgumentError
from sessionfeed.model.checks import shown


if TYPE_CHECKING:
    from collections.abc import Iterable

    from sessionfeed.exporters.base import Exporter
    from sessionfeed.model.programme import Programme

__all__ = [
    "check_exporters",
    "check_locale",
    "check_moment",
    "check_path",
    "check_programme",
    "check_whole_number",
]


def check_programme(value: object) -> Programme:
    """Return ``value`` when it is a programme; raise otherwise."""
    from sessionfeed.model.programme import Programme

    if not isinstance(value, Programme):
        message = (
            f"programme must be a sessionfeed.Programme, not {type(value).__name__}; "
            "read one with sessionfeed.load(path) or sessionfeed.from_dict(data)"
        )
        raise ArgumentError(message)
    return value


def check_locale(programme: Programme, value: object) -> str:
    """Return ``value`` when it is one of the programme's locales; raise otherwise."""
    known = ", ".join(programme.locales)
    if not isinstance(value, str):
        message = f"locale must be one of the programme's locales ({known}), not {shown(value)}"
        raise ArgumentError(message)
    if value not in programme.locales:
        message = f"locale {value!r} is not one of the programme's locales ({known})"
        raise ArgumentError(message)
    return value


def check_exporters(value: object) -> tuple[Exporter, ...] | None:
    """Return the exporters as a tuple (``None`` stays ``None``); raise for anything else."""
    if value is None:
        return None
    if isinstance(value, str | bytes) or not hasattr(value, "__iter__"):
        message = (
            f"exporters must be a list of exporters (e.g. [sessionfeed.get_exporter('ical')]), "
            f"not {shown(value)}"
        )
        raise ArgumentError(message)
    items: Iterable[object] = value
    chosen = []
    for index, item in enumerate(items):
        missing = [name for name in ("name", "filename", "media_type", "export") if not hasattr(item, name)]
        if missing:
            message = (
                f"exporters[{index}] is {shown(item)}, which is not an exporter (it has no "
                f"{', '.join(missing)}); look exporters up with sessionfeed.get_exporter(name)"
            )
            raise ArgumentError(message)
        chosen.append(item)
    return tuple(chosen)  # type: ignore[arg-type]


def check_path(value: object, name: str) -> Path:
    """Return a path given as ``str`` or ``os.PathLike``; raise for anything else."""
    path = os.fspath(value) if isinstance(value, os.PathLike) else value
    if isinstance(path, str) and path:
        return Path(path)
    message = f"{name} must be a path (a str or pathlib.Path), not {shown(value)}"
    raise ArgumentError(message)


def check_whole_number(value: object, name: str, *, minimum: int, maximum: int) -> int:
    """Return an ``int`` within ``minimum..maximum``; raise for anything else (``bool`` included)."""
    if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= maximum:
        message = f"{name} must be a whole number from {minimum} to {maximum}, not {shown(value)}"
        raise ArgumentError(message)
    return value


def check_moment(value: object, name: str) -> dt.datetime | None:
    """Return ``None`` or an aware datetime; raise for a naive one or anything else."""
    if value is None:
        return None
    if not isinstance(value, dt.datetime) or value.tzinfo is None or value.utcoffset() is None:
        message = (
            f"{name} must be an aware datetime (with a time zone, e.g. "
            f"datetime.now(timezone.utc)), not {shown(value)}"
        )
        raise ArgumentError(message)
    from sessionfeed.model.checks import FIRST_DAY, LAST_DAY

    try:
        day = value.astimezone(dt.UTC).date()
    except OverflowError:  # datetime.min or max in a zone: past Python's own range
        day = dt.date.min
    if not FIRST_DAY <= day <= LAST_DAY:
        message = (
            f"{name} is {value.isoformat()}, outside the dates sessionfeed supports "
            f"({FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()})"
        )
        raise ArgumentError(message)
    return value
