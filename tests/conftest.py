"""Shared fixtures: a throwaway PostgreSQL cluster for the whole run, a fresh database per test."""

from __future__ import annotations

import contextlib
import io
import json
import socket
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from textwrap import dedent
from typing import Any

import psycopg
import pytest
import redis

from devtools import influxserver, noida, pgcluster, redisserver
from devtools.sql_pairs import drop_subscriptions
from reconciler.cli import main
from reconciler.export_files import ExportedFile, Exporter, ExportOptions, write_export
from reconciler.state import parse_cache, yaml_source

# The longest modules, or groups that one worker runs whole, go out first: xdist hands out work in collection
# order, and these came last (tests/test_*.py), so one worker ran a minute alone at the end of the run.
LONG_FIRST = ("test_demo.py", "test_fuzz_validate.py", "test_end_to_end.py", "test_broker_failure.py")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=lambda item: item.path.name not in LONG_FIRST)  # stable: the order within each part is kept


@pytest.fixture(scope="session", autouse=True)
def parse_cache_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The parse cache on, as users have it, in a folder of the run's own rather than the user's ~/.cache."""
    folder = tmp_path_factory.mktemp("parse-cache")
    patch = pytest.MonkeyPatch()
    patch.setenv(parse_cache.CACHE_VARIABLE, str(folder))
    try:
        yield folder
    finally:
        patch.undo()


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the files yaml_source parses (rather than taking from the cache or elsewhere)."""
    parsed: list[str] = []
    original = yaml_source._parse

    def counted(text: str, name: str, nul_refused: bool) -> Any:
        parsed.append(name)
        return original(text, name, nul_refused)

    monkeypatch.setattr(yaml_source, "_parse", counted)
    return parsed


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[pgcluster.Cluster]:
    cluster = pgcluster.start()
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[redisserver.RedisServer]:
    server = redisserver.start(tmp_path_factory.mktemp("redis"))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def redis_url(redis_server: redisserver.RedisServer, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """An empty Redis database for the test, configured the way users configure reconcile."""
    client = redis.Redis.from_url(redis_server.url)
    client.flushdb()
    monkeypatch.setenv("RECONCILE_REDIS_URL", redis_server.url)
    yield redis_server.url
    client.flushdb()


def docker_engine_error() -> str | None:
    """None when a Docker engine answers a ping; otherwise the engine's error, the reason to skip."""
    try:
        import docker

        docker.from_env().ping()
    except Exception as exc:
        return f"no Docker engine answers ({type(exc).__name__}: {exc})"
    return None


@pytest.fixture(scope="session", params=["noida-db", "apache/kafka"])
def kafka_bootstrap(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Kafka broker: noida-db (started here, stopped by pid) and, where Docker answers, the real image."""
    if request.param == "noida-db":
        server = noida.start(tmp_path_factory.mktemp("noida"))
        try:
            yield server.kafka
        finally:
            server.stop()
        return
    error = docker_engine_error()
    if error:
        pytest.skip(error)
    from testcontainers.kafka import KafkaContainer

    with KafkaContainer("apache/kafka:3.8.0").with_kraft() as container:
        yield container.get_bootstrap_server()


@pytest.fixture(scope="session", params=["noida-db", "elasticsearch:8"])
def elasticsearch_server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An Elasticsearch 8 API: noida-db (started here, stopped by pid) and, where Docker answers, the real image."""
    if request.param == "noida-db":
        server = noida.start(tmp_path_factory.mktemp("noida-es"), services=("elasticsearch",))
        try:
            yield f"http://127.0.0.1:{server.ports['elasticsearch']}"
        finally:
            server.stop()
        return
    error = docker_engine_error()
    if error:
        pytest.skip(error)
    from testcontainers.elasticsearch import ElasticSearchContainer

    with ElasticSearchContainer("docker.elastic.co/elasticsearch/elasticsearch:8.15.3", mem_limit="2g") as container:
        yield f"http://{container.get_container_host_ip()}:{container.get_exposed_port(9200)}"


@pytest.fixture(scope="session", params=["emulator", "influxdb:2"])
def influx_server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[influxserver.InfluxServer]:
    """An onboarded InfluxDB 2 API: the emulator in devtools/ and, where Docker answers, the real image."""
    if request.param == "emulator":
        server = influxserver.start_emulator(tmp_path_factory.mktemp("influxdb"))
        try:
            yield server
        finally:
            server.stop()
        return
    error = docker_engine_error()
    if error:
        pytest.skip(error)
    from testcontainers.core.container import DockerContainer

    with DockerContainer("influxdb:2.7").with_exposed_ports(8086) as container:
        url = f"http://{container.get_container_host_ip()}:{container.get_exposed_port(8086)}"
        influxserver.wait_ready(url)
        yield influxserver.InfluxServer(url=url, token=influxserver.onboard(url))


@pytest.fixture
def influx(influx_server: influxserver.InfluxServer, monkeypatch: pytest.MonkeyPatch) -> influxserver.InfluxServer:
    """The server, configured the way users configure reconcile (the organization comes from the state)."""
    monkeypatch.setenv("RECONCILE_INFLUXDB_URL", influx_server.url)
    monkeypatch.setenv("RECONCILE_INFLUXDB_TOKEN", influx_server.token)
    monkeypatch.delenv("RECONCILE_INFLUXDB_ORG", raising=False)
    return influx_server


@pytest.fixture
def es_url(elasticsearch_server: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("RECONCILE_ELASTICSEARCH_URL", elasticsearch_server)
    return elasticsearch_server


@pytest.fixture
def kafka_url(kafka_bootstrap: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("RECONCILE_KAFKA_BOOTSTRAP", kafka_bootstrap)
    return kafka_bootstrap


@pytest.fixture
def pg_url(pg_cluster: pgcluster.Cluster, monkeypatch: pytest.MonkeyPatch) -> str:
    """The server URL, exported the way users configure reconcile."""
    url = f"postgresql://postgres@127.0.0.1:{pg_cluster.port}/"
    monkeypatch.setenv("RECONCILE_POSTGRES_URL", url)
    monkeypatch.delenv("RECONCILE_TARGETS", raising=False)
    return url


@pytest.fixture
def dbname(pg_url: str) -> Iterator[str]:
    """A database name unique to this test; dropped afterwards if the test created it."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    yield name
    drop_subscriptions(pg_url, name)  # they keep DROP DATABASE out, even WITH (FORCE)
    with psycopg.connect(pg_url + "postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class StateDir:
    """A state directory the test writes YAML into."""

    def __init__(self, root: Path, dbname: str) -> None:
        self.root = root
        self.dbname = dbname
        (root / "postgres").mkdir(parents=True, exist_ok=True)

    def write(self, body: str, name: str | None = None) -> Path:
        """Write state/postgres/<db>.yaml; `body` is YAML below the `database:` line."""
        path = self.root / "postgres" / f"{name or self.dbname}.yaml"
        path.write_text(f"database: {self.dbname}\n" + dedent(body).strip() + "\n")
        return path


@pytest.fixture
def state(tmp_path: Path, dbname: str) -> StateDir:
    return StateDir(tmp_path / "state", dbname)


class AppliedCopies:
    """Databases holding an applied state (and SQL run after it), each applied once and then copied per test.

    Applying a small state costs about half a second; CREATE DATABASE ... TEMPLATE of a database that already
    holds it (objects, rows, statistics, apply records, normalized units) costs a tenth of that.
    """

    def __init__(self, url: str, root: Path) -> None:
        self.url = url
        self.root = root
        self.templates: dict[tuple[str, str], str] = {}

    def copy(self, state: StateDir, body: str, after: str = "") -> None:
        """`state` declares `body`, and its database is a copy of one where `body` was applied and `after` run."""
        key = (dedent(body).strip(), after)
        if key not in self.templates:
            self.templates[key] = self._applied(body, after)
        sql(self.url, "postgres", f'CREATE DATABASE "{state.dbname}" TEMPLATE "{self.templates[key]}"')
        state.write(body)

    def _applied(self, body: str, after: str) -> str:
        name = f"applied_{uuid.uuid4().hex[:12]}"
        state = StateDir(self.root / name, name)
        state.write(body)
        output = io.StringIO()
        quiet = contextlib.redirect_stdout(output), contextlib.redirect_stderr(output)
        with pytest.MonkeyPatch.context() as env, quiet[0], quiet[1]:
            env.setenv("RECONCILE_POSTGRES_URL", self.url)
            env.delenv("RECONCILE_TARGETS", raising=False)
            env.setenv("RECONCILE_DEBUG", "1")
            code = main(["apply", "--state", str(state.root), "--auto-approve"])
        assert code == 0, output.getvalue()
        if after:
            sql(self.url, name, after)
        # A template database: what lists the server's databases (export, database templates) leaves it out.
        sql(self.url, "postgres", f'ALTER DATABASE "{name}" IS_TEMPLATE true')
        return name

    def drop(self) -> None:
        with psycopg.connect(self.url + "postgres", autocommit=True) as conn:
            for name in self.templates.values():
                conn.execute(f'ALTER DATABASE "{name}" IS_TEMPLATE false'.encode())
                conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)'.encode())


@pytest.fixture(scope="session")
def applied_copies(pg_cluster: pgcluster.Cluster, tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppliedCopies]:
    copies = AppliedCopies(f"postgresql://postgres@127.0.0.1:{pg_cluster.port}/", tmp_path_factory.mktemp("applied"))
    yield copies
    copies.drop()


class Cli:
    """Run `reconcile` in-process and capture what it prints."""

    def __init__(self, capsys: pytest.CaptureFixture[str]) -> None:
        self.capsys = capsys
        self.out = ""
        self.err = ""

    def __call__(self, *args: str | Path) -> int:
        self.capsys.readouterr()
        code = main([str(a) for a in args])
        captured = self.capsys.readouterr()
        self.out, self.err = captured.out, captured.err
        return code


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Cli:
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("RECONCILE_DEBUG", "1")  # a bug in reconcile fails the test with its traceback
    return Cli(capsys)


def closed_port() -> int:
    """A local port nobody listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def assert_refused_at_load(cli: Cli, state: Path, backend: str, expected: str) -> None:
    """validate and plan both exit 1 naming `expected` (`file:line: field: message`), before any request is sent.

    No traceback and no raw terminal control characters reach the output.
    """
    for command in ("validate", "plan"):
        code = cli(command, "--state", state, *(["--only", backend] if command == "plan" else []))
        assert code == 1, cli.out + cli.err
        assert expected in cli.err, cli.err
        assert "Traceback" not in cli.err + cli.out
        assert "\x1b" not in cli.err + cli.out and "\x07" not in cli.err + cli.out


def plan_sql(cli: Cli, state: StateDir) -> list[str]:
    """Every statement of `reconcile plan --format json` on `state`, in order."""
    assert cli("plan", "--state", state.root, "--format", "json") in (0, 2), cli.out + cli.err
    return [s["sql"] for c in json.loads(cli.out)["changes"] for s in c["statements"]]


def other_sessions(url: str, dbname: str) -> int:
    """How many sessions besides this one are connected to `dbname`, once those whose clients closed have gone.

    A session leaves pg_stat_activity when its server process exits, a moment after the client's close returned:
    on a busy machine a check right after a close still counted it. Closed sessions are given 5 s to go.
    """
    query = "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()"
    deadline = time.monotonic() + 5
    with psycopg.connect(url + "postgres", autocommit=True) as conn:
        while True:
            row = conn.execute(query, (dbname,)).fetchone()
            count = int(row[0]) if row else 0
            if count == 0 or time.monotonic() > deadline:
                return count
            time.sleep(0.05)


def sql(url: str, dbname: str, statement: str) -> list[tuple[object, ...]]:
    """Run one statement in `dbname` and return its rows (or [] when it returns none)."""
    with psycopg.connect(url + dbname, autocommit=True) as conn:
        cur = conn.execute(statement.encode())
        return cur.fetchall() if cur.description else []


def export_to(
    exporter: Exporter, tmp_path: Path, prefixes: list[str], out: str = "exported"
) -> tuple[ExportedFile, Path]:
    """Run one backend's exporter (connections from the environment) and write it as `reconcile export` does."""
    files = exporter(ExportOptions(state_dir=tmp_path / "no-state", prefixes=prefixes))
    directory = tmp_path / out
    write_export(files, directory, directory.parent / "schema", overwrite=False)
    [file] = [f for f in files if f.path.name != "_roles.yaml"]  # PostgreSQL adds the roles its databases name
    return file, directory


def assert_round_trip(cli: Cli, directory: Path, backend: str) -> None:
    """The export is a valid state file, and planning against it changes nothing."""
    assert cli("validate", "--state", directory) == 0, cli.out + cli.err
    assert cli("plan", "--state", directory, "--only", backend, "--detailed-exitcode") == 0, cli.out + cli.err
