"""The lock each planned statement takes on each table, what it does to the rows, and the table's size.

A reviewer deciding whether a pull request can be applied at noon needs to
know, per statement: which lock on which table (does it block readers,
writers, or neither), whether it rewrites or scans the table, and how big the
table is. The ddl_* modules attach a `TableLock` of a statement kind to each statement
it builds (`take`); the rules below give each kind its lock mode and effect,
and `with_row_estimates` fills in the live table's pg_class.reltuples once the
plan is made. Nothing here parses SQL text.

The modes and what takes them are PostgreSQL's documented ones:
- https://www.postgresql.org/docs/15/explicit-locking.html (13.3.1, table-level
  locks: CREATE INDEX takes SHARE, CREATE INDEX CONCURRENTLY and VALIDATE take
  SHARE UPDATE EXCLUSIVE, CREATE TRIGGER and ADD FOREIGN KEY take SHARE ROW
  EXCLUSIVE, INSERT/UPDATE/DELETE take ROW EXCLUSIVE, DROP TABLE and most
  ALTER TABLE forms take ACCESS EXCLUSIVE);
- https://www.postgresql.org/docs/15/sql-altertable.html ("An ACCESS EXCLUSIVE
  lock is acquired unless explicitly noted"; the noted ones: VALIDATE
  CONSTRAINT and SET STATISTICS / attribute options / most storage parameters
  take SHARE UPDATE EXCLUSIVE, ADD FOREIGN KEY and CREATE TRIGGER take SHARE
  ROW EXCLUSIVE on the table and the referenced table; ATTACH PARTITION takes
  SHARE UPDATE EXCLUSIVE on the parent; SET NOT NULL skips its scan when a
  valid CHECK constraint proves no row is NULL);
- https://www.postgresql.org/docs/15/sql-dropindex.html (DROP INDEX takes
  ACCESS EXCLUSIVE on the table, CONCURRENTLY only SHARE UPDATE EXCLUSIVE);
- https://www.postgresql.org/docs/15/sql-createpolicy.html and
  sql-comment.html (CREATE POLICY: ACCESS EXCLUSIVE; COMMENT ON a table or
  column: SHARE UPDATE EXCLUSIVE); CREATE RULE, DROP RULE and ALTER TABLE
  ... ENABLE / DISABLE RULE take ACCESS EXCLUSIVE (checked in pg_locks).
tests/postgres/test_locks.py reads pg_locks while statements of several kinds
hold their locks, so this table is checked against the server, not only
against the documentation.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from reconciler.changes import Change, Hazard, Statement, TableLock
from reconciler.postgres.model import Database


class Level(StrEnum):
    """PostgreSQL's table lock modes, weakest first (explicit-locking.html, table 13.2)."""

    ACCESS_SHARE = "ACCESS SHARE"
    ROW_SHARE = "ROW SHARE"
    ROW_EXCLUSIVE = "ROW EXCLUSIVE"
    SHARE_UPDATE_EXCLUSIVE = "SHARE UPDATE EXCLUSIVE"
    SHARE = "SHARE"
    SHARE_ROW_EXCLUSIVE = "SHARE ROW EXCLUSIVE"
    EXCLUSIVE = "EXCLUSIVE"
    ACCESS_EXCLUSIVE = "ACCESS EXCLUSIVE"

    @property
    def rank(self) -> int:
        return list(Level).index(self)

    @property
    def blocks(self) -> str:
        """Whom holding this lock keeps waiting, in words (from the conflict table)."""
        if self is Level.ACCESS_EXCLUSIVE:
            return "blocks reads and writes"
        if self.rank >= Level.SHARE.rank:
            return "blocks writes"
        return "blocks neither reads nor writes"


class Effect(StrEnum):
    """What a statement does to the table's rows while it holds its lock."""

    REWRITE = "rewrite"  # copies every row into a new file
    SCAN = "scan"  # reads every row (validation, index build)
    NONE = "none"  # catalog only


