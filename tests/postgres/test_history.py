"""Apply records, `reconcile history` and `reconcile status`."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any, cast

import pytest

from tests.conftest import Cli, StateDir, sql
from tests.postgres.states import ITEMS


def records(url: str, db: str) -> list[dict[str, Any]]:
    rows = sql(url, db, "SELECT record FROM _reconcile.applies ORDER BY started_at, id")
    return [cast(dict[str, Any], row[0]) for row in rows]


def test_every_apply_is_recorded_in_its_database_with_who_and_which_revision(
    cli: Cli, state: StateDir, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = state.root.parent
    state.write(ITEMS)
    subprocess.run(["git", "-C", str(repo), "init", "-q"], check=True)
    subprocess.run(["git", "-C", str(repo), "add", "-A"], check=True)
    subprocess.run(
        ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@x", "commit", "-qm", "items"], check=True
    )
    head = subprocess.run(["git", "-C", str(repo), "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
    monkeypatch.setenv("GITHUB_ACTOR", "octocat")
    monkeypatch.setenv("GITHUB_RUN_ID", "4242")
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.err
    [record] = records(pg_url, state.dbname)
    assert record["outcome"] == "applied" and record["revision"] == head and record["dirty"] is False
    assert record["ci"] == {"GITHUB_ACTOR": "octocat", "GITHUB_RUN_ID": "4242"}
    assert {c["address"] for c in record["changes"]} >= {f"postgres.{state.dbname}.table.items"}
    assert len(str(record["plan_digest"])) == 64

    # A failing apply is recorded too, with what was not applied and why.
    sql(pg_url, state.dbname, "INSERT INTO items (name) VALUES ('a')")
    state.write(ITEMS + "          code: {type: text, nullable: false}\n")
    assert cli("apply", "--state", state.root, "--auto-approve") == 1
    failed = records(pg_url, state.dbname)[-1]
    assert failed["outcome"] == "failed" and failed["dirty"] is True
    assert failed["changes"] == [
        {"address": f"postgres.{state.dbname}.table.items.column.code", "action": "create", "outcome": "not applied"}
    ]
    assert "contains null values" in str(failed["error"])

    assert cli("history", "--state", state.root) == 0
    lines = cli.out.splitlines()
    assert lines[0].startswith(f"postgres {state.dbname}: ") and ": failed, 1 change(s)" in lines[0], cli.out
    assert "by " in lines[0] and "(with uncommitted changes)" in lines[0]
    assert "  not applied: create postgres." in lines[1]
    assert cli("history", "--state", state.root, "--format", "json", "-n", "1") == 0
    assert [r["outcome"] for r in json.loads(cli.out)["records"]] == ["failed"]
    assert cli("history", "--state", state.root, "--target", f"postgres.{state.dbname}.table.items.column.code") == 0
    assert cli.out.count(f"postgres {state.dbname}:") == 1


def test_the_history_table_is_never_planned_exported_or_declarable(
    cli: Cli, state: StateDir, pg_url: str, tmp_path: Path
) -> None:
    state.write(ITEMS)
    assert cli("apply", "--state", state.root, "--auto-approve") == 0
    assert sql(pg_url, state.dbname, "SELECT count(*) FROM _reconcile.applies") == [(1,)]
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 0, cli.out
    assert cli("export", "--only", "postgres", "--database", state.dbname, "--out", tmp_path / "out") == 0, cli.err
    assert "_reconcile" not in (tmp_path / "out" / "postgres" / f"{state.dbname}.yaml").read_text()
    state.write(ITEMS.replace("public:", "_reconcile:"))
    assert cli("validate", "--state", state.root) == 1
    assert "schemas._reconcile: schema names starting with _reconcile are reconcile's own" in cli.err


def test_other_backends_are_recorded_in_the_history_store_or_say_they_were_not(
    cli: Cli, tmp_path: Path, redis_url: str, pg_url: str, dbname: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    state = tmp_path / "state"
    state.mkdir()
    (state / "redis.yaml").write_text('keys:\n  "app:k": v\n')
    assert cli("apply", "--state", state, "--only", "redis", "--auto-approve") == 0, cli.err
    assert "redis db0: this apply was not recorded: set RECONCILE_HISTORY_URL" in cli.err, cli.err

    sql(pg_url, "postgres", f'CREATE DATABASE "{dbname}"')
    monkeypatch.setenv("RECONCILE_HISTORY_URL", pg_url + dbname)
    (state / "redis.yaml").write_text('keys:\n  "app:k": w\n')
    assert cli("apply", "--state", state, "--only", "redis", "--auto-approve") == 0, cli.err
    assert "not recorded" not in cli.err
    assert cli("history", "--state", state, "--only", "redis") == 0
    assert cli.out.startswith("redis db0: ") and "applied, 1 change(s)" in cli.out, cli.out
    assert "  applied: update redis.db0.key.app:k" in cli.out


def test_status_names_the_last_apply_and_what_changed_since(cli: Cli, state: StateDir, pg_url: str) -> None:
    state.write(ITEMS)
    assert cli("apply", "--state", state.root, "--auto-approve") == 0
    assert cli("status", "--state", state.root, "--fail-on-diff") == 0, cli.out + cli.err
    assert cli.out.startswith("postgres: in sync\n  last apply: ") and ": applied, " in cli.out, cli.out

    sql(pg_url, state.dbname, "DROP TABLE items")
    assert cli("status", "--state", state.root, "--fail-on-diff") == 2
    assert "postgres: 2 change(s) to converge" in cli.out  # the table and its serial's sequence
    assert f"  changed since by someone else: postgres.{state.dbname}.table.items" in cli.out, cli.out
    assert cli("status", "--state", state.root, "--format", "json") == 0
    [backend] = json.loads(cli.out)["backends"]
    assert backend["in_sync"] is False and backend["last_apply"]["outcome"] == "applied"
    assert sorted(backend["changed_since_last_apply"]) == [
        f"postgres.{state.dbname}.sequence.items_id_seq",
        f"postgres.{state.dbname}.table.items",
    ]
