"""Which exporter serves which backend, and running them the way `plan` runs backends.

A backend whose connection is not configured is skipped with a note, as in
`plan`, unless `--only` names it; so is one whose exporter needs an option
that was not given (Redis without --prefix).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reconciler.elasticsearch.exporter import export_elasticsearch
from reconciler.errors import ReconcileError
from reconciler.export import ExportedFile, Exporter, ExportOptions, ExportSkipped
from reconciler.influxdb.exporter import export_influxdb
from reconciler.kafka.exporter import export_kafka
from reconciler.postgres.exporter import export_postgres
from reconciler.redis.exporter import export_redis
from reconciler.runner import BACKEND_ORDER, all_backends, connection_variables

EXPORTERS: dict[str, Exporter] = {
    "postgres": export_postgres,
    "redis": export_redis,
    "influxdb": export_influxdb,
    "elasticsearch": export_elasticsearch,
    "kafka": export_kafka,
}


@dataclass
class ExportResult:
    files: list[ExportedFile] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def export_all(options: ExportOptions, only: list[str]) -> ExportResult:
    """Run the exporters of the selected (or every configured) backend, in BACKEND_ORDER."""
    backends = all_backends(options.state_dir)
    result = ExportResult()
    for name in only or BACKEND_ORDER:
        if not backends[name].is_configured():
            if name in only:
                raise ReconcileError(f"{name} is named in --only but not configured: set {connection_variables(name)}")
            result.notes.append(f"{name}: skipped, no connection configured ({connection_variables(name)})")
            continue
        try:
            result.files += EXPORTERS[name](options)
        except ExportSkipped as exc:
            if name in only:
                raise
            result.notes.append(str(exc))
    if not result.files and not result.notes:
        raise ReconcileError("nothing to export")
    return result
