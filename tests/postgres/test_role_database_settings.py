"""Settings of roles in one database (`role_settings:`, ALTER ROLE ... IN DATABASE ... SET): set, compared and
reset for each role the file lists, left alone for the others, exported so that export -> plan finds nothing, and
refused before anything runs when PostgreSQL would refuse them or the role does not exist."""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.conftest import Cli, StateDir, sql
from tests.postgres.test_roles import prefix

__all__ = ["prefix"]  # the fixture, used by name


def stored(pg_url: str, dbname: str, role: str) -> list[str]:
    rows = sql(
        pg_url,
        dbname,
        "SELECT unnest(s.setconfig) FROM pg_db_role_setting s JOIN pg_roles r ON r.oid = s.setrole "
        f"WHERE r.rolname = '{role}' "
        "AND s.setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database())",
    )
    return sorted(str(row[0]) for row in rows)


def state_with(state: StateDir, role_settings: str) -> None:
    state.write(f"{role_settings}\nschemas:\n  public: {{}}\n")


def test_role_settings_in_a_database_are_set_compared_reset_and_exported(
    cli: Cli, state: StateDir, pg_url: str, prefix: str, tmp_path: Path
) -> None:
    app, other = f"{prefix}_app", f"{prefix}_other"
    sql(pg_url, "postgres", f'CREATE ROLE "{app}"; CREATE ROLE "{other}"')
    declared = f"role_settings:\n  {app}:\n    statement_timeout: 30s\n    search_path: [app, Public]\n"
    state_with(state, declared)
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    assert f"ALTER ROLE {app} IN DATABASE {state.dbname} SET statement_timeout TO '30s'" in cli.out
    assert stored(pg_url, state.dbname, app) == ['search_path=app, "Public"', "statement_timeout=30s"]
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 0, cli.out + cli.err

    # The listed role's setting set by hand is set back and one not declared reset; the other role keeps its own,
    # and so do the role's settings everywhere (ALTER ROLE ... SET) and the database's own.
    db = state.dbname
    sql(pg_url, db, f'ALTER ROLE "{app}" IN DATABASE "{db}" SET statement_timeout = \'1min\'')
    sql(pg_url, db, f'ALTER ROLE "{app}" IN DATABASE "{db}" SET lock_timeout = \'1s\'')
    sql(pg_url, db, f'ALTER ROLE "{other}" IN DATABASE "{db}" SET work_mem = \'8MB\'')
    sql(pg_url, db, f"ALTER ROLE \"{app}\" SET work_mem = '16MB'")
    sql(pg_url, db, f"ALTER DATABASE \"{db}\" SET work_mem = '4MB'")
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 2, cli.out + cli.err
    assert "value: '1min' -> '30s'" in cli.out
    assert f"ALTER ROLE {app} IN DATABASE {db} RESET lock_timeout" in cli.out
    assert other not in cli.out and "work_mem" not in cli.out
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    assert stored(pg_url, db, app) == ['search_path=app, "Public"', "statement_timeout=30s"]
    assert stored(pg_url, db, other) == ["work_mem=8MB"]

    # Listed with nothing: every setting of the role in the database is reset.
    state_with(state, f"role_settings:\n  {app}: {{}}\n")
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    assert stored(pg_url, db, app) == []

    # Export lists every role's settings in the database (and the database's own); export -> plan finds nothing.
    out = tmp_path / "exported"
    assert cli("export", "--only", "postgres", "--database", db, "--out", out) == 0, cli.err
    exported = yaml.safe_load((out / "postgres" / f"{db}.yaml").read_text())
    assert exported["role_settings"] == {other: {"work_mem": "8MB"}}
    assert exported["settings"] == {"work_mem": "4MB"}
    assert cli("plan", "--state", out, "--only", "postgres", "--detailed-exitcode") == 0, cli.out + cli.err


def test_a_refused_value_or_an_unknown_role_is_refused_naming_the_field(
    cli: Cli, state: StateDir, pg_url: str, prefix: str
) -> None:
    app = f"{prefix}_app"
    sql(pg_url, "postgres", f'CREATE ROLE "{app}"')
    state_with(state, f"role_settings:\n  {app}:\n    statement_timeout: soon\n")
    for command in (["plan"], ["apply", "--auto-approve"]):
        assert cli(*command, "--state", state.root) == 1, cli.out + cli.err
        assert f":4: role_settings.{app}.statement_timeout: PostgreSQL rejects this setting" in cli.err
        assert "Traceback" not in cli.err
    assert sql(pg_url, "postgres", f"SELECT 1 FROM pg_database WHERE datname = '{state.dbname}'") == []

    state_with(state, f"role_settings:\n  {prefix}_nobody:\n    work_mem: 8MB\n")
    assert cli("plan", "--state", state.root) == 1, cli.out + cli.err
    assert f":3: role_settings.{prefix}_nobody:" in cli.err and "does not exist" in cli.err

    state_with(state, f"role_settings:\n  {app}:\n    'work_mem TO 1; DROP ROLE x; --': 1\n")
    assert cli("plan", "--state", state.root) == 1, cli.out + cli.err
    assert "should match pattern" in cli.err
