"""Tenant schemas are read in batches: a plan is the same whatever the batch size, and each batch is one round trip."""

from __future__ import annotations

import json
from typing import Any

import pytest

from reconciler.postgres import tenant_batches
from reconciler.postgres.executor import LIVE_SNAPSHOT
from tests.conftest import Cli, StateDir, sql
from tests.postgres.test_schema_templates import PUBLIC, TEMPLATE, _with_note

TENANTS = tuple(f"tenant_{n}" for n in range(5))


def test_batches_cover_every_schema_once_in_order() -> None:
    names = [f"s{n}" for n in range(7)]
    assert list(tenant_batches.batches(names, 3)) == [["s0", "s1", "s2"], ["s3", "s4", "s5"], ["s6"]]
    assert list(tenant_batches.batches([], 3)) == []


@pytest.fixture
def drifted(cli: Cli, state: StateDir, pg_url: str) -> StateDir:
    """Five tenants with the template applied, then one hand-made column and one loosened NOT NULL, and a new column."""
    state.write(PUBLIC)
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    for name in TENANTS:
        sql(pg_url, state.dbname, f"CREATE SCHEMA {name}")
    state.write(PUBLIC + TEMPLATE)
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    sql(pg_url, state.dbname, "ALTER TABLE tenant_1.documents ADD COLUMN legacy int")
    sql(pg_url, state.dbname, "ALTER TABLE tenant_3.documents ALTER COLUMN owner DROP NOT NULL")
    state.write(PUBLIC + _with_note(TEMPLATE))
    return state


def _plan(cli: Cli, state: StateDir, *args: str) -> str:
    assert cli("plan", "--state", state.root, *args) == 0, cli.out + cli.err
    return cli.out


def _undated(text: str) -> dict[str, Any]:
    """The JSON plan without the moment it was made (its time, and the server's snapshot it read the schema at)."""
    plan = {k: v for k, v in json.loads(text).items() if "_at" not in k and k != "created"}
    for context in plan["contexts"].values():
        context.pop(LIVE_SNAPSHOT)
    return plan


def test_plan_is_the_same_with_batches_of_two(cli: Cli, drifted: StateDir, monkeypatch: pytest.MonkeyPatch) -> None:
    whole_json, whole_text = _undated(_plan(cli, drifted, "--format", "json")), _plan(cli, drifted)
    monkeypatch.setattr(tenant_batches, "TENANT_BATCH", 2)
    assert _undated(_plan(cli, drifted, "--format", "json")) == whole_json
    assert _plan(cli, drifted) == whole_text
    changes = whole_json["changes"]
    assert [c["tenant"] for c in changes if c["address"].endswith(".column.note")] == list(TENANTS)
    assert "tenant_1.documents.column.legacy" in whole_text and "left alone" in whole_text
    assert "~ table.documents.column.owner in tenant_3" in whole_text


def test_each_batch_is_three_round_trips(drifted: StateDir, monkeypatch: pytest.MonkeyPatch, pg_url: str) -> None:
    from reconciler.postgres.backend import PostgresBackend

    monkeypatch.setenv("RECONCILE_POSTGRES_URL", pg_url)
    trips = []
    for size in (500, 2):
        monkeypatch.setattr(tenant_batches, "TENANT_BATCH", size)
        backend = PostgresBackend(drifted.root)
        backend.plan(drifted.root)
        trips.append(backend.stats.round_trips)
    # Each batch: which kinds exist, the objects' queries, then the relations'. Five tenants: one batch at 500 a
    # batch, three at 2.
    assert trips[1] - trips[0] == 2 * 3
