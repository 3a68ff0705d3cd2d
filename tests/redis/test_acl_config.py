"""Redis ACL users and server configuration against a real redis-server."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from tests.conftest import Cli

USERS = """
acl_users:
  app:
    passwords: ["${env:APP_REDIS_PASSWORD}"]
    keys: ["ai4i:*"]
    channels: ["ai4i:*"]
    commands: ["+@read", "+@write", "-@dangerous"]
  reader:
    nopass: true
    keys: ["ai4i:config:*"]
    commands: ["+get", "+mget"]
"""


@pytest.fixture
def state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("APP_REDIS_PASSWORD", "first secret")
    root = tmp_path / "state"
    root.mkdir()
    return root


@pytest.fixture
def admin(redis_url: str) -> Iterator[redis.Redis]:
    client = redis.Redis.from_url(redis_url, decode_responses=True)
    yield client
    for user in client.acl_users():
        if user != "default":
            client.acl_deluser(str(user))
    client.config_set("maxmemory", "0")
    client.config_set("maxmemory-policy", "noeviction")


def write(state: Path, body: str) -> None:
    (state / "redis.yaml").write_text(body.strip() + "\n")


def can_login(url: str, user: str, password: str) -> bool:
    """AUTH succeeds (PING may then be refused by the user's own rules)."""
    try:
        return bool(redis.Redis.from_url(url, username=user, password=password).ping())
    except redis.exceptions.NoPermissionError:
        return True
    except redis.AuthenticationError:
        return False


def test_users_are_created_verified_by_digest_and_never_shown(
    cli: Cli, state: Path, redis_url: str, admin: redis.Redis
) -> None:
    write(state, USERS)
    assert cli("plan", "--state", state, "--only", "redis", "--format", "json") == 0
    assert "first secret" not in cli.out and "#${env:APP_REDIS_PASSWORD|sha256}" in cli.out
    plan = json.loads(cli.out)
    assert {c["address"] for c in plan["changes"]} == {"redis.db0.acl_user.app", "redis.db0.acl_user.reader"}
    assert cli("apply", "--state", state, "--only", "redis", "--auto-approve") == 0, cli.err
    assert "Converged" in cli.out and "first secret" not in cli.out
    assert can_login(redis_url, "app", "first secret") and not can_login(redis_url, "app", "wrong")
    assert (admin.acl_getuser("app") or {}).get("keys") == ["~ai4i:*"]
    assert cli("drift", "--state", state, "--only", "redis", "--fail-on-diff") == 0, cli.out


def test_password_and_rule_changes_are_updates(
    cli: Cli, state: Path, redis_url: str, admin: redis.Redis, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(state, USERS)
    assert cli("apply", "--state", state, "--only", "redis", "--auto-approve") == 0
    monkeypatch.setenv("APP_REDIS_PASSWORD", "second secret")
    write(state, USERS.replace('"+get", "+mget"', '"+get"'))
    assert cli("plan", "--state", state, "--only", "redis", "--detailed-exitcode") == 2
    assert "~ acl_user.app" in cli.out and "passwords: (sensitive) changed" in cli.out
    assert "~ acl_user.reader" in cli.out and "second secret" not in cli.out
    assert cli("apply", "--state", state, "--only", "redis", "--auto-approve") == 0, cli.err
    assert can_login(redis_url, "app", "second secret") and not can_login(redis_url, "app", "first secret")


def test_undeclared_users_are_left_alone_unless_pruned_and_default_never(
    cli: Cli, state: Path, admin: redis.Redis
) -> None:
    admin.acl_setuser("someone", enabled=True, nopass=True)
    write(state, USERS)
    assert cli("apply", "--state", state, "--only", "redis", "--auto-approve") == 0
    assert "someone" in admin.acl_users()
    write(state, USERS + "prune_acl_users: true\n")
    assert cli("plan", "--state", state, "--only", "redis") == 0
    assert "- acl_user.someone (destructive" in cli.out and "acl_user.default" not in cli.out
    assert cli("apply", "--state", state, "--only", "redis", "--auto-approve", "--allow-destructive") == 0
    assert sorted(admin.acl_users()) == ["app", "default", "reader"]


def test_config_is_compared_normalized_and_set(cli: Cli, state: Path, admin: redis.Redis) -> None:
    write(state, "config:\n  maxmemory: 100mb\n  maxmemory-policy: allkeys-lru\n")
    assert cli("plan", "--state", state, "--only", "redis") == 0 and "CONFIG SET maxmemory 100mb" in cli.out
    assert cli("apply", "--state", state, "--only", "redis", "--auto-approve") == 0, cli.err
    assert admin.config_get("maxmemory") == {"maxmemory": "104857600"}
    assert cli("drift", "--state", state, "--only", "redis", "--fail-on-diff") == 0, cli.out  # 100mb == 104857600


def test_persisting_config_without_a_config_file_fails_clearly(cli: Cli, state: Path, admin: redis.Redis) -> None:
    write(state, "persist_config: true\nconfig:\n  maxmemory-policy: allkeys-lru\n")
    assert cli("apply", "--state", state, "--only", "redis", "--auto-approve") == 1
    assert "CONFIG REWRITE" in cli.err and "without a config file" in cli.err


def test_invalid_rules_are_rejected_before_anything_is_applied(cli: Cli, state: Path, admin: redis.Redis) -> None:
    write(state, 'acl_users:\n  app:\n    nopass: true\n    commands: ["+nosuchcommand"]\nconfig:\n  maxmemory: 1mb\n')
    assert cli("apply", "--state", state, "--only", "redis", "--auto-approve") == 1
    assert "Redis rejected the state" in cli.err and "nosuchcommand" in cli.err
    assert "app" not in admin.acl_users() and admin.config_get("maxmemory") == {"maxmemory": "0"}


def test_passwords_in_clear_are_refused(cli: Cli, state: Path) -> None:
    write(state, 'acl_users:\n  app:\n    passwords: ["hunter2"]\n')
    assert cli("validate", "--state", state) == 1
    assert "state/redis.yaml:2: acl_users.app" in cli.err and "never in clear" in cli.err
