"""Errors a user can act on.

Every error raised for bad input names the file, the line and the field, so a
person reading CI output can go straight to the offending YAML. Errors are
collected rather than raised one at a time: a state directory with three
mistakes reports all three in one run.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class ReconcileError(Exception):
    """Base class for every error `reconcile` reports without a traceback."""


@dataclass(frozen=True)
class StateIssue:
    """One problem in a state file, located as precisely as the loader can."""

    file: str
    line: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        what = f" {self.field}:" if self.field else ""
        return f"{where}:{what} {self.message}"


@dataclass
class StateError(ReconcileError):
    """One or more problems found while loading or validating state files."""

    issues: list[StateIssue] = field(default_factory=list)

    def __str__(self) -> str:
        count = len(self.issues)
        head = f"{count} problem{'s' if count != 1 else ''} in the state files:"
        return "\n".join([head, *(f"  {issue}" for issue in self.issues)])


class ConnectionConfigError(ReconcileError):
    """A backend is needed but its connection is not configured or unreachable."""


class StalePlanError(ReconcileError):
    """A saved plan no longer matches the live objects it was computed from."""


class ApplyError(ReconcileError):
    """Applying a change failed; the message says which change and which statement.

    `applied` lists the addresses that were applied before the failure and
    stay applied (backends without transactions), so the caller can say
    exactly what was done and what was not. `failures` names the units that
    failed alone while others went on (PostgreSQL tenant schemas), for the
    JSON apply report.
    """

    def __init__(
        self, message: str, applied: list[str] | None = None, failures: list[UnitFailure] | None = None
    ) -> None:
        super().__init__(message)
        self.applied = list(applied or [])
        self.failures = list(failures or [])


@dataclass(frozen=True)
class UnitFailure:
    """One unit applied on its own (a tenant schema) that failed while the others went on."""

    backend: str
    scope: str
    tenant: str | None
    message: str
