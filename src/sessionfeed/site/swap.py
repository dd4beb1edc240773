"""A build's folder swapped in whole: the previous site stays until the new one is complete.

Everything is written into a fresh folder beside the target, then swapped in
with one atomic exchange (two renames where the system has none). A build that
fails at any point leaves the previous site exactly as it was; at worst a
hidden ``.NAME.tmp-*`` folder stays behind, which the next build removes
(:func:`clean_leftovers`).
"""

from __future__ import annotations

import os
from pathlib import Path

from sessionfeed.exceptions import BuildError
from sessionfeed.site import layout as _layout


__all__ = ["clean_leftovers", "exchange", "swap", "target_folder"]


def clean_leftovers(out: Path) -> None:
    """Remove what an interrupted build left beside ``out``, restoring a lost site first.

    Only the two-rename fallback of :func:`swap` can be interrupted with no
    site in place; the previous site then waits in ``.NAME.old-*`` and comes back.
    """
    import shutil

    old = sorted(out.parent.glob(f".{out.name}.old-*"))
    if not out.exists() and old:
        old[0].rename(out)
        old = old[1:]
    for leftover in [*old, *out.parent.glob(f".{out.name}.tmp-*")]:
        shutil.rmtree(leftover, ignore_errors=True)


def exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one atomic step (Linux ``renameat2(RENAME_EXCHANGE)``).

    Returns:
        Whether it was done; ``False`` where the system cannot (then nothing changed).
    """
    import ctypes
    import sys

    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange)
    return bool(result == 0)


def swap(staging: Path, out: Path) -> None:
    """Put ``staging`` in the place of ``out``; on failure ``out`` is as it was.

    Where the system can, the two folders are exchanged atomically, so that a
    process killed at any moment leaves either the old or the new site in
    place. Elsewhere ``out`` is moved aside and ``staging`` moved in; a kill
    between the two renames is repaired by the next build (:func:`clean_leftovers`).
    """
    import shutil
    import tempfile

    if not out.exists():
        staging.rename(out)
        return
    if exchange(staging, out):
        shutil.rmtree(staging, ignore_errors=True)  # it holds the previous site now
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
    old.rmdir()
    out.rename(old)
    try:
        staging.rename(out)
    except BaseException:
        old.rename(out)
        raise
    shutil.rmtree(old, ignore_errors=True)


def target_folder(out: Path, *, force: bool) -> Path:
    """The output folder, when it may be replaced by a build.

    Raises:
        BuildError: It is a file, or (without ``force``) a folder of other files.
    """
    target = out.absolute()
    if target.exists() and not target.is_dir():
        message = f"{out}: exists and is not a folder; choose another --out"
        raise BuildError(message, invalid_input=True)
    # Safe to replace when missing, empty, or an earlier build.
    refused = not force and target.exists() and not (target / _layout.STATE_FILE).is_file()
    if refused and any(target.iterdir()):
        message = (
            f"{out}: is a folder with other files and no earlier sessionfeed build in it; "
            "choose an empty or new folder, or pass --force to replace it"
        )
        raise BuildError(message, invalid_input=True)
    return target
