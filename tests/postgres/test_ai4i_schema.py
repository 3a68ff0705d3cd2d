"""Acceptance: state/ applied to an empty server is exactly the AI4I reference catalog."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from devtools.pgcluster import Cluster
from reconciler.cli import main
from tests.conftest import Cli, sql
from tests.postgres.inventory import inventory

ROOT = Path(__file__).resolve().parents[2]
STATE = ROOT / "state"
FIXTURES = ROOT / "tests" / "fixtures" / "ai4i" / "postgres"
DATABASES = ("auth_db", "config_db", "model_management_db", "multi_tenant_db")


@pytest.fixture(scope="module")
def applied(pg_cluster: Cluster) -> Iterator[str]:
    """Apply the shipped state once for the module; yields the server URL."""
    url = f"postgresql://postgres@127.0.0.1:{pg_cluster.port}/"
    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.setenv("RECONCILE_POSTGRES_URL", url)
    try:
        assert main(["apply", "--state", str(STATE), "--only", "postgres", "--auto-approve", "--no-color"]) == 0
        yield url
    finally:
        monkeypatch.undo()
        with psycopg.connect(url + "postgres", autocommit=True) as conn:
            for db in DATABASES:
                conn.execute(f"DROP DATABASE IF EXISTS {db} WITH (FORCE)".encode())


@pytest.mark.parametrize("database", DATABASES)
def test_catalog_matches_reference_object_by_object(applied: str, database: str) -> None:
    want = json.loads((FIXTURES / f"{database}.json").read_text())
    got = inventory(applied, database)
    for kind in ("enums", "extensions", "functions", "sequences", "views"):
        assert got[kind] == want[kind], kind
    assert sorted(got["tables"]) == sorted(want["tables"])
    for table, expected in want["tables"].items():
        for part in ("columns", "constraints", "indexes", "triggers"):
            assert got["tables"][table][part] == expected[part], f"{database}.{table} {part}"


def test_totals_match_the_reference_table(applied: str) -> None:
    totals = {"tables": 0, "columns": 0, "indexes": 0, "constraints": 0, "triggers": 0, "functions": 0, "enums": 0}
    for database in DATABASES:
        inv = inventory(applied, database)
        totals["tables"] += len(inv["tables"])
        totals["functions"] += len(inv["functions"])
        totals["enums"] += len(inv["enums"])
        for table in inv["tables"].values():
            for part in ("columns", "indexes", "constraints", "triggers"):
                totals[part] += len(table[part])
    assert totals == {
        "tables": 47,
        "columns": 453,
        "indexes": 167,
        "constraints": 143,
        "triggers": 28,
        "functions": 5,
        "enums": 2,
    }


def test_updated_at_trigger_function_behaves(applied: str) -> None:
    """Function bodies are compared by behaviour: an UPDATE moves updated_at forward."""
    sql(
        applied,
        "config_db",
        "INSERT INTO feature_flags (name, environment, updated_at) VALUES ('t_flag', 'test', '2000-01-01')",
    )
    sql(applied, "config_db", "UPDATE feature_flags SET description = 'x' WHERE name = 't_flag'")
    rows = sql(applied, "config_db", "SELECT updated_at > '2000-01-02' FROM feature_flags WHERE name = 't_flag'")
    sql(applied, "config_db", "DELETE FROM feature_flags WHERE name = 't_flag'")
    assert rows == [(True,)]


def test_version_status_trigger_only_fires_on_status_change(applied: str) -> None:
    db = "model_management_db"
    sql(
        applied,
        db,
        "INSERT INTO models (model_id, name, version, inference_endpoint, submitted_on, submitter, task,"
        " version_status_updated_at) VALUES ('m1', 'm', '1', '{}', 0, '{}', '{}', '2000-01-01')",
    )
    try:
        sql(applied, db, "UPDATE models SET description = 'other column' WHERE model_id = 'm1'")
        unchanged = sql(
            applied, db, "SELECT version_status_updated_at = '2000-01-01' FROM models WHERE model_id = 'm1'"
        )
        sql(applied, db, "UPDATE models SET version_status = 'DEPRECATED' WHERE model_id = 'm1'")
        moved = sql(applied, db, "SELECT version_status_updated_at > '2000-01-02' FROM models WHERE model_id = 'm1'")
    finally:
        sql(applied, db, "DELETE FROM models WHERE model_id = 'm1'")
    assert unchanged == [(True,)]
    assert moved == [(True,)]


def test_drift_is_clean_and_tenant_schemas_are_left_alone(
    applied: str, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RECONCILE_POSTGRES_URL", applied)
    assert cli("drift", "--state", STATE, "--fail-on-diff") == 0, cli.out
    sql(applied, "multi_tenant_db", "CREATE SCHEMA tenant_acme; CREATE TABLE tenant_acme.orders (id int)")
    try:
        assert cli("drift", "--state", STATE, "--fail-on-diff") == 0, cli.out
        assert cli("apply", "--state", STATE, "--auto-approve", "--allow-destructive") == 0
        assert sql(applied, "multi_tenant_db", "SELECT count(*) FROM tenant_acme.orders") == [(0,)]
    finally:
        sql(applied, "multi_tenant_db", "DROP SCHEMA tenant_acme CASCADE")
