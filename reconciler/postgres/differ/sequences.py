"""Sequences as the dependency graph names them, the column that owns one, and that column's table's owner."""

from __future__ import annotations

from collections.abc import Container

from reconciler.changes import Statement
from reconciler.postgres.ddl import Phase, stmt
from reconciler.postgres.dependencies import (
    object_id,
    split_qualified,
)
from reconciler.postgres.identifiers import qualify, quote_ident
from reconciler.postgres.model import (
    Database,
    Sequence,
)


def _sequence_id(seq: Sequence) -> str:
    return object_id("sequence", seq.schema_name, seq.name)


def _owning_column(seq: Sequence) -> tuple[str, str, str] | None:
    """(schema, table, column) of the column that owns a sequence (owned_by: 'table.column' or
    'schema.table.column', quoted as needed)."""
    if seq.owned_by is None:
        return None
    parts = split_qualified(seq.owned_by)
    schema, table, column = ([seq.schema_name, *parts] if len(parts) == 2 else parts)[-3:]
    return schema, table, column


def owning_table(seq: Sequence) -> tuple[str, str] | None:
    """(schema, table) of the column that owns a sequence."""
    column = _owning_column(seq)
    return None if column is None else column[:2]


def _owner_id(seq: Sequence) -> tuple[str, ...]:
    """The column that owns a sequence, as a graph id."""
    column = _owning_column(seq)
    return () if column is None else (object_id("column", *column),)


def live_owner(live: Database, seq: Sequence) -> str | None:
    """Who owns a live sequence: its own owner, or for one a column owns, its table's (which it follows)."""
    table = owning_table(seq)
    key = object_id("sequence", seq.schema_name, seq.name) if table is None else object_id("table", *table)
    entry = live.owners.get(key)
    return entry.owner if entry is not None else None


def align_owner(live: Database, recreated: Container[str], seq: Sequence, current: str | None) -> list[Statement]:
    """ALTER SEQUENCE ... OWNER TO the owning table's owner, before OWNED BY, where `current` (the sequence's
    owner by then) is another role: PostgreSQL links a sequence only to a table of its own owner.

    A table the plan keeps still has its live owner then (owner changes come later, and ALTER TABLE ... OWNER TO
    takes its sequences along); one it creates or re-creates (`recreated`: "schema.name" keys) is the applying
    role's. Adding a serial column to a table another role owns failed with "sequence must have same owner as
    table it is linked to".
    """
    table = owning_table(seq)
    if table is None or current is None:
        return []
    if f"{table[0]}.{table[1]}" in live.tables and f"{table[0]}.{table[1]}" not in recreated:
        entry = live.owners.get(object_id("table", *table))
        owner = entry.owner if entry is not None else None
    else:
        owner = live.role
    if owner is None or owner == current:
        return []
    return [
        stmt(f"ALTER SEQUENCE {qualify(seq.schema_name, seq.name)} OWNER TO {quote_ident(owner)}", Phase.SEQUENCE_OWNER)
    ]
