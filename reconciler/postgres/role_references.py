"""The roles state files name (owners, grantees, policy roles, memberships): checked at plan time, stood in for.

A role a state file names must exist on the server or be declared in
state/postgres/_roles.yaml; otherwise the plan stops with an error naming
file:line:field for every such place, before anything runs. Every place is
held to the same rule: `owner:`, the grantees of `grants`, `type_grants`,
`sequence_grants` and `default_privileges` (and its FOR ROLE keys), a
policy's `roles`, the roles of a server's `user_mappings`, of a database's
`role_settings` and a role's `member_of` in the roles file. (A typo in a role
name would otherwise fail half way through an apply, or, for owners, only
when ALTER ... OWNER TO runs.)

A role that is declared but not created yet (the plan that creates it) is
still named by the database files: their grants and policies are created in
the normalizing transaction, which PostgreSQL refuses for a role it does not
know. That transaction stands in for such roles with a bare CREATE ROLE that
is rolled back with it, so the plan reads the same ACLs the apply will make.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any, ForwardRef, Literal, TypeVar, get_args, get_origin

import psycopg
from pydantic import BaseModel

from reconciler.errors import ReconcileError, StateIssue
from reconciler.postgres.identifiers import quote_ident
from reconciler.postgres.spec.access import POLICY_ROLE_KEYWORDS, PolicySpec
from reconciler.postgres.spec.database import DatabaseSpec
from reconciler.state.yaml_source import SourceMap

SourcePath = tuple[str | int, ...]
PUBLIC = "public"
# Fields whose value is a mapping grantee -> privileges (GRANT ... TO grantee).
_GRANTS = "grants"
# Fields whose value maps an object name to such a mapping.
_GRANTS_BY_OBJECT = ("type_grants", "sequence_grants", "member_grants")
_DEFAULT_PRIVILEGES = "default_privileges"
_USER_MAPPINGS = "user_mappings"  # a server's user mappings, by role (`public`: the mapping FOR PUBLIC)
_ROLE_SETTINGS = "role_settings"  # a database's settings of roles, by role


@dataclass(frozen=True)
class RoleReference:
    """One place a state file names a role: the role, the file's source map and the path of the value."""

    role: str
    source: SourceMap
    path: SourcePath

    def issue(self, message: str) -> StateIssue:
        return self.source.issue(self.path, message)


def in_database(spec: DatabaseSpec, source: SourceMap) -> list[RoleReference]:
    """Every role one database file names, in file order (PUBLIC and the policy keywords are no roles)."""
    return [RoleReference(role, source, path) for role, path in _walk(spec, ())]


# Values that hold no role and nothing that could: the walk does not descend into them.
_LEAVES = (str, int, float, bool, type(None))


# Fields that name roles themselves; every other field is only walked when its type can hold a model that does.
_ROLE_FIELDS = frozenset({"owner", _GRANTS, *_GRANTS_BY_OBJECT, _DEFAULT_PRIVILEGES, _USER_MAPPINGS, _ROLE_SETTINGS})
_holds_roles: dict[type[BaseModel], bool] = {}


def _model_holds_roles(model: type[BaseModel]) -> bool:
    """Whether a model, or one nested in it, has a field that names roles (a cycle counts as yes)."""
    if model not in _holds_roles:
        _holds_roles[model] = True  # while its fields are looked at
        _holds_roles[model] = issubclass(model, PolicySpec) or any(
            name in _ROLE_FIELDS or _type_holds_roles(info.annotation) for name, info in model.model_fields.items()
        )
    return _holds_roles[model]


def _type_holds_roles(annotation: Any) -> bool:
    """Whether a value of this type can hold a model that names roles: Any and unknown types can."""
    if annotation is Any or isinstance(annotation, (str, ForwardRef, TypeVar)):
        return True
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _model_holds_roles(annotation)
    origin = get_origin(annotation)
    if origin is Literal:
        return False
    if origin is Annotated:
        return _type_holds_roles(get_args(annotation)[0])
    return any(_type_holds_roles(arg) for arg in get_args(annotation) if arg is not Ellipsis)


@cache
def _fields(model: type[BaseModel]) -> tuple[tuple[str, str], ...]:
    """A model's (field name, key in the file) pairs that can lead to a role, worked out once per class: the walk
    visits ~100,000 models in a large file, most of whose fields hold plain values."""
    return tuple(
        (name, info.alias or name)
        for name, info in model.model_fields.items()
        if name in _ROLE_FIELDS or _type_holds_roles(info.annotation)
    )


