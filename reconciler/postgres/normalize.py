"""Run the desired schema through PostgreSQL in throwaway schemas and read it back.

Everything happens in a transaction that is always rolled back, so this never
changes the database (DESIGN.md: "let the server normalize"). The DDL is sent
as one batch; only when PostgreSQL rejects it are the statements replayed one
by one to find the culprit and name its file and line.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Sequence
from typing import Any

import psycopg
from psycopg import sql

from reconciler.errors import ReconcileError, StateError, StateIssue
from reconciler.postgres import (
    access_methods,
    database_default_privileges,
    database_settings,
    event_triggers,
    extension_members,
    foreign_data,
    internal_functions,
    languages,
    publication_filters,
    schema_references,
    user_casts,
)
from reconciler.postgres.comments import comment_statements
from reconciler.postgres.connection import default_versions, run_statements
from reconciler.postgres.inspector import InspectionStats, SchemaMap, inspect_database, search_path
from reconciler.postgres.materialize import materialize
from reconciler.postgres.materialize_sources import SourcedStatement, SourcePath, Sources
from reconciler.postgres.model import Database, Extension, Table, View, operator_key
from reconciler.postgres.operators import DECLARED_SIGNATURES, regoperator_text
from reconciler.postgres.role_references import stand_in
from reconciler.postgres.seeds.model import SeedTable
from reconciler.postgres.seeds.stage import NormalizedTable, stage_seeds
from reconciler.postgres.spec.database import DatabaseSpec
from reconciler.postgres.spec.operators import parse_signature

Locator = Callable[[SourcePath, str], StateIssue]

SHADOW_PREFIX = "_reconcile_shadow_"

# What the trial's inspection leaves out: the desired model takes these from the file, not from the trial
# (owners.declared, extension_members.resolve, database_settings.resolve), and the plan reads objects the file
# cannot declare on the live side only. undeclarable.sql and owners.sql were about a fifth of a trial's catalog
# queries (their planning most).
NOT_READ_IN_TRIAL = frozenset({"undeclarable", "owners", extension_members.QUERY, "database_settings"})

# Check constraints get their names from PostgreSQL; oids grow in creation order within
# the batch, which lets us pair each constraint with the state file expression it came from.
CHECKS_IN_CREATION_ORDER = """
SELECT n.nspname, c.relname, k.conname
FROM pg_constraint k
JOIN pg_class c ON c.oid = k.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE k.contype = 'c' AND n.nspname = ANY(%s) AND k.conislocal  -- a partition's copies are its parent's
ORDER BY k.oid
"""


def lock_table_message(database: str, statements: int, exc: psycopg.Error) -> str:
    """Explain 'out of shared memory': one transaction creating many relations needs many lock slots."""
    return (
        f"PostgreSQL ran out of lock slots while normalizing database {database!r} "
        f"({statements} statements in one transaction): {exc.diag.message_primary}. "
        "Every table, index and sequence created in a transaction holds a lock until it ends, and apply "
        "creates a database's changes in one transaction too. Raise max_locks_per_transaction on the server "
        "(lock slots = max_locks_per_transaction x max_connections; allow about 8 per table) and restart it."
    )


def _attach_sources(desired: Database, sources: Sources, checks: list[tuple[str, str, str]]) -> None:
    """Give expression-bearing desired objects the SQL the state file wrote for them."""
    pending = {key: list(clauses) for key, clauses in sources.checks.items()}
    for schema, table_name, constraint_name in checks:
        clauses = pending.get((schema, table_name))
        if clauses:
            desired.tables[f"{schema}.{table_name}"].constraints[constraint_name].source = clauses.pop(0)
    for table in desired.tables.values():
        named = sources.index_names.get((table.schema_name, table.name), set())
        # A partition index the state does not name may have any name: PostgreSQL chooses it.
        table.attached_indexes = {p: n if p in named else None for p, n in table.attached_indexes.items()}
        if table.partition_of is not None:
            table.validated_copies = sources.validated_checks.get((table.schema_name, table.name), [])
        for index in table.indexes.values():
            index.source = sources.indexes.get((table.schema_name, index.name))
        for trigger in table.triggers.values():
            trigger.source = sources.triggers.get((table.schema_name, table.name, trigger.name))
        for column in table.columns.values():
            column.generated_source = sources.generated.get((table.schema_name, table.name, column.name))
        for policy in table.policies.values():
            policy.using_source, policy.with_check_source = sources.policies.get(
                (table.schema_name, table.name, policy.name), (None, None)
            )
    for view in desired.views.values():
        view.source = sources.views.get((view.schema_name, view.name))
        for trigger in view.triggers.values():
            trigger.source = sources.triggers.get((view.schema_name, view.name, trigger.name))
    relations: list[Table | View] = [*desired.tables.values(), *desired.views.values()]
    for relation in relations:
        for rule in relation.rules.values():
            source = sources.rules.get((relation.schema_name, relation.name, rule.name))
            if source is not None:
                rule.where_source, rule.actions_source = source
    for matview in desired.materialized_views.values():
        matview.source = sources.materialized_views.get((matview.schema_name, matview.name))
        matview.with_data = sources.populated.get((matview.schema_name, matview.name), matview.with_data)
        for index in matview.indexes.values():
            index.source = sources.indexes.get((matview.schema_name, index.name))
    for enum in desired.enums.values():
        enum.renamed_from = dict(sources.enum_renames.get((enum.schema_name, enum.name), {}))
    for function in desired.functions.values():
        if function.sql_body:
            function.source = sources.sql_bodies.get((function.schema_name, function.name))
    for domain in desired.domains.values():
        # The inspector lists a domain's checks in creation order, the order the state file gives them.
        clauses = sources.domain_checks.get((domain.schema_name, domain.name), [])
        for check, clause in zip(domain.checks.values(), clauses, strict=False):
            check.source = clause


def _name_declared_operators(
    conn: psycopg.Connection[Any], spec: DatabaseSpec, physical: dict[str, str], desired: Database
) -> None:
    """Give each created operator the state file's key for it (its types may be aliases: `int`, `int4`)."""
    declared = [(logical, key) for logical, schema in spec.schemas.items() for key in schema.operators]
    if not declared:
        return
    texts = [regoperator_text(physical[logical], key) for logical, key in declared]
    mapping = SchemaMap({p: logical for logical, p in physical.items()})
    for position, left, right in conn.execute(DECLARED_SIGNATURES, (texts,)).fetchall():
        logical, key = declared[position - 1]
        found = desired.operators.get(
            operator_key(logical, parse_signature(key).name, mapping.optional(left), mapping.text(right))
        )
        if found is not None:
            found.declared_as = key


