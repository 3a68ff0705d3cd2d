"""Organizations, buckets and authorizations as both sides of the diff see them.

Durations are seconds with 0 meaning infinite, so `retentionRules: []` and
`[{everySeconds: 0}]` read back as the same bucket. Authorizations carry
their permissions as (action, bucket name) pairs and never their token.
"""

from pydantic import BaseModel, ConfigDict, Field


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Organization(Model):
    name: str
    description: str | None = None
    id: str | None = None


class Bucket(Model):
    name: str
    description: str | None = None
    retention_seconds: int | None = Field(default=None, description="0 is infinite; None is not declared.")
    shard_group_seconds: int | None = Field(default=None, description="None is not declared (server's choice).")
    id: str | None = None
    system: bool = False


class Authorization(Model):
    """A token's identity (its description), permissions and status; the token value is never read into it."""

    name: str
    permissions: list[tuple[str, str]] = Field(description="Sorted (action, bucket name) pairs.")
    active: bool = True
    id: str | None = None
    token_file: str | None = None


class LiveInflux(Model):
    organization: Organization | None = None
    buckets: dict[str, Bucket] = Field(default_factory=dict)
    authorizations: dict[str, list[Authorization]] = Field(
        default_factory=dict, description="By description: several tokens may share one."
    )
    requests: int = 0
