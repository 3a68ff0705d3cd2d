"""The contract every backend implements, and the options the CLI passes down.

A backend loads and validates its state files, plans (inspect + normalize +
diff) and applies a list of its own changes. A saved plan is checked by
planning again (runner.verified_plan), so backends need no check of their own.
The CLI and the renderers only ever see `Change` objects.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from reconciler.changes import Change
from reconciler.plan import Deferred, settle_contexts


@dataclass(frozen=True)
class ApplyOptions:
    """How cautious an apply is."""

    allow_destructive: bool = False
    allow_reindex: bool = False
    allow_close: bool = False  # Elasticsearch: close an index to change its analysis settings, then reopen it
    lock_timeout: str = "5s"
    statement_timeout: str = "0"
    lock_wait_seconds: float = 10.0
    # PostgreSQL: how often a statement or transaction that hit lock_timeout is tried again, waiting
    # LOCK_RETRY_BACKOFF_SECONDS * 2**n before try n+1.
    lock_retries: int = 3
    # PostgreSQL schema templates: how many tenant schemas are applied at once, each on a connection of its own.
    parallel: int = 4
    # Where progress notes go (a retry, what ran outside a transaction); the CLI prints them on stderr.
    notify: Callable[[str], None] | None = None

    def note(self, message: str) -> None:
        if self.notify is not None:
            self.notify(message)


@dataclass
class BackendPlan:
    """What one backend contributes to a plan."""

    changes: list[Change] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    contexts: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    # Live objects the state neither declares nor owns: left alone, and counted so that removing one from the
    # state is not silent.
    unmanaged: list[str] = field(default_factory=list)
    # Per scope, context entries worked out only where something needs them: a plan that is saved, printed as
    # JSON or applied (`settled_contexts`, Plan.settle), never for one that is only shown (`plan`, `drift`).
    deferred: Deferred = field(default_factory=dict)

    def settled_contexts(self) -> dict[str, dict[str, list[str]]]:
        """`contexts` with the deferred entries worked out: what `apply` is given."""
        settle_contexts(self.contexts, self.deferred)
        return self.contexts


@dataclass
class ApplyReport:
    """What an apply did: the addresses applied, in order."""

    applied: list[str] = field(default_factory=list)


class Backend(Protocol):
    """One system `reconcile` manages."""

    name: str
    state_dir: Path

    def has_state(self, state_dir: Path) -> bool:
        """True when the state directory declares anything for this backend."""
        ...

    def validate(self, state_dir: Path) -> None:
        """Load and check every state file of this backend; raise StateError."""
        ...

    def is_configured(self) -> bool:
        """True when a connection is configured (environment or targets file)."""
        ...

    def plan(self, state_dir: Path) -> BackendPlan:
        """Inspect the live system and diff it against the state."""
        ...

    def apply(
        self, changes: list[Change], contexts: dict[str, dict[str, list[str]]], options: ApplyOptions
    ) -> ApplyReport:
        """Apply this backend's changes; raise ApplyError on failure."""
        ...
