"""A partition's indexes for its parent's indexes and keys: their names, and attaching the ones missing.

Every index of a partitioned table has one index in each partition attached to
it (pg_inherits), and a key's has the partition's key. PostgreSQL names the
ones it creates itself (`<partition>_<columns>_idx`, `_key`, `_pkey`); a state
names others in `partition_of.index_names`, and a name it leaves out is one
PostgreSQL would choose (`attached_indexes` holds None there, matched here to
the live name when PostgreSQL could have chosen it).

For a partition that keeps its parent, with a parent index or key the plan
keeps:
- attached under another name: ALTER INDEX ... RENAME TO;
- not attached (a parent index created ON ONLY, or attached partly): the
  partition's local index or key of that definition is attached (a unique
  index first becomes the key with ADD CONSTRAINT ... USING INDEX), or one is
  created (CONCURRENTLY after the transaction under online rules, under the
  name PostgreSQL would give it) and attached. The parent index becomes valid
  once every partition has one, so a partitioned index's `valid` (a key's
  `index_valid`) is not compared; one declared `only` (invalid in the desired
  state too) is created ON ONLY (a key added with ALTER TABLE ONLY), and only
  the partitions whose state names an index for it get one.

A parent index or key the plan creates adopts the partition's index of that
definition: the named ones are created just before it (`PARTITION_INDEX`), and
attached explicitly to an ON ONLY one. A new partition of a parent index the
live database has is created apart and attached with its named indexes in
place (partition_keys.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, TypeVar

from reconciler.changes import Action, Statement
from reconciler.postgres import ddl
from reconciler.postgres.dependencies import member_id, table_id
from reconciler.postgres.differ.addresses import display_name
from reconciler.postgres.identifiers import qualify, quote_ident
from reconciler.postgres.locks import Kind
from reconciler.postgres.model import Constraint, Database, Index, Table
from reconciler.postgres.partitions import generated_index_names

if TYPE_CHECKING:
    from reconciler.postgres.differ import _Differ

DefinitionT = TypeVar("DefinitionT", Index, Constraint)
_KEY = re.compile(r"^(?P<kind>PRIMARY KEY|UNIQUE) \((?P<columns>[^()]*)\)$")


def resolve_names(desired: Database, live: Database) -> None:
    """Give the names a state leaves to PostgreSQL (None) the names PostgreSQL gives, so that they compare equal.

    A live name PostgreSQL could have chosen (generated_index_names: `<partition>_<columns>_idx`, with a
    number where the name was taken) stays, and so does the partition's own index or key it adopted;
    another one, given by hand, goes back to the first of those names that is free, as export leaves out
    only those. Where PostgreSQL's choice cannot be worked out (an expression, a name it would shorten),
    any live name stays. Only for a parent index or key that stays as it is: one defined anew gets new
    partition indexes.
    """
    for key, want in list(desired.tables.items()):
        if None not in want.attached_indexes.values() or want.partition_of is None:
            continue
        have = live.tables.get(key)
        desired_parent = desired.tables.get(want.partition_of.key)
        live_parent = live.tables.get(want.partition_of.key)
        if have is None or have.partition_of != want.partition_of or desired_parent is None or live_parent is None:
            continue
        resolved = dict(want.attached_indexes)
        for p, name in want.attached_indexes.items():
            current = have.attached_indexes.get(p)
            if name is not None or not _same(parent_definition(desired_parent, p), parent_definition(live_parent, p)):
                continue
            candidates = generated_index_names(want.name, desired_parent, p)
            if current is None or not candidates or current in candidates or own(want, current):
                resolved[p] = current
                continue
            taken = taken_names(want.schema_name, live, desired)
            resolved[p] = next((c for c in candidates if c not in taken), current)
        desired.tables[key] = want.model_copy(update={"attached_indexes": resolved})


def parent_definition(parent: Table, name: str) -> Index | Constraint | None:
    """The parent's index `name`, or its key whose index that is."""
    if name in parent.indexes:
        return parent.indexes[name]
    constraint = parent.constraints.get(name)
    return constraint if constraint is not None and constraint.kind in ("primary_key", "unique") else None


def _same(want: Index | Constraint | None, have: Index | Constraint | None) -> bool:
    """Same definition: comments and a partitioned index's validity aside."""
    if want is None or have is None:
        return False
    ignored = {"comment", "valid"} if isinstance(want, Index) else {"comment", "index_valid"}
    return want.model_dump(exclude=ignored) == have.model_dump(exclude=ignored)


