"""The differ is a pure function: these tests need no server."""

from __future__ import annotations

import pytest

from reconciler.changes import Action, Change
from reconciler.postgres.ddl import Phase
from reconciler.postgres.ddl import stmt as ddl_stmt
from reconciler.postgres.differ import diff
from reconciler.postgres.differ.type_changes import is_safe_type_change
from reconciler.postgres.model import Column, Constraint, Database, Enum, Function, Index, Sequence, Table


def db(*tables: Table, **kinds: object) -> Database:
    database = Database(name="app", schemas=["public"], tables={f"public.{t.name}": t for t in tables})
    for kind, items in kinds.items():
        setattr(database, kind, items)
    return database


def items(*columns: Column, **extra: object) -> Table:
    return Table(schema_name="public", name="items", columns={c.name: c for c in columns}, **extra)


ID = Column(name="id", type="integer", not_null=True)


def by_address(changes: list[Change]) -> dict[str, Change]:
    return {c.address.removeprefix("postgres.app."): c for c in changes}


def test_identical_models_have_no_changes() -> None:
    model = db(items(ID, Column(name="name", type="text")))
    assert diff(model, model.model_copy(deep=True)) == []


def test_missing_database_is_created_first() -> None:
    changes = diff(db(items(ID)), Database(name="app", exists=False))
    assert [c.address for c in changes][:2] == ["postgres.app.database", "postgres.app.table.items"]
    assert changes[0].statements == []  # CREATE DATABASE runs outside the transaction, by the executor


@pytest.mark.parametrize(
    ("before", "after", "safe"),
    [
        ("character varying(50)", "character varying(100)", True),
        ("character varying(50)", "text", True),
        ("integer", "bigint", True),
        ("numeric(10,2)", "numeric(12,2)", True),
        ("numeric(10,2)", "numeric(10,3)", False),
        ("character varying(100)", "character varying(50)", False),
        ("bigint", "integer", False),
        ("text", "integer", False),
    ],
)
def test_type_change_safety(before: str, after: str, safe: bool) -> None:
    assert is_safe_type_change(before, after) is safe
    live = db(items(ID, Column(name="v", type=before)))
    change = by_address(diff(db(items(ID, Column(name="v", type=after))), live))["table.items.column.v"]
    assert change.action is Action.UPDATE
    assert change.destructive is not safe
    assert f"TYPE {after} USING v::{after}" in change.statements[-1].sql


def test_varchar_widening_does_not_rewrite_but_int_to_bigint_does() -> None:
    def hazards(before: str, after: str) -> set[str]:
        live = db(items(ID, Column(name="v", type=before)))
        change = diff(db(items(ID, Column(name="v", type=after))), live)[0]
        return {h.code for h in change.hazards}

    assert "table_rewrite" not in hazards("character varying(50)", "character varying(60)")
    assert {"table_rewrite", "access_exclusive_lock"} <= hazards("integer", "bigint")


def test_type_change_drops_and_restores_the_default_around_it() -> None:
    live = db(items(ID, Column(name="v", type="integer", default="0")))
    desired = db(items(ID, Column(name="v", type="bigint", default="0")))
    sqls = [s.sql for s in diff(desired, live)[0].statements]
    assert sqls == [
        "ALTER TABLE public.items ALTER COLUMN v DROP DEFAULT",
        "ALTER TABLE public.items ALTER COLUMN v TYPE bigint USING v::bigint",
        "ALTER TABLE public.items ALTER COLUMN v SET DEFAULT 0",
    ]