class Kind(StrEnum):
    """What a statement does, the key of RULES."""

    CREATE_TABLE = "create_table"
    DROP_TABLE = "drop_table"
    ADD_COLUMN = "add_column"
    ADD_COLUMN_REWRITE = "add_column_rewrite"  # a volatile default, identity or stored generated column
    DROP_COLUMN = "drop_column"
    ALTER_TYPE = "alter_column_type"  # rewrites the table (and rebuilds its indexes)
    ALTER_TYPE_NO_REWRITE = "alter_column_type_binary_coercible"
    SET_DEFAULT = "set_default"
    DROP_DEFAULT = "drop_default"
    SET_NOT_NULL = "set_not_null"  # scans the table to check no row is NULL
    SET_NOT_NULL_PROVEN = "set_not_null_proven"  # a valid CHECK (col IS NOT NULL) proves it: no scan
    DROP_NOT_NULL = "drop_not_null"
    ALTER_COLUMN = "alter_column"  # identity, DROP EXPRESSION, collation-free options
    ADD_CHECK = "add_check"  # validated: scans
    ADD_CHECK_NOT_VALID = "add_check_not_valid"
    ADD_FOREIGN_KEY = "add_foreign_key"  # validated: scans
    ADD_FOREIGN_KEY_NOT_VALID = "add_foreign_key_not_valid"
    ADD_UNIQUE = "add_unique_or_primary_key"  # builds its index under ACCESS EXCLUSIVE
    ADD_CONSTRAINT_USING_INDEX = "add_constraint_using_index"
    VALIDATE_CONSTRAINT = "validate_constraint"
    DROP_CONSTRAINT = "drop_constraint"
    CREATE_INDEX = "create_index"
    CREATE_INDEX_CONCURRENTLY = "create_index_concurrently"
    DROP_INDEX = "drop_index"
    DROP_INDEX_CONCURRENTLY = "drop_index_concurrently"
    RENAME = "rename"
    CREATE_TRIGGER = "create_trigger"
    DROP_TRIGGER = "drop_trigger"
    ENABLE_TRIGGER = "enable_trigger"  # ALTER TABLE ... ENABLE / DISABLE TRIGGER
    STATISTICS = "statistics"  # CREATE / DROP STATISTICS
    COMMENT = "comment"
    CONTINUE_NUMBERING = "continue_numbering"  # SELECT max(col): reads the table
    POLICY = "policy"
    RULE = "rule"  # CREATE / DROP RULE, ALTER TABLE ... ENABLE / DISABLE RULE
    TABLE_OPTIONS = "table_options"  # fillfactor, autovacuum_*: SHARE UPDATE EXCLUSIVE
    TABLE_ALTER = "table_alter"  # RLS on/off, REPLICA IDENTITY, INHERIT / NO INHERIT and other forms
    SET_PERSISTENCE = "set_logged_or_unlogged"  # SET LOGGED / UNLOGGED copies the table
    SET_ACCESS_METHOD = "set_access_method"  # SET ACCESS METHOD copies the table into the new method's storage
    # ATTACH PARTITION: ACCESS EXCLUSIVE on the partition (its rows are scanned against the bound), SHARE UPDATE
    # EXCLUSIVE on the partitioned table (sql-altertable.html, ATTACH PARTITION; PostgreSQL 12+).
    ATTACH_PARTITION = "attach_partition"
    ATTACH_PARTITION_PARENT = "attach_partition_parent"
    DETACH_PARTITION = "detach_partition"  # without CONCURRENTLY: ACCESS EXCLUSIVE on both tables


@dataclass(frozen=True)
class Rule:
    level: Level
    effect: Effect


