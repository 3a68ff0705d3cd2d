"""A broker that dies in the middle of an apply, or was never there: what reconcile says, and what it does not.

These tests start a noida-db broker of their own, so stopping it never disturbs the shared one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from confluent_kafka import KafkaError, KafkaException
from confluent_kafka.admin import NewTopic

from devtools import noida
from devtools.pgcluster import free_port
from reconciler.changes import Action, Change
from reconciler.cli import main
from reconciler.errors import ApplyError
from reconciler.kafka import admin, executor

LIBRDKAFKA_LINE = re.compile(r"^%\d\|", re.MULTILINE)


@pytest.fixture
def broker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[noida.Noida]:
    server = noida.start(tmp_path / "broker")
    monkeypatch.setenv("RECONCILE_KAFKA_BOOTSTRAP", server.kafka)
    monkeypatch.setenv("NO_COLOR", "1")
    try:
        yield server
    finally:
        server.stop()


def write_state(tmp_path: Path, body: str) -> Path:
    state = tmp_path / "state"
    state.mkdir(exist_ok=True)
    (state / "kafka.yaml").write_text(body.strip() + "\n")
    return state


def test_a_broker_dying_mid_apply_says_what_was_applied_and_what_was_not(
    broker: noida.Noida, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    client = admin.Admin(broker.kafka).client  # its log lines go where reconcile's go
    client.create_topics([NewTopic("orders", 1, 1)])["orders"].result(timeout=10)
    state = write_state(
        tmp_path,
        """
topics:
  audit: {partitions: 1, replication_factor: 1}
  orders: {partitions: 3, replication_factor: 1, configs: {retention.ms: 3600000}}
""",
    )
    real_wait = admin.wait
    requests: list[int] = []

    def broker_dies_after_the_first_request(futures: dict[Any, Any]) -> dict[Any, Exception | None]:
        """The first batched request (CreateTopics) completes; then the broker goes away."""
        results = real_wait(futures)
        requests.append(len(futures))
        if len(requests) == 1:
            broker.stop()
        return results

    monkeypatch.setattr(executor, "wait", broker_dies_after_the_first_request)
    capfd.readouterr()
    code = main(["apply", "--state", str(state), "--only", "kafka", "--auto-approve"])
    out, err = capfd.readouterr()
    assert code == 1, out + err
    assert "kafka failed. Applied (1):\n  kafka.cluster.topic.audit\n" in err
    assert "Not applied (2):\n  kafka.cluster.topic.orders.partitions\n  kafka.cluster.topic.orders.configs\n" in err
    assert "no answer from Kafka" in err, err
    assert "Traceback" not in err
    assert not LIBRDKAFKA_LINE.search(err), err


@pytest.fixture
def nobody_listening(monkeypatch: pytest.MonkeyPatch) -> str:
    """A bootstrap on a port nothing listens on; requests give up after 3 s instead of 15."""
    bootstrap = f"127.0.0.1:{free_port()}"
    monkeypatch.setenv("RECONCILE_KAFKA_BOOTSTRAP", bootstrap)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setattr(admin, "TIMEOUT_SECONDS", 3.0)
    return bootstrap


STATE = "topics:\n  audit: {partitions: 1, replication_factor: 1}\n"


def test_a_wrong_port_is_one_clean_error_without_librdkafka_lines(
    nobody_listening: str, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    state = write_state(tmp_path, STATE)
    capfd.readouterr()
    code = main(["plan", "--state", str(state), "--only", "kafka"])
    out, err = capfd.readouterr()
    assert code == 1
    assert err.startswith(f"error: Kafka at {nobody_listening} did not answer list_topics:"), err
    assert err.count("\n") == 1, err  # one line, and nothing librdkafka printed by itself
    assert not LIBRDKAFKA_LINE.search(out + err)


def test_verbose_shows_librdkafka_lines_through_python_logging(
    nobody_listening: str, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    state = write_state(tmp_path, STATE)
    capfd.readouterr()
    code = main(["plan", "--state", str(state), "--only", "kafka", "--verbose"])
    _, err = capfd.readouterr()
    assert code == 1
    assert "reconciler.kafka.librdkafka: " in err
    assert "Connection refused" in err
    assert f"error: Kafka at {nobody_listening} did not answer list_topics:" in err
    assert not LIBRDKAFKA_LINE.search(err), "librdkafka printed to stderr by itself"


def _topic_change(name: str) -> Change:
    return Change(
        backend="kafka",
        scope="cluster",
        address=f"kafka.cluster.topic.{name}",
        kind="topic",
        action=Action.CREATE,
        after={"name": name, "partitions": 1, "replication_factor": 1, "configs": {}},
    )


@pytest.mark.parametrize(
    ("code", "head"),
    [
        (KafkaError.POLICY_VIOLATION, "Kafka refused CreateTopics:"),
        (KafkaError._TIMED_OUT, "no answer from Kafka at 127.0.0.1:9 to CreateTopics"),
        (KafkaError._TRANSPORT, "no answer from Kafka at 127.0.0.1:9 to CreateTopics"),
    ],
)
def test_the_items_of_a_failed_request_that_succeeded_count_as_applied(code: int, head: str) -> None:
    group = [_topic_change("a"), _topic_change("b"), _topic_change("c")]
    results: dict[Any, Exception | None] = {"a": None, "b": KafkaException(KafkaError(code)), "c": None}
    applied = ["kafka.cluster.acl.before"]
    with pytest.raises(ApplyError) as failure:
        executor._check(admin.Admin("127.0.0.1:9"), group, results, "CreateTopics", applied)
    assert failure.value.applied == ["kafka.cluster.acl.before", "kafka.cluster.topic.a", "kafka.cluster.topic.c"]
    assert str(failure.value).startswith(head)
    assert "\n  b: " in str(failure.value)
    assert "(3 change(s) were applied; run `reconcile plan` to see what is left)" in str(failure.value)
