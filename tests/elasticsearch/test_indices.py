"""Elasticsearch indices, templates and pipelines against noida-db (and the real image where Docker answers)."""

from __future__ import annotations

from pathlib import Path

import pytest
from elasticsearch import Elasticsearch

from reconciler.elasticsearch.backend import load_elasticsearch
from reconciler.elasticsearch.client import Elastic
from reconciler.elasticsearch.inspector import inspect_elasticsearch
from tests.conftest import Cli

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def state(tmp_path: Path) -> Path:
    root = tmp_path / "state"
    root.mkdir()
    return root


def write(state: Path, body: str) -> None:
    (state / "elasticsearch.yaml").write_text(body.strip() + "\n")


def apply(cli: Cli, state: Path, *flags: str) -> None:
    assert cli("apply", "--state", state, "--only", "elasticsearch", "--auto-approve", *flags) == 0, cli.out + cli.err
    assert cli("drift", "--state", state, "--only", "elasticsearch", "--fail-on-diff") == 0, cli.out


def index(p: str, replicas: int = 1, shards: int = 1, extra_fields: str = "") -> str:
    return f"""
indices:
  {p}logs:
    settings: {{number_of_shards: {shards}, number_of_replicas: {replicas}, refresh_interval: 5s}}
    mappings:
      properties:
        timestamp: {{type: date}}
        level: {{type: keyword}}
        meta: {{type: object, enabled: false}}{extra_fields}
    aliases: {{{p}current: {{}}}}
"""


def test_create_from_empty_and_no_false_drift_from_defaults(cli: Cli, state: Path, es: Elasticsearch, p: str) -> None:
    defaults = (
        "\n        body: {type: text, index: true, norms: true}"
        "\n        tag: {type: keyword, doc_values: true, store: false}"
    )
    write(state, index(p, extra_fields=defaults))
    apply(cli, state)
    assert es.indices.get_settings(index=f"{p}logs")[f"{p}logs"]["settings"]["index"]["refresh_interval"] == "5s"
    assert f"{p}current" in es.indices.get_alias(index=f"{p}logs")[f"{p}logs"]["aliases"]


def test_dynamic_setting_changes_in_place(cli: Cli, state: Path, es: Elasticsearch, p: str) -> None:
    write(state, index(p))
    apply(cli, state)
    es.index(index=f"{p}logs", document={"level": "info"}, refresh=True)
    write(state, index(p, replicas=0))
    assert cli("plan", "--state", state, "--only", "elasticsearch") == 0
    assert "index.number_of_replicas: '1' -> '0'" in cli.out
    apply(cli, state)
    assert es.count(index=f"{p}logs")["count"] == 1


def test_static_setting_change_is_blocked(cli: Cli, state: Path, es: Elasticsearch, p: str) -> None:
    write(state, index(p))
    apply(cli, state)
    write(state, index(p, shards=2))
    assert cli("plan", "--state", state, "--only", "elasticsearch", "--detailed-exitcode") == 2
    assert "static settings (index.number_of_shards) cannot change on an open index" in cli.out
    assert cli("apply", "--state", state, "--only", "elasticsearch", "--auto-approve", "--allow-destructive") == 1
    assert "cannot be applied" in cli.err


def test_additive_mapping_change_and_incompatible_one(cli: Cli, state: Path, es: Elasticsearch, p: str) -> None:
    write(state, index(p))
    apply(cli, state)
    es.index(index=f"{p}logs", document={"level": "warn", "dynamic_field": 1}, refresh=True)
    write(state, index(p, extra_fields="\n        message: {type: text}"))
    assert cli("plan", "--state", state, "--only", "elasticsearch") == 0 and "PUT /" + p + "logs/_mapping" in cli.out
    apply(cli, state)  # the dynamically added field is not drift
    assert es.indices.get_mapping(index=f"{p}logs")[f"{p}logs"]["mappings"]["properties"]["message"] == {"type": "text"}
    assert es.count(index=f"{p}logs")["count"] == 1
    write(state, index(p).replace("level: {type: keyword}", "level: {type: text}"))
    assert cli("plan", "--state", state, "--only", "elasticsearch", "--detailed-exitcode") == 2
    assert "properties.level.type: 'keyword' -> 'text'" in cli.out and "cannot be made in place" in cli.out
    assert cli("apply", "--state", state, "--only", "elasticsearch", "--auto-approve") == 1