RULES: dict[Kind, Rule] = {
    Kind.CREATE_TABLE: Rule(Level.ACCESS_EXCLUSIVE, Effect.NONE),
    Kind.DROP_TABLE: Rule(Level.ACCESS_EXCLUSIVE, Effect.NONE),
    # PostgreSQL 11+ stores a non-volatile default in the catalog: no rewrite (sql-altertable.html, Notes).
    Kind.ADD_COLUMN: Rule(Level.ACCESS_EXCLUSIVE, Effect.NONE),
    Kind.ADD_COLUMN_REWRITE: Rule(Level.ACCESS_EXCLUSIVE, Effect.REWRITE),
    Kind.DROP_COLUMN: Rule(Level.ACCESS_EXCLUSIVE, Effect.NONE),
    Kind.ALTER_TYPE: Rule(Level.ACCESS_EXCLUSIVE, Effect.REWRITE),
    Kind.ALTER_TYPE_NO_REWRITE: Rule(Level.ACCESS_EXCLUSIVE, Effect.NONE),
    Kind.SET_DEFAULT: Rule(Level.ACCESS_EXCLUSIVE, Effect.NONE),
    Kind.DROP_DEFAULT: Rule(Level.ACCESS_EXCLUSIVE, Effect.NONE),
    Kind.SET_NOT_NULL: Rule(Level.ACCESS_EXCLUSIVE, Effect.SCAN),
    Kind.SET_NOT_NULL_PROVEN: Rule(Level.ACCESS_EXCLUSIVE, Effect.NONE),
    Kind.DROP_NOT_NULL: Rule(Level.ACCESS_EXCLUSIVE, Effect.NONE),
    Kind.ALTER_COLUMN: Rule(Level.ACCESS_EXCLUSIVE, Effect.NONE),
    Kind.ADD_CHECK: Rule(Level.ACCESS_EXCLUSIVE, Effect.SCAN),
    Kind.ADD_CHECK_NOT_VALID: Rule(Level.ACCESS_EXCLUSIVE, Effect.NONE),
    Kind.ADD_FOREIGN_KEY: Rule(Level.SHARE_ROW_EXCLUSIVE, Effect.SCAN),
    Kind.ADD_FOREIGN_KEY_NOT_VALID: Rule(Level.SHARE_ROW_EXCLUSIVE, Effect.NONE),
    Kind.ADD_UNIQUE: Rule(Level.ACCESS_EXCLUSIVE, Effect.SCAN),
    Kind.ADD_CONSTRAINT_USING_INDEX: Rule(Level.ACCESS_EXCLUSIVE, Effect.NONE),
    Kind.VALIDATE_CONSTRAINT: Rule(Level.SHARE_UPDATE_EXCLUSIVE, Effect.SCAN),
    Kind.DROP_CONSTRAINT: Rule(Level.ACCESS_EXCLUSIVE, Effect.NONE),
    Kind.CREATE_INDEX: Rule(Level.SHARE, Effect.SCAN),
    Kind.CREATE_INDEX_CONCURRENTLY: Rule(Level.SHARE_UPDATE_EXCLUSIVE, Effect.SCAN),
    Kind.DROP_INDEX: Rule(Level.ACCESS_EXCLUSIVE, Effect.NONE),
    Kind.DROP_INDEX_CONCURRENTLY: Rule(Level.SHARE_UPDATE_EXCLUSIVE, Effect.NONE),
    Kind.RENAME: Rule(Level.ACCESS_EXCLUSIVE, Effect.NONE),
    Kind.CREATE_TRIGGER: Rule(Level.SHARE_ROW_EXCLUSIVE, Effect.NONE),
    Kind.DROP_TRIGGER: Rule(Level.ACCESS_EXCLUSIVE, Effect.NONE),
    Kind.ENABLE_TRIGGER: Rule(Level.SHARE_ROW_EXCLUSIVE, Effect.NONE),
    Kind.STATISTICS: Rule(Level.SHARE_UPDATE_EXCLUSIVE, Effect.NONE),
    Kind.COMMENT: Rule(Level.SHARE_UPDATE_EXCLUSIVE, Effect.NONE),
    Kind.CONTINUE_NUMBERING: Rule(Level.ACCESS_SHARE, Effect.SCAN),
    Kind.POLICY: Rule(Level.ACCESS_EXCLUSIVE, Effect.NONE),
    Kind.RULE: Rule(Level.ACCESS_EXCLUSIVE, Effect.NONE),
    Kind.TABLE_OPTIONS: Rule(Level.SHARE_UPDATE_EXCLUSIVE, Effect.NONE),
    Kind.TABLE_ALTER: Rule(Level.ACCESS_EXCLUSIVE, Effect.NONE),
    Kind.SET_PERSISTENCE: Rule(Level.ACCESS_EXCLUSIVE, Effect.REWRITE),
    Kind.SET_ACCESS_METHOD: Rule(Level.ACCESS_EXCLUSIVE, Effect.REWRITE),
    Kind.ATTACH_PARTITION: Rule(Level.ACCESS_EXCLUSIVE, Effect.SCAN),
    Kind.ATTACH_PARTITION_PARENT: Rule(Level.SHARE_UPDATE_EXCLUSIVE, Effect.NONE),
    Kind.DETACH_PARTITION: Rule(Level.ACCESS_EXCLUSIVE, Effect.NONE),
}
# What a foreign key's statements take on the table it references (sql-altertable.html: ADD FOREIGN KEY takes
# SHARE ROW EXCLUSIVE on the referenced table too; VALIDATE of a foreign key only reads it, ROW SHARE).
REFERENCED: dict[Kind, Level] = {
    Kind.ADD_FOREIGN_KEY: Level.SHARE_ROW_EXCLUSIVE,
    Kind.ADD_FOREIGN_KEY_NOT_VALID: Level.SHARE_ROW_EXCLUSIVE,
    Kind.VALIDATE_CONSTRAINT: Level.ROW_SHARE,
    Kind.DROP_CONSTRAINT: Level.ACCESS_EXCLUSIVE,
}


