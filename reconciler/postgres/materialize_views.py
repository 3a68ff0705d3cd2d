"""A state file's views and materialized views rendered as CREATE statements.

Pure rendering for materialize.py, which creates them in throwaway schemas.
"""

from __future__ import annotations

from collections.abc import Iterator

from reconciler.postgres.identifiers import qualify, quote_ident
from reconciler.postgres.materialize_routines import setting_sql
from reconciler.postgres.materialize_sources import SourcedStatement, SourcePath, Sources
from reconciler.postgres.materialize_tables import column_settings_sql, index_clause, index_statistics_sql
from reconciler.postgres.spec.views import MaterializedViewSpec, ViewSpec


def view_query(view: ViewSpec | MaterializedViewSpec) -> str:
    return view.query.strip().rstrip(";")


def view_options(view: ViewSpec) -> dict[str, str]:
    """The options a view declares, as pg_class.reloptions holds them (CREATE VIEW ... WITH (...))."""
    options = {}
    for name in view.option_order():  # as the file orders them: reloptions keep the order they are given in
        value = getattr(view, name)
        if isinstance(value, str):  # a spelling, kept as written (validated: spec.views.BooleanSpelling)
            options[name] = value  # check_option's local / cascaded too
        elif value is not None:
            options[name] = "true" if value else "false"
    return options


def storage_options(matview: MaterializedViewSpec) -> dict[str, str]:
    """A materialized view's storage parameters as WITH (...) writes them (validated: names and bare words)."""
    return {name: setting_sql(value) for name, value in matview.storage.items()}


def reloptions_clause(options: dict[str, str]) -> str:
    """` WITH (a=1, b=true)` from values already written as SQL, or nothing."""
    if not options:
        return ""
    return " WITH (" + ", ".join(f"{name}={value}" for name, value in options.items()) + ")"


def materialized_view_statements(
    physical: str, logical: str, name: str, matview: MaterializedViewSpec, sources: Sources
) -> Iterator[SourcedStatement]:
    """CREATE MATERIALIZED VIEW, its indexes and its columns' settings, from the state file's own query."""
    path: SourcePath = ("schemas", logical, "materialized_views", name)
    query = sources.materialized_views[(logical, name)] = view_query(matview)
    qualified = qualify(physical, name)
    # Never populated here: that would run the query (and any function it calls) at plan time. The
    # declared with_data is attached to the normalized model afterwards (normalize._attach_sources).
    sources.populated[(logical, name)] = matview.with_data
    data = "WITH NO DATA"
    head = f"CREATE MATERIALIZED VIEW {qualified}{reloptions_clause(storage_options(matview))} AS "
    yield SourcedStatement(f"{head}{query}\n{data}", path)
    for index_name, index in matview.indexes.items():
        keyword = "CREATE UNIQUE INDEX" if index.unique else "CREATE INDEX"
        clause = sources.indexes[(logical, index_name)] = index_clause(index)
        yield SourcedStatement(
            f"{keyword} {quote_ident(index_name)} ON {qualified} {clause}", (*path, "indexes", index_name)
        )
        for sql, position in index_statistics_sql(qualify(physical, index_name), index):
            yield SourcedStatement(sql, (*path, "indexes", index_name, "statistics", position))
    for column, settings in matview.column_settings.items():
        for sql, field in column_settings_sql(qualified, column, settings, "MATERIALIZED VIEW"):
            yield SourcedStatement(sql, (*path, "column_settings", column, field))
