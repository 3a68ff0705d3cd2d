"""Let PostgreSQL normalize the desired schema.

The state file says `varchar(255)`, `serial`, `now()` and `unique: true`; the
catalogs say `character varying(255)`, `nextval('users_id_seq'::regclass)`,
`now()` and a constraint named `users_email_key`. Rather than keep tables of
aliases that are always one spelling short, the desired schema is created
inside throwaway schemas in a transaction that is rolled back, and read with
the same inspector as the live database. Both sides then speak the catalogs'
language and compare with plain equality.

This module only renders the state file into DDL (pure); `normalize.py` runs it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from reconciler.postgres import partitions
from reconciler.postgres.aggregates import aggregate_sql
from reconciler.postgres.collations import collation_sql
from reconciler.postgres.fragments_tables import index_key
from reconciler.postgres.identifiers import dollar_quote, qualify, quote_ident, quote_literal
from reconciler.postgres.options_sql import (
    deferral_sql,
    exclusion_clause,
    replica_identity_sql,
    storage_parameters_sql,
    with_clause,
)
from reconciler.postgres.overloads import function_variants
from reconciler.postgres.privileges import materialize_default_privileges, materialize_grants
from reconciler.postgres.spec.access import POLICY_ROLE_KEYWORDS, PolicySpec
from reconciler.postgres.spec.database import DatabaseSpec, SchemaSpec
from reconciler.postgres.spec.routines import FunctionSpec, ProcedureSpec, RoutineSpec
from reconciler.postgres.spec.tables import (
    ColumnSpec,
    ForeignKeySpec,
    IndexSpec,
    Reference,
    SequenceOptionsSpec,
    TableSpec,
    TriggerSpec,
)
from reconciler.postgres.spec.types import CompositeTypeSpec, DomainSpec, RangeSpec
from reconciler.postgres.spec.views import MaterializedViewSpec, ViewSpec

SourcePath = tuple[str | int, ...]


@dataclass(frozen=True)
class SourcedStatement:
    """A DDL statement and the place in the state file it comes from (for error messages)."""

    sql: str
    path: SourcePath
    parts: tuple[tuple[int, SourcePath], ...] = ()

    def path_at(self, position: int | None) -> SourcePath:
        """The most precise source path for a 1-based character position PostgreSQL reported."""
        best = self.path
        for start, path in self.parts:
            if position is not None and position > start:
                best = path
        return best


@dataclass
class Sources:
    """The state file's own SQL for objects that carry expressions, to create them from.

    PostgreSQL's deparsed text is not always a fixed point: `status IN ('a', 'b')`
    is stored as `((status)::text = ANY ((ARRAY['a'::varchar, ...])::text[]))`, and
    re-parsing that gives a different tree again. So changes are applied from the
    text the person wrote, and only compared in canonical form.

    Check constraints are unnamed in the state file; their names come from
    PostgreSQL, so they are recorded per table in creation order and matched
    to the materialized constraints by that order.
    """

    checks: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    indexes: dict[tuple[str, str], str] = field(default_factory=dict)
    triggers: dict[tuple[str, str, str], str] = field(default_factory=dict)
    views: dict[tuple[str, str], str] = field(default_factory=dict)
    materialized_views: dict[tuple[str, str], str] = field(default_factory=dict)
    populated: dict[tuple[str, str], bool] = field(default_factory=dict)
    generated: dict[tuple[str, str, str], str] = field(default_factory=dict)
    # (schema, table, policy) -> the state file's USING and WITH CHECK expressions.
    policies: dict[tuple[str, str, str], tuple[str | None, str | None]] = field(default_factory=dict)
    domain_checks: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    # (schema, enum) -> new label -> the label it is renamed from (`renamed_from:`).
    enum_renames: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)
    # (schema, function or procedure name) -> its SQL-standard body as the state file writes it.
    sql_bodies: dict[tuple[str, str], str] = field(default_factory=dict)


def check_clause(expression: str) -> str:
    return f"CHECK ({expression})"


def index_key_sql(entry: str) -> str:
    """One entry of an index's column list: plain column names quoted, expressions as written."""
    key = index_key(entry)
    head = quote_ident(key.column) if key.column is not None else str(key.expression)
    return f"{head} {key.options}".rstrip()


