"""Benchmark schema templates: tenant schemas of 5 tables each.

Prints the no-op plan time of a database with 1, 100 and 1,000 tenant
schemas (all converged) and each one's ratio to the one-tenant plan (the
goal: cost grows with inspection, far below N x one tenant), then the apply
of one new column to every tenant with --parallel 1 and --parallel 8, and
their ratio.

    .venv/bin/python bench/fleet.py                 # starts its own throwaway PostgreSQL
    bench/fleet.py --sizes 1,100,1000 --apply 200
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
from reconciler.postgres.backend import PostgresBackend


def template(note: bool) -> str:
    """A database file whose template holds 5 tables (4 columns, an index, a foreign key)."""
    lines = ["schemas:", "  public: {}", "schema_templates:", "  tenant:", '    match: "tenant_*"', "    tables:"]
    for i in range(5):
        lines += [
            f"      t{i}:",
            "        columns:",
            "          id: {type: bigserial, primary_key: true}",
            f"          parent_id: {{type: bigint, references: t{max(i - 1, 0)}(id)}}",
            "          name: {type: varchar(100), nullable: false}",
            "          created_at: {type: timestamptz, default: now()}",
            *(["          note: text"] if note and i == 0 else []),
            "        indexes:",
            f"          t{i}_name: [name]",
        ]
    return "\n".join(lines) + "\n"


def setup(url: str, name: str, tenants: int, state: Path) -> None:
    with psycopg.connect(url + "postgres", autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    with psycopg.connect(url + name, autocommit=True) as conn:
        for i in range(tenants):
            conn.execute(f"CREATE SCHEMA tenant_{i:05d}")
    (state / "postgres").mkdir(parents=True, exist_ok=True)
    write(state, name, note=False)


def write(state: Path, name: str, *, note: bool) -> None:
    (state / "postgres" / f"{name}.yaml").write_text(f"database: {name}\n" + template(note))


def timed_apply(state: Path, parallel: int) -> float:
    backend = PostgresBackend(state)
    plan = backend.plan(state)
    start = time.perf_counter()
    backend.apply(plan.changes, plan.contexts, ApplyOptions(parallel=parallel))
    return time.perf_counter() - start


def timed_plan(state: Path) -> tuple[float, int]:
    start = time.perf_counter()
    changes = PostgresBackend(state).plan(state).changes
    return time.perf_counter() - start, len(changes)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1,100,1000")
    parser.add_argument("--apply", type=int, default=200, help="tenants for the --parallel 1 vs 8 apply")
    args = parser.parse_args()
    with pgcluster.server_url({"max_locks_per_transaction": "1024"}) as url, tempfile.TemporaryDirectory() as tmp:
        os.environ["RECONCILE_POSTGRES_URL"] = url
        base: float | None = None
        for size in [int(s) for s in args.sizes.split(",")]:
            state = Path(tmp) / f"s{size}"
            setup(url, f"fleet_{size}", size, state)
            timed_apply(state, 8)
            seconds, changes = timed_plan(state)
            assert changes == 0, f"not converged: {changes} changes"
            base = base or seconds
            print(f"no-op plan, {size:>6,} tenants: {seconds:7.2f}s  ({seconds / base:6.1f}x one tenant)", flush=True)
        times: dict[int, float] = {}
        for parallel in (1, 8):
            state = Path(tmp) / f"a{parallel}"
            setup(url, f"apply_{parallel}", args.apply, state)
            timed_apply(state, 8)
            write(state, f"apply_{parallel}", note=True)
            times[parallel] = timed_apply(state, parallel)
            seconds = times[parallel]
            print(f"apply + column to {args.apply:,} tenants, --parallel {parallel}: {seconds:7.2f}s", flush=True)
        print(f"--parallel 8 takes {times[8] / times[1]:.2f}x the time of --parallel 1")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
