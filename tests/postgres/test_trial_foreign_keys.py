"""Foreign keys the trial writes into CREATE TABLE give exactly what ALTER TABLE ... ADD gives.

materialize_foreign_keys.py says when a key may be written inline (the server then checks no rows of the new,
empty table). Each comparison here normalizes one state twice, with keys inline where allowed and with every
key added by ALTER TABLE, and requires the same desired model, fields the dump leaves out (names PostgreSQL
picked) included.
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from reconciler.postgres import materialize, normalize
from reconciler.postgres.connection import connect
from reconciler.postgres.identifiers import name_addition, object_name
from reconciler.postgres.materialize_foreign_keys import foreign_keys, inlined_foreign_keys
from reconciler.postgres.materialize_sources import Sources
from reconciler.postgres.normalize import normalize as normalized
from reconciler.postgres.spec.database import DatabaseSpec
from tests.conftest import Cli, StateDir
from tests.postgres.test_normalization_units import canonical, loaded, locator

LONG = "a_table_name_that_is_long_enough_to_be_cut_short_by_postgres"
STATE = f"""
schemas:
  public:
    tables:
      accounts:
        columns:
          id: {{type: serial, primary_key: true}}
          code: {{type: text, unique: true}}
      early:
        columns:
          late_id: {{type: integer, references: late(id)}}
      regions:
        columns:
          region: text
          number: integer
        primary_key: [number, region]
      orders:
        columns:
          id: {{type: serial, primary_key: true}}
          account_id: {{type: integer, references: accounts(id)}}
          account_code: {{type: text, references: {{table: accounts, column: code, on_delete: cascade}}}}
          unchecked_id: integer
          region: text
          number: integer
        foreign_keys:
          - {{name: orders_unchecked, columns: [unchecked_id], references: accounts(id), valid: false}}
          - columns: [region, number]
            references: regions(region, number)
          - {{name: orders_own_name, columns: [account_id], references: accounts(id), deferrable: true}}
      nodes:
        columns:
          id: {{type: integer, primary_key: true}}
          parent_id: {{type: integer, references: nodes(id)}}
      late:
        columns:
          id: {{type: integer, primary_key: true}}
          region: text
          number: integer
        foreign_keys:
          - columns: [region, number]
            references: {{table: regions, columns: [region, number]}}
            match: full
            on_delete: set null
            on_delete_columns: [number]
            deferrable: true
            initially_deferred: true
      events:
        partition_by: RANGE (at)
        columns:
          at: {{type: date, nullable: false}}
          id: integer
        primary_key: [id, at]
      event_notes:
        columns:
          event_id: integer
          event_at: date
        foreign_keys:
          - columns: [event_id, event_at]
            references: events(id, at)
      a:
        columns:
          b_c: {{type: integer, references: {LONG}(id)}}
      a_b:
        columns:
          c: {{type: integer, references: accounts(id)}}
      {LONG}:
        columns:
          id: {{type: integer, primary_key: true}}
          a_column_name_long_enough_as_well: {{type: integer, references: {LONG}(id)}}
  billing:
    tables:
      invoices:
        columns:
          account_id: {{type: integer, references: {{schema: public, table: accounts, column: id}}}}
