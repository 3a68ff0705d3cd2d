"""The file format of state/kafka.yaml, and the human-friendly values it accepts.

`retention: 7d` is shorthand for `configs: {retention.ms: 604800000}`; any
`*.ms` config takes a duration (`500ms`, `30s`, `12h`, `7d`, `-1`) and any
`*.bytes` config a size (`512kb`, `1gb`, binary units). Values are stored as
Kafka reports them, so `compact, delete` becomes `compact,delete`.

State files arrive in pull requests, so every number is checked against
what Kafka can hold before anything is sent: partitions are an INT32 and the
replication factor an INT16 in CreateTopics, and each known topic config has
the type and lower bound of Kafka's LogConfig (an INT config past 2^31-1 or a
LONG past 2^63-1 is refused here, with file, line and field, instead of as an
OverflowError from the client or an error from the broker).
"""

import ipaddress
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from reconciler.field_defaults import empty_list

INTERNAL_PREFIXES = ("__", "_schemas", "_confluent")
_DURATION = re.compile(r"^(-?\d+)\s*(ms|s|m|h|d|w)?$")
_SIZE = re.compile(r"^(-?\d+)\s*(b|kb|mb|gb|tb|k|m|g|t)?$", re.I)
_MS = {"ms": 1, "s": 1000, "m": 60_000, "h": 3_600_000, "d": 86_400_000, "w": 604_800_000, None: 1}
_BYTES = {
    "b": 1,
    "k": 1024,
    "kb": 1024,
    "m": 1024**2,
    "mb": 1024**2,
    "g": 1024**3,
    "gb": 1024**3,
    "t": 1024**4,
    "tb": 1024**4,
    None: 1,
}
_TOPIC_NAME = re.compile(r"^[A-Za-z0-9._-]{1,249}$")
_TOPIC_CHARACTERS = re.compile(r"^[A-Za-z0-9._-]+$")
_CONFIG_NAME = re.compile(r"^[a-z][a-z0-9._-]*$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
INT16_MAX = 2**15 - 1
INT32_MAX = 2**31 - 1
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
CLUSTER_RESOURCE = "kafka-cluster"

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class ConfigType:
    """What Kafka's topic config definition (LogConfig) accepts for one config."""

    kind: Literal["int", "long", "double", "boolean", "choice", "list"]
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()


def _int(minimum: int) -> ConfigType:
    return ConfigType("int", minimum, INT32_MAX)


def _long(minimum: int = INT64_MIN) -> ConfigType:
    return ConfigType("long", minimum, INT64_MAX)


_BOOLEAN = ConfigType("boolean", choices=("true", "false"))

# Types and lower bounds from Kafka's LogConfig; a config not listed here is left to the broker's own check
# (plan asks it with validate_only), except that any `*.ms` or `*.bytes` value must fit a LONG.
TOPIC_CONFIGS: dict[str, ConfigType] = {
    "segment.bytes": _int(14),
    "segment.ms": _long(1),
    "segment.jitter.ms": _long(0),
    "segment.index.bytes": _int(0),
    "flush.messages": _long(0),
    "flush.ms": _long(0),
    "retention.bytes": _long(),
    "retention.ms": _long(-1),
    "local.retention.bytes": _long(-2),
    "local.retention.ms": _long(-2),
    "max.message.bytes": _int(0),
    "index.interval.bytes": _int(0),
    "delete.retention.ms": _long(0),
    "min.compaction.lag.ms": _long(0),
    "max.compaction.lag.ms": _long(1),
    "file.delete.delay.ms": _long(0),
    "message.timestamp.difference.max.ms": _long(0),
    "message.timestamp.before.max.ms": _long(0),
    "message.timestamp.after.max.ms": _long(0),
    "min.insync.replicas": _int(1),
    "min.cleanable.dirty.ratio": ConfigType("double", 0, 1),
    "cleanup.policy": ConfigType("list", choices=("compact", "delete")),
    "compression.type": ConfigType("choice", choices=("uncompressed", "zstd", "lz4", "snappy", "gzip", "producer")),
    "message.timestamp.type": ConfigType("choice", choices=("CreateTime", "LogAppendTime")),
    "unclean.leader.election.enable": _BOOLEAN,
    "preallocate": _BOOLEAN,
    "message.downconversion.enable": _BOOLEAN,
    "remote.storage.enable": _BOOLEAN,
}


def is_internal(name: str) -> bool:
    return name.startswith(INTERNAL_PREFIXES)


def kafka_value(key: str, value: str | int | bool) -> str:
    """A declared config value as Kafka stores it; raises ValueError for unreadable durations/sizes."""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value).strip()
    if key.endswith(".ms"):
        match = _DURATION.match(text)
        if not match:
            raise ValueError(f"{key}: {value!r} is not a duration (e.g. 500ms, 30s, 12h, 7d or milliseconds)")
        return str(int(match[1]) * _MS[match[2]])
    if key.endswith(".bytes"):
        match = _SIZE.match(text)
        if not match:
            raise ValueError(f"{key}: {value!r} is not a size (e.g. 512kb, 1gb or bytes)")
        return str(int(match[1]) * _BYTES[(match[2] or "").lower() or None])
    return re.sub(r"\s*,\s*", ",", text)


