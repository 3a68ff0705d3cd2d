"""Views and materialized views as a person declares them."""

from typing import Any, Literal

from pydantic import Field, ModelWrapValidatorHandler, PrivateAttr, field_validator, model_validator

from reconciler.field_defaults import empty_list
from reconciler.postgres.spec.access import Grants
from reconciler.postgres.spec.access_methods import RelationAccessMethod
from reconciler.postgres.spec.common import Identifier, Owner, StorageValue, Strict
from reconciler.postgres.spec.routines import SettingName
from reconciler.postgres.spec.rules import ViewRuleSpec
from reconciler.postgres.spec.tables import ColumnOption, IndexSpec, StatisticsSpec, TriggerSpec
from reconciler.state.jsonschema import any_case

# How pg_class.reloptions keeps a boolean option: as it was written. `on` and `true` mean the same, but pg_dump
# prints the spelling, so a state file may keep it (export does) rather than the plan rewriting it.
BooleanSpelling = Literal["true", "false", "on", "off", "yes", "no", "t", "f", "y", "n", "1", "0"]
BooleanOption = bool | BooleanSpelling

VIEW_OPTIONS = ("security_barrier", "security_invoker", "check_option")
_OPTION = (
    "true or false, or the spelling the option is written in (on, off, yes, no, ...): "
    "PostgreSQL keeps it as written; left out: not set."
)


class ViewSpec(Strict):
    """A plain view, its options (left out: not set), its INSTEAD OF triggers and its rules."""

    query: str = Field(min_length=1)
    comment: str | None = None
    column_comments: dict[Identifier, str] = Field(
        default_factory=dict, description="Comments on the view's columns (COMMENT ON COLUMN), by column name."
    )
    column_defaults: dict[Identifier, str | int | float | bool] = Field(
        default_factory=dict,
        description="Defaults of the view's columns (ALTER VIEW ... ALTER COLUMN ... SET DEFAULT), by column name: "
        "what an INSERT through the view gives a column it leaves out. A string is an expression, as a table "
        "column's `default:`.",
    )
    owner: Owner = None
    grants: Grants = Field(default_factory=dict)
    column_grants: dict[Identifier, Grants] = Field(
        default_factory=dict, description="Privileges on the view's columns (GRANT ... (column) ON), by column name."
    )
    renamed_from: Identifier | None = Field(
        default=None,
        description="The view's previous name: while only that name exists, the plan renames it (data kept); "
        "inert once the new name exists.",
    )

    security_barrier: BooleanOption | None = Field(default=None, description=_OPTION)
    security_invoker: BooleanOption | None = Field(default=None, description=_OPTION)
    check_option: Literal["local", "cascaded"] | None = Field(
        default=None, json_schema_extra=any_case("local", "cascaded")
    )
    triggers: dict[Identifier, TriggerSpec] = Field(default_factory=dict)
    rules: dict[Identifier, ViewRuleSpec] = Field(
        default_factory=dict, description="Rewrite rules (CREATE RULE ... ON INSERT / UPDATE / DELETE TO the view)."
    )

    # The order the file writes the options in: PostgreSQL keeps reloptions in the order given, and pg_dump
    # prints them so (materialize_views.view_options creates the view with them in this order).
    _option_order: list[str] = PrivateAttr(default_factory=empty_list)

    @field_validator("check_option", mode="before")
    @classmethod
    def _lower(cls, value: object) -> object:
        return value.lower() if isinstance(value, str) else value

    @model_validator(mode="wrap")
    @classmethod
    def _keep_option_order(cls, value: Any, handler: ModelWrapValidatorHandler["ViewSpec"]) -> "ViewSpec":
        view = handler(value)
        if isinstance(value, dict):
            view._option_order = [key for key in value if key in VIEW_OPTIONS]
        return view

    def option_order(self) -> list[str]:
        """The options in the file's order, then any set otherwise (in field order)."""
        return [*self._option_order, *(name for name in VIEW_OPTIONS if name not in self._option_order)]


class MaterializedViewColumnSpec(Strict):
    """What ALTER MATERIALIZED VIEW ... ALTER COLUMN sets on one of its columns (as a table column's fields)."""

    storage: Literal["plain", "external", "extended", "main"] | None = Field(
        default=None, description="SET STORAGE, where not the type's own (how TOAST stores long values)."
    )
    compression: Literal["pglz", "lz4"] | None = Field(
        default=None, description="SET COMPRESSION, as a table column's (left out: default_toast_compression)."
    )
    statistics: int | None = Field(
        default=None, ge=0, le=10000, description="SET STATISTICS: ANALYZE's sample target for this column."
    )
    options: dict[ColumnOption, int | float] = Field(
        default_factory=dict, description="SET (n_distinct = ...): planner estimates."
    )


class MaterializedViewSpec(Strict):
    """A materialized view: its query, whether it is populated, its indexes and storage parameters.

    A new query has no ALTER: the view is dropped and created again (and runs its query).
    """

    query: str = Field(min_length=1)
    with_data: bool = True
    access_method: RelationAccessMethod = None
    renamed_from: Identifier | None = Field(
        default=None,
        description="The materialized view's previous name: while only that name exists, the plan renames it "
        "(data kept); inert once the new name exists.",
    )
    indexes: dict[Identifier, IndexSpec] = Field(default_factory=dict)
    storage: dict[SettingName, StorageValue] = Field(
        default_factory=dict, description="Storage parameters, as in WITH (fillfactor = 70)."
    )
    statistics: dict[Identifier, StatisticsSpec] = Field(
        default_factory=dict,
        description="Extended statistics objects on the materialized view, by name (CREATE STATISTICS), as a "
        "table's; re-created with it when a new query replaces it.",
    )
    comment: str | None = None
    owner: Owner = None
    grants: Grants = Field(default_factory=dict)
    column_comments: dict[Identifier, str] = Field(
        default_factory=dict, description="Comments on its columns (COMMENT ON COLUMN), by column name."
    )
    column_grants: dict[Identifier, Grants] = Field(
        default_factory=dict, description="Privileges on its columns (GRANT ... (column) ON), by column name."
    )
    column_settings: dict[Identifier, MaterializedViewColumnSpec] = Field(
        default_factory=dict,
        description="Storage, statistics target and planner options of its columns (ALTER COLUMN ... SET), by name.",
    )