def index_clause(index: IndexSpec) -> str:
    """Everything after `ON <table>` in CREATE INDEX (the predicate in brackets, so it stays one expression)."""
    sql = f"USING {index.method} ({', '.join(index_key_sql(c) for c in index.columns)})"
    if index.include:
        sql += f" INCLUDE ({', '.join(quote_ident(c) for c in index.include)})"
    if index.nulls_not_distinct:
        sql += " NULLS NOT DISTINCT"
    sql += with_clause(index.with_)
    if index.where:
        sql += f" WHERE ({index.where})"
    return sql


def trigger_clause(
    trig: TriggerSpec, schema: str | None = None, function_schemas: Mapping[str, str] | None = None
) -> tuple[str, str]:
    """The parts of CREATE TRIGGER before and after `ON <table>`.

    With `schema` (the table's), the function is named in it: validate wants the function declared next
    to its table, and an unqualified name would find a same-named function of a schema earlier on the
    search_path instead. A `function_schema` names the function there instead, through `function_schemas`
    (logical -> physical) in a trial.
    """
    events = []
    for event in trig.events:
        if event == "update" and trig.update_of:
            events.append("UPDATE OF " + ", ".join(quote_ident(c) for c in trig.update_of))
        else:
            events.append(event.upper())
    head = f"{trig.timing.upper()} {' OR '.join(events)}"
    tail = ""
    if trig.constraint:
        tail += ("" if trig.deferrable else "NOT ") + "DEFERRABLE INITIALLY "
        tail += "DEFERRED " if trig.initially_deferred else "IMMEDIATE "
    if trig.old_table or trig.new_table:
        tail += "REFERENCING "
        tail += f"OLD TABLE AS {quote_ident(trig.old_table)} " if trig.old_table else ""
        tail += f"NEW TABLE AS {quote_ident(trig.new_table)} " if trig.new_table else ""
    tail += f"FOR EACH {trig.for_each.upper()}"
    if trig.when:
        tail += f" WHEN ({trig.when})"
    args = ", ".join(quote_literal(a) for a in trig.arguments)
    function = quote_ident(trig.function) if schema is None else qualify(schema, trig.function)
    if trig.function_schema is not None:  # a function of another declared schema (physical name in a trial)
        function = qualify((function_schemas or {}).get(trig.function_schema, trig.function_schema), trig.function)
    tail += f" EXECUTE FUNCTION {function}({args})"
    return head, tail


def policy_roles_sql(roles: list[str]) -> str:
    """The role list after TO: the keywords (public, current_user...) as keywords, other names quoted."""
    return ", ".join(role.upper() if role in POLICY_ROLE_KEYWORDS else quote_ident(role) for role in roles)


def policy_statement(name: str, qualified: str, policy: PolicySpec, path: SourcePath) -> SourcedStatement:
    """CREATE POLICY as the state file declares it, and where its roles and expressions start (for errors)."""
    kind = "PERMISSIVE" if policy.permissive else "RESTRICTIVE"
    sql = f"CREATE POLICY {quote_ident(name)} ON {qualified} AS {kind} FOR {policy.command.upper()}"
    parts: list[tuple[int, SourcePath]] = [(len(sql), (*path, "roles"))]
    sql += f" TO {policy_roles_sql(policy.roles)}"
    for key, clause, expression in (("using", "USING", policy.using), ("with_check", "WITH CHECK", policy.with_check)):
        if expression is not None:
            parts.append((len(sql), (*path, key)))
            sql += f" {clause} ({expression})"
    return SourcedStatement(sql, path, tuple(parts))


def row_level_security_sql(qualified: str, enabled: bool, forced: bool) -> str:
    """ALTER TABLE setting both row level security flags."""
    enable = "ENABLE" if enabled else "DISABLE"
    force = "FORCE" if forced else "NO FORCE"
    return f"ALTER TABLE {qualified} {enable} ROW LEVEL SECURITY, {force} ROW LEVEL SECURITY"


