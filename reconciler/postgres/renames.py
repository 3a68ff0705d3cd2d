"""`renamed_from:` — renames resolved once, before the diff.

A state file says an object was renamed by giving its new name the key
`renamed_from: <old name>` (schemas, tables, columns, indexes, views,
materialized views, sequences). Against the live database each key is in one
of three states:

- pending: the old name exists and the new one does not. The plan renames it
  (`ALTER ... RENAME`, catalog only: the data, grants and dependent objects
  stay; PostgreSQL itself re-points views, constraints and indexes);
- inert: the new name exists, or neither does (then the object is created);
  a converged plan says nothing about it;
- conflicting: both exist. That is an error naming both (file:line:field):
  the tool cannot know which one holds the data.

Pending renames never run on the target while planning: the renames are
undone on the normalizer's throwaway copy of the desired objects
(reverse_renames.py) and the live model is renamed from that
(renamed_live.py), so each per-kind differ sees the live object under its new
name, with the texts PostgreSQL will print once it is renamed, and plans the
other changes against it. The RENAME statements come first in the plan
(`ddl.Phase.RENAME`). The digest a saved plan is checked against at apply
is the one of the database as it really is (old names), so a rename is
re-checked like every other change.

Renamed objects keep the names PostgreSQL gave what hangs off them (a
renamed table's `orders_pkey`, a renamed column's `users_email_key`): for
constraints the file leaves unnamed, the desired side takes the live name of
the constraint with the same definition (`keep_constraint_names`), pending
or inert, so neither the rename nor later plans re-create them.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from functools import cache, partial
from typing import Any

from reconciler.changes import Action, Change, Statement
from reconciler.errors import StateError, StateIssue
from reconciler.postgres.ddl import Phase
from reconciler.postgres.identifiers import qualify, quote_ident
from reconciler.postgres.locks import Kind, take, with_row_estimates
from reconciler.postgres.model import Database, Table
from reconciler.postgres.spec.common import IDENTIFIER_MAX
from reconciler.postgres.spec.database import DatabaseSpec, SchemaSpec
from reconciler.postgres.spec.tables import TableSpec
from reconciler.state.yaml_source import SourceMap

BACKEND = "postgres"
SourcePath = tuple[str | int, ...]

# Relation kinds of a schema: spec section, ALTER keyword, address kind, Database attribute.
_RELATIONS = (
    ("tables", "TABLE", "table", "tables"),
    ("views", "VIEW", "view", "views"),
    ("materialized_views", "MATERIALIZED VIEW", "materialized_view", "materialized_views"),
    ("sequences", "SEQUENCE", "sequence", "sequences"),
)


@dataclass(frozen=True)
class Rename:
    """One pending rename: the statement, and where the state file asks for it."""

    kind: str
    address: str
    old: str
    new: str
    sql: str
    locked: tuple[str, str] | None = None  # (schema, name) of the live table the statement locks, if any
    # Where the object is, as the file declares it (new names) and as the live database has it (old names): the
    # renamed live model (renamed_live.py) and the reverse renames in the normalizer (reverse_renames.py) use them.
    schema: str = ""  # the declared schema (a schema's own rename: its new name)
    live_schema: str = ""  # the schema it is in on the live database (a schema's own rename: its old name)
    table: str = ""  # a column's declared table
    live_table: str = ""  # a column's table on the live database

    def change(self, database: str) -> Change:
        return Change(
            backend=BACKEND,
            scope=database,
            address=f"{BACKEND}.{database}.{self.address}",
            kind=self.kind,
            action=Action.UPDATE,
            before={"name": self.old},
            after={"name": self.new},
            statements=[
                Statement(
                    sql=self.sql,
                    phase=int(Phase.RENAME),
                    locks=[] if self.locked is None else [take(Kind.RENAME, *self.locked)],
                )
            ],
            detail=[
                f"renamed from {self.old!r}: data, grants and dependent objects kept (catalog only; a brief "
                "ACCESS EXCLUSIVE lock)"
            ],
        )


@dataclass
class Renames:
    """The renames a state file asks for, resolved against one live database."""

    pending: list[Rename] = field(default_factory=list)

    def changes(self, database: str, live: Database) -> list[Change]:
        """One change per pending rename, in the order they must run (schemas, relations, then columns, indexes),
        each lock sized by the live table it takes (the live database, by the old names)."""
        return with_row_estimates([r.change(database) for r in self.pending], live)


def old_schema_names(spec: DatabaseSpec) -> list[str]:
    """Schemas the file renames: inspected too, so a pending rename finds (and a saved plan re-checks) them."""
    return [s.renamed_from for s in spec.schemas.values() if s.renamed_from and s.renamed_from not in spec.schemas]


def _declared_renames(spec: DatabaseSpec) -> Iterator[tuple[SourcePath, str, str, Collection[str], str]]:
    """Every object that names an old name (`renamed_from`): its path, its old name, its name, the names an old
    name may not be (still declared), and what it is. Only those: a 2,000-table file has 28,000 objects that may
    carry one, and making a path for each, and each schema's names, was most of a plan's 40 ms here."""
    for schema_name, schema in spec.schemas.items():
        base: SourcePath = ("schemas", schema_name)
        if schema.renamed_from is not None:
            yield base, schema.renamed_from, schema_name, spec.schemas.keys(), "schema"
        taken = cache(partial(_relations_and_indexes, schema))  # made once per schema, where a rename needs it
        for section, *_ in _RELATIONS:
            for name, obj in getattr(schema, section).items():
                if obj.renamed_from is not None:
                    yield (*base, section, name), obj.renamed_from, name, taken(), section[:-1]
        for table_name, table in schema.tables.items():
            table_path = (*base, "tables", table_name)
            for column_name, column in table.columns.items():
                if column.renamed_from is not None:
                    path = (*table_path, "columns", column_name)
                    yield path, column.renamed_from, column_name, table.columns.keys(), "column"
            for index_name, index in table.indexes.items():
                if index.renamed_from is not None:
                    yield (*table_path, "indexes", index_name), index.renamed_from, index_name, taken(), "index"
        for matview_name, matview in schema.materialized_views.items():
            for index_name, index in matview.indexes.items():
                if index.renamed_from is not None:
                    path = (*base, "materialized_views", matview_name, "indexes", index_name)
                    yield path, index.renamed_from, index_name, taken(), "index"


def _relations_and_indexes(schema: SchemaSpec) -> set[str]:
    """The names a relation's or an index's old name may not be: the schema's relations and indexes share them."""
    relations = {name for section, *_ in _RELATIONS for name in getattr(schema, section)}
    indexes = {i for t in schema.tables.values() for i in t.indexes}
    indexes |= {i for m in schema.materialized_views.values() for i in m.indexes}
    return relations | indexes


