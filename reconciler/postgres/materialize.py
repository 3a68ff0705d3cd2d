"""Let PostgreSQL normalize the desired schema.

The state file says `varchar(255)`, `serial`, `now()` and `unique: true`; the
catalogs say `character varying(255)`, `nextval('users_id_seq'::regclass)`,
`now()` and a constraint named `users_email_key`. Rather than keep tables of
aliases that are always one spelling short, the desired schema is created
inside throwaway schemas in a transaction that is rolled back, and read with
the same inspector as the live database. Both sides then speak the catalogs'
language and compare with plain equality.

This module and the materialize_<kind> modules (tables, routines, views, types;
materialize_sources for what the statements carry) only render the state file
into DDL (pure); `normalize.py` runs it.
"""

from __future__ import annotations

from collections.abc import Iterator

from reconciler.postgres import (
    database_default_privileges,
    extended_statistics,
    inherited_columns,
    operator_classes,
    operator_families,
    partitions,
    text_search,
)
from reconciler.postgres.aggregates import aggregate_sql
from reconciler.postgres.collations import collation_sql
from reconciler.postgres.firing import alter_sql, firing_of
from reconciler.postgres.identifiers import qualify, quote_ident, quote_literal
from reconciler.postgres.materialize_foreign_keys import (
    foreign_key_clause,
    foreign_key_sql,
    foreign_keys,
    inlined_foreign_keys,
)
from reconciler.postgres.materialize_routines import function_statement, procedure_statement
from reconciler.postgres.materialize_sources import SourcedStatement, SourcePath, Sources
from reconciler.postgres.materialize_tables import (
    _row_level_security,
    _rules,
    _table_sql,
    check_clause,
    column_settings_sql,
    identity_comment_sql,
    identity_persistence_sql,
    index_clause,
    index_statistics_sql,
    keys_on_only,
    literal_default,
    name_clause,
    repeated_unique_keys,
    sequence_options_sql,
    trigger_clause,
    unique_key_sql,
)
from reconciler.postgres.materialize_types import type_statements
from reconciler.postgres.materialize_views import (
    materialized_view_statements,
    reloptions_clause,
    view_options,
    view_query,
)
from reconciler.postgres.operators import operator_sql
from reconciler.postgres.options_sql import (
    exclusion_clause,
    replica_identity_sql,
)
from reconciler.postgres.overloads import aggregate_variants, function_variants, procedure_variants
from reconciler.postgres.privileges import materialize_default_privileges, materialize_grants
from reconciler.postgres.spec.database import DatabaseSpec, SchemaSpec
from reconciler.postgres.spec.routines import RoutineSpec
from reconciler.postgres.spec.tables import TableSpec, TriggerSpec


def _owned_like_public(physical: str, owner: str) -> str:
    """The throwaway schema standing for `public` owned like public: by initdb's pg_database_owner, or its owner:.

    Grants on public are kept relative to its owner, who holds every privilege by default: a grant to
    the applying role is a grant of its own on public, and must stay one in the throwaway schema.
    Where the applying role may not hand the schema over (not a member of that role), it keeps it.
    """
    alter = f"ALTER SCHEMA {quote_ident(physical)} OWNER TO {quote_ident(owner)}"
    body = f"BEGIN IF pg_has_role({quote_literal(owner)}, 'MEMBER') THEN EXECUTE {quote_literal(alter)}; END IF; END"
    return f"DO {quote_literal(body)}"


