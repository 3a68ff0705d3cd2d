"""The whole AI4I state through the command line, as a user runs it: subprocesses, real exit codes, real output.

All five backends at once, against the suite's servers: validate, plan,
apply, drift after tampering with one object in each backend, a failed
apply that says what it did and did not do, export round trips, schema
freshness.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
import redis
from confluent_kafka.admin import AdminClient, AlterConfigOpType, ConfigEntry, ConfigResource, ResourceType
from elasticsearch import Elasticsearch
from influxdb_client import InfluxDBClient

from devtools.influxserver import InfluxServer

ROOT = Path(__file__).resolve().parent.parent
DATABASES = ("auth_db", "config_db", "model_management_db", "multi_tenant_db")
TOPICS = ("ai-events", "user-activity", "system-metrics", "audit-logs")
INDICES = ("application-logs", "error-logs")


def reconcile(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reconciler.cli", *map(str, args)],
        cwd=ROOT,
        env={**os.environ, "NO_COLOR": "1", "COLUMNS": "200"},
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=300,
        check=False,
    )


def _clean(pg_url: str, es_url: str, kafka_url: str) -> None:
    """Remove the AI4I objects other tests of the session may have left, so this test starts from empty."""
    with psycopg.connect(pg_url + "postgres", autocommit=True) as conn:
        for db in DATABASES:
            conn.execute(f"DROP DATABASE IF EXISTS {db} WITH (FORCE)".encode())
    es = Elasticsearch(es_url)
    es.options(ignore_status=404).indices.delete(index=",".join(INDICES))
    es.options(ignore_status=404).indices.delete_index_template(name="logs-template")
    admin = AdminClient({"bootstrap.servers": kafka_url})
    existing = set(admin.list_topics(timeout=10).topics)
    doomed = [t for t in TOPICS if t in existing]
    if doomed:
        for future in admin.delete_topics(doomed).values():
            future.result()


@pytest.fixture
def everything(
    pg_url: str, redis_url: str, es_url: str, kafka_url: str, influx: InfluxServer, monkeypatch: pytest.MonkeyPatch
) -> Iterator[dict[str, str]]:
    """All five backends configured, the AI4I objects absent, an InfluxDB organization of the test's own."""
    monkeypatch.setenv("AI4I_ADMIN_PASSWORD", "end-to-end-admin")
    org = f"e2e{uuid.uuid4().hex[:8]}"
    monkeypatch.setenv("RECONCILE_INFLUXDB_ORG", org)
    _clean(pg_url, es_url, kafka_url)
    yield {"pg": pg_url, "redis": redis_url, "es": es_url, "kafka": kafka_url, "influx": influx.url, "org": org}
    _clean(pg_url, es_url, kafka_url)


def tamper(servers: dict[str, str], token: str) -> None:
    """One change behind reconcile's back in each backend."""
    with psycopg.connect(servers["pg"] + "auth_db", autocommit=True) as conn:
        conn.execute("ALTER TABLE users ADD COLUMN tampered integer")
    redis.Redis.from_url(servers["redis"]).set("ai4i:config:cache:default_ttl", "1")
    with InfluxDBClient(url=servers["influx"], token=token) as client:
        bucket = client.buckets_api().find_bucket_by_name("system_performance")
        bucket.retention_rules[0].every_seconds = 3 * 86_400
        client.buckets_api().update_bucket(bucket)
    Elasticsearch(servers["es"]).indices.put_settings(index="error-logs", settings={"refresh_interval": "30s"})
    entry = ConfigEntry("retention.ms", "1000", incremental_operation=AlterConfigOpType.SET)
    resource = ConfigResource(ResourceType.TOPIC, "audit-logs", incremental_configs=[entry])
    admin = AdminClient({"bootstrap.servers": servers["kafka"]})
    next(iter(admin.incremental_alter_configs([resource]).values())).result()


