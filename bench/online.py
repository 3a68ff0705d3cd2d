"""Proof under load (issue 15 item 5): how long a busy writer stalls while one pull request is applied.

Two identical copies of a database each get a 1,000-row `accounts` table and
an `events` table of --rows rows (generate_series). On each, a writer process
(its own connection, autocommit) inserts and updates events continuously and
times every statement, while reconcile plans and applies, in-process, one
change of the state carrying a new index, a foreign key to accounts, a
check, a NOT NULL on a filled column and a column rename: once with
`online: true` (the default) and once with `online: false` (everything in
one transaction). It prints, for each:
- idle max: the writer's slowest statement in the second before the plan
  (the machine's own noise: the floor any stall is read against);
- the plan's duration and the writer's longest stall during it (a pending
  rename is planned without running it: the plan only reads the table);
- the apply's duration, the writer's longest stall (its slowest statement
  running at some moment of the apply) and p99 over those statements;
- lock waits / scan samples: of the samples of pg_stat_activity taken while
  reconcile ran a statement that the plan's lock report marks as reading
  every row, how many saw the writer waiting for the table's lock;
then the online stall as a fraction of the offline one (the aim: under
5 %). It checks that the next plan has no changes and that no row or
update was lost (the writer's own count of committed inserts and added
amounts against the table's count and sum).

    .venv/bin/python bench/online.py                 # 1,000,000 rows, its own throwaway PostgreSQL
    .venv/bin/python bench/online.py --rows 200000   # smaller
    RECONCILE_POSTGRES_URL=... bench/online.py       # or your server (creates bench_online_* databases)
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from multiprocessing.synchronize import Event
from pathlib import Path
from typing import Any

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from devtools import load_writer, pgcluster
from reconciler.backend import ApplyOptions
from reconciler.changes import Change
from reconciler.postgres.backend import PostgresBackend

# The writer runs this long before the plan starts and after the apply ends, so that both windows are covered.
MARGIN_SECONDS = 1.0


@dataclass
class Run:
    """One mode's figures."""

    baseline_stall: float
    plan_seconds: float
    plan_stall: float
    apply_seconds: float
    statements: int
    max_stall: float
    p99: float
    scan_samples: int
    scan_lock_waits: int
    rows_ok: bool
    converged: bool
    detail: str


def _writer_process(conninfo: str, rows: int, stop: Event, pids: Any, logs: Any) -> None:
    """The writer in a process of its own: the apply's Python work in this one never delays its statements."""
    logs.put(load_writer.write(conninfo, rows, stop.is_set, pids.put))


def scanning_statements(changes: list[Change]) -> set[str]:
    """The statements the plan's lock report says read every row of a table (effect `scan` or `rewrite`)."""
    return {s.sql for c in changes for s in c.statements if any(lock.effect != "none" for lock in s.locks)}


def prepare(url: str, database: str, rows: int, state: Path) -> tuple[int, int]:
    """Create the database with the schema before the change, fill it; the filled (count, sum of amounts)."""
    with psycopg.connect(url + "postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)".encode())
    (state / "postgres" / "bench.yaml").write_text(load_writer.state_before(database))
    backend = PostgresBackend(state)
    plan = backend.plan(state)
    backend.apply(plan.changes, plan.settled_contexts(), ApplyOptions())
    with psycopg.connect(url + database) as conn:
        load_writer.fill(conn, rows)
        return load_writer.totals(conn)


