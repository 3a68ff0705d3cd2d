"""The interpreter's settings while plans run: the cyclic collector paused, threads switched more often.

A plan of a large schema allocates millions of small objects (YAML nodes,
catalog rows, pydantic models) that all live until the plan ends. Each full
collection walks every one of them, and the heap's growth triggers several:
at 1,000 tables they were about 40 % of a no-op plan's CPU time. Nearly
everything a plan builds is freed by reference counting anyway; what cycles
there are wait until the plan is over.

The live inspection runs on a thread of its own while this one parses and
normalizes (live_inspection.py), and between its round trips it needs the GIL
only briefly: to send some forty queries and take their results. Python hands
the GIL to a waiting thread only every switch interval (5 ms), so each of
those steps waited behind the busy parser: the inspection of a 2,000-table
schema, started before its file is parsed (inspection_guess.py), ended 0.4-0.5 s
after the server's own time. A 0.5 ms interval lets it through, at a cost too
small to measure here.

Backends plan in threads at once, so both settings are counted: they are set
when the first plan begins and put back as they were when the last one ends.

A process that ends without freeing what it holds (the `reconcile` command
exits with os._exit) has no use for freeing a plan's models either: at 2,000
tables the catalog rows, the desired and live schemas, the units and the spec
are some 800,000 memory blocks, and freeing them as the plan returned was
0.1 s of a 1.2 s no-op plan. With `keep_plans_alive` (the command calls it), plans
`retire` them instead, and the last plan to end moves what is alive out of
the collector's reach (gc.freeze) before the collector runs again: otherwise
its next collections walk every one of them. The next plan to begin frees
them (apply's closing plan), so a process holds one plan's models at most.
"""

from __future__ import annotations

import contextlib
import gc
import sys
import threading
from collections.abc import Iterator

SWITCH_INTERVAL = 0.0005

_lock = threading.Lock()
_planning = 0
_collector_was_enabled = False
_switch_interval_was = 0.005
_keeping = False
_retired: list[tuple[object, ...]] = []


def keep_plans_alive() -> None:
    """From now on, what plans `retire` stays alive until `release` (a process that exits without freeing)."""
    global _keeping
    _keeping = True


def retire(*objects: object) -> None:
    """Drop a plan's large models without freeing them, where `keep_plans_alive` was called (else no-op)."""
    if _keeping:
        with _lock:
            _retired.append(objects)


def release() -> None:
    """Free what plans retired now rather than when the next plan begins (a benchmark between two plans)."""
    with _lock:
        freed = _handed_over()
    del freed


def _handed_over() -> list[tuple[object, ...]]:
    """What plans retired, to be freed by the caller once it lets `_lock` go (it holds the lock)."""
    global _retired
    retired, _retired = _retired, []
    return retired


def retired_count() -> int:
    """How many groups of objects plans retired and nothing has freed yet."""
    with _lock:
        return len(_retired)


@contextlib.contextmanager
def planning() -> Iterator[None]:
    """Pause the collector and shorten the switch interval while at least one plan runs."""
    global _planning, _collector_was_enabled, _switch_interval_was
    earlier: list[tuple[object, ...]] = []
    with _lock:
        if _planning == 0:
            earlier = _handed_over()  # what the plans before retired
            _collector_was_enabled = gc.isenabled()
            gc.disable()
            _switch_interval_was = sys.getswitchinterval()
            sys.setswitchinterval(min(SWITCH_INTERVAL, _switch_interval_was))
        _planning += 1
    del earlier
    try:
        yield
    finally:
        with _lock:
            _planning -= 1
            if _planning == 0:
                sys.setswitchinterval(_switch_interval_was)
                if _retired:
                    gc.freeze()
                if _collector_was_enabled:
                    gc.enable()
