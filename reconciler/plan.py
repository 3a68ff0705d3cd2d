"""The Plan: ordered changes across backends, serializable and re-loadable.

A plan is data. `plan --out FILE` writes it as versioned JSON. A saved plan is
a file anyone could have edited, so it is never the authority on what runs:
`apply FILE` plans again from the state and the live systems and applies only
when that gives exactly the changes the file holds (runner.verified_plan).
"""

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    SerializerFunctionWrapHandler,
    ValidationError,
    model_serializer,
)

from reconciler.changes import Action, Change
from reconciler.errors import ReconcileError
from reconciler.field_defaults import empty_list

PLAN_FORMAT_VERSION = 1
# A plan of 100,000 changes with their statements stays far below this.
MAX_PLAN_BYTES = 256 * 1024 * 1024


class Summary(BaseModel):
    """Counts for the closing "Plan: N to add, N to change, N to destroy" line."""

    add: int = 0
    change: int = 0
    destroy: int = 0
    blocked: int = 0


Deferred = dict[str, Callable[[], dict[str, list[str]]]]


def settle_contexts(contexts: dict[str, dict[str, list[str]]], deferred: Deferred) -> None:
    """Merge into `contexts` each scope's `deferred` entries, worked out now, and forget them."""
    for scope, work_out in deferred.items():
        contexts[scope] = {**contexts.get(scope, {}), **work_out()}
    deferred.clear()


class Plan(BaseModel):
    """Everything `reconcile` would do, in the order it would do it."""

    model_config = ConfigDict(extra="forbid")

    format_version: int = PLAN_FORMAT_VERSION
    created_at: str = Field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))
    backends: list[str] = Field(default_factory=empty_list)
    targets: list[str] = Field(default_factory=empty_list, description="The --target addresses the plan was made for.")
    changes: list[Change] = Field(default_factory=empty_list)
    warnings: list[str] = Field(default_factory=empty_list)
    contexts: dict[str, dict[str, list[str]]] = Field(
        default_factory=dict, description="Per backend scope, what apply needs beyond the changes (e.g. search_path)."
    )
    unmanaged: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Per backend, live objects neither declared nor owned: left alone, listed so that removing "
        "one from the state is not silent.",
    )
    shard: str | None = Field(
        default=None,
        pattern=r"^[0-9]{1,5}/[0-9]{1,5}$",
        description="The --shard I/N the plan was made for: only that shard's tenants, databases and scopes.",
    )
    state_dir: str | None = Field(
        default=None,
        max_length=4096,
        pattern=r"^/[^\x00]*$",
        description="The absolute state directory the plan was made from; `apply FILE` uses it without --state.",
    )
    _timings: dict[str, float] = PrivateAttr(default_factory=dict)
    # Context entries worked out only when the plan is saved, printed as JSON or applied (BackendPlan.deferred).
    _deferred: Deferred = PrivateAttr(default_factory=dict)

    def defer(self, entries: Deferred) -> None:
        """Context entries to work out by scope when something needs them (`settle`)."""
        self._deferred.update(entries)

    def settle(self) -> None:
        """Work out the deferred context entries: before the plan is written anywhere or applied."""
        settle_contexts(self.contexts, self._deferred)

    @model_serializer(mode="wrap")
    def _settled(self, serialize: SerializerFunctionWrapHandler) -> dict[str, Any]:
        """Every dump of a plan (saved, printed, copied) holds its deferred context entries, worked out now."""
        self.settle()
        dumped: dict[str, Any] = serialize(self)
        return dumped

    @property
    def timings(self) -> dict[str, float]:
        """Seconds each backend took to inspect and diff (not saved: it describes one run, not the plan)."""
        return self._timings

    @property
    def summary(self) -> Summary:
        summary = Summary()
        for change in self.changes:
            if change.blocked:
                summary.blocked += 1
            if change.action is Action.CREATE:
                summary.add += 1
            elif change.action is Action.DELETE:
                summary.destroy += 1
            elif change.action is Action.REPLACE:
                summary.add += 1
                summary.destroy += 1
            else:
                summary.change += 1
        return summary

    @property
    def has_changes(self) -> bool:
        return bool(self.changes)

    def destructive_changes(self) -> list[Change]:
        return [c for c in self.changes if c.destructive]

    def blocked_changes(self) -> list[Change]:
        return [c for c in self.changes if c.blocked]

    def to_dict(self) -> dict[str, object]:
        """The versioned JSON form: the plan and its summary (the summary is ignored on load)."""
        data = self.model_dump(mode="json")
        data["summary"] = self.summary.model_dump()
        return data

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2) + "\n"

    def save(self, path: Path) -> None:
        path.write_text(self.to_json(), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> "Plan":
        """Read a saved plan: any damage is one message naming the file, never a traceback."""
        try:
            size = path.stat().st_size
            if size > MAX_PLAN_BYTES:
                raise ReconcileError(f"{path}: {size} bytes is larger than a saved plan can be ({MAX_PLAN_BYTES})")
            raw = json.loads(path.read_bytes().decode("utf-8"))
        except OSError as exc:
            raise ReconcileError(f"{path}: cannot read saved plan: {exc.strerror or exc}") from None
        except UnicodeDecodeError as exc:
            raise ReconcileError(f"{path}: not a saved plan: not UTF-8 (byte {exc.start})") from None
        except json.JSONDecodeError as exc:
            raise ReconcileError(f"{path}: not a saved plan: {exc.msg} (line {exc.lineno})") from None
        except RecursionError:
            raise ReconcileError(f"{path}: not a saved plan: nested too deeply") from None
        version = raw.get("format_version") if isinstance(raw, dict) else None
        if version != PLAN_FORMAT_VERSION:
            raise ReconcileError(
                f"{path}: saved plan has format_version {version!r}; this reconcile reads {PLAN_FORMAT_VERSION}"
            )
        raw.pop("summary", None)
        try:
            return cls.model_validate(raw)
        except ValidationError as exc:
            error = exc.errors()[0]
            where = ".".join(str(part) for part in error["loc"])
            raise ReconcileError(f"{path}: not a valid saved plan: {where}: {error['msg']}") from None
