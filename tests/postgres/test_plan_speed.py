"""What keeps a large plan fast without changing it: the collector paused and threads switched often around
plans, inspection without JIT, catalog queries never prepared."""

from __future__ import annotations

import gc
import sys

from reconciler.postgres.connection import connect
from reconciler.postgres.inspector import inspect_database
from reconciler.postgres.interpreter_settings import SWITCH_INTERVAL, planning


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
