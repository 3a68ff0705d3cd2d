"""Users' casts: created, dropped, and dropped and created again, since PostgreSQL has no ALTER CAST.

A new function, method (WITH FUNCTION, WITHOUT FUNCTION, WITH INOUT) or context drops the cast and creates it
again in the plan's transaction; a comment alone is COMMENT ON CAST. A cast the file leaves out is dropped
(destructive). The graph orders a cast after the function and types it needs, and its drop before theirs; a cast
over a function or type the plan replaces is dropped and created again around it (differ/dependents.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reconciler.changes import Statement
from reconciler.postgres import user_casts
from reconciler.postgres.model import Cast

if TYPE_CHECKING:
    from reconciler.postgres.differ import _Differ


def address(found: Cast) -> str:
    return f"cast.({found.key})"


def drop_and_create(differ: _Differ, have: Cast, want: Cast) -> list[Statement]:
    obj = user_casts.cast_id(want)
    return differ.tag(user_casts.drop(have), "drop", obj) + differ.tag(user_casts.create(want), "create", obj)


def diff_casts(differ: _Differ) -> None:
    def update(want: Cast, have: Cast) -> None:
        if want.model_copy(update={"comment": have.comment}) == have:
            differ.comment_only(address(want), "cast", want, have, user_casts.target(want))
            return
        differ.replace(address(want), "cast", want, have, drop_and_create(differ, have, want), [])

    differ.keyed(
        "cast",
        differ.desired.user_casts,
        differ.live.user_casts,
        address,
        lambda c: differ.tag(user_casts.create(c), "create", user_casts.cast_id(c)),
        lambda c: differ.tag(user_casts.drop(c), "drop", user_casts.cast_id(c)),
        update,
    )
