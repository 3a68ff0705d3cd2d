"""A partition's clones of its parent's row triggers that fire otherwise than the trigger they come from.

PostgreSQL clones a partitioned table's row triggers into each partition
(pg_trigger.tgparentid), with the firing the parent's has at the time, and
ALTER TABLE ... ENABLE / DISABLE TRIGGER on a partitioned table sets the
clones under it too. A partition's own firing (`Table.clone_firing`, relative
to its parent's) is therefore set after its parent's, top down, and set again
wherever a statement above it (a trigger created or replaced, a firing
changed) or its own creation or attachment gave it the parent's.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from reconciler.changes import Action
from reconciler.postgres import ddl
from reconciler.postgres.dependencies import member_id
from reconciler.postgres.differ.addresses import display_name
from reconciler.postgres.firing import Firing, alter_sql
from reconciler.postgres.locks import Kind
from reconciler.postgres.model import Table, Trigger

if TYPE_CHECKING:
    from reconciler.postgres.differ import _Differ


def diff_clone_firing(differ: _Differ) -> None:
    """ALTER TABLE <partition> ENABLE / DISABLE TRIGGER wherever a clone would otherwise not fire as declared."""
    # Where no partition fires otherwise than its parent, on either side, every clone follows its parent's
    # statements and nothing is to be set (the common case: no walk).
    if not any(t.clone_firing for db in (differ.desired, differ.live) for t in db.tables.values()):
        return
    partitions: dict[str, list[str]] = defaultdict(list)
    for key, table in differ.desired.tables.items():
        if table.partition_of is not None:
            partitions[table.partition_of.key].append(key)
    for key, table in differ.desired.tables.items():
        if key not in partitions:
            continue
        have = differ.live.tables.get(key) if key not in differ.recreated else None
        for name, trigger in table.triggers.items():
            if not cloned(trigger):
                continue
            had = have.triggers.get(name) if have is not None else None
            live = had.enabled if had is not None else None
            reset = had is None or had.model_copy(update={"comment": trigger.comment}) != trigger
            _walk(differ, partitions, table, name, trigger.enabled, live, reset)


def cloned(trigger: Trigger) -> bool:
    """Whether PostgreSQL clones the trigger into partitions: a row trigger's."""
    return "FOR EACH ROW" in trigger.body.split(" EXECUTE ", 1)[0]


def _walk(
    differ: _Differ,
    partitions: dict[str, list[str]],
    parent: Table,
    name: str,
    parent_firing: Firing,
    parent_live: Firing | None,
    reset: bool,
) -> None:
    """Set each partition's clone of trigger `name` under `parent`, then theirs.

    `parent_firing` is what the parent's trigger (or clone) fires as once planned, `parent_live` what it
    fires as now (None: it has none yet), and `reset` whether a statement of the plan above the partitions
    sets their clones to the parent's firing.
    """
    for key in sorted(partitions.get(f"{parent.schema_name}.{parent.name}", [])):
        want = differ.desired.tables[key]
        have = differ.live.tables.get(key)
        kept = have is not None and key not in differ.recreated and have.partition_of == want.partition_of
        firing = want.clone_firing.get(name, parent_firing)
        live = have.clone_firing.get(name, parent_live) if have is not None and kept and parent_live else None
        now = parent_firing if reset or live is None else live
        if firing != now:
            sql = alter_sql(ddl.table_name(want), "TRIGGER", name, firing)
            statement = ddl.stmt(sql, ddl.Phase.CREATE_TRIGGER, ddl.lock_on(Kind.ENABLE_TRIGGER, want))
            ident = member_id("trigger", want, name)
            statements = differ.tag([statement], "alter", ident, needs=(member_id("trigger", parent, name),))
            address = f"table.{display_name(want.schema_name, want.name)}.trigger.{name}"
            detail = [f"its clone of the parent's trigger fires: {now} -> {firing}"]
            differ.add(address, "trigger", Action.UPDATE, None, None, statements, detail=detail)
        _walk(differ, partitions, want, name, firing, live, reset or firing != now)
