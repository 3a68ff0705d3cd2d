"""Apply schema templates' changes: each tenant schema in a transaction of its own, on a bounded pool of connections.

A fleet of tenant schemas is many independent units: one tenant whose table
is locked by a long query must not hold back (or roll back) the other 9,999.
So every tenant schema gets its own transaction, its own advisory lock
(`<database>/<schema>`, so two applies never interleave on one tenant while
tenants run side by side), its own check that it is still as planned, and the
same lock_timeout, retries and online rules as a database. `--parallel N`
connections work through the tenants; failures are collected, never raised
halfway, and a re-run plans only what is left.
"""

from __future__ import annotations

import queue
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import psycopg

from reconciler.backend import ApplyOptions
from reconciler.changes import Change
from reconciler.errors import ApplyError
from reconciler.postgres.connection import connect, server_message
from reconciler.postgres.differ.addresses import schema_digest
from reconciler.postgres.executor import (
    BATCH_SIZE,
    _acquire_lock,
    _retrying,
    _run_batch,
    _run_online,
    _set_timeouts,
    split_phases,
)
from reconciler.postgres.inspector import search_path
from reconciler.postgres.templates import split_by_schema
from reconciler.postgres.tenant_batches import inspect_tenants

# The plan context key listing `<digest> <schema>` for every tenant schema the plan changes.
TENANT_DIGESTS = "tenant_digests"


@dataclass
class TenantFailure:
    """One tenant schema whose transaction rolled back (or whose online statements stopped)."""

    schema: str
    message: str


@dataclass
class TenantsResult:
    applied: list[str] = field(default_factory=list)
    failures: list[TenantFailure] = field(default_factory=list)
    succeeded: int = 0


def by_tenant(changes: list[Change]) -> dict[str, list[Change]]:
    groups: dict[str, list[Change]] = {}
    for change in changes:
        if change.tenant is not None:
            groups.setdefault(change.tenant, []).append(change)
    return groups


@dataclass
class TenantApply:
    """Everything one database's tenant applies share."""

    database: str
    context: dict[str, list[str]]
    options: ApplyOptions
    digests: dict[str, str] = field(init=False)

    def __post_init__(self) -> None:
        pairs = (entry.partition(" ") for entry in self.context.get(TENANT_DIGESTS, []))
        self.digests = {schema: digest for digest, _, schema in pairs}

    def path(self, schema: str) -> str:
        """The tenant schema first, as when the template was normalized, then the declared ones."""
        return search_path([schema, *self.context["schemas"]], self.context["extension_schemas"])

    def check_unchanged(self, conn: psycopg.Connection[Any], schema: str) -> None:
        """Refuse a tenant whose schema changed since the plan (read under its lock)."""
        expected = self.digests.get(schema)
        if expected is None:
            return
        live = inspect_tenants(
            conn, self.database, [schema], self.context["schemas"], self.context["extension_schemas"]
        )
        if schema_digest(split_by_schema(live, [schema])[schema]) != expected:
            raise ApplyError(
                f"schema {schema!r} changed after this plan was made; nothing was applied to it. "
                "Run `reconcile plan` again."
            )

    def run(self, conn: psycopg.Connection[Any], schema: str, changes: list[Change]) -> None:
        """One tenant: enum labels first, then one transaction, then its online statements."""
        unit = f"{self.database}/{schema}"
        first, rest, online = split_phases(changes)
        checked = False

        def begin() -> None:
            nonlocal checked
            _set_timeouts(conn, self.options, local=True)
            _acquire_lock(conn, unit, self.options.lock_wait_seconds)
            if not checked:
                self.check_unchanged(conn, schema)
            conn.execute("SELECT set_config('search_path', %s, true)", (self.path(schema),))

        if first:
            with conn.transaction():
                begin()
                _run_batch(conn, unit, first)
            checked = True

        def transaction() -> None:
            with conn.transaction():
                begin()
                for start in range(0, len(rest), BATCH_SIZE):
                    _run_batch(conn, unit, rest[start : start + BATCH_SIZE])

        _retrying(transaction, f"postgres {unit}: the transaction", self.options)
        if online:
            try:
                _run_online(conn, unit, online, self.path(schema), self.options, [c.address for c in changes])
            finally:
                conn.autocommit = False


@contextmanager
def _connections(url: str, database: str, size: int) -> Iterator[queue.Queue[psycopg.Connection[Any]]]:
    """`size` connections to `database`, lent out one task at a time; all closed at the end."""
    pool: queue.Queue[psycopg.Connection[Any]] = queue.Queue()
    opened: list[psycopg.Connection[Any]] = []
    try:
        for _ in range(size):
            conn = connect(url, database)
            opened.append(conn)
            pool.put(conn)
        yield pool
    finally:
        while not pool.empty():
            opened.append(pool.get_nowait())  # replacements for connections a failure left unusable
        for conn in opened:
            conn.close()


def apply_tenants(
    url: str, database: str, changes: list[Change], context: dict[str, list[str]], options: ApplyOptions
) -> TenantsResult:
    """Every tenant schema's changes, `options.parallel` at a time; failures are collected, not raised."""
    groups = by_tenant(changes)
    work = TenantApply(database, context, options)
    result = TenantsResult()
    size = max(1, min(options.parallel, len(groups)))

    def one(pool: queue.Queue[psycopg.Connection[Any]], schema: str, group: list[Change]) -> TenantFailure | None:
        conn = pool.get()
        try:
            work.run(conn, schema, group)
            return None
        except ApplyError as exc:
            return TenantFailure(schema, str(exc))
        except psycopg.Error as exc:  # the check's read, or a lost connection: this tenant fails, the rest go on
            return TenantFailure(schema, f"PostgreSQL refused: {server_message(exc)}; nothing was applied to it")
        finally:
            if conn.closed or conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
                conn.close()
                conn = connect(url, database)
            pool.put(conn)

    with _connections(url, database, size) as pool, ThreadPoolExecutor(size, "reconcile-tenant") as executor:
        outcomes = list(executor.map(lambda item: one(pool, *item), groups.items()))
    for group, failure in zip(groups.values(), outcomes, strict=True):
        if failure is None:
            result.applied += [c.address for c in group]
            result.succeeded += 1
        else:
            result.failures.append(failure)
    return result


def failure_report(database: str, result: TenantsResult) -> str:
    """Which tenant schemas failed and why, after all of them ran."""
    total = result.succeeded + len(result.failures)
    lines = [
        f"postgres {database}: {len(result.failures)} of {total} tenant schemas failed and were rolled back "
        f"(the other {result.succeeded} were applied); run `reconcile apply` again to converge what is left:"
    ]
    for failure in sorted(result.failures, key=lambda f: f.schema):
        first, *more = failure.message.splitlines() or [""]
        lines.append(f"  {failure.schema}: {first}")
        lines += [f"    {line}" for line in more]
    return "\n".join(lines)
