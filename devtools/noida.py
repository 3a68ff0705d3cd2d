"""noida-db as a stand-in Kafka (and Elasticsearch) server for tests, on free ports, stopped by pid.

The `noida-db` console script is a Python wrapper that spawns the real binary;
killing the wrapper would leave the server running, so the binary inside the
package is started directly.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from devtools.pgcluster import free_port


def binary() -> Path:
    import noida_db

    path = Path(noida_db.__file__).parent / "noida-db"
    if not path.exists():
        raise RuntimeError("noida-db's binary is missing: `pip install noida-db` (make test does)")
    path.chmod(0o755)
    return path


@dataclass
class Noida:
    process: subprocess.Popen[bytes]
    ports: dict[str, int]

    @property
    def kafka(self) -> str:
        return f"127.0.0.1:{self.ports['kafka']}"

    def stop(self) -> None:
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()


def start(directory: Path, services: tuple[str, ...] = ("kafka",)) -> Noida:
    """Start noida-db with only `services`, each on a free port; return once they accept connections."""
    directory.mkdir(parents=True, exist_ok=True)
    ports = {service: free_port() for service in services}
    args = [str(binary()), "start", "--only", ",".join(services), "--data-dir", str(directory / "data")]
    for service, port in ports.items():
        args += [f"--{service}-port", str(port)]
    log = (directory / "noida.log").open("wb")
    process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    for port in ports.values():
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"noida-db exited: {(directory / 'noida.log').read_text()[-2000:]}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    process.kill()
                    raise RuntimeError(f"noida-db did not open port {port}") from None
                time.sleep(0.1)
    return Noida(process=process, ports=ports)
