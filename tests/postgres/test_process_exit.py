"""The `reconcile` process ends without tearing the interpreter down (cli.run), and loses nothing by it.

Its exit code, its whole output and its exit handlers are as a normal exit gives them, and no connection ends
inside a transaction (the server logs "unexpected EOF on client connection with an open transaction" for one).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from devtools import pgcluster
from tests.conftest import StateDir
from tests.postgres.states import ITEMS

ROOT = Path(__file__).resolve().parents[2]
# Runs the command as the `reconcile` script does, with an exit handler that leaves a mark.
SCRIPT = """
import atexit, sys
mark = sys.argv.pop(1)
atexit.register(lambda: open(mark, "w").write("ran"))
sys.argv[0] = "reconcile"
from reconciler.cli import run
run()
"""


def _reconcile(mark: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-c", SCRIPT, str(mark), *arguments],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=300,
    )


def test_exit_code_output_and_exit_handlers_are_kept_and_connections_closed(
    state: StateDir, pg_url: str, pg_cluster: pgcluster.Cluster, tmp_path: Path
) -> None:
    log = pg_cluster.directory / "server.log"
    before = log.read_text(errors="replace")
    state.write(ITEMS)
    mark = tmp_path / "mark"
    planned = _reconcile(mark, "plan", "--state", str(state.root), "--format", "json", "--detailed-exitcode")
    assert planned.returncode == 2, planned.stdout + planned.stderr  # changes to make
    assert json.loads(planned.stdout)["changes"]  # the whole document, flushed
    assert mark.read_text() == "ran"
    mark.unlink()
    applied = _reconcile(mark, "apply", "--state", str(state.root), "--auto-approve")
    assert applied.returncode == 0, applied.stdout + applied.stderr
    assert "Converged" in applied.stdout and mark.read_text() == "ran"
    drift = _reconcile(mark, "drift", "--fail-on-diff", "--state", str(state.root))
    assert drift.returncode == 0, drift.stdout + drift.stderr
    refused = _reconcile(mark, "plan", "--no-such-option")
    assert refused.returncode == 1 and "unrecognized arguments" in refused.stderr
    after = log.read_text(errors="replace")[len(before) :]
    assert "unexpected EOF" not in after and "connection reset" not in after.lower(), after
