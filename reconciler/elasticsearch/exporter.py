"""Export Elasticsearch indices, templates, pipelines and ILM policies as state/elasticsearch.yaml.

Indices, templates and pipelines are read with the backend's own inspector,
given the export's prefixes as owned prefixes, so the export sees what `plan`
sees. The export is what a person would have declared: settings Elasticsearch
generates (uuid, creation_date, version, provided_name, the automatic tier
preference, ...) are dropped, the rest is written unflattened and unquoted
(`number_of_shards: 3`), and each setting is checked to flatten back to the
stored value. Mappings, aliases and template bodies are written as returned,
since the differ normalizes both sides the same way.

What the spec cannot declare is left out and named in the header rather than
written approximately, because the contract is an empty plan: built-in and
managed objects (names starting with `.`, `_meta.managed: true`), index
templates with fields the spec has no place for (`data_stream`, ...) or
composed of component templates that are not exported, and anything whose
setting or processor looks like a secret. state/elasticsearch.yaml cannot
take `${env:NAME}` placeholders (nothing resolves them: they would be
compared and written literally), so such values are never exported.

`prune` and `owned_prefixes` are never written: an export must not make a
later apply delete anything.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from reconciler.elasticsearch.backend import NAME, ElasticsearchBackend
from reconciler.elasticsearch.client import Elastic, EsApiError, EsUnreachable
from reconciler.elasticsearch.inspector import LiveElasticsearch, LiveIndex, inspect_elasticsearch
from reconciler.elasticsearch.normalize import flatten_settings
from reconciler.elasticsearch.spec import ElasticsearchSpec
from reconciler.errors import ReconcileError
from reconciler.export_files import ExportedFile, ExportOptions, looks_secret
from reconciler.targets import backend_url, display_url, scrub

# Index settings Elasticsearch writes itself; nobody declares them.
GENERATED_SETTINGS = (
    "index.uuid",
    "index.creation_date",
    "index.creation_date_string",
    "index.provided_name",
    "index.history.uuid",
    "index.verified_before_close",
    "index.lifecycle.indexing_complete",
)
GENERATED_PREFIXES = (
    "index.version.",
    "index.resize.source.",
    "index.shrink.source.",
    "index.routing.allocation.initial_recovery.",
    "index.downsample.",
)
# Set on every new index by Elasticsearch 8 unless someone chose another tier.
AUTOMATIC_SETTINGS = {"index.routing.allocation.include._tier_preference": "data_content"}
FIRST_SETTINGS = ("number_of_shards", "number_of_replicas", "refresh_interval")
TEMPLATE_FIELDS = {"index_patterns", "priority", "composed_of", "template", "version", "_meta"}
COMPONENT_FIELDS = {"template", "version", "_meta"}
TEMPLATE_BODY_FIELDS = {"settings", "mappings", "aliases"}
PIPELINE_FIELDS = ("description", "processors", "on_failure")
# Template fields the spec lacks, with the value that changes nothing (`data_stream: {}` does change things).
HARMLESS_VALUES: dict[str, Any] = {"deprecated": False, "ignore_missing_component_templates": []}
_VERSIONED = re.compile(r"(.+)-v(\d+)")
_INTEGER = re.compile(r"-?(0|[1-9]\d*)")


# Elasticsearch's analysis vocabulary is full of `token` followed by more of a word (tokenizer, token_chars,
# max_token_length, consume_all_tokens): those words name text processing, not credentials (api_token does).
def secret_paths(value: Any, path: str = "") -> list[str]:
    """Where a non-empty string sits under a key that looks like a secret (`processors.1.script.params.api_key`)."""
    found: list[str] = []
    if isinstance(value, dict):
        for key, sub in value.items():
            where = f"{path}.{key}" if path else str(key)
            if isinstance(sub, str) and sub and looks_secret(str(key)):
                found.append(where)
            else:
                found += secret_paths(sub, where)
    elif isinstance(value, list):
        for index, sub in enumerate(value):
            found += secret_paths(sub, f"{path}.{index}" if path else str(index))
    return found


def _plain(value: Any) -> Any:
    """A setting as people write it: `3` and `true` instead of Elasticsearch's "3" and "true"."""
    if isinstance(value, str):
        if _INTEGER.fullmatch(value):
            return int(value)
        if value in ("true", "false"):
            return value == "true"
    return value


