"""Carry out an InfluxDB plan through the client's typed API services.

Order: the organization, then buckets (created, then updated), then
authorizations (which need the buckets' ids), and deletions last. InfluxDB
has no transactions: a failing call names its change and how many were
applied before it, and a re-run plans only what is left. New tokens are
never printed: they go to the declared `token_file` (mode 0600) or stay
in InfluxDB, where an operator can read them.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from influxdb_client.domain import (
    AuthorizationPostRequest,
    AuthorizationUpdateRequest,
    BucketRetentionRules,
    PatchBucketRequest,
    PatchOrganizationRequest,
    PatchRetentionRule,
    Permission,
    PermissionResource,
    PostBucketRequest,
    PostOrganizationRequest,
)

from reconciler.changes import Action, Change
from reconciler.errors import ApplyError, ReconcileError
from reconciler.influxdb.client import Influx
from reconciler.influxdb.inspector import find_organization, list_buckets
from reconciler.influxdb.model import Organization


class TokenFile:
    """Where a new token goes: prepared before the token exists, so a path that cannot be written stops the apply
    before InfluxDB creates a token nobody would ever see.

    The token is written to a fresh private temporary file (mode 0600, never following links) next to the target,
    then renamed over it, so the target is never half-written or readable by others.
    """

    def __init__(self, path: str) -> None:
        self.target = Path(path)
        try:
            self.target.parent.mkdir(parents=True, exist_ok=True)
            descriptor, temporary = tempfile.mkstemp(prefix=f".{self.target.name}.", dir=self.target.parent)
        except OSError as exc:
            raise ReconcileError(f"cannot write the token file {path}: {exc.strerror}") from None
        self.descriptor, self.temporary = descriptor, Path(temporary)

    def write(self, token: str) -> None:
        with os.fdopen(self.descriptor, "w") as handle:
            handle.write(token + "\n")
        os.replace(self.temporary, self.target)

    def discard(self) -> None:
        os.close(self.descriptor)
        self.temporary.unlink(missing_ok=True)


class _Executor:
    def __init__(self, influx: Influx, org_name: str) -> None:
        self.influx = influx
        self.org_name = org_name
        self._org: Organization | None = None
        self._bucket_ids: dict[str, str] | None = None

    @property
    def org_id(self) -> str:
        if self._org is None:
            self._org = find_organization(self.influx, self.org_name)
            if self._org is None or self._org.id is None:
                raise ReconcileError(f"organization {self.org_name} does not exist")
        return str(self._org.id)

    def bucket_id(self, name: str) -> str:
        if self._bucket_ids is None:
            org = Organization(name=self.org_name, id=self.org_id)
            self._bucket_ids = {b.name: str(b.id) for b in list_buckets(self.influx, org)}
        if name not in self._bucket_ids:
            raise ReconcileError(f"bucket {name} does not exist in organization {self.org_name}")
        return self._bucket_ids[name]

    def organization(self, change: Change) -> None:
        after: dict[str, Any] = change.after
        if change.action is Action.CREATE:
            request = PostOrganizationRequest(name=after["name"], description=after.get("description"))
            created = self.influx.call(f"create organization {after['name']}", self.influx.orgs.post_orgs, request)
            self._org = Organization(name=created.name, id=created.id)
        else:
            request = PatchOrganizationRequest(description=after["description"])
            self.influx.call(
                f"update organization {self.org_name}",
                self.influx.orgs.patch_orgs_id,
                change.before["id"],
                request,
            )

    def bucket(self, change: Change) -> None:
        name = change.address.rsplit(".bucket.", 1)[1]
        if change.action is Action.CREATE:
            want: dict[str, Any] = change.after
            retention = want["retention_seconds"] or 0
            rules = (
                [
                    BucketRetentionRules(
                        type="expire",
                        every_seconds=retention,
                        shard_group_duration_seconds=want["shard_group_seconds"],
                    )
                ]
                if retention or want["shard_group_seconds"]
                else []
            )
            request = PostBucketRequest(
                org_id=self.org_id, name=name, description=want["description"], retention_rules=rules
            )
            created = self.influx.call(f"create bucket {name}", self.influx.buckets.post_buckets, request)
            if self._bucket_ids is not None:
                self._bucket_ids[name] = created.id
        elif change.action is Action.UPDATE:
            body: dict[str, Any] = change.after
            patch = PatchBucketRequest(
                description=body.get("description"),
                retention_rules=[
                    PatchRetentionRule(
                        type="expire",
                        every_seconds=rule["everySeconds"],
                        shard_group_duration_seconds=rule.get("shardGroupDurationSeconds"),
                    )
                    for rule in body.get("retentionRules", [])
                ]
                or None,
            )
            self.influx.call(f"update bucket {name}", self.influx.buckets.patch_buckets_id, body["id"], patch)
        else:
            self.influx.call(f"delete bucket {name}", self.influx.buckets.delete_buckets_id, change.before["id"])
            if self._bucket_ids is not None:
                self._bucket_ids.pop(name, None)

    def authorization(self, change: Change) -> None:
        name = change.address.rsplit(".authorization.", 1)[1]
        if change.action in (Action.CREATE, Action.REPLACE):
            want: dict[str, Any] = change.after
            permissions = [
                Permission(
                    action=action,
                    resource=PermissionResource(type="buckets", id=self.bucket_id(bucket), org_id=self.org_id),
                )
                for action, bucket in want["permissions"]
            ]
            request = AuthorizationPostRequest(
                org_id=self.org_id,
                description=name,
                status="active" if want["active"] else "inactive",
                permissions=permissions,
            )
            token_file = TokenFile(want["token_file"]) if want.get("token_file") else None
            try:
                created = self.influx.call(
                    f"create authorization {name}", self.influx.authorizations.post_authorizations, request
                )
            except ReconcileError:
                if token_file:
                    token_file.discard()
                raise
            if token_file:
                try:
                    token_file.write(created.token)
                except OSError as exc:
                    # Nobody could ever read this token: take it back rather than leave a converged-looking state.
                    self.influx.call(
                        f"delete authorization {name}", self.influx.authorizations.delete_authorizations_id, created.id
                    )
                    raise ReconcileError(
                        f"cannot write the token file {want['token_file']}: {exc.strerror}; the new token was deleted"
                    ) from None
        if change.action is Action.UPDATE:
            status = "active" if change.after["active"] else "inactive"
            self.influx.call(
                f"set authorization {name} {status}",
                self.influx.authorizations.patch_authorizations_id,
                change.before["id"],
                AuthorizationUpdateRequest(status=status),
            )
        if change.action in (Action.REPLACE, Action.DELETE):
            self.influx.call(
                f"delete authorization {name}",
                self.influx.authorizations.delete_authorizations_id,
                change.before["id"],
            )


def _order(change: Change) -> tuple[int, int]:
    kinds = {"organization": 0, "bucket": 1, "authorization": 2}
    return (
        1 if change.action is Action.DELETE else 0,
        kinds[change.kind] * (-1 if change.action is Action.DELETE else 1),
    )


def apply_influx(influx: Influx, org_name: str, changes: list[Change]) -> list[str]:
    """Apply the changes in dependency order; return the addresses applied."""
    executor = _Executor(influx, org_name)
    handlers = {
        "organization": executor.organization,
        "bucket": executor.bucket,
        "authorization": executor.authorization,
    }
    applied: list[str] = []
    for change in sorted(changes, key=_order):
        try:
            handlers[change.kind](change)
        except ReconcileError as exc:
            raise ApplyError(
                f"{change.address}: {exc}\n{len(applied)} change(s) were applied before it; "
                "run `reconcile plan` to see what is left.",
                applied,
            ) from None
        applied.append(change.address)
    return applied