def setting_sql(value: str | int | float | bool) -> str:
    """A `set:` value after `SET name =`: strings are SQL as written (validate checked them), the rest literals."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def function_statement(qualified: str, fn: FunctionSpec, path: SourcePath) -> SourcedStatement:
    """CREATE FUNCTION with every option the state file declares, and where each clause starts (for errors)."""
    sql = f"CREATE FUNCTION {qualified}({fn.arguments}) RETURNS {fn.returns} LANGUAGE {fn.language}"
    sql += f" {fn.volatility.upper()}" + (" STRICT" if fn.strict else "")
    sql += (" SECURITY DEFINER" if fn.security_definer else "") + f" PARALLEL {fn.parallel.upper()}"
    parts: list[tuple[int, SourcePath]] = []
    if fn.leakproof:
        parts.append((len(sql), (*path, "leakproof")))
        sql += " LEAKPROOF"
    for key, number in (("cost", fn.cost), ("rows", fn.rows)):
        if number is not None:
            parts.append((len(sql), (*path, key)))
            sql += f" {key.upper()} {number}"
    for name, value in fn.settings.items():
        parts.append((len(sql), (*path, "set", name)))
        sql += f" SET {name} = {setting_sql(value)}"
    return _with_body(sql, fn, path, parts)


def procedure_statement(qualified: str, proc: ProcedureSpec, path: SourcePath) -> SourcedStatement:
    """CREATE PROCEDURE with its SECURITY DEFINER and SET clauses (procedures have no other options)."""
    sql = f"CREATE PROCEDURE {qualified}({proc.arguments}) LANGUAGE {proc.language}"
    sql += " SECURITY DEFINER" if proc.security_definer else ""
    parts: list[tuple[int, SourcePath]] = []
    for name, value in proc.settings.items():
        parts.append((len(sql), (*path, "set", name)))
        sql += f" SET {name} = {setting_sql(value)}"
    return _with_body(sql, proc, path, parts)


def _with_body(
    sql: str, routine: RoutineSpec, path: SourcePath, parts: list[tuple[int, SourcePath]]
) -> SourcedStatement:
    """The routine's body as the statement's last clause: a string body dollar-quoted, a SQL-standard body as
    written (validate checked it is RETURN and one expression, or one BEGIN ATOMIC block), on a line of its own."""
    if routine.sql_body is None:
        parts.append((len(sql), path))
        return SourcedStatement(sql + f" AS {dollar_quote(routine.body or '')}", path, tuple(parts))
    parts.append((len(sql), (*path, "sql_body")))
    return SourcedStatement(sql + "\n" + routine.sql_body.strip(), path, tuple(parts))


def view_query(view: ViewSpec | MaterializedViewSpec) -> str:
    return view.query.strip().rstrip(";")


def view_options(view: ViewSpec) -> dict[str, str]:
    """The options a view declares, as pg_class.reloptions holds them (CREATE VIEW ... WITH (...))."""
    options = {}
    for name in ("security_barrier", "security_invoker"):
        value = getattr(view, name)
        if value is not None:
            options[name] = "true" if value else "false"
    if view.check_option is not None:
        options["check_option"] = view.check_option
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
    """CREATE MATERIALIZED VIEW and its indexes, from the state file's own query."""
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


def literal_default(value: str | int | float | bool) -> str:
    """A YAML default as SQL: strings are expressions (kept in brackets), other scalars become literals."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"({value})"
    return str(value)


def _reference_sql(ref: Reference, own_schema: str, schemas: dict[str, str]) -> str:
    # Always qualified: unqualified, the search path would find a same-named table of another schema first.
    target_schema = ref.schema_ or own_schema
    table = qualify(schemas.get(target_schema, target_schema), ref.table)
    columns = ", ".join(quote_ident(c) for c in ref.columns)
    return f"{table}({columns})"


def _actions(on_delete: str | None, on_update: str | None) -> str:
    sql = ""
    if on_delete:
        sql += f" ON DELETE {on_delete.upper()}"
    if on_update:
        sql += f" ON UPDATE {on_update.upper()}"
    return sql


def sequence_options_sql(options: SequenceOptionsSpec) -> str:
    """The options a state file gives a sequence, in CREATE SEQUENCE's words; the ones left out are defaults."""
    sql = f"INCREMENT BY {options.increment}"
    sql += f" MINVALUE {options.min_value}" if options.min_value is not None else " NO MINVALUE"
    sql += f" MAXVALUE {options.max_value}" if options.max_value is not None else " NO MAXVALUE"
    if options.start is not None:
        sql += f" START WITH {options.start}"
    return sql + f" CACHE {options.cache}" + (" CYCLE" if options.cycle else " NO CYCLE")


def column_sql(name: str, col: ColumnSpec) -> str:
    """A column definition with its inline constraints, as a person would write it."""
    parts = [quote_ident(name), col.type]
    if col.collation is not None:
        parts.append(f"COLLATE {quote_ident(col.collation)}")
    if col.identity:
        parts.append(f"GENERATED {col.identity.generation.upper()} AS IDENTITY ({sequence_options_sql(col.identity)})")
    if col.generated is not None:
        parts.append(f"GENERATED ALWAYS AS ({col.generated}) STORED")
    if col.default is not None:
        parts.append(f"DEFAULT {literal_default(col.default)}")
    if not col.nullable:
        parts.append("NOT NULL")
    if col.primary_key:
        parts.append("PRIMARY KEY")
    if col.unique:
        parts.append("UNIQUE")
    return " ".join(parts)


