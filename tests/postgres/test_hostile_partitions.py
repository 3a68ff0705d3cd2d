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


NAMED = PARENT.format(key=repr(GOOD_KEY), bounds=repr(GOOD_BOUNDS)) + "          index_names: {{{names}}}\n"
INDEXED = "        indexes:\n          events_id_idx: [id]\n"


def _parent_with_index(text: str) -> str:
    """NAMED with an index on the parent (its declaration comes right after the parent's columns)."""
    return text.replace("          at: date\n", "          at: date\n" + INDEXED, 1)


def test_index_names_naming_no_parent_index_is_an_error_with_file_line_and_field(
    pg_url: str, dbname: str, state: StateDir, cli: Cli
) -> None:
    """A name for an index the parent does not have: plan fails naming the file, the line and the field."""
    sql(pg_url, "postgres", f'CREATE DATABASE "{dbname}"')
    path = state.write(_parent_with_index(NAMED.format(names="no_such_idx: events_2024_by_id")))
    assert cli("plan", "--state", state.root, "--only", "postgres") == 1, cli.out + cli.err
    output = cli.out + cli.err
    assert f"{path.name}:" in output and "index_names" in output and "no_such_idx" in output, output
    assert "Traceback" not in output
    assert sql(pg_url, dbname, "SELECT count(*) FROM pg_class WHERE relname LIKE 'events%'") == [(0,)]


def test_hostile_index_names_are_only_names(pg_url: str, dbname: str, state: StateDir, cli: Cli) -> None:
    """SQL in a partition index's name stays a name: the index gets it, and the payload never runs."""
    sql(pg_url, "postgres", f'CREATE DATABASE "{dbname}"')
    sql(pg_url, dbname, "CREATE SCHEMA other")
    sql(pg_url, dbname, "CREATE TABLE other.victim (id int)")
    payload = "x'); DROP TABLE other.victim; --"
    state.write(_parent_with_index(NAMED.format(names=f'events_id_idx: "{payload}"')))
    assert cli("apply", "--state", state.root, "--only", "postgres", "--auto-approve") == 0, cli.out + cli.err
    assert cli("plan", "--state", state.root, "--only", "postgres", "--detailed-exitcode") == 0, cli.out + cli.err
    attached = sql(
        pg_url,
        dbname,
        "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
        "WHERE i.inhparent = 'events_id_idx'::regclass",
    )
    assert attached == [(payload,)]
    assert sql(pg_url, dbname, "SELECT count(*) FROM other.victim") == [(0,)]


def test_partition_index_renamed_to_its_declared_name_keeps_the_index(
    pg_url: str, dbname: str, state: StateDir, cli: Cli
) -> None:
    """A partition's index PostgreSQL named is renamed in place (no rebuild) when the state names it."""
    sql(pg_url, "postgres", f'CREATE DATABASE "{dbname}"')
    state.write(_parent_with_index(NAMED.format(names="")))
    assert cli("apply", "--state", state.root, "--only", "postgres", "--auto-approve") == 0, cli.out + cli.err
    before = sql(pg_url, dbname, "SELECT oid FROM pg_class WHERE relname = 'events_2024_id_idx'")
    assert len(before) == 1
    state.write(_parent_with_index(NAMED.format(names="events_id_idx: events_2024_by_id")))
    assert cli("plan", "--state", state.root, "--only", "postgres") == 0, cli.out + cli.err
    assert "ALTER INDEX public.events_2024_id_idx RENAME TO events_2024_by_id" in cli.out, cli.out
    assert "CREATE INDEX" not in cli.out and "DROP INDEX" not in cli.out, cli.out
    assert cli("apply", "--state", state.root, "--only", "postgres", "--auto-approve") == 0, cli.out + cli.err
    assert sql(pg_url, dbname, "SELECT oid FROM pg_class WHERE relname = 'events_2024_by_id'") == before
    assert cli("plan", "--state", state.root, "--only", "postgres", "--detailed-exitcode") == 0, cli.out + cli.err


