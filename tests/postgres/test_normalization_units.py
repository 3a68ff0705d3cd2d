"""Per-object normalization: recorded units give exactly what the whole trial gives, and only changes are re-normalized.

Each comparison normalizes the same state file twice on the same database:
once with the plain trial (normalize), once through the recorded units
(incremental_normalize), and requires the same desired model, fields the
dump leaves out included, and the same plan against the live database.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import zlib
from pathlib import Path
from typing import Any

import psycopg
import pytest
import yaml

from devtools.sql_pairs import drop_subscriptions, exported_secrets, find_pairs, psql
from reconciler.errors import StateIssue
from reconciler.postgres import normalization_cache, subscriptions
from reconciler.postgres.backend import LoadedDatabase, PostgresBackend, inspect_live, load_databases
from reconciler.postgres.connection import connect
from reconciler.postgres.differ import diff
from reconciler.postgres.incremental_normalize import CachedNormalization, normalize_with_cache
from reconciler.postgres.inspector import InspectionStats
from reconciler.postgres.model import Database
from reconciler.postgres.normalization_units import unit_keys
from reconciler.postgres.normalize import normalize
from reconciler.postgres.spec.database import DatabaseSpec
from tests.conftest import Cli, StateDir, sql

ROOT = Path(__file__).resolve().parents[2]

CHAIN = """
schemas:
  public:
    enums:
      mood: [happy, sad]
    functions:
      touch:
        returns: trigger
        body: "BEGIN NEW.changed_at := now(); RETURN NEW; END;"
    tables:
      accounts:
        columns:
          id: {type: bigserial, primary_key: true}
          email: {type: varchar(255), unique: true, nullable: false}
        grants:
          public: [select]
      orders:
        columns:
          id: {type: serial, primary_key: true}
          account_id: {type: bigint, references: accounts(id), nullable: false}
          state: {type: mood, default: "'happy'"}
          amount: {type: "numeric(12,2)", check: "amount >= 0"}
          changed_at: timestamptz
        indexes:
          orders_account_idx: {columns: [account_id], where: "state = 'sad'"}
        triggers:
          orders_touch: {timing: before, events: [update], function: touch}
      lines:
        columns:
          id: {type: serial, primary_key: true}
          order_id: {type: integer, references: orders(id), comment: "the order"}
          note: text
      audit:
        columns:
          at: {type: timestamptz, default: now()}
  billing:
    tables:
      invoices:
        columns:
          id: {type: serial, primary_key: true}
          account_id: {type: bigint, references: {schema: public, table: accounts, columns: [id]}}
"""


def loaded(root: Path) -> LoadedDatabase:
    [db] = load_databases(root)
    return db


def locator(db: LoadedDatabase) -> Any:
    def locate(path: tuple[str | int, ...], message: str) -> StateIssue:
        return db.source.issue(path, message)

    return locate


def canonical(desired: Database) -> str:
    """Everything normalization produced, fields the dump leaves out included, in order (undeclarable aside)."""
    document = normalization_cache._document(desired)
    if "undeclarable" in document:
        document["undeclarable"] = sorted(document["undeclarable"], key=json.dumps)
    document["name"] = desired.name
    return json.dumps(document)


def through_units(url: str, dbname: str, db: LoadedDatabase) -> tuple[CachedNormalization, InspectionStats, list[str]]:
    stats, notes = InspectionStats(), list[str]()
    with connect(url, dbname) as conn:
        result = normalize_with_cache(conn, conn, db.spec, locator(db), stats, notes)
    return result, stats, notes


def record(url: str, dbname: str, db: LoadedDatabase) -> None:
    """What apply's closing plan does once a database has converged: record every unit normalized."""
    result, _, _ = through_units(url, dbname, db)
    with connect(url, dbname) as conn:
        normalization_cache.write(conn, result.normalized, result.keys)


def assert_same_both_ways(url: str, dbname: str, db: LoadedDatabase) -> InspectionStats:
    """The desired model and the plan against the live database are the same with and without the units."""
    with connect(url, dbname) as conn:
        plain, _ = normalize(conn, db.spec, locator(db))
        live = inspect_live(conn, dbname, db.context())
    result, stats, notes = through_units(url, dbname, db)
    assert notes == []
    for desired in (plain, result.desired):  # as the plan has them: the trial reads the live ones (backend.py)
        subscriptions.with_declared(desired, db.spec)
    assert canonical(result.desired) == canonical(plain)
    with_units = [c.model_dump(mode="json") for c in diff(result.desired, live, online=db.spec.online)]

    assert with_units == [c.model_dump(mode="json") for c in diff(plain, live, online=db.spec.online)]
    return stats


