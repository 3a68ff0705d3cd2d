"""Benchmark the PostgreSQL backend on generated schemas.

For 100, 1,000 and 2,000 tables (10 columns, 3 indexes and 1 foreign key
each) it prints: the full-create plan time (empty server), the apply time,
the no-op plan time once applied (normalizing the state in the trial), the
no-op plan time when the normalized schema a converged apply recorded serves
instead, the floor measured in the same run (reading the live catalogs once,
which any tool's plan must do) with the cached plan's ratio to it, and the
catalog queries and round trips issued while inspecting.

    .venv/bin/python bench/pg_plan.py            # starts its own throwaway PostgreSQL
    RECONCILE_POSTGRES_URL=... bench/pg_plan.py  # or uses yours (creates bench_* databases)
    bench/pg_plan.py --sizes 100,500             # other sizes
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from devtools import pgcluster
from reconciler.backend import ApplyOptions
from reconciler.postgres.backend import PostgresBackend, inspect_live
from reconciler.postgres.normalization_cache import CACHE_VARIABLE


def generate(tables: int) -> str:
    """A state file with `tables` tables, each referencing the previous one."""
    lines = [f"database: bench_{tables}", "schemas:", "  public:", "    tables:"]
    for i in range(tables):
        lines += [
            f"      t{i}:",
            "        columns:",
            "          id: {type: bigserial, primary_key: true}",
            f"          parent_id: {{type: bigint, references: t{max(i - 1, 0)}(id)}}",
            "          name: {type: varchar(100), nullable: false}",
            "          email: varchar(255)",
            "          status: {type: varchar(20), default: \"'new'\"}",
            "          amount: numeric(12,2)",
            "          payload: jsonb",
            "          active: {type: boolean, default: true}",
            "          created_at: {type: timestamptz, default: now()}",
            "          updated_at: timestamptz",
            "        indexes:",
            f"          t{i}_name_idx: [name]",
            f"          t{i}_parent_idx: [parent_id]",
            f"          t{i}_created_idx: {{columns: [created_at DESC], where: \"status <> 'done'\"}}",
        ]
    return "\n".join(lines) + "\n"


def measure(size: int, url: str) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        state = Path(tmp) / "state"
        (state / "postgres").mkdir(parents=True)
        (state / "postgres" / "bench.yaml").write_text(generate(size))
        os.environ["RECONCILE_POSTGRES_URL"] = url
        with psycopg.connect(url + "postgres", autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS bench_{size} WITH (FORCE)".encode())

        backend = PostgresBackend(state)
        started = time.perf_counter()
        full = backend.plan(state)
        create_plan = time.perf_counter() - started

        started = time.perf_counter()
        backend.apply(full.changes, full.contexts, ApplyOptions(lock_timeout="0"))
        apply_seconds = time.perf_counter() - started

        os.environ[CACHE_VARIABLE] = "off"
        backend = PostgresBackend(state)
        started = time.perf_counter()
        noop = backend.plan(state)
        noop_plan = time.perf_counter() - started
        assert not noop.changes, f"not converged: {len(noop.changes)} changes left"
        os.environ[CACHE_VARIABLE] = "on"
        PostgresBackend(state, record_normalized=True).plan(state)  # what apply's closing plan records
        started = time.perf_counter()
        cached = PostgresBackend(state).plan(state)
        cached_plan = time.perf_counter() - started
        assert not cached.changes, f"the cached plan shows {len(cached.changes)} changes"
        # The floor: reading the live catalogs once, which every plan of any tool must do.
        with psycopg.connect(url + f"bench_{size}") as conn:
            started = time.perf_counter()
            inspect_live(conn, f"bench_{size}", {"schemas": ["public"], "extensions": [], "extension_schemas": []})
            floor = time.perf_counter() - started
        with psycopg.connect(url + "postgres", autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS bench_{size} WITH (FORCE)".encode())
        return {
            "changes": len(full.changes),
            "create_plan": create_plan,
            "apply": apply_seconds,
            "noop_plan": noop_plan,
            "cached_plan": cached_plan,
            "floor": floor,
            # One inspection of the live database and one of the normalized state per plan.
            "queries": backend.stats.queries / 2,
            "round_trips": backend.stats.round_trips / 2,
        }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100,1000,2000", help="comma-separated table counts")
    args = parser.parse_args()
    # Creating 2,000 tables with their indexes in one transaction takes ~16,000 relation locks.
    with pgcluster.server_url({"max_locks_per_transaction": "1024"}) as url:
        with psycopg.connect(url + "postgres") as conn:
            version = conn.execute("SHOW server_version").fetchone()
            locks = conn.execute("SHOW max_locks_per_transaction").fetchone()
        print(f"PostgreSQL {version[0] if version else '?'}, max_locks_per_transaction={locks[0] if locks else '?'}")
        columns = (
            "tables",
            "changes",
            "create plan s",
            "apply s",
            "no-op plan s",
            "cached s",
            "floor s",
            "cached/floor",
            "queries/inspection",
            "round trips",
        )
        widths = (7, 8, 14, 8, 13, 9, 8, 13, 19, 12)
        print(" ".join(f"{c:>{w}}" for c, w in zip(columns, widths, strict=True)))
        for size in (int(s) for s in args.sizes.split(",")):
            r = measure(size, url)
            print(
                f"{size:>7} {r['changes']:>8.0f} {r['create_plan']:>14.2f} {r['apply']:>8.2f} {r['noop_plan']:>13.2f}"
                f" {r['cached_plan']:>9.2f} {r['floor']:>8.2f} {r['cached_plan'] / r['floor']:>13.1f}"
                f" {r['queries']:>19.0f} {r['round_trips']:>12.0f}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
