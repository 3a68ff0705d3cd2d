"""Cluster roles: state/postgres/_roles.yaml, planned before every database (owners and grants name roles).

Roles are cluster-wide, so they live in one file of their own; the leading
underscore keeps it apart from database files, which may have any other name.
Only declared roles are read and changed. A role the file does not declare,
or no longer declares, is never dropped nor altered: removing a role from the
file hands it back to whoever manages it by hand (dropping a role needs its
objects reassigned in every database, which no single plan can see).

Attributes left out take CREATE ROLE's defaults and are compared, so drift
sees a role someone made SUPERUSER by hand. `superuser`, `replication` and
`bypassrls` are declarable but flagged as a hazard whenever a plan grants
them. `member_of`, when given, is the role's exact membership. A password is
only `${env:NAME}`: the plan carries a `${env:NAME|scram}` token, the SCRAM
verifier is computed on this side when applying (the plaintext never reaches
the server), and a live verifier is checked by deriving it again with its own
salt and iteration count.
"""

import datetime as dt
from typing import Any

import psycopg
from psycopg.rows import dict_row
from pydantic import BaseModel, ConfigDict, Field

from reconciler.changes import Action, Change, Hazard, Statement
from reconciler.errors import ApplyError, StateError
from reconciler.postgres import database_settings, role_references
from reconciler.postgres.connection import connect, run_statements, server_message
from reconciler.postgres.identifiers import quote_ident, quote_literal
from reconciler.postgres.role_references import RoleReference
from reconciler.postgres.roles_spec import ROLES_FILE, RoleSpec, RolesSpec, load_roles, roles_file
from reconciler.secrets import MASK, SecretRef, parse_reference, resolve_tokens
from reconciler.state.yaml_source import SourceMap

__all__ = ["ROLES_FILE", "RoleSpec", "RolesSpec", "load_roles", "roles_file"]

BACKEND = "postgres"
# The scope role changes are applied in: not a database (a database name cannot start with a bracket unquoted,
# and state files are refused that declare one).
ROLES_SCOPE = "(roles)"

# Statement order inside the roles transaction: every role exists before any membership names it.
CREATE, ALTER, GRANT, REVOKE = 1, 2, 3, 4

PRIVILEGED = Hazard(
    code="privileged_role",
    message="grants SUPERUSER, REPLICATION or BYPASSRLS: the role can read or change everything, "
    "bypassing privileges and row level security; review who asked for it",
)
LOSES_MEMBERSHIP = Hazard(
    code="revokes_membership", message="revokes role membership: the role loses what it inherited from it"
)


class Role(BaseModel):
    """A role as compared: the live one, or the declared one. Never holds a password or its verifier."""

    model_config = ConfigDict(extra="forbid")

    login: bool = False
    inherit: bool = True
    createdb: bool = False
    createrole: bool = False
    superuser: bool = False
    replication: bool = False
    bypassrls: bool = False
    connection_limit: int = -1
    valid_until: str | None = None
    member_of: dict[str, bool] | None = None
    # ALTER ROLE ... SET in every database, as PostgreSQL stores the text (database_settings.stored_forms); None:
    # not declared, not compared.
    settings: dict[str, str] | None = None


_FLAGS = ("login", "inherit", "createdb", "createrole", "superuser", "replication", "bypassrls")
_PRIVILEGED = ("superuser", "replication", "bypassrls")


def _declared(spec: RoleSpec, settings: dict[str, str] | None = None) -> Role:
    until = spec.valid_until
    if until is not None and until.tzinfo is None:
        until = until.replace(tzinfo=dt.UTC)
    return Role(
        **{flag: getattr(spec, flag) for flag in _FLAGS},
        connection_limit=spec.connection_limit,
        valid_until=until.astimezone(dt.UTC).isoformat() if until is not None else None,
        member_of=spec.memberships(),
        settings=settings,
    )


# --- the live cluster -------------------------------------------------------------------------------------

