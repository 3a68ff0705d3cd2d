"""The differ on materialized views, view options and view triggers: pure, no server."""

from __future__ import annotations

from reconciler.changes import Action, Change
from reconciler.postgres.differ import diff
from reconciler.postgres.model import Column, Database, Index, MaterializedView, Table, Trigger, View

ORDERS = Table(
    schema_name="public",
    name="orders",
    columns={"id": Column(name="id", type="integer", not_null=True), "amount": Column(name="amount", type="integer")},
)
TOTALS = MaterializedView(
    schema_name="public",
    name="totals",
    definition=" SELECT sum(orders.amount) AS total\n   FROM orders;",
    indexes={"totals_total": Index(name="totals_total", unique=True, using="btree (total)")},
)
READER = View(schema_name="public", name="reader", definition=" SELECT totals.total\n   FROM totals;")
INSERT = Trigger(
    name="reader_insert", timing_events="INSTEAD OF INSERT", body="FOR EACH ROW EXECUTE FUNCTION reader_insert()"
)


def db(*, matviews: tuple[MaterializedView, ...] = (), views: tuple[View, ...] = (), **deps: list[str]) -> Database:
    return Database(
        name="app",
        schemas=["public"],
        tables={"public.orders": ORDERS},
        materialized_views={f"public.{m.name}": m for m in matviews},
        views={f"public.{v.name}": v for v in views},
        dependencies={key.replace("__", ":", 1).replace("_", ".", 1): value for key, value in deps.items()},
    )


def by_address(changes: list[Change]) -> dict[str, Change]:
    return {c.address.removeprefix("postgres.app."): c for c in changes}


def sql(change: Change) -> list[str]:
    return [s.sql for s in change.statements]


def test_a_new_materialized_view_is_created_with_its_indexes() -> None:
    [change] = diff(db(matviews=(TOTALS,)), db())
    assert change.action is Action.CREATE and not change.destructive
    assert sql(change)[0].startswith("CREATE MATERIALIZED VIEW public.totals USING heap AS\nSELECT sum(orders.amount)")
    assert sql(change)[0].endswith("\nWITH DATA")
    assert sql(change)[1] == "CREATE UNIQUE INDEX totals_total ON public.totals USING btree (total)"


def test_a_new_query_rebuilds_the_view_and_its_readers_without_being_destructive() -> None:
    changed = TOTALS.model_copy(update={"definition": " SELECT max(orders.amount) AS total\n   FROM orders;"})
    live = db(matviews=(TOTALS,), views=(READER,), view__public_reader=["matview:public.totals"])
    desired = db(matviews=(changed,), views=(READER,), view__public_reader=["matview:public.totals"])
    change = by_address(diff(desired, live))["materialized_view.totals"]
    assert change.action is Action.REPLACE and not change.destructive
    assert {h.code for h in change.hazards} == {"rebuilt", "dependent_objects"}
    statements = sql(change)
    assert statements.index("DROP VIEW public.reader") < statements.index("DROP MATERIALIZED VIEW public.totals")
    assert statements[-1].startswith("CREATE VIEW public.reader")
    assert "CREATE UNIQUE INDEX totals_total ON public.totals USING btree (total)" in statements


def test_populating_refreshes_and_storage_changes_in_place() -> None:
    live = TOTALS.model_copy(update={"with_data": False, "storage": {"fillfactor": "70", "autovacuum_enabled": "off"}})
    want = TOTALS.model_copy(update={"storage": {"fillfactor": "80"}})
    change = by_address(diff(db(matviews=(want,)), db(matviews=(live,))))["materialized_view.totals"]
    assert change.action is Action.UPDATE
    assert sql(change) == [
        "ALTER MATERIALIZED VIEW public.totals SET (fillfactor=80)",
        "ALTER MATERIALIZED VIEW public.totals RESET (autovacuum_enabled)",
        "REFRESH MATERIALIZED VIEW public.totals",
    ]
    assert [h.code for h in change.hazards] == ["rebuilt"]


def test_view_options_change_in_place() -> None:
    live = READER.model_copy(update={"options": {"security_barrier": "true"}})
    want = READER.model_copy(update={"options": {"check_option": "local"}})
    change = by_address(diff(db(views=(want,)), db(views=(live,))))["view.reader"]
    assert change.action is Action.UPDATE
    assert sql(change) == [
        "ALTER VIEW public.reader SET (check_option=local)",
        "ALTER VIEW public.reader RESET (security_barrier)",
    ]


def test_a_replaced_view_gets_its_triggers_back() -> None:
    live = READER.model_copy(update={"triggers": {INSERT.name: INSERT}})
    want = live.model_copy(update={"definition": " SELECT totals.total + 1\n   FROM totals;"})
    [change] = diff(db(views=(want,)), db(views=(live,)))
    assert sql(change)[0] == "DROP VIEW public.reader"
    assert sql(change)[-1] == (
        "CREATE TRIGGER reader_insert INSTEAD OF INSERT ON public.reader FOR EACH ROW EXECUTE FUNCTION reader_insert()"
    )


def test_a_column_type_change_drops_and_recreates_the_materialized_view_reading_it() -> None:
    wider = ORDERS.model_copy(deep=True)
    wider.columns["amount"] = Column(name="amount", type="bigint")
    live = db(matviews=(TOTALS,), matview__public_totals=["column:public.orders.amount"])
    desired = db(matviews=(TOTALS,), matview__public_totals=["column:public.orders.amount"])
    desired.tables["public.orders"] = wider
    change = by_address(diff(desired, live))["table.orders.column.amount"]
    statements = sql(change)
    assert statements[0] == "DROP MATERIALIZED VIEW public.totals"
    assert statements[1].startswith("ALTER TABLE public.orders ALTER COLUMN amount TYPE bigint")
    assert statements[2].startswith("CREATE MATERIALIZED VIEW public.totals")
    assert "dependent_objects" in {h.code for h in change.hazards}
