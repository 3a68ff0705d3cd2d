"""The `reconcile` command line.

Exit codes follow Terraform's detailed exit codes: 0 nothing to do (or
success), 2 changes present (with --detailed-exitcode / --fail-on-diff),
1 error, usage errors included (argparse's own 2 would read as "changes
present" in CI). Every error is one readable message, never a traceback.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import json
import logging
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from functools import cache
from pathlib import Path
from typing import NoReturn

from rich.console import Console
from rich.text import Text

from reconciler import history
from reconciler.backend import ApplyOptions
from reconciler.cli_arguments import EXIT_CHANGES, EXIT_ERROR, EXIT_OK, build_parser
from reconciler.errors import ApplyError, ReconcileError, StateError
from reconciler.history import Recorder
from reconciler.plan import Plan
from reconciler.postgres import lock_limit
from reconciler.postgres.backend import load_databases
from reconciler.postgres.backend import state_files as postgres_state_files
from reconciler.postgres.interpreter_settings import keep_plans_alive
from reconciler.render.escape import printable, printable_lines
from reconciler.render.markdown import render_markdown
from reconciler.render.text import render_text, summary_line
from reconciler.render.write_errors import cannot_write, check_file_target, check_folder_target
from reconciler.runner import Carry, Selection, apply_plan, make_plan, parse_only, validate, verified_plan
from reconciler.shard import Shard
from reconciler.state.revision import describe_revision, state_at_revision
from reconciler.status import describe, statuses


@contextmanager
def _library_logs(verbose: bool) -> Iterator[None]:
    """With --verbose, the client libraries' log lines (silent by default) go to stderr for this command."""
    if not verbose:
        yield
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(name)s: %(message)s"))
    logger = logging.getLogger("reconciler")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


def _console(args: argparse.Namespace, stderr: bool = False) -> Console:
    no_color = bool(getattr(args, "no_color", False) or os.environ.get("NO_COLOR"))
    # emoji=False: Redis keys such as `app:a:` must print as written, not as emoji codes.
    return Console(stderr=stderr, no_color=no_color, highlight=False, soft_wrap=True, emoji=False)


def _print_plan(plan: Plan, args: argparse.Namespace, console: Console, *, drift: bool = False) -> None:
    fmt = getattr(args, "format", "text")
    if fmt == "json":
        data = plan.to_dict()
        data["kind"] = "drift" if drift else "plan"
        sys.stdout.write(json.dumps(data, indent=2) + "\n")
    elif fmt == "markdown":
        sys.stdout.write(render_markdown(plan, drift=drift))
    else:
        render_text(plan, console, show_sql=not args.no_sql, drift=drift)


def _selection(args: argparse.Namespace) -> Selection:
    return Selection(
        state_dir=args.state, only=parse_only(args.only), targets=list(args.target), shard=getattr(args, "shard", None)
    )


def cmd_validate(args: argparse.Namespace, console: Console) -> int:
    checked = validate(_selection(args))
    console.print(f"State is valid ({', '.join(checked) or 'no backends declared'}).")
    return EXIT_OK


def cmd_plan(args: argparse.Namespace, console: Console) -> int:
    if args.out:
        check_file_target("plan", args.out)
    plan = make_plan(_selection(args))
    plan.state_dir = str(args.state.resolve())  # so `apply FILE` finds the state from any folder
    _print_plan(plan, args, console)
    if args.out:
        try:
            plan.save(args.out)
        except OSError as exc:
            raise cannot_write("plan", args.out, exc) from None
        out = printable(str(args.out))
        _console(args, stderr=True).print(Text(f"Saved the plan to {out}; apply it with `reconcile apply {out}`."))
    if args.max_lock is not None:
        lock_limit.refuse(plan, args.max_lock)
    return EXIT_CHANGES if args.detailed_exitcode and plan.has_changes else EXIT_OK


def cmd_drift(args: argparse.Namespace, console: Console) -> int:
    plan = make_plan(_selection(args))
    _print_plan(plan, args, console, drift=True)
    return EXIT_CHANGES if args.fail_on_diff and plan.has_changes else EXIT_OK


def _confirm(args: argparse.Namespace, console: Console) -> bool:
    if args.auto_approve:
        return True
    if not sys.stdin.isatty():
        raise ReconcileError("refusing to apply: stdin is not a terminal, so nobody can confirm; pass --auto-approve")
    answer = console.input("\nApply these changes? Only 'yes' is accepted: ")
    return answer.strip() == "yes"


