"""Apply's proof that nothing committed since the plan read the database (executor.nothing_committed_since).

Under its advisory lock apply used to inspect the whole database again to compare it with the plan's digest. It
now first looks at the transactions that could have committed since the plan's snapshot; only when one did (or
the proof cannot be made) does it inspect again. Each case runs on the real server: an aborted or still running
transaction proves nothing changed, a committed one does not, nor does a damaged snapshot or too many ids.
"""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest

from reconciler.postgres import executor
from tests.conftest import Cli, StateDir, sql
from tests.postgres.states import ITEMS


@pytest.fixture
def database(pg_url: str, dbname: str) -> Iterator[str]:
    sql(pg_url, "postgres", f'CREATE DATABASE "{dbname}"')
    yield pg_url + dbname
    sql(pg_url, "postgres", f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')


def _snapshot(url: str) -> str:
    with psycopg.connect(url, autocommit=True) as conn:
        return executor._current_snapshot(conn)


def _proved(url: str, snapshot: str) -> bool:
    with psycopg.connect(url) as conn:
        return executor.nothing_committed_since(conn, snapshot)


def test_nothing_run_since_and_a_rolled_back_change_prove_the_database_unchanged(database: str) -> None:
    snapshot = _snapshot(database)
    assert _proved(database, snapshot)
    with psycopg.connect(database) as conn:  # as the plan's trial does: DDL, then ROLLBACK
        conn.execute("CREATE TABLE trial (id int)")
        conn.execute("SAVEPOINT s")
        conn.execute("CREATE TABLE trial_2 (id int)")
        conn.rollback()
    assert _proved(database, snapshot)


def test_a_committed_change_proves_nothing(database: str) -> None:
    snapshot = _snapshot(database)
    with psycopg.connect(database, autocommit=True) as conn:
        conn.execute("CREATE TABLE committed (id int)")
    assert not _proved(database, snapshot)


def test_a_transaction_running_at_the_snapshot_that_commits_later_proves_nothing(database: str) -> None:
    with psycopg.connect(database) as running:
        running.execute("CREATE TABLE late (id int)")  # holds a transaction id when the plan reads
        snapshot = _snapshot(database)
        assert _proved(database, snapshot)  # still running: a new inspection would not see it either
        running.commit()
    assert not _proved(database, snapshot)


def test_a_damaged_snapshot_or_too_many_ids_prove_nothing(database: str, monkeypatch: pytest.MonkeyPatch) -> None:
    for damaged in ("", "abc", "10:5", "1:2:3;DROP TABLE x", "9:8:"):
        assert not _proved(database, damaged), damaged
    snapshot = _snapshot(database)
    with psycopg.connect(database) as conn:
        for _ in range(3):
            conn.execute("CREATE TABLE rolled_back (id int)")
            conn.rollback()
    assert _proved(database, snapshot)
    monkeypatch.setattr(executor, "SNAPSHOT_IDS_CHECKED", 2)
    assert not _proved(database, snapshot)


def test_apply_right_after_its_plan_does_not_inspect_again_and_one_after_a_commit_does(
    cli: Cli, state: StateDir, pg_url: str, reinspections: list[str], no_background_commits: None
) -> None:
    state.write(ITEMS)
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    state.write(ITEMS + "          note: text\n")
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    assert reinspections == []  # the plan's trial rolled back, nothing else ran: proved unchanged

    # A change committed after the plan read the database: apply inspects again, and refuses the outdated plan.
    from reconciler.backend import ApplyOptions
    from reconciler.errors import ApplyError
    from reconciler.runner import Selection, apply_plan, make_plan

    state.write(ITEMS + "          note: text\n          more: text\n")
    plan = make_plan(Selection(state.root))
    sql(pg_url, state.dbname, "ALTER TABLE items ADD COLUMN more text")
    with pytest.raises(ApplyError, match="changed after this plan was made"):
        apply_plan(plan, Selection(state.root), ApplyOptions())
    assert reinspections == [state.dbname]


def test_a_role_refused_the_status_lookup_inspects_again_in_the_same_transaction(database: str, dbname: str) -> None:
    role = f"{dbname}_limited"
    with psycopg.connect(database, autocommit=True) as admin:
        admin.execute(f'CREATE ROLE "{role}"'.encode())
        admin.execute("REVOKE EXECUTE ON FUNCTION pg_xact_status(xid8) FROM PUBLIC")
    try:
        snapshot = _snapshot(database)
        with psycopg.connect(database) as conn:  # an aborted transaction: one id to look up
            conn.execute("CREATE TABLE rolled_back (id int)")
            conn.rollback()
        with psycopg.connect(database) as conn:
            conn.execute(f'SET ROLE "{role}"'.encode())
            assert not executor.nothing_committed_since(conn, snapshot)
            assert conn.execute("SELECT 1").fetchone() == (1,)  # the transaction goes on
    finally:
        with psycopg.connect(database, autocommit=True) as admin:
            admin.execute("GRANT EXECUTE ON FUNCTION pg_xact_status(xid8) TO PUBLIC")
            admin.execute(f'DROP ROLE "{role}"'.encode())


@pytest.mark.parametrize(
    "by_hand",
    [
        "ALTER DATABASE \"{db}\" SET work_mem = '8MB'",
        "ALTER ROLE postgres IN DATABASE \"{db}\" SET work_mem = '8MB'",
        "CREATE AGGREGATE total(int) (SFUNC = int4pl, STYPE = int)",
        "CREATE COLLATION exact (provider = icu, locale = 'und-u-ks-level3', deterministic = false)",
        "COMMENT ON SCHEMA public IS 'by hand'",
        'REVOKE TEMPORARY ON DATABASE "{db}" FROM PUBLIC',
    ],
    ids=[
        "database setting",
        "role setting in the database",
        "aggregate",
        "collation",
        "schema comment",
        "database privilege",
    ],
)
def test_any_change_by_hand_after_the_plan_refuses_it(cli: Cli, state: StateDir, pg_url: str, by_hand: str) -> None:
    """Database-wide kinds and settings count as much as tables: the plan never ran sets them back unseen."""
    from reconciler.backend import ApplyOptions
    from reconciler.errors import ApplyError
    from reconciler.runner import Selection, apply_plan, make_plan

    state.write(ITEMS)
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    state.write(ITEMS + "          note: text\n")
    plan = make_plan(Selection(state.root))
    sql(pg_url, state.dbname, by_hand.format(db=state.dbname))
    try:
        with pytest.raises(ApplyError, match="changed after this plan was made"):
            apply_plan(plan, Selection(state.root), ApplyOptions())
        assert sql(pg_url, state.dbname, "SELECT count(*) FROM pg_attribute WHERE attname = 'note'") == [(0,)]
    finally:
        sql(pg_url, state.dbname, f'ALTER ROLE postgres IN DATABASE "{state.dbname}" RESET ALL')
