"""A build that fails half way leaves the previous site exactly as it was (issue 9).

Each fault is injected into a real build over a real previous site, and the
whole tree (every file and folder, hidden ones included, by SHA-256) is
compared before and after:

* an exporter raising midway (an error, Ctrl-C, an I/O error);
* the disk filling up at every single file of the build, part-written;
* an output folder that cannot be written (no permission, a parent that is a
  file, no temporary folder, a rename refused);
* the process killed with SIGKILL while rendering, after the staging folder
  is complete, and between the two renames that swap it in;

and after each, the next build succeeds and leaves no leftovers.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import subprocess
import sys
from pathlib import Path

import attrs
import pytest

import sessionfeed as sf
import sessionfeed._build
from _readers import toml_dumps, tree_digest
from sessionfeed._build import build_site
from sessionfeed._registry import iter_exporters
from sessionfeed.exceptions import BuildError


ROOT = Path(__file__).resolve().parent.parent
KILLER = Path(__file__).resolve().parent / "data" / "faulty_plugin" / "killer"
NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def programme() -> sf.Programme:
    """The demo with four sessions (every date precision but month-only), in nl and en."""
    demo = sf.load(ROOT / "examples" / "upcoming-demo.toml")
    return attrs.evolve(demo, sessions=demo.sessions[:4] + demo.sessions[7:8])


@pytest.fixture(scope="module")
def changed(programme: sf.Programme) -> sf.Programme:
    """The same programme retitled: a build of it would change every page."""
    return attrs.evolve(programme, title=sf.LocalizedText({"nl": "Nieuw", "en": "New"}))


@pytest.fixture
def site(tmp_path: Path, programme: sf.Programme) -> Path:
    """A previous site, built normally."""
    out = tmp_path / "site"
    build_site(programme, out, now=NOW)
    assert (out / ".sessionfeed-state.json").is_file()
    return out


def neighbours(out: Path) -> list[str]:
    """What lies beside the site: leftovers of a build would show here."""
    return sorted(p.name for p in out.parent.iterdir() if p.name != out.name and p.name.startswith("."))


def assert_unchanged(out: Path, before: dict[str, str]) -> None:
    after = tree_digest(out) if out.exists() else {}
    gone = sorted(set(before) - set(after))
    added = sorted(set(after) - set(before))
    modified = sorted(k for k in set(before) & set(after) if before[k] != after[k])
    assert not gone + added + modified, (
        f"the previous site changed: {len(gone)} gone {gone[:5]}, {len(added)} added {added[:5]}, "
        f"{len(modified)} modified {modified[:5]}"
    )


def assert_next_build_works(out: Path, programme: sf.Programme) -> None:
    build_site(programme, out, now=NOW)
    assert (out / "nl" / "index.html").is_file()
    assert neighbours(out) == [], f"leftovers stay beside the site after a good build: {neighbours(out)}"


# ---------------------------------------------------------------- an exporter fails


class Raising:
    """A plugin exporter that fails when its turn comes."""

    name, title, media_type, filename = "raising", "Raises", "text/plain", "raising.txt"

    def __init__(self, error: BaseException) -> None:
        self.error = error
        self.calls = 0

    def export(self, programme: sf.Programme, *, locale: str) -> bytes:
        self.calls += 1
        if locale == programme.locales[-1]:  # the first locale is written already
            raise self.error
        return b"fine\n"


@pytest.mark.parametrize(
    "error",
    [RuntimeError("boom"), KeyboardInterrupt(), OSError(errno.EIO, "I/O error"), MemoryError()],
    ids=["error", "ctrl-c", "io-error", "memory"],
)
def test_exporter_raising_midway(site: Path, changed: sf.Programme, error: BaseException):
    """An exporter failing after others wrote their files: the old site stays, no staging left."""
    before = tree_digest(site)
    written: list[str] = []
    original = Path.write_bytes

    def spy(self: Path, data: bytes) -> int:
        written.append(self.name)
        return original(self, data)

    raising = Raising(error)
    exporters = [*iter_exporters(), raising]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Path, "write_bytes", spy)
        with pytest.raises((type(error), BuildError)):
            build_site(changed, site, exporters=exporters, now=NOW)
    assert raising.calls == 2, "the failing exporter was not reached in the last locale"
    assert len(written) > 5, "the fault came too early to test anything"
    assert_unchanged(site, before)
    assert neighbours(site) == []
    assert_next_build_works(site, changed)


def test_cli_build_with_a_failing_plugin(site: Path, changed: sf.Programme, tmp_path: Path):
    """``sessionfeed build`` with a plugin that raises: exit 1, a message, no traceback, the old site."""
    source = tmp_path / "changed.toml"
    source.write_text(toml_dumps(changed.to_dict()), encoding="utf-8")
    before = tree_digest(site)
    result = run_cli(["build", str(source), "--out", str(site)], mode="raise")
    assert result.returncode == 1, result
    assert "Traceback" not in result.stderr
    assert "killer exporter fails on purpose" in result.stderr
    assert_unchanged(site, before)
    assert neighbours(site) == []


# ------------------------------------------------------------------------ disk full


def _count_writes(programme: sf.Programme, out: Path) -> int:
    count = 0
    original = Path.write_bytes

    def counting(self: Path, data: bytes) -> int:
        nonlocal count
        count += 1
        return original(self, data)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Path, "write_bytes", counting)
        build_site(programme, out, now=NOW)
    return count


def test_disk_full_at_every_file(site: Path, changed: sf.Programme, tmp_path: Path):
    """ENOSPC at the first, second, ..., last file (the state file), each half written."""
    total = _count_writes(changed, tmp_path / "probe" / "site")
    assert total > 10
    before = tree_digest(site)
    original = Path.write_bytes
    for failing in range(total):
        calls = 0

        def full(self: Path, data: bytes, failing: int = failing) -> int:
            nonlocal calls
            calls += 1
            if calls > failing:
                original(self, data[: len(data) // 2])
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self))
            return original(self, data)

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(Path, "write_bytes", full)
            with pytest.raises(BuildError, match="previous site is unchanged"):
                build_site(changed, site, now=NOW)
        assert calls == failing + 1, "the build did not write through Path.write_bytes: nothing was injected"
        assert_unchanged(site, before)
        assert neighbours(site) == [], f"disk full at file {failing + 1}: leftovers {neighbours(site)}"
    assert_next_build_works(site, changed)


def test_disk_full_when_making_a_folder(site: Path, changed: sf.Programme):
    """ENOSPC creating the sessions/ folder of the staging site."""
    before = tree_digest(site)
    original = Path.mkdir

    def full(self: Path, *args: object, **kwargs: object) -> None:
        if self.name == "sessions":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self))
        original(self, *args, **kwargs)  # type: ignore[arg-type]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Path, "mkdir", full)
        with pytest.raises(BuildError):
            build_site(changed, site, now=NOW)
    assert_unchanged(site, before)
    assert neighbours(site) == []


# -------------------------------------------------------------- cannot write there


def test_read_only_parent(site: Path, changed: sf.Programme):
    """The folder that holds the site is read-only: a clear error, the old site."""
    before = tree_digest(site)
    parent = site.parent
    parent.chmod(0o555)
    try:
        probe = parent / ".probe"
        try:
            probe.mkdir()
        except PermissionError:
            pass
        else:
            probe.rmdir()
            pytest.skip("running as root: a read-only mode does not stop writes (see the other variants)")
        with pytest.raises(BuildError, match=r"cannot write there|could not be written"):
            build_site(changed, site, now=NOW)
    finally:
        parent.chmod(0o755)
    assert_unchanged(site, before)
    assert neighbours(site) == []


def test_parent_is_a_file(tmp_path: Path, changed: sf.Programme):
    """``--out`` under a regular file: a clear error, nothing written, the file untouched."""
    blocker = tmp_path / "blocker"
    blocker.write_bytes(b"not a folder")
    with pytest.raises(BuildError, match="cannot write there"):
        build_site(changed, blocker / "site", now=NOW)
    assert blocker.read_bytes() == b"not a folder"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["blocker"]


def test_no_permission_for_the_staging_folder(site: Path, changed: sf.Programme):
    """Making the staging folder beside the site is refused (as a read-only parent does for non-root)."""
    import tempfile

    before = tree_digest(site)

    def refused(*args: object, **kwargs: object) -> str:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(site.parent))

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tempfile, "mkdtemp", refused)
        with pytest.raises(BuildError, match="cannot write there"):
            build_site(changed, site, now=NOW)
    assert_unchanged(site, before)


@pytest.mark.parametrize("failing", [1, 2], ids=["moving-the-old-site-away", "moving-the-new-site-in"])
def test_rename_refused(site: Path, changed: sf.Programme, failing: int):
    """A rename of the swap refused (EBUSY, EACCES, EXDEV): the old site is back in place."""
    before = tree_digest(site)
    original = Path.rename
    calls = 0

    def rename(self: Path, target: object) -> Path:
        nonlocal calls
        calls += 1
        if calls == failing:
            raise OSError(errno.EBUSY, os.strerror(errno.EBUSY), str(self))
        return original(self, target)  # type: ignore[arg-type]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Path, "rename", rename)
        # The two-rename fallback (systems without an atomic exchange of folders).
        patch.setattr(sessionfeed._build, "_exchange", lambda first, second: False)
        with pytest.raises(BuildError, match="previous site is unchanged"):
            build_site(changed, site, now=NOW)
    assert calls >= failing, "the swap does not use Path.rename: nothing was injected"
    assert_unchanged(site, before)
    assert neighbours(site) == [], f"leftovers: {neighbours(site)}"
    assert_next_build_works(site, changed)


# --------------------------------------------------------------------------- killed


def run_cli(args: list[str], *, mode: str = "", code: str | None = None) -> subprocess.CompletedProcess[str]:
    """``sessionfeed ARGS`` in a child process, with the killer plugin installed."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(KILLER), os.environ.get("PYTHONPATH", "")]),
           "SESSIONFEED_TEST_KILL": mode, "SOURCE_DATE_EPOCH": "1767225600"}  # fmt: skip
    command = [sys.executable, "-c", code, *args] if code else [sys.executable, "-m", "sessionfeed", *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=120, check=False)


