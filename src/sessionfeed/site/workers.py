"""A build's locales written side by side, each in a process of its own, on the machine's cores.

The locales of a site are independent: each folder is written from the
programme, the revisions and the build's moment alone (see
:class:`~sessionfeed.site.build.SiteParts`). With more than one core, a build
forks after loading, so that every worker shares the loaded programme
instead of reading or copying it, and each worker writes its locales into the
same staging folder (their folders do not overlap; a file written twice is
still found, since each is created new). The parent waits for all of them and
collects their reports in the programme's order of locales, so the summary and
every byte are the same as a build on one core, and the build stays all or
nothing: the first error (in locale order) is raised in the parent, which then
removes the staging folder as for any failed build.

Unless told (``--jobs``), a build of more than :data:`PARALLEL_UP_TO`
sessions writes one locale at a time: each worker comes to hold its own copy
of what it touches of the programme, so memory grows with the workers.

Workers are forked, which only POSIX systems offer; where there is no
``fork`` (Windows), or on macOS, where system libraries may not survive one,
the locales are written one after the other.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from sessionfeed.exceptions import BuildError
from sessionfeed.site.writer import write_files


if TYPE_CHECKING:
    from sessionfeed.site.build import FileReport, SiteParts


__all__ = ["PARALLEL_UP_TO", "available_cores", "can_fork", "default_jobs", "write_locales"]

#: The most sessions a build writes side by side unless asked (``--jobs``): each
#: worker touches the whole programme, so its pages stop being shared with the
#: build's process, and holds one locale's words; two workers on a programme of
#: 50,000 sessions take 1.3 GB together where one process takes under 500 MB.
PARALLEL_UP_TO = 10_000


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity where the system says, else all of them)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def default_jobs(sessions: int) -> int:
    """How many locales a build of ``sessions`` sessions writes at once when not told.

    Every core up to :data:`PARALLEL_UP_TO` sessions; one at a time above, so
    that memory stays under 500 MB.
    """
    return available_cores() if sessions <= PARALLEL_UP_TO else 1


def can_fork() -> bool:
    """Whether a build may fork workers here (Linux and the BSDs; not macOS or Windows)."""
    return hasattr(os, "fork") and sys.platform != "darwin"


def write_locales(
    staging: Path,
    site: SiteParts,
    locales: Sequence[str],
    jobs: int,
) -> list[FileReport]:
    """Write the folders of ``locales`` into ``staging``, in up to ``jobs`` processes.

    Returns:
        The reports of every locale, in the order of ``locales``.

    Raises:
        Whatever writing a locale raises (the first locale's that fails), in this process.
    """
    jobs = min(jobs, len(locales))
    if jobs <= 1 or not can_fork():
        reports: list[FileReport] = []
        for locale in locales:
            write_files(staging, site.locale(locale, reports))
        return reports
    shares = [tuple(locales[i::jobs]) for i in range(jobs)]
    parent = os.getpid()
    children: list[tuple[int, int]] = []  # (pid, the read end of its pipe)
    try:
        for share in shares:
            read, write = os.pipe()
            pid = os.fork()
            if pid == 0:  # pragma: no cover - the worker; its result is tested through the parent
                os.close(read)
                _die_with(parent)
                _work(staging, site, share, write)
            os.close(write)
            children.append((pid, read))
        results = [_result(pid, read) for pid, read in children]
    except BaseException:
        for pid, _read in children:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGTERM)
        raise
    finally:
        for pid, read in children:
            with contextlib.suppress(OSError):
                os.close(read)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)
    errors = dict(error for error, _found in results if error is not None)
    for locale in locales:  # the first error in the order of the locales, as one process would meet it
        if locale in errors:
            raise errors[locale]
    found = [pair for _error, pairs in results for pair in pairs]  # each locale's reports in order
    return [report for _locale, report in sorted(found, key=lambda pair: locales.index(pair[0]))]


_Outcome = tuple[tuple[str, BaseException] | None, list[tuple[str, "FileReport"]]]


def _work(staging: Path, site: SiteParts, locales: Sequence[str], pipe: int) -> None:  # pragma: no cover
    """In the worker: write ``locales``, send the reports (or the error) down ``pipe``, and exit."""
    found: list[tuple[str, FileReport]] = []
    error: tuple[str, BaseException] | None = None
    code = 0
    try:
        for locale in locales:
            reports: list[FileReport] = []
            try:
                write_files(staging, site.locale(locale, reports))
            except BaseException as caught:
                error = (locale, caught)
                break
            found.extend((locale, report) for report in reports)
        outcome: _Outcome = (error, found)
        try:
            data = pickle.dumps(outcome)
        except Exception:  # an error that cannot be sent as it is: its words are
            assert error is not None
            words = BuildError(f"{type(error[1]).__name__}: {error[1]}")
            data = pickle.dumps(((error[0], words), found))
        with os.fdopen(pipe, "wb") as out:
            out.write(data)
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def _die_with(parent: int) -> None:  # pragma: no cover - in the worker
    """Have the system kill this worker when the build's process dies (Linux), so that none writes on."""
    if sys.platform.startswith("linux"):
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            pr_set_pdeathsig = 1
            ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
    if os.getppid() != parent:  # it died before that was asked
        os._exit(1)


def _result(pid: int, read: int) -> _Outcome:
    """What the worker ``pid`` sent down its pipe, once it has all come."""
    with os.fdopen(read, "rb", closefd=False) as pipe:
        data = pipe.read()
    if not data:
        _pid, status = os.waitpid(pid, 0)
        code = os.waitstatus_to_exitcode(status)  # minus the signal's number when one stopped it
        stopped = f"signal {-code}" if code < 0 else f"exit status {code}"
        message = f"a worker of the build stopped ({stopped}); the previous site is unchanged"
        raise BuildError(message)
    outcome: _Outcome = pickle.loads(data)  # noqa: S301 - our own child's, through a private pipe
    return outcome
