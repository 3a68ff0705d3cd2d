"""Hostile PostgreSQL state files: SQL text from a pull request runs nothing the plan does not show.

Every payload tries to end its slot (a check expression, a view query, a type)
and run statements of its own: a shell command through `COPY ... TO PROGRAM`
(which would create a marker file) and a drop of a table in a schema the state
does not declare. For each, validate, plan and apply must exit 1 with the
file, line and field, and the server must show that nothing ran: the marker
file is absent, the other schema's table is still there, the managed schema
is as it was, and the server log (log_statement = all for the database) holds
no statement carrying the payload.

A second group puts the same payloads where they are only data (inside string
constants, dollar quotes, comments on objects): there they must be stored as
written and still run nothing.
"""

from __future__ import annotations

import pytest
import yaml

from tests.conftest import Cli, StateDir, sql
from tests.postgres.hostile import HostileDb, Mutation, base_state, dotted, items_table, set_at

# (field below schemas.public, text with {payload}, what the message says)
REFUSED: list[tuple[tuple[str | int, ...], str, str]] = [
    (("tables", "items", "columns", "v", "check"), "v > 0); {payload}; --", "comments are not allowed"),
    (("tables", "items", "columns", "v", "check"), "v > 0); {payload}; SELECT (1", "';' ends a statement"),
    (("tables", "items", "columns", "v", "check"), "v > 0) OR (true", "closes a bracket it did not open"),
    (("tables", "items", "columns", "v", "check"), "v > 0 /* ) ; {payload} */", "comments are not allowed"),
    (("tables", "items", "columns", "v", "check"), "v > 0 OR v$a$ > 0); {payload}; SELECT ($a$", "not closed"),
    (("tables", "items", "columns", "v", "check"), "'\\'); {payload}; SELECT (' = ''", "not closed"),
    (("tables", "items", "columns", "v", "check"), "v > 0)", "closes a bracket it did not open"),
    (("tables", "items", "columns", "v", "check"), "(v > 0", "opens a bracket it does not close"),
    (("tables", "items", "columns", "v", "check"), "v > 'unterminated", "string constant is not closed"),
    (("tables", "items", "columns", "v", "check"), "v > $x$ never closed", "quoted string is not closed"),
    # A NUL is refused as the file is parsed (yaml_build), before any SQL check.
    (("tables", "items", "columns", "v", "check"), "v > 0\x00; {payload}", "holds a NUL character"),
    (("tables", "items", "columns", "v", "default"), "0; {payload}", "';' ends a statement"),
    (("tables", "items", "columns", "v", "default"), "0, evil integer", "a ',' outside brackets"),
    (("tables", "items", "columns", "v", "default"), "0) ; {payload}; SELECT (0", "';' ends a statement"),
    (("tables", "items", "columns", "v", "default"), "0 -- {payload}", "comments are not allowed"),
    (("tables", "items", "columns", "v", "type"), "integer; {payload}", "';' ends a statement"),
    (("tables", "items", "columns", "v", "type"), "integer DEFAULT 1", "is not one type name"),
    (("tables", "items", "columns", "v", "type"), "integer, evil integer", "has no place in it"),
    (("tables", "items", "columns", "v", "type"), "integer CHECK (false)", "is not one type name"),
    (("tables", "items", "columns", "v", "type"), 'integer COLLATE "C"', "is not one type name"),
    (
        ("tables", "items", "columns", "v", "type"),
        "varchar(1)) ; {payload}; CREATE TABLE x (y int",
        "';' ends a statement",
    ),
    (("tables", "items", "columns", "v", "type"), "numeric(10, 'x')", "type modifiers hold numbers and names only"),
    (("tables", "items", "columns", "v", "compression"), "lz4; {payload}", "Input should be 'pglz' or 'lz4'"),
    (("tables", "items", "checks", 0), "v > 0); {payload}; SELECT (1", "';' ends a statement"),
    (("tables", "items", "checks", 0), "true) NOT VALID, DROP COLUMN email, ADD CHECK (true", "closes a bracket"),
    (("tables", "items", "indexes", "items_email", "where"), "true; {payload}", "';' ends a statement"),
    (("tables", "items", "indexes", "items_email", "where"), "true) ; {payload}; SELECT (1", "';' ends a statement"),
    (("tables", "items", "indexes", "items_email", "where"), "email IS NULL, id", "a ',' outside brackets"),
    (("tables", "items", "indexes", "items_email", "columns", 0), "email); {payload}; --", "comments are not"),
    (("tables", "items", "indexes", "items_email", "columns", 0), "email) WHERE (true", "closes a bracket"),
    (("tables", "items", "indexes", "items_email", "columns", 0), "email, id", "one index column per entry"),
    (("tables", "items", "indexes", "items_email", "columns", 0), "email DESC; {payload}", "';' ends a statement"),
    (("tables", "items", "indexes", "items_email", "columns", 0), "public.items.email", "by its name alone"),
    (("tables", "items", "indexes", "items_email", "columns", 0), "email = 'x'", "only COLLATE, an operator class"),
    (
        ("tables", "items", "indexes", "items_email", "columns", 0),
        "email text_pattern_ops (siglen = (SELECT 1))",
        "value is a number, a string or a word",
    ),
    (
        ("tables", "items", "indexes", "items_email", "columns", 0),
        "email text_pattern_ops (siglen = 1, (SELECT 1))",
        "parameters are `name = value` pairs",
    ),
    (("tables", "items", "indexes", "items_email", "statistics", 1), "100; {payload}", "should be a valid integer"),
    (("tables", "items", "indexes", "items_email", "method"), "btree (id); {payload}; --", "not a plain index"),
    (("tables", "items", "indexes", "items_email", "method"), "btree (email) WHERE false --", "not a plain index"),
    (("tables", "items", "triggers", "items_touch", "when"), "true) EXECUTE FUNCTION evil(); --", "comments are"),
    (("tables", "items", "triggers", "items_touch", "when"), "NEW.v > 0); {payload}; SELECT (1", "';' ends"),
    (("tables", "items", "triggers", "items_touch", "from_table"), "other.victim {payload}", "should match pattern"),
    (("tables", "items", "statistics", "s", "columns", 0), "v) FROM items; {payload}; --", "comments are not"),
    (("tables", "items", "statistics", "s", "columns", 0), "v) FROM items; {payload}; SELECT (1", "';' ends"),
    (("tables", "items", "triggers", "items_touch", "enabled"), "always; {payload}", "Input should be"),
    (("views", "item_emails", "query"), "SELECT 1; {payload}", "';' ends a statement"),
    (("views", "item_emails", "query"), "COPY (SELECT 1) TO PROGRAM 'touch x'", "must start with SELECT"),
    (("views", "item_emails", "query"), "DELETE FROM other.victim RETURNING *", "must start with SELECT"),
    (("views", "item_emails", "query"), "SELECT 1) x; {payload}; SELECT (1", "';' ends a statement"),
    (("views", "item_emails", "query"), "SELECT 'x", "string constant is not closed"),
    (("views", "item_emails", "column_defaults", "email"), "'x'; {payload}", "';' ends a statement"),
    (("views", "item_emails", "column_defaults", "email"), "'x') ; {payload}; SELECT (0", "';' ends a statement"),
    (("views", "item_emails", "column_defaults", "email"), "'x', id", "a ',' outside brackets"),
    (("views", "item_emails", "column_defaults", "email"), "'x' -- {payload}", "comments are not allowed"),
    # A no-break space is part of an identifier to PostgreSQL's lexer, not a space: `a\u00a0$x$` is one name.
    (("views", "item_emails", "query"), "SELECT a\u00a0$x$ FROM items; {payload}; SELECT $x$", "not closed"),
    # PostgreSQL ends a -- comment at a carriage return too.
    (("views", "item_emails", "query"), "SELECT 1 --x\r; {payload}", "';' ends a statement"),
    (("functions", "touch_v", "returns"), "trigger LANGUAGE c AS 'evil.so'", "has no place in it"),
    (("functions", "touch_v", "returns"), "trigger SECURITY DEFINER", "is not one type name"),
    (("functions", "touch_v", "returns"), "trigger; {payload}", "';' ends a statement"),
    (("functions", "touch_v", "returns"), "TABLE (a int) SECURITY DEFINER", "nothing after it"),
    (("functions", "touch_v", "returns"), "SETOF record AS $$ $$; {payload}; --", "comments are not allowed"),
    (("functions", "touch_v", "support"), "textlike_support AS $$ $$; {payload}; --", "String should"),
    (("functions", "touch_v", "support"), "textlike_support SECURITY DEFINER", "should match pattern"),
    (
        ("functions", "touch_v", "arguments"),
        ") RETURNS trigger AS $$ $$ LANGUAGE sql; {payload}; CREATE FUNCTION f(",
        "';' ends a statement",
    ),
    (("functions", "touch_v", "arguments"), "a int DEFAULT 1 --", "comments are not allowed"),
    (("functions", "touch_v", "arguments"), "a int); {payload}; SELECT (1", "';' ends a statement"),
    (("functions", "touch_v", "language"), "c", "loads a shared library"),
    (("functions", "touch_v", "language"), "internal", "is the C name of a built-in function"),
    (("functions", "touch_v", "language"), "plpgsql SECURITY DEFINER", "is not a language name"),
    (("functions", "touch_v", "language"), "sql; {payload}", "is not a language name"),
]


