"""``sessionfeed check``: what a valid programme's outputs will lack.

The loader rejects what is wrong; this module reports what is allowed but
costs something: a month-only date that search engines cannot use, an online
session without a join URL, a text missing in one language, a person without
an organisation, a calendar too large for Google Calendar to read. Each
finding has a stable code (``SF101``), a severity, the
field path of the programme file and a message that says what to add::

    examples/x.toml:292: warning SF101 sessions[0].when: only the month is known ...

Severities:

``warning``
    An output lacks something its consumers require (Google's required
    ``name``, ``startDate`` and ``location``, a join URL, a text in a page's
    language), or the data probably says something it does not mean.
``info``
    A property Google recommends is missing (description, image, organiser,
    performer, price), or something would make an output richer.

Every code is documented with an example and its fix in ``docs/check.md``;
:data:`RULES` lists them. Nothing here reads the clock or the network: the
same programme gives the same findings in the same order; only the size of
the calendars under a window (SF801) depends on the moment given as ``now``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING

import attrs

from sessionfeed.check.findings import RULES, Finding, Rule, Severity, finding, missing_locales
from sessionfeed.check.sessions import session_findings
from sessionfeed.model.programme import AllDay, Timed


if TYPE_CHECKING:
    from sessionfeed.model.programme import Programme


__all__ = ["RULES", "Finding", "Rule", "Severity", "lint"]


def _programme(programme: Programme) -> Iterator[Finding]:
    yield from missing_locales(programme, "title", programme.title, "SF402")
    if programme.intro is not None:
        yield from missing_locales(programme, "intro", programme.intro, "SF402")
    if programme.free is None:
        yield finding(
            "SF602",
            "free",
            "the programme does not say whether the sessions are free: JSON-LD has no "
            "isAccessibleForFree and no offers (add free = true, or free = false)",
        )
    if programme.image is None and programme.sessions and not any(s.image for s in programme.sessions):
        yield finding(
            "SF601",
            "image",
            "no image for the programme or any session: search engines recommend one per "
            "event, at least 720 pixels wide (add image, here or per session)",
        )


def _entities(programme: Programme) -> Iterator[Finding]:
    organising = {o.id for o in programme.organisers}
    for session in programme.sessions:
        organising.update(o.id for o in programme.organisers_of(session))
    for org in programme.organisations:
        path = f"organisations.{org.id}"
        yield from missing_locales(programme, f"{path}.name", org.name, "SF403")
        if org.id in organising and not org.url:
            yield finding(
                "SF503",
                f"{path}.url",
                f"'{org.id}' organises sessions but has no URL: search engines recommend "
                "organizer.url (add url)",
            )
    for person in programme.people:
        path = f"people.{person.id}"
        if person.affiliation is None:
            yield finding(
                "SF501",
                f"{path}.affiliation",
                f"'{person.id}' has no organisation: outputs show the name alone, and "
                "readers cannot tell whom they speak for (add affiliation)",
            )
        if person.job_title is not None:
            yield from missing_locales(programme, f"{path}.job_title", person.job_title, "SF403")
    for section, labelled in (("tags", programme.tags), ("kinds", programme.kinds)):
        for item in labelled:
            yield from missing_locales(programme, f"{section}.{item.id}.label", item.label, "SF403")


def _calendars(programme: Programme, now: dt.datetime | None) -> Iterator[Finding]:
    """SF801: each locale's calendar that would pass 1 MB, and the window that brings it under."""
    from sessionfeed.calendar_size import GOOGLE_LIMIT, calendar_sizes, megabytes
    from sessionfeed.site import clock

    if not any(isinstance(s.when, Timed | AllDay) for s in programme.sessions):
        return
    moment = clock.moment(now)
    for locale in programme.locales:
        sizes = calendar_sizes(programme, locale, moment)
        total = sizes.total
        if total <= GOOGLE_LIMIT:
            continue
        larger = sorted(
            ((size, path) for path, size in sizes.facet_totals().items() if size > GOOGLE_LIMIT),
            reverse=True,
        )
        also = ""
        if larger:
            also = (
                f" ({len(larger)} of its facets' calendars pass 1 MB too, the largest "
                f"{locale}/{larger[0][1]} at {megabytes(larger[0][0])})"
            )
        past = sizes.past_window()
        upcoming = sizes.upcoming_window() if past is None else None
        if past is None and upcoming is None:
            fix = "its sessions of the coming day alone pass 1 MB: shorten their descriptions"
        elif past is None:
            assert upcoming is not None
            fix = (
                f"its coming sessions alone pass 1 MB: add window = {{ past = 'none', "
                f"upcoming = 'P{upcoming.days}D' }}"
            )
        else:
            kept = sizes.frame + sum(e.size for e in sizes.events if e.end is None or e.end > moment - past)
            span = "none" if not past else f"P{past.days}D"
            fix = f"add window.past = {span!r}, which keeps it at {megabytes(kept)} today"
        yield finding(
            "SF801",
            "window",
            f"{locale}/calendar.ics would be {megabytes(total)}{also}: Google Calendar stops reading a "
            f"subscribed calendar above about 1 MB ({fix}; pages keep every session)",
        )


def lint(
    programme: Programme,
    *,
    filename: str | None = None,
    source: str | None = None,
    now: dt.datetime | None = None,
) -> list[Finding]:
    """Every finding for ``programme``: programme-wide first, then organisations, people, sessions.

    Args:
        programme: A valid programme.
        filename: The programme file, put before each finding.
        source: The text of that file; with it each finding gets its line,
            and the findings come in the order of the file.
        now: The moment the programme's window is applied at when the
            calendars' sizes are measured (SF801); ``SOURCE_DATE_EPOCH``,
            else the clock, when ``None``.

    Returns:
        The findings; empty when there is nothing to report.
    """
    per_session_image = programme.image is None and any(s.image for s in programme.sessions)
    found = [
        *_programme(programme),
        *_entities(programme),
        *(
            finding
            for i, session in enumerate(programme.sessions)
            for finding in session_findings(programme, i, session, image=per_session_image)
        ),
        *_calendars(programme, now),
    ]
    if source is not None:
        from sessionfeed.io.lines import LineIndex

        index = LineIndex(source)
        found = [attrs.evolve(f, line=index.line_of(f.path)) for f in found]
        # In file order (stable), so that a reader can work down the file; unplaced ones last.
        found.sort(key=lambda f: f.line if f.line is not None else len(source) + 1)
    if filename is not None:
        found = [attrs.evolve(f, file=filename) for f in found]
    return found
