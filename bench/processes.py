"""Time a whole `reconcile` process and read its true peak RSS.

A child's `ru_maxrss` (os.wait4, getrusage(RUSAGE_CHILDREN)) counts the
memory of the process it was forked from: Linux carries the high-water mark
across exec, so a child of a benchmark that has grown to 600 MiB reports
600 MiB. The child instead reports its own VmHWM (the high-water mark of the
memory it mapped since exec) from /proc/self/status as it exits, through a
small wrapper that then runs `python -m reconciler` unchanged, as the `reconcile` script does.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_WRAPPER = """
import atexit, runpy, sys
out = sys.argv.pop(1)
def report():
    with open("/proc/self/status") as status, open(out, "w") as target:
        target.write(next(line.split()[1] for line in status if line.startswith("VmHWM:")))
atexit.register(report)
sys.argv[0] = "reconcile"
runpy.run_module("reconciler", run_name="__main__", alter_sys=True)
"""


def installed_env() -> dict[str, str]:
    """The environment of a `reconcile` process as installed: bytecode cached, as pip leaves it.

    With PYTHONDONTWRITEBYTECODE set (CI images and sandboxes set it), every
    start compiles each module from source again, which no installed copy does;
    a first, untimed run writes the caches (__pycache__ is ignored by git).
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**env, "PYTHONPATH": str(ROOT)}


# What any Python program that talks to the five systems through these client libraries (and reads YAML into
# pydantic models, as reconcile does) pays before its own first line: the interpreter and the libraries' imports.
CLIENT_LIBRARIES = ("psycopg", "redis", "confluent_kafka.admin", "urllib3", "pydantic", "yaml", "rich.console")


def client_floor() -> float:
    """Wall seconds of an interpreter that imports the client libraries and exits: a reconcile process's floor."""
    started = time.perf_counter()
    subprocess.check_call(
        [sys.executable, "-c", f"import {', '.join(CLIENT_LIBRARIES)}"], cwd=ROOT, env=installed_env()
    )
    return time.perf_counter() - started


def run_reconcile(arguments: list[str]) -> tuple[float, float, int]:
    """Wall seconds, peak RSS (MiB) and exit code of one `reconcile ARGUMENTS` process."""
    with tempfile.NamedTemporaryFile("r", suffix=".peak") as peak:
        started = time.perf_counter()
        code = subprocess.call(
            [sys.executable, "-c", _WRAPPER, peak.name, *arguments],
            cwd=ROOT,
            env=installed_env(),
            stdout=subprocess.DEVNULL,
        )
        seconds = time.perf_counter() - started
        kib = peak.read().strip()
    return seconds, int(kib) / 1024 if kib else float("nan"), code