@pytest.mark.parametrize(
    ("field", "template", "message"), REFUSED, ids=[f"{c[0][-2]}.{c[0][-1]}-{i}" for i, c in enumerate(REFUSED)]
)
def test_sql_text_that_leaves_its_slot_is_refused_before_anything_runs(
    hostile_db: HostileDb, field: tuple[str | int, ...], template: str, message: str
) -> None:
    doc = base_state()
    if field[:3] == ("tables", "items", "checks"):
        items_table(doc)["checks"] = ["v > 0"]
    if field[:3] == ("tables", "items", "statistics"):
        items_table(doc)["statistics"] = {"s": {"columns": ["v", "email"]}}
    set_at(field)(template)(doc, hostile_db.payload)
    hostile_db.refused(doc, [dotted(field), message])


# Payloads that are only data where they stand: stored exactly as written, nothing else runs.
HARMLESS: dict[str, Mutation] = {
    "e-string-with-escaped-quote": lambda doc, p: items_table(doc)["columns"]["email"].update(
        check="email <> E'\\'); " + p.replace("'", "\\'") + "; SELECT (\\''"
    ),
    "dollar-quoted-constant": lambda doc, p: items_table(doc)["columns"]["email"].update(
        check=f"email <> $x$ ); {p}; -- $x$"
    ),
    "string-in-view": lambda doc, p: doc["schemas"]["public"]["views"]["item_emails"].update(
        query=f"SELECT id, email, '); {p.replace(chr(39), chr(39) * 2)}; --' AS note FROM items"
    ),
    "comment-in-view": lambda doc, p: doc["schemas"]["public"]["views"]["item_emails"].update(
        query=f"SELECT id, email FROM items /* ; {p} */"
    ),
    "function-body-with-the-dollar-tag": lambda doc, p: doc["schemas"]["public"]["functions"]["touch_v"].update(
        body=f"BEGIN /* $body$; {p}; $body$ */ RETURN NEW; END;"
    ),
    "table-comment": lambda doc, p: items_table(doc).update(comment=f"it's'); {p}; --"),
    "view-column-default": lambda doc, p: doc["schemas"]["public"]["views"]["item_emails"].update(
        column_defaults={"email": f"'); {p.replace(chr(39), chr(39) * 2)}; --'"}
    ),
    "enum-label": lambda doc, p: doc["schemas"]["public"].update(enums={"mood": ["x'); DROP TABLE other.victim; --"]}),
    "trigger-argument": lambda doc, p: items_table(doc)["triggers"]["items_touch"].update(arguments=[f"'); {p}; --"]),
}