def _walk(value: Any, path: SourcePath) -> list[tuple[str, SourcePath]]:
    """(role, path) pairs of a validated spec, found by field name so that every kind that has them is covered."""
    found: list[tuple[str, SourcePath]] = []
    _collect(value, path, found)
    return found


def _collect(value: Any, path: SourcePath, found: list[tuple[str, SourcePath]]) -> None:
    """Append the roles under `value` to `found`, in file order (one list, no generator per value: a large file
    has about a million values)."""
    if isinstance(value, BaseModel):
        policy = isinstance(value, PolicySpec)
        if isinstance(value, PolicySpec):
            for index, role in enumerate(value.roles):
                if role not in POLICY_ROLE_KEYWORDS:
                    found.append((role, (*path, "roles", index)))
        for name, key in _fields(type(value)):
            field_value = getattr(value, name)
            if not field_value:  # None, or an empty mapping or list (most columns' grants)
                continue
            if name == "owner" and isinstance(field_value, str):
                found.append((field_value, (*path, key)))
            elif isinstance(field_value, _LEAVES):
                continue
            elif name == _GRANTS and isinstance(field_value, dict):
                found.extend(_grantees(field_value, (*path, key)))
            elif name in _GRANTS_BY_OBJECT and isinstance(field_value, dict):
                for object_name, grants in field_value.items():
                    found.extend(_grantees(grants, (*path, key, object_name)))
            elif name == _DEFAULT_PRIVILEGES and isinstance(field_value, dict):
                for for_role, targets in field_value.items():
                    found.append((for_role, (*path, key, for_role)))
                    for target, grants in targets.items():
                        found.extend(_grantees(grants, (*path, key, for_role, target)))
            elif name == _USER_MAPPINGS and isinstance(field_value, dict):
                found.extend((role, (*path, key, role)) for role in field_value if role != PUBLIC)
            elif name == _ROLE_SETTINGS and isinstance(field_value, dict):
                found.extend((role, (*path, key, role)) for role in field_value)
            elif name != "roles" or not policy:
                _collect(field_value, (*path, key), found)
    elif isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(item, _LEAVES):
                _collect(item, (*path, key), found)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            if not isinstance(item, _LEAVES):
                _collect(item, (*path, index), found)


def _grantees(grants: dict[str, Any], path: SourcePath) -> Iterator[tuple[str, SourcePath]]:
    for grantee in grants:
        if grantee.lower() != PUBLIC:
            yield grantee, (*path, grantee)


def undefined(references: Iterable[RoleReference], declared: set[str], existing: set[str]) -> list[StateIssue]:
    """An issue for every place that names a role the server does not have and the roles file does not declare."""
    return [
        ref.issue(f"role {ref.role!r} does not exist on the server and is not declared in state/postgres/_roles.yaml")
        for ref in references
        if ref.role not in declared and ref.role not in existing
    ]


def existing_roles(conn: psycopg.Connection[Any], names: Iterable[str]) -> set[str]:
    """Which of `names` are roles of the server (pg_roles is readable by every role), in the caller's transaction."""
    wanted = sorted(set(names))
    if not wanted:
        return set()
    rows = conn.execute("SELECT rolname FROM pg_roles WHERE rolname = ANY(%s)", (wanted,)).fetchall()
    return {str(row[0]) for row in rows}


def stand_in(conn: psycopg.Connection[Any], names: Sequence[str]) -> None:
    """Inside the normalizing transaction: CREATE ROLE for each named role the server lacks (rolled back with it).

    Sorted, so that two databases planned at once wait for each other rather than deadlock.
    """
    missing = sorted(set(names) - existing_roles(conn, names))
    for name in missing:
        try:
            with conn.transaction():
                conn.execute(f"CREATE ROLE {quote_ident(name)} NOLOGIN".encode())
        except psycopg.Error as exc:
            raise ReconcileError(
                f"plan creates the grants and policies that name role {name!r}, which the server does not have yet, "
                f"inside a rolled-back transaction, and PostgreSQL refused a stand-in for the role there: "
                f"{exc.diag.message_primary}. Plan as a role with CREATEROLE, or apply the roles file first"
            ) from None


def names_in(spec: DatabaseSpec) -> set[str]:
    """The roles one database spec names (what `reconcile export` declares in the roles file)."""
    return {role for role, _ in _walk(spec, ())}
