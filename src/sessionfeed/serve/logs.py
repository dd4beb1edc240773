"""The logs of the server: every value a record carries has its control characters escaped."""

from __future__ import annotations

import logging

from sessionfeed.serve import http as _http


__all__ = ["access_log", "log"]

#: The names are the server's module's, where they have always been.
log = logging.getLogger("sessionfeed.serve.app")
access_log = logging.getLogger("sessionfeed.serve.app.access")


class _EscapeValues(logging.Filter):
    r"""Escape the control characters of every value a log record of this module carries.

    A request line, a header or a file name is the client's or the user's
    text: written raw, ``GET /\x1b[31m…`` would colour a terminal, hide what
    follows or forge a line of the log. Each value (each ``%s`` argument, and
    the text of an exception) goes through :func:`~sessionfeed.serve.http.escape_log`,
    whatever handler the records reach (``sessionfeed serve``'s, or a WSGI
    server's own logging). The messages themselves are this module's.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        """Escape ``record``'s arguments and exception text in place; keep the record."""
        if isinstance(record.args, tuple):
            record.args = tuple(_escaped(arg) for arg in record.args)
        if record.exc_info and not record.exc_text:
            # A traceback is lines: each line is escaped, the line ends stay.
            text = logging.Formatter().formatException(record.exc_info)
            record.exc_text = "\n".join(_http.escape_log(line) for line in text.split("\n"))
        return True


class _Lines(tuple[str, ...]):
    """A log argument of several lines: each is escaped, and they stay lines."""

    __slots__ = ()


def _escaped(value: object) -> object:
    """A log argument with its control characters escaped; numbers stay numbers (``%d``)."""
    if isinstance(value, int | float):
        return value
    if isinstance(value, _Lines):
        return "\n".join(_http.escape_log(line) for line in value)
    return _http.escape_log(str(value))


for _logger in (log, access_log):
    _logger.addFilter(_EscapeValues())
