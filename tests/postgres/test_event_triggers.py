"""Event triggers against a real PostgreSQL: the order an apply runs them in, what a plan refuses to guess, what a
drop needs, the live ones kept quiet in the plan's trial, and the tag lists checked against the server's."""

from __future__ import annotations

import json
from pathlib import Path

import psycopg
import pytest

from reconciler.changes import Change
from reconciler.postgres.executor import split_phases
from reconciler.postgres.spec.event_triggers import DDL_TAGS, TABLE_REWRITE_TAGS
from tests.conftest import Cli, StateDir, sql
from tests.postgres.test_readme_example import readme_example

FUNCTIONS = """
schemas:
  audit:
    tables:
      ddl_log:
        columns:
          tag: text
    functions:
      log_ddl:
        returns: event_trigger
        body: BEGIN INSERT INTO audit.ddl_log VALUES (tg_tag); END;
      refuse_ddl:
        returns: event_trigger
        body: BEGIN RAISE EXCEPTION 'command % is disabled', tg_tag; END;
      add:
        arguments: a integer, b integer
        returns: integer
        language: sql
        body: SELECT a + b
"""

TRIGGER = """
event_triggers:
  log_tables:
    event: ddl_command_end
    function: audit.log_ddl()
    tags: [create table, ALTER table]
    comment: Logs table changes
"""

TRIGGERS = (
    "SELECT evtname, evtevent, evttags, evtenabled, evtfoid::regprocedure::text, "
    "obj_description(oid, 'pg_event_trigger') FROM pg_event_trigger ORDER BY 1"
)


def _logged(pg_url: str, dbname: str) -> list[tuple[object, ...]]:
    return sql(pg_url, dbname, "SELECT tag FROM audit.ddl_log")


def _run_order(cli: Cli, state: StateDir) -> list[str]:
    """The plan's statements in the order apply runs them (the plan shows them change by change)."""
    assert cli("plan", "--state", state.root, "--format", "json") == 0, cli.out + cli.err
    changes = [Change.model_validate(c) for c in json.loads(cli.out)["changes"]]
    first, transaction, online = split_phases(changes)
    return [statement.sql.splitlines()[0] for statement, _ in [*first, *transaction, *online]]


def test_an_event_trigger_applies_last_converges_and_its_drop_needs_allow_destructive(
    cli: Cli, state: StateDir, pg_url: str, dbname: str
) -> None:
    state.write(FUNCTIONS)
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    state.write(TRIGGER + FUNCTIONS.replace("tag: text", "tag: text\n          at: timestamptz"))
    order = _run_order(cli, state)
    assert order == [
        "ALTER TABLE audit.ddl_log ADD COLUMN at timestamp with time zone",
        "CREATE EVENT TRIGGER log_tables ON ddl_command_end WHEN TAG IN ('CREATE TABLE', 'ALTER TABLE') "
        "EXECUTE FUNCTION audit.log_ddl()",
        "COMMENT ON EVENT TRIGGER log_tables IS 'Logs table changes'",
    ], order
    assert "created last in the transaction: the apply's own commands never fire it" in cli.out
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    assert _logged(pg_url, dbname) == []  # created last: the apply's own ALTER TABLE did not fire it
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 0, cli.out + cli.err
    assert sql(pg_url, dbname, TRIGGERS) == [
        (
            "log_tables",
            "ddl_command_end",
            ["CREATE TABLE", "ALTER TABLE"],
            "O",
            "audit.log_ddl()",
            "Logs table changes",
        )
    ]
    state.write(FUNCTIONS.replace("tag: text", "tag: text\n          at: timestamptz"))
    assert cli("apply", "--state", state.root, "--auto-approve") != 0
    assert "--allow-destructive" in cli.out + cli.err
    assert cli("apply", "--state", state.root, "--auto-approve", "--allow-destructive") == 0, cli.out + cli.err
    assert "DROP EVENT TRIGGER log_tables" in cli.out
    assert sql(pg_url, dbname, TRIGGERS) == []


