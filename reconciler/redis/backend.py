"""The Redis backend: state/redis.yaml against the server in RECONCILE_REDIS_URL."""

from __future__ import annotations

import os
from pathlib import Path

import redis

from reconciler.backend import ApplyOptions, ApplyReport, BackendPlan
from reconciler.changes import Change
from reconciler.errors import ConnectionConfigError, ReconcileError
from reconciler.redis.acl import diff_config, diff_users, live_config, live_users, normalize_users
from reconciler.redis.differ import diff_redis
from reconciler.redis.executor import apply_changes
from reconciler.redis.inspector import RedisStats, inspect_redis
from reconciler.redis.loader import load_redis, state_file
from reconciler.targets import backend_url, scrub

NAME = "redis"


def connect(url: str) -> redis.Redis:
    """A client for `url` (redis:// or rediss://, /N selects the database); the password may come from
    RECONCILE_REDIS_PASSWORD instead of the URL. Fails with the server's address when it does not answer."""
    client = redis.Redis.from_url(
        url,
        decode_responses=True,
        socket_timeout=10,
        socket_connect_timeout=5,
        password=os.environ.get("RECONCILE_REDIS_PASSWORD") or None,
    )
    try:
        client.ping()
    except redis.RedisError as exc:
        kwargs = client.connection_pool.connection_kwargs
        where = kwargs.get("path") or f"{kwargs.get('host', 'localhost')}:{kwargs.get('port', 6379)}"
        raise ConnectionConfigError(f"cannot connect to Redis at {where}: {scrub(exc, url)}") from None
    return client


def scope_of(client: redis.Redis) -> str:
    return f"db{client.connection_pool.connection_kwargs.get('db', 0)}"


class RedisBackend:
    """Plans and applies state/redis.yaml."""

    name = NAME

    def __init__(self, state_dir: Path) -> None:
        self.state_dir = state_dir
        self.stats = RedisStats()

    def has_state(self, state_dir: Path) -> bool:
        return state_file(state_dir).is_file()

    def validate(self, state_dir: Path) -> None:
        load_redis(state_dir)

    def is_configured(self) -> bool:
        return backend_url(NAME, self.state_dir) is not None

    def client(self) -> redis.Redis:
        url = backend_url(NAME, self.state_dir)
        if url is None:
            raise ConnectionConfigError(
                "Redis is not configured: set RECONCILE_REDIS_URL (for example redis://cache.internal:6379/0) "
                "or add `redis: {url: ...}` to targets.yaml"
            )
        return connect(url)

    def plan(self, state_dir: Path) -> BackendPlan:
        state = load_redis(state_dir)
        client = self.client()
        scope = scope_of(client)
        try:
            live = inspect_redis(client, state, self.stats)
            changes = diff_redis(state, live, scope)
            users = live_users(client, None if state.prune_acl_users else list(state.acl_users))
            changes += diff_users(
                scope, state.acl_users, normalize_users(client, state.acl_users), users, state.prune_acl_users
            )
            changes += diff_config(scope, state.config, live_config(client, list(state.config)), state.persist_config)
        except redis.ResponseError as exc:
            raise ReconcileError(f"Redis rejected the state ({state_file(state_dir)}): {exc}") from None
        return BackendPlan(changes=changes, contexts={f"{NAME}:{scope}": {}})

    def apply(
        self, changes: list[Change], contexts: dict[str, dict[str, list[str]]], options: ApplyOptions
    ) -> ApplyReport:
        return ApplyReport(applied=apply_changes(self.client(), [c for c in changes if c.backend == NAME]))
