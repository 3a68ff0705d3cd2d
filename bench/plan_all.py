"""Benchmark one plan across all five backends on the AI4I state.

Starts throwaway servers (PostgreSQL and redis-server from Debian's packages,
noida-db for Kafka and Elasticsearch, the InfluxDB emulator), applies the
AI4I state once, then plans it again several times and prints how long each
backend's inspection took and the wall time of the whole (concurrent) plan,
next to the sum a sequential plan would take; then PostgreSQL alone with its
databases planned one by one (RECONCILE_POSTGRES_PLAN_WORKERS=1) and at once;
then the whole `reconcile drift --fail-on-diff` process, interpreter start
included, with its peak RSS, next to its floor measured in the same run: an
interpreter that imports the client libraries and exits (what any Python
program using them pays; this machine's speed moves both alike). Issue 16's
targets: the in-process no-op plan <= 0.5 s, the drift process <= 1.0 s.

    .venv/bin/python bench/plan_all.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import resource
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.processes import CLIENT_LIBRARIES, client_floor, run_reconcile
from devtools import influxserver, noida, pgcluster, redisserver
from reconciler.backend import ApplyOptions
from reconciler.runner import BACKEND_ORDER, Selection, apply_plan, make_plan

ROOT = Path(__file__).resolve().parent.parent
PLAN_TARGET, PROCESS_TARGET = 0.5, 1.0  # seconds (issue 16)


def drift_process() -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one `reconcile drift --fail-on-diff` process on the AI4I state."""
    seconds, peak, code = run_reconcile(["drift", "--fail-on-diff", "--state", str(ROOT / "state")])
    assert code == 0, f"reconcile drift --fail-on-diff exited {code}: the state drifted or failed"
    return seconds, peak


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        cluster = pgcluster.start()
        redis = redisserver.start(root / "redis")
        stand_in = noida.start(root / "noida", services=("kafka", "elasticsearch"))
        influx = influxserver.start_emulator(root / "influxdb")
        os.environ.update(
            {
                "RECONCILE_POSTGRES_URL": f"postgresql://postgres@127.0.0.1:{cluster.port}/",
                "RECONCILE_REDIS_URL": redis.url,
                "RECONCILE_KAFKA_BOOTSTRAP": stand_in.kafka,
                "RECONCILE_ELASTICSEARCH_URL": f"http://127.0.0.1:{stand_in.ports['elasticsearch']}",
                "RECONCILE_INFLUXDB_URL": influx.url,
                "RECONCILE_INFLUXDB_TOKEN": influx.token,
                "AI4I_ADMIN_PASSWORD": os.environ.get("AI4I_ADMIN_PASSWORD") or secrets.token_urlsafe(12),
            }
        )
        try:
            selection = Selection(state_dir=ROOT / "state")
            started = time.perf_counter()
            first = make_plan(selection)
            apply_plan(first, selection, ApplyOptions())
            # As `reconcile apply` ends: its closing plan records the normalized schema later plans read.
            closing = make_plan(Selection(state_dir=ROOT / "state", record_normalized=True))
            assert not closing.changes, f"not converged: {[c.address for c in closing.changes]}"
            setup = time.perf_counter() - started
            walls: list[float] = []
            per_backend: dict[str, list[float]] = {name: [] for name in BACKEND_ORDER}
            for _ in range(args.runs):
                started = time.perf_counter()
                plan = make_plan(selection)
                walls.append(time.perf_counter() - started)
                assert not plan.changes, f"not converged: {[c.address for c in plan.changes]}"
                for name, seconds in plan.timings.items():
                    per_backend[name].append(seconds)
            postgres = Selection(state_dir=ROOT / "state", only=["postgres"])
            by_workers: dict[str, list[float]] = {"1": [], "4": []}
            for _ in range(args.runs):
                for workers, times in by_workers.items():
                    os.environ["RECONCILE_POSTGRES_PLAN_WORKERS"] = workers
                    started = time.perf_counter()
                    make_plan(postgres)
                    times.append(time.perf_counter() - started)
            os.environ.pop("RECONCILE_POSTGRES_PLAN_WORKERS")
            in_process_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            drift_process()  # untimed: writes the bytecode caches an installed copy has
            processes, floors = [], []
            for _ in range(args.runs):  # interleaved: both see the same moment of a shared machine
                processes.append(drift_process())
                floors.append(client_floor())
        finally:
            influx.stop()
            stand_in.stop()
            redis.stop()
            cluster.stop()
    print(f"AI4I state, all five backends ({len(first.changes)} changes applied from empty in {setup:.2f} s)")
    print(f"no-op plan, median of {args.runs} runs:")
    medians = {name: statistics.median(times) for name, times in per_backend.items() if times}
    for name, seconds in medians.items():
        print(f"  {name:<14} {seconds:.2f} s")
    print(f"  {'sum':<14} {sum(medians.values()):.2f} s  (what a sequential plan would take)")
    print(f"  {'wall':<14} {statistics.median(walls):.2f} s  (the concurrent plan)")
    one, four = (statistics.median(by_workers[w]) for w in ("1", "4"))
    print(f"PostgreSQL databases planned one by one {one:.2f} s, four at once {four:.2f} s (ratio {four / one:.2f})")
    print(f"peak RSS of this bench process (setup, apply and every in-process plan): {in_process_rss:.0f} MiB")
    process = statistics.median(seconds for seconds, _ in processes)
    print(
        f"`reconcile drift --fail-on-diff` process, median of {args.runs}: {process:.2f} s,"
        f" peak RSS {max(rss for _, rss in processes):.0f} MiB"
    )
    floor = statistics.median(floors)
    print(
        f"floor: an interpreter importing {', '.join(CLIENT_LIBRARIES)}, median of {args.runs}: {floor:.2f} s;"
        f" the drift process is {process / floor:.2f}x that, reconcile's own share {process - floor:.2f} s"
    )
    wall = statistics.median(walls)
    targets = (("in-process no-op plan", wall, PLAN_TARGET), ("drift process", process, PROCESS_TARGET))
    for label, seconds, target in targets:
        print(f"target: {label} {seconds:.2f} s <= {target:.1f} s: {'met' if seconds <= target else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
