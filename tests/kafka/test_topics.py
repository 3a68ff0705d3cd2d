"""Kafka topics, configs, partitions and ACLs against noida-db (and the real image where Docker answers)."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from confluent_kafka.admin import AdminClient, AlterConfigOpType, ConfigEntry, ConfigResource, NewTopic, ResourceType

from reconciler.kafka.admin import Admin
from reconciler.kafka.inspector import inspect_topics
from tests.conftest import Cli

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def prefix() -> str:
    """Topics of one test share a unique prefix: the broker lives for the whole session."""
    return f"t{uuid.uuid4().hex[:8]}-"


@pytest.fixture
def state(tmp_path: Path) -> Path:
    root = tmp_path / "state"
    root.mkdir()
    return root


def write(state: Path, body: str) -> None:
    (state / "kafka.yaml").write_text(body.strip() + "\n")


def admin(bootstrap: str) -> AdminClient:
    return AdminClient({"bootstrap.servers": bootstrap})


def topic_configs(bootstrap: str, name: str) -> dict[str, tuple[str, bool]]:
    """key -> (value, set on the topic)."""
    client = admin(bootstrap)  # keep the client alive until its futures resolve
    future = client.describe_configs([ConfigResource(ResourceType.TOPIC, name)])
    entries = next(iter(future.values())).result()
    return {k: (e.value, e.source == 1) for k, e in entries.items()}


def set_topic_config(bootstrap: str, name: str, key: str, value: str) -> None:
    """Change a config behind reconcile's back, as an operator with kafka-configs.sh would."""
    client = admin(bootstrap)
    entry = ConfigEntry(key, value, incremental_operation=AlterConfigOpType.SET)
    futures = client.incremental_alter_configs([ConfigResource(ResourceType.TOPIC, name, incremental_configs=[entry])])
    next(iter(futures.values())).result()


def partitions(bootstrap: str, name: str) -> int:
    return len(admin(bootstrap).list_topics(timeout=10).topics[name].partitions)


def apply(cli: Cli, state: Path, *flags: str) -> None:
    assert cli("apply", "--state", state, "--only", "kafka", "--auto-approve", *flags) == 0, cli.out + cli.err
    assert cli("drift", "--state", state, "--only", "kafka", "--fail-on-diff") == 0, cli.out


def test_create_from_empty_with_readable_values(cli: Cli, state: Path, kafka_url: str, prefix: str) -> None:
    write(
        state,
        f"""
topics:
  {prefix}events:
    partitions: 3
    retention: 7d
    configs: {{compression.type: gzip, cleanup.policy: "compact, delete", segment.bytes: 256mb}}
""",
    )
    assert cli("plan", "--state", state, "--only", "kafka", "--detailed-exitcode") == 2
    assert "retention.ms = 604800000 (7d)" in cli.out and "segment.bytes = 268435456 (256mb)" in cli.out
    apply(cli, state)
    configs = topic_configs(kafka_url, f"{prefix}events")
    assert configs["retention.ms"] == ("604800000", True)
    assert configs["cleanup.policy"] == ("compact,delete", True)
    assert partitions(kafka_url, f"{prefix}events") == 3


def test_every_config_change_and_broker_defaults(cli: Cli, state: Path, kafka_url: str, prefix: str) -> None:
    name = f"{prefix}t"
    write(state, f"topics:\n  {name}: {{retention: 3d, configs: {{compression.type: lz4}}}}\n")
    apply(cli, state)
    broker_default = topic_configs(kafka_url, name)["min.insync.replicas"]
    assert broker_default == ("1", False)
    write(
        state, f"topics:\n  {name}: {{retention: 30d, configs: {{compression.type: snappy, min.insync.replicas: 1}}}}\n"
    )
    assert cli("plan", "--state", state, "--only", "kafka") == 0
    assert "retention.ms: 259200000 (3d) -> 2592000000 (30d)" in cli.out
    assert "compression.type: lz4 -> snappy" in cli.out
    assert "min.insync.replicas: broker default 1 -> 1 (equal to the broker default" in cli.out
    apply(cli, state)
    assert topic_configs(kafka_url, name)["min.insync.replicas"] == ("1", True)  # pinned on the topic


def test_configs_set_outside_the_file_warn_then_reset_with_exclusive(
    cli: Cli, state: Path, kafka_url: str, prefix: str
) -> None:
    name = f"{prefix}t"
    write(state, f"topics:\n  {name}: {{retention: 1d}}\n")
    apply(cli, state)
    set_topic_config(kafka_url, name, "max.message.bytes", "2097152")
    assert cli("drift", "--state", state, "--only", "kafka", "--fail-on-diff") == 0
    assert "max.message.bytes=2097152 (2mb) is set on the cluster but not in state/kafka.yaml; left alone" in cli.out
    write(state, f"topics:\n  {name}: {{retention: 1d, exclusive_configs: true}}\n")
    assert cli("plan", "--state", state, "--only", "kafka") == 0
    assert "max.message.bytes: 2097152 (2mb) -> broker default (exclusive_configs)" in cli.out
    apply(cli, state)
    assert topic_configs(kafka_url, name)["max.message.bytes"][1] is False


def test_partition_increase_and_refused_decrease(cli: Cli, state: Path, kafka_url: str, prefix: str) -> None:
    name = f"{prefix}t"
    write(state, f"topics:\n  {name}: {{partitions: 2}}\n")
    apply(cli, state)
    write(state, f"topics:\n  {name}: {{partitions: 5}}\n")
    assert cli("plan", "--state", state, "--only", "kafka") == 0
    assert "partitions: 2 -> 5" in cli.out and "repartition" in cli.out
    apply(cli, state)
    assert partitions(kafka_url, name) == 5
    write(state, f"topics:\n  {name}: {{partitions: 3}}\n")
    assert cli("plan", "--state", state, "--only", "kafka", "--detailed-exitcode") == 2
    assert "Kafka cannot remove partitions (5 -> 3)" in cli.out
    assert cli("apply", "--state", state, "--only", "kafka", "--auto-approve") == 1
    assert "cannot be applied" in cli.err and partitions(kafka_url, name) == 5


