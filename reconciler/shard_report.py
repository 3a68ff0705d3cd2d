"""Shards' `--format json` reports, read back and merged into one (`reconcile report merge`).

N machines each plan, drift or apply one shard (`--shard I/N`) and print a
JSON document. The merge reads them all and says, for the fleet as a whole,
what changes, what was applied, which tenants failed and which shards are
missing. The files come from other machines, CI artifacts anyone with
access could have replaced: they are untrusted input, read like a saved
plan (size limit, UTF-8, strict models, `extra` fields refused) and every
problem is one message naming the file and the field, never a traceback.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from reconciler.changes import Change
from reconciler.errors import ReconcileError, UnitFailure
from reconciler.field_defaults import empty_list
from reconciler.plan import MAX_PLAN_BYTES, PLAN_FORMAT_VERSION, Plan
from reconciler.render.escape import printable
from reconciler.shard import Shard

Kind = Literal["plan", "drift", "apply"]


class FailureDoc(BaseModel):
    """One unit (a tenant schema) that failed alone in an apply."""

    model_config = ConfigDict(extra="forbid")

    backend: str = Field(max_length=64)
    scope: str = Field(max_length=1024)
    tenant: str | None = Field(default=None, max_length=1024)
    message: str = Field(max_length=65_536)


class ApplyDoc(BaseModel):
    """`reconcile apply --format json`: what one run (one shard) planned, applied, and how it ended."""

    model_config = ConfigDict(extra="forbid")

    format_version: int = PLAN_FORMAT_VERSION
    kind: Literal["apply"] = "apply"
    shard: str | None = Field(default=None, pattern=r"^[0-9]{1,5}/[0-9]{1,5}$")
    changes: list[Change] = Field(default_factory=empty_list, description="The plan that was applied.")
    warnings: list[str] = Field(default_factory=empty_list)
    applied: list[str] = Field(default_factory=empty_list)
    failures: list[FailureDoc] = Field(default_factory=empty_list, description="Units that failed alone, by tenant.")
    error: str | None = Field(default=None, description="Why the apply stopped or was refused, if it did.")
    converged: bool = False
    remaining: list[str] = Field(default_factory=empty_list, description="Addresses still differing after the apply.")
    exit_code: int = Field(ge=0, le=2)


def apply_document(
    plan: Plan,
    applied: list[str],
    failures: list[UnitFailure],
    error: str | None,
    remaining: list[str],
    exit_code: int,
) -> dict[str, Any]:
    """The JSON an apply prints with --format json."""
    doc = ApplyDoc(
        shard=plan.shard,
        changes=plan.changes,
        warnings=plan.warnings,
        applied=applied,
        failures=[FailureDoc(backend=f.backend, scope=f.scope, tenant=f.tenant, message=f.message) for f in failures],
        error=error,
        converged=error is None and not remaining,
        remaining=remaining,
        exit_code=exit_code,
    )
    return doc.model_dump(mode="json")


@dataclass
class ShardReport:
    """One file's report: a plan or drift (as a Plan) or an apply."""

    path: Path
    kind: Kind
    shard: Shard | None
    plan: Plan
    apply: ApplyDoc | None = None


