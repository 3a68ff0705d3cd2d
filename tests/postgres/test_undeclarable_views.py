"""Views reading a table of an undeclarable type are found through the table, however deep the chain of views.

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
