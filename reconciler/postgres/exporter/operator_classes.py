"""Operator classes and families as a state file declares them (spec/operator_classes.py), from the live model."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from reconciler.postgres.fragments import FragmentError
from reconciler.postgres.model import Database, OperatorClass, OperatorFamily
from reconciler.postgres.spec.operator_classes import parse_function_member, parse_operator_member

MembersT = TypeVar("MembersT", OperatorClass, OperatorFamily)


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
    _members_and_comment(opclass, found)
    if opclass.family_comment is not None:
        found["family_comment"] = opclass.family_comment
    return found


def operator_classes(live: Database, schema: str, left_out: list[str], families: dict[str, Any]) -> dict[str, Any]:
    """The schema's operator classes by name; one in a family `families` (the declared ones) lacks is left out with
    a note, as `_declared` leaves others out."""

    def family_left_out(opclass: OperatorClass) -> str | None:
        family = None if opclass.family is None else families.get(opclass.family)
        if opclass.family is not None and (family is None or family["using"] != opclass.method):
            return f"its family {opclass.family} is left out"
        return None

    found = live.operator_classes.values()
    return _declared(found, schema, "operator class", left_out, _declaration, family_left_out)


def _family_declaration(family: OperatorFamily) -> dict[str, Any]:
    found: dict[str, Any] = {"using": family.method}
    _members_and_comment(family, found)
    return found


def _members_and_comment(obj: OperatorClass | OperatorFamily, found: dict[str, Any]) -> None:
    """A class's or family's operators, support functions and comment, in the order a state file writes them."""
    if obj.operators:
        found["operators"] = list(obj.operators)
    if obj.functions:
        found["functions"] = list(obj.functions)
    if obj.comment is not None:
        found["comment"] = obj.comment


def operator_families(live: Database, schema: str, left_out: list[str]) -> dict[str, Any]:
    """The schema's operator families made on their own by name, as `_declared` keeps them; a class in a family
    left out is left out too (its `family` would name nothing)."""
    return _declared(live.operator_families.values(), schema, "operator family", left_out, _family_declaration)


def _declared(
    found: Iterable[MembersT],
    schema: str,
    what: str,
    left_out: list[str],
    declaration: Callable[[MembersT], dict[str, Any]],
    refused: Callable[[MembersT], str | None] = lambda _: None,
) -> dict[str, Any]:
    """The declarations of `found` in `schema` by name; one `refused` names a reason for, a second one of the same
    name (for another index method), or one whose member a state file cannot hold, is left out with a note."""
    declared: dict[str, Any] = {}
    for obj in found:
        if obj.schema_name != schema:
            continue
        reason = refused(obj)
        if reason is None and obj.name in declared:
            reason = f"a state file declares one {what} of a name per schema"
        if reason is None and (problem := _member_problem(obj.operators, obj.functions)) is not None:
            reason = f"a member state files cannot hold ({problem})"
        if reason is not None:
            left_out.append(f"{what} {schema}.{obj.name} USING {obj.method}: {reason}")
            continue
        declared[obj.name] = declaration(obj)
    return declared
