"""Benchmark the Kafka backend: plan and apply 1,000 topics.

Prints the plan time against an empty cluster, the apply time, the no-op plan
time once applied, a plan where every topic's retention changed, and the
admin requests each made.

    .venv/bin/python bench/kafka_plan.py               # starts its own noida-db stand-in
    RECONCILE_KAFKA_BOOTSTRAP=kafka:9092 bench/kafka_plan.py --topics 500
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
from reconciler.kafka.backend import KafkaBackend


def generate(topics: int, retention: str) -> str:
    lines = ["topics:"]
    lines += [
        f"  bench-{i}: {{partitions: 3, retention: {retention}, configs: {{compression.type: lz4}}}}"
        for i in range(topics)
    ]
    return "\n".join(lines) + "\n"


def timed(state: Path, apply: bool = False) -> tuple[float, int, int, float]:
    backend = KafkaBackend(state)
    started = time.perf_counter()
    plan = backend.plan(state)
    plan_seconds = time.perf_counter() - started
    plan_requests = backend.requests
    apply_seconds = 0.0
    if apply:
        started = time.perf_counter()
        backend.apply(plan.changes, plan.settled_contexts(), ApplyOptions())
        apply_seconds = time.perf_counter() - started
    return plan_seconds, len(plan.changes), plan_requests, apply_seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--topics", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        server = None
        if not os.environ.get("RECONCILE_KAFKA_BOOTSTRAP"):
            server = noida.start(Path(tmp) / "noida")
            os.environ["RECONCILE_KAFKA_BOOTSTRAP"] = server.kafka
        try:
            state = Path(tmp) / "state"
            state.mkdir()
            (state / "kafka.yaml").write_text(generate(args.topics, "7d"))
            create_plan, creates, create_requests, apply_seconds = timed(state, apply=True)
            noop_plan, leftover, noop_requests, _ = timed(state)
            assert leftover == 0, f"not converged: {leftover} changes left"
            (state / "kafka.yaml").write_text(generate(args.topics, "3d"))
            alter_plan, alters, alter_requests, alter_apply = timed(state, apply=True)
        finally:
            if server:
                server.stop()
    print(f"{args.topics} topics")
    print(f"  plan on an empty cluster: {create_plan:.2f} s, {creates} changes, {create_requests} admin requests")
    print(f"  apply (one CreateTopics): {apply_seconds:.2f} s")
    print(f"  no-op plan: {noop_plan:.2f} s, {noop_requests} admin requests")
    print(
        f"  retention changed on every topic: plan {alter_plan:.2f} s ({alters} changes, {alter_requests} requests),"
        f" apply (one IncrementalAlterConfigs) {alter_apply:.2f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
