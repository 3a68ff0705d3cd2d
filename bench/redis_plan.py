"""Benchmark the Redis backend: plan and apply 10,000 declared keys.

Prints the plan time on an empty server, the apply time, the no-op plan time
once applied, and the round trips each took.

    .venv/bin/python bench/redis_plan.py              # starts its own throwaway redis-server
    RECONCILE_REDIS_URL=redis://... bench/redis_plan.py --keys 50000
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import redis

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from devtools import redisserver
from reconciler.backend import ApplyOptions
from reconciler.redis.backend import RedisBackend
from reconciler.redis.executor import BATCH_COMMANDS


def generate(keys: int) -> str:
    """A quarter each of strings, hashes, sets and strings with a TTL, via one group."""
    items = ", ".join(f"{{n: {i}}}" for i in range(keys // 4))
    return (
        "owned_prefixes: ['bench:']\ngroups:\n  many:\n"
        f"    for_each: [{items}]\n"
        "    keys:\n"
        "      'bench:s:{n}': 'value-{n}'\n"
        "      'bench:h:{n}': {type: hash, fields: {a: '{n}', b: x}}\n"
        "      'bench:set:{n}': {type: set, members: [a, b, '{n}']}\n"
        "      'bench:t:{n}': {value: '{n}', ttl: 3600}\n"
    )


def timed_plan(state: Path) -> tuple[float, int, int, RedisBackend]:
    backend = RedisBackend(state)
    started = time.perf_counter()
    plan = backend.plan(state)
    return time.perf_counter() - started, len(plan.changes), backend.stats.round_trips, backend


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--keys", type=int, default=10000)
    args = parser.parse_args()
    server = None
    with tempfile.TemporaryDirectory() as tmp:
        if not os.environ.get("RECONCILE_REDIS_URL"):
            server = redisserver.start(Path(tmp) / "redis")
            os.environ["RECONCILE_REDIS_URL"] = server.url
        try:
            redis.Redis.from_url(os.environ["RECONCILE_REDIS_URL"]).flushdb()
            state = Path(tmp) / "state"
            state.mkdir()
            (state / "redis.yaml").write_text(generate(args.keys))
            create_plan, changes, create_trips, backend = timed_plan(state)
            plan = backend.plan(state)
            started = time.perf_counter()
            backend.apply(plan.changes, plan.settled_contexts(), ApplyOptions())
            apply_seconds = time.perf_counter() - started
            commands = sum(len(c.statements) for c in plan.changes)
            noop_plan, leftover, noop_trips, _ = timed_plan(state)
            assert leftover == 0, f"not converged: {leftover} changes left"
        finally:
            if server:
                server.stop()
    print(f"{args.keys} declared keys")
    print(f"  plan on an empty server: {create_plan:.2f} s, {changes} changes, {create_trips} round trips")
    apply_trips = -(-commands // BATCH_COMMANDS)
    print(f"  apply: {apply_seconds:.2f} s, {commands} commands in {apply_trips} MULTI/EXEC round trips")
    print(f"  no-op plan: {noop_plan:.2f} s, {noop_trips} round trips")
    return 0


if __name__ == "__main__":
    sys.exit(main())
