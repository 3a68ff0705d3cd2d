"""Roles the state files name: checked at plan time, created first when declared, and exported with the databases."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from reconciler import scram
from reconciler.export_files import ExportOptions, write_export
from reconciler.postgres.exporter import export_postgres
from tests.conftest import Cli, StateDir, sql
from tests.postgres.test_roles import memberships, role_row, write_roles
from tests.postgres.test_undeclarable import schema_dump


@pytest.fixture
def prefix(pg_url: str, dbname: str) -> Iterator[str]:
    """A role name prefix unique to this test; its database and roles are dropped afterwards."""
    name = f"r_{uuid.uuid4().hex[:8]}"
    yield name
    sql(pg_url, "postgres", f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
    rows = sql(pg_url, "postgres", f"SELECT rolname FROM pg_roles WHERE rolname LIKE '{name}%' ORDER BY 1 DESC")
    for (role,) in rows:
        sql(pg_url, "postgres", f'DROP ROLE IF EXISTS "{role}"')


def database_naming(owner: str, role: str) -> str:
    """A database file that names roles in every place a role can be named, one per line: `owner` owns."""
    return f"""
        schemas:
          app:
            owner: {owner}
            grants: {{{role}: [usage]}}
            default_privileges:
              {role}:
                tables: {{{role}: [select]}}
            type_grants:
              mood: {{{role}: [usage]}}
            enums:
              mood: [ok, sad]
            tables:
              items:
                columns:
                  id: int
                  label: {{type: text, grants: {{{role}: [update]}}}}
                owner: {owner}
                grants: {{{role}: [select]}}
                row_level_security: {{enabled: true}}
                policies:
                  mine: {{roles: [{role}], using: "true"}}
        """


NAMED_AT = {
    4: "schemas.app.owner",
    5: "schemas.app.grants",
    7: "schemas.app.default_privileges",
    8: "schemas.app.default_privileges",
    10: "schemas.app.type_grants.mood",
    17: "schemas.app.tables.items.columns.label.grants",
    18: "schemas.app.tables.items.owner",
    19: "schemas.app.tables.items.grants",
    22: "schemas.app.tables.items.policies.mine.roles.0",
}


def test_a_role_that_neither_exists_nor_is_declared_stops_the_plan_naming_every_place(
    pg_url: str, prefix: str, dbname: str, state: StateDir, cli: Cli
) -> None:
    path = state.write(database_naming(f"{prefix}_typo", f"{prefix}_typo"))
    write_roles(state.root, f"roles:\n  {prefix}_app:\n    member_of: [{prefix}_typo2]\n")
    assert cli("validate", "--state", state.root) == 0, cli.err  # validate reads no server: the plan checks
    assert cli("plan", "--state", state.root, "--only", "postgres") == 1
    assert "Traceback" not in cli.err
    for line, field in NAMED_AT.items():
        assert f"{path.name}:{line}: {field}" in cli.err, (line, field, cli.err)
    assert f"_roles.yaml:3: roles.{prefix}_app.member_of.0" in cli.err, cli.err
    assert f"role '{prefix}_typo' does not exist on the server and is not declared in" in cli.err
    assert cli.err.count("does not exist on the server") == len(NAMED_AT) + 1  # and member_of
    # Nothing ran: no role, no database.
    assert sql(pg_url, "postgres", f"SELECT count(*) FROM pg_roles WHERE rolname LIKE '{prefix}%'") == [(0,)]
    assert sql(pg_url, "postgres", f"SELECT count(*) FROM pg_database WHERE datname = '{dbname}'") == [(0,)]


def test_roles_the_roles_file_declares_can_be_named_before_they_exist(
    pg_url: str, prefix: str, dbname: str, state: StateDir, cli: Cli
) -> None:
    """The plan that creates the roles also creates grants and policies naming them: one apply, then converged."""
    owner, role = f"{prefix}_owner", f"{prefix}_app"
    state.write(database_naming(owner, role))
    write_roles(state.root, f"roles:\n  {role}: {{}}\n  {owner}: {{}}\n")
    assert cli("plan", "--state", state.root, "--only", "postgres") == 0, cli.out + cli.err
    assert f"CREATE ROLE {role}" in cli.out and f"TO {role}" in cli.out
    # The stand-in the plan created to normalize the grants was rolled back with it.
    assert sql(pg_url, "postgres", f"SELECT count(*) FROM pg_roles WHERE rolname = '{role}'") == [(0,)]
    assert cli("apply", "--state", state.root, "--only", "postgres", "--auto-approve") == 0, cli.out + cli.err
    assert sql(pg_url, dbname, "SELECT pg_get_userbyid(relowner) FROM pg_class WHERE relname = 'items'") == [(owner,)]
    assert sql(pg_url, dbname, "SELECT polroles::regrole[]::text[] FROM pg_policy") == [([role],)]
    assert cli("plan", "--state", state.root, "--only", "postgres", "--detailed-exitcode") == 0, cli.out + cli.err


@pytest.mark.parametrize(
    "owner",
    ["\x1b[31mred", 'x"; DROP TABLE t; --', "current_user", "pg_missing_role"],
    ids=["terminal-escape", "quotes", "keyword-spelled", "pg-prefix"],
)
def test_hostile_role_names_are_errors_naming_file_line_and_field_never_run(
    owner: str, pg_url: str, prefix: str, dbname: str, state: StateDir, cli: Cli
) -> None:
    escaped = owner.replace("\\", "\\\\").replace('"', '\\"').replace("\x1b", "\\e")
    path = state.write(
        f'schemas:\n  public:\n    tables:\n      t:\n        columns: {{n: int}}\n        owner: "{escaped}"'
    )
    assert cli("plan", "--state", state.root, "--only", "postgres") == 1
    assert f"{path.name}:7: schemas.public.tables.t.owner" in cli.err and "does not exist on the server" in cli.err
    assert "\x1b" not in cli.err + cli.out and "Traceback" not in cli.err
    assert sql(pg_url, "postgres", f"SELECT count(*) FROM pg_database WHERE datname = '{dbname}'") == [(0,)]


def cluster_with_roles(pg_url: str, prefix: str, dbname: str, secret: str) -> dict[str, str]:
    """Roles with attributes, memberships (one WITH ADMIN OPTION, one in a pg_ role) and a password, and a
    database that names some of them."""
    names = {w: f"{prefix}_{w}" for w in ("owner", "group", "app", "reader", "unnamed")}
    sql(pg_url, "postgres", f'CREATE ROLE "{names["group"]}" CREATEDB')
    sql(pg_url, "postgres", f'CREATE ROLE "{names["owner"]}" NOINHERIT CONNECTION LIMIT 3')
    sql(
        pg_url,
        "postgres",
        f"CREATE ROLE \"{names['app']}\" LOGIN VALID UNTIL '2031-02-03 04:05:06+00' PASSWORD '{secret}'",
    )
    sql(pg_url, "postgres", f'CREATE ROLE "{names["reader"]}" LOGIN')
    sql(pg_url, "postgres", f'CREATE ROLE "{names["unnamed"]}"')  # named by no database: not exported
    sql(pg_url, "postgres", f'GRANT "{names["group"]}" TO "{names["app"]}" WITH ADMIN OPTION')
    sql(pg_url, "postgres", f'GRANT "{names["owner"]}" TO "{names["app"]}"')
    sql(pg_url, "postgres", f'GRANT pg_read_all_stats TO "{names["reader"]}"')
    sql(pg_url, "postgres", f'CREATE DATABASE "{dbname}"')
    sql(
        pg_url,
        dbname,
        f"""
        CREATE SCHEMA app AUTHORIZATION "{names["owner"]}";
        CREATE TABLE app.items (id int PRIMARY KEY, label text);
        ALTER TABLE app.items OWNER TO "{names["owner"]}";
        GRANT SELECT ON app.items TO "{names["app"]}";
        GRANT USAGE ON SCHEMA app TO "{names["reader"]}", "{names["app"]}";
        """,
    )
    return names


def test_export_writes_the_roles_the_databases_name_and_plans_no_changes(
    pg_url: str, prefix: str, dbname: str, cli: Cli, tmp_path: Path
) -> None:
    secret = f"pw-{uuid.uuid4().hex}"
    names = cluster_with_roles(pg_url, prefix, dbname, secret)
    [(verifier,)] = sql(pg_url, "postgres", f"SELECT rolpassword FROM pg_authid WHERE rolname = '{names['app']}'")
    before = schema_dump(pg_url, dbname)
    out = tmp_path / "exported"
    files = export_postgres(ExportOptions(state_dir=tmp_path / "no-targets-here", databases=[dbname]))
    write_export(files, out, tmp_path / "schema", overwrite=False)
    text = (out / "postgres" / "_roles.yaml").read_text()
    assert text.startswith("# yaml-language-server: $schema=../../schema/postgres_roles.schema.json\n")
    assert secret not in text and str(verifier) not in text
    assert f"#   {names['app']}: password: ${{env:{names['app'].upper()}_PASSWORD}}" in text
    declared = yaml.safe_load(text)["roles"]
    # The group is declared because the app role is a member of it; the pg_ role and postgres are not declared.
    assert declared == {
        names["owner"]: {"inherit": False, "connection_limit": 3, "member_of": []},
        names["group"]: {"createdb": True, "member_of": []},
        names["app"]: {
            "login": True,
            "valid_until": "2031-02-03T04:05:06Z",
            "member_of": [{"role": names["group"], "admin": True}, names["owner"]],
        },
        names["reader"]: {"login": True, "member_of": ["pg_read_all_stats"]},
    }

    assert cli("validate", "--state", out) == 0, cli.out + cli.err
    assert cli("plan", "--state", out, "--only", "postgres", "--detailed-exitcode") == 0, cli.out + cli.err
    assert "No changes" in cli.out
    code = cli("apply", "--state", out, "--only", "postgres", "--auto-approve", "--allow-destructive")
    assert code == 0, cli.out + cli.err
    assert schema_dump(pg_url, dbname) == before
    assert scram.matches(
        str(sql(pg_url, "postgres", f"SELECT rolpassword FROM pg_authid WHERE rolname = '{names['app']}'")[0][0]),
        secret,
    )  # a password left out is never set

    # Drift in what the export declared shows: attributes and memberships granted by hand.
    sql(pg_url, "postgres", f'ALTER ROLE "{names["reader"]}" CREATEROLE')
    sql(pg_url, "postgres", f'GRANT "{names["group"]}" TO "{names["reader"]}"')
    assert cli("drift", "--state", out, "--only", "postgres", "--fail-on-diff") == 2, cli.out + cli.err
    assert f"REVOKE {names['group']} FROM {names['reader']}" in cli.out and "createrole: True -> False" in cli.out
    assert cli("apply", "--state", out, "--only", "postgres", "--auto-approve") == 0, cli.out + cli.err
    assert role_row(pg_url, names["reader"])[3] is False
    assert memberships(pg_url, names["reader"]) == {("pg_read_all_stats", False)}
