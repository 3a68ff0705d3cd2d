"""Hostile text in SQL/MED declarations: names and option names are identifiers, option values, types and versions
string literals, handlers and validators qualified names; what leaves its slot is refused before anything runs."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import sql
from tests.postgres.hostile import HostileDb, base_state


def _document(
    wrapper: dict[str, Any] | None = None, server: dict[str, Any] | None = None, table: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The base state with a wrapper without validator (it takes any option), a server on it and a foreign table."""
    doc = base_state()
    doc["foreign_data_wrappers"] = {"loose": wrapper or {}}
    doc["servers"] = {"sink": {"foreign_data_wrapper": "loose", **(server or {})}}
    doc["schemas"]["public"]["tables"]["remote"] = {
        "foreign": {"server": "sink"},
        "columns": {"id": "integer"},
        **(table or {}),
    }
    return doc


def test_option_names_and_values_holding_a_payload_are_stored_as_written(hostile_db: HostileDb) -> None:
    text = f"it's'); {hostile_db.payload}; --"
    name = f"a\"b'); {hostile_db.payload}; --"[:60]
    doc = _document(
        wrapper={"options": {name: text}},
        server={"type": text, "version": text, "options": {name: text}, "user_mappings": {"public": {}}},
        table={
            "foreign": {"server": "sink", "options": {name: text}},
            "columns": {"id": {"type": "integer", "foreign_options": {name: text}}},
        },
    )
    doc["servers"][f"srv'); {hostile_db.payload}; --"[:60]] = {"foreign_data_wrapper": "loose"}
    hostile_db.stored(doc)
    expected = [f"{name}={text}"]
    url, db = hostile_db.pg_url, hostile_db.dbname
    assert sql(url, db, "SELECT fdwoptions FROM pg_foreign_data_wrapper WHERE fdwname = 'loose'") == [(expected,)]
    assert sql(url, db, "SELECT srvtype, srvversion, srvoptions FROM pg_foreign_server WHERE srvname = 'sink'") == [
        (text, text, expected)
    ]
    assert sql(url, db, "SELECT ftoptions FROM pg_foreign_table WHERE ftrelid = 'public.remote'::regclass") == [
        (expected,)
    ]
    assert sql(
        url, db, "SELECT attfdwoptions FROM pg_attribute WHERE attrelid = 'public.remote'::regclass AND attnum = 1"
    ) == [(expected,)]


# (where in the document, the hostile value, what the message says)
REFUSED = [
    (("foreign_data_wrappers", "loose", "handler"), "public.h(); {payload}; --", "should match pattern"),
    (("foreign_data_wrappers", "loose", "validator"), "postgres_fdw_validator", "should match pattern"),
    (("foreign_data_wrappers", "loose", "options"), {"a=b": "x"}, "'=' cannot be in a name"),
    (("foreign_data_wrappers", "loose", "options"), {"password": "${env:X}"}, "is a secret"),
    (("servers", "sink", "options"), {"password": "{payload}"}, "write it as ${env:NAME}"),
    (("servers", "sink", "options"), {"host": "\x00{payload}"}, "NUL"),
    (("servers", "sink", "type"), "x\x00{payload}", "NUL"),
    (("servers", "sink", "user_mappings", "public", "options"), {"user": "${env:U}"}, "only secret options"),
    (("servers", "sink", "grants"), {"public": ["usage ON SERVER sink TO PUBLIC; {payload}; --"]}, "Input should be"),
    (
        ("foreign_data_wrappers", "loose", "grants"),
        {"public": {"privileges": ["usage"], "with_grant_option": ["{payload}"]}},
        "Input should be",
    ),
    (("foreign_data_wrappers", "loose", "grants"), {"public": ["select"]}, "have only the usage privilege"),
    (("servers", "sink", "grants"), {"public": ["usage", "execute"]}, "have only the usage privilege"),
]


def _with_payload(value: Any, payload: str) -> Any:
    """`value` with every `{payload}` in its strings replaced."""
    if isinstance(value, dict):
        return {k: _with_payload(v, payload) for k, v in value.items()}
    if isinstance(value, list):
        return [_with_payload(v, payload) for v in value]
    return value.replace("{payload}", payload) if isinstance(value, str) else value


@pytest.mark.parametrize(("path", "value", "message"), REFUSED, ids=[f"{c[0][0]}-{i}" for i, c in enumerate(REFUSED)])
def test_sql_med_fields_that_leave_their_slot_are_refused_before_anything_runs(
    hostile_db: HostileDb, path: tuple[str, ...], value: Any, message: str
) -> None:
    doc = _document()
    target = doc
    for key in path[:-1]:
        target = target.setdefault(key, {})
    target[path[-1]] = _with_payload(value, hostile_db.payload)
    hostile_db.refused(doc, [".".join(path), message])


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("primary_key", ["id"]),
        ("indexes", {"remote_id": ["id"]}),
        ("options", {"fillfactor": 70}),
        ("policies", {"p": {"using": "true"}}),
    ],
)
def test_what_a_foreign_table_cannot_have_is_refused(hostile_db: HostileDb, field: str, value: Any) -> None:
    hostile_db.refused(_document(table={field: value}), ["schemas.public.tables.remote", "a foreign table cannot have"])


def test_column_options_on_a_plain_table_are_refused(hostile_db: HostileDb) -> None:
    doc = base_state()
    doc["schemas"]["public"]["tables"]["items"]["columns"]["v"] = {"type": "integer", "foreign_options": {"a": "b"}}
    hostile_db.refused(doc, ["schemas.public.tables.items", "foreign_options are a foreign table's"])
