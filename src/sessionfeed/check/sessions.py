"""The rules of ``sessionfeed check`` for each session: its date, place, status, texts, people, recording."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from sessionfeed.check.findings import Finding, finding, missing_locales
from sessionfeed.model.programme import Month, Status, Timed, Unknown


if TYPE_CHECKING:
    from sessionfeed.model.programme import Programme, Session


__all__ = ["session_findings"]

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
        yield finding(
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
        yield finding(
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
        yield finding(
            "SF201",
            f"{path}.location",
            f"no location: search engines require one for an event, so {_without_event(session)} "
            '(add location = "online", a location.venue, or both)',
        )
        return
    online, venue = location.online, location.venue
    if online is not None and not online.url and session.status is not Status.CANCELLED:
        yield finding(
            "SF202",
            f"{path}.location.online.url",
            _no_join_url(session),
        )
    if venue is not None and venue.address is None:
        yield finding(
            "SF203",
            f"{path}.location.venue.address",
            f"the venue has no address: search engines require one for a Place, so {_without_event(session)} "
            "(add location.venue.address with street, postal_code, locality and country)",
        )
    if session.status is Status.MOVED_ONLINE and online is None:
        yield finding(
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
                yield finding(
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
        yield finding(
            "SF302",
            f"{path}.previous_start",
            "the previous start is the same as the new start: nothing was rescheduled "
            '(correct previous_start or when, or set status = "scheduled")',
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
            yield finding(
                "SF404",
                f"{path}.title.{locale}",
                f"the title is only the kind of session ('{session.kind}'): search engines want "
                "a name that says what this session is about (write its subject in the title)",
            )
        if _URL.search(text):
            yield finding(
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
                yield finding(
                    "SF406",
                    f"{path}.title.{locale}",
                    f"the title is in {session.language!r}, the session's language, only: the "
                    f"'{locale}' outputs show it marked as {session.language!r} (add title.{locale} "
                    "to translate it)",
                )
    else:
        yield from missing_locales(programme, f"{path}.title", session.title, "SF402")
    if session.description is None:
        also = (
            " and the recording's VideoObject lacks the description Google recommends"
            if (session.recording is not None)
            else ""
        )
        yield finding(
            "SF401",
            f"{path}.description",
            f"no description: search engines recommend one{also} (add description)",
        )
    else:
        yield from missing_locales(programme, f"{path}.description", session.description, "SF402")


def _people(programme: Programme, path: str, session: Session) -> Iterator[Finding]:
    if not programme.organisers_of(session):
        yield finding(
            "SF502",
            f"{path}.organisers",
            "no organiser: search engines recommend an organizer "
            "(add organisers to the session, or to the programme for every session)",
        )
    if not session.participants:
        yield finding(
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
        yield finding(
            "SF701",
            f"{rpath}.thumbnail",
            "the recording has no thumbnail: Google requires thumbnailUrl for video results, so "
            "JSON-LD describes it as a MediaObject, not a VideoObject (add recording.thumbnail)",
        )
    if recording.published is None and not audio:
        yield finding(
            "SF702",
            f"{rpath}.published",
            "the recording has no publication date: Google requires uploadDate for video results, so "
            "JSON-LD describes it as a MediaObject, not a VideoObject (add recording.published = 2026-03-20)",
        )
    page = recording.media_type is None or recording.media_type.startswith(
        ("text/html", "application/xhtml+xml"),
    )
    if page and not recording.embed_url:
        yield finding(
            "SF703",
            f"{rpath}.media_type",
            "the recording is a page, not a media file, and has no player URL: JSON-LD has "
            'neither contentUrl nor embedUrl (set recording.media_type such as "video/mp4" '
            "if url is the file, or add recording.embed_url)",
        )


def session_findings(programme: Programme, index: int, session: Session, *, image: bool) -> Iterator[Finding]:
    """Every finding of the session at ``index``; ``image``: whether each session wants its own image."""
    path = f"sessions[{index}]"
    yield from _when(path, session)
    yield from _location(path, session)
    yield from _status(path, session)
    yield from _texts(programme, path, session)
    yield from _people(programme, path, session)
    if image and not session.image:
        yield finding(
            "SF601",
            f"{path}.image",
            "no image: search engines recommend one, at least 720 pixels wide "
            "(add image, or an image for the whole programme)",
        )
    yield from _recording(path, session)
