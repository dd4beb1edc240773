"""The model's checks of its classes' fields, each problem recorded in a ``Collector``.

Every class of the model checks its fields when it is made, with these
helpers and the value checks of :mod:`sessionfeed.model.checks`, and raises
one :class:`~sessionfeed.exceptions.ProgrammeError` naming each field at fault.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from sessionfeed.model.checks import (
    Collector,
    check_day,
    check_locale,
    check_moment,
    is_aware,
    plain_text_problem,
    type_name,
)
from sessionfeed.model.text import LocalizedText


def text_problems(c: Collector, path: str, value: LocalizedText | None, *, required: bool) -> None:
    """A text in one or more locales: each locale valid and given once, each text plain."""
    if value is None:
        if required:
            c.add(path, "is required")
        return
    if not isinstance(value, LocalizedText):
        c.add(path, f"must be a LocalizedText, not {type_name(value)}")
        return
    if not value.items:
        c.add(path, "has no text in any locale")
    seen: set[str] = set()
    for locale, text in value.items:
        problem = check_locale(locale)
        if problem is not None:
            c.add(f"{path}.{locale}", f"{problem}; give each text under one of the programme's locales")
        elif locale in seen:
            c.add(f"{path}.{locale}", "is given twice; give one text per locale")
        else:
            seen.add(locale)
        c.add(f"{path}.{locale}", plain_text_problem(text))


def optional(
    c: Collector,
    path: str,
    value: object,
    check: Callable[[Any], str | None] = plain_text_problem,
) -> None:
    """A value that may be left out (``None``), checked by ``check`` (as every text is, by default)."""
    if value is not None:
        c.add(path, check(value))


def _article(name: str) -> str:
    return f"an {name}" if name[0] in "AEIOU" else f"a {name}"


def instance(c: Collector, path: str, value: object, kind: type, *, optional: bool = True) -> bool:
    """Whether ``value`` is a ``kind`` (or ``None`` where that is allowed); record a problem if not."""
    if isinstance(value, kind) or (optional and value is None):
        return True
    c.add(path, f"must be {_article(kind.__name__)}, not {type_name(value)}")
    return False


def instances(c: Collector, path: str, values: object, kind: type, what: str = "") -> bool:
    """Whether ``values`` is a tuple of ``kind`` values; record a problem for each one that is not."""
    if not isinstance(values, tuple):
        c.add(path, f"must be a list of {what or kind.__name__ + ' values'}, not {type_name(values)}")
        return False
    ok = True
    for i, value in enumerate(values):
        ok = instance(c, f"{path}[{i}]", value, kind, optional=False) and ok
    return ok


def as_tuple(values: Iterable[Any]) -> tuple[Any, ...]:
    """A converter: any iterable (a list, a generator) as a tuple.

    A text, a mapping or a value that is not iterable is kept as it is, for
    the class's check to name with its path: ``tuple("https://…")`` would
    quietly make a list of characters.
    """
    if type(values) is tuple:  # the common cases first: ABC checks are slow
        return values
    if type(values) is list:
        return tuple(values)
    if isinstance(values, str | bytes | Mapping) or not isinstance(values, Iterable):
        return values  # type: ignore[return-value]
    return tuple(values)


def day_problem(value: object) -> str | None:
    """A date (with no time of day) in the supported range."""
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        return f"must be a date, not {type_name(value)}"
    return check_day(value)


def moment_problem(value: object) -> str | None:
    """An aware date and time in the supported range, in whole seconds."""
    if not isinstance(value, dt.datetime) or not is_aware(value):
        return "must be a date and time with a time zone"
    return check_moment(value)


def listed_once(c: Collector, path: str, ids: Sequence[str]) -> None:
    """Each id once in a list: a second listing is a problem at that listing.

    The message names no index of the first listing: a loader maps the paths
    of a list to those of its file, where the indexes may differ.
    """
    seen: set[str] = set()
    for i, ident in enumerate(ids):
        if ident in seen:
            c.add(f"{path}[{i}]", f"{ident!r} is listed already; remove this one")
        seen.add(ident)
