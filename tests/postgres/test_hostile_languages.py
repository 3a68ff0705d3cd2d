"""Hostile text in languages: handlers are schema-qualified names without brackets, built-in names, grants on an
untrusted language and privileges other than USAGE are refused, all before anything runs; a handler that parses
is only ever looked up (to_regprocedure), one that does not exist or returns the wrong type and a language an
extension brings are refused by the plan, and nothing runs. Every statement holds quote_ident's names."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import sql
from tests.postgres.hostile import HostileDb, base_state, with_payload, write_state

NAME = "lang_hostile"
USER_LANGUAGES = "SELECT count(*) FROM pg_language WHERE oid >= 16384"


def _language(**fields: Any) -> dict[str, Any]:
    return {"trusted": True, "handler": "pg_catalog.plpgsql_call_handler", **fields}


def _document(language: dict[str, Any] | None = None, name: str = NAME) -> dict[str, Any]:
    doc = base_state()
    doc["languages"] = {name: language if language is not None else _language()}
    return doc


# (the declaration's fields with {payload}, the field the error names, what the message says)
REFUSED = [
    ({"handler": "pg_catalog.plpgsql_call_handler; {payload}; --"}, "handler", "String should"),
    ({"handler": "pg_catalog.plpgsql_call_handler()"}, "handler", "String should"),
    ({"handler": "plpgsql_call_handler"}, "handler", "String should"),
    ({"inline": 'pg_catalog."x"; {payload}; --'}, "inline", "String should"),
    ({"validator": "pg_catalog.plpgsql_validator(oid); {payload}"}, "validator", "String should"),
    ({"trusted": "yes; {payload}"}, "trusted", "valid boolean"),
    ({"grants": {"public": ["select"]}}, "grants", "only the usage privilege"),
    ({"trusted": False, "grants": {"public": []}}, NAME, "untrusted language"),
    ({"options": "{payload}"}, "options", "unknown field"),
]


@pytest.mark.parametrize(("fields", "field", "message"), REFUSED, ids=[f"{r[1]}-{i}" for i, r in enumerate(REFUSED)])
def test_language_fields_that_leave_their_slot_are_refused_before_anything_runs(
    hostile_db: HostileDb, fields: dict[str, Any], field: str, message: str
) -> None:
    doc = _document(with_payload(_language(**fields), hostile_db.payload))
    hostile_db.refused(doc, [f"languages.{NAME}", field, message])


@pytest.mark.parametrize("name", ["sql", "c", "internal", "x" * 64])
def test_a_built_in_or_too_long_name_is_refused_before_anything_runs(hostile_db: HostileDb, name: str) -> None:
    expected = "63-byte identifier limit" if len(name) > 63 else "built-in languages"
    hostile_db.refused(_document(name=name), ["languages", expected])


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"handler": "pg_catalog.plpgsql_validator"}, "handler", "does not exist"),  # takes an oid
        ({"handler": "pg_catalog.now"}, "handler", "does not return language_handler"),
        ({"inline": "public.nothing_here"}, "inline", "does not exist"),
        (
            {"validator": 'pg_catalog."plpgsql_validator(oid); DROP TABLE other.victim; --"'},
            "validator",
            "does not exist",
        ),
    ],
)
def test_a_handler_that_is_not_one_is_refused_by_the_plan_and_nothing_runs(
    hostile_db: HostileDb, fields: dict[str, Any], field: str, message: str
) -> None:
    """It parses as one function name, so validate passes; the plan looks it up and runs nothing."""
    path = write_state(hostile_db.state, _document(with_payload(_language(**fields), hostile_db.payload)))
    assert hostile_db.cli("validate", "--state", hostile_db.state.root) == 0, hostile_db.cli.err
    for command in (["plan"], ["apply", "--auto-approve"]):
        assert hostile_db.cli(*command, "--state", hostile_db.state.root) == 1
        err = hostile_db.cli.err
        assert f"postgres/{path.name}:" in err and f"languages.{NAME}.{field}" in err, err
        assert message in err and "Traceback" not in err, err
    hostile_db.untouched()
    assert sql(hostile_db.pg_url, hostile_db.dbname, USER_LANGUAGES) == [(0,)]


def test_an_extensions_language_is_refused_by_the_plan(hostile_db: HostileDb) -> None:
    write_state(hostile_db.state, _document(name="plpgsql"))
    assert hostile_db.cli("plan", "--state", hostile_db.state.root) == 1
    err = hostile_db.cli.err
    assert "languages.plpgsql" in err and "is an extension's: declare the extension" in err, err
    hostile_db.untouched()


def test_a_name_and_a_comment_holding_a_payload_are_stored_as_written(hostile_db: HostileDb) -> None:
    odd = f"x\"y'); {hostile_db.payload}; --"[:60]
    comment = f"it's'); {hostile_db.payload}; --"
    doc = _document(_language(comment=comment, grants={"public": []}), name=odd)
    hostile_db.stored(doc)
    stored = sql(
        hostile_db.pg_url,
        hostile_db.dbname,
        "SELECT lanname, lanpltrusted, lanplcallfoid::regproc::text, obj_description(oid, 'pg_language'), "
        "lanacl::text[] FROM pg_language WHERE oid >= 16384",
    )
    assert stored == [(odd, True, "plpgsql_call_handler", comment, ["postgres=U/postgres"])]  # PUBLIC's USAGE gone
