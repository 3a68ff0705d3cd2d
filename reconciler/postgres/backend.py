"""The PostgreSQL backend: state/postgres/<database>.yaml, one database per file."""

from __future__ import annotations

import contextlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property, partial
from pathlib import Path
from typing import Any

import psycopg

from reconciler.backend import ApplyOptions, ApplyReport, BackendPlan
from reconciler.changes import Change
from reconciler.errors import ApplyError, ConnectionConfigError, ReconcileError, StateError, StateIssue, UnitFailure
from reconciler.postgres import (
    database_privileges,
    database_templates,
    foreign_data,
    languages,
    normalization_cache,
    owners,
    parsed_in_target,
    publications,
    renames,
    role_references,
    roles,
    subscriptions,
    type_change_using,
    undeclared_schemas,
)
from reconciler.postgres.connection import (
    connect,
    connection_count,
    existing_databases,
    maintenance_database,
    server_message,
)
from reconciler.postgres.differ import diff
from reconciler.postgres.differ.functions import security_warnings
from reconciler.postgres.early_inspection import EarlyInspections, inspection_context
from reconciler.postgres.executor import LIVE_DIGEST, LIVE_SNAPSHOT, apply_database
from reconciler.postgres.incremental_normalize import CachedNormalization, normalize_with_cache
from reconciler.postgres.inspector import InspectionStats, inspect_database, search_path
from reconciler.postgres.interpreter_settings import planning, retire
from reconciler.postgres.kept_connections import KeptConnections, borrowed, carried
from reconciler.postgres.live_inspection import LiveSchema, live_schema
from reconciler.postgres.model import Database
from reconciler.postgres.normalize import normalize
from reconciler.postgres.plan_phases import phase
from reconciler.postgres.renamed_live import live_names, renamed_live
from reconciler.postgres.reverse_renames import Rehearsal
from reconciler.postgres.role_references import RoleReference
from reconciler.postgres.seeds.loader import load_seeds, seed_databases
from reconciler.postgres.seeds.model import SeedTable
from reconciler.postgres.seeds.on_live import stage_on_live
from reconciler.postgres.seeds.planner import plan_seeds
from reconciler.postgres.seeds.stage import NormalizedTable
from reconciler.postgres.spec.database import DatabaseSpec
from reconciler.postgres.steps import pending_steps, read_ledger_for_plan
from reconciler.postgres.templates import TemplatePlan, plan_templates, select_schemas, validate_templates
from reconciler.postgres.tenant_apply import TENANT_DIGESTS, apply_tenants, failure_report
from reconciler.postgres.undeclarable import plan_warning
from reconciler.postgres.validate import validate_database
from reconciler.shard import Shard
from reconciler.state.validation import validate_document
from reconciler.state.yaml_source import SourceMap, display_path, load_yaml
from reconciler.targets import backend_url

NAME = "postgres"
# Databases of one server are planned at the same time, each on connections of its own, this many at most.
PLAN_WORKERS_VARIABLE = "RECONCILE_POSTGRES_PLAN_WORKERS"
DEFAULT_PLAN_WORKERS = 4


def plan_workers() -> int:
    """How many databases are planned at once: RECONCILE_POSTGRES_PLAN_WORKERS (1 plans them one by one)."""
    return connection_count(PLAN_WORKERS_VARIABLE, DEFAULT_PLAN_WORKERS)


@dataclass
class DatabasePlan:
    """One database's changes, and the live schema they were planned from (its digest is apply's check)."""

    changes: list[Change]
    live: LiveSchema | None  # None when nothing changes: apply never checks the database
    context: dict[str, list[str]]
    warnings: list[str] = field(default_factory=list)
    tenant_digests: list[str] = field(default_factory=list)


def _digest_entry(live: LiveSchema) -> dict[str, list[str]]:
    """The plan context's digest of the live schema, which apply checks the database against."""
    return {LIVE_DIGEST: [live.digest]}


@dataclass
class LoadedDatabase:
    """One state file: its validated spec and where its values came from."""

    spec: DatabaseSpec
    source: SourceMap
    seeds: list[SeedTable] = field(default_factory=list)
    # A database a database template (`database_match:`) selected: planned from that file, applied on the pool.
    template: bool = False
    # A large file's parse cache key and values, kept for a plan that records them (parsed_in_target.py).
    parsed: tuple[str, dict[str, Any]] | None = None

    @cached_property
    def named_roles(self) -> list[RoleReference]:
        """Every role the file names (found once: the roles plan and the database's own plan both need them)."""
        return role_references.in_database(self.spec, self.source)

    def context(self) -> dict[str, list[str]]:
        """What apply and re-inspection need to know even from a saved plan."""
        context = inspection_context(self.spec)
        if self.template:
            context[database_templates.DATABASE_TEMPLATE] = [self.source.file]
        return context


