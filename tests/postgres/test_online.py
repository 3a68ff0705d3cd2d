"""Online changes to tables that already exist: writers are not blocked, failures say what ran, re-runs converge."""

from __future__ import annotations

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
      owners:
        columns:
          id: {type: int, primary_key: true}
      items:
        columns:
          id: {type: int, primary_key: true}
          code: text
          owner_id: int
          qty: int
"""
ROWS = (
    "INSERT INTO owners VALUES (1), (2); "
    "INSERT INTO items SELECT g, 'c' || g, 1 + g % 2, g FROM generate_series(1, 200) g"
)


def _with(extra: str, *, online: bool = True) -> str:
    """ITEMS plus `extra` (YAML lines under items:), and `online: false` when asked."""
    head = "" if online else "online: false\n"
    return head + ITEMS + "\n".join(f"        {line}" for line in extra.strip().splitlines()) + "\n"


INDEX = "indexes:\n  items_code: [code]"
UNIQUE = "unique:\n  - [code]"
CHECK = "checks:\n  - {name: qty_positive, expression: qty > 0}"
FOREIGN_KEY = "foreign_keys:\n  - {columns: [owner_id], references: owners(id)}"


@pytest.fixture
def filled(state: StateDir, applied_copies: AppliedCopies) -> StateDir:
    applied_copies.copy(state, ITEMS, after=ROWS)
    return state


@pytest.mark.parametrize(
    ("extra", "online_sql"),
    [
        (INDEX, ["CREATE INDEX CONCURRENTLY items_code ON public.items USING btree (code)"]),
        (
            UNIQUE,
            [
                "CREATE UNIQUE INDEX CONCURRENTLY items_code_key ON public.items (code)",
                "ALTER TABLE public.items ADD CONSTRAINT items_code_key UNIQUE USING INDEX items_code_key",
            ],
        ),
        (CHECK, ["ALTER TABLE public.items VALIDATE CONSTRAINT qty_positive"]),
        (FOREIGN_KEY, ["ALTER TABLE public.items VALIDATE CONSTRAINT items_owner_id_fkey"]),
    ],
    ids=["index", "unique", "check", "foreign_key"],
)
def test_changes_to_a_filled_table_run_online_and_converge(
    extra: str, online_sql: list[str], filled: StateDir, cli: Cli, pg_url: str
) -> None:
    filled.write(_with(extra))
    assert cli("plan", "--state", filled.root, "--format", "json") == 0
    assert "outside_transaction" in cli.out
    for statement in online_sql:
        assert statement in cli.out
    assert cli("apply", "--state", filled.root, "--auto-approve") == 0, cli.out + cli.err
    assert "Converged" in cli.out
    for statement in online_sql:
        assert f"outside the transaction: {statement}" in cli.err
    assert sql(pg_url, filled.dbname, "SELECT count(*) FROM items") == [(200,)]
    assert sql(pg_url, filled.dbname, "SELECT bool_and(indisvalid) FROM pg_index") == [(True,)]
    assert sql(pg_url, filled.dbname, "SELECT bool_and(convalidated) FROM pg_constraint WHERE contype <> 'n'") == [
        (True,)
    ]


def test_online_false_keeps_everything_in_the_transaction(filled: StateDir, cli: Cli) -> None:
    filled.write(_with(f"{INDEX}\n{CHECK}", online=False))
    assert cli("plan", "--state", filled.root) == 0
    assert "CREATE INDEX items_code ON public.items USING btree (code)" in cli.out
    assert "CONCURRENTLY" not in cli.out and "NOT VALID" not in cli.out and "VALIDATE" not in cli.out
    assert cli("apply", "--state", filled.root, "--auto-approve") == 0, cli.out + cli.err
    assert "outside the transaction" not in cli.err


def test_a_new_table_and_what_a_new_key_needs_stay_in_the_transaction(filled: StateDir, cli: Cli) -> None:
    """A new table is empty; a unique key a new foreign key references must exist inside the transaction."""
    body = (
        _with(UNIQUE)
        + """      tags:
        columns:
          id: {type: int, primary_key: true}
          code: {type: text, references: items(code)}
        indexes:
          tags_code: [code]
