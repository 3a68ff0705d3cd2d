"""Collations: created and dropped as declared; any change but the comment drops and re-creates them
(PostgreSQL has no ALTER for a collation's locale, provider or determinism)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reconciler.changes import Action
from reconciler.postgres.collations import create_collation, drop_collation, target
from reconciler.postgres.dependencies import object_id
from reconciler.postgres.differ.comments import comment_change, only_comment_differs
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
    from reconciler.postgres.differ import DEPENDENTS

    def update(want: Collation, have: Collation) -> None:
        if only_comment_differs(want, have):
            statements = comment_change(target(want), want.comment, have.comment)
            differ.add(_address(want), "collation", Action.UPDATE, have, want, statements)
            return
        statements = differ.tag(drop_collation(have), "drop", collation_id(have))
        statements += differ.tag(create_collation(want), "create", collation_id(want))
        differ.replace(_address(want), "collation", want, have, statements, [DEPENDENTS])

    differ.keyed(
        "collation",
        differ.desired.collations,
        differ.live.collations,
        _address,
        lambda c: differ.tag(create_collation(c), "create", collation_id(c)),
        lambda c: differ.tag(drop_collation(c), "drop", collation_id(c)),
        update,
        ident=collation_id,
    )