def test_set_not_null_warns_about_validation_and_nulls() -> None:
    live = db(items(ID, Column(name="v", type="text")))
    change = diff(db(items(ID, Column(name="v", type="text", not_null=True))), live, online=False)[0]
    assert {h.code for h in change.hazards} == {"long_validation", "fails_on_rows", "blocking_lock"}
    assert not change.destructive
    # Online (the default): a NOT VALID check validated after the transaction proves it (differ/not_null.py).
    online = diff(db(items(ID, Column(name="v", type="text", not_null=True))), live)[0]
    assert {h.code for h in online.hazards} == {"outside_transaction", "fails_on_rows", "blocking_lock"}
    assert [s.sql for s in online.statements] == [
        "ALTER TABLE public.items ADD CONSTRAINT _reconcile_nn_v CHECK (v IS NOT NULL) NOT VALID",
        "ALTER TABLE public.items VALIDATE CONSTRAINT _reconcile_nn_v",
        "ALTER TABLE public.items ALTER COLUMN v SET NOT NULL",
        "ALTER TABLE public.items DROP CONSTRAINT _reconcile_nn_v",
    ]


def test_every_delete_is_destructive() -> None:
    live = db(
        items(ID, Column(name="gone", type="text"), indexes={"idx": Index(name="idx", using="btree (id)")}),
        Table(schema_name="public", name="old", columns={"id": ID}),
    )
    changes = by_address(diff(db(items(ID)), live))
    assert set(changes) == {"table.old", "table.items.column.gone", "table.items.index.idx"}
    assert all(c.destructive and c.action is Action.DELETE for c in changes.values())
    assert "data_loss" in {h.code for h in changes["table.old"].hazards}


def test_enum_labels_are_added_in_place_and_the_type_re_created_to_remove_or_reorder() -> None:
    live = db(enums={"public.mood": Enum(schema_name="public", name="mood", labels=["happy", "sad"])})
    added = diff(
        db(enums={"public.mood": Enum(schema_name="public", name="mood", labels=["happy", "calm", "sad", "ok"])}), live
    )
    assert [s.sql for s in added[0].statements] == [
        "ALTER TYPE public.mood ADD VALUE 'calm' BEFORE 'sad'",
        "ALTER TYPE public.mood ADD VALUE 'ok'",
    ]
    removed = diff(db(enums={"public.mood": Enum(schema_name="public", name="mood", labels=["happy"])}), live)
    assert removed[0].action is Action.REPLACE and removed[0].destructive and not removed[0].blocked
    assert any("'sad'" in h.message and h.code == "data_loss" for h in removed[0].hazards)
    sqls = [s.sql for s in removed[0].statements]
    assert sqls[0].startswith("ALTER TYPE public.mood RENAME TO _reconcile_old_")
    assert sqls[1] == "CREATE TYPE public.mood AS ENUM ('happy')"
    assert sqls[2].startswith("DROP TYPE public._reconcile_old_")
    reordered = diff(db(enums={"public.mood": Enum(schema_name="public", name="mood", labels=["sad", "happy"])}), live)
    assert reordered[0].action is Action.REPLACE and not reordered[0].destructive


def test_statements_are_ordered_by_dependency() -> None:
    seq = Sequence(
        schema_name="public", name="items_id_seq", data_type="integer", max_value=2147483647, owned_by="items.id"
    )
    table = items(
        Column(name="id", type="integer", not_null=True, default="nextval('items_id_seq'::regclass)"),
        constraints={
            "items_pkey": Constraint(name="items_pkey", kind="primary_key", definition="PRIMARY KEY (id)"),
            "items_id_fkey": Constraint(
                name="items_id_fkey", kind="foreign_key", definition="FOREIGN KEY (id) REFERENCES items(id)"
            ),
        },
    )
    changes = diff(db(table, sequences={"public.items_id_seq": seq}), db())
    phases = sorted((s.phase, s.sql.split(" (")[0]) for c in changes for s in c.statements)
    assert [sql for _, sql in phases] == [
        "CREATE SEQUENCE public.items_id_seq AS integer INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647"
        " START WITH 1 CACHE 1 NO CYCLE",
        "CREATE TABLE public.items",
        "ALTER SEQUENCE public.items_id_seq OWNED BY public.items.id",
        "ALTER TABLE public.items ADD CONSTRAINT items_pkey PRIMARY KEY",
        "ALTER TABLE public.items ADD CONSTRAINT items_id_fkey FOREIGN KEY",
    ]


