"""The file format of state/postgres/<database>.yaml.

These models describe what a person writes, in the spellings a person uses
(`varchar(255)`, `serial`, `now()`, column-level `unique: true`). They are
strict: an unknown key is an error. They are not compared with the live
database directly: `materialize` turns them into DDL, PostgreSQL normalizes
it inside a rolled-back transaction, and the inspector reads the result into
the same `model.Database` type the live side uses.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from reconciler.state.jsonschema import any_case, both, shorthand, with_property

IDENTIFIER_MAX = 63
_REFERENCE = re.compile(r"^\s*(?:(?P<schema>[^.()\s]+)\.)?(?P<table>[^.()\s]+)\s*\((?P<columns>[^()]+)\)\s*$")

_PARENT = re.compile(r"^\s*(?:(?P<schema>[^.()\s]+)\.)?(?P<table>[^.()\s]+)\s*$")

ReferentialAction = Literal["cascade", "restrict", "set null", "set default", "no action"]
# A storage parameter as WITH (...) names it: `fillfactor`, `autovacuum_enabled`, `toast.autovacuum_enabled`.
STORAGE_PARAMETER = r"^(toast\.)?[A-Za-z_][A-Za-z0-9_]*$"
StorageParameter = Annotated[str, Field(pattern=STORAGE_PARAMETER, max_length=IDENTIFIER_MAX)]
# A storage parameter's value as WITH (...) takes it: a number, a boolean or one bare word (`off`).
StorageValue = bool | int | float | Annotated[str, Field(pattern=r"^[A-Za-z0-9_.+-]+$", max_length=IDENTIFIER_MAX)]


def _named_if_commented(name: str | None, comment: str | None) -> None:
    """COMMENT ON CONSTRAINT needs the constraint's name: a commented constraint declares it."""
    if comment is not None and name is None:
        raise ValueError("a constraint with a comment needs a name")


def _check_identifier(name: str) -> str:
    if not name:
        raise ValueError("names must not be empty")
    if len(name.encode()) > IDENTIFIER_MAX:
        raise ValueError(f"{name!r} is longer than PostgreSQL's {IDENTIFIER_MAX}-byte identifier limit")
    return name


# PostgreSQL truncates longer names with only a NOTICE: the plan would name an object that never exists.
Identifier = Annotated[str, Field(min_length=1), AfterValidator(_check_identifier)]
# The role that owns an object (ALTER ... OWNER TO); left out: the file's top-level owner, and with neither the
# owner is not compared (README "Owners").
Owner = Annotated[
    Identifier | None,
    Field(
        description="The role that owns it (ALTER ... OWNER TO). Left out: the file's top-level owner; with neither, "
        "the owner is not compared and never changed."
    ),
]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


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
    def _options_granted(self) -> GrantSpec:
        if isinstance(self.with_grant_option, list):
            missing = [p for p in self.with_grant_option if p not in self.privileges]
            if missing:
                raise ValueError(f"with_grant_option names privileges not in privileges: {', '.join(missing)}")
        return self


# Grantee role -> its privileges on the object: a list of names, or a GrantSpec. `public` is PUBLIC; a grantee
# left out keeps its default (none, except the owner's own and PUBLIC's EXECUTE on functions, USAGE on types).
Grants = dict[Identifier, list[PrivilegeName] | GrantSpec]

DefaultPrivilegeTarget = Literal["tables", "sequences", "functions", "types"]

# FOR ROLE role -> object kind -> grants: ALTER DEFAULT PRIVILEGES FOR ROLE role IN SCHEMA s GRANT ... ON kind.
DefaultPrivileges = dict[Identifier, dict[DefaultPrivilegeTarget, Grants]]


class Reference(Strict):
    """The target of a foreign key: `roles(id)`, `billing.accounts(id)`, or this mapping."""

    model_config = ConfigDict(
        json_schema_extra=both(
            with_property("column", {"type": "string"}, instead_of="columns"),
            shorthand({"type": "string", "description": "table(column) or schema.table(column)"}),
        )
    )

    table: Identifier
    schema_: Identifier | None = Field(default=None, alias="schema")
    columns: list[Identifier] = Field(min_length=1)
    on_delete: ReferentialAction | None = None
    on_update: ReferentialAction | None = None
    name: Identifier | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_shorthand(cls, value: object) -> object:
        if isinstance(value, str):
            match = _REFERENCE.match(value)
            if not match:
                raise ValueError(f"cannot read reference {value!r}; write it as table(column) or schema.table(column)")
            columns = [c.strip() for c in match["columns"].split(",")]
            return {"table": match["table"], "schema": match["schema"], "columns": columns}
        if isinstance(value, dict) and "column" in value:
            value = dict(value)
            value["columns"] = [value.pop("column")]
        return value


