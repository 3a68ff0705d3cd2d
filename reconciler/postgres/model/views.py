"""Views and materialized views."""

from collections.abc import Mapping
from typing import Any

from pydantic import Field

from reconciler.postgres.model.node import Node, _source
from reconciler.postgres.model.tables import _STORAGE, COMPRESSION, ExtendedStatistics, Index, Rule, Trigger


class View(Node):
    ORDERED = ("options",)

    schema_name: str
    name: str
    definition: str
    comment: str | None = None
    column_comments: dict[str, str] = Field(default_factory=dict, description="COMMENT ON COLUMN of its columns.")
    column_defaults: dict[str, str] = Field(
        default_factory=dict, description="Its columns' defaults (ALTER VIEW ... SET DEFAULT), as pg_get_expr prints."
    )
    options: dict[str, str] = Field(
        default_factory=dict, description="reloptions: security_barrier, security_invoker, check_option -> value."
    )
    triggers: dict[str, Trigger] = Field(default_factory=dict, description="INSTEAD OF (and statement) triggers.")
    rules: dict[str, Rule] = Field(default_factory=dict, description="Its rewrite rules other than _RETURN.")
    source: str | None = _source()


class ColumnSettings(Node):
    """What ALTER COLUMN ... SET gives a materialized view's column, where any is set (as a table Column's)."""

    ORDERED = ("options",)

    storage: str | None = Field(default=None, description="attstorage by name, where not the type's own.")
    type_storage: str | None = Field(
        default=None,
        exclude=True,
        description="The type's own storage, which SET STORAGE goes back to; never compared.",
    )
    compression: str | None = Field(default=None, description="attcompression by name (pglz, lz4), where set.")
    statistics: int | None = Field(default=None, description="attstattarget, where set (SET STATISTICS).")
    options: dict[str, str] = Field(default_factory=dict, description="attoptions: n_distinct and the like.")

    @classmethod
    def from_catalog(cls, row: Mapping[str, Any]) -> "ColumnSettings":
        """An entry of materialized_views.sql's column_settings (the catalog's letters, as columns.sql has them)."""
        return cls(
            storage=_STORAGE.get(row.get("storage") or ""),
            type_storage=_STORAGE.get(row.get("type_storage") or ""),
            compression=COMPRESSION.get(row.get("compression") or ""),
            statistics=row.get("statistics"),
            options=dict(option.partition("=")[::2] for option in row.get("options") or []),
        )


class MaterializedView(Node):
    ORDERED = ("storage",)

    schema_name: str
    name: str
    definition: str = Field(description="pg_get_viewdef of the materialized view.")
    with_data: bool = True
    access_method: str = Field(default="heap", description="Its table access method (pg_am.amname).")
    indexes: dict[str, Index] = Field(default_factory=dict)
    storage: dict[str, str] = Field(default_factory=dict, description="reloptions: storage parameter -> value.")
    statistics: dict[str, ExtendedStatistics] = Field(default_factory=dict)
    comment: str | None = None
    column_comments: dict[str, str] = Field(default_factory=dict, description="COMMENT ON COLUMN of its columns.")
    column_settings: dict[str, ColumnSettings] = Field(
        default_factory=dict,
        description="Columns with a storage, compression, statistics target or options of their own.",
    )
    source: str | None = _source()
