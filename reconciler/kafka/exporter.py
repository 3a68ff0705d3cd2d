"""Export Kafka topics, the configs set on them and their ACLs as state/kafka.yaml.

The export is read with the backend's own inspector (one Metadata, one
DescribeConfigs, one DescribeAcls), so it sees exactly what `plan` sees and
planning against it is empty. Only DYNAMIC_TOPIC_CONFIG entries are written:
broker defaults are not the topic's state, and declaring them would pin them
on the topic at the next apply. Values are written as people write them
(`retention: 7d`, `segment.bytes: 256mb`), and each one is checked to read
back as exactly the stored value; one that would not (Kafka keeps `a, b` but
the spec normalizes it to `a,b`) is left out and named in the header, which
keeps the plan empty because undeclared configs are only a warning.

Prune settings are never written: an export must not make a later apply
delete anything. ACLs are exported per resource, never partly: once a state
declares ACLs, the differ deletes every undeclared binding on the resources
it manages, so leaving one binding of a resource out would plan its deletion.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from confluent_kafka import KafkaError, KafkaException
from pydantic import ValidationError

from reconciler.errors import ReconcileError
from reconciler.export_files import ExportedFile, ExportOptions
from reconciler.kafka.admin import Admin
from reconciler.kafka.backend import KafkaBackend
from reconciler.kafka.inspector import Acl, LiveTopic, inspect_acls, inspect_topics
from reconciler.kafka.spec import AclSpec, is_internal, kafka_value

Value = str | int | bool
# Units the spec reads, largest first; `w` is left out on purpose: `7d` says more to people than `1w`.
_DURATIONS = (("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1000))
_SIZES = (("tb", 1024**4), ("gb", 1024**3), ("mb", 1024**2), ("kb", 1024))
# AclSpec's defaults: left out of each exported binding so the file says only what differs.
_ACL_DEFAULTS = {"host": "*", "permission": "allow", "resource_type": "topic", "pattern_type": "literal"}
_ACL_FIELDS = ("principal", "host", "operation", "permission", "resource_type", "pattern_type", "name")


def _candidates(key: str, value: str) -> list[Value]:
    """Ways to write `value`, friendliest first: a duration or size, a number, a boolean, the text."""
    found: list[Value] = []
    number = int(value) if value.lstrip("-").isdigit() else None
    units = _DURATIONS if key.endswith(".ms") else _SIZES if key.endswith(".bytes") else ()
    if number is not None and number > 0:
        found += [f"{number // size}{unit}" for unit, size in units if number % size == 0][:1]
    if number is not None:
        found.append(number)
    if value in ("true", "false"):
        found.append(value == "true")
    found.append(value)
    return found


def config_value(key: str, value: str) -> Value | None:
    """The friendliest way to declare `value` that the spec reads back as exactly `value`; None if none does."""
    for candidate in _candidates(key, value):
        try:
            if kafka_value(key, candidate) == value:
                return candidate
        except ValueError:
            continue
    return None


def _default_replication(topics: list[LiveTopic]) -> int:
    """The most common replication factor (the smallest on a tie), so most topics need not repeat it."""
    counts = Counter(t.replication_factor for t in topics)
    return max(counts, key=lambda rf: (counts[rf], -rf)) if counts else 1


def topic_spec(topic: LiveTopic, default_replication: int, left_out: list[str]) -> dict[str, Any]:
    """One topic as a person declares it; configs that cannot be declared as stored go to `left_out`."""
    spec: dict[str, Any] = {"partitions": topic.partitions}
    if topic.replication_factor != default_replication:
        spec["replication_factor"] = topic.replication_factor
    configs: dict[str, Value] = {}
    for key in sorted(topic.configs):
        value = config_value(key, topic.configs[key])
        if value is None:
            left_out.append(f"  topic {topic.name}: {key}={topic.configs[key]!r} (the spec would store it differently)")
        elif key == "retention.ms":
            spec["retention"] = value
        else:
            configs[key] = value
    if configs:
        spec["configs"] = configs
    return spec


def _in_scope(acl: Acl, prefixes: list[str]) -> bool:
    """Topic ACLs whose resource name lies in the exported namespace (every topic when no prefix is given)."""
    if acl.resource_type != "topic" or is_internal(acl.name):
        return False
    return not prefixes or acl.name.startswith(tuple(prefixes))


def _applies_to(acl: Acl, topic: str) -> bool:
    if acl.resource_type != "topic":
        return False
    if acl.pattern_type == "prefixed":
        return topic.startswith(acl.name)
    return acl.name in (topic, "*")


def _by_resource(acl: Acl) -> tuple[str, ...]:
    """Bindings grouped by the resource they grant on, so a topic's ACLs sit together in the file."""
    return (acl.resource_type, acl.name, acl.pattern_type, acl.principal, acl.host, acl.operation, acl.permission)


