"""Operators: created and dropped as declared; new estimators are set in place, any other change re-creates them.

PostgreSQL 15's ALTER OPERATOR sets only RESTRICT and JOIN, so a new function, commutator, negator, HASHES or
MERGES drops the operator and creates it again, with what uses it (views, constraints, indexes) around it.

Commutator and negator links are kept on both operators of a pair, and DROP OPERATOR clears the link its
partner holds. An operator that stays while the operator it links to is dropped for good would keep a link to
nothing, where the state file names a shell (the empty operator PostgreSQL creates for a name that does not
exist): such an operator is dropped and created again after that drop, which makes the shell and the link.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reconciler.changes import Action
from reconciler.postgres.differ.addresses import _field_changes, display_name
from reconciler.postgres.differ.comments import comment_change
from reconciler.postgres.differ.hazards import DEPENDENTS
from reconciler.postgres.model import Operator, operator_key
from reconciler.postgres.operators import (
    alter_estimators,
    create_operator,
    drop_operator,
    only_estimators_differ,
    operator_id,
    target,
)
from reconciler.postgres.spec.operators import split_reference

if TYPE_CHECKING:
    from reconciler.postgres.differ import _Differ


def address(operator: Operator) -> str:
    return f"operator.{display_name(operator.schema_name, operator.name)}({operator.arguments})"


def diff_operators(differ: _Differ) -> None:
    """Create, alter, drop, and drop-and-create operators (pg_depend orders them around their functions)."""

    def update(want: Operator, have: Operator) -> None:
        if only_estimators_differ(want, have):
            needs = tuple(differ.desired_graph.needs.get(operator_id(want), ()))
            statements = differ.tag(alter_estimators(want, have), "alter", operator_id(want), needs=needs)
            statements += comment_change(target(want), want.comment, have.comment)
            differ.add(
                address(want), "operator", Action.UPDATE, have, want, statements, detail=_field_changes(have, want)
            )
            return
        statements = differ.tag(drop_operator(have), "drop", operator_id(have))
        statements += differ.tag(create_operator(want), "create", operator_id(want))
        differ.replace(address(want), "operator", want, have, statements, [DEPENDENTS])

    differ.keyed(
        "operator",
        differ.desired.operators,
        differ.live.operators,
        address,
        lambda op: differ.tag(create_operator(op), "create", operator_id(op)),
        lambda op: differ.tag(drop_operator(op), "drop", operator_id(op)),
        update,
        ident=operator_id,
    )
    _relink(differ)


def _linked_keys(operator: Operator) -> list[str]:
    """Keys of the operators `operator` links to: its commutator (arguments swapped) and negator (the same)."""
    found = []
    if operator.commutator is not None and operator.left is not None:
        schema, name = split_reference(operator.commutator)
        found.append(operator_key(schema or operator.schema_name, name, operator.right, operator.left))
    if operator.negator is not None:
        schema, name = split_reference(operator.negator)
        found.append(operator_key(schema or operator.schema_name, name, operator.left, operator.right))
    return found


def _relink(differ: _Differ) -> None:
    """Re-create kept operators that link to an operator the plan drops for good (see the module docstring)."""
    dropped = {key for key in differ.live.operators if key not in differ.desired.operators}
    dropped = {key for key in dropped if operator_id(differ.live.operators[key]) not in differ.held}
    if not dropped:
        return
    touched = {change.address.removeprefix(f"{differ.base}.") for change in differ.changes if change.kind == "operator"}
    for key, want in differ.desired.operators.items():
        have = differ.live.operators.get(key)
        if have is None or address(want) in touched:
            continue
        gone = [linked for linked in _linked_keys(have) if linked in dropped]
        if not gone:
            continue
        ids = (operator_id(want), *(operator_id(differ.live.operators[k]) for k in gone))
        statements = differ.tag(drop_operator(have), "drop", operator_id(have))
        # Tagged as creating the dropped operators too: it runs after their drops, and so makes the shells.
        statements += differ.tag(create_operator(want), "create", *ids)
        detail = [f"re-created after {k}, which it links to, is dropped: the link becomes a shell" for k in gone]
        differ.add(
            address(want), "operator", Action.REPLACE, have, want, statements, hazards=[DEPENDENTS], detail=detail
        )
