"""Hostile SQL text in exclusion constraints, storage parameters, replica identities and identities runs nothing.

The same guarantees as test_hostile.py, for the fields this file format gained with them: each payload
tries to end its slot and run statements of its own; validate, plan and apply exit 1 naming the file,
field and reason, and the server shows that nothing ran.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.postgres.hostile import HostileDb, base_state

_EXCLUDE = ("tables", "items", "exclude", 0)

# (field below schemas.public, text with {payload}, what the message says)
REFUSED: list[tuple[tuple[str | int, ...], str, str]] = [
    ((*_EXCLUDE, "elements", 0), "id WITH =) ; {payload}; --", "comments are not allowed"),
    ((*_EXCLUDE, "elements", 0), "id WITH = ); {payload}; SELECT (1", "';' ends a statement"),
    ((*_EXCLUDE, "elements", 0), "id WITH =, email WITH =", "one index column per entry"),
    ((*_EXCLUDE, "elements", 0), "id WITH = OR true", "after WITH comes one operator"),
    ((*_EXCLUDE, "elements", 0), "id WITH = ) WHERE (true", "closes a bracket it did not open"),
    ((*_EXCLUDE, "elements", 0), "id", "an exclusion element is"),
    ((*_EXCLUDE, "where"), "true) ; {payload}; SELECT (1", "';' ends a statement"),
    ((*_EXCLUDE, "where"), "id > 0, id < 9", "a ',' outside brackets"),
    ((*_EXCLUDE, "using"), "gist (id WITH =); {payload}; --", "not a plain index method"),
    (("tables", "items", "options", "fillfactor=10); {payload}; --"), "10", "String should"),
    (("tables", "items", "indexes", "items_email", "with", "fillfactor) {payload}"), "10", "String should"),
    (("tables", "items", "replica_identity"), "full; {payload}", "should match pattern"),
    (("tables", "items", "replica_identity"), "index items_pkey; {payload}", "no unique index or key"),
    (("tables", "items", "columns", "n", "identity", "unlogged"), "true; {payload}", "valid boolean"),
]


def _mutate(doc: dict[str, Any], field: tuple[str | int, ...], text: str) -> None:
    """Write `text` at `field` below schemas.public (a key of a mapping may carry the payload too)."""
    table = doc["schemas"]["public"]["tables"]["items"]
    table["exclude"] = [{"elements": ["id WITH ="]}]
    node: Any = doc["schemas"]["public"]
    for key in field[:-1]:
        node = node.setdefault(key, {}) if isinstance(key, str) else node[key]
    node[field[-1]] = text


@pytest.mark.parametrize(
    ("field", "template", "message"), REFUSED, ids=[f"{c[0][-2]}.{i}" for i, c in enumerate(REFUSED)]
)
def test_constraint_and_option_text_that_leaves_its_slot_is_refused(
    hostile_db: HostileDb, field: tuple[str | int, ...], template: str, message: str
) -> None:
    payload = hostile_db.payload
    doc = base_state()
    field = tuple(part.format(payload=payload) if isinstance(part, str) else part for part in field)
    _mutate(doc, field, template.format(payload=payload))
    hostile_db.refused(doc, [message])


# (the foreign key's on_delete and on_delete_columns, what the message says)
SET_COLUMNS_REFUSED: list[tuple[str, list[str], str]] = [
    ("set null", ["v); {payload}; --"], "identifier limit"),
    ("set null", ['v"); DROP TABLE items; --'], "is not one of the key's columns"),
    ("set null", ["email"], "'email', which is not one of the key's columns"),
    ("cascade", ["v"], "on_delete_columns needs on_delete: set null or set default"),
    ("set default", [], "List should have at least 1 item"),
]


@pytest.mark.parametrize(("action", "columns", "message"), SET_COLUMNS_REFUSED)
def test_foreign_key_set_columns_outside_the_key_are_refused(
    hostile_db: HostileDb, action: str, columns: list[str], message: str
) -> None:
    doc = base_state()
    table = doc["schemas"]["public"]["tables"]["items"]
    table["columns"]["parent_id"] = {"type": "integer"}
    table["unique"] = [["id", "v"]]
    table["foreign_keys"] = [
        {
            "columns": ["parent_id", "v"],
            "references": {"table": "items", "columns": ["id", "v"]},
            "on_delete": action,
            "on_delete_columns": [c.format(payload=hostile_db.payload) for c in columns],
        }
    ]
    hostile_db.refused(doc, [message])
