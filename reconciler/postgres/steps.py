"""Data steps: SQL a database file declares to run once, and the ledger that remembers it ran.

A schema change often needs a one-time change to the rows as well: fill a
new column before a later pull request makes it NOT NULL, split a column,
move rows. A state file declares such a step under `steps:` with a name, a
`when` (`before` or `after` the schema changes) and one statement. The plan
shows it, with its SQL, as long as the ledger `_reconcile.steps` in that
database has no record of it; the apply runs it inside its transaction and
records it there (name, sha256 of the SQL, when, the database role, the OS
user and CI run, reconcile's version). From then on it never runs again.

The digest is the point of the ledger: a step that already ran and whose
SQL was edited since is an error at plan and at apply, never silently run a
second time nor skipped. A step removed from the file stays in the ledger,
so its name cannot be reused for other SQL.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import psycopg

from reconciler import __version__
from reconciler.changes import Action, Change, Hazard, Statement
from reconciler.errors import ApplyError, ReconcileError, StateError, StateIssue
from reconciler.history import CI_VARIABLES, actor
from reconciler.postgres import fragments
from reconciler.postgres.connection import server_message
from reconciler.postgres.ddl import Phase
from reconciler.postgres.fragments import FragmentError
from reconciler.postgres.identifiers import quote_literal
from reconciler.postgres.spec.database import StepSpec
from reconciler.state.yaml_source import SourceMap

KIND = "step"
LEDGER = "_reconcile.steps"
# Shown in the plan (and run) ahead of the first step when the ledger does not exist yet.
LEDGER_DDL = (
    "CREATE SCHEMA IF NOT EXISTS _reconcile",
    "CREATE TABLE IF NOT EXISTS _reconcile.steps (\n"
    "    name text PRIMARY KEY,\n"
    "    sql_sha256 text NOT NULL,\n"
    "    applied_at timestamptz NOT NULL,\n"
    "    database_role text NOT NULL,\n"
    "    os_user text,\n"
    "    ci jsonb,\n"
    "    reconcile_version text\n"
    ")",
)
# Who applies is known only when applying (a saved plan may be applied elsewhere): the executor sets these
# transaction-local settings (prepare) and the ledger's INSERT reads them.
OS_USER_SETTING = "reconcile.os_user"
CI_SETTING = "reconcile.ci"
VERSION_SETTING = "reconcile.version"
DATA_STEP = Hazard(
    code="data_step",
    message="runs this SQL once on the rows, inside the apply's transaction; recorded in _reconcile.steps, "
    "it never runs again",
)
DELETES_ROWS = Hazard(code="data_loss", message="the step deletes rows")


@dataclass(frozen=True)
class RecordedStep:
    """One ledger row: a step that ran."""

    name: str
    sql_sha256: str
    applied_at: datetime
    database_role: str
    os_user: str | None

    def describe(self) -> str:
        who = f"role {self.database_role}" + (f", OS user {self.os_user}" if self.os_user else "")
        return f"{self.applied_at:%Y-%m-%d %H:%M:%S %Z} by {who}"


def digest(sql: str) -> str:
    """The sha256 of a step's SQL as it runs (surrounding space and a final `;` do not count)."""
    return hashlib.sha256(fragments.data_statement_text(sql).encode()).hexdigest()


def validate_steps(steps: list[StepSpec], source: SourceMap) -> list[StateIssue]:
    """Names unique in the file, and each SQL one data statement (fragments.check_data_statement)."""
    issues: list[StateIssue] = []
    seen: dict[str, int] = {}
    for index, step in enumerate(steps):
        if step.name in seen:
            issues.append(
                source.issue(
                    ("steps", index, "name"), f"step name {step.name!r} is also used by steps.{seen[step.name]}"
                )
            )
        seen.setdefault(step.name, index)
        try:
            fragments.check_data_statement(step.sql)
        except FragmentError as exc:
            issues.append(source.issue(("steps", index, "sql"), str(exc)))
    return issues


def read_ledger(conn: psycopg.Connection[Any], database: str) -> dict[str, RecordedStep] | None:
    """The recorded steps by name; None when the database has no ledger yet (raises ReconcileError)."""
    try:
        row = conn.execute("SELECT to_regclass('_reconcile.steps') IS NOT NULL").fetchone()
        if not row or not row[0]:
            return None
        rows = conn.execute(
            "SELECT name, sql_sha256, applied_at, database_role, os_user FROM _reconcile.steps "
            "ORDER BY applied_at, name"
        ).fetchall()
    except psycopg.Error as exc:
        raise ReconcileError(
            f"postgres {database}: cannot read the data step ledger _reconcile.steps: {server_message(exc)}\n"
            "The role needs USAGE on schema _reconcile and SELECT on _reconcile.steps."
        ) from None
    return {r[0]: RecordedStep(*r) for r in rows}


