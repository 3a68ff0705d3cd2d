"""Changes to partitioning and inheritance: PARTITION BY, PARTITION OF, bounds and INHERITS.

What PostgreSQL can change in place is changed in place, keeping the rows:
a partition that moves to other bounds or another parent is detached and
attached again (ATTACH scans its rows against the new bound); a partition
that becomes a plain table is detached; a plain table declared as a partition
is attached when its columns are the parent's; INHERIT / NO INHERIT add and
remove parents. A table cannot become partitioned, stop being partitioned or
change its partition key in place: it is dropped and created again (with its
partitions and children, which go with it), a destructive change.

A dropped partition is dropped (DROP TABLE, destructive, as any table the
file no longer declares), not detached: a detached partition would be a
table the file does not declare, and the next plan would drop it anyway.

Columns a table only inherits (a partition's, a child's parent columns) come
and go with the parent's: `columns_to_compare` leaves them out of the
column diff, except where the table itself must act (a default a partition
sets for itself, a column that becomes its own when it leaves a parent).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from reconciler.changes import Action, Hazard, Statement, TableLock
from reconciler.postgres import ddl, ddl_constraints, ddl_indexes
from reconciler.postgres.dependencies import Target, object_id, table_id
from reconciler.postgres.differ import attach_indexes
from reconciler.postgres.differ.hazards import BLOCKS_WRITES
from reconciler.postgres.foreign_data import server_must_be_recreated
from reconciler.postgres.identifiers import qualify, quote_ident
from reconciler.postgres.locks import Kind, take
from reconciler.postgres.model import (
    Column,
    Constraint,
    Database,
    Domain,
    Enum,
    Index,
    Table,
    TableName,
)
from reconciler.postgres.partitions import parents

if TYPE_CHECKING:
    from reconciler.postgres.differ import _Differ

ATTACH_SCAN = Hazard(code="long_validation", message="ATTACH PARTITION scans the table's rows against the bound")
FAILS_ON_ROWS = Hazard(code="fails_on_rows", message="fails if a row lies outside the new bound")
RECREATED = Hazard(
    code="data_loss",
    message="PostgreSQL cannot change whether or how a table is partitioned in place: the table (and its "
    "partitions) is dropped and created again, and the rows it holds are lost",
)
FOREIGN_RECREATED = Hazard(
    code="recreated",
    message="PostgreSQL cannot move a foreign table to another server, nor make a table foreign or plain, in "
    "place: it is dropped and created again (a foreign table holds no rows of its own; its grants and what "
    "reads it are created again too)",
)


def _display(table: Table) -> str:
    return table.name if table.schema_name == "public" else f"{table.schema_name}.{table.name}"


def _parent_id(parent: TableName) -> str:
    return object_id("table", parent.schema_name, parent.name)


def _same_columns(table: Table, parent: Table | None) -> bool:
    """True when `table` has exactly the columns (names and types) of `parent`: ATTACH PARTITION wants that."""
    if parent is None:
        return False
    return {n: c.type for n, c in table.columns.items()} == {n: c.type for n, c in parent.columns.items()}


def must_recreate(desired: Database, live: Database) -> set[str]:
    """Keys of tables declared and live that PostgreSQL cannot turn into what is declared in place.

    A new partition key (or none, or one where there was none, or a key column given a new type, which
    PostgreSQL refuses to alter), and a plain table declared as a partition
    whose columns are not its parent's. Partitions and children of such a table go with it.
    """
    found = set()
    for key, want in desired.tables.items():
        have = live.tables.get(key)
        if have is None:
            continue
        unpartitioned = want.partition_by is None and have.partition_by is None and want.partition_of is None
        if unpartitioned and want.foreign is None and have.foreign is None:
            continue  # plain and staying so: nothing below applies (most tables of a large schema)
        new_key = want.partition_by != have.partition_by or bool(_retyped_key_columns(want, have))
        new_key = new_key or bool(_key_on_recreated_type(want, have, desired, live))
        if new_key or _foreign_part_changes(want, have, desired, live):
            found.add(key)
        elif want.partition_of is not None and have.partition_of is None:
            parent = live.tables.get(want.partition_of.key) or desired.tables.get(want.partition_of.key)
            if not _same_columns(have, parent):
                found.add(key)
    grew = bool(found)
    while grew:
        grew = False
        for key, have in live.tables.items():
            if key not in found and any(p.key in found for p in parents(have)):
                found.add(key)
                grew = True
    return found


def _in_key(name: str, partition_by: str) -> bool:
    """Whether the partition key (columns and expressions) names the column."""
    return re.search(rf'(?<![\w$"]){re.escape(quote_ident(name))}(?![\w$"])', partition_by) is not None


def _key_on_recreated_type(want: Table, have: Table, desired: Database, live: Database) -> list[str]:
    """Columns of the partition key storing an enum or domain the plan re-creates (an enum's label goes or moves, a
    domain gets another base type or collation), or collated by a collation it re-creates (directly, through
    their domain, or in the key itself): moving them to the new type or collation is ALTER COLUMN ... TYPE, which
    PostgreSQL refuses on a key column."""
    from reconciler.postgres.differ import enums, types
    from reconciler.postgres.differ.comments import only_comment_differs

    if want.partition_by is None or want.partition_by != have.partition_by:
        return []
    key = want.partition_by
    found = []
    for name, enum in live.enums.items():
        wanted_enum = desired.enums.get(name)
        if wanted_enum is not None and enums.recreated(wanted_enum, enum):
            found += [f"{c}: stores enum {name}, which the plan re-creates" for c in _key_columns_of(have, key, enum)]
    collations = {
        name: collation
        for name, collation in live.collations.items()
        if (wanted := desired.collations.get(name)) is not None
        and wanted != collation
        and not only_comment_differs(wanted, collation)
    }
    collated = {spelling for collation in collations.values() for spelling in enums.spellings(collation)}
    for name, domain in live.domains.items():
        wanted_domain = desired.domains.get(name)
        if wanted_domain is None:
            continue
        if types.domain_recreated(wanted_domain, domain) or domain.collation in collated:
            found += [
                f"{c}: stores domain {name}, which the plan re-creates" for c in _key_columns_of(have, key, domain)
            ]
    for name, collation in collations.items():
        spellings = enums.spellings(collation)
        found += [
            f"{c}: collated by {name}, which the plan re-creates"
            for c, column in have.columns.items()
            if column.collation in spellings and _in_key(c, key)
        ]
        if any(re.search(rf"COLLATE {re.escape(spelling)}(?![\w$\"])", key) for spelling in spellings):
            found.append(f"the key: collated by {name}, which the plan re-creates")
    return found


def _key_columns_of(table: Table, key: str, user_type: Enum | Domain) -> list[str]:
    """The columns of the partition key `key` that store `user_type` (or arrays of it)."""
    from reconciler.postgres.differ import enums

    names = enums.spellings(user_type)
    return [c for c, column in table.columns.items() if column.type.removesuffix("[]") in names and _in_key(c, key)]


def _retyped_key_columns(want: Table, have: Table) -> list[str]:
    """Columns of the partition key (named in it, expressions included) that get a new type: PostgreSQL refuses to
    alter them ("cannot alter column ... because it is part of the partition key")."""
    if want.partition_by is None or have.partition_by is None:
        return []
    return [
        f"{name}: {_typed(have.columns[name])} -> {_typed(column)}"
        for name, column in want.columns.items()
        if name in have.columns
        and (have.columns[name].type, have.columns[name].collation) != (column.type, column.collation)
        and _in_key(name, want.partition_by)
    ]


def _typed(column: Column) -> str:
    return column.type if column.collation is None else f"{column.type} COLLATE {column.collation}"


def _foreign_text(table: Table) -> str:
    return "not foreign" if table.foreign is None else f"server {table.foreign.server}"


def _foreign_part_changes(want: Table, have: Table, desired: Database, live: Database) -> bool:
    """A table becoming foreign or plain, a foreign table moving to another server or on a re-created server.

    PostgreSQL has no ALTER for any of them: the table is dropped and created again.
    """
    if want.foreign is None or have.foreign is None:
        return (want.foreign is None) != (have.foreign is None)
    if want.foreign.server != have.foreign.server:
        return True
    server, live_server = desired.servers.get(want.foreign.server), live.servers.get(have.foreign.server)
    return server is not None and live_server is not None and server_must_be_recreated(server, live_server)


# A partition whose partitioned table is dropped goes with it: dropping it first could break foreign keys that
# reference the partitioned table (PostgreSQL keeps them on every partition), so it gets no statement of its own.
WITH_PARENT = "dropped with its partitioned table {parent}"


def recreate_tables(differ: _Differ, keys: set[str]) -> None:
    """Drop each live table in `keys` and create it as declared (a destructive REPLACE per table)."""
    for key in sorted(keys):
        have = differ.live.tables[key]
        want = differ.desired.tables.get(key)
        address = f"table.{_display(have)}"
        goes_with_parent = have.partition_of is not None and have.partition_of.key in keys
        keep, own_again = differ.keep_owned_sequences(have) if want is not None else ([], [])
        statements = keep + differ.drop_table(have)
        if want is None:
            detail = [WITH_PARENT.format(parent=_parent_text(have))] if goes_with_parent else []
            differ.add(
                address,
                "table",
                Action.DELETE,
                have,
                None,
                statements,
                destructive=True,
                hazards=[RECREATED],
                detail=detail,
            )
            continue
        statements += differ.create_table(want) + own_again
        retyped = [f"partition key column {column}" for column in _retyped_key_columns(want, have)]
        retyped += [
            f"partition key column {column}"
            for column in _key_on_recreated_type(want, have, differ.desired, differ.live)
        ]
        # A retyped key column says why on its own: the unchanged key and parent would only repeat themselves.
        detail = []
        if not retyped or want.partition_by != have.partition_by:
            detail.append(f"partition_by: {have.partition_by!r} -> {want.partition_by!r}")
        if not retyped or _parent_text(have) != _parent_text(want):
            detail.append(f"partition_of: {_parent_text(have)} -> {_parent_text(want)}")
        detail += retyped
        foreign_only = have.foreign is not None and want.partition_by == have.partition_by
        if want.foreign != have.foreign:
            detail.append(f"foreign: {_foreign_text(have)} -> {_foreign_text(want)}")
        differ.add(
            address,
            "table",
            Action.REPLACE,
            have,
            want,
            statements,
            destructive=not foreign_only,
            hazards=[FOREIGN_RECREATED if foreign_only else RECREATED],
            detail=detail,
        )


def _lock(kind: Kind, table: TableName) -> TableLock:
    return take(kind, table.schema_name, table.name)


def _parent_text(table: Table) -> str:
    if table.partition_of is None:
        return "(none)"
    return f"{table.partition_of.key} {table.partition_bound}"


def update_parents(differ: _Differ, address: str, want: Table, have: Table) -> Table:
    """DETACH / ATTACH PARTITION and NO INHERIT / INHERIT for a table whose parents or bound changed.

    Returns the live table as the rest of its diff must see it: with what leaving a parent makes its own.
    """
    name = ddl.table_name(want)
    statements: list[Statement] = []
    hazards: list[Hazard] = []
    detail: list[str] = []
    moved = (want.partition_of, want.partition_bound) != (have.partition_of, have.partition_bound)
    left = have
    adopted: set[str] = set()
    if moved and have.partition_of is not None:
        old = qualify(have.partition_of.schema_name, have.partition_of.name)
        sql = f"ALTER TABLE {old} DETACH PARTITION {name}"
        locks = [_lock(Kind.DETACH_PARTITION, have.partition_of), ddl.lock_on(Kind.DETACH_PARTITION, have)]
        # Leaving for another parent (or none) comes first; moving to other bounds in the same parent waits for
        # the parent's own changes, which must reach the partition (ddl.Phase.DETACH_TO_REATTACH), unless a
        # partition the parent gains (CREATE TABLE ... PARTITION OF, before) may take its old bound.
        late = have.partition_of == want.partition_of and not _gains_partitions(differ, have.partition_of)
        phase = ddl.Phase.DETACH_TO_REATTACH if late else ddl.Phase.DROP_FOREIGN_KEY
        drops, left, adopted = _leave(differ, want, left, have.partition_of, reattached_late=late)
        statements += differ.tag([ddl.stmt(sql, phase, *locks), *drops], "alter", table_id(want))
    if moved and want.partition_of is not None:
        new = qualify(want.partition_of.schema_name, want.partition_of.name)
        sql = f"ALTER TABLE {new} ATTACH PARTITION {name} {want.partition_bound}"
        locks = [_lock(Kind.ATTACH_PARTITION_PARENT, want.partition_of), ddl.lock_on(Kind.ATTACH_PARTITION, want)]
        attach = ddl.stmt(sql, ddl.Phase.ADD_CONSTRAINT, *locks)
        apart = attach_indexes.kept_apart(differ, want, have)
        drops, creates = attach_indexes.set_apart(differ, want, apart)
        statements += drops
        # ATTACH PARTITION requires each of the parent's checks on the table, and adopts them as inherited: the
        # table's own that match are kept for it (not dropped as undeclared), the others added first.
        own = left.constraints
        for check in _checks_of(differ.desired, want.partition_of).values():
            mine = own.get(check.name)
            if mine is not None and mine.kind == "check" and mine.definition == check.definition:
                adopted.add(check.name)
            elif check.name not in adopted:
                copy = check.model_copy(update={"comment": None, "source": None})
                statements += differ.tag(ddl_constraints.add_constraint(want, copy), "alter", table_id(want))
        left = left.model_copy(update={"constraints": {n: c for n, c in own.items() if n not in adopted}})
        statements += differ.tag([attach], "alter", table_id(want), needs=(_parent_id(want.partition_of),))
        statements += creates
        hazards += [ATTACH_SCAN, FAILS_ON_ROWS] + ([BLOCKS_WRITES] if apart else [])
        detail += attach_indexes.detail(want, apart)
    if moved:
        detail.insert(0, f"partition_of: {_parent_text(have)} -> {_parent_text(want)}")
    removed = [p for p in have.inherits if p not in want.inherits]
    added = [p for p in want.inherits if p not in have.inherits]
    if _inherits_first(differ, want, have, removed, added):
        statements += _switch_parents(differ, want, removed, added)
        detail.append(f"inherits {', '.join(p.key for p in added)} first: the columns it shares stay inherited")
    else:
        for parent in removed:
            sql = f"ALTER TABLE {name} NO INHERIT {qualify(parent.schema_name, parent.name)}"
            no_inherit = ddl.stmt(sql, ddl.Phase.DROP_FOREIGN_KEY, ddl.lock_on(Kind.TABLE_ALTER, want))
            drops, left, _ = _leave(differ, want, left, parent)
            statements += differ.tag([no_inherit, *drops], "alter", table_id(want))
        for parent in added:
            sql = f"ALTER TABLE {name} INHERIT {qualify(parent.schema_name, parent.name)}"
            inherit = ddl.stmt(sql, ddl.Phase.ADD_CONSTRAINT, ddl.lock_on(Kind.TABLE_ALTER, want))
            statements += differ.tag([inherit], "alter", table_id(want), needs=(_parent_id(parent),))
    if removed or added:
        before = ", ".join(p.key for p in have.inherits) or "(none)"
        after = ", ".join(p.key for p in want.inherits) or "(none)"
        detail.append(f"inherits: {before} -> {after}")
    if want.of_type != have.of_type:
        lock = ddl.lock_on(Kind.TABLE_ALTER, want)
        if have.of_type is not None:  # the columns become the table's own
            statements += differ.tag(
                [ddl.stmt(f"ALTER TABLE {name} NOT OF", ddl.Phase.DROP_FOREIGN_KEY, lock)], "alter", table_id(want)
            )
            left = left.model_copy(
                update={"columns": {n: c.model_copy(update={"local": True}) for n, c in left.columns.items()}}
            )
        if want.of_type is not None:  # its columns must be the type's, in order, by then
            statements += differ.tag(
                [ddl.stmt(f"ALTER TABLE {name} OF {want.of_type}", ddl.Phase.ADD_CONSTRAINT, lock)],
                "alter",
                table_id(want),
            )
        detail.append(f"of_type: {have.of_type or '(none)'} -> {want.of_type or '(none)'}")
    if statements:
        differ.add(address, "table", Action.UPDATE, have, want, statements, hazards=hazards, detail=detail)
    return left


def _inherits_first(
    differ: _Differ, want: Table, have: Table, removed: list[TableName], added: list[TableName]
) -> bool:
    """Whether the table must INHERIT its new parents before it leaves the old ones (NO INHERIT).

    A column it inherits from a parent it leaves becomes its own (attislocal) at NO INHERIT, and nothing makes an
    inherited column inherited again: one the new parent also has stays inherited only if the table inherits the
    new parent while it still inherits the old. That order holds the old parent's own changes (which reach the
    table while it is a child) until after the NO INHERIT (`hold_left_parents`), and needs every column it
    inherits from the old parents kept as it is (PostgreSQL alters no inherited column), and no check or index
    that leaving would make its own (`_leave` drops them).
    """
    if not removed or not added:
        return False
    kept = [p for p in have.inherits if p in want.inherits]
    shared = False
    for name, column in have.columns.items():
        if column.local or _parent_has(differ.live, removed, name) is None or _parent_has(differ.live, kept, name):
            continue
        declared = want.columns.get(name)
        if declared is None or (declared.type, declared.collation) != (column.type, column.collation):
            return False
        shared = shared or (not declared.local and _parent_has(differ.desired, added, name) is not None)
    if not shared:
        return False
    return not any(any(_left_behind(differ.live, have, parent)) for parent in removed)


def _switch_parents(differ: _Differ, want: Table, removed: list[TableName], added: list[TableName]) -> list[Statement]:
    """INHERIT the new parents, then NO INHERIT the old ones (_inherits_first); each NO INHERIT is tagged as the
    creation of `leaving:<table>/<parent>`, which the old parent's own statements wait for."""
    name, lock = ddl.table_name(want), ddl.lock_on(Kind.TABLE_ALTER, want)
    statements: list[Statement] = []
    inherited = []
    for parent in added:
        joined = object_id("joining", want.schema_name, want.name, parent.key)
        sql = f"ALTER TABLE {name} INHERIT {qualify(parent.schema_name, parent.name)}"
        inherit = ddl.stmt(sql, ddl.Phase.ADD_CONSTRAINT, lock)
        statements += differ.tag([inherit], "create", joined, needs=(_parent_id(parent), table_id(want)))
        inherited.append(joined)
    for parent in removed:
        leaving = object_id("leaving", want.schema_name, want.name, parent.key)
        sql = f"ALTER TABLE {name} NO INHERIT {qualify(parent.schema_name, parent.name)}"
        no_inherit = ddl.stmt(sql, ddl.Phase.ADD_CONSTRAINT, lock)
        statements += differ.tag([no_inherit], "create", leaving, needs=tuple(inherited))
        differ.left_parents.append((leaving, parent))
    return statements


