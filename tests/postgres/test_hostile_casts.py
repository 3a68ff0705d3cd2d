"""Hostile text in casts: keys are two plain type names around AS and functions a name with plain argument types,
refused before anything runs; a quoted name that parses is only ever looked up (to_regtype, to_regprocedure), and
comments are stored as data. Every statement the plan writes holds the server's spelling of the names."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import sql
from tests.postgres.hostile import HostileDb, base_state, write_state

FUNCTION = {"arguments": "d date", "returns": "integer", "language": "sql", "body": "SELECT d - DATE '2000-01-01'"}
KEY = "date AS integer"


def _document(key: str = KEY, cast: dict[str, Any] | None = None) -> dict[str, Any]:
    doc = base_state()
    doc["schemas"]["public"]["functions"]["date_to_days"] = dict(FUNCTION)
    doc["casts"] = {key: cast if cast is not None else {"function": "public.date_to_days(date)"}}
    return doc


# A casts: key with {payload}, and what the message says.
REFUSED_KEYS = [
    ("date AS integer); {payload}; --", "comments are not allowed"),
    ("date AS integer) WITH INOUT; {payload}; CREATE CAST (date AS text", "is not a cast such as"),
    ("date; {payload} AS integer", "';' ends a statement"),
    ("date AS integer AS text", "one source type, AS, one target type"),
    ("date", "should match pattern"),
    ("numeric(10, 2) AS integer", "take no modifiers"),
    ("date AS integer[3]", "take no modifiers"),
    ("date AS integer DEFAULT 1", "is not one type name"),
]


@pytest.mark.parametrize(("key", "message"), REFUSED_KEYS, ids=[f"key-{i}" for i in range(len(REFUSED_KEYS))])
def test_a_cast_key_that_is_not_two_plain_types_is_refused_before_anything_runs(
    hostile_db: HostileDb, key: str, message: str
) -> None:
    hostile_db.refused(_document(key.format(payload=hostile_db.payload)), ["casts", message])


# (the cast's declaration with {payload}, the field the error names, what the message says)
REFUSED_DECLARATIONS = [
    ({"function": "public.date_to_days(date); {payload}; --"}, "function", "should match pattern"),
    ({"function": "public.date_to_days(date) AS IMPLICIT; {payload}"}, "function", "should match pattern"),
    ({"function": "public.date_to_days(date) AS IMPLICIT, f(date)"}, "function", "closes a bracket"),
    ({"function": "public.date_to_days(d date)"}, "function", "is not one type name"),
    ({"function": "date_to_days(numeric(1, 0))"}, "function", "take no modifiers"),
    ({"function": "x; {payload}; --.f(date)"}, "function", "comments are not allowed"),
    ({"function": "public.date_to_days(date)", "inout": True}, "", "exactly one of"),
    ({"without_function": False}, "", "exactly one of"),
    ({"inout": True, "context": "implicit; {payload}"}, "context", "explicit"),
    ({"inout": True, "as": "IMPLICIT; {payload}"}, "as", "unknown field"),
]


def _with_payload(value: Any, payload: str) -> Any:
    if isinstance(value, str):
        return value.replace("{payload}", payload)
    if isinstance(value, dict):
        return {k: _with_payload(v, payload) for k, v in value.items()}
    return value


@pytest.mark.parametrize(
    ("cast", "field", "message"),
    REFUSED_DECLARATIONS,
    ids=[f"{c[1] or 'method'}-{i}" for i, c in enumerate(REFUSED_DECLARATIONS)],
)
def test_cast_fields_that_leave_their_slot_are_refused_before_anything_runs(
    hostile_db: HostileDb, cast: dict[str, Any], field: str, message: str
) -> None:
    doc = _document(cast=_with_payload(cast, hostile_db.payload))
    where = f"casts.{KEY}.{field}" if field else f"casts.{KEY}"
    hostile_db.refused(doc, [where, message])


def test_a_quoted_name_holding_a_payload_is_only_looked_up_and_refused_by_the_plan(hostile_db: HostileDb) -> None:
    """It parses as one type name, so validate passes; the plan looks it up, finds nothing, and runs nothing."""
    odd = '"' + f"x); {hostile_db.payload}; --"[:60] + '"'
    doc = _document(f"date AS {odd}", {"inout": True})
    doc["casts"]["text AS json"] = {"function": f"public.{odd}(date)"}
    path = write_state(hostile_db.state, doc)
    assert hostile_db.cli("validate", "--state", hostile_db.state.root) == 0, hostile_db.cli.err
    for command in (["plan"], ["apply", "--auto-approve"]):
        assert hostile_db.cli(*command, "--state", hostile_db.state.root) == 1
        err = hostile_db.cli.err
        assert f"postgres/{path.name}:" in err and "does not exist" in err and "Traceback" not in err, err
    hostile_db.untouched()
    assert sql(hostile_db.pg_url, hostile_db.dbname, "SELECT count(*) FROM pg_cast WHERE oid >= 16384") == [(0,)]


def test_a_comment_and_a_type_name_holding_a_payload_are_stored_as_written(hostile_db: HostileDb) -> None:
    odd = f"x\"y'); {hostile_db.payload}; --"[:60]
    comment = f"it's'); {hostile_db.payload}; --"
    doc = _document(cast={"function": "public.date_to_days(date)", "context": "assignment", "comment": comment})
    doc["schemas"]["public"]["enums"] = {odd: ["a", "b"]}
    quoted = '"' + odd.replace('"', '""') + '"'
    doc["casts"][f"text AS public.{quoted}"] = {"inout": True, "comment": comment}
    hostile_db.stored(doc)
    stored = sql(
        hostile_db.pg_url,
        hostile_db.dbname,
        "SELECT castsource::regtype::text, (SELECT typname FROM pg_type WHERE oid = casttarget), castcontext, "
        "obj_description(oid, 'pg_cast') FROM pg_cast WHERE oid >= 16384 ORDER BY 1",
    )
    assert stored == [("date", "int4", "a", comment), ("text", odd, "e", comment)]
