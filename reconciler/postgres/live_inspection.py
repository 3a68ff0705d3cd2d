"""Inspect the live database while the desired schema is being normalized.

A plan needs two schemas: the live one (catalog queries the server answers,
then models built from the rows) and the desired one (the normalization
cache's units read and parsed, or a trial). Neither needs the other, and the
first is mostly the server's time while the second is mostly this process's:
at 2,000 tables each took a few seconds, one after the other. So the live
database is read on a connection of its own, on a thread of its own, while
the caller normalizes; the plan then waits for whichever finishes last. The
server's snapshot is read first: apply skips its check of the live digest
when it proves nothing committed since.

Apply inspects each database it changes twice: in its plan and in its closing
plan, on the one connection it keeps for that (kept_connections.py).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import cached_property, partial
from typing import Any

import psycopg

from reconciler.postgres.connection import connect
from reconciler.postgres.executor import live_digest
from reconciler.postgres.kept_connections import NOTHING_KEPT, KeptConnections
from reconciler.postgres.model import Database
from reconciler.postgres.plan_phases import phase

Inspect = Callable[[psycopg.Connection[Any]], Database]


@dataclass
class LiveSchema:
    """The live database as inspected, and the server's snapshot taken just before it was read."""

    database: Database
    snapshot: str | None = None  # pg_current_snapshot(): apply proves from it that nothing committed since

    @cached_property
    def digest(self) -> str:
        """What apply compares the database with when it cannot prove nothing committed since the plan read it.

        Only a database the plan changes needs it, so it is taken then, not for every plan (0.2-0.3 s at 2,000
        tables). The plan never changes the inspected model: renames and the diff make models of their own.
        """
        return live_digest(self.database)


def _inspect(
    conn: psycopg.Connection[Any], inspect: Inspect, done: Callable[[psycopg.Connection[Any]], None]
) -> LiveSchema:
    """`inspect` in one transaction on `conn`, then `done(conn)`; on an error the connection is closed."""
    try:
        row = conn.execute("SELECT pg_current_snapshot()::text").fetchone()
        schema = LiveSchema(inspect(conn), row[0] if row else None)
        conn.commit()
    except BaseException:
        conn.close()
        raise
    done(conn)
    return schema


@contextlib.contextmanager
def inspecting_meanwhile(
    url: str,
    database: str,
    inspect: Inspect,
    read_only: bool,
    kept: KeptConnections | None = None,
    *,
    connect_first: bool = True,
) -> Iterator[Callable[[], LiveSchema]]:
    """Start `inspect` on a connection to `database`; yield a function that waits for its result.

    The connection is opened before the block runs, so a connection error is raised here, as it was
    before inspection moved to its own thread; with `connect_first` False it is opened on the inspection's
    thread, and its error is the result's. Leaving the block (even by an error) waits for the inspection to
    end. Its connection is then closed, or kept in `kept` (taken from there when it has one).
    """
    kept = kept or NOTHING_KEPT

    def connection() -> psycopg.Connection[Any]:
        conn = kept.take(url, database) or connect(url, database)
        conn.read_only = read_only  # the plan's connections to the target only read when a scratch server normalizes
        return conn

    opened = connection() if connect_first else None
    done = partial(kept.keep, url, database)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="reconcile-inspect") as pool:
        future: Future[LiveSchema] = pool.submit(lambda: _inspect(opened or connection(), inspect, done))

        def result() -> LiveSchema:
            with phase("inspect"):  # only the time the plan waits for it: the rest overlapped normalizing
                return future.result()

        yield result


def live_schema(
    url: str, database: str, exists: bool, inspect: Inspect, read_only: bool, kept: KeptConnections | None = None
) -> contextlib.AbstractContextManager[Callable[[], LiveSchema]]:
    """`inspecting_meanwhile`, or at once the schema of a database that does not exist yet."""
    if exists:
        return inspecting_meanwhile(url, database, inspect, read_only, kept)
    absent = Database(name=database, exists=False)

    def nothing_to_inspect() -> LiveSchema:
        with phase("inspect"):  # reported as before: every plan has the same phases
            return LiveSchema(absent)

    return contextlib.nullcontext(nothing_to_inspect)