def hold_left_parents(differ: _Differ) -> None:
    """Each statement on a parent some table leaves after inheriting its new parents (_inherits_first) waits for
    that NO INHERIT: the old parent's new columns, dropped columns and its drop would otherwise reach the table."""
    for leaving, parent in differ.left_parents:
        differ.wait_for(leaving, _acts_on(parent))


def _acts_on(parent: TableName) -> Callable[[Target], bool]:
    """Whether a statement's target is the table or one of its columns, constraints or indexes."""
    table = _parent_id(parent)
    members = tuple(f"{kind}:{parent.key}." for kind in ("column", "constraint", "index"))
    return lambda target: any(obj == table or obj.startswith(members) for obj in target.objects)


def _left_behind(live: Database, have: Table, parent_name: TableName) -> tuple[dict[str, Constraint], dict[str, Index]]:
    """What the table has from `parent_name` that leaving it (DETACH PARTITION, NO INHERIT) makes its own.

    Checks (and a partition's foreign keys) keep the parent's names; a partition's key or index keeps
    the name of its own index attached to the parent's (`attached_indexes`). A check marked NO
    INHERIT never reached the table; one the table also has from a parent it keeps stays inherited.
    """
    parent = live.tables.get(parent_name.key)
    if parent is None:
        return {}, {}
    partition = have.partition_of == parent_name
    still_inherited = {
        name
        for other in have.inherits
        if other != parent_name and (kept := live.tables.get(other.key)) is not None
        for name in kept.constraints
    }
    attached = {p: name for p, name in have.attached_indexes.items() if name is not None} if partition else {}
    constraints: dict[str, Constraint] = {}
    for constraint in parent.constraints.values():
        if constraint.kind == "check" and constraint.definition.endswith(" NO INHERIT"):
            continue
        own_name = constraint.kind == "check" or (partition and constraint.kind == "foreign_key")
        name = constraint.name if own_name else attached.get(constraint.name)
        if name is not None and name not in have.constraints and name not in still_inherited:
            constraints[name] = constraint.model_copy(update={"name": name, "comment": None})
    indexes = {
        attached[index.name]: index.model_copy(update={"name": attached[index.name], "comment": None})
        for index in parent.indexes.values()
        if index.name in attached
    }
    return constraints, indexes


