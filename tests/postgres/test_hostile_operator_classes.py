"""Hostile text in operator classes: every member is parsed into a number, one operator or a function name and
single types (spec/operator_classes.py), the type and STORAGE checked to be one type, before anything runs; a
comment is stored as data."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import sql
from tests.postgres.hostile import HostileDb, base_state, dotted

CLASS = {
    "using": "btree",
    "type": "integer",
    "operators": ["1 <", "2 <=", "3 =", "4 >=", "5 >"],
    "functions": ["1 btint4cmp(integer, integer)"],
}


def _document(**fields: Any) -> dict[str, Any]:
    doc = base_state()
    doc["schemas"]["public"]["operator_classes"] = {"my_int_ops": {**CLASS, **fields}}
    return doc


# (field, value with {payload}, what the message says)
REFUSED = [
    ("operators", ["1 <; {payload}; --"], "is not a strategy number and an operator"),
    ("operators", ["1 < (integer, integer), FUNCTION 1 evil(integer); {payload}; --"], "is not a strategy number"),
    ("operators", ["1 <--"], "start a comment"),
    ("operators", ["1 < (integer)"], "2 types in brackets"),
    ("operators", ["0 <"], "is not a strategy number"),
    ("operators", ["1 < FOR ORDER BY x; {payload}"], "is not a strategy number"),
    ("operators", ["1 evil"], "is not an operator name"),
    ("functions", ["1 btint4cmp(integer, integer); {payload}; --"], "is not a support number"),
    ("functions", ["1 btint4cmp(integer) , FUNCTION 2 evil(integer"], "is not a support number"),
    ("functions", ["1 (integer) x(integer) y(integer)"], "closes a bracket it did not open"),
    ("functions", ["1 btint4cmp(integer, integer DEFAULT 1)"], "is not one type"),
    ("type", "integer USING btree AS OPERATOR 1 <; {payload}; --", "comments are not allowed"),
    ("type", "integer USING btree AS OPERATOR 1 <", "is not one type name"),
    ("storage", "box; {payload}", "';' ends a statement"),
    ("using", "btree AS OPERATOR 1 <", "should match pattern"),
]


@pytest.mark.parametrize(("field", "value", "message"), REFUSED, ids=[f"{c[0]}-{i}" for i, c in enumerate(REFUSED)])
def test_operator_class_text_that_leaves_its_slot_is_refused_before_anything_runs(
    hostile_db: HostileDb, field: str, value: Any, message: str
) -> None:
    payload = hostile_db.payload
    filled = [v.format(payload=payload) for v in value] if isinstance(value, list) else value.format(payload=payload)
    hostile_db.refused(_document(**{field: filled}), [dotted(("operator_classes", "my_int_ops", field)), message])


def test_an_operator_class_comment_holding_a_payload_is_stored_as_written(hostile_db: HostileDb) -> None:
    text = f"it's'); {hostile_db.payload}; --"
    hostile_db.stored(_document(comment=text))
    stored = sql(
        hostile_db.pg_url,
        hostile_db.dbname,
        "SELECT obj_description(c.oid, 'pg_opclass') FROM pg_opclass c WHERE c.opcname = 'my_int_ops'",
    )
    assert stored == [(text,)]


def test_an_operator_class_without_members_is_refused_before_anything_runs(hostile_db: HostileDb) -> None:
    hostile_db.refused(
        _document(operators=[], functions=[]), [dotted(("operator_classes", "my_int_ops")), "at least one member"]
    )
