"""The names PostgreSQL chooses for constraints and indexes declared without one (src/backend/commands/indexcmds.c
and catalog/pg_constraint.c), so the export can leave out a name PostgreSQL would choose again."""

from __future__ import annotations

from reconciler.postgres.identifiers import foreign_key_name, name_addition, object_name
from reconciler.postgres.model import Constraint


def default_constraint_name(table: str, constraint: Constraint) -> str:
    """The name PostgreSQL gives `constraint` when it is declared without one."""
    if constraint.kind == "primary_key":
        return object_name(table, None, "pkey")
    if constraint.kind == "unique":
        return object_name(table, name_addition(constraint.columns), "key")
    if constraint.kind == "foreign_key":
        return foreign_key_name(table, constraint.columns)
    if constraint.kind == "check":
        return object_name(table, constraint.columns[0] if len(constraint.columns) == 1 else None, "check")
    return object_name(table, name_addition(constraint.columns), "excl")