def _leave(
    differ: _Differ, want: Table, have: Table, parent: TableName, *, reattached_late: bool = False
) -> tuple[list[Statement], Table, set[str]]:
    """Drop what leaving `parent` leaves on the table that `want` does not keep as it is.

    Returns the statements (to run after the DETACH / NO INHERIT), the table as it is once it left (the
    copies it keeps are compared as its own, so the plan neither adds them again nor misses a changed
    one), and the checks it keeps for a new parent that has them too, which ATTACH adopts as inherited.
    A partition attached again to the same parent (other bounds) keeps them all: ATTACH adopts again the
    checks the parent (or one above it) keeps as they are. The parent's DROP CONSTRAINT of the others reaches
    it when it is detached after the parent's changes (`reattached_late`); detached before them, its copies
    of those are dropped here. The parent's new checks are added to it before ATTACH.
    """
    if want.partition_of == parent:
        live, desired = _partition_checks(differ.live, parent), _partition_checks(differ.desired, parent)
        kept = {name for name, c in live.items() if name in desired and desired[name].definition == c.definition}
        stale = [] if reattached_late else [c for name, c in live.items() if name not in kept]
        return [s for c in stale for s in ddl_constraints.drop_constraint(have, c)], have, kept
    copies, index_copies = _left_behind(differ.live, have, parent)
    stays_child = want.partition_of is not None
    parent_checks = _checks_of(differ.desired, want.partition_of) if stays_child else {}
    kept_constraints, kept_indexes = dict(have.constraints), dict(have.indexes)
    kept_for_parent: set[str] = set()
    statements: list[Statement] = []
    for name, constraint in copies.items():
        new = parent_checks.get(name)
        if constraint.kind == "check" and new is not None and new.definition == constraint.definition:
            kept_for_parent.add(name)  # ATTACH PARTITION requires it there, and adopts it as inherited
            continue
        if not stays_child and _same(want.constraints.get(name), constraint):
            kept_constraints[name] = constraint
        else:
            statements += ddl_constraints.drop_constraint(have, constraint)
    for name, index in index_copies.items():
        if not stays_child and _same(want.indexes.get(name), index):
            kept_indexes[name] = index
        else:
            statements += ddl_indexes.drop_index(have, index)
    left = have.model_copy(update={"constraints": kept_constraints, "indexes": kept_indexes})
    return statements, left, kept_for_parent


