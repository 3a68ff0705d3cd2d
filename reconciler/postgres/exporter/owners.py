"""Owners written into an exported document: the file's top-level `owner:` and the exceptions to it.

The top-level owner is the role that owns most of the exported schemas and
objects (the connecting role when there are none), so a typical file names
one owner once; `owner:` goes on each schema or object another role owns.
Owners are then compared everywhere (owners.py), and export -> plan is "No
changes". The `public` schema is the exception: the top-level owner does not
cover it, so its own `owner:` is written unless initdb's pg_database_owner
still owns it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from reconciler.postgres.exporter.operators import signature_key
from reconciler.postgres.model import Database
from reconciler.postgres.owners import INITDB_SCHEMA

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
    "shell_type": "shell_types",
    "collation": "collations",
    "operator": "operators",
    "operator_class": "operator_classes",
    "text_search_configuration": "text_search_configurations",
    "text_search_dictionary": "text_search_dictionaries",
    "FUNCTION": "functions",
    "PROCEDURE": "procedures",
    "AGGREGATE": "aggregates",
}
# Shorthands that become mappings once they carry an owner: the bare value is this field.
_SHORTHAND_FIELD = {"enums": "labels", "domains": "type", "ranges": "subtype", "statistics": "columns"}
# initdb's owner of the public schema (PostgreSQL 15): left as it is, so not written.
_INITDB_OWNER = "pg_database_owner"


@dataclass(frozen=True)
class _Declared:
    """One schema or object the document declares, and who owns it (for a routine: each of its overloads)."""

    body: dict[str, Any]  # the schema's mapping (a table's or materialized view's, for its statistics)
    section: str | None  # None: the schema itself
    name: str
    owners: tuple[str, ...]


def add_owners(schemas: dict[str, dict[str, Any]], live: Database, connecting_role: str) -> tuple[str, list[str]]:
    """Write `owner:` onto every declared object the file's owner does not own; the file's owner and notes.

    The notes name routines whose overloads have different owners: the file declares one owner per name.
    """
    found = list(_declared(schemas, live))
    counted = Counter(owner for item in found if not _initdb_schema(item) for owner in item.owners)
    top = _most_common(counted, connecting_role)
    notes: list[str] = []
    for item in found:
        if _initdb_schema(item):
            if item.owners[0] != _INITDB_OWNER:
                item.body["owner"] = item.owners[0]
            continue
        owner = _most_common(Counter(item.owners), top)
        if len(set(item.owners)) > 1:
            notes.append(f"{item.section}.{item.name}: overloads owned by {', '.join(sorted(set(item.owners)))}")
        if owner != top:
            _write(item, owner)
    return top, notes


def _initdb_schema(item: _Declared) -> bool:
    """The public schema itself, which only its own `owner:` covers."""
    return item.section is None and item.name == INITDB_SCHEMA


def _most_common(counted: Counter[str], preferred: str) -> str:
    """The role counted most often; on a tie `preferred` if it is among the first, else the first by name."""
    if not counted:
        return preferred
    most = max(counted.values())
    tied = sorted(role for role, count in counted.items() if count == most)
    return preferred if preferred in tied else tied[0]


def _declared(schemas: dict[str, dict[str, Any]], live: Database) -> Iterator[_Declared]:
    """The owned schemas and objects the document declares, routines grouped by the name the file keys them by."""
    # (schema, (section, relation) whose `statistics` declares it or None, section, name) -> owners
    grouped: dict[tuple[str, tuple[str, str] | None, str | None, str], list[str]] = {}
    for key, entry in live.owners.items():
        body = schemas.get(entry.schema_name)
        if body is None:
            continue
        kind = key.partition(":")[0]
        if kind == "operator_family":
            if _in_document(body, "operator_families", entry.name):
                grouped.setdefault((entry.schema_name, None, "operator_families", entry.name), []).append(entry.owner)
            continue  # the family of a class's own name goes with the class's `owner:` (owners.py)
        if kind == "statistics":  # declared under its relation: `tables.<table>.statistics.<name>`
            for relations in ("tables", "materialized_views"):
                relation = body.get(relations, {}).get(entry.name)
                if isinstance(relation, dict) and _in_document(relation, "statistics", entry.member or ""):
                    where = (entry.schema_name, (relations, entry.name), "statistics", entry.member or "")
                    grouped.setdefault(where, []).append(entry.owner)
            continue
        section = None if kind == "schema" else _SECTIONS.get(entry.word if kind == "function" else kind)
        # Operators are keyed by signature in the document: `||+ (text, text)`.
        name = signature_key(entry.name, entry.member or "") if kind == "operator" else entry.name
        if section is not None and not _in_document(body, section, name):
            continue  # left out of the document (the header says why): its owner goes with it
        grouped.setdefault((entry.schema_name, None, section, name), []).append(entry.owner)
    for (schema, relation, section, name), owners in grouped.items():
        body = schemas[schema] if relation is None else schemas[schema][relation[0]][relation[1]]
        yield _Declared(body, section, name, tuple(owners))


def _in_document(body: dict[str, Any], section_name: str, name: str) -> bool:
    section = body.get(section_name)
    if not isinstance(section, dict) or name not in section:
        return False
    return isinstance(section[name], (dict, list)) or section_name in _SHORTHAND_FIELD


def _write(item: _Declared, owner: str) -> None:
    if item.section is None:
        item.body["owner"] = owner
        return
    section = item.body[item.section]
    declared = section[item.name]
    if isinstance(declared, list) and item.section in _SHORTHAND_FIELD:  # an enum's bare list of labels
        declared = {_SHORTHAND_FIELD[item.section]: declared}
    elif isinstance(declared, list):  # overloads: the file says one owner per name, on each of them
        for overload in declared:
            overload["owner"] = owner
        return
    if not isinstance(declared, dict):
        declared = {_SHORTHAND_FIELD[item.section]: declared}
    declared["owner"] = owner
    section[item.name] = declared