def validity_as_desired(
    table: Table, desired: Mapping[str, DefinitionT], live: dict[str, DefinitionT]
) -> dict[str, DefinitionT]:
    """A partitioned table's live indexes or keys with the desired validity, which is not compared: an index (a
    key's index) is valid once every partition has one attached, and one declared `only` is created ON ONLY."""
    if table.partition_by is None:
        return live
    return {
        name: have.model_copy(update=_validity(desired[name])) if name in desired else have
        for name, have in live.items()
    }


def _validity(definition: Index | Constraint) -> dict[str, bool]:
    return {"valid": definition.valid} if isinstance(definition, Index) else {"index_valid": definition.index_valid}


def _valid(definition: Index | Constraint) -> bool:
    """Whether a parent's index or key is valid: False where it was created ON ONLY and not every partition has one."""
    return definition.valid if isinstance(definition, Index) else definition.index_valid


def kept_parent_definitions(differ: _Differ, want: Table) -> dict[str, Index | Constraint]:
    """The parent's indexes and keys the plan keeps as they are, by index name: their partition indexes stay."""
    if want.partition_of is None or want.partition_of.key in differ.recreated:
        return {}
    desired_parent = differ.desired.tables.get(want.partition_of.key)
    live_parent = differ.live.tables.get(want.partition_of.key)
    if desired_parent is None or live_parent is None:
        return {}
    kept: dict[str, Index | Constraint] = {}
    for name in want.attached_indexes:
        definition = parent_definition(desired_parent, name)
        redefined = (want.partition_of.key, name) in differ.detached  # re-created to detach a partition's
        if definition is not None and _same(definition, parent_definition(live_parent, name)) and not redefined:
            kept[name] = definition
    return kept


def _same_index_definition(index: Index, definition: Index | Constraint) -> bool:
    """Whether a partition's local index could be attached to the parent's index or key `definition`."""
    if isinstance(definition, Index):
        return index.unique == definition.unique and index.using == definition.using
    match = _KEY.match(definition.definition)
    return match is not None and index.unique and index.using == f"btree ({match['columns']})"


def _kept_partitions(differ: _Differ) -> Iterator[tuple[Table, Table, Table, Table]]:
    """(live, desired, live parent, desired parent) of each partition the plan keeps under the parent it keeps."""
    for key, have in differ.live.tables.items():
        want = differ.desired.tables.get(key)
        if have.partition_of is None or want is None or want.partition_of != have.partition_of:
            continue
        parent_key = have.partition_of.key
        live_parent, desired_parent = differ.live.tables.get(parent_key), differ.desired.tables.get(parent_key)
        if live_parent is not None and desired_parent is not None and not {key, parent_key} & differ.recreated:
            yield have, want, live_parent, desired_parent


def parent_indexes_dropped(differ: _Differ) -> None:
    """The parent indexes and keys re-created to detach an index (`differ.detached`), and the keys their drops take
    along (`differ.cascaded`).

    PostgreSQL cannot detach a partition's index from its parent's: where the state keeps the parent's index
    or key as it is but no longer attaches a partition's index to it (the index becomes the partition's own,
    or goes; the parent's is ON ONLY now), the parent's is dropped, which takes every attached index along,
    and created again (ON ONLY where declared so), after the partitions' named indexes as for a new one.

    A partition's primary key or unique constraint made USING the index it has attached to a plain index of
    its parent (ADD CONSTRAINT ... USING INDEX) cannot be dropped while that index is attached (the parent's
    index requires it), nor the parent's index while the key stands on an index attached to it (the key
    depends on it). Where the plan drops the parent's index (the state drops it, defines it anew, or it is
    re-created to detach one), it goes with CASCADE, which takes exactly those keys; the ones the state still
    declares are added again as the partition's own. Neither is done where anything needs the parent's index or
    key, or one such key (a foreign key referencing it would go too), nor for a partition that leaves its parent
    or a table re-created whole.
    """
    detaching: dict[tuple[str, str], list[tuple[Table, str]]] = {}
    keys_on: dict[tuple[str, str], list[tuple[Table, str]]] = {}  # partitions' keys on attached indexes
    definitions: dict[tuple[str, str], tuple[Index | Constraint, Index | Constraint | None]] = {}
    for have, want, live_parent, desired_parent in _kept_partitions(differ):
        assert have.partition_of is not None
        for parent_index, name in have.attached_indexes.items():
            definition = parent_definition(live_parent, parent_index)
            if name is None or definition is None:
                continue
            at = (have.partition_of.key, parent_index)
            definitions[at] = (definition, parent_definition(desired_parent, parent_index))
            key = have.constraints.get(name)
            if isinstance(definition, Index) and key is not None and key.kind in ("primary_key", "unique"):
                keys_on.setdefault(at, []).append((have, name))
            if parent_index not in want.attached_indexes and _same(definitions[at][1], definition):
                detaching.setdefault(at, []).append((have, name))
    for at, attached in detaching.items():
        (parent_key, parent_index), (definition, _) = at, definitions[at]
        kind = "index" if isinstance(definition, Index) else "constraint"
        parent = differ.live.tables[parent_key]
        # The live graph is read only here: a plan without partitions to detach (a no-op's) never builds it.
        needed = differ.live_graph.needed_by
        if not needed.get(member_id(kind, parent, parent_index)) and not _keys_needed(differ, keys_on.get(at, [])):
            differ.detached[at] = attached
    for at, keys in keys_on.items():
        definition, desired = definitions[at]
        if (at in differ.detached or not _same(desired, definition)) and not _keys_needed(differ, keys):
            differ.cascaded[at] = keys