def test_partly_attached_index_is_finished_online_then_valid(
    pg_url: str, dbname: str, state: StateDir, cli: Cli
) -> None:
    """A parent index left ON ONLY: each missing partition index is built CONCURRENTLY and attached after."""
    sql(pg_url, "postgres", f'CREATE DATABASE "{dbname}"')
    sql(pg_url, dbname, "CREATE TABLE events (id bigint, at date) PARTITION BY RANGE (at)")
    sql(pg_url, dbname, f"CREATE TABLE events_2024 PARTITION OF events {GOOD_BOUNDS}")
    sql(pg_url, dbname, "INSERT INTO events SELECT g, '2024-05-01' FROM generate_series(1, 1000) g")
    sql(pg_url, dbname, "CREATE INDEX events_id_idx ON ONLY events (id)")
    state.write(_parent_with_index(NAMED.format(names="")))
    assert cli("plan", "--state", state.root, "--only", "postgres") == 0, cli.out + cli.err
    build = "CREATE INDEX CONCURRENTLY events_2024_id_idx ON public.events_2024 USING btree (id)"
    attach = "ALTER INDEX public.events_id_idx ATTACH PARTITION public.events_2024_id_idx"
    assert build in cli.out and attach in cli.out and cli.out.index(build) < cli.out.index(attach), cli.out
    assert cli("apply", "--state", state.root, "--only", "postgres", "--auto-approve") == 0, cli.out + cli.err
    valid = sql(pg_url, dbname, "SELECT indisvalid FROM pg_index WHERE indexrelid = 'events_id_idx'::regclass")
    assert valid == [(True,)]
    assert cli("plan", "--state", state.root, "--only", "postgres", "--detailed-exitcode") == 0, cli.out + cli.err


CHILD = """
schemas:
  public:
    tables:
      readings:
        columns:
          id: bigint
          source: text
      readings_2026:
        inherits: [readings]
        inherited_columns:
{settings}
"""


@pytest.mark.parametrize(
    ("settings", "field", "message"),
    [
        ("          source: {default: \"'x'); DROP TABLE victim; --\"}", "default", "comments are not allowed"),
        ("          source: {default: \"'x'; DROP TABLE victim\"}", "default", "';' ends a statement"),
        ('          source: {default: "\'x\' COLLATE \\"C\\") NOT NULL"}', "default", "bracket"),
        ("          nope: {default: 1}", "inherited_columns", "column 'nope' does not exist in table 'readings_2026'"),
        ("          source: {not_null: true, check: 'true'}", "check", "unknown field"),
    ],
)
def test_inherited_column_settings_are_refused_before_anything_runs(
    pg_url: str, dbname: str, state: StateDir, cli: Cli, settings: str, field: str, message: str
) -> None:
    """`inherited_columns` names only parent columns, and its default is one expression, like a column's."""
    sql(pg_url, "postgres", f'CREATE DATABASE "{dbname}"')
    sql(pg_url, dbname, "CREATE TABLE victim (id int)")
    path = state.write(CHILD.format(settings=settings))
    for command in ("validate", "plan"):
        assert cli(command, "--state", state.root, "--only", "postgres") == 1, cli.out + cli.err
        output = cli.out + cli.err
        assert f"{path.name}:" in output and field in output and message in output, output
    assert sql(pg_url, dbname, "SELECT relname FROM pg_class WHERE relname LIKE 'readings%' OR relname = 'victim'") == [
        ("victim",)
    ]


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (
            "      plain:\n        columns: {id: int}\n        inherited_columns: {id: {default: 1}}\n",
            "inherited_columns are for a partition, an inheritance child or a typed table",
        ),
        (
            "      kid:\n        inherits: [readings]\n        columns: {source: text}\n"
            "        inherited_columns: {source: {default: \"'x'\"}}\n",
            "source: declared under columns, so the table's own",
        ),
        (
            PARENT.format(key=repr(GOOD_KEY), bounds=repr(GOOD_BOUNDS)).split("tables:\n", 1)[1]
            + "        inherited_columns: {id: {not_null: true}}\n",
            "a partition's own NOT NULL columns go in partition_of.not_null",
        ),
    ],
)
def test_inherited_column_settings_need_a_parent_column(state: StateDir, cli: Cli, table: str, message: str) -> None:
    text = "schemas:\n  public:\n    tables:\n      readings:\n        columns: {id: bigint, source: text}\n" + table
    state.write(text)
    assert cli("validate", "--state", state.root, "--only", "postgres") == 1, cli.out + cli.err
    assert message in cli.out + cli.err, cli.out + cli.err


