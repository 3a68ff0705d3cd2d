"""Apply Kafka changes with one batched request per admin API.

Order: new topics (one CreateTopics), partition increases (one
CreatePartitions), config changes (one IncrementalAlterConfigs), ACLs
created then deleted, topics deleted last. Kafka has no transactions across
requests: a failure names the topics it hit and what was already applied,
items of the failed request that did succeed included, so a broker dying
halfway through leaves a message that says exactly what changed.
"""

from __future__ import annotations

from typing import Any

from confluent_kafka import KafkaError, KafkaException
from confluent_kafka.admin import AlterConfigOpType, ConfigEntry, ConfigResource, NewPartitions, NewTopic, ResourceType

from reconciler.changes import Action, Change
from reconciler.errors import ApplyError, ConnectionConfigError
from reconciler.kafka.admin import Admin, wait
from reconciler.kafka.inspector import Acl, to_binding, to_filter


def config_resources(changes: list[Change]) -> list[ConfigResource]:
    resources = []
    for change in changes:
        entries = [
            ConfigEntry(k, v, incremental_operation=AlterConfigOpType.SET) for k, v in change.after["set"].items()
        ]
        entries += [
            ConfigEntry(k, None, incremental_operation=AlterConfigOpType.DELETE) for k in change.after["delete"]
        ]
        resources.append(ConfigResource(ResourceType.TOPIC, change.after["name"], incremental_configs=entries))
    return resources


def new_topics(changes: list[Change]) -> list[NewTopic]:
    return [
        NewTopic(c.after["name"], c.after["partitions"], c.after["replication_factor"], config=c.after["configs"])
        for c in changes
    ]


# Errors that mean the broker did not answer (it died, or the network did), not that it refused the change.
_NO_ANSWER = {
    KafkaError._TIMED_OUT,
    KafkaError._TRANSPORT,
    KafkaError._ALL_BROKERS_DOWN,
    KafkaError._MSG_TIMED_OUT,
    KafkaError._DESTROY,
    # The broker's handle went away while a request waited for its answer (seen when the broker dies mid-apply).
    KafkaError._DESTROY_BROKER,
    KafkaError.NETWORK_EXCEPTION,
    KafkaError.REQUEST_TIMED_OUT,
}


def _no_answer(error: Exception) -> bool:
    kafka_error = error.args[0] if isinstance(error, KafkaException) and error.args else None
    return isinstance(kafka_error, KafkaError) and kafka_error.code() in _NO_ANSWER


def _check(
    admin: Admin, group: list[Change], results: dict[Any, Exception | None], what: str, applied: list[str]
) -> None:
    """Count the items of one batched request that succeeded as applied; raise for the ones that did not.

    One future per requested item, in request order, so the n-th result belongs to the n-th change.
    """
    failed = {str(getattr(key, "name", key)): error for key, error in results.items() if error is not None}
    if len(results) == len(group):
        applied += [change.address for change, error in zip(group, results.values(), strict=True) if error is None]
    elif not failed:
        applied += [change.address for change in group]
    if not failed:
        return
    lines = "\n".join(f"  {name}: {admin.scrub(error)}" for name, error in failed.items())
    if all(_no_answer(error) for error in failed.values()):
        head = f"no answer from Kafka at {admin.where} to {what} (the broker stopped or the network failed):"
    else:
        head = f"Kafka refused {what}:"
    done = f"{len(applied)} change(s) were applied" if applied else "nothing was applied"
    raise ApplyError(f"{head}\n{lines}\n({done}; run `reconcile plan` to see what is left)", applied)


def apply_kafka(admin: Admin, changes: list[Change]) -> list[str]:
    applied: list[str] = []

    def of(kind: str, action: Action) -> list[Change]:
        return [c for c in changes if c.kind == kind and c.action is action]

    steps: list[tuple[list[Change], str, Any]] = [
        (of("topic", Action.CREATE), "CreateTopics", lambda cs: admin.call("create_topics", new_topics(cs))),
        (
            of("topic_partitions", Action.UPDATE),
            "CreatePartitions",
            lambda cs: admin.call(
                "create_partitions", [NewPartitions(c.after["name"], c.after["partitions"]) for c in cs]
            ),
        ),
        (
            of("topic_configs", Action.UPDATE),
            "IncrementalAlterConfigs",
            lambda cs: admin.call("incremental_alter_configs", config_resources(cs)),
        ),
        (
            of("acl", Action.CREATE),
            "CreateAcls",
            lambda cs: admin.call("create_acls", [to_binding(Acl(**c.after)) for c in cs]),
        ),
        (
            of("acl", Action.DELETE),
            "DeleteAcls",
            lambda cs: admin.call("delete_acls", [to_filter(Acl(**c.before)) for c in cs]),
        ),
        (
            of("topic", Action.DELETE),
            "DeleteTopics",
            lambda cs: admin.call("delete_topics", [c.address.rsplit(".topic.", 1)[1] for c in cs]),
        ),
    ]
    for group, what, send in steps:
        if not group:
            continue
        try:
            futures = send(group)
        except ConnectionConfigError as exc:
            done = f"{len(applied)} change(s) were applied" if applied else "nothing was applied"
            raise ApplyError(f"{exc}\n({done} before it)", applied) from None
        _check(admin, group, wait(futures), what, applied)
    return applied
