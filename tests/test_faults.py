"""A build that fails half way leaves the previous site exactly as it was.

Each fault is injected into a real build over a real previous site, and the
whole tree (every file and folder, hidden ones included, by SHA-256) is
compared before and after:

* an exporter raising midway (an error, Ctrl-C, an I/O error);
* the disk filling up at every single file of the build, part-written;
* an output folder that cannot be written (no permission, a parent that is a
  file, no temporary folder, an atomic exchange or a rename refused);
* the process killed with SIGKILL while rendering, with the staging folder
  complete, right after the atomic exchange of the two folders, and between
  the two renames of the fallback swap (systems without an atomic exchange:
  the one moment with no site in place, which the next build repairs);

and after each, the next build writes exactly what an uninterrupted build
writes and leaves no leftovers.
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
from _diskfull import DiskFull
from _readers import toml_dumps, tree_digest
from sessionfeed.exceptions import BuildError
from sessionfeed.exporters.registry import iter_exporters
from sessionfeed.site.build import build_site


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
    disk = DiskFull()
    raising = Raising(error)
    exporters = [*iter_exporters(), raising]
    with pytest.MonkeyPatch.context() as patch:
        disk.install(patch)
        with pytest.raises((type(error), BuildError)):
            build_site(changed, site, exporters=exporters, now=NOW, jobs=1)  # counted in this process
    assert raising.calls == 2, "the failing exporter was not reached in the last locale"
    assert len(disk.opened) > 5, "the fault came too early to test anything"
    assert_unchanged(site, before)
    assert neighbours(site) == []
    assert_next_build_works(site, changed)


@pytest.mark.parametrize(
    "error",
    [RuntimeError("boom"), KeyboardInterrupt(), OSError(errno.EIO, "I/O error"), MemoryError()],
    ids=["error", "ctrl-c", "io-error", "memory"],
)
def test_a_worker_raising_midway(site: Path, changed: sf.Programme, error: BaseException):
    """The same, with each locale in a process of its own: the error comes back whole, the old site stays."""
    before = tree_digest(site)
    exporters = [*iter_exporters(), Raising(error)]
    with pytest.raises((type(error), BuildError)) as caught:
        build_site(changed, site, exporters=exporters, now=NOW, jobs=2)
    # What one process raises: the error itself, or for a failed write the build's own.
    if isinstance(error, OSError):
        assert str(caught.value).endswith("could not be written (I/O error); the previous site is unchanged")
    else:
        assert (type(caught.value), str(caught.value)) == (type(error), str(error))
    assert_unchanged(site, before)
    assert neighbours(site) == []
    assert_next_build_works(site, changed)


def test_cli_build_with_a_failing_plugin(site: Path, changed: sf.Programme, tmp_path: Path):
    """``sessionfeed build`` with a plugin that raises: exit 1, a message, no traceback, the old site."""
    source = tmp_path / "changed.toml"
    source.write_text(toml_dumps(sf.to_dict(changed)), encoding="utf-8")
    before = tree_digest(site)
    result = run_cli(["build", str(source), "--out", str(site)], mode="raise")
    assert result.returncode == 1, result
    assert "Traceback" not in result.stderr
    assert "killer exporter fails on purpose" in result.stderr
    assert_unchanged(site, before)
    assert neighbours(site) == []


# ------------------------------------------------------------------------ disk full


def _count_writes(programme: sf.Programme, out: Path) -> int:
    disk = DiskFull()
    with pytest.MonkeyPatch.context() as patch:
        disk.install(patch)
        build_site(programme, out, now=NOW, jobs=1)
    return len(disk.opened)


def test_disk_full_at_every_file(site: Path, changed: sf.Programme, tmp_path: Path):
    """ENOSPC at the first, second, ..., last file (the state file), each half written."""
    total = _count_writes(changed, tmp_path / "probe" / "site")
    assert total > 10
    before = tree_digest(site)
    for failing in range(1, total + 1):
        disk = DiskFull(fail_at=failing)
        with pytest.MonkeyPatch.context() as patch:
            disk.install(patch)
            with pytest.raises(BuildError, match="previous site is unchanged"):
                build_site(changed, site, now=NOW, jobs=1)
        assert len(disk.opened) == failing, "the build did not write through Path.open: nothing was injected"
        assert_unchanged(site, before)
        assert neighbours(site) == [], f"disk full at file {failing}: leftovers {neighbours(site)}"
    assert_next_build_works(site, changed)


def test_disk_full_in_the_middle_of_a_streamed_file(site: Path, changed: sf.Programme):
    """ENOSPC after the first pieces of calendar.ics were written: the old site stays."""
    probe = DiskFull()
    with pytest.MonkeyPatch.context() as patch:
        probe.install(patch)
        build_site(changed, site.parent / "probe", now=NOW, jobs=1)
    calendar = next(i for i, path in enumerate(probe.opened, 1) if path.name == "calendar.ics")
    before = tree_digest(site)
    disk = DiskFull(fail_at=calendar, whole=1)
    with pytest.MonkeyPatch.context() as patch:
        disk.install(patch)
        with pytest.raises(BuildError, match="previous site is unchanged"):
            build_site(changed, site, now=NOW, jobs=1)
    assert disk.opened[-1].name == "calendar.ics"
    assert_unchanged(site, before)
    assert neighbours(site) == []
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
    """No atomic exchange here, and a rename of the two-rename swap refused: the old site is back in place."""
    import sessionfeed.site.swap as swap

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
        patch.setattr(swap, "exchange", lambda first, second: False)  # as without renameat2
        patch.setattr(Path, "rename", rename)
        with pytest.raises(BuildError, match="previous site is unchanged"):
            build_site(changed, site, now=NOW)
    assert calls >= failing, "the swap does not use Path.rename: nothing was injected"
    assert_unchanged(site, before)
    assert neighbours(site) == [], f"leftovers: {neighbours(site)}"
    assert_next_build_works(site, changed)


def test_exchange_refused_falls_back(site: Path, changed: sf.Programme, tmp_path: Path):
    """An atomic exchange the file system refuses (the call fails): the build still swaps the site in."""
    import sessionfeed.site.swap as swap

    reference = reference_build(site, changed, tmp_path)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(swap, "exchange", lambda first, second: False)
        build_site(changed, site, now=NOW)
    assert tree_digest(site) == reference
    assert neighbours(site) == []


# --------------------------------------------------------------------------- killed


def run_cli(args: list[str], *, mode: str | None = None, code: str | None = None) -> subprocess.CompletedProcess[str]:
    """``sessionfeed ARGS`` in a child process; with the killer plugin installed when ``mode`` is given."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600"}
    if mode is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(KILLER), os.environ.get("PYTHONPATH", "")])
        env["SESSIONFEED_TEST_KILL"] = mode
    command = [sys.executable, "-c", code, *args] if code else [sys.executable, "-m", "sessionfeed", *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=120, check=False)


