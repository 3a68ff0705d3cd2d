"""SQL for each operation on a catalog-model object (pure string building).

Every value the model holds is already in PostgreSQL's canonical spelling, so
the statements here just place those values; they never reinterpret them.
Each statement carries a phase that orders it against statements of other
changes in the same database: drops first in reverse dependency order, then
creates in dependency order (schemas, extensions, types, sequences, functions,
tables, columns, constraints, foreign keys, indexes, views, triggers,
comments).
"""

from __future__ import annotations

import hashlib
import re
from enum import IntEnum

from reconciler.changes import Statement, TableLock
from reconciler.postgres import partitions
from reconciler.postgres.fragments import FragmentError, tokens
from reconciler.postgres.identifiers import dollar_quote, qualify, quote_ident, quote_literal
from reconciler.postgres.locks import Kind, referenced, take
from reconciler.postgres.model import (
    Column,
    Constraint,
    Enum,
    Extension,
    Function,
    Index,
    MaterializedView,
    Sequence,
    SequenceOptions,
    Table,
    Trigger,
    View,
)


class Phase(IntEnum):
    """Statement order within a database's transaction.

    Drops of things that hang off tables come first; drops of things tables
    may still use (sequences, functions, types, extensions) come only after
    columns were altered away from them.

    An identity's sequence takes the name a serial's would (`<table>_<column>_seq`):
    DROP IDENTITY runs before a serial's sequence is created, ADD GENERATED after
    a serial's sequence is dropped, so neither gets a `...seq1` name.

    ENUM_VALUE_COMMITTED_FIRST is not part of the transaction: PostgreSQL forbids
    using an enum label in the transaction that adds it (`unsafe use of new
    value`), so the executor commits these ALTER TYPE ... ADD VALUE statements
    in a transaction of their own before the rest.
    """

    ENUM_VALUE_COMMITTED_FIRST = -10
    STEP_BEFORE = -6  # data steps `when: before` (steps.py), ahead of every schema change (renames too)
    RENAME = -5  # renames.py: first in the transaction; every other statement names objects by their new names
    DROP_IDENTITY = -1
    DISOWN_SEQUENCE = 0
    DROP_TRIGGER = 1
    DROP_POLICY = 1  # with the triggers: before what a policy's expressions read is dropped or altered
    DROP_VIEW = 2
    DROP_FOREIGN_KEY = 3
    DROP_CONSTRAINT = 4
    DROP_INDEX = 5
    DROP_COLUMN = 6
    DROP_TABLE = 7
    DROP_FUNCTION_TO_REPLACE = 8
    CREATE_SCHEMA = 20
    CREATE_EXTENSION = 21
    ENUM = 22
    SEQUENCE = 23
    FUNCTION = 24
    CREATE_TABLE = 30
    ADD_COLUMN = 31
    ALTER_COLUMN = 32
    SEQUENCE_OWNER = 33
    DROP_SEQUENCE = 34
    DROP_FUNCTION = 35
    DROP_ENUM = 36
    DROP_EXTENSION = 37
    ADD_IDENTITY = 38
    ADD_CONSTRAINT = 40
    ADD_FOREIGN_KEY = 41
    CREATE_INDEX = 42
    TABLE_OPTIONS = 43
    CREATE_VIEW = 50
    CREATE_TRIGGER = 51
    CREATE_POLICY = 52  # after views and functions, which policy expressions may read
    DROP_SCHEMA = 55  # last: everything in the schema was dropped before, each object as its own change
    COMMENT = 60
    OWNER = 65  # ALTER ... OWNER TO: after every CREATE and ALTER, before the GRANTs (differ/owners.py)
    GRANT = 70
    COLUMN_GRANT = 71  # after table-level REVOKEs, which take column privileges along
    DEFAULT_PRIVILEGE = 72  # after every CREATE: new objects get the live default privileges (differ/privileges.py)
    STEP_AFTER = 90  # data steps `when: after` (steps.py): the last statements of the transaction
    # Outside the transaction: after it commits, one statement at a time, each retried on a lock timeout
    # (executor). Online changes to tables that already exist (differ/online.py); never rolled back.
    ONLINE_CREATE_INDEX = 100
    # DROP INDEX CONCURRENTLY runs with the builds; the graph orders it before a build of the same name.
    ONLINE_DROP_INDEX = 100
    ONLINE_AFTER_INDEX = 101  # what needs the built index: ADD CONSTRAINT ... USING INDEX, its comment
    ONLINE_VALIDATE = 102
    ONLINE_SET_NOT_NULL = 103  # proven by the CHECK validated before it: no scan; then the helper check goes


def outside_transaction(phase: int) -> bool:
    """True for the phases the executor runs after the transaction has committed."""
    return phase >= Phase.ONLINE_CREATE_INDEX


def stmt(sql: str, phase: Phase, *locks: TableLock) -> Statement:
    """A statement and the table locks it takes (postgres/locks.py), named where it is built."""
    return Statement(sql=sql, phase=int(phase), locks=list(locks))


def lock_on(kind: Kind, table: Table | View | MaterializedView) -> TableLock:
    return take(kind, table.schema_name, table.name)


def table_name(table: Table | View | MaterializedView) -> str:
    return qualify(table.schema_name, table.name)


# --- schemas and extensions -------------------------------------------------


