"""`reconcile export` for Redis: keys under prefixes and ACL users round-trip to an empty plan, secrets never leave."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import redis
import yaml

from tests.conftest import Cli

ROOT = Path(__file__).resolve().parents[2]


def test_ai4i_keys_round_trip(cli: Cli, tmp_path: Path, redis_url: str) -> None:
    state = tmp_path / "state"
    state.mkdir()
    shutil.copy(ROOT / "state" / "redis.yaml", state / "redis.yaml")
    assert cli("apply", "--state", state, "--only", "redis", "--auto-approve") == 0, cli.err
    client = redis.Redis.from_url(redis_url, decode_responses=True)
    client.set("ai4i:cache:model:x", "runtime data, not state")
    out = tmp_path / "exported"
    assert cli("export", "--only", "redis", "--prefix", "ai4i:config:", "--prefix", "ai4i:stats:", "--out", out) == 0
    assert "wrote" in cli.out and (out / "redis.yaml").is_file()
    exported = yaml.safe_load((out / "redis.yaml").read_text())
    assert "ai4i:cache:model:x" not in exported["keys"]
    assert exported["keys"]["ai4i:config:cache:default_ttl"] == "3600"
    assert cli("validate", "--state", out) == 0, cli.err
    assert cli("plan", "--state", out, "--only", "redis", "--detailed-exitcode") == 0, cli.out
    assert "No changes" in cli.out


def test_secrets_become_placeholders_or_are_left_out(
    cli: Cli, tmp_path: Path, redis_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = redis.Redis.from_url(redis_url, decode_responses=True)
    client.set("app:name", "shop")
    client.set("app:api_key", "sk-live-123")
    client.hset("app:limits", mapping={"rpm": "100", "burst": "20"})
    client.set("app:lock", "1", ex=600)
    client.hset("app:llm", mapping={"provider": "openai", "api_key": "sk-live-456"})
    client.set("app:database", "postgres://app:hunter2@db.internal/app")
    client.hset("app:stats", mapping={"hits": "41", "misses": "3"})
    client.execute_command("ACL", "SETUSER", "exp-app", "on", ">s3cret-pass", "~app:*", "&*", "+@read", "-keys")  # type: ignore[no-untyped-call]
    try:
        out = tmp_path / "exported"
        assert cli("export", "--only", "redis", "--prefix", "app:", "--out", out) == 0, cli.err
        text = (out / "redis.yaml").read_text()
        assert "sk-live-123" not in text and "s3cret-pass" not in text
        assert "sk-live-456" not in text and "hunter2" not in text
        header = text.split("\nkeys:")[0]
        for left_out in ("app:api_key", "app:llm", "app:database"):  # named in the header, not exported
            assert f"#   {left_out}\n" in header
        assert "policy: create_only" in header and "#   app:stats\n" in header
        assert "REDIS_EXP_APP_PASSWORD" in cli.out and "${env:REDIS_EXP_APP_PASSWORD}" in text
        assert "#   REDIS_EXP_APP_PASSWORD: a password of ACL user exp-app" in text
        exported = yaml.safe_load(text)
        assert exported["keys"]["app:lock"]["ttl"] <= 600
        assert exported["acl_users"]["exp-app"]["keys"] == ["app:*"]
        monkeypatch.setenv("REDIS_EXP_APP_PASSWORD", "s3cret-pass")
        assert cli("plan", "--state", out, "--only", "redis", "--detailed-exitcode") == 0, cli.out + cli.err
        assert cli("export", "--only", "redis", "--prefix", "app:", "--out", out) == 1
        assert "would overwrite" in cli.err
    finally:
        client.execute_command("ACL", "DELUSER", "exp-app")  # type: ignore[no-untyped-call]


def test_redis_export_needs_a_prefix(cli: Cli, tmp_path: Path, redis_url: str) -> None:
    assert cli("export", "--only", "redis", "--out", tmp_path / "x") == 1
    assert "--prefix" in cli.err and not (tmp_path / "x").exists()
