"""Read the organization, its buckets and its authorizations: a handful of requests, whatever the bucket count.

Buckets are listed 100 at a time (the API's largest page) with the `after`
cursor, as the client library's own iterator does; authorizations come in
one request, and are only read when the state declares some (reading them
needs a token allowed to). Token values are dropped on the way in.
"""

from __future__ import annotations

from typing import Any

from reconciler.influxdb.client import Influx, InfluxApiError
from reconciler.influxdb.model import Authorization, Bucket, LiveInflux, Organization
from reconciler.influxdb.spec import INFINITE, SYSTEM_BUCKETS

PAGE = 100


def find_organization(influx: Influx, name: str) -> Organization | None:
    """The organization named `name`, or None when it does not exist (InfluxDB answers 404)."""
    try:
        found = influx.call(f"look up organization {name}", influx.orgs.get_orgs, org=name)
    except InfluxApiError as exc:
        if exc.status == 404:
            return None
        raise
    for org in found.orgs or []:
        if org.name == name:
            return Organization(name=org.name, description=org.description or None, id=org.id)
    return None


def bucket_from_api(bucket: Any) -> Bucket:
    """A live bucket; no expire rule or `everySeconds: 0` both mean infinite."""
    rules = [r for r in bucket.retention_rules or [] if (r.type or "expire") == "expire"]
    retention = (rules[0].every_seconds or INFINITE) if rules else INFINITE
    shard = rules[0].shard_group_duration_seconds if rules else None
    return Bucket(
        name=bucket.name,
        description=bucket.description or None,
        retention_seconds=retention,
        shard_group_seconds=shard or None,
        id=bucket.id,
        system=bucket.type == "system" or bucket.name in SYSTEM_BUCKETS,
    )


def list_buckets(influx: Influx, org: Organization) -> list[Bucket]:
    """Every bucket of the organization, system buckets included (flagged), in pages of PAGE."""
    buckets: list[Bucket] = []
    after: str | None = None
    while True:
        cursor = {"after": after} if after else {}
        page = influx.call(
            f"list the buckets of organization {org.name}",
            influx.buckets.get_buckets,
            org_id=org.id,
            limit=PAGE,
            **cursor,
        )
        items = page.buckets or []
        buckets += [bucket_from_api(b) for b in items]
        if len(items) < PAGE or page.links is None or not page.links.next:
            return buckets
        after = items[-1].id


def permissions_from_api(permissions: Any, names_by_id: dict[str, str]) -> list[tuple[str, str]]:
    """(action, bucket name) pairs; grants wider than one bucket show as `buckets:*` or `<type>:...`."""
    pairs = []
    for permission in permissions or []:
        resource = permission.resource
        if resource.type == "buckets" and resource.id:
            target = names_by_id.get(resource.id) or resource.name or f"bucket id {resource.id}"
        else:
            target = f"{resource.type}:{resource.id or resource.name or '*'}"
        pairs.append((permission.action, target))
    return sorted(pairs)


def list_authorizations(influx: Influx, org: Organization, buckets: list[Bucket]) -> dict[str, list[Authorization]]:
    found = influx.call(
        f"list the authorizations of organization {org.name}", influx.authorizations.get_authorizations, org_id=org.id
    )
    names_by_id = {b.id: b.name for b in buckets if b.id}
    by_name: dict[str, list[Authorization]] = {}
    for auth in found.authorizations or []:
        name = auth.description or ""
        by_name.setdefault(name, []).append(
            Authorization(
                name=name,
                permissions=permissions_from_api(auth.permissions, names_by_id),
                active=auth.status != "inactive",
                id=auth.id,
            )
        )
    return by_name


def inspect_influx(influx: Influx, org_name: str, with_authorizations: bool) -> LiveInflux:
    """The live side of the diff; an organization that does not exist has no buckets."""
    live = LiveInflux(organization=find_organization(influx, org_name))
    if live.organization is not None:
        buckets = list_buckets(influx, live.organization)
        live.buckets = {b.name: b for b in buckets}
        if with_authorizations:
            live.authorizations = list_authorizations(influx, live.organization, buckets)
    live.requests = influx.requests
    return live
