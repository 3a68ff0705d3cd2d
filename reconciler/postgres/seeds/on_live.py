"""Seed rows of a database whose schema has nothing to change: staged against its live tables, compared there.

With nothing to change, the live tables have the column types the trial would
give them, so no trial is needed for them. The temporary tables are made from
the live ones WITH NO DATA (nothing of theirs runs) in a transaction of its
own that is rolled back, like the trial's: apply proves from that that nothing
committed since its plan.

Within that transaction the server also compares (compared_on_server says
when it can): each declared row is staged with its declared text next to its
typed value, and one query joins the staged rows with the live ones on the
key. Only these come back to Python, where they are checked and diffed
exactly as before:
- rows with a value whose stored text is not its declared text (1.5 in a
  numeric(10,2) column, a JSON string), or of a class the text cannot vouch
  for (a date, a mapping outside a JSON column), which stage.take_records
  checks;
- rows that differ from their live row, or have none;
- with prune, live rows no declared row has.
A plan with nothing to change reads no row back, however many are declared.
"""

from __future__ import annotations

from typing import Any

import psycopg
from psycopg import sql

from reconciler.postgres import event_triggers
from reconciler.postgres.inspector import search_path
from reconciler.postgres.model import Database
from reconciler.postgres.plan_phases import phase
from reconciler.postgres.seeds.inspect import LiveNames, LiveRow, has_column, live_row_reader, live_select
from reconciler.postgres.seeds.model import SeedTable
from reconciler.postgres.seeds.stage import (
    CHECK_IN_PYTHON,
    ORDINAL,
    NormalizedTable,
    declared_column,
    json_lazily,
    read_back_columns,
    stage_seeds,
    stage_table,
    staged_column,
    staged_reference,
    take_records,
)


def stage_on_live(
    conn: psycopg.Connection[Any],
    seeds: list[SeedTable],
    schemas: list[str],
    extension_schemas: list[str],
    live: Database,
    names: LiveNames,
) -> list[NormalizedTable]:
    """stage_seeds against the live tables, for a plan whose schema diff is empty; compared there when it can be.

    `live` is the live model by the new names of pending renames, `names` where the rows are now.
    """
    if conn.info.transaction_status == psycopg.pq.TransactionStatus.INTRANS:
        conn.rollback()  # only reads so far
    physical = {name: name for name in schemas}
    with conn.transaction(force_rollback=True):
        event_triggers.quiet_in_trial(conn)  # the database's own, which CREATE TEMP TABLE would fire
        conn.execute("SELECT set_config('search_path', %s, true)", (search_path(schemas, extension_schemas),))
        on_server: list[SeedTable] = []
        in_python: list[SeedTable] = []
        for seed in seeds:
            (on_server if compared_on_server(seed, live, names) else in_python).append(seed)
        # stage_seeds also sets the time zone and date style the texts are read in, with no seed too.
        staged = stage_seeds(conn, in_python, physical)
        with phase("seeds"):
            for index, seed in enumerate(on_server, start=len(staged)):
                normalized = NormalizedTable(seed, {}, [])
                _compare(conn, normalized, stage_table(conn, normalized, physical, index, with_declared=True))
                staged.append(normalized)
        by_seed = {id(table.seed): table for table in staged}
        return [by_seed[id(seed)] for seed in seeds]  # in the seeds' (dependency) order


def compared_on_server(seed: SeedTable, live: Database, names: LiveNames) -> bool:
    """Whether the server can tell which rows need a look.

    Not when a column holds secrets (only Python verifies an argon2 hash), when rows declare different
    columns (a column a row leaves out is not compared), when a pending rename moves the rows (they are
    read by their old names) or when the live table lacks a declared column yet.
    """
    if seed.secrets or names.schemas or names.tables or names.columns:
        return False
    columns = seed.columns
    if any(len(row.values) != len(columns) for row in seed.rows):
        return False
    wanted = [(seed.schema, seed.table, c) for c in columns]
    for ref in seed.references.values():
        wanted += [(seed.schema, seed.table, ref.column), (ref.schema, ref.table, ref.target)]
        wanted.append((ref.schema, ref.table, ref.key))
    return all(has_column(live, *where) for where in wanted)


