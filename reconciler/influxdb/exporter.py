"""Export an InfluxDB organization's buckets and bucket-scoped tokens as state/influxdb.yaml.

The organization is RECONCILE_INFLUXDB_ORG, or the only one the token sees.
A shard group duration is written only when it differs from the one the
server would pick, and descriptions only when set, so the file says what
someone chose. Tokens are exported by description and permissions, never
by value; a token that reconcile could not manage (no description, the same
description twice, or grants beyond buckets of the export) is left out and
named in the header.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reconciler.errors import ConnectionConfigError, ReconcileError
from reconciler.export_files import ExportedFile, ExportOptions
from reconciler.influxdb.client import Influx, InfluxSettings
from reconciler.influxdb.differ import default_shard_group
from reconciler.influxdb.inspector import find_organization, list_authorizations, list_buckets, list_organizations
from reconciler.influxdb.spec import INFINITE, readable_duration
from reconciler.targets import display_url


def _organization(influx: Influx, settings: InfluxSettings) -> str:
    if settings.org:
        return settings.org
    names = sorted(org.name for org in list_organizations(influx))
    if len(names) != 1:
        raise ReconcileError(
            f"{influx.where}: the token sees {len(names)} organizations ({', '.join(names)}); "
            "set RECONCILE_INFLUXDB_ORG to the one to export"
        )
    return str(names[0])


def export_influxdb(options: ExportOptions) -> list[ExportedFile]:
    settings = InfluxSettings.from_environment(options.state_dir)
    if settings is None:
        raise ConnectionConfigError(
            "InfluxDB is not configured: set RECONCILE_INFLUXDB_URL and RECONCILE_INFLUXDB_TOKEN"
        )
    influx = Influx(settings)
    try:
        influx.check_server()
        name = _organization(influx, settings)
        org = find_organization(influx, name)
        if org is None:
            raise ReconcileError(f"{influx.where}: organization {name} does not exist")
        every_bucket = list_buckets(influx, org)
        buckets = [
            b
            for b in every_bucket
            if not b.system and (not options.prefixes or b.name.startswith(tuple(options.prefixes)))
        ]
        authorizations = list_authorizations(influx, org, every_bucket)
    finally:
        influx.close()
    exported = ExportedFile(path=Path("influxdb.yaml"), data={})
    exported.header.append(f"organization {name} exported from {display_url(settings.url)} by reconcile export")
    organization: dict[str, Any] = {"name": name}
    if org.description:
        organization["description"] = org.description
    data: dict[str, Any] = {"organization": organization, "buckets": {}}
    for bucket in sorted(buckets, key=lambda b: b.name):
        retention = bucket.retention_seconds or INFINITE
        spec: dict[str, Any] = {"retention": readable_duration(retention)}
        if bucket.description:
            spec["description"] = bucket.description
        if bucket.shard_group_seconds and bucket.shard_group_seconds != default_shard_group(retention):
            spec["shard_group_duration"] = readable_duration(bucket.shard_group_seconds)
        data["buckets"][bucket.name] = spec
    tokens: dict[str, Any] = {}
    left_out: list[str] = []
    names = {b.name for b in buckets}
    for description, found in sorted(authorizations.items()):
        grants = found[0].permissions if len(found) == 1 else []
        if not description or len(found) > 1 or not grants or any(b not in names for _, b in grants):
            left_out.append(f"{description or '(no description)'}: {len(found)} token(s)")
            continue
        spec = {action: sorted(b for a, b in grants if a == action) for action in ("read", "write")}
        spec = {k: v for k, v in spec.items() if v}
        if not found[0].active:
            spec["active"] = False
        tokens[description] = spec
    if tokens:
        data["authorizations"] = tokens
    if left_out:
        exported.header.append("Tokens left out (no description, a duplicate one, or grants beyond these buckets):")
        exported.header += [f"  {line}" for line in left_out]
    exported.data = data
    return [exported]
