"""Proof under load (issue 15 item 5), at a size CI affords: a busy writer and one pull request.

A writer inserts and updates a filled table without pause while `reconcile
apply` adds an index, a foreign key, a check, a NOT NULL on a filled column
and renames a column (devtools/load_writer.py). A test cannot assert how
long the writer stalled (the machine is shared and noisy; bench/online.py
measures it at 1,000,000 rows), so this one asserts where a stall comes
from: pg_stat_activity, sampled in a tight loop, shows whether the writer's
backend waits on a lock while reconcile runs a statement that the plan's own
lock report marks as reading every row. Online, those statements (CREATE
INDEX CONCURRENTLY, VALIDATE CONSTRAINT) never make the writer wait; with
`online: false`, the writer is seen waiting during them. Either way no row
and no update is lost, and the next plan is empty.
"""

from __future__ import annotations

import json
import queue
import threading

import psycopg
import pytest

from devtools import load_writer
from tests.conftest import Cli, StateDir

ROWS = 200_000
RENAME = "ALTER TABLE public.events RENAME COLUMN legacy_code TO code"
# What reads every row of events, by the plan's lock report: online outside the transaction, else inside it.
SCANS = {
    True: {
        "CREATE INDEX CONCURRENTLY events_account_id ON public.events USING btree (account_id)",
        "ALTER TABLE public.events VALIDATE CONSTRAINT events_account_id_fkey",
        "ALTER TABLE public.events VALIDATE CONSTRAINT events_amount_not_negative",
        "ALTER TABLE public.events VALIDATE CONSTRAINT _reconcile_nn_note",
    },
    False: {
        "CREATE INDEX events_account_id ON public.events USING btree (account_id)",
        "ALTER TABLE public.events ADD CONSTRAINT events_account_id_fkey FOREIGN KEY (account_id) "
        "REFERENCES accounts(id)",
        "ALTER TABLE public.events ADD CONSTRAINT events_amount_not_negative CHECK (amount >= 0)",
        "ALTER TABLE public.events ALTER COLUMN note SET NOT NULL",
    },
}


def _planned(cli: Cli, state: StateDir) -> tuple[list[str], set[str]]:
    """Every statement of the JSON plan, and those its lock report says read or rewrite every row of a table."""
    assert cli("plan", "--state", state.root, "--format", "json") == 0, cli.out + cli.err
    statements = [statement for change in json.loads(cli.out)["changes"] for statement in change["statements"]]
    scans = {s["sql"] for s in statements if any(lock["effect"] != "none" for lock in s["locks"])}
    return [s["sql"] for s in statements], scans


class Writer(threading.Thread):
    """load_writer.write on a thread of its own; `log` once joined."""

    def __init__(self, conninfo: str) -> None:
        super().__init__(name="load-writer", daemon=True)
        self.conninfo = conninfo
        self.stopping = threading.Event()
        self.pids: queue.Queue[int] = queue.Queue()
        self.log = load_writer.WriteLog()

    def run(self) -> None:
        self.log = load_writer.write(self.conninfo, ROWS, self.stopping.is_set, self.pids.put)

    def finish(self) -> load_writer.WriteLog:
        self.stopping.set()
        self.join()
        return self.log


@pytest.mark.parametrize("online", [True, False], ids=["online", "online_false"])
def test_a_busy_writer_waits_on_no_scan_online_and_loses_nothing(
    online: bool, cli: Cli, state: StateDir, pg_url: str
) -> None:
    state.write(load_writer.TABLES_BEFORE)
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    conninfo = pg_url + state.dbname
    with psycopg.connect(conninfo) as conn:
        load_writer.fill(conn, ROWS)
        filled = load_writer.totals(conn)
    state.write(("" if online else "online: false\n") + load_writer.TABLES_AFTER)
    statements, scans = _planned(cli, state)
    assert RENAME in statements
    assert scans == SCANS[online]

    writer = Writer(conninfo)
    writer.start()
    watch = load_writer.LockWatch(conninfo, writer.pids.get(timeout=60))
    watch.start()
    try:
        code = cli("apply", "--state", state.root, "--auto-approve")
    finally:
        samples = watch.stop()
        log = writer.finish()
    assert code == 0, cli.out + cli.err
    assert "Converged" in cli.out

    seen, waiting = load_writer.lock_waits_during(samples, scans)
    assert seen > 0, "no sample of pg_stat_activity fell while a scanning statement ran"
    if online:
        assert waiting == 0, f"the writer waited on a lock in {waiting} of {seen} samples during online scans"
    else:
        assert waiting > 0, f"the writer never waited in {seen} samples during the scans of one transaction"

    assert log.errors == []
    assert log.inserted > 0
    with psycopg.connect(conninfo) as conn:
        assert load_writer.totals(conn) == (filled[0] + log.inserted, filled[1] + log.amount_added)
        renamed = conn.execute("SELECT count(code) FROM events").fetchone()
    assert renamed == (ROWS,)  # the renamed column kept its values
