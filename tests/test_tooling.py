"""The suite holds the code to its own standards: ruff and mypy --strict are tests."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest


ROOT = Path(__file__).resolve().parent.parent


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, check=False,
    )


def test_ruff_is_clean() -> None:
    """ruff finds nothing in src, tests, bench, examples, scripts and docs."""
    if shutil.which("ruff") is None and _run("ruff", "--version").returncode != 0:
        pytest.fail("ruff is not installed: install the test extra (pip install '.[test]')")
    result = _run("ruff", "check", "--output-format", "concise", "src", "tests", "bench", "examples", "scripts")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_is_clean() -> None:
    """mypy --strict (configured in pyproject.toml) finds nothing in src/sessionfeed."""
    result = _run("mypy", "--strict", "--no-error-summary")
    assert result.returncode == 0, result.stdout + result.stderr
