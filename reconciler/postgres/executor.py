"""Apply one database's changes: one transaction, an advisory lock, timeouts.

All statements of a database run in a single transaction, sorted by phase,
so a failure anywhere leaves the database exactly as it was. An advisory
lock keyed on the database name keeps two applies from interleaving: the
second waits up to `lock_wait_seconds`, then fails with a clear message.
`lock_timeout` keeps a blocked ALTER from queueing behind a long query while
holding up everyone else.

Two exceptions, both marked in the plan as not rolled back:
- new enum labels (ALTER TYPE ... ADD VALUE) are committed in a transaction
  of their own just before, since PostgreSQL forbids using a label in the
  transaction that adds it;
- online changes to existing tables (differ/online.py: CREATE INDEX
  CONCURRENTLY, VALIDATE CONSTRAINT, ADD CONSTRAINT ... USING INDEX) run after
  the transaction commits, one statement at a time, under a session-level
  advisory lock. On failure the message lists which of them ran.

A statement that waits longer than lock_timeout is tried again, up to
`lock_retries` times with a doubling pause, each retry noted: the whole
transaction (it rolled back), or the one online statement (unless a failed
concurrent build left an INVALID index behind, which the next plan replaces).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from functools import partial
from typing import Any, TypeVar

import psycopg
from psycopg import sql

from reconciler.backend import ApplyOptions
from reconciler.changes import Change, Statement
from reconciler.errors import ApplyError
from reconciler.postgres.connection import run_statements, server_message
from reconciler.postgres.ddl import Phase, outside_transaction
from reconciler.postgres.differ.addresses import digested, json_digest
from reconciler.postgres.identifiers import quote_literal
from reconciler.postgres.inspector import inspect_database
from reconciler.postgres.kept_connections import KeptConnections, borrowed
from reconciler.postgres.model import Database
from reconciler.postgres.steps import prepare as prepare_steps
from reconciler.secrets import resolve_tokens

ADVISORY_LOCK_NAMESPACE = "reconcile:postgres:"
# The plan context key holding the digest of the live schema a database's changes were planned from.
LIVE_DIGEST = "live_digest"
# ... and the server's snapshot (pg_current_snapshot) taken just before that schema was read.
LIVE_SNAPSHOT = "live_snapshot"
ABSENT = "absent"
# Transaction ids assigned since the plan's snapshot that apply looks up before it inspects the database again.
SNAPSHOT_IDS_CHECKED = 1000
_SNAPSHOT = re.compile(r"(\d+):(\d+):((?:\d+(?:,\d+)*)?)")
# Statements sent per round trip: large seed sets become a few hundred round trips, not one per row.
BATCH_SIZE = 200
# The pause before the first retry after a lock timeout; it doubles for each further one.
LOCK_RETRY_BACKOFF_SECONDS = 1.0
# The index a CREATE INDEX CONCURRENTLY builds (ddl_indexes.create_index_concurrently,
# ddl_constraints.add_unique_concurrently).
_CONCURRENT_INDEX = re.compile(
    r'^CREATE (?:UNIQUE )?INDEX CONCURRENTLY (?P<name>"(?:[^"]|"")+"|\S+) ON (?P<schema>"(?:[^"]|"")+"|[^".\s]+)\.'
)
T = TypeVar("T")


class LockTimeout(ApplyError):
    """A statement waited longer than lock_timeout; what it belonged to was rolled back and may be tried again."""


def create_database(url: str, name: str, kept: KeptConnections | None = None) -> bool:
    """CREATE DATABASE cannot run inside a transaction, so it runs first, on its own; False if it existed."""
    with borrowed(kept, url, autocommit=True) as conn:
        try:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        except psycopg.errors.DuplicateDatabase:
            return False
    return True


def _acquire_lock(conn: psycopg.Connection[Any], database: str, wait_seconds: float, *, session: bool = False) -> None:
    """The advisory lock of applies to `database`: until the transaction ends, or the session's own for `session`."""
    deadline = time.monotonic() + wait_seconds
    function = "pg_try_advisory_lock" if session else "pg_try_advisory_xact_lock"
    while True:
        row = conn.execute(f"SELECT {function}(hashtext(%s))", (ADVISORY_LOCK_NAMESPACE + database,)).fetchone()
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
    except psycopg.errors.LockNotAvailable as exc:
        # Replaying would wait again (or, the lock freed meanwhile, find no culprit): the transaction is retried.
        raise LockTimeout(
            f"a statement on database {database!r} waited longer than lock_timeout: {server_message(exc, revealed)}\n"
            f"The transaction was rolled back: nothing in database {database!r} changed."
        ) from None
    except psycopg.Error:
        pass
    for statement, change in batch:
        try:
            with conn.transaction():
                run_statements(conn, [_text(statement, revealed)])
        except psycopg.Error as exc:
            message = server_message(exc, revealed)
            error = LockTimeout if isinstance(exc, psycopg.errors.LockNotAvailable) else ApplyError
            raise error(
                f"{change.address}: PostgreSQL refused\n    {statement.sql}\n  with: {message}\n"
                f"The transaction was rolled back: nothing in database {database!r} changed."
            ) from None
    raise ApplyError(f"a batch of statements failed on {database!r} but none fails alone; nothing was changed")