def state_files(state_dir: Path) -> list[Path]:
    """The database files: every YAML file of state/postgres except the roles file (roles.ROLES_FILE)."""
    folder = state_dir / "postgres"
    if not folder.is_dir():
        return []
    return sorted(p for p in [*folder.glob("*.yaml"), *folder.glob("*.yml")] if p.name != roles.ROLES_FILE)


def load_databases(
    state_dir: Path, early: EarlyInspections | None = None, *, keep_parsed: bool = False
) -> list[LoadedDatabase]:
    """Load, validate and cross-check every PostgreSQL state file; collect every problem.

    `early` sees each file's text before it is parsed, and its document as parsed, before it is validated
    (early_inspection.py), and is asked for a large file's values its database keeps (parsed_in_target.py).
    With `keep_parsed`, a large file's values are kept for recording them there.
    """
    loaded: list[LoadedDatabase] = []
    issues: list[StateIssue] = []
    seen: dict[str, str] = {}
    for path in state_files(state_dir):
        try:
            document = load_yaml(
                path,
                display_path(path, state_dir),
                early.guess if early else None,
                nul_refused=True,
                elsewhere=early.parsed_in_target if early else None,
            )
            if early is not None:
                early.start(document.data)
            spec = validate_document(DatabaseSpec, document)
        except StateError as exc:
            issues += exc.issues
            continue
        problems = validate_database(spec, document.source) + validate_templates(spec, document.source)
        problems += database_templates.validate_database_template(spec, document.source)
        if database_templates.is_template(spec):
            loaded.append(LoadedDatabase(spec, document.source))
            issues += problems
            continue
        if spec.database in seen:
            problems.append(
                document.source.issue(
                    ("database",), f"database {spec.database!r} is also declared in {seen[spec.database]}"
                )
            )
        seen.setdefault(spec.database, document.source.file)
        issues += problems
        seeds: list[SeedTable] = []
        if not problems:
            try:
                seeds = load_seeds(state_dir, spec)
            except StateError as exc:
                issues += exc.issues
        large = keep_parsed and path.stat().st_size >= parsed_in_target.MIN_LENGTH
        parsed = (document.key, document.data) if large else None
        loaded.append(LoadedDatabase(spec, document.source, seeds, parsed=parsed))
    for name in seed_databases(state_dir):
        if name not in seen:
            folder = display_path(state_dir / "seeds" / name, state_dir)
            issues.append(StateIssue(folder, None, None, f"no state/postgres file declares database {name!r}"))
    if issues:
        raise StateError(issues)
    return loaded


def inspect_live(
    conn: psycopg.Connection[Any], name: str, context: dict[str, list[str]], stats: InspectionStats | None = None
) -> Database:
    """The live database's managed schemas, read in one rolled-back, read-only transaction."""
    with conn.transaction(force_rollback=True):
        conn.execute("SET TRANSACTION READ ONLY")
        return inspect_database(
            conn,
            name,
            context["schemas"],
            extension_schemas=context["extension_schemas"],
            extensions=context["extensions"],
            stats=stats,
            retire_rows=True,
        )


