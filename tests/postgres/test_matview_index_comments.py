"""A materialized view's index comments: read, applied, and changed with COMMENT ON alone (no rebuild)."""

from __future__ import annotations

from tests.conftest import Cli, StateDir, sql

STATE = """
schemas:
  public:
    tables:
      readings:
        columns:
          sensor: {{type: text, nullable: false}}
          celsius: numeric
    materialized_views:
      sensors:
        query: SELECT DISTINCT sensor FROM readings
        indexes:
          sensors_sensor: {{columns: [sensor], comment: {comment}}}
"""


def test_an_index_comment_changes_without_rebuilding_the_index(
    cli: Cli, state: StateDir, pg_url: str, dbname: str
) -> None:
    state.write(STATE.format(comment="'first note'"))
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    [(first,)] = sql(pg_url, dbname, "SELECT 'sensors_sensor'::regclass::oid")
    state.write(STATE.format(comment="\"it's the sensor's key\""))
    assert cli("plan", "--state", state.root) == 0, cli.out + cli.err
    assert "COMMENT ON INDEX public.sensors_sensor IS 'it''s the sensor''s key'" in cli.out, cli.out
    assert "DROP INDEX" not in cli.out and "CREATE INDEX" not in cli.out, cli.out
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 0, cli.out + cli.err
    assert sql(
        pg_url, dbname, "SELECT 'sensors_sensor'::regclass::oid, obj_description('sensors_sensor'::regclass)"
    ) == [(first, "it's the sensor's key")]
