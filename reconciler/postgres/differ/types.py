"""Domains, composite types and range types: what changes, and how.

A domain's default, NOT NULL, checks and comment change in place (ALTER
DOMAIN); a composite type gains, loses and retypes attributes in place
(ALTER TYPE ... ATTRIBUTE) as long as the attributes keep their order and no
column stores the type whose attribute is retyped. Anything else (a domain's
base type or collation, any range option) drops the type and creates it
again: what uses it is dropped first and created again after
(`recreate_dependents`); a column of the type comes back empty, so such a
change is destructive.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import BaseModel

from reconciler.changes import Action, Hazard, Statement
from reconciler.postgres import ddl_indexes, ddl_tables, shell_types, user_types
from reconciler.postgres.ddl import Phase, lock_on, stmt, table_name
from reconciler.postgres.dependencies import member_id, object_id
from reconciler.postgres.differ.enums import spellings
from reconciler.postgres.differ.hazards import EXCLUSIVE_LOCK, REWRITE
from reconciler.postgres.identifiers import quote_ident
from reconciler.postgres.locks import Kind
from reconciler.postgres.model import (
    Column,
    CompositeType,
    Database,
    Domain,
    MaterializedView,
    RangeType,
    ShellType,
    Table,
    View,
)
from reconciler.postgres.user_types import UserType, type_id, type_name

if TYPE_CHECKING:
    from reconciler.postgres.differ import _Differ

EMPTIED_COLUMNS = Hazard(
    code="data_loss",
    message="columns of this type are dropped and added again: the values they hold are lost",
)
LOST_ATTRIBUTE = Hazard(code="data_loss", message="values stored in columns of this type lose the dropped attribute")
CHECKS_VALUES = Hazard(code="long_validation", message="checks every stored value of the domain (all tables using it)")


def address(obj: UserType) -> str:
    from reconciler.postgres.differ.addresses import display_name

    kind = "domain" if isinstance(obj, Domain) else "composite_type" if isinstance(obj, CompositeType) else "range"
    return f"{kind}.{display_name(obj.schema_name, obj.name)}"


def _create(obj: UserType) -> list[Statement]:
    if isinstance(obj, Domain):
        return user_types.create_domain(obj)
    if isinstance(obj, CompositeType):
        return user_types.create_composite(obj)
    return user_types.create_range(obj)


def diff_types(d: _Differ) -> None:
    """Create, change and drop the declared domains, composite types, range types and shell types."""

    def create(obj: UserType) -> list[Statement]:
        return d.tag(_create(obj), "create", type_id(obj))

    desired_names = user_types.type_names(d.desired)

    def drop(obj: UserType) -> list[Statement]:
        reused = (obj.schema_name, obj.name) in desired_names  # by a type of another kind
        return d.tag(user_types.drop_type(obj, name_reused=reused), "drop", type_id(obj))

    d.keyed("domain", d.desired.domains, d.live.domains, address, create, drop, lambda w, h: update_domain(d, w, h))
    d.keyed(
        "composite_type",
        d.desired.composite_types,
        d.live.composite_types,
        address,
        create,
        drop,
        lambda w, h: update_composite(d, w, h),
    )
    d.keyed("range", d.desired.ranges, d.live.ranges, address, create, drop, lambda w, h: replace_type(d, w, h))

    def shell_address(shell: ShellType) -> str:
        from reconciler.postgres.differ.addresses import display_name

        return f"shell_type.{display_name(shell.schema_name, shell.name)}"

    def shell_id(shell: ShellType) -> str:
        return object_id("shell_type", shell.schema_name, shell.name)

    d.keyed(
        "shell_type",
        d.desired.shell_types,
        d.live.shell_types,
        shell_address,
        lambda s: d.tag(shell_types.create(s), "create", shell_id(s)),
        lambda s: d.tag(shell_types.drop(s, name_reused=(s.schema_name, s.name) in desired_names), "drop", shell_id(s)),
        lambda w, h: d.comment_only(shell_address(w), "shell_type", w, h, shell_types.target(w)),
        ident=shell_id,
    )


def _columns_of(d: _Differ, obj: UserType) -> list[str]:
    """Graph ids of the live columns that store values of the type (directly, in an array, or through other types)."""
    return [dep for dep in d.live_graph.dependents(type_id(obj)) if dep.startswith("column:")]


def replace_type(d: _Differ, want: UserType, have: UserType, detail: list[str] | None = None) -> None:
    """Drop the type and create it as declared; `recreate_dependents` takes what uses it out and back."""
    from reconciler.postgres.differ.addresses import _field_changes
    from reconciler.postgres.differ.hazards import DEPENDENTS

    typed = _typed_tables(d.live, have) if isinstance(have, CompositeType) else []
    if typed:
        names = ", ".join(f"{t.schema_name}.{t.name}" for t in typed)
        blocked = (
            f"the type must be dropped and created again, and it is the row type of {names} (CREATE TABLE ... OF), "
            "which PostgreSQL cannot keep without it; declare those tables without `of_type` in an apply of its own "
            "first, or drop them"
        )
        changes = detail if detail is not None else _field_changes(have, want)
        d.add(address(want), _kind(want), Action.REPLACE, have, want, [], blocked=blocked, detail=changes)
        return
    statements = d.tag(user_types.drop_type(have), "drop", type_id(have))
    statements += d.tag(_create(want), "create", type_id(want))
    emptied = bool(_columns_of(d, have))
    hazards = [DEPENDENTS, *([EMPTIED_COLUMNS] if emptied else [])]
    d.add(
        address(want),
        _kind(want),
        Action.REPLACE,
        have,
        want,
        statements,
        hazards=hazards,
        destructive=emptied,
        detail=detail if detail is not None else _field_changes(have, want),
    )


def _kind(obj: UserType) -> str:
    return "domain" if isinstance(obj, Domain) else "composite_type" if isinstance(obj, CompositeType) else "range"


def domain_recreated(want: Domain, have: Domain) -> bool:
    """Whether the plan drops and creates the domain again: PostgreSQL has no ALTER for its base type or collation."""
    return want.base_type != have.base_type or want.collation != have.collation


def update_domain(d: _Differ, want: Domain, have: Domain) -> None:
    from reconciler.postgres.differ.addresses import _field_changes

    if domain_recreated(want, have):
        replace_type(d, want, have)
        return
    checking, other = user_types.alter_domain(want, have)
    statements = d.tag(other, "alter", type_id(want)) + d.tag(checking, "alter", type_id(want))
    hazards = [CHECKS_VALUES] if checking and _columns_of(d, have) else []
    inside = _columns_inside_containers(d, have) if checking else []
    if inside:
        blocked = (
            f"PostgreSQL refuses to add a check or NOT NULL to a domain while a column stores it inside a composite "
            f'or range type ({", ".join(c.removeprefix("column:") for c in inside)}: "cannot alter type ... because '
            'column ... uses it"); change those columns to another type first, in an apply of its own'
        )
        detail = _field_changes(have, want)
        d.add(address(want), "domain", Action.UPDATE, have, want, [], blocked=blocked, detail=detail)
        return
    arrays = _array_columns(d.live, have) if checking else []
    if arrays:
        statements = _retyped(d, arrays, have, to_base=True) + statements + _retyped(d, arrays, have, to_base=False)
        hazards += [REWRITE, EXCLUSIVE_LOCK]
    d.add(
        address(want),
        "domain",
        Action.UPDATE,
        have,
        want,
        statements,
        hazards=hazards,
        detail=_field_changes(have, want),
    )


def _columns_inside_containers(d: _Differ, domain: Domain) -> list[str]:
    """Graph ids of the live columns that store the domain inside a composite or range type (or an array of one)."""
    containers = {type_id(t) for t in d.live.composite_types.values()} | {type_id(t) for t in d.live.ranges.values()}
    inside = [obj for obj in d.live_graph.dependents(type_id(domain)) if obj in containers]
    return sorted({c for container in inside for c in d.live_graph.dependents(container) if c.startswith("column:")})


def _typed_tables(live: Database, composite: CompositeType) -> list[Table]:
    """The live tables whose row type is the composite type (CREATE TABLE ... OF)."""
    names = spellings(composite)
    return [table for table in live.tables.values() if table.of_type in names]


def _array_columns(live: Database, domain: Domain) -> list[tuple[Table, str]]:
    """Live columns that store arrays of the domain, where their table declares them (not inherited).

    PostgreSQL cannot check such values when a domain gains a check or NOT NULL (it refuses: "cannot alter type
    ... because column ... uses it"), even NOT VALID then VALIDATE; as arrays of the base type for the while, it
    needs nothing from them, and the values are checked as they become the domain's again.
    """
    names = spellings(domain)
    found = []
    for table in live.tables.values():
        if table.partition_of is not None:
            continue  # ALTER TABLE on the partitioned table converts its partitions
        parents = [live.tables.get(parent.key) for parent in table.inherits]
        for name, column in table.columns.items():
            element = column.type.removesuffix("[]")
            inherited = any(parent is not None and name in parent.columns for parent in parents)
            if element != column.type and element in names and not inherited:
                found.append((table, name))
    return found


def _retyped(d: _Differ, columns: list[tuple[Table, str]], domain: Domain, *, to_base: bool) -> list[Statement]:
    """The columns as arrays of the domain's base type (first of all, before the domain's SET NOT NULL and ADD
    CONSTRAINT), or as arrays of the domain again (right after its ADD CONSTRAINT: each element is checked then)."""
    statements = []
    for table, name in columns:
        column = quote_ident(name)
        if to_base:
            clause, phase = f"TYPE {domain.base_type}[]", Phase.DROP_COLUMN
        else:
            array = f"{type_name(domain)}[]"
            clause, phase = f"TYPE {array} USING {column}::{array}", Phase.ADD_FOREIGN_KEY
        sql = f"ALTER TABLE {table_name(table)} ALTER COLUMN {column} {clause}"
        statements += d.tag([stmt(sql, phase, lock_on(Kind.ALTER_TYPE, table))], "alter", type_id(domain))
    return statements


def update_composite(d: _Differ, want: CompositeType, have: CompositeType) -> None:
    detail = user_types.attribute_changes(want.attributes, have.attributes)
    if want.comment != have.comment:
        detail.append(f"comment: {have.comment!r} -> {want.comment!r}")
    statements = user_types.alter_composite(want, have)
    # The columns of its typed tables (CREATE TABLE ... OF) follow the type (ALTER TYPE ... CASCADE): they store
    # no values of it.
    typed = {member_id("column", t, name) for t in _typed_tables(d.live, have) for name in t.columns}
    stored = bool(set(_columns_of(d, have)) - typed)
    old_types = {a.name: a for a in have.attributes}
    retyped = any(a.name in old_types and old_types[a.name].definition() != a.definition() for a in want.attributes)
    if statements is None or (retyped and stored):
        replace_type(d, want, have, detail)  # PostgreSQL cannot retype an attribute of a type columns store
        return
    dropped = {a.name for a in have.attributes} - {a.name for a in want.attributes}
    lossy = bool(dropped) and bool(stored or typed)  # a typed table loses the dropped attribute's column
    hazards = [LOST_ATTRIBUTE] if lossy else []
    if typed and retyped:
        hazards += [REWRITE, EXCLUSIVE_LOCK]  # CASCADE converts the typed tables' columns, as ALTER COLUMN TYPE
    d.add(
        address(want),
        "composite_type",
        Action.UPDATE,
        have,
        want,
        d.tag(statements, "alter", type_id(want)),
        hazards=hazards,
        destructive=lossy,
        detail=detail,
    )


# --- dependents of a replaced type ----------------------------------------------------------------------


def objects_by_id(db: Database) -> dict[str, tuple[Table | None, BaseModel]]:
    """The database's types by graph id, for `recreate_dependents` (a type can need another)."""
    found: dict[str, tuple[Table | None, BaseModel]] = {}
    for kind in (db.domains, db.composite_types, db.ranges):
        for obj in kind.values():
            found[type_id(obj)] = (None, obj)
    return found


