"""Apply Kafka changes with one batched request per admin API.

Order: new topics (one CreateTopics), partition increases (one
CreatePartitions), config changes (one IncrementalAlterConfigs), ACLs
created then deleted, topics deleted last. Kafka has no transactions across
requests: a failure names the topics it hit and what was already applied.
"""

from __future__ import annotations

from typing import Any

from confluent_kafka.admin import AlterConfigOpType, ConfigEntry, ConfigResource, NewPartitions, NewTopic, ResourceType

from reconciler.changes import Action, Change
from reconciler.errors import ApplyError
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


def _check(admin: Admin, results: dict[Any, Exception | None], what: str, applied: list[str]) -> None:
    failed = {str(getattr(k, "name", k)): admin.scrub(e) for k, e in results.items() if e is not None}
    if failed:
        lines = "\n".join(f"  {name}: {error}" for name, error in failed.items())
        done = (
            f"{len(applied)} change(s) were applied before this request" if applied else "nothing was applied before it"
        )
        raise ApplyError(f"Kafka refused {what}:\n{lines}\n({done}; run `reconcile plan` to see what is left)", applied)


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
        if group:
            _check(admin, wait(send(group)), what, applied)
            applied += [c.address for c in group]
    return applied
