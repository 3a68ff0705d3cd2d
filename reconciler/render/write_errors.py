"""Why an output path cannot be written, as one sentence instead of a traceback.

`plan --out`, `schema --out` and `export --out` write where the user points
them. When that fails the user needs the path and the reason they can act
on (a folder to create, a file standing where a folder should be), named in
the same words whether the check runs before the work or the write fails
during it.
"""

from __future__ import annotations

import errno
from pathlib import Path

from reconciler.errors import ReconcileError


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except OSError:
        return False


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False


def _blocking_folder(path: Path, *, missing_ok: bool) -> str | None:
    """The first folder on the way to `path` (from the root down) that is a file, or missing unless `missing_ok`."""
    for folder in reversed(path.parents):
        if not _exists(folder):
            return None if missing_ok else f"folder {folder} does not exist"
        if not _is_dir(folder):
            return f"{folder} is a file, not a folder"
    return None


def _reason(exc: OSError, path: Path, *, folder_output: bool) -> str:
    """The cause of `exc`, seen from the path that failed (which may be a folder on the way to `path`)."""
    failed = Path(exc.filename) if isinstance(exc.filename, str) else path
    if exc.errno == errno.EISDIR:
        return "it is a folder" if failed == path else f"{failed} is a folder"
    if exc.errno in (errno.ENOTDIR, errno.EEXIST):
        blocker = _blocking_folder(failed, missing_ok=True)
        if blocker is None and _exists(failed) and not _is_dir(failed):
            blocker = "it is a file, not a folder" if failed == path else f"{failed} is a file, not a folder"
        return blocker or (exc.strerror or str(exc)).lower()
    if exc.errno == errno.ENOENT:
        blocker = _blocking_folder(failed, missing_ok=folder_output)
        return blocker or f"folder {failed.parent} does not accept new files"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"no permission to write in folder {failed.parent}"
    if exc.errno == errno.EROFS:
        return f"folder {failed.parent} is on a read-only file system"
    return (exc.strerror or str(exc)).lower()


def cannot_write(what: str, path: Path, exc: OSError, *, folder_output: bool = False) -> ReconcileError:
    """The error for a failed write of `what` (`plan`, `schemas`) to `path`."""
    return ReconcileError(f"cannot write {what} to {path}: {_reason(exc, path, folder_output=folder_output)}")


def check_file_target(what: str, path: Path) -> None:
    """Refuse a file target that cannot work before any work is done: a folder, or a missing or file parent."""
    if _is_dir(path):
        raise ReconcileError(f"cannot write {what} to {path}: it is a folder")
    blocker = _blocking_folder(path, missing_ok=False)
    if blocker:
        raise ReconcileError(f"cannot write {what} to {path}: {blocker}")


def check_folder_target(what: str, path: Path) -> None:
    """Refuse a folder target that cannot work before any work is done: a file, or a folder under a file."""
    if _exists(path) and not _is_dir(path):
        raise ReconcileError(f"cannot write {what} to {path}: it is a file, not a folder")
    blocker = _blocking_folder(path, missing_ok=True)
    if blocker:
        raise ReconcileError(f"cannot write {what} to {path}: {blocker}")
