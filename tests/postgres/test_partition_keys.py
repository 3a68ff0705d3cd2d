"""A new partition whose own key backs its parent's unique index: created apart, keyed, then attached."""

from __future__ import annotations

from tests.conftest import Cli, StateDir, sql

STATE = """
schemas:
  public:
    tables:
      orders:
        partition_by: LIST (region)
        columns:
          region: {type: text, nullable: false}
          id: {type: integer, nullable: false}
          note: text
        checks: [{name: orders_id_positive, expression: id > 0}]
        indexes:
          orders_region_id_uq: {columns: [region, id], unique: true}
      orders_eu:
        partition_of: {table: orders, bounds: "FOR VALUES IN ('eu')", not_null: [note]}
        primary_key: [region, id]
"""


def test_new_partition_key_is_attached_to_the_parents_index(
    pg_url: str, dbname: str, state: StateDir, cli: Cli
) -> None:
    sql(pg_url, "postgres", f'CREATE DATABASE "{dbname}"')
    sql(
        pg_url,
        dbname,
        "CREATE TABLE orders (region text NOT NULL, id integer NOT NULL, note text,"
        " CONSTRAINT orders_id_positive CHECK (id > 0)) PARTITION BY LIST (region);"
        "CREATE UNIQUE INDEX orders_region_id_uq ON orders (region, id)",
    )
    state.write(STATE)
    assert cli("apply", "--state", state.root, "--only", "postgres", "--auto-approve") == 0, cli.out + cli.err
    assert "CREATE TABLE public.orders_eu (LIKE public.orders INCLUDING DEFAULTS" in cli.out, cli.out
    assert "ALTER TABLE public.orders ATTACH PARTITION public.orders_eu FOR VALUES IN ('eu')" in cli.out, cli.out
    attached = sql(
        pg_url,
        dbname,
        "SELECT c.relname, p.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
        " JOIN pg_class p ON p.oid = i.inhparent WHERE c.relkind = 'i'",
    )
    assert attached == [("orders_eu_pkey", "orders_region_id_uq")]
    # The columns and the check are the parent's, as PARTITION OF would have made them.
    assert sql(
        pg_url,
        dbname,
        "SELECT bool_or(attislocal) FROM pg_attribute WHERE attrelid = 'orders_eu'::regclass AND attnum > 0",
    ) == [(False,)]
    assert sql(
        pg_url, dbname, "SELECT conislocal FROM pg_constraint WHERE conrelid = 'orders_eu'::regclass AND contype = 'c'"
    ) == [(False,)]
    assert cli("plan", "--state", state.root, "--only", "postgres", "--detailed-exitcode") == 0, cli.out + cli.err


def test_a_partition_key_a_foreign_key_needs_is_not_dropped_by_cascade(
    pg_url: str, dbname: str, state: StateDir, cli: Cli
) -> None:
    """The parent's DROP INDEX ... CASCADE takes a partition's key on an attached index along, but never what needs
    that key: with a foreign key referencing it, the plan keeps plain statements and PostgreSQL refuses them."""
    sql(pg_url, "postgres", f'CREATE DATABASE "{dbname}"')
    sql(
        pg_url,
        dbname,
        "CREATE TABLE orders (region text NOT NULL, id integer NOT NULL) PARTITION BY LIST (region);"
        "CREATE TABLE orders_eu PARTITION OF orders FOR VALUES IN ('eu');"
        "CREATE UNIQUE INDEX orders_region_id_uq ON orders (region, id);"
        "ALTER TABLE orders_eu ADD CONSTRAINT orders_eu_pkey PRIMARY KEY USING INDEX orders_eu_region_id_idx;"
        "CREATE TABLE refs (region text, id integer, FOREIGN KEY (region, id) REFERENCES orders_eu)",
    )
    state.write(
        """
schemas:
  public:
    tables:
      orders:
        partition_by: LIST (region)
        columns:
          region: {type: text, nullable: false}
          id: {type: integer, nullable: false}
        primary_key: [region, id]
      orders_eu:
        partition_of: {table: orders, bounds: "FOR VALUES IN ('eu')"}
      refs:
        columns:
          region: text
          id: integer
        foreign_keys:
          - {columns: [region, id], references: {table: orders_eu, columns: [region, id]}}
"""
    )
    args = ("apply", "--state", state.root, "--only", "postgres", "--auto-approve", "--allow-destructive")
    assert cli(*args) == 1, cli.out + cli.err
    assert "CASCADE" not in cli.out + cli.err
    assert "PostgreSQL refused" in cli.out + cli.err
    assert sql(pg_url, dbname, "SELECT conname FROM pg_constraint WHERE contype = 'f'") == [("refs_region_id_fkey",)]
    assert sql(pg_url, dbname, "SELECT count(*) FROM pg_index WHERE indrelid = 'orders_eu'::regclass") == [(1,)]
