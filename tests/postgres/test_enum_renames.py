"""`renamed_from:` on enum labels: renamed in place with the rows kept, inert once done, an error when ambiguous."""

from __future__ import annotations

import pytest

from tests.conftest import Cli, StateDir, sql

BODY = """schemas:
  public:
    enums:
      status: [{labels}]
    tables:
      orders:
        columns:
          id: integer
          s: status
"""


def applied(cli: Cli, state: StateDir, labels: str) -> None:
    state.write(BODY.format(labels=labels))
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err


def test_a_renamed_label_keeps_the_rows_and_is_inert_afterwards(cli: Cli, state: StateDir, pg_url: str) -> None:
    applied(cli, state, "pending, sent")
    sql(pg_url, state.dbname, "INSERT INTO orders VALUES (1, 'sent'), (2, 'pending')")
    state.write(BODY.format(labels="pending, {name: shipped, renamed_from: sent}"))
    assert cli("plan", "--state", state.root) == 0
    assert "ALTER TYPE public.status RENAME VALUE 'sent' TO 'shipped'" in cli.out
    assert "destructive" not in cli.out
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.err
    rows = sql(pg_url, state.dbname, "SELECT id, s::text FROM orders ORDER BY id")
    assert rows == [(1, "shipped"), (2, "pending")]
    # The new label exists: the key does nothing more.
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 0


def test_a_rename_with_an_added_label(cli: Cli, state: StateDir, pg_url: str) -> None:
    applied(cli, state, "a, b")
    sql(pg_url, state.dbname, "INSERT INTO orders VALUES (1, 'b')")
    applied(cli, state, "a, {name: beta, renamed_from: b}, c")
    assert sql(pg_url, state.dbname, "SELECT s::text FROM orders") == [("beta",)]
    labels = sql(pg_url, state.dbname, "SELECT enum_range(NULL::status)::text")
    assert labels == [("{a,beta,c}",)]


def test_both_the_old_and_the_new_label_existing_is_an_error_naming_both(cli: Cli, state: StateDir) -> None:
    applied(cli, state, "a, b, c")
    state.write(BODY.format(labels="a, {name: b, renamed_from: c}"))
    assert cli("plan", "--state", state.root) == 0
    assert "'b'" in cli.out and "'c'" in cli.out and "both" in cli.out
    assert cli("apply", "--state", state.root, "--auto-approve", "--allow-destructive") == 1
    assert "cannot be applied" in cli.err


@pytest.mark.parametrize(
    ("labels", "message"),
    [
        ("a, {name: b, renamed_from: a}", "which is declared too"),
        ("{name: b, renamed_from: x}, {name: c, renamed_from: x}", "renamed from the same label"),
        ("{name: b, renamed_from: " + "x" * 64 + "}", "renamed_from is at most 63 bytes"),
        ("{name: b, renamed_from: x, drop: true}", "drop"),
    ],
)
def test_bad_renamed_from_is_a_state_error(cli: Cli, state: StateDir, labels: str, message: str) -> None:
    state.write(BODY.format(labels=labels))
    assert cli("plan", "--state", state.root) == 1
    assert message in cli.err and ".yaml:" in cli.err and "Traceback" not in cli.err


@pytest.mark.parametrize(
    "hostile",
    ["x'); DROP TABLE orders; --", "it''s", "$$ || pg_sleep(1) || $$", "x\\\\' OR 1=1"],
)
def test_hostile_renamed_from_is_only_ever_a_literal(cli: Cli, state: StateDir, pg_url: str, hostile: str) -> None:
    applied(cli, state, "a")
    escaped = hostile.replace("'", "''")
    state.write(BODY.format(labels=f"{{name: b, renamed_from: '{escaped}'}}"))
    assert cli("apply", "--state", state.root, "--auto-approve", "--allow-destructive") == 0, cli.err
    assert sql(pg_url, state.dbname, "SELECT enum_range(NULL::status)::text") == [("{b}",)]
    assert sql(pg_url, state.dbname, "SELECT count(*) FROM orders") == [(0,)]