def _nest(flat: dict[str, Any]) -> dict[str, Any] | None:
    """{a.b.c: 1, a.b.d: 2, e: 3} -> {a.b: {c: 1, d: 2}, e: 3}: nested where keys share a prefix.

    None when a key is both a value and a prefix of another key, which cannot nest.
    """
    tree: dict[str, Any] = {}
    for key, value in flat.items():
        node = tree
        *parents, leaf = key.split(".")
        for part in parents:
            node = node.setdefault(part, {})
            if not isinstance(node, dict):
                return None
        if leaf in node:
            return None
        node[leaf] = value

    def collapse(node: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in node.items():
            if isinstance(value, dict):
                inner = collapse(value)
                if len(inner) == 1:
                    (sub, sub_value), *_ = inner.items()
                    out[f"{key}.{sub}"] = sub_value
                else:
                    out[key] = inner
            else:
                out[key] = value
        return out

    return collapse(tree)


def _generated(key: str, value: Any) -> bool:
    return key in GENERATED_SETTINGS or key.startswith(GENERATED_PREFIXES) or AUTOMATIC_SETTINGS.get(key) == value


def readable_settings(
    flat: dict[str, Any], what: str, left_out: list[str], *, drop_generated: bool = True
) -> dict[str, Any]:
    """Flat live settings (`index.number_of_shards: "3"`) as declared ones that flatten back to exactly them.

    Generated settings are dropped (an index's, never a template's: there
    someone wrote them); a setting that looks like a secret or cannot be
    declared so that it flattens back goes to `left_out`.
    """
    declared: dict[str, Any] = {}
    for key, value in flat.items():
        if drop_generated and _generated(key, value):
            continue
        if looks_secret(key):
            left_out.append(f"  {what}: setting {key} (looks like a secret)")
            continue
        short = key.removeprefix("index.")
        for candidate in (_plain(value), value):
            if flatten_settings({short: candidate}) == {key: value}:
                declared[short] = candidate
                break
        else:
            left_out.append(f"  {what}: setting {key}={value!r} (cannot be declared so that it compares equal)")
    nested = _nest(declared)
    expected = flatten_settings(declared)
    if nested is not None and flatten_settings(nested) == expected:
        declared = nested
    first = {k: declared[k] for k in FIRST_SETTINGS if k in declared}
    return first | {k: declared[k] for k in sorted(declared) if k not in first}


def _managed(name: str, body: dict[str, Any]) -> bool:
    """Built-in or managed by Elasticsearch (or a stack component): theirs to change on upgrade, not the state's."""
    meta = body.get("_meta")
    return name.startswith(".") or (isinstance(meta, dict) and meta.get("managed") is True)


def _in_prefixes(name: str, prefixes: list[str]) -> bool:
    return not prefixes or name.startswith(tuple(prefixes))


class _Exporter:
    """Builds the document from live objects and collects the header lines about what was left out."""

    def __init__(self, live: LiveElasticsearch, prefixes: list[str]) -> None:
        self.live = live
        self.prefixes = prefixes
        self.left_out: list[str] = []
        self.notes: list[str] = []

    def leave_out(self, what: str, why: str) -> None:
        self.left_out.append(f"  {what}: {why}")

    def template_body(self, what: str, template: dict[str, Any]) -> dict[str, Any] | None:
        """A template's `template` section, or None (noted) when the spec cannot hold it exactly."""
        unknown = sorted(set(template) - TEMPLATE_BODY_FIELDS)
        if unknown:
            self.leave_out(what, f"template.{', template.'.join(unknown)} has no place in the spec")
            return None
        body: dict[str, Any] = {}
        flat = flatten_settings(template.get("settings") or {})
        secrets = [k for k in flat if looks_secret(k)]
        if secrets:
            self.leave_out(what, f"settings {', '.join(secrets)} look like secrets")
            return None
        left_out: list[str] = []
        settings = readable_settings(flat, what, left_out, drop_generated=False)
        # Templates compare whole, so a setting dropped as generated or undeclarable would be a difference.
        if left_out or flatten_settings(settings) != flat:
            self.leave_out(what, "settings that cannot be declared so that they compare equal")
            return None
        if settings:
            body["settings"] = settings
        for key in ("mappings", "aliases"):
            if template.get(key):
                body[key] = template[key]
        return body

    def template(self, what: str, live: dict[str, Any], fields: set[str]) -> dict[str, Any] | None:
        unknown = sorted(
            k for k in set(live) - fields if live[k] is not None and HARMLESS_VALUES.get(k, ...) != live[k]
        )
        if unknown:
            self.leave_out(what, f"{', '.join(unknown)} has no place in the spec")
            return None
        secrets = secret_paths(live.get("_meta") or {}, "_meta")
        if secrets:
            self.leave_out(what, f"{', '.join(secrets)} looks like a secret")
            return None
        spec: dict[str, Any] = {}
        for key in ("index_patterns", "priority", "composed_of"):
            if key in fields and live.get(key) not in (None, []):
                spec[key] = live[key]
        body = self.template_body(what, live.get("template") or {})
        if body is None:
            return None
        if body or "index_patterns" not in fields:
            spec["template"] = body
        for key in ("version", "_meta"):
            if live.get(key) is not None:
                spec[key] = live[key]
        return spec

    def component_templates(self, extra: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
        """Exportable component templates under the prefixes, and `extra` ones index templates need."""
        found: dict[str, dict[str, Any]] = {}
        for name, live in sorted({**self.live.component_templates, **extra}.items()):
            if _managed(name, live):
                continue
            spec = self.template(f"component template {name}", live, COMPONENT_FIELDS)
            if spec is not None:
                found[name] = spec
        return found

    def index_templates(self, components: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {}
        for name, live in sorted(self.live.index_templates.items()):
            if _managed(name, live):
                continue
            missing = [c for c in live.get("composed_of") or [] if c not in components]
            if missing:
                self.leave_out(
                    f"index template {name}",
                    f"composed of {', '.join(missing)}, which are not exported (managed, missing or left out)",
                )
                continue
            spec = self.template(f"index template {name}", live, TEMPLATE_FIELDS)
            if spec is not None:
                found[name] = spec
        return found

    def index(self, name: str, index: LiveIndex) -> tuple[str, dict[str, Any]]:
        """(declared name, spec): `<alias>-v<N>` holding `<alias>` as write index becomes `<alias>: {aliased: true}`."""
        left_out: list[str] = []
        settings = readable_settings(index.settings, f"index {name}", left_out)
        self.left_out += left_out
        aliases = dict(index.aliases)
        spec: dict[str, Any] = {}
        match = _VERSIONED.fullmatch(name)
        if match and aliases.get(match[1]) == {"is_write_index": True} and not match[1].startswith((".", "_")):
            del aliases[match[1]]
            name = match[1]
            spec["aliased"] = True
        if settings:
            spec["settings"] = settings
        if index.mappings:
            spec["mappings"] = index.mappings
        if aliases:
            spec["aliases"] = aliases
        return name, spec

    def indices(self) -> dict[str, dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {}
        for name, index in sorted(self.live.indices.items()):
            if name.startswith(".") or index.settings.get("index.hidden") == "true":
                continue
            declared, spec = self.index(name, index)
            found[declared] = spec
        return dict(sorted(found.items()))

    def pipelines(self) -> dict[str, dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {}
        for name, live in sorted(self.live.pipelines.items()):
            if _managed(name, live):
                continue
            what = f"pipeline {name}"
            secrets = secret_paths({k: live.get(k) for k in PIPELINE_FIELDS})
            if secrets:
                self.leave_out(what, f"{', '.join(secrets)} looks like a secret")
                continue
            if not live.get("processors"):
                self.leave_out(what, "it has no processors, which the spec requires")
                continue
            found[name] = {k: live[k] for k in PIPELINE_FIELDS if live.get(k) is not None}
            dropped = sorted(set(live) - set(PIPELINE_FIELDS))
            if dropped:
                self.notes.append(
                    f"pipeline {name}: {', '.join(dropped)} not exported (no place in the spec; planning ignores it, "
                    "but applying a change to this pipeline drops it)"
                )
        return found

    def ilm_policies(self, answer: dict[str, Any]) -> dict[str, dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {}
        for name, body in sorted(answer.items()):
            policy = body.get("policy") or {}
            if not _in_prefixes(name, self.prefixes) or _managed(name, policy):
                continue
            what = f"ILM policy {name}"
            secrets = secret_paths(policy.get("_meta") or {}, "_meta")
            if secrets:
                self.leave_out(what, f"{', '.join(secrets)} looks like a secret")
                continue
            if not policy.get("phases"):
                self.leave_out(what, "it has no phases, which the spec requires")
                continue
            found[name] = {k: policy[k] for k in ("phases", "_meta") if policy.get(k) is not None}
            dropped = sorted(set(policy) - {"phases", "_meta"})
            if dropped:
                self.notes.append(f"ILM policy {name}: {', '.join(dropped)} not exported (no place in the spec)")
        return found


def _components_needed(es: Elastic, live: LiveElasticsearch) -> dict[str, dict[str, Any]]:
    """Component templates outside the prefixes that exported index templates are composed of (one request)."""
    wanted = {
        c
        for name, t in live.index_templates.items()
        if not _managed(name, t)
        for c in t.get("composed_of") or []
        if c not in live.component_templates
    }
    if not wanted:
        return {}
    answer = es.request("GET", "/_component_template")
    return {t["name"]: t["component_template"] for t in answer.get("component_templates", []) if t["name"] in wanted}


def _ilm(es: Elastic) -> dict[str, Any] | None:
    """Every ILM policy, or None when the server has no ILM API (noida-db answers 400 `no handler found`)."""
    try:
        return dict(es.request("GET", "/_ilm/policy"))
    except EsApiError as exc:
        if exc.status in (400, 404, 405) or "no handler found" in str(exc):
            return None
        raise ReconcileError(f"Elasticsearch did not list its ILM policies: {scrub(exc)}") from None


def _check_prefixes(prefixes: list[str]) -> None:
    for prefix in prefixes:
        if not prefix or prefix.startswith(".") or any(c in prefix for c in "*?,"):
            raise ReconcileError(f"elasticsearch: prefix {prefix!r} must be a literal, non-hidden name prefix")


def export_from(es: Elastic, prefixes: list[str], where: str) -> ExportedFile:
    """The export of the server behind `es` (`where` names it in the header)."""
    _check_prefixes(prefixes)
    # As owned prefixes with prune, the inspector reads everything under them; "" reads every name.
    scope = ElasticsearchSpec.model_construct(owned_prefixes=list(prefixes) or [""], prune=True)
    live = inspect_elasticsearch(es, scope)
    exporter = _Exporter(live, prefixes)
    extra = _components_needed(es, live)
    components = exporter.component_templates(extra)
    index_templates = exporter.index_templates(components)
    used = {c for t in index_templates.values() for c in t.get("composed_of", [])}
    components = {n: c for n, c in components.items() if n in live.component_templates or n in used}
    sections: dict[str, dict[str, Any]] = {
        "indices": exporter.indices(),
        "component_templates": components,
        "index_templates": index_templates,
        "pipelines": exporter.pipelines(),
    }
    ilm = _ilm(es)
    if ilm is None:
        exporter.notes.append("No ILM policies: the server has no ILM API.")
    else:
        sections["ilm_policies"] = exporter.ilm_policies(ilm)
    header = [f"exported from {where} by reconcile export"]
    if prefixes:
        header.append(f"names under {', '.join(prefixes)} only")
    if extra:
        header.append(
            "Component templates outside the prefixes are included because exported index templates use them: "
            + ", ".join(sorted(n for n in extra if n in components))
        )
    header += exporter.notes
    if exporter.left_out:
        header.append("Left out (the spec cannot declare them exactly, or they look like secrets, which")
        header.append("state/elasticsearch.yaml cannot take as ${env:...} placeholders):")
        header += exporter.left_out
    data = {key: value for key, value in sections.items() if value} or {"indices": {}}
    return ExportedFile(path=Path("elasticsearch.yaml"), data=data, header=header)


def export_elasticsearch(options: ExportOptions) -> list[ExportedFile]:
    backend = ElasticsearchBackend(options.state_dir)
    es = backend.client()
    url = backend_url(NAME, options.state_dir) or ""
    try:
        exported = export_from(es, options.prefixes, display_url(url))
    except (EsApiError, EsUnreachable) as exc:
        raise ReconcileError(f"Elasticsearch did not answer the export: {scrub(exc, url)}") from None
    finally:
        es.close()
    return [exported]
