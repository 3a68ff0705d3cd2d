"""The file format of state/redis.yaml.

Keys are declared by name, or generated from a group template where writing
each key out is error-prone (one rate-limit key pair per service). Scalar
values are Redis strings: `true` and `3600` are stored as "true" and "3600".

State files arrive in pull requests, so every value that ends up as a word of
a Redis command is held to what its field means, at load time, before any
command is sent (the plan runs ACL SETUSER on throwaway users to normalize
rules, so validation cannot be left to Redis):

- ACL SETUSER takes every rule in one argument list. `commands` accepts
  command rules only (`+cmd`, `-cmd`, `+cmd|sub`, `-cmd|sub`, `+@category`,
  `-@category`, `allcommands`, `nocommands`); `on`/`off`, passwords,
  `nopass`, key and channel rules, `reset` and selectors are refused with the
  field they belong in. `keys` and `channels` are bare patterns without
  whitespace, which reconcile prefixes with `~` and `&`.
- `config` is an allow-list (`CONFIG_PARAMETERS`): memory and eviction,
  client limits, expiry, the persistence schedule, slow log and latency
  monitoring, encoding thresholds and defragmentation. Parameters that name
  files or directories (`dir`, `dbfilename`, `logfile`; CONFIG SET dir plus a
  save is the known way to make Redis write a file anywhere), hold
  credentials (`requirepass`, `masterauth`), or change networking,
  replication, modules or TLS are refused.
- TTLs stay within what EXPIRE and SET EX accept (`MAX_TTL_SECONDS`), and
  sorted-set scores are finite numbers.
"""

import math
import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from reconciler.field_defaults import empty_list
from reconciler.secrets import parse_reference
from reconciler.state.jsonschema import shorthand

Scalar = str | int | float | bool
Policy = Literal["managed", "create_only"]

# Redis turns an expiry into an absolute Unix time in milliseconds held in a signed 64-bit integer and answers
# "invalid expire time" when that overflows; 2**32 seconds of headroom covers the current time until 2106.
MAX_TTL_SECONDS = (2**63 - 1) // 1000 - 2**32


def _within_redis_expiry(seconds: int) -> int:
    if seconds > MAX_TTL_SECONDS:
        raise ValueError(
            f"ttl {seconds} is beyond what Redis accepts: at most {MAX_TTL_SECONDS} seconds "
            "(Redis keeps an expiry as a 64-bit Unix time in milliseconds)"
        )
    return seconds


Ttl = Annotated[int, Field(gt=0), AfterValidator(_within_redis_expiry)]


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def has_control_characters(text: str) -> bool:
    """Control characters (newlines, escape sequences) would let a name rewrite the plan a reviewer reads."""
    return bool(_CONTROL.search(text))


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class KeySpec(Strict):
    """One key. A bare scalar is shorthand for a string key with that value."""

    model_config = ConfigDict(json_schema_extra=shorthand({"type": ["string", "number", "boolean"]}))

    type: Literal["string", "hash", "list", "set", "zset"] = "string"
    value: Scalar | None = None
    fields: dict[str, Scalar] | None = None
    items: list[Scalar] | None = None
    members: list[Scalar] | dict[str, float] | None = None
    ttl: Ttl | None = Field(default=None, description="Seconds; absent means no expiry.")
    policy: Policy | None = None
    exclusive: bool = Field(default=False, description="hash only: delete fields the state does not declare.")

    @model_validator(mode="before")
    @classmethod
    def _from_scalar(cls, value: object) -> object:
        return {"value": value} if isinstance(value, (str, int, float, bool)) else value

    @model_validator(mode="after")
    def _content_matches_type(self) -> "KeySpec":
        wanted = {"string": "value", "hash": "fields", "list": "items", "set": "members", "zset": "members"}[self.type]
        given = [name for name in ("value", "fields", "items", "members") if getattr(self, name) is not None]
        if given != [wanted]:
            raise ValueError(
                f"a {self.type} key declares `{wanted}` (and nothing else of value, fields, items, members)"
            )
        if self.type == "set" and not isinstance(self.members, list):
            raise ValueError("set members are a list")
        if self.type == "zset" and not isinstance(self.members, dict):
            raise ValueError("zset members map each member to its score")
        if isinstance(self.members, dict):
            for member, score in self.members.items():
                if not math.isfinite(score):
                    raise ValueError(f"the score of zset member {member!r} must be a finite number, not {score}")
        if self.exclusive and self.type != "hash":
            raise ValueError("exclusive applies to hashes only")
        if self.type != "string" and not getattr(self, wanted):
            # Redis has no empty hash, list, set or sorted set, and HSET/RPUSH/SADD/ZADD need at least one value.
            raise ValueError(
                f"a {self.type} key needs at least one entry in `{wanted}` (Redis keeps no empty {self.type})"
            )
        return self


