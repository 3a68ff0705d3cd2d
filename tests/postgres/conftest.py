"""Fixtures of the PostgreSQL tests."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
import yaml

from devtools import pgcluster
from reconciler.postgres.inspector import inspect_database
from reconciler.postgres.model import Database
from tests.conftest import AppliedCopies, Cli, StateDir, sql
from tests.postgres.hostile import PAYLOAD, HostileDb, base_state


@pytest.fixture
def hostile_db(
    cli: Cli, state: StateDir, pg_url: str, dbname: str, pg_cluster: pgcluster.Cluster, applied_copies: AppliedCopies
) -> Iterator[HostileDb]:
    """The base state applied, a table in an undeclared schema, every statement of the database logged."""
    base = yaml.safe_dump(base_state(), sort_keys=False)
    applied_copies.copy(state, base, after="CREATE SCHEMA other; CREATE TABLE other.victim (id int)")
    sql(pg_url, "postgres", f"ALTER DATABASE {dbname} SET log_statement = 'all'")
    # The server runs as another user (nobody, when the suite runs as root): the marker goes where it may write,
    # and a control run proves the payload does create it when it does run.
    control = Path("/tmp") / f"reconcile-hostile-control-{uuid.uuid4().hex}"
    # No rows: `touch` reads nothing, so the server never writes into a pipe whose reader already exited
    # (which fails the COPY with "Broken pipe" when the machine is busy).
    sql(pg_url, dbname, f"COPY (SELECT 1 WHERE false) TO PROGRAM 'touch {control}'")
    assert control.exists(), "the marker detector does not work: COPY TO PROGRAM could not create its file"
    control.unlink()
    marker = Path("/tmp") / f"reconcile-hostile-{uuid.uuid4().hex}"
    yield HostileDb(cli, state, pg_url, dbname, pg_cluster, marker, PAYLOAD.format(marker=marker))
    marker.unlink(missing_ok=True)


@pytest.fixture
def reinspections(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The databases apply inspects again under its lock (executor._check_unchanged), in order."""
    inspected: list[str] = []

    def counted(conn: psycopg.Connection[Any], database: str, *args: Any, **kwargs: Any) -> Database:
        inspected.append(database)
        return inspect_database(conn, database, *args, **kwargs)

    monkeypatch.setattr("reconciler.postgres.executor.inspect_database", counted)
    return inspected


@pytest.fixture
def no_background_commits(pg_url: str) -> Iterator[None]:
    """Autovacuum off on the worker's cluster for the test, its running workers finished.

    The proof is server-wide: an autovacuum ANALYZE in any database commits a transaction, and apply then
    inspects again, as it must. A test that counts re-inspections needs a cluster where only it commits.
    """
    with psycopg.connect(pg_url + "postgres", autocommit=True) as conn:
        conn.execute("ALTER SYSTEM SET autovacuum = off")
        conn.execute("SELECT pg_reload_conf()")
        deadline = time.monotonic() + 60
        while conn.execute(
            "SELECT current_setting('autovacuum') = 'on' "
            "OR EXISTS (SELECT FROM pg_stat_activity WHERE backend_type = 'autovacuum worker')"
        ).fetchone() != (False,):
            assert time.monotonic() < deadline, "autovacuum did not stop within 60 s"
            time.sleep(0.05)
        try:
            yield
        finally:
            conn.execute("ALTER SYSTEM RESET autovacuum")
            conn.execute("SELECT pg_reload_conf()")
