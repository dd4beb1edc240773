"""The suite holds the code to its own standards: ruff and mypy --strict are tests."""

from __future__ import annotations

import importlib.metadata
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name


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


def _lock() -> dict[str, str]:
    """constraints.txt as {normalised name: version}."""
    pins: dict[str, str] = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            assert version, f"constraints.txt: {line!r} is not NAME==VERSION"
            pins[canonicalize_name(name)] = version
    return pins


def test_lock_pins_every_dependency_within_its_range() -> None:
    """Each requirement of the library and of the test extra is locked, at a version its range allows."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = _lock()
    for text in [*project["dependencies"], *project["optional-dependencies"]["test"]]:
        requirement = Requirement(text)
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement.name} is not in constraints.txt: run python scripts/lock.py"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"constraints.txt has {name}=={pins[name]}, outside pyproject.toml's {text!r}"
        )


@pytest.mark.skipif(os.environ.get("CI") != "true", reason="only CI is sure to install from the lock")
def test_ci_runs_on_the_locked_versions() -> None:
    """Under .ci/run every locked package that is installed has the locked version."""
    installed = {canonicalize_name(d.metadata["Name"]): d.version for d in importlib.metadata.distributions()}
    wrong = {name: (installed[name], version) for name, version in _lock().items()
             if name in installed and installed[name] != version}  # fmt: skip
    assert not wrong, f"installed (got, locked): {wrong}"
