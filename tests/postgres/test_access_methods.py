"""Table access methods against a real PostgreSQL: CREATE statements pin the access method whatever the session's
default says, a new handler under a used access method is blocked, a partitioned table refuses one, an index
access method is reported as not declarable, and export writes what differs from heap."""

from __future__ import annotations

import yaml

from tests.conftest import Cli, StateDir, plan_sql, sql
from tests.postgres.test_readme_example import readme_example

HANDLER = """
schemas:
  public:
    functions:
      rows_handler:
        arguments: internal
        returns: table_am_handler
        language: internal
        strict: true
        body: heap_tableam_handler
      rows_handler_v2:
        arguments: internal
        returns: table_am_handler
        language: internal
        strict: true
        body: heap_tableam_handler
"""

METHOD = """
access_methods:
  stored_rows: {type: table, handler: public.rows_handler, comment: heap by another name}
"""

TABLES = """
    tables:
      notes:
        columns: {body: text}
      readings:
        columns: {value: numeric}
        access_method: stored_rows
    materialized_views:
      reading_count:
        query: SELECT count(*) AS n FROM public.readings
        access_method: stored_rows
"""

RELATIONS = (
    "SELECT c.relname, a.amname FROM pg_class c JOIN pg_am a ON a.oid = c.relam "
    "WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'm') ORDER BY 1"
)


def test_new_relations_name_their_access_method_whatever_the_sessions_default_is(
    cli: Cli, state: StateDir, pg_url: str, dbname: str
) -> None:
    state.write(HANDLER + METHOD)
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    state.write(HANDLER + TABLES + METHOD)
    # A default set on the database applies to every session of the apply: the plan's USING overrides it.
    sql(pg_url, "postgres", f"ALTER DATABASE {dbname} SET default_table_access_method = 'stored_rows'")
    try:
        statements = plan_sql(cli, state)
        assert any(s.startswith("CREATE TABLE public.notes (") and s.endswith(") USING heap") for s in statements)
        matview = "CREATE MATERIALIZED VIEW public.reading_count USING stored_rows AS"
        assert any(s.startswith(matview) for s in statements), statements
        assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    finally:
        sql(pg_url, "postgres", f"ALTER DATABASE {dbname} RESET default_table_access_method")
    assert sql(pg_url, dbname, RELATIONS) == [
        ("notes", "heap"),
        ("reading_count", "stored_rows"),
        ("readings", "stored_rows"),
    ]
    comment = sql(pg_url, dbname, "SELECT obj_description(oid, 'pg_am') FROM pg_am WHERE amname = 'stored_rows'")
    assert comment == [("heap by another name",)]
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 0, cli.out + cli.err


def test_a_new_access_method_is_created_after_its_handler_and_before_what_uses_it(cli: Cli, state: StateDir) -> None:
    state.write(HANDLER + TABLES + METHOD)
    statements = plan_sql(cli, state)
    create = statements.index("CREATE ACCESS METHOD stored_rows TYPE TABLE HANDLER public.rows_handler")
    handler = next(i for i, s in enumerate(statements) if "FUNCTION public.rows_handler(internal)" in s)
    table = next(i for i, s in enumerate(statements) if s.startswith("CREATE TABLE public.readings"))
    assert handler < create < table
    assert statements[table].endswith(") USING stored_rows")


def test_a_new_handler_is_blocked_while_a_relation_uses_the_access_method_and_applied_once_none_does(
    cli: Cli, state: StateDir, pg_url: str, dbname: str
) -> None:
    state.write(HANDLER + TABLES + METHOD)
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    state.write(HANDLER + TABLES + METHOD.replace("public.rows_handler,", "public.rows_handler_v2,"))
    assert cli("plan", "--state", state.root) in (0, 2)
    assert "move them to another access method in an apply of their own first" in cli.out, cli.out
    assert "public.reading_count, public.readings use it" in cli.out, cli.out
    assert cli("apply", "--state", state.root, "--auto-approve") == 1
    # Its users moved away in an apply of their own, the new handler applies, and they may move back with it.
    without_users = TABLES.replace("        access_method: stored_rows\n", "")
    state.write(HANDLER + without_users + METHOD)
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    state.write(HANDLER + TABLES + METHOD.replace("public.rows_handler,", "public.rows_handler_v2,"))
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    handler = sql(pg_url, dbname, "SELECT amhandler::regproc::text FROM pg_am WHERE amname = 'stored_rows'")
    assert handler == [("rows_handler_v2",)]
    moved_back = [("notes", "heap"), ("reading_count", "stored_rows"), ("readings", "stored_rows")]
    assert sql(pg_url, dbname, RELATIONS) == moved_back
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 0, cli.out + cli.err


