"""Plan one database's seed rows: read live rows, check references, diff.

Inserts and updates run in dependency order (referenced tables first),
deletes in reverse, all after the schema changes of the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import psycopg

from reconciler.changes import Change
from reconciler.errors import StateError, StateIssue
from reconciler.postgres.model import Database
from reconciler.postgres.plan_phases import phase
from reconciler.postgres.seeds.differ import diff_seeds
from reconciler.postgres.seeds.inspect import SAME_NAMES, LiveNames, LiveRow, existing_keys, live_rows
from reconciler.postgres.seeds.stage import NormalizedTable


@dataclass
class SeedPlan:
    changes: list[Change] = field(default_factory=list)


def _check_references(
    conn: psycopg.Connection[Any] | None,
    table: NormalizedTable,
    staged: list[NormalizedTable],
    live: Database,
    names: LiveNames,
) -> list[StateIssue]:
    """A reference must name a row that is seeded or already in the database."""
    issues: list[StateIssue] = []
    for field_name, ref in table.seed.references.items():
        target = next((t for t in staged if (t.seed.schema, t.seed.table) == (ref.schema, ref.table)), None)
        seeded = {r.values.get(ref.key) for r in target.rows} if target else set()
        wanted = {r.refs[field_name] for r in table.rows} - seeded
        if wanted and conn is not None and f"{ref.schema}.{ref.table}" in live.tables:
            wanted -= existing_keys(conn, ref.schema, ref.table, ref.key, sorted(wanted), names)
        for row in table.rows:
            if row.refs[field_name] in wanted:
                issues.append(
                    table.seed.source.issue(
                        (*row.path, field_name),
                        f"{ref.table} row with {ref.key} = {row.refs[field_name]!r} "
                        "is neither seeded nor in the database",
                    )
                )
    return issues


def plan_seeds(
    conn: psycopg.Connection[Any] | None,
    database: str,
    staged: list[NormalizedTable],
    live: Database,
    names: LiveNames = SAME_NAMES,
) -> SeedPlan:
    """Changes for every seeded table of a database; `conn` is None when the database does not exist yet.

    `live` is the live model by the new names of pending renames; `names` says where the rows are read now.
    """
    if not staged:
        return SeedPlan()  # no seed rows: no seeds phase either
    with phase("seeds"):
        return _plan_seeds(conn, database, staged, live, names)


def _plan_seeds(
    conn: psycopg.Connection[Any] | None,
    database: str,
    staged: list[NormalizedTable],
    live: Database,
    names: LiveNames,
) -> SeedPlan:
    plan = SeedPlan()
    issues: list[StateIssue] = []
    deletes: list[list[Change]] = []
    for table in staged:
        issues += _check_references(conn, table, staged, live, names)
        exists = conn is not None and f"{table.seed.schema}.{table.seed.table}" in live.tables
        rows: dict[tuple[str, ...], LiveRow] | None = table.live
        if rows is None and exists and conn is not None:
            rows = live_rows(conn, table, names, live)
        upserts, removals = diff_seeds(database, table, rows)
        plan.changes += upserts
        deletes.append(removals)
    if issues:
        raise StateError(issues)
    for removals in reversed(deletes):
        plan.changes += removals
    return plan
