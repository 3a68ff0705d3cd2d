"""Privileges and default privileges written into an exported document, next to the objects they are on.

Runs on the finished document: privileges go only onto objects the document
declares (a left-out object's would name something the file does not create).
"""

from __future__ import annotations

from typing import Any

from reconciler.postgres.aggregates import argument_list
from reconciler.postgres.exporter.deparsed import reparseable
from reconciler.postgres.model import Acl, Database, ObjectPrivileges

# Sections of a schema that hold types by name (enums here; kinds other modules add hold theirs by name too).
_NOT_TYPES = {
    "tables",
    "views",
    "materialized_views",
    "sequences",
    "functions",
    "grants",
    "type_grants",
    "sequence_grants",
    "default_privileges",
}


def grants_value(acl: Acl) -> dict[str, Any]:
    """grantee -> `[select, insert]`, or `{privileges: [...], with_grant_option: true | [...]}`."""
    value: dict[str, Any] = {}
    for grantee, held in acl.items():  # in the ACL's order, which the materializer grants in
        privileges = sorted(held)
        optioned = [p for p in privileges if held[p]]
        if not optioned:
            value[grantee] = privileges
        else:
            value[grantee] = {
                "privileges": privileges,
                "with_grant_option": True if optioned == privileges else optioned,
            }
    return value


def add_privileges(schemas: dict[str, dict[str, Any]], live: Database) -> None:
    """Write each declared object's privileges, and each schema's default privileges, into `schemas`."""
    # Overloads are declared as a list, in the order the exporter met them: the same order as here.
    overloads: dict[tuple[str, str, str], list[str]] = {}
    for fn in live.functions.values():
        if fn.kind in ("function", "procedure"):
            overloads.setdefault((fn.kind, fn.schema_name, fn.name), []).append(fn.identity_arguments)
    for privileges in live.privileges.values():
        body = schemas.get(privileges.schema_name)
        if body is None or not privileges.grants:
            continue
        variants = overloads.get((privileges.kind, privileges.schema_name, privileges.name), [])
        if len(variants) > 1:
            _place_overload(body, privileges, variants)
            continue
        _place(body, privileges)
    for entry in live.default_privileges.values():
        body = schemas.get(entry.schema_name) if entry.schema_name is not None else None
        if body is not None and entry.grants:
            by_role = body.setdefault("default_privileges", {}).setdefault(entry.role, {})
            by_role[entry.on_type] = grants_value(entry.grants)


def database_default_privileges(live: Database) -> dict[str, Any]:
    """The database-wide default privileges (no IN SCHEMA), as the database's `default_privileges:`."""
    found: dict[str, Any] = {}
    for entry in live.default_privileges.values():
        if entry.schema_name is None and entry.grants:
            found.setdefault(entry.role, {})[entry.on_type] = grants_value(entry.grants)
    return found


def _place(body: dict[str, Any], privileges: ObjectPrivileges) -> None:
    value = grants_value(privileges.grants)
    name, kind = privileges.name, privileges.kind
    if kind == "schema":
        body["grants"] = value
    elif kind == "materialized view" and name in body.get("materialized_views", {}):
        body["materialized_views"][name]["grants"] = value
    elif kind in ("table", "view", "sequence", "function", "procedure"):
        section = body.get(f"{kind}s", {})
        aggregates = body.get("aggregates", {})
        if name in section:
            section[name] = _with_grants(section[name], value)
        elif kind == "function" and isinstance(aggregates.get(name), list):
            _place_aggregate_overload(aggregates[name], privileges.member or "", value)
        elif kind == "function" and name in aggregates:
            aggregates[name] = _with_grants(aggregates[name], value)
        elif kind == "sequence":
            body.setdefault("sequence_grants", {})[name] = value
    elif kind == "column":
        table = body.get("tables", {}).get(name)
        view = body.get("views", {}).get(name) or body.get("materialized_views", {}).get(name)
        column = privileges.member
        if table is not None and column in table["columns"]:
            table["columns"][column] = _with_grants(table["columns"][column], value)
        elif view is not None and column is not None:
            view.setdefault("column_grants", {})[column] = value
    elif kind in ("enum", "domain", "type") and _declares_type(body, name):
        body.setdefault("type_grants", {})[name] = value


def _place_overload(body: dict[str, Any], privileges: ObjectPrivileges, variants: list[str]) -> None:
    """Grants of one overload, on its entry in the name's list (when every overload was declared)."""
    declared = body.get(f"{privileges.kind}s", {}).get(privileges.name)
    if isinstance(declared, list) and len(declared) == len(variants) and privileges.member in variants:
        declared[variants.index(privileges.member)]["grants"] = grants_value(privileges.grants)


def _place_aggregate_overload(declared: list[dict[str, Any]], member: str, value: dict[str, Any]) -> None:
    """Grants of one aggregate overload, on the entry of its arguments (the exporter wrote them as it read them)."""
    arguments = argument_list(reparseable(member))
    for entry in declared:
        if entry["arguments"] == arguments:
            entry["grants"] = value


def _with_grants(declared: Any, value: dict[str, Any]) -> dict[str, Any]:
    """An object's declaration with `grants` added (a column's bare-type shorthand becomes a mapping)."""
    spec = {"type": declared} if isinstance(declared, str) else declared
    spec["grants"] = value
    return spec


def _declares_type(body: dict[str, Any], name: str) -> bool:
    return any(isinstance(section, dict) and name in section for key, section in body.items() if key not in _NOT_TYPES)
