"""The words a listing page uses: role labels, kinds of session, languages, and other labels.

Dutch and English, with a few other words pages use. Each table maps a word
(lower case) to what sessionfeed calls it.
"""

from __future__ import annotations

import re

from sessionfeed.importers._common import squash


__all__ = [
    "JOIN", "KIND", "KIND_WORDS", "LABEL", "LANGUAGE", "LANGUAGE_WORDS", "ORGANISED", "ROLE_LABELS",
    "SINGULAR_LABELS", "STATUSES", "STOPWORDS", "is_label", "key", "known_label",
]  # fmt: skip


ROLE_LABELS: dict[str, str] = {}
for _role, _labels in {
    "moderators": "moderator moderators gespreksleider gespreksleiders gespreksleiding dagvoorzitter "
    "dagvoorzitters voorzitter chair chairs facilitator facilitators moderatie",
    "hosts": "host hosts gastheer gastvrouw gastheren",
    "speakers": "speaker speakers spreker sprekers",
    "panellists": "panellist panellists panelist panelists panellid panelleden panel",
    "interviewers": "interviewer interviewers",
    "interviewees": "interviewee interviewees geïnterviewde geïnterviewden geinterviewde geinterviewden",
    "presenters": "presenter presenters presentator presentatoren presentatrice",
    "trainers": "trainer trainers",
}.items():
    for _label in _labels.split():
        ROLE_LABELS[_label] = _role

#: The role labels that name one person: what follows is one name, commas and all ("Ana Silva, FTA").
SINGULAR_LABELS = frozenset({
    "moderator", "gespreksleider", "dagvoorzitter", "voorzitter", "chair", "facilitator", "host", "gastheer",
    "gastvrouw", "speaker", "spreker", "panellist", "panelist", "panellid", "interviewer", "interviewee",
    "geïnterviewde", "geinterviewde", "presenter", "presentator", "presentatrice", "trainer",
})  # fmt: skip

_TOPICS = {"topics", "topic", "onderwerpen", "onderwerp", "thema", "thema's", "themas", "themes", "tags"}
_REGISTER = {"register", "registration", "aanmelden", "registreren", "inschrijven", "sign up"}
_RECORDING = {"recording", "opname", "terugkijken", "watch the recording"}
_ORGANISERS = {"organised by", "organized by", "georganiseerd door", "organisers", "organizers",
               "organisatie", "organisator", "organisatoren"}  # fmt: skip
STATUSES = {"geannuleerd": "cancelled", "cancelled": "cancelled", "canceled": "cancelled",
             "uitgesteld": "postponed", "postponed": "postponed", "verplaatst naar online": "moved-online",
             "moved online": "moved-online"}  # fmt: skip
_WHEN = {"date", "datum", "when", "wanneer"}
_WHERE = {"location", "locatie", "venue", "where", "waar", "plaats"}
JOIN = re.compile(r"(?:join on|deelnemen via)\s+(?P<platform>.+)|join online|online deelnemen", re.IGNORECASE)
ORGANISED = re.compile(
    r"(?:organised by|organized by|georganiseerd door)\s+(?P<orgs>.+?)"
    r"(?:,?\s+(?:with support from|met ondersteuning van)\s+(?P<support>.+?))?\.?",
    re.IGNORECASE,
)

# Words for kinds of session, in Dutch and English, as whole words.
KIND_WORDS: dict[str, str] = {
    "webinar": "webinar", "webinars": "webinar", "workshop": "workshop", "workshops": "workshop",
    "interview": "interview", "panel discussion": "panel", "paneldiscussie": "panel",
    "panelgesprek": "panel", "panel": "panel", "talk": "talk", "presentatie": "talk",
    "lecture": "lecture", "lezing": "lecture", "keynote": "keynote", "seminar": "seminar",
    "conference": "conference", "conferentie": "conference", "congres": "conference",
    "course": "course", "cursus": "course", "training": "course", "meeting": "meeting",
    "bijeenkomst": "meeting", "round table": "roundtable", "roundtable": "roundtable",
    "rondetafelgesprek": "roundtable", "rondetafel": "roundtable", "masterclass": "masterclass",
    "debate": "debate", "debat": "debate",
}  # fmt: skip
KIND = re.compile(r"\b(" + "|".join(sorted(map(re.escape, KIND_WORDS), key=len, reverse=True)) + r")\b", re.I)

# Words that say which language a session is held in.
LANGUAGE_WORDS: dict[str, str] = {
    "engelstalig": "en", "engelstalige": "en", "english-language": "en", "in english": "en",
    "in het engels": "en", "nederlandstalig": "nl", "nederlandstalige": "nl", "dutch-language": "nl",
    "in dutch": "nl", "in het nederlands": "nl", "duitstalig": "de", "duitstalige": "de",
    "german-language": "de", "in german": "de", "franstalig": "fr", "franstalige": "fr",
    "french-language": "fr", "in french": "fr", "spaanstalig": "es", "spaanstalige": "es",
    "spanish-language": "es", "in spanish": "es",
}  # fmt: skip
LANGUAGE = re.compile(
    r"\b(" + "|".join(sorted(map(re.escape, LANGUAGE_WORDS), key=len, reverse=True)) + r")\b",
    re.I,
)

# Short words that tell a page's language apart.
STOPWORDS = {
    "nl": {"de", "het", "een", "en", "van", "is", "dit", "wordt", "voor", "met", "zijn", "op", "ook", "hoe"},
    "en": {"the", "and", "of", "is", "this", "to", "for", "with", "are", "on", "also", "how", "a", "in"},
}

LABEL = re.compile(r"^(?P<label>[^:]{1,40}?)\s*:\s*(?P<rest>.*)$")


def key(text: str) -> str:
    """``text`` compared as a label: one space between words, no case, no colon at the end."""
    return squash(text).casefold().rstrip(":").strip()


def is_label(text: str) -> bool:
    match = LABEL.match(text)
    if not match:
        return False
    label = key(match["label"])
    return known_label(label) is not None or (not match["rest"] and len(label.split()) <= 4)


def known_label(label: str) -> str | None:
    """What a label introduces: a role key, or topics, register, recording, organisers, when, where, join."""
    label = key(label)
    if label in ROLE_LABELS:
        return ROLE_LABELS[label]
    for name, words in (("tags", _TOPICS), ("registration", _REGISTER), ("recording", _RECORDING),
                        ("organisers", _ORGANISERS), ("when", _WHEN), ("where", _WHERE)):  # fmt: skip
        if label in words:
            return name
    if JOIN.fullmatch(label):
        return "join"
    return None
