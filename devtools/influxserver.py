"""An InfluxDB 2 API for tests and `make demo`: the emulator in devtools/, or any server, onboarded once.

No InfluxDB 2 server installs from the registries these machines reach, so
the emulator (devtools/influx_emulator.py) runs as a subprocess on a free port
and is stopped by pid. `onboard` is the same first-run setup a real
`influxdb:2` container gets, so both are used the same way afterwards: an
operator token that may create organizations, buckets and tokens.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from influxdb_client import InfluxDBClient
from influxdb_client.domain import OnboardingRequest
from influxdb_client.service import SetupService

from devtools.pgcluster import free_port, stop_pid

ROOT = Path(__file__).resolve().parent.parent
OPERATOR_TOKEN = "reconcile-test-operator-token"
SETUP_ORG = "setup"


@dataclass
class InfluxServer:
    url: str
    token: str
    pid: int | None = None
    process: subprocess.Popen[bytes] | None = None

    def stop(self) -> None:
        """Stop a server this process started (and reap it), or one a previous process started, by pid."""
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        elif self.pid is not None:
            stop_pid(self.pid, signal.SIGTERM, 10)


def wait_ready(url: str, seconds: float = 60) -> None:
    """Wait until GET /ping answers 204, as InfluxDB does once it serves the API."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(f"{url}/ping", timeout=2) as response:
                if response.status == 204:
                    return
        except (urllib.error.URLError, OSError):
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"no InfluxDB API answers /ping at {url}")
        time.sleep(0.1)


def onboard(url: str, token: str = OPERATOR_TOKEN) -> str:
    """Run InfluxDB's first-run setup (user, org `setup`, operator token) unless it was done; return the token."""
    with InfluxDBClient(url=url, token=token) as client:
        setup = SetupService(client.api_client)
        if setup.get_setup().allowed:
            request = OnboardingRequest(
                username="admin", password="reconcile-admin", org=SETUP_ORG, bucket="setup", token=token
            )
            setup.post_setup(onboarding_request=request)
    return token


def start_emulator(directory: Path, port: int | None = None) -> InfluxServer:
    """Start the emulator on `port` (or a free one) in the background, onboarded, and return once it answers."""
    directory.mkdir(parents=True, exist_ok=True)
    port = port or free_port()
    log = (directory / "influxdb-emulator.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "devtools.influx_emulator", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    server = InfluxServer(url=url, token=OPERATOR_TOKEN, pid=process.pid, process=process)
    try:
        wait_ready(url, 30)
        onboard(url)
    except Exception:
        server.stop()
        raise RuntimeError(f"the InfluxDB emulator did not start; see {directory / 'influxdb-emulator.log'}") from None
    return server