def _constraint_name(name: str | None) -> str:
    return f"CONSTRAINT {quote_ident(name)} " if name else ""


def _table_sql(
    qualified: str, table: TableSpec, clauses: tuple[str, str, bool] = ("", "", True)
) -> tuple[str, list[tuple[int, str]]]:
    """CREATE TABLE, and where each column's definition starts (to locate errors).

    `clauses` place a partition's parent, its bound, INHERITS and PARTITION BY (partitions.spec_clauses).
    """
    of_parent, tail, needs_list = clauses
    lines = [column_sql(name, col) for name, col in table.columns.items()]
    if table.primary_key:
        cols = ", ".join(quote_ident(c) for c in table.primary_key.columns)
        deferral = deferral_sql(table.primary_key.deferrable, table.primary_key.initially_deferred)
        lines.append(f"{_constraint_name(table.primary_key.name)}PRIMARY KEY ({cols}){deferral}")
    for unique in table.unique:
        cols = ", ".join(quote_ident(c) for c in unique.columns)
        nulls = " NULLS NOT DISTINCT" if unique.nulls_not_distinct else ""
        deferral = deferral_sql(unique.deferrable, unique.initially_deferred)
        lines.append(f"{_constraint_name(unique.name)}UNIQUE{nulls} ({cols}){deferral}")
    unlogged = "UNLOGGED " if table.unlogged else ""
    options = f" WITH ({storage_parameters_sql(table.options)})" if table.options else ""
    if not lines:
        return f"CREATE {unlogged}TABLE {qualified}{of_parent}" + (" ()" if needs_list else "") + tail + options, []
    head = f"CREATE {unlogged}TABLE {qualified}{of_parent} (\n  "
    starts, offset = [], len(head)
    for name in table.columns:
        starts.append((offset, name))
        offset += len(lines[len(starts) - 1]) + len(",\n  ")
    return head + ",\n  ".join(lines) + "\n)" + tail + options, starts


def _foreign_key_sql(qualified: str, fk: ForeignKeySpec, own_schema: str, schemas: dict[str, str]) -> str:
    cols = ", ".join(quote_ident(c) for c in fk.columns)
    sql = (
        f"ALTER TABLE {qualified} ADD {_constraint_name(fk.name or fk.references.name)}"
        f"FOREIGN KEY ({cols}) REFERENCES {_reference_sql(fk.references, own_schema, schemas)}"
        f"{' MATCH FULL' if fk.match == 'full' else ''}"
        f"{_actions(fk.on_delete or fk.references.on_delete, fk.on_update or fk.references.on_update)}"
    )
    sql += deferral_sql(fk.deferrable, fk.initially_deferred)
    return sql + ("" if fk.valid else " NOT VALID")


def _row_level_security(
    logical: str, physical: str, tables: dict[str, TableSpec], sources: Sources
) -> Iterator[SourcedStatement]:
    """Each table's row level security flags and policies (after views and functions their expressions may read)."""
    for name, table in tables.items():
        qualified = qualify(physical, name)
        path: SourcePath = ("schemas", logical, "tables", name)
        rls = table.row_level_security
        if rls is not None and (rls.enabled or rls.forced):
            sql = row_level_security_sql(qualified, rls.enabled, rls.forced)
            yield SourcedStatement(sql, (*path, "row_level_security"))
        for policy_name, policy in table.policies.items():
            sources.policies[(logical, name, policy_name)] = (policy.using, policy.with_check)
            policy_path = (*path, "policies", policy_name)
            yield policy_statement(policy_name, qualified, policy, policy_path)
            if policy.comment is not None:
                sql = f"COMMENT ON POLICY {quote_ident(policy_name)} ON {qualified} IS {quote_literal(policy.comment)}"
                yield SourcedStatement(sql, policy_path)


