"""A changed analysis (similarity, codec) setting on a plain index: close, update, open, only with --allow-close.

noida-db accepts _close and _open but refuses analysis updates even on a closed index, so the success path is
tested purely (the plan) and against the server only up to the refusal, which must leave the index open.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from elasticsearch import Elasticsearch

from reconciler.changes import Change
from reconciler.elasticsearch.differ import diff_elasticsearch
from reconciler.elasticsearch.inspector import LiveElasticsearch, LiveIndex
from reconciler.elasticsearch.normalize import flatten_settings
from reconciler.elasticsearch.spec import ElasticsearchSpec
from tests.conftest import Cli

FOLDED = {"analysis": {"analyzer": {"folded": {"type": "custom", "tokenizer": "standard", "filter": ["lowercase"]}}}}
FOLDED_MORE = {
    "analysis": {
        "analyzer": {"folded": {"type": "custom", "tokenizer": "standard", "filter": ["lowercase", "asciifolding"]}}
    }
}


def plan(declared: dict[str, Any], live_settings: dict[str, Any], *, aliased: bool = False) -> list[Change]:
    spec = ElasticsearchSpec.model_validate({"indices": {"docs": {"settings": declared, "aliased": aliased}}})
    concrete = "docs-v1" if aliased else "docs"
    aliases = {"docs": {"is_write_index": True}} if aliased else {}
    live = LiveElasticsearch(
        indices={concrete: LiveIndex(settings=flatten_settings(live_settings), mappings={}, aliases=aliases)},
        aliased={"docs": concrete} if aliased else {},
    )
    return diff_elasticsearch(spec, live)


@pytest.mark.parametrize(
    ("declared", "live"),
    [
        (FOLDED_MORE, FOLDED),
        ({"similarity": {"tuned": {"type": "BM25", "b": 0.5}}}, {"similarity": {"tuned": {"type": "BM25", "b": 0.75}}}),
        ({"codec": "best_compression"}, {"codec": "default"}),
    ],
    ids=["analysis", "similarity", "codec"],
)
def test_a_setting_a_closed_index_accepts_plans_close_update_open(
    declared: dict[str, Any], live: dict[str, Any]
) -> None:
    (change,) = plan(declared, live)
    assert change.address == "elasticsearch.cluster.index.docs.settings.closed"
    assert change.blocked is None and not change.needs_reindex and not change.destructive
    assert [h.code for h in change.hazards] == ["index_closed"]
    assert "--allow-close" in change.hazards[0].message
    shown = [s.sql for s in change.statements]
    assert shown[0] == "POST /docs/_close" and shown[1].startswith("PUT /docs/_settings {")
    assert shown[2].startswith("POST /docs/_open")


def test_on_an_aliased_index_an_analysis_change_still_migrates_by_reindexing() -> None:
    (change,) = plan(FOLDED_MORE, FOLDED, aliased=True)
    assert change.needs_reindex and change.address == "elasticsearch.cluster.index.docs.migration"


def test_a_setting_fixed_at_creation_still_blocks_and_takes_the_analysis_change_with_it() -> None:
    (change,) = plan({**FOLDED_MORE, "number_of_shards": 2}, {**FOLDED, "number_of_shards": 1})
    assert change.blocked and "index.number_of_shards" in change.blocked
    assert not any(h.code == "index_closed" for h in change.hazards)


@pytest.fixture
def state(tmp_path: Path) -> Path:
    root = tmp_path / "state"
    root.mkdir()
    return root


def write(state: Path, p: str, analysis_filters: str, replicas: int) -> None:
    (state / "elasticsearch.yaml").write_text(
        f"indices:\n  {p}docs:\n    settings:\n      number_of_replicas: {replicas}\n"
        "      analysis: {analyzer: {folded: {type: custom, tokenizer: standard, "
        f"filter: [{analysis_filters}]}}}}}}\n"
    )


def live_settings(es: Elasticsearch, index: str) -> dict[str, Any]:
    return dict(es.indices.get_settings(index=index, flat_settings=True)[index]["settings"])


def test_without_allow_close_nothing_is_applied(cli: Cli, state: Path, es: Elasticsearch, p: str) -> None:
    write(state, p, "lowercase", 1)
    assert cli("apply", "--state", state, "--only", "elasticsearch", "--auto-approve") == 0, cli.err
    before = live_settings(es, f"{p}docs")
    write(state, p, "lowercase, asciifolding", 0)
    assert cli("plan", "--state", state, "--only", "elasticsearch") == 0
    assert "! index_closed: the index is closed while these settings change" in cli.out
    assert f"POST /{p}docs/_close" in cli.out
    code = cli("apply", "--state", state, "--only", "elasticsearch", "--auto-approve", "--allow-destructive")
    assert code == 1
    assert "the plan closes indices to change their analysis settings" in cli.err
    assert "Re-run with --allow-close" in cli.err
    assert f"~ elasticsearch.cluster.index.{p}docs.settings.closed" in cli.err
    assert live_settings(es, f"{p}docs") == before  # not even the dynamic replica change


def test_a_refused_update_reopens_the_index(cli: Cli, state: Path, es: Elasticsearch, p: str) -> None:
    """noida-db refuses analysis updates even when closed: the executor must open the index again."""
    write(state, p, "lowercase", 1)
    assert cli("apply", "--state", state, "--only", "elasticsearch", "--auto-approve") == 0, cli.err
    write(state, p, "lowercase, asciifolding", 1)
    code = cli("apply", "--state", state, "--only", "elasticsearch", "--auto-approve", "--allow-close")
    if code == 0:  # a server that accepts the update (real Elasticsearch): converged
        assert live_settings(es, f"{p}docs")["index.analysis.analyzer.folded.filter"] == ["lowercase", "asciifolding"]
    else:
        assert "Elasticsearch refused the update of a closed index" in cli.err
        assert "the index was opened again with its settings unchanged" in cli.err
    rows = es.cat.indices(index=f"{p}docs", format="json", h="index,status").body
    assert rows == [{"index": f"{p}docs", "status": "open"}]