def acl_specs(acls: list[Acl], topics: list[str], prefixes: list[str]) -> tuple[list[dict[str, str]], list[str]]:
    """The exported bindings, and header lines about the ones that apply to these topics but are not exported.

    Whole resources only: either every binding of a resource in scope is
    declared, or (when one of them cannot be written in the spec) no ACLs at
    all, since declaring any ACL makes every binding on the declared topics
    managed.
    """
    scoped = sorted((a for a in acls if _in_scope(a, prefixes)), key=_by_resource)
    notes: list[str] = []
    unreadable = []
    for acl in scoped:
        try:
            AclSpec.model_validate(acl.__dict__)
        except ValidationError:
            unreadable.append(acl.label())
    if unreadable:
        notes.append("No ACLs exported: these bindings cannot be written in state/kafka.yaml, and declaring the")
        notes.append("others would plan their deletion:")
        notes += [f"  {label}" for label in unreadable]
        return [], notes
    outside = sorted({a.label() for a in acls if not _in_scope(a, prefixes) and any(_applies_to(a, t) for t in topics)})
    if outside:
        notes.append("Not exported: ACLs that also grant on these topics but name resources outside the export:")
        notes += [f"  {label}" for label in outside]
    specs = [
        {k: getattr(acl, k) for k in _ACL_FIELDS if _ACL_DEFAULTS.get(k) != getattr(acl, k)}
        for acl in dict.fromkeys(scoped)
    ]
    return specs, notes


def kafka_document(
    topics: dict[str, LiveTopic], acls: list[Acl] | None, prefixes: list[str]
) -> tuple[dict[str, Any], list[str]]:
    """The state/kafka.yaml data for these live topics and ACLs (None: the broker has no authorizer), and notes."""
    exported = [t for name, t in sorted(topics.items()) if not is_internal(name)]
    default_replication = _default_replication(exported)
    left_out: list[str] = []
    data: dict[str, Any] = {}
    if exported:
        data["defaults"] = {"replication_factor": default_replication}
    data["topics"] = {t.name: topic_spec(t, default_replication, left_out) for t in exported}
    notes: list[str] = []
    if left_out:
        notes.append("Left out: configs set on the topic whose stored text the spec cannot reproduce")
        notes.append("(planning shows them as set on the cluster but not declared):")
        notes += left_out
    if acls is None:
        notes.append("No ACLs: the broker has no authorizer (DescribeAcls answered SECURITY_DISABLED).")
    else:
        specs, acl_notes = acl_specs(acls, [t.name for t in exported], prefixes)
        notes += acl_notes
        if specs:
            data["acls"] = specs
    return data, notes


def _live_acls(admin: Admin) -> list[Acl] | None:
    """Every ACL binding, or None when the broker has no authorizer; any other failure is an error."""
    try:
        return inspect_acls(admin)
    except KafkaException as exc:
        error = exc.args[0] if exc.args else None
        if isinstance(error, KafkaError) and error.code() == KafkaError.SECURITY_DISABLED:
            return None
        if "no authorizer is configured" in str(exc).lower():  # the broker's own wording of the same answer
            return None
        raise ReconcileError(
            f"Kafka at {admin.where} did not describe its ACLs ({admin.scrub(exc)}); an export without them would "
            "silently drop access rules"
        ) from None


def export_kafka(options: ExportOptions) -> list[ExportedFile]:
    admin = KafkaBackend(options.state_dir).admin()
    # The inspector's prune prefixes select undeclared topics by name: "" selects every (non-internal) topic.
    topics = inspect_topics(admin, [], options.prefixes or [""])
    data, notes = kafka_document(topics, _live_acls(admin), options.prefixes)
    header = [f"exported from {admin.where} by reconcile export"]
    if options.prefixes:
        header.append(f"topics under {', '.join(options.prefixes)} only")
    header += notes
    return [ExportedFile(path=Path("kafka.yaml"), data=data, header=header)]
