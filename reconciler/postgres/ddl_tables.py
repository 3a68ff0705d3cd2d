"""Statements for tables and their columns: create, drop, add, alter (identity, NOT NULL online).

Pure string building over catalog-model values, as ddl.py describes; Phase (ddl.py) orders them.
"""

from __future__ import annotations

import hashlib
import re

from reconciler.changes import Statement
from reconciler.postgres import access_methods, partitions
from reconciler.postgres.collations import collation_name_sql
from reconciler.postgres.ddl import Phase, comment_on, lock_on, stmt, table_name, table_word
from reconciler.postgres.ddl_constraints import add_constraint
from reconciler.postgres.ddl_indexes import create_index
from reconciler.postgres.ddl_sequences import keep_in_range, must_restart
from reconciler.postgres.ddl_triggers import create_trigger
from reconciler.postgres.foreign_data import alter_options, options_clause
from reconciler.postgres.identifiers import object_name, qualify, quote_ident, quote_literal
from reconciler.postgres.locks import Kind, take
from reconciler.postgres.model import Column, ColumnSettings, Constraint, SequenceOptions, Table
from reconciler.postgres.options_sql import options_to_set


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
    options = [f"SEQUENCE NAME {quote_ident(col.identity_sequence_name)}"] if col.identity_sequence_name else []
    options += [identity_options_sql(col.identity_options)] if col.identity_options else []
    return sql + (f" ({' '.join(options)})" if options else "")


def collate_clause(col: Column) -> str:
    """` COLLATE name` for a column with a collation other than its type's; nothing otherwise."""
    return "" if col.collation is None else f" COLLATE {collation_name_sql(col.collation)}"


def column_definition(col: Column) -> str:
    sql = f"{quote_ident(col.name)} {col.type}{options_clause(col.foreign_options)}{collate_clause(col)}"
    if col.identity:
        sql += f" {identity_clause(col)}"
    if col.generated is not None and not col.inherited:  # an inherited one comes from the parent
        sql += f" GENERATED ALWAYS AS ({col.generated_source or col.generated}) STORED"
    if col.default is not None:
        sql += f" DEFAULT {col.default}"
    if col.not_null:
        sql += " NOT NULL"
    return sql


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
    if table.foreign is not None:
        create = create.replace("CREATE TABLE ", "CREATE FOREIGN TABLE ", 1)
        options = ""
        create += f" SERVER {quote_ident(table.foreign.server)}{options_clause(table.foreign.options)}"
    elif table.partition_by is None:  # PostgreSQL 15 keeps no access method on a partitioned table
        create += access_methods.using(table.access_method)
    statements = [stmt(create + (f" WITH ({options})" if options else ""), Phase.CREATE_TABLE, *locks)]
    if table.comment is not None:
        statements.append(comment_on(f"{table_word(table)} {name}", table.comment, table))
    for col in table.columns.values():
        if col.comment is not None and col.local:
            statements.append(comment_on(f"COLUMN {name}.{quote_ident(col.name)}", col.comment, table))
        if col.local:
            statements += column_settings(table, col) + identity_sequence(table, col)
    return statements


def drop_table(table: Table) -> list[Statement]:
    sql = f"DROP {table_word(table)} {table_name(table)}"
    return [stmt(sql, Phase.DROP_TABLE, lock_on(Kind.DROP_TABLE, table))]


# Defaults PostgreSQL evaluates per row: ADD COLUMN with one rewrites the table (a constant one is only stored).
VOLATILE_DEFAULT = re.compile(r"\b(nextval|gen_random_uuid|random|clock_timestamp|uuid_generate_v\d)\s*\(")


def add_column_rewrites(col: Column) -> bool:
    """True when ADD COLUMN rewrites the table: an identity, a stored generated column or a volatile default."""
    return bool(col.identity or col.generated is not None or (col.default and VOLATILE_DEFAULT.search(col.default)))


def add_column(table: Table, col: Column) -> list[Statement]:
    name = table_name(table)
    # A foreign table has no rows of its own to rewrite.
    kind = Kind.ADD_COLUMN_REWRITE if add_column_rewrites(col) and table.foreign is None else Kind.ADD_COLUMN
    statements = [
        stmt(f"ALTER TABLE {name} ADD COLUMN {column_definition(col)}", Phase.ADD_COLUMN, lock_on(kind, table))
    ]
    if col.comment is not None:
        statements.append(comment_on(f"COLUMN {name}.{quote_ident(col.name)}", col.comment, table))
    return statements + column_settings(table, col) + identity_sequence(table, col)


def column_settings(table: Table, col: Column, before: Column | None = None) -> list[Statement]:
    """SET STORAGE, COMPRESSION, STATISTICS and SET / RESET (n_distinct ...) where `col` differs from `before`.

    A new column (`before` None) starts with its type's storage, no statistics target and no options.
    None of them rewrites the table; STATISTICS and the options take SHARE UPDATE EXCLUSIVE.
    """
    prefix = f"ALTER TABLE {table_name(table)} ALTER COLUMN {quote_ident(col.name)}"
    statements = [
        stmt(f"{prefix} {clause}", Phase.ALTER_COLUMN, lock_on(kind, table))
        for clause, kind in setting_clauses(col, before)
    ]
    # A new foreign table's column takes its options in CREATE / ADD COLUMN: only changes need ALTER ... OPTIONS.
    generic = alter_options(col.foreign_options, before.foreign_options) if before is not None else None
    if generic is not None:
        sql = f"ALTER FOREIGN TABLE {table_name(table)} ALTER COLUMN {quote_ident(col.name)} {generic}"
        statements.append(stmt(sql, Phase.ALTER_COLUMN, lock_on(Kind.TABLE_OPTIONS, table)))
    return statements


