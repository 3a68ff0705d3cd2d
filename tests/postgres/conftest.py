"""Fixtures of the PostgreSQL tests."""

from __future__ import annotations

import contextlib
import io
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
import yaml

from devtools import pgcluster
from reconciler.cli import main
from tests.conftest import Cli, StateDir, sql
from tests.postgres.hostile import PAYLOAD, HostileDb, base_state


@pytest.fixture(scope="session")
def hostile_template(pg_cluster: pgcluster.Cluster, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A database holding the applied base state and a table in an undeclared schema, copied for each hostile test.

    Applying the base state took about half a second per test; a copy of this database (CREATE DATABASE ...
    TEMPLATE) holds the same objects, apply records and normalized units, and costs a tenth of that.
    """
    url = f"postgresql://postgres@127.0.0.1:{pg_cluster.port}/"
    name = f"hostile_base_{uuid.uuid4().hex[:12]}"
    base = StateDir(tmp_path_factory.mktemp("hostile-base"), name)
    base.write(yaml.safe_dump(base_state(), sort_keys=False))
    output = io.StringIO()
    with pytest.MonkeyPatch.context() as env, contextlib.redirect_stdout(output), contextlib.redirect_stderr(output):
        env.setenv("RECONCILE_POSTGRES_URL", url)
        env.delenv("RECONCILE_TARGETS", raising=False)
        env.setenv("RECONCILE_DEBUG", "1")
        code = main(["apply", "--state", str(base.root), "--auto-approve"])
    assert code == 0, output.getvalue()
    sql(url, name, "CREATE SCHEMA other; CREATE TABLE other.victim (id int)")
    yield name
    with psycopg.connect(url + "postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'.encode())


@pytest.fixture
def hostile_db(
    cli: Cli, state: StateDir, pg_url: str, dbname: str, pg_cluster: pgcluster.Cluster, hostile_template: str
) -> Iterator[HostileDb]:
    """The base state applied, a table in an undeclared schema, every statement of the database logged."""
    state.write(yaml.safe_dump(base_state(), sort_keys=False))
    sql(pg_url, "postgres", f'CREATE DATABASE "{dbname}" TEMPLATE "{hostile_template}"')
    sql(pg_url, "postgres", f"ALTER DATABASE {dbname} SET log_statement = 'all'")
    # The server runs as another user (nobody, when the suite runs as root): the marker goes where it may write,
    # and a control run proves the payload does create it when it does run.
    control = Path("/tmp") / f"reconcile-hostile-control-{uuid.uuid4().hex}"
    # No rows: `touch` reads nothing, so the server never writes into a pipe whose reader already exited
    # (which fails the COPY with "Broken pipe" when the machine is busy).
    sql(pg_url, dbname, f"COPY (SELECT 1 WHERE false) TO PROGRAM 'touch {control}'")
    assert control.exists(), "the marker detector does not work: COPY TO PROGRAM could not create its file"
    control.unlink()
    marker = Path("/tmp") / f"reconcile-hostile-{uuid.uuid4().hex}"
    yield HostileDb(cli, state, pg_url, dbname, pg_cluster, marker, PAYLOAD.format(marker=marker))
    marker.unlink(missing_ok=True)
