"""Online changes: how a plan changes a table that already exists without blocking its writers.

A table created in the same apply is empty and nobody writes to it yet, so
everything about it runs in the apply's transaction. For a table that
already exists (with `online: true`, the default of a database file):

- a new index is built with CREATE INDEX CONCURRENTLY after the transaction
  commits: writes go on while it builds. A build that fails leaves an
  INVALID index, which the next plan shows and replaces;
- a new UNIQUE (columns) constraint is a unique index built the same way,
  then ADD CONSTRAINT ... USING INDEX (a brief lock, no scan);
- a new foreign key or check is added NOT VALID in the transaction (new rows
  are checked at once) and validated after it: VALIDATE CONSTRAINT scans
  under SHARE UPDATE EXCLUSIVE, which lets reads and writes go on.

What runs after the transaction is not rolled back when a later statement
fails; the executor says which of those statements ran, and a re-run plans
only what is left. Something another new object needs at once (the unique
index a new foreign key references) stays in the transaction, and so does
everything when the file says `online: false`.
"""

from __future__ import annotations

from functools import cached_property

from reconciler.changes import Change, Hazard, Statement
from reconciler.postgres import ddl, ddl_constraints
from reconciler.postgres.dependencies import DependencyGraph, member_id
from reconciler.postgres.model import Constraint, Database, Index, Table

OUTSIDE_TRANSACTION = Hazard(
    code="outside_transaction",
    message="runs after the transaction commits, one statement at a time, without blocking writes; "
    "not rolled back if a later step fails (a re-run finishes it)",
)


class Graphs:
    """Both sides' dependency graphs, each built once and only when first asked for: ordering, online rules and
    re-created dependents read them, and a plan that changes nothing needs neither (a tenth of a large no-op
    plan). It holds the two models only, so the differ that shares it with its online rules is no cycle."""

    def __init__(self, desired: Database, live: Database) -> None:
        self._models = desired, live

    @cached_property
    def desired(self) -> DependencyGraph:
        return DependencyGraph(self._models[0])

    @cached_property
    def live(self) -> DependencyGraph:
        return DependencyGraph(self._models[1])


class OnlineRules:
    """Which statements change one existing table online, for one database's plan."""

    def __init__(self, graphs: Graphs, enabled: bool) -> None:
        self.graphs = graphs
        self.enabled = enabled

    def _needed_at_once(self, obj: str) -> bool:
        """Another declared object needs `obj` (a foreign key on a unique index): it must exist in the transaction."""
        return bool(self.graphs.desired.needed_by.get(obj))

    def _applies(self, table: Table) -> bool:
        """PostgreSQL builds no index CONCURRENTLY on a partitioned table, nor adds a NOT VALID key to one;
        a partition's indexes and keys come from its parent. A foreign table holds no rows to scan."""
        return self.enabled and table.partition_by is None and table.partition_of is None and table.foreign is None

    def applies_to(self, table: Table) -> bool:
        """True when changes to existing `table` go online (differ/not_null.py asks this too)."""
        return self._applies(table)

    def builds_index_online(self, table: Table, index: Index) -> bool:
        """True to build `index` of an existing table CONCURRENTLY after the transaction."""
        return self._applies(table) and not self._needed_at_once(member_id("index", table, index.name))

    def adds_constraint_online(self, table: Table, constraint: Constraint) -> bool:
        """True to add `constraint` to an existing table online (add_constraint_online); False: as declared."""
        if not self._applies(table) or constraint.definition.endswith(" NOT VALID"):
            return False
        if constraint.kind in ("foreign_key", "check"):
            return True
        return ddl_constraints.is_plain_unique(constraint) and not self._needed_at_once(
            member_id("constraint", table, constraint.name)
        )


def add_constraint_online(table: Table, constraint: Constraint) -> list[Statement]:
    """The online statements of a constraint OnlineRules.adds_constraint_online accepts."""
    if constraint.kind in ("foreign_key", "check"):
        return ddl_constraints.add_constraint_not_valid(table, constraint)
    return ddl_constraints.add_unique_concurrently(table, constraint)


def misplaced(changes: list[Change], ordered: list[Change]) -> bool:
    """True when ordering pushed a statement of the transaction after the transaction.

    `dependencies.order` raises a statement's phase to that of what it must
    follow; a transactional statement that must follow an online one would
    land outside the transaction. The plan is then made again without online
    changes rather than run in a shape nobody reviewed.
    """
    inside = {
        (change.address, statement.sql)
        for change in changes
        for statement in change.statements
        if not ddl.outside_transaction(statement.phase)
    }
    return any(
        ddl.outside_transaction(statement.phase) and (change.address, statement.sql) in inside
        for change in ordered
        for statement in change.statements
    )
