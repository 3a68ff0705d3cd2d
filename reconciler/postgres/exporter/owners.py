"""Owners written into an exported document, on the objects it declares.

Only objects another role than the connecting one owns carry `owner:`
(owners.py): a declaration without it means the connecting role.
"""

from __future__ import annotations

from typing import Any

from reconciler.postgres.model import Database, ObjectOwner

# Graph kind (or SQL word for routines) -> the schema section that declares it.
_SECTIONS = {
    "table": "tables",
    "view": "views",
    "matview": "materialized_views",
    "sequence": "sequences",
    "enum": "enums",
    "domain": "domains",
    "type": "composite_types",
    "range": "ranges",
    "collation": "collations",
    "FUNCTION": "functions",
    "PROCEDURE": "procedures",
    "AGGREGATE": "aggregates",
}
# Shorthands that become mappings once they carry an owner: the bare value is this field.
_SHORTHAND_FIELD = {"enums": "labels", "domains": "type", "ranges": "subtype"}


def add_owners(schemas: dict[str, dict[str, Any]], live: Database) -> None:
    """Write `owner:` onto every declared object another role owns."""
    overloads: dict[tuple[str, str], int] = {}
    routines = [(f.schema_name, f.name) for f in live.functions.values()]
    for routine in routines + [(a.schema_name, a.name) for a in live.aggregates.values()]:
        overloads[routine] = overloads.get(routine, 0) + 1
    for key, entry in live.owners.items():
        body = schemas.get(entry.schema_name)
        if body is None:
            continue
        kind = key.partition(":")[0]
        if kind == "schema":
            body["owner"] = entry.owner
            continue
        if kind == "function" and overloads.get((entry.schema_name, entry.name), 0) != 1:
            continue  # the file keys routines by name: it cannot say which overload
        _place(body, _SECTIONS.get(entry.word if kind == "function" else kind), entry)


def _place(body: dict[str, Any], section_name: str | None, entry: ObjectOwner) -> None:
    section = body.get(section_name or "")
    if not isinstance(section, dict) or entry.name not in section:
        return  # left out of the document (the header says why): its owner goes with it
    declared = section[entry.name]
    if not isinstance(declared, dict):
        field = _SHORTHAND_FIELD.get(section_name or "")
        if field is None:
            return
        declared = {field: declared}
    declared["owner"] = entry.owner
    section[entry.name] = declared
