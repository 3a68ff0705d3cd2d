"""ACL bindings against a real broker with an authorizer (apache/kafka with StandardAuthorizer).

noida-db and a default broker have no authorizer (they answer
SECURITY_DISABLED, covered in test_topics.py), so this happy path needs the
real image: it runs wherever a Docker engine answers and is skipped with the
engine's error elsewhere.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from confluent_kafka.admin import AclBindingFilter, AclOperation, AclPermissionType, AdminClient, ResourcePatternType
from confluent_kafka.admin import ResourceType as KafkaResourceType

from tests.conftest import Cli, docker_engine_error
from tests.kafka.test_topics import apply, write

pytestmark = pytest.mark.xdist_group("test_acls")  # one worker builds the module fixture once


@pytest.fixture(scope="module")
def secured_kafka() -> Iterator[str]:
    """A KRaft broker with the StandardAuthorizer; the anonymous client is a super user, so it may manage ACLs."""
    error = docker_engine_error()
    if error:
        pytest.skip(error)
    from testcontainers.kafka import KafkaContainer

    container = (
        KafkaContainer("apache/kafka:3.8.0")
        .with_kraft()
        .with_env("KAFKA_AUTHORIZER_CLASS_NAME", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
        .with_env("KAFKA_SUPER_USERS", "User:ANONYMOUS")
    )
    with container:
        yield container.get_bootstrap_server()


def bindings(bootstrap: str, topic: str) -> set[tuple[str, str, str]]:
    """(principal, operation, permission) of the literal ACLs on `topic`."""
    query = AclBindingFilter(
        KafkaResourceType.TOPIC,
        topic,
        ResourcePatternType.LITERAL,
        None,  # type: ignore[arg-type]  # any principal (librdkafka)
        None,  # type: ignore[arg-type]  # any host
        AclOperation.ANY,
        AclPermissionType.ANY,
    )
    found = AdminClient({"bootstrap.servers": bootstrap}).describe_acls(query).result()
    return {(b.principal, b.operation.name.lower(), b.permission_type.name.lower()) for b in found}


def test_acls_are_created_kept_and_deleted_with_the_flag(
    cli: Cli, tmp_path: Path, secured_kafka: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RECONCILE_KAFKA_BOOTSTRAP", secured_kafka)
    state = tmp_path / "state"
    state.mkdir()
    acls = """
topics:
  orders: {}
acls:
  - {principal: "User:app", operation: read, name: orders}
  - {principal: "User:app", operation: describe, name: orders}
  - {principal: "User:intruder", operation: write, permission: deny, name: orders}
"""
    write(state, acls)
    apply(cli, state)
    assert bindings(secured_kafka, "orders") == {
        ("User:app", "read", "allow"),
        ("User:app", "describe", "allow"),
        ("User:intruder", "write", "deny"),
    }
    write(state, acls.replace('  - {principal: "User:app", operation: describe, name: orders}\n', ""))
    assert cli("plan", "--state", state, "--only", "kafka") == 0 and "- acl.topic:literal:orders" in cli.out
    assert cli("apply", "--state", state, "--only", "kafka", "--auto-approve") == 1
    assert "--allow-destructive" in cli.err
    apply(cli, state, "--allow-destructive")
    assert bindings(secured_kafka, "orders") == {("User:app", "read", "allow"), ("User:intruder", "write", "deny")}
