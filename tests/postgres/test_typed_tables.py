"""A composite type that is the row type of typed tables (CREATE TABLE ... OF) changes.

ALTER TYPE ... CASCADE carries an attribute's new type, or its removal, to the typed tables: they store no
values of the type, so this is no reason to drop it. Dropping and creating the type (a column elsewhere stores
it) cannot be done while typed tables use it: the plan says so before anything runs.
"""

from __future__ import annotations

from tests.conftest import Cli, StateDir, sql

BODY = """schemas:
  public:
    composite_types:
      point3:
        attributes: {{{attributes}}}
    tables:
      points: {{of_type: point3}}
{extra}"""

STORED = "      shapes:\n        columns: {id: integer, corner: point3}\n"


def test_typed_tables_follow_their_type_in_place(cli: Cli, state: StateDir, pg_url: str) -> None:
    state.write(BODY.format(attributes="x: integer, y: integer, label: text", extra=""))
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    sql(pg_url, state.dbname, "INSERT INTO points VALUES (1, 2, 'a')")
    state.write(BODY.format(attributes="x: bigint, y: integer, label: text", extra=""))
    assert cli("plan", "--state", state.root) == 0, cli.err
    assert "ALTER TYPE public.point3 ALTER ATTRIBUTE x TYPE bigint CASCADE" in cli.out
    assert "table_rewrite" in cli.out and "destructive" not in cli.out
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    assert sql(pg_url, state.dbname, "SELECT x, y, label FROM points") == [(1, 2, "a")]
    # Dropping an attribute drops the typed table's column: destructive.
    state.write(BODY.format(attributes="x: bigint, y: integer", extra=""))
    assert cli("apply", "--state", state.root, "--auto-approve") == 1
    assert "--allow-destructive" in cli.err
    assert cli("apply", "--state", state.root, "--auto-approve", "--allow-destructive") == 0, cli.out + cli.err
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 0


def test_a_type_to_drop_and_create_under_typed_tables_cannot_be_applied(cli: Cli, state: StateDir) -> None:
    state.write(BODY.format(attributes="x: integer, y: integer", extra=STORED))
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    state.write(BODY.format(attributes="x: bigint, y: integer", extra=STORED))  # shapes.corner stores it
    assert cli("plan", "--state", state.root) == 0, cli.err
    assert "composite_type.point3 (cannot be applied)" in cli.out
    assert "it is the row type of public.points (CREATE TABLE ... OF)" in cli.out
    assert cli("apply", "--state", state.root, "--auto-approve", "--allow-destructive") == 1
    assert "cannot be applied" in cli.err
