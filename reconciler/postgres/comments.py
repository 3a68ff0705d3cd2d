"""COMMENT ON for what a state file declares a `comment:` on, besides tables, columns and views.

Comments are materialized with the objects (so the inspector reads them from
the throwaway schemas like everything else) after every object exists.
Functions are named without their argument list: a state file names each
function once per schema, so the name alone is unambiguous there.
"""

from __future__ import annotations

from collections.abc import Iterator

from reconciler.postgres.identifiers import qualify, quote_ident, quote_literal
from reconciler.postgres.materialize_sources import SourcedStatement
from reconciler.postgres.operators import comment_target as operator_comment_target
from reconciler.postgres.overloads import (
    aggregate_variants,
    function_target,
    function_variants,
    procedure_target,
    procedure_variants,
)
from reconciler.postgres.spec.constraints import ExclusionSpec, NamedColumns
from reconciler.postgres.spec.database import DatabaseSpec
from reconciler.postgres.spec.tables import TableSpec
from reconciler.postgres.spec.views import MaterializedViewSpec


def _comment(target: str, comment: str | None, path: tuple[str | int, ...]) -> Iterator[SourcedStatement]:
    if comment is not None:
        yield SourcedStatement(f"COMMENT ON {target} IS {quote_literal(comment)}", path)


def _statistics_comments(
    schemas: dict[str, str], logical: str, relation: TableSpec | MaterializedViewSpec, path: tuple[str | int, ...]
) -> Iterator[SourcedStatement]:
    """Comments on a table's or materialized view's statistics objects, each in the schema it is kept in."""
    for name, stats in relation.statistics.items():
        target = f"STATISTICS {qualify(schemas[stats.schema_ or logical], name)}"
        yield from _comment(target, stats.comment, (*path, "statistics", name))


def _constraint_comments(
    physical: str, qualified: str, table: TableSpec, path: tuple[str | int, ...]
) -> Iterator[SourcedStatement]:
    """Comments on table-level constraints and keys' indexes; spec validation names every commented one."""
    named: list[tuple[str | None, str | None, tuple[str | int, ...]]] = []
    if table.primary_key is not None:
        named.append((table.primary_key.name, table.primary_key.comment, (*path, "primary_key")))
    named += [(u.name, u.comment, (*path, "unique", i)) for i, u in enumerate(table.unique)]
    named += [(c.name, c.comment, (*path, "checks", i)) for i, c in enumerate(table.checks)]
    named += [
        (f.name or f.references.name, f.comment, (*path, "foreign_keys", i)) for i, f in enumerate(table.foreign_keys)
    ]
    named += [(x.name, x.comment, (*path, "exclude", i)) for i, x in enumerate(table.exclude)]
    for name, comment, where in named:
        if name is not None:
            yield from _comment(f"CONSTRAINT {quote_ident(name)} ON {qualified}", comment, where)
    keys: list[tuple[NamedColumns | ExclusionSpec, tuple[str | int, ...]]] = []
    keys += [(table.primary_key, (*path, "primary_key"))] if table.primary_key is not None else []
    keys += [(u, (*path, "unique", i)) for i, u in enumerate(table.unique)]
    keys += [(x, (*path, "exclude", i)) for i, x in enumerate(table.exclude)]
    for key, where in keys:
        if key.name is not None:
            yield from _comment(f"INDEX {qualify(physical, key.name)}", key.index_comment, where)


def comment_statements(spec: DatabaseSpec, schemas: dict[str, str]) -> Iterator[SourcedStatement]:
    """COMMENT ON each declared function, procedure, sequence, enum, constraint, index and trigger that has a comment.

    `schemas` maps logical schema names to the physical ones the objects are created in. Schema comments
    need no server: normalize takes them from the file as they are.
    """
    for logical, schema in spec.schemas.items():
        physical = schemas[logical]
        base: tuple[str | int, ...] = ("schemas", logical)
        for name, tail, fn in function_variants(schema):
            yield from _comment(function_target(schema, physical, name, fn), fn.comment, (*base, *tail))
        for name, tail, proc in procedure_variants(schema):
            yield from _comment(procedure_target(schema, physical, name, proc), proc.comment, (*base, *tail))
        for name, seq in schema.sequences.items():
            yield from _comment(f"SEQUENCE {qualify(physical, name)}", seq.comment, (*base, "sequences", name))
        for name, tail, aggregate in aggregate_variants(schema):
            target = f"AGGREGATE {qualify(physical, name)}({aggregate.arguments})"
            yield from _comment(target, aggregate.comment, (*base, *tail))
        for key, operator in schema.operators.items():
            yield from _comment(operator_comment_target(physical, key), operator.comment, (*base, "operators", key))
        for name, collation in schema.collations.items():
            yield from _comment(f"COLLATION {qualify(physical, name)}", collation.comment, (*base, "collations", name))
        for name, enum in schema.enums.items():
            yield from _comment(f"TYPE {qualify(physical, name)}", enum.comment, (*base, "enums", name))
        for table_name, table in schema.tables.items():
            qualified = qualify(physical, table_name)
            path = (*base, "tables", table_name)
            yield from _constraint_comments(physical, qualified, table, path)
            for index_name, index in table.indexes.items():
                yield from _comment(
                    f"INDEX {qualify(physical, index_name)}", index.comment, (*path, "indexes", index_name)
                )
            yield from _statistics_comments(schemas, logical, table, path)
            for trigger_name, trigger in table.triggers.items():
                yield from _comment(
                    f"TRIGGER {quote_ident(trigger_name)} ON {qualified}",
                    trigger.comment,
                    (*path, "triggers", trigger_name),
                )
        for view_name, view in schema.views.items():
            qualified = qualify(physical, view_name)
            for trigger_name, trigger in view.triggers.items():
                yield from _comment(
                    f"TRIGGER {quote_ident(trigger_name)} ON {qualified}",
                    trigger.comment,
                    (*base, "views", view_name, "triggers", trigger_name),
                )
        for matview_name, matview in schema.materialized_views.items():
            for index_name, index in matview.indexes.items():
                where = (*base, "materialized_views", matview_name, "indexes", index_name)
                yield from _comment(f"INDEX {qualify(physical, index_name)}", index.comment, where)
            yield from _statistics_comments(schemas, logical, matview, (*base, "materialized_views", matview_name))
