"""Apply records: who changed what, when, from which state revision, and how it ended.

Every apply writes one record per unit it applies (a PostgreSQL database, or
one backend's scope) where it survives the machine that ran it: in the
systems themselves. A PostgreSQL database keeps its own records in the table
`_reconcile.applies`; the other backends' records go to the PostgreSQL
database `RECONCILE_HISTORY_URL` names. Recording never fails or blocks an
apply silently: when a record cannot be written, apply says so.

`reconcile history` lists the records, `reconcile status` puts the last one
next to a fresh drift check.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
import uuid
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg

from reconciler.changes import Change
from reconciler.errors import ReconcileError
from reconciler.plan import Plan
from reconciler.render.escape import printable
from reconciler.state.revision import run_git
from reconciler.targets import backend_url, scrub

HISTORY_URL_VARIABLE = "RECONCILE_HISTORY_URL"
# CI systems' variables naming who started a run and which run it is.
CI_VARIABLES = (
    "GITHUB_ACTOR",
    "GITHUB_REPOSITORY",
    "GITHUB_RUN_ID",
    "GITHUB_RUN_ATTEMPT",
    "GITLAB_USER_LOGIN",
    "CI_PROJECT_PATH",
    "CI_PIPELINE_ID",
    "CI_JOB_ID",
    "BUILDKITE_BUILD_CREATOR",
    "BUILDKITE_BUILD_URL",
    "BUILD_URL",
)


@dataclass
class ApplyRecord:
    """One apply of one unit (a PostgreSQL database, or a backend's scope)."""

    backend: str
    scope: str
    started_at: str
    duration_seconds: float
    outcome: str  # applied | failed | partial
    actor: str
    ci: dict[str, str]
    revision: str | None
    dirty: bool | None
    plan_digest: str
    changes: list[dict[str, str]]  # address, action, outcome (applied | not applied)
    error: str | None = None
    id: str = field(default_factory=lambda: str(uuid.uuid4()))

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ApplyRecord:
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in data.items() if k in known})


@dataclass(frozen=True)
class Origin:
    """Who runs this apply and from which state: recorded with every unit it applies."""

    actor: str
    ci: dict[str, str]
    revision: str | None
    dirty: bool | None


def actor() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return f"uid {os.getuid()}"


def state_revision(state_dir: Path, state_rev: str | None = None) -> tuple[str | None, bool | None]:
    """The git commit of the state directory and whether it has uncommitted changes (None outside git)."""

    def git(*args: str) -> str | None:
        try:
            result = run_git(state_dir, *args)
        except ReconcileError:  # no git, or it hung: the record says "no git revision"
            return None
        return result.stdout.decode().strip() if result.returncode == 0 else None

    if state_rev is not None:
        return git("rev-parse", "--verify", "--quiet", "--end-of-options", f"{state_rev}^{{commit}}"), False
    commit = git("rev-parse", "HEAD")
    if commit is None:
        return None, None
    status = git("status", "--porcelain", "--", ".")
    return commit, bool(status) if status is not None else None


def origin(state_dir: Path, state_rev: str | None = None) -> Origin:
    revision, dirty = state_revision(state_dir, state_rev)
    ci = {name: os.environ[name] for name in CI_VARIABLES if os.environ.get(name)}
    return Origin(actor(), ci, revision, dirty)


def plan_digest(plan: Plan) -> str:
    """The digest of what a plan does (its changes), the same for the same plan made twice."""
    payload = json.dumps([c.model_dump(mode="json") for c in plan.changes], sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


# A record keeps the start of an error message; the whole one was printed when the apply failed.
MAX_ERROR_CHARS = 4000


def history_url() -> str | None:
    return os.environ.get(HISTORY_URL_VARIABLE) or None


@dataclass
class Recorder:
    """Writes the records of one apply as each backend finishes, and collects what could not be written."""

    origin: Origin
    digest: str
    state_dir: Path
    # The apply's runner.Carry: PostgreSQL records are written on the connections it keeps (kept_connections.py).
    carry: dict[str, Any] | None = None
    notes: list[str] = field(default_factory=list)
    written: list[ApplyRecord] = field(default_factory=list)

    def backend_done(
        self, backend: str, changes: list[Change], applied: list[str], started: str, seconds: float, error: str | None
    ) -> None:
        done = set(applied)
        scopes: dict[str, list[Change]] = {}
        for change in changes:
            scopes.setdefault(change.scope, []).append(change)
        for scope, group in scopes.items():
            count = sum(1 for c in group if c.address in done)
            outcome = "applied" if count == len(group) else "failed" if count == 0 else "partial"
            record = ApplyRecord(
                backend=backend,
                scope=scope,
                started_at=started,
                duration_seconds=round(seconds, 3),
                outcome=outcome,
                actor=self.origin.actor,
                ci=self.origin.ci,
                revision=self.origin.revision,
                dirty=self.origin.dirty,
                plan_digest=self.digest,
                changes=[
                    {
                        "address": c.address,
                        "action": c.action.value,
                        "outcome": "applied" if c.address in done else "not applied",
                    }
                    for c in group
                ],
                error=scrub(error)[:MAX_ERROR_CHARS] if error and outcome != "applied" else None,
            )
            self._write(record)

    def _write(self, record: ApplyRecord) -> None:
        from reconciler.postgres.history import write_record

        where = f"{record.backend} {printable(record.scope)}"
        if record.backend == "postgres":
            url = backend_url("postgres", self.state_dir)
            # Cluster-wide changes (postgres roles, scope "(roles)") are recorded in the server's own database.
            database: str | None = None if record.scope.startswith("(") else record.scope
        else:
            url, database = history_url(), None
        if url is None:
            self.notes.append(
                f"{where}: this apply was not recorded: set {HISTORY_URL_VARIABLE} to a PostgreSQL database "
                f"to keep the history of {record.backend} applies"
            )
            return
        try:
            write_record(url, database, record, self.carry)
        except (ReconcileError, psycopg.Error) as exc:
            self.notes.append(f"{where}: this apply was not recorded: {scrub(str(exc).strip(), url)}")
            return
        self.written.append(record)


def read_history(state_dir: Path, databases: list[str], limit: int) -> tuple[list[ApplyRecord], list[str]]:
    """The newest records of the given PostgreSQL databases and of the history store, and what could not be read."""
    from reconciler.postgres.history import read_records

    sources: list[tuple[str, str | None, str]] = []
    postgres = backend_url("postgres", state_dir)
    if postgres is not None:
        sources += [(postgres, database, f"database {database}") for database in databases]
    store = history_url()
    if store is not None:
        sources.append((store, None, HISTORY_URL_VARIABLE))
    records: list[ApplyRecord] = []
    notes: list[str] = []
    for url, database, label in sources:
        try:
            records += read_records(url, database, limit)
        except (ReconcileError, psycopg.Error) as exc:
            notes.append(f"cannot read the history in {label}: {scrub(str(exc).strip(), url)}")
    unique = {r.id: r for r in records}
    return sorted(unique.values(), key=lambda r: (r.started_at, r.id), reverse=True)[:limit], notes
