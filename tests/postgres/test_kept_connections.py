"""Apply uses each database on the connection its first use opened (kept_connections.py): its plan, the
transaction that runs the changes, its history record, its closing plan and the normalized schema it records.
One connection start per use fewer, and the server's catalog caches warm. Kept connections are reset as new
ones (DISCARD ALL), idle, checked before reuse, never to template1, few, and all closed when apply ends."""

from __future__ import annotations

import threading
from typing import Any

import psycopg
import pytest

from reconciler.errors import ConnectionConfigError
from reconciler.postgres import kept_connections, live_inspection
from reconciler.postgres.connection import connect
from reconciler.postgres.kept_connections import KeptConnections, borrowed
from tests.conftest import Cli, StateDir, other_sessions, sql

TABLE = "schemas:\n  public:\n    tables:\n      items:\n        columns: {id: integer}\n"


def test_apply_opens_each_connection_once_and_closes_them(
    cli: Cli, state: StateDir, pg_url: str, dbname: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    state.write(TABLE)
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    opened: list[str] = []

    def counted(url: str, database: str | None = None, **kwargs: Any) -> psycopg.Connection[Any]:
        conn = connect(url, database, **kwargs)
        opened.append(str(database))
        return conn

    monkeypatch.setattr(live_inspection, "connect", counted)
    monkeypatch.setattr(kept_connections, "connect", counted)
    state.write(TABLE.replace("{id: integer}", "{id: integer, name: text}"))
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    assert "Converged" in cli.out
    # The server-wide reads, the plan's normalizing and inspecting connections; the changes, the history record,
    # the closing plan and the normalized schema it records ran on those.
    assert sorted(opened) == sorted(["postgres", dbname, dbname]), opened
    assert other_sessions(pg_url, dbname) == 0  # and apply closed them when it ended
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 0, cli.out + cli.err
    assert len(opened) == 6  # a plan of its own: nothing kept from the apply


def test_a_kept_connection_is_handed_on_as_a_new_one(pg_url: str, dbname: str) -> None:
    """What a use left in its session (settings, a session advisory lock, a temporary table) is gone."""
    sql(pg_url, "postgres", f'CREATE DATABASE "{dbname}"')
    kept = KeptConnections()
    with borrowed(kept, pg_url, dbname, autocommit=True) as first:
        first.execute("SET search_path = nowhere")
        first.execute("SELECT pg_advisory_lock(42)")
        first.execute("CREATE TEMP TABLE scratch (id int)")
        first.read_only = True
        pid = first.info.backend_pid
    with borrowed(kept, pg_url, dbname) as second:
        assert second.info.backend_pid == pid  # the same server process
        assert not second.autocommit and second.read_only is None
        assert second.execute("SHOW search_path").fetchone() == ('"$user", public',)
        assert second.execute("SELECT to_regclass('pg_temp.scratch')").fetchone() == (None,)
        locks = "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()"
        assert second.execute(locks).fetchone() == (0,)
        second.execute("CREATE TABLE written (id int)")  # committed when the use ends, as `with connect()` does
    assert sql(pg_url, dbname, "SELECT to_regclass('written') IS NOT NULL") == [(True,)]
    with pytest.raises(psycopg.errors.DivisionByZero), borrowed(kept, pg_url, dbname) as failing:
        failing.execute("SELECT 1 / 0")
    assert failing.closed  # a use that failed is not kept
    kept.close()
    assert other_sessions(pg_url, dbname) == 0


def test_a_kept_connection_the_server_ended_is_not_taken(pg_url: str, dbname: str) -> None:
    sql(pg_url, "postgres", f'CREATE DATABASE "{dbname}"')
    kept = KeptConnections()
    ended, alive = connect(pg_url, dbname), connect(pg_url, dbname)
    kept.keep(pg_url, dbname, alive)
    kept.keep(pg_url, dbname, ended)
    sql(pg_url, "postgres", f"SELECT pg_terminate_backend({ended.info.backend_pid})")
    assert kept.take(pg_url, dbname) is alive  # the ended one was tried first, and closed
    assert ended.closed
    assert kept.take(pg_url, dbname) is None
    alive.close()


def test_template1_and_a_connection_in_a_transaction_are_closed_not_kept(pg_url: str, dbname: str) -> None:
    sql(pg_url, "postgres", f'CREATE DATABASE "{dbname}"')
    kept = KeptConnections()
    template = connect(pg_url, "template1")  # CREATE DATABASE copies it, and refuses while anyone is connected
    kept.keep(pg_url, "template1", template)
    busy = connect(pg_url, dbname)
    busy.execute("SELECT 1")  # its transaction is still open
    kept.keep(pg_url, dbname, busy)
    assert template.closed and busy.closed
    assert kept.take(pg_url, "template1") is None and kept.take(pg_url, dbname) is None
    idle = connect(pg_url, dbname)
    kept.keep(pg_url, dbname, idle)
    kept.close()
    assert idle.closed and other_sessions(pg_url, dbname) == 0


def test_no_more_are_kept_than_the_limit(pg_url: str, dbname: str) -> None:
    sql(pg_url, "postgres", f'CREATE DATABASE "{dbname}"')
    kept = KeptConnections(limit=2)
    first, second, third = (connect(pg_url, dbname) for _ in range(3))
    for conn in (first, second, third):
        kept.keep(pg_url, dbname, conn)
    assert third.closed and not first.closed and not second.closed
    kept.close()
    assert other_sessions(pg_url, dbname) == 0


def test_connections_opened_ahead_are_taken_in_turn_and_those_left_are_closed(pg_url: str, dbname: str) -> None:
    sql(pg_url, "postgres", f'CREATE DATABASE "{dbname}"')
    kept = KeptConnections(limit=0)  # a plan's own: it keeps nothing, it only opens ahead
    kept.open_ahead(pg_url, dbname, 2)
    kept.open_ahead(pg_url, dbname, 2)  # two are opening already: no more
    first, second = kept.take(pg_url, dbname), kept.take(pg_url, dbname)
    assert first is not None and second is not None
    assert first.info.backend_pid != second.info.backend_pid
    assert kept.take(pg_url, dbname) is None  # both taken: the caller connects
    kept.keep(pg_url, dbname, first)
    kept.keep(pg_url, dbname, second)
    assert first.closed and second.closed  # limit 0: closed, as outside apply
    kept.open_ahead(pg_url, dbname)
    kept.close_opened_ahead()  # the plan ended without taking it
    assert other_sessions(pg_url, dbname) == 0


def test_an_idle_kept_connection_counts_as_one_opened_ahead(pg_url: str, dbname: str) -> None:
    sql(pg_url, "postgres", f'CREATE DATABASE "{dbname}"')
    kept = KeptConnections()
    idle = connect(pg_url, dbname)
    kept.keep(pg_url, dbname, idle)
    kept.open_ahead(pg_url, dbname, 2)  # one more
    assert kept.take(pg_url, dbname) is idle
    ahead = kept.take(pg_url, dbname)
    assert ahead is not None and ahead is not idle
    assert kept.take(pg_url, dbname) is None
    ahead.close()
    idle.close()
    kept.open_ahead(pg_url, "template1")  # never: CREATE DATABASE refuses while anyone is connected to it
    assert kept.take(pg_url, "template1") is None
    kept.close()


def test_a_connection_that_cannot_be_opened_ahead_fails_where_it_is_taken(pg_url: str) -> None:
    kept = KeptConnections(limit=0)
    kept.open_ahead(pg_url, "no_such_database_here")
    with pytest.raises(ConnectionConfigError, match="no_such_database_here"):
        kept.take(pg_url, "no_such_database_here")  # the error connecting there would have raised, once
    assert kept.take(pg_url, "no_such_database_here") is None
    kept.open_ahead(pg_url, "no_such_database_here")
    kept.close_opened_ahead()  # an error nobody took is not one


def test_a_plan_finds_each_connection_open_where_it_needs_one_and_leaves_none(
    cli: Cli, state: StateDir, pg_url: str, dbname: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server's connection as the plan starts, the database's two as its file is read: all opened ahead."""
    state.write(TABLE)
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    opened: list[tuple[str, bool]] = []

    def counted(url: str, database: str | None = None, **kwargs: Any) -> psycopg.Connection[Any]:
        opened.append((str(database), threading.current_thread().name.startswith("reconcile-connect")))
        return connect(url, database, **kwargs)

    monkeypatch.setattr(live_inspection, "connect", counted)
    monkeypatch.setattr(kept_connections, "connect", counted)
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 0, cli.out + cli.err
    assert sorted(opened) == sorted([(dbname, True), (dbname, True), ("postgres", True)]), opened
    assert other_sessions(pg_url, dbname) == 0
