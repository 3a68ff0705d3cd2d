"""Aggregates: created and dropped as declared; any change but the comment drops and re-creates them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reconciler.postgres.aggregates import create_aggregate, drop_aggregate, target
from reconciler.postgres.dependencies import object_id
from reconciler.postgres.differ.recreated import diff_recreated
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
    diff_recreated(
        differ,
        "aggregate",
        differ.desired.aggregates,
        differ.live.aggregates,
        address=_address,
        ident=aggregate_id,
        create=create_aggregate,
        drop=drop_aggregate,
        comment_target=target,
    )
