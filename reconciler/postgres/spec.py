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

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from reconciler.state.jsonschema import any_case, both, shorthand, with_property

IDENTIFIER_MAX = 63
_REFERENCE = re.compile(r"^\s*(?:(?P<schema>[^.()\s]+)\.)?(?P<table>[^.()\s]+)\s*\((?P<columns>[^()]+)\)\s*$")

ReferentialAction = Literal["cascade", "restrict", "set null", "set default", "no action"]


def _check_identifier(name: str) -> str:
    if not name:
        raise ValueError("names must not be empty")
    if len(name.encode()) > IDENTIFIER_MAX:
        raise ValueError(f"{name!r} is longer than PostgreSQL's {IDENTIFIER_MAX}-byte identifier limit")
    return name


# PostgreSQL truncates longer names with only a NOTICE: the plan would name an object that never exists.
Identifier = Annotated[str, Field(min_length=1), AfterValidator(_check_identifier)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


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

    @model_validator(mode="before")
    @classmethod
    def _from_list(cls, value: object) -> object:
        return {"columns": value} if isinstance(value, list) else value


class CheckSpec(Strict):
    """A table-level check constraint. A bare string is the expression."""

    model_config = ConfigDict(json_schema_extra=shorthand({"type": "string", "description": "The check expression."}))

    name: Identifier | None = None
    expression: str = Field(min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: object) -> object:
        return {"expression": value} if isinstance(value, str) else value


class ForeignKeySpec(Strict):
    """A table-level (possibly multi-column) foreign key."""

    name: Identifier | None = None
    columns: list[Identifier] = Field(min_length=1)
    references: Reference
    on_delete: ReferentialAction | None = None
    on_update: ReferentialAction | None = None
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
    arguments: list[str] = Field(default_factory=list)

    @field_validator("timing", "for_each", mode="before")
    @classmethod
    def _lower(cls, value: object) -> object:
        return value.lower() if isinstance(value, str) else value

    @field_validator("events", mode="before")
    @classmethod
    def _lower_events(cls, value: object) -> object:
        return [v.lower() if isinstance(v, str) else v for v in value] if isinstance(value, list) else value


class TableSpec(Strict):
    """A table: columns in order, then table-level constraints, indexes and triggers."""

    comment: str | None = None
    columns: dict[Identifier, ColumnSpec] = Field(min_length=1)
    primary_key: NamedColumns | None = None
    unique: list[NamedColumns] = Field(default_factory=list)
    checks: list[CheckSpec] = Field(default_factory=list)
    foreign_keys: list[ForeignKeySpec] = Field(default_factory=list)
    indexes: dict[Identifier, IndexSpec] = Field(default_factory=dict)
    triggers: dict[Identifier, TriggerSpec] = Field(default_factory=dict)


class SequenceSpec(SequenceOptionsSpec):
    """A standalone sequence (serial and identity columns create their own).

    `owned_by: table.column` ties it to a column of a table in the same schema:
    dropping the column drops the sequence.
    """

    type: Literal["smallint", "integer", "bigint"] = "bigint"
    owned_by: str | None = Field(default=None, min_length=3, description="table.column, in the sequence's schema.")


# A configuration parameter as SET names it: `search_path`, `work_mem`, `myapp.tenant` (validate checks the value).
SETTING_NAME = r"^[A-Za-z_][A-Za-z0-9_$]*(\.[A-Za-z_][A-Za-z0-9_$]*)*$"
SettingName = Annotated[str, Field(pattern=SETTING_NAME, max_length=IDENTIFIER_MAX * 2 + 1)]
# SQL text as after `SET name =` (`pg_catalog, public`, `'64MB'`), or a number or boolean.
SettingValue = bool | int | float | str


class FunctionSpec(Strict):
    """A function; `arguments` is the SQL argument list, e.g. `a integer, b text DEFAULT ''`.

    Every attribute PostgreSQL keeps for a function is declared here, so drift
    can see each of them: a SECURITY DEFINER function that loses its
    `SET search_path` runs with its caller's search_path.
    `cost` and `rows` left out mean PostgreSQL's defaults (100, or 1 for C
    functions; 1000 rows for set-returning functions).
    """

    arguments: str = ""
    returns: str = Field(min_length=1)
    language: str = "plpgsql"
    body: str = Field(min_length=1)
    volatility: Literal["volatile", "stable", "immutable"] = "volatile"
    strict: bool = False
    security_definer: bool = False
    parallel: Literal["safe", "restricted", "unsafe"] = Field(
        default="unsafe", json_schema_extra=any_case("safe", "restricted", "unsafe")
    )
    leakproof: bool = False
    cost: float | None = Field(default=None, gt=0, allow_inf_nan=False)
    rows: float | None = Field(default=None, gt=0, allow_inf_nan=False)
    settings: dict[SettingName, SettingValue] = Field(
        default_factory=dict,
        alias="set",
        description="SET clauses: configuration parameter -> value, as SQL after `SET name =`.",
    )

    @field_validator("parallel", mode="before")
    @classmethod
    def _lower(cls, value: object) -> object:
        return value.lower() if isinstance(value, str) else value

    @field_validator("settings")
    @classmethod
    def _distinct_settings(cls, value: dict[str, SettingValue]) -> dict[str, SettingValue]:
        seen: dict[str, str] = {}
        for name in value:
            if name.lower() in seen:
                raise ValueError(f"{name!r} and {seen[name.lower()]!r} name the same parameter (names ignore case)")
            seen[name.lower()] = name
        return value


class ViewSpec(Strict):
    """A plain view, its options (left out: not set) and its INSTEAD OF triggers."""

    query: str = Field(min_length=1)
    comment: str | None = None
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


# A storage parameter's value as WITH (...) takes it: a number, a boolean or one bare word (`off`).
StorageValue = bool | int | float | Annotated[str, Field(pattern=r"^[A-Za-z0-9_.+-]+$", max_length=IDENTIFIER_MAX)]


class MaterializedViewSpec(Strict):
    """A materialized view: its query, whether it is populated, its indexes and storage parameters.

    A new query has no ALTER: the view is dropped and created again (and runs its query).
    """

    query: str = Field(min_length=1)
    with_data: bool = True
    indexes: dict[Identifier, IndexSpec] = Field(default_factory=dict)
    storage: dict[SettingName, StorageValue] = Field(
        default_factory=dict, description="Storage parameters, as in WITH (fillfactor = 70)."
    )
    comment: str | None = None


class SchemaSpec(Strict):
    """Everything declared inside one schema."""

    enums: dict[Identifier, list[str]] = Field(default_factory=dict)
    sequences: dict[Identifier, SequenceSpec] = Field(default_factory=dict)
    functions: dict[Identifier, FunctionSpec] = Field(default_factory=dict)
    tables: dict[Identifier, TableSpec] = Field(default_factory=dict)
    views: dict[Identifier, ViewSpec] = Field(default_factory=dict)
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
    def _labels(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        for name, labels in value.items():
            if not labels:
                raise ValueError(f"enum {name!r} needs at least one label")
            if len(set(labels)) != len(labels):
                raise ValueError(f"enum {name!r} lists a label twice")
            for label in labels:
                if not label or len(label.encode()) > IDENTIFIER_MAX:
                    raise ValueError(f"enum {name!r}: labels are 1 to {IDENTIFIER_MAX} bytes long, not {label!r}")
        return value


class ExtensionSpec(Strict):
    """An extension; a bare string is its name."""

    model_config = ConfigDict(json_schema_extra=shorthand({"type": "string", "description": "The extension name."}))

    name: Identifier
    schema_: Identifier = Field(default="public", alias="schema")

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: object) -> object:
        return {"name": value} if isinstance(value, str) else value


class DatabaseSpec(Strict):
    """The whole of one state/postgres/<database>.yaml file."""

    database: Identifier
    extensions: list[ExtensionSpec] = Field(default_factory=list)
    schemas: dict[Identifier, SchemaSpec] = Field(min_length=1)
