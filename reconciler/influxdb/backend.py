"""The InfluxDB 2 backend: state/influxdb.yaml against RECONCILE_INFLUXDB_URL with RECONCILE_INFLUXDB_TOKEN."""

from __future__ import annotations

from pathlib import Path

from reconciler.backend import ApplyOptions, ApplyReport, BackendPlan
from reconciler.changes import Change
from reconciler.errors import ConnectionConfigError, StateError
from reconciler.influxdb.client import Influx, InfluxSettings
from reconciler.influxdb.differ import diff_influx
from reconciler.influxdb.executor import apply_influx
from reconciler.influxdb.inspector import inspect_influx
from reconciler.influxdb.spec import InfluxSpec
from reconciler.state.validation import validate_document
from reconciler.state.yaml_source import display_path, load_yaml

NAME = "influxdb"


def state_file(state_dir: Path) -> Path:
    return state_dir / "influxdb.yaml"


def load_influx(state_dir: Path) -> InfluxSpec:
    """Load and check state/influxdb.yaml, including that authorizations only grant declared buckets."""
    path = state_file(state_dir)
    document = load_yaml(path, display_path(path, state_dir))
    spec = validate_document(InfluxSpec, document)
    issues = [document.source.issue(where, message) for where, message in spec.problems()]
    issues += [
        document.source.issue(
            ("authorizations", name, action, index), f"bucket {bucket!r} is not declared under buckets"
        )
        for name, auth in spec.authorizations.items()
        for action, buckets in (("read", auth.read), ("write", auth.write))
        for index, bucket in enumerate(buckets)
        if bucket not in spec.buckets
    ]
    if issues:
        raise StateError(issues)
    return spec


class InfluxBackend:
    """Plans and applies state/influxdb.yaml."""

    name = NAME

    def __init__(self, state_dir: Path) -> None:
        self.state_dir = state_dir
        self.requests = 0

    def has_state(self, state_dir: Path) -> bool:
        return state_file(state_dir).is_file()

    def validate(self, state_dir: Path) -> None:
        load_influx(state_dir)

    def is_configured(self) -> bool:
        return InfluxSettings.from_environment(self.state_dir) is not None

    def connect(self, spec: InfluxSpec) -> tuple[Influx, str]:
        """A client and the organization name: RECONCILE_INFLUXDB_ORG, else the state's organization.name."""
        settings = InfluxSettings.from_environment(self.state_dir)
        if settings is None:
            raise ConnectionConfigError(
                "InfluxDB is not configured: set RECONCILE_INFLUXDB_URL (for example http://metrics:8086) and "
                "RECONCILE_INFLUXDB_TOKEN, or add `influxdb: {url: ...}` to targets.yaml"
            )
        org = settings.org or (spec.organization.name if spec.organization else None)
        if org is None:
            raise ConnectionConfigError(
                f"{state_file(self.state_dir)} names no organization: declare `organization: {{name: ...}}` "
                "or set RECONCILE_INFLUXDB_ORG"
            )
        return Influx(settings), org

    def plan(self, state_dir: Path) -> BackendPlan:
        spec = load_influx(state_dir)
        influx, org = self.connect(spec)
        try:
            influx.check_server()
            live = inspect_influx(influx, org, with_authorizations=bool(spec.authorizations))
        finally:
            self.requests += influx.requests
            influx.close()
        plan = diff_influx(spec, org, live)
        return BackendPlan(
            changes=plan.changes, warnings=plan.warnings, contexts={f"{NAME}:{org}": {}}, unmanaged=plan.unmanaged
        )

    def apply(
        self, changes: list[Change], contexts: dict[str, dict[str, list[str]]], options: ApplyOptions
    ) -> ApplyReport:
        influx, org = self.connect(load_influx(self.state_dir))
        try:
            return ApplyReport(applied=apply_influx(influx, org, [c for c in changes if c.backend == NAME]))
        finally:
            self.requests += influx.requests
            influx.close()
