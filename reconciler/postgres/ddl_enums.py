"""Statements for enum types: create, add labels in their declared places, drop.

Pure string building over catalog-model values, as ddl.py describes; Phase (ddl.py) orders them.
"""

from __future__ import annotations

from reconciler.changes import Statement
from reconciler.postgres.ddl import Phase, comment_if_any, stmt
from reconciler.postgres.identifiers import qualify, quote_literal
from reconciler.postgres.model import Enum


def create_enum(enum: Enum) -> list[Statement]:
    labels = ", ".join(quote_literal(label) for label in enum.labels)
    name = qualify(enum.schema_name, enum.name)
    return [stmt(f"CREATE TYPE {name} AS ENUM ({labels})", Phase.ENUM), *comment_if_any(f"TYPE {name}", enum.comment)]


def add_enum_values(enum: Enum, before: list[str]) -> list[Statement]:
    """ALTER TYPE ... ADD VALUE for each new label, placed where the state puts it."""
    statements = []
    present = list(before)
    for position, label in enumerate(enum.labels):
        if label in present:
            continue
        sql = f"ALTER TYPE {qualify(enum.schema_name, enum.name)} ADD VALUE {quote_literal(label)}"
        following = next((lbl for lbl in enum.labels[position + 1 :] if lbl in present), None)
        if following is not None:
            sql += f" BEFORE {quote_literal(following)}"
            present.insert(present.index(following), label)
        else:
            present.append(label)
        statements.append(stmt(sql, Phase.ENUM_VALUE_COMMITTED_FIRST))
    return statements
