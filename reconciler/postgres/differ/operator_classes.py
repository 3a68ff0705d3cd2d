"""Operator classes: created and dropped as declared; a changed comment is set in place, any other change drops
and creates the class with the indexes that use it around it (operator_classes.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reconciler.postgres import operator_classes
from reconciler.postgres.differ.addresses import display_name
from reconciler.postgres.differ.recreated import diff_recreated
from reconciler.postgres.model import OperatorClass

if TYPE_CHECKING:
    from reconciler.postgres.differ import _Differ


def address(opclass: OperatorClass) -> str:
    """`operator_class.my_text_ops USING btree` (schema-qualified outside public)."""
    return f"{operator_classes.KIND}.{display_name(opclass.schema_name, opclass.name)} USING {opclass.method}"


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
    )