def declares_renames(spec: DatabaseSpec) -> bool:
    """Whether the file names an old name anywhere (`renamed_from`): its plan needs the live names before it
    normalizes, since pending renames are undone in the normalizer."""
    return next(_declared_renames(spec), None) is not None


def check_declared(spec: DatabaseSpec, source: SourceMap) -> list[StateIssue]:
    """What is wrong without a server: a name renamed from itself, or from a name the file still declares."""
    issues: list[StateIssue] = []
    for path, old, new, taken, what in _declared_renames(spec):
        if old == new:
            issues.append(source.issue((*path, "renamed_from"), f"{what} {new!r} is renamed from its own name"))
        elif old in taken:
            issues.append(
                source.issue(
                    (*path, "renamed_from"),
                    f"{what} {new!r} is renamed from {old!r}, which this file also declares: "
                    "an old name must no longer be declared",
                )
            )
    return issues


class _Resolver:
    """Walks the file's renamed_from keys against the live database; collects pending renames and conflicts."""

    def __init__(self, spec: DatabaseSpec, live: Database, source: SourceMap) -> None:
        self.spec, self.live, self.source = spec, live, source
        self.result = Renames()
        self.issues: list[StateIssue] = []

    def state(self, path: SourcePath, old: str | None, new: str, exists: set[str], where: str) -> bool:
        """True when the rename is pending; reports both names existing."""
        if old is None or old == new or old not in exists:
            return False
        if new in exists:
            self.issues.append(
                self.source.issue(
                    (*path, "renamed_from"),
                    f"both {old!r} (renamed_from) and {new!r} exist in {where}: reconcile cannot tell which one "
                    "holds the data; drop or rename one of them by hand, or remove renamed_from",
                )
            )
            return False
        return True

    def run(self) -> Renames:
        live = self.live
        if not live.exists:
            return self.result
        live_schema: dict[str, str] = {}
        for name, schema in self.spec.schemas.items():
            live_schema[name] = name
            where = f"database {live.name}"
            if self.state(("schemas", name), schema.renamed_from, name, set(live.schemas), where):
                assert schema.renamed_from is not None
                live_schema[name] = schema.renamed_from
                sql = f"ALTER SCHEMA {quote_ident(schema.renamed_from)} RENAME TO {quote_ident(name)}"
                self.result.pending.append(
                    Rename(
                        "schema",
                        f"schema.{name}",
                        schema.renamed_from,
                        name,
                        sql,
                        schema=name,
                        live_schema=schema.renamed_from,
                    )
                )
        members: list[tuple[str, SchemaSpec, str]] = []
        for name, schema in self.spec.schemas.items():
            self.relations(name, schema, live_schema[name])
            members.append((name, schema, live_schema[name]))
        for name, schema, physical in members:
            self.members(name, schema, physical)
        if self.issues:
            raise StateError(self.issues)
        return self.result

    def relations(self, schema_name: str, schema: SchemaSpec, physical: str) -> None:
        """Tables, views, materialized views and sequences (one namespace per schema)."""
        for section, keyword, kind, attribute in _RELATIONS:
            live_names = {obj.name for obj in getattr(self.live, attribute).values() if obj.schema_name == physical}
            for name, obj in getattr(schema, section).items():
                path: SourcePath = ("schemas", schema_name, section, name)
                if self.state(path, obj.renamed_from, name, live_names, f"schema {physical}"):
                    sql = f"ALTER {keyword} {qualify(schema_name, obj.renamed_from)} RENAME TO {quote_ident(name)}"
                    address = f"{kind}.{_display(schema_name, name)}"
                    locked = (physical, obj.renamed_from) if kind == "table" else None
                    self.result.pending.append(
                        Rename(kind, address, obj.renamed_from, name, sql, locked, schema_name, physical)
                    )

    def members(self, schema_name: str, schema: SchemaSpec, physical: str) -> None:
        """Columns and indexes of tables, indexes of materialized views, found under their live table's name."""
        for table_name, table in schema.tables.items():
            live_table = self._live_relation(self.live.tables, physical, table_name, table.renamed_from)
            if live_table is None:
                continue
            base: SourcePath = ("schemas", schema_name, "tables", table_name)
            address = f"table.{_display(schema_name, table_name)}"
            where = f"table {physical}.{live_table.name}"
            serials: list[tuple[str, str]] = []
            for column_name, column in table.columns.items():
                path = (*base, "columns", column_name)
                live_column = column_name
                if self.state(path, column.renamed_from, column_name, set(live_table.columns), where):
                    assert column.renamed_from is not None
                    live_column = column.renamed_from
                    sql = (
                        f"ALTER TABLE {qualify(schema_name, table_name)} RENAME COLUMN "
                        f"{quote_ident(column.renamed_from)} TO {quote_ident(column_name)}"
                    )
                    column_address = f"{address}.column.{column_name}"
                    locked = (physical, live_table.name)
                    self.result.pending.append(
                        Rename(
                            "column",
                            column_address,
                            column.renamed_from,
                            column_name,
                            sql,
                            locked,
                            schema_name,
                            physical,
                            table_name,
                            live_table.name,
                        )
                    )
                if live_table.name != table_name or live_column != column_name:
                    serials.append((f"{live_table.name}.{live_column}", f"{table_name}_{column_name}_seq"))
            self.serial_sequences(schema_name, schema, physical, serials)
            self.indexes(
                base,
                address,
                schema_name,
                table.indexes,
                set(live_table.indexes),
                where,
                (physical, live_table.name),
                physical=physical,
            )
        for matview_name, matview in schema.materialized_views.items():
            live_matview = self._live_relation(
                self.live.materialized_views, physical, matview_name, matview.renamed_from
            )
            if live_matview is not None:
                base = ("schemas", schema_name, "materialized_views", matview_name)
                address = f"materialized_view.{_display(schema_name, matview_name)}"
                where = f"materialized view {physical}.{live_matview.name}"
                self.indexes(
                    base, address, schema_name, matview.indexes, set(live_matview.indexes), where, physical=physical
                )

    def serial_sequences(
        self, schema_name: str, schema: SchemaSpec, physical: str, owners: list[tuple[str, str]]
    ) -> None:
        """A serial column's sequence follows its table and column: `users_id_seq` becomes `people_id_seq`.

        The file does not declare it (the serial does), and normalizing the file
        names it after the new names; renamed too, it keeps its counter and the
        column's default needs no change.
        """
        for owner, new in owners:
            old = owner.replace(".", "_", 1) + "_seq"  # the name PostgreSQL gave it: <table>_<column>_seq
            have = self.live.sequences.get(f"{physical}.{old}")
            if have is None or have.owned_by != owner or old in schema.sequences:
                continue
            if len(new.encode()) > IDENTIFIER_MAX or f"{physical}.{new}" in self.live.sequences:
                continue
            sql = f"ALTER SEQUENCE {qualify(schema_name, old)} RENAME TO {quote_ident(new)}"
            detail = f"sequence.{_display(schema_name, new)}"
            self.result.pending.append(Rename("sequence", detail, old, new, sql, None, schema_name, physical))

    def indexes(
        self,
        base: SourcePath,
        address: str,
        schema_name: str,
        declared: dict[str, Any],
        live: set[str],
        where: str,
        table: tuple[str, str] | None = None,
        *,
        physical: str,
    ) -> None:
        for index_name, index in declared.items():
            path = (*base, "indexes", index_name)
            if self.state(path, index.renamed_from, index_name, live, where):
                sql = f"ALTER INDEX {qualify(schema_name, index.renamed_from)} RENAME TO {quote_ident(index_name)}"
                self.result.pending.append(
                    Rename(
                        "index",
                        f"{address}.index.{index_name}",
                        index.renamed_from,
                        index_name,
                        sql,
                        table,
                        schema_name,
                        physical,
                    )
                )

    @staticmethod
    def _live_relation(found: dict[str, Any], physical: str, name: str, old: str | None) -> Any:
        """The live relation a declared one is, under its new name or (rename pending) its old one."""
        current = found.get(f"{physical}.{name}")
        if current is None and old is not None:
            current = found.get(f"{physical}.{old}")
        return current


