"""The Elasticsearch backend: state/elasticsearch.yaml against RECONCILE_ELASTICSEARCH_URL."""

from __future__ import annotations

import os
from pathlib import Path

from elasticsearch import ApiError, Elasticsearch, TransportError

from reconciler.backend import ApplyOptions, ApplyReport, BackendPlan
from reconciler.changes import Change
from reconciler.elasticsearch.differ import diff_elasticsearch, unmanaged_indices
from reconciler.elasticsearch.executor import apply_elasticsearch
from reconciler.elasticsearch.inspector import IlmUnavailable, inspect_elasticsearch
from reconciler.elasticsearch.spec import ElasticsearchSpec
from reconciler.errors import ConnectionConfigError, ReconcileError, StateError
from reconciler.state.validation import validate_document
from reconciler.state.yaml_source import display_path, load_yaml
from reconciler.targets import backend_url, display_url, scrub

NAME = "elasticsearch"


def state_file(state_dir: Path) -> Path:
    return state_dir / "elasticsearch.yaml"


def load_elasticsearch(state_dir: Path) -> ElasticsearchSpec:
    """Load state/elasticsearch.yaml; names and known settings the server would refuse fail here, located."""
    path = state_file(state_dir)
    document = load_yaml(path, display_path(path, state_dir))
    spec = validate_document(ElasticsearchSpec, document)
    issues = [document.source.issue(where, message) for where, message in spec.problems()]
    if issues:
        raise StateError(issues)
    return spec


class ElasticsearchBackend:
    """Plans and applies state/elasticsearch.yaml."""

    name = NAME

    def __init__(self, state_dir: Path) -> None:
        self.state_dir = state_dir
        self.requests = 0

    def has_state(self, state_dir: Path) -> bool:
        return state_file(state_dir).is_file()

    def validate(self, state_dir: Path) -> None:
        load_elasticsearch(state_dir)

    def is_configured(self) -> bool:
        return backend_url(NAME, self.state_dir) is not None

    def url(self) -> str | None:
        return backend_url(NAME, self.state_dir)

    def client(self) -> Elasticsearch:
        """A client with API key or basic auth from the environment; TLS certificates verified by default."""
        url = self.url()
        if url is None:
            raise ConnectionConfigError(
                "Elasticsearch is not configured: set RECONCILE_ELASTICSEARCH_URL (for example "
                "https://search.internal:9200) or add `elasticsearch: {url: ...}` to targets.yaml"
            )
        auth: dict[str, object] = {}
        if os.environ.get("RECONCILE_ELASTICSEARCH_API_KEY"):
            auth["api_key"] = os.environ["RECONCILE_ELASTICSEARCH_API_KEY"]
        elif os.environ.get("RECONCILE_ELASTICSEARCH_USERNAME"):
            auth["basic_auth"] = (
                os.environ["RECONCILE_ELASTICSEARCH_USERNAME"],
                os.environ.get("RECONCILE_ELASTICSEARCH_PASSWORD", ""),
            )
        if os.environ.get("RECONCILE_ELASTICSEARCH_CA_CERTS"):
            auth["ca_certs"] = os.environ["RECONCILE_ELASTICSEARCH_CA_CERTS"]
        try:
            es = Elasticsearch(url, request_timeout=30, **auth)  # type: ignore[arg-type]
        except ValueError as exc:  # the client quotes the whole URL, credentials included, in its message
            raise ConnectionConfigError(
                f"RECONCILE_ELASTICSEARCH_URL ({display_url(url)}) is not a URL the client can use: {scrub(exc, url)}"
            ) from None
        try:
            es.info()
        except (ApiError, TransportError) as exc:
            raise ConnectionConfigError(
                f"cannot reach Elasticsearch at {display_url(url)}: {scrub(exc, url)}"
            ) from None
        return es

    def plan(self, state_dir: Path) -> BackendPlan:
        spec = load_elasticsearch(state_dir)
        es = self.client()
        try:
            live = inspect_elasticsearch(es, spec, list_names=True)
        except IlmUnavailable as exc:
            raise ReconcileError(
                f"{state_file(state_dir)} declares ILM policies, but the server has no ILM API: {scrub(exc)}"
            ) from None
        except (ApiError, TransportError) as exc:
            raise ReconcileError(f"Elasticsearch did not answer the inspection: {scrub(exc, self.url())}") from None
        self.requests += live.requests
        return BackendPlan(
            changes=diff_elasticsearch(spec, live),
            contexts={f"{NAME}:cluster": {}},
            unmanaged=unmanaged_indices(spec, live),
        )

    def apply(
        self, changes: list[Change], contexts: dict[str, dict[str, list[str]]], options: ApplyOptions
    ) -> ApplyReport:
        mine = [c for c in changes if c.backend == NAME]
        return ApplyReport(applied=apply_elasticsearch(self.client(), mine, options.allow_destructive))
