"""The standard library's threaded server, running the app for ``sessionfeed serve`` until Ctrl-C."""

from __future__ import annotations

import errno
import logging
import socket
import socketserver
from typing import TYPE_CHECKING, Any, TextIO
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from sessionfeed.serve import http as _http
from sessionfeed.serve.logs import access_log


if TYPE_CHECKING:
    from wsgiref.types import WSGIApplication


__all__ = ["run"]


class _ThreadingServer(socketserver.ThreadingMixIn, WSGIServer):
    """wsgiref's server with a thread per request, so that one slow client blocks no other."""

    daemon_threads = True
    block_on_close = False


class _ThreadingServer6(_ThreadingServer):
    address_family = socket.AF_INET6


class _Handler(WSGIRequestHandler):
    """wsgiref's handler, logging ``127.0.0.1 - - [date] "GET / HTTP/1.1" 200 123`` through logging.

    :mod:`http.server` escapes the control characters of the request line only
    in the ``log_message`` this replaces: here each value is escaped by the
    access log's filter (:class:`_EscapeValues`), the line as a whole.
    """

    def log_message(self, format: str, *args: Any) -> None:
        access_log.info("%s - - [%s] %s", self.address_string(), self.log_date_time_string(), format % args)


def _listen(host: str, port: int, app: WSGIApplication) -> WSGIServer:
    server_class = _ThreadingServer6 if ":" in host else _ThreadingServer
    return make_server(host, port, app, server_class=server_class, handler_class=_Handler)


def run(app: WSGIApplication, where: str, *, host: str, port: int, out: TextIO, err: TextIO) -> int:
    """Serve ``app`` on ``host``:``port`` until Ctrl-C (``where`` names it in the first line printed).

    Logs one access-log line per request, reloads and errors to ``err``.

    Returns:
        0 when stopped with Ctrl-C; 1 when the address cannot be used.
    """
    try:
        server = _listen(host, port, app)
    except OSError as error:
        hint = "; another server uses it, choose another --port" if error.errno == errno.EADDRINUSE else ""
        address = _http.escape_log(f"{host}:{port}")
        print(f"error: cannot listen on {address}: {error.strerror or error}{hint}", file=err)
        return 1
    handler = logging.StreamHandler(err)
    handler.setFormatter(logging.Formatter("%(message)s"))
    package = logging.getLogger("sessionfeed")
    saved = package.level, package.propagate
    package.addHandler(handler)
    package.setLevel(logging.INFO)
    package.propagate = False
    try:
        address = f"[{host}]" if ":" in host else host
        shown = _http.escape_log(f"{where} at http://{address}:{server.server_port}/")
        print(f"serving {shown} (Ctrl-C stops)", file=out, flush=True)
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        package.removeHandler(handler)
        package.setLevel(saved[0])
        package.propagate = saved[1]
    return 0
