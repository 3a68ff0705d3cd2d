"""A table's or view's rewrite rules as its state file declares them.

The condition and the commands are pg_get_ruledef's parts (rules.py), repaired
by `reparseable` like view queries, so that creating the rule again stores
the same tree. Left out when they are the defaults: `instead: false` (DO ALSO),
no `where`, no `actions` (DO NOTHING), `enabled: true`.
"""

from __future__ import annotations

from typing import Any

from reconciler.postgres import fragments
from reconciler.postgres.exporter.deparsed import reparseable, strip_parens
from reconciler.postgres.firing import DECLARED
from reconciler.postgres.model import Rule, Table, View


def rule(relation: Table | View, found: Rule) -> dict[str, Any] | str:
    """One rule's fields, or why the file cannot declare it (a line for the export's header)."""
    where = f"{relation.schema_name}.{relation.name}: rule {found.name}"
    if found.event == "select":
        return f"{where}: an ON SELECT rule other than a view's own"
    spec: dict[str, Any] = {"event": found.event}
    if found.instead:
        spec["instead"] = True
    try:
        if found.where is not None:
            spec["where"] = strip_parens(reparseable(found.where))
            fragments.check_expression(spec["where"])
        if found.actions:
            spec["actions"] = [reparseable(action) for action in found.actions]
            for action in spec["actions"]:
                fragments.check_rule_action(action)
    except fragments.FragmentError as exc:
        return f"{where}: {exc}"
    if found.enabled != "origin":
        spec["enabled"] = DECLARED[found.enabled]
    if found.comment is not None:
        spec["comment"] = found.comment
    return spec


def rules(relation: Table | View, skip: set[str], left_out: list[str]) -> dict[str, Any]:
    """The `rules` entry of a table or view, if it has any; rules named in `skip` are left to the header."""
    declared = {}
    for name, found in relation.rules.items():
        if name in skip:
            continue
        spec = rule(relation, found)
        if isinstance(spec, str):
            left_out.append(spec)
        else:
            declared[name] = spec
    return {"rules": declared} if declared else {}
