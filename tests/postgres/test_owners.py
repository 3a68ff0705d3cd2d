"""Owners are declarable: export writes them, plan compares them where declared, apply changes them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from tests.conftest import Cli, StateDir, sql
from tests.postgres.test_undeclarable import export_a, schema_dump, state_file


@pytest.fixture
def owner_role(pg_url: str, dbname: str) -> Iterator[str]:
    role = f"{dbname}_owner"
    sql(pg_url, "postgres", f'CREATE ROLE "{role}"')
    sql(pg_url, "postgres", f'CREATE DATABASE "{dbname}"')
    sql(
        pg_url,
        dbname,
        f"""
        CREATE SCHEMA app AUTHORIZATION "{role}";
        CREATE TABLE app.items (id serial PRIMARY KEY, label text);
        ALTER TABLE app.items OWNER TO "{role}";
        CREATE TABLE public.kept (id int PRIMARY KEY);
        CREATE TYPE public.mood AS ENUM ('ok', 'sad');
        ALTER TYPE public.mood OWNER TO "{role}";
        CREATE FUNCTION public.one() RETURNS int LANGUAGE sql AS 'SELECT 1';
        ALTER FUNCTION public.one() OWNER TO "{role}";
        CREATE VIEW public.v AS SELECT id FROM public.kept;
        """,
    )
    try:
        yield role
    finally:
        sql(pg_url, "postgres", f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
        sql(pg_url, "postgres", f'DROP ROLE IF EXISTS "{role}"')


def owners(pg_url: str, dbname: str) -> dict[str, str]:
    rows = sql(
        pg_url,
        dbname,
        """
        SELECT c.oid::regclass::text, pg_get_userbyid(c.relowner) FROM pg_class c
        WHERE c.relnamespace IN ('public'::regnamespace, 'app'::regnamespace) AND c.relkind IN ('r', 'v', 'S')
        UNION ALL SELECT 'schema ' || nspname, pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = 'app'
        UNION ALL SELECT 'type ' || typname, pg_get_userbyid(typowner) FROM pg_type WHERE typname = 'mood'
        UNION ALL SELECT 'function ' || proname, pg_get_userbyid(proowner) FROM pg_proc WHERE proname = 'one'
        """,
    )
    return {str(name): str(owner) for name, owner in rows}


def test_export_declares_the_most_common_owner_once_and_plans_no_changes_for_any_role(
    pg_url: str, dbname: str, owner_role: str, cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = schema_dump(pg_url, dbname)
    out = tmp_path / "exported"
    header = "\n".join(export_a(out, dbname))
    assert "owner" not in header  # nothing is left undeclared for its owner
    document = yaml.safe_load(state_file(out, dbname).read_text())
    schemas = document["schemas"]
    # owner_role owns four of the six exported objects (app, app.items, mood, one): the file's owner.
    assert document["owner"] == owner_role
    assert "owner" not in schemas["app"] and "owner" not in schemas["app"]["tables"]["items"]
    assert schemas["public"]["enums"]["mood"] == ["ok", "sad"]
    assert "owner" not in schemas["public"]["functions"]["one"]
    # The exceptions carry their own; the public schema keeps initdb's owner, which the file's owner does not cover.
    assert schemas["public"]["tables"]["kept"]["owner"] == "postgres"
    assert schemas["public"]["views"]["v"]["owner"] == "postgres"
    assert "owner" not in schemas["public"]

    assert cli("plan", "--state", out, "--only", "postgres", "--detailed-exitcode") == 0, cli.out + cli.err
    assert "not declarable yet" not in cli.out + cli.err
    # Owners are named, never "the connecting role": another role sees no drift either.
    other = f"{dbname}_other"
    sql(pg_url, "postgres", f'CREATE ROLE "{other}" LOGIN SUPERUSER')
    try:
        with monkeypatch.context() as as_other:
            as_other.setenv("RECONCILE_POSTGRES_URL", pg_url.replace("postgres@", f"{other}@"))
            assert cli("drift", "--state", out, "--only", "postgres", "--fail-on-diff") == 0, cli.out + cli.err
    finally:
        sql(pg_url, "postgres", f'DROP ROLE "{other}"')
    code = cli("apply", "--state", out, "--only", "postgres", "--auto-approve", "--allow-destructive")
    assert code == 0, cli.out + cli.err
    assert schema_dump(pg_url, dbname) == before


STATE_WITHOUT_OWNERS = """
schemas:
  app:
    tables:
      items: {columns: {id: {type: serial, primary_key: true}, label: text}}
  public:
    enums:
      mood: [ok, sad]
    functions:
      one: {returns: int, language: sql, body: SELECT 1}
    tables:
      kept: {columns: {id: {type: int, primary_key: true}}}
    views:
      v: {query: SELECT id FROM kept}
