"""`make demo`: start servers and reconcile the AI4I state into them.

Where a Docker engine answers, `docker compose` runs the real images of all
five servers (docker-compose.yml). Elsewhere it starts a real PostgreSQL and
redis-server (Debian's binaries, data under .demo/) and the test stand-ins
for Kafka and Elasticsearch (noida-db) and InfluxDB (the emulator under
tests/), saying so per backend. Then it runs what an operator would: plan,
apply, a second plan that must be empty, and `drift --fail-on-diff`. The
servers keep running so you can explore; `make demo-down` stops them, by
compose or by pid.
"""

from __future__ import annotations

import os
import secrets
import shlex
import shutil
import signal
import subprocess
import sys
from pathlib import Path

from devtools import influxserver, noida, pgcluster, redisserver

ROOT = Path(__file__).resolve().parent.parent
DEMO_DIR = ROOT / ".demo"
PG_DIR = DEMO_DIR / "postgres"
PORT_FILE = DEMO_DIR / "postgres.port"
PID_FILE = DEMO_DIR / "postgres.pid"
REDIS_DIR = DEMO_DIR / "redis"
REDIS_PORT_FILE = DEMO_DIR / "redis.port"
NOIDA_DIR = DEMO_DIR / "noida"
NOIDA_PID_FILE = DEMO_DIR / "noida.pid"
NOIDA_PORT_FILE = DEMO_DIR / "noida.ports"
COMPOSE = ("docker", "compose", "--file", str(ROOT / "docker-compose.yml"))
COMPOSE_MARK = DEMO_DIR / "compose"
# Where docker-compose.yml publishes each server (tests/test_demo.py checks the two agree).
COMPOSE_CONNECTIONS = {
    "RECONCILE_POSTGRES_URL": "postgresql://postgres:demo@127.0.0.1:55432/",
    "RECONCILE_REDIS_URL": "redis://127.0.0.1:56379/0",
    "RECONCILE_INFLUXDB_URL": "http://127.0.0.1:58086",
    "RECONCILE_INFLUXDB_TOKEN": influxserver.OPERATOR_TOKEN,
    "RECONCILE_ELASTICSEARCH_URL": "http://127.0.0.1:59200",
    "RECONCILE_KAFKA_BOOTSTRAP": "127.0.0.1:59092",
}
INFLUX_DIR = DEMO_DIR / "influxdb"
INFLUX_PID_FILE = DEMO_DIR / "influxdb.pid"
INFLUX_PORT_FILE = DEMO_DIR / "influxdb.port"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def start_postgres() -> str:
    if PID_FILE.exists() and _alive(int(PID_FILE.read_text())):
        port = int(PORT_FILE.read_text())
        print(f"postgres: already running (pid {PID_FILE.read_text().strip()}, port {port})")
    else:
        cluster = pgcluster.start(PG_DIR, int(PORT_FILE.read_text()) if PORT_FILE.exists() else None)
        PORT_FILE.write_text(str(cluster.port))
        PID_FILE.write_text(str(cluster.pid))
        port = cluster.port
        print(f"postgres: started PostgreSQL from Debian's packages on 127.0.0.1:{port} (pid {cluster.pid})")
    return f"postgresql://postgres@127.0.0.1:{port}/"


def start_redis() -> str:
    pidfile = REDIS_DIR / "redis.pid"
    if pidfile.exists() and _alive(int(pidfile.read_text())):
        port = int(REDIS_PORT_FILE.read_text())
        print(f"redis: already running (pid {pidfile.read_text().strip()}, port {port})")
    else:
        server = redisserver.start(REDIS_DIR, int(REDIS_PORT_FILE.read_text()) if REDIS_PORT_FILE.exists() else None)
        REDIS_PORT_FILE.write_text(str(server.port))
        port = server.port
        print(f"redis: started redis-server from Debian's packages on 127.0.0.1:{port} (pid {server.pid})")
    return f"redis://127.0.0.1:{port}/0"


def start_stand_ins() -> tuple[str, str]:
    """No Kafka or Elasticsearch server installs from these registries; noida-db (PyPI) speaks both protocols."""
    if NOIDA_PID_FILE.exists() and _alive(int(NOIDA_PID_FILE.read_text())):
        kafka_port, es_port = (int(p) for p in NOIDA_PORT_FILE.read_text().split())
        print(f"kafka, elasticsearch: noida-db stand-in already running (pid {NOIDA_PID_FILE.read_text().strip()})")
    else:
        server = noida.start(NOIDA_DIR, services=("kafka", "elasticsearch"))
        kafka_port, es_port = server.ports["kafka"], server.ports["elasticsearch"]
        NOIDA_PID_FILE.write_text(str(server.process.pid))
        NOIDA_PORT_FILE.write_text(f"{kafka_port} {es_port}")
        print(f"kafka: no Kafka server is installable here; the noida-db stand-in listens on 127.0.0.1:{kafka_port}")
        print(f"elasticsearch: none installable either; the noida-db stand-in listens on 127.0.0.1:{es_port}")
    return f"127.0.0.1:{kafka_port}", f"http://127.0.0.1:{es_port}"


def start_influx() -> str:
    """No InfluxDB 2 installs from these registries (Debian's influxdb is 1.x): the emulator under tests/ stands in."""
    if INFLUX_PID_FILE.exists() and _alive(int(INFLUX_PID_FILE.read_text())):
        port = int(INFLUX_PORT_FILE.read_text())
        print(f"influxdb: emulator stand-in already running (pid {INFLUX_PID_FILE.read_text().strip()}, port {port})")
        return f"http://127.0.0.1:{port}"
    server = influxserver.start_emulator(INFLUX_DIR)
    INFLUX_PID_FILE.write_text(str(server.pid))
    INFLUX_PORT_FILE.write_text(server.url.rsplit(":", 1)[1])
    print(f"influxdb: no InfluxDB 2 server is installable here; the API emulator from tests/ listens on {server.url}")
    return server.url


