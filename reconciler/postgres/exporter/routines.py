"""Procedures (and, through `routine_declaration`, functions) read back into state-file declarations."""

from __future__ import annotations

from typing import Any

from reconciler.postgres.ddl_routines import setting_value_sql
from reconciler.postgres.exporter.declarations import body_key, function_declaration
from reconciler.postgres.exporter.deparsed import reparseable
from reconciler.postgres.model import Function


def procedure_declaration(procedure: Function) -> dict[str, Any]:
    """A procedure: arguments (IN, OUT, INOUT), language, SECURITY DEFINER, SET clauses, body, comment."""
    spec: dict[str, Any] = {}
    if procedure.arguments:
        spec["arguments"] = reparseable(procedure.arguments)
    spec["language"] = procedure.language
    if procedure.security_definer:
        spec["security_definer"] = True
    if procedure.settings:
        spec["set"] = {name: setting_value_sql(name, value) for name, value in procedure.settings.items()}
    spec[body_key(procedure)] = procedure.body
    if procedure.comment is not None:
        spec["comment"] = procedure.comment
    return spec


def routine_declaration(routine: Function) -> dict[str, Any]:
    """A function's or a procedure's declaration, by its kind."""
    return procedure_declaration(routine) if routine.kind == "procedure" else function_declaration(routine)
