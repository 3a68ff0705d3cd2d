"""Export of partitioning and inheritance: `partition_by`, `partition_of` and `inherits` of a table.

A partition's columns, keys, indexes, foreign keys and triggers that come
from its parent are the parent's to declare: the inspector leaves those
copies out, so a partition is written with its parent and bound alone (and
the names of its indexes for the parent's where PostgreSQL did not choose
them), and an inheritance child with its own columns only. PostgreSQL's own text is written
back as it is (pg_get_partkeydef, pg_get_expr of the bound), which the
materializer places unchanged, so it renders back exactly.
"""

from __future__ import annotations

import re
from typing import Any

from reconciler.postgres.firing import DECLARED
from reconciler.postgres.model import Table, TableName
from reconciler.postgres.partitions import generated_index_names, own_not_null, parents

_SHORTHAND_NAME = re.compile(r"^[^.()\s]+$")  # what the `table` / `schema.table` shorthand can carry


def parent_entry(parent: TableName, own_schema: str) -> Any:
    """`events`, `archive.events`, or `{table: ..., schema: ...}` when a name does not fit the shorthand."""
    names = [parent.name] + ([parent.schema_name] if parent.schema_name != own_schema else [])
    if all(_SHORTHAND_NAME.match(name) for name in names):
        return parent.name if parent.schema_name == own_schema else f"{parent.schema_name}.{parent.name}"
    entry: dict[str, Any] = {"table": parent.name}
    if parent.schema_name != own_schema:
        entry["schema"] = parent.schema_name
    return entry


def table_fields(table: Table, parent: Table | None = None) -> dict[str, Any]:
    """The partitioning and inheritance fields of a table's declaration, in the order the file shows them.

    `parent` is a partition's partitioned table: the columns NOT NULL only in the partition are written.
    """
    fields: dict[str, Any] = {}
    if table.partition_by is not None:
        fields["partition_by"] = table.partition_by
    if table.partition_of is not None:
        of: dict[str, Any] = {"table": table.partition_of.name}
        if table.partition_of.schema_name != table.schema_name:
            of["schema"] = table.partition_of.schema_name
        of["bounds"] = table.partition_bound
        not_null = own_not_null(table, parent)
        if not_null:
            of["not_null"] = not_null
        names = {
            p: name
            for p, name in table.attached_indexes.items()
            if name and (parent is None or _only(parent, p) or name not in generated_index_names(table.name, parent, p))
        }
        if names:
            of["index_names"] = names
        if table.validated_copies:
            of["validated_checks"] = list(table.validated_copies)
        if table.clone_firing:
            of["trigger_enabled"] = {name: DECLARED.get(firing, True) for name, firing in table.clone_firing.items()}
        fields["partition_of"] = of
    if table.inherits:
        fields["inherits"] = [parent_entry(parent, table.schema_name) for parent in table.inherits]
    if table.of_type is not None:
        fields["of_type"] = table.of_type
    return fields


def _only(parent: Table, parent_index: str) -> bool:
    """A parent index or key created ON ONLY and not attached everywhere: each attached index is written, by name."""
    index = parent.indexes.get(parent_index)
    if index is not None:
        return not index.valid
    key = parent.constraints.get(parent_index)
    return key is not None and not key.index_valid


def in_creation_order(tables: list[Table]) -> list[Table]:
    """Tables with each parent before its partitions and children, so the materializer needs no retries."""
    by_key = {f"{t.schema_name}.{t.name}": t for t in tables}
    ordered: list[Table] = []
    done: set[str] = set()

    def visit(table: Table, path: tuple[str, ...]) -> None:
        key = f"{table.schema_name}.{table.name}"
        if key in done or key in path:
            return
        for parent in parents(table):
            if parent.key in by_key:
                visit(by_key[parent.key], (*path, key))
        done.add(key)
        ordered.append(table)

    for table in tables:
        visit(table, ())
    return ordered