class SequenceOptionsSpec(Strict):
    """Options of a sequence; left out, each is PostgreSQL's default (which depends on type and direction)."""

    start: int | None = None
    increment: int = Field(default=1, json_schema_extra={"not": {"const": 0}})
    min_value: int | None = None
    max_value: int | None = None
    cache: int = Field(default=1, ge=1)
    cycle: bool = False

    @field_validator("increment")
    @classmethod
    def _not_zero(cls, value: int) -> int:
        if value == 0:
            raise ValueError("increment must not be zero")
        return value


class IdentitySpec(SequenceOptionsSpec):
    """An identity column: `always` or `by default`, alone or with the options of its sequence.

    The sequence's type is the column's, so there is no `type` here.
    """

    model_config = ConfigDict(
        json_schema_extra=shorthand(any_case("always", "by default")),
    )

    generation: Literal["always", "by default"] = Field(json_schema_extra=any_case("always", "by default"))

    @model_validator(mode="before")
    @classmethod
    def _from_shorthand(cls, value: object) -> object:
        return {"generation": value} if isinstance(value, str) else value

    @field_validator("generation", mode="before")
    @classmethod
    def _lower(cls, value: object) -> object:
        return value.lower() if isinstance(value, str) else value


class ColumnSpec(Strict):
    """A column. A bare string is shorthand for `{type: ...}`."""

    model_config = ConfigDict(json_schema_extra=shorthand({"type": "string", "description": "The column type."}))

    type: str = Field(min_length=1)
    renamed_from: Identifier | None = Field(
        default=None,
        description="The column's previous name: while only that name exists, the plan renames it (data kept); "
        "inert once the new name exists.",
    )
    nullable: bool = True
    default: str | int | float | bool | None = None
    identity: IdentitySpec | None = None
    generated: str | None = Field(
        default=None,
        min_length=1,
        description="An expression over the row's other columns: GENERATED ALWAYS AS (...) STORED.",
    )
    primary_key: bool = False
    unique: bool = False
    check: str | None = None
    references: Reference | None = None
    comment: str | None = None
    collation: Identifier | None = Field(default=None, description="A collation other than the type's: COLLATE.")
    grants: Grants = Field(default_factory=dict, description="Column privileges: GRANT ... (column) ON the table.")
    using: str | None = Field(
        default=None,
        min_length=1,
        description="When the type changes: the expression that converts the old values, "
        "ALTER COLUMN ... TYPE ... USING <expression>; ignored while the type already matches.",
    )

    @model_validator(mode="before")
    @classmethod
    def _from_shorthand(cls, value: object) -> object:
        return {"type": value} if isinstance(value, str) else value

    @model_validator(mode="after")
    def _consistent(self) -> ColumnSpec:
        if self.identity and self.default is not None:
            raise ValueError("a column cannot have both identity and default")
        if self.generated is not None and self.default is not None:
            raise ValueError("a column cannot have both generated and default")
        if self.generated is not None and self.identity:
            raise ValueError("a column cannot be both generated and identity")
        return self


class NamedColumns(Strict):
    """A primary key or unique constraint over one or more columns."""

    model_config = ConfigDict(json_schema_extra=shorthand({"type": "array", "items": {"type": "string"}}))

    name: Identifier | None = None
    columns: list[Identifier] = Field(min_length=1)
    nulls_not_distinct: bool = False
    deferrable: bool = False
    initially_deferred: bool = False
    comment: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_list(cls, value: object) -> object:
        return {"columns": value} if isinstance(value, list) else value

    @model_validator(mode="after")
    def _named(self) -> NamedColumns:
        _named_if_commented(self.name, self.comment)
        return self


class CheckSpec(Strict):
    """A table-level check constraint. A bare string is the expression."""

    model_config = ConfigDict(json_schema_extra=shorthand({"type": "string", "description": "The check expression."}))

    name: Identifier | None = None
    expression: str = Field(min_length=1)
    valid: bool = Field(default=True, description="false: NOT VALID, existing rows are not checked.")
    no_inherit: bool = False
    comment: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: object) -> object:
        return {"expression": value} if isinstance(value, str) else value

    @model_validator(mode="after")
    def _named(self) -> CheckSpec:
        _named_if_commented(self.name, self.comment)
        return self


