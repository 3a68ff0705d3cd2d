"""Hostile state/redis.yaml files and saved plans: refused at load with file, line and field, and the server untouched.

Every refused case runs `validate`, `plan` and `apply --auto-approve` against a real redis-server that already holds
a user, a key and configuration, and compares ACL LIST, the keyspace and CONFIG GET of the parameters an attacker
would aim for before and after.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import redis

from reconciler.redis.spec import MAX_TTL_SECONDS
from tests.conftest import Cli

SECRET = "s3cret-pw"
WATCHED_CONFIG = ("dir", "dbfilename", "logfile", "requirepass", "masterauth", "maxmemory", "save", "timeout")
RESTORED_CONFIG = {"maxmemory": "0", "maxmemory-policy": "noeviction", "notify-keyspace-events": "", "timeout": "0"}


@pytest.fixture
def state(tmp_path: Path) -> Path:
    root = tmp_path / "state"
    root.mkdir()
    return root


@pytest.fixture
def admin(redis_url: str) -> Iterator[redis.Redis]:
    """A server that already holds something to lose: a user, a key with a TTL; restores what the tests set."""
    client = redis.Redis.from_url(redis_url, decode_responses=True)
    saved = str(client.config_get("save")["save"])
    client.execute_command("ACL", "SETUSER", "app", "reset", "on", ">app-password", "~app:*", "+get")  # type: ignore[no-untyped-call]
    client.set("app:k", "v", ex=600)
    yield client
    for user in client.acl_users():
        if user != "default":
            client.acl_deluser(str(user))
    for name, value in {**RESTORED_CONFIG, "save": saved}.items():
        client.config_set(name, value)


def server_state(client: redis.Redis) -> dict[str, object]:
    """What a hostile apply could change: users, keys (type, value, expiry) and the watched parameters."""
    keys = {}
    for name in sorted(client.scan_iter()):
        dump = client.execute_command("DUMP", name, NEVER_DECODE=True)  # type: ignore[no-untyped-call]
        keys[name] = (client.type(name), dump, client.ttl(name) > 0)
    return {
        "acl": sorted(client.execute_command("ACL", "LIST")),  # type: ignore[no-untyped-call]
        "keys": keys,
        "config": {name: client.config_get(name).get(name) for name in WATCHED_CONFIG},
    }


def write(state: Path, body: str) -> None:
    (state / "redis.yaml").write_text(body.strip() + "\n")


@dataclass
class Hostile:
    """A state file and the issue it must produce: `where` is `file:line: field`."""

    id: str
    body: str
    where: str
    message: str


def user(commands: str = "[]", keys: str = "[]", channels: str = "[]") -> str:
    """A disabled user whose rule lists sit on lines 4 (commands), 5 (keys) and 6 (channels)."""
    return (
        f"acl_users:\n  evil:\n    enabled: false\n    commands: {commands}\n    keys: {keys}\n    channels: {channels}"
    )


COMMANDS = "state/redis.yaml:4: acl_users.evil.commands"
KEYS = "state/redis.yaml:5: acl_users.evil.keys"
CHANNELS = "state/redis.yaml:6: acl_users.evil.channels"

CASES = [
    # The report: a disabled user whose `commands` smuggle `on`, a clear-text password and every key.
    Hostile(
        "commands-on-password-allkeys",
        user(f'["+get", "on", ">{SECRET}", "allkeys", "+@all"]'),
        f"{COMMANDS}.1:",
        "'on' is not a command rule: it switches the user on or off: use `enabled`",
    ),
    Hostile("commands-off", user('["off"]'), f"{COMMANDS}.0:", "use `enabled`"),
    Hostile("commands-ON-any-case", user('["ON"]'), f"{COMMANDS}.0:", "use `enabled`"),
    Hostile(
        "commands-clear-password",
        user(f'["+get", ">{SECRET}"]'),
        f"{COMMANDS}.1:",
        "a password rule (not shown) is not a command rule: passwords go in `passwords`",
    ),
    Hostile("commands-remove-password", user(f'["<{SECRET}"]'), f"{COMMANDS}.0:", "go in `passwords`"),
    Hostile("commands-password-digest", user(f'["#{"ab" * 32}"]'), f"{COMMANDS}.0:", "go in `passwords`"),
    Hostile("commands-remove-digest", user(f'["!{"ab" * 32}"]'), f"{COMMANDS}.0:", "go in `passwords`"),
    Hostile("commands-nopass", user('["nopass"]'), f"{COMMANDS}.0:", "use `nopass` or `passwords`"),
    Hostile("commands-resetpass", user('["resetpass"]'), f"{COMMANDS}.0:", "use `nopass` or `passwords`"),
    Hostile("commands-key-pattern", user('["~*"]'), f"{COMMANDS}.0:", "it is a key rule: list key patterns"),
    Hostile("commands-rw-key-pattern", user('["%RW~*"]'), f"{COMMANDS}.0:", "it is a key rule"),
    Hostile("commands-allkeys", user('["allkeys"]'), f"{COMMANDS}.0:", "it is a key rule"),
    Hostile("commands-resetkeys", user('["resetkeys"]'), f"{COMMANDS}.0:", "it is a key rule"),
    Hostile("commands-channel", user('["&*"]'), f"{COMMANDS}.0:", "it is a channel rule"),
    Hostile("commands-allchannels", user('["allchannels"]'), f"{COMMANDS}.0:", "it is a channel rule"),
    Hostile("commands-resetchannels", user('["resetchannels"]'), f"{COMMANDS}.0:", "it is a channel rule"),
    Hostile("commands-reset", user('["+get", "reset"]'), f"{COMMANDS}.1:", "from a clean `reset`"),
    Hostile("commands-clearselectors", user('["clearselectors"]'), f"{COMMANDS}.0:", "manages no selectors"),
    Hostile("commands-selector", user('["(+@all ~*)"]'), f"{COMMANDS}.0:", "is a selector"),
    Hostile("commands-sanitize", user('["skip-sanitize-payload"]'), f"{COMMANDS}.0:", "not managed by reconcile"),
    Hostile("commands-empty", user('[""]'), f"{COMMANDS}.0:", "an empty rule"),
    Hostile("commands-two-words", user('["+get on"]'), f"{COMMANDS}.0:", "write one rule per list item"),
    Hostile("commands-newline", user('["+get\\nallkeys"]'), f"{COMMANDS}.0:", "whitespace or control characters"),
    Hostile("commands-first-arg-space", user('["+get|x y"]'), f"{COMMANDS}.0:", "write one rule per list item"),
    Hostile("commands-password-in-words", user(f'["+get >{SECRET}"]'), f"{COMMANDS}.0:", "a password rule (not shown)"),
    Hostile("commands-unknown-word", user('["whatever"]'), f"{COMMANDS}.0:", "commands take only +cmd, -cmd"),
    Hostile(
        "keys-smuggled-rules",
        user(keys=f'["* on >{SECRET}"]'),
        f"{KEYS}.0:",
        "a password rule (not shown): a key pattern cannot hold whitespace",
    ),
    Hostile("keys-space", user(keys='["app:* allkeys"]'), f"{KEYS}.0:", "cannot hold whitespace or control characters"),
    Hostile("keys-tilde", user(keys='["~*"]'), f"{KEYS}.0:", "without the leading ~ (reconcile adds it)"),
    Hostile("keys-read-only", user(keys='["%R~*"]'), f"{KEYS}.0:", "(%R~, %W~, %RW~) are not supported"),
    Hostile("keys-allkeys", user(keys='["allkeys"]'), f"{KEYS}.0:", "is an ACL rule, not a key pattern"),
    Hostile("keys-on", user(keys='["on"]'), f"{KEYS}.0:", "is an ACL rule, not a key pattern"),
    Hostile("keys-empty", user(keys='[""]'), f"{KEYS}.0:", "an empty key pattern"),
    Hostile("keys-channel", user(keys='["&*"]'), f"{KEYS}.0:", "is a channel rule"),
    Hostile("channels-space", user(channels='["* allchannels"]'), f"{CHANNELS}.0:", "cannot hold whitespace"),
    Hostile("channels-ampersand", user(channels='["&*"]'), f"{CHANNELS}.0:", "without the leading &"),
    Hostile("channels-key", user(channels='["~*"]'), f"{CHANNELS}.0:", "is a key rule"),
    Hostile(
        "user-name-with-rules",
        'acl_users:\n  "evil on allkeys": {}',
        "state/redis.yaml:2: acl_users.evil on allkeys:",
        "an ACL user name is a non-empty word without whitespace",
    ),
    # TTLs Redis answers "invalid expire time" for (the millisecond expiry overflows 64 bits), and beyond int64.
    Hostile(
        "ttl-redis-refuses",
        'keys:\n  "app:t": {value: x, ttl: 9223372036854775}',
        "state/redis.yaml:2: keys.app:t.ttl:",
        f"ttl 9223372036854775 is beyond what Redis accepts: at most {MAX_TTL_SECONDS} seconds",
    ),
    Hostile(
        "ttl-beyond-int64",
        'keys:\n  "app:t": {value: x, ttl: 100000000000000000000}',
        "state/redis.yaml:2: keys.app:t.ttl:",
        "is beyond what Redis accepts",
    ),
    Hostile(
        "ttl-group",
        'groups:\n  g:\n    for_each: [{s: a}]\n    ttl: 9223372036854775807\n    keys: {"app:{s}": x}',
        "state/redis.yaml:4: groups.g.ttl:",
        "is beyond what Redis accepts",
    ),
    Hostile(
        "ttl-from-template",
        "groups:\n  g:\n    for_each: [{s: a, t: 9223372036854775}]\n"
        '    keys:\n      "app:{s}": {value: x, ttl: "{t}"}',
        "state/redis.yaml:5: groups.g.keys.app:{s}:",
        "ttl 9223372036854775 is beyond what Redis accepts",
    ),
    Hostile(
        "zset-nan",
        'keys:\n  "app:z": {type: zset, members: {a: .nan}}',
        "state/redis.yaml:2: keys.app:z:",
        "the score of zset member 'a' must be a finite number, not nan",
    ),
    Hostile(
        "zset-inf",
        'keys:\n  "app:z": {type: zset, members: {a: 1, b: -.inf}}',
        "state/redis.yaml:2: keys.app:z:",
        "the score of zset member 'b' must be a finite number, not -inf",
    ),
    Hostile(
        "zset-overflowing-text",
        'keys:\n  "app:z": {type: zset, members: {a: "1e999"}}',
        "state/redis.yaml:2: keys.app:z:",
        "must be a finite number, not inf",
    ),
    Hostile(
        "empty-list",
        'keys:\n  "app:k": {type: list, items: []}',
        "state/redis.yaml:2: keys.app:k:",
        "a list key needs at least one entry in `items`",
    ),
    Hostile(
        "empty-hash",
        'keys:\n  "app:h": {type: hash, fields: {}}',
        "state/redis.yaml:2: keys.app:h:",
        "a hash key needs at least one entry in `fields`",
    ),
    # CONFIG SET: only the allow-list; paths and credentials are refused by name.
    *[
        Hostile(
            f"config-{name}",
            f"config:\n  maxmemory: 1mb\n  {name}: /tmp/evil",
            f"state/redis.yaml:3: config.{name}:",
            f"reconcile does not manage the parameter '{name}': it names a file or directory on the server",
        )
        for name in ("dir", "dbfilename", "logfile", "aclfile", "unixsocket")
    ],
    *[
        Hostile(
            f"config-{name}",
            f"config:\n  {name}: {SECRET}",
            f"state/redis.yaml:2: config.{name}:",
            "it holds a credential, which never belongs in a state file",
        )
        for name in ("requirepass", "masterauth")
    ],
    Hostile("config-upper-case-dir", "config:\n  DIR: /tmp", "state/redis.yaml:2: config.DIR:", "names a file"),
    Hostile(
        "config-not-on-the-list",
        "config:\n  enable-debug-command: 'yes'",
        "state/redis.yaml:2: config.enable-debug-command:",
        "it is not on the list of runtime tuning parameters reconcile manages",
    ),
    Hostile("config-glob", 'config:\n  "*": 1', "state/redis.yaml:2: config.*:", "does not manage the parameter '*'"),
    Hostile(
        "config-mixed-case",
        "config:\n  MaxMemory: 1mb",
        "state/redis.yaml:2: config.MaxMemory:",
        "write the parameter 'MaxMemory' in lower case",
    ),
    Hostile(
        "config-value-newline",
        'config:\n  maxmemory: "1mb\\ndir /tmp"',
        "state/redis.yaml:2: config.maxmemory:",
        "a configuration value cannot hold control characters",
    ),
    # Names that would print lines of their own in the plan, and templates that run more than a substitution.
    Hostile(
        "key-name-newline",
        'keys:\n  "app:a\\n  + acl_user.admin": x',
        "state/redis.yaml:2: keys.app:a\\n  + acl_user.admin:",
        "holds control characters",
    ),
    Hostile(
        "key-name-escape", 'keys:\n  "app:\\e[2J": x', "state/redis.yaml:2: keys.app:\\x1b[2J:", "control characters"
    ),
    Hostile(
        "template-attribute",
        'groups:\n  g:\n    for_each: [{s: a}]\n    keys:\n      "app:{s.__class__}": x',
        "state/redis.yaml:5: groups.g.keys.app:{s.__class__}:",
        "a placeholder is a plain {name} without index, attribute or format",
    ),
    Hostile(
        "template-format-spec",
        'groups:\n  g:\n    for_each: [{s: a}]\n    keys:\n      "app:{s:>999999999999}": x',
        "state/redis.yaml:5: groups.g.keys.app:{s:>999999999999}:",
        "a placeholder is a plain {name}",
    ),
    Hostile(
        "template-positional",
        'groups:\n  g:\n    for_each: [{s: a}]\n    keys:\n      "app:{}": x',
        "state/redis.yaml:5: groups.g.keys.app:{}:",
        "a placeholder is a plain {name}",
    ),
    Hostile(
        "template-unbalanced",
        'groups:\n  g:\n    for_each: [{s: a}]\n    keys:\n      "app:{s": x',
        "state/redis.yaml:5: groups.g.keys.app:{s:",
        "write a literal brace as {{ or }}",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_hostile_state_is_refused_and_changes_nothing(cli: Cli, state: Path, admin: redis.Redis, case: Hostile) -> None:
    before = server_state(admin)
    write(state, case.body)
    for command in (["validate"], ["plan"], ["apply", "--auto-approve"]):
        assert cli(*command, "--state", state, "--only", "redis") == 1, (command, cli.out)
        located = [line.strip() for line in cli.err.splitlines() if line.strip().startswith(case.where)]
        assert any(case.message in line for line in located), (command, cli.err)
        assert "Traceback" not in cli.err and SECRET not in cli.out + cli.err
        assert server_state(admin) == before


def saved_plan(cli: Cli, state: Path, tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    path = tmp_path / "plan.json"
    assert cli("plan", "--state", state, "--only", "redis", "--out", path) == 0, cli.err
    return path, json.loads(path.read_text())


def change_of(plan: dict[str, Any], address: str) -> dict[str, Any]:
    return next(c for c in plan["changes"] if c["address"] == address)


ADDED_KEY = 'keys:\n  "app:new": x\n'
PRUNED_KEY = 'owned_prefixes: ["app:"]\nprune: true\n'
FORGERIES = {
    # The plan shows `SET app:new x`; the executor would send what `args` says.
    "args-differ-from-what-is-shown": (
        ADDED_KEY,
        "redis.db0.key.app:new",
        lambda c: c["statements"][0].update(args=["CONFIG", "SET", "dir", "/tmp"]),
    ),
    "added-command": (
        ADDED_KEY,
        "redis.db0.key.app:new",
        lambda c: c["statements"].append({"sql": "FLUSHALL", "phase": 10, "args": ["FLUSHALL"]}),
    ),
    # A prune (DEL) relabelled safe would otherwise run without --allow-destructive.
    "delete-marked-safe": (PRUNED_KEY, "redis.db0.key.app:k", lambda c: c.update(destructive=False, hazards=[])),
}


@pytest.mark.parametrize(("body", "target", "forge"), list(FORGERIES.values()), ids=list(FORGERIES))
def test_forged_saved_plan_is_refused_and_changes_nothing(
    cli: Cli,
    state: Path,
    tmp_path: Path,
    admin: redis.Redis,
    body: str,
    target: str,
    forge: Callable[[dict[str, Any]], None],
) -> None:
    write(state, body)
    path, plan = saved_plan(cli, state, tmp_path)
    forge(change_of(plan, target))
    path.write_text(json.dumps(plan))
    before = server_state(admin)
    assert cli("apply", path, "--state", state, "--only", "redis", "--auto-approve") == 1
    assert "the saved plan is stale or was edited" in cli.err and "nothing was applied" in cli.err, cli.err
    assert target in cli.err and "Traceback" not in cli.err
    assert server_state(admin) == before


def test_untampered_saved_plan_still_applies(cli: Cli, state: Path, tmp_path: Path, admin: redis.Redis) -> None:
    write(state, 'keys:\n  "app:new": x\n')
    path, _ = saved_plan(cli, state, tmp_path)
    assert cli("apply", path, "--state", state, "--only", "redis", "--auto-approve") == 0, cli.err
    assert admin.get("app:new") == "x"


def test_legitimate_rules_patterns_and_config_still_apply_and_converge(
    cli: Cli, state: Path, admin: redis.Redis
) -> None:
    write(
        state,
        """