# An object with the table (view, materialized view) it belongs to, as differ._objects_by_id gives it.
Located = tuple[Table | View | MaterializedView | None, BaseModel]


def drop_and_create(d: _Differ, obj: str, have: Located, want: Located) -> list[Statement] | None:
    """Statements that take a dependent of a replaced type out and back, or None when it is not this module's.

    A type that uses the replaced one is dropped and created again; a column whose type is replaced is
    dropped and added again, with the constraints and indexes on it that stay as they are.
    """
    (table, old), (_, new) = have, want
    if isinstance(old, Domain | CompositeType | RangeType) and isinstance(new, Domain | CompositeType | RangeType):
        return d.tag(user_types.drop_type(old), "drop", obj) + d.tag(_create(new), "create", obj)
    if not (isinstance(old, Column) and isinstance(new, Column) and isinstance(table, Table)):
        return None
    # An enum too: one replaced by a domain, composite or range type of its name is dropped, not renamed aside.
    dropped_types = {
        o
        for t in d.targets.values()
        if t.operation == "drop"
        for o in t.objects
        if user_types.is_type_id(o) or o.startswith("enum:")
    }
    graph = d.live_graph
    replaced = dropped_types & set(graph.needs.get(obj, ()))
    if not replaced:
        return None
    # What pg_depend records as needing the column or the type, recreate_dependents takes care of.
    handled = set(graph.dependents(obj)).union(*(graph.dependents(t) for t in replaced))
    statements: list[Statement] = []
    # A column only inherited (a partition's, or a child's that does not declare it too) the parent's DROP COLUMN
    # takes along and its ADD COLUMN puts back; what is on it here is put back all the same.
    if old.local:
        statements = d.tag(ddl_tables.drop_column(table, old), "drop", obj)
        statements += d.tag(ddl_tables.add_column(table, new), "create", obj)
    wanted = d.desired.tables.get(f"{table.schema_name}.{table.name}")
    if wanted is None:
        return statements
    from reconciler.postgres.differ.tables import _mentions

    for constraint in wanted.constraints.values():
        if member_id("constraint", wanted, constraint.name) in handled:
            continue
        if new.name in constraint.columns and table.constraints.get(constraint.name) == constraint:
            statements += d.add_constraint(wanted, constraint)
    for index in wanted.indexes.values():
        if member_id("index", wanted, index.name) in handled:
            continue
        if _mentions(index.using, new.name) and table.indexes.get(index.name) == index:
            statements += d.tag(
                ddl_indexes.create_index(wanted, index), "create", member_id("index", wanted, index.name)
            )
    return statements
