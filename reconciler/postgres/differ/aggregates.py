"""Aggregates: created and dropped as declared; any change but the comment drops and re-creates them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reconciler.changes import Action
from reconciler.postgres.aggregates import create_aggregate, drop_aggregate, target
from reconciler.postgres.dependencies import object_id
from reconciler.postgres.differ.comments import comment_change, only_comment_differs
from reconciler.postgres.model import Aggregate

if TYPE_CHECKING:
    from reconciler.postgres.differ import _Differ


def aggregate_id(aggregate: Aggregate) -> str:
    """Aggregates live in the functions' namespace, and so in their graph ids."""
    return object_id("function", aggregate.schema_name, aggregate.name, aggregate.identity_arguments)


def _address(aggregate: Aggregate) -> str:
    schema, name = aggregate.schema_name, aggregate.name
    return f"aggregate.{name if schema == 'public' else f'{schema}.{name}'}({aggregate.identity_arguments})"


def diff_aggregates(differ: _Differ) -> None:
    """Create, drop, and drop-and-create aggregates (support functions come first: pg_depend orders them)."""
    from reconciler.postgres.differ import DEPENDENTS

    def update(want: Aggregate, have: Aggregate) -> None:
        if only_comment_differs(want, have):
            statements = comment_change(target(want), want.comment, have.comment)
            differ.add(_address(want), "aggregate", Action.UPDATE, have, want, statements)
            return
        statements = differ.tag(drop_aggregate(have), "drop", aggregate_id(have))
        statements += differ.tag(create_aggregate(want), "create", aggregate_id(want))
        differ.replace(_address(want), "aggregate", want, have, statements, [DEPENDENTS])

    differ.keyed(
        "aggregate",
        differ.desired.aggregates,
        differ.live.aggregates,
        _address,
        lambda a: differ.tag(create_aggregate(a), "create", aggregate_id(a)),
        lambda a: differ.tag(drop_aggregate(a), "drop", aggregate_id(a)),
        update,
        ident=aggregate_id,
    )
