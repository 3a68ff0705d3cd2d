"""Connections to a PostgreSQL server: one URL for the server, a database per state file."""

from __future__ import annotations

from typing import Any

import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from reconciler.errors import ConnectionConfigError

CONNECT_TIMEOUT_SECONDS = 10


def maintenance_database(url: str) -> str:
    """The database named in the URL, or `postgres`: used to create databases and to check they exist."""
    return str(conninfo_to_dict(url).get("dbname") or "postgres")


def connect(url: str, dbname: str | None = None, *, autocommit: bool = False) -> psycopg.Connection[Any]:
    """Connect to `dbname` on the server `url` points at, with a clear error naming the server."""
    params = conninfo_to_dict(url)
    conninfo = make_conninfo(url, dbname=dbname or maintenance_database(url), application_name="reconcile")
    if "connect_timeout" not in params:
        conninfo = make_conninfo(conninfo, connect_timeout=CONNECT_TIMEOUT_SECONDS)
    try:
        return psycopg.connect(conninfo, autocommit=autocommit)
    except psycopg.OperationalError as exc:
        host = params.get("host", "localhost")
        port = params.get("port", "5432")
        raise ConnectionConfigError(
            f"cannot connect to PostgreSQL at {host}:{port} (database {dbname!r}): {str(exc).strip()}"
        ) from None


def existing_databases(url: str, names: list[str]) -> set[str]:
    """Which of `names` exist on the server."""
    with connect(url, autocommit=True) as conn:
        rows = conn.execute("SELECT datname FROM pg_database WHERE datname = ANY(%s)", (names,)).fetchall()
    return {row[0] for row in rows}