"""
    )
    filled.write(body)
    assert cli("plan", "--state", filled.root) == 0
    assert "CONCURRENTLY" not in cli.out, cli.out
    assert cli("apply", "--state", filled.root, "--auto-approve") == 0, cli.out + cli.err
    assert "Converged" in cli.out


def test_a_failed_validation_says_what_ran_and_a_rerun_converges(filled: StateDir, cli: Cli, pg_url: str) -> None:
    sql(pg_url, filled.dbname, "UPDATE items SET qty = 0 WHERE id = 7")
    filled.write(_with(f"{INDEX}\n{CHECK}"))
    assert cli("apply", "--state", filled.root, "--auto-approve") == 1
    assert "VALIDATE CONSTRAINT qty_positive" in cli.err
    assert "is violated by some row" in cli.err
    assert "had committed. Outside it:" in cli.err
    assert "  ran:     CREATE INDEX CONCURRENTLY items_code" in cli.err
    assert "  not run: ALTER TABLE public.items VALIDATE CONSTRAINT qty_positive" in cli.err
    assert f"Applied (1):\n  postgres.{filled.dbname}.table.items.index.items_code" in cli.err
    assert f"Not applied (1):\n  postgres.{filled.dbname}.table.items.constraint.qty_positive" in cli.err
    # New rows were checked all along: the constraint is there, NOT VALID.
    with pytest.raises(psycopg.errors.CheckViolation):
        sql(pg_url, filled.dbname, "INSERT INTO items VALUES (1000, 'x', 1, -1)")

    assert cli("plan", "--state", filled.root, "--detailed-exitcode") == 2
    assert "qty_positive" in cli.out
    sql(pg_url, filled.dbname, "UPDATE items SET qty = 1 WHERE id = 7")
    assert cli("apply", "--state", filled.root, "--auto-approve") == 0, cli.out + cli.err
    assert "Converged" in cli.out


def test_an_invalid_index_left_by_a_failed_build_is_replaced(filled: StateDir, cli: Cli, pg_url: str) -> None:
    sql(pg_url, filled.dbname, "UPDATE items SET code = 'c1' WHERE id = 2")
    filled.write(_with("indexes:\n  items_code: {columns: [code], unique: true}"))
    assert cli("apply", "--state", filled.root, "--auto-approve") == 1
    assert "could not create unique index" in cli.err
    assert sql(pg_url, filled.dbname, "SELECT indisvalid FROM pg_index WHERE indexrelid = 'items_code'::regclass") == [
        (False,)
    ]

    assert cli("plan", "--state", filled.root) == 0
    assert "table.items.index.items_code" in cli.out and "valid: False -> True" in cli.out, cli.out
    sql(pg_url, filled.dbname, "UPDATE items SET code = 'c2' WHERE id = 2")
    assert cli("apply", "--state", filled.root, "--auto-approve") == 0, cli.out + cli.err
    assert sql(pg_url, filled.dbname, "SELECT indisvalid FROM pg_index WHERE indexrelid = 'items_code'::regclass") == [
        (True,)
    ]


def test_a_lock_timeout_is_retried_and_each_retry_printed(filled: StateDir, cli: Cli, pg_url: str) -> None:
    filled.write(_with(CHECK))
    with psycopg.connect(pg_url + filled.dbname) as holder:
        holder.execute("SELECT count(*) FROM items")  # a long read: its ACCESS SHARE lock blocks ALTER TABLE
        code = cli("apply", "--state", filled.root, "--auto-approve", "--lock-timeout", "100ms", "--lock-retries", "1")
        assert code == 1
        assert "waited longer than lock_timeout 100ms for a lock; retry 1 of 1 in 1s" in cli.err
        assert "canceling statement due to lock timeout" in cli.err

        release = threading.Timer(1.5, holder.commit)
        release.start()
        try:
            code = cli(
                "apply", "--state", filled.root, "--auto-approve", "--lock-timeout", "100ms", "--lock-retries", "5"
            )
        finally:
            release.join()
    assert code == 0, cli.out + cli.err
    assert "retry 1 of 5" in cli.err
    assert "Converged" in cli.out


@pytest.mark.parametrize("online", [True, False], ids=["online", "in_transaction"])
def test_writers_go_on_while_an_online_index_builds(
    online: bool, filled: StateDir, pg_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A writer's open transaction makes the index build wait; meanwhile a second writer must not be blocked.

    Online, the build waits without holding a lock writers need, so the second
    writer's INSERT goes through. In the transaction, CREATE INDEX queues for a
    SHARE lock, and the second writer queues behind it until its lock_timeout.
    """
    monkeypatch.setenv("NO_COLOR", "1")
    filled.write(_with(INDEX, online=online))
    url = pg_url + filled.dbname
    with psycopg.connect(url) as first_writer, psycopg.connect(url, autocommit=True) as watcher:
        first_writer.execute("INSERT INTO items VALUES (500, 'w', 1, 1)")  # open transaction, not committed
        result: list[int] = []
        apply = threading.Thread(
            target=lambda: result.append(
                main(["apply", "--state", str(filled.root), "--auto-approve", "--lock-timeout", "60s"])
            )
        )
        apply.start()
        try:
            _wait_for_index_build(watcher)
            with psycopg.connect(url) as second_writer:
                second_writer.execute("SET lock_timeout = '2s'")
                if online:
                    second_writer.execute("INSERT INTO items VALUES (501, 'x', 1, 1)")
                    second_writer.commit()
                else:
                    with pytest.raises(psycopg.errors.LockNotAvailable):
                        second_writer.execute("INSERT INTO items VALUES (501, 'x', 1, 1)")
        finally:
            first_writer.commit()
            apply.join(timeout=120)
    assert result == [0], capsys.readouterr()
    rows = 202 if online else 201
    assert sql(pg_url, filled.dbname, "SELECT count(*) FROM items") == [(rows,)]