class GroupSpec(Strict):
    """Keys generated from templates: each `for_each` item fills `{placeholders}` in names and values."""

    for_each: list[dict[str, Scalar]] = Field(min_length=1)
    keys: dict[str, Any] = Field(min_length=1)
    policy: Policy | None = None
    ttl: Ttl | None = None


COMMAND_RULE = re.compile(r"[+-](@[A-Za-z0-9_-]+|[A-Za-z][A-Za-z0-9_.:-]*(\|[A-Za-z0-9_.:*-]+)?)")
COMMAND_ALIASES = ("allcommands", "nocommands")
COMMAND_RULES_HELP = (
    "commands take only +cmd, -cmd, +cmd|sub, -cmd|sub, +@category, -@category, allcommands, nocommands"
)
_PASSWORD_RULE = re.compile(r"(^|[\s(])[<>#!]")
_WHERE = {
    **dict.fromkeys(("on", "off"), "it switches the user on or off: use `enabled`"),
    **dict.fromkeys(("nopass", "resetpass"), "it sets how the user logs in: use `nopass` or `passwords`"),
    **dict.fromkeys(("allkeys", "resetkeys"), "it is a key rule: list key patterns in `keys` ('*' for all keys)"),
    **dict.fromkeys(
        ("allchannels", "resetchannels"), "it is a channel rule: list channel patterns in `channels` ('*' for all)"
    ),
    **dict.fromkeys(
        ("reset", "clearselectors"), "reconcile writes every user from a clean `reset` and manages no selectors"
    ),
    **dict.fromkeys(("sanitize-payload", "skip-sanitize-payload"), "payload sanitization is not managed by reconcile"),
}


def shown_rule(word: str) -> str:
    """A rule as an error message may quote it: never a password or digest, control characters escaped."""
    if _PASSWORD_RULE.search(word):
        return "a password rule (not shown)"
    return repr(word)


def _rule_home(word: str) -> str:
    """Which field a rule word that is not a command rule belongs in, for the error message."""
    lower = word.lower()
    if lower in _WHERE:
        return _WHERE[lower]
    if word[0] in "<>#!":
        return "passwords go in `passwords`, as ${env:NAME} references"
    if word.startswith(("~", "%")):
        return "it is a key rule: list key patterns, without ~, in `keys`"
    if word.startswith("&"):
        return "it is a channel rule: list channel patterns, without &, in `channels`"
    return COMMAND_RULES_HELP


def command_rule(word: str) -> str:
    """Only command rules reach ACL SETUSER from `commands`: every other rule word would change the user unseen."""
    if not word:
        raise ValueError(f"an empty rule; {COMMAND_RULES_HELP}")
    if word.startswith("("):
        raise ValueError(f"{shown_rule(word)} is a selector: selectors are not managed by reconcile")
    if has_control_characters(word) or any(c.isspace() for c in word):
        raise ValueError(
            f"{shown_rule(word)} holds whitespace or control characters: write one rule per list item; "
            + COMMAND_RULES_HELP
        )
    if COMMAND_RULE.fullmatch(word) or word.lower() in COMMAND_ALIASES:
        return word
    raise ValueError(f"{shown_rule(word)} is not a command rule: {_rule_home(word)}")


