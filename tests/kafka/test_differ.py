"""The Kafka differ is pure: configs by source, partitions, and ACLs, without a broker."""

from __future__ import annotations

from reconciler.changes import Action
from reconciler.kafka.differ import diff_kafka
from reconciler.kafka.inspector import Acl, LiveKafka, LiveTopic
from reconciler.kafka.spec import KafkaSpec, kafka_value, readable


def spec(body: dict[str, object]) -> KafkaSpec:
    return KafkaSpec.model_validate(body)


READ = Acl("User:app", "*", "read", "allow", "topic", "literal", "orders")
WRITE = Acl("User:app", "*", "write", "allow", "topic", "literal", "orders")
FOREIGN = Acl("User:other", "*", "read", "allow", "topic", "literal", "not-managed")


def test_readable_values_round_trip() -> None:
    assert kafka_value("retention.ms", "7d") == "604800000"
    assert kafka_value("segment.bytes", "1gb") == "1073741824"
    assert kafka_value("cleanup.policy", "compact , delete") == "compact,delete"
    assert kafka_value("retention.ms", -1) == "-1"
    assert readable("retention.ms", "259200000") == "259200000 (3d)"


def test_broker_defaults_are_not_drift_but_declared_defaults_are_pinned() -> None:
    live = LiveKafka(topics={"orders": LiveTopic("orders", 1, 1, {}, {"cleanup.policy": "delete"})})
    assert diff_kafka(spec({"topics": {"orders": {}}}), live, with_acls=False).changes == []
    pinned = diff_kafka(spec({"topics": {"orders": {"configs": {"cleanup.policy": "delete"}}}}), live, with_acls=False)
    assert [c.after for c in pinned.changes] == [{"name": "orders", "set": {"cleanup.policy": "delete"}, "delete": []}]


def test_acls_are_created_and_deleted_within_managed_resources_only() -> None:
    declared = spec(
        {
            "topics": {"orders": {}},
            "acls": [{"principal": "User:app", "operation": "read", "name": "orders"}],
        }
    )
    live = LiveKafka(topics={"orders": LiveTopic("orders", 1, 1)}, acls=[WRITE, FOREIGN])
    changes = {c.address: c for c in diff_kafka(declared, live, with_acls=True).changes}
    create = changes[f"kafka.cluster.acl.{READ.label()}"]
    delete = changes[f"kafka.cluster.acl.{WRITE.label()}"]
    assert create.action is Action.CREATE and create.after == READ.__dict__
    assert delete.action is Action.DELETE and delete.destructive
    assert not any(FOREIGN.label() in address for address in changes)


def test_acls_in_place_are_no_drift() -> None:
    declared = spec(
        {"topics": {"orders": {}}, "acls": [{"principal": "User:app", "operation": "read", "name": "orders"}]}
    )
    live = LiveKafka(topics={"orders": LiveTopic("orders", 1, 1)}, acls=[READ, FOREIGN])
    assert diff_kafka(declared, live, with_acls=True).changes == []