def create_schema(name: str, comment: str | None = None) -> list[Statement]:
    return [
        stmt(f"CREATE SCHEMA {quote_ident(name)}", Phase.CREATE_SCHEMA),
        *comment_if_any(f"SCHEMA {quote_ident(name)}", comment),
    ]


def drop_schema(name: str) -> list[Statement]:
    # No CASCADE: what is still in it (an object the plan did not drop) makes PostgreSQL refuse.
    return [stmt(f"DROP SCHEMA {quote_ident(name)}", Phase.DROP_SCHEMA)]


def create_extension(ext: Extension) -> list[Statement]:
    return [
        stmt(
            f"CREATE EXTENSION IF NOT EXISTS {quote_ident(ext.name)} SCHEMA {quote_ident(ext.schema_name)}"
            + ("" if ext.version is None else f" VERSION {quote_literal(ext.version)}"),
            Phase.CREATE_EXTENSION,
        ),
        *comment_if_any(f"EXTENSION {quote_ident(ext.name)}", ext.comment),
    ]


def drop_extension(ext: Extension) -> list[Statement]:
    return [stmt(f"DROP EXTENSION {quote_ident(ext.name)}", Phase.DROP_EXTENSION)]


# --- enums ---------------------------------------------------------------------


def create_enum(enum: Enum) -> list[Statement]:
    labels = ", ".join(quote_literal(label) for label in enum.labels)
    name = qualify(enum.schema_name, enum.name)
    return [stmt(f"CREATE TYPE {name} AS ENUM ({labels})", Phase.ENUM), *comment_if_any(f"TYPE {name}", enum.comment)]


def add_enum_values(enum: Enum, before: list[str]) -> list[Statement]:
    """ALTER TYPE ... ADD VALUE for each new label, placed where the state puts it."""
    statements = []
    present = list(before)
    for position, label in enumerate(enum.labels):
        if label in present:
            continue
        sql = f"ALTER TYPE {qualify(enum.schema_name, enum.name)} ADD VALUE {quote_literal(label)}"
        following = next((lbl for lbl in enum.labels[position + 1 :] if lbl in present), None)
        if following is not None:
            sql += f" BEFORE {quote_literal(following)}"
            present.insert(present.index(following), label)
        else:
            present.append(label)
        statements.append(stmt(sql, Phase.ENUM_VALUE_COMMITTED_FIRST))
    return statements


def drop_enum(enum: Enum) -> list[Statement]:
    return [stmt(f"DROP TYPE {qualify(enum.schema_name, enum.name)}", Phase.DROP_ENUM)]


# --- sequences -----------------------------------------------------------------


def _sequence_options(seq: Sequence) -> str:
    return (
        f"AS {seq.data_type} INCREMENT BY {seq.increment} MINVALUE {seq.min_value} MAXVALUE {seq.max_value}"
        f" START WITH {seq.start} CACHE {seq.cache}" + (" CYCLE" if seq.cycle else " NO CYCLE")
    )


def sequence_owner(seq: Sequence) -> str:
    if seq.owned_by is None:
        return "NONE"
    table, _, column = seq.owned_by.rpartition(".")
    qualified = table if "." in table else f"{quote_ident(seq.schema_name)}.{table}"
    return f"{qualified}.{column}"


def create_sequence(seq: Sequence) -> list[Statement]:
    name = qualify(seq.schema_name, seq.name)
    statements = [stmt(f"CREATE SEQUENCE {name} {_sequence_options(seq)}", Phase.SEQUENCE)]
    if seq.owned_by:
        statements.append(stmt(f"ALTER SEQUENCE {name} OWNED BY {sequence_owner(seq)}", Phase.SEQUENCE_OWNER))
    return statements + comment_if_any(f"SEQUENCE {name}", seq.comment)


def must_restart(want: SequenceOptions, have: SequenceOptions) -> bool:
    """True when no value lies in both the old and the new bounds: the sequence can only restart at its START."""
    return want.min_value > have.max_value or want.max_value < have.min_value


def keep_in_range(name: str, want: SequenceOptions, have: SequenceOptions, phase: Phase) -> list[Statement]:
    """Move a sequence's value into new bounds before they are set: PostgreSQL refuses bounds that exclude it.

    `name` is the qualified sequence. A raised MINVALUE (or lowered MAXVALUE)
    past the current value makes the next value the new bound (or the START
    value, if the sequence was never used and START fits the old bounds too).
    Bounds that share no value with the old ones restart instead (must_restart).
    """
    if must_restart(want, have):
        return []
    statements = []
    for moved, bound, beyond in (
        (want.min_value > have.min_value, want.min_value, "<"),
        (want.max_value < have.max_value, want.max_value, ">"),
    ):
        if moved:
            unused = want.start if have.min_value <= want.start <= have.max_value else bound
            sql = (
                f"SELECT setval({quote_literal(name)}::regclass, CASE WHEN is_called THEN {bound} "
                f"ELSE {unused} END, false) FROM {name} WHERE last_value {beyond} {bound}"
            )
            statements.append(stmt(sql, phase))
    return statements