_ROLES_QUERY = """
SELECT r.rolname AS name, r.rolcanlogin AS login, r.rolinherit AS inherit, r.rolcreatedb AS createdb,
       r.rolcreaterole AS createrole, r.rolsuper AS superuser, r.rolreplication AS replication,
       r.rolbypassrls AS bypassrls, r.rolconnlimit AS connection_limit,
       CASE WHEN r.rolvaliduntil IS NULL OR r.rolvaliduntil = 'infinity' THEN NULL
            ELSE to_char(r.rolvaliduntil AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') END AS valid_until,
       (SELECT coalesce(json_object_agg(g.rolname, m.admin_option), '{}')
          FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid WHERE m.member = r.oid) AS member_of,
       (SELECT s.setconfig FROM pg_db_role_setting s WHERE s.setrole = r.oid AND s.setdatabase = 0) AS settings
FROM pg_roles r WHERE r.rolname = ANY(%(names)s)
"""
# Readable by superusers only: without it passwords are set when a role is created and never compared.
_PASSWORDS_QUERY = """
SELECT rolname AS name, rolpassword AS verifier FROM pg_authid
WHERE rolname = ANY(%(names)s) AND has_table_privilege('pg_authid', 'SELECT')
"""


class LiveRoles(BaseModel):
    roles: dict[str, Role] = Field(default_factory=dict)
    verifiers: dict[str, str | None] = Field(default_factory=dict, exclude=True)
    passwords_readable: bool = False


def inspect_roles(conn: psycopg.Connection[Any], names: list[str]) -> LiveRoles:
    """The named roles (declared ones and those they are members of), and their verifiers when readable."""
    live = LiveRoles()
    with conn.transaction(force_rollback=True), conn.cursor(row_factory=dict_row) as cur:
        cur.execute(_ROLES_QUERY, {"names": names})
        for r in cur.fetchall():
            until = r["valid_until"]
            live.roles[r["name"]] = Role(
                **{flag: r[flag] for flag in _FLAGS},
                connection_limit=r["connection_limit"],
                valid_until=f"{until}+00:00" if until else None,
                member_of=dict(r["member_of"]),
                settings=database_settings.entries(r["settings"]),
            )
        cur.execute("SELECT has_table_privilege('pg_authid', 'SELECT') AS readable")
        row = cur.fetchone()
        live.passwords_readable = bool(row and row["readable"])
        if live.passwords_readable:
            cur.execute(_PASSWORDS_QUERY, {"names": names})
            live.verifiers = {r["name"]: r["verifier"] for r in cur.fetchall()}
    return live


# --- the plan ---------------------------------------------------------------------------------------------


def plan_cluster(
    server: psycopg.Connection[Any], declared: tuple[RolesSpec, SourceMap] | None, in_databases: list[RoleReference]
) -> tuple[list[Change], list[str]]:
    """The roles file's changes and warnings, once every role the state files name is known to exist or be declared.

    `in_databases`: the roles the database files name (role_references.in_database). StateError naming
    file:line:field for each place that names a role that is neither.
    """
    spec = declared[0] if declared is not None else RolesSpec()
    named = list(in_databases)
    if declared is not None:
        named += references(*declared)
    if not named and declared is None:
        return [], []
    live: LiveRoles | None = None
    with server.transaction(force_rollback=True):
        existing = role_references.existing_roles(server, {ref.role for ref in named})
    if declared is not None:
        live = inspect_roles(server, names_to_inspect(spec))
    issues = role_references.undefined(named, set(spec.roles), existing)
    if issues:
        raise StateError(issues)
    if live is None or declared is None:
        return [], []
    return plan_roles(spec, live, _stored_settings(server, spec, declared[1]))


