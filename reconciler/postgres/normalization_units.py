"""The units the normalization cache keeps: one per table, and one for everything else (the "base").

A table's normalized form (its columns, constraints, indexes, triggers,
policies, rules, grants, the sequences its serial columns own, what pg_depend says
it needs) depends on its own declaration and on a few other things: the
types, functions, sequences and collations it may use (all of them are in
the base declaration), the tables its foreign keys reference (their names,
columns and keys), the schemas on the search_path, the server and its
extensions, and reconcile's own code. A table's key is the digest of exactly
those, so editing one table changes its key and the keys of the tables whose
foreign keys point at it, and nothing else.

The base (enums, domains, functions, sequences, views, grants on schemas...)
is one unit. When the state holds something of the base that reads tables
(a view, a materialized view, a sequence owned by a column, grants on a
serial's sequence) or tables that lean on other tables' structure
(partitions, inheritance), the base key covers every table's declaration and
a miss runs the whole trial: per-object reuse is only used where it is
known to give what the whole trial gives. A table with policies or rules
(whose expressions and commands may read any table) is keyed by every
table's declaration.

This module is pure: the declaration side (keys, the partial trial's spec)
and the model side (splitting a normalized database into units and joining
units back).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import TypeAdapter

from reconciler.postgres import publication_filters
from reconciler.postgres.dependencies import object_id, table_members
from reconciler.postgres.identifiers import quote_ident
from reconciler.postgres.inspector import privileges_in_order
from reconciler.postgres.model import Database
from reconciler.postgres.spec.access import DatabaseDefaultPrivileges
from reconciler.postgres.spec.database import DatabaseSpec, SchemaSpec
from reconciler.postgres.spec.tables import ColumnSpec, TableSpec

TableName = tuple[str, str]


def digest(value: Any) -> str:
    """A digest of JSON data in its own key order: the order of columns and attributes is part of a declaration."""
    return hashlib.sha256(json.dumps(value, separators=(",", ":")).encode()).hexdigest()


def _declaration_digest(spec: TableSpec | SchemaSpec, exclude: set[str] | None = None) -> str:
    """A digest of one declaration, serialized by pydantic's own JSON encoder (one pass, in field order)."""
    return hashlib.sha256(spec.model_dump_json(by_alias=True, exclude=exclude).encode()).hexdigest()


@dataclass
class UnitKeys:
    """The cache key of every unit of one state file, and whether a partial trial may serve a miss."""

    base: str
    tables: dict[TableName, str] = field(default_factory=dict)
    partial: bool = True

    def all(self) -> list[str]:
        return [self.base, *self.tables.values()]


def reads_tables(spec: DatabaseSpec) -> bool:
    """Whether the base holds something whose normalized form reads tables, or tables lean on others' structure.

    A publication's row filter reads its table's columns (publication_filters.py).
    """
    if publication_filters.filters_tables(spec):
        return True
    for schema in spec.schemas.values():
        if schema.views or schema.materialized_views or schema.sequence_grants:
            return True
        if any(seq.owned_by is not None for seq in schema.sequences.values()):
            return True
        if any(table.partition_of is not None or table.inherits for table in schema.tables.values()):
            return True
    return False


def referenced_tables(schema: str, table: TableSpec) -> list[TableName]:
    """The tables `table`'s foreign keys point at, in declaration order."""
    found: list[TableName] = []
    references = [c.references for c in table.columns.values() if c.references is not None]
    references += [fk.references for fk in table.foreign_keys]
    for ref in references:
        name = (ref.schema_ or schema, ref.table)
        if name not in found:
            found.append(name)
    return found


_DEFAULT_PRIVILEGES = TypeAdapter(DatabaseDefaultPrivileges)


def _dump_default_privileges(spec: DatabaseSpec) -> Any:
    return _DEFAULT_PRIVILEGES.dump_python(spec.default_privileges, mode="json", by_alias=True)


