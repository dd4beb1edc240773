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
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal, TypeAlias

import attrs

from sessionfeed.model.programme import AllDay, Month, Status, Timed, Unknown


if TYPE_CHECKING:
    from sessionfeed.model.programme import Programme, Session
    from sessionfeed.model.text import LocalizedText


__all__ = ["RULES", "Finding", "Rule", "Severity", "lint"]

Severity: TypeAlias = Literal["warning", "info"]


@attrs.frozen(kw_only=True)
class Rule:
    """One kind of finding.

    Attributes:
        code: The stable code, e.g. ``SF101``; never reused for something else.
        severity: ``warning`` or ``info``.
        summary: What it is about, in a few words.
    """

    code: str
    severity: Severity
    summary: str


#: Every rule, by code. Codes group by area: 1xx dates, 2xx places, 3xx status,
#: 4xx texts, 5xx people and organisations, 6xx images and prices, 7xx recordings,
#: 8xx subscriptions.
RULES: dict[str, Rule] = {
    rule.code: rule
    for rule in (
        Rule(code="SF101", severity="warning", summary="only the month is known"),
        Rule(code="SF102", severity="warning", summary="no date"),
        Rule(code="SF201", severity="warning", summary="no location"),
        Rule(code="SF202", severity="warning", summary="online without a join URL"),
        Rule(code="SF203", severity="warning", summary="venue without an address"),
        Rule(code="SF204", severity="warning", summary="moved online, but no online location"),
        Rule(code="SF301", severity="warning", summary="reads as cancelled or postponed, but is scheduled"),
        Rule(code="SF302", severity="warning", summary="rescheduled to the same start"),
        Rule(code="SF401", severity="info", summary="no description"),
        Rule(code="SF402", severity="warning", summary="title or description missing in a locale"),
        Rule(code="SF403", severity="info", summary="name or label missing in a locale"),
        Rule(code="SF404", severity="warning", summary="title is only the kind of session"),
        Rule(code="SF405", severity="warning", summary="URL in a title"),
        Rule(code="SF406", severity="info", summary="title in the session's language only"),
        Rule(code="SF501", severity="warning", summary="person without an organisation"),
        Rule(code="SF502", severity="info", summary="no organiser"),
        Rule(code="SF503", severity="info", summary="organiser without a URL"),
        Rule(code="SF504", severity="info", summary="nobody takes part"),
        Rule(code="SF601", severity="info", summary="no image"),
        Rule(code="SF602", severity="info", summary="not stated whether sessions are free"),
        Rule(code="SF701", severity="warning", summary="recording without a thumbnail"),
        Rule(code="SF702", severity="warning", summary="recording without a publication date"),
        Rule(code="SF703", severity="info", summary="recording without a media file or player URL"),
        Rule(code="SF801", severity="warning", summary="a calendar passes 1 MB"),
    )
}


@attrs.frozen(kw_only=True)
class Finding:
    """One thing a programme's outputs will lack.

    ``str(finding)`` is one line in the shape compilers use, so that editors
    and CI annotators can jump to it and ``grep`` can pick codes::

        FILE:LINE: SEVERITY CODE PATH: MESSAGE

    Attributes:
        code: The rule's code, e.g. ``SF101``.
        severity: ``warning`` or ``info``.
        path: The field path in the programme file, e.g. ``sessions[3].when``.
        message: What is missing, what it costs, and what to add.
        file: The programme file, when known.
        line: The 1-based line of ``path`` (or of the nearest enclosing field), when known.
    """

    code: str
    severity: Severity
    path: str
    message: str
    file: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = f"{self.file}:{self.line}: " if self.line else f"{self.file}: "
        return f"{where}{self.severity} {self.code} {self.path}: {self.message}"


def _finding(code: str, path: str, message: str) -> Finding:
    return Finding(code=code, severity=RULES[code].severity, path=path, message=message)


# ----------------------------------------------------------------- sessions

_STATUS_WORDS = re.compile(
    r"\b(cancell?ed|called off|geannuleerd|afgelast|gaat niet door|postponed|uitgesteld)\b",
    re.IGNORECASE,
)
_URL = re.compile(r"https?://|\bwww\.", re.IGNORECASE)


def _without_event(session: Session) -> str:
    """What JSON-LD writes for a session that gets no ``Event``."""
    if session.recording is None:
        return "JSON-LD has no Event for it"
    return "JSON-LD has no Event for it, only its recording"


