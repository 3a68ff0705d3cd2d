"""Hostile SQL-standard bodies (`sql_body`): refused before anything runs, or stored as data.

A SQL-standard body is written into CREATE FUNCTION as is, as the statement's last clause. The payloads try to
end it early (`RETURN 1; ...`, `BEGIN ATOMIC SELECT 1; END; ...`, an END hidden in a CASE or a comment) and run a
shell command and a drop in an undeclared schema. The harness is test_hostile.py's: validate, plan and apply exit 1
naming file:line and the field, and the server shows nothing ran. Behind the check, the extended query protocol
refuses a string holding two commands: the last test sends one past validation to prove it.
"""

from __future__ import annotations

from typing import Any

import psycopg
import pytest

from reconciler.postgres.connection import connect, run_statements
from reconciler.postgres.fragments import FragmentError, check_sql_body
from tests.conftest import Cli, StateDir, sql
from tests.postgres.hostile import HostileDb, base_state, dotted, set_at, write_state

FUNCTION = {"returns": "integer", "sql_body": "RETURN 1"}
PROCEDURE = {"sql_body": "BEGIN ATOMIC SELECT 1; END"}

# (field below schemas.public, text with {payload}, what the message says)
REFUSED: list[tuple[tuple[str | int, ...], str, str]] = [
    (("functions", "f", "sql_body"), "RETURN 1; {payload}", "';' ends a statement"),
    (("functions", "f", "sql_body"), "RETURN 1; {payload}; --", "';' ends a statement"),
    (("functions", "f", "sql_body"), "RETURN (1); {payload}; SELECT (1", "';' ends a statement"),
    (("functions", "f", "sql_body"), "RETURN 1, 2", "single expression"),
    (("functions", "f", "sql_body"), "RETURN 1) + (2", "closes a bracket"),
    (("functions", "f", "sql_body"), "RETURN", "followed by an expression"),
    (("functions", "f", "sql_body"), "RETURN 1) AS $$ $$; {payload}; --", "';' ends"),
    (("functions", "f", "sql_body"), "BEGIN ATOMIC SELECT 1; END; {payload}; --", "nothing may follow the END"),
    (("functions", "f", "sql_body"), "BEGIN ATOMIC SELECT 1; END {payload}", "nothing may follow the END"),
    (("functions", "f", "sql_body"), "BEGIN ATOMIC SELECT 1;", "no matching END"),
    (("functions", "f", "sql_body"), "BEGIN ATOMIC SELECT CASE WHEN true THEN 1 END; END; END; {payload}", "follow"),
    (("functions", "f", "sql_body"), "BEGIN ATOMIC SELECT 1 /* END */; END; {payload}", "nothing may follow"),
    (("functions", "f", "sql_body"), "BEGIN ATOMIC SELECT (1; END); {payload}; --", "inside an expression"),
    (("functions", "f", "sql_body"), "BEGIN ATOMIC SELECT CASE WHEN true THEN 1; {payload}; END; END", "inside"),
    (("functions", "f", "sql_body"), "SELECT 1; {payload}", "must start with RETURN or BEGIN ATOMIC"),
    (("functions", "f", "sql_body"), "BEGIN; {payload}; END", "must start with RETURN or BEGIN ATOMIC"),
    (("functions", "f", "sql_body"), "RETURN $x$ 1 $y$; {payload}", "quoted string is not closed"),
    (("procedures", "p", "sql_body"), "BEGIN ATOMIC SELECT 1; END; {payload}", "nothing may follow the END"),
    (("procedures", "p", "sql_body"), "BEGIN ATOMIC CALL q(); END;; {payload}", "nothing may follow the END"),
    (("procedures", "p", "sql_body"), "BEGIN ATOMIC SELECT 'a'';'; END\n; {payload}", "nothing may follow the END"),
]


