"""Statement phases and the helpers every statement builder shares (pure string building).

The builders of each kind's SQL are the sibling modules ddl_schemas, ddl_enums,
ddl_sequences, ddl_routines, ddl_tables, ddl_constraints, ddl_indexes,
ddl_triggers, ddl_rules and ddl_views. Every value the model holds is already in
PostgreSQL's canonical spelling, so the statements just place those values;
they never reinterpret them.
Each statement carries a phase that orders it against statements of other
changes in the same database: drops first in reverse dependency order, then
creates in dependency order (schemas, extensions, types, sequences, functions,
tables, columns, constraints, foreign keys, indexes, views, triggers,
policies, rules, comments).
"""

from __future__ import annotations

from enum import IntEnum

from reconciler.changes import Statement, TableLock
from reconciler.postgres.identifiers import qualify, quote_ident, quote_literal
from reconciler.postgres.locks import Kind, take
from reconciler.postgres.model import MaterializedView, Table, View


class Phase(IntEnum):
    """Statement order within a database's transaction.

    Event triggers the plan changes are dropped and disabled before anything else, and created and enabled
    after everything else, so that the apply's own commands never fire them.

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
    # event_triggers.py: event triggers the plan drops, re-creates or changes are dropped or disabled first, and
    # created or enabled last (EVENT_TRIGGER), so nothing the apply runs fires one of them. Enum labels, committed
    # ahead of the transaction, and the online statements after it run outside that window.
    DROP_EVENT_TRIGGER = -8
    STEP_BEFORE = -6  # data steps `when: before` (steps.py), ahead of every schema change (renames too)
    RENAME = -5  # renames.py: first in the transaction; every other statement names objects by their new names
    DROP_IDENTITY = -1
    DISOWN_SEQUENCE = 0
    DROP_TRIGGER = 1
    DROP_POLICY = 1  # with the triggers: before what a policy's expressions read is dropped or altered
    DROP_RULE = 1  # likewise: before what a rule's condition and commands name is dropped or altered
    DROP_PUBLICATION = 1  # and tables leaving a publication (publications.py): before they or their columns go
    DROP_CAST = 1  # user_casts.py: before the function and the types a cast needs are dropped or replaced
    # access_methods.py: before its handler is dropped and before it is created again (a new handler); the graph
    # raises it past the statements moving its tables and materialized views away (SET ACCESS METHOD) or dropping them
    DROP_ACCESS_METHOD = 1
    # differ/extension_members.py: grants on the members of an extension the plan drops or moves, while they exist
    REVOKE_EXTENSION_MEMBER = 1
    DROP_SUBSCRIPTION = 1  # subscriptions.py: DISABLE, SET (slot_name = NONE), DROP; they need nothing of the file
    DROP_VIEW = 2
    DROP_FOREIGN_KEY = 3
    DROP_CONSTRAINT = 4
    DROP_INDEX = 5
    DROP_COLUMN = 6
    # A child's or partition's own default on a column its parent retypes and has no default of its own: dropped
    # before the parent's ALTER ... TYPE (which recurses to it and would have to cast it), set after it.
    DROP_OWN_DEFAULT = 6
    DROP_TABLE = 7
    DROP_FUNCTION_TO_REPLACE = 8
    DROP_USER_MAPPING = 10  # SQL/MED (foreign_data.py): after the foreign tables, mappings before their server,
    DROP_SERVER = 11  # servers before their wrapper, and all before the extension that brings the wrapper
    DROP_FOREIGN_DATA_WRAPPER = 12
    CREATE_SCHEMA = 20
    CREATE_EXTENSION = 21
    ENUM = 22
    SEQUENCE = 23
    LANGUAGE = 23  # languages.py: after the extensions bringing its handlers, before the functions written in it
    FUNCTION = 24
    FOREIGN_DATA_WRAPPER = 25  # after the extensions and functions naming handlers and validators
    SERVER = 26
    USER_MAPPING = 27  # before the tables: a foreign table needs its server
    CAST = 28  # CREATE CAST after its types and function (pg_depend raises it past a table's row type); before tables
    ACCESS_METHOD = 29  # access_methods.py: after its handler function, before the tables and views using it
    CREATE_TABLE = 30
    ADD_COLUMN = 31
    ALTER_COLUMN = 32
    SEQUENCE_OWNER = 33
    SET_OWN_DEFAULT = 33
    DROP_SEQUENCE = 34
    DROP_FUNCTION = 35
    DROP_ENUM = 36
    DROP_LANGUAGE = 36  # languages.py: after the functions written in it, before the extension of its handlers
    DROP_EXTENSION = 37
    ADD_IDENTITY = 38
    PARTITION_INDEX = 39  # a partition's named index for a parent index or key created next, which adopts it
    # A partition attached again to the same parent under other bounds is detached only now: the parent's column,
    # check and index changes before this reached it while attached; then ATTACH (ADD_CONSTRAINT) takes it back.
    DETACH_TO_REATTACH = 39
    ADD_CONSTRAINT = 40
    ADD_FOREIGN_KEY = 41
    CREATE_INDEX = 42
    TABLE_OPTIONS = 43
    CREATE_VIEW = 50
    CREATE_TRIGGER = 51
    CREATE_POLICY = 52  # after views and functions, which policy expressions may read
    CREATE_RULE = 53  # after every table, view and function a rule's commands may name; then ENABLE / DISABLE RULE
    PUBLICATION = 54  # CREATE PUBLICATION and tables joining one: after every table and column it names
    DROP_SCHEMA = 55  # last: everything in the schema was dropped before, each object as its own change
    SUBSCRIPTION = 56  # CREATE SUBSCRIPTION ... WITH (connect = false), ALTER SUBSCRIPTION (ENABLE after the rest)
    COMMENT = 60
    OWNER = 65  # ALTER ... OWNER TO: after every CREATE and ALTER, before the GRANTs (differ/owners.py)
    GRANT = 70
    COLUMN_GRANT = 71  # after table-level REVOKEs, which take column privileges along
    DEFAULT_PRIVILEGE = 72  # after every CREATE: new objects get the live default privileges (differ/privileges.py)
    STEP_AFTER = 90  # data steps `when: after` (steps.py): the last statements of the transaction
    EVENT_TRIGGER = 95  # CREATE and ENABLE EVENT TRIGGER after every other statement of the transaction
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


def alter_column_prefix(table: Table, column: str) -> str:
    """`ALTER TABLE schema.table ALTER COLUMN column`, for the action that follows."""
    return f"ALTER TABLE {table_name(table)} ALTER COLUMN {quote_ident(column)}"


def table_word(table: Table) -> str:
    """What CREATE, DROP and COMMENT ON call the table: FOREIGN TABLE or TABLE (ALTER TABLE takes both)."""
    return "TABLE" if table.foreign is None else "FOREIGN TABLE"


def comment_on(target: str, comment: str | None, table: Table | None = None) -> Statement:
    """COMMENT ON `target`; `table` when the target is a table or one of its columns (it is locked)."""
    value = "NULL" if comment is None else quote_literal(comment)
    locks = [] if table is None else [lock_on(Kind.COMMENT, table)]
    return stmt(f"COMMENT ON {target} IS {value}", Phase.COMMENT, *locks)


def comment_if_any(target: str, comment: str | None) -> list[Statement]:
    """COMMENT ON for a new object that carries a comment; nothing for one that does not."""
    return [] if comment is None else [comment_on(target, comment)]


def with_options(options: dict[str, str]) -> str:
    """` WITH (name=value, ...)` of a view's options or a relation's storage parameters, or nothing."""
    if not options:
        return ""
    return " WITH (" + ", ".join(f"{name}={value}" for name, value in options.items()) + ")"
