"""Hostile text in procedures, aggregates, collations and comments: refused before anything runs, or stored as data.

The same harness as test_hostile.py: the payload tries to leave its slot and run a shell command and a drop in an
undeclared schema; validate, plan and apply must refuse it naming the field, and the server must show nothing ran.
"""

from __future__ import annotations

from typing import Any

import pytest

from devtools import pgcluster
from tests.conftest import Cli, StateDir, sql
from tests.postgres.hostile import HostileDb, base_state, dotted, set_at, write_state

PROCEDURE = {"arguments": "a integer", "body": "BEGIN NULL; END;"}
AGGREGATE = {"arguments": "integer", "sfunc": "int4pl", "stype": "integer"}

# (field below schemas.public, text with {payload}, what the message says)
REFUSED: list[tuple[tuple[str | int, ...], str, str]] = [
    (("procedures", "p", "arguments"), "a int) LANGUAGE sql AS $$ $$; {payload}; CREATE PROCEDURE q(", "';' ends"),
    (("procedures", "p", "arguments"), "a int DEFAULT 1 --", "comments are not allowed"),
    (("procedures", "p", "language"), "c", "loads a shared library"),
    (("procedures", "p", "language"), "sql; {payload}", "is not a language name"),
    (("procedures", "p", "set", "search_path"), "public; {payload}", "does not belong"),
    (("aggregates", "agg", "arguments"), "integer) (SFUNC = int4pl, STYPE = int); {payload}; --", "comments are"),
    (("aggregates", "agg", "stype"), "integer, FINALFUNC = evil", "has no place in it"),
    (("aggregates", "agg", "stype"), "integer); {payload}; SELECT (1", "';' ends a statement"),
    (("aggregates", "agg", "sfunc"), "int4pl, FINALFUNC = evil", "should match pattern"),
    (("aggregates", "agg", "sfunc"), "int4pl); {payload}; --", "should match pattern"),
    (("aggregates", "agg", "sortop"), "<); {payload}; --", "should match pattern"),
    (("aggregates", "agg", "arguments"), "ORDER BY integer) (SFUNC = int4pl, STYPE = int); {payload}; --", "comments"),
    (("aggregates", "agg", "mstype"), "integer, MSFUNC = evil", "has no place in it"),
    (("aggregates", "agg", "mstype"), "integer); {payload}; SELECT (1", "';' ends a statement"),
    (("aggregates", "agg", "msfunc"), "int4pl); {payload}; --", "should match pattern"),
    (("aggregates", "agg", "minvfunc"), "int4mi, FINALFUNC = evil", "should match pattern"),
    (("aggregates", "agg", "mfinalfunc"), "f); {payload}; --", "should match pattern"),
]


def _document(field: tuple[str | int, ...], template: str, payload: str) -> dict[str, Any]:
    doc = base_state()
    public = doc["schemas"]["public"]
    public["procedures"] = {"p": dict(PROCEDURE)}
    public["aggregates"] = {"agg": dict(AGGREGATE)}
    set_at(field)(template)(doc, payload)
    return doc


@pytest.mark.parametrize(
    ("field", "template", "message"), REFUSED, ids=[f"{c[0][0]}.{c[0][-1]}-{i}" for i, c in enumerate(REFUSED)]
)
def test_routine_text_that_leaves_its_slot_is_refused_before_anything_runs(
    hostile_db: HostileDb, field: tuple[str | int, ...], template: str, message: str
) -> None:
    hostile_db.refused(_document(field, template, hostile_db.payload), [dotted(field), message])


def test_an_overloaded_procedure_is_checked_entry_by_entry(hostile_db: HostileDb) -> None:
    doc = base_state()
    smuggled = f"a text) LANGUAGE sql AS $$ $$; {hostile_db.payload}; CREATE PROCEDURE q("
    doc["schemas"]["public"]["procedures"] = {"p": [dict(PROCEDURE), {**PROCEDURE, "arguments": smuggled}]}
    hostile_db.refused(doc, [dotted(("procedures", "p", 1, "arguments")), "';' ends"])


def test_aggregate_states_and_comments_holding_payloads_are_stored_as_written(hostile_db: HostileDb) -> None:
    """Initial states (plain and moving) and comments of overloads, one of them ordered-set, are only data."""
    text = f"it's'); {hostile_db.payload}; --"
    doc = base_state()
    moving = {"msfunc": "textcat", "minvfunc": "textcat", "mstype": "text", "minitcond": text}
    doc["schemas"]["public"]["aggregates"] = {
        "joined": [
            {"arguments": "text", "sfunc": "textcat", "stype": "text", "initcond": text, "comment": text, **moving},
            {"arguments": "integer ORDER BY text", "sfunc": "textcat", "stype": "text", "initcond": text},
        ]
    }
    hostile_db.stored(doc)
    stored = sql(
        hostile_db.pg_url,
        hostile_db.dbname,
        "SELECT agginitval, aggminitval FROM pg_aggregate a "
        "JOIN pg_proc p ON p.oid = a.aggfnoid WHERE p.proname = 'joined' ORDER BY a.aggkind",
    )
    assert stored == [(text, text), (text, None)]


def _comments(doc: dict[str, Any], text: str) -> None:
    public = doc["schemas"]["public"]
    public["comment"] = text
    public["functions"]["touch_v"]["comment"] = text
    public["procedures"]["p"]["comment"] = text
    public["aggregates"]["agg"]["comment"] = text
    public["sequences"] = {"s": {"comment": text}}
    public["enums"] = {"mood": {"labels": ["ok"], "comment": text}}
    public["collations"] = {"coll": {"provider": "icu", "locale": "en", "comment": text}}
    table = public["tables"]["items"]
    table["indexes"]["items_email"]["comment"] = text
    table["triggers"]["items_touch"]["comment"] = text
    table["checks"] = [{"name": "v_positive", "expression": "v > 0", "comment": text}]


def test_comments_and_locales_holding_payloads_are_stored_as_written(
    cli: Cli, state: StateDir, pg_url: str, dbname: str, hostile_db: HostileDb, pg_cluster: pgcluster.Cluster
) -> None:
    payload = hostile_db.payload
    text = f"it's'); {payload}; --"
    doc = _document(("procedures", "p", "body"), "BEGIN NULL; END;", payload)
    _comments(doc, text)
    doc["schemas"]["public"]["collations"]["odd"] = {"provider": "libc", "locale": f"x'); {payload}; --"}
    write_state(state, doc)
    # A libc locale that does not exist is PostgreSQL's to refuse, as data: nothing else runs.
    assert cli("apply", "--state", state.root, "--auto-approve") == 1
    assert "collations.odd" in cli.err, cli.err
    assert not hostile_db.marker.exists()
    del doc["schemas"]["public"]["collations"]["odd"]
    write_state(state, doc)
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    assert not hostile_db.marker.exists()
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 0, cli.out + cli.err
    stored = [row[0] for row in sql(pg_url, dbname, "SELECT description FROM pg_description")]
    assert stored.count(text) == 10  # schema, function, procedure, aggregate, sequence, enum, collation, index,
    # trigger and constraint
    [(exists,)] = sql(pg_url, dbname, "SELECT to_regclass('other.victim') IS NOT NULL")
    assert exists