def domain_statement(qualified: str, domain: DomainSpec, path: SourcePath) -> tuple[SourcedStatement, list[str]]:
    """CREATE DOMAIN as declared, and its check clauses in the order PostgreSQL creates (and names) them."""
    sql = f"CREATE DOMAIN {qualified} AS {domain.type}"
    parts: list[tuple[int, SourcePath]] = []
    if domain.collation is not None:
        parts.append((len(sql), (*path, "collation")))
        sql += f" COLLATE {quote_ident(domain.collation)}"
    if domain.default is not None:
        parts.append((len(sql), (*path, "default")))
        sql += f" DEFAULT {literal_default(domain.default)}"
    if not domain.nullable:
        sql += " NOT NULL"
    clauses = []
    for i, check in enumerate(domain.checks):
        parts.append((len(sql), (*path, "checks", i)))
        clauses.append(check_clause(check.expression))
        sql += f" {_constraint_name(check.name)}{clauses[-1]}"
    return SourcedStatement(sql, path, tuple(parts)), clauses


def composite_statement(qualified: str, composite: CompositeTypeSpec, path: SourcePath) -> SourcedStatement:
    lines = []
    for name, attribute in composite.attributes.items():
        collate = f" COLLATE {quote_ident(attribute.collation)}" if attribute.collation is not None else ""
        lines.append(f"{quote_ident(name)} {attribute.type}{collate}")
    return SourcedStatement(f"CREATE TYPE {qualified} AS ({', '.join(lines)})", (*path, "attributes"))


def range_statement(physical: str, name: str, rng: RangeSpec, path: SourcePath) -> SourcedStatement:
    options = [f"SUBTYPE = {rng.subtype}"]
    for key, value in (
        ("SUBTYPE_OPCLASS", rng.subtype_opclass),
        ("COLLATION", None if rng.collation is None else quote_ident(rng.collation)),
        ("CANONICAL", rng.canonical),
        ("SUBTYPE_DIFF", rng.subtype_diff),
        ("MULTIRANGE_TYPE_NAME", None if rng.multirange is None else qualify(physical, rng.multirange)),
    ):
        if value is not None:
            options.append(f"{key} = {value}")
    return SourcedStatement(f"CREATE TYPE {qualify(physical, name)} AS RANGE ({', '.join(options)})", path)


def type_statements(schema: SchemaSpec, logical: str, physical: str, sources: Sources) -> Iterator[SourcedStatement]:
    """Domains, composite types and range types of one schema, with their comments.

    They may use one another in any order: normalize retries what needs a type created later.
    """
    for name, domain in schema.domains.items():
        path: SourcePath = ("schemas", logical, "domains", name)
        statement, sources.domain_checks[(logical, name)] = domain_statement(qualify(physical, name), domain, path)
        yield statement
        if domain.comment is not None:
            yield SourcedStatement(
                f"COMMENT ON DOMAIN {qualify(physical, name)} IS {quote_literal(domain.comment)}", path
            )
    for name, composite in schema.composite_types.items():
        path = ("schemas", logical, "composite_types", name)
        yield composite_statement(qualify(physical, name), composite, path)
        if composite.comment is not None:
            yield SourcedStatement(
                f"COMMENT ON TYPE {qualify(physical, name)} IS {quote_literal(composite.comment)}", path
            )
    for name, rng in schema.ranges.items():
        path = ("schemas", logical, "ranges", name)
        yield range_statement(physical, name, rng, path)
        if rng.comment is not None:
            yield SourcedStatement(f"COMMENT ON TYPE {qualify(physical, name)} IS {quote_literal(rng.comment)}", path)


