"""`--shard I/N` on a real fleet: tenants created by plain SQL, shards planned and applied one by one."""

from __future__ import annotations

import json
from pathlib import Path

import psycopg
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
        # Tenants fall into shards by a hash of database and schema, and the database's name is new in every
        # run: a shard may hold none of the 12 (about one run in 70), and then has nothing to apply.
        holds = bool(_planned(cli, fleet.root, "--shard", f"{i}/{SHARDS}")["changes"])
        code = cli("apply", "--state", fleet.root, "--auto-approve", "--shard", f"{i}/{SHARDS}")
        assert code == 0, cli.out + cli.err
        # The closing plan looks at this shard only.
        assert ("Converged" if holds else "No changes") in cli.out, cli.out
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


def _shard_reports(cli: Cli, state: Path, folder: Path, command: str, *extra: str) -> list[Path]:
    """Every shard's `--format json` output, saved as the CI matrix or the Indexed Job would save it."""
    files = []
    for i in range(1, SHARDS + 1):
        code = cli(command, "--state", state, "--format", "json", "--shard", f"{i}/{SHARDS}", *extra)
        assert code in (0, 1), cli.out + cli.err
        path = folder / f"{command}-{i}.json"
        path.write_text(cli.out)
        files.append(path)
    return files


def test_merged_plan_groups_every_shards_tenants(cli: Cli, fleet: StateDir, tmp_path: Path) -> None:
    files = _shard_reports(cli, fleet.root, tmp_path, "plan")
    assert cli("report", "merge", *files, "--fail-on-diff") == 2, cli.out + cli.err
    assert "3 of 3 shards" in cli.out
    assert "+ table.documents in 12 of 12 schemas (all of them)" in cli.out, cli.out
    assert cli("report", "merge", *files, "--format", "json") == 0, cli.err
    merged = json.loads(cli.out)
    assert sorted(c["tenant"] for c in merged["changes"] if c["tenant"] and c["kind"] == "table") == TENANTS
    assert merged["missing_shards"] == []
    # A shard that sent nothing makes the merged plan incomplete: exit 1, naming it.
    assert cli("report", "merge", files[0], files[2]) == 1
    assert "missing (no report, so unknown): 2/3" in cli.out and "2/3" in cli.err


def test_merged_apply_lists_failures_by_tenant_and_converges_on_rerun(
    cli: Cli, fleet: StateDir, pg_url: str, tmp_path: Path
) -> None:
    base = ["--auto-approve", "--lock-timeout", "200ms", "--lock-retries", "0"]
    assert cli("apply", "--state", fleet.root, *base) == 0, cli.out + cli.err  # the fleet has its documents table
    fleet.write(FLEET + "          note: text\n")
    with psycopg.connect(pg_url + fleet.dbname) as blocker:
        blocker.execute("SELECT * FROM tenant_05.documents")  # holds its lock until rollback
        files = _shard_reports(cli, fleet.root, tmp_path, "apply", *base)
        blocker.rollback()
    docs = [json.loads(f.read_text()) for f in files]
    assert sorted(d["exit_code"] for d in docs) == [0, 0, 1]
    assert cli("report", "merge", *files) == 1, cli.out + cli.err
    assert "1 tenant schema(s) failed" in cli.out and f"postgres {fleet.dbname} / tenant_05:" in cli.out, cli.out
    assert cli("report", "merge", *files, "--format", "json") == 1
    merged = json.loads(cli.out)
    assert [(f["scope"], f["tenant"]) for f in merged["failures"]] == [(fleet.dbname, "tenant_05")]
    assert len(merged["applied"]) == len(TENANTS) - 1 and merged["converged"] is False
    assert cli("report", "merge", *files, "--format", "markdown") == 1
    assert f"| `{fleet.dbname}` | `tenant_05` |" in cli.out, cli.out
    rerun = _shard_reports(cli, fleet.root, tmp_path, "apply", *base)
    assert cli("report", "merge", *rerun) == 0, cli.out + cli.err
    assert "Applied 1 change(s) across 3 of 3 shards" in cli.out and "Converged" in cli.out, cli.out


@pytest.mark.parametrize(
    "selector", ['match: "tenant_*"', "query: SELECT nspname FROM pg_namespace WHERE nspname LIKE 'tenant%'"]
)
def test_undeclared_schemas_drop_never_drops_a_schema_a_template_selects(
    cli: Cli, fleet: StateDir, pg_url: str, selector: str
) -> None:
    sql(pg_url, fleet.dbname, "CREATE SCHEMA scratch; CREATE TABLE scratch.t (id int)")
    sql(pg_url, fleet.dbname, "CREATE TABLE tenant_03.hand_made (id int)")  # inside a tenant: theirs, kept
    fleet.write("undeclared_schemas: drop\n" + FLEET.replace('match: "tenant_*"', selector))
    for shard in ([], *(["--shard", f"{i}/{SHARDS}"] for i in range(1, SHARDS + 1))):
        plan = _planned(cli, fleet.root, *shard)
        dropped = {c["address"] for c in plan["changes"] if c["action"] == "delete"}  # type: ignore[attr-defined]
        assert not any("tenant_" in address for address in dropped), dropped
    assert cli("apply", "--state", fleet.root, "--auto-approve", "--allow-destructive") == 0, cli.out + cli.err
    schemas = {str(r[0]) for r in sql(pg_url, fleet.dbname, "SELECT nspname FROM pg_namespace")}
    assert "scratch" not in schemas and set(TENANTS) <= schemas
    assert sql(pg_url, fleet.dbname, "SELECT count(*) FROM pg_tables WHERE schemaname = 'tenant_03'") == [(2,)]