@pytest.fixture
def chain(state: StateDir, cli: Cli, pg_url: str) -> StateDir:
    state.write(CHAIN)
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    assert sql(pg_url, state.dbname, "SELECT count(*) FROM _reconcile.normalized_units") == [(6,)]
    return state


def test_an_unchanged_state_is_joined_from_its_units_without_a_trial(chain: StateDir, pg_url: str) -> None:
    stats = assert_same_both_ways(pg_url, chain.dbname, loaded(chain.root))
    assert (stats.trial_tables, stats.cached_units) == (0, 6)


def test_an_edited_table_is_normalized_alone_with_a_bare_copy_of_what_it_references(
    chain: StateDir, pg_url: str
) -> None:
    chain.write(CHAIN.replace("note: text", "note: varchar(80)"))
    stats = assert_same_both_ways(pg_url, chain.dbname, loaded(chain.root))
    # lines, and orders (which its foreign key references) bare; the other 4 tables and the base from the cache.
    assert (stats.trial_tables, stats.cached_units) == (2, 5)


def test_a_table_referenced_by_others_is_renormalized_with_those_that_reference_it(
    chain: StateDir, pg_url: str
) -> None:
    chain.write(CHAIN.replace("email: {type: varchar(255)", "email: {type: varchar(300)"))
    stats = assert_same_both_ways(pg_url, chain.dbname, loaded(chain.root))
    # accounts, orders and invoices (their keys include what they reference) re-normalized; lines' support: orders.
    assert stats.cached_units == 3
    assert stats.trial_tables == 3


def test_a_new_and_a_dropped_table_plan_as_without_the_cache(chain: StateDir, pg_url: str) -> None:
    edited = CHAIN.replace("      audit:\n        columns:\n          at: {type: timestamptz, default: now()}\n", "")
    edited = edited.replace(
        "  billing:\n",
        "      refunds:\n        columns:\n          id: {type: serial, primary_key: true}\n"
        "          order_id: {type: integer, references: orders(id)}\n  billing:\n",
    )
    chain.write(edited)
    stats = assert_same_both_ways(pg_url, chain.dbname, loaded(chain.root))
    assert stats.trial_tables == 2  # refunds, and a bare orders


def test_units_recorded_under_another_database_name_plan_for_this_one(
    chain: StateDir, cli: Cli, pg_url: str, dbname: str
) -> None:
    """A database renamed (or copied from another) after its apply keeps its units: they serve its new name."""
    renamed = f"{dbname}_renamed"
    sql(pg_url, "postgres", f'ALTER DATABASE "{dbname}" RENAME TO "{renamed}"')
    try:
        moved = StateDir(chain.root.parent / "moved", renamed)
        moved.write(CHAIN)
        sql(pg_url, renamed, "ALTER TABLE public.lines DROP COLUMN note")  # drift, for a plan with a change
        stats = assert_same_both_ways(pg_url, renamed, loaded(moved.root))
        assert (stats.trial_tables, stats.cached_units) == (0, 6)
        assert cli("apply", "--state", moved.root, "--auto-approve") == 0, cli.out + cli.err
        assert f"PostgreSQL · {renamed}\n  + table.lines.column.note" in cli.out, cli.out
        assert cli("plan", "--state", moved.root, "--detailed-exitcode") == 0, cli.out + cli.err
    finally:
        sql(pg_url, "postgres", f'ALTER DATABASE "{renamed}" RENAME TO "{dbname}"')


def test_a_changed_base_object_runs_the_whole_trial(chain: StateDir, pg_url: str) -> None:
    chain.write(CHAIN.replace("mood: [happy, sad]", "mood: [happy, sad, calm]"))
    stats = assert_same_both_ways(pg_url, chain.dbname, loaded(chain.root))
    assert (stats.trial_tables, stats.cached_units) == (5, 0)


