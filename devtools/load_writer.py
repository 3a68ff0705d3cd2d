"""A table under write load, for proving that online schema changes do not block writers (issue 15 item 5).

bench/online.py and tests/postgres/test_online_under_load.py share it:
- `state_before` / `state_after`: the schema before and after one pull request
  that adds an index, a foreign key, a check, a NOT NULL on a filled column
  and renames a column, with `online: true` or `false`;
- `fill`: the rows (generate_series, one statement per table);
- `write`: the writer, one autocommit connection inserting and updating as
  fast as it can, timing every statement and counting what it committed, so
  that the rows present can be checked against it afterwards;
- `LockWatch`: samples pg_stat_activity of the database in a tight loop and
  records, each time, whether the writer's backend waits for a table's lock
  (wait_event_type 'Lock', wait_event 'relation'; a relation extension
  or row lock is not what a schema change takes) and which statements
  reconcile's own connections are running. It
  observes lock waits instead of timing them, which is what a test can
  assert without a timing threshold.

The writer never names the renamed column, so the rename itself cannot
break it; every value it writes satisfies the new check, NOT NULL and
foreign key.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import Any

import psycopg

ACCOUNTS = 1000
TABLES_BEFORE = """\
schemas:
  public:
    tables:
      accounts:
        columns:
          id: {type: integer, primary_key: true}
          name: {type: text, nullable: false}
      events:
        columns:
          id: {type: bigserial, primary_key: true}
          account_id: {type: integer, nullable: false}
          amount: {type: integer, nullable: false}
          note: text
          legacy_code: text
"""
TABLES_AFTER = """\
schemas:
  public:
    tables:
      accounts:
        columns:
          id: {type: integer, primary_key: true}
          name: {type: text, nullable: false}
      events:
        columns:
          id: {type: bigserial, primary_key: true}
          account_id: {type: integer, nullable: false, references: accounts(id)}
          amount: {type: integer, nullable: false}
          note: {type: text, nullable: false}
          code: {type: text, renamed_from: legacy_code}
        indexes:
          events_account_id: [account_id]
        checks:
          - {name: events_amount_not_negative, expression: amount >= 0}
"""


def state_before(database: str) -> str:
    return f"database: {database}\n{TABLES_BEFORE}"


def state_after(database: str, *, online: bool) -> str:
    return f"database: {database}\n{'' if online else 'online: false' + chr(10)}{TABLES_AFTER}"


def fill(conn: psycopg.Connection[Any], rows: int) -> None:
    """`rows` events over ACCOUNTS accounts, every value valid for the schema after; then VACUUM ANALYZE."""
    conn.execute(f"INSERT INTO accounts SELECT g, 'account ' || g FROM generate_series(1, {ACCOUNTS}) g".encode())
    conn.execute(
        (
            "INSERT INTO events (id, account_id, amount, note, legacy_code) "
            f"SELECT g, 1 + g % {ACCOUNTS}, g % 1000, 'n' || g, 'c' || g FROM generate_series(1, {int(rows)}) g"
        ).encode()
    )
    conn.execute(f"SELECT setval(pg_get_serial_sequence('events', 'id'), {int(rows)})".encode())
    conn.commit()
    autocommit = conn.autocommit
    conn.autocommit = True
    conn.execute("VACUUM ANALYZE accounts, events")
    conn.autocommit = autocommit


def totals(conn: psycopg.Connection[Any]) -> tuple[int, int]:
    """The rows of events and the sum of their amounts: what the writer's log must account for."""
    row = conn.execute("SELECT count(*), coalesce(sum(amount), 0) FROM events").fetchone()
    assert row is not None
    return int(row[0]), int(row[1])


@dataclass
class WriteLog:
    """What the writer did: each statement's start (time.monotonic) and latency, and what it committed."""

    backend_pid: int = 0
    starts: list[float] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    inserted: int = 0
    amount_added: int = 0
    errors: list[str] = field(default_factory=list)

    def during(self, start: float, end: float) -> list[float]:
        """Latencies of the statements that were running at some moment of [start, end]."""
        return [
            latency
            for began, latency in zip(self.starts, self.latencies, strict=True)
            if began <= end and began + latency >= start
        ]


