"""Settings of roles (`settings:` in _roles.yaml, ALTER ROLE ... SET): set, compared and reset as declared, left
alone when a role declares none, exported, and refused before anything runs when PostgreSQL would refuse them."""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.conftest import Cli, sql
from tests.postgres.test_roles import prefix, write_roles

__all__ = ["prefix"]  # the fixture, used by name


def stored(pg_url: str, role: str) -> list[str]:
    rows = sql(
        pg_url,
        "postgres",
        "SELECT unnest(s.setconfig) FROM pg_db_role_setting s JOIN pg_roles r ON r.oid = s.setrole "
        f"WHERE r.rolname = '{role}' AND s.setdatabase = 0",
    )
    return sorted(str(row[0]) for row in rows)


def test_role_settings_are_set_compared_reset_and_exported(
    pg_url: str, prefix: str, dbname: str, tmp_path: Path, cli: Cli
) -> None:
    app, other = f"{prefix}_app", f"{prefix}_other"
    state = tmp_path / "state"
    body = f"""roles:
  {app}:
    login: true
    settings:
      statement_timeout: 30s
      search_path: [app, Public]
      app.mode: "it's"
  {other}: {{}}
"""
    write_roles(state, body)
    assert cli("apply", "--state", state, "--only", "postgres", "--auto-approve") == 0, cli.out + cli.err
    assert stored(pg_url, app) == ["app.mode=it's", 'search_path=app, "Public"', "statement_timeout=30s"]
    assert cli("plan", "--state", state, "--only", "postgres", "--detailed-exitcode") == 0, cli.out + cli.err

    # A role that declares no settings keeps its own; a declared one set by hand is set back, one not declared reset.
    sql(pg_url, "postgres", f"ALTER ROLE \"{other}\" SET work_mem = '8MB'")
    sql(pg_url, "postgres", f"ALTER ROLE \"{app}\" SET lock_timeout = '1s'")
    sql(pg_url, "postgres", f"ALTER ROLE \"{app}\" SET statement_timeout = '1min'")
    assert cli("plan", "--state", state, "--only", "postgres", "--detailed-exitcode") == 2, cli.out + cli.err
    assert f"ALTER ROLE {app} SET statement_timeout TO '30s'" in cli.out
    assert f"ALTER ROLE {app} RESET lock_timeout" in cli.out
    assert other not in cli.out
    assert cli("apply", "--state", state, "--only", "postgres", "--auto-approve") == 0, cli.out + cli.err
    assert stored(pg_url, app) == ["app.mode=it's", 'search_path=app, "Public"', "statement_timeout=30s"]
    assert stored(pg_url, other) == ["work_mem=8MB"]

    # Exported with a database whose table the role owns (export writes the roles its databases name).
    sql(pg_url, "postgres", f'CREATE DATABASE "{dbname}"')
    sql(pg_url, dbname, f'CREATE TABLE owned (id int); ALTER TABLE owned OWNER TO "{app}"')
    out = tmp_path / "exported"
    assert cli("export", "--only", "postgres", "--database", dbname, "--out", out) == 0, cli.err
    roles = yaml.safe_load((out / "postgres" / "_roles.yaml").read_text())["roles"]
    assert roles[app]["settings"] == {"statement_timeout": "30s", "search_path": ["app", "Public"], "app.mode": "it's"}


def test_a_role_setting_postgresql_refuses_is_refused_naming_the_field(
    pg_url: str, prefix: str, tmp_path: Path, cli: Cli
) -> None:
    state = tmp_path / "state"
    role = f"{prefix}_app"
    write_roles(state, f"roles:\n  {role}:\n    settings:\n      statement_timeout: soon\n")
    for command in (["plan"], ["apply", "--auto-approve"]):
        assert cli(*command, "--state", state, "--only", "postgres") == 1, cli.out + cli.err
        assert f"_roles.yaml:4: roles.{role}.settings.statement_timeout: PostgreSQL rejects this setting" in cli.err
        assert "Traceback" not in cli.err
    assert sql(pg_url, "postgres", f"SELECT 1 FROM pg_roles WHERE rolname = '{role}'") == []
    write_roles(state, f"roles:\n  {role}:\n    settings:\n      'work_mem TO 1; DROP ROLE x; --': 1\n")
    assert cli("plan", "--state", state, "--only", "postgres") == 1, cli.out + cli.err
    assert "should match pattern" in cli.err
