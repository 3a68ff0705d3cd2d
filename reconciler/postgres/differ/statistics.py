"""A relation's extended statistics objects: created, dropped, re-created, or given a new target, comment or schema."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reconciler.changes import Action, Statement
from reconciler.postgres import extended_statistics
from reconciler.postgres.dependencies import member_id
from reconciler.postgres.differ.addresses import _field_changes
from reconciler.postgres.differ.comments import comment_change
from reconciler.postgres.extended_statistics import Relation
from reconciler.postgres.model import ExtendedStatistics

if TYPE_CHECKING:
    from reconciler.postgres.differ import _Differ


def create(differ: _Differ, relation: Relation, statistics: ExtendedStatistics) -> list[Statement]:
    return differ.tag(
        extended_statistics.create(relation, statistics), "create", member_id("statistics", relation, statistics.name)
    )


def create_all(differ: _Differ, relation: Relation) -> list[Statement]:
    statements: list[Statement] = []
    for statistics in relation.statistics.values():
        statements += create(differ, relation, statistics)
    return statements


def drop(differ: _Differ, relation: Relation, statistics: ExtendedStatistics) -> list[Statement]:
    return differ.tag(
        extended_statistics.drop(relation, statistics), "drop", member_id("statistics", relation, statistics.name)
    )


def diff_statistics(differ: _Differ, address: str, want: Relation, have: Relation) -> None:
    """Keyed by name; new kinds or columns re-create the object (PostgreSQL alters neither)."""

    def update(new: ExtendedStatistics, old: ExtendedStatistics) -> None:
        where = f"{address}.statistics.{new.name}"
        if (new.kinds, new.columns) != (old.kinds, old.columns):
            statements = drop(differ, want, old) + create(differ, want, new)
            differ.replace(where, "statistics", new, old, statements, [])
            return
        statements = []
        if new.other_schema != old.other_schema:
            statements += extended_statistics.set_schema(want, new, old)
        if new.target != old.target:
            statements += extended_statistics.alter_target(want, new)
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
