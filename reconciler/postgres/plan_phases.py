"""Where a PostgreSQL plan's time goes, phase by phase, for bench/pg_plan.py and the README's figures.

A plan reads the state files (load), inspects the live database (inspect),
gets the desired schema from the normalization cache or a trial (normalize),
compares the two (diff) and orders the changes by their dependencies (order).
Seed rows have their own phase (seeds): staging the declared rows in the
trial, reading the live ones and comparing them; reading the seed and CSV
files counts to load.
Each phase's time is exclusive: a phase measured inside another (order runs
inside diff) pauses the outer one, so the phases add up to the plan's time.
With several databases planned at once the sums are thread time, which can
exceed the wall time.

The differ is deep inside the call chain, so the active recorder travels in a
context variable instead of through every signature; a phase measured with
no active recorder costs nothing.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field

PHASES = ("load", "inspect", "normalize", "seeds", "diff", "order")


@dataclass
class _Running:
    name: str
    started: float


@dataclass
class PhaseTimes:
    """Seconds spent in each phase, summed over the databases planned (thread-safe)."""

    seconds: dict[str, float] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def add(self, name: str, seconds: float) -> None:
        with self._lock:
            self.seconds[name] = self.seconds.get(name, 0.0) + seconds

    @contextlib.contextmanager
    def active(self) -> Iterator[None]:
        """Record the phases measured (with `phase`) in this thread until the block ends."""
        token = _ACTIVE.set((self, []))
        try:
            yield
        finally:
            _ACTIVE.reset(token)

    def summary(self) -> str:
        """`inspect 1.20 s · normalize 0.40 s · ...`, in the plan's order."""
        names = [n for n in PHASES if n in self.seconds] + sorted(set(self.seconds) - set(PHASES))
        return " · ".join(f"{name} {self.seconds[name]:.2f} s" for name in names)


_ACTIVE: ContextVar[tuple[PhaseTimes, list[_Running]] | None] = ContextVar("reconcile_plan_phases", default=None)


@contextlib.contextmanager
def phase(name: str) -> Iterator[None]:
    """Count the block's time to `name` in the active recorder, pausing the phase it runs inside."""
    active = _ACTIVE.get()
    if active is None:
        yield
        return
    times, stack = active
    now = time.perf_counter()
    if stack:
        outer = stack[-1]
        times.add(outer.name, now - outer.started)
    stack.append(_Running(name, now))
    try:
        yield
    finally:
        now = time.perf_counter()
        running = stack.pop()
        times.add(running.name, now - running.started)
        if stack:
            stack[-1].started = now