def resolve(spec: DatabaseSpec, live: Database, source: SourceMap) -> Renames:
    """The pending renames of `spec` against `live`; StateError (file:line:field) where both names exist."""
    return _Resolver(spec, live, source).run()


def keep_constraint_names(desired: Database, live: Database, spec: DatabaseSpec) -> Database:
    """The desired side with the live names of constraints the file leaves unnamed, on renamed tables or columns.

    PostgreSQL names an unnamed constraint after its table and columns
    (`orders_pkey`, `users_email_key`) and keeps that name through a rename;
    normalizing the file names it after the new names. Without this, the rename
    would drop and re-create every such key, check and foreign key.
    """
    adjusted: Database | None = None
    for schema_name, schema in spec.schemas.items():
        for table_name, table_spec in schema.tables.items():
            if table_spec.renamed_from is None and not any(c.renamed_from for c in table_spec.columns.values()):
                continue
            key = f"{schema_name}.{table_name}"
            want, have = desired.tables.get(key), live.tables.get(key)
            if want is None or have is None:
                continue
            kept = _kept_names(want, have, _declared_constraint_names(table_spec))
            if kept:
                adjusted = adjusted or desired.model_copy(deep=True)
                _rename_constraints(adjusted.tables[key], kept)
    return adjusted or desired


