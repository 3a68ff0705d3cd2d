"""Apply progress: a spinner per backend on a terminal, plain lines when the output is piped."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_apply(state: Path, terminal: bool) -> str:
    command = [sys.executable, "-m", "reconciler.cli", "apply", "--state", str(state), "--auto-approve", "--no-sql"]
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "120", "TERM": "xterm"}
    if not terminal:
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=True, cwd=ROOT)
        return done.stdout
    controller, child = pty.openpty()
    process = subprocess.Popen(command, stdout=child, stderr=child, stdin=subprocess.DEVNULL, env=env, cwd=ROOT)
    os.close(child)
    chunks = []
    while True:
        ready, _, _ = select.select([controller], [], [], 30)
        if not ready:
            break
        try:
            data = os.read(controller, 65536)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    process.wait(timeout=30)
    os.close(controller)
    assert process.returncode == 0
    return b"".join(chunks).decode(errors="replace")


def test_progress_is_a_spinner_on_a_terminal_and_lines_when_piped(tmp_path: Path, redis_url: str) -> None:
    state = tmp_path / "state"
    state.mkdir()
    (state / "redis.yaml").write_text("keys:\n  'p:a': '1'\n  'p:b': '2'\n")
    piped = run_apply(state, terminal=False)
    assert "redis: applying 2 change(s)…\nredis: 2 change(s) applied" in piped
    assert "\x1b[" not in piped  # no cursor movement or colour in CI logs
    (state / "redis.yaml").write_text("keys:\n  'p:a': '10'\n  'p:b': '20'\n")
    shown = run_apply(state, terminal=True)
    assert "Applying 2 change(s) to redis…" in shown  # rich's status line
    assert "redis: applying" not in shown and "redis: 2 change(s) applied" in shown
