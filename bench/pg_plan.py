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
    bench/pg_plan.py --vs-migra                  # next to migra and psql, 200 / 1,000 tables
    bench/pg_plan.py --vs-migra --sizes 200,1000,2000

--vs-migra measures, per size, in one run on one server (migra is installed
into a cached virtualenv, bench/migra_peer.py):
- psql load: `psql` running the same schema written as plain DDL into an
  empty database (the "desired" database migra needs), the best of 3 loads
  into a new database each;
- cold plan: reconcile's no-op plan in-process with no recorded units (the
  whole trial, in 2 chunks at once from 200 tables: parallel_trial.py), the
  best of 3, each run right after one of those psql loads (a machine that
  slows down for a while slows both);
- no-op plan: reconcile's no-op plan in-process once a converged apply
  recorded the units, next to `migra --unsafe --schema public live desired` (one process,
  interpreter start included) diffing the live database against the one
  built from the DDL; building that database is not in migra's time;
- one-table edit: a column added to one table in the state file (reconcile)
  and in the desired database (migra), both diffed against the unchanged
  live database;
- each the best of 3, migra's diffs alternating with reconcile's plans;
- the parse cache (reconciler/state/parse_cache.py) as each plan would find
  it: off for the cold plans (nothing at all kept), emptied before each
  edit plan (the edited file was never parsed), and holding the file for
  the no-op plans (the plan that recorded the units parsed it); the no-op
  is also timed with nothing parsed before, as on a fresh CI runner that
  does not keep the cache folder (it takes the file's values from the
  database, where the recording plan kept them: parsed_in_target.py), and
  printed below the table;
- each plan as the `reconcile` command runs it, its models kept alive rather
  than freed as it returns (the command exits without freeing them:
  interpreter_settings.keep_plans_alive); they are freed between runs,
  untimed, where the command's process would have ended;
- every timed run on clean catalogs: the live database is vacuumed (untimed)
  before each cold plan and before the no-op and edit plans. A trial's
  tables are created and rolled back in the live database, so each leaves
  its catalog rows (80,000 of pg_attribute at 2,000 tables) dead until
  autovacuum clears them, at a moment of its own choosing; catalog scans over
  them slowed migra's diffs by up to a half, and by as much as autovacuum had
  not yet cleared, which flattered reconcile's ratios by a different amount
  in every run;
- peak RSS of this process (resource.getrusage) after the plans of that size
  (sizes run smallest first, so it is the peak of the largest so far);
- where each of reconcile's plans spent its time (plan_phases: load, inspect,
  normalize, diff, order; the rest is connecting, seeds and the live digest),
  and the machine's load average while the size ran;
and the ratios with the issue's targets. The server keeps PostgreSQL's
defaults (jit on): reconcile turns JIT off for its own catalog queries,
migra's queries run as the server is set.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import migra_peer
from devtools import pgcluster
from devtools.sql_pairs import psql
from reconciler.backend import ApplyOptions
from reconciler.postgres.backend import PostgresBackend, inspect_live
from reconciler.postgres.interpreter_settings import keep_plans_alive, release
from reconciler.postgres.normalization_cache import CACHE_VARIABLE
from reconciler.postgres.plan_phases import PhaseTimes
from reconciler.state import parse_cache


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


def generate_sql(tables: int, edited: int | None = None) -> str:
    """The schema `generate(tables)` declares, as the DDL a person would load with psql."""
    lines = []
    for i in range(tables):
        extra = ",\n  extra text" if i == edited else ""
        lines += [
            f"CREATE TABLE t{i} (\n  id bigserial PRIMARY KEY,\n  parent_id bigint REFERENCES t{max(i - 1, 0)}(id),",
            "  name varchar(100) NOT NULL,\n  email varchar(255),\n  status varchar(20) DEFAULT 'new',",
            "  amount numeric(12,2),\n  payload jsonb,\n  active boolean DEFAULT true,",
            f"  created_at timestamptz DEFAULT now(),\n  updated_at timestamptz{extra}\n);",
            f"CREATE INDEX t{i}_name_idx ON t{i} (name);",
            f"CREATE INDEX t{i}_parent_idx ON t{i} (parent_id);",
            f"CREATE INDEX t{i}_created_idx ON t{i} (created_at DESC) WHERE status <> 'done';",
        ]
    return "\n".join(lines) + "\n"


# The no-op and edit plans, and migra's diffs next to them, are each the best of this many runs: on a shared
# machine of two cores a single run of either varied by a third.
RUNS = 3


