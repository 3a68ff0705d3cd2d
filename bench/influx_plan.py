"""Benchmark the InfluxDB backend: plan and apply 500 buckets.

Prints the plan time against an empty organization, the apply time, the
no-op plan time once applied, a plan and apply after the retention of every
bucket changed, and the API requests each made (buckets are listed in pages
of 100, the API's largest).

    .venv/bin/python bench/influx_plan.py              # starts its own emulator (devtools/)
    RECONCILE_INFLUXDB_URL=http://... RECONCILE_INFLUXDB_TOKEN=... bench/influx_plan.py --buckets 200
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from devtools import influxserver
from reconciler.backend import ApplyOptions
from reconciler.influxdb.backend import InfluxBackend


def generate(org: str, buckets: int, retention: str) -> str:
    lines = [f"organization: {{name: {org}}}", "buckets:"]
    lines += [f"  bench_{i:04}: {{retention: {retention}, description: bucket {i}}}" for i in range(buckets)]
    return "\n".join(lines) + "\n"


def timed(state: Path, apply: bool = False) -> tuple[float, int, int, float, int]:
    """Plan (and apply): seconds, changes, plan requests, apply seconds, apply requests."""
    backend = InfluxBackend(state)
    started = time.perf_counter()
    plan = backend.plan(state)
    plan_seconds = time.perf_counter() - started
    plan_requests = backend.requests
    apply_seconds = 0.0
    if apply:
        started = time.perf_counter()
        backend.apply(plan.changes, plan.settled_contexts(), ApplyOptions(allow_destructive=True))
        apply_seconds = time.perf_counter() - started
    return plan_seconds, len(plan.changes), plan_requests, apply_seconds, backend.requests - plan_requests


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--buckets", type=int, default=500)
    args = parser.parse_args()
    org = f"bench{uuid.uuid4().hex[:8]}"
    with tempfile.TemporaryDirectory() as tmp:
        server = None
        if not os.environ.get("RECONCILE_INFLUXDB_URL"):
            server = influxserver.start_emulator(Path(tmp) / "influxdb")
            os.environ["RECONCILE_INFLUXDB_URL"] = server.url
            os.environ["RECONCILE_INFLUXDB_TOKEN"] = server.token
        try:
            state = Path(tmp) / "state"
            state.mkdir()
            (state / "influxdb.yaml").write_text(generate(org, args.buckets, "30d"))
            create_plan, creates, create_requests, apply_seconds, apply_requests = timed(state, apply=True)
            noop_plan, leftover, noop_requests, _, _ = timed(state)
            assert leftover == 0, f"not converged: {leftover} changes left"
            (state / "influxdb.yaml").write_text(generate(org, args.buckets, "7d"))
            change_plan, changes, change_requests, change_apply, change_apply_requests = timed(state, apply=True)
        finally:
            if server:
                server.stop()
    print(f"{args.buckets} buckets in a new organization")
    print(f"  plan on an empty server: {create_plan:.2f} s, {creates} changes, {create_requests} requests")
    print(f"  apply: {apply_seconds:.2f} s, {apply_requests} requests (organization + one POST per bucket)")
    print(f"  no-op plan: {noop_plan:.2f} s, {noop_requests} requests")
    print(
        f"  retention 30d -> 7d on every bucket: plan {change_plan:.2f} s ({changes} changes, {change_requests} "
        f"requests), apply {change_apply:.2f} s ({change_apply_requests} requests)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
