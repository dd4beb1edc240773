"""The exporter contract.

An exporter has a ``name`` (a lowercase id such as ``ical``), a ``title``, a
``media_type``, the ``filename`` it writes inside a locale folder, and one
method ``export(programme, *, locale) -> bytes``. That is all a third-party
exporter needs (see :class:`Exporter`).

The built-ins derive from :class:`BaseExporter`, which adds :meth:`~BaseExporter.render`:
several files at once (the calendar writes one ``.ics`` per session too), the
revisions of a build, and a report of which sessions went in and which were
left out and why, for the build summary.
"""

from __future__ import annotations

import abc
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, runtime_checkable

import attrs

from sessionfeed._revisions import Revisions


if TYPE_CHECKING:
    from sessionfeed._model import Programme


__all__ = [
    "BaseExporter",
    "Context",
    "Exporter",
    "Omitted",
    "OutputFile",
    "Rendering",
    "check_output_path",
    "render",
]


@runtime_checkable
class Exporter(Protocol):
    """What every exporter provides: a third-party one needs nothing more.

    Attributes:
        name: A lowercase id, e.g. ``ical``; ``sessionfeed export --format NAME``.
        title: A short human name, e.g. ``iCalendar``.
        media_type: The media type of what it writes, e.g. ``text/calendar``.
        filename: The file it writes inside ``DIR/<locale>/``, e.g. ``calendar.ics``.
    """

    name: str
    title: str
    media_type: str
    filename: str

    def export(self, programme: Programme, *, locale: str) -> bytes:
        """Return the whole output for ``locale`` as bytes."""


@attrs.frozen(kw_only=True)
class OutputFile:
    """One file an exporter writes.

    Attributes:
        path: The path inside the locale folder, with ``/`` separators.
        content: The bytes.
        media_type: Its media type.
    """

    path: str
    content: bytes
    media_type: str


@attrs.frozen(kw_only=True)
class Omitted:
    """A session an output leaves out, and why.

    Attributes:
        session: The session's id.
        reason: Why, in a few words, e.g. ``only the month is known``.
    """

    session: str
    reason: str


def _files(value: Iterable[OutputFile]) -> tuple[OutputFile, ...]:
    return tuple(value)


def _strings(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


def _omissions(value: Iterable[Omitted]) -> tuple[Omitted, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class Rendering:
    """What an exporter made for one locale.

    Attributes:
        files: The files; the first is the exporter's main ``filename``.
        included: The ids of the sessions that went in.
        omitted: The sessions left out, each with the reason.
        notes: Anything else the build summary should say (e.g. characters removed).
    """

    files: tuple[OutputFile, ...] = attrs.field(converter=_files)
    included: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    omitted: tuple[Omitted, ...] = attrs.field(default=(), converter=_omissions)
    notes: tuple[str, ...] = attrs.field(default=(), converter=_strings)


@attrs.frozen(kw_only=True)
class Context:
    """What a build tells exporters beyond the programme.

    Attributes:
        locale: The locale to write.
        revisions: Each session's SEQUENCE and modification time.
        cache: Work shared by the exporters of one locale of a build, keyed by
            ``(what, session id, locale)``: every format says the same words
            about a session, so they are composed once, not once per format
            (see ``_compose``). A fresh dict per ``export()`` call.
    """

    locale: str
    revisions: Revisions
    cache: dict[tuple[str, ...], Any] = attrs.field(factory=dict, eq=False, repr=False)


class BaseExporter(abc.ABC):
    """Base class of the built-in exporters: a pure builder behind a thin class.

    Subclasses set the class attributes and implement :meth:`render`;
    :meth:`export` then comes for free.
    """

    name: ClassVar[str]
    title: ClassVar[str]
    media_type: ClassVar[str]
    filename: ClassVar[str]
    aliases: ClassVar[tuple[str, ...]] = ()

    def export(self, programme: Programme, *, locale: str) -> bytes:
        """Return the main file for ``locale``, with revisions as the data states them."""
        context = Context(locale=locale, revisions=Revisions.from_data(programme))
        return self.render(programme, context).files[0].content

    @abc.abstractmethod
    def render(self, programme: Programme, context: Context) -> Rendering:
        """Return every file of this exporter for ``context.locale``, and its report."""

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r}>"


_SAFE_PART = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


def check_output_path(path: str) -> str | None:
    """Return what is wrong with a relative output path, or ``None`` when it is safe.

    A safe path stays inside the locale folder whatever the platform: parts of
    letters, digits, ``.``, ``_`` and ``-`` that do not start with a dot, joined by ``/``.
    """
    parts = path.split("/")
    if not path or any(not _SAFE_PART.fullmatch(p) for p in parts):
        return (
            f"{path!r} is not a safe relative file name: use parts of letters, digits, "
            "'.', '_' and '-', not starting with '.', separated by '/'"
        )
    return None


def render(exporter: Exporter, programme: Programme, context: Context) -> Rendering:
    """Render with any exporter: :meth:`BaseExporter.render`, or ``export()`` for plugins."""
    if isinstance(exporter, BaseExporter):
        return exporter.render(programme, context)
    content = exporter.export(programme, locale=context.locale)
    if not isinstance(content, bytes):
        message = f"exporter {exporter.name!r} returned {type(content).__name__}, not bytes"
        raise TypeError(message)
    return Rendering(
        files=(OutputFile(path=exporter.filename, content=content, media_type=exporter.media_type),),
        included=tuple(s.id for s in programme.sessions),
    )
