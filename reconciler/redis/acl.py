"""ACL users and server configuration.

Redis rewrites ACL rules when it stores them (`+@read` becomes a leading
`-@all` and a list of categories and commands), so declared rules are
normalized the way PostgreSQL schemas are: by Redis itself. A throwaway,
disabled user without passwords gets the declared rules, is read back and
deleted in the same pipeline; the live user's rules then compare with plain
equality. Passwords are compared as SHA-256 digests and written as
`#<digest>` from a `${env:NAME|sha256}` token resolved only when applying.

Configuration parameters are compared after normalizing memory sizes
(`100mb` = 104857600) and yes/no values; CONFIG REWRITE persists them when
`persist_config` is on.
"""

from __future__ import annotations

import hashlib
import re
import secrets as random
from dataclasses import dataclass
from typing import Any

import redis

from reconciler.changes import Action, Change, Hazard, Statement
from reconciler.redis.differ import shown_command
from reconciler.redis.spec import AclUserSpec
from reconciler.secrets import MASK, SecretRef, parse_reference

_MEMORY = re.compile(r"^(\d+)\s*(b|k|kb|m|mb|g|gb)?$", re.I)
_UNITS = {"": 1, "b": 1, "k": 1000, "kb": 1024, "m": 1000**2, "mb": 1024**2, "g": 1000**3, "gb": 1024**3}


@dataclass
class AclUser:
    """A user as Redis stores it; `passwords` are SHA-256 digests."""

    name: str
    enabled: bool
    nopass: bool
    passwords: list[str]
    commands: str
    keys: str
    channels: str

    def rules(self) -> dict[str, Any]:
        return {
            "enabled": self.enabled,
            "nopass": self.nopass,
            "commands": self.commands,
            "keys": self.keys,
            "channels": self.channels,
        }


def _rule_args(spec: AclUserSpec) -> list[str]:
    args = [f"~{k}" for k in spec.keys] + [f"&{c}" for c in spec.channels] + list(spec.commands)
    return args + (["nopass"] if spec.nopass else [])


def _parse(name: str, raw: Any) -> AclUser | None:
    if not raw:
        return None
    data = dict(raw) if not isinstance(raw, list) else dict(zip(raw[::2], raw[1::2], strict=True))
    flags = list(data.get("flags") or [])

    def text(value: Any) -> str:
        return " ".join(value) if isinstance(value, list) else str(value or "")

    return AclUser(
        name=name,
        enabled="on" in flags,
        nopass="nopass" in flags,
        passwords=sorted(data.get("passwords") or []),
        commands=text(data.get("commands")),
        keys=text(data.get("keys")),
        channels=text(data.get("channels")),
    )


def normalize_users(client: redis.Redis, users: dict[str, AclUserSpec]) -> dict[str, AclUser]:
    """The declared rules as Redis stores them, via throwaway disabled users (one round trip)."""
    if not users:
        return {}
    pipe = client.pipeline(transaction=True)
    probes = {}
    for name, spec in users.items():
        probe = f"_reconcile_probe_{random.token_hex(6)}"
        probes[name] = probe
        pipe.execute_command("ACL", "SETUSER", probe, "reset", "off", *_rule_args(spec))  # type: ignore[no-untyped-call]
        pipe.execute_command("ACL", "GETUSER", probe)  # type: ignore[no-untyped-call]
        pipe.execute_command("ACL", "DELUSER", probe)  # type: ignore[no-untyped-call]
    results = pipe.execute()
    normalized = {}
    for index, (name, spec) in enumerate(users.items()):
        user = _parse(name, results[3 * index + 1])
        assert user is not None
        user.enabled = spec.enabled
        user.passwords = []
        normalized[name] = user
    return normalized


def live_users(client: redis.Redis, names: list[str] | None) -> dict[str, AclUser]:
    """Live users by name (`names=None`: every user, for pruning)."""
    if names is None:
        names = [str(n) for n in client.execute_command("ACL", "USERS")]  # type: ignore[no-untyped-call]
    pipe = client.pipeline(transaction=False)
    for name in names:
        pipe.execute_command("ACL", "GETUSER", name)  # type: ignore[no-untyped-call]
    found = {}
    for name, raw in zip(names, pipe.execute(), strict=True):
        user = _parse(name, raw)
        if user is not None:
            found[name] = user
    return found


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _setuser(name: str, spec: AclUserSpec) -> Statement:
    args = ["ACL", "SETUSER", name, "reset", "on" if spec.enabled else "off", *_rule_args(spec)]
    shown = list(args)
    for password in spec.passwords:
        env = parse_reference(password)
        token = SecretRef(str(env), "sha256").token
        args.append(f"#{token}")
        shown.append(f"#{token}")
    return Statement(sql=" ".join(shown), phase=20, args=args, secrets=bool(spec.passwords))