def test_an_access_method_left_out_is_dropped_only_with_allow_destructive_after_its_tables_moved(
    cli: Cli, state: StateDir, pg_url: str, dbname: str
) -> None:
    state.write(HANDLER + TABLES + METHOD)
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    state.write(HANDLER + TABLES.replace("        access_method: stored_rows\n", ""))
    assert cli("apply", "--state", state.root, "--auto-approve") == 1
    assert "--allow-destructive" in cli.out + cli.err
    assert cli("apply", "--state", state.root, "--auto-approve", "--allow-destructive") == 0, cli.out + cli.err
    assert sql(pg_url, dbname, "SELECT count(*) FROM pg_am WHERE amname = 'stored_rows'") == [(0,)]
    assert sql(pg_url, dbname, RELATIONS) == [("notes", "heap"), ("reading_count", "heap"), ("readings", "heap")]


def test_a_partitioned_table_refuses_an_access_method_and_its_partitions_take_one(
    cli: Cli, state: StateDir, pg_url: str, dbname: str
) -> None:
    partitioned = """
    tables:
      events:
        partition_by: RANGE (at)
        columns: {at: date}
        access_method: heap
"""
    state.write(HANDLER + partitioned)
    assert cli("validate", "--state", state.root) == 1
    assert "keeps no access method on a partitioned table" in cli.err and "Traceback" not in cli.err, cli.err
    partitions = partitioned.replace("        access_method: heap\n", "") + (
        "      events_2024:\n"
        "        partition_of: {table: events, bounds: \"FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')\"}\n"
        "        access_method: stored_rows\n"
    )
    state.write(HANDLER + partitions + METHOD)
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    found = sql(
        pg_url,
        dbname,
        "SELECT c.relname, a.amname FROM pg_class c LEFT JOIN pg_am a ON a.oid = c.relam "
        "WHERE c.relname LIKE 'events%' ORDER BY 1",
    )
    assert found == [("events", None), ("events_2024", "stored_rows")]
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 0, cli.out + cli.err


def test_export_writes_access_methods_and_what_differs_from_heap_and_reports_an_index_access_method(
    cli: Cli, state: StateDir, pg_url: str, dbname: str, tmp_path: object
) -> None:
    state.write(HANDLER + TABLES + METHOD)
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    sql(pg_url, dbname, "CREATE ACCESS METHOD my_btree TYPE INDEX HANDLER bthandler")
    out = state.root.parent / "exported"
    assert cli("export", "--only", "postgres", "--database", dbname, "--out", out) == 0, cli.out + cli.err
    text = (out / "postgres" / f"{dbname}.yaml").read_text()
    exported = yaml.safe_load(text)
    assert exported["access_methods"] == {
        "stored_rows": {"type": "table", "handler": "public.rows_handler", "comment": "heap by another name"}
    }
    public = exported["schemas"]["public"]
    assert "access_method" not in public["tables"]["notes"]
    assert public["tables"]["readings"]["access_method"] == "stored_rows"
    assert public["materialized_views"]["reading_count"]["access_method"] == "stored_rows"
    assert "index access method" in text and "my_btree" in text  # the header names what it left out
    assert cli("plan", "--state", state.root) in (0, 2)
    assert "my_btree" in cli.out + cli.err  # and the plan warns of it
    assert sql(pg_url, dbname, "SELECT count(*) FROM pg_am WHERE amname = 'my_btree'") == [(1,)]


def test_the_readmes_access_method_example_applies_and_converges(
    cli: Cli, state: StateDir, pg_url: str, dbname: str
) -> None:
    state.write(readme_example("### Access methods: `access_methods:` and `access_method:`"))
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    assert sql(pg_url, dbname, RELATIONS) == [("reading_count", "stored_rows"), ("readings", "stored_rows")]
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 0, cli.out + cli.err


def test_a_new_comment_alone_is_comment_on_access_method(cli: Cli, state: StateDir, pg_url: str, dbname: str) -> None:
    state.write(HANDLER + TABLES + METHOD)
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    state.write(HANDLER + TABLES + METHOD.replace("comment: heap by another name", "comment: it's heap"))
    assert plan_sql(cli, state) == ["COMMENT ON ACCESS METHOD stored_rows IS 'it''s heap'"]
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    comment = sql(pg_url, dbname, "SELECT obj_description(oid, 'pg_am') FROM pg_am WHERE amname = 'stored_rows'")
    assert comment == [("it's heap",)]
