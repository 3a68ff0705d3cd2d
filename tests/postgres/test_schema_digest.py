"""The live database's digest (executor.live_digest): what apply compares with the plan's under its lock.

A digest that changes while the schema does not makes apply refuse a good plan; one that stays the same while the
schema changed lets an outdated plan run. These tests check that it follows the schema, not the order catalog
rows come in (a row an ALTER rewrites moves behind the others, and reloptions or grants an ALTER rewrote come
back in another order), nor the process's string hashing; and that a plan takes it only for a database it
changes. A tenant schema's digest (differ/addresses.schema_digest) is checked object by object.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator

import psycopg
import pytest

from reconciler.backend import ApplyOptions
from reconciler.errors import ReconcileError
from reconciler.postgres import executor, live_inspection
from reconciler.postgres.backend import PostgresBackend
from reconciler.postgres.differ.addresses import schema_digest
from reconciler.postgres.executor import LIVE_DIGEST
from reconciler.postgres.inspector import inspect_database
from reconciler.postgres.model import Column, Database, ObjectPrivileges, Table
from reconciler.runner import Selection, apply_plan, make_plan
from tests.conftest import Cli, StateDir, sql
from tests.postgres.states import ITEMS

# Several of each member kind per table, overloaded functions and grants to several roles: the mappings whose
# order the digest sees.
SCHEMA = """
CREATE ROLE digest_reader;
CREATE ROLE digest_writer;
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE DOMAIN positive AS integer CONSTRAINT above_zero CHECK (VALUE > 0) CONSTRAINT below_max CHECK (VALUE < 1000);
CREATE TYPE pair AS (a integer, b text);
CREATE TYPE span AS RANGE (subtype = integer);
CREATE SEQUENCE counter START 5 INCREMENT 2;
CREATE TABLE items (
    id integer PRIMARY KEY,
    code text UNIQUE,
    alias text CONSTRAINT alias_unique UNIQUE,
    qty positive,
    feel mood DEFAULT 'ok',
    note text CHECK (note <> ''),
    size integer CONSTRAINT size_small CHECK (size < 10) CONSTRAINT size_positive CHECK (size > 0)
) WITH (fillfactor = 80, autovacuum_enabled = false);
CREATE TABLE lines (
    id integer PRIMARY KEY,
    item integer REFERENCES items,
    other integer CONSTRAINT lines_other_fkey REFERENCES items (id),
    at timestamptz
);
CREATE INDEX lines_item ON lines (item);
CREATE INDEX lines_at ON lines (at DESC);
CREATE INDEX lines_both ON lines (item, other) WHERE other IS NOT NULL;
CREATE STATISTICS lines_stats ON item, other FROM lines;
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;
CREATE TRIGGER a_touch BEFORE UPDATE ON lines FOR EACH ROW EXECUTE FUNCTION touch();
CREATE TRIGGER b_touch BEFORE INSERT ON lines FOR EACH ROW EXECUTE FUNCTION touch();
CREATE FUNCTION twice(integer) RETURNS integer LANGUAGE sql IMMUTABLE SET search_path = public SET work_mem = '8MB'
    AS 'SELECT $1 * 2';
CREATE FUNCTION twice(text) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT $1 || $1';
CREATE FUNCTION twice(integer, integer) RETURNS integer LANGUAGE sql AS 'SELECT $1 * $2';
ALTER TABLE lines ENABLE ROW LEVEL SECURITY;
CREATE POLICY own ON lines USING (item > 0);
CREATE POLICY other ON lines FOR INSERT WITH CHECK (other > 0);
CREATE RULE no_delete AS ON DELETE TO items WHERE old.id < 0 DO INSTEAD NOTHING;
CREATE VIEW item_codes AS SELECT id, code FROM items;
COMMENT ON COLUMN item_codes.code IS 'the code';
COMMENT ON COLUMN item_codes.id IS 'the id';
CREATE MATERIALIZED VIEW item_count AS SELECT count(*) AS n FROM items;
GRANT SELECT, INSERT ON items TO digest_reader;
GRANT SELECT ON items TO digest_writer WITH GRANT OPTION;
GRANT UPDATE (note, qty) ON items TO digest_writer;
GRANT EXECUTE ON FUNCTION twice(integer) TO digest_reader, digest_writer;
ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO digest_reader, digest_writer;
CREATE AGGREGATE total(integer) (SFUNC = int4pl, STYPE = integer, INITCOND = '0');
CREATE OPERATOR ## (LEFTARG = integer, RIGHTARG = integer, FUNCTION = int4pl);
CREATE COLLATION exact (provider = icu, locale = 'und-u-ks-level3', deterministic = false);
CREATE TEXT SEARCH CONFIGURATION plain (COPY = pg_catalog.simple);
COMMENT ON SCHEMA public IS 'the schema';
DO $$ BEGIN
    EXECUTE format('ALTER DATABASE %I SET work_mem = %L', current_database(), '8MB');
    EXECUTE format('ALTER DATABASE %I SET statement_timeout = %L', current_database(), '1min');
    EXECUTE format('ALTER ROLE digest_reader IN DATABASE %I SET work_mem = %L', current_database(), '4MB');