def _leftovers_then_recovery(site: Path, before: dict[str, str], changed: sf.Programme) -> None:
    assert_unchanged(site, before)
    assert_next_build_works(site, changed)


def test_killed_while_rendering(site: Path, changed: sf.Programme, tmp_path: Path):
    """SIGKILL after the first locale's files are in the staging folder."""
    source = tmp_path / "changed.toml"
    source.write_text(toml_dumps(changed.to_dict()), encoding="utf-8")
    before = tree_digest(site)
    result = run_cli(["build", str(source), "--out", str(site)], mode="kill")
    assert result.returncode == -9, (result.returncode, result.stderr[-2000:])
    staged = [p for p in site.parent.iterdir() if p.name.startswith(f".{site.name}.tmp-")]
    assert staged, "the killed build left no staging folder: did it get half way?"
    assert any(staged[0].rglob("*.ics")), "the kill came before anything was written"
    _leftovers_then_recovery(site, before, changed)


_KILL_AT = """
import os, signal, sys
from pathlib import Path
import sessionfeed._build as build
where = os.environ["KILL_AT"]
if where == "swap":
    original = build._swap
    def swap(staging, out):
        os.kill(os.getpid(), signal.SIGKILL)
    build._swap = swap
else:
    build._exchange = lambda first, second: False  # the two-rename fallback
    original = Path.rename
    def rename(self, target):
        result = original(self, target)
        if where == "between-renames" and self.name == os.environ["SITE_NAME"]:
            os.kill(os.getpid(), signal.SIGKILL)  # the old site is moved away, the new not yet in
        return result
    Path.rename = rename
from sessionfeed.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize("where", ["swap", "between-renames"])
def test_killed_while_swapping(site: Path, changed: sf.Programme, tmp_path: Path, where: str):
    """SIGKILL with the staging folder complete: before the swap, and between its two renames."""
    source = tmp_path / "changed.toml"
    source.write_text(toml_dumps(changed.to_dict()), encoding="utf-8")
    before = tree_digest(site)
    env_code = f"import os; os.environ['KILL_AT'] = {where!r}; os.environ['SITE_NAME'] = {site.name!r}\n"
    result = run_cli(["build", str(source), "--out", str(site)], code=env_code + _KILL_AT)
    assert result.returncode == -9, (result.returncode, result.stderr[-2000:])
    if where == "between-renames":
        # Only the fallback has this window: the previous site waits, whole, beside
        # the folder, and the next build puts it back before anything else.
        [old] = [p for p in site.parent.iterdir() if p.name.startswith(f".{site.name}.old-")]
        assert tree_digest(old) == before
        sessionfeed._build._clean_leftovers(site)
    assert site.exists(), (
        f"killed {where}: there is no site at {site} any more (beside it: {neighbours(site)}); "
        "a kill at any moment must leave the previous site in place"
    )
    _leftovers_then_recovery(site, before, changed)


def test_the_swap_is_atomic_where_the_system_can(site: Path, changed: sf.Programme):
    """On Linux the old and new folders are exchanged in one step: no moment without a site."""
    if not sys.platform.startswith("linux"):
        pytest.skip("renameat2(RENAME_EXCHANGE) is Linux-only; elsewhere the fallback is tested")
    original = Path.rename
    renames: list[str] = []

    def rename(self: Path, target: object) -> Path:
        renames.append(self.name)
        return original(self, target)  # type: ignore[arg-type]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Path, "rename", rename)
        build_site(changed, site, now=NOW)
    assert renames == [], f"the swap renamed {renames} instead of exchanging the folders"
    assert neighbours(site) == []


def test_killed_during_a_first_build(tmp_path: Path, changed: sf.Programme):
    """No previous site: a killed build leaves no site and the next one starts clean."""
    source = tmp_path / "changed.toml"
    source.write_text(toml_dumps(changed.to_dict()), encoding="utf-8")
    site = tmp_path / "site"
    result = run_cli(["build", str(source), "--out", str(site)], mode="kill")
    assert result.returncode == -9
    assert not site.exists()
    assert_next_build_works(site, changed)


def test_faults_leave_the_state_file(site: Path, changed: sf.Programme):
    """After a failed build the next build still sees the old state (its SEQUENCE rises once)."""
    state = (site / ".sessionfeed-state.json").read_bytes()
    with pytest.raises(RuntimeError):
        build_site(changed, site, exporters=[*iter_exporters(), Raising(RuntimeError("x"))], now=NOW)
    assert (site / ".sessionfeed-state.json").read_bytes() == state