def _when(path: str, session: Session) -> Iterator[Finding]:
    when = session.when
    if isinstance(when, Month):
        yield _finding(
            "SF101",
            f"{path}.when",
            f"only the month is known ({when.iso()}): search engines reject an event without a day, so "
            f"{_without_event(session)}, and calendars leave the session out "
            "(give the day as when = YYYY-MM-DD, or a { start, end } table with the times)",
        )
    elif isinstance(when, Unknown):
        advice = (
            "keep the original date in 'when' until the new one is known"
            if session.status is Status.POSTPONED
            else "add when = 2026-03-12, a { start, end } table, or '2026-03' if only the month is known"
        )
        yield _finding(
            "SF102",
            f"{path}.when",
            f"no date: search engines require a startDate, so {_without_event(session)}, and calendars "
            f"leave the session out ({advice})",
        )


def _no_join_url(session: Session) -> str:
    """SF202's message: what the outputs give instead of a join URL."""
    from sessionfeed.exporters.jsonld_events import no_event_reason

    if no_event_reason(session) is not None:
        return "online without a join URL: pages and calendars show no link to join (add location.online.url)"
    instead = "the registration link" if session.links.registration else "the session's page"
    return (
        "online without a join URL: the JSON-LD VirtualLocation's url, which search engines require, "
        f"is {instead} instead, and calendars show no link (add location.online.url)"
    )


def _location(path: str, session: Session) -> Iterator[Finding]:
    location = session.location
    if location is None:
        yield _finding(
            "SF201",
            f"{path}.location",
            f"no location: search engines require one for an event, so {_without_event(session)} "
            '(add location = "online", a location.venue, or both)',
        )
        return
    online, venue = location.online, location.venue
    if online is not None and not online.url and session.status is not Status.CANCELLED:
        yield _finding(
            "SF202",
            f"{path}.location.online.url",
            _no_join_url(session),
        )
    if venue is not None and venue.address is None:
        yield _finding(
            "SF203",
            f"{path}.location.venue.address",
            f"the venue has no address: search engines require one for a Place, so {_without_event(session)} "
            "(add location.venue.address with street, postal_code, locality and country)",
        )
    if session.status is Status.MOVED_ONLINE and online is None:
        yield _finding(
            "SF204",
            f"{path}.location",
            "the status is 'moved-online' but the location has no online part: outputs still "
            "point people to the venue (add location.online with its url)",
        )


def _status(path: str, session: Session) -> Iterator[Finding]:
    if session.status is Status.SCHEDULED:
        texts = [("title", text) for _, text in session.title.items]
        if session.description is not None:
            texts += [("description", text[:100]) for _, text in session.description.items]
        for where, text in texts:
            match = _STATUS_WORDS.search(text)
            if match:
                word = match.group(1).lower()
                yield _finding(
                    "SF301",
                    f"{path}.status",
                    f"the {where} says {word!r} but the status is 'scheduled': calendars, feeds "
                    "and search engines show the session as going ahead "
                    '(set status = "cancelled" or "postponed")',
                )
                return
    if (
        session.status is Status.RESCHEDULED
        and isinstance(session.when, Timed)
        and session.previous_start == session.when.start
    ):
        yield _finding(
            "SF302",
            f"{path}.previous_start",
            "the previous start is the same as the new start: nothing was rescheduled "
            '(correct previous_start or when, or set status = "scheduled")',
        )


def _missing_locales(
    programme: Programme,
    path: str,
    value: LocalizedText,
    code: str,
) -> Iterator[Finding]:
    """One finding per programme locale that ``value`` has no text for."""
    for locale in programme.locales:
        if locale not in value:
            shown = programme.text(value, locale).lang
            yield _finding(
                code,
                f"{path}.{locale}",
                f"no '{locale}' text: the '{locale}' outputs show the '{shown}' text instead "
                f"(add {path.rsplit('.', 1)[-1]}.{locale})",
            )


def _in_own_language_only(session: Session) -> bool:
    """Whether the title is written in the session's language alone (``title.en`` of an English session)."""
    written = [locale for locale, _ in session.title.items]
    return bool(written) and all(
        locale.split("-")[0].lower() == session.language.split("-")[0].lower() for locale in written
    )


def _title(programme: Programme, path: str, session: Session) -> Iterator[Finding]:
    from sessionfeed.words.vocabulary import Words

    kind_words = {session.kind.casefold()}
    for locale in programme.locales:
        kind_words.add(Words.of(locale).kind_label(programme, session.kind).casefold())
    for locale, text in session.title.items:
        if text.strip().casefold() in kind_words:
            yield _finding(
                "SF404",
                f"{path}.title.{locale}",
                f"the title is only the kind of session ('{session.kind}'): search engines want "
                "a name that says what this session is about (write its subject in the title)",
            )
        if _URL.search(text):
            yield _finding(
                "SF405",
                f"{path}.title.{locale}",
                "the title holds a URL: search engines reject event names with URLs "
                "(move it to links.page or links.registration)",
            )