def _range_problem(key: str, number: float, kind: ConfigType) -> str | None:
    if kind.minimum is not None and number < kind.minimum:
        return f"{key}: {number} is below {kind.minimum:g}, the smallest value Kafka accepts"
    if kind.maximum is not None and number > kind.maximum:
        what = {"int": "2^31-1 (an INT config)", "long": "2^63-1 (a LONG config)"}.get(kind.kind, f"{kind.maximum:g}")
        return f"{key}: {number} is larger than {what}, the largest value Kafka accepts"
    return None


def config_problem(key: str, value: str | int | bool) -> str | None:
    """Why Kafka would refuse `key: value` on a topic, or None when the value fits the config's type and range."""
    if not _CONFIG_NAME.match(key):
        return f"{key!r} is not a Kafka config name (lower-case letters, digits, . _ -)"
    if isinstance(value, str) and _CONTROL.search(value):
        return f"{key}: control characters are not allowed in a config value"
    try:
        text = kafka_value(key, value)
    except ValueError as exc:
        return str(exc)
    kind = TOPIC_CONFIGS.get(key) or (_long() if key.endswith((".ms", ".bytes")) else None)
    if kind is None:
        return None
    if kind.kind in ("int", "long"):
        if not re.fullmatch(r"-?\d+", text):
            return f"{key}: {value!r} is not a whole number"
        return _range_problem(key, int(text), kind)
    if kind.kind == "double":
        try:
            return _range_problem(key, float(text), kind)
        except ValueError:
            return f"{key}: {value!r} is not a number"
    items = text.split(",") if kind.kind == "list" else [text]
    wrong = [item for item in items if item not in kind.choices]
    if wrong:
        return f"{key}: {', '.join(map(repr, wrong))} is not one of {', '.join(kind.choices)}"
    return None


def topic_name_problem(name: str) -> str | None:
    """Why Kafka would refuse `name` as a topic name (its legal characters, at most 249, not . or ..)."""
    if not _TOPIC_NAME.match(name) or name in (".", ".."):
        return f"{name!r} is not a valid topic name (letters, digits, . _ -; at most 249; not . or ..)"
    if is_internal(name):
        return f"{name!r} is an internal topic: reconcile never manages internal topics"
    return None