def _checks_of(db: Database, table: TableName | None) -> dict[str, Constraint]:
    """The checks `table` (in `db`) passes on to its partitions."""
    found = db.tables.get(table.key) if table is not None else None
    if found is None:
        return {}
    return {
        name: c
        for name, c in found.constraints.items()
        if c.kind == "check" and not c.definition.endswith(" NO INHERIT")
    }


def _gains_partitions(differ: _Differ, parent: TableName) -> bool:
    """Whether the plan creates a partition of `parent` (a new table, or one created again)."""
    return any(
        table.partition_of == parent and (key not in differ.live.tables or key in differ.recreated)
        for key, table in differ.desired.tables.items()
    )


def _partition_checks(db: Database, parent: TableName) -> dict[str, Constraint]:
    """The checks a partition of `parent` (in `db`) has from it: the parent's own and, where the parent is a
    partition too, those it has from its own parent (the model keeps them there only)."""
    found: dict[str, Constraint] = {}
    seen: set[str] = set()
    table: TableName | None = parent
    while table is not None and table.key not in seen and (current := db.tables.get(table.key)) is not None:
        seen.add(table.key)
        found = {**_checks_of(db, table), **found}
        table = current.partition_of
    return found


def _same(declared: Constraint | Index | None, copy: Constraint | Index) -> bool:
    """Whether the declared object is the copy, comments aside (a differing comment is changed after)."""
    return declared is not None and declared.model_copy(update={"comment": None}) == copy