def _wait_for_index_build(watcher: psycopg.Connection[tuple[int]]) -> None:
    """Until a CREATE INDEX from reconcile waits for a lock (the first writer's transaction)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        row = watcher.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'reconcile' "
            "AND query LIKE 'CREATE INDEX%%' AND wait_event_type = 'Lock'"
        ).fetchone()
        if row and row[0]:
            return
        time.sleep(0.05)
    raise AssertionError("the index build never started waiting")


def _indexes(pg_url: str, dbname: str) -> dict[str, str]:
    rows = sql(pg_url, dbname, "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'items'")
    return {str(name): str(definition) for name, definition in rows}


@pytest.mark.parametrize("online", [True, False], ids=["online", "in_transaction"])
def test_an_index_dropped_or_rebuilt_on_a_filled_table_goes_concurrently_when_online(
    online: bool, filled: StateDir, cli: Cli, pg_url: str
) -> None:
    filled.write(_with("indexes:\n  items_code: [code]\n  items_qty: [qty]", online=online))
    assert cli("apply", "--state", filled.root, "--auto-approve") == 0, cli.out + cli.err
    # items_qty goes, items_code is rebuilt on another column.
    filled.write(_with("indexes:\n  items_code: [code, qty]", online=online))
    assert cli("plan", "--state", filled.root) == 0, cli.out + cli.err
    concurrently = "DROP INDEX CONCURRENTLY IF EXISTS public.items_qty" in cli.out
    rebuilt = "DROP INDEX CONCURRENTLY IF EXISTS public.items_code" in cli.out
    assert concurrently == rebuilt == online, cli.out
    assert ("lock public.items: SHARE UPDATE EXCLUSIVE, ~" in cli.out) == online
    if not online:
        assert "DROP INDEX public.items_qty" in cli.out and "DROP INDEX public.items_code" in cli.out
    assert cli("apply", "--state", filled.root, "--auto-approve", "--allow-destructive") == 0, cli.out + cli.err
    indexes = _indexes(pg_url, filled.dbname)
    assert "items_qty" not in indexes and indexes["items_code"].endswith("USING btree (code, qty)")
    assert cli("plan", "--state", filled.root, "--detailed-exitcode") == 0, cli.out + cli.err


def test_an_index_whose_name_a_new_constraint_takes_is_dropped_in_the_transaction(
    filled: StateDir, cli: Cli, pg_url: str
) -> None:
    filled.write(_with("indexes:\n  items_code_key: {columns: [code], unique: true}"))
    assert cli("apply", "--state", filled.root, "--auto-approve") == 0, cli.out + cli.err
    filled.write(_with(UNIQUE))  # a unique constraint named items_code_key replaces the index
    assert cli("plan", "--state", filled.root) == 0, cli.out + cli.err
    assert "DROP INDEX public.items_code_key" in cli.out and "DROP INDEX CONCURRENTLY" not in cli.out
    assert cli("apply", "--state", filled.root, "--auto-approve") == 0, cli.out + cli.err
    assert cli("plan", "--state", filled.root, "--detailed-exitcode") == 0, cli.out + cli.err


def test_a_column_dropped_with_its_index_leaves_the_concurrent_drop_nothing_to_do(
    filled: StateDir, cli: Cli, pg_url: str
) -> None:
    filled.write(_with("indexes:\n  items_qty: [qty]"))
    assert cli("apply", "--state", filled.root, "--auto-approve") == 0, cli.out + cli.err
    filled.write(ITEMS.replace("          qty: int\n", ""))
    assert cli("apply", "--state", filled.root, "--auto-approve", "--allow-destructive") == 0, cli.out + cli.err
    assert "items_qty" not in _indexes(pg_url, filled.dbname)
    assert cli("plan", "--state", filled.root, "--detailed-exitcode") == 0, cli.out + cli.err
