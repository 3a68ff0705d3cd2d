"""`reconcile export` for Kafka: exporting a cluster and planning against the export gives an empty plan."""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path
from typing import Any

import pytest
import yaml
from confluent_kafka.admin import AdminClient, AlterConfigOpType, ConfigEntry, ConfigResource, NewTopic, ResourceType

from reconciler.export_files import ExportedFile
from reconciler.kafka.differ import diff_kafka
from reconciler.kafka.exporter import config_value, export_kafka, kafka_document
from reconciler.kafka.inspector import Acl, LiveKafka, LiveTopic
from reconciler.kafka.spec import KafkaSpec
from tests.conftest import Cli, export_to
from tests.conftest import assert_round_trip as round_trip

ROOT = Path(__file__).resolve().parents[2]
AI4I_TOPICS = ["ai-events", "user-activity", "system-metrics", "audit-logs"]


@pytest.fixture
def prefix() -> str:
    """Topics of one test share a unique prefix: the broker lives for the whole session."""
    return f"t{uuid.uuid4().hex[:8]}-"


def admin(bootstrap: str) -> AdminClient:
    return AdminClient({"bootstrap.servers": bootstrap})


def create_topics(bootstrap: str, *topics: NewTopic) -> None:
    client = admin(bootstrap)
    for future in client.create_topics(list(topics)).values():
        future.result()


def set_topic_config(bootstrap: str, name: str, key: str, value: str) -> None:
    """As an operator with kafka-configs.sh would."""
    client = admin(bootstrap)
    entry = ConfigEntry(key, value, incremental_operation=AlterConfigOpType.SET)
    futures = client.incremental_alter_configs([ConfigResource(ResourceType.TOPIC, name, incremental_configs=[entry])])
    next(iter(futures.values())).result()


def export(tmp_path: Path, prefixes: list[str], out: str = "exported") -> tuple[ExportedFile, Path]:
    return export_to(export_kafka, tmp_path, prefixes, out)


def assert_round_trip(cli: Cli, directory: Path) -> None:
    """The export plans back to nothing and warns about nothing."""
    round_trip(cli, directory, "kafka")
    assert "set on the cluster but not in" not in cli.out


def test_ai4i_state_round_trips(cli: Cli, tmp_path: Path, kafka_url: str) -> None:
    state = tmp_path / "state"
    state.mkdir()
    shutil.copy(ROOT / "state" / "kafka.yaml", state / "kafka.yaml")
    assert cli("apply", "--state", state, "--only", "kafka", "--auto-approve") == 0, cli.out + cli.err

    exported, directory = export(tmp_path, AI4I_TOPICS)
    assert_round_trip(cli, directory)
    declared = yaml.safe_load((state / "kafka.yaml").read_text())
    assert exported.data == declared  # the same file, down to `retention: 7d` and `defaults`
    text = (directory / "kafka.yaml").read_text()
    assert text.startswith("# yaml-language-server: $schema=../schema/kafka.schema.json\n")
    assert exported.header[:2] == [
        f"exported from {kafka_url} by reconcile export",
        f"topics under {', '.join(AI4I_TOPICS)} only",
    ]
    assert f"# exported from {kafka_url} by reconcile export\n" in text
    assert "prune" not in text

    _, everything = export(tmp_path, [], out="everything")  # every topic of the session's broker
    assert_round_trip(cli, everything)
    assert set(AI4I_TOPICS) <= set(yaml.safe_load((everything / "kafka.yaml").read_text())["topics"])
    assert "__consumer_offsets" not in (everything / "kafka.yaml").read_text()


def test_topics_created_outside_reconcile_round_trip(cli: Cli, tmp_path: Path, kafka_url: str, prefix: str) -> None:
    configs = {
        "retention.ms": "43200000",
        "cleanup.policy": "compact,delete",
        "segment.bytes": "268435456",
        "min.insync.replicas": "1",  # equal to the broker default, but set on the topic: exported
        "message.timestamp.type": "LogAppendTime",
        "delete.retention.ms": "90000",
    }
    create_topics(
        kafka_url,
        NewTopic(f"{prefix}orders", 3, 1, config=configs),
        NewTopic(f"{prefix}plain", 1, 1),
        NewTopic(f"x{prefix}elsewhere", 1, 1),
    )
    set_topic_config(kafka_url, f"{prefix}plain", "max.message.bytes", "2097152")
    set_topic_config(kafka_url, f"{prefix}plain", "preallocate", "true")
    set_topic_config(kafka_url, f"{prefix}plain", "segment.ms", "1000")

    exported, directory = export(tmp_path, [prefix])
    assert exported.data == {
        "defaults": {"replication_factor": 1},
        "topics": {
            f"{prefix}orders": {
                "partitions": 3,
                "retention": "12h",
                "configs": {
                    "cleanup.policy": "compact,delete",
                    "delete.retention.ms": "90s",
                    "message.timestamp.type": "LogAppendTime",
                    "min.insync.replicas": 1,
                    "segment.bytes": "256mb",
                },
            },
            f"{prefix}plain": {
                "partitions": 1,
                "configs": {"max.message.bytes": "2mb", "preallocate": True, "segment.ms": "1s"},
            },
        },
    }  # broker defaults (compression.type: producer, segment.ms of orders, ...) are not there; no acls, no prune
    assert exported.secrets == {}
    assert_round_trip(cli, directory)