def test_killed_while_rendering(site: Path, changed: sf.Programme, tmp_path: Path):
    """SIGKILL after the first locale's files are in the staging folder."""
    source = tmp_path / "changed.toml"
    source.write_text(toml_dumps(sf.to_dict(changed)), encoding="utf-8")
    before = tree_digest(site)
    result = run_cli(["build", str(source), "--out", str(site), "--jobs", "1"], mode="kill")
    assert result.returncode == -9, (result.returncode, result.stderr[-2000:])
    staged = [p for p in site.parent.iterdir() if p.name.startswith(f".{site.name}.tmp-")]
    assert staged, "the killed build left no staging folder: did it get half way?"
    assert any(staged[0].rglob("*.ics")), "the kill came before anything was written"
    assert_unchanged(site, before)
    assert_next_build_works(site, changed)


def test_a_worker_killed_while_rendering(site: Path, changed: sf.Programme, tmp_path: Path):
    """SIGKILL of the process writing the last locale: the build says so, exits 1, and leaves the old site."""
    source = tmp_path / "changed.toml"
    source.write_text(toml_dumps(sf.to_dict(changed)), encoding="utf-8")
    before = tree_digest(site)
    result = run_cli(["build", str(source), "--out", str(site), "--jobs", "2"], mode="kill")
    assert result.returncode == 1, (result.returncode, result.stderr[-2000:])
    assert result.stderr == "error: a worker of the build stopped (signal 9); the previous site is unchanged\n"
    assert_unchanged(site, before)
    assert neighbours(site) == []
    assert_next_build_works(site, changed)


