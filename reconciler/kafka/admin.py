"""The admin requests the Kafka backend makes, counted, with errors that name the broker.

Everything goes through confluent-kafka's AdminClient; each method here is
one batched admin request (one DescribeConfigs for all topics, one
CreateTopics for all new topics, ...), and `requests` counts them for the
benchmark.

librdkafka writes its own log lines (`%6|...|BGQUEUE|...`, a hundred of them
for a wrong port) straight to stderr unless the client is given a Python
logger. It is given LIBRDKAFKA_LOG, which has no handler of its own: the lines
are dropped unless `--verbose` attaches one (reconciler.cli). The client hands
queued lines to the logger when it is polled, which every request here does.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from typing import Any

from confluent_kafka import KafkaException
from confluent_kafka.admin import AdminClient

from reconciler.errors import ConnectionConfigError
from reconciler.targets import display_url, scrub

LIBRDKAFKA_LOG = logging.getLogger("reconciler.kafka.librdkafka")
LIBRDKAFKA_LOG.addHandler(logging.NullHandler())  # never Python's last-resort stderr handler

TIMEOUT_SECONDS = float(os.environ.get("RECONCILE_KAFKA_TIMEOUT", "15"))

# Optional security settings, from the environment (never from state files).
SECURITY_ENV = {
    "RECONCILE_KAFKA_SECURITY_PROTOCOL": "security.protocol",
    "RECONCILE_KAFKA_SASL_MECHANISM": "sasl.mechanism",
    "RECONCILE_KAFKA_SASL_USERNAME": "sasl.username",
    "RECONCILE_KAFKA_SASL_PASSWORD": "sasl.password",
    "RECONCILE_KAFKA_SSL_CA_LOCATION": "ssl.ca.location",
}


@dataclass
class Admin:
    bootstrap: str
    client: AdminClient = field(init=False)
    requests: int = 0

    def __post_init__(self) -> None:
        config: dict[str, str | int | float | bool] = {"bootstrap.servers": self.bootstrap, "socket.timeout.ms": 10000}
        config.update({key: os.environ[env] for env, key in SECURITY_ENV.items() if os.environ.get(env)})
        try:
            self.client = AdminClient(config, logger=LIBRDKAFKA_LOG)
        except (KafkaException, ValueError, TypeError) as exc:
            raise ConnectionConfigError(
                f"cannot configure the Kafka client for {self.where}: {self.scrub(exc)} "
                "(check the RECONCILE_KAFKA_* settings)"
            ) from None

    @property
    def where(self) -> str:
        return display_url(self.bootstrap)

    def scrub(self, error: object) -> str:
        """An error text as it may be printed: no SASL password, no credentials of the bootstrap."""
        return scrub(error, self.bootstrap)

    def call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        """One admin request; a broker that does not answer is a clear connection error."""
        self.requests += 1
        try:
            return getattr(self.client, method)(*args, **kwargs)
        except KafkaException as exc:
            raise ConnectionConfigError(f"Kafka at {self.where} did not answer {method}: {self.scrub(exc)}") from None
        finally:
            self.serve_logs()

    def serve_logs(self) -> None:
        """Hand librdkafka's queued log lines to LIBRDKAFKA_LOG (they wait in a queue until the client is polled)."""
        self.client.poll(0)

    def topics(self) -> dict[str, tuple[int, int]]:
        """Every topic's partition count and replication factor, from one metadata request.

        Listing all topics (never `list_topics(topic=...)`) keeps a broker with
        auto-create on from creating the topics it is asked about.
        """
        metadata = self.call("list_topics", timeout=TIMEOUT_SECONDS)
        found = {}
        for name, topic in metadata.topics.items():
            first = next(iter(topic.partitions.values()), None)
            found[name] = (len(topic.partitions), len(first.replicas) if first else 0)
        return found


def wait(futures: dict[Any, Any]) -> dict[Any, Exception | None]:
    """Wait for every future of a batched request; errors per item, never raised."""
    results: dict[Any, Exception | None] = {}
    for key, future in futures.items():
        try:
            future.result(timeout=TIMEOUT_SECONDS)
            results[key] = None
        except Exception as exc:
            results[key] = exc
    return results
