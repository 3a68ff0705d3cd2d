"""Constraints as a person declares them: a foreign key's reference, keys, checks, foreign keys, exclusions."""

import re
from typing import Literal

from pydantic import ConfigDict, Field, model_validator

from reconciler.field_defaults import empty_list
from reconciler.postgres.spec.common import (
    Identifier,
    ReferentialAction,
    StorageParameter,
    StorageValue,
    Strict,
    _named_if_commented,
)
from reconciler.state.jsonschema import both, shorthand, with_property

_REFERENCE = re.compile(r"^\s*(?:(?P<schema>[^.()\s]+)\.)?(?P<table>[^.()\s]+)\s*\((?P<columns>[^()]+)\)\s*$")


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


class NamedColumns(Strict):
    """A primary key or unique constraint over one or more columns."""

    model_config = ConfigDict(json_schema_extra=shorthand({"type": "array", "items": {"type": "string"}}))

    name: Identifier | None = None
    columns: list[Identifier] = Field(min_length=1)
    nulls_not_distinct: bool = False
    include: list[Identifier] = Field(
        default_factory=empty_list, description="Non-key columns the key's index also holds: INCLUDE (...)."
    )
    with_: dict[StorageParameter, StorageValue] = Field(
        default_factory=dict, alias="with", description="Storage parameters of the key's index: WITH (fillfactor = 70)."
    )
    deferrable: bool = False
    initially_deferred: bool = False
    comment: str | None = None
    index_comment: str | None = Field(
        default=None, description="A comment on the index the key creates (named as the key): COMMENT ON INDEX."
    )
    only: bool = Field(
        default=False,
        description="On a partitioned table: ALTER TABLE ONLY ... ADD, so a partition has a key for it only where "
        "its partition_of.index_names names one (attached); the key's index is valid once every partition has. "
        "Needs the key's name.",
    )

    @model_validator(mode="before")
    @classmethod
    def _from_list(cls, value: object) -> object:
        return {"columns": value} if isinstance(value, list) else value

    @model_validator(mode="after")
    def _named(self) -> "NamedColumns":
        _named_if_commented(self.name, self.comment)
        _named_if_commented(self.name, self.index_comment)
        if self.only and self.name is None:
            raise ValueError("a key added ON ONLY (only: true) needs a name: partition_of.index_names refers to it")
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
    def _named(self) -> "CheckSpec":
        _named_if_commented(self.name, self.comment)
        return self


class ForeignKeySpec(Strict):
    """A table-level (possibly multi-column) foreign key."""

    name: Identifier | None = None
    columns: list[Identifier] = Field(min_length=1)
    references: Reference
    on_delete: ReferentialAction | None = None
    on_delete_columns: list[Identifier] | None = Field(
        default=None,
        min_length=1,
        description="With on_delete set null or set default: only these of the key's columns are set "
        "(ON DELETE SET NULL (a, b), PostgreSQL 15); the others keep their values.",
    )
    on_update: ReferentialAction | None = None
    deferrable: bool = False
    initially_deferred: bool = False
    match: Literal["simple", "full"] = "simple"
    valid: bool = Field(default=True, description="false: NOT VALID, existing rows are not checked.")

    comment: str | None = None

    @model_validator(mode="after")
    def _named(self) -> "ForeignKeySpec":
        _named_if_commented(self.name or self.references.name, self.comment)
        return self

    @model_validator(mode="after")
    def _set_columns(self) -> "ForeignKeySpec":
        if self.on_delete_columns is None:
            return self
        action = self.on_delete or self.references.on_delete
        if action not in ("set null", "set default"):
            raise ValueError("on_delete_columns needs on_delete: set null or set default")
        outside = [c for c in self.on_delete_columns if c not in self.columns]
        if outside:
            raise ValueError(f"on_delete_columns names {outside[0]!r}, which is not one of the key's columns")
        return self


class ExclusionSpec(Strict):
    """An exclusion constraint: `elements` are `column-or-expression WITH operator`, e.g. `during WITH &&`."""

    name: Identifier | None = None
    using: str = "gist"
    elements: list[str] = Field(min_length=1)
    include: list[Identifier] = Field(default_factory=empty_list)
    with_: dict[StorageParameter, StorageValue] = Field(
        default_factory=dict, alias="with", description="Storage parameters of its index: WITH (fillfactor = 70)."
    )
    where: str | None = None
    deferrable: bool = False
    initially_deferred: bool = False
    comment: str | None = None
    index_comment: str | None = Field(
        default=None, description="A comment on the index the constraint creates (named as it): COMMENT ON INDEX."
    )

    @model_validator(mode="after")
    def _named(self) -> "ExclusionSpec":
        _named_if_commented(self.name, self.comment)
        _named_if_commented(self.name, self.index_comment)
        return self
