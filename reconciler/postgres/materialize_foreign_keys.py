"""A state file's foreign keys rendered as DDL for the trial, and which of them CREATE TABLE can carry.

The trial adds a foreign key with ALTER TABLE ... ADD FOREIGN KEY once every
table exists. That command checks the table's rows against the referenced key:
PostgreSQL plans and runs a query per key (RI_Initial_Check). With the ALTER
TABLE around it that is 0.4 ms of the server's time per key on an empty table
(400 keys in one transaction: 0.52 s added apart, 0.36 s in CREATE TABLE), and
the trial's tables are always empty. A foreign key written in CREATE TABLE is added by the same code right
after the table and its own keys, marked valid without that check (so NOT
VALID exists only in ALTER TABLE). The catalog rows are the same wherever
nothing else can tell the two apart, so the first attempt of a trial writes a
key inline (`inlined_foreign_keys`) only where:

- both tables are plain: no partitioning, inheritance, type or foreign server
  (a partition clones its parent's keys when it is created, and by recursion
  when the key comes later);
- the referenced table is the table itself or created before it, and the
  referenced columns are one of the keys its CREATE TABLE makes, not deferrable
  (PostgreSQL takes the oldest unique index over those columns, which is that
  key's in either order);
- the key is valid;
- an unnamed key's name cannot depend on what exists when it is added:
  PostgreSQL names it `<table>_<columns>_fkey`, or the first of `..._fkey1`,
  `..._fkey2`, ... no constraint of the schema has yet. That holds where no
  other unnamed key of the schema gets the same name and no constraint of the
  schema is named `...fkey<digits>` in the file (PostgreSQL's own names for
  other constraints end in pkey, key, check or excl).

Where anything of the trial's DDL fails, it is run again with every key added
by ALTER TABLE (normalize.py), so that an error names the key's own place in
the file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from reconciler.postgres.identifiers import foreign_key_name, qualify, quote_ident
from reconciler.postgres.materialize_sources import SourcePath
from reconciler.postgres.materialize_tables import name_clause, repeated_unique_keys
from reconciler.postgres.options_sql import deferral_sql
from reconciler.postgres.spec.constraints import ForeignKeySpec, Reference
from reconciler.postgres.spec.database import DatabaseSpec, SchemaSpec
from reconciler.postgres.spec.tables import TableSpec

_NUMBERED_FKEY = re.compile(r"fkey[0-9]*$")


def _reference_sql(ref: Reference, own_schema: str, schemas: dict[str, str]) -> str:
    # Always qualified: unqualified, the search path would find a same-named table of another schema first.
    target_schema = ref.schema_ or own_schema
    table = qualify(schemas.get(target_schema, target_schema), ref.table)
    columns = ", ".join(quote_ident(c) for c in ref.columns)
    return f"{table}({columns})"


def _actions(on_delete: str | None, on_update: str | None, set_columns: list[str] | None = None) -> str:
    sql = ""
    if on_delete:
        sql += f" ON DELETE {on_delete.upper()}"
        if set_columns:
            sql += f" ({', '.join(quote_ident(c) for c in set_columns)})"
    if on_update:
        sql += f" ON UPDATE {on_update.upper()}"
    return sql


def foreign_key_clause(fk: ForeignKeySpec, own_schema: str, schemas: dict[str, str]) -> str:
    """`CONSTRAINT n FOREIGN KEY (a) REFERENCES s.t(id) ...`, as ALTER TABLE ... ADD and CREATE TABLE take it."""
    cols = ", ".join(quote_ident(c) for c in fk.columns)
    on_delete, on_update = fk.on_delete or fk.references.on_delete, fk.on_update or fk.references.on_update
    sql = (
        f"{name_clause(fk.name or fk.references.name)}"
        f"FOREIGN KEY ({cols}) REFERENCES {_reference_sql(fk.references, own_schema, schemas)}"
        f"{' MATCH FULL' if fk.match == 'full' else ''}"
        f"{_actions(on_delete, on_update, fk.on_delete_columns)}"
    )
    sql += deferral_sql(fk.deferrable, fk.initially_deferred)
    return sql + ("" if fk.valid else " NOT VALID")


def foreign_key_sql(qualified: str, fk: ForeignKeySpec, own_schema: str, schemas: dict[str, str]) -> str:
    """ALTER TABLE ... ADD FOREIGN KEY."""
    return f"ALTER TABLE {qualified} ADD {foreign_key_clause(fk, own_schema, schemas)}"


Place = tuple[str | int, ...]
Keys = dict[tuple[str, str], list[tuple[ForeignKeySpec, Place]]]


def table_foreign_keys(table: TableSpec) -> list[tuple[ForeignKeySpec, Place]]:
    """Every foreign key of a table (a column's `references` as a one-column key) and its place in the table."""
    keys: list[tuple[ForeignKeySpec, Place]] = [
        (ForeignKeySpec(columns=[name], references=column.references), ("columns", name, "references"))
        for name, column in table.columns.items()
        if column.references
    ]
    return keys + [(fk, ("foreign_keys", i)) for i, fk in enumerate(table.foreign_keys)]


def foreign_keys(spec: DatabaseSpec) -> Keys:
    """Every table's foreign keys (table_foreign_keys), by schema and table."""
    return {
        (logical, name): table_foreign_keys(table)
        for logical, schema in spec.schemas.items()
        for name, table in schema.tables.items()
    }


def _plain(table: TableSpec) -> bool:
    return (
        table.partition_by is None
        and table.partition_of is None
        and not table.inherits
        and table.of_type is None
        and table.foreign is None
    )


def _own_keys(table: TableSpec) -> set[frozenset[str]]:
    """The column sets of the keys a table's CREATE TABLE makes that a foreign key may reference (not deferrable)."""
    keys = {frozenset([name]) for name, column in table.columns.items() if column.primary_key or column.unique}
    key = table.primary_key
    if key is not None and not key.only and not key.deferrable:
        keys.add(frozenset(key.columns))
    repeated = repeated_unique_keys(table)
    for i, unique in enumerate(table.unique):
        if i not in repeated and not unique.only and not unique.deferrable:
            keys.add(frozenset(unique.columns))
    return keys


def _explicit_constraint_names(logical: str, schema: SchemaSpec, keys: Keys) -> Iterator[str]:
    """The constraint names the file gives in a schema: keys, checks, exclusions, foreign keys, domain checks."""
    for name, table in schema.tables.items():
        for _, key, _ in table.table_keys():
            yield key.name or ""
        for check in table.checks:
            yield check.name or ""
        for exclusion in table.exclude:
            yield exclusion.name or ""
        for fk, _ in keys[(logical, name)]:
            yield fk.name or fk.references.name or ""
    for domain in schema.domains.values():
        for check in domain.checks:
            yield check.name or ""


def _unnamed_keys_inlinable(logical: str, schema: SchemaSpec, keys: Keys) -> set[str]:
    """The names PostgreSQL gives the schema's unnamed foreign keys whatever their order (see the module's text)."""
    if any(_NUMBERED_FKEY.search(name) for name in _explicit_constraint_names(logical, schema, keys)):
        return set()
    seen: set[str] = set()
    repeated: set[str] = set()
    for table_name in schema.tables:
        for fk, _ in keys[(logical, table_name)]:
            if fk.name is None and fk.references.name is None:
                name = foreign_key_name(table_name, fk.columns)
                (repeated if name in seen else seen).add(name)
    return seen - repeated


def inlined_foreign_keys(spec: DatabaseSpec, keys: Keys) -> set[SourcePath]:
    """The places of the foreign keys (`keys`: foreign_keys) CREATE TABLE can carry in the trial, with the same
    result (see the module's text)."""
    order = {name: position for position, name in enumerate(keys)}
    own_keys: dict[tuple[str, str], set[frozenset[str]]] = {}
    inlined: set[SourcePath] = set()
    for logical, schema in spec.schemas.items():
        free_names = _unnamed_keys_inlinable(logical, schema, keys)
        for name, table in schema.tables.items():
            if not _plain(table):
                continue
            for fk, place in keys[(logical, name)]:
                target = (fk.references.schema_ or logical, fk.references.table)
                if not fk.valid or order.get(target, len(order)) > order[(logical, name)]:
                    continue
                referenced = spec.schemas[target[0]].tables[target[1]]
                if target not in own_keys:
                    own_keys[target] = _own_keys(referenced) if _plain(referenced) else set()
                if frozenset(fk.references.columns) not in own_keys[target]:
                    continue
                unnamed = fk.name is None and fk.references.name is None
                if unnamed and foreign_key_name(name, fk.columns) not in free_names:
                    continue
                inlined.add(("schemas", logical, "tables", name, *place))
    return inlined
