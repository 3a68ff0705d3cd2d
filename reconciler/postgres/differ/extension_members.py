"""GRANT / REVOKE on extension members (extension_members.py), around the extension's own changes.

A member's grants are compared with what the extension installed (pg_init_privs), grantee by grantee, as an
object's are. The changes run after the extension is created (ddl.Phase.GRANT): an extension the plan creates,
starts from its install-time privileges. An extension the plan drops takes its members' grants along; they are
revoked first, while the members still exist (ddl.Phase.REVOKE_EXTENSION_MEMBER), so the plan shows what goes.
So are those of an extension that moves to another schema, to be granted again on the members' new names.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reconciler.changes import Action, Statement
from reconciler.postgres import ddl
from reconciler.postgres.differ.privileges import REVOKES
from reconciler.postgres.model import ExtensionMemberPrivileges
from reconciler.postgres.privileges import acl_statements, describe

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
        statements: list[Statement] = []
        detail: list[str] = []
        entry = want or have
        assert entry is not None
        extension = entry.extension
        if have is not None and (extension not in desired_extensions or extension in moved):
            # Revoked while the members exist under their live names; the extension's drop or move comes after.
            revoked = have.model_copy(update={"grants": {}})
            statements, detail = _statements(revoked, have, have.target, ddl.Phase.REVOKE_EXTENSION_MEMBER)
            have = None
        if want is not None and (extension not in live_extensions or extension in moved):
            have = None  # created by this plan: it starts from its install-time privileges
        if want is None and have is not None:
            want = have.model_copy(update={"grants": {}})
        if want is not None and extension in desired_extensions:
            granted, more = _statements(want, have, want.target, ddl.Phase.GRANT)
            statements, detail = statements + granted, detail + more
        if not statements:
            continue
        hazards = [REVOKES] if any(s.sql.startswith("REVOKE") for s in statements) else []
        differ.add(
            f"extension.{extension}.member.{entry.member}.grants",
            "grant",
            Action.UPDATE,
            live.get(key),
            want,
            statements,
            hazards=hazards,
            detail=[*detail, "GRANT / REVOKE only: no data is changed"],
        )


def _statements(
    want: ExtensionMemberPrivileges, have: ExtensionMemberPrivileges | None, target: str, phase: ddl.Phase
) -> tuple[list[Statement], list[str]]:
    """GRANT and REVOKE statements taking the member from `have` (None: its install-time privileges) to `want`."""
    before = have.grants if have is not None else {}
    defaults = have.defaults if have is not None else want.defaults
    statements: list[Statement] = []
    detail: list[str] = []
    for grantee in [*want.grants, *(g for g in before if g not in want.grants)]:
        wanted = want.grants.get(grantee, defaults.get(grantee, {}))
        held = before.get(grantee, defaults.get(grantee, {}))
        if wanted == held:
            continue
        statements += [ddl.stmt(sql, phase) for sql in acl_statements(target, grantee, wanted, held, None)]
        detail.append(f"{grantee}: {describe(held)} -> {describe(wanted)}")
    return statements, detail
