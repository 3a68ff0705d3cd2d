"""Database-wide entries of a state file (casts, event triggers) looked up in the plan's trial, in one query.

Their names are resolved by PostgreSQL (to_regtype, to_regprocedure) after the trial's objects exist. When
the query fails as a whole (a name PostgreSQL's parser refuses), each entry is looked up alone, so the
error names every entry it refuses and nothing else.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import psycopg

from reconciler.errors import StateError, StateIssue

Locator = Callable[[tuple[str | int, ...], str], StateIssue]
Entry = TypeVar("Entry")
# The rows of a lookup of `entries`, reading `schemas` (the trial's throwaway ones) for what they need.
Read = Callable[[psycopg.Connection[Any], list[Entry], list[str]], list[dict[str, Any]]]


def lookup(
    conn: psycopg.Connection[Any],
    entries: list[Entry],
    schemas: list[str],
    read: Read[Entry],
    path_of: Callable[[Entry], tuple[str | int, ...]],
    locate: Locator,
) -> list[dict[str, Any]]:
    """`read`'s rows for every entry; StateError naming each entry PostgreSQL refuses when the query fails."""
    try:
        with conn.transaction():
            return read(conn, entries, schemas)
    except psycopg.Error as exc:
        issues = []
        for entry in entries:
            try:
                with conn.transaction():
                    read(conn, [entry], [])
            except psycopg.Error as refused:
                issues.append(locate(path_of(entry), f"PostgreSQL rejects this: {refused.diag.message_primary}"))
        if not issues:
            raise
        raise StateError(issues) from exc
