"""User-defined types as a person declares them: enums, collations, domains, composite types, ranges, shell types."""

from typing import Literal

from pydantic import ConfigDict, Field, model_validator

from reconciler.field_defaults import empty_list
from reconciler.postgres.spec.common import CollationName, Identifier, Owner, Strict
from reconciler.postgres.spec.constraints import CheckSpec
from reconciler.state.jsonschema import shorthand


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
    def _locales(self) -> "CollationSpec":
        if self.locale is None and (self.lc_collate is None or self.lc_ctype is None):
            raise ValueError("a collation needs a locale, or both lc_collate and lc_ctype")
        if self.locale is not None and (self.lc_collate is not None or self.lc_ctype is not None):
            raise ValueError("write either locale, or lc_collate and lc_ctype")
        if self.provider == "icu" and self.locale is None:
            raise ValueError("an icu collation takes a locale")
        return self


class DomainSpec(Strict):
    """A domain: a base type with a default, NOT NULL and checks over VALUE. A bare string is the base type."""

    model_config = ConfigDict(json_schema_extra=shorthand({"type": "string", "description": "The base type."}))

    type: str = Field(min_length=1)
    nullable: bool = True
    default: str | int | float | bool | None = None
    checks: list[CheckSpec] = Field(default_factory=empty_list, description="Check expressions over VALUE.")
    collation: CollationName | None = None
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
    collation: CollationName | None = None
    comment: str | None = Field(default=None, description="COMMENT ON COLUMN <type>.<attribute>.")

    @model_validator(mode="before")
    @classmethod
    def _from_shorthand(cls, value: object) -> object:
        return {"type": value} if isinstance(value, str) else value


class CompositeTypeSpec(Strict):
    """A composite type (CREATE TYPE ... AS (...)): its attributes in order."""

    attributes: dict[Identifier, AttributeSpec] = Field(default_factory=dict)
    comment: str | None = None
    owner: Owner = None


class ShellTypeSpec(Strict):
    """A shell type (CREATE TYPE name): a type name reserved before its definition. A bare `null` is a shell type
    without a comment or owner.

    A shell type is what a base type's input and output functions are written against; base types themselves
    (CREATE TYPE name (INPUT = ...)) need C functions and cannot be declared.
    """

    model_config = ConfigDict(
        json_schema_extra=shorthand({"type": "null", "description": "A shell type without comment or owner."})
    )

    comment: str | None = None
    owner: Owner = None

    @model_validator(mode="before")
    @classmethod
    def _from_null(cls, value: object) -> object:
        return {} if value is None else value


class RangeSpec(Strict):
    """A range type (CREATE TYPE ... AS RANGE). A bare string is the subtype."""

    model_config = ConfigDict(json_schema_extra=shorthand({"type": "string", "description": "The subtype."}))

    subtype: str = Field(min_length=1)
    subtype_opclass: str | None = Field(default=None, min_length=1)
    collation: CollationName | None = None
    canonical: str | None = Field(default=None, min_length=1, description="A function name.")
    subtype_diff: str | None = Field(default=None, min_length=1, description="A function name.")
    multirange: Identifier | None = Field(default=None, description="The multirange type's name, if not the default.")
    comment: str | None = None
    owner: Owner = None

    @model_validator(mode="before")
    @classmethod
    def _from_shorthand(cls, value: object) -> object:
        return {"subtype": value} if isinstance(value, str) else value
