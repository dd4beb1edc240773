"""The shared vocabulary: every word and format an output shows a person.

:class:`Words` binds one page locale to its gettext catalog and its babel
(CLDR) locale. The text, the page, the calendar and the feeds all take their
words from here, so that "Sprekers", "12 maart 2026, 14:00-15:30" and
"Geannuleerd" read the same everywhere::

    words = Words.of("nl")
    words.format_when(session.when)        # '12 maart 2026, 14:00-15:30 (Midden-Europese tijd)'
    words.role_label(Role.SPEAKER, 3)      # 'Sprekers'

Spacing: CLDR patterns put narrow spaces (U+2009, U+202F) around dashes and
before AM/PM. Every string from here uses plain ASCII spaces instead (with
the en dash U+2013 kept), so that text, ``.ics`` and HTML outputs agree and
octet counts are predictable: "14:00-15:30" (no spaces, as CLDR has it),
"30 april - 2 mei 2026" (spaces where CLDR has thin ones). (The examples in
these docstrings write the en dash as "-".)

Babel is imported inside the methods, where a memo has no answer yet:
importing this module is cheap, and so is a call that the memo answers (an
import statement costs about a microsecond each time it runs).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal

from sessionfeed.model.programme import (
    AllDay,
    Location,
    Month,
    Organisation,
    Person,
    Programme,
    Role,
    Session,
    Status,
    Timed,
    Unknown,
    When,
)
from sessionfeed.words import labels
from sessionfeed.words.catalogs import babel_locale, plain_spaces, translations
from sessionfeed.words.zones import ZoneNames


if TYPE_CHECKING:
    from babel.core import Locale
    from babel.support import Translations


__all__ = ["EN_DASH", "Words"]

#: The dash of every range.
EN_DASH = "\u2013"


#: The CLDR list styles a catalog may choose to join the parts of a duration.
_LIST_STYLES: dict[str, Literal["standard", "standard-short", "or"]] = {
    "standard": "standard",
    "standard-short": "standard-short",
    "or": "or",
}

#: Month patterns in CLDR interval formats: abbreviated (MMM) made wide (MMMM).
_ABBREVIATED_MONTH = re.compile(r"(?<![ML])([ML])\1\1(?![ML])")


def _require_aware(moment: dt.datetime) -> None:
    if moment.tzinfo is None or moment.tzinfo.utcoffset(moment) is None:
        message = f"a naive datetime never reaches babel: {moment.isoformat()} has no time zone"
        raise ValueError(message)


class Words:
    """Locale-bound words and formats. ``Words.of(locale)`` is cached per locale.

    Attributes:
        locale: The page locale, e.g. ``nl``.
        babel: The babel locale its dates and lists use (``nl_NL``, ``en_GB``).
    """

    __slots__ = ("_kinds", "_memo", "_phrases", "_statuses", "_translations", "_zones", "babel", "locale")

    locale: str
    babel: Locale

    def __init__(self, locale: str) -> None:
        self.locale = locale
        self.babel = babel_locale(locale)
        self._translations: Translations = translations(locale)
        # Results of the pure formatters below, by their arguments: a programme
        # repeats the same dates, people and kinds, and babel is slow to ask.
        self._memo: dict[tuple[object, ...], Any] = {}
        self._zones = ZoneNames(self.babel)
        # The words of the statuses and the built-in kinds, and each kind in a language: a few dozen.
        self._statuses = labels.status_labels(self.pgettext)
        self._kinds = labels.builtin_kinds(self.pgettext)
        self._phrases = labels.builtin_kind_phrases(self.pgettext)

    @staticmethod
    @functools.cache
    def of(locale: str) -> Words:
        """The words for ``locale`` (one instance per locale per process).

        Raises:
            ValueError: Babel has no data for the locale.
        """
        return Words(locale)

    def __repr__(self) -> str:
        return f"<Words {self.locale!r} ({self.babel})>"

    # ------------------------------------------------------------------ gettext

    def gettext(self, message: str) -> str:
        """The translation of ``message`` (an English msgid of the catalog)."""
        return self._translations.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """The translation of a message with a plural, chosen for ``n``."""
        return self._translations.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        """The translation of ``message`` in ``context`` (msgctxt)."""
        return str(self._translations.pgettext(context, message))

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        """The translation of a message with a plural in ``context``."""
        return str(self._translations.npgettext(context, singular, plural, n))

    # -------------------------------------------------------------------- roles

    def role_label(self, role: Role, count: int) -> str:
        """The label of a role for ``count`` people: "Spreker"/"Sprekers", "Moderator"."""
        return labels.role_label(self.ngettext, role, count)

    # -------------------------------------------------------------------- kinds

    def kind_label(self, programme: Programme, kind: str) -> str:
        """The word for a session kind, lower case: "webinar", "paneldiscussie".

        A kind the programme declares takes its label for this locale (with the
        programme's fallback); an unknown kind is shown as its id.
        """
        declared = programme.kind_label(kind)
        if declared is not None:
            return programme.text(declared, self.locale).text
        return self._kinds.get(kind, kind)

    def kind_phrase(self, programme: Programme, session: Session) -> str:
        """The kind in the session's language: "Engelstalig webinar", "English-language webinar"."""
        language = self.language_name(session.language)
        pattern = self._phrases.get(session.kind)
        if pattern is None or programme.kind_label(session.kind) is not None:
            pattern = self.pgettext("declared session kind in a language", "{language}-language {kind}")
        phrase = pattern.format(language=language, kind=self.kind_label(programme, session.kind))
        return phrase[:1].upper() + phrase[1:]

    def language_name(self, tag: str) -> str:
        """The name of a language in this locale, from CLDR: "Engels", "English".

        Only the primary subtag counts (``en-GB`` is "English"); a language CLDR
        does not name is shown as its tag.
        """
        primary = tag.replace("_", "-").split("-", 1)[0].lower()
        name = self.babel.languages.get(primary)
        return str(name) if name else tag

    # ----------------------------------------------------------------- statuses

    def status_label(self, status: Status) -> str:
        """The word for a status: "Geannuleerd", "Cancelled"; ``""`` while scheduled."""
        return self._statuses[status]

    def status_title(self, status: Status, title: str) -> str:
        """The title with its status in front ("Geannuleerd: Herstel …"); as it is while scheduled."""
        label = self.status_label(status)
        if not label:
            return title
        # TRANSLATORS: a feed item's or calendar event's title, "Cancelled: Remedy in practice (March 2026)".
        return self.gettext("{status}: {title}").format(status=label, title=title)

    # -------------------------------------------------------------------- dates

    def format_month(self, year: int, month: int) -> str:
        """A month and year: "december 2023", "December 2023"."""
        key = ("month", year, month)
        found: str | None = self._memo.get(key)
        if found is None:
            from babel.dates import format_skeleton

            first = dt.date(year, month, 1)
            found = self._memo[key] = plain_spaces(format_skeleton("yMMMM", first, locale=self.babel))
        return found

    def format_date(self, day: dt.date) -> str:
        """A full date without weekday: "12 maart 2026", "12 March 2026"."""
        if isinstance(day, dt.datetime):
            day = day.date()
        key = ("date", day)
        found: str | None = self._memo.get(key)
        if found is None:
            from babel.dates import format_date

            found = self._memo[key] = plain_spaces(format_date(day, "long", locale=self.babel))
        return found

    def format_weekday_date(self, day: dt.date) -> str:
        """A full date with weekday: "donderdag 12 maart 2026", "Thursday, 12 March 2026"."""
        from babel.dates import format_date

        if isinstance(day, dt.datetime):
            day = day.date()
        return plain_spaces(format_date(day, "full", locale=self.babel))

    def format_time(self, moment: dt.datetime) -> str:
        """A time of day in its own zone, 24-hour in nl and en: "14:00"."""
        from babel.dates import format_time

        _require_aware(moment)
        return plain_spaces(format_time(moment, "short", tzinfo=moment.tzinfo, locale=self.babel))

    def format_datetime(self, moment: dt.datetime) -> str:
        """A date and time in the moment's own zone: "12 maart 2026, 14:00".

        Raises:
            ValueError: ``moment`` is naive.
        """
        _require_aware(moment)
        return self.gettext("{date}, {time}").format(
            date=self.format_date(moment.date()),
            time=self.format_time(moment),
        )

    def format_date_range(self, first: dt.date, last: dt.date) -> str:
        """Whole days, months written out: "4-6 mei 2026", "30 april - 2 mei 2026".

        CLDR's interval patterns have abbreviated months only (``yMMMd``); this
        takes them and widens the month, so the order and the shared parts stay
        the locale's own.
        """
        from babel.dates import format_date

        if first == last:
            return self.format_date(first)
        formats: Any = self.babel.interval_formats.get("yMMMd")
        if first.year != last.year:
            greatest = "y"
        elif first.month != last.month:
            greatest = "M"
        else:
            greatest = "d"
        parts = formats.get(greatest) if formats else None
        if not parts:
            return f"{self.format_date(first)} {EN_DASH} {self.format_date(last)}"
        start_pattern, end_pattern = (_ABBREVIATED_MONTH.sub(r"\1\1\1\1", str(p)) for p in parts)
        text = format_date(first, start_pattern, locale=self.babel)
        return plain_spaces(text + format_date(last, end_pattern, locale=self.babel))

    def format_time_range(self, start: dt.datetime, end: dt.datetime) -> str:
        """Two times of one day: "14:00-15:30" (CLDR's ``Hm`` interval)."""
        _require_aware(start)
        _require_aware(end)
        end = end.astimezone(start.tzinfo)
        # Two times of one day are written from their wall times alone, so those
        # are the key and a programme has a handful; other pairs are keyed by
        # their whole wall dates and times and the zone (aware datetimes of one
        # instant in two zones are equal).
        if start.date() == end.date():
            key: tuple[object, ...] = ("times", start.time(), end.time())
        else:
            key = ("times", start.isoformat(), end.isoformat(), str(start.tzinfo))
        found: str | None = self._memo.get(key)
        if found is None:
            from babel.dates import format_interval

            found = self._memo[key] = plain_spaces(
                format_interval(start, end, "Hm", tzinfo=start.tzinfo, locale=self.babel),
            )
        return found

    def format_when(self, when: When, *, zone_name: bool = True) -> str:
        """When a session is, as precisely as it is known.

        * Timed, one day: "12 maart 2026, 14:00-15:30 (Midden-Europese tijd)";
        * Timed across midnight or days: "12 maart 2026, 22:00 - 13 maart 2026, 01:00 (…)";
        * AllDay: "12 maart 2026", "4-6 mei 2026", "30 april - 2 mei 2026";
        * Month: "december 2023";
        * Unknown: "datum volgt nog", "date to be announced".

        Args:
            when: The session's date.
            zone_name: Append the time zone's name to a timed date.
        """
        match when:
            case Timed(start=start, end=end):
                end = end.astimezone(start.tzinfo)
                if start.date() == end.date():
                    text = self.gettext("{date}, {time}").format(
                        date=self.format_date(start.date()),
                        time=self.format_time_range(start, end),
                    )
                else:
                    text = f"{self.format_datetime(start)} {EN_DASH} {self.format_datetime(end)}"
                if zone_name:
                    text = self.gettext("{when} ({zone})").format(
                        when=text,
                        zone=self.timezone_name(start),
                    )
                return text
            case AllDay(start=first, end=last):
                return self.format_date_range(first, last)
            case Month(year=year, month=month):
                return self.format_month(year, month)
            case Unknown():
                return self.gettext("date to be announced")

    def format_previous_start(self, previous: dt.datetime | dt.date, *, zone_name: bool = False) -> str:
        """A former start (of a rescheduled session): a date and time, or a date.

        Args:
            previous: The former start.
            zone_name: Append the name of its time zone to a time ("14:00
                (Greenwich Mean Time)"): for a former start in another zone
                than the session's, whose times the reader has in mind.
        """
        if not isinstance(previous, dt.datetime):
            return self.format_date(previous)
        text = self.format_datetime(previous)
        if zone_name:
            text = self.gettext("{when} ({zone})").format(when=text, zone=self.timezone_name(previous))
        return text

    def timezone_name(self, moment: dt.datetime) -> str:
        """The name of the moment's time zone: "Midden-Europese tijd", "Central European Time".

        The generic name (all year) when CLDR has one, else the name at that
        moment ("British Summer Time", "India Standard Time"); "UTC" for UTC;
        the offset ("GMT+05:45") when CLDR names neither (:mod:`sessionfeed.words.zones`).

        Raises:
            ValueError: ``moment`` is naive.
        """
        _require_aware(moment)
        return self._zones.name(moment)

    def format_duration(self, duration: dt.timedelta) -> str:
        """An exact duration: "1 uur en 30 minuten", "1 hour 30 minutes" (never rounded).

        Days, hours, minutes and seconds that are not zero, largest first.
        """
        from babel.lists import format_list

        total = int(duration.total_seconds())
        if total <= 0:
            return self.ngettext("%(num)d minute", "%(num)d minutes", 0) % {"num": 0}
        days, rest = divmod(total, 86400)
        hours, rest = divmod(rest, 3600)
        minutes, seconds = divmod(rest, 60)
        parts: list[str] = []
        if days:
            parts.append(self.ngettext("%(num)d day", "%(num)d days", days) % {"num": days})
        if hours:
            parts.append(self.ngettext("%(num)d hour", "%(num)d hours", hours) % {"num": hours})
        if minutes:
            parts.append(self.ngettext("%(num)d minute", "%(num)d minutes", minutes) % {"num": minutes})
        if seconds:
            parts.append(self.ngettext("%(num)d second", "%(num)d seconds", seconds) % {"num": seconds})
        # TRANSLATORS: how the parts of a duration are joined: "space" ("1 hour 30
        # minutes") or a CLDR list style such as "standard" ("1 uur en 30 minuten").
        style = self.pgettext("duration parts joined with", "space")
        if style not in _LIST_STYLES or len(parts) == 1:
            return " ".join(parts)
        return plain_spaces(format_list(parts, style=_LIST_STYLES[style], locale=self.babel))

    # -------------------------------------------------------------------- lists

    def format_list(self, items: Sequence[str]) -> str:
        """A list in words: "A, B en C", "A, B and C" (no serial comma in en)."""
        if not items:
            return ""
        key = ("list", *items)
        found: str | None = self._memo.get(key)
        if found is None:
            from babel.lists import format_list

            found = self._memo[key] = format_list(list(items), style="standard", locale=self.babel)
        return found

    def format_or_list(self, items: Sequence[str]) -> str:
        """Alternatives in words: "A, B of C", "A, B or C"."""
        from babel.lists import format_list

        if not items:
            return ""
        return format_list(list(items), style="or", locale=self.babel)

    # ------------------------------------------------------ people and places

    def organisation_name(self, programme: Programme, org: Organisation) -> str:
        """An organisation with its short name: "Initiative for Global Solidarity (IGS)".

        Just the name when it has no short name or the two are the same ("SER").
        """
        return self._with_short_name(programme, org, "{name} ({short})")

    def affiliation_text(self, programme: Programme, org: Organisation) -> str:
        """An organisation inside parentheses: "Initiative for Global Solidarity, IGS"."""
        return self._with_short_name(programme, org, "{name}, {short}")

    def _with_short_name(self, programme: Programme, org: Organisation, pattern: str) -> str:
        name = programme.text(org.name, self.locale).text
        short = org.short_name
        return pattern.format(name=name, short=short) if short and short != name else name

    def person_line(self, programme: Programme, person: Person) -> str:
        """A person with their organisation: "Maria Mora (Initiative for Global Solidarity, IGS)".

        The organisation's full name and its short name are both kept; a
        person without an affiliation is just their name.
        """
        if person.affiliation is None:
            return person.name
        return f"{person.name} ({self.affiliation_text(programme, person.affiliation)})"

    def country_name(self, country: str) -> str:
        """A country: an ISO 3166 code as its name in this locale ("NL" → "Nederland")."""
        code = country.strip()
        if len(code) == 2 and code.isascii() and code.isalpha():
            name = self.babel.territories.get(code.upper())
            if name:
                return str(name)
        return country

    def venue_text(self, location: Location) -> str:
        """The venue of a location: "Atelier Noord, Havenstraat 1, 1000 AA Amsterdam, Nederland".

        The name, then the address parts that are present and not already in
        the name; the postal code and the town share a part; a country code
        becomes the country's name in this locale.
        """
        venue = location.venue
        if venue is None:
            return ""
        parts = [venue.name]
        address = venue.address
        if address is not None:
            town = " ".join(p for p in (address.postal_code, address.locality) if p)
            country = self.country_name(address.country) if address.country else None
            for part in (address.street, town, address.region, country):
                if part and part not in parts:
                    parts.append(part)
        return ", ".join(parts)

    def online_text(self, location: Location) -> str:
        """Online attendance: "Online (Zoom)" or "Online"; ``""`` when not online."""
        online = location.online
        if online is None:
            return ""
        if online.platform:
            return self.gettext("Online ({platform})").format(platform=online.platform)
        return self.gettext("Online")

    def location_text(self, location: Location | None) -> str:
        """Where: "Online (Zoom)", "SER, Bezuidenhoutseweg 60, Den Haag", "Online en SER, Den Haag".

        ``""`` while the location is unknown.
        """
        if location is None:
            return ""
        parts = [p for p in (self.online_text(location), self.venue_text(location)) if p]
        return self.format_list(parts)
