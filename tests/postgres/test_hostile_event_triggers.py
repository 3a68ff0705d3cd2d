"""Hostile text in event triggers: the event, the tags and the firing are fixed words, the function a name with
empty brackets, refused before anything runs; a quoted name that parses is only ever looked up (to_regprocedure),
names and comments are stored as data, and the plan never creates an event trigger, so it never runs one's
function. Every statement the plan writes holds quote_ident's name and the server's spelling of the function."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import sql
from tests.postgres.hostile import HostileDb, base_state, with_payload, write_state

NAME = "log_ddl"
FUNCTION = {"returns": "event_trigger", "body": "BEGIN RAISE NOTICE '%', tg_tag; END;"}


def _document(trigger: dict[str, Any] | None = None, name: str = NAME) -> dict[str, Any]:
    doc = base_state()
    doc["schemas"]["public"]["functions"]["note_ddl"] = dict(FUNCTION)
    doc["event_triggers"] = {name: trigger if trigger is not None else _trigger()}
    return doc


def _trigger(**fields: Any) -> dict[str, Any]:
    return {"event": "ddl_command_end", "function": "public.note_ddl()", **fields}


# (the declaration's fields with {payload}, the field the error names, what the message says)
REFUSED = [
    ({"function": "public.note_ddl(); {payload}; --"}, "function", "should match pattern"),
    ({"function": "public.note_ddl() ; {payload}; SELECT public.note_ddl()"}, "function", "';' ends a statement"),
    ({"function": "public.note_ddl(integer)"}, "function", "takes no arguments"),
    ({"function": "x; {payload}; --.f()"}, "function", "comments are not allowed"),
    ({"function": "public.note_ddl"}, "function", "should match pattern"),
    ({"tags": ["CREATE TABLE'); {payload}; --"]}, "tags.0", "at most 63 characters"),
    ({"tags": ["CREATE TABLE", "ALTER TABLE') EXECUTE FUNCTION public.note_ddl(); {payload}"]}, "tags.1", "at most"),
    ({"tags": ["CREATE TABLE') --"]}, "tags.0", "not a command tag"),
    ({"tags": []}, "tags", "at least 1 item"),
    ({"event": "ddl_command_end EXECUTE FUNCTION public.note_ddl(); {payload}; --"}, "event", "ddl_command_start"),
    ({"enabled": "always; {payload}"}, "enabled", "replica"),
    ({"when": "TAG IN ('CREATE TABLE'); {payload}"}, "when", "unknown field"),
]


@pytest.mark.parametrize(
    ("fields", "field", "message"), REFUSED, ids=[f"{r[1].split('.')[0]}-{i}" for i, r in enumerate(REFUSED)]
)
def test_event_trigger_fields_that_leave_their_slot_are_refused_before_anything_runs(
    hostile_db: HostileDb, fields: dict[str, Any], field: str, message: str
) -> None:
    doc = _document(with_payload(_trigger(**fields), hostile_db.payload))
    hostile_db.refused(doc, [f"event_triggers.{NAME}.{field}", message])


def test_a_name_longer_than_postgresql_keeps_is_refused_before_anything_runs(hostile_db: HostileDb) -> None:
    hostile_db.refused(_document(name="x" * 64), ["event_triggers", "63-byte identifier limit"])


def test_a_quoted_function_name_holding_a_payload_is_only_looked_up_and_refused_by_the_plan(
    hostile_db: HostileDb,
) -> None:
    """It parses as one function name, so validate passes; the plan looks it up, finds nothing, and runs nothing."""
    odd = '"' + f"x(); {hostile_db.payload}; --"[:60] + '"'
    path = write_state(hostile_db.state, _document(_trigger(function=f"public.{odd}()")))
    assert hostile_db.cli("validate", "--state", hostile_db.state.root) == 0, hostile_db.cli.err
    for command in (["plan"], ["apply", "--auto-approve"]):
        assert hostile_db.cli(*command, "--state", hostile_db.state.root) == 1
        err = hostile_db.cli.err
        assert f"postgres/{path.name}:" in err and f"event_triggers.{NAME}.function" in err, err
        assert "does not exist" in err and "Traceback" not in err, err
    hostile_db.untouched()
    assert sql(hostile_db.pg_url, hostile_db.dbname, "SELECT count(*) FROM pg_event_trigger") == [(0,)]


def test_a_name_a_comment_and_a_function_name_holding_a_payload_are_stored_as_written(hostile_db: HostileDb) -> None:
    odd = f"x\"y'); {hostile_db.payload}; --"[:60]
    comment = f"it's'); {hostile_db.payload}; --"
    doc = _document(_trigger(tags=["create table"], comment=comment, enabled="always"), name=odd)
    doc["schemas"]["public"]["functions"][odd] = dict(FUNCTION)
    quoted = '"' + odd.replace('"', '""') + '"'
    doc["event_triggers"][odd]["function"] = f"public.{quoted}()"
    hostile_db.stored(doc)
    stored = sql(
        hostile_db.pg_url,
        hostile_db.dbname,
        "SELECT evtname, evtfoid::regproc::text, evttags, evtenabled, obj_description(oid, 'pg_event_trigger') "
        "FROM pg_event_trigger",
    )
    assert stored == [(odd, quoted, ["CREATE TABLE"], "A", comment)]


def test_the_plan_never_runs_a_declared_event_triggers_function(hostile_db: HostileDb) -> None:
    """The trial creates the function (bodies unchecked) but never the event trigger: nothing fires it. Fired by
    hand afterwards, the function does write the marker."""
    doc = _document(_trigger(event="ddl_command_start"))
    body = f"BEGIN COPY (SELECT 1 WHERE false) TO PROGRAM 'touch {hostile_db.marker}'; END;"
    doc["schemas"]["public"]["functions"]["note_ddl"]["body"] = body
    write_state(hostile_db.state, doc)
    for command in (["validate"], ["plan"], ["drift"]):
        assert hostile_db.cli(*command, "--state", hostile_db.state.root) in (0, 2), hostile_db.cli.err
    hostile_db.untouched()
    assert sql(hostile_db.pg_url, hostile_db.dbname, "SELECT count(*) FROM pg_event_trigger") == [(0,)]
    control = f"""
        CREATE FUNCTION other.note_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $${body}$$;
        CREATE EVENT TRIGGER control ON ddl_command_start EXECUTE FUNCTION other.note_ddl();
    """
    sql(hostile_db.pg_url, hostile_db.dbname, control)
    sql(hostile_db.pg_url, hostile_db.dbname, "CREATE TABLE other.fires (id int)")
    assert hostile_db.marker.exists()