def take(kind: Kind, schema: str, table: str) -> TableLock:
    """The lock a statement of `kind` takes on `schema.table`; rows are filled in by with_row_estimates."""
    rule = RULES[kind]
    return TableLock(table=f"{schema}.{table}", lock=rule.level.value, effect=rule.effect.value, kind=kind.value)


def referenced(kind: Kind, schema: str, table: str) -> list[TableLock]:
    """The lock a foreign key statement of `kind` takes on the table it references (none for other kinds)."""
    level = REFERENCED.get(kind)
    if level is None:
        return []
    return [TableLock(table=f"{schema}.{table}", lock=level.value, effect=Effect.NONE.value, kind=kind.value)]


def locking(statements: list[Statement], *locks: TableLock) -> list[Statement]:
    """The statements, each carrying `locks` (for statements built elsewhere than the ddl_* modules)."""
    return [s.model_copy(update={"locks": [*s.locks, *locks]}) for s in statements]


def with_row_estimates(changes: list[Change], live: Database) -> list[Change]:
    """Fill each lock with its live table's size (reltuples, or pages when the table was never analyzed), and
    name each lock that blocks writes to an existing table in a `blocking_lock` hazard of its change.

    A table the plan creates has no live row: it is empty (`new_table`).
    """
    for change in changes:
        if not any(s.locks for s in change.statements):
            continue
        change.statements = [
            s.model_copy(update={"locks": [_sized(lock, live) for lock in s.locks]}) if s.locks else s
            for s in change.statements
        ]
        change.hazards += blocking_hazards(change.statements)
    return changes


def blocking_hazards(statements: list[Statement]) -> list[Hazard]:
    """One hazard per existing table the change locks against writers: its strongest lock, longest hold, size.

    A change re-creating a table takes several locks on it; naming each would bury the one that matters.
    """
    strongest: dict[str, TableLock] = {}
    for statement in statements:
        for lock in statement.locks:
            if lock.rows_source == "new_table" or Level(lock.lock).rank < Level.SHARE.rank:
                continue
            held = strongest.get(lock.table)
            if held is None or _weight(lock) > _weight(held):
                strongest[lock.table] = lock
    hazards: list[Hazard] = []
    for lock in strongest.values():
        held_for = {"rewrite": "for the whole rewrite", "scan": "for the whole scan"}.get(lock.effect, "no scan")
        message = f"{lock.lock} on {lock.table}, {lock.rows_text()}, {held_for}: {Level(lock.lock).blocks}"
        hazards.append(Hazard(code="blocking_lock", message=message))
    return hazards


_EFFECT_WEIGHT = {"none": 0, "scan": 1, "rewrite": 2}


def _weight(lock: TableLock) -> tuple[int, int]:
    """Stronger level first, then the longer hold (a rewrite outlasts a scan)."""
    return Level(lock.lock).rank, _EFFECT_WEIGHT.get(lock.effect, 0)


def _sized(lock: TableLock, live: Database) -> TableLock:
    table = live.tables.get(lock.table)
    if table is None and lock.kind == Kind.SET_ACCESS_METHOD and lock.table in live.materialized_views:
        # A live materialized view rewritten in place: its size is not read, so it counts as big (lock_limit.py).
        # Its other locks (a re-created view's indexes) stay those of a new relation.
        return lock.model_copy(update={"rows_source": "unknown"})
    if table is None:
        return lock.model_copy(update={"rows_source": "new_table", "estimated_rows": 0})
    if table.estimated_rows is None or table.estimated_rows < 0:
        return lock.model_copy(update={"rows_source": "never_analyzed", "pages": table.pages})
    return lock.model_copy(
        update={"rows_source": "reltuples", "estimated_rows": int(table.estimated_rows), "pages": table.pages}
    )


def level_of(lock: TableLock) -> Level:
    return Level(lock.lock)
