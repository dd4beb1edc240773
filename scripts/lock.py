#!/usr/bin/env python3
"""Move the test lock to the newest releases, or try the lowest ones the ranges allow.

Usage (from the repository root, with any Python 3.11 or newer)::

    python scripts/lock.py            # newest releases: regenerate goldens, run the suite, rewrite the lock
    python scripts/lock.py --lowest   # the lowest version of each dependency's range: run the suite

Both make a fresh virtual environment in a temporary folder and leave the
one you work in alone.

Without options (the drift check), it installs the test extra with no
constraints, so pip takes the newest release of every package; regenerates
the golden files (``pytest --update-goldens``, browser screenshots excepted);
runs the whole suite against them; and only when it passes writes the
versions it ran into ``constraints.txt``. Review the result with
``git diff constraints.txt tests/golden``: a new babel (CLDR) release may
change dates, ranges and time-zone names in the golden files, and nothing
else may change.

``--lowest`` installs each of the library's own dependencies at the lower
bound of its range in ``pyproject.toml`` (test tools stay at the locked
versions), regenerates the goldens in a copy of the tree, and runs the suite
there: it tells whether the ranges that users install within are tested.
The lock and the tree are not touched.

Exit status: that of the suite (0 when it passed).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path


ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "constraints.txt"
HEADER_END = "# suite on them (see docs/contributing.md).\n"
_LOWER = re.compile(r"^\s*([A-Za-z0-9_.\-]+)\s*>=\s*([0-9][^,;\s]*)")


def _run(command: list[str], cwd: Path) -> int:
    print("+", " ".join(command), flush=True)
    return subprocess.run(command, cwd=cwd, check=False).returncode  # noqa: S603


def _venv(folder: Path) -> Path:
    subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True)  # noqa: S603
    return folder / ("Scripts" if os.name == "nt" else "bin") / "python"


def _freeze(python: Path) -> list[str]:
    output = subprocess.run(  # noqa: S603
        [str(python), "-m", "pip", "freeze", "--exclude-editable"],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    lines = [line for line in output.splitlines() if line and not line.lower().startswith("sessionfeed")]
    return sorted(lines, key=str.lower)


def _lock_header() -> str:
    text = LOCK.read_text(encoding="utf-8")
    return text[: text.index(HEADER_END) + len(HEADER_END)]


def _locked() -> dict[str, str]:
    """The lock as name -> line, names normalised."""
    pins = {}
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            pins[re.split(r"[=<>!~ ]", line, maxsplit=1)[0].lower().replace("_", "-")] = line
    return pins


def _lowest_constraints() -> list[str]:
    """The library's dependencies at their lower bounds; everything else as locked."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = _locked()
    for requirement in project["dependencies"]:
        match = _LOWER.match(requirement)
        if match is None:
            sys.exit(f"pyproject.toml: {requirement!r} has no lower bound (>=); give it one")
        name = match.group(1).lower().replace("_", "-")
        pins[name] = f"{match.group(1)}=={match.group(2)}"
    return sorted(pins.values(), key=str.lower)


def _tests(python: Path, cwd: Path) -> int:
    """Regenerate the goldens (not the screenshots), then run the whole suite."""
    base = [str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    code = _run([*base, "--update-goldens", "-m", "not browser"], cwd)
    if code not in (0, 1):  # 1: some tests failed; the run below reports them
        return code
    return _run(base, cwd)


def main(argv: list[str] | None = None) -> int:
    """Run the drift check (default) or the lowest-versions check."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--lowest", action="store_true",
        help="install the lowest versions the library's ranges allow and run the suite in a copy",
    )  # fmt: skip
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="sessionfeed-lock-") as temp:
        folder = Path(temp)
        python = _venv(folder / "venv")
        tree = ROOT
        install = [str(python), "-m", "pip", "install", "-q"]
        if args.lowest:
            constraints = folder / "lowest.txt"
            constraints.write_text("\n".join(_lowest_constraints()) + "\n", encoding="utf-8")
            tree = folder / "tree"
            files = subprocess.run(
                ["git", "ls-files", "-co", "--exclude-standard"],  # noqa: S607
                cwd=ROOT, check=True, capture_output=True, text=True,
            ).stdout.splitlines()  # fmt: skip
            for name in files:
                source = ROOT / name
                if source.is_file():
                    (tree / name).parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(source, tree / name)
            install += ["-c", str(constraints)]
        if _run([*install, f"{tree}[test]"], tree) != 0:
            return 2
        print("installed:", ", ".join(_freeze(python)), flush=True)
        code = _tests(python, tree)
        if args.lowest:
            print("the lowest versions", "pass" if code == 0 else "FAIL", flush=True)
            _run(["git", "--no-pager", "diff", "--no-index", "--stat", str(ROOT / "tests/golden"),
                  str(tree / "tests/golden")], ROOT)  # fmt: skip
            return code
        if code != 0:
            print("the suite fails on the newest releases: the lock is unchanged", flush=True)
            return code
        LOCK.write_text(_lock_header() + "\n".join(_freeze(python)) + "\n", encoding="utf-8")
        _run(["git", "--no-pager", "diff", "--stat", "--", "constraints.txt", "tests/golden"], ROOT)
        return 0


if __name__ == "__main__":
    sys.exit(main())
