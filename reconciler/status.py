"""`reconcile status`: per backend, in sync or not, the last apply, and whether someone changed it since.

The drift part is a plan (one code path with plan and drift); the history part
reads the apply records. "Changed since by someone else" is drift the state
does not explain: when the state is still at the revision the last apply
applied (and neither had uncommitted changes), all drift is someone else's,
because that apply left the backend converged; when the state moved since,
only drift on objects that apply itself changed is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reconciler.history import ApplyRecord, read_history
from reconciler.plan import Plan

# How many records are read to find each backend's last apply.
RECORDS_READ = 200


@dataclass
class BackendStatus:
    backend: str
    changes: list[str]
    last_apply: ApplyRecord | None
    changed_since: list[str] = field(default_factory=list)
    state_moved: bool | None = None  # the state's revision differs from the last apply's (None: no apply)

    @property
    def in_sync(self) -> bool:
        return not self.changes

    def to_json(self) -> dict[str, object]:
        return {
            "backend": self.backend,
            "in_sync": self.in_sync,
            "changes": self.changes,
            "last_apply": self.last_apply.to_json() if self.last_apply else None,
            "changed_since_last_apply": self.changed_since,
            "state_changed_since_last_apply": self.state_moved,
        }


def postgres_databases(plan: Plan) -> list[str]:
    """The PostgreSQL databases a plan covers (its contexts are keyed `postgres:<database>`)."""
    return [key.split(":", 1)[1] for key in plan.contexts if key.startswith("postgres:")]


def statuses(
    plan: Plan, state_dir: Path, revision: tuple[str | None, bool | None]
) -> tuple[list[BackendStatus], list[str]]:
    """One status per backend of the plan, and notes on history that could not be read.

    `revision` is the state directory's (commit, dirty) now.
    """
    records, notes = read_history(state_dir, postgres_databases(plan), RECORDS_READ)
    result = []
    commit, dirty = revision
    for backend in plan.backends:
        drifted = [c.address for c in plan.changes if c.backend == backend]
        last = next((r for r in records if r.backend == backend), None)
        status = BackendStatus(backend, drifted, last)
        if last is not None:
            status.state_moved = commit is None or commit != last.revision or bool(dirty) or bool(last.dirty)
            if last.outcome == "applied" and not status.state_moved:
                status.changed_since = drifted
            else:
                applied = {c["address"] for c in last.changes if c["outcome"] == "applied"}
                status.changed_since = [a for a in drifted if a in applied]
        result.append(status)
    return result, notes


def describe(record: ApplyRecord | None) -> str:
    """`2026-11-30T20:15:03+00:00 by alice (ci run 42), revision 1a2b3c4d5e6f (dirty): applied, 3 changes`."""
    if record is None:
        return "no apply recorded"
    who = record.actor + "".join(
        f", {name} {value}" for name, value in record.ci.items() if name in ("GITHUB_ACTOR", "GITHUB_RUN_ID")
    )
    revision = f"revision {record.revision[:12]}" if record.revision else "no git revision"
    if record.dirty:
        revision += " (with uncommitted changes)"
    return f"{record.started_at} by {who}, {revision}: {record.outcome}, {len(record.changes)} change(s)"
