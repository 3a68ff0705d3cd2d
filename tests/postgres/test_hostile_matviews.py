"""Hostile SQL text in materialized views and view details: refused at its file, line and field; nothing runs.

The fixture and checks are test_hostile.py's: a table in an undeclared
schema, every statement logged, a marker file a payload would create.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.postgres.hostile import HostileDb, base_state


def _with_matview(doc: dict[str, Any]) -> dict[str, Any]:
    """The base state plus a materialized view with an index, and an INSTEAD OF trigger on its view."""
    public = doc["schemas"]["public"]
    public["functions"]["emails_insert"] = {
        "returns": "trigger",
        "body": "BEGIN INSERT INTO items (email) VALUES (NEW.email); RETURN NEW; END;",
    }
    public["views"]["item_emails"]["triggers"] = {
        "item_emails_insert": {"timing": "instead of", "events": ["insert"], "function": "emails_insert"}
    }
    public["materialized_views"] = {
        "email_counts": {
            "query": "SELECT email, count(*) AS n FROM items GROUP BY email",
            "indexes": {"email_counts_email": {"columns": ["email"]}},
            "grants": {"public": ["select"]},
            "column_comments": {"n": "How many items carry the email"},
            "column_settings": {"n": {"statistics": 10}},
            "statistics": {"email_counts_stats": {"columns": ["email", "n"], "comment": "emails by count"}},
        }
    }
    return public  # type: ignore[no-any-return]


def _matview(doc: dict[str, Any]) -> dict[str, Any]:
    return _with_matview(doc)["materialized_views"]["email_counts"]  # type: ignore[no-any-return]


def _index(doc: dict[str, Any]) -> dict[str, Any]:
    return _matview(doc)["indexes"]["email_counts_email"]  # type: ignore[no-any-return]


def _statistics(doc: dict[str, Any]) -> dict[str, Any]:
    return _matview(doc)["statistics"]["email_counts_stats"]  # type: ignore[no-any-return]


def _trigger(doc: dict[str, Any]) -> dict[str, Any]:
    return _with_matview(doc)["views"]["item_emails"]["triggers"]["item_emails_insert"]  # type: ignore[no-any-return]


def _same_statistics_name(doc: dict[str, Any]) -> None:
    """A table's statistics object and the materialized view's, both kept in public under one name."""
    _matview(doc)["statistics"]["items_stats"] = {"columns": ["email", "n"]}
    doc["schemas"]["public"]["tables"]["items"]["statistics"] = {"items_stats": ["id", "email"]}


Mutation = Callable[[dict[str, Any], str], None]

# (field below schemas.public, how to write the payload there, what the message says)
REFUSED: list[tuple[str, Mutation, str]] = [
    (
        "materialized_views.email_counts.query",
        lambda d, p: _matview(d).update(query=f"SELECT 1 AS n; {p}"),
        "';' ends a statement",
    ),
    (
        "materialized_views.email_counts.query",
        lambda d, p: _matview(d).update(query="DELETE FROM other.victim RETURNING *"),
        "must start with SELECT",
    ),
    (
        "materialized_views.email_counts.query",
        lambda d, p: _matview(d).update(query=f"SELECT 1 AS n WITH NO DATA; {p}; --"),
        "';' ends a statement",
    ),
    (
        "materialized_views.email_counts.indexes.email_counts_email.columns.0",
        lambda d, p: _index(d).update(columns=[f"email); {p}; --"]),
        "comments are not allowed",
    ),
    (
        "materialized_views.email_counts.indexes.email_counts_email.where",
        lambda d, p: _index(d).update(where=f"true) ; {p}; SELECT (1"),
        "';' ends a statement",
    ),
    (
        "materialized_views.email_counts.indexes.email_counts_email.method",
        lambda d, p: _index(d).update(method="btree (email); DROP TABLE other.victim; --"),
        "not a plain index",
    ),
    (
        "materialized_views.email_counts.storage.fillfactor",
        lambda d, p: _matview(d).update(storage={"fillfactor": "70) AS SELECT 1; DROP TABLE other.victim; --"}),
        "should match pattern",
    ),
    (
        "materialized_views.email_counts.storage",
        lambda d, p: _matview(d).update(storage={"fillfactor=1) AS SELECT 1; DROP TABLE other.victim; --": 1}),
        "should match pattern",
    ),
    (
        "materialized_views.email_counts.statistics.email_counts_stats.columns.0",
        lambda d, p: _statistics(d).update(columns=[f"email) FROM email_counts; {p}; --"]),
        "comments are not allowed",
    ),
    (
        "materialized_views.email_counts.statistics.email_counts_stats.schema",
        lambda d, p: _statistics(d).update(schema='public"; DROP TABLE other.victim; --'),
        "DROP TABLE other.victim; --' is not declared in this file",
    ),
    (
        "materialized_views.email_counts.statistics.email_counts_stats.schema",
        lambda d, p: _statistics(d).update(schema="other"),
        "schema 'other' is not declared in this file",
    ),
    (
        "materialized_views.email_counts.statistics.items_stats",
        lambda d, p: _same_statistics_name(d),
        "statistics name 'items_stats' in schema 'public' is already used by schemas.public.tables.items",
    ),
    (
        "views.item_emails.triggers.item_emails_insert.when",
        lambda d, p: _trigger(d).update(when=f"true) EXECUTE FUNCTION evil(); {p}; --"),
        "comments are not allowed",
    ),
    (
        "views.item_emails.check_option",
        lambda d, p: _with_matview(d)["views"]["item_emails"].update(check_option=f"local); {p}; --"),
        "local",
    ),
    (
        "materialized_views.email_counts.column_settings.n.storage",
        lambda d, p: _matview(d).update(column_settings={"n": {"storage": f"main; {p}; --"}}),
        "Input should be",
    ),
    (
        "materialized_views.email_counts.column_settings.n.compression",
        lambda d, p: _matview(d).update(column_settings={"n": {"compression": f"lz4; {p}; --"}}),
        "Input should be",
    ),
    (
        "materialized_views.email_counts.column_settings.n.options",
        lambda d, p: _matview(d).update(column_settings={"n": {"options": {f"n_distinct = 1); {p}; --": 1}}}),
        "Input should be",
    ),
    (
        "views.item_emails.security_barrier",
        lambda d, p: _with_matview(d)["views"]["item_emails"].update(security_barrier=f"on) AS SELECT 1; {p}; --"),
        "Input should be",
    ),
]


@pytest.mark.parametrize(("field", "mutate", "message"), REFUSED, ids=[f"{c[0]}-{i}" for i, c in enumerate(REFUSED)])
def test_sql_text_in_materialized_views_and_view_details_is_refused_before_anything_runs(
    hostile_db: HostileDb, field: str, mutate: Mutation, message: str
) -> None:
    doc = base_state()
    mutate(doc, hostile_db.payload)
    hostile_db.refused(doc, [f"schemas.public.{field}", message])


def test_the_declared_materialized_view_and_view_trigger_apply_and_converge(hostile_db: HostileDb) -> None:
    """The base these payloads are written into is itself a valid state: it applies and converges."""
    doc = base_state()
    _with_matview(doc)
    hostile_db.stored(doc)
