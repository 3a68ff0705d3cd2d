"""Read the live rows that seeds declare: one query per seeded table, whatever the row count.

References come back as the referenced rows' natural keys (joined in SQL),
and every value as canonical text, so live rows compare directly with the
normalized declared rows. Without `prune`, only rows whose key is declared
are read (runtime rows of the same table are never fetched).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import psycopg
from psycopg import sql

from reconciler.postgres.model import Database
from reconciler.postgres.seeds.stage import NormalizedTable


@dataclass
class LiveRow:
    key: tuple[str, ...]
    values: dict[str, str | None]
    refs: dict[str, str | None]


@dataclass(frozen=True)
class LiveNames:
    """Where declared tables and columns are on the live database: their old names while renames are pending.

    The plan reads seed rows before its renames ran (renamed_live.live_names
    builds this); the rows are still compared, and written, by the new names.
    """

    schemas: dict[str, str] = field(default_factory=dict)  # schema -> live schema
    tables: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)  # (schema, table) -> live
    columns: dict[tuple[str, str, str], str] = field(default_factory=dict)  # (schema, table, column) -> live

    def table(self, schema: str, table: str) -> sql.Composable:
        live_schema, live_table = self.tables.get((schema, table), (self.schemas.get(schema, schema), table))
        return sql.SQL("{}.{}").format(sql.Identifier(live_schema), sql.Identifier(live_table))

    def column(self, schema: str, table: str, column: str) -> sql.Identifier:
        return sql.Identifier(self.columns.get((schema, table, column), column))


SAME_NAMES = LiveNames()


def _key_expr(table: NormalizedTable, field: str, names: LiveNames = SAME_NAMES) -> sql.Composable:
    refs = list(table.seed.references)
    if field in table.seed.references:
        alias = f"r{refs.index(field)}"
        ref = table.seed.references[field]
        return sql.SQL("{}.{}::text").format(sql.Identifier(alias), names.column(ref.schema, ref.table, ref.key))
    return sql.SQL("t.{}::text").format(names.column(table.seed.schema, table.seed.table, field))


def has_column(live: Database | None, schema: str, table: str, column: str) -> bool:
    """Whether the live table has the column yet (by its new name): the same plan may add it."""
    found = live.tables.get(f"{schema}.{table}") if live is not None else None
    return live is None or (found is not None and column in found.columns)


_NULL = sql.SQL("NULL::text")


def live_select(
    table: NormalizedTable, names: LiveNames = SAME_NAMES, live: Database | None = None
) -> tuple[list[sql.Composable], sql.Composable] | None:
    """What live_rows selects (key texts, column texts, reference key texts) and from where; None: no row yet.

    A column or reference the live tables lack yet (the same plan adds it) reads as NULL; a row whose key
    needs one cannot exist yet.
    """
    seed = table.seed
    readable = {
        name: has_column(live, seed.schema, seed.table, ref.column)
        and has_column(live, ref.schema, ref.table, ref.target)
        and has_column(live, ref.schema, ref.table, ref.key)
        for name, ref in seed.references.items()
    }
    if not all(readable.get(f, has_column(live, seed.schema, seed.table, f)) for f in seed.key):
        return None

    def value(column: str) -> sql.Composable:
        if not has_column(live, seed.schema, seed.table, column):
            return _NULL
        return sql.SQL("t.{}::text").format(names.column(seed.schema, seed.table, column))

    select = [_key_expr(table, f, names) for f in seed.key]
    select += [value(c) for c in seed.columns]
    select += [_key_expr(table, f, names) if readable[f] else _NULL for f in seed.references]
    joins = [sql.SQL("{} AS t").format(names.table(seed.schema, seed.table))]
    for i, (name, ref) in enumerate(seed.references.items()):
        if not readable[name]:
            continue
        joins.append(
            sql.SQL("LEFT JOIN {} AS {} ON {}.{} = t.{}").format(
                names.table(ref.schema, ref.table),
                sql.Identifier(f"r{i}"),
                sql.Identifier(f"r{i}"),
                names.column(ref.schema, ref.table, ref.target),
                names.column(seed.schema, seed.table, ref.column),
            )
        )
    return select, sql.SQL(" ").join(joins)


def live_row_reader(table: NormalizedTable) -> Callable[[Sequence[Any]], LiveRow]:
    """Makes a LiveRow of a live_select record: its key texts, column texts and reference texts, in that order."""
    seed = table.seed
    width = len(seed.key)
    columns, references = seed.columns, list(seed.references)
    values_end = width + len(columns)

    def read(record: Sequence[Any]) -> LiveRow:
        key = tuple(str(v) for v in record[:width])
        values = dict(zip(columns, record[width:values_end], strict=True))
        return LiveRow(key, values, dict(zip(references, record[values_end:], strict=True)))

    return read


def live_rows(
    conn: psycopg.Connection[Any],
    table: NormalizedTable,
    names: LiveNames = SAME_NAMES,
    live: Database | None = None,
) -> dict[tuple[str, ...], LiveRow]:
    """The live rows of one seeded table, by natural key (only the declared keys' unless the table prunes)."""
    seed = table.seed
    selected = live_select(table, names, live)
    if selected is None:
        return {}
    select, source = selected
    query = sql.SQL("SELECT {} FROM {}").format(sql.SQL(", ").join(select), source)
    params: list[list[str]] = []
    if not seed.prune:
        keys = sql.SQL(", ").join(_key_expr(table, f, names) for f in seed.key)
        arrays = sql.SQL(", ").join(sql.SQL("%s::text[]") for _ in seed.key)
        query += sql.SQL(" WHERE ({}) IN (SELECT * FROM unnest({}))").format(keys, arrays)
        params = [[row.key[i] for row in table.rows] for i in range(len(seed.key))]
    read = live_row_reader(table)
    rows: dict[tuple[str, ...], LiveRow] = {}
    for record in conn.execute(query, params).fetchall():  # all at once: iterating fetches row by row
        row = read(record)
        rows[row.key] = row
    return rows


def existing_keys(
    conn: psycopg.Connection[Any],
    schema: str,
    table: str,
    key: str,
    values: list[str],
    names: LiveNames = SAME_NAMES,
) -> set[str]:
    """Which of `values` exist in `schema.table.key` (to check references to rows that are not seeded)."""
    query = sql.SQL("SELECT {key}::text FROM {table} WHERE {key}::text = ANY(%s)").format(
        key=names.column(schema, table, key), table=names.table(schema, table)
    )
    return {str(row[0]) for row in conn.execute(query, (values,))}
