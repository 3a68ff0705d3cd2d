"""The file format of state/influxdb.yaml, and the durations it accepts.

Retention and shard group durations are written the way people say them
(`30d`, `12h`, `1w`, `infinite`) and kept in seconds, the unit of the
InfluxDB API. A bucket's retention must be at least one hour (the server
refuses less) and its shard group duration no longer than its retention.
Authorizations grant read and/or write on declared buckets to a named
service; the name is the authorization's description, so it is how
reconcile finds the token again on the next run.

State files arrive in pull requests, so durations are checked against what
InfluxDB can hold: the API takes seconds as an int64, but the server turns
them into a Go time.Duration (int64 nanoseconds), so anything past
9223372036 seconds (about 292 years) would silently wrap around.
"""

import re
from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from reconciler.field_defaults import empty_list

SYSTEM_BUCKETS = ("_monitoring", "_tasks")
INFINITE = 0
HOUR = 3600
_DURATION = re.compile(r"^(\d+)\s*(s|m|h|d|w)$")
_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 604_800}
# The longest duration InfluxDB stores without overflow: its Go time.Duration counts int64 nanoseconds.
MAX_SECONDS = (2**63 - 1) // 1_000_000_000
MAX_NAME_BYTES = 255
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")

Path = tuple[str | int, ...]


def duration_seconds(value: str | int, field: str) -> int:
    """`30d` -> 2592000, `infinite` -> 0; raises ValueError naming the field otherwise."""
    if isinstance(value, int) and not isinstance(value, bool):
        if value < 0:
            raise ValueError(f"{field}: {value} is negative")
        seconds = value
    else:
        text = str(value).strip().lower()
        if text in ("infinite", "inf", "forever"):
            return INFINITE
        match = _DURATION.match(text)
        if not match:
            raise ValueError(f"{field}: {value!r} is not a duration (e.g. 1h, 30d, 1w, infinite, or seconds)")
        seconds = int(match[1]) * _SECONDS[match[2]]
    if seconds > MAX_SECONDS:
        raise ValueError(
            f"{field}: {value!r} is {seconds} seconds, longer than InfluxDB can store "
            f"(at most {MAX_SECONDS} seconds, about 292 years; use `infinite` for no expiry)"
        )
    return seconds


def name_problem(name: str, what: str) -> str | None:
    """Why a bucket (or organization) name cannot be used, or None."""
    if not name.strip() or name != name.strip():
        return f"{name!r}: a {what} name cannot be blank or start or end with spaces"
    if _CONTROL.search(name):
        return f"{name!r}: control characters are not allowed in a {what} name"
    if len(name.encode()) > MAX_NAME_BYTES:
        return f"{what} names are at most {MAX_NAME_BYTES} bytes (this one is {len(name.encode())})"
    return None


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

    @field_validator("name")
    @classmethod
    def _name(cls, name: str) -> str:
        problem = name_problem(name, "organization")
        if problem:
            raise ValueError(problem)
        return name


class BucketSpec(Strict):
    description: str | None = Field(default=None, description="Compared only when declared; '' clears it.")
    retention: str | int | None = Field(
        default=None, description="`30d`, `12h`, `1w`, `infinite` or seconds; compared only when declared."
    )
    shard_group_duration: str | int | None = Field(
        default=None, description="Compared only when declared; the server picks one otherwise."
    )

    @field_validator("retention", "shard_group_duration")
    @classmethod
    def _duration(cls, value: str | int | None, info: ValidationInfo) -> str | int | None:
        if value is not None:
            duration_seconds(value, str(info.field_name))
        return value

    @model_validator(mode="after")
    def _durations(self) -> "BucketSpec":
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

    read: list[str] = Field(default_factory=empty_list, description="Buckets this token may read.")
    write: list[str] = Field(default_factory=empty_list, description="Buckets this token may write.")
    active: bool = True
    token_file: str | None = Field(
        default=None,
        description="Where apply writes a newly created token (mode 0600), relative to the working directory.",
    )

    @model_validator(mode="after")
    def _grants_something(self) -> "AuthorizationSpec":
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
        default_factory=empty_list,
        description="Undeclared buckets under these prefixes are deleted (--allow-destructive); so are undeclared "
        "authorizations whose description starts with one, when the state declares authorizations.",
    )

    def problems(self) -> Iterator[tuple[Path, str]]:
        """Bucket and authorization names InfluxDB would refuse (or that would garble output), by path.

        Checked after pydantic so that a bad mapping key is reported on its own
        line rather than on the line of `buckets:`.
        """
        for name in self.buckets:
            problem = name_problem(name, "bucket")
            if name.startswith("_"):
                problem = f"{name!r}: names starting with _ are reserved for InfluxDB's system buckets"
            elif problem is None and ('"' in name or "\\" in name):
                problem = f'{name!r} is not a valid bucket name (no " or \\)'
            if problem:
                yield ("buckets", name), problem
        for name in self.authorizations:
            if _CONTROL.search(name) or not name.strip():
                yield ("authorizations", name), f"{name!r}: an authorization name must be printable and not blank"

    @field_validator("owned_prefixes")
    @classmethod
    def _prefixes(cls, prefixes: list[str]) -> list[str]:
        for prefix in prefixes:
            if not prefix or prefix.startswith("_"):
                raise ValueError(f"owned prefix {prefix!r} must be non-empty and cannot cover system buckets")
        return prefixes
