"""Operator classes: how an index method handles a type."""

from __future__ import annotations

from pydantic import Field

from reconciler.postgres.model.node import Node


class OperatorClass(Node):
    """An operator class (pg_opclass) with the members of its own family (queries/operator_classes.sql)."""

    schema_name: str
    name: str
    method: str
    input_type: str = Field(description="FOR TYPE, as format_type prints it.")
    default: bool = False
    storage: str | None = None
    operators: list[str] = Field(
        default_factory=list,
        description="`strategy operator(left,right) [FOR ORDER BY family]`, as regoperator prints the operator.",
    )
    functions: list[str] = Field(
        default_factory=list,
        description="`number (left, right) function(arguments)`, as regprocedure prints the function.",
    )
    comment: str | None = None
