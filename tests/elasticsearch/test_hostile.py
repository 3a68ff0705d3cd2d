"""Hostile state/elasticsearch.yaml: names and settings Elasticsearch refuses, and credentials never printed.

Every bad file fails `validate` and `plan` with file, line and field before
any request, and the server's indices and templates stay as they were.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch

from reconciler.elasticsearch.client import Elastic, EsApiError
from tests.answering_server import Answer, AnsweringServer
from tests.conftest import Cli, assert_refused_at_load, closed_port

SECRET = "s3cr3t-pw"


@pytest.fixture
def state(tmp_path: Path) -> Path:
    root = tmp_path / "state"
    root.mkdir()
    return root


def server_state(es: Elasticsearch) -> tuple[set[str], set[str]]:
    """Every index (hidden ones included) and every index template."""
    indices = set(es.indices.get(index="*", expand_wildcards="all").body)
    templates = {t["name"] for t in es.indices.get_index_template().body.get("index_templates", [])}
    return indices, templates


def settings(body: str) -> str:
    return "indices:\n  {p}logs:\n    settings:\n" + body


HOSTILE = [
    (
        settings("      number_of_shards: 1025\n"),
        "4: indices.{p}logs.settings.number_of_shards: index.number_of_shards: 1025 is above 1024",
    ),
    (
        settings("      number_of_shards: 0\n"),
        "4: indices.{p}logs.settings.number_of_shards: index.number_of_shards: 0 is below 1",
    ),
    (
        settings("      number_of_shards: 3.0\n"),
        "4: indices.{p}logs.settings.number_of_shards: index.number_of_shards: '3.0' is not a whole number",
    ),
    (
        settings("      number_of_replicas: -1\n"),
        "4: indices.{p}logs.settings.number_of_replicas: index.number_of_replicas: -1 is below 0",
    ),
    (
        settings("      index:\n        number_of_replicas: many\n"),
        "5: indices.{p}logs.settings.index.number_of_replicas: index.number_of_replicas: 'many' is not a whole number",
    ),
    (
        settings("      refresh_interval: fast\n"),
        "4: indices.{p}logs.settings.refresh_interval: index.refresh_interval: 'fast' is not a time value",
    ),
    (
        settings("      refresh_interval: 1.5s\n"),
        "4: indices.{p}logs.settings.refresh_interval: index.refresh_interval: '1.5s' is not a time value",
    ),
    (
        settings("      refresh_interval: 5\n"),
        "4: indices.{p}logs.settings.refresh_interval: index.refresh_interval: '5' is not a time value",
    ),
    (
        settings("      index.refresh_interval: -2s\n"),
        "4: indices.{p}logs.settings.index.refresh_interval: index.refresh_interval: '-2s' is not a time value",
    ),
    (
        settings("      max_result_window: 0\n"),
        "4: indices.{p}logs.settings.max_result_window: index.max_result_window: 0 is below 1",
    ),
    (
        settings("      max_result_window: 2147483648\n"),
        "4: indices.{p}logs.settings.max_result_window: index.max_result_window: 2147483648 is above 2147483647",
    ),
    (
        settings("      hidden: maybe\n"),
        "4: indices.{p}logs.settings.hidden: index.hidden: 'maybe' is not true or false",
    ),
    (
        settings("      blocks: {{write: [true]}}\n"),
        "4: indices.{p}logs.settings.blocks.write: index.blocks.write: expected a single value, got list",
    ),
    (
        settings("      translog.flush_threshold_size: 512\n"),
        "4: indices.{p}logs.settings.translog.flush_threshold_size: "
        "index.translog.flush_threshold_size: '512' is not a byte size",
    ),
    (
        settings("      translog.durability: sometimes\n"),
        "4: indices.{p}logs.settings.translog.durability: "
        "index.translog.durability: 'sometimes' is not one of request, async",
    ),
    (
        settings("      auto_expand_replicas: 0-lots\n"),
        "4: indices.{p}logs.settings.auto_expand_replicas: "
        "index.auto_expand_replicas: '0-lots' is not false or a range",
    ),
    ("indices:\n  {p}Logs: {{}}\n", "2: indices.{p}Logs: '{p}Logs' is not a valid index name: it must be lower case"),
    ("indices:\n  '{p}a b': {{}}\n", "2: indices.{p}a b: '{p}a b' is not a valid index name: it contains ' '"),
    ("indices:\n  '{p}a#b': {{}}\n", "2: indices.{p}a#b: '{p}a#b' is not a valid index name: it contains '#'"),
    ("indices:\n  '{p}a:b': {{}}\n", "2: indices.{p}a:b: '{p}a:b' is not a valid index name: it contains ':'"),
    (
        "indices:\n  '-{p}x': {{}}\n",
        "2: indices.-{p}x: '-{p}x' is not a valid index name: it cannot start with _ - + or .",
    ),
    ("indices:\n  '..': {{}}\n", "2: indices...: '..' is not a valid index name: it cannot start with _ - + or ."),
    (
        "indices:\n  {p}" + "x" * 250 + ": {{}}\n",
        "2: indices.{p}" + "x" * 250 + ": index names are at most 255 bytes (this one is 260)",
    ),
    (
        "indices:\n  {p}logs:\n    aliases: {{{p}Current: {{}}}}\n",
        "3: indices.{p}logs.aliases.{p}Current: '{p}Current' is not a valid alias name: it must be lower case",
    ),
    (
        "index_templates:\n  '../_cluster/settings':\n    index_patterns: [{p}*]\n",
        "2: index_templates.../_cluster/settings: '../_cluster/settings' is not a valid template name: it contains '/'",
    ),
    (
        "index_templates:\n  {p}t:\n    index_patterns: [{p}*]\n"
        "    template: {{settings: {{number_of_shards: 5000}}}}\n",
        "4: index_templates.{p}t.template.settings.number_of_shards: index.number_of_shards: 5000 is above 1024",
    ),
    (
        "component_templates:\n  '{p}c?pretty':\n    template: {{}}\n",
        "2: component_templates.{p}c?pretty: '{p}c?pretty' is not a valid template name: it contains '?'",
    ),
    (
        "pipelines:\n  '{p}p/../../_security':\n    processors: [{{set: {{field: a, value: b}}}}]\n",
        "2: pipelines.{p}p/../../_security: '{p}p/../../_security' is not a valid pipeline name",
    ),
    (
        "ilm_policies:\n  '_{p}keep':\n    phases: {{delete: {{min_age: 30d, actions: {{delete: {{}}}}}}}}\n",
        "2: ilm_policies._{p}keep: '_{p}keep' is not a valid policy name: it cannot start with _",
    ),
]


@pytest.mark.parametrize(("body", "expected"), HOSTILE)
def test_names_and_settings_elasticsearch_refuses_fail_with_file_line_and_field(
    cli: Cli, state: Path, es: Elasticsearch, p: str, body: str, expected: str
) -> None:
    (state / "elasticsearch.yaml").write_text(body.format(p=p))
    before = server_state(es)
    assert_refused_at_load(cli, state, "elasticsearch", f"state/elasticsearch.yaml:{expected.format(p=p)}")
    assert server_state(es) == before


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://elastic:{secret}@127.0.0.1:{port}", "cannot reach Elasticsearch at http://127.0.0.1:{port}: "),
        (
            "https://elastic:{secret}@127.0.0.1:{port}/?api_key={secret}",
            "cannot reach Elasticsearch at https://127.0.0.1:{port}/",
        ),
        (
            "http://elastic:{secret}@127.0.0.1:notaport",
            "RECONCILE_ELASTICSEARCH_URL (http://127.0.0.1:notaport) is not a URL",
        ),
        ("elastic:{secret}@127.0.0.1:{port}", "RECONCILE_ELASTICSEARCH_URL (127.0.0.1:{port}) is not a URL"),
    ],
    ids=["userinfo", "userinfo-and-query", "bad-port", "no-scheme"],
)
def test_credentials_in_the_url_never_appear_in_a_connection_error(
    cli: Cli, state: Path, monkeypatch: pytest.MonkeyPatch, url: str, expected: str
) -> None:
    port = closed_port()
    monkeypatch.setenv("RECONCILE_ELASTICSEARCH_URL", url.format(secret=SECRET, port=port))
    (state / "elasticsearch.yaml").write_text("indices:\n  logs: {}\n")
    assert cli("plan", "--state", state, "--only", "elasticsearch") == 1
    assert expected.format(port=port) in cli.err, cli.err
    assert SECRET not in cli.out + cli.err and "Traceback" not in cli.err


@pytest.mark.parametrize(
    "variables",
    [
        {"RECONCILE_ELASTICSEARCH_API_KEY": SECRET},
        {"RECONCILE_ELASTICSEARCH_USERNAME": "elastic", "RECONCILE_ELASTICSEARCH_PASSWORD": SECRET},
    ],
    ids=["api-key", "password"],
)
def test_the_api_key_and_password_never_appear_in_a_connection_error(
    cli: Cli, state: Path, monkeypatch: pytest.MonkeyPatch, variables: dict[str, str]
) -> None:
    port = closed_port()
    monkeypatch.setenv("RECONCILE_ELASTICSEARCH_URL", f"http://127.0.0.1:{port}")
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    (state / "elasticsearch.yaml").write_text("indices:\n  logs: {}\n")
    assert cli("plan", "--state", state, "--only", "elasticsearch") == 1
    assert f"cannot reach Elasticsearch at http://127.0.0.1:{port}: " in cli.err
    assert SECRET not in cli.out + cli.err


def _as_elasticsearch(status: int, content_type: str, body: bytes) -> Callable[[str, str], Answer]:
    """A server that answers `GET /` like Elasticsearch 8 and everything else with one fixed answer."""

    def answer(method: str, path: str) -> Answer:
        if path == "/":
            return 200, {"X-Elastic-Product": "Elasticsearch", "Content-Type": "application/json"}, b"{}"
        return status, {"Content-Type": content_type}, body

    return answer


@pytest.mark.parametrize(
    ("status", "content_type", "body", "expected"),
    [
        (200, "text/html", b"<html>a login page</html>", "the answer is not JSON"),
        (
            400,
            "application/json",
            b'{"error": {"type": "illegal_argument_exception", "reason": "no"}, "status": 400}',
            "HTTP 400 illegal_argument_exception: no",
        ),
        (502, "text/html", b"<html>" + b"bad gateway " * 1000 + SECRET.encode() + b"</html>", "HTTP 502: <html>"),
    ],
    ids=["html", "elasticsearch-error", "long-error-page"],
)
def test_answers_elasticsearch_would_not_give_are_clear_errors(
    cli: Cli, state: Path, monkeypatch: pytest.MonkeyPatch, status: int, content_type: str, body: bytes, expected: str
) -> None:
    """A proxy in front of the cluster, or its refusal: exit 1 naming it, no traceback, no secret, a short line."""
    (state / "elasticsearch.yaml").write_text("indices:\n  logs: {}\n")
    with AnsweringServer(_as_elasticsearch(status, content_type, body)) as impostor:
        monkeypatch.setenv("RECONCILE_ELASTICSEARCH_URL", impostor.url)
        monkeypatch.setenv("RECONCILE_ELASTICSEARCH_API_KEY", SECRET)
        assert cli("plan", "--state", state, "--only", "elasticsearch") == 1
    assert "Elasticsearch did not answer the inspection" in cli.err and expected in cli.err, cli.err
    assert "Traceback" not in cli.err and SECRET not in cli.out + cli.err
    assert len(cli.err) < 800, cli.err


def test_a_url_that_is_not_elasticsearch_is_refused_before_planning(
    cli: Cli, state: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Any web server answering 200 without `X-Elastic-Product` would otherwise read as an empty cluster."""
    (state / "elasticsearch.yaml").write_text("indices:\n  logs: {}\n")
    page: Answer = (200, {"Content-Type": "application/json"}, b"{}")
    with AnsweringServer(lambda method, path: page) as impostor:
        monkeypatch.setenv("RECONCILE_ELASTICSEARCH_URL", impostor.url.replace("http://", f"http://elastic:{SECRET}@"))
        assert cli("plan", "--state", state, "--only", "elasticsearch") == 1
    assert "does not answer like Elasticsearch" in cli.err and SECRET not in cli.out + cli.err, cli.err


def test_a_request_path_cannot_move_the_request_to_another_host() -> None:
    """A path from a saved plan is appended to the URL: one not starting with / could name another host."""
    seen: list[str] = []

    def answer(method: str, path: str) -> Answer:
        seen.append(path)
        return 200, {"X-Elastic-Product": "Elasticsearch", "Content-Type": "application/json"}, b"{}"

    with AnsweringServer(answer) as server:
        es = Elastic(server.url)
        with pytest.raises(EsApiError, match="a path starts with /"):
            es.request("PUT", "@elsewhere.example/index")
        assert es.request("PUT", "/index") == {} and seen == ["/index"]
