"""A state file's tables rendered as DDL: columns, keys, checks, indexes, triggers, policies, rules.

Pure rendering for materialize.py, which creates them in throwaway schemas.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from reconciler.postgres.collations import collation_reference
from reconciler.postgres.firing import alter_sql, firing_of
from reconciler.postgres.foreign_data import options_clause
from reconciler.postgres.fragments_tables import index_key
from reconciler.postgres.identifiers import qualify, quote_ident, quote_literal
from reconciler.postgres.materialize_sources import SourcedStatement, SourcePath, Sources
from reconciler.postgres.options_sql import (
    deferral_sql,
    storage_parameters_sql,
    with_clause,
)
from reconciler.postgres.rules import rule_text
from reconciler.postgres.spec.access import POLICY_ROLE_KEYWORDS, PolicySpec
from reconciler.postgres.spec.constraints import NamedColumns
from reconciler.postgres.spec.rules import RuleSpec, ViewRuleSpec
from reconciler.postgres.spec.tables import ColumnSpec, IndexSpec, SequenceOptionsSpec, TableSpec, TriggerSpec
from reconciler.postgres.spec.views import MaterializedViewColumnSpec, ViewSpec


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


def index_statistics_sql(qualified_index: str, index: IndexSpec) -> list[tuple[str, int]]:
    """ALTER INDEX ... ALTER COLUMN n SET STATISTICS for each position `statistics` sets, with that position."""
    return [
        (f"ALTER INDEX {qualified_index} ALTER COLUMN {position} SET STATISTICS {target}", position)
        for position, target in sorted(index.statistics.items())
    ]


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
    if trig.from_table is not None:
        tail += f"FROM {trig.from_table} "
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


def rule_statement(name: str, qualified: str, rule: ViewRuleSpec, path: SourcePath) -> SourcedStatement:
    """CREATE RULE as the state file declares it, and where its condition and each command start (for errors)."""
    text = rule_text(name, qualified, rule.event, rule.instead, rule.where, rule.actions)
    parts: list[tuple[int, SourcePath]] = []
    if text.where_at is not None:
        parts.append((text.where_at, (*path, "where")))
    parts += [(start, (*path, "actions", i)) for i, start in enumerate(text.actions_at)]
    return SourcedStatement(text.sql, path, tuple(parts))


def row_level_security_sql(qualified: str, enabled: bool, forced: bool) -> str:
    """ALTER TABLE setting both row level security flags."""
    enable = "ENABLE" if enabled else "DISABLE"
    force = "FORCE" if forced else "NO FORCE"
    return f"ALTER TABLE {qualified} {enable} ROW LEVEL SECURITY, {force} ROW LEVEL SECURITY"


def literal_default(value: str | int | float | bool) -> str:
    """A YAML default as SQL: strings are expressions (kept in brackets), other scalars become literals."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"({value})"
    return str(value)


def sequence_options_sql(options: SequenceOptionsSpec) -> str:
    """The options a state file gives a sequence, in CREATE SEQUENCE's words; the ones left out are defaults."""
    sql = f"INCREMENT BY {options.increment}"
    sql += f" MINVALUE {options.min_value}" if options.min_value is not None else " NO MINVALUE"
    sql += f" MAXVALUE {options.max_value}" if options.max_value is not None else " NO MAXVALUE"
    if options.start is not None:
        sql += f" START WITH {options.start}"
    return sql + f" CACHE {options.cache}" + (" CYCLE" if options.cycle else " NO CYCLE")


def _on_identity_sequence(qualified: str, column: str, command: str, *values: str) -> str:
    """`command` (a format() template, %s the sequence) on a column's identity sequence, whatever PostgreSQL named it.

    Only the plan's trial runs this (its sequence name may be PostgreSQL's choice): the table and column
    are string literals, which pg_get_serial_sequence reads as a qualified name and a plain column name;
    `values` are format()'s further arguments, as literals.
    """
    found = f"pg_get_serial_sequence({quote_literal(qualified)}, {quote_literal(column)})"
    arguments = "".join(f", {quote_literal(value)}" for value in values)
    return "DO " + quote_literal(f"BEGIN EXECUTE format({quote_literal(command)}, {found}{arguments}); END")


