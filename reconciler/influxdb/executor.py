"""Carry out an InfluxDB plan through the v2 API (client.py).

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

from reconciler.changes import Action, Change
from reconciler.errors import ApplyError, ReconcileError
from reconciler.influxdb.client import Influx, api
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
            self._org = self.influx.call(
                f"create organization {after['name']}",
                "POST",
                api("orgs"),
                lambda org: Organization(name=org["name"], id=org["id"]),
                body=_present({"name": after["name"], "description": after.get("description")}),
            )
        else:
            self.influx.send(
                f"update organization {self.org_name}",
                "PATCH",
                api("orgs", change.before["id"]),
                _present({"description": after["description"]}),
            )

    def bucket(self, change: Change) -> None:
        name = change.address.rsplit(".bucket.", 1)[1]
        if change.action is Action.CREATE:
            want: dict[str, Any] = change.after
            retention = want["retention_seconds"] or 0
            # On POST, no rules means infinite retention (PITFALLS.md).
            rules = [_rule(retention, want["shard_group_seconds"])] if retention or want["shard_group_seconds"] else []
            request = {"orgID": self.org_id, "name": name, "description": want["description"], "retentionRules": rules}
            created: str = self.influx.call(
                f"create bucket {name}", "POST", api("buckets"), lambda bucket: bucket["id"], body=_present(request)
            )
            if self._bucket_ids is not None:
                self._bucket_ids[name] = created
        elif change.action is Action.UPDATE:
            body: dict[str, Any] = change.after
            # On PATCH, an empty list means "no change": infinite is [{everySeconds: 0}], which the differ sends.
            patch = {
                "description": body.get("description"),
                "retentionRules": [
                    _rule(rule["everySeconds"], rule.get("shardGroupDurationSeconds"))
                    for rule in body.get("retentionRules", [])
                ]
                or None,
            }
            self.influx.send(f"update bucket {name}", "PATCH", api("buckets", body["id"]), _present(patch))
        else:
            self.influx.send(f"delete bucket {name}", "DELETE", api("buckets", change.before["id"]))
            if self._bucket_ids is not None:
                self._bucket_ids.pop(name, None)

    def authorization(self, change: Change) -> None:
        name = change.address.rsplit(".authorization.", 1)[1]
        if change.action in (Action.CREATE, Action.REPLACE):
            want: dict[str, Any] = change.after
            permissions = [
                {"action": action, "resource": {"type": "buckets", "id": self.bucket_id(bucket), "orgID": self.org_id}}
                for action, bucket in want["permissions"]
            ]
            request = {
                "orgID": self.org_id,
                "permissions": permissions,
                "status": "active" if want["active"] else "inactive",
                "description": name,
            }
            token_file = TokenFile(want["token_file"]) if want.get("token_file") else None
            try:
                created_id, token = self.influx.call(
                    f"create authorization {name}",
                    "POST",
                    api("authorizations"),
                    lambda auth: (str(auth["id"]), str(auth["token"])),
                    body=request,
                )
            except ReconcileError:
                if token_file:
                    token_file.discard()
                raise
            if token_file:
                try:
                    token_file.write(token)
                except OSError as exc:
                    # Nobody could ever read this token: take it back rather than leave a converged-looking state.
                    self.influx.send(f"delete authorization {name}", "DELETE", api("authorizations", created_id))
                    raise ReconcileError(
                        f"cannot write the token file {want['token_file']}: {exc.strerror}; the new token was deleted"
                    ) from None
        if change.action is Action.UPDATE:
            status = "active" if change.after["active"] else "inactive"
            self.influx.send(
                f"set authorization {name} {status}",
                "PATCH",
                api("authorizations", change.before["id"]),
                {"status": status},
            )
        if change.action in (Action.REPLACE, Action.DELETE):
            self.influx.send(f"delete authorization {name}", "DELETE", api("authorizations", change.before["id"]))


def _present(body: dict[str, Any]) -> dict[str, Any]:
    """The body without its None fields: the API reads an absent field as "unchanged" or its default."""
    return {key: value for key, value in body.items() if value is not None}


def _rule(every_seconds: int, shard_group_seconds: int | None) -> dict[str, Any]:
    """A retention rule of the API; no shard group duration lets the server pick one."""
    return _present({"type": "expire", "everySeconds": every_seconds, "shardGroupDurationSeconds": shard_group_seconds})


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