@pytest.mark.parametrize("case", sorted(HARMLESS))
def test_payloads_that_are_data_are_stored_as_written_and_run_nothing(
    pg_url: str, dbname: str, hostile_db: HostileDb, case: str
) -> None:
    doc = base_state()
    HARMLESS[case](doc, hostile_db.payload)
    hostile_db.stored(doc)
    if case == "function-body-with-the-dollar-tag":
        body = sql(pg_url, dbname, "SELECT prosrc FROM pg_proc WHERE proname = 'touch_v'")
        assert body == [(doc["schemas"]["public"]["functions"]["touch_v"]["body"],)]
    if case == "table-comment":
        assert sql(pg_url, dbname, "SELECT obj_description('items'::regclass)") == [(items_table(doc)["comment"],)]
    if case == "view-column-default":
        stored = "SELECT pg_get_expr(adbin, adrelid) FROM pg_attrdef WHERE adrelid = 'item_emails'::regclass"
        assert sql(pg_url, dbname, stored) == [
            (doc["schemas"]["public"]["views"]["item_emails"]["column_defaults"]["email"] + "::text",)
        ]


def test_a_second_statement_never_reaches_the_server_even_past_validation(
    pg_url: str, dbname: str, hostile_db: HostileDb
) -> None:
    """The extended protocol is the second layer: a batch holding two commands is refused whole."""
    import psycopg

    from reconciler.postgres.connection import connect, run_statements

    with connect(pg_url, dbname) as conn, pytest.raises(psycopg.errors.SyntaxError, match="multiple commands"):
        run_statements(conn, [f"CREATE TABLE t (v int CHECK (v > 0)); {hostile_db.payload}"])
    hostile_db.untouched()


def test_a_database_name_is_shown_as_it_is_executed(cli: Cli, state: StateDir, pg_url: str) -> None:
    """`CREATE DATABASE` runs with the name quoted; the plan shows that same statement, not the bare name."""
    name = f'{state.dbname}"; DROP DATABASE postgres; --'
    (state.root / "postgres" / "hostile.yaml").write_text(
        yaml.safe_dump({"database": name, "schemas": {"public": {}}}, sort_keys=False)
    )
    assert cli("plan", "--state", state.root) == 0, cli.err
    assert f'CREATE DATABASE "{state.dbname}""; DROP DATABASE postgres; --"' in cli.out, cli.out


def test_credentials_in_the_server_url_never_reach_an_error(
    cli: Cli, state: StateDir, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.conftest import closed_port

    state.write("schemas: {public: {}}")
    monkeypatch.setenv("RECONCILE_POSTGRES_URL", f"postgresql://app:s3cr3t-pg-pw@127.0.0.1:{closed_port()}/")
    monkeypatch.setenv("PGPASSWORD", "an0ther-s3cret")
    assert cli("plan", "--state", state.root) == 1
    assert "cannot connect to PostgreSQL at 127.0.0.1:" in cli.err, cli.err
    assert "s3cr3t-pg-pw" not in cli.out + cli.err and "an0ther-s3cret" not in cli.out + cli.err
