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

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from devtools import pgcluster
from tests.conftest import Cli, StateDir, sql

Mutation = Callable[[dict[str, Any], str], None]


def base_state() -> dict[str, Any]:
    return {
        "schemas": {
            "public": {
                "functions": {
                    "touch_v": {
                        "returns": "trigger",
                        "body": "BEGIN NEW.v := coalesce(NEW.v, 0); RETURN NEW; END;",
                    }
                },
                "tables": {
                    "items": {
                        "columns": {
                            "id": {"type": "serial", "primary_key": True},
                            "v": {"type": "integer"},
                            "email": {"type": "text"},
                        },
                        "indexes": {"items_email": {"columns": ["email"]}},
                        "triggers": {"items_touch": {"timing": "before", "events": ["insert"], "function": "touch_v"}},
                    }
                },
                "views": {"item_emails": {"query": "SELECT id, email FROM items"}},
            }
        }
    }


def _table(doc: dict[str, Any]) -> dict[str, Any]:
    return doc["schemas"]["public"]["tables"]["items"]  # type: ignore[no-any-return]


def _set(path: tuple[str | int, ...]) -> Callable[[str], Mutation]:
    """A mutation that writes the payload at `path` below schemas.public."""

    def with_payload(template: str) -> Mutation:
        def mutate(doc: dict[str, Any], payload: str) -> None:
            node: Any = doc["schemas"]["public"]
            for key in path[:-1]:
                node = node.setdefault(key, {}) if isinstance(key, str) else node[key]
            node[path[-1]] = template.format(payload=payload)

        return mutate

    return with_payload


PAYLOAD = "COPY (SELECT 1) TO PROGRAM 'touch {marker}'; DROP TABLE other.victim"

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
    (("tables", "items", "columns", "v", "check"), "v > 0\x00; {payload}", "control character"),
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
    (("tables", "items", "indexes", "items_email", "method"), "btree (id); {payload}; --", "not a plain index"),
    (("tables", "items", "indexes", "items_email", "method"), "btree (email) WHERE false --", "not a plain index"),
    (("tables", "items", "triggers", "items_touch", "when"), "true) EXECUTE FUNCTION evil(); --", "comments are"),
    (("tables", "items", "triggers", "items_touch", "when"), "NEW.v > 0); {payload}; SELECT (1", "';' ends"),
    (("views", "item_emails", "query"), "SELECT 1; {payload}", "';' ends a statement"),
    (("views", "item_emails", "query"), "COPY (SELECT 1) TO PROGRAM 'touch x'", "must start with SELECT"),
    (("views", "item_emails", "query"), "DELETE FROM other.victim RETURNING *", "must start with SELECT"),
    (("views", "item_emails", "query"), "SELECT 1) x; {payload}; SELECT (1", "';' ends a statement"),
    (("views", "item_emails", "query"), "SELECT 'x", "string constant is not closed"),
    # A no-break space is part of an identifier to PostgreSQL's lexer, not a space: `a\u00a0$x$` is one name.
    (("views", "item_emails", "query"), "SELECT a\u00a0$x$ FROM items; {payload}; SELECT $x$", "not closed"),
    # PostgreSQL ends a -- comment at a carriage return too.
    (("views", "item_emails", "query"), "SELECT 1 --x\r; {payload}", "';' ends a statement"),
    (("functions", "touch_v", "returns"), "trigger LANGUAGE c AS 'evil.so'", "has no place in it"),
    (("functions", "touch_v", "returns"), "trigger SECURITY DEFINER", "is not one type name"),
    (("functions", "touch_v", "returns"), "trigger; {payload}", "';' ends a statement"),
    (("functions", "touch_v", "returns"), "TABLE (a int) SECURITY DEFINER", "nothing after it"),
    (("functions", "touch_v", "returns"), "SETOF record AS $$ $$; {payload}; --", "comments are not allowed"),
    (
        ("functions", "touch_v", "arguments"),
        ") RETURNS trigger AS $$ $$ LANGUAGE sql; {payload}; CREATE FUNCTION f(",
        "';' ends a statement",
    ),
    (("functions", "touch_v", "arguments"), "a int DEFAULT 1 --", "comments are not allowed"),
    (("functions", "touch_v", "arguments"), "a int); {payload}; SELECT (1", "';' ends a statement"),
    (("functions", "touch_v", "language"), "c", "loads a shared library"),
    (("functions", "touch_v", "language"), "internal", "loads a shared library"),
    (("functions", "touch_v", "language"), "plpgsql SECURITY DEFINER", "is not a language name"),
    (("functions", "touch_v", "language"), "sql; {payload}", "is not a language name"),
]


