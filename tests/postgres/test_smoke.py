"""The CLI end to end on a small schema: plan, apply, converge, drift."""

from __future__ import annotations

from tests.conftest import Cli, StateDir, sql

SHOP = """
extensions: [pgcrypto]
schemas:
  public:
    tables:
      customers:
        columns:
          id: {type: serial, primary_key: true}
          email: {type: varchar(255), nullable: false, unique: true}
          token: {type: uuid, default: gen_random_uuid()}
"""


def test_apply_converges_and_drift_detects_tampering(cli: Cli, state: StateDir, pg_url: str) -> None:
    state.write(SHOP)
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 2
    assert "+ table.customers" in cli.out
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.err
    assert "Converged" in cli.out
    assert cli("drift", "--state", state.root, "--fail-on-diff") == 0
    sql(pg_url, state.dbname, "ALTER TABLE customers ALTER COLUMN email TYPE varchar(100)")
    assert cli("drift", "--state", state.root, "--fail-on-diff") == 2
    assert "~ table.customers.column.email" in cli.out
