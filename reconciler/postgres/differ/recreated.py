"""Kinds PostgreSQL has no ALTER for (aggregates, collations): created and dropped as declared; a changed
comment is set in place, and any other change drops and re-creates the object, its dependents around it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, TypeVar

from pydantic import BaseModel

from reconciler.changes import Action, Statement
from reconciler.postgres.differ.comments import comment_change, only_comment_differs

if TYPE_CHECKING:
    from reconciler.postgres.differ import _Differ

ModelT = TypeVar("ModelT", bound=BaseModel)


def diff_recreated(
    differ: _Differ,
    kind: str,
    desired: Mapping[str, ModelT],
    live: Mapping[str, ModelT],
    *,
    address: Callable[[ModelT], str],
    ident: Callable[[ModelT], str],
    create: Callable[[ModelT], list[Statement]],
    drop: Callable[[ModelT], list[Statement]],
    comment_target: Callable[[ModelT], str],
    in_place: Callable[[ModelT, ModelT], list[Statement] | None] | None = None,
) -> None:
    """The plan's changes for one such kind: `comment_target` is what COMMENT ON names; `in_place`, where given,
    the statements of a change made in place instead of the comment alone (None: re-created)."""
    from reconciler.postgres.differ.hazards import DEPENDENTS

    def update(want: ModelT, have: ModelT) -> None:
        if in_place is not None and (statements := in_place(want, have)) is not None:
            differ.add(address(want), kind, Action.UPDATE, have, want, statements)
            return
        if only_comment_differs(want, have):
            comment, before = getattr(want, "comment", None), getattr(have, "comment", None)
            differ.add(
                address(want), kind, Action.UPDATE, have, want, comment_change(comment_target(want), comment, before)
            )
            return
        statements = differ.tag(drop(have), "drop", ident(have)) + differ.tag(create(want), "create", ident(want))
        differ.replace(address(want), kind, want, have, statements, [DEPENDENTS])

    differ.keyed(
        kind,
        desired,
        live,
        address,
        lambda obj: differ.tag(create(obj), "create", ident(obj)),
        lambda obj: differ.tag(drop(obj), "drop", ident(obj)),
        update,
        ident=ident,
    )
