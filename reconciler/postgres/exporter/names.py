"""The names PostgreSQL chooses for constraints and indexes declared without one (src/backend/commands/indexcmds.c
and catalog/pg_constraint.c), so the export can leave out a name PostgreSQL would choose again."""

from __future__ import annotations

from reconciler.postgres.model import Constraint

NAMEDATALEN = 64  # PostgreSQL's identifier buffer: names hold at most 63 bytes


def _clip(name: str, size: int) -> str:
    """The first `size` bytes of `name`, never cutting a character in two (pg_mbcliplen)."""
    return name.encode()[:size].decode(errors="ignore")


def object_name(name1: str, name2: str | None, label: str) -> str:
    """PostgreSQL's makeObjectName: `name1_name2_label`, the longer name shortened first to fit 63 bytes."""
    size1, size2 = len(name1.encode()), len(name2.encode()) if name2 is not None else 0
    available = NAMEDATALEN - 1 - len(label) - 1 - (1 if name2 is not None else 0)
    while size1 + size2 > available:
        if size1 > size2:
            size1 -= 1
        else:
            size2 -= 1
    parts = [_clip(name1, size1), *([_clip(name2, size2)] if name2 is not None else []), label]
    return "_".join(parts)


def name_addition(columns: list[str]) -> str:
    """PostgreSQL's ChooseIndexNameAddition: column names joined by `_`, cut off once past 63 bytes."""
    text = ""
    for name in columns:
        text = f"{text}_{name}" if text else name
        if len(text.encode()) >= NAMEDATALEN:
            break
    return text


def default_constraint_name(table: str, constraint: Constraint) -> str:
    """The name PostgreSQL gives `constraint` when it is declared without one."""
    if constraint.kind == "primary_key":
        return object_name(table, None, "pkey")
    if constraint.kind == "unique":
        return object_name(table, name_addition(constraint.columns), "key")
    if constraint.kind == "foreign_key":
        return object_name(table, name_addition(constraint.columns), "fkey")
    if constraint.kind == "check":
        return object_name(table, constraint.columns[0] if len(constraint.columns) == 1 else None, "check")
    return object_name(table, name_addition(constraint.columns), "excl")
