"""The file format of state/redis.yaml.

Keys are declared by name, or generated from a group template where writing
each key out is error-prone (one rate-limit key pair per service). Scalar
values are Redis strings: `true` and `3600` are stored as "true" and "3600".
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from reconciler.secrets import parse_reference
from reconciler.state.jsonschema import shorthand

Scalar = str | int | float | bool
Policy = Literal["managed", "create_only"]


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
    ttl: Annotated[int, Field(gt=0)] | None = Field(default=None, description="Seconds; absent means no expiry.")
    policy: Policy | None = None
    exclusive: bool = Field(default=False, description="hash only: delete fields the state does not declare.")

    @model_validator(mode="before")
    @classmethod
    def _from_scalar(cls, value: object) -> object:
        return {"value": value} if isinstance(value, (str, int, float, bool)) else value

    @model_validator(mode="after")
    def _content_matches_type(self) -> KeySpec:
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
        if self.exclusive and self.type != "hash":
            raise ValueError("exclusive applies to hashes only")
        return self


class GroupSpec(Strict):
    """Keys generated from templates: each `for_each` item fills `{placeholders}` in names and values."""

    for_each: list[dict[str, Scalar]] = Field(min_length=1)
    keys: dict[str, Any] = Field(min_length=1)
    policy: Policy | None = None
    ttl: Annotated[int, Field(gt=0)] | None = None


class AclUserSpec(Strict):
    """An ACL user. Rules are written as in ACL SETUSER; passwords only as ${env:NAME}."""

    enabled: bool = True
    passwords: list[str] = Field(default_factory=list, description="${env:NAME} references; stored as SHA-256.")
    nopass: bool = False
    keys: list[str] = Field(default_factory=list, description="Key patterns, e.g. 'ai4i:*' (no ~).")
    channels: list[str] = Field(default_factory=list, description="Pub/sub channel patterns (no &).")
    commands: list[str] = Field(default_factory=list, description="Command rules, e.g. +@read, -@dangerous, +get.")

    @model_validator(mode="after")
    def _passwords(self) -> AclUserSpec:
        for password in self.passwords:
            if parse_reference(password) is None:
                raise ValueError("passwords are written as ${env:NAME}, never in clear")
        if self.nopass and self.passwords:
            raise ValueError("nopass and passwords exclude each other")
        return self


class RedisSpec(Strict):
    """The whole of state/redis.yaml."""

    owned_prefixes: list[str] = Field(default_factory=list, description="Key prefixes this state owns (for prune).")
    prune: bool = Field(default=False, description="Delete undeclared keys under owned prefixes (destructive).")
    policy: Policy = "managed"
    keys: dict[str, KeySpec] = Field(default_factory=dict)
    groups: dict[str, GroupSpec] = Field(default_factory=dict)
    acl_users: dict[str, AclUserSpec] = Field(default_factory=dict)
    prune_acl_users: bool = Field(default=False, description="Delete ACL users not declared (never `default`).")
    config: dict[str, str | int | bool] = Field(default_factory=dict, description="CONFIG SET parameters.")
    persist_config: bool = Field(default=False, description="CONFIG REWRITE after changing parameters.")

    @model_validator(mode="after")
    def _prefixes(self) -> RedisSpec:
        for prefix in self.owned_prefixes:
            if not prefix or any(c in prefix for c in "*?[]\\"):
                raise ValueError(f"owned prefix {prefix!r} must be a non-empty literal prefix (no glob characters)")
        if self.prune and not self.owned_prefixes:
            raise ValueError("prune needs owned_prefixes: the reconciler only deletes keys under prefixes it owns")
        return self
