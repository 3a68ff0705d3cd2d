"""Read the organization, its buckets and its authorizations: a handful of requests, whatever the bucket count.

Buckets are listed 100 at a time (the API's largest page) with the `after`
cursor, as the client library's own iterator does; authorizations come in
one request, and are only read when the state declares some (reading them
needs a token allowed to). Token values are dropped on the way in.
"""

from __future__ import annotations

from typing import Any

from reconciler.influxdb.client import Influx, InfluxApiError, api
from reconciler.influxdb.model import Authorization, Bucket, LiveInflux, Organization
from reconciler.influxdb.spec import INFINITE, SYSTEM_BUCKETS

PAGE = 100


def find_organization(influx: Influx, name: str) -> Organization | None:
    """The organization named `name`, or None when it does not exist (InfluxDB answers 404)."""
    try:
        found = influx.call(f"look up organization {name}", "GET", api("orgs"), _organizations, query={"org": name})
    except InfluxApiError as exc:
        if exc.status == 404:
            return None
        raise
    return next((org for org in found if org.name == name), None)


def _organizations(answer: Any) -> list[Organization]:
    return [
        Organization(name=org["name"], description=org.get("description") or None, id=org["id"])
        for org in answer.get("orgs") or []
    ]


def list_organizations(influx: Influx) -> list[Organization]:
    """The organizations the token sees (the first page of 100: an export names one of them)."""
    return influx.call("list organizations", "GET", api("orgs"), _organizations, query={"limit": PAGE})


def bucket_from_api(bucket: Any) -> Bucket:
    """A live bucket of the API's JSON; no expire rule or `everySeconds: 0` both mean infinite."""
    rules = [r for r in bucket.get("retentionRules") or [] if (r.get("type") or "expire") == "expire"]
    retention = (rules[0].get("everySeconds") or INFINITE) if rules else INFINITE
    shard = rules[0].get("shardGroupDurationSeconds") if rules else None
    return Bucket(
        name=bucket["name"],
        description=bucket.get("description") or None,
        retention_seconds=retention,
        shard_group_seconds=shard or None,
        id=bucket["id"],
        system=bucket.get("type") == "system" or bucket["name"] in SYSTEM_BUCKETS,
    )


def list_buckets(influx: Influx, org: Organization) -> list[Bucket]:
    """Every bucket of the organization, system buckets included (flagged), in pages of PAGE."""
    buckets: list[Bucket] = []
    after: str | None = None
    while True:
        query: dict[str, str | int] = {"orgID": str(org.id), "limit": PAGE}
        if after:
            query["after"] = after
        items, more = influx.call(
            f"list the buckets of organization {org.name}", "GET", api("buckets"), _bucket_page, query=query
        )
        buckets += items
        if len(items) < PAGE or not more:
            return buckets
        after = items[-1].id


def _bucket_page(answer: Any) -> tuple[list[Bucket], bool]:
    """A page of buckets, and whether the answer links a next page."""
    return [bucket_from_api(b) for b in answer.get("buckets") or []], bool((answer.get("links") or {}).get("next"))


def permissions_from_api(permissions: Any, names_by_id: dict[str, str]) -> list[tuple[str, str]]:
    """(action, bucket name) pairs; grants wider than one bucket show as `buckets:*` or `<type>:...`."""
    pairs = []
    for permission in permissions or []:
        resource = permission["resource"]
        kind, ident, name = resource["type"], resource.get("id"), resource.get("name")
        if kind == "buckets" and ident:
            target = names_by_id.get(ident) or name or f"bucket id {ident}"
        else:
            target = f"{kind}:{ident or name or '*'}"
        pairs.append((permission["action"], target))
    return sorted(pairs)


def list_authorizations(influx: Influx, org: Organization, buckets: list[Bucket]) -> dict[str, list[Authorization]]:
    names_by_id = {b.id: b.name for b in buckets if b.id}

    def read(answer: Any) -> list[Authorization]:
        return [
            Authorization(
                name=auth.get("description") or "",
                permissions=permissions_from_api(auth.get("permissions"), names_by_id),
                active=auth.get("status") != "inactive",
                id=auth["id"],
            )
            for auth in answer.get("authorizations") or []
        ]

    found = influx.call(
        f"list the authorizations of organization {org.name}",
        "GET",
        api("authorizations"),
        read,
        query={"orgID": str(org.id)},
    )
    by_name: dict[str, list[Authorization]] = {}
    for auth in found:
        by_name.setdefault(auth.name, []).append(auth)
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
