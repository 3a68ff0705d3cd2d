"""SET NOT NULL on a filled table, online: writers go on during the scan, and every interruption converges."""

from __future__ import annotations

import json
import threading
import time

import psycopg
import pytest

from reconciler.cli import main
from tests.conftest import AppliedCopies, Cli, StateDir, sql

ITEMS = """
schemas:
  public:
    tables:
      items:
        columns:
          id: {type: int, primary_key: true}
          code: text
"""
NOT_NULL = ITEMS.replace("code: text", "code: {type: text, nullable: false}")
HELPER = "_reconcile_nn_code"
ADD = f"ALTER TABLE public.items ADD CONSTRAINT {HELPER} CHECK (code IS NOT NULL) NOT VALID"
VALIDATE = f"ALTER TABLE public.items VALIDATE CONSTRAINT {HELPER}"
SET = "ALTER TABLE public.items ALTER COLUMN code SET NOT NULL"
DROP = f"ALTER TABLE public.items DROP CONSTRAINT {HELPER}"


@pytest.fixture
def filled(state: StateDir, applied_copies: AppliedCopies) -> StateDir:
    applied_copies.copy(state, ITEMS, after="INSERT INTO items SELECT g, 'c' || g FROM generate_series(1, 500) g")
    return state


def _constraints(pg_url: str, dbname: str) -> list[tuple[object, ...]]:
    return sql(
        pg_url,
        dbname,
        "SELECT conname::text, convalidated FROM pg_constraint WHERE contype = 'c' AND conrelid = 'items'::regclass",
    )


def _not_null(pg_url: str, dbname: str) -> bool:
    rows = sql(
        pg_url, dbname, "SELECT attnotnull FROM pg_attribute WHERE attrelid = 'items'::regclass AND attname = 'code'"
    )
    return bool(rows[0][0])


def test_set_not_null_runs_through_a_validated_check_and_converges(filled: StateDir, cli: Cli, pg_url: str) -> None:
    filled.write(NOT_NULL)
    assert cli("plan", "--state", filled.root) == 0
    for statement in (ADD, VALIDATE, SET, DROP):
        assert statement in cli.out
    assert "outside_transaction" in cli.out and "long_validation" not in cli.out
    assert cli("apply", "--state", filled.root, "--auto-approve") == 0, cli.out + cli.err
    for statement in (VALIDATE, SET, DROP):
        assert f"outside the transaction: {statement}" in cli.err
    assert "Converged" in cli.out
    assert _not_null(pg_url, filled.dbname) and _constraints(pg_url, filled.dbname) == []


def test_online_false_sets_not_null_in_the_transaction(filled: StateDir, cli: Cli) -> None:
    filled.write("online: false\n" + NOT_NULL)
    assert cli("plan", "--state", filled.root) == 0
    assert SET in cli.out and HELPER not in cli.out and "long_validation" in cli.out


def test_a_failed_validation_leaves_the_helper_and_a_rerun_finishes_it(filled: StateDir, cli: Cli, pg_url: str) -> None:
    sql(pg_url, filled.dbname, "UPDATE items SET code = NULL WHERE id = 7")
    filled.write(NOT_NULL)
    assert cli("apply", "--state", filled.root, "--auto-approve") == 1
    assert f"not run: {VALIDATE}" in cli.err and f"not run: {SET}" in cli.err
    assert _constraints(pg_url, filled.dbname) == [(HELPER, False)]
    with pytest.raises(psycopg.errors.CheckViolation):  # new rows were checked at once
        sql(pg_url, filled.dbname, "INSERT INTO items VALUES (1000, NULL)")

    # The helper is finished, never shown as a check to drop or to declare.
    assert cli("plan", "--state", filled.root) == 0
    assert ADD not in cli.out and VALIDATE in cli.out and SET in cli.out and DROP in cli.out
    assert f"- table.items.constraint.{HELPER}" not in cli.out
    sql(pg_url, filled.dbname, "UPDATE items SET code = 'x' WHERE id = 7")
    assert cli("apply", "--state", filled.root, "--auto-approve") == 0, cli.out + cli.err
    assert "Converged" in cli.out
    assert _not_null(pg_url, filled.dbname) and _constraints(pg_url, filled.dbname) == []


