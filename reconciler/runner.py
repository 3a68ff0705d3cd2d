"""Plan and apply across backends: the one code path behind plan, drift and apply."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reconciler import history
from reconciler.backend import ApplyOptions, ApplyReport, Backend, BackendPlan
from reconciler.changes import Change
from reconciler.errors import ApplyError, ReconcileError, StalePlanError, StateError
from reconciler.history import Recorder
from reconciler.plan import Plan
from reconciler.render.escape import printable
from reconciler.shard import Shard

# Apply order across backends (DESIGN.md): PostgreSQL first, its seeds inside it.
BACKEND_ORDER = ("postgres", "redis", "influxdb", "elasticsearch", "kafka")


def connection_variables(backend: str) -> str:
    """The environment variables that configure a backend's connection, for messages."""
    return {
        "kafka": "RECONCILE_KAFKA_BOOTSTRAP",
        "influxdb": "RECONCILE_INFLUXDB_URL and RECONCILE_INFLUXDB_TOKEN",
    }.get(backend, f"RECONCILE_{backend.upper()}_URL")


@dataclass
class Selection:
    """Which backends and objects a command works on."""

    state_dir: Path
    only: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    # Apply's closing plan: PostgreSQL records the normalized schema of each database found converged.
    record_normalized: bool = False
    # --shard I/N: only the tenants, databases and scopes of this shard (reconciler/shard.py).
    shard: Shard | None = None
    # Set by apply and shared by its first and closing plan: what a backend's first plan worked out that its
    # closing plan may reuse, by backend name (PostgreSQL: the normalized units, normalization_cache.Carried,
    # and the connections of its inspections, live_inspection.KeptConnections).
    carry: Carry | None = None


class Carry(dict[str, Any]):
    """What apply's first plan leaves its closing plan (Selection.carry); `close` releases what holds a resource."""

    def close(self) -> None:
        for item in self.values():
            close = getattr(item, "close", None)
            if callable(close):
                close()


def parse_only(value: str | None) -> list[str]:
    """`--only kafka,postgres` as a validated list."""
    if not value:
        return []
    names = [v.strip() for v in value.split(",") if v.strip()]
    unknown = [n for n in names if n not in BACKEND_ORDER]
    if unknown:
        raise ReconcileError(f"--only: unknown backend {', '.join(unknown)} (choose from {', '.join(BACKEND_ORDER)})")
    return names


def make_backend(
    name: str,
    state_dir: Path,
    *,
    record_normalized: bool = False,
    shard: Shard | None = None,
    carry: Carry | None = None,
) -> Backend:
    """One backend, reading its connection from the environment or state_dir's targets.yaml.

    Each backend's module (and its client library) is imported only when that
    backend is used: `--only postgres` does not pay for loading the
    Elasticsearch, Kafka and InfluxDB clients.
    """
    if name == "postgres":
        from reconciler.postgres.backend import PostgresBackend

        return PostgresBackend(state_dir, record_normalized=record_normalized, shard=shard, carry=carry)
    if name == "redis":
        from reconciler.redis.backend import RedisBackend

        return RedisBackend(state_dir)
    if name == "influxdb":
        from reconciler.influxdb.backend import InfluxBackend

        return InfluxBackend(state_dir)
    if name == "elasticsearch":
        from reconciler.elasticsearch.backend import ElasticsearchBackend

        return ElasticsearchBackend(state_dir)
    if name == "kafka":
        from reconciler.kafka.backend import KafkaBackend

        return KafkaBackend(state_dir)
    raise ReconcileError(f"unknown backend {name!r} (choose from {', '.join(BACKEND_ORDER)})")


def backends_for(selection: Selection) -> list[Backend]:
    return list(_each_backend(selection))


def _each_backend(selection: Selection) -> Iterator[Backend]:
    """The selected backends in BACKEND_ORDER, each made (its module imported) only when the caller asks for it."""
    if not selection.state_dir.is_dir():
        raise ReconcileError(f"state directory {selection.state_dir} does not exist (use --state DIR)")
    for name in selection.only or BACKEND_ORDER:
        yield make_backend(
            name,
            selection.state_dir,
            record_normalized=selection.record_normalized,
            shard=selection.shard,
            carry=selection.carry,
        )


def validate(selection: Selection) -> list[str]:
    """Load and check every state file; return the backends that have state."""
    checked = []
    issues = []
    for backend in backends_for(selection):
        if not backend.has_state(selection.state_dir):
            continue
        try:
            backend.validate(selection.state_dir)
        except StateError as exc:
            issues += exc.issues
        checked.append(backend.name)
    if issues:
        raise StateError(issues)
    return checked


@dataclass
class _Inspection:
    """One backend's plan, made on its own thread: the result and its time, or the error it raised."""

    backend: Backend
    state_dir: Path
    result: BackendPlan | None = None
    seconds: float = 0.0
    error: BaseException | None = None

    def run(self) -> None:
        started = time.perf_counter()
        try:
            self.result = self.backend.plan(self.state_dir)
        except BaseException as exc:
            self.error = exc
        self.seconds = time.perf_counter() - started