def read_ledger_for_plan(conn: psycopg.Connection[Any], database: str) -> dict[str, RecordedStep] | None:
    """read_ledger in a rolled-back, read-only transaction: plan never writes."""
    with conn.transaction(force_rollback=True):
        conn.execute("SET TRANSACTION READ ONLY")
        return read_ledger(conn, database)


def _edited(database: str, step_name: str, recorded: RecordedStep, sha256: str) -> str:
    return (
        f"step {step_name!r} already ran on database {database!r} ({recorded.describe()}) with SQL sha256 "
        f"{recorded.sql_sha256}; its SQL now has sha256 {sha256}. A step runs once and is never run again: "
        "restore the SQL that ran, or give the new SQL a step of its own under a new name"
    )


def pending_steps(
    database: str, steps: list[StepSpec], ledger: dict[str, RecordedStep] | None, source: SourceMap
) -> tuple[list[Change], list[Change]]:
    """The steps the ledger has not recorded, as changes to run before and after the schema changes.

    Raises StateError naming file:line:field and both digests for every
    recorded step whose SQL was edited since it ran.
    """
    recorded = ledger or {}
    issues: list[StateIssue] = []
    pending: list[Change] = []
    for index, step in enumerate(steps):
        sha256 = digest(step.sql)
        ran = recorded.get(step.name)
        if ran is None:
            pending.append(_change(database, step, sha256))
        elif ran.sql_sha256 != sha256:
            issues.append(source.issue(("steps", index, "sql"), _edited(database, step.name, ran, sha256)))
    if issues:
        raise StateError(issues)
    if pending and ledger is None:
        first = min(pending, key=lambda c: c.statements[0].phase)
        phase = first.statements[0].phase
        first.statements[:0] = [Statement(sql=sql, phase=phase) for sql in LEDGER_DDL]
    before = [c for c in pending if c.after["when"] == "before"]
    return before, [c for c in pending if c.after["when"] == "after"]


def _change(database: str, step: StepSpec, sha256: str) -> Change:
    phase = int(Phase.STEP_BEFORE if step.when == "before" else Phase.STEP_AFTER)
    sql = fragments.data_statement_text(step.sql)
    deletes = _deletes_rows(sql)
    return Change(
        backend="postgres",
        scope=database,
        address=f"postgres.{database}.{KIND}.{step.name}",
        kind=KIND,
        action=Action.CREATE,
        after={"name": step.name, "when": step.when, "sql_sha256": sha256},
        destructive=deletes,
        hazards=[DATA_STEP, *([DELETES_ROWS] if deletes else [])],
        statements=[Statement(sql=sql, phase=phase), Statement(sql=_record(step.name, sha256), phase=phase)],
        detail=[
            f"pending data step, runs once {step.when} the schema changes (sha256 {sha256})",
        ],
    )


def _deletes_rows(sql: str) -> bool:
    """True when the statement may delete rows: DELETE, or MERGE ... THEN DELETE, anywhere in it."""
    return any(t.kind == "word" and t.text.lower() == "delete" for t in fragments.tokens(sql, comments=True))


def _record(name: str, sha256: str) -> str:
    """The ledger INSERT shown in the plan; who applies comes from settings the executor sets (prepare)."""
    return (
        "INSERT INTO _reconcile.steps (name, sql_sha256, applied_at, database_role, os_user, ci, reconcile_version)"
        f" VALUES ({quote_literal(name)}, {quote_literal(sha256)}, now(), current_user,"
        f" current_setting('{OS_USER_SETTING}', true), NULLIF(current_setting('{CI_SETTING}', true), '')::jsonb,"
        f" current_setting('{VERSION_SETTING}', true))"
    )


def prepare(conn: psycopg.Connection[Any], database: str, changes: list[Change]) -> None:
    """Inside the apply's transaction, under its advisory lock: re-check the ledger, then say who applies.

    The plan was checked against the ledger when it was made; another apply
    may have run a step since (or its SQL may differ from what ran): then
    nothing is applied.
    """
    steps = [c for c in changes if c.backend == "postgres" and c.kind == KIND]
    if not steps:
        return
    try:
        ledger = read_ledger(conn, database) or {}
    except ReconcileError as exc:
        raise ApplyError(f"{exc}\nNothing was applied to database {database!r}.") from None
    for change in steps:
        name, sha256 = str(change.after["name"]), str(change.after["sql_sha256"])
        ran = ledger.get(name)
        if ran is not None and ran.sql_sha256 != sha256:
            raise ApplyError(f"{change.address}: {_edited(database, name, ran, sha256)}; nothing was applied")
        if ran is not None:
            raise ApplyError(
                f"{change.address}: step {name!r} ran since this plan was made ({ran.describe()}); "
                "nothing was applied. Run `reconcile plan` again."
            )
    ci = {name: os.environ[name] for name in CI_VARIABLES if os.environ.get(name)}
    for setting, value in ((OS_USER_SETTING, actor()), (CI_SETTING, json.dumps(ci)), (VERSION_SETTING, __version__)):
        conn.execute("SELECT set_config(%s, %s, true)", (setting, value))
