"""Declarative partitioning and table inheritance: what a table's CREATE says about its parents.

A partitioned table (`PARTITION BY RANGE (d)`) holds no rows itself; its
partitions (`PARTITION OF parent FOR VALUES ...`) take every column from it,
and what is declared on the parent (columns, keys, indexes, foreign keys,
triggers) reaches each partition by itself. An inheritance child (`INHERITS
(parent)`) takes its parents' columns next to its own. So the model keeps, per
table, only what the table itself declares: its local columns (attislocal),
its own constraints, indexes and triggers; the copies PostgreSQL makes from a
parent are left out by the catalog queries and come and go with the parent.

This module reads those table-level attributes from the catalogs, renders
them for materialize (from the state file) and for the planner (from the
model), and records each child's need of its parent in the dependency graph,
so a parent is created before and dropped after its children.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any, Protocol

from reconciler.postgres.dependencies import object_id, table_id
from reconciler.postgres.firing import FROM_CATALOG
from reconciler.postgres.identifiers import qualify, quote_ident, quote_literal
from reconciler.postgres.model import Database, Table, TableName
from reconciler.postgres.spec.tables import ParentSpec, TableSpec


class _Mapping(Protocol):
    def logical(self, physical: str) -> str: ...

    def text(self, value: str) -> str: ...


def table_fields(row: Mapping[str, Any], m: _Mapping) -> dict[str, Any]:
    """A row of queries/tables.sql as the partitioning and inheritance fields of `model.Table`."""
    parents = [
        TableName(schema_name=m.logical(schema), name=name)
        for schema, name in zip(row["parent_schemas"] or [], row["parent_names"] or [], strict=True)
    ]
    fields: dict[str, Any] = {"partition_by": None if row["partition_by"] is None else m.text(row["partition_by"])}
    if row["is_partition"] and parents:
        fields["partition_of"] = parents[0]
        fields["partition_bound"] = row["partition_bound"]
        names, parent_names = row["attached_index_names"] or [], row["attached_index_parents"] or []
        fields["attached_indexes"] = dict(zip(parent_names, names, strict=True))
        if row["validated_copies"]:
            fields["validated_copies"] = list(row["validated_copies"])
        if row["clone_firing"]:
            fields["clone_firing"] = {
                n: FROM_CATALOG[f] for n, _, f in (e.rpartition("=") for e in row["clone_firing"])
            }
    else:
        fields["inherits"] = parents
    return fields


def parents(table: Table) -> list[TableName]:
    """The tables `table` takes columns from: its partitioned table, or the tables it inherits."""
    return [table.partition_of] if table.partition_of is not None else list(table.inherits)


def add_parent_dependencies(db: Database) -> None:
    """Record that a partition or child needs its parent (pg_depend records a partition's as automatic only)."""
    for table in db.tables.values():
        needs = db.dependencies.setdefault(table_id(table), [])
        for parent in parents(table):
            parent_id = object_id("table", parent.schema_name, parent.name)
            if parent_id not in needs:
                needs.append(parent_id)
        if not needs:
            del db.dependencies[table_id(table)]


def create_table_sql(name: str, definitions: list[str], table: Table) -> str:
    """CREATE TABLE for a model table: plain, partitioned, a partition, an inheritance child or a typed table."""
    return _create_sql(
        name,
        definitions,
        partition_of=None if table.partition_of is None else _qualified(table.partition_of),
        bound=table.partition_bound,
        inherits=[_qualified(p) for p in table.inherits],
        partition_by=table.partition_by,
        of_type=table.of_type,
    )


def spec_clauses(table: TableSpec, own_schema: str, schemas: Mapping[str, str]) -> tuple[str, str, bool]:
    """For materialize: what goes after the table name, what after the column list, and whether the list is needed.

    Parents are named in their throwaway schemas (`schemas`: logical -> physical).
    """
    partition_of = None
    if table.partition_of is not None:
        partition_of = _spec_parent(table.partition_of, own_schema, schemas)
    inherits = [_spec_parent(parent, own_schema, schemas) for parent in table.inherits]
    head = f" PARTITION OF {partition_of}" if partition_of is not None else ""
    head += f" OF {table.of_type}" if table.of_type is not None else ""
    tail = _tail(
        None if table.partition_of is None else table.partition_of.bounds.strip(), inherits, table.partition_by
    )
    return head, tail, partition_of is None and table.of_type is None


def spec_not_null_sql(qualified: str, table: TableSpec) -> list[str]:
    """For materialize: SET NOT NULL on the columns a partition makes NOT NULL for itself (`partition_of.not_null`)."""
    if table.partition_of is None:
        return []
    return [f"ALTER TABLE {qualified} ALTER COLUMN {quote_ident(c)} SET NOT NULL" for c in table.partition_of.not_null]


def attached_index_rename_sql(partition: str, parent_index: str, schema: str, name: str) -> str:
    """For materialize: rename the index PostgreSQL gave `partition` for `parent_index` to `name`.

    Which name PostgreSQL chose is looked up in pg_inherits, so the rename never depends on guessing
    it. A parent index the partition has no attached index for is an error that names it. Every
    argument but `schema` (physical, for format's %I) is a qualified name, quoted as a literal here.
    """
    body = (
        "DECLARE child name; BEGIN "
        "SELECT c.relname INTO child FROM pg_inherits i JOIN pg_index x ON x.indexrelid = i.inhrelid "
        "JOIN pg_class c ON c.oid = i.inhrelid "
        f"WHERE i.inhparent = to_regclass({quote_literal(parent_index)}) "
        f"AND x.indrelid = {quote_literal(partition)}::regclass; "
        "IF child IS NULL THEN RAISE EXCEPTION 'the parent table has no index or key named %', "
        f"{quote_literal(parent_index)}; END IF; "
        f"IF child <> {quote_literal(name)} THEN "
        f"EXECUTE format('ALTER INDEX %I.%I RENAME TO %I', {quote_literal(schema)}, child, "
        f"{quote_literal(name)}); END IF; END"
    )
    return f"DO {quote_literal(body)}"


def own_not_null(table: Table, parent: Table | None) -> list[str]:
    """For export: a partition's columns that are NOT NULL while its parent's are nullable.

    Columns of the partition's own primary key are left out: the key makes them NOT NULL by itself.
    """
    if table.partition_of is None or parent is None:
        return []
    keyed = {c for k in table.constraints.values() if k.kind == "primary_key" for c in k.columns}
    return [
        name
        for name, column in table.columns.items()
        if column.not_null and name not in keyed and name in parent.columns and not parent.columns[name].not_null
    ]


def column_options(table: Table, parent: Table | None) -> list[str]:
    """For a new partition: `c WITH OPTIONS NOT NULL` for each column NOT NULL in it but not in `parent`."""
    return [f"{quote_ident(name)} WITH OPTIONS NOT NULL" for name in own_not_null(table, parent)]


def _create_sql(
    name: str,
    definitions: list[str],
    *,
    partition_of: str | None,
    bound: str | None,
    inherits: list[str],
    partition_by: str | None,
    of_type: str | None = None,
) -> str:
    head = f"CREATE TABLE {name}" + (f" PARTITION OF {partition_of}" if partition_of is not None else "")
    head += f" OF {of_type}" if of_type is not None else ""
    body = ",\n  ".join(definitions)
    if definitions or (partition_of is None and of_type is None):
        head += f" (\n  {body}\n)" if definitions else " ()"
    return head + _tail(bound, inherits, partition_by)


def _tail(bound: str | None, inherits: list[str], partition_by: str | None) -> str:
    tail = f" {bound}" if bound is not None else ""
    if inherits:
        tail += f" INHERITS ({', '.join(inherits)})"
    if partition_by is not None:
        tail += f" PARTITION BY {partition_by.strip()}"
    return tail


def _qualified(parent: TableName) -> str:
    return qualify(parent.schema_name, parent.name)


def _spec_parent(parent: ParentSpec, own_schema: str, schemas: Mapping[str, str]) -> str:
    schema = parent.schema_ or own_schema
    return qualify(schemas.get(schema, schema), parent.table)


def spec_parent_key(parent: ParentSpec, own_schema: str) -> tuple[str, str]:
    """(schema, table) of a parent the state file names."""
    return parent.schema_ or own_schema, parent.table


def spec_ancestors(schemas: Mapping[str, Any], own_schema: str, table: TableSpec) -> Iterator[tuple[str, TableSpec]]:
    """The partitioned tables a state-file table is a partition under, nearest first, with their schemas.

    Stops at a parent the state does not declare, and before a cycle (reported by validate on its own).
    """
    seen: set[tuple[str, str]] = set()
    of, schema = table.partition_of, own_schema
    while of is not None:
        key = spec_parent_key(of, schema)
        parent = schemas[key[0]].tables.get(key[1]) if key[0] in schemas and key not in seen else None
        if parent is None:
            return
        seen.add(key)
        yield key[0], parent
        of, schema = parent.partition_of, key[0]


def inherited_columns(
    schemas: Mapping[str, Any], own_schema: str, table: TableSpec, seen: Callable[[tuple[str, str]], bool]
) -> set[str]:
    """Every column a state-file table has: its own and, recursively, its parents' (for validate)."""
    columns = set(table.columns)
    if table.of_type is not None:  # a typed table: its type's attributes, when the file declares the type
        type_schema, _, type_name = table.of_type.rpartition(".")
        schema = schemas.get(type_schema.strip('"') or own_schema)
        composite = schema.composite_types.get(type_name.strip('"')) if schema is not None else None
        columns |= set(composite.attributes) if composite is not None else set()
    parent_specs: list[ParentSpec] = [table.partition_of] if table.partition_of is not None else list(table.inherits)
    for parent in parent_specs:
        key = spec_parent_key(parent, own_schema)
        schema = schemas.get(key[0])
        parent_table = schema.tables.get(key[1]) if schema is not None else None
        if parent_table is not None and not seen(key):
            columns |= inherited_columns(schemas, key[0], parent_table, seen)
    return columns


def generated_index_names(partition: str, parent: Table, parent_index: str) -> list[str]:
    """The names PostgreSQL gives a partition's index for the parent's index or key `parent_index`.

    ChooseIndexName's: `<partition>_pkey`, or the index's column names (`expr` for an expression)
    joined and followed by `_key`, `_excl` or `_idx`, with a number where the name was taken; in that
    order. Empty where this cannot work it out (an expression key, a name PostgreSQL would shorten).
    Export leaves names in this list to PostgreSQL; a plan that creates such an index itself takes the
    first one free.
    """
    constraint = parent.constraints.get(parent_index)
    if constraint is not None:
        if constraint.kind == "primary_key":
            stem = f"{partition}_pkey"
        else:
            label = "excl" if constraint.kind == "exclude" else "key"
            stem = "_".join([partition, *constraint.columns, label])
    elif parent_index in parent.indexes:
        columns = _index_columns(parent.indexes[parent_index].using)
        if columns is None:
            return []
        stem = "_".join([partition, *columns, "idx"])
    else:
        return []
    if len(stem.encode()) > 63:
        return []  # PostgreSQL shortens it in its own way: written out
    return [stem, *(f"{stem}{n}" for n in range(1, 10))]


_INDEX = re.compile(r"^\w+ \((?P<keys>.*?)\)(?: INCLUDE \((?P<include>[^()]*)\))?(?: WHERE .*)?$")
_COLUMN = re.compile(r'^(?P<name>[a-z_][a-z0-9_$]*|"(?:[^"]|"")+")(?: .*)?$')


def _index_columns(using: str) -> list[str] | None:
    """The column names of pg_get_indexdef's `method (keys) INCLUDE (...)`, `expr` for an expression; None if unsure."""
    match = _INDEX.match(using)
    if match is None or "(" in match["keys"]:
        return None  # an expression key: its name and numbering are not worth guessing
    items = [*match["keys"].split(", "), *(match["include"].split(", ") if match["include"] else [])]
    names = []
    for item in items:
        column = _COLUMN.match(item)
        if column is None:
            return None
        name = column["name"]
        names.append(name[1:-1].replace('""', '"') if name.startswith('"') else name)
    return names
