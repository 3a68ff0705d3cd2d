"""Export Redis keys under given prefixes, and ACL users, as state/redis.yaml.

Only keys under `--prefix` are read (a cache's runtime data is not state);
without a prefix the export is refused rather than dumping the whole
keyspace. A key whose name looks like a secret is left out and named in the
header: Redis key values cannot be `${env:...}` references. ACL users are
exported with each password as a `${env:...}` placeholder, since Redis only
keeps SHA-256 digests of them; the `default` user is left to the server.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from reconciler.export_files import ExportedFile, ExportOptions, ExportSkipped, env_name, looks_secret
from reconciler.redis.acl import AclUser, live_users
from reconciler.redis.backend import RedisBackend
from reconciler.redis.inspector import RedisStats, read_keys, scan_owned
from reconciler.redis.model import RedisKey


def _unmanaged(key: RedisKey) -> bool:
    """Streams and module types, which the inspector reads as a `<type>` placeholder string."""
    return key.type == "string" and bool(re.fullmatch(r"<[A-Za-z][\w-]*>", key.value or ""))


CREDENTIALS_IN_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[^/\s:@]+:[^/\s@]+@")
MAX_LISTED = 20


def _texts(key: RedisKey) -> list[str]:
    """Every name and value a key holds, as text."""
    return [
        key.value or "",
        *(key.fields or {}).keys(),
        *(key.fields or {}).values(),
        *(key.items or []),
        *(key.members or []),
        *(key.scores or {}).keys(),
    ]


def holds_secret(key: RedisKey) -> bool:
    """A secret-looking key name or hash field (`api_key`), or a URL with a password in a value."""
    if looks_secret(key.name) or any(looks_secret(field) for field in key.fields or {}):
        return True
    return any(CREDENTIALS_IN_URL.search(text) for text in _texts(key))


def holds_numbers(key: RedisKey) -> bool:
    """A string or hash of integers: possibly a counter the running platform changes."""
    if key.type == "string":
        values = [key.value or ""]
    elif key.type == "hash":
        values = list((key.fields or {}).values())
    else:
        return False
    return bool(values) and all(re.fullmatch(r"-?\d+", v) for v in values)


def key_spec(key: RedisKey) -> Any:
    """A key as a person writes it: a bare value for a string without TTL, else the long form."""
    if key.type == "string" and key.ttl is None:
        return key.value
    spec: dict[str, Any] = {"type": key.type} if key.type != "string" else {}
    if key.type == "string":
        spec["value"] = key.value
    elif key.type == "hash":
        spec["fields"] = key.fields
    elif key.type == "list":
        spec["items"] = key.items
    elif key.type == "set":
        spec["members"] = key.members
    else:
        spec["members"] = key.scores
    if key.ttl is not None:
        spec["ttl"] = key.ttl
    return spec


def user_spec(user: AclUser, secrets: dict[str, str]) -> dict[str, Any]:
    spec: dict[str, Any] = {}
    if not user.enabled:
        spec["enabled"] = False
    if user.nopass:
        spec["nopass"] = True
    placeholders = []
    for index, _ in enumerate(user.passwords):
        name = env_name("REDIS", user.name, "PASSWORD", *([str(index + 1)] if index else []))
        secrets[name] = f"a password of ACL user {user.name}"
        placeholders.append(f"${{env:{name}}}")
    if placeholders:
        spec["passwords"] = placeholders
    spec["keys"] = [k.removeprefix("~") for k in user.keys.split()]
    spec["channels"] = [c.removeprefix("&") for c in user.channels.split()]
    spec["commands"] = user.commands.split()
    return {k: v for k, v in spec.items() if v != []}


def export_redis(options: ExportOptions) -> list[ExportedFile]:
    if not options.prefixes:
        raise ExportSkipped(
            "redis: give the key prefixes to export with --prefix (for example --prefix ai4i:config:); "
            "exporting every key would turn runtime data into state"
        )
    backend = RedisBackend(options.state_dir)
    client = backend.client()
    stats = RedisStats()
    keys = read_keys(client, scan_owned(client, options.prefixes, stats), stats)
    exported = ExportedFile(path=Path("redis.yaml"), data={})
    where = client.connection_pool.connection_kwargs
    exported.header.append(
        f"exported from {where.get('host', 'localhost')}:{where.get('port', 6379)} db{where.get('db', 0)} "
        f"(keys under {', '.join(options.prefixes)}) by reconcile export"
    )
    left_out = [k.name for k in keys.values() if holds_secret(k) or _unmanaged(k)]
    data: dict[str, Any] = {"keys": {k.name: key_spec(k) for k in keys.values() if k.name not in left_out}}
    if left_out:
        exported.header.append(
            "Left out: keys holding what looks like a secret (a password, token or key, or a URL with a password), "
            "which Redis values cannot reference from the environment, and types reconcile does not manage:"
        )
        exported.header += [f"  {name}" for name in left_out]
    numbers = [k.name for k in keys.values() if k.name not in left_out and holds_numbers(k)]
    if numbers:
        exported.header.append(
            "These keys hold numbers. If the platform changes them at run time (counters), add `policy: create_only` "
            "to them, or apply would reset them to the values below:"
        )
        exported.header += [f"  {name}" for name in numbers[:MAX_LISTED]]
        if len(numbers) > MAX_LISTED:
            exported.header.append(f"  ... and {len(numbers) - MAX_LISTED} more")
    users = {name: user for name, user in live_users(client, None).items() if name != "default"}
    if users:
        data["acl_users"] = {name: user_spec(user, exported.secrets) for name, user in sorted(users.items())}
    exported.data = data
    return [exported]
