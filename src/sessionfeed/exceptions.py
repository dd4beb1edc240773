"""Errors raised by sessionfeed.

The tree::

    SessionfeedError
    ├── ProgrammeError (ValueError)     invalid programme data; carries every Problem
    ├── ExporterNotFound (LookupError)  an unknown exporter name or file name
    └── BuildError                      the site folder could not be written

Every message names what is wrong and what would be right, so that the
command line can print it as it is, with no traceback.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import attrs


__all__ = [
    "BuildError",
    "ExporterNotFound",
    "Problem",
    "ProgrammeError",
    "SessionfeedError",
]


class SessionfeedError(Exception):
    """Base class of every error sessionfeed raises on purpose."""


@attrs.frozen(kw_only=True)
class Problem:
    """One thing wrong with a programme.

    Attributes:
        path: The field path, e.g. ``sessions[3].speakers[1]`` (indexes count from 0).
        message: What is wrong, and where possible what would be right.
        file: The programme file the problem is in, when it came from a file.
        line: The 1-based line in that file, where it can be found.
    """

    path: str
    message: str
    file: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = f"{self.file}:{self.line}: " if self.line else f"{self.file}: "
        path = f"{self.path}: " if self.path else ""
        return f"{where}{path}{self.message}"

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
        return attrs.evolve(self, path=path)


class ProgrammeError(SessionfeedError, ValueError):
    """A programme is invalid. ``problems`` lists every problem found, not just the first."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(
            "\n".join(str(p) for p in self.problems) or "invalid programme",
        )

    @classmethod
    def single(cls, path: str, message: str) -> ProgrammeError:
        """Return an error with one problem."""
        return cls([Problem(path=path, message=message)])

    def within(self, prefix: str) -> ProgrammeError:
        """Return the same error with ``prefix`` put before every path."""
        return ProgrammeError(p.within(prefix) for p in self.problems)


class ExporterNotFound(SessionfeedError, LookupError):
    """No exporter is registered under a name; the message lists the known names."""

    def __init__(self, name: str, known: Sequence[str]) -> None:
        self.name = name
        self.known = tuple(known)
        super().__init__(
            f"no exporter named {name!r}; known exporters: {', '.join(self.known) or 'none'}",
        )


class BuildError(SessionfeedError):
    """The output folder could not be written; the previous site is left as it was."""
