"""Who may do what: grants, default privileges, row level security and its policies."""

from collections.abc import Callable
from typing import Annotated, Literal

from pydantic import BeforeValidator, ConfigDict, Field, field_validator, model_validator

from reconciler.postgres.spec.common import Identifier, Strict
from reconciler.state.jsonschema import any_case, shorthand

# --- privileges (GRANT / REVOKE, ALTER DEFAULT PRIVILEGES) -------------------------------------------------

PRIVILEGE_NAMES = (
    "select",
    "insert",
    "update",
    "delete",
    "truncate",
    "references",
    "trigger",
    "usage",
    "create",
    "execute",
    "all",
)
_PRIVILEGE_ALIASES = {"all privileges": "all"}


def _privilege_name(value: object) -> object:
    if not isinstance(value, str):
        return value
    lowered = " ".join(value.lower().split())
    return _PRIVILEGE_ALIASES.get(lowered, lowered)


PrivilegeName = Annotated[
    Literal[
        "select", "insert", "update", "delete", "truncate", "references", "trigger", "usage", "create", "execute", "all"
    ],
    BeforeValidator(_privilege_name),
    Field(json_schema_extra=any_case(*PRIVILEGE_NAMES)),
]


class GrantSpec(Strict):
    """One grantee's privileges, some or all of them WITH GRANT OPTION (true: all; a list: those)."""

    privileges: list[PrivilegeName]
    with_grant_option: bool | list[PrivilegeName] = False

    @model_validator(mode="after")
    def _options_granted(self) -> "GrantSpec":
        if isinstance(self.with_grant_option, list):
            missing = [p for p in self.with_grant_option if p not in self.privileges]
            if missing:
                raise ValueError(f"with_grant_option names privileges not in privileges: {', '.join(missing)}")
        return self


# Grantee role -> its privileges on the object: a list of names, or a GrantSpec. `public` is PUBLIC; a grantee
# left out keeps its default (none, except the owner's own and PUBLIC's EXECUTE on functions, USAGE on types).
Grants = dict[Identifier, list[PrivilegeName] | GrantSpec]


def usage_only(objects: str) -> Callable[[Grants], Grants]:
    """A check that `grants:` names only USAGE (or `all`, which is it): the one privilege of `objects` (foreign-data
    wrappers and servers, languages)."""

    def check(grants: Grants) -> Grants:
        for grantee, value in grants.items():
            privileges = value.privileges if isinstance(value, GrantSpec) else value
            other = sorted({p for p in privileges if p not in ("usage", "all")})
            if other:
                raise ValueError(f"{grantee}: {objects} have only the usage privilege, not {other}")
        return grants

    return check


DefaultPrivilegeTarget = Literal["tables", "sequences", "functions", "types"]

# FOR ROLE role -> object kind -> grants: ALTER DEFAULT PRIVILEGES FOR ROLE role IN SCHEMA s GRANT ... ON kind.
DefaultPrivileges = dict[Identifier, dict[DefaultPrivilegeTarget, Grants]]

# Database-wide (no IN SCHEMA): schemas too. A grantee left out keeps its built-in default, which such a row
# replaces: `public: []` under functions is REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC, `<the role>: []` revokes the
# role's own privileges on what it creates.
DatabaseDefaultPrivilegeTarget = Literal["tables", "sequences", "functions", "types", "schemas"]
DatabaseDefaultPrivileges = dict[Identifier, dict[DatabaseDefaultPrivilegeTarget, Grants]]


class RowLevelSecuritySpec(Strict):
    """Row level security on a table: `true` is shorthand for `{enabled: true}`.

    `forced` applies the policies to the table's owner too (FORCE ROW LEVEL SECURITY).
    """

    model_config = ConfigDict(json_schema_extra=shorthand({"type": "boolean", "description": "enabled"}))

    enabled: bool = True
    forced: bool = False

    @model_validator(mode="before")
    @classmethod
    def _from_bool(cls, value: object) -> object:
        return {"enabled": value} if isinstance(value, bool) else value


# Role names CREATE POLICY ... TO reads as keywords, not as the names of roles.
POLICY_ROLE_KEYWORDS = ("public", "current_user", "session_user", "current_role")
PolicyCommand = Literal["all", "select", "insert", "update", "delete"]


class PolicySpec(Strict):
    """A row level security policy: which rows a command may see (`using`) and write (`with_check`)."""

    command: PolicyCommand = Field(
        default="all", json_schema_extra=any_case("all", "select", "insert", "update", "delete")
    )
    permissive: bool = Field(default=True, description="false: AS RESTRICTIVE.")
    roles: list[Identifier] = Field(
        default_factory=lambda: ["public"],
        min_length=1,
        description="Role names; public, current_user, session_user and current_role are the keywords.",
    )
    using: str | None = Field(default=None, min_length=1)
    with_check: str | None = Field(default=None, min_length=1)
    comment: str | None = None

    @field_validator("command", mode="before")
    @classmethod
    def _lower(cls, value: object) -> object:
        return value.lower() if isinstance(value, str) else value

    @field_validator("roles")
    @classmethod
    def _distinct_roles(cls, value: list[str]) -> list[str]:
        """Keywords in any case, as SQL reads them (`PUBLIC`); each role once."""
        value = [role.lower() if role.lower() in POLICY_ROLE_KEYWORDS else role for role in value]
        if len(set(value)) != len(value):
            raise ValueError("a role is listed twice")
        return value
