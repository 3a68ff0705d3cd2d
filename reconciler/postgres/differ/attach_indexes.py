"""A table attached as a partition keeps apart the local indexes the state keeps apart.

ATTACH PARTITION gives the new partition an index for each index of its
parent: it adopts an index the table already has with the same definition
(uniqueness, method, keys, INCLUDE, predicate; not the name) that is not
attached to another, and creates one only where none matches. `CREATE INDEX`
on the parent does the same with the indexes its partitions hold. A state can
still declare a partition with a local index of that definition kept apart
from the parent's (the partition was attached before the parent's index was
created, so PostgreSQL built a second index for the parent's): the inspector
leaves attached indexes out of a table's `indexes`, so every index a
declared partition lists is one of its own, attached to nothing.

Attaching the live table as it is would let PostgreSQL adopt such an index,
and the plan would never converge (the index would vanish into the parent's
and be declared missing). So the index is dropped before the ATTACH and
created again after it, and after the parent's index when the plan creates
that one too: ATTACH then builds the partition's index for the parent's, and
the local index comes back on its own. Only indexes the live table already
has with the declared definition are handled here; one it lacks or defines
otherwise is created by the index diff, after the ATTACH (CREATE_INDEX
follows ADD_CONSTRAINT).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reconciler.changes import Statement
from reconciler.postgres.ddl_indexes import create_index, drop_index
from reconciler.postgres.dependencies import member_id, object_id
from reconciler.postgres.model import Index, Table

if TYPE_CHECKING:
    from reconciler.postgres.differ import _Differ


Apart = list[tuple[Index, Index]]  # (the partition's local index, the parent's index ATTACH would adopt it for)


def _same_definition(one: Index, other: Index) -> bool:
    """What ATTACH PARTITION compares: uniqueness and the definition after USING (keys, INCLUDE, predicate).

    A partition has its parent's column names, so the text PostgreSQL prints is the same for a match.
    """
    return one.unique == other.unique and one.using == other.using


def kept_apart(differ: _Differ, want: Table, have: Table) -> Apart:
    """(local index, parent's index) for each live index of `have` ATTACH would adopt but `want` keeps apart."""
    if want.partition_of is None:
        return []
    parent = differ.desired.tables.get(want.partition_of.key)
    if parent is None:
        return []
    found: Apart = []
    for name, index in want.indexes.items():
        live = have.indexes.get(name)
        if live is None or not live.valid or not _same_definition(live, index):
            continue
        match = next((p for p in parent.indexes.values() if _same_definition(p, index)), None)
        if match is not None:
            found.append((index, match))
    return found


def set_apart(differ: _Differ, want: Table, pairs: Apart) -> tuple[list[Statement], list[Statement]]:
    """DROP INDEX before the ATTACH, and CREATE INDEX after it (and after the parent's index), in the transaction."""
    assert want.partition_of is not None
    drops: list[Statement] = []
    creates: list[Statement] = []
    for index, parent_index in pairs:
        ident = member_id("index", want, index.name)
        parent_of = want.partition_of
        parent_ident = object_id("index", parent_of.schema_name, parent_of.name, parent_index.name)
        drops += differ.tag(drop_index(want, index), "drop", ident)
        creates += differ.tag(create_index(want, index), "create", ident, needs=(parent_ident,))
    return drops, creates


def detail(want: Table, pairs: Apart) -> list[str]:
    """Why the plan drops and creates again an index the state does not change."""
    assert want.partition_of is not None
    return [
        f"index {index.name}: dropped before ATTACH PARTITION and created again after it, which would otherwise "
        f"adopt it as the partition's index of {want.partition_of.key}.{parent_index.name}; the state keeps it apart"
        for index, parent_index in pairs
    ]