def _log(cluster: pgcluster.Cluster) -> str:
    return (cluster.directory / "server.log").read_text(errors="replace")


def assert_refused_before_anything_runs(
    cli: Cli,
    state: StateDir,
    path: Path,
    expected: list[str],
    *,
    pg_url: str,
    dbname: str,
    pg_cluster: pgcluster.Cluster,
    marker: Path,
) -> None:
    """validate, plan and apply each exit 1 naming the file and every `expected` text; nothing reached the server.

    The proof is threefold: the database is unchanged, the marker file the
    payload would create is absent, and the server's log holds no statement
    carrying the payload.
    """
    before = _snapshot(pg_url, dbname)
    for command in (["validate"], ["plan"], ["apply", "--auto-approve", "--allow-destructive"]):
        assert cli(*command, "--state", state.root) == 1, (command, cli.out, cli.err)
        assert f"postgres/{path.name}:" in cli.err, cli.err
        for text in expected:
            assert text in cli.err, cli.err
        assert "Traceback" not in cli.out + cli.err
    assert not marker.exists()
    assert _snapshot(pg_url, dbname) == before
    assert str(marker) not in _log(pg_cluster)


def _snapshot(url: str, dbname: str) -> list[tuple[object, ...]]:
    """Every relation, function and trigger of the managed and the foreign schema, with its definition."""
    return sql(
        url,
        dbname,
        """
        SELECT n.nspname, c.relname, c.relkind, coalesce(pg_get_viewdef(c.oid), ''),
               (SELECT string_agg(pg_get_constraintdef(k.oid), ';' ORDER BY k.conname)
                FROM pg_constraint k WHERE k.conrelid = c.oid)
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname IN ('public', 'other')
        UNION ALL
        SELECT n.nspname, p.proname, 'f', pg_get_functiondef(p.oid), ''
        FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'
        UNION ALL
        SELECT 'trigger', t.tgname, 't', pg_get_triggerdef(t.oid), '' FROM pg_trigger t WHERE NOT t.tgisinternal
        ORDER BY 1, 2, 3
        """,
    )


@pytest.fixture
def hostile_db(
    cli: Cli, state: StateDir, pg_url: str, dbname: str, pg_cluster: pgcluster.Cluster
) -> Iterator[tuple[Path, str]]:
    """The base state applied, a table in an undeclared schema, every statement of the database logged."""
    state.write(yaml.safe_dump(base_state(), sort_keys=False))
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    sql(pg_url, dbname, "CREATE SCHEMA other; CREATE TABLE other.victim (id int)")
    sql(pg_url, "postgres", f"ALTER DATABASE {dbname} SET log_statement = 'all'")
    # The server runs as another user (nobody, when the suite runs as root): the marker goes where it may write,
    # and a control run proves the payload does create it when it does run.
    control = Path("/tmp") / f"reconcile-hostile-control-{uuid.uuid4().hex}"
    # No rows: `touch` reads nothing, so the server never writes into a pipe whose reader already exited
    # (which fails the COPY with "Broken pipe" when the machine is busy).
    sql(pg_url, dbname, f"COPY (SELECT 1 WHERE false) TO PROGRAM 'touch {control}'")
    assert control.exists(), "the marker detector does not work: COPY TO PROGRAM could not create its file"
    control.unlink()
    marker = Path("/tmp") / f"reconcile-hostile-{uuid.uuid4().hex}"
    yield marker, PAYLOAD.format(marker=marker)
    marker.unlink(missing_ok=True)