def diff_users(
    scope: str,
    declared: dict[str, AclUserSpec],
    normalized: dict[str, AclUser],
    live: dict[str, AclUser],
    prune: bool,
) -> list[Change]:
    changes = []
    for name, spec in declared.items():
        want, have = normalized[name], live.get(name)
        wanted_digests = sorted(digest(SecretRef(str(parse_reference(p))).secret()) for p in spec.passwords)
        address = f"redis.{scope}.acl_user.{name}"
        after = {**want.rules(), "passwords": [MASK] * len(spec.passwords)}
        if have is None:
            changes.append(
                Change(
                    backend="redis",
                    scope=scope,
                    address=address,
                    kind="acl_user",
                    action=Action.CREATE,
                    after=after,
                    statements=[_setuser(name, spec)],
                    sensitive=bool(spec.passwords),
                )
            )
            continue
        detail = [f"{k}: {have.rules()[k]!r} -> {v!r}" for k, v in want.rules().items() if have.rules()[k] != v]
        if have.passwords != wanted_digests:
            detail.append("passwords: (sensitive) changed")
        if detail:
            before = {**have.rules(), "passwords": [MASK] * len(have.passwords)}
            changes.append(
                Change(
                    backend="redis",
                    scope=scope,
                    address=address,
                    kind="acl_user",
                    action=Action.UPDATE,
                    before=before,
                    after=after,
                    statements=[_setuser(name, spec)],
                    detail=detail,
                    sensitive=True,
                )
            )
    if prune:
        for name, have in live.items():
            if name in declared or name == "default":
                continue
            changes.append(
                Change(
                    backend="redis",
                    scope=scope,
                    address=f"redis.{scope}.acl_user.{name}",
                    kind="acl_user",
                    action=Action.DELETE,
                    before=have.rules(),
                    destructive=True,
                    hazards=[Hazard(code="access_loss", message="clients using this user lose access")],
                    statements=[Statement(sql=f"ACL DELUSER {name}", phase=20, args=["ACL", "DELUSER", name])],
                )
            )
    return changes


def normalize_config_value(value: str | int | bool) -> str:
    """Compare CONFIG values as Redis reports them: sizes in bytes, yes/no, lower case."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = str(value).strip().lower()
    match = _MEMORY.match(text)
    if match:
        return str(int(match[1]) * _UNITS[(match[2] or "").lower()])
    return text


def live_config(client: redis.Redis, names: list[str]) -> dict[str, str]:
    """CONFIG GET for the declared parameters only (one pipelined round trip)."""
    pipe = client.pipeline(transaction=False)
    for name in names:
        pipe.config_get(name)
    found: dict[str, str] = {}
    for name, answer in zip(names, pipe.execute() if names else [], strict=True):
        if name in answer:
            found[name] = str(answer[name])
    return found


def diff_config(scope: str, declared: dict[str, str | int | bool], live: dict[str, str], persist: bool) -> list[Change]:
    changes = []
    for name, value in declared.items():
        want = normalize_config_value(value)
        have = live.get(name)
        if have is not None and normalize_config_value(have) == want:
            continue
        shown = ("yes" if value else "no") if isinstance(value, bool) else str(value)
        args = ["CONFIG", "SET", name, shown]
        statements = [Statement(sql=shown_command(args), phase=30, args=args)]
        changes.append(
            Change(
                backend="redis",
                scope=scope,
                address=f"redis.{scope}.config.{name}",
                kind="config",
                action=Action.UPDATE,
                before={"value": have},
                after={"value": shown},
                statements=statements,
                detail=[f"{name}: {have!r} -> {shown!r}"],
            )
        )
    if changes and persist:
        changes[-1].statements.append(Statement(sql="CONFIG REWRITE", phase=31, args=["CONFIG", "REWRITE"]))
    return changes
