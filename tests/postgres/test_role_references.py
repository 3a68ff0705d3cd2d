"""Roles the state files name: checked at plan time, created first when declared, and exported with the databases."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from tests.conftest import Cli, StateDir, sql
from tests.postgres.test_roles import write_roles


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