class ForeignKeySpec(Strict):
    """A table-level (possibly multi-column) foreign key."""

    name: Identifier | None = None
    columns: list[Identifier] = Field(min_length=1)
    references: Reference
    on_delete: ReferentialAction | None = None
    on_update: ReferentialAction | None = None
    deferrable: bool = False
    initially_deferred: bool = False
    match: Literal["simple", "full"] = "simple"
    valid: bool = Field(default=True, description="false: NOT VALID, existing rows are not checked.")

    comment: str | None = None

    @model_validator(mode="after")
    def _named(self) -> ForeignKeySpec:
        _named_if_commented(self.name or self.references.name, self.comment)
        return self


class ExclusionSpec(Strict):
    """An exclusion constraint: `elements` are `column-or-expression WITH operator`, e.g. `during WITH &&`."""

    name: Identifier | None = None
    using: str = "gist"
    elements: list[str] = Field(min_length=1)
    include: list[Identifier] = Field(default_factory=list)
    where: str | None = None
    deferrable: bool = False
    initially_deferred: bool = False


class IndexSpec(Strict):
    """An index. `columns` holds column names or expressions, with optional DESC / NULLS / opclass.

    A bare list is shorthand for `{columns: [...]}` (a plain btree index).
    """

    model_config = ConfigDict(json_schema_extra=shorthand({"type": "array", "items": {"type": "string"}}))

    columns: list[str] = Field(min_length=1)
    unique: bool = False
    method: str = "btree"
    where: str | None = None
    include: list[Identifier] = Field(default_factory=list)
    nulls_not_distinct: bool = False
    with_: dict[StorageParameter, StorageValue] = Field(
        default_factory=dict, alias="with", description="Storage parameters: WITH (fillfactor = 70)."
    )
    comment: str | None = None
    renamed_from: Identifier | None = Field(
        default=None,
        description="The index's previous name: while only that name exists, the plan renames it (data kept); "
        "inert once the new name exists.",
    )

    @model_validator(mode="before")
    @classmethod
    def _from_list(cls, value: object) -> object:
        return {"columns": value} if isinstance(value, list) else value


class TriggerSpec(Strict):
    """A trigger that runs a declared function."""

    timing: Literal["before", "after", "instead of"] = Field(
        json_schema_extra=any_case("before", "after", "instead of")
    )
    events: list[Literal["insert", "update", "delete", "truncate"]] = Field(
        min_length=1, json_schema_extra={"items": any_case("insert", "update", "delete", "truncate")}
    )
    update_of: list[Identifier] = Field(default_factory=list)
    for_each: Literal["row", "statement"] = Field(default="row", json_schema_extra=any_case("row", "statement"))
    when: str | None = None
    function: Identifier
    function_schema: Identifier | None = Field(
        default=None, description="The declared schema that holds `function`, when it is not the table's own."
    )
    arguments: list[str] = Field(default_factory=list)
    constraint: bool = Field(default=False, description="CREATE CONSTRAINT TRIGGER (after, for each row).")
    deferrable: bool = False
    initially_deferred: bool = False
    old_table: Identifier | None = Field(default=None, description="REFERENCING OLD TABLE AS <name>.")
    new_table: Identifier | None = Field(default=None, description="REFERENCING NEW TABLE AS <name>.")
    comment: str | None = None

    @field_validator("timing", "for_each", mode="before")
    @classmethod
    def _lower(cls, value: object) -> object:
        return value.lower() if isinstance(value, str) else value

    @field_validator("events", mode="before")
    @classmethod
    def _lower_events(cls, value: object) -> object:
        return [v.lower() if isinstance(v, str) else v for v in value] if isinstance(value, list) else value


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


class ParentSpec(Strict):
    """A table another names as its parent: `events`, `archive.events`, or this mapping."""

    model_config = ConfigDict(
        json_schema_extra=shorthand({"type": "string", "description": "table or schema.table"}),
    )

    table: Identifier
    schema_: Identifier | None = Field(default=None, alias="schema")

    @model_validator(mode="before")
    @classmethod
    def _from_shorthand(cls, value: object) -> object:
        if isinstance(value, str):
            match = _PARENT.match(value)
            if not match:
                raise ValueError(f"cannot read table {value!r}; write it as table or schema.table")
            return {"table": match["table"], "schema": match["schema"]}
        return value


class PartitionOfSpec(ParentSpec):
    """The partitioned table a partition belongs to, and its bound as written after the table name."""

    model_config = ConfigDict(json_schema_extra=None)

    bounds: str = Field(
        min_length=1,
        description="DEFAULT, FOR VALUES IN (...), FOR VALUES FROM (...) TO (...), FOR VALUES WITH (MODULUS m, "
        "REMAINDER r)",
    )


