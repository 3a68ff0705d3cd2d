"""Publications against a real PostgreSQL: a declared rename, what only a superuser may publish, and row filters:
exported and planned back as they are, changed by the table leaving and joining again in one transaction, and
refused by PostgreSQL where a publication may not filter."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

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


def test_a_row_filter_is_exported_and_its_export_plans_no_change(
    cli: Cli, state: StateDir, pg_url: str, dbname: str, tmp_path: Path
) -> None:
    state.write(TABLES)
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    created = "CREATE PUBLICATION big_orders FOR TABLE public.orders (id, total) WHERE (total > 100 AND note <> '')"
    sql(pg_url, dbname, created)
    out = tmp_path / "exported"
    assert cli("export", "--only", "postgres", "--database", dbname, "--out", out) == 0, cli.out + cli.err
    [exported] = out.rglob(f"{dbname}.yaml")
    declared = yaml.safe_load(exported.read_text())["publications"]["big_orders"]["tables"]
    assert declared == [
        {
            "table": "public.orders",
            "columns": ["id", "total"],
            "where": "((total > (100)::numeric) AND (note <> ''::text))",
        }
    ]
    assert cli("plan", "--state", exported.parent.parent, "--detailed-exitcode") == 0, cli.out + cli.err
    assert "No changes" in cli.out


def test_a_changed_row_filter_leaves_and_joins_again_and_keeps_the_publication(
    cli: Cli, state: StateDir, pg_url: str, dbname: str
) -> None:
    filtered = "publications:\n  big_orders: {tables: [{table: public.orders, where: 'total > 100'}, public.refunds]}\n"
    state.write(TABLES + filtered)
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 0, cli.out + cli.err
    state.write(TABLES + filtered.replace("total > 100", "total >= 500 AND note IS NOT NULL"))
    assert cli("plan", "--state", state.root) == 0, cli.out + cli.err
    assert "DROP PUBLICATION" not in cli.out and "refunds" not in cli.out and "! subscribers" not in cli.out
    assert "ALTER PUBLICATION big_orders DROP TABLE ONLY public.orders" in cli.out
    assert "ADD TABLE ONLY public.orders WHERE (total >= 500 AND note IS NOT NULL)" in cli.out
    assert "row filter: (total > (100)::numeric) -> ((total >= (500)::numeric) AND (note IS NOT NULL))" in cli.out
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 0, cli.out + cli.err
    published = "SELECT tablename, rowfilter FROM pg_publication_tables ORDER BY 1"
    assert sql(pg_url, dbname, published) == [
        ("orders", "((total >= (500)::numeric) AND (note IS NOT NULL))"),
        ("refunds", None),
    ]


def test_a_retyped_column_a_row_filter_reads_is_altered_between_leaving_and_joining(
    cli: Cli, state: StateDir, pg_url: str, dbname: str
) -> None:
    filtered = (
        "publications:\n  big_orders: {tables: [{table: public.orders, columns: [id, note], where: total > 0}]}\n"
    )
    state.write(TABLES + filtered)
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    state.write(TABLES.replace("total: numeric, note: text", "total: 'numeric(12,2)', note: varchar(40)") + filtered)
    assert cli("apply", "--state", state.root, "--auto-approve", "--allow-destructive") == 0, cli.out + cli.err
    assert "public.orders leaves and joins again: it reads public.orders.note, public.orders.total" in cli.out
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 0, cli.out + cli.err
    published = "SELECT attnames, rowfilter FROM pg_publication_tables"
    assert sql(pg_url, dbname, published) == [(["id", "note"], "(total > (0)::numeric)")]


def test_a_row_filter_postgresql_does_not_allow_names_the_field(
    cli: Cli, state: StateDir, pg_url: str, dbname: str
) -> None:
    partitioned = """
      events: {columns: {at: {type: date, nullable: false}, kind: text}, partition_by: RANGE (at)}
publications:
  signups: {tables: [{table: public.events, where: "kind = 'signup'"}]}
"""
    state.write(TABLES)
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    state.write(TABLES + partitioned)
    assert cli("plan", "--state", state.root) == 1
    assert "publications.signups.tables.0.where: PostgreSQL rejects this" in cli.err, cli.err
    assert "publish_via_partition_root is false" in cli.err and "Traceback" not in cli.err
    assert sql(pg_url, dbname, "SELECT count(*) FROM pg_publication") == [(0,)]
