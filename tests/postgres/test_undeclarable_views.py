"""Tables of an undeclarable type, and the views and rules reading them, however deep the chain of views.

The undeclarable query walks from such tables to the views that read them (and on to views reading those), never
from every managed relation: this pins the rows that walk must give.
"""

from __future__ import annotations

import psycopg

from reconciler.postgres.inspector import query
from tests.conftest import sql

# A base type made from text's own I/O functions: state files cannot create it, so a table using it is undeclarable.
DDL = """
CREATE TYPE mytext;
CREATE FUNCTION mytext_in(cstring) RETURNS mytext AS 'textin' LANGUAGE internal STRICT IMMUTABLE;
CREATE FUNCTION mytext_out(mytext) RETURNS cstring AS 'textout' LANGUAGE internal STRICT IMMUTABLE;
CREATE TYPE mytext (INPUT = mytext_in, OUTPUT = mytext_out, LIKE = text);
CREATE TABLE odd (id int, v mytext);
CREATE TABLE fine (id int);
CREATE VIEW v1 AS SELECT id FROM odd;
CREATE VIEW v2 AS SELECT v1.id FROM v1 JOIN fine USING (id);
CREATE MATERIALIZED VIEW m3 AS SELECT id FROM v2;
CREATE VIEW plain AS SELECT id FROM fine;
CREATE SCHEMA other;
CREATE VIEW other.elsewhere AS SELECT id FROM public.v1;
"""


def test_chain_of_views_over_an_undeclarable_table(pg_url: str, dbname: str) -> None:
    sql(pg_url, "postgres", f'CREATE DATABASE "{dbname}"')
    sql(pg_url, dbname, DDL)
    with psycopg.connect(pg_url + dbname) as conn:
        rows = conn.execute(query("undeclarable"), {"schemas": ["public"], "extensions": [], "public_like": []})
        found = {(r[0], r[2], r[3]) for r in rows.fetchall() if "reading" in r[0]}
    assert found == {
        ("view reading an undeclarable table", "public.v1", "odd"),
        ("view reading an undeclarable table", "public.v2", "v1"),
        ("materialized view reading an undeclarable table", "public.m3", "v2"),
    }


RULES_DDL = """
CREATE RULE odd_keep AS ON DELETE TO odd DO INSTEAD NOTHING;
CREATE RULE v1_keep AS ON DELETE TO v1 DO INSTEAD NOTHING;
CREATE RULE copy_to_odd AS ON INSERT TO fine DO ALSO INSERT INTO odd (id) VALUES (NEW.id);
CREATE RULE fine_keep AS ON DELETE TO fine DO INSTEAD NOTHING;
CREATE RULE plain_reads_v1 AS ON DELETE TO plain DO INSTEAD DELETE FROM fine WHERE id IN (SELECT id FROM v1);
COMMENT ON RULE odd_keep ON odd IS 'not declarable with its table';
COMMENT ON RULE fine_keep ON fine IS 'declared with its table';
"""


def test_rules_are_declared_unless_their_relation_or_what_they_name_is_not(pg_url: str, dbname: str) -> None:
    """A rule of a declarable table or view is declared with it; of an undeclarable one, reported; naming one, kept."""
    sql(pg_url, "postgres", f'CREATE DATABASE "{dbname}"')
    sql(pg_url, dbname, DDL + RULES_DDL)
    with psycopg.connect(pg_url + dbname) as conn:
        params = {"schemas": ["public"], "extensions": [], "public_like": []}
        rows = conn.execute(query("undeclarable"), params).fetchall()
    found = {(r[0], r[2], r[3], r[7]) for r in rows if "rule" in r[0] or "reading" in r[0]}
    comments = {(r[2], r[3]) for r in rows if r[0] == "comment"}
    assert found == {
        # A rule of `plain` naming v1 does not make `plain` a view reading an undeclarable table.
        ("view reading an undeclarable table", "public.v1", "odd", "exclude"),
        ("view reading an undeclarable table", "public.v2", "v1", "exclude"),
        ("materialized view reading an undeclarable table", "public.m3", "v2", "exclude"),
        ("rule", "public.odd: odd_keep", None, "report"),
        ("rule", "public.v1: v1_keep", None, "report"),
        ("rule reading an undeclarable table", "public.fine: copy_to_odd", "odd", "exclude"),
        ("rule reading an undeclarable table", "public.plain: plain_reads_v1", "v1", "exclude"),
    }
    assert comments == {("rule odd_keep on public.odd", "not declarable with its table")}


TABLES_DDL = """
CREATE TABLE odd_parent (id int, v mytext) PARTITION BY RANGE (id);
CREATE TABLE odd_part PARTITION OF odd_parent FOR VALUES FROM (0) TO (10);
CREATE TABLE odd_child (z int, w mytext[]) INHERITS (odd);
ALTER TABLE fine ADD COLUMN later mytext;
ALTER TABLE fine DROP COLUMN later;
CREATE TABLE other.uses_it (v public.mytext);
CREATE TYPE other.fine_enum AS ENUM ('a');
CREATE TABLE other.fine_too (e other.fine_enum, r int4range);
"""


def test_tables_holding_a_column_of_an_undeclarable_type(pg_url: str, dbname: str) -> None:
    """A base type's columns, of it or its array, a partition's and a child's; a dropped one no longer counts."""
    sql(pg_url, "postgres", f'CREATE DATABASE "{dbname}"')
    sql(pg_url, dbname, DDL + TABLES_DDL)
    with psycopg.connect(pg_url + dbname) as conn:
        params = {"schemas": ["public", "other"], "extensions": [], "public_like": []}
        rows = conn.execute(query("undeclarable"), params).fetchall()
    assert {(r[2], r[3]) for r in rows if r[0] == "table with a column of an undeclarable type"} == {
        ("public.odd", "v mytext"),
        ("public.odd_parent", "v mytext"),
        ("public.odd_part", "v mytext"),
        ("public.odd_child", "v mytext, w mytext[]"),
        ("other.uses_it", "v mytext"),
    }
    with psycopg.connect(pg_url + dbname) as conn:  # the type's schema unmanaged: its tables are declarable
        params = {"schemas": ["other"], "extensions": [], "public_like": []}
        rows = conn.execute(query("undeclarable"), params).fetchall()
    assert [r for r in rows if r[0] == "table with a column of an undeclarable type"] == []
