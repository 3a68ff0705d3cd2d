"""Statements for table constraints, with the locks they take on the table and the one a key references.

Pure string building over catalog-model values, as ddl.py describes; Phase (ddl.py) orders them.
"""

from __future__ import annotations

from reconciler.changes import Statement, TableLock
from reconciler.postgres.ddl import Phase, comment_if_any, lock_on, stmt, table_name
from reconciler.postgres.fragments import FragmentError, tokens
from reconciler.postgres.identifiers import qualify, quote_ident
from reconciler.postgres.locks import Kind, referenced
from reconciler.postgres.model import Constraint, Table


def constraint_target(table: Table, constraint: Constraint) -> str:
    return f"CONSTRAINT {quote_ident(constraint.name)} ON {table_name(table)}"


def with_index_options(definition: str, options: str | None) -> str:
    """A key's definition with its index's storage parameters, where pg_dump writes them: before DEFERRABLE."""
    if not options:
        return definition
    for suffix in (" DEFERRABLE INITIALLY DEFERRED", " DEFERRABLE"):
        if definition.endswith(suffix):
            return f"{definition.removesuffix(suffix)} WITH ({options}){suffix}"
    return f"{definition} WITH ({options})"


def index_target(table: Table, constraint: Constraint) -> str:
    """The index a key or exclusion constraint creates, named as its constraint, in the table's schema."""
    return f"INDEX {qualify(table.schema_name, constraint.name)}"


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
    only = "ONLY " if table.partition_by is not None and not constraint.index_valid else ""  # declared `only`
    sql = f"ALTER TABLE {only}{table_name(table)} ADD CONSTRAINT {quote_ident(constraint.name)} {clause}"
    sql += " NOT VALID" if not_valid else ""
    locks = constraint_locks(table, constraint, _add_constraint_kind(constraint, not_valid=not_valid))
    return [
        stmt(sql, phase, *locks),
        *comment_if_any(constraint_target(table, constraint), constraint.comment),
        *comment_if_any(index_target(table, constraint), constraint.index_comment),
    ]


def drop_constraint(table: Table, constraint: Constraint) -> list[Statement]:
    phase = Phase.DROP_FOREIGN_KEY if constraint.kind == "foreign_key" else Phase.DROP_CONSTRAINT
    sql = f"ALTER TABLE {table_name(table)} DROP CONSTRAINT {quote_ident(constraint.name)}"
    return [stmt(sql, phase, *constraint_locks(table, constraint, Kind.DROP_CONSTRAINT))]


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
            for c in [
                *comment_if_any(constraint_target(table, constraint), constraint.comment),
                *comment_if_any(index_target(table, constraint), constraint.index_comment),
            ]
        ),
    ]