def test_templates_and_pipelines(cli: Cli, state: Path, es: Elasticsearch, p: str) -> None:
    body = f"""
component_templates:
  {p}base:
    template: {{settings: {{number_of_replicas: 1}}}}
index_templates:
  {p}tpl:
    index_patterns: ["{p}data-*"]
    priority: 50
    composed_of: [{p}base]
    template:
      settings: {{number_of_shards: 2}}
      mappings: {{properties: {{timestamp: {{type: date}}}}}}
pipelines:
  {p}pipe:
    description: add a marker
    processors: [{{set: {{field: marker, value: one}}}}]
"""
    write(state, body)
    apply(cli, state)
    assert es.indices.get_index_template(name=f"{p}tpl")["index_templates"][0]["index_template"]["composed_of"] == [
        f"{p}base"
    ]
    write(state, body.replace("priority: 50", "priority: 60").replace("value: one", "value: two"))
    assert cli("plan", "--state", state, "--only", "elasticsearch") == 0
    assert (
        f"~ index_template.{p}tpl" in cli.out and "future_indices_only" in cli.out and f"~ pipeline.{p}pipe" in cli.out
    )
    apply(cli, state)
    assert es.ingest.get_pipeline(id=f"{p}pipe")[f"{p}pipe"]["processors"] == [
        {"set": {"field": "marker", "value": "two"}}
    ]


def test_delete_only_owned_names_and_only_with_the_flag(cli: Cli, state: Path, es: Elasticsearch, p: str) -> None:
    es.indices.create(index=f"{p}old")
    es.indices.create(index=f"x{p}foreign")
    write(state, f"owned_prefixes: [{p}]\nprune: true\n" + index(p))
    assert cli("plan", "--state", state, "--only", "elasticsearch") == 0
    assert f"- index.{p}old (destructive" in cli.out and "foreign" not in cli.out
    assert cli("apply", "--state", state, "--only", "elasticsearch", "--auto-approve") == 1
    assert es.indices.exists(index=f"{p}old")
    apply(cli, state, "--allow-destructive")
    assert not es.indices.exists(index=f"{p}old") and es.indices.exists(index=f"x{p}foreign")


def test_bad_input_names_file_line_and_field(cli: Cli, state: Path) -> None:
    write(state, "indices:\n  Bad-Name: {}\n")
    assert (
        cli("validate", "--state", state) == 1
        and "state/elasticsearch.yaml:2: indices.Bad-Name: 'Bad-Name' is not a valid index name" in cli.err
    )
    write(state, "index_templates:\n  t:\n    index_patterns: [a-*]\n    composed_of: [missing]\n")
    assert cli("validate", "--state", state) == 1 and "undeclared component templates ['missing']" in cli.err
    write(state, "indices:\n  a:\n    setings: {}\n")
    assert (
        cli("validate", "--state", state) == 1
        and "state/elasticsearch.yaml:3: indices.a.setings: unknown field" in cli.err
    )


def test_ilm_on_a_server_without_ilm_is_a_clear_error(cli: Cli, state: Path, es_url: str, es: Elasticsearch) -> None:
    write(state, "ilm_policies:\n  keep-30d:\n    phases: {delete: {min_age: 30d, actions: {delete: {}}}}\n")
    code = cli("apply", "--state", state, "--only", "elasticsearch", "--auto-approve")
    if code == 1:  # noida-db has no ILM
        assert "declares ILM policies, but the server has no ILM API" in cli.err
    else:
        assert cli("drift", "--state", state, "--only", "elasticsearch", "--fail-on-diff") == 0