class TableSpec(Strict):
    """A table: columns in order, then table-level constraints, indexes, triggers and row level security.

    A partition (`partition_of`) takes its columns from its parent, and an inheritance child (`inherits`)
    takes its parents' columns in addition to its own.
    """

    renamed_from: Identifier | None = Field(
        default=None,
        description="The table's previous name: while only that name exists, the plan renames it (data kept); "
        "inert once the new name exists.",
    )
    comment: str | None = None
    owner: Owner = None
    partition_by: str | None = Field(
        default=None, min_length=1, description="Makes this a partitioned table: RANGE (a), LIST (expr), HASH (a, b)."
    )
    partition_of: PartitionOfSpec | None = None
    inherits: list[ParentSpec] = Field(default_factory=list)
    # May be empty (`columns: {}`): PostgreSQL allows a table without columns, and tests of schema tools use them.
    columns: dict[Identifier, ColumnSpec] = Field(default_factory=dict)
    primary_key: NamedColumns | None = None
    unique: list[NamedColumns] = Field(default_factory=list)
    checks: list[CheckSpec] = Field(default_factory=list)
    foreign_keys: list[ForeignKeySpec] = Field(default_factory=list)
    indexes: dict[Identifier, IndexSpec] = Field(default_factory=dict)
    triggers: dict[Identifier, TriggerSpec] = Field(default_factory=dict)
    exclude: list[ExclusionSpec] = Field(default_factory=list)
    options: dict[StorageParameter, StorageValue] = Field(
        default_factory=dict, description="Storage parameters: fillfactor, autovacuum_*, toast.*."
    )
    unlogged: bool = False
    replica_identity: str = Field(
        default="default",
        pattern=r"^(default|full|nothing|index \S.*)$",
        description="default, full, nothing, or `index <name>` (a unique index or key of the table).",
    )

    @property
    def replica_identity_index(self) -> str | None:
        """The index named by `replica_identity: index <name>`."""
        return self.replica_identity[len("index ") :] if self.replica_identity.startswith("index ") else None

    grants: Grants = Field(default_factory=dict)
    row_level_security: RowLevelSecuritySpec | None = None
    policies: dict[Identifier, PolicySpec] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _columns_or_parent(self) -> TableSpec:
        if self.partition_of is not None and self.columns:
            raise ValueError("a partition's columns come from the table it is a partition of: leave out columns")
        if self.partition_of is not None and self.inherits:
            raise ValueError("a partition cannot also inherit from other tables")
        return self


class SequenceSpec(SequenceOptionsSpec):
    """A standalone sequence (serial and identity columns create their own).

    `owned_by: table.column` ties it to a column of a table in the same schema:
    dropping the column drops the sequence.
    """

    type: Literal["smallint", "integer", "bigint"] = "bigint"
    owned_by: str | None = Field(default=None, min_length=3, description="table.column, in the sequence's schema.")
    renamed_from: Identifier | None = Field(
        default=None,
        description="The sequence's previous name: while only that name exists, the plan renames it (data kept); "
        "inert once the new name exists.",
    )
    grants: Grants = Field(default_factory=dict)
    comment: str | None = None
    owner: Owner = None

    @model_validator(mode="after")
    def _owner_follows_column(self) -> SequenceSpec:
        if self.owner is not None and self.owned_by is not None:
            raise ValueError("a sequence owned by a column has its table's owner: leave out owner")
        return self


# A configuration parameter as SET names it: `search_path`, `work_mem`, `myapp.tenant` (validate checks the value).
SETTING_NAME = r"^[A-Za-z_][A-Za-z0-9_$]*(\.[A-Za-z_][A-Za-z0-9_$]*)*$"
SettingName = Annotated[str, Field(pattern=SETTING_NAME, max_length=IDENTIFIER_MAX * 2 + 1)]
# SQL text as after `SET name =` (`pg_catalog, public`, `'64MB'`), or a number or boolean.
SettingValue = bool | int | float | str


