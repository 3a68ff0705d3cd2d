"""`--shard I/N` on a real fleet: tenants created by plain SQL, shards planned and applied one by one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Cli, StateDir, sql

FLEET = """
schemas:
  public:
    tables:
      tenants:
        columns:
          id: {type: int, primary_key: true}
schema_templates:
  tenant:
    match: "tenant_*"
    tables:
      documents:
        columns:
          id: {type: int, primary_key: true}
          title: text
"""
TENANTS = [f"tenant_{n:02d}" for n in range(12)]
SHARDS = 3


@pytest.fixture
def fleet(state: StateDir, pg_url: str) -> StateDir:
    """Twelve tenant schemas, as the tenant service makes them: plain SQL, nothing inside."""
    sql(pg_url, "postgres", f'CREATE DATABASE "{state.dbname}"')
    sql(pg_url, state.dbname, "; ".join(f"CREATE SCHEMA {t}" for t in TENANTS))
    state.write(FLEET)
    return state


def _planned(cli: Cli, state: Path, *extra: str) -> dict[str, object]:
    assert cli("plan", "--state", state, "--format", "json", *extra) == 0, cli.err
    return dict(json.loads(cli.out))


def _tenants(plan: dict[str, object]) -> set[str]:
    return {str(c["tenant"]) for c in plan["changes"] if c["tenant"]}  # type: ignore[attr-defined]


def test_shards_cover_every_tenant_exactly_once_and_the_same_on_every_run(cli: Cli, fleet: StateDir) -> None:
    shards = [_tenants(_planned(cli, fleet.root, "--shard", f"{i}/{SHARDS}")) for i in range(1, SHARDS + 1)]
    assert sorted(t for shard in shards for t in shard) == TENANTS  # every tenant, none twice
    again = [_tenants(_planned(cli, fleet.root, "--shard", f"{i}/{SHARDS}")) for i in range(1, SHARDS + 1)]
    assert again == shards
    # The database's own change (public.tenants) belongs to one shard only, so two machines never race on it.
    own = [
        i
        for i in range(1, SHARDS + 1)
        if any(c["tenant"] is None for c in _planned(cli, fleet.root, "--shard", f"{i}/{SHARDS}")["changes"])  # type: ignore[attr-defined]
    ]
    assert len(own) == 1, own
    assert _planned(cli, fleet.root, "--shard", "1/3")["shard"] == "1/3"


def test_applying_shard_by_shard_converges_the_whole_fleet(cli: Cli, fleet: StateDir, pg_url: str) -> None:
    for i in range(1, SHARDS + 1):
        code = cli("apply", "--state", fleet.root, "--auto-approve", "--shard", f"{i}/{SHARDS}")
        assert code == 0, cli.out + cli.err
        assert "Converged" in cli.out  # the closing plan looks at this shard only
    rows = sql(pg_url, fleet.dbname, "SELECT count(*) FROM pg_tables WHERE tablename = 'documents'")
    assert rows == [(len(TENANTS),)]
    assert cli("plan", "--state", fleet.root, "--detailed-exitcode") == 0, cli.out + cli.err


def test_a_saved_plan_keeps_its_shard(cli: Cli, fleet: StateDir, tmp_path: Path) -> None:
    saved = tmp_path / "plan.json"
    assert cli("plan", "--state", fleet.root, "--shard", "2/3", "--out", saved) == 0, cli.err
    assert json.loads(saved.read_text())["shard"] == "2/3"
    assert cli("apply", saved, "--state", fleet.root, "--auto-approve", "--shard", "1/3") == 1
    assert "--shard cannot change a saved plan's shard" in cli.err, cli.err
    assert cli("apply", saved, "--state", fleet.root, "--auto-approve") == 0, cli.out + cli.err
    assert cli("plan", "--state", fleet.root, "--shard", "2/3", "--detailed-exitcode") == 0, cli.out + cli.err
