"""A table's row level security flags and policies as its state file declares them.

Expressions are PostgreSQL's deparsed text (pg_get_expr), repaired by
`reparseable` like check constraints, so that creating the policy again
stores the same tree. Roles are written by name, and the `roles` field is
left out when it is PostgreSQL's default (public); `command: all`,
`permissive: true` likewise.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reconciler.postgres.exporter.deparsed import reparseable, strip_parens
from reconciler.postgres.model import Policy, Table
from reconciler.postgres.spec.access import POLICY_ROLE_KEYWORDS


def row_level_security(table: Table) -> Any:
    """`true` for plain ENABLE, the mapping when FORCE is set too, None when neither is."""
    if table.force_row_level_security:
        return {"enabled": table.row_level_security, "forced": True}
    return True if table.row_level_security else None


def policy(table: Table, found: Policy, types: Mapping[str, str]) -> dict[str, Any] | str:
    """One policy's fields, or why the file cannot declare it (a line for the export's header)."""
    # A role whose name a state file would read as a keyword (`current_user`, `PUBLIC`) cannot be named there.
    keywords = [role for role in found.roles if role.lower() in POLICY_ROLE_KEYWORDS and role != "public"]
    if keywords:
        return f"{table.schema_name}.{table.name}: policy {found.name}: a role named {keywords[0]!r}, a keyword to TO"
    spec: dict[str, Any] = {}
    if found.command != "all":
        spec["command"] = found.command
    if not found.permissive:
        spec["permissive"] = False
    if found.roles != ["public"]:
        spec["roles"] = list(found.roles)
    if found.using is not None:
        spec["using"] = strip_parens(reparseable(found.using, types))
    if found.with_check is not None:
        spec["with_check"] = strip_parens(reparseable(found.with_check, types))
    if found.comment is not None:
        spec["comment"] = found.comment
    return spec


def table_security(table: Table, types: Mapping[str, str], skip: set[str], left_out: list[str]) -> dict[str, Any]:
    """The `row_level_security` and `policies` entries of a table; policies named in `skip` are left to the header."""
    entries: dict[str, Any] = {}
    flags = row_level_security(table)
    if flags is not None:
        entries["row_level_security"] = flags
    policies = {}
    for name, found in table.policies.items():
        if name in skip:
            continue
        declared = policy(table, found, types)
        if isinstance(declared, str):
            left_out.append(declared)
        else:
            policies[name] = declared
    if policies:
        entries["policies"] = policies
    return entries
