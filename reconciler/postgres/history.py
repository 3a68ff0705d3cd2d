"""Apply records kept in PostgreSQL: the table `_reconcile.applies`.

A managed database keeps the records of its own applies, so they survive the
loss of the machine that ran them and travel with the database. The same
table in the database RECONCILE_HISTORY_URL names holds the other backends'
records. The schema `_reconcile` is reserved (a state file cannot declare
it), so the table is never planned, drifted or exported.
"""

from __future__ import annotations

import json
from typing import Any

from reconciler.history import ApplyRecord
from reconciler.postgres.connection import connect
from reconciler.postgres.kept_connections import borrowed, carried

CREATE = """
CREATE SCHEMA IF NOT EXISTS _reconcile;
CREATE TABLE IF NOT EXISTS _reconcile.applies (
    id uuid PRIMARY KEY,
    backend text NOT NULL,
    scope text NOT NULL,
    started_at timestamptz NOT NULL,
    record jsonb NOT NULL
);
CREATE INDEX IF NOT EXISTS applies_started_at ON _reconcile.applies (started_at DESC)
"""


def write_record(url: str, database: str | None, record: ApplyRecord, carry: dict[str, Any] | None = None) -> None:
    """Add one record; the table is created on first use (raises psycopg.Error or ReconcileError).

    `carry`: the apply's runner.Carry, whose kept connection to the database (kept_connections.py) is used.
    """
    with borrowed(carried(carry), url, database, autocommit=True) as conn:
        if conn.execute("SELECT to_regclass('_reconcile.applies')").fetchone() == (None,):
            for statement in CREATE.strip().split(";\n"):
                conn.execute(statement.encode())
        conn.execute(
            "INSERT INTO _reconcile.applies (id, backend, scope, started_at, record) VALUES (%s, %s, %s, %s, %s)",
            (record.id, record.backend, record.scope, record.started_at, json.dumps(record.to_json())),
        )


def read_records(url: str, database: str | None, limit: int) -> list[ApplyRecord]:
    """The newest records first; none when the database has no history table yet."""
    with connect(url, database) as conn, conn.transaction(force_rollback=True):
        conn.execute("SET TRANSACTION READ ONLY")
        if conn.execute("SELECT to_regclass('_reconcile.applies')").fetchone() == (None,):
            return []
        rows: list[tuple[Any]] = conn.execute(
            "SELECT record FROM _reconcile.applies ORDER BY started_at DESC, id LIMIT %s", (limit,)
        ).fetchall()
    return [ApplyRecord.from_json(row[0]) for row in rows]
