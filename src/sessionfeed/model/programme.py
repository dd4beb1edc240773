"""The programme: its sessions and the definitions they refer to, checked as a whole.

A :class:`Programme` holds :class:`Session` values, the :class:`Person` and
:class:`Organisation` values they refer to, and the :class:`Tag` and
:class:`Kind` definitions. Every class of the model checks its invariants when
it is built and raises one :class:`~sessionfeed.exceptions.ProgrammeError` that
names each field at fault; the programme checks what spans classes (unique ids,
references that resolve, kinds that are defined, texts in its locales).

The model is one module per part, each frozen, keyword-only and fully typed:
``when`` (a session's time), ``people`` (people, organisations, roles),
``places`` (online, venue), ``session`` (a session, its kind, tags, links and
recording) and this one; ``fields`` and ``checks`` hold the checks they share.
Every name of the model can be imported from here.

The model knows no file format and no output format, and imports neither:
reading files and dicts lives in ``sessionfeed.io.toml`` (``sessionfeed.load``,
``sessionfeed.from_dict``), writing a dict in ``sessionfeed.io.dump``
(``sessionfeed.to_dict``), and the outputs in the exporters. Each rule about
values lives in the model; the loader maps a file to these values and the
model's problems back to the file's lines.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections.abc import Iterable, Sequence
from typing import TypeVar

import attrs

from sessionfeed.model.checks import (
    Collector,
    check_duration,
    check_id,
    check_locale,
    check_parents,
    check_published,
    check_timezone,
    check_url,
    plain_text_problem,
    shown,
    type_name,
)
from sessionfeed.model.facets import Facet
from sessionfeed.model.fields import (
    as_tuple,
    instance,
    instances,
    listed_once,
    moment_problem,
    optional,
    text_problems,
)
from sessionfeed.model.people import Organisation, Participation, Person, Role, lineage
from sessionfeed.model.places import Address, AttendanceMode, Location, Online, Venue
from sessionfeed.model.session import BUILTIN_KINDS, Kind, Links, Recording, Session, Status, Tag
from sessionfeed.model.text import Localized, LocalizedText
from sessionfeed.model.timeline import Window
from sessionfeed.model.when import AllDay, Month, Timed, Unknown, When, as_instant
from sessionfeed.words.catalogs import catalog_locales, has_catalog


__all__ = [
    "BUILTIN_KINDS",
    "Address",
    "AllDay",
    "AttendanceMode",
    "Contact",
    "Kind",
    "Links",
    "Location",
    "Month",
    "Online",
    "Organisation",
    "Participation",
    "Person",
    "Programme",
    "Recording",
    "Role",
    "Session",
    "Status",
    "Tag",
    "Timed",
    "Unknown",
    "Venue",
    "When",
]


#: An e-mail address as RFC 5322 writes one outside quotes: a local part and a
#: domain, with none of white space, the controls and ``( ) < > [ ] , ; : \ "``.
_EMAIL = re.compile(r'[^\s\x00-\x1f\x7f-\x9f()<>\[\],;:\\"@]+@[^\s\x00-\x1f\x7f-\x9f()<>\[\],;:\\"@]+')


@attrs.frozen(kw_only=True)
class Contact:
    """Who to contact about the programme.

    Attributes:
        name: A name or team.
        email: An e-mail address.
        url: A contact page.
    """

    name: str | None = None
    email: str | None = None
    url: str | None = None

    def __attrs_post_init__(self) -> None:
        c = Collector()
        optional(c, "name", self.name)
        if self.email is not None:
            problem = plain_text_problem(self.email)
            if problem is None and not _EMAIL.fullmatch(self.email):
                problem = f"{self.email!r} is not an e-mail address such as 'team@example.org'"
            c.add("email", problem)
        optional(c, "url", self.url, check_url)
        c.raise_if_any()


def _empty_contact_is_none(contact: Contact | None) -> Contact | None:
    if isinstance(contact, Contact) and contact == Contact():
        return None
    return contact


# --------------------------------------------------------------------- programme


_Identified = TypeVar("_Identified", Person, Organisation, Tag, Kind)
_CURRENCY = re.compile(r"[A-Z]{3}")
_COLOR = re.compile(r"[A-Za-z]+")


def _by_id(values: Iterable[_Identified]) -> tuple[_Identified, ...]:
    """Sorted by id: these are defined in tables (maps), whose order must not change an output.

    Anything but a list of definitions with ids is kept as it is, for :class:`Programme` to name.
    """
    items = as_tuple(values)
    if isinstance(items, tuple) and all(isinstance(getattr(v, "id", None), str) for v in items):
        return tuple(sorted(items, key=lambda value: value.id))
    return items


def _facets(values: Iterable[str]) -> tuple[Facet, ...]:
    """Each facet as a :class:`Facet`, in :class:`Facet`'s order; anything else kept for the check to name."""
    items: object = as_tuple(values)
    if not isinstance(items, tuple) or not all(isinstance(v, str) and v in _FACET_NAMES for v in items):
        return items  # type: ignore[return-value]
    return tuple(facet for facet in Facet if facet in items)  # a Facet is its name


