"""Model equality is dump equality: the fields a dump leaves out (sources, sizes, helper names) never count."""

from __future__ import annotations

from reconciler.postgres.model import Column, SequenceOptions, Table


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
