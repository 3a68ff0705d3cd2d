"""Hostile text in operator classes: every member is parsed into a number, one operator or a function name and
single types (spec/operator_classes.py), the type and STORAGE checked to be one type, before anything runs; a
comment is stored as data."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import sql
from tests.postgres.hostile import HostileDb, base_state, dotted, with_payload

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
    filled = with_payload(value, hostile_db.payload)
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


FAMILY = {
    "using": "btree",
    "operators": ["1 < (integer, bigint)", "3 = (integer, bigint)"],
    "functions": ["1 btint48cmp(integer, bigint)"],
}


def _with_family(family: dict[str, Any], **class_fields: Any) -> dict[str, Any]:
    doc = _document(family="int_fam", **class_fields)
    doc["schemas"]["public"]["operator_families"] = {"int_fam": family}
    return doc


FAMILY_REFUSED = [
    ("operators", ["1 < (integer, bigint); {payload}; --"], "is not a strategy number and an operator"),
    ("operators", ["1 < (integer, bigint), FUNCTION 1 evil(integer); {payload}; --"], "is not a strategy number"),
    ("operators", ["3 ="], "names its types"),
    ("functions", ["1 btint48cmp(integer, bigint); {payload}; --"], "is not a support number"),
    ("using", "btree AS OPERATOR 1 <", "should match pattern"),
]


@pytest.mark.parametrize(
    ("field", "value", "message"), FAMILY_REFUSED, ids=[f"{c[0]}-{i}" for i, c in enumerate(FAMILY_REFUSED)]
)
def test_operator_family_text_that_leaves_its_slot_is_refused_before_anything_runs(
    hostile_db: HostileDb, field: str, value: Any, message: str
) -> None:
    filled = with_payload(value, hostile_db.payload)
    hostile_db.refused(
        _with_family({**FAMILY, field: filled}), [dotted(("operator_families", "int_fam", field)), message]
    )


def test_a_class_naming_a_family_not_declared_or_of_another_method_is_refused(hostile_db: HostileDb) -> None:
    undeclared = _document(family="nowhere")
    hostile_db.refused(undeclared, [dotted(("operator_classes", "my_int_ops", "family")), "is not declared"])
    hashed = _with_family({"using": "hash"})
    hostile_db.refused(hashed, [dotted(("operator_classes", "my_int_ops", "family")), "for index method 'hash'"])
    injected = _document(family=f"int_fam; {hostile_db.payload}")
    hostile_db.refused(injected, [dotted(("operator_classes", "my_int_ops", "family"))])
    commented = _with_family(FAMILY, family_comment="a family of its own")
    hostile_db.refused(commented, [dotted(("operator_classes", "my_int_ops")), "family_comment is for a class's own"])


def test_an_operator_family_comment_holding_a_payload_is_stored_as_written(hostile_db: HostileDb) -> None:
    text = f"it's'); {hostile_db.payload}; --"
    hostile_db.stored(_with_family({**FAMILY, "comment": text}))
    stored = sql(
        hostile_db.pg_url,
        hostile_db.dbname,
        "SELECT obj_description(f.oid, 'pg_opfamily'), (SELECT count(*) FROM pg_opclass c WHERE c.opcfamily = f.oid)"
        " FROM pg_opfamily f WHERE f.opfname = 'int_fam'",
    )
    assert stored == [(text, 1)]