END $$;
"""

# Statements that leave every object as it was but rewrite its catalog rows, which moves them behind the others.
REWRITES = """
ALTER TABLE items SET (fillfactor = 70); ALTER TABLE items SET (fillfactor = 80);
ALTER TABLE items ALTER COLUMN id SET STATISTICS 50; ALTER TABLE items ALTER COLUMN id SET STATISTICS -1;
ALTER TABLE items ALTER COLUMN code SET STATISTICS 50; ALTER TABLE items ALTER COLUMN code SET STATISTICS -1;
ALTER TABLE items RENAME CONSTRAINT size_small TO size_tmp; ALTER TABLE items RENAME CONSTRAINT size_tmp TO size_small;
ALTER TABLE items RENAME CONSTRAINT items_code_key TO code_tmp;
ALTER TABLE items RENAME CONSTRAINT code_tmp TO items_code_key;
ALTER DOMAIN positive RENAME CONSTRAINT above_zero TO tmp; ALTER DOMAIN positive RENAME CONSTRAINT tmp TO above_zero;
ALTER INDEX lines_item SET (fillfactor = 70); ALTER INDEX lines_item RESET (fillfactor);
ALTER TRIGGER a_touch ON lines RENAME TO tmp; ALTER TRIGGER tmp ON lines RENAME TO a_touch;
ALTER POLICY own ON lines RENAME TO tmp; ALTER POLICY tmp ON lines RENAME TO own;
ALTER FUNCTION twice(integer) COST 50; ALTER FUNCTION twice(integer) COST 100;
ALTER FUNCTION twice(text) COST 50; ALTER FUNCTION twice(text) COST 100;
REVOKE SELECT ON items FROM digest_reader; GRANT SELECT ON items TO digest_reader;
ALTER FUNCTION twice(integer) RESET work_mem; ALTER FUNCTION twice(integer) SET work_mem = '8MB';
COMMENT ON COLUMN item_codes.id IS NULL; COMMENT ON COLUMN item_codes.id IS 'the id';
ALTER AGGREGATE total(integer) OWNER TO digest_reader; ALTER AGGREGATE total(integer) OWNER TO CURRENT_USER;
COMMENT ON SCHEMA public IS NULL; COMMENT ON SCHEMA public IS 'the schema';
DO $$ BEGIN
    EXECUTE format('ALTER DATABASE %I RESET work_mem', current_database());
    EXECUTE format('ALTER DATABASE %I SET work_mem = %L', current_database(), '8MB');
END $$;
ANALYZE;
"""

_CHILD = """
import json, sys
import psycopg
from reconciler.postgres.executor import live_digest
from reconciler.postgres.inspector import inspect_database
with psycopg.connect(sys.argv[1]) as conn:
    print(live_digest(inspect_database(conn, sys.argv[2], ["public"])))
