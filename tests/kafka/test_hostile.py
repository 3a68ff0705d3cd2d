"""Hostile state/kafka.yaml: values Kafka cannot hold, and credentials that must never be printed.

Every bad file fails `validate` and `plan` with file, line and field, before
any request reaches the broker, and the broker's topics stay as they were.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from confluent_kafka.admin import AdminClient

from reconciler.cli import main
from tests.conftest import Cli, assert_refused_at_load, closed_port

SECRET = "s3cr3t-pw"


@pytest.fixture
def prefix() -> str:
    return f"t{uuid.uuid4().hex[:8]}-"


@pytest.fixture
def state(tmp_path: Path) -> Path:
    root = tmp_path / "state"
    root.mkdir()
    return root


def topics(bootstrap: str) -> set[str]:
    return set(AdminClient({"bootstrap.servers": bootstrap}).list_topics(timeout=10).topics)


HOSTILE = [
    (
        "topics:\n  {p}t:\n    partitions: 2147483648\n",
        "3: topics.{p}t.partitions: Input should be less than or equal to 2147483647",
    ),
    ("topics:\n  {p}t:\n    partitions: 99999999999999999999999\n", "3: topics.{p}t.partitions: Input should be less"),
    ("topics:\n  {p}t:\n    partitions: -1\n", "3: topics.{p}t.partitions: Input should be greater than 0"),
    (
        "topics:\n  {p}t:\n    replication_factor: 32768\n",
        "3: topics.{p}t.replication_factor: Input should be less than or equal to 32767",
    ),
    (
        "defaults:\n  partitions: 4294967296\ntopics:\n  {p}t: {{}}\n",
        "2: defaults.partitions: Input should be less than or equal to 2147483647",
    ),
    (
        "defaults:\n  replication_factor: 0\ntopics:\n  {p}t: {{}}\n",
        "2: defaults.replication_factor: Input should be greater than 0",
    ),
    (
        "topics:\n  ok-{p}: {{}}\n  '{p}bad name': {{}}\n",
        "3: topics.{p}bad name: '{p}bad name' is not a valid topic name",
    ),
    ("topics:\n  '..': {{}}\n", "2: topics...: '..' is not a valid topic name"),
    (
        "topics:\n  {p}" + "x" * 250 + ": {{}}\n",
        "2: topics.{p}"
        + "x" * 250
        + ": '{p}"
        + "x" * 250
        + "' is not a valid topic name (letters, digits, . _ -; at most 249",
    ),
    ("topics:\n  '{p}t/../x': {{}}\n", "2: topics.{p}t/../x: '{p}t/../x' is not a valid topic name"),
    (
        "topics:\n  {p}t:\n    retention: 99999999999999999d\n",
        "3: topics.{p}t.retention: 8639999999999999913600000 is larger than 2^63-1",
    ),
    (
        "topics:\n  {p}t:\n    configs:\n      retention.ms: 9223372036854775808\n",
        "4: topics.{p}t.configs.retention.ms: 9223372036854775808 is larger than 2^63-1",
    ),
    ("topics:\n  {p}t:\n    configs:\n      retention.ms: -5\n", "4: topics.{p}t.configs.retention.ms: -5 is below -1"),
    (
        "topics:\n  {p}t:\n    configs:\n      segment.bytes: 4gb\n",
        "4: topics.{p}t.configs.segment.bytes: 4294967296 is larger than 2^31-1 (an INT config)",
    ),
    (
        "topics:\n  {p}t:\n    configs:\n      max.message.bytes: 2147483648\n",
        "4: topics.{p}t.configs.max.message.bytes: 2147483648 is larger than 2^31-1",
    ),
    (
        "topics:\n  {p}t:\n    configs:\n      min.insync.replicas: 0\n",
        "4: topics.{p}t.configs.min.insync.replicas: 0 is below 1",
    ),
    (
        "topics:\n  {p}t:\n    configs:\n      flush.messages: lots\n",
        "4: topics.{p}t.configs.flush.messages: 'lots' is not a whole number",
    ),
    (
        "topics:\n  {p}t:\n    configs:\n      cleanup.policy: compact, nuke\n",
        "4: topics.{p}t.configs.cleanup.policy: 'nuke' is not one of compact, delete",
    ),
    (
        "topics:\n  {p}t:\n    configs:\n      min.cleanable.dirty.ratio: '1.5'\n",
        "4: topics.{p}t.configs.min.cleanable.dirty.ratio: 1.5 is larger than 1",
    ),
    (
        "topics:\n  {p}t:\n    configs:\n      preallocate: sometimes\n",
        "4: topics.{p}t.configs.preallocate: 'sometimes' is not one of true, false",
    ),
    (
        "topics:\n  {p}t:\n    configs:\n      Retention.MS: 1\n",
        "4: topics.{p}t.configs.Retention.MS: 'Retention.MS' is not a Kafka config name",
    ),
    (
        'topics:\n  {p}t:\n    configs:\n      compression.type: "gzip\\x1b[2J"\n',
        "4: topics.{p}t.configs.compression.type: control characters are not allowed",
    ),
    (
        "acls:\n  - {{principal: 'User:app', host: evil.example.com, operation: read, name: {p}t}}\n",
        "2: acls.0.host: 'evil.example.com' is not * or an IP address",
    ),
    (
        "acls:\n  - {{principal: 'User:app', operation: alter, resource_type: cluster, name: {p}t}}\n",
        "2: acls.0.name: the cluster resource is always named 'kafka-cluster'",
    ),
    (
        "acls:\n  - {{principal: 'User:app', operation: read, name: '{p}a,b'}}\n",
        "2: acls.0.name: '{p}a,b' cannot name a topic",
    ),
    (
        "acls:\n  - {{principal: 'User:app', operation: read, pattern_type: prefixed, name: '*'}}\n",
        "2: acls.0.name: '*' is a literal wildcard",
    ),
    (
        "acls:\n  - {{principal: 'app', operation: read, name: {p}t}}\n",
        "2: acls.0.principal: String should match pattern",
    ),
    (
        'acls:\n  - {{principal: "User:app\\x07", operation: read, name: {p}t}}\n',
        "2: acls.0.principal: 'User:app\\x07': control characters",
    ),
    (
        "acls:\n  - {{principal: 'User:app', operation: superuser, name: {p}t}}\n",
        "2: acls.0.operation: Input should be 'all'",
    ),
]


@pytest.mark.parametrize(("body", "expected"), HOSTILE)
def test_values_kafka_cannot_hold_fail_with_file_line_and_field(
    cli: Cli, state: Path, kafka_url: str, prefix: str, body: str, expected: str
) -> None:
    (state / "kafka.yaml").write_text(body.format(p=prefix))
    before = topics(kafka_url)
    assert_refused_at_load(cli, state, "kafka", f"state/kafka.yaml:{expected.format(p=prefix)}")
    assert topics(kafka_url) == before


def test_credentials_in_the_bootstrap_are_refused_and_never_printed(
    cli: Cli, state: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    port = closed_port()
    monkeypatch.setenv("RECONCILE_KAFKA_BOOTSTRAP", f"admin:{SECRET}@127.0.0.1:{port}")
    (state / "kafka.yaml").write_text("topics:\n  a: {}\n")
    assert cli("plan", "--state", state, "--only", "kafka") == 1
    assert f"the Kafka bootstrap 127.0.0.1:{port} must not carry a user name or password" in cli.err
    assert SECRET not in cli.out + cli.err


def test_the_sasl_password_never_appears_in_a_connection_error(
    cli: Cli, state: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    port = closed_port()
    monkeypatch.setenv("RECONCILE_KAFKA_BOOTSTRAP", f"127.0.0.1:{port}")
    monkeypatch.setenv("RECONCILE_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT")
    monkeypatch.setenv("RECONCILE_KAFKA_SASL_MECHANISM", "PLAIN")
    monkeypatch.setenv("RECONCILE_KAFKA_SASL_USERNAME", "admin")
    monkeypatch.setenv("RECONCILE_KAFKA_SASL_PASSWORD", SECRET)
    monkeypatch.setattr("reconciler.kafka.admin.TIMEOUT_SECONDS", 2.0)
    (state / "kafka.yaml").write_text("topics:\n  a: {}\n")
    assert cli("plan", "--state", state, "--only", "kafka") == 1
    assert f"Kafka at 127.0.0.1:{port} did not answer list_topics" in cli.err
    assert SECRET not in cli.out + cli.err


def test_a_client_that_cannot_be_configured_is_an_error_without_the_password(
    state: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    """Checked at the file-descriptor level: librdkafka writes its own log lines straight to stderr."""
    monkeypatch.setenv("RECONCILE_KAFKA_BOOTSTRAP", f"127.0.0.1:{closed_port()}")
    monkeypatch.setenv("RECONCILE_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT")
    monkeypatch.setenv("RECONCILE_KAFKA_SASL_MECHANISM", f"NOT-A-MECHANISM-{SECRET}")
    monkeypatch.setenv("RECONCILE_KAFKA_SASL_PASSWORD", f"NOT-A-MECHANISM-{SECRET}")
    monkeypatch.setenv("NO_COLOR", "1")
    (state / "kafka.yaml").write_text("topics:\n  a: {}\n")
    assert main(["plan", "--state", str(state), "--only", "kafka"]) == 1
    captured = capfd.readouterr()
    assert "cannot configure the Kafka client for 127.0.0.1:" in captured.err
    assert "Unsupported SASL mechanism" in captured.err
    assert SECRET not in captured.out + captured.err