def _kept_names(want: Table, have: Table, declared: set[str]) -> dict[str, str]:
    """Desired constraint name -> the live name of the one with the same kind and definition."""
    kept: dict[str, str] = {}
    spare = [c for name, c in have.constraints.items() if name not in want.constraints]
    for name, constraint in want.constraints.items():
        if name in declared or name in have.constraints:
            continue
        for candidate in spare:
            if candidate.kind == constraint.kind and candidate.definition == constraint.definition:
                kept[name] = candidate.name
                spare.remove(candidate)
                break
    return kept


def _rename_constraints(table: Table, kept: dict[str, str]) -> None:
    renamed = {name: kept.get(name, name) for name in table.constraints}
    table.constraints = {
        renamed[name]: c.model_copy(update={"name": renamed[name]}) for name, c in table.constraints.items()
    }


def _declared_constraint_names(table: TableSpec) -> set[str]:
    """Constraint names the file spells out: those are compared as written."""
    names = {table.primary_key.name} if table.primary_key and table.primary_key.name else set()
    names |= {u.name for u in table.unique if u.name}
    names |= {c.name for c in table.checks if c.name}
    names |= {x.name for x in table.exclude if x.name}
    for fk in table.foreign_keys:
        if fk.name or fk.references.name:
            names.add(fk.name or fk.references.name or "")
    names |= {c.references.name for c in table.columns.values() if c.references and c.references.name}
    return names


def _display(schema: str, name: str) -> str:
    return name if schema == "public" else f"{schema}.{name}"
