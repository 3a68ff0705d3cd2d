"""GRANT / REVOKE on extension members (extension_members.py), around the extension's own changes.

A member's grants are compared with what the extension installed (pg_init_privs), grantee by grantee, as an
object's are. The changes run after the extension is created (ddl.Phase.GRANT): an extension the plan creates,
starts from its install-time privileges. An extension the plan drops takes its members' grants along; they are
revoked first, while the members still exist (ddl.Phase.REVOKE_EXTENSION_MEMBER), so the plan shows what goes.
So are those of an extension that moves to another schema, to be granted again on the members' new names.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reconciler.changes import Statement
from reconciler.postgres import ddl
from reconciler.postgres.differ.privileges import acl_changes, add_grants_change

if TYPE_CHECKING:
    from reconciler.postgres.differ import _Differ


def diff_extension_members(differ: _Differ) -> None:
    """A change per member whose grants differ; grants on the members of a dropped extension are revoked first."""
    desired_extensions, live_extensions = differ.desired.extensions, differ.live.extensions
    # Grants on the members of an extension that moves are revoked before it moves, and granted after, on its
    # members' new names (one that cannot be relocated is dropped and created again: differ/extensions.py).
    moved = {
        name
        for name, declared in desired_extensions.items()
        if (had := live_extensions.get(name)) is not None and had.schema_name != declared.schema_name
    }
    desired, live = differ.desired.extension_member_privileges, differ.live.extension_member_privileges
    for key in [*desired, *(k for k in live if k not in desired)]:
        want, have = desired.get(key), live.get(key)
        entry = want or have
        assert entry is not None
        extension = entry.extension
        statements: list[Statement] = []
        detail: list[str] = []
        revokes = False
        if have is not None and (extension not in desired_extensions or extension in moved):
            # Revoked while the members exist under their live names; the extension's drop or move comes after,
            # and its members start again from their install-time privileges.
            statements, detail, revokes = acl_changes(
                have.target, {}, have.grants, have.defaults, ddl.Phase.REVOKE_EXTENSION_MEMBER
            )
            have = None
        if extension in desired_extensions and (want is not None or have is not None):
            # An extension the plan creates has no live entries: its members start from their install-time ones.
            target, defaults = (want or entry).target, (have or entry).defaults
            before = have.grants if have is not None else {}
            wanted = want.grants if want is not None else {}
            granted, more, loses = acl_changes(target, wanted, before, defaults, ddl.Phase.GRANT)
            statements, detail, revokes = statements + granted, detail + more, revokes or loses
        address = f"extension.{extension}.member.{entry.member}"
        add_grants_change(differ, address, live.get(key), want, statements, detail, revokes)