def _texts(programme: Programme, path: str, session: Session) -> Iterator[Finding]:
    yield from _title(programme, path, session)
    if _in_own_language_only(session):
        # Deliberate: the session is held in that language, and its title says so.
        for locale in programme.locales:
            if locale not in session.title:
                yield _finding(
                    "SF406",
                    f"{path}.title.{locale}",
                    f"the title is in {session.language!r}, the session's language, only: the "
                    f"'{locale}' outputs show it marked as {session.language!r} (add title.{locale} "
                    "to translate it)",
                )
    else:
        yield from _missing_locales(programme, f"{path}.title", session.title, "SF402")
    if session.description is None:
        also = (
            " and the recording's VideoObject lacks the description Google recommends"
            if (session.recording is not None)
            else ""
        )
        yield _finding(
            "SF401",
            f"{path}.description",
            f"no description: search engines recommend one{also} (add description)",
        )
    else:
        yield from _missing_locales(programme, f"{path}.description", session.description, "SF402")


def _people(programme: Programme, path: str, session: Session) -> Iterator[Finding]:
    if not programme.organisers_of(session):
        yield _finding(
            "SF502",
            f"{path}.organisers",
            "no organiser: search engines recommend an organizer "
            "(add organisers to the session, or to the programme for every session)",
        )
    if not session.participants:
        yield _finding(
            "SF504",
            path,
            "nobody takes part: search engines recommend a performer "
            "(add moderators, speakers, interviewees, ... to the session)",
        )


def _recording(path: str, session: Session) -> Iterator[Finding]:
    recording = session.recording
    if recording is None:
        return
    rpath = f"{path}.recording"
    audio = bool(recording.media_type and recording.media_type.startswith("audio/"))
    if not recording.thumbnail and not audio:
        yield _finding(
            "SF701",
            f"{rpath}.thumbnail",
            "the recording has no thumbnail: Google requires thumbnailUrl for video results, so "
            "JSON-LD describes it as a MediaObject, not a VideoObject (add recording.thumbnail)",
        )
    if recording.published is None and not audio:
        yield _finding(
            "SF702",
            f"{rpath}.published",
            "the recording has no publication date: Google requires uploadDate for video results, so "
            "JSON-LD describes it as a MediaObject, not a VideoObject (add recording.published = 2026-03-20)",
        )
    page = recording.media_type is None or recording.media_type.startswith(
        ("text/html", "application/xhtml+xml"),
    )
    if page and not recording.embed_url:
        yield _finding(
            "SF703",
            f"{rpath}.media_type",
            "the recording is a page, not a media file, and has no player URL: JSON-LD has "
            'neither contentUrl nor embedUrl (set recording.media_type such as "video/mp4" '
            "if url is the file, or add recording.embed_url)",
        )


def _session(programme: Programme, index: int, session: Session, *, image: bool) -> Iterator[Finding]:
    path = f"sessions[{index}]"
    yield from _when(path, session)
    yield from _location(path, session)
    yield from _status(path, session)
    yield from _texts(programme, path, session)
    yield from _people(programme, path, session)
    if image and not session.image:
        yield _finding(
            "SF601",
            f"{path}.image",
            "no image: search engines recommend one, at least 720 pixels wide "
            "(add image, or an image for the whole programme)",
        )
    yield from _recording(path, session)


# ---------------------------------------------------------------- programme


def _programme(programme: Programme) -> Iterator[Finding]:
    yield from _missing_locales(programme, "title", programme.title, "SF402")
    if programme.intro is not None:
        yield from _missing_locales(programme, "intro", programme.intro, "SF402")
    if programme.free is None:
        yield _finding(
            "SF602",
            "free",
            "the programme does not say whether the sessions are free: JSON-LD has no "
            "isAccessibleForFree and no offers (add free = true, or free = false)",
        )
    if programme.image is None and programme.sessions and not any(s.image for s in programme.sessions):
        yield _finding(
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
        yield from _missing_locales(programme, f"{path}.name", org.name, "SF403")
        if org.id in organising and not org.url:
            yield _finding(
                "SF503",
                f"{path}.url",
                f"'{org.id}' organises sessions but has no URL: search engines recommend "
                "organizer.url (add url)",
            )
    for person in programme.people:
        path = f"people.{person.id}"
        if person.affiliation is None:
            yield _finding(
                "SF501",
                f"{path}.affiliation",
                f"'{person.id}' has no organisation: outputs show the name alone, and "
                "readers cannot tell whom they speak for (add affiliation)",
            )
        if person.job_title is not None:
            yield from _missing_locales(programme, f"{path}.job_title", person.job_title, "SF403")
    for tag in programme.tags:
        yield from _missing_locales(programme, f"tags.{tag.id}.label", tag.label, "SF403")
    for kind in programme.kinds:
        yield from _missing_locales(programme, f"kinds.{kind.id}.label", kind.label, "SF403")


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
        yield _finding(
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
            for finding in _session(programme, i, session, image=per_session_image)
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
