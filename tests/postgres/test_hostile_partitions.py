"""Hostile partition keys and bounds: text from a pull request that tries to leave its slot runs nothing.

`partition_by` lands after `PARTITION BY` and `partition_of.bounds` after the
partition's name, both at the end of a CREATE TABLE: a payload there could add
a clause or a statement. validate and plan must refuse each with file, line
and field, before anything is sent to the server.
"""

from __future__ import annotations

import pytest

from tests.conftest import Cli, StateDir, sql

PARENT = """
schemas:
  public:
    tables:
      events:
        partition_by: {key}
        columns:
          id: bigint
          at: date
      events_2024:
        partition_of:
          table: events
          bounds: {bounds}
"""

GOOD_KEY = "RANGE (at)"
GOOD_BOUNDS = "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')"


@pytest.mark.parametrize(
    ("key", "bounds", "field", "message"),
    [
        ("'RANGE (at); DROP TABLE victim'", repr(GOOD_BOUNDS), "partition_by", "';' ends a statement"),
        ("'RANGE (at) TABLESPACE pg_default'", repr(GOOD_BOUNDS), "partition_by", "one pair of brackets"),
        ("'RANGE (at)) WITH (fillfactor=10'", repr(GOOD_BOUNDS), "partition_by", "bracket"),
        ("'RANGE (at -- )'", repr(GOOD_BOUNDS), "partition_by", "comments are not allowed"),
        ("'RANGE (at DESC)'", repr(GOOD_BOUNDS), "partition_by", "no ASC / DESC"),
        ("'EVERY (at)'", repr(GOOD_BOUNDS), "partition_by", "RANGE, LIST or HASH"),
        (repr(GOOD_KEY), '"FOR VALUES IN (1); DROP TABLE victim"', "bounds", "';' ends a statement"),
        (repr(GOOD_KEY), '"DEFAULT PARTITION BY LIST (id)"', "bounds", "a partition bound is DEFAULT"),
        (repr(GOOD_KEY), '"FOR VALUES IN (1) WITH (fillfactor = 10)"', "bounds", "a partition bound is"),
        (repr(GOOD_KEY), '"FOR VALUES IN ((SELECT 1), 2) TABLESPACE x"', "bounds", "a partition bound is"),
    ],
)
def test_hostile_partition_text_is_refused_before_anything_runs(
    pg_url: str, dbname: str, state: StateDir, cli: Cli, key: str, bounds: str, field: str, message: str
) -> None:
    sql(pg_url, "postgres", f'CREATE DATABASE "{dbname}"')
    sql(pg_url, dbname, "CREATE TABLE victim (id int)")
    path = state.write(PARENT.format(key=key, bounds=bounds))
    for command in ("validate", "plan"):
        assert cli(command, "--state", state.root, "--only", "postgres") == 1, cli.out + cli.err
        output = cli.out + cli.err
        assert f"{path.name}:" in output and field in output and message in output, output
    assert sql(pg_url, dbname, "SELECT relname FROM pg_class WHERE relname IN ('events', 'victim')") == [("victim",)]


def test_partition_without_columns_and_parent_columns_validate(state: StateDir, cli: Cli) -> None:
    """A partition names no columns; a key on an inherited column is checked against the parent's columns."""
    state.write(PARENT.format(key=repr(GOOD_KEY), bounds=repr(GOOD_BOUNDS)) + "        primary_key: [id, at]\n")
    assert cli("validate", "--state", state.root, "--only", "postgres") == 0, cli.out + cli.err
    state.write(PARENT.format(key=repr(GOOD_KEY), bounds=repr(GOOD_BOUNDS)) + "        primary_key: [nope]\n")
    assert cli("validate", "--state", state.root, "--only", "postgres") == 1
    assert "column 'nope' does not exist in table 'events_2024'" in cli.out + cli.err


def test_partition_declaring_columns_is_refused(state: StateDir, cli: Cli) -> None:
    state.write(PARENT.format(key=repr(GOOD_KEY), bounds=repr(GOOD_BOUNDS)) + "        columns: {id: bigint}\n")
    assert cli("validate", "--state", state.root, "--only", "postgres") == 1
    assert "a partition's columns come from the table it is a partition of" in cli.out + cli.err


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("'at; DROP TABLE victim'", "column 'at; DROP TABLE victim' does not exist in table 'events_2024'"),
        ("'id\" NOT NULL, \"x'", "does not exist in table 'events_2024'"),
        ("nope", "column 'nope' does not exist in table 'events_2024'"),
        ("''", "partition_of.not_null"),
    ],
)
def test_partition_not_null_names_only_parent_columns(
    pg_url: str, dbname: str, state: StateDir, cli: Cli, entry: str, message: str
) -> None:
    """`partition_of.not_null` holds column names: anything else is refused with file, line and field."""
    sql(pg_url, "postgres", f'CREATE DATABASE "{dbname}"')
    sql(pg_url, dbname, "CREATE TABLE victim (id int)")
    text = PARENT.format(key=repr(GOOD_KEY), bounds=repr(GOOD_BOUNDS)) + f"          not_null: [{entry}]\n"
    path = state.write(text)
    for command in ("validate", "plan"):
        assert cli(command, "--state", state.root, "--only", "postgres") == 1, cli.out + cli.err
        output = cli.out + cli.err
        assert f"{path.name}:" in output and message in output, output
    assert sql(pg_url, dbname, "SELECT relname FROM pg_class WHERE relname IN ('events', 'victim')") == [("victim",)]


def test_partition_not_null_is_planned_and_converges(pg_url: str, dbname: str, state: StateDir, cli: Cli) -> None:
    """A column NOT NULL in one partition only: created with the partition, then no changes."""
    sql(pg_url, "postgres", f'CREATE DATABASE "{dbname}"')
    state.write(PARENT.format(key=repr(GOOD_KEY), bounds=repr(GOOD_BOUNDS)) + "          not_null: [id]\n")
    assert cli("apply", "--state", state.root, "--only", "postgres", "--auto-approve") == 0, cli.out + cli.err
    assert "id WITH OPTIONS NOT NULL" in cli.out, cli.out
    rows = sql(
        pg_url,
        dbname,
        "SELECT c.relname, a.attnotnull FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
        "WHERE a.attname = 'id' AND c.relname LIKE 'events%' ORDER BY 1",
    )
    assert rows == [("events", False), ("events_2024", True)]
    assert cli("plan", "--state", state.root, "--only", "postgres", "--detailed-exitcode") == 0, cli.out + cli.err
