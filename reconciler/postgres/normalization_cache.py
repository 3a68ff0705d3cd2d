"""The normalized desired schema, remembered per object so that a plan normalizes only what changed.

Normalizing (creating the declared schema in throwaway schemas and reading it
back) is most of a no-op plan's cost, and a CI drift job normalizes the same
state every time. So apply, once a database has converged, records the
normalized form in that database (`_reconcile.normalized_units`), one entry
per table and one for everything else (normalization_units says what each
unit's key digests: its declaration, what it needs, the server's version,
the installed extensions with their versions and schemas, the schemas, and reconcile's
own normalization code). A later plan reads the entries of its keys and
runs the trial only for the units none matches (incremental_normalize);
`plan` itself never writes. A fresh CI runner needs nothing local: the
cache lives in the target, written by the apply that converged it.

A cache never hides drift: the live database is always inspected and
compared. Every entry is signed (HMAC-SHA256 over its key and document);
with RECONCILE_POSTGRES_CACHE_SECRET set the key is that secret, so someone
who can write the target but does not know the secret cannot forge an
entry that makes the desired schema match a drifted live one. Without it,
the signature still catches corruption and hand edits. An entry that fails
its signature or cannot be read back is ignored with a note, and a key that
matches nothing is a normal miss. Seed rows are checked against the live
tables when the schema has nothing to change (seeds.on_live.stage_on_live),
and in the whole trial otherwise.
`RECONCILE_POSTGRES_CACHE=off` turns the cache off.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import threading
from functools import cache
from pathlib import Path
from typing import Any, cast

import psycopg
from pydantic import BaseModel, TypeAdapter, ValidationError

from reconciler.postgres.connection import default_versions
from reconciler.postgres.model import Database
from reconciler.postgres.spec.database import DatabaseSpec

CACHE_VARIABLE = "RECONCILE_POSTGRES_CACHE"
# Bumped when the cached document's layout changes.
FORMAT = 4
# The code whose output is cached: a change to any of it makes every key new.
_NORMALIZING_CODE = (
    "materialize.py",
    "materialize_foreign_keys.py",
    "materialize_routines.py",
    "materialize_sources.py",
    "materialize_tables.py",
    "materialize_types.py",
    "materialize_views.py",
    "normalize.py",
    "inspector.py",
    "spec/__init__.py",
    "spec/access.py",
    "spec/common.py",
    "spec/database.py",
    "spec/routines.py",
    "spec/tables.py",
    "spec/constraints.py",
    "spec/types.py",
    "spec/views.py",
    "fragments.py",
    "fragments_tables.py",
    "options_sql.py",
    "privileges.py",
    "partitions.py",
    "comments.py",
    "normalization_units.py",
    "overloads.py",
    "role_references.py",
    "user_types.py",
    "collations.py",
    "aggregates.py",
    "operators.py",
    "spec/operators.py",
    "text_search.py",
    "spec/text_search.py",
    "operator_classes.py",
    "operator_families.py",
    "database_settings.py",
    "spec/operator_classes.py",
    "foreign_data.py",
    "spec/foreign_data.py",
    "undeclarable.py",
    "owners.py",
    "casts.py",
    "user_casts.py",
    "spec/casts.py",
    "publications.py",
    "publication_filters.py",
    "spec/publications.py",
    "event_triggers.py",
    "trial_lookup.py",
    "spec/event_triggers.py",
    "access_methods.py",
    "spec/access_methods.py",
    "languages.py",
    "spec/languages.py",
    "database_default_privileges.py",
    "internal_functions.py",
)
TABLE = "_reconcile.normalized_units"
CREATE = """
CREATE SCHEMA IF NOT EXISTS _reconcile;
DROP TABLE IF EXISTS _reconcile.normalized;
CREATE TABLE IF NOT EXISTS _reconcile.normalized_units (
    key text PRIMARY KEY,
    written_at timestamptz NOT NULL DEFAULT now(),
    signature text NOT NULL,
    document text NOT NULL
)
"""
# Units are kept while one of the newest KEEP converged applies used them.
KEEP = 20
SECRET_VARIABLE = "RECONCILE_POSTGRES_CACHE_SECRET"
# Without a secret the signature still catches corruption and hand edits, not a forger who reads this code.
_UNKEYED = b"reconcile-postgres-normalization-cache"


def enabled() -> bool:
    return os.environ.get(CACHE_VARIABLE, "on").strip().lower() not in ("off", "0", "false", "no")


_CODE_DIGEST_LOCK = threading.Lock()


def code_digest() -> str:
    """The digest of reconcile's normalizing code, its model and its queries (a hundred files), read once per process.

    A server's databases are planned on threads of their own that all start by asking for it: the lock lets the
    first read the files and the others wait for its answer instead of each reading them too (functools.cache
    does not hold back concurrent first calls).
    """
    with _CODE_DIGEST_LOCK:
        return _code_digest()


@cache
def _code_digest() -> str:
    folder = Path(__file__).parent
    digest = hashlib.sha256(str(FORMAT).encode())
    for name in _NORMALIZING_CODE:
        digest.update((folder / name).read_bytes())
    for module in sorted((folder / "model").glob("*.py")):  # the model the units are stored as
        digest.update(module.read_bytes())
    for query in sorted((folder / "queries").glob("*.sql")):
        digest.update(query.read_bytes())
    return digest.hexdigest()


def server_version(conn: psycopg.Connection[Any]) -> int:
    """The server's version number (150004): a minor release may print catalogs differently too."""
    return conn.info.server_version


