"""Database templates: one database file reconciled into every existing database whose name matches a glob.

Database-per-tenant platforms create `tenant_0001`, `tenant_0002`, ... at run
time. A database file that says `database_match: "tenant_*"` instead of
`database: <name>` is a template: its content (schemas, schema templates,
extensions, steps, everything a database file holds) is what each matching
database must hold. reconcile never creates or drops those databases; the
platform owns them.

Why a key in an ordinary database file rather than a folder of its own:
the file has exactly the format, JSON Schema, validation and README of a
database file, so a platform engineer reads and reviews it as one; the one
line that differs says, in the file, which databases it governs.

Each matched database is planned as if the file named it (the ordinary
inspection and differ), but the file is normalized once, not once per
database. Apply runs each matched database in its own transaction on a
bounded pool (`--parallel N`): one failing database is reported and the
others still run, as with tenant schemas.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from typing import Any

import psycopg

from reconciler.errors import ApplyError, StateError, StateIssue, UnitFailure
from reconciler.postgres.model import Database
from reconciler.postgres.spec.database import DatabaseSpec
from reconciler.postgres.templates import _glob_problem
from reconciler.shard import Shard, database_key
from reconciler.state.yaml_source import SourceMap

# The plan context key that marks a database a template selected: applied on the pool, failures collected.
DATABASE_TEMPLATE = "database_template"


def is_template(spec: DatabaseSpec) -> bool:
    return spec.database_match is not None


def validate_database_template(spec: DatabaseSpec, source: SourceMap) -> list[StateIssue]:
    """`database:` or `database_match:`, exactly one; the glob as schema templates check theirs."""
    named = "database" in spec.model_fields_set
    if spec.database_match is None:
        if named:
            return []
        message = "Field required: the database this file declares (or database_match: for a database template)"
        return [source.issue(("database",), message)]
    issues = []
    if named:
        issues.append(source.issue(("database_match",), "a file says database: or database_match:, not both"))
    problem = _glob_problem(spec.database_match)
    if problem is not None:
        issues.append(source.issue(("database_match",), problem.replace("match", "database_match", 1)))
    return issues


def live_databases(server: psycopg.Connection[Any]) -> list[str]:
    """Databases one can connect to, PostgreSQL's templates left out (`server`: any database of the server)."""
    query = "SELECT datname FROM pg_database WHERE datallowconn AND NOT datistemplate ORDER BY 1"
    return [str(row[0]) for row in server.execute(query)]


def select_databases(
    live: list[str], templates: list[tuple[DatabaseSpec, SourceMap]], declared: set[str]
) -> list[list[str]]:
    """Per template, the live databases it matches; one a file declares, or two templates match, is an error."""
    issues: list[StateIssue] = []
    owner: dict[str, str] = {}
    selected: list[list[str]] = []
    for spec, source in templates:
        names = []
        for name in live:
            if not fnmatchcase(name, spec.database_match or ""):
                continue
            if name in declared:
                message = f"matches database {name!r}, which a state file declares: a database is declared in one place"
                issues.append(source.issue(("database_match",), message))
            elif name in owner:
                issues.append(source.issue(("database_match",), f"matches database {name!r}, as {owner[name]} does"))
            else:
                owner[name] = source.file
                names.append(name)
        selected.append(names)
    if issues:
        raise StateError(issues)
    return selected


def in_shard(names: list[str], shard: Shard | None) -> list[str]:
    return names if shard is None else [n for n in names if shard.owns(database_key(n))]


class NormalizedOnce:
    """The desired model of a template file, made for its first database and re-addressed to each other one."""

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._locks: dict[str, threading.Lock] = {}
        self._made: dict[str, tuple[Database, Any]] = {}

    def get(self, key: str, database: str, make: Callable[[], tuple[Database, Any]]) -> tuple[Database, Any]:
        with self._guard:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:  # the other databases of the template wait for the first one's normalization
            if key not in self._made:
                self._made[key] = make()
        desired, staged = self._made[key]
        return desired.model_copy(update={"name": database}), staged


@dataclass
class DatabasesResult:
    applied: list[str] = field(default_factory=list)
    failures: list[UnitFailure] = field(default_factory=list)
    failed_text: list[str] = field(default_factory=list)


ApplyOne = Callable[[str], tuple[list[str], list[UnitFailure], list[str]]]


def apply_databases(names: list[str], apply_one: ApplyOne, parallel: int) -> DatabasesResult:
    """Every template-selected database, `parallel` at a time, each its own transaction; failures collected.

    `apply_one(database)` applies one database (its own changes, then its tenant schemas) and returns what
    it applied and which of its tenant schemas failed; an ApplyError is that database's failure alone.
    """
    result = DatabasesResult()

    def one(name: str) -> tuple[list[str], list[UnitFailure], list[str], ApplyError | None]:
        try:
            return (*apply_one(name), None)
        except ApplyError as exc:
            return exc.applied, exc.failures, [], exc

    with ThreadPoolExecutor(max(1, min(parallel, len(names))), "reconcile-database") as pool:
        outcomes = list(pool.map(one, names))
    failed: list[tuple[str, str]] = []
    for name, (applied, failures, text, error) in zip(names, outcomes, strict=True):
        result.applied += applied
        result.failures += failures
        result.failed_text += text
        if error is not None:
            result.failures.append(UnitFailure("postgres", name, None, str(error)))
            failed.append((name, str(error)))
    if failed:
        lines = [
            f"postgres: {len(failed)} of {len(names)} databases of a database template failed and were rolled back "
            f"(the others were applied); run `reconcile apply` again to converge what is left:"
        ]
        for name, message in sorted(failed):
            first, *more = message.splitlines() or [""]
            lines += [f"  {name}: {first}", *(f"    {line}" for line in more)]
        result.failed_text.append("\n".join(lines))
    return result
