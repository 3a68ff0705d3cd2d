"""Connections one apply keeps open, idle, and hands on to its next use of the same database.

Apply opens a database several times: its plan (the connection that normalizes
and the one that inspects at once), the transaction that runs the changes, the
history record, the closing plan and the normalized schema it records. Each new
connection costs the server a process and then plans the catalog queries with
cold caches, which was about half of a small database's inspection and most of
a small apply's server time. So apply keeps each connection when it is done
with it and the next use of the same database takes it (`borrowed`).

A kept connection is reset as a new one would be: DISCARD ALL ends what a
session may hold (settings, the apply's session advisory lock, temporary
tables), and the client side is set back to a transaction per statement group,
neither read only nor autocommit. Kept connections are idle, checked before
reuse, never to template1 (CREATE DATABASE copies it, and refuses while anyone
else is connected to it), few, and all closed when apply ends. Outside apply
nothing is kept: each connection closes when its use ends.

A plan also opens connections ahead (`open_ahead`): the server's as it starts,
and two to each database as soon as its file is read (its live inspection's
and its own), on threads of their own, so that reading the files does not wait
for the server and the plan does not wait for a connection where it needs one.
Those nobody took are closed when the plan ends.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from concurrent.futures import Future
from typing import Any

import psycopg

from reconciler.postgres.connection import connect, maintenance_database

# At most this many kept at once: a fleet of databases (a database template) would otherwise hold one idle
# connection per database through the whole apply, and the server's max_connections is often 100.
KEPT_LIMIT = 8
# Where apply's first plan leaves them for its closing plan (runner.Carry).
CARRY_KEY = "postgres.connections"


class KeptConnections:
    """Idle connections by server and database, for the next use of the same database (`borrowed`)."""

    def __init__(self, limit: int = KEPT_LIMIT) -> None:
        self._idle: dict[tuple[str, str], list[psycopg.Connection[Any]]] = {}
        self._opening: dict[tuple[str, str], list[Future[psycopg.Connection[Any]]]] = {}
        self._lock = threading.Lock()
        self._limit = limit

    def open_ahead(self, url: str, database: str, count: int = 1) -> None:
        """Have `count` connections to `database` kept or opening: open the missing ones, each on a thread.

        A plan knows which databases it will connect to long before it does (as it reads the state files), and
        opening a connection is the server's fork and a few round trips: each `take` then gets one that is
        open or nearly. One that cannot be opened raises its error in `take`, as connecting there would have.
        """
        key = (url, database)
        if database == "template1":  # as `keep`: CREATE DATABASE refuses while anyone is connected to it
            return
        with self._lock:
            opening = self._opening.setdefault(key, [])
            missing = count - len(self._idle.get(key, ())) - len(opening)
            started: list[Future[psycopg.Connection[Any]]] = [Future() for _ in range(max(missing, 0))]
            opening += started
        for future in started:
            threading.Thread(target=_open, args=(future, url, database), name="reconcile-connect", daemon=True).start()

    def take(self, url: str, database: str) -> psycopg.Connection[Any] | None:
        """A kept connection to `database` that still answers, as a new one would be, or one opened ahead, or None."""
        while True:
            with self._lock:
                kept = self._idle.get((url, database))
                if not kept:
                    opening = self._opening.get((url, database))
                    ahead = opening.pop(0) if opening else None
                    break
                conn = kept.pop()
            try:  # the server may have ended it meanwhile (a restart, pg_terminate_backend, idle_session_timeout)
                conn.execute("SELECT 1")
                conn.autocommit, conn.read_only = False, None
                return conn
            except psycopg.Error:
                conn.close()
        return None if ahead is None else ahead.result()

    def put_back(self, url: str, database: str, conn: psycopg.Connection[Any]) -> None:
        """Hand back a connection `take` gave out, idle, as if it were still opening ahead: the next `take` of
        `database` gets it, and `close_opened_ahead` closes it if nobody does (it is no kept one)."""
        future: Future[psycopg.Connection[Any]] = Future()
        future.set_result(conn)
        with self._lock:
            self._opening.setdefault((url, database), []).insert(0, future)

    def close_opened_ahead(self) -> None:
        """Close the connections opened ahead that nobody took (a plan's, once it ends), when they are open."""
        with self._lock:
            opening, self._opening = [f for futures in self._opening.values() for f in futures], {}
        for future in opening:
            if future.exception() is None:
                future.result().close()

    def keep(self, url: str, database: str, conn: psycopg.Connection[Any]) -> None:
        """Keep `conn`, whose transaction ended, for the next use of `database`; otherwise close it."""
        if (
            self._limit
            and database != "template1"
            and conn.info.transaction_status == psycopg.pq.TransactionStatus.IDLE
            and _reset(conn)
        ):
            with self._lock:
                if sum(map(len, self._idle.values())) < self._limit:
                    self._idle.setdefault((url, database), []).append(conn)
                    return
        conn.close()

    def close(self) -> None:
        self.close_opened_ahead()
        with self._lock:
            kept, self._idle = [c for conns in self._idle.values() for c in conns], {}
        for conn in kept:
            conn.close()


# Outside apply: each connection is closed when its use ends.
NOTHING_KEPT = KeptConnections(limit=0)


def _open(future: Future[psycopg.Connection[Any]], url: str, database: str) -> None:
    """Connect to `database` for `open_ahead`; the connection, or the error connecting raised, is `future`'s."""
    try:
        future.set_result(connect(url, database))
    except BaseException as exc:  # raised where the connection is taken
        future.set_exception(exc)


def _reset(conn: psycopg.Connection[Any]) -> bool:
    """DISCARD ALL on `conn` (outside a transaction, as it must run); False when the server refused or is gone."""
    try:
        conn.autocommit = True
        conn.execute("DISCARD ALL")
    except psycopg.Error:
        return False
    return True


def carried(carry: dict[str, Any] | None) -> KeptConnections | None:
    """The connections an apply keeps (in its runner.Carry, made on first use); None outside apply."""
    return None if carry is None else carry.setdefault(CARRY_KEY, KeptConnections())


@contextlib.contextmanager
def borrowed(
    kept: KeptConnections | None, url: str, database: str | None = None, *, autocommit: bool = False
) -> Iterator[psycopg.Connection[Any]]:
    """A connection to `database` (the maintenance database for None) for one use, kept afterwards.

    Like `with connect(...)`: leaving the block commits an open transaction, and an error closes the
    connection (the server rolls back); a connection whose use ended cleanly goes back to `kept`.
    """
    kept = kept or NOTHING_KEPT
    name = database or maintenance_database(url)
    conn = kept.take(url, name) or connect(url, name, autocommit=autocommit)
    conn.autocommit = autocommit
    try:
        yield conn
        if conn.info.transaction_status == psycopg.pq.TransactionStatus.INTRANS:
            conn.commit()
    except BaseException:
        conn.close()
        raise
    kept.keep(url, name, conn)