@pytest.mark.parametrize(
    ("by_hand", "desired", "expected"),
    [
        # Stopped after VALIDATE: the valid helper proves the column; SET NOT NULL and the drop are left.
        (f"{ADD}; {VALIDATE}", NOT_NULL, [SET, DROP]),
        # Stopped after SET NOT NULL: only the helper's drop is left.
        (f"{ADD}; {VALIDATE}; {SET}", NOT_NULL, [DROP]),
        # The state no longer asks for NOT NULL: the helper goes, the column stays nullable.
        (ADD, ITEMS, [DROP]),
    ],
    ids=["after_validate", "after_set_not_null", "no_longer_wanted"],
)
def test_a_helper_left_at_any_point_converges(
    by_hand: str, desired: str, expected: list[str], filled: StateDir, cli: Cli, pg_url: str
) -> None:
    sql(pg_url, filled.dbname, by_hand)
    filled.write(desired)
    assert cli("plan", "--state", filled.root, "--format", "json") == 0
    planned = [s["sql"] for c in json.loads(cli.out)["changes"] for s in c["statements"]]
    assert planned == expected
    assert '"destructive": true' not in cli.out
    assert cli("apply", "--state", filled.root, "--auto-approve") == 0, cli.out + cli.err
    assert "Converged" in cli.out
    assert _constraints(pg_url, filled.dbname) == []
    assert _not_null(pg_url, filled.dbname) == (desired == NOT_NULL)


@pytest.mark.parametrize("online", [True, False], ids=["online", "in_transaction"])
def test_writers_go_on_while_not_null_is_validated(
    online: bool, filled: StateDir, pg_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A session holding SHARE UPDATE EXCLUSIVE (as a long VACUUM would) makes the scan wait; a writer must not.

    Online, the helper check starts out added NOT VALID, as the transaction leaves it
    (its ADD takes ACCESS EXCLUSIVE briefly, and would queue behind the
    holder itself). Online, VALIDATE queues for SHARE UPDATE EXCLUSIVE, which
    writers do not conflict with: the writer's INSERT goes through. In the
    transaction, SET NOT NULL queues for ACCESS EXCLUSIVE, and the writer
    queues behind it until its lock_timeout.
    """
    monkeypatch.setenv("NO_COLOR", "1")
    if online:
        sql(pg_url, filled.dbname, ADD)
    filled.write(NOT_NULL if online else "online: false\n" + NOT_NULL)
    url = pg_url + filled.dbname
    with psycopg.connect(url) as holder, psycopg.connect(url, autocommit=True) as watcher:
        holder.execute("LOCK items IN SHARE UPDATE EXCLUSIVE MODE")
        result: list[int] = []
        apply = threading.Thread(
            target=lambda: result.append(
                main(["apply", "--state", str(filled.root), "--auto-approve", "--lock-timeout", "60s"])
            )
        )
        apply.start()
        try:
            _wait_for_alter(watcher, "VALIDATE" if online else "SET NOT NULL")
            with psycopg.connect(url) as writer:
                writer.execute("SET lock_timeout = '2s'")
                if online:
                    writer.execute("INSERT INTO items VALUES (501, 'w')")
                    writer.commit()
                else:
                    with pytest.raises(psycopg.errors.LockNotAvailable):
                        writer.execute("INSERT INTO items VALUES (501, 'w')")
        finally:
            holder.commit()
            apply.join(timeout=120)
    assert result == [0], capsys.readouterr()
    assert sql(pg_url, filled.dbname, "SELECT count(*) FROM items") == [(501 if online else 500,)]
    assert _not_null(pg_url, filled.dbname)


def _wait_for_alter(watcher: psycopg.Connection[tuple[int]], words: str) -> None:
    """Until reconcile's ALTER TABLE containing `words` waits for a lock."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        row = watcher.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'reconcile' "
            "AND query LIKE %s AND wait_event_type = 'Lock'",
            (f"%{words}%",),
        ).fetchone()
        if row and row[0]:
            return
        time.sleep(0.05)
    raise AssertionError(f"no ALTER TABLE ... {words} started waiting")
