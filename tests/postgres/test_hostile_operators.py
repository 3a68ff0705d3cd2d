"""Hostile text in operators: names and signatures read as PostgreSQL's lexer reads them, refused before anything
runs; comments stored as data.

Operator names go into statements unquoted, so every character of a signature, commutator and negator is
checked (spec/operators.py); function names match the same pattern as an aggregate's support functions.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import sql
from tests.postgres.hostile import HostileDb, base_state, dotted

FUNCTION = {"arguments": "a integer, b integer", "returns": "boolean", "language": "sql", "body": "SELECT a = b"}
KEY = "=== (integer, integer)"


def _document(key: str = KEY, **fields: str) -> dict[str, Any]:
    doc = base_state()
    public = doc["schemas"]["public"]
    public["functions"]["same"] = dict(FUNCTION)
    public["operators"] = {key: {"function": "same", **fields}}
    return doc


# An operators: key with {payload}, and what the message says.
REFUSED_KEYS = [
    ("=== (integer, integer); {payload}; --", "should match pattern"),
    ("=== (integer, integer) (FUNCTION = same); {payload}; CREATE OPERATOR === (integer, integer)", "two argument"),
    ("=--(integer, integer) {payload}", "should match pattern"),
    ("=-- (integer, integer)", "start a comment"),
    ("=/* (integer, integer)", "start a comment"),
    ("=a= (integer, integer)", "should match pattern"),
    ("*+ (integer, integer)", "must hold one of"),
    ("!= (integer, integer)", "declare <>"),
    ("=> (integer, integer)", "reserves =>"),
    ("=== (integer, integer, integer)", "two argument types"),
    ("=== (integer, NONE)", "the right argument is required"),
    ("=== (integer, integer DEFAULT 1)", "is not one type name"),
    ("=== (integer, integer --)", "comments are not allowed"),
]


@pytest.mark.parametrize(("key", "message"), REFUSED_KEYS, ids=[f"key-{i}" for i in range(len(REFUSED_KEYS))])
def test_an_operator_signature_that_is_not_one_operator_and_two_types_is_refused(
    hostile_db: HostileDb, key: str, message: str
) -> None:
    hostile_db.refused(_document(key.format(payload=hostile_db.payload)), ["schemas.public.operators", message])


# (field of the operator, text with {payload}, what the message says)
REFUSED_FIELDS = [
    ("function", "same, RESTRICT = evil", "should match pattern"),
    ("function", "same); {payload}; --", "should match pattern"),
    ("restrict", "eqsel); {payload}; --", "should match pattern"),
    ("join", "eqjoinsel, HASHES", "should match pattern"),
    ("commutator", "===); {payload}; --", "should match pattern"),
    ("commutator", "=--", "start a comment"),
    ("negator", "other.!=", "declare <>"),
    ("negator", "x.=== ); {payload}", "should match pattern"),
]


@pytest.mark.parametrize(
    ("field", "template", "message"), REFUSED_FIELDS, ids=[f"{c[0]}-{i}" for i, c in enumerate(REFUSED_FIELDS)]
)
def test_operator_fields_that_leave_their_slot_are_refused_before_anything_runs(
    hostile_db: HostileDb, field: str, template: str, message: str
) -> None:
    doc = _document(**{field: template.format(payload=hostile_db.payload)})
    hostile_db.refused(doc, [dotted(("operators", KEY, field)), message])


def test_an_operator_comment_holding_a_payload_is_stored_as_written(hostile_db: HostileDb) -> None:
    text = f"it's'); {hostile_db.payload}; --"
    hostile_db.stored(_document(comment=text, commutator="===", negator="!==="))
    stored = sql(
        hostile_db.pg_url,
        hostile_db.dbname,
        "SELECT obj_description('public.===(integer, integer)'::regoperator, 'pg_operator')",
    )
    assert stored == [(text,)]
