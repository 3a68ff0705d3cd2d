"""`--no-sql` hides every line of SQL, the CREATE DATABASE a new database's change shows included."""

from __future__ import annotations

from tests.conftest import Cli, StateDir

TABLE = """\
schemas:
  public:
    tables:
      items:
        columns:
          id: {type: serial, primary_key: true}
"""


def test_plan_no_sql_prints_no_sql_for_a_new_database(cli: Cli, state: StateDir, pg_url: str) -> None:
    state.write(TABLE)
    assert cli("plan", "--state", state.root, "--no-sql") == 0, cli.err
    assert "+ database" in cli.out and "+ table.items" in cli.out
    assert "CREATE" not in cli.out


def test_plan_and_apply_show_the_create_database_with_the_other_sql(cli: Cli, state: StateDir, pg_url: str) -> None:
    state.write(TABLE)
    assert cli("plan", "--state", state.root) == 0, cli.err
    assert f"CREATE DATABASE {state.dbname}" in cli.out and "CREATE TABLE" in cli.out
    assert cli("apply", "--state", state.root, "--auto-approve", "--no-sql") == 0, cli.err
    assert "CREATE" not in cli.out and "Converged" in cli.out
