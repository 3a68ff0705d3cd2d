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


# A partition's key on the index attached to its parent's plain unique index, and a foreign key referencing it.
KEY_ON_ATTACHED_INDEX_REFERENCED = (
    "CREATE TABLE orders (region text NOT NULL, id integer NOT NULL) PARTITION BY LIST (region);"
    "CREATE TABLE orders_eu PARTITION OF orders FOR VALUES IN ('eu');"
    "CREATE UNIQUE INDEX orders_region_id_uq ON orders (region, id);"
    "ALTER TABLE orders_eu ADD CONSTRAINT orders_eu_pkey PRIMARY KEY USING INDEX orders_eu_region_id_idx;"
    "CREATE TABLE refs (region text, id integer, FOREIGN KEY (region, id) REFERENCES orders_eu)"
)
REFS = """      refs:
        columns:
          region: text
          id: integer
        foreign_keys:
          - {columns: [region, id], references: {table: orders_eu, columns: [region, id]}}
"""


def test_a_partition_key_a_foreign_key_needs_is_not_dropped_by_cascade(
    pg_url: str, dbname: str, state: StateDir, cli: Cli
) -> None:
    """The parent's DROP INDEX ... CASCADE takes a partition's key on an attached index along, but never what needs
    that key: with a foreign key referencing it, the plan keeps plain statements and PostgreSQL refuses them."""
    sql(pg_url, "postgres", f'CREATE DATABASE "{dbname}"')
    sql(pg_url, dbname, KEY_ON_ATTACHED_INDEX_REFERENCED)
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
"""
        + REFS
    )
    args = ("apply", "--state", state.root, "--only", "postgres", "--auto-approve", "--allow-destructive")
    assert cli(*args) == 1, cli.out + cli.err
    assert "CASCADE" not in cli.out + cli.err
    assert "PostgreSQL refused" in cli.out + cli.err
    assert sql(pg_url, dbname, "SELECT conname FROM pg_constraint WHERE contype = 'f'") == [("refs_region_id_fkey",)]
    assert sql(pg_url, dbname, "SELECT count(*) FROM pg_index WHERE indrelid = 'orders_eu'::regclass") == [(1,)]


DETACHED = """
schemas:
  public:
    tables:
      orders:
        partition_by: LIST (region)
        columns:
          region: {type: text, nullable: false}
          id: {type: integer, nullable: false}
        primary_key: {name: orders_pkey, columns: [region, id], only: true}
      orders_eu:
        partition_of: {table: orders, bounds: "FOR VALUES IN ('eu')"}
        indexes:
          orders_eu_pkey: {columns: [region, id], unique: true}
"""
LIVE_ATTACHED = (
    "CREATE TABLE orders (region text NOT NULL, id integer NOT NULL, PRIMARY KEY (region, id))"
    " PARTITION BY LIST (region);"
    "CREATE TABLE orders_eu PARTITION OF orders FOR VALUES IN ('eu');"
    "INSERT INTO orders SELECT 'eu', g FROM generate_series(1, 50) g"
)


def test_a_partition_key_the_state_no_longer_attaches_comes_off_by_recreating_the_parents(
    pg_url: str, dbname: str, state: StateDir, cli: Cli
) -> None:
    """PostgreSQL cannot detach an attached index: the parent's key is dropped (taking the partition's along) and
    added again ON ONLY, the partition's index created as its own; the plan says why, and no row is touched."""
    sql(pg_url, "postgres", f'CREATE DATABASE "{dbname}"')
    sql(pg_url, dbname, LIVE_ATTACHED)
    state.write(DETACHED)
    assert cli("apply", "--state", state.root, "--only", "postgres", "--auto-approve") == 0, cli.out + cli.err
    assert "re-created: PostgreSQL cannot detach the partitions' indexes attached to it (orders_eu.orders_eu_pkey)" in (
        cli.out
    )
    assert "ALTER TABLE ONLY public.orders ADD CONSTRAINT orders_pkey PRIMARY KEY (region, id)" in cli.out
    assert sql(
        pg_url,
        dbname,
        "SELECT indexrelid::regclass::text, indisvalid, indisprimary FROM pg_index"
        " WHERE indrelid IN ('orders'::regclass, 'orders_eu'::regclass) ORDER BY 1",
    ) == [("orders_eu_pkey", True, False), ("orders_pkey", False, True)]
    assert sql(pg_url, dbname, "SELECT count(*) FROM pg_inherits WHERE inhparent = 'orders_pkey'::regclass") == [(0,)]
    assert sql(pg_url, dbname, "SELECT count(*) FROM orders_eu") == [(50,)]
    assert cli("plan", "--state", state.root, "--only", "postgres", "--detailed-exitcode") == 0, cli.out + cli.err


def test_a_partition_key_a_foreign_key_needs_keeps_the_parents_index_from_being_recreated(
    pg_url: str, dbname: str, state: StateDir, cli: Cli
) -> None:
    """Re-creating the parent's index to detach would drop, with CASCADE, the partition's key on its attached
    index, and the foreign key referencing that key with it: the plan does not (PostgreSQL then refuses)."""
    sql(pg_url, "postgres", f'CREATE DATABASE "{dbname}"')
    sql(pg_url, dbname, KEY_ON_ATTACHED_INDEX_REFERENCED)
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
        indexes:
          orders_region_id_uq: {columns: [region, id], unique: true, only: true}
      orders_eu:
        partition_of: {table: orders, bounds: "FOR VALUES IN ('eu')"}
        primary_key: [region, id]
"""
        + REFS
    )
    cli("apply", "--state", state.root, "--only", "postgres", "--auto-approve", "--allow-destructive")
    assert "cannot detach" not in cli.out and "CASCADE" not in cli.out, cli.out
    assert sql(pg_url, dbname, "SELECT conname FROM pg_constraint WHERE contype = 'f'") == [("refs_region_id_fkey",)]
    attached = "SELECT count(*) FROM pg_inherits WHERE inhparent = 'orders_region_id_uq'::regclass"
    assert sql(pg_url, dbname, attached) == [(1,)]
