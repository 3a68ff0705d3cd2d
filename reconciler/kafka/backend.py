"""The Kafka backend: state/kafka.yaml against the cluster in RECONCILE_KAFKA_BOOTSTRAP."""

from __future__ import annotations

import os
import time
from pathlib import Path

from reconciler.backend import ApplyOptions, ApplyReport, BackendPlan
from reconciler.changes import Action, Change
from reconciler.errors import ConnectionConfigError, StateError, StateIssue
from reconciler.kafka.admin import Admin, wait
from reconciler.kafka.differ import KafkaPlan, diff_kafka
from reconciler.kafka.executor import apply_kafka, config_resources, new_topics
from reconciler.kafka.inspector import LiveKafka, inspect_acls, inspect_topics, unmanaged_topics
from reconciler.kafka.spec import KafkaSpec
from reconciler.state.validation import validate_document
from reconciler.state.yaml_source import SourceMap, display_path, load_yaml
from reconciler.targets import backend_url, display_url, has_userinfo

NAME = "kafka"
VISIBLE_WAIT_SECONDS = 10.0


def state_file(state_dir: Path) -> Path:
    return state_dir / "kafka.yaml"


def load_kafka(state_dir: Path) -> tuple[KafkaSpec, SourceMap]:
    """Load state/kafka.yaml; every value Kafka would refuse is reported with its line before any request."""
    path = state_file(state_dir)
    document = load_yaml(path, display_path(path, state_dir))
    spec = validate_document(KafkaSpec, document)
    issues = [document.source.issue(where, message) for where, message in spec.problems()]
    if issues:
        raise StateError(issues)
    return spec, document.source


def _validate_with_broker(admin: Admin, plan: KafkaPlan, source: SourceMap) -> None:
    """Ask the broker (validate_only) whether new topics and config changes are acceptable, before apply."""
    issues: list[StateIssue] = []
    creates = [c for c in plan.changes if c.kind == "topic" and c.action is Action.CREATE]
    if creates:
        results = wait(admin.call("create_topics", new_topics(creates), validate_only=True))
        issues += [
            source.issue(("topics", name), f"the broker refuses this topic: {admin.scrub(error)}")
            for name, error in results.items()
            if error is not None
        ]
    alters = [c for c in plan.changes if c.kind == "topic_configs"]
    if alters:
        results = wait(admin.call("incremental_alter_configs", config_resources(alters), validate_only=True))
        issues += [
            source.issue(("topics", resource.name, "configs"), f"the broker refuses this change: {admin.scrub(error)}")
            for resource, error in results.items()
            if error is not None
        ]
    if issues:
        raise StateError(issues)


class KafkaBackend:
    """Plans and applies state/kafka.yaml."""

    name = NAME

    def __init__(self, state_dir: Path) -> None:
        self.state_dir = state_dir
        self.requests = 0

    def has_state(self, state_dir: Path) -> bool:
        return state_file(state_dir).is_file()

    def validate(self, state_dir: Path) -> None:
        load_kafka(state_dir)

    def bootstrap(self) -> str | None:
        return os.environ.get("RECONCILE_KAFKA_BOOTSTRAP") or backend_url(NAME, self.state_dir)

    def is_configured(self) -> bool:
        return self.bootstrap() is not None

    def admin(self) -> Admin:
        bootstrap = self.bootstrap()
        if bootstrap is None:
            raise ConnectionConfigError(
                "Kafka is not configured: set RECONCILE_KAFKA_BOOTSTRAP (for example kafka-1:9092,kafka-2:9092) "
                "or add `kafka: {url: ...}` to targets.yaml"
            )
        if has_userinfo(bootstrap):
            raise ConnectionConfigError(
                f"the Kafka bootstrap {display_url(bootstrap)} must not carry a user name or password: set "
                "RECONCILE_KAFKA_SASL_USERNAME and RECONCILE_KAFKA_SASL_PASSWORD instead"
            )
        return Admin(bootstrap)

    def plan(self, state_dir: Path) -> BackendPlan:
        spec, source = load_kafka(state_dir)
        admin = self.admin()
        try:
            listing = admin.topics()
            live = LiveKafka(topics=inspect_topics(admin, list(spec.topics), spec.prune_prefixes, listing))
            if spec.acls:
                live.acls = inspect_acls(admin)
            plan = diff_kafka(spec, live, with_acls=bool(spec.acls))
            _validate_with_broker(admin, plan, source)
        finally:
            admin.serve_logs()
        self.requests += admin.requests
        return BackendPlan(
            changes=plan.changes,
            warnings=plan.warnings,
            contexts={f"{NAME}:cluster": {}},
            unmanaged=unmanaged_topics(listing, list(spec.topics), spec.prune_prefixes),
        )

    def apply(
        self, changes: list[Change], contexts: dict[str, dict[str, list[str]]], options: ApplyOptions
    ) -> ApplyReport:
        admin = self.admin()
        mine = [c for c in changes if c.backend == NAME]
        try:
            applied = apply_kafka(admin, mine)
        finally:
            admin.serve_logs()
        created = {c.after["name"] for c in mine if c.kind == "topic" and c.action is Action.CREATE}
        deleted = {c.address.rsplit(".topic.", 1)[1] for c in mine if c.kind == "topic" and c.action is Action.DELETE}
        # Metadata is eventually consistent after CreateTopics/DeleteTopics: wait (bounded) until it shows.
        deadline = time.monotonic() + VISIBLE_WAIT_SECONDS
        while created or deleted:
            try:
                names = set(admin.topics())
            except ConnectionConfigError:
                break  # applied all the same; the inspection after the apply reports the broker being gone
            if (created <= names and not (deleted & names)) or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        self.requests += admin.requests
        return ApplyReport(applied=applied)
