"""One session of a listing page being read, block by block, and the state of the whole import."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from typing import Any

from sessionfeed.importers._blocks import Block
from sessionfeed.importers._common import (
    Registry,
    parse_when,
    slug,
    split_person,
    squash,
    unique,
)
from sessionfeed.importers._listing_headings import heading
from sessionfeed.importers._listing_words import (
    JOIN,
    KIND,
    KIND_WORDS,
    LABEL,
    LANGUAGE,
    LANGUAGE_WORDS,
    ORGANISED,
    ROLE_LABELS,
    SINGULAR_LABELS,
    STATUSES,
    key,
    known_label,
)
from sessionfeed.importers._zones import exists, zone_named
from sessionfeed.importers.base import Notice
from sessionfeed.model.checks import check_url


__all__ = ["Reader", "Session"]


# ---------------------------------------------------------------------------- sessions


def _split_list(text: str, *, commas: bool = True) -> list[str]:
    """Split "A (X), B (Y) and C" or "A; B" into its items (not inside parentheses).

    With ``commas=False`` (after a label that names one person) a comma does
    not split: "Ana Silva, Fair Trade Alliance" is one item.
    """
    if ";" in text:
        return [squash(p) for p in text.split(";") if p.strip()]
    parts, depth, current = [], 0, ""
    for ch in text:
        depth += ch == "("
        depth -= ch == ")"
        if ch == "," and depth == 0 and commas:
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    pieces = (p for part in parts for p in re.split(r"\s+(?:and|en|&)\s+(?![^(]*\))", part))
    return [squash(p) for p in pieces if squash(p)]


class Session:
    """One session being read."""

    def __init__(self, reader: Reader, index: int, block: Block) -> None:
        self.reader = reader
        self.index = index
        self.path = f"sessions[{index}]"
        self.line = block.line
        found = heading(block.text)
        self.title = block.text if found is None else found.title
        self.when = None if found is None else found.when
        self.data: dict[str, Any] = {}
        self.paragraphs: list[str] = []
        self.kind: tuple[str, str] | None = None
        self.language: tuple[str, str] | None = None
        self.location: dict[str, Any] = {}
        self.target: str | None = None  # what list items belong to: a role key, tags, organisers, or "keep"
        self.first_text = True
        self.date_told = False  # the page says the date is not known yet, or a notice said why it is missing
        if found is not None and found.doubt is not None:
            self.date_told = True
            self.notice(f"could not read the date {found.doubt!r}; kept it in the title", block.line, "when")

    def notice(self, message: str, line: int | None, field: str = "") -> None:
        path = f"{self.path}.{field}" if field else self.path
        self.reader.notices.append(Notice(message=message, line=line, path=path))

    def keep(self, text: str, line: int, why: str) -> None:
        """Put a piece that has no field of its own into the description, and say so."""
        self.paragraphs.append(text)
        self.notice(f"{why}; kept it in the description", line, "description")

    def add(self, block: Block) -> None:
        if block.kind == "item":
            self.item(block)
        elif block.kind == "heading" and (known := known_label(block.text)) is not None:
            self.first_text = False
            self.labelled(known, block.text.rstrip(" :"), "", block)  # a sub-heading "Speakers"
        else:
            self.text(block)

    def item(self, block: Block) -> None:
        target = self.target
        if target in ROLE_LABELS.values():
            self.person(block.text, block.line, target)  # type: ignore[arg-type]
        elif target == "tags":
            self.tags([block.text])
        elif target == "organisers":
            self.organisers([block.text], "organisers")
        elif target == "keep":
            self.paragraphs[-1] += f"\n• {block.text}"
        else:
            self.keep(f"• {block.text}", block.line, "a list item under no role label")
            self.target = "keep"

    def person(self, text: str, line: int, role: str) -> None:
        name, org, doubt = split_person(text)
        if doubt is not None:
            self.notice(doubt, line, role)
        ident = self.reader.person(name, org, line=line, path=f"{self.path}.{role}")
        people = self.data.setdefault(role, [])
        if ident in people:
            self.notice(f"{name!r} is listed twice as one of the {role}; listed once", line, role)
        else:
            people.append(ident)

    def tags(self, labels: list[str]) -> None:
        for label in labels:
            ident = self.reader.tag(label)
            tags = self.data.setdefault("tags", [])
            if ident not in tags:
                tags.append(ident)

    def organisers(self, names: list[str], field: str) -> None:
        orgs = self.data.setdefault(field, [])
        for name in names:
            ident = self.reader.organisation(name)
            if ident not in orgs:
                orgs.append(ident)

    def text(self, block: Block) -> None:
        text = block.text
        first, self.first_text = self.first_text, False
        status = STATUSES.get(key(text))
        if status is not None and "status" not in self.data:
            self.data["status"] = status
            self.first_text = first
            return
        if first and self.details(block):
            return
        if self.when is None and not self.date_told and self.when_text(text, block):
            return  # a line that is only a date: "Tuesday 2 June 2026, 10:00-12:00"
        if (
            first
            and isinstance(self.when, str)
            and len(self.when) == 10
            and re.match(r"\d{1,2}[:.]\d{2}", text)
        ):
            # "14:00-15:30 CET, online" below a heading that gives the day.
            day, self.when = self.when, None
            if self.when_text(f"{day} {text}", block):
                return
            self.when = day
        match = LABEL.match(text)
        if match and (known := known_label(match["label"])) is not None:
            self.labelled(known, match["label"], match["rest"], block)
            return
        if match and not match["rest"] and len(key(match["label"]).split()) <= 4:
            self.keep(text, block.line, f"the label {match['label']!r} is not one sessionfeed knows")
            self.target = "keep"
            return
        self.target = None
        if organised := ORGANISED.fullmatch(text):
            self.organisers(_split_list(organised["orgs"]), "organisers")
            if organised["support"]:
                self.organisers(_split_list(organised["support"]), "supporters")
            return
        self.paragraphs.append(text)

    def labelled(self, known: str, label: str, rest: str, block: Block) -> None:
        """A known label, with its content on the same line or in the list that follows."""
        self.target = known
        if known == "join":
            self.join(label, rest, block)
            return
        if not rest:
            if known in {"registration", "recording", "when", "where"}:
                self.target = None
                self.keep(block.text, block.line, f"nothing follows the label {label!r}")
            return
        self.target = None
        if known in ROLE_LABELS.values():
            for part in _split_list(rest, commas=key(label) not in SINGULAR_LABELS):
                self.person(part, block.line, known)
        elif known == "tags":
            self.tags(_split_list(rest))
        elif known == "organisers":
            self.organisers(_split_list(rest), "organisers")
        elif known in {"registration", "recording"}:
            self.url(known, rest, block)
        elif known == "when":
            if self.when is not None:
                self.keep(block.text, block.line, "a second date")
            elif not self.when_text(rest, block):
                self.keep(block.text, block.line, "could not read this date")
        else:  # where
            self.place(squash(rest), block)

    def when_text(self, text: str, block: Block) -> bool:
        """Read a date and what may follow it ("CET", "online"): whether it could."""
        when, left = parse_when(text, timezone=self.reader.timezone)
        zone_text = None
        places: list[str] = []
        for part in filter(None, (squash(p).strip("()") for p in re.split(r"[,(]", left or ""))):
            if zone_named(part) is not None and zone_text is None:
                zone_text = part
            elif key(part) == "online" or (places == [] and part.lower().startswith("online")):
                places.append(part)
            else:
                return False
        if when is None and not (left is None and squash(text).strip(" .,;").lower()):
            return False
        if when is not None:
            self.when = when
            self.guess_zone(when, block.line, zone_text)
        else:
            self.date_told = True
        for place in places:
            self.place(place.capitalize(), block)
        return True

    def url(self, field: str, value: str, block: Block) -> None:
        if check_url(value.strip()) is not None or (field == "registration" and "links" in self.data and
                                                    "registration" in self.data["links"]):  # fmt: skip
            self.keep(block.text, block.line, f"{value.strip()!r} is not a URL sessionfeed can publish")
        elif field == "recording":
            self.data["recording"] = value.strip()
        else:
            self.data.setdefault("links", {})["registration"] = value.strip()

    def join(self, label: str, rest: str, block: Block) -> None:
        self.target = None
        url = rest.strip()
        if check_url(url) is not None:
            self.keep(block.text, block.line, f"{url!r} is not a URL sessionfeed can publish")
            return
        online: dict[str, Any] = {"url": url}
        match = JOIN.fullmatch(key(label))
        platform = (
            re.sub(r"(?i)^(?:join on|deelnemen via)\s+", "", squash(label))
            if match and match["platform"]
            else None
        )
        if platform:
            online["platform"] = platform
        self.location["online"] = online

    def details(self, block: Block) -> bool:
        """Read sessionfeed's own details line ("Engelstalig webinar · 11 maart 2027 · Online")."""
        parts = [squash(p) for p in block.text.split("·")]
        phrase = LANGUAGE.match(parts[0])
        rest = parts[0][phrase.end() :] if phrase else parts[0]
        kind = KIND_WORDS.get(key(rest))
        if kind is None:
            return False
        where = f"the words {parts[0]!r}"
        self.kind = (kind, where)
        if phrase:
            self.language = (LANGUAGE_WORDS[phrase[1].lower()], where)
        for part in parts[1:]:
            zone_match = re.search(r"\s*\(([^()]*)\)\s*$", part)
            bare = part[: zone_match.start()] if zone_match else part
            when, left = parse_when(bare, timezone=self.reader.timezone)
            if left is None and (
                when is not None or key(part) in {"datum volgt nog", "date to be announced"}
            ):
                if when is not None:
                    self.when = when
                    self.guess_zone(when, block.line, zone_match[1] if zone_match else None)
                else:
                    self.date_told = True
                continue
            self.place(part, block)
        return True

    def place(self, part: str, block: Block) -> None:
        """A part of the details line that is not a date: online, a venue, both, or a status."""
        online = re.fullmatch(
            r"Online(?:\s*\((?P<platform>[^()]+)\))?(?:\s+(?:en|and|und|et)\s+(?P<venue>.+))?", part,
        )  # fmt: skip
        if key(part) in {"geannuleerd", "cancelled", "uitgesteld", "postponed"}:
            self.data["status"] = "cancelled" if key(part) in {"geannuleerd", "cancelled"} else "postponed"
            return
        if not online and not part.strip():
            return
        location = self.location
        venue = part
        if online:
            value: dict[str, Any] = {"platform": online["platform"]} if online["platform"] else {}
            location["online"] = (
                {**location.get("online", {}), **value} if value else location.get("online", True)
            )
            if not online["venue"]:
                return
            venue = online["venue"]
        if not venue.strip():
            return
        location["venue"] = venue
        self.reader.guessed[f"{self.path}.location.venue"] = (
            "the place as the page writes it: split off its address"
        )

    def guess_zone(self, when: Any, line: int, zone_text: str | None = None) -> None:
        """Give a time its zone: the one the page names beside it, else the option's, else Amsterdam's."""
        if not isinstance(when, dict) or "T" not in str(when.get("start", "")):
            return
        named = None if zone_text is None else zone_named(zone_text, int(str(when["start"])[:4]))
        if named is not None:
            when["timezone"] = named
        elif "timezone" not in when:
            zone = self.reader.timezone or "Europe/Amsterdam"
            when["timezone"] = zone
            if zone_text is not None:
                unknown = f"the time zone {zone_text!r} is not one sessionfeed knows: read the time in {zone}"
                self.notice(f"{unknown}; give the page's zone with --timezone", line, "when.timezone")
            self.reader.guessed[f"{self.path}.when.timezone"] = f"the page gives no time zone: read in {zone}"
        zone = when["timezone"]
        length = dt.datetime.fromisoformat(when["end"]) - dt.datetime.fromisoformat(when["start"])
        for field in ("start", "end"):
            moment = dt.datetime.fromisoformat(when[field])
            if not exists(moment, zone):
                moved = moment.replace(tzinfo=zoneinfo.ZoneInfo(zone)).astimezone(dt.UTC)
                wall = moved.astimezone(zoneinfo.ZoneInfo(zone)).replace(tzinfo=None)
                when[field] = wall.isoformat()
                skipped = f"{moment:%H:%M} does not exist on {moment:%Y-%m-%d} in {zone} (the clocks skip it)"
                self.notice(f"{skipped}: read as {wall:%H:%M}; check the time", line, f"when.{field}")
        if when["end"] <= when["start"]:  # both in the skipped hour: keep the length the page gives
            when["end"] = (dt.datetime.fromisoformat(when["start"]) + length).isoformat()

    def finish(self, taken: set[str], locale: str) -> dict[str, Any]:
        reader = self.reader
        title = self.title.strip() or f"Session {self.index + 1}"
        ident = unique(slug(title, fallback="session", limit=60), taken)
        session: dict[str, Any] = {"id": ident}
        reader.guessed[f"{self.path}.id"] = "made from the title; never change it once the site is published"
        kind = self.kind or self.kind_from_words()
        session["kind"] = kind[0]
        reader.guessed[f"{self.path}.kind"] = f"from {kind[1]}"
        language = self.language or self.language_from_words(locale)
        session["language"] = language[0]
        reader.guessed[f"{self.path}.language"] = f"from {language[1]}"
        session["title"] = title
        if self.when is not None:
            self.guess_zone(self.when, self.line)
            session["when"] = self.when
        elif not self.date_told:
            self.notice("no date found: the session is listed as 'date to be announced'", self.line, "when")
        if self.paragraphs:
            session["description"] = "\n\n".join(self.paragraphs)
        if self.location:  # set only with a place in it
            session["location"] = self.location
        elif session["kind"] == "webinar":
            session["location"] = "online"
            reader.guessed[f"{self.path}.location"] = "a webinar is held online"
        for field in ("status", *dict.fromkeys(ROLE_LABELS.values()), "organisers", "supporters", "tags",
                      "links", "recording"):  # fmt: skip
            if field in self.data:
                session[field] = self.data[field]
        return session

    def kind_from_words(self) -> tuple[str, str]:
        for where, text in (("title", self.title), ("description", "".join(self.paragraphs[:1]))):
            if match := KIND.search(text):
                return KIND_WORDS[match[1].lower()], f"the word {match[1]!r} in the {where}"
        kind = self.reader.kind
        return kind, f"no word for a kind of session: the default {kind!r}"

    def language_from_words(self, locale: str) -> tuple[str, str]:
        for text in (self.title, *self.paragraphs):
            match = LANGUAGE.search(text)
            if match:
                return LANGUAGE_WORDS[match[1].lower()], f"the words {match[1]!r}"
        return locale, "no word for its language: the page's language"


class Reader(Registry):
    """The state of one import: the people and organisations, the tags, the guesses and notices."""

    def __init__(self, *, timezone: str | None, kind: str) -> None:
        super().__init__()
        self.timezone = timezone
        self.kind = kind
        self.tags: dict[str, dict[str, Any]] = {}
        self._tag_keys: dict[str, str] = {}
        self._taken_tags: set[str] = set()

    def tag(self, label: str) -> str:
        folded = key(label)
        if folded not in self._tag_keys:
            ident = unique(slug(label, fallback="topic", limit=40), self._taken_tags)
            self._tag_keys[folded] = ident
            self.tags[ident] = {"label": squash(label)}
        return self._tag_keys[folded]