def _read_json(path: Path) -> Any:
    try:
        size = path.stat().st_size
        if size > MAX_PLAN_BYTES:
            raise ReconcileError(f"{path}: {size} bytes is larger than a shard's report can be ({MAX_PLAN_BYTES})")
        return json.loads(path.read_bytes().decode("utf-8"))
    except OSError as exc:
        raise ReconcileError(f"{path}: cannot read the report: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise ReconcileError(f"{path}: not a report: not UTF-8 (byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise ReconcileError(f"{path}: not a report: {exc.msg} (line {exc.lineno})") from None
    except RecursionError:
        raise ReconcileError(f"{path}: not a report: nested too deeply") from None


def _invalid(path: Path, exc: ValidationError) -> ReconcileError:
    error = exc.errors()[0]
    where = ".".join(str(part) for part in error["loc"]) or "(the document)"
    return ReconcileError(f"{path}: {where}: {error['msg']}")


def load_report(path: Path) -> ShardReport:
    """Read one shard's `--format json` output of plan, drift or apply."""
    raw = _read_json(path)
    if not isinstance(raw, dict):
        raise ReconcileError(f"{path}: not a report: the document is {type(raw).__name__}, not an object")
    version = raw.get("format_version")
    if version != PLAN_FORMAT_VERSION:
        raise ReconcileError(f"{path}: format_version: {version!r}; this reconcile reads {PLAN_FORMAT_VERSION}")
    kind = raw.get("kind")
    if kind not in ("plan", "drift", "apply"):
        raise ReconcileError(f"{path}: kind: {kind!r} is not plan, drift or apply (the `--format json` output)")
    try:
        if kind == "apply":
            doc = ApplyDoc.model_validate(raw)
            plan = Plan(changes=doc.changes, warnings=doc.warnings, shard=doc.shard)
        else:
            body = {k: v for k, v in raw.items() if k not in ("kind", "summary")}
            plan, doc = Plan.model_validate(body), None
    except ValidationError as exc:
        raise _invalid(path, exc) from None
    try:
        shard = Shard.parse(plan.shard) if plan.shard else None
    except ReconcileError as exc:
        raise ReconcileError(f"{path}: shard: {str(exc).removeprefix('--shard: ')}") from None
    return ShardReport(path, kind, shard, plan, doc)


@dataclass
class MergedReport:
    """The fleet's report: every shard's changes, applies and failures, and which shards are missing."""

    kind: Kind
    count: int
    reports: list[ShardReport]
    plan: Plan = field(default_factory=Plan)
    applied: list[str] = field(default_factory=list)
    failures: list[FailureDoc] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (shard, message)
    remaining: list[str] = field(default_factory=list)

    @property
    def missing(self) -> list[str]:
        present = {r.shard.index for r in self.reports if r.shard is not None}
        if any(r.shard is None for r in self.reports):
            return []
        return [f"{i}/{self.count}" for i in range(1, self.count + 1) if i not in present]

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def ok(self) -> bool:
        """An apply that ran in every shard without a failure and converged everywhere."""
        return self.complete and not self.failures and not self.errors and not self.remaining


def _name(report: ShardReport) -> str:
    return str(report.shard) if report.shard else "(unsharded)"


def merge(reports: list[ShardReport], expected: int | None = None) -> MergedReport:
    """One report from every shard's; shards of other counts, kinds, or given twice are errors naming the files."""
    if not reports:
        raise ReconcileError("report merge: no reports given")
    first = reports[0]
    for report in reports[1:]:
        if report.kind != first.kind:
            raise ReconcileError(
                f"{report.path}: kind: {report.kind!r}, but {first.path} is {first.kind!r}; merge one command's reports"
            )
    counts = {r.shard.count if r.shard else 1 for r in reports}
    if len(counts) > 1:
        listed = ", ".join(f"{printable(str(r.path))} ({_name(r)})" for r in reports)
        raise ReconcileError(f"report merge: the reports come from different shard counts: {listed}")
    count = counts.pop()
    if expected is not None and expected != count:
        raise ReconcileError(f"report merge: --shards {expected}, but the reports are shards of {count}")
    seen: dict[str, Path] = {}
    for report in reports:
        name = _name(report)
        if name in seen:
            raise ReconcileError(f"{report.path}: shard: {name} is also {seen[name]}; each shard once")
        seen[name] = report.path
    merged = MergedReport(first.kind, count, sorted(reports, key=lambda r: r.shard.index if r.shard else 0))
    for report in merged.reports:
        merged.plan.changes += report.plan.changes
        merged.plan.warnings += [w for w in report.plan.warnings if w not in merged.plan.warnings]
        if report.apply is not None:
            merged.applied += report.apply.applied
            merged.failures += report.apply.failures
            merged.remaining += report.apply.remaining
            if report.apply.error is not None and not report.apply.failures:
                merged.errors.append((_name(report), report.apply.error))
            elif report.apply.exit_code != 0 and not (report.apply.failures or report.apply.remaining):
                merged.errors.append((_name(report), f"exited {report.apply.exit_code}"))
        merged.plan.backends += [b for b in report.plan.backends if b not in merged.plan.backends]
    return merged
