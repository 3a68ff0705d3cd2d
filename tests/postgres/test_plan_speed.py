"""What keeps a large plan fast without changing it: the collector paused and threads switched often around
plans, models kept alive where the process exits without freeing them, inspection without JIT, catalog queries
never prepared, no dependency graph built for a no-op diff."""

from __future__ import annotations

import gc
import sys

import pytest

from reconciler.postgres import dependencies, interpreter_settings
from reconciler.postgres.backend import PostgresBackend
from reconciler.postgres.connection import connect
from reconciler.postgres.differ import diff
from reconciler.postgres.inspector import inspect_database
from reconciler.postgres.interpreter_settings import SWITCH_INTERVAL, planning, release, retired_count
from tests.conftest import Cli, StateDir


def test_the_collector_and_the_switch_interval_come_back_after_the_last_of_overlapping_plans() -> None:
    assert gc.isenabled()
    before = sys.getswitchinterval()
    with planning():
        assert not gc.isenabled() and sys.getswitchinterval() == SWITCH_INTERVAL
        with planning():
            assert not gc.isenabled() and sys.getswitchinterval() == SWITCH_INTERVAL
        assert not gc.isenabled() and sys.getswitchinterval() == SWITCH_INTERVAL
    assert gc.isenabled() and sys.getswitchinterval() == before


def test_a_collector_turned_off_before_a_plan_stays_off() -> None:
    gc.disable()
    try:
        with planning():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_plan_frees_its_models_as_it_returns_unless_told_to_keep_them(state: StateDir, cli: Cli) -> None:
    state.write("schemas: {public: {tables: {t: {columns: {id: {type: int, primary_key: true}}}}}}")
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    assert PostgresBackend(state.root).plan(state.root).changes == []
    assert retired_count() == 0


def test_plans_kept_alive_hold_one_plans_models_out_of_the_collectors_reach(
    state: StateDir, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The `reconcile` command exits without freeing (os._exit), so its plans keep their models rather than free
    them as they return, out of the collector's reach (frozen); the next plan frees the earlier one's."""
    state.write("schemas: {public: {tables: {t: {columns: {id: {type: int, primary_key: true}}}}}}")
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    frozen = gc.get_freeze_count()
    monkeypatch.setattr(interpreter_settings, "_keeping", True)
    try:
        first = PostgresBackend(state.root).plan(state.root)
        # The database's desired and live models, the loaded files, the live inspection's catalog rows.
        assert retired_count() == 3
        assert gc.get_freeze_count() > frozen and gc.isenabled()
        state.write("schemas: {public: {tables: {t: {columns: {id: {type: bigint, primary_key: true}}}}}}")
        second = PostgresBackend(state.root).plan(state.root)
        assert retired_count() == 3  # the first plan's were freed as the second began
    finally:
        release()
        gc.unfreeze()
    assert retired_count() == 0
    assert first.changes == []
    assert [c.address for c in second.changes] == [f"postgres.{state.dbname}.table.t.column.id"]


def test_inspection_runs_without_jit(pg_url: str) -> None:
    """JIT compiling the catalog queries of a large schema cost seconds for queries of milliseconds."""
    with connect(pg_url, None) as conn:
        conn.execute("SET jit = on")
        inspect_database(conn, "postgres", ["public"])
        assert conn.execute("SELECT current_setting('jit')").fetchone() == ("off",)


def test_inspecting_batch_after_batch_on_one_connection_never_prepares_the_catalog_queries(pg_url: str) -> None:
    """A prepared catalog query turns generic after a few runs, blind to which schemas it reads.

    psycopg prepares a statement from its 5th run, and from the 11th the server used a generic plan for
    dependencies.sql that read every tenant schema of a fleet: ten times slower per batch. Twelve
    inspections on one connection must leave no prepared statement behind.
    """
    with connect(pg_url, None) as conn:
        for _ in range(12):
            inspect_database(conn, "postgres", ["public"])
        assert conn.execute("SELECT count(*) FROM pg_prepared_statements").fetchone() == (0,)


def test_a_diff_without_changes_builds_no_dependency_graph(pg_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The graphs order changes and find what a change takes along; with nothing to change neither is needed
    (building the live one was 50 ms of a 2,000-table no-op plan), partitions with attached indexes included."""
    with connect(pg_url, None) as conn, conn.transaction(force_rollback=True):
        conn.execute("CREATE SCHEMA no_op_graph")
        conn.execute("CREATE TABLE no_op_graph.p (id int, d date, PRIMARY KEY (id, d)) PARTITION BY RANGE (d)")
        conn.execute("CREATE INDEX p_id ON no_op_graph.p (id)")
        conn.execute(
            "CREATE TABLE no_op_graph.p1 PARTITION OF no_op_graph.p FOR VALUES FROM ('2020-01-01') TO ('2021-01-01')"
        )
        live = inspect_database(conn, "postgres", ["no_op_graph"])
        desired = inspect_database(conn, "postgres", ["no_op_graph"])
    assert live.tables["no_op_graph.p1"].attached_indexes

    def refused(*args: object, **kwargs: object) -> None:
        raise AssertionError("a dependency graph was built for a diff without changes")

    monkeypatch.setattr(dependencies.DependencyGraph, "__init__", refused)
    assert diff(desired, live) == []