def _partition_index_names(
    spec: DatabaseSpec, schemas: dict[str, str], logical: str, name: str, table: TableSpec
) -> Iterator[SourcedStatement]:
    """A partition's indexes for its parent's, under the names `partition_of.index_names` gives.

    For a parent index or key created ON ONLY the partition's index or key is created and attached; for any
    other, the one PostgreSQL made is renamed.
    """
    assert table.partition_of is not None
    parent_logical = table.partition_of.schema_ or logical
    parent = spec.schemas.get(parent_logical)
    parent_table = parent.tables.get(table.partition_of.table) if parent is not None else None
    qualified = qualify(schemas[logical], name)
    for parent_index, index_name in table.partition_of.index_names.items():
        path = ("schemas", logical, "tables", name, "partition_of", "index_names", parent_index)
        parent_qualified = qualify(schemas[parent_logical], parent_index)
        declared = parent_table.indexes.get(parent_index) if parent_table is not None else None
        key = next((k for k in keys_on_only(parent_table) if k[0] == parent_index), None) if parent_table else None
        attach = f"ALTER INDEX {parent_qualified} ATTACH PARTITION {qualify(schemas[logical], index_name)}"
        if declared is not None and declared.only:
            head = "CREATE UNIQUE INDEX" if declared.unique else "CREATE INDEX"
            yield SourcedStatement(f"{head} {quote_ident(index_name)} ON {qualified} {index_clause(declared)}", path)
            yield SourcedStatement(attach, path)
        elif key is not None:  # a key's index attaches to the partition's key of that definition
            yield SourcedStatement(f"ALTER TABLE {qualified} ADD CONSTRAINT {quote_ident(index_name)} {key[1]}", path)
            yield SourcedStatement(attach, path)
        else:
            yield SourcedStatement(
                partitions.attached_index_rename_sql(qualified, parent_qualified, schemas[logical], index_name), path
            )


def _clone_firing(spec: DatabaseSpec, schemas: dict[str, str]) -> Iterator[SourcedStatement]:
    """`partition_of.trigger_enabled`: ALTER TABLE <partition> ENABLE / DISABLE TRIGGER, a partition after its parent's.

    ALTER TABLE ... ENABLE / DISABLE TRIGGER on a partitioned table sets its partitions' clones too: a
    sub-partition's own firing comes after its parent's.
    """
    partitions_firing = [
        (len(list(partitions.spec_ancestors(spec.schemas, logical, table))), logical, name, table)
        for logical, schema in spec.schemas.items()
        for name, table in schema.tables.items()
        if table.partition_of is not None and table.partition_of.trigger_enabled
    ]
    for _, logical, name, table in sorted(partitions_firing, key=lambda entry: entry[:3]):
        assert table.partition_of is not None
        for trigger, enabled in table.partition_of.trigger_enabled.items():
            sql = alter_sql(qualify(schemas[logical], name), "TRIGGER", trigger, firing_of(enabled))
            yield SourcedStatement(
                sql, ("schemas", logical, "tables", name, "partition_of", "trigger_enabled", trigger)
            )


def _statistics(schemas: dict[str, str], logical: str, schema: SchemaSpec) -> Iterator[SourcedStatement]:
    """CREATE STATISTICS of the tables and materialized views of one schema, each in the schema it declares."""
    for section, name, relation in schema.statistics_holders():
        for stats_name, stats in relation.statistics.items():
            path = ("schemas", logical, section, name, "statistics", stats_name)
            home = schemas[stats.schema_ or logical]
            for sql in extended_statistics.spec_sql(qualify(home, stats_name), qualify(schemas[logical], name), stats):
                yield SourcedStatement(sql, path)