@dataclass
class _Concurrently:
    """Plans started one by one, each on its own daemon thread (Ctrl-C returns at once instead of waiting out the
    timeouts), then waited for together."""

    state_dir: Path
    started: list[tuple[_Inspection, threading.Thread]] = field(default_factory=list)

    def start(self, backend: Backend) -> None:
        inspection = _Inspection(backend, self.state_dir)
        thread = threading.Thread(target=inspection.run, name=f"inspect-{backend.name}", daemon=True)
        thread.start()
        self.started.append((inspection, thread))

    def wait(self) -> list[_Inspection]:
        for _, thread in self.started:
            thread.join()
        return [inspection for inspection, _ in self.started]


def make_plan(selection: Selection) -> Plan:
    """Inspect every selected, configured backend concurrently and diff it against the state.

    Inspection is network-bound, so the wall time is close to the slowest
    backend's, not the sum. The plan lists backends in BACKEND_ORDER whatever
    order they finish in; when several fail, every failure is reported.
    """
    plan = Plan(targets=list(selection.targets), shard=str(selection.shard) if selection.shard else None)
    notes: list[str] = []  # backends not inspected, listed after the backends' own warnings
    # Each backend starts planning as soon as it is made: importing the next ones' client libraries (a third
    # of a drift process) overlaps PostgreSQL's plan, which starts first.
    planning = _Concurrently(selection.state_dir)
    try:
        for backend in _each_backend(selection):
            if not backend.has_state(selection.state_dir):
                if backend.name in selection.only:
                    notes.append(f"{backend.name}: the state directory declares nothing for this backend")
                continue
            if backend.is_configured():
                planning.start(backend)
                continue
            backend.validate(selection.state_dir)  # unconfigured or not, bad state files are reported
            if backend.name in selection.only:
                raise ReconcileError(
                    f"{backend.name} is named in --only but not configured: "
                    f"set {connection_variables(backend.name)} or add it to targets.yaml"
                )
            notes.append(f"{backend.name}: skipped, no connection configured ({connection_variables(backend.name)})")
    finally:
        inspections = planning.wait()  # the plans already started end before any error here is raised
    if notes and not inspections and not selection.only:
        raise ReconcileError(
            "no backend could be checked: " + "; ".join(notes) + ". Configure at least one connection."
        )
    failures = [(i.backend.name, i.error) for i in inspections if i.error is not None]
    if len(failures) == 1:
        raise failures[0][1]
    if failures:
        errors = [error for _, error in failures]
        if all(isinstance(error, StateError) for error in errors):
            raise StateError([issue for error in errors if isinstance(error, StateError) for issue in error.issues])
        raise ReconcileError("\n".join(f"{name}: {error}" for name, error in failures))
    for inspection in inspections:
        result, name = inspection.result, inspection.backend.name
        assert result is not None
        plan.backends.append(name)
        plan.timings[name] = inspection.seconds
        plan.changes += [
            c
            for c in result.changes
            if c.matches(selection.targets) and (selection.shard is None or selection.shard.owns_change(c))
        ]
        plan.warnings += result.warnings
        plan.contexts.update(result.contexts)
        plan.defer(result.deferred)
        if result.unmanaged:
            plan.unmanaged[name] = result.unmanaged
    plan.warnings += notes
    return plan


def check_applicable(plan: Plan, options: ApplyOptions) -> None:
    """Refuse the whole apply when any change is impossible or destructive without the flag."""
    blocked = plan.blocked_changes()
    if blocked:
        lines = "\n".join(f"  {printable(c.address)}: {printable(c.blocked or '')}" for c in blocked)
        raise ApplyError(f"the plan contains changes that cannot be applied; nothing was applied:\n{lines}")
    reindex = [c for c in plan.changes if c.needs_reindex]
    if reindex and not options.allow_reindex:
        lines = "\n".join(f"  {c.action.symbol} {printable(c.address)}" for c in reindex)
        raise ApplyError(
            "the plan migrates indices by reindexing into new ones; nothing was applied. Re-run with "
            f"--allow-reindex to apply it, or use --target to leave these out:\n{lines}"
        )
    closing = [c for c in plan.changes if any(h.code == "index_closed" for h in c.hazards)]
    if closing and not options.allow_close:
        lines = "\n".join(f"  {c.action.symbol} {printable(c.address)}" for c in closing)
        raise ApplyError(
            "the plan closes indices to change their analysis settings (they are unavailable meanwhile); nothing "
            f"was applied. Re-run with --allow-close to apply it, or use --target to leave these out:\n{lines}"
        )
    destructive = plan.destructive_changes()
    if destructive and not options.allow_destructive:
        lines = "\n".join(f"  {c.action.symbol} {printable(c.address)}" for c in destructive)
        raise ApplyError(
            "the plan drops or overwrites data; nothing was applied. Re-run with --allow-destructive to apply it, "
            f"or use --target to leave these out:\n{lines}"
        )


