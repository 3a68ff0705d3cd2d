"""Table attributes other than members: storage parameters, UNLOGGED, the access method, the replica identity,
CLUSTER ON, and
a foreign table's options (ALTER FOREIGN TABLE ... OPTIONS (ADD / SET / DROP); a new server re-creates it)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reconciler.changes import Action, Hazard, Statement
from reconciler.postgres import ddl
from reconciler.postgres.dependencies import member_id, table_id
from reconciler.postgres.differ.access_methods import relation_change
from reconciler.postgres.differ.addresses import display_name
from reconciler.postgres.foreign_data import alter_options
from reconciler.postgres.identifiers import quote_ident, quote_literal
from reconciler.postgres.locks import Kind
from reconciler.postgres.model import Table, in_order
from reconciler.postgres.options_sql import options_to_set, replica_identity_sql

if TYPE_CHECKING:
    from reconciler.postgres.differ import _Differ

REWRITE = Hazard(code="table_rewrite", message="rewrites the whole table")
EXCLUSIVE_LOCK = Hazard(code="access_exclusive_lock", message="takes an ACCESS EXCLUSIVE lock: blocks reads and writes")


def replica_identity_statements(differ: _Differ, table: Table) -> list[Statement]:
    """ALTER TABLE ... REPLICA IDENTITY, after the index it may name (TABLE_OPTIONS follows CREATE_INDEX)."""
    sql = f"ALTER TABLE {ddl.table_name(table)} REPLICA IDENTITY {replica_identity_sql(table.replica_identity)}"
    index = table.replica_identity.removeprefix("index ")
    needs = (_member(table, index),) if table.replica_identity.startswith("index ") else ()
    statement = ddl.stmt(sql, ddl.Phase.TABLE_OPTIONS, ddl.lock_on(Kind.TABLE_ALTER, table))
    return differ.tag([statement], "alter", table_id(table), needs=needs)


def cluster_statements(differ: _Differ, table: Table) -> list[Statement]:
    """ALTER TABLE ... CLUSTER ON (after the index it names) or SET WITHOUT CLUSTER: no rows move until CLUSTER runs."""
    needs: tuple[str, ...] = ()
    if table.cluster_on is None:
        sql = f"ALTER TABLE {ddl.table_name(table)} SET WITHOUT CLUSTER"
    else:
        sql = f"ALTER TABLE {ddl.table_name(table)} CLUSTER ON {quote_ident(table.cluster_on)}"
        needs = (_member(table, table.cluster_on),)
    statement = ddl.stmt(sql, ddl.Phase.TABLE_OPTIONS, ddl.lock_on(Kind.TABLE_OPTIONS, table))
    return differ.tag([statement], "alter", table_id(table), needs=needs)


def set_again_on_recreated_indexes(differ: _Differ) -> None:
    """REPLICA IDENTITY USING INDEX and CLUSTER ON again where the plan drops and creates the index they name.

    Both are flags of the index (pg_index.indisreplident, indisclustered), lost with it: a table that keeps
    its replica identity or CLUSTER index while the index is re-created (a new definition, a retyped column)
    would otherwise end with replica identity NOTHING and no CLUSTER index. They need the new index, so the
    plan builds it in the transaction (differ.diff: an online build would come after them).
    """
    dropped = {obj for target in differ.targets.values() if target.operation == "drop" for obj in target.objects}
    if not dropped:
        return
    for key, want in differ.desired.tables.items():
        have = differ.live.tables.get(key)
        if have is None or key in differ.recreated:
            continue
        statements: list[Statement] = []
        detail: list[str] = []
        identity = want.replica_identity
        named = identity.removeprefix("index ") if identity.startswith("index ") else None
        if named is not None and identity == have.replica_identity and _member(want, named) in dropped:
            statements += replica_identity_statements(differ, want)
            detail.append(f"replica_identity: {identity} (set again on the re-created index)")
        clustered = want.cluster_on
        if clustered is not None and clustered == have.cluster_on and _member(want, clustered) in dropped:
            statements += cluster_statements(differ, want)
            detail.append(f"cluster_on: {want.cluster_on} (set again on the re-created index)")
        if statements:
            address = f"table.{display_name(want.schema_name, want.name)}"
            change = next((c for c in differ.changes if c.address == address and c.kind == "table"), None)
            if change is None:
                differ.add(address, "table", Action.UPDATE, have, want, statements, detail=detail)
            else:
                change.statements += statements
                change.detail += detail


def _member(table: Table, name: str) -> str:
    """The graph id of the index or constraint `name` of `table`."""
    return member_id("constraint" if name in table.constraints else "index", table, name)


def create_extras(differ: _Differ, table: Table) -> list[Statement]:
    """What CREATE TABLE cannot say and a new table needs: its replica identity and CLUSTER index."""
    statements = replica_identity_statements(differ, table) if table.replica_identity != "default" else []
    return statements + (cluster_statements(differ, table) if table.cluster_on is not None else [])


def storage_statements(want: Table, have: Table) -> list[Statement]:
    """ALTER TABLE ... RESET (what the file leaves out), SET (what it changes)."""
    name = ddl.table_name(want)
    statements = []
    reset = [key for key in have.options if key not in want.options]
    if reset:
        sql = f"ALTER TABLE {name} RESET ({', '.join(reset)})"
        statements.append(ddl.stmt(sql, ddl.Phase.ALTER_COLUMN, ddl.lock_on(Kind.TABLE_OPTIONS, want)))
    changed = options_to_set(want.options, have.options)
    if changed:
        pairs = ", ".join(f"{key}={quote_literal(value)}" for key, value in changed.items())
        sql = f"ALTER TABLE {name} SET ({pairs})"
        statements.append(ddl.stmt(sql, ddl.Phase.ALTER_COLUMN, ddl.lock_on(Kind.TABLE_OPTIONS, want)))
    return statements


def update(differ: _Differ, address: str, want: Table, have: Table) -> None:
    """One change for whatever differs among the table's options, persistence and replica identity."""
    statements: list[Statement] = []
    hazards: list[Hazard] = []
    detail: list[str] = []
    if want.unlogged != have.unlogged:
        logged = "UNLOGGED" if want.unlogged else "LOGGED"
        sql = f"ALTER TABLE {ddl.table_name(want)} SET {logged}"
        persistence = ddl.stmt(sql, ddl.Phase.ALTER_COLUMN, ddl.lock_on(Kind.SET_PERSISTENCE, want))
        statements += differ.tag([persistence], "alter", table_id(want))
        hazards += [REWRITE, EXCLUSIVE_LOCK]
        detail.append(f"unlogged: {have.unlogged} -> {want.unlogged}")
    moved, rewrites = relation_change(want, have)
    if moved:
        statements += differ.tag(moved, "alter", table_id(want))
        hazards += [hazard for hazard in rewrites if hazard not in hazards]
        detail.append(f"access_method: {have.access_method} -> {want.access_method}")
    if in_order(want.options) != in_order(have.options):
        statements += differ.tag(storage_statements(want, have), "alter", table_id(want))
        detail.append(f"options: {have.options} -> {want.options}")
    if want.replica_identity != have.replica_identity:
        statements += replica_identity_statements(differ, want)
        detail.append(f"replica_identity: {have.replica_identity} -> {want.replica_identity}")
    if want.cluster_on != have.cluster_on:
        statements += cluster_statements(differ, want)
        detail.append(f"cluster_on: {have.cluster_on} -> {want.cluster_on}")
    if want.foreign is not None and have.foreign is not None and want.foreign.options != have.foreign.options:
        generic = alter_options(want.foreign.options, have.foreign.options)
        sql = f"ALTER FOREIGN TABLE {ddl.table_name(want)} {generic}"
        option_change = ddl.stmt(sql, ddl.Phase.ALTER_COLUMN, ddl.lock_on(Kind.TABLE_OPTIONS, want))
        statements += differ.tag([option_change], "alter", table_id(want))
        detail.append(f"foreign options: {have.foreign.options} -> {want.foreign.options}")
    if statements:
        differ.add(address, "table", Action.UPDATE, have, want, statements, hazards=hazards, detail=detail)
