"""The build's "now": which sessions are coming and which are past.

One moment decides it for a whole build, taken from the first of:

1. ``--now``: ISO 8601, a date and time with ``Z`` or a UTC offset
   (``2026-12-07T15:00:00Z``, ``2026-12-07T16:00+01:00``), or a date
   (``2026-12-07``, meaning its start in UTC);
2. ``SOURCE_DATE_EPOCH``, the reproducible-builds.org variable: whole seconds
   since 1970-01-01 UTC (https://reproducible-builds.org/specs/source-date-epoch/);
   an empty value counts as unset;
3. the clock.

The same programme and the same now give the same bytes. A value that is not
one of these is refused with a message naming where it came from, the value
and what would be right, never ignored (the specification asks a build to
fail on a malformed ``SOURCE_DATE_EPOCH``). The moment is returned in UTC, in
whole seconds (a fraction of a second in ``--now`` is dropped), and within the
dates sessionfeed supports.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
from collections.abc import Callable, Mapping

from sessionfeed.exceptions import ArgumentError
from sessionfeed.model.checks import FIRST_DAY, LAST_DAY, check_moment, shown


__all__ = ["EPOCH_VARIABLE", "NOW_OPTION", "moment", "resolve_now"]

NOW_OPTION = "--now"
EPOCH_VARIABLE = "SOURCE_DATE_EPOCH"
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_INTEGER = re.compile(r"-?[0-9]+")
#: More digits than this cannot be a moment Python holds (and int() of many digits is slow).
_MAX_DIGITS = 12
_LONGEST_SHOWN = 60
_NOW_EXAMPLES = (
    f"{NOW_OPTION} 2026-12-07T15:00:00Z, {NOW_OPTION} 2026-12-07T16:00+01:00 or {NOW_OPTION} 2026-12-07"
)
_EPOCH_FIX = (
    f"set {EPOCH_VARIABLE} to whole seconds since 1970-01-01 UTC, e.g. the time of the last "
    f"commit: {EPOCH_VARIABLE}=$(git log -1 --format=%ct), or unset it to use the clock"
)


def _shown(value: str) -> str:
    """The value as a message quotes it: ``repr`` (control characters escaped), cut if long."""
    if len(value) > _LONGEST_SHOWN:
        return f"{shown(value[:_LONGEST_SHOWN])}… ({len(value)} characters)"
    return shown(value)


def _in_range(moment: dt.datetime, source: str) -> dt.datetime:
    """``moment`` in UTC, whole seconds, if sessionfeed supports it; else the error of ``source``."""
    moment = moment.replace(microsecond=0)
    problem = check_moment(moment)
    if problem is None:
        problem = check_moment(moment.astimezone(dt.UTC))
    if problem is not None:
        message = f"{source}: {problem}"
        raise ArgumentError(message)
    return moment.astimezone(dt.UTC)


def _from_option(value: str) -> dt.datetime:
    source = f"{NOW_OPTION} {_shown(value)}"
    text = value.strip()
    if not text:
        message = f"{source}: is empty; give a moment, e.g. {_NOW_EXAMPLES}"
        raise ArgumentError(message)
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        pass
    else:
        return _in_range(dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC), source)
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        message = f"{source}: is not a date or a date and time in ISO 8601; give e.g. {_NOW_EXAMPLES}"
        raise ArgumentError(message) from None
    if moment.utcoffset() is None:
        message = (
            f"{source}: has no UTC offset, so it names a different moment in every zone; add Z (UTC) "
            f"or the offset, e.g. {NOW_OPTION} {text}Z or {NOW_OPTION} {text}+01:00"
        )
        raise ArgumentError(message)
    return _in_range(moment, source)


def _from_epoch(value: str) -> dt.datetime:
    text = value.strip()
    if not _INTEGER.fullmatch(text):
        message = f"{EPOCH_VARIABLE}={_shown(value)} is not a whole number of seconds; {_EPOCH_FIX}"
        raise ArgumentError(message)
    digits = text.lstrip("-").lstrip("0")
    # Digits are safe to show as they are; very many are cut.
    shown_value = text if len(text) <= _MAX_DIGITS else f"{text[:_MAX_DIGITS]}… ({len(text)} digits)"
    source = f"{EPOCH_VARIABLE}={shown_value}"
    moment = None
    if len(digits) <= _MAX_DIGITS:
        with contextlib.suppress(OverflowError):
            moment = _EPOCH + dt.timedelta(seconds=int(text))
    if moment is not None and check_moment(moment) is None:
        return moment
    before = text.startswith("-")
    if moment is None:
        when = "a moment before the year 1" if before else "a moment past the year 9999"
    else:
        when = moment.isoformat()
    if before:
        edge = f"before the first day sessionfeed supports ({FIRST_DAY.isoformat()})"
    else:
        edge = f"past the last day sessionfeed supports ({LAST_DAY.isoformat()})"
    message = f"{source} is {when}, {edge}; {_EPOCH_FIX}"
    raise ArgumentError(message)


def _clock() -> dt.datetime:
    return dt.datetime.now(tz=dt.UTC)


def resolve_now(
    option: str | None,
    environ: Mapping[str, str],
    *,
    clock: Callable[[], dt.datetime] = _clock,
) -> dt.datetime:
    """The moment a build takes as now: ``--now``, else ``SOURCE_DATE_EPOCH``, else the clock.

    Args:
        option: The ``--now`` value as given (``None`` when not given).
        environ: The environment to read ``SOURCE_DATE_EPOCH`` from (``os.environ``).
        clock: Gives the current time, aware (tests pass a fixed one).

    Returns:
        An aware datetime in UTC, in whole seconds.

    Raises:
        ArgumentError: ``--now`` or ``SOURCE_DATE_EPOCH`` is not a moment
            sessionfeed can use; the message names which, its value and the fix.
    """
    if option is not None:
        return _from_option(option)
    epoch = environ.get(EPOCH_VARIABLE)
    if epoch:
        return _from_epoch(epoch)
    return _in_range(clock(), "the clock")


def moment(now: dt.datetime | None) -> dt.datetime:
    """The build's moment: ``now`` (in UTC) when the caller has one, else SOURCE_DATE_EPOCH or the clock.

    Raises:
        ArgumentError: ``SOURCE_DATE_EPOCH`` is not a moment sessionfeed can use.
    """
    if now is not None:
        return now.astimezone(dt.UTC)
    return resolve_now(None, os.environ)
