"""ALTER ... OWNER TO changes (see owners.py for what is compared).

Only declared owners are compared (an object's own `owner:` or the file's
top-level one); an object with neither keeps whatever owner it has. An
object the plan creates, or drops and creates again, starts out owned by the
applying role, so its declared owner is given to it anew. Owner changes
run after every CREATE and before the GRANTs (ddl.Phase.OWNER): PostgreSQL
moves the old owner's own privileges to the new owner, and the grants are
planned from the ACL as that leaves it (differ/privileges.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reconciler.changes import Action, Hazard
from reconciler.postgres import ddl
from reconciler.postgres.model import Database, ObjectOwner
from reconciler.postgres.owners import describe, owner_sql

if TYPE_CHECKING:
    from reconciler.postgres.differ import _Differ

NEW_OWNER = Hazard(
    code="changes_owner",
    message="changes the owner: the new owner may drop or alter it and grant on it; the old one loses those "
    "rights (no data is changed)",
)


def diff_owners(differ: _Differ) -> None:
    """Add a change per object with a declared owner other than the one it has (or will have once created)."""
    created = differ.created()
    live = differ.live.owners
    for key, entry in differ.desired.owners.items():
        want = entry.owner
        had = live.get(key)
        have = None if key in created or had is None else had.owner
        if want == have:
            continue
        differ.add(
            f"{_address(entry, differ.desired)}.owner",
            "owner",
            Action.UPDATE,
            had,
            entry,
            [ddl.stmt(owner_sql(entry, want), ddl.Phase.OWNER)],
            hazards=[NEW_OWNER],
            detail=[f"owner: {describe(have)} -> {describe(want)}"],
        )


def _address(entry: ObjectOwner, desired: Database) -> str:
    """`schema.app`, `table.app.items`, `function.app.f(integer)`, `table.app.items.statistics.s1` (or
    `materialized_view.app.totals.statistics.s1`, as that view's own changes are addressed)."""
    from reconciler.postgres.differ.addresses import display_name

    if entry.word == "SCHEMA":
        return f"schema.{entry.name}"
    name = display_name(entry.schema_name, entry.name)
    if entry.word == "STATISTICS":
        on_matview = f"{entry.schema_name}.{entry.name}" in desired.materialized_views
        return f"{'materialized_view' if on_matview else 'table'}.{name}.statistics.{entry.member}"
    kind = entry.word.lower().replace(" ", "_")
    return f"{kind}.{name}" + (f"({entry.member})" if entry.member is not None else "")
