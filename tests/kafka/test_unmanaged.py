"""Topics the state no longer declares are left alone, and the plan says how many (text, JSON, Markdown)."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from confluent_kafka.admin import NewTopic
from rich.console import Console

from devtools import noida
from reconciler.kafka.admin import Admin, wait
from reconciler.plan import Plan
from reconciler.render.markdown import render_markdown
from reconciler.render.text import render_text
from tests.conftest import Cli


@pytest.fixture
def bootstrap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A broker of this test's own: the count of undeclared topics must not see other tests' topics."""
    server = noida.start(tmp_path / "broker")
    monkeypatch.setenv("RECONCILE_KAFKA_BOOTSTRAP", server.kafka)
    try:
        yield server.kafka
    finally:
        server.stop()


def create(bootstrap: str, *names: str) -> None:
    admin = Admin(bootstrap)
    results = wait(admin.client.create_topics([NewTopic(name, 1, 1) for name in names]))
    assert all(error is None for error in results.values()), results


def topic_names(bootstrap: str) -> set[str]:
    return set(Admin(bootstrap).topics())


def test_undeclared_topics_are_counted_per_backend_and_listed_in_json(cli: Cli, tmp_path: Path, bootstrap: str) -> None:
    create(bootstrap, "orders", "payments", "legacy", "tmp-scratch")
    state = tmp_path / "state"
    state.mkdir()
    (state / "kafka.yaml").write_text(
        "prune_prefixes: [tmp-]\ntopics:\n  orders: {partitions: 1, replication_factor: 1}\n"
        "  payments: {partitions: 1, replication_factor: 1}\n"
    )
    assert cli("plan", "--state", state, "--only", "kafka") == 0, cli.err
    # legacy is neither declared nor owned; tmp-scratch is owned (its deletion is planned instead)
    assert cli.out.rstrip().endswith("Kafka: 1 live object not declared and not owned (left alone)"), cli.out
    assert "- topic.tmp-scratch" in cli.out

    (state / "kafka.yaml").write_text("topics:\n  orders: {partitions: 1, replication_factor: 1}\n")
    before = topic_names(bootstrap)
    assert cli("plan", "--state", state, "--only", "kafka", "--detailed-exitcode") == 0, cli.out
    assert "No changes." in cli.out
    assert cli.out.rstrip().endswith("Kafka: 3 live objects not declared and not owned (left alone)"), cli.out
    assert cli("plan", "--state", state, "--only", "kafka", "--format", "json") == 0
    assert json.loads(cli.out)["unmanaged"] == {"kafka": ["legacy", "payments", "tmp-scratch"]}
    assert cli("plan", "--state", state, "--only", "kafka", "--format", "markdown") == 0
    assert "> Kafka: 3 live objects not declared and not owned (left alone)" in cli.out
    assert cli("apply", "--state", state, "--only", "kafka", "--auto-approve") == 0, cli.err
    assert topic_names(bootstrap) == before  # left alone


def test_no_line_when_every_topic_is_declared(cli: Cli, tmp_path: Path, bootstrap: str) -> None:
    create(bootstrap, "orders")
    state = tmp_path / "state"
    state.mkdir()
    (state / "kafka.yaml").write_text("topics:\n  orders: {partitions: 1, replication_factor: 1}\n")
    assert cli("plan", "--state", state, "--only", "kafka") == 0
    assert "not declared and not owned" not in cli.out
    assert cli("plan", "--state", state, "--only", "kafka", "--format", "json") == 0
    assert json.loads(cli.out)["unmanaged"] == {}


def test_the_unmanaged_line_of_a_hostile_saved_plan_prints_no_control_characters(tmp_path: Path) -> None:
    """A saved plan is anyone's file: its backend names reach the terminal only as printable text."""
    path = tmp_path / "plan.json"
    path.write_text(Plan(unmanaged={"kafka\x1b[2J\n[bold]x": ["a\x1b]8;;evil\x07"]}).to_json())
    plan = Plan.load(path)
    out = io.StringIO()
    render_text(plan, Console(file=out, no_color=True, width=200))
    assert "\x1b" not in out.getvalue()
    assert "live object not declared and not owned (left alone)" in out.getvalue()
    markdown = render_markdown(plan)
    assert "\x1b" not in markdown and "[bold]" not in markdown
