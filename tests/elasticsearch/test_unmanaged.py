"""Indices the state no longer declares are left alone, and the plan says how many (text and JSON)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch

from devtools import noida
from tests.conftest import Cli


@pytest.fixture
def own_es(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Elasticsearch]:
    """A server of this test's own: the count of undeclared indices must not see other tests' indices."""
    server = noida.start(tmp_path / "es", services=("elasticsearch",))
    url = f"http://127.0.0.1:{server.ports['elasticsearch']}"
    monkeypatch.setenv("RECONCILE_ELASTICSEARCH_URL", url)
    client = Elasticsearch(url)
    try:
        yield client
    finally:
        client.close()
        server.stop()


def test_undeclared_indices_are_counted_and_listed(cli: Cli, tmp_path: Path, own_es: Elasticsearch) -> None:
    own_es.indices.create(index="logs-v1", aliases={"logs": {"is_write_index": True}})
    own_es.indices.create(index="logs-v0")  # an older version kept after a migration: the state's
    for name in ("orders", "legacy", "scratch-1"):
        own_es.indices.create(index=name)
    own_es.indices.create(index=".internal", settings={"index.hidden": True})
    state = tmp_path / "state"
    state.mkdir()
    (state / "elasticsearch.yaml").write_text(
        "prune: true\nowned_prefixes: [scratch-]\nindices:\n  logs: {aliased: true}\n  orders: {}\n"
    )
    assert cli("plan", "--state", state, "--only", "elasticsearch") == 0, cli.err
    assert cli.out.rstrip().endswith("Elasticsearch: 1 live object not declared and not owned (left alone)"), cli.out
    assert cli("plan", "--state", state, "--only", "elasticsearch", "--format", "json") == 0
    assert json.loads(cli.out)["unmanaged"] == {"elasticsearch": ["legacy"]}

    (state / "elasticsearch.yaml").write_text("indices:\n  logs: {aliased: true}\n")
    assert cli("plan", "--state", state, "--only", "elasticsearch", "--detailed-exitcode") == 0, cli.out
    assert cli.out.rstrip().endswith("Elasticsearch: 3 live objects not declared and not owned (left alone)")
    assert cli("plan", "--state", state, "--only", "elasticsearch", "--format", "json") == 0
    assert json.loads(cli.out)["unmanaged"] == {"elasticsearch": ["legacy", "orders", "scratch-1"]}
