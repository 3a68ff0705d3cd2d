"""`apply FILE` from any folder: a saved plan records its state directory, says when it uses it, and --state wins.

The recorded folder is untrusted input like the rest of the file: a bad one is an error naming the file and
the field, exit 1, and nothing applied; a good one is printed before anything is planned from it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Cli, StateDir, sql

TABLE = """\
schemas:
  public:
    tables:
      items:
        columns:
          id: {type: serial, primary_key: true}
"""
USED = "Planning again from the state directory the saved plan records: {} (--state DIR uses another)."


def _database_exists(pg_url: str, dbname: str) -> bool:
    return bool(sql(pg_url, "postgres", f"SELECT 1 FROM pg_database WHERE datname = '{dbname}'"))


def _saved_plan(cli: Cli, state: StateDir, tmp_path: Path) -> Path:
    state.write(TABLE)
    plan_file = tmp_path / "saved.plan.json"
    assert cli("plan", "--state", state.root, "--out", plan_file) == 0, cli.err
    return plan_file


def _edit(plan_file: Path, **fields: object) -> None:
    saved = json.loads(plan_file.read_text())
    saved.update(fields)
    plan_file.write_text(json.dumps(saved))


@pytest.fixture
def elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder outside the repository: no ./state here."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


def test_a_saved_plan_applies_from_another_folder_and_says_which_state_it_used(
    cli: Cli, state: StateDir, pg_url: str, tmp_path: Path, elsewhere: Path
) -> None:
    plan_file = _saved_plan(cli, state, tmp_path)
    assert json.loads(plan_file.read_text())["state_dir"] == str(state.root.resolve())
    assert cli("apply", plan_file, "--auto-approve") == 0, cli.err
    assert cli.out.startswith(USED.format(state.root.resolve()))
    assert "Converged" in cli.out
    assert sql(pg_url, state.dbname, "SELECT to_regclass('items') IS NOT NULL") == [(True,)]


def test_state_given_explicitly_wins_over_the_recorded_one(
    cli: Cli, state: StateDir, pg_url: str, tmp_path: Path, elsewhere: Path
) -> None:
    plan_file = _saved_plan(cli, state, tmp_path)
    other = tmp_path / "other-state"
    (other / "postgres").mkdir(parents=True)
    (other / "postgres" / f"{state.dbname}.yaml").write_text(f"database: {state.dbname}\n{TABLE}")
    _edit(plan_file, state_dir=str(other))
    assert cli("apply", plan_file, "--state", state.root, "--auto-approve") == 0, cli.err
    assert "saved plan records" not in cli.out
    assert "Converged" in cli.out


def test_a_recorded_folder_with_other_state_is_printed_and_refused_as_stale(
    cli: Cli, state: StateDir, pg_url: str, tmp_path: Path, elsewhere: Path
) -> None:
    """Someone pointed the saved plan at a folder of their own: apply says so, plans from it, and refuses."""
    plan_file = _saved_plan(cli, state, tmp_path)
    other = tmp_path / "their-state"
    (other / "postgres").mkdir(parents=True)
    (other / "postgres" / f"{state.dbname}.yaml").write_text(f"database: {state.dbname}\nschemas:\n  theirs: {{}}\n")
    _edit(plan_file, state_dir=str(other))
    assert cli("apply", plan_file, "--auto-approve") == 1
    assert cli.out.startswith(USED.format(other))
    assert "the saved plan is stale or was edited" in cli.err
    assert not _database_exists(pg_url, state.dbname)


@pytest.mark.parametrize(
    ("recorded", "message"),
    [
        ("state", "not a valid saved plan: state_dir: String should match pattern '^/[^\\x00]*$'"),
        ("", "not a valid saved plan: state_dir: String should match pattern '^/[^\\x00]*$'"),
        ("/tmp/ok\x00/etc", "not a valid saved plan: state_dir: String should match pattern '^/[^\\x00]*$'"),
        ("/" + "a" * 4096, "not a valid saved plan: state_dir: String should have at most 4096 characters"),
        (7, "not a valid saved plan: state_dir: Input should be a valid string"),
        (["/etc"], "not a valid saved plan: state_dir: Input should be a valid string"),
        ({"path": "/"}, "not a valid saved plan: state_dir: Input should be a valid string"),
        (
            "/nonexistent/reconcile-state",
            "state_dir: the plan was made from the state directory /nonexistent/reconcile-state, which does not "
            "exist here; pass --state DIR",
        ),
        (
            "/nonexistent/\x1b[2J\nstate",
            "state_dir: the plan was made from the state directory /nonexistent/\\x1b[2J\\nstate, which does not "
            "exist here; pass --state DIR",
        ),
    ],
)
def test_a_bad_recorded_state_dir_is_an_error_naming_the_file_and_field(
    cli: Cli, state: StateDir, pg_url: str, tmp_path: Path, elsewhere: Path, recorded: object, message: str
) -> None:
    plan_file = _saved_plan(cli, state, tmp_path)
    _edit(plan_file, state_dir=recorded)
    assert cli("apply", plan_file, "--auto-approve") == 1
    assert cli.err.strip() == f"error: {plan_file}: {message}"
    assert cli.out == ""
    assert not _database_exists(pg_url, state.dbname)


def test_a_plan_that_records_no_state_dir_says_apply_needs_the_repository_or_state(
    cli: Cli, state: StateDir, pg_url: str, tmp_path: Path, elsewhere: Path
) -> None:
    plan_file = _saved_plan(cli, state, tmp_path)
    saved = json.loads(plan_file.read_text())
    del saved["state_dir"]  # saved by an older version
    plan_file.write_text(json.dumps(saved))
    assert cli("apply", plan_file, "--auto-approve") == 1
    assert cli.err.strip() == (
        f"error: state directory state does not exist: `apply FILE` plans again from the state files, and "
        f"{plan_file} does not record where they are; run it from the repository or pass --state DIR"
    )
    assert not _database_exists(pg_url, state.dbname)
    assert cli("apply", plan_file, "--state", state.root, "--auto-approve") == 0, cli.err
