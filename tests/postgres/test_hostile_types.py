"""Hostile SQL text in domains, composite types, range types and shell types: refused before anything runs.

The same payloads and checks as test_hostile.py (hostile.py says how nothing
running is proven), aimed at the new text fields: a domain's base type,
default and checks, a composite type's attribute types, and a range's
subtype, operator class and function names.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import Cli, StateDir, sql
from tests.postgres.hostile import HostileDb, base_state, dotted, set_at, with_payload


def typed_state() -> dict[str, Any]:
    doc = base_state()
    public = doc["schemas"]["public"]
    public["domains"] = {"positive": {"type": "integer", "default": 1, "checks": ["VALUE > 0"]}}
    public["composite_types"] = {"pair": {"attributes": {"a": "integer", "b": "text"}}}
    public["ranges"] = {"floatrange": {"subtype": "float8", "subtype_diff": "float8mi"}}
    return doc


# (field below schemas.public, text with {payload}, what the message says)
REFUSED: list[tuple[tuple[str | int, ...], str, str]] = [
    (("domains", "positive", "type"), "integer; {payload}", "';' ends a statement"),
    (("domains", "positive", "type"), "integer CHECK (false)", "is not one type name"),
    (("domains", "positive", "default"), "1; {payload}", "';' ends a statement"),
    (("domains", "positive", "default"), "1) NOT NULL CHECK (false", "closes a bracket it did not open"),
    (("domains", "positive", "checks", 0), "VALUE > 0); {payload}; SELECT (1", "';' ends a statement"),
    (("domains", "positive", "checks", 0), "VALUE > 0 -- {payload}", "comments are not allowed"),
    (("composite_types", "pair", "attributes", "a"), "integer); {payload}; CREATE TYPE x AS (y int", "';' ends"),
    (("composite_types", "pair", "attributes", "a"), "integer, evil integer", "has no place in it"),
    (("ranges", "floatrange", "subtype"), "float8); {payload}; SELECT (1", "';' ends a statement"),
    (("ranges", "floatrange", "subtype"), "float8, CANONICAL = evil", "has no place in it"),
    (("ranges", "floatrange", "subtype_diff"), "float8mi); {payload}", "is not a name or schema.name"),
    (("ranges", "floatrange", "subtype_diff"), "float8mi, CANONICAL = evil", "is not a name or schema.name"),
    (("ranges", "floatrange", "canonical"), "a.b.c", "is not a name or schema.name"),
    (("ranges", "floatrange", "subtype_opclass"), "float8_ops) ; {payload}", "operator class"),
]


@pytest.mark.parametrize(
    ("field", "template", "message"), REFUSED, ids=[f"{c[0][0]}.{c[0][-1]}-{i}" for i, c in enumerate(REFUSED)]
)
def test_type_sql_text_that_leaves_its_slot_is_refused_before_anything_runs(
    hostile_db: HostileDb, field: tuple[str | int, ...], template: str, message: str
) -> None:
    doc = typed_state()
    at = ("composite_types", "pair", "attributes", field[-1]) if field[0] == "composite_types" else field
    set_at(at)(template)(doc, hostile_db.payload)
    hostile_db.refused(doc, [dotted(field), message])


def test_the_typed_state_itself_applies(cli: Cli, state: StateDir) -> None:
    """The state the payloads go into is valid: what fails above fails for the payload alone."""
    state.write(_write_text(typed_state()))
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 0, cli.out + cli.err


def _write_text(doc: dict[str, Any]) -> str:
    import yaml

    return yaml.safe_dump(doc, sort_keys=False)


@pytest.mark.parametrize(
    ("declaration", "message"),
    [
        ("x; {payload}", "valid dictionary"),  # a shell type is null or a mapping: no text of its own
        ({"comment": "c", "definition": "(INPUT = {payload})"}, "unknown field"),
        ({"owner": "x; {payload}"}, "identifier"),
    ],
)
def test_a_shell_type_takes_only_a_comment_and_an_owner_before_anything_runs(
    hostile_db: HostileDb, declaration: Any, message: str
) -> None:
    doc = base_state()
    doc["schemas"]["public"]["shell_types"] = {"reserved": with_payload(declaration, hostile_db.payload)}
    hostile_db.refused(doc, [dotted(("shell_types", "reserved")), message])


def test_a_shell_types_name_and_comment_holding_a_payload_are_stored_as_written(hostile_db: HostileDb) -> None:
    odd = f"x\"y'); {hostile_db.payload}; --"[:60]
    comment = f"it's'); {hostile_db.payload}; --"
    doc = base_state()
    doc["schemas"]["public"]["shell_types"] = {odd: {"comment": comment}, "plain": None}
    hostile_db.stored(doc)
    stored = sql(
        hostile_db.pg_url,
        hostile_db.dbname,
        "SELECT typname, obj_description(oid, 'pg_type') FROM pg_type "
        "WHERE typnamespace = 'public'::regnamespace AND typtype = 'p' AND NOT typisdefined ORDER BY 1",
    )
    assert stored == sorted([(odd, comment), ("plain", None)])


def test_collation_references_holding_a_payload_are_stored_as_written(hostile_db: HostileDb) -> None:
    # Two collations of one odd name, in public and in another schema: the column, domain, attribute and range
    # that name the second one bare would get public's, so they name its schema, which also holds the payload.
    odd = f"x\"y'); {hostile_db.payload}; --"[:60]
    other = f's"); {hostile_db.payload}'[:60]
    doc = base_state()
    public = doc["schemas"]["public"]
    public["collations"] = {odd: {"provider": "icu", "locale": "und"}}
    doc["schemas"][other] = {
        "collations": {odd: {"provider": "icu", "locale": "und-u-ks-level2", "deterministic": False}}
    }
    qualified = {"schema": other, "name": odd}
    public["tables"]["items"]["columns"]["email"] = {"type": "text", "collation": qualified}
    public["tables"]["items"]["columns"]["note"] = {"type": "text", "collation": odd}
    public["domains"] = {"email_d": {"type": "text", "collation": qualified}}
    public["composite_types"] = {"pair": {"attributes": {"a": {"type": "text", "collation": qualified}}}}
    public["ranges"] = {"textrange": {"subtype": "text", "collation": qualified}}
    hostile_db.stored(doc)
    stored = sql(
        hostile_db.pg_url,
        hostile_db.dbname,
        "SELECT a.attname, n.nspname, l.collname FROM pg_attribute a JOIN pg_collation l ON l.oid = a.attcollation "
        "JOIN pg_namespace n ON n.oid = l.collnamespace WHERE a.attrelid = 'public.items'::regclass AND a.attnum > 0 "
        "AND a.attcollation <> 100 ORDER BY 1",
    )
    assert stored == [("email", other, odd), ("note", "public", odd)]
    [(domain, attribute, rng)] = sql(
        hostile_db.pg_url,
        hostile_db.dbname,
        "SELECT (SELECT typcollation FROM pg_type WHERE oid = 'public.email_d'::regtype), "
        "(SELECT attcollation FROM pg_attribute WHERE attrelid = 'public.pair'::regclass AND attname = 'a'), "
        "(SELECT rngcollation FROM pg_range WHERE rngtypid = 'public.textrange'::regtype)",
    )
    [(wanted,)] = sql(
        hostile_db.pg_url,
        hostile_db.dbname,
        "SELECT l.oid FROM pg_collation l JOIN pg_namespace n ON n.oid = l.collnamespace "
        "WHERE n.nspname NOT IN ('public', 'pg_catalog')",
    )
    assert domain == attribute == rng == wanted


def test_a_qualified_collation_without_its_name_is_refused(hostile_db: HostileDb) -> None:
    doc = base_state()
    doc["schemas"]["public"]["tables"]["items"]["columns"]["email"] = {"type": "text", "collation": {"schema": "x"}}
    hostile_db.refused(doc, ["tables.items.columns.email.collation"])


def test_a_collation_from_the_model_reaches_sql_only_as_a_name() -> None:
    # The model holds regcollation's text; a signed cache entry forged with the code's own key could hold anything.
    from reconciler.postgres.collations import collation_name_sql

    assert [collation_name_sql(v) for v in ("ci", '"C"', 'app."Ci"')] == ["ci", '"C"', 'app."Ci"']
    assert collation_name_sql("ci; DROP TABLE other.victim; --") == '"ci; DROP TABLE other.victim; --"'
    assert collation_name_sql('a"b') == '"a""b"'
