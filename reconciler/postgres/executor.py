"""Apply one database's changes: one transaction, an advisory lock, timeouts.

All statements of a database run in a single transaction, sorted by phase,
so a failure anywhere leaves the database exactly as it was. An advisory
lock keyed on the database name keeps two applies from interleaving: the
second waits up to `lock_wait_seconds`, then fails with a clear message.
`lock_timeout` keeps a blocked ALTER from queueing behind a long query while
holding up everyone else.

One exception: new enum labels (ALTER TYPE ... ADD VALUE) are committed in a
transaction of their own just before, since PostgreSQL forbids using a label
in the transaction that adds it; the plan marks those changes as not rolled back.
"""

from __future__ import annotations

import hashlib
import json
import time
from typing import Any

import psycopg
from psycopg import sql

from reconciler.backend import ApplyOptions
from reconciler.changes import Change, Statement
from reconciler.errors import ApplyError
from reconciler.postgres.connection import connect, run_statements, server_message
from reconciler.postgres.ddl import Phase
from reconciler.postgres.differ import live_objects
from reconciler.postgres.identifiers import quote_literal
from reconciler.postgres.inspector import inspect_database
from reconciler.postgres.model import Database
from reconciler.secrets import resolve_tokens

ADVISORY_LOCK_NAMESPACE = "reconcile:postgres:"
# The plan context key holding the digest of the live schema a database's changes were planned from.
LIVE_DIGEST = "live_digest"
ABSENT = "absent"
# Statements sent per round trip: large seed sets become a few hundred round trips, not one per row.
BATCH_SIZE = 200


def create_database(url: str, name: str) -> bool:
    """CREATE DATABASE cannot run inside a transaction, so it runs first, on its own; False if it existed."""
    with connect(url, autocommit=True) as conn:
        try:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        except psycopg.errors.DuplicateDatabase:
            return False
    return True


def _acquire_lock(conn: psycopg.Connection[Any], database: str, wait_seconds: float) -> None:
    deadline = time.monotonic() + wait_seconds
    while True:
        row = conn.execute(
            "SELECT pg_try_advisory_xact_lock(hashtext(%s))", (ADVISORY_LOCK_NAMESPACE + database,)
        ).fetchone()
        if row and row[0]:
            return
        if time.monotonic() >= deadline:
            raise ApplyError(
                f"another reconcile apply is running on database {database!r} "
                f"(waited {wait_seconds:g}s for its advisory lock); nothing was applied, try again when it finishes"
            )
        time.sleep(0.2)


def _text(statement: Statement, revealed: list[str]) -> str:
    return resolve_tokens(statement.sql, quote_literal, revealed) if statement.secrets else statement.sql


def _run_batch(conn: psycopg.Connection[Any], database: str, batch: list[tuple[Statement, Change]]) -> None:
    """Send a batch of statements in one round trip; on failure, find and report the statement that failed.

    The batch runs under a savepoint, so after a failure it can be replayed
    statement by statement to name the culprit; the error then aborts the
    whole transaction, so nothing of the database's plan is kept.
    """
    revealed: list[str] = []
    try:
        with conn.transaction():
            run_statements(conn, [_text(s, revealed) for s, _ in batch])
        return
    except psycopg.Error:
        pass
    for statement, change in batch:
        try:
            with conn.transaction():
                run_statements(conn, [_text(statement, revealed)])
        except psycopg.Error as exc:
            message = server_message(exc, revealed)
            raise ApplyError(
                f"{change.address}: PostgreSQL refused\n    {statement.sql}\n  with: {message}\n"
                f"The transaction was rolled back: nothing in database {database!r} changed."
            ) from None
    raise ApplyError(f"a batch of statements failed on {database!r} but none fails alone; nothing was changed")


def live_digest(live: Database) -> str:
    """A digest of everything the inspector read from a database (`absent` when it does not exist)."""
    if not live.exists:
        return ABSENT
    dump = json.dumps(live_objects(live), sort_keys=True, default=str)
    return hashlib.sha256(dump.encode()).hexdigest()


