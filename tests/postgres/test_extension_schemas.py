"""An extension declared in another schema moves there; one that cannot be relocated needs --allow-destructive.

The extension's schema is declared, as CREATE EXTENSION ... SCHEMA needs it to exist; the one it leaves is
dropped with `undeclared_schemas: drop`.
"""

from __future__ import annotations

import json

from tests.conftest import Cli, StateDir, sql

STATE = """
undeclared_schemas: drop
extensions:
  - {{name: {name}, schema: {schema}}}
schemas:
  {schema}: {{}}
  public:
    tables:
      users:
        columns:
          id: {{type: integer, primary_key: true}}
{column}
"""


def _declare(state: StateDir, name: str, schema: str, column: str = "") -> None:
    state.write(STATE.format(name=name, schema=schema, column=column))


def _schema_of(pg_url: str, dbname: str, extension: str) -> list[tuple[object, ...]]:
    return sql(
        pg_url,
        dbname,
        f"SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
        f"WHERE e.extname = '{extension}'",
    )


def test_a_relocatable_extension_moves_with_set_schema_and_keeps_the_rows_using_it(
    cli: Cli, state: StateDir, pg_url: str
) -> None:
    _declare(state, "citext", "users_ext", "          email: {type: users_ext.citext}")
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    sql(pg_url, state.dbname, "INSERT INTO users VALUES (1, 'A@Example.com')")
    _declare(state, "citext", "extensions", "          email: {type: extensions.citext}")
    assert cli("plan", "--state", state.root, "--format", "json") == 0, cli.out + cli.err
    moved = next(c for c in json.loads(cli.out)["changes"] if c["address"].endswith(".extension.citext"))
    assert not moved["destructive"] and moved["hazards"] == [], moved  # only the schema it leaves is dropped
    assert cli("apply", "--state", state.root, "--auto-approve", "--allow-destructive") == 0, cli.out + cli.err
    assert "ALTER EXTENSION citext SET SCHEMA extensions" in cli.out, cli.out
    assert "Converged" in cli.out, cli.out
    assert _schema_of(pg_url, state.dbname, "citext") == [("extensions",)]
    assert sql(pg_url, state.dbname, "SELECT to_regnamespace('users_ext') IS NULL") == [(True,)]
    found = "SELECT count(*) FROM users WHERE email OPERATOR(extensions.=) 'a@example.com'"
    assert sql(pg_url, state.dbname, found) == [(1,)]  # the row is kept, and compares as citext


def test_an_extension_that_cannot_be_relocated_is_recreated_only_with_allow_destructive(
    cli: Cli, state: StateDir, pg_url: str
) -> None:
    _declare(state, "xml2", "xml_a")
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    _declare(state, "xml2", "xml_b")
    assert cli("apply", "--state", state.root, "--auto-approve") == 1
    assert "extension_recreated" in cli.out and "--allow-destructive" in cli.out + cli.err, cli.out + cli.err
    assert _schema_of(pg_url, state.dbname, "xml2") == [("xml_a",)]
    assert cli("apply", "--state", state.root, "--auto-approve", "--allow-destructive") == 0, cli.out + cli.err
    assert _schema_of(pg_url, state.dbname, "xml2") == [("xml_b",)]
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 0, cli.out + cli.err


def test_a_version_no_update_reaches_is_recreated_only_with_allow_destructive(
    cli: Cli, state: StateDir, pg_url: str
) -> None:
    state.write("extensions: [{name: pg_trgm, version: '1.4'}]\nschemas:\n  public: {}\n")
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    state.write("extensions: [{name: pg_trgm, version: '1.3'}]\nschemas:\n  public: {}\n")
    assert cli("plan", "--state", state.root) in (0, 2)
    assert "no update path leads to this version" in cli.out, cli.out
    assert "ALTER EXTENSION pg_trgm UPDATE" not in cli.out, cli.out
    assert cli("apply", "--state", state.root, "--auto-approve") == 1
    assert "--allow-destructive" in cli.out + cli.err, cli.out + cli.err
    version = "SELECT extversion FROM pg_extension WHERE extname = 'pg_trgm'"
    assert sql(pg_url, state.dbname, version) == [("1.4",)]
    assert cli("apply", "--state", state.root, "--auto-approve", "--allow-destructive") == 0, cli.out + cli.err
    assert sql(pg_url, state.dbname, version) == [("1.3",)]
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 0, cli.out + cli.err
    # An upgrade has a path: ALTER EXTENSION ... UPDATE, nothing dropped.
    state.write("extensions: [pg_trgm]\nschemas:\n  public: {}\n")
    assert cli("plan", "--state", state.root) in (0, 2)
    assert "ALTER EXTENSION pg_trgm UPDATE" in cli.out and "DROP EXTENSION" not in cli.out, cli.out
