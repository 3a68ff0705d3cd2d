"""Plan and drift with a role that can only connect and read, normalizing on a scratch server.

CI runs `drift` against production; with RECONCILE_POSTGRES_SCRATCH_URL the
throwaway trial runs elsewhere, so the production role needs no CREATE and
every transaction on the target is read-only.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from tests.conftest import Cli, StateDir, sql

SCHEMA = """
schemas:
  public:
    functions:
      touch:
        returns: trigger
        body: "BEGIN NEW.updated_at := now(); RETURN NEW; END;"
    tables:
      roles:
        columns:
          id: {type: serial, primary_key: true}
          name: {type: varchar(20), nullable: false, unique: true}
          updated_at: timestamptz
        checks: ["length(name) > 1"]
        indexes:
          roles_lower: ["lower(name)"]
        triggers:
          roles_touch: {timing: before, events: [update], function: touch}
    views:
      role_names: {query: "SELECT name FROM roles"}
"""

ROLES = """
table: roles
key: [name]
rows:
  - {name: admin}
  - {name: reader}
"""


@pytest.fixture
def read_only(pg_url: str, state: StateDir, cli: Cli, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """The state applied by an owner; a reading role's URL for the target and a scratch database's URL."""
    state.write(SCHEMA)
    seeds = state.root / "seeds" / state.dbname
    seeds.mkdir(parents=True)
    (seeds / "roles.yaml").write_text(ROLES)
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    role, scratch = f"ro_{uuid.uuid4().hex[:8]}", f"scratch_{uuid.uuid4().hex[:8]}"
    sql(pg_url, "postgres", f"CREATE ROLE {role} LOGIN; GRANT pg_read_all_data TO {role}")
    sql(pg_url, "postgres", f"CREATE DATABASE {scratch}")
    try:
        yield pg_url.replace("postgres@", f"{role}@"), f"{pg_url}{scratch}"
    finally:
        with psycopg.connect(pg_url + "postgres", autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {scratch} WITH (FORCE)")
            conn.execute(f"DROP DATABASE IF EXISTS {state.dbname} WITH (FORCE)")
            conn.execute(f"DROP ROLE {role}")


def test_drift_with_a_read_only_role_needs_a_scratch_server(
    cli: Cli, state: StateDir, pg_url: str, read_only: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    reader_url, scratch_url = read_only
    monkeypatch.setenv("RECONCILE_POSTGRES_URL", reader_url)
    # The apply recorded the normalized schema: no trial, and the seed rows are checked in temporary tables.
    assert cli("drift", "--state", state.root, "--fail-on-diff") == 0, cli.out + cli.err
    monkeypatch.setenv("RECONCILE_POSTGRES_CACHE", "off")
    assert cli("drift", "--state", state.root, "--fail-on-diff") == 1
    assert "may not create schemas" in cli.err and "RECONCILE_POSTGRES_SCRATCH_URL" in cli.err, cli.err
    monkeypatch.delenv("RECONCILE_POSTGRES_CACHE")

    monkeypatch.setenv("RECONCILE_POSTGRES_SCRATCH_URL", scratch_url)
    assert cli("drift", "--state", state.root, "--fail-on-diff") == 0, cli.out + cli.err
    assert "No changes" in cli.out or "No drift" in cli.out, cli.out

    sql(pg_url, state.dbname, "ALTER TABLE roles ADD COLUMN note text; UPDATE roles SET name = 'root' WHERE id = 1")
    assert cli("drift", "--state", state.root, "--fail-on-diff") == 2, cli.out + cli.err
    assert "column.note" in cli.out and "seed.roles[admin]" in cli.out, cli.out
    # The trial ran on the scratch server and left nothing there.
    scratch_db = scratch_url.rsplit("/", 1)[1]
    shadows = "SELECT count(*) FROM pg_namespace WHERE nspname LIKE '\\_reconcile%'"
    assert sql(pg_url, scratch_db, shadows) == [(0,)]


def test_a_server_refusing_create_schema_is_said_to_be_the_server_and_not_the_file(
    pg_url: str, state: StateDir, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An event trigger that refuses CREATE SCHEMA stops the trial of a role that may not disable it (only a
    superuser may, which the trial does in its rolled-back transaction): the error says so, naming no field."""
    sql(pg_url, "postgres", f'CREATE DATABASE "{state.dbname}"')
    sql(
        pg_url,
        state.dbname,
        "CREATE FUNCTION no_schemas() RETURNS event_trigger LANGUAGE plpgsql AS "
        "$$BEGIN RAISE EXCEPTION 'command % is disabled', tg_tag; END$$; "
        "CREATE EVENT TRIGGER no_schemas ON ddl_command_start WHEN TAG IN ('CREATE SCHEMA') "
        "EXECUTE FUNCTION no_schemas()",
    )
    declared = "event_triggers:\n  no_schemas: {event: ddl_command_start, function: public.no_schemas(), "
    state.write(declared + "tags: [CREATE SCHEMA]}\n" + SCHEMA)
    assert cli("plan", "--state", state.root, "--only", "postgres") == 0, cli.out + cli.err  # as a superuser
    role = f"owner_{uuid.uuid4().hex[:8]}"
    sql(pg_url, "postgres", f'CREATE ROLE {role} LOGIN; GRANT CREATE ON DATABASE "{state.dbname}" TO {role}')
    try:
        monkeypatch.setenv("RECONCILE_POSTGRES_URL", pg_url.replace("postgres@", f"{role}@"))
        assert cli("plan", "--state", state.root, "--only", "postgres") == 1
        output = cli.out + cli.err
        assert "could not create the throwaway schema" in output and "command CREATE SCHEMA is disabled" in output
        assert "RECONCILE_POSTGRES_SCRATCH_URL" in output and "schemas.public" not in output, output
        assert "Traceback" not in output
    finally:
        sql(pg_url, "postgres", f'DROP DATABASE "{state.dbname}" WITH (FORCE)')
        sql(pg_url, "postgres", f"DROP ROLE {role}")