acl_users:
  worker:
    nopass: true
    keys: ["app:*", "jobs:{queue}:*", "user#*"]
    channels: ["events:*"]
    commands: ["-@all", "+@read", "+@write", "-@dangerous", "+client|list", "-config|set", "+select|0", "+ping"]
  ops:
    enabled: false
    commands: ["allcommands", "-flushall"]
  nobody:
    commands: ["nocommands"]
config:
  maxmemory: 100mb
  save: "3600 1 300 100"
  timeout: 300
""",
    )
    assert cli("validate", "--state", state, "--only", "redis") == 0, cli.err
    assert cli("plan", "--state", state, "--only", "redis") == 0, cli.err
    assert "CONFIG SET save '3600 1 300 100'" in cli.out
    assert cli("apply", "--state", state, "--only", "redis", "--auto-approve") == 0, cli.out + cli.err
    assert cli("drift", "--state", state, "--only", "redis", "--fail-on-diff") == 0, cli.out
    worker = next(line for line in admin.execute_command("ACL", "LIST") if line.startswith("user worker "))  # type: ignore[no-untyped-call]
    assert "~app:* ~jobs:{queue}:* ~user#* resetchannels &events:*" in worker
    assert "+client|list" in worker and "+ping" in worker
    assert admin.config_get("save") == {"save": "3600 1 300 100"} and admin.config_get("timeout") == {"timeout": "300"}


def test_longest_ttl_redis_accepts_is_applied_and_converges(cli: Cli, state: Path, admin: redis.Redis) -> None:
    write(state, f'keys:\n  "app:forever-ish": {{value: x, ttl: {MAX_TTL_SECONDS}}}\n')
    assert cli("apply", "--state", state, "--only", "redis", "--auto-approve") == 0, cli.out + cli.err
    assert admin.ttl("app:forever-ish") > MAX_TTL_SECONDS - 60
    assert cli("drift", "--state", state, "--only", "redis", "--fail-on-diff") == 0, cli.out


def test_braces_and_control_characters_in_values_are_shown_escaped(cli: Cli, state: Path, admin: redis.Redis) -> None:
    write(
        state,
        "groups:\n  g:\n    for_each: [{s: a}]\n    keys:\n"
        '      "app:{{literal}}:{s}": "line one\\n  + acl_user.admin"\n',
    )
    assert cli("plan", "--state", state, "--only", "redis") == 0, cli.err
    assert """SET 'app:{literal}:a' "line one\\n  + acl_user.admin\"""" in cli.out
    assert "\n  + acl_user.admin" not in cli.out
    assert cli("apply", "--state", state, "--only", "redis", "--auto-approve") == 0, cli.err
    assert admin.get("app:{literal}:a") == "line one\n  + acl_user.admin"


def test_credentials_in_the_redis_url_never_reach_an_error(
    cli: Cli, state: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.conftest import closed_port

    (state / "redis.yaml").write_text('keys:\n  "app:k": v\n')
    monkeypatch.setenv("RECONCILE_REDIS_URL", f"redis://app:s3cr3t-redis-pw@127.0.0.1:{closed_port()}/0")
    assert cli("plan", "--state", state, "--only", "redis") == 1
    assert "cannot connect to Redis at 127.0.0.1:" in cli.err, cli.err
    assert "s3cr3t-redis-pw" not in cli.out + cli.err
