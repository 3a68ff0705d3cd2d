"""Connections to a PostgreSQL server: one URL for the server, a database per state file."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Sequence
from typing import Any

import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from reconciler.errors import ConnectionConfigError
from reconciler.secrets import mask_values
from reconciler.targets import scrub

# psycopg logs a warning when a pipeline that failed also fails to close ("error ignored terminating
# <psycopg.Pipeline ... host=... user=... database=...>: pipeline aborted"): the failure itself is reported,
# and that line must not reach the user's stderr through Python's last-resort handler.
logging.getLogger("psycopg").addHandler(logging.NullHandler())

CONNECT_TIMEOUT_SECONDS = 10
# Literals are quoted for this setting (quote_literal, fragments.tokens); a server configured otherwise
# would read backslashes in them as escapes. JIT is off: the catalog queries are cheap, but their large
# cost estimates make the server spend ~0.5 s compiling each one.
SESSION_OPTIONS = "-c standard_conforming_strings=on -c jit=off"


def connection_count(variable: str, default: int) -> int:
    """How many connections a setting allows at once: `variable` in the environment, a whole number of 1 or more."""
    text = os.environ.get(variable, "").strip()
    if not text:
        return default
    if not text.isdigit() or int(text) < 1:
        raise ConnectionConfigError(f"{variable} must be a whole number of 1 or more, not {text!r}")
    return int(text)


def maintenance_database(url: str) -> str:
    """The database named in the URL, or `postgres`: used to create databases and to check they exist."""
    return str(conninfo_to_dict(url).get("dbname") or "postgres")


def connect(url: str, dbname: str | None = None, *, autocommit: bool = False) -> psycopg.Connection[Any]:
    """Connect to `dbname` on the server `url` points at, with a clear error naming the server."""
    params = conninfo_to_dict(url)
    options = f"{params['options']} {SESSION_OPTIONS}" if params.get("options") else SESSION_OPTIONS
    conninfo = make_conninfo(
        url, dbname=dbname or maintenance_database(url), application_name="reconcile", options=options
    )
    if "connect_timeout" not in params:
        conninfo = make_conninfo(conninfo, connect_timeout=CONNECT_TIMEOUT_SECONDS)
    try:
        conn = psycopg.connect(conninfo, autocommit=autocommit)
    except psycopg.OperationalError as exc:
        host = params.get("host", "localhost")
        port = params.get("port", "5432")
        raise ConnectionConfigError(
            f"cannot connect to PostgreSQL at {host}:{port} (database {dbname!r}): {scrub(str(exc).strip(), url)}"
        ) from None
    # Never prepare a statement because it ran often: psycopg does so from the 5th run, and the server then
    # switches to a generic plan, blind to which schemas the catalog queries read. Inspecting a fleet in
    # batches on one connection made each batch ten times slower from the 11th on (dependencies.sql: 0.4 s
    # -> 16 s per 500 tenant schemas).
    conn.prepare_threshold = None
    return conn


def existing_databases(server: psycopg.Connection[Any], names: list[str]) -> set[str]:
    """Which of `names` exist on the server `server` is connected to."""
    rows = server.execute("SELECT datname FROM pg_database WHERE datname = ANY(%s)", (names,)).fetchall()
    return {row[0] for row in rows}


def default_versions(conn: psycopg.Connection[Any], names: Sequence[str]) -> dict[str, str]:
    """The version a bare CREATE EXTENSION installs, for each of `names` the server has; nothing asked for none:
    pg_available_extensions reads every control file of the extension directory."""
    if not names:
        return {}
    query = "SELECT name, default_version FROM pg_available_extensions WHERE name = ANY(%s)"
    return dict(conn.execute(query, (list(names),)).fetchall())


def run_statements(conn: psycopg.Connection[Any], statements: Sequence[str]) -> None:
    """Run statements in one round trip, each as exactly one command.

    Pipeline mode sends every statement through the extended query protocol,
    which refuses a string holding more than one command ("cannot insert
    multiple commands into a prepared statement"). So text from a state file
    that slipped a `;` past validation still cannot run a second statement,
    where the simple query protocol would run every one of them.

    One cursor sends them all: `conn.execute` makes a cursor per statement, which was 40 % of the client's
    time per statement (10,000 statements: 0.29 s of CPU against 0.17 s).
    """
    with conn.pipeline():
        cursor = conn.cursor()
        for statement in statements:
            cursor.execute(statement.encode())


def server_message(exc: psycopg.Error, secrets: Iterable[str] = ()) -> str:
    """PostgreSQL's error with its DETAIL and HINT (they name the blocking object), secret values masked."""
    diag = exc.diag
    message = (diag.message_primary or str(exc)).strip()
    if diag.message_detail:
        message += f"\n    DETAIL: {diag.message_detail.strip()}"
    if diag.message_hint:
        message += f"\n    HINT: {diag.message_hint.strip()}"
    return mask_values(message, secrets)