def readable(key: str, value: str | None) -> str:
    """A config value for people: `604800000 (7d)`."""
    if value is None or not value.lstrip("-").isdigit():
        return str(value)
    number = int(value)
    if key.endswith(".ms") and number > 0:
        for unit, size in (("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1000)):
            if number % size == 0:
                return f"{value} ({number // size}{unit})"
    if key.endswith(".bytes") and number > 0:
        for unit, size in (("gb", 1024**3), ("mb", 1024**2), ("kb", 1024)):
            if number % size == 0:
                return f"{value} ({number // size}{unit})"
    return value


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TopicSpec(Strict):
    partitions: int | None = Field(default=None, gt=0, le=INT32_MAX, description="At most 2^31-1 (INT32).")
    replication_factor: int | None = Field(default=None, gt=0, le=INT16_MAX, description="At most 32767 (INT16).")
    retention: str | int | None = Field(default=None, description="Shorthand for retention.ms.")
    configs: dict[str, str | int | bool] = Field(default_factory=dict)
    exclusive_configs: bool = Field(default=False, description="Reset configs set on the topic but not declared.")

    @model_validator(mode="after")
    def _one_retention(self) -> "TopicSpec":
        if self.retention is not None and "retention.ms" in self.configs:
            raise ValueError("retention and configs.retention.ms say the same thing: keep one")
        return self

    def problems(self) -> Iterator[tuple[Path, str]]:
        """Values Kafka would refuse, by their path below the topic (checked after pydantic, to name the key)."""
        if self.retention is not None:
            problem = config_problem("retention.ms", self.retention)
            if problem:
                yield ("retention",), problem.removeprefix("retention.ms: ")
        for key, value in self.configs.items():
            problem = config_problem(key, value)
            if problem:
                yield ("configs", key), problem.removeprefix(f"{key}: ")

    def normalized_configs(self) -> dict[str, str]:
        configs = {k: kafka_value(k, v) for k, v in self.configs.items()}
        if self.retention is not None:
            configs["retention.ms"] = kafka_value("retention.ms", self.retention)
        return configs


class AclSpec(Strict):
    """One ACL binding."""

    principal: str = Field(pattern=r"^[A-Za-z]+:\S.*$", description="e.g. User:ai4i-app")
    host: str = Field(default="*", description="* or an IP address: Kafka matches ACL hosts by address.")
    operation: Literal[
        "all",
        "read",
        "write",
        "create",
        "delete",
        "alter",
        "describe",
        "cluster_action",
        "describe_configs",
        "alter_configs",
        "idempotent_write",
    ]
    permission: Literal["allow", "deny"] = "allow"
    resource_type: Literal["topic", "group", "cluster", "transactional_id"] = "topic"
    pattern_type: Literal["literal", "prefixed"] = "literal"
    name: str = Field(min_length=1)

    @field_validator("principal", "name")
    @classmethod
    def _printable(cls, value: str) -> str:
        if _CONTROL.search(value) or value != value.strip():
            raise ValueError(f"{value!r}: control characters and surrounding spaces are not allowed")
        return value

    @field_validator("host")
    @classmethod
    def _address(cls, host: str) -> str:
        if host != "*":
            try:
                ipaddress.ip_address(host)
            except ValueError:
                raise ValueError(f"{host!r} is not * or an IP address (Kafka matches ACL hosts by address)") from None
        return host

    @field_validator("name")
    @classmethod
    def _resource_name(cls, name: str, info: ValidationInfo) -> str:
        """The name must be one Kafka can hold for the resource type (fields before it are already checked)."""
        resource_type, pattern_type = info.data.get("resource_type"), info.data.get("pattern_type")
        if resource_type == "cluster" and name != CLUSTER_RESOURCE:
            raise ValueError(f"the cluster resource is always named {CLUSTER_RESOURCE!r}, not {name!r}")
        if resource_type == "topic" and name != "*" and not _TOPIC_CHARACTERS.match(name):
            raise ValueError(f"{name!r} cannot name a topic (letters, digits, . _ -, or * for every topic)")
        if name == "*" and pattern_type == "prefixed":
            raise ValueError("'*' is a literal wildcard: a prefixed pattern needs a real prefix")
        return name


class Defaults(Strict):
    partitions: int = Field(default=1, gt=0, le=INT32_MAX)
    replication_factor: int = Field(default=1, gt=0, le=INT16_MAX)


class KafkaSpec(Strict):
    """The whole of state/kafka.yaml."""

    defaults: Defaults = Field(default_factory=Defaults)
    topics: dict[str, TopicSpec] = Field(default_factory=dict)
    prune_prefixes: list[str] = Field(default_factory=empty_list, description="Delete undeclared topics under these.")
    acls: list[AclSpec] = Field(default_factory=empty_list)

    @field_validator("prune_prefixes")
    @classmethod
    def _prefixes(cls, prefixes: list[str]) -> list[str]:
        for prefix in prefixes:
            if not prefix or is_internal(prefix) or not _TOPIC_CHARACTERS.match(prefix):
                raise ValueError(f"prune prefix {prefix!r} must be non-empty, not internal, of letters, digits, . _ -")
        return prefixes

    def problems(self) -> Iterator[tuple[Path, str]]:
        """Topic names and config values Kafka would refuse, each with its path in the file.

        Checked after pydantic because a problem in a mapping key (a topic
        name, a config name) would otherwise be reported on the mapping's
        line rather than the key's.
        """
        for name, topic in self.topics.items():
            problem = topic_name_problem(name)
            if problem:
                yield ("topics", name), problem
            for path, message in topic.problems():
                yield ("topics", name, *path), message
