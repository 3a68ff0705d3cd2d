"""Database-wide default privileges (ALTER DEFAULT PRIVILEGES without IN SCHEMA) against a real PostgreSQL.

Such a row replaces the built-in default of whatever its role creates, so the plan's trial, which creates
every declared object as the connecting role, must not pick up that role's live rows; a row the file leaves out
goes back to the default; and export writes the rows so that its plan is "No changes".
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Cli, StateDir, sql

FUNCTION = """
schemas:
  public:
    functions:
      answer:
        returns: integer
        language: sql
        body: SELECT 42
"""

HARDENED = "default_privileges:\n  postgres:\n    functions: {public: []}\n"

ROWS = (
    "SELECT pg_get_userbyid(defaclrole), defaclobjtype::text, defaclacl::text FROM pg_default_acl "
    "WHERE defaclnamespace = 0 ORDER BY 1, 2"
)


def test_the_connecting_roles_own_row_gives_the_trials_objects_nothing(
    cli: Cli, state: StateDir, pg_url: str, dbname: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A function made before the row keeps PUBLIC's EXECUTE; a trial that took the row would revoke it."""
    monkeypatch.setenv("RECONCILE_POSTGRES_CACHE", "off")  # every plan runs the whole trial
    state.write(FUNCTION)
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    sql(pg_url, dbname, "ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC")
    state.write(HARDENED + FUNCTION)
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 0, cli.out + cli.err
    assert "No changes" in cli.out
    assert sql(pg_url, dbname, "SELECT proacl FROM pg_proc WHERE proname = 'answer'") == [(None,)]


def test_a_row_is_planned_applied_and_reset_when_left_out(cli: Cli, state: StateDir, pg_url: str, dbname: str) -> None:
    state.write(FUNCTION)
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    both = FUNCTION + "      later:\n        returns: integer\n        language: sql\n        body: SELECT 1\n"
    state.write(HARDENED + both)
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 2, cli.out + cli.err
    assert "+ default_privileges.postgres.functions" in cli.out, cli.out
    assert "ALTER DEFAULT PRIVILEGES FOR ROLE postgres REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC" in cli.out
    assert "public: execute -> (none)" in cli.out, cli.out
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    # Changed last: the function the same apply created took the built-in default, as the file says.
    assert sql(pg_url, dbname, ROWS) == [("postgres", "f", "{postgres=X/postgres}")]
    functions = "SELECT proname, proacl FROM pg_proc WHERE proname IN ('answer', 'later') ORDER BY 1"
    assert sql(pg_url, dbname, functions) == [("answer", None), ("later", None)]
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 0, cli.out + cli.err
    state.write(both)
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    assert "- default_privileges.postgres.functions" in cli.out, cli.out
    assert "ALTER DEFAULT PRIVILEGES FOR ROLE postgres GRANT EXECUTE ON FUNCTIONS TO PUBLIC" in cli.out
    assert sql(pg_url, dbname, ROWS) == []  # equal to the built-in default again: PostgreSQL drops the row


def test_export_writes_the_rows_and_its_plan_has_no_changes(cli: Cli, tmp_path: Path, pg_url: str, dbname: str) -> None:
    sql(pg_url, "postgres", f'CREATE DATABASE "{dbname}"')
    sql(
        pg_url,
        dbname,
        "ALTER DEFAULT PRIVILEGES REVOKE USAGE ON TYPES FROM PUBLIC;"
        "ALTER DEFAULT PRIVILEGES REVOKE ALL ON TABLES FROM postgres;"
        "ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO PUBLIC;"
        "ALTER DEFAULT PRIVILEGES GRANT USAGE ON SCHEMAS TO PUBLIC;"
        "CREATE TABLE items (id integer PRIMARY KEY)",
    )
    before = sql(pg_url, dbname, ROWS)
    out = tmp_path / "exported"
    assert cli("export", "--only", "postgres", "--database", dbname, "--out", out) == 0, cli.out + cli.err
    [exported] = out.rglob(f"{dbname}.yaml")
    text = exported.read_text()
    assert "default privilege" not in text.split("database:")[0], text  # no longer listed as undeclarable
    assert "default_privileges:\n  postgres:\n" in text, text
    assert cli("plan", "--state", out, "--detailed-exitcode") == 0, cli.out + cli.err
    assert sql(pg_url, dbname, ROWS) == before