"""

# Where each key goes: inline, or by ALTER TABLE (and why not inline).
INLINE = {
    ("public", "orders", "columns", "account_id", "references"),  # a table created before, its primary key
    ("public", "orders", "columns", "account_code", "references"),  # a unique column of that table
    ("public", "orders", "foreign_keys", 1),  # a primary key over the same columns in another order
    ("public", "orders", "foreign_keys", 2),  # named, deferrable
    ("public", "nodes", "columns", "parent_id", "references"),  # the table itself
    ("public", "late", "foreign_keys", 0),  # MATCH FULL, ON DELETE SET NULL (number), initially deferred
    ("public", LONG, "columns", "a_column_name_long_enough_as_well", "references"),  # a name PostgreSQL cuts short
    ("billing", "invoices", "columns", "account_id", "references"),  # a table of a schema created before
}
BY_ALTER = {
    ("public", "early", "columns", "late_id", "references"),  # the table it references comes later
    ("public", "orders", "foreign_keys", 0),  # NOT VALID
    ("public", "event_notes", "foreign_keys", 0),  # references a partitioned table
    # Both would be a_b_c_fkey: a's (by ALTER TABLE, its table comes later) gets it when added first, as it is.
    ("public", "a", "columns", "b_c", "references"),
    ("public", "a_b", "columns", "c", "references"),
}


def spec_of(body: str) -> DatabaseSpec:
    return DatabaseSpec.model_validate({"database": "x", **yaml.safe_load(body)})


def inlined(body: str) -> set[tuple[str | int, ...]]:
    spec = spec_of(body)
    return inlined_foreign_keys(spec, foreign_keys(spec))


def places(paths: set[tuple[str | int, ...]]) -> set[tuple[str | int, ...]]:
    return {(path[1], *path[3:]) for path in paths}


def test_which_keys_create_table_carries() -> None:
    assert places(inlined(STATE)) == INLINE


def test_a_constraint_named_like_postgres_names_keys_keeps_unnamed_keys_apart() -> None:
    """An unnamed key's name would depend on whether `..._fkey` is taken yet; a named one's does not."""
    """Names are per schema: billing's unnamed key stays inline."""
    named = STATE.replace(
        "          code: {type: text, unique: true}\n",
        "          code: {type: text, unique: true}\n        checks: [{name: some_fkey2, expression: id > 0}]\n",
        1,
    )
    kept = places(inlined(named))
    assert kept == {
        ("public", "orders", "foreign_keys", 2),
        ("billing", "invoices", "columns", "account_id", "references"),
    }


def test_the_materialized_statements_write_those_keys_into_create_table() -> None:
    spec = spec_of(STATE)
    physical = {"public": "p", "billing": "b"}
    inline = [s.sql for s in materialize.materialize(spec, physical, Sources(), inline_foreign_keys=True)]
    apart = [s.sql for s in materialize.materialize(spec, physical, Sources())]
    assert sum("FOREIGN KEY" in sql for sql in apart) == len(INLINE) + len(BY_ALTER)
    assert sum(sql.startswith("ALTER TABLE") and "FOREIGN KEY" in sql for sql in inline) == len(BY_ALTER)
    [nodes] = [sql for sql in inline if sql.startswith("CREATE TABLE p.nodes")]
    assert nodes.endswith(",\n  FOREIGN KEY (parent_id) REFERENCES p.nodes(id)\n)")


def test_keys_inline_give_what_keys_added_apart_give(
    state: StateDir, cli: Cli, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    state.write(STATE)
    db = loaded(state.root)

    def one_by_one(*args: Any) -> None:
        raise AssertionError("the trial's batch failed and ran again statement by statement")

    with connect(pg_url, "postgres") as conn:
        with monkeypatch.context() as patched:
            patched.setattr(normalize, "_run_in_dependency_order", one_by_one)
            inline, _ = normalized(conn, db.spec, locator(db))
        monkeypatch.setattr(materialize, "inlined_foreign_keys", lambda spec, keys: set())
        apart, _ = normalized(conn, db.spec, locator(db))
    assert canonical(inline) == canonical(apart)
    names = {c.name for t in inline.tables.values() for c in t.constraints.values() if c.kind == "foreign_key"}
    assert {"a_b_c_fkey", "a_b_c_fkey1", "orders_own_name", "orders_unchecked", "nodes_parent_id_fkey"} <= names
    cut_short = "a_table_name_that_is_long_eno_a_column_name_long_enough_as_fkey"
    assert cut_short in names
    assert object_name(LONG, name_addition(["a_column_name_long_enough_as_well"]), "fkey") == cut_short


def test_an_inline_key_postgres_rejects_is_reported_at_the_key(state: StateDir, cli: Cli) -> None:
    """The batch fails; run again with every key on its own, the error names the key's place in the file."""
    state.write(
        STATE.replace(
            "account_id: {type: integer, references: accounts(id)}",
            "account_id: {type: date, references: accounts(id)}",
            1,
        )
    )
    assert cli("plan", "--state", state.root) == 1
    assert "public.tables.orders.columns.account_id.references: PostgreSQL rejects this" in cli.err, cli.err
    assert "incompatible types" in cli.err, cli.err