class RoutineSpec(Strict):
    """What functions and procedures share: arguments, language, body, SECURITY DEFINER, SET clauses, comment."""

    arguments: str = ""
    language: str = Field(default="plpgsql", description="plpgsql unless given; sql when `sql_body` is given.")
    body: str | None = Field(default=None, min_length=1, description="The body as a string (AS $$...$$).")
    sql_body: str | None = Field(
        default=None,
        min_length=1,
        description="A SQL-standard body instead of `body` (PostgreSQL 14+, LANGUAGE sql): "
        "`RETURN <expression>` or `BEGIN ATOMIC <statements>; END`. PostgreSQL checks it at creation and "
        "records what it uses, so it is created after those objects and re-created when they are replaced.",
    )
    security_definer: bool = False
    settings: dict[SettingName, SettingValue] = Field(
        default_factory=dict,
        alias="set",
        description="SET clauses: configuration parameter -> value, as SQL after `SET name =`.",
    )
    comment: str | None = None
    owner: Owner = None

    @field_validator("settings")
    @classmethod
    def _distinct_settings(cls, value: dict[str, SettingValue]) -> dict[str, SettingValue]:
        seen: dict[str, str] = {}
        for name in value:
            if name.lower() in seen:
                raise ValueError(f"{name!r} and {seen[name.lower()]!r} name the same parameter (names ignore case)")
            seen[name.lower()] = name
        return value

    @model_validator(mode="after")
    def _one_body(self) -> RoutineSpec:
        """Exactly one of `body` and `sql_body`; a SQL-standard body is LANGUAGE sql (the default then)."""
        if (self.body is None) == (self.sql_body is None):
            raise ValueError("give exactly one of body (a string body) and sql_body (RETURN ... or BEGIN ATOMIC ...)")
        if self.sql_body is not None:
            if "language" not in self.model_fields_set:
                self.language = "sql"
            elif self.language.strip().lower() != "sql":
                raise ValueError(f"sql_body is a LANGUAGE sql body; language is {self.language!r}")
        return self


class FunctionSpec(RoutineSpec):
    """A function; `arguments` is the SQL argument list, e.g. `a integer, b text DEFAULT ''`.

    Every attribute PostgreSQL keeps for a function is declared here, so drift
    can see each of them: a SECURITY DEFINER function that loses its
    `SET search_path` runs with its caller's search_path.
    `cost` and `rows` left out mean PostgreSQL's defaults (100, or 1 for C
    functions; 1000 rows for set-returning functions).
    """

    returns: str = Field(min_length=1)
    volatility: Literal["volatile", "stable", "immutable"] = "volatile"
    strict: bool = False
    parallel: Literal["safe", "restricted", "unsafe"] = Field(
        default="unsafe", json_schema_extra=any_case("safe", "restricted", "unsafe")
    )
    leakproof: bool = False
    cost: float | None = Field(default=None, gt=0, allow_inf_nan=False)
    rows: float | None = Field(default=None, gt=0, allow_inf_nan=False)
    grants: Grants = Field(default_factory=dict)

    @field_validator("parallel", mode="before")
    @classmethod
    def _lower(cls, value: object) -> object:
        return value.lower() if isinstance(value, str) else value


class ProcedureSpec(RoutineSpec):
    """A procedure (CALL name(...)); `arguments` may hold IN, OUT and INOUT parameters: `a integer, INOUT b text`."""


# A function or operator name as CREATE AGGREGATE takes it: `name`, `schema.name`, quoted parts allowed.
QUALIFIED_NAME = r'^(?:[A-Za-z_][A-Za-z0-9_$]*|"(?:[^"]|"")+")(?:\.(?:[A-Za-z_][A-Za-z0-9_$]*|"(?:[^"]|"")+"))?$'
FunctionName = Annotated[str, Field(pattern=QUALIFIED_NAME, max_length=IDENTIFIER_MAX * 2 + 5)]


class AggregateSpec(Strict):
    """A plain aggregate: `arguments` are its input types (`integer`, `numeric, numeric`), `sfunc` and `stype`
    its state transition function and state type; the other support functions and options are optional."""

    arguments: str = Field(min_length=1)
    sfunc: FunctionName
    stype: str = Field(min_length=1)
    sspace: int = Field(default=0, ge=0)
    finalfunc: FunctionName | None = None
    finalfunc_extra: bool = False
    finalfunc_modify: Literal["read_only", "shareable", "read_write"] = "read_only"
    combinefunc: FunctionName | None = None
    serialfunc: FunctionName | None = None
    deserialfunc: FunctionName | None = None
    initcond: str | None = Field(default=None, description="The state's initial value, as text (a string).")
    sortop: str | None = Field(default=None, pattern=r"^[-+*/<>=~!@#%^&|`?]{1,63}$")
    parallel: Literal["safe", "restricted", "unsafe"] = Field(
        default="unsafe", json_schema_extra=any_case("safe", "restricted", "unsafe")
    )
    comment: str | None = None
    owner: Owner = None

    @field_validator("parallel", mode="before")
    @classmethod
    def _lower(cls, value: object) -> object:
        return value.lower() if isinstance(value, str) else value


class ViewSpec(Strict):
    """A plain view, its options (left out: not set) and its INSTEAD OF triggers."""

    query: str = Field(min_length=1)
    comment: str | None = None
    owner: Owner = None
    grants: Grants = Field(default_factory=dict)
    renamed_from: Identifier | None = Field(
        default=None,
        description="The view's previous name: while only that name exists, the plan renames it (data kept); "
        "inert once the new name exists.",
    )

    security_barrier: bool | None = None
    security_invoker: bool | None = None
    check_option: Literal["local", "cascaded"] | None = Field(
        default=None, json_schema_extra=any_case("local", "cascaded")
    )
    triggers: dict[Identifier, TriggerSpec] = Field(default_factory=dict)

    @field_validator("check_option", mode="before")
    @classmethod
    def _lower(cls, value: object) -> object:
        return value.lower() if isinstance(value, str) else value