def timed_plan(
    state: Path,
    phases: dict[str, PhaseTimes] | None = None,
    label: str = "",
    runs: int = 1,
    before_each: Callable[[], None] | None = None,
) -> tuple[float, int]:
    """Seconds of the fastest of `runs` plans and its number of changes; its phase times go to `phases[label]`.

    `before_each` runs (untimed) before every plan: a peer's run alternating with reconcile's, so a machine
    that slows down for a while slows both."""
    best: tuple[float, int, PhaseTimes] | None = None
    for _ in range(runs):
        if before_each is not None:
            before_each()
        backend = PostgresBackend(state)
        started = time.perf_counter()
        plan = backend.plan(state)
        seconds = time.perf_counter() - started
        if best is None or seconds < best[0]:
            best = (seconds, len(plan.changes), backend.stats.phases)
        # Not kept while the next plan runs: an unsaved plan holds its live schema for the digest it may need.
        del plan
        release()  # what the plan kept alive, as the command's exit would
    assert best is not None
    if phases is not None:
        phases[label] = best[2]
    return best[0], best[1]


def migra_diffs(live_url: str, desired_url: str, found: list[tuple[float, int]]) -> Callable[[], None]:
    """One more migra diff (its seconds and the lines of SQL it printed) into `found`, for timed_plan's before_each:
    the diffs alternate with reconcile's plans, so a machine that slows down for a while slows both."""
    return lambda: found.append(migra_peer.diff_seconds(live_url, desired_url))


def load_average() -> str:
    """The machine's 1-minute load and its cores: the figures only mean something next to them."""
    return f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def vacuum(url: str, database: str) -> None:
    """VACUUM `database` (its catalogs): what autovacuum does to a production database's between plans."""
    with psycopg.connect(url + database, autocommit=True) as conn:
        conn.execute(b"VACUUM")


def recreate(url: str, *names: str) -> None:
    with psycopg.connect(url + "postgres", autocommit=True) as conn:
        for name in names:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)".encode())
            conn.execute(f"CREATE DATABASE {name}".encode())


def measure_vs_migra(size: int, url: str) -> dict[str, Any]:
    """One size: reconcile's cold, no-op and one-table-edit plans next to migra's diffs and psql's load."""
    live, desired = f"bench_{size}", f"bench_{size}_desired"
    with tempfile.TemporaryDirectory() as tmp:
        state = Path(tmp) / "state"
        (state / "postgres").mkdir(parents=True)
        (state / "postgres" / "bench.yaml").write_text(generate(size))
        os.environ["RECONCILE_POSTGRES_URL"] = url
        os.environ[CACHE_VARIABLE] = "on"
        parsed = Path(tmp) / "parse-cache"
        os.environ[parse_cache.CACHE_VARIABLE] = "off"  # cold: nothing kept at all
        recreate(url, live)
        ddl = Path(tmp) / "desired.sql"
        ddl.write_text(generate_sql(size))
        psql_loads: list[float] = []

        def load_desired() -> None:
            """psql loads the DDL into a new, empty database: one more run of the floor, next to a cold plan, which
            then starts from clean catalogs (the apply's and the last cold plan's trial left theirs dead)."""
            vacuum(url, live)
            recreate(url, desired)
            started = time.perf_counter()
            error = psql(url, desired, f"\\i {ddl}\n")
            psql_loads.append(time.perf_counter() - started)
            if error:
                raise RuntimeError(f"psql could not load the DDL: {error}")

        full = PostgresBackend(state).plan(state)
        PostgresBackend(state).apply(full.changes, full.settled_contexts(), ApplyOptions(lock_timeout="0"))
        phases: dict[str, PhaseTimes] = {}
        # Nothing recorded yet (a plan never writes): each run is the whole trial, each after a psql load.
        cold, left = timed_plan(state, phases, "cold", RUNS, before_each=load_desired)
        assert left == 0, f"not converged: {left} changes"
        os.environ[parse_cache.CACHE_VARIABLE] = str(parsed)
        PostgresBackend(state, record_normalized=True).plan(state)  # what apply's closing plan records (and parses)
        vacuum(url, live)  # that plan's trial
        diffs: list[tuple[float, int]] = []
        migra = migra_diffs(url + live, url + desired, diffs)
        noop, left = timed_plan(state, phases, "no-op", RUNS, before_each=migra)
        assert left == 0, f"the cached plan shows {left} changes"
        migra_noop, migra_lines = min(diffs)
        assert migra_lines == 0, f"migra finds {migra_lines} lines of differences in the same schema"
        os.environ[parse_cache.CACHE_VARIABLE] = "off"
        diffs.clear()
        noop_unparsed, _ = timed_plan(state, None, "", RUNS, before_each=migra)
        migra_noop = min(migra_noop, min(diffs)[0])
        os.environ[parse_cache.CACHE_VARIABLE] = str(parsed)
        edited_table = size // 2
        (state / "postgres" / "bench.yaml").write_text(
            generate(size).replace(
                f"      t{edited_table}:\n        columns:\n",
                f"      t{edited_table}:\n        columns:\n          extra: text\n",
            )
        )
        with psycopg.connect(url + desired, autocommit=True) as conn:
            conn.execute(f"ALTER TABLE t{edited_table} ADD COLUMN extra text".encode())
        diffs.clear()

        def migra_unparsed() -> None:
            """One more migra diff, and the parse cache emptied: each edit plan is the first of the edited file."""
            shutil.rmtree(parsed, ignore_errors=True)
            migra()

        edit, changes = timed_plan(state, phases, "edit", RUNS, before_each=migra_unparsed)
        assert changes == 1, f"the one-table edit plans {changes} changes"
        migra_edit, migra_lines = min(diffs)
        assert migra_lines > 0, "migra finds no difference after the edit"
        with psycopg.connect(url + "postgres", autocommit=True) as conn:
            for name in (live, desired):
                conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)".encode())
        return {
            "psql_load": min(psql_loads),
            "cold": cold,
            "noop": noop,
            "noop_unparsed": noop_unparsed,
            "migra_noop": migra_noop,
            "edit": edit,
            "migra_edit": migra_edit,
            "rss_mb": peak_rss_mb(),
            "phases": phases,
            "load": load_average(),
        }


