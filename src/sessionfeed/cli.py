"""The ``sessionfeed`` command.

``sessionfeed build PROGRAMME.toml --out DIR``   write the static site
``sessionfeed export PROGRAMME.toml -f NAME``    one output to standard output
``sessionfeed check PROGRAMME.toml``             lint a programme for what the outputs will lack
``sessionfeed serve PROGRAMME.toml``             serve the site from memory
``sessionfeed embed PROGRAMME.toml``             HTML to paste into another site
``sessionfeed formats``                          list the installed exporters
``sessionfeed import FORMAT SOURCE [--out FILE]`` a programme file from a listing, a CSV, ...

Exit codes: 0 done, 1 an unexpected error (or warnings from ``check``), 2 invalid input.
A reader that closes the pipe early (``sessionfeed export … | head``) ends the
command quietly with 0, as ``cat`` ends without a word.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys

from sessionfeed.cli_parser import IMPORT_OPTIONS, command_parser
from sessionfeed.exceptions import ProgrammeError, SessionfeedError


# Not ``from typing import …``: typing alone costs ~10 ms of ``sessionfeed --help``.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable, Sequence
    from typing import TextIO

    from sessionfeed.exporters.base import Exporter
    from sessionfeed.model.programme import Programme


__all__ = ["main"]

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_INVALID = 2


def _with_feed_page_size(exporters: Sequence[Exporter] | None, size: int | None) -> list[Exporter] | None:
    """The exporters to run, each that pages its output (a ``page_size`` option) paged by ``size``.

    The option is found on the exporter, not by its class: the built-in feeds
    have it, and so may a plugin's exporter.
    """
    if size is None:
        return None if exporters is None else list(exporters)
    import attrs

    from sessionfeed.exporters.registry import iter_exporters

    def paged(exporter: Exporter) -> Exporter:
        kind = type(exporter)
        if not (attrs.has(kind) and "page_size" in attrs.fields_dict(kind)):
            return exporter
        # Called through a name: mypy's attrs plugin checks evolve() only on a class it can see.
        evolve = attrs.evolve
        return evolve(exporter, page_size=size)

    chosen = list(iter_exporters()) if exporters is None else list(exporters)
    return [paged(e) for e in chosen]


def _now(option: str | None) -> dt.datetime:
    """The build's "now" (``--now``, else ``SOURCE_DATE_EPOCH``, else the clock).

    Raises:
        ArgumentError: The value is not a moment; the message names its source and the fix.
    """
    from sessionfeed.site.clock import resolve_now

    return resolve_now(option, os.environ)


def _with_window(programme: Programme, args: argparse.Namespace) -> Programme:
    """``programme`` with the window the command line sets (as the file's ``window`` is read).

    Raises:
        ArgumentError: An option's value is not a span; the message names the option and the fix.
    """
    given = {
        name: value
        for name, value in (("past", args.window_past), ("upcoming", args.window_upcoming))
        if value is not None
    }
    if not given:
        return programme
    import attrs

    from sessionfeed.exceptions import ArgumentError
    from sessionfeed.io.parts import read_window
    from sessionfeed.io.reader import Reader

    reader = Reader({})
    window = read_window(reader, given)
    if window is None or reader.c.problems:
        problem = reader.c.problems[0]
        option = "--window-" + problem.path.removeprefix("window.")
        raise ArgumentError(f"{option}: {problem.message}")
    spans = {"past": programme.window.past, "upcoming": programme.window.upcoming}
    spans.update({name: getattr(window, name) for name in given})
    evolve = attrs.evolve  # through a name: see _with_feed_page_size
    return evolve(programme, window=evolve(programme.window, **spans))


def _cmd_build(args: argparse.Namespace, out: TextIO) -> int:
    from sessionfeed.exporters.registry import get_exporter
    from sessionfeed.io.toml import load
    from sessionfeed.site.build import build_site

    programme = _with_window(load(args.programme), args)
    exporters = None if not args.format else [get_exporter(name) for name in args.format]
    exporters = _with_feed_page_size(exporters, args.feed_page_size)
    now = _now(args.now)
    report = build_site(
        programme,
        args.out,
        exporters=exporters,
        force=args.force,
        templates=args.templates,
        now=now,
        jobs=args.jobs,
    )
    if not args.quiet:
        print("\n".join(report.lines()), file=out)
    return EXIT_OK


def _cmd_export(args: argparse.Namespace, out: TextIO) -> int:
    from sessionfeed.exporters.base import Context, render
    from sessionfeed.exporters.registry import get_exporter
    from sessionfeed.io.toml import load
    from sessionfeed.model.revisions import Revisions

    programme = _with_window(load(args.programme), args)
    exporter = get_exporter(args.format)
    locale = args.locale or programme.default_locale
    if locale not in programme.locales:
        known = ", ".join(programme.locales)
        message = f"--locale {locale!r} is not one of the programme's locales ({known})"
        raise ProgrammeError.single("", message)
    # The main file, as of the moment asked for (the window and the pages depend on it).
    context = Context(locale=locale, revisions=Revisions.from_data(programme), now=_now(args.now))
    data = render(exporter, programme, context).files[0].content
    out.flush()
    sys.stdout.buffer.write(data) if out is sys.stdout else out.write(data.decode("utf-8"))
    return EXIT_OK


def _cmd_check(args: argparse.Namespace, out: TextIO) -> int:
    from pathlib import Path

    from sessionfeed.check import lint
    from sessionfeed.io.toml import load

    programme = _with_window(load(args.programme), args)
    # Loading succeeded, so the file is readable UTF-8: read it again for line numbers.
    source = Path(args.programme).read_text(encoding="utf-8-sig")
    now = None if args.now is None else _now(args.now)
    findings = lint(programme, filename=args.programme, source=source, now=now)
    if not findings:
        print(f"{args.programme}: no findings", file=out)
        return EXIT_OK
    for finding in findings:
        print(finding, file=out)
    warnings = sum(1 for f in findings if f.severity == "warning")
    # The count goes to stderr, so that stdout is one finding a line for grep.
    print(f"{args.programme}: {warnings} warnings, {len(findings) - warnings} notes", file=sys.stderr)
    return EXIT_ERROR if warnings else EXIT_OK


def _cmd_serve(args: argparse.Namespace, out: TextIO) -> int:
    from sessionfeed.serve.app import serve

    exporters = _with_feed_page_size(None, args.feed_page_size)
    options = {"host": args.host, "port": args.port, "max_age": args.max_age}
    if args.templates is not None:  # else the programme's own templates, if it names any
        options["templates"] = args.templates
    if args.now is not None:  # else each request's own time
        options["now"] = _now(args.now)
    if args.window_past is not None or args.window_upcoming is not None:
        from sessionfeed.io.toml import load

        # Merged with the file's window as it is now; it then holds at every reload.
        options["window"] = _with_window(load(args.programme), args).window
    return int(serve(args.programme, **options, out=out, exporters=exporters))


def _cmd_embed(args: argparse.Namespace, out: TextIO) -> int:
    from sessionfeed.fragments import embed
    from sessionfeed.io.toml import load

    programme = load(args.programme)
    locale = args.locale or programme.default_locale
    fragment = embed(programme, locale=locale, session=args.session, templates=args.templates)
    parts = ("head", "html", "jsonld") if args.part == "all" else (args.part,)
    print(*(getattr(fragment, part) for part in parts), sep="\n\n", file=out)
    return EXIT_OK


def _cmd_formats(args: argparse.Namespace, out: TextIO) -> int:
    from sessionfeed.exporters.registry import iter_exporters

    rows = [(e.name, e.filename, e.media_type, e.title) for e in iter_exporters()]
    widths = [max([len(r[i]) for r in rows] + [4]) for i in range(3)]
    for *cells, title in rows:
        print(
            *(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)), title, sep="  ", file=out
        )
    return EXIT_OK


def _cmd_import(args: argparse.Namespace, out: TextIO) -> int:
    import datetime as dt

    from sessionfeed.exceptions import ArgumentError
    from sessionfeed.importers import import_source, imported_toml

    options: dict[str, object] = {}
    for _flag, dest, _text in IMPORT_OPTIONS:
        value = getattr(args, dest)
        if value is None:
            continue
        if dest.startswith("expand_"):
            try:
                value = dt.date.fromisoformat(value)
            except ValueError:
                print(
                    f"error: --{dest.replace('_', '-')} {value!r} is not a day: write YYYY-MM-DD",
                    file=sys.stderr,
                )
                return EXIT_INVALID
        options[dest] = value
    try:
        imported = import_source(args.format, args.source, **options)
    except ArgumentError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_INVALID
    text = imported_toml(imported)
    for notice in imported.notices:
        where = f"{imported.source}:{notice.line}" if notice.line else imported.source
        path = f" {notice.path}:" if notice.path else ""
        print(f"{where}:{path} {notice.message}", file=sys.stderr)
    if args.out is None:
        out.write(text)
    else:
        _write_atomically(args.out, text)
    data = imported.data
    counts = ", ".join(f"{len(data.get(key) or ())} {key}" for key in ("sessions", "people", "organisations"))
    where = args.out or "standard output"
    print(f"{where}: {counts}; {len(imported.notices)} notices to check", file=sys.stderr)
    return EXIT_OK


def _write_atomically(path: str, text: str) -> None:
    """Write ``text`` to ``path`` through a file beside it, so that no half-written file is ever seen."""
    import tempfile
    from pathlib import Path

    from sessionfeed.exceptions import BuildError

    target = Path(path)
    folder = target.absolute().parent
    try:
        handle, name = tempfile.mkstemp(prefix=".sessionfeed-import-", suffix=".toml", dir=folder)
    except OSError as error:
        message = f"{path}: cannot write into {folder}: {error.strerror or error}; give a folder that exists"
        raise BuildError(message, invalid_input=True) from None
    temporary = Path(name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        temporary.replace(target)
    except BaseException as error:
        with contextlib.suppress(OSError):
            temporary.unlink()
        if isinstance(error, OSError):
            raise BuildError(f"{path}: cannot be written: {error.strerror or error}") from None
        raise


_COMMANDS: dict[str, Callable[[argparse.Namespace, TextIO], int]] = {
    "build": _cmd_build,
    "export": _cmd_export,
    "check": _cmd_check,
    "serve": _cmd_serve,
    "embed": _cmd_embed,
    "formats": _cmd_formats,
    "import": _cmd_import,
}


def _silence_stdout() -> None:
    """Point standard output at the null device, so that Python's flush at exit raises nothing."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError, AttributeError):  # not a real file (a test's StringIO)
        pass


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = command_parser().parse_args(argv)
    out, err = sys.stdout, sys.stderr
    try:
        code = _COMMANDS[args.command](args, out)
        # Flushed here, so that a reader who closed the pipe is noticed below, not at exit.
        out.flush()
        return code
    except BrokenPipeError:
        # `sessionfeed export … | head` closed the pipe: a normal end, as for cat.
        _silence_stdout()
        return EXIT_OK
    except ProgrammeError as error:
        for problem in error.problems:
            print(f"error: {problem}", file=err)
        return EXIT_INVALID
    except SessionfeedError as error:
        print(f"error: {error}", file=err)
        invalid = isinstance(error, LookupError) or getattr(error, "invalid_input", False)
        return EXIT_INVALID if invalid else EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except Exception as error:
        if args.traceback:
            raise
        print(
            f"sessionfeed: unexpected error: {type(error).__name__}: {error}\n"
            "Run again with --traceback for details, and please report it.",
            file=err,
        )
        return EXIT_ERROR
