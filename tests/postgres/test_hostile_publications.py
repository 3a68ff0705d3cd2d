"""Hostile text in publications: names are identifiers and comments string literals, stored as written; a table,
column or schema is only ever one the file declares, and a row filter is one expression, all checked before
anything runs. A filter that is one expression goes to the plan's trial only, where PostgreSQL refuses anything
but columns, constants and immutable built-in functions: no subquery, no function with an effect."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import sql
from tests.postgres.hostile import HostileDb, base_state, with_payload, write_state


def _document(publication: dict[str, Any]) -> dict[str, Any]:
    doc = base_state()
    doc["publications"] = {"feed": publication}
    return doc


def test_a_payload_inside_a_row_filter_string_is_stored_as_written(hostile_db: HostileDb) -> None:
    quoted = hostile_db.payload.replace("'", "''")
    where = f"email <> '); {quoted}; --'"
    hostile_db.stored(_document({"tables": [{"table": "public.items", "columns": ["id", "email"], "where": where}]}))
    published = "SELECT rowfilter FROM pg_publication_tables"
    assert sql(hostile_db.pg_url, hostile_db.dbname, published) == [(f"(email <> '); {quoted}; --'::text)",)]


# One expression each, but not one a publication may filter by: PostgreSQL refuses them in the trial.
REFUSED_BY_THE_SERVER = [
    "(SELECT count(*) FROM other.victim) = 0",
    "pg_terminate_backend(pg_backend_pid())",
    "v > random()",
]


@pytest.mark.parametrize("where", REFUSED_BY_THE_SERVER)
def test_a_row_filter_postgresql_refuses_names_its_field_and_changes_nothing(hostile_db: HostileDb, where: str) -> None:
    write_state(hostile_db.state, _document({"tables": [{"table": "public.items", "where": where}]}))
    for command in (["plan"], ["apply", "--auto-approve", "--allow-destructive"]):
        assert hostile_db.cli(*command, "--state", hostile_db.state.root) == 1, hostile_db.cli.out
        assert "publications.feed.tables.0.where: PostgreSQL rejects this" in hostile_db.cli.err
        assert "invalid publication WHERE expression" in hostile_db.cli.err
        assert "Traceback" not in hostile_db.cli.out + hostile_db.cli.err
    hostile_db.untouched()
    assert sql(hostile_db.pg_url, hostile_db.dbname, "SELECT count(*) FROM pg_publication") == [(0,)]


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
    ({"tables": [{"table": "public.items", "where": "true) OR (v > 0"}]}, "tables.0.where", "did not open"),
    ({"tables": [{"table": "public.items", "where": "v > 0); {payload}; SELECT (1"}]}, "tables.0.where", "';'"),
    ({"tables": [{"table": "public.items", "where": "v > 0 -- {payload}"}]}, "tables.0.where", "comments"),
    ({"tables": [{"table": "public.items", "where": "v > 0, v < 9"}]}, "tables.0.where", "a ',' outside brackets"),
    ({"tables": [{"table": "public.items", "where": "v > 'x{payload}"}]}, "tables.0.where", "not closed"),
    ({"tables": [{"table": "public.items", "where": ""}]}, "tables.0.where", "at least 1 character"),
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


@pytest.mark.parametrize(("publication", "where", "message"), REFUSED, ids=[str(i) for i in range(len(REFUSED))])
def test_publication_fields_that_leave_their_slot_are_refused_before_anything_runs(
    hostile_db: HostileDb, publication: dict[str, Any], where: str, message: str
) -> None:
    doc = _document(with_payload(publication, hostile_db.payload))
    path = "publications.feed" if where == "feed" else f"publications.feed.{where}"
    hostile_db.refused(doc, [path, message])
