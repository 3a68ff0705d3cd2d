"""Declared Elasticsearch objects against live ones: a pure function returning Changes.

Each change's `after` holds the request body the executor sends; the
statements show people the REST call. Indices: dynamic settings and
additive mapping changes apply in place; analysis, similarity and codec
settings change on a closed index (close, update, open: needs --allow-close);
other static settings and incompatible mapping changes cannot, and are shown
as blocked with the reason (or, on an aliased index, migrate by reindexing).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from reconciler.changes import Action, Change, Hazard, Statement, rest_call
from reconciler.elasticsearch.inspector import LiveElasticsearch, LiveIndex
from reconciler.elasticsearch.normalize import (
    changes_when_closed,
    flatten_settings,
    is_static,
    mapping_difference,
    normalize_mapping,
)
from reconciler.elasticsearch.spec import ElasticsearchSpec, IndexSpec

BACKEND = "elasticsearch"
SCOPE = "cluster"
DELETES = Hazard(code="data_loss", message="deleted with everything in it")
CLOSES = Hazard(
    code="index_closed",
    message="the index is closed while these settings change: every search and write to it fails until it "
    "reopens (needs --allow-close)",
)
Adder = Callable[..., None]


def _drop_empty(value: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in value.items() if v not in (None, {}, [])}


def canonical_template(body: dict[str, Any]) -> dict[str, Any]:
    """A (component or index) template in one comparable form, declared or live."""
    template = body.get("template") or {}
    return _drop_empty(
        {
            "index_patterns": body.get("index_patterns"),
            "priority": body.get("priority"),
            "composed_of": body.get("composed_of"),
            "version": body.get("version"),
            "_meta": body.get("_meta"),
            "template": _drop_empty(
                {
                    "settings": flatten_settings(template.get("settings") or {}),
                    "mappings": normalize_mapping(template.get("mappings") or {}),
                    "aliases": template.get("aliases") or {},
                }
            ),
        }
    )


def canonical_pipeline(body: dict[str, Any]) -> dict[str, Any]:
    return _drop_empty({k: body.get(k) for k in ("description", "processors", "on_failure")})


def is_subset(want: Any, have: Any) -> bool:
    """Every declared key is in the live value with the same value (Elasticsearch adds defaults)."""
    if isinstance(want, dict):
        return isinstance(have, dict) and all(k in have and is_subset(v, have[k]) for k, v in want.items())
    if isinstance(want, (int, float)) and not isinstance(want, bool) and isinstance(have, str):
        return str(want) == have
    return bool(want == have)


def next_version(concrete: str, alias: str) -> str:
    """`logs-v3` -> `logs-v4`; the first versioned index of alias `logs` is `logs-v1`."""
    match = re.fullmatch(re.escape(alias) + r"-v(\d+)", concrete)
    return f"{alias}-v{int(match[1]) + 1}" if match else f"{alias}-v1"


def _migration(add: Adder, name: str, index: IndexSpec, concrete: str, current: LiveIndex, detail: list[str]) -> None:
    """Plan a reindex into the next version of an aliased index, swapping the alias atomically."""
    target = next_version(concrete, name)
    body = _drop_empty({"settings": index.settings, "mappings": index.mappings})
    aliases = {**index.aliases, name: {"is_write_index": True}}
    swap = [{"remove": {"index": concrete, "alias": a}} for a in current.aliases]
    swap += [{"add": {"index": target, "alias": a, **b}} for a, b in aliases.items()]
    statements = [
        Statement(sql=f"PUT /{target} {json.dumps(body, sort_keys=True)}", phase=9),
        Statement(
            sql=f'POST /_reindex {{"source": {{"index": "{concrete}"}}, "dest": {{"index": "{target}"}}}}', phase=9
        ),
        Statement(
            sql=f"check: document counts of {concrete} and {target} are equal (else stop, alias untouched)", phase=9
        ),
        Statement(sql=f"POST /_aliases {json.dumps({'actions': swap})}  (one atomic call)", phase=9),
        Statement(sql=f"DELETE /{concrete}  (only with --allow-destructive; otherwise kept)", phase=9),
    ]
    add(
        "index",
        f"{name}.migration",
        Action.REPLACE,
        {"index": concrete},
        {"alias": name, "from": concrete, "to": target, "body": body, "swap": swap},
        statements=statements,
        needs_reindex=True,
        hazards=[
            Hazard(
                code="reindex",
                message=f"copies every document of {concrete} into {target}; writes made "
                "during the copy make the counts differ, which stops the migration before the alias moves",
            )
        ],
        detail=detail,
    )


def _closed_update(add: Adder, name: str, concrete: str, current: LiveIndex, static: dict[str, Any]) -> None:
    """Settings a closed index accepts (analysis, similarity, codec): close, update, open.

    The executor sends the three calls itself, so that the index is reopened even when the update fails.
    """
    add(
        "index",
        f"{name}.settings.closed",
        Action.UPDATE,
        {k: current.settings.get(k) for k in static},
        {"index": concrete, "settings": static, "reopen": True},
        statements=[
            Statement(sql=f"POST /{concrete}/_close", phase=9),
            Statement(sql=f"PUT /{concrete}/_settings {json.dumps(static, sort_keys=True)}", phase=9),
            Statement(sql=f"POST /{concrete}/_open  (also when the update fails)", phase=9),
        ],
        hazards=[CLOSES],
        detail=[f"{k}: {current.settings.get(k)!r} -> {v!r}" for k, v in static.items()],
    )


def _diff_index(add: Adder, name: str, index: IndexSpec, live: LiveElasticsearch) -> None:
    settings = flatten_settings(index.settings)
    mappings = normalize_mapping(index.mappings)
    aliases = dict(index.aliases)
    concrete = name
    if index.aliased:
        aliases[name] = {"is_write_index": True}
        if name in live.indices:
            add(
                "index",
                name,
                Action.REPLACE,
                None,
                None,
                blocked=f"{name} is a concrete index, so it cannot become an alias without deleting it first; "
                "reindex it into a new index by hand, or declare it without aliased",
            )
            return
        concrete = live.aliased.get(name, f"{name}-v1")
    current = live.indices.get(concrete)
    if current is None:
        body = _drop_empty({"settings": index.settings, "mappings": index.mappings, "aliases": aliases})
        add(
            "index",
            name,
            Action.CREATE,
            None,
            body,
            statements=[rest_call("PUT", f"/{concrete}", body, 5)],
            detail=[f"{k} = {v}" for k, v in settings.items()] + ([f"behind alias {name}"] if index.aliased else []),
        )
        return
    changed = {k: v for k, v in settings.items() if current.settings.get(k) != v}
    static = {k: v for k, v in changed.items() if is_static(k)}
    dynamic = {k: v for k, v in changed.items() if not is_static(k)}
    additions, conflicts = mapping_difference(mappings, normalize_mapping(current.mappings))
    incompatible = [f"{k}: {current.settings.get(k)!r} -> {v!r}" for k, v in static.items()] + conflicts
    if incompatible and index.aliased:
        _migration(add, name, index, concrete, current, incompatible)
        return
    if static and all(changes_when_closed(k) for k in static):
        _closed_update(add, name, concrete, current, static)
    elif static:
        add(
            "index",
            f"{name}.settings.static",
            Action.REPLACE,
            {k: current.settings.get(k) for k in static},
            static,
            detail=incompatible[: len(static)],
            blocked=f"static settings ({', '.join(static)}) cannot change on an open index; declare the index "
            "`aliased: true` so reconcile can migrate it by reindexing (--allow-reindex), or move the data by hand",
        )
    if conflicts:
        add(
            "index",
            f"{name}.mappings.incompatible",
            Action.REPLACE,
            None,
            None,
            detail=conflicts,
            blocked="these mapping changes cannot be made in place (a field's type or indexing changes); declare "
            "the index `aliased: true` so reconcile can migrate it by reindexing (--allow-reindex)",
        )
    if dynamic:
        add(
            "index",
            f"{name}.settings",
            Action.UPDATE,
            {k: current.settings.get(k) for k in dynamic},
            {"settings": dynamic},
            statements=[rest_call("PUT", f"/{concrete}/_settings", dynamic, 6)],
            detail=[f"{k}: {current.settings.get(k)!r} -> {v!r}" for k, v in dynamic.items()],
        )
    if additions:
        add(
            "index",
            f"{name}.mappings",
            Action.UPDATE,
            None,
            {"mappings": additions},
            statements=[rest_call("PUT", f"/{concrete}/_mapping", additions, 7)],
            detail=[f"add {json.dumps(additions, sort_keys=True)}"],
        )
    missing = {a: body for a, body in aliases.items() if current.aliases.get(a) != body}
    extra = sorted(set(current.aliases) - set(aliases))
    if missing or extra:
        actions = [{"add": {"index": concrete, "alias": a, **body}} for a, body in missing.items()]
        actions += [{"remove": {"index": concrete, "alias": a}} for a in extra]
        add(
            "index",
            f"{name}.aliases",
            Action.UPDATE,
            current.aliases,
            {"actions": actions},
            statements=[rest_call("POST", "/_aliases", {"actions": actions}, 8)],
            destructive=bool(extra),
            hazards=[Hazard(code="alias_removed", message=f"clients using {', '.join(extra)} lose them")]
            if extra
            else [],
            detail=[f"add alias {a}" for a in missing] + [f"remove alias {a}" for a in extra],
        )


def unmanaged_indices(spec: ElasticsearchSpec, live: LiveElasticsearch) -> list[str]:
    """Live indices neither declared nor under an owned prefix with prune on: left alone.

    The versions `<name>-v<N>` of an aliased index are the state's (older ones stay after a migration
    without --allow-destructive), and so are the indices holding a declared alias.
    """
    versions = [re.compile(re.escape(name) + r"-v\d+") for name, index in spec.indices.items() if index.aliased]
    owned = spec.owned_prefixes if spec.prune else []
    aliases = set(live.aliased.values())
    return [
        name
        for name in live.index_names
        if name not in spec.indices
        and name not in aliases
        and not any(name.startswith(p) for p in owned)
        and not any(v.fullmatch(name) for v in versions)
    ]


def diff_elasticsearch(spec: ElasticsearchSpec, live: LiveElasticsearch) -> list[Change]:
    changes: list[Change] = []

    def add(kind: str, name: str, action: Action, before: object, after: object, **extra: Any) -> None:
        changes.append(
            Change(
                backend=BACKEND,
                scope=SCOPE,
                address=f"{BACKEND}.{SCOPE}.{kind}.{name}",
                kind=kind,
                action=action,
                before=before,
                after=after,
                **extra,
            )
        )

    for name, component in spec.component_templates.items():
        declared = component.model_dump(by_alias=True, exclude_none=True)
        want = canonical_template(declared)
        have = live.component_templates.get(name)
        if have is None or canonical_template(have) != want:
            add(
                "component_template",
                name,
                Action.CREATE if have is None else Action.UPDATE,
                canonical_template(have) if have else None,
                declared,
                statements=[rest_call("PUT", f"/_component_template/{name}", declared, 1)],
                hazards=[]
                if have is None
                else [
                    Hazard(
                        code="future_indices_only",
                        message="changes apply to indices created afterwards; existing ones keep their settings",
                    )
                ],
            )

    for name, index_template in spec.index_templates.items():
        declared = index_template.model_dump(by_alias=True, exclude_none=True)
        want = canonical_template(declared)
        have = live.index_templates.get(name)
        if have is None or canonical_template(have) != want:
            patterns = ", ".join(index_template.index_patterns)
            add(
                "index_template",
                name,
                Action.CREATE if have is None else Action.UPDATE,
                canonical_template(have) if have else None,
                declared,
                statements=[rest_call("PUT", f"/_index_template/{name}", declared, 2)],
                hazards=[
                    Hazard(
                        code="future_indices_only",
                        message=f"applies to indices matching {patterns} created afterwards, not existing ones",
                    )
                ],
            )

    for name, policy in spec.ilm_policies.items():
        declared = policy.model_dump(by_alias=True, exclude_none=True)
        have = live.ilm_policies.get(name)
        if have is None or not is_subset(declared, have):
            add(
                "ilm_policy",
                name,
                Action.CREATE if have is None else Action.UPDATE,
                have,
                declared,
                statements=[rest_call("PUT", f"/_ilm/policy/{name}", {"policy": declared}, 3)],
            )

    for name, pipeline in spec.pipelines.items():
        declared = pipeline.model_dump(exclude_none=True)
        have = live.pipelines.get(name)
        if have is None or canonical_pipeline(have) != canonical_pipeline(declared):
            add(
                "pipeline",
                name,
                Action.CREATE if have is None else Action.UPDATE,
                canonical_pipeline(have) if have else None,
                declared,
                statements=[rest_call("PUT", f"/_ingest/pipeline/{name}", declared, 4)],
            )

    for name, index in spec.indices.items():
        _diff_index(add, name, index, live)

    if spec.prune:
        for kind, declared_names, live_names, path in (
            ("index", spec.indices, live.indices, "/{}"),
            ("index_template", spec.index_templates, live.index_templates, "/_index_template/{}"),
            ("component_template", spec.component_templates, live.component_templates, "/_component_template/{}"),
            ("pipeline", spec.pipelines, live.pipelines, "/_ingest/pipeline/{}"),
            ("ilm_policy", spec.ilm_policies, live.ilm_policies, "/_ilm/policy/{}"),
        ):
            for name in sorted(set(live_names) - set(declared_names)):
                if any(name.startswith(p) for p in spec.owned_prefixes):
                    add(
                        kind,
                        name,
                        Action.DELETE,
                        {"name": name},
                        None,
                        destructive=True,
                        hazards=[DELETES],
                        statements=[rest_call("DELETE", path.format(name), phase=20)],
                        detail=[f"not declared, under an owned prefix ({', '.join(spec.owned_prefixes)})"],
                    )
    return changes
