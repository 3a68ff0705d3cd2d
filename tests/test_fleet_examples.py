"""The fleet examples (Kubernetes Indexed Job and CronJob, GitHub Actions matrix) parse and wire shards right.

Every shard index 1..N is run exactly once, N agrees everywhere it is written, the commands are ones the CLI
accepts, and the merge sees all N reports.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import yaml

from reconciler.cli_arguments import build_parser

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
INDEX = "$((JOB_COMPLETION_INDEX + 1))"


def _load(path: Path) -> Any:
    return yaml.safe_load(path.read_text())


def reconcile_lines(script: str) -> list[list[str]]:
    """The `reconcile ...` commands of a shell script, as argv (the redirection left out)."""
    found = []
    for line in script.splitlines():
        words = line.strip().removeprefix("exec ").split(">")[0]
        if words.startswith("reconcile "):
            found.append(shlex.split(words)[1:])
    return found


def _job_commands(job_spec: dict[str, Any], index: int) -> list[list[str]]:
    """The reconcile commands the pod of `index` (JOB_COMPLETION_INDEX) runs, its shell variables filled in."""
    container = job_spec["template"]["spec"]["containers"][0]
    script = "\n".join(container["args"])
    assert "shard=" + INDEX in script
    script = script.replace('"$shard', f'"{index + 1}').replace("$shard", str(index + 1))
    return reconcile_lines(script.replace("$JOB_NAME", "job"))


def _shards_of_indexed_job(job_spec: dict[str, Any], command: str) -> list[str]:
    assert job_spec["completionMode"] == "Indexed"
    count = job_spec["completions"]
    assert job_spec["parallelism"] == count
    shards = []
    for index in range(count):
        (argv,) = _job_commands(job_spec, index)
        args = build_parser().parse_args(argv)
        assert args.command == command and args.format == "json"
        assert args.shard.count == count, (argv, count)
        shards.append(str(args.shard))
    assert shards == [f"{i}/{count}" for i in range(1, count + 1)]  # every shard once, none beyond N
    return shards


def test_indexed_apply_job_runs_every_shard_once() -> None:
    job = _load(EXAMPLES / "kubernetes" / "apply-job.yaml")
    assert job["kind"] == "Job"
    _shards_of_indexed_job(job["spec"], "apply")
    (argv,) = _job_commands(job["spec"], 0)
    args = build_parser().parse_args(argv)
    assert args.auto_approve and not args.allow_destructive
    assert job["spec"]["backoffLimitPerIndex"] >= 1  # a failed shard retries alone: a re-run converges the rest


def test_drift_cronjob_runs_every_shard_and_fails_only_the_drifted_index() -> None:
    cron = _load(EXAMPLES / "kubernetes" / "drift-cronjob.yaml")
    assert cron["kind"] == "CronJob" and cron["spec"]["concurrencyPolicy"] == "Forbid"
    spec = cron["spec"]["jobTemplate"]["spec"]
    _shards_of_indexed_job(spec, "drift")
    rule = spec["podFailurePolicy"]["rules"][0]
    assert rule["action"] == "FailIndex" and rule["onExitCodes"]["values"] == [2]


def test_merge_job_expects_as_many_shards_as_the_jobs_run() -> None:
    count = _load(EXAMPLES / "kubernetes" / "apply-job.yaml")["spec"]["completions"]
    merge = _load(EXAMPLES / "kubernetes" / "merge-job.yaml")
    script = "\n".join(merge["spec"]["template"]["spec"]["containers"][0]["args"])
    (argv,) = reconcile_lines(script.replace('"$REPORTS"/*.json', "a.json"))
    args = build_parser().parse_args(argv)
    assert args.command == "report" and args.report_command == "merge" and args.shards == count
    pvc = _load(EXAMPLES / "kubernetes" / "reports-pvc.yaml")
    assert pvc["kind"] == "PersistentVolumeClaim" and pvc["spec"]["accessModes"] == ["ReadWriteMany"]


def test_github_matrix_runs_every_shard_and_merges_even_after_a_failure() -> None:
    workflow = _load(EXAMPLES / "ci" / "fleet.yml")
    apply, merge = workflow["jobs"]["apply"], workflow["jobs"]["merge"]
    matrix = apply["strategy"]["matrix"]["shard"]
    assert apply["strategy"]["fail-fast"] is False
    count = len(matrix)
    assert matrix == list(range(1, count + 1))
    run = next(step["run"] for step in apply["steps"] if "reconcile apply" in str(step.get("run", "")))
    shards = []
    for value in matrix:
        (argv,) = reconcile_lines(run.replace("${{ matrix.shard }}", str(value)))
        args = build_parser().parse_args(argv)
        assert args.command == "apply" and args.format == "json" and args.auto_approve
        shards.append(str(args.shard))
    assert shards == [f"{i}/{count}" for i in range(1, count + 1)]
    upload = next(step for step in apply["steps"] if str(step.get("uses", "")).startswith("actions/upload-artifact"))
    assert upload["if"] == "always()"
    assert merge["needs"] == "apply" and merge["if"] == "always()"
    script = next(step["run"] for step in merge["steps"] if "report merge" in str(step.get("run", "")))
    for argv in reconcile_lines(script.replace("reports/*.json", "a.json")):
        args = build_parser().parse_args(argv)
        assert args.report_command == "merge" and args.shards == count
    assert re.search(r"exit \$code", script)  # the run fails when the merged report says so
