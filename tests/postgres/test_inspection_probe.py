"""Inspection leaves out the queries of kinds a database does not hold (queries/present.sql), and reads the same.

A false test there must mean the kind's query finds nothing: on a database holding one of every kind the
probe leaves out, each test is true and each query finds rows; on a database holding only a table, each
test is false; and both read the same model as running every query. The same holds for the parts of
undeclarable.sql and dependencies.sql that a test keeps (`--{ flag` ... `--}`, inspector.query): each part
finds rows on the first database, and leaving it out there loses them.
"""

from __future__ import annotations

from typing import Any

import psycopg
import pytest
from psycopg.rows import dict_row

from devtools.sql_pairs import drop_subscriptions
from reconciler.postgres import inspector
from reconciler.postgres.inspector import QUERY_KINDS, inspect_database, query
from tests.conftest import sql

EVERY_KIND = """
CREATE TYPE mood AS ENUM ('happy', 'sad');
CREATE FUNCTION add2(int, int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT $1 + $2';
CREATE DOMAIN positive AS int CHECK (add2(VALUE, 0) > 0);
CREATE TYPE pair AS (a int, b int, m mood);
CREATE TYPE span AS RANGE (subtype = int4);
CREATE COLLATION exact (provider = icu, locale = 'und-u-ks-level3', deterministic = false);
CREATE AGGREGATE total(int) (sfunc = add2, stype = int, initcond = '0');
CREATE OPERATOR ## (leftarg = int, rightarg = int, function = add2);
CREATE TEXT SEARCH DICTIONARY words (TEMPLATE = pg_catalog.simple);
CREATE TEXT SEARCH CONFIGURATION plain (COPY = pg_catalog.simple);
ALTER TEXT SEARCH CONFIGURATION plain ALTER MAPPING FOR asciiword WITH words;
CREATE OPERATOR CLASS int_hash_ops FOR TYPE int USING hash AS OPERATOR 1 =, FUNCTION 1 hashint4(int);
CREATE TABLE items (id int PRIMARY KEY, a int, b int, m mood, p positive, r span, t text COLLATE exact);
CREATE INDEX items_a ON items USING hash (a int_hash_ops);
CREATE POLICY own ON items USING (id > 0);
CREATE RULE no_delete AS ON DELETE TO items DO INSTEAD UPDATE items SET a = add2(a, 0) WHERE id = old.id;
CREATE STATISTICS items_ab ON a, b, add2(a, b) FROM items;
CREATE MATERIALIZED VIEW totals AS SELECT count(*) AS n FROM items;
CREATE FOREIGN DATA WRAPPER files;
CREATE SERVER archive FOREIGN DATA WRAPPER files;
CREATE USER MAPPING FOR PUBLIC SERVER archive;
CREATE PUBLICATION items_out FOR TABLE items;
CREATE SUBSCRIPTION items_in CONNECTION 'host=localhost dbname=postgres' PUBLICATION items_out
  WITH (connect = false, slot_name = NONE);
CREATE FUNCTION as_text(pair) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT $1.a::text';
CREATE CAST (pair AS text) WITH FUNCTION as_text(pair);
CREATE FUNCTION on_ddl() RETURNS event_trigger LANGUAGE plpgsql AS 'BEGIN END';
CREATE EVENT TRIGGER quiet ON ddl_command_end EXECUTE FUNCTION on_ddl();
CREATE FUNCTION rows_handler(internal) RETURNS table_am_handler
    LANGUAGE internal STRICT PARALLEL SAFE AS $$heap_tableam_handler$$;
CREATE ACCESS METHOD stored_rows TYPE TABLE HANDLER rows_handler;
CREATE TRUSTED LANGUAGE plsample HANDLER plpgsql_call_handler;
CREATE TYPE reserved;
CREATE TYPE nothing_yet AS ENUM ();
CREATE FUNCTION mytext_in(cstring) RETURNS mytext AS 'textin' LANGUAGE internal STRICT IMMUTABLE;
CREATE FUNCTION mytext_out(mytext) RETURNS cstring AS 'textout' LANGUAGE internal STRICT IMMUTABLE;
CREATE TYPE mytext (INPUT = mytext_in, OUTPUT = mytext_out, LIKE = text);
REVOKE USAGE ON TYPE mytext FROM PUBLIC;
CREATE TABLE notes (id int, body mytext);
CREATE RULE no_notes AS ON DELETE TO notes DO INSTEAD NOTHING;
CREATE OPERATOR FAMILY lonely USING hash;
CREATE FUNCTION hash_mood(mood) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT hashtext($1::text)';
ALTER OPERATOR FAMILY lonely USING hash ADD FUNCTION 1 hash_mood(mood);
CREATE SCHEMA elsewhere;
CREATE OPERATOR FAMILY elsewhere.far USING btree;
CREATE OPERATOR CLASS far_ops FOR TYPE int8 USING btree FAMILY elsewhere.far AS
    OPERATOR 1 <, OPERATOR 3 =, OPERATOR 5 >, FUNCTION 1 btint8cmp(int8, int8);
CREATE ACCESS METHOD my_btree TYPE INDEX HANDLER bthandler;
CREATE CONVERSION latin_to_utf8 FOR 'LATIN1' TO 'UTF8' FROM iso8859_1_to_utf8;
CREATE TRANSFORM FOR int LANGUAGE sql (
    FROM SQL WITH FUNCTION prsd_lextype(internal), TO SQL WITH FUNCTION int4recv(internal));
CREATE SEQUENCE tickets;
CREATE VIEW item_ids AS SELECT id FROM items;
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
CREATE TRIGGER touched BEFORE UPDATE ON items FOR EACH ROW EXECUTE FUNCTION touch();
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO PUBLIC;
DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET work_mem = %L', current_database(), '8MB'); END $$;
"""