def reference_build(site: Path, programme: sf.Programme, tmp_path: Path) -> dict[str, str]:
    """The tree a successful build of ``programme`` over (a copy of) ``site`` writes."""
    import shutil

    copy = tmp_path / "reference" / site.name
    shutil.copytree(site, copy)
    build_site(programme, copy, now=NOW)
    return tree_digest(copy)


_KILL_AT = """
import os, signal, sys
from pathlib import Path
import sessionfeed.site.swap as swap

where = os.environ["KILL_AT"]


def die():
    os.kill(os.getpid(), signal.SIGKILL)  # no finally, no atexit: as a power cut


if where == "before-swap":
    swap.swap = lambda staging, out: die()
elif where == "after-exchange":
    exchange = swap.exchange

    def exchanged(first, second):
        if exchange(first, second):
            die()  # the new site is in place, the old one still in the staging folder
        return False

    swap.exchange = exchanged
elif where == "between-renames":
    swap.exchange = lambda first, second: False  # a system without an atomic exchange
    rename = Path.rename

    def renamed(self, target):
        result = rename(self, target)
        if self.name == os.environ["SITE_NAME"]:
            die()  # the old site is moved aside, the new one not yet in
        return result

    Path.rename = renamed
from sessionfeed.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize("where", ["before-swap", "after-exchange", "between-renames"])
def test_killed_while_swapping(site: Path, changed: sf.Programme, tmp_path: Path, where: str):
    """SIGKILL with the staging folder complete: before the swap, right after the atomic exchange,
    and between the two renames of the fallback swap.

    At once the folder holds the previous site or the complete new one (the fallback's
    two renames leave a moment with neither, which the next build repairs), and the
    next build writes exactly what an uninterrupted build writes, leaving nothing behind.
    """
    source = tmp_path / "changed.toml"
    source.write_text(toml_dumps(sf.to_dict(changed)), encoding="utf-8")
    before = tree_digest(site)
    reference = reference_build(site, changed, tmp_path)
    env_code = f"import os; os.environ['KILL_AT'] = {where!r}; os.environ['SITE_NAME'] = {site.name!r}\n"
    result = run_cli(["build", str(source), "--out", str(site)], code=env_code + _KILL_AT)
    if where == "after-exchange" and result.returncode == 0:
        pytest.skip("no atomic exchange of folders on this system (renameat2 RENAME_EXCHANGE)")
    assert result.returncode == -9, (result.returncode, result.stderr[-2000:])
    now = tree_digest(site) if site.exists() else None
    if where == "between-renames":
        assert now in (None, before, reference)
    else:
        differs = sorted(k for k in set(now or {}) | set(reference) if (now or {}).get(k) != reference.get(k))
        assert now in (before, reference), (
            f"killed {where}: the folder holds neither the previous site nor the new one "
            f"(beside it: {neighbours(site)}; differs from the new one in {differs[:8]})"
        )
    build_site(changed, site, now=NOW)
    assert tree_digest(site) == reference, "the build after the kill differs from an uninterrupted one"
    assert neighbours(site) == [], f"leftovers after the next build: {neighbours(site)}"


def test_killed_during_a_first_build(tmp_path: Path, changed: sf.Programme):
    """No previous site: a killed build leaves no site and the next one starts clean."""
    source = tmp_path / "changed.toml"
    source.write_text(toml_dumps(sf.to_dict(changed)), encoding="utf-8")
    site = tmp_path / "site"
    result = run_cli(["build", str(source), "--out", str(site), "--jobs", "1"], mode="kill")
    assert result.returncode == -9
    assert not site.exists()
    assert_next_build_works(site, changed)


def test_faults_leave_the_state_file(site: Path, changed: sf.Programme):
    """After a failed build the next build still sees the old state (its SEQUENCE rises once)."""
    state = (site / ".sessionfeed-state.json").read_bytes()
    with pytest.raises(RuntimeError):
        build_site(changed, site, exporters=[*iter_exporters(), Raising(RuntimeError("x"))], now=NOW)
    assert (site / ".sessionfeed-state.json").read_bytes() == state