def _progress(console: Console) -> Callable[[str, int], AbstractContextManager[object]]:
    """Per-backend progress: a spinner on a terminal, plain lines when piped (CI logs stay line-oriented)."""

    @contextmanager
    def step(backend: str, count: int) -> Iterator[None]:
        name = printable(backend)
        if console.is_terminal:
            with console.status(Text(f"Applying {count} change(s) to {name}…")):
                yield
        else:
            console.print(Text(f"{name}: applying {count} change(s)…"))
            yield
        console.print(Text(f"{name}: {count} change(s) applied"))

    return step


def _apply_state_dir(args: argparse.Namespace, saved: Plan | None, console: Console) -> Path:
    """Where apply plans from: --state when given, else the folder a saved plan records, else ./state.

    A saved plan is untrusted input, so the folder it names is printed before anything is planned from it.
    """
    if args.state is not None:
        return Path(args.state)
    default = Path("state")
    if saved is None:
        return default
    if saved.state_dir is None:
        if not default.is_dir():
            raise ReconcileError(
                f"state directory {default} does not exist: `apply FILE` plans again from the state files, and "
                f"{printable(str(args.plan_file))} does not record where they are; run it from the repository or "
                "pass --state DIR"
            )
        return default
    where = printable(saved.state_dir)
    if not Path(saved.state_dir).is_dir():
        raise ReconcileError(
            f"{printable(str(args.plan_file))}: state_dir: the plan was made from the state directory {where}, "
            "which does not exist here; pass --state DIR"
        )
    console.print(
        Text(f"Planning again from the state directory the saved plan records: {where} (--state DIR uses another).")
    )
    return Path(saved.state_dir)


def cmd_apply(args: argparse.Namespace, console: Console) -> int:
    # With --format json, stdout carries one JSON document only: people read the plan and progress on stderr.
    if args.format == "json":
        console = _console(args, stderr=True)
    saved = Plan.load(args.plan_file) if args.plan_file else None
    state_dir = _apply_state_dir(args, saved, console)
    with contextlib.closing(Carry()) as carry:  # closed when apply ends: it may hold connections
        selection = Selection(
            state_dir=state_dir, only=parse_only(args.only), targets=list(args.target), shard=args.shard, carry=carry
        )
        return _apply(args, console, saved, selection)


def _apply(args: argparse.Namespace, console: Console, saved: Plan | None, selection: Selection) -> int:
    """Plan (or verify the saved plan), confirm, apply, then plan again to show the live systems converged."""
    options = ApplyOptions(
        allow_destructive=args.allow_destructive,
        allow_reindex=args.allow_reindex,
        allow_close=args.allow_close,
        lock_timeout=args.lock_timeout,
        statement_timeout=args.statement_timeout,
        lock_wait_seconds=args.lock_wait,
        lock_retries=args.lock_retries,
        parallel=args.parallel,
        notify=lambda message: _console(args, stderr=True).print(
            Text.assemble(("note:", "yellow"), " ", printable(message))
        ),
    )
    plan = make_plan(selection) if saved is None else verified_plan(saved, selection)
    render_text(plan, console, show_sql=not args.no_sql)
    if not plan.has_changes:
        return _apply_finished(args, plan, [], None, [], EXIT_OK)
    if args.max_lock is not None:
        lock_limit.refuse(plan, args.max_lock)
    if not _confirm(args, console):
        console.print("Apply cancelled; nothing changed.")
        return EXIT_ERROR
    recorder = Recorder(
        history.origin(getattr(args, "state_origin", None) or selection.state_dir, args.state_rev),
        history.plan_digest(plan),
        selection.state_dir,
        selection.carry,
    )
    try:
        report = apply_plan(plan, selection, options, step=_progress(console), recorder=recorder)
    except ApplyError as exc:
        if args.format != "json":
            raise
        _console(args, stderr=True).print(error_text(exc))
        return _apply_finished(args, plan, exc.applied, exc, [], EXIT_ERROR)
    finally:
        for note in recorder.notes:
            _console(args, stderr=True).print(Text.assemble(("note:", "yellow"), " ", printable(note)))
    console.print(f"\nApplied {len(report.applied)} change(s).")
    after = make_plan(
        Selection(
            selection.state_dir,
            only=plan.backends,
            targets=selection.targets,
            record_normalized=True,
            shard=Shard.parse(plan.shard) if plan.shard else None,
            carry=selection.carry,
        )
    )
    if after.has_changes:
        console.print(f"[bold red]Not converged:[/] {summary_line(after)} Run `reconcile plan` to see them.")
        return _apply_finished(args, plan, report.applied, None, [c.address for c in after.changes], EXIT_ERROR)
    console.print("[bold green]Converged:[/] the live systems match the state files.")
    return _apply_finished(args, plan, report.applied, None, [], EXIT_OK)


