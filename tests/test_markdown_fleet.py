"""Markdown plans group tenant schemas' changes as text plans do: one row per group, not one per tenant."""

from __future__ import annotations

import re

from reconciler.changes import Action, Change, Statement
from reconciler.plan import Plan
from reconciler.render.markdown import render_markdown


def _note(tenant: str, *, destructive: bool = False) -> Change:
    return Change(
        backend="postgres",
        scope="fleet",
        address=f"postgres.fleet.table.{tenant}.documents.column.note",
        kind="column",
        action=Action.DELETE if destructive else Action.CREATE,
        destructive=destructive,
        tenant=tenant,
        statements=[Statement(sql=f"ALTER TABLE {tenant}.documents ADD COLUMN note text", phase=1)],
    )


def test_ten_thousand_tenants_are_one_row_naming_the_two_that_differ() -> None:
    tenants = [f"tenant_{n:05d}" for n in range(10_000)]
    changes = [_note(t) for t in tenants[2:]]
    changes += [_note(t, destructive=True) for t in tenants[:2]]
    own = Change(backend="postgres", scope="fleet", address="postgres.fleet.table.public.tenants", kind="table",
                 action=Action.CREATE)  # fmt: skip
    text = render_markdown(Plan(changes=[own, *changes]))
    assert "`table.documents.column.note` in 9,998 of 10,000 schemas (all but tenant_00000, tenant_00001)" in text
    assert "`table.documents.column.note` in tenant_00000, tenant_00001 **destructive**" in text
    assert "`table.public.tenants`" in text  # the database's own change keeps its row
    assert text.count("tenant_09999") == 0  # no row, no statement per tenant
    assert text.count("ADD COLUMN note") == 2  # once per group, for its first schema
    assert "-- for tenant_00002, and the same in every schema of its group" in text
    assert len(text) < 5_000


def test_a_tenant_name_cannot_open_markdown() -> None:
    text = render_markdown(Plan(changes=[_note("t`<img src=x>|"), _note("t2")]))
    outside_code = text.split("```sql")[0]  # inside the fence it is code, shown as written
    assert not re.search(r"(?<!\\)<img", outside_code) and "in t\\`\\<img src=x\\>\\|, t2" in outside_code, text
