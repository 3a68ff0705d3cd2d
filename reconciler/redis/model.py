"""Redis keys as both sides of the diff see them: every value a Redis string."""

from typing import Literal

from pydantic import BaseModel, ConfigDict

KeyType = Literal["string", "hash", "list", "set", "zset"]


class RedisKey(BaseModel):
    """A key's type, content and expiry. Sets are kept sorted so equal sets compare equal."""

    model_config = ConfigDict(extra="forbid")

    name: str
    type: KeyType
    value: str | None = None
    fields: dict[str, str] | None = None
    items: list[str] | None = None
    members: list[str] | None = None
    scores: dict[str, float] | None = None
    ttl: int | None = None

    def content(self) -> object:
        return {
            "string": self.value,
            "hash": self.fields,
            "list": self.items,
            "set": self.members,
            "zset": self.scores,
        }[self.type]


class DesiredKey(RedisKey):
    """A declared key, with how it is managed and where it was declared."""

    policy: Literal["managed", "create_only"] = "managed"
    exclusive: bool = False
    line: int | None = None
