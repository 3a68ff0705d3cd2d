"""A throwaway PostgreSQL cluster: initdb + pg_ctl into a directory, on a free port.

Used by the test suite and by `make demo`. initdb refuses to run as root, so
when we are root the cluster is created and run as an unprivileged user
(`nobody` by default, RECONCILE_PG_USER to change it). The server is stopped
by pid, never by name, so nothing else on the machine is touched.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


def find_bindir() -> Path:
    """The newest PostgreSQL server bin directory (Debian puts it under /usr/lib/postgresql)."""
    if os.environ.get("RECONCILE_PG_BINDIR"):
        return Path(os.environ["RECONCILE_PG_BINDIR"])
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if candidates:
        return Path(candidates[-1]).parent
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    raise RuntimeError(
        "no PostgreSQL server binaries found (initdb, pg_ctl): install Debian's `postgresql` package "
        "(`make test` does this) or set RECONCILE_PG_BINDIR"
    )


def _reaped(pid: int) -> bool:
    """True once `pid`, when it is our own child, has exited and been reaped (a zombie still answers kill 0)."""
    try:
        return os.waitpid(pid, os.WNOHANG)[0] == pid
    except ChildProcessError:
        return False


def stop_pid(pid: int, first: signal.Signals, grace_seconds: float) -> None:
    """Send `first`, wait up to `grace_seconds` for the process to go, then SIGKILL it."""
    try:
        os.kill(pid, first)
        deadline = time.monotonic() + grace_seconds
        while time.monotonic() < deadline:
            if _reaped(pid):
                return
            os.kill(pid, 0)
            time.sleep(0.05)
        os.kill(pid, signal.SIGKILL)
        _reaped(pid)
    except ProcessLookupError:
        pass


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Cluster:
    """A running throwaway cluster."""

    directory: Path
    port: int
    pid: int
    owned_directory: bool

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def stop(self) -> None:
        """Stop the postmaster by pid (fast shutdown), then remove the directory if we made it."""
        stop_pid(self.pid, signal.SIGINT, 30)
        if self.owned_directory:
            shutil.rmtree(self.directory, ignore_errors=True)


def _run_as(user: str | None, args: list[str], cwd: Path, log: Path | None = None) -> None:
    """Run a server tool (as `user`, when given) from `cwd`: the caller's folder may be closed to that user."""
    command = args if user is None else ["runuser", "-u", user, "--", *args]
    result = subprocess.run(command, capture_output=True, text=True, check=False, cwd=cwd)
    if result.returncode != 0:
        detail = result.stderr.strip() or result.stdout.strip()
        if log and log.exists():
            detail += "\n" + log.read_text(errors="replace")[-2000:]
        raise RuntimeError(f"{' '.join(args[:2])} failed: {detail}")


def _check_reachable(user: str, root: Path) -> None:
    """Fail with the reason, not initdb's, when `user` cannot enter every folder above the cluster's."""
    probe = subprocess.run(["runuser", "-u", user, "--", "test", "-w", str(root)], capture_output=True, check=False)
    if probe.returncode != 0:
        raise RuntimeError(
            f"PostgreSQL runs as {user} here (initdb refuses root), and {user} cannot reach {root}: a folder above "
            "it is closed to other users; put the cluster under one every user can enter (such as /tmp), or set "
            "RECONCILE_PG_USER to a user who can reach it"
        )


# A throwaway cluster's files go to memory when the machine has it: on a disk-backed /tmp, CREATE DATABASE
# alone (7 MB of template copied through WAL) took 150 ms against 10 ms in memory, a third of a SQL pair's time.
_MEMORY_DIR = Path("/dev/shm")
_MEMORY_NEEDED = 4 << 30


def scratch_parent() -> str | None:
    """The folder for a throwaway cluster: RECONCILE_PG_TMPDIR, else /dev/shm with 4 GiB free, else the temp dir."""
    if os.environ.get("RECONCILE_PG_TMPDIR"):
        return os.environ["RECONCILE_PG_TMPDIR"]
    try:
        usage = os.statvfs(_MEMORY_DIR)
    except OSError:
        return None
    roomy = usage.f_bavail * usage.f_frsize >= _MEMORY_NEEDED
    return str(_MEMORY_DIR) if roomy and os.access(_MEMORY_DIR, os.W_OK | os.X_OK) else None


def start(directory: Path | None = None, port: int | None = None, settings: dict[str, str] | None = None) -> Cluster:
    """initdb (if needed) and start a cluster; return once it accepts connections."""
    bindir = find_bindir()
    owned = directory is None
    root = Path(tempfile.mkdtemp(prefix="reconcile-pg-", dir=scratch_parent())) if directory is None else directory
    root.mkdir(parents=True, exist_ok=True)
    data, log = root / "data", root / "server.log"
    user = None
    if os.geteuid() == 0:
        user = os.environ.get("RECONCILE_PG_USER", "nobody")
        entry = pwd.getpwnam(user)
        os.chown(root, entry.pw_uid, entry.pw_gid)
        os.chmod(root, 0o700)
        _check_reachable(user, root)
    if not (data / "PG_VERSION").exists():
        _run_as(
            user,
            [
                str(bindir / "initdb"),
                "-D",
                str(data),
                "-U",
                "postgres",
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
            ],
            root,
        )
    port = port or free_port()
    # max_wal_size: WAL is kept to a quarter of the 1 GB default, since the files may live in memory.
    options = (
        f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off "
        "-c full_page_writes=off -c max_connections=50 -c max_wal_size=256MB"
    )
    for name, value in (settings or {}).items():
        options += f" -c {name}={value}"
    _run_as(
        user,
        [str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(log), "-w", "-t", "60", "start"],
        root,
        log,
    )
    pid = int((data / "postmaster.pid").read_text().splitlines()[0])
    return Cluster(directory=root, port=port, pid=pid, owned_directory=owned)


@contextlib.contextmanager
def server_url(settings: dict[str, str] | None = None) -> Iterator[str]:
    """RECONCILE_POSTGRES_URL when set, else a throwaway cluster for the duration (benchmarks use this)."""
    if os.environ.get("RECONCILE_POSTGRES_URL"):
        yield os.environ["RECONCILE_POSTGRES_URL"]
        return
    cluster = start(settings=settings)
    try:
        yield f"postgresql://postgres@127.0.0.1:{cluster.port}/"
    finally:
        cluster.stop()
