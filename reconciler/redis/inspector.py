"""Read the declared keys (and, for prune, the keys under owned prefixes) with pipelining.

Per batch of up to 1,000 keys: one round trip for TYPE and PTTL, one for the
values. Keys under owned prefixes are discovered with SCAN, never KEYS, and
keys outside them are never read.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import redis

from reconciler.redis.loader import RedisState
from reconciler.redis.model import RedisKey

BATCH = 1000


@dataclass
class RedisStats:
    round_trips: int = 0


def _batches(names: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(names), BATCH):
        yield names[start : start + BATCH]


def read_keys(
    client: redis.Redis, names: list[str], stats: RedisStats, hash_fields: dict[str, list[str] | None] | None = None
) -> dict[str, RedisKey]:
    """The live keys among `names`. `hash_fields` limits a hash to the declared fields (None: all)."""
    found: dict[str, RedisKey] = {}
    for batch in _batches(names):
        pipe = client.pipeline(transaction=False)
        for name in batch:
            pipe.type(name)
            pipe.pttl(name)
        meta = pipe.execute()
        stats.round_trips += 1
        present = []
        pipe = client.pipeline(transaction=False)
        for index, name in enumerate(batch):
            kind, pttl = meta[2 * index], meta[2 * index + 1]
            if kind == "none":
                continue
            # Integer arithmetic: a float loses whole seconds on TTLs near the limit (MAX_TTL_SECONDS) and shows drift.
            ttl = None if pttl is None or pttl < 0 else max(1, (pttl + 500) // 1000)
            key = RedisKey(
                name=name, type=kind if kind in ("string", "hash", "list", "set", "zset") else "string", ttl=ttl
            )
            if kind == "string":
                pipe.get(name)
            elif kind == "hash":
                fields = (hash_fields or {}).get(name)
                if fields:
                    pipe.hmget(name, fields)
                else:
                    pipe.hgetall(name)
            elif kind == "list":
                pipe.lrange(name, 0, -1)
            elif kind == "set":
                pipe.smembers(name)
            elif kind == "zset":
                pipe.zrange(name, 0, -1, withscores=True)
            else:
                pipe.type(name)  # streams and modules' types: shown by type only
            present.append((key, kind))
        values = pipe.execute() if present else []
        stats.round_trips += 1 if present else 0
        for (key, kind), value in zip(present, values, strict=True):
            _fill(key, kind, value, (hash_fields or {}).get(key.name))
            found[key.name] = key
    return found


def _fill(key: RedisKey, kind: str, value: Any, fields: list[str] | None) -> None:
    if kind == "string":
        key.value = value
    elif kind == "hash":
        key.fields = dict(zip(fields, value, strict=True)) if fields else dict(value)
        key.fields = {f: v for f, v in key.fields.items() if v is not None}
    elif kind == "list":
        key.items = list(value)
    elif kind == "set":
        key.members = sorted(value)
    elif kind == "zset":
        key.scores = {member: float(score) for member, score in value}
    else:
        key.value = f"<{kind}>"


def scan_owned(client: redis.Redis, prefixes: list[str], stats: RedisStats) -> list[str]:
    """Every key under the owned prefixes, by SCAN (never KEYS, which blocks the server)."""
    names: set[str] = set()
    for prefix in prefixes:
        pattern = "".join(f"\\{c}" if c in "*?[]\\" else c for c in prefix) + "*"
        cursor = 0
        while True:
            cursor, batch = client.scan(cursor=cursor, match=pattern, count=1000)
            stats.round_trips += 1
            names.update(str(name) for name in batch)
            if cursor == 0:
                break
    return sorted(names)


def inspect_redis(client: redis.Redis, state: RedisState, stats: RedisStats) -> dict[str, RedisKey]:
    """Live keys the state declares, plus undeclared keys under owned prefixes when pruning."""
    hash_fields = {
        k.name: (None if k.exclusive else sorted(k.fields or {})) for k in state.keys.values() if k.type == "hash"
    }
    names = list(state.keys)
    if state.prune:
        names += [n for n in scan_owned(client, state.owned_prefixes, stats) if n not in state.keys]
    return read_keys(client, names, stats, hash_fields)
