"""Operator classes: created and dropped as declared; a changed comment is set in place, any other change drops
and creates the class with the indexes that use it around it (operator_classes.py). Operator families made on
their own: created and dropped as declared, their loose members added and dropped in place and their comment set
(operator_families.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reconciler.changes import Action, Statement
from reconciler.postgres import operator_classes, operator_families
from reconciler.postgres.differ.addresses import display_name
from reconciler.postgres.differ.comments import comment_change
from reconciler.postgres.differ.recreated import diff_recreated
from reconciler.postgres.model import OperatorClass, OperatorFamily

if TYPE_CHECKING:
    from reconciler.postgres.differ import _Differ


def address(opclass: OperatorClass) -> str:
    """`operator_class.my_text_ops USING btree` (schema-qualified outside public)."""
    return f"{operator_classes.KIND}.{display_name(opclass.schema_name, opclass.name)} USING {opclass.method}"


def _comments_changed(want: OperatorClass, have: OperatorClass) -> list[Statement] | None:
    """COMMENT ON the class and its own family where only those comments change; None where anything else does."""
    fields = {"comment", "family_comment"}
    if want.model_dump(exclude=fields) != have.model_dump(exclude=fields):
        return None
    statements = comment_change(operator_classes.target(want), want.comment, have.comment)
    own_family = operator_classes.own_family(want)
    return statements + comment_change(own_family, want.family_comment, have.family_comment)


def diff_operator_classes(differ: _Differ) -> None:
    diff_recreated(
        differ,
        operator_classes.KIND,
        differ.desired.operator_classes,
        differ.live.operator_classes,
        address=address,
        ident=operator_classes.graph_id,
        create=operator_classes.create,
        drop=operator_classes.drop,
        comment_target=operator_classes.target,
        in_place=_comments_changed,
    )


def family_address(family: OperatorFamily) -> str:
    """`operator_family.integer_ops USING btree` (schema-qualified outside public)."""
    return f"{operator_families.KIND}.{display_name(family.schema_name, family.name)} USING {family.method}"


def _own_family_of(classes: dict[str, OperatorClass], family: OperatorFamily) -> tuple[str, ...]:
    """The graph id of the class whose own family has this family's name, method and schema (none: ())."""
    opclass = classes.get(operator_classes.key(family.schema_name, family.name, family.method))
    return (operator_classes.graph_id(opclass),) if opclass is not None and opclass.family is None else ()


def diff_operator_families(differ: _Differ) -> None:
    # A family made on its own where a class's own family of its name stands (or is to stand): the one is
    # created after that class is dropped with its family, and dropped before that class is created with its own.
    def create(family: OperatorFamily) -> list[Statement]:
        ident = operator_families.graph_id(family)
        return differ.tag(
            operator_families.create(family), "create", ident, *_own_family_of(differ.live.operator_classes, family)
        )

    def drop(family: OperatorFamily) -> list[Statement]:
        ident = operator_families.graph_id(family)
        return differ.tag(
            operator_families.drop(family), "drop", ident, *_own_family_of(differ.desired.operator_classes, family)
        )

    def update(want: OperatorFamily, have: OperatorFamily) -> None:
        ident = operator_families.graph_id(want)
        # Dropping members runs before what they name is dropped; adding them after what they name is created.
        # Both alter the family: where a function or operator it names is re-created, that change adds every
        # member again and these are folded into it (dependents.py).
        dropped, added = operator_families.members_changed(want, have)
        needs = tuple(differ.desired_graph.needs.get(ident, ()))
        statements = differ.tag(dropped, "alter", ident) + differ.tag(added, "alter", ident, needs=needs)
        statements += comment_change(operator_families.target(want), want.comment, have.comment)
        differ.add(family_address(want), operator_families.KIND, Action.UPDATE, have, want, statements)

    differ.keyed(
        operator_families.KIND,
        differ.desired.operator_families,
        differ.live.operator_families,
        family_address,
        create,
        drop,
        update,
        ident=operator_families.graph_id,
    )
