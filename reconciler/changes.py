"""The Change: the only thing a differ returns and the only thing renderers read.

A Change names one object by address (``postgres.auth_db.table.users.column.email``),
says what happens to it (create / update / replace / delete), carries the
before and after values, whether it destroys data, and the hazards it brings.
Backends whose changes become statements (PostgreSQL) attach them here, each
with a phase that orders it against the statements of other changes, so that
every statement points back to the change that caused it.
"""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Action(StrEnum):
    """What a change does, with Terraform's vocabulary."""

    CREATE = "create"
    UPDATE = "update"
    REPLACE = "replace"
    DELETE = "delete"

    @property
    def symbol(self) -> str:
        return {"create": "+", "update": "~", "replace": "±", "delete": "-"}[self.value]


class Hazard(BaseModel):
    """A risk an operator should know about before applying a change."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str
    message: str


class Statement(BaseModel):
    """One operation (an SQL statement, for PostgreSQL) and the phase that orders it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    sql: str = Field(description="The operation as shown to people (SQL, or a Redis command line).")
    phase: int
    args: list[str] | None = Field(default=None, description="The command's arguments, for command-based backends.")
    secrets: bool = Field(default=False, description="Holds ${env:...} tokens the executor resolves when applying.")


class Change(BaseModel):
    """One planned change to one object of one backend."""

    model_config = ConfigDict(extra="forbid")

    backend: str
    scope: str = Field(description="The unit applied together, e.g. a PostgreSQL database name.")
    address: str
    kind: str
    action: Action
    before: Any = None
    after: Any = None
    destructive: bool = False
    hazards: list[Hazard] = Field(default_factory=list)
    statements: list[Statement] = Field(default_factory=list)
    blocked: str | None = Field(default=None, description="Why this change cannot be applied, if it cannot.")
    needs_reindex: bool = Field(default=False, description="Copies data into a new index: needs --allow-reindex.")
    detail: list[str] = Field(default_factory=list, description="Human-readable lines describing what differs.")
    sensitive: bool = Field(default=False, description="Before/after hold masked secret values.")
    tenant: str | None = Field(
        default=None,
        description="PostgreSQL: the schema a schema template's change is for; applied in a transaction of its own.",
    )

    def matches(self, targets: list[str]) -> bool:
        """True when no targets are given or the address is one of them or lies under one."""
        if not targets:
            return True
        return any(self.address == t or self.address.startswith(t + ".") for t in targets)


def rest_call(method: str, path: str, body: object = None, phase: int = 10) -> Statement:
    """A REST call as a statement: shown as `PUT /name {...}`, with method, path and JSON body as its args."""
    payload = json.dumps(body, sort_keys=True) if body is not None else ""
    return Statement(sql=f"{method} {path} {payload}".rstrip(), phase=phase, args=[method, path, payload])
