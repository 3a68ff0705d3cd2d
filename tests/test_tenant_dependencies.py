"""Each tenant schema's diff sees its own dependency edges only: never another tenant's (that was quadratic)."""

from __future__ import annotations

from reconciler.postgres.templates import dependencies_by_schema


def test_edges_go_to_the_schema_of_the_object_that_needs() -> None:
    edges = {
        "constraint:tenant_1.t.fk": ["column:tenant_1.p.id"],
        "constraint:tenant_10.t.fk": ["column:tenant_10.p.id"],
        "function:tenant_1.f(integer)": ["type:public.money2"],  # a need outside the tenant is kept
        "column:a.b.t.c": ["sequence:a.b.s"],  # schema "a.b": its ids are ambiguous at the first dot
        "view:public.v": ["table:tenant_1.t"],  # a declared object's edge: no tenant's
    }
    split = dependencies_by_schema(edges, ["tenant_1", "tenant_10", "a.b", "tenant_2"])
    assert split["tenant_1"] == {
        "constraint:tenant_1.t.fk": ["column:tenant_1.p.id"],
        "function:tenant_1.f(integer)": ["type:public.money2"],
    }
    assert split["tenant_10"] == {"constraint:tenant_10.t.fk": ["column:tenant_10.p.id"]}
    assert split["a.b"] == {"column:a.b.t.c": ["sequence:a.b.s"]}
    assert split["tenant_2"] == {}
