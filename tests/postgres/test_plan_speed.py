"""What keeps a large plan fast without changing it: inspection without JIT."""

from __future__ import annotations

from reconciler.postgres.connection import connect
from reconciler.postgres.inspector import inspect_database


def test_inspection_runs_without_jit(pg_url: str) -> None:
    """JIT compiling the catalog queries of a large schema cost seconds for queries of milliseconds."""
    with connect(pg_url, None) as conn:
        conn.execute("SET jit = on")
        inspect_database(conn, "postgres", ["public"])
        assert conn.execute("SELECT current_setting('jit')").fetchone() == ("off",)
