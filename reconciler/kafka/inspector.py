"""Read the topics, topic configs and ACLs the state manages: one request per admin API.

Configs come from one DescribeConfigs for all declared topics. An entry is
only "set on the topic" when its source is DYNAMIC_TOPIC_CONFIG; default,
static-broker and dynamic-broker entries are the broker's, never drift.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from confluent_kafka.admin import (
    AclBinding,
    AclBindingFilter,
    AclOperation,
    AclPermissionType,
    ConfigResource,
    ConfigSource,
    ResourcePatternType,
    ResourceType,
)

from reconciler.kafka.admin import Admin, wait
from reconciler.kafka.spec import is_internal

TOPIC_SOURCE = ConfigSource.DYNAMIC_TOPIC_CONFIG.value


@dataclass
class LiveTopic:
    name: str
    partitions: int
    replication_factor: int
    configs: dict[str, str] = field(default_factory=dict)  # set on the topic
    broker_values: dict[str, str] = field(default_factory=dict)  # inherited from the broker


@dataclass(frozen=True)
class Acl:
    principal: str
    host: str
    operation: str
    permission: str
    resource_type: str
    pattern_type: str
    name: str

    @property
    def resource(self) -> tuple[str, str, str]:
        return (self.resource_type, self.pattern_type, self.name)

    def label(self) -> str:
        """A compact, space-free name used in addresses: topic:literal:orders/User:app@*/read/allow."""
        resource = f"{self.resource_type}:{self.pattern_type}:{self.name}"
        return f"{resource}/{self.principal}@{self.host}/{self.operation}/{self.permission}"


@dataclass
class LiveKafka:
    topics: dict[str, LiveTopic] = field(default_factory=dict)
    acls: list[Acl] = field(default_factory=list)


def inspect_topics(
    admin: Admin, declared: list[str], prune_prefixes: list[str], listing: dict[str, tuple[int, int]] | None = None
) -> dict[str, LiveTopic]:
    """Declared topics that exist, and undeclared ones under prune prefixes (internal topics never).

    `listing` is admin.topics() when the caller already has it.
    """
    listing = admin.topics() if listing is None else listing
    wanted = [
        name
        for name in listing
        if not is_internal(name) and (name in declared or any(name.startswith(p) for p in prune_prefixes))
    ]
    topics = {name: LiveTopic(name, *listing[name]) for name in wanted}
    if wanted:
        futures = admin.call("describe_configs", [ConfigResource(ResourceType.TOPIC, name) for name in wanted])
        for resource, future in futures.items():
            entries = future.result()
            topic = topics[resource.name]
            for key, entry in entries.items():
                if entry.value is None:
                    continue
                if entry.source == TOPIC_SOURCE:
                    topic.configs[key] = entry.value
                else:
                    topic.broker_values[key] = entry.value
    return topics


def unmanaged_topics(listing: dict[str, tuple[int, int]], declared: list[str], prune_prefixes: list[str]) -> list[str]:
    """Live topics neither declared nor under a prune prefix (internal topics are nobody's): left alone."""
    return sorted(
        name
        for name in listing
        if not is_internal(name) and name not in declared and not any(name.startswith(p) for p in prune_prefixes)
    )


def _enum_name(value: object) -> str:
    """confluent-kafka types these fields as enum | str | int; the client returns enums."""
    return str(getattr(value, "name", value)).lower()


def _acl(binding: AclBinding) -> Acl:
    return Acl(
        principal=binding.principal,
        host=binding.host,
        operation=_enum_name(binding.operation),
        permission=_enum_name(binding.permission_type),
        resource_type=_enum_name(binding.restype),
        pattern_type=_enum_name(binding.resource_pattern_type),
        name=binding.name,
    )


def to_binding(acl: Acl) -> AclBinding:
    return AclBinding(
        ResourceType[acl.resource_type.upper()],
        acl.name,
        ResourcePatternType[acl.pattern_type.upper()],
        acl.principal,
        acl.host,
        AclOperation[acl.operation.upper()],
        AclPermissionType[acl.permission.upper()],
    )


def to_filter(acl: Acl) -> AclBindingFilter:
    """DeleteAcls takes filters; an exact filter matches exactly this binding."""
    binding = to_binding(acl)
    return AclBindingFilter(
        binding.restype,
        binding.name,
        binding.resource_pattern_type,
        binding.principal,
        binding.host,
        binding.operation,
        binding.permission_type,
    )


def inspect_acls(admin: Admin) -> list[Acl]:
    """Every ACL binding (one DescribeAcls); the caller keeps those on resources it manages."""
    match_all = AclBindingFilter(
        ResourceType.ANY,
        None,  # type: ignore[arg-type]  # None matches any name, principal and host (librdkafka)
        ResourcePatternType.ANY,
        None,  # type: ignore[arg-type]
        None,  # type: ignore[arg-type]
        AclOperation.ANY,
        AclPermissionType.ANY,
    )
    future = admin.call("describe_acls", match_all)
    result = wait({"acls": future})
    if result["acls"] is not None:
        raise result["acls"]
    return [_acl(b) for b in future.result()]
