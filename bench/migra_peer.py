"""migra, the peer bench/pg_plan.py --vs-migra measures against, in a virtualenv of its own.

migra is never a dependency of reconcile: it is installed (pip install migra
psycopg2-binary) into a virtualenv cached under ~/.cache/reconcile-bench (or
$RECONCILE_BENCH_CACHE) the first time, and run as its own process.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import venv
from pathlib import Path

PACKAGES = ["migra", "psycopg2-binary", "setuptools<70"]  # migra's schemainspect still imports pkg_resources


def cache_dir() -> Path:
    return Path(os.environ.get("RECONCILE_BENCH_CACHE", Path.home() / ".cache" / "reconcile-bench"))


def migra_command() -> Path:
    """The migra executable, installed into the cached virtualenv first if needed."""
    folder = cache_dir() / "migra-venv"
    executable = folder / "bin" / "migra"
    if not executable.exists():
        print(f"installing migra into {folder} ...", file=sys.stderr, flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(folder)
        subprocess.run([str(folder / "bin" / "pip"), "install", "-q", *PACKAGES], check=True)
    return executable


def diff_seconds(live_url: str, desired_url: str) -> tuple[float, int]:
    """Wall time of one `migra --unsafe --schema public live desired` process, and the lines of SQL it printed.

    Only `public`, the schema the state declares: reconcile inspects only declared schemas too.
    """
    # Newer SQLAlchemy releases pick psycopg 3 for postgresql://; migra's venv has psycopg2.
    live_url, desired_url = (u.replace("postgresql://", "postgresql+psycopg2://", 1) for u in (live_url, desired_url))
    started = time.perf_counter()
    result = subprocess.run(
        [str(migra_command()), "--unsafe", "--schema", "public", live_url, desired_url],
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    if result.returncode not in (0, 2):  # 2: differences found
        raise RuntimeError(f"migra failed: {result.stderr.strip()[-2000:]}")
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    if os.environ.get("RECONCILE_BENCH_SHOW_MIGRA"):
        print("\n".join(lines[:20]), file=sys.stderr)
    return seconds, len(lines)