def test_a_changed_topic_no_longer_matches_its_export(cli: Cli, tmp_path: Path, kafka_url: str, prefix: str) -> None:
    """The empty plan is not vacuous: the export is compared, and a later change shows as drift against it."""
    create_topics(kafka_url, NewTopic(f"{prefix}t", 2, 1, config={"retention.ms": "86400000"}))
    _, directory = export(tmp_path, [prefix])
    assert_round_trip(cli, directory)
    set_topic_config(kafka_url, f"{prefix}t", "retention.ms", "3600000")
    assert cli("plan", "--state", directory, "--only", "kafka", "--detailed-exitcode") == 2
    assert "retention.ms: 3600000 (1h) -> 86400000 (1d)" in cli.out


def test_an_empty_export_is_a_valid_state(cli: Cli, tmp_path: Path, kafka_url: str, prefix: str) -> None:
    exported, directory = export(tmp_path, [prefix])
    assert exported.data == {"topics": {}}
    assert_round_trip(cli, directory)


def test_values_are_written_so_they_read_back_exactly() -> None:
    assert config_value("retention.ms", "604800000") == "7d"
    assert config_value("retention.ms", "-1") == -1
    assert config_value("retention.ms", "1500") == 1500
    assert config_value("segment.bytes", "1073741824") == "1gb"
    assert config_value("max.message.bytes", "1000012") == 1000012
    assert config_value("flush.messages", "9223372036854775807") == 9223372036854775807
    assert config_value("unclean.leader.election.enable", "false") is False
    assert config_value("message.format.version", "3.0-IV1") == "3.0-IV1"
    assert config_value("cleanup.policy", "compact, delete") is None  # the spec would store compact,delete


def _topic(name: str, **configs: str) -> LiveTopic:
    return LiveTopic(name=name, partitions=1, replication_factor=1, configs=dict(configs))


def _acl(name: str, principal: str = "User:app", **fields: str) -> Acl:
    values: dict[str, Any] = {
        "principal": principal,
        "host": "*",
        "operation": "read",
        "permission": "allow",
        "resource_type": "topic",
        "pattern_type": "literal",
        "name": name,
    }
    return Acl(**(values | fields))


def plan_against(data: dict[str, Any], topics: dict[str, LiveTopic], acls: list[Acl]) -> list[str]:
    """What `plan` would do with the exported data against this cluster (the inspector's selection applied)."""
    spec = KafkaSpec.model_validate(data)
    live = LiveKafka(topics={n: t for n, t in topics.items() if n in spec.topics}, acls=acls)
    plan = diff_kafka(spec, live, with_acls=bool(spec.acls))
    return [c.address for c in plan.changes] + plan.warnings


def test_acls_are_exported_by_whole_resource_and_round_trip() -> None:
    topics = {"app-orders": _topic("app-orders"), "app-users": _topic("app-users")}
    acls = [
        _acl("app-orders"),
        _acl("app-orders", "User:audit", operation="describe", host="10.0.0.1"),
        _acl("app-users", operation="write", permission="deny"),
        _acl("app-", pattern_type="prefixed", operation="all"),  # a prefix inside the exported namespace
        _acl("app", "User:ops", pattern_type="prefixed"),  # broader than the export: grants on it, not exported
        _acl("*", "User:ops", operation="describe"),
        _acl("other-topic"),
        _acl("payments", resource_type="group"),
    ]
    data, notes = kafka_document(topics, acls, ["app-"])
    assert data["acls"] == [
        {"principal": "User:app", "operation": "all", "pattern_type": "prefixed", "name": "app-"},
        {"principal": "User:app", "operation": "read", "name": "app-orders"},
        {"principal": "User:audit", "host": "10.0.0.1", "operation": "describe", "name": "app-orders"},
        {"principal": "User:app", "operation": "write", "permission": "deny", "name": "app-users"},
    ]
    assert "prune_prefixes" not in data
    assert notes[0].startswith("Not exported: ACLs that also grant on these topics")
    assert notes[1:] == ["  topic:literal:*/User:ops@*/describe/allow", "  topic:prefixed:app/User:ops@*/read/allow"]
    assert plan_against(data, topics, acls) == []

    everything, _ = kafka_document(topics, acls, [])  # no prefix: every topic ACL, never other resource types
    assert {a["name"] for a in everything["acls"]} == {"app-", "app", "*", "app-orders", "app-users", "other-topic"}
    assert plan_against(everything, topics, acls) == []


def test_no_authorizer_means_no_acls_and_no_error() -> None:
    data, notes = kafka_document({"a": _topic("a")}, None, [])
    assert "acls" not in data
    assert notes == ["No ACLs: the broker has no authorizer (DescribeAcls answered SECURITY_DISABLED)."]


def test_what_cannot_be_declared_exactly_is_left_out_and_named() -> None:
    topics = {"a": _topic("a", **{"cleanup.policy": "compact, delete", "retention.ms": "60000"})}
    acls = [_acl("a"), _acl("a", operation="unknown")]  # an operation the spec has no name for
    data, notes = kafka_document(topics, acls, [])
    assert data["topics"] == {"a": {"partitions": 1, "retention": "1m"}}
    assert "acls" not in data  # declaring the readable one would plan the other one's deletion
    assert "  topic a: cleanup.policy='compact, delete' (the spec would store it differently)" in notes
    assert "  topic:literal:a/User:app@*/unknown/allow" in notes
    plan = plan_against(data, topics, acls)
    assert [p for p in plan if not p.startswith("kafka topic a: cleanup.policy")] == []  # only that warning