def _check_unchanged(conn: psycopg.Connection[Any], database: str, context: dict[str, list[str]]) -> None:
    """Refuse to run a plan made from a live schema that has changed since (read under the advisory lock).

    A second apply that waited for the lock of a first one would otherwise run
    statements planned before the first committed ("relation already exists").
    """
    expected = context.get(LIVE_DIGEST, [None])[0]
    if expected is None or expected == ABSENT:
        return
    live = inspect_database(
        conn,
        database,
        context["schemas"],
        extension_schemas=context["extension_schemas"],
        extensions=context["extensions"],
    )
    if live_digest(live) != expected:
        raise ApplyError(
            f"database {database!r} changed after this plan was made (another apply committed while this one "
            "waited, or a change by hand); nothing was applied to it. Run `reconcile plan` again."
        )


def apply_database(
    url: str,
    database: str,
    changes: list[Change],
    search_path: str,
    context: dict[str, list[str]],
    options: ApplyOptions,
) -> list[str]:
    """Run every statement of `changes` in one transaction; return the applied addresses."""
    if any(c.kind == "database" for c in changes):
        created = create_database(url, database)
        if not created and context.get(LIVE_DIGEST) == [ABSENT]:
            raise ApplyError(
                f"database {database!r} was created by someone else after this plan was made; "
                "nothing was applied to it. Run `reconcile plan` again."
            )
    ordered = sorted(
        ((s.phase, index, s, change) for index, change in enumerate(changes) for s in change.statements),
        key=lambda item: (item[0], item[1]),
    )
    first = [(s, c) for phase, _, s, c in ordered if phase == Phase.ENUM_VALUE_COMMITTED_FIRST]
    rest = [(s, c) for phase, _, s, c in ordered if phase != Phase.ENUM_VALUE_COMMITTED_FIRST]
    with connect(url, database) as conn:
        if first:
            context = {**context, LIVE_DIGEST: [_commit_first(conn, database, first, search_path, context, options)]}
        try:
            with conn.transaction():
                _begin(conn, database, search_path, context, options)
                for start in range(0, len(rest), BATCH_SIZE):
                    _run_batch(conn, database, rest[start : start + BATCH_SIZE])
        except ApplyError as exc:
            if first:
                labels = "; ".join(s.sql for s, _ in first)
                raise ApplyError(f"{exc}\nCommitted before it, and kept: {labels}") from None
            raise
    return [c.address for c in changes]


def _begin(
    conn: psycopg.Connection[Any], database: str, search_path: str, context: dict[str, list[str]], options: ApplyOptions
) -> None:
    """Timeouts, the advisory lock, the check that the plan is still current, and the search_path."""
    conn.execute("SELECT set_config('lock_timeout', %s, true)", (options.lock_timeout,))
    conn.execute("SELECT set_config('statement_timeout', %s, true)", (options.statement_timeout,))
    _acquire_lock(conn, database, options.lock_wait_seconds)
    _check_unchanged(conn, database, context)
    conn.execute("SELECT set_config('search_path', %s, true)", (search_path,))


def _commit_first(
    conn: psycopg.Connection[Any],
    database: str,
    statements: list[tuple[Statement, Change]],
    search_path: str,
    context: dict[str, list[str]],
    options: ApplyOptions,
) -> str:
    """Commit new enum labels before the rest (PostgreSQL forbids using a label in the transaction adding it).

    Returns the digest of the live schema with the labels added: the main
    transaction then checks the database against it, so an apply that slipped
    in between is still noticed.
    """
    with conn.transaction():
        _begin(conn, database, search_path, context, options)
        _run_batch(conn, database, statements)
        return live_digest(
            inspect_database(
                conn,
                database,
                context["schemas"],
                extension_schemas=context["extension_schemas"],
                extensions=context["extensions"],
            )
        )
