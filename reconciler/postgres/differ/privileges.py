"""GRANT / REVOKE and ALTER DEFAULT PRIVILEGES changes (see privileges.py for how ACLs are compared).

Privileges change after every object is created or re-created (ddl.Phase.GRANT
and later): an object the plan creates, or drops and creates again (a view
whose columns change, a function whose result type does), starts from its
default ACL plus whatever the live default privileges of its schema give it,
so its declared privileges are granted anew. Changes to default privileges
run last, so objects this plan creates get the defaults the live database
had when the plan was made.

None of these changes touches data, but a REVOKE can cut a role off from
what it reads or runs: the plan says so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import BaseModel

from reconciler.changes import Action, Hazard, Statement
from reconciler.postgres import ddl
from reconciler.postgres.dependencies import object_id
from reconciler.postgres.identifiers import quote_ident
from reconciler.postgres.model import Acl, DefaultPrivileges, ObjectPrivileges
from reconciler.postgres.owners import INITDB_SCHEMA
from reconciler.postgres.privileges import (
    DEFAULT_PRIVILEGE_TARGET,
    acl_statements,
    default_acl_statements,
    default_key,
    describe,
    grantee_sql,
    parent_id,
    target_sql,
)

if TYPE_CHECKING:
    from reconciler.postgres.differ import _Differ

REVOKES = Hazard(
    code="revokes_privileges",
    message="revokes privileges: roles may lose access to what they use (no data is changed)",
)


def diff_privileges(differ: _Differ) -> None:
    """Add a change per object whose privileges differ, and per schema role whose default privileges do."""
    created = differ.created()
    live_defaults = differ.live.default_privileges
    new_owners = _owner_changes(differ)
    for key, want in differ.desired.privileges.items():
        have = differ.live.privileges.get(key)
        parent = parent_id(want)
        if key in created or (parent is not None and parent in created):
            have = None  # created by this plan: it starts from its default ACL
        elif have is None and want.kind == "column":
            have = want.model_copy(update={"grants": {}})  # a live column with no column privileges
        if have is not None and (change := new_owners.get(_owned(have))) is not None:
            have = after_owner_change(have, *change)
        before = have.grants if have is not None else _fresh(want, live_defaults)
        if have is None and key in created and want.kind == "schema" and want.name == INITDB_SCHEMA:
            # CREATE SCHEMA public gives its owner's privileges alone: no USAGE for PUBLIC, unlike initdb's
            # public (its default: queries/privileges.sql) that a new database copies from template1.
            before = {**before, "public": before.get("public", {})}
        if want.grants == before:
            continue
        _object_change(differ, want, have, before)
    for key, had in differ.live.privileges.items():
        # Column privileges only come with a column ACL: a live one the file leaves out is revoked.
        if key not in differ.desired.privileges and _column_kept(differ, had, created):
            _object_change(differ, had.model_copy(update={"grants": {}}), had, had.grants)
    for key, wanted_defaults in differ.desired.default_privileges.items():
        _default_change(differ, wanted_defaults, differ.live.default_privileges.get(key))
    for key, had_defaults in differ.live.default_privileges.items():
        # Database-wide rows are the file's whatever its schemas: one it leaves out goes back to the default.
        managed = had_defaults.schema_name is None or had_defaults.schema_name in differ.desired.schemas
        if key not in differ.desired.default_privileges and managed:
            _default_change(differ, None, had_defaults)


def _owned(entry: ObjectPrivileges) -> tuple[str, str, str | None]:
    """What owns the privileges' object, as owner entries name it: a column's table, a function with its arguments."""
    if entry.kind == "schema":
        return (entry.name, entry.name, None)
    return (entry.schema_name, entry.name, None if entry.kind == "column" else entry.member)


def _owner_changes(differ: _Differ) -> dict[tuple[str, str, str | None], tuple[str, str]]:
    """(old owner, new owner) of each live object whose declared owner the plan changes."""
    changes = {}
    for key, entry in differ.desired.owners.items():
        had = differ.live.owners.get(key)
        if had is not None and had.owner != entry.owner:
            name = (
                (entry.name, entry.name, None)
                if entry.word == "SCHEMA"
                else (entry.schema_name, entry.name, entry.member)
            )
            changes[name] = (had.owner, entry.owner)
    return changes


def after_owner_change(have: ObjectPrivileges, old: str, new: str) -> ObjectPrivileges:
    """The live privileges as ALTER ... OWNER TO leaves them, relative to the new owner's default ACL.

    PostgreSQL gives the new owner the old owner's entry (merged with whatever the new owner held):
    an old owner who had revoked its own privileges hands that state on, which the plan must then
    grant back if the new owner is to hold its default.
    """
    owner_default = have.defaults.get(old, {})
    old_state = have.grants.get(old, owner_default)
    new_state = have.grants.get(new, have.defaults.get(new, {}))
    merged = {p: old_state.get(p, False) or new_state.get(p, False) for p in {*old_state, *new_state}}
    grants = {grantee: held for grantee, held in have.grants.items() if grantee not in (old, new)}
    if merged != owner_default:
        grants[new] = merged
    defaults = {grantee: held for grantee, held in have.defaults.items() if grantee not in (old, new)}
    defaults[new] = owner_default
    return have.model_copy(update={"grants": grants, "defaults": defaults, "owner": new})


def _column_kept(differ: _Differ, had: ObjectPrivileges, created: set[str]) -> bool:
    """True for a live table or view column the plan keeps (neither dropped nor re-created with its relation).

    A view whose columns change is re-created (CREATE OR REPLACE VIEW only adds columns at the end), so a
    view the plan keeps keeps its columns; a materialized view is re-created for any new query.
    """
    if had.kind != "column" or parent_id(had) in created:
        return False
    if parent_id(had) == object_id("view", had.schema_name, had.name):
        return f"{had.schema_name}.{had.name}" in differ.desired.views
    if parent_id(had) == object_id("matview", had.schema_name, had.name):
        return f"{had.schema_name}.{had.name}" in differ.desired.materialized_views
    table = differ.desired.tables.get(f"{had.schema_name}.{had.name}")
    column_id = object_id("column", had.schema_name, had.name, had.member)
    return table is not None and had.member in table.columns and column_id not in created


def _fresh(want: ObjectPrivileges, live_defaults: dict[str, DefaultPrivileges]) -> Acl:
    """The privileges an object the plan creates will hold, relative to its default ACL.

    The creating role's (the owner the trial gave it) database-wide default
    privileges replace its built-in default, and its schema's add grants
    (as PostgreSQL's get_user_default_acl merges them); they are changed
    after every object is created, so the live ones are those in force.
    """
    on_type = DEFAULT_PRIVILEGE_TARGET.get(want.kind)
    if on_type is None:
        return {}
    database_wide = live_defaults.get(default_key(None, want.owner, on_type))
    entry = live_defaults.get(default_key(want.schema_name, want.owner, on_type)) if want.kind != "schema" else None
    if entry is None and database_wide is None:
        return {}
    effective = {grantee: dict(held) for grantee, held in want.defaults.items()}
    if database_wide is not None:
        effective.update({grantee: dict(held) for grantee, held in database_wide.grants.items()})
    for grantee, held in (entry.grants if entry is not None else {}).items():
        mine = effective.setdefault(grantee, {})
        for privilege, option in held.items():
            mine[privilege] = mine.get(privilege, False) or option
    return {grantee: held for grantee, held in effective.items() if held != want.defaults.get(grantee, {})}


def acl_changes(
    target: str, want: Acl, before: Acl, defaults: Acl, phase: ddl.Phase, column: str | None = None
) -> tuple[list[Statement], list[str], bool]:
    """GRANT and REVOKE statements taking `target` from `before` to `want`, a detail line per grantee, and whether
    a grantee loses a privilege (the revoke hazard).

    Both hold the grantees that differ from `defaults`; a grantee one leaves out holds its default. The grantees
    end in `want`'s order (pg_dump lists them in ACL order): see _out_of_order.
    """
    by_grantee: dict[str, list[str]] = {}
    changed: dict[str, tuple[dict[str, bool], dict[str, bool]]] = {}
    detail: list[str] = []
    # In the declared order: new grantees join the ACL in the order they are granted (pg_dump prints it).
    for grantee in [*want, *(g for g in before if g not in want)]:
        wanted = want.get(grantee, defaults.get(grantee, {}))
        held = before.get(grantee, defaults.get(grantee, {}))
        if wanted == held:
            continue
        by_grantee[grantee] = acl_statements(target, grantee, wanted, held, column)
        changed[grantee] = (held, wanted)
        detail.append(f"{grantee}: {describe(held)} -> {describe(wanted)}")
    if not by_grantee:
        return [], detail, False
    listed = [grantee for grantee, held in want.items() if held]  # one holding nothing has no ACL entry
    regranted = _out_of_order(listed, [*(g for g in defaults if g not in before), *before], changed)
    if any(option for grantee in regranted for option in before.get(grantee, {}).values()):
        regranted = []  # REVOKE ALL would meet the grants it made with its grant option: left in ACL order
    for grantee in regranted:
        by_grantee.pop(grantee, None)
        everything = f"ALL ({quote_ident(column)})" if column is not None else "ALL"
        by_grantee[grantee] = [f"REVOKE {everything} ON {target} FROM {grantee_sql(grantee)}"]
        by_grantee[grantee] += acl_statements(target, grantee, want[grantee], {}, column)
    if regranted:
        detail.append(f"granted again in the file's order (pg_dump lists grants so): {', '.join(regranted)}")
    statements = [ddl.stmt(sql, phase) for sqls in by_grantee.values() for sql in sqls]
    return statements, detail, any(_loses(held, wanted) for held, wanted in changed.values())


def _object_change(differ: _Differ, want: ObjectPrivileges, have: ObjectPrivileges | None, before: Acl) -> None:
    defaults = have.defaults if have is not None else want.defaults
    column = want.member if want.kind == "column" else None
    phase = ddl.Phase.COLUMN_GRANT if column is not None else ddl.Phase.GRANT
    statements, detail, revokes = acl_changes(target_sql(want), want.grants, before, defaults, phase, column)
    add_grants_change(differ, _address(want), have, want, statements, detail, revokes)


def add_grants_change(
    differ: _Differ,
    address: str,
    have: BaseModel | None,
    want: BaseModel | None,
    statements: list[Statement],
    detail: list[str],
    revokes: bool,
) -> None:
    """The `<address>.grants` change for acl_changes' statements, when there are any."""
    if not statements:
        return
    differ.add(
        f"{address}.grants",
        "grant",
        Action.UPDATE,
        have,
        want,
        statements,
        hazards=[REVOKES] if revokes else [],
        detail=[*detail, "GRANT / REVOKE only: no data is changed"],
    )


def _loses(held: dict[str, bool], wanted: dict[str, bool]) -> bool:
    """Whether a grantee loses a privilege or a grant option (and so may lose access to something)."""
    return any(p not in wanted or (option and not wanted[p]) for p, option in held.items())


def _out_of_order(
    declared: list[str], live: list[str], changed: dict[str, tuple[dict[str, bool], dict[str, bool]]]
) -> list[str]:
    """The declared grantees to grant again, in order, so that the ACL lists them as the file does.

    A grantee keeps its place in the ACL unless every privilege it holds is revoked; one granted anew joins at
    the end. `live` is the ACL's order before the change (grantees at their default first).
    """
    after = []
    for grantee in live:
        held, wanted = changed.get(grantee, (None, None))
        if held is not None and (not wanted or all(p not in wanted for p in held)):
            continue  # removed; granted again (at the end) when it is to hold something
        after.append(grantee)
    after += [g for g in changed if g not in after and changed[g][1]]
    order = [g for g in after if g in declared]
    for index, grantee in enumerate(declared):
        if index >= len(order) or order[index] != grantee:
            return declared[index:]
    return []


def _address(privileges: ObjectPrivileges) -> str:
    """`table.users`, `schema.app`, `function.f(integer)`, `table.users.column.email`."""
    from reconciler.postgres.differ.addresses import display_name

    if privileges.kind == "schema":
        return f"schema.{privileges.name}"
    name = display_name(privileges.schema_name, privileges.name)
    if privileges.kind == "column":
        return f"table.{name}.column.{privileges.member}"
    if privileges.kind in ("function", "procedure"):
        return f"{privileges.kind}.{name}({privileges.member or ''})"
    return f"{privileges.kind.replace(' ', '_')}.{name}"


def _default_change(differ: _Differ, want: DefaultPrivileges | None, have: DefaultPrivileges | None) -> None:
    entry = want or have
    assert entry is not None
    wanted_acl = want.grants if want is not None else {}
    held_acl = have.grants if have is not None else {}
    # A database-wide row lists the grantees that differ from the built-in default; the others hold it.
    defaults = (have or entry).defaults
    statements: list[Statement] = []
    detail: list[str] = []
    for grantee in [*wanted_acl, *(g for g in held_acl if g not in wanted_acl)]:
        wanted = wanted_acl.get(grantee, defaults.get(grantee, {}))
        held = held_acl.get(grantee, defaults.get(grantee, {}))
        if wanted == held:
            continue
        sqls = default_acl_statements(entry, grantee, wanted, held)
        statements += [ddl.stmt(sql, ddl.Phase.DEFAULT_PRIVILEGE) for sql in sqls]
        detail.append(f"{grantee}: {describe(held)} -> {describe(wanted)}")
    if not statements:
        return
    action = Action.CREATE if have is None else Action.DELETE if want is None else Action.UPDATE
    where = "" if entry.schema_name is None else f"schema.{entry.schema_name}."
    differ.add(
        f"{where}default_privileges.{entry.role}.{entry.on_type}",
        "default privilege",
        action,
        have,
        want,
        statements,
        detail=[*detail, "changes only what objects created later receive: no data is changed"],
    )