def test_inherited_column_settings_are_planned_and_converge(
    pg_url: str, dbname: str, state: StateDir, cli: Cli
) -> None:
    """A child's own default, NOT NULL and comment on a parent's column: the column stays the parent's."""
    sql(pg_url, "postgres", f'CREATE DATABASE "{dbname}"')
    settings = (
        "          source: {default: \"'sensor'\", not_null: true, comment: only here}\n          id: {default: 0}"
    )
    state.write(CHILD.format(settings=settings))
    assert cli("apply", "--state", state.root, "--only", "postgres", "--auto-approve") == 0, cli.out + cli.err
    assert "ALTER TABLE ONLY public.readings_2026 ALTER COLUMN source SET DEFAULT 'sensor'::text" in cli.out, cli.out
    rows = sql(
        pg_url,
        dbname,
        "SELECT a.attname, a.attislocal, a.attnotnull, pg_get_expr(d.adbin, d.adrelid), "
        "col_description(a.attrelid, a.attnum) FROM pg_attribute a "
        "LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
        "WHERE a.attrelid = 'readings_2026'::regclass AND a.attnum > 0 ORDER BY a.attnum",
    )
    assert rows == [("id", False, False, "0", None), ("source", False, True, "'sensor'::text", "only here")]
    assert cli("plan", "--state", state.root, "--only", "postgres", "--detailed-exitcode") == 0, cli.out + cli.err


@pytest.mark.parametrize(
    ("validated", "message"),
    [
        ('["x\'; DROP TABLE victim; --"]', "validated_checks"),  # not an identifier
        ("[positive]", "not a check its partitioned table declares NOT VALID"),  # a valid check
        ("[unknown]", "not a check its partitioned table declares NOT VALID"),
    ],
)
def test_validated_checks_name_only_the_parents_not_valid_checks(
    pg_url: str, dbname: str, state: StateDir, cli: Cli, validated: str, message: str
) -> None:
    sql(pg_url, "postgres", f'CREATE DATABASE "{dbname}"')
    sql(pg_url, dbname, "CREATE TABLE victim (id int)")
    path = state.write(
        f"""
schemas:
  public:
    tables:
      events:
        partition_by: LIST (id)
        columns:
          id: bigint
        checks:
          - {{name: positive, expression: id > 0}}
          - {{name: small, expression: id < 100, valid: false}}
      events_1:
        partition_of: {{table: events, bounds: "FOR VALUES IN (1)", validated_checks: {validated}}}
"""
    )
    for command in ("validate", "plan"):
        assert cli(command, "--state", state.root, "--only", "postgres") == 1, cli.out + cli.err
        output = cli.out + cli.err
        assert f"{path.name}:" in output and "validated_checks" in output and message in output, output
        assert "Traceback" not in output
    assert sql(pg_url, dbname, "SELECT relname FROM pg_class WHERE relname IN ('events', 'victim')") == [("victim",)]


@pytest.mark.parametrize(
    ("enabled", "message"),
    [
        ('{"x\'; DROP TABLE victim; --": false}', "trigger_enabled"),  # not an identifier
        ("{audit: maybe}", "trigger_enabled"),  # not a firing
        ("{summary: false}", "not a row trigger of its partitioned table"),  # a statement trigger is not cloned
        ("{unknown: false}", "not a row trigger of its partitioned table"),
    ],
    ids=["injected_name", "unknown_firing", "statement_trigger", "unknown_trigger"],
)
def test_trigger_enabled_names_only_the_row_triggers_a_partition_clones(
    pg_url: str, dbname: str, state: StateDir, cli: Cli, enabled: str, message: str
) -> None:
    sql(pg_url, "postgres", f'CREATE DATABASE "{dbname}"')
    sql(pg_url, dbname, "CREATE TABLE victim (id int)")
    path = state.write(
        f"""
schemas:
  public:
    functions:
      touch: {{returns: trigger, body: BEGIN RETURN NEW; END}}
    tables:
      events:
        partition_by: LIST (id)
        columns:
          id: bigint
        triggers:
          audit: {{timing: before, events: [insert], function: touch}}
          summary: {{timing: after, events: [insert], for_each: statement, function: touch}}
      events_1:
        partition_of: {{table: events, bounds: "FOR VALUES IN (1)"}}
        partition_by: LIST (id)
      events_1a:
        partition_of: {{table: events_1, bounds: "FOR VALUES IN (1)", trigger_enabled: {enabled}}}
"""
    )
    for command in ("validate", "plan"):
        assert cli(command, "--state", state.root, "--only", "postgres") == 1, cli.out + cli.err
        output = cli.out + cli.err
        assert f"{path.name}:" in output and "trigger_enabled" in output and message in output, output
        assert "Traceback" not in output
    assert sql(pg_url, dbname, "SELECT relname FROM pg_class WHERE relname IN ('events', 'victim')") == [("victim",)]