class MaterializedViewSpec(Strict):
    """A materialized view: its query, whether it is populated, its indexes and storage parameters.

    A new query has no ALTER: the view is dropped and created again (and runs its query).
    """

    query: str = Field(min_length=1)
    with_data: bool = True
    renamed_from: Identifier | None = Field(
        default=None,
        description="The materialized view's previous name: while only that name exists, the plan renames it "
        "(data kept); inert once the new name exists.",
    )
    indexes: dict[Identifier, IndexSpec] = Field(default_factory=dict)
    storage: dict[SettingName, StorageValue] = Field(
        default_factory=dict, description="Storage parameters, as in WITH (fillfactor = 70)."
    )
    comment: str | None = None
    owner: Owner = None


class EnumLabelSpec(Strict):
    """A label that had another name: the live label `renamed_from` is renamed in place, keeping the rows."""

    name: str = Field(description="The label as it is to be.")
    renamed_from: str = Field(
        description="The label's old name: renamed (ALTER TYPE ... RENAME VALUE) when only it exists in the live "
        "type; ignored once the new name exists."
    )


_LABEL_ITEM = {
    "anyOf": [
        {"type": "string"},
        {
            "type": "object",
            "properties": {"name": {"type": "string"}, "renamed_from": {"type": "string"}},
            "required": ["name", "renamed_from"],
            "additionalProperties": False,
        },
    ]
}


class EnumSpec(Strict):
    """An enum type: its labels in order. A bare list is shorthand for `{labels: [...]}`.

    A label is a string, or `{name: shipped, renamed_from: sent}` for a label renamed in place.
    """

    model_config = ConfigDict(json_schema_extra=shorthand({"type": "array", "items": _LABEL_ITEM}))

    labels: list[str | EnumLabelSpec]
    comment: str | None = None
    owner: Owner = None

    @model_validator(mode="before")
    @classmethod
    def _from_list(cls, value: object) -> object:
        return {"labels": value} if isinstance(value, list) else value

    @property
    def label_names(self) -> list[str]:
        """The labels as they are to be, in order."""
        return [label if isinstance(label, str) else label.name for label in self.labels]

    @property
    def renames(self) -> dict[str, str]:
        """New label -> the old label it is renamed from."""
        return {label.name: label.renamed_from for label in self.labels if isinstance(label, EnumLabelSpec)}


class CollationSpec(Strict):
    """A collation: `provider` icu or libc, with `locale`, or libc's `lc_collate` and `lc_ctype` apart."""

    provider: Literal["icu", "libc"] = "libc"
    locale: str | None = Field(default=None, min_length=1)
    lc_collate: str | None = Field(default=None, min_length=1)
    lc_ctype: str | None = Field(default=None, min_length=1)
    deterministic: bool = True
    comment: str | None = None
    owner: Owner = None

    @model_validator(mode="after")
    def _locales(self) -> CollationSpec:
        if self.locale is None and (self.lc_collate is None or self.lc_ctype is None):
            raise ValueError("a collation needs a locale, or both lc_collate and lc_ctype")
        if self.locale is not None and (self.lc_collate is not None or self.lc_ctype is not None):
            raise ValueError("write either locale, or lc_collate and lc_ctype")
        if self.provider == "icu" and self.locale is None:
            raise ValueError("an icu collation takes a locale")
        return self