def _kept_parents(want: Table, have: Table) -> list[TableName]:
    return [p for p in parents(have) if p in parents(want)]


def _parent_has(db: Database, parent_list: list[TableName], column: str) -> Column | None:
    for parent in parent_list:
        table = db.tables.get(parent.key)
        if table is not None and column in table.columns:
            return table.columns[column]
    return None


def reached_by_parent_changes(desired: Database, live: Database, want: Table, have: Table) -> bool:
    """Whether a kept parent's SET / DROP DEFAULT or NOT NULL on a column reaches `have` (by recursion) where the
    table, unchanged in itself, keeps a setting of its own: it is to be set again (columns_to_compare)."""
    kept = _kept_parents(want, have)
    for name, column in want.columns.items():
        live_column = have.columns.get(name)
        desired_parent, live_parent = _parent_has(desired, kept, name), _parent_has(live, kept, name)
        if live_column is None or live_column.local or desired_parent is None or live_parent is None:
            continue
        after = _after_parent(live_column, live_parent, desired_parent)
        if (after.default, after.not_null) != (column.default, column.not_null):
            return True
    return False


def columns_to_compare(
    desired: Database, live: Database, want: Table, have: Table
) -> tuple[dict[str, Column], dict[str, Column]]:
    """The columns of `want` and `have` the column diff compares: what the table itself must change.

    Left out: columns only inherited from a parent the table keeps (they follow the parent's
    changes), unless the table sets its own default, NOT NULL or comment on one: that is compared with
    the column as the parent's recursing changes leave it (a column the parent adds arrives with the
    parent's default and NOT NULL; its SET / DROP DEFAULT and NOT NULL reach the table). A column inherited from a
    parent the table leaves (DETACH, NO INHERIT) becomes its own and is compared in full; one a kept
    parent drops, but the table declares as its own, is added again after the parent's drop.
    A typed table's columns follow its type (ALTER TYPE ... CASCADE): only their own defaults, NOT NULL
    and comments are compared.
    """
    if want.of_type is not None and want.of_type == have.of_type:
        return _typed_columns(want, have)
    kept = _kept_parents(want, have)
    want_columns: dict[str, Column] = {}
    have_columns: dict[str, Column] = {}
    gains = [p for p in parents(want) if p not in parents(have)]
    for name, column in want.columns.items():
        live_column = have.columns.get(name)
        if live_column is None:
            if column.local or _parent_has(desired, gains, name) is not None:
                want_columns[name] = column.model_copy(update={"local": True})
                continue
            arriving = _parent_has(desired, kept, name)
            if arriving is not None and not _follows(column, arriving):
                # A kept parent adds it, recursing with its own default and NOT NULL; the table's own follow.
                want_columns[name] = column
                have_columns[name] = column.model_copy(
                    update={"default": arriving.default, "not_null": arriving.not_null, "comment": None}
                )
            continue
        if live_column.local and live_column.inherited and retyped_by_parent(desired, live, want, have, name):
            # Its own and inherited too: the parent's ALTER ... TYPE (and the DROP / SET DEFAULT around it) reaches
            # it, and PostgreSQL refuses one of its own ("cannot alter inherited column"); the rest is its own.
            desired_parent = _parent_has(desired, kept, name)
            assert desired_parent is not None  # retyped_by_parent
            want_columns[name] = column
            have_columns[name] = _after_parent(live_column, _parent_has(live, kept, name), desired_parent)
            continue
        if live_column.local or _parent_has(live, kept, name) is None:
            want_columns[name], have_columns[name] = column, live_column  # its own, or becomes its own
            continue
        # Only inherited, from a parent the table keeps.
        desired_parent = _parent_has(desired, kept, name)
        if desired_parent is None:
            if column.local:
                want_columns[name] = column  # the parent drops it, the table keeps its own: added again
            continue
        if column.local:
            continue  # PostgreSQL cannot make an inherited column the table's own in place
        live_parent = _parent_has(live, kept, name)
        follows = _follows(column, desired_parent)
        followed = live_parent is not None and _follows(live_column, live_parent)
        if not (follows and followed):
            # The partition's own default / NOT NULL: only those are altered; the type is the parent's. The
            # parent's own SET / DROP DEFAULT and NOT NULL recurse to it first.
            own = {
                "type": column.type,
                "default": column.default,
                "not_null": column.not_null,
                "comment": column.comment,
            }
            want_columns[name] = live_column.model_copy(update=own)
            have_columns[name] = _after_parent(live_column, live_parent, desired_parent)
    for name, live_column in have.columns.items():
        if name in want.columns or name in have_columns:
            continue
        if live_column.local or _parent_has(live, kept, name) is None:
            have_columns[name] = live_column  # its own, or its own once the table leaves the parent: dropped
    return want_columns, have_columns


