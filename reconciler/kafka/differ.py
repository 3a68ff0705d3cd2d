"""Declared topics and ACLs against the cluster: a pure function returning Changes and warnings.

The executor reads each change's `after` to build the batched admin
requests; the statements only show people what will be sent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from reconciler.changes import Action, Change, Hazard, Statement
from reconciler.kafka.inspector import Acl, LiveKafka
from reconciler.kafka.spec import KafkaSpec, readable

BACKEND = "kafka"
SCOPE = "cluster"
REPARTITION = Hazard(
    code="repartition",
    message="keys map to partitions by hash: after the increase, a key may land in another partition",
)


@dataclass
class KafkaPlan:
    changes: list[Change] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def desired_acls(spec: KafkaSpec) -> list[Acl]:
    return [
        Acl(a.principal, a.host, a.operation, a.permission, a.resource_type, a.pattern_type, a.name) for a in spec.acls
    ]


def _show(op: str, **fields: object) -> Statement:
    return Statement(sql=f"{op} " + " ".join(f"{k}={v}" for k, v in fields.items()), phase=10)


def diff_kafka(spec: KafkaSpec, live: LiveKafka, *, with_acls: bool) -> KafkaPlan:
    plan = KafkaPlan()

    def add(address: str, kind: str, action: Action, before: object, after: object, **extra: Any) -> None:
        plan.changes.append(
            Change(
                backend=BACKEND,
                scope=SCOPE,
                address=f"{BACKEND}.{SCOPE}.{address}",
                kind=kind,
                action=action,
                before=before,
                after=after,
                **extra,
            )
        )

    for name, topic in spec.topics.items():
        partitions = topic.partitions or spec.defaults.partitions
        replication = topic.replication_factor or spec.defaults.replication_factor
        configs = topic.normalized_configs()
        have = live.topics.get(name)
        if have is None:
            after = {"name": name, "partitions": partitions, "replication_factor": replication, "configs": configs}
            detail = [f"{k} = {readable(k, v)}" for k, v in configs.items()]
            statement = _show("CreateTopics", topic=name, partitions=partitions, replication_factor=replication)
            add(f"topic.{name}", "topic", Action.CREATE, None, after, statements=[statement], detail=detail)
            continue
        if partitions > have.partitions:
            add(
                f"topic.{name}.partitions",
                "topic_partitions",
                Action.UPDATE,
                {"partitions": have.partitions},
                {"name": name, "partitions": partitions},
                statements=[_show("CreatePartitions", topic=name, total=partitions)],
                hazards=[REPARTITION],
                detail=[f"partitions: {have.partitions} -> {partitions}"],
            )
        elif partitions < have.partitions:
            add(
                f"topic.{name}.partitions",
                "topic_partitions",
                Action.UPDATE,
                {"partitions": have.partitions},
                {"name": name, "partitions": partitions},
                detail=[f"partitions: {have.partitions} -> {partitions}"],
                blocked=f"Kafka cannot remove partitions ({have.partitions} -> {partitions}); keep {have.partitions} "
                "or create a new topic and migrate its consumers",
            )
        if replication != have.replication_factor:
            add(
                f"topic.{name}.replication_factor",
                "topic_replication",
                Action.UPDATE,
                {"replication_factor": have.replication_factor},
                {"name": name, "replication_factor": replication},
                detail=[f"replication_factor: {have.replication_factor} -> {replication}"],
                blocked="changing the replication factor needs a partition reassignment, which this client "
                "(confluent-kafka AdminClient) cannot send; run kafka-reassign-partitions.sh with a plan that "
                f"gives each partition of {name} {replication} replicas, then re-run reconcile",
            )
        to_set = {k: v for k, v in configs.items() if have.configs.get(k) != v}
        undeclared = sorted(set(have.configs) - set(configs))
        to_delete = undeclared if topic.exclusive_configs else []
        for key in undeclared if not topic.exclusive_configs else []:
            plan.warnings.append(
                f"kafka topic {name}: {key}={readable(key, have.configs[key])} is set on the cluster but not in "
                "state/kafka.yaml; left alone (exclusive_configs: true would reset it to the broker default)"
            )
        if to_set or to_delete:
            detail = []
            for key, value in to_set.items():
                if key in have.configs:
                    detail.append(f"{key}: {readable(key, have.configs[key])} -> {readable(key, value)}")
                else:
                    inherited = have.broker_values.get(key)
                    note = (
                        " (equal to the broker default: set on the topic so a broker change cannot move it)"
                        if inherited == value
                        else ""
                    )
                    detail.append(f"{key}: broker default {readable(key, inherited)} -> {readable(key, value)}{note}")
            detail += [
                f"{key}: {readable(key, have.configs[key])} -> broker default (exclusive_configs)" for key in to_delete
            ]
            statement = _show(
                "IncrementalAlterConfigs", topic=name, set=",".join(to_set) or "-", delete=",".join(to_delete) or "-"
            )
            add(
                f"topic.{name}.configs",
                "topic_configs",
                Action.UPDATE,
                {k: have.configs.get(k) for k in [*to_set, *to_delete]},
                {"name": name, "set": to_set, "delete": to_delete},
                statements=[statement],
                detail=detail,
            )

    declared = set(spec.topics)
    for name, have in sorted(live.topics.items()):
        if name not in declared and any(name.startswith(p) for p in spec.prune_prefixes):
            add(
                f"topic.{name}",
                "topic",
                Action.DELETE,
                {"partitions": have.partitions},
                None,
                destructive=True,
                hazards=[Hazard(code="data_loss", message="the topic and every message in it are deleted")],
                statements=[_show("DeleteTopics", topic=name)],
                detail=[f"not declared, under a prune prefix ({', '.join(spec.prune_prefixes)})"],
            )

    if with_acls:
        wanted = desired_acls(spec)
        managed = {("topic", "literal", name) for name in spec.topics} | {a.resource for a in wanted}
        present = {a for a in live.acls if a.resource in managed}
        for acl in wanted:
            if acl not in present:
                add(
                    f"acl.{acl.label()}",
                    "acl",
                    Action.CREATE,
                    None,
                    acl.__dict__,
                    statements=[_show("CreateAcls", binding=acl.label())],
                )
        for acl in sorted(present - set(wanted), key=lambda a: a.label()):
            add(
                f"acl.{acl.label()}",
                "acl",
                Action.DELETE,
                acl.__dict__,
                None,
                destructive=True,
                hazards=[Hazard(code="access_loss", message="clients relying on this ACL lose access")],
                statements=[_show("DeleteAcls", binding=acl.label())],
            )
    return plan