def _write(state: StateDir, doc: dict[str, Any]) -> Path:
    return state.write(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True))


@pytest.mark.parametrize(
    ("field", "template", "message"), REFUSED, ids=[f"{c[0][-2]}.{c[0][-1]}-{i}" for i, c in enumerate(REFUSED)]
)
def test_sql_text_that_leaves_its_slot_is_refused_before_anything_runs(
    cli: Cli,
    state: StateDir,
    pg_url: str,
    dbname: str,
    pg_cluster: pgcluster.Cluster,
    hostile_db: tuple[Path, str],
    field: tuple[str | int, ...],
    template: str,
    message: str,
) -> None:
    marker, payload = hostile_db
    doc = base_state()
    if field[:3] == ("tables", "items", "checks"):
        _table(doc)["checks"] = ["v > 0"]
    _set(field)(template)(doc, payload)
    path = _write(state, doc)
    dotted = "schemas.public." + ".".join(str(p) for p in field)
    assert_refused_before_anything_runs(
        cli, state, path, [dotted, message], pg_url=pg_url, dbname=dbname, pg_cluster=pg_cluster, marker=marker
    )


# Payloads that are only data where they stand: stored exactly as written, nothing else runs.
HARMLESS: dict[str, Mutation] = {
    "e-string-with-escaped-quote": lambda doc, p: _table(doc)["columns"]["email"].update(
        check="email <> E'\\'); " + p.replace("'", "\\'") + "; SELECT (\\''"
    ),
    "dollar-quoted-constant": lambda doc, p: _table(doc)["columns"]["email"].update(
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
    "table-comment": lambda doc, p: _table(doc).update(comment=f"it's'); {p}; --"),
    "enum-label": lambda doc, p: doc["schemas"]["public"].update(enums={"mood": ["x'); DROP TABLE other.victim; --"]}),
    "trigger-argument": lambda doc, p: _table(doc)["triggers"]["items_touch"].update(arguments=[f"'); {p}; --"]),
}


@pytest.mark.parametrize("case", sorted(HARMLESS))
def test_payloads_that_are_data_are_stored_as_written_and_run_nothing(
    cli: Cli, state: StateDir, pg_url: str, dbname: str, hostile_db: tuple[Path, str], case: str
) -> None:
    marker, payload = hostile_db
    doc = base_state()
    HARMLESS[case](doc, payload)
    _write(state, doc)
    assert cli("validate", "--state", state.root) == 0, cli.err
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 0, cli.out + cli.err
    assert not marker.exists()
    assert sql(pg_url, dbname, "SELECT count(*) FROM other.victim") == [(0,)]
    if case == "function-body-with-the-dollar-tag":
        body = sql(pg_url, dbname, "SELECT prosrc FROM pg_proc WHERE proname = 'touch_v'")
        assert body == [(doc["schemas"]["public"]["functions"]["touch_v"]["body"],)]
    if case == "table-comment":
        assert sql(pg_url, dbname, "SELECT obj_description('items'::regclass)") == [(_table(doc)["comment"],)]


def test_a_second_statement_never_reaches_the_server_even_past_validation(
    pg_url: str, dbname: str, hostile_db: tuple[Path, str]
) -> None:
    """The extended protocol is the second layer: a batch holding two commands is refused whole."""
    import psycopg

    from reconciler.postgres.connection import connect, run_statements

    marker, payload = hostile_db
    with connect(pg_url, dbname) as conn, pytest.raises(psycopg.errors.SyntaxError, match="multiple commands"):
        run_statements(conn, [f"CREATE TABLE t (v int CHECK (v > 0)); {payload}"])
    assert not marker.exists()
    assert sql(pg_url, dbname, "SELECT count(*) FROM other.victim") == [(0,)]


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
