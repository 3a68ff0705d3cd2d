"""`--shard I/N`: a stable share of the fleet for one of N machines.

A fleet of 10,000 tenant schemas (or databases, or clusters) is planned and
applied faster by N machines at once, each taking one shard: a Kubernetes
Indexed Job, a CI matrix. Every unit belongs to exactly one shard, chosen by
a hash of its name, so N shards together cover every unit exactly once and a
unit stays in its shard from one run to the next (its history, its lag, its
failures are always on the same machine's report).

The hash is SHA-256 of the unit's key in UTF-8, read as a big-endian number,
modulo N. It depends on nothing but those bytes: not on Python's `hash()`
(salted per process by PYTHONHASHSEED), not on the order names are listed,
not on how many units exist. Adding a tenant never moves another one; only
changing N reshuffles.

Units (the keys hashed):
- a tenant schema a schema template selects: `postgres:<database>:<schema>`;
- a database a database template selects: `postgres:<database>`;
- a PostgreSQL database's own (declared) changes: `postgres:<database>`;
- any other backend's changes, by the scope applied together (a Redis
  server, a Kafka cluster, an InfluxDB org): `<backend>:<scope>`.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from reconciler.changes import Change
from reconciler.errors import ReconcileError

# A shard count far beyond any fleet's machine count is a typo, not a plan.
MAX_SHARDS = 10_000
_SHAPE = re.compile(r"^([0-9]{1,5})/([0-9]{1,5})$")


@dataclass(frozen=True)
class Shard:
    """Shard `index` of `count`, numbered from 1 (as `--shard 1/4` ... `4/4`)."""

    index: int
    count: int

    @classmethod
    def parse(cls, text: str) -> Shard:
        """`I/N` with 1 <= I <= N; anything else is one readable error."""
        found = _SHAPE.match(text.strip())
        if found is None:
            raise ReconcileError(f"--shard: {text!r} is not I/N (for example 2/8: the second of 8 shards)")
        index, count = int(found.group(1)), int(found.group(2))
        if not 1 <= count <= MAX_SHARDS:
            raise ReconcileError(f"--shard: N must be between 1 and {MAX_SHARDS}, not {count}")
        if not 1 <= index <= count:
            raise ReconcileError(f"--shard: I must be between 1 and N ({count}), not {index}: shards count from 1")
        return cls(index, count)

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"

    def owns(self, key: str) -> bool:
        return shard_of(key, self.count) == self.index

    def owns_change(self, change: Change) -> bool:
        return self.owns(change_key(change))


def shard_of(key: str, count: int) -> int:
    """The shard (1..count) a unit belongs to: SHA-256 of its key, modulo count."""
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).digest()
    return int.from_bytes(digest[:8], "big") % count + 1


def tenant_key(database: str, schema: str) -> str:
    return f"postgres:{database}:{schema}"


def database_key(database: str) -> str:
    return f"postgres:{database}"


def change_key(change: Change) -> str:
    """The unit a change is applied with: its tenant schema, else its database or scope."""
    if change.backend == "postgres" and change.tenant is not None:
        return tenant_key(change.scope, change.tenant)
    if change.backend == "postgres":
        return database_key(change.scope)
    return f"{change.backend}:{change.scope}"
