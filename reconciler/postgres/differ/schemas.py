"""Schemas the live database holds and the file does not declare, under `undeclared_schemas: drop`.

Only then does the live side hold such schemas (the backend inspects them
for that setting alone; see undeclared_schemas.py). Their objects are absent
from the desired side, so the per-kind walks already drop each of them as its
own destructive change, in dependency order; what is left here is the schema
itself, dropped last and without CASCADE, after the shell operators PostgreSQL
made for commutators and negators in it. A schema holding something state
files cannot declare is kept: that object is never dropped for its absence,
so the schema could not go either, and the plan says why.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reconciler.changes import Action, Hazard
from reconciler.postgres import ddl_schemas, undeclarable
from reconciler.postgres.operators import drop_shells

if TYPE_CHECKING:
    from reconciler.postgres.differ import _Differ

SCHEMA_DROPPED = Hazard(code="data_loss", message="the schema is dropped with everything in it")


def drop_undeclared_schemas(differ: _Differ) -> None:
    for schema in differ.live.schemas:
        if schema in differ.desired.schemas:
            continue
        held = [e for e in differ.live.undeclarable if e.schema_name == schema]
        blocked = None
        if held:
            what = "; ".join(undeclarable.describe(entry) for entry in held[:3])
            more = f" and {len(held) - 3} more" if len(held) > 3 else ""
            blocked = f"it holds what state files cannot declare ({what}{more}); drop it by hand"
        differ.add(
            f"schema.{schema}",
            "schema",
            Action.DELETE,
            None,
            None,
            [*drop_shells(differ.live, schema), *ddl_schemas.drop_schema(schema)],
            destructive=True,
            hazards=[SCHEMA_DROPPED],
            blocked=blocked,
        )
