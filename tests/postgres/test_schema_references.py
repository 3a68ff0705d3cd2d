"""Qualified names in a state file's SQL point at the throwaway schemas while the plan normalizes (pure)."""

from __future__ import annotations

import pytest

from reconciler.postgres.materialize_sources import SourcedStatement
from reconciler.postgres.schema_references import declared_names, readdress, to_physical
from reconciler.postgres.spec.database import DatabaseSpec

SPEC = DatabaseSpec.model_validate(
    {
        "database": "app",
        "schemas": {
            "public": {
                "tables": {
                    "items": {"columns": {"id": "serial", "name": "text"}},
                    "Odd Name": {"columns": {"x": "int"}},
                },
                "sequences": {"s": {}},
                "functions": {"score": {"arguments": "i int", "returns": "int", "body": "SELECT i", "language": "sql"}},
            },
            "billing": {"tables": {"invoices": {"columns": {"id": "int"}}}},
        },
    }
)
PHYSICAL = {"public": "shadow_0", "billing": "shadow_1"}
NAMES = declared_names(SPEC)


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        ("SELECT id FROM public.items", "SELECT id FROM shadow_0.items"),
        (
            "SELECT i.id FROM Public.ITEMS i JOIN billing.invoices b ON b.id = i.id",
            "SELECT i.id FROM shadow_0.ITEMS i JOIN shadow_1.invoices b ON b.id = i.id",
        ),
        ('SELECT x FROM "public"."Odd Name"', 'SELECT x FROM shadow_0."Odd Name"'),
        ("nextval('public.items_id_seq'::regclass)", "nextval('shadow_0.items_id_seq'::regclass)"),
        ("nextval('public.s')", "nextval('shadow_0.s')"),
        ("nextval('public.s'::text::regclass)", "nextval('shadow_0.s'::text::regclass)"),
        ("public.score(1) + public._items_seq_nope(2)", "shadow_0.score(1) + public._items_seq_nope(2)"),
        ("'x'::public._items", "'x'::shadow_0._items"),
        # A declared schema's own name cast to regnamespace names the schema.
        (
            "SELECT 'billing'::regnamespace, 'PUBLIC'::RegNamespace::oid",
            "SELECT 'shadow_1'::regnamespace, 'shadow_0'::RegNamespace::oid",
        ),
    ],
)
def test_declared_qualified_names_move_to_the_throwaway_schema(sql: str, expected: str) -> None:
    assert to_physical(sql, NAMES, PHYSICAL)[0] == expected


@pytest.mark.parametrize(
    "sql",
    [
        "public.gen_random_uuid()",  # an extension's function in the real public: not declared there
        "SELECT items.public FROM public2.items",  # a column named like a schema, a schema not declared
        "SELECT t.items.id FROM x t",  # not in a schema's place
        "$$ SELECT * FROM public.items $$",  # a function body: checked only when it runs
        "'it''s public.items'",  # a string that is no qualified name
        "'public.items is here'",
        "other.items",
        # Constants that spell a declared name but are values: a comment, enum labels, a routine's setting, an
        # aggregate's initial state, options, a partition bound, one cast to a type other than a reg* one.
        "COMMENT ON TABLE x IS 'billing.invoices'",
        "CREATE TYPE e AS ENUM ('public.items', 'billing.invoices')",
        "ALTER TYPE e ADD VALUE 'billing.invoices' BEFORE 'public.items'",
        "ALTER TYPE e RENAME VALUE 'public.items' TO 'billing.invoices'",
        "CREATE FUNCTION f() RETURNS int LANGUAGE sql SET search_path = 'public.items' AS 'SELECT 1'",
        "CREATE AGGREGATE a(int) (SFUNC = int4pl, STYPE = text, INITCOND = 'public.items')",
        "CREATE FOREIGN TABLE t (c int OPTIONS (column_name 'public.items')) SERVER s OPTIONS (table 'public.s')",
        "CREATE TABLE p PARTITION OF q FOR VALUES IN ('public.items', 'billing.invoices')",
        "SELECT 'public.items'::text",
        # Schema names that are values, or name no declared schema.
        "SELECT 'billing'::text, 'billing'::name, 'pg_catalog'::regnamespace, '\"Billing\"'::regnamespace",
        "COMMENT ON SCHEMA billing IS 'billing'",
    ],
)
def test_other_names_and_text_stay_as_written(sql: str) -> None:
    assert to_physical(sql, NAMES, PHYSICAL) == (sql, [])