def test_units_from_another_server_version_or_other_code_are_not_used(
    chain: StateDir, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = loaded(chain.root)
    monkeypatch.setattr(normalization_cache, "server_version", lambda conn: 140011)
    stats = assert_same_both_ways(pg_url, chain.dbname, db)
    assert (stats.trial_tables, stats.cached_units) == (5, 0)
    monkeypatch.undo()
    monkeypatch.setattr(normalization_cache, "code_digest", lambda: "another reconcile")
    stats = assert_same_both_ways(pg_url, chain.dbname, db)
    assert (stats.trial_tables, stats.cached_units) == (5, 0)


def forge(url: str, dbname: str, table: str, column: str) -> None:
    """Drop `column` from the recorded unit of `table` and sign the entry again as the code does without a secret."""
    rows = sql(url, dbname, "SELECT key, document FROM _reconcile.normalized_units")
    for key, text in rows:
        document = json.loads(str(text))
        tables = document.get("tables", {})  # the base unit has none
        if table in tables:
            del tables[table]["columns"][column]
            text = json.dumps(document, separators=(",", ":"))
            signature = hmac.new(normalization_cache._UNKEYED, f"{key}\n{text}".encode(), hashlib.sha256).hexdigest()
            with psycopg.connect(url + dbname, autocommit=True) as conn:
                conn.execute(
                    "UPDATE _reconcile.normalized_units SET document = %s, signature = %s WHERE key = %s",
                    (text, signature, key),
                )
            return
    raise AssertionError(f"no recorded unit holds {table}")


def test_a_tampered_unit_cannot_make_drift_disappear(
    state: StateDir, cli: Cli, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(normalization_cache.SECRET_VARIABLE, "ci-only secret")
    state.write(CHAIN)
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    sql(pg_url, state.dbname, "ALTER TABLE lines DROP COLUMN note")
    forge(pg_url, state.dbname, "public.lines", "note")
    assert cli("drift", "--state", state.root, "--fail-on-diff") == 2, cli.out + cli.err
    assert "column.note" in cli.out, cli.out
    assert "1 recorded normalized object(s) failed their signature" in cli.out + cli.err
    backend = PostgresBackend(state.root)
    assert backend.plan(state.root).changes
    assert backend.stats.trial_tables == 2  # lines again, with a bare orders


def test_without_a_secret_an_edited_unit_is_still_refused(state: StateDir, cli: Cli, pg_url: str) -> None:
    state.write(CHAIN)
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    sql(pg_url, state.dbname, "ALTER TABLE lines DROP COLUMN note")
    edit = "UPDATE _reconcile.normalized_units SET document = replace(document, '\"note\"', '\"x\"')"
    sql(pg_url, state.dbname, edit)
    assert cli("drift", "--state", state.root, "--fail-on-diff") == 2, cli.out + cli.err
    assert "column.note" in cli.out, cli.out


def test_the_ai4i_state_is_the_same_with_and_without_its_units(
    state: StateDir, pg_url: str, tmp_path: Path, dbname: str
) -> None:
    """Each AI4I database's state (seeds aside), recorded, then one table edited: equal both ways."""
    sql(pg_url, "postgres", f'CREATE DATABASE "{dbname}"')
    for path in sorted((ROOT / "state" / "postgres").glob("*.yaml")):
        document = yaml.safe_load(path.read_text())
        document["database"] = dbname
        root = tmp_path / path.stem
        (root / "postgres").mkdir(parents=True)
        (root / "postgres" / "db.yaml").write_text(yaml.safe_dump(document, sort_keys=False))
        db = loaded(root)
        record(pg_url, dbname, db)
        stats = assert_same_both_ways(pg_url, dbname, db)
        assert stats.trial_tables == 0, path.name
        schema, tables = next((s, spec.tables) for s, spec in db.spec.schemas.items() if spec.tables)
        table = next(iter(tables))
        document["schemas"][schema]["tables"][table]["comment"] = "edited"
        (root / "postgres" / "db.yaml").write_text(yaml.safe_dump(document, sort_keys=False))
        assert_same_both_ways(pg_url, dbname, loaded(root))


ALL_PAIRS = find_pairs(ROOT / "tests" / "postgres" / "pairs")
# A sample across every kind, plus pairs that caught a difference once: only an order changes (columns,
# attributes); a new table with an identity column, whose sequence's privileges belong to the table's unit; row
# filters, normalized in the base.
ALWAYS = {"types/composite_reorder", "owners/new_table_with_owner", "publications/filter_column_retyped"}
# Pairs whose A refuses the CREATE SCHEMA that recording units needs (apply notes that it could not record).
UNRECORDABLE = {"event_triggers/refusing_ddl"}
# One in twelve, chosen by name (a pair added elsewhere does not change which others are sampled): every pair
# is also planned both ways by test_sql_pairs (apply normalizes in a trial, the plan after it from recorded units).
PAIRS = [
    p for p in ALL_PAIRS if (zlib.crc32(p.name.encode()) % 12 == 0 or p.name in ALWAYS) and p.name not in UNRECORDABLE
]


@pytest.mark.parametrize("pair", PAIRS, ids=[p.name for p in PAIRS])
def test_sql_pair_states_are_the_same_with_and_without_the_units(
    pair: Any, pg_url: str, cli: Cli, tmp_path: Path, dbname: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A's own state recorded on A, then B's state planned on A: the units of A serve what did not change."""
    b_db = f"{dbname}_b"
    sql(pg_url, "postgres", f'CREATE DATABASE "{dbname}"')
    sql(pg_url, "postgres", f'CREATE DATABASE "{b_db}"')
    try:
        psql(pg_url, "postgres", pair.read("setup"), ignore_existing=True)
        assert psql(pg_url, dbname, pair.read("a")) is None
        assert psql(pg_url, b_db, pair.read("b")) is None
        roots = {}
        for source in (dbname, b_db):
            out = tmp_path / f"export-{source}"
            assert cli("export", "--only", "postgres", "--database", source, "--out", out) == 0, cli.err
            document = yaml.safe_load((out / "postgres" / f"{source}.yaml").read_text())
            for variable, value in exported_secrets(pg_url, source, document).items():  # as the pair's apply has them
                monkeypatch.setenv(variable, value)
            document["database"] = dbname
            roots[source] = tmp_path / f"state-{source}"
            (roots[source] / "postgres").mkdir(parents=True)
            (roots[source] / "postgres" / "db.yaml").write_text(yaml.safe_dump(document, sort_keys=False))
        record(pg_url, dbname, loaded(roots[dbname]))
        assert assert_same_both_ways(pg_url, dbname, loaded(roots[dbname])).trial_tables == 0
        assert_same_both_ways(pg_url, dbname, loaded(roots[b_db]))
    finally:
        drop_subscriptions(pg_url, b_db)  # they keep DROP DATABASE out, even WITH (FORCE)
        sql(pg_url, "postgres", f'DROP DATABASE IF EXISTS "{b_db}" WITH (FORCE)')


def test_a_table_key_follows_its_column_order_and_only_what_it_references() -> None:
    def spec(orders: str, audit: str) -> DatabaseSpec:
        return DatabaseSpec.model_validate(
            {
                "database": "d",
                "schemas": {
                    "public": {
                        "tables": {
                            "accounts": {"columns": {"id": {"type": "bigint", "primary_key": True}}},
                            "orders": {"columns": yaml.safe_load(orders)},
                            "audit": {"columns": yaml.safe_load(audit)},
                        }
                    }
                },
            }
        )

    orders = "{a: int, b: {type: bigint, references: accounts(id)}}"
    keys = unit_keys(spec(orders, "{at: text}"), "ctx").tables
    reordered = unit_keys(spec("{b: {type: bigint, references: accounts(id)}, a: int}", "{at: text}"), "ctx").tables
    assert reordered[("public", "orders")] != keys[("public", "orders")]
    edited = unit_keys(spec(orders, "{at: varchar(9)}"), "ctx").tables
    assert [name for name in keys if edited[name] != keys[name]] == [("public", "audit")]
    assert (
        unit_keys(spec(orders, "{at: text}"), "another server").tables[("public", "orders")]
        != keys[("public", "orders")]
    )


def test_a_row_filter_is_normalized_in_the_base_which_every_table_and_filter_keys() -> None:
    def spec(where: str | None, level: str = "integer") -> DatabaseSpec:
        published: dict[str, Any] = {"table": "public.readings"}
        if where is not None:
            published["where"] = where
        return DatabaseSpec.model_validate(
            {
                "database": "d",
                "schemas": {"public": {"tables": {"readings": {"columns": {"id": "integer", "level": level}}}}},
                "publications": {"alerts": {"tables": [published]}},
            }
        )

    plain, filtered = unit_keys(spec(None), "ctx"), unit_keys(spec("level > 90"), "ctx")
    assert plain.partial and not filtered.partial
    assert filtered.base != plain.base
    assert unit_keys(spec("level > 80"), "ctx").base != filtered.base
    assert unit_keys(spec("level > 90", "bigint"), "ctx").base != filtered.base