def setting_clauses(want: Column | ColumnSettings, have: Column | ColumnSettings | None) -> list[tuple[str, Kind]]:
    """SET STORAGE / COMPRESSION / STATISTICS / RESET / SET (...) clauses of ALTER COLUMN where `want` differs from
    `have`, each with the lock kind it takes on a table; a setting left out goes back to its default.

    `have` None is a new column: its type's storage, no statistics target, no options.
    """
    have = have or ColumnSettings()
    clauses = []
    if want.storage != have.storage:
        clauses.append((f"SET STORAGE {(want.storage or have.type_storage or 'extended').upper()}", Kind.ALTER_COLUMN))
    if want.compression != have.compression:  # DEFAULT: default_toast_compression again
        clauses.append((f"SET COMPRESSION {want.compression or 'DEFAULT'}", Kind.ALTER_COLUMN))
    if want.statistics != have.statistics:
        clauses.append((f"SET STATISTICS {-1 if want.statistics is None else want.statistics}", Kind.TABLE_OPTIONS))
    gone = [key for key in have.options if key not in want.options]
    if gone:
        clauses.append((f"RESET ({', '.join(gone)})", Kind.TABLE_OPTIONS))
    changed = options_to_set(want.options, have.options)  # all of them, in order, as pg_dump prints them
    if changed:
        clauses.append((f"SET ({', '.join(f'{key} = {value}' for key, value in changed.items())})", Kind.TABLE_OPTIONS))
    return clauses


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
    type_at = len(statements)
    if type_changes:
        cast = f"{column}::text::{col.type}" if via_text else f"{column}::{col.type}"
        if col.using is not None and col.type != before.type:
            cast = col.using  # the file's `using:`, validated as one expression (type_change_using.py)
        # Back to the type's own collation: COLLATE "default" (the database's) is what a plain column has.
        collate = collate_clause(col) or (' COLLATE "default"' if before.collation is not None else "")
        kind = Kind.ALTER_TYPE if rewrites else Kind.ALTER_TYPE_NO_REWRITE
        # A foreign table holds no rows to convert, and PostgreSQL takes USING only for plain tables; a generated
        # column takes none either ("cannot specify USING"): its values are computed again in the new type.
        using = "" if table.foreign is not None or col.generated is not None else f" USING {cast}"
        alter(f"TYPE {col.type}{collate}{using}", Phase.ALTER_COLUMN, kind)
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
        identity_at = len(statements)
        if col.identity_options and before.identity_options and before.identity_sequence:
            sequence = qualify(table.schema_name, before.identity_sequence)
            statements += keep_in_range(sequence, col.identity_options, before.identity_options, Phase.ALTER_COLUMN)
        statements += _alter_identity(prefix, col, before, table)
        wanted_name = col.identity_sequence_name or object_name(table.name, col.name, "seq")
        if before.identity_sequence is not None and wanted_name != before.identity_sequence:
            sequence = qualify(table.schema_name, before.identity_sequence)
            rename = f"ALTER SEQUENCE {sequence} RENAME TO {quote_ident(wanted_name)}"
            statements.append(stmt(rename, Phase.ALTER_COLUMN))  # the sequence alone is locked
        if type_changes and _narrows(col.identity_options, before.identity_options):
            # The new type's range first: the sequence takes the column's type, and refuses to while its
            # bounds lie outside it (MAXVALUE 5000000000 for integer).
            moved = statements[identity_at:]
            del statements[identity_at:]
            statements[type_at:type_at] = moved
    if (col.identity and not before.identity) or (before.identity and _uses_own_sequence(col)):
        statements.append(continue_numbering(table, col))
    if col.comment != before.comment:
        statements.append(comment_on(f"COLUMN {name}.{column}", col.comment, table))
    return statements + column_settings(table, col, before) + identity_sequence(table, col, before)


def identity_sequence(table: Table, col: Column, before: Column | None = None) -> list[Statement]:
    """The identity sequence's own settings that differ from a new one's, or from `before`'s: its persistence
    and its comment."""
    if not col.identity or col.identity_sequence is None:
        return []
    kept = before if before is not None and before.identity else None  # the live identity, when there is one
    if kept is not None:
        # alter_column renamed the live sequence to this name before, where it was another
        sequence = qualify(table.schema_name, col.identity_sequence_name or object_name(table.name, col.name, "seq"))
    else:
        sequence = qualify(table.schema_name, col.identity_sequence_name or col.identity_sequence)
    statements = []
    if col.identity_unlogged != (kept.identity_unlogged if kept else None):
        statements += identity_persistence(table, col, sequence)
    if col.identity_comment != (kept.identity_comment if kept else None):
        statements.append(comment_on(f"SEQUENCE {sequence}", col.identity_comment))
    return statements


def identity_persistence(table: Table, col: Column, sequence: str) -> list[Statement]:
    """ALTER SEQUENCE ... SET LOGGED / UNLOGGED where an identity sequence is not to follow its table.

    A new identity sequence, and one whose table changes persistence (ALTER TABLE ... SET LOGGED, in an
    earlier phase), takes the table's; this runs after both and names the sequence as the renames left it.
    """
    unlogged = table.unlogged if col.identity_unlogged is None else col.identity_unlogged
    sql = f"ALTER SEQUENCE {sequence} SET {'UNLOGGED' if unlogged else 'LOGGED'}"
    return [stmt(sql, Phase.TABLE_OPTIONS)]


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


def _narrows(want: SequenceOptions | None, have: SequenceOptions | None) -> bool:
    """True when an identity sequence's new bounds lie inside its old ones (a narrower type's)."""
    if want is None or have is None:
        return False
    return want.max_value < have.max_value or want.min_value > have.min_value


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
