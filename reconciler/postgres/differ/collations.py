"""Collations: created and dropped as declared; any change but the comment drops and re-creates them
(PostgreSQL has no ALTER for a collation's locale, provider or determinism)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reconciler.postgres.collations import create_collation, drop_collation, target
from reconciler.postgres.dependencies import object_id
from reconciler.postgres.differ.recreated import diff_recreated
from reconciler.postgres.model import Collation

if TYPE_CHECKING:
    from reconciler.postgres.differ import _Differ


def collation_id(collation: Collation) -> str:
    return object_id("collation", collation.schema_name, collation.name)


def _address(collation: Collation) -> str:
    schema = collation.schema_name
    return f"collation.{collation.name if schema == 'public' else f'{schema}.{collation.name}'}"


def diff_collations(differ: _Differ) -> None:
    """Create, drop, and drop-and-create collations; columns using a re-created one are the user's to move."""
    diff_recreated(
        differ,
        "collation",
        differ.desired.collations,
        differ.live.collations,
        address=_address,
        ident=collation_id,
        create=create_collation,
        drop=drop_collation,
        comment_target=target,
    )