class PostgresBackend:
    """Plans and applies state/postgres/*.yaml against the server in RECONCILE_POSTGRES_URL."""

    name = NAME

    def __init__(
        self,
        state_dir: Path,
        *,
        record_normalized: bool = False,
        shard: Shard | None = None,
        carry: dict[str, Any] | None = None,
    ) -> None:
        self.state_dir = state_dir
        # --shard: only this shard's tenant schemas are inspected and planned (the runner filters the rest).
        self.shard = shard
        # Set for apply's closing plan: a converged database records its normalized schema for later plans.
        self.record_normalized = record_normalized
        self.stats = InspectionStats()
        self.normalized_once = database_templates.NormalizedOnce()
        self.early: EarlyInspections | None = None  # during a plan: inspections started as files are parsed
        # apply: the units its first plan normalized, for its closing plan (runner.Selection.carry).
        self.carried: normalization_cache.Carried | None = None
        # apply: its connections, each kept for the next use of its database (kept_connections.py).
        self.kept: KeptConnections | None = carried(carry)
        if carry is not None:
            self.carried = carry.setdefault(NAME, normalization_cache.Carried())

    def has_state(self, state_dir: Path) -> bool:
        return bool(state_files(state_dir)) or roles.roles_file(state_dir) is not None

    def validate(self, state_dir: Path) -> None:
        self._load(state_dir)

    def _load(
        self, state_dir: Path, early: EarlyInspections | None = None
    ) -> tuple[tuple[roles.RolesSpec, SourceMap] | None, list[LoadedDatabase]]:
        """The roles file and the database files, loaded once per plan: every problem of both at once."""
        issues: list[StateIssue] = []
        declared_roles: tuple[roles.RolesSpec, SourceMap] | None = None
        loaded: list[LoadedDatabase] = []
        try:
            declared_roles = roles.load_roles(state_dir)
        except StateError as exc:
            issues += exc.issues
        try:
            loaded = load_databases(state_dir, early, keep_parsed=self.record_normalized)
        except StateError as exc:
            issues += exc.issues
        if issues:
            raise StateError(issues)
        return declared_roles, loaded

    def is_configured(self) -> bool:
        return backend_url(NAME, self.state_dir) is not None

    def scratch_url(self) -> str | None:
        """The server that normalizes the desired schema instead of the target (RECONCILE_POSTGRES_SCRATCH_URL).

        With it, plan and drift only read the target's catalogs and rows, so a
        role that can connect and read is enough there.
        """
        return backend_url(NAME, self.state_dir, "scratch_url")

    def url(self) -> str:
        url = backend_url(NAME, self.state_dir)
        if url is None:
            raise ConnectionConfigError(
                "PostgreSQL is not configured: set RECONCILE_POSTGRES_URL (for example "
                "postgresql://reconcile@db.internal:5432/) or add `postgres: {url: ...}` to targets.yaml"
            )
        return url

    def plan(self, state_dir: Path) -> BackendPlan:
        with planning():  # interpreter_settings: the collector paused, threads switched often
            if not self.is_configured():
                return self._plan_all(state_dir)
            url, workers = self.url(), plan_workers()
            own = self.kept is None  # outside apply: the connections this plan opens ahead, closed when it ends
            kept = self.kept = self.kept or KeptConnections(limit=0)
            try:
                kept.open_ahead(url, maintenance_database(url))  # the server-wide reads' (roles, databases)
                self.early = EarlyInspections(url, self.scratch_url() is not None, inspect_live, kept, limit=workers)
                try:
                    return self._plan_all(state_dir)
                finally:
                    self.early.close()
                    self.early = None
            finally:
                if own:
                    kept.close()
                    self.kept = None
                else:
                    kept.close_opened_ahead()  # apply's: what the plan did not take is not kept

    def _plan_all(self, state_dir: Path) -> BackendPlan:
        with self.stats.phases.active(), phase("load"):
            # Every problem of the roles file and the database files at once; seed rows are read only here.
            # Each database's live inspection starts as soon as its file is read (early_inspection.py).
            declared_roles, loaded = self._load(state_dir, self.early)
        url = self.url()
        result = BackendPlan()
        # The server-wide reads (databases, roles) share one connection: each costs the server a process.
        with borrowed(self.kept, url, autocommit=True) as server:
            databases = self._expand_templates(server, loaded)
            # Before the databases: owners and grants name roles, which must exist or be declared.
            named = [ref for db in databases for ref in db.named_roles]
            role_changes, role_warnings = roles.plan_cluster(server, declared_roles, named)
            existing = existing_databases(server, [d.spec.database for d in databases])
        result.changes += role_changes
        result.warnings += role_warnings
        workers = min(plan_workers(), len(databases))
        if workers > 1:
            # The databases are independent; the first failure (in file order) is the one raised.
            with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="reconcile-postgres") as pool:
                plans = list(pool.map(lambda db: self._timed_plan(url, db, db.spec.database in existing), databases))
        else:
            plans = [self._timed_plan(url, db, db.spec.database in existing) for db in databases]
        for db, planned in zip(databases, plans, strict=True):
            scope = f"{NAME}:{db.spec.database}"
            result.contexts[scope] = {**planned.context, TENANT_DIGESTS: planned.tenant_digests}
            if planned.live is not None:  # worked out when the plan is saved or applied: 0.2-0.3 s at 2,000 tables
                result.deferred[scope] = partial(_digest_entry, planned.live)
            result.changes += planned.changes
            result.warnings += planned.warnings
        retire(loaded, databases)
        return result

    def _expand_templates(self, server: psycopg.Connection[Any], loaded: list[LoadedDatabase]) -> list[LoadedDatabase]:
        """Each database file as is; each database template as one LoadedDatabase per live database it matches."""
        templates = [db for db in loaded if database_templates.is_template(db.spec)]
        if not templates:
            return loaded
        declared = [db for db in loaded if not database_templates.is_template(db.spec)]
        selected = database_templates.select_databases(
            database_templates.live_databases(server),
            [(db.spec, db.source) for db in templates],
            {db.spec.database for db in declared},
        )
        for db, names in zip(templates, selected, strict=True):
            for name in database_templates.in_shard(names, self.shard):
                declared.append(LoadedDatabase(db.spec.model_copy(update={"database": name}), db.source, template=True))
        return declared

    def _normalize(
        self,
        normalizer: psycopg.Connection[Any],
        db: LoadedDatabase,
        locate: Any,
        roles: list[str],
        rehearsal: Rehearsal | None = None,
    ) -> tuple[Database, list[Any]]:
        """The desired model; a database template's is made once, for its first database, and re-addressed.

        With pending renames (`rehearsal`), it is made for this database alone: the renames are its own.
        """

        def make() -> tuple[Database, list[Any]]:
            return normalize(normalizer, db.spec, locate, self.stats, db.seeds, roles=roles, rehearse=rehearsal)

        if not db.template or rehearsal is not None:
            return make()
        return self.normalized_once.get(db.source.file, db.spec.database, make)

    def _timed_plan(self, url: str, db: LoadedDatabase, exists: bool) -> DatabasePlan:
        """`_plan_database`, counting its phases' time in self.stats (from whichever thread plans it)."""
        with self.stats.phases.active():
            return self._plan_database(url, db, exists)

    def _plan_database(self, url: str, db: LoadedDatabase, exists: bool) -> DatabasePlan:
        """Inspect, normalize and diff one database: schema first, then its seed rows."""
        name = db.spec.database

        def locate(path: tuple[str | int, ...], message: str) -> StateIssue:
            return db.source.issue(path, message)

        scratch = self.scratch_url()
        notes: list[str] = []
        # Seed rows are checked against the trial's column types, or the live ones when nothing else changes:
        # on a scratch server those are out of reach, so the trial always runs there for a database with seeds.
        # A database template's file is normalized once for all its databases (NormalizedOnce), not per database.
        cacheable = exists and not (db.seeds and scratch) and not db.template and normalization_cache.enabled()
        with (
            borrowed(self.kept, url, name if exists else None) as conn,
            connect(scratch) if scratch else contextlib.nullcontext(conn) as normalizer,
        ):
            conn.read_only = scratch is not None  # the target is only read: every transaction READ ONLY
            if scratch:
                self._check_versions(conn, normalizer)
            context = db.context()
            if exists and db.spec.undeclared_schemas == "drop":
                # Inspected (and re-inspected by apply) with the declared ones, so that the plan drops them;
                # the schemas a template selects are the tenants', never dropped.
                selected = select_schemas(conn, db.spec, db.source) if db.spec.schema_templates else {}
                tenants = [schema for names in selected.values() for schema in names]
                declared = {e.name: e.schema_ for e in db.spec.extensions}
                schemas, extensions = undeclared_schemas.find(conn, context["schemas"] + tenants, declared)
                context["schemas"] += schemas
                context["extensions"] += extensions
            # The live database is read on its own connection while the desired schema is normalized here, unless
            # the file names old names: pending renames are undone in the normalizer, so they must be known first.
            inspect = partial(inspect_live, name=name, context=context, stats=self.stats)
            early = self.early.take(name, context, self.stats) if self.early and exists else None
            with early or live_schema(url, name, exists, inspect, scratch is not None, self.kept) as inspected:
                renaming = renames.declares_renames(db.spec)
                inspection = inspected() if renaming else None
                pending = renames.resolve(db.spec, inspection.database, db.source) if inspection else renames.Renames()
                # Pending renames are undone in the normalizer, never run on the target (reverse_renames.py).
                rehearsal = (
                    Rehearsal(name, pending.pending, context["extension_schemas"], self.stats)
                    if pending.pending
                    else None
                )
                named = [ref.role for ref in db.named_roles]
                cached, staged = None, list[NormalizedTable]()
                with phase("normalize"):
                    if cacheable and rehearsal is None:  # renames are undone on a materialized trial
                        cached = normalize_with_cache(
                            conn,
                            normalizer,
                            db.spec,
                            locate,
                            self.stats,
                            notes,
                            roles=named,
                            carried=self.carried,
                            connect=partial(connect, scratch) if scratch else partial(connect, url, name),
                        )
                        desired = cached.desired
                    else:
                        desired, staged = self._normalize(normalizer, db, locate, named, rehearsal)
                inspection = inspection or inspected()
            if inspection.snapshot is not None:
                context[LIVE_SNAPSHOT] = [inspection.snapshot]
            live = inspection.database
            if rehearsal and rehearsal.failure:
                notes.append(
                    f"postgres {name}: could not undo the pending renames on the normalized schema "
                    f"({rehearsal.failure}); objects that use a renamed name may be re-created"
                )

            def compare(desired: Database) -> tuple[Database, Database, list[Change]]:
                """The desired model with what the trial cannot give it, the live one by new names, the diff."""
                desired.owners = owners.declared(db.spec, desired)  # not the trial's: its objects are all its own
                foreign_data.with_declared(desired, db.spec)  # database-wide: the file's, not the trial database's
                desired.languages = languages.desired_languages(db.spec)  # likewise
                desired.database_grants = database_privileges.declared(db.spec)  # the database's own
                publications.with_declared(desired, db.spec, locate)
                publications.refuse_unprivileged(conn, desired, live, locate)
                subscriptions.with_declared(desired, db.spec)  # never in the trial: they would connect to publishers
                # The diff sees live objects by their new names, as they will be once the renames ran.
                old_names = rehearsal.desired_old if rehearsal else None
                renamed = renamed_live(live, desired, old_names, pending.pending)
                compared = type_change_using.attach(desired, db.spec)
                if renaming:  # only a renamed table or column keeps a constraint's old name
                    compared = renames.keep_constraint_names(compared, renamed, db.spec)
                with phase("diff"):
                    return desired, renamed, diff(compared, renamed, online=db.spec.online)

            desired, renamed, schema_changes = compare(desired)
            if cached is not None and db.seeds:
                # Nothing to change: the live tables have the trial's column types. Otherwise the whole trial
                # stages the rows (and gives the same schema as the units).
                if schema_changes:
                    with phase("normalize"):
                        desired, staged = self._normalize(normalizer, db, locate, named, rehearsal)
                    cached = None
                    desired, renamed, schema_changes = compare(desired)
                else:
                    schemas, ext = list(db.spec.schemas), context["extension_schemas"]
                    staged = stage_on_live(conn, db.seeds, schemas, ext, renamed, live_names(pending.pending))
            seed_plan = plan_seeds(conn if exists else None, name, staged, renamed, live_names(pending.pending))
            ledger = read_ledger_for_plan(conn, name) if exists and db.spec.steps else None
            # Schema templates reconcile schemas that exist: a database about to be created has none yet.
            fleet = (
                plan_templates(conn, normalizer, db.spec, db.source, self.stats, shard=self.shard)
                if exists and db.spec.schema_templates
                else TemplatePlan()
            )
        before, after = pending_steps(name, db.spec.steps, ledger, db.source)
        changes = before + pending.changes(name, live) + schema_changes
        changes += seed_plan.changes
        changes += fleet.changes + after
        if cached is not None and (cached.normalized or db.parsed) and not changes and self.record_normalized:
            self._record(url, name, cached, notes, db.parsed)
        warnings = security_warnings(desired) + fleet.warnings(name) + foreign_data.unreadable(name, desired, live)
        warnings += subscriptions.held_warnings(name, desired, live)
        left_alone = plan_warning(NAME, renamed)
        if left_alone is not None:
            warnings.append(left_alone)
        planned_from = inspection if changes else None  # apply runs nothing on a database without changes
        retire(desired, live, renamed, inspection, cached, staged)  # interpreter_settings: never freed by the command
        return DatabasePlan(changes, planned_from, context, warnings + notes, fleet.digests)

    def _record(
        self,
        url: str,
        database: str,
        cached: CachedNormalization,
        notes: list[str],
        parsed: tuple[str, dict[str, Any]] | None,
    ) -> None:
        """Remember the normalized units of the schema a database has converged to, and its large file's values
        (apply's closing plan only)."""
        try:
            with borrowed(self.kept, url, database) as conn:
                if cached.normalized:
                    normalization_cache.write(conn, cached.normalized, cached.keys)
                if parsed is not None:
                    parsed_in_target.write(conn, *parsed)
        except psycopg.Error as exc:
            notes.append(f"postgres {database}: could not record the normalized schema: {server_message(exc)}")

    def _check_versions(self, target: psycopg.Connection[Any], scratch: psycopg.Connection[Any]) -> None:
        """Normalized forms follow the server's major version: a scratch server of another one gives false drift."""
        major = target.info.server_version // 10000, scratch.info.server_version // 10000
        if major[0] != major[1]:
            raise ConnectionConfigError(
                f"the scratch server (RECONCILE_POSTGRES_SCRATCH_URL) runs PostgreSQL {major[1]} and the target "
                f"{major[0]}: normalization must run on the same major version, or plans would show false drift"
            )

    def apply(
        self, changes: list[Change], contexts: dict[str, dict[str, list[str]]], options: ApplyOptions
    ) -> ApplyReport:
        url = self.url()
        report = ApplyReport()
        groups = _by_database(changes)
        role_changes = groups.pop(roles.ROLES_SCOPE, [])
        unchecked = [d for d in groups if LIVE_DIGEST not in contexts.get(f"{NAME}:{d}", {})]
        if unchecked:  # nothing could tell whether the database changed since: the plan's contexts were not settled
            raise ReconcileError(
                f"postgres: the plan holds no digest of the live schema of {', '.join(unchecked)} to check before "
                "applying (BackendPlan.settled_contexts / Plan.settle give it); nothing was applied"
            )
        if role_changes:  # first: the databases' owners and grants may name the roles it creates
            report.applied += roles.apply_roles(url, role_changes)
        failed: list[str] = []
        failures: list[UnitFailure] = []
        pooled = [d for d in groups if contexts[f"{NAME}:{d}"].get(database_templates.DATABASE_TEMPLATE)]

        def apply_one(database: str) -> tuple[list[str], list[UnitFailure], list[str]]:
            context = contexts[f"{NAME}:{database}"]
            return _apply_database(url, database, groups[database], context, options, self.kept)

        for database in groups:
            if database in pooled:
                continue
            try:
                applied, tenant_failures, text = apply_one(database)
            except ApplyError as exc:
                # The failing database's transaction rolled back (what it ran outside its transaction, such as
                # online index builds, is in exc.applied); the databases before it committed.
                raise ApplyError("\n".join([*failed, str(exc)]), report.applied + exc.applied, failures) from None
            report.applied += applied
            failures += tenant_failures
            failed += text
        if pooled:  # databases a database template selected: each its own transaction, --parallel at once
            result = database_templates.apply_databases(pooled, apply_one, options.parallel)
            report.applied += result.applied
            failures += result.failures
            failed += result.failed_text
        if failed:
            raise ApplyError("\n".join(failed), report.applied, failures)
        return report


def _apply_database(
    url: str,
    database: str,
    group: list[Change],
    context: dict[str, list[str]],
    options: ApplyOptions,
    kept: KeptConnections | None,
) -> tuple[list[str], list[UnitFailure], list[str]]:
    """One database: its own changes in one transaction (an ApplyError if they fail), then its tenant schemas.

    Returns what was applied, the tenant schemas that failed, and the report of those failures.
    """
    path = search_path(context["schemas"], context["extension_schemas"])
    own = [c for c in group if c.tenant is None]
    applied = apply_database(url, database, own, path, context, options, kept) if own else []
    if len(own) == len(group):
        return applied, [], []
    # Tenant schemas (schema templates) after the database's own changes, each in its own transaction.
    tenants = apply_tenants(url, database, group, context, options)
    failures = [UnitFailure(NAME, database, f.schema, f.message) for f in tenants.failures]
    return applied + tenants.applied, failures, [failure_report(database, tenants)] if tenants.failures else []


def _by_database(changes: list[Change]) -> dict[str, list[Change]]:
    groups: dict[str, list[Change]] = {}
    for change in changes:
        if change.backend == NAME:
            groups.setdefault(change.scope, []).append(change)
    return groups
