"""Hostile text in publications: names are identifiers and comments string literals, stored as written; a table,
column or schema is only ever one the file declares, row filters (SQL) are refused, all before anything runs."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import sql
from tests.postgres.hostile import HostileDb, base_state


def _document(publication: dict[str, Any]) -> dict[str, Any]:
    doc = base_state()
    doc["publications"] = {"feed": publication}
    return doc


def test_names_and_comments_holding_a_payload_are_stored_as_written(hostile_db: HostileDb) -> None:
    odd = f"x\"y'); {hostile_db.payload}; --"[:60]
    doc = _document({"tables": ["public.items"], "comment": f"it's'); {hostile_db.payload}; --"})
    doc["schemas"]["public"]["tables"][odd] = {"columns": {odd: "integer", "id": "integer"}}
    doc["publications"][odd] = {"tables": [{"table": f"public.{odd}", "columns": [odd]}]}
    hostile_db.stored(doc)
    published = "SELECT pubname, tablename, attnames FROM pg_publication_tables ORDER BY 1"
    assert sql(hostile_db.pg_url, hostile_db.dbname, published) == [
        ("feed", "items", ["id", "v", "email"]),
        (odd, odd, [odd]),
    ]
    comment = "SELECT obj_description(oid, 'pg_publication') FROM pg_publication WHERE pubname = 'feed'"
    assert sql(hostile_db.pg_url, hostile_db.dbname, comment) == [(f"it's'); {hostile_db.payload}; --",)]


# (the publication, where the error points, what it says)
REFUSED = [
    ({"tables": [{"table": "public.items", "where": "true) OR ({payload}"}]}, "tables.0", "row filters"),
    ({"tables": ["public.items); {payload}; --"]}, "tables.0", "not a table this file declares"),
    ({"tables": ["other.victim"]}, "tables.0", "not a table this file declares"),
    (
        {"tables": [{"table": "public.items", "columns": ["id); DROP TABLE other.victim; --"]}]},
        "tables.0.columns",
        "no column",
    ),
    ({"schemas": ["other"]}, "schemas.0", "not a declared schema"),
    ({"publish": ["insert'); {payload}; --"]}, "publish.0", "insert"),
    ({"all_tables": True, "tables": ["public.items"]}, "feed", "lists no tables or schemas"),
    ({"tables": ["public.items", "public.items"]}, "feed", "twice"),
]


def _with_payload(value: Any, payload: str) -> Any:
    if isinstance(value, str):
        return value.replace("{payload}", payload)
    if isinstance(value, list):
        return [_with_payload(v, payload) for v in value]
    if isinstance(value, dict):
        return {k: _with_payload(v, payload) for k, v in value.items()}
    return value


@pytest.mark.parametrize(("publication", "where", "message"), REFUSED, ids=[str(i) for i in range(len(REFUSED))])
def test_publication_fields_that_leave_their_slot_are_refused_before_anything_runs(
    hostile_db: HostileDb, publication: dict[str, Any], where: str, message: str
) -> None:
    doc = _document(_with_payload(publication, hostile_db.payload))
    path = "publications.feed" if where == "feed" else f"publications.feed.{where}"
    hostile_db.refused(doc, [path, message])