def unit_keys(spec: DatabaseSpec, context: str) -> UnitKeys:
    """Each unit's key; `context` digests the server, its extensions and reconcile's code."""
    tables = {
        (s, t): _declaration_digest(table) for s, schema in spec.schemas.items() for t, table in schema.tables.items()
    }
    base_schemas = {s: _declaration_digest(schema, exclude={"tables"}) for s, schema in spec.schemas.items()}
    partial = not reads_tables(spec)
    all_tables = digest(sorted(([*name, value] for name, value in tables.items()), key=lambda e: e[:2]))
    shared = digest(
        {
            "context": context,
            "extensions": [e.model_dump(mode="json", by_alias=True) for e in spec.extensions],
            "casts": {key: cast.model_dump(mode="json") for key, cast in spec.casts.items()},  # resolved in the base
            "event_triggers": {name: t.model_dump(mode="json") for name, t in spec.event_triggers.items()},  # likewise
            "access_methods": {name: m.model_dump(mode="json") for name, m in spec.access_methods.items()},  # likewise
            "languages": {name: lang.model_dump(mode="json") for name, lang in spec.languages.items()},  # checked there
            "default_privileges": _dump_default_privileges(spec),  # database-wide ones, read in the base
            "settings": spec.settings,  # likewise (database_settings.resolve)
            "role_settings": spec.role_settings,  # likewise
            "schemas": list(spec.schemas),  # their order is the search_path's
            "row_filters": publication_filters.declared_filters(spec),  # normalized in the base
            "base": base_schemas,
        }
    )
    keys = UnitKeys(base=digest({"base": shared, "tables": None if partial else all_tables}), partial=partial)
    for s, schema in spec.schemas.items():
        for t, table in schema.tables.items():
            needed = [[*name, tables.get(name)] for name in referenced_tables(s, table) if name != (s, t)]
            keys.tables[(s, t)] = digest(
                {
                    "shared": shared,
                    "table": [s, t, tables[(s, t)]],
                    "references": needed,
                    "all_tables": all_tables if table.policies or table.rules or not partial else None,
                }
            )
    return keys


def _support_table(table: TableSpec) -> TableSpec:
    """Just enough of a referenced table for a foreign key onto it: its columns and keys, nothing that reads on."""
    columns = {
        name: ColumnSpec(
            type=col.type,
            nullable=col.nullable,
            primary_key=col.primary_key,
            unique=col.unique,
            collation=col.collation,
            identity=col.identity,
        )
        for name, col in table.columns.items()
    }
    indexes = {name: index for name, index in table.indexes.items() if index.unique}
    return TableSpec(
        columns=columns, primary_key=table.primary_key, unique=table.unique, indexes=indexes, exclude=table.exclude
    )


def partial_spec(spec: DatabaseSpec, missing: set[TableName]) -> tuple[DatabaseSpec, set[TableName]]:
    """The state with only the `missing` tables, plus a bare copy of each table they reference.

    Returns that spec and the names of the bare (support) tables, whose normalized form is not used.
    """
    support: set[TableName] = set()
    for s, t in missing:
        support.update(n for n in referenced_tables(s, spec.schemas[s].tables[t]) if n not in missing)
    schemas = {}
    for s, schema in spec.schemas.items():
        tables = {}
        for t, table in schema.tables.items():
            if (s, t) in missing:
                tables[t] = table
            elif (s, t) in support:
                tables[t] = _support_table(table)
        schemas[s] = schema.model_copy(update={"tables": tables})
    return spec.model_copy(update={"schemas": schemas}), support


class UnitConflict(Exception):
    """Two units claim the same object: names PostgreSQL picked depend on what else was created (serials)."""


def _owned_sequences(desired: Database) -> dict[TableName, list[str]]:
    """Keys of the sequences each table's columns own (queries/sequences.sql names the owner relative to its schema).

    One pass over the sequences, looking each owner's prefixes up (a quadratic scan of every table against every
    sequence took seconds at 2,000 tables). A sequence whose owner two tables could claim goes to the first table.
    """
    local: dict[tuple[str, str], TableName] = {}
    qualified: dict[str, TableName] = {}
    position: dict[TableName, int] = {}
    for index, table in enumerate(desired.tables.values()):
        name = (table.schema_name, table.name)
        prefix = f"{quote_ident(table.name)}."
        local.setdefault((table.schema_name, prefix), name)
        qualified.setdefault(f"{quote_ident(table.schema_name)}.{prefix}", name)
        position.setdefault(name, index)
    owned: dict[TableName, list[str]] = {}
    for key, sequence in desired.sequences.items():
        owner = sequence.owned_by or ""
        claims = []
        for end, char in enumerate(owner):
            if char != ".":
                continue
            prefix = owner[: end + 1]
            for claim in (local.get((sequence.schema_name, prefix)), qualified.get(prefix)):
                if claim is not None:
                    claims.append(claim)
        if claims:
            owned.setdefault(min(claims, key=position.__getitem__), []).append(key)
    return owned


