"""The databases of one server are planned at the same time: the plan is the same as one by one, in file order."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import Cli, sql

BODY = """
schemas:
  public:
    enums:
      mood: [ok, sad]
    tables:
      items:
        columns:
          id: {type: serial, primary_key: true}
          feeling: mood
        indexes:
          items_feeling: [feeling]
"""


@pytest.fixture
def three_databases(tmp_path: Path, pg_url: str) -> Iterator[list[str]]:
    names = [f"{tmp_path.name[-20:]}_{i}".lower() for i in range(3)]
    (tmp_path / "state" / "postgres").mkdir(parents=True)
    for name in names:
        (tmp_path / "state" / "postgres" / f"{name}.yaml").write_text(f"database: {name}\n{BODY}")
    yield names
    for name in names:
        sql(pg_url, "postgres", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_databases_planned_at_once_give_the_plan_of_one_by_one(
    three_databases: list[str], tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    state = tmp_path / "state"
    assert cli("apply", "--state", state, "--auto-approve") == 0, cli.out + cli.err
    for name in three_databases[1:]:  # drift in two of them
        (state / "postgres" / f"{name}.yaml").write_text(
            f"database: {name}\n{BODY.replace('[ok, sad]', '[ok, sad, glad]')}"
        )
    plans = []
    for workers in ("4", "1"):
        monkeypatch.setenv("RECONCILE_POSTGRES_PLAN_WORKERS", workers)
        assert cli("plan", "--state", state, "--format", "json") == 0, cli.err
        plans.append(json.loads(cli.out)["changes"])
    assert plans[0] == plans[1]
    assert [c["address"] for c in plans[0]] == [f"postgres.{name}.enum.mood" for name in three_databases[1:]]


def test_a_failing_database_is_reported_with_its_file_and_line(
    three_databases: list[str], tmp_path: Path, cli: Cli
) -> None:
    state = tmp_path / "state"
    broken = state / "postgres" / f"{three_databases[1]}.yaml"
    broken.write_text(broken.read_text().replace("feeling: mood", "feeling: no_such_type"))
    assert cli("plan", "--state", state) == 1
    assert f"postgres/{broken.name}:" in cli.err and "no_such_type" in cli.err, cli.err
    assert "Traceback" not in cli.err


@pytest.mark.parametrize("value", ["0", "many", "-2"])
def test_plan_workers_must_be_a_positive_count(
    value: str, tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch, three_databases: list[str]
) -> None:
    monkeypatch.setenv("RECONCILE_POSTGRES_PLAN_WORKERS", value)
    assert cli("plan", "--state", tmp_path / "state") == 1
    assert "RECONCILE_POSTGRES_PLAN_WORKERS must be a whole number of 1 or more" in cli.err