def print_vs_migra(sizes: list[int], url: str) -> None:
    migra_peer.migra_command()  # installed before anything is timed
    header = (
        f"{'tables':>7} {'psql load s':>11} {'cold plan s':>11} {'cold/psql':>9} {'no-op s':>8} {'migra s':>8}"
        f" {'no-op/migra':>11} {'edit s':>7} {'migra edit s':>12} {'edit/migra':>10} {'peak RSS MB':>11}"
    )
    print(header)
    for size in sizes:
        r = measure_vs_migra(size, url)
        print(
            f"{size:>7} {r['psql_load']:>11.2f} {r['cold']:>11.2f} {r['cold'] / r['psql_load']:>9.2f}"
            f" {r['noop']:>8.2f} {r['migra_noop']:>8.2f} {r['noop'] / r['migra_noop']:>11.2f}"
            f" {r['edit']:>7.2f} {r['migra_edit']:>12.2f} {r['edit'] / r['migra_edit']:>10.2f} {r['rss_mb']:>11.0f}",
            flush=True,
        )
        totals = {"cold": r["cold"], "no-op": r["noop"], "edit": r["edit"]}
        for label, times in r["phases"].items():
            rest = totals[label] - sum(times.seconds.values())  # connecting, renames, seeds, the live digest
            print(f"{'':>7}   {label} plan: {times.summary()} · rest {rest:.2f} s")
        print(
            f"{'':>7}   no-op plan with nothing parsed before (a fresh CI runner): {r['noop_unparsed']:.2f} s,"
            f" no-op/migra {r['noop_unparsed'] / r['migra_noop']:.2f}"
        )
        print(f"{'':>7}   {r['load']}", flush=True)
    print(
        f"every figure is the best of {RUNS} runs; psql loads alternate with cold plans, "
        "migra's diffs with reconcile's no-op and edit plans"
    )
    print("targets (issue 16): no-op/migra <= 0.33 at 2,000 tables; edit/migra <= 0.5; cold/psql <= 1.2")


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
        backend.apply(full.changes, full.settled_contexts(), ApplyOptions(lock_timeout="0"))
        apply_seconds = time.perf_counter() - started

        os.environ[CACHE_VARIABLE] = "off"
        backend = PostgresBackend(state)
        release()
        started = time.perf_counter()
        noop = backend.plan(state)
        noop_plan = time.perf_counter() - started
        assert not noop.changes, f"not converged: {len(noop.changes)} changes left"
        os.environ[CACHE_VARIABLE] = "on"
        PostgresBackend(state, record_normalized=True).plan(state)  # what apply's closing plan records
        release()
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
    parser.add_argument("--sizes", help="comma-separated table counts (default 100,1000,2000; 200,1000 --vs-migra)")
    parser.add_argument("--vs-migra", action="store_true", help="compare with migra and a psql load (see above)")
    args = parser.parse_args()
    sizes = [int(s) for s in (args.sizes or ("200,1000" if args.vs_migra else "100,1000,2000")).split(",")]
    keep_plans_alive()  # as the `reconcile` command does
    # Creating 2,000 tables with their indexes in one transaction takes ~16,000 relation locks.
    with pgcluster.server_url({"max_locks_per_transaction": "1024"}) as url:
        with psycopg.connect(url + "postgres") as conn:
            version = conn.execute("SHOW server_version").fetchone()
            locks = conn.execute("SHOW max_locks_per_transaction").fetchone()
        print(f"PostgreSQL {version[0] if version else '?'}, max_locks_per_transaction={locks[0] if locks else '?'}")
        if args.vs_migra:
            print_vs_migra(sizes, url)
            return 0
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
        for size in sizes:
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
