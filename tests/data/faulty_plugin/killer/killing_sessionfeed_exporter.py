"""An exporter that ends its own process half way through a build (tests/test_faults.py).

Installed only on the ``PYTHONPATH`` of a child process. ``SESSIONFEED_TEST_KILL``
says what it does when asked to export: ``kill`` sends itself SIGKILL (no
``finally``, no ``atexit``: as if the machine lost power or the OOM killer
struck), ``raise`` raises; unset, it writes a harmless file.
"""

from __future__ import annotations

import os
import signal


class Killer:
    name = "zz-killer"
    title = "Kills the build"
    media_type = "text/plain; charset=utf-8"
    filename = "killer.txt"

    def export(self, programme, *, locale):
        mode = os.environ.get("SESSIONFEED_TEST_KILL", "")
        if mode == "kill":
            os.kill(os.getpid(), signal.SIGKILL)
        if mode == "raise":
            message = "the killer exporter fails on purpose"
            raise RuntimeError(message)
        return b"alive\n"
