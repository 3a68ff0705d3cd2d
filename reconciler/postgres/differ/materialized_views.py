"""Materialized views: created with their indexes and statistics, replaced when their query changes.

PostgreSQL has no ALTER for a materialized view's query, so a new query
drops and re-creates it (with its indexes and statistics, and whatever reads it, through
`recreate_dependents`). That loses nothing the database cannot compute again,
but the new view runs its query: the change carries the REBUILT hazard.
Storage parameters change in place, WITH DATA / WITH NO DATA by REFRESH, and the access method by SET ACCESS
METHOD (which rewrites the view).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reconciler.changes import Action, Hazard, Statement
from reconciler.postgres import access_methods, ddl, ddl_indexes, ddl_tables, ddl_views
from reconciler.postgres.dependencies import matview_id, object_id, relation_members
from reconciler.postgres.differ.access_methods import relation_change
from reconciler.postgres.identifiers import qualify, quote_ident
from reconciler.postgres.model import ColumnSettings, Database, Index, MaterializedView
from reconciler.postgres.options_sql import options_to_set

if TYPE_CHECKING:
    from reconciler.postgres.differ import _Differ

KIND = "materialized_view"
REBUILT = Hazard(
    code="rebuilt", message="rebuilt: runs the query, and holds an ACCESS EXCLUSIVE lock on the view while it does"
)


def address(matview: MaterializedView) -> str:
    schema = "" if matview.schema_name == "public" else f"{matview.schema_name}."
    return f"{KIND}.{schema}{matview.name}"


def index_id(matview: MaterializedView, name: str) -> str:
    return object_id("index", matview.schema_name, matview.name, name)


def _name(matview: MaterializedView) -> str:
    return qualify(matview.schema_name, matview.name)


def _pairs(options: dict[str, str]) -> str:
    return ", ".join(f"{key}={value}" for key, value in options.items())


def create_statements(matview: MaterializedView) -> list[Statement]:
    """CREATE MATERIALIZED VIEW from the state file's own query (or the catalog's), and its comment."""
    query = matview.source or matview.definition.strip().rstrip(";")
    data = "WITH DATA" if matview.with_data else "WITH NO DATA"
    using = access_methods.using(matview.access_method)
    sql = f"CREATE MATERIALIZED VIEW {_name(matview)}{using}{ddl.with_options(matview.storage)} AS\n{query}\n{data}"
    statements = [ddl.stmt(sql, ddl.Phase.CREATE_VIEW)]
    if matview.comment is not None:
        statements.append(_comment(matview))
    return statements + column_statements(matview, None)


def column_statements(matview: MaterializedView, before: MaterializedView | None) -> list[Statement]:
    """COMMENT ON COLUMN and ALTER COLUMN ... SET where a column differs from `before` (None: a new view)."""
    statements = ddl_views.column_comments(matview, before)
    old = before.column_settings if before is not None else {}
    for column in [*matview.column_settings, *(c for c in old if c not in matview.column_settings)]:
        statements += _column_settings(matview, column, matview.column_settings.get(column), old.get(column))
    return statements


def _column_settings(
    matview: MaterializedView, column: str, want: ColumnSettings | None, have: ColumnSettings | None
) -> list[Statement]:
    """SET STORAGE / STATISTICS / (options) of one column; a setting left out goes back to its default.

    None of them rewrites or rebuilds the view: they shape what TOAST and ANALYZE do next.
    """
    prefix = f"ALTER MATERIALIZED VIEW {_name(matview)} ALTER COLUMN {quote_ident(column)}"
    clauses = ddl_tables.setting_clauses(want or ColumnSettings(), have)
    return [ddl.stmt(f"{prefix} {clause}", ddl.Phase.CREATE_VIEW) for clause, _ in clauses]


def _comment(matview: MaterializedView) -> Statement:
    return ddl.comment_on(f"MATERIALIZED VIEW {_name(matview)}", matview.comment)


def create(d: _Differ, matview: MaterializedView) -> list[Statement]:
    from reconciler.postgres.differ import statistics

    statements = d.tag(create_statements(matview), "create", matview_id(matview))
    for index in matview.indexes.values():
        statements += create_index(d, matview, index)
    return statements + statistics.create_all(d, matview)


def drop(d: _Differ, matview: MaterializedView) -> list[Statement]:
    """DROP MATERIALIZED VIEW takes its indexes and statistics along."""
    sql = f"DROP MATERIALIZED VIEW {_name(matview)}"
    return d.tag([ddl.stmt(sql, ddl.Phase.DROP_VIEW)], "drop", *relation_members(matview))


def create_index(d: _Differ, matview: MaterializedView, index: Index) -> list[Statement]:
    return d.tag(ddl_indexes.create_index(matview, index), "create", index_id(matview, index.name))


def drop_index(d: _Differ, matview: MaterializedView, index: Index) -> list[Statement]:
    return d.tag(ddl_indexes.drop_index(matview, index), "drop", index_id(matview, index.name))


def alter_statements(want: MaterializedView, have: MaterializedView) -> tuple[list[Statement], list[Hazard]]:
    """In-place changes: storage parameters, populated or not, comments, column settings."""
    name = _name(want)
    statements: list[Statement] = []
    hazards: list[Hazard] = []
    changed = options_to_set(want.storage, have.storage)
    if changed:
        statements.append(ddl.stmt(f"ALTER MATERIALIZED VIEW {name} SET ({_pairs(changed)})", ddl.Phase.CREATE_VIEW))
    removed = [quote_ident(key) for key in have.storage if key not in want.storage]
    if removed:
        sql = f"ALTER MATERIALIZED VIEW {name} RESET ({', '.join(removed)})"
        statements.append(ddl.stmt(sql, ddl.Phase.CREATE_VIEW))
    if want.with_data != have.with_data:
        suffix = "" if want.with_data else " WITH NO DATA"
        statements.append(ddl.stmt(f"REFRESH MATERIALIZED VIEW {name}{suffix}", ddl.Phase.CREATE_VIEW))
        if want.with_data:
            hazards.append(REBUILT)
    if want.comment != have.comment:
        statements.append(_comment(want))
    moved, rewrites = relation_change(want, have)
    return moved + statements + column_statements(want, have), hazards + rewrites


def update(d: _Differ, want: MaterializedView, have: MaterializedView) -> None:
    """A new query replaces the view; the rest changes in place, indexes one by one."""
    from reconciler.postgres.differ import statistics
    from reconciler.postgres.differ.addresses import _field_changes
    from reconciler.postgres.differ.hazards import BLOCKS_WRITES, DEPENDENTS

    where = address(want)
    if want.definition != have.definition:
        statements = drop(d, have) + create(d, want)
        d.replace(where, KIND, want, have, statements, [REBUILT, DEPENDENTS])
        return
    statements, hazards = alter_statements(want, have)
    if statements:
        d.tag([s for s in statements if s.phase != ddl.Phase.COMMENT], "alter", matview_id(want))
        detail = [line for line in _field_changes(have, want) if not line.startswith(("indexes:", "statistics:"))]
        d.add(where, KIND, Action.UPDATE, have, want, statements, hazards=hazards, detail=detail)
    d.keyed(
        "index",
        want.indexes,
        have.indexes,
        lambda i: f"{where}.index.{i.name}",
        lambda i: create_index(d, want, i),
        lambda i: drop_index(d, want, i),
        lambda w, h: (
            d.index_in_place(f"{where}.index.{w.name}", want, w, h)
            if ddl_indexes.settings_alone_differ(w, h)
            else d.replace(
                f"{where}.index.{w.name}",
                "index",
                w,
                h,
                drop_index(d, want, h) + create_index(d, want, w),
                [BLOCKS_WRITES],
            )
        ),
        create_hazards=lambda _: [BLOCKS_WRITES],
        ident=lambda i: index_id(want, i.name),
    )
    statistics.diff_statistics(d, where, want, have)


def diff(d: _Differ, desired: Database, live: Database) -> None:
    """Create, update and drop materialized views (called from `_Differ.run`, after views)."""
    d.keyed(
        KIND,
        desired.materialized_views,
        live.materialized_views,
        address,
        lambda m: create(d, m),
        lambda m: drop(d, m),
        lambda want, have: update(d, want, have),
        ident=matview_id,
    )
