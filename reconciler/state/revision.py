"""The state directory as it was at a git revision: rollback is planning an earlier state.

`reconcile plan --state-rev REV` reads the state files from REV of the git
repository holding the state directory, without touching the working tree,
and plans them against the live systems like any other state. What cannot
come back (dropped columns' data, deleted topics and their messages) shows as
destructive or blocked, exactly as for a forward change.

Connections are never taken from the old revision: the working tree's
targets.yaml (or the environment) says where the live systems are now.
"""

from __future__ import annotations

import contextlib
import io
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from pathlib import Path

from reconciler.errors import ReconcileError

GIT_TIMEOUT_SECONDS = 60


def run_git(cwd: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    """`git -C cwd args...`, bounded in time, never reading stdin; a missing git is a ReconcileError."""
    try:
        return subprocess.run(
            ["git", "-C", str(cwd), *args],
            capture_output=True,
            check=False,
            timeout=GIT_TIMEOUT_SECONDS,
            stdin=subprocess.DEVNULL,
        )
    except FileNotFoundError:
        raise ReconcileError("git is not installed (--state-rev reads the state from it)") from None
    except subprocess.TimeoutExpired:
        raise ReconcileError(f"git {args[0]} took longer than {GIT_TIMEOUT_SECONDS}s") from None


def _error(result: subprocess.CompletedProcess[bytes]) -> str:
    return result.stderr.decode(errors="replace").strip().splitlines()[-1] if result.stderr.strip() else "failed"


@contextlib.contextmanager
def state_at_revision(state_dir: Path, revision: str) -> Iterator[Path]:
    """A temporary copy of `state_dir` as it was at `revision`, removed afterwards."""
    if revision.startswith("-") or not revision.strip():
        raise ReconcileError(f"--state-rev {revision!r} is not a git revision")
    if not state_dir.is_dir():
        raise ReconcileError(f"state directory {state_dir} does not exist (use --state DIR)")
    top = run_git(state_dir, "rev-parse", "--show-toplevel")
    if top.returncode != 0:
        raise ReconcileError(f"--state-rev: {state_dir} is not inside a git repository")
    root = Path(top.stdout.decode().strip())
    relative = state_dir.resolve().relative_to(root.resolve())
    commit = run_git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}")
    if commit.returncode != 0:
        raise ReconcileError(f"--state-rev: {revision!r} is not a commit of the repository at {root}")
    sha = commit.stdout.decode().strip()
    listed = run_git(root, "ls-tree", "-d", "--name-only", sha, "--", str(relative))
    if relative != Path(".") and not listed.stdout.strip():
        raise ReconcileError(f"--state-rev: {relative} does not exist at {revision} ({sha[:12]})")
    archive = run_git(root, "archive", "--format=tar", sha, "--", str(relative))
    if archive.returncode != 0:
        raise ReconcileError(f"--state-rev: cannot read {relative} at {revision}: {_error(archive)}")
    folder = Path(tempfile.mkdtemp(prefix="reconcile-state-"))
    try:
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            tar.extractall(folder, filter="data")  # no links or paths leading out of the folder
        old_state = folder / relative
        targets = state_dir / "targets.yaml"
        if targets.is_file():
            shutil.copyfile(targets, old_state / "targets.yaml")  # connections come from now, never from REV
        else:
            (old_state / "targets.yaml").unlink(missing_ok=True)
        yield old_state
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def describe_revision(state_dir: Path, revision: str) -> str:
    """`abc123def456 (subject)` for messages."""
    result = run_git(state_dir, "log", "-1", "--format=%h %s", "--end-of-options", revision)
    return result.stdout.decode(errors="replace").strip() if result.returncode == 0 else revision
