"""Model equality is dump equality: the fields a dump leaves out (sources, sizes, helper names) never count."""

from __future__ import annotations

from reconciler.postgres.model import Column, Function, SequenceOptions, Table


def _table(**column: object) -> Table:
    return Table(schema_name="public", name="t", columns={"id": Column(name="id", type="integer", **column)})


def test_fields_a_dump_leaves_out_do_not_count_at_any_depth() -> None:
    plain = _table()
    assert _table(identity_sequence="t_id_seq", generated_source="id + 1") == plain
    assert plain.model_copy(update={"rows": 10.0, "pages": 3}) == plain
    for a, b in [(_table(identity_sequence="x"), plain), (plain.model_copy(update={"rows": 10.0}), plain)]:
        assert a.model_dump() == b.model_dump()  # what equality stands for


def test_a_compared_field_counts_at_any_depth() -> None:
    plain = _table()
    assert _table(not_null=True) != plain
    assert _table(default="0") != plain
    assert _table(identity_options=SequenceOptions(start=5)) != _table(identity_options=SequenceOptions())
    assert plain.model_copy(update={"unlogged": True}) != plain
    assert plain != Column(name="id", type="integer")  # another kind is never equal


def test_options_postgres_keeps_in_order_compare_in_order_and_other_mappings_do_not() -> None:
    plain = _table(options={"n_distinct": "5", "n_distinct_inherited": "3"})
    swapped = _table(options={"n_distinct_inherited": "3", "n_distinct": "5"})
    assert swapped != plain  # a column's attoptions, as pg_dump prints them
    ordered = plain.model_copy(update={"options": {"fillfactor": "80", "autovacuum_enabled": "true"}})
    assert ordered.model_copy(update={"options": {"autovacuum_enabled": "true", "fillfactor": "80"}}) != ordered
    two = {"a": Column(name="a", type="integer"), "b": Column(name="b", type="text")}
    by_name = Table(schema_name="public", name="t", columns=two)
    # Columns are keyed by name: their order in the mapping is not the table's column order.
    assert Table(schema_name="public", name="t", columns=dict(reversed(two.items()))) == by_name
    routine = {"schema_name": "public", "name": "f", "returns": "integer", "language": "sql", "body": "SELECT 1"}
    with_settings = Function(**routine, settings={"work_mem": "64MB", "search_path": "public"})
    assert Function(**routine, settings={"search_path": "public", "work_mem": "64MB"}) != with_settings
