"""Spelling out a mapping parameter at its type's default plans nothing and never blocks.

Real Elasticsearch 8 leaves every parameter at its type's default out of
`GET _mapping`; noida-db returns mappings as sent. So the pure tests carry the
real server's behaviour: the live side is built the way Elasticsearch answers,
without the default, and the declared side spells it out.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from elasticsearch import Elasticsearch

from reconciler.changes import Change
from reconciler.elasticsearch.differ import diff_elasticsearch
from reconciler.elasticsearch.inspector import LiveElasticsearch, LiveIndex
from reconciler.elasticsearch.mapping_defaults import DATE_FORMAT, FIELD_DEFAULTS
from reconciler.elasticsearch.spec import ElasticsearchSpec
from tests.conftest import Cli

# What a field of these types needs besides its type (required parameters, or sub-fields for objects).
REQUIRED: dict[str, dict[str, Any]] = {
    "scaled_float": {"scaling_factor": 100.0},
    "alias": {"path": "other"},
    "dense_vector": {"dims": 3},
    "object": {"properties": {"x": {"type": "keyword"}}},
    "nested": {"properties": {"x": {"type": "keyword"}}},
}


def es_answer(kind: str) -> dict[str, Any]:
    """A field of this type as Elasticsearch answers it when every parameter is at its default."""
    field = {"type": kind, **REQUIRED.get(kind, {})}
    if kind == "object":
        del field["type"]  # written only for objects without properties
    return field


def plan(declared: dict[str, Any], live: dict[str, Any]) -> list[Change]:
    """The changes for one index `i` whose field `f` is declared as `declared` and reads back as `live`."""
    spec = ElasticsearchSpec.model_validate({"indices": {"i": {"mappings": {"properties": {"f": declared}}}}})
    index = LiveIndex(settings={}, mappings={"properties": {"f": live}}, aliases={})
    return diff_elasticsearch(spec, LiveElasticsearch(indices={"i": index}))


EVERY_DEFAULT = [(kind, key, value) for kind, table in FIELD_DEFAULTS.items() for key, value in table.items()]


@pytest.mark.parametrize(("kind", "key", "value"), EVERY_DEFAULT, ids=[f"{k}.{p}" for k, p, _ in EVERY_DEFAULT])
def test_every_default_of_every_type_plans_nothing(kind: str, key: str, value: Any) -> None:
    assert plan({**es_answer(kind), key: value}, es_answer(kind)) == []


# Defaults written the way YAML or JSON users write them: strings for booleans and numbers, the date format of
# a date, everything at once, and the analyzers whose default is another parameter's value.
SPELLINGS: list[tuple[str, dict[str, Any]]] = [
    ("date format", {"type": "date", "format": DATE_FORMAT}),
    ("object enabled", {"type": "object", "enabled": True, "properties": {"x": {"type": "keyword"}}}),
    ("object enabled as text", {"enabled": "true", "properties": {"x": {"type": "keyword"}}}),
    ("keyword index as text", {"type": "keyword", "index": "true", "doc_values": "true", "store": "false"}),
    ("keyword ignore_above as text", {"type": "keyword", "ignore_above": "2147483647"}),
    ("flattened depth as text", {"type": "flattened", "depth_limit": "20"}),
    ("text filter partly given", {"type": "text", "fielddata_frequency_filter": {"min": 0}}),
    ("every text default", {"type": "text", **FIELD_DEFAULTS["text"]}),
    ("search analyzer = analyzer", {"type": "text", "analyzer": "english", "search_analyzer": "english"}),
    (
        "quote analyzer = search analyzer",
        {"type": "text", "analyzer": "english", "search_analyzer": "simple", "search_quote_analyzer": "simple"},
    ),
    ("search analyzer = default analyzer", {"type": "text", "search_analyzer": "default"}),
    ("search_as_you_type analyzers", {"type": "search_as_you_type", "search_analyzer": "default"}),
    ("completion search analyzer", {"type": "completion", "search_analyzer": "simple"}),
    ("nested include flags", {"type": "nested", "include_in_parent": False, "include_in_root": "false"}),
]
ANSWERS: dict[str, dict[str, Any]] = {
    "search analyzer = analyzer": {"type": "text", "analyzer": "english"},
    "quote analyzer = search analyzer": {"type": "text", "analyzer": "english", "search_analyzer": "simple"},
}


@pytest.mark.parametrize(("name", "declared"), SPELLINGS, ids=[name for name, _ in SPELLINGS])
def test_defaults_as_people_write_them_plan_nothing(name: str, declared: dict[str, Any]) -> None:
    kind = declared.get("type", "object")
    assert plan(declared, ANSWERS.get(name, es_answer(str(kind)))) == []


def test_multi_fields_drop_the_defaults_of_their_own_type() -> None:
    declared = {
        "type": "text",
        "norms": True,
        "fields": {"raw": {"type": "keyword", "norms": False, "ignore_above": 2147483647}},
    }
    assert plan(declared, {"type": "text", "fields": {"raw": {"type": "keyword"}}}) == []


# A value that is the default of another type, or no default at all, is a real setting: it must still plan.
NOT_DEFAULTS: list[tuple[dict[str, Any], dict[str, Any], str]] = [
    ({"type": "keyword", "norms": True}, {"type": "keyword"}, "norms: None -> True"),
    ({"type": "text", "norms": False}, {"type": "text"}, "norms: None -> False"),
    ({"type": "date", "format": "epoch_millis"}, {"type": "date"}, "format: None -> 'epoch_millis'"),
    ({"type": "date_nanos", "format": DATE_FORMAT}, {"type": "date_nanos"}, "format"),
    ({"type": "text", "analyzer": "standard"}, {"type": "text"}, "analyzer: None -> 'standard'"),
    ({"type": "object", "enabled": False}, {"type": "object"}, "enabled: None -> False"),
    ({"type": "keyword", "ignore_above": 256}, {"type": "keyword"}, "ignore_above: None -> 256"),
]


@pytest.mark.parametrize(("declared", "live", "detail"), NOT_DEFAULTS)
def test_a_value_that_is_not_this_types_default_still_plans(
    declared: dict[str, Any], live: dict[str, Any], detail: str
) -> None:
    changes = plan(declared, live)
    assert changes, "a real difference was dropped as a default"
    assert any(detail in line for change in changes for line in change.detail)


def _strip_to_es_answer(mapping: dict[str, Any]) -> dict[str, Any]:
    """The mapping without the parameters the test spelled out at their defaults (what Elasticsearch stores)."""
    return {
        name: {k: v for k, v in field.items() if k in ("type", *REQUIRED.get(field.get("type", "object"), {}))}
        for name, field in mapping.items()
    }


def test_a_state_spelling_out_defaults_plans_nothing_against_the_servers_answer(
    cli: Cli, tmp_path: Path, es: Elasticsearch, p: str
) -> None:
    """Round trip through a server: the index holds Elasticsearch's answer, the state spells out the defaults."""
    kinds = ["text", "keyword", "date", "date_nanos", "long", "scaled_float", "boolean", "ip", "flattened"]
    kinds += ["geo_point", "wildcard", "constant_keyword", "binary", "integer_range", "date_range"]
    declared = {kind: {"type": kind, **REQUIRED.get(kind, {}), **FIELD_DEFAULTS[kind]} for kind in kinds}
    declared["obj"] = {"type": "object", "enabled": True, "properties": {"x": {"type": "keyword", "norms": False}}}
    declared["nest"] = {"type": "nested", "include_in_parent": False, "properties": {"x": {"type": "keyword"}}}
    declared["sub"] = {"type": "text", "fields": {"raw": {"type": "keyword", "ignore_above": 2147483647}}}
    stored = _strip_to_es_answer(declared)
    stored["obj"] = {"properties": {"x": {"type": "keyword"}}}
    stored["nest"] = {"type": "nested", "properties": {"x": {"type": "keyword"}}}
    stored["sub"] = {"type": "text", "fields": {"raw": {"type": "keyword"}}}
    es.indices.create(index=f"{p}defaults", mappings={"properties": stored})
    state = tmp_path / "state"
    state.mkdir()
    body = {"indices": {f"{p}defaults": {"mappings": {"properties": declared}}}}
    (state / "elasticsearch.yaml").write_text(yaml.safe_dump(body))
    code = cli("plan", "--state", state, "--only", "elasticsearch", "--detailed-exitcode")
    assert code == 0, cli.out + cli.err
    assert "No changes" in cli.out
    assert "cannot be applied" not in cli.out