def recreate_to_detach(
    differ: _Differ, address: str, want: Table, live: dict[str, Constraint] | dict[str, Index]
) -> None:
    """Re-create the keys or indexes of `want` that partitions' attached indexes must come off (`differ.detached`).

    Each leaves `live`: the rest of the table's diff has nothing more to do with it.
    """
    for (parent_key, name), attached in differ.detached.items():
        if parent_key != f"{want.schema_name}.{want.name}" or name not in live:
            continue
        have = live.pop(name)
        if isinstance(have, Index):
            index = want.indexes[name]
            statements = differ.drop_index_online(want, have, rebuilt=index) + differ.create_index_online(want, index)
            differ.replace(
                f"{address}.index.{name}", "index", index, have, statements, differ.index_hazards(want, index)
            )
        else:
            key = want.constraints[name]
            statements = differ.drop_constraint(want, have) + differ.add_constraint(want, key)
            hazards = differ.constraint_hazards(want, key)
            differ.replace(f"{address}.constraint.{name}", "constraint", key, have, statements, hazards)
        off = ", ".join(f"{display_name(p.schema_name, p.name)}.{index}" for p, index in attached)
        differ.changes[-1].detail.append(
            f"re-created: PostgreSQL cannot detach the partitions' indexes attached to it ({off})"
        )


def _keys_needed(differ: _Differ, keys: list[tuple[Table, str]]) -> bool:
    """Whether anything needs one of these partition keys (a foreign key referencing it)."""
    return any(differ.live_graph.needed_by.get(member_id("constraint", table, name)) for table, name in keys)


def cascaded_keys(differ: _Differ, table: Table) -> set[str]:
    """The keys of partition `table` that its parent's DROP INDEX ... CASCADE drops (parent_indexes_dropped)."""
    key = (table.schema_name, table.name)
    return {name for keys in differ.cascaded.values() for p, name in keys if (p.schema_name, p.name) == key}


def own(table: Table, name: str) -> bool:
    """Whether `name` is an index or key the partition declares as its own: created with it, then adopted."""
    return name in table.indexes or name in table.constraints


def create_sql(table: Table, name: str, definition: Index | Constraint) -> str:
    """A partition's own index or key of the parent's definition, named `name`."""
    if isinstance(definition, Index):
        head = "CREATE UNIQUE INDEX" if definition.unique else "CREATE INDEX"
        return f"{head} {quote_ident(name)} ON {ddl.table_name(table)} USING {definition.using}"
    return f"ALTER TABLE {ddl.table_name(table)} ADD CONSTRAINT {quote_ident(name)} {definition.definition}"


def _attach_sql(table: Table, parent_index: str, name: str) -> str:
    assert table.partition_of is not None
    parent = qualify(table.partition_of.schema_name, parent_index)
    return f"ALTER INDEX {parent} ATTACH PARTITION {qualify(table.schema_name, name)}"