def test_owned_sequence_is_dropped_only_if_its_table_did_not_take_it_along() -> None:
    seq = Sequence(schema_name="public", name="items_id_seq", owned_by="items.id")
    change = diff(db(), db(sequences={"public.items_id_seq": seq}))[0]
    assert change.statements[0].sql == "DROP SEQUENCE IF EXISTS public.items_id_seq"
    assert change.statements[0].phase > Phase.ALTER_COLUMN


def test_function_return_type_change_is_a_replace_that_drops_first() -> None:
    def fn(returns: str, body: str = "SELECT 1") -> dict[str, Function]:
        return {"public.f()": Function(schema_name="public", name="f", returns=returns, language="sql", body=body)}

    replace = diff(db(functions=fn("bigint")), db(functions=fn("integer")))[0]
    assert replace.action is Action.REPLACE
    drop, create = sorted(replace.statements, key=lambda s: s.phase)
    assert drop.sql.startswith("DROP FUNCTION") and create.sql.startswith("CREATE FUNCTION")
    update = diff(db(functions=fn("integer", "SELECT 2")), db(functions=fn("integer")))[0]
    assert update.action is Action.UPDATE and update.detail == ["body changed"]
    assert update.statements[0].sql.startswith("CREATE OR REPLACE FUNCTION")


def test_changed_constraint_is_replaced_and_source_text_is_used_but_not_compared() -> None:
    live = items(ID, constraints={"c": Constraint(name="c", kind="check", definition="CHECK ((id > 0))")})
    same = items(
        ID,
        constraints={"c": Constraint(name="c", kind="check", definition="CHECK ((id > 0))", source="CHECK (id > 0)")},
    )
    assert diff(db(same), db(live)) == []
    changed = items(
        ID,
        constraints={"c": Constraint(name="c", kind="check", definition="CHECK ((id > 1))", source="CHECK (id > 1)")},
    )
    change = diff(db(changed), db(live))[0]
    assert change.action is Action.REPLACE
    # Online by default: added NOT VALID in the transaction, validated after it (differ/online.py).
    assert [s.sql for s in change.statements][-2:] == [
        "ALTER TABLE public.items ADD CONSTRAINT c CHECK (id > 1) NOT VALID",
        "ALTER TABLE public.items VALIDATE CONSTRAINT c",
    ]
    offline = diff(db(changed), db(live), online=False)[0]
    assert [s.sql for s in offline.statements][-1] == "ALTER TABLE public.items ADD CONSTRAINT c CHECK (id > 1)"


def test_a_folded_redefinition_leaves_no_ordering_tag_behind() -> None:
    """A statement a later pass discards keeps its ordering tag to itself.

    Tags are keyed by id(), which CPython hands to the next object of the same size once one is freed. A
    function's CREATE OR REPLACE folded into the re-creation around its replaced composite type was freed,
    and the owner change made next inherited its "needs the type" tag: DROP TYPE then ran after CREATE TYPE.
    """
    from reconciler.postgres.differ import _Differ

    differ = _Differ(db(), db())
    obj = "function:public.swap(p pair)"
    redefine = differ.tag([ddl_stmt("CREATE OR REPLACE FUNCTION swap(p pair) ...", Phase.FUNCTION)], "alter", obj)
    differ.add("function.swap(p pair)", "function", Action.UPDATE, None, None, redefine)
    del redefine
    differ.fold_alters(obj, "postgres.app.composite_type.pair")
    assert differ.changes[0].statements == []
    made_after = [ddl_stmt(f"ALTER FUNCTION public.swap(p pair) OWNER TO r{i}", Phase.OWNER) for i in range(1000)]
    assert [s.sql for s in made_after if id(s) in differ.targets] == []