def _follows(column: Column, parent: Column) -> bool:
    """Whether an inherited column has its parent's default and NOT NULL, and no comment (a parent's is its own)."""
    return (column.default, column.not_null, column.comment) == (parent.default, parent.not_null, None)


def _after_parent(column: Column, live_parent: Column | None, desired_parent: Column) -> Column:
    """An inherited column as its parent's changes leave it: ALTER COLUMN SET / DROP DEFAULT and SET / DROP NOT
    NULL on a parent recurse to its children and partitions."""
    if live_parent is None:
        return column
    moved: dict[str, object] = {}
    retyped = desired_parent.type != live_parent.type
    if retyped:  # the parent's ALTER ... TYPE recurses
        moved["type"] = desired_parent.type
    if retyped or desired_parent.default != live_parent.default:
        # Around a retype, the parent's DROP / SET DEFAULT if it has or gains a default, else the table's own is
        # dropped first (drop_own_defaults): either way the table ends with the parent's.
        moved["default"] = desired_parent.default
    if desired_parent.not_null != live_parent.not_null:
        moved["not_null"] = desired_parent.not_null
    return column.model_copy(update=moved)


def drop_own_defaults(live: Database, table: Table, have: Column, want: Column) -> list[Statement]:
    """DROP DEFAULT on the children and partitions (at any depth) that keep a default of their own on a column that
    `table` retypes while it has no default itself: its ALTER ... TYPE would cast theirs, and may not be able to."""
    if want.type == have.type or have.default is not None or want.default is not None:
        return []
    statements = []
    for child in _children(live, table):
        column = child.columns.get(have.name)
        if column is None or column.local:
            continue
        if column.default is not None:
            sql = f"{ddl.alter_column_prefix(child, column.name)} DROP DEFAULT"
            statements.append(ddl.stmt(sql, ddl.Phase.DROP_OWN_DEFAULT, ddl.lock_on(Kind.DROP_DEFAULT, child)))
        statements += drop_own_defaults(live, child, column, want.model_copy(update={"name": column.name}))
    return statements


