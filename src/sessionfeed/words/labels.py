"""The catalog's word for each role, status and built-in session kind.

One literal message per value, so that the catalog's extractor finds each
(``scripts/update-catalogs.py``). :class:`~sessionfeed.words.vocabulary.Words`
passes its own ``ngettext`` and ``pgettext``.
"""

from __future__ import annotations

from collections.abc import Callable

from sessionfeed.model.programme import Role, Status


__all__ = ["builtin_kind_phrases", "builtin_kinds", "role_label", "status_labels"]

NGettext = Callable[[str, str, int], str]
PGettext = Callable[[str, str], str]


def role_label(ngettext: NGettext, role: Role, count: int) -> str:
    """The label of a role for ``count`` people: "Spreker"/"Sprekers", "Moderator"."""
    return {
        Role.MODERATOR: ngettext("Moderator", "Moderators", count),
        Role.HOST: ngettext("Host", "Hosts", count),
        Role.SPEAKER: ngettext("Speaker", "Speakers", count),
        Role.PANELLIST: ngettext("Panellist", "Panellists", count),
        Role.INTERVIEWER: ngettext("Interviewer", "Interviewers", count),
        Role.INTERVIEWEE: ngettext("Interviewee", "Interviewees", count),
        Role.PRESENTER: ngettext("Presenter", "Presenters", count),
        Role.TRAINER: ngettext("Trainer", "Trainers", count),
    }[role]


def status_labels(pgettext: PGettext) -> dict[Status, str]:
    """The word for each status: "Geannuleerd", "Cancelled"; ``""`` while scheduled."""
    return {
        Status.SCHEDULED: "",
        Status.CANCELLED: pgettext("session status", "Cancelled"),
        Status.POSTPONED: pgettext("session status", "Postponed"),
        Status.RESCHEDULED: pgettext("session status", "Rescheduled"),
        Status.MOVED_ONLINE: pgettext("session status", "Moved online"),
    }


def builtin_kinds(pgettext: PGettext) -> dict[str, str]:
    """The word for each built-in session kind, lower case: "webinar", "paneldiscussie"."""
    return {
        "webinar": pgettext("session kind", "webinar"),
        "workshop": pgettext("session kind", "workshop"),
        "interview": pgettext("session kind", "interview"),
        "panel": pgettext("session kind", "panel discussion"),
        "talk": pgettext("session kind", "talk"),
        "lecture": pgettext("session kind", "lecture"),
        "keynote": pgettext("session kind", "keynote"),
        "seminar": pgettext("session kind", "seminar"),
        "conference": pgettext("session kind", "conference"),
        "course": pgettext("session kind", "course"),
        "meeting": pgettext("session kind", "meeting"),
        "roundtable": pgettext("session kind", "round table"),
        "masterclass": pgettext("session kind", "masterclass"),
        "debate": pgettext("session kind", "debate"),
    }


def builtin_kind_phrases(pgettext: PGettext) -> dict[str, str]:
    """Each built-in kind in a language: "{language}-language webinar"."""
    # One message per kind: Dutch inflects the adjective by the noun's gender
    # ("Engelstalig webinar", "Engelstalige workshop").
    return {
        "webinar": pgettext("session kind in a language", "{language}-language webinar"),
        "workshop": pgettext("session kind in a language", "{language}-language workshop"),
        "interview": pgettext("session kind in a language", "{language}-language interview"),
        "panel": pgettext("session kind in a language", "{language}-language panel discussion"),
        "talk": pgettext("session kind in a language", "{language}-language talk"),
        "lecture": pgettext("session kind in a language", "{language}-language lecture"),
        "keynote": pgettext("session kind in a language", "{language}-language keynote"),
        "seminar": pgettext("session kind in a language", "{language}-language seminar"),
        "conference": pgettext("session kind in a language", "{language}-language conference"),
        "course": pgettext("session kind in a language", "{language}-language course"),
        "meeting": pgettext("session kind in a language", "{language}-language meeting"),
        "roundtable": pgettext("session kind in a language", "{language}-language round table"),
        "masterclass": pgettext("session kind in a language", "{language}-language masterclass"),
        "debate": pgettext("session kind in a language", "{language}-language debate"),
    }
