"""Shared fixtures: the example programmes, golden files and hypothesis profiles."""

from __future__ import annotations

import os
import signal
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

import sessionfeed


ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
GOLDEN = Path(__file__).resolve().parent / "golden"

# "quick" by default; .ci/run selects "thorough" with HYPOTHESIS_PROFILE=thorough.
settings.register_profile(
    "quick", max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "thorough", max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "quick"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        help="rewrite tests/golden/ from the current output instead of comparing",
    )


@pytest.fixture(scope="session", autouse=True)
def _ctrl_c_reaches_children() -> None:
    """Let the servers that the tests start hear Ctrl-C (SIGINT), as from a terminal.

    A job a shell starts in the background begins with Ctrl-C ignored, and a
    child inherits that: the tests that stop ``sessionfeed serve`` with
    SIGINT would wait for it in vain. A handled signal is reset for a child,
    so handling it here gives the children Python's own.
    """
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


@pytest.fixture(scope="session")
def seed_programme() -> sessionfeed.Programme:
    """The seed page as data: examples/ser-access-to-remedy.toml."""
    return sessionfeed.load(EXAMPLES / "ser-access-to-remedy.toml")


@pytest.fixture(scope="session")
def demo_programme() -> sessionfeed.Programme:
    """The fictional programme with every feature: examples/upcoming-demo.toml."""
    return sessionfeed.load(EXAMPLES / "upcoming-demo.toml")


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, bytes], None]:
    """Compare bytes with ``tests/golden/NAME``; ``--update-goldens`` rewrites the file."""
    update = bool(request.config.getoption("--update-goldens"))

    def check(name: str, data: bytes) -> None:
        path = GOLDEN / name
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            return
        assert path.exists(), f"no golden file {path}; run pytest --update-goldens and review it"
        expected = path.read_bytes()
        if data != expected:
            # Show the first differing line, not two megabytes of bytes.
            got, want = data.decode(errors="replace"), expected.decode(errors="replace")
            for number, (a, b) in enumerate(zip(got.splitlines(), want.splitlines(), strict=False), 1):
                if a != b:
                    pytest.fail(f"{name} differs from its golden file at line {number}:\n  got:  {a!r}\n  want: {b!r}")
            pytest.fail(f"{name} differs from its golden file in length ({len(data)} vs {len(expected)} bytes)")

    return check
