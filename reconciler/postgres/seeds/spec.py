"""The file format of state/seeds/<database>/<table>.yaml: declared rows of one table."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator


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
    rows: list[dict[str, Any]] = Field(min_length=1)

    @field_validator("rows")
    @classmethod
    def _rows_are_mappings(cls, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        for row in rows:
            if not row:
                raise ValueError("a row must declare at least one column")
        return rows