def _create_database_wide(conn: psycopg.Connection[Any], spec: DatabaseSpec, locate: Locator) -> None:
    """The declared languages, wrappers, servers and user mappings the database lacks, for the trial
    (languages.py, foreign_data.py): the file's functions and foreign tables need them."""
    statements = list(languages.trial_statements(spec, languages.check(conn, spec, locate)))
    if spec.foreign_data_wrappers or spec.servers:
        existing = {(kind, name) for kind, name in conn.execute(foreign_data.EXISTING).fetchall()}
        statements += foreign_data.trial_statements(spec, existing)
    for statement, path in statements:
        try:
            with conn.transaction():
                conn.execute(statement.encode())
        except psycopg.Error as exc:
            raise StateError([locate(path, f"PostgreSQL rejects this: {exc.diag.message_primary}")]) from None


# What a statement raises when something it needs comes later in the state file's order:
# undefined table or type, undefined function, no unique key for a foreign key yet.
MISSING_DEPENDENCY = {"42P01", "42704", "42883", "42830"}


def _failure(statement: SourcedStatement, exc: psycopg.Error) -> tuple[SourcePath, str]:
    diag = exc.diag
    message = diag.message_primary or str(exc)
    if diag.message_detail:  # what PostgreSQL allows instead, as for a publication's row filter
        message += f" ({diag.message_detail.strip()})"
    if diag.message_hint:
        message += f" (hint: {diag.message_hint})"
    if statement.sql.startswith(f"CREATE SCHEMA {SHADOW_PREFIX}"):
        # Not the file's fault: the server refuses the schema the plan normalizes in (an event trigger, say).
        raise ReconcileError(
            f"plan could not create the throwaway schema it normalizes the declared objects in: {message}. "
            "Something on the server refuses CREATE SCHEMA (an event trigger?); plan on a scratch server instead "
            "(RECONCILE_POSTGRES_SCRATCH_URL, see 'Read-only plans' in the README)"
        )
    position = int(diag.statement_position) if diag.statement_position else None
    return statement.path_at(position), message


def _run_in_dependency_order(
    conn: psycopg.Connection[Any], statements: list[SourcedStatement]
) -> tuple[SourcePath, str] | None:
    """Run the statements one by one, putting off those that need something created later; None if all ran.

    The state file lists objects by kind and name, not by what needs what (a
    view over a view named after it, a function over a table's row type, a
    foreign key onto a unique index): what fails for want of another object
    is retried after the rest, until a round makes no progress. The first
    failure left is reported.
    """
    pending = statements
    while pending:
        deferred: list[tuple[SourcedStatement, psycopg.Error]] = []
        for statement in pending:
            try:
                with conn.transaction():
                    run_statements(conn, [statement.sql])
            except psycopg.Error as exc:
                if exc.sqlstate not in MISSING_DEPENDENCY:
                    return _failure(statement, exc)
                deferred.append((statement, exc))
        if len(deferred) == len(pending):
            return _failure(*deferred[0])
        pending = [statement for statement, _ in deferred]
    return None


