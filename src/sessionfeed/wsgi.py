"""The WSGI application of a programme file, and ``sessionfeed serve``.

The public name of :mod:`sessionfeed.serve.app`: ``gunicorn 'sessionfeed.wsgi:make_app("programme.toml")'``.
"""

from __future__ import annotations

from sessionfeed.serve.app import make_app, serve


__all__ = ["make_app", "serve"]
