"""Operator classes: how an index method handles a type."""

from pydantic import Field

from reconciler.field_defaults import empty_list
from reconciler.postgres.model.node import Node


class OperatorClass(Node):
    """An operator class (pg_opclass): with the members of its own family, or in a family made on its own with the
    members bound to it (queries/operator_classes.sql)."""

    schema_name: str
    name: str
    method: str
    family: str | None = Field(default=None, description="The family of the same schema it is in; None: its own.")
    input_type: str = Field(description="FOR TYPE, as format_type prints it.")
    default: bool = False
    storage: str | None = None
    operators: list[str] = Field(
        default_factory=empty_list,
        description="`strategy operator(left,right) [FOR ORDER BY family]`, as regoperator prints the operator.",
    )
    functions: list[str] = Field(
        default_factory=empty_list,
        description="`number (left, right) function(arguments)`, as regprocedure prints the function.",
    )
    comment: str | None = None
    family_comment: str | None = Field(default=None, description="Its own family's comment (None in a shared one).")


class OperatorFamily(Node):
    """An operator family made on its own (pg_opfamily) with its loose members: not the one an operator class of
    the same name holds alone (queries/operator_families.sql)."""

    schema_name: str
    name: str
    method: str
    operators: list[str] = Field(
        default_factory=empty_list,
        description="`strategy operator(left,right) [FOR SEARCH | FOR ORDER BY family]`, as regoperator prints it.",
    )
    functions: list[str] = Field(
        default_factory=empty_list,
        description="`number (left, right) function(arguments)`, as regprocedure prints the function.",
    )
    comment: str | None = None