def live_digest(live: Database) -> str:
    """A digest of everything the inspector read from a database (`absent` when it does not exist).

    The whole model: database-wide kinds, settings, owners and comments too, so that one changed by hand after
    the plan read it refuses the plan rather than being set back by it. Dumped with sorted keys, so that
    mappings read in another order digest the same, and without the fields at their defaults (differ/addresses.py:
    digested), the same information in a third of the JSON: at 2,000 tables (bench/pg_plan.py) the digest took
    0.65-1.2 s of CPU in full and takes 0.3-0.4 s.
    """
    if not live.exists:
        return ABSENT
    return json_digest(digested(live))


def _check_unchanged(conn: psycopg.Connection[Any], database: str, context: dict[str, list[str]]) -> None:
    """Refuse to run a plan made from a live schema that has changed since (read under the advisory lock).

    A second apply that waited for the lock of a first one would otherwise run
    statements planned before the first committed ("relation already exists").
    """
    expected = context.get(LIVE_DIGEST, [None])[0]
    if expected is None or expected == ABSENT:
        return
    if nothing_committed_since(conn, context.get(LIVE_SNAPSHOT, [""])[0]):
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


def nothing_committed_since(conn: psycopg.Connection[Any], snapshot: str) -> bool:
    """Whether no transaction has committed on the server since `snapshot` (pg_current_snapshot() as text).

    Every catalog change commits under a transaction id. Those that could have committed since the snapshot are
    the ones it saw running (its xip list) and the ones assigned after it (from its xmax to the current one): when
    each of them aborted (a plan's own trial always does) or is still running (its changes are invisible to a new
    inspection as well), the database is as the plan read it. Anything else (a commit, an unknown or malformed
    snapshot, more ids than SNAPSHOT_IDS_CHECKED) proves nothing, and apply inspects the database again.
    """
    planned, current = _SNAPSHOT.fullmatch(snapshot), _SNAPSHOT.fullmatch(_current_snapshot(conn))
    if planned is None or current is None:
        return False
    start, end = int(planned[2]), int(current[2])
    running = [int(xid) for xid in planned[3].split(",") if xid]
    if end < start or end - start + len(running) > SNAPSHOT_IDS_CHECKED:
        return False
    ids = [*running, *range(start, end)]
    if not ids:
        return True
    try:
        with conn.transaction():  # a savepoint: a role refused pg_xact_status inspects again instead
            row = conn.execute(
                "SELECT count(*) FROM unnest(%s::text[]) AS id "
                "WHERE coalesce(pg_xact_status(id::xid8), 'unknown') NOT IN ('aborted', 'in progress')",
                ([str(xid) for xid in ids],),
            ).fetchone()
    except psycopg.Error:
        return False
    return row is not None and row[0] == 0