def _text_differs(table: NormalizedTable, position: int, column: str) -> sql.Composable:
    """True when a staged value's text is not the one declared: take_records must check that row.

    PostgreSQL's text of a stored value, as a cast gives it and as its output function does (they differ
    for char(n), inet and a few more), both equal to the declared text mean that the value is stored as
    declared. A boolean's output (t, f) is never its declared text; its cast's (true, false) is enough, as
    the value loads as a Python bool. A JSON string equal to its declared text is not: the declared text
    holds the quotes. Every NULL is declared (compared_on_server).
    """
    value = sql.SQL("s.{}").format(sql.Identifier(staged_column(position)))
    declared = sql.SQL("s.{}").format(sql.Identifier(declared_column(position)))
    checks = [sql.SQL("{} IS DISTINCT FROM {}::text").format(declared, value)]
    if table.column_types.get(column) != "boolean":
        output = sql.SQL("concat({})").format(value)  # the output function's text
        checks.append(sql.SQL("{} IS DISTINCT FROM {}").format(declared, output))
        checks.append(sql.SQL("{} ~ '^\\s*\"'").format(output))
    return sql.SQL("({} IS NOT NULL AND ({}))").format(value, sql.SQL(" OR ").join(checks))


def _compare(conn: psycopg.Connection[Any], normalized: NormalizedTable, stage: sql.Identifier) -> None:
    """Read back only the staged rows that need a look, with the live rows they match; set `normalized.live`."""
    seed = normalized.seed
    selected = live_select(normalized)
    assert selected is not None  # compared_on_server: the live table has every key column
    select, source = selected
    live_names = [sql.Identifier(f"_live_{i}") for i in range(len(select))]
    live_columns = sql.SQL(", ").join(
        sql.SQL("{} AS {}").format(expr, name) for expr, name in zip(select, live_names, strict=True)
    )
    width, columns, references = len(seed.key), seed.columns, list(seed.references)

    def staged_text(field: str) -> sql.Composable:
        if field in seed.references:
            name = staged_reference(references.index(field))
        else:
            name = staged_column(columns.index(field))
        return sql.SQL("coalesce(s.{}::text, '')").format(sql.Identifier(name))

    on = [sql.SQL("l.{} = {}").format(live_names[i], staged_text(f)) for i, f in enumerate(seed.key)]
    look = [sql.SQL("l._found IS NULL"), sql.SQL("s.{}").format(sql.Identifier(CHECK_IN_PYTHON))]
    look += [_text_differs(normalized, i, c) for i, c in enumerate(columns)]
    look += [
        sql.SQL("s.{}::text IS DISTINCT FROM l.{}").format(sql.Identifier(staged_column(i)), live_names[width + i])
        for i in range(len(columns))
    ]
    look += [
        sql.SQL("{} IS DISTINCT FROM l.{}").format(staged_text(f), live_names[width + len(columns) + i])
        for i, f in enumerate(references)
    ]
    if seed.prune:
        look.insert(0, sql.SQL("s.{} IS NULL").format(sql.Identifier(ORDINAL)))  # a live row no row declares
    query = sql.SQL(
        "WITH l AS (SELECT {live_columns}, true AS _found FROM {source})"
        " SELECT {staged}, {live} FROM {stage} AS s {join} l ON {on} WHERE {look} ORDER BY 1"
    ).format(
        live_columns=live_columns,
        source=source,
        staged=sql.SQL(", ").join(read_back_columns(normalized)),
        live=sql.SQL(", ").join(sql.SQL("l.{}").format(name) for name in [*live_names, sql.Identifier("_found")]),
        stage=stage,
        join=sql.SQL("FULL JOIN" if seed.prune else "LEFT JOIN"),
        on=sql.SQL(" AND ").join(on),
        look=sql.SQL(" OR ").join(look),
    )
    records = json_lazily(conn.cursor()).execute(query).fetchall()
    staged_width = 1 + 2 * len(columns) + len(references)
    seen: set[int] = set()
    declared: list[Any] = []
    read = live_row_reader(normalized)
    found: dict[tuple[str, ...], LiveRow] = {}
    for record in records:
        ordinal = record[0]
        if ordinal is not None and ordinal not in seen:  # a key two live rows share joins both
            seen.add(ordinal)
            declared.append(record)
        if record[-1]:
            row = read(record[staged_width:-1])
            found[row.key] = row
    take_records(normalized, declared)
    normalized.live = found