def run(step: str, *args: str, env: dict[str, str]) -> int:
    command = [str(ROOT / ".venv" / "bin" / "reconcile"), *args]
    print(f"\n=== {step}: reconcile {shlex.join(args)}", flush=True)
    return subprocess.run(command, env=env, cwd=ROOT, check=False).returncode


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


def start_compose() -> dict[str, str]:
    """The real images from docker-compose.yml, waited on until healthy; the URLs that reach them."""
    print("Docker answers: starting postgres 15, redis 7, influxdb 2, elasticsearch 8 and apache/kafka (KRaft)")
    COMPOSE_MARK.write_text("docker compose\n")  # before `up`, so demo-down cleans up even if it fails
    subprocess.run([*COMPOSE, "up", "--detach", "--wait"], cwd=ROOT, check=True)
    for name in ("postgres", "redis", "influxdb", "elasticsearch", "kafka"):
        print(f"{name}: the real server in docker compose (service {name})")
    return dict(COMPOSE_CONNECTIONS)


def start_local() -> dict[str, str]:
    """Debian's PostgreSQL and Redis, and the test stand-ins for the servers no registry here offers."""
    url = start_postgres()
    redis_url = start_redis()
    kafka, elasticsearch = start_stand_ins()
    influx_url = start_influx()
    return {
        "RECONCILE_POSTGRES_URL": url,
        "RECONCILE_REDIS_URL": redis_url,
        "RECONCILE_KAFKA_BOOTSTRAP": kafka,
        "RECONCILE_ELASTICSEARCH_URL": elasticsearch,
        "RECONCILE_INFLUXDB_URL": influx_url,
        "RECONCILE_INFLUXDB_TOKEN": influxserver.OPERATOR_TOKEN,
    }


def up() -> int:
    DEMO_DIR.mkdir(exist_ok=True)
    problem = None if COMPOSE_MARK.exists() else docker_problem()
    if problem is None:
        try:
            servers = start_compose()
        except subprocess.CalledProcessError:
            print("\ndocker compose could not start the servers (see above); `make demo-down` removes what it started")
            return 1
    else:
        print(f"No Docker here ({problem}): using local servers and stand-ins")
        servers = start_local()
    env = {**os.environ, **servers, "NO_COLOR": os.environ.get("NO_COLOR", "")}
    if not env.get("AI4I_ADMIN_PASSWORD"):
        env["AI4I_ADMIN_PASSWORD"] = secrets.token_urlsafe(12)
        print("AI4I_ADMIN_PASSWORD was not set: the demo administrator gets a random password (stored as argon2)")
    steps = [
        ("validate the state files", ["validate"], {0}),
        ("plan against the live servers", ["plan", "--no-sql"], {0}),
        ("apply", ["apply", "--auto-approve", "--no-sql"], {0}),
        ("a second plan must be empty", ["plan", "--detailed-exitcode"], {0}),
        ("CI's drift check must pass", ["drift", "--fail-on-diff"], {0}),
    ]
    for step, args, ok in steps:
        code = run(step, *args, env=env)
        if code not in ok:
            print(f"\ndemo failed at '{step}' (exit {code})", file=sys.stderr)
            return 1
    exports = " ".join(f"{k}={v}" for k, v in servers.items() if k != "RECONCILE_INFLUXDB_TOKEN")
    print(f"\nDemo done. Try: RECONCILE_INFLUXDB_TOKEN=... {exports} .venv/bin/reconcile plan")
    print("Stop the servers with: make demo-down")
    return 0


def down() -> int:
    stopped = False
    if COMPOSE_MARK.exists():
        subprocess.run([*COMPOSE, "down", "--volumes"], cwd=ROOT, check=False)
        COMPOSE_MARK.unlink()
        print("docker compose: stopped and removed the demo's containers")
        stopped = True
    if PID_FILE.exists():
        pid = int(PID_FILE.read_text())
        pgcluster.Cluster(PG_DIR, int(PORT_FILE.read_text()), pid, owned_directory=False).stop()
        PID_FILE.unlink()
        print(f"postgres: stopped (pid {pid})")
        stopped = True
    redis_pid = REDIS_DIR / "redis.pid"
    if redis_pid.exists():
        pid = int(redis_pid.read_text())
        redisserver.RedisServer(int(REDIS_PORT_FILE.read_text()), pid, REDIS_DIR).stop()
        redis_pid.unlink(missing_ok=True)
        print(f"redis: stopped (pid {pid})")
        stopped = True
    if NOIDA_PID_FILE.exists():
        pid = int(NOIDA_PID_FILE.read_text())
        if _alive(pid):
            os.kill(pid, signal.SIGTERM)
        NOIDA_PID_FILE.unlink()
        print(f"kafka, elasticsearch: noida-db stopped (pid {pid})")
        stopped = True
    if INFLUX_PID_FILE.exists():
        pid = int(INFLUX_PID_FILE.read_text())
        influxserver.InfluxServer(url="", token="", pid=pid).stop()
        INFLUX_PID_FILE.unlink()
        print(f"influxdb: emulator stopped (pid {pid})")
        stopped = True
    if not stopped:
        print("nothing to stop")
    return 0


if __name__ == "__main__":
    sys.exit({"up": up, "down": down}[sys.argv[1] if len(sys.argv) > 1 else "up"]())
