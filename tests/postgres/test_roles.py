"""Cluster roles (state/postgres/_roles.yaml) on a real server: created, changed, left alone, never leaked."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from reconciler import scram
from tests.conftest import Cli, sql


@pytest.fixture
def prefix(pg_url: str) -> Iterator[str]:
    """A role name prefix unique to this test; its roles are dropped afterwards (roles are cluster-wide)."""
    name = f"r_{uuid.uuid4().hex[:8]}"
    yield name
    rows = sql(pg_url, "postgres", f"SELECT rolname FROM pg_roles WHERE rolname LIKE '{name}%' ORDER BY 1 DESC")
    for (role,) in rows:
        quoted = str(role).replace('"', '""')
        sql(pg_url, "postgres", f'DROP ROLE IF EXISTS "{quoted}"')


def write_roles(root: Path, body: str) -> Path:
    path = root / "postgres" / "_roles.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(body)
    return path


def role_row(pg_url: str, name: str) -> tuple[object, ...]:
    [row] = sql(
        pg_url,
        "postgres",
        "SELECT rolcanlogin, rolinherit, rolcreatedb, rolcreaterole, rolconnlimit, rolsuper,"
        f" to_char(rolvaliduntil AT TIME ZONE 'UTC', 'YYYY-MM-DD') FROM pg_roles WHERE rolname = '{name}'",
    )
    return row


def memberships(pg_url: str, name: str) -> set[tuple[str, bool]]:
    rows = sql(
        pg_url,
        "postgres",
        "SELECT g.rolname, m.admin_option FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid"
        f" JOIN pg_roles r ON r.oid = m.member WHERE r.rolname = '{name}'",
    )
    return {(str(g), bool(a)) for g, a in rows}


def verifier(pg_url: str, name: str) -> str:
    [(stored,)] = sql(pg_url, "postgres", f"SELECT rolpassword FROM pg_authid WHERE rolname = '{name}'")
    return str(stored)


def test_roles_are_created_changed_and_left_alone_and_passwords_never_shown(
    pg_url: str, prefix: str, tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = f"s3cret-{uuid.uuid4().hex}"
    monkeypatch.setenv("APP_DB_PASSWORD", secret)
    state = tmp_path / "state"
    owner, app, extra = f"{prefix}_owner", f"{prefix}_app", f"{prefix}_extra"
    write_roles(
        state,
        f"""
roles:
  {owner}: {{}}
  {extra}: {{createdb: true}}
  {app}:
    login: true
    connection_limit: 5
    valid_until: 2030-01-01T00:00:00Z
    password: ${{env:APP_DB_PASSWORD}}
    member_of: [{owner}, {{role: {extra}, admin: true}}]
