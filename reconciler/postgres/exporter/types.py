"""Domains, composite types and range types as a state file declares them.

Each value is written in the catalog's spelling, which reads back the same;
check expressions are PostgreSQL's deparsed text made reparseable, as for
tables. A domain check's name is left out when PostgreSQL would choose it
again (`<domain>_check`, then `<domain>_check1`... for checks declared
without a name, in order).
"""

from __future__ import annotations

import re
from typing import Any

from reconciler.postgres.collations import declared_collation
from reconciler.postgres.exporter.deparsed import closing_bracket, reparseable, strip_parens, tokenize
from reconciler.postgres.identifiers import object_name
from reconciler.postgres.model import CompositeType, Database, Domain, RangeType
from reconciler.postgres.user_types import default_multirange_name

_INTEGER = re.compile(r"^-?[0-9]+$")


def domains(live: Database, schema: str, left_out: list[str]) -> dict[str, Any]:
    declared: dict[str, Any] = {}
    for domain in live.domains.values():
        if domain.schema_name == schema:
            spec = domain_declaration(domain, left_out)
            if spec is not None:
                declared[domain.name] = spec
    return declared


def domain_declaration(domain: Domain, left_out: list[str]) -> Any:
    """The domain's fields, or the bare base type when that is all it has; None when a check cannot be said."""
    spec: dict[str, Any] = {"type": domain.base_type}
    if domain.not_null:
        spec["nullable"] = False
    if domain.default is not None:
        default = reparseable(domain.default)
        spec["default"] = int(default) if _INTEGER.match(default) and str(int(default)) == default else default
    if domain.collation is not None:
        spec["collation"] = declared_collation(domain.collation)
    checks: list[Any] = []
    unnamed = True  # whether every check so far was declared without a name
    for i, check in enumerate(domain.checks.values()):
        definition = check.definition.removesuffix(" NOT VALID")
        valid = definition == check.definition
        tokens = tokenize(definition)
        if not (definition.startswith("CHECK (") and closing_bracket(tokens, 1) == len(tokens) - 1):
            left_out.append(f"domain {domain.schema_name}.{domain.name}: constraint {check.name} ({definition})")
            return None
        expression = strip_parens(reparseable(definition[len("CHECK (") : -1], {"VALUE": domain.base_type}))
        # A NOT VALID check is added after the domain's others, a commented one is named: names are kept.
        unnamed = unnamed and valid and check.comment is None
        unnamed = unnamed and check.name == object_name(domain.name, None, f"check{i or ''}")
        entry: dict[str, Any] = {"name": check.name, "expression": expression}
        if not valid:
            entry["valid"] = False
        if check.comment is not None:
            entry["comment"] = check.comment
        checks.append(expression if unnamed else entry)
    if checks:
        spec["checks"] = checks
    if domain.comment is not None:
        spec["comment"] = domain.comment
    return spec["type"] if len(spec) == 1 else spec


def composite_types(live: Database, schema: str) -> dict[str, Any]:
    return {t.name: composite_declaration(t) for t in live.composite_types.values() if t.schema_name == schema}


def composite_declaration(composite: CompositeType) -> dict[str, Any]:
    attributes: dict[str, Any] = {}
    for attribute in composite.attributes:
        entry: dict[str, Any] = {"type": attribute.type}
        if attribute.collation is not None:
            entry["collation"] = declared_collation(attribute.collation)
        if attribute.comment is not None:
            entry["comment"] = attribute.comment
        attributes[attribute.name] = entry if len(entry) > 1 else attribute.type
    spec: dict[str, Any] = {"attributes": attributes}
    if composite.comment is not None:
        spec["comment"] = composite.comment
    return spec


def ranges(live: Database, schema: str) -> dict[str, Any]:
    return {r.name: range_declaration(r) for r in live.ranges.values() if r.schema_name == schema}


def range_declaration(rng: RangeType) -> Any:
    spec: dict[str, Any] = {"subtype": rng.subtype}
    for key, value in (
        ("subtype_opclass", rng.subtype_opclass),
        ("collation", None if rng.collation is None else declared_collation(rng.collation)),
        ("canonical", rng.canonical),
        ("subtype_diff", rng.subtype_diff),
    ):
        if value is not None:
            spec[key] = value
    if rng.multirange is not None and rng.multirange != default_multirange_name(rng.name):
        spec["multirange"] = rng.multirange
    if rng.comment is not None:
        spec["comment"] = rng.comment
    return spec["subtype"] if len(spec) == 1 else spec


def shell_types(live: Database, schema: str) -> dict[str, Any]:
    """Each shell type as a mapping (`{}` without a comment), which `owner:` can join."""
    return {
        t.name: ({"comment": t.comment} if t.comment is not None else {})
        for t in live.shell_types.values()
        if t.schema_name == schema
    }