class SchemaSpec(Strict):
    """Everything declared inside one schema."""

    renamed_from: Identifier | None = Field(
        default=None,
        description="The schema's previous name: while only that name exists, the plan renames it (data kept); "
        "inert once the new name exists.",
    )
    comment: str | None = None
    owner: Owner = None
    enums: dict[Identifier, EnumSpec] = Field(default_factory=dict)
    collations: dict[Identifier, CollationSpec] = Field(default_factory=dict)
    domains: dict[Identifier, DomainSpec] = Field(default_factory=dict)
    composite_types: dict[Identifier, CompositeTypeSpec] = Field(default_factory=dict)
    ranges: dict[Identifier, RangeSpec] = Field(default_factory=dict)
    sequences: dict[Identifier, SequenceSpec] = Field(default_factory=dict)
    functions: dict[Identifier, FunctionSpec | Annotated[list[FunctionSpec], Field(min_length=1)]] = Field(
        default_factory=dict,
        description="Function name -> its declaration, or a list of declarations for overloads: functions of "
        "one name told apart by their argument types.",
    )
    procedures: dict[Identifier, ProcedureSpec] = Field(default_factory=dict)
    aggregates: dict[Identifier, AggregateSpec] = Field(default_factory=dict)
    tables: dict[Identifier, TableSpec] = Field(default_factory=dict)
    views: dict[Identifier, ViewSpec] = Field(default_factory=dict)
    grants: Grants = Field(default_factory=dict, description="Privileges on the schema itself (usage, create).")
    type_grants: dict[Identifier, Grants] = Field(
        default_factory=dict, description="Privileges on types of this schema (enums and others), by type name."
    )
    sequence_grants: dict[Identifier, Grants] = Field(
        default_factory=dict,
        description="Privileges on sequences the sequences section does not declare (serial and identity ones).",
    )
    default_privileges: DefaultPrivileges = Field(
        default_factory=dict,
        description="ALTER DEFAULT PRIVILEGES FOR ROLE <role> IN SCHEMA: role -> tables|sequences|functions|types -> "
        "grants that objects the role creates here later receive.",
    )
    materialized_views: dict[Identifier, MaterializedViewSpec] = Field(default_factory=dict)

    def owning_column(self, owned_by: str) -> tuple[str, str] | None:
        """The (table, column) a sequence's `owned_by: table.column` names, matched against declared names.

        Matching whole declared names (rather than splitting at a dot) reads names that hold dots too, and
        nothing that is not a declared column ever reaches SQL.
        """
        for table_name, table in self.tables.items():
            for column_name in table.columns:
                if owned_by == f"{table_name}.{column_name}":
                    return table_name, column_name
        return None

    @field_validator("enums")
    @classmethod
    def _labels(cls, value: dict[str, EnumSpec]) -> dict[str, EnumSpec]:
        for name, enum in value.items():
            labels = enum.label_names
            if not labels:
                raise ValueError(f"enum {name!r} needs at least one label")
            if len(set(labels)) != len(labels):
                raise ValueError(f"enum {name!r} lists a label twice")
            for label in labels:
                if not label or len(label.encode()) > IDENTIFIER_MAX:
                    raise ValueError(f"enum {name!r}: labels are 1 to {IDENTIFIER_MAX} bytes long, not {label!r}")
            for label, old in enum.renames.items():
                if not old or len(old.encode()) > IDENTIFIER_MAX:
                    raise ValueError(f"enum {name!r}: renamed_from is 1 to {IDENTIFIER_MAX} bytes long, not {old!r}")
                if old in labels:
                    raise ValueError(
                        f"enum {name!r}: label {label!r} is renamed from {old!r}, which is declared too; "
                        "declare one of them"
                    )
            olds = list(enum.renames.values())
            if len(set(olds)) != len(olds):
                raise ValueError(f"enum {name!r}: two labels are renamed from the same label")
        return value


class DomainSpec(Strict):
    """A domain: a base type with a default, NOT NULL and checks over VALUE. A bare string is the base type."""

    model_config = ConfigDict(json_schema_extra=shorthand({"type": "string", "description": "The base type."}))

    type: str = Field(min_length=1)
    nullable: bool = True
    default: str | int | float | bool | None = None
    checks: list[CheckSpec] = Field(default_factory=list, description="Check expressions over VALUE.")
    collation: Identifier | None = None
    comment: str | None = None
    owner: Owner = None

    @model_validator(mode="before")
    @classmethod
    def _from_shorthand(cls, value: object) -> object:
        return {"type": value} if isinstance(value, str) else value


class AttributeSpec(Strict):
    """An attribute of a composite type. A bare string is its type."""

    model_config = ConfigDict(json_schema_extra=shorthand({"type": "string", "description": "The type."}))

    type: str = Field(min_length=1)
    collation: Identifier | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_shorthand(cls, value: object) -> object:
        return {"type": value} if isinstance(value, str) else value


class CompositeTypeSpec(Strict):
    """A composite type (CREATE TYPE ... AS (...)): its attributes in order."""

    attributes: dict[Identifier, AttributeSpec] = Field(default_factory=dict)
    comment: str | None = None
    owner: Owner = None


class RangeSpec(Strict):
    """A range type (CREATE TYPE ... AS RANGE). A bare string is the subtype."""

    model_config = ConfigDict(json_schema_extra=shorthand({"type": "string", "description": "The subtype."}))

    subtype: str = Field(min_length=1)
    subtype_opclass: str | None = Field(default=None, min_length=1)
    collation: Identifier | None = None
    canonical: str | None = Field(default=None, min_length=1, description="A function name.")
    subtype_diff: str | None = Field(default=None, min_length=1, description="A function name.")
    multirange: Identifier | None = Field(default=None, description="The multirange type's name, if not the default.")
    comment: str | None = None
    owner: Owner = None

    @model_validator(mode="before")
    @classmethod
    def _from_shorthand(cls, value: object) -> object:
        return {"subtype": value} if isinstance(value, str) else value