def test_inspection_is_one_request_per_api(state: Path, es: Elasticsearch, es_url: str, p: str) -> None:
    names = [f"{p}i{n}" for n in range(20)]
    for name in names:
        es.indices.create(index=name)
    write(
        state,
        "indices:\n"
        + "".join(f"  {n}: {{settings: {{number_of_replicas: 1}}}}\n" for n in names)
        + f"index_templates:\n  {p}t: {{index_patterns: [{p}x-*]}}\n"
        + f"pipelines:\n  {p}pp: {{processors: [{{set: {{field: a, value: b}}}}]}}\n",
    )
    live = inspect_elasticsearch(Elastic(es_url), load_elasticsearch(state))
    assert len(live.indices) == 20 and live.requests == 3  # indices (settings, mappings, aliases), templates, pipelines


def test_ai4i_indices_converge_from_empty_and_after_tampering(cli: Cli, es: Elasticsearch) -> None:
    state = ROOT / "state"
    for name in ("application-logs", "error-logs"):
        es.indices.delete(index=name, ignore_unavailable=True)
    apply(cli, state)
    settings = es.indices.get_settings(index="application-logs")["application-logs"]["settings"]["index"]
    assert (settings["number_of_shards"], settings["number_of_replicas"], settings["refresh_interval"]) == (
        "3",
        "1",
        "5s",
    )
    mapping = es.indices.get_mapping(index="error-logs")["error-logs"]["mappings"]["properties"]
    assert mapping["stack_trace"] == {"type": "text"} and mapping["request_id"] == {"type": "keyword"}
    assert es.indices.get_index_template(name="logs-template")["index_templates"][0]["index_template"][
        "index_patterns"
    ] == ["logs-*"]
    es.indices.put_settings(index="error-logs", settings={"index": {"refresh_interval": "30s"}})
    assert cli("drift", "--state", state, "--only", "elasticsearch", "--fail-on-diff") == 2
    assert "index.refresh_interval: '30s' -> '5s'" in cli.out
    apply(cli, state)


def aliased(p: str, shards: int = 1, level: str = "keyword") -> str:
    return f"""
indices:
  {p}events:
    aliased: true
    settings: {{number_of_shards: {shards}, number_of_replicas: 0}}
    mappings: {{properties: {{level: {{type: {level}}}, message: {{type: text}}}}}}
"""


def concrete_indices(es: Elasticsearch, alias: str) -> list[str]:
    return sorted(es.indices.get_alias(name=alias).body)


def test_aliased_index_migrates_by_reindex_and_alias_swap(cli: Cli, state: Path, es: Elasticsearch, p: str) -> None:
    write(state, aliased(p))
    apply(cli, state)
    assert concrete_indices(es, f"{p}events") == [f"{p}events-v1"]
    for n in range(5):
        es.index(index=f"{p}events", document={"level": "info", "message": f"m{n}"})
    es.indices.refresh(index=f"{p}events")

    write(state, aliased(p, shards=2))
    assert cli("plan", "--state", state, "--only", "elasticsearch", "--detailed-exitcode") == 2
    assert f"± index.{p}events.migration (reindex: needs --allow-reindex)" in cli.out
    assert "(one atomic call)" in cli.out and "index.number_of_shards: '1' -> '2'" in cli.out
    assert cli("apply", "--state", state, "--only", "elasticsearch", "--auto-approve") == 1
    assert "--allow-reindex" in cli.err and concrete_indices(es, f"{p}events") == [f"{p}events-v1"]

    apply(cli, state, "--allow-reindex")
    assert concrete_indices(es, f"{p}events") == [f"{p}events-v2"]
    assert es.count(index=f"{p}events")["count"] == 5
    settings = es.indices.get_settings(index=f"{p}events-v2")[f"{p}events-v2"]["settings"]["index"]
    assert settings["number_of_shards"] == "2"
    assert es.indices.exists(index=f"{p}events-v1")  # kept without --allow-destructive

    write(state, aliased(p, shards=2, level="text"))  # an incompatible mapping change migrates too
    apply(cli, state, "--allow-reindex", "--allow-destructive")
    assert concrete_indices(es, f"{p}events") == [f"{p}events-v3"]
    assert not es.indices.exists(index=f"{p}events-v2") and es.count(index=f"{p}events")["count"] == 5
