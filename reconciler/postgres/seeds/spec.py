"""The file format of state/seeds/<database>/<table>.yaml: declared rows of one table."""

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ReferenceSpec(Strict):
    """A row field that names another table's row by its natural key instead of its id.

    `role: {column: role_id, table: roles, key: name}` turns `role: ADMIN` into
    `role_id = (SELECT id FROM roles WHERE name = 'ADMIN')`, resolved inside the
    apply transaction, so rows created earlier in the same apply are found.
    """

    column: str = Field(description="The referencing column of this table, e.g. role_id.")
    table: str = Field(description="The referenced table, e.g. roles (or schema.table).")
    key: str = Field(description="The referenced table's natural key column, e.g. name.")
    target: str | None = Field(
        default=None, description="The referenced table's column stored in `column`; default: from the foreign key."
    )


class SeedFileSpec(Strict):
    """One seed file."""

    table: str | None = Field(default=None, description="Default: the file name; schema.table for other schemas.")
    key: list[str] = Field(min_length=1, description="Natural key: row fields that identify a row.")
    policy: Literal["managed", "create_only"] = "managed"
    prune: bool = Field(default=False, description="Delete rows whose key is not declared (destructive).")
    references: dict[str, ReferenceSpec] = Field(default_factory=dict)
    secrets: dict[str, Literal["plain", "argon2"]] = Field(
        default_factory=dict, description="Columns holding ${env:...} secrets; argon2 columns store a hash."
    )
    rows: list[dict[str, Any]] | None = Field(default=None, min_length=1)
    rows_from: str | None = Field(
        default=None,
        description="A CSV file next to this one whose header names the row fields (instead of rows); "
        "an empty cell is NULL.",
    )

    @field_validator("rows")
    @classmethod
    def _rows_are_mappings(cls, rows: list[dict[str, Any]] | None) -> list[dict[str, Any]] | None:
        for row in rows or []:
            if not row:
                raise ValueError("a row must declare at least one column")
        return rows

    @model_validator(mode="after")
    def _one_source_of_rows(self) -> "SeedFileSpec":
        if (self.rows is None) == (self.rows_from is None):
            raise ValueError("declare the rows either in `rows` or in a CSV file named by `rows_from`")
        return self
