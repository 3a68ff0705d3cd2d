"""A large state file's values kept in its database (parsed_in_target.py), for runners that never parsed it.

The size from which a file is asked for is lowered to nothing here, so that small files stand in for large
ones; each plan runs with an empty parse cache of its own, as a fresh CI runner does.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from pathlib import Path
from typing import Any

import pytest

from reconciler.changes import Change
from reconciler.errors import StateError
from reconciler.postgres import normalization_cache, parsed_in_target
from reconciler.postgres.backend import PostgresBackend
from reconciler.state import parse_cache
from tests.conftest import Cli, StateDir, sql

DEFAULT_MIN_LENGTH = parsed_in_target.MIN_LENGTH
STATE = """
schemas:
  public:
    tables:
      accounts:
        columns:
          id: {type: bigserial, primary_key: true}
          email: {type: text, nullable: false}
"""


@pytest.fixture
def parsed(parses: list[str], monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files parsed from here on (their names), any size counting as large."""
    monkeypatch.setattr(parsed_in_target, "MIN_LENGTH", 0)
    return parses


def fresh_runner(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, name: str) -> None:
    """An empty parse cache, as on a CI runner that keeps none."""
    monkeypatch.setenv(parse_cache.CACHE_VARIABLE, str(tmp_path / name))


def plan_on_a_fresh_runner(
    state: StateDir, parsed: list[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> list[Change]:
    """The plan's changes, made with an empty parse cache; `parsed` holds only what this plan parsed."""
    fresh_runner(monkeypatch, tmp_path, "runner")
    parsed.clear()
    return PostgresBackend(state.root).plan(state.root).changes


def applied(state: StateDir, cli: Cli) -> str:
    """Apply STATE (its closing plan records the file's values); the file's name as plans report it."""
    path = state.write(STATE)
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    return f"{state.root.name}/postgres/{path.name}"


def entries(pg_url: str, dbname: str) -> list[tuple[Any, ...]]:
    return sql(pg_url, dbname, f"SELECT key, signature, document FROM {parsed_in_target.TABLE}")


def test_a_runner_that_never_parsed_a_file_takes_its_values_from_its_database(
    state: StateDir, cli: Cli, pg_url: str, parsed: list[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    name = applied(state, cli)
    [(key, _, document)] = entries(pg_url, state.dbname)
    assert key == parse_cache.key(state.root.joinpath("postgres", f"{state.dbname}.yaml").read_text(), True)
    assert json.loads(str(document))["schemas"]["public"]["tables"]["accounts"]["columns"]["email"]["type"] == "text"
    assert plan_on_a_fresh_runner(state, parsed, monkeypatch, tmp_path) == []
    assert name not in parsed
    assert parse_cache.lookup(key) is not None  # kept on this runner too from then on


def test_a_plan_never_records_a_files_values(state: StateDir, cli: Cli, pg_url: str, parsed: list[str]) -> None:
    applied(state, cli)
    sql(pg_url, state.dbname, f"DELETE FROM {parsed_in_target.TABLE}")
    PostgresBackend(state.root).plan(state.root)
    assert cli("plan", "--state", state.root) == 0, cli.out + cli.err
    assert entries(pg_url, state.dbname) == []


def test_an_entry_edited_in_the_database_is_ignored_and_the_file_parsed(
    state: StateDir, cli: Cli, pg_url: str, parsed: list[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A hand edit that does not sign the document again (a table added): the plan parses the file instead."""
    name = applied(state, cli)
    [(_, _, document)] = entries(pg_url, state.dbname)
    edited = json.loads(str(document))
    edited["schemas"]["public"]["tables"]["intruders"] = {"columns": {"id": {"type": "int"}}}
    sql(pg_url, state.dbname, f"UPDATE {parsed_in_target.TABLE} SET document = '{json.dumps(edited)}'")
    assert plan_on_a_fresh_runner(state, parsed, monkeypatch, tmp_path) == []
    assert name in parsed


def test_an_entry_signed_with_another_secret_is_not_used(
    state: StateDir, cli: Cli, parsed: list[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(normalization_cache.SECRET_VARIABLE, "the applying job's secret")
    name = applied(state, cli)
    monkeypatch.setenv(normalization_cache.SECRET_VARIABLE, "another secret")
    plan_on_a_fresh_runner(state, parsed, monkeypatch, tmp_path)
    assert name in parsed


def test_values_from_the_database_are_validated_as_a_parsed_files_are(
    state: StateDir, cli: Cli, pg_url: str, parsed: list[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A forger who can write the database and sign without a secret still gets past no validation: a value the
    file format refuses fails the plan with the file's name, as it would written in the file."""
    applied(state, cli)
    [(key, _, document)] = entries(pg_url, state.dbname)
    forged = json.loads(str(document))
    forged["schemas"]["public"]["tables"]["accounts"]["columns"]["email"]["type"] = "text; DROP TABLE accounts"
    text = json.dumps(forged)
    signature = hmac.new(normalization_cache._UNKEYED, f"{key}\n{text}".encode(), hashlib.sha256).hexdigest()
    sql(
        pg_url,
        state.dbname,
        f"UPDATE {parsed_in_target.TABLE} SET document = '{text}', signature = '{signature}'",
    )
    fresh_runner(monkeypatch, tmp_path, "runner")
    with pytest.raises(StateError) as refused:
        PostgresBackend(state.root).plan(state.root)
    [issue] = refused.value.issues
    assert issue.file.endswith(f"postgres/{state.dbname}.yaml")
    assert issue.field == "schemas.public.tables.accounts.columns.email.type"
    assert sql(pg_url, state.dbname, "SELECT count(*) FROM accounts") == [(0,)]


def test_a_small_file_is_parsed_whatever_its_database_keeps(
    state: StateDir, cli: Cli, parsed: list[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Below MIN_LENGTH (256 KiB) parsing costs less than waiting for the connection and asking."""
    name = applied(state, cli)
    monkeypatch.setattr(parsed_in_target, "MIN_LENGTH", DEFAULT_MIN_LENGTH)
    plan_on_a_fresh_runner(state, parsed, monkeypatch, tmp_path)
    assert name in parsed


def test_a_database_that_keeps_nothing_yet_leaves_the_connection_to_the_plan(
    state: StateDir, cli: Cli, pg_url: str, parsed: list[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """No table to ask (a database applied before any large file): the query fails in autocommit, the file is
    parsed, and the connection asked on goes on to serve the plan."""
    name = applied(state, cli)
    sql(pg_url, state.dbname, f"DROP TABLE {parsed_in_target.TABLE}")
    assert plan_on_a_fresh_runner(state, parsed, monkeypatch, tmp_path) == []
    assert name in parsed
