"""Operator classes as a state file declares them (spec/operator_classes.py), from the live model."""

from __future__ import annotations

from typing import Any

from reconciler.postgres.fragments import FragmentError
from reconciler.postgres.model import Database, OperatorClass
from reconciler.postgres.spec.operator_classes import parse_function_member, parse_operator_member


def _declaration(opclass: OperatorClass) -> dict[str, Any]:
    found: dict[str, Any] = {"using": opclass.method, "type": opclass.input_type}
    if opclass.default:
        found["default"] = True
    if opclass.storage is not None:
        found["storage"] = opclass.storage
    if opclass.operators:
        found["operators"] = list(opclass.operators)
    if opclass.functions:
        found["functions"] = list(opclass.functions)
    if opclass.comment is not None:
        found["comment"] = opclass.comment
    return found


def operator_classes(live: Database, schema: str, left_out: list[str]) -> dict[str, Any]:
    """The schema's operator classes by name; one whose member a state file cannot hold, or a second class of
    the same name (for another index method), is left out with a note."""
    declared: dict[str, Any] = {}
    for opclass in live.operator_classes.values():
        if opclass.schema_name != schema:
            continue
        where = f"operator class {schema}.{opclass.name} USING {opclass.method}"
        if opclass.name in declared:
            left_out.append(f"{where}: a state file declares one operator class of a name per schema")
            continue
        try:
            for text in opclass.operators:
                parse_operator_member(text)
            for text in opclass.functions:
                parse_function_member(text)
        except FragmentError as exc:
            left_out.append(f"{where}: a member state files cannot hold ({exc})")
            continue
        declared[opclass.name] = _declaration(opclass)
    return declared