def _schema_for_extension(conn: psycopg.Connection[Any], schema: str) -> None:
    """The schema an extension is declared in, for the trial; pg_catalog is always there (and CREATE SCHEMA refuses
    its name, even with IF NOT EXISTS)."""
    if schema != "pg_catalog":
        conn.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(schema)))


def _move_extension(conn: psycopg.Connection[Any], name: str, declared: str, schema: str, relocatable: bool) -> None:
    """In the trial, an installed extension the file declares in another schema goes there, as apply moves it.

    Relocatable: ALTER EXTENSION ... SET SCHEMA; otherwise dropped and created there. Where that fails (what
    uses a non-relocatable one), it stays, and the apply's own attempt reports why.
    """
    if schema == declared:
        return
    ident, target = sql.Identifier(name), sql.Identifier(declared)
    try:
        with conn.transaction():
            _schema_for_extension(conn, declared)
            if relocatable:
                conn.execute(sql.SQL("ALTER EXTENSION {} SET SCHEMA {}").format(ident, target))
            else:
                conn.execute(sql.SQL("DROP EXTENSION {}").format(ident))
                conn.execute(sql.SQL("CREATE EXTENSION {} SCHEMA {}").format(ident, target))
    except psycopg.Error:
        pass


def normalize(
    conn: psycopg.Connection[Any],
    spec: DatabaseSpec,
    locate: Locator,
    stats: InspectionStats | None = None,
    seeds: list[SeedTable] | None = None,
    hidden: frozenset[str] = frozenset(),
    roles: Sequence[str] = (),
    rehearse: Callable[[psycopg.Connection[Any], dict[str, str]], None] | None = None,
) -> tuple[Database, list[NormalizedTable]]:
    """The desired database in catalog form, as PostgreSQL itself would store it, and its seed rows.

    `rehearse` runs last in the same rolled-back transaction, given logical -> throwaway schema names
    (reverse_renames.Rehearsal reads the desired objects again under the old names of pending renames).

    Schemas in `hidden` (logical names) are created first on the search_path but read with them off it,
    as schema templates' schemas are (templates.py).
    """
    suffix = secrets.token_hex(4)
    physical = {logical: f"{SHADOW_PREFIX}{suffix}_{i}" for i, logical in enumerate(spec.schemas)}
    sources = Sources()

    def trial_statements(inline_foreign_keys: bool, into: Sources) -> list[SourcedStatement]:
        statements = [
            *materialize(spec, physical, into, inline_foreign_keys),
            *comment_statements(spec, physical),
            *publication_filters.trial_statements(spec, physical, SHADOW_PREFIX, suffix),  # after what they filter
        ]
        return schema_references.readdress(statements, schema_references.declared_names(spec), physical)

    # Foreign keys in CREATE TABLE where that is the same (materialize_foreign_keys.py): the server checks no rows.
    statements = trial_statements(True, sources)
    ext_schemas = [ext.schema_ for ext in spec.extensions]
    if conn.info.transaction_status == psycopg.pq.TransactionStatus.INTRANS:
        # Only reads so far (a plan writes nothing): the trial is then a transaction of its own, which aborts,
        # not a savepoint in one that commits. Apply proves from that that nothing committed since its plan.
        conn.rollback()
    with conn.transaction(force_rollback=True):
        conn.execute("SET LOCAL check_function_bodies = off")
        # The trial's relations are made with heap whatever the session's default (which may name an access
        # method the file drops); access_methods.with_resolved sets each one's declared access method.
        conn.execute("SET LOCAL default_table_access_method = heap")
        event_triggers.quiet_in_trial(conn)  # the database's own, which the trial's commands would fire
        database_default_privileges.reset_own(conn)  # they would give the trial's objects undeclared privileges
        stand_in(conn, roles)  # roles the file names that the roles file creates later: grants and policies name them
        may_create = conn.execute("SELECT has_database_privilege(current_database(), 'CREATE')").fetchone()
        if not (may_create and may_create[0]):
            raise ReconcileError(
                f"plan normalizes the declared schema in throwaway schemas, and the role may not create schemas in "
                f"database {conn.info.dbname!r}: grant it CREATE on that database, or set "
                "RECONCILE_POSTGRES_SCRATCH_URL to a server where it may (see 'Read-only plans' in the README)"
            )
        installed = {
            name: (schema, relocatable)
            for name, schema, relocatable in conn.execute(
                "SELECT e.extname, n.nspname, e.extrelocatable FROM pg_extension e "
                "JOIN pg_namespace n ON n.oid = e.extnamespace"
            )
        }
        # A declared version that is the default one is no pin: the inspector reads the default as no version.
        defaults = default_versions(conn, [e.name for e in spec.extensions])
        for ext in spec.extensions:
            if ext.name in installed:
                _move_extension(conn, ext.name, ext.schema_, *installed[ext.name])
                continue
            try:
                with conn.transaction():
                    _schema_for_extension(conn, ext.schema_)
                    conn.execute(
                        sql.SQL("CREATE EXTENSION IF NOT EXISTS {} SCHEMA {}").format(
                            sql.Identifier(ext.name), sql.Identifier(ext.schema_)
                        )
                    )
            except psycopg.Error as exc:
                issue = locate(
                    ("extensions",), f"extension {ext.name!r} cannot be installed: {exc.diag.message_primary}"
                )
                raise StateError([issue]) from None
        _create_database_wide(conn, spec, locate)
        internal_functions.check_aliases(conn, spec, locate)  # before anything that could call one is created
        member_privileges = extension_members.resolve(conn, spec, locate)  # sets its own search_path: before this one
        conn.execute("SELECT set_config('search_path', %s, true)", (search_path(list(physical.values()), ext_schemas),))
        try:
            with conn.transaction():
                run_statements(conn, [s.sql for s in statements])
        except psycopg.errors.OutOfMemory as exc:
            raise ReconcileError(lock_table_message(spec.database, len(statements), exc)) from None
        except psycopg.Error:
            # One by one, every foreign key on its own: an error names the key's place in the file.
            failure = _run_in_dependency_order(conn, trial_statements(False, Sources()))
            if failure is not None:
                path, message = failure
                raise StateError([locate(path, f"PostgreSQL rejects this: {message}")]) from None
        mapping = SchemaMap({p: logical for logical, p in physical.items()})
        desired = inspect_database(
            conn,
            spec.database,
            list(physical.values()),
            schema_map=mapping,
            extension_schemas=ext_schemas,
            stats=stats,
            path_schemas=[p for logical, p in physical.items() if logical not in hidden] if hidden else None,
            left_out=NOT_READ_IN_TRIAL,
            objects_first=False,  # inspector.inspect_database says why
        )
        publication_filters.declared_names(desired, spec, SHADOW_PREFIX, suffix)
        database_default_privileges.declared_only(desired, spec)
        check_names = conn.execute(CHECKS_IN_CREATION_ORDER, (list(physical.values()),)).fetchall()
        _name_declared_operators(conn, spec, physical, desired)
        # Casts are database-wide: not created in the trial, but their names read in it (user_casts.py).
        casts, cast_needs = user_casts.resolve(conn, spec, physical, mapping, locate)
        # Event triggers likewise: never created in the trial (they would fire on every command of the database).
        triggers, trigger_needs = event_triggers.resolve(conn, spec, physical, mapping, locate)
        # Access methods likewise: only a superuser may create one (access_methods.py).
        methods, method_needs = access_methods.resolve(conn, spec, physical, mapping, locate)
        # Database-wide as well: set as the planning role's own settings in the database, read back, rolled back.
        settings, role_settings = database_settings.resolve(conn, spec, locate)
        staged = stage_seeds(conn, seeds, physical) if seeds else []
        if rehearse is not None:
            rehearse(conn, physical)
    logical_of = {p: logical for logical, p in physical.items()}
    _attach_sources(desired, sources, [(logical_of[s], t, c) for s, t, c in check_names])
    desired.schemas = list(spec.schemas)
    # `comment: ""` declares no comment: kept for `public` only, which has PostgreSQL's own when left out.
    desired.schema_comments = {
        name: schema.comment
        for name, schema in spec.schemas.items()
        if schema.comment or (schema.comment == "" and name == "public")
    }
    desired.extensions = {
        e.name: Extension(
            name=e.name,
            schema_name=e.schema_,
            version=None if e.version == defaults.get(e.name) else e.version,
            comment=e.comment,
        )
        for e in spec.extensions
    }
    user_casts.with_resolved(desired, casts, cast_needs)
    extension_members.with_resolved(desired, member_privileges)
    event_triggers.with_resolved(desired, triggers, trigger_needs)
    access_methods.with_resolved(desired, spec, methods, method_needs)
    desired.settings = settings
    desired.role_settings = role_settings
    desired.owners = {}  # the trial's objects are all the normalizer's: the file's owners come from owners.declared
    return desired, staged
