"""The file format of state/kafka.yaml, and the human-friendly values it accepts.

`retention: 7d` is shorthand for `configs: {retention.ms: 604800000}`; any
`*.ms` config takes a duration (`500ms`, `30s`, `12h`, `7d`, `-1`) and any
`*.bytes` config a size (`512kb`, `1gb`, binary units). Values are stored as
Kafka reports them, so `compact, delete` becomes `compact,delete`.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

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
    partitions: int | None = Field(default=None, gt=0)
    replication_factor: int | None = Field(default=None, gt=0)
    retention: str | int | None = Field(default=None, description="Shorthand for retention.ms.")
    configs: dict[str, str | int | bool] = Field(default_factory=dict)
    exclusive_configs: bool = Field(default=False, description="Reset configs set on the topic but not declared.")

    @model_validator(mode="after")
    def _readable_values(self) -> TopicSpec:
        if self.retention is not None and "retention.ms" in self.configs:
            raise ValueError("retention and configs.retention.ms say the same thing: keep one")
        for key, value in self.configs.items():
            kafka_value(key, value)
        if self.retention is not None:
            kafka_value("retention.ms", self.retention)
        return self

    def normalized_configs(self) -> dict[str, str]:
        configs = {k: kafka_value(k, v) for k, v in self.configs.items()}
        if self.retention is not None:
            configs["retention.ms"] = kafka_value("retention.ms", self.retention)
        return configs


class AclSpec(Strict):
    """One ACL binding."""

    principal: str = Field(pattern=r"^[A-Za-z]+:.+$", description="e.g. User:ai4i-app")
    host: str = "*"
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
    name: str


class Defaults(Strict):
    partitions: int = Field(default=1, gt=0)
    replication_factor: int = Field(default=1, gt=0)


class KafkaSpec(Strict):
    """The whole of state/kafka.yaml."""

    defaults: Defaults = Field(default_factory=Defaults)
    topics: dict[str, TopicSpec] = Field(default_factory=dict)
    prune_prefixes: list[str] = Field(default_factory=list, description="Delete undeclared topics under these.")
    acls: list[AclSpec] = Field(default_factory=list)

    @field_validator("topics")
    @classmethod
    def _names(cls, topics: dict[str, TopicSpec]) -> dict[str, TopicSpec]:
        for name in topics:
            if not _TOPIC_NAME.match(name) or name in (".", ".."):
                raise ValueError(f"{name!r} is not a valid topic name (letters, digits, . _ -; at most 249)")
            if is_internal(name):
                raise ValueError(f"{name!r} is an internal topic: reconcile never manages internal topics")
        return topics

    @field_validator("prune_prefixes")
    @classmethod
    def _prefixes(cls, prefixes: list[str]) -> list[str]:
        for prefix in prefixes:
            if not prefix or is_internal(prefix):
                raise ValueError(f"prune prefix {prefix!r} must be non-empty and not internal")
        return prefixes
