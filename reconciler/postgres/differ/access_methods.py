"""Table access methods: created, dropped, and dropped and created again, since PostgreSQL has no ALTER ACCESS
METHOD; and a table's or materialized view's own access method changed with SET ACCESS METHOD.

A new handler drops the access method and creates it again in the plan's transaction, which PostgreSQL refuses
while a relation uses it (DROP ACCESS METHOD has only CASCADE, which would drop those relations): so while a
live table or materialized view uses it, the change is blocked, saying which relations to move to another access
method in an apply of their own first (moving them and back in one plan would rewrite them twice). Relations
the plan creates or moves onto it do so after it is created again. A
comment alone is COMMENT ON ACCESS METHOD. An access method the file leaves out is dropped (destructive: apply
needs --allow-destructive), after every relation the plan moves away from it; one still used by a relation the
plan keeps makes DROP fail, and the transaction roll back. The graph orders an access method after its handler
and before the relations using it, and its drop before the handler's (access_methods.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reconciler.changes import Action, Hazard, Statement
from reconciler.postgres import access_methods
from reconciler.postgres.differ.hazards import EXCLUSIVE_LOCK, REWRITE
from reconciler.postgres.model import AccessMethod, Database, MaterializedView, Table

if TYPE_CHECKING:
    from reconciler.postgres.differ import _Differ


def address(found: AccessMethod) -> str:
    return f"access_method.{found.name}"


def users(db: Database, name: str) -> list[str]:
    """`schema.name` of the tables and materialized views of `db` using the access method `name`."""
    relations: list[Table | MaterializedView] = [*db.tables.values(), *db.materialized_views.values()]
    return sorted(f"{r.schema_name}.{r.name}" for r in relations if r.access_method == name)


def drop_and_create(differ: _Differ, have: AccessMethod, want: AccessMethod) -> list[Statement]:
    obj = access_methods.method_id(want.name)
    drop = differ.tag(access_methods.drop(have), "drop", obj)
    return drop + differ.tag(access_methods.create(want), "create", obj)


def diff_access_methods(differ: _Differ) -> None:
    def update(want: AccessMethod, have: AccessMethod) -> None:
        if want.model_copy(update={"comment": have.comment}) == have:
            differ.comment_only(address(want), "access_method", want, have, access_methods.target(want))
            return
        using = users(differ.live, want.name)
        if using:
            blocked = (
                f"a new handler drops access method {want.name} and creates it again, which PostgreSQL refuses "
                f"while {', '.join(using)} use it: move them to another access method in an apply of their own first"
            )
            differ.add(address(want), "access_method", Action.REPLACE, have, want, [], blocked=blocked)
            return
        differ.replace(address(want), "access_method", want, have, drop_and_create(differ, have, want), [])

    differ.keyed(
        "access_method",
        differ.desired.access_methods,
        differ.live.access_methods,
        address,
        lambda m: differ.tag(access_methods.create(m), "create", access_methods.method_id(m.name)),
        lambda m: differ.tag(access_methods.drop(m), "drop", access_methods.method_id(m.name)),
        update,
    )


def relation_change(
    want: Table | MaterializedView, have: Table | MaterializedView
) -> tuple[list[Statement], list[Hazard]]:
    """ALTER ... SET ACCESS METHOD where the access method differs: it rewrites the relation under ACCESS EXCLUSIVE.

    A partitioned table never gets here: PostgreSQL 15 keeps none on it, and spec/tables.py refuses one.
    """
    if want.access_method == have.access_method:
        return [], []
    return [access_methods.set_access_method(want)], [REWRITE, EXCLUSIVE_LOCK]