def test_located_parts_keep_pointing_at_their_columns() -> None:
    """An error PostgreSQL reports at a position of the rewritten text is still found in the right column."""
    sql = "CREATE TABLE shadow_1.t (a int DEFAULT nextval('public.s'), b int DEFAULT billing.f())"
    b_at = sql.index("b int")
    statement = SourcedStatement(sql, ("t",), ((sql.index("a int"), ("t", "a")), (b_at, ("t", "b"))))
    (moved,) = readdress([statement], NAMES, PHYSICAL)
    assert "nextval('shadow_0.s')" in moved.sql
    assert moved.path_at(moved.sql.index("b int") + 1) == ("t", "b")
    assert moved.path_at(moved.sql.index("a int") + 1) == ("t", "a")


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        # A LANGUAGE sql body: references spelled as quote_ident spells the schema, in names and regclass literals.
        (
            "CREATE FUNCTION shadow_1.f() RETURNS bigint LANGUAGE sql AS $$SELECT count(*) FROM billing.invoices$$",
            "CREATE FUNCTION shadow_1.f() RETURNS bigint LANGUAGE sql AS $$SELECT count(*) FROM shadow_1.invoices$$",
        ),
        (
            "CREATE OR REPLACE FUNCTION f() RETURNS oid LANGUAGE SQL AS $b$SELECT 'billing.invoices'::regclass$b$",
            "CREATE OR REPLACE FUNCTION f() RETURNS oid LANGUAGE SQL AS $b$SELECT 'shadow_1.invoices'::regclass$b$",
        ),
        # Other spellings stay: the inspector maps only the canonical one back, and bodies compare as written.
        (
            "CREATE FUNCTION f() RETURNS bigint LANGUAGE sql AS $$SELECT count(*) FROM BILLING.invoices$$",
            "CREATE FUNCTION f() RETURNS bigint LANGUAGE sql AS $$SELECT count(*) FROM BILLING.invoices$$",
        ),
        (
            "CREATE FUNCTION f() RETURNS text LANGUAGE sql AS $$SELECT 'Billing.invoices'$$",
            "CREATE FUNCTION f() RETURNS text LANGUAGE sql AS $$SELECT 'Billing.invoices'$$",
        ),
        # Other languages' bodies are not inlined where the trial would read them: left alone.
        (
            "CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$BEGIN RETURN (SELECT 1 FROM billing.invoices);END$$",
            "CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$BEGIN RETURN (SELECT 1 FROM billing.invoices);END$$",
        ),
        # A dollar-quoted string that is no routine's body is a value.
        ("SELECT $$billing.invoices$$", "SELECT $$billing.invoices$$"),
    ],
)
def test_a_sql_routines_string_body_points_at_the_throwaway_schemas(sql: str, expected: str) -> None:
    assert to_physical(sql, NAMES, PHYSICAL)[0] == expected


ODD_SPEC = DatabaseSpec.model_validate(
    {
        "database": "app",
        "schemas": {
            name: {"tables": {"t": {"columns": {"id": "serial"}}}}
            for name in ("public", "App", 'we"ird', "Ärger", "İstanbul")
        },
    }
)
ODD_PHYSICAL = {name: f"shadow_{i}" for i, name in enumerate(ODD_SPEC.schemas)}


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT id FROM PUBLIC.t",
        'SELECT id FROM "App".t',
        "SELECT id FROM app.t",  # folds to `app`: no declared schema, stays
        'SELECT id FROM "we""ird".t',
        'SELECT nextval(\'"we""ird".t_id_seq\')',
        'SELECT id FROM "Ärger".t, ärger.t',
        'SELECT id FROM "İstanbul".t',
        "SELECT 1",
    ],
)
def test_statements_are_skipped_only_when_they_name_no_declared_schema(sql: str) -> None:
    """readdress leaves a statement unlexed when no declared schema's spelling is in it: never one to_physical
    would rewrite."""
    (moved,) = readdress([SourcedStatement(sql, ())], declared_names(ODD_SPEC), ODD_PHYSICAL)
    assert moved.sql == to_physical(sql, declared_names(ODD_SPEC), ODD_PHYSICAL)[0]