def test_a_changed_trigger_is_quiet_while_the_apply_runs_and_one_left_alone_fires(
    cli: Cli, state: StateDir, pg_url: str, dbname: str
) -> None:
    """DROP and DISABLE come first, CREATE and ENABLE last: the apply's own DDL never fires what the plan changes."""
    kept = "  kept:\n    event: ddl_command_start\n    function: audit.log_ddl()\n    tags: [ALTER TABLE]\n"
    state.write(FUNCTIONS)  # reconcile's records (_reconcile) are made once, after the first apply: not logged
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    state.write(TRIGGER + kept + FUNCTIONS)
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    changed = TRIGGER.replace("ALTER table", "DROP TABLE") + kept + "    enabled: always\n"
    state.write(changed + FUNCTIONS.replace("tag: text", "tag: text\n          at: timestamptz"))
    assert _run_order(cli, state) == [
        "ALTER EVENT TRIGGER kept DISABLE",
        "DROP EVENT TRIGGER log_tables",
        "ALTER TABLE audit.ddl_log ADD COLUMN at timestamp with time zone",
        "ALTER EVENT TRIGGER kept ENABLE ALWAYS",
        "CREATE EVENT TRIGGER log_tables ON ddl_command_end WHEN TAG IN ('CREATE TABLE', 'DROP TABLE') "
        "EXECUTE FUNCTION audit.log_ddl()",
        "ALTER EVENT TRIGGER log_tables OWNER TO postgres",  # created again, it keeps its owner
        "COMMENT ON EVENT TRIGGER log_tables IS 'Logs table changes'",
    ]
    assert "disabled first in the transaction and enabled as declared last" in cli.out
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    assert _logged(pg_url, dbname) == []  # kept (ALTER TABLE) was disabled, log_tables not there yet
    more = FUNCTIONS.replace("tag: text", "tag: text\n          at: timestamptz\n          n: int")
    state.write(changed + "    comment: now commented\n" + more)
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    assert "COMMENT ON EVENT TRIGGER kept IS 'now commented'" in cli.out and "DISABLE" not in cli.out
    assert _logged(pg_url, dbname) == [("ALTER TABLE",)]  # only its comment changes: it fires as usual
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 0, cli.out + cli.err


def test_a_database_trigger_refusing_every_command_neither_stops_the_plan_nor_an_apply_that_drops_it(
    cli: Cli, state: StateDir, pg_url: str, dbname: str
) -> None:
    """The trial disables the database's event triggers in its rolled-back transaction; the apply drops it first."""
    refusing = "event_triggers:\n  no_ddl:\n    event: ddl_command_start\n    function: audit.refuse_ddl()\n"
    state.write(refusing + FUNCTIONS)
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    with pytest.raises(psycopg.errors.RaiseException, match="command CREATE TABLE is disabled"):
        sql(pg_url, dbname, "CREATE TABLE audit.t (id int)")
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 0, cli.out + cli.err
    state.write(FUNCTIONS.replace("tag: text", "tag: text\n          at: timestamptz"))
    assert _run_order(cli, state)[:2] == [
        "DROP EVENT TRIGGER no_ddl",
        "ALTER TABLE audit.ddl_log ADD COLUMN at timestamp with time zone",
    ]
    assert cli("apply", "--state", state.root, "--auto-approve", "--allow-destructive") == 0, cli.out + cli.err
    assert sql(pg_url, dbname, TRIGGERS) == []


def test_a_trigger_moving_to_another_function_is_created_again_after_it_and_the_old_one_dropped(
    cli: Cli, state: StateDir, pg_url: str, dbname: str
) -> None:
    state.write(TRIGGER + FUNCTIONS)
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    moved = FUNCTIONS.replace("log_ddl:", "log_ddl_v2:")
    state.write(TRIGGER.replace("log_ddl()", "log_ddl_v2()") + moved)
    order = _run_order(cli, state)
    assert order.index("DROP EVENT TRIGGER log_tables") < order.index("DROP FUNCTION audit.log_ddl()"), order
    created = next(i for i, line in enumerate(order) if line.startswith("CREATE EVENT TRIGGER log_tables"))
    assert order.index("CREATE OR REPLACE FUNCTION audit.log_ddl_v2()") < created, order
    assert cli("apply", "--state", state.root, "--auto-approve", "--allow-destructive") == 0, cli.out + cli.err
    assert "EXECUTE FUNCTION audit.log_ddl_v2()" in cli.out
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 0, cli.out + cli.err


@pytest.mark.parametrize(
    ("trigger", "where", "message"),
    [
        ("{event: sql_drop, function: 'audit.no_such()'}", "event_triggers.t.function", "does not exist"),
        ("{event: sql_drop, function: 'audit.add()'}", "event_triggers.t.function", "does not exist"),
        ("{event: sql_drop, function: 'audit.add(integer, integer)'}", "event_triggers.t.function", "no arguments"),
        ("{event: sql_drop, function: 'audit.ddl_log()'}", "event_triggers.t.function", "does not exist"),
        ("{event: sql_drop, function: 'pg_catalog.now()'}", "event_triggers.t.function", "return event_trigger"),
        ("{event: sql_drop, function: 'audit.log_ddl()', tags: [CREATE DATABASE]}", "tags.0", "not a command tag"),
        ("{event: sql_drop, function: 'audit.log_ddl()', tags: ['CREATE  TABLE']}", "tags.0", "not a command tag"),
        ("{event: table_rewrite, function: 'audit.log_ddl()', tags: [CREATE TABLE]}", "event_triggers.t", "ALTER"),
        ("{event: login, function: 'audit.log_ddl()'}", "event_triggers.t.event", "ddl_command_start"),
    ],
    ids=["missing", "overload", "arguments", "table", "not-event-trigger", "tag", "spaces", "rewrite-tag", "event"],
)
def test_an_event_trigger_the_server_would_refuse_is_refused_by_validate_or_plan_naming_the_field(
    cli: Cli, state: StateDir, trigger: str, where: str, message: str
) -> None:
    path = state.write(f"event_triggers:\n  t: {trigger}\n" + FUNCTIONS)
    assert cli("plan", "--state", state.root) == 1
    assert f"postgres/{path.name}:" in cli.err and where in cli.err and message in cli.err, cli.err
    assert "Traceback" not in cli.out + cli.err


