"""The example CI workflow runs commands that exist, with options the CLI accepts."""

from __future__ import annotations

import shlex
from pathlib import Path

import yaml

from reconciler.cli_arguments import build_parser

WORKFLOW = Path(__file__).resolve().parent.parent / "examples" / "ci" / "reconcile.yml"


def reconcile_commands() -> list[list[str]]:
    workflow = yaml.safe_load(WORKFLOW.read_text())
    commands = []
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            for line in str(step.get("run", "")).splitlines():
                if line.strip().startswith("reconcile "):
                    words = shlex.split(line.split(">")[0])
                    commands.append(words[1:])
    return commands


def test_the_workflow_validates_pull_requests_and_checks_drift_on_a_schedule() -> None:
    workflow = yaml.safe_load(WORKFLOW.read_text())
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert "pull_request" in triggers and "schedule" in triggers
    commands = reconcile_commands()
    assert [c[0] for c in commands] == ["validate", "drift"]
    for words in commands:
        args = build_parser().parse_args(words)
        assert args.command in ("validate", "drift")
    drift = build_parser().parse_args(commands[1])
    assert drift.fail_on_diff and drift.format == "markdown"
