"""Publications (logical replication) as a person declares them, at the top of a database file.

A publication publishes every table (`all_tables`), or the tables it lists and the schemas it lists
(FOR TABLES IN SCHEMA). A table is named `schema.table`, as the file declares it, and may publish only some
of its columns (a column list) and only the rows a row filter (`where`) matches. Names are matched against the
file's declared schemas, tables and columns (publications.py), so nothing but a declared name, quoted, reaches
SQL. A row filter is SQL text: checked to be one expression (publications.declaration_issues), then created in
the plan's trial, where PostgreSQL says whether it is one a publication may use (publication_filters.py).
"""

from typing import Literal

from pydantic import ConfigDict, Field, model_validator

from reconciler.field_defaults import empty_list
from reconciler.postgres.spec.common import Identifier, Strict
from reconciler.state.jsonschema import shorthand

PublishAction = Literal["insert", "update", "delete", "truncate"]
PUBLISH_ACTIONS: tuple[PublishAction, ...] = ("insert", "update", "delete", "truncate")


class PublishedTableSpec(Strict):
    """One published table: `schema.table`, or with the columns and rows it publishes."""

    model_config = ConfigDict(
        json_schema_extra=shorthand({"type": "string", "description": "The table, as `schema.table`."})
    )

    table: str = Field(min_length=3, max_length=200, description="`schema.table`: a table the file declares.")
    columns: list[Identifier] = Field(
        default_factory=empty_list, description="The published columns (declared ones); left out: every column."
    )
    where: str | None = Field(
        default=None,
        min_length=1,
        description="The row filter (FOR TABLE t WHERE (...)): one expression over the table's columns, which "
        "PostgreSQL limits to columns, constants and immutable built-in functions and operators; left out: every row.",
    )

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: object) -> object:
        return {"table": value} if isinstance(value, str) else value

    @model_validator(mode="after")
    def _distinct_columns(self) -> "PublishedTableSpec":
        if len(set(self.columns)) != len(self.columns):
            raise ValueError(f"table {self.table!r} lists a column twice")
        return self


class PublicationSpec(Strict):
    """CREATE PUBLICATION: what it publishes and which changes."""

    renamed_from: Identifier | None = Field(
        default=None,
        description="Its previous name: while only that name exists, the plan renames it (ALTER PUBLICATION ... "
        "RENAME TO); inert once the new name exists.",
    )
    all_tables: bool = Field(
        default=False, description="FOR ALL TABLES, present and future (superusers only); no tables or schemas then."
    )
    tables: list[PublishedTableSpec] = Field(
        default_factory=empty_list, description="Declared tables, as `schema.table`, or {table, columns, where}."
    )
    schemas: list[Identifier] = Field(
        default_factory=empty_list, description="FOR TABLES IN SCHEMA: declared schemas (superusers only)."
    )
    publish: list[PublishAction] = Field(
        default_factory=lambda: list(PUBLISH_ACTIONS),
        description="The changes it publishes; left out: all four.",
    )
    publish_via_partition_root: bool = False
    owner: Identifier | None = Field(default=None, description="Its owner. Left out: not compared.")
    comment: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> "PublicationSpec":
        if self.all_tables and (self.tables or self.schemas):
            raise ValueError("a publication of all tables lists no tables or schemas")
        for field, names in (("publish", self.publish), ("schemas", self.schemas)):
            if len(set(names)) != len(names):
                raise ValueError(f"{field} names something twice")
        tables = [t.table for t in self.tables]
        if len(set(tables)) != len(tables):
            raise ValueError("tables names a table twice")
        return self
