"""What keeps apply safe: one transaction, refusals, locks, saved plans, targets."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from reconciler.postgres.executor import ADVISORY_LOCK_NAMESPACE
from tests.conftest import Cli, StateDir, sql
from tests.postgres.states import ITEMS


def applied(cli: Cli, state: StateDir, body: str = ITEMS) -> None:
    state.write(body)
    assert cli("apply", "--state", state.root, "--auto-approve") == 0, cli.out + cli.err


def public_tables(url: str, db: str) -> list[str]:
    rows = sql(url, db, "SELECT relname FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace")
    return sorted(str(r[0]) for r in rows)


def test_a_failing_statement_leaves_the_database_exactly_as_before(cli: Cli, state: StateDir, pg_url: str) -> None:
    applied(cli, state)
    sql(pg_url, state.dbname, "INSERT INTO items (name) VALUES (NULL)")
    state.write(  # online: false keeps SET NOT NULL in the transaction (online, it is validated after it)
        "online: false\n"
        + ITEMS.replace("name: varchar(50)", "name: {type: varchar(50), nullable: false}")
        + "      audit:\n        columns:\n          id: int\n"
    )
    assert cli("apply", "--state", state.root, "--auto-approve") == 1
    assert "table.items.column.name: PostgreSQL refused" in cli.err
    assert "SET NOT NULL" in cli.err and "rolled back" in cli.err
    assert public_tables(pg_url, state.dbname) == ["items"]  # the CREATE TABLE audit that ran first is gone


def test_destructive_changes_are_refused_without_the_flag(cli: Cli, state: StateDir, pg_url: str) -> None:
    applied(cli, state, ITEMS + "      old:\n        columns:\n          id: int\n")
    state.write(ITEMS.replace("          name: varchar(50)\n", ""))
    assert cli("plan", "--state", state.root) == 0
    assert "- table.old (destructive: needs --allow-destructive)" in cli.out
    assert "- table.items.column.name (destructive" in cli.out
    assert cli("apply", "--state", state.root, "--auto-approve") == 1
    assert "--allow-destructive" in cli.err and "postgres." in cli.err
    assert public_tables(pg_url, state.dbname) == ["items", "old"]
    assert cli("apply", "--state", state.root, "--auto-approve", "--allow-destructive") == 0
    assert public_tables(pg_url, state.dbname) == ["items"]


def test_lossy_type_change_is_destructive(cli: Cli, state: StateDir) -> None:
    applied(cli, state)
    state.write(ITEMS.replace("varchar(50)", "varchar(10)"))
    assert cli("apply", "--state", state.root, "--auto-approve") == 1
    assert "drops or overwrites data" in cli.err


def test_removing_an_enum_label_needs_allow_destructive_and_keeps_other_rows(
    cli: Cli, state: StateDir, pg_url: str
) -> None:
    body = "schemas:\n  public:\n    enums:\n      mood: [{labels}]\n" + (
        "    tables:\n      days:\n        columns:\n          m: {{type: mood, default: \"'happy'\"}}\n"
    )
    applied(cli, state, body.format(labels="happy, sad"))
    sql(pg_url, state.dbname, "INSERT INTO days VALUES ('happy'), (DEFAULT)")
    state.write(body.format(labels="happy"))
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 2
    assert "labels 'sad' of public.mood are removed" in cli.out
    assert cli("apply", "--state", state.root, "--auto-approve") == 1
    assert "--allow-destructive" in cli.err
    assert cli("apply", "--state", state.root, "--auto-approve", "--allow-destructive") == 0
    assert sql(pg_url, state.dbname, "SELECT m::text, pg_typeof(m)::text FROM days") == [("happy", "mood")] * 2
    assert cli("plan", "--state", state.root, "--detailed-exitcode") == 0


def test_a_row_holding_a_removed_enum_label_fails_the_apply_and_changes_nothing(
    cli: Cli, state: StateDir, pg_url: str
) -> None:
    body = "schemas:\n  public:\n    enums:\n      mood: [{labels}]\n" + (
        "    tables:\n      days:\n        columns:\n          m: mood\n"
    )
    applied(cli, state, body.format(labels="happy, sad"))
    sql(pg_url, state.dbname, "INSERT INTO days VALUES ('sad')")
    state.write(body.format(labels="happy"))
    assert cli("apply", "--state", state.root, "--auto-approve", "--allow-destructive") == 1
    assert "invalid input value for enum" in cli.err
    assert sql(pg_url, state.dbname, "SELECT m::text FROM days") == [("sad",)]


def test_apply_refuses_without_a_terminal_or_auto_approve(cli: Cli, state: StateDir, pg_url: str) -> None:
    state.write(ITEMS)
    assert cli("apply", "--state", state.root) == 1
    assert "stdin is not a terminal" in cli.err
    assert sql(pg_url, "postgres", f"SELECT count(*) FROM pg_database WHERE datname = '{state.dbname}'") == [(0,)]


def test_concurrent_apply_waits_then_fails_clearly(cli: Cli, state: StateDir, pg_url: str) -> None:
    applied(cli, state)
    state.write(ITEMS + "      more:\n        columns:\n          id: int\n")
    with psycopg.connect(pg_url + state.dbname, autocommit=True) as holder:
        holder.execute("SELECT pg_advisory_lock(hashtext(%s))", (ADVISORY_LOCK_NAMESPACE + state.dbname,))
        assert cli("apply", "--state", state.root, "--auto-approve", "--lock-wait", "0.5") == 1
    assert "another reconcile apply is running" in cli.err
    assert public_tables(pg_url, state.dbname) == ["items"]


def test_lock_timeout_stops_a_blocked_alter(cli: Cli, state: StateDir, pg_url: str) -> None:
    applied(cli, state)
    state.write(ITEMS.replace("name: varchar(50)", "name: varchar(50)\n          extra: int"))
    with psycopg.connect(pg_url + state.dbname) as reader:
        reader.execute("SELECT * FROM items")  # holds ACCESS SHARE until the transaction ends
        assert cli("apply", "--state", state.root, "--auto-approve", "--lock-timeout", "200ms") == 1
        reader.rollback()
    assert "lock timeout" in cli.err
    assert cli("apply", "--state", state.root, "--auto-approve") == 0


def test_saved_plan_applies_later_and_refuses_when_stale(
    cli: Cli, state: StateDir, pg_url: str, tmp_path: Path
) -> None:
    applied(cli, state)
    state.write(ITEMS.replace("varchar(50)", "varchar(80)"))
    plan_file = tmp_path / "change.plan.json"
    assert cli("plan", "--state", state.root, "--out", plan_file) == 0
    saved = json.loads(plan_file.read_text())
    assert saved["format_version"] == 1 and saved["summary"]["change"] == 1

    sql(pg_url, state.dbname, "ALTER TABLE items ALTER COLUMN name TYPE varchar(60)")  # someone else changed it
    assert cli("apply", plan_file, "--state", state.root, "--auto-approve") == 1
    assert "stale" in cli.err and "table.items.column.name" in cli.err
    assert sql(
        pg_url,
        state.dbname,
        "SELECT format_type(atttypid, atttypmod) FROM pg_attribute "
        "WHERE attrelid = 'items'::regclass AND attname = 'name'",
    ) == [("character varying(60)",)]

    assert cli("plan", "--state", state.root, "--out", plan_file) == 0
    assert cli("apply", plan_file, "--state", state.root, "--auto-approve") == 0, cli.err
    assert "Converged" in cli.out


def test_saved_plan_for_a_missing_database_is_stale_once_it_exists(
    cli: Cli, state: StateDir, pg_url: str, tmp_path: Path
) -> None:
    state.write(ITEMS)
    plan_file = tmp_path / "create.plan.json"
    assert cli("plan", "--state", state.root, "--out", plan_file) == 0
    sql(pg_url, "postgres", f'CREATE DATABASE "{state.dbname}"')
    assert cli("apply", plan_file, "--state", state.root, "--auto-approve") == 1
    assert f"postgres.{state.dbname}.database" in cli.err


def test_target_limits_plan_and_apply(cli: Cli, state: StateDir, pg_url: str) -> None:
    state.write(ITEMS + "      other:\n        columns:\n          id: int\n")
    target = f"postgres.{state.dbname}.table.other"
    assert cli("plan", "--state", state.root, "--target", target) == 0
    assert "+ table.other" in cli.out and "table.items" not in cli.out
    assert (
        cli(
            "apply",
            "--state",
            state.root,
            "--target",
            f"postgres.{state.dbname}.database",
            "--target",
            target,
            "--auto-approve",
        )
        == 0
    )
    assert public_tables(pg_url, state.dbname) == ["other"]


def test_objects_outside_declared_schemas_and_extension_objects_are_ignored(
    cli: Cli, state: StateDir, pg_url: str
) -> None:
    applied(cli, state, "extensions: [pgcrypto]\n" + ITEMS)
    sql(
        pg_url,
        state.dbname,
        "CREATE SCHEMA tenant_1; CREATE TABLE tenant_1.orders (id int); "
        "CREATE FUNCTION tenant_1.f() RETURNS int LANGUAGE sql AS 'SELECT 1'",
    )
    assert cli("drift", "--state", state.root, "--fail-on-diff") == 0, cli.out
    assert sql(
        pg_url, state.dbname, "SELECT count(*) > 10 FROM pg_proc WHERE pronamespace = 'public'::regnamespace"
    ) == [(True,)]


def test_second_apply_after_convergence_runs_no_ddl(cli: Cli, state: StateDir, pg_url: str) -> None:
    """Proved by an event trigger that logs every DDL command run in the database."""
    applied(cli, state, "extensions: [pgcrypto]\n" + ITEMS)
    sql(
        pg_url,
        state.dbname,
        """
        CREATE SCHEMA audit;
        CREATE TABLE audit.ddl_log (tag text);
        CREATE FUNCTION audit.log_ddl() RETURNS event_trigger LANGUAGE plpgsql AS
          $$ BEGIN INSERT INTO audit.ddl_log VALUES (tg_tag); END $$;
        CREATE EVENT TRIGGER log_ddl ON ddl_command_start EXECUTE FUNCTION audit.log_ddl();
        """,
    )
    declared = "event_triggers:\n  log_ddl: {event: ddl_command_start, function: audit.log_ddl()}\n"
    state.write(declared + "extensions: [pgcrypto]\n" + ITEMS)
    try:
        assert cli("apply", "--state", state.root, "--auto-approve") == 0
        assert "No changes" in cli.out
        assert sql(pg_url, state.dbname, "SELECT count(*) FROM audit.ddl_log") == [(0,)]
        state.write(declared + "extensions: [pgcrypto]\n" + ITEMS.replace("varchar(50)", "varchar(60)"))
        assert cli("apply", "--state", state.root, "--auto-approve") == 0
        assert sql(pg_url, state.dbname, "SELECT tag FROM audit.ddl_log") == [("ALTER TABLE",)]
    finally:
        sql(pg_url, state.dbname, "DROP EVENT TRIGGER log_ddl")


@pytest.mark.parametrize("fmt", ["json", "markdown"])
def test_machine_and_review_formats(cli: Cli, state: StateDir, fmt: str) -> None:
    applied(cli, state, ITEMS + "      old:\n        columns:\n          id: int\n")
    state.write(ITEMS.replace("varchar(50)", "varchar(70)"))
    assert cli("plan", "--state", state.root, "--format", fmt, "--detailed-exitcode") == 2
    if fmt == "json":
        data = json.loads(cli.out)
        assert data["kind"] == "plan" and data["format_version"] == 1
        assert data["summary"] == {"add": 0, "change": 1, "destroy": 1, "blocked": 0}
        actions = {c["address"].split(".", 2)[2]: c["action"] for c in data["changes"]}
        assert actions == {"table.old": "delete", "table.items.column.name": "update"}
    else:
        assert cli.out.startswith("### reconcile plan")
        assert "#### Needs attention" in cli.out and "`table.old` **destructive**" in cli.out
        assert "<details><summary>PostgreSQL" in cli.out and "```sql" in cli.out


def _apply_on_a_terminal(state: StateDir, answer: str) -> tuple[int, str]:
    """Run `reconcile apply` with a pseudo-terminal as stdin and type `answer` at the prompt."""
    import os
    import pty
    import subprocess
    import sys

    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "reconciler.cli", "apply", "--state", str(state.root), "--no-sql"],
        stdin=terminal,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ, "NO_COLOR": "1"},
    )
    os.close(terminal)
    os.write(controller, answer.encode() + b"\n")
    output, _ = process.communicate(timeout=60)
    os.close(controller)
    return process.returncode, output.decode()


def test_apply_on_a_terminal_asks_and_only_yes_applies(state: StateDir, pg_url: str) -> None:
    state.write(ITEMS)
    code, output = _apply_on_a_terminal(state, "y")
    assert code == 1 and "Apply cancelled; nothing changed." in output
    assert sql(pg_url, "postgres", f"SELECT count(*) FROM pg_database WHERE datname = '{state.dbname}'") == [(0,)]
    code, output = _apply_on_a_terminal(state, "yes")
    assert code == 0 and "Converged" in output, output


def _edit(plan_file: Path, edit: object) -> None:
    assert callable(edit)
    data = json.loads(plan_file.read_text())
    edit(data)
    plan_file.write_text(json.dumps(data))


def _unflag(data: dict[str, object]) -> None:
    for change in data["changes"]:  # type: ignore[attr-defined]
        change["destructive"] = False
        change["hazards"] = []


def _swap_statement(data: dict[str, object]) -> None:
    change = data["changes"][0]  # type: ignore[index]
    change["statements"][0]["sql"] = "DROP TABLE other.victim"


def _add_change(data: dict[str, object]) -> None:
    changes = data["changes"]
    extra = dict(changes[0])  # type: ignore[index]
    extra["address"] = extra["address"] + "_extra"
    changes.append(extra)  # type: ignore[attr-defined]


EDITS = {
    "destructive-flag-cleared": (_unflag, "destructive, hazards differ"),
    "statement-replaced": (_swap_statement, "statements differ"),
    "change-added": (_add_change, "in the saved plan, not planned now"),
    "change-removed": (lambda data: data["changes"].pop(), "planned now, not in the saved plan"),
    "backends-emptied": (lambda data: data.update(backends=["kafka"]), "planned now"),
}


@pytest.mark.parametrize("case", sorted(EDITS))
def test_an_edited_saved_plan_is_refused_and_nothing_runs(
    cli: Cli, state: StateDir, pg_url: str, tmp_path: Path, case: str
) -> None:
    """The file is never the authority: apply plans again and runs only what both agree on."""
    applied(cli, state, ITEMS + "      old:\n        columns:\n          id: int\n")
    sql(pg_url, state.dbname, "CREATE SCHEMA other; CREATE TABLE other.victim (id int)")
    state.write(ITEMS)  # drops table old: destructive
    plan_file = tmp_path / "drop.plan.json"
    assert cli("plan", "--state", state.root, "--out", plan_file) == 0
    edit, message = EDITS[case]
    _edit(plan_file, edit)
    assert cli("apply", plan_file, "--state", state.root, "--auto-approve") == 1
    assert message in cli.err, cli.err
    assert "nothing was applied" in cli.err
    assert public_tables(pg_url, state.dbname) == ["items", "old"]
    assert sql(pg_url, state.dbname, "SELECT count(*) FROM other.victim") == [(0,)]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xff\xfe{", "not UTF-8 (byte 0)"),
        (b"[" * 100_000, "nested too deeply"),
        (b'{"format_version": 1, "changes": [{"address": 1}]}', "not a valid saved plan: changes.0.backend"),
        (b'{"format_version": 2}', "format_version 2"),
        (b"{", "not a saved plan: Expecting property name"),
    ],
)
def test_a_damaged_saved_plan_is_one_message(
    cli: Cli, state: StateDir, pg_url: str, tmp_path: Path, content: bytes, message: str
) -> None:
    state.write(ITEMS)
    plan_file = tmp_path / "bad.plan.json"
    plan_file.write_bytes(content)
    assert cli("apply", plan_file, "--state", state.root, "--auto-approve") == 1
    assert message in cli.err and "Traceback" not in cli.err, cli.err


def test_an_apply_that_waited_for_another_refuses_its_outdated_plan(
    cli: Cli, state: StateDir, pg_url: str, tmp_path: Path
) -> None:
    """The second of two applies re-reads the schema under the lock instead of failing on `already exists`."""
    applied(cli, state)
    state.write(ITEMS + "      extra:\n        columns:\n          id: int\n")
    plan_file = tmp_path / "extra.plan.json"
    assert cli("plan", "--state", state.root, "--out", plan_file) == 0
    with psycopg.connect(pg_url + state.dbname) as holder:
        # The first apply: holds the advisory lock while it creates the table, and commits after the plan was made.
        holder.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (ADVISORY_LOCK_NAMESPACE + state.dbname,))
        holder.execute("CREATE TABLE extra (id int)")
        import threading

        release = threading.Timer(1.0, holder.commit)
        release.start()
        from reconciler.backend import ApplyOptions
        from reconciler.errors import ApplyError
        from reconciler.plan import Plan
        from reconciler.runner import Selection, apply_plan

        # The saved plan is still what planning gives before the first apply commits: it passes the file check
        # and then waits for the lock, as a concurrent `reconcile apply` does.
        with pytest.raises(ApplyError, match="changed after this plan was made"):
            apply_plan(Plan.load(plan_file), Selection(state.root), ApplyOptions(lock_wait_seconds=20))
        release.join()
    assert public_tables(pg_url, state.dbname) == ["extra", "items"]
    assert sql(
        pg_url, state.dbname, "SELECT count(*) FROM pg_attribute WHERE attrelid = 'extra'::regclass AND attnum > 0"
    ) == [(1,)]


def test_a_pipeline_failing_as_it_closes_prints_nothing_of_psycopgs(pg_url: str, dbname: str) -> None:
    """A batch whose first statement fails while psycopg is still sending the rest raises that failure, and
    psycopg's own warning about the aborted pipeline (which names host, port, user and database) reaches no
    stream: the failure is what apply reports. In a process of its own: pytest captures log records itself."""
    sql(pg_url, "postgres", f'CREATE DATABASE "{dbname}"')
    script = (
        "import sys, psycopg\n"
        "from reconciler.postgres.connection import connect, run_statements\n"
        "with connect(sys.argv[1], sys.argv[2]) as conn:\n"
        "    try:\n"
        "        run_statements(conn, ['SELECT 1/0'] + ['SELECT 1'] * 5000)\n"  # results are read while sending
        "    except psycopg.errors.DivisionByZero:\n"
        "        print('refused')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, pg_url, dbname], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout == "refused\n"
    assert done.stderr == ""