def _apply_finished(
    args: argparse.Namespace, plan: Plan, applied: list[str], error: ApplyError | None, remaining: list[str], code: int
) -> int:
    """With --format json, the apply's one JSON document (for `reconcile report merge`); the exit code either way."""
    if args.format == "json":
        # Imported here: only apply's JSON report needs the report models (building them is 5-8 ms of each start).
        from reconciler.shard_report import apply_document

        failures = error.failures if error is not None else []
        document = apply_document(plan, applied, failures, str(error) if error else None, remaining, code)
        sys.stdout.write(json.dumps(document, indent=2) + "\n")
    return code


def cmd_status(args: argparse.Namespace, console: Console) -> int:
    plan = make_plan(_selection(args))
    origin_dir = getattr(args, "state_origin", None) or args.state
    found, notes = statuses(plan, args.state, history.state_revision(origin_dir, args.state_rev))
    if args.format == "json":
        sys.stdout.write(json.dumps({"backends": [s.to_json() for s in found], "notes": notes}, indent=2) + "\n")
    elif args.format == "markdown":
        lines = ["| backend | in sync | last apply | changed since by someone else |", "|---|---|---|---|"]
        for status in found:
            changed = ", ".join(f"`{printable(a)}`" for a in status.changed_since) or "none"
            sync = "yes" if status.in_sync else f"no ({len(status.changes)} change(s))"
            lines.append(f"| {status.backend} | {sync} | {printable(describe(status.last_apply))} | {changed} |")
        sys.stdout.write("\n".join(lines + [f"> {printable(n)}" for n in notes]) + "\n")
    else:
        for status in found:
            sync = "in sync" if status.in_sync else f"{len(status.changes)} change(s) to converge"
            console.print(Text(f"{status.backend}: {sync}"))
            console.print(Text(f"  last apply: {printable(describe(status.last_apply))}"))
            if status.state_moved:
                console.print(Text("  the state has changed since that apply"))
            for address in status.changed_since:
                console.print(Text(f"  changed since by someone else: {printable(address)}"))
        for note in notes:
            console.print(Text.assemble(("note:", "yellow"), " ", printable(note)))
    in_sync = all(s.in_sync for s in found)
    return EXIT_CHANGES if args.fail_on_diff and not in_sync else EXIT_OK


def cmd_history(args: argparse.Namespace, console: Console) -> int:
    only = parse_only(args.only)
    loaded = load_databases(args.state) if postgres_state_files(args.state) else []
    databases = [d.spec.database for d in loaded if d.spec.database_match is None]  # templates: no one database
    records, notes = history.read_history(args.state, databases, max(args.limit, 1) * 10)
    records = [
        r
        for r in records
        if (not only or r.backend in only)
        and (not args.target or any(_under(c["address"], args.target) for c in r.changes))
    ][: args.limit]
    if args.format == "json":
        sys.stdout.write(json.dumps({"records": [r.to_json() for r in records], "notes": notes}, indent=2) + "\n")
        return EXIT_OK
    if not records:
        console.print("No applies recorded.")
    for record in records:
        console.print(Text(f"{record.backend} {printable(record.scope)}: {printable(describe(record))}"))
        for change in record.changes:
            if not args.target or _under(change["address"], args.target):
                console.print(Text(f"  {change['outcome']}: {change['action']} {printable(change['address'])}"))
    for note in notes:
        console.print(Text.assemble(("note:", "yellow"), " ", printable(note)))
    return EXIT_OK


def _under(address: str, targets: list[str]) -> bool:
    return any(address == t or address.startswith(t + ".") for t in targets)


def cmd_export(args: argparse.Namespace, console: Console) -> int:
    # Every backend's exporter and the export writer: only `export` pays for loading them.
    from reconciler.export_files import ExportOptions, write_export
    from reconciler.export_runner import export_all

    check_folder_target("the export", args.out)
    options = ExportOptions(state_dir=args.state, prefixes=list(args.prefix), databases=list(args.database))
    result = export_all(options, parse_only(args.only))
    for note in result.notes:
        console.print(Text.assemble(("note:", "yellow"), " ", printable(note)))
    for path in write_export(result.files, args.out, args.schema_dir, args.force):
        console.print(Text(f"wrote {printable(str(path))}"))
    secrets = sorted({printable(name) for f in result.files for name in f.secrets})
    if secrets:
        console.print(Text(f"Secrets were not exported; set {', '.join(secrets)} before planning against the export."))
    out = printable(str(args.out))
    console.print(Text(f"Check the round trip: reconcile plan --state {out} (it should find no changes)."))
    return EXIT_OK


