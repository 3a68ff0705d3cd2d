"""The `reconcile` command line's arguments: every command, option and help text, and their value checks.

Kept apart from cli.py, which runs the commands: what a user can type is
reviewed here, and a usage error exits 1 (argparse's own 2 would read as
"changes present" in CI).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, NoReturn

from reconciler import __version__
from reconciler.errors import ReconcileError
from reconciler.postgres import lock_limit
from reconciler.render.escape import printable
from reconciler.report_cli import add_report_command
from reconciler.shard import Shard

# Terraform's detailed exit codes (cli.py's docstring).
EXIT_OK, EXIT_ERROR, EXIT_CHANGES = 0, 1, 2

DESCRIPTION = """\
Keep PostgreSQL, Redis, InfluxDB, Elasticsearch and Kafka in the state that
the YAML files under the state directory declare.

  reconcile validate                     check the state files, touch no server
  reconcile plan                         show what apply would change
  reconcile apply                        change the live systems (asks first)
  reconcile drift --fail-on-diff         fail CI when live systems drifted

Connections come from RECONCILE_POSTGRES_URL (and friends) or targets.yaml in
the state directory. Exit codes: 0 no changes, 2 changes present (with
--detailed-exitcode or --fail-on-diff), 1 error (a mistyped command or
option included).
"""


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error exits 1 (CI reads argparse's usual 2 as "changes present"), and an option is
    taken only as spelled out: argparse would read `apply --auto` as --auto-approve and `--allow` as
    --allow-destructive, and a typo or a shortened flag must not approve or destroy anything."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("allow_abbrev", False)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_ERROR, f"{self.prog}: error: {printable(message)}\n")


def _state(parser: argparse.ArgumentParser, help: str = "state directory (default: ./state)") -> None:
    parser.add_argument("--state", type=Path, default=Path("state"), metavar="DIR", help=help)


def _common(parser: argparse.ArgumentParser) -> None:
    _state(parser)
    parser.add_argument(
        "--only",
        metavar="BACKEND[,BACKEND]",
        help="work on these backends only (postgres, redis, influxdb, elasticsearch, kafka)",
    )
    parser.add_argument(
        "--target",
        action="append",
        default=[],
        metavar="ADDRESS",
        help="only changes at this address or under it, e.g. postgres.auth_db.table.users (repeatable)",
    )
    parser.add_argument("--no-color", action="store_true", help="plain output (NO_COLOR=1 does the same)")
    parser.add_argument(
        "--state-rev",
        metavar="REV",
        help="read the state directory as it was at this git revision (working tree untouched); "
        "with apply, this is how to roll back to an earlier state",
    )
    _verbose(parser)


def _verbose(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--verbose",
        action="store_true",
        help="also print the client libraries' own log lines (librdkafka's connection messages) on stderr",
    )


def _format(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        choices=("text", "json", "markdown"),
        default="text",
        help="text for people, versioned JSON for machines, Markdown for pull request comments",
    )


def _shard_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--shard",
        type=_shard,
        metavar="I/N",
        help="work on shard I of N only (1 <= I <= N), for N machines at once: each tenant schema, database and "
        "other backend's scope belongs to exactly one shard, by SHA-256 of its name, the same on every run and "
        "machine; combine the shards' --format json output with `reconcile report merge`",
    )


def _shard(text: str) -> Shard:
    """`I/N` (argparse type)."""
    try:
        return Shard.parse(text)
    except ReconcileError as exc:
        raise argparse.ArgumentTypeError(str(exc).removeprefix("--shard: ")) from None


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="reconcile", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"reconcile {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True, parser_class=_Parser)

    p = commands.add_parser(
        "validate",
        help="load and check every state file without touching any server",
        description="Load and check every state file without connecting to any server. "
        "Problems are reported with file, line and field; exit 1 if there are any.",
    )
    _common(p)

    p = commands.add_parser(
        "plan",
        help="inspect live systems and print the ordered plan",
        description="Inspect the live systems, compare them with the state files and print "
        "the changes apply would make, in the order it would make them. Writes nothing. PostgreSQL data steps "
        "(`steps:` in a database file) are listed as `step.<name>`, with their SQL, until _reconcile.steps records "
        "them.",
    )
    _common(p)
    _format(p)
    _shard_option(p)
    p.add_argument(
        "--out",
        type=Path,
        metavar="FILE",
        help="also save the plan as JSON, to apply later with `reconcile apply FILE`",
    )
    p.add_argument(
        "--detailed-exitcode", action="store_true", help="exit 2 when there are changes (0 when none, 1 on error)"
    )
    p.add_argument("--no-sql", action="store_true", help="do not print the SQL statements under each change")
    _max_lock(p, "exit 1 after showing the plan when it breaks the limit (apply would refuse it)")

    p = commands.add_parser(
        "apply",
        help="apply the plan (or a saved plan) to the live systems",
        description="Show the plan, ask for confirmation, apply it, then inspect again and report "
        "whether the live systems converged. With FILE, apply a saved plan: it is planned again and refused, "
        "with the addresses that differ, unless that gives exactly the changes in the file (the live systems "
        "changed since, or the file was edited); safety flags always come from the new plan. Destructive changes "
        "(drops, lossy type changes) are refused unless --allow-destructive is given. A PostgreSQL data step "
        "(`steps:`) runs once, before or after the schema changes inside the database's transaction, and is "
        "recorded in _reconcile.steps with the sha256 of its SQL; a step that ran and was edited since is an error.",
    )
    _common(p)
    _shard_option(p)
    p.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="json: print the plan and progress on stderr and, at the end, one JSON document on stdout (what was "
        "applied, failures by tenant, whether it converged, the exit code) for `reconcile report merge`",
    )
    p.set_defaults(state=None)  # None: not given, so a saved plan's recorded state directory may be used
    p.add_argument(
        "plan_file",
        nargs="?",
        type=Path,
        metavar="FILE",
        help="a plan saved with `reconcile plan --out FILE`; it is planned again from the state directory it "
        "records (apply says which) unless --state is given",
    )
    p.add_argument(
        "--auto-approve",
        action="store_true",
        help="do not ask for confirmation (required when stdin is not a terminal)",
    )
    p.add_argument("--allow-destructive", action="store_true", help="allow drops and other changes that lose data")
    p.add_argument(
        "--allow-reindex",
        action="store_true",
        help="allow Elasticsearch migrations that reindex an aliased index into a new version and swap the alias",
    )
    p.add_argument(
        "--allow-close",
        action="store_true",
        help="allow closing an Elasticsearch index to change its analysis, similarity or codec settings, then "
        "reopening it (searches and writes to it fail meanwhile)",
    )
    p.add_argument(
        "--lock-timeout",
        default="5s",
        metavar="DURATION",
        help="PostgreSQL lock_timeout: how long any statement may wait for a lock before it gives up, so a "
        "blocked ALTER never queues up the table's readers and writers behind it (default 5s)",
    )
    p.add_argument(
        "--lock-retries",
        type=_count,
        default=3,
        metavar="N",
        help="PostgreSQL: after a lock timeout, try the transaction (or the online statement) again up to N "
        "times, pausing 1s, 2s, 4s... between tries, each retry printed (default 3; 0: fail at once)",
    )
    p.add_argument(
        "--parallel",
        type=_positive,
        default=4,
        metavar="N",
        help="PostgreSQL schema templates: apply N tenant schemas at once, each in its own transaction on its own "
        "connection; a failing tenant is reported and the rest still run (default 4)",
    )
    p.add_argument(
        "--statement-timeout", default="0", metavar="DURATION", help="PostgreSQL statement_timeout (default 0: none)"
    )
    p.add_argument(
        "--lock-wait",
        type=float,
        default=10.0,
        metavar="SECONDS",
        help="how long to wait for another apply on the same database to finish (default 10)",
    )
    p.add_argument("--no-sql", action="store_true", help="do not print the SQL statements under each change")
    _max_lock(p, "refuse the whole plan (exit 1, nothing applied) when it breaks the limit")

    p = commands.add_parser(
        "drift",
        help="compare live systems with the state (for CI)",
        description="The same comparison as plan, worded as drift. With --fail-on-diff, exit 2 "
        "when the live systems differ from the state files.",
    )
    _common(p)
    _format(p)
    _shard_option(p)
    p.add_argument("--fail-on-diff", action="store_true", help="exit 2 when drift is found")
    p.add_argument("--no-sql", action="store_true", help="do not print the SQL statements under each change")

    p = commands.add_parser(
        "status",
        help="per backend: in sync or not, the last apply, and changes made since by someone else",
        description="Check drift (as `drift` does) and put each backend's last recorded apply next to it: when, "
        "by whom, from which state revision, and how it ended. Drift on objects that last apply had converged "
        "is listed as changed since by someone else. Exit codes as drift: 0 in sync, 2 drift with "
        "--fail-on-diff, 1 error.",
    )
    _common(p)
    _format(p)
    p.add_argument("--fail-on-diff", action="store_true", help="exit 2 when a backend is not in sync")

    p = commands.add_parser(
        "history",
        help="the last applies: when, who, state revision, outcome",
        description="List the newest apply records, kept in each managed PostgreSQL database (table "
        "_reconcile.applies) and, for the other backends, in the PostgreSQL database RECONCILE_HISTORY_URL names.",
    )
    _state(p)
    p.add_argument("--only", metavar="BACKEND[,BACKEND]", help="only applies of these backends")
    p.add_argument(
        "--target", action="append", default=[], metavar="ADDRESS", help="only applies that changed this address"
    )
    p.add_argument("-n", "--limit", type=int, default=20, metavar="N", help="how many records (default 20)")
    p.add_argument("--format", choices=("text", "json"), default="text", help="text for people, JSON for machines")

    p = commands.add_parser(
        "export",
        help="write state files from the live systems, to adopt what already runs",
        description="Read the live systems and write state files that describe them, so an existing system can "
        "be adopted: planning against the export gives an empty plan. Secrets are never written: Redis ACL "
        "passwords become ${env:NAME} placeholders listed at the top of the file. Backends without a "
        "configured connection are skipped. Existing files are not overwritten without --force.",
    )
    _state(p, "where targets.yaml is read from for connections (default: ./state; need not exist)")
    _verbose(p)
    p.add_argument("--only", metavar="BACKEND[,BACKEND]", help="export these backends only")
    p.add_argument(
        "--database", action="append", default=[], metavar="NAME", help="PostgreSQL databases to export (repeatable)"
    )
    p.add_argument(
        "--prefix",
        action="append",
        default=[],
        metavar="PREFIX",
        help="only names under this prefix: Redis keys (required for Redis), buckets, indices, topics, "
        "PostgreSQL schemas (repeatable)",
    )
    p.add_argument(
        "--out", type=Path, default=Path("exported"), metavar="DIR", help="where to write (default: ./exported)"
    )
    p.add_argument(
        "--schema-dir", type=Path, default=Path("schema"), metavar="DIR", help="the schemas the files point at"
    )
    p.add_argument("--force", action="store_true", help="overwrite existing files in --out")

    add_report_command(commands, _positive)

    p = commands.add_parser(
        "schema",
        help="write JSON Schemas of the state files for editors",
        description="Write one JSON Schema per kind of state file (postgres, seeds, redis, influxdb, "
        "elasticsearch, kafka), generated from the models `validate` uses. With --annotate, also make the "
        "first line of every state file a `# yaml-language-server: $schema=...` comment pointing at its schema, "
        "so editors with the YAML language server complete and check it.",
    )
    p.add_argument("--out", type=Path, default=Path("schema"), metavar="DIR", help="where to write (default: ./schema)")
    _state(p)
    p.add_argument("--annotate", action="store_true", help="add or update the $schema comment in every state file")
    return parser


def _positive(text: str) -> int:
    """A whole number, 1 or more (argparse type)."""
    value = _count(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not 1 or more")
    return value


def _max_lock(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "--max-lock",
        type=lock_limit.parse,
        metavar="LEVEL[@ROWS]",
        help="PostgreSQL: the strongest table lock a statement may take on a table estimated (pg_class.reltuples) "
        "above ROWS rows (k, M, G allowed; default 0: any table with rows), e.g. 'SHARE UPDATE EXCLUSIVE@100k' "
        "allows CREATE INDEX CONCURRENTLY and VALIDATE CONSTRAINT there but no ACCESS EXCLUSIVE ALTER TABLE. "
        f"A never-analyzed table counts as above the threshold; a table the plan creates as empty. {what}",
    )


def _count(text: str) -> int:
    """A whole number, 0 or more (argparse type)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is negative; give 0 or more")
    return value
