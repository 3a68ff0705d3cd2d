"""The PostgreSQL backend: state/postgres/<database>.yaml, one database per file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg

from reconciler.backend import ApplyOptions, ApplyReport, BackendPlan
from reconciler.changes import Change
from reconciler.errors import ConnectionConfigError, StateError, StateIssue
from reconciler.postgres.connection import connect, existing_databases
from reconciler.postgres.differ import diff, live_objects
from reconciler.postgres.executor import apply_database
from reconciler.postgres.inspector import InspectionStats, inspect_database, search_path
from reconciler.postgres.model import Database
from reconciler.postgres.normalize import normalize
from reconciler.postgres.spec import DatabaseSpec
from reconciler.postgres.validate import validate_database
from reconciler.state.validation import validate_document
from reconciler.state.yaml_source import SourceMap, load_yaml
from reconciler.targets import backend_url

NAME = "postgres"


@dataclass
class LoadedDatabase:
    """One state file: its validated spec and where its values came from."""

    spec: DatabaseSpec
    source: SourceMap

    def context(self) -> dict[str, list[str]]:
        """What apply and re-inspection need to know even from a saved plan."""
        return {
            "schemas": list(self.spec.schemas),
            "extensions": [e.name for e in self.spec.extensions],
            "extension_schemas": [e.schema_ for e in self.spec.extensions],
        }


def state_files(state_dir: Path) -> list[Path]:
    folder = state_dir / "postgres"
    return sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]) if folder.is_dir() else []


def load_databases(state_dir: Path) -> list[LoadedDatabase]:
    """Load, validate and cross-check every PostgreSQL state file; collect every problem."""
    loaded: list[LoadedDatabase] = []
    issues: list[StateIssue] = []
    seen: dict[str, str] = {}
    for path in state_files(state_dir):
        try:
            document = load_yaml(path, _display(path, state_dir))
            spec = validate_document(DatabaseSpec, document)
        except StateError as exc:
            issues += exc.issues
            continue
        problems = validate_database(spec, document.source)
        if spec.database in seen:
            problems.append(
                document.source.issue(
                    ("database",), f"database {spec.database!r} is also declared in {seen[spec.database]}"
                )
            )
        seen.setdefault(spec.database, document.source.file)
        issues += problems
        loaded.append(LoadedDatabase(spec, document.source))
    if issues:
        raise StateError(issues)
    return loaded


def _display(path: Path, state_dir: Path) -> str:
    try:
        return str(path.relative_to(state_dir.parent)) if state_dir.is_absolute() else str(path)
    except ValueError:
        return str(path)


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
        )


class PostgresBackend:
    """Plans and applies state/postgres/*.yaml against the server in RECONCILE_POSTGRES_URL."""

    name = NAME

    def __init__(self, state_dir: Path) -> None:
        self.state_dir = state_dir
        self.stats = InspectionStats()

    def has_state(self, state_dir: Path) -> bool:
        return bool(state_files(state_dir))

    def validate(self, state_dir: Path) -> None:
        load_databases(state_dir)

    def is_configured(self) -> bool:
        return backend_url(NAME, self.state_dir) is not None

    def url(self) -> str:
        url = backend_url(NAME, self.state_dir)
        if url is None:
            raise ConnectionConfigError(
                "PostgreSQL is not configured: set RECONCILE_POSTGRES_URL (for example "
                "postgresql://reconcile@db.internal:5432/) or add `postgres: {url: ...}` to targets.yaml"
            )
        return url

    def plan(self, state_dir: Path) -> BackendPlan:
        databases = load_databases(state_dir)
        url = self.url()
        existing = existing_databases(url, [d.spec.database for d in databases])
        result = BackendPlan()
        for db in databases:
            context = db.context()
            result.contexts[f"{NAME}:{db.spec.database}"] = context

            def locate(path: tuple[str | int, ...], message: str, _source: SourceMap = db.source) -> StateIssue:
                return _source.issue(path, message)

            if db.spec.database in existing:
                with connect(url, db.spec.database) as conn:
                    live = inspect_live(conn, db.spec.database, context, self.stats)
                    desired = normalize(conn, db.spec, locate, self.stats)
            else:
                live = Database(name=db.spec.database, exists=False)
                with connect(url) as conn:
                    desired = normalize(conn, db.spec, locate, self.stats)
            result.changes += diff(desired, live)
        return result

    def _live(self, url: str, database: str, context: dict[str, list[str]]) -> Database:
        if database not in existing_databases(url, [database]):
            return Database(name=database, exists=False)
        with connect(url, database) as conn:
            return inspect_live(conn, database, context)

    def stale(self, changes: list[Change], contexts: dict[str, dict[str, list[str]]]) -> list[str]:
        url = self.url()
        stale: list[str] = []
        for database, group in _by_database(changes).items():
            objects = live_objects(self._live(url, database, contexts[f"{NAME}:{database}"]))
            for change in group:
                if change.before is None:
                    if change.address in objects:
                        stale.append(change.address)
                elif objects.get(change.address, ...) != change.before:
                    stale.append(change.address)
        return stale

    def apply(
        self, changes: list[Change], contexts: dict[str, dict[str, list[str]]], options: ApplyOptions
    ) -> ApplyReport:
        url = self.url()
        report = ApplyReport()
        for database, group in _by_database(changes).items():
            context = contexts[f"{NAME}:{database}"]
            path = search_path(context["schemas"], context["extension_schemas"])
            report.applied += apply_database(url, database, group, path, options)
        return report


def _by_database(changes: list[Change]) -> dict[str, list[Change]]:
    groups: dict[str, list[Change]] = {}
    for change in changes:
        if change.backend == NAME:
            groups.setdefault(change.scope, []).append(change)
    return groups
