"""Which exporter serves which backend, and running them the way `plan` runs backends.

A backend whose connection is not configured is skipped with a note, as in
`plan`, unless `--only` names it; so is one whose exporter needs an option
that was not given (Redis without --prefix).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reconciler.errors import ReconcileError
from reconciler.export_files import ExportedFile, ExportOptions, ExportSkipped
from reconciler.runner import BACKEND_ORDER, connection_variables, make_backend


def run_exporter(name: str, options: ExportOptions) -> list[ExportedFile]:
    """One backend's exporter, imported only when that backend is exported (as make_backend does)."""
    if name == "postgres":
        from reconciler.postgres.exporter import export_postgres

        return export_postgres(options)
    if name == "redis":
        from reconciler.redis.exporter import export_redis

        return export_redis(options)
    if name == "influxdb":
        from reconciler.influxdb.exporter import export_influxdb

        return export_influxdb(options)
    if name == "elasticsearch":
        from reconciler.elasticsearch.exporter import export_elasticsearch

        return export_elasticsearch(options)
    from reconciler.kafka.exporter import export_kafka

    return export_kafka(options)


@dataclass
class ExportResult:
    files: list[ExportedFile] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def export_all(options: ExportOptions, only: list[str]) -> ExportResult:
    """Run the exporters of the selected (or every configured) backend, in BACKEND_ORDER."""
    result = ExportResult()
    for name in only or BACKEND_ORDER:
        if not make_backend(name, options.state_dir).is_configured():
            if name in only:
                raise ReconcileError(f"{name} is named in --only but not configured: set {connection_variables(name)}")
            result.notes.append(f"{name}: skipped, no connection configured ({connection_variables(name)})")
            continue
        try:
            result.files += run_exporter(name, options)
        except ExportSkipped as exc:
            if name in only:
                raise
            result.notes.append(str(exc))
    if not result.files and not result.notes:
        raise ReconcileError("nothing to export")
    return result
