"""Apply's closing plan inspects each database on the connection its first plan inspected it on
(live_inspection.KeptConnections): one connection start fewer, and the server's catalog caches warm. Kept
connections are idle, checked before reuse, never to template1, few, and all closed when apply ends."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest

from reconciler.postgres import live_inspection
from reconciler.postgres.connection import connect
from reconciler.postgres.live_inspection import KeptConnections
from tests.conftest import Cli, StateDir, other_sessions, sql

TABLE = "schemas:\n  public:\n    tables:\n      items:\n        columns: {id: integer}\n"


def test_apply_inspects_a_database_on_one_connection_and_closes_it(
    cli: Cli, state: StateDir, pg_url: str, dbname: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    state.write(TABLE)
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    opened: list[int] = []

    def counted(url: str, database: str | None = None, **kwargs: Any) -> psycopg.Connection[Any]:
        conn = connect(url, database, **kwargs)
        opened.append(conn.info.backend_pid)
        return conn

    monkeypatch.setattr(live_inspection, "connect", counted)
    state.write(TABLE.replace("{id: integer}", "{id: integer, name: text}"))
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    assert "Converged" in cli.out
    assert len(opened) == 1  # the closing plan took the first plan's connection
    assert other_sessions(pg_url, dbname) == 0  # and apply closed it when it ended
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 0, cli.out + cli.err
    assert len(opened) == 2  # a plan of its own: nothing kept from the apply


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