def _stored_settings(server: psycopg.Connection[Any], spec: RolesSpec, source: SourceMap) -> dict[str, dict[str, str]]:
    """Role -> its declared settings as PostgreSQL stores them: set as the connecting role's own, in a transaction
    rolled back (database_settings.stored_forms), so that names and values are checked as ALTER ROLE does."""
    found: dict[str, dict[str, str]] = {}
    declared = [(name, role.settings) for name, role in spec.roles.items() if role.settings]
    if not declared:
        return found
    with server.transaction(force_rollback=True):  # one for all: stored_forms resets the role's own first
        for name, settings in declared:

            def refuse(setting: str, message: str, role_name: str = name) -> StateError:
                return StateError([source.issue(("roles", role_name, "settings", setting), message)])

            found[name] = database_settings.stored_forms(server, dict(settings), refuse)
    return found


def plan_roles(
    spec: RolesSpec, live: LiveRoles, settings: dict[str, dict[str, str]] | None = None
) -> tuple[list[Change], list[str]]:
    """Changes that give every declared role its declared attributes, memberships and password; warnings."""
    changes: list[Change] = []
    warnings: list[str] = []
    if not live.passwords_readable and any(r.password for r in spec.roles.values()):
        warnings.append(
            "postgres roles: pg_authid is not readable by the connecting role, so passwords are set when a role "
            "is created and never compared"
        )
    for name, role_spec in spec.roles.items():
        stored = None if role_spec.settings is None else (settings or {}).get(name, {})
        change = _role_change(name, role_spec, _declared(role_spec, stored), live)
        if change is not None:
            changes.append(change)
    return changes, warnings


def _role_change(name: str, spec: RoleSpec, want: Role, live: LiveRoles) -> Change | None:
    have = live.roles.get(name)
    secret = SecretRef(str(parse_reference(spec.password)), "scram") if spec.password else None
    statements: list[Statement] = []
    detail: list[str] = []
    role = quote_ident(name)
    if have is None:
        statements.append(_stmt(f"CREATE ROLE {role} WITH {_options(want, None, secret)}", CREATE, secret))
        before: Role | None = None
    else:
        options = _options(want, have, None)
        detail += _attribute_lines(want, have)
        if options:
            statements.append(_stmt(f"ALTER ROLE {role} WITH {options}", ALTER))
        if secret is not None and live.passwords_readable and not secret.matches(live.verifiers.get(name)):
            statements.append(_stmt(f"ALTER ROLE {role} WITH PASSWORD {secret.token}", ALTER, secret))
            detail.append(f"password: {MASK} -> {secret.token}")
        before = have
    hazards: list[Hazard] = []
    if any(getattr(want, f) and not (have is not None and getattr(have, f)) for f in _PRIVILEGED):
        hazards.append(PRIVILEGED)
    if want.member_of is not None:  # every role it names exists or is declared (role_references, at plan time)
        held = have.member_of if have is not None and have.member_of is not None else {}
        for target, admin in want.member_of.items():
            if held.get(target) == admin:
                continue
            if target in held and held[target] and not admin:
                statements.append(_stmt(f"REVOKE ADMIN OPTION FOR {quote_ident(target)} FROM {role}", REVOKE))
            else:
                suffix = " WITH ADMIN OPTION" if admin else ""
                statements.append(_stmt(f"GRANT {quote_ident(target)} TO {role}{suffix}", GRANT))
            detail.append(f"member of {target}: {_membership(held.get(target))} -> {_membership(admin)}")
        for target in held:
            if target not in want.member_of:
                statements.append(_stmt(f"REVOKE {quote_ident(target)} FROM {role}", REVOKE))
                detail.append(f"member of {target}: {_membership(held[target])} -> no")
                hazards.append(LOSES_MEMBERSHIP)
    if want.settings is not None:
        current = (have.settings or {}) if have is not None else {}
        for setting, old, new in database_settings.changed(want.settings, current):
            statements.append(_stmt(database_settings.alter_sql(f"ROLE {role}", setting, new), ALTER))
            detail.append(f"setting {setting}: {old!r} -> {new!r}")
    if not statements:
        return None
    return Change(
        backend=BACKEND,
        scope=ROLES_SCOPE,
        address=f"{BACKEND}.{ROLES_SCOPE}.role.{name}",
        kind="role",
        action=Action.CREATE if have is None else Action.UPDATE,
        before=_shown(before, None),
        after=_shown(want, secret),
        hazards=list(dict.fromkeys(hazards)),
        statements=statements,
        detail=detail,
        sensitive=secret is not None,
    )


