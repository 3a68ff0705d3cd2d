"""Hostile rule conditions and commands: SQL text from a pull request runs nothing the plan does not show.

The same payloads and checks as test_hostile.py, in the fields rules add:
`where` is one expression (fragments.check_expression) and each entry of
`actions` one command (fragments.check_rule_action), so neither can end its
slot in `CREATE RULE ... WHERE (...) DO ... (a; b)`. A command stored in a
rule runs only when a later write fires the rule, never while planning or
applying.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import sql
from tests.postgres.hostile import HostileDb, base_state, items_table

_USER_RULES = "SELECT count(*) FROM pg_rewrite WHERE rulename <> '_RETURN' AND ev_class = 'public.items'::regclass"


def with_rule(doc: dict[str, Any], **fields: Any) -> dict[str, Any]:
    items_table(doc)["rules"] = {"items_rule": {"event": "delete", "instead": True, **fields}}
    return doc


REFUSED: list[tuple[str, Any, str]] = [
    ("where", "true) DO INSTEAD NOTHING; {payload}; SELECT (1", "';' ends a statement"),
    ("where", "true) DO ALSO ({payload}) --", "comments are not allowed"),
    ("where", "v > 0, v < 10", "a ',' outside brackets"),
    ("where", "v > 'unterminated", "string constant is not closed"),
    ("actions", ["SELECT 1); {payload}; SELECT (1"], "';' ends a statement"),
    ("actions", ["NOTIFY items_gone) ; {payload} --"], "comments are not allowed"),
    ("actions", ["NOTIFY items_gone /* ); {payload} */"], "comments are not allowed"),
    ("actions", ["SELECT 1)"], "closes a bracket it did not open"),
    ("actions", ["SELECT (1"], "opens a bracket it does not close"),
    ("actions", ["SELECT $x$ never closed"], "quoted string is not closed"),
    ("actions", ["NOTIFY ok", "DROP TABLE other.victim"], "one SELECT, INSERT, UPDATE, DELETE or NOTIFY command"),
    ("actions", ["COPY (SELECT 1) TO PROGRAM 'true'"], "one SELECT, INSERT, UPDATE, DELETE or NOTIFY command"),
    ("actions", [""], "action is empty"),
]


def _payload(value: Any, payload: str) -> Any:
    return [v.format(payload=payload) for v in value] if isinstance(value, list) else value.format(payload=payload)


@pytest.mark.parametrize(("field", "template", "message"), REFUSED, ids=[f"{c[0]}-{i}" for i, c in enumerate(REFUSED)])
def test_rule_text_that_leaves_its_slot_is_refused_before_anything_runs(
    pg_url: str, dbname: str, hostile_db: HostileDb, field: str, template: Any, message: str
) -> None:
    doc = with_rule(base_state(), **{field: _payload(template, hostile_db.payload)})
    where = f"schemas.public.tables.items.rules.items_rule.{field}"
    if field == "actions":
        where += f".{len(template) - 1}"
    hostile_db.refused(doc, [where, message])
    assert sql(pg_url, dbname, _USER_RULES) == [(0,)]


def test_a_rule_named_like_a_views_own_is_refused(pg_url: str, dbname: str, hostile_db: HostileDb) -> None:
    doc = base_state()
    items_table(doc)["rules"] = {"_RETURN": {"event": "insert", "instead": True}}
    hostile_db.refused(doc, ["schemas.public.tables.items.rules._RETURN", "_RETURN is the ON SELECT rule"])
    assert sql(pg_url, dbname, _USER_RULES) == [(0,)]


def test_a_views_rule_cannot_be_disabled(pg_url: str, dbname: str, hostile_db: HostileDb) -> None:
    doc = base_state()
    doc["schemas"]["public"]["views"]["item_emails"]["rules"] = {"r": {"event": "insert", "enabled": False}}
    hostile_db.refused(doc, ["schemas.public.views.item_emails.rules.r.enabled"])


def test_a_payload_in_a_rules_strings_is_stored_as_written_and_runs_only_as_data(
    pg_url: str, dbname: str, hostile_db: HostileDb
) -> None:
    """The command lands in the catalog as written; apply never fires it, a later DELETE runs it as an INSERT."""
    payload = hostile_db.payload
    quoted = payload.replace("'", "''")
    action = f"INSERT INTO item_log (item_id, what) VALUES (OLD.id, '); {quoted}; --')"
    doc = with_rule(base_state(), where=f"OLD.email <> '); {quoted}; --'", actions=[action], comment=payload)
    doc["schemas"]["public"]["tables"]["item_log"] = {"columns": {"item_id": "integer", "what": "text"}}
    sql(pg_url, dbname, "INSERT INTO items (v, email) VALUES (1, 'a')")
    hostile_db.stored(doc)
    assert sql(pg_url, dbname, "SELECT count(*) FROM item_log") == [(0,)]  # apply fired nothing
    sql(pg_url, dbname, "DELETE FROM items")
    assert sql(pg_url, dbname, "SELECT what FROM item_log") == [(f"); {payload}; --",)]
    assert sql(pg_url, dbname, "SELECT email FROM items") == [("a",)]  # DO INSTEAD: the row stays
    comment = "SELECT obj_description(oid, 'pg_rewrite') FROM pg_rewrite WHERE rulename = 'items_rule'"
    assert sql(pg_url, dbname, comment) == [(payload,)]
    hostile_db.untouched()
