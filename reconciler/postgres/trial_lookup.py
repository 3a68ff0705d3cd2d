"""Database-wide entries of a state file (casts, event triggers, access methods) looked up in the plan's trial,
in one query.

Their names are resolved by PostgreSQL (to_regtype, to_regprocedure) after the trial's objects exist. When
the query fails as a whole (a name PostgreSQL's parser refuses), each entry is looked up alone, so the
error names every entry it refuses and nothing else.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

import psycopg
from psycopg.rows import dict_row

from reconciler.errors import StateError, StateIssue
from reconciler.postgres import schema_references

if TYPE_CHECKING:
    from reconciler.postgres.spec.database import DatabaseSpec

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


# Each declared function signature as the trial resolves it, always schema-qualified (as the inspector reads the
# live ones), whether it is a function returning the expected type, and the function of the managed (throwaway)
# schemas it is. NULL where a signature resolves to nothing.
_FUNCTIONS = """
WITH declared AS (
    SELECT u.position, to_regprocedure(u.signature) AS function
    FROM unnest(%(signatures)s::text[]) WITH ORDINALITY AS u (signature, position)
)
SELECT d.position, quote_ident(n.nspname) || '.' || quote_ident(p.proname) AS function,
       p.prokind = 'f' AND p.prorettype = %(returns)s::regtype AS returns_expected,
       CASE WHEN n.nspname = ANY(%(schemas)s) THEN json_build_object('schema', n.nspname, 'name', p.proname) END
           AS needed_function
FROM declared d
LEFT JOIN pg_proc p ON p.oid = d.function
LEFT JOIN pg_namespace n ON n.oid = p.pronamespace
ORDER BY d.position
"""


def functions(
    conn: psycopg.Connection[Any], signatures: list[str], schemas: list[str], returns: str
) -> list[dict[str, Any]]:
    """One row per signature, in order: `function` (qualified name), `returns_expected`, `needed_function`."""
    parameters = {"signatures": signatures, "schemas": schemas, "returns": returns}
    with conn.cursor(row_factory=dict_row) as cursor:
        return cursor.execute(_FUNCTIONS, parameters).fetchall()


@dataclass(frozen=True)
class _Function:
    """One entry's function as the trial reads it: moved to the throwaway schemas, with the entry's field."""

    name: str
    signature: str
    path: tuple[str | int, ...]


def function_rows(
    conn: psycopg.Connection[Any],
    spec: DatabaseSpec,
    field: tuple[str, str],
    signatures: Mapping[str, str],
    physical: dict[str, str],
    returns: str,
    locate: Locator,
) -> list[tuple[str, dict[str, Any]]]:
    """(entry name, `functions` row) for each entry's function signature, as the file names it.

    `field` is (section, key) of the entries' paths (("event_triggers", "function")); StateError naming each
    entry PostgreSQL refuses.
    """
    section, key = field
    names = schema_references.declared_names(spec)
    declared = [
        _Function(name, schema_references.to_physical(text, names, physical)[0], (section, name, key))
        for name, text in signatures.items()
    ]

    def read(conn: psycopg.Connection[Any], entries: list[_Function], schemas: list[str]) -> list[dict[str, Any]]:
        return functions(conn, [entry.signature for entry in entries], schemas, returns)

    rows = lookup(conn, declared, list(physical.values()), read, lambda entry: entry.path, locate)
    return [(declared[row["position"] - 1].name, row) for row in rows]