def inherited_copies(live: Database, table: Table, name: str) -> list[str]:
    """The graph ids of the column `name` in `table`'s children and partitions, at any depth, which its ALTER ...
    TYPE retypes too. pg_depend links none of them to the parent's column, so what reads one (a view or a trigger's
    WHEN on the child) is found from there (DependentsDiffer.recreate_dependents)."""
    copies = []
    for child in _children(live, table):
        if name in child.columns:
            copies.append(object_id("column", child.schema_name, child.name, name))
            copies += inherited_copies(live, child, name)
    return copies


def _children(db: Database, table: Table) -> list[Table]:
    """The tables that inherit from `table` or are its partitions (one level down)."""
    return [t for t in db.tables.values() if any(p.key == f"{table.schema_name}.{table.name}" for p in parents(t))]


def retyped_by_parent(desired: Database, live: Database, want: Table, have: Table, name: str) -> bool:
    """Whether a kept parent retypes the column `name` that `have` inherits (its ALTER ... TYPE recurses to it)."""
    kept = _kept_parents(want, have)
    desired_parent, live_parent = _parent_has(desired, kept, name), _parent_has(live, kept, name)
    return desired_parent is not None and live_parent is not None and desired_parent.type != live_parent.type


def _typed_columns(want: Table, have: Table) -> tuple[dict[str, Column], dict[str, Column]]:
    """A typed table's columns on both sides, as the live ones with the desired defaults, NOT NULL and comments."""
    want_columns: dict[str, Column] = {}
    have_columns: dict[str, Column] = {}
    for name, column in want.columns.items():
        own = {"default": column.default, "not_null": column.not_null, "comment": column.comment}
        live_column = have.columns.get(name)
        if live_column is None:  # the type's new attribute: ALTER TYPE ... CASCADE adds it, bare, before this runs
            bare = column.model_copy(update={"default": None, "not_null": False, "comment": None})
            if bare != column:
                want_columns[name], have_columns[name] = column, bare
            continue
        if live_column.model_copy(update=own) != live_column:
            want_columns[name], have_columns[name] = live_column.model_copy(update=own), live_column
    return want_columns, have_columns
