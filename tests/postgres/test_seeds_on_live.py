"""Seed rows of a database whose schema has nothing to change are staged against its live tables, not a trial.

The recorded normalized schema serves the schema; the live tables then have the column types the trial would
give, so the declared values are COPYed into temporary tables made from them, in a transaction that is rolled
back. The same errors name the same file and line, and apply still proves nothing committed since its plan.
"""

from __future__ import annotations

import re
from typing import Any

import psycopg
import pytest

from devtools import pgcluster
from reconciler.postgres.inspector import inspect_database
from reconciler.postgres.model import Database
from tests.conftest import Cli, StateDir, sql
from tests.postgres.test_normalization_cache import trials
from tests.postgres.test_seeds import ACCOUNTS, ROLES, SCHEMA, SEED_ERRORS, apply, seed_state, write_seed

ON_LIVE_ERRORS = ["unknown enum label", "precision lost", "not null missing", "dangling reference"]


@pytest.fixture
def converged(cli: Cli, state: StateDir, pg_url: str, monkeypatch: pytest.MonkeyPatch) -> StateDir:
    """test_seeds' state applied (its closing plan records the normalized schema), every statement logged."""
    apply(cli, seed_state(state, monkeypatch))
    sql(pg_url, "postgres", f"ALTER DATABASE {state.dbname} SET log_statement = 'all'")
    return state


def test_a_row_edit_is_planned_without_a_trial_and_applied_without_inspecting_again(
    cli: Cli,
    converged: StateDir,
    pg_url: str,
    pg_cluster: pgcluster.Cluster,
    monkeypatch: pytest.MonkeyPatch,
    no_background_commits: None,
) -> None:
    before = trials(pg_cluster)
    assert cli("plan", "--state", converged.root, "--detailed-exitcode") == 0, cli.out + cli.err
    write_seed(converged, "roles", ROLES.replace("description: Reads", "description: Reads only"))
    assert cli("plan", "--state", converged.root, "--detailed-exitcode") == 2, cli.out + cli.err
    assert "reader" in cli.out and "Reads only" in cli.out, cli.out
    assert trials(pg_cluster) == before
    log = (pg_cluster.directory / "server.log").read_text(errors="replace")
    staged = r'CREATE TEMP TABLE "_reconcile_stage_\d+" AS SELECT .* FROM "public"\."roles" AS t'
    assert re.search(staged, log), log[-3000:]

    inspected: list[str] = []

    def counted(conn: psycopg.Connection[Any], database: str, *args: Any, **kwargs: Any) -> Database:
        inspected.append(database)
        return inspect_database(conn, database, *args, **kwargs)

    monkeypatch.setattr("reconciler.postgres.executor.inspect_database", counted)
    apply(cli, converged)
    assert inspected == []  # the staging transaction rolled back: apply proved nothing committed since its plan
    assert sql(pg_url, converged.dbname, "SELECT description FROM roles WHERE name = 'reader'") == [("Reads only",)]
    assert trials(pg_cluster) == before
    assert cli("plan", "--state", converged.root, "--detailed-exitcode") == 0, cli.out + cli.err


def test_a_rejected_value_names_file_and_line_as_the_trial_does(
    cli: Cli, converged: StateDir, pg_url: str, pg_cluster: pgcluster.Cluster
) -> None:
    before = trials(pg_cluster)
    for case in ON_LIVE_ERRORS:  # one converged database for all: a refused plan changes nothing
        table, body, line, message = SEED_ERRORS[case]
        rows = sql(pg_url, converged.dbname, f"SELECT * FROM {table} ORDER BY 1")
        path = converged.root / "seeds" / converged.dbname / f"{table}.yaml"
        good = path.read_text()
        write_seed(converged, table, body)
        assert cli("apply", "--state", converged.root, "--auto-approve") == 1, case
        assert f"state/seeds/{converged.dbname}/{table}.yaml:{line}:" in cli.err, cli.err
        assert message in re.sub(r"\s+", " ", cli.err), cli.err
        assert "Traceback" not in cli.err
        assert sql(pg_url, converged.dbname, f"SELECT * FROM {table} ORDER BY 1") == rows
        path.write_text(good)
    assert trials(pg_cluster) == before


def test_rows_for_a_column_the_same_plan_adds_are_staged_in_the_trial(
    cli: Cli, converged: StateDir, pg_url: str, pg_cluster: pgcluster.Cluster
) -> None:
    converged.write(SCHEMA.replace("          active: boolean", "          active: boolean\n          seats: smallint"))
    accounts = ACCOUNTS.format(policy="managed").replace("active: true", "active: true\n    seats: 40000")
    write_seed(converged, "accounts", accounts)
    before = trials(pg_cluster)
    assert cli("plan", "--state", converged.root) == 1  # the live table has no such column to check it against
    assert "rows.0.seats: PostgreSQL rejects this value" in cli.err and "out of range" in cli.err, cli.err
    assert trials(pg_cluster) > before

    write_seed(converged, "accounts", accounts.replace("40000", "40"))
    apply(cli, converged)
    assert sql(pg_url, converged.dbname, "SELECT seats FROM accounts") == [(40,)]
    assert cli("plan", "--state", converged.root, "--detailed-exitcode") == 0, cli.out + cli.err