"""


def test_a_file_that_names_no_owner_leaves_every_owner_alone(
    pg_url: str, dbname: str, owner_role: str, state: StateDir, cli: Cli
) -> None:
    before = owners(pg_url, dbname)
    state.write(STATE_WITHOUT_OWNERS)
    assert cli("plan", "--state", state.root, "--only", "postgres", "--detailed-exitcode") == 0, cli.out + cli.err
    assert "OWNER TO" not in cli.out

    sql(pg_url, dbname, f'ALTER TABLE public.kept OWNER TO "{owner_role}"')
    assert cli("drift", "--state", state.root, "--only", "postgres", "--fail-on-diff") == 0, cli.out + cli.err
    assert owners(pg_url, dbname) == before | {"kept": owner_role}


def test_the_file_owner_applies_to_every_object_and_an_object_owner_overrides_it(
    pg_url: str, dbname: str, owner_role: str, state: StateDir, cli: Cli
) -> None:
    state.write(
        "owner: postgres\n"
        + STATE_WITHOUT_OWNERS.replace(
            "kept: {columns: {id: {type: int, primary_key: true}}}",
            f"kept: {{columns: {{id: {{type: int, primary_key: true}}}}, owner: {owner_role}}}",
        ).replace("v: {query: SELECT id FROM kept}", f"v: {{query: SELECT id FROM kept, owner: {owner_role}}}")
    )
    assert cli("plan", "--state", state.root, "--only", "postgres") == 0, cli.out + cli.err
    for line in (
        "ALTER SCHEMA app OWNER TO postgres",
        "ALTER TABLE app.items OWNER TO postgres",
        "ALTER TYPE public.mood OWNER TO postgres",
        "ALTER FUNCTION public.one() OWNER TO postgres",
        f"ALTER TABLE public.kept OWNER TO {owner_role}",
        f"ALTER VIEW public.v OWNER TO {owner_role}",
    ):
        assert line in cli.out, cli.out
    assert "ALTER SCHEMA public" not in cli.out  # initdb's schema: only its own owner: covers it
    assert f"owner: {owner_role} -> postgres" in cli.out
    assert "changes_owner" in cli.out or "changes the owner" in cli.out

    assert cli("apply", "--state", state.root, "--only", "postgres", "--auto-approve") == 0, cli.out + cli.err
    assert owners(pg_url, dbname) == {
        "schema app": "postgres",
        "app.items": "postgres",
        "app.items_id_seq": "postgres",  # the serial's sequence follows its table
        "type mood": "postgres",
        "function one": "postgres",
        "kept": owner_role,
        "v": owner_role,
    }
    assert sql(pg_url, dbname, "SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = 'public'") == [
        ("pg_database_owner",)
    ]
    assert cli("plan", "--state", state.root, "--only", "postgres", "--detailed-exitcode") == 0, cli.out

    # Drift: someone hands the table to another role by hand.
    sql(pg_url, dbname, "ALTER TABLE public.kept OWNER TO postgres")
    assert cli("drift", "--state", state.root, "--only", "postgres", "--fail-on-diff") == 2, cli.out + cli.err
    assert f"ALTER TABLE public.kept OWNER TO {owner_role}" in cli.out


def test_statistics_owners_on_a_table_and_a_materialized_view_are_addressed_and_kept_where_declared(
    pg_url: str, dbname: str, owner_role: str, state: StateDir, cli: Cli
) -> None:
    document = yaml.safe_load(STATE_WITHOUT_OWNERS)
    document["schemas"]["planner"] = {}
    app = document["schemas"]["app"]
    app["tables"]["items"]["statistics"] = {
        "items_id_label": {"columns": ["id", "label"], "schema": "planner", "owner": owner_role}
    }
    app["materialized_views"] = {
        "labels": {
            "query": "SELECT label, count(*) AS n FROM app.items GROUP BY label",
            "statistics": {"labels_n": {"columns": ["label", "n"], "owner": owner_role}},
        }
    }
    state.write(yaml.safe_dump(document))
    assert cli("plan", "--state", state.root, "--only", "postgres") == 0, cli.out + cli.err
    for line in (
        "~ table.app.items.statistics.items_id_label.owner",
        f"ALTER STATISTICS planner.items_id_label OWNER TO {owner_role}",
        "~ materialized_view.app.labels.statistics.labels_n.owner",
        f"ALTER STATISTICS app.labels_n OWNER TO {owner_role}",
    ):
        assert line in cli.out, cli.out
    assert cli("apply", "--state", state.root, "--only", "postgres", "--auto-approve") == 0, cli.out + cli.err
    owned = sql(
        pg_url,
        dbname,
        "SELECT stxnamespace::regnamespace::text || '.' || stxname, pg_get_userbyid(stxowner) FROM pg_statistic_ext"
        " ORDER BY 1",
    )
    assert owned == [("app.labels_n", owner_role), ("planner.items_id_label", owner_role)]
    assert cli("drift", "--state", state.root, "--only", "postgres", "--fail-on-diff") == 0, cli.out + cli.err


def test_a_sequence_owned_by_a_column_cannot_declare_an_owner(state: StateDir, cli: Cli) -> None:
    path = state.write(
        """
        schemas:
          public:
            tables:
              t: {columns: {n: int}}
            sequences:
              s: {owned_by: t.n, owner: someone}
        """
    )
    assert cli("validate", "--state", state.root) == 1
    assert f"{path.name}:" in cli.err and "has its table's owner" in cli.err, cli.err


@pytest.mark.parametrize(
    ("owner", "message"),
    [
        ('""', "at least 1 character"),
        ("x" * 64, "63-byte identifier limit"),
        ("[a, b]", "string"),
        ("{a: 1}", "string"),
    ],
)
def test_hostile_owner_values_are_errors_naming_file_line_and_field(
    owner: str, message: str, state: StateDir, cli: Cli
) -> None:
    path = state.write(
        f"""
        schemas:
          public:
            tables:
              t:
                columns: {{n: int}}
                owner: {owner}
        """
    )
    assert cli("validate", "--state", state.root) == 1
    assert f"{path.name}:7: schemas.public.tables.t.owner" in cli.err and message in cli.err, cli.err
    assert "Traceback" not in cli.err


def test_an_owner_name_is_quoted_never_run(pg_url: str, dbname: str, state: StateDir, cli: Cli) -> None:
    """A role name is an identifier: quote marks and semicolons stay inside it."""
    hostile = f'{dbname}"; DROP TABLE t; --'
    quoted = hostile.replace('"', '""')
    sql(pg_url, "postgres", f'CREATE ROLE "{quoted}"')
    sql(pg_url, "postgres", f'CREATE DATABASE "{dbname}"')
    sql(pg_url, dbname, "CREATE TABLE t (n int)")
    state.write(
        f"""
        schemas:
          public:
            tables:
              t: {{columns: {{n: int}}, owner: '{hostile}'}}
        """
    )
    try:
        assert cli("plan", "--state", state.root, "--only", "postgres") == 0, cli.out + cli.err
        assert f'ALTER TABLE public.t OWNER TO "{quoted}"' in cli.out
        assert cli("apply", "--state", state.root, "--only", "postgres", "--auto-approve") == 0, cli.out + cli.err
        assert sql(pg_url, dbname, "SELECT count(*) FROM t") == [(0,)]
        assert sql(pg_url, dbname, "SELECT pg_get_userbyid(relowner) FROM pg_class WHERE relname = 't'") == [(hostile,)]
    finally:
        sql(pg_url, "postgres", f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
        sql(pg_url, "postgres", f'DROP ROLE IF EXISTS "{quoted}"')
