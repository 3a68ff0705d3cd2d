"""Export the roles the exported databases name as state/postgres/_roles.yaml.

Which roles: those the exported files name (owners, grantees, default
privileges, policy roles), and the roles they are members of, transitively,
so that every `member_of` names a role that is declared or always exists.
Not every role of the cluster: a role no exported database names is someone
else's to manage (replication users, monitoring agents, a cloud provider's
administrative roles), and a roles file is exact about what it declares.
Never declared: PostgreSQL's own roles (`pg_*`), the bootstrap superuser and
the role export connects as; they always exist, and a plan that altered the
role it runs as could lock itself out. A membership in one of them is still
written in `member_of`.

Attributes are written where they differ from CREATE ROLE's defaults, read
by the planner's own query, so export -> plan is "No changes". `member_of` is
always written (`[]` included): the export declares memberships exactly, and
drift shows one granted by hand.

Passwords are never written. A SCRAM verifier cannot be turned back into the
password, so a `${env:NAME}` placeholder would be a claim nobody can check:
plan would need the variable set to the live password to show "No changes",
and an apply with any other value would change the password of a running
application. Left out, a password is neither compared nor set, which is the
honest reading of an export. The header names the roles that have one, with
the line to add to manage it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import psycopg

from reconciler.export_files import ExportedFile, env_name
from reconciler.postgres.database_settings import exported
from reconciler.postgres.role_references import names_in
from reconciler.postgres.roles import ROLES_FILE, LiveRoles, Role, RolesSpec, inspect_roles
from reconciler.postgres.spec.database import DatabaseSpec

_DEFAULTS = Role()
_ATTRIBUTES = (
    "login",
    "inherit",
    "createdb",
    "createrole",
    "superuser",
    "replication",
    "bypassrls",
    "connection_limit",
    "valid_until",
)
_ALWAYS_THERE = "SELECT (SELECT rolname FROM pg_roles WHERE oid = 10), current_user"


def export_roles(conn: psycopg.Connection[Any], databases: list[DatabaseSpec], where: str) -> ExportedFile | None:
    """The roles file for these exported databases; None when they name no role that needs declaring."""
    row = conn.execute(_ALWAYS_THERE).fetchone()
    always_there = {str(name) for name in row or ()}
    named = set().union(*(names_in(spec) for spec in databases)) if databases else set()
    live = _closure(conn, named, always_there)
    if not live.roles:
        return None
    data = {"roles": {name: _declaration(live.roles[name]) for name in sorted(live.roles)}}
    RolesSpec.model_validate(data)  # an export the format refuses should fail here, not at the next validate
    header = [
        f"{ROLES_FILE}: exported from {where} by reconcile export",
        "The roles the exported databases name, and the roles those are members of. Not declared: pg_* roles,",
        f"the bootstrap superuser and the role export connected as ({', '.join(sorted(always_there))}).",
        *_password_notes(live),
    ]
    return ExportedFile(path=Path("postgres") / ROLES_FILE, data=data, header=header)


def declarable(name: str, always_there: set[str]) -> bool:
    return not name.startswith("pg_") and name not in always_there


def _closure(conn: psycopg.Connection[Any], named: set[str], always_there: set[str]) -> LiveRoles:
    """The named roles that exist and every role they are members of, read as the planner reads them."""
    wanted = {name for name in named if declarable(name, always_there)}
    while True:
        found = inspect_roles(conn, sorted(wanted))
        members_of = {target for role in found.roles.values() for target in role.member_of or {}}
        more = {name for name in members_of if declarable(name, always_there)} - wanted
        if not more:
            return found
        wanted |= more


def _declaration(role: Role) -> dict[str, Any]:
    """What differs from CREATE ROLE's defaults, and the exact membership."""
    entry: dict[str, Any] = {}
    for attribute in _ATTRIBUTES:
        value = getattr(role, attribute)
        if value != getattr(_DEFAULTS, attribute):
            entry[attribute] = value.replace("+00:00", "Z") if attribute == "valid_until" else value
    memberships = sorted((role.member_of or {}).items())
    entry["member_of"] = [{"role": target, "admin": True} if admin else target for target, admin in memberships]
    if role.settings:  # declared, they are compared (none: left unmanaged)
        entry["settings"] = exported(role.settings)
    return entry


def _password_notes(live: LiveRoles) -> list[str]:
    if not live.passwords_readable:
        return [
            "Passwords: pg_authid is not readable by the exporting role, so which roles have one is unknown.",
            "None is declared; a password left out is neither compared nor set.",
        ]
    with_password = sorted(name for name, verifier in live.verifiers.items() if verifier)
    if not with_password:
        return []
    return [
        "Passwords are never exported, and a password left out is neither compared nor set. These roles have one;",
        "to manage it, add the line shown and set the variable before planning (apply then sets that password):",
        *(f"  {name}: password: ${{env:{env_name(name, 'password')}}}" for name in with_password),
    ]