def context_digest(conn: psycopg.Connection[Any], spec: DatabaseSpec) -> str:
    """The digest of what the server adds to every unit's key: its version, extensions (their versions and
    schemas: a type's name reads differently once its extension moved) and reconcile's code."""
    installed = conn.execute(
        "SELECT e.extname, e.extversion, n.nspname FROM pg_extension e "
        "JOIN pg_namespace n ON n.oid = e.extnamespace ORDER BY 1"
    ).fetchall()
    defaults = default_versions(conn, [e.name for e in spec.extensions])
    parts = {
        "code": code_digest(),
        "server": server_version(conn),
        "extensions": [list(row) for row in installed],
        "default_versions": [[name, version] for name, version in sorted(defaults.items())],
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def _put_excluded(node: BaseModel, dumped: dict[str, Any]) -> None:
    """Put back into `dumped` every field a dump leaves out (the state file's own SQL of an object, its needs)."""
    for name, info in type(node).model_fields.items():
        value = getattr(node, name)
        if info.exclude:
            if value is not None and value != {} and value != []:
                dumped[name] = _adapter(cast(Any, info.annotation)).dump_python(value, mode="json")
        elif isinstance(value, BaseModel):
            _put_excluded(value, dumped[name])
        elif isinstance(value, dict):
            for key, item in value.items():
                if isinstance(item, BaseModel):
                    _put_excluded(item, dumped[name][key])


def _document(desired: Database) -> dict[str, Any]:
    """The model's dump with what a dump leaves out, so a cached schema creates objects as the trial's does.

    One document, so that pydantic's JSON parser restores a unit, excluded fields and all, in one pass. Fields at
    their defaults are left out (restoring fills them in again): a 2,000-table file's units were 14.2 MB with
    them and 5.5 MB without, and restoring them took 0.16 s against 0.11-0.13 s.
    """
    document = desired.model_dump(mode="json", exclude_defaults=True)
    _put_excluded(desired, document)
    return document


def _restore(text: str) -> Database:
    return Database.model_validate_json(text)


@cache
def _adapter(annotation: Any) -> TypeAdapter[Any]:
    return TypeAdapter(annotation)


def _secret() -> bytes:
    return os.environ.get(SECRET_VARIABLE, "").encode() or _UNKEYED


def signature(key: str, text: str, secret: bytes | None = None) -> str:
    """HMAC-SHA256 of an entry's key and document (RECONCILE_POSTGRES_CACHE_SECRET, or the unkeyed default)."""
    return hmac.new(secret or _secret(), f"{key}\n{text}".encode(), hashlib.sha256).hexdigest()


class Carried:
    """Units one command has normalized, by key, for its later plans: apply's closing plan reuses its first plan's.

    A key digests the server, its extensions and reconcile's code, so a unit whose context the apply changed
    (an extension updated) is a miss here as in the target. Kept and handed out as copies: the plan goes on to
    change the schema it joins from them.
    """

    def __init__(self) -> None:
        self._units: dict[str, Database] = {}

    def keep(self, units: dict[str, Database]) -> None:
        for key, unit in units.items():
            self._units[key] = unit.model_copy(deep=True)

    def take(self, keys: list[str]) -> dict[str, Database]:
        return {key: self._units[key].model_copy(deep=True) for key in keys if key in self._units}


def read(conn: psycopg.Connection[Any], keys: list[str], notes: list[str]) -> dict[str, Database]:
    """The recorded units among `keys` that can be trusted; the others are misses (with a note when not trusted)."""
    with conn.transaction(force_rollback=True):
        conn.execute("SET TRANSACTION READ ONLY")
        if conn.execute("SELECT to_regclass(%s)", (TABLE,)).fetchone() == (None,):
            return {}
        rows = conn.execute(f"SELECT key, signature, document FROM {TABLE} WHERE key = ANY(%s)", (keys,)).fetchall()
    found: dict[str, Database] = {}
    untrusted = 0
    secret = _secret()
    for key, signed, text in rows:
        try:
            if not hmac.compare_digest(str(signed), signature(key, text, secret)):
                raise ValueError("signature")
            found[key] = _restore(text)
        except (ValidationError, KeyError, IndexError, TypeError, ValueError, AttributeError):
            untrusted += 1
    if untrusted:
        notes.append(
            f"postgres {conn.info.dbname}: {untrusted} recorded normalized object(s) failed their signature or "
            "could not be read back (corrupted, edited, or signed with another RECONCILE_POSTGRES_CACHE_SECRET); "
            "normalized them again (the next converged apply records them anew)"
        )
    return found


def write(conn: psycopg.Connection[Any], new: dict[str, Database], current: list[str]) -> None:
    """Record newly normalized units and mark the state's `current` units as in use (apply only; psycopg.Error).

    Every write is one generation (one written_at); units not in the newest KEEP generations are deleted.
    """
    with conn.transaction():
        if conn.execute("SELECT to_regclass(%s)", (TABLE,)).fetchone() == (None,):
            for statement in CREATE.strip().split(";\n"):
                conn.execute(statement.encode())
        rows = []
        for key, fragment in new.items():
            # Key order is kept: it is the order of columns, attributes and labels.
            text = json.dumps(_document(fragment), separators=(",", ":"))
            rows.append((key, signature(key, text), text))
        with conn.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {TABLE} (key, signature, document) VALUES (%s, %s, %s) ON CONFLICT (key) DO UPDATE "
                "SET signature = EXCLUDED.signature, document = EXCLUDED.document, written_at = now()",
                rows,
            )
        conn.execute(f"UPDATE {TABLE} SET written_at = now() WHERE key = ANY(%s)", (current,))
        conn.execute(
            f"DELETE FROM {TABLE} WHERE written_at < ALL(SELECT DISTINCT written_at FROM {TABLE} "
            "ORDER BY written_at DESC LIMIT %s)",
            (KEEP,),
        )
