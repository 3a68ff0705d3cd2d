"""A trigger whose function lives in another declared schema (`function_schema`).

The schema name is an identifier: always quoted, never spliced as text, so a
payload in it is at most a schema that is not declared (refused before
anything runs), or the name of a declared schema, created and used as written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Cli, StateDir, sql
from tests.postgres.hostile import HostileDb, base_state, items_table, write_state

FIELD = "schemas.public.tables.items.triggers.items_touch"


def with_function_schema(doc: dict[str, Any], schema: str, *, declare: bool) -> dict[str, Any]:
    """The base state's trigger pointed at `touch_v` of `schema`, which holds a copy of it when `declare`."""
    items_table(doc)["triggers"]["items_touch"]["function_schema"] = schema
    if declare:
        doc["schemas"][schema] = {"functions": dict(doc["schemas"]["public"]["functions"])}
    return doc


UNDECLARED = "is not declared in this file"
TOO_LONG = "63-byte identifier limit"
# (schema name with {payload}, what the message says)
REFUSED = [
    ("helpers", UNDECLARED),
    ('x"; DROP TABLE other.victim; --', UNDECLARED),
    ('public"."touch_v"(); DROP TABLE other.victim; --', UNDECLARED),
    ('x"; {payload}; --', TOO_LONG),
    ('public"."touch_v"(); {payload}; --', TOO_LONG),
]


@pytest.mark.parametrize(("template", "message"), REFUSED, ids=[f"function_schema-{i}" for i in range(len(REFUSED))])
def test_an_undeclared_function_schema_is_refused_before_anything_runs(
    hostile_db: HostileDb, template: str, message: str
) -> None:
    schema = template.format(payload=hostile_db.payload)
    hostile_db.refused(
        with_function_schema(base_state(), schema, declare=False), [f"{FIELD}.function_schema: ", message]
    )


def test_a_function_missing_from_the_function_schema_is_refused(hostile_db: HostileDb) -> None:
    doc = with_function_schema(base_state(), "helpers", declare=True)
    doc["schemas"]["helpers"]["functions"] = {"other_name": doc["schemas"]["helpers"]["functions"]["touch_v"]}
    hostile_db.refused(doc, [f"{FIELD}.function: function 'touch_v' is not declared in schema 'helpers'"])


def test_a_declared_schema_named_with_sql_is_only_a_name(pg_url: str, dbname: str, hostile_db: HostileDb) -> None:
    schema = 'h"; DROP TABLE other.victim; --'
    hostile_db.stored(with_function_schema(base_state(), schema, declare=True))
    [(function_schema,)] = sql(
        pg_url,
        dbname,
        "SELECT p.pronamespace::regnamespace::text FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid "
        "WHERE t.tgname = 'items_touch'",
    )
    assert function_schema == '"h""; DROP TABLE other.victim; --"'


def test_export_declares_the_function_schema_and_round_trips(
    cli: Cli, state: StateDir, pg_url: str, dbname: str, tmp_path: Path
) -> None:
    write_state(state, with_function_schema(base_state(), "helpers", declare=True))
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    out = tmp_path / "exported"
    assert cli("export", "--only", "postgres", "--database", dbname, "--out", out) == 0, cli.out + cli.err
    exported = (out / "postgres" / f"{dbname}.yaml").read_text()
    assert "function_schema: helpers" in exported, exported
    assert cli("plan", "--state", out, "--only", "postgres", "--detailed-exitcode") == 0, cli.out + cli.err


def test_a_built_in_function_name_carrying_sql_is_only_a_function_that_does_not_exist(
    cli: Cli, state: StateDir, hostile_db: HostileDb
) -> None:
    doc = with_function_schema(base_state(), "pg_catalog", declare=False)
    items_table(doc)["triggers"]["items_touch"]["function"] = "now(); DROP TABLE other.victim; --"
    path = write_state(state, doc)
    assert cli("validate", "--state", state.root) == 0, cli.err  # built-in functions are PostgreSQL's to check
    for command in (["plan"], ["apply", "--auto-approve", "--allow-destructive"]):
        assert cli(*command, "--state", state.root) == 1, (command, cli.out, cli.err)
        assert f"postgres/{path.name}:" in cli.err, cli.err
        assert f"{FIELD}: PostgreSQL rejects this: function pg_catalog." in cli.err, cli.err
        assert "Traceback" not in cli.out + cli.err
    hostile_db.untouched()


def test_a_built_in_trigger_function_applies_and_round_trips(
    cli: Cli, state: StateDir, pg_url: str, dbname: str, tmp_path: Path
) -> None:
    doc = with_function_schema(base_state(), "pg_catalog", declare=False)
    items_table(doc)["triggers"]["items_touch"].update(function="suppress_redundant_updates_trigger", events=["update"])
    write_state(state, doc)
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 0, cli.out + cli.err
    out = tmp_path / "exported"
    assert cli("export", "--only", "postgres", "--database", dbname, "--out", out) == 0, cli.out + cli.err
    exported = (out / "postgres" / f"{dbname}.yaml").read_text()
    assert "function_schema: pg_catalog" in exported, exported
    assert cli("plan", "--state", out, "--only", "postgres", "--detailed-exitcode") == 0, cli.out + cli.err