def verified_plan(saved: Plan, selection: Selection) -> Plan:
    """The plan to apply for a saved plan file: made again now, and only when it is the one the file holds.

    A saved plan is a file anyone could have edited, so nothing in it is
    trusted: the changes, their statements and their safety flags
    (destructive, blocked, reindex) all come from planning again against the
    state and the live systems. When that differs from the file, either the
    live systems changed since it was made (stale) or the file was edited;
    either way nothing is applied, and the addresses that differ are listed.
    """
    if selection.targets and sorted(selection.targets) != sorted(saved.targets):
        raise ReconcileError("--target cannot narrow a saved plan; make a new plan with `reconcile plan --target ...`")
    if selection.shard is not None and str(selection.shard) != saved.shard:
        raise ReconcileError(
            "--shard cannot change a saved plan's shard; make a new plan with `reconcile plan --shard I/N`"
        )
    only = parse_only(",".join(saved.backends)) if saved.backends else []
    shard = Shard.parse(saved.shard) if saved.shard else None
    fresh = make_plan(Selection(selection.state_dir, only=only, targets=list(saved.targets), shard=shard))
    differences = plan_differences(saved, fresh)
    if differences:
        raise StalePlanError(
            "the saved plan is stale or was edited: planning now gives different changes, so nothing was applied. "
            "Either the live systems changed since it was made (another apply, or a change by hand) or the file "
            "was changed. Run `reconcile plan` again.\n" + "\n".join(differences)
        )
    return fresh


def _without_row_estimates(change: Change) -> dict[str, Any]:
    """A change as JSON without its tables' row estimates: autovacuum's ANALYZE between plan and apply moves
    them, and they decide nothing a saved plan could be trusted with (--max-lock reads the fresh plan)."""
    data = change.model_dump(mode="json")
    for statement in data["statements"]:
        for lock in statement["locks"]:
            lock.pop("estimated_rows"), lock.pop("pages"), lock.pop("rows_source")
    for hazard in list(data["hazards"]):
        if hazard["code"] == "blocking_lock":
            data["hazards"].remove(hazard)
    return data


def plan_differences(saved: Plan, fresh: Plan) -> list[str]:
    """One line per address where the saved plan and a fresh plan disagree, in plan order."""
    saved_by = {c.address: c for c in saved.changes}
    fresh_by = {c.address: c for c in fresh.changes}
    lines: list[str] = []
    for address in dict.fromkeys([*saved_by, *fresh_by]):
        old, new = saved_by.get(address), fresh_by.get(address)
        if new is None:
            lines.append(f"  {printable(address)}: in the saved plan, not planned now")
        elif old is None:
            lines.append(f"  {printable(address)}: planned now, not in the saved plan")
        else:
            old_fields, new_fields = _without_row_estimates(old), _without_row_estimates(new)
            differing = [name for name in new_fields if old_fields.get(name) != new_fields[name]]
            if differing:
                lines.append(f"  {printable(address)}: {', '.join(differing)} differ")
    if not lines and [c.address for c in saved.changes] != [c.address for c in fresh.changes]:
        lines.append("  the changes are listed in another order or more than once")
    return lines


Step = Callable[[str, int], AbstractContextManager[object]]


def apply_plan(
    plan: Plan,
    selection: Selection,
    options: ApplyOptions,
    step: Step = lambda name, count: nullcontext(),
    recorder: Recorder | None = None,
) -> ApplyReport:
    """Apply backend by backend in BACKEND_ORDER; at the first failure, stop and say what was and was not applied.

    `step(backend, count)` wraps each backend's apply, so the CLI can show progress.
    `recorder` writes an apply record for every unit a backend applied or tried to.
    """
    check_applicable(plan, options)
    plan.settle()
    report = ApplyReport()
    for backend in backends_for(Selection(selection.state_dir, only=list(plan.backends), carry=selection.carry)):
        changes = _of(plan.changes, backend.name)
        if not changes:
            continue
        started, clock = history.now(), time.perf_counter()
        try:
            with step(backend.name, len(changes)):
                applied = backend.apply(changes, plan.contexts, options).applied
        except ApplyError as exc:
            report.applied += exc.applied
            if recorder is not None:
                recorder.backend_done(
                    backend.name, changes, exc.applied, started, time.perf_counter() - clock, str(exc)
                )
            raise ApplyError(
                f"{exc}\n{_progress(plan, report.applied, backend.name)}", report.applied, exc.failures
            ) from None
        report.applied += applied
        if recorder is not None:
            recorder.backend_done(backend.name, changes, applied, started, time.perf_counter() - clock, None)
    return report


def _progress(plan: Plan, applied: list[str], failed: str) -> str:
    """Which changes were applied and which were not, for the message of a failed apply."""
    done = set(applied)
    pending = [c.address for c in plan.changes if c.address not in done]
    lines = [f"{failed} failed. Applied ({len(applied)}):"]
    lines += [f"  {printable(address)}" for address in applied] or ["  nothing"]
    lines += [f"Not applied ({len(pending)}):"] + [f"  {printable(address)}" for address in pending]
    lines.append("Fix the cause and run `reconcile apply` again: it plans only what is left.")
    return "\n".join(lines)


def _of(changes: list[Change], backend: str) -> list[Change]:
    return [c for c in changes if c.backend == backend]
