"""Read a database's managed schemas into the catalog model.

One query per kind of object for the whole database (never one per table),
sent in a pipeline after one that says which kinds exist at all
(queries/present.sql), so inspection costs three round trips (the trial's
two) and a constant number of queries whatever the schema size. The queries live in
`queries/*.sql`, one file per kind.

The kinds' queries go in two groups: the objects themselves (OBJECT_KINDS:
tables, columns, constraints, indexes, functions, ...), then what relates them
(RELATION_KINDS: dependencies, privileges, owners, undeclarable, ...). The
second group is sent once the first one's rows are in, and the server runs it
while the objects' models are built from those rows (_build_objects), which
used to wait for every result: at 2,000 tables the second group is 0.3 s of
the server's time, building the objects 0.2 s of this process's, and a no-op
plan waits on the inspection (1.43-1.55 s -> 1.25-1.35 s, best of 4, three
interleaved pairs). One round trip more costs a remote server's latency once.

The same inspector reads the throwaway schemas that `materialize` builds from
the state file. `schema_map` maps those physical schema names back to the
logical ones, so both sides of the diff use the same names.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any, cast

import psycopg
from psycopg.rows import dict_row

from reconciler.postgres import (
    access_methods,
    database_privileges,
    database_settings,
    event_triggers,
    extension_members,
    foreign_data,
    languages,
    operator_classes,
    operator_families,
    operators,
    owners,
    partitions,
    privileges,
    publications,
    shell_types,
    subscriptions,
    text_search,
    undeclarable,
    user_casts,
    user_types,
)
from reconciler.postgres.ddl_constraints import with_index_options
from reconciler.postgres.dependencies import object_id
from reconciler.postgres.firing import FROM_CATALOG
from reconciler.postgres.identifiers import quote_ident, quote_literal
from reconciler.postgres.interpreter_settings import retire
from reconciler.postgres.model import (
    Aggregate,
    Collation,
    Column,
    ColumnSettings,
    Constraint,
    Database,
    DatabaseSetting,
    Enum,
    ExtendedStatistics,
    Extension,
    ForeignTable,
    Function,
    Index,
    MaterializedView,
    ObjectPrivileges,
    Policy,
    Rule,
    Sequence,
    Table,
    Trigger,
    View,
    function_key,
    options_without_secrets,
)
from reconciler.postgres.plan_phases import PhaseTimes
from reconciler.postgres.rules import read_definition
from reconciler.postgres.spec.access_methods import DEFAULT as DEFAULT_ACCESS_METHOD

QUERY_KINDS = (
    "schemas",
    "extensions",
    "enums",
    "domains",
    "composite_types",
    "ranges",
    "shell_types",
    "collations",
    "sequences",
    "functions",
    "aggregates",
    "operators",
    "text_search",
    "operator_classes",
    "operator_families",
    "tables",
    "columns",
    "constraints",
    "indexes",
    "triggers",
    "views",
    "policies",
    "rules",
    "statistics",
    "materialized_views",
    "dependencies",
    "privileges",
    "default_privileges",
    "undeclarable",
    "casts",
    "owners",
    "foreign_data_wrappers",
    "foreign_servers",
    "user_mappings",
    "publications",
    "subscriptions",
    "user_casts",
    "event_triggers",
    "access_methods",
    "languages",
    "database_settings",
    "database_privileges",
    extension_members.QUERY,
)

_SPLIT = QUERY_KINDS.index("dependencies")
OBJECT_KINDS = (*QUERY_KINDS[:_SPLIT], "database_settings", "database_privileges")
RELATION_KINDS = tuple(k for k in QUERY_KINDS[_SPLIT:] if k not in OBJECT_KINDS)

_CONSTRAINT_KINDS = {"p": "primary_key", "u": "unique", "c": "check", "f": "foreign_key", "x": "exclude"}
_VOLATILITY = {"v": "volatile", "s": "stable", "i": "immutable"}
_PARALLEL = {"s": "safe", "r": "restricted", "u": "unsafe"}
_MODIFY = {"r": "read_only", "s": "shareable", "w": "read_write"}
_AGGREGATE_KIND = {"n": "normal", "o": "ordered_set", "h": "hypothetical"}


# Common table expressions that queries take in by name, `{{name}}` (queries/<name>.sql): not kinds of their own.
FRAGMENTS = ("namespace_members", "family_members")


def _query_file(name: str) -> str:
    return resources.files("reconciler.postgres").joinpath(f"queries/{name}.sql").read_text(encoding="utf-8")


# A part of a query that only finds rows where a flag of queries/present.sql is true: from a line `--{ flag, ...`
# to a line `--}`, kept when any of its flags is true (or not known); parts may hold parts. Planning the parts a
# database has no use for was most of the time of undeclarable.sql and dependencies.sql on a small database.
_PART_OPEN = re.compile(r"[ \t]*--\{ ([a-z_]+(?:, [a-z_]+)*)")
_PART_CLOSE = re.compile(r"[ \t]*--\}")


@cache
def _full_query(kind: str) -> str:
    text = _query_file(kind)
    for name in FRAGMENTS:
        text = text.replace("{{" + name + "}}", _query_file(name).strip())
    return text


@cache
def _lines(kind: str) -> tuple[tuple[str, tuple[frozenset[str], ...]], ...]:
    """Each line of the query with the flags of the parts it is in (markers left out)."""
    lines: list[tuple[str, tuple[frozenset[str], ...]]] = []
    within: list[frozenset[str]] = []
    for number, line in enumerate(_full_query(kind).splitlines(), 1):
        if opened := _PART_OPEN.fullmatch(line):
            within.append(frozenset(opened[1].split(", ")))
        elif _PART_CLOSE.fullmatch(line):
            if not within:
                raise ValueError(f"queries/{kind}.sql:{number}: --}} closes no part")
            within.pop()
        else:
            lines.append((line, tuple(within)))
    if within:
        raise ValueError(f"queries/{kind}.sql: a --{{ part is not closed")
    return tuple(lines)


@cache
def parts(kind: str) -> frozenset[frozenset[str]]:
    """The parts of the query for `kind`, each by its flags (of queries/present.sql)."""
    return frozenset(flags for _, within in _lines(kind) for flags in within)


@cache
def _kept_parts(kind: str, flags: frozenset[str]) -> str:
    return "\n".join(line for line, within in _lines(kind) if all(flags & part for part in within)) + "\n"


def query(kind: str, present: Mapping[str, bool] | None = None) -> str:
    """The catalog query for one kind of object, with the fragments it names filled in.

    With `present` (queries/present.sql's row), without the parts whose flags are all false there.
    """
    if present is None:
        return _full_query(kind)
    return _kept_parts(kind, frozenset(f for flags in parts(kind) for f in flags if present.get(f, True)))


@dataclass
class SchemaMap:
    """Physical schema name -> logical name; identity for the live database."""

    physical_to_logical: dict[str, str] = field(default_factory=dict)

    def logical(self, physical: str) -> str:
        return self.physical_to_logical.get(physical, physical)

    def text(self, value: str) -> str:
        """Rewrite qualified references to throwaway schemas, and their names cast to regnamespace, inside
        rendered SQL text."""
        for physical, logical in self.physical_to_logical.items():
            if physical != logical and physical in value:
                value = value.replace(f"{physical}.", f"{quote_ident(logical)}.")
                value = value.replace(
                    f"'{physical}'::regnamespace", f"{quote_literal(quote_ident(logical))}::regnamespace"
                )
        return value

    def optional(self, value: str | None) -> str | None:
        return None if value is None else self.text(value)


@dataclass
class InspectionStats:
    """How much inspection cost; the benchmark prints it."""

    queries: int = 0
    round_trips: int = 0
    # Tables created in a trial to normalize them, and units (tables, the base) the normalization cache served.
    trial_tables: int = 0
    cached_units: int = 0
    # Where the plans' time went (plan_phases): load, inspect, normalize, diff, order.
    phases: PhaseTimes = field(default_factory=PhaseTimes)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def count(self, queries: int, round_trips: int = 1) -> None:
        """`queries` sent in `round_trips` pipelined round trips (databases are inspected from several threads)."""
        with self._lock:
            self.queries += queries
            self.round_trips += round_trips

    def normalized(self, tables: int) -> None:
        with self._lock:
            self.trial_tables += tables

    def reused(self, units: int) -> None:
        with self._lock:
            self.cached_units += units


def search_path(schemas: list[str], extension_schemas: list[str]) -> str:
    """The search_path used for inspection and apply, so rendered names resolve the same way.

    An extension's pg_catalog (`adminpack`) is left out: pg_catalog is searched first when the path does not name
    it, as the live database's sessions search it, and naming it last would let a schema's object shadow a
    built-in one.
    """
    ordered: list[str] = []
    for name in [*schemas, *(s for s in extension_schemas if s != "pg_catalog")]:
        if name not in ordered:
            ordered.append(name)
    return ", ".join(quote_ident(name) for name in ordered)


def function_settings(proconfig: list[str]) -> dict[str, str]:
    """pg_proc.proconfig (`{"search_path=pg_catalog, public"}`) as parameter -> value."""
    pairs = (entry.partition("=") for entry in proconfig)
    return {name: value for name, _, value in pairs}


def _split_on_table(definition: str, qualified_table: str) -> tuple[str, str]:
    """Split `CREATE ... <name> <head> ON <table> <tail>` at the table reference."""
    for marker in (f" ON ONLY {qualified_table} ", f" ON {qualified_table} "):
        head, found, tail = definition.partition(marker)
        if found:
            return head, tail
    raise ValueError(f"cannot find table {qualified_table} in {definition!r}")


def inspect_database(
    conn: psycopg.Connection[Any],
    name: str,
    schemas: list[str],
    *,
    schema_map: SchemaMap | None = None,
    extension_schemas: list[str] | None = None,
    extensions: list[str] | None = None,
    stats: InspectionStats | None = None,
    path_schemas: list[str] | None = None,
    left_out: frozenset[str] = frozenset(),
    objects_first: bool = True,
    retire_rows: bool = False,
) -> Database:
    """Inspect `schemas` of the database `conn` is connected to, inside the current transaction.

    `path_schemas` replaces `schemas` on the search_path: schema templates read
    their schemas with only the declared ones on it, so references inside each
    one come out qualified with its own name and can be re-addressed (templates.py).
    The kinds in `left_out` (QUERY_KINDS) are not queried: the model holds none of them. With `objects_first`
    False, every query is sent at once and the model built when all are in (two round trips): the trial's
    inspections, which run while its other chunk and the live inspection keep both cores busy, were slower split
    (cold plan at 1,000 tables, six interleaved pairs: median 2.03 s against 2.17 s split, 2.05 s with only the
    live inspection split). With `retire_rows` the catalog rows are retired rather than freed
    (interpreter_settings.retire): a plan's live inspection, once, where a fleet's or a trial's would pile up.
    """
    mapping = schema_map or SchemaMap()
    stats = stats if stats is not None else InspectionStats()
    rows: dict[str, list[dict[str, Any]]] = {}
    # The throwaway schema that stands for `public` compares against public's default privileges.
    public_like = [p for p, logical in mapping.physical_to_logical.items() if logical == "public" and p != logical]
    params = {"schemas": schemas, "extensions": extensions or [], "public_like": public_like}
    with conn.pipeline() as pipeline:
        # JIT compiling the catalog queries (undeclarable.sql's estimate passes jit_above_cost on a large
        # schema) took 30 s at 1,000 tables, for queries that run in milliseconds without it.
        # current_user: the role inspecting, which owns what the plan creates (Database.role).
        setup = conn.execute(
            "SELECT set_config('search_path', %s, true), set_config('jit', 'off', true), current_user::text",
            (search_path(schemas if path_schemas is None else path_schemas, extension_schemas or []),),
        )
        # Three round trips: which kinds exist (queries/present.sql), the queries of the objects, then of what
        # relates them, sent while the objects' models are built (two round trips without objects_first).
        probe = conn.cursor(row_factory=dict_row)
        probe.execute(query("present"), params)
        pipeline.sync()
        present = probe.fetchone() or {}
        cursors = {}

        def send(kinds: tuple[str, ...]) -> None:
            for kind in kinds:
                if present.get(kind, True) and kind not in left_out:
                    cursor = conn.cursor(row_factory=dict_row)
                    cursor.execute(query(kind, present), params)
                    cursors[kind] = cursor

        send(OBJECT_KINDS)
        if objects_first:
            pipeline.sync()
            send(RELATION_KINDS)
            db = _build_objects(name, schemas, _fetched(cursors, OBJECT_KINDS, rows), mapping)
        else:
            send(RELATION_KINDS)
    if not objects_first:
        db = _build_objects(name, schemas, _fetched(cursors, OBJECT_KINDS, rows), mapping)
    stats.count(len(cursors) + 2, round_trips=3 if objects_first else 2)
    _build_relations(db, _fetched(cursors, RELATION_KINDS, rows), mapping)
    role = setup.fetchone()
    db.role = role[2] if role else None
    if retire_rows:
        retire(rows, cursors)
    return db


def _fetched(
    cursors: dict[str, psycopg.Cursor[dict[str, Any]]], kinds: tuple[str, ...], rows: dict[str, list[dict[str, Any]]]
) -> dict[str, list[dict[str, Any]]]:
    """`rows` with those of `kinds` added, from their cursors (none for a kind not queried)."""
    for kind in kinds:
        rows[kind] = cursors[kind].fetchall() if kind in cursors else []
    return rows


def _build_objects(name: str, schemas: list[str], rows: dict[str, list[dict[str, Any]]], m: SchemaMap) -> Database:
    db = Database(name=name)
    present = {r["name"] for r in rows["schemas"]}
    db.schemas = [m.logical(s) for s in schemas if s in present]
    db.schema_comments = {m.logical(r["name"]): r["comment"] for r in rows["schemas"] if r["comment"] is not None}

    for r in rows["extensions"]:
        db.extensions[r["name"]] = Extension(
            name=r["name"],
            schema_name=m.logical(r["schema_name"]),
            version=r["version"],
            comment=r["comment"],
            default_comment=r["default_comment"],
            relocatable=r["relocatable"],
            default_version=r["default_version"],
            reachable=r["reachable"],
        )

    for r in rows["enums"]:
        schema = m.logical(r["schema_name"])
        db.enums[f"{schema}.{r['name']}"] = Enum(
            schema_name=schema, name=r["name"], labels=list(r["labels"]), comment=r["comment"]
        )

    for r in rows["collations"]:
        schema = m.logical(r["schema_name"])
        db.collations[f"{schema}.{r['name']}"] = Collation(
            schema_name=schema,
            name=r["name"],
            provider=r["provider"],
            lc_collate=r["lc_collate"],
            lc_ctype=r["lc_ctype"],
            locale=r["locale"],
            deterministic=r["deterministic"],
            comment=r["comment"],
        )

    user_types.read_into(db, rows, m.logical, m.text)
    shell_types.read_into(db, rows["shell_types"], m.logical)

    for r in rows["sequences"]:
        schema = m.logical(r["schema_name"])
        db.sequences[f"{schema}.{r['name']}"] = Sequence(
            schema_name=schema,
            name=r["name"],
            data_type=r["data_type"],
            start=r["start"],
            increment=r["increment"],
            min_value=r["min_value"],
            max_value=r["max_value"],
            cache=r["cache"],
            cycle=r["cycle"],
            owned_by=m.optional(r["owned_by"]),
            unlogged=r["unlogged"],
            comment=r["comment"],
        )

    for r in rows["functions"]:
        schema = m.logical(r["schema_name"])
        fn = Function(
            schema_name=schema,
            name=r["name"],
            kind=r["kind"],
            identity_arguments=m.text(r["identity_arguments"]),
            signature=m.text(r["signature"]),
            arguments=m.text(r["arguments"]),
            returns=m.text(r["returns"]),
            language=r["language"],
            # A SQL-standard body names what it uses as qualified as the search_path needs, and a LANGUAGE sql
            # string body was pointed at them (schema_references.py): map throwaway schemas back.
            body=m.text(r["body"]),
            sql_body=r["sql_body"],
            volatility=cast(Any, _VOLATILITY[r["volatility"]]),
            strict=r["strict"],
            security_definer=r["security_definer"],
            parallel=cast(Any, _PARALLEL[r["parallel"]]),
            leakproof=r["leakproof"],
            window=r["window"],
            cost=float(r["cost"]),
            rows=float(r["rows"]),
            settings=function_settings(r["settings"]),
            support=m.optional(r["support"]),
            comment=r["comment"],
        )
        # Keyed by argument types, as PostgreSQL keys functions: a renamed parameter is the same function changed.
        db.functions[function_key(schema, fn.name, fn.signature)] = fn

    for r in rows["aggregates"]:
        schema = m.logical(r["schema_name"])
        aggregate = Aggregate(
            schema_name=schema,
            name=r["name"],
            identity_arguments=m.text(r["identity_arguments"]),
            signature=m.text(r["signature"]),
            arguments=m.text(r["arguments"]),
            kind=cast(Any, _AGGREGATE_KIND[r["kind"]]),
            direct_arguments=r["direct_arguments"],
            sfunc=m.text(r["sfunc"]),
            stype=m.text(r["stype"]),
            sspace=r["sspace"],
            finalfunc=m.optional(r["finalfunc"]),
            finalfunc_extra=r["finalfunc_extra"],
            finalfunc_modify=cast(Any, _MODIFY[r["finalfunc_modify"]]),
            combinefunc=m.optional(r["combinefunc"]),
            serialfunc=m.optional(r["serialfunc"]),
            deserialfunc=m.optional(r["deserialfunc"]),
            initcond=r["initcond"],
            msfunc=m.optional(r["msfunc"]),
            minvfunc=m.optional(r["minvfunc"]),
            mstype=m.optional(r["mstype"]),
            msspace=r["msspace"],
            mfinalfunc=m.optional(r["mfinalfunc"]),
            mfinalfunc_extra=r["mfinalfunc_extra"],
            mfinalfunc_modify=cast(Any, _MODIFY[r["mfinalfunc_modify"]]),
            minitcond=r["minitcond"],
            sortop=r["sortop"],
            parallel=cast(Any, _PARALLEL[r["parallel"]]),
            comment=r["comment"],
        )
        db.aggregates[function_key(schema, aggregate.name, aggregate.signature)] = aggregate

    operators.read_into(db, rows["operators"], m.logical, m.text)
    text_search.read_into(db, rows["text_search"], m.logical, m.text)
    operator_classes.read_into(db, rows["operator_classes"], m.logical, m.text)
    operator_families.read_into(db, rows["operator_families"], m.logical, m.text)
    for row in rows["database_settings"]:
        found = {
            name: DatabaseSetting(value=value) for name, value in database_settings.entries(row["setconfig"]).items()
        }
        if row["role"] is None:
            db.settings = found
        else:
            db.role_settings[row["role"]] = found  # in role order (the query's)
    db.database_grants, db.database_grant_defaults = database_privileges.from_rows(rows["database_privileges"])

    tables: dict[tuple[str, str], Table] = {}
    for r in rows["tables"]:
        schema = m.logical(r["schema_name"])
        table = Table(
            schema_name=schema,
            name=r["name"],
            comment=r["comment"],
            options=dict(option.partition("=")[::2] for option in r["options"]),
            unlogged=r["unlogged"],
            access_method=r["access_method"] or DEFAULT_ACCESS_METHOD,
            replica_identity=r["replica_identity"],
            cluster_on=r["cluster_on"],
            row_level_security=r["row_level_security"],
            force_row_level_security=r["force_row_level_security"],
            estimated_rows=r["estimated_rows"],
            pages=r["pages"],
            of_type=m.optional(r["of_type"]),
            foreign=None
            if r["foreign_server"] is None
            else ForeignTable(server=r["foreign_server"], options=options_without_secrets(r["foreign_options"])),
            **partitions.table_fields(r, m),
        )
        tables[(r["schema_name"], r["name"])] = table
        db.tables[f"{schema}.{r['name']}"] = table

    for r in rows["columns"]:
        owner = tables.get((r["schema_name"], r["table_name"]))
        if owner is None:
            continue  # extension-owned table
        owner.columns[r["name"]] = Column.from_catalog(r, m.text)
        if owner.of_type is not None:
            owner.columns[r["name"]].local = False  # a typed table's columns follow its type

    for r in rows["constraints"]:
        owner = tables.get((r["schema_name"], r["table_name"]))
        if owner is None:
            continue
        owner.constraints[r["name"]] = Constraint(
            name=r["name"],
            kind=cast(Any, _CONSTRAINT_KINDS[r["kind"]]),
            definition=with_index_options(m.text(r["definition"]), r["index_options"]),
            columns=list(r["columns"] or []),
            comment=r["comment"],
            index_comment=r["index_comment"],
            index_valid=r["index_valid"] is not False,
        )

    for r in rows["indexes"]:
        owner = tables.get((r["schema_name"], r["table_name"]))
        if owner is None or r["backs_constraint"]:
            continue
        _, tail = _split_on_table(r["definition"], r["qualified_table"])
        owner.indexes[r["name"]] = Index(
            name=r["name"],
            unique=r["is_unique"],
            using=m.text(tail.removeprefix("USING ")),
            valid=r["valid"],
            statistics=index_statistics(r["statistics"]),
            comment=r["comment"],
        )

    views: dict[tuple[str, str], View] = {}
    for r in rows["views"]:
        schema = m.logical(r["schema_name"])
        view = View(
            schema_name=schema,
            name=r["name"],
            definition=m.text(r["definition"]),
            comment=r["comment"],
            column_comments=dict(r["column_comments"] or {}),
            column_defaults={column: m.text(text) for column, text in (r["column_defaults"] or {}).items()},
            options=reloptions(r["options"]),
        )
        views[(r["schema_name"], r["name"])] = db.views[f"{schema}.{r['name']}"] = view

    for r in rows["triggers"]:
        relation: Table | View | None = tables.get((r["schema_name"], r["table_name"]))
        relation = relation or views.get((r["schema_name"], r["table_name"]))
        if relation is None:
            continue
        head, tail = _split_on_table(r["definition"], r["qualified_table"])
        prefix = f"TRIGGER {quote_ident(r['name'])} "
        timing_events = head[head.index(prefix) + len(prefix) :]
        relation.triggers[r["name"]] = Trigger(
            name=r["name"],
            timing_events=timing_events,
            body=m.text(tail),
            function_schema=m.logical(r["function_schema"]),
            constraint=r["is_constraint"],
            enabled=FROM_CATALOG[r["enabled"]],
            comment=r["comment"],
        )

    for r in rows["policies"]:
        owner = tables.get((r["schema_name"], r["table_name"]))
        if owner is None:
            continue
        owner.policies[r["name"]] = Policy(
            name=r["name"],
            command=r["command"],
            permissive=r["permissive"],
            roles=list(r["roles"]),
            using=m.optional(r["using"]),
            with_check=m.optional(r["with_check"]),
            comment=r["comment"],
        )

    for r in rows["rules"]:
        relation = tables.get((r["schema_name"], r["table_name"])) or views.get((r["schema_name"], r["table_name"]))
        if relation is None:
            continue
        parts = read_definition(r["definition"])
        relation.rules[r["name"]] = Rule(
            name=r["name"],
            event=cast(Any, parts.event),
            instead=parts.instead,
            where=m.optional(parts.where),
            actions=[m.text(action) for action in parts.actions],
            enabled=FROM_CATALOG[r["enabled"]],
            comment=r["comment"],
        )

    for r in rows["materialized_views"]:
        schema = m.logical(r["schema_name"])
        db.materialized_views[f"{schema}.{r['name']}"] = _materialized_view(r, schema, m)

    for r in rows["statistics"]:
        on: Table | MaterializedView | None = tables.get((r["schema_name"], r["table_name"]))
        if on is None:
            on = db.materialized_views.get(f"{m.logical(r['schema_name'])}.{r['table_name']}")
        if on is not None:
            on.statistics[r["name"]] = ExtendedStatistics(
                name=r["name"],
                other_schema=None if r["other_schema"] is None else m.logical(r["other_schema"]),
                kinds=list(r["kinds"]),
                columns=m.text(r["columns"]),
                target=r["target"],
                comment=r["comment"],
            )
    return db


def _build_relations(db: Database, rows: dict[str, list[dict[str, Any]]], m: SchemaMap) -> None:
    for r in rows["dependencies"]:
        needs = object_id(r["ref_kind"], m.logical(r["ref_schema_name"]), r["ref_name"], _member(r, "ref_", m))
        dependent = object_id(r["kind"], m.logical(r["schema_name"]), r["name"], _member(r, "", m))
        db.dependencies.setdefault(dependent, []).append(needs)
    db.privileges, db.default_privileges = privileges.from_rows(
        rows["privileges"], rows["default_privileges"], m.logical, m.text
    )
    db.privileges = privileges_in_order(db.privileges)
    partitions.add_parent_dependencies(db)
    access_methods.read_into(db, rows["access_methods"], m.logical, m.text)  # with what uses each of them
    db.dependencies = dict(sorted(db.dependencies.items()))  # code point order, as joined cached units have it
    db.undeclarable = undeclarable.from_rows(rows["undeclarable"], m.logical)
    db.casts = [(r["source"], r["target"]) for r in rows["casts"]]
    db.owners = owners.from_rows(rows["owners"], m.logical, m.text)
    foreign_data.read_into(db, rows)
    publications.read_into(db, rows["publications"], m.logical)
    subscriptions.read_into(db, rows["subscriptions"])
    user_casts.read_into(db, rows["user_casts"], m.text)
    event_triggers.read_into(db, rows["event_triggers"], m.text)
    languages.read_into(db, rows["languages"])
    extension_members.read_into(db, rows[extension_members.QUERY])


def privileges_in_order(found: dict[str, ObjectPrivileges]) -> dict[str, ObjectPrivileges]:
    """Privileges by object, in code point order: the same order whether read at once or joined from cached units."""
    return dict(sorted(found.items(), key=lambda item: (item[1].kind, item[1].schema_name, item[1].name, item[0])))


def reloptions(stored: list[str]) -> dict[str, str]:
    """pg_class.reloptions (`{security_barrier=true}`) as name -> value, in PostgreSQL's own spelling."""
    pairs = (entry.partition("=") for entry in stored)
    return {name: value for name, _, value in pairs}


def index_statistics(read: Mapping[str, int] | None) -> dict[int, int]:
    """queries/indexes.sql's statistics (JSON: column position as text -> target), by position."""
    return {int(position): target for position, target in (read or {}).items()}


def _materialized_view(r: dict[str, Any], schema: str, m: SchemaMap) -> MaterializedView:
    """A row of queries/materialized_views.sql, its indexes read like a table's."""
    indexes = {}
    for index in r["indexes"]:
        _, tail = _split_on_table(index["definition"], r["qualified"])
        indexes[index["name"]] = Index(
            name=index["name"],
            unique=index["is_unique"],
            using=m.text(tail.removeprefix("USING ")),
            statistics=index_statistics(index["statistics"]),
            comment=index["comment"],
        )
    return MaterializedView(
        schema_name=schema,
        name=r["name"],
        definition=m.text(r["definition"]),
        with_data=r["with_data"],
        access_method=r["access_method"],
        indexes=indexes,
        storage=reloptions(r["storage"]),
        comment=r["comment"],
        column_comments=dict(r["column_comments"]),
        column_settings={c["name"]: ColumnSettings.from_catalog(c) for c in r["column_settings"]},
    )


def _member(row: dict[str, Any], prefix: str, m: SchemaMap) -> str | None:
    """A dependency row's member name; a function's (operator's) argument types name types in the logical schemas."""
    member: str | None = row[f"{prefix}member"]
    return m.text(member) if member is not None and row[f"{prefix}kind"] in ("function", "operator") else member
