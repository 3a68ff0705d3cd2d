"""Send a Redis plan's commands in MULTI/EXEC batches.

Redis has no rollback: a batch is atomic (no other client sees half of it),
and a failing command is reported with the change it belongs to; batches
already sent stay applied, which the error message says. Secret tokens
(`${env:NAME|sha256}`) are resolved here, at the last moment, and never shown.
"""

from __future__ import annotations

import redis

from reconciler.changes import Change, Statement
from reconciler.errors import ApplyError
from reconciler.secrets import resolve_tokens

BATCH_COMMANDS = 1000


def _args(statement: Statement) -> list[str]:
    args = statement.args or []
    return [resolve_tokens(arg, str) for arg in args] if statement.secrets else args


def apply_changes(client: redis.Redis, changes: list[Change]) -> list[str]:
    """Apply `changes` in order; return the addresses applied."""
    applied: list[str] = []
    batch: list[tuple[Change, Statement]] = []

    def flush() -> None:
        if not batch:
            return
        pipe = client.pipeline(transaction=True)
        for _, statement in batch:
            pipe.execute_command(*_args(statement))  # type: ignore[no-untyped-call]
        try:
            results = pipe.execute(raise_on_error=False)
        except redis.RedisError as exc:
            raise ApplyError(
                f"Redis refused a batch: {exc}; {len(applied)} change(s) were applied before it", applied
            ) from None
        for (change, statement), result in zip(batch, results, strict=True):
            if isinstance(result, Exception):
                raise ApplyError(
                    f"{change.address}: Redis refused `{statement.sql}`: {result}\n"
                    f"Redis has no rollback: the other commands of this batch and {len(applied)} earlier change(s) "
                    "were applied; run `reconcile plan` to see what is left.",
                    applied + [c.address for c, _ in batch if c.address != change.address],
                )
        applied.extend(dict.fromkeys(change.address for change, _ in batch))
        batch.clear()

    for change in changes:
        batch += [(change, statement) for statement in change.statements]
        if len(batch) >= BATCH_COMMANDS:
            flush()
    flush()
    return applied
