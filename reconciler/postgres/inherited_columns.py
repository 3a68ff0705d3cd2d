"""Settings a partition or inheritance child keeps for itself on a column it takes from its parent.

Such a column stays the parent's (attislocal false: it follows the parent's type change and drop),
yet the table may give it its own default, NOT NULL and comment, as pg_dump writes them:
`ALTER TABLE ONLY child ALTER COLUMN c SET DEFAULT 0`. Declared under `inherited_columns:`
(spec.tables.InheritedColumnSpec); a partition's own NOT NULL keeps its older place,
`partition_of.not_null` (partitions.own_not_null). Here: the SQL for materialize, the DDL that
gives a new table its settings, and what export declares. An existing table's are compared and
altered with its columns (differ.partitions.columns_to_compare).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from reconciler.changes import Statement
from reconciler.postgres.ddl import Phase, comment_on, lock_on, stmt, table_name
from reconciler.postgres.dependencies import split_qualified
from reconciler.postgres.identifiers import quote_ident, quote_literal
from reconciler.postgres.locks import Kind
from reconciler.postgres.materialize_tables import literal_default
from reconciler.postgres.model import Column, Database, Table
from reconciler.postgres.partitions import parents
from reconciler.postgres.spec.tables import InheritedColumnSpec


def spec_sql(qualified: str, name: str, spec: InheritedColumnSpec) -> Iterator[tuple[str, str]]:
    """For materialize: each statement giving the created table `spec`'s settings, with the field it comes from."""
    column = f"ALTER TABLE ONLY {qualified} ALTER COLUMN {quote_ident(name)}"
    if spec.default is not None:
        yield f"{column} SET DEFAULT {literal_default(spec.default)}", "default"
    if spec.not_null:
        yield f"ALTER TABLE {qualified} ALTER COLUMN {quote_ident(name)} SET NOT NULL", "not_null"
    if spec.comment is not None:
        yield f"COMMENT ON COLUMN {qualified}.{quote_ident(name)} IS {quote_literal(spec.comment)}", "comment"


def column_sources(db: Database, table: Table) -> list[Table]:
    """What `table` takes columns from: its parents, or a typed table's composite type (as a bare table)."""
    if table.of_type is None:
        return [db.tables[p.key] for p in parents(table) if p.key in db.tables]
    *schema, name = split_qualified(table.of_type)
    for composite in db.composite_types.values():
        if composite.name == name and composite.schema_name == (schema[0] if schema else table.schema_name):
            columns = {a.name: Column(name=a.name, type=a.type, collation=a.collation) for a in composite.attributes}
            return [Table(schema_name=composite.schema_name, name=composite.name, columns=columns)]
    return []


def parent_column(name: str, parents: list[Table]) -> Column | None:
    """The column `name` as the first parent that has it defines it (what the table took it from)."""
    for parent in parents:
        if name in parent.columns:
            return parent.columns[name]
    return None


def _own(table: Table, parents: list[Table]) -> Iterator[tuple[Column, Column]]:
    """The table's inherited columns whose parent is known, with the parent's."""
    for column in table.columns.values():
        if not column.local and (inherited := parent_column(column.name, parents)) is not None:
            yield column, inherited


def _own_not_null(table: Table, column: Column, parents: list[Table]) -> bool:
    """NOT NULL in an inheritance child while no parent has it (a partition's is `partition_of.not_null`)."""
    if table.partition_of is not None or not column.not_null:
        return False
    return not any(p.columns[column.name].not_null for p in parents if column.name in p.columns)


def create_sql(table: Table, parents: list[Table]) -> list[Statement]:
    """For a new table: its own default, NOT NULL and comment on each column it takes from `parents`.

    CREATE TABLE copies the parent's default; a new partition's own NOT NULL is part of its CREATE TABLE.
    """
    name = table_name(table)
    statements: list[Statement] = []
    for column, inherited in _own(table, parents):
        prefix = f"ALTER TABLE ONLY {name} ALTER COLUMN {quote_ident(column.name)}"
        if column.default != inherited.default:
            clause = "DROP DEFAULT" if column.default is None else f"SET DEFAULT {column.default}"
            statements.append(stmt(f"{prefix} {clause}", Phase.CREATE_TABLE, lock_on(Kind.SET_DEFAULT, table)))
        if _own_not_null(table, column, parents):
            sql = f"ALTER TABLE {name} ALTER COLUMN {quote_ident(column.name)} SET NOT NULL"
            statements.append(stmt(sql, Phase.CREATE_TABLE, lock_on(Kind.SET_NOT_NULL, table)))
        if column.comment is not None:
            statements.append(comment_on(f"COLUMN {name}.{quote_ident(column.name)}", column.comment, table))
    return statements


def export(table: Table, parents: list[Table]) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """For export: `inherited_columns:` of a live table, by column, and the columns whose settings it cannot say.

    A typed table's `parents` are its type (column_sources): every NOT NULL and default there is its own.

    A default the table dropped while its parent keeps one cannot be declared (a default left out is the
    parent's).
    """
    declared: dict[str, dict[str, Any]] = {}
    left_out: list[str] = []
    for column, inherited in _own(table, parents):
        entry: dict[str, Any] = {}
        if column.default != inherited.default:
            if column.default is None:
                left_out.append(f"column {column.name}: its parent's default dropped for this table only")
            else:
                entry["default"] = column.default
        if _own_not_null(table, column, parents):
            entry["not_null"] = True
        if column.comment is not None:
            entry["comment"] = column.comment
        if entry:
            declared[column.name] = entry
    return declared, left_out
