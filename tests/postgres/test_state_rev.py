"""Rollback is planning an earlier state: --state-rev reads the state directory at a git revision."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.conftest import Cli, StateDir, sql
from tests.postgres.states import ITEMS

V1 = ITEMS
V2 = V1 + "          note: text\n"


def git(repo: Path, *args: str) -> str:
    command = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org", *args]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout.strip()


def committed(state: StateDir, body: str, message: str) -> str:
    state.write(body)
    git(state.root.parent, "add", "-A")
    git(state.root.parent, "commit", "-q", "-m", message)
    return git(state.root.parent, "rev-parse", "HEAD")


def test_apply_an_earlier_revision_rolls_back_and_names_what_is_lost(cli: Cli, state: StateDir, pg_url: str) -> None:
    git(state.root.parent, "init", "-q")
    first = committed(state, V1, "items")
    committed(state, V2, "add a note to items")
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.err
    sql(pg_url, state.dbname, "INSERT INTO items (name, note) VALUES ('a', 'kept until the rollback')")

    assert cli("plan", "--state", state.root, "--state-rev", "HEAD~1", "--detailed-exitcode") == 2, cli.err
    assert "State as of " + first[:7] in cli.err and "items" in cli.err
    assert "- table.items.column.note" in cli.out and "data_loss" in cli.out, cli.out

    assert cli("apply", "--state", state.root, "--state-rev", first, "--auto-approve") == 1
    assert "--allow-destructive" in cli.err
    assert cli("apply", "--state", state.root, "--state-rev", first, "--auto-approve", "--allow-destructive") == 0
    columns = (
        "SELECT attname FROM pg_attribute WHERE attrelid = 'items'::regclass AND attnum > 0 AND NOT attisdropped "
        "ORDER BY attnum"
    )
    assert sql(pg_url, state.dbname, columns) == [("id",), ("name",)]
    assert (state.root / "postgres" / f"{state.dbname}.yaml").read_text().endswith("note: text\n")  # tree untouched
    assert cli("drift", "--state", state.root, "--state-rev", "HEAD~1", "--fail-on-diff") == 0, cli.out
    assert cli("drift", "--state", state.root, "--fail-on-diff") == 2


def test_a_revision_that_cannot_be_read_is_one_message(cli: Cli, state: StateDir, pg_url: str) -> None:
    state.write(V1)
    assert cli("plan", "--state", state.root, "--state-rev", "HEAD") == 1
    assert "is not inside a git repository" in cli.err, cli.err
    git(state.root.parent, "init", "-q")
    committed(state, V1, "items")
    for revision, message in [
        ("no-such-branch", "'no-such-branch' is not a commit"),
        ("--upload-pack=touch /tmp/x", "is not a git revision"),
        ("HEAD~5", "'HEAD~5' is not a commit"),
    ]:
        assert cli("plan", "--state", state.root, "--state-rev", revision) == 1, revision
        assert message in cli.err and "Traceback" not in cli.err, cli.err
    (state.root.parent / "other").mkdir()
    (state.root.parent / "other" / "x").write_text("x")
    git(state.root.parent, "add", "-A")
    git(state.root.parent, "commit", "-q", "-m", "other")
    moved = state.root.parent / "other"
    assert cli("plan", "--state", moved, "--state-rev", "HEAD~1") == 1
    assert "other does not exist at HEAD~1" in cli.err, cli.err


def test_apply_change_apply_roll_back_and_the_history_names_each_revision(
    cli: Cli, state: StateDir, pg_url: str
) -> None:
    git(state.root.parent, "init", "-q")
    first = committed(state, V1, "items")
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.err
    second = committed(state, V2, "add a note to items")
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.err
    assert cli("apply", "--state", state.root, "--state-rev", first, "--auto-approve", "--allow-destructive") == 0
    assert cli("status", "--state", state.root, "--state-rev", first, "--fail-on-diff") == 0, cli.out

    assert cli("history", "--state", state.root, "--format", "json") == 0
    records = json.loads(cli.out)["records"]
    assert [(r["revision"], r["dirty"], r["outcome"]) for r in records] == [
        (first, False, "applied"),  # the rollback, read from the first revision
        (second, False, "applied"),
        (first, False, "applied"),
    ]
    assert [c["action"] for c in records[0]["changes"]] == ["delete"]
    assert records[0]["changes"][0]["address"] == f"postgres.{state.dbname}.table.items.column.note"


def test_from_inside_the_repository_without_state(
    cli: Cli, state: StateDir, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The way people type it: in the repository, no --state; the record names the revision too."""
    git(state.root.parent, "init", "-q")
    first = committed(state, V1, "items")
    committed(state, V2, "add a note to items")
    monkeypatch.chdir(state.root.parent)
    assert cli("apply", "--auto-approve") == 0, cli.err
    assert cli("apply", "--state-rev", "HEAD~1", "--auto-approve", "--allow-destructive") == 0, cli.err
    assert cli("history", "--format", "json") == 0
    assert [r["revision"] for r in json.loads(cli.out)["records"]] == [
        first,
        git(state.root.parent, "rev-parse", "HEAD"),
    ]


def test_status_tells_drift_by_someone_else_from_a_state_that_moved(cli: Cli, state: StateDir, pg_url: str) -> None:
    git(state.root.parent, "init", "-q")
    committed(state, V1, "items")
    assert cli("apply", "--state", state.root, "--auto-approve") == 0
    committed(state, V2, "add a note to items")
    assert cli("apply", "--state", state.root, "--auto-approve") == 0
    # Someone drops a column the previous apply created: the state did not move, so it is theirs.
    sql(pg_url, state.dbname, "ALTER TABLE items DROP COLUMN name")
    assert cli("status", "--state", state.root, "--fail-on-diff") == 2
    assert f"  changed since by someone else: postgres.{state.dbname}.table.items.column.name" in cli.out, cli.out
    assert "the state has changed since" not in cli.out
    # A new commit not applied yet: drift may be the state's own, so only objects the last apply changed count.
    committed(state, V2 + "          extra: int\n", "add extra")
    assert cli("status", "--state", state.root, "--format", "json") == 0
    [backend] = json.loads(cli.out)["backends"]
    assert backend["state_changed_since_last_apply"] is True
    assert backend["changed_since_last_apply"] == []
