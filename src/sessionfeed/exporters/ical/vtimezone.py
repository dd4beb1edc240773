"""Rule-based ``VTIMEZONE`` components, derived from :mod:`zoneinfo`.

icalendar's ``Calendar.add_missing_timezones()`` and ``Timezone.from_tzinfo()``
describe a zone as long lists of ``RDATE`` onsets. That is valid RFC 5545, but
Outlook misreads it (pretalx/pretalx#2588, iCalcreator#86 and #106) and shows
sessions an hour off. Outlook, like every other client, does read the form
Google Calendar emits: one ``STANDARD`` and one ``DAYLIGHT`` observance, each
with a ``DTSTART`` and a yearly ``RRULE`` such as ``BYMONTH=3;BYDAY=-1SU``
(RFC 5545 §3.6.5, "Time Zone Component").

This module builds that form from the IANA database itself:

1. Probe the zone's state (UTC offset, DST amount, abbreviation) once a day
   from a year before the first session to a year after the last one, and
   find each change to the second by bisection.
2. Express every transition as "nth (or last) weekday of a month at a wall
   clock time". Runs of consecutive years that share such a rule become one
   observance with a yearly ``RRULE``; a run that ends inside the probed
   years gets an ``UNTIL``. A rule already in force when the probed years
   begin starts in 1970, as Google's and tzurl.org's do.
3. What fits no rule (a fixed day of the month, a one-off change of the
   standard offset) becomes an observance with ``RDATE`` onsets.
4. If no rule reaches back before the probed years, an observance from 1970
   with equal ``TZOFFSETFROM`` and ``TZOFFSETTO`` states what held then. For
   a zone without transitions (UTC, Asia/Kolkata) it is the only one.

The result is only claimed to be right for the probed years; that is all a
calendar of sessions needs, and it keeps the component short.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import zoneinfo
from typing import NamedTuple

from sessionfeed.exporters.ical.lines import escape_text, format_local


__all__ = ["vtimezone_lines"]

_UTC = dt.UTC
_ZERO = dt.timedelta(0)
_PROBE_STEP = dt.timedelta(days=1)
_STANDARD = "STANDARD"
_DAYLIGHT = "DAYLIGHT"
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# Conventional onset of an observance that has no known start (Google
# Calendar uses it too). Local time, as every DTSTART in a VTIMEZONE is.
_DEFAULT_ONSET = dt.datetime(1970, 1, 1, tzinfo=_UTC).replace(tzinfo=None)
# Keep the probed window, and the wall-clock times derived from it, inside
# the range ``datetime`` can represent.
_MIN_YEAR = 2
_MAX_YEAR = 9997
_LAST = -1  # BYDAY ordinal of "last weekday of the month"
_DAYS_PER_WEEK = 7


class _State(NamedTuple):
    """What a zone observes at some instant."""

    offset: dt.timedelta
    dst: dt.timedelta
    name: str


class _Transition(NamedTuple):
    """A change of state at the UTC instant ``utc`` (aware)."""

    utc: dt.datetime
    before: _State
    after: _State

    @property
    def local(self) -> dt.datetime:
        """Naive wall-clock time of the onset in the *prior* offset.

        RFC 5545 §3.6.5: DTSTART and RDATE of an observance are local times
        "specified in terms of the TZOFFSETFROM" of that observance.
        """
        return (self.utc + self.before.offset).replace(tzinfo=None)

    @property
    def kind(self) -> str:
        """``DAYLIGHT`` or ``STANDARD``, the observance this onset starts.

        This follows zoneinfo's DST flag, with one twist: zoneinfo reports
        Europe/Dublin's winter as *negative* DST (Irish law makes summer
        time the standard). Clients expect the higher offset to be the
        daylight one, so a change from negative DST to none starts
        ``DAYLIGHT``. A permanent change of the standard offset (Nuuk 2023,
        Almaty 2024) stays ``STANDARD``, which is what it is.
        """
        if self.after.dst > _ZERO or (self.after.dst == _ZERO and self.before.dst < _ZERO):
            return _DAYLIGHT
        return _STANDARD


class _RuleKey(NamedTuple):
    """What the onsets of one yearly rule have in common."""

    kind: str
    offset_from: dt.timedelta
    offset_to: dt.timedelta
    name: str
    month: int
    weekday: int
    time: dt.time


class _Run(NamedTuple):
    """Onsets in consecutive years that one ``RRULE`` can describe.

    ``ordinals`` are the BYDAY ordinals (1-5, or -1 for "last") that fit
    every onset in the run.
    """

    transitions: tuple[_Transition, ...]
    ordinals: frozenset[int]


def vtimezone_lines(tzid: str, start: dt.datetime, end: dt.datetime) -> list[str]:
    """Return the content lines of a ``VTIMEZONE`` for an IANA zone.

    The lines are unfolded and have no line ends. They run from
    ``BEGIN:VTIMEZONE`` to ``END:VTIMEZONE`` and describe ``tzid`` correctly
    for every instant from ``start`` to ``end``: callers pass the earliest
    and the latest start or end of the sessions that use the zone. The
    output depends only on ``tzid`` and the UTC years of ``start`` and
    ``end``, and is cached on them.

    Args:
        tzid: An IANA time zone name such as ``Europe/Amsterdam``. It is used
            verbatim as the ``TZID``.
        start: The first instant to cover (timezone-aware).
        end: The last instant to cover (timezone-aware), not before ``start``.

    Returns:
        The content lines, ready for folding.

    Raises:
        ValueError: If ``tzid`` is not a zone zoneinfo knows, if ``start`` or
            ``end`` is naive, or if ``end`` is before ``start``.
    """
    if start.utcoffset() is None or end.utcoffset() is None:
        msg = "vtimezone_lines() needs timezone-aware start and end datetimes"
        raise ValueError(msg)
    if end < start:
        msg = f"end ({end.isoformat()}) is before start ({start.isoformat()})"
        raise ValueError(msg)
    first_year = start.astimezone(_UTC).year
    last_year = end.astimezone(_UTC).year
    return list(_cached_lines(tzid, first_year, last_year))


@functools.lru_cache(maxsize=512)
def _cached_lines(tzid: str, first_year: int, last_year: int) -> tuple[str, ...]:
    """Build the lines for the UTC years ``first_year``..``last_year``.

    The same zone is asked for once per calendar, feed and language, so the
    probing is done once per process. A tuple keeps the cached value immutable.
    """
    zone = _load_zone(tzid)
    # One year of margin on either side: every zone that observes DST then
    # has an onset of each kind before the first session, and the rules of
    # the last year are seen in full.
    probe_start = dt.datetime(max(first_year - 1, _MIN_YEAR), 1, 1, tzinfo=_UTC)
    probe_end = dt.datetime(min(last_year + 2, _MAX_YEAR), 1, 1, tzinfo=_UTC)
    initial = _state_at(zone, probe_start)
    transitions = _find_transitions(zone, probe_start, probe_end, initial)

    observances = _rule_observances(transitions, probe_start, probe_end)
    if not any(onset.year < probe_start.year for onset, _ in observances):
        # Nothing says what held before the probed years (no transitions, or
        # no rule that was already in force): state it, so that readers that
        # look further back do not fall back on a guess (vobject takes such
        # a zone for UTC if it has no transitions in 2000-2020).
        observances.append(_initial_observance(initial, probe_start))
    observances.sort(key=lambda item: item[0])

    lines = ["BEGIN:VTIMEZONE", f"TZID:{tzid}"]
    for _, block in observances:
        lines.extend(block)
    lines.append("END:VTIMEZONE")
    return tuple(lines)


def _load_zone(tzid: str) -> zoneinfo.ZoneInfo:
    """Return the zone, turning zoneinfo's various failures into ValueError.

    zoneinfo raises ``ZoneInfoNotFoundError`` (a ``KeyError``) for unknown
    names, ``ValueError`` for keys that are not relative paths and
    ``IsADirectoryError`` for area names such as ``Europe``.
    """
    try:
        return zoneinfo.ZoneInfo(tzid)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError) as error:
        msg = f"unknown IANA time zone {tzid!r}; expected a name such as 'Europe/Amsterdam'"
        raise ValueError(msg) from error


def _state_at(zone: zoneinfo.ZoneInfo, instant: dt.datetime) -> _State:
    """Return what ``zone`` observes at the aware UTC ``instant``."""
    local = instant.astimezone(zone)
    offset = local.utcoffset()
    dst = local.dst()
    name = local.tzname()
    if offset is None or dst is None or name is None:  # pragma: no cover - zoneinfo always answers
        msg = f"{zone.key} gives no offset for {instant.isoformat()}"
        raise ValueError(msg)
    return _State(offset, dst, name)


def _find_transitions(
    zone: zoneinfo.ZoneInfo,
    probe_start: dt.datetime,
    probe_end: dt.datetime,
    initial: _State,
) -> list[_Transition]:
    """Find every change of state in ``[probe_start, probe_end)``.

    zoneinfo has no public list of transitions, so the zone is probed once a
    day and each change is pinned down by bisection. A change and its
    reversal within one day would go unseen; since 1970 no two transitions
    in tzdata are even two days apart.
    """
    transitions: list[_Transition] = []
    cursor, state = probe_start, initial
    while cursor < probe_end:
        probe = min(cursor + _PROBE_STEP, probe_end)
        if _state_at(zone, probe) == state:
            cursor = probe
            continue
        onset = _bisect_change(zone, cursor, probe, state)
        after = _state_at(zone, onset)
        transitions.append(_Transition(onset, state, after))
        cursor, state = onset, after
    return transitions


def _bisect_change(
    zone: zoneinfo.ZoneInfo, low: dt.datetime, high: dt.datetime, state: _State
) -> dt.datetime:
    """Return the first whole second in ``(low, high]`` not observing ``state``.

    ``low`` observes ``state`` and ``high`` does not; tzdata transitions fall
    on whole seconds.
    """
    low_s, high_s = 0, int((high - low).total_seconds())
    while high_s - low_s > 1:
        middle = (low_s + high_s) // 2
        if _state_at(zone, low + dt.timedelta(seconds=middle)) == state:
            low_s = middle
        else:
            high_s = middle
    return low + dt.timedelta(seconds=high_s)


def _rule_key(transition: _Transition) -> _RuleKey:
    """Return the parts of an onset that a yearly rule keeps fixed."""
    local = transition.local
    return _RuleKey(
        kind=transition.kind,
        offset_from=transition.before.offset,
        offset_to=transition.after.offset,
        name=transition.after.name,
        month=local.month,
        weekday=local.weekday(),
        time=local.time(),
    )


def _ordinals(day: dt.date) -> frozenset[int]:
    """Return the BYDAY ordinals that select ``day`` among its weekdays.

    Day 8-14 is the second such weekday (``2SU``), which is also how tzdata's
    "Sun>=8" reads. A day in the last seven days of the month is also the
    last one (``-1SU``, tzdata's "lastSun").
    """
    nth = (day.day - 1) // _DAYS_PER_WEEK + 1
    days_in_month = calendar.monthrange(day.year, day.month)[1]
    if day.day + _DAYS_PER_WEEK > days_in_month:
        return frozenset({nth, _LAST})
    return frozenset({nth})


def _group_runs(transitions: list[_Transition]) -> list[_Run]:
    """Split the onsets into runs that each follow one yearly rule.

    An onset extends the open run of its key when it falls in the year after
    the run's last onset and shares at least one BYDAY ordinal with it.
    Every run then describes exactly the onsets it holds, so the union of
    all observances reproduces the zone, whatever the rules were.
    """
    open_runs: dict[_RuleKey, _Run] = {}
    closed: list[_Run] = []
    for transition in transitions:
        key = _rule_key(transition)
        ordinals = _ordinals(transition.local.date())
        run = open_runs.get(key)
        if run is not None:
            common = run.ordinals & ordinals
            if common and run.transitions[-1].local.year == transition.local.year - 1:
                open_runs[key] = _Run((*run.transitions, transition), common)
                continue
            closed.append(run)
        open_runs[key] = _Run((transition,), ordinals)
    closed.extend(open_runs.values())
    return closed


def _rule_observances(
    transitions: list[_Transition], probe_start: dt.datetime, probe_end: dt.datetime
) -> list[tuple[dt.datetime, list[str]]]:
    """Turn the onsets into observances, each keyed by its (local) DTSTART.

    Runs of two or more years get an ``RRULE``; single onsets that start the
    same state are gathered into one observance with ``RDATE``s.
    """
    last_probed_year = probe_end.year - 1
    observances: list[tuple[dt.datetime, list[str]]] = []
    singles: dict[tuple[str, dt.timedelta, dt.timedelta, str], list[_Transition]] = {}
    for run in _group_runs(transitions):
        first = run.transitions[0]
        if len(run.transitions) == 1:
            key = (first.kind, first.before.offset, first.after.offset, first.after.name)
            singles.setdefault(key, []).append(first)
            continue
        last = run.transitions[-1]
        ordinal = _LAST if _LAST in run.ordinals else min(run.ordinals)
        until = None if last.local.year >= last_probed_year else last
        dtstart = first.local
        if dtstart.year == probe_start.year:
            dtstart = _backdate(dtstart, ordinal)
        rrule = f"RRULE:{_rrule(first.local, ordinal, until)}"
        observances.append((dtstart, _observance(first, [rrule], dtstart)))
    for group in singles.values():
        group.sort(key=lambda transition: transition.utc)
        rdates = [f"RDATE:{format_local(other.local)}" for other in group[1:]]
        observances.append((group[0].local, _observance(group[0], rdates, group[0].local)))
    return observances


def _backdate(onset: dt.datetime, ordinal: int) -> dt.datetime:
    """Move the first onset of a rule in force from the start to 1970.

    Google Calendar and tzurl.org's Outlook-compatible zones start every
    current rule in 1970, and some readers look at years before the
    sessions: vobject (and Radicale, which uses it) compares a VTIMEZONE
    with UTC over 2000-2020 and would take a London zone that starts its
    rules in 2025 for UTC. Outside the covered years the zone is then a
    plausible extrapolation instead of "no DST". The 1970 onset is the
    rule's own occurrence that year, so DTSTART stays in step with the RRULE
    (RFC 5545 §3.8.5.3).
    """
    year = _DEFAULT_ONSET.year
    if onset.year <= year:
        return onset
    day = _nth_weekday(year, onset.month, onset.weekday(), ordinal)
    return onset.replace(year=year, day=day)


def _nth_weekday(year: int, month: int, weekday: int, ordinal: int) -> int:
    """Return the day of the month of its ``ordinal``-th (-1: last) ``weekday``."""
    first_weekday, days = calendar.monthrange(year, month)
    if ordinal == _LAST:
        last_weekday = (first_weekday + days - 1) % _DAYS_PER_WEEK
        return days - (last_weekday - weekday) % _DAYS_PER_WEEK
    return 1 + (weekday - first_weekday) % _DAYS_PER_WEEK + _DAYS_PER_WEEK * (ordinal - 1)


def _rrule(first: dt.datetime, ordinal: int, last: _Transition | None) -> str:
    """Return the yearly RRULE value for onsets like ``first`` (local time).

    "Last weekday" is preferred when a run fits both readings (e.g. only
    ever the 25th-28th), since tzdata's "lastSun" rules are the common ones.

    ``UNTIL`` must be UTC in a VTIMEZONE (RFC 5545 §3.3.10), and is
    inclusive. dateutil, which vobject and icalendar use to read VTIMEZONEs,
    drops the ``Z`` and compares it with the *local* onset times. So
    ``UNTIL`` is set to the later of the last onset's UTC and wall-clock
    readings: both interpretations then include the last onset, and both
    exclude the next year's.
    """
    parts = ["FREQ=YEARLY"]
    if last is not None:
        until = last.utc + max(last.before.offset, _ZERO)
        parts.append(f"UNTIL={format_local(until.replace(tzinfo=None))}Z")
    parts.append(f"BYMONTH={first.month}")
    parts.append(f"BYDAY={ordinal}{_WEEKDAYS[first.weekday()]}")
    return ";".join(parts)


def _observance(onset: _Transition, extra: list[str], dtstart: dt.datetime) -> list[str]:
    """Return a ``STANDARD``/``DAYLIGHT`` block for the change at ``onset``."""
    kind = onset.kind
    return [
        f"BEGIN:{kind}",
        f"TZOFFSETFROM:{_format_offset(onset.before.offset)}",
        f"TZOFFSETTO:{_format_offset(onset.after.offset)}",
        f"TZNAME:{escape_text(onset.after.name)}",
        f"DTSTART:{format_local(dtstart)}",
        *extra,
        f"END:{kind}",
    ]


def _initial_observance(state: _State, probe_start: dt.datetime) -> tuple[dt.datetime, list[str]]:
    """Return the observance in force at the start of the probed years.

    Its offsets are equal, the form Google uses for zones without DST. The
    onset is 1970-01-01 (or the probe start, for sessions before 1971).
    """
    onset = min(_DEFAULT_ONSET, (probe_start + state.offset).replace(tzinfo=None))
    # A change from the state to itself: DAYLIGHT when it has summer time, else STANDARD.
    return onset, _observance(_Transition(probe_start, state, state), [], onset)


def _format_offset(offset: dt.timedelta) -> str:
    """Format a UTC offset as RFC 5545 §3.3.14 ``UTC-OFFSET``: ``+HHMM[SS]``.

    Seconds are written only when there are any (LMT offsets such as
    Amsterdam's +00:19:32 before 1937). Zero is ``+0000``; ``-0000`` is not
    allowed.
    """
    seconds = int(offset.total_seconds())
    sign = "-" if seconds < 0 else "+"
    hours, rest = divmod(abs(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    text = f"{sign}{hours:02d}{minutes:02d}"
    return f"{text}{secs:02d}" if secs else text
