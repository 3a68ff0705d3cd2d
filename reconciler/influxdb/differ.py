"""Declared organization, buckets and authorizations against live ones: a pure function returning Changes.

Only what the state declares is compared: a bucket without a declared
description keeps whatever description it has, and the shard group
duration the server picked is left alone unless one is declared. A shorter
retention deletes older points, so it is a destructive change; so is
changing a token's permissions, because InfluxDB cannot change them in
place: a new token replaces the old one, and services holding the old one
lose access.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from reconciler.changes import Action, Change, Hazard, rest_call
from reconciler.influxdb.model import Authorization, Bucket, LiveInflux, Organization
from reconciler.influxdb.spec import INFINITE, AuthorizationSpec, BucketSpec, InfluxSpec, readable_duration

BACKEND = "influxdb"
BUCKET_DELETED = Hazard(code="data_loss", message="the bucket and every point in it are deleted")
TOKEN_REVOKED = Hazard(code="token_revoked", message="services using this token lose access")


@dataclass
class InfluxPlan:
    changes: list[Change] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    unmanaged: list[str] = field(default_factory=list)  # live buckets neither declared nor owned: left alone


def desired_bucket(name: str, spec: BucketSpec) -> Bucket:
    return Bucket(
        name=name,
        description=spec.description,
        retention_seconds=spec.retention_seconds(),
        shard_group_seconds=spec.shard_group_seconds(),
    )


def desired_authorization(name: str, spec: AuthorizationSpec) -> Authorization:
    return Authorization(
        name=name, permissions=sorted(spec.permissions()), active=spec.active, token_file=spec.token_file
    )


def default_shard_group(retention: int) -> int:
    """The shard group duration InfluxDB picks for a retention (1h below 2d, 1d up to 6 months, else 7d)."""
    if retention == INFINITE or retention >= 180 * 86_400:
        return 7 * 86_400
    return 86_400 if retention >= 2 * 86_400 else 3600


def retention_rule(retention: int, shard: int | None) -> dict[str, Any]:
    rule: dict[str, Any] = {"type": "expire", "everySeconds": retention}
    if shard is not None:
        rule["shardGroupDurationSeconds"] = shard
    return rule


def _shorter(new: int | None, old: int | None) -> bool:
    """True when points the old retention keeps are dropped under the new one."""
    if new is None or new == INFINITE:
        return False
    return old == INFINITE or old is None or new < old


class _Differ:
    def __init__(self, org: str) -> None:
        self.org = org
        self.plan = InfluxPlan()

    def add(self, kind: str, name: str | None, action: Action, before: Any, after: Any, **extra: Any) -> None:
        address = f"{BACKEND}.{self.org}.{kind}" + (f".{name}" if name else "")
        self.plan.changes.append(
            Change(
                backend=BACKEND,
                scope=self.org,
                address=address,
                kind=kind,
                action=action,
                before=before,
                after=after,
                **extra,
            )
        )

    def organization(self, spec: InfluxSpec, live: Organization | None) -> None:
        declared = spec.organization
        if live is None:
            body = {"name": self.org, "description": declared.description if declared else None}
            blocked = None
            if declared is not None and not declared.create:
                blocked = (
                    f"organization {self.org} does not exist and the state says `create: false`; create it "
                    "first (influx org create) or allow reconcile to"
                )
            self.add(
                "organization",
                None,
                Action.CREATE,
                None,
                body,
                statements=[rest_call("POST", "/api/v2/orgs", {k: v for k, v in body.items() if v is not None}, 1)],
                blocked=blocked,
            )
            return
        if declared and declared.description is not None and declared.description != (live.description or ""):
            self.add(
                "organization",
                None,
                Action.UPDATE,
                {"id": live.id, "description": live.description},
                {"description": declared.description},
                statements=[rest_call("PATCH", f"/api/v2/orgs/{live.id}", {"description": declared.description}, 1)],
                detail=[f"description: {live.description or ''!r} -> {declared.description!r}"],
            )

    def create_bucket(self, want: Bucket) -> None:
        rules = [retention_rule(want.retention_seconds, want.shard_group_seconds)] if want.retention_seconds else []
        body: dict[str, Any] = {"orgID": "<organization id>", "name": want.name, "description": want.description}
        body["retentionRules"] = rules
        detail = [f"retention {readable_duration(want.retention_seconds or INFINITE)}"]
        if want.shard_group_seconds is not None:
            detail.append(f"shard group duration {readable_duration(want.shard_group_seconds)}")
        self.add(
            "bucket",
            want.name,
            Action.CREATE,
            None,
            want.model_dump(exclude={"id", "system"}),
            statements=[rest_call("POST", "/api/v2/buckets", {k: v for k, v in body.items() if v is not None}, 2)],
            detail=detail,
        )

    def update_bucket(self, want: Bucket, have: Bucket) -> None:
        before: dict[str, Any] = {}
        after: dict[str, Any] = {}
        detail: list[str] = []
        hazards: list[Hazard] = []
        if want.description is not None and want.description != (have.description or ""):
            before["description"], after["description"] = have.description, want.description
            detail.append(f"description: {have.description or ''!r} -> {want.description!r}")
        if want.retention_seconds is not None and want.retention_seconds != have.retention_seconds:
            before["retention_seconds"], after["retention_seconds"] = have.retention_seconds, want.retention_seconds
            detail.append(
                f"retention: {readable_duration(have.retention_seconds)} -> {readable_duration(want.retention_seconds)}"
            )
        if want.shard_group_seconds is not None and want.shard_group_seconds != have.shard_group_seconds:
            before["shard_group_seconds"], after["shard_group_seconds"] = (
                have.shard_group_seconds,
                want.shard_group_seconds,
            )
            detail.append(
                f"shard group duration: {readable_duration(have.shard_group_seconds)} -> "
                f"{readable_duration(want.shard_group_seconds)}"
            )
            hazards.append(Hazard(code="new_shards_only", message="existing shard groups keep their duration"))
        if not after:
            return
        body: dict[str, Any] = {k: v for k, v in after.items() if k == "description"}
        if "retention_seconds" in after or "shard_group_seconds" in after:
            retention = after.get("retention_seconds", have.retention_seconds) or INFINITE
            # A bucket read back without rules has the server's shard group for its retention.
            shard = after.get("shard_group_seconds", have.shard_group_seconds) or default_shard_group(
                have.retention_seconds or INFINITE
            )
            if "shard_group_seconds" in after and retention != INFINITE and shard > retention:
                self.add(
                    "bucket",
                    want.name,
                    Action.UPDATE,
                    {"id": have.id, **before},
                    None,
                    detail=detail,
                    blocked=f"shard_group_duration {readable_duration(shard)} is longer than the bucket's retention "
                    f"{readable_duration(retention)}; InfluxDB refuses that: declare a retention or a shorter "
                    "shard group duration",
                )
                return
            if "shard_group_seconds" not in after and retention != INFINITE and shard > retention:
                # PATCH keeps the old shard group duration, which the server refuses when longer than the retention.
                shard = default_shard_group(retention)
                after["shard_group_seconds"] = shard
                detail.append(
                    f"shard group duration: {readable_duration(have.shard_group_seconds)} -> "
                    f"{readable_duration(shard)} (the old one is longer than the new retention)"
                )
            body["retentionRules"] = [retention_rule(retention, shard)]
        destructive = _shorter(after.get("retention_seconds"), have.retention_seconds)
        if destructive:
            hazards.insert(
                0,
                Hazard(
                    code="data_loss",
                    message=f"points older than {readable_duration(after['retention_seconds'])} are deleted "
                    "at the next retention check",
                ),
            )
        self.add(
            "bucket",
            want.name,
            Action.UPDATE,
            {"id": have.id, **before},
            {"id": have.id, **body},
            statements=[rest_call("PATCH", f"/api/v2/buckets/{have.id}", body, 3)],
            destructive=destructive,
            hazards=hazards,
            detail=detail,
        )

    def delete_bucket(self, have: Bucket, prefixes: list[str]) -> None:
        self.add(
            "bucket",
            have.name,
            Action.DELETE,
            {"id": have.id, "name": have.name, "retention_seconds": have.retention_seconds},
            None,
            statements=[rest_call("DELETE", f"/api/v2/buckets/{have.id}", phase=9)],
            destructive=True,
            hazards=[BUCKET_DELETED],
            detail=[f"not declared, under an owned prefix ({', '.join(prefixes)})"],
        )

    def authorization(self, want: Authorization, found: list[Authorization]) -> None:
        grants = ", ".join(f"{action} {bucket}" for action, bucket in want.permissions)
        after = want.model_dump(exclude={"id"})
        create = rest_call(
            "POST",
            "/api/v2/authorizations",
            {"description": want.name, "orgID": "<organization id>", "permissions": grants},
            4,
        )
        if not found:
            where = f"; the token is written to {want.token_file}" if want.token_file else ""
            self.add(
                "authorization", want.name, Action.CREATE, None, after, statements=[create], detail=[grants + where]
            )
            return
        if len(found) > 1:
            self.add(
                "authorization",
                want.name,
                Action.UPDATE,
                None,
                None,
                blocked=f"{len(found)} authorizations have the description {want.name!r}, so reconcile cannot tell "
                f"which one it manages; delete the extra ones (influx auth delete --id "
                f"{', '.join(a.id or '?' for a in found[1:])}) or rename them",
            )
            return
        have = found[0]
        if have.permissions != want.permissions:
            old = ", ".join(f"{action} {bucket}" for action, bucket in have.permissions)
            self.add(
                "authorization",
                want.name,
                Action.REPLACE,
                have.model_dump(exclude={"token_file"}),
                after,
                statements=[create, rest_call("DELETE", f"/api/v2/authorizations/{have.id}", phase=8)],
                destructive=True,
                hazards=[
                    Hazard(
                        code="token_rotated",
                        message="InfluxDB cannot change a token's permissions: a new token replaces it and services "
                        "using the old one lose access"
                        + (f" until they read {want.token_file}" if want.token_file else ""),
                    )
                ],
                detail=[f"permissions: {old} -> {grants}"],
            )
            return
        if have.active != want.active:
            status = "active" if want.active else "inactive"
            self.add(
                "authorization",
                want.name,
                Action.UPDATE,
                {"id": have.id, "active": have.active},
                {"id": have.id, "active": want.active},
                statements=[rest_call("PATCH", f"/api/v2/authorizations/{have.id}", {"status": status}, 5)],
                destructive=not want.active,
                hazards=[TOKEN_REVOKED] if not want.active else [],
                detail=[f"status -> {status}"],
            )

    def delete_authorization(self, have: Authorization, prefixes: list[str]) -> None:
        self.add(
            "authorization",
            have.name,
            Action.DELETE,
            have.model_dump(exclude={"token_file"}),
            None,
            statements=[rest_call("DELETE", f"/api/v2/authorizations/{have.id}", phase=8)],
            destructive=True,
            hazards=[TOKEN_REVOKED],
            detail=[f"not declared, under an owned prefix ({', '.join(prefixes)})"],
        )


def owned(name: str, prefixes: list[str]) -> bool:
    return any(name.startswith(p) for p in prefixes)


def diff_influx(spec: InfluxSpec, org: str, live: LiveInflux) -> InfluxPlan:
    """Changes that make the organization `org` match the state; system buckets are never planned."""
    differ = _Differ(org)
    differ.organization(spec, live.organization)
    for name, bucket_spec in spec.buckets.items():
        want = desired_bucket(name, bucket_spec)
        have = live.buckets.get(name)
        if have is None:
            differ.create_bucket(want)
        else:
            differ.update_bucket(want, have)
    for name, auth_spec in spec.authorizations.items():
        differ.authorization(desired_authorization(name, auth_spec), live.authorizations.get(name, []))

    undeclared = [b for n, b in sorted(live.buckets.items()) if n not in spec.buckets and not b.system]
    for bucket in undeclared:
        if owned(bucket.name, spec.owned_prefixes):
            differ.delete_bucket(bucket, spec.owned_prefixes)
    if spec.authorizations:
        for name, found in sorted(live.authorizations.items()):
            if name not in spec.authorizations and owned(name, spec.owned_prefixes):
                for extra in found:
                    differ.delete_authorization(extra, spec.owned_prefixes)
    # Counted at the end of the plan like Kafka's topics and Elasticsearch's indices, listed in JSON.
    differ.plan.unmanaged = [b.name for b in undeclared if not owned(b.name, spec.owned_prefixes)]
    return differ.plan