"""


@pytest.fixture
def database(pg_url: str, dbname: str) -> Iterator[str]:
    """The database, with roles of its own (roles are the cluster's)."""
    sql(pg_url, "postgres", f'CREATE DATABASE "{dbname}"')
    yield dbname
    sql(pg_url, "postgres", f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
    sql(pg_url, "postgres", f"DROP ROLE IF EXISTS {dbname}_reader; DROP ROLE IF EXISTS {dbname}_writer")


def _own_roles(statements: str, database: str) -> str:
    return statements.replace("digest_reader", f"{database}_reader").replace("digest_writer", f"{database}_writer")


def _digest(url: str, name: str) -> str:
    with psycopg.connect(url) as conn:
        return executor.live_digest(inspect_database(conn, name, ["public"]))


def _digest_in_process(url: str, name: str, hash_seed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, url, name], env=env, capture_output=True, text=True, check=True, timeout=120
    )
    return done.stdout.strip()


def test_the_digest_follows_the_schema_not_row_order_or_string_hashing(pg_url: str, database: str) -> None:
    url = pg_url + database
    sql(pg_url, database, _own_roles(SCHEMA, database))
    before = _digest(url, database)
    assert _digest_in_process(url, database, "1") == before
    assert _digest_in_process(url, database, "2") == before
    sql(pg_url, database, _own_roles(REWRITES, database))
    assert _digest(url, database) == before
    assert _digest_in_process(url, database, "3") == before
    # A change to any member of a table is seen, and to a database-wide object or setting.
    sql(pg_url, database, "ALTER TABLE lines ALTER COLUMN at TYPE timestamp")
    changed = _digest(url, database)
    assert changed != before
    sql(pg_url, database, f'ALTER ROLE "{database}_reader" IN DATABASE "{database}" SET work_mem = \'2MB\'')
    assert _digest(url, database) != changed


def test_the_digest_sees_each_object_and_member_and_not_the_order_objects_were_added() -> None:
    def db(*tables: Table, grants: dict[str, ObjectPrivileges] | None = None) -> Database:
        return Database(name="app", tables={f"public.{t.name}": t for t in tables}, privileges=grants or {})

    def table(name: str, type_: str = "integer") -> Table:
        return Table(schema_name="public", name=name, columns={"id": Column(name="id", type=type_)})

    base = schema_digest(db(table("a"), table("b")))
    assert schema_digest(db(table("b"), table("a"))) == base
    assert schema_digest(db(table("a"), table("b", "bigint"))) != base
    assert schema_digest(db(table("a"))) != base
    granted = ObjectPrivileges(kind="table", schema_name="public", name="a", grants={"reader": {"SELECT": False}})
    assert schema_digest(db(table("a"), table("b"), grants={"table.public.a": granted})) != base


def test_a_plan_takes_the_digest_only_of_a_database_it_changes_and_apply_checks_it(
    cli: Cli, state: StateDir, pg_url: str, monkeypatch: pytest.MonkeyPatch, reinspections: list[str]
) -> None:
    state.write(ITEMS)
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    taken: list[str] = []
    real = executor.live_digest

    def counted(live: Database) -> str:
        taken.append(live.name)
        return real(live)

    monkeypatch.setattr(live_inspection, "live_digest", counted)
    unchanged = make_plan(Selection(state.root))
    assert unchanged.changes == [] and taken == []
    assert LIVE_DIGEST not in unchanged.contexts[f"postgres:{state.dbname}"]

    state.write(ITEMS + "          note: text\n")
    plan = make_plan(Selection(state.root))
    assert taken == []  # only shown so far (plan, drift): worked out when the plan is saved, printed or applied
    assert LIVE_DIGEST not in PostgresBackend(state.root).plan(state.root).contexts[f"postgres:{state.dbname}"]
    assert json.loads(plan.to_json())["contexts"][f"postgres:{state.dbname}"][LIVE_DIGEST]
    assert taken == [state.dbname]
    assert plan.contexts[f"postgres:{state.dbname}"][LIVE_DIGEST] == [real(_inspected(pg_url, state.dbname))]
    # A commit since the plan proves nothing: apply inspects again, finds the same digest, applies.
    sql(pg_url, state.dbname, "CREATE TABLE passing (id int); DROP TABLE passing")
    assert apply_plan(plan, Selection(state.root), ApplyOptions()).applied
    assert reinspections == [state.dbname]


def _inspected(pg_url: str, database: str) -> Database:
    with psycopg.connect(pg_url + database) as conn:
        return inspect_database(conn, database, ["public"])


def test_a_backend_plan_applied_without_its_digest_is_refused(cli: Cli, state: StateDir, pg_url: str) -> None:
    """The digest is worked out when needed (BackendPlan.settled_contexts): a caller handing apply the contexts as
    planned would skip apply's check that nothing changed since, so nothing runs."""
    state.write(ITEMS)
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    state.write(ITEMS + "          note: text\n")
    backend = PostgresBackend(state.root)
    planned = backend.plan(state.root)
    with pytest.raises(ReconcileError, match="no digest of the live schema"):
        backend.apply(planned.changes, planned.contexts, ApplyOptions())
    columns = "SELECT attname FROM pg_attribute WHERE attrelid = 'items'::regclass AND attname = 'note'"
    assert sql(pg_url, state.dbname, columns) == []
    assert backend.apply(planned.changes, planned.settled_contexts(), ApplyOptions()).applied