def identity_persistence_sql(qualified: str, column: str, unlogged: bool) -> str:
    """ALTER SEQUENCE ... SET LOGGED / UNLOGGED on a column's identity sequence."""
    return _on_identity_sequence(qualified, column, f"ALTER SEQUENCE %s SET {'UNLOGGED' if unlogged else 'LOGGED'}")


def identity_comment_sql(qualified: str, column: str, comment: str) -> str:
    """COMMENT ON SEQUENCE for a column's identity sequence (the comment a literal format() quotes again, %L)."""
    return _on_identity_sequence(qualified, column, "COMMENT ON SEQUENCE %s IS %L", comment)


def column_sql(name: str, col: ColumnSpec) -> str:
    """A column definition with its inline constraints, as a person would write it."""
    parts = [quote_ident(name), col.type]
    if col.foreign_options:
        parts.append(options_clause(col.foreign_options).strip())
    if col.collation is not None:
        parts.append(f"COLLATE {collation_reference(col.collation)}")
    if col.identity:
        named = f"SEQUENCE NAME {quote_ident(col.identity.sequence_name)} " if col.identity.sequence_name else ""
        options = named + sequence_options_sql(col.identity)
        parts.append(f"GENERATED {col.identity.generation.upper()} AS IDENTITY ({options})")
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


def key_clause(kind: str, key: NamedColumns) -> str:
    """`PRIMARY KEY (a) INCLUDE (b) WITH (fillfactor=70) DEFERRABLE`, as pg_get_constraintdef orders it."""
    nulls = " NULLS NOT DISTINCT" if key.nulls_not_distinct else ""
    sql = f"{kind}{nulls} ({', '.join(quote_ident(c) for c in key.columns)})"
    if key.include:
        sql += f" INCLUDE ({', '.join(quote_ident(c) for c in key.include)})"
    return sql + with_clause(key.with_) + deferral_sql(key.deferrable, key.initially_deferred)


def repeated_unique_keys(table: TableSpec) -> set[int]:
    """Positions in `unique` of the keys that repeat an earlier key of the table (the same columns and options).

    Within one CREATE TABLE, PostgreSQL keeps one of two such keys (the primary key, which takes the
    other's name); added apart, by ALTER TABLE ... ADD after it, both exist, as in the live database.
    """
    seen = {f"({quote_ident(name)})" for name, col in table.columns.items() if col.primary_key or col.unique}
    if table.primary_key:
        seen.add(key_clause("", table.primary_key).strip())
    repeated = set()
    for i, unique in enumerate(table.unique):
        clause = key_clause("", unique).strip()
        if clause in seen and not unique.only:
            repeated.add(i)
        seen.add(clause)
    return repeated


def unique_key_sql(qualified: str, table: TableSpec, index: int) -> str:
    """ALTER TABLE ... ADD one of the table's unique keys."""
    unique = table.unique[index]
    return f"ALTER TABLE {qualified} ADD {name_clause(unique.name)}{key_clause('UNIQUE', unique)}"


def keys_on_only(table: TableSpec) -> Iterator[tuple[str, str, tuple[str | int, ...]]]:
    """A partitioned table's keys declared `only`: name, clause (`PRIMARY KEY (a)`) and place in the table.

    Each is added with ALTER TABLE ONLY once every table exists: a partition created after its parent's key
    would get a key of its own.
    """
    for kind, key, path in table.table_keys():
        if key.only and key.name is not None:  # the spec refuses an unnamed one
            yield key.name, key_clause(kind, key), path


def name_clause(name: str | None) -> str:
    """`CONSTRAINT "n" ` before a constraint's definition; nothing for an unnamed one."""
    return f"CONSTRAINT {quote_ident(name)} " if name else ""