def measure(url: str, rows: int, *, online: bool) -> Run:
    database = f"bench_online_{'on' if online else 'off'}"
    with tempfile.TemporaryDirectory() as tmp:
        state = Path(tmp) / "state"
        (state / "postgres").mkdir(parents=True)
        os.environ["RECONCILE_POSTGRES_URL"] = url
        filled = prepare(url, database, rows, state)
        (state / "postgres" / "bench.yaml").write_text(load_writer.state_after(database, online=online))

        spawn = multiprocessing.get_context("spawn")
        stop, pids, logs = spawn.Event(), spawn.Queue(), spawn.Queue()
        writer = spawn.Process(target=_writer_process, args=(url + database, rows, stop, pids, logs))
        writer.start()
        watch = load_writer.LockWatch(url + database, pids.get(timeout=60))
        watch.start()
        quiet = time.monotonic()
        time.sleep(MARGIN_SECONDS)

        backend = PostgresBackend(state)
        started = time.monotonic()
        plan = backend.plan(state)
        planned = time.monotonic()
        backend.apply(plan.changes, plan.settled_contexts(), ApplyOptions())
        applied = time.monotonic()

        time.sleep(MARGIN_SECONDS)
        samples = watch.stop()
        stop.set()
        log: load_writer.WriteLog = logs.get(timeout=120)
        writer.join()

        converged = not PostgresBackend(state).plan(state).changes
        with psycopg.connect(url + database) as conn:
            count, total = load_writer.totals(conn)
        with psycopg.connect(url + "postgres", autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)".encode())

    during = log.during(planned, applied)
    scan_samples, scan_waits = load_writer.lock_waits_during(samples, scanning_statements(plan.changes))
    expected = (filled[0] + log.inserted, filled[1] + log.amount_added)
    return Run(
        baseline_stall=max(log.during(quiet, started), default=0.0),
        plan_seconds=planned - started,
        plan_stall=max(log.during(started, planned), default=0.0),
        apply_seconds=applied - planned,
        statements=len(during),
        max_stall=max(during, default=0.0),
        p99=statistics.quantiles(during, n=100)[98] if len(during) >= 2 else max(during, default=0.0),
        scan_samples=scan_samples,
        scan_lock_waits=scan_waits,
        rows_ok=(count, total) == expected and not log.errors,
        converged=converged,
        detail=f"rows {count} (expected {expected[0]}), sum {total} (expected {expected[1]}), "
        f"writer errors {len(log.errors)}{': ' + log.errors[0] if log.errors else ''}",
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows in the written table (default 1,000,000)")
    args = parser.parse_args()
    with pgcluster.server_url() as url:
        with psycopg.connect(url + "postgres") as conn:
            version = conn.execute("SHOW server_version").fetchone()
        print(f"PostgreSQL {version[0] if version else '?'}, {args.rows:,} rows, load average {os.getloadavg()[0]:.1f}")
        columns = (
            "mode",
            "idle max ms",
            "plan s",
            "plan stall ms",
            "apply s",
            "writes",
            "max stall ms",
            "p99 ms",
            "lock waits/scan samples",
            "rows",
        )
        widths = (8, 12, 7, 14, 8, 7, 13, 8, 24, 6)
        print(" ".join(f"{c:>{w}}" for c, w in zip(columns, widths, strict=True)))
        runs: dict[str, Run] = {}
        for mode in ("online", "offline"):
            r = runs[mode] = measure(url, args.rows, online=mode == "online")
            print(
                f"{mode:>8} {r.baseline_stall * 1000:>12.1f} {r.plan_seconds:>7.2f} {r.plan_stall * 1000:>14.1f}"
                f" {r.apply_seconds:>8.2f} {r.statements:>7}"
                f" {r.max_stall * 1000:>13.1f} {r.p99 * 1000:>8.1f}"
                f" {f'{r.scan_lock_waits}/{r.scan_samples}':>24} {'ok' if r.rows_ok else 'LOST':>6}",
                flush=True,
            )
        ratio = runs["online"].max_stall / runs["offline"].max_stall if runs["offline"].max_stall else float("nan")
        print(f"online stall / offline stall: {ratio:.1%} (aim: under 5%)")
        failed = [mode for mode, r in runs.items() if not (r.rows_ok and r.converged)]
        for mode in failed:
            print(f"{mode}: converged={runs[mode].converged}; {runs[mode].detail}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
