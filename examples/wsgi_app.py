"""A WSGI entry point for servers that import a module attribute (mod_wsgi, uWSGI, Waitress).

gunicorn needs no file: ``gunicorn -w 4 'sessionfeed.serve.app:make_app("programme.toml")'``.
Other servers import ``application`` from a file such as this one::

    SESSIONFEED_PROGRAMME=/srv/events/programme.toml uwsgi --http 127.0.0.1:8000 \\
        --wsgi-file examples/wsgi_app.py --processes 4

Without ``SESSIONFEED_PROGRAMME`` it serves the demo programme next to this file.
"""

from __future__ import annotations

import os
from pathlib import Path

from sessionfeed.serve.app import make_app


PROGRAMME = os.environ.get("SESSIONFEED_PROGRAMME") or str(Path(__file__).with_name("upcoming-demo.toml"))
MAX_AGE = int(os.environ.get("SESSIONFEED_MAX_AGE", "300"))

application = make_app(PROGRAMME, max_age=MAX_AGE)
