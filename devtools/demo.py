"""`make demo`: start servers and reconcile the AI4I state into them.

Where a Docker engine answers, `docker compose` runs the real images of all
five servers (docker-compose.yml). Elsewhere it starts a real PostgreSQL and
redis-server (Debian's binaries) and the stand-ins for Kafka and
Elasticsearch (noida-db) and InfluxDB (devtools/influx_emulator.py), saying
so per backend. Then it runs what an operator would: plan, apply, a second
plan that must be empty, and `drift --fail-on-diff`, and writes `.demo/env`,
a file to source that sets every connection and secret the commands need.
The servers keep running so you can explore; `make demo-down` stops them, by
compose or by pid.

What the demo started is recorded under `.demo/` of the checkout. The one
exception is PostgreSQL's data: as root the server runs as an unprivileged
user (initdb refuses root), who cannot enter a checkout under /root or in any
mode-700 folder, so the cluster lives in a temporary folder of its own whose
path `.demo/postgres.dir` records.
"""

from __future__ import annotations

import os
import secrets
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from devtools import influxserver, noida, pgcluster, redisserver

ROOT = Path(__file__).resolve().parent.parent
# Where docker-compose.yml publishes each server (tests/test_demo.py checks the two agree).
COMPOSE_CONNECTIONS = {
    "RECONCILE_POSTGRES_URL": "postgresql://postgres:demo@127.0.0.1:55432/",
    "RECONCILE_REDIS_URL": "redis://127.0.0.1:56379/0",
    "RECONCILE_INFLUXDB_URL": "http://127.0.0.1:58086",
    "RECONCILE_INFLUXDB_TOKEN": influxserver.OPERATOR_TOKEN,
    "RECONCILE_ELASTICSEARCH_URL": "http://127.0.0.1:59200",
    "RECONCILE_KAFKA_BOOTSTRAP": "127.0.0.1:59092",
}
PG_TEMP_PREFIX = "reconcile-demo-pg-"
ENV_FILE_HEADER = """\
# Written by `make demo`: every connection and secret of the demo servers (mode 0600, it holds secrets).
# Use it from the checkout: . .demo/env && .venv/bin/reconcile plan
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _running(pid_file: Path) -> int | None:
    """The pid a file records when that process still runs."""
    if pid_file.exists():
        pid = int(pid_file.read_text())
        if _alive(pid):
            return pid
    return None


@dataclass(frozen=True)
class Demo:
    """The demo of one checkout: its state/ and .venv/, and .demo/ where it records what it started."""

    checkout: Path

    @property
    def records(self) -> Path:
        return self.checkout / ".demo"

    @property
    def env_file(self) -> Path:
        return self.records / "env"

    def record(self, name: str) -> Path:
        return self.records / name

    def reconcile_command(self) -> Path:
        return self.checkout / ".venv" / "bin" / "reconcile"

    def compose(self) -> tuple[str, ...]:
        return ("docker", "compose", "--file", str(self.checkout / "docker-compose.yml"))

    # --- PostgreSQL --------------------------------------------------------------

    def postgres_directory(self) -> Path:
        """The cluster's folder: the one recorded, else a new temporary one its server user can reach.

        Not under .demo/: as root the server runs as `nobody` (or RECONCILE_PG_USER), who may not enter the
        checkout's folders at all. pgcluster.start gives the folder to that user.
        """
        recorded = self.record("postgres.dir")
        if recorded.exists():
            directory = Path(recorded.read_text().strip())
            if directory.is_dir():
                return directory
        directory = Path(tempfile.mkdtemp(prefix=PG_TEMP_PREFIX))
        recorded.write_text(f"{directory}\n")
        return directory

    def start_postgres(self) -> str:
        pid_file, port_file = self.record("postgres.pid"), self.record("postgres.port")
        pid = _running(pid_file)
        if pid is not None:
            port = int(port_file.read_text())
            print(f"postgres: already running (pid {pid}, port {port})")
        else:
            directory = self.postgres_directory()
            cluster = pgcluster.start(directory, int(port_file.read_text()) if port_file.exists() else None)
            port_file.write_text(str(cluster.port))
            pid_file.write_text(str(cluster.pid))
            port = cluster.port
            print(f"postgres: started PostgreSQL from Debian's packages on 127.0.0.1:{port} (pid {cluster.pid})")
            print(f"postgres: its data is in {directory} (a folder its server user can reach; demo-down removes it)")
        return f"postgresql://postgres@127.0.0.1:{port}/"

    def stop_postgres(self) -> bool:
        """Stop the cluster by pid and remove its temporary folder; False when the demo started none."""
        pid_file, recorded = self.record("postgres.pid"), self.record("postgres.dir")
        if not pid_file.exists() and not recorded.exists():
            return False
        if pid_file.exists():
            pid = int(pid_file.read_text())
            pgcluster.stop_pid(pid, signal.SIGINT, 30)
            pid_file.unlink()
            print(f"postgres: stopped (pid {pid})")
        if recorded.exists():
            directory = Path(recorded.read_text().strip())
            # Only a folder the demo made: the record is a plain file anyone could have edited.
            if directory.name.startswith(PG_TEMP_PREFIX) and directory.parent == Path(tempfile.gettempdir()):
                shutil.rmtree(directory, ignore_errors=True)
                print(f"postgres: removed its data folder {directory}")
            recorded.unlink()
        return True

    # --- Redis, the stand-ins ----------------------------------------------------

    def start_redis(self) -> str:
        directory, port_file = self.record("redis"), self.record("redis.port")
        pid = _running(directory / "redis.pid")
        if pid is not None:
            port = int(port_file.read_text())
            print(f"redis: already running (pid {pid}, port {port})")
        else:
            server = redisserver.start(directory, int(port_file.read_text()) if port_file.exists() else None)
            port_file.write_text(str(server.port))
            port = server.port
            print(f"redis: started redis-server from Debian's packages on 127.0.0.1:{port} (pid {server.pid})")
        return f"redis://127.0.0.1:{port}/0"

    def start_stand_ins(self) -> tuple[str, str]:
        """No Kafka or Elasticsearch server installs from these registries; noida-db (PyPI) speaks both protocols."""
        pid_file, port_file = self.record("noida.pid"), self.record("noida.ports")
        pid = _running(pid_file)
        if pid is not None:
            kafka_port, es_port = (int(p) for p in port_file.read_text().split())
            print(f"kafka, elasticsearch: noida-db stand-in already running (pid {pid})")
        else:
            server = noida.start(self.record("noida"), services=("kafka", "elasticsearch"))
            kafka_port, es_port = server.ports["kafka"], server.ports["elasticsearch"]
            pid_file.write_text(str(server.process.pid))
            port_file.write_text(f"{kafka_port} {es_port}")
            print(
                f"kafka: no Kafka server is installable here; the noida-db stand-in listens on 127.0.0.1:{kafka_port}"
            )
            print(f"elasticsearch: none installable either; the noida-db stand-in listens on 127.0.0.1:{es_port}")
        return f"127.0.0.1:{kafka_port}", f"http://127.0.0.1:{es_port}"

    def start_influx(self) -> str:
        """No InfluxDB 2 installs from these registries (Debian's influxdb is 1.x): the emulator stands in."""
        pid_file, port_file = self.record("influxdb.pid"), self.record("influxdb.port")
        pid = _running(pid_file)
        if pid is not None:
            port = int(port_file.read_text())
            print(f"influxdb: emulator stand-in already running (pid {pid}, port {port})")
            return f"http://127.0.0.1:{port}"
        server = influxserver.start_emulator(self.record("influxdb"))
        pid_file.write_text(str(server.pid))
        port_file.write_text(server.url.rsplit(":", 1)[1])
        print(f"influxdb: no InfluxDB 2 server is installable here; the API emulator listens on {server.url}")
        return server.url

    def start_local(self) -> dict[str, str]:
        """Debian's PostgreSQL and Redis, and the stand-ins for the servers no registry here offers."""
        url = self.start_postgres()
        redis_url = self.start_redis()
        kafka, elasticsearch = self.start_stand_ins()
        influx_url = self.start_influx()
        return {
            "RECONCILE_POSTGRES_URL": url,
            "RECONCILE_REDIS_URL": redis_url,
            "RECONCILE_KAFKA_BOOTSTRAP": kafka,
            "RECONCILE_ELASTICSEARCH_URL": elasticsearch,
            "RECONCILE_INFLUXDB_URL": influx_url,
            "RECONCILE_INFLUXDB_TOKEN": influxserver.OPERATOR_TOKEN,
        }

    def start_compose(self) -> dict[str, str]:
        """The real images from docker-compose.yml, waited on until healthy; the URLs that reach them."""
        print("Docker answers: starting postgres 15, redis 7, influxdb 2, elasticsearch 8 and apache/kafka (KRaft)")
        self.record("compose").write_text("docker compose\n")  # before `up`, so demo-down cleans up if it fails
        subprocess.run([*self.compose(), "up", "--detach", "--wait"], cwd=self.checkout, check=True)
        for name in ("postgres", "redis", "influxdb", "elasticsearch", "kafka"):
            print(f"{name}: the real server in docker compose (service {name})")
        return dict(COMPOSE_CONNECTIONS)

    # --- the environment the commands need ---------------------------------------

    def influx_organization(self) -> str:
        """The state's organization: InfluxDB's onboarding made a second one (`setup`), so export must be told."""
        spec = yaml.safe_load((self.checkout / "state" / "influxdb.yaml").read_text(encoding="utf-8"))
        return str(spec["organization"]["name"])

    def recorded_password(self) -> str | None:
        """AI4I_ADMIN_PASSWORD from an earlier run's env file: the stored hash is create-only, so keep its password."""
        if not self.env_file.exists():
            return None
        for line in self.env_file.read_text(encoding="utf-8").splitlines():
            words = shlex.split(line, comments=True)
            if len(words) == 2 and words[0] == "export" and words[1].startswith("AI4I_ADMIN_PASSWORD="):
                return words[1].split("=", 1)[1]
        return None

    def write_env_file(self, variables: dict[str, str]) -> None:
        """`.demo/env`, mode 0600 from its first byte (it holds the token and the password): `export NAME=value`."""
        lines = [f"export {name}={shlex.quote(value)}" for name, value in variables.items()]
        descriptor = os.open(self.env_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(descriptor, 0o600)  # an older file keeps its mode through O_TRUNC
        with os.fdopen(descriptor, "w", encoding="utf-8") as env_file:
            env_file.write(ENV_FILE_HEADER + "\n".join(lines) + "\n")

    def demo_variables(self, servers: dict[str, str]) -> dict[str, str]:
        """The servers' connections, the InfluxDB organization and the administrator's password."""
        variables = {**servers, "RECONCILE_INFLUXDB_ORG": self.influx_organization()}
        password = os.environ.get("AI4I_ADMIN_PASSWORD") or self.recorded_password()
        if not password:
            password = secrets.token_urlsafe(12)
            print("AI4I_ADMIN_PASSWORD was not set: the demo administrator gets a random password (stored as argon2)")
        variables["AI4I_ADMIN_PASSWORD"] = password
        return variables

    # --- up and down -------------------------------------------------------------

    def run(self, step: str, *args: str, env: dict[str, str]) -> int:
        print(f"\n=== {step}: reconcile {shlex.join(args)}", flush=True)
        return subprocess.run(
            [str(self.reconcile_command()), *args], env=env, cwd=self.checkout, check=False
        ).returncode

    def up(self, *, docker: bool = True) -> int:
        """Start the servers (compose where Docker answers and `docker` allows it), reconcile, write .demo/env."""
        self.records.mkdir(exist_ok=True)
        problem = None if self.record("compose").exists() else (docker_problem() if docker else "Docker not wanted")
        if problem is None:
            try:
                servers = self.start_compose()
            except subprocess.CalledProcessError:
                print(
                    "\ndocker compose could not start the servers (see above); `make demo-down` removes what it started"
                )
                return 1
        else:
            print(f"Using local servers and stand-ins ({problem})")
            servers = self.start_local()
        variables = self.demo_variables(servers)
        self.write_env_file(variables)
        env = {**os.environ, **variables, "NO_COLOR": os.environ.get("NO_COLOR", "")}
        steps = [
            ("validate the state files", ["validate"]),
            ("plan against the live servers", ["plan", "--no-sql"]),
            ("apply", ["apply", "--auto-approve", "--no-sql"]),
            ("a second plan must be empty", ["plan", "--detailed-exitcode"]),
            ("CI's drift check must pass", ["drift", "--fail-on-diff"]),
        ]
        for step, args in steps:
            code = self.run(step, *args, env=env)
            if code != 0:
                print(f"\ndemo failed at '{step}' (exit {code})", file=sys.stderr)
                return 1
        print(f"\nDemo done. {self.env_file.relative_to(self.checkout)} sets every connection and secret (mode 0600).")
        print(f"Try: {TRY_COMMAND}")
        print("Stop the servers with: make demo-down")
        return 0

    def down(self) -> int:
        stopped = False
        compose_mark = self.record("compose")
        if compose_mark.exists():
            subprocess.run([*self.compose(), "down", "--volumes"], cwd=self.checkout, check=False)
            compose_mark.unlink()
            print("docker compose: stopped and removed the demo's containers")
            stopped = True
        stopped = self.stop_postgres() or stopped
        redis_pid = self.record("redis") / "redis.pid"
        if redis_pid.exists():
            pid = int(redis_pid.read_text())
            pgcluster.stop_pid(pid, signal.SIGTERM, 10)
            redis_pid.unlink(missing_ok=True)
            print(f"redis: stopped (pid {pid})")
            stopped = True
        for name, label in (("noida", "kafka, elasticsearch: noida-db"), ("influxdb", "influxdb: emulator")):
            pid_file = self.record(f"{name}.pid")
            if pid_file.exists():
                pid = int(pid_file.read_text())
                pgcluster.stop_pid(pid, signal.SIGTERM, 10)
                pid_file.unlink()
                print(f"{label} stopped (pid {pid})")
                stopped = True
        self.env_file.unlink(missing_ok=True)
        if not stopped:
            print("nothing to stop")
        return 0


# What the demo's last lines tell you to run, from the checkout (tests/test_demo.py runs it as printed).
TRY_COMMAND = ". .demo/env && .venv/bin/reconcile plan"


def docker_problem() -> str | None:
    """None when `docker compose` can run the real images here; otherwise why not, in a few words."""
    if shutil.which("docker") is None:
        return "no docker command"
    try:
        import docker

        docker.from_env().ping()
    except Exception as exc:
        return f"no Docker engine answers ({type(exc).__name__})"
    check = subprocess.run(["docker", "compose", "version"], capture_output=True, check=False)
    return None if check.returncode == 0 else "docker compose is not installed"


if __name__ == "__main__":
    demo = Demo(ROOT)
    sys.exit({"up": demo.up, "down": demo.down}[sys.argv[1] if len(sys.argv) > 1 else "up"]())
