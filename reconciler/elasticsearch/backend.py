"""The Elasticsearch backend: state/elasticsearch.yaml against RECONCILE_ELASTICSEARCH_URL."""

from __future__ import annotations

from pathlib import Path

from reconciler.backend import ApplyOptions, ApplyReport, BackendPlan
from reconciler.changes import Change
from reconciler.elasticsearch.client import Elastic, EsApiError, EsUnreachable
from reconciler.elasticsearch.differ import diff_elasticsearch, unmanaged_indices
from reconciler.elasticsearch.executor import apply_elasticsearch
from reconciler.elasticsearch.inspector import IlmUnavailable, inspect_elasticsearch
from reconciler.elasticsearch.spec import ElasticsearchSpec
from reconciler.errors import ConnectionConfigError, ReconcileError, StateError
from reconciler.state.validation import validate_document
from reconciler.state.yaml_source import display_path, load_yaml
from reconciler.targets import backend_url, scrub

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

    def client(self) -> Elastic:
        """A client with API key or basic auth from the environment, once the server answered like Elasticsearch."""
        url = self.url()
        if url is None:
            raise ConnectionConfigError(
                "Elasticsearch is not configured: set RECONCILE_ELASTICSEARCH_URL (for example "
                "https://search.internal:9200) or add `elasticsearch: {url: ...}` to targets.yaml"
            )
        es = Elastic(url)
        es.check_server()
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
        except (EsApiError, EsUnreachable) as exc:
            raise ReconcileError(f"Elasticsearch did not answer the inspection: {scrub(exc, self.url())}") from None
        finally:
            self.requests += es.requests
            es.close()
        return BackendPlan(
            changes=diff_elasticsearch(spec, live),
            contexts={f"{NAME}:cluster": {}},
            unmanaged=unmanaged_indices(spec, live),
        )

    def apply(
        self, changes: list[Change], contexts: dict[str, dict[str, list[str]]], options: ApplyOptions
    ) -> ApplyReport:
        mine = [c for c in changes if c.backend == NAME]
        es = self.client()
        try:
            return ApplyReport(applied=apply_elasticsearch(es, mine, options.allow_destructive))
        finally:
            self.requests += es.requests
            es.close()
