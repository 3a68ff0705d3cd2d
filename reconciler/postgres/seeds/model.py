"""Seed tables after loading: what was declared, resolved against the declared schema."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from reconciler.state.yaml_source import SourceMap


@dataclass(frozen=True)
class Reference:
    """A row field resolved to: this table's column holds the target column of the referenced row."""

    field: str
    column: str
    schema: str
    table: str
    key: str
    target: str


@dataclass
class DeclaredRow:
    """One row as the state file declares it, after selector expansion."""

    path: tuple[str | int, ...]
    values: dict[str, Any]  # column -> declared value (SecretRef for secrets)
    refs: dict[str, str]  # reference field -> natural key value of the referenced row


@dataclass
class SeedTable:
    """Declared rows of one table of one database."""

    database: str
    schema: str
    table: str
    source: SourceMap
    key: list[str]  # row fields: columns or reference fields
    policy: str
    prune: bool
    references: dict[str, Reference]
    secrets: dict[str, str]  # column -> plain | argon2
    rows: list[DeclaredRow]

    @property
    def name(self) -> str:
        return self.table if self.schema == "public" else f"{self.schema}.{self.table}"

    @cached_property
    def columns(self) -> list[str]:
        """Plain (non-reference) columns any row declares, in first-seen order; asked once the rows are loaded."""
        seen: dict[str, None] = {}
        previous: Any = None
        for row in self.rows:
            names = row.values.keys()
            if names == previous:
                continue  # rows mostly declare the same columns (always, from CSV): nothing new to see
            previous = names
            for column in names:
                seen.setdefault(column)
        return list(seen)

    def key_of(self, row: DeclaredRow) -> tuple[str, ...]:
        """The natural key as declared (strings), used before PostgreSQL normalizes it."""
        return tuple(str(row.refs[f]) if f in self.references else str(row.values.get(f)) for f in self.key)
