"""A plan's phase breakdown (plan_phases): where its time goes, for bench/pg_plan.py.

The phase figures are timings, so no test asserts an amount of time: the
clock is replaced by one that advances by hand, and the real plan is only
checked for which phases it reports.
"""

from __future__ import annotations

import threading
import time

import pytest

from reconciler.postgres.backend import PostgresBackend
from reconciler.postgres.plan_phases import PhaseTimes, phase
from tests.conftest import Cli, StateDir

STATE = """
schemas:
  public:
    tables:
      accounts:
        columns:
          id: {type: bigserial, primary_key: true}
      orders:
        columns:
          id: {type: serial, primary_key: true}
          account_id: {type: bigint, references: accounts(id)}
"""


class Clock:
    """perf_counter that moves only when told to."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_phase_inside_another_pauses_it(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = Clock()
    monkeypatch.setattr(time, "perf_counter", clock)
    times = PhaseTimes()
    with times.active():
        with phase("diff"):
            clock.now += 2
            with phase("order"):
                clock.now += 5
            clock.now += 1
        with phase("diff"):
            clock.now += 1
    assert times.seconds == {"diff": 4, "order": 5}
    assert times.summary() == "diff 4.00 s · order 5.00 s"


def test_phases_outside_an_active_recorder_are_not_counted() -> None:
    times = PhaseTimes()
    with phase("inspect"):
        pass
    assert times.seconds == {}


def test_each_thread_records_into_its_own_active_recorder(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = Clock()
    monkeypatch.setattr(time, "perf_counter", clock)
    times = PhaseTimes()

    def plan_one() -> None:
        with times.active(), phase("inspect"):
            pass

    with times.active(), phase("load"):
        thread = threading.Thread(target=plan_one)
        thread.start()
        thread.join()
    assert set(times.seconds) == {"load", "inspect"}


def test_a_plan_reports_every_phase(state: StateDir, cli: Cli) -> None:
    state.write(STATE)
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    backend = PostgresBackend(state.root)
    assert backend.plan(state.root).changes == []
    assert set(backend.stats.phases.seconds) == {"load", "inspect", "normalize", "diff", "order"}


def test_a_plan_with_seed_rows_reports_their_phase(state: StateDir, cli: Cli) -> None:
    state.write(STATE)
    folder = state.root / "seeds" / state.dbname
    folder.mkdir(parents=True)
    (folder / "accounts.yaml").write_text("key: [id]\nrows_from: accounts.csv\n")
    (folder / "accounts.csv").write_text("id\n1\n2\n")
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err
    backend = PostgresBackend(state.root)
    assert backend.plan(state.root).changes == []
    assert set(backend.stats.phases.seconds) == {"load", "inspect", "normalize", "seeds", "diff", "order"}