def alter_sequence(seq: Sequence, before: Sequence) -> list[Statement]:
    name = qualify(seq.schema_name, seq.name)
    statements = []
    if seq.model_dump(exclude={"owned_by", "comment"}) != before.model_dump(exclude={"owned_by", "comment"}):
        statements += keep_in_range(name, seq, before, Phase.SEQUENCE)
        restart = " RESTART" if must_restart(seq, before) else ""
        statements.append(stmt(f"ALTER SEQUENCE {name} {_sequence_options(seq)}{restart}", Phase.SEQUENCE))
    if seq.owned_by != before.owned_by:
        if before.owned_by is not None:
            # First of all: dropping the old owning column or table would take the sequence along.
            statements.append(stmt(f"ALTER SEQUENCE {name} OWNED BY NONE", Phase.DISOWN_SEQUENCE))
        if seq.owned_by is not None:
            statements.append(stmt(f"ALTER SEQUENCE {name} OWNED BY {sequence_owner(seq)}", Phase.SEQUENCE_OWNER))
    if seq.comment != before.comment:
        statements.append(comment_on(f"SEQUENCE {name}", seq.comment))
    return statements


def drop_sequence(seq: Sequence) -> list[Statement]:
    # A sequence owned by a column goes with its column or table, which are dropped earlier.
    if_exists = " IF EXISTS" if seq.owned_by else ""
    return [stmt(f"DROP SEQUENCE{if_exists} {qualify(seq.schema_name, seq.name)}", Phase.DROP_SEQUENCE)]


# --- functions -----------------------------------------------------------------


# Parameters whose SET value is a list of names: PostgreSQL stores each element as a quoted identifier.
LIST_OF_NAMES_SETTINGS = frozenset(
    {"search_path", "temp_tablespaces", "local_preload_libraries", "session_preload_libraries"}
)
_STORED_LIST_ELEMENT = re.compile(r'"(?:[^"]|"")*"|[^,\s]+')
_PLAIN_ELEMENT = re.compile(r"^[a-z_][a-z0-9_$]*$")
_QUOTED_ELEMENT = re.compile(r'^"(?:[^"]|"")+"$')


def setting_value_sql(name: str, stored: str) -> str:
    """A value as pg_proc.proconfig stores it, written so that `SET name = <this>` stores it again.

    A list of names (search_path) is stored with each element quoted as an identifier where needed,
    which reads back as itself (`""`, the empty name, only as the string ''). Any other value is stored
    bare (`64MB`) and reads back from a string literal.
    """
    if name.lower() not in LIST_OF_NAMES_SETTINGS:
        return quote_literal(stored)
    elements = []
    for element in _STORED_LIST_ELEMENT.findall(stored):
        if _PLAIN_ELEMENT.match(element) or _QUOTED_ELEMENT.match(element):
            elements.append(element)
        else:
            elements.append("''" if element == '""' else quote_literal(element))
    return ", ".join(elements) or "''"


