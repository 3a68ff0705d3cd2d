"""Sequences as the dependency graph names them, and the column that owns one."""

from __future__ import annotations

from reconciler.postgres.dependencies import (
    object_id,
    split_qualified,
)
from reconciler.postgres.model import (
    Sequence,
)


def _sequence_id(seq: Sequence) -> str:
    return object_id("sequence", seq.schema_name, seq.name)


def _owner_id(seq: Sequence) -> tuple[str, ...]:
    """The column that owns a sequence, as a graph id ('table.column' or 'schema.table.column', quoted as needed)."""
    if seq.owned_by is None:
        return ()
    parts = split_qualified(seq.owned_by)
    schema, table, column = ([seq.schema_name, *parts] if len(parts) == 2 else parts)[-3:]
    return (object_id("column", schema, table, column),)
