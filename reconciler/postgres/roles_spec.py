"""The roles file, state/postgres/_roles.yaml: its format and its loading (roles.py plans and applies it).

Kept apart from roles.py so that `reconcile schema` and `validate` read the
format without the planner. The leading underscore keeps the file apart from
database files, which may have any other name.
"""

import datetime as dt
from pathlib import Path

from pydantic import Field, field_validator

from reconciler.errors import StateError, StateIssue
from reconciler.postgres.spec.common import Identifier, Strict
from reconciler.postgres.spec.settings import SettingName, SettingValue
from reconciler.secrets import parse_reference
from reconciler.state.validation import validate_document
from reconciler.state.yaml_source import SourceMap, display_path, load_yaml

ROLES_FILE = "_roles.yaml"
RESERVED_NAMES = {"public", "none", "current_user", "session_user", "current_role", "all"}


class Membership(Strict):
    role: Identifier
    admin: bool = Field(default=False, description="WITH ADMIN OPTION: the member may grant the role on.")


class RoleSpec(Strict):
    """One role: attributes left out are CREATE ROLE's defaults."""

    login: bool = False
    inherit: bool = True
    createdb: bool = False
    createrole: bool = False
    superuser: bool = Field(default=False, description="Hazard: flagged in every plan that grants it.")
    replication: bool = Field(default=False, description="Hazard: flagged in every plan that grants it.")
    bypassrls: bool = Field(default=False, description="Hazard: flagged in every plan that grants it.")
    connection_limit: int = Field(default=-1, ge=-1, le=2_147_483_647, description="-1: no limit.")
    valid_until: dt.datetime | None = Field(default=None, description="When the password stops working; none: never.")
    password: str | None = Field(
        default=None, description="Only ${env:NAME}; stored as SCRAM-SHA-256. Left out: never set nor compared."
    )
    member_of: list[Identifier | Membership] | None = Field(
        default=None, description="The roles it is a member of, exactly (left out: not managed)."
    )
    settings: dict[SettingName, SettingValue] | None = Field(
        default=None,
        description="ALTER ROLE ... SET: the parameters its sessions start with, in every database (statement_timeout: "
        "30s). Left out: not compared; declared, exactly these (others are RESET).",
    )

    @field_validator("password")
    @classmethod
    def _env_only(cls, value: str | None) -> str | None:
        if value is not None and parse_reference(value) is None:
            raise ValueError("a password is only ever ${env:NAME}: it never sits in a state file")
        return value

    def memberships(self) -> dict[str, bool] | None:
        """Role -> WITH ADMIN OPTION, or None when memberships are not managed."""
        if self.member_of is None:
            return None
        return {
            (m if isinstance(m, str) else m.role): (False if isinstance(m, str) else m.admin) for m in self.member_of
        }


class RolesSpec(Strict):
    """The whole of state/postgres/_roles.yaml."""

    roles: dict[Identifier, RoleSpec] = Field(default_factory=dict)


def roles_file(state_dir: Path) -> Path | None:
    path = state_dir / "postgres" / ROLES_FILE
    return path if path.is_file() else None


def load_roles(state_dir: Path) -> tuple[RolesSpec, SourceMap] | None:
    """The roles file, validated; StateError naming file, line and field for every problem."""
    path = roles_file(state_dir)
    if path is None:
        return None
    document = load_yaml(path, display_path(path, state_dir), nul_refused=True)
    spec = validate_document(RolesSpec, document)
    issues = list(_check_names(spec, document.source))
    if issues:
        raise StateError(issues)
    return spec, document.source


def _check_names(spec: RolesSpec, source: SourceMap) -> list[StateIssue]:
    issues = []
    for name, role in spec.roles.items():
        if name.lower() in RESERVED_NAMES or name.startswith("pg_"):
            issues.append(source.issue(("roles", name), f"{name!r} is reserved by PostgreSQL: choose another name"))
        for index, member in enumerate(role.member_of or []):
            target = member if isinstance(member, str) else member.role
            if target == name:
                issues.append(source.issue(("roles", name, "member_of", index), "a role cannot be a member of itself"))
            elif target.lower() in RESERVED_NAMES:
                issues.append(source.issue(("roles", name, "member_of", index), f"{target!r} is not a role"))
    return issues