def _generated_name(differ: _Differ, table: Table, parent_index: str) -> str:
    """The name PostgreSQL would give the partition's index for `parent_index`, the first free one."""
    parent = differ.desired.tables[table.partition_of.key] if table.partition_of is not None else None
    taken = taken_names(table.schema_name, differ.live, differ.desired)
    candidates = generated_index_names(table.name, parent, parent_index) if parent is not None else []
    free = [name for name in candidates if name not in taken]
    return free[0] if free else f"{table.name}_{parent_index}"[:63]


def taken_names(schema: str, live: Database, desired: Database) -> set[str]:
    """The relation names of `schema` an index could not take: indexes, keys and attached indexes, live or desired."""
    return {
        name
        for db in (live, desired)
        for other in db.tables.values()
        if other.schema_name == schema
        for name in [*other.indexes, *other.constraints, *(n for n in other.attached_indexes.values() if n)]
    } | {other.name for other in live.tables.values() if other.schema_name == schema}


def update(differ: _Differ, address: str, want: Table, have: Table) -> Table:
    """Rename and attach a kept partition's indexes for its parent's; the live table without what they claim.

    A local index or key attached here is the parent's from now on: the rest of the table's diff must
    neither drop it nor compare it as the partition's own.
    """
    if want.partition_of is None or want.partition_of != have.partition_of:
        return have
    indexes, constraints = dict(have.indexes), dict(have.constraints)
    for name in cascaded_keys(differ, have):  # the parent's DROP INDEX ... CASCADE drops them
        constraints.pop(name)
    for parent_index, definition in kept_parent_definitions(differ, want).items():
        target = want.attached_indexes[parent_index]
        current = have.attached_indexes.get(parent_index)
        index_address = f"{address}.index.{target or current or parent_index}"
        if current is not None:
            if target is not None and target != current:
                sql = f"ALTER INDEX {qualify(have.schema_name, current)} RENAME TO {quote_ident(target)}"
                statements = [ddl.stmt(sql, ddl.Phase.CREATE_INDEX, ddl.lock_on(Kind.RENAME, want))]
                detail = [f"name: {current} -> {target} (its index for the parent's {parent_index})"]
                _add(differ, index_address, want, target, statements, detail)
            continue
        statements = []
        local = _local_match(want, indexes, constraints, definition, target)
        name = local or target or _generated_name(differ, want, parent_index)
        attach_phase = ddl.Phase.CREATE_INDEX
        if local is None and differ.online.enabled and want.partition_by is None:
            statements += _build_concurrently(want, name, definition)
            attach_phase = ddl.Phase.ONLINE_AFTER_INDEX
        elif local is None:
            lock = Kind.CREATE_INDEX if isinstance(definition, Index) else Kind.ADD_UNIQUE
            statements.append(
                ddl.stmt(create_sql(want, name, definition), ddl.Phase.CREATE_INDEX, ddl.lock_on(lock, want))
            )
        else:
            if isinstance(definition, Constraint) and local not in constraints:
                statements.append(_key_using_index(want, local, definition, ddl.Phase.CREATE_INDEX))
            indexes.pop(local, None)
            constraints.pop(local, None)
            if target is not None and target != local:
                sql = f"ALTER INDEX {qualify(have.schema_name, local)} RENAME TO {quote_ident(target)}"
                statements.append(ddl.stmt(sql, ddl.Phase.CREATE_INDEX, ddl.lock_on(Kind.RENAME, want)))
                name = target
        statements.append(
            ddl.stmt(_attach_sql(want, parent_index, name), attach_phase, ddl.lock_on(Kind.TABLE_ALTER, want))
        )
        detail = [f"attached to the parent's index {parent_index}" + ("" if local is None else f" (was {local})")]
        _add(differ, f"{address}.index.{name}", want, name, statements, detail)
    return have.model_copy(update={"indexes": indexes, "constraints": constraints})


def _build_concurrently(table: Table, name: str, definition: Index | Constraint) -> list[Statement]:
    """The partition's index built CONCURRENTLY after the transaction (online rules), a key made of it after.

    PostgreSQL's documented way to give a large partitioned table an index: each partition's is built
    without blocking its writers, then attached.
    """
    if isinstance(definition, Index):
        head = "CREATE UNIQUE INDEX CONCURRENTLY" if definition.unique else "CREATE INDEX CONCURRENTLY"
        sql = f"{head} {quote_ident(name)} ON {ddl.table_name(table)} USING {definition.using}"
        lock = ddl.lock_on(Kind.CREATE_INDEX_CONCURRENTLY, table)
        return [ddl.stmt(sql, ddl.Phase.ONLINE_CREATE_INDEX, lock)]
    match = _KEY.match(definition.definition)
    assert match is not None
    build = f"CREATE UNIQUE INDEX CONCURRENTLY {quote_ident(name)} ON {ddl.table_name(table)} ({match['columns']})"
    return [
        ddl.stmt(build, ddl.Phase.ONLINE_CREATE_INDEX, ddl.lock_on(Kind.CREATE_INDEX_CONCURRENTLY, table)),
        _key_using_index(table, name, definition, ddl.Phase.ONLINE_AFTER_INDEX),
    ]