def _table_sql(
    qualified: str,
    table: TableSpec,
    clauses: tuple[str, str, bool] = ("", "", True),
    foreign_keys: Sequence[str] = (),
) -> tuple[str, list[tuple[int, str]]]:
    """CREATE TABLE, and where each column's definition starts (to locate errors).

    `clauses` place a partition's parent, its bound, INHERITS and PARTITION BY (partitions.spec_clauses);
    `foreign_keys` are clauses the table's definition ends with (materialize_foreign_keys.py).
    """
    of_parent, tail, needs_list = clauses
    lines = [column_sql(name, col) for name, col in table.columns.items()]
    if table.primary_key and not table.primary_key.only:
        lines.append(name_clause(table.primary_key.name) + key_clause("PRIMARY KEY", table.primary_key))
    repeated = repeated_unique_keys(table)
    for i, unique in enumerate(table.unique):
        if i not in repeated and not unique.only:
            lines.append(name_clause(unique.name) + key_clause("UNIQUE", unique))
    lines += foreign_keys
    unlogged = "UNLOGGED " if table.unlogged else ""
    options = f" WITH ({storage_parameters_sql(table.options)})" if table.options else ""
    if table.foreign is not None:  # CREATE FOREIGN TABLE ... SERVER s OPTIONS (...): no storage options
        unlogged, options = (
            "FOREIGN ",
            f" SERVER {quote_ident(table.foreign.server)}{options_clause(table.foreign.options)}",
        )
    if not lines:
        return f"CREATE {unlogged}TABLE {qualified}{of_parent}" + (" ()" if needs_list else "") + tail + options, []
    head = f"CREATE {unlogged}TABLE {qualified}{of_parent} (\n  "
    starts, offset = [], len(head)
    for name in table.columns:
        starts.append((offset, name))
        offset += len(lines[len(starts) - 1]) + len(",\n  ")
    return head + ",\n  ".join(lines) + "\n)" + tail + options, starts


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


def _rules(
    logical: str, physical: str, tables: dict[str, TableSpec], views: dict[str, ViewSpec], sources: Sources
) -> Iterator[SourcedStatement]:
    """Each table's and view's rules, how they fire and their comments (after what their commands may name)."""
    relations: list[tuple[str, str, dict[str, ViewRuleSpec]]] = [
        *(("tables", name, dict[str, ViewRuleSpec](table.rules)) for name, table in tables.items()),
        *(("views", name, dict(view.rules)) for name, view in views.items()),
    ]
    for kind, name, rules in relations:
        qualified = qualify(physical, name)
        for rule_name, rule in rules.items():
            path: SourcePath = ("schemas", logical, kind, name, "rules", rule_name)
            sources.rules[(logical, name, rule_name)] = (rule.where, list(rule.actions))
            yield rule_statement(rule_name, qualified, rule, path)
            if isinstance(rule, RuleSpec) and firing_of(rule.enabled) != "origin":
                sql = alter_sql(qualified, "RULE", rule_name, firing_of(rule.enabled))
                yield SourcedStatement(sql, (*path, "enabled"))
            if rule.comment is not None:
                sql = f"COMMENT ON RULE {quote_ident(rule_name)} ON {qualified} IS {quote_literal(rule.comment)}"
                yield SourcedStatement(sql, (*path, "comment"))


def column_settings_sql(
    qualified: str, name: str, col: ColumnSpec | MaterializedViewColumnSpec, word: str = "TABLE"
) -> list[tuple[str, str]]:
    """SET STORAGE / COMPRESSION / STATISTICS / (options) of a declared column, each with the field it comes from."""
    prefix = f"ALTER {word} {qualified} ALTER COLUMN {quote_ident(name)}"
    statements = []
    if col.storage is not None:
        statements.append((f"{prefix} SET STORAGE {col.storage.upper()}", "storage"))
    if col.compression is not None:
        statements.append((f"{prefix} SET COMPRESSION {col.compression}", "compression"))
    if col.statistics is not None:
        statements.append((f"{prefix} SET STATISTICS {col.statistics}", "statistics"))
    if col.options:
        pairs = ", ".join(f"{key} = {value}" for key, value in col.options.items())
        statements.append((f"{prefix} SET ({pairs})", "options"))
    return statements