def test_every_tag_the_spec_takes_is_one_postgresql_takes_and_stores_upper_cased(pg_url: str, dbname: str) -> None:
    """The lists are PostgreSQL 15's (cmdtaglist.h): the server takes them all, and refuses what they leave out."""
    sql(pg_url, "postgres", f'CREATE DATABASE "{dbname}"')
    with psycopg.connect(pg_url + dbname) as conn:
        conn.execute("CREATE FUNCTION f() RETURNS event_trigger LANGUAGE plpgsql AS $$BEGIN END$$")
        for event, tags in (("ddl_command_start", DDL_TAGS), ("table_rewrite", TABLE_REWRITE_TAGS)):
            listed = ", ".join(f"'{tag.lower()}'" for tag in sorted(tags))
            conn.execute(
                f"CREATE EVENT TRIGGER {event} ON {event} WHEN TAG IN ({listed}) EXECUTE FUNCTION f()".encode()
            )
        stored = conn.execute("SELECT evtevent, evttags FROM pg_event_trigger ORDER BY 1").fetchall()
        assert stored == [("ddl_command_start", sorted(DDL_TAGS)), ("table_rewrite", sorted(TABLE_REWRITE_TAGS))]
        for event, tag in (("ddl_command_start", "CREATE DATABASE"), ("sql_drop", "ALTER EVENT TRIGGER")):
            with pytest.raises(psycopg.errors.FeatureNotSupported), conn.transaction():
                conn.execute(f"CREATE EVENT TRIGGER x ON {event} WHEN TAG IN ('{tag}') EXECUTE FUNCTION f()".encode())
        conn.rollback()


def test_export_of_every_kind_of_event_trigger_plans_no_changes(
    cli: Cli, state: StateDir, pg_url: str, dbname: str, tmp_path: Path
) -> None:
    sql(pg_url, "postgres", f'CREATE DATABASE "{dbname}"')
    sql(
        pg_url,
        dbname,
        """
        CREATE SCHEMA "Odd schema";
        CREATE FUNCTION "Odd schema"."Log it"() RETURNS event_trigger LANGUAGE plpgsql AS $$BEGIN END$$;
        CREATE FUNCTION public.noop() RETURNS event_trigger LANGUAGE plpgsql AS $$BEGIN END$$;
        CREATE EVENT TRIGGER "Odd name" ON sql_drop WHEN TAG IN ('drop table', 'DROP VIEW')
            EXECUTE FUNCTION "Odd schema"."Log it"();
        CREATE EVENT TRIGGER rewrites ON table_rewrite EXECUTE FUNCTION public.noop();
        ALTER EVENT TRIGGER rewrites ENABLE REPLICA;
        CREATE EVENT TRIGGER always_on ON ddl_command_end EXECUTE FUNCTION public.noop();
        ALTER EVENT TRIGGER always_on ENABLE ALWAYS;
        CREATE EVENT TRIGGER off ON ddl_command_start EXECUTE FUNCTION public.noop();
        ALTER EVENT TRIGGER off DISABLE;
        COMMENT ON EVENT TRIGGER off IS 'it''s off';
        """,
    )
    out = tmp_path / "exported"
    assert cli("export", "--only", "postgres", "--database", dbname, "--out", out) == 0, cli.out + cli.err
    [exported] = out.rglob(f"{dbname}.yaml")
    text = exported.read_text()
    assert "event_triggers:" in text and "Not declarable" not in text, text
    assert cli("plan", "--state", out, "--only", "postgres", "--detailed-exitcode") == 0, cli.out + cli.err


def test_the_readme_example_applies_and_converges(cli: Cli, state: StateDir, pg_url: str, dbname: str) -> None:
    example = readme_example("### Event triggers: `event_triggers:`")
    state.write(example + FUNCTIONS)
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 0, cli.out + cli.err
    assert [row[:4] for row in sql(pg_url, dbname, TRIGGERS)] == [
        ("log_table_changes", "ddl_command_end", ["CREATE TABLE", "ALTER TABLE"], "O"),
        ("no_drops", "sql_drop", None, "D"),
    ]
