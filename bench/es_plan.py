"""Benchmark the Elasticsearch backend: plan and apply 500 indices.

Prints the plan time against an empty server, the apply time, the no-op plan
time once applied, a plan after a dynamic setting changed on every index, and
the requests inspection made.

    .venv/bin/python bench/es_plan.py                 # starts its own noida-db stand-in
    RECONCILE_ELASTICSEARCH_URL=http://... bench/es_plan.py --indices 200
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from devtools import noida
from reconciler.backend import ApplyOptions
from reconciler.elasticsearch.backend import ElasticsearchBackend


def generate(indices: int, refresh: str) -> str:
    lines = ["indices:"]
    for i in range(indices):
        lines += [
            f"  bench-{i}:",
            f"    settings: {{number_of_shards: 1, number_of_replicas: 0, refresh_interval: {refresh}}}",
            "    mappings: {properties: {ts: {type: date}, level: {type: keyword}, message: {type: text}}}",
        ]
    return "\n".join(lines) + "\n"


def timed(state: Path, apply: bool = False) -> tuple[float, int, int, float]:
    backend = ElasticsearchBackend(state)
    started = time.perf_counter()
    plan = backend.plan(state)
    plan_seconds = time.perf_counter() - started
    plan_requests = backend.requests  # the server check (GET /) and the inspection's
    apply_seconds = 0.0
    if apply:
        started = time.perf_counter()
        backend.apply(plan.changes, plan.settled_contexts(), ApplyOptions())
        apply_seconds = time.perf_counter() - started
    return plan_seconds, len(plan.changes), plan_requests, apply_seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--indices", type=int, default=500)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        server = None
        if not os.environ.get("RECONCILE_ELASTICSEARCH_URL"):
            server = noida.start(Path(tmp) / "noida", services=("elasticsearch",))
            os.environ["RECONCILE_ELASTICSEARCH_URL"] = f"http://127.0.0.1:{server.ports['elasticsearch']}"
        try:
            state = Path(tmp) / "state"
            state.mkdir()
            (state / "elasticsearch.yaml").write_text(generate(args.indices, "1s"))
            create_plan, creates, create_requests, apply_seconds = timed(state, apply=True)
            noop_plan, leftover, noop_requests, _ = timed(state)
            assert leftover == 0, f"not converged: {leftover} changes left"
            (state / "elasticsearch.yaml").write_text(generate(args.indices, "5s"))
            change_plan, changes, change_requests, change_apply = timed(state, apply=True)
        finally:
            if server:
                server.stop()
    print(f"{args.indices} indices")
    print(
        f"  plan on an empty server: {create_plan:.2f} s, {creates} changes, "
        f"{create_requests} requests (GET / and the inspection)"
    )
    print(f"  apply: {apply_seconds:.2f} s ({creates} PUT /<index>)")
    print(f"  no-op plan: {noop_plan:.2f} s, {noop_requests} requests (GET / and the inspection)")
    print(
        f"  refresh_interval changed on every index: plan {change_plan:.2f} s ({changes} changes, "
        f"{change_requests} requests), apply {change_apply:.2f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
