"""Privileges on the database itself (`grants:` of a database file, GRANT ... ON DATABASE): granted and revoked
for each role the file lists, the default for a role it leaves out, nothing compared without `grants:`,
exported so that export -> plan finds nothing, and refused before anything runs for an unknown role or
privilege."""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.conftest import Cli, StateDir, sql
from tests.postgres.test_role_database_settings import state_with
from tests.postgres.test_roles import prefix

__all__ = ["prefix"]  # the fixture, used by name


def acl(pg_url: str, dbname: str) -> str | None:
    rows = sql(pg_url, "postgres", f"SELECT datacl::text FROM pg_database WHERE datname = '{dbname}'")
    return str(rows[0][0]) if rows and rows[0][0] is not None else None


def test_database_grants_are_granted_revoked_left_alone_when_undeclared_and_exported(
    cli: Cli, state: StateDir, pg_url: str, prefix: str, tmp_path: Path
) -> None:
    app, other = f"{prefix}_app", f"{prefix}_other"
    sql(pg_url, "postgres", f'CREATE ROLE "{app}"; CREATE ROLE "{other}"')
    db = state.dbname
    try:
        # A database the plan creates gets each listed grantee's privileges exactly.
        state_with(state, f"grants:\n  public: [TEMP]\n  {app}: [connect, create]\n")
        assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
        assert f"REVOKE CONNECT ON DATABASE {db} FROM PUBLIC" in cli.out
        assert acl(pg_url, db) == f"{{=T/postgres,postgres=CTc/postgres,{app}=Cc/postgres}}"
        assert cli("plan", "--state", state.root, "--detailed-exitcode") == 0, cli.out + cli.err

        # Changed by hand: set back, PUBLIC's default CONNECT revoked again (a revoke hazard); a role granted
        # by hand and not listed goes back to its default (nothing); `all` is every privilege.
        sql(pg_url, "postgres", f'GRANT CONNECT ON DATABASE "{db}" TO PUBLIC')
        sql(pg_url, "postgres", f'GRANT TEMPORARY ON DATABASE "{db}" TO "{other}"')
        state_with(state, f"grants:\n  public: [temporary]\n  {app}: [all]\n")
        assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
        assert f"REVOKE CONNECT ON DATABASE {db} FROM PUBLIC" in cli.out
        assert f"REVOKE TEMPORARY ON DATABASE {db} FROM {other}" in cli.out
        assert f"GRANT TEMPORARY ON DATABASE {db} TO {app}" in cli.out
        assert "revokes_privileges" in cli.out
        assert acl(pg_url, db) == f"{{=T/postgres,postgres=CTc/postgres,{app}=CTc/postgres}}"

        # Without grants: nothing of the database's privileges is compared.
        sql(pg_url, "postgres", f'GRANT CONNECT ON DATABASE "{db}" TO "{other}"')
        state_with(state, "")
        assert cli("plan", "--state", state.root, "--detailed-exitcode") == 0, cli.out + cli.err

        # Export writes the grants that differ from the default; export -> plan finds nothing.
        out = tmp_path / "exported"
        assert cli("export", "--only", "postgres", "--database", db, "--out", out) == 0, cli.err
        exported = yaml.safe_load((out / "postgres" / f"{db}.yaml").read_text())
        assert exported["grants"] == {
            "public": ["temporary"],
            app: ["connect", "create", "temporary"],
            other: ["connect"],
        }
        assert cli("plan", "--state", out, "--only", "postgres", "--detailed-exitcode") == 0, cli.out + cli.err
    finally:  # the roles are dropped after the test: their privileges on the database first
        sql(pg_url, "postgres", f'REVOKE ALL ON DATABASE "{db}" FROM "{app}", "{other}"')


def test_an_unknown_role_or_privilege_is_refused_naming_the_field(
    cli: Cli, state: StateDir, pg_url: str, prefix: str
) -> None:
    state_with(state, f"grants:\n  {prefix}_nobody: [connect]\n")
    for command in (["plan"], ["apply", "--auto-approve"]):
        assert cli(*command, "--state", state.root) == 1, cli.out + cli.err
        assert f":3: grants.{prefix}_nobody:" in cli.err and "does not exist" in cli.err
        assert "Traceback" not in cli.err
    assert sql(pg_url, "postgres", f"SELECT 1 FROM pg_database WHERE datname = '{state.dbname}'") == []

    state_with(state, "grants:\n  public: ['connect ON DATABASE postgres TO PUBLIC; DROP ROLE x; --']\n")
    assert cli("plan", "--state", state.root) == 1, cli.out + cli.err
    assert ":3: grants.public.0:" in cli.err and "Input should be" in cli.err
    state_with(state, "grants:\n  public: [select]\n")
    assert cli("validate", "--state", state.root) == 1, cli.out + cli.err
    assert "grants.public.0" in cli.err
