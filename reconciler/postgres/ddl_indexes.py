"""Statements for indexes, in the transaction or concurrently after it.

Pure string building over catalog-model values, as ddl.py describes; Phase (ddl.py) orders them.
"""

from __future__ import annotations

from collections.abc import Mapping

from reconciler.changes import Statement
from reconciler.postgres.ddl import Phase, comment_if_any, lock_on, stmt, table_name
from reconciler.postgres.identifiers import qualify, quote_ident
from reconciler.postgres.locks import Kind
from reconciler.postgres.model import Index, MaterializedView, Table


def index_target(table: Table | MaterializedView, index: Index) -> str:
    return f"INDEX {qualify(table.schema_name, index.name)}"


def create_index(table: Table | MaterializedView, index: Index) -> list[Statement]:
    """CREATE INDEX; ON ONLY a partitioned table for an index declared `only` (valid once all partitions have one)."""
    head = "CREATE UNIQUE INDEX" if index.unique else "CREATE INDEX"
    clause = index.source or f"USING {index.using}"
    only = "ONLY " if isinstance(table, Table) and table.partition_by is not None and not index.valid else ""
    sql = f"{head} {quote_ident(index.name)} ON {only}{table_name(table)} {clause}"
    create = stmt(sql, Phase.CREATE_INDEX, lock_on(Kind.CREATE_INDEX, table))
    settings = set_statistics(table, index, {}, Phase.TABLE_OPTIONS)
    return [create, *settings, *comment_if_any(index_target(table, index), index.comment)]


def set_statistics(
    table: Table | MaterializedView, index: Index, before: Mapping[int, int], phase: Phase
) -> list[Statement]:
    """ALTER INDEX ... ALTER COLUMN n SET STATISTICS where `index` differs from `before` (-1: back to the default).

    It takes SHARE UPDATE EXCLUSIVE, rewrites nothing, and is read by the next ANALYZE.
    """
    target = index_target(table, index)
    return [
        stmt(
            f"ALTER {target} ALTER COLUMN {position} SET STATISTICS {index.statistics.get(position, -1)}",
            phase,
            lock_on(Kind.TABLE_OPTIONS, table),
        )
        for position in sorted({*index.statistics, *before})
        if index.statistics.get(position) != before.get(position)
    ]


def settings_alone_differ(want: Index, have: Index) -> bool:
    """True when two versions of an index differ in nothing but their comment and column statistics."""
    return want.model_dump(exclude={"comment", "statistics"}) == have.model_dump(exclude={"comment", "statistics"})


def create_index_concurrently(table: Table, index: Index) -> list[Statement]:
    """CREATE INDEX CONCURRENTLY: writes go on while it builds (it cannot run inside a transaction)."""
    head = "CREATE UNIQUE INDEX CONCURRENTLY" if index.unique else "CREATE INDEX CONCURRENTLY"
    clause = index.source or f"USING {index.using}"
    sql = f"{head} {quote_ident(index.name)} ON {table_name(table)} {clause}"
    comments = comment_if_any(index_target(table, index), index.comment)
    after = set_statistics(table, index, {}, Phase.ONLINE_AFTER_INDEX)
    after += [c.model_copy(update={"phase": int(Phase.ONLINE_AFTER_INDEX)}) for c in comments]
    return [stmt(sql, Phase.ONLINE_CREATE_INDEX, lock_on(Kind.CREATE_INDEX_CONCURRENTLY, table)), *after]


def drop_index(table: Table | MaterializedView, index: Index, *, cascade: bool = False) -> list[Statement]:
    """DROP INDEX; `cascade` only for a parent's index whose partitions' keys go with it (the plan lists them)."""
    sql = f"DROP INDEX {qualify(table.schema_name, index.name)}" + (" CASCADE" if cascade else "")
    return [stmt(sql, Phase.DROP_INDEX, lock_on(Kind.DROP_INDEX, table))]


def drop_index_concurrently(table: Table, index: Index) -> list[Statement]:
    """DROP INDEX CONCURRENTLY: waits for the table's open transactions instead of blocking its readers and writers.

    IF EXISTS: a column dropped in the transaction takes its indexes along.
    """
    sql = f"DROP INDEX CONCURRENTLY IF EXISTS {qualify(table.schema_name, index.name)}"
    return [stmt(sql, Phase.ONLINE_DROP_INDEX, lock_on(Kind.DROP_INDEX_CONCURRENTLY, table))]
