"""A large state file as parsed before, kept in its own database for runners that keep no parse cache.

Parsing a large file is most of reading it (0.25 s of a 2,000-table, 1.3 MB file), and the parse cache
(state/parse_cache.py) only helps a machine that parsed the same text before: a CI runner that starts
empty parses every file of every plan. So apply, once a database has converged (the closing plan that
records its normalized units), also records its file's values there (`_reconcile.parsed_files`), under the
parse cache's key of the file's text: the SHA-256 of the text, of how it was parsed and of the parser's code.
A later plan that finds nothing kept on its machine asks the database for that key on the connection it
opened ahead to it (EarlyInspections.parsed_in_target) and, when an entry is there and its signature holds,
takes the values from it instead of parsing, and keeps them in its own parse cache too. `plan` never writes.

Only files of at least MIN_LENGTH characters are asked for: below that, parsing costs less than waiting for
the connection and the query. A document JSON cannot give back exactly (a YAML timestamp) is not recorded.
What comes back is validated and cross-checked exactly as a parsed document is (lines are parsed again only
where an issue needs one), and it is signed like the normalized units (HMAC-SHA256 over key and document,
keyed by RECONCILE_POSTGRES_CACHE_SECRET where set): an entry that fails its signature or is not a JSON
mapping is ignored and the file parsed, so a damaged or hand-edited entry costs a parse, never a different
plan. Without the secret, the signature catches corruption and hand edits, not a forger who can write the
database's `_reconcile` schema and reads this code: set the secret where others than the applying role can.
"""

from __future__ import annotations

import hmac
import json
from typing import Any

import psycopg

from reconciler.postgres.normalization_cache import KEEP, signature

TABLE = "_reconcile.parsed_files"
CREATE = """
CREATE SCHEMA IF NOT EXISTS _reconcile;
CREATE TABLE IF NOT EXISTS _reconcile.parsed_files (
    key text PRIMARY KEY,
    written_at timestamptz NOT NULL DEFAULT now(),
    signature text NOT NULL,
    document text NOT NULL
)
"""
# Parsing 256 KiB of a state file takes about 50 ms; asking the database for it waits for the connection (opened
# ahead as the file is read: 10-50 ms to a nearby server) and one round trip with the transfer.
MIN_LENGTH = 256 * 1024


def read(conn: psycopg.Connection[Any], key: str) -> dict[str, Any] | None:
    """The values kept under `key` (the parse cache's key of a file's text), or None: none kept, or not trusted.

    One statement in one round trip (autocommit: no BEGIN, nothing to roll back), on the idle connection `conn`,
    which is left as it was found; psycopg.Error where the server refuses it (no such table, no privilege).
    """
    autocommit, conn.autocommit = conn.autocommit, True
    try:
        row = conn.execute(f"SELECT signature, document FROM {TABLE} WHERE key = %s", (key,)).fetchone()
    finally:
        if not conn.closed:
            conn.autocommit = autocommit
    if row is None:
        return None
    kept_signature, text = row
    if not hmac.compare_digest(str(kept_signature), signature(key, str(text))):
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def write(conn: psycopg.Connection[Any], key: str, data: dict[str, Any]) -> None:
    """Record a file's values under `key` (apply only; psycopg.Error), or mark the entry there as in use; entries
    no recent write made or marked are deleted."""
    with conn.transaction():
        if conn.execute("SELECT to_regclass(%s)", (TABLE,)).fetchone() == (None,):
            for statement in CREATE.strip().split(";\n"):
                conn.execute(statement.encode())
        if not conn.execute(f"UPDATE {TABLE} SET written_at = now() WHERE key = %s", (key,)).rowcount:
            try:
                text = json.dumps(data, separators=(",", ":"))  # as parse_cache.store writes them
            except (TypeError, ValueError):  # a timestamp, a date: JSON would not give them back as they were
                return
            conn.execute(
                f"INSERT INTO {TABLE} (key, signature, document) VALUES (%s, %s, %s) ON CONFLICT (key) DO UPDATE "
                "SET signature = EXCLUDED.signature, document = EXCLUDED.document, written_at = now()",
                (key, signature(key, text), text),
            )
        conn.execute(
            f"DELETE FROM {TABLE} WHERE written_at < ALL(SELECT DISTINCT written_at FROM {TABLE} "
            "ORDER BY written_at DESC LIMIT %s)",
            (KEEP,),
        )
