"""SET NOT NULL on a filled table without blocking its writers, and finishing one an apply left half done.

A plain SET NOT NULL scans the whole table under ACCESS EXCLUSIVE. Online
(the column's table exists, `online: true`, and its type does not change in
the same plan, which would rewrite the table anyway), the plan instead adds
a helper `CHECK (col IS NOT NULL) NOT VALID` in the transaction, validates it
after the transaction (SHARE UPDATE EXCLUSIVE: reads and writes go on), sets
NOT NULL (PostgreSQL 12+ skips the scan: the valid check proves it) and drops
the helper (ddl_tables.set_not_null_online).

The helper has a reserved name (`_reconcile_nn_<column>`, ddl_tables.not_null_helper_name).
An apply interrupted after the transaction leaves it behind; the next plan
recognizes it by name and definition and never shows it as drift to fix by
hand: it finishes the SET NOT NULL from where it stopped (no second ADD; no
VALIDATE when it is already valid), or drops the helper when the column is
NOT NULL already or no longer should be.
"""

from __future__ import annotations

from reconciler.changes import Hazard, Statement
from reconciler.postgres import ddl_tables
from reconciler.postgres.model import Column, Constraint, Table

NULLS_FAIL_VALIDATION = Hazard(
    code="fails_on_rows",
    message="fails if any row holds NULL: the VALIDATE after the transaction then fails, the check stays NOT VALID "
    "(new rows are checked) and the next apply tries again",
)


def leftover_helpers(table: Table) -> dict[str, Constraint]:
    """The helper checks of interrupted online SET NOT NULLs on a live table, by column name."""
    found: dict[str, Constraint] = {}
    for name, constraint in table.constraints.items():
        if constraint.kind != "check" or len(constraint.columns) != 1:
            continue
        column = constraint.columns[0]
        definition = constraint.definition.removesuffix(" NOT VALID")
        if name == ddl_tables.not_null_helper_name(column) and definition == ddl_tables.not_null_helper_definition(
            column
        ):
            found[column] = constraint
    return found


def goes_online(online_table: bool, want: Column, have: Column) -> bool:
    """True to make `have` NOT NULL through a validated check: its type stays (no rewrite in the same plan),
    and it gains no identity (ADD GENERATED ... AS IDENTITY needs the column NOT NULL at once)."""
    return (
        online_table
        and want.not_null
        and not have.not_null
        and want.type == have.type
        and want.collation == have.collation
        and (want.identity is None or have.identity is not None)
    )


def drop_leftover(table: Table, column: str) -> list[Statement]:
    """Drop a helper check nothing needs any more (the column is NOT NULL already, or should not be)."""
    return [ddl_tables.drop_not_null_helper(table, column)]