def _membership(admin: bool | None) -> str:
    return "no" if admin is None else "yes, with admin option" if admin else "yes"


def _shown(role: Role | None, secret: SecretRef | None) -> dict[str, Any] | None:
    """What the plan shows of a role: its attributes, and where its password comes from (never a value)."""
    if role is None:
        return None
    shown = role.model_dump()
    if secret is not None:
        shown["password"] = secret.token
    return shown


def _stmt(sql: str, phase: int, secret: SecretRef | None = None) -> Statement:
    return Statement(sql=sql, phase=phase, secrets=secret is not None)


def _options(want: Role, have: Role | None, secret: SecretRef | None) -> str:
    """CREATE / ALTER ROLE options: every one for a new role, the differing ones for an existing role."""
    words = []
    for flag in _FLAGS:
        if have is None or getattr(want, flag) != getattr(have, flag):
            words.append(("" if getattr(want, flag) else "NO") + flag.upper())
    if have is None or want.connection_limit != have.connection_limit:
        words.append(f"CONNECTION LIMIT {want.connection_limit}")
    if (have is None and want.valid_until is not None) or (have is not None and want.valid_until != have.valid_until):
        words.append(f"VALID UNTIL {quote_literal(want.valid_until or 'infinity')}")
    if secret is not None:
        words.append(f"PASSWORD {secret.token}")
    return " ".join(words)


def _attribute_lines(want: Role, have: Role) -> list[str]:
    fields = [*_FLAGS, "connection_limit", "valid_until"]
    return [
        f"{f}: {getattr(have, f)!r} -> {getattr(want, f)!r}" for f in fields if getattr(want, f) != getattr(have, f)
    ]


def references(spec: RolesSpec, source: SourceMap) -> list[RoleReference]:
    """Every role a `member_of` names, held to the rule of role_references: it exists or is declared."""
    return [
        RoleReference(member if isinstance(member, str) else member.role, source, ("roles", name, "member_of", index))
        for name, role in spec.roles.items()
        for index, member in enumerate(role.member_of or [])
    ]


def names_to_inspect(spec: RolesSpec) -> list[str]:
    """Declared roles and every role they name as a membership."""
    names = set(spec.roles)
    for role in spec.roles.values():
        names |= set((role.memberships() or {}).keys())
    return sorted(names)


# --- apply ------------------------------------------------------------------------------------------------


def apply_roles(url: str, changes: list[Change]) -> list[str]:
    """Run the role changes in one transaction on the server's maintenance database; the applied addresses.

    Secret tokens become SCRAM verifiers only here; an error that quotes one is masked.
    """
    ordered = sorted(
        ((s.phase, index, s, change) for index, change in enumerate(changes) for s in change.statements),
        key=lambda item: (item[0], item[1]),
    )
    revealed: list[str] = []
    with connect(url) as conn:
        try:
            with conn.transaction():
                for _, _, statement, change in ordered:
                    text = (
                        resolve_tokens(statement.sql, quote_literal, revealed) if statement.secrets else statement.sql
                    )
                    try:
                        run_statements(conn, [text])  # extended protocol: one command, whatever the text
                    except psycopg.Error as exc:
                        raise ApplyError(
                            f"postgres roles: {change.address} failed, nothing was applied: "
                            f"{server_message(exc, revealed)}\n  statement: {statement.sql}"
                        ) from None
        except psycopg.Error as exc:
            raise ApplyError(f"postgres roles: the transaction failed: {server_message(exc, revealed)}") from None
    return [c.address for c in changes]
