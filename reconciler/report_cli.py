"""`reconcile report merge`: the command line of merging shards' reports (reconciler/shard_report.py).

Kept out of cli.py so that file stays about the commands that touch live systems.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.text import Text

# cli.py's exit codes (Terraform's): 0 nothing to do / success, 1 error, 2 changes present.
EXIT_OK, EXIT_ERROR, EXIT_CHANGES = 0, 1, 2


def add_report_command(commands: Any, positive: Callable[[str], int]) -> None:
    """`report` and its `merge` subcommand; `positive` is cli.py's argparse type for 1 or more."""
    p = commands.add_parser(
        "report",
        help="combine the --format json reports of several shards into one",
        description="Work on the JSON reports commands print with --format json.",
    )
    reports = p.add_subparsers(dest="report_command", metavar="SUBCOMMAND", required=True, parser_class=type(p))
    p = reports.add_parser(
        "merge",
        help="one report from the --format json outputs of a fleet's shards",
        description="Read the `--format json` output of plan, drift or apply from each shard (`--shard I/N`) and "
        "print one report for the whole fleet: the changes (tenant changes grouped), what was applied, failures "
        "by tenant schema, and the shards whose report is missing. The files are untrusted input: a damaged one "
        "is an error naming the file and the field. Exit codes: 1 when a shard is missing, an apply failed "
        "anywhere or did not converge; 2 with --fail-on-diff when a plan or drift has changes; else 0.",
    )
    p.add_argument("files", nargs="+", type=Path, metavar="FILE", help="one shard's JSON report (all of the same kind)")
    p.add_argument(
        "--format",
        choices=("text", "json", "markdown"),
        default="text",
        help="text for people, JSON for machines, Markdown for a pull request or job summary",
    )
    p.add_argument(
        "--shards", type=positive, metavar="N", help="how many shards there must be (default: the N they record)"
    )
    p.add_argument(
        "--fail-on-diff",
        "--detailed-exitcode",
        action="store_true",
        help="exit 2 when the merged plan or drift has changes",
    )
    p.add_argument("--no-sql", action="store_true", help="do not print the SQL statements under each change")
    p.add_argument("--no-color", action="store_true", help="plain output (NO_COLOR=1 does the same)")


def cmd_report(args: argparse.Namespace, console: Console, stderr: Console) -> int:
    """`reconcile report merge FILE...`: the fleet's report from its shards' reports."""
    # Imported here: every command parses its arguments through add_report_command, and only this one needs the
    # report models (building them is 5-8 ms of each start).
    from reconciler.render.merged import merged_json, render_merged_markdown, render_merged_text
    from reconciler.shard_report import load_report, merge

    merged = merge([load_report(path) for path in args.files], args.shards)
    if merged.kind == "apply":
        code = EXIT_OK if merged.ok else EXIT_ERROR
    elif not merged.complete:
        code = EXIT_ERROR
    else:
        code = EXIT_CHANGES if args.fail_on_diff and merged.plan.has_changes else EXIT_OK
    if args.format == "json":
        sys.stdout.write(json.dumps(merged_json(merged, code), indent=2) + "\n")
    elif args.format == "markdown":
        sys.stdout.write(render_merged_markdown(merged))
    else:
        render_merged_text(merged, console, show_sql=not args.no_sql)
    if merged.missing and merged.kind != "apply":
        missing = ", ".join(merged.missing)
        stderr.print(Text(f"error: shards {missing} sent no report: the merged {merged.kind} is incomplete"))
    return code