def _pattern(word: str, kind: str, prefix: str, all_rule: str) -> str:
    if not word:
        raise ValueError(f"an empty {kind} pattern")
    if has_control_characters(word) or any(c.isspace() for c in word):
        raise ValueError(f"{shown_rule(word)}: a {kind} pattern cannot hold whitespace or control characters")
    if word.lower() in _WHERE or word.lower() in COMMAND_ALIASES:
        raise ValueError(f"{word!r} is an ACL rule, not a {kind} pattern (write '*' for {all_rule})")
    if word.startswith(prefix):
        raise ValueError(
            f"{shown_rule(word)}: write the {kind} pattern without the leading {prefix} (reconcile adds it)"
        )
    return word


def key_pattern(word: str) -> str:
    """A bare key pattern: reconcile sends it as `~pattern`, so it must not be, or start like, another rule."""
    if word.startswith("%"):
        raise ValueError(f"{shown_rule(word)}: read- or write-only key patterns (%R~, %W~, %RW~) are not supported")
    if word.startswith("&"):
        raise ValueError(f"{shown_rule(word)} is a channel rule: list channel patterns in `channels`")
    return _pattern(word, "key", "~", "every key")


def channel_pattern(word: str) -> str:
    """A bare channel pattern: reconcile sends it as `&pattern`."""
    if word.startswith(("~", "%")):
        raise ValueError(f"{shown_rule(word)} is a key rule: list key patterns in `keys`")
    return _pattern(word, "channel", "&", "every channel")


def user_name_problem(name: str) -> str | None:
    """Why `name` cannot be an ACL user name (Redis refuses spaces; the plan shows names unquoted), or None."""
    if not name or has_control_characters(name) or any(c.isspace() for c in name):
        return "an ACL user name is a non-empty word without whitespace or control characters"
    return None


class AclUserSpec(Strict):
    """An ACL user. Rules are written as in ACL SETUSER; passwords only as ${env:NAME}."""

    enabled: bool = True
    passwords: list[str] = Field(default_factory=empty_list, description="${env:NAME} references; stored as SHA-256.")
    nopass: bool = False
    keys: list[Annotated[str, AfterValidator(key_pattern)]] = Field(
        default_factory=empty_list, description="Key patterns, e.g. 'ai4i:*' (no ~)."
    )
    channels: list[Annotated[str, AfterValidator(channel_pattern)]] = Field(
        default_factory=empty_list, description="Pub/sub channel patterns (no &)."
    )
    commands: list[Annotated[str, AfterValidator(command_rule)]] = Field(
        default_factory=empty_list, description="Command rules, e.g. +@read, -@dangerous, +get."
    )

    @model_validator(mode="after")
    def _passwords(self) -> "AclUserSpec":
        for password in self.passwords:
            if parse_reference(password) is None:
                raise ValueError("passwords are written as ${env:NAME}, never in clear")
        if self.nopass and self.passwords:
            raise ValueError("nopass and passwords exclude each other")
        return self


