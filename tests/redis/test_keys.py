"""Redis keys against a real redis-server started by the suite."""

from __future__ import annotations

from pathlib import Path

import pytest
import redis

from reconciler.redis.inspector import RedisStats, inspect_redis
from reconciler.redis.loader import load_redis
from tests.conftest import Cli

ROOT = Path(__file__).resolve().parents[2]

ALL_TYPES = """
owned_prefixes: ["app:"]
keys:
  "app:string": hello
  "app:number": 42
  "app:flag": true
  "app:hash": {type: hash, fields: {a: "1", b: two}}
  "app:list": {type: list, items: [x, y, x]}
  "app:set": {type: set, members: [b, a, c]}
  "app:zset": {type: zset, members: {low: 1, high: 10.5}}
  "app:expiring": {value: soon, ttl: 600}
"""


@pytest.fixture
def state(tmp_path: Path) -> Path:
    root = tmp_path / "state"
    root.mkdir()
    return root


def write(state: Path, body: str) -> None:
    (state / "redis.yaml").write_text(body.strip() + "\n")


def client(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, decode_responses=True)


def converge(cli: Cli, state: Path, *flags: str) -> None:
    assert cli("apply", "--state", state, "--only", "redis", "--auto-approve", *flags) == 0, cli.out + cli.err
    assert "Converged" in cli.out or "No changes" in cli.out
    assert cli("drift", "--state", state, "--only", "redis", "--fail-on-diff") == 0, cli.out


def test_every_key_type_is_created_and_converges(cli: Cli, state: Path, redis_url: str) -> None:
    write(state, ALL_TYPES)
    converge(cli, state)
    r = client(redis_url)
    assert r.get("app:string") == "hello" and r.get("app:number") == "42" and r.get("app:flag") == "true"
    assert r.hgetall("app:hash") == {"a": "1", "b": "two"}
    assert r.lrange("app:list", 0, -1) == ["x", "y", "x"]
    assert r.smembers("app:set") == {"a", "b", "c"}
    assert r.zrange("app:zset", 0, -1, withscores=True) == [("low", 1.0), ("high", 10.5)]
    assert 0 < r.ttl("app:expiring") <= 600 and r.ttl("app:string") == -1


def test_changed_values_are_rewritten(cli: Cli, state: Path, redis_url: str) -> None:
    write(state, ALL_TYPES)
    converge(cli, state)
    r = client(redis_url)
    r.set("app:string", "tampered")
    r.hset("app:hash", mapping={"a": "9", "runtime": "kept"})
    r.rpush("app:list", "extra")
    r.srem("app:set", "a")
    r.zadd("app:zset", {"low": 5})
    assert cli("drift", "--state", state, "--only", "redis", "--fail-on-diff") == 2
    assert "value: 'tampered' -> 'hello'" in cli.out and "field a: '9' -> '1'" in cli.out
    converge(cli, state)
    assert r.hgetall("app:hash") == {"a": "1", "b": "two", "runtime": "kept"}  # undeclared fields are left alone
    assert r.lrange("app:list", 0, -1) == ["x", "y", "x"]


def test_exclusive_hash_deletes_undeclared_fields_only_with_the_flag(cli: Cli, state: Path, redis_url: str) -> None:
    write(state, 'keys:\n  "app:hash": {type: hash, exclusive: true, fields: {a: "1"}}\n')
    converge(cli, state)
    r = client(redis_url)
    r.hset("app:hash", "stray", "x")
    assert cli("apply", "--state", state, "--only", "redis", "--auto-approve") == 1
    assert "--allow-destructive" in cli.err and r.hget("app:hash", "stray") == "x"
    converge(cli, state, "--allow-destructive")
    assert r.hgetall("app:hash") == {"a": "1"}


def test_ttl_is_added_changed_and_removed(cli: Cli, state: Path, redis_url: str) -> None:
    write(state, 'keys:\n  "app:k": {value: v, ttl: 600}\n')
    converge(cli, state)
    r = client(redis_url)
    write(state, 'keys:\n  "app:k": {value: v, ttl: 60}\n')
    assert cli("plan", "--state", state, "--only", "redis") == 0 and "EXPIRE app:k 60" in cli.out
    converge(cli, state)
    assert 0 < r.ttl("app:k") <= 60
    write(state, 'keys:\n  "app:k": {value: changed, ttl: 60}\n')
    converge(cli, state)
    assert r.get("app:k") == "changed" and 0 < r.ttl("app:k") <= 60  # SET ... KEEPTTL keeps the expiry
    write(state, 'keys:\n  "app:k": v\n')
    converge(cli, state)
    assert r.ttl("app:k") == -1


def test_create_only_counters_keep_their_value(cli: Cli, state: Path, redis_url: str) -> None:
    write(
        state,
        'keys:\n  "app:stats": {type: hash, policy: create_only, fields: {hits: 0, misses: 0}}\n'
        '  "app:seen": {value: 0, policy: create_only}\n',
    )
    converge(cli, state)
    r = client(redis_url)
    r.hincrby("app:stats", "hits", 7)
    r.incr("app:seen")
    converge(cli, state)
    assert r.hget("app:stats", "hits") == "7" and r.get("app:seen") == "1"