def write(
    conninfo: str, rows: int, stop: Callable[[], bool], started: Callable[[int], None] = lambda pid: None
) -> WriteLog:
    """Insert and update events until `stop()`; one autocommit statement at a time, each timed.

    Updates add 1 to the amount of an existing row, so that afterwards the
    sum of amounts must equal the filled sum plus what this log says was
    added: a lost update or insert shows.
    """
    log = WriteLog()
    pick = random.Random(15)
    with psycopg.connect(conninfo, autocommit=True, application_name="load-writer") as conn:
        log.backend_pid = conn.info.backend_pid
        started(log.backend_pid)
        while not stop():
            began = time.monotonic()
            try:
                _write_once(conn, pick, rows, log, inserting=len(log.starts) % 2 == 0)
            except psycopg.Error as exc:
                log.errors.append(f"{type(exc).__name__}: {exc}")
            log.starts.append(began)
            log.latencies.append(time.monotonic() - began)
    return log


def _write_once(
    conn: psycopg.Connection[Any], pick: random.Random, rows: int, log: WriteLog, *, inserting: bool
) -> None:
    """One INSERT of a new event, or one UPDATE adding 1 to a filled event's amount; counted once committed."""
    if inserting:
        amount = pick.randrange(1000)
        conn.execute(
            "INSERT INTO events (account_id, amount, note) VALUES (%s, %s, 'written')",
            (1 + pick.randrange(ACCOUNTS), amount),
        )
        log.inserted += 1
        log.amount_added += amount
    else:
        cursor = conn.execute("UPDATE events SET amount = amount + 1 WHERE id = %s", (1 + pick.randrange(rows),))
        log.amount_added += cursor.rowcount


@dataclass
class Sample:
    """One look at pg_stat_activity: is the writer waiting for a table's lock, and what is reconcile running."""

    at: float
    writer_waits_on_lock: bool  # wait_event_type 'Lock', wait_event 'relation': a table lock, not a row's
    reconcile_running: list[str]


class LockWatch(threading.Thread):
    """Samples the database's backends until stopped (see the module docstring)."""

    def __init__(self, conninfo: str, writer_pid: int) -> None:
        super().__init__(name="lock-watch", daemon=True)
        self.conninfo = conninfo
        self.writer_pid = writer_pid
        self.samples: list[Sample] = []
        self._stop_requested = threading.Event()

    def run(self) -> None:
        with psycopg.connect(self.conninfo, autocommit=True, application_name="lock-watch") as conn:
            query = (
                "SELECT pid, wait_event_type = 'Lock' AND wait_event = 'relation', application_name, state, query "
                "FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            while not self._stop_requested.is_set():
                backends = conn.execute(query).fetchall()
                at = time.monotonic()
                waits = any(pid == self.writer_pid and on_table for pid, on_table, _, _, _ in backends)
                running = [text for _, _, app, state, text in backends if app == "reconcile" and state == "active"]
                self.samples.append(Sample(at, waits, running))

    def stop(self) -> list[Sample]:
        self._stop_requested.set()
        self.join()
        return self.samples


def lock_waits_during(samples: list[Sample], statements: Collection[str]) -> tuple[int, int]:
    """(samples taken while reconcile ran one of `statements`, those of them that saw the writer wait on a lock).

    `statements` are SQL texts as the plan shows them, which is what
    pg_stat_activity shows while they run (reconcile sends each on its own).
    A sample counts when the samples on both sides of it show the same
    statement running: pg_stat_activity copies the backends' entries one after
    the other, so a sample taken as a statement ends can show it still running
    next to a writer already waiting on the statement after it (a brief lock
    the plan reports as such): one sample in 3,110 did, and failed a suite run.
    """

    def running(sample: Sample) -> set[str]:
        return {text.strip() for text in sample.reconcile_running} & set(statements)

    during = [
        sample
        for before, sample, after in zip(samples, samples[1:], samples[2:], strict=False)
        if running(before) & running(sample) & running(after)
    ]
    return len(during), sum(s.writer_waits_on_lock for s in during)
