"""A new partition whose own primary key or unique constraint backs its parent's unique index.

`CREATE UNIQUE INDEX i ON parent (a, b)` gives every partition an index of
its own, attached to `i`: one the partition already has with that definition
(its primary key's, a unique constraint's), or else a new one PostgreSQL
names. So a partition created before the parent's index, with `PRIMARY KEY
(a, b)`, ends up with its key's index attached; one created after gets a
second, generated index, and its key stays apart. The materializer creates
every table before any index, so a declared partition key always backs the
parent's index in the desired state.

`CREATE TABLE ... PARTITION OF` on a live parent that already has the index
would give the second kind. Here the partition is created as a plain table
with the parent's columns (`LIKE parent`, with defaults, CHECK constraints
and generated columns, as PARTITION OF copies them), given its key, and then
attached: ATTACH PARTITION adopts the key's index for the parent's, creates
the parent's other indexes, constraints and triggers on it, and makes its
columns and constraints inherited ones, as PARTITION OF would. It takes only
SHARE UPDATE EXCLUSIVE on the parent (PARTITION OF takes ACCESS EXCLUSIVE).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from reconciler.changes import Statement
from reconciler.postgres import access_methods, ddl
from reconciler.postgres.dependencies import member_id, object_id, table_id
from reconciler.postgres.differ import partition_indexes
from reconciler.postgres.identifiers import qualify, quote_ident
from reconciler.postgres.locks import Kind, take
from reconciler.postgres.model import Constraint, Database, Index, Table
from reconciler.postgres.partitions import own_not_null

if TYPE_CHECKING:
    from reconciler.postgres.differ import _Differ

_KEY = re.compile(r"^(?:PRIMARY KEY|UNIQUE) \((?P<columns>[^()]*)\)$")
_PLAIN_BTREE = re.compile(r"^btree \((?P<columns>[^()]*)\)$")


def _key_columns(definition: str) -> str | None:
    match = _KEY.match(definition)
    return match["columns"] if match else None


def backs_parent_index(table: Table, parent: Table | None, live: Database) -> bool:
    """True when a new partition's own key has the definition of a unique index its live parent already has.

    Only plain keys and plain btree indexes on columns are matched (no INCLUDE, predicate or expression):
    what PostgreSQL adopts for certain, and what its key's CREATE can reproduce.
    """
    if table.partition_of is None or parent is None or table.partition_by is not None:
        return False  # a partition that is itself partitioned keeps PARTITION OF ... PARTITION BY
    if table.unlogged or table.options:
        return False
    live_parent = live.tables.get(table.partition_of.key)
    if live_parent is None or live_parent.partition_by is None:
        return False
    own_keys = [c for c in table.constraints.values() if c.kind in ("primary_key", "unique")]
    keys = {_key_columns(c.definition) for c in own_keys} - {None}
    for index in live_parent.indexes.values():
        want = parent.indexes.get(index.name)
        match = _PLAIN_BTREE.match(index.using)
        if index.unique and want is not None and want.using == index.using and match and match["columns"] in keys:
            return True
    return False


def _named_for_live_parent(differ: _Differ, table: Table) -> list[tuple[str, Index | Constraint]]:
    """The indexes a new partition names (`index_names`) for indexes or keys its live parent keeps."""
    kept = partition_indexes.kept_parent_definitions(differ, table)
    return [
        (name, kept[p])
        for p, name in table.attached_indexes.items()
        if name is not None and p in kept and not partition_indexes.own(table, name)
    ]


def staged(differ: _Differ, table: Table, parent: Table | None, statements: list[Statement]) -> list[Statement]:
    """A new table's statements; for a partition whose key backs its parent's index, created apart and attached.

    `statements` are `_Differ.create_table`'s, the CREATE TABLE ... PARTITION OF first: it becomes CREATE
    TABLE (LIKE parent) and the partition's own NOT NULL, and ATTACH PARTITION follows the keys (before the
    partition's own indexes, which the parent's would otherwise adopt where they match).
    """
    named = _named_for_live_parent(differ, table) if parent is not None else []
    if parent is None or not (named or backs_parent_index(table, parent, differ.live)):
        return statements
    assert table.partition_of is not None and table.partition_bound is not None
    name = ddl.table_name(table)
    parent_name = qualify(table.partition_of.schema_name, table.partition_of.name)
    like = f"CREATE TABLE {name} (LIKE {parent_name} INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING GENERATED)"
    if table.partition_by is None:
        like += access_methods.using(table.access_method)
    create = [ddl.stmt(like, ddl.Phase.CREATE_TABLE, ddl.lock_on(Kind.CREATE_TABLE, table))]
    for column in own_not_null(table, parent):
        sql = f"ALTER TABLE {name} ALTER COLUMN {quote_ident(column)} SET NOT NULL"
        create.append(ddl.stmt(sql, ddl.Phase.CREATE_TABLE, ddl.lock_on(Kind.CREATE_TABLE, table)))
    target = differ.targets[id(statements[0])]
    differ.tag(create, target.operation, *target.objects, needs=target.needs)
    attach = ddl.stmt(
        f"ALTER TABLE {parent_name} ATTACH PARTITION {name} {table.partition_bound}",
        ddl.Phase.ADD_FOREIGN_KEY,
        take(Kind.ATTACH_PARTITION_PARENT, table.partition_of.schema_name, table.partition_of.name),
        ddl.lock_on(Kind.ATTACH_PARTITION, table),
    )
    parent_id = object_id("table", table.partition_of.schema_name, table.partition_of.name)
    adopted = [  # created before the ATTACH, which adopts them for the parent's
        ddl.stmt(
            partition_indexes.create_sql(table, name, definition),
            ddl.Phase.PARTITION_INDEX,
            ddl.lock_on(Kind.CREATE_INDEX, table),
        )
        for name, definition in named
    ]
    for statement, (name, _) in zip(adopted, named, strict=True):
        differ.tag([statement], "create", member_id("index", table, name), needs=(table_id(table),))
    return create + statements[1:] + adopted + differ.tag([attach], "alter", table_id(table), needs=(parent_id,))