""",
    )
    outputs = []
    assert cli("plan", "--state", state, "--only", "postgres") == 0, cli.out + cli.err
    outputs.append(cli.out + cli.err)
    assert f"CREATE ROLE {app} WITH LOGIN" in cli.out and "PASSWORD ${env:APP_DB_PASSWORD|scram}" in cli.out
    assert cli("plan", "--state", state, "--only", "postgres", "--format", "json", "--out", tmp_path / "plan.json") == 0
    outputs.append(cli.out + cli.err + (tmp_path / "plan.json").read_text())
    assert cli("apply", "--state", state, "--only", "postgres", "--auto-approve") == 0, cli.out + cli.err
    outputs.append(cli.out + cli.err)

    assert role_row(pg_url, app) == (True, True, False, False, 5, False, "2030-01-01")
    assert role_row(pg_url, extra)[2] is True
    assert memberships(pg_url, app) == {(owner, False), (extra, True)}
    stored = verifier(pg_url, app)
    assert stored.startswith("SCRAM-SHA-256$")
    assert scram.matches(stored, secret) and not scram.matches(stored, secret + "x")

    assert cli("plan", "--state", state, "--only", "postgres", "--detailed-exitcode") == 0, cli.out + cli.err
    outputs.append(cli.out + cli.err)

    # Drift: attributes, membership and the password changed by hand.
    sql(pg_url, "postgres", f'ALTER ROLE "{app}" CREATEDB CONNECTION LIMIT 7')
    sql(pg_url, "postgres", f'REVOKE "{extra}" FROM "{app}"')
    sql(pg_url, "postgres", f"ALTER ROLE \"{app}\" PASSWORD 'changed-by-hand'")
    assert cli("drift", "--state", state, "--only", "postgres", "--fail-on-diff") == 2, cli.out + cli.err
    outputs.append(cli.out + cli.err)
    assert "createdb: True -> False" in cli.out and "connection_limit: 7 -> 5" in cli.out
    assert f"GRANT {extra} TO {app} WITH ADMIN OPTION" in cli.out
    assert "password: (sensitive) -> ${env:APP_DB_PASSWORD|scram}" in cli.out
    assert cli("apply", "--state", state, "--only", "postgres", "--auto-approve") == 0, cli.out + cli.err
    outputs.append(cli.out + cli.err)
    assert scram.matches(verifier(pg_url, app), secret)
    assert role_row(pg_url, app)[2] is False

    # A role removed from the file is left alone; memberships left out of member_of are revoked.
    write_roles(
        state,
        f"roles:\n  {app}:\n    login: true\n    connection_limit: 5\n    valid_until: 2030-01-01\n"
        f"    member_of: [{owner}]\n",
    )
    assert cli("plan", "--state", state, "--only", "postgres") == 0, cli.out + cli.err
    outputs.append(cli.out + cli.err)
    assert f"REVOKE {extra} FROM {app}" in cli.out and "revokes_membership" in cli.out
    assert "DROP ROLE" not in cli.out
    assert cli("apply", "--state", state, "--only", "postgres", "--auto-approve") == 0, cli.out + cli.err
    assert sql(pg_url, "postgres", f"SELECT count(*) FROM pg_roles WHERE rolname = '{extra}'") == [(1,)]
    assert memberships(pg_url, app) == {(owner, False)}

    for text in outputs:
        assert secret not in text
        assert stored not in text


def test_roles_come_before_the_databases_that_name_them(
    pg_url: str, prefix: str, dbname: str, tmp_path: Path, cli: Cli
) -> None:
    state = tmp_path / "state"
    owner = f"{prefix}_tables"
    write_roles(state, f"roles:\n  {owner}: {{}}\n")
    (state / "postgres" / f"{dbname}.yaml").write_text(
        f"database: {dbname}\nschemas:\n  public:\n    tables:\n      t: {{columns: {{id: int}}, owner: {owner}}}\n"
    )
    assert cli("apply", "--state", state, "--only", "postgres", "--auto-approve") == 0, cli.out + cli.err
    assert sql(pg_url, dbname, "SELECT pg_get_userbyid(relowner) FROM pg_class WHERE relname = 't'") == [(owner,)]
    assert cli("plan", "--state", state, "--only", "postgres", "--detailed-exitcode") == 0, cli.out + cli.err
    sql(pg_url, "postgres", f'DROP DATABASE "{dbname}" WITH (FORCE)')


def test_superuser_is_declarable_only_explicitly_and_flagged(prefix: str, tmp_path: Path, cli: Cli) -> None:
    state = tmp_path / "state"
    write_roles(state, f"roles:\n  {prefix}_dba: {{superuser: true, login: true}}\n")
    assert cli("plan", "--state", state, "--only", "postgres") == 0, cli.out + cli.err
    assert "privileged_role" in cli.out and f"CREATE ROLE {prefix}_dba WITH LOGIN INHERIT" in cli.out


@pytest.mark.parametrize(
    ("body", "line", "field", "message"),
    [
        ("roles:\n  pg_evil: {}\n", 2, "roles.pg_evil", "reserved by PostgreSQL"),
        ("roles:\n  public: {}\n", 2, "roles.public", "reserved by PostgreSQL"),
        (f"roles:\n  {'x' * 64}: {{}}\n", 2, "roles", "63-byte identifier limit"),
        ("roles:\n  app: {password: hunter2}\n", 2, "roles.app.password", "only ever ${env:NAME}"),
        ("roles:\n  app: {member_of: [app]}\n", 2, "roles.app.member_of.0", "member of itself"),
        ("roles:\n  app: {connection_limit: -5}\n", 2, "roles.app.connection_limit", "greater than or equal"),
        ("roles:\n  app: {superuser: yes please}\n", 2, "roles.app.superuser", "boolean"),
        (
            'roles:\n  app: {member_of: [{role: "x\\"; DROP ROLE y; --", admin: maybe}]}\n',
            2,
            "roles.app.member_of.0",
            "boolean",
        ),
        ("roles:\n  app: {login: true, sql: DROP ROLE x}\n", 2, "roles.app.sql", "unknown field"),
    ],
)
def test_hostile_roles_file_is_an_error_naming_file_line_and_field(
    body: str, line: int, field: str, message: str, tmp_path: Path, cli: Cli
) -> None:
    state = tmp_path / "state"
    write_roles(state, body)
    assert cli("validate", "--state", state) == 1
    assert f"_roles.yaml:{line}" in cli.err and field in cli.err and message in cli.err, cli.err
    assert "hunter2" not in cli.err and "Traceback" not in cli.err


def test_a_hostile_role_name_is_quoted(pg_url: str, prefix: str, tmp_path: Path, cli: Cli) -> None:
    state = tmp_path / "state"
    name = f'{prefix}"; DROP ROLE postgres; --'
    write_roles(state, "roles:\n  " + json.dumps(name) + ": {login: false}\n")
    assert cli("apply", "--state", state, "--only", "postgres", "--auto-approve") == 0, cli.out + cli.err
    assert sql(pg_url, "postgres", "SELECT count(*) FROM pg_roles WHERE rolname = 'postgres'") == [(1,)]
    assert sql(pg_url, "postgres", f"SELECT count(*) FROM pg_roles WHERE rolname LIKE '{prefix}%'") == [(1,)]