def test_type_change_is_a_destructive_replace(cli: Cli, state: Path, redis_url: str) -> None:
    write(state, 'keys:\n  "app:k": {type: list, items: [a]}\n')
    converge(cli, state)
    write(state, 'keys:\n  "app:k": {type: set, members: [a]}\n')
    assert cli("plan", "--state", state, "--only", "redis") == 0
    assert "± key.app:k (destructive" in cli.out and "type: list -> set" in cli.out
    assert cli("apply", "--state", state, "--only", "redis", "--auto-approve") == 1
    assert client(redis_url).type("app:k") == "list"
    converge(cli, state, "--allow-destructive")
    assert client(redis_url).type("app:k") == "set"


def test_prune_only_under_owned_prefixes_and_only_with_the_flag(cli: Cli, state: Path, redis_url: str) -> None:
    write(state, 'owned_prefixes: ["app:config:"]\nprune: true\nkeys:\n  "app:config:a": "1"\n')
    r = client(redis_url)
    r.set("app:config:stale", "x")
    r.set("app:cache:runtime", "y")  # not owned: never read for pruning, never touched
    r.set("other", "z")
    assert cli("plan", "--state", state, "--only", "redis") == 0
    assert "- key.app:config:stale (destructive" in cli.out
    assert "app:cache:runtime" not in cli.out and "other" not in cli.out
    assert cli("apply", "--state", state, "--only", "redis", "--auto-approve") == 1
    assert r.exists("app:config:stale") == 1
    converge(cli, state, "--allow-destructive")
    assert r.exists("app:config:stale") == 0 and r.get("app:cache:runtime") == "y" and r.get("other") == "z"


def test_without_prune_undeclared_owned_keys_are_left_alone(cli: Cli, state: Path, redis_url: str) -> None:
    write(state, 'owned_prefixes: ["app:config:"]\nkeys:\n  "app:config:a": "1"\n')
    client(redis_url).set("app:config:someone-elses", "x")
    converge(cli, state)
    assert client(redis_url).get("app:config:someone-elses") == "x"


def test_inspection_is_pipelined(state: Path, redis_url: str) -> None:
    write(
        state,
        "groups:\n  many:\n    for_each: [" + ", ".join(f"{{n: {i}}}" for i in range(2500)) + "]\n"
        '    keys:\n      "app:k:{n}": "{n}"\n',
    )
    r = client(redis_url)
    r.mset({f"app:k:{i}": str(i) for i in range(2500)})
    stats = RedisStats()
    live = inspect_redis(r, load_redis(state), stats)
    assert len(live) == 2500
    assert stats.round_trips == 6  # per 1,000 keys: one for TYPE and PTTL, one for the values


def test_bad_input_names_file_line_and_field(cli: Cli, state: Path, redis_url: str) -> None:
    write(
        state,
        'keys:\n  "app:a": {type: hash, value: x}\n'
        'groups:\n  g:\n    for_each: [{a: 1}]\n    keys:\n      "k:{b}": v\n',
    )
    assert cli("validate", "--state", state) == 1
    assert "state/redis.yaml:2: keys.app:a: a hash key declares `fields`" in cli.err
    write(state, 'keys:\n  "app:a": x\ngroups:\n  g:\n    for_each: [{a: 1}]\n    keys:\n      "k:{b}": v\n')
    assert cli("validate", "--state", state) == 1
    assert "state/redis.yaml:7: groups.g.keys.k:{b}: placeholder 'b' is not set by for_each item 0" in cli.err
    write(state, 'prune: true\nkeys:\n  "a": x\n')
    assert cli("validate", "--state", state) == 1 and "prune needs owned_prefixes" in cli.err


def test_ai4i_state_converges_from_empty_and_after_tampering(cli: Cli, redis_url: str) -> None:
    state = ROOT / "state"
    r = client(redis_url)
    r.set("ai4i:cache:some-user", "runtime data")
    converge(cli, state)
    assert r.get("ai4i:config:ratelimit:nmt-service:max_requests") == "2000"
    assert r.get("ai4i:config:ratelimit:api-gateway:window") == "60"
    assert r.get("ai4i:config:cache:enabled") == "true"
    assert r.hgetall("ai4i:stats:sessions") == {"active": "0", "total_created": "0", "expired": "0"}
    assert len(r.keys("ai4i:config:ratelimit:*")) == 16

    r.hincrby("ai4i:stats:cache", "hits", 41)
    r.set("ai4i:config:session:ttl", "1")
    r.delete("ai4i:feature_flags:sync_interval")
    assert cli("drift", "--state", state, "--only", "redis", "--fail-on-diff") == 2
    converge(cli, state)
    assert r.hget("ai4i:stats:cache", "hits") == "41"
    assert r.get("ai4i:config:session:ttl") == "7200" and r.get("ai4i:feature_flags:sync_interval") == "300"
    assert r.get("ai4i:cache:some-user") == "runtime data"


def test_saved_plan_is_refused_when_a_planned_key_changed(
    cli: Cli, state: Path, redis_url: str, tmp_path: Path
) -> None:
    write(state, 'keys:\n  "app:k": declared\n')
    r = client(redis_url)
    r.set("app:k", "before")
    plan_file = tmp_path / "redis.plan.json"
    assert cli("plan", "--state", state, "--only", "redis", "--out", plan_file) == 0
    r.set("app:k", "changed meanwhile")
    assert cli("apply", plan_file, "--state", state, "--auto-approve") == 1
    assert "stale" in cli.err and "redis.db0.key.app:k" in cli.err
    assert r.get("app:k") == "changed meanwhile"
    assert cli("plan", "--state", state, "--only", "redis", "--out", plan_file) == 0
    assert cli("apply", plan_file, "--state", state, "--auto-approve") == 0, cli.err
    assert r.get("app:k") == "declared"