_FACET_NAMES = frozenset(str(facet) for facet in Facet)


def _check_facets(c: Collector, facets: object) -> None:
    """``facets`` must be a list of the facets' names, each once."""
    names = ", ".join(repr(str(facet)) for facet in Facet)
    if not isinstance(facets, tuple):
        c.add("facets", f"must be a list of some of {names}, not {type_name(facets)}")
        return
    for i, value in enumerate(facets):
        if not isinstance(value, str) or value not in _FACET_NAMES:  # a Facet is its name
            c.add(f"facets[{i}]", f"{shown(value)} is not a facet: choose from {names}")


def _no_catalog(locale: str) -> str:
    """Say that a locale has no message catalog, which ones do, and the two ways on."""
    return (
        f"{locale!r} has no message catalog: its pages would have English words (with its own "
        f"dates and names). Locales with one: {', '.join(catalog_locales())}. Add a catalog "
        f"(docs/localisation.md, 'Adding a language'), or accept the English words with "
        f"untranslated_locales = [{locale!r}]"
    )


def _unique(c: Collector, path: str, ids: Sequence[str]) -> None:
    seen: dict[str, int] = {}
    for i, ident in enumerate(ids):
        if ident in seen:
            message = f"{ident!r} is used already by {path}[{seen[ident]}]; ids must be unique"
            c.add(f"{path}[{i}].id", message)
        seen.setdefault(ident, i)


