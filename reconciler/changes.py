"""The Change: the only thing a differ returns and the only thing renderers read.

A Change names one object by address (``postgres.auth_db.table.users.column.email``),
says what happens to it (create / update / replace / delete), carries the
before and after values, whether it destroys data, and the hazards it brings.
Backends whose changes become statements (PostgreSQL) attach them here, each
with a phase that orders it against the statements of other changes, so that
every statement points back to the change that caused it.
"""

import json
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from reconciler.field_defaults import empty_list


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


class TableLock(BaseModel):
    """The lock a statement takes on one table, what it does to the rows, and how many rows the table holds.

    Filled in by backends that lock tables (PostgreSQL: reconciler/postgres/locks.py); renderers show it next to
    the statement and `--max-lock` refuses a plan by it.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    table: str = Field(description="The table, schema-qualified: `public.users`.")
    lock: str = Field(description="PostgreSQL's lock mode on the table, e.g. `ACCESS EXCLUSIVE`.")
    effect: str = Field(description="`rewrite` (copies every row), `scan` (reads every row) or `none`.")
    kind: str = Field(description="What the statement does, the key of the lock rules (e.g. `add_column`).")
    estimated_rows: int | None = Field(
        default=None, description="pg_class.reltuples of the live table; null when unknown (see rows_source)."
    )
    pages: int | None = Field(default=None, description="The live table's size in pages, when it exists.")
    rows_source: str = Field(
        default="unknown",
        description="`reltuples` (estimated_rows is the planner's estimate), `never_analyzed` (unknown: see pages), "
        "`new_table` (created by this plan: empty) or `unknown`.",
    )

    def rows_text(self) -> str:
        """`~2.1M rows`, `new table`, `rows unknown (never analyzed, 12 pages)`."""
        if self.rows_source == "new_table":
            return "new table"
        if self.rows_source != "reltuples" or self.estimated_rows is None:
            pages = "" if self.pages is None else f", {self.pages} page{'' if self.pages == 1 else 's'}"
            return f"rows unknown (never analyzed{pages})"
        return f"~{_short_number(self.estimated_rows)} rows"

    def describe(self) -> str:
        """How the lock is shown next to its statement: `public.items: ACCESS EXCLUSIVE, rewrite, ~2.1M rows`."""
        parts = [self.lock, *([self.effect] if self.effect != "none" else []), self.rows_text()]
        return f"{self.table}: {', '.join(parts)}"


def _short_number(value: int) -> str:
    """2100000 -> `2.1M`, 1500 -> `1.5k`, 42 -> `42`."""
    for limit, suffix in ((1_000_000_000, "G"), (1_000_000, "M"), (1_000, "k")):
        if value >= limit:
            return f"{value / limit:.1f}".removesuffix(".0") + suffix
    return str(value)


class Statement(BaseModel):
    """One operation (an SQL statement, for PostgreSQL) and the phase that orders it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    sql: str = Field(description="The operation as shown to people (SQL, or a Redis command line).")
    phase: int
    args: list[str] | None = Field(default=None, description="The command's arguments, for command-based backends.")
    secrets: bool = Field(default=False, description="Holds ${env:...} tokens the executor resolves when applying.")
    locks: list[TableLock] = Field(default_factory=empty_list, description="The table locks it takes (PostgreSQL).")


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
    hazards: list[Hazard] = Field(default_factory=empty_list)
    statements: list[Statement] = Field(default_factory=empty_list)
    blocked: str | None = Field(default=None, description="Why this change cannot be applied, if it cannot.")
    needs_reindex: bool = Field(default=False, description="Copies data into a new index: needs --allow-reindex.")
    detail: list[str] = Field(default_factory=empty_list, description="Human-readable lines describing what differs.")
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
