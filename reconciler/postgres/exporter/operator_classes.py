"""Operator classes and families as a state file declares them (spec/operator_classes.py), from the live model."""

from __future__ import annotations

from typing import Any

from reconciler.postgres.fragments import FragmentError
from reconciler.postgres.model import Database, OperatorClass, OperatorFamily
from reconciler.postgres.spec.operator_classes import parse_function_member, parse_operator_member


def _member_problem(operators: list[str], functions: list[str]) -> FragmentError | None:
    """Why a state file cannot hold one of these members (as the catalog prints them), or None."""
    try:
        for text in operators:
            parse_operator_member(text)
        for text in functions:
            parse_function_member(text)
    except FragmentError as exc:
        return exc
    return None


def _declaration(opclass: OperatorClass) -> dict[str, Any]:
    found: dict[str, Any] = {"using": opclass.method, "type": opclass.input_type}
    if opclass.family is not None:
        found["family"] = opclass.family
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
    if opclass.family_comment is not None:
        found["family_comment"] = opclass.family_comment
    return found


def operator_classes(live: Database, schema: str, left_out: list[str], families: dict[str, Any]) -> dict[str, Any]:
    """The schema's operator classes by name; one whose member a state file cannot hold, a second class of
    the same name (for another index method), or one in a family `families` (the declared ones) lacks, is left
    out with a note."""
    declared: dict[str, Any] = {}
    for opclass in live.operator_classes.values():
        if opclass.schema_name != schema:
            continue
        where = f"operator class {schema}.{opclass.name} USING {opclass.method}"
        family = None if opclass.family is None else families.get(opclass.family)
        if opclass.family is not None and (family is None or family["using"] != opclass.method):
            left_out.append(f"{where}: its family {opclass.family} is left out")
            continue
        if opclass.name in declared:
            left_out.append(f"{where}: a state file declares one operator class of a name per schema")
            continue
        if (problem := _member_problem(opclass.operators, opclass.functions)) is not None:
            left_out.append(f"{where}: a member state files cannot hold ({problem})")
            continue
        declared[opclass.name] = _declaration(opclass)
    return declared


def _family_declaration(family: OperatorFamily) -> dict[str, Any]:
    found: dict[str, Any] = {"using": family.method}
    if family.operators:
        found["operators"] = list(family.operators)
    if family.functions:
        found["functions"] = list(family.functions)
    if family.comment is not None:
        found["comment"] = family.comment
    return found


def operator_families(live: Database, schema: str, left_out: list[str]) -> dict[str, Any]:
    """The schema's operator families made on their own by name, left out as operator_classes leaves classes
    out; a class in a family left out is left out too (its `family` would name nothing)."""
    declared: dict[str, Any] = {}
    for family in live.operator_families.values():
        if family.schema_name != schema:
            continue
        where = f"operator family {schema}.{family.name} USING {family.method}"
        if family.name in declared:
            left_out.append(f"{where}: a state file declares one operator family of a name per schema")
            continue
        if (problem := _member_problem(family.operators, family.functions)) is not None:
            left_out.append(f"{where}: a member state files cannot hold ({problem})")
            continue
        declared[family.name] = _family_declaration(family)
    return declared