# The CONFIG SET parameters a state file may manage: runtime tuning that reads no file, names no path, holds no
# credential and moves no data elsewhere. Everything else is refused, so a new Redis parameter is refused until
# someone has looked at it and added it here.
CONFIG_PARAMETERS = frozenset(
    {
        # memory and eviction
        "maxmemory",
        "maxmemory-policy",
        "maxmemory-samples",
        "maxmemory-eviction-tenacity",
        "maxmemory-clients",
        "lazyfree-lazy-eviction",
        "lazyfree-lazy-expire",
        "lazyfree-lazy-server-del",
        "lazyfree-lazy-user-del",
        "lazyfree-lazy-user-flush",
        # clients
        "timeout",
        "tcp-keepalive",
        "maxclients",
        "client-query-buffer-limit",
        "client-output-buffer-limit",
        "proto-max-bulk-len",
        # expiry and keyspace events
        "notify-keyspace-events",
        "active-expire-effort",
        "hz",
        "dynamic-hz",
        "activerehashing",
        # persistence schedule (the files themselves are named by dir/dbfilename/appendfilename, which are refused)
        "save",
        "appendonly",
        "appendfsync",
        "no-appendfsync-on-rewrite",
        "auto-aof-rewrite-percentage",
        "auto-aof-rewrite-min-size",
        "aof-use-rdb-preamble",
        "aof-rewrite-incremental-fsync",
        "rdb-save-incremental-fsync",
        "rdbcompression",
        "rdbchecksum",
        "stop-writes-on-bgsave-error",
        # slow log and latency monitoring
        "slowlog-log-slower-than",
        "slowlog-max-len",
        "latency-monitor-threshold",
        "latency-tracking",
        "latency-tracking-info-percentiles",
        # scripts
        "lua-time-limit",
        "busy-reply-threshold",
        # encoding thresholds
        "hash-max-listpack-entries",
        "hash-max-listpack-value",
        "hash-max-ziplist-entries",
        "hash-max-ziplist-value",
        "list-max-listpack-size",
        "list-max-ziplist-size",
        "list-compress-depth",
        "set-max-intset-entries",
        "set-max-listpack-entries",
        "set-max-listpack-value",
        "zset-max-listpack-entries",
        "zset-max-listpack-value",
        "zset-max-ziplist-entries",
        "zset-max-ziplist-value",
        "stream-node-max-bytes",
        "stream-node-max-entries",
        "hll-sparse-max-bytes",
        # active defragmentation
        "activedefrag",
        "active-defrag-ignore-bytes",
        "active-defrag-threshold-lower",
        "active-defrag-threshold-upper",
        "active-defrag-cycle-min",
        "active-defrag-cycle-max",
        "active-defrag-max-scan-fields",
    }
)
_PATHS = ("dir", "dbfilename", "logfile", "pidfile", "unixsocket", "aclfile", "appendfilename", "appenddirname")
_CREDENTIALS = ("requirepass", "masterauth", "masteruser", "tls-key-file-pass", "tls-client-key-file-pass")
_REFUSED = {
    **dict.fromkeys(
        _PATHS, "it names a file or directory on the server (CONFIG SET dir is how Redis is made to write files)"
    ),
    **dict.fromkeys(_CREDENTIALS, "it holds a credential, which never belongs in a state file"),
}


def config_parameter_problem(name: str) -> str | None:
    """Why reconcile refuses to CONFIG SET `name`, or None when it is on the allow-list."""
    if name in CONFIG_PARAMETERS:
        return None
    shown = repr(name)
    if name.lower() in CONFIG_PARAMETERS:
        return f"write the parameter {shown} in lower case, as CONFIG GET reports it"
    reason = _REFUSED.get(name.lower(), "it is not on the list of runtime tuning parameters reconcile manages")
    return (
        f"reconcile does not manage the parameter {shown}: {reason}; allowed are memory, eviction, client, expiry, "
        "persistence schedule, slow log and latency, encoding and defragmentation parameters "
        "(CONFIG_PARAMETERS in reconciler/redis/spec.py)"
    )


def _config_value(value: str | int | bool) -> str | int | bool:
    if isinstance(value, str) and has_control_characters(value):
        raise ValueError(f"a configuration value cannot hold control characters: {value!r}")
    return value


ConfigValue = Annotated[str | int | bool, AfterValidator(_config_value)]


class RedisSpec(Strict):
    """The whole of state/redis.yaml."""

    owned_prefixes: list[str] = Field(
        default_factory=empty_list, description="Key prefixes this state owns (for prune)."
    )
    prune: bool = Field(default=False, description="Delete undeclared keys under owned prefixes (destructive).")
    policy: Policy = "managed"
    keys: dict[str, KeySpec] = Field(default_factory=dict)
    groups: dict[str, GroupSpec] = Field(default_factory=dict)
    acl_users: dict[str, AclUserSpec] = Field(default_factory=dict)
    prune_acl_users: bool = Field(default=False, description="Delete ACL users not declared (never `default`).")
    config: dict[str, ConfigValue] = Field(default_factory=dict, description="CONFIG SET parameters.")
    persist_config: bool = Field(default=False, description="CONFIG REWRITE after changing parameters.")

    @model_validator(mode="after")
    def _prefixes(self) -> "RedisSpec":
        for prefix in self.owned_prefixes:
            if not prefix or any(c in prefix for c in "*?[]\\"):
                raise ValueError(f"owned prefix {prefix!r} must be a non-empty literal prefix (no glob characters)")
        if self.prune and not self.owned_prefixes:
            raise ValueError("prune needs owned_prefixes: the reconciler only deletes keys under prefixes it owns")
        return self
