"""The normalized desired schema, remembered so that a plan of an unchanged state skips the trial.

Normalizing (creating the declared schema in throwaway schemas and reading it
back) is most of a no-op plan's cost, and a CI drift job normalizes the same
state every time. So apply, once a database has converged, records the
normalized form in that database (`_reconcile.normalized`), keyed by a digest
of everything that can change it: the state file's declaration, the server's
version, the installed extensions and their versions, and reconcile's own
normalization code. A later plan whose key matches reads it instead of
running the trial; `plan` itself never writes.

A cache never hides drift: the live database is always inspected and
compared. An entry that cannot be read back is ignored with a note, and a key
that matches nothing is a normal miss. Databases with seed rows always run the
trial (the rows are checked against the column types there).
`RECONCILE_POSTGRES_CACHE=off` turns the cache off.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import cache
from pathlib import Path
from typing import Any, cast

import psycopg
from pydantic import BaseModel, TypeAdapter, ValidationError

from reconciler.postgres.model import Database
from reconciler.postgres.spec import DatabaseSpec

CACHE_VARIABLE = "RECONCILE_POSTGRES_CACHE"
# Bumped when the cached document's layout changes.
FORMAT = 2
# The code whose output is cached: a change to any of it makes every key new.
_NORMALIZING_CODE = (
    "materialize.py",
    "normalize.py",
    "inspector.py",
    "model.py",
    "spec.py",
    "fragments.py",
    "options_sql.py",
    "privileges.py",
    "partitions.py",
    "comments.py",
)
CREATE = """
CREATE SCHEMA IF NOT EXISTS _reconcile;
CREATE TABLE IF NOT EXISTS _reconcile.normalized (
    key text PRIMARY KEY,
    written_at timestamptz NOT NULL DEFAULT now(),
    document jsonb NOT NULL
)
"""
# Only the newest entries are kept: one per state version a database has converged to recently.
KEEP = 20


def enabled() -> bool:
    return os.environ.get(CACHE_VARIABLE, "on").strip().lower() not in ("off", "0", "false", "no")


@cache
def code_digest() -> str:
    folder = Path(__file__).parent
    digest = hashlib.sha256(str(FORMAT).encode())
    for name in _NORMALIZING_CODE:
        digest.update((folder / name).read_bytes())
    for query in sorted((folder / "queries").glob("*.sql")):
        digest.update(query.read_bytes())
    return digest.hexdigest()


def cache_key(conn: psycopg.Connection[Any], spec: DatabaseSpec) -> str:
    """The digest of everything that decides what normalizing `spec` on this server gives."""
    rows = conn.execute("SELECT extname, extversion FROM pg_extension ORDER BY 1").fetchall()
    parts = {
        "code": code_digest(),
        "server": conn.info.server_version,
        "extensions": [list(row) for row in rows],
        "spec": spec.model_dump(mode="json", by_alias=True),
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def _excluded(node: BaseModel, path: list[str | int], found: dict[str, Any]) -> None:
    """Every field a dump leaves out (the state file's own SQL of an object, its dependencies), by path."""
    for name, info in type(node).model_fields.items():
        value = getattr(node, name)
        if info.exclude:
            if value is not None and value != {} and value != []:
                found[json.dumps([*path, name])] = _adapter(cast(Any, info.annotation)).dump_python(value, mode="json")
        elif isinstance(value, BaseModel):
            _excluded(value, [*path, name], found)
        elif isinstance(value, dict):
            for key, item in value.items():
                if isinstance(item, BaseModel):
                    _excluded(item, [*path, name, key], found)


def _document(desired: Database) -> dict[str, Any]:
    """The model's dump, plus what the dump leaves out (so a cached schema creates objects as the trial's does)."""
    excluded: dict[str, Any] = {}
    _excluded(desired, [], excluded)
    return {"model": desired.model_dump(mode="json"), "excluded": excluded}


def _restore(document: dict[str, Any]) -> Database:
    desired = Database.model_validate(document["model"])
    for path, value in document["excluded"].items():
        *where, name = json.loads(path)
        node: Any = desired
        for step in where:
            node = node[step] if isinstance(node, dict) else getattr(node, step)
        info = type(node).model_fields.get(name)
        if info is None or not info.exclude:
            raise ValueError(f"{path} is not a field the dump leaves out")
        setattr(node, name, _adapter(info.annotation).validate_python(value))
    return desired


@cache
def _adapter(annotation: Any) -> TypeAdapter[Any]:
    return TypeAdapter(annotation)


def read(conn: psycopg.Connection[Any], key: str, notes: list[str]) -> Database | None:
    """The normalized schema recorded under `key`, or None (a miss, or an entry that cannot be trusted)."""
    with conn.transaction(force_rollback=True):
        conn.execute("SET TRANSACTION READ ONLY")
        if conn.execute("SELECT to_regclass('_reconcile.normalized')").fetchone() == (None,):
            return None
        row = conn.execute("SELECT document FROM _reconcile.normalized WHERE key = %s", (key,)).fetchone()
    if row is None:
        return None
    try:
        return _restore(row[0])
    except (ValidationError, KeyError, IndexError, TypeError, ValueError, AttributeError):
        notes.append(
            f"postgres {conn.info.dbname}: the recorded normalized schema could not be read back; "
            "normalized it again (the next converged apply records it anew)"
        )
        return None


def write(conn: psycopg.Connection[Any], key: str, desired: Database) -> None:
    """Record the normalized schema a database has just converged to (apply only; raises psycopg.Error)."""
    with conn.transaction():
        if conn.execute("SELECT to_regclass('_reconcile.normalized')").fetchone() == (None,):
            for statement in CREATE.strip().split(";\n"):
                conn.execute(statement.encode())
        conn.execute(
            "INSERT INTO _reconcile.normalized (key, document) VALUES (%s, %s) "
            "ON CONFLICT (key) DO UPDATE SET document = EXCLUDED.document, written_at = now()",
            (key, json.dumps(_document(desired))),
        )
        conn.execute(
            "DELETE FROM _reconcile.normalized WHERE key NOT IN "
            "(SELECT key FROM _reconcile.normalized ORDER BY written_at DESC LIMIT %s)",
            (KEEP,),
        )