def split(desired: Database) -> tuple[Database, dict[TableName, Database]]:
    """The normalized database as its base and one fragment per table (every object in exactly one)."""
    base = desired.model_copy(
        update={
            "tables": {},
            "sequences": dict(desired.sequences),
            "privileges": dict(desired.privileges),
            "dependencies": dict(desired.dependencies),
            "undeclarable": list(desired.undeclarable),
        }
    )
    fragments: dict[TableName, Database] = {}
    owned = _owned_sequences(desired)
    for table in desired.tables.values():
        fragment = Database(name=desired.name, tables={f"{table.schema_name}.{table.name}": table})
        ids = set(table_members(table))
        # An identity column's own sequence: not among the sequences, but its privileges are listed.
        ids |= {
            object_id("sequence", table.schema_name, column.identity_sequence)
            for column in table.columns.values()
            if column.identity_sequence is not None
        }
        for key in owned.get((table.schema_name, table.name), []):
            if key in base.sequences:
                sequence = fragment.sequences[key] = base.sequences.pop(key)
                ids.add(object_id("sequence", sequence.schema_name, sequence.name))
        for graph_id in ids:
            if graph_id in base.privileges:
                fragment.privileges[graph_id] = base.privileges.pop(graph_id)
            if graph_id in base.dependencies:
                fragment.dependencies[graph_id] = base.dependencies.pop(graph_id)
        fragment.undeclarable = [u for u in base.undeclarable if u.protects in ids or u.table in ids]
        base.undeclarable = [u for u in base.undeclarable if not (u.protects in ids or u.table in ids)]
        fragments[(table.schema_name, table.name)] = fragment
    return base, fragments


def _trial_order(schemas: list[str]) -> Callable[[tuple[str, Any]], tuple[str, bytes]]:
    """Sort key giving the order the trial's inspection lists objects in: by throwaway schema, then name (C order)."""
    physical = {name: str(i) for i, name in enumerate(schemas)}
    return lambda item: (physical.get(item[1].schema_name, item[1].schema_name), item[1].name.encode())


def join(base: Database, fragments: list[Database], schemas: list[str]) -> Database:
    """The base with the tables' fragments added, in the trial's order; raises UnitConflict if two claim one object.

    `schemas` are the state file's schemas in its order (the trial's throwaway schemas are numbered so).
    """
    desired = base.model_copy(
        update={
            "tables": dict(base.tables),
            "sequences": dict(base.sequences),
            "privileges": dict(base.privileges),
            "dependencies": dict(base.dependencies),
            "undeclarable": list(base.undeclarable),
        }
    )
    for fragment in fragments:
        for kind in ("tables", "sequences", "privileges", "dependencies"):
            into, items = getattr(desired, kind), getattr(fragment, kind)
            clash = into.keys() & items.keys()
            if clash:
                raise UnitConflict(f"{kind} {sorted(clash)[0]} is claimed twice")
            into.update(items)
        desired.undeclarable += fragment.undeclarable
    order = _trial_order(schemas)
    desired.tables = dict(sorted(desired.tables.items(), key=order))
    desired.sequences = dict(sorted(desired.sequences.items(), key=order))
    desired.privileges = privileges_in_order(desired.privileges)
    desired.dependencies = dict(sorted(desired.dependencies.items()))
    return desired


def trial_units(
    spec: DatabaseSpec, tables: set[TableName], trial: Callable[[DatabaseSpec], Database]
) -> tuple[Database, dict[TableName, Database]] | None:
    """The base and the units of `tables` from a trial of just them (partial_spec); None when it lacks one."""
    part, _support = partial_spec(spec, tables)
    base, fragments = split(trial(part))
    if not tables <= fragments.keys():
        return None
    return base, {name: fragments[name] for name in tables}


def joined(base: Database, fragments: list[Database], spec: DatabaseSpec) -> Database | None:
    """`join` for `spec`'s database; None when two units claim one object (UnitConflict)."""
    try:
        desired = join(base, fragments, list(spec.schemas))
    except UnitConflict:
        return None
    desired.name = spec.database  # the units may have been recorded under another name (renamed, copied)
    return desired