def materialize(spec: DatabaseSpec, schemas: dict[str, str], sources: Sources) -> Iterator[SourcedStatement]:
    """DDL that creates everything `spec` declares, with logical schema names mapped by `schemas`.

    Fills `sources` with the state file's own SQL for expression-bearing objects.

    Order: schemas, types, sequences, functions (bodies unchecked), tables with
    their inline constraints, foreign keys, indexes, views, triggers, comments, privileges,
    default privileges.
    """
    path: SourcePath
    for logical, physical in schemas.items():
        yield SourcedStatement(f"CREATE SCHEMA {quote_ident(physical)}", ("schemas", logical))

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
            sql = f"CREATE SEQUENCE {qualify(physical, name)} AS {seq.type} {sequence_options_sql(seq)}"
            yield SourcedStatement(sql, ("schemas", logical, "sequences", name))
        for name, where, fn in function_variants(schema):
            yield function_statement(qualify(physical, name), fn, ("schemas", logical, *where))
        for name, proc in schema.procedures.items():
            yield procedure_statement(qualify(physical, name), proc, ("schemas", logical, "procedures", name))
        routines = [(n, r) for n, t, r in function_variants(schema) if len(t) == 2]  # overloads: deparsed text
        for name, routine in [*routines, *schema.procedures.items()]:
            if routine.sql_body is not None:
                sources.sql_bodies[(logical, name)] = routine.sql_body.strip()

    for logical, schema in spec.schemas.items():
        physical = schemas[logical]
        for name, table in schema.tables.items():
            qualified = qualify(physical, name)
            create, starts = _table_sql(qualified, table, partitions.spec_clauses(table, logical, schemas))
            columns_path = ("schemas", logical, "tables", name, "columns")
            parts = tuple((start, (*columns_path, column)) for start, column in starts)
            yield SourcedStatement(create, columns_path, parts)
            for sql in partitions.spec_not_null_sql(qualified, table):
                yield SourcedStatement(sql, ("schemas", logical, "tables", name, "partition_of", "not_null"))
            for col_name, col in table.columns.items():
                if col.generated is not None:
                    sources.generated[(logical, name, col_name)] = col.generated
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
                yield SourcedStatement(f"ALTER TABLE {qualified} ADD {_constraint_name(check.name)}{checks[-1]}", path)
            for i, exclusion in enumerate(table.exclude):
                path = ("schemas", logical, "tables", name, "exclude", i)
                clause = exclusion_clause(exclusion)
                yield SourcedStatement(f"ALTER TABLE {qualified} ADD {_constraint_name(exclusion.name)}{clause}", path)
        for name, seq in schema.sequences.items():
            owner = schema.owning_column(seq.owned_by) if seq.owned_by is not None else None
            if owner is not None:
                column = f"{qualify(physical, owner[0])}.{quote_ident(owner[1])}"
                yield SourcedStatement(
                    f"ALTER SEQUENCE {qualify(physical, name)} OWNED BY {column}",
                    ("schemas", logical, "sequences", name, "owned_by"),
                )

    for logical, schema in spec.schemas.items():
        physical = schemas[logical]
        for name, table in schema.tables.items():
            qualified = qualify(physical, name)
            for col_name, col in table.columns.items():
                if col.references:
                    fk = ForeignKeySpec(columns=[col_name], references=col.references)
                    path = ("schemas", logical, "tables", name, "columns", col_name, "references")
                    yield SourcedStatement(_foreign_key_sql(qualified, fk, logical, schemas), path)
            for i, fk in enumerate(table.foreign_keys):
                path = ("schemas", logical, "tables", name, "foreign_keys", i)
                yield SourcedStatement(_foreign_key_sql(qualified, fk, logical, schemas), path)
            for index_name, index in table.indexes.items():
                head = "CREATE UNIQUE INDEX" if index.unique else "CREATE INDEX"
                clause = sources.indexes[(logical, index_name)] = index_clause(index)
                path = ("schemas", logical, "tables", name, "indexes", index_name)
                yield SourcedStatement(f"{head} {quote_ident(index_name)} ON {qualified} {clause}", path)

    for logical, schema in spec.schemas.items():
        physical = schemas[logical]
        for name, aggregate in schema.aggregates.items():
            path = ("schemas", logical, "aggregates", name)
            yield SourcedStatement(aggregate_sql(qualify(physical, name), aggregate), path)
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
                yield SourcedStatement(sql, ("schemas", logical, kind, name, "triggers", trigger_name))
        yield from _row_level_security(logical, physical, schema.tables, sources)

    for logical, schema in spec.schemas.items():
        physical = schemas[logical]
        for name, table in schema.tables.items():
            qualified = qualify(physical, name)
            path = ("schemas", logical, "tables", name)
            if table.replica_identity != "default":
                identity = replica_identity_sql(table.replica_identity)
                yield SourcedStatement(f"ALTER TABLE {qualified} REPLICA IDENTITY {identity}", path)
            if table.comment is not None:
                yield SourcedStatement(f"COMMENT ON TABLE {qualified} IS {quote_literal(table.comment)}", path)
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
        for name, matview in schema.materialized_views.items():
            if matview.comment is not None:
                yield SourcedStatement(
                    f"COMMENT ON MATERIALIZED VIEW {qualify(physical, name)} IS {quote_literal(matview.comment)}",
                    ("schemas", logical, "materialized_views", name),
                )

    # Privileges last, default privileges after them: what the file declares is not given twice.
    for sql, grant_path in [*materialize_grants(spec, schemas), *materialize_default_privileges(spec, schemas)]:
        yield SourcedStatement(sql, grant_path)
