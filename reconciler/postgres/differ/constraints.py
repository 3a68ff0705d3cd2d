"""Constraint changes that need not drop and re-add: a NOT VALID constraint that becomes valid is validated."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reconciler.changes import Action, Hazard
from reconciler.postgres import ddl, ddl_constraints
from reconciler.postgres.dependencies import member_id, table_id
from reconciler.postgres.differ.addresses import _field_changes, display_name
from reconciler.postgres.differ.comments import comment_change
from reconciler.postgres.differ.online import OUTSIDE_TRANSACTION
from reconciler.postgres.identifiers import quote_ident
from reconciler.postgres.locks import Kind
from reconciler.postgres.model import Constraint, Table

if TYPE_CHECKING:
    from reconciler.postgres.differ import _Differ

NOT_VALID = " NOT VALID"
VALIDATION = Hazard(code="long_validation", message="scans the whole table to validate existing rows")


def is_not_valid(constraint: Constraint) -> bool:
    """True for a NOT VALID check or foreign key: adding it checks no existing row."""
    return constraint.definition.endswith(NOT_VALID)


def becomes_valid(want: Constraint, have: Constraint) -> bool:
    """The same constraint, NOT VALID live and valid in the file: VALIDATE CONSTRAINT does it in place."""
    return (
        is_not_valid(have)
        and not is_not_valid(want)
        and want.kind == have.kind
        and have.definition.removesuffix(NOT_VALID) == want.definition
    )


def _only_comments_differ(want: Constraint, have: Constraint) -> bool:
    """The constraint's own comment or its index's is all that differs."""
    comments = {"comment", "index_comment"}
    return want.model_dump(exclude=comments) == have.model_dump(exclude=comments)


def update_constraint(differ: _Differ, table_address: str, table: Table, want: Constraint, have: Constraint) -> None:
    """COMMENT ON where only comments change; VALIDATE CONSTRAINT where only validity does; else drop and add."""
    address = f"{table_address}.constraint.{want.name}"
    if _only_comments_differ(want, have):
        target, index = ddl_constraints.constraint_target(table, want), ddl_constraints.index_target(table, want)
        statements = comment_change(target, want.comment, have.comment)
        statements += comment_change(index, want.index_comment, have.index_comment)
        detail = _field_changes(have, want)
        differ.add(address, "constraint", Action.UPDATE, have, want, statements, detail=detail)
        return
    if becomes_valid(want, have):
        # Online, after the transaction (SHARE UPDATE EXCLUSIVE lets writes go on); otherwise inside it.
        online = differ.online.enabled
        phase = ddl.Phase.ONLINE_VALIDATE if online else ddl.Phase.ADD_FOREIGN_KEY
        sql = f"ALTER TABLE {ddl.table_name(table)} VALIDATE CONSTRAINT {quote_ident(want.name)}"
        statements = differ.tag([ddl.stmt(sql, phase)], "alter", member_id("constraint", table, want.name))
        detail = ["valid: False -> True"]
        hazards = [OUTSIDE_TRANSACTION] if online else [VALIDATION]
        differ.add(address, "constraint", Action.UPDATE, have, want, statements, hazards=hazards, detail=detail)
        return
    statements = differ.drop_constraint(table, have) + differ.add_constraint_online(table, want)
    differ.replace(address, "constraint", want, have, statements, differ.constraint_hazards(table, want))


def validate_partition_copies(differ: _Differ) -> None:
    """VALIDATE CONSTRAINT on a partition for each copy of its parent's NOT VALID check the state validates there.

    Only the partition's copy is validated (SHARE UPDATE EXCLUSIVE on it and a scan of its rows; the parent's
    check stays NOT VALID). A copy the state leaves out is never made NOT VALID again (PostgreSQL cannot; a
    partition created after the check has its copy valid), so only the missing ones are planned: those of a
    kept partition the live one lacks, and every one of a partition the plan creates, attaches or re-creates.
    """
    online = differ.online.enabled
    phase = ddl.Phase.ONLINE_VALIDATE if online else ddl.Phase.ADD_FOREIGN_KEY
    for key, want in differ.desired.tables.items():
        if want.partition_of is None or not want.validated_copies:
            continue
        have = differ.live.tables.get(key)
        kept = (
            have is not None
            and have.partition_of == want.partition_of
            and not {key, want.partition_of.key} & differ.recreated
        )
        parent = differ.desired.tables.get(want.partition_of.key)
        for name in want.validated_copies:
            if kept and have is not None and name in have.validated_copies:
                continue
            sql = f"ALTER TABLE {ddl.table_name(want)} VALIDATE CONSTRAINT {quote_ident(name)}"
            needs = (table_id(want), *([member_id("constraint", parent, name)] if parent is not None else []))
            statement = ddl.stmt(sql, phase, ddl.lock_on(Kind.VALIDATE_CONSTRAINT, want))
            statements = differ.tag([statement], "alter", member_id("constraint", want, name), needs=needs)
            address = f"table.{display_name(want.schema_name, want.name)}.constraint.{name}"
            detail = ["its copy of the partitioned table's NOT VALID check: validated on the partition alone"]
            hazards = [OUTSIDE_TRANSACTION] if online else [VALIDATION]
            differ.add(address, "constraint", Action.UPDATE, None, None, statements, hazards=hazards, detail=detail)