def test_the_ai4i_state_end_to_end(everything: dict[str, str], influx: InfluxServer, tmp_path: Path) -> None:
    validated = reconcile("validate")
    assert validated.returncode == 0 and "postgres, redis, influxdb, elasticsearch, kafka" in validated.stdout

    planned = reconcile("plan", "--detailed-exitcode", "--no-sql")
    assert planned.returncode == 2, planned.stderr
    for title in ("PostgreSQL · auth_db", "Redis · db0", f"InfluxDB · {everything['org']}", "Elasticsearch", "Kafka"):
        assert title in planned.stdout
    assert "to add, 0 to change, 0 to destroy." in planned.stdout

    applied = reconcile("apply", "--auto-approve", "--no-sql")
    assert applied.returncode == 0, applied.stdout + applied.stderr
    assert "Converged" in applied.stdout and "kafka: 4 change(s) applied" in applied.stdout
    assert reconcile("drift", "--fail-on-diff").returncode == 0

    tamper(everything, influx.token)
    drift = reconcile("drift", "--fail-on-diff", "--no-sql")
    assert drift.returncode == 2, drift.stderr
    for named in (
        "table.users.column.tampered",
        "ai4i:config:cache:default_ttl",
        "bucket.system_performance",
        "error-logs",
        "audit-logs",
    ):
        assert named in drift.stdout, named
    markdown = reconcile("drift", "--fail-on-diff", "--format", "markdown")
    assert markdown.returncode == 2 and markdown.stdout.startswith("### reconcile drift")
    assert markdown.stdout.index("Needs attention") < markdown.stdout.index("<details>")

    assert reconcile("apply", "--auto-approve").returncode == 1  # dropping the extra column needs the flag
    repaired = reconcile("apply", "--auto-approve", "--allow-destructive", "--no-sql")
    assert repaired.returncode == 0, repaired.stdout + repaired.stderr
    assert reconcile("drift", "--fail-on-diff").returncode == 0


def test_a_failed_apply_says_what_was_applied_and_a_rerun_converges(everything: dict[str, str], tmp_path: Path) -> None:
    state = tmp_path / "state"
    state.mkdir()
    shutil.copy(ROOT / "state" / "redis.yaml", state / "redis.yaml")
    text = (ROOT / "state" / "elasticsearch.yaml").read_text()
    (state / "elasticsearch.yaml").write_text(text.replace("level: {type: keyword}", "level: {type: nonsense}", 1))
    failed = reconcile("apply", "--state", state, "--auto-approve", "--no-sql")
    assert failed.returncode == 1
    assert "elasticsearch failed. Applied (" in failed.stderr
    assert "redis.db0.key.ai4i:config:cache:enabled" in failed.stderr.split("Not applied")[0]
    assert "elasticsearch.cluster.index.application-logs" in failed.stderr.split("Not applied")[1]
    (state / "elasticsearch.yaml").write_text(text)
    rerun = reconcile("apply", "--state", state, "--auto-approve", "--no-sql")
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert "redis:" not in rerun.stdout  # Redis was already done: only Elasticsearch is left
    assert reconcile("drift", "--state", state, "--fail-on-diff").returncode == 0


def test_export_round_trips_every_backend(everything: dict[str, str], tmp_path: Path) -> None:
    assert reconcile("apply", "--auto-approve", "--no-sql").returncode == 0
    out = tmp_path / "exported"
    exports = [
        ("postgres", *(a for db in DATABASES for a in ("--database", db))),
        ("redis", "--prefix", "ai4i:config:", "--prefix", "ai4i:feature_flags:", "--prefix", "ai4i:stats:"),
        ("influxdb",),
        ("elasticsearch", *(a for name in (*INDICES, "logs-template") for a in ("--prefix", name))),
        ("kafka", *(a for topic in TOPICS for a in ("--prefix", topic))),
    ]
    for backend, *options in exports:
        exported = reconcile("export", "--only", backend, *options, "--out", out)
        assert exported.returncode == 0, exported.stderr
    assert reconcile("validate", "--state", out).returncode == 0
    planned = reconcile("plan", "--state", out, "--detailed-exitcode")
    assert planned.returncode == 0, planned.stdout + planned.stderr
    assert "No changes" in planned.stdout


def test_committed_schemas_match_what_the_command_writes(tmp_path: Path) -> None:
    written = reconcile("schema", "--out", tmp_path)
    assert written.returncode == 0, written.stderr
    for schema in sorted((ROOT / "schema").glob("*.json")):
        assert (tmp_path / schema.name).read_text() == schema.read_text(), f"{schema.name} is stale"