def cmd_schema(args: argparse.Namespace, console: Console) -> int:
    from reconciler.schema import annotate, state_files, write_schemas  # JSON Schema generation: only here

    for path in write_schemas(args.out):
        console.print(Text(f"wrote {printable(str(path))}"))
    if args.annotate:
        if not args.state.is_dir():
            raise ReconcileError(f"state directory {args.state} does not exist (use --state DIR)")
        changed = [path for path, kind in state_files(args.state) if annotate(path, args.out, kind)]
        console.print(
            f"{len(changed)} state file(s) now point at their schema" if changed else "state files are up to date"
        )
    return EXIT_OK


def _cmd_report(args: argparse.Namespace, console: Console) -> int:
    from reconciler.report_cli import cmd_report

    return cmd_report(args, console, _console(args, stderr=True))


COMMANDS = {
    "report": _cmd_report,
    "validate": cmd_validate,
    "plan": cmd_plan,
    "drift": cmd_drift,
    "apply": cmd_apply,
    "status": cmd_status,
    "history": cmd_history,
    "export": cmd_export,
    "schema": cmd_schema,
}


def error_text(exc: ReconcileError) -> Text:
    """The error as printed: names inside it (from state files, saved plans, live systems) made printable.

    A StateError is printed issue by issue, each on one line whatever its message holds. Other errors keep
    the line breaks their message was built with (lists of addresses); each line is made printable.
    """
    if isinstance(exc, StateError):
        lines = [printable_lines(str(exc))[0], *(f"  {printable(str(issue))}" for issue in exc.issues)]
    else:
        lines = printable_lines(str(exc))
    return Text.assemble(("error:", "bold red"), " ", "\n".join(lines))


def _at_revision(args: argparse.Namespace, console: Console) -> int:
    """Run the command on the state directory as it was at --state-rev (connections still come from now)."""
    base = args.state if args.state is not None else Path("state")  # apply's --state defaults to None
    with state_at_revision(base, args.state_rev) as old_state:
        described = describe_revision(base, args.state_rev)
        _console(args, stderr=True).print(f"State as of {printable(described)}", markup=False)
        args.state_origin, args.state = base, old_state
        return COMMANDS[args.command](args, console)


# Set to re-raise an unexpected exception with its traceback (the test suite sets it).
DEBUG_VARIABLE = "RECONCILE_DEBUG"


def internal_error(exc: Exception, command: str) -> Text:
    """An unexpected exception is a bug in reconcile. Its text may hold anything (a live value, a connection
    string), so only its type is printed; RECONCILE_DEBUG=1 shows the whole of it."""
    return Text.assemble(
        ("error:", "bold red"),
        f" internal error ({type(exc).__name__}) in `reconcile {command}`: this is a bug in reconcile. "
        f"Run `reconcile plan` to see the live state, run the command again with {DEBUG_VARIABLE}=1 to see "
        "where it happened, and report it.",
    )


@cache
def _parser() -> argparse.ArgumentParser:
    """The argument parser, built once per process: building it is most of an in-process call's fixed cost."""
    return build_parser()


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    console = _console(args)
    try:
        with _library_logs(getattr(args, "verbose", False)):
            if getattr(args, "state_rev", None):
                return _at_revision(args, console)
            return COMMANDS[args.command](args, console)
    except ReconcileError as exc:
        _console(args, stderr=True).print(error_text(exc))
        return EXIT_ERROR
    except KeyboardInterrupt:
        return EXIT_ERROR
    except Exception as exc:
        if os.environ.get(DEBUG_VARIABLE):
            raise
        _console(args, stderr=True).print(internal_error(exc, args.command))
        return EXIT_ERROR


def run() -> NoReturn:
    """The `reconcile` command: `main`, then an exit that leaves the interpreter's teardown to the OS.

    A plan ends with hundreds of thousands of objects alive (models, catalog rows, five client libraries'
    modules), and the interpreter freed them one by one as it shut down: 0.2-0.3 s of a 1.3 s `reconcile drift`
    process on the AI4I state, doing nothing the OS does not do at once when the process ends. Every
    connection and file is closed by then (each is opened in a `with` block); output is flushed and exit
    handlers (logging's among them) run before the process ends. For the same reason plans keep their models
    alive rather than free them as they return (interpreter_settings.keep_plans_alive).
    """
    keep_plans_alive()
    try:
        code = main()
    except SystemExit as exc:  # argparse: --help, --version, a usage error
        if not isinstance(exc.code, int | None):
            raise
        code = exc.code or 0
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a reader that went away (`reconcile plan | head`)
            stream.flush()
    atexit._run_exitfuncs()
    os._exit(code)


if __name__ == "__main__":  # pragma: no cover
    run()
