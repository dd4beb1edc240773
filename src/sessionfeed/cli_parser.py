"""The arguments of the ``sessionfeed`` command: one parser, a sub-parser for each command.

Cheap to import: ``sessionfeed --help`` loads neither the model nor the output libraries.
"""

from __future__ import annotations

import argparse

from sessionfeed import __version__


# Not ``from typing import …``: typing alone costs ~10 ms of ``sessionfeed --help``.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable


__all__ = ["IMPORT_OPTIONS", "command_parser"]


def _programme_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("programme", metavar="PROGRAMME.toml", help="the programme file")


def _bounded(minimum: int, maximum: int | None = None, what: str = "") -> Callable[[str], int]:
    """A whole number from ``minimum`` (to ``maximum``), for argparse (a usage error otherwise)."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = minimum - 1
        if maximum is None and value < minimum:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least {minimum}")
        if maximum is not None and not minimum <= value <= maximum:
            message = f"{text!r} is not {what}: a whole number from {minimum} to {maximum}"
            raise argparse.ArgumentTypeError(message)
        return value

    return parse


def _feed_page_size_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--feed-page-size", type=_bounded(1), metavar="N",
        help="keep at most N of the newest sessions in feed.rss and feed.atom and the older ones "
        "in linked archive pages of N (RFC 5005); default: every session in one feed",
    )  # fmt: skip


def _templates_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--templates", metavar="DIR",
        help="a folder of templates (and style.css) put in front of the built-in ones: "
        "a file there replaces the built-in of the same name (docs/templates.md)",
    )  # fmt: skip


_NOW_HELP = (
    "the moment that splits coming from past sessions, ISO 8601 with Z or an offset, or a date "
    "(default: SOURCE_DATE_EPOCH, else the clock; the same programme and now give the same bytes)"
)


def _now_arg(parser: argparse.ArgumentParser, help_text: str = _NOW_HELP) -> None:
    parser.add_argument("--now", metavar="MOMENT", help=help_text)


def _window_args(parser: argparse.ArgumentParser) -> None:
    """``--window-past`` and ``--window-upcoming``: the programme's window, set for this command."""
    parser.add_argument(
        "--window-past", metavar="SPAN",
        help="keep in the calendars and feeds only the past sessions that ended less than SPAN ago "
        "(e.g. P90D), 'none' or 'all'; overrides the file's window.past",
    )  # fmt: skip
    parser.add_argument(
        "--window-upcoming", metavar="SPAN",
        help="keep only the upcoming sessions that begin within SPAN (e.g. P365D) or 'all'; "
        "overrides the file's window.upcoming",
    )  # fmt: skip


def command_parser() -> argparse.ArgumentParser:
    """The parser of the command line: the options every command shares, then each command's."""
    parser = argparse.ArgumentParser(
        prog="sessionfeed",
        description="Publish a programme of sessions as calendars, feeds, JSON-LD and pages.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--traceback",
        action="store_true",
        help="show the traceback of unexpected errors",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    build = commands.add_parser("build", help="build the static site folder")
    _programme_arg(build)
    build.add_argument("--out", "-o", required=True, metavar="DIR", help="the output folder")
    build.add_argument(
        "--format", "-f", action="append", metavar="NAME",
        help="build only these exporters (repeatable; default: all)",
    )  # fmt: skip
    build.add_argument(
        "--force", action="store_true",
        help="replace DIR even if it holds files that are not an earlier build",
    )  # fmt: skip
    build.add_argument("--quiet", "-q", action="store_true", help="print no summary")
    build.add_argument(
        "--jobs", "-j", type=_bounded(1, 1024, "a number of processes"), metavar="N",
        help="write N locales at once, each in a process of its own (default: the cores available, "
        "or 1 above 10,000 sessions, to keep memory low; the bytes are the same)",
    )  # fmt: skip
    _now_arg(build)
    _templates_arg(build)
    _feed_page_size_arg(build)
    _window_args(build)

    export = commands.add_parser("export", help="write one output to standard output")
    _programme_arg(export)
    export.add_argument("--format", "-f", required=True, metavar="NAME", help="exporter name")
    export.add_argument("--locale", "-l", help="locale (default: the programme's first)")
    _now_arg(export)
    _window_args(export)

    check = commands.add_parser("check", help="lint a programme for what the outputs will lack")
    _programme_arg(check)
    _window_args(check)
    _now_arg(
        check,
        "the moment the window is applied at when the calendars' sizes are measured "
        "(default: SOURCE_DATE_EPOCH, else the clock)",
    )

    serve = commands.add_parser("serve", help="serve the site, re-reading the file when it changes")
    _programme_arg(serve)
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    serve.add_argument(
        "--port", type=_bounded(0, 65535, "a port"), default=8000,
        help="port to listen on (8000; 0 picks a free one)",
    )  # fmt: skip
    serve.add_argument(
        "--max-age", type=_bounded(0, 365 * 24 * 3600, "a number of seconds up to a year"), default=300,
        metavar="SECONDS",
        help="Cache-Control max-age of responses (300)",
    )  # fmt: skip
    _now_arg(
        serve,
        "serve the pages as of this fixed moment (ISO 8601 with Z or an offset, or a date); by default "
        "each request's time, so that sessions move from coming to past as time passes",
    )
    _templates_arg(serve)
    _feed_page_size_arg(serve)
    _window_args(serve)

    embed = commands.add_parser(
        "embed", help="print HTML to paste into another site: a session's card or the programme's list",
    )  # fmt: skip
    _programme_arg(embed)
    embed.add_argument("--locale", "-l", help="locale (default: the programme's first)")
    embed.add_argument("--session", "-s", metavar="ID", help="one session's card (default: every session)")
    embed.add_argument(
        "--part", choices=("html", "jsonld", "head", "all"), default="all",
        help="what to print: the fragment, its JSON-LD <script>, the <head> links, or all three (all)",
    )  # fmt: skip
    _templates_arg(embed)

    commands.add_parser("formats", help="list the installed exporters")
    _import_parser(commands)
    return parser


def _import_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``sessionfeed import FORMAT SOURCE``: its arguments, each a keyword option of the importers."""
    imports = commands.add_parser(
        "import", help="write a programme file from a listing page, a CSV, a calendar or a schedule",
    )  # fmt: skip
    imports.add_argument("format", metavar="FORMAT", help="listing, csv, ics or frab")
    imports.add_argument("source", metavar="SOURCE", help="the file to read")
    imports.add_argument(
        "--out", "-o", metavar="FILE", help="the programme file to write (default: standard output)"
    )
    for flag, dest, text in IMPORT_OPTIONS:
        imports.add_argument(flag, dest=dest, metavar=dest.upper(), help=text)


# The importers' keyword options, as flags: passed on only when given.
IMPORT_OPTIONS = (
    ("--locale", "locale", "the language the source is written in (nl, en, ...)"),
    ("--timezone", "timezone", "the zone of local times in the source (Europe/Amsterdam)"),
    ("--base-url", "base_url", "where the site will be published"),
    ("--id", "programme_id", "the programme's id"),
    ("--title", "title", "the programme's title"),
    ("--kind", "kind", "the kind of a session the source does not name (listing, csv)"),
    ("--encoding", "encoding", "the source's encoding (utf-8; cp1252 for a CSV from Excel on Windows)"),
    ("--expand-from", "expand_from", "ics: the first day of repeated events to list (YYYY-MM-DD)"),
    ("--expand-until", "expand_until", "ics: the last day of repeated events to list (YYYY-MM-DD)"),
)
