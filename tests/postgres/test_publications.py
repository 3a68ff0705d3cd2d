"""Publications against a real PostgreSQL: a declared rename, what only a superuser may publish, and a
publication with a row filter, which is left alone and named by plan and export."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import Cli, StateDir, sql

TABLES = """
schemas:
  public:
    tables:
      orders: {columns: {id: {type: integer, primary_key: true}, total: numeric, note: text}}
      refunds: {columns: {id: {type: integer, primary_key: true}}}
"""


def test_a_declared_rename_renames_in_place_and_converges(cli: Cli, state: StateDir, pg_url: str, dbname: str) -> None:
    state.write(TABLES + "publications:\n  orders_out: {tables: [public.orders]}\n")
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    renamed = """
publications:
  order_feed:
    renamed_from: orders_out
    tables: [{table: public.orders, columns: [total, id]}, public.refunds]
    publish: [insert, update]
"""
    state.write(TABLES + renamed)
    assert cli("plan", "--state", state.root) == 0, cli.out + cli.err
    assert "ALTER PUBLICATION orders_out RENAME TO order_feed" in cli.out
    assert "DROP PUBLICATION" not in cli.out and "CREATE PUBLICATION" not in cli.out
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 0, cli.out + cli.err
    published = "SELECT pubname, tablename, attnames FROM pg_publication_tables ORDER BY 2"
    assert sql(pg_url, dbname, published) == [
        ("order_feed", "orders", ["id", "total"]),
        ("order_feed", "refunds", ["id"]),
    ]
    assert sql(pg_url, dbname, "SELECT pubinsert, pubupdate, pubdelete FROM pg_publication") == [(True, True, False)]


def test_dropping_a_publication_is_destructive_and_names_its_subscribers(cli: Cli, state: StateDir) -> None:
    state.write(TABLES + "publications:\n  orders_out: {tables: [public.orders]}\n")
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    state.write(TABLES)
    assert cli("apply", "--state", state.root, "--auto-approve") != 0
    assert "--allow-destructive" in cli.out + cli.err
    assert cli("plan", "--state", state.root) == 0, cli.out + cli.err
    assert "DROP PUBLICATION orders_out" in cli.out and "subscribers" in cli.out


@pytest.fixture
def plain_role(pg_url: str, dbname: str) -> Iterator[str]:
    role = f"{dbname}_plain"
    sql(pg_url, "postgres", f'CREATE ROLE "{role}" LOGIN')
    try:
        yield pg_url.replace("postgres@", f"{role}@")
    finally:
        sql(pg_url, "postgres", f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
        sql(pg_url, "postgres", f'DROP ROLE "{role}"')


@pytest.mark.parametrize(
    ("declared", "field", "clause"),
    [("{all_tables: true}", "all_tables", "FOR ALL TABLES"), ("{schemas: [public]}", "schemas", "TABLES IN SCHEMA")],
)
def test_what_needs_a_superuser_is_refused_clearly_for_another_role(
    cli: Cli,
    state: StateDir,
    pg_url: str,
    dbname: str,
    plain_role: str,
    monkeypatch: pytest.MonkeyPatch,
    declared: str,
    field: str,
    clause: str,
) -> None:
    state.write(TABLES)
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    sql(pg_url, dbname, f'GRANT CREATE ON DATABASE "{dbname}" TO "{dbname}_plain"')
    state.write(TABLES + f"publications:\n  everything: {declared}\n")
    monkeypatch.setenv("RECONCILE_POSTGRES_URL", plain_role)
    monkeypatch.setenv("RECONCILE_POSTGRES_CACHE", "off")  # the cache's schema is the applying role's
    assert cli("plan", "--state", state.root) == 1
    assert f"publications.everything.{field}" in cli.err and clause in cli.err and "superuser" in cli.err
    assert "Traceback" not in cli.err
    assert sql(pg_url, dbname, "SELECT count(*) FROM pg_publication") == [(0,)]


def test_a_publication_with_a_row_filter_is_left_alone_and_named(
    cli: Cli, state: StateDir, pg_url: str, dbname: str, tmp_path: Path
) -> None:
    state.write(TABLES)
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    sql(pg_url, dbname, "CREATE PUBLICATION big_orders FOR TABLE public.orders WHERE (total > 100)")
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 0, cli.out + cli.err
    assert "publication big_orders" in cli.out + cli.err and "row filter" in cli.out + cli.err
    state.write(TABLES + "publications:\n  big_orders: {tables: [public.refunds]}\n")
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 0, cli.out + cli.err
    out = tmp_path / "exported"
    assert cli("export", "--only", "postgres", "--database", dbname, "--out", out) == 0, cli.out + cli.err
    [exported] = out.rglob(f"{dbname}.yaml")
    text = exported.read_text()
    assert "publication big_orders: WHERE on public.orders" in text and "\npublications:" not in text
