"""The file format of state/influxdb.yaml, and the durations it accepts.

Retention and shard group durations are written the way people say them
(`30d`, `12h`, `1w`, `infinite`) and kept in seconds, the unit of the
InfluxDB API. A bucket's retention must be at least one hour (the server
refuses less) and its shard group duration no longer than its retention.
Authorizations grant read and/or write on declared buckets to a named
service; the name is the authorization's description, so it is how
reconcile finds the token again on the next run.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

SYSTEM_BUCKETS = ("_monitoring", "_tasks")
INFINITE = 0
HOUR = 3600
_DURATION = re.compile(r"^(\d+)\s*(s|m|h|d|w)$")
_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 604_800}


def duration_seconds(value: str | int, field: str) -> int:
    """`30d` -> 2592000, `infinite` -> 0; raises ValueError naming the field otherwise."""
    if isinstance(value, int) and not isinstance(value, bool):
        if value < 0:
            raise ValueError(f"{field}: {value} is negative")
        return value
    text = str(value).strip().lower()
    if text in ("infinite", "inf", "forever"):
        return INFINITE
    match = _DURATION.match(text)
    if not match:
        raise ValueError(f"{field}: {value!r} is not a duration (e.g. 1h, 30d, 1w, infinite, or seconds)")
    return int(match[1]) * _SECONDS[match[2]]


def readable_duration(seconds: int | None) -> str:
    """2592000 -> `30d`; 0 -> `infinite`; for plans and exports."""
    if seconds is None:
        return "server default"
    if seconds == INFINITE:
        return "infinite"
    for unit, size in (("d", 86_400), ("h", 3600), ("m", 60)):
        if seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class OrganizationSpec(Strict):
    name: str = Field(min_length=1, description="Overridden by RECONCILE_INFLUXDB_ORG when that is set.")
    description: str | None = Field(default=None, description="Compared only when declared.")
    create: bool = Field(default=True, description="Create the organization when missing (needs a token allowed to).")


class BucketSpec(Strict):
    description: str | None = Field(default=None, description="Compared only when declared; '' clears it.")
    retention: str | int | None = Field(
        default=None, description="`30d`, `12h`, `1w`, `infinite` or seconds; compared only when declared."
    )
    shard_group_duration: str | int | None = Field(
        default=None, description="Compared only when declared; the server picks one otherwise."
    )

    @model_validator(mode="after")
    def _durations(self) -> BucketSpec:
        retention = self.retention_seconds()
        if retention is not None and retention != INFINITE and retention < HOUR:
            raise ValueError(f"retention: {self.retention!r} is shorter than one hour, the minimum InfluxDB accepts")
        shard = self.shard_group_seconds()
        if shard is not None:
            if shard == INFINITE:
                raise ValueError("shard_group_duration cannot be infinite")
            if retention not in (None, INFINITE) and shard > retention:
                raise ValueError(
                    f"shard_group_duration {self.shard_group_duration!r} is longer than the retention "
                    f"{self.retention!r}; InfluxDB refuses that"
                )
        return self

    def retention_seconds(self) -> int | None:
        return None if self.retention is None else duration_seconds(self.retention, "retention")

    def shard_group_seconds(self) -> int | None:
        if self.shard_group_duration is None:
            return None
        return duration_seconds(self.shard_group_duration, "shard_group_duration")


class AuthorizationSpec(Strict):
    """A token for one service: read and/or write on named buckets. The token itself is never printed."""

    read: list[str] = Field(default_factory=list, description="Buckets this token may read.")
    write: list[str] = Field(default_factory=list, description="Buckets this token may write.")
    active: bool = True
    token_file: str | None = Field(
        default=None,
        description="Where apply writes a newly created token (mode 0600), relative to the working directory.",
    )

    @model_validator(mode="after")
    def _grants_something(self) -> AuthorizationSpec:
        if not self.read and not self.write:
            raise ValueError("an authorization grants read and/or write on at least one bucket")
        return self

    def permissions(self) -> set[tuple[str, str]]:
        return {("read", b) for b in self.read} | {("write", b) for b in self.write}


class InfluxSpec(Strict):
    """The whole of state/influxdb.yaml."""

    organization: OrganizationSpec | None = Field(
        default=None, description="The organization; RECONCILE_INFLUXDB_ORG names it when this is absent."
    )
    buckets: dict[str, BucketSpec] = Field(default_factory=dict)
    authorizations: dict[str, AuthorizationSpec] = Field(default_factory=dict)
    owned_prefixes: list[str] = Field(
        default_factory=list,
        description="Undeclared buckets under these prefixes are deleted (--allow-destructive); so are undeclared "
        "authorizations whose description starts with one, when the state declares authorizations.",
    )

    @field_validator("buckets")
    @classmethod
    def _bucket_names(cls, buckets: dict[str, BucketSpec]) -> dict[str, BucketSpec]:
        for name in buckets:
            if name.startswith("_"):
                raise ValueError(f"{name!r}: names starting with _ are reserved for InfluxDB's system buckets")
            if not name.strip() or len(name) > 255 or '"' in name or "\\" in name:
                raise ValueError(f"{name!r} is not a valid bucket name")
        return buckets

    @field_validator("owned_prefixes")
    @classmethod
    def _prefixes(cls, prefixes: list[str]) -> list[str]:
        for prefix in prefixes:
            if not prefix or prefix.startswith("_"):
                raise ValueError(f"owned prefix {prefix!r} must be non-empty and cannot cover system buckets")
        return prefixes