def _document(field: tuple[str | int, ...], template: str, payload: str) -> dict[str, Any]:
    doc = base_state()
    public = doc["schemas"]["public"]
    public["functions"]["f"] = dict(FUNCTION)
    public["procedures"] = {"p": dict(PROCEDURE)}
    set_at(field)(template)(doc, payload)
    return doc


@pytest.mark.parametrize(
    ("field", "template", "message"), REFUSED, ids=[f"{c[0][0]}.{c[0][-1]}-{i}" for i, c in enumerate(REFUSED)]
)
def test_sql_body_that_leaves_its_slot_is_refused_before_anything_runs(
    hostile_db: HostileDb, field: tuple[str | int, ...], template: str, message: str
) -> None:
    hostile_db.refused(_document(field, template, hostile_db.payload), [dotted(field), message])


def test_a_sql_body_in_another_language_or_beside_a_string_body_is_refused(
    cli: Cli, state: StateDir, hostile_db: HostileDb
) -> None:
    for extra, message in (
        ({"language": "plpgsql"}, "sql_body is a LANGUAGE sql body; language is 'plpgsql'"),
        ({"body": "SELECT 1"}, "give exactly one of body (a string body) and sql_body"),
    ):
        doc = base_state()
        doc["schemas"]["public"]["functions"]["f"] = {**FUNCTION, **extra}
        path = write_state(state, doc)
        assert cli("validate", "--state", state.root) == 1
        assert f"postgres/{path.name}:" in cli.err and "schemas.public.functions.f: " + message in cli.err, cli.err


@pytest.mark.parametrize(
    "body",
    [
        "RETURN a + b",
        "RETURN (SELECT count(*) FROM pg_class) -- a trailing comment",
        "BEGIN ATOMIC END",
        "BEGIN ATOMIC SELECT 1; END;",
        "BEGIN ATOMIC\n  SELECT CASE WHEN x THEN 1 ELSE CASE WHEN y THEN 2 END END;\n  SELECT 3;\nEND",
        "BEGIN ATOMIC SELECT t.end, 1 AS end FROM t; END",
        "BEGIN ATOMIC SELECT 'END; DROP TABLE t' , $q$ END; $q$; -- END;\nEND",
    ],
)
def test_well_formed_sql_bodies_pass_the_check(body: str) -> None:
    check_sql_body(body)


def test_sql_bodies_holding_payloads_as_data_are_stored_as_written(
    pg_url: str, dbname: str, hostile_db: HostileDb
) -> None:
    text = f"x'); {hostile_db.payload}; --"
    doc = base_state()
    public = doc["schemas"]["public"]
    public["functions"]["f"] = {"returns": "text", "sql_body": "RETURN " + "'" + text.replace("'", "''") + "'"}
    public["procedures"] = {"p": {"sql_body": f"BEGIN ATOMIC SELECT $x${text}$x$; END"}}
    hostile_db.stored(doc)
    [(returned,)] = sql(pg_url, dbname, "SELECT public.f()")
    assert returned == text
    [(exists,)] = sql(pg_url, dbname, "SELECT to_regclass('other.victim') IS NOT NULL")
    assert exists


def test_the_extended_protocol_refuses_a_second_command_after_an_atomic_body(
    pg_url: str, dbname: str, hostile_db: HostileDb
) -> None:
    """The second guard: a body that slipped past the check still cannot run another statement."""
    sql(pg_url, dbname, "CREATE TABLE IF NOT EXISTS public.guarded (id int)")
    smuggled = (
        "CREATE FUNCTION public.g() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END; DROP TABLE public.guarded"
    )
    with pytest.raises(FragmentError):
        check_sql_body(smuggled.split(" sql ", 1)[1])
    with connect(pg_url, dbname) as conn, pytest.raises(psycopg.errors.SyntaxError, match="multiple commands"):
        run_statements(conn, [smuggled])
    [(exists, made)] = sql(
        pg_url, dbname, "SELECT to_regclass('public.guarded') IS NOT NULL, to_regproc('public.g') IS NOT NULL"
    )
    assert exists and not made