@attrs.frozen(kw_only=True)
class Programme:
    """A programme of sessions, published in one or more locales.

    Read one from a file with :func:`sessionfeed.load`, or from a dict in the
    file's shape with :func:`sessionfeed.from_dict`; :func:`sessionfeed.to_dict`
    gives that dict back. The model itself knows no format.

    Attributes:
        id: Stable id (slug); with a session id it makes the ids of every output.
        title: The title per locale.
        base_url: Where the built site is published (absolute, ending in ``/``).
        locales: The locales it is published in; the first is the default. Each
            needs a message catalog (:func:`sessionfeed.words.catalogs.catalog_locales`,
            or one for its language), unless it is in ``untranslated_locales``.
        untranslated_locales: Locales of ``locales`` without a catalog whose
            pages may have English words: the publisher accepts that.
        timezone: The default IANA time zone of the sessions.
        sessions: The sessions, in the order of the source.
        people: Everyone who takes part (sorted by id).
        organisations: Every organisation referred to (sorted by id).
        organisers: Who organises the programme.
        tags: The topics.
        kinds: Kinds of session beyond :data:`BUILTIN_KINDS`.
        intro: An introduction per locale.
        image: An image URL.
        contact: Who to contact.
        free: Whether the sessions are free to attend (``None``: not stated).
        currency: ISO 4217 currency for free offers.
        color: A CSS3 colour name for calendars (RFC 7986 ``COLOR``).
        updated: When the programme was last revised, if stated.
        refresh: How often calendar clients should refresh.
        templates: A folder of page templates put in front of the built-in
            ones (docs/templates.md); :func:`sessionfeed.load` makes a relative
            one relative to the programme file's folder.
        window: Which past and upcoming sessions the calendars and feeds keep
            (:class:`~sessionfeed.model.timeline.Window`; all of them by default).
        facets: What a subscriber may follow on its own: a calendar, feeds
            and a page per tag, person, organisation, language and kind
            (:class:`~sessionfeed.model.facets.Facet`); every facet by
            default, none with ``()``.
    """

    id: str
    title: LocalizedText
    base_url: str
    locales: tuple[str, ...] = attrs.field(converter=as_tuple)
    untranslated_locales: tuple[str, ...] = attrs.field(default=(), converter=as_tuple)
    timezone: str = "Europe/Amsterdam"
    sessions: tuple[Session, ...] = attrs.field(default=(), converter=as_tuple)
    people: tuple[Person, ...] = attrs.field(default=(), converter=_by_id)
    organisations: tuple[Organisation, ...] = attrs.field(default=(), converter=_by_id)
    organisers: tuple[Organisation, ...] = attrs.field(default=(), converter=as_tuple)
    tags: tuple[Tag, ...] = attrs.field(default=(), converter=_by_id)
    kinds: tuple[Kind, ...] = attrs.field(default=(), converter=_by_id)
    intro: LocalizedText | None = None
    image: str | None = None
    contact: Contact | None = attrs.field(default=None, converter=_empty_contact_is_none)
    free: bool | None = None
    currency: str = "EUR"
    color: str | None = None
    updated: dt.datetime | None = attrs.field(default=None, eq=as_instant)
    refresh: dt.timedelta = dt.timedelta(hours=12)
    templates: str | None = None
    window: Window = attrs.field(factory=Window)
    facets: tuple[Facet, ...] = attrs.field(default=tuple(Facet), converter=_facets)

    def __attrs_post_init__(self) -> None:
        c = Collector()
        c.add("id", check_id(self.id))
        text_problems(c, "title", self.title, required=True)
        text_problems(c, "intro", self.intro, required=False)
        self._check_base_url(c)
        self._check_locales(c)
        c.add("timezone", check_timezone(self.timezone))
        optional(c, "image", self.image, check_url)
        instance(c, "contact", self.contact, Contact)
        if self.free is not None and not isinstance(self.free, bool):
            c.add("free", f"must be true or false, not {type_name(self.free)}")
        if not isinstance(self.currency, str) or not _CURRENCY.fullmatch(self.currency):
            c.add("currency", f"{shown(self.currency)} is not an ISO 4217 code such as 'EUR'")
        if self.color is not None and not (isinstance(self.color, str) and _COLOR.fullmatch(self.color)):
            c.add("color", "must be a CSS3 colour name such as 'darkblue' (RFC 7986)")
        optional(c, "updated", self.updated, moment_problem)
        c.add("refresh", check_duration(self.refresh))
        instance(c, "window", self.window, Window, optional=False)
        _check_facets(c, self.facets)
        if self.templates is not None:
            problem = plain_text_problem(self.templates)
            if problem is None and "\x00" in self.templates:
                problem = "must be the path of a folder of templates, such as 'templates'"
            c.add("templates", problem)
        kinds_ok = [
            instances(c, "sessions", self.sessions, Session),
            instances(c, "people", self.people, Person),
            instances(c, "organisations", self.organisations, Organisation),
            instances(c, "organisers", self.organisers, Organisation),
            instances(c, "tags", self.tags, Tag),
            instances(c, "kinds", self.kinds, Kind),
            isinstance(self.locales, tuple),
        ]
        if not all(kinds_ok):
            c.raise_if_any()  # what follows reads the ids of these
        for path in ("sessions", "people", "organisations", "tags", "kinds"):
            _unique(c, path, [value.id for value in getattr(self, path)])
        listed_once(c, "organisers", [o.id for o in self.organisers])
        self._check_references(c)
        self._check_text_locales(c)
        c.raise_if_any()

    def _check_base_url(self, c: Collector) -> None:
        problem = check_url(self.base_url)
        if problem is None and isinstance(self.base_url, str):
            if "?" in self.base_url or "#" in self.base_url:  # every output's address is made from it
                problem = "is where the site is published: a folder, with no query ('?') or fragment ('#')"
            elif not self.base_url.endswith("/"):
                problem = f"must end with '/' (e.g. {self.base_url + '/'!r})"
        c.add("base_url", problem)

    def _check_locales(self, c: Collector) -> None:
        if not isinstance(self.locales, tuple):
            c.add("locales", f"must be a list of locales such as ['nl', 'en'], not {type_name(self.locales)}")
            return
        if not self.locales:
            c.add("locales", "needs at least one locale, e.g. ['nl', 'en']")
        valid = []
        for i, locale in enumerate(self.locales):
            problem = check_locale(locale)
            c.add(f"locales[{i}]", problem)
            if problem is None:
                valid.append(locale)
        if len(set(valid)) != len(valid):
            c.add("locales", "lists a locale twice")
        accepted = self.untranslated_locales
        if not isinstance(accepted, tuple):
            wrong = type_name(accepted)
            c.add("untranslated_locales", f"must be a list of locales such as ['de'], not {wrong}")
            accepted = ()
        for i, locale in enumerate(accepted):
            if locale not in self.locales:
                message = f"{shown(locale)} is not one of the programme's locales; remove it"
                c.add(f"untranslated_locales[{i}]", message)
            elif locale in accepted[:i]:
                c.add(f"untranslated_locales[{i}]", f"{shown(locale)} is listed twice")
        for locale in valid:
            if locale not in accepted and not has_catalog(locale):
                c.add(f"locales[{self.locales.index(locale)}]", _no_catalog(locale))

    def _check_references(self, c: Collector) -> None:
        orgs = {o.id: o for o in self.organisations}
        people = {p.id: p for p in self.people}
        tags = {t.id: t for t in self.tags}
        kinds = set(BUILTIN_KINDS) | {k.id for k in self.kinds}

        def org_ref(path: str, org: Organisation | None) -> None:
            if org is not None and orgs.get(org.id) != org:
                c.add(path, f"organisation {org.id!r} is not in the programme's organisations")

        for i, org in enumerate(self.organisations):
            # A cycle is the cause: the parent that closes it is another value of the same id.
            cycle = check_parents(org.id, (parent.id for parent in lineage(org.parent)))
            c.add(f"organisations[{i}].parent", cycle)
            if cycle is None:
                org_ref(f"organisations[{i}].parent", org.parent)
        for i, person in enumerate(self.people):
            org_ref(f"people[{i}].affiliation", person.affiliation)
        for i, org in enumerate(self.organisers):
            org_ref(f"organisers[{i}]", org)
        for i, session in enumerate(self.sessions):
            path = f"sessions[{i}]"
            if session.kind not in kinds:
                c.add(
                    f"{path}.kind",
                    f"unknown kind {session.kind!r}; use one of {', '.join(sorted(kinds))} "
                    "or declare it under 'kinds'",
                )
            for j, org in enumerate(session.organisers):
                org_ref(f"{path}.organisers[{j}]", org)
            for j, org in enumerate(session.supporters):
                org_ref(f"{path}.supporters[{j}]", org)
            for j, part in enumerate(session.participants):
                if people.get(part.person.id) != part.person:
                    c.add(
                        f"{path}.participants[{j}].person",
                        f"person {part.person.id!r} is not in the programme's people",
                    )
            for j, tag in enumerate(session.tags):
                if tags.get(tag.id) != tag:
                    c.add(f"{path}.tags[{j}]", f"tag {tag.id!r} is not in the programme's tags")

    def _check_text_locales(self, c: Collector) -> None:
        """Every text is in a locale the programme lists.

        Also when a listed locale is not valid: that is reported at ``locales``,
        and a text in it here as listed (its own value says it is no locale).
        """
        if not self.locales or not all(isinstance(locale, str) for locale in self.locales):
            return  # reported above
        texts: list[tuple[str, LocalizedText | None]] = [("title", self.title), ("intro", self.intro)]
        for i, session in enumerate(self.sessions):
            texts += [(f"sessions[{i}].{name}", getattr(session, name)) for name in ("title", "description")]
        texts += [(f"organisations[{i}].name", org.name) for i, org in enumerate(self.organisations)]
        texts += [(f"people[{i}].job_title", person.job_title) for i, person in enumerate(self.people)]
        texts += [(f"tags[{i}].label", tag.label) for i, tag in enumerate(self.tags)]
        texts += [(f"kinds[{i}].label", kind.label) for i, kind in enumerate(self.kinds)]
        for path, text in texts:
            for locale in text.locales if isinstance(text, LocalizedText) else ():
                c.add(f"{path}.{locale}", check_published(locale, self.locales))

    # ------------------------------------------------------------- lookups

    @property
    def default_locale(self) -> str:
        """The first of :attr:`locales`."""
        return self.locales[0]

    def text(self, value: LocalizedText, locale: str) -> Localized:
        """Resolve ``value`` for ``locale``: that locale, then the default, then any."""
        return value.resolve(locale, self.default_locale)

    def session(self, session_id: str) -> Session:
        """Return the session with ``session_id``.

        Raises:
            KeyError: There is none.
        """
        for session in self.sessions:
            if session.id == session_id:
                return session
        raise KeyError(session_id)

    def organisers_of(self, session: Session) -> tuple[Organisation, ...]:
        """The session's organisers, or the programme's when it names none."""
        return session.organisers or self.organisers

    def kind_label(self, kind: str) -> LocalizedText | None:
        """The label of a declared kind; ``None`` for a built-in kind (the catalogs have it)."""
        return next((declared.label for declared in self.kinds if declared.id == kind), None)

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        """The default time zone as a :class:`zoneinfo.ZoneInfo`."""
        return zoneinfo.ZoneInfo(self.timezone)