def _current_snapshot(conn: psycopg.Connection[Any]) -> str:
    row = conn.execute("SELECT pg_current_snapshot()::text").fetchone()
    return str(row[0]) if row else ""


Pair = tuple[Statement, Change]


def split_phases(changes: list[Change]) -> tuple[list[Pair], list[Pair], list[Pair]]:
    """(committed first, in the transaction, online after it), each in phase order, then plan order."""
    ordered = sorted(
        ((s.phase, index, s, change) for index, change in enumerate(changes) for s in change.statements),
        key=lambda item: (item[0], item[1]),
    )
    first = [(s, c) for phase, _, s, c in ordered if phase == Phase.ENUM_VALUE_COMMITTED_FIRST]
    online = [(s, c) for phase, _, s, c in ordered if outside_transaction(phase)]
    rest = [
        (s, c)
        for phase, _, s, c in ordered
        if phase != Phase.ENUM_VALUE_COMMITTED_FIRST and not outside_transaction(phase)
    ]
    return first, rest, online


def apply_database(
    url: str,
    database: str,
    changes: list[Change],
    search_path: str,
    context: dict[str, list[str]],
    options: ApplyOptions,
    kept: KeptConnections | None = None,
) -> list[str]:
    """Run every statement of `changes` in one transaction; return the applied addresses."""
    if any(c.kind == "database" for c in changes):
        created = create_database(url, database, kept)
        if not created and context.get(LIVE_DIGEST) == [ABSENT]:
            raise ApplyError(
                f"database {database!r} was created by someone else after this plan was made; "
                "nothing was applied to it. Run `reconcile plan` again."
            )
    first, rest, online = split_phases(changes)
    with borrowed(kept, url, database) as conn:
        if first:
            digest = _commit_first(conn, database, first, search_path, context, options)
            context = {**{k: v for k, v in context.items() if k != LIVE_SNAPSHOT}, LIVE_DIGEST: [digest]}

        def transaction() -> None:
            with conn.transaction():
                _begin(conn, database, search_path, context, options)
                prepare_steps(conn, database, changes)
                for start in range(0, len(rest), BATCH_SIZE):
                    _run_batch(conn, database, rest[start : start + BATCH_SIZE])

        try:
            _retrying(transaction, f"postgres {database}: the transaction", options)
        except ApplyError as exc:
            if first:
                labels = "; ".join(s.sql for s, _ in first)
                raise ApplyError(f"{exc}\nCommitted before it, and kept: {labels}") from None
            raise
        if online:
            _run_online(conn, database, online, search_path, options, [c.address for c in changes])
    return [c.address for c in changes]


def _retrying(attempt: Callable[[], T], what: str, options: ApplyOptions) -> T:
    """Run `attempt`; after a lock timeout, wait and run it again, at most `options.lock_retries` more times."""
    for retry in range(options.lock_retries + 1):
        try:
            return attempt()
        except LockTimeout:
            if retry == options.lock_retries:
                raise
            pause = LOCK_RETRY_BACKOFF_SECONDS * 2**retry
            options.note(
                f"{what} waited longer than lock_timeout {options.lock_timeout} for a lock; "
                f"retry {retry + 1} of {options.lock_retries} in {pause:g}s"
            )
            time.sleep(pause)
    raise AssertionError("unreachable")


def _run_online(
    conn: psycopg.Connection[Any],
    database: str,
    statements: list[tuple[Statement, Change]],
    search_path: str,
    options: ApplyOptions,
    addresses: list[str],
) -> None:
    """The online statements, after the transaction committed: each alone, in autocommit, retried on a lock timeout.

    A session-level advisory lock (the one applies take) keeps another apply
    out until the last one ran. On failure, the message says which ran.
    """
    conn.autocommit = True
    _set_timeouts(conn, options, local=False)
    conn.execute("SELECT set_config('search_path', %s, false)", (search_path,))
    _acquire_lock(conn, database, options.lock_wait_seconds, session=True)
    done: list[str] = []
    try:
        for statement, change in statements:
            options.note(f"postgres {database}: outside the transaction: {statement.sql}")
            try:
                _retrying(
                    partial(_run_alone, conn, statement, change),
                    f"postgres {database}: {statement.sql}",
                    options,
                )
            except ApplyError as exc:
                message = _online_failure(str(exc), database, statements, done)
                raise ApplyError(message, _finished(addresses, statements, done)) from None
            done.append(statement.sql)
    finally:
        conn.execute("SELECT pg_advisory_unlock(hashtext(%s))", (ADVISORY_LOCK_NAMESPACE + database,))


