"""The `reconcile` script's entry point (reconciler/__main__.py): the CLI imported with the collector paused."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

import pytest

import reconciler.cli
from reconciler.__main__ import run

ROOT = Path(__file__).resolve().parent.parent


def test_the_collector_runs_again_for_the_command_with_the_import_frozen(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[bool, int]] = []
    monkeypatch.setattr(reconciler.cli, "run", lambda: seen.append((gc.isenabled(), gc.get_freeze_count())))
    try:
        run()  # cli.run never returns; this stand-in does
    finally:
        gc.unfreeze()
    assert len(seen) == 1
    enabled, frozen = seen[0]
    assert enabled and frozen > 0


def test_python_m_reconciler_is_the_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "reconciler", "--version"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0 and result.stdout.startswith("reconcile "), result.stderr