def number_sql(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _setting_name(name: str) -> str:
    return ".".join(quote_ident(part) for part in name.split("."))


def function_options(fn: Function) -> str:
    """PARALLEL, LEAKPROOF, COST, ROWS and SET clauses, all spelled out: CREATE OR REPLACE resets what it omits."""
    sql = f" PARALLEL {fn.parallel.upper()}" + (" LEAKPROOF" if fn.leakproof else "") + f" COST {number_sql(fn.cost)}"
    if fn.returns_set:
        sql += f" ROWS {number_sql(fn.rows)}"
    for name, value in fn.settings.items():
        sql += f"\n SET {_setting_name(name)} = {setting_value_sql(name, value)}"
    return sql


def create_procedure(fn: Function, *, replace: bool = True) -> list[Statement]:
    """CREATE PROCEDURE: a procedure has no result, volatility, strictness, parallel safety, cost or rows."""
    head = "CREATE OR REPLACE PROCEDURE" if replace else "CREATE PROCEDURE"
    sql = f"{head} {qualify(fn.schema_name, fn.name)}({fn.arguments})\n LANGUAGE {fn.language}"
    sql += " SECURITY DEFINER" if fn.security_definer else ""
    for name, value in fn.settings.items():
        sql += f"\n SET {_setting_name(name)} = {setting_value_sql(name, value)}"
    sql += routine_body(fn)
    return [stmt(sql, Phase.FUNCTION), *comment_if_any(function_target(fn), fn.comment)]


def create_function(fn: Function, *, replace: bool = True) -> list[Statement]:
    if fn.kind == "procedure":
        return create_procedure(fn, replace=replace)
    head = "CREATE OR REPLACE FUNCTION" if replace else "CREATE FUNCTION"
    sql = (
        f"{head} {qualify(fn.schema_name, fn.name)}({fn.arguments})\n RETURNS {fn.returns}\n"
        f" LANGUAGE {fn.language} {fn.volatility.upper()}"
        + (" STRICT" if fn.strict else "")
        + (" SECURITY DEFINER" if fn.security_definer else "")
        + function_options(fn)
        + routine_body(fn)
    )
    return [stmt(sql, Phase.FUNCTION), *comment_if_any(function_target(fn), fn.comment)]


def routine_body(fn: Function) -> str:
    """The body clause, last in the statement: `AS $$...$$`, or a SQL-standard body as PostgreSQL deparsed it."""
    return f"\n{fn.source or fn.body}" if fn.sql_body else f"\nAS {dollar_quote(fn.body)}"


def function_target(fn: Function) -> str:
    """How COMMENT ON, ALTER and DROP name a function: `FUNCTION schema.name(argument types)` (or PROCEDURE)."""
    return f"{fn.kind.upper()} {qualify(fn.schema_name, fn.name)}({fn.identity_arguments})"


def alter_function(fn: Function, before: Function) -> list[Statement]:
    """ALTER FUNCTION for what differs among the options that change in place (not body, language, signature)."""
    actions: list[str] = []
    if fn.volatility != before.volatility:
        actions.append(fn.volatility.upper())
    if fn.strict != before.strict:
        actions.append("STRICT" if fn.strict else "CALLED ON NULL INPUT")
    if fn.security_definer != before.security_definer:
        actions.append("SECURITY DEFINER" if fn.security_definer else "SECURITY INVOKER")
    if fn.parallel != before.parallel:
        actions.append(f"PARALLEL {fn.parallel.upper()}")
    if fn.leakproof != before.leakproof:
        actions.append("LEAKPROOF" if fn.leakproof else "NOT LEAKPROOF")
    if fn.cost != before.cost:
        actions.append(f"COST {number_sql(fn.cost)}")
    if fn.rows != before.rows and fn.returns_set:
        actions.append(f"ROWS {number_sql(fn.rows)}")
    for name in before.settings:
        if name not in fn.settings:
            actions.append(f"RESET {_setting_name(name)}")
    for name, value in fn.settings.items():
        if before.settings.get(name) != value:
            actions.append(f"SET {_setting_name(name)} = {setting_value_sql(name, value)}")
    if not actions:
        return []
    sql = f"ALTER {function_target(fn)}\n " + "\n ".join(actions)
    return [stmt(sql, Phase.FUNCTION)]


def drop_function(fn: Function, *, to_replace: bool = False) -> list[Statement]:
    phase = Phase.DROP_FUNCTION_TO_REPLACE if to_replace else Phase.DROP_FUNCTION
    return [stmt(f"DROP {function_target(fn)}", phase)]


# --- tables and columns ----------------------------------------------------------


def identity_options_sql(options: SequenceOptions) -> str:
    """An identity sequence's options, all spelled out (the type is the column's)."""
    return (
        f"START WITH {options.start} INCREMENT BY {options.increment} MINVALUE {options.min_value}"
        f" MAXVALUE {options.max_value} CACHE {options.cache}" + (" CYCLE" if options.cycle else " NO CYCLE")
    )


def identity_clause(col: Column) -> str:
    """`GENERATED ALWAYS AS IDENTITY (...)` for an identity column."""
    assert col.identity is not None
    sql = f"GENERATED {col.identity.upper()} AS IDENTITY"
    return sql + (f" ({identity_options_sql(col.identity_options)})" if col.identity_options else "")


def collate_clause(col: Column) -> str:
    """` COLLATE name` for a column with a collation other than its type's; nothing otherwise."""
    return "" if col.collation is None else f" COLLATE {quote_ident(col.collation)}"


def column_definition(col: Column) -> str:
    sql = f"{quote_ident(col.name)} {col.type}{collate_clause(col)}"
    if col.identity:
        sql += f" {identity_clause(col)}"
    if col.generated is not None:
        sql += f" GENERATED ALWAYS AS ({col.generated_source or col.generated}) STORED"
    if col.default is not None:
        sql += f" DEFAULT {col.default}"
    if col.not_null:
        sql += " NOT NULL"
    return sql


def comment_on(target: str, comment: str | None, table: Table | None = None) -> Statement:
    """COMMENT ON `target`; `table` when the target is a table or one of its columns (it is locked)."""
    value = "NULL" if comment is None else quote_literal(comment)
    locks = [] if table is None else [lock_on(Kind.COMMENT, table)]
    return stmt(f"COMMENT ON {target} IS {value}", Phase.COMMENT, *locks)


def comment_if_any(target: str, comment: str | None) -> list[Statement]:
    """COMMENT ON for a new object that carries a comment; nothing for one that does not."""
    return [] if comment is None else [comment_on(target, comment)]


def constraint_target(table: Table, constraint: Constraint) -> str:
    return f"CONSTRAINT {quote_ident(constraint.name)} ON {table_name(table)}"


def index_target(table: Table | MaterializedView, index: Index) -> str:
    return f"INDEX {qualify(table.schema_name, index.name)}"


def trigger_target(table: Table | View, trigger: Trigger) -> str:
    return f"TRIGGER {quote_ident(trigger.name)} ON {table_name(table)}"


def create_table(table: Table) -> list[Statement]:
    """The table with its constraints, indexes, triggers and comments."""
    statements = create_table_columns(table)
    for constraint in table.constraints.values():
        statements += add_constraint(table, constraint)
    for index in table.indexes.values():
        statements += create_index(table, index)
    for trigger in table.triggers.values():
        statements += create_trigger(table, trigger)
    return statements


def create_table_columns(table: Table, parent: Table | None = None) -> list[Statement]:
    """CREATE TABLE with the columns only, and the comments; what hangs off the table comes apart.

    `parent`, a new partition's partitioned table, tells which NOT NULL the partition sets for itself.
    """
    name = table_name(table)
    # Only the table's own columns: a partition's and a child's inherited ones come with the parent.
    columns = [column_definition(c) for c in table.columns.values() if c.local]
    columns += partitions.column_options(table, parent)
    create = partitions.create_table_sql(name, columns, table)
    if table.unlogged:
        create = create.replace("CREATE TABLE ", "CREATE UNLOGGED TABLE ", 1)
    options = ", ".join(f"{key}={quote_literal(value)}" for key, value in table.options.items())
    locks = [lock_on(Kind.CREATE_TABLE, table)]
    if table.partition_of is not None:  # a new partition locks its parent too
        locks.append(take(Kind.CREATE_TABLE, table.partition_of.schema_name, table.partition_of.name))
    statements = [stmt(create + (f" WITH ({options})" if options else ""), Phase.CREATE_TABLE, *locks)]
    if table.comment is not None:
        statements.append(comment_on(f"TABLE {name}", table.comment, table))
    for col in table.columns.values():
        if col.comment is not None and col.local:
            statements.append(comment_on(f"COLUMN {name}.{quote_ident(col.name)}", col.comment, table))
    return statements


def drop_table(table: Table) -> list[Statement]:
    return [stmt(f"DROP TABLE {table_name(table)}", Phase.DROP_TABLE, lock_on(Kind.DROP_TABLE, table))]


# Defaults PostgreSQL evaluates per row: ADD COLUMN with one rewrites the table (a constant one is only stored).
VOLATILE_DEFAULT = re.compile(r"\b(nextval|gen_random_uuid|random|clock_timestamp|uuid_generate_v\d)\s*\(")


def add_column_rewrites(col: Column) -> bool:
    """True when ADD COLUMN rewrites the table: an identity, a stored generated column or a volatile default."""
    return bool(col.identity or col.generated is not None or (col.default and VOLATILE_DEFAULT.search(col.default)))


def add_column(table: Table, col: Column) -> list[Statement]:
    name = table_name(table)
    kind = Kind.ADD_COLUMN_REWRITE if add_column_rewrites(col) else Kind.ADD_COLUMN
    statements = [
        stmt(f"ALTER TABLE {name} ADD COLUMN {column_definition(col)}", Phase.ADD_COLUMN, lock_on(kind, table))
    ]
    if col.comment is not None:
        statements.append(comment_on(f"COLUMN {name}.{quote_ident(col.name)}", col.comment, table))
    return statements


def drop_column(table: Table, col: Column) -> list[Statement]:
    sql = f"ALTER TABLE {table_name(table)} DROP COLUMN {quote_ident(col.name)}"
    return [stmt(sql, Phase.DROP_COLUMN, lock_on(Kind.DROP_COLUMN, table))]


def alter_column(
    table: Table,
    col: Column,
    before: Column,
    *,
    via_text: bool = False,
    rewrites: bool = True,
    not_null_online: bool = False,
    not_null_helper: Constraint | None = None,
) -> list[Statement]:
    """ALTER COLUMN clauses for what differs: type (with USING), default, NOT NULL, identity, expression, comment.

    `via_text` casts through text, for types with no cast between them (one enum to another).
    `rewrites`: False when the type change is binary coercible (the lock report says no rewrite).
    `not_null_online`: SET NOT NULL through a validated check (set_not_null_online) instead of a scan, from
    where the helper check an interrupted apply left (`not_null_helper`) got to.
    A new generation expression is not an ALTER (PostgreSQL 15 has none): the differ drops and adds the column.
    """
    name = table_name(table)
    column = quote_ident(col.name)
    prefix = f"ALTER TABLE {name} ALTER COLUMN {column}"
    statements: list[Statement] = []
    type_changes = col.type != before.type or col.collation != before.collation

    def alter(clause: str, phase: Phase, kind: Kind) -> None:
        statements.append(stmt(f"{prefix} {clause}", phase, lock_on(kind, table)))

    if before.identity and col.identity is None:
        alter("DROP IDENTITY", Phase.DROP_IDENTITY, Kind.ALTER_COLUMN)
    if before.generated is not None and col.generated is None:
        # The column keeps its values and becomes plain; DROP DEFAULT would refuse a generated column.
        alter("DROP EXPRESSION", Phase.ALTER_COLUMN, Kind.ALTER_COLUMN)
    default_changes = col.default != before.default
    # A default written for the old type may not cast to the new one: drop it first, set it after.
    if before.default is not None and (type_changes or (default_changes and col.default is None)):
        alter("DROP DEFAULT", Phase.ALTER_COLUMN, Kind.DROP_DEFAULT)
    if type_changes:
        cast = f"{column}::text::{col.type}" if via_text else f"{column}::{col.type}"
        if col.using is not None and col.type != before.type:
            cast = col.using  # the file's `using:`, validated as one expression (type_change_using.py)
        # Back to the type's own collation: COLLATE "default" (the database's) is what a plain column has.
        collate = collate_clause(col) or (' COLLATE "default"' if before.collation is not None else "")
        kind = Kind.ALTER_TYPE if rewrites else Kind.ALTER_TYPE_NO_REWRITE
        alter(f"TYPE {col.type}{collate} USING {cast}", Phase.ALTER_COLUMN, kind)
    if col.default is not None and (type_changes or default_changes):
        alter(f"SET DEFAULT {col.default}", Phase.ALTER_COLUMN, Kind.SET_DEFAULT)
    if col.not_null and not before.not_null:
        if not_null_online:
            statements += set_not_null_online(table, col, not_null_helper)
        else:
            alter("SET NOT NULL", Phase.ALTER_COLUMN, Kind.SET_NOT_NULL)
    elif before.not_null and not col.not_null:
        alter("DROP NOT NULL", Phase.ALTER_COLUMN, Kind.DROP_NOT_NULL)
    if col.identity and not before.identity:
        alter(f"ADD {identity_clause(col)}", Phase.ADD_IDENTITY, Kind.ALTER_COLUMN)
    elif col.identity and before.identity:
        if col.identity_options and before.identity_options and before.identity_sequence:
            sequence = qualify(table.schema_name, before.identity_sequence)
            statements += keep_in_range(sequence, col.identity_options, before.identity_options, Phase.ALTER_COLUMN)
        statements += _alter_identity(prefix, col, before, table)
    if (col.identity and not before.identity) or (before.identity and _uses_own_sequence(col)):
        statements.append(continue_numbering(table, col))
    if col.comment != before.comment:
        statements.append(comment_on(f"COLUMN {name}.{column}", col.comment, table))
    return statements


# The reserved name prefix of the helper check an online SET NOT NULL adds and drops (differ/not_null.py).
NOT_NULL_HELPER_PREFIX = "_reconcile_nn_"


def not_null_helper_name(column: str) -> str:
    """`_reconcile_nn_<column>`, or a digest of the column's name when that would pass 63 bytes."""
    name = NOT_NULL_HELPER_PREFIX + column
    if len(name.encode()) <= 63:
        return name
    return NOT_NULL_HELPER_PREFIX + hashlib.sha256(column.encode()).hexdigest()[:32]


def not_null_helper_definition(column: str) -> str:
    """The helper check as pg_get_constraintdef prints it (NOT VALID until validated)."""
    return f"CHECK (({quote_ident(column)} IS NOT NULL))"


def set_not_null_online(table: Table, col: Column, helper: Constraint | None = None) -> list[Statement]:
    """SET NOT NULL on a filled table without a scan under ACCESS EXCLUSIVE.

    In the transaction: ADD CONSTRAINT <helper> CHECK (col IS NOT NULL) NOT
    VALID (new rows are checked at once). After it: VALIDATE CONSTRAINT (scans
    under SHARE UPDATE EXCLUSIVE: reads and writes go on), then SET NOT NULL,
    which PostgreSQL 12+ accepts without a scan since the valid check proves
    it, then DROP CONSTRAINT <helper>. `helper`: the live helper an interrupted
    apply left (added; maybe valid already), so a re-run does only the rest.
    """
    name = table_name(table)
    helper_name = quote_ident(not_null_helper_name(col.name))
    statements = []
    if helper is None:
        sql = f"ALTER TABLE {name} ADD CONSTRAINT {helper_name} CHECK ({quote_ident(col.name)} IS NOT NULL) NOT VALID"
        statements.append(stmt(sql, Phase.ALTER_COLUMN, lock_on(Kind.ADD_CHECK_NOT_VALID, table)))
    if helper is None or helper.definition.endswith(" NOT VALID"):
        sql = f"ALTER TABLE {name} VALIDATE CONSTRAINT {helper_name}"
        statements.append(stmt(sql, Phase.ONLINE_VALIDATE, lock_on(Kind.VALIDATE_CONSTRAINT, table)))
    return [
        *statements,
        stmt(
            f"ALTER TABLE {name} ALTER COLUMN {quote_ident(col.name)} SET NOT NULL",
            Phase.ONLINE_SET_NOT_NULL,
            lock_on(Kind.SET_NOT_NULL_PROVEN, table),
        ),
        drop_not_null_helper(table, col.name, Phase.ONLINE_SET_NOT_NULL),
    ]


def drop_not_null_helper(table: Table, column: str, phase: Phase = Phase.DROP_CONSTRAINT) -> Statement:
    sql = f"ALTER TABLE {table_name(table)} DROP CONSTRAINT {quote_ident(not_null_helper_name(column))}"
    return stmt(sql, phase, lock_on(Kind.DROP_CONSTRAINT, table))


def _alter_identity(prefix: str, col: Column, before: Column, table: Table) -> list[Statement]:
    """SET GENERATED and SET <option> for what differs; the sequence's type follows the column's type."""
    clauses = []
    if col.identity != before.identity:
        clauses.append(f"SET GENERATED {str(col.identity).upper()}")
    want, have = col.identity_options, before.identity_options
    if want is not None and have is not None:
        if want.increment != have.increment:
            clauses.append(f"SET INCREMENT BY {want.increment}")
        if want.min_value != have.min_value:
            clauses.append(f"SET MINVALUE {want.min_value}")
        if want.max_value != have.max_value:
            clauses.append(f"SET MAXVALUE {want.max_value}")
        if want.start != have.start:
            clauses.append(f"SET START WITH {want.start}")
        if want.cache != have.cache:
            clauses.append(f"SET CACHE {want.cache}")
        if want.cycle != have.cycle:
            clauses.append("SET CYCLE" if want.cycle else "SET NO CYCLE")
        if must_restart(want, have):
            clauses.append("RESTART")
    return (
        [stmt(f"{prefix} {' '.join(clauses)}", Phase.ALTER_COLUMN, lock_on(Kind.ALTER_COLUMN, table))]
        if clauses
        else []
    )


def _uses_own_sequence(col: Column) -> bool:
    return col.default is not None and col.default.startswith("nextval(")


def continue_numbering(table: Table, col: Column) -> Statement:
    """Move a column's new sequence (identity, or serial replacing one) past the values the rows already hold.

    A new sequence starts at its START value; rows numbered before by the old
    sequence would collide with the next inserts. Only moves forward, only for
    ascending sequences, and never past the sequence's maximum.
    """
    name = table_name(table)
    sql = (
        f"SELECT setval(s.seqrelid, m.top) FROM pg_sequence s, (SELECT max({quote_ident(col.name)}) AS top "
        f"FROM {name}) m WHERE s.seqrelid = pg_get_serial_sequence({quote_literal(name)}, "
        f"{quote_literal(col.name)})::regclass AND s.seqincrement > 0 AND m.top >= s.seqstart AND m.top <= s.seqmax"
    )
    return stmt(sql, Phase.ADD_IDENTITY, lock_on(Kind.CONTINUE_NUMBERING, table))


# --- constraints, indexes, triggers ----------------------------------------------


def _add_constraint_kind(constraint: Constraint, *, not_valid: bool) -> Kind:
    not_valid = not_valid or constraint.definition.endswith(" NOT VALID")
    if constraint.kind == "foreign_key":
        return Kind.ADD_FOREIGN_KEY_NOT_VALID if not_valid else Kind.ADD_FOREIGN_KEY
    if constraint.kind == "check":
        return Kind.ADD_CHECK_NOT_VALID if not_valid else Kind.ADD_CHECK
    return Kind.ADD_UNIQUE


def referenced_table(table: Table, constraint: Constraint) -> tuple[str, str] | None:
    """(schema, table) a foreign key references, read from pg_get_constraintdef's `REFERENCES name(...)`.

    An unqualified name is one on the search path: the key's own schema is assumed (for the lock report only).
    """
    if constraint.kind != "foreign_key":
        return None
    try:
        found = tokens(constraint.definition)
    except FragmentError:
        return None
    words = [t for t in found if t.kind in ("word", "quoted", ".", "(")]
    start = next((i for i, t in enumerate(words) if t.kind == "word" and t.text.upper() == "REFERENCES"), None)
    if start is None:
        return None
    parts: list[str] = []
    for token in words[start + 1 :]:
        if token.kind == "(":
            break
        if token.kind in ("word", "quoted"):
            parts.append(token.text[1:-1].replace('""', '"') if token.kind == "quoted" else token.text.lower())
    if not parts:
        return None
    return (parts[-2], parts[-1]) if len(parts) >= 2 else (table.schema_name, parts[-1])


def constraint_locks(table: Table, constraint: Constraint, kind: Kind) -> list[TableLock]:
    """The lock on the table and, for a foreign key, on the table it references."""
    locks = [lock_on(kind, table)]
    target = referenced_table(table, constraint)
    if target is not None and target != (table.schema_name, table.name):
        locks += referenced(kind, *target)
    return locks


def add_constraint(table: Table, constraint: Constraint, *, not_valid: bool = False) -> list[Statement]:
    phase = Phase.ADD_FOREIGN_KEY if constraint.kind == "foreign_key" else Phase.ADD_CONSTRAINT
    clause = constraint.source or constraint.definition
    sql = f"ALTER TABLE {table_name(table)} ADD CONSTRAINT {quote_ident(constraint.name)} {clause}"
    sql += " NOT VALID" if not_valid else ""
    locks = constraint_locks(table, constraint, _add_constraint_kind(constraint, not_valid=not_valid))
    return [stmt(sql, phase, *locks), *comment_if_any(constraint_target(table, constraint), constraint.comment)]


def drop_constraint(table: Table, constraint: Constraint) -> list[Statement]:
    phase = Phase.DROP_FOREIGN_KEY if constraint.kind == "foreign_key" else Phase.DROP_CONSTRAINT
    sql = f"ALTER TABLE {table_name(table)} DROP CONSTRAINT {quote_ident(constraint.name)}"
    return [stmt(sql, phase, *constraint_locks(table, constraint, Kind.DROP_CONSTRAINT))]


def create_index(table: Table | MaterializedView, index: Index) -> list[Statement]:
    head = "CREATE UNIQUE INDEX" if index.unique else "CREATE INDEX"
    clause = index.source or f"USING {index.using}"
    sql = f"{head} {quote_ident(index.name)} ON {table_name(table)} {clause}"
    create = stmt(sql, Phase.CREATE_INDEX, lock_on(Kind.CREATE_INDEX, table))
    return [create, *comment_if_any(index_target(table, index), index.comment)]


def create_index_concurrently(table: Table, index: Index) -> list[Statement]:
    """CREATE INDEX CONCURRENTLY: writes go on while it builds (it cannot run inside a transaction)."""
    head = "CREATE UNIQUE INDEX CONCURRENTLY" if index.unique else "CREATE INDEX CONCURRENTLY"
    clause = index.source or f"USING {index.using}"
    sql = f"{head} {quote_ident(index.name)} ON {table_name(table)} {clause}"
    comments = comment_if_any(index_target(table, index), index.comment)
    after = [c.model_copy(update={"phase": int(Phase.ONLINE_AFTER_INDEX)}) for c in comments]
    return [stmt(sql, Phase.ONLINE_CREATE_INDEX, lock_on(Kind.CREATE_INDEX_CONCURRENTLY, table)), *after]


def add_constraint_not_valid(table: Table, constraint: Constraint) -> list[Statement]:
    """ADD CONSTRAINT ... NOT VALID (new rows are checked at once), then VALIDATE after the transaction.

    VALIDATE CONSTRAINT scans the table under SHARE UPDATE EXCLUSIVE, which
    lets reads and writes go on, where a validated ADD holds its stronger lock
    for the whole scan.
    """
    not_valid, *comments = add_constraint(table, constraint, not_valid=True)
    validate = f"ALTER TABLE {table_name(table)} VALIDATE CONSTRAINT {quote_ident(constraint.name)}"
    locks = constraint_locks(table, constraint, Kind.VALIDATE_CONSTRAINT)
    return [not_valid, *comments, stmt(validate, Phase.ONLINE_VALIDATE, *locks)]


def is_plain_unique(constraint: Constraint) -> bool:
    """UNIQUE (columns) and nothing more (no INCLUDE, NULLS NOT DISTINCT, DEFERRABLE...): buildable online."""
    columns = ", ".join(quote_ident(c) for c in constraint.columns)
    return constraint.kind == "unique" and constraint.definition == f"UNIQUE ({columns})"


def add_unique_concurrently(table: Table, constraint: Constraint) -> list[Statement]:
    """A plain UNIQUE (columns) constraint (is_plain_unique) as a concurrently built index, then ADD CONSTRAINT
    ... USING INDEX."""
    columns = ", ".join(quote_ident(c) for c in constraint.columns)
    name, table_sql = quote_ident(constraint.name), table_name(table)
    return [
        stmt(
            f"CREATE UNIQUE INDEX CONCURRENTLY {name} ON {table_sql} ({columns})",
            Phase.ONLINE_CREATE_INDEX,
            lock_on(Kind.CREATE_INDEX_CONCURRENTLY, table),
        ),
        stmt(
            f"ALTER TABLE {table_sql} ADD CONSTRAINT {name} UNIQUE USING INDEX {name}",
            Phase.ONLINE_AFTER_INDEX,
            lock_on(Kind.ADD_CONSTRAINT_USING_INDEX, table),
        ),
        *(
            c.model_copy(update={"phase": int(Phase.ONLINE_AFTER_INDEX)})
            for c in comment_if_any(constraint_target(table, constraint), constraint.comment)
        ),
    ]


def drop_index(table: Table | MaterializedView, index: Index) -> list[Statement]:
    sql = f"DROP INDEX {qualify(table.schema_name, index.name)}"
    return [stmt(sql, Phase.DROP_INDEX, lock_on(Kind.DROP_INDEX, table))]


def drop_index_concurrently(table: Table, index: Index) -> list[Statement]:
    """DROP INDEX CONCURRENTLY: waits for the table's open transactions instead of blocking its readers and writers.

    IF EXISTS: a column dropped in the transaction takes its indexes along.
    """
    sql = f"DROP INDEX CONCURRENTLY IF EXISTS {qualify(table.schema_name, index.name)}"
    return [stmt(sql, Phase.ONLINE_DROP_INDEX, lock_on(Kind.DROP_INDEX_CONCURRENTLY, table))]


def create_trigger(table: Table | View, trigger: Trigger) -> list[Statement]:
    clause = (trigger.source or f"{trigger.timing_events} ON {{table}} {trigger.body}").replace(
        "{table}", table_name(table)
    )
    create = "CREATE CONSTRAINT TRIGGER" if trigger.constraint else "CREATE TRIGGER"
    sql = f"{create} {quote_ident(trigger.name)} {clause}"
    created = stmt(sql, Phase.CREATE_TRIGGER, lock_on(Kind.CREATE_TRIGGER, table))
    return [created, *comment_if_any(trigger_target(table, trigger), trigger.comment)]


def drop_trigger(table: Table | View, trigger: Trigger) -> list[Statement]:
    sql = f"DROP TRIGGER {quote_ident(trigger.name)} ON {table_name(table)}"
    return [stmt(sql, Phase.DROP_TRIGGER, lock_on(Kind.DROP_TRIGGER, table))]


# --- views -----------------------------------------------------------------------


def with_options(options: dict[str, str]) -> str:
    """` WITH (name=value, ...)` of a view's options or a relation's storage parameters, or nothing."""
    if not options:
        return ""
    return " WITH (" + ", ".join(f"{name}={value}" for name, value in options.items()) + ")"


def create_view(view: View, *, replace: bool = False) -> list[Statement]:
    head = "CREATE OR REPLACE VIEW" if replace else "CREATE VIEW"
    name = qualify(view.schema_name, view.name)
    query = view.source or view.definition.rstrip(";")
    statements = [stmt(f"{head} {name}{with_options(view.options)} AS\n{query}", Phase.CREATE_VIEW)]
    if view.comment is not None:
        statements.append(comment_on(f"VIEW {name}", view.comment))
    return statements


def drop_view(view: View) -> list[Statement]:
    return [stmt(f"DROP VIEW {qualify(view.schema_name, view.name)}", Phase.DROP_VIEW)]
