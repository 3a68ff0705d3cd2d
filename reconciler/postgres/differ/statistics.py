"""A table's extended statistics objects: created, dropped, re-created, or given a new target or comment."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reconciler.changes import Action, Statement
from reconciler.postgres import extended_statistics
from reconciler.postgres.dependencies import member_id
from reconciler.postgres.differ.addresses import _field_changes
from reconciler.postgres.differ.comments import comment_change
from reconciler.postgres.model import ExtendedStatistics, Table

if TYPE_CHECKING:
    from reconciler.postgres.differ import _Differ


def create(differ: _Differ, table: Table, statistics: ExtendedStatistics) -> list[Statement]:
    return differ.tag(
        extended_statistics.create(table, statistics), "create", member_id("statistics", table, statistics.name)
    )


def drop(differ: _Differ, table: Table, statistics: ExtendedStatistics) -> list[Statement]:
    return differ.tag(
        extended_statistics.drop(table, statistics), "drop", member_id("statistics", table, statistics.name)
    )


def diff_statistics(differ: _Differ, address: str, want: Table, have: Table) -> None:
    """Keyed by name; new kinds or columns re-create the object (PostgreSQL alters neither)."""

    def update(new: ExtendedStatistics, old: ExtendedStatistics) -> None:
        where = f"{address}.statistics.{new.name}"
        if (new.kinds, new.columns) != (old.kinds, old.columns):
            statements = drop(differ, want, old) + create(differ, want, new)
            differ.replace(where, "statistics", new, old, statements, [])
            return
        statements = extended_statistics.alter_target(want, new) if new.target != old.target else []
        statements += comment_change(extended_statistics.target(want, new), new.comment, old.comment)
        differ.add(where, "statistics", Action.UPDATE, old, new, statements, detail=_field_changes(old, new))

    differ.keyed(
        "statistics",
        want.statistics,
        have.statistics,
        lambda s: f"{address}.statistics.{s.name}",
        lambda s: create(differ, want, s),
        lambda s: drop(differ, want, s),
        update,
        ident=lambda s: member_id("statistics", want, s.name),
    )