def materialize(
    spec: DatabaseSpec, schemas: dict[str, str], sources: Sources, inline_foreign_keys: bool = False
) -> Iterator[SourcedStatement]:
    """DDL that creates everything `spec` declares, with logical schema names mapped by `schemas`.

    Fills `sources` with the state file's own SQL for expression-bearing objects. With `inline_foreign_keys`,
    CREATE TABLE carries the foreign keys it can (materialize_foreign_keys.py) and the rest come later.

    Order: schemas, types, sequences, functions (bodies unchecked), operators, text search objects, tables with
    their inline constraints, foreign keys, indexes, views, triggers, policies, rules, comments, privileges,
    default privileges.
    """
    path: SourcePath
    for logical, physical in schemas.items():
        yield SourcedStatement(f"CREATE SCHEMA {quote_ident(physical)}", ("schemas", logical))
        if logical == "public" and physical != "public":
            public = spec.schemas.get("public")
            public_owner = public.owner if public is not None and public.owner else "pg_database_owner"
            yield SourcedStatement(_owned_like_public(physical, public_owner), ("schemas", logical))

    for logical, schema in spec.schemas.items():
        physical = schemas[logical]
        for name, enum in schema.enums.items():
            values = ", ".join(quote_literal(label) for label in enum.label_names)
            if enum.renames:
                sources.enum_renames[(logical, name)] = enum.renames
            yield SourcedStatement(
                f"CREATE TYPE {qualify(physical, name)} AS ENUM ({values})", ("schemas", logical, "enums", name)
            )
        for name, collation in schema.collations.items():
            path = ("schemas", logical, "collations", name)
            yield SourcedStatement(collation_sql(qualify(physical, name), collation), path)
        yield from type_statements(schema, logical, physical, sources)
        for name, seq in schema.sequences.items():
            head = "CREATE UNLOGGED SEQUENCE" if seq.unlogged else "CREATE SEQUENCE"
            sql = f"{head} {qualify(physical, name)} AS {seq.type} {sequence_options_sql(seq)}"
            yield SourcedStatement(sql, ("schemas", logical, "sequences", name))
        for name, where, fn in function_variants(schema):
            yield function_statement(qualify(physical, name), fn, ("schemas", logical, *where))
        for name, where, proc in procedure_variants(schema):
            yield procedure_statement(qualify(physical, name), proc, ("schemas", logical, *where))
        for key, operator in schema.operators.items():
            yield SourcedStatement(
                operator_sql(physical, key, operator, schemas), ("schemas", logical, "operators", key)
            )
        routines: list[tuple[str, RoutineSpec]] = [(n, r) for n, t, r in function_variants(schema) if len(t) == 2]
        routines += [(n, r) for n, t, r in procedure_variants(schema) if len(t) == 2]  # overloads: deparsed text
        for name, routine in routines:
            if routine.sql_body is not None:
                sources.sql_bodies[(logical, name)] = routine.sql_body.strip()
    yield from text_search.trial_statements(spec, schemas)
    yield from operator_families.trial_statements(spec, schemas)  # after the functions and operators they name
    yield from operator_classes.trial_statements(spec, schemas)  # and after the families they join

    keys = foreign_keys(spec)
    inlined = inlined_foreign_keys(spec, keys) if inline_foreign_keys else set()
    for logical, schema in spec.schemas.items():
        physical = schemas[logical]
        for name, table in schema.tables.items():
            qualified = qualify(physical, name)
            table_path = ("schemas", logical, "tables", name)
            carried = [
                foreign_key_clause(fk, logical, schemas)
                for fk, place in keys[(logical, name)]
                if (*table_path, *place) in inlined
            ]
            create, starts = _table_sql(qualified, table, partitions.spec_clauses(table, logical, schemas), carried)
            columns_path = ("schemas", logical, "tables", name, "columns")
            parts = tuple((start, (*columns_path, column)) for start, column in starts)
            yield SourcedStatement(create, columns_path, parts)
            for position in sorted(repeated_unique_keys(table)):
                sql = unique_key_sql(qualified, table, position)
                yield SourcedStatement(sql, ("schemas", logical, "tables", name, "unique", position))
            for sql in partitions.spec_not_null_sql(qualified, table):
                yield SourcedStatement(sql, ("schemas", logical, "tables", name, "partition_of", "not_null"))
            for col_name, settings in table.inherited_columns.items():
                for sql, field in inherited_columns.spec_sql(qualified, col_name, settings):
                    yield SourcedStatement(
                        sql, ("schemas", logical, "tables", name, "inherited_columns", col_name, field)
                    )
            for col_name, col in table.columns.items():
                if col.generated is not None:
                    sources.generated[(logical, name, col_name)] = col.generated
                for sql, field in column_settings_sql(qualified, col_name, col):
                    yield SourcedStatement(sql, (*columns_path, col_name, field))
                if col.identity is not None and col.identity.unlogged is not None:
                    sql = identity_persistence_sql(qualified, col_name, col.identity.unlogged)
                    yield SourcedStatement(sql, (*columns_path, col_name, "identity", "unlogged"))
                if col.identity is not None and col.identity.comment is not None:
                    sql = identity_comment_sql(qualified, col_name, col.identity.comment)
                    yield SourcedStatement(sql, (*columns_path, col_name, "identity", "comment"))
            checks = sources.checks.setdefault((logical, name), [])
            for col_name, col in table.columns.items():
                if col.check:
                    checks.append(check_clause(col.check))
                    path = ("schemas", logical, "tables", name, "columns", col_name, "check")
                    yield SourcedStatement(f"ALTER TABLE {qualified} ADD {checks[-1]}", path)
            for i, check in enumerate(table.checks):
                no_inherit = " NO INHERIT" if check.no_inherit else ""
                checks.append(check_clause(check.expression) + no_inherit + ("" if check.valid else " NOT VALID"))
                path = ("schemas", logical, "tables", name, "checks", i)
                yield SourcedStatement(f"ALTER TABLE {qualified} ADD {name_clause(check.name)}{checks[-1]}", path)
            for i, exclusion in enumerate(table.exclude):
                path = ("schemas", logical, "tables", name, "exclude", i)
                clause = exclusion_clause(exclusion)
                yield SourcedStatement(f"ALTER TABLE {qualified} ADD {name_clause(exclusion.name)}{clause}", path)
        for name, seq in schema.sequences.items():
            owner = schema.owning_column(seq.owned_by) if seq.owned_by is not None else None
            if owner is not None:
                column = f"{qualify(physical, owner[0])}.{quote_ident(owner[1])}"
                yield SourcedStatement(
                    f"ALTER SEQUENCE {qualify(physical, name)} OWNED BY {column}",
                    ("schemas", logical, "sequences", name, "owned_by"),
                )

    for logical, schema in spec.schemas.items():  # every partition exists: keys ON ONLY leave theirs alone
        for name, table in schema.tables.items():
            for key, clause, place in keys_on_only(table):
                sql = f"ALTER TABLE ONLY {qualify(schemas[logical], name)} ADD CONSTRAINT {quote_ident(key)} {clause}"
                yield SourcedStatement(sql, ("schemas", logical, "tables", name, *place))

    for logical, schema in spec.schemas.items():
        physical = schemas[logical]
        for name, table in schema.tables.items():
            qualified = qualify(physical, name)
            for fk, place in keys[(logical, name)]:
                path = ("schemas", logical, "tables", name, *place)
                if path not in inlined:
                    yield SourcedStatement(foreign_key_sql(qualified, fk, logical, schemas), path)
            for index_name, index in table.indexes.items():
                head = "CREATE UNIQUE INDEX" if index.unique else "CREATE INDEX"
                clause = sources.indexes[(logical, index_name)] = index_clause(index)
                path = ("schemas", logical, "tables", name, "indexes", index_name)
                only = "ONLY " if index.only else ""
                yield SourcedStatement(f"{head} {quote_ident(index_name)} ON {only}{qualified} {clause}", path)
                for sql, position in index_statistics_sql(qualify(physical, index_name), index):
                    yield SourcedStatement(sql, (*path, "statistics", position))

    for logical, schema in spec.schemas.items():  # every parent's indexes exist: name the partitions' own
        for name, table in schema.tables.items():
            if table.partition_of is not None and table.partition_of.validated_checks:
                # As declared, whatever the trial made of them: a copy is valid there when the partition came
                # after the check, and a live copy is never made NOT VALID again (differ/constraints.py).
                sources.validated_checks[(logical, name)] = sorted(set(table.partition_of.validated_checks))
            if table.partition_of is None or not table.partition_of.index_names:
                continue
            sources.index_names[(logical, name)] = set(table.partition_of.index_names)
            yield from _partition_index_names(spec, schemas, logical, name, table)

    for logical, schema in spec.schemas.items():
        physical = schemas[logical]
        for name, where, aggregate in aggregate_variants(schema):
            yield SourcedStatement(aggregate_sql(qualify(physical, name), aggregate), ("schemas", logical, *where))
        for name, view in schema.views.items():
            query = sources.views[(logical, name)] = view_query(view)
            yield SourcedStatement(
                f"CREATE VIEW {qualify(physical, name)}{reloptions_clause(view_options(view))} AS {query}",
                ("schemas", logical, "views", name),
            )
        for name, matview in schema.materialized_views.items():
            yield from materialized_view_statements(physical, logical, name, matview, sources)
        relations: list[tuple[str, str, dict[str, TriggerSpec]]] = [
            *(("tables", name, table.triggers) for name, table in schema.tables.items()),
            *(("views", name, view.triggers) for name, view in schema.views.items()),
        ]
        for kind, name, triggers in relations:
            for trigger_name, trig in triggers.items():
                head, tail = trigger_clause(trig, logical)
                sources.triggers[(logical, name, trigger_name)] = f"{head} ON {{table}} {tail}"
                head, tail = trigger_clause(trig, physical, schemas)
                create = "CREATE CONSTRAINT TRIGGER" if trig.constraint else "CREATE TRIGGER"
                sql = f"{create} {quote_ident(trigger_name)} {head} ON {qualify(physical, name)} {tail}"
                path = ("schemas", logical, kind, name, "triggers", trigger_name)
                yield SourcedStatement(sql, path)
                if firing_of(trig.enabled) != "origin":
                    sql = alter_sql(qualify(physical, name), "TRIGGER", trigger_name, firing_of(trig.enabled))
                    yield SourcedStatement(sql, (*path, "enabled"))
        yield from _statistics(schemas, logical, schema)
        yield from _row_level_security(logical, physical, schema.tables, sources)
        yield from _rules(logical, physical, schema.tables, schema.views, sources)

    yield from _clone_firing(spec, schemas)

    for logical, schema in spec.schemas.items():
        physical = schemas[logical]
        for name, table in schema.tables.items():
            qualified = qualify(physical, name)
            path = ("schemas", logical, "tables", name)
            if table.cluster_on is not None:
                yield SourcedStatement(f"ALTER TABLE {qualified} CLUSTER ON {quote_ident(table.cluster_on)}", path)
            if table.replica_identity != "default":
                identity = replica_identity_sql(table.replica_identity)
                yield SourcedStatement(f"ALTER TABLE {qualified} REPLICA IDENTITY {identity}", path)
            if table.comment is not None:
                word = "FOREIGN TABLE" if table.foreign is not None else "TABLE"
                yield SourcedStatement(f"COMMENT ON {word} {qualified} IS {quote_literal(table.comment)}", path)
            for col_name, col in table.columns.items():
                if col.comment is not None:
                    yield SourcedStatement(
                        f"COMMENT ON COLUMN {qualified}.{quote_ident(col_name)} IS {quote_literal(col.comment)}",
                        (*path, "columns", col_name),
                    )
        for name, view in schema.views.items():
            if view.comment is not None:
                yield SourcedStatement(
                    f"COMMENT ON VIEW {qualify(physical, name)} IS {quote_literal(view.comment)}",
                    ("schemas", logical, "views", name),
                )
            for column, text in view.column_comments.items():
                yield SourcedStatement(
                    f"COMMENT ON COLUMN {qualify(physical, name)}.{quote_ident(column)} IS {quote_literal(text)}",
                    ("schemas", logical, "views", name, "column_comments", column),
                )
            for column, default in view.column_defaults.items():
                yield SourcedStatement(
                    f"ALTER VIEW {qualify(physical, name)} ALTER COLUMN {quote_ident(column)} "
                    f"SET DEFAULT {literal_default(default)}",
                    ("schemas", logical, "views", name, "column_defaults", column),
                )
        for name, matview in schema.materialized_views.items():
            if matview.comment is not None:
                yield SourcedStatement(
                    f"COMMENT ON MATERIALIZED VIEW {qualify(physical, name)} IS {quote_literal(matview.comment)}",
                    ("schemas", logical, "materialized_views", name),
                )
            for column, text in matview.column_comments.items():
                yield SourcedStatement(
                    f"COMMENT ON COLUMN {qualify(physical, name)}.{quote_ident(column)} IS {quote_literal(text)}",
                    ("schemas", logical, "materialized_views", name, "column_comments", column),
                )

    # Privileges last, default privileges after them: what the file declares is not given twice.
    for sql, grant_path in [
        *materialize_grants(spec, schemas),
        *materialize_default_privileges(spec, schemas),
        *database_default_privileges.materialize(spec),
    ]:
        yield SourcedStatement(sql, grant_path)