def _key_using_index(table: Table, name: str, key: Constraint, phase: ddl.Phase) -> Statement:
    """ALTER TABLE ... ADD CONSTRAINT name PRIMARY KEY / UNIQUE USING INDEX name: the unique index becomes the key."""
    match = _KEY.match(key.definition)
    assert match is not None
    sql = f"ALTER TABLE {ddl.table_name(table)} ADD CONSTRAINT {quote_ident(name)} {match['kind']} USING INDEX "
    return ddl.stmt(sql + quote_ident(name), phase, ddl.lock_on(Kind.ADD_CONSTRAINT_USING_INDEX, table))


def _local_match(
    want: Table,
    indexes: dict[str, Index],
    constraints: dict[str, Constraint],
    definition: Index | Constraint,
    target: str | None,
) -> str | None:
    """The partition's live index or key that the state does not keep as its own and that fits the parent's."""
    candidates: list[str] = []
    for name, index in indexes.items():
        if name not in want.indexes and name not in want.constraints and _same_index_definition(index, definition):
            candidates.append(name)
    if isinstance(definition, Constraint):
        for name, constraint in constraints.items():
            kind, text = constraint.kind, constraint.definition
            if name not in want.constraints and (kind, text) == (definition.kind, definition.definition):
                candidates.append(name)
    if target in candidates:
        return target
    return candidates[0] if candidates else None


def _add(
    differ: _Differ, address: str, table: Table, name: str, statements: list[Statement], detail: list[str]
) -> None:
    differ.tag(statements, "alter", member_id("index", table, name), needs=(table_id(table),))
    differ.add(address, "index", Action.UPDATE, None, None, statements, detail=detail)


def created_before_parent(differ: _Differ) -> None:
    """The partitions' named indexes for parent indexes and keys the plan creates: made first, then adopted.

    `CREATE INDEX` on a partitioned table (and a key added to it) takes each partition's index of the
    same definition, where it has one, instead of building a new one under a name of its own.
    """
    for want in differ.desired.tables.values():
        if want.partition_of is None or want.partition_of.key in differ.recreated:
            continue
        parent = differ.desired.tables.get(want.partition_of.key)
        if parent is None:
            continue
        kept = kept_parent_definitions(differ, want)
        have = differ.live.tables.get(f"{want.schema_name}.{want.name}")
        for parent_index, name in want.attached_indexes.items():
            definition = parent_definition(parent, parent_index)
            if name is None or definition is None or parent_index in kept or own(want, name):
                continue
            statements: list[Statement] = []
            if have is None or have.partition_of != want.partition_of or name not in have.indexes:
                lock = Kind.CREATE_INDEX if isinstance(definition, Index) else Kind.ADD_UNIQUE
                create = ddl.stmt(
                    create_sql(want, name, definition), ddl.Phase.PARTITION_INDEX, ddl.lock_on(lock, want)
                )
                statements += differ.tag([create], "create", member_id("index", want, name), needs=(table_id(want),))
            # else the partition's local index of that name is adopted as it is
            if not _valid(definition):  # ON ONLY: nothing is adopted, attach it
                attach = ddl.stmt(
                    _attach_sql(want, parent_index, name), ddl.Phase.CREATE_INDEX, ddl.lock_on(Kind.TABLE_ALTER, want)
                )
                needs = (member_id("index", want, name), member_id("index", parent, parent_index))
                statements += differ.tag([attach], "alter", member_id("index", want, name), needs=needs)
                detail = [f"the partition's index for the parent's {parent_index} (ON ONLY): attached to it"]
            else:
                detail = [
                    f"the partition's index for the parent's {parent_index}, created first: the parent's adopts it"
                ]
            if statements:
                address = f"table.{display_name(want.schema_name, want.name)}.index.{name}"
                differ.add(address, "index", Action.CREATE, None, None, statements, detail=detail)
