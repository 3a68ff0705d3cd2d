"""`undeclared_schemas`: schemas a file leaves out are kept by default, and dropped only when it says so."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.conftest import Cli, StateDir, sql

SCHEMA_A = """
CREATE TABLE public.customers (id integer PRIMARY KEY);
CREATE SCHEMA legacy;
CREATE TABLE legacy.accounts (id integer PRIMARY KEY, customer_id integer REFERENCES public.customers);
INSERT INTO public.customers VALUES (1);
INSERT INTO legacy.accounts VALUES (10, 1);
CREATE VIEW legacy.account_ids AS SELECT id FROM legacy.accounts;
"""

DECLARED = """
{setting}
schemas:
  public:
    tables:
      customers:
        columns: {{id: {{type: integer, primary_key: true}}}}
"""


@pytest.fixture
def database(pg_url: str, dbname: str) -> str:
    sql(pg_url, "postgres", f'CREATE DATABASE "{dbname}"')
    sql(pg_url, dbname, SCHEMA_A)
    return dbname


def schemas_of(pg_url: str, dbname: str) -> list[str]:
    rows = sql(pg_url, dbname, "SELECT nspname FROM pg_namespace WHERE nspname IN ('public', 'legacy') ORDER BY 1")
    return [str(row[0]) for row in rows]


@pytest.mark.parametrize("setting", ["", "undeclared_schemas: keep"])
def test_a_schema_the_file_leaves_out_is_never_looked_at_by_default(
    database: str, state: StateDir, cli: Cli, pg_url: str, setting: str
) -> None:
    state.write(DECLARED.format(setting=setting))
    assert cli("plan", "--state", state.root, "--only", "postgres", "--detailed-exitcode") == 0, cli.out + cli.err
    assert "legacy" not in cli.out + cli.err
    assert cli("apply", "--state", state.root, "--only", "postgres", "--auto-approve", "--allow-destructive") == 0
    assert schemas_of(pg_url, database) == ["legacy", "public"]


def test_drop_plans_each_object_and_the_schema_as_destructive_changes(
    database: str, state: StateDir, cli: Cli, pg_url: str
) -> None:
    state.write(DECLARED.format(setting="undeclared_schemas: drop"))
    assert cli("plan", "--state", state.root, "--only", "postgres") == 0, cli.out + cli.err
    for line in [
        "- view.legacy.account_ids (destructive",
        "- table.legacy.accounts (destructive",
        "- schema.legacy (destructive",
        "the schema is dropped with everything in it",
        "DROP SCHEMA legacy",
    ]:
        assert line in cli.out, cli.out
    assert "CASCADE" not in cli.out

    # Without the flag nothing is dropped.
    assert cli("apply", "--state", state.root, "--only", "postgres", "--auto-approve") == 1
    assert "--allow-destructive" in cli.out + cli.err
    assert schemas_of(pg_url, database) == ["legacy", "public"]

    assert cli("apply", "--state", state.root, "--only", "postgres", "--auto-approve", "--allow-destructive") == 0
    assert schemas_of(pg_url, database) == ["public"]
    assert sql(pg_url, database, "SELECT id FROM public.customers") == [(1,)]
    assert cli("plan", "--state", state.root, "--only", "postgres", "--detailed-exitcode") == 0, cli.out + cli.err


def test_a_schema_holding_what_files_cannot_declare_blocks_the_apply_and_the_plan_says_why(
    database: str, state: StateDir, cli: Cli, pg_url: str
) -> None:
    # A conversion cannot be declared: it is never dropped for its absence, so its schema cannot go either.
    sql(pg_url, database, "CREATE CONVERSION legacy.latin_to_utf8 FOR 'LATIN1' TO 'UTF8' FROM iso8859_1_to_utf8")
    state.write(DECLARED.format(setting="undeclared_schemas: drop"))
    assert cli("plan", "--state", state.root, "--only", "postgres") == 0, cli.out + cli.err
    assert "- schema.legacy" in cli.out
    assert "it holds what state files cannot declare (conversion" in cli.out
    assert "DROP SCHEMA" not in cli.out
    # A change that cannot be applied stops the whole apply: nothing in the schema is dropped either.
    code = cli("apply", "--state", state.root, "--only", "postgres", "--auto-approve", "--allow-destructive")
    assert code == 1 and "cannot be applied; nothing was applied" in cli.err, cli.out + cli.err
    assert schemas_of(pg_url, database) == ["legacy", "public"]
    assert sql(pg_url, database, "SELECT id FROM legacy.accounts") == [(10,)]


def test_a_schema_holding_a_declared_extension_is_kept_and_undeclared_extensions_are_dropped(
    pg_url: str, dbname: str, state: StateDir, cli: Cli
) -> None:
    sql(pg_url, "postgres", f'CREATE DATABASE "{dbname}"')
    sql(pg_url, dbname, "CREATE SCHEMA ext; CREATE EXTENSION citext SCHEMA ext; CREATE EXTENSION pg_trgm")
    state.write(
        """
        undeclared_schemas: drop
        extensions: [{name: citext, schema: ext}]
        schemas:
          public: {}
        """
    )
    assert cli("plan", "--state", state.root, "--only", "postgres") == 0, cli.out + cli.err
    assert "- extension.pg_trgm (destructive" in cli.out and "schema.ext" not in cli.out
    assert cli("apply", "--state", state.root, "--only", "postgres", "--auto-approve", "--allow-destructive") == 0
    assert sql(pg_url, dbname, "SELECT extname FROM pg_extension WHERE extname <> 'plpgsql'") == [("citext",)]


def test_export_declares_every_schema_and_says_so_unless_prefixes_leave_some_out(
    database: str, cli: Cli, tmp_path: Path
) -> None:
    whole, part = tmp_path / "whole", tmp_path / "part"
    assert cli("export", "--only", "postgres", "--database", database, "--out", whole) == 0, cli.err
    assert cli("export", "--only", "postgres", "--database", database, "--prefix", "pub", "--out", part) == 0
    exported = yaml.safe_load((whole / "postgres" / f"{database}.yaml").read_text())
    assert exported["undeclared_schemas"] == "drop" and list(exported["schemas"]) == ["public", "legacy"]
    assert "undeclared_schemas" not in yaml.safe_load((part / "postgres" / f"{database}.yaml").read_text())
    assert cli("plan", "--state", whole, "--only", "postgres", "--detailed-exitcode") == 0, cli.out + cli.err


def test_a_schema_whose_operators_left_shells_is_dropped_with_them(
    database: str, state: StateDir, cli: Cli, pg_url: str
) -> None:
    # The commutator and negator do not exist: PostgreSQL makes shells of them in legacy, which DROP SCHEMA
    # (no CASCADE) would refuse to drop around.
    sql(
        pg_url,
        database,
        "CREATE FUNCTION legacy.before(integer, integer) RETURNS boolean LANGUAGE sql AS 'SELECT $1 < $2';"
        "CREATE OPERATOR legacy.<<< (LEFTARG = integer, RIGHTARG = integer, FUNCTION = legacy.before,"
        " COMMUTATOR = OPERATOR(legacy.>>>), NEGATOR = OPERATOR(legacy.>>=))",
    )
    state.write(DECLARED.format(setting="undeclared_schemas: drop"))
    assert cli("plan", "--state", state.root, "--only", "postgres") == 0, cli.out + cli.err
    assert "DROP OPERATOR legacy.<<< (integer, integer)" in cli.out
    assert "DROP OPERATOR legacy.>>> (integer, integer)" in cli.out
    code = cli("apply", "--state", state.root, "--only", "postgres", "--auto-approve", "--allow-destructive")
    assert code == 0, cli.out + cli.err
    assert schemas_of(pg_url, database) == ["public"]
    assert cli("plan", "--state", state.root, "--only", "postgres", "--detailed-exitcode") == 0, cli.out + cli.err
