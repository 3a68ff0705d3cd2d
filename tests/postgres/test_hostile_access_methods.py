"""Hostile text in access methods: the type is a fixed word, the handler a (qualified) name without brackets,
built-in names are refused, all before anything runs; a name that parses is only ever looked up (to_regprocedure
of `name(internal)`), a handler that does not return table_am_handler is refused by the plan, and the plan never
creates an access method, so it never calls a handler. A table's or materialized view's access method is a name:
one that is not a table access method is refused by the plan. Every statement holds quote_ident's names."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import sql
from tests.postgres.hostile import HostileDb, base_state, items_table, with_payload, write_state

NAME = "stored_rows"
HANDLER = {
    "arguments": "internal",
    "returns": "table_am_handler",
    "language": "internal",
    "strict": True,
    "body": "heap_tableam_handler",
}


def _document(method: dict[str, Any] | None = None, name: str = NAME) -> dict[str, Any]:
    doc = base_state()
    doc["schemas"]["public"]["functions"]["rows_handler"] = dict(HANDLER)
    doc["access_methods"] = {name: method if method is not None else _method()}
    return doc


def _method(**fields: Any) -> dict[str, Any]:
    return {"type": "table", "handler": "public.rows_handler", **fields}


# (the declaration's fields with {payload}, the field the error names, what the message says)
REFUSED = [
    ({"handler": "public.rows_handler; {payload}; --"}, "handler", "should match pattern"),
    ({"handler": "public.rows_handler(internal)"}, "handler", "should match pattern"),
    ({"handler": "public.rows_handler(internal); {payload}"}, "handler", "should match pattern"),
    ({"handler": 'public."x"; {payload}; --'}, "handler", "should match pattern"),
    ({"type": "index"}, "type", "'table'"),
    ({"type": "table HANDLER public.rows_handler; {payload}; --"}, "type", "'table'"),
    ({"comment": None, "options": "{payload}"}, "options", "unknown field"),
]


@pytest.mark.parametrize(("fields", "field", "message"), REFUSED, ids=[f"{r[1]}-{i}" for i, r in enumerate(REFUSED)])
def test_access_method_fields_that_leave_their_slot_are_refused_before_anything_runs(
    hostile_db: HostileDb, fields: dict[str, Any], field: str, message: str
) -> None:
    doc = _document(with_payload(_method(**fields), hostile_db.payload))
    hostile_db.refused(doc, [f"access_methods.{NAME}.{field}", message])


@pytest.mark.parametrize("name", ["heap", "btree", "x" * 64])
def test_a_built_in_or_too_long_name_is_refused_before_anything_runs(hostile_db: HostileDb, name: str) -> None:
    expected = "63-byte identifier limit" if len(name) > 63 else "built-in access methods"
    hostile_db.refused(_document(name=name), ["access_methods", expected])


def test_a_partitioned_or_foreign_table_refuses_an_access_method_before_anything_runs(hostile_db: HostileDb) -> None:
    doc = _document()
    doc["schemas"]["public"]["tables"]["events"] = {
        "partition_by": "RANGE (at)",
        "columns": {"at": "date"},
        "access_method": NAME,
    }
    hostile_db.refused(doc, ["schemas.public.tables.events", "no access method on a partitioned table"])


@pytest.mark.parametrize(
    ("handler", "message"),
    [
        ("pg_catalog.bthandler", "does not return table_am_handler"),  # an index access method's handler
        ("public.touch_v", "does not exist"),  # a trigger function: takes no internal argument
        ('public."rows_handler(internal); {payload}; --"', "does not exist"),
    ],
)
def test_a_handler_that_cannot_handle_tables_is_refused_by_the_plan_and_nothing_runs(
    hostile_db: HostileDb, handler: str, message: str
) -> None:
    """It parses as one function name, so validate passes; the plan looks it up and runs nothing."""
    path = write_state(hostile_db.state, _document(_method(handler=with_payload(handler, hostile_db.payload))))
    assert hostile_db.cli("validate", "--state", hostile_db.state.root) == 0, hostile_db.cli.err
    for command in (["plan"], ["apply", "--auto-approve"]):
        assert hostile_db.cli(*command, "--state", hostile_db.state.root) == 1
        err = hostile_db.cli.err
        assert f"postgres/{path.name}:" in err and f"access_methods.{NAME}.handler" in err, err
        assert message in err and "Traceback" not in err, err
    hostile_db.untouched()
    assert sql(hostile_db.pg_url, hostile_db.dbname, "SELECT count(*) FROM pg_am WHERE oid >= 16384") == [(0,)]


@pytest.mark.parametrize(
    ("method", "message"),
    [
        ("btree", "is an index access method"),
        ("heap; {payload}; --", "does not exist"),
        ("undeclared_method", "does not exist"),
    ],
)
def test_a_tables_access_method_that_is_no_table_access_method_is_refused_by_the_plan(
    hostile_db: HostileDb, method: str, message: str
) -> None:
    doc = _document()
    items_table(doc)["access_method"] = with_payload(method, hostile_db.payload)[:60]  # a name PostgreSQL keeps
    write_state(hostile_db.state, doc)
    for command in (["plan"], ["apply", "--auto-approve"]):
        assert hostile_db.cli(*command, "--state", hostile_db.state.root) == 1
        err = hostile_db.cli.err
        assert "schemas.public.tables.items.access_method" in err and message in err, err
        assert "Traceback" not in err, err
    hostile_db.untouched()
    assert sql(hostile_db.pg_url, hostile_db.dbname, "SELECT count(*) FROM pg_am WHERE oid >= 16384") == [(0,)]


def test_a_name_and_a_comment_holding_a_payload_are_stored_as_written(hostile_db: HostileDb) -> None:
    odd = f"x\"y'); {hostile_db.payload}; --"[:60]
    comment = f"it's'); {hostile_db.payload}; --"
    doc = _document(_method(comment=comment), name=odd)
    items_table(doc)["access_method"] = odd
    doc["schemas"]["public"]["materialized_views"] = {
        "item_ids": {"query": "SELECT id FROM public.items", "access_method": odd}
    }
    hostile_db.stored(doc)
    stored = sql(
        hostile_db.pg_url,
        hostile_db.dbname,
        "SELECT amname, amtype, amhandler::regproc::text, obj_description(oid, 'pg_am') FROM pg_am WHERE oid >= 16384",
    )
    assert stored == [(odd, "t", "rows_handler", comment)]
    relations = sql(
        hostile_db.pg_url,
        hostile_db.dbname,
        "SELECT c.relname, a.amname FROM pg_class c JOIN pg_am a ON a.oid = c.relam "
        "WHERE c.relname IN ('items', 'item_ids') ORDER BY 1",
    )
    assert relations == [("item_ids", odd), ("items", odd)]
