"""Benchmark schema templates: fleets of tenant schemas of 5 tables each.

Prints, in one run:
- the no-op plan time of a database with 1, 1,000 and 10,000 converged
  tenant schemas, each as a ratio to the one-tenant plan measured in the
  same run (the goal: cost grows with inspection, far below N x one tenant),
  and the process's peak RSS after each;
- the apply of one new column to every tenant of a fleet with --parallel 1
  and --parallel 8, and their ratio.

Setup is fast and COPY-free: reconcile plans the template for one tenant,
and one DO block per batch of tenants (generate_series over the tenant
numbers) creates each schema and runs those same statements in it, so the
fleet is exactly what reconcile would have built (the first plan is checked
to be a no-op) without 10,000 separate applies.

    .venv/bin/python bench/fleet.py                       # starts its own throwaway PostgreSQL
    bench/fleet.py --sizes 1,1000,10000 --apply 1000
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from devtools import pgcluster
from reconciler.backend import ApplyOptions
from reconciler.postgres.backend import PostgresBackend
from reconciler.postgres.executor import split_phases

FIRST = "tenant_00000"
# Tenants per DO block: each block is one transaction, so its locks stay well under the lock table.
BATCH = 200


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


def write(state: Path, name: str, *, note: bool) -> None:
    (state / "postgres").mkdir(parents=True, exist_ok=True)
    (state / "postgres" / f"{name}.yaml").write_text(f"database: {name}\n" + template(note))


def tenant_script(state: Path) -> str:
    """The statements reconcile plans for the first tenant, in apply order, with `tenant_00000` as a placeholder."""
    changes = [c for c in PostgresBackend(state).plan(state).changes if c.tenant == FIRST]
    first, rest, online = split_phases(changes)
    return ";\n".join(statement.sql for statement, _ in [*first, *rest, *online]) + ";"


def dollar_quoted(text: str) -> str:
    tag = "$tenant$"
    assert tag not in text
    return f"{tag}{text}{tag}"


def setup(url: str, name: str, tenants: int, state: Path) -> float:
    """A database whose `tenants` schemas hold the template, built by DO blocks; returns the seconds it took."""
    started = time.perf_counter()
    with psycopg.connect(url + "postgres", autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    write(state, name, note=False)
    with psycopg.connect(url + name, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {FIRST}")
        script = tenant_script(state)
        conn.execute(f"DROP SCHEMA {FIRST}")
        for low in range(0, tenants, BATCH):
            high = min(low + BATCH, tenants) - 1
            conn.execute(
                f"""
                DO $do$
                DECLARE
                    tenant text;
                BEGIN
                    FOR tenant IN SELECT format('tenant_%s', lpad(n::text, 5, '0'))
                                  FROM generate_series({low}, {high}) AS n LOOP
                        EXECUTE format('CREATE SCHEMA %I', tenant);
                        EXECUTE replace({dollar_quoted(script)}, '{FIRST}', tenant);
                    END LOOP;
                END
                $do$
                """.encode()
            )
    return time.perf_counter() - started


def timed_apply(state: Path, parallel: int) -> tuple[float, int]:
    backend = PostgresBackend(state)
    plan = backend.plan(state)
    start = time.perf_counter()
    backend.apply(plan.changes, plan.settled_contexts(), ApplyOptions(parallel=parallel))
    return time.perf_counter() - start, len(plan.changes)


def timed_plan(state: Path) -> tuple[float, int]:
    start = time.perf_counter()
    changes = PostgresBackend(state).plan(state).changes
    return time.perf_counter() - start, len(changes)


def peak_rss_mib() -> float:
    """This process's peak resident set size so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1,1000,10000", help="tenant counts of the no-op plans, smallest first")
    parser.add_argument("--apply", type=int, default=1000, help="tenants for the --parallel 1 vs 8 apply")
    args = parser.parse_args()
    settings = {"max_locks_per_transaction": "1024"}
    with pgcluster.server_url(settings) as url, tempfile.TemporaryDirectory() as tmp:
        os.environ["RECONCILE_POSTGRES_URL"] = url
        base: float | None = None
        for size in [int(s) for s in args.sizes.split(",")]:
            state = Path(tmp) / f"s{size}"
            built = setup(url, f"fleet_{size}", size, state)
            timed_plan(state)  # warm: the server's caches and the first connection
            seconds, changes = timed_plan(state)
            assert changes == 0, f"the fleet is not what reconcile would build: {changes} changes"
            base = base or seconds
            print(
                f"no-op plan, {size:>6,} tenants: {seconds:7.2f}s  ({seconds / base:6.1f}x one tenant; "
                f"{size:,} x one tenant would be {size:,}x)  peak RSS {peak_rss_mib():6.0f} MiB  "
                f"(setup {built:.1f}s)",
                flush=True,
            )
        times: dict[int, float] = {}
        for parallel in (1, 8):
            name = f"apply_{parallel}"
            state = Path(tmp) / name
            setup(url, name, args.apply, state)
            write(state, name, note=True)
            times[parallel], changes = timed_apply(state, parallel)
            assert changes == args.apply, changes
            assert timed_plan(state)[1] == 0, "not converged"
            seconds = times[parallel]
            print(f"apply + column to {args.apply:,} tenants, --parallel {parallel}: {seconds:7.2f}s", flush=True)
        ratio = times[8] / times[1]
        print(f"--parallel 8 takes {ratio:.2f}x the time of --parallel 1 (server and client share the host)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
