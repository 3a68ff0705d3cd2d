"""User-defined types (enums, domains, composite and range types) and collations."""

from typing import Literal

from pydantic import Field

from reconciler.field_defaults import empty_list
from reconciler.postgres.model.node import Node, _source


class Enum(Node):
    schema_name: str
    name: str
    labels: list[str]
    comment: str | None = None
    renamed_from: dict[str, str] = Field(
        default_factory=dict,
        exclude=True,
        description="New label -> the label it is renamed from (the state file's `renamed_from:`); never compared.",
    )


class DomainCheck(Node):
    """A domain's check constraint; `source` is the state file's expression to create it from."""

    name: str
    definition: str = Field(description="pg_get_constraintdef, e.g. 'CHECK ((VALUE > 0))', ending NOT VALID if so.")
    comment: str | None = None
    source: str | None = _source()


class Domain(Node):
    schema_name: str
    name: str
    base_type: str = Field(description="format_type of the base type, e.g. 'character varying(20)'.")
    not_null: bool = False
    default: str | None = None
    collation: str | None = Field(default=None, description="Only when not the base type's own; SQL, as a column's.")
    checks: dict[str, DomainCheck] = Field(default_factory=dict)
    comment: str | None = None


class Attribute(Node):
    """An attribute of a composite type."""

    name: str
    type: str
    collation: str | None = Field(default=None, description="Only when not the type's own; SQL, as a column's.")
    comment: str | None = None

    def definition(self) -> "Attribute":
        """The attribute without its comment: what ALTER ATTRIBUTE ... TYPE changes."""
        return self.model_copy(update={"comment": None})


class CompositeType(Node):
    schema_name: str
    name: str
    attributes: list[Attribute] = Field(default_factory=empty_list)
    comment: str | None = None


class ShellType(Node):
    """A shell type (pg_type typtype 'p', not typisdefined): a name and a comment."""

    schema_name: str
    name: str
    comment: str | None = None


class RangeType(Node):
    schema_name: str
    name: str
    subtype: str
    subtype_opclass: str | None = Field(default=None, description="Only when not the subtype's default btree one.")
    collation: str | None = Field(default=None, description="Only when not the subtype's own; SQL, as a column's.")
    canonical: str | None = None
    subtype_diff: str | None = None
    multirange: str | None = Field(default=None, description="The multirange type's name, when not the default.")
    comment: str | None = None


class Collation(Node):
    """A collation as pg_collation holds it (PostgreSQL 15: an icu locale in colliculocale)."""

    schema_name: str
    name: str
    provider: Literal["icu", "libc"]
    lc_collate: str | None = None
    lc_ctype: str | None = None
    locale: str | None = Field(default=None, description="An icu collation's locale.")
    deterministic: bool = True
    comment: str | None = None
