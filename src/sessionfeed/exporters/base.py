"""The exporter contract.

An exporter has a ``name`` (a lowercase id such as ``ical``), a ``title``, a
``media_type``, the ``filename`` it writes inside a locale folder, and one
method ``export(programme, *, locale) -> bytes``. That is all a third-party
exporter needs (see :class:`Exporter`).

The built-ins derive from :class:`BaseExporter`, which adds :meth:`~BaseExporter.render`:
several files at once (the calendar writes one ``.ics`` per session too), the
revisions of a build, and a report of which sessions went in and which were
left out and why, for the build summary. A large file is streamed: an
:class:`OutputFile` with a producer that yields its bytes a piece at a time,
which a build writes as they come (memory holds a piece, not the file).
"""

from __future__ import annotations

import abc
import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, ClassVar, Protocol, runtime_checkable

import attrs

from sessionfeed.model.revisions import Revisions


if TYPE_CHECKING:
    from sessionfeed.exporters.templating import Templates
    from sessionfeed.model.facets import Selection
    from sessionfeed.model.programme import Programme
    from sessionfeed.words.compose import Composition


__all__ = [
    "BaseExporter",
    "Context",
    "Exporter",
    "Omitted",
    "OutputFile",
    "Producer",
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


#: What makes the bytes of a streamed file, piece by piece, each time it is called;
#: it may also yield other files made along the way (see :meth:`OutputFile.pieces`).
Producer = Callable[[], Iterable["bytes | OutputFile"]]


@attrs.frozen(kw_only=True, eq=False)
class OutputFile:
    """One file an exporter writes: its bytes, or a producer of them piece by piece.

    Give ``content`` for a small file. Give ``produce`` instead for a large one
    (a calendar, a page, a feed of every session): a function that yields the
    bytes in pieces, so that a build writes each piece to disk as it is made
    and never holds the whole file in memory. It is called once per use, so
    it must give the same bytes every time.

    A producer may also yield whole other files (``OutputFile`` objects) made
    along the way, which the build writes as they come: the calendar yields
    each session's own ``.ics`` right after writing that session into
    ``calendar.ics``, instead of composing it a second time.

    Attributes:
        path: The path inside the locale folder, with ``/`` separators.
        media_type: Its media type.
    """

    path: str
    media_type: str
    _content: bytes | None = attrs.field(default=None, repr=False)
    _produce: Producer | None = attrs.field(default=None, repr=False)

    def __attrs_post_init__(self) -> None:
        if (self._content is None) == (self._produce is None):
            message = f"OutputFile {self.path!r}: give either content or produce, not both or neither"
            raise TypeError(message)

    def __eq__(self, other: object) -> bool:
        """Files are equal when their paths, media types and bytes are."""
        if not isinstance(other, OutputFile):
            return NotImplemented
        return (self.path, self.media_type, self.content) == (other.path, other.media_type, other.content)

    def __hash__(self) -> int:
        return hash((self.path, self.media_type))

    @property
    def content(self) -> bytes:
        """The whole file (joined from its pieces when it is streamed)."""
        if self._content is not None:
            return self._content
        return b"".join(self.chunks())

    def chunks(self) -> Iterator[bytes]:
        """The file's bytes in pieces, as they are made (other files made along the way left out)."""
        for piece in self.pieces():
            if isinstance(piece, bytes):
                yield piece

    def pieces(self) -> Iterator[bytes | OutputFile]:
        """The file's bytes in pieces, and the other files its producer makes along the way."""
        if self._content is not None:
            yield self._content
            return
        assert self._produce is not None  # __attrs_post_init__
        for piece in self._produce():
            if isinstance(piece, OutputFile):
                yield piece
            elif not isinstance(piece, bytes):
                message = f"{self.path}: the producer gave {type(piece).__name__}, not bytes"
                raise TypeError(message)
            elif piece:
                yield piece


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
        files: The files; the first is the exporter's main ``filename``. A streamed
            file may make more files as it is written (:meth:`every_file` lists all).
        included: The ids of the sessions that went in.
        omitted: The sessions left out, each with the reason.
        notes: Anything else the build summary should say.
        later_notes: Notes known only once the streamed files have been produced
            (e.g. how many characters were removed); a build calls it after
            writing the files. :meth:`all_notes` gives both.
    """

    files: tuple[OutputFile, ...] = attrs.field(converter=_files)
    included: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    omitted: tuple[Omitted, ...] = attrs.field(default=(), converter=_omissions)
    notes: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    later_notes: Callable[[], Iterable[str]] | None = attrs.field(default=None, eq=False, repr=False)

    def every_file(self) -> list[OutputFile]:
        """``files`` and the files their producers make along the way, in the order a build writes them.

        Produces every streamed file once; for tests and small programmes.
        """
        found: list[OutputFile] = []
        for output in self.files:
            found.append(output)
            found.extend(piece for piece in output.pieces() if isinstance(piece, OutputFile))
        return found

    def all_notes(self) -> tuple[str, ...]:
        """``notes``, then what ``later_notes`` says once every file has been produced."""
        return self.notes + (tuple(self.later_notes()) if self.later_notes is not None else ())


@attrs.frozen(kw_only=True)
class Context:
    """What a build tells exporters beyond the programme.

    Attributes:
        locale: The locale to write.
        revisions: Each session's SEQUENCE and modification time.
        composition: What every format of this locale says, composed once
            (:class:`~sessionfeed.words.compose.Composition`: each session's words
            and the phrases they share). A build makes one per locale and hands
            it to every exporter; without one, :meth:`compose` makes one.
        templates: The build's page templates (a site's folder in front of the
            built-in ones, :class:`~sessionfeed.exporters.templating.Templates`),
            for exporters that write HTML; ``None`` for the built-in ones.
        now: The moment the build is made for (aware): the pages list the
            sessions that have not ended by then as coming, the others as past.
            ``None``: ``SOURCE_DATE_EPOCH``, else the clock, when a page is made.
            The same programme and the same ``now`` give the same bytes.
        selections: The facet values that get files of their own
            (:func:`~sessionfeed.model.facets.selections` of the programme's
            ``facets``): an exporter that writes sub-files (a calendar, feeds
            and a page per tag, person, …) writes them into each value's
            folder (:func:`~sessionfeed.site.layout.facet_folder`) as it
            renders, and pages link to them; others ignore them.
        on_demand: ``True`` when the sub-files are not written by ``render``
            but asked for one value at a time (``serve`` makes them when they
            are first requested, :meth:`BaseExporter.render_selection`).
    """

    locale: str
    revisions: Revisions
    composition: Composition | None = attrs.field(default=None, eq=False, repr=False)
    templates: Templates | None = attrs.field(default=None, eq=False, repr=False)
    now: dt.datetime | None = None
    selections: tuple[Selection, ...] = attrs.field(default=(), eq=False, repr=False)
    on_demand: bool = False

    def compose(self, programme: Programme) -> Composition:
        """The composition of ``programme`` in this locale: the build's, or a new one.

        A new one is made when the context has none, or has one of another
        programme or locale, so that words are never taken from another programme.
        """
        found = self.composition
        if found is not None and found.programme is programme and found.locale == self.locale:
            return found
        from sessionfeed.words.compose import Composition

        return Composition(programme, self.locale)


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
        """Return the main file for ``locale``, with revisions as the data states them.

        Raises:
            ArgumentError: ``programme`` is not a programme, or ``locale`` not one of its locales.
        """
        from sessionfeed._arguments import check_locale, check_programme

        programme = check_programme(programme)
        locale = check_locale(programme, locale)
        from sessionfeed.words.compose import Composition

        context = Context(
            locale=locale,
            revisions=Revisions.from_data(programme),
            composition=Composition(programme, locale),
        )
        return self.render(programme, context).files[0].content

    @abc.abstractmethod
    def render(self, programme: Programme, context: Context) -> Rendering:
        """Return every file of this exporter for ``context.locale``, and its report.

        An exporter that writes sub-files writes those of every value in
        ``context.selections`` too (unless ``context.on_demand``), with the
        same bytes as :meth:`render_selection` gives for each.
        """

    def render_selection(
        self, programme: Programme, context: Context, selection: Selection,
    ) -> list[OutputFile]:
        """The files of one facet value, made alone, as :meth:`render` writes them in a build.

        Paths are relative to the locale folder, inside the value's folder
        (:func:`~sessionfeed.site.layout.facet_folder`); none by default.
        ``serve`` asks for them when they are first requested.
        """
        return []

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