def _run_alone(conn: psycopg.Connection[Any], statement: Statement, change: Change) -> None:
    """One statement, outside any transaction block, through the extended protocol (exactly one command)."""
    try:
        with conn.cursor(binary=True) as cursor:
            cursor.execute(statement.sql.encode())
    except psycopg.Error as exc:
        message = f"{change.address}: PostgreSQL refused\n    {statement.sql}\n  with: {server_message(exc)}"
        if isinstance(exc, psycopg.errors.LockNotAvailable) and not _left_an_index(conn, statement):
            raise LockTimeout(message) from None
        raise ApplyError(message) from None


def _left_an_index(conn: psycopg.Connection[Any], statement: Statement) -> bool:
    """True when a failed CREATE INDEX CONCURRENTLY left its (INVALID) index: running it again would fail."""
    match = _CONCURRENT_INDEX.match(statement.sql)
    if match is None:
        return False
    row = conn.execute("SELECT to_regclass(%s) IS NOT NULL", (f"{match['schema']}.{match['name']}",)).fetchone()
    return bool(row and row[0])


def _finished(addresses: list[str], statements: list[tuple[Statement, Change]], done: list[str]) -> list[str]:
    """The changes all of whose statements ran: the transaction committed, so all but those with online ones left."""
    ran = set(done)
    pending = {c.address for s, c in statements if s.sql not in ran}
    return [a for a in addresses if a not in pending]


def _online_failure(error: str, database: str, statements: list[tuple[Statement, Change]], done: list[str]) -> str:
    ran = set(done)
    lines = [error, f"The transaction of database {database!r} had committed. Outside it:"]
    lines += [f"  ran:     {s.sql}" for s, _ in statements if s.sql in ran]
    lines += [f"  not run: {s.sql}" for s, _ in statements if s.sql not in ran]
    lines.append(
        "Run `reconcile apply` again: it plans what is left (an INVALID index left by a failed build is replaced)."
    )
    return "\n".join(lines)


def _set_timeouts(conn: psycopg.Connection[Any], options: ApplyOptions, *, local: bool) -> None:
    """lock_timeout and statement_timeout, for the transaction (`local`) or the session."""
    for name, value in (("lock_timeout", options.lock_timeout), ("statement_timeout", options.statement_timeout)):
        conn.execute("SELECT set_config(%s, %s, %s)", (name, value, local))


def _begin(
    conn: psycopg.Connection[Any], database: str, search_path: str, context: dict[str, list[str]], options: ApplyOptions
) -> None:
    """Timeouts, the advisory lock, the check that the plan is still current, and the search_path."""
    _set_timeouts(conn, options, local=True)
    _acquire_lock(conn, database, options.lock_wait_seconds)
    _check_unchanged(conn, database, context)
    conn.execute("SELECT set_config('search_path', %s, true)", (search_path,))
    # As plan normalized them, and as pg_dump restores them: a string body (LANGUAGE sql, plpgsql) is not
    # resolved at CREATE, so it may name a column the plan adds later, or a table it drops. SQL-standard
    # bodies are checked whatever this says; they are ordered by what they use.
    conn.execute("SET LOCAL check_function_bodies = off")


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
        # The main transaction checks against this digest, by inspecting again: this one commits.
        return live_digest(
            inspect_database(
                conn,
                database,
                context["schemas"],
                extension_schemas=context["extension_schemas"],
                extensions=context["extensions"],
            )
        )
