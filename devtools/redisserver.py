"""A throwaway redis-server on a free port, stopped by pid (tests and `make demo`)."""

from __future__ import annotations

import shutil
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import redis

from devtools.pgcluster import free_port, stop_pid


@dataclass
class RedisServer:
    port: int
    pid: int
    directory: Path

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def stop(self) -> None:
        stop_pid(self.pid, signal.SIGTERM, 10)


def start(directory: Path, port: int | None = None) -> RedisServer:
    """Start redis-server without persistence; return once it answers PING."""
    binary = shutil.which("redis-server") or "/usr/bin/redis-server"
    if not Path(binary).exists():
        raise RuntimeError("redis-server not found: install Debian's `redis-server` package (`make test` does this)")
    directory.mkdir(parents=True, exist_ok=True)
    port = port or free_port()
    pidfile = directory / "redis.pid"
    subprocess.run(
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--daemonize",
            "yes",
            "--pidfile",
            str(pidfile),
            "--logfile",
            str(directory / "redis.log"),
            "--dir",
            str(directory),
        ],
        check=True,
    )
    client = redis.Redis(port=port, socket_connect_timeout=1)
    deadline = time.monotonic() + 20
    while True:
        try:
            client.ping()
            break
        except redis.RedisError:
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"redis-server on port {port} did not start; see {directory / 'redis.log'}"
                ) from None
            time.sleep(0.05)
    while not pidfile.exists():
        time.sleep(0.05)
    return RedisServer(port=port, pid=int(pidfile.read_text().strip()), directory=directory)