def test_replication_factor_change_is_refused_with_what_to_run(
    cli: Cli, state: Path, kafka_url: str, prefix: str
) -> None:
    name = f"{prefix}t"
    write(state, f"topics:\n  {name}: {{replication_factor: 1}}\n")
    apply(cli, state)
    write(state, f"topics:\n  {name}: {{replication_factor: 3}}\n")
    assert cli("plan", "--state", state, "--only", "kafka") == 0
    assert "kafka-reassign-partitions.sh" in cli.out
    assert cli("apply", "--state", state, "--only", "kafka", "--auto-approve") == 1


def test_delete_only_under_prune_prefixes_and_with_the_flag(cli: Cli, state: Path, kafka_url: str, prefix: str) -> None:
    client = admin(kafka_url)
    for future in client.create_topics([NewTopic(f"{prefix}old", 1, 1), NewTopic(f"x{prefix}other", 1, 1)]).values():
        future.result()
    write(state, f"prune_prefixes: [{prefix}]\ntopics:\n  {prefix}kept: {{}}\n")
    assert cli("plan", "--state", state, "--only", "kafka") == 0
    assert f"- topic.{prefix}old (destructive" in cli.out and "other" not in cli.out and "__consumer" not in cli.out
    assert cli("apply", "--state", state, "--only", "kafka", "--auto-approve") == 1
    assert f"{prefix}old" in client.list_topics(timeout=10).topics
    apply(cli, state, "--allow-destructive")
    names = client.list_topics(timeout=10).topics
    assert f"{prefix}old" not in names and f"x{prefix}other" in names and "__consumer_offsets" in names


def test_acls_without_an_authorizer_fail_clearly(cli: Cli, state: Path, kafka_url: str, prefix: str) -> None:
    write(
        state,
        f"""
topics:
  {prefix}t: {{}}
acls:
  - {{principal: "User:app", operation: read, name: {prefix}t}}
""",
    )
    assert cli("plan", "--state", state, "--only", "kafka") == 0
    assert f"+ acl.topic:literal:{prefix}t/User:app@*/read/allow" in cli.out
    code = cli("apply", "--state", state, "--only", "kafka", "--auto-approve")
    if code == 1:  # noida-db and brokers without an authorizer
        assert "Kafka refused CreateAcls" in cli.err and "Authorizer" in cli.err
    else:
        assert cli("drift", "--state", state, "--only", "kafka", "--fail-on-diff") == 0


def test_bad_input_names_file_line_and_field(cli: Cli, state: Path, kafka_url: str, prefix: str) -> None:
    write(state, "topics:\n  ok: {partitions: 0}\n")
    assert cli("validate", "--state", state) == 1 and "state/kafka.yaml:2: topics.ok.partitions" in cli.err
    write(state, "topics:\n  __consumer_offsets: {}\n")
    assert cli("validate", "--state", state) == 1 and "internal topic" in cli.err
    write(state, "topics:\n  ok:\n    retention: sometimes\n")
    assert cli("validate", "--state", state) == 1 and "'sometimes' is not a duration" in cli.err
    write(state, f"topics:\n  {prefix}t:\n    configs: {{no.such.config: 1}}\n")
    assert cli("plan", "--state", state, "--only", "kafka") == 1
    assert f"state/kafka.yaml:2: topics.{prefix}t: the broker refuses this topic" in cli.err
    assert "no.such.config" in cli.err
    assert f"{prefix}t" not in admin(kafka_url).list_topics(timeout=10).topics


def test_unreachable_broker_is_named(cli: Cli, state: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RECONCILE_KAFKA_BOOTSTRAP", "127.0.0.1:1")
    monkeypatch.setattr("reconciler.kafka.admin.TIMEOUT_SECONDS", 2.0)
    write(state, "topics:\n  a: {}\n")
    assert cli("plan", "--state", state, "--only", "kafka") == 1
    assert "Kafka at 127.0.0.1:1 did not answer" in cli.err


def test_inspection_is_one_request_per_api(kafka_url: str, prefix: str) -> None:
    client = admin(kafka_url)
    names = [f"{prefix}{i}" for i in range(30)]
    for future in client.create_topics([NewTopic(n, 1, 1) for n in names]).values():
        future.result()
    counter = Admin(kafka_url)
    topics = inspect_topics(counter, names, [])
    assert len(topics) == 30 and counter.requests == 2  # Metadata + one DescribeConfigs for all


def test_ai4i_topics_converge_from_empty_and_after_tampering(cli: Cli, kafka_url: str) -> None:
    state = ROOT / "state"
    apply(cli, state)
    assert cli("plan", "--state", state, "--only", "kafka", "--format", "json") == 0
    assert json.loads(cli.out)["changes"] == []
    assert partitions(kafka_url, "ai-events") == 6 and partitions(kafka_url, "audit-logs") == 2
    assert topic_configs(kafka_url, "system-metrics")["compression.type"] == ("lz4", True)
    set_topic_config(kafka_url, "user-activity", "retention.ms", "1000")
    assert cli("drift", "--state", state, "--only", "kafka", "--fail-on-diff") == 2
    assert "retention.ms: 1000 (1s) -> 2592000000 (30d)" in cli.out
    apply(cli, state)
