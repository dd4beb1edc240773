"""Errors raised by sessionfeed.

The tree::

    SessionfeedError
    ├── ProgrammeError (ValueError)     invalid programme data; carries every Problem
    ├── ArgumentError (ValueError)      a public function was called with a wrong argument
    ├── ExporterNotFound (LookupError)  an unknown exporter name or file name
    └── BuildError                      the site folder could not be written
        └── TemplateError               a page template has an error (FILE:LINE: message)

Every message names what is wrong and what would be right, so that the
command line can print it as it is, with no traceback.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence


__all__ = [
    "ArgumentError",
    "BuildError",
    "ExporterNotFound",
    "Problem",
    "ProgrammeError",
    "SessionfeedError",
    "TemplateError",
]


def _one_line(text: str) -> str:
    """Escape the characters that break or hide a line (controls, line separators)."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() or ch == " " else ascii(ch)[1:-1] for ch in text)


class SessionfeedError(Exception):
    """Base class of every error sessionfeed raises on purpose."""


class Problem:
    """One thing wrong with a programme (an immutable value).

    A plain class rather than an attrs one: the command line imports this
    module at start-up, and attrs alone would double the time of
    ``sessionfeed --help``.

    Attributes:
        path: The field path, e.g. ``sessions[3].speakers[1]`` (indexes count from 0).
        message: What is wrong, and where possible what would be right.
        file: The programme file the problem is in, when it came from a file.
        line: The 1-based line in that file, where it can be found.
    """

    __slots__ = ("file", "line", "message", "path")

    path: str
    message: str
    file: str | None
    line: int | None

    def __init__(self, *, path: str, message: str, file: str | None = None, line: int | None = None) -> None:
        object.__setattr__(self, "path", path)
        object.__setattr__(self, "message", message)
        object.__setattr__(self, "file", file)
        object.__setattr__(self, "line", line)

    def __setattr__(self, name: str, value: object) -> None:
        message = f"Problem is immutable; use replace({name}=...)"
        raise AttributeError(message)

    def _key(self) -> tuple[str, str, str | None, int | None]:
        return (self.path, self.message, self.file, self.line)

    def __reduce__(self) -> tuple[object, tuple[str, str, str | None, int | None]]:
        """Pickled as its four fields (a build's worker process sends its errors so)."""
        return (_problem, self._key())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Problem) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return (
            f"Problem(path={self.path!r}, message={self.message!r}, "
            f"file={self.file!r}, line={self.line!r})"
        )

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = f"{self.file}:{self.line}: " if self.line else f"{self.file}: "
        path = f"{self.path}: " if self.path else ""
        # One problem is one line: a key or value with a line break in it must
        # not be able to print what looks like another problem.
        return _one_line(f"{where}{path}{self.message}")

    def replace(
        self,
        *,
        path: str | None = None,
        message: str | None = None,
        file: str | None = None,
        line: int | None = None,
    ) -> Problem:
        """Return a copy with the given fields changed."""
        return Problem(
            path=self.path if path is None else path,
            message=self.message if message is None else message,
            file=self.file if file is None else file,
            line=self.line if line is None else line,
        )

    def within(self, prefix: str) -> Problem:
        """Return this problem with ``prefix`` put before its path."""
        if not prefix:
            return self
        if not self.path:
            path = prefix
        elif self.path.startswith("["):
            path = prefix + self.path
        else:
            path = f"{prefix}.{self.path}"
        return self.replace(path=path)


class ProgrammeError(SessionfeedError, ValueError):
    """A programme is invalid. ``problems`` lists every problem found, not just the first."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(
            "\n".join(str(p) for p in self.problems) or "invalid programme",
        )

    def __reduce__(self) -> tuple[object, tuple[tuple[Problem, ...]]]:
        """Pickled as its problems (a build's worker process sends its errors so)."""
        return (type(self), (self.problems,))

    @classmethod
    def single(cls, path: str, message: str) -> ProgrammeError:
        """Return an error with one problem."""
        return cls([Problem(path=path, message=message)])

    def within(self, prefix: str) -> ProgrammeError:
        """Return the same error with ``prefix`` put before every path."""
        return ProgrammeError(p.within(prefix) for p in self.problems)


class ArgumentError(SessionfeedError, ValueError):
    """A public function was called with a wrong argument: the message names it and what fits.

    A ``ValueError``, as Python's own functions raise for a wrong value, and the
    library's own error, so that ``except SessionfeedError`` catches every
    mistake sessionfeed reports. ``invalid_input`` is true: the command line
    exits with 2.
    """

    invalid_input = True


class ExporterNotFound(SessionfeedError, LookupError):
    """No exporter is registered under a name; the message lists the known names."""

    def __init__(self, name: str, known: Sequence[str]) -> None:
        self.name = name
        self.known = tuple(known)
        super().__init__(
            f"no exporter named {name!r}; known exporters: {', '.join(self.known) or 'none'}",
        )


class BuildError(SessionfeedError):
    """The output folder could not be written; the previous site is left as it was.

    ``invalid_input`` is true when the cause is what the user asked for (an
    ``--out`` that is a file, or a folder of other files), not the system.
    """

    def __init__(self, message: str, *, invalid_input: bool = False) -> None:
        super().__init__(message)
        self.invalid_input = invalid_input

    def __reduce__(self) -> tuple[object, tuple[object, ...], dict[str, object]]:
        """Pickled with its attributes (a build's worker process sends its errors so)."""
        return (_rebuilt, (type(self), str(self)), dict(vars(self)))


class TemplateError(BuildError):
    """A template of the pages could not be rendered; no site was written.

    The message is ``TEMPLATE_FILE:LINE: message``, the line being that of the
    template where the error is (a syntax error, an undefined variable, a
    template not found, an error raised while rendering). It is always the
    user's input, so the command line exits with 2.

    Attributes:
        file: The template's file, as its folder was given (``None`` when unknown).
        line: Its line (``None`` when unknown).
        detail: The message without the file and line.
    """

    def __init__(self, detail: str, *, file: str | None = None, line: int | None = None) -> None:
        where = f"{file}:{line}: " if file is not None and line is not None else f"{file}: " if file else ""
        super().__init__(f"{where}{detail}", invalid_input=True)
        self.file = file
        self.line = line
        self.detail = detail


def _problem(path: str, message: str, file: str | None, line: int | None) -> Problem:
    """A :class:`Problem` from its pickled fields."""
    return Problem(path=path, message=message, file=file, line=line)


def _rebuilt(kind: type[BuildError], message: str) -> BuildError:
    """A :class:`BuildError` (or a subclass) from its pickled message; its attributes follow."""
    error = BuildError.__new__(kind)
    Exception.__init__(error, message)
    return error
