"""Load state/seeds/<database>/*.yaml and check them against the declared schema (no server).

Checks: the table and every column exist; the natural key carries a primary
key or unique constraint; references point at a declared table through a
unique key; secrets are `${env:...}`; values for text columns are strings
(YAML reads `100.00` as the number 100.0); NOT NULL columns without a
default are given; keys are not declared twice. Selectors such as
`permission: {match: "*.read"}` expand here into one row per matching
declared row of the referenced table.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reconciler.errors import StateError, StateIssue
from reconciler.postgres.seeds.csv_rows import read_csv_rows
from reconciler.postgres.seeds.model import DeclaredRow, Reference, SeedTable
from reconciler.postgres.seeds.spec import SeedFileSpec
from reconciler.postgres.spec.database import DatabaseSpec
from reconciler.postgres.spec.tables import TableSpec
from reconciler.postgres.validate import unique_column_sets
from reconciler.secrets import SecretRef, parse_reference
from reconciler.state.validation import validate_document
from reconciler.state.yaml_source import SourceMap, display_path, load_yaml

_TEXT_TYPE = re.compile(r"^\s*(text|varchar|character varying|char|character|bpchar|citext|name)\b", re.I)


def seed_files(state_dir: Path, database: str) -> list[Path]:
    folder = state_dir / "seeds" / database
    return sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]) if folder.is_dir() else []


def seed_databases(state_dir: Path) -> list[str]:
    folder = state_dir / "seeds"
    return sorted(p.name for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []


def _table(spec: DatabaseSpec, name: str) -> tuple[str, str, TableSpec | None]:
    schema, _, table = name.rpartition(".")
    schema = schema or "public"
    owner = spec.schemas.get(schema)
    return schema, table, owner.tables.get(table) if owner else None


def _target_of(table: TableSpec, column: str) -> str | None:
    """The referenced column of the foreign key on `column`, if the schema declares one."""
    col = table.columns.get(column)
    if col and col.references and len(col.references.columns) == 1:
        return col.references.columns[0]
    for fk in table.foreign_keys:
        if fk.columns == [column]:
            return fk.references.columns[0]
    return None


class _Loader:
    def __init__(self, spec: DatabaseSpec, state_dir: Path) -> None:
        self.spec = spec
        self.state_dir = state_dir
        self.issues: list[StateIssue] = []

    def load_file(self, path: Path) -> tuple[SeedFileSpec, SourceMap] | None:
        try:
            document = load_yaml(path, display_path(path, self.state_dir), nul_refused=True)
            return validate_document(SeedFileSpec, document), document.source
        except StateError as exc:
            self.issues += exc.issues
            return None

    def build(self, path: Path, file: SeedFileSpec, source: SourceMap) -> SeedTable | None:
        if file.rows_from is not None:
            try:
                rows, source = read_csv_rows(self.state_dir, path, file.rows_from, source)
            except StateError as exc:
                self.issues += exc.issues
                return None
        else:
            rows = file.rows or []
        return self._build(path, file, source, rows)

    def _build(self, path: Path, file: SeedFileSpec, source: SourceMap, rows: list[dict[str, Any]]) -> SeedTable | None:
        def report(where: tuple[str | int, ...], message: str) -> None:
            self.issues.append(source.issue(where, message))

        table_name = file.table or path.stem
        schema, table, declared = _table(self.spec, table_name)
        if declared is None:
            report(
                ("table",),
                f"table {table_name!r} is not declared in state/postgres for database {self.spec.database!r}",
            )
            return None
        references: dict[str, Reference] = {}
        for field_name, ref in file.references.items():
            where = ("references", field_name)
            ref_schema, ref_table, target_table = _table(self.spec, ref.table)
            if ref.column not in declared.columns:
                report(where, f"column {ref.column!r} does not exist in table {table!r}")
                continue
            if target_table is None:
                report(where, f"referenced table {ref.table!r} is not declared in database {self.spec.database!r}")
                continue
            if ref.key not in target_table.columns or {ref.key} not in unique_column_sets(target_table):
                report(where, f"{ref.table}.{ref.key} is not a unique column, so it cannot identify a row")
                continue
            target = ref.target or _target_of(declared, ref.column)
            if target is None:
                report(
                    where, f"no foreign key on {table}.{ref.column}: say which column of {ref.table} it holds (target:)"
                )
                continue
            references[field_name] = Reference(field_name, ref.column, ref_schema, ref_table, ref.key, target)

        key_columns = {references[f].column if f in references else f for f in file.key}
        for field_name in file.key:
            if field_name not in references and field_name not in declared.columns:
                report(("key",), f"key field {field_name!r} is neither a column of {table!r} nor a reference")
        if key_columns <= set(declared.columns) and key_columns not in unique_column_sets(declared):
            report(("key",), f"key {file.key} is not backed by a primary key or unique constraint on {table!r}")
        for column, kind in file.secrets.items():
            if column in file.key:
                report(
                    ("secrets", column),
                    f"key field {column!r} cannot be a secret: key values are part of every address",
                )
            elif column not in declared.columns:
                report(("secrets", column), f"column {column!r} does not exist in table {table!r}")
            elif kind == "argon2" and not _TEXT_TYPE.match(declared.columns[column].type):
                report(("secrets", column), "argon2 hashes need a text column")

        seed = SeedTable(
            database=self.spec.database,
            schema=schema,
            table=table,
            source=source,
            key=list(file.key),
            policy=file.policy,
            prune=file.prune,
            references=references,
            secrets=dict(file.secrets),
            rows=[],
        )
        rules = _ColumnRules.of(declared, seed, file)
        for index, raw in enumerate(rows):
            row = self.row(seed, declared, file, raw, ("rows", index), report, rules)
            if row is not None:
                seed.rows.append(row)
        return seed

    def row(
        self,
        seed: SeedTable,
        declared: TableSpec,
        file: SeedFileSpec,
        raw: dict[str, Any],
        path: tuple[str | int, ...],
        report: Any,
        rules: _ColumnRules,
    ) -> DeclaredRow | None:
        values: dict[str, Any] = {}
        refs: dict[str, Any] = {}
        ok = True
        plain = rules.plain
        for field_name, value in raw.items():
            if field_name in plain and (value is None or (value.__class__ is str and not value.startswith("${"))):
                values[field_name] = value  # the common case, which nothing below would refuse
                continue
            where = (*path, field_name)
            if field_name in seed.references:
                refs[field_name] = value
                continue
            column = declared.columns.get(field_name)
            if column is None:
                report(where, f"{field_name!r} is neither a column of {seed.table!r} nor a declared reference")
                ok = False
                continue
            env = parse_reference(value) if isinstance(value, str) and value.startswith("${") else None
            if env and field_name in file.key:
                report(where, f"key field {field_name!r} cannot be a secret: key values are part of every address")
                ok = False
                values[field_name] = value
                continue
            if field_name in file.secrets or env:
                if env is None:
                    report(
                        where, f"{field_name!r} is declared secret: write its value as ${{env:NAME}}, never in clear"
                    )
                    ok = False
                    continue
                transform = "argon2" if file.secrets.get(field_name) == "argon2" else None
                seed.secrets.setdefault(field_name, "argon2" if transform else "plain")
                values[field_name] = SecretRef(env, transform)
                continue
            if value is not None and field_name in rules.text and not isinstance(value, str):
                report(
                    where,
                    f"{column.type} column needs a string: YAML reads this as {type(value).__name__} "
                    f"{value!r}; quote it",
                )
                ok = False
                continue
            values[field_name] = value
        for field_name in seed.key:
            if field_name not in raw:
                report(path, f"row does not set key field {field_name!r}")
                ok = False
        for name in rules.required:
            if name not in values and not any(f in raw for f in rules.set_by_reference.get(name, ())):
                report(path, f"row does not set {name!r}, which is NOT NULL without a default")
                ok = False
        return DeclaredRow(path=path, values=values, refs=refs) if ok else None


@dataclass(frozen=True)
class _ColumnRules:
    """What every row of one table is checked against, worked out once per table rather than once per row."""

    text: frozenset[str]  # columns whose values must be strings
    required: tuple[str, ...]  # NOT NULL columns without a default a row must set (or set through a reference)
    set_by_reference: dict[str, tuple[str, ...]]  # column -> the reference fields that set it
    plain: frozenset[str]  # columns that are neither reference fields nor secrets: any text or null will do

    @staticmethod
    def of(declared: TableSpec, seed: SeedTable, file: SeedFileSpec) -> _ColumnRules:
        required = []
        for name, column in declared.columns.items():
            needed = not column.nullable and column.default is None and not column.identity
            serial = column.type.lower() in ("serial", "bigserial", "smallserial", "serial4", "serial8", "serial2")
            if needed and not serial and not column.primary_key:
                required.append(name)
        by_reference: dict[str, tuple[str, ...]] = {}
        for ref in seed.references.values():
            by_reference[ref.column] = (*by_reference.get(ref.column, ()), ref.field)
        text = frozenset(name for name, column in declared.columns.items() if _TEXT_TYPE.match(column.type))
        special = {*seed.references, *file.secrets}
        plain = frozenset(name for name in declared.columns if name not in special)
        return _ColumnRules(text, tuple(required), by_reference, plain)


def _expand(seeds: dict[str, SeedTable], issues: list[StateIssue]) -> None:
    """Replace `{match: pattern}` reference values by one row per matching declared referenced row."""
    for seed in seeds.values():
        if not seed.references:
            continue  # no reference fields, so no selectors: the rows stay as they are
        expanded: list[DeclaredRow] = []
        for row in seed.rows:
            variants: list[dict[str, str]] = [{}]
            for field_name, value in row.refs.items():
                ref = seed.references[field_name]
                if isinstance(value, dict) and set(value) == {"match"}:
                    patterns = value["match"] if isinstance(value["match"], list) else [value["match"]]
                    target = seeds.get(ref.table if ref.schema == "public" else f"{ref.schema}.{ref.table}")
                    if target is None:
                        issues.append(
                            seed.source.issue(
                                (*row.path, field_name), f"selector needs the rows of {ref.table!r} declared in seeds"
                            )
                        )
                        variants = []
                        break
                    names = [str(r.values.get(ref.key)) for r in target.rows]
                    matches = [n for n in names if any(fnmatch.fnmatchcase(n, str(p)) for p in patterns)]
                    if not matches:
                        issues.append(
                            seed.source.issue(
                                (*row.path, field_name), f"selector {patterns} matches no declared {ref.table} row"
                            )
                        )
                    variants = [{**v, field_name: m} for v in variants for m in matches]
                elif isinstance(value, (str, int, float)) and not isinstance(value, bool):
                    variants = [{**v, field_name: str(value)} for v in variants]
                else:
                    issues.append(
                        seed.source.issue((*row.path, field_name), "a reference is a key value or {match: pattern}")
                    )
                    variants = []
                    break
            expanded += [DeclaredRow(path=row.path, values=row.values, refs=v) for v in variants]
        seed.rows = expanded


def _check_keys(seed: SeedTable, issues: list[StateIssue]) -> None:
    """A natural key declared twice is ambiguous; rows from one selector that repeat collapse into one."""
    seen: dict[tuple[str, ...], DeclaredRow] = {}
    unique_rows: list[DeclaredRow] = []
    for row in seed.rows:
        key = seed.key_of(row)
        first = seen.get(key)
        if first is None:
            seen[key] = row
            unique_rows.append(row)
        elif first.path != row.path and (first.values != row.values):
            line = seed.source.line_for(first.path)
            issues.append(seed.source.issue(row.path, f"key {list(key)} is already declared on line {line}"))
    seed.rows = unique_rows


def load_seeds(state_dir: Path, spec: DatabaseSpec) -> list[SeedTable]:
    """Every seed table of one database, validated and expanded; raise StateError listing every problem."""
    loader = _Loader(spec, state_dir)
    seeds: dict[str, SeedTable] = {}
    for path in seed_files(state_dir, spec.database):
        loaded = loader.load_file(path)
        if loaded is None:
            continue
        seed = loader.build(path, *loaded)
        if seed is None:
            continue
        if seed.name in seeds:
            loader.issues.append(seed.source.issue(("table",), f"table {seed.name!r} is seeded by two files"))
            continue
        seeds[seed.name] = seed
    _expand(seeds, loader.issues)
    for seed in seeds.values():
        _check_keys(seed, loader.issues)
    if loader.issues:
        raise StateError(loader.issues)
    return dependency_order(list(seeds.values()))


def dependency_order(seeds: list[SeedTable]) -> list[SeedTable]:
    """Referenced tables before the tables that reference them."""
    by_name = {(s.schema, s.table): s for s in seeds}
    ordered: list[SeedTable] = []
    visiting: set[tuple[str, str]] = set()

    def visit(seed: SeedTable) -> None:
        key = (seed.schema, seed.table)
        if seed in ordered:
            return
        if key in visiting:
            raise StateError([seed.source.issue(("references",), "seed references form a cycle")])
        visiting.add(key)
        for ref in seed.references.values():
            target = by_name.get((ref.schema, ref.table))
            if target is not None and target is not seed:
                visit(target)
        visiting.discard(key)
        ordered.append(seed)

    for seed in seeds:
        visit(seed)
    return ordered