# Parts no database here can reach: a collation of PostgreSQL's own `default` provider, a materialized view in a
# tablespace (a tablespace is a folder of the server's).
UNREACHABLE_PARTS = {("undeclarable", frozenset({"collations"})), ("undeclarable", frozenset({"materialized_views"}))}
QUERIES_WITH_PARTS = ("undeclarable", "dependencies")


def _present(conn: psycopg.Connection[Any]) -> dict[str, bool]:
    params = {"schemas": ["public"], "extensions": [], "public_like": []}
    with conn.cursor(row_factory=dict_row) as cur:
        row = cur.execute(query("present"), params).fetchone()
        assert row is not None
        return dict(row)


def _rows(conn: psycopg.Connection[Any], kind: str, present: dict[str, bool] | None = None) -> int:
    conn.execute("SELECT set_config('search_path', 'public', false)")
    params = {"schemas": ["public"], "extensions": [], "public_like": []}
    return len(conn.execute(query(kind, present), params).fetchall())


def _both_ways(url: str, dbname: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The model read with the probe equals the one read running every query."""
    with psycopg.connect(url + dbname) as conn:
        probed = inspect_database(conn, dbname, ["public"])
    every = query
    monkeypatch.setattr(inspector, "query", lambda kind, present=None: "SELECT" if kind == "present" else every(kind))
    with psycopg.connect(url + dbname) as conn:
        unprobed = inspect_database(conn, dbname, ["public"])
    assert probed.model_dump(mode="json") == unprobed.model_dump(mode="json")


def test_every_kind_left_out_is_tested_and_found(pg_url: str, dbname: str, monkeypatch: pytest.MonkeyPatch) -> None:
    sql(pg_url, "postgres", f'CREATE DATABASE "{dbname}"')
    sql(pg_url, dbname, EVERY_KIND)
    try:
        with psycopg.connect(pg_url + dbname) as conn:
            present = _present(conn)
            parts = {(kind, flags) for kind in QUERIES_WITH_PARTS for flags in inspector.parts(kind)}
            kinds = [kind for kind in present if kind in QUERY_KINDS]
            assert set(present) == set(kinds) | {flag for _, flags in parts for flag in flags}
            assert all(present.values()), present
            assert {kind: _rows(conn, kind) > 0 for kind in kinds} == dict.fromkeys(kinds, True)
            # Each part finds rows here: without it, its query finds fewer.
            lost = {(k, fs) for k, fs in parts if _rows(conn, k, dict.fromkeys(fs, False)) < _rows(conn, k)}
            assert lost == {(k, fs) for k, fs in parts if (k, fs) not in UNREACHABLE_PARTS}
        _both_ways(pg_url, dbname, monkeypatch)
    finally:
        sql(pg_url, dbname, "DROP EVENT TRIGGER quiet")  # database-wide: it would fire on the drop
        drop_subscriptions(pg_url, dbname)


def test_a_database_of_one_table_runs_only_the_queries_it_needs(
    pg_url: str, dbname: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    sql(pg_url, "postgres", f'CREATE DATABASE "{dbname}"')
    sql(pg_url, dbname, "CREATE TABLE items (id int PRIMARY KEY, a int)")
    with psycopg.connect(pg_url + dbname) as conn:
        present = _present(conn)
    assert not any(present.values()), present
    stats = inspector.InspectionStats()
    with psycopg.connect(pg_url + dbname) as conn:
        inspect_database(conn, dbname, ["public"], stats=stats)
    # The search_path and the probe, then the kinds it did not rule out.
    left_out = [kind for kind in present if kind in QUERY_KINDS]
    assert (stats.queries, stats.round_trips) == (2 + len(QUERY_KINDS) - len(left_out), 3)
    _both_ways(pg_url, dbname, monkeypatch)
