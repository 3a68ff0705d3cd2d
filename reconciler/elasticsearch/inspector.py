"""Read what the state manages: one request per API, for all managed names at once."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from reconciler.elasticsearch.client import Elastic, EsApiError
from reconciler.elasticsearch.spec import ElasticsearchSpec


@dataclass
class LiveIndex:
    settings: dict[str, str]
    mappings: dict[str, Any]
    aliases: dict[str, dict[str, Any]]


@dataclass
class LiveElasticsearch:
    indices: dict[str, LiveIndex] = field(default_factory=dict)
    component_templates: dict[str, dict[str, Any]] = field(default_factory=dict)
    index_templates: dict[str, dict[str, Any]] = field(default_factory=dict)
    pipelines: dict[str, dict[str, Any]] = field(default_factory=dict)
    ilm_policies: dict[str, dict[str, Any]] = field(default_factory=dict)
    aliased: dict[str, str] = field(default_factory=dict)  # alias of an aliased index -> its concrete index
    index_names: list[str] = field(default_factory=list)  # every open or closed index that is not hidden
    requests: int = 0


def _owned(name: str, spec: ElasticsearchSpec, declared: dict[str, Any]) -> bool:
    return name in declared or (spec.prune and any(name.startswith(p) for p in spec.owned_prefixes))


def inspect_elasticsearch(es: Elastic, spec: ElasticsearchSpec, *, list_names: bool = False) -> LiveElasticsearch:
    """What the state manages; with list_names, also the names of all indices (one more request, for plan)."""
    live = LiveElasticsearch()
    targets = list(spec.indices) + ([f"{p}*" for p in spec.owned_prefixes] if spec.prune else [])
    if targets:
        # One GET for settings, mappings and aliases of every managed index; hidden indices are never expanded.
        answer = es.get_indices(targets)
        live.requests += 1
        for name, body in answer.items():
            if name.startswith("."):
                continue
            live.indices[name] = LiveIndex(
                settings={k: v for k, v in (body.get("settings") or {}).items()},
                mappings=body.get("mappings") or {},
                aliases=body.get("aliases") or {},
            )
        for name, index in spec.indices.items():
            if not index.aliased:
                continue
            holders = sorted(n for n, live_index in live.indices.items() if name in live_index.aliases)
            writers = [n for n in holders if live.indices[n].aliases[name].get("is_write_index")]
            if writers or holders:
                live.aliased[name] = (writers or holders)[-1]
    if list_names:  # the names of all (non-hidden) indices, for the count of those the state leaves alone
        rows = es.index_names()
        live.requests += 1
        names = [str(row["index"]) for row in rows if isinstance(row, dict)]
        live.index_names = sorted(name for name in names if not name.startswith("."))
    if spec.component_templates or spec.prune:
        answer = _or_none_found(es, "/_component_template", {"component_templates": []})
        live.requests += 1
        live.component_templates = {
            t["name"]: t["component_template"]
            for t in answer.get("component_templates", [])
            if _owned(t["name"], spec, spec.component_templates)
        }
    if spec.index_templates or spec.prune:
        answer = _or_none_found(es, "/_index_template", {"index_templates": []})
        live.requests += 1
        live.index_templates = {
            t["name"]: t["index_template"]
            for t in answer.get("index_templates", [])
            if _owned(t["name"], spec, spec.index_templates)
        }
    if spec.pipelines or spec.prune:
        answer = _or_none_found(es, "/_ingest/pipeline", {})
        live.requests += 1
        live.pipelines = {name: body for name, body in answer.items() if _owned(name, spec, spec.pipelines)}
    if spec.ilm_policies:
        try:
            answer = es.request("GET", "/_ilm/policy")
        except EsApiError as exc:
            raise IlmUnavailable(str(exc)) from None
        live.requests += 1
        live.ilm_policies = {
            name: body.get("policy", {}) for name, body in answer.items() if _owned(name, spec, spec.ilm_policies)
        }
    return live


def _or_none_found(es: Elastic, path: str, none: dict[str, Any]) -> Any:
    """The answer of a listing, or `none` where the server answers 404 because there are none."""
    try:
        return es.request("GET", path)
    except EsApiError as exc:
        if exc.status == 404:
            return none
        raise


class IlmUnavailable(Exception):
    """The server has no ILM API (noida-db, or a cluster without the feature)."""
