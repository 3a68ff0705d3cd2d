"""Pause Python's cyclic garbage collector while a plan builds its models.

A plan of a large schema allocates millions of small objects (YAML nodes,
catalog rows, pydantic models) that all live until the plan ends. Each full
collection walks every one of them, and the heap's growth triggers several:
at 1,000 tables they were about 40 % of a no-op plan's CPU time. Nearly
everything a plan builds is freed by reference counting anyway; what cycles
there are wait until the plan is over. Backends plan in threads at once, so
the pause is counted and the collector runs again when the last plan ends
(and only if it was running before the first began).
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator

_lock = threading.Lock()
_paused = 0
_was_enabled = False


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    global _paused, _was_enabled
    with _lock:
        if _paused == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _paused += 1
    try:
        yield
    finally:
        with _lock:
            _paused -= 1
            if _paused == 0 and _was_enabled:
                gc.enable()
