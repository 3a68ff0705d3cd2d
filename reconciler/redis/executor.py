"""Send a Redis plan's commands in MULTI/EXEC batches.

Redis has no rollback: a batch is atomic (no other client sees half of it),
and a failing command is reported with the change it belongs to; batches
already sent stay applied, which the error message says.
"""

from __future__ import annotations

import redis

from reconciler.changes import Change
from reconciler.errors import ApplyError

BATCH_COMMANDS = 1000


def apply_changes(client: redis.Redis, changes: list[Change]) -> list[str]:
    applied: list[str] = []
    batch: list[tuple[Change, list[str]]] = []

    def flush() -> None:
        if not batch:
            return
        pipe = client.pipeline(transaction=True)
        for _, args in batch:
            pipe.execute_command(*args)  # type: ignore[no-untyped-call]
        try:
            results = pipe.execute(raise_on_error=False)
        except redis.RedisError as exc:
            raise ApplyError(f"Redis refused a batch: {exc}; {len(applied)} change(s) were applied before it") from None
        for (change, args), result in zip(batch, results, strict=True):
            if isinstance(result, Exception):
                raise ApplyError(
                    f"{change.address}: Redis refused `{' '.join(args)}`: {result}\n"
                    f"Redis has no rollback: the other commands of this batch and {len(applied)} earlier change(s) "
                    "were applied; run `reconcile plan` to see what is left."
                )
        applied.extend(dict.fromkeys(change.address for change, _ in batch))
        batch.clear()

    for change in changes:
        for statement in change.statements:
            batch.append((change, statement.args or []))
        if len(batch) >= BATCH_COMMANDS:
            flush()
    flush()
    return applied