class ExtensionSpec(Strict):
    """An extension; a bare string is its name."""

    model_config = ConfigDict(json_schema_extra=shorthand({"type": "string", "description": "The extension name."}))

    name: Identifier
    schema_: Identifier = Field(default="public", alias="schema")
    version: str | None = Field(
        default=None,
        min_length=1,
        description="Left out: the extension's default version (ALTER EXTENSION ... UPDATE).",
    )
    comment: str | None = Field(default=None, description="Left out: the comment CREATE EXTENSION gives it.")

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: object) -> object:
        return {"name": value} if isinstance(value, str) else value


STEP_NAME = r"^[A-Za-z0-9][A-Za-z0-9_-]*$"  # no dots: the name ends an address (postgres.<db>.step.<name>)


class StepSpec(Strict):
    """A data step: one SQL statement run once, before or after the schema changes of the apply that first sees it.

    reconcile records it in `_reconcile.steps` (name, sha256 of the SQL) and
    never runs it again; an edited step that already ran is an error.
    """

    name: str = Field(
        pattern=STEP_NAME,
        max_length=100,
        description="Unique in the database, for good: the ledger keeps it after the step leaves the file.",
    )
    when: Literal["before", "after"] = Field(
        description="before: ahead of the schema changes (the old schema); after: once they ran, still in the "
        "transaction (new columns and tables exist; indexes built online and constraints validated online do not)."
    )
    sql: str = Field(
        min_length=1,
        description="One INSERT, UPDATE, DELETE, MERGE, SELECT or WITH statement, shown in full in the plan.",
    )


class SchemaTemplateSpec(SchemaSpec):
    """The contents every schema of a set shares (one per tenant): schema_templates.<name> (templates.py).

    The schemas themselves belong to whoever creates them (a tenant service);
    reconcile reconciles only their contents.
    """

    match: str | None = Field(
        default=None, description="A glob over live schema names (`tenant_*`; * ? and [...] as in shell patterns)."
    )
    query: str | None = Field(
        default=None,
        description="One read-only SELECT returning schema names in its first column, run in the target database.",
    )

    @model_validator(mode="after")
    def _one_selector(self) -> SchemaTemplateSpec:
        if (self.match is None) == (self.query is None):
            raise ValueError("a schema template takes exactly one of match (a glob) or query (a SELECT)")
        return self


# A database template's name until each live database it matches replaces it (database_templates.py).
TEMPLATE_DATABASE = "_reconcile_database_template"


class DatabaseSpec(Strict):
    """The whole of one state/postgres/<database>.yaml file."""

    database: Identifier = Field(
        default=TEMPLATE_DATABASE,
        description="The database this file declares. Required, unless database_match makes the file a template.",
    )
    database_match: str | None = Field(
        default=None,
        description="Instead of database: a glob over database names (tenant_*). The file is a database template, "
        "reconciled into every existing database it matches, each in its own transaction; reconcile never creates "
        "or drops those databases.",
    )
    online: bool = Field(
        default=True,
        description="Change tables that already exist without blocking writers: indexes built CONCURRENTLY, "
        "foreign keys and checks added NOT VALID and validated after the transaction. false: everything in "
        "one transaction.",
    )
    owner: Identifier | None = Field(
        default=None,
        description="The owner of every schema and object in this file that declares no owner: of its own (the "
        "public schema itself only by its own owner:). Left out: owners are compared only where an object declares "
        "one.",
    )
    undeclared_schemas: Literal["keep", "drop"] = Field(
        default="keep",
        description="Schemas of the database this file does not declare: keep (default) never looks at them; "
        "drop inspects them too and drops each with everything in it (destructive: apply needs "
        "--allow-destructive). reconcile export writes drop, since it declares every schema.",
    )
    extensions: list[ExtensionSpec] = Field(default_factory=list)
    schemas: dict[Identifier, SchemaSpec] = Field(min_length=1)
    steps: list[StepSpec] = Field(
        default_factory=list,
        description="Data steps run once each, in file order, and recorded in _reconcile.steps (README: Data steps).",
    )
    schema_templates: dict[Identifier, SchemaTemplateSpec] = Field(
        default_factory=dict,
        description="Contents reconciled into every existing schema a template matches (tenant schemas); "
        "the schemas themselves are never created or dropped.",
    )
